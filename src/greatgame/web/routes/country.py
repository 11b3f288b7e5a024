"""The country pages: one Central Asian state's influence series, events, quotes, figures and disputes."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from ...regions import COLOURS, MAIN_POWERS, NAMES, TARGETS
from ..deps import StateDep, render
from ..state import State

router = APIRouter()


@router.get("/country/{iso3}", response_class=HTMLResponse, include_in_schema=False)
def country(request: Request, iso3: str, state: StateDep) -> HTMLResponse:
    if iso3 not in TARGETS:
        raise HTTPException(404, f"no country page for {iso3!r}: one of {', '.join(TARGETS)}")
    return state.cached_page(("country", iso3), lambda: _country(request, state, iso3))


def _country(request: Request, state: State, iso3: str) -> HTMLResponse:
    res = state.influence()
    res = res[(res.target == iso3) & res.indicator.isna()]
    from ...influence import DIMENSIONS

    def num(v: Any) -> float | None:
        return None if v is None or v != v else round(float(v), 2)

    series: dict[str, dict[str, Any]] = {}
    for dim in ("composite", *DIMENSIONS):
        sub = res[res.dimension == dim]
        series[dim] = {p: {"x": [int(y) for y in g.year], "y": [num(v) for v in g.score],
                           "lo": [num(v) for v in g.lo], "hi": [num(v) for v in g.hi], "basis": list(g.basis)}
                       for p, g in sub.groupby("power") if p in MAIN_POWERS}
    with state.read() as kb:
        events = kb.events(actor=iso3)
        figures = kb.figures(actor=iso3)
        disputes = [d for d in kb.disagreements() if iso3 in d["subjects"] or "C5" in d["subjects"]]
        doc_ids = {e["doc"] for e in events}
        quotes = rank_quotes([q for q in kb.quotes() if q["doc"] in doc_ids], iso3)
    return render(request, "country.html.j2", iso3=iso3, name=NAMES[iso3],
                  data={"series": series, "colours": COLOURS, "dimensions": ["composite", *DIMENSIONS]},
                  dimensions=["composite", *DIMENSIONS], events=events, quotes=quotes[:40], figures=figures[:40],
                  disputes=disputes)


def rank_quotes(quotes: list[dict[str, Any]], iso3: str) -> list[dict[str, Any]]:
    """Quotes from documents about ``iso3``, those about it first: said by its own people or its state, then
    those whose sentence names it (name, adjective, demonym, capital...), then the rest; newest first within."""
    import re

    from ...ontology import load

    ont = load()
    names = sorted({n.text for n in ont.names if n.entity == iso3}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else None

    def rank(q: dict[str, Any]) -> int:
        speaker = ont.entities.get(q["speaker"] or "")
        if q["speaker"] == iso3 or (speaker is not None and speaker.attrs.get("country") == iso3):
            return 2
        return 1 if pattern is not None and pattern.search(q["evidence"] or "") else 0

    newest = sorted(quotes, key=lambda q: q["published"] or "", reverse=True)
    return sorted(newest, key=rank, reverse=True)
