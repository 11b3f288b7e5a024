"""Evidence: events, quotes, figures and the figures sources disagree on (JSON)."""
from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter

from ..deps import StateDep
from ..schemas import Disagreement, Event, Figure, Quote
from ..state import State

router = APIRouter()


def filter_events(state: State, actor: Optional[str] = None, type: Optional[str] = None,  # noqa: A002
                  context: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None
                  ) -> list[dict[str, Any]]:
    """Events by actor, PLOVER type, context and date (what /api/events and the explorer list)."""
    with state.read() as kb:
        rows = kb.events(actor=actor, type=type, since=since, until=until)
    return [r for r in rows if not context or context in r["contexts"]]


@router.get("/api/events", tags=["evidence"], response_model=list[Event])
def api_events(state: StateDep, actor: Optional[str] = None, type: Optional[str] = None,  # noqa: A002
               context: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None
               ) -> list[dict[str, Any]]:
    return filter_events(state, actor, type, context, since, until)


@router.get("/api/quotes", tags=["evidence"], response_model=list[Quote])
def api_quotes(state: StateDep, speaker: Optional[str] = None, since: Optional[str] = None) -> list[dict[str, Any]]:
    with state.read() as kb:
        return kb.quotes(speaker=speaker, since=since)


@router.get("/api/figures", tags=["evidence"], response_model=list[Figure])
def api_figures(state: StateDep, actor: Optional[str] = None, unit: Optional[str] = None) -> list[dict[str, Any]]:
    with state.read() as kb:
        return kb.figures(actor=actor, unit=unit)


@router.get("/api/disagreements", tags=["evidence"], response_model=list[Disagreement])
def api_disagreements(state: StateDep) -> list[dict[str, Any]]:
    with state.read() as kb:
        return kb.disagreements()
