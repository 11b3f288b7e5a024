"""Write docs/influence.md: the method, then what is computed from the knowledge base.

    greatgame influence-docs [--db FILE] [-o docs/influence.md] [--year FIRST]

The method text is ``data/influence_method.md``; this module adds the parts computed from the code and the
knowledge base, so nothing in them is typed by hand: the constants and weights (from the registry and
weights.yaml), the composite of every state by power from 2018 (or ``--year``) to the latest year with its
80% intervals, China's ranking of the five states, each indicator's share of the composite's variance, the
sensitivity analysis and one SVG chart per state.
"""
from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ..kb.store import KnowledgeBase
from ..regions import COLOURS, MAIN_POWERS, NAMES
from .index import Weights, aggregate, compute_indicators, default_panel, variance_shares
from .indicators import DIMENSIONS, HAND_CODED, INDICATORS, NOWCAST_YEARS, config

FIRST_YEAR = 2018
MARKS = {"nowcast": "\\*", "mirrored": "m"}


def svg_line_chart(series: dict[str, list[tuple[int, float, float, float]]], title: str, width: int = 640,
                   height: int = 300, y_max: float = 100.0) -> str:
    """A small, dependency-free SVG line chart: years on x, 0..y_max on y, a line per series with its band
    (points are (year, score, lo, hi))."""
    pad_l, pad_r, pad_t, pad_b = 48, 90, 30, 36
    years = sorted({y for pts in series.values() for y, *_ in pts}) or [0, 1]
    x0, x1 = years[0], max(years[-1], years[0] + 1)

    def x(year: float) -> float:
        return pad_l + (year - x0) / (x1 - x0) * (width - pad_l - pad_r)

    def y(value: float) -> float:
        return height - pad_b - value / y_max * (height - pad_t - pad_b)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{pad_l}" y="18" font-size="13" font-weight="bold">{title}</text>']
    for tick in range(0, int(y_max) + 1, 20):
        out.append(f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{pad_l - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    step = 4 if x1 - x0 > 16 else (2 if x1 - x0 > 6 else 1)
    for year in range(x0, x1 + 1, step):
        out.append(f'<text x="{x(year):.1f}" y="{height - pad_b + 16}" text-anchor="middle">{year}</text>')
    for name, pts in series.items():
        colour = COLOURS.get(name, "#555555")
        pts = sorted(p for p in pts if p[1] == p[1])
        if not pts:
            continue
        band = [p for p in pts if p[2] == p[2] and p[3] == p[3]]
        if len(band) > 1:
            poly = " ".join(f"{x(a):.1f},{y(hi):.1f}" for a, _, _, hi in band) + " " + \
                " ".join(f"{x(a):.1f},{y(lo):.1f}" for a, _, lo, _ in reversed(band))
            out.append(f'<polygon points="{poly}" fill="{colour}" fill-opacity="0.12" stroke="none"/>')
        path = " ".join(f"{'M' if k == 0 else 'L'}{x(a):.1f},{y(b):.1f}" for k, (a, b, *_) in enumerate(pts))
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{width - pad_r + 6}" y="{y(pts[-1][1]) + 4:.1f}" fill="{colour}">{name}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _cell(r: Any) -> str:
    if r is None or r.score != r.score:
        return "–"
    band = f" [{r.lo:.0f}–{r.hi:.0f}]" if r.lo == r.lo and r.hi == r.hi else ""
    return f"{r.score:.1f}{band}{MARKS.get(r.basis, '')}"


def md_table(header: list[str], rows: list[list[str]], align_right_from: int = 1, align_right_to: int = 99) -> str:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if align_right_from <= i < align_right_to else "---"
                            for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def constants_section(weights: Weights) -> str:
    cfg = config()
    rows = []
    for name, ind in INDICATORS.items():
        rows.append([f"`{name}`", ind.dimension, ind.kind, f"{ind.scale:g}", f"{weights.indicators[name]:.2f}",
                     f"{ind.floor:g}", ind.description])
    dims = ", ".join(f"{d} {weights.dimensions[d]:.2f}" for d in DIMENSIONS)
    return ("## Constants and weights (generated from the code)\n\n"
            "Each indicator's fixed scale (score = 100 × min(1, raw / scale)), its weight inside its dimension, "
            "the floor of its relative measurement error and what it is. The arguments for each weight are "
            "written beside it in `src/greatgame/influence/data/weights.yaml`; the scale of `aid_gdp` (0.20: "
            "Chinese finance committed over five years worth a fifth of a year's GDP counts as full dependence) "
            "and of `events` (12: one net cooperative event a month) are conventions, stated as such; a share "
            "has scale 1.\n\n"
            + md_table(["indicator", "dimension", "kind", "scale", "weight", "error floor", "what it is"], rows, 3, 6)
            + f"\n\nDimension weights: {dims}. A composite needs {cfg.get('min_dimensions', 2)} dimensions with "
              f"data carrying at least {float(cfg.get('min_weight_share', 0)):.0%} of the weights. Nowcasts: at "
              f"most {NOWCAST_YEARS} years after a series ends. Intervals: {cfg.get('draws', 1000)} draws, "
              f"Dirichlet concentration α = {weights.concentration:g} × w, percentiles "
              f"{'–'.join(str(p) for p in cfg.get('interval', [10, 90]))}.\n")


def panel_section(result: pd.DataFrame, first: int, last: int) -> str:
    comp = result[(result.dimension == "composite") & result.year.between(first, last)]
    years = list(range(first, last + 1))
    parts = [f"## The composite, {first}–{last}, by state and power\n\n"
             "Composite score 0–100 with its 80% interval [lo–hi]; \\* a nowcast (a series behind it ended before "
             "that year: `--explain` says how it was obtained), m a value from the partner's reports only, – "
             "insufficient data. Default weights; generated from the knowledge base.\n"]
    for t in default_panel().targets:
        sub = comp[comp.target == t]
        by = {(r.power, int(r.year)): r for r in sub.itertuples()}
        rows = [[p] + [_cell(by.get((p, y))) for y in years] for p in default_panel().powers]
        parts.append(f"**{NAMES.get(t, t)} ({t})**\n\n" + md_table(["power", *map(str, years)], rows))
    return "\n\n".join(parts) + "\n"


def ranking_section(result: pd.DataFrame, first: int, last: int, power: str = "CHN") -> str:
    comp = result[(result.dimension == "composite") & (result.power == power) & result.year.between(first, last)]
    rows = []
    for y, g in comp.groupby("year"):
        g = g[g.score.notna()].sort_values("score", ascending=False)
        rows.append([str(int(y)), " > ".join(f"{r.target} {r.score:.1f}" for r in g.itertuples())])
    return (f"## {NAMES.get(power, power)}'s composite: the five states ranked\n\n"
            + md_table(["year", "ranking (composite)"], rows, 2) + "\n")


def variance_section(result: pd.DataFrame, first: int, last: int) -> str:
    shares = variance_shares(result, (first, last))
    rows = [[f"`{n}`", INDICATORS[n].kind, f"{100 * v:.1f}%"] for n, v in shares.items()]
    hand = sum(v for n, v in shares.items() if INDICATORS[n].kind in HAND_CODED)
    return (f"## Each indicator's share of the composite's variance, {first}–{last}\n\n"
            "Across every state, power and year of the period: the covariance of an indicator's points in the "
            "composite with the composite, over the composite's variance (the shares add up to 100%). "
            f"Hand-coded ordinal and binary inputs together: {100 * hand:.1f}%.\n\n"
            + md_table(["indicator", "kind", "share"], rows, 2) + "\n")


def sensitivity_section(indicators: pd.DataFrame, weights: Weights) -> str:
    """The generated Markdown of ``greatgame influence --sensitivity`` (the default draws)."""
    from .sensitivity import sensitivity
    from .sensitivity_output import markdown

    rep = sensitivity(indicators, weights, draws=int(config().get("draws", 1000)), seed=0)
    return markdown(rep, heading="##") + "\n"


def validation_section(result: pd.DataFrame) -> str:
    """``greatgame validate`` against each external measure shipped with greatgame (when installed)."""
    try:
        from .validation import markdown, shipped, validate
    except ImportError:
        return ""
    files = shipped()
    files = files if isinstance(files, list) else [files]
    parts = [markdown(validate(result, f), heading="###") for f in files]
    return ("## Validation against the shipped external measures (generated)\n\n" + "\n\n".join(parts) + "\n") \
        if parts else ""


def write_docs(kb: KnowledgeBase, output: Path, table_year: int | None = None) -> Path:
    """Write the page (and one SVG chart per state beside it); ``table_year``: the first year of the tables."""
    weights = Weights.default()
    indicators = compute_indicators(kb, default_panel())
    result = aggregate(indicators, weights)
    comp = result[result.dimension == "composite"]
    last = int(comp[comp.score.notna()].year.max()) if comp.score.notna().any() else FIRST_YEAR
    first = min(int(table_year or FIRST_YEAR), last)
    chart_dir = output.parent / "influence"
    chart_dir.mkdir(parents=True, exist_ok=True)
    charts = []
    for target in default_panel().targets:
        sub = comp[(comp.target == target) & (comp.year >= 2000)]
        series = {p: [(int(r.year), float(r.score), float(r.lo), float(r.hi)) for r in sub[sub.power == p].itertuples()]
                  for p in MAIN_POWERS}
        svg = svg_line_chart(series, f"{target}: composite influence (80% bands)")
        (chart_dir / f"composite_{target}.svg").write_text(svg, encoding="utf-8")
        charts.append(f"![{target}: composite of the main powers over time](influence/composite_{target}.svg)")
    datasets = sorted(kb.datasets(), key=lambda d: d["id"])
    method = resources.files(__package__).joinpath("data/influence_method.md").read_text("utf-8")
    generated = "\n".join([
        "", constants_section(weights), panel_section(result, first, last), ranking_section(result, first, last),
        variance_section(result, first, last), sensitivity_section(indicators, weights), validation_section(result),
        "## The main powers over time\n\n" + "\n\n".join(charts) + "\n",
        "## Data behind this page\n\n"
        + ("\n".join(f"- `{d['id']}`: {d['name']} ({d['rows']} rows)" for d in datasets) or "- (no reference data)")
        + f"\n\nGenerated by `greatgame influence-docs` on {dt.date.today().isoformat()} from `{kb.path.name}`; "
          "do not edit the sections from \"Constants and weights\" on by hand.\n"])
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(method.rstrip() + "\n" + generated, encoding="utf-8")
    return output


__all__ = ["svg_line_chart", "write_docs"]
