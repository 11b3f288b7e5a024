"""Response models of the JSON API: what /openapi.json says each endpoint returns.

The models mirror what the knowledge base, the influence index and the simulator return, field for field and in
the same order, so that validating a response leaves its JSON as it was. They accept keys they do not name
(``extra="allow"``) rather than drop them. Numbers that come from YAML as written (scenario files, corridor data)
are ``Number`` (int or float) so that an integer stays an integer. Models with optional keys are served with
``response_model_exclude_unset=True``: a key appears only where the data has it.
"""
from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

Number = Union[int, float]


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


# ------------------------------------------------------------------ documents and entities
class DocumentSummary(Model):
    """One stored document, as the document list shows it."""
    id: str
    title: Optional[str]
    published: Optional[str] = Field(description="publication date as given (ISO, to the day, month or year)")
    format: Optional[str]
    source: Optional[str]
    chars: Optional[int] = Field(description="length of the text in characters")
    citations: int
    comments: int
    entities: int = Field(description="distinct entities mentioned")


class Part(Model):
    """A part of a document (title, body, notes, furniture, comments): its text and its segments."""
    text: Optional[str]
    segments: List[List[int]] = Field(description="[start, end] character offsets into the document's text")


class Citation(Model):
    number: Optional[int]
    start: int
    end: int
    text: Optional[str]
    cited_at: Optional[int]
    outlet: Optional[str]
    title: Optional[str]
    authors: List[str]
    url: Optional[str]
    date: Optional[str]
    date_text: Optional[str]


class Comment(Model):
    author: Optional[str]
    start: int
    end: int
    text: str


class Mention(Model):
    part: str
    start: int
    end: int
    text: str
    entity: Optional[str] = Field(description="the linked entity id, null when unlinked")
    label: Optional[str]
    method: Optional[str] = Field(description="how the mention was linked")


class Role(Model):
    person: str
    role: str
    org: Optional[str]
    org_text: Optional[str]


class Event(Model):
    """An event (PLOVER type) with its parties, date and evidence sentence."""
    doc: str
    seq: int
    type: str
    mode: Optional[str]
    actors: List[str]
    recipients: List[str]
    people: List[str]
    date: Optional[str]
    date_precision: Optional[str]
    date_kind: Optional[str]
    place: Optional[str]
    negated: Optional[bool]
    planned: Optional[bool]
    hypothetical: Optional[bool]
    claim: Optional[bool]
    score: Optional[float] = Field(description="PLOVER cooperation (+) or conflict (-) score")
    trigger: Optional[str]
    contexts: List[str]
    cluster: Optional[str] = Field(description="reports of one real-world event share a cluster")
    start: Optional[int]
    end: Optional[int]
    evidence: Optional[str]
    reports: int = Field(description="reports in the event's cluster")


class Quote(Model):
    """A quote or reported speech with its speaker and evidence sentence."""
    doc: str
    seq: int
    speaker: Optional[str]
    speaker_text: Optional[str]
    speaker_role: Optional[str]
    speaker_org: Optional[str]
    text: str
    direct: Optional[bool]
    published: Optional[str]
    start: Optional[int]
    end: Optional[int]
    evidence: Optional[str]


class Figure(Model):
    """A figure (quantity) with what it measures, whom it concerns and its evidence sentence."""
    doc: str
    seq: int
    value: Optional[float]
    value_max: Optional[float]
    unit: Optional[str]
    qualifier: Optional[str]
    measure: Optional[str]
    subjects: List[str]
    date: Optional[str]
    text: Optional[str]
    paired_with: Optional[int] = Field(description="seq of the figure giving the same amount in another unit")
    published: Optional[str]
    start: Optional[int]
    end: Optional[int]
    sent_start: Optional[int]
    evidence: Optional[str]


class DateMention(Model):
    start: int
    end: int
    text: str
    value: Optional[str]
    precision: Optional[str]
    value_end: Optional[str]
    kind: Optional[str]


class CommentStance(Model):
    comment: int
    entity: str
    stance: str
    score: Optional[float]


class DocumentDetail(Model):
    """One document: metadata, parts, citations, comments, mentions and every record extracted from it."""
    id: str
    hash: str
    source: Optional[str]
    format: Optional[str]
    title: Optional[str]
    published: Optional[str]
    url: Optional[str]
    author: Optional[str]
    meta: Dict[str, Any]
    ingested_at: str
    extractor: Optional[str] = Field(description="version of the extractor that produced the records")
    parts: Dict[str, Part] = Field(description="by kind: title, body, notes, furniture, comments")
    body: str
    citations: List[Citation]
    comments: List[Comment]
    mentions: List[Mention]
    roles: List[Role]
    events: List[Event] = Field(description="negated, planned and hypothetical events included (flagged)")
    quotes: List[Quote]
    figures: List[Figure]
    dates: List[DateMention]
    comment_stances: List[CommentStance]
    text: str


