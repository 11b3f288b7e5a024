"""Point scores and 80% intervals of the dimensions and the composite: one vectorised Monte Carlo.

For each cell (target, power, year) with indicator scores S[i] (NaN: missing), measurement errors
sigma[i] (points), indicator weights w[i] (inside their dimension) and dimension weights W[d]::

    dimension_d = sum_{i in d, S_i known} w_i S_i / sum_{i in d, S_i known} w_i
    composite   = sum_{d known} W_d dimension_d / sum_{d known} W_d     (at least MIN_DIMENSIONS known)

Each of the ``draws`` Monte Carlo draws changes three things at once:

1. every indicator score: S_i + sigma_i * z, z ~ N(0, 1), clipped to [0, 100] (measurement error of
   reconciled, mirrored and nowcast values, the floor of observed ones);
2. the weights: w inside each dimension ~ Dirichlet(alpha * w), W ~ Dirichlet(alpha * W);
3. the indicators of each dimension: resampled with replacement among those with data (bootstrap).

lo and hi are the 10th and 90th percentiles. The random numbers of a cell come from a generator seeded
with (seed, target, power, year) alone, and the weight draws from one seeded with ``seed``: a cell's
interval does not depend on which other cells are computed beside it, nor on their data.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

CHUNK = 256          # cells per vectorised block (memory: draws x CHUNK x indicators)


def _code(text: str) -> int:
    return int.from_bytes(text.encode("utf-8")[:8].ljust(8, b"\0"), "little")


def cell_seed(seed: int, target: str, power: str, year: int) -> list[int]:
    return [int(seed), _code(target), _code(power), int(year)]


def point_scores(S: np.ndarray, w: np.ndarray, dim_of: np.ndarray, W: np.ndarray,
                 min_dims: int) -> tuple[np.ndarray, np.ndarray]:
    """(dimension scores (C, n_dim), composite (C,)) without perturbation; NaN where there are no data."""
    n_dim = len(W)
    have = ~np.isnan(S) & (w > 0)
    Sz = np.where(have, S, 0.0)
    dims = np.full((S.shape[0], n_dim), np.nan)
    for d in range(n_dim):
        cols = dim_of == d
        den = (have[:, cols] * w[cols]).sum(axis=1)
        num = (Sz[:, cols] * w[cols]).sum(axis=1)
        ok = den > 0
        dims[ok, d] = num[ok] / den[ok]
    return dims, composite_of(dims, W, min_dims)


def composite_of(dims: np.ndarray, W: np.ndarray, min_dims: int) -> np.ndarray:
    """Weighted mean over the dimensions with data (last axis), NaN with fewer than ``min_dims`` of them."""
    have = ~np.isnan(dims) & (W > 0)
    den = (have * W).sum(axis=-1)
    num = (np.where(have, dims, 0.0) * W).sum(axis=-1)
    out = np.full(den.shape, np.nan)
    ok = (have.sum(axis=-1) >= min_dims) & (den > 0)
    out[ok] = num[ok] / den[ok]
    return out


def weight_draws(w: np.ndarray, dim_of: np.ndarray, W: np.ndarray, draws: int, alpha: float,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(w draws (D, n_ind), W draws (D, n_dim)): Dirichlet around the weights, each dimension's indicator
    weights apart; a zero weight stays zero."""
    wd = np.zeros((draws, len(w)))
    for d in range(len(W)):
        cols = np.flatnonzero((dim_of == d) & (w > 0))
        if len(cols) == 1:
            wd[:, cols] = 1.0
        elif len(cols) > 1:
            share = w[cols] / w[cols].sum()
            wd[:, cols] = rng.dirichlet(alpha * share, size=draws)
    Wd = np.zeros((draws, len(W)))
    pos = np.flatnonzero(W > 0)
    if len(pos) == 1:
        Wd[:, pos] = 1.0
    elif len(pos) > 1:
        Wd[:, pos] = rng.dirichlet(alpha * W[pos] / W[pos].sum(), size=draws)
    return wd, Wd


