"""Public reference datasets: find them, check them, store them in the knowledge base.

>>> import greatgame
>>> from greatgame.data import import_reference, sources
>>> kb = greatgame.open("kb.duckdb")
>>> report = import_reference(kb, ["../shared/data/reference", "../shared/data/facts"])
>>> [r.dataset for r in report.results if r.status == "error"]
[]

Each dataset is one file, described in ``registry.yaml`` (publisher, download
URL, licence, citation, the layout the importer expects); ``sources()`` lists
them. ``import_reference`` finds known files in folders (recursively, by file
name) or takes files one by one (by name, else by their CSV header), and
imports each with its importer (``importers/``, a module per source family,
registered in ``registry.py``): the file is checked, then
all of that dataset's rows are replaced in one transaction, with its
provenance (path, sha256, row count) in ``datasets``. A failure leaves the
previous import of that dataset untouched and does not stop the others.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from ..errors import DataError, ImporterError, KnowledgeBaseError
from .importers import Importer, Loaded, by_file_name, registry, sniff

if TYPE_CHECKING:
    from ..kb.store import KnowledgeBase

__all__ = ["DataError", "DatasetResult", "ImportReport", "discover", "import_reference", "sources"]


@dataclass
class DatasetResult:
    """The outcome of importing one file."""

    dataset: str | None                 # None when the file matched no dataset
    path: str
    status: str                         # added | replaced | error
    rows: int = 0                       # data records read from the file
    tables: dict[str, int] = field(default_factory=dict)   # rows written per table
    sha256: str | None = None
    error: DataError | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "path": self.path, "status": self.status, "rows": self.rows,
                "tables": self.tables, "sha256": self.sha256, "error": str(self.error) if self.error else None}


@dataclass
class ImportReport:
    """What an import did, dataset by dataset."""

    results: list[DatasetResult] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def result(self, dataset: str) -> DatasetResult | None:
        return next((r for r in self.results if r.dataset == dataset), None)

    def as_dict(self) -> dict[str, Any]:
        return {"results": [r.as_dict() for r in self.results], "errors": [str(e) for e in self.errors]}


def sources() -> list[dict[str, Any]]:
    """Every dataset greatgame imports: id, name, publisher, url, download (the same file, for unmodified copies),
    home, licence, citation, tables, layout, and packed: the rows of each table in the shipped data pack ({} when
    the pack holds none: nothing the index reads)."""
    from .pack import read_manifest

    try:
        packed = {s["dataset"]: s["packed"] for s in read_manifest()["sources"]}
    except DataError:
        packed = {}
    keys = ("id", "name", "collection", "publisher", "url", "download", "home", "licence", "citation", "tables",
            "layout")
    return [{**{k: spec.get(k) for k in keys}, "packed": packed.get(spec["id"], {})} for spec in registry().values()]


def layout_text(spec: dict[str, Any]) -> str:
    """The expected file layout of a dataset, in one line."""
    lay = spec["layout"]
    head = f"{lay['file']} ({lay['format']}, {lay['encoding']})"
    if lay.get("columns"):
        cols = ", ".join(c if c else "?" for c in lay["columns"])
        return f"{head}; columns: {cols}"
    return f"{head}; {' '.join(str(lay.get('fields', '')).split())}"


def discover(paths: Iterable[str | Path]) -> list[tuple[Path, Importer | DataError]]:
    """Each file to import with its importer, or the error that stops it (unknown file, missing path).

    Folders are searched recursively for the file names in the registry (other
    files are ignored); a file named explicitly is matched by name, else by its
    CSV header. A file found twice is listed once.
    """
    names = by_file_name()
    found: list[tuple[Path, Importer | DataError]] = []
    seen: set[Path] = set()

    def add(path: Path, item: Importer | DataError) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append((path, item))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for f in sorted(p for p in path.rglob("*") if p.is_file() and p.name in names):
                add(f, names[f.name])
        elif path.is_file():
            imp = names.get(path.name) or sniff(path)
            add(path, imp or DataError(path, "not a known reference dataset file (expected one of: "
                                             + ", ".join(sorted(names)) + ")"))
        else:
            add(path, DataError(path, "no such file or folder"))
    return found


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _store(kb: "KnowledgeBase", imp: Importer, path: Path, sha: str, loaded: Loaded) -> bool:
    """Replace the dataset's rows and its ``datasets`` entry in one transaction; True if it replaced one."""
    wrong = [t for t in loaded.tables if t not in imp.tables]
    if wrong:
        raise ImporterError(f"importer {imp.id} wrote {wrong[0]}, not one of its tables")
    spec = imp.spec
    record = {"name": spec.get("name"), "publisher": spec.get("publisher"), "url": spec.get("url") or None,
              "licence": spec.get("licence"), "citation": spec.get("citation"), "layout": layout_text(spec),
              "path": str(path.resolve()), "sha256": sha, "rows": loaded.rows, "collection": spec.get("collection"),
              "encoding": loaded.encoding, "tables": {t: len(loaded.tables.get(t, ())) for t in imp.tables}}
    return kb.replace_dataset(imp.id, loaded.tables, imp.tables, record)


def import_one(kb: "KnowledgeBase", imp: Importer, path: Path) -> DatasetResult:
    """Read, check and store one dataset file; errors come back in the result, never raised."""
    result = DatasetResult(imp.id, str(path), "error")
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.error = DataError(path, f"cannot read ({exc.strerror or exc})")
        return result
    result.sha256 = _sha256(data)
    try:
        loaded = imp.load(path, data)
        result.rows = loaded.rows
        replaced = _store(kb, imp, path, result.sha256, loaded)
    except DataError as exc:
        result.error = exc
        return result
    except (duckdb.Error, KnowledgeBaseError) as exc:
        result.error = DataError(path, f"could not store dataset {imp.id} ({exc})")
        return result
    except Exception as exc:  # an importer bug must not stop the other datasets
        result.error = DataError(path, f"import of {imp.id} failed ({type(exc).__name__}: {exc})")
        return result
    result.status = "replaced" if replaced else "added"
    result.tables = {t: len(df) for t, df in loaded.tables.items()}
    return result


def import_reference(kb: "KnowledgeBase", paths: Iterable[str | Path],
                     progress: Callable[[str, str], None] | None = None) -> ImportReport:
    """Import every known reference dataset under ``paths`` (folders or files) into ``kb``.

    One transaction per dataset: a dataset that fails (bad encoding, header,
    values) keeps its previous rows and does not stop the others. A dataset met
    twice in one call (two copies of its file) is imported from the first copy;
    the second is reported as an error. ``progress(dataset_or_path, status)`` is
    called after each file.
    """
    report = ImportReport()
    done: dict[str, str] = {}
    for path, item in discover(paths):
        if isinstance(item, DataError):
            result = DatasetResult(None, str(path), "error", error=item)
        elif item.id in done:
            result = DatasetResult(item.id, str(path), "error", error=DataError(
                path, f"dataset {item.id} was already imported from {done[item.id]} in this run"))
        else:
            result = import_one(kb, item, path)
            if result.status != "error":
                done[item.id] = str(path)
        report.results.append(result)
        if result.error:
            report.errors.append(result.error)
        if progress:
            progress(result.dataset or str(path), result.status)
    return report

