"""The web dashboard and JSON API (FastAPI, Jinja2, Plotly served from the installed package).

``create_app(db)`` builds the app over a knowledge-base file. Read endpoints
are open; write endpoints (``POST /api/documents``) need the bearer token in
``GREATGAME_TOKEN`` and are off when it is unset. Nothing is loaded from
outside the server: Plotly's JavaScript comes from the plotly package.
"""
from __future__ import annotations

import hmac
import json
import os
import tempfile
import threading
import zlib
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

from fastapi import FastAPI, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..errors import GreatgameError, NotFound
from ..kb.store import KnowledgeBase

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
TARGETS = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
MAIN_POWERS = ("CHN", "RUS", "USA", "EU", "TUR")
DEFAULT_YEAR = 2020     # the overview opens on the last year most reference datasets cover
COLOURS = {"CHN": "#c0392b", "RUS": "#2c3e8f", "USA": "#16a085", "EU": "#f39c12", "TUR": "#8e44ad",
           "IRN": "#27ae60", "IND": "#d35400", "JPN": "#7f8c8d", "KOR": "#2980b9"}


@lru_cache(maxsize=1)
def plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


class State:
    """The open knowledge base, a lock for it, and cached computations invalidated by writes."""

    def __init__(self, db: Path):
        self.kb = KnowledgeBase(db)
        self.lock = threading.RLock()
        self.version = 0
        self._influence: tuple[int, Any] | None = None
        self._memo: dict[tuple[Any, ...], tuple[int, Any]] = {}

    def memo(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        """``build()``'s value, kept until the next write to the knowledge base."""
        hit = self._memo.get(key)
        if hit is None or hit[0] != self.version:
            version = self.version
            hit = (version, build())
            self._memo[key] = hit
        return hit[1]

    def cached_page(self, key: tuple[Any, ...], render: Callable[[], HTMLResponse]) -> HTMLResponse:
        """A rendered page, kept until the next write to the knowledge base."""
        return HTMLResponse(self.memo(("page",) + key, lambda: render().body.decode("utf-8")))

    def cached_json(self, request: Request, key: tuple[Any, ...], build: Callable[[], Any]) -> Response:
        """A JSON body serialised once per knowledge-base version, with an ETag so browsers can revalidate."""
        def serialise() -> tuple[str, str]:
            body = json.dumps(build(), separators=(",", ":"), default=str)
            return body, f'"{self.version}-{len(body)}-{zlib.crc32(body.encode()):08x}"'

        body, etag = self.memo(("json",) + key, serialise)
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)

    def influence(self):
        from ..influence import compute

        with self.lock:
            if self._influence is None or self._influence[0] != self.version:
                self._influence = (self.version, compute(self.kb))
            return self._influence[1]

    def ingest(self, path: Path):
        """Ingest one uploaded file; called on a worker thread, never on the event loop.

        Phase 1 (reading, and extraction: seconds, bounded by ``$GREATGAME_DOC_TIMEOUT``, else 60 s) runs
        first, in the process-wide isolated extractor (a child process: the time limit holds on any thread)
        and outside the lock, so pages keep being served meanwhile. Phase 2 stores the documents under the
        lock, one transaction per document: its report, errors included, is what a plain ingest gives.
        """
        from ..ingest import extract_documents, store_documents
        from ..ingest.isolation import shared_extractor

        extracted = list(extract_documents([path], extractor=shared_extractor()))
        with self.lock:
            report = store_documents(self.kb, extracted)
            self.version += 1
        return report


def _token_ok(authorization: Optional[str]) -> None:
    token = os.environ.get("GREATGAME_TOKEN")
    if not token:
        raise HTTPException(403, "write endpoints are off: set GREATGAME_TOKEN to enable them")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "missing or wrong bearer token")


