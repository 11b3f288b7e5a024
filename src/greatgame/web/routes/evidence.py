"""Evidence: events, quotes, figures and the figures sources disagree on (JSON, or CSV / JSON Lines with
``?format=``). Every actor parameter takes a name, an alias or an id ("Tokayev", "China", "CSTO", "KAZ"); one
that names nothing is a 422 whose detail lists the closest matches."""
from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query

from ...kb.rows import EventRow, FigureRow, QuoteRow
from ..deps import StateDep
from ..formats import FORMAT_RESPONSES, FormatQuery, ListFormat, listing
from ..schemas import Disagreement, Event, Figure, Quote
from ..state import State

router = APIRouter()
CLAIM_FIELDS = ["measure", "unit", "subjects", "period", "value", "source", "doc", "text", "evidence"]


def filter_events(state: State, actor: Optional[str] = None, type: Optional[str] = None,  # noqa: A002
                  context: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                  with_: Optional[str] = None, doc: Optional[str] = None) -> list[dict[str, Any]]:
    """Events by actor (and a second party), PLOVER type, context and date (what /api/events and the explorer
    list)."""
    with state.read() as kb:
        rows = kb.events(actor=actor, with_=with_ if actor else None, type=type, since=since, until=until, doc=doc)
    return [r for r in rows if not context or context in r["contexts"]]


@router.get("/api/events", tags=["evidence"], response_model=list[Event], responses=FORMAT_RESPONSES)
def api_events(state: StateDep, actor: Optional[str] = None,
               with_: Optional[str] = Query(None, alias="with", description="a second party: events involving "
                                                                            "both (with actor)"),
               type: Optional[str] = None,  # noqa: A002
               context: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
               doc: Optional[str] = None, fmt: ListFormat = FormatQuery) -> Any:
    """Events with their evidence sentence; ``actor`` and ``with`` take names, aliases or ids."""
    rows = filter_events(state, actor, type, context, since, until, with_=with_, doc=doc)
    return listing(rows, fmt, "events", list(EventRow.__dataclass_fields__))


@router.get("/api/quotes", tags=["evidence"], response_model=list[Quote], responses=FORMAT_RESPONSES)
def api_quotes(state: StateDep, speaker: Optional[str] = None,
               people: bool = Query(False, description="with a state as speaker, also the people who act for it"),
               about: Optional[str] = Query(None, description="a Central Asian state: the quotes about it, as its "
                                                              "country page lists them"),
               since: Optional[str] = None, until: Optional[str] = None, doc: Optional[str] = None,
               fmt: ListFormat = FormatQuery) -> Any:
    """Quotes and reported speech with their speaker and evidence sentence."""
    with state.read() as kb:
        rows = kb.quotes(speaker=speaker, since=since, until=until, doc=doc, people=people)
        if about:
            from ...kb.about import quotes_about

            rows = quotes_about(kb, kb.resolve(about), rows)
    return listing(rows, fmt, "quotes", list(QuoteRow.__dataclass_fields__))


@router.get("/api/figures", tags=["evidence"], response_model=list[Figure], responses=FORMAT_RESPONSES)
def api_figures(state: StateDep, actor: Optional[str] = None, unit: Optional[str] = None,
                since: Optional[str] = None, until: Optional[str] = None, doc: Optional[str] = None,
                fmt: ListFormat = FormatQuery) -> Any:
    with state.read() as kb:
        rows = kb.figures(actor=actor, unit=unit, since=since, until=until, doc=doc)
    return listing(rows, fmt, "figures", list(FigureRow.__dataclass_fields__))


@router.get("/api/disagreements", tags=["evidence"], response_model=list[Disagreement], responses=FORMAT_RESPONSES)
def api_disagreements(state: StateDep, fmt: ListFormat = FormatQuery) -> Any:
    """Measures reported with different values; CSV gives one line per claim."""
    with state.read() as kb:
        groups = kb.disagreements()
    if fmt == "csv":
        claims = [{**{k: g[k] for k in ("measure", "unit", "subjects", "period")}, **c} for g in groups
                  for c in g["claims"]]
        return listing(claims, fmt, "disagreements", CLAIM_FIELDS)
    return listing(groups, fmt, "disagreements")
