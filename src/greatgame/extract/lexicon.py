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

__all__ = ["alternation", "casefolded", "fewest", "holds_any", "load_data", "lowered", "scan_text"]


def load_data(name: str) -> Any:
    """The parsed YAML file ``data/<name>`` shipped with ``greatgame.extract`` (cached: ``ontology.cache``)."""
    return load_yaml(resources.files("greatgame.extract").joinpath(f"data/{name}").read_text("utf-8"))


def lowered(phrase: str) -> str:
    """A look-up key: lower-cased, white space runs as one space, no space at either end."""
    return " ".join(phrase.lower().split())


def casefolded(phrase: str) -> str:
    """As :func:`lowered`, casefolded ("Straße" and "STRASSE" meet)."""
    return " ".join(phrase.casefold().split())


# The characters other than ASCII letters that a pattern ignoring case matches to one: read as that letter (the
# Kelvin sign, which also matches "k", lower-cases to it).
_CASE_FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}
_CASE_TABLE = str.maketrans(_CASE_FOLDS)


def scan_text(text: str) -> str:
    """``text`` lower-cased for :func:`holds_any`, the characters a pattern ignoring case matches to an ASCII letter
    read as that letter: a word of ASCII letters that a pattern matches in ``text``, ignoring case or not, is in it."""
    if any(c in text for c in _CASE_FOLDS):
        text = text.translate(_CASE_TABLE)
    return text.lower()


def fewest(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` less each that holds another of them (a text holding "april" holds "apr"): for :func:`holds_any`,
    which tells the same of a text with either."""
    distinct = set(words)
    return tuple(sorted(w for w in distinct if not any(o != w and o in w for o in distinct)))


def holds_any(scanned: str, words: Iterable[str]) -> bool:
    """Whether ``scanned`` (:func:`scan_text`) holds any of ``words`` (lower-case): a pattern whose every match holds
    one of them cannot match a text where this is False, and need not scan it."""
    return any(word in scanned for word in words)


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
