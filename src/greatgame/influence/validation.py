"""Validation of the influence index against an external measure.

    greatgame validate --against FILE.csv [--power CHN] [--years 2021-2023] [--format json]

The external measure is a CSV file (UTF-8, comma-separated, one header row):

    column          required  meaning
    power           yes       the power's code as the index writes it: CHN, RUS, USA, EU, TUR, IRN, IND, JPN, KOR
    target          yes       the Central Asian state: KAZ, KGZ, TJK, TKM, UZB
    year            yes       the year the value describes (an integer)
    value           yes       the external measure (a number)
    higher_is_more  no        true (the default) when a higher value means more influence; false for a rank
                              (1 = most influence). true/false, yes/no or 1/0; empty = true
    source          no        where the value comes from (shown in the report)

Other columns are ignored; a (power, target, year) may appear only once. A file
that breaks these rules gives one error naming the file, the row (its line
number, the header being row 1) and the column.

What is compared. Rows of the file are matched with the index's composite of
the same power, target and year (rows without a composite are listed as
unmatched). The external value is oriented so that higher means more influence
(value, or -value when higher_is_more is false). Over the matched rows:
Pearson's r of composite and oriented value, and Spearman's rho (Pearson's r of
their ranks, ties given their average rank), each with a 95% bootstrap interval
(percentiles of the statistic over RESAMPLES resamples of the rows with
replacement, seeded; resamples where either side is constant are left out and
counted). Per power and year, the rank tables side by side: rank 1 = most
influence on both sides.

How a disagreement is explained (the rule). For a row whose index rank differs
from its external rank among the same power and year's targets, the external
rank r implies a score: the r-th highest composite of that group ("implied
composite"), and for each indicator k, the r-th highest score of k among the
group's targets that have k ("implied score"). An indicator's departure is
its actual score minus its implied score, times the weight its score carries in
this composite (so in composite points). The disagreement is explained by the
indicators departing most in the direction of the gap (composite minus implied
composite: positive when the index ranks the state above the external
measure); the two largest are shown. The biggest disagreements are the rows
with the largest |index rank - external rank|, then the largest |gap|.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError, GreatgameError
from .sensitivity import _clean, _records, effective_weights, point_composite

__all__ = ["COLUMNS", "RESAMPLES", "ValidationReport", "correlations", "explanation_text", "markdown", "read_external",
           "render_validation", "shipped", "validate"]

REQUIRED = ("power", "target", "year", "value")
COLUMNS = (*REQUIRED, "higher_is_more", "source")
RESAMPLES = 2000
LEVEL = 0.95
TOP = 5
_TRUE = {"true", "yes", "1", "t", "y"}
_FALSE = {"false", "no", "0", "f", "n"}


# ---------------------------------------------------------------- the external file
def shipped(name: str | None = None) -> Path | list[Path]:
    """The external measures shipped with greatgame: their paths, or the one called ``name`` (with or without .csv)."""
    folder = Path(str(resources.files(__package__).joinpath("data", "validation")))
    if name is None:
        return sorted(folder.glob("*.csv"))
    return folder / (name if name.endswith(".csv") else f"{name}.csv")


def read_external(path: str | Path) -> pd.DataFrame:
    """The rows of an external-measure CSV: power, target, year, value, higher_is_more, source, row.

    Raises DataError (one line: file, row, column, reason) on any bad input.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(path, "no such file") from None
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise DataError(path, exc.strerror or str(exc)) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(path, f"empty file: expected the header {','.join(REQUIRED)}") from None
    except csv.Error as exc:
        raise DataError(path, f"row 1: {exc}") from None
    names = [h.strip().lower() for h in header]
    for i, name in enumerate(names):
        if name and name in names[:i]:
            raise DataError(path, f"row 1, column {name!r}: appears twice in the header")
    for name in REQUIRED:
        if name not in names:
            raise DataError(path, f"row 1, column {name!r}: missing from the header (required: {','.join(REQUIRED)})")
    rows, seen = [], {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(names):
                raise DataError(path, f"row {line}: {len(cells)} fields where the header has {len(names)}")
            rec = dict(zip(names, (c.strip() for c in cells)))
            rows.append(_parse_row(path, line, rec, seen))
    except csv.Error as exc:
        raise DataError(path, f"row {reader.line_num}: {exc}") from None
    if not rows:
        raise DataError(path, "no data rows after the header")
    df = pd.DataFrame(rows, columns=[*COLUMNS, "row"])
    df.attrs["path"] = str(path)
    return df


def _parse_row(path: Path, line: int, rec: dict[str, str], seen: dict) -> dict[str, Any]:
    def bad(column: str, reason: str) -> DataError:
        return DataError(path, f"row {line}, column {column!r}: {reason}")

    out: dict[str, Any] = {"row": line}
    for col in ("power", "target"):
        if not rec[col]:
            raise bad(col, "empty")
        out[col] = rec[col].upper()
    try:
        out["year"] = int(rec["year"])
    except ValueError:
        raise bad("year", f"not a year: {rec['year']!r}") from None
    if not 1800 <= out["year"] <= 2200:
        raise bad("year", f"not a plausible year: {out['year']}")
    try:
        out["value"] = float(rec["value"])
    except ValueError:
        raise bad("value", f"not a number: {rec['value']!r}") from None
    if not np.isfinite(out["value"]):
        raise bad("value", f"not a finite number: {rec['value']!r}")
    flag = rec.get("higher_is_more", "").lower()
    if flag in _TRUE or flag == "":
        out["higher_is_more"] = True
    elif flag in _FALSE:
        out["higher_is_more"] = False
    else:
        raise bad("higher_is_more", f"not true or false: {rec['higher_is_more']!r}")
    out["source"] = rec.get("source") or None
    key = (out["power"], out["target"], out["year"])
    if key in seen:
        raise bad("power", f"{'/'.join(map(str, key))} already given in row {seen[key]}")
    seen[key] = line
    return out


# ---------------------------------------------------------------- correlations
def _ranks(a: np.ndarray) -> np.ndarray:
    """Average ranks (1..n) along the last axis, ties sharing their mean rank."""
    a = np.asarray(a, float)
    flat = a.reshape(-1, a.shape[-1])
    _, dense = np.unique(flat, return_inverse=True)
    dense = dense.reshape(flat.shape)
    m = int(dense.max()) + 1
    b = np.arange(flat.shape[0])[:, None]
    counts = np.bincount((dense + b * m).ravel(), minlength=flat.shape[0] * m).reshape(-1, m)
    below = np.cumsum(counts, axis=1) - counts
    ranks = below[b, dense] + (counts[b, dense] + 1) / 2.0
    return ranks.reshape(a.shape)


def _pearson(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson's r along the last axis; NaN where either side is constant."""
    xc = x - x.mean(-1, keepdims=True)
    yc = y - y.mean(-1, keepdims=True)
    den = np.sqrt((xc * xc).sum(-1) * (yc * yc).sum(-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (xc * yc).sum(-1) / den
    scale = np.maximum(np.abs(x).max(-1), 1.0) * np.maximum(np.abs(y).max(-1), 1.0)
    return np.where(den > 1e-12 * scale * x.shape[-1], np.clip(r, -1.0, 1.0), np.nan)


def correlations(x: Iterable[float], y: Iterable[float], resamples: int = RESAMPLES,
                 seed: int = 0) -> dict[str, Any]:
    """Spearman's rho and Pearson's r of x and y with percentile bootstrap intervals (resampling the pairs).

    Returns {"n", "spearman": {"estimate", "lo", "hi"}, "pearson": {...}, "resamples", "valid", "seed", "level"}.
    """
    x, y = np.asarray(list(x), float), np.asarray(list(y), float)
    n = len(x)
    empty = {"estimate": None, "lo": None, "hi": None}
    out: dict[str, Any] = {"n": n, "spearman": dict(empty), "pearson": dict(empty), "resamples": resamples,
                           "valid": {"spearman": 0, "pearson": 0}, "seed": seed, "level": LEVEL}
    if n < 3:
        return out
    est = {"spearman": float(_pearson(_ranks(x), _ranks(y))), "pearson": float(_pearson(x, y))}
    idx = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    xs, ys = x[idx], y[idx]
    boot = {"spearman": _pearson(_ranks(xs), _ranks(ys)), "pearson": _pearson(xs, ys)}
    tail = 100 * (1 - LEVEL) / 2
    for name in ("spearman", "pearson"):
        b = boot[name][np.isfinite(boot[name])]
        out["valid"][name] = int(len(b))
        e = est[name]
        out[name] = {"estimate": None if not np.isfinite(e) else e,
                     "lo": float(np.percentile(b, tail)) if len(b) else None,
                     "hi": float(np.percentile(b, 100 - tail)) if len(b) else None}
    return out


# ---------------------------------------------------------------- the report
RULE = ("the external rank r of a state among the power's targets in a year implies, for each indicator, the r-th "
        "highest score of that indicator in the group; an indicator's departure is (score - implied score) x its "
        "weight in the composite, in points; the indicators departing most in the direction of the gap "
        "(composite - implied composite) explain it")


@dataclass
class ValidationReport:
    """How the index's composite compares with an external measure (``as_dict()`` for JSON)."""

    file: str
    sources: list[str]
    stats: dict[str, Any]             # correlations(): n, spearman, pearson (estimate, lo, hi), resamples, valid
    rows: pd.DataFrame                # power, target, year, score, lo, hi, value, higher_is_more, index_rank,
                                      # external_rank, rank_diff
    groups: pd.DataFrame              # power, year, n, spearman
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    unmatched: pd.DataFrame = field(default_factory=pd.DataFrame)   # power, target, year, value, row
    rule: str = RULE

    @property
    def n(self) -> int:
        return int(self.stats["n"])

    @property
    def spearman(self) -> float | None:
        return self.stats["spearman"]["estimate"]

    @property
    def pearson(self) -> float | None:
        return self.stats["pearson"]["estimate"]

    def as_dict(self) -> dict[str, Any]:
        tables = []
        for g in self.groups.to_dict("records"):
            sub = self.rows[(self.rows.power == g["power"]) & (self.rows.year == g["year"])]
            tables.append({**_clean(g), "rows": _records(sub.sort_values("external_rank"))})
        return _clean({
            "file": self.file, "sources": self.sources, "n": self.n,
            "spearman": self.stats["spearman"], "pearson": self.stats["pearson"],
            "bootstrap": {"resamples": self.stats["resamples"], "valid": self.stats["valid"],
                          "seed": self.stats["seed"], "level": self.stats["level"]},
            "tables": tables,
            "disagreements": self.disagreements,
            "disagreement_rule": self.rule,
            "unmatched": _records(self.unmatched),
        })


def _composites(result: pd.DataFrame, weights: Any) -> pd.DataFrame:
    if "dimension" in result and (result["dimension"] == "composite").any():
        comp = result[result["dimension"] == "composite"]
        cols = [c for c in ("target", "power", "year", "score", "lo", "hi") if c in comp]
        comp = comp[cols].copy()
    else:                                      # an indicator frame: the composite with the published weights
        comp = point_composite(result, weights)
    for c in ("lo", "hi"):
        if c not in comp:
            comp[c] = np.nan
    comp["year"] = comp["year"].astype(int)
    return comp[comp["score"].notna()]


def validate(result: pd.DataFrame, external: pd.DataFrame | str | Path, power: str | None = None,
             years: Iterable[int] | None = None, *, weights: Any = None, resamples: int = RESAMPLES,
             seed: int = 0, top: int = TOP) -> ValidationReport:
    """Compare the index (``compute`` result, or an indicator frame) with an external measure.

    external: the rows of ``read_external`` or a path to the CSV; power, years: keep only these;
    weights: for the composite of an indicator frame and the explanations (default ``Weights.default()``).
    """
    if not isinstance(external, pd.DataFrame):
        external = read_external(external)
    file = external.attrs.get("path", "external measure")
    ext = external.copy()
    if power:
        ext = ext[ext.power == power.upper()]
    if years is not None:
        ext = ext[ext.year.isin(list(years))]
    if "higher_is_more" not in ext:
        ext["higher_is_more"] = True
    comp = _composites(result, weights)
    rows = ext.merge(comp, on=["power", "target", "year"], how="left")
    matched = rows[rows["score"].notna()].copy()
    unmatched = rows.loc[rows["score"].isna(), [c for c in ("power", "target", "year", "value", "row") if c in rows]]
    matched["oriented"] = np.where(matched.higher_is_more.astype(bool), matched.value, -matched.value)
    stats = correlations(matched.score, matched.oriented, resamples=resamples, seed=seed)
    grp = matched.groupby(["power", "year"])
    matched["index_rank"] = grp.score.rank(ascending=False, method="min").astype(int)
    matched["external_rank"] = grp.oriented.rank(ascending=False, method="min").astype(int)
    matched["rank_diff"] = matched.index_rank - matched.external_rank
    groups = []
    for (p, y), sub in matched.groupby(["power", "year"]):
        rho = (float(_pearson(_ranks(sub.score.to_numpy()), _ranks(sub.oriented.to_numpy())))
               if len(sub) >= 2 else np.nan)
        groups.append({"power": p, "year": int(y), "n": len(sub), "spearman": rho})
    groups_df = pd.DataFrame(groups, columns=["power", "year", "n", "spearman"])
    disagreements = _disagreements(result, matched, weights, top)
    sources = sorted({s for s in ext.get("source", pd.Series(dtype=object)).dropna()})
    cols = ["power", "target", "year", "score", "lo", "hi", "value", "higher_is_more", "index_rank", "external_rank",
            "rank_diff"]
    matched = matched.sort_values(["power", "year", "external_rank", "target"]).reset_index(drop=True)
    return ValidationReport(str(file), sources, stats, matched[cols], groups_df, disagreements,
                            unmatched.reset_index(drop=True))


def _disagreements(result: pd.DataFrame, matched: pd.DataFrame, weights: Any, top: int) -> list[dict[str, Any]]:
    if matched.empty:
        return []
    implied = {}
    for (p, y), sub in matched.groupby(["power", "year"]):
        ordered = np.sort(sub.score.to_numpy())[::-1]
        for t, r in zip(sub.target, sub.external_rank):
            implied[(p, t, y)] = float(ordered[r - 1])
    cand = matched[matched.rank_diff != 0].copy()
    if cand.empty:
        return []
    cand["implied"] = [implied[(p, t, y)] for p, t, y in zip(cand.power, cand.target, cand.year)]
    cand["gap"] = cand.score - cand.implied
    cand["_a"], cand["_g"] = cand.rank_diff.abs(), cand.gap.abs()
    cand = cand.sort_values(["_a", "_g"], ascending=False).head(top)
    ind, eff, note = _indicator_rows(result, matched, weights)
    out = []
    for r in cand.to_dict("records"):
        rec = {k: r[k] for k in ("power", "target", "year", "index_rank", "external_rank", "score", "implied",
                                 "gap")}
        rec["explained_by"] = _explain(r, matched, ind, eff) if ind is not None else []
        if note:
            rec["note"] = note
        out.append(rec)
    return out


def _indicator_rows(result: pd.DataFrame, matched: pd.DataFrame, weights: Any):
    """The indicator scores of the matched groups and their effective weights, or a note saying why not."""
    need = {"indicator", "dimension", "score", "target", "power", "year"}
    if not need <= set(result.columns) or not result["indicator"].notna().any():
        return None, None, "no indicator rows in the result to explain with"
    ind = result[result["indicator"].notna()]
    ind = ind[ind.power.isin(matched.power.unique()) & ind.year.isin(matched.year.unique())]
    try:
        eff = effective_weights(ind, weights)
    except (GreatgameError, ImportError, AttributeError) as exc:
        return None, None, f"cannot weigh the indicators: {exc}"
    ind = ind[["target", "power", "year", "indicator", "dimension", "score"]].dropna(subset=["score"])
    return ind, eff, None


def _explain(r: dict[str, Any], matched: pd.DataFrame, ind: pd.DataFrame, eff: pd.DataFrame) -> list[dict]:
    p, t, y, gap = r["power"], r["target"], r["year"], r["gap"]
    group = matched[(matched.power == p) & (matched.year == y)]
    oriented = dict(zip(group.target, group.oriented))
    scores = ind[(ind.power == p) & (ind.year == y) & ind.target.isin(list(oriented))]
    w = eff[(eff.power == p) & (eff.year == y) & (eff.target == t)].set_index("indicator").weight
    parts = []
    for name, sub in scores.groupby("indicator"):
        mine = sub[sub.target == t]
        if mine.empty or name not in w.index:
            continue
        ext = np.array([oriented[x] for x in sub.target])
        rank = int((ext > oriented[t]).sum()) + 1          # T's external rank among the targets having this indicator
        ordered = np.sort(sub.score.to_numpy(float))[::-1]
        implied = float(ordered[rank - 1])
        score = float(mine.score.iloc[0])
        contribution = float(w[name]) * (score - implied)
        if contribution * gap > 0:
            parts.append({"indicator": name, "dimension": mine.dimension.iloc[0], "score": score,
                          "implied": implied, "weight": float(w[name]), "contribution": contribution})
    parts.sort(key=lambda d: -abs(d["contribution"]))
    return parts[:2]


# ---------------------------------------------------------------- output
def _num(v: Any, fmt: str = "{:.2f}") -> str:
    return "–" if v is None or (isinstance(v, float) and not np.isfinite(v)) else fmt.format(v)


def _interval(s: dict[str, Any]) -> str:
    return "–" if s["lo"] is None else f"[{s['lo']:.2f}, {s['hi']:.2f}]"


def explanation_text(parts: list[dict[str, Any]]) -> str:
    """'import_share 64 (implied 21): +9.1 pts; ...' for a disagreement's ``explained_by``."""
    return "; ".join(f"{d['indicator']} {d['score']:.0f} (implied {d['implied']:.0f}): {d['contribution']:+.1f} pts"
                     for d in parts) or "–"


def render_validation(report: ValidationReport) -> list:
    """Rich tables: the correlations, one rank table per power and year, the biggest disagreements."""
    from rich.table import Table

    tables = []
    st = report.stats
    note = f"bootstrap: {st['resamples']} resamples of the rows (seed {st['seed']}), percentile interval"
    if report.sources:
        note += "; source: " + "; ".join(report.sources)
    if len(report.unmatched):
        note += f"; {len(report.unmatched)} row(s) of the file without an index composite"
    t = Table(title=f"Index composite vs {Path(report.file).name}: {report.n} matching (power, target, year) rows",
              caption=note)
    for c in ("correlation", "estimate", f"{LEVEL:.0%} interval", "n", "valid resamples"):
        t.add_column(c, no_wrap=True)
    for key, label in (("spearman", "Spearman ρ"), ("pearson", "Pearson r")):
        t.add_row(label, _num(st[key]["estimate"]), _interval(st[key]), str(st["n"]), str(st["valid"][key]))
    tables.append(t)
    for g in report.groups.to_dict("records"):
        sub = report.rows[(report.rows.power == g["power"]) & (report.rows.year == g["year"])]
        t = Table(title=f"{g['power']} {g['year']}: ranks side by side (1 = most influence; Spearman ρ = "
                        f"{_num(g['spearman'])})")
        for c in ("target", "index score [lo–hi]", "index rank", "external value", "external rank", "Δ rank"):
            t.add_column(c, no_wrap=True)
        for r in sub.sort_values("external_rank").to_dict("records"):
            band = "" if not np.isfinite(r["lo"]) else f" [{r['lo']:.1f}–{r['hi']:.1f}]"
            t.add_row(r["target"], f"{r['score']:.1f}{band}", str(r["index_rank"]), f"{r['value']:g}",
                      str(r["external_rank"]), f"{r['rank_diff']:+d}")
        tables.append(t)
    if report.disagreements:
        t = Table(title="Biggest disagreements, explained by indicator (departure from the score the external rank "
                        "implies × weight, composite points)")
        for c in ("power", "target", "year", "index rank", "external rank", "composite", "implied", "explained by"):
            t.add_column(c, no_wrap=c != "explained by")
        for d in report.disagreements:
            t.add_row(d["power"], d["target"], str(d["year"]), str(d["index_rank"]), str(d["external_rank"]),
                      f"{d['score']:.1f}", f"{d['implied']:.1f}",
                      explanation_text(d["explained_by"]) if d["explained_by"] else d.get("note", "–"))
        tables.append(t)
    return tables


def markdown(report: ValidationReport, heading: str = "###") -> str:
    """A section for docs/influence.md: the correlations, the rank tables and the disagreements (generated)."""
    st = report.stats
    name = Path(report.file).name
    lines = [f"{heading} Validation against {name}", ""]
    if report.sources:
        lines += ["Source: " + "; ".join(report.sources) + ".", ""]
    lines += [f"{report.n} matching (power, target, year) rows; bootstrap {LEVEL:.0%} intervals from "
              f"{st['resamples']} resamples of the rows (seed {st['seed']}).", "",
              "| correlation | estimate | interval | n |", "|---|---|---|---|"]
    for key, label in (("spearman", "Spearman ρ"), ("pearson", "Pearson r")):
        lines.append(f"| {label} | {_num(st[key]['estimate'])} | {_interval(st[key])} | {st['n']} |")
    for g in report.groups.to_dict("records"):
        sub = report.rows[(report.rows.power == g["power"]) & (report.rows.year == g["year"])]
        lines += ["", f"**{g['power']} {g['year']}** (Spearman ρ = {_num(g['spearman'])}; rank 1 = most influence)",
                  "", "| target | index score | index rank | external value | external rank |", "|---|---|---|---|---|"]
        for r in sub.sort_values("external_rank").to_dict("records"):
            band = "" if not np.isfinite(r["lo"]) else f" [{r['lo']:.1f}–{r['hi']:.1f}]"
            lines.append(f"| {r['target']} | {r['score']:.1f}{band} | {r['index_rank']} | {r['value']:g} | "
                         f"{r['external_rank']} |")
    if report.disagreements:
        lines += ["", f"Biggest disagreements ({report.rule}):", "",
                  "| power | target | year | index rank | external rank | explained by |", "|---|---|---|---|---|---|"]
        for d in report.disagreements:
            lines.append(f"| {d['power']} | {d['target']} | {d['year']} | {d['index_rank']} | {d['external_rank']} | "
                         f"{explanation_text(d['explained_by']) if d['explained_by'] else d.get('note', '–')} |")
    return "\n".join(lines) + "\n"
