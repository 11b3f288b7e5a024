"""An analyst briefing from the knowledge base, as one self-contained HTML file or as Markdown.

Sections, each numbered source cited as [n]:

1. header: the target (or Central Asia), the period, the generation date, what the knowledge base holds;
2. the influence index for the latest year with data (composite and the four dimensions by power), and the
   composite over time for the main powers (a Plotly chart inlined in HTML, a table in Markdown);
3. a timeline of events involving the target (as actor or recipient) since ``--since``;
4. notable quotes and figures, with every disputed figure shown claim by claim (never averaged);
5. the baseline scenario's 2030 outlook: median share of goods trade and 10-90% band;
6. the sources: every document cited and every dataset used.

``build`` gathers everything into a plain dict, ``render`` fills a Jinja2 template with it (HTML
autoescaped: document text and quotes never reach the page unescaped), ``write_report`` does both and
writes the file. The HTML needs no server and no network: plotly.js is inlined from the installed
plotly package, and no element loads anything from a URL.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup

from ..errors import GreatgameError, ReportError
from ..kb import KnowledgeBase
from ..regions import COLOURS, MAIN_POWERS

REGION = "Central Asia"
REGION_CODES = ("C5",)          # how extraction codes "Central Asia" as a whole
DIMENSION_COLUMNS = ("composite", "trade", "finance", "security", "diplomatic")   # the index's (influence.DIMENSIONS)
OUTLOOK_YEAR = 2030
FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
MAX_QUOTES = 15
MAX_FIGURES = 30
EVIDENCE_CHARS = 240
NAMES = {"C5": "Central Asia", "EU": "European Union", "OTH": "others"}
TEMPLATES = Path(__file__).parent / "templates"


# ---------------------------------------------------------------- options
def report_format(path: str | Path) -> str:
    """``html`` or ``md`` from the output file's extension."""
    ext = Path(path).suffix.lower()
    if ext not in FORMATS:
        raise ReportError(f"{path}: unknown report format {ext or '(no extension)'!r}: "
                          "use a file ending in .html or .md")
    return FORMATS[ext]


def check_target(target: str | None, resolver: Any = None) -> str | None:
    """The target's code (from a code in any case or a name, resolved as the CLI's ``--target``: ``resolver``, a
    knowledge base's, also knows the people found in its documents), or a ReportError naming the valid ones."""
    if target is None:
        return None
    from ..influence.index import default_panel

    from ..errors import UnknownName
    from ..ontology.resolve import target_code

    targets = default_panel().targets
    code = target.strip().upper()
    if code in targets:
        return code
    try:
        return target_code(target.strip(), targets, r=resolver)      # a name: Kazakhstan, Bishkek, Tokayev
    except UnknownName as exc:
        raise ReportError(f"{exc}" + ("" if "use one of" in str(exc) else f": use one of {', '.join(targets)}")
                          + f" (or leave --target out for all of {REGION})") from None


def check_since(since: str | None) -> str | None:
    """A date as YYYY, YYYY-MM or YYYY-MM-DD (checked to be a real date)."""
    if since is None:
        return None
    s = since.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", s)
    try:
        if not m:
            raise ValueError
        dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        raise ReportError(f"--since {since!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return s


# ---------------------------------------------------------------- formatting helpers
def one_line(text: str | None, n: int = EVIDENCE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _num(x: float, digits: int = 2) -> str:
    s = f"{x:,.{digits}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def amount(value: float | None, unit: str | None, value_max: float | None = None) -> str:
    """A figure as an analyst reads it: $127 bn, 12.5%, 1,200 troops."""
    if value is None:
        return "–"

    def one(v: float) -> str:
        if unit == "USD" or (unit and len(unit) == 3 and unit.isupper()):
            sign = "$" if unit == "USD" else ""
            tail = "" if unit == "USD" else f" {unit}"
            for scale, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "mn")):
                if abs(v) >= scale:
                    return f"{sign}{_num(v / scale)} {word}{tail}"
            return f"{sign}{_num(v)}{tail}"
        if unit == "percent":
            return f"{_num(v)}%"
        return _num(v)

    text = one(value) + (f"–{one(value_max)}" if value_max is not None else "")
    return text


def _score(v: Any) -> str | None:
    return None if v is None or pd.isna(v) else f"{float(v):.1f}"


