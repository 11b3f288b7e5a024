"""The ``greatgame`` command line: a thin layer over the Python API."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from . import open as open_kb
from .errors import GreatgameError

app = typer.Typer(
    help="greatgame: a sourced knowledge base of the great-power contest in Central Asia.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOption = typer.Option(None, "--db", envvar="GREATGAME_DB",
                        help="Knowledge-base file (default: greatgame.duckdb in the user data directory).")


class Fmt(str, Enum):
    table = "table"
    json = "json"


class ExportFormat(str, Enum):
    eval_jsonl = "eval-jsonl"
    parquet = "parquet"


def fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def print_table(rows: list[dict[str, Any]], columns: list[str], title: str | None = None) -> None:
    table = Table(title=title, show_lines=False, expand=True)
    for c in columns:
        width = max([len(c)] + [len("" if r.get(c) is None else str(r.get(c))) for r in rows])
        if width <= 26:   # short columns (ids, dates, counts) keep their width
            table.add_column(c, no_wrap=True, min_width=width)
        else:             # long ones (titles, URLs) share what is left, cut with an ellipsis
            table.add_column(c, no_wrap=True, overflow="ellipsis", ratio=1)
    for r in rows:
        table.add_row(*["" if r.get(c) is None else str(r.get(c)) for c in columns])
    out.print(table)


def print_summary(summary: dict[str, Any]) -> None:
    out.print(f"[bold]Knowledge base[/bold] {summary['db']} (schema v{summary['schema_version']})")
    out.print(f"  documents: {summary['documents']}")
    parts = ", ".join(f"{k} {v}" for k, v in summary["parts"].items()) or "none"
    out.print(f"  parts (documents with each): {parts}")
    out.print(f"  citations: {summary['citations']}   reader comments: {summary['comments']}")
    out.print(f"  mentions: {summary['mentions']} ({summary['linked_mentions']} linked)")
    kinds = ", ".join(f"{k} {v}" for k, v in summary["entities_by_kind"].items()) or "none"
    out.print(f"  entities by kind: {kinds}")


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (read recursively): .txt .md .html .pdf "
                                                  ".jsonl .rss/.atom/.xml; a meta.jsonl beside them adds metadata."),
    db: Optional[Path] = DbOption,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="Summary as a table or JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    workers: int = typer.Option(0, "--workers", min=0, max=256,
                                help="Extract on a Dask LocalCluster of N worker processes (0: in this process)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Extract on an existing Dask cluster: tcp://HOST:PORT."),
    timeout: Optional[float] = typer.Option(None, "--timeout", metavar="SECONDS",
                                            help="Seconds one document may take to read and to extract "
                                                 "(default: $GREATGAME_DOC_TIMEOUT, else 60; 0: no limit). "
                                                 "With --workers/--scheduler it bounds extraction on the "
                                                 "workers."),
) -> None:
    """Read documents, extract what they say, store it; then print a summary.

    Re-ingesting unchanged content changes nothing; changed content replaces the
    old version and everything extracted from it. One bad file never stops the
    rest: each error is printed on one line, and the exit status is 1 if any
    document failed. A document that takes longer than --timeout is such an
    error.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from .ingest.limits import doc_timeout

    if timeout is not None and not timeout >= 0:   # negative, or NaN
        fail(f"--timeout must be 0 (no limit) or a positive number of seconds, not {timeout:g}", code=2)
    try:
        limit = doc_timeout(timeout) or 0          # $GREATGAME_DOC_TIMEOUT, checked before anything is opened
    except GreatgameError as exc:
        fail(str(exc), code=2)
    try:
        kb = open_kb(db)
    except GreatgameError as exc:
        fail(str(exc))
    with kb:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[current]}"), console=err, disable=quiet, transient=True) as bar:
            task = bar.add_task("ingesting", total=None, current="")

            def progress(name: str, status: str) -> None:
                bar.update(task, advance=1, current=f"{name}: {status}")

            if workers or scheduler:
                from .ingest import ingest_distributed

                report = ingest_distributed(kb, paths, workers=workers or 2, scheduler=scheduler,
                                            progress=progress, timeout=limit)
            else:
                from .ingest import ingest as ingest_paths

                report = ingest_paths(kb, paths, progress=progress, timeout=limit)
        for e in report.errors:
            err.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        summary = kb.summary()
    if fmt is Fmt.json:
        emit_json({"ingest": report.as_dict(), "summary": summary})
    elif not quiet:
        out.print(f"ingested: {len(report.added)} added, {len(report.replaced)} replaced, "
                  f"{len(report.unchanged)} unchanged, {len(report.errors)} failed")
        print_summary(summary)
    if report.errors:
        raise typer.Exit(1)


