"""Episode tests: the model run through four historical episodes with the realised drivers fed in.

Each episode starts from the observed state in its origin year and runs to its end year with the drivers as
they were (GDP shares, pipelines and railways, gas pipeline capacity and the oil price, freight border
closures, the sanctions regime, Russia's growth and the ruble). Two estimates are run: the parameters
estimated on the whole panel (the episode is in the estimation sample: this checks that the estimated
mechanisms reproduce it, not that they forecast it), and held out: each pair's (or target's) change modelled
with the parameters estimated without that pair's own rows in the episode's years, so that the mechanism must
come from the other pairs and years. The model passes an episode when its median change has the realised
change's sign and 50-150% of its size.

* pipeline: the Central Asia-China gas pipeline (line A opened in December 2009, B in October 2010), China's
  share of Turkmenistan's trade, 2008 to 2012;
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
from .estimation import MODEL, Spec, sanctions_row
from .fitting import fit
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
            "trade", pairs=(("TKM", "CHN"),),
            driver="gas pipeline capacity at the oil price (b_energy, g_energy), China's GDP share (b_gdp)"),
    Episode("ruble", "Ruble crisis: remittances received (% of GDP), KGZ, TJK, UZB", 2014, 2015, "remittances",
            targets=("KGZ", "TJK", "UZB"), driver="ruble depreciation (b_ruble), Russia's growth (b_growth)"),
    Episode("closures", "2020 border closures: China's share of each state's trade", 2019, 2020, "trade",
            pairs=tuple((t, "CHN") for t in ("KAZ", "KGZ", "TJK", "TKM", "UZB")),
            driver="freight border closures, KGZ and TJK (b_closure); the oil price (b_energy, g_energy)"),
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
    energy = np.nan_to_num(panel.energy)
    ks = [panel.index(y) for y in years]
    return model.Drivers(years, np.broadcast_to(gdp, (runs, *gdp.shape)).copy(), links, sanc,
                         np.zeros((1, len(years), T, P)), np.broadcast_to(np.nan_to_num(g), (runs, len(years))).copy(),
                         np.broadcast_to(np.nan_to_num(d), (runs, len(years))).copy(),
                         energy=energy[:, ks].transpose(1, 0, 2)[None], energy0=energy[:, ks[0] - 1][None],
                         closure=panel.closures[:, ks].transpose(1, 0, 2)[None])


def _inputs(panel: Panel, ep: Episode, estimated) -> "model.ModelInputs":
    """The state at the episode's origin with the parameters, residuals and combination weights of
    ``estimated``."""
    at = fit(panel, ep.origin, spec=dataclasses.replace(estimated.spec, combine="none"))
    start = {t: ep.origin for t in at.start}          # every target starts in the origin year
    remit_start = {t: ep.origin for t in at.remit_start}
    return dataclasses.replace(at, trade=estimated.trade, remit=estimated.remit, residuals=estimated.residuals,
                               start=start, remit_start=remit_start, spec=estimated.spec, weights=estimated.weights)


def _predict(panel: Panel, ep: Episode, estimated, runs: int, seed: int, unit) -> tuple[np.ndarray, np.ndarray]:
    """Per run, each unit's (pair's or target's) modelled change (NaN where not observed) and the realised."""
    inputs = _inputs(panel, ep, estimated)
    years = tuple(range(ep.origin + 1, ep.end + 1))
    rng = np.random.default_rng([seed, ep.origin])
    draws = model.draw(inputs, runs, rng)
    z, m = model.simulate(inputs, draws, realised_drivers(inputs, panel, years, runs), rng)
    k0, k1 = panel.index(ep.origin), panel.index(ep.end)
    if ep.measure == "trade":
        t, p = unit
        i, j = panel.targets.index(t), panel.powers.index(p)
        a, b = panel.share[i, k0, j], panel.share[i, k1, j]
        s = model.shares(z[:, -1])[:, i, j]
        if not (np.isfinite(a) and np.isfinite(b) and np.isfinite(s[0])):
            return np.full(runs, np.nan), np.nan
        return s - a, b - a
    i = panel.targets.index(unit)
    a, b = panel.remit[i, k0], panel.remit[i, k1]
    if not (np.isfinite(a) and np.isfinite(b)):
        return np.full(runs, np.nan), np.nan
    return m[:, -1, i] - np.log(a), np.log(b / a)        # m is the log


def held_out(ep: Episode, unit) -> frozenset:
    """The rows of one pair (or target) in the episode's years, left out of the held-out estimate."""
    years = range(ep.origin + 1, ep.end + 1)
    if ep.measure == "trade":
        return frozenset((unit[0], unit[1], y) for y in years)
    return frozenset((unit, "remittances", y) for y in years)


def run_episode(panel: Panel, ep: Episode, runs: int = 1000, seed: int = 0, full=None, held: bool = False,
                spec: Spec = MODEL) -> dict:
    """The realised and the model's change over the episode, and whether the model passes.

    ``held=False``: the parameters estimated on the whole panel (the episode inside the estimation sample).
    ``held=True``: each pair's (or target's) change modelled with the parameters estimated without that pair's
    own rows in the episode's years (the other pairs' rows, and the pair's other years, kept): whether the
    mechanism estimated elsewhere reproduces the episode."""
    full = full or fit(panel, spec=spec)
    units = ep.pairs if ep.measure == "trade" else ep.targets
    real, pred = [], []
    for u in units:
        est = fit(panel, exclude=held_out(ep, u), spec=full.spec) if held else full
        p, r = _predict(panel, ep, est, runs, seed, u)
        if np.isfinite(r):
            real.append(r)
            pred.append(p)
    realised, predicted = 100 * float(np.mean(real)), 100 * np.mean(pred, axis=0)
    med = float(np.median(predicted))
    lo, hi = np.quantile(predicted, [0.1, 0.9])
    ratio = med / realised if realised else float("nan")
    return {"episode": ep.name, "title": ep.title, "years": f"{ep.origin}–{ep.end}",
            "unit": "pp" if ep.measure == "trade" else "% (log)", "estimated": "held out" if held else "whole panel",
            "realised": realised, "model": med, "p10": float(lo), "p90": float(hi), "ratio": ratio,
            "sign": bool(np.sign(med) == np.sign(realised)), "passed": bool(0.5 <= ratio <= 1.5),
            "driver": ep.driver}


def run_episodes(panel: Panel, runs: int = 1000, seed: int = 0, held: bool | None = None, spec: Spec = MODEL
                 ) -> pd.DataFrame:
    """Every episode, with the whole panel's estimates and held out (``held``: only one of the two), for the
    model's variant ``spec``."""
    full = fit(panel, spec=spec)
    modes = (False, True) if held is None else (held,)
    return pd.DataFrame([run_episode(panel, ep, runs, seed, full, h) for h in modes for ep in EPISODES])
