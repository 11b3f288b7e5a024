"""Fan charts of a simulation: one panel per target (and one for remittances), the observed history from 2010,
the baseline and the scenario, each with its median and 10-90% band, the legend outside the panels; and
(``difference_chart``) a scenario as its difference from another, run by run."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import SimulationError
from ..regions import COLOURS

if TYPE_CHECKING:
    from .run import Result

HISTORY_FROM = 2010
MIN_SHARE = 0.03          # a power is drawn in a target's panel if its share reaches 3% (history or median)


def _shown(res: "Result", hist: pd.DataFrame, summary: pd.DataFrame, target: str) -> list[str]:
    """The powers drawn for ``target``: each whose observed share or median reaches MIN_SHARE, then OTH."""
    peak = pd.concat([hist[hist.target == target].rename(columns={"value": "v"})[["power", "v"]],
                      summary[summary.target == target].rename(columns={"median": "v"})[["power", "v"]]])
    big = peak.groupby("power").v.max()
    return [p for p in res.actors if big.get(p, 0.0) >= MIN_SHARE]


def _frames(res: "Result", baseline: "Result | None"):
    hist = res.history(HISTORY_FROM)
    parts = {"scenario": pd.concat([res.summary(), res.summary("remittances")], ignore_index=True)}
    if baseline is not None:
        parts["baseline"] = pd.concat([baseline.summary(), baseline.summary("remittances")], ignore_index=True)
    return hist, parts


def fan_chart(res: "Result", path: Path, *, baseline: "Result | None" = None, title: str | None = None) -> Path:
    """Write a PNG (matplotlib) or a self-contained HTML page (plotly, its JavaScript inlined: no CDN)."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".html", ".htm"):
        raise SimulationError(f"{path}: --plot writes .png or .html, not {suffix or 'no extension'}")
    hist, parts = _frames(res, baseline)
    title = title or (f"{res.scenario.name} (solid) against {baseline.scenario.name} (dashed)" if baseline
                      else res.scenario.name) + ": median and 10–90% band; dots: observed"
    panels = list(res.targets) + (["remittances"] if np.isfinite(res.remittances).any() else [])
    if suffix == ".png":
        return _png(res, hist, parts, panels, Path(path), title)
    return _html(res, hist, parts, panels, Path(path), title)


def _series(frame: pd.DataFrame, target: str, power: str) -> pd.DataFrame:
    return frame[(frame.target == target) & (frame.power == power)].sort_values("year")


