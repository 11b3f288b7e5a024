"""Names to ids: what every actor, target and power option (CLI, Python API, web) goes through.

A user names an actor as they would in a sentence: "Tokayev", "Xi", "China", "Kyrgyzstan", "CSTO",
"the Kremlin", or by its id ("KAZ", "org:SCO", "person:Xi Jinping"). ``Resolver.resolve`` turns any of
these into the canonical id, from the shipped ontology's surface forms (name, alias, acronym, adjective,
demonym, capital, metonym, a person's surname) and, when given, the knowledge base's own entities (the
people and organisations found in the text, with their names and aliases). A name that matches nothing
raises ``UnknownName`` whose one-line message lists the closest matches (difflib); a name two actors share
equally (a surname) raises ``AmbiguousName`` listing them. A person's name spelt otherwise than the ontology
spells it (without diacritics, or in another romanisation: "Erdogan", "Sergei Lavrov", "Tokaev") is found by
its spelling-tolerant key (``ontology.names.translit_key``) when no form matches as written.

``power_code`` and ``target_code`` go one step further for the index's options: a person counts for the
state they act for ("Xi" is CHN), and the European Union is the power ``EU``.
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import AmbiguousName, UnknownName
from ..regions import POWERS, TARGETS
from ..regions import name as region_name
from . import Ontology, load
from .names import translit_key

# How directly a surface form names its entity: an id or a full name beats an alias, which beats an adjective
# or a capital, which beats a surname alone. Among several entities at the best rank, the one named so is kept
# only when it is alone.
RANK = {"id": 0, "name": 1, "alias": 2, "acronym": 2, "surname": 3, "adjective": 4, "demonym": 4, "capital": 4,
        "metonym": 4}
POWER_ALIASES = {"org:EU": "EU"}
"""Entity ids that the index names by another code (the European Union is the power ``EU``)."""
MAX_SUGGESTIONS = 5


@dataclass
class Resolver:
    """Surface forms of the ontology (and of a knowledge base's entities) with the ids they name."""

    ontology: Ontology
    forms: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    folded: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    spelt: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))   # people, by translit_key
    labels: dict[str, str] = field(default_factory=dict)      # id -> display name
    kinds: dict[str, str] = field(default_factory=dict)       # id -> kind

    @classmethod
    def build(cls, ontology: Ontology | None = None,
              entities: Iterable[tuple[str, str, str, Iterable[str]]] = ()) -> "Resolver":
        """The ontology's forms, plus ``entities``: ``(id, kind, name, aliases)`` rows (a knowledge base's)."""
        r = cls(ontology or load())
        for ent in r.ontology.entities.values():
            r._entity(ent.id, ent.kind, ent.name)
        for n in r.ontology.names:
            r._form(n.text, n.entity, n.method)
        for surname, ids in r.ontology.by_surname.items():
            for i in ids:
                r._form(surname, i, "surname")
        for ident, kind, name, aliases in entities:
            if ident in r.kinds:
                continue
            r._entity(ident, kind, name or ident)
            r._form(name, ident, "name")
            for a in aliases or []:
                r._form(a, ident, "alias")
            if kind == "person" and name and len(name.split()) > 1:
                r._form(name.split()[-1], ident, "surname")
        return r

    def _entity(self, ident: str, kind: str, name: str) -> None:
        self.labels[ident] = name
        self.kinds[ident] = kind
        self._form(ident, ident, "id")
        if ":" in ident:                        # "org:CSTO" is also "CSTO"; "person:Xi Jinping" is "Xi Jinping"
            self._form(ident.split(":", 1)[1], ident, "name")

    def _form(self, text: str | None, ident: str, method: str) -> None:
        text = " ".join(str(text or "").split())
        if not text:
            return
        rank = RANK.get(method, 4)
        tables = [(self.forms, text), (self.folded, text.casefold())]
        if self.kinds.get(ident) == "person" and method != "id":
            tables.append((self.spelt, translit_key(text)))
        for table, key in tables:
            best = table[key].get(ident)
            if best is None or rank < best:
                table[key][ident] = rank

    # ------------------------------------------------------------ lookups
    def matches(self, text: str) -> list[str]:
        """The ids ``text`` names best (several only when it names them equally well)."""
        text = " ".join(str(text or "").split()).removeprefix("the ").removeprefix("The ")
        found = self.forms.get(text) or self.folded.get(text.casefold()) or {}
        if not found and len(text) >= 5:
            # a person's name spelt otherwise: without diacritics, or in another romanisation ("Erdogan")
            found = self.spelt.get(translit_key(text)) or {}
        if not found:
            return []
        best = min(found.values())
        return sorted(i for i, r in found.items() if r == best)

    def resolve(self, text: str, kinds: Iterable[str] | None = None, what: str = "actor") -> str:
        """The id ``text`` names (of one of ``kinds``, if given); ``UnknownName`` or ``AmbiguousName`` if none or
        several do."""
        wanted = set(kinds) if kinds else None
        ids = [i for i in self.matches(text) if wanted is None or self.kinds.get(i) in wanted]
        if len(ids) > 1:
            ids = _in_office(self.ontology, ids) or ids
        if len(ids) == 1:
            return ids[0]
        if ids:
            listed = ", ".join(f"{self.labels.get(i, i)} ({i})" for i in ids[:MAX_SUGGESTIONS])
            raise AmbiguousName(f"{what} {text!r} names several: {listed}; give the id")
        raise UnknownName(f"unknown {what} {text!r}{self.suggest(text, wanted)}")

    def suggest(self, text: str, kinds: set[str] | None = None) -> str:
        """'; closest: ...' with the nearest known names (or ''), for an error message."""
        keys = [k for k, ids in self.folded.items()
                if kinds is None or any(self.kinds.get(i) in kinds for i in ids)]
        close = difflib.get_close_matches(str(text).casefold(), keys, n=12, cutoff=0.6)
        seen: dict[str, str] = {}
        for key in close:
            for ident in sorted(self.folded[key], key=lambda i: self.folded[key][i]):
                if (kinds is None or self.kinds.get(ident) in kinds) and ident not in seen:
                    seen[ident] = self.labels.get(ident, ident)
        if not seen:
            return ""
        return "; closest: " + ", ".join(
            label if label == ident else f"{label} ({ident})"
            for ident, label in list(seen.items())[:MAX_SUGGESTIONS])

    def label(self, ident: str | None) -> str:
        """The display name of an id (the id itself when unknown)."""
        return self.labels.get(ident or "", ident or "")

    def people_of(self, state: str) -> list[str]:
        """The people who act for ``state`` (the ontology's ``country``): its leaders, ministers, officials."""
        return sorted(e.id for e in self.ontology.of_kind("person") if e.attrs.get("country") == state)


