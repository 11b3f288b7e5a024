"""Names to ids over a knowledge base: the ontology's surface forms plus the entities found in its text.

``KnowledgeBase.resolve("Tokayev")`` is ``"person:Kassym-Jomart Tokayev"``; the listing methods (``events``,
``quotes``, ``figures``) resolve their actor options through it, so a name, an alias or an id all work. An id
the knowledge base holds is taken as it is, without loading the ontology.
"""
from __future__ import annotations

from typing import Any

from .base import Base, from_json


class NamesMixin(Base):
    """Resolution of names, aliases and ids to entity ids (see ``greatgame.ontology.resolve``)."""

    _resolver: Any = None

    def resolver(self):
        """The ontology's resolver extended with this knowledge base's entities (built once per connection)."""
        if self._resolver is None:
            from ..ontology.resolve import Resolver, resolver

            base = resolver()
            rows = self.con.execute("SELECT id, kind, name, aliases FROM entities WHERE origin <> 'ontology'"
                                    ).fetchall()
            if rows:
                self._resolver = Resolver.build(base.ontology, [(i, k, n, from_json(a, [])) for i, k, n, a in rows])
            else:
                self._resolver = base
        return self._resolver

    def resolve(self, name: str, kinds: list[str] | None = None, what: str = "actor") -> str:
        """The entity id ``name`` (a name, alias, surname, adjective, capital or id) stands for.

        Raises ``UnknownName`` (with the closest matches) or ``AmbiguousName``."""
        if kinds is None and self.con.execute("SELECT 1 FROM entities WHERE id = ?", [name]).fetchone():
            return name
        return self.resolver().resolve(name, kinds, what)

    def people_of(self, state: str) -> list[str]:
        """The people who act for ``state`` (heads of state and government, ministers, officials)."""
        return self.resolver().people_of(state)