def _interval(score: Any, lo: Any, hi: Any, basis: Any, data_year: Any = None, year: int | None = None
              ) -> dict[str, Any] | None:
    """A score cell: ``text`` 'score [lo–hi]' (80% interval), then, when its data are not the year's own, the year
    they are from and how the score was obtained ('(2023*)': data of 2023, nowcast; 'm': partner reports only);
    ``stale`` when so; None: no score (insufficient data)."""
    if score is None or pd.isna(score):
        return None
    band = "" if lo is None or pd.isna(lo) or hi is None or pd.isna(hi) else f" [{float(lo):.0f}–{float(hi):.0f}]"
    mark = {"nowcast": "*", "mirrored": "m"}.get(str(basis), "")
    dy = None if data_year is None or pd.isna(data_year) else int(data_year)
    stale = (dy is not None and year is not None and dy != year) or str(basis) == "nowcast"
    origin = (f"{dy}" if dy is not None and year is not None and dy != year else "") + mark
    how = {"nowcast": "nowcast", "mirrored": "from the partner's reports only", "reconciled": "reconciled"}.get(
        str(basis), "observed")
    return {"text": f"{float(score):.1f}{band}" + (f" ({origin})" if origin else ""), "stale": stale,
            "title": f"data of {dy if dy is not None else '?'}, {how}"}


def _pct(v: float) -> str:
    return f"{100 * float(v):.1f}"


def _party(code: str) -> str:
    return code.split(":", 1)[1] if code.startswith("org:") else code


class Names:
    """Readable names for entity ids, from the ontology (cached)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.cache: dict[str, str] = dict(NAMES)

    def __call__(self, code: str) -> str:
        if code not in self.cache:
            try:
                self.cache[code] = self.kb.entity(code)["name"] or code
            except GreatgameError:
                self.cache[code] = _party(code)
        return self.cache[code]


# ---------------------------------------------------------------- sources
class Sources:
    """The numbered source list: each document, dataset or fact gets a number on first citation."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.entries: list[dict[str, Any]] = []
        self._index: dict[tuple[str, str], int] = {}
        self._datasets: dict[str, dict[str, Any]] | None = None

    def _add(self, key: tuple[str, str], make) -> int:
        if key not in self._index:
            entry = make()
            entry["n"] = len(self.entries) + 1
            entry["kind"] = key[0]
            self.entries.append(entry)
            self._index[key] = entry["n"]
        return self._index[key]

    def document(self, doc_id: str) -> int:
        def make() -> dict[str, Any]:
            row = self.kb.document_meta(doc_id) or {"id": doc_id}
            meta = row.get("meta") or {}
            outlet = next((meta[k] for k in ("outlet", "site_name", "sitename", "publisher", "source_name")
                           if isinstance(meta.get(k), str) and meta[k]), None)
            return {"id": doc_id, "title": row.get("title") or doc_id, "outlet": outlet, "url": row.get("url"),
                    "author": row.get("author"), "published": row.get("published"),
                    "note": one_line(meta.get("note"), 200) if isinstance(meta.get("note"), str) else None}
        return self._add(("document", doc_id), make)

    def datasets(self) -> dict[str, dict[str, Any]]:
        if self._datasets is None:
            self._datasets = {r["id"]: r for r in self.kb.datasets()}
        return self._datasets

    def dataset(self, ds_id: str) -> int:
        def make() -> dict[str, Any]:
            r = self.datasets().get(ds_id, {})
            return {"id": ds_id, "title": r.get("name") or ds_id, "publisher": r.get("publisher"),
                    "licence": r.get("licence"), "url": r.get("url"), "rows": r.get("rows")}
        return self._add(("dataset", ds_id), make)

    def fact(self, source: str) -> int:
        """A cited fact's own source (a claim imported from shared/data/facts)."""
        def make() -> dict[str, Any]:
            ds = self.datasets().get("calibration-facts", {})
            return {"id": source, "title": source,
                    "note": "as recorded in " + (ds.get("name") or "the calibration facts") + " (calibration-facts)"}
        return self._add(("fact", source), make)

    def shipped(self, what: str, count: int) -> int:
        """The facts shipped with greatgame: influence baseline facts or ontology memberships."""
        def make() -> dict[str, Any]:
            if what == "baseline":
                return {"id": "baseline", "title": "Baseline facts shipped with greatgame "
                                                   "(src/greatgame/influence/data/baseline.yaml)",
                        "note": f"{count} facts used (bases, pipelines, rail links, treaties, exercises), "
                                "each with its public source in that file"}
            return {"id": "ontology", "title": "Memberships in the greatgame ontology (src/greatgame/ontology/data)",
                    "note": f"{count} organisations, each with its public source in that file"}
        return self._add((what, what), make)


