"""Versioned schema: numbered SQL files in ``migrations/``, applied in order, each in a transaction."""
from __future__ import annotations

import re
from importlib import resources

import duckdb

from ..errors import KnowledgeBaseError

FILE = re.compile(r"^(\d{4})_(.+)\.sql$")


def available() -> list[tuple[int, str, str]]:
    """(version, description, sql) for every shipped migration, in order."""
    out = []
    for entry in resources.files(__package__).joinpath("migrations").iterdir():
        m = FILE.match(entry.name)
        if m:
            out.append((int(m.group(1)), m.group(2).replace("_", " "), entry.read_text("utf-8")))
    return sorted(out)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, description TEXT, applied_at TIMESTAMP DEFAULT current_timestamp)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the schema up to date; return the version reached."""
    version = current_version(con)
    shipped = available()
    latest = shipped[-1][0] if shipped else 0
    if version > latest:
        raise KnowledgeBaseError(
            f"knowledge base has schema version {version}, newer than this greatgame ({latest}): upgrade greatgame")
    pending = [m for m in shipped if m[0] > version]
    # a new knowledge base gets its whole schema in one transaction (one commit, not one per migration); an
    # existing one each migration in its own, as it always has
    batches = [pending] if version == 0 else [[m] for m in pending]
    for batch in batches:
        if not batch:
            continue
        con.execute("BEGIN TRANSACTION")
        number, description = batch[0][:2]
        try:
            for number, description, sql in batch:
                con.execute(sql)
                con.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)",
                            [number, description])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise KnowledgeBaseError(f"migration {number:04d} ({description}) failed: {exc}") from None
        version = batch[-1][0]
    return version
