"""Reference data: reading any table into a DataFrame, replacing one dataset's rows, datasets, boundaries."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import KnowledgeBaseError
from .base import Base, from_json

if TYPE_CHECKING:
    import pandas as pd

DATASET_FIELDS = ("name", "publisher", "url", "licence", "citation", "layout", "path", "sha256", "rows",
                  "collection", "encoding", "tables")
"""The keys of a ``datasets`` record that ``replace_dataset`` stores (besides the id)."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class ReferenceMixin(Base):
    """Tables written by ``greatgame.data`` importers, one dataset at a time, and read by the models."""

    def read_table(self, table: str, columns: Sequence[str] | None = None, *,
                   where: Mapping[str, Any] | None = None, years: tuple[int, int] | None = None,
                   order_by: Sequence[str] = (), checked: bool = True) -> pd.DataFrame:
        """Rows of ``table`` as a DataFrame.

        ``columns``: those to read (all by default); ``where``: column -> value
        (equal; None: IS NULL) or a list, tuple or set of values (one of them);
        ``years``: (first, last), inclusive, on the column ``year``;
        ``order_by``: columns to sort by. A missing table gives an empty
        DataFrame with the asked columns (or none). Every column named is checked
        against ``table_columns`` (``KnowledgeBaseError`` otherwise); values are
        bound parameters. ``checked`` False (with ``columns`` given): no look-up of the table and its columns
        before the query (one query instead of three, for a caller reading many tables each time it runs): a
        missing table still gives an empty DataFrame, an unknown column a ``KnowledgeBaseError`` with DuckDB's
        message.
        """
        import pandas as pd

        where = dict(where or {})
        checked = checked or columns is None
        if checked:
            if not self.table_exists(table):
                return pd.DataFrame(columns=list(columns) if columns is not None else [])
            known = self.table_columns(table)
            cols = list(columns) if columns is not None else known
            named = [*cols, *where, *order_by] + (["year"] if years is not None else [])
            unknown = [c for c in dict.fromkeys(named) if c not in known]
            if unknown:
                raise KnowledgeBaseError(f"table {table} has no column(s) {', '.join(unknown)}")
        else:
            cols = list(columns)
        conditions, params = [], []
        for column, value in where.items():
            if value is None:
                conditions.append(f"{_quote(column)} IS NULL")
            elif isinstance(value, (list, tuple, set, frozenset)):
                values = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
                if not values:
                    conditions.append("false")
                    continue
                conditions.append(f"{_quote(column)} IN ({', '.join('?' * len(values))})")
                params.extend(values)
            else:
                conditions.append(f"{_quote(column)} = ?")
                params.append(value)
        if years is not None:
            conditions.append('"year" BETWEEN ? AND ?')
            params.extend([int(years[0]), int(years[1])])
        sql = f"SELECT {', '.join(_quote(c) for c in cols) or '*'} FROM {_quote(table)}"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        if order_by:
            sql += " ORDER BY " + ", ".join(_quote(c) for c in order_by)
        if checked:
            return self.con.execute(sql, params).df()
        import duckdb

        try:
            return self.con.execute(sql, params).df()
        except duckdb.CatalogException:
            return pd.DataFrame(columns=cols)
        except duckdb.BinderException as exc:
            raise KnowledgeBaseError(f"table {table}: {' '.join(str(exc).split())}") from None

    def replace_dataset(self, dataset_id: str, tables: Mapping[str, pd.DataFrame], owned: Sequence[str],
                        record: Mapping[str, Any]) -> bool:
        """Replace one dataset's rows and its ``datasets`` entry in one transaction.

        Rows with ``dataset = dataset_id`` are deleted from every ``owned`` table,
        the frames of ``tables`` (each one of ``owned``; their columns must exist)
        inserted, and the ``datasets`` row written from ``record`` (the keys of
        ``DATASET_FIELDS``; ``tables`` may be a mapping, stored as JSON). A failure
        leaves the previous version whole. True if a previous version was replaced.
        """
        previous = self._one("SELECT 1 FROM datasets WHERE id = ?", [dataset_id]) is not None
        counts = record.get("tables")
        if counts is not None and not isinstance(counts, str):
            counts = json.dumps(dict(counts))
        with self._transaction():
            for table in owned:
                self.con.execute(f"DELETE FROM {_quote(table)} WHERE dataset = ?", [dataset_id])
            for table, df in tables.items():
                if table not in owned:
                    raise KnowledgeBaseError(f"dataset {dataset_id} wrote {table}, not one of its tables")
                if df.empty:
                    continue
                wanted = self.table_columns(table)
                extra = [c for c in df.columns if c not in wanted]
                if extra:
                    raise KnowledgeBaseError(f"table {table} has no column(s) {extra}")
                view = f"_greatgame_import_{table}"
                self.con.register(view, df)
                try:
                    cols = ", ".join(_quote(c) for c in df.columns)
                    self.con.execute(f"INSERT INTO {_quote(table)} ({cols}) SELECT {cols} FROM {view}")
                finally:
                    self.con.unregister(view)
            self.con.execute(
                "INSERT OR REPLACE INTO datasets (id, name, publisher, url, licence, citation, layout, path, sha256, "
                "rows, imported_at, collection, encoding, tables) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp, ?, ?, ?)",
                [dataset_id, *(record.get(k) for k in DATASET_FIELDS[:9]), record.get("collection"),
                 record.get("encoding"), counts])
        return previous

    def datasets(self) -> list[dict[str, Any]]:
        """The rows of ``datasets`` by id (``tables`` decoded); [] when there is no such table."""
        if not self.table_exists("datasets"):
            return []
        rows = self._rows("SELECT * FROM datasets ORDER BY id")
        for r in rows:
            r["tables"] = from_json(r.get("tables"), {})
        return rows

    def boundaries(self, resolution: str = "region-50m") -> list[tuple[str, str, str]]:
        """(iso3, name, GeoJSON geometry) of every boundary at ``resolution``, by iso3; [] when there are none."""
        if not self.table_exists("boundaries"):
            return []
        return [tuple(r) for r in self.con.execute(
            "SELECT iso3, name, geometry FROM boundaries WHERE resolution = ? ORDER BY iso3", [resolution]
        ).fetchall()]
