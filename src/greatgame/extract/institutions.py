"""State bodies named by what they are: "the Kyrgyz border service", "Russia's Defence Ministry".

``data/institutions.yaml`` lists each body's canonical English name and the forms news writes for
it. A form qualified by a state (the state's adjective or possessive before it, "of <state>" after
it) is linked to ``org:<canonical> of <state's name>`` (the ontology's entity where it has one,
else a new organisation that records its state); the same form later in the document without a
state refers to the one named before. Such a body acts for its state (events code it to the state,
``Mention.method`` "institution:<state>"), and speaks as itself (quotes keep the body as speaker).
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from ..ontology import Ontology
from .doc_tokens import indices_at, tokens_of
from .lexicon import load_data, lowered
from .model import Mention, NewEntity


@lru_cache(maxsize=1)
def forms() -> dict[tuple[str, ...], str]:
    """Each form (lower-case words) -> the canonical name; longest forms first."""
    out: dict[tuple[str, ...], str] = {}
    for canonical, written in load_data("institutions.yaml")["institutions"].items():
        for form in written:
            out[tuple(lowered(form).replace("'s", " 's").replace("’s", " 's").split())] = canonical
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1)
def forms_by_first() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """``forms()`` by their first word, each list in ``forms()``'s order (longest first)."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for form, canonical in forms().items():
        if form:
            out.setdefault(form[0], []).append((form, canonical))
    return out


def institution_mentions(doc: Doc, mentions: list[Mention], onto: Ontology, memory: dict[str, str],
                         new_entities: dict[str, NewEntity], make) -> list[Mention]:
    """The mentions of state bodies in ``doc``; ``memory`` (canonical -> state) carries over parts.

    ``make(span, entity, label, method)`` builds a Mention. A mention of another organisation over the
    same words is replaced (the returned list is the new mention list).
    """
    toks = tokens_of(doc)
    states: dict[int, str] = {}
    for m in mentions:
        if m.label == "STATE" and m.entity and not m.method.startswith("leader"):
            for i in indices_at(doc, m.start, m.end):
                states[i] = m.entity
    words = [t.lower_.replace("’", "'") for t in toks]
    by_first = forms_by_first()
    found: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(doc):
        hit = None
        for form, canonical in by_first.get(words[i], ()):     # only forms that can start here, in order
            n = len(form)
            if tuple(words[i:i + n]) == form:
                hit = (n, canonical)
                break
        if hit is None:
            i += 1
            continue
        n, canonical = hit
        start, end = i, i + n
        state = None
        j = start - 1
        if j >= 0 and toks[j].text in ("’s", "'s"):
            j -= 1
        if j >= 0 and j in states:
            state = states[j]
            while start > 0 and (start - 1 in states or toks[start - 1].text in ("’s", "'s")):
                start -= 1
        elif end + 1 < len(doc) and toks[end].lower_ == "of":
            k = end + 1 + (toks[end + 1].lower_ == "the")
            if k < len(doc) and k in states:
                state = states[k]
                end = k
                while end < len(doc) and states.get(end) == state:
                    end += 1
        if state is None:
            prev = toks[start - 1] if start > 0 else None
            if prev is not None and prev.text[:1].isupper() and prev.lower_ not in ("the", "a", "its", "their") \
                    and prev.i != prev.sent.start:
                i += n      # part of another name ("European Central Bank")
                continue
            # a bare form refers to the body named before; one word ("government") is too general to
            state = memory.get(canonical) if n > 1 else None
            if state is None:
                i += n
                continue
        else:
            memory[canonical] = state
        found.append((start, end, canonical, state))
        i = end
    if not found:
        return mentions
    out = []
    spans = []
    for start, end, canonical, state in found:
        ent = onto.get(state)
        if ent is None or ent.kind != "state":
            continue
        a, b = toks[start].idx, toks[end - 1].idx + len(toks[end - 1])
        if any(m.label in ("ORG", "IGO") and m.method.startswith("gazetteer") and m.start < b and a < m.end
               for m in mentions):
            continue      # the ontology knows this body by the name written ("Russian government")
        oid = f"org:{canonical} of {ent.name}"
        if onto.get(oid) is None:
            new_entities.setdefault(oid, NewEntity(oid, "org", oid[4:], {"country": state, "kind": "government_body"}))
        out.append(make(doc[start:end], oid, "ORG", f"institution:{state}"))
        spans.append((a, b))
    # an organisation the statistical NER found over the same words ("The Central Bank of") gives way
    kept = [m for m in mentions if not (m.label == "ORG" and any(m.start < b and a < m.end for a, b in spans))]
    return kept + out