# ---------------------------------------------------------------- sections
def _header(kb: KnowledgeBase, target: str | None, targets: tuple[str, ...], since: str | None,
            generated: str, names: Names) -> dict[str, Any]:
    s = kb.summary()
    counts = [("documents", s["documents"]), ("events", s["events"]), ("quotes", s["quotes"]),
              ("figures", s["figures"]), ("entities", sum(s["entities_by_kind"].values())),
              ("datasets", kb.row_count("datasets")), ("cited facts", kb.row_count("claims"))]
    if target:
        scope = f"{names(target)} ({target})"
    else:
        scope = f"{REGION} ({', '.join(targets)})"
    dates = kb.event_dates()
    if since:
        period = f"from {since} to {generated}"
    elif dates and dates[0]:
        period = f"all records (events dated {dates[0]} to {dates[1]})"
    else:
        period = "all records"
    return {"scope": scope, "title": f"Great-power competition in {names(target) if target else REGION}",
            "period": period, "generated": generated, "counts": counts, "db": str(kb.path)}


def _influence(kb: KnowledgeBase, targets: tuple[str, ...], sources: Sources, names: Names) -> dict[str, Any]:
    from ..influence.index import compute, default_panel, last_data_year

    result = compute(kb, default_panel(targets=list(targets)))
    comp = result[result.dimension == "composite"] if not result.empty else result
    with_data = comp[comp.score.notna()] if not result.empty else comp
    if result.empty or with_data.empty:
        return {"available": False,
                "message": "Insufficient data: no influence scores can be computed from this knowledge base "
                           "(run greatgame data import: it loads the reference data shipped with greatgame)."}
    year = int(with_data.year.max())
    indicators = result[result.indicator.notna()]
    through = last_data_year(indicators) if not indicators.empty else None

    # the sources behind every indicator of the index for these targets
    datasets: dict[str, int] = {}
    baseline, ontology, docs = set(), set(), []
    for srcs in result.loc[result.indicator.notna(), "sources"]:
        for s in srcs:
            if "dataset" in s:
                datasets[s["dataset"]] = datasets.get(s["dataset"], 0) + 1
            elif "baseline" in s:
                baseline.add(s["baseline"])
            elif "ontology" in s:
                ontology.add(s["ontology"])
            elif "doc" in s and s["doc"] not in docs:
                docs.append(s["doc"])
    cited = [sources.dataset(d) for d in sorted(datasets)]
    if baseline:
        cited.append(sources.shipped("baseline", len(baseline)))
    if ontology:
        cited.append(sources.shipped("ontology", len(ontology)))
    cited += [sources.document(d) for d in sorted(docs)]

    latest = result[(result.year == year) & result.indicator.isna()]
    tables = []
    for tgt in targets:
        sub = latest[latest.target == tgt]
        rows = []
        for power, g in sub.groupby("power", sort=False):
            by = {r.dimension: r for r in g.itertuples()}
            rec = {"power": power, "name": names(power), "_s": by["composite"].score if "composite" in by else None}
            for dim in DIMENSION_COLUMNS:
                r = by.get(dim)
                rec[dim] = _interval(r.score, r.lo, r.hi, r.basis, r.data_year, year) if r is not None else None
            rows.append(rec)
        rows.sort(key=lambda r: -float(r["_s"]) if r["_s"] is not None and r["_s"] == r["_s"] else 1.0)
        tables.append({"target": tgt, "name": names(tgt), "rows": rows})

    # composite over time for every power of the tables: per target, and the mean of the targets
    options = []
    pivot = comp.pivot_table(index=["target", "year"], columns="power", values="score")
    years = sorted(int(y) for y in comp.year.unique())
    powers = [p for p in default_panel().powers if p in set(with_data.power)]
    left_out = [p for p in default_panel().powers if p not in powers]
    if len(targets) > 1:
        mean = comp[comp.power.isin(powers)].groupby(["year", "power"]).score.mean().unstack()
        options.append({"label": f"{REGION} (mean of the {len(targets)} states)", "frame": mean})
    for tgt in targets:
        frame = pivot.loc[tgt] if tgt in pivot.index.get_level_values(0) else pd.DataFrame()
        options.append({"label": f"{names(tgt)} ({tgt})", "frame": frame})
    def points(frame: pd.DataFrame, power: str) -> list[float | None]:
        col = frame[power] if power in frame else pd.Series(index=years, dtype=float)
        return [None if pd.isna(v) else round(float(v), 2) for v in col]

    series = [{"label": o["label"], "powers": {p: points(o["frame"].reindex(years), p) for p in powers}}
              for o in options]
    shown = series[0]["powers"]
    first = next((i for i in range(len(years)) if any(shown[p][i] is not None for p in powers)), 0)
    chart_table = {"label": series[0]["label"], "powers": powers,
                   "rows": [{"year": years[i], "values": [None if shown[p][i] is None else f"{shown[p][i]:.1f}"
                                                          for p in powers]}
                            for i in range(first, len(years))]}
    source = ("Source: greatgame influence index from " + ", ".join(sorted(datasets))
              + ("; baseline facts" if baseline or ontology else "") + (f"; {len(docs)} documents" if docs else ""))
    return {"available": True, "year": year, "through": through, "tables": tables, "sources": cited,
            "years": years, "series": series, "chart_table": chart_table, "columns": DIMENSION_COLUMNS,
            "powers": powers, "left_out": left_out, "source_line": source,
            "first_year": years[first] if years else None, "last_year": years[-1] if years else None}


