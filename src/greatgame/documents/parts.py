"""Split a document's text into body, title, notes, comments and furniture.

Works on lines, keeping character offsets into the original text throughout:

* ``title``: a short first line standing alone.
* ``comments``: everything after a comments heading ("4 Comments"), as
  author/text pairs.
* ``notes``: numbered notes (``[n] ...`` at the start of a line) that PDF
  extracts interleave with the body, each parsed into a ``Citation`` and
  linked to the marker ``[n]`` that cites it; markers are cut out of the body.
* ``furniture``: boilerplate lines (see ``data/boilerplate.yaml``), lines
  repeated at page edges (running heads), and unnumbered notes/bylines that
  stand between a page's text and its numbered notes.
* ``body``: the rest, joined so it reads continuously: a paragraph cut by a
  page break or a note block is joined to its continuation with one space,
  and so are the lines of a paragraph wrapped at the page's width (PDF text,
  hard-wrapped plain text; ``wrapped``), so that sentences are split after
  they are whole. A word hyphenated at a line's end is joined without its
  hyphen ("govern-" + "ment"), unless the document writes it with the hyphen
  elsewhere, its first half is capitalised ("China-" + "led") or its second
  half is a word compounds end with (``data/wrapping.yaml``): then the hyphen
  stays. Headings, bylines and list items are not joined: a line is
  joined to the next only when it does not end a sentence and either fills
  the width the text is wrapped at (``FULL_LINE`` of it; ``text_width``),
  ends on a comma or a word no sentence ends with ("the", "that"), or the
  next line begins in lower case; and the next line is not a list item.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..ontology.cache import load_yaml
from .citations import parse_citation
from .model import Citation, Comment, Layout, Part, Segment

NOTE_LINE = re.compile(r"^\s*\[(\d{1,3})\]\s*")
MARKER = re.compile(r"\[(\d{1,3})\]")
TERMINAL = tuple('.!?:;"”’)\'…')
CONTINUATION_MIN_CHARS = 200   # a paragraph this long without final punctuation was cut
FULL_LINE = 0.6                # a line at least this share of the text's width was wrapped, not ended
MAX_WRAP_WIDTH = 160           # text wrapped wider than this is not taken for wrapped (a page holds less)
LIST_ITEM = re.compile(r"^(?:[-*•·▪◦‣–—]\s|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlc]{1,5})[.)]\s)")
HYPHENATED = re.compile(r"(\w+)-$")


@dataclass
class Line:
    start: int
    end: int
    text: str
    page: int
    blank_before: int  # blank lines between this line and the previous one


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_yaml(resources.files(__package__).joinpath("data/boilerplate.yaml").read_text("utf-8"))
    furniture = re.compile("^(?:%s)$" % "|".join(f"(?:{p})" for p in data["furniture"]), re.I)
    comments = re.compile("^(?:%s)$" % "|".join(f"(?:{p})" for p in data["comments_heading"]), re.I)
    return furniture, comments


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with offsets (stripped), page numbers and blank-line counts.

    A run of three or more blank lines is taken as a page break, as PDF-to-text
    extracts write them.
    """
    lines: list[Line] = []
    page, blanks, pos = 0, 0, 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            blanks += 1
        else:
            if blanks >= 3 and lines:
                page += 1
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            lines.append(Line(start, start + len(stripped), stripped, page, blanks))
            blanks = 0
        pos += len(raw) + 1
    return lines


def _is_author_line(line: Line, nxt: Line | None) -> bool:
    words = line.text.split()
    return (
        len(line.text) <= 40
        and 1 <= len(words) <= 4
        and not line.text.endswith(TERMINAL)
        and nxt is not None
        and len(nxt.text) > len(line.text)
    )


def _split_comments(lines: list[Line]) -> list[Comment]:
    comments: list[Comment] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if _is_author_line(line, nxt):
            assert nxt is not None
            j = i + 2
            end = nxt.end
            # A comment may run over several lines until the next author line.
            while j < len(lines) and not _is_author_line(lines[j], lines[j + 1] if j + 1 < len(lines) else None):
                end = lines[j].end
                j += 1
            comments.append(Comment(line.text, nxt.start, end, line.start, line.end))
            i = j
        else:
            end = line.end
            comments.append(Comment(None, line.start, end))
            i += 1
    return comments


