"""Economic indicators: trade dependence, remittances, Chinese official finance."""
from __future__ import annotations

import pandas as pd

from ...kb.store import KnowledgeBase
from .base import COLUMNS, IMF_CODE, WINDOW, Panel, empty, indicator, rows_source


@indicator("trade_share", dimension="economic", weight=0.6, carry_forward=4,
           description="P's share of T's total goods trade (exports + imports), T's report, mirror flows where "
                       "T's is missing")
def trade_share(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """P's share of T's total trade: T's own report, each flow replaced by P's mirror flow where T's is missing."""
    trade = kb.read_table("trade", ["dataset", "source_row", "reporter", "partner", "flow", "year", "value_usd_mn"],
                          where={"dataset": "imf-dots-c5"})   # one source: the national files overlap it
    trade = trade[trade.reporter.isin(panel.targets) | trade.partner.isin(panel.targets)].reset_index(drop=True)
    if trade.empty:
        return empty()
    codes = {IMF_CODE.get(p, p): p for p in panel.powers}
    own = trade[trade.reporter.isin(panel.targets)]
    total = own[own.partner == "WLD"].groupby(["reporter", "year"]).agg(
        total=("value_usd_mn", "sum"), n=("flow", "nunique"), rows=("source_row", list)).reset_index()
    total = total[total.n == 2]
    own_p = own[own.partner.isin(codes)].assign(power=lambda d: d.partner.map(codes), target=lambda d: d.reporter)
    mirror = trade[trade.reporter.isin(codes) & trade.partner.isin(panel.targets)].assign(
        power=lambda d: d.reporter.map(codes), target=lambda d: d.partner,
        flow=lambda d: d.flow.map({"exports": "imports", "imports": "exports"}))
    key = ["target", "power", "year", "flow"]
    own_f = own_p.groupby(key).agg(value=("value_usd_mn", "sum"), rows=("source_row", list)).reset_index()
    mir_f = mirror.groupby(key).agg(value=("value_usd_mn", "sum"), rows=("source_row", list)).reset_index()
    both = own_f.merge(mir_f, on=key, how="outer", suffixes=("", "_m"))
    use_own = both.value.notna()
    both["v"] = both.value.where(use_own, both.value_m)
    both["src_rows"] = [r if u else m for r, m, u in zip(both.rows, both.rows_m, use_own)]
    flows = both.groupby(["target", "power", "year"]).agg(
        value=("v", "sum"), n=("flow", "nunique"), rows=("src_rows", lambda s: [x for lst in s for x in lst])
    ).reset_index()
    flows = flows[flows.n == 2].merge(total.rename(columns={"reporter": "target", "rows": "total_rows"}),
                                      on=["target", "year"])
    flows = flows[flows.total > 0]
    dataset = str(trade.dataset.iloc[0])
    flows["raw"] = flows.value / flows.total
    flows["sources"] = [[rows_source(dataset, r + t)] for r, t in zip(flows.rows, flows.total_rows)]
    return flows[COLUMNS]


@indicator("remittances", dimension="economic", weight=0.2, carry_forward=2,
           description="personal remittances received by T, % of GDP, attributed to Russia (see influence.md)")
def remittances(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Remittances received by T (% of GDP), attributed to Russia."""
    if "RUS" not in panel.powers:
        return empty()
    df = kb.read_table("indicators", ["dataset", "source_row", "country", "year", "value"],
                       where={"indicator": "remittances_pct_gdp", "country": list(panel.targets)})
    df = df.rename(columns={"country": "target", "value": "raw"})
    if df.empty:
        return empty()
    # two files may give the same country-year: keep the WDI series' value (the first dataset by name)
    df = df.sort_values(["dataset", "source_row"]).drop_duplicates(["target", "year"])
    df["power"] = "RUS"
    df["sources"] = [[rows_source(d, [r])] for d, r in zip(df.dataset, df.source_row)]
    return df[COLUMNS]


@indicator("finance", dimension="economic", weight=0.2, carry_forward=4,
           description="Chinese official finance committed to T over five years, % of T's GDP (AidData; China only)")
def finance(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Chinese official finance committed to T over the five years to the year, % of T's GDP (AidData)."""
    if "CHN" not in panel.powers:
        return empty()
    aid = kb.read_table("aid_projects", ["dataset", "source_row", "project_id", "recipient", "year", "usd_current",
                                         "recommended"],
                        where={"recipient": list(panel.targets)}, order_by=("dataset", "source_row"))
    # projects with money committed, less those AidData does not recommend for research (unknown: kept)
    recommended = pd.Series([v is None or v is pd.NA or v != v or bool(v) for v in aid.recommended],
                            index=aid.index, dtype=bool)
    kept = (aid.usd_current > 0) & recommended
    aid = aid[kept].drop(columns="recommended").rename(columns={"recipient": "target"}).reset_index(drop=True)
    # the AidData files overlap: a project listed in two of them counts once
    aid = aid.drop_duplicates("project_id", keep="first") if not aid.empty else aid
    gdp = kb.read_table("indicators", ["country", "year", "value", "dataset", "source_row"],
                        where={"indicator": "gdp_usd", "country": list(panel.targets)})
    gdp = gdp.rename(columns={"country": "target", "value": "gdp"})
    if aid.empty or gdp.empty:
        return empty()
    out = []
    for (target, year), g in gdp.groupby(["target", "year"]):
        window = aid[(aid.target == target) & aid.year.between(year - WINDOW + 1, year)]
        if window.empty:
            continue
        raw = 100.0 * window.usd_current.sum() / float(g.gdp.iloc[0])
        srcs = [rows_source(d, list(w.source_row)) for d, w in window.groupby("dataset")]
        srcs.append(rows_source(str(g.dataset.iloc[0]), list(g.source_row)))
        out.append((target, "CHN", int(year), raw, srcs))
    return pd.DataFrame(out, columns=COLUMNS)
