"""Raw indicators per target T, power P and year, each row with its sources.

Every function takes the knowledge base and a ``Panel`` (which powers,
targets and years) and returns a DataFrame with the columns
``target, power, year, raw, sources``; ``sources`` is a list of dicts, either
``{"dataset": id, "rows": [...]}`` (rows of the imported file, 1-based data
rows) or ``{"doc": id, "start": s, "end": e, "evidence": text}`` for
extracted events, or ``{"baseline": entry name, "source": url}``. A dyad-year
without data has no row: missing is never zero.

The formulas are in docs/influence.md, one section per function.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

import pandas as pd
import yaml

from ..kb.store import KnowledgeBase
from ..ontology import load as load_ontology

COLUMNS = ["target", "power", "year", "raw", "sources"]
IMF_CODE = {"EU": "EUU"}          # how IMF DOTS names the powers that are not states
WINDOW = 5                        # years in rolling windows (arms imports, finance)


@dataclass(frozen=True)
class Panel:
    powers: tuple[str, ...]
    targets: tuple[str, ...]
    years: tuple[int, ...]


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    return yaml.safe_load(resources.files(__package__).joinpath("data/weights.yaml").read_text("utf-8"))


@lru_cache(maxsize=1)
def baseline() -> dict[str, Any]:
    f = resources.files(__package__).joinpath("data/baseline.yaml")
    return yaml.safe_load(f.read_text("utf-8")) if f.is_file() else {}


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)


def _table_exists(kb: KnowledgeBase, name: str) -> bool:
    return bool(kb.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                               [name]).fetchone()[0])


def _query(kb: KnowledgeBase, table: str, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    if not _table_exists(kb, table):
        return pd.DataFrame()
    return kb.con.execute(sql, params or []).df()


def _year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value)[:4])
    except ValueError:
        return None


def _rows_source(dataset: str, rows: list[int]) -> dict[str, Any]:
    return {"dataset": dataset, "rows": sorted(int(r) for r in rows)}


@lru_cache(maxsize=1)
def eu_members() -> dict[str, tuple[int, int]]:
    """EU member states with the years they joined and left (from the ontology, sourced there)."""
    ent = load_ontology().get("org:EU")
    out: dict[str, tuple[int, int]] = {}
    for m in (ent.attrs.get("members") if ent else None) or []:
        joined = _year(m.get("joined") or m.get("joined_year")) or 1958
        left = _year(m.get("left") or m.get("left_year")) or 9999
        out[m["id"]] = (joined, left)
    return out


def power_of(code: str, year: int, powers: tuple[str, ...]) -> str | None:
    """The power a state counts for: itself, or the EU for its member states when the EU is a power."""
    if code in powers:
        return code
    if "EU" in powers:
        span = eu_members().get(code)
        if span and span[0] <= year <= span[1]:
            return "EU"
    return None


# ---------------------------------------------------------------- economic

def trade_share(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """P's share of T's total trade: T's own report, each flow replaced by P's mirror flow where T's is missing."""
    trade = _query(kb, "trade", "SELECT dataset, source_row, reporter, partner, flow, year, value_usd_mn FROM trade "
                                "WHERE dataset = 'imf-dots-c5' "      # one source: national files overlap it
                                "AND (list_contains(?, reporter) OR list_contains(?, partner))",
                   [list(panel.targets), list(panel.targets)])
    if trade.empty:
        return _empty()
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
    flows["sources"] = [[_rows_source(dataset, r + t)] for r, t in zip(flows.rows, flows.total_rows)]
    return flows[COLUMNS]


