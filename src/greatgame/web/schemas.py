"""Response models of the JSON API: what /openapi.json says each endpoint returns.

The models mirror what the knowledge base, the influence index and the simulator return, key for key and in
the same order, so that validating a response leaves its JSON as it was. They are TypedDicts, not BaseModels:
a response of thousands of rows is validated into plain dicts (model instances cost several times as much).
They keep keys they do not name (``extra="allow"``) rather than drop them; ``NotRequired`` keys appear only
where the data has them. Numbers that come from YAML as written (scenario files, corridor data) are ``Number``
(int or float) so that an integer stays an integer.
"""
from __future__ import annotations

from typing import Annotated, Any, Dict, List, Literal, Optional, Union

from pydantic import ConfigDict, Field, with_config
from typing_extensions import NotRequired, TypedDict   # pydantic needs typing_extensions' TypedDict on Python < 3.12

Number = Union[int, float]
open_keys = with_config(ConfigDict(extra="allow"))


# ------------------------------------------------------------------ documents and entities
@open_keys
class DocumentSummary(TypedDict):
    """One stored document, as the document list shows it."""
    id: str
    title: Optional[str]
    published: Annotated[Optional[str], Field(description="publication date as given (ISO, to the day, month or year)")]
    format: Optional[str]
    source: Optional[str]
    chars: Annotated[Optional[int], Field(description="length of the text in characters")]
    citations: int
    comments: int
    entities: Annotated[int, Field(description="distinct entities mentioned")]


@open_keys
class Part(TypedDict):
    """A part of a document (title, body, notes, furniture, comments): its text and its segments."""
    text: Optional[str]
    segments: Annotated[List[List[int]], Field(description="[start, end] character offsets into the document's text")]


@open_keys
class Citation(TypedDict):
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


@open_keys
class Comment(TypedDict):
    author: Optional[str]
    start: int
    end: int
    text: str


@open_keys
class Mention(TypedDict):
    part: str
    start: int
    end: int
    text: str
    entity: Annotated[Optional[str], Field(description="the linked entity id, null when unlinked")]
    label: Optional[str]
    method: Annotated[Optional[str], Field(description="how the mention was linked")]


@open_keys
class Role(TypedDict):
    person: str
    role: str
    org: Optional[str]
    org_text: Optional[str]


@open_keys
class Event(TypedDict):
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
    score: Annotated[Optional[float], Field(description="PLOVER cooperation (+) or conflict (-) score")]
    trigger: Optional[str]
    contexts: List[str]
    cluster: Annotated[Optional[str], Field(description="reports of one real-world event share a cluster")]
    start: Optional[int]
    end: Optional[int]
    evidence: Optional[str]
    reports: Annotated[int, Field(description="reports in the event's cluster")]


@open_keys
class Quote(TypedDict):
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


@open_keys
class Figure(TypedDict):
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
    paired_with: Annotated[Optional[int], Field(description="seq of the figure giving the same amount in another unit")]
    published: Optional[str]
    start: Optional[int]
    end: Optional[int]
    sent_start: Optional[int]
    evidence: Optional[str]


@open_keys
class DateMention(TypedDict):
    start: int
    end: int
    text: str
    value: Optional[str]
    precision: Optional[str]
    value_end: Optional[str]
    kind: Optional[str]


@open_keys
class CommentStance(TypedDict):
    comment: int
    entity: str
    stance: str
    score: Optional[float]


@open_keys
class DocumentDetail(TypedDict):
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
    extractor: Annotated[Optional[str], Field(description="version of the extractor that produced the records")]
    parts: Annotated[Dict[str, Part], Field(description="by kind: title, body, notes, furniture, comments")]
    body: str
    citations: List[Citation]
    comments: List[Comment]
    mentions: List[Mention]
    roles: List[Role]
    events: Annotated[List[Event], Field(description="negated, planned and hypothetical events included (flagged)")]
    quotes: List[Quote]
    figures: List[Figure]
    dates: List[DateMention]
    comment_stances: List[CommentStance]
    text: str


@open_keys
class Entity(TypedDict):
    """An entity with its mention counts."""
    id: str
    kind: str
    name: str
    mentions: int
    documents: int
    origin: Annotated[str, Field(description="ontology or text")]
    attrs: Dict[str, Any]


@open_keys
class UploadResult(TypedDict):
    id: str
    status: Literal["added", "replaced", "unchanged"]


# ------------------------------------------------------------------ evidence
@open_keys
class Claim(TypedDict):
    doc: Annotated[Optional[str], Field(description="the document, null for a cited fact")]
    source: Optional[str]
    value: Optional[float]
    text: Optional[str]
    evidence: Optional[str]


@open_keys
class Disagreement(TypedDict):
    """Figures for one measure (same unit, subjects and period) whose values differ between sources."""
    measure: str
    unit: Optional[str]
    subjects: List[str]
    period: Optional[str]
    claims: List[Claim]


# ------------------------------------------------------------------ influence
@open_keys
class InfluenceSource(TypedDict):
    """Where a score comes from; which keys appear depends on the kind of source."""
    dataset: NotRequired[Optional[str]]
    rows: NotRequired[Annotated[Optional[List[int]], Field(description="1-based data rows of the imported file")]]
    ontology: NotRequired[Optional[str]]
    baseline: NotRequired[Optional[str]]
    source: NotRequired[Optional[str]]
    note: NotRequired[Annotated[Optional[str], Field(description="how the value was obtained from the source")]]
    missing_dimensions: NotRequired[Optional[List[str]]]
    doc: NotRequired[Optional[str]]
    start: NotRequired[Optional[int]]
    end: NotRequired[Optional[int]]
    type: NotRequired[Optional[str]]
    score: NotRequired[Optional[float]]
    evidence: NotRequired[Optional[str]]


@open_keys
class InfluenceRow(TypedDict):
    """One score: a power's influence on a target state in a year, by dimension (and indicator, explained)."""
    target: str
    power: str
    year: int
    dimension: str
    indicator: Optional[str]
    raw: Optional[float]
    normalised: Annotated[Optional[float], Field(description="score / 100")]
    weight: Annotated[Optional[float], Field(description="an indicator's weight in its dimension, a dimension's in "
                                                         "the composite (renormalised over those with data)")]
    score: Annotated[Optional[float], Field(description="0-100; null: insufficient data")]
    lo: Annotated[Optional[float], Field(description="lower end of the 80% interval")]
    hi: Annotated[Optional[float], Field(description="upper end of the 80% interval")]
    basis: Annotated[str, Field(description="observed, reconciled, mirrored, nowcast or missing")]
    data_year: Annotated[Optional[int], Field(description="the year the data come from")]
    sigma: Annotated[Optional[float], Field(description="an indicator's measurement error (points)")]
    contribution: Annotated[Optional[float], Field(description="an indicator's points in the composite")]
    input_kind: Annotated[Optional[str], Field(description="share, ratio, similarity, ordinal, binary or events")]
    missing: Annotated[List[str], Field(description="dimensions without data (composite rows)")]
    sources: List[InfluenceSource]


@open_keys
class MapEntry(TypedDict):
    """A state's leading power: its share of the powers' summed composite scores, and its composite score (0-100,
    with its 80% interval), how that was obtained and the year its data are from."""
    power: str
    share: Annotated[float, Field(description="the power's composite score / the sum of all powers' (0-1): a share")]
    score: Annotated[float, Field(description="composite score, 0-100 (not a share)")]
    lo: Optional[float]
    hi: Optional[float]
    basis: str
    data_year: Annotated[Optional[int], Field(description="the year the score's data come from")]
    observed: Annotated[bool, Field(description="whether the data are the year's own (not carried from an earlier "
                                                "year, not a nowcast)")]
    name: Annotated[str, Field(description="the state's name")]
    power_name: str


@open_keys
class Change(TypedDict):
    """A change in composite score (points, 0-100 scale) since the year before."""
    target: str
    power: str
    change: float
    year: int


@open_keys
class MapSeries(TypedDict):
    years: List[int]
    maps: Annotated[Dict[str, Dict[str, MapEntry]], Field(description="by year, then by target state")]
    changes: Annotated[Dict[str, List[Change]], Field(description="by year: the biggest changes since the year before")]


@open_keys
class FeatureProperties(TypedDict):
    name: Optional[str]
    label: Annotated[List[float], Field(description="[longitude, latitude] where the map writes the name")]


@open_keys
class Geometry(TypedDict):
    type: Annotated[str, Field(description="Polygon or MultiPolygon")]
    coordinates: List[Any]


@open_keys
class Feature(TypedDict):
    type: Literal["Feature"]
    id: Annotated[str, Field(description="ISO3 code")]
    properties: FeatureProperties
    geometry: Geometry


@open_keys
class FeatureCollection(TypedDict):
    type: Literal["FeatureCollection"]
    features: List[Feature]


# ------------------------------------------------------------------ scenarios
@open_keys
class Fan(TypedDict):
    """Median and 10th/90th percentiles of a simulated series by year."""
    year: List[int]
    median: List[float]
    p10: List[float]
    p90: List[float]


@open_keys
class VsBaseline(TypedDict):
    target: str
    power: str
    median: float
    p10: float
    p90: float