def _png(res, hist, parts, panels, path: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    cols = 3
    rows = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(15, 4.2 * rows), squeeze=False)
    drawn: set[str] = set()
    for ax, panel in zip(axes.flat, panels):
        if panel == "remittances":
            series = [(t, "remittances", COLOURS.get(p, "#555555")) for t, p in zip(
                [t for t in res.targets if np.isfinite(res.remittances[:, :, res.targets.index(t)]).any()],
                ("CHN", "RUS", "EU", "USA", "TUR"))]
            ax.set_title("Remittances received, % of GDP")
            scale = 1.0
        else:
            series = [(panel, p, COLOURS.get(p, COLOURS["OTH"])) for p in _shown(res, hist, parts["scenario"], panel)]
            ax.set_title(f"{panel}: share of goods trade, % (data through {res.start.get(panel, '?')})")
            scale = 100.0
        for target, power, colour in series:
            label = target if power == "remittances" else power
            drawn.add(label)
            h = _series(hist, target, power)
            ax.plot(h.year, scale * h.value, "o", ms=2.5, color=colour)
            for name, style, alpha in (("baseline", "--", 0.10), ("scenario", "-", 0.22)):
                if name not in parts:
                    continue
                d = _series(parts[name], target, power)
                if d.empty:
                    continue
                ax.fill_between(d.year, scale * d.p10, scale * d.p90, color=colour, alpha=alpha, linewidth=0)
                ax.plot(d.year, scale * d["median"], style, color=colour, lw=1.6, label=label)
        ax.axvline(res.origin + 0.5, color="#999999", lw=0.8)
        ax.grid(alpha=0.3)
        ax.set_xlim(HISTORY_FROM - 0.5, res.years[-1] + 0.5)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    handles = [Line2D([], [], color=COLOURS.get(p, "#555555"), lw=2, label=p) for p in res.actors if p in drawn]
    rem_labels = sorted(d for d in drawn if d in res.targets)
    if rem_labels:
        handles.append(Line2D([], [], color="none", label="remittances panel:"))
        handles += [Line2D([], [], color=COLOURS.get(p, "#555555"), lw=2, label=t)
                    for t, p in zip(rem_labels, ("CHN", "RUS", "EU", "USA", "TUR"))]
    handles += [Line2D([], [], color="#333333", lw=1.6, ls="-", label="scenario median"),
                Line2D([], [], color="#333333", lw=1.6, ls="--", label="baseline median"),
                Line2D([], [], color="#333333", marker="o", ls="none", ms=3, label="observed")]
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(0.885, 0.5), frameon=False, fontsize=9)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout(rect=(0, 0, 0.88, 0.96))
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _html(res, hist, parts, panels, path: Path, title: str) -> Path:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    cols = 3
    rows = (len(panels) + cols - 1) // cols
    names = [f"{p}: trade share, % (data through {res.start.get(p, '?')})" if p != "remittances"
             else "Remittances, % of GDP" for p in panels]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=names)
    seen: set[str] = set()
    for n, panel in enumerate(panels):
        r, c = n // cols + 1, n % cols + 1
        if panel == "remittances":
            series = [(t, "remittances") for i, t in enumerate(res.targets)
                      if np.isfinite(res.remittances[:, :, i]).any()]
            scale = 1.0
        else:
            series = [(panel, p) for p in _shown(res, hist, parts["scenario"], panel)]
            scale = 100.0
        for k, (target, power) in enumerate(series):
            label = target if power == "remittances" else power
            colour = COLOURS.get(power, list(COLOURS.values())[k])
            group, first = label, label not in seen
            seen.add(label)
            h = _series(hist, target, power)
            fig.add_trace(go.Scatter(x=list(h.year), y=list(scale * h.value), mode="markers", legendgroup=group,
                                     marker={"color": colour, "size": 4}, name=f"{label} observed",
                                     showlegend=False), row=r, col=c)
            for name, dash, opacity in (("baseline", "dash", 0.10), ("scenario", "solid", 0.22)):
                if name not in parts:
                    continue
                d = _series(parts[name], target, power)
                if d.empty:
                    continue
                fig.add_trace(go.Scatter(x=list(d.year) + list(d.year)[::-1],
                                         y=list(scale * d.p90) + list(scale * d.p10)[::-1], fill="toself",
                                         line={"width": 0}, fillcolor=colour, opacity=opacity, hoverinfo="skip",
                                         legendgroup=group, showlegend=False), row=r, col=c)
                fig.add_trace(go.Scatter(x=list(d.year), y=list(scale * d["median"]), name=label,
                                         line={"color": colour, "dash": dash}, legendgroup=group,
                                         showlegend=first), row=r, col=c)
    fig.update_layout(title=title, height=380 * rows, legend={"x": 1.02, "y": 1, "xanchor": "left"})
    fig.write_html(str(path), include_plotlyjs=True, full_html=True)
    return path


MIN_DIFF = 0.001          # a power is drawn in a difference panel if its 10-90% band reaches 0.1 pp in some year


