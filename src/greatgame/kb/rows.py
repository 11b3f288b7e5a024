"""Typed rows: what the knowledge base's queries return.

Each row type is a dataclass (``row.doc``, ``row.evidence``) and, through
``Row``, also the dict it always was (``row["doc"]``, ``row.get``, ``keys()``,
``dict(row)``, ``json.dumps(row)``), its items in field order, so that callers
written for dicts, and every JSON output, are unchanged. Setting a field by
either name updates both; a key that is not a field (a caller's own column)
lives in the dict only.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Row(dict):
    """A dataclass whose fields are mirrored as the items of a dict (subclasses are ``@dataclass(eq=False)``)."""

    __dataclass_fields__: dict[str, Any]

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name in self.__dataclass_fields__:
            dict.__setitem__(self, name, value)

    def __setitem__(self, key: str, value: Any) -> None:
        dict.__setitem__(self, key, value)
        if key in self.__dataclass_fields__:
            object.__setattr__(self, key, value)

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key not in self:
            self[key] = default
        return self[key]


@dataclass(eq=False)
class DocumentRow(Row):
    """One line of ``documents()``."""

    id: str
    title: str | None
    published: str | None
    format: str | None
    source: str | None
    chars: int
    citations: int
    comments: int
    entities: int


@dataclass(eq=False)
class EntityRow(Row):
    """One line of ``entities()``: an entity with its mention counts."""

    id: str
    kind: str
    name: str
    mentions: int
    documents: int
    origin: str
    attrs: dict[str, Any]


@dataclass(eq=False)
class MentionRow(Row):
    """One line of ``mentions()``."""

    doc: str
    part: str
    start: int
    end: int
    text: str
    entity: str | None
    label: str | None
    method: str | None


@dataclass(eq=False)
class EventRow(Row):
    """One line of ``events()``: an event, its evidence, and how many documents report it."""

    doc: str
    seq: int
    type: str
    mode: str | None
    actors: list[str]
    recipients: list[str]
    people: list[str]
    date: str | None
    date_precision: str | None
    date_kind: str | None
    place: str | None
    negated: bool
    planned: bool
    hypothetical: bool
    claim: bool
    score: float | None
    trigger: str | None
    contexts: list[str]
    cluster: str | None
    start: int | None
    end: int | None
    evidence: str | None
    reports: int
    factuality: str | None = None   # happened | negated | future | hypothetical | opinion | background


@dataclass(eq=False)
class QuoteRow(Row):
    """One line of ``quotes()``."""

    doc: str
    seq: int
    speaker: str | None
    speaker_text: str | None
    speaker_role: str | None
    speaker_org: str | None
    text: str
    direct: bool | None
    published: str | None
    start: int | None
    end: int | None
    evidence: str | None


@dataclass(eq=False)
class FigureRow(Row):
    """One line of ``figures()``: a quantity, what it measures, whom it concerns."""

    doc: str
    seq: int
    value: float | None
    value_max: float | None
    unit: str | None
    qualifier: str | None
    measure: str | None
    subjects: list[str]
    date: str | None
    text: str | None
    paired_with: int | None
    published: str | None
    start: int | None
    end: int | None
    sent_start: int | None
    evidence: str | None


@dataclass(eq=False)
class SearchHit(Row):
    """One line of ``search()``."""

    kind: str
    ref: str
    title: str
    snippet: str
    score: float