@open_keys
class Simulation(TypedDict):
    scenario: str
    description: str
    scale: float
    runs: int
    seed: int
    fan: Annotated[Dict[str, Dict[str, Fan]], Field(description="by target state, then by power: share of its "
                                                                "goods trade (every power with a share, and OTH)")]
    corridors: Annotated[Dict[str, float], Field(description="route shares in the last year")]
    vs_baseline: Annotated[List[VsBaseline], Field(description="the scenario minus the baseline in the last year")]
    origin: NotRequired[int]
    start: NotRequired[Dict[str, int]]
    remittances: NotRequired[Annotated[Dict[str, Fan], Field(description="remittances received, % of GDP")]]
    baseline: NotRequired[Dict[str, Dict[str, Fan]]]
    baseline_remittances: NotRequired[Dict[str, Fan]]
    history: NotRequired[Annotated[Dict[str, Dict[str, Dict[str, List[float]]]],
                                   Field(description="observed shares from 2000: target, power, year and value")]]
    compare: NotRequired[Annotated[str, Field(description="the scenario compared with (whose fans are in "
                                                          "'baseline' and differences in 'vs_baseline')")]]
    run: NotRequired[Annotated[str, Field(description="the id of this run's rows: GET /api/runs/{run}")]]
    downloads: NotRequired[Annotated[Dict[str, Dict[str, str]],
                                     Field(description="the CSV and JSON addresses of this run's rows and corridors")]]
    skill: NotRequired[Annotated[bool, Field(description="whether the backtest on this data found skill over "
                                                         "persistence (false: not found, or not measured)")]]
    verdict: NotRequired[Annotated[str, Field(description="the backtest's verdict in one line (greatgame backtest)")]]
    difference: NotRequired[Annotated[Dict[str, Dict[str, Fan]],
                                      Field(description="the scenario minus the one compared with, run by run, by "
                                                        "target and power and year: shares as fractions")]]
    difference_remittances: NotRequired[Annotated[Dict[str, Fan], Field(
        description="the scenario minus the one compared with: remittances, % of GDP")]]


@open_keys
class OutlookRow(TypedDict):
    """One row of a simulation's export: a target, power (none for remittances) and year, naming its measure."""
    series: Annotated[str, Field(description="outlook (a scenario's bands), observed (the data the model starts "
                                             "from) or difference (B minus A, run by run)")]
    scenario: Optional[str]
    target: str
    power: Annotated[Optional[str], Field(description="the power (OTH: everyone else); none for remittances")]
    year: int
    measure: Annotated[str, Field(description="'share of goods trade' or 'remittances received' (not the "
                                              "influence index's 0-100 scores)")]
    unit: Annotated[str, Field(description="'% of goods trade', '% of GDP' or, for differences of shares, "
                                           "'percentage points'")]
    observed: Optional[float]
    median: Optional[float]
    p10: Optional[float]
    p90: Optional[float]
    p025: Optional[float]
    p975: Optional[float]


@open_keys
class CorridorRow(TypedDict):
    """One China–Europe route: its share of container freight under the conditions named and with no shocks."""
    route: str
    label: Optional[str]
    km: Optional[Number]
    days: Optional[Number]
    borders: Optional[Number]
    capacity: Optional[Number]
    share: float
    no_shocks: float
    change_pp: float
    conditions: str


@open_keys
class ScenarioInfo(TypedDict):
    name: str
    title: str
    description: str


@open_keys
class Shock(TypedDict):
    """A shock as a scenario file writes it; which keys appear depends on its kind."""
    name: NotRequired[Optional[str]]
    kind: NotRequired[Optional[str]]
    country: NotRequired[Optional[str]]
    route: NotRequired[Optional[str]]
    capacity_factor: NotRequired[Optional[Number]]
    powers: NotRequired[Optional[List[str]]]
    targets: NotRequired[Optional[List[str]]]
    dimensions: NotRequired[Optional[List[str]]]
    magnitude: NotRequired[Optional[Number]]
    start: NotRequired[Optional[Number]]
    end: NotRequired[Optional[Number]]
    ramp: NotRequired[Optional[Number]]
    driver: NotRequired[Optional[str]]
    se: NotRequired[Optional[Number]]
    source: NotRequired[Optional[str]]


@open_keys
class ScenarioFile(TypedDict):
    """A shipped scenario as its file writes it."""
    name: str
    description: str
    until: NotRequired[Optional[Number]]
    shocks: NotRequired[List[Shock]]


@open_keys
class Route(TypedDict):
    label: str
    km: Optional[Number]
    days: Optional[Number]
    days_low: Optional[float]
    days_high: Optional[float]
    km_by_mode: Dict[str, Number]
    border_crossings: Number
    capacity: Annotated[Optional[Number], Field(description="TEU a year, null when uncapped or unsourced")]
    capacity_unit: str
    countries: List[str]
    main_mode: str
    basis: Annotated[Dict[str, str], Field(description="for km and days: 'legs' (summed) or 'reported'")]
    path: List[str]
    legs: List[str]
    sources: List[str]


@open_keys
class Corridors(TypedDict):
    routes: Dict[str, Route]
    shares: Annotated[Dict[str, float], Field(description="China-Europe container freight share by route")]


# ------------------------------------------------------------------ search
@open_keys
class SearchHit(TypedDict):
    kind: Annotated[str, Field(description="document, entity or quote")]
    ref: str
    title: Optional[str]
    snippet: Optional[str]
    score: float