class Entity(Model):
    """An entity with its mention counts."""
    id: str
    kind: str
    name: str
    mentions: int
    documents: int
    origin: str = Field(description="ontology or text")
    attrs: Dict[str, Any]


class UploadResult(Model):
    id: str
    status: Literal["added", "replaced", "unchanged"]


# ------------------------------------------------------------------ evidence
class Claim(Model):
    doc: Optional[str] = Field(description="the document, null for a cited fact")
    source: Optional[str]
    value: Optional[float]
    text: Optional[str]
    evidence: Optional[str]


class Disagreement(Model):
    """Figures for one measure (same unit, subjects and period) whose values differ between sources."""
    measure: str
    unit: Optional[str]
    subjects: List[str]
    period: Optional[str]
    claims: List[Claim]


# ------------------------------------------------------------------ influence
class InfluenceSource(Model):
    """Where a score comes from; which keys appear depends on the kind of source."""
    dataset: Optional[str] = None
    rows: Optional[List[int]] = Field(None, description="1-based data rows of the imported file")
    ontology: Optional[str] = None
    baseline: Optional[str] = None
    source: Optional[str] = None
    carried_from: Optional[int] = Field(None, description="the year a missing value was carried forward from")
    coverage: Optional[float] = None
    missing_dimensions: Optional[List[str]] = None
    doc: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    type: Optional[str] = None
    score: Optional[float] = None
    evidence: Optional[str] = None


class InfluenceRow(Model):
    """One score: a power's influence on a target state in a year, by dimension (and indicator, explained)."""
    target: str
    power: str
    year: int
    dimension: str
    indicator: Optional[str]
    raw: Optional[float]
    normalised: Optional[float]
    weight: Optional[float]
    score: Optional[float]
    sources: List[InfluenceSource]


class MapEntry(Model):
    """A state's leading power and its composite share and score."""
    power: str
    share: float
    score: float


class Change(Model):
    target: str
    power: str
    change: float
    year: int


class MapSeries(Model):
    years: List[int]
    maps: Dict[str, Dict[str, MapEntry]] = Field(description="by year, then by target state")
    changes: Dict[str, List[Change]] = Field(description="by year: the biggest changes since the year before")


class FeatureProperties(Model):
    name: Optional[str]


class Geometry(Model):
    type: str = Field(description="Polygon or MultiPolygon")
    coordinates: List[Any]


class Feature(Model):
    type: Literal["Feature"]
    id: str = Field(description="ISO3 code")
    properties: FeatureProperties
    geometry: Geometry


class FeatureCollection(Model):
    type: Literal["FeatureCollection"]
    features: List[Feature]


# ------------------------------------------------------------------ scenarios
class Fan(Model):
    """Median and 10th/90th percentiles of a power's composite score by year."""
    year: List[int]
    median: List[float]
    p10: List[float]
    p90: List[float]


class VsBaseline(Model):
    target: str
    power: str
    median: float
    p10: float
    p90: float


class Simulation(Model):
    scenario: str
    description: str
    scale: float
    runs: int
    seed: int
    fan: Dict[str, Dict[str, Fan]] = Field(description="by target state, then by power")
    corridors: Dict[str, float] = Field(description="route shares in the last year")
    vs_baseline: List[VsBaseline] = Field(description="the scenario minus the baseline in the last year")


class ScenarioInfo(Model):
    name: str
    title: str
    description: str


class Shock(Model):
    """A shock as a scenario file writes it; which keys appear depends on its kind."""
    name: Optional[str] = None
    kind: Optional[str] = None
    country: Optional[str] = None
    route: Optional[str] = None
    capacity_factor: Optional[Number] = None
    powers: Optional[List[str]] = None
    targets: Optional[List[str]] = None
    dimensions: Optional[List[str]] = None
    magnitude: Optional[Number] = None
    start: Optional[Number] = None
    end: Optional[Number] = None
    ramp: Optional[Number] = None
    uncertainty: Optional[Number] = None


class ScenarioFile(Model):
    """A shipped scenario as its file writes it."""
    name: str
    description: str
    until: Optional[Number] = None
    shocks: List[Shock] = []


class Route(Model):
    label: str
    km: Optional[Number]
    days: Optional[Number]
    days_low: Optional[float]
    days_high: Optional[float]
    km_by_mode: Dict[str, Number]
    border_crossings: Number
    capacity: Optional[Number] = Field(description="TEU a year, null when uncapped or unsourced")
    capacity_unit: str
    countries: List[str]
    main_mode: str
    basis: Dict[str, str] = Field(description="for km and days: 'legs' (summed) or 'reported'")
    path: List[str]
    legs: List[str]
    sources: List[str]


class Corridors(Model):
    routes: Dict[str, Route]
    shares: Dict[str, float] = Field(description="China-Europe container freight share by route")


# ------------------------------------------------------------------ search
class SearchHit(Model):
    kind: str = Field(description="document, entity or quote")
    ref: str
    title: Optional[str]
    snippet: Optional[str]
    score: float
