"""The data pack: the reference rows the index and the model read, shipped with greatgame as Parquet.

>>> from greatgame.data.pack import build_pack, import_pack
>>> manifest = build_pack(["../shared/data/reference", "../shared/data/facts"], "out/")   # greatgame data pack
>>> report = import_pack(kb)                                                           # greatgame data import

``build_pack`` imports the original files into a scratch knowledge base with
the importers of ``greatgame.data.importers`` (so every check of ``greatgame data
import`` applies), keeps the rows ``pack.yaml`` names (the five targets and the
powers), and writes one Parquet file per table plus ``manifest.json``: every
source with its publisher, URL, licence, citation, the SHA-256 of the file the
rows come from, its coverage and how its values were obtained. The build is
deterministic: rows sorted on every column, one writer thread, fixed Parquet
settings, no timestamps, so building twice from the same files gives the same
bytes. ``import_pack`` loads the pack into a knowledge base through the same
``replace_dataset`` as an import of the files, one transaction per dataset, so
the index reads the same tables either way.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd
import yaml

from ..errors import DataError, KnowledgeBaseError
from ..regions import POWERS, TARGETS
from . import DatasetResult, ImportReport, import_reference, layout_text
from .registry import registry

if TYPE_CHECKING:
    from ..kb.store import KnowledgeBase

FORMAT = 1                        # the manifest's format; a newer one is refused
MANIFEST = "manifest.json"
BUDGET_BYTES = 5 * 1024 * 1024    # the pack's size limit (tests/test_pack.py)
TABLE_CODES = {"EU": "EUU"}       # how the reference tables name the powers that are not states
PARQUET = "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 19, ROW_GROUP_SIZE 1000000"
CODE_COLUMNS = ("reporter", "partner", "country", "debtor", "creditor", "recipient", "supplier", "target", "a", "b",
                "iso3", "subject")


def pack_dir() -> Path:
    """The pack shipped with the package (``greatgame/data/pack``)."""
    return Path(str(resources.files(__package__).joinpath("pack")))


def shared_dir() -> Path | None:
    """The ``shared/`` data folder: ``$GREATGAME_SHARED``, else the folder ``shared`` beside this checkout
    (``<checkout>/../shared`` when greatgame runs from its source tree); None when there is none."""
    env = os.environ.get("GREATGAME_SHARED")
    if env:
        return Path(env) if Path(env).is_dir() else None
    here = Path(__file__).resolve()           # <checkout>/src/greatgame/data/pack.py
    if len(here.parents) > 4 and here.parents[2].name == "src":
        candidate = here.parents[4] / "shared"
        if candidate.is_dir():
            return candidate
    return None


def default_sources() -> list[Path]:
    """The folders the pack is built from: ``shared/data/reference`` and ``shared/data/facts``."""
    root = shared_dir()
    if root is None:
        raise DataError("shared/", "no shared/ data folder beside this checkout (set GREATGAME_SHARED or name the "
                                   "folders: greatgame data pack DIR/data/reference DIR/data/facts)")
    return [root / "data" / "reference", root / "data" / "facts"]


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    """``pack.yaml``: the groups of codes and the rows kept of each table."""
    return yaml.safe_load(resources.files(__package__).joinpath("pack.yaml").read_text("utf-8"))


def groups() -> dict[str, list[str]]:
    """The groups of codes ``pack.yaml`` names: targets, powers (as the tables name them), EU members, its own."""
    from ..ontology import load as load_ontology

    eu = load_ontology().get("org:EU")
    members = sorted({m["id"] for m in ((eu.attrs.get("members") if eu else None) or []) if m.get("id")})
    out = {"targets": list(TARGETS), "powers": [TABLE_CODES.get(p, p) for p in POWERS], "eu_members": members}
    out.update({k: list(v) for k, v in (spec().get("groups") or {}).items()})
    return out


def _values(raw: list[Any], named: dict[str, list[str]]) -> list[Any]:
    out: list[Any] = []
    for v in raw:
        if isinstance(v, str) and v.startswith("$"):
            if v[1:] not in named:
                raise DataError("pack.yaml", f"unknown group {v}")
            out.extend(named[v[1:]])
        else:
            out.append(v)
    return list(dict.fromkeys(out))


def rules(named: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Each table's kept rows: 'all' or a list of {column: [values]} (groups expanded)."""
    named = named or groups()
    out: dict[str, Any] = {}
    for table, t in spec()["tables"].items():
        rows = t["rows"]
        out[table] = "all" if rows == "all" else [{c: _values(v, named) for c, v in alt.items()} for alt in rows]
    return out


