"""Tables of a ``SensitivityReport``: rich tables for the terminal, Markdown for docs/influence.md."""
from __future__ import annotations

import numpy as np

from .sensitivity import SensitivityReport




def _pct(v: float) -> str:
    return "–" if v is None or not np.isfinite(v) else f"{100 * v:.0f}%"


def _leader_cell(r: dict) -> str:
    text = f"{r['shown']} {_pct(r['held'])}"
    return text + ("†" if r["drop_changes"] else "")


def _leader_grid(report: SensitivityReport) -> tuple[list[str], list[list[str]]]:
    ls = report.leader_stability
    targets = sorted(ls.target.unique())
    cells = {(r["target"], r["year"]): _leader_cell(r) for r in ls.to_dict("records")}
    return targets, [[str(y), *[cells.get((t, y), "–") for t in targets]] for y in sorted(ls.year.unique())]


def _rank_grid(report: SensitivityReport) -> tuple[list[str], list[list[str]]]:
    rs = report.rank_stability
    powers = list(dict.fromkeys(rs.power))
    cells = {(r["power"], r["year"]): _pct(r["held"]) + ("†" if r["drop_changes"] else "")
             for r in rs.to_dict("records")}
    return powers, [[str(y), *[cells.get((p, y), "–") for p in powers]] for y in sorted(rs.year.unique())]


def _sobol_rows(report: SensitivityReport) -> list[list[str]]:
    rows = [[r["indicator"], r["dimension"], r["input_kind"], f"{r['weight']:.3f}", _pct(r["total_order"]),
             _pct(r["cross_section_share"])] for r in report.sobol_total.to_dict("records")]
    h = report.hand_coded
    if h.get("indicators"):
        rows.append(["hand-coded together", "", "ordinal+binary", "", _pct(h["total_order"]),
                     _pct(h["cross_section_share"])])
    return rows


def _drop_rows(report: SensitivityReport) -> list[list[str]]:
    n_lead = len(report.leader_stability)
    n_rank = len(report.rank_stability)
    return [[r["indicator"], f"{r['leaders_changed']}/{n_lead}", f"{r['rank_orders_changed']}/{n_rank}",
             str(r["scores_lost"]),
             "–" if r["mean_abs_change"] is None or not np.isfinite(r["mean_abs_change"]) else
             f"{r['mean_abs_change']:.1f}",
             "–" if r["max_abs_change"] is None or not np.isfinite(r["max_abs_change"]) else
             f"{r['max_abs_change']:.1f}"]
            for r in report.drop_one.to_dict("records")]


SOBOL_COLUMNS = ["indicator", "dimension", "kind", "weight", "total-order (Sobol)", "cross-section share"]
DROP_COLUMNS = ["dropped", "leaders changed", "rank orders changed", "scores lost", "mean |Δ|", "max |Δ|"]


def _titles(report: SensitivityReport) -> dict[str, str]:
    n = report.draws
    return {
        "leader": f"Leading power by state: share of {n} weight draws (Dirichlet, c={report.concentration:g}) "
                  f"it stays first; A≈B = tie (held < {report.threshold:.0%}); † = changes when one indicator "
                  "is dropped",
        "rank": f"Rank order of the states by power: share of {n} weight draws it survives; † = changes when one "
                "indicator is dropped",
        "sobol": f"Share of the composite's variance by indicator: Sobol total-order index (Jansen, {n} draws of "
                 "weights and values) and share of the cross-sectional variance",
        "drop": "Dropping one indicator (published weights): leaders and rank orders changed, composite change "
                "(points)",
    }


def render_sensitivity(report: SensitivityReport) -> list:
    """Four rich tables: leaders by state, rank orders by power, variance shares, drop-one."""
    from rich.table import Table

    titles = _titles(report)
    tables = []
    targets, grid = _leader_grid(report)
    t = Table(title=titles["leader"])
    for c in ["year", *targets]:
        t.add_column(c, no_wrap=True)
    for row in grid:
        t.add_row(*row)
    tables.append(t)
    powers, grid = _rank_grid(report)
    t = Table(title=titles["rank"])
    for c in ["year", *powers]:
        t.add_column(c, no_wrap=True, justify="right" if c != "year" else "left")
    for row in grid:
        t.add_row(*row)
    tables.append(t)
    for key, cols, rows in (("sobol", SOBOL_COLUMNS, _sobol_rows(report)), ("drop", DROP_COLUMNS, _drop_rows(report))):
        t = Table(title=titles[key])
        for i, c in enumerate(cols):
            t.add_column(c, no_wrap=True, justify="left" if i < 3 else "right")
        for row in rows:
            t.add_row(*row)
        tables.append(t)
    return tables


def _md_table(columns: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def markdown(report: SensitivityReport, heading: str = "##") -> str:
    """The sensitivity section of docs/influence.md (generated: method in brief, then the four tables)."""
    titles = _titles(report)
    years = f"{report.years[0]}–{report.years[-1]}" if report.years else "no year"
    h = report.hand_coded
    parts = [
        f"{heading} Sensitivity",
        "",
        f"How much the index owes to its weights and to each indicator ({years}, {report.draws} draws, seed "
        f"{report.seed}). Weights are drawn from a Dirichlet distribution around the published ones (concentration "
        f"c = {report.concentration:g}: alpha_k = c x e_k, where e_k is indicator k's nominal weight, its dimension's "
        "weight times its share inside the dimension); indicator values are drawn around their scores with their "
        "measurement error (sigma). A leading power that stays first in fewer than "
        f"{report.threshold:.0%} of the weight draws is shown as a tie. Sobol total-order indices use Jansen's "
        "estimator (A, B and AB_k sample matrices, one factor per indicator: its weight's gamma variate and its "
        "value errors), averaged over the composites with their variance as weight. A modulated score (a fact "
        "times the mean score of the measured indicators it scales) is recomputed in every sample from the "
        "sampled scores it scales, as the intervals redraw it: the measured indicator's factor moves it too and "
        "carries that variance, the modulated indicator's own factor is its weight and the fact's own error. The "
        "cross-section share is cov(contribution_k, composite) / var(composite) across states and powers within "
        "a year; it charges a modulated score whole to the modulated indicator.",
        "",
        f"Hand-coded ordinal and binary inputs together ({', '.join(h.get('indicators') or ['none'])}): "
        f"total-order index {_pct(h.get('total_order', 0.0))}, cross-section share "
        f"{_pct(h.get('cross_section_share', 0.0))}.",
        "",
    ]
    targets, grid = _leader_grid(report)
    parts += [f"**{titles['leader']}**", "", _md_table(["year", *targets], grid), ""]
    powers, grid = _rank_grid(report)
    parts += [f"**{titles['rank']}**", "", _md_table(["year", *powers], grid), ""]
    parts += [f"**{titles['sobol']}**", "", _md_table(SOBOL_COLUMNS, _sobol_rows(report)), ""]
    parts += [f"**{titles['drop']}**", "", _md_table(DROP_COLUMNS, _drop_rows(report)), ""]
    return "\n".join(parts)
