"""Financial dependence: external debt owed to P as a share of T's GDP, Chinese official finance as % of T's GDP.

Remittances are not an indicator: no dataset splits a state's remittance
inflows by sending country, so they cannot be attributed to Russia (or
anyone) without an assumption; ``remittances_context`` reads them (% of GDP)
for ``--explain`` as context only.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...kb.store import KnowledgeBase
from .base import WINDOW, Panel, empty, frame, indicator, persist, rows_source, sd_by_dyad

DEBT_INDICATOR = "DT.DOD.BLAT.CD"     # World Bank IDS: PPG external debt stocks, bilateral (current US$)
# Debt owed to one creditor is scaled by T's GDP with the IMF-World Bank debt sustainability threshold for
# external public debt: 30% of GDP, the present-value threshold for countries of weak debt-carrying capacity
# (IMF, "Guidance Note on the Bank-Fund Debt Sustainability Framework for Low Income Countries", 2018,
# table 1). A state owing one creditor that much owes it its whole room to borrow: the full score.
DEBT_SCALE = 0.30
AID_SCALE = 0.20                      # see the registration below and docs/influence.md


@indicator("debt_gdp", dimension="finance", weight=0.6, kind="ratio", scale=DEBT_SCALE, floor=0.05,
           description="public and publicly guaranteed external debt T owes P, as a share of T's GDP "
                       "(World Bank IDS, bilateral; China and Russia only), over 0.30 of GDP")
def debt_gdp(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """debt_gdp = PPG bilateral external debt owed by T to P at the end of y / GDP(T, y), current US$.

    The share of T's *bilateral* debt would not measure dependence: a state that borrows on markets and from
    multilateral banks (Kazakhstan) has little bilateral debt, so one modest creditor is most of it. The data
    (World Bank IDS via the ONE Campaign extract) give no total of T's external debt over all creditor kinds,
    so the debt is scaled by T's size instead, as the debt sustainability framework does."""
    df = kb.read_table("debt", ["dataset", "source_row", "debtor", "creditor", "year", "value_usd"],
                       where={"indicator": DEBT_INDICATOR, "debtor": list(panel.targets),
                              "creditor": list(panel.powers)}, checked=False)
    df = df[df.value_usd.notna()]
    if df.empty:
        return empty()
    df["year"] = df.year.astype(int)
    gdp = kb.read_table("indicators", ["dataset", "source_row", "country", "year", "value"],
                        where={"indicator": "gdp_usd", "country": list(panel.targets)}, checked=False)
    gdp = gdp[gdp.value > 0].drop_duplicates(["country", "year"])
    gdp["year"] = gdp.year.astype(int)
    gdp_of = {(c, y): (v, d, r) for c, y, v, d, r in zip(*(gdp[col].tolist() for col in (
        "country", "year", "value", "dataset", "source_row")))}
    rows = []
    debt = df.drop_duplicates(["debtor", "creditor", "year"])
    for debtor, creditor, year, value, dataset, row in zip(*(debt[col].tolist() for col in (
            "debtor", "creditor", "year", "value_usd", "dataset", "source_row"))):
        g = gdp_of.get((debtor, year))
        if g is None:
            continue
        rows.append((debtor, creditor, year, float(value) / float(g[0]), "observed", year, 0.05,
                     [rows_source(dataset, [row], "debt owed to P, end of year"),
                      rows_source(g[1], [g[2]], "GDP, current US$")]))
    res = frame(rows)
    sd = sd_by_dyad(res, 0.15)
    return persist(res, panel, sd)


@indicator("aid_gdp", dimension="finance", weight=0.4, kind="ratio", scale=AID_SCALE, floor=0.10,
           description="Chinese official finance committed to T over the five years to y, as a share of T's GDP "
                       "(AidData; China only; only while the window lies inside AidData's coverage)")
def aid_gdp(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """aid_gdp = sum of Chinese official finance committed to T in y-4..y (current US$) / GDP(T, y).

    Projects AidData does not recommend for research are left out, a project in two AidData files counts
    once. A window reaching before the first or after the last year the AidData files cover gives no value
    (the files end in 2017: a window running past that would show a fall that is only the data's end).
    """
    if "CHN" not in panel.powers:
        return empty()
    aid = kb.read_table("aid_projects", ["dataset", "source_row", "project_id", "recipient", "year", "usd_current",
                                         "recommended"], order_by=("dataset", "source_row"), checked=False)
    if aid.empty:
        return empty()
    aid = aid[aid.year.notna()].copy()
    aid["year"] = aid.year.astype(int)
    first, last = int(aid.year.min()), int(aid.year.max())          # the files' coverage, all recipients
    aid = aid[aid.recipient.isin(panel.targets)]
    recommended = pd.Series([v is None or v is pd.NA or v != v or bool(v) for v in aid.recommended],
                            index=aid.index, dtype=bool)
    aid = aid[(aid.usd_current > 0) & recommended].drop_duplicates("project_id", keep="first")
    gdp = kb.read_table("indicators", ["dataset", "source_row", "country", "year", "value"],
                        where={"indicator": "gdp_usd", "country": list(panel.targets)}, checked=False)
    gdp = gdp[gdp.value > 0].drop_duplicates(["country", "year"])
    aid = aid.sort_values(["dataset", "source_row"])
    by_target = {t: (a.year.to_numpy(), a.usd_current.to_numpy(dtype=float), a.dataset.to_numpy(),
                     a.source_row.to_numpy()) for t, a in aid.groupby("recipient")}
    none = (np.array([], dtype=int), np.array([]), np.array([], dtype=object), np.array([]))
    rows = []
    for g in gdp.itertuples(index=False):
        y = int(g.year)
        if y - WINDOW + 1 < first or y > last:
            continue
        ay, usd, ds, sr = by_target.get(g.country, none)
        inside = (ay >= y - WINDOW + 1) & (ay <= y)
        srcs = [rows_source(d, sr[inside & (ds == d)], "commitments in the window") for d in sorted(set(ds[inside]))]
        srcs.append(rows_source(g.dataset, [g.source_row], "GDP, current US$"))
        rows.append((g.country, "CHN", y, float(usd[inside].sum()) / float(g.value), "observed", y, 0.10, srcs))
    res = frame(rows)
    sd = sd_by_dyad(res, 0.5)
    return persist(res, panel, sd)


def remittances_context(kb: KnowledgeBase, targets: tuple[str, ...]) -> pd.DataFrame:
    """Personal remittances received by T, % of GDP (WDI), by year: context for ``--explain``, not an indicator."""
    df = kb.read_table("indicators", ["dataset", "source_row", "country", "year", "value"],
                       where={"indicator": "remittances_pct_gdp", "country": list(targets)}, checked=False)
    return df.sort_values(["dataset", "source_row"]).drop_duplicates(["country", "year"]) \
        .rename(columns={"country": "target"}).reset_index(drop=True) if not df.empty else df


__all__ = ["AID_SCALE", "DEBT_SCALE", "aid_gdp", "debt_gdp", "remittances_context"]
