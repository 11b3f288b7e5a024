"""Block quotes: a speaker's words set off as paragraphs of their own, without quotation marks.

Web pages and official texts set long quotations as paragraphs of their own (a ``<blockquote>``) and lose the
quotation marks, so the extracted text holds the words as plain paragraphs. These layouts say whose they are (one
quote per paragraph, as for a quotation that runs over several):

* **A declared statement** (``declared_paragraphs``): a title that declares the document someone's statement,
  remarks or speech makes its first-person paragraphs that speaker's words.

and, read by ``unmarked_blocks``:

* **"the following"**: "The leaders ... declare the following." / "The minister said the following:" (or any
  attribution that says nothing of its own before a colon: "The ministry said in a statement:") closes its
  paragraph; the next paragraph is the speaker's words. A declaration ("declare", "proclaim") is the rest of the
  text, up to a heading or a paragraph that quotes or attributes on its own; any other verb goes on only over
  paragraphs in the first person.
* **A signature line**: a line that is only a person's name and role ("Jane Doe, Minister of Trade", with no verb
  and no closing punctuation) right after a paragraph signs that paragraph, when the paragraph before it reports
  the same person's speech or the signed one is in the first person.
* **A first-person paragraph after an attribution**: a report is written in the third person, so a paragraph in the
  first person ("we", "our") that nothing quotes or attributes, right after a paragraph that reports a person's
  speech (or a heading that names that person), is that person's words. Only where every such paragraph of the text
  follows an attribution: a writer who speaks in the first person elsewhere (an op-ed, a comment) may here too. A
  paragraph with quotation marks of its own is not unmarked (its quotation's attribution, if any, is elsewhere).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from .doc_text import text_of
from .model import Mention, Quote

QUOTATION_MARKS = re.compile(r"[“”\"«»„]")
# An elision mark that ends a paragraph of a transcript or statement ("... in Astana. <...>", "[...]").
ELISION_END = re.compile(r"\s*(?:<\s*\.\.\.\s*>|\[\s*(?:\.\.\.|…)\s*\]|\(\s*(?:\.\.\.|…)\s*\))$")
QUOTE_STRIP = " “”\"„«»"
FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|I’m|I'm|We’re|We're)\b")
SENTENCE_END = ".!?…:;”\"»"
DECLARING = {"declare", "proclaim"}
# the words of a signature line after the name: a role ("President of Kazakhstan", "Minister of Trade")
ROLE_WORD = re.compile(r"^(?:[A-Z][\w.’'-]*|of|the|and|for|[,–—-])$")

Said = tuple[Mention, Token, Span]      # who spoke, the word that attributes, the sentence


class _Para:
    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text
        self.words = len(text.split())

    @property
    def heading(self) -> bool:
        return self.words <= 12 and self.text.rstrip()[-1:] not in SENTENCE_END

    @property
    def prose(self) -> bool:
        return self.words >= 8 and self.text.rstrip()[-1:] in ".!?…"


def _following(verb: Token) -> bool:
    """Whether a speech verb's object is "the following" ("declare the following", "said the following:")."""
    return any(c.lower_ == "following" and c.dep_ in ("dobj", "attr", "oprd", "npadvmod") for c in verb.children)


def _said_colon(verb: Token, para: _Para) -> bool:
    """Whether a paragraph ends with an attribution and a colon, the verb saying nothing of its own ("The ministry
    said in a statement:"): no verb after it up to the colon."""
    if not para.text.rstrip().endswith(":"):
        return False
    end = para.start + len(para.text.rstrip()) - 1
    return not any(t.pos_ in ("VERB", "AUX") and t.idx < end for t in verb.doc[verb.i + 1:] if t.idx < para.end)


def _names(mentions: list[Mention]) -> dict[str, set[str]]:
    """The words that name each person in the text: the names the linker found and their last words (the NER
    misses a name in a heading or a signature line more often than in a sentence)."""
    out: dict[str, set[str]] = {}
    for m in mentions:
        if m.label == "PERSON" and m.entity and m.method not in ("role", "leader"):
            words = out.setdefault(m.entity, set())
            words.add(m.text)
            words.add(m.text.split()[-1])
    return out


