"""Where a document's quotes cannot be, and whose words a whole document is.

* Footnotes and reference lists cite rather than speak: ``reference_ranges`` gives the character ranges
  of their lines, which the quote extractor (``extract.quotes``) skips.
* A title that declares the document a statement, remarks, speech or interview of someone ("Foreign
  Minister X's statement and answers ...", "Remarks by X at ...") names the speaker of the body's
  first-person paragraphs: ``declared_speaker``.
"""
from __future__ import annotations

import re
from itertools import repeat

from ..documents.model import Part
from .model import Mention

# Footnotes and reference lists are never quotes: a line that opens with a note's number, that gives a
# URL or an access date, that cites "Source, “Title”", or any line under a "References"/"Notes" heading.
REFERENCE_HEADING = re.compile(r"(?im)^[ \t]*(?:references|notes|endnotes|footnotes|sources|bibliography|"
                               r"works cited|further reading)[ \t]*:?[ \t]*$")
LINE_BREAK = re.compile("\n")
REFERENCE_LINES = (
    re.compile(r"^[ \t]*(?:\[\d{1,3}\]|\^\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)[^\n]*$", re.M),
    re.compile(r"^[ \t]*(?:\(\d{1,3}\)|\d{1,3}[.)]?)[ \t]+[^\n,]{1,80},[^\n]*(?:\b\d{4}\b|[“\"„‘])[^\n]*$", re.M),
    re.compile(r"^[^\n]*(?:https?://|www\.|\b(?:accessed|retrieved)\b[^\n]*\d{4}|\bdoi:)[^\n]*$", re.M | re.I),
    re.compile(r"^[ \t]*[A-Z][\w.'’&-]*(?:[ \t]+(?:[A-Z][\w.'’&-]*|of|and|the|for|de|van|von)){0,5},[ \t]*"
               r"[“\"„‘][^\n]*$", re.M),
)


def reference_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of lines that cite rather than speak (footnotes, reference lists)."""
    # each pattern matches a whole line (from "^" to "$", no line break inside): tried where a line starts, the
    # matches are those of a search through the text, which tries every character
    starts = [0, *(m.end() for m in LINE_BREAK.finditer(text))]
    out = [(m.start(), m.end()) for rx in REFERENCE_LINES for m in map(rx.match, repeat(text), starts) if m]
    head = next((m for m in map(REFERENCE_HEADING.match, repeat(text), starts) if m), None)
    if head is not None:
        out.append((head.start(), len(text)))
    return sorted(out)


# A title that says whose words the document is: "Foreign Minister X's statement and answers to ...",
# "Remarks by X at ...", "Speech of X", "X's address to ...".
STATEMENT_KINDS = r"(?:statement|remarks|speech|address|interview|answers|press statement|opening remarks|op-ed)"
DECLARING_TITLE = (re.compile(rf"^(?P<who>.{{3,120}}?)[’']s?\s+(?:\w+\s+)?{STATEMENT_KINDS}\b", re.I),
                   re.compile(rf"^(?:\w+\s+)?{STATEMENT_KINDS}\s+(?:by|of|from)\s+(?P<who>.{{3,120}})", re.I))


def declared_speaker(text: str, title: Part, mentions: list[Mention]) -> Mention | None:
    """The person or organisation whose statement the document is, by its title; None if it says none."""
    title_text, _ = title.render(text)
    start = title.segments[0].start
    for rx in DECLARING_TITLE:
        m = rx.match(title_text)
        if m is None:
            continue
        a, b = start + m.start("who"), start + m.end("who")
        named = [x for x in mentions if x.part == "title" and x.entity and a <= x.start and x.end <= b
                 and x.label in ("PERSON", "ORG", "IGO") and x.method != "leader"]
        people = [x for x in named if x.label == "PERSON"]
        if len(people) == 1 or (not people and len(named) == 1):
            return (people or named)[0]
    return None
