"""Lexicons of extraction: load the word lists of ``data/*.yaml`` and compile them into regexes.

Shared by the grammars that build their patterns from a lexicon (``dates``,
``quantities``) and by the components that read a word list (events, quotes,
stance, roles). The grammar stays in its module; this module only knows how a
word list becomes a look-up key or a regex alternation.
"""
from __future__ import annotations

import re
from importlib import resources
from typing import Any, Iterable

from ..ontology.cache import load_yaml

__all__ = ["alternation", "casefolded", "load_data", "lowered"]


def load_data(name: str) -> Any:
    """The parsed YAML file ``data/<name>`` shipped with ``greatgame.extract`` (cached: ``ontology.cache``)."""
    return load_yaml(resources.files("greatgame.extract").joinpath(f"data/{name}").read_text("utf-8"))


def lowered(phrase: str) -> str:
    """A look-up key: lower-cased, white space runs as one space, no space at either end."""
    return " ".join(phrase.lower().split())


def casefolded(phrase: str) -> str:
    """As :func:`lowered`, casefolded ("Straße" and "STRASSE" meet)."""
    return " ".join(phrase.casefold().split())


def alternation(forms: Iterable[str], *, space: str | None = None, word_end: bool = False) -> str:
    """A non-capturing regex alternation of ``forms``, longest first, each form escaped.

    ``space``: the regex a space inside a form matches ("\\s+"; None: a form is
    matched as written, spaces included). ``word_end``: a form that ends in a
    letter or digit must end a word (``\\b`` after it).
    """
    parts = []
    # longest first; forms of one length in text order, so that the expression is the same in every process
    # (not in the set's order, which changes with the hash seed; forms of one length cannot both match at
    # one place unless they are the same form, so the order among them changes no match)
    for form in sorted(set(forms), key=lambda f: (-len(f), f)):
        esc = re.escape(form) if space is None else space.join(re.escape(p) for p in form.split())
        if word_end and form[-1:].isalnum():
            esc += r"\b"
        parts.append(esc)
    return "(?:" + "|".join(parts) + ")"
