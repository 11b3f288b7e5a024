"""How often the leading power of each state and the rank order of the states by each power survive the
weight draws and the dropping of each indicator (``sensitivity``'s tables ``leader_stability`` and
``rank_stability``).

Both take ``a`` (``sensitivity._Arrays``: ``units`` target, power, year per composite u, ``indicators``), the
published composites ``point`` (U,), the composites of the weight draws ``by_weight`` (N, U) and those with
each indicator dropped ``dropped`` (K, U); NaN: insufficient data. A leader held in fewer than TIE_THRESHOLD
of the draws is shown as a tie with the powers that lead in at least CONTENDER_SHARE of them.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["CONTENDER_SHARE", "TIE_THRESHOLD", "leaders", "rank_orders"]

TIE_THRESHOLD = 0.9           # a leader held in fewer weight draws than this is shown as a tie
CONTENDER_SHARE = 0.1         # powers leading in at least this share of draws are named in a tie


def leaders(a: Any, point, by_weight, dropped) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    rows, by_drop = [], {}
    powers = a.units.power.to_numpy()
    for (target, year), idx in a.units.groupby(["target", "year"]).indices.items():
        idx = idx[~np.isnan(point[idx])]
        if not len(idx):
            continue
        best = idx[np.argmax(point[idx])]
        lead = powers[best]
        wins = np.argmax(by_weight[:, idx], axis=1)
        counts = np.bincount(wins, minlength=len(idx)) / by_weight.shape[0]
        share = {powers[i]: float(c) for i, c in zip(idx, counts) if c > 0}
        held = share.get(lead, 0.0)
        tie = held < TIE_THRESHOLD
        contenders = [p for p, c in sorted(share.items(), key=lambda x: -x[1]) if c >= CONTENDER_SHARE]
        if lead not in contenders:
            contenders.insert(0, lead)
        if tie and len(contenders) < 2:
            contenders = [p for p, _ in sorted(share.items(), key=lambda x: -x[1])][:2]
        drop_changes = []
        for k, name in enumerate(a.indicators):
            d = dropped[k, idx]
            if np.isnan(d[np.flatnonzero(idx == best)[0]]) or np.nanargmax(d) != np.flatnonzero(idx == best)[0]:
                drop_changes.append(name)
                by_drop.setdefault(name, []).append(f"{target} {int(year)}")
        rows.append({"target": target, "year": int(year), "leader": lead, "score": float(point[best]),
                     "held": held, "tie": tie,
                     "shown": ("≈".join(contenders) if tie and len(contenders) > 1 else lead),
                     "contenders": {p: share[p] for p in contenders if p in share},
                     "drop_changes": drop_changes})
    cols = ["target", "year", "leader", "score", "held", "tie", "shown", "contenders", "drop_changes"]
    return pd.DataFrame(rows, columns=cols), by_drop


def rank_orders(a: Any, point, by_weight, dropped) -> tuple[pd.DataFrame, dict[str, int]]:
    rows, by_drop = [], {}
    targets = a.units.target.to_numpy()
    for (power, year), idx in a.units.groupby(["power", "year"]).indices.items():
        idx = idx[~np.isnan(point[idx])]
        n = len(idx)
        if n < 2:
            continue
        order = np.argsort(-point[idx], kind="stable")
        drawn = np.argsort(-by_weight[:, idx], axis=1, kind="stable")
        held = float((drawn == order[None, :]).all(axis=1).mean())
        rank0 = np.argsort(order)
        rank = np.argsort(drawn, axis=1)
        rho = 1.0 - 6.0 * ((rank - rank0[None, :]) ** 2).sum(1) / (n * (n * n - 1))
        drop_changes = []
        for k, name in enumerate(a.indicators):
            d = dropped[k, idx]
            if np.isnan(d).any() or not np.array_equal(np.argsort(-d, kind="stable"), order):
                drop_changes.append(name)
                by_drop[name] = by_drop.get(name, 0) + 1
        rows.append({"power": power, "year": int(year), "order": [targets[i] for i in idx[order]],
                     "held": held, "spearman": float(rho.mean()), "drop_changes": drop_changes})
    cols = ["power", "year", "order", "held", "spearman", "drop_changes"]
    return pd.DataFrame(rows, columns=cols), by_drop