def _named_in(para: _Para, mentions: list[Mention], names: dict[str, set[str]]) -> set[str]:
    """The people a line names (by a mention, or by a word that names them elsewhere in the text)."""
    found = {m.entity for m in mentions if para.start <= m.start < para.end and m.label == "PERSON" and m.entity}
    return found | {e for e, words in names.items() if any(
        re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", para.text) for w in words if len(w) >= 4)}


def _signer(para: _Para, doc: Doc, mentions: list[Mention], names: dict[str, set[str]]) -> str | None:
    """The person a signature line names: a line of a name and a role only (capitalised words and "of", "the",
    "and", "for"; no verb, no closing punctuation) that names one person."""
    if not para.heading:
        return None
    words = para.text.strip(" \t—–-").replace(",", " , ").split()
    if not words or not all(ROLE_WORD.match(w) for w in words):
        return None
    span = doc.char_span(para.start, para.end, alignment_mode="expand")
    if span is None or any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    people = _named_in(para, mentions, names)
    return next(iter(people)) if len(people) == 1 else None


def declared_paragraphs(doc: Doc, speaker: Mention, found: list[Quote], skip: list[tuple[int, int]],
                        quote: Callable[..., Quote]) -> list[Quote]:
    """The first-person paragraphs of a statement, remarks or speech by ``speaker`` (its title says so:
    ``quote_layout.declared_speaker``) that hold no quote already found: each is the speaker's own words."""
    out = []
    for para in re.finditer(r"[^\n]+", text_of(doc)):
        a, b = para.start(), para.end()
        text = ELISION_END.sub("", para.group().strip())
        if len(text.split()) < 8 or not FIRST_PERSON.search(text) or text[-1:] not in ".!?”\"»":
            continue
        if any(r0 <= a < r1 for r0, r1 in skip) or any(a <= q.start < b for q in found):
            continue
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            out.append(quote(speaker, text.strip(QUOTE_STRIP), a, b, span))
    return out


def unmarked_blocks(doc: Doc, said: list[Said], found: list[Quote], mentions: list[Mention],
                    skip: list[tuple[int, int]], quote: Callable[..., Quote]) -> list[Quote]:
    """The quotes of a part's block quotes (see the module's description). ``said``: the part's attributions in
    order; ``found``: the quotes found so far (a paragraph that holds one is no block); ``skip``: ranges that are
    never quoted (footnotes); ``quote(speaker, text, start, end, span)`` makes a quote."""
    full = text_of(doc)
    paras = [_Para(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]+", full) if m.group().strip()]
    if len(paras) < 2:
        return []
    by_para: dict[int, list[Said]] = {}
    for s in said:
        i = next((k for k, p in enumerate(paras) if p.start <= s[2].start_char < p.end), None)
        if i is not None:
            by_para.setdefault(i, []).append(s)
    taken = {k for k, p in enumerate(paras) if any(p.start <= q.start < p.end for q in found) or
             any(a <= p.start < b for a, b in skip)}

    def free(k: int) -> bool:
        return k not in taken and k not in by_para and paras[k].prose

    def unmarked(k: int) -> bool:
        return free(k) and not QUOTATION_MARKS.search(paras[k].text)

    def speaker_before(k: int) -> Mention | None:
        """The person (or body) whose speech the paragraph before ``k`` reports, skipping a heading that names them."""
        j = k - 1
        named_in_heading: set[str] = set()
        if j >= 0 and paras[j].heading:
            named_in_heading = _named_in(paras[j], mentions, names)
            j -= 1
        if j < 0 or j not in by_para:
            return None
        who = by_para[j][-1][0]
        if k - j > 1 and who.entity not in named_in_heading:
            return None
        return who

    names = _names(mentions)
    out: dict[int, Mention | str] = {}
    # "X declare the following." / "X said the following:"
    for speaker, verb, _ in said:
        i = next((k for k, p in enumerate(paras) if p.start <= verb.idx < p.end), None)
        if i is None or not (_following(verb) and re.search(r"\bfollowing\s*[.:]$", paras[i].text.rstrip()) or
                             _said_colon(verb, paras[i])):
            continue    # (the parse may run a sentence that ends in a colon on into the next paragraph)
        k = i + 1
        while k < len(paras) and free(k) and (k == i + 1 or verb.lemma_.lower() in DECLARING or
                                              FIRST_PERSON.search(paras[k].text)):
            out[k] = speaker
            k += 1
    # a signature line after a paragraph: "Jane Doe, Minister of Trade"
    for k in range(1, len(paras) - 1):
        signer = _signer(paras[k + 1], doc, mentions, names)
        if signer is None or k in out or not unmarked(k):
            continue
        before = speaker_before(k)
        if before is not None and before.entity == signer or FIRST_PERSON.search(paras[k].text):
            out[k] = next((m for m in mentions if m.entity == signer and m.label == "PERSON"), None)
    # a first-person paragraph right after one that reports a person's speech
    first_person = [k for k in range(len(paras)) if unmarked(k) and k not in out and FIRST_PERSON.search(paras[k].text)]
    owners = {k: speaker_before(k) for k in first_person}
    if all(owners.values()):
        # (not a paragraph that names the speaker: "We have asked the ministry for details" is the writer's)
        out.update({k: who for k, who in owners.items() if not any(
            m.entity == who.entity for m in mentions if paras[k].start <= m.start < paras[k].end)})
    quotes = []
    for k, speaker in sorted(out.items()):
        p = paras[k]
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is not None and speaker is not None:
            quotes.append(quote(speaker, p.text.strip(), p.start, p.end, span))
    return quotes
