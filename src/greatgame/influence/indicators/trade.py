"""Trade dependence: P's share of T's goods exports and of T's goods imports, from reconciled flows.

Every flow between T and P is reported twice: by T (its own customs: the
national statistics files first, IMF DOTS with T as reporter otherwise) and
by P (the mirror: P's exports to T are T's imports from P). For each target
T, power P, year y and flow f (T's exports or imports)::

    O = T's own report of f,   M = P's report of the opposite flow
    C = sqrt(O * M)                        both reported        basis 'reconciled'
      = O * exp(+d / 2)                    only T's report      basis 'observed'
      = M * exp(-d / 2)                    only P's report      basis 'mirrored'
    d = median of ln(M / O) over the dyad's (at most 10) nearest years with both reports
    err = max(|ln(O / M)| / 2, FLOOR)      both reported
        = sd of those ln(M / O) / 2        one report (d from 3 years or more)
        = median |ln(O / M)| / 2 over T's flows with both reports, d = 0    one report, fewer years
    share = C / total(T, y, f)             T's own report of its world total

A one-sided value is put on the reconciled scale because the two reports of a
dyad differ persistently (China records 3-4 times the exports to Kyrgyzstan that
Kyrgyzstan records as imports): without the adjustment a series would jump each
time a year has one report instead of two.

The total comes from the same file as O (the national file's world row, or
IMF's 'WLD' row), never from a sum of mirror flows. IMF rows flagged as
estimated are IMF estimates from partner data: they count as mirror values.
Where a file gives turnover and one flow, the other flow is turnover minus it.
Transcribed figures that are not exact ('about', 'more than') add QUALIFIER_ERR.

Years without T's world total or without any report of the flow are nowcast
(basis 'nowcast', ``data_year`` the year of the data used), in this order:

1. from the year's own data, whichever of these has the smaller error:
   a published share of T's trade with P (the Factbook partner shares, from
   partner data) for that year: share = the published share, err = max(median
   gap of T, FACTBOOK_ERR, rms of ln(share / published share) over the dyad's
   earlier years with both: how far the published shares of this dyad were from
   its measured ones); or a flow C_y reported in y while T's total is
   known only for an earlier year y* (at most NOWCAST_YEARS before): share =
   C_y / total(T, y*), the total assumed unchanged, err = sqrt(err_C^2 +
   sd_total^2 * (y - y*));
2. turnover reported by the same reporter in y and in y0, the year of the last
   share: share = share_y0 * turnover_y / turnover_y0, err = sqrt(err_y0^2 +
   sd_total^2 * (y - y0)) (China's customs turnover for 2024, for example; then
   cited facts; then turnover figures extracted from ingested articles,
   ``_extracted_turnover``, with EXTRACTED_ERR);
3. persistence for at most NOWCAST_YEARS years (``base.persist``), err growing
   as the series' own sd of annual log changes times sqrt(h).

``sd_total`` is the standard deviation of the annual log change of T's own
world total for the flow (its last ten changes). Beyond these: missing. 
"""
from __future__ import annotations

import json
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ...kb.store import KnowledgeBase
from .base import (
    IMF_CODE,
    NOWCAST_YEARS,
    Panel,
    dyad_order,
    empty,
    frame,
    indicator,
    log_change_sd,
    persist,
    rows_source,
    sd_by_dyad,
)

IMF = "imf-dots-c5"
NATIONAL = ("kaz-bns-trade", "kgz-natstat-trade", "uzb-statuz-trade", "tjk-tkm-trade-transcribed")
FLOWS = ("exports", "imports")
OPPOSITE = {"exports": "imports", "imports": "exports"}
WORLD = "WLD"
FLOOR = 0.05              # smallest relative error of a customs figure (rounding, valuation, timing)
QUALIFIER_ERR = 0.10      # extra relative error of a transcribed figure that is not exact ('about', 'more than')
EXTRACTED_ERR = 0.30     # relative error of a turnover figure extracted from an article: rounded, its reporter
                          # (the power's customs or the target's) not known, the extraction itself may err
