"""Fan charts of a simulation: median influence share and its 10-90% band, per target."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import SimulationError
from ..regions import COLOURS, MAIN_POWERS

SHOWN = MAIN_POWERS


def fan_chart(summary: pd.DataFrame, path: Path, title: str) -> Path:
    """Write a PNG (matplotlib) or a self-contained HTML (plotly, its JavaScript inlined: no CDN)."""
    suffix = path.suffix.lower()
    targets = sorted(summary.target.unique())
    if suffix == ".png":
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, len(targets), figsize=(4 * len(targets), 3.6), sharey=True)
        for ax, t in zip(axes if len(targets) > 1 else [axes], targets):
            for p in SHOWN:
                d = summary[(summary.target == t) & (summary.power == p)].sort_values("year")
                if d.empty:
                    continue
                ax.fill_between(d.year, 100 * d.p10, 100 * d.p90, color=COLOURS[p], alpha=0.2, linewidth=0)
                ax.plot(d.year, 100 * d["median"], color=COLOURS[p], label=p)
            ax.set_title(t)
            ax.grid(alpha=0.3)
        (axes[0] if len(targets) > 1 else axes).set_ylabel("influence share, %")
        (axes[-1] if len(targets) > 1 else axes).legend(loc="upper right", fontsize=8)
        fig.suptitle(title)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
        return path
    if suffix in (".html", ".htm"):
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        fig = make_subplots(rows=1, cols=len(targets), subplot_titles=targets, shared_yaxes=True)
        for c, t in enumerate(targets, start=1):
            for p in SHOWN:
                d = summary[(summary.target == t) & (summary.power == p)].sort_values("year")
                if d.empty:
                    continue
                x = list(d.year) + list(d.year)[::-1]
                y = list(100 * d.p90) + list(100 * d.p10)[::-1]
                fig.add_trace(go.Scatter(x=x, y=y, fill="toself", line={"width": 0}, fillcolor=COLOURS[p],
                                         opacity=0.2, showlegend=False, hoverinfo="skip"), row=1, col=c)
                fig.add_trace(go.Scatter(x=list(d.year), y=list(100 * d["median"]), name=p,
                                         line={"color": COLOURS[p]}, showlegend=c == 1), row=1, col=c)
        fig.update_layout(title=title, yaxis_title="influence share, %", height=420)
        fig.write_html(str(path), include_plotlyjs=True, full_html=True)
        return path
    raise SimulationError(f"{path}: --plot writes .png or .html, not {suffix or 'no extension'}")
