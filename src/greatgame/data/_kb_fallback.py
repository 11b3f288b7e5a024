"""CONTRACT-FALLBACK: the KnowledgeBase methods of the issue-15 contract that data/ and influence/ call.

Until kb/ implements them, this module adds them to ``KnowledgeBase`` (each only
where the class has none), with the code data/ and influence/ used before.
The lead deletes this module and the two imports of it at merge time.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..errors import KnowledgeBaseError
from ..kb.store import KnowledgeBase


def table_exists(self: KnowledgeBase, name: str) -> bool:  # CONTRACT-FALLBACK
    return bool(self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                                 [name]).fetchone()[0])


def table_columns(self: KnowledgeBase, name: str) -> list[str]:  # CONTRACT-FALLBACK
    return [r[0] for r in self.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [name]).fetchall()]


def read_table(self: KnowledgeBase, table: str, columns: Sequence[str] | None = None, *,  # CONTRACT-FALLBACK
               where: Mapping[str, Any] | None = None, years: tuple[int, int] | None = None,
               order_by: Sequence[str] = ()) -> pd.DataFrame:
    if not self.table_exists(table):
        return pd.DataFrame(columns=list(columns or []))
    known = self.table_columns(table)
    asked = list(columns or known)
    unknown = [c for c in [*asked, *(where or {}), *order_by, *(["year"] if years else [])] if c not in known]
    if unknown:
        raise KnowledgeBaseError(f"table {table} has no column(s) {', '.join(unknown)}")
    conds, params = [], []
    for col, value in (where or {}).items():
        if isinstance(value, (list, tuple, set, frozenset)):
            conds.append(f'list_contains(?, "{col}")')
            params.append(list(value))
        else:
            conds.append(f'"{col}" = ?')
            params.append(value)
    if years:
        conds.append('"year" BETWEEN ? AND ?')
        params += [int(years[0]), int(years[1])]
    sql = f"SELECT {', '.join(f'{chr(34)}{c}{chr(34)}' for c in asked)} FROM {table}"
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    if order_by:
        sql += " ORDER BY " + ", ".join(f'"{c}"' for c in order_by)
    return self.con.execute(sql, params).df()


def replace_dataset(self: KnowledgeBase, dataset_id: str, tables: Mapping[str, pd.DataFrame],  # CONTRACT-FALLBACK
                    owned: Sequence[str], record: Mapping[str, Any]) -> bool:
    con = self.con
    previous = con.execute("SELECT 1 FROM datasets WHERE id = ?", [dataset_id]).fetchone() is not None
    con.execute("BEGIN TRANSACTION")
    try:
        for table in owned:
            con.execute(f"DELETE FROM {table} WHERE dataset = ?", [dataset_id])
        for table, df in tables.items():
            if df.empty:
                continue
            wanted = self.table_columns(table)
            extra = [c for c in df.columns if c not in wanted]
            if extra:
                raise KnowledgeBaseError(f"table {table} has no column(s) {extra}")
            view = f"_greatgame_import_{table}"
            con.register(view, df)
            try:
                cols = ", ".join(f'"{c}"' for c in df.columns)
                con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}")
            finally:
                con.unregister(view)
        counts = record.get("tables")
        con.execute(
            "INSERT OR REPLACE INTO datasets (id, name, publisher, url, licence, citation, layout, path, sha256, "
            "rows, imported_at, collection, encoding, tables) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp, ?, ?, ?)",
            [dataset_id, record.get("name"), record.get("publisher"), record.get("url"), record.get("licence"),
             record.get("citation"), record.get("layout"), record.get("path"), record.get("sha256"),
             record.get("rows"), record.get("collection"), record.get("encoding"),
             counts if isinstance(counts, str) or counts is None else json.dumps(counts)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return previous


def datasets(self: KnowledgeBase) -> list[dict[str, Any]]:  # CONTRACT-FALLBACK
    return self._rows("SELECT * FROM datasets") if self.table_exists("datasets") else []


for _name, _fn in (("table_exists", table_exists), ("table_columns", table_columns), ("read_table", read_table),
                   ("replace_dataset", replace_dataset), ("datasets", datasets)):
    if not hasattr(KnowledgeBase, _name):
        setattr(KnowledgeBase, _name, _fn)