FACTBOOK_ERR = 0.20       # smallest relative error of a published partner share (rounded, partner data that miss
                          # non-reporting partners such as Russia since 2022, vintage)
DEFAULT_SD = 0.15         # sd of annual log changes where a series is too short to estimate it
ADJUST_YEARS = 10         # years with both reports used to put a one-sided flow on the reconciled scale

__all__ = ["export_share", "import_share", "reconciled_flows", "trade_share"]


@dataclass(slots=True)
class Value:
    value: float
    err: float
    sources: list[dict[str, Any]]


def _rank(dataset: str, own: bool) -> int:
    """Which file wins where several give the same figure: own reports national first, mirrors IMF first."""
    if own:
        return 0 if dataset in NATIONAL else (1 if dataset == IMF else 2)
    return 0 if dataset == IMF else 1


@dataclass(slots=True)
class Rec:
    """One figure of the ``trade`` table (or one derived from two of them)."""
    dataset: str
    reporter: str
    partner: str
    flow: str
    year: int
    value: float
    estimated: bool
    qualifier: str
    src_rows: list[Any]


def _read(kb: KnowledgeBase, panel: Panel) -> dict[tuple[str, str, str, int], dict[str, Rec]]:
    """The trade figures between the targets, the powers and the world: (dataset, reporter, partner, year) ->
    {flow: figure}. Where a file holds two figures for a cell: the exact one, else the first; where a file
    gives turnover and one flow, the other flow is the difference (qualifier 'derived')."""
    codes = [IMF_CODE.get(p, p) for p in panel.powers]
    cols = ["dataset", "source_row", "reporter", "partner", "flow", "year", "value_usd_mn", "estimated", "qualifier"]
    df = kb.read_table("trade", cols, where={"reporter": sorted(set(panel.targets) | set(codes)),
                                             "partner": sorted(set(panel.targets) | set(codes) | {WORLD})},
                       checked=False)
    if df.empty:
        return {}
    df = df[(df.value_usd_mn > 0) & df.year.notna()]
    qualifier = df.qualifier.fillna("exact")
    df = df.assign(qualifier=qualifier, inexact=qualifier != "exact").sort_values(["inexact", "source_row"])
    groups: dict[tuple[str, str, str, int], dict[str, Rec]] = defaultdict(dict)
    for ds, row, rep, par, flow, y, v, est, q in zip(*(df[c].tolist() for c in (
            "dataset", "source_row", "reporter", "partner", "flow", "year", "value_usd_mn", "estimated", "qualifier"))):
        y = int(y)
        g = groups[(ds, rep, par, y)]
        if flow not in g:                   # the first of the file's figures for the cell, in that order
            if type(est) is not bool:
                est = bool(est) if est is not None and not pd.isna(est) else False
            g[flow] = Rec(ds, rep, par, flow, y, float(v), est, q, [row])
    for (ds, rep, par, y), g in groups.items():
        if "total" in g and (("exports" in g) != ("imports" in g)):
            known = g["exports"] if "exports" in g else g["imports"]
            f = OPPOSITE[known.flow]
            if g["total"].value > known.value:
                g[f] = Rec(ds, rep, par, f, y, g["total"].value - known.value, False, "derived",
                           g["total"].src_rows + known.src_rows)
    return groups


def _value(r: Rec, own: bool) -> Value:
    err = QUALIFIER_ERR if r.qualifier != "exact" else 0.0
    note = ("T's own report" if own else "partner's mirror report") + (
        f" ({r.qualifier})" if r.qualifier != "exact" else "") + (" (IMF estimate)" if r.estimated else "")
    return Value(r.value, err, [rows_source(r.dataset, r.src_rows, note)])


_CACHE: dict[tuple[Any, ...], dict[str, pd.DataFrame]] = {}


