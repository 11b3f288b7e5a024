"""Rolling-origin backtest of the trade equation against persistence, drift and mean reversion.

For every origin o from 2005 to the latest year - 1, the model is re-estimated on the data known at o
(``Panel.cut``), started from each target observed in o, and run h = 1..5 years ahead (to the latest year)
with its drivers projected as at o (GDP shares a random walk with drift, links and sanctions as they were);
every dyad's forecast share is scored against the observed share in o + h. The benchmarks, each from the
dyad's own series to o, with a normal predictive distribution:

* persistence: s[o], sd = sd1 * sqrt(h), sd1 the sd of the dyad's yearly changes;
* drift (last trend): s[o] + h * (s[o] - s[o-5]) / 5, sd = sd1 * sqrt(h + h^2 / 5);
* mean reversion: the dyad's mean + rho^h (s[o] - mean), rho the pooled AR(1) coefficient of shares around
  their dyad means, sd = sigma * sqrt((1 - rho^2h) / (1 - rho^2)).

Scores in percentage points of share: mean absolute error of the median (or mean), CRPS, and the coverage of
the central 80% and 95% intervals; a Diebold-Mariano test of the model's CRPS against persistence's, by the
bootstrap over dyads. The verdict follows issue 13's targets: skill over persistence needs CRPS <= 0.97 x
persistence's at horizons 2-4 with p < 0.10, and a lower MAE than persistence in >= 8 of the 10 China and
Russia pairs; otherwise "no skill over persistence".
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import RunError
from ..kb.store import KnowledgeBase
from . import model
from .estimation import MODEL, Spec
from .fitting import fit
from .panel import Panel
from .scoring import Z80, Z95, crps_ensemble, crps_normal, dm_bootstrap

FIRST_ORIGIN = 2005
HORIZONS = (1, 2, 3, 4, 5)
FOCUS = ("CHN", "RUS")
METHODS = ("model", "persistence", "drift", "mean_reversion")
TREND_YEARS = 5
SKILL_RATIO = 0.97
SKILL_P = 0.10
SKILL_PAIRS = 8
NO_SKILL = "no skill over persistence"


@dataclass
class Evaluation:
    """The backtest: every scored forecast, the table by horizon, the China/Russia pairs and the verdict."""

    forecasts: pd.DataFrame
    by_horizon: pd.DataFrame
    pairs: pd.DataFrame
    skill: bool
    verdict: str
    attrs: dict = field(default_factory=dict)


def backtest(kb: KnowledgeBase | None = None, *, panel: Panel | None = None, runs: int = 500, seed: int = 0,
             first_origin: int = FIRST_ORIGIN, horizons: tuple[int, ...] = HORIZONS, spec: Spec = MODEL
             ) -> Evaluation:
    """The rolling-origin backtest (see the module's docstring) on the knowledge base's panel or ``panel``."""
    if panel is None:
        if kb is None:
            raise RunError("a backtest needs a knowledge base or a panel read from one")
        from .estimation import context
        from .panel import read_panel

        powers, targets, last = context()
        panel = read_panel(kb, powers, targets, last)
    return evaluate(panel, runs=runs, seed=seed, first_origin=first_origin, horizons=horizons, spec=spec)


def _series_stats(panel: Panel, o: int) -> dict[str, np.ndarray]:
    """Per dyad, from its observed shares to o: sd of yearly changes, the trend, the mean; and pooled rho and
    per-dyad sigma of the AR(1) around the dyad means."""
    k = panel.index(o)
    s = panel.share[:, :k + 1]                                       # (T, K, P)
    d = np.diff(s, axis=1)
    with np.errstate(invalid="ignore"):
        n = np.isfinite(d).sum(axis=1)
        sd1 = np.where(n >= 3, np.nanstd(np.where(np.isfinite(d), d, np.nan), axis=1, ddof=1), np.nan)
    pooled = np.nanmedian(sd1) if np.isfinite(sd1).any() else 0.02
    sd1 = np.where(np.isfinite(sd1), sd1, pooled)
    past = s[:, -1 - TREND_YEARS] if s.shape[1] > TREND_YEARS else np.full(s[:, 0].shape, np.nan)
    trend = (s[:, -1] - past) / TREND_YEARS
    trend = np.where(np.isfinite(trend), trend, 0.0)
    mean = np.nanmean(s, axis=1)
    x, y = (s[:, :-1] - mean[:, None]), (s[:, 1:] - mean[:, None])
    ok = np.isfinite(x) & np.isfinite(y)
    rho = float((x[ok] * y[ok]).sum() / (x[ok] ** 2).sum()) if ok.sum() > 10 else 0.8
    rho = min(max(rho, 0.0), 0.99)
    res = np.where(ok, y - rho * x, np.nan)
    with np.errstate(invalid="ignore"):
        sig = np.where(ok.sum(axis=1) >= 3, np.nanstd(res, axis=1, ddof=1), np.nan)
    sig = np.where(np.isfinite(sig), sig, np.nanmedian(sig) if np.isfinite(sig).any() else 0.02)
    return {"sd1": sd1, "trend": trend, "mean": mean, "rho": np.array(rho), "sigma": sig}


def evaluate(panel: Panel, *, runs: int = 500, seed: int = 0, first_origin: int = FIRST_ORIGIN,
             horizons: tuple[int, ...] = HORIZONS, spec: Spec = MODEL) -> Evaluation:
    """Run the rolling-origin backtest on ``panel`` (the knowledge base's, or a synthetic one) for the model's
    variant ``spec``: at each origin everything, a combination's weights included, is estimated from the data
    known at that origin."""
    latest = panel.latest
    origins = [o for o in range(first_origin, latest) if o in panel.years]
    if not origins:
        raise RunError(f"no origin between {first_origin} and {latest - 1} to backtest from")
    rows, weights = [], []
    for o in origins:
        hs = [h for h in horizons if o + h <= latest]
        if not hs:
            continue
        inputs = fit(panel, o, spec=spec)
        weights.append((o, inputs.weights))
        live = [t for t in panel.targets if inputs.start.get(t) == o]
        if not live:
            continue
        years = tuple(range(o + 1, o + max(hs) + 1))
        rng = np.random.default_rng([seed, o])
        draws = model.draw(inputs, runs, rng)
        drivers = model.baseline_drivers(inputs, years, runs, rng)
        z, _ = model.simulate(inputs, draws, drivers, rng)
        sims = model.shares(z)[..., :-1]                              # (R, H, T, P)
        st = _series_stats(panel, o)
        s_o = panel.share[:, panel.index(o)]
        for h in hs:
            obs = panel.share[:, panel.index(o + h)]
            for t in live:
                i = panel.targets.index(t)
                for j, p in enumerate(panel.powers):
                    y = obs[i, j]
                    if not (np.isfinite(y) and np.isfinite(s_o[i, j]) and np.isfinite(sims[0, h - 1, i, j])):
                        continue
                    rows.append(_score(o, h, t, p, y, sims[:, h - 1, i, j], s_o[i, j], st, i, j))
    fc = pd.DataFrame([r for group in rows for r in group])
    ev = summarise(fc, origins, runs, seed)
    ev.attrs.update(spec=spec, weights=weights)
    return ev


def _score(o: int, h: int, t: str, p: str, y: float, ens: np.ndarray, s0: float, st: dict, i: int, j: int
           ) -> list[dict]:
    base = {"origin": o, "h": h, "target": t, "power": p, "observed": y}
    q = np.quantile(ens, [0.025, 0.1, 0.5, 0.9, 0.975])
    out = [{**base, "method": "model", "point": q[2], "crps": float(crps_ensemble(ens[:, None], np.array([y]))[0]),
            "in80": q[1] <= y <= q[3], "in95": q[0] <= y <= q[4]}]
    sd1, rho, mean = st["sd1"][i, j], float(st["rho"]), st["mean"][i, j]
    normal = {
        "persistence": (s0, sd1 * np.sqrt(h)),
        "drift": (s0 + h * st["trend"][i, j], sd1 * np.sqrt(h + h * h / TREND_YEARS)),
        "mean_reversion": (mean + rho ** h * (s0 - mean),
                           st["sigma"][i, j] * np.sqrt((1 - rho ** (2 * h)) / max(1 - rho ** 2, 1e-6))),
    }
    for name, (mu, sd) in normal.items():
        mu = float(np.clip(mu, 0.0, 1.0))
        out.append({**base, "method": name, "point": mu,
                    "crps": float(crps_normal(np.array([mu]), np.array([sd]), np.array([y]))[0]),
                    "in80": abs(y - mu) <= Z80 * sd, "in95": abs(y - mu) <= Z95 * sd})
    return out


def summarise(fc: pd.DataFrame, origins: list[int], runs: int, seed: int) -> Evaluation:
    """The table by horizon, the China/Russia pairs and the verdict, from the scored forecasts."""
    if fc.empty:
        raise RunError("insufficient data: no forecast could be scored against an observation")
    fc = fc.assign(abs_err=(fc.point - fc.observed).abs() * 100, crps=fc.crps * 100)
    recs = []
    for h, g in fc.groupby("h"):
        rec = {"h": int(h), "n": int((g.method == "model").sum())}
        for m in METHODS:
            gm = g[g.method == m]
            rec[f"mae_{m}"] = gm.abs_err.mean()
            rec[f"crps_{m}"] = gm.crps.mean()
        mod = g[g.method == "model"].set_index(["origin", "target", "power"]).crps
        per = g[g.method == "persistence"].set_index(["origin", "target", "power"]).crps
        diff = (mod - per.reindex(mod.index)).dropna()
        dyad = np.array([f"{t}-{p}" for _, t, p in diff.index])
        rec["crps_ratio"] = rec["crps_model"] / rec["crps_persistence"]
        rec["dm_p"] = dm_bootstrap(diff.values, dyad)
        gm = g[g.method == "model"]
        rec["cover80_model"], rec["cover95_model"] = gm.in80.mean(), gm.in95.mean()
        gp = g[g.method == "persistence"]
        rec["cover80_persistence"], rec["cover95_persistence"] = gp.in80.mean(), gp.in95.mean()
        recs.append(rec)
    by_h = pd.DataFrame(recs)
    pairs = []
    for (t, p), g in fc[fc.power.isin(FOCUS)].groupby(["target", "power"]):
        mm = g[g.method == "model"].abs_err.mean()
        mp = g[g.method == "persistence"].abs_err.mean()
        pairs.append({"target": t, "power": p, "n": int((g.method == "model").sum()), "mae_model": mm,
                      "mae_persistence": mp, "model_better": bool(mm < mp)})
    pairs_df = pd.DataFrame(pairs)
    mid = by_h[by_h.h.isin([2, 3, 4])]
    crps_ok = len(mid) == 3 and bool(((mid.crps_ratio <= SKILL_RATIO) & (mid.dm_p < SKILL_P)).all())
    better = int(pairs_df.model_better.sum()) if not pairs_df.empty else 0
    skill = crps_ok and better >= SKILL_PAIRS
    if skill:
        verdict = (f"skill over persistence: CRPS <= {SKILL_RATIO} x persistence's at horizons 2-4 (p < {SKILL_P}) "
                   f"and a lower MAE in {better} of {len(pairs_df)} China and Russia pairs")
    else:
        why = []
        if not crps_ok:
            why.append("CRPS ratio to persistence at horizons 2-4: " + ", ".join(
                f"{r.crps_ratio:.3f} (p {r.dm_p:.2f})" for r in mid.itertuples()) + f" (needs <= {SKILL_RATIO}, "
                f"p < {SKILL_P})")
        if better < SKILL_PAIRS:
            why.append(f"lower MAE than persistence in {better} of {len(pairs_df)} China and Russia pairs "
                       f"(needs {SKILL_PAIRS})")
        verdict = f"{NO_SKILL}: " + "; ".join(why)
    return Evaluation(fc, by_h, pairs_df, skill, verdict,
                      {"origins": (min(origins), max(origins)), "runs": runs, "seed": seed,
                       "scored": int((fc.method == "model").sum())})
