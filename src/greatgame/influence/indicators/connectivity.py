"""Connectivity indicators: pipelines and railways, land borders."""
from __future__ import annotations

from typing import Any

import pandas as pd

from ...kb.store import KnowledgeBase
from .base import COLUMNS, Panel, baseline, empty, eu_members, in_effect, indicator, rows_source


@indicator("links", dimension="connectivity", weight=0.7,
           description="operating pipelines and railways that tie T to P (baseline.yaml)")
def links(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Operating pipelines and railways that tie T to P in the year (baseline.yaml)."""
    entries = baseline().get("connectivity") or []
    out = []
    for target in panel.targets:
        for power in panel.powers:
            mine = [e for e in entries if e.get("power") == power and target in (e.get("states") or [])]
            for year in panel.years:
                active = [e for e in mine if e.get("status") in ("operating", "closed", None)
                          and in_effect(e.get("opened"), e.get("closed"), year)]
                out.append((target, power, year, float(len(active)),
                            [{"baseline": e.get("name"), "source": e.get("source")} for e in active]))
    return pd.DataFrame(out, columns=COLUMNS)


@indicator("border", dimension="connectivity", weight=0.3,
           description="P and T share a land border (Natural Earth adjacency)")
def border(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """1 when P and T share a land border (Natural Earth adjacency), else 0."""
    df = kb.read_table("adjacency", ["dataset", "source_row", "a", "b"])
    if df.empty:
        return empty()
    pairs: dict[tuple[str, str], list[Any]] = {}
    for r in df.itertuples():
        pairs[(r.a, r.b)] = pairs[(r.b, r.a)] = [r.dataset, r.source_row]
    out = []
    for target in panel.targets:
        for power in panel.powers:
            hit = pairs.get((target, power))
            if hit is None and power == "EU":
                members = [m for m in eu_members() if (target, m) in pairs]
                hit = pairs[(target, members[0])] if members else None
            for year in panel.years:
                out.append((target, power, year, 1.0 if hit else 0.0, [rows_source(hit[0], [hit[1]])] if hit else []))
    return pd.DataFrame(out, columns=COLUMNS)
