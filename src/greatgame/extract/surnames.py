"""A surname (or a given name) alone: which person it names.

General English names a person in full once and by the surname after; a reader takes a bare surname for
the person of that name named last before it. So:

* the person named in full nearest before, with the surname as written or spelt otherwise ("Zhaparov" after
  "Akylbek Japarov"): of two people who share a surname (two Japarovs in Kyrgyz politics), the one named
  last;
* else the person named in full after it (a heading before the article names him), when only one person of
  that name is named after; two are no answer;
* else the one known office-holder of that name on the document's day, or, for a document dated only to a
  month or a year, over that period ("Tokayev's Challenges", a heading of an article of June 2023); two
  office-holders who share the name (spelt alike or otherwise) are no answer.
"""
from __future__ import annotations

from typing import Any

from ..ontology import Ontology
from ..ontology.names import same_name, translit_key

LinkContext = Any       # extract.entities.LinkContext (that module imports this one)


class Surnames:
    def __init__(self, onto: Ontology):
        self.onto = onto
        self.by_key: dict[str, set[str]] = {}
        for surname, people in onto.by_surname.items():
            if len(surname) >= 5:
                self.by_key.setdefault(translit_key(surname), set()).update(people)

    def surname(self, pid: str) -> str | None:
        """The surname the ontology gives a person ("Wang" for Wang Yi, whose family name comes first)."""
        ent = self.onto.get(pid)
        return ent.attrs.get("surname") if ent is not None else None

    def holders(self, token: str, ctx: LinkContext) -> list[str]:
        """Known people called ``token`` (as written, or by a surname the ontology spells otherwise) who held an office on the document's
        day, or on either end of its period (every one so called if none did then, or the document has no
        date)."""
        people = set(self.onto.by_surname.get(token, []))
        for pid in list(people):       # and those whose surname is this one's spelt otherwise ("Zhaparov", "Japarov")
            own = self.surname(pid)
            if own and len(own) >= 5:
                people |= self.by_key.get(translit_key(own), set())
        days = [ctx.day] if ctx.day is not None else list(ctx.bounds or [])
        held = {p for p in people if any(o.covers(d) for o in self.onto.offices.get(p, []) for d in days)}
        return sorted(held if held or ctx.day is not None else people)

    def holder(self, token: str, ctx: LinkContext) -> str | None:
        found = self.holders(token, ctx)
        return found[0] if len(found) == 1 else None

    @staticmethod
    def _fits(token: str, toks: list[str], given: bool) -> bool:
        return token == toks[-1] or given and token == toks[0] or len(toks) > 1 and same_name(token, toks[-1])

    def single(self, token: str, ctx: LinkContext) -> str | None:
        """A surname (or a given name) alone: the person named nearest before, else the one named after, else
        the one office-holder so called (above)."""
        before = [(o, pid) for o, pid, toks in ctx.people if o <= ctx.order and self._fits(token, toks, True)]
        if before:
            return max(before)[1]
        after = {pid: o for o, pid, toks in reversed(ctx.people) if self._fits(token, toks, True)}
        if after:
            return next(iter(after)) if len(after) == 1 else None
        return self.holder(token, ctx)

    def local(self, token: str, ctx: LinkContext) -> str | None:
        """A person named in full in this document whose surname is ``token``: the last named before, else the
        one named after."""
        hits = [(o, pid) for o, pid, toks in ctx.people if len(toks) > 1 and (
            token in (toks[-1], self.surname(pid)) or same_name(token, toks[-1]))]
        before = [h for h in hits if h[0] <= ctx.order]
        if before:
            return max(before)[1]
        after = {pid for _, pid in hits}
        return after.pop() if len(after) == 1 else None

    def lone(self, token: str, ctx: LinkContext) -> str | None:
        """The person a lone surname the NER took for a name of another kind names: one named in full in this
        document, else the one office-holder so called on a dated document."""
        pid = self.local(token, ctx)
        if pid is None and (ctx.day is not None or ctx.bounds):
            pid = self.holder(token, ctx)
        return pid
