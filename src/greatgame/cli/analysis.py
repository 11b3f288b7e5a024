"""Analysis commands: the influence index (scenarios, the backtest and the corridors are in cli/scenarios.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from ..errors import UnknownName
from .console import DbOption, fail, open_read, out
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
