"""The knowledge base's connection: opening, migrations, transactions and the helpers every table family uses."""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..errors import KnowledgeBaseError
from ..ontology import FILES as ONTOLOGY_FILES
from ..ontology import load as load_ontology
from .migrations import migrate
from .sql import Batch, Connection, insert_rows

ENV_DB = "GREATGAME_DB"


def default_path() -> Path:
    """``$GREATGAME_DB``, else ``greatgame.duckdb`` in the user's data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("greatgame")) / "greatgame.duckdb"


def to_json(value: Any) -> str | None:
    """A value as stored in a JSON column (None stays NULL)."""
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def from_json(value: str | None, empty: Any) -> Any:
    """A JSON column's value, ``empty`` for NULL or ''."""
    return json.loads(value) if value else empty


LOCK_WAIT_S = 5.0
"""How long opening a knowledge base read-only waits for another process's write to end (it holds the file's
lock only while it writes, as ``greatgame serve`` does) before giving up."""


def _connect(path: Path, read_only: bool, lock_wait: float | None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to ``path``, waiting up to ``lock_wait`` seconds for another process to let go of the
    file (None: LOCK_WAIT_S for a read-only open, no wait for a read-write one).

    A lock held longer is a one-line ``KnowledgeBaseError`` that says what holds it and what to do.
    """
    if lock_wait is None:
        lock_wait = LOCK_WAIT_S if read_only else 0.0
    deadline = time.monotonic() + lock_wait
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            locked = "lock" in str(exc).lower()
            if locked and time.monotonic() < deadline:
                time.sleep(0.1)
                continue
            message = " ".join(str(exc).split())
            if locked:
                raise KnowledgeBaseError(
                    f"{path}: another process is using this knowledge base ({message}); if it is `greatgame "
                    "serve`, read through it (its JSON API, e.g. /api/documents; uploads: POST /api/documents) or "
                    "stop it first") from None
            raise KnowledgeBaseError(f"{path}: cannot open knowledge base ({message})") from None


class Base:
    """The DuckDB connection and what every part of ``KnowledgeBase`` builds on."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False, lock_wait: float | None = None):
        self.path = Path(path) if path is not None else default_path()
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise KnowledgeBaseError(f"{self.path}: no knowledge base here (run greatgame ingest first)")
        self.con = Connection(_connect(self.path, read_only, lock_wait))
        self.read_only = read_only
        if not read_only:
            self.schema_version = migrate(self.con)
            self._sync_ontology()
        else:
            row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
            self.schema_version = int(row[0]) if row and row[0] is not None else 0

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self.con.close()

    def reader(self) -> Any:
        """A read-only view of this knowledge base over a cursor of its own (``close()`` closes only the cursor).

        DuckDB serves several cursors of one connection at once: a thread that reads through its own view goes on
        while other threads read through theirs. A view never writes (its ``search`` builds no index); closing
        this knowledge base closes its views too.
        """
        view = object.__new__(type(self))
        view.__dict__.update(self.__dict__)
        view.con = self.con.cursor()
        view.read_only = True
        return view

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------ helpers
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row (None when there is none)."""
        row = self.con.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    _batch: Batch | None = None
    """Where the writes of ``_insert`` and the other writers go while ``_batched`` runs: one script."""

    def _writer(self) -> Connection | Batch:
        """The connection, or the batch of statements ``_batched`` is collecting."""
        return self._batch if self._batch is not None else self.con

    @contextmanager
    def _batched(self) -> Iterator[Batch]:
        """Collect the writes made inside (``_insert``, ``_writer().execute``) into one ``Batch``, run at the end
        as one script (inside the caller's transaction): one call to DuckDB instead of one per statement."""
        batch = self.con.batch()
        self._batch = batch
        try:
            yield batch
        finally:
            self._batch = None
        batch.flush()

    def _insert(self, table: str, cols: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        insert_rows(self._writer(), table, cols, list(rows))

    @contextmanager
    def one_thread(self) -> Iterator[None]:
        """DuckDB on one thread inside (its setting as before after): for many small statements, such as an
        ingest's, one thread does the same work for less CPU than several handing each other tiny tasks."""
        try:
            before = self._one("SELECT current_setting('threads')")
            if before is None or int(before) <= 1:
                before = None
            else:
                self.con.execute("SET threads = 1")
        except (duckdb.Error, ValueError, TypeError):
            before = None
        try:
            yield
        finally:
            if before is not None:
                try:
                    self.con.execute(f"SET threads = {int(before)}")
                except duckdb.Error:
                    pass

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction: committed when the body ends, rolled back if it (or the commit) fails."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------ the catalogue
    def table_exists(self, name: str) -> bool:
        """Whether the main schema has a table (or view) of that name."""
        return bool(self._one("SELECT count(*) FROM information_schema.tables "
                              "WHERE table_schema = 'main' AND table_name = ?", [name]))

    def table_columns(self, name: str) -> list[str]:
        """The columns of a table, in order ([] when there is no such table)."""
        return [r[0] for r in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? "
            "ORDER BY ordinal_position", [name]).fetchall()]

    def tables(self) -> list[str]:
        """The base tables of the main schema, by name."""
        return [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]

    def row_count(self, table: str) -> int:
        """How many rows a table holds (0 when there is no such table)."""
        if not self.table_exists(table):
            return 0
        return int(self._one(f'SELECT count(*) FROM "{table}"'))

    # ------------------------------------------------------------ the ontology
    def _sync_ontology(self) -> None:
        """Load the shipped ontology's entities when they are new or have changed."""
        from importlib import resources

        h = hashlib.sha256()
        for name in ONTOLOGY_FILES:
            f = resources.files("greatgame.ontology").joinpath("data", name)
            if f.is_file():
                h.update(f.read_bytes())
        digest = h.hexdigest()
        if self._one("SELECT value FROM settings WHERE key = 'ontology_hash'") == digest:
            return
        onto = load_ontology()
        with self._transaction():
            if self._one("SELECT count(*) FROM (SELECT 1 FROM entities LIMIT 1)"):   # none in a new one
                self.con.execute("DELETE FROM entities WHERE origin = 'ontology'")
                ids = list(onto.entities)
                self.con.execute("DELETE FROM entities WHERE list_contains(?, id)", [ids])
            self._insert("entities", ("id", "kind", "name", "aliases", "attrs", "source", "origin"),
                         [(e.id, e.kind, e.name, to_json(e.aliases), to_json(e.attrs), e.source, "ontology")
                          for e in onto.entities.values()])
            self.con.execute("INSERT OR REPLACE INTO settings VALUES ('ontology_hash', ?)", [digest])
            self._search_changed()

    def _search_changed(self) -> None:
        """What is searched has changed (``SearchMixin`` drops its index); nothing here."""
