"""The model's data: one read of the knowledge base into arrays (no estimation here).

``read_panel(kb)`` reads

* the influence layer's reconciled trade shares (``trade_share``: P's share of T's total goods trade in the
  years T's and P's reports give it, observed, reconciled or mirrored, never nowcast), 1995 to the latest year;
* the powers' and the world's GDP in current US dollars (World Bank): ``gdp[P, y]``, the log of P's share of
  world GDP;
* the influence layer's dyad covariates: ``links[T, y, P]``, the pipelines and railways between T and P
  operating in year y (``influence/data/baseline.yaml``, each with its source), and ``border[T, P]``;
* ``distance[T, P]``: log great-circle distance in km between the centroids of T and P (Natural Earth
  boundaries in the knowledge base; the EU's centroid is that of its 2020-2024 members' union);
* remittances received, % of GDP (World Bank WDI), and Russia's real GDP growth and the ruble's depreciation
  against the dollar (the remittances panel file, itself from WDI);
* the targets' own GDP (current US$, World Bank), and from ``simulate/data/drivers.yaml`` (``drivers.py``, each
  value with its source) the Brent price, the gas export pipelines' capacity and the border closures, which
  make the drivers ``energy`` (pipeline capacity valued at the oil price, per US$ bn of the target's GDP) and
  ``closure`` (the share of a year the border crossings were closed to freight).

It returns a frozen ``Panel``; everything after it is computation on arrays.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..errors import RunError
from ..kb.store import KnowledgeBase

FIRST_YEAR = 1995
GDP_CODE = {"EU": "EUU"}
SANCTIONED = {"RUS": 2022}          # war and sanctions regime since this year (the driver ``sanctions``)
REMITTANCE_TARGETS = ("KGZ", "TJK", "UZB")   # remittances above 5% of GDP; KAZ and TKM's are below 1%
EU_2020 = ("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
           "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE")
MIN_TARGETS = 2                     # fewer targets with trade data than this: no model


@dataclass(frozen=True, eq=False)
class Panel:
    """The model's data as arrays over targets T, years Y (``years``) and powers P (NaN: no data)."""

    powers: tuple[str, ...]
    targets: tuple[str, ...]
    years: tuple[int, ...]
    share: np.ndarray          # (T, Y, P) P's share of T's goods trade
    gdp: np.ndarray            # (P, Y) log of P's share of world GDP (current US$)
    links: np.ndarray          # (T, Y, P) operating pipelines and railways between T and P
    border: np.ndarray         # (T, P) 1 if T and P share a land border
    distance: np.ndarray       # (T, P) log km between centroids
    remit: np.ndarray          # (T, Y) remittances received, % of GDP (NaN outside REMITTANCE_TARGETS)
    rus_growth: np.ndarray     # (Y,) Russia's real GDP growth, %
    rub_depr: np.ndarray       # (Y,) the ruble's depreciation against the US dollar, log difference in %
    gas_capacity: np.ndarray | None = None   # (T, Y, P) gas export pipeline capacity from T to P, bcm/yr
    oil: np.ndarray | None = None            # (Y,) Brent, US$/bbl
    size: np.ndarray | None = None           # (T, Y) the target's GDP, current US$ bn
    closure: np.ndarray | None = None        # (T, Y, P) share of the year T-P border crossings were closed to freight

    @property
    def energy(self) -> np.ndarray:
        """(T, Y, P) ``energy``: gas pipeline capacity from T to P (bcm/yr) times the contract oil price (the mean
        of the year's and the year before's Brent, US$/bbl: pipeline gas is sold under oil-indexed contracts that
        follow oil with a lag) per US$ bn of T's GDP; 0 where no pipeline."""
        T, Y, P = self.share.shape
        if self.gas_capacity is None or self.oil is None or self.size is None:
            return np.zeros((T, Y, P))
        o = self.oil
        contract = np.concatenate([o[:1], (o[1:] + o[:-1]) / 2])
        with np.errstate(invalid="ignore", divide="ignore"):
            v = self.gas_capacity * contract[None, :, None] / self.size[:, :, None]
        return np.where(self.gas_capacity > 0, v, 0.0)

    @property
    def closures(self) -> np.ndarray:
        T, Y, P = self.share.shape
        return np.zeros((T, Y, P)) if self.closure is None else self.closure

    @property
    def last(self) -> dict[str, int]:
        """Each target's latest year with trade shares."""
        out = {}
        for i, t in enumerate(self.targets):
            have = np.where(np.isfinite(self.share[i]).any(axis=1))[0]
            if have.size:
                out[t] = self.years[have[-1]]
        return out

    @property
    def latest(self) -> int:
        return max(self.last.values())

    def index(self, year: int) -> int:
        return self.years.index(year)

    def cut(self, until: int) -> "Panel":
        """The panel as it was known at ``until``: every series after it set to NaN (the backtest's origins)."""
        keep = np.array([y <= until for y in self.years])
        share, remit = self.share.copy(), self.remit.copy()
        share[:, ~keep], remit[:, ~keep] = np.nan, np.nan
        gdp, g, d = self.gdp.copy(), self.rus_growth.copy(), self.rub_depr.copy()
        gdp[:, ~keep], g[~keep], d[~keep] = np.nan, np.nan, np.nan
        oil = None if self.oil is None else np.where(keep, self.oil, np.nan)
        size = None if self.size is None else np.where(keep[None, :], self.size, np.nan)
        return Panel(self.powers, self.targets, self.years, share, gdp, self.links, self.border, self.distance,
                     remit, g, d, self.gas_capacity, oil, size, self.closure)


