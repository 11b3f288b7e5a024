"""The knowledge base: an embedded DuckDB file and the queries over it."""
from __future__ import annotations

import hashlib
import json
import math
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from ..documents.model import Document
from ..documents.readers import read_files
from ..errors import DocumentError, GreatgameError, KnowledgeBaseError, NotFound
from ..extract.model import Extraction
from ..ontology import FILES as ONTOLOGY_FILES
from ..ontology import load as load_ontology
from .migrations import migrate

ENV_DB = "GREATGAME_DB"
ENV_TIMEOUT = "GREATGAME_DOC_TIMEOUT"
DEFAULT_TIMEOUT = 60.0     # seconds one document may take to read, and to extract
MAX_TIMEOUT = 1e8          # longer limits are none (setitimer and lock waits overflow past ~1e9 s)
DOC_TABLES = ("parts", "citations", "comments", "mentions", "roles", "events", "quotes", "quantities", "dates",
              "comment_stances")


def default_path() -> Path:
    """``$GREATGAME_DB``, else ``greatgame.duckdb`` in the user's data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("greatgame")) / "greatgame.duckdb"


def doc_timeout(timeout: float | None = None) -> float | None:
    """The per-document time limit in seconds, or None for none.

    ``timeout`` if given, else ``$GREATGAME_DOC_TIMEOUT``, else 60 s; zero or
    less means no limit, and so does anything over ``MAX_TIMEOUT`` (about three
    years, ``inf`` included: no timer takes longer ones). NaN, or a variable that
    is not a number, is a ``GreatgameError``.
    """
    if timeout is None:
        raw = os.environ.get(ENV_TIMEOUT, "").strip()
        if not raw:
            return DEFAULT_TIMEOUT
        try:
            timeout = float(raw)
        except ValueError:
            timeout = math.nan
        if math.isnan(timeout):
            raise GreatgameError(f"{ENV_TIMEOUT}={raw!r}: not a number of seconds")
    if timeout != timeout:   # NaN
        raise GreatgameError("the per-document time limit must be a number of seconds, not NaN")
    return float(timeout) if 0 < timeout <= MAX_TIMEOUT else None


class DocumentTimeout(BaseException):
    """Raised (by SIGALRM) when reading or extracting one document runs past its time limit.

    A ``BaseException``, like ``KeyboardInterrupt``, so that no ``except
    Exception`` inside the extractor can swallow it and run on unbounded.
    """


def _seconds(limit: float) -> str:
    return f"{limit:g}"


def _one_line(exc: BaseException) -> str:
    """An error message on one line (DuckDB's and others' may run over several)."""
    return " ".join(str(exc).split())


def extraction_failed(exc: BaseException) -> str:
    """How an unexpected error of the extractor (a bug, not a ``GreatgameError``) is reported."""
    return f"extraction failed ({type(exc).__name__}: {_one_line(exc)})"


def time_limit_works() -> bool:
    """Whether ``time_limit`` can interrupt its body here: on the main thread, where there is SIGALRM."""
    return (hasattr(signal, "SIGALRM") and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread())


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``DocumentTimeout`` in the body once ``seconds`` of wall time have passed.

    Uses ``signal.setitimer(ITIMER_REAL)`` and a SIGALRM handler, so it only
    works on the main thread of a platform with SIGALRM; elsewhere (a worker
    thread, Windows) the body runs without a limit. The previous handler and
    timer are restored afterwards (a timer that came due meanwhile fires at once).
    ``time_limit_works()`` says whether it does here; off the main thread,
    ``greatgame.kb.isolation`` bounds extraction instead.
    """
    if not seconds or not time_limit_works():
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise DocumentTimeout()

    old_delay, old_interval = signal.getitimer(signal.ITIMER_REAL)
    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    if old_handler is None:          # installed from outside Python: the best we can put back
        old_handler = signal.SIG_DFL
    started = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        while True:   # the alarm may go off while being disarmed: it fires once, so retry once
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old_handler)
                break
            except DocumentTimeout:
                continue
        if old_delay:
            left = old_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), old_interval)


