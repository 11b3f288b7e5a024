"""Documents and what is extracted from them: storing, replacing, deleting; documents, entities, mentions."""
from __future__ import annotations

from typing import Any, NamedTuple

from ..documents.model import Document
from ..errors import NotFound
from ..extract.model import Extraction
from .base import Base, from_json, to_json
from .rows import DocumentRow, EntityRow, MentionRow

DOC_TABLES = ("parts", "citations", "comments", "mentions", "roles", "events", "quotes", "figures", "dates",
              "comment_stances")
"""The tables whose rows belong to one document (column ``doc_id``)."""


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


class StoredState(NamedTuple):
    """What the knowledge base holds of a document: its stored version's hash (None: not stored), whether that
    version is up to date, and another stored document with its content (the first id), if any."""

    hash: str | None
    up_to_date: bool
    same_content: str | None


class DocumentsMixin(Base):
    """The document tables: one transaction per document stored, replaced or deleted."""

    # ------------------------------------------------------------ writing
    def stored_hash(self, doc_id: str) -> str | None:
        """The content hash of the stored version of a document, None if it is not stored."""
        return self._one("SELECT hash FROM documents WHERE id = ?", [doc_id])

    def up_to_date(self, doc: Document) -> bool:
        """Whether ``doc`` is stored with this content, extracted by this version of the extractor."""
        from ..extract import EXTRACTOR_VERSION

        row = self.con.execute("SELECT hash, extractor FROM documents WHERE id = ?", [doc.id]).fetchone()
        return row is not None and row[0] == doc.hash and row[1] == EXTRACTOR_VERSION

    def same_content(self, doc: Document) -> str | None:
        """The id of another stored document with ``doc``'s content (text and publication date), if any."""
        return self._one("SELECT id FROM documents WHERE hash = ? AND id <> ? ORDER BY id LIMIT 1",
                         [doc.hash, doc.id])

    def document_state(self, doc: Document) -> StoredState:
        """What ``stored_hash``, ``up_to_date`` and ``same_content`` say of ``doc``, in one question."""
        from ..extract import EXTRACTOR_VERSION

        rows = self.con.execute("SELECT id, hash, extractor FROM documents WHERE id = ? OR hash = ?",
                                [doc.id, doc.hash]).fetchall()
        own = next((r for r in rows if r[0] == doc.id), None)
        others = [r[0] for r in rows if r[1] is not None and r[1] == doc.hash and r[0] != doc.id]
        return StoredState(own[1] if own else None,
                           own is not None and own[1] == doc.hash and own[2] == EXTRACTOR_VERSION,
                           min(others) if others else None)

    def document_sources(self) -> list[tuple[str, str, str]]:
        """(id, source, format) of every stored document, by id: where each was read from."""
        return [(r[0], r[1], r[2]) for r in self.con.execute(
            "SELECT id, source, format FROM documents ORDER BY id").fetchall()]

    def store(self, extraction: Extraction, replacing: bool | None = None) -> None:
        """Write one document and everything extracted from it, replacing any old version (one transaction).

        ``replacing``: whether a version of it is stored, if the caller has just looked (None: look).

        Its rows go to DuckDB as one script of statements (``Base._batched``): one call instead of a dozen, run
        as they would be one by one, in the same transaction.
        """
        from ..extract import EXTRACTOR_VERSION

        doc = extraction.document
        with self._transaction():
            if replacing if replacing is not None else self.stored_hash(doc.id) is not None:
                with self._batched():
                    self._delete_document(doc.id)   # first: the entities only the old version had go
                new = False
            else:   # a new document: nothing of it to delete (every row of a document goes with its documents row)
                new = True
            existing = {r[0] for r in self.con.execute(
                "SELECT id FROM entities WHERE list_contains(?, id)", [list(extraction.entities)]).fetchall()}
            with self._batched() as batch:
                if new:
                    self._search_changed()
                batch.execute(
                    "INSERT INTO documents (id, hash, source, format, title, published, url, author, meta, text, "
                    "extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [doc.id, doc.hash, doc.source, doc.format, doc.title, doc.published, doc.url, doc.author,
                     to_json(doc.meta), doc.text, EXTRACTOR_VERSION])
                layout = extraction.layout
                self._insert("parts", ("doc_id", "kind", "seq", "start", "end", "joiner"),
                             [(doc.id, p.kind, i, s.start, s.end, p.joiners[i - 1] if i else None)
                              for p in layout.parts for i, s in enumerate(p.segments)])
                self._insert("citations", ("doc_id", "seq", "number", "start", "end", "text", "cited_at",
                                           "outlet", "title", "authors", "url", "date", "date_text"),
                             [(doc.id, i, c.number, c.start, c.end, c.text, c.cited_at, c.outlet, c.title,
                               to_json(c.authors), c.url, c.date, c.date_text)
                              for i, c in enumerate(layout.citations)])
                self._insert("comments", ("doc_id", "seq", "author", "start", "end", "author_start", "author_end"),
                             [(doc.id, i, c.author, c.start, c.end, c.author_start, c.author_end)
                              for i, c in enumerate(layout.comments)])
                self._insert("entities", ("id", "kind", "name", "aliases", "attrs", "source", "origin"),
                             [(e.id, e.kind, e.name, "[]", to_json(e.attrs), f"text:{doc.id}", "text")
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

    def _store_content(self, doc_id: str, extraction: Extraction) -> None:
        """Events, quotes, figures, dates and comment stances of one document."""
        self._insert("events", ("doc_id", "seq", "type", "mode", "contexts", "actors", "recipients", "people",
                                "date", "date_precision", "date_kind", "place", "negated", "hypothetical",
                                "planned", "claim", "score", "trigger", "part", "start", "end", "trigger_start",
                                "trigger_end", "cluster", "factuality"),
                     [(doc_id, i, e.type, e.mode, to_json(e.contexts), to_json(e.actors), to_json(e.recipients),
                       to_json(e.people), e.date, e.date_precision, e.date_kind, e.place, e.negated,
                       e.hypothetical, e.planned, e.claim, e.score, e.trigger, e.part, e.start, e.end,
                       e.trigger_start, e.trigger_end, event_cluster(e) or f"{doc_id}#{i}", e.factuality)
                      for i, e in enumerate(extraction.events)])
        self._insert("quotes", ("doc_id", "seq", "speaker_id", "speaker_text", "speaker_role", "speaker_org",
                                "text", "direct", "part", "start", "end", "sent_start", "sent_end"),
                     [(doc_id, i, q.speaker, q.speaker_text, q.speaker_role, q.speaker_org, q.text, q.direct,
                       q.part, q.start, q.end, q.sent_start, q.sent_end) for i, q in enumerate(extraction.quotes)])
        self._insert("figures", ("doc_id", "seq", "value", "value_max", "unit", "measure", "subjects", "date",
                                    "qualifier", "text", "part", "start", "end", "sent_start", "sent_end",
                                    "paired_with"),
                     [(doc_id, i, f.value, f.value_max, f.unit, f.measure, to_json(f.subjects), f.date, f.qualifier,
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
        """Remove a document's rows (inside the caller's transaction); the search index goes stale."""
        con = self._writer()
        self._search_changed()
        for table in DOC_TABLES:
            con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
        con.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        # Entities found only in the old version of this document go with it.
        con.execute(
            "DELETE FROM entities WHERE origin = 'text' AND id NOT IN "
            "(SELECT entity_id FROM mentions WHERE entity_id IS NOT NULL) "
            "AND id NOT IN (SELECT person_id FROM roles) "
            "AND id NOT IN (SELECT org_id FROM roles WHERE org_id IS NOT NULL)")

    def delete(self, doc_id: str) -> None:
        """Remove a document and everything extracted from it."""
        if self.stored_hash(doc_id) is None:
            raise NotFound(f"no document {doc_id!r}")
        with self._transaction(), self._batched():
            self._delete_document(doc_id)

    # ------------------------------------------------------------ documents
    def documents(self) -> list[DocumentRow]:
        return [DocumentRow(**r) for r in self._rows(
            "SELECT d.id, d.title, d.published, d.format, d.source, length(d.text) AS chars, "
            "(SELECT count(*) FROM citations c WHERE c.doc_id = d.id) AS citations, "
            "(SELECT count(*) FROM comments c WHERE c.doc_id = d.id) AS comments, "
            "(SELECT count(DISTINCT entity_id) FROM mentions m WHERE m.doc_id = d.id) AS entities "
            "FROM documents d ORDER BY d.id")]

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

    def document_meta(self, doc_id: str) -> dict[str, Any] | None:
        """A document's id, title, published, url, author, source and meta (decoded); None if not stored."""
        rows = self._rows("SELECT id, title, published, url, author, source, meta FROM documents WHERE id = ?",
                          [doc_id])
        if not rows:
            return None
        row = rows[0]
        row["meta"] = from_json(row["meta"], {})
        return row

    def document(self, doc_id: str) -> dict[str, Any]:
        """Metadata, parts, citations, comments and mentions of one document."""
        row = self._document_row(doc_id)
        text = row.pop("text")
        row["meta"] = from_json(row["meta"], {})
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
            c["authors"] = from_json(c["authors"], [])
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
        row["events"] = self.events(doc=doc_id, include_unreal=True)  # type: ignore[attr-defined]
        row["quotes"] = self.quotes(doc=doc_id)  # type: ignore[attr-defined]
        row["figures"] = self.figures(doc=doc_id)  # type: ignore[attr-defined]
        row["dates"] = self._rows('SELECT start, "end", text, value, precision, value_end, kind FROM dates '
                                  "WHERE doc_id = ? ORDER BY seq", [doc_id])
        row["comment_stances"] = self._rows("SELECT comment, entity, stance, score FROM comment_stances "
                                            "WHERE doc_id = ? ORDER BY comment, entity", [doc_id])
        row["text"] = text
        return row

    # ------------------------------------------------------------ entities and mentions
    def entities(self, doc: str | None = None, kind: str | None = None,
                 include_comments: bool = False) -> list[EntityRow]:
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
            r["attrs"] = from_json(r["attrs"], {})
        return [EntityRow(**r) for r in rows]

    def entity(self, entity_id: str) -> dict[str, Any]:
        rows = self._rows("SELECT * FROM entities WHERE id = ?", [entity_id])
        if not rows:
            raise NotFound(f"no entity {entity_id!r}")
        row = rows[0]
        row["aliases"] = from_json(row["aliases"], [])
        row["attrs"] = from_json(row["attrs"], {})
        row["roles"] = self._rows("SELECT doc_id AS doc, role, org_id AS org FROM roles WHERE person_id = ?",
                                  [entity_id])
        return row

    def mentions(self, doc: str | None = None, entity: str | None = None) -> list[MentionRow]:
        where, params = ["true"], []
        if doc is not None:
            where.append("doc_id = ?")
            params.append(doc)
        if entity is not None:
            where.append("entity_id = ?")
            params.append(entity)
        return [MentionRow(**r) for r in self._rows(
            'SELECT doc_id AS doc, part, start, "end", text, entity_id AS entity, label, method FROM mentions '
            f"WHERE {' AND '.join(where)} ORDER BY doc_id, start", params)]

    def entity_links(self, include_comments: bool = False) -> list[tuple[str, str]]:
        """Every distinct (document, entity) pair the documents' own text links (reader comments left out). A
        person the text refers to only by a role ("the President of Uzbekistan", method "role") is not named,
        so is no pair (FORMAT.md lists named people); the state that phrase names is."""
        where = "AND coalesce(method, '') <> 'role' " + ("" if include_comments else "AND part <> 'comments' ")
        return [(d, e) for d, e in self.con.execute(
            f"SELECT DISTINCT doc_id, entity_id FROM mentions WHERE entity_id IS NOT NULL {where}"
            "ORDER BY doc_id, entity_id").fetchall()]

    def summary(self) -> dict[str, Any]:
        one = self._one
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
            "figures": one("SELECT count(*) FROM figures"),
        }