def _running_heads(lines: list[Line]) -> set[str]:
    """Short lines that open or close two or more pages: running heads and feet."""
    if not lines or lines[-1].page == 0:
        return set()
    edges: Counter[str] = Counter()
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    for page_lines in by_page.values():
        for ln in {page_lines[0].text, page_lines[-1].text}:
            edges[ln] += 1
    return {t for t, n in edges.items() if n >= 2 and len(t) <= 120 and not NOTE_LINE.match(t)}


def split_parts(text: str) -> Layout:
    furniture_re, comments_re = _patterns()
    lines = split_lines(text)
    kinds: list[str] = ["body"] * len(lines)

    # Comments: everything after the first comments heading in the last part.
    comments: list[Comment] = []
    for i, ln in enumerate(lines):
        if i > 0 and comments_re.match(ln.text) and i < len(lines) - 1:
            kinds[i] = "furniture"
            rest = lines[i + 1:]
            comments = _split_comments(rest)
            for k in range(i + 1, len(lines)):
                kinds[k] = "comments"
            break

    heads = _running_heads(lines)
    # Title: a short first line standing alone, without final punctuation (not a running head).
    if lines and kinds[0] == "body" and lines[0].text not in heads:
        first = lines[0]
        second = lines[1] if len(lines) > 1 else None
        if (len(first.text) <= 200 and not first.text.endswith((".", "!", "?"))
                and (second is None or second.blank_before >= 1)):
            kinds[0] = "title"

    # Numbered notes, and what continues them up to the next paragraph of body.
    in_note = False
    for i, ln in enumerate(lines):
        if kinds[i] not in ("body",):
            in_note = False
            continue
        if furniture_re.match(ln.text) or ln.text in heads:
            kinds[i] = "furniture"
            continue
        if NOTE_LINE.match(ln.text):
            kinds[i] = "notes"
            in_note = True
            continue
        if in_note and ln.page == lines[i - 1].page and ln.blank_before == 0:
            kinds[i] = "notes"   # a note wrapped over several lines
            continue
        in_note = False

    # Unnumbered notes and bylines: short unterminated lines just above a page's notes.
    for i, ln in enumerate(lines):
        if kinds[i] == "notes" and (i == 0 or kinds[i - 1] != "notes"):
            j = i - 1
            while j >= 0 and kinds[j] == "body" and lines[j].page == ln.page \
                    and len(lines[j].text) <= 160 and not lines[j].text.endswith(TERMINAL):
                kinds[j] = "furniture"
                j -= 1

    citations = [_citation(text, ln) for ln, k in zip(lines, kinds) if k == "notes" and NOTE_LINE.match(ln.text)]
    # Merge wrapped continuation lines into their note.
    for ln, k in zip(lines, kinds):
        if k == "notes" and not NOTE_LINE.match(ln.text):
            owner = next((c for c in reversed(citations) if c.start < ln.start), None)
            if owner is not None:
                owner.end = ln.end
                owner.text = text[owner.start:owner.end]

    body = _body_part(text, [ln for ln, k in zip(lines, kinds) if k == "body"], lines, citations)
    parts = [body]
    for kind in ("title", "notes", "furniture", "comments"):
        segs = [Segment(ln.start, ln.end) for ln, k in zip(lines, kinds) if k == kind]
        if segs:
            parts.append(Part(kind, segs, ["\n"] * (len(segs) - 1)))
    return Layout(parts=parts, citations=citations, comments=comments)


def text_width(lines: list[Line]) -> int:
    """The width the text's lines are wrapped at, 0 when they are not: the length of its longer lines (the 90th
    percentile), if at most ``MAX_WRAP_WIDTH`` and at least three lines and a quarter of all come within 25% of it
    (text with a paragraph per line has long lines of every length)."""
    lengths = sorted(len(ln.text) for ln in lines)
    if not lengths:
        return 0
    width = lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]
    near = sum(1 for n in lengths if 0.75 * width <= n <= width)
    return width if width <= MAX_WRAP_WIDTH and near >= max(3, len(lengths) / 4) else 0