Extractor = Callable[[Document, float | None], Extraction]
"""How ``KnowledgeBase.ingest`` extracts one document under a time limit:
``extractor(document, limit)`` returns the extraction, raises ``DocumentTimeout``
once it has taken more than ``limit`` seconds (None: no limit), and raises any
other error as it happens (a ``GreatgameError`` is reported by its message)."""


def extract_in_process(document: Document, limit: float | None = None) -> Extraction:
    """Extract in this process, bounded by ``time_limit``: on the main thread only.

    Off the main thread (or without SIGALRM) it runs unbounded; pass it to
    ``KnowledgeBase.ingest(extractor=...)`` to ask for exactly that.
    """
    from .. import extract as extraction

    if limit:
        # Loading the language model once per process is not this document's time.
        from ..extract.pipeline import nlp
        nlp()
    with time_limit(limit):
        return extraction.extract(document)


@dataclass
class IngestReport:
    """What an ingest did, document by document."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "errors": [str(e) for e in self.errors]}


def event_cluster(event: Any) -> str | None:
    """The key that merges reports of one real-world event across documents.

    Two reports are of the same event when they agree on type, parties
    (actors and recipients together, as outlets code sides differently) and a
    date known at least to the month. Events without such a date stay alone.
    """
    if not event.date or len(event.date) < 7 or not event.happened:
        return None
    parties = sorted(set(event.actors) | set(event.recipients))
    return f"{event.type}|{','.join(parties)}|{event.date[:7]}"


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


class KnowledgeBase:
    """A greatgame knowledge base. Open with ``greatgame.open(path)``."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = Path(path) if path is not None else default_path()
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise KnowledgeBaseError(f"{self.path}: no knowledge base here (run greatgame ingest first)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise KnowledgeBaseError(f"{self.path}: cannot open knowledge base ({exc})") from None
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

    def __enter__(self) -> "KnowledgeBase":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------ helpers
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def _insert(self, table: str, cols: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        quoted = ", ".join(f'"{c}"' for c in cols)
        one = "(" + ", ".join("?" * len(cols)) + ")"
        chunk = max(1, 2000 // len(cols))
        for i in range(0, len(rows), chunk):
            batch = rows[i:i + chunk]
            sql = f"INSERT INTO {table} ({quoted}) VALUES " + ", ".join([one] * len(batch))
            self.con.execute(sql, [v for row in batch for v in row])

    def _sync_ontology(self) -> None:
        """Load the shipped ontology's entities when they are new or have changed."""
        from importlib import resources

        h = hashlib.sha256()
        for name in ONTOLOGY_FILES:
            f = resources.files("greatgame.ontology").joinpath("data", name)
            if f.is_file():
                h.update(f.read_bytes())
        digest = h.hexdigest()
        row = self.con.execute("SELECT value FROM settings WHERE key = 'ontology_hash'").fetchone()
        if row and row[0] == digest:
            return
        onto = load_ontology()
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DELETE FROM entities WHERE origin = 'ontology'")
            ids = list(onto.entities)
            self.con.execute("DELETE FROM entities WHERE list_contains(?, id)", [ids])
            self._insert("entities", ("id", "kind", "name", "aliases", "attrs", "source", "origin"),
                         [(e.id, e.kind, e.name, _json(e.aliases), _json(e.attrs), e.source, "ontology")
                          for e in onto.entities.values()])
            self.con.execute("INSERT OR REPLACE INTO settings VALUES ('ontology_hash', ?)", [digest])
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------ ingest
    def stored_hash(self, doc_id: str) -> str | None:
        row = self.con.execute("SELECT hash FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def _up_to_date(self, doc: Document) -> bool:
        from ..extract import EXTRACTOR_VERSION

        row = self.con.execute("SELECT hash, extractor FROM documents WHERE id = ?", [doc.id]).fetchone()
        return row is not None and row[0] == doc.hash and row[1] == EXTRACTOR_VERSION

    def ingest(self, paths: Iterable[str | Path],
               progress: Callable[[str, str], None] | None = None,
               timeout: float | None = None,
               extractor: Extractor | None = None) -> IngestReport:
        """Read, extract and store every document under ``paths``.

        One transaction per document: a failure leaves nothing of that document
        behind and does not stop the others. ``progress(doc_id_or_source, status)``
        is called after each document. ``timeout``: seconds one document may
        take to extract (default ``$GREATGAME_DOC_TIMEOUT``, else 60; 0: no
        limit); a document that takes longer is reported as an error
        ("extraction took longer than N s") and not stored.

        ``extractor`` chooses how the limit is kept (see ``Extractor``):

        * None (the default): on the main thread, in this process under a
          SIGALRM timer (``extract_in_process``), as always. Anywhere else (a
          worker thread, a platform without SIGALRM), when there is a limit,
          in the process-wide ``greatgame.kb.isolation.shared_extractor()``: a
          child process, started on first use and kept, killed and replaced
          when a document runs past the limit. So the limit is never skipped
          silently.
        * ``IsolatedExtractor(...)``: always in that child process.
        * ``extract_in_process``: always in this process; off the main thread
          that means no limit.

        Reading is bounded the same way, but only on the main thread: there, a
        file whose reader takes longer for one document is given up, with an
        error, and the next is read. Off the main thread reading is not timed
        (the readers' size limits still hold).
        """
        limit = doc_timeout(timeout)
        if extractor is None:
            if limit and not time_limit_works():
                from .isolation import shared_extractor
                extractor = shared_extractor()
            else:
                extractor = extract_in_process
        report = IngestReport()
        for path, items in read_files(paths):
            while True:
                try:
                    with time_limit(limit):
                        item = next(items, None)
                except DocumentTimeout:
                    item = DocumentError(path, f"reading took longer than {_seconds(limit)} s")
                    items = iter(())
                if item is None:
                    break
                if isinstance(item, DocumentError):
                    report.errors.append(item)
                    if progress:
                        progress(item.source, "error")
                    continue
                status = self._ingest_one(item, extractor, report, limit)
                if progress:
                    progress(item.id, status)
        return report

    def _ingest_one(self, doc: Document, extractor: Extractor, report: IngestReport,
                    limit: float | None = None) -> str:
        old = self.stored_hash(doc.id)
        if self._up_to_date(doc):
            report.unchanged.append(doc.id)
            return "unchanged"
        try:
            extraction = extractor(doc, limit)
        except DocumentTimeout:
            report.errors.append(DocumentError(doc.source, f"extraction took longer than {_seconds(limit)} s"))
            return "error"
        except GreatgameError as exc:
            report.errors.append(DocumentError(doc.source, _one_line(exc)))
            return "error"
        except Exception as exc:  # an extractor bug must not stop the folder
            report.errors.append(DocumentError(doc.source, extraction_failed(exc)))
            return "error"
        try:
            self.store(extraction)
        except duckdb.Error as exc:
            report.errors.append(DocumentError(doc.source, f"could not store ({_one_line(exc)})"))
            return "error"
        (report.replaced if old is not None else report.added).append(doc.id)
        return "replaced" if old is not None else "added"

    def store(self, extraction: Extraction) -> None:
        """Write one document and everything extracted from it, replacing any old version."""
        from ..extract import EXTRACTOR_VERSION

        doc = extraction.document
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            self._delete_document(doc.id)
            con.execute(
                "INSERT INTO documents (id, hash, source, format, title, published, url, author, meta, text, "
                "extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc.id, doc.hash, doc.source, doc.format, doc.title, doc.published, doc.url, doc.author,
                 _json(doc.meta), doc.text, EXTRACTOR_VERSION])
            layout = extraction.layout
            self._insert("parts", ("doc_id", "kind", "seq", "start", "end", "joiner"),
                         [(doc.id, p.kind, i, s.start, s.end, p.joiners[i - 1] if i else None)
                          for p in layout.parts for i, s in enumerate(p.segments)])
            self._insert("citations", ("doc_id", "seq", "number", "start", "end", "text", "cited_at", "outlet",
                                       "title", "authors", "url", "date", "date_text"),
                         [(doc.id, i, c.number, c.start, c.end, c.text, c.cited_at, c.outlet, c.title,
                           _json(c.authors), c.url, c.date, c.date_text) for i, c in enumerate(layout.citations)])
            self._insert("comments", ("doc_id", "seq", "author", "start", "end", "author_start", "author_end"),
                         [(doc.id, i, c.author, c.start, c.end, c.author_start, c.author_end)
                          for i, c in enumerate(layout.comments)])
            existing = {r[0] for r in con.execute(
                "SELECT id FROM entities WHERE list_contains(?, id)", [list(extraction.entities)]).fetchall()}
            self._insert("entities", ("id", "kind", "name", "aliases", "attrs", "source", "origin"),
                         [(e.id, e.kind, e.name, "[]", _json(e.attrs), f"text:{doc.id}", "text")
                          for e in extraction.entities.values() if e.id not in existing])
            self._insert("mentions", ("doc_id", "seq", "part", "start", "end", "text", "entity_id", "label",
                                      "method", "sent_start", "sent_end"),
                         [(doc.id, i, m.part, m.start, m.end, m.text, m.entity, m.label, m.method,
                           m.sent_start, m.sent_end) for i, m in enumerate(extraction.mentions)])
            self._insert("roles", ("doc_id", "seq", "person_id", "role", "org_id", "org_text", "part", "start",
                                   "end"),
                         [(doc.id, i, r.person, r.role, r.org, r.org_text, r.part, r.start, r.end)
                          for i, r in enumerate(extraction.roles)])
            self._store_content(doc.id, extraction)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _store_content(self, doc_id: str, extraction: Extraction) -> None:
        """Events, quotes, figures, dates and comment stances of one document."""
        self._insert("events", ("doc_id", "seq", "type", "mode", "contexts", "actors", "recipients", "people",
                                "date", "date_precision", "date_kind", "place", "negated", "hypothetical",
                                "planned", "claim", "score", "trigger", "part", "start", "end", "trigger_start",
                                "trigger_end", "cluster"),
                     [(doc_id, i, e.type, e.mode, _json(e.contexts), _json(e.actors), _json(e.recipients),
                       _json(e.people), e.date, e.date_precision, e.date_kind, e.place, e.negated,
                       e.hypothetical, e.planned, e.claim, e.score, e.trigger, e.part, e.start, e.end,
                       e.trigger_start, e.trigger_end, event_cluster(e) or f"{doc_id}#{i}")
                      for i, e in enumerate(extraction.events)])
        self._insert("quotes", ("doc_id", "seq", "speaker_id", "speaker_text", "speaker_role", "speaker_org",
                                "text", "direct", "part", "start", "end", "sent_start", "sent_end"),
                     [(doc_id, i, q.speaker, q.speaker_text, q.speaker_role, q.speaker_org, q.text, q.direct,
                       q.part, q.start, q.end, q.sent_start, q.sent_end) for i, q in enumerate(extraction.quotes)])
        self._insert("quantities", ("doc_id", "seq", "value", "value_max", "unit", "measure", "subjects", "date",
                                    "qualifier", "text", "part", "start", "end", "sent_start", "sent_end",
                                    "paired_with"),
                     [(doc_id, i, f.value, f.value_max, f.unit, f.measure, _json(f.subjects), f.date, f.qualifier,
                       f.text, f.part, f.start, f.end, f.sent_start, f.sent_end, f.paired_with)
                      for i, f in enumerate(extraction.figures)])
        self._insert("dates", ("doc_id", "seq", "part", "start", "end", "text", "value", "precision", "value_end",
                               "relative", "kind"),
                     [(doc_id, i, d.part, d.start, d.end, d.text, d.value, d.precision, d.value_end, d.relative,
                       d.kind) for i, d in enumerate(extraction.dates)])
        seen = set()
        rows = []
        for st in extraction.stances:
            if (st.comment, st.entity) not in seen:
                seen.add((st.comment, st.entity))
                rows.append((doc_id, st.comment, st.entity, st.stance, st.score))
        self._insert("comment_stances", ("doc_id", "comment", "entity", "stance", "score"), rows)

    def _delete_document(self, doc_id: str) -> None:
        for table in DOC_TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
        self.con.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        # Entities found only in the old version of this document go with it.
        self.con.execute(
            "DELETE FROM entities WHERE origin = 'text' AND id NOT IN "
            "(SELECT entity_id FROM mentions WHERE entity_id IS NOT NULL) "
            "AND id NOT IN (SELECT person_id FROM roles) "
            "AND id NOT IN (SELECT org_id FROM roles WHERE org_id IS NOT NULL)")

    def delete(self, doc_id: str) -> None:
        """Remove a document and everything extracted from it."""
        if self.stored_hash(doc_id) is None:
            raise NotFound(f"no document {doc_id!r}")
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._delete_document(doc_id)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------ queries
    def documents(self) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT d.id, d.title, d.published, d.format, d.source, length(d.text) AS chars, "
            "(SELECT count(*) FROM citations c WHERE c.doc_id = d.id) AS citations, "
            "(SELECT count(*) FROM comments c WHERE c.doc_id = d.id) AS comments, "
            "(SELECT count(DISTINCT entity_id) FROM mentions m WHERE m.doc_id = d.id) AS entities "
            "FROM documents d ORDER BY d.id")

    def part_text(self, doc_id: str, kind: str) -> str | None:
        from ..documents.model import Part, Segment

        text = self._document_row(doc_id)["text"]
        segs = self._rows('SELECT start, "end", joiner FROM parts WHERE doc_id = ? AND kind = ? ORDER BY seq',
                          [doc_id, kind])
        if not segs:
            return None
        part = Part(kind, [Segment(s["start"], s["end"]) for s in segs], [s["joiner"] for s in segs[1:]])
        return part.render(text)[0]

    def _document_row(self, doc_id: str) -> dict[str, Any]:
        rows = self._rows("SELECT * FROM documents WHERE id = ?", [doc_id])
        if not rows:
            raise NotFound(f"no document {doc_id!r} in {self.path}")
        return rows[0]

    def document(self, doc_id: str) -> dict[str, Any]:
        """Metadata, parts, citations, comments and mentions of one document."""
        row = self._document_row(doc_id)
        text = row.pop("text")
        row["meta"] = json.loads(row["meta"]) if row["meta"] else {}
        row["ingested_at"] = str(row["ingested_at"])
        kinds = [r["kind"] for r in self._rows("SELECT DISTINCT kind FROM parts WHERE doc_id = ?", [doc_id])]
        order = ["title", "body", "notes", "furniture", "comments"]
        kinds.sort(key=lambda k: order.index(k) if k in order else 99)
        row["parts"] = {}
        for kind in kinds:
            segs = self._rows('SELECT start, "end" FROM parts WHERE doc_id = ? AND kind = ? ORDER BY seq',
                              [doc_id, kind])
            row["parts"][kind] = {"text": self.part_text(doc_id, kind),
                                  "segments": [[s["start"], s["end"]] for s in segs]}
        row["body"] = row["parts"].get("body", {}).get("text", "")
        cits = self._rows("SELECT * EXCLUDE (doc_id) FROM citations WHERE doc_id = ? ORDER BY seq", [doc_id])
        for c in cits:
            c["authors"] = json.loads(c["authors"]) if c["authors"] else []
            c.pop("seq")
        row["citations"] = cits
        comments = self._rows('SELECT author, start, "end" FROM comments WHERE doc_id = ? ORDER BY seq', [doc_id])
        for c in comments:
            c["text"] = text[c["start"]:c["end"]]
        row["comments"] = comments
        row["mentions"] = self._rows(
            'SELECT part, start, "end", text, entity_id AS entity, label, method FROM mentions '
            "WHERE doc_id = ? ORDER BY start, seq", [doc_id])
        row["roles"] = self._rows(
            "SELECT person_id AS person, role, org_id AS org, org_text FROM roles WHERE doc_id = ? ORDER BY seq",
            [doc_id])
        row["events"] = self.events(doc=doc_id, include_unreal=True)
        row["quotes"] = self.quotes(doc=doc_id)
        row["figures"] = self.figures(doc=doc_id)
        row["dates"] = self._rows('SELECT start, "end", text, value, precision, value_end, kind FROM dates '
                                  "WHERE doc_id = ? ORDER BY seq", [doc_id])
        row["comment_stances"] = self._rows("SELECT comment, entity, stance, score FROM comment_stances "
                                            "WHERE doc_id = ? ORDER BY comment, entity", [doc_id])
        row["text"] = text
        return row

    def entities(self, doc: str | None = None, kind: str | None = None,
                 include_comments: bool = False) -> list[dict[str, Any]]:
        """Entities with their mention counts: all that are mentioned, or those of one document."""
        where, params = ["m.entity_id IS NOT NULL"], []
        if doc is not None:
            self._document_row(doc)
            where.append("m.doc_id = ?")
            params.append(doc)
        if not include_comments:
            where.append("m.part <> 'comments'")
        if kind is not None:
            where.append("e.kind = ?")
            params.append(kind)
        rows = self._rows(
            "SELECT e.id, e.kind, e.name, count(*) AS mentions, count(DISTINCT m.doc_id) AS documents, "
            "e.origin, e.attrs FROM mentions m JOIN entities e ON e.id = m.entity_id "
            f"WHERE {' AND '.join(where)} GROUP BY ALL ORDER BY mentions DESC, e.id", params)
        for r in rows:
            r["attrs"] = json.loads(r["attrs"]) if r["attrs"] else {}
        return rows

    def entity(self, entity_id: str) -> dict[str, Any]:
        rows = self._rows("SELECT * FROM entities WHERE id = ?", [entity_id])
        if not rows:
            raise NotFound(f"no entity {entity_id!r}")
        row = rows[0]
        row["aliases"] = json.loads(row["aliases"]) if row["aliases"] else []
        row["attrs"] = json.loads(row["attrs"]) if row["attrs"] else {}
        row["roles"] = self._rows("SELECT doc_id AS doc, role, org_id AS org FROM roles WHERE person_id = ?",
                                  [entity_id])
        return row

    def mentions(self, doc: str | None = None, entity: str | None = None) -> list[dict[str, Any]]:
        where, params = ["true"], []
        if doc is not None:
            where.append("doc_id = ?")
            params.append(doc)
        if entity is not None:
            where.append("entity_id = ?")
            params.append(entity)
        return self._rows(
            'SELECT doc_id AS doc, part, start, "end", text, entity_id AS entity, label, method FROM mentions '
            f"WHERE {' AND '.join(where)} ORDER BY doc_id, start", params)

    # ------------------------------------------------------------ extracted records
    @staticmethod
    def _period(where: list[str], params: list[Any], column: str, since: str | None, until: str | None) -> None:
        if since:
            where.append(f"{column} IS NOT NULL AND substr({column}, 1, {len(since)}) >= ?")
            params.append(since)
        if until:
            where.append(f"{column} IS NOT NULL AND substr({column}, 1, {len(until)}) <= ?")
            params.append(until)

    def events(self, actor: str | None = None, type: str | None = None, since: str | None = None,  # noqa: A002
               until: str | None = None, include_unreal: bool = False, doc: str | None = None
               ) -> list[dict[str, Any]]:
        """Events with their evidence sentence; reports of one event in several documents share a cluster.

        ``actor`` matches actors, recipients and people; ``include_unreal`` adds
        negated, planned and hypothetical events (flagged).
        """
        where, params = ["true"], []
        if not include_unreal:
            where.append("NOT (e.negated OR e.hypothetical OR e.planned)")
        if actor:
            where.append("(list_contains(CAST(e.actors AS VARCHAR[]), ?) OR list_contains(CAST(e.recipients AS "
                         "VARCHAR[]), ?) OR list_contains(CAST(e.people AS VARCHAR[]), ?))")
            params += [actor, actor, actor]
        if type:
            where.append("e.type = ?")
            params.append(type.upper())
        if doc:
            where.append("e.doc_id = ?")
            params.append(doc)
        self._period(where, params, "e.date", since, until)
        rows = self._rows(
            'SELECT e.doc_id AS doc, e.seq, e.type, e.mode, e.actors, e.recipients, e.people, e.date, '
            'e.date_precision, e.date_kind, e.place, e.negated, e.planned, e.hypothetical, e.claim, e.score, '
            'e.trigger, e.contexts, e.cluster, e.start, e."end", '
            'substr(d.text, e.start + 1, e."end" - e.start) AS evidence, '
            'count(*) OVER (PARTITION BY e.cluster) AS reports '
            f"FROM events e JOIN documents d ON d.id = e.doc_id WHERE {' AND '.join(where)} "
            "ORDER BY e.date NULLS LAST, e.doc_id, e.seq", params)
        self._content_evidence(rows, [(r["start"], r["end"]) for r in rows])
        for r in rows:
            for k in ("actors", "recipients", "people", "contexts"):
                r[k] = json.loads(r[k]) if r[k] else []
        return rows

    def _content_evidence(self, rows: list[dict[str, Any]], spans: list[tuple[int | None, int | None]]) -> None:
        """Keep only the document's title and body in each row's ``evidence`` (the text of ``spans``).

        A sentence can run across a page break where the reader put footnotes or furniture between two
        body segments: "... declares that member States [12] F. Najibullah, ... of the North Atlantic
        Treaty ...". The evidence is the sentence as the body reads, its pieces joined by a space; the
        stored offsets still span the whole stretch of the original text.
        """
        docs = sorted({r["doc"] for r in rows})
        if not docs:
            return
        segments: dict[str, list[tuple[int, int]]] = {}
        for doc, start, end in self.con.execute(
                "SELECT doc_id, start, \"end\" FROM parts WHERE kind IN ('title', 'body') "
                "AND doc_id IN (SELECT unnest(?)) ORDER BY doc_id, start", [docs]).fetchall():
            segments.setdefault(doc, []).append((start, end))
        for r, (a, b) in zip(rows, spans):
            segs = segments.get(r["doc"])
            if not segs or a is None or b is None or not r.get("evidence"):
                continue
            pieces = [(max(a, s), min(b, e)) for s, e in segs if s < b and e > a]
            if not pieces or pieces == [(a, b)]:
                continue
            text = r["evidence"]
            r["evidence"] = " ".join(p for p in (text[s - a:e - a].strip() for s, e in pieces) if p)

    def quotes(self, speaker: str | None = None, since: str | None = None, until: str | None = None,
               doc: str | None = None) -> list[dict[str, Any]]:
        """Quotes and reported speech with their speaker and evidence sentence (``since``/``until``: publication)."""
        where, params = ["true"], []
        if speaker:
            where.append("q.speaker_id = ?")
            params.append(speaker)
        if doc:
            where.append("q.doc_id = ?")
            params.append(doc)
        self._period(where, params, "d.published", since, until)
        rows = self._rows(
            "SELECT q.doc_id AS doc, q.seq, q.speaker_id AS speaker, q.speaker_text, q.speaker_role, q.speaker_org, "
            "q.text, q.direct, d.published, q.start, q.\"end\", "
            "substr(d.text, q.sent_start + 1, q.sent_end - q.sent_start) AS evidence, "
            "q.sent_start AS _s, q.sent_end AS _e "
            f"FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE {' AND '.join(where)} "
            "ORDER BY d.published NULLS LAST, q.doc_id, q.seq", params)
        self._content_evidence(rows, [(r.pop("_s"), r.pop("_e")) for r in rows])
        return rows

    def figures(self, actor: str | None = None, unit: str | None = None, since: str | None = None,
                until: str | None = None, doc: str | None = None) -> list[dict[str, Any]]:
        """Figures (quantities) with what they measure, whom they concern and their evidence sentence."""
        where, params = ["true"], []
        if actor:
            where.append("list_contains(CAST(q.subjects AS VARCHAR[]), ?)")
            params.append(actor)
        if unit:
            where.append("q.unit = ?")
            params.append(unit)
        if doc:
            where.append("q.doc_id = ?")
            params.append(doc)
        self._period(where, params, "coalesce(q.date, d.published)", since, until)
        rows = self._rows(
            "SELECT q.doc_id AS doc, q.seq, q.value, q.value_max, q.unit, q.qualifier, q.measure, q.subjects, "
            "q.date, q.text, q.paired_with, d.published, q.start, q.\"end\", q.sent_start, "
            "substr(d.text, q.sent_start + 1, q.sent_end - q.sent_start) AS evidence, q.sent_end AS _e "
            f"FROM quantities q JOIN documents d ON d.id = q.doc_id WHERE {' AND '.join(where)} "
            "ORDER BY q.doc_id, q.seq", params)
        self._content_evidence(rows, [(r["sent_start"], r.pop("_e")) for r in rows])
        for r in rows:
            r["subjects"] = json.loads(r["subjects"]) if r["subjects"] else []
        return rows

    def disagreements(self) -> list[dict[str, Any]]:
        """Figures for one measure (same unit, subjects and period) whose values differ between sources.

        Each claim keeps its value and its source; nothing is averaged.
        """
        from ..extract.measures import measure_key

        groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for f in self.figures():
            key = measure_key(f["measure"], f["evidence"], f["start"] - (f["sent_start"] or f["start"]))
            if not key or not f["subjects"]:
                continue
            period = (f["date"] or "")[:4] or None
            f["source"] = f["doc"]
            groups.setdefault((key, f["unit"], tuple(sorted(f["subjects"])), period), []).append(f)
        for c in self._claims():
            groups.setdefault((c["key"], c["unit"], c["subjects"], c["period"]), []).append(c)
        out = []
        for (key, unit, subjects, period), claims in groups.items():
            docs = {c["source"] for c in claims}
            values = sorted({c["value"] for c in claims})
            if len(docs) < 2 or len(values) < 2:
                continue
            if values[-1] - values[0] <= 0.01 * abs(values[-1]):
                continue
            out.append({"measure": key, "unit": unit, "subjects": list(subjects), "period": period,
                        "claims": [{"doc": c.get("doc"), "source": c["source"], "value": c["value"],
                                    "text": c["text"], "evidence": c["evidence"]} for c in claims]})
        return out

    def _claims(self) -> list[dict[str, Any]]:
        """Cited facts imported from shared/data/facts, shaped like figures, for disagreements."""
        from ..extract.measures import content_key

        if not self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'claims'"
                                ).fetchone()[0]:
            return []
        out = []
        for c in self._rows("SELECT * FROM claims"):
            unit, value = c["unit"], c["value"]
            if c.get("value_usd") is not None:
                unit, value = "USD", c["value_usd"]
            subjects = tuple(sorted(x for x in (c["subject"], c["partner"]) if x))
            period = str(c["period"] or "")[:4] or None
            # a claim names its measure exactly ("trade_total", "troops_based"): all its words count
            out.append({"key": content_key(c["measure"].replace("_", " ")), "unit": unit, "subjects": subjects, "period": period,
                        "source": c["source"], "value": value, "text": f"{c['measure']} {c['value']} {c['unit']}",
                        "evidence": c.get("note") or "", "doc": None})
        return out

    def summary(self) -> dict[str, Any]:
        one = lambda sql: self.con.execute(sql).fetchone()[0]  # noqa: E731
        parts = dict(self.con.execute(
            "SELECT kind, count(DISTINCT doc_id) FROM parts GROUP BY kind ORDER BY kind").fetchall())
        kinds = dict(self.con.execute(
            "SELECT e.kind, count(DISTINCT e.id) FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.part <> 'comments' GROUP BY e.kind ORDER BY e.kind").fetchall())
        return {
            "db": str(self.path),
            "schema_version": self.schema_version,
            "documents": one("SELECT count(*) FROM documents"),
            "parts": parts,
            "citations": one("SELECT count(*) FROM citations"),
            "comments": one("SELECT count(*) FROM comments"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "linked_mentions": one("SELECT count(*) FROM mentions WHERE entity_id IS NOT NULL"),
            "entities_by_kind": kinds,
            "events": one("SELECT count(*) FROM events"),
            "quotes": one("SELECT count(*) FROM quotes"),
            "quantities": one("SELECT count(*) FROM quantities"),
        }


def open(path: str | Path | None = None, read_only: bool = False) -> KnowledgeBase:  # noqa: A001
    """Open (creating and migrating if needed) the knowledge base at ``path``."""
    return KnowledgeBase(path, read_only=read_only)
