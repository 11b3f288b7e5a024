"""Scenario commands: the simulation of trade shares and remittances, its backtest, and the trade corridors.

What the model moves are **shares** (a power's share of a state's goods trade, %; the powers' and OTH's add up to
100) and remittances received (% of GDP), never the influence index's 0-100 scores: every table, headline and
exported row says which (``greatgame.export.outlook``). ``--format table|json|jsonl|csv`` writes the rows
through ``output.emit``, as every listing does.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from ..errors import GreatgameError
from .console import DbOption, emit_json, err, fail, open_read, out, print_table
from .output import ListFmt, emit
from .registry import Commands

command = Commands()
register = command.register

SHARES_NOT_SCORES = ("Shares of goods trade, % (a power's share of the state's trade with the world; the powers' "
                     "and OTH's add up to 100), not the influence index's 0-100 scores.")


def _pct(v: float) -> str:
    return f"{100 * v:.1f}"


def _outlook_tables(summary, years: list[int], title: str, start: dict[str, int]) -> None:
    cells = {(t, p, y): f"{_pct(m)} [{_pct(lo)}–{_pct(hi)}]" for t, p, y, m, lo, hi in zip(
        summary.target, summary.power, summary.year, summary["median"], summary.p10, summary.p90) if y in years}
    for tgt in sorted(summary.target.unique()):
        sub = summary[(summary.target == tgt) & (summary.year == years[-1])].sort_values("median", ascending=False)
        recs = [{"power": p, **{str(y): cells.get((tgt, p, y), "–") for y in years}} for p in sub.power]
        print_table(recs, ["power", *map(str, years)],
                    title=f"{tgt}: share of goods trade, % [10–90%] — {title} (trade data through "
                          f"{start.get(tgt, '?')})")


def _print_compare(diff, a, b, years: list[int], show_all: bool) -> None:
    """The differences B minus A in the last year whose 80% interval excludes zero at the precision shown
    (0.1 percentage point of a share of trade, 0.1% of GDP), all with ``show_all``."""
    import numpy as np

    last = diff[diff.year == years[-1]]
    k = np.where(last.power == "remittances", 1.0, 100.0)
    excludes = (np.round(k * last.p10, 1) > 0) | (np.round(k * last.p90, 1) < 0)
    last = last.assign(clear=excludes)
    for tgt in sorted(last.target.unique()):
        sub = last[last.target == tgt]
        rows = sub if show_all else sub[sub.clear]
        if rows.empty:
            continue
        recs = []
        for _, r in rows.reindex(rows["median"].abs().sort_values(ascending=False).index).iterrows():
            rem = r["power"] == "remittances"
            what, unit, k = (("remittances received", "% of GDP", 1.0) if rem
                             else (f"{r['power']} share of goods trade", "pp", 100.0))
            recs.append({"what": what, "B minus A": f"{k * r['median']:+.1f} {unit}",
                         "80% interval": f"{k * r['p10']:+.1f} … {k * r['p90']:+.1f}",
                         "95% interval": f"{k * r['p025']:+.1f} … {k * r['p975']:+.1f}"})
        print_table(recs, ["what", "B minus A", "80% interval", "95% interval"],
                    title=f"{tgt} {years[-1]}: {b.name} minus {a.name}")
    n_all = len(last)
    n_clear = int(last.clear.sum())
    out.print("pp: percentage points of a share of goods trade (not points of the 0-100 influence score); "
              "remittances in % of GDP.", highlight=False)
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
             fmt: ListFmt = typer.Option(ListFmt.table, "--format",
                                         help="table (for reading), or json, jsonl or csv: one row per target, "
                                              "power and year, naming its measure and unit."),
             plot: Optional[Path] = typer.Option(None, "--plot", help="Fan chart with history from 2010 and the "
                                                                     "baseline: FILE.png or FILE.html.")) -> None:
    """Simulate shares of goods trade and remittances under a scenario (median and 10–90% band).

    Each power's share of a target's goods trade, % (OTH: everyone else; shares, not the index's 0-100 scores)
    and remittances received in % of GDP (Kyrgyzstan, Tajikistan, Uzbekistan), from each target's latest year
    with data. Until `greatgame backtest` finds skill over persistence on this knowledge base's data, a scenario
    other than the baseline is shown only as its difference from the baseline, run by run, with its 80% and 95%
    intervals (as with --compare baseline SCENARIO; --plot draws the difference), and the first line says the
    verdict. JSON, JSON Lines and CSV rows: series, scenario, target, power, year, measure ('share of goods
    trade' or 'remittances received'), unit ('% of goods trade', '% of GDP'; for a difference, 'percentage
    points'), median, p10, p90, p025, p975. The model, its estimated parameters and its backtest are in
    docs/model.md.
    """
    from ..export.outlook import FIELDS, difference_rows, outlook_rows
    from ..simulate.fitting import estimate_inputs
    from ..simulate.run import compare, read_scenario, run
    from ..simulate.verdict import levels_shown, skill_line

    fmt = ListFmt(fmt)
    with open_read(db) as kb:
        try:
            skill = skill_line(kb)
            levels = levels_shown(kb)
            a = read_scenario(scenario)
            b = read_scenario(compare_to) if compare_to else None
            baseline = read_scenario("baseline")
            as_difference = b is None and not levels and a.name != baseline.name
            if as_difference:           # no skill shown: the scenario only as its difference from the baseline
                a, b = baseline, a
            base = baseline if plot is not None and b is None and a.name != baseline.name else None
            inputs = estimate_inputs(kb)
            # the command shows shares and remittances, not the corridor model's route shares (greatgame corridors)
            ra = run(None, a, runs=runs, seed=seed, until=until, inputs=inputs, corridors=False)
            rb = run(None, b, runs=runs, seed=seed, until=until, inputs=inputs, corridors=False) if b else None
            rbase = (run(None, base, runs=runs, seed=seed, until=until, inputs=inputs, corridors=False)
                     if base else None)
        except (GreatgameError, ValueError) as exc:
            fail(str(exc), code=2)
    years = ra.years
    shown = sorted({years[0], *(y for y in (2030, years[-1]) if y in years)})
    if plot is not None:
        from ..simulate.plot import difference_chart, fan_chart

        try:
            if rb is not None and not levels:
                difference_chart(ra, rb, plot)
            elif rb is not None:
                fan_chart(rb, plot, baseline=ra)
            else:
                fan_chart(ra, plot, baseline=rbase)
        except GreatgameError as exc:
            fail(str(exc), code=2)
        err.print(f"wrote {plot}")
    if rb is not None:
        diff = compare(ra, rb)
        if fmt is not ListFmt.table:
            emit(difference_rows(diff, a.name, b.name), fmt, columns=[], fields=FIELDS)
            return
        out.print(skill, highlight=False, markup=False)
        out.print(f"[bold]{b.name}[/bold] minus [bold]{a.name}[/bold] — {runs} runs, seed {seed}, paired run by "
                  "run (the same parameter draws and residual shocks; only the scenarios' shocks differ).")
        if as_difference:
            out.print(f"(greatgame simulate baseline shows the baseline itself; greatgame simulate {scenario} "
                      "--compare B shows B minus this scenario.)", highlight=False, markup=False)
        _print_compare(diff, a, b, years, show_all)
        return
    if fmt is not ListFmt.table:
        emit(outlook_rows(ra), fmt, columns=[], fields=FIELDS)
        return
    out.print(skill, highlight=False, markup=False)
    out.print(f"[bold]{a.name}[/bold] — {runs} runs, seed {seed}: each power's share of each state's goods trade, % "
              "(median [10–90%]).")
    out.print(SHARES_NOT_SCORES, highlight=False, markup=False)
    _outlook_tables(ra.summary(years=shown), shown, a.name, ra.start)
    rem = ra.summary("remittances", years=shown)
    if not rem.empty:
        recs = []
        for tgt, g in rem.groupby("target"):
            row = {"target": tgt}
            for y in shown:
                r = g[g.year == y].iloc[0]
                row[str(y)] = f"{r['median']:.1f} [{r['p10']:.1f}–{r['p90']:.1f}]"
            recs.append(row)
        print_table(recs, ["target", *map(str, shown)], title=f"Remittances received, % of GDP [10–90%]: {a.name}")


def _rounded(frame) -> list[dict[str, Any]]:
    return frame.round(6).to_dict("records")


@command()
def backtest(db: Optional[Path] = DbOption,
             first_origin: int = typer.Option(2005, "--first-origin", help="First forecast origin."),
             runs: int = typer.Option(500, "--runs", min=50, max=20000, help="Monte Carlo runs per origin."),
             seed: int = typer.Option(0, "--seed", min=0),
             pairs: bool = typer.Option(False, "--pairs", help="With --format json, jsonl or csv: the rows of the "
                                                              "China and Russia pairs, not those of the horizons."),
             fmt: ListFmt = typer.Option(ListFmt.table, "--format",
                                         help="table (for reading: every table and the verdict); json, jsonl or "
                                              "csv: one row per horizon (--pairs: per China or Russia pair), the "
                                              "verdict on stderr.")) -> None:
    """Rolling-origin backtest of shares of goods trade: every origin from 2005 to the latest year - h, horizons
    1-5, the model against persistence, drift and mean reversion (MAE, CRPS, 80%/95% coverage, Diebold-Mariano
    p), whatever it shows, and the verdict: skill over persistence, or "no skill over persistence" and why.
    Errors are in percentage points of a share of trade, not points of the 0-100 influence score. Rows (json,
    jsonl, csv): h, n, mae_* and crps_* per method, crps_ratio, dm_p, cover80_model, cover95_model; with
    --pairs: target, power, n, mae_model, mae_persistence, model_better."""
    from ..simulate.backtest import FIRST_ORIGIN, backtest as run_backtest
    from ..simulate.verdict import remember

    fmt = ListFmt(fmt)
    with open_read(db) as kb:
        try:
            ev = run_backtest(kb, runs=runs, seed=seed, first_origin=first_origin)
        except (GreatgameError, ValueError) as exc:
            fail(str(exc), code=2)
        if first_origin == FIRST_ORIGIN:
            remember(kb, ev.skill, ev.verdict, runs, seed)
    if fmt is not ListFmt.table:
        emit(_rounded(ev.pairs if pairs else ev.by_horizon), fmt, columns=[])
        err.print(f"Backtest: {ev.verdict}.", highlight=False, markup=False)
        return
    o1, o2 = ev.attrs["origins"]
    mae = [{"h": r.h, "n": r.n, "model": f"{r.mae_model:.2f}", "persistence": f"{r.mae_persistence:.2f}",
            "drift": f"{r.mae_drift:.2f}", "mean rev.": f"{r.mae_mean_reversion:.2f}"}
           for r in ev.by_horizon.itertuples()]
    print_table(mae, list(mae[0]), title=f"Backtest of shares of goods trade, origins {o1}–{o2}, every target and "
                                         "power: mean absolute error, percentage points of a share")
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
    print_table(pairs, list(pairs[0]), title="China and Russia pairs, all origins and horizons (MAE, pp of a share "
                                             "of goods trade)")
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
    from ..export.outlook import corridor_rows
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
    rows = corridor_rows(info, shares, base, label)
    if fmt is ListFmt.json:
        emit_json({"conditions": label, "routes": rows, "exposure": cm.power_exposure(shares, net)})
        return
    if fmt is not ListFmt.table:
        emit(rows, fmt, columns=[])
        return
    for r in rows:
        r["share"], r["no_shocks"] = f"{100 * r['share']:.1f}%", f"{100 * r['no_shocks']:.1f}%"
        r["km"] = f"{r['km']:,.0f}" if r["km"] is not None else "–"
        r["capacity"] = f"{r['capacity']:,.0f} TEU/yr" if r["capacity"] else "uncapped"
    print_table(rows, ["route", "km", "days", "borders", "capacity", "no_shocks", "share", "change_pp"],
                title=f"China–Europe routes ({label})")


