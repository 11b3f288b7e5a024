"""Which quotes are about a Central Asian state: the one selection the country pages, the quotes API
(``/api/quotes?about=KAZ``) and the briefing share.

A quote is about ``iso3`` when its state or one of the people who act for it said it (its president, ministers,
officials, as the ontology lists them), or when its sentence names the state: its name, adjective, demonym,
capital or seat of government, or one of those people. Quotes about other countries are left out. Speakers are
given by name (``speaker_name``), never as raw ids.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

OWN = 2
"""Rank of a quote said by the state or its people."""
NAMED = 1
"""Rank of a quote whose sentence names the state (or its people)."""


def _resolver(kb: Any):
    if kb is not None:
        return kb.resolver()
    from ..ontology.resolve import resolver

    return resolver()


def country_pattern(iso3: str, resolver: Any) -> re.Pattern[str] | None:
    """A regular expression for the ways a sentence names ``iso3``: its names, adjectives, demonyms, capitals and
    seats of government, and the names of the people who act for it."""
    ont = resolver.ontology
    people = set(resolver.people_of(iso3))
    names = {n.text for n in ont.names if n.entity == iso3 or n.entity in people}
    names |= {s for s, ids in ont.by_surname.items() if set(ids) & people}
    names = sorted((n for n in names if len(n) > 2), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else None


def speaker_name(resolver: Any, quote: dict[str, Any]) -> str:
    """The speaker as a reader names them: the entity's name, else the text's own words, else 'unattributed'."""
    if quote.get("speaker"):
        return resolver.label(quote["speaker"])
    return quote.get("speaker_text") or "unattributed"


def ranked_about(kb: Any, targets: Iterable[str], quotes: Iterable[dict[str, Any]]
                 ) -> list[tuple[int, dict[str, Any]]]:
    """``(rank, quote)`` for each quote about one of ``targets`` (``OWN``: said by the state or its people;
    ``NAMED``: its sentence names the state), each quote given its ``speaker_name``; the others left out."""
    r = _resolver(kb)
    tests = []
    for iso3 in targets:
        tests.append(({iso3, *r.people_of(iso3)}, country_pattern(iso3, r)))

    def rank(q: dict[str, Any]) -> int:
        best = 0
        text = " ".join(x for x in (q.get("evidence"), q.get("text")) if x)
        for own, pattern in tests:
            if q.get("speaker") in own:
                return OWN
            if pattern is not None and pattern.search(text):
                best = NAMED
        return best

    out = []
    for q in quotes:
        k = rank(q)
        if k:
            q["speaker_name"] = speaker_name(r, q)
            out.append((k, q))
    return out


def quotes_about(kb: Any, iso3: str, quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The quotes about ``iso3``, each with its speaker's name (``speaker_name``): said by its state or the people
    who act for it (first), or whose sentence names it (its name, adjective, demonym, capital, its people);
    newest first within each. Quotes about other countries are left out. ``kb``: the knowledge base whose
    people and organisations name speakers too (None: the ontology alone)."""
    newest = sorted(quotes, key=lambda q: q["published"] or "", reverse=True)
    return [q for _, q in sorted(ranked_about(kb, [iso3], newest), key=lambda kq: -kq[0])]
