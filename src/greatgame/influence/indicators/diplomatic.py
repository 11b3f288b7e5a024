"""Diplomatic ties: institutional ties weighted by depth, UN voting alignment, cooperative events in documents."""
from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

from ...kb.store import KnowledgeBase
from .base import Panel, empty, eu_members, frame, igo_depth_table, indicator, persist, rows_source, year_of

# agreement = max(0, 1 - |ip_T - ip_P| / IDEAL_POINT_RANGE): states three standard deviations of the Assembly
# apart share nothing (the standard deviation of all members' ideal points was 0.79-1.01 in every session
# 1992-2023: 3 x 0.83 = 2.5). The full range of ideal points (about 4) put every state of the crowded middle at
# 85-100 and could not tell China, Russia and India apart for a Central Asian state; two standard deviations
# (1.75) made this one similarity measure carry 39% of the composite's variance over 2018-2024, more than the
# 35% any indicator may carry (docs/influence.md gives the shares under 1.75, 2.5, 3 and 4).
IDEAL_POINT_RANGE = 2.5
EVENTS_SCALE = 12.0          # net cooperative events a year that count as a full score (one a month)


def _depths() -> tuple[dict[str, float], float]:
    table = igo_depth_table()
    classes = {name: float(c["depth"]) for name, c in table["classes"].items()}
    depth = {io: classes[cls] for io, cls in (table.get("organisations") or {}).items()}
    return depth, classes[table["default"]]


@indicator("igo_depth", dimension="diplomatic", weight=0.3, kind="ordinal", scale=1.0, floor=0.0,
           modulates=("export_share", "import_share"),
           description="depth-weighted share of T's intergovernmental organisations that P belongs to too "
                       "(COW IGO; depth classes in igo_depth.yaml); scores in proportion to T's trade "
                       "dependence on P (bandwidth x dependence)")
