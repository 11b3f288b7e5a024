"""Every variant of the model tried against persistence, each with its rolling-origin backtest and episodes
(docs/model.md's "Variants tried"), and the diagnosis of where the uncombined model loses to persistence."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .backtest import Evaluation, evaluate
from .episodes import run_episodes
from .estimation import MODEL, Spec
from .panel import Panel

# (variant, why it was tried), in the order they were tried
VARIANTS: tuple[tuple[Spec, str], ...] = (
    (Spec(), "the model before: error correction with the energy level term, no combination"),
    (Spec(energy="impact"), "the energy level term left out (it extrapolates Turkmenistan's pipeline from 2011-13)"),
    (Spec(combine="horizon", shift="centre", inner_years=0),
     "combined with persistence, weights per horizon from every estimable inner origin, the ensemble's mean moved"),
    (Spec(combine="horizon", inner_years=0),
     "the same, the held-drivers pull of each run moved (drivers' effects and shocks kept)"),
    (Spec(combine="horizon"), "the same, inner origins with 10 years of data at least (as the backtest's own)"),
    (Spec(energy="impact", combine="horizon"), "the energy level term left out, combined"),
    (Spec(combine="pooled"), "one weight for every horizon"),
    (Spec(combine="equal"), "equal weights (0.5), estimated from nothing"),
)


def run_variants(panel: Panel, runs: int = 500, seed: int = 0, episodes: bool = True
                 ) -> tuple[list[dict], dict[Spec, Evaluation]]:
    """Each variant's backtest summary row (CRPS ratio, coverage by horizon, China/Russia pairs, episodes)."""
    rows, evs = [], {}
    for spec, why in VARIANTS:
        ev = evaluate(panel, runs=runs, seed=seed, spec=spec)
        evs[spec] = ev
        b = ev.by_horizon
        row = {"variant": f"`{spec.label}`" + (" **(the model)**" if spec == MODEL else ""), "why": why}
        for r in b.itertuples():
            row[f"h{r.h}"] = f"{r.crps_ratio:.3f} (p {r.dm_p:.2f}; {100 * r.cover80_model:.0f}/{100 * r.cover95_model:.0f}%)"
        row["MAE h1/h5 vs persistence"] = (f"{b.mae_model.iloc[0]:.2f}/{b.mae_model.iloc[-1]:.2f} vs "
                                           f"{b.mae_persistence.iloc[0]:.2f}/{b.mae_persistence.iloc[-1]:.2f}")
        row["pairs better"] = f"{int(ev.pairs.model_better.sum())} of {len(ev.pairs)}"
        if episodes:
            eps = run_episodes(panel, runs=400, seed=seed, spec=spec)
            ok = eps.passed & eps.sign
            row["episodes (whole / held out)"] = (f"{int(ok[eps.estimated == 'whole panel'].sum())} / "
                                                  f"{int(ok[eps.estimated == 'held out'].sum())} of 4")
        rows.append(row)
    return rows, evs


def diagnosis(ev: Evaluation) -> dict[str, pd.DataFrame]:
    """Where a variant loses to persistence: its CRPS minus persistence's, summed over the scored forecasts
    (percentage points), by horizon, by origin (horizons 2-5) and by pair (horizons 2-5, the largest losses)."""
    fc = ev.forecasts
    key = ["origin", "h", "target", "power"]
    m = fc[fc.method == "model"].set_index(key).crps
    p = fc[fc.method == "persistence"].set_index(key).crps.reindex(m.index)
    d = (m - p).rename("loss").reset_index()
    late = d[d.h >= 2]
    by_pair = late.groupby(["target", "power"]).loss.sum().sort_values(ascending=False)
    return {"horizon": d.groupby("h").loss.sum(), "origin": late.groupby("origin").loss.sum(),
            "pair": by_pair, "total": pd.Series({"h>=2": float(late.loss.sum())})}


def diagnosis_text(ev: Evaluation) -> str:
    """The diagnosis as Markdown lines."""
    dg = diagnosis(ev)
    org = dg["origin"]
    worst = org.sort_values(ascending=False).head(3)
    pairs = dg["pair"].head(4)
    return ("Sums of the CRPS differences (model − persistence, pp, positive: the model loses) over the scored "
            "forecasts: by horizon " + ", ".join(f"h{h} {v:+.0f}" for h, v in dg["horizon"].items())
            + f"; at horizons 2–5, {dg['total'].iloc[0]:+.0f} in all, of which the origins "
            + ", ".join(f"{o} ({v:+.0f})" for o, v in worst.items())
            + " and the pairs " + ", ".join(f"{t}–{p} ({v:+.0f})" for (t, p), v in pairs.items())
            + f"; origins {int(org.index.min())}–{int(org.index.max())} where the model gains: "
            + ", ".join(f"{o} ({v:+.0f})" for o, v in org[org < 0].items()) + ".")


def weights_table(evs: dict[Spec, Evaluation], spec: Spec = MODEL) -> list[dict]:
    """The combination's weights at each origin of the backtest (estimated inside each origin's window)."""
    ev = evs.get(spec)
    if ev is None:
        return []
    return [{"origin": o, **{f"w[h{h + 1}]": f"{v:.2f}" for h, v in enumerate(np.asarray(w))}}
            for o, w in ev.attrs.get("weights", []) if w is not None]