def wrapped(prev: Line, nxt: Line, width: int) -> bool:
    """Whether ``nxt`` continues the sentence of ``prev``, the line just before it, cut at the line's end.

    Not after a line that ends a sentence (or a clause: ``:``, ``;``), across a blank line or a page break,
    or before a list item; then when ``prev`` fills the text's width (a heading or a byline is shorter), or
    ``nxt`` begins in lower case, or ``prev`` ends on a comma or a word no sentence ends with
    (``data/wrapping.yaml``: "the", "that").
    """
    if nxt.blank_before or nxt.page != prev.page or prev.text.endswith(TERMINAL) or LIST_ITEM.match(nxt.text):
        return False
    return (nxt.text[:1].islower() or _goes_on(prev.text)
            or (width > 0 and len(prev.text) >= FULL_LINE * width))


def keeps_hyphen(text: str, left: str, right_line: str) -> bool:
    """Whether a word split as ``left-`` / ``right_line`` keeps its hyphen: the document writes ``left-right``
    elsewhere and never ``leftright``, ``left`` is capitalised ("China-led"), or the second half is a word
    compounds end with (``data/wrapping.yaml``: "state-owned")."""
    right = re.match(r"\w+", right_line)
    if right is None:
        return True
    whole, compound = left + right.group(0), f"{left}-{right.group(0)}"
    if re.search(rf"\b{re.escape(whole)}\b", text, re.I):
        return False
    if re.search(rf"\b{re.escape(compound)}\b", text, re.I):
        return True
    return left[:1].isupper() or right.group(0).lower() in _compound_ends()


@lru_cache(maxsize=1)
def _wrapping() -> dict[str, frozenset[str]]:
    data = load_yaml(resources.files(__package__).joinpath("data/wrapping.yaml").read_text("utf-8"))
    return {key: frozenset(w.lower() for w in data[key]) for key in ("never_last", "keep_before")}


def _compound_ends() -> frozenset[str]:
    return _wrapping()["keep_before"]


def _goes_on(line: str) -> bool:
    """Whether a line ends where no sentence or heading ends: on a comma, or a word such as "the" or "that"."""
    if line.endswith(","):
        return True
    last = re.search(r"(\w+)$", line)
    return last is not None and last.group(1).lower() in _wrapping()["never_last"]


def _citation(text: str, ln: Line) -> Citation:
    m = NOTE_LINE.match(ln.text)
    assert m is not None
    cit = Citation(number=int(m.group(1)), start=ln.start, end=ln.end, text=ln.text)
    parse_citation(cit, ln.text[m.end():])
    return cit


def _body_part(text: str, body: list[Line], all_lines: list[Line], citations: list[Citation]) -> Part:
    """Body segments with note markers cut out, and the joiners between them."""
    by_number: dict[int, Citation] = {}
    for c in citations:
        by_number.setdefault(c.number, c)  # type: ignore[arg-type]
    segments: list[Segment] = []
    joiners: list[str] = []
    index = {id(ln): k for k, ln in enumerate(all_lines)}
    width = text_width(body)
    prev: Line | None = None
    for ln in body:
        if prev is not None:
            adjacent = index[id(ln)] == index[id(prev)] + 1
            cut = len(prev.text) >= CONTINUATION_MIN_CHARS and not prev.text.endswith(TERMINAL)
            if adjacent and wrapped(prev, ln, width):
                hyphen = HYPHENATED.search(prev.text)
                if hyphen and ln.text[:1].islower() and segments and segments[-1].end == prev.end:
                    keep = keeps_hyphen(text, hyphen.group(1), ln.text)
                    if not keep:
                        segments[-1] = Segment(segments[-1].start, segments[-1].end - 1)
                    joiners.append("")
                else:
                    joiners.append(" ")
            elif cut or (not adjacent and not prev.text.endswith(TERMINAL) and ln.text[:1].islower()):
                joiners.append(" ")
            else:
                joiners.append("\n\n")
        pos = ln.start
        first = True
        for m in MARKER.finditer(text, ln.start, ln.end):
            num = int(m.group(1))
            if num in by_number or citations:
                cit = by_number.get(num)
                if cit is not None and cit.cited_at is None:
                    cit.cited_at = m.start()
                if m.start() > pos:
                    if not first:
                        joiners.append("")
                    segments.append(Segment(pos, m.start()))
                    first = False
                pos = m.end()
        if ln.end > pos:
            if not first:
                joiners.append("")
            segments.append(Segment(pos, ln.end))
        elif first:
            # the line was nothing but markers: drop the joiner added for it
            if joiners and prev is not None:
                joiners.pop()
            continue
        prev = ln
    return Part("body", segments, joiners)
