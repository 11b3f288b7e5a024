"""The evidence explorer: events filtered by actor (a name, alias or id), a second party, type, context and date,
with the actors' network. The filters are the page's address (a GET form), so a view is shared as a link."""
from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ...errors import UnknownName
from ..deps import StateDep, render
from ..formats import links
from ..state import State
from .evidence import filter_events

router = APIRouter()


@router.get("/explorer", response_class=HTMLResponse, include_in_schema=False)
def explorer(request: Request, state: StateDep, actor: Optional[str] = None, type: Optional[str] = None,  # noqa: A002
             context: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
             with_: Optional[str] = Query(None, alias="with")) -> HTMLResponse:
    f = {"actor": actor or "", "with": with_ or "", "type": type or "", "context": context or "",
         "since": since or "", "until": until or ""}
    problem = None
    try:
        rows = filter_events(state, actor or None, type or None, context or None, since or None, until or None,
                             with_=with_ or None)
    except UnknownName as exc:           # an actor that names nothing: say so, with the closest names
        rows, problem = [], str(exc)
    docs = {e["doc"] for e in rows}
    dates = sorted(e["date"] for e in rows if e["date"])
    return render(request, "explorer.html.j2", events=rows, data={"network": network(rows)},
                  choices=state.memo(("explorer-choices",), lambda: event_choices(state)), f=f, problem=problem,
                  source=f"Source: {len(rows)} events extracted from {len(docs)} documents",
                  through=dates[-1][:4] if dates else None,
                  downloads=links("/api/events", **{k: v for k, v in f.items()}))


def event_choices(state: State) -> dict[str, list[str]]:
    """The actors, PLOVER types and contexts the stored events use: the explorer's filter suggestions."""
    with state.read() as kb:
        events = kb.events()
    return {"actors": sorted({a for e in events for a in e["actors"] + e["recipients"]}),
            "types": sorted({e["type"] for e in events}),
            "contexts": sorted({c for e in events for c in e["contexts"]})}


def network(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Actors as nodes; edges weighted by events, coloured by net PLOVER score (cooperation or conflict)."""
    import networkx as nx

    g = nx.Graph()
    for e in events:
        parties = list(dict.fromkeys(e["actors"] + e["recipients"]))
        for i, a in enumerate(parties):
            for b in parties[i + 1:]:
                w = g.get_edge_data(a, b, {"weight": 0, "score": 0.0})
                g.add_edge(a, b, weight=w["weight"] + 1, score=w["score"] + float(e["score"] or 0))
    if not g:
        return {"nodes": [], "edges": []}
    pos = nx.spring_layout(g, seed=1, weight="weight")
    return {"nodes": [{"id": n, "x": float(pos[n][0]), "y": float(pos[n][1]), "degree": g.degree(n)} for n in g],
            "edges": [{"a": a, "b": b, "weight": d["weight"], "score": d["score"]} for a, b, d in g.edges(data=True)]}