def read_panel(kb: KnowledgeBase, powers: Sequence[str], targets: Sequence[str], last_year: int) -> Panel:
    """Read the knowledge base once (see the module's docstring). ``last_year``: the last year read."""
    from ..influence.indicators import Panel as IndexPanel, trade_share

    powers, targets = tuple(powers), tuple(targets)
    years = tuple(range(FIRST_YEAR, last_year + 1))
    ipanel = IndexPanel(powers, targets, years)
    if not kb.table_exists("trade"):
        raise RunError("insufficient data: no trade data in the knowledge base "
                       "(run greatgame data import first); no simulation from nothing")
    ts = trade_share(kb, ipanel)
    share = np.full((len(targets), len(years), len(powers)), np.nan)
    for t, p, y, v in zip(ts.target, ts.power, ts.year, ts.raw):
        if t in targets and p in powers and FIRST_YEAR <= y <= last_year and v > 0:
            share[targets.index(t), y - FIRST_YEAR, powers.index(p)] = v
    with_data = [t for i, t in enumerate(targets) if np.isfinite(share[i]).sum() >= 10]
    if len(with_data) < MIN_TARGETS:
        raise RunError(f"insufficient data: trade shares for {len(with_data)} of {len(targets)} targets in the "
                       "knowledge base (run greatgame data import ../shared/data/reference); no simulation "
                       "from nothing")
    from . import drivers

    links, border = _links_border(kb, powers, targets, years)
    return Panel(powers, targets, years, share, _gdp(kb, powers, years), links, border,
                 _distance(kb, powers, targets), *_remittances(kb, targets, years),
                 drivers.gas_capacity(targets, powers, years), drivers.oil(years), _size(kb, targets, years),
                 drivers.closures(targets, powers, years))


def _size(kb: KnowledgeBase, targets: tuple[str, ...], years: tuple[int, ...]) -> np.ndarray:
    """The targets' GDP, current US$ bn (World Bank); a missing year takes the latest earlier one."""
    out = np.full((len(targets), len(years)), np.nan)
    if not kb.table_exists("indicators"):
        return out
    df = kb.read_table("indicators", ["country", "year", "value"],
                       where={"indicator": "gdp_usd", "country": list(targets)})
    for c, y, v in zip(df.country, df.year, df.value):
        y = int(y)
        if c in targets and years[0] <= y <= years[-1] and v and v > 0:
            out[targets.index(c), y - years[0]] = v / 1e9
    for i in range(len(targets)):
        for k in range(1, len(years)):
            if not np.isfinite(out[i, k]):
                out[i, k] = out[i, k - 1]
    return out