def difference_chart(a: "Result", b: "Result", path: Path, *, title: str | None = None) -> Path:
    """B minus A, run by run (``run.compare``: the same draws, only the scenarios' shocks differ), as a PNG or a
    self-contained HTML page: per target the powers whose 10-90% band of the difference reaches MIN_DIFF in some
    year (percentage points of the share of goods trade), and remittances (% of GDP); median and 10-90% band,
    a line at zero. What ``simulate`` draws where the backtest finds no skill over persistence: a scenario only
    as its difference from the baseline."""
    from .run import compare

    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".html", ".htm"):
        raise SimulationError(f"{path}: --plot writes .png or .html, not {suffix or 'no extension'}")
    diff = compare(a, b)
    title = title or (f"{b.scenario.name} minus {a.scenario.name}, run by run: median and 10–90% band of the "
                      "difference")
    rem = diff[diff.power == "remittances"]
    panels = list(a.targets) + (["remittances"] if not rem.empty else [])
    series: dict[str, list[tuple[str, str, str]]] = {}
    for panel in panels:
        if panel == "remittances":
            series[panel] = [(t, "remittances", COLOURS.get(p, "#555555")) for t, p in zip(
                sorted(rem.target.unique()), ("CHN", "RUS", "EU", "USA", "TUR"))]
            continue
        sub = diff[(diff.target == panel) & (diff.power != "remittances")]
        reach = np.maximum(sub.p10.abs(), sub.p90.abs()).groupby(sub.power).max()
        series[panel] = [(panel, p, COLOURS.get(p, COLOURS["OTH"])) for p in a.actors if reach.get(p, 0.0) >= MIN_DIFF]
    names = {p: (f"{p}: share of goods trade, pp" if p != "remittances" else "Remittances received, % of GDP")
             for p in panels}
    if suffix == ".png":
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        cols = 3
        rows = (len(panels) + cols - 1) // cols
        fig, axes = plt.subplots(rows, cols, figsize=(15, 4.2 * rows), squeeze=False)
        for ax, panel in zip(axes.flat, panels):
            scale = 1.0 if panel == "remittances" else 100.0
            for target, power, colour in series[panel]:
                d = _series(diff, target, power)
                ax.fill_between(d.year, scale * d.p10, scale * d.p90, color=colour, alpha=0.22, linewidth=0)
                ax.plot(d.year, scale * d["median"], "-", color=colour, lw=1.6,
                        label=target if power == "remittances" else power)
            ax.axhline(0.0, color="#666666", lw=0.8)
            ax.set_title(names[panel] + ("" if series[panel] else " (no difference of 0.1 or more)"))
            ax.grid(alpha=0.3)
            if series[panel]:
                ax.legend(fontsize=8, loc="best")
        for ax in list(axes.flat)[len(panels):]:
            ax.set_visible(False)
        fig.suptitle(title, fontsize=11)
        fig.tight_layout(rect=(0, 0, 1, 0.96))
        fig.savefig(path, dpi=100)
        plt.close(fig)
        return Path(path)
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    cols = 3
    rows = (len(panels) + cols - 1) // cols
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[names[p] for p in panels])
    for n, panel in enumerate(panels):
        r, c = n // cols + 1, n % cols + 1
        scale = 1.0 if panel == "remittances" else 100.0
        for target, power, colour in series[panel]:
            d = _series(diff, target, power)
            label = target if power == "remittances" else power
            fig.add_trace(go.Scatter(x=list(d.year) + list(d.year)[::-1],
                                     y=list(scale * d.p90) + list(scale * d.p10)[::-1], fill="toself",
                                     line={"width": 0}, fillcolor=colour, opacity=0.22, hoverinfo="skip",
                                     showlegend=False), row=r, col=c)
            fig.add_trace(go.Scatter(x=list(d.year), y=list(scale * d["median"]), name=f"{panel}: {label}",
                                     line={"color": colour}), row=r, col=c)
    fig.update_layout(title=title, height=380 * rows, legend={"x": 1.02, "y": 1, "xanchor": "left"})
    fig.write_html(str(path), include_plotlyjs=True, full_html=True)
    return Path(path)