def intervals(S: np.ndarray, sigma: np.ndarray, w: np.ndarray, dim_of: np.ndarray, W: np.ndarray,
              cells: Sequence[tuple[str, str, int]], *, draws: int, seed: int, alpha: float, min_dims: int,
              perturb: bool = True, pct: tuple[float, float] = (10.0, 90.0)
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """lo and hi of every indicator (C, n_ind), dimension (C, n_dim) and composite (C,).

    ``S``, ``sigma``: (C, n_ind) scores and measurement errors in points (NaN score: missing); the columns
    are the registry's indicators in a fixed order, so a cell's draws do not depend on which are present.
    ``perturb`` False: measurement error only (weights fixed, no bootstrap)."""
    C, n_ind = S.shape
    n_dim = len(W)
    out = [np.full((C, n_ind), np.nan), np.full((C, n_ind), np.nan), np.full((C, n_dim), np.nan),
           np.full((C, n_dim), np.nan), np.full(C, np.nan), np.full(C, np.nan)]
    if draws <= 0 or C == 0:
        return tuple(out)  # type: ignore[return-value]
    if perturb:
        wd, Wd = weight_draws(w, dim_of, W, draws, alpha, np.random.default_rng([int(seed), 1]))
    else:
        wd = np.broadcast_to(np.where(w > 0, w, 0.0), (draws, n_ind))
        Wd = np.broadcast_to(np.where(W > 0, W, 0.0), (draws, n_dim))
    sigma = np.nan_to_num(sigma, nan=0.0)
    dim_cols = [np.flatnonzero(dim_of == d) for d in range(n_dim)]
    for c0 in range(0, C, CHUNK):
        c1 = min(C, c0 + CHUNK)
        Z = np.empty((draws, c1 - c0, n_ind))
        U = np.empty((draws, c1 - c0, n_ind)) if perturb else None
        for k, cell in enumerate(cells[c0:c1]):
            rng = np.random.default_rng(cell_seed(seed, *cell))
            Z[:, k, :] = rng.standard_normal((draws, n_ind))
            if U is not None:
                U[:, k, :] = rng.random((draws, n_ind))
        s, sg = S[c0:c1], sigma[c0:c1]
        have = ~np.isnan(s) & (w > 0)
        X = np.clip(np.where(have, s, 0.0)[None] + np.where(have, sg, 0.0)[None] * Z, 0.0, 100.0)
        lo, hi = np.percentile(X, pct, axis=0)
        out[0][c0:c1] = np.where(have, lo, np.nan)
        out[1][c0:c1] = np.where(have, hi, np.nan)
        dims = np.full((draws, c1 - c0, n_dim), np.nan)
        for d, cols in enumerate(dim_cols):
            if len(cols) == 0:
                continue
            hv = have[:, cols]                                   # (c, n_d)
            m = hv.sum(axis=1)                                   # indicators with data per cell
            if perturb:
                # bootstrap: m picks among the m available indicators, uniformly, with replacement
                order = np.argsort(~hv, axis=1, kind="stable")   # available positions first
                K = np.zeros((draws, c1 - c0, len(cols)))
                for slot in range(len(cols)):
                    active = slot < m                            # (c,)
                    pick = np.minimum((U[:, :, cols[slot]] * np.maximum(m, 1)).astype(int),
                                      np.maximum(m - 1, 0))      # (D, c)
                    chosen = np.take_along_axis(np.broadcast_to(order, (draws, *order.shape)),
                                                pick[..., None], axis=2)[..., 0]
                    for j in range(len(cols)):
                        K[:, :, j] += (chosen == j) & active
                weight = K * wd[:, None, cols]
            else:
                weight = hv[None] * wd[:, None, cols]
            den = weight.sum(axis=2)
            num = (weight * X[:, :, cols]).sum(axis=2)
            ok = m > 0
            dims[:, ok, d] = num[:, ok] / den[:, ok]
        comp = composite_of(dims, Wd[:, None, :], min_dims)
        with np.errstate(all="ignore"):
            for d in range(n_dim):
                col = dims[:, :, d]
                ok = ~np.isnan(col[0])
                if ok.any():
                    out[2][c0:c1][ok, d] = np.percentile(col[:, ok], pct[0], axis=0)
                    out[3][c0:c1][ok, d] = np.percentile(col[:, ok], pct[1], axis=0)
            ok = ~np.isnan(comp[0])
            if ok.any():
                out[4][c0:c1][ok] = np.percentile(comp[:, ok], pct[0], axis=0)
                out[5][c0:c1][ok] = np.percentile(comp[:, ok], pct[1], axis=0)
    return tuple(out)  # type: ignore[return-value]