def reconciled_flows(kb: KnowledgeBase, panel: Panel) -> dict[str, pd.DataFrame]:
    """``{"exports": frame, "imports": frame}``: P's share of T's exports / imports per year (indicator
    frames; ``sources`` list every file row used), and ``"total"``: the share of T's total trade where both
    flows have data (basis observed, reconciled or mirrored only). Cached per knowledge base, its datasets'
    checksums and the panel."""
    sig = tuple(sorted((str(d.get("id")), str(d.get("sha256")), str(d.get("imported_at"))) for d in kb.datasets()))
    key = (id(kb), str(getattr(kb, "path", "")), sig, panel)
    if key not in _CACHE:
        if len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _reconcile(kb, panel)
    return _CACHE[key]


def _reconcile(kb: KnowledgeBase, panel: Panel) -> dict[str, pd.DataFrame]:
    groups = _read(kb, panel)
    out = {"exports": empty(), "imports": empty(), "total": empty()}
    if not groups:
        return out
    code_of = {IMF_CODE.get(p, p): p for p in panel.powers}
    targets = set(panel.targets)
    totals: dict[tuple[str, int, str], dict[str, tuple[int, Value]]] = defaultdict(dict)
    cands: dict[tuple[str, str, int, str], list[tuple[int, str, Value]]] = defaultdict(list)
    est: dict[tuple[str, str, int, str], Value] = {}
    mirror_c: dict[tuple[str, str, int, str], list[tuple[int, Value]]] = defaultdict(list)
    # turnover: a Value, or what makes one when a nowcast needs it ((total, own side) or (exports, imports))
    turnover_c: dict[tuple[str, str, int, str], list[tuple[int, Any]]] = defaultdict(list)
    for (ds, rep, par, y), g in groups.items():
        if rep in targets and par == WORLD:
            # T's world totals per file: the file T's own flows come from must give the total
            for f in FLOWS:
                if f in g:
                    totals[(rep, y, f)][ds] = (_rank(ds, True), _value(g[f], True))
            continue
        if rep in targets and par in code_of:
            t, p, side, rank = rep, code_of[par], "own", _rank(ds, True)
            for f in FLOWS:
                if f not in g:
                    continue
                if g[f].estimated:
                    est.setdefault((t, p, y, f), _value(g[f], False))
                else:
                    cands[(t, p, y, f)].append((rank, ds, _value(g[f], True)))
        elif rep in code_of and par in targets:
            t, p, side, rank = par, code_of[rep], "partner", _rank(ds, False)
            for f in FLOWS:
                if f in g:
                    mirror_c[(t, p, y, OPPOSITE[f])].append((rank, _value(g[f], False)))
        else:
            continue
        # turnover as the reporter gives it (its 'total', else exports + imports both reported)
        if "total" in g:
            turnover_c[(t, p, y, side)].append((rank, (g["total"], side == "own")))
        elif all(f in g and g[f].qualifier != "derived" for f in FLOWS):
            turnover_c[(t, p, y, side)].append((rank, (g["exports"], g["imports"])))
    # T's own report of each flow: the best-ranked file that also gives T's world total, else the best one
    own: dict[tuple[str, str, int, str], tuple[Value, Value | None]] = {}
    for key, lst in cands.items():
        lst.sort(key=lambda c: c[0])
        tots = totals.get((key[0], key[2], key[3]), {})
        with_total = [(v, tots[ds][1]) for _, ds, v in lst if ds in tots]
        own[key] = with_total[0] if with_total else (lst[0][2], None)
    mirror = {k: min(v, key=lambda c: c[0])[1] for k, v in mirror_c.items()}
    for key, v in est.items():        # IMF estimates of T's flows count as mirror values
        mirror.setdefault(key, v)
    for k, v in _cited_turnover(kb, panel).items():     # cited facts: after every data file
        turnover_c[k].append((9, v))
    for k, v in _extracted_turnover(kb, panel).items():  # figures extracted from articles: last
        turnover_c[k].append((10, v))
    turnover = {k: min(v, key=lambda c: c[0])[1] for k, v in turnover_c.items()}

    def turnover_of(key: tuple[str, str, int, str]) -> Value | None:
        v = turnover.get(key)
        if v is None or isinstance(v, Value):
            return v
        a, b = v
        turnover[key] = v = _value(a, b) if isinstance(b, bool) else Value(
            a.value + b.value, 0.0, [rows_source(a.dataset, a.src_rows + b.src_rows, "turnover (exports + imports)")])
        return v
    # the median measurement gap of each target, from its flows with both reports
    gaps: dict[str, list[float]] = defaultdict(list)
    ratios: dict[tuple[str, str, str], dict[int, float]] = defaultdict(dict)     # (T, P, f) -> {y: ln(M / O)}
    for key, (o, _) in own.items():
        m = mirror.get(key)
        if m is not None:
            gaps[key[0]].append(abs(np.log(o.value / m.value)) / 2)
            ratios[(key[0], key[1], key[3])][key[2]] = float(np.log(m.value / o.value))
    # statistics.median: np.median's value (the middle one, or the mean of the two), without an array per call
    med_gap = {t: max(float(statistics.median(g)), FLOOR) if g else 0.25 for t, g in gaps.items()}

    def one_sided(t: str, p: str, f: str, y: int, v: Value, own_side: bool, gap: float) -> Value:
        """A flow only one side reports, put on the reconciled scale: times exp(+-d / 2), d the median of
        ln(M / O) over the (at most ADJUST_YEARS) nearest years with both reports, earlier years first; err
        the spread of those d / 2. Unadjusted (err: the target's median gap) with fewer than 3 such years."""
        by_year = ratios.get((t, p, f), {})
        near = sorted(by_year, key=lambda yy: (yy > y, abs(yy - y)))[:ADJUST_YEARS]
        if len(near) < 3:
            return Value(v.value, float(np.hypot(gap, v.err)), v.sources)
        d = [by_year[yy] for yy in near]
        med = float(statistics.median(d))
        note = (f"one report only: adjusted by the median ratio of the two reports (x{np.exp(med / 2):.3g}) "
                f"in {min(near)}-{max(near)}")
        return Value(v.value * float(np.exp((med if own_side else -med) / 2)),
                     float(np.hypot(max(float(np.std(d, ddof=1)) / 2, FLOOR), v.err)), v.sources + [{"note": note}])
    # each target's best total per year and flow, and the spread of its annual log changes
    best_tot: dict[tuple[str, int, str], Value] = {}
    for key, by_ds in totals.items():
        best_tot[key] = min(by_ds.values(), key=lambda rv: rv[0])[1]
    sd_tot = {}
    for t in panel.targets:
        for f in FLOWS:
            s = pd.Series({y: v.value for (tt, y, ff), v in best_tot.items() if tt == t and ff == f}, dtype=float)
            sd_tot[(t, f)] = log_change_sd(s, DEFAULT_SD)
    shares = _factbook(kb, panel)
    years = sorted(panel.years)
    for f in FLOWS:
        rows: list[tuple[Any, ...]] = []
        for t in panel.targets:
            tot_years = sorted(y for (tt, y, ff) in best_tot if tt == t and ff == f)
            gap = med_gap.get(t, 0.25)
            sdt = sd_tot[(t, f)]
            for p in panel.powers:
                last: tuple[int, float, float, int, list[dict[str, Any]]] | None = None   # year, share, err, ...
                fb_gaps: list[float] = []       # ln(share / published share) in the dyad's years with both
                for y in years:
                    key = (t, p, y, f)
                    o_t, m = own.get(key), mirror.get(key)
                    o, tot = (o_t if o_t else (None, None))
                    if tot is None:
                        tot = best_tot.get((t, y, f))
                    if o is not None and m is not None:
                        c = Value(math.sqrt(o.value * m.value),
                                  max(abs(np.log(o.value / m.value)) / 2, FLOOR,
                                      float(np.hypot(o.err, m.err))), o.sources + m.sources)
                        basis = "reconciled"
                    elif o is not None:
                        c, basis = one_sided(t, p, f, y, o, True, gap), "observed"
                    elif m is not None:
                        c, basis = one_sided(t, p, f, y, m, False, gap), "mirrored"
                    else:
                        c, basis = None, None
                    row = None
                    if c is not None and tot is not None:
                        err = float(np.hypot(c.err, tot.err))
                        row = (t, p, y, c.value / tot.value, basis, y, err,
                               c.sources + [dict(tot.sources[0], note="T's world total")])
                        if (t, p, y, f) in shares and shares[(t, p, y, f)].value > 0 and row[3] > 0:
                            fb_gaps.append(math.log(row[3] / shares[(t, p, y, f)].value))
                    else:
                        # nowcasts from the year's own data: a published share, or the year's flow over T's
                        # last world total; where both exist, the one with the smaller error
                        options = []
                        if (t, p, y, f) in shares:
                            v = shares[(t, p, y, f)]
                            # at least the published shares' own disagreement with the dyad's measured shares
                            rms = math.sqrt(sum(g * g for g in fb_gaps) / len(fb_gaps)) if fb_gaps else 0.0
                            note = "nowcast: the published share (no world total of T's own)" + (
                                f"; error at least its rms log gap to the measured shares of {len(fb_gaps)} "
                                f"earlier year(s), {rms:.2f}" if rms > max(gap, FACTBOOK_ERR) else "")
                            options.append((t, p, y, v.value, "nowcast", y, max(gap, FACTBOOK_ERR, rms),
                                            [{"note": note}] + v.sources))
                        earlier = [yy for yy in tot_years if y - NOWCAST_YEARS <= yy < y]
                        if c is not None and earlier:
                            ys = earlier[-1]
                            tv = best_tot[(t, ys, f)]
                            err = math.sqrt(c.err ** 2 + tv.err ** 2 + sdt ** 2 * (y - ys))
                            note = f"nowcast: {y} flow over T's {ys} world total (assumed unchanged)"
                            options.append((t, p, y, c.value / tv.value, "nowcast", ys, err,
                                            [{"note": note}] + c.sources + [dict(tv.sources[0], note="T's world total")]))
                        row = min(options, key=lambda o: o[6]) if options else None
                    if row is None and last is not None and y - last[0] <= NOWCAST_YEARS:
                        for side in ("partner", "own"):
                            now, then = turnover_of((t, p, y, side)), turnover_of((t, p, last[0], side))
                            if now is not None and then is not None:
                                h = y - last[0]
                                err = math.sqrt(last[2] ** 2 + sdt ** 2 * h + now.err ** 2 + then.err ** 2)
                                note = (f"nowcast: the {last[0]} share times the change of "
                                        f"{'P' if side == 'partner' else 'T'}'s reported turnover with the other "
                                        f"since then ({then.value:,.0f} to {now.value:,.0f} million US$)")
                                row = (t, p, y, last[1] * now.value / then.value, "nowcast", last[3], err,
                                       [{"note": note}] + last[4] + now.sources + then.sources)
                                break
                    if row is not None:
                        rows.append(row)
                        last = (y, row[3], row[6], row[5], [s for s in row[7] if "dataset" in s])
        res = frame(rows)
        core = res[res.basis != "nowcast"]
        sd = sd_by_dyad(core, lambda t, f=f: sd_tot[(t, f)])
        sd.update({(t, p): sd_tot[(t, f)] for t in panel.targets for p in panel.powers if (t, p) not in sd})
        res = persist(res, panel, sd)
        out[f] = res.iloc[dyad_order(res)].reset_index(drop=True)
    out["total"] = _total_share(out["exports"], out["imports"], best_tot)
    return out