def _keep(df: pd.DataFrame, rule: Any) -> pd.DataFrame:
    if rule == "all" or df.empty:
        return df
    mask = pd.Series(False, index=df.index)
    for alt in rule:
        m = pd.Series(True, index=df.index)
        for col, values in alt.items():
            m &= df[col].isin(values)
        mask |= m
    return df[mask]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Rows sorted on every column, written by one DuckDB thread with fixed settings: same rows, same bytes."""
    db = duckdb.connect()
    try:
        db.execute("SET threads = 1")
        db.execute("SET preserve_insertion_order = true")
        db.register("frame", df)
        target = "'" + str(path).replace("'", "''") + "'"
        db.execute(f"COPY (SELECT * FROM frame ORDER BY ALL) TO {target} ({PARQUET})")
    finally:
        db.close()


def read_parquet(path: Path, dataset: str | None = None) -> pd.DataFrame:
    """The rows of one pack file (of one dataset), in file order."""
    db = duckdb.connect()
    try:
        sql, params = "SELECT * FROM read_parquet(?)", [str(path)]
        if dataset is not None:
            sql += " WHERE dataset = ?"
            params.append(dataset)
        return db.execute(sql, params).df()
    finally:
        db.close()


def _relative(path: str, roots: Sequence[Path]) -> str:
    """A source file's path under the folder it was found in, with that folder's name (reference/x/y.csv)."""
    p = Path(path).resolve()
    for root in roots:
        r = root.resolve()
        base = r if r.is_dir() else r.parent
        try:
            return p.relative_to(base.parent).as_posix()
        except ValueError:
            continue
    return p.name


def _obtained(table: str, df: pd.DataFrame, targets: set[str]) -> dict[str, int]:
    """How each packed value was obtained: observed (published by the state it describes, or a register),
    mirrored (reported by the partner), with the file's own qualifiers (estimate, aggregate, transcription)."""
    if table == "trade":
        labels = []
        for rep, basis, qual, est in zip(df.reporter, df.basis, df.qualifier, df.estimated):
            parts = ["observed (the target's own report)" if rep in targets else "mirrored (the partner's report)"]
            if isinstance(basis, str) and basis not in ("reported",):
                parts.append(basis)
            if isinstance(qual, str) and qual != "exact":
                parts.append(qual)
            if est is not None and not pd.isna(est) and bool(est):
                parts.append("IMF estimate")
            labels.append(", ".join(parts))
        return dict(sorted(Counter(labels).items()))
    if table == "partner_shares":
        return dict(sorted(Counter(f"mirrored (shares computed from partners' data, basis {b})"
                                   for b in df.basis).items()))
    if table == "claims":
        n = int(df.low_confidence.fillna(False).astype(bool).sum())
        out = {"observed (a cited fact; each row names its source)": len(df) - n}
        if n:
            out["observed (a cited fact marked low-confidence)"] = n
        return out
    return {"observed (as the publisher gives it)": len(df)}


def _coverage(frames: dict[str, pd.DataFrame]) -> dict[str, Any]:
    years: list[int] = []
    codes: set[str] = set()
    for df in frames.values():
        if "year" in df.columns:
            years += [int(y) for y in df.year.dropna()]
        for col in ("period_start", "period_end"):
            if col in df.columns:
                years += [int(str(v)[:4]) for v in df[col].dropna()]
        for col in CODE_COLUMNS:
            if col in df.columns:
                codes |= {str(v) for v in df[col].dropna()}
    out: dict[str, Any] = {"years": [min(years), max(years)] if years else None,
                           "targets": [t for t in TARGETS if t in codes]}
    return out


