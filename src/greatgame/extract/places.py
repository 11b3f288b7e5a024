"""A capital named as a place, not for its government.

FORMAT.md counts a state as named by its capital when the capital stands for the government ("Beijing
said", "Moscow's influence"). General English also names a capital as the place where something happens
or where a text was written, and as a word of another name; none of these refers to the state:

* **a location**: the object of a preposition of place ("talks in Astana", "a forum held at Vienna", "a
  base near Dushanbe"); a possessive ("in Moscow's view") still stands for the government;
* **a dateline**: the capital, in capitals, that opens a report before a dash, a bracket or a comma
  ("MOSCOW (AP) —", "BEIJING, June 16"): where the report was filed;
* **a route**: one member of a hyphenated chain of places that holds a place which is neither a state nor
  a capital ("the Baku-Tbilisi-Ceyhan pipeline": the pipeline's stations, not three governments);
* **part of another name**: capitalised words after it that end in an organisation's head word or a
  document's noun ("the London Post", "the Astana Declaration", "the Tashkent International Investment
  Forum").

Such a mention keeps its words but no entity: it names no actor, and so is no entity record of the
document. Its method, "place:<state>", keeps the state for what a place tells: the host of a visit ("arrived
in Astana"), the organiser of a forum named after its city, the country a report is set in
(``actors.ActorIndex`` and ``discourse.home_state`` read it as before).
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span

from .doc_text import text_of
from .doc_tokens import span_at
from .lexicon import load_data
from .model import Mention

LOCATIVE = frozenset({"in", "at", "near", "outside", "around", "inside"})
HYPHENS = frozenset({"-", "–", "—"})
DATELINE_MARKS = frozenset({"(", "-", "--", "–", "—", ","})


@lru_cache(maxsize=1)
def name_heads() -> frozenset[str]:
    """Capitalised words that end a name a capital may open: organisations' head words and documents' nouns."""
    docs = load_data("institutions.yaml")["documents"]["nouns"]
    heads = load_data("organisations.yaml")["head_words"]
    return frozenset(heads) | frozenset(w[:1].upper() + w[1:] for w in docs if " " not in w) | {
        "Summit", "Process", "Format", "Consensus", "Act", "Accords", "Principles"}


def _is_possessive(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].text in ("’s", "'s", "’", "'")


def _located(span: Span) -> bool:
    doc = span.doc
    k = span.start - 1
    if k >= 1 and doc[k].lower_ == "of" and doc[k - 1].lower_ in ("city", "capital"):
        k -= 3 if k >= 3 and doc[k - 2].lower_ == "the" else 2     # "in the city of X"
    return k >= 0 and doc[k].lower_ in LOCATIVE and not _is_possessive(doc, span.end)


def _dateline(span: Span) -> bool:
    doc = span.doc
    text = text_of(doc)
    opens = span.start_char == 0 or text[:span.start_char].rstrip(" \t").endswith("\n")
    if not opens or span.end >= len(doc):
        return False
    nxt = doc[span.end].text
    return nxt in DATELINE_MARKS and (span.text.isupper() or nxt != ",")


def _route(span: Span, states: set[int]) -> bool:
    """Whether ``span`` is one member of a hyphenated chain of places holding a place that is no state."""
    doc = span.doc
    members: list[Span] = []
    i = span.start
    while i >= 2 and doc[i - 1].text in HYPHENS and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_ \
            and doc[i - 2].text[:1].isupper():
        i -= 2
        members.append(doc[i:i + 1])
    j = span.end
    while j + 1 < len(doc) and doc[j].text in HYPHENS and not doc[j - 1].whitespace_ and not doc[j].whitespace_ \
            and doc[j + 1].text[:1].isupper():
        members.append(doc[j + 1:j + 2])
        j += 2
    return any(m.start not in states for m in members)


def _in_name(span: Span) -> bool:
    doc = span.doc
    heads = name_heads()
    j = span.end
    while j < len(doc) and j - span.end < 5 and doc[j].text[:1].isupper() and doc[j].is_alpha:
        if doc[j].text in heads:
            return True
        j += 1
    return False


def states_in_names(doc: Doc, mentions: list[Mention], state_names: dict[str, str]) -> list[Mention]:
    """The states that the name of a project or an organisation links with hyphens ("the
    China-Kyrgyzstan-Uzbekistan railway", "the China-Central Asia Summit"): a name built of its parties names
    each of them (the gazetteer matched the whole name, so its words name nothing else). A state's name
    that is only a word of a name ("Kazakhstan Temir Zholy", "BRIX Sweden") is not counted."""
    out = []
    for m in mentions:
        if m.label not in ("PROJECT", "ORG", "IGO") or not m.entity:
            continue
        span = span_at(doc, m.start, m.end)
        for t in span if span is not None else ():
            state = state_names.get(t.text)
            linked = state and (t.i + 1 < span.end and doc[t.i + 1].text in HYPHENS and not t.whitespace_
                                or t.i > span.start and doc[t.i - 1].text in HYPHENS and not doc[t.i - 1].whitespace_)
            if linked:
                out.append(Mention(m.part, t.idx, t.idx + len(t), t.text, state, "STATE", "compound", m.sent_start,
                                   m.sent_end))
    return out


def place_state(m: Mention) -> str | None:
    """The state a mention names, or the state whose capital it names as a place (above)."""
    return m.entity or (m.method.partition(":")[2] if m.method.startswith("place:") else None)


def capital_places(doc: Doc, mentions: list[Mention], capitals: set[str]) -> list[Mention]:
    """``mentions`` with each capital that names a place (above) left without an entity."""
    states: set[int] = set()
    for m in mentions:
        if m.label == "STATE" and m.entity:
            span = span_at(doc, m.start, m.end)
            states.update(range(span.start, span.end) if span is not None else ())
    out = []
    for m in mentions:
        if m.entity and m.method != "leader" and m.text.strip().lower() in capitals:
            span = span_at(doc, m.start, m.end)
            if span is not None and (_located(span) or _dateline(span) or _route(span, states) or _in_name(span)):
                out.append(Mention(m.part, m.start, m.end, m.text, None, m.label, f"place:{m.entity}", m.sent_start,
                                   m.sent_end))
                continue
        out.append(m)
    return out
