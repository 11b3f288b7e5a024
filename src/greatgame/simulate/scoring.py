"""Forecast scores: CRPS of an ensemble and of a normal forecast, interval coverage, and a Diebold-Mariano
test of two forecasts' scores by the bootstrap over dyads."""
from __future__ import annotations

import math

import numpy as np

Z80 = 1.2815515655446004      # standard normal quantile 0.9
Z95 = 1.959963984540054       # 0.975


def crps_ensemble(samples: np.ndarray, y: np.ndarray) -> np.ndarray:
    """CRPS of ensembles ``samples[r, n]`` for observations ``y[n]``: E|X - y| - E|X - X'| / 2."""
    x = np.sort(samples, axis=0)
    m = x.shape[0]
    w = (2 * np.arange(1, m + 1) - m - 1)[:, None]
    return np.abs(x - y[None, :]).mean(axis=0) - (w * x).sum(axis=0) / (m * m)


_erf = np.vectorize(math.erf, otypes=[float])


def crps_normal(mu: np.ndarray, sd: np.ndarray, y: np.ndarray) -> np.ndarray:
    """CRPS of Normal(mu, sd) forecasts (closed form, Gneiting and Raftery 2007)."""
    sd = np.maximum(sd, 1e-9)
    z = (y - mu) / sd
    pdf = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    cdf = 0.5 * (1 + _erf(z / math.sqrt(2)))
    return sd * (z * (2 * cdf - 1) + 2 * pdf - 1 / math.sqrt(math.pi))


def dm_bootstrap(diff: np.ndarray, dyad: np.ndarray, draws: int = 2000, seed: int = 0) -> float:
    """One-sided p-value that the mean score difference ``diff`` (model minus benchmark: negative is better)
    is below zero, by the bootstrap over dyads (whole dyads resampled, so serial and cross-horizon correlation
    within a dyad is kept): the share of centred bootstrap means at or below the observed mean."""
    if diff.size == 0:
        return float("nan")
    ids, inv = np.unique(dyad, return_inverse=True)
    sums = np.bincount(inv, weights=diff, minlength=len(ids))
    counts = np.bincount(inv, minlength=len(ids)).astype(float)
    mean = sums.sum() / counts.sum()
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(ids), (draws, len(ids)))
    boot = sums[pick].sum(axis=1) / counts[pick].sum(axis=1)
    return float(np.mean(boot - mean <= mean))
