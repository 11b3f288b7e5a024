"""Security indicators: arms imports, military presence, alliances, exercises, military events."""
from __future__ import annotations

import pandas as pd

from ...kb.store import KnowledgeBase
from ...ontology import load as load_ontology
from .base import (COLUMNS, WINDOW, Panel, baseline, config, empty, in_effect, indicator, net_event_scores,
                   power_of, rows_source)


@indicator("arms_share", dimension="security", weight=0.35, carry_forward=4,
           description="P's share of T's arms imports (SIPRI TIV delivered) over the five years to the year")
def arms_share(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """P's share of T's arms imports (SIPRI TIV delivered) over the five years to the year."""
    arms = kb.read_table("arms_deliveries", ["dataset", "source_row", "recipient", "supplier", "year", "tiv"],
                         where={"recipient": list(panel.targets)}).rename(columns={"recipient": "target"})
    if arms.empty:
        return empty()
    arms["power"] = [power_of(s, int(y), panel.powers) for s, y in zip(arms.supplier, arms.year)]
    dataset = str(arms.dataset.iloc[0])
    out = []
    for target, ta in arms.groupby("target"):
        for year in panel.years:
            window = ta[ta.year.between(year - WINDOW + 1, year)]
            total = window.tiv.sum()
            if window.empty or total <= 0:
                continue
            for power in panel.powers:
                mine = window[window.power == power]
                out.append((target, power, year, float(mine.tiv.sum() / total),
                            [rows_source(dataset, sorted(set(window.source_row)))]))
    return pd.DataFrame(out, columns=COLUMNS)


@indicator("military_presence", dimension="security", weight=0.25,
           description="bases and military facilities of P operating in T")
def military_presence(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Bases and military facilities of P operating in T in the year (baseline.yaml)."""
    entries = baseline().get("military_presence") or []
    out = []
    for target in panel.targets:
        for power in panel.powers:
            mine = [e for e in entries if e.get("host") == target]
            for year in panel.years:
                # a member state's facility counts for the EU while the state is a member
                active = [e for e in mine if power_of(e.get("power"), year, panel.powers) == power
                          and in_effect(e.get("start"), e.get("end"), year)]
                out.append((target, power, year, float(len(active)),
                            [{"baseline": e.get("name"), "source": e.get("source")} for e in active]))
    return pd.DataFrame(out, columns=COLUMNS)


@indicator("alliance", dimension="security", weight=0.2,
           description="T in a security organisation or alliance treaty with P (CSTO, SCO, treaty alliances)")
def alliance(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """1 when T belongs to a security organisation P leads, or has an alliance treaty with P; else 0."""
    onto = load_ontology()
    orgs = config().get("security_organisations") or {}
    scale_max = max((p.get("rank") or 0 for p in baseline().get("partnerships") or []), default=5) or 5
    out = []
    for target in panel.targets:
        for power in panel.powers:
            for year in panel.years:
                srcs = []
                for org_id, leaders in orgs.items():
                    if power not in leaders:
                        continue
                    ent = onto.get(org_id)
                    for m in (ent.attrs.get("members") if ent else None) or []:
                        if m.get("id") == target and not m.get("status") and in_effect(
                                m.get("joined") or m.get("joined_year"), m.get("left") or m.get("left_year"), year):
                            srcs.append({"ontology": org_id, "source": ent.source})
                for p in baseline().get("partnerships") or []:
                    if p.get("power") == power and p.get("partner") == target and (p.get("rank") or 0) >= scale_max \
                            and in_effect(p.get("since"), p.get("until"), year):
                        srcs.append({"baseline": p.get("level"), "source": p.get("source")})
                out.append((target, power, year, 1.0 if srcs else 0.0, srcs))
    return pd.DataFrame(out, columns=COLUMNS)


@indicator("exercises", dimension="security", weight=0.1,
           description="joint military exercises of P with T (baseline programmes and extracted events)")
def exercises(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Joint exercise programmes held in the year with P and T taking part (baseline.yaml)."""
    entries = baseline().get("exercises") or []
    out = []
    for e in entries:
        members = set(e.get("powers") or []) | set(e.get("hosts_or_participants") or [])
        for year in e.get("years") or []:
            if int(year) not in panel.years:
                continue
            for power in panel.powers:
                if power not in (e.get("powers") or []):
                    continue
                for target in panel.targets:
                    if target in members:
                        out.append((target, power, int(year), 1.0,
                                    [{"baseline": e.get("name"), "source": e.get("source")}]))
    if not out:
        return empty()
    df = pd.DataFrame(out, columns=COLUMNS)
    return df.groupby(["target", "power", "year"], as_index=False).agg(
        raw=("raw", "sum"), sources=("sources", lambda s: [x for lst in s for x in lst]))[COLUMNS]


@indicator("security_events", dimension="security", weight=0.1, normalise="minmax",
           description="net PLOVER score of military-context events between P and T in extracted documents")
def security_events(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    return net_event_scores(kb, panel, military=True)
