"""What the rules test on every token of a part, read once per Doc: each token's ``lower_``, lower-cased lemma and
``pos_``.

spaCy makes a new ``Token`` object at each ``doc[i]`` and at each step of ``for t in sent``, and ``lower_``,
``lemma_`` and ``pos_`` are look-ups in the string store: a rule that looks through every sentence for a word makes
a Token for each token it passes over. :func:`forms` gives the three in lists indexed by token, kept in the Doc's
user data (checked against the Doc's length, as ``doc_text`` checks its text), so that such a rule makes a Token
only where the word is.
"""
from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc

KEY = "gg_forms"


class Forms(NamedTuple):
    lower: list[str]       # Token.lower_
    lemma: list[str]       # Token.lemma_.lower()
    pos: list[str]         # Token.pos_


def forms(doc: Doc) -> Forms:
    """The forms of ``doc``'s tokens, made at the first call for the Doc."""
    got = doc.user_data.get(KEY)
    if isinstance(got, Forms) and len(got.lower) == len(doc):
        return got
    got = Forms([t.lower_ for t in doc], [t.lemma_.lower() for t in doc], [t.pos_ for t in doc])
    doc.user_data[KEY] = got
    return got
