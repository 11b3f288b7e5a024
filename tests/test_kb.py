"""Knowledge base: transactions, re-ingest, replacement, migrations."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import greatgame
from greatgame.errors import KnowledgeBaseError
from greatgame.ingest import ingest
from greatgame.kb import migrations


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _counts(kb):
    return {t: kb.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "parts", "mentions", "entities")}


def test_reingest_is_a_no_op(kb, tmp_path):
    doc = _write(tmp_path / "a.txt", "Kazakh President Kassym-Jomart Tokayev met Xi Jinping in Astana.\n")
    first = ingest(kb, [doc])
    assert first.added == ["a.txt"]
    before = _counts(kb)
    stamp = kb.con.execute("SELECT ingested_at FROM documents").fetchone()
    second = ingest(kb, [doc])
    assert second.unchanged == ["a.txt"] and not second.added and not second.replaced
    assert _counts(kb) == before
    assert kb.con.execute("SELECT ingested_at FROM documents").fetchone() == stamp


def test_changed_document_replaces_its_extractions(kb, tmp_path):
    doc = _write(tmp_path / "a.txt", "Yerlan Testbaev, director of the Steppe Institute, visited Tajikistan.\n")
    ingest(kb, [doc])
    ents = {e["id"] for e in kb.entities(doc="a.txt")}
    assert "TJK" in ents and "person:Yerlan Testbaev" in ents
    _write(doc, "Turkmenistan opened a pipeline to China.\n")
    report = ingest(kb, [doc])
    assert report.replaced == ["a.txt"]
    ents = {e["id"] for e in kb.entities(doc="a.txt")}
    assert {"TKM", "CHN"} <= ents and "TJK" not in ents
    assert kb.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    # the person found only in the old version is gone with it
    assert kb.con.execute("SELECT count(*) FROM entities WHERE id = 'person:Yerlan Testbaev'").fetchone()[0] == 0
    assert kb.con.execute("SELECT count(*) FROM roles").fetchone()[0] == 0


def test_a_malformed_file_fails_alone(kb, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    _write(folder / "good1.txt", "Uzbekistan signed a deal with Turkey.\n")
    (folder / "bad.txt").write_bytes(b"caf\xe9 \x80\x81 not utf-8")
    (folder / "bad.jsonl").write_text('{"id": "x", "text": "fine"}\n{broken\n', encoding="utf-8")
    _write(folder / "good2.txt", "Kyrgyzstan hosted a summit.\n")
    report = ingest(kb, [folder])
    assert sorted(report.added) == ["good1.txt", "good2.txt", "x"]
    assert len(report.errors) == 2
    messages = sorted(str(e) for e in report.errors)
    assert messages[0].startswith(str(folder / "bad.jsonl") + ":2: not valid JSON")
    assert messages[1].startswith(str(folder / "bad.txt")) and "UTF-8" in messages[1]


def test_failure_while_storing_leaves_nothing_behind(kb, tmp_path, monkeypatch):
    good = _write(tmp_path / "good.txt", "China and Russia held talks in Moscow.\n")
    ingest(kb, [good])
    before = _counts(kb)
    doomed = _write(tmp_path / "doomed.txt", "Tajikistan and Uzbekistan signed a water agreement.\n")
    real_insert = kb._insert

    def failing_insert(table, cols, rows):
        if table == "mentions":
            raise duckdb.ConstraintException("simulated failure while writing mentions")
        return real_insert(table, cols, rows)

    monkeypatch.setattr(kb, "_insert", failing_insert)
    report = ingest(kb, [doomed])
    assert report.errors and "simulated failure" in str(report.errors[0])
    assert str(report.errors[0]).startswith(str(doomed))
    assert _counts(kb) == before
    assert kb.con.execute("SELECT count(*) FROM parts WHERE doc_id = 'doomed.txt'").fetchone()[0] == 0


def test_schema_is_versioned(kb):
    shipped = migrations.available()
    assert shipped[0][0] == 1
    assert kb.schema_version == shipped[-1][0]
    tables = {r[0] for r in kb.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"documents", "parts", "citations", "comments", "entities", "mentions", "roles",
            "events", "quotes", "figures", "schema_version"} <= tables


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.duckdb"
    greatgame.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version (version, description) VALUES (999, 'from the future')")
    con.close()
    with pytest.raises(KnowledgeBaseError, match="newer than this greatgame"):
        greatgame.open(path)


def test_default_path_honours_environment(monkeypatch, tmp_path):
    from greatgame.kb import default_path

    monkeypatch.setenv("GREATGAME_DB", str(tmp_path / "env.duckdb"))
    assert default_path() == tmp_path / "env.duckdb"


def test_older_extractor_output_is_extracted_again(kb, tmp_path):
    doc = _write(tmp_path / "a.txt", "Uzbekistan and Turkey signed a trade agreement in Tashkent.\n")
    ingest(kb, [doc])
    kb.con.execute("UPDATE documents SET extractor = '0'")
    report = ingest(kb, [doc])
    assert report.replaced == ["a.txt"]
    assert ingest(kb, [doc]).unchanged == ["a.txt"]


def test_migrations_upgrade_an_old_knowledge_base(tmp_path):
    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    migrations.current_version(con)            # creates schema_version
    number, description, sql = migrations.available()[0]
    con.execute(sql)
    con.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", [number, description])
    con.execute("INSERT INTO documents (id, hash, text) VALUES ('old.txt', 'abc', 'Kept across upgrades.')")
    con.close()
    kb = greatgame.open(path)
    assert kb.schema_version == migrations.available()[-1][0] > 1
    assert kb.con.execute("SELECT text FROM documents WHERE id = 'old.txt'").fetchone()[0] == "Kept across upgrades."
    cols = {r[0] for r in kb.con.execute("SELECT column_name FROM information_schema.columns "
                                         "WHERE table_name = 'events'").fetchall()}
    assert "cluster" in cols
    kb.close()


@pytest.mark.shared
def test_evidence_holds_only_the_body_it_reads(seeded_kb):
    # seed 004 has a sentence broken by a page of footnotes: its evidence reads as the body reads
    kb = seeded_kb
    notes = {}
    for doc, start, end, text in kb.con.execute(
            "SELECT p.doc_id, p.start, p.\"end\", d.text FROM parts p JOIN documents d ON d.id = p.doc_id "
            "WHERE p.kind IN ('notes', 'furniture', 'comments')").fetchall():
        piece = text[start:end].strip()
        if len(piece) > 30:
            notes.setdefault(doc, []).append(piece)
    rows = kb.events() + kb.quotes() + kb.figures()
    assert rows
    for r in rows:
        for piece in notes.get(r["doc"], []):
            assert piece not in r["evidence"], (r["doc"], r["evidence"][:200])
    joined = [q for q in kb.quotes() if "member States of the North Atlantic Treaty" in q["evidence"]]
    assert joined and all(q["evidence"].startswith("The Russian proposal declares") for q in joined)


# ------------------------------------------------------------------ the named methods other layers call

def test_catalogue(kb):
    assert kb.table_exists("documents") and not kb.table_exists("no_such_table")
    assert kb.table_columns("datasets")[:3] == ["id", "name", "publisher"]
    assert kb.table_columns("no_such_table") == []
    assert kb.row_count("documents") == 0 and kb.row_count("no_such_table") == 0


def test_replace_dataset_and_read_table(kb):
    import pandas as pd

    record = {"name": "Test trade", "publisher": "nobody", "url": None, "licence": "CC0", "citation": "-",
              "layout": "csv", "path": "/tmp/x.csv", "sha256": "abc", "rows": 3, "collection": "test",
              "encoding": "utf-8", "tables": {"trade": 3}}
    frame = pd.DataFrame({"dataset": ["t"] * 3, "source_row": [1, 2, 3], "reporter": ["KAZ", "KAZ", "UZB"],
                          "partner": ["CHN", "RUS", "CHN"], "year": [2019, 2020, 2020],
                          "value_usd_mn": [1.0, 2.0, 3.0]})
    assert kb.replace_dataset("t", {"trade": frame}, ["trade"], record) is False
    assert kb.replace_dataset("t", {"trade": frame}, ["trade"], record) is True      # replaced, not added to
    assert kb.row_count("trade") == 3
    (ds,) = kb.datasets()
    assert ds["id"] == "t" and ds["rows"] == 3 and ds["tables"] == {"trade": 3}

    got = kb.read_table("trade", ["reporter", "year", "value_usd_mn"], where={"partner": "CHN"},
                        order_by=["reporter"])
    assert got.to_dict("records") == [{"reporter": "KAZ", "year": 2019, "value_usd_mn": 1.0},
                                      {"reporter": "UZB", "year": 2020, "value_usd_mn": 3.0}]
    got = kb.read_table("trade", ["source_row"], where={"reporter": ["UZB", "KAZ"]}, years=(2020, 2020),
                        order_by=["source_row"])
    assert list(got.source_row) == [2, 3]
    assert kb.read_table("trade", where={"reporter": set()}).empty
    assert list(kb.read_table("trade").columns) == kb.table_columns("trade")
    missing = kb.read_table("no_such_table", ["a", "b"])
    assert missing.empty and list(missing.columns) == ["a", "b"]
    for bad in ({"columns": ["nope"]}, {"where": {"nope": 1}}, {"order_by": ["nope"]}):
        with pytest.raises(KnowledgeBaseError, match="nope"):
            kb.read_table("trade", **bad)
    with pytest.raises(KnowledgeBaseError, match="no column"):
        kb.read_table("datasets", years=(2000, 2001))           # no "year" column there

    # a failure leaves the previous version whole
    bad = frame.assign(no_such_column=1)
    with pytest.raises(KnowledgeBaseError, match="no_such_column"):
        kb.replace_dataset("t", {"trade": bad}, ["trade"], record)
    assert kb.row_count("trade") == 3
    with pytest.raises(KnowledgeBaseError, match="not one of its tables"):
        kb.replace_dataset("t", {"indicators": frame}, ["trade"], record)
    assert kb.row_count("trade") == 3


def test_read_table_unchecked_reads_the_same_in_one_query(kb):
    import pandas as pd

    frame = pd.DataFrame({"dataset": ["t"] * 3, "source_row": [1, 2, 3], "reporter": ["KAZ", "KAZ", "UZB"],
                          "partner": ["CHN", "RUS", "CHN"], "year": [2019, 2020, 2020],
                          "value_usd_mn": [1.0, 2.0, 3.0]})
    kb.replace_dataset("t", {"trade": frame}, ["trade"], {"name": "t", "rows": 3, "tables": {"trade": 3}})
    ask = {"where": {"reporter": ["UZB", "KAZ"]}, "years": (2020, 2020), "order_by": ["source_row"]}
    pd.testing.assert_frame_equal(kb.read_table("trade", ["source_row", "partner"], checked=False, **ask),
                                  kb.read_table("trade", ["source_row", "partner"], **ask))
    missing = kb.read_table("no_such_table", ["a", "b"], checked=False)
    assert missing.empty and list(missing.columns) == ["a", "b"]
    for bad in ({"columns": ["nope"]}, {"columns": ["year"], "where": {"nope": 1}},
                {"columns": ["year"], "order_by": ["nope"]}):
        with pytest.raises(KnowledgeBaseError, match="nope"):
            kb.read_table("trade", checked=False, **bad)


def test_boundaries_and_datasets_when_absent(kb):
    assert kb.boundaries() == [] and kb.datasets() == []


def test_rows_are_dataclasses_and_dicts(kb, tmp_path):
    import dataclasses
    import json

    from greatgame.kb.rows import EventRow

    ingest(kb, [_write(tmp_path / "a.txt", "China and Kazakhstan signed a railway agreement in Astana on "
                                           "3 March 2024.\n")])
    (doc,) = kb.documents()
    assert doc.id == doc["id"] == "a.txt" and dataclasses.is_dataclass(doc)
    assert json.loads(json.dumps(doc)) == dict(doc) and list(doc) == [f.name for f in dataclasses.fields(doc)]
    event = kb.events(include_unreal=True)[0]
    assert isinstance(event, EventRow) and event.get("actors") == event.actors
    event["evidence"] = "changed"              # either name: both views
    assert event.evidence == "changed"
    event.score = 9.0
    assert event["score"] == 9.0 and dataclasses.asdict(event) == dict(event)
    event["extra"] = 1                          # a caller's own key: the dict only
    assert dict(event)["extra"] == 1


def test_search_index_follows_the_documents(kb, tmp_path):
    doc = _write(tmp_path / "a.txt", "Turkmenistan opened a pipeline to China.\n")
    ingest(kb, [doc])
    assert not kb.has_search_index()                     # never searched: built by the first search
    assert [h["ref"] for h in kb.search("pipeline") if h["kind"] == "document"] == ["a.txt"]
    assert kb.has_search_index()
    reader = kb.reader()                                  # a read-only view: it searches the same index
    assert [h["ref"] for h in reader.search("pipeline") if h["kind"] == "document"] == ["a.txt"]
    reader.close()
    _write(doc, "Uzbekistan hosted a railway summit.\n")
    ingest(kb, [doc])                                     # the ingest keeps the index it found
    assert kb.has_search_index()
    assert not [h for h in kb.search("pipeline") if h["kind"] == "document"]
    assert [h["ref"] for h in kb.search("railway") if h["kind"] == "document"] == ["a.txt"]
    kb.delete("a.txt")                                    # a write drops it; the next search builds it
    assert not kb.has_search_index() and not kb.search("railway")


def test_event_factuality_is_stored_and_filtered(kb, tmp_path):
    doc = _write(tmp_path / "a.txt", "Uzbekistan and Turkey signed a trade agreement in Tashkent on Monday. "
                                     "Kazakhstan did not sign the agreement. Russia will host a summit next year.\n")
    ingest(kb, [doc])
    stored = dict(kb.con.execute("SELECT type || ':' || coalesce(factuality, ''), negated OR planned OR hypothetical "
                                 "FROM events").fetchall())
    labels = {k.split(":")[1] for k in stored}
    assert {"happened", "negated", "future"} <= labels
    # the flags say what the label says
    assert all(flag == (not k.endswith(":happened")) for k, flag in stored.items())
    happened = kb.events()
    assert happened and {r["factuality"] for r in happened} == {"happened"}
    negated = kb.events(factuality="negated")
    assert negated and {r["factuality"] for r in negated} == {"negated"} and all(r["negated"] for r in negated)
    assert {r["factuality"] for r in kb.events(include_unreal=True)} >= {"happened", "negated", "future"}


def test_migration_labels_events_stored_before_factuality(tmp_path):
    path = tmp_path / "v7.duckdb"
    con = duckdb.connect(str(path))
    migrations.current_version(con)
    for number, description, sql in migrations.available():
        if number >= 8:
            break
        con.execute(sql)
        con.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", [number, description])
    con.execute("INSERT INTO documents (id, hash, text) VALUES ('old.txt', 'abc', 'Old text.')")
    for seq, (neg, plan, hyp) in enumerate([(False, False, False), (True, False, False), (False, True, False),
                                            (False, False, True)]):
        con.execute("INSERT INTO events (doc_id, seq, type, negated, planned, hypothetical) VALUES "
                    "('old.txt', ?, 'AGREE', ?, ?, ?)", [seq, neg, plan, hyp])
    con.close()
    kb = greatgame.open(path)
    assert [r[0] for r in kb.con.execute("SELECT factuality FROM events ORDER BY seq").fetchall()] == \
        ["happened", "negated", "future", "hypothetical"]
    kb.close()


def test_a_batch_runs_its_statements_in_order_and_fails_as_one_by_one(kb):
    con = kb.con
    con.execute("CREATE TABLE batch_t (a INTEGER PRIMARY KEY, b VARCHAR, c BLOB)")
    batch = con.batch()
    batch.execute("INSERT INTO batch_t VALUES (?, ?, NULL)", [1, "semi;colon -- not a comment"])
    batch.execute("INSERT INTO batch_t VALUES (2, 'two', NULL) -- a closing comment")
    batch.execute("INSERT INTO batch_t VALUES (?, ?, ?)", [3, "bound", b"\x00\x01"])   # bound by DuckDB: after 1, 2
    batch.execute("UPDATE batch_t SET b = b || '!' WHERE a <= 3")
    # the bound one ran at once, after the two kept before it; the update waits for ``flush``
    assert con.execute("SELECT a, b FROM batch_t ORDER BY a").fetchall() == [
        (1, "semi;colon -- not a comment"), (2, "two"), (3, "bound")]
    batch.flush()
    assert con.execute("SELECT a, b FROM batch_t ORDER BY a").fetchall() == [
        (1, "semi;colon -- not a comment!"), (2, "two!"), (3, "bound!")]
    con.execute("BEGIN TRANSACTION")
    batch.execute("INSERT INTO batch_t VALUES (4, 'four', NULL)")
    batch.execute("INSERT INTO batch_t VALUES (1, 'again', NULL)")               # a duplicate key: fails
    batch.execute("INSERT INTO batch_t VALUES (5, 'five', NULL)")
    with pytest.raises(duckdb.ConstraintException):
        batch.flush()
    con.execute("ROLLBACK")
    assert [r[0] for r in con.execute("SELECT a FROM batch_t ORDER BY a").fetchall()] == [1, 2, 3]


def test_document_state_answers_as_the_three_questions(kb, tmp_path):
    from greatgame.documents.readers import read_paths

    a = _write(tmp_path / "a.txt", "Kazakhstan and China signed a deal.\n")
    ingest(kb, [a])
    folder = tmp_path / "other"
    folder.mkdir()
    copies = [_write(folder / name, text) for name, text in
              [("a.txt", "Kazakhstan and China signed a deal.\n"), ("b.txt", "Kazakhstan and China signed a deal.\n"),
               ("c.txt", "Something else entirely.\n")]]
    for doc in [d for d in read_paths([a, *copies]) if hasattr(d, "text")]:
        state = kb.document_state(doc)
        assert state.hash == kb.stored_hash(doc.id)
        assert state.up_to_date == kb.up_to_date(doc)
        assert state.same_content == kb.same_content(doc)


def test_one_thread_inside_and_the_setting_as_before_after(kb):
    kb.con.execute("SET threads = 2")
    with kb.one_thread():
        assert kb.con.execute("SELECT current_setting('threads')").fetchone()[0] == 1
    assert kb.con.execute("SELECT current_setting('threads')").fetchone()[0] == 2
    with pytest.raises(RuntimeError), kb.one_thread():
        raise RuntimeError("a failure inside")
    assert kb.con.execute("SELECT current_setting('threads')").fetchone()[0] == 2
