"""The curated actor ontology shipped with greatgame (see ``data/README.md``).

States, intergovernmental and other organisations, people with their offices
and terms, and the region's projects, loaded from YAML. Every entry cites its
source; ``Ontology.validate`` checks the files' consistency (used by the tests).
"""
from __future__ import annotations

import datetime as dt
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from ..errors import OntologyError
from .cache import load_yaml, safe_loader


def __getattr__(name: str) -> Any:
    if name == "SAFE_LOADER":      # the loader the other YAML readers import from here (PyYAML imported then)
        return safe_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


FILES = ("states.yaml", "organizations.yaml", "people.yaml", "projects.yaml")
IGO_ACRONYMS = frozenset({"UN", "EU", "NATO", "SCO", "CSTO", "EAEU", "CIS", "BRICS", "G7", "G20",
                          "OTS", "IMF", "WB", "OSCE", "ASEAN", "OPEC", "ADB", "AIIB", "EBRD"})
CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")


@dataclass(frozen=True)
class Office:
    role: str                 # head_of_state | head_of_government | foreign_minister | other
    title: str | None
    start: str | None         # ISO date or year
    end: str | None

    def covers(self, day: dt.date | None) -> bool:
        """Whether the office was held on ``day`` (unknown day: any time)."""
        if day is None:
            return True
        start = _as_date(self.start, first=True) or dt.date.min
        end = _as_date(self.end, first=False) or dt.date.max
        return start <= day <= end


def _as_date(value: Any, first: bool) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    s = str(value)
    try:
        if len(s) == 4:
            return dt.date(int(s), 1, 1) if first else dt.date(int(s), 12, 31)
        if len(s) == 7:
            y, m = int(s[:4]), int(s[5:7])
            return dt.date(y, m, 1) if first else (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1))
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


@dataclass
class Entity:
    id: str
    kind: str                 # state | igo | org | person | project
    name: str
    aliases: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    source: str | None = None


@dataclass(frozen=True)
class Name:
    """One surface form that names an entity, and how it names it."""

    text: str
    entity: str
    label: str                # spaCy label: STATE, IGO, ORG, PERSON, PROJECT
    method: str               # name | alias | acronym | adjective | demonym | capital | metonym


KIND_LABEL = {"state": "STATE", "igo": "IGO", "org": "ORG", "person": "PERSON", "project": "PROJECT"}


def _offices(raw: list[dict[str, Any]] | None) -> list[Office]:
    out = []
    for o in raw or []:
        start = o.get("start") or o.get("start_year")
        end = o.get("end") or o.get("end_year")
        out.append(Office(o.get("role", "other"), o.get("title"),
                          str(start) if start else None, str(end) if end else None))
    return out


class Ontology:
    """Lookups over the shipped ontology."""

    def __init__(self, data: dict[str, Any]):
        self.entities: dict[str, Entity] = {}
        self.names: list[Name] = []
        self.offices: dict[str, list[Office]] = {}
        self.by_surname: dict[str, list[str]] = defaultdict(list)
        self.adjective_state: dict[str, str] = {}
        self._load_states(data.get("states.yaml", {}))
        self._load_orgs(data.get("organizations.yaml", {}))
        self._load_people(data.get("people.yaml", {}))
        self._load_projects(data.get("projects.yaml", {}))

    # ------------------------------------------------------------ loading
    def _add(self, ent: Entity) -> None:
        if ent.id in self.entities:
            raise OntologyError(f"duplicate ontology id {ent.id!r}")
        self.entities[ent.id] = ent

    def _names(self, ent: Entity, forms: list[tuple[str, list[str] | None]]) -> None:
        label = KIND_LABEL[ent.kind]
        for method, values in forms:
            for v in values or []:
                v = str(v).strip()
                if v:
                    self.names.append(Name(v, ent.id, label, method))

    def _load_states(self, data: dict[str, Any]) -> None:
        for s in data.get("states", []):
            ent = Entity(s["id"], "state", s["name"], list(s.get("aliases") or []),
                         {k: s.get(k) for k in ("official", "region", "un_member", "capitals", "adjectives")
                          if s.get(k) is not None},
                         s.get("source") or data.get("source"))
            self._add(ent)
            self._names(ent, [("name", [s["name"]]), ("alias", [s.get("official")] if s.get("official") else []),
                              ("alias", s.get("aliases")), ("adjective", s.get("adjectives")),
                              ("demonym", s.get("demonyms")), ("capital", s.get("capitals")),
                              ("capital", s.get("former_capital_names")),
                              ("metonym", s.get("government_metonyms"))])
            for adj in s.get("adjectives") or []:
                self.adjective_state.setdefault(adj, ent.id)
            for name in [s["name"], *(s.get("aliases") or [])]:
                self.adjective_state.setdefault(name, ent.id)

    def _load_orgs(self, data: dict[str, Any]) -> None:
        for o in data.get("organizations", []):
            kind = "igo" if o.get("kind") == "igo" and o["id"][4:] in IGO_ACRONYMS else "org"
            attrs = {k: o.get(k) for k in ("kind", "country", "founded", "members", "acronyms")
                     if o.get(k) is not None}
            ent = Entity(o["id"], kind, o["name"], list(o.get("aliases") or []), attrs,
                         o.get("source") or data.get("source"))
            self._add(ent)
            self._names(ent, [("name", [o["name"]]), ("alias", o.get("aliases")),
                              ("acronym", o.get("acronyms"))])

    def _load_people(self, data: dict[str, Any]) -> None:
        for p in data.get("people", []):
            offices = _offices(p.get("offices"))
            attrs = {"country": p.get("country"), "surname": p.get("surname"),
                     "offices": [o.__dict__ for o in offices]}
            ent = Entity(p["id"], "person", p["name"], list(p.get("aliases") or []), attrs,
                         p.get("source") or data.get("source"))
            self._add(ent)
            full = [a for a in [p["name"], *(p.get("aliases") or [])] if len(a.split()) > 1]
            self._names(ent, [("name", full[:1]), ("alias", full[1:])])
            self.offices[ent.id] = offices
            surnames = {p.get("surname")} | {a for a in p.get("aliases") or [] if len(a.split()) == 1}
            for s in surnames:
                if s:
                    self.by_surname[s].append(ent.id)

    def _load_projects(self, data: dict[str, Any]) -> None:
        for p in data.get("projects", []):
            attrs = {k: p.get(k) for k in ("kind", "sponsors", "countries", "announced", "opened")
                     if p.get(k) is not None}
            ent = Entity(p["id"], "project", p["name"], list(p.get("aliases") or []), attrs,
                         p.get("source") or data.get("source"))
            self._add(ent)
            self._names(ent, [("name", [p["name"]]), ("alias", p.get("aliases"))])

    # ------------------------------------------------------------ lookups
    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def of_kind(self, kind: str) -> Iterator[Entity]:
        return (e for e in self.entities.values() if e.kind == kind)

    def country_of(self, person_id: str) -> str | None:
        ent = self.entities.get(person_id)
        return ent.attrs.get("country") if ent else None

    def holder(self, country: str, role: str, day: dt.date | None) -> str | None:
        """The person who held ``role`` for ``country`` on ``day``, if exactly one did."""
        if day is None:
            return None
        found: list[tuple[dt.date, str]] = []
        for pid, offices in self.offices.items():
            if self.country_of(pid) != country:
                continue
            for o in offices:
                if o.role == role and o.covers(day):
                    found.append((_as_date(o.start, first=True) or dt.date.min, pid))
        if not found:
            return None
        # Terms known only to the year overlap at hand-overs: the newer appointee holds the office.
        found.sort(reverse=True)
        if len(found) > 1 and found[0][0] == found[1][0] and found[0][1] != found[1][1]:
            return None
        return found[0][1]

    def surname_candidates(self, surname: str, day: dt.date | None) -> list[str]:
        """Known people called ``surname`` who held an office on ``day``."""
        people = self.by_surname.get(surname, [])
        return [p for p in people if any(o.covers(day) for o in self.offices.get(p, []))] or (
            people if day is None else [])

    def validate(self) -> list[str]:
        """Problems in the shipped data: missing sources, unknown member ids, bad dates."""
        problems: list[str] = []
        for e in self.entities.values():
            if not e.source:
                problems.append(f"{e.id}: no source")
            if e.kind == "igo":
                for m in e.attrs.get("members") or []:
                    if m.get("id") not in self.entities:
                        problems.append(f"{e.id}: member {m.get('id')!r} is not a known state")
            if e.kind == "person":
                country = e.attrs.get("country")
                if country and country not in self.entities:
                    problems.append(f"{e.id}: country {country!r} unknown")
                for o in self.offices.get(e.id, []):
                    for d in (o.start, o.end):
                        if d and _as_date(d, True) is None:
                            problems.append(f"{e.id}: bad date {d!r}")
        return problems


def _read(name: str) -> dict[str, Any]:
    path = resources.files(__package__).joinpath("data", name)
    try:
        return load_yaml(path.read_text("utf-8")) or {}
    except FileNotFoundError:
        return {}
    except Exception as exc:
        yaml = sys.modules.get("yaml")     # imported if the text was parsed (not in the cache)
        if yaml is None or not isinstance(exc, yaml.YAMLError):
            raise
        raise OntologyError(f"ontology/data/{name}: invalid YAML ({exc})") from None


@lru_cache(maxsize=1)
def load() -> Ontology:
    """The shipped ontology (loaded once per process)."""
    return Ontology({name: _read(name) for name in FILES})