def _total_share(ex: pd.DataFrame, im: pd.DataFrame, best_tot: dict[tuple[str, int, str], Value]) -> pd.DataFrame:
    """P's share of T's total trade (exports + imports) where both flows have data (not nowcast)."""
    core = ["observed", "reconciled", "mirrored"]
    both = ex[ex.basis.isin(core)].merge(im[im.basis.isin(core)], on=["target", "power", "year"],
                                          suffixes=("_x", "_m"))
    if both.empty:
        return empty()
    rows = []
    for target, power, year, raw_x, raw_m, err_x, err_m, basis_x, basis_m, sources_x, sources_m in zip(*(
            both[c].tolist() for c in ("target", "power", "year", "raw_x", "raw_m", "err_x", "err_m", "basis_x",
                                       "basis_m", "sources_x", "sources_m"))):
        tx, tm = best_tot.get((target, year, "exports")), best_tot.get((target, year, "imports"))
        if tx is None or tm is None:
            continue
        total = tx.value + tm.value
        raw = (raw_x * tx.value + raw_m * tm.value) / total
        err = float(np.hypot(err_x * raw_x * tx.value, err_m * raw_m * tm.value) / (raw * total)) \
            if raw > 0 else max(err_x, err_m)
        basis = basis_x if basis_x == basis_m else "reconciled"
        rows.append((target, power, year, raw, basis, year, err, sources_x + sources_m))
    return frame(rows)


