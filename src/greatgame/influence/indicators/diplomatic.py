"""Diplomatic indicators: UN vote agreement, partnerships, shared IGOs, visits, diplomatic events."""
from __future__ import annotations

import pandas as pd

from ...kb.store import KnowledgeBase
from .base import COLUMNS, Panel, baseline, empty, in_effect, indicator, net_event_scores, rows_source


UNGA_COLUMN = {"USA": "agree_usa", "RUS": "agree_rus", "CHN": "agree_chn", "IND": "agree_ind"}


@indicator("un_agreement", dimension="diplomatic", weight=0.3, normalise="minmax", carry_forward=4,
           description="share of UN General Assembly votes in which T voted as P (Bailey, Strezhnev and Voeten)")
def un_agreement(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Share of UN General Assembly votes in which T voted as P did (only powers the dataset covers)."""
    cols = [c for p, c in UNGA_COLUMN.items() if p in panel.powers]
    if not cols:
        return empty()
    df = kb.read_table("unga", ["dataset", "source_row", "country", "year", *cols],
                       where={"country": list(panel.targets)}).rename(columns={"country": "target"})
    if df.empty:
        return empty()
    out = []
    for power, col in UNGA_COLUMN.items():
        if col not in df:
            continue
        sub = df[df[col].notna()]
        for r in sub.itertuples():
            out.append((r.target, power, int(r.year), float(getattr(r, col)), [rows_source(r.dataset, [r.source_row])]))
    return pd.DataFrame(out, columns=COLUMNS)


@indicator("partnership", dimension="diplomatic", weight=0.25,
           description="formal partnership level of P and T (ordinal scale of baseline.yaml)")
def partnership(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """The rank of P and T's formal partnership in the year (0 before the first one the baseline records)."""
    entries = baseline().get("partnerships") or []
    out = []
    for target in panel.targets:
        for power in panel.powers:
            mine = [p for p in entries if p.get("power") == power and (
                p.get("partner") == target or isinstance(p.get("partner"), list) and target in p["partner"])]
            if not mine:
                continue   # nothing recorded for this pair: missing, not zero
            for year in panel.years:
                active = [p for p in mine if in_effect(p.get("since"), p.get("until"), year)]
                best = max(active, key=lambda p: p.get("rank") or 0) if active else None
                out.append((target, power, year, float(best.get("rank") or 0) if best else 0.0,
                            [{"baseline": best.get("level"), "source": best.get("source")}] if best else []))
    return pd.DataFrame(out, columns=COLUMNS)


@indicator("igo_shared", dimension="diplomatic", weight=0.15, carry_forward=10,
           description="share of T's intergovernmental-organisation memberships that P shares (COW IGO)")
def igo_shared(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Share of T's full IGO memberships that P also holds in the year (COW IGO)."""
    df = kb.read_table("igo_membership", ["dataset", "source_row", "io", "year", "country", "status"],
                       where={"status": 1})
    if df.empty:
        return empty()
    dataset = str(df.dataset.iloc[0])
    out = []
    by = {k: set(g.io) for k, g in df.groupby(["country", "year"])}
    rows = {k: list(g.source_row) for k, g in df.groupby(["country", "year"])}
    for (country, year), ios in by.items():
        if country not in panel.targets or not ios:
            continue
        for power in panel.powers:
            theirs = by.get((power, year))
            if theirs is None:
                continue
            out.append((country, power, int(year), len(ios & theirs) / len(ios),
                        [rows_source(dataset, rows[(country, year)] + rows[(power, year)])]))
    return pd.DataFrame(out, columns=COLUMNS)


@indicator("visits", dimension="diplomatic", weight=0.1, carry_forward=4,
           description="official and military visits between P and T (AidData, China only)")
def visits(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Chinese official and military visits with T in the year (AidData public diplomacy)."""
    if "CHN" not in panel.powers:
        return empty()
    df = kb.read_table("public_diplomacy", ["dataset", "source_row", "recipient", "year", "value"],
                       where={"indicator": ["government_visits", "military_visits"],
                              "recipient": list(panel.targets)}).rename(columns={"recipient": "target"})
    if df.empty:
        return empty()
    g = df.groupby(["target", "year"]).agg(raw=("value", "sum"), rows=("source_row", list),
                                           dataset=("dataset", "first")).reset_index()
    g["power"] = "CHN"
    g["sources"] = [[rows_source(d, r)] for d, r in zip(g.dataset, g.rows)]
    return g[COLUMNS]


@indicator("diplomatic_events", dimension="diplomatic", weight=0.2, normalise="minmax",
           description="net PLOVER score of events between P and T in extracted documents (counts and scores)")
def diplomatic_events(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    return net_event_scores(kb, panel, military=False)
