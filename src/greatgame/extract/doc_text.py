"""A part's text, kept with its annotated Doc.

spaCy's ``Doc.text`` joins every token's text with its white space at every call, making a ``Token`` object for
each: on a part of a few thousand tokens, read by several steps (and once per name by some rules), that was a
tenth of the extraction's time. ``annotate`` keeps the text it annotated in the Doc's user data (the Doc's text
is that text: ``annotate`` checks it), and :func:`text_of` reads it from there, else from ``Doc.text``.
"""
from __future__ import annotations

from spacy.tokens import Doc

KEY = "gg_text"


def keep(doc: Doc, text: str) -> Doc:
    """Keep ``text`` (``doc.text``, checked by the caller) with ``doc``."""
    doc.user_data[KEY] = text
    return doc


def text_of(doc: Doc) -> str:
    """``doc.text``, read once: from the Doc's user data where ``keep`` put it."""
    text = doc.user_data.get(KEY)
    return text if isinstance(text, str) and len(text) == (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc)
                                                            else 0) else doc.text