def _cited_turnover(kb: KnowledgeBase, panel: Panel) -> dict[tuple[str, str, int, str], Value]:
    """Trade turnover of a power with a target in a calendar year from the cited facts (``claims``, measure
    'trade_total', subject the power): the power's side. Used only for the turnover nowcast (rule 2), after the
    data files; a fact marked low-confidence gets QUALIFIER_ERR."""
    df = kb.read_table("claims", ["dataset", "source_row", "subject", "partner", "measure", "period", "value_usd",
                                  "source", "low_confidence"],
                       where={"measure": "trade_total", "subject": list(panel.powers), "partner": list(panel.targets)},
                       checked=False)
    out = {}
    for r in df.itertuples(index=False):
        period = str(r.period or "")
        if not (len(period) == 4 and period.isdigit()) or not r.value_usd or r.value_usd != r.value_usd:
            continue
        err = QUALIFIER_ERR if bool(r.low_confidence) else 0.0
        out[(r.partner, r.subject, int(period), "partner")] = Value(
            float(r.value_usd) / 1e6, err, [rows_source(r.dataset, [r.source_row], f"cited fact: {r.source}")])
    return out


TURNOVER_WORDS = ("trade", "turnover")       # the measure of an extracted figure must name one of these ...
NOT_TURNOVER = ("export", "import", "share", "growth", "increase", "decline", "target", "goal", "plan",
                "invest", "loan", "credit", "aid", "grant", "transit", "remittance")   # ... and none of these


