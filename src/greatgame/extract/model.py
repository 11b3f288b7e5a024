"""Typed records produced by extraction: a pure function of one document."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..documents.model import Document, Layout


@dataclass
class Mention:
    """A stretch of text that refers to an entity (or tries to: ``entity`` may be None)."""

    part: str
    start: int               # offsets into Document.text
    end: int
    text: str
    entity: str | None
    label: str               # STATE, IGO, ORG, PERSON, PROJECT
    method: str              # how it was linked: gazetteer:<form>, ner, surname, role, leader, citation
    sent_start: int | None = None
    sent_end: int | None = None


@dataclass
class NewEntity:
    """An entity the ontology lacks, built from the text (a person's full name, an org)."""

    id: str
    kind: str
    name: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class RoleStatement:
    """A role or affiliation the text gives for a person ("director of ... at ...")."""

    person: str
    role: str
    org: str | None
    org_text: str | None
    part: str
    start: int
    end: int


@dataclass
class DateMention:
    """A date expression, resolved against the publication date where it can be."""

    part: str
    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    value_end: str | None
    relative: bool
    kind: str


@dataclass
class Figure:
    """A quantity stated in the text, normalised, with what it measures and whom it concerns."""

    part: str
    start: int
    end: int
    text: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str | None
    measure: str | None
    subjects: list[str]
    date: str | None
    sent_start: int
    sent_end: int
    paired_with: int | None = None   # index in Extraction.figures of the same amount in another unit


@dataclass
class Stance:
    """A reader comment's stance toward an actor it names."""

    comment: int        # index into layout.comments
    entity: str
    stance: str         # positive | negative | neutral
    score: float


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document: Document
    layout: Layout
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, NewEntity] = field(default_factory=dict)
    roles: list[RoleStatement] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)       # extract.events.Event, offsets in Document.text
    quotes: list[Any] = field(default_factory=list)       # extract.quotes.Quote
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