def _body_html(text: str, segments: list[list[int]], spans: list[tuple[int, int, str, str]],
               focus: tuple[int, int] | None) -> Markup:
    """The document's body, segment by segment, highlighted. Between two segments, spacing and inline markers
    ("[17]") are kept; a block of footnotes or page furniture the reader found at a page break is left out
    (shown as "[…]"; the notes are listed with the citations). A span that runs across segments is marked in
    each; the first piece of the followed evidence gets its anchor."""
    if not segments:
        segments = [[0, len(text)]]
    out, anchored, previous = [], False, None
    for start, end in segments:
        inside = [(max(a, start) - start, min(b, end) - start, c, t) for a, b, c, t in spans if a < end and b > start]
        piece_focus = None
        if focus and not anchored and focus[0] < end and focus[1] > start:
            piece_focus = (max(focus[0], start) - start, min(focus[1], end) - start)
            anchored = True
        if previous is not None:
            gap = text[previous:start]
            if not gap.strip() or "\n" not in gap.strip():     # spacing, or an inline marker such as "[17]"
                out.append(escape(gap))
            else:                                            # a block of notes or furniture: left out
                out.append(Markup(' <span class="muted" title="notes or page furniture at a page break: see '
                                  'the citations below">[…]</span> '))
        previous = end
        out.append(_highlight(text[start:end], inside, piece_focus))
    return Markup("").join(out)