def _open_read(db: Optional[Path]):
    try:
        from .kb.store import default_path

        return open_kb(db if db is not None else default_path(), read_only=True)
    except GreatgameError as exc:
        fail(str(exc))


@app.command()
def summary(db: Optional[Path] = DbOption,
            fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """Counts of documents, parts, citations, comments and entities by kind."""
    with _open_read(db) as kb:
        s = kb.summary()
    emit_json(s) if fmt is Fmt.json else print_summary(s)


@app.command()
def docs(db: Optional[Path] = DbOption,
         fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """List the documents in the knowledge base."""
    with _open_read(db) as kb:
        rows = kb.documents()
    if fmt is Fmt.json:
        emit_json(rows)
    else:
        print_table(rows, ["id", "published", "format", "chars", "citations", "comments", "entities", "title"])


@app.command()
def show(doc: str = typer.Argument(..., help="Document id (its file name, or its JSONL/feed id)."),
         db: Optional[Path] = DbOption,
         fmt: Fmt = typer.Option(Fmt.table, "--format", help="table (readable) or json (everything)")) -> None:
    """A document: metadata, body, parts, citations, comments, mentions and roles."""
    with _open_read(db) as kb:
        try:
            d = kb.document(doc)
        except GreatgameError as exc:
            fail(str(exc))
    if fmt is Fmt.json:
        d.pop("text", None)
        emit_json(d)
        return
    out.print(f"[bold]{d['id']}[/bold]  {d.get('title') or ''}")
    out.print(f"published: {d.get('published') or 'unknown'}   format: {d['format']}   source: {d['source']}")
    out.rule("body")
    out.print(d["body"], highlight=False)
    for kind, part in d["parts"].items():
        if kind in ("body", "notes", "comments"):
            continue
        out.rule(kind)
        out.print(part["text"], highlight=False)
    if d["citations"]:
        print_table(d["citations"], ["number", "cited_at", "outlet", "date", "title", "url"], title="citations")
    if d["comments"]:
        print_table(d["comments"], ["author", "text"], title="reader comments")
    ents: dict[str, int] = {}
    for m in d["mentions"]:
        if m["entity"]:
            ents[m["entity"]] = ents.get(m["entity"], 0) + 1
    out.print(f"[bold]{len(ents)} entities[/bold]: " + ", ".join(f"{k} ({v})" for k, v in sorted(ents.items())),
              highlight=False)
    if d["roles"]:
        print_table(d["roles"], ["person", "role", "org"], title="roles stated in the text")


@app.command()
def entities(db: Optional[Path] = DbOption,
             doc: Optional[str] = typer.Option(None, "--doc", help="Only entities of this document."),
             kind: Optional[str] = typer.Option(None, "--kind",
                                                help="state, igo, org, person or project."),
             fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """Entities mentioned in the knowledge base, with mention and document counts."""
    if kind is not None and kind not in ("state", "igo", "org", "person", "project"):
        fail(f"--kind must be one of state, igo, org, person, project (not {kind!r})", code=2)
    with _open_read(db) as kb:
        try:
            rows = kb.entities(doc=doc, kind=kind)
        except GreatgameError as exc:
            fail(str(exc))
    if fmt is Fmt.json:
        emit_json(rows)
    else:
        print_table(rows, ["id", "kind", "name", "mentions", "documents", "origin"])


ActorOpt = typer.Option(None, "--actor", help="Entity id: KAZ, org:SCO, person:Xi Jinping ...")
SinceOpt = typer.Option(None, "--since", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")
UntilOpt = typer.Option(None, "--until", help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD).")


def _amount(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def _short(text: str | None, n: int = 110) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command()
def events(db: Optional[Path] = DbOption,
           actor: Optional[str] = ActorOpt,
           type: Optional[str] = typer.Option(None, "--type", help="PLOVER type: CONSULT, AGREE, SANCTION ..."),
           since: Optional[str] = SinceOpt,
           until: Optional[str] = UntilOpt,
           doc: Optional[str] = typer.Option(None, "--doc", help="Only events of this document."),
           all_: bool = typer.Option(False, "--all", help="Also negated, planned and hypothetical events."),
           fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """PLOVER events, each with its document and evidence sentence.

    Reports of the same event in several documents share a cluster; the
    'reports' column counts them.
    """
    with _open_read(db) as kb:
        rows = kb.events(actor=actor, type=type, since=since, until=until, include_unreal=all_, doc=doc)
    if fmt is Fmt.json:
        emit_json(rows)
        return
    for r in rows:
        flags = [f for f in ("negated", "planned", "hypothetical", "claim") if r[f]]
        r["who"] = ",".join(r["actors"]) + (" -> " + ",".join(r["recipients"]) if r["recipients"] else "")
        r["flags"] = ",".join(flags)
        r["evidence"] = _short(r["evidence"])
    cols = ["date", "type", "who", "reports", "doc", "evidence"] + (["flags"] if all_ else [])
    print_table(rows, cols, title=f"{len(rows)} events")


@app.command()
def quotes(db: Optional[Path] = DbOption,
           actor: Optional[str] = typer.Option(None, "--actor", help="Speaker entity id."),
           since: Optional[str] = SinceOpt,
           until: Optional[str] = UntilOpt,
           doc: Optional[str] = typer.Option(None, "--doc", help="Only quotes of this document."),
           fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """Quotes and reported speech with their speaker (dates filter on publication)."""
    with _open_read(db) as kb:
        rows = kb.quotes(speaker=actor, since=since, until=until, doc=doc)
    if fmt is Fmt.json:
        emit_json(rows)
        return
    for r in rows:
        r["text"] = _short(r["text"])
    print_table(rows, ["published", "speaker", "doc", "text"], title=f"{len(rows)} quotes")


@app.command()
def figures(db: Optional[Path] = DbOption,
            actor: Optional[str] = typer.Option(None, "--actor", help="Only figures concerning this entity."),
            unit: Optional[str] = typer.Option(None, "--unit", help="USD, percent, troops, km, day ..."),
            since: Optional[str] = SinceOpt,
            until: Optional[str] = UntilOpt,
            doc: Optional[str] = typer.Option(None, "--doc", help="Only figures of this document."),
            disagreements: bool = typer.Option(False, "--disagreements",
                                               help="Only measures that sources report with different values."),
            fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """Figures (money, percentages, counts, troops, distances, durations) with their evidence."""
    with _open_read(db) as kb:
        if disagreements:
            groups = kb.disagreements()
            if fmt is Fmt.json:
                emit_json(groups)
                return
            for g in groups:
                title = f"{g['measure']} ({g['unit']}, {', '.join(g['subjects'])}, {g['period'] or 'undated'})"
                for c in g["claims"]:
                    c["value"] = _amount(c["value"])
                print_table(g["claims"], ["value", "source", "text", "evidence"], title=title)
            if not groups:
                out.print("no disagreements")
            return
        rows = kb.figures(actor=actor, unit=unit, since=since, until=until, doc=doc)
    if fmt is Fmt.json:
        emit_json(rows)
        return
    for r in rows:
        r["amount"] = _amount(r["value"]) + (f"–{_amount(r['value_max'])}" if r["value_max"] is not None else "")
        r["subjects"] = ",".join(r["subjects"])
        r["measure"] = _short(r["measure"], 50)
    print_table(rows, ["doc", "amount", "unit", "qualifier", "measure", "subjects", "date", "text"],
                title=f"{len(rows)} figures")


class TableFmt(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def influence(db: Optional[Path] = DbOption,
              target: Optional[str] = typer.Option(None, "--target", help="KAZ, KGZ, TJK, TKM or UZB (default: all)."),
              year: Optional[int] = typer.Option(None, "--year", help="Year (default: the latest with data)."),
              power: Optional[str] = typer.Option(None, "--power", help="Only this power: CHN, RUS, USA, EU, ..."),
              explain: bool = typer.Option(False, "--explain", help="Every indicator behind each score, with sources."),
              weights: Optional[str] = typer.Option(None, "--weights",
                                                    help="Dimension weights, e.g. economic=0.5,security=0.2,"
                                                         "diplomatic=0.2,connectivity=0.1"),
              fmt: TableFmt = typer.Option(TableFmt.table, "--format", help="table, json or csv")) -> None:
    """Influence of each power on each Central Asian state: composite and dimension scores (0-100).

    Computed from the imported reference data (greatgame data import), the
    baseline facts shipped with greatgame and the events extracted from
    ingested documents. JSON and CSV give one row per indicator, dimension and
    composite: target, power, year, dimension, indicator, raw, normalised,
    weight, score, sources.
    """
    from .influence import InfluenceError, Weights, compute, default_panel, to_records

    try:
        w = Weights.default().with_dimensions(weights)
        panel = default_panel(powers=[power] if power else None, targets=[target] if target else None)
    except InfluenceError as exc:
        fail(str(exc), code=2)
    with _open_read(db) as kb:
        result = compute(kb, panel, w)
    if result.empty:
        fail("no data to compute the index from: run greatgame data import ../shared/data/reference first")
    comp = result[result.dimension == "composite"]
    if year is None:
        with_data = comp[comp.score > 0]
        year = int(with_data.year.max() if not with_data.empty else comp.year.max())
    rows = result[result.year == year]
    if not explain:
        rows = rows[rows.indicator.isna()]
    if fmt is TableFmt.json:
        emit_json(to_records(rows))
        return
    if fmt is TableFmt.csv:
        out_rows = to_records(rows)
        for r in out_rows:
            r["sources"] = json.dumps(r["sources"], ensure_ascii=False)
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(out_rows[0]) if out_rows else ["target"])
        writer.writeheader()
        writer.writerows(out_rows)
        return
    if target is None and not explain:
        # all targets: the composite table, targets by powers
        comp = rows[rows.dimension == "composite"].pivot(index="target", columns="power", values="score")
        recs = [{"target": t, **{p: f"{comp.loc[t, p]:.1f}" if p in comp and comp.loc[t, p] == comp.loc[t, p]
                                 else "–" for p in panel.powers}} for t in comp.index]
        print_table(recs, ["target", *panel.powers], title=f"Composite influence {year} (0-100; "
                                                           "greatgame influence --target T for dimensions)")
        return
    for tgt in sorted(rows.target.unique()):
        sub = rows[(rows.target == tgt) & rows.indicator.isna()]
        table = sub.pivot(index="power", columns="dimension", values="score").reset_index()
        table = table.sort_values("composite", ascending=False)
        for dim in ("composite", "economic", "security", "diplomatic", "connectivity"):
            if dim not in table:
                table[dim] = float("nan")
        recs = []
        for r in table.to_dict("records"):
            recs.append({k: (f"{v:.1f}" if isinstance(v, float) and v == v else ("–" if isinstance(v, float) else v))
                         for k, v in r.items()})
        print_table(recs, ["power", "composite", "economic", "security", "diplomatic", "connectivity"],
                    title=f"{tgt} {year}: influence (0-100; – = no data)")
        if explain:
            ind = rows[(rows.target == tgt) & rows.indicator.notna()]
            recs = [dict(power=r["power"], dimension=r["dimension"], indicator=r["indicator"],
                         raw=f"{r['raw']:.4g}", normalised=f"{r['normalised']:.3f}", weight=f"{r['weight']:.2f}",
                         score=f"{r['score']:.1f}", sources=_short(_describe_sources(r["sources"]), 80))
                    for r in ind.to_dict("records")]
            print_table(recs, ["power", "dimension", "indicator", "raw", "normalised", "weight", "score", "sources"],
                        title=f"{tgt} {year}: indicators")


def _pct(v: float) -> str:
    return f"{100 * v:.1f}"


def _outlook_tables(summary, years: list[int], title: str) -> None:
    for tgt in sorted(summary.target.unique()):
        recs = []
        sub = summary[summary.target == tgt]
        last = sub[sub.year == years[-1]].sort_values("median", ascending=False)
        for power in last.power:
            row = {"power": power}
            for y in years:
                r = sub[(sub.power == power) & (sub.year == y)].iloc[0]
                row[str(y)] = f"{_pct(r['median'])} [{_pct(r['p10'])}–{_pct(r['p90'])}]"
            recs.append(row)
        print_table(recs, ["power", *map(str, years)], title=f"{tgt}: {title}")


def _emit_frame(frame, fmt: "TableFmt") -> None:
    if fmt is TableFmt.json:
        emit_json(frame.round(6).to_dict("records"))
    else:
        sys.stdout.write(frame.round(6).to_csv(index=False))


@app.command()
def simulate(scenario: str = typer.Argument(..., help="Scenario file (YAML) or a shipped scenario's name: "
                                                      "baseline, ceasefire_2026, secondary_sanctions, ..."),
             db: Optional[Path] = DbOption,
             runs: int = typer.Option(1000, "--runs", min=10, max=200000, help="Monte Carlo runs."),
             seed: int = typer.Option(0, "--seed", min=0, help="Random seed: the same seed gives the same numbers."),
             until: Optional[int] = typer.Option(None, "--until", help="Last year to simulate (default 2035)."),
             compare_to: Optional[str] = typer.Option(None, "--compare", help="Second scenario: report B minus A."),
             fmt: TableFmt = typer.Option(TableFmt.table, "--format", help="table, json or csv"),
             plot: Optional[Path] = typer.Option(None, "--plot", help="Fan chart: FILE.png or FILE.html.")) -> None:
    """Simulate how the balance of influence shifts under a scenario (median and 10–90% band).

    Shares are each power's share of a target's ties, weighted over the four
    dimensions; OTH is everyone else. The model and its parameters are in
    docs/model.md.
    """
    from .simulate.run import compare, read_scenario, run

    with _open_read(db) as kb:
        try:
            a = read_scenario(kb, scenario)
            b = read_scenario(kb, compare_to) if compare_to else None
            ra = run(kb, a, runs=runs, seed=seed, until=until)
            rb = run(kb, b, runs=runs, seed=seed, until=until) if b else None
        except (GreatgameError, ValueError) as exc:
            fail(str(exc), code=2)
    years = ra.years
    shown = sorted({years[0], *(y for y in (2030, years[-1]) if y in years)})
    if rb is not None:
        diff = compare(ra, rb)
        if fmt is not TableFmt.table:
            _emit_frame(diff, fmt)
            return
        for tgt in sorted(diff.target.unique()):
            sub = diff[(diff.target == tgt) & (diff.year == years[-1])].sort_values("median")
            recs = [{"power": r["power"], "change (pp)": f"{100 * r['median']:+.1f}",
                     "10–90% band": f"{100 * r['p10']:+.1f} … {100 * r['p90']:+.1f}"} for _, r in sub.iterrows()]
            print_table(recs, ["power", "change (pp)", "10–90% band"],
                        title=f"{tgt} {years[-1]}: {b.name} minus {a.name}")
        return
    summary = ra.summary()
    if plot is not None:
        from .simulate.plot import fan_chart

        try:
            fan_chart(summary, plot, f"{a.name}: influence share, median and 10–90% band")
        except GreatgameError as exc:
            fail(str(exc), code=2)
        err.print(f"wrote {plot}")
    if fmt is not TableFmt.table:
        _emit_frame(summary, fmt)
        return
    out.print(f"[bold]{a.name}[/bold] — {runs} runs, seed {seed}. Influence share, % (median [10–90%]).")
    _outlook_tables(summary, shown, a.name)


@app.command()
def backtest(db: Optional[Path] = DbOption,
             fit_until: int = typer.Option(2014, "--fit-until", help="Fit on data up to this year."),
             runs: int = typer.Option(1000, "--runs", help="Monte Carlo runs."),
             seed: int = typer.Option(0, "--seed"),
             fmt: TableFmt = typer.Option(TableFmt.table, "--format", help="table, json or csv")) -> None:
    """Fit on data up to a cut, simulate the following years, and compare China's and Russia's trade
    shares with the IMF data, next to a persistence forecast."""
    from .simulate.backtest import backtest as run_backtest

    with _open_read(db) as kb:
        try:
            table = run_backtest(kb, fit_until=fit_until, runs=runs, seed=seed)
        except (GreatgameError, ValueError) as exc:
            fail(str(exc), code=2)
    if fmt is not TableFmt.table:
        _emit_frame(table, fmt)
        return
    print_table(table.to_dict("records"), list(table.columns),
                title=f"Backtest: fit to {table.attrs['fit_until']}, forecast to {table.attrs['last']} "
                      f"(mean absolute error, percentage points)")


@app.command()
def corridors(db: Optional[Path] = DbOption,
              scenario: Optional[str] = typer.Option(None, "--scenario", help="Scenario file or shipped name."),
              year: Optional[int] = typer.Option(None, "--year", help="Year of the scenario (default: its last)."),
              fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """China–Europe routes: length, days, borders, capacity, and each route's share (and the change a
    scenario makes to the shares with no shocks)."""
    from .simulate import corridors as cm
    from .simulate.run import corridor_conditions, read_scenario

    net = cm.load_network()
    info = cm.routes(net)
    base = cm.route_shares(net)
    shares, label = base, "no shocks"
    if scenario:
        with _open_read(db) as kb:
            try:
                sc = read_scenario(kb, scenario)
            except GreatgameError as exc:
                fail(str(exc), code=2)
        y = year or sc.until or 2035
        shares, label = cm.route_shares(net, corridor_conditions(sc, y)), f"{sc.name}, {y}"
    rows = []
    for name, r in info.items():
        rows.append({"route": name, "km": r.get("km"), "days": r.get("days"), "borders": r.get("border_crossings"),
                     "capacity": r.get("capacity"), "share": round(shares.get(name, 0.0), 4),
                     "no_shocks": round(base.get(name, 0.0), 4),
                     "change_pp": round(100 * (shares.get(name, 0.0) - base.get(name, 0.0)), 1)})
    if fmt is Fmt.json:
        emit_json({"conditions": label, "routes": rows, "exposure": cm.power_exposure(shares, net)})
        return
    for r in rows:
        r["share"], r["no_shocks"] = f"{100 * r['share']:.1f}%", f"{100 * r['no_shocks']:.1f}%"
        r["km"] = f"{r['km']:,.0f}" if r["km"] is not None else "–"
        r["capacity"] = f"{r['capacity']:,.0f} TEU/yr" if r["capacity"] else "uncapped"
    print_table(rows, ["route", "km", "days", "borders", "capacity", "no_shocks", "share", "change_pp"],
                title=f"China–Europe routes ({label})")


@app.command("model-docs")
def model_docs(db: Optional[Path] = DbOption,
               output: Path = typer.Option(Path("docs/model.md"), "-o", "--output", help="Markdown file to write.")
               ) -> None:
    """Write docs/model.md: the model's equations and parameters, the backtest table and the baseline outlook."""
    from .simulate.docs import write_model_docs

    with _open_read(db) as kb:
        path = write_model_docs(kb, output)
    err.print(f"wrote {path}")


@app.command("import-parquet")
def import_parquet_cmd(directory: Path = typer.Argument(..., help="A folder written by greatgame export --format "
                                                                   "parquet."),
                       db: Optional[Path] = DbOption) -> None:
    """Read a Parquet export into the knowledge base (its documents replace the same documents here)."""
    from .kb.parquet import import_parquet

    try:
        with open_kb(db) as kb:
            counts = import_parquet(kb, directory)
    except GreatgameError as exc:
        fail(str(exc))
    err.print(f"imported {len(counts)} tables from {directory}")


@app.command()
def serve(db: Optional[Path] = DbOption,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: this machine only)."),
          port: int = typer.Option(8000, "--port", help="Port.")) -> None:
    """Serve the web dashboard and the JSON API (OpenAPI at /docs).

    Write endpoints need the bearer token in GREATGAME_TOKEN; without it they are off.
    """
    import uvicorn

    from .kb.store import default_path
    from .web import create_app

    path = db if db is not None else default_path()
    if not Path(path).exists():
        fail(f"{path}: no knowledge base here (run greatgame ingest first)")
    uvicorn.run(create_app(path), host=host, port=port, log_level="warning")


@app.command()
def report(db: Optional[Path] = DbOption,
           output: Path = typer.Option(..., "-o", "--output",
                                       help="File to write: brief.html (self-contained, opens offline) or brief.md."),
           target: Optional[str] = typer.Option(None, "--target",
                                                help="KAZ, KGZ, TJK, TKM or UZB (default: all five, as Central Asia)."),
           since: Optional[str] = typer.Option(None, "--since",
                                               help="Events, quotes and figures from this date on "
                                                    "(YYYY, YYYY-MM or YYYY-MM-DD; default: all)."),
           runs: int = typer.Option(500, "--runs", min=10, max=200000,
                                    help="Monte Carlo runs for the baseline outlook."),
           seed: int = typer.Option(0, "--seed", help="Random seed of the outlook.")) -> None:
    """Write an analyst briefing: influence index, timeline of events, quotes and figures (disputed ones
    flagged), the baseline 2030 outlook and numbered sources. The format follows the extension of -o."""
    from .report import ReportError, check_since, check_target, report_format, write_report

    try:
        report_format(output)
        target = check_target(target)
        since = check_since(since)
    except ReportError as exc:
        fail(str(exc), code=2)
    with _open_read(db) as kb:
        try:
            path = write_report(kb, output, target=target, since=since, runs=runs, seed=seed)
        except ReportError as exc:
            fail(str(exc))
    err.print(f"wrote {path} ({path.stat().st_size:,} bytes)", highlight=False)


@app.command("influence-docs")
def influence_docs(db: Optional[Path] = DbOption,
                   output: Path = typer.Option(Path("docs/influence.md"), "-o", "--output",
                                               help="Markdown file to write (charts go beside it)."),
                   year: int = typer.Option(2020, "--year", help="Year of the composite table.")) -> None:
    """Write docs/influence.md: the method, the composite table for a year, China's and Russia's composites."""
    from .influence.docs import write_docs

    with _open_read(db) as kb:
        path = write_docs(kb, output, table_year=year)
    err.print(f"wrote {path} and its charts in {path.parent / 'influence'}")


def _describe_sources(sources: list[dict[str, Any]]) -> str:
    parts = []
    for s in sources:
        if "dataset" in s:
            rows = s["rows"]
            parts.append(f"{s['dataset']} rows {rows[0]}" + (f"..{rows[-1]} ({len(rows)})" if len(rows) > 1 else ""))
        elif "doc" in s:
            parts.append(f"{s['doc']}[{s['start']}:{s['end']}]")
        elif "baseline" in s:
            parts.append(f"baseline: {s['baseline']}")
        elif "ontology" in s:
            parts.append(f"ontology: {s['ontology']}")
        elif "carried_from" in s:
            parts.append(f"carried from {s['carried_from']}")
        elif "missing_dimensions" in s:
            parts.append("missing: " + ", ".join(s["missing_dimensions"]))
    return "; ".join(parts)


@app.command()
def export(db: Optional[Path] = DbOption,
           fmt: ExportFormat = typer.Option(ExportFormat.eval_jsonl, "--format",
                                            help="eval-jsonl: the records of shared/eval/FORMAT.md"),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout).")
           ) -> None:
    """Export what has been extracted: eval-jsonl (entities, events, quotes, quantities; -o FILE or stdout)
    or parquet (every table, partitioned; -o DIR, required)."""
    from .export import write_eval_jsonl

    if fmt is ExportFormat.parquet:
        from .kb.parquet import export_parquet

        if output is None:
            fail("--format parquet needs -o DIR", code=2)
        with _open_read(db) as kb:
            manifest = export_parquet(kb, output)
        err.print(f"wrote {len(manifest['tables'])} tables to {output}")
        return
    with _open_read(db) as kb:
        if output is None:
            write_eval_jsonl(kb, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as fh:
                n = write_eval_jsonl(kb, fh)
            err.print(f"wrote {n} records to {output}")


from .data.cli import data_app  # noqa: E402

app.add_typer(data_app, name="data", help="Public reference datasets: import them, list their sources.")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
