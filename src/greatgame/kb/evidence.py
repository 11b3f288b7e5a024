"""Extracted records with their evidence: events, quotes, figures, and the figures sources disagree on."""
from __future__ import annotations

from typing import Any

from ..errors import KnowledgeBaseError
from .base import Base, from_json
from .rows import EventRow, FigureRow, QuoteRow, Row

EVIDENCE_TABLES = ("events", "quotes", "figures")


def _period(where: list[str], params: list[Any], column: str, since: str | None, until: str | None) -> None:
    """Keep rows whose ``column`` (an ISO date, as precise as it is known) is from ``since`` to ``until``."""
    if since:
        where.append(f"{column} IS NOT NULL AND substr({column}, 1, {len(since)}) >= ?")
        params.append(since)
    if until:
        where.append(f"{column} IS NOT NULL AND substr({column}, 1, {len(until)}) <= ?")
        params.append(until)


class EvidenceMixin(Base):
    """Events, quotes and figures: each row read with the sentence (evidence) it was found in."""

    def _evidence_rows(self, row_type: type[Row], table: str, columns: str, span: tuple[str, str],
                       where: list[str], params: list[Any], order: str, after: str = "",
                       json_lists: tuple[str, ...] = ()) -> list[Any]:
        """The one query behind ``events``, ``quotes`` and ``figures``.

        ``table`` is read as ``x`` joined with its document ``d``; ``columns`` are
        selected, then ``evidence``, the text from ``x.span[0]`` to ``x.span[1]`` as
        the body reads it (see ``_content_evidence``), then ``after``. The columns
        named in ``json_lists`` are decoded ([] for NULL).
        """
        start, end = (f"x.{c}" for c in span)
        rows = self._rows(
            f"SELECT {columns}, substr(d.text, {start} + 1, {end} - {start}) AS evidence{after}, "
            f"{start} AS _span_start, {end} AS _span_end "
            f"FROM {table} x JOIN documents d ON d.id = x.doc_id WHERE {' AND '.join(where)} ORDER BY {order}",
            params)
        self._content_evidence(rows, [(r.pop("_span_start"), r.pop("_span_end")) for r in rows])
        for r in rows:
            for k in json_lists:
                r[k] = from_json(r[k], [])
        return [row_type(**r) for r in rows]

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

    def events(self, actor: str | None = None, type: str | None = None, since: str | None = None,  # noqa: A002
               until: str | None = None, include_unreal: bool = False, doc: str | None = None,
               with_: str | None = None, factuality: str | None = None) -> list[EventRow]:
        """Events with their evidence sentence; reports of one event in several documents share a cluster.

        ``actor`` matches actors, recipients and people; ``with_`` keeps the events that also involve a second
        party (``actor="CHN", with_="KAZ"``: China and Kazakhstan, either way round). Both take a name, an
        alias or an id ("China", "Tokayev", "CSTO"). ``include_unreal`` adds negated, planned and hypothetical
        events (flagged); ``factuality`` keeps the events of one factuality label (happened, negated, future,
        hypothetical, opinion, background), whatever ``include_unreal`` says.
        """
        where, params = ["true"], []
        if factuality:
            where.append("x.factuality = ?")
            params.append(factuality.lower())
        elif not include_unreal:
            where.append("NOT (x.negated OR x.hypothetical OR x.planned)")
        for party in (actor, with_):
            if party:
                party = self.resolve(party)   # type: ignore[attr-defined]
                where.append("(list_contains(CAST(x.actors AS VARCHAR[]), ?) OR list_contains(CAST(x.recipients "
                             "AS VARCHAR[]), ?) OR list_contains(CAST(x.people AS VARCHAR[]), ?))")
                params += [party, party, party]
        if type:
            where.append("x.type = ?")
            params.append(type.upper())
        if doc:
            where.append("x.doc_id = ?")
            params.append(doc)
        _period(where, params, "x.date", since, until)
        return self._evidence_rows(
            EventRow, "events",
            'x.doc_id AS doc, x.seq, x.type, x.mode, x.actors, x.recipients, x.people, x.date, x.date_precision, '
            'x.date_kind, x.place, x.negated, x.planned, x.hypothetical, x.claim, x.score, x.trigger, x.contexts, '
            'x.cluster, x.start, x."end", x.factuality', ("start", '"end"'), where, params,
            "x.date NULLS LAST, x.doc_id, x.seq", after=", count(*) OVER (PARTITION BY x.cluster) AS reports",
            json_lists=("actors", "recipients", "people", "contexts"))

    def quotes(self, speaker: str | None = None, since: str | None = None, until: str | None = None,
               doc: str | None = None, people: bool = False) -> list[QuoteRow]:
        """Quotes and reported speech with their speaker and evidence sentence (``since``/``until``: publication).

        ``speaker`` takes a name, an alias or an id; with ``people``, a state's speakers include the people who
        act for it (``speaker="KAZ", people=True``: Kazakhstan's and its president's, ministers'... quotes).
        """
        where, params = ["true"], []
        if speaker:
            speaker = self.resolve(speaker)   # type: ignore[attr-defined]
            ids = [speaker, *(self.people_of(speaker) if people else [])]   # type: ignore[attr-defined]
            where.append("list_contains(?, x.speaker_id)")
            params.append(ids)
        if doc:
            where.append("x.doc_id = ?")
            params.append(doc)
        _period(where, params, "d.published", since, until)
        return self._evidence_rows(
            QuoteRow, "quotes",
            "x.doc_id AS doc, x.seq, x.speaker_id AS speaker, x.speaker_text, x.speaker_role, x.speaker_org, "
            'x.text, x.direct, d.published, x.start, x."end"', ("sent_start", "sent_end"), where, params,
            "d.published NULLS LAST, x.doc_id, x.seq")

    def figures(self, actor: str | None = None, unit: str | None = None, since: str | None = None,
                until: str | None = None, doc: str | None = None) -> list[FigureRow]:
        """Figures with what they measure, whom they concern (``actor``: a name, an alias or an id) and their
        evidence sentence."""
        where, params = ["true"], []
        if actor:
            where.append("list_contains(CAST(x.subjects AS VARCHAR[]), ?)")
            params.append(self.resolve(actor))   # type: ignore[attr-defined]
        if unit:
            where.append("x.unit = ?")
            params.append(unit)
        if doc:
            where.append("x.doc_id = ?")
            params.append(doc)
        _period(where, params, "coalesce(x.date, d.published)", since, until)
        return self._evidence_rows(
            FigureRow, "figures",
            "x.doc_id AS doc, x.seq, x.value, x.value_max, x.unit, x.qualifier, x.measure, x.subjects, x.date, "
            'x.text, x.paired_with, d.published, x.start, x."end", x.sent_start', ("sent_start", "sent_end"),
            where, params, "x.doc_id, x.seq", json_lists=("subjects",))

    def event_dates(self) -> tuple[str | None, str | None]:
        """The earliest and latest date of the events that happened (None, None when none is dated)."""
        row = self.con.execute("SELECT min(date), max(date) FROM events WHERE date IS NOT NULL "
                               "AND NOT (negated OR hypothetical OR planned)").fetchone()
        return (row[0], row[1]) if row else (None, None)

    def stored_records(self, table: str, *, real_only: bool = False,
                       include_comments: bool = False) -> list[dict[str, Any]]:
        """The rows of ``events``, ``quotes`` or ``figures`` as stored (JSON columns not decoded), by document
        and sequence, each with ``evidence``: the document's text from its ``start`` to its ``end``, as is.

        ``real_only``: events that happened only (not negated, hypothetical or planned);
        ``include_comments``: also the records found in reader comments.
        """
        if table not in EVIDENCE_TABLES:
            raise KnowledgeBaseError(f"stored_records reads {', '.join(EVIDENCE_TABLES)}, not {table!r}")
        where = ["true"]
        if real_only:
            where.append("NOT (x.negated OR x.hypothetical OR x.planned)")
        if not include_comments:
            where.append("x.part <> 'comments'")
        return self._rows(
            f'SELECT x.*, substr(d.text, x.start + 1, x."end" - x.start) AS evidence FROM {table} x '
            f"JOIN documents d ON d.id = x.doc_id WHERE {' AND '.join(where)} ORDER BY x.doc_id, x.seq")

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

        if not self.table_exists("claims"):
            return []
        out = []
        for c in self._rows("SELECT * FROM claims"):
            unit, value = c["unit"], c["value"]
            if c.get("value_usd") is not None:
                unit, value = "USD", c["value_usd"]
            subjects = tuple(sorted(x for x in (c["subject"], c["partner"]) if x))
            period = str(c["period"] or "")[:4] or None
            # a claim names its measure exactly ("trade_total", "troops_based"): all its words count
            out.append({"key": content_key(c["measure"].replace("_", " ")), "unit": unit, "subjects": subjects,
                        "period": period, "source": c["source"], "value": value,
                        "text": f"{c['measure']} {c['value']} {c['unit']}", "evidence": c.get("note") or "",
                        "doc": None})
        return out
