"""A real ``greatgame ingest`` killed with SIGKILL part-way leaves a consistent knowledge base.

The ingest runs as ``python -m greatgame.cli ingest`` in a subprocess. While
it writes, DuckDB holds the file locked, so its progress is watched through
the write-ahead log (``<db>.wal``), which grows by one committed transaction
per document: a reference run over the same folder first measures how far it
grows, then the run under test is killed once its log has covered a part of
that. Every document is stored in one transaction, so what survives must be
whole documents only, exactly as a clean run stores them, and running the same
ingest again must finish the job without duplicates.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import greatgame
from greatgame.kb.documents import DOC_TABLES

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

N_DOCS = 150
COUNTRIES = ["Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "China", "Russia", "Turkey",
             "Iran", "India", "Japan", "the United States", "Azerbaijan", "Pakistan", "Afghanistan", "Mongolia"]
CITIES = ["Astana", "Tashkent", "Bishkek", "Dushanbe", "Ashgabat", "Almaty", "Samarkand", "Baku"]
TEMPLATES = [
    "{a} and {b} signed an agreement on railway freight in {city} on Monday.",
    "{a} sent {n} troops to {b} for joint exercises near the border.",
    "Trade between {a} and {b} rose to ${m} billion last year, officials said.",
    "The foreign minister of {a} visited {city} to discuss gas exports to {b}.",
    "{a} pledged a loan of ${m} million to {b} for a new hydropower plant.",
    "Officials in {city} said {a} would open a consulate in {b} next spring.",
    "\u201cWe will deepen our partnership with {b},\u201d the president of {a} said in {city}.",
    "{a} and {b} held talks on water sharing and electricity supplies on {day} March 2024.",
]
# Tables whose rows are one document's, and the key that must be unique in each.
KEYS = {t: "doc_id, seq" for t in DOC_TABLES}
KEYS["parts"] = "doc_id, kind, seq"
KEYS["comment_stances"] = "doc_id, comment, entity"


def _write_corpus(folder: Path, count: int) -> None:
    rng = random.Random(1906)
    folder.mkdir(parents=True)
    for i in range(count):
        a, b = rng.sample(COUNTRIES, 2)
        sentences = [rng.choice(TEMPLATES).format(a=a, b=b, city=rng.choice(CITIES), n=rng.randint(50, 5000),
                                                  m=rng.randint(1, 90), day=rng.randint(1, 28))
                     for _ in range(rng.randint(2, 6))]
        title = f"{a[0].upper()}{a[1:]} and {b} talk again ({i})"
        (folder / f"doc{i:03d}.txt").write_text(f"{title}\n\n" + " ".join(sentences) + "\n", encoding="utf-8")


def _start(folder: Path, db: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "greatgame.cli", "ingest", str(folder), "--db", str(db), "-q"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "GREATGAME_DOC_TIMEOUT": "60"})


def _wal_size(db: Path) -> int:
    try:
        return Path(f"{db}.wal").stat().st_size
    except FileNotFoundError:
        return 0


def _watch(proc: subprocess.Popen, db: Path, timeout: float = 120) -> tuple[int, int]:
    """Wait for a full run; return its log's (first, largest) sizes seen."""
    first = peak = 0
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        size = _wal_size(db)
        first = first or size
        peak = max(peak, size)
        assert time.monotonic() < deadline, "the reference ingest hangs"
        time.sleep(0.005)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    return first, peak


def _kill_when(proc: subprocess.Popen, db: Path, size: float, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while _wal_size(db) < size:
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the ingest ended (status {proc.returncode}) before it could be killed: {err}")
        assert time.monotonic() < deadline, "the ingest makes no progress"
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL


def _rows(con, table: str, docs: list[str] | None = None) -> list[tuple]:
    column = "id" if table == "documents" else "doc_id"
    select = "* EXCLUDE (ingested_at)" if table == "documents" else "*"
    where, params = ("", []) if docs is None else (f"WHERE list_contains(?, {column})", [docs])
    return con.execute(f"SELECT {select} FROM {table} {where} ORDER BY ALL", params).fetchall()


def _assert_whole(con, ref) -> list[str]:
    """Every stored document is whole, nothing points nowhere; each document as a clean run stored it."""
    docs = [r[0] for r in con.execute("SELECT id FROM documents ORDER BY id").fetchall()]
    with_parts = con.execute("SELECT count(DISTINCT doc_id) FROM parts").fetchone()[0]
    assert with_parts == len(docs)
    for table in DOC_TABLES:
        orphans = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)"
                              ).fetchone()[0]
        assert orphans == 0, table
        dupes = con.execute(f"SELECT count(*) FROM (SELECT {KEYS[table]} FROM {table} GROUP BY ALL "
                            "HAVING count(*) > 1)").fetchone()[0]
        assert dupes == 0, table
    for table in ("documents", *DOC_TABLES):
        assert _rows(con, table, docs) == _rows(ref, table, docs), table
    dangling = con.execute("SELECT count(*) FROM mentions WHERE entity_id IS NOT NULL AND entity_id NOT IN "
                           "(SELECT id FROM entities)").fetchone()[0]
    assert dangling == 0
    return docs


def test_killed_ingest_leaves_whole_documents_and_resumes(tmp_path):
    folder = tmp_path / "docs"
    _write_corpus(folder, N_DOCS)
    ref_db, db = tmp_path / "ref.duckdb", tmp_path / "kb.duckdb"
    for path in (ref_db, db):
        greatgame.open(path).close()    # created and checkpointed: the log then holds documents only

    started = time.monotonic()
    first, peak = _watch(_start(folder, ref_db), ref_db)   # also shows that ``python -m greatgame.cli`` runs
    assert 0 < first < peak, (first, peak)
    ref = duckdb.connect(str(ref_db), read_only=True)
    assert ref.execute("SELECT count(*) FROM documents").fetchone()[0] == N_DOCS

    # killed at about a third of the documents, then again part-way through the rest
    seen = []
    for share in (0.3, 0.5):
        _kill_when(_start(folder, db), db, first + share * (peak - first))
        kb = greatgame.open(db)         # opens, replaying what the log committed
        docs = _assert_whole(kb.con, ref)
        kb.close()
        assert 0 < len(docs) < N_DOCS and len(docs) > len(seen[-1] if seen else [])
        seen.append(docs)

    # running the same ingest again completes the job, with nothing twice
    rerun = subprocess.run([sys.executable, "-m", "greatgame.cli", "ingest", str(folder), "--db", str(db), "-q",
                            "--format", "json"], capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)["ingest"]
    assert sorted(report["unchanged"]) == seen[-1] and not report["replaced"] and not report["errors"]
    assert len(report["added"]) == N_DOCS - len(seen[-1])
    con = duckdb.connect(str(db), read_only=True)
    docs = _assert_whole(con, ref)
    assert len(docs) == N_DOCS == len(list(folder.iterdir()))
    for table in ("documents", *DOC_TABLES):
        assert _rows(con, table) == _rows(ref, table), table
    assert sorted(r[0] for r in con.execute("SELECT id FROM entities").fetchall()) == \
        sorted(r[0] for r in ref.execute("SELECT id FROM entities").fetchall())
    con.close()
    ref.close()
    assert time.monotonic() - started < 90
