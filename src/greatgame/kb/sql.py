"""The knowledge base's DuckDB connection, with each statement's values written into it as SQL literals.

DuckDB's Python client converts every value bound to a ``?`` by first asking whether it is pandas' ``NaT``
or ``NA``, and so imports pandas the first time any statement has one: half a second and some 60 MB that an
ingest never uses otherwise. ``Connection.execute(sql, params)`` instead writes the values into the
statement, for the types the knowledge base stores: ``None`` (NULL), ``bool``, ``int``, ``float`` (a cast
of its exact ``repr``), ``str`` and lists of these. A string becomes a quoted literal with its quotes
doubled, which is the only escape DuckDB reads inside one (a backslash is an ordinary character); a NUL
character, which a statement's text cannot hold, is joined in as ``chr(0)``. DuckDB reads each literal back
as the value bound would have been (``tests/test_kb.py`` checks it, hostile strings included). A statement
with any other value (a date, bytes, a tuple, a dict, a string that is not valid Unicode), or whose ``?``
do not match its values, is bound by DuckDB as before.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import duckdb


def literal(value: Any) -> str | None:
    """``value`` as a DuckDB SQL literal, or None for a value this module leaves to DuckDB to bind."""
    if value is None:
        return "NULL"
    kind = type(value)
    if kind is str:
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:      # lone surrogates: let DuckDB say what it says of them
                return None
        quoted = "'" + value.replace("'", "''") + "'"
        return quoted if "\x00" not in value else "(" + "' || chr(0) || '".join(quoted.split("\x00")) + ")"
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if kind is float:
        return f"CAST('{value!r}' AS DOUBLE)"
    if kind is list:
        items = [literal(v) for v in value]
        return None if None in items else "[" + ", ".join(items) + "]"  # type: ignore[arg-type]
    return None


def placeholders(sql: str) -> list[int]:
    """The offsets of the ``?`` placeholders of ``sql``: outside quotes, quoted names and comments."""
    found = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c == "?":
            found.append(i)
        elif c in "'\"":
            end = sql.find(c, i + 1)
            while end != -1 and sql.startswith(c, end + 1):   # a doubled quote inside
                end = sql.find(c, end + 2)
            i = n if end == -1 else end
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end == -1 else end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end == -1 else end + 1
        i += 1
    return found


def inline(sql: str, params: Sequence[Any]) -> str | None:
    """``sql`` with its ``?`` replaced by ``params`` as literals; None where DuckDB must bind them."""
    if not isinstance(params, (list, tuple)):
        return None
    spots = placeholders(sql)
    if len(spots) != len(params):
        return None
    pieces = []
    last = 0
    for spot, value in zip(spots, params):
        text = literal(value)
        if text is None:
            return None
        pieces += [sql[last:spot], text]
        last = spot + 1
    pieces.append(sql[last:])
    return "".join(pieces)


class Connection:
    """A ``duckdb.DuckDBPyConnection`` whose ``execute`` writes its values into the statement (see above);
    everything else is the DuckDB connection's own."""

    def __init__(self, raw: duckdb.DuckDBPyConnection):
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> duckdb.DuckDBPyConnection:
        if params:
            written = inline(sql, params)
            if written is None:
                return self.raw.execute(sql, params)
            sql = written
        return self.raw.execute(sql)

    def cursor(self) -> Connection:
        return Connection(self.raw.cursor())

    def batch(self) -> Batch:
        return Batch(self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class Batch:
    """Statements that return nothing, sent to DuckDB together: ``execute`` keeps each (its values written in
    as ``Connection.execute`` writes them) and ``flush`` runs those kept, in order, as one script of
    statements, one call instead of one per statement (DuckDB runs each as if sent alone; the first that
    fails raises, and the rest are not run). A statement whose values DuckDB must bind runs on its own, after
    those kept before it. Nothing kept is run until ``flush``: a caller flushes before it reads what they
    write, and at the end."""

    def __init__(self, con: Connection):
        self.con = con
        self.kept: list[str] = []

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        if params:
            written = inline(sql, params)
            if written is None:
                self.flush()
                self.con.raw.execute(sql, params)
                return
            sql = written
        self.kept.append(sql)

    def flush(self) -> None:
        if self.kept:
            script = "\n;\n".join(self.kept)     # on lines of their own: a statement's closing comment ends there
            self.kept = []
            self.con.raw.execute(script)


# ------------------------------------------------------------------ many rows at once

JSON_TYPES = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}
INT64 = (-2**63, 2**63 - 1)


def json_column(values: Sequence[Any]) -> str | None:
    """``from_json(...)``: one column's values as one JSON literal DuckDB reads into a list of their type; None
    when a value is not one this path writes exactly (the column mixes kinds, an integer past 64 bits, a float
    that is not finite, a string that is not valid Unicode)."""
    kinds = {type(v) for v in values if v is not None}
    if len(kinds) > 1:
        return None
    kind = kinds.pop() if kinds else str
    name = JSON_TYPES.get(kind)
    if name is None:
        return None
    if kind is int and not all(v is None or INT64[0] <= v <= INT64[1] for v in values):
        return None
    try:
        text = json.dumps(list(values), ensure_ascii=False, allow_nan=False)
        text.encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return None
    return "from_json('" + text.replace("'", "''") + "', '[\"" + name + "\"]')"


def insert_rows(con: Connection | Batch, table: str, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` (each a value per column of ``cols``) into ``table``, in their order.

    Each column goes in as one JSON list (``json_column``), unnested side by side: DuckDB reads one literal per
    column about twice as fast as a ``VALUES`` list with one literal per value, and the values are the same
    (``tests/test_speed.py`` checks them against values bound). A column this path cannot write exactly sends
    the rows through ``VALUES`` lists, as before.
    """
    if not rows:
        return
    quoted = ", ".join(f'"{c}"' for c in cols)
    columns = [json_column([row[k] for row in rows]) for k in range(len(cols))]
    if None not in columns:
        con.execute(f"INSERT INTO {table} ({quoted}) SELECT " + ", ".join(f"unnest({c})" for c in columns))
        return
    one = "(" + ", ".join("?" * len(cols)) + ")"
    chunk = max(1, 2000 // len(cols))
    for i in range(0, len(rows), chunk):
        batch = rows[i:i + chunk]
        con.execute(f"INSERT INTO {table} ({quoted}) VALUES " + ", ".join([one] * len(batch)),
                    [v for row in batch for v in row])
