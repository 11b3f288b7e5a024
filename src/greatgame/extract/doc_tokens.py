"""A Doc's tokens as a list, made once for the Doc.

spaCy makes a new ``Token`` object at every ``doc[i]`` and at every step of ``for t in doc``: rules that scan the
whole part, or look at the tokens around each mention, made over a million of them per corpus. :func:`tokens_of`
reads the list that :func:`held` keeps in the Doc's own user data while a component works on it (the linker,
around its whole call), else makes one. The list is served only to the Doc it was made from (its first token's
``doc`` is that Doc) and only while the Doc has as many tokens (nothing retokenizes a Doc once it is annotated).
A ``Token`` reads the Doc's arrays when asked, so a kept one answers as a new one would. The list is dropped when
the component is done: kept on, it would tie the Doc to itself (a reference cycle) and outlive its use.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from spacy.tokens import Doc, Token

KEY = "gg_tokens"


def tokens_of(doc: Doc) -> list[Token]:
    """``list(doc)``: the list :func:`held` keeps for ``doc``, else a new one."""
    toks = doc.user_data.get(KEY)
    if isinstance(toks, list) and len(toks) == len(doc) and (not toks or toks[0].doc is doc):
        return toks
    return list(doc)


@contextmanager
def held(doc: Doc) -> Iterator[list[Token]]:
    """``doc``'s tokens kept for :func:`tokens_of` within the ``with`` block, and dropped after it."""
    doc.user_data[KEY] = toks = list(doc)
    try:
        yield toks
    finally:
        doc.user_data.pop(KEY, None)
