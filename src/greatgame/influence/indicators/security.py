"""Security dependence: P's share of T's arms imports, P's bases in T, and a mutual-defence tie with P."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ...kb.store import KnowledgeBase
from ...ontology import load as load_ontology
from .base import Panel, baseline, empty, frame, in_effect, indicator, persist, power_of, rows_source, year_of

# Kinds of baseline presence entries that are a standing military presence. A 'deployment' counts only when it
# lasted a year or more (the 201st division in Tajikistan before 2004 did; the CSTO's two weeks in January 2022
# did not: that is an event, not a presence).
PRESENCE_KINDS = ("base", "air_base", "facility", "test_range", "space_launch")
# Mutual-defence organisations (a collective-defence clause binding the members) and the powers in them. The
# SCO is not one: its charter has no defence obligation. NATO partnership programmes are not membership.
DEFENCE_ORGANISATIONS = {"org:CSTO": ("RUS",)}
NOT_MEMBERS = ("observer", "partner", "associate", "froze")
ALLIANCE_RANK = 5            # baseline.yaml partnership_scale: 5 = treaty or declaration of alliance
BILATERAL_ALLIANCE = 0.5     # depth of a bilateral alliance treaty against 1.0 for a collective-defence organisation


# Arms dependence is held through the weapons in service (spares, munitions, maintenance, training), not only
# through this year's deliveries: the share is of T's installed base, a perpetual-inventory stock of the TIV
# delivered, each year's deliveries depreciated geometrically (OECD, *Measuring Capital*, 2009: the
# declining-balance rate R / T). T = ARMS_SERVICE_LIFE, the lower end of the service lives of major
# conventional weapons (20 to 40 years; dependence on the supplier is heaviest in a system's first two
# decades), R = 2 (double declining balance): ARMS_DEPRECIATION = 0.10, so a delivery counts 59% after five
# years, 35% after ten and no longer after twenty. A five-year window of deliveries (an earlier version) made
# one batch decide the share and drop out at once: China's share of Uzbekistan's arms went from 34% in 2022 to
# 0 in 2023 with nothing retired, and of Turkmenistan's from 46% in 2020 to 0 in 2022 while the HQ-9 and KS-1A
# systems delivered in 2016 stayed in service.
ARMS_SERVICE_LIFE = 20
ARMS_DEPRECIATION = 2 / ARMS_SERVICE_LIFE


@indicator("arms_share", dimension="security", weight=0.6, kind="share", scale=1.0, floor=0.10,
           description="P's share of T's installed base of imported arms: SIPRI TIV delivered over the 20 years "
                       "to y, depreciated 10% a year")
def arms_share(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """arms_share = K(P, T, y) / K(all suppliers, T, y), K = sum over y-19..y of TIV delivered in year t x
    (1 - ARMS_DEPRECIATION) ** (y - t): P's share of the stock of imported major arms T holds.

    EU member states' deliveries count for the EU in the years they were members. Only years inside the
    SIPRI register's coverage (its first to its last year of deliveries; the register starts in 1950, so the
    stock of a Central Asian state is complete from its independence); a stock with no deliveries to T in the
    twenty years gives no value (no share of nothing).
    """
    years_all = kb.read_table("arms_deliveries", ["year"], checked=False)
    if years_all.empty:
        return empty()
    first, last = int(years_all.year.min()), int(years_all.year.max())
    arms = kb.read_table("arms_deliveries", ["dataset", "source_row", "recipient", "supplier", "year", "tiv"],
                         where={"recipient": list(panel.targets)}, checked=False)
    arms = arms[arms.tiv.notna() & (arms.tiv > 0)].copy()
    if arms.empty:
        return empty()
    arms["year"] = arms.year.astype(int)
    arms["power"] = [power_of(s, y, panel.powers) for s, y in zip(arms.supplier, arms.year)]
    arms = arms.sort_values(["recipient", "year", "source_row"])
    life, keep = ARMS_SERVICE_LIFE, 1.0 - ARMS_DEPRECIATION
    rows = []
    for target, ta in arms.groupby("recipient"):
        ty, tiv = ta.year.to_numpy(), ta.tiv.to_numpy(dtype=float)
        power = ta.power.to_numpy(dtype=object)
        dataset, src_rows = ta.dataset.iloc[0], ta.source_row.to_numpy()
        for y in panel.years:
            if y < first or y > last:
                continue
            inside = (ty > y - life) & (ty <= y)
            if not inside.any():
                continue
            w = tiv[inside] * keep ** (y - ty[inside])
            tot = float(w.sum())
            lo = max(first, y - life + 1)
            src = [rows_source(dataset, src_rows[inside],
                               f"deliveries to T {lo}-{y}, weighted {keep:g}^age (installed base)")]
            pw = power[inside]
            for p in panel.powers:
                rows.append((target, p, y, float(w[pw == p].sum()) / tot, "observed", y, 0.10, src))
    return persist(frame(rows), panel, 0.25)


def _presence_entries(target: str, power: str, year: int, powers: tuple[str, ...],
                      entries: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The baseline's presence entries of P in T in y (``entries``: the list to look in, by default all)."""
    out = []
    for e in baseline().get("military_presence") or [] if entries is None else entries:
        if e.get("host") != target or power_of(e.get("power"), year, powers) != power:
            continue
        if not in_effect(e.get("start"), e.get("end"), year):
            continue
        kind = e.get("kind")
        if kind == "deployment":
            s, t = year_of(e.get("start")), year_of(e.get("end"))
            if s is not None and t is not None and t - s < 1:
                continue
        elif kind not in PRESENCE_KINDS:
            continue
        out.append(e)
    return out