def _highlight(text: str, spans: list[tuple[int, int, str, str]], focus: tuple[int, int] | None) -> Markup:
    """The document text, escaped, with non-overlapping spans wrapped in <mark class=...>."""
    spans = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    out, pos = [], 0
    for start, end, cls, title in spans:
        if start < pos or end <= start:
            continue
        out.append(escape(text[pos:start]))
        ident = ' id="evidence"' if focus and (start, end) == focus else ""
        out.append(Markup(f'<mark class="{escape(cls)}" title="{escape(title)}"{ident}>')
                   + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def create_app(db: str | Path | None = None) -> FastAPI:
    from ..kb.store import default_path

    state = State(Path(db) if db is not None else default_path())
    # The stock /docs and /redoc pages load their scripts from a CDN: greatgame serves its own /docs,
    # rendered from the same OpenAPI schema, so the server works offline.
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # With uploads on, start the extraction child now (it loads the language model: seconds) rather
        # than on the first upload; in the background, so the server answers at once.
        if os.environ.get("GREATGAME_TOKEN"):
            from ..ingest.isolation import shared_extractor

            threading.Thread(target=shared_extractor().start, name="greatgame-extractor-warm-up",
                             daemon=True).start()
        yield
        state.kb.close()

    app = FastAPI(title="greatgame", description="Great-power influence in Central Asia: evidence, index, "
                                                 "scenarios.", version="0.1.0", docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    app.state.gg = state

    @app.middleware("http")
    async def limit_request_size(request: Request, call_next):
        """Refuse request bodies over MAX_UPLOAD_BYTES before reading them."""
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            return JSONResponse({"detail": "bad Content-Length"}, status_code=400)
        if length > MAX_UPLOAD_BYTES:
            return JSONResponse({"detail": f"request larger than {MAX_UPLOAD_BYTES} bytes"}, status_code=413)
        return await call_next(request)

    # ------------------------------------------------------------ static
    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_static() -> Response:
        return Response(plotly_js(), media_type="application/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    # ------------------------------------------------------------ JSON API
    @app.get("/api/documents", tags=["documents"])
    def api_documents() -> list[dict[str, Any]]:
        with state.lock:
            return state.kb.documents()

    @app.get("/api/documents/{doc_id:path}", tags=["documents"])
    def api_document(doc_id: str) -> dict[str, Any]:
        with state.lock:
            try:
                return json.loads(json.dumps(state.kb.document(doc_id), default=str))
            except NotFound as exc:
                raise HTTPException(404, str(exc)) from None

    @app.post("/api/documents", tags=["documents"], status_code=201)
    async def api_upload(request: Request, file: Optional[UploadFile] = File(None),
                         authorization: Optional[str] = Header(None)) -> dict[str, Any]:
        """Ingest a document: a file (multipart) or JSON {"id", "text", "title", "published", "url"}."""
        _token_ok(authorization)
        length = int(request.headers.get("content-length") or 0)
        if length > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"document larger than {MAX_UPLOAD_BYTES} bytes")
        with tempfile.TemporaryDirectory() as tmp:
            if file is not None:
                name = Path(file.filename or "upload.txt").name
                if not name or name.startswith("."):
                    raise HTTPException(422, "the file needs a name")
                data = await file.read(MAX_UPLOAD_BYTES + 1)
                if len(data) > MAX_UPLOAD_BYTES:
                    raise HTTPException(413, f"document larger than {MAX_UPLOAD_BYTES} bytes")
                path = Path(tmp) / name
                path.write_bytes(data)
            else:
                try:
                    body = await request.json()
                except ValueError:
                    raise HTTPException(422, "send a file (multipart) or a JSON object") from None
                if not isinstance(body, dict) or not body.get("id") or not isinstance(body.get("text"), str):
                    raise HTTPException(422, "JSON documents need 'id' and 'text'")
                path = Path(tmp) / "upload.jsonl"
                path.write_text(json.dumps(body) + "\n", encoding="utf-8")
            report = await run_in_threadpool(state.ingest, path)
        if report.errors:
            raise HTTPException(422, str(report.errors[0]).replace(tmp, ""))
        ids = report.added + report.replaced + report.unchanged
        return {"id": ids[0], "status": "added" if report.added else "replaced" if report.replaced else "unchanged"}

    @app.get("/api/entities", tags=["entities"])
    def api_entities(kind: Optional[str] = None, doc: Optional[str] = None) -> list[dict[str, Any]]:
        with state.lock:
            try:
                return state.kb.entities(doc=doc, kind=kind)
            except NotFound as exc:
                raise HTTPException(404, str(exc)) from None

    @app.get("/api/events", tags=["evidence"])
    def api_events(actor: Optional[str] = None, type: Optional[str] = None, context: Optional[str] = None,
                   since: Optional[str] = None, until: Optional[str] = None) -> list[dict[str, Any]]:
        with state.lock:
            rows = state.kb.events(actor=actor, type=type, since=since, until=until)
        return [r for r in rows if not context or context in r["contexts"]]

    @app.get("/api/quotes", tags=["evidence"])
    def api_quotes(speaker: Optional[str] = None, since: Optional[str] = None) -> list[dict[str, Any]]:
        with state.lock:
            return state.kb.quotes(speaker=speaker, since=since)

    @app.get("/api/figures", tags=["evidence"])
    def api_figures(actor: Optional[str] = None, unit: Optional[str] = None) -> list[dict[str, Any]]:
        with state.lock:
            return state.kb.figures(actor=actor, unit=unit)

    @app.get("/api/disagreements", tags=["evidence"])
    def api_disagreements() -> list[dict[str, Any]]:
        with state.lock:
            return state.kb.disagreements()

    @app.get("/api/influence", tags=["influence"])
    def api_influence(target: Optional[str] = None, year: Optional[int] = None, power: Optional[str] = None,
                      explain: bool = False) -> list[dict[str, Any]]:
        from ..influence import to_records

        res = state.influence()
        if target:
            res = res[res.target == target]
        if year:
            res = res[res.year == year]
        if power:
            res = res[res.power == power]
        if not explain:
            res = res[res.indicator.isna()]
        return json.loads(json.dumps(to_records(res), default=str))

    @app.get("/api/map", tags=["influence"])
    def api_map(year: int = Query(2020, ge=1992, le=2100)) -> dict[str, Any]:
        """Each Central Asian state's leading power and its composite share in ``year``."""
        return _map_data(state, year)

    @app.get("/api/map/series", tags=["influence"])
    def api_map_series(request: Request) -> Response:
        """For every year with composite scores: each state's leading power and share (``maps``) and the biggest
        changes in composite score since the year before (``changes``). What the overview's year slider shows."""
        return state.cached_json(request, ("map-series",), lambda: _map_series(state))

    @app.get("/api/boundaries", tags=["influence"])
    def api_boundaries(request: Request) -> Response:
        """The map's country shapes as GeoJSON (Natural Earth, simplified; Russia unwrapped at the antimeridian).
        Empty until `greatgame data import` has loaded the boundaries."""
        return state.cached_json(request, ("boundaries",), lambda: _geojson(state))

    @app.post("/api/simulate", tags=["scenarios"])
    def api_simulate(scenario: str = Form("baseline"), runs: int = Form(500, ge=10, le=2000),
                     seed: int = Form(0, ge=0, le=2**32 - 1), until: int = Form(2035, ge=2026, le=2060),
                     scale: float = Form(1.0, ge=0.0, le=5.0),
                     shocks: Optional[str] = Form(None, max_length=100_000)) -> dict[str, Any]:
        """Run a shipped scenario and the baseline. ``shocks``: the scenario's shocks edited, a JSON list of
        mappings as in a scenario file (see ``GET /api/scenarios/{name}``), validated as a file is; ``scale``
        then multiplies the attractiveness shocks' magnitudes."""
        return _simulate(state, scenario, runs, seed, until, scale, shocks)

    @app.get("/api/scenarios", tags=["scenarios"])
    def api_scenarios() -> list[dict[str, Any]]:
        """The shipped scenarios: name, title and description."""
        from ..simulate.scenario import shipped_data, shipped_names

        return [{"name": n, "title": d["name"], "description": " ".join(d["description"].split())}
                for n in shipped_names() for d in [shipped_data(n)]]

    @app.get("/api/scenarios/{name}", tags=["scenarios"])
    def api_scenario(name: str) -> dict[str, Any]:
        """One shipped scenario as its file writes it: name, description, until and shocks."""
        from ..simulate.scenario import shipped_data, shipped_names

        if name not in shipped_names():
            raise HTTPException(404, f"no scenario {name!r}: one of {', '.join(shipped_names())}")
        return json.loads(json.dumps(shipped_data(name), default=str))

    @app.get("/api/corridors", tags=["scenarios"])
    def api_corridors(scenario: Optional[str] = None) -> dict[str, Any]:
        from ..simulate import corridors as cm
        from ..simulate.run import corridor_conditions, read_scenario

        net = cm.load_network()
        shares = cm.route_shares(net)
        if scenario:
            with state.lock:
                sc = _scenario(state, scenario)
            shares = cm.route_shares(net, corridor_conditions(sc, sc.until or 2035))
        return {"routes": cm.routes(net), "shares": shares}

    @app.get("/api/search", tags=["search"])
    def api_search(q: str = Query(..., min_length=1, max_length=200), limit: int = Query(20, ge=1, le=100)
                   ) -> list[dict[str, Any]]:
        with state.lock:
            return state.kb.search(q, limit)

    # ------------------------------------------------------------ pages
    def page(request: Request, template: str, **ctx: Any) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, template, {"targets": TARGETS, **ctx})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, year: Optional[int] = Query(None, ge=1900, le=2100)) -> HTMLResponse:
        years = _years(state)
        if year is None:
            year = DEFAULT_YEAR if DEFAULT_YEAR in years else (years[-1] if years else DEFAULT_YEAR)
        elif years:
            year = min(max(year, years[0]), years[-1])
        return state.cached_page(("overview", year), lambda: _overview(request, year, years))

    def _overview(request: Request, year: int, years: list[int]) -> HTMLResponse:
        # The page carries only what the first view needs; the map's shapes and every year's figures come from
        # /api/boundaries and /api/map/series, fetched once by the page's script and revalidated by ETag.
        with state.lock:
            dated = [e for e in state.kb.events() if e["date"]]
        latest = sorted(dated, key=lambda e: e["date"], reverse=True)[:12]
        return page(request, "overview.html.j2", year=year, years=years or [year], changes=_changes(state, year),
                    latest=latest, colours=Markup(json.dumps(COLOURS)))

    @app.get("/country/{iso3}", response_class=HTMLResponse, include_in_schema=False)
    def country(request: Request, iso3: str) -> HTMLResponse:
        if iso3 not in TARGETS:
            raise HTTPException(404, f"no country page for {iso3!r}: one of {', '.join(TARGETS)}")
        return state.cached_page(("country", iso3), lambda: _country(request, iso3))

    def _country(request: Request, iso3: str) -> HTMLResponse:
        res = state.influence()
        res = res[(res.target == iso3) & res.indicator.isna()]
        series: dict[str, dict[str, Any]] = {}
        for dim in ("composite", "economic", "security", "diplomatic", "connectivity"):
            sub = res[res.dimension == dim]
            series[dim] = {p: {"x": [int(y) for y in g.year], "y": [round(float(v), 2) for v in g.score]}
                           for p, g in sub.groupby("power") if p in MAIN_POWERS}
        with state.lock:
            events = state.kb.events(actor=iso3)
            figures = state.kb.figures(actor=iso3)
            disputes = [d for d in state.kb.disagreements() if iso3 in d["subjects"] or "C5" in d["subjects"]]
            doc_ids = {e["doc"] for e in events}
            quotes = _rank_quotes([q for q in state.kb.quotes() if q["doc"] in doc_ids], iso3)
        name = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "TKM": "Turkmenistan",
                "UZB": "Uzbekistan"}[iso3]
        return page(request, "country.html.j2", iso3=iso3, name=name, series=Markup(json.dumps(series)),
                    colours=Markup(json.dumps(COLOURS)), events=events, quotes=quotes[:40], figures=figures[:40],
                    disputes=disputes)

    @app.get("/doc/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document(request: Request, doc_id: str, hl: Optional[str] = None) -> HTMLResponse:
        with state.lock:
            try:
                d = state.kb.document(doc_id)
            except NotFound as exc:
                raise HTTPException(404, str(exc)) from None
        focus = None
        if hl:
            try:
                a, b = (int(x) for x in hl.split("-", 1))
                focus = (a, b)
            except ValueError:
                raise HTTPException(422, "hl must be START-END") from None
        text = d["text"]
        spans: list[tuple[int, int, str, str]] = []
        if focus:
            spans.append((focus[0], focus[1], "focus", "evidence"))
        for e in d["events"]:
            spans.append((e["start"], e["end"], "event", f"{e['type']}: {','.join(e['actors'])}"))
        for q in d["quotes"]:
            spans.append((q["start"], q["end"], "quote", f"quote: {q['speaker']}"))
        for f in d["figures"]:
            spans.append((f["start"], f["end"], "figure", f"{f['value']:g} {f['unit']}"))
        for m in d["mentions"]:
            if m["entity"] and m["part"] not in ("comments", "notes"):
                spans.append((m["start"], m["end"], "mention", m["entity"]))
        if focus:
            # the followed evidence always shows: spans that overlap it give way
            spans = [sp for sp in spans if sp[2] == "focus" or sp[1] <= focus[0] or sp[0] >= focus[1]]
        html_text = _body_html(text, d["parts"].get("body", {}).get("segments", []), spans, focus)
        return page(request, "document.html.j2", d=d, html_text=html_text)

    @app.get("/explorer", response_class=HTMLResponse, include_in_schema=False)
    def explorer(request: Request, actor: Optional[str] = None, type: Optional[str] = None,
                 context: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None
                 ) -> HTMLResponse:
        rows = api_events(actor or None, type or None, context or None, since or None, until or None)
        return page(request, "explorer.html.j2", events=rows, network=Markup(json.dumps(_network(rows))),
                    choices=state.memo(("explorer-choices",), lambda: _event_choices(state)),
                    f={"actor": actor or "", "type": type or "", "context": context or "", "since": since or "",
                       "until": until or ""})

    @app.get("/scenarios", response_class=HTMLResponse, include_in_schema=False)
    def scenarios(request: Request) -> HTMLResponse:
        from ..simulate.scenario import shipped_names

        return page(request, "scenarios.html.j2", names=shipped_names(), colours=Markup(json.dumps(COLOURS)))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        hits = api_search(q, 30) if q.strip() else []
        return page(request, "search.html.j2", q=q, hits=hits)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        schema = app.openapi()
        ops = []
        for path, methods in schema.get("paths", {}).items():
            for method, op in methods.items():
                params = [p.get("name") for p in op.get("parameters", [])]
                ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                            "description": op.get("description", ""), "params": params,
                            "tags": ", ".join(op.get("tags", []))})
        return page(request, "apidocs.html.j2", ops=ops, title=schema["info"]["title"],
                    version=schema["info"]["version"])

    @app.exception_handler(GreatgameError)
    def gg_error(request: Request, exc: GreatgameError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    return app


# ---------------------------------------------------------------- helpers

def _scenario(state: State, name: str):
    from ..simulate.run import read_scenario
    from ..simulate.scenario import shipped_names

    if name not in shipped_names():
        raise HTTPException(404, f"no scenario {name!r}: one of {', '.join(shipped_names())}")
    return read_scenario(state.kb, name)


def _simulate(state: State, name: str, runs: int, seed: int, until: int, scale: float,
              shocks: str | None = None) -> dict[str, Any]:
    import dataclasses

    from ..simulate.run import compare, edited_scenario, run
    from ..simulate.scenario import Scenario

    edits = None
    if shocks is not None:
        try:
            edits = json.loads(shocks)
        except ValueError:
            raise HTTPException(422, "shocks must be a JSON list of shock mappings") from None
        if not isinstance(edits, list):
            raise HTTPException(422, "shocks must be a JSON list of shock mappings")
    with state.lock:
        sc = _scenario(state, name)
        if edits is not None:
            sc = edited_scenario(state.kb, name, edits)
        scaled = Scenario(sc.name, sc.description, tuple(
            dataclasses.replace(s, magnitude=s.magnitude * scale) if s.kind == "attractiveness" else s
            for s in sc.shocks), sc.until, sc.path)
        base = _scenario(state, "baseline")
        r = run(state.kb, scaled, runs=runs, seed=seed, until=until)
        b = run(state.kb, base, runs=runs, seed=seed, until=until)
    summary = r.summary()
    diff = compare(b, r)
    fan = {t: {p: {"year": [int(y) for y in g.year], "median": [round(float(v), 4) for v in g["median"]],
                   "p10": [round(float(v), 4) for v in g.p10], "p90": [round(float(v), 4) for v in g.p90]}
               for p, g in summary[summary.target == t].groupby("power") if p in MAIN_POWERS}
           for t in r.targets}
    last = diff[diff.year == r.years[-1]]
    return {"scenario": sc.name, "description": sc.description, "scale": scale, "runs": runs, "seed": seed,
            "fan": fan, "corridors": r.corridor_shares.get(r.years[-1], {}),
            "vs_baseline": [{"target": x.target, "power": x.power, "median": round(float(x["median"]), 4),
                             "p10": round(float(x.p10), 4), "p90": round(float(x.p90), 4)}
                            for _, x in last.iterrows() if x.power in MAIN_POWERS]}


def _map_data(state: State, year: int) -> dict[str, Any]:
    res = state.influence()
    comp = res[(res.dimension == "composite") & (res.year == year)]
    out = {}
    for t, g in comp.groupby("target"):
        total = float(g.score.sum())
        if total <= 0:
            continue
        top = g.sort_values("score", ascending=False).iloc[0]
        out[t] = {"power": top.power, "share": round(float(top.score) / total, 4), "score": round(float(top.score), 1)}
    return out


def _rank_quotes(quotes: list[dict[str, Any]], iso3: str) -> list[dict[str, Any]]:
    """Quotes from documents about ``iso3``, those about it first: said by its own people or its state, then
    those whose sentence names it (name, adjective, demonym, capital...), then the rest; newest first within."""
    import re

    from ..ontology import load

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


def _event_choices(state: State) -> dict[str, list[str]]:
    """The actors, PLOVER types and contexts the stored events use: the explorer's filter suggestions."""
    with state.lock:
        events = state.kb.events()
    return {"actors": sorted({a for e in events for a in e["actors"] + e["recipients"]}),
            "types": sorted({e["type"] for e in events}),
            "contexts": sorted({c for e in events for c in e["contexts"]})}


def _years(state: State) -> list[int]:
    """The years with composite scores."""
    def build() -> list[int]:
        res = state.influence()
        return sorted(int(y) for y in res[res.dimension == "composite"].year.unique())

    return state.memo(("years",), build)


def _map_series(state: State) -> dict[str, Any]:
    years = _years(state)
    return {"years": years, "maps": {y: _map_data(state, y) for y in years},
            "changes": {y: _changes(state, y) for y in years}}


def _changes(state: State, year: int) -> list[dict[str, Any]]:
    res = state.influence()
    comp = res[res.dimension == "composite"]
    now = comp[comp.year == year].set_index(["target", "power"]).score
    before = comp[comp.year == year - 1].set_index(["target", "power"]).score
    delta = (now - before).dropna()
    rows = [{"target": t, "power": p, "change": round(float(v), 1), "year": year}
            for (t, p), v in delta.items()]
    return sorted(rows, key=lambda r: -abs(r["change"]))[:8]


def _geojson(state: State) -> dict[str, Any]:
    from .geo import feature_collection

    with state.lock:
        if not state.kb.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'boundaries'"
                                    ).fetchone()[0]:
            return {"type": "FeatureCollection", "features": []}
        rows = state.kb.con.execute("SELECT iso3, name, geometry FROM boundaries WHERE resolution = 'region-50m' "
                                    "ORDER BY iso3").fetchall()
    return feature_collection(rows)


def _network(events: list[dict[str, Any]]) -> dict[str, Any]:
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
