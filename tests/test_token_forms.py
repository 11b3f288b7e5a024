"""The per-part token forms (``extract.token_forms``) and the look-ups that pass over tokens by them."""
from __future__ import annotations

from greatgame.extract.event_lexicon import lexicon, match_trigger, may_trigger
from greatgame.extract.pipeline import nlp
from greatgame.extract.token_forms import forms

TEXT = ("The two presidents signed an agreement on trade in Astana on Monday. An accord was reached after talks, "
        "and the ministers held consultations. According to the ministry, troops were deployed to the border. "
        "\u201cWe will support our partners,\u201d the envoy said, in the opinion of observers.")


def test_forms_are_the_tokens_forms_kept_with_the_doc():
    doc = nlp()(TEXT)
    got = forms(doc)
    assert got.lower == [t.lower_ for t in doc]
    assert got.lemma == [t.lemma_.lower() for t in doc]
    assert got.pos == [t.pos_ for t in doc]
    assert forms(doc) is got          # made once per Doc
    other = nlp()("A short one.")
    assert forms(other).lower == [t.lower_ for t in other]


def test_a_token_passed_over_by_its_forms_holds_no_trigger():
    doc, lex = nlp()(TEXT), lexicon()
    lower, lemmas, _ = forms(doc)
    found = 0
    for sent in doc.sents:
        tokens = list(sent)
        for i, tok in enumerate(tokens):
            if match_trigger(tokens, i, lex) is not None:
                found += 1
                assert may_trigger(lower[tok.i], lemmas[tok.i], lex), tok.text
    assert found >= 3