@indicator("presence", dimension="security", weight=0.2, kind="binary", scale=1.0, floor=0.0, modulates="arms_share",
           description="1 when P has a base or military facility operating in T in y (baseline.yaml), else 0; "
                       "scores in proportion to arms_share (a base deepens a measured arms dependence)")
def presence(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """presence = 1 if baseline.yaml lists a base or military facility of P operating in T in y, else 0."""
    every = baseline().get("military_presence") or []
    rows = []
    for t in panel.targets:
        hosted = [e for e in every if e.get("host") == t]
        for p in panel.powers:
            for y in panel.years:
                active = _presence_entries(t, p, y, panel.powers, hosted)
                src = [{"baseline": e.get("name"), "source": e.get("source")} for e in active] or \
                    [{"baseline": "military_presence", "note": "no base or facility of P in T listed"}]
                rows.append((t, p, y, 1.0 if active else 0.0, "observed", y, 0.0, src))
    return frame(rows)


def _members(org_id: str, year: int) -> tuple[set[str], Any]:
    ent = load_ontology().get(org_id)
    if ent is None:
        return set(), None
    out = set()
    for m in ent.attrs.get("members") or []:
        status = str(m.get("status") or "").lower()
        if any(w in status for w in NOT_MEMBERS):
            continue
        if in_effect(m.get("joined") or m.get("joined_year"), m.get("left") or m.get("left_year"), year):
            out.add(m.get("id"))
    return out, ent.source


@indicator("alliance_depth", dimension="security", weight=0.2, kind="ordinal", scale=1.0, floor=0.0,
           modulates="arms_share",
           description="1 when T and P are members of a mutual-defence organisation (CSTO), 0.5 for a bilateral "
                       "alliance treaty only, else 0; scores in proportion to arms_share")
def alliance_depth(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """alliance_depth = 1.0 for co-membership of a collective-defence organisation in y (the ontology's member
    dates), else 0.5 for a bilateral treaty or declaration of alliance in force (baseline.yaml, rank 5), else 0."""
    parts = [p for p in baseline().get("partnerships") or []
             if (p.get("rank") or 0) >= ALLIANCE_RANK and isinstance(p.get("partner"), str)]
    rows = []
    for y in panel.years:
        orgs = {org: _members(org, y) for org in DEFENCE_ORGANISATIONS}
        for t in panel.targets:
            for p in panel.powers:
                value, src = 0.0, []
                for org, (members, source) in orgs.items():
                    if p in DEFENCE_ORGANISATIONS[org] and t in members and p in members:
                        value = 1.0
                        src.append({"ontology": org, "source": source})
                if value < 1.0:
                    for e in parts:
                        if e.get("power") == p and e.get("partner") == t and in_effect(e.get("since"), e.get("until"), y):
                            value = BILATERAL_ALLIANCE
                            src.append({"baseline": e.get("level"), "source": e.get("source")})
                            break
                if not src:
                    src = [{"note": "no mutual-defence organisation or alliance treaty of T and P"}]
                rows.append((t, p, y, value, "observed", y, 0.0, src))
    return frame(rows)


__all__ = ["alliance_depth", "arms_share", "presence"]
