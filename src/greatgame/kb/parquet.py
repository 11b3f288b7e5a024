"""Partitioned Parquet export and import of every table, for corpora larger than one machine.

``export_parquet(kb, DIR)`` writes ``DIR/<table>/`` for each table: tables
with a ``doc_id`` are partitioned into 16 buckets by a hash of the document
id (Hive layout, ``bucket=N``), the others are one file each; a
``manifest.json`` records the schema version and the row counts.
``import_parquet(kb, DIR)`` reads such a folder back in one transaction: the
documents it holds replace the same documents in the knowledge base, with
everything extracted from them.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import KnowledgeBaseError
from .store import KnowledgeBase

BUCKETS = 16
SKIP = {"schema_version", "search_items"}


def _tables(kb: KnowledgeBase) -> list[str]:
    return [t for t in kb.tables() if t not in SKIP and not t.startswith("fts_")]


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_parquet(kb: KnowledgeBase, directory: str | Path) -> dict[str, Any]:
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in _tables(kb):
        cols = kb.table_columns(table)
        target = out / table
        counts[table] = kb.con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        order = ", ".join(f'"{c}"' for c in cols)
        if "doc_id" in cols or table == "documents":
            key = "doc_id" if "doc_id" in cols else "id"
            kb.con.execute(
                f'COPY (SELECT *, (hash("{key}") % {BUCKETS}) AS bucket FROM "{table}" ORDER BY {order}) '
                f"TO {_quote(target)} (FORMAT parquet, PARTITION_BY (bucket), OVERWRITE_OR_IGNORE 1)")
        else:
            target.mkdir(parents=True, exist_ok=True)
            kb.con.execute(f'COPY (SELECT * FROM "{table}" ORDER BY {order}) TO {_quote(target / "data.parquet")} '
                           "(FORMAT parquet)")
    manifest = {"schema_version": kb.schema_version, "tables": counts}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def import_parquet(kb: KnowledgeBase, directory: str | Path) -> dict[str, int]:
    src = Path(directory)
    manifest_path = src / "manifest.json"
    if not manifest_path.is_file():
        raise KnowledgeBaseError(f"{src}: not a greatgame Parquet export (no manifest.json)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("schema_version", 0) > kb.schema_version:
        raise KnowledgeBaseError(f"{src}: exported with schema version {manifest['schema_version']}, newer than "
                                 f"this knowledge base's {kb.schema_version}: upgrade greatgame")
    tables = [t for t in manifest["tables"] if t in set(_tables(kb))]
    counts: dict[str, int] = {}
    con = kb.con
    con.execute("BEGIN TRANSACTION")
    try:
        kb._search_changed()        # entities and documents change: the search index is built again
        docs = src / "documents"
        if docs.is_dir():
            ids = [r[0] for r in con.execute(
                f"SELECT id FROM read_parquet({_quote(docs / '**' / '*.parquet')}, hive_partitioning = true)"
            ).fetchall()]
            for doc_id in ids:
                kb._delete_document(doc_id)
        for table in tables:
            files = list((src / table).rglob("*.parquet"))
            if not files:
                counts[table] = 0
                continue
            cols = kb.table_columns(table)
            select = ", ".join(f'"{c}"' for c in cols)
            pattern = _quote(src / table / "**" / "*.parquet")
            if table in ("entities", "datasets", "settings") or "doc_id" not in cols and table != "documents":
                # shared tables: rows keyed by id replace, the rest are added
                key = {"entities": "id", "datasets": "id", "settings": "key"}.get(table)
                if key:
                    con.execute(f'DELETE FROM "{table}" WHERE "{key}" IN (SELECT "{key}" FROM read_parquet('
                                f"{pattern}, hive_partitioning = true))")
                elif table not in ("entities",):
                    # reference tables hold one dataset's rows: an export replaces them whole
                    con.execute(f'DELETE FROM "{table}"')
            con.execute(f'INSERT INTO "{table}" ({select}) SELECT {select} FROM read_parquet({pattern}, '
                        "hive_partitioning = true, union_by_name = true)")
            counts[table] = len(files)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts
