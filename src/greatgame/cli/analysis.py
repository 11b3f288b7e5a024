"""Analysis commands: the influence index, scenario simulation, the backtest and the trade corridors."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from ..errors import GreatgameError, UnknownName
from .console import DbOption, Fmt, TableFmt, emit_json, err, fail, open_read, out, print_table
from .output import ListFmt, emit, print_records
from .registry import Commands

command = Commands()
register = command.register


MARKS = {"nowcast": "*", "mirrored": "m"}
LEGEND = ("score [lo–hi]: 0-100 score (not a share) with its 80% interval. A second line gives the year the data "
          "are from when it is not the year shown, and how the score was obtained: * nowcast (a series ended "
          "before this year: --explain says how), m from the partner's reports only. – insufficient data (fewer "
          "than two dimensions with data, or less than half the weight).")


def _cell(score: Any, lo: Any, hi: Any, basis: Any, data_year: Any = None, year: int | None = None) -> str:
    """'score [lo–hi]' and, on a second line, where the data come from when they are not the year's own
    ('2022*': data of 2022, nowcast); '–' for no score."""
    import pandas as pd

    if score is None or pd.isna(score):
        return "–"
    band = f" [{lo:.0f}–{hi:.0f}]" if lo is not None and hi is not None and not pd.isna(lo) and not pd.isna(hi) else ""
    mark = MARKS.get(basis, "")
    stale = data_year is not None and not pd.isna(data_year) and year is not None and int(data_year) != year
    origin = (f"{int(data_year)}" if stale else "") + mark
    return f"{score:.1f}{band}" + (f"\n{origin}" if origin else "")


def _styled(text: str):
    """A cell as rich Text: dimmed when its data are not the year's own (it has a second line)."""
    from rich.text import Text

    return Text(text, style="dim" if "\n" in text else "")


def _score_table(recs: list[dict[str, Any]], columns: list[str], title: str) -> None:
    """Scores in a compact table (two-line cells fit 80 columns), not-observed cells dimmed."""
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), collapse_padding=True,
                  title_justify="left")
    for i, c in enumerate(columns):
        table.add_column(c, no_wrap=True, justify="left" if i == 0 else "right")
    for r in recs:
        table.add_row(*[_styled(str(r.get(c, "–"))) for c in columns])
    out.print(table)


@command()
def influence(db: Optional[Path] = DbOption,
              target: Optional[str] = typer.Option(None, "--target", help="A Central Asian state by code or name: "
                                                                          "KAZ, Kyrgyzstan, Dushanbe ... "
                                                                          "(default: all)."),
              year: Optional[int] = typer.Option(None, "--year", help="Year (default: the latest with data)."),
              power: Optional[str] = typer.Option(None, "--power", help="Only this power, by code or name: CHN, "
                                                                        "China, Xi, EU ..."),
              explain: Optional[tuple[str, str]] = typer.Option(
                  None, "--explain", metavar="TARGET POWER",
                  help="Every indicator behind one pair's scores: raw value, basis, data year, sources."),
              weights: Optional[str] = typer.Option(None, "--weights",
                                                    help="Dimension or indicator weights, e.g. trade=0.5,finance=0.1,"
                                                         "security=0.2,diplomatic=0.2 or presence=0"),
              sensitivity: bool = typer.Option(False, "--sensitivity",
                                               help="How often leaders and rank orders survive random weights and "
                                                    "dropped indicators; each indicator's share of the variance."),
              draws: int = typer.Option(1000, "--draws", min=0, max=100000,
                                        help="Monte Carlo draws (intervals; with --sensitivity, its draws)."),
              fmt: ListFmt = typer.Option(ListFmt.table, "--format", help="table, json, jsonl or csv")) -> None:
    """Influence of each power on each Central Asian state: composite and dimension scores (0-100) with 80%
    intervals, each with the year its data are from and how it was obtained.

    Each score is the state's dependence on the power (shares of its trade, debt, arms imports, ties),
    scaled by fixed constants (docs/influence.md). Computed from the imported reference data (greatgame
    data import), the baseline facts shipped with greatgame and the events extracted from ingested
    documents. JSON, JSON Lines and CSV give one row per indicator (with --explain), dimension and composite:
    target, power, year, dimension, indicator, raw, score, lo, hi, weight, basis, data_year, sources.
    """
    from ..influence import (InfluenceError, Weights, aggregate, compute_indicators, default_panel, last_data_year,
                             to_records)
    from ..ontology.resolve import power_code, target_code

    ex_target, ex_power = explain if explain else (None, None)
    if ex_target:
        target, power = ex_target, ex_power
    try:
        target = target_code(target) if target else None
        power = power_code(power) if power else None
        w = Weights.default().with_dimensions(weights)
        panel = default_panel(powers=[power] if power else None, targets=[target] if target else None)
    except (InfluenceError, UnknownName) as exc:
        fail(str(exc), code=2)
    with open_read(db) as kb:
        indicators = compute_indicators(kb, panel)
        if sensitivity:
            _sensitivity(indicators, w, draws)
            return
        result = aggregate(indicators, w, draws=draws)
        context = _explain_context(kb, panel) if ex_target else None
    if result.empty:
        fail("insufficient data: no reference data to compute the index from (run greatgame data import first: "
             "it loads the reference data shipped with greatgame)")
    through = last_data_year(indicators) if not indicators.empty else None
    comp = result[result.dimension == "composite"]
    if year is None:
        with_data = comp[comp.score.notna()]
        year = int(with_data.year.max() if not with_data.empty else result.year.max())
    rows = result[result.year == year]
    if not ex_target:
        rows = rows[rows.indicator.isna()]
    if fmt is not ListFmt.table:
        emit(to_records(rows), fmt, columns=[])
        return
    headline = f"data through {through}" if through is not None else "no data"
    if target is None:
        # all targets: powers (rows) by targets (columns), so that 80 columns hold every state
        recs = []
        table = rows[rows.dimension == "composite"]
        for p in panel.powers:
            g = table[table.power == p]
            by = {r.target: _cell(r.score, r.lo, r.hi, r.basis, r.data_year, year) for r in g.itertuples()}
            recs.append({"power": p, **{t: by.get(t, "–") for t in panel.targets}})
        _score_table(recs, ["power", *panel.targets],
                     f"Composite influence {year}, 0-100 score [80% interval]; {headline} (--target T for "
                     f"dimensions)")
        out.print(LEGEND, highlight=False, markup=False)
        return
    from ..influence import DIMENSIONS

    for tgt in sorted(rows.target.unique()):
        sub = rows[(rows.target == tgt) & rows.indicator.isna()]
        recs = []
        for p, g in sub.groupby("power"):
            by = {r.dimension: r for r in g.itertuples()}
            rec = {"power": p, "_s": by["composite"].score if "composite" in by else float("nan")}
            for dim in ("composite", *DIMENSIONS):
                r = by.get(dim)
                rec[dim] = _cell(r.score, r.lo, r.hi, r.basis, r.data_year, year) if r is not None else "–"
            recs.append(rec)
        recs.sort(key=lambda r: -(r["_s"] if r["_s"] == r["_s"] else -1.0))
        _score_table(recs, ["power", "composite", *DIMENSIONS],
                     f"{tgt} {year}: influence, 0-100 score [80% interval]; {headline}")
        out.print(LEGEND, highlight=False, markup=False)
        if ex_target:
            _print_explain(rows[rows.target == tgt], context, tgt, power, year)


def _explain_context(kb, panel) -> dict[str, Any]:
    from ..influence import covariates, trade_share

    return {"trade_share": trade_share(kb, panel), "covariates": covariates(kb, panel)}


def _print_explain(rows, context: dict[str, Any], target: str, power: str, year: int) -> None:
    import pandas as pd

    ind = rows[rows.indicator.notna() & (rows.power == power)]
    recs = []
    for r in ind.itertuples():
        raw = "–" if r.raw != r.raw else f"{r.raw:.4g}"
        recs.append({"dimension": r.dimension, "indicator": r.indicator, "kind": r.input_kind, "raw": raw,
                     "score": _cell(r.score, r.lo, r.hi, None).replace("\n", " "), "weight": "–" if r.weight != r.weight else
                     f"{r.weight:.2f}", "points": "–" if r.contribution != r.contribution else f"{r.contribution:.1f}",
                     "basis": r.basis, "data_year": "–" if pd.isna(r.data_year) else int(r.data_year)})
    print_records(recs, ["indicator", "raw", "score", "weight", "points", "basis", "data_year", "dimension"],
                  title=f"{target} {power} {year}: indicators (points: contribution to the composite)",
                  keep=("indicator",))
    for r in ind.itertuples():
        if r.sources:
            out.print(f"{r.indicator}: {_describe_sources(r.sources)}", highlight=False, markup=False)
    comp = rows[(rows.dimension == "composite") & (rows.power == power)]
    for r in comp.itertuples():
        if r.missing:
            out.print(f"missing dimensions: {', '.join(r.missing)}", highlight=False)
        for s in r.sources:
            if s.get("note"):
                out.print(s["note"], highlight=False)
    ts = context["trade_share"]
    ts = ts[(ts.target == target) & (ts.power == power) & (ts.year == year)]
    cov = context["covariates"]
    cov = cov[(cov.target == target) & (cov.power == power) & (cov.year == year)]
    notes = []
    if not ts.empty:
        notes.append(f"share of total trade {ts.raw.iloc[0]:.3f} ({ts.basis.iloc[0]})")
    if not cov.empty:
        c = cov.iloc[0]
        notes.append(f"land border {'yes' if c.border == 1 else ('no' if c.border == 0 else '?')}")
        notes.append(f"partnership rank {c.partnership:.0f} of 5")
        notes.append(f"pipelines and railways {c.links:.0f}")
        if c.remittances_pct_gdp == c.remittances_pct_gdp:
            notes.append(f"remittances received {c.remittances_pct_gdp:.1f}% of GDP (all senders)")
    if notes:
        out.print("context, not in the composite: " + "; ".join(notes), highlight=False)


def _sensitivity(indicators, weights, draws: int) -> None:
    try:
        from ..influence.sensitivity import sensitivity
        from ..influence.sensitivity_output import render_sensitivity
    except ImportError:
        fail("sensitivity analysis not available in this installation (greatgame.influence.sensitivity)")
        return
    rep = sensitivity(indicators, weights, draws=draws, seed=0)
    for table in render_sensitivity(rep):
        out.print(table)


def _pct(v: float) -> str:
    return f"{100 * v:.1f}"


def _outlook_tables(summary, years: list[int], title: str, start: dict[str, int]) -> None:
    cells = {(t, p, y): f"{_pct(m)} [{_pct(lo)}–{_pct(hi)}]" for t, p, y, m, lo, hi in zip(
        summary.target, summary.power, summary.year, summary["median"], summary.p10, summary.p90) if y in years}
    for tgt in sorted(summary.target.unique()):
        sub = summary[(summary.target == tgt) & (summary.year == years[-1])].sort_values("median", ascending=False)
        recs = [{"power": p, **{str(y): cells.get((tgt, p, y), "–") for y in years}} for p in sub.power]
        print_table(recs, ["power", *map(str, years)],
                    title=f"{tgt} (trade data through {start.get(tgt, '?')}): {title}")


def _emit_frame(frame, fmt: "TableFmt") -> None:
    if fmt is TableFmt.json:
        emit_json(frame.round(6).to_dict("records"))
    else:
        sys.stdout.write(frame.round(6).to_csv(index=False))


def _print_compare(diff, a, b, years: list[int], show_all: bool) -> None:
    """The differences B minus A in the last year whose 80% interval excludes zero at the precision shown
    (0.1 percentage point of trade, 0.1% of GDP), all with ``show_all``."""
    import numpy as np

    last = diff[diff.year == years[-1]]
    k = np.where(last.power == "remittances", 1.0, 100.0)
    excludes = (np.round(k * last.p10, 1) > 0) | (np.round(k * last.p90, 1) < 0)
    last = last.assign(clear=excludes)
    shown = 0
    for tgt in sorted(last.target.unique()):
        sub = last[last.target == tgt]
        clear = sub[sub.clear]
        rows = sub if show_all else clear
        if rows.empty:
            continue
        recs = []
        for _, r in rows.reindex(rows["median"].abs().sort_values(ascending=False).index).iterrows():
            rem = r["power"] == "remittances"
            unit, k = ("% of GDP", 1.0) if rem else ("pp of trade", 100.0)
            recs.append({"": "remittances" if rem else r["power"],
                         "B minus A": f"{k * r['median']:+.1f} {unit}",
                         "80% interval": f"{k * r['p10']:+.1f} … {k * r['p90']:+.1f}",
                         "95% interval": f"{k * r['p025']:+.1f} … {k * r['p975']:+.1f}"})
            shown += 1
        print_table(recs, ["", "B minus A", "80% interval", "95% interval"],
                    title=f"{tgt} {years[-1]}: {b.name} minus {a.name}")
    n_all = len(last)
    n_clear = int(last.clear.sum())
    if show_all:
        out.print(f"{n_clear} of {n_all} differences have an 80% interval that excludes zero (at 0.1).", highlight=False)
    elif n_clear == 0:
        out.print(f"No difference in {years[-1]} has an 80% interval that excludes zero at 0.1 "
                  f"({n_all} trade shares and remittances compared; --all lists them).", highlight=False)
    else:
        out.print(f"{n_clear} of {n_all} differences have an 80% interval that excludes zero at 0.1; "
                  f"--all lists the other {n_all - n_clear}.", highlight=False)


@command()
def simulate(scenario: str = typer.Argument(..., help="Scenario file (YAML) or a shipped scenario's name: "
                                                      "baseline, ceasefire_2026, secondary_sanctions, ..."),
             db: Optional[Path] = DbOption,
             runs: int = typer.Option(1000, "--runs", min=10, max=200000, help="Monte Carlo runs."),
             seed: int = typer.Option(0, "--seed", min=0, help="Random seed: the same seed gives the same numbers."),
             until: Optional[int] = typer.Option(None, "--until", help="Last year to simulate (default 2035)."),
             compare_to: Optional[str] = typer.Option(None, "--compare",
                                                      help="Second scenario B: report B minus the first, run by run."),
             show_all: bool = typer.Option(False, "--all", help="With --compare: every difference, not only those "
                                                                "whose 80% interval excludes zero."),
             fmt: TableFmt = typer.Option(TableFmt.table, "--format", help="table, json or csv"),
             plot: Optional[Path] = typer.Option(None, "--plot", help="Fan chart with history from 2010 and the "
                                                                     "baseline: FILE.png or FILE.html.")) -> None:
    """Simulate trade shares and remittances under a scenario (median and 10–90% band).

    Each power's share of a target's goods trade (OTH: everyone else) and remittances received in % of GDP
    (Kyrgyzstan, Tajikistan, Uzbekistan), from each target's latest year with data. The model, its estimated
    parameters and its backtest are in docs/model.md.
    """
    from ..simulate.estimation import estimate_inputs
    from ..simulate.run import compare, read_scenario, run

    from ..simulate.verdict import skill_line

    with open_read(db) as kb:
        try:
            skill = skill_line(kb)
            a = read_scenario(scenario)
            b = read_scenario(compare_to) if compare_to else None
            base = read_scenario("baseline") if plot is not None and b is None and a.name != "Baseline" else None
            inputs = estimate_inputs(kb)
            ra = run(None, a, runs=runs, seed=seed, until=until, inputs=inputs)
            rb = run(None, b, runs=runs, seed=seed, until=until, inputs=inputs) if b else None
            rbase = run(None, base, runs=runs, seed=seed, until=until, inputs=inputs) if base else None
        except (GreatgameError, ValueError) as exc:
            fail(str(exc), code=2)
    years = ra.years
    shown = sorted({years[0], *(y for y in (2030, years[-1]) if y in years)})
    if plot is not None:
        from ..simulate.plot import fan_chart

        try:
            if rb is not None:
                fan_chart(rb, plot, baseline=ra)
            else:
                fan_chart(ra, plot, baseline=rbase)
        except GreatgameError as exc:
            fail(str(exc), code=2)
        err.print(f"wrote {plot}")
    if rb is not None:
        diff = compare(ra, rb)
        if fmt is not TableFmt.table:
            _emit_frame(diff, fmt)
            return
        out.print(f"[bold]{b.name}[/bold] minus [bold]{a.name}[/bold] — {runs} runs, seed {seed}, paired run by "
                  "run (the same parameter draws and residual shocks; only the scenarios' shocks differ).")
        out.print(skill, highlight=False, markup=False)
        _print_compare(diff, a, b, years, show_all)
        return
    summary = ra.summary(years=None if fmt is not TableFmt.table else shown)
    if fmt is not TableFmt.table:
        rem = ra.summary("remittances")
        import pandas as pd

        _emit_frame(pd.concat([summary, rem], ignore_index=True), fmt)
        return
    out.print(f"[bold]{a.name}[/bold] — {runs} runs, seed {seed}. Share of each target's goods trade, % "
              "(median [10–90%]).")
    out.print(skill, highlight=False, markup=False)
    _outlook_tables(summary, shown, a.name, ra.start)
    rem = ra.summary("remittances", years=shown)
    if not rem.empty:
        recs = []
        for tgt, g in rem.groupby("target"):
            row = {"target": tgt}
            for y in shown:
                r = g[g.year == y].iloc[0]
                row[str(y)] = f"{r['median']:.1f} [{r['p10']:.1f}–{r['p90']:.1f}]"
            recs.append(row)
        print_table(recs, ["target", *map(str, shown)], title=f"Remittances received, % of GDP: {a.name}")


