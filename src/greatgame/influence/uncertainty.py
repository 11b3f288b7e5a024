"""Point scores and 80% intervals of the dimensions and the composite: one vectorised Monte Carlo.

For each cell (target, power, year) with indicator scores S[i] (NaN: missing), measurement errors
sigma[i] (points), indicator weights w[i] (inside their dimension) and dimension weights W[d]::

    dimension_d = sum_{i in d, S_i known} w_i S_i / sum_{i in d, S_i known} w_i
    composite   = sum_{d known} W_d dimension_d / sum_{d known} W_d
                  (given only with at least ``min_dims`` dimensions known, carrying ``min_weight`` of sum W)

Each of the ``draws`` Monte Carlo draws changes three things at once:

1. every indicator score: S_i + sigma_i * z, z ~ N(0, 1), clipped to [0, 100] (measurement error of
   reconciled, mirrored and nowcast values, the floor of observed ones); a modulated indicator (a fact F_j
   scaling the mean score of measured indicators B_j, ``Modulation``) is recomputed from the drawn scores of
   those indicators, the same draws their own dimensions use, with its own error on top::

       S*_j = clip(F_j + sigmaF_j z_j, 0, 100) * mean_{b in B_j, S_b known} clip(S_b + sigma_b z_b, 0, 100) / 100

   so its error moves with the error of what it scales, inside its dimension and across dimensions;
2. the weights: w inside each dimension ~ Dirichlet(alpha * w), W ~ Dirichlet(alpha * W);
3. the indicators of each dimension: resampled with replacement among those with data (bootstrap).

lo and hi are the 10th and 90th percentiles (an indicator's own interval is that of its clipped normal,
exactly; a recomputed modulated indicator's, the percentiles of its draws S*_j). The random numbers of a cell are a block of two tables drawn from ``seed``, at a position fixed by
(target, power, year) alone, and the weight draws come from ``seed`` too: a cell's interval does not
depend on which other cells are computed beside it, nor on their data.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist
from typing import NamedTuple

import numpy as np

CHUNK = 512          # cells per vectorised block (memory: CHUNK x draws x indicators, float32)


TABLE = 2048         # columns of the shared tables of random numbers (see ``cell_offsets``)


def _code(text: str) -> int:
    return int.from_bytes(text.encode("utf-8")[:8].ljust(8, b"\0"), "little")


def cell_offsets(cells: Sequence[tuple[str, str, int]], width: int) -> np.ndarray:
    """Where each cell's block of ``width`` columns starts in the shared random tables: a fixed hash of
    (target, power, year), so a cell always gets the same random numbers whatever else is computed. Two cells
    may share columns (their errors are then correlated, which no cell's own interval can see); the columns
    of one cell are always distinct."""
    if not len(cells):
        return np.empty(0, dtype=np.int64)
    targets, powers, years = zip(*cells)
    code = {x: _code(x) for x in {*targets, *powers}}
    t, p = (np.array([code[x] for x in col], dtype=np.uint64) for col in (targets, powers))
    y = np.array([int(x) % 2 ** 64 for x in years], dtype=np.uint64)
    with np.errstate(over="ignore"):          # uint64 arithmetic wraps modulo 2**64, as the & mask did
        h = t * np.uint64(0x9E3779B97F4A7C15) + p * np.uint64(0xC2B2AE3D27D4EB4F) + y * np.uint64(0x165667B19E3779F9)
    h ^= h >> np.uint64(29)
    return (h % np.uint64(TABLE - width)).astype(np.int64)


def measured_dimensions(S: np.ndarray, w: np.ndarray, dim_of: np.ndarray, measured: np.ndarray,
                        n_dim: int) -> np.ndarray:
    """(C, n_dim): the dimension has data from at least one measured (not hand-coded) indicator. Only those
    count towards the minimum number and weight of dimensions a composite needs: a dimension of hand-coded
    facts alone (no base, no alliance) is not a domain of data."""
    have = ~np.isnan(S) & (w > 0) & measured
    return np.stack([have[:, dim_of == d].any(axis=1) for d in range(n_dim)], axis=1)


def point_scores(S: np.ndarray, w: np.ndarray, dim_of: np.ndarray, W: np.ndarray, min_dims: int,
                 min_weight: float = 0.0, counts: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(dimension scores (C, n_dim), composite (C,)) without perturbation; NaN where there are no data.
    ``counts``: which dimensions count towards the minimums (default: every dimension with data)."""
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
    return dims, composite_of(dims, W, min_dims, min_weight, counts)


def enough(counts: np.ndarray, W: np.ndarray, min_dims: int, min_weight: float) -> np.ndarray:
    """(C,): at least ``min_dims`` counting dimensions, carrying at least ``min_weight`` of the weights W."""
    Wp = np.where(W > 0, W, 0.0)
    c = counts & (W > 0)
    return (c.sum(axis=1) >= min_dims) & ((c * Wp).sum(axis=1) >= min_weight * Wp.sum() - 1e-9)


def composite_of(dims: np.ndarray, W: np.ndarray, min_dims: int, min_weight: float = 0.0,
                 counts: np.ndarray | None = None) -> np.ndarray:
    """Weighted mean over the dimensions with data (C, n_dim); NaN where ``enough`` says no (``counts``: the
    dimensions that count, default those with data)."""
    have = ~np.isnan(dims) & (W > 0)
    den = (have * W).sum(axis=-1)
    num = (np.where(have, dims, 0.0) * W).sum(axis=-1)
    out = np.full(den.shape, np.nan)
    ok = enough(have if counts is None else counts, W, min_dims, min_weight) & (den > 0)
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
            wd[:, cols] = rng.dirichlet(alpha * w[cols] / w[cols].sum(), size=draws)
    Wd = np.zeros((draws, len(W)))
    pos = np.flatnonzero(W > 0)
    if len(pos) == 1:
        Wd[:, pos] = 1.0
    elif len(pos) > 1:
        Wd[:, pos] = rng.dirichlet(alpha * W[pos] / W[pos].sum(), size=draws)
    return wd, Wd


@lru_cache(maxsize=16)
def _compositions(m: int) -> tuple[np.ndarray, np.ndarray]:
    """All ways m draws with replacement from m items can fall (counts per item; (m, ways): item k's counts in
    row k) and the float32 cut points of their cumulative probabilities (multinomial with equal chances): the
    bootstrap of m indicators, tabulated. A uniform u picks the way ``searchsorted(cuts, u, 'right')``."""
    comps, probs = [], []
    for counts in itertools.product(range(m + 1), repeat=m):
        if sum(counts) != m:
            continue
        coef = float(np.prod([math.factorial(c) for c in counts]))
        comps.append(counts)
        probs.append(math.factorial(m) / coef / m ** m)
    cum = np.cumsum(probs) / np.sum(probs)
    # a float32 u falls past cum[i] (u > cum[i]) exactly when u >= the least float32 above cum[i]: searching
    # these float32 cuts (side 'right') gives the composition the float64 table would, without converting u
    cuts = cum.astype(np.float32)
    below = cuts.astype(float) <= cum
    cuts[below] = np.nextafter(cuts[below], np.float32(np.inf))
    return np.ascontiguousarray(np.array(comps, dtype=np.float32).T), cuts


def _transposed(a: np.ndarray, block: int = 64) -> np.ndarray:
    """``np.ascontiguousarray(a.T)``, a block of rows at a time (the blocks stay in cache: several times faster
    for the 8 MB random tables)."""
    out = np.empty(a.shape[::-1], dtype=a.dtype)
    for b in range(0, a.shape[0], block):
        out[:, b:b + block] = a[b:b + block].T
    return out


def _count_below(cuts: np.ndarray, u: np.ndarray, most: int) -> np.ndarray:
    """``np.minimum(np.searchsorted(cuts, u, side="right"), most)`` for a few sorted cut points: counting the
    cuts at or below u, one comparison per cut, is an order of magnitude faster than a binary search per u."""
    out = np.zeros(u.shape, dtype=np.uint8 if len(cuts) < 255 else np.int64)
    for c in cuts:
        np.add(out, u >= c, out=out, casting="unsafe")
    return np.minimum(out, most, out=out)


def indicator_bounds(S: np.ndarray, sigma: np.ndarray, pct: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """The percentiles of each indicator's score drawn as clip(S + sigma z, 0, 100): those of the normal,
    clipped (clipping keeps the order)."""
    z = [NormalDist().inv_cdf(p / 100.0) for p in pct]
    sig = np.nan_to_num(sigma, nan=0.0)
    return np.clip(S + z[0] * sig, 0.0, 100.0), np.clip(S + z[1] * sig, 0.0, 100.0)


@dataclass(frozen=True)
class Modulation:
    """How the modulated indicators are redrawn. ``fact`` (C, n_ind): the fact's own score F_j (100 * clip(raw /
    scale, 0, 1)) where column j's score is recomputed in every draw, NaN elsewhere (an unmodulated column, or
    a cell whose score is not F_j times its bases' mean: drawn with its own sigma, independently);
    ``fact_sigma`` (C, n_ind): the fact's own error in points; ``bases``: per column, the columns whose mean
    score scales it (() for an unmodulated column)."""

    fact: np.ndarray
    fact_sigma: np.ndarray
    bases: tuple[tuple[int, ...], ...]


def modulation(S: np.ndarray, sigma: np.ndarray, fact: np.ndarray, bases: Sequence[Sequence[int]]) -> Modulation:
    """The ``Modulation`` of a table of scores ``S`` and errors ``sigma`` (C, n_ind; sigma NaN as 0), given each
    modulated column's fact scores ``fact`` (C, n_ind; NaN: no fact) and base columns ``bases``.

    A cell's column j is recomputed where its score is F_j x m / 100 (m: the mean score of its bases with a
    score in the cell, at least one), as the indicator module computed it. Its sigma there is
    S_j * sqrt(rel_m^2 + errF^2) (rel_m = mean sigma_b / m, the bases' relative error; errF the fact's own), so
    the fact's own error is sigmaF_j = F_j * errF, errF^2 = (sigma_j / S_j)^2 - rel_m^2 (0 where S_j is 0)."""
    C, n = S.shape
    F = np.full((C, n), np.nan)
    sF = np.zeros((C, n))
    sig = np.nan_to_num(sigma, nan=0.0)
    for j, bs in enumerate(bases):
        if not bs:
            continue
        b = list(bs)
        known = ~np.isnan(S[:, b])
        k = known.sum(axis=1)
        with np.errstate(all="ignore"):
            m = np.where(known, S[:, b], 0.0).sum(axis=1) / k
            msig = np.where(known, sig[:, b], 0.0).sum(axis=1) / k
            expect = fact[:, j] * m / 100.0
            ok = (k > 0) & ~np.isnan(S[:, j]) & ~np.isnan(fact[:, j]) & \
                (np.abs(expect - S[:, j]) <= 1e-6 * np.maximum(1.0, np.abs(S[:, j])))
            rel_m = np.where(m > 0, msig / m, 0.0)
            rel_j = np.where(S[:, j] > 0, sig[:, j] / S[:, j], 0.0)
            errF = np.sqrt(np.maximum(rel_j ** 2 - rel_m ** 2, 0.0))
        F[ok, j] = fact[ok, j]
        sF[ok, j] = fact[ok, j] * errF[ok]
    return Modulation(F, sF, tuple(tuple(int(x) for x in bs) for bs in bases))


class Bounds(NamedTuple):
    """80% (``pct``) bounds: of the dimensions (C, n_dim), the composites (C,) and the indicators (C, n_ind)."""

    lo_d: np.ndarray
    hi_d: np.ndarray
    lo_c: np.ndarray
    hi_c: np.ndarray
    lo_i: np.ndarray
    hi_i: np.ndarray


def intervals(S: np.ndarray, sigma: np.ndarray, w: np.ndarray, dim_of: np.ndarray, W: np.ndarray,
              cells: Sequence[tuple[str, str, int]], *, draws: int, seed: int, alpha: float, min_dims: int,
              min_weight: float = 0.0, perturb: bool = True, pct: tuple[float, float] = (10.0, 90.0),
              counts: np.ndarray | None = None, modulated: Modulation | None = None) -> Bounds:
    """lo and hi of every dimension (C, n_dim), composite (C,) and indicator (C, n_ind).

    ``S``, ``sigma``: (C, n_ind) scores and measurement errors in points (NaN score: missing); the columns
    are the registry's indicators in a fixed order, so a cell's draws do not depend on which are present.
    ``perturb`` False: measurement error only (weights fixed, no bootstrap). ``modulated``: the columns
    recomputed from the draws of the columns they scale (default: none, every score drawn on its own)."""
    C, n_ind = S.shape
    n_dim = len(W)
    lo_d, hi_d = np.full((C, n_dim), np.nan), np.full((C, n_dim), np.nan)
    lo_c, hi_c = np.full(C, np.nan), np.full(C, np.nan)
    lo_i, hi_i = indicator_bounds(S, sigma, pct)
    if draws <= 0 or C == 0:
        return Bounds(lo_d, hi_d, lo_c, hi_c, lo_i, hi_i)
    if perturb:
        wd, Wd = weight_draws(w, dim_of, W, draws, alpha, np.random.default_rng([int(seed), 1]))
    else:
        wd = np.broadcast_to(np.where(w > 0, w, 0.0), (draws, n_ind))
        Wd = np.broadcast_to(np.where(W > 0, W, 0.0), (draws, n_dim))
    # draws run along the last axis everywhere below (contiguous: the percentiles partition along it)
    wdT, WdT = np.ascontiguousarray(wd.T, dtype=np.float32), np.ascontiguousarray(Wd.T, dtype=np.float32)
    sigma = np.nan_to_num(sigma, nan=0.0)
    have_all = ~np.isnan(S) & (w > 0)
    dim_cols = [np.flatnonzero(dim_of == d) for d in range(n_dim)]
    # the recomputed modulated columns: rec[c, j] where cell c's column j is F_j times its bases' drawn mean
    mod_cols = [] if modulated is None else [j for j, bs in enumerate(modulated.bases) if bs]
    rec_all = np.zeros((C, n_ind), dtype=bool)
    for j in mod_cols:
        rec_all[:, j] = ~np.isnan(modulated.fact[:, j]) & ~np.isnan(S[:, j])
    # shared tables of normal and uniform numbers (drawn as (draws, TABLE), stored transposed); each cell
    # reads its own block of columns
    Zt = _transposed(np.random.default_rng([int(seed), 2]).standard_normal((draws, TABLE), dtype=np.float32))
    Ut = _transposed(np.random.default_rng([int(seed), 3]).random((draws, TABLE), dtype=np.float32))
    live = np.flatnonzero(have_all.any(axis=1) | rec_all.any(axis=1))      # only cells with data need draws
    base = cell_offsets([cells[i] for i in live], max(n_ind, n_dim))
    for b0 in range(0, len(live), CHUNK):
        idx = live[b0:b0 + CHUNK]
        c = len(idx)
        off = base[b0:b0 + CHUNK]
        have = have_all[idx]
        s = np.where(have, S[idx], 0.0).astype(np.float32)
        sg = np.where(have, sigma[idx], 0.0).astype(np.float32)
        rec = rec_all[idx]
        # the recomputed columns' draws (rows of ``redrawn[j]``: the chunk rows where ``rec[:, j]``, at
        # ``where[j]``) from their bases' draws (``kept``: each base column once, the same numbers as where it
        # enters its own dimension), and their bounds
        kept: dict[int | tuple[int, ...], np.ndarray] = {}
        redrawn: dict[int, np.ndarray] = {}
        where: dict[int, np.ndarray] = {}
        for j in mod_cols:
            at = np.flatnonzero(rec[:, j])
            if len(at):
                redrawn[j] = _modulated_draws(S[idx], sigma[idx], modulated.fact[idx[at], j],
                                              modulated.fact_sigma[idx[at], j], modulated.bases[j], j, at, Zt, off,
                                              kept)
                where[j] = np.cumsum(rec[:, j]) - 1
                q = percentiles(redrawn[j].copy(), pct)                # sorted in place: a copy
                lo_i[idx[at], j], hi_i[idx[at], j] = q[0], q[1]

        drawn = _Chunk(s, sg, off, rec, Zt, kept, redrawn, where).drawn

        dims = np.zeros((c, n_dim, draws), dtype=np.float32)   # filled where ``filled`` says, 0 elsewhere
        filled = np.zeros((c, n_dim), dtype=bool)
        single = np.zeros((c, n_dim), dtype=bool)            # dimensions of one indicator: bounds exact
        for d, cols in enumerate(dim_cols):
            if len(cols) == 0 or W[d] <= 0:
                continue
            hv = have[:, cols]
            m = hv.sum(axis=1)
            one = np.flatnonzero(m == 1)
            if len(one):                                                    # a single indicator: itself
                j1 = cols[hv[one].argmax(axis=1)]
                dims[one, d] = drawn(one, j1)
                filled[one, d] = True
                exact = ~rec[one, j1]                       # a recomputed one: the percentiles of its draws
                single[one[exact], d] = True
                lo_d[idx[one[exact]], d], hi_d[idx[one[exact]], d] = lo_i[idx[one[exact]], j1[exact]], \
                    hi_i[idx[one[exact]], j1[exact]]
            for mm in range(2, len(cols) + 1):
                rows = np.flatnonzero(m == mm)
                if not len(rows):
                    continue
                # the positions of the available indicators, in order; the bootstrap counts by that order
                order = cols[np.argsort(~hv[rows], axis=1, kind="stable")[:, :mm]]     # (cs, mm) global columns
                if perturb:
                    comps, cuts = _compositions(mm)
                    pick = _count_below(cuts, Ut[off[rows] + d], comps.shape[1] - 1)
                num = np.zeros((len(rows), draws), dtype=np.float32)
                den = np.zeros((len(rows), draws), dtype=np.float32)
                for k in range(mm):
                    wk = _rows_of(wdT, order[:, k])                                       # (cs, D)
                    if perturb:
                        wk = np.take(comps[k], pick) * wk
                    num += wk * drawn(rows, order[:, k])
                    den += wk
                dims[rows, d] = num / np.maximum(den, 1e-12)
                filled[rows, d] = True
        # composite: the dimensions with data are the same in every draw (those of the point score)
        avail = filled & (W > 0)                                                       # (c, n_dim)
        ok = enough(avail if counts is None else counts[idx], W, min_dims, min_weight)
        num = np.einsum("cdk,dk->ck", dims, WdT)      # (c, D); dims is 0 where not available (W > 0 if filled)
        den = np.einsum("cd,dk->ck", avail.astype(np.float32), WdT)                    # (c, D)
        comp = np.where(ok[:, None], num / np.maximum(den, 1e-12), np.nan)
        need = filled & ~single                                                        # (c, n_dim)
        if need.any():
            ql = percentiles(dims[need], pct)                                          # (2, k)
            ci, di = np.nonzero(need)
            lo_d[idx[ci], di], hi_d[idx[ci], di] = ql[0], ql[1]
        qc = percentiles(comp, pct)
        lo_c[idx], hi_c[idx] = qc[0], qc[1]
    return Bounds(lo_d, hi_d, lo_c, hi_c, lo_i, hi_i)


@dataclass
class _Chunk:
    """A block of cells' drawn scores, column by column: ``s``, ``sg`` (c, n_ind) their scores and errors
    (0 where not used), ``off`` their offsets in the normal table ``Zt``, ``rec`` (c, n_ind) the recomputed
    modulated columns, drawn already (``redrawn[j]``: rows ``where[j]``), ``kept`` base columns drawn already."""

    s: np.ndarray
    sg: np.ndarray
    off: np.ndarray
    rec: np.ndarray
    Zt: np.ndarray
    kept: dict[int | tuple[int, ...], np.ndarray]
    redrawn: dict[int, np.ndarray]
    where: dict[int, np.ndarray]

    def drawn(self, rows: np.ndarray, col: np.ndarray) -> np.ndarray:
        """(len(rows), D) or (len(rows), 1): the drawn scores of column col[k] in chunk row rows[k]."""
        swap = self.rec[rows, col]
        same = bool((col == col[0]).all())
        if not swap.any():
            if same and int(col[0]) in self.kept:
                return self.kept[int(col[0])][rows]
            return _draws(self.s[rows, col], self.sg[rows, col], self.Zt, self.off[rows] + col)
        if swap.all() and same:
            return self.redrawn[int(col[0])][self.where[int(col[0])][rows]]
        x = np.empty((len(rows), self.Zt.shape[1]), dtype=np.float32)
        r, c = rows[~swap], col[~swap]
        x[~swap] = _draws(self.s[r, c], self.sg[r, c], self.Zt, self.off[r] + c)
        for j in np.unique(col[swap]):
            k = np.flatnonzero(swap & (col == j))
            x[k] = self.redrawn[int(j)][self.where[int(j)][rows[k]]]
        return x


def _modulated_draws(S: np.ndarray, sigma: np.ndarray, fact: np.ndarray, fact_sigma: np.ndarray,
                     bases: tuple[int, ...], j: int, at: np.ndarray, Zt: np.ndarray, off: np.ndarray,
                     kept: dict[int | tuple[int, ...], np.ndarray]) -> np.ndarray:
    """(len(at), D): column j recomputed in every draw in the rows ``at`` of a chunk (``S``, ``sigma``: its
    cells' scores and errors, NaN score: missing; ``fact``, ``fact_sigma``: column j's fact scores and own
    errors in those rows): the fact drawn with its own error (normal numbers of column j) times the mean of
    its ``bases`` drawn as they are everywhere (their own columns' normal numbers), over 100. ``kept``: draws
    over the whole chunk, filled as first needed: of each base column ((c, D) or (c, 1), 0 where missing) and
    the mean of each tuple of bases."""
    if bases not in kept:
        total, n = np.zeros((len(S), 1), dtype=np.float32), np.zeros(len(S), dtype=np.float32)
        for b in bases:
            known = ~np.isnan(S[:, b])
            if b not in kept:
                kept[b] = _draws(np.where(known, S[:, b], 0.0).astype(np.float32),
                                 np.where(known, sigma[:, b], 0.0).astype(np.float32), Zt, off + b)
            total = total + kept[b]             # 0 where the base has no score (score and error 0)
            n += known
        total *= (np.float32(0.01) / np.maximum(n, np.float32(1.0)))[:, None]
        kept[bases] = total
    x = kept[bases][at]
    x = x * _draws(fact.astype(np.float32), fact_sigma.astype(np.float32), Zt, off[at] + j)
    return np.array(np.broadcast_to(x, (len(at), Zt.shape[1])))


def _draws(s: np.ndarray, sigma: np.ndarray, Zt: np.ndarray, at: np.ndarray) -> np.ndarray:
    """(len(s), D): scores s drawn with errors sigma, clip(s + sigma z, 0, 100), z the rows ``at`` of the normal
    table; (len(s), 1) where no score has an error (the score itself in every draw)."""
    sv, sgv = s[:, None], sigma[:, None]
    if not sgv.any():
        return np.minimum(np.maximum(sv, 0.0), 100.0)
    x = sgv * Zt[at]
    x += sv
    return np.minimum(np.maximum(x, 0.0, out=x), 100.0, out=x)


def _rows_of(table: np.ndarray, j: np.ndarray) -> np.ndarray:
    """``table[j]``; ``table[j[:1]]`` (one row, broadcast) where every j is the same."""
    return table[j[:1]] if (j == j[0]).all() else table[j]


def percentiles(a: np.ndarray, pct: Sequence[float]) -> np.ndarray:
    """``np.percentile(a, pct, axis=-1)`` (method 'linear', float64), bit for bit, by sorting ``a`` in place
    (the caller's scratch array): a vectorised sort of float32 rows is several times faster than the selection
    ``np.percentile`` does for the two order statistics around each percentile. A row with a NaN gives NaN."""
    n = a.shape[-1]
    a.sort(axis=-1)
    q = np.true_divide(np.asarray(pct, dtype=float), 100)
    virtual = (n - 1) * q                                          # numpy's virtual index ('linear')
    out = np.empty((len(q),) + a.shape[:-1])
    nan_rows = np.isnan(a[..., -1])
    for i, v in enumerate(virtual):
        prev = int(np.floor(v))
        gamma = float(v - prev)
        prev, nxt = (-1, -1) if v >= n - 1 else (0, 0) if v < 0 else (prev, prev + 1)
        lo, hi = a[..., prev], a[..., nxt]
        diff = hi - lo                                                              # in a's dtype, as numpy
        res = hi - diff * np.float64(1 - gamma) if gamma >= 0.5 else lo + diff * np.float64(gamma)
        out[i] = np.where(nan_rows, np.nan, res)
    return out
