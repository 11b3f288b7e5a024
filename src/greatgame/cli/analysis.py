"""Analysis commands: the influence index, scenario simulation, the backtest and the trade corridors."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from ..errors import GreatgameError
from .console import DbOption, Fmt, TableFmt, emit_json, err, fail, open_read, out, print_table, short
from .registry import Commands

command = Commands()
register = command.register


@command()
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
    from ..influence import InfluenceError, Weights, compute, default_panel, to_records

    try:
        w = Weights.default().with_dimensions(weights)
        panel = default_panel(powers=[power] if power else None, targets=[target] if target else None)
    except InfluenceError as exc:
        fail(str(exc), code=2)
    with open_read(db) as kb:
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
                         score=f"{r['score']:.1f}", sources=short(_describe_sources(r["sources"]), 80))
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


@command()
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
    from ..simulate.run import compare, read_scenario, run

    with open_read(db) as kb:
        try:
            a = read_scenario(scenario)
            b = read_scenario(compare_to) if compare_to else None
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
        from ..simulate.plot import fan_chart

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


@command()
def backtest(db: Optional[Path] = DbOption,
             fit_until: int = typer.Option(2014, "--fit-until", help="Fit on data up to this year."),
             runs: int = typer.Option(1000, "--runs", help="Monte Carlo runs."),
             seed: int = typer.Option(0, "--seed"),
             fmt: TableFmt = typer.Option(TableFmt.table, "--format", help="table, json or csv")) -> None:
    """Fit on data up to a cut, simulate the following years, and compare China's and Russia's trade
    shares with the IMF data, next to a persistence forecast."""
    from ..simulate.backtest import backtest as run_backtest

    with open_read(db) as kb:
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


@command()
def corridors(db: Optional[Path] = DbOption,
              scenario: Optional[str] = typer.Option(None, "--scenario", help="Scenario file or shipped name."),
              year: Optional[int] = typer.Option(None, "--year", help="Year of the scenario (default: its last)."),
              fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """China–Europe routes: length, days, borders, capacity, and each route's share (and the change a
    scenario makes to the shares with no shocks)."""
    from ..simulate import corridors as cm
    from ..simulate.run import corridor_conditions, read_scenario

    net = cm.load_network()
    info = cm.routes(net)
    base = cm.route_shares(net)
    shares, label = base, "no shocks"
    if scenario:
        with open_read(db):              # the knowledge base must exist, as for every command
            try:
                sc = read_scenario(scenario)
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
