"""Episode tests: the model run through four historical episodes with the realised drivers fed in.

Each episode starts from the observed state in its origin year and runs to its end year with the drivers as
they were (GDP shares, pipelines and railways, the sanctions regime, Russia's growth and the ruble), using the
parameters estimated on the whole panel (so the episode is in the estimation sample: this checks that the
estimated mechanisms reproduce the episode, not that they forecast it). The model passes an episode when its
median change has the realised change's sign and 50-150% of its size.

* pipeline: the Central Asia-China gas pipeline (line A opened in December 2009, B in 2010), China's share of
  Turkmenistan's trade, 2008 to 2012;
* ruble: the ruble crisis, remittances received by Kyrgyzstan, Tajikistan and Uzbekistan (% of GDP), 2014 to
  2015 (mean log change);
* closures: the 2020 border closures, China's share of the five states' trade, 2019 to 2020 (mean change);
* sanctions: 2022, sanctions and re-exports, Russia's share of Kazakhstan's, Kyrgyzstan's and Uzbekistan's
  trade, 2021 to 2023 (mean change).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import model
from .estimation import fit, sanctions_row
from .panel import Panel


@dataclass(frozen=True)
class Episode:
    name: str
    title: str
    origin: int
    end: int
    measure: str                      # "trade" (pairs' shares, mean change) or "remittances" (mean log change)
    pairs: tuple[tuple[str, str], ...] = ()
    targets: tuple[str, ...] = ()
    driver: str = ""                  # what in the model carries the episode


EPISODES = (
    Episode("pipeline", "Central Asia-China gas pipeline: China's share of Turkmenistan's trade", 2008, 2012,
            "trade", pairs=(("TKM", "CHN"),), driver="links (b_links), China's GDP share (b_gdp)"),
    Episode("ruble", "Ruble crisis: remittances received (% of GDP), KGZ, TJK, UZB", 2014, 2015, "remittances",
            targets=("KGZ", "TJK", "UZB"), driver="ruble depreciation (b_ruble), Russia's growth (b_growth)"),
    Episode("closures", "2020 border closures: China's share of each state's trade", 2019, 2020, "trade",
            pairs=tuple((t, "CHN") for t in ("KAZ", "KGZ", "TJK", "TKM", "UZB")),
            driver="none: the model has no border-closure driver"),
    Episode("sanctions", "2022 sanctions and re-exports: Russia's share of KAZ, KGZ, UZB trade", 2021, 2023, "trade",
            pairs=tuple((t, "RUS") for t in ("KAZ", "KGZ", "UZB")), driver="sanctions (b_sanctions)"),
)


def realised_drivers(inputs, panel: Panel, years: tuple[int, ...], runs: int) -> model.Drivers:
    """The drivers as they were in ``years`` (GDP with its year's lag)."""
    gdp = np.stack([panel.gdp[:, panel.index(y - 1)] for y in years])
    gdp = np.where(np.isfinite(gdp), gdp, inputs.gdp_last[None, :])
    links = np.stack([panel.links[:, panel.index(y)] for y in years])[None]
    sanc = np.stack([sanctions_row(panel.powers, y) for y in years])[None]
    g = np.array([panel.rus_growth[panel.index(y)] for y in years])
    d = np.array([panel.rub_depr[panel.index(y)] for y in years])
    T, P = len(panel.targets), len(panel.powers)
    return model.Drivers(years, np.broadcast_to(gdp, (runs, *gdp.shape)).copy(), links, sanc,
                         np.zeros((1, len(years), T, P)), np.broadcast_to(np.nan_to_num(g), (runs, len(years))).copy(),
                         np.broadcast_to(np.nan_to_num(d), (runs, len(years))).copy())


def run_episode(panel: Panel, ep: Episode, runs: int = 1000, seed: int = 0, full=None) -> dict:
    """The realised and the model's change over the episode, and whether the model passes."""
    full = full or fit(panel)
    at = fit(panel, ep.origin)
    inputs = dataclasses.replace(at, trade=full.trade, remit=full.remit, residuals=full.residuals)
    # start every target in the origin year (the episode's own start), whatever its later data
    start = {t: ep.origin for t in at.start}
    remit_start = {t: ep.origin for t in at.remit_start}
    inputs = dataclasses.replace(inputs, start=start, remit_start=remit_start)
    years = tuple(range(ep.origin + 1, ep.end + 1))
    rng = np.random.default_rng([seed, ep.origin])
    draws = model.draw(inputs, runs, rng)
    z, m = model.simulate(inputs, draws, realised_drivers(inputs, panel, years, runs), rng)
    k0, k1 = panel.index(ep.origin), panel.index(ep.end)
    if ep.measure == "trade":
        s = model.shares(z[:, -1])                                  # (R, T, P + 1)
        real, pred = [], []
        for t, p in ep.pairs:
            i, j = panel.targets.index(t), panel.powers.index(p)
            a, b = panel.share[i, k0, j], panel.share[i, k1, j]
            if np.isfinite(a) and np.isfinite(b) and np.isfinite(s[0, i, j]):
                real.append(b - a)
                pred.append(s[:, i, j] - a)
        realised, predicted = 100 * float(np.mean(real)), 100 * np.mean(pred, axis=0)
        unit = "pp"
    else:
        real, pred = [], []
        for t in ep.targets:
            i = panel.targets.index(t)
            a, b = panel.remit[i, k0], panel.remit[i, k1]
            if np.isfinite(a) and np.isfinite(b):
                real.append(np.log(b / a))
                pred.append(m[:, -1, i] - np.log(a))           # m is the log
        realised, predicted = 100 * float(np.mean(real)), 100 * np.mean(pred, axis=0)
        unit = "% (log)"
    med = float(np.median(predicted))
    lo, hi = np.quantile(predicted, [0.1, 0.9])
    ratio = med / realised if realised else float("nan")
    return {"episode": ep.name, "title": ep.title, "years": f"{ep.origin}–{ep.end}", "unit": unit,
            "realised": realised, "model": med, "p10": float(lo), "p90": float(hi), "ratio": ratio,
            "sign": bool(np.sign(med) == np.sign(realised)), "passed": bool(0.5 <= ratio <= 1.5),
            "driver": ep.driver}


def run_episodes(panel: Panel, runs: int = 1000, seed: int = 0) -> pd.DataFrame:
    full = fit(panel)
    return pd.DataFrame([run_episode(panel, ep, runs, seed, full) for ep in EPISODES])