def remittances(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Remittances received by T (% of GDP), attributed to Russia."""
    if "RUS" not in panel.powers:
        return _empty()
    df = _query(kb, "indicators", "SELECT dataset, source_row, country AS target, year, value AS raw FROM indicators "
                                  "WHERE indicator = 'remittances_pct_gdp' AND list_contains(?, country)",
                [list(panel.targets)])
    if df.empty:
        return _empty()
    # two files may give the same country-year: keep the WDI series' value (the first dataset by name)
    df = df.sort_values(["dataset", "source_row"]).drop_duplicates(["target", "year"])
    df["power"] = "RUS"
    df["sources"] = [[_rows_source(d, [r])] for d, r in zip(df.dataset, df.source_row)]
    return df[COLUMNS]


def finance(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Chinese official finance committed to T over the five years to the year, % of T's GDP (AidData)."""
    if "CHN" not in panel.powers:
        return _empty()
    aid = _query(kb, "aid_projects", "SELECT dataset, source_row, project_id, recipient AS target, year, usd_current "
                                     "FROM aid_projects WHERE list_contains(?, recipient) AND usd_current > 0 AND "
                                     "coalesce(recommended, true) ORDER BY dataset, source_row",
                 [list(panel.targets)])
    # the AidData files overlap: a project listed in two of them counts once
    aid = aid.drop_duplicates("project_id", keep="first") if not aid.empty else aid
    gdp = _query(kb, "indicators", "SELECT country AS target, year, value AS gdp, dataset, source_row FROM indicators "
                                   "WHERE indicator = 'gdp_usd' AND list_contains(?, country)", [list(panel.targets)])
    if aid.empty or gdp.empty:
        return _empty()
    out = []
    for (target, year), g in gdp.groupby(["target", "year"]):
        window = aid[(aid.target == target) & aid.year.between(year - WINDOW + 1, year)]
        if window.empty:
            continue
        raw = 100.0 * window.usd_current.sum() / float(g.gdp.iloc[0])
        srcs = [_rows_source(d, list(w.source_row)) for d, w in window.groupby("dataset")]
        srcs.append(_rows_source(str(g.dataset.iloc[0]), list(g.source_row)))
        out.append((target, "CHN", int(year), raw, srcs))
    return pd.DataFrame(out, columns=COLUMNS)


# ---------------------------------------------------------------- security

def arms_share(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """P's share of T's arms imports (SIPRI TIV delivered) over the five years to the year."""
    arms = _query(kb, "arms_deliveries", "SELECT dataset, source_row, recipient AS target, supplier, year, tiv "
                                         "FROM arms_deliveries WHERE list_contains(?, recipient)", [list(panel.targets)])
    if arms.empty:
        return _empty()
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
                            [_rows_source(dataset, sorted(set(window.source_row)))]))
    return pd.DataFrame(out, columns=COLUMNS)


def _active(start: Any, end: Any, year: int) -> bool:
    s, e = _year(start), _year(end)
    return (s is None or s <= year) and (e is None or year <= e)


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
                          and _active(e.get("start"), e.get("end"), year)]
                out.append((target, power, year, float(len(active)),
                            [{"baseline": e.get("name"), "source": e.get("source")} for e in active]))
    return pd.DataFrame(out, columns=COLUMNS)


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
                        if m.get("id") == target and not m.get("status") and _active(
                                m.get("joined") or m.get("joined_year"), m.get("left") or m.get("left_year"), year):
                            srcs.append({"ontology": org_id, "source": ent.source})
                for p in baseline().get("partnerships") or []:
                    if p.get("power") == power and p.get("partner") == target and (p.get("rank") or 0) >= scale_max \
                            and _active(p.get("since"), p.get("until"), year):
                        srcs.append({"baseline": p.get("level"), "source": p.get("source")})
                out.append((target, power, year, 1.0 if srcs else 0.0, srcs))
    return pd.DataFrame(out, columns=COLUMNS)


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
        return _empty()
    df = pd.DataFrame(out, columns=COLUMNS)
    return df.groupby(["target", "power", "year"], as_index=False).agg(
        raw=("raw", "sum"), sources=("sources", lambda s: [x for lst in s for x in lst]))[COLUMNS]


def _events(kb: KnowledgeBase, panel: Panel, military: bool) -> pd.DataFrame:
    """Net PLOVER score of the events in which both P and T take part (as actor or recipient)."""
    ev = _query(kb, "events",
                'SELECT e.doc_id, e.start, e."end", e.type, e.actors, e.recipients, e.contexts, e.score, e.date, '
                "d.published, substr(d.text, e.start + 1, e.\"end\" - e.start) AS evidence FROM events e "
                "JOIN documents d ON d.id = e.doc_id WHERE NOT (e.negated OR e.planned OR e.hypothetical) "
                "AND e.part <> 'comments'")
    if ev.empty:
        return _empty()
    rows: dict[tuple[str, str, int], list[Any]] = {}
    for r in ev.itertuples():
        year = _year(r.date) or _year(r.published)
        if year is None or year not in panel.years:
            continue
        contexts = json.loads(r.contexts) if r.contexts else []
        if ("military" in contexts) != military:
            continue
        parties = set(json.loads(r.actors or "[]")) | set(json.loads(r.recipients or "[]"))
        parties = {"EU" if p == "org:EU" else p for p in parties}
        for target in panel.targets:
            if target not in parties:
                continue
            for power in panel.powers:
                if power in parties:
                    cell = rows.setdefault((target, power, year), [0.0, []])
                    cell[0] += float(r.score)
                    cell[1].append({"doc": r.doc_id, "start": int(r.start), "end": int(r.end), "type": r.type,
                                    "score": float(r.score), "evidence": r.evidence})
    return pd.DataFrame([(t, p, y, v[0], v[1]) for (t, p, y), v in rows.items()], columns=COLUMNS)