def build_pack(sources: Iterable[str | Path], out: str | Path,
               progress: Callable[[str, str], None] | None = None) -> dict[str, Any]:
    """Build the pack from the original files under ``sources`` into ``out`` (its Parquet files and manifest
    are replaced); returns the manifest. Any file that fails to import stops the build (``DataError``)."""
    from ..kb.store import open as open_kb

    roots = [Path(s) for s in sources]
    out = Path(out)
    named = groups()
    keep = rules(named)
    with tempfile.TemporaryDirectory(prefix="greatgame-pack-") as tmp:
        kb = open_kb(Path(tmp) / "scratch.duckdb")
        try:
            report = import_reference(kb, roots, progress=progress)
            if report.errors:
                raise report.errors[0]
            if not report.results:
                raise DataError(", ".join(map(str, roots)), "no reference dataset files found")
            records = {r["id"]: r for r in kb.datasets()}
            frames = {t: _keep(kb.read_table(t), keep[t]) for t in keep}
        finally:
            kb.close()
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.parquet"):
        stale.unlink()
    files: dict[str, Any] = {}
    for table, df in frames.items():
        if df.empty:
            continue
        name = f"{table}.parquet"
        _write_parquet(df.reset_index(drop=True), out / name)
        files[name] = {"table": table, "rows": len(df), "bytes": (out / name).stat().st_size,
                       "sha256": _sha256(out / name), "columns": [str(c) for c in df.columns]}
        if progress:
            progress(name, f"{len(df)} rows")
    targets = set(TARGETS)
    sources_out = []
    for r in report.results:
        mine = {t: df[df.dataset == r.dataset] for t, df in frames.items() if not df.empty}
        mine = {t: df for t, df in mine.items() if len(df)}
        if not mine:
            continue
        s = registry()[r.dataset]
        rec = records[r.dataset]
        sources_out.append({
            "dataset": r.dataset, "name": s.get("name"), "publisher": s.get("publisher"),
            "url": s.get("url") or None, "home": s.get("home") or None, "download": s.get("download") or None,
            "licence": " ".join(str(s.get("licence") or "").split()),
            "citation": " ".join(str(s.get("citation") or "").split()),
            "collection": s.get("collection"), "layout": layout_text(s), "tables": list(s["tables"]),
            "file": _relative(r.path, roots), "sha256": r.sha256, "bytes": Path(r.path).stat().st_size,
            "encoding": rec.get("encoding"), "records": r.rows,
            "packed": {t: len(df) for t, df in mine.items()},
            "coverage": _coverage(mine),
            "obtained": {t: _obtained(t, df, targets) for t, df in mine.items()},
        })
    sources_out.sort(key=lambda d: d["dataset"])
    manifest = {
        "format": FORMAT,
        "built_by": "greatgame data pack",
        "writer": f"DuckDB {duckdb.__version__} ({PARQUET}), rows sorted on every column",
        "about": "The reference rows greatgame's influence index and simulation read, for the five targets and the "
                 "powers; the original files are in the folders named by each source's 'file'. 'obtained' counts "
                 "the packed rows by how the publisher obtained them (observed: published by the state or register "
                 "it describes; mirrored: reported by the partner). The index marks what it derives from them when "
                 "it computes: reconciled (own and mirror reports combined) and nowcast (carried past the data).",
        "groups": named,
        "tables": {t: {"rows": keep[t], "why": " ".join(str(spec()["tables"][t].get("why", "")).split())}
                   for t in keep},
        "files": files,
        "bytes": sum(f["bytes"] for f in files.values()),
        "sources": sources_out,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def read_manifest(directory: str | Path | None = None) -> dict[str, Any]:
    """The pack's manifest (``DataError`` when the folder holds none or a newer format)."""
    d = Path(directory) if directory is not None else pack_dir()
    path = d / MANIFEST
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise DataError(path, "no data pack here (build one with: greatgame data pack)") from None
    except (OSError, ValueError) as exc:
        raise DataError(path, f"cannot read the pack's manifest ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format", 0) > FORMAT:
        raise DataError(path, f"pack format {manifest.get('format') if isinstance(manifest, dict) else '?'} is newer "
                              f"than this greatgame reads ({FORMAT}): upgrade greatgame")
    return manifest


def verify_pack(directory: str | Path | None = None) -> dict[str, Any]:
    """The manifest, after checking that every Parquet file it lists is there with its SHA-256."""
    d = Path(directory) if directory is not None else pack_dir()
    manifest = read_manifest(d)
    for name, f in manifest["files"].items():
        path = d / name
        if not path.is_file():
            raise DataError(path, "missing from the data pack")
        if _sha256(path) != f["sha256"]:
            raise DataError(path, "does not match the pack's manifest (SHA-256 differs): rebuild it with "
                                  "greatgame data pack")
    return manifest


def import_pack(kb: "KnowledgeBase", directory: str | Path | None = None,
                progress: Callable[[str, str], None] | None = None) -> ImportReport:
    """Load the data pack into ``kb``: each source's rows replace that dataset's rows, one transaction per
    dataset, with its provenance in ``datasets`` (path ``pack:<file>``, the SHA-256 of the original file)."""
    d = Path(directory) if directory is not None else pack_dir()
    report = ImportReport()
    try:
        manifest = verify_pack(d)
    except DataError as exc:
        report.errors.append(exc)
        return report
    by_table = {f["table"]: d / name for name, f in manifest["files"].items()}
    frames = {t: read_parquet(p) for t, p in by_table.items()}
    for src in manifest["sources"]:
        ds = src["dataset"]
        result = DatasetResult(ds, f"pack:{src['file']}", "error", rows=int(src.get("records") or 0),
                               sha256=src.get("sha256"))
        tables = {t: frames[t][frames[t].dataset == ds].reset_index(drop=True) for t in src["packed"] if t in frames}
        record = {"name": src.get("name"), "publisher": src.get("publisher"), "url": src.get("url"),
                  "licence": src.get("licence"), "citation": src.get("citation"), "layout": src.get("layout"),
                  "path": result.path, "sha256": src.get("sha256"), "rows": result.rows,
                  "collection": src.get("collection"), "encoding": src.get("encoding"),
                  "tables": {t: len(df) for t, df in tables.items()}}
        owned = src.get("tables") or list(tables)
        try:
            replaced = kb.replace_dataset(ds, tables, owned, record)
        except (duckdb.Error, KnowledgeBaseError) as exc:
            result.error = DataError(result.path, f"could not store dataset {ds} ({exc})")
        else:
            result.status = "replaced" if replaced else "added"
            result.tables = {t: len(df) for t, df in tables.items()}
        report.results.append(result)
        if result.error:
            report.errors.append(result.error)
        if progress:
            progress(ds, result.status)
    return report


def compare_packs(a: str | Path, b: str | Path) -> list[str]:
    """How two packs differ ([] when they are the same): manifest fields, then each file's bytes."""
    ma, mb = read_manifest(a), read_manifest(b)
    diffs = [f"manifest: {k} differs" for k in sorted(set(ma) | set(mb)) if ma.get(k) != mb.get(k)]
    for name in sorted(set(ma.get("files", {})) | set(mb.get("files", {}))):
        pa, pb = Path(a) / name, Path(b) / name
        if not (pa.is_file() and pb.is_file()):
            diffs.append(f"{name}: in one pack only")
        elif pa.read_bytes() != pb.read_bytes():
            diffs.append(f"{name}: bytes differ")
    return diffs


__all__ = ["BUDGET_BYTES", "build_pack", "compare_packs", "default_sources", "import_pack", "pack_dir",
           "read_manifest", "read_parquet", "shared_dir", "verify_pack"]