def _extracted_turnover(kb: KnowledgeBase, panel: Panel) -> dict[tuple[str, str, int, str], Value]:
    """Trade turnover of a power with a target in a calendar year from the figures extracted from ingested
    articles: a US-dollar figure whose measure names trade or turnover (and not exports, imports, a share,
    a change, a plan or finance), whose subjects are exactly one power and one target, dated to a year (a
    month or a day is a part-year figure) and not a range. It counts as the power's report (news of trade with
    a power mostly quotes the power's customs), with ``EXTRACTED_ERR`` for not knowing that, and only for
    the turnover nowcast (rule 2), after every data file and cited fact. Where several articles give the
    same pair and year, the median. Each use names the document and the sentence's span."""
    df = kb.read_table("figures", ["doc_id", "seq", "value", "value_max", "unit", "measure", "subjects", "date",
                                   "qualifier", "start", "end", "text"], where={"unit": "USD"},
                       order_by=("doc_id", "seq"), checked=False)
    found: dict[tuple[str, str, int], list[tuple[float, dict[str, Any]]]] = defaultdict(list)
    for r in df.itertuples(index=False):
        measure = str(r.measure or "").lower()
        if not any(w in measure for w in TURNOVER_WORDS) or any(w in measure for w in NOT_TURNOVER):
            continue
        date = str(r.date or "")
        if not (len(date) == 4 and date.isdigit()) or not r.value or r.value != r.value or r.value <= 0:
            continue
        if r.value_max is not None and r.value_max == r.value_max:
            continue
        try:
            subjects = set(json.loads(r.subjects or "[]"))
        except ValueError:
            continue
        subjects = {"EU" if s == "org:EU" else s for s in subjects}
        powers, targets = subjects & set(panel.powers), subjects & set(panel.targets)
        if len(powers) != 1 or len(targets) != 1 or len(subjects) != 2 or int(date) not in panel.years:
            continue
        source = {"doc": r.doc_id, "start": None if pd.isna(r.start) else int(r.start),
                  "end": None if pd.isna(r.end) else int(r.end), "evidence": r.text,
                  "note": "figure extracted from an article: trade turnover"}
        inexact = bool(r.qualifier) and r.qualifier == r.qualifier
        found[(next(iter(targets)), next(iter(powers)), int(date))].append((float(r.value) / 1e6, inexact, source))
    out = {}
    for (t, p, y), vals in found.items():
        err = EXTRACTED_ERR + (QUALIFIER_ERR if any(q for _, q, _ in vals) else 0.0)   # 'about', 'more than'
        out[(t, p, y, "partner")] = Value(float(np.median([v for v, _, _ in vals])), err, [s for _, _, s in vals])
    return out


