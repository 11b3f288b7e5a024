"""The dynamic model of the regional balance (docs/model.md gives the same equations, same names).

State: ``s[r, T, d, P]``, the share of target T's ties on dimension d held by
actor P (the powers of the index and OTH, everyone else), in Monte Carlo run
r; shares sum to one over P. Each year t -> t+1:

    G[r, P, t]    = exp(g[r, P] * (t - t0))                        capacity of P relative to t0
    E[r, T, d, P, t] = prod_k (1 + m[r, k] * strength_k(t))         active 'attractiveness' shocks k on (T, d, P)
    C[T, d, P, t] = (x[P, t] + kappa) / (x[P, t0] + kappa)          connectivity only: P's stake in China-Europe
                                                                     transit from the corridor model, else 1
    A[r, T, d, P, t] = s0[T, d, P] * G^beta[r] * E * C               attractiveness
    H[r, T, d, P, t] = exp(-eta[r] * max(0, s[r, T, d, P, t] - theta[r]))   hedging: resistance to dependence
    target[r, T, d, P, t] = A * H / sum_P (A * H)
    s[r, T, d, P, t + 1] = rho[r] * s[r, T, d, P, t] + (1 - rho[r]) * target[r, T, d, P, t]   path dependence

Influence share: ``share[r, T, P, t] = sum_d W[d] * s[r, T, d, P, t]`` with the
index's dimension weights W. Parameters per run r are drawn from their
estimates or priors (``draw``).

This module is computation only: s0, the estimates and W come from ``estimation.ModelInputs`` (the one
read of the knowledge base); the shocks' effects from the kinds registered in ``shocks.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .shocks import DIMENSIONS, Axes, kind_of

if TYPE_CHECKING:
    from .scenario import Scenario

OTHER = "OTH"
KAPPA = 0.05           # smoothing of the connectivity exposure ratio C


@dataclass
class Estimates:
    """What the data say about the parameters (point estimate and standard error), and the priors."""

    rho: float
    rho_se: float
    g: dict[str, float]            # mean yearly log growth of GDP (current USD) per power
    g_sd: dict[str, float]
    beta: tuple[float, float] = (0.2, 0.8)     # prior: uniform
    eta: tuple[float, float] = (1.0, 4.0)      # prior: uniform
    theta: tuple[float, float] = (0.35, 0.55)  # prior: uniform


@dataclass
class Draws:
    rho: np.ndarray        # (R,)
    beta: np.ndarray       # (R,)
    eta: np.ndarray        # (R,)
    theta: np.ndarray      # (R,)
    g: np.ndarray          # (R, P)


def draw(est: Estimates, powers: tuple[str, ...], runs: int, rng: np.random.Generator) -> Draws:
    rho = np.clip(rng.normal(est.rho, est.rho_se, runs), 0.0, 0.98)
    beta = rng.uniform(*est.beta, runs)
    eta = rng.uniform(*est.eta, runs)
    theta = rng.uniform(*est.theta, runs)
    g = np.stack([rng.normal(est.g.get(p, 0.0), est.g_sd.get(p, 0.0), runs) for p in powers], axis=1)
    return Draws(rho, beta, eta, theta, g)


def shock_effects(scenario: Scenario, powers: tuple[str, ...], targets: tuple[str, ...], years: list[int],
                  runs: int, rng: np.random.Generator) -> np.ndarray:
    """E[r, y, T, d, P]: the product of the active shocks' effects on attractiveness (each kind's
    ``attractiveness`` in the registry, in scenario order)."""
    actors = powers + (OTHER,)
    E = np.ones((runs, len(years), len(targets), len(DIMENSIONS), len(actors)))
    axes = Axes(actors, tuple(targets), tuple(years))
    for shock in scenario.shocks:
        kind_of(shock).attractiveness(shock, E, axes, rng)
    return E


def simulate(s0: np.ndarray, years: list[int], t0: int, draws: Draws, E: np.ndarray,
             C: np.ndarray | None = None) -> np.ndarray:
    """Run the model: returns s[r, y, T, d, P] for each year in ``years`` (the state after that year's step).

    ``C[y, d, P]`` is the connectivity exposure ratio (ones where the corridor model says nothing).
    """
    runs = draws.rho.shape[0]
    n_t, n_d, n_p = s0.shape
    s = np.broadcast_to(s0, (runs, n_t, n_d, n_p)).copy()
    out = np.empty((runs, len(years), n_t, n_d, n_p))
    g = np.concatenate([draws.g, np.zeros((runs, 1))], axis=1)          # OTH: no capacity change
    for k, year in enumerate(years):
        G = np.exp(g * (year - t0))                                        # (R, P)
        A = s0[None] * (G ** draws.beta[:, None])[:, None, None, :] * E[:, k]
        if C is not None:
            A = A * C[k][None, None, :, :]
        H = np.exp(-draws.eta[:, None, None, None] * np.maximum(0.0, s - draws.theta[:, None, None, None]))
        AH = A * H
        target = AH / AH.sum(axis=3, keepdims=True)
        rho = draws.rho[:, None, None, None]
        s = rho * s + (1.0 - rho) * target
        out[:, k] = s
    return out


def influence_share(states: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """share[r, y, T, P] = sum_d W[d] * s[r, y, T, d, P], with the index's dimension weights W (summing to one)."""
    return np.einsum("rytdp,d->rytp", states, weights)