def security_events(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    return _events(kb, panel, military=True)


def diplomatic_events(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    return _events(kb, panel, military=False)


# ---------------------------------------------------------------- diplomatic

UNGA_COLUMN = {"USA": "agree_usa", "RUS": "agree_rus", "CHN": "agree_chn", "IND": "agree_ind"}


def un_agreement(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Share of UN General Assembly votes in which T voted as P did (only powers the dataset covers)."""
    cols = [c for p, c in UNGA_COLUMN.items() if p in panel.powers]
    if not cols:
        return _empty()
    df = _query(kb, "unga", f"SELECT dataset, source_row, country AS target, year, {', '.join(cols)} FROM unga "
                            "WHERE list_contains(?, country)", [list(panel.targets)])
    if df.empty:
        return _empty()
    out = []
    for power, col in UNGA_COLUMN.items():
        if col not in df:
            continue
        sub = df[df[col].notna()]
        for r in sub.itertuples():
            out.append((r.target, power, int(r.year), float(getattr(r, col)), [_rows_source(r.dataset, [r.source_row])]))
    return pd.DataFrame(out, columns=COLUMNS)


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
                active = [p for p in mine if _active(p.get("since"), p.get("until"), year)]
                best = max(active, key=lambda p: p.get("rank") or 0) if active else None
                out.append((target, power, year, float(best.get("rank") or 0) if best else 0.0,
                            [{"baseline": best.get("level"), "source": best.get("source")}] if best else []))
    return pd.DataFrame(out, columns=COLUMNS)


def igo_shared(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Share of T's full IGO memberships that P also holds in the year (COW IGO)."""
    df = _query(kb, "igo_membership", "SELECT dataset, source_row, io, year, country, status FROM igo_membership "
                                      "WHERE status = 1")
    if df.empty:
        return _empty()
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
                        [_rows_source(dataset, rows[(country, year)] + rows[(power, year)])]))
    return pd.DataFrame(out, columns=COLUMNS)


def visits(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Chinese official and military visits with T in the year (AidData public diplomacy)."""
    if "CHN" not in panel.powers:
        return _empty()
    df = _query(kb, "public_diplomacy", "SELECT dataset, source_row, recipient AS target, year, value FROM "
                                        "public_diplomacy WHERE indicator IN ('government_visits', 'military_visits') "
                                        "AND list_contains(?, recipient)", [list(panel.targets)])
    if df.empty:
        return _empty()
    g = df.groupby(["target", "year"]).agg(raw=("value", "sum"), rows=("source_row", list),
                                           dataset=("dataset", "first")).reset_index()
    g["power"] = "CHN"
    g["sources"] = [[_rows_source(d, r)] for d, r in zip(g.dataset, g.rows)]
    return g[COLUMNS]


# ---------------------------------------------------------------- connectivity

def links(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """Operating pipelines and railways that tie T to P in the year (baseline.yaml)."""
    entries = baseline().get("connectivity") or []
    out = []
    for target in panel.targets:
        for power in panel.powers:
            mine = [e for e in entries if e.get("power") == power and target in (e.get("states") or [])]
            for year in panel.years:
                active = [e for e in mine if e.get("status") in ("operating", "closed", None)
                          and _active(e.get("opened"), e.get("closed"), year)]
                out.append((target, power, year, float(len(active)),
                            [{"baseline": e.get("name"), "source": e.get("source")} for e in active]))
    return pd.DataFrame(out, columns=COLUMNS)


def border(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """1 when P and T share a land border (Natural Earth adjacency), else 0."""
    df = _query(kb, "adjacency", "SELECT dataset, source_row, a, b FROM adjacency")
    if df.empty:
        return _empty()
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
                out.append((target, power, year, 1.0 if hit else 0.0, [_rows_source(hit[0], [hit[1]])] if hit else []))
    return pd.DataFrame(out, columns=COLUMNS)


INDICATORS: dict[str, Callable[[KnowledgeBase, Panel], pd.DataFrame]] = {
    "trade_share": trade_share, "remittances": remittances, "finance": finance,
    "arms_share": arms_share, "military_presence": military_presence, "alliance": alliance,
    "exercises": exercises, "security_events": security_events,
    "un_agreement": un_agreement, "partnership": partnership, "igo_shared": igo_shared, "visits": visits,
    "diplomatic_events": diplomatic_events,
    "links": links, "border": border,
}


