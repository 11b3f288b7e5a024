"""The linker's kept tokens, entities and spans (``extract.doc_tokens``): served only to their own Doc, only while
held, and the same as spaCy's new ones."""
from __future__ import annotations

import gc

import spacy
from spacy.tokens import Span

from greatgame.extract.doc_tokens import KEY, ents_of, held, indices_at, span_at, tokens_of


def _doc(text: str):
    nlp = spacy.blank("en")
    doc = nlp(text)
    doc.ents = [Span(doc, 0, 2, label="PERSON")]
    return doc


def test_kept_within_the_block_only():
    doc = _doc("Anna Berg met the minister in Almaty.")
    assert KEY not in doc.user_data
    with held(doc):
        toks = tokens_of(doc)
        assert toks is tokens_of(doc)       # made once
        assert [t.text for t in toks] == [t.text for t in doc]
        assert ents_of(doc) is ents_of(doc) and [(e.start, e.end, e.label_) for e in ents_of(doc)] == [(0, 2, "PERSON")]
        span = span_at(doc, 0, 6)
        assert span is span_at(doc, 0, 6) and span.text == "Anna Berg"
        assert list(indices_at(doc, 18, 26)) == [4]
        assert span_at(doc, 100, 120) is None and list(indices_at(doc, 100, 120)) == []
    assert KEY not in doc.user_data
    assert tokens_of(doc) is not tokens_of(doc)     # not held: new ones, as spaCy makes them


def test_never_served_to_another_doc():
    doc, other = _doc("Anna Berg spoke."), _doc("Anna Berg spoke.")
    with held(doc):
        other.user_data[KEY] = doc.user_data[KEY]     # even if what is kept were copied over
        assert all(t.doc is other for t in tokens_of(other))
        assert span_at(other, 0, 4).doc is other
        assert all(e.doc is other for e in ents_of(other))


def test_collector_state_restored():
    doc = _doc("Anna Berg spoke.")
    assert gc.isenabled()
    with held(doc):
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with held(doc):
            pass
        assert not gc.isenabled()       # left as it was
    finally:
        gc.enable()
    try:
        with held(doc):
            raise ValueError("a rule failed")
    except ValueError:
        pass
    assert gc.isenabled() and KEY not in doc.user_data
