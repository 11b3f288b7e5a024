"""A Doc's tokens, entities and mention spans, made once while a component works on the Doc.

spaCy makes a new ``Token`` object at every ``doc[i]`` and at every step of ``for t in doc``, new ``Span``
objects for every entity at every ``doc.ents``, and a new span (and tokens) at every ``doc.char_span``: the
linker's rules, which scan the whole part or look at the words around each mention, made over a million such
objects per corpus. Within :func:`held` (the linker, around its whole call) they are made once and kept in the
Doc's own user data; :func:`tokens_of`, :func:`ents_of` and :func:`span_at` read them from there, or make new
ones for a Doc that is not held. What is kept is served only to the Doc it was made from (it names that Doc,
and has as many tokens: nothing retokenizes a Doc once it is annotated, and nothing sets
its entities within the linker). A ``Token`` or ``Span`` reads the Doc's arrays when asked, so a kept one
answers as a new one would. It is dropped when the component is done: kept on, it would tie the Doc to itself
(a reference cycle) and outlive its use.

Python's cyclic garbage collector is paused within the block: a part's thousands of kept tokens, alive at once,
would otherwise set off collections (a full one now and then, over every object of the process) that find
nothing to free; the tokens are freed by their reference counts when the block ends, and any cycle made within
it is found by the next collection after it.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

KEY = "gg_held"


@dataclass
class _Kept:
    doc: Doc
    tokens: list[Token]
    ents: tuple[Span, ...]
    spans: dict[tuple[int, int], Span | None] = field(default_factory=dict)   # (start, end) -> char_span


def _kept(doc: Doc) -> _Kept | None:
    kept = doc.user_data.get(KEY)
    if isinstance(kept, _Kept) and kept.doc is doc and len(kept.tokens) == len(doc):
        return kept
    return None


def tokens_of(doc: Doc) -> list[Token]:
    """``list(doc)``: the list kept for ``doc``, else a new one."""
    kept = _kept(doc)
    return kept.tokens if kept is not None else list(doc)


def ents_of(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``: the spans kept for ``doc``, else new ones."""
    kept = _kept(doc)
    return kept.ents if kept is not None else doc.ents


def span_at(doc: Doc, start: int, end: int) -> Span | None:
    """``doc.char_span(start, end, alignment_mode="expand")``: the span kept for ``doc``, else a new one."""
    kept = _kept(doc)
    if kept is None:
        return doc.char_span(start, end, alignment_mode="expand")
    key = (start, end)
    if key not in kept.spans:
        kept.spans[key] = doc.char_span(start, end, alignment_mode="expand")
    return kept.spans[key]


def indices_at(doc: Doc, start: int, end: int) -> range:
    """The indices of the tokens of ``span_at(doc, start, end)`` (none where it is None)."""
    span = span_at(doc, start, end)
    return range(span.start, span.end) if span is not None else range(0)


@contextmanager
def held(doc: Doc) -> Iterator[None]:
    """``doc``'s tokens, entities and spans kept for the readers above within the ``with`` block, dropped after."""
    collecting = gc.isenabled()
    gc.disable()
    doc.user_data[KEY] = _Kept(doc, list(doc), doc.ents)
    try:
        yield
    finally:
        doc.user_data.pop(KEY, None)
        if collecting:
            gc.enable()