def _wrap(text: str, width: int) -> str:
    """Text broken into lines of at most ``width`` characters with <br> (Plotly's line break), each piece escaped."""
    import html
    import textwrap

    return "<br>".join(html.escape(line) for line in textwrap.wrap(text, width))


def _chart_json(influence: dict[str, Any]) -> str:
    """The Plotly figure (data, layout) as JSON that is safe inside a <script> element."""
    import plotly.graph_objects as go

    years = influence["years"][influence["years"].index(influence["first_year"]):] if influence["years"] else []
    skip = len(influence["years"]) - len(years)
    fig = go.Figure()
    powers = influence["powers"]
    for i, s in enumerate(influence["series"]):
        for p in powers:
            fig.add_trace(go.Scatter(x=years, y=s["powers"][p][skip:], name=p, mode="lines+markers",
                                     marker={"size": 4}, line={"color": COLOURS.get(p), "width": 2},
                                     visible=i == 0, connectgaps=False,
                                     hovertemplate=f"{p} %{{x}}: %{{y:.1f}}<extra></extra>"))
    caption = f"{influence['source_line']}; data through {influence['through'] or '–'}"
    if influence["left_out"]:
        caption += f". Left out (no score): {', '.join(influence['left_out'])}"
    layout: dict[str, Any] = {
        "title": {"text": "Composite influence score (0–100, not a share)", "x": 0.01},
        "xaxis": {"title": {"text": "year"}, "dtick": 2},
        "yaxis": {"title": {"text": "composite score"}, "rangemode": "tozero"},
        "annotations": [{"text": _wrap(caption, 150), "xref": "paper", "yref": "paper", "x": 0, "y": -0.42,
                         "xanchor": "left", "yanchor": "top", "showarrow": False, "align": "left",
                         "font": {"size": 10, "color": "#555"}}],
        "margin": {"l": 60, "r": 20, "t": 60, "b": 140}, "height": 500,
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"},
        "legend": {"orientation": "h", "y": -0.18}, "template": "plotly_white", "modebar": {"orientation": "v"},
    }
    if len(influence["series"]) > 1:
        n = len(powers)
        buttons = [{"label": s["label"], "method": "update",
                    "args": [{"visible": [j // n == i for j in range(n * len(influence["series"]))]}]}
                   for i, s in enumerate(influence["series"])]
        layout["updatemenus"] = [{"buttons": buttons, "direction": "down", "x": 1.0, "xanchor": "right",
                                  "y": 1.18, "yanchor": "top", "showactive": True}]
    fig.update_layout(**layout)
    text = fig.to_json()
    # no "</script>", "<!--" or "&" can end the script element early: escape them as JSON allows
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _in_scope(codes: list[str], scope: set[str]) -> bool:
    return any(c in scope for c in codes)


def _timeline(kb: KnowledgeBase, scope: set[str], since: str | None, sources: Sources) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    by_cluster: dict[str, dict[str, Any]] = {}
    for e in kb.events(since=since):
        if not _in_scope(e["actors"] + e["recipients"], scope):
            continue
        key = e["cluster"] or f"{e['doc']}#{e['seq']}"
        if key in by_cluster:
            row = by_cluster[key]
            n = sources.document(e["doc"])
            if n not in row["sources"]:
                row["sources"].append(n)
            row["reports"] += 1
            continue
        row = {"date": e["date"] or "undated", "reported": e["date_kind"] == "report", "type": e["type"],
               "mode": e["mode"], "actors": ", ".join(_party(a) for a in e["actors"]) or "?",
               "recipients": ", ".join(_party(a) for a in e["recipients"]),
               "evidence": one_line(e["evidence"]), "sources": [sources.document(e["doc"])], "reports": 1}
        by_cluster[key] = row
        rows.append(row)
    return {"rows": rows}


def _quotes(kb: KnowledgeBase, targets: tuple[str, ...], since: str | None, sources: Sources) -> dict[str, Any]:
    """The key quotes about the briefing's states (``greatgame.kb.about``, as the country pages choose them): said
    by a state or the people who act for it first, then those whose sentence names it; speakers by name."""
    from ..kb.about import ranked_about

    about = ranked_about(kb, targets, kb.quotes(since=since))

    def rank(kq: tuple[int, dict[str, Any]]) -> tuple:
        k, q = kq
        n = len(q["text"] or "")
        return (k, q["speaker"] is not None, bool(q["speaker_role"]), bool(q["direct"]), 40 <= n <= 400,
                min(n, 300))

    total = len(about)
    chosen = sorted((q for _, q in sorted(about, key=rank, reverse=True)[:MAX_QUOTES]),
                    key=lambda q: (q["published"] or "9999", q["doc"], q["seq"]))
    rows = []
    for q in chosen:
        rows.append({"speaker": q["speaker_name"],
                     "role": one_line(q["speaker_role"], 120) if q["speaker_role"] else None,
                     "text": one_line(q["text"], 500), "direct": bool(q["direct"]), "published": q["published"],
                     "source": sources.document(q["doc"])})
    return {"rows": rows, "total": total}


def _disagreements(kb: KnowledgeBase, scope: set[str], target: str | None, since: str | None,
                   sources: Sources, names: Names) -> list[dict[str, Any]]:
    out = []
    for g in kb.disagreements():
        if target and not _in_scope(g["subjects"], scope):
            continue
        if since and g["period"] and g["period"] < since[:4]:
            continue
        claims = []
        for c in g["claims"]:
            n = sources.document(c["doc"]) if c.get("doc") else sources.fact(c["source"])
            claims.append({"value": amount(c["value"], g["unit"]), "text": one_line(c["text"], 120),
                           "evidence": one_line(c["evidence"]), "source": n,
                           "kind": "document" if c.get("doc") else "cited fact"})
        subjects = "–".join(names(s) for s in g["subjects"])
        out.append({"measure": g["measure"], "unit": g["unit"], "subjects": subjects,
                    "period": g["period"] or "undated", "claims": claims,
                    "_keys": {(c["doc"], c["value"]) for c in g["claims"] if c.get("doc")}})
    return out


def _figures(kb: KnowledgeBase, scope: set[str], target: str | None, since: str | None, sources: Sources,
             disputed: set[tuple[str, float]], names: Names) -> dict[str, Any]:
    figs = kb.figures(since=since)
    if target:
        figs = [f for f in figs if _in_scope(f["subjects"], scope)]
    total = len(figs)
    figs.sort(key=lambda f: ((f["doc"], f["value"]) not in disputed, f["unit"] not in ("USD", "percent", "troops")))
    rows = []
    for f in sorted(figs[:MAX_FIGURES], key=lambda f: (f["date"] or f["published"] or "9999", f["doc"], f["seq"])):
        rows.append({"value": amount(f["value"], f["unit"], f["value_max"]), "unit": f["unit"] or "",
                     "qualifier": f["qualifier"], "measure": one_line(f["measure"], 80) if f["measure"] else "",
                     "subjects": ", ".join(_party(s) for s in f["subjects"]),
                     "date": f["date"] or f["published"] or "undated", "text": one_line(f["text"], 80),
                     "disputed": (f["doc"], f["value"]) in disputed, "source": sources.document(f["doc"])})
    return {"rows": rows, "total": total}


def _outlook(kb: KnowledgeBase, targets: tuple[str, ...], runs: int, seed: int, influence: dict[str, Any],
             names: Names) -> dict[str, Any]:
    from ..simulate.run import read_scenario, run
    from ..simulate.verdict import levels_shown, skill_line

    if not influence.get("available"):
        return {"available": False, "message": "No outlook without reference data (see the influence index)."}
    try:
        scenario = read_scenario("baseline")
        res = run(kb, scenario, runs=runs, seed=seed, until=OUTLOOK_YEAR)
    except (GreatgameError, ValueError) as exc:
        return {"available": False, "message": f"The baseline scenario could not be run: {exc}"}
    summary = res.summary()
    first = res.years[0]
    groups = []
    for tgt in targets:
        sub = summary[(summary.target == tgt) & summary.power.isin(MAIN_POWERS)]
        end = sub[sub.year == OUTLOOK_YEAR].sort_values("median", ascending=False)
        start = sub[sub.year == first].set_index("power")
        rows = [{"power": r.power, "name": names(r.power), "start": _pct(start.loc[r.power, "median"]),
                 "median": _pct(r.median), "p10": _pct(r.p10), "p90": _pct(r.p90)} for r in end.itertuples()]
        groups.append({"target": tgt, "name": names(tgt), "rows": rows})
    return {"available": True, "scenario": scenario.name, "description": one_line(scenario.description, 600),
            "runs": runs, "seed": seed, "year": OUTLOOK_YEAR, "first_year": first, "groups": groups,
            "sources": influence["sources"], "verdict": skill_line(kb), "skill": levels_shown(kb)}


# ---------------------------------------------------------------- build, render, write
def build(kb: KnowledgeBase, target: str | None = None, since: str | None = None, runs: int = 500, seed: int = 0,
          generated: str | None = None) -> dict[str, Any]:
    """Everything the briefing shows, as plain data (numbers already formatted, sources numbered)."""
    from ..influence.index import default_panel

    target = check_target(target, kb.resolver())
    since = check_since(since)
    targets = (target,) if target else default_panel().targets
    scope = set(targets) | set(REGION_CODES)
    names = Names(kb)
    sources = Sources(kb)
    generated = generated or dt.date.today().isoformat()
    header = _header(kb, target, targets, since, generated, names)
    influence = _influence(kb, targets, sources, names)
    timeline = _timeline(kb, scope, since, sources)
    quotes = _quotes(kb, targets, since, sources)
    disagreements = _disagreements(kb, scope, target, since, sources, names)
    disputed = set().union(*(g.pop("_keys") for g in disagreements)) if disagreements else set()
    figures = _figures(kb, scope, target, since, sources, disputed, names)
    outlook = _outlook(kb, targets, runs, seed, influence, names)
    return {"header": header, "target": target, "targets": targets, "since": since, "influence": influence,
            "timeline": timeline, "quotes": quotes, "figures": figures, "disagreements": disagreements,
            "outlook": outlook, "sources": sources.entries, "main_powers": MAIN_POWERS,
            "limits": {"quotes": MAX_QUOTES, "figures": MAX_FIGURES}}


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md_escape(value: Any) -> str:
    """Text safe inside Markdown (table cells included): no HTML, no emphasis, no cell breaks."""
    text = " ".join(str("" if value is None else value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_url(url: Any) -> str:
    """A web address as a Markdown autolink when it is a plain http(s) URL, else as escaped text."""
    url = str(url or "").strip()
    return f"<{url}>" if re.fullmatch(r"https?://[^\s<>]+", url) else md_escape(url)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=lambda name: bool(name) and name.endswith((".html.j2", ".html")),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["md"] = md_escape
    env.filters["mdcode"] = lambda v: " ".join(str(v).replace("`", "'").split())
    env.filters["mdurl"] = md_url
    return env


def render(context: dict[str, Any], fmt: str) -> str:
    """The briefing as HTML (``fmt="html"``) or Markdown (``"md"``)."""
    env = _environment()
    if fmt == "html":
        import plotly.offline

        extra = {"plotly_js": Markup(plotly.offline.get_plotlyjs()),
                 "chart_json": Markup(_chart_json(context["influence"]))
                 if context["influence"].get("available") else None}
        return env.get_template("brief.html.j2").render(**context, **extra)
    if fmt == "md":
        return env.get_template("brief.md.j2").render(**context)
    raise ReportError(f"unknown report format {fmt!r}: html or md")


def write_report(kb: KnowledgeBase, output: str | Path, target: str | None = None, since: str | None = None,
                 runs: int = 500, seed: int = 0, generated: str | None = None) -> Path:
    """Build the briefing and write it to ``output`` (.html or .md)."""
    output = Path(output)
    fmt = report_format(output)
    text = render(build(kb, target=target, since=since, runs=runs, seed=seed, generated=generated), fmt)
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{output}: cannot write the report ({exc.strerror or exc})") from None
    return output