def igo_depth(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """igo_depth = sum of depth(o) over T's full memberships o that P shares / sum of depth(o) over T's full
    memberships, in y (COW IGO, full members only). The EU is not a member of these organisations in the
    data (its member states are not in the extract either): missing for the EU."""
    df = kb.read_table("igo_membership", ["dataset", "source_row", "io", "year", "country", "status"],
                       where={"status": 1, "country": list(set(panel.targets) | set(panel.powers))}, checked=False)
    if df.empty:
        return empty()
    depth, default = _depths()
    known = pd.Index(list(depth)).get_indexer(df.io)
    df["depth"] = np.where(known >= 0, np.array(list(depth.values()) + [default])[known], default)
    df["year"] = df.year.astype(int)
    dataset = str(df.dataset.iloc[0])
    mine = df[df.country.isin(panel.targets) & df.year.isin(panel.years)]
    theirs = df[df.country.isin(panel.powers)][["io", "year", "country", "source_row"]].rename(
        columns={"country": "power", "source_row": "p_row"})
    total = mine.groupby(["country", "year"]).depth.sum().rename("total")
    pairs = mine.merge(theirs, on=["io", "year"])
    shared = pairs.groupby(["country", "power", "year"]).depth.sum().rename("shared")
    # a power with memberships that year but none shared with T: a share of 0
    present = theirs[["power", "year"]].drop_duplicates()
    cells = total.reset_index().merge(present, on="year")
    cells = cells.merge(shared.reset_index(), on=["country", "power", "year"], how="left")
    t_rows, p_rows = _row_sets(mine.source_row, mine.groupby(["country", "year"]).indices), \
        _row_sets(pairs.p_row, pairs.groupby(["country", "power", "year"]).indices)
    none: set[int] = set()
    rows = []
    for country, power, year, tot, sh in zip(*(cells[c].tolist() for c in ("country", "power", "year", "total",
                                                                          "shared"))):
        if not tot > 0:
            continue
        value = float(sh) / float(tot) if not math.isnan(sh) else 0.0
        used = sorted(t_rows[(country, year)] | p_rows.get((country, power, year), none))
        rows.append((country, power, int(year), value, "observed", int(year), 0.0,
                     [{"dataset": dataset, "rows": used, "note": "memberships of T and those P shares"}]))
    return persist(frame(rows), panel, 0.05)


def _row_sets(rows: pd.Series, groups: dict[Any, np.ndarray]) -> dict[Any, set[int]]:
    """The source rows (those given) of each group of ``groups`` (key -> positions), as sets of integers."""
    values = rows.to_numpy(dtype=float, na_value=np.nan)
    given = ~np.isnan(values)
    return {k: {int(r) for r in values[at[given[at]]]} for k, at in groups.items()}


@indicator("un_agreement", dimension="diplomatic", weight=0.3, kind="similarity", scale=1.0, floor=0.05,
           modulates=("export_share", "import_share"),
           description="UN General Assembly voting alignment: 1 - |ideal point of T - ideal point of P| / 2.5, "
                       "at least 0 (Bailey, Strezhnev and Voeten); scores in proportion to T's trade "
                       "dependence on P (bandwidth x dependence)")
def un_agreement(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """un_agreement = max(0, 1 - |ip_T - ip_P| / IDEAL_POINT_RANGE) with the session's ideal points; the EU's
    ideal point is the mean of its member states' in the year."""
    members = eu_members()
    codes = set(panel.targets) | set(panel.powers) | (set(members) if "EU" in panel.powers else set())
    df = kb.read_table("unga", ["dataset", "source_row", "country", "year", "ideal_point"],
                       where={"country": sorted(codes)}, checked=False)
    df = df[df.ideal_point.notna()]
    if df.empty:
        return empty()
    df["year"] = df.year.astype(int)
    df = df.drop_duplicates(["country", "year"])
    ip = {(c, y): (float(v), d, r) for c, y, v, d, r in zip(*(df[col].tolist() for col in (
        "country", "year", "ideal_point", "dataset", "source_row")))}
    if "EU" in panel.powers:
        eu = df[df.country.isin(members)]
        year = eu.year.to_numpy()
        inside = (year >= eu.country.map(lambda c: members[c][0]).to_numpy(dtype=int)) & \
            (year <= eu.country.map(lambda c: members[c][1]).to_numpy(dtype=int))
        value, dataset, row = eu.ideal_point.to_numpy(dtype=float), eu.dataset.tolist(), eu.source_row.tolist()
        for y, at in eu.groupby("year").indices.items():
            at = at[inside[at]]
            if len(at):
                ip[("EU", int(y))] = (float(np.mean(value[at])), dataset[at[0]], [row[i] for i in at])
    p_source = {}                 # the source of P's ideal point in y, made once (the EU's lists 27 rows)
    rows = []
    for t in panel.targets:
        for p in panel.powers:
            for y in panel.years:
                a, b = ip.get((t, y)), ip.get((p, y))
                if a is None or b is None:
                    continue
                value = max(0.0, 1.0 - abs(a[0] - b[0]) / IDEAL_POINT_RANGE)
                if (p, y) not in p_source:
                    p_source[(p, y)] = rows_source(b[1], b[2] if isinstance(b[2], list) else [b[2]], "ideal point of P"
                                                   + (" (mean of the EU member states)" if p == "EU" else ""))
                pb = p_source[(p, y)]
                rows.append((t, p, y, value, "observed", y, 0.05,
                             [rows_source(a[1], [a[2]], "ideal point of T"), dict(pb, rows=list(pb["rows"]))]))
    return persist(frame(rows), panel, 0.1)


@indicator("events", dimension="diplomatic", weight=0.4, kind="events", scale=EVENTS_SCALE, floor=0.0,
           description="net cooperative events between P and T in y in the ingested documents (cooperative minus "
                       "conflictual), over a fixed 12 a year")
def events(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """events = (number of cooperative events - number of conflictual events) in which P and T both take part
    (actor or recipient), dated y (the event's date, else the document's), real events only (not negated,
    planned or hypothetical), outside comments; score = 100 * clip(events / 12, 0, 1). Relative error
    1 / sqrt(number of events). No events for a pair and year: missing, not zero."""
    ev = kb.read_table("events", ["doc_id", "seq", "start", "end", "type", "actors", "recipients", "score", "date",
                                  "part"],
                       where={"negated": False, "planned": False, "hypothetical": False}, order_by=("doc_id", "seq"),
                       checked=False)
    ev = ev[ev.part.notna() & (ev.part != "comments") & ev.score.notna()]
    if ev.empty:
        return empty()
    docs: dict[str, tuple[Any, str]] = {}
    ids = sorted(set(ev.doc_id))
    for i in range(0, len(ids), 200):        # document texts a batch at a time
        for d in kb.read_table("documents", ["id", "published", "text"],
                               where={"id": ids[i:i + 200]}, checked=False).itertuples(index=False):
            docs[d.id] = (d.published, d.text)
    cells: dict[tuple[str, str, int], list[Any]] = {}
    targets, powers, years = set(panel.targets), set(panel.powers), set(panel.years)
    for r in ev.itertuples(index=False):
        if r.doc_id not in docs or r.score == 0:
            continue
        published, text = docs[r.doc_id]
        year = year_of(r.date) or year_of(published)
        if year is None or year not in years:
            continue
        parties = set(json.loads(r.actors or "[]")) | set(json.loads(r.recipients or "[]"))
        parties = {"EU" if p == "org:EU" else p for p in parties}
        for t in targets & parties:
            for p in powers & parties:
                cell = cells.setdefault((t, p, year), [0, 0, []])
                cell[0] += 1 if r.score > 0 else -1
                cell[1] += 1
                cell[2].append({"doc": r.doc_id, "start": int(r.start), "end": int(r.end), "type": r.type,
                                "score": float(r.score), "evidence": _span(text, r.start, r.end)})
    return frame([(t, p, y, float(v[0]), "observed", y, 1.0 / np.sqrt(v[1]), v[2])
                  for (t, p, y), v in sorted(cells.items())])


def _span(text: str | None, start: Any, end: Any) -> str | None:
    """``text[start:end]`` (None where a bound is None)."""
    if text is None or start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    start, end = int(start), int(end)
    return text[max(start, 0):end] if end > start else ""


__all__ = ["EVENTS_SCALE", "IDEAL_POINT_RANGE", "events", "igo_depth", "un_agreement"]