@command()
def backtest(db: Optional[Path] = DbOption,
             first_origin: int = typer.Option(2005, "--first-origin", help="First forecast origin."),
             runs: int = typer.Option(500, "--runs", min=50, max=20000, help="Monte Carlo runs per origin."),
             seed: int = typer.Option(0, "--seed", min=0),
             fmt: TableFmt = typer.Option(TableFmt.table, "--format", help="table, json or csv")) -> None:
    """Rolling-origin backtest of trade shares: every origin from 2005 to the latest year - h, horizons 1-5,
    the model against persistence, drift and mean reversion (MAE, CRPS, 80%/95% coverage, Diebold-Mariano p)."""
    from ..simulate.backtest import FIRST_ORIGIN, backtest as run_backtest
    from ..simulate.verdict import remember

    with open_read(db) as kb:
        try:
            ev = run_backtest(kb, runs=runs, seed=seed, first_origin=first_origin)
        except (GreatgameError, ValueError) as exc:
            fail(str(exc), code=2)
        if first_origin == FIRST_ORIGIN:
            remember(kb, ev.skill, ev.verdict, runs, seed)
    if fmt is not TableFmt.table:
        if fmt is TableFmt.json:
            emit_json({"by_horizon": ev.by_horizon.round(6).to_dict("records"),
                       "pairs": ev.pairs.round(6).to_dict("records"), "skill": ev.skill, "verdict": ev.verdict,
                       "origins": list(ev.attrs["origins"]), "runs": runs, "seed": seed})
        else:
            _emit_frame(ev.by_horizon, fmt)
        return
    o1, o2 = ev.attrs["origins"]
    mae = [{"h": r.h, "n": r.n, "model": f"{r.mae_model:.2f}", "persistence": f"{r.mae_persistence:.2f}",
            "drift": f"{r.mae_drift:.2f}", "mean rev.": f"{r.mae_mean_reversion:.2f}"}
           for r in ev.by_horizon.itertuples()]
    print_table(mae, list(mae[0]), title=f"Backtest of trade shares, origins {o1}–{o2}, every target and power: "
                                         "mean absolute error, percentage points")
    crps = [{"h": r.h, "model": f"{r.crps_model:.2f}", "pers.": f"{r.crps_persistence:.2f}",
             "drift": f"{r.crps_drift:.2f}", "m.rev.": f"{r.crps_mean_reversion:.2f}",
             "ratio": f"{r.crps_ratio:.3f}", "DM p": f"{r.dm_p:.2f}",
             "in 80%": f"{100 * r.cover80_model:.0f}%", "in 95%": f"{100 * r.cover95_model:.0f}%"}
            for r in ev.by_horizon.itertuples()]
    print_table(crps, list(crps[0]), title="CRPS (pp; ratio: model / persistence; DM p: Diebold–Mariano, one-sided); "
                                           "in 80%, in 95%: observations inside the model's intervals")
    pairs = [{"target": r.target, "power": r.power, "n": r.n, "MAE model": f"{r.mae_model:.2f}",
              "MAE persistence": f"{r.mae_persistence:.2f}", "model better": "yes" if r.model_better else "no"}
             for r in ev.pairs.itertuples()]
    print_table(pairs, list(pairs[0]), title="China and Russia pairs, all origins and horizons")
    out.print(ev.verdict, highlight=False, markup=False)


@command()
def corridors(db: Optional[Path] = DbOption,
              scenario: Optional[str] = typer.Option(None, "--scenario", help="Scenario file or shipped name."),
              year: Optional[int] = typer.Option(None, "--year", help="Year of the scenario (default: its last)."),
              fmt: ListFmt = typer.Option(ListFmt.table, "--format",
                                          help="table, json (routes, conditions and exposure), or jsonl or csv "
                                               "(one row per route)")) -> None:
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
    if fmt is ListFmt.json:
        emit_json({"conditions": label, "routes": rows, "exposure": cm.power_exposure(shares, net)})
        return
    if fmt is not ListFmt.table:
        emit([{**r, "conditions": label} for r in rows], fmt, columns=[])
        return
    for r in rows:
        r["share"], r["no_shocks"] = f"{100 * r['share']:.1f}%", f"{100 * r['no_shocks']:.1f}%"
        r["km"] = f"{r['km']:,.0f}" if r["km"] is not None else "–"
        r["capacity"] = f"{r['capacity']:,.0f} TEU/yr" if r["capacity"] else "uncapped"
    print_table(rows, ["route", "km", "days", "borders", "capacity", "no_shocks", "share", "change_pp"],
                title=f"China–Europe routes ({label})")


def _describe_sources(sources: list[dict[str, Any]]) -> str:
    parts = []
    for s in sources or []:
        if "dataset" in s:
            rows = s.get("rows") or []
            where = (f" rows {rows[0]}" + (f"..{rows[-1]} ({len(rows)})" if len(rows) > 1 else "")) if rows else ""
            parts.append(f"{s['dataset']}{where}" + (f" ({s['note']})" if s.get("note") else ""))
        elif "doc" in s:
            parts.append(f"{s['doc']}[{s['start']}:{s['end']}]")
        elif "baseline" in s:
            parts.append(f"baseline: {s['baseline']}")
        elif "ontology" in s:
            parts.append(f"ontology: {s['ontology']}")
        elif "missing_dimensions" in s:
            parts.append("missing: " + ", ".join(s["missing_dimensions"]))
        elif s.get("note"):
            parts.append(s["note"])
    return "; ".join(parts)
