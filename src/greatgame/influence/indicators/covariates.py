"""Covariates: facts about a pair that are not in the composite (absolute counts and titles reward a big
neighbour, not dependence), shown by ``--explain`` and used to explain disagreements with external measures.

    border       1 if P and T share a land border (Natural Earth adjacency), else 0
    partnership  the rank of their highest partnership title in force (baseline.yaml partnership_scale, 0-5)
    links        operating pipelines and railways tying T to P (baseline.yaml)
    remittances  personal remittances received by T, % of GDP (WDI): not attributable to a sender
"""
from __future__ import annotations

import pandas as pd

from ...kb.store import KnowledgeBase
from .base import Panel, baseline, eu_members, in_effect
from .finance import remittances_context

COVARIATES = ("border", "partnership", "links", "remittances_pct_gdp")


def covariates(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """One row per target, power and year: ``target, power, year, border, partnership, links,
    remittances_pct_gdp`` (NaN where unknown)."""
    adj = kb.read_table("adjacency", ["a", "b"]) if kb.table_exists("adjacency") else pd.DataFrame(columns=["a", "b"])
    pairs = set(zip(adj.a, adj.b)) | set(zip(adj.b, adj.a))
    members = eu_members()
    parts = baseline().get("partnerships") or []
    links = baseline().get("connectivity") or []
    rem = remittances_context(kb, panel.targets)
    rem = {(r.target, int(r.year)): float(r.value) for r in rem.itertuples(index=False)} if not rem.empty else {}
    rows = []
    for t in panel.targets:
        for p in panel.powers:
            mine_p = [e for e in parts if e.get("power") == p and (
                e.get("partner") == t or isinstance(e.get("partner"), list) and t in e["partner"])]
            mine_l = [e for e in links if e.get("power") == p and t in (e.get("states") or [])
                      and e.get("status") in ("operating", "closed", None)]
            for y in panel.years:
                if p == "EU":
                    border = any((t, m) in pairs and s <= y <= e for m, (s, e) in members.items())
                else:
                    border = (t, p) in pairs
                rank = max((e.get("rank") or 0 for e in mine_p if in_effect(e.get("since"), e.get("until"), y)),
                           default=0)
                n = sum(1 for e in mine_l if in_effect(e.get("opened"), e.get("closed"), y))
                rows.append((t, p, y, float(border) if pairs else float("nan"), float(rank), float(n),
                             rem.get((t, y), float("nan"))))
    return pd.DataFrame(rows, columns=["target", "power", "year", *COVARIATES])