def _factbook(kb: KnowledgeBase, panel: Panel) -> dict[tuple[str, str, int, str], Value]:
    """Published shares of T's exports / imports by partner (the Factbook's top partners, computed from
    partner data), for nowcasts. Partner data leave out partners that publish no trade by country (Russia
    since 2022), which overstates the others' shares: hence FACTBOOK_ERR, and only the powers listed."""
    df = kb.read_table("partner_shares", ["dataset", "source_row", "target", "flow", "year", "partner", "share_pct",
                                          "basis"], where={"target": list(panel.targets), "partner": list(panel.powers)},
                       checked=False)
    out = {}
    for r in df[df.flow.isin(FLOWS) & df.share_pct.notna()].itertuples(index=False):
        note = f"published share of T's {r.flow} ({r.basis or 'basis unknown'})"
        out[(r.target, r.partner, int(r.year), r.flow)] = Value(
            float(r.share_pct) / 100.0, 0.0, [rows_source(r.dataset, [r.source_row], note)])
    return out


@indicator("export_share", dimension="trade", weight=0.5, kind="share", scale=1.0,
           description="P's share of T's goods exports: reconciled own and mirror reports over T's world total")
def export_share(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    return reconciled_flows(kb, panel)["exports"]


@indicator("import_share", dimension="trade", weight=0.5, kind="share", scale=1.0,
           description="P's share of T's goods imports: reconciled own and mirror reports over T's world total")
def import_share(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    return reconciled_flows(kb, panel)["imports"]


def trade_share(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """P's share of T's total goods trade, (C_exports + C_imports) / (total exports + total imports), in the
    years both flows are observed, reconciled or mirrored (no nowcasts): what the simulation estimates from
    and what ``--explain`` shows beside the two indicators. Not an indicator of the composite. Every year with
    data from the panel's first year on, also after its last (the simulation's backtest compares with them)."""
    import datetime as dt

    wide = Panel(panel.powers, panel.targets, tuple(range(min(panel.years), max(max(panel.years),
                                                                              dt.date.today().year) + 1)))
    return reconciled_flows(kb, wide)["total"]