def _in_office(ontology: Ontology, ids: list[str]) -> list[str]:
    """Of several people with one surname, those in office now (or, failing that, most recently)."""
    people = [i for i in ids if i in ontology.offices]
    if len(people) != len(ids):
        return []
    current = [i for i in people if any(o.end is None and o.start for o in ontology.offices[i])]
    return current if len(current) == 1 else []


_DEFAULT: Resolver | None = None


def resolver() -> Resolver:
    """The ontology's resolver (built once per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Resolver.build()
    return _DEFAULT


def resolve(text: str, kinds: Iterable[str] | None = None, what: str = "actor") -> str:
    """The ontology id that ``text`` (a name, alias or id) names; see ``Resolver.resolve``."""
    return resolver().resolve(text, kinds, what)


def _state_for(r: Resolver, text: str, what: str) -> str:
    """The code of the state (or power) ``text`` names: a person counts for the state they act for."""
    try:
        ident = r.resolve(text, what=what)
    except UnknownName:
        raise
    if r.kinds.get(ident) == "person":
        country = r.ontology.country_of(ident)
        if country:
            ident = country
    return POWER_ALIASES.get(ident, ident)


def power_code(text: str, powers: Iterable[str] = POWERS, r: Resolver | None = None) -> str:
    """The index's code for the power ``text`` names ("China", "Xi", "European Union", "EU" -> CHN, CHN, EU, EU)."""
    allowed = list(powers)
    if text in allowed:
        return text
    code = _state_for(r or resolver(), text, "power")
    if code not in allowed:
        raise UnknownName(f"{text!r} ({region_name(code)}) is not a power the index scores: use one of "
                          f"{', '.join(allowed)}")
    return code


def target_code(text: str, targets: Iterable[str] = TARGETS, r: Resolver | None = None) -> str:
    """The code of the Central Asian state ``text`` names ("Kyrgyzstan", "Bishkek", "Japarov" -> KGZ)."""
    allowed = list(targets)
    if text in allowed:
        return text
    code = _state_for(r or resolver(), text, "target")
    if code not in allowed:
        raise UnknownName(f"{text!r} ({region_name(code)}) is not a target state: use one of {', '.join(allowed)}")
    return code