def _links_border(kb: KnowledgeBase, powers: tuple[str, ...], targets: tuple[str, ...], years: tuple[int, ...]
                  ) -> tuple[np.ndarray, np.ndarray]:
    """links[T, y, P]: the influence layer's connectivity entries (pipelines, railways) between T and P operating
    in y, counted as its ``covariates`` counts them; border[T, P] from the Natural Earth adjacency table (no EU
    member borders a target)."""
    from ..influence.indicators.base import baseline, in_effect

    links = np.zeros((len(targets), len(years), len(powers)))
    for e in baseline().get("connectivity") or []:
        if e.get("power") not in powers or e.get("status") not in ("operating", "closed", None):
            continue
        j = powers.index(e["power"])
        for t in e.get("states") or []:
            if t in targets:
                for k, y in enumerate(years):
                    if in_effect(e.get("opened"), e.get("closed"), y):
                        links[targets.index(t), k, j] += 1.0
    border = np.zeros((len(targets), len(powers)))
    if kb.table_exists("adjacency"):
        adj = kb.read_table("adjacency", ["a", "b"])
        pairs = set(zip(adj.a, adj.b)) | set(zip(adj.b, adj.a))
        for i, t in enumerate(targets):
            for j, p in enumerate(powers):
                border[i, j] = float((t, p) in pairs)
    return links, border


def _gdp(kb: KnowledgeBase, powers: tuple[str, ...], years: tuple[int, ...]) -> np.ndarray:
    codes = [GDP_CODE.get(p, p) for p in powers]
    df = kb.read_table("indicators", ["country", "year", "value"],
                       where={"indicator": "gdp_usd", "country": codes + ["WLD"]}) \
        if kb.table_exists("indicators") else None
    out = np.full((len(powers), len(years)), np.nan)
    if df is None or df.empty:
        return out
    world = {int(y): v for c, y, v in zip(df.country, df.year, df.value) if c == "WLD" and v and v > 0}
    for c, y, v in zip(df.country, df.year, df.value):
        y = int(y)
        if c in codes and years[0] <= y <= years[-1] and v and v > 0 and y in world:
            out[codes.index(c), y - years[0]] = math.log(v / world[y])
    return out


def _distance(kb: KnowledgeBase, powers: tuple[str, ...], targets: tuple[str, ...]) -> np.ndarray:
    """Log km between centroids (NaN where a boundary is missing)."""
    from shapely.geometry import shape
    from shapely.ops import unary_union

    codes = set(powers) | set(targets) | set(EU_2020)
    df = kb.read_table("boundaries", ["dataset", "iso3", "geometry"], where={"dataset": "ne-countries-110m"}) \
        if kb.table_exists("boundaries") else None
    geo = {} if df is None else {c: shape(json.loads(g)) for c, g in zip(df.iso3, df.geometry) if c in codes}
    centre = {c: (g.centroid.x, g.centroid.y) for c, g in geo.items()}
    members = [geo[c] for c in EU_2020 if c in geo]
    if members:
        u = unary_union(members).centroid
        centre["EU"] = (u.x, u.y)
    out = np.full((len(targets), len(powers)), np.nan)
    for i, t in enumerate(targets):
        for j, p in enumerate(powers):
            if t in centre and p in centre:
                out[i, j] = math.log(_km(centre[t], centre[p]))
    return out


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _remittances(kb: KnowledgeBase, targets: tuple[str, ...], years: tuple[int, ...]
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    remit = np.full((len(targets), len(years)), np.nan)
    growth, depr = np.full(len(years), np.nan), np.full(len(years), np.nan)
    if not kb.table_exists("indicators"):
        return remit, growth, depr
    df = kb.read_table("indicators", ["dataset", "indicator", "country", "year", "value"],
                       where={"indicator": ["remittances_pct_gdp", "rus_gdp_growth_pct", "rub_depreciation_pct"]})
    # the remittances panel (a newer WDI vintage, to 2024) first, the older WDI file where it has no value
    df = df.assign(rank=(df.dataset != "wdi-remittances-panel").astype(int)).sort_values(["rank", "year"])
    for ind, c, y, v in zip(df.indicator, df.country, df.year, df["value"]):
        y = int(y)
        if not years[0] <= y <= years[-1] or v is None or v != v:
            continue
        k = y - years[0]
        if ind == "remittances_pct_gdp" and c in REMITTANCE_TARGETS and c in targets and v > 0:
            i = targets.index(c)
            if remit[i, k] != remit[i, k]:
                remit[i, k] = v
        elif ind == "rus_gdp_growth_pct":
            growth[k] = v
        elif ind == "rub_depreciation_pct":
            depr[k] = v
    return remit, growth, depr
