"""Typed records produced by extraction: a pure function of one document."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..documents.model import Document, Layout

# What an entity's attributes may hold (they are stored as JSON): a new entity built from the text
# carries {"kind": "outlet"} or {"roles": [{"role": ..., "org": ...}, ...]}.
JSONValue = str | int | float | bool | None | list["JSONValue"] | dict[str, "JSONValue"]


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
    attrs: dict[str, JSONValue] = field(default_factory=dict)


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
class Event:
    """A PLOVER event a sentence reports (``extract.events``): who did what to whom, when, and how surely."""

    type: str
    mode: str | None
    contexts: list[str]
    actors: list[str]
    recipients: list[str]
    people: list[str]
    date: str | None
    date_precision: str | None
    date_kind: str | None
    place: str | None
    negated: bool
    hypothetical: bool
    planned: bool
    claim: bool
    score: float
    trigger: str
    start: int          # evidence: the sentence, offsets into doc.text (Document.text once extracted)
    end: int
    trigger_start: int = 0
    trigger_end: int = 0
    part: str = "body"
    # happened | negated | future | hypothetical | opinion | background (``extract.factuality``); the flags
    # above say the same for the knowledge base (opinion and background set ``hypothetical``: not asserted)
    factuality: str = "happened"
    main: bool = True              # the sentence's main assertion (not a subordinate clause or a modifier)
    confidence: float | None = None   # the event judge's probability that this is a reported event
    features: dict[str, float] = field(default_factory=dict, repr=False, compare=False)   # what the judge reads

    @property
    def happened(self) -> bool:
        return self.factuality == "happened" and not (self.negated or self.planned or self.hypothetical)


@dataclass
class Quote:
    """A direct quote or reported speech (``extract.quotes``), attributed to a linked speaker."""

    speaker: str | None          # entity id
    speaker_text: str | None
    speaker_role: str | None
    speaker_org: str | None
    text: str
    direct: bool
    start: int                   # the quote's span (direct) or the sentence (reported), offsets in doc.text
    end: int
    sent_start: int
    sent_end: int
    part: str = "body"


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document: Document
    layout: Layout
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, NewEntity] = field(default_factory=dict)
    roles: list[RoleStatement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)     # offsets in Document.text
    event_candidates: list[Event] = field(default_factory=list)   # every candidate, before the judge (extract.judge)
    quotes: list[Quote] = field(default_factory=list)     # offsets in Document.text
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
