"""Issue 16, the ingest side: limits in every mode, child processes, data integrity, quiet errors.

* hostile text is refused by the size caps before the slow step, in well under its time budget;
* ``--workers 2 --timeout 5`` on a document that passes every cap but is slow to extract ends in
  a generous multiple of the limit with that document failed once;
* a document that ended its Dask worker is not handed to another;
* SIGTERM/SIGINT to a ``--workers 2`` ingest, and SIGKILL, leave no process of its behind;
* ``published`` is validated; the same content under a new name is stored once; ``--sync``;
* a damaged PDF gives one error line, not pypdf's log.

No assertion here is on wall-clock time except generous bounds of the limits themselves.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

import greatgame
from greatgame.documents.checks import MAX_SYMBOL_RUN, MAX_WORD_CHARS, check_published, text_problem, valid_published
from greatgame.documents.model import Document
from greatgame.errors import DocumentError
from greatgame.ingest import ingest

psutil = pytest.importorskip("psutil")
ROOT = Path(__file__).resolve().parent.parent
GOOD = "Kazakhstan and China signed a railway agreement in Astana on 3 May 2023.\n"


def _slow_text() -> str:
    """Text within every cap that spaCy's tokenizer still takes minutes over (about 1 s a chunk here)."""
    return " ".join("&" * MAX_SYMBOL_RUN + chr(97 + i % 26) * 9000 + chr(97 + i // 26 % 26) * 10
                    for i in range(60)) + "\n"


def _cli(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, "-m", "greatgame.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kwargs)


def _run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    proc = _cli(*args)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


# ------------------------------------------------------------------ size caps before the slow step

@pytest.mark.parametrize("name, data, reason", [
    ("amps.txt", b"&" * 200_000, "200,000 characters in a row without a space"),
    ("amps.html", b"<html><body><p>" + b"&amp;" * 200_000 + b"</p></body></html>", "without a space"),
    ("spaced.txt", b"Kazakhstan signed. " + b"(" * 5_000 + b" and more", "5,000 punctuation or symbol"),
    ("big.html", b"<html><body>" + b"<p>Kazakhstan and China.</p>" * 200_000 + b"</body></html>",
     "the limit is 5 MB for an HTML page"),
])
def test_hostile_text_is_refused_before_the_slow_step(tmp_path, kb, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    started = time.monotonic()
    report = ingest(kb, [path], timeout=60)
    assert time.monotonic() - started < 20                     # well under its 60 s budget
    (error,) = report.errors
    assert str(error).startswith(f"{path}: ") and reason in str(error), error
    assert not report.added


def test_caps_leave_prose_alone():
    prose = "Kazakhstan and China signed (in Astana) a deal... \u201cWe agree,\u201d he said.\n" * 10_000
    assert text_problem(prose) is None
    assert text_problem("=" * 80 + "\n" + "http://example.com/" + "a/" * 1000) is None
    assert "in a row without a space" in text_problem("a" * (MAX_WORD_CHARS + 1))
    assert "punctuation or symbol" in text_problem("x " + "_" * (MAX_SYMBOL_RUN + 1))


# ------------------------------------------------------------------ --workers keeps the limit

def test_workers_keep_the_time_limit_and_fail_the_document_once(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "slow.txt").write_text(_slow_text(), encoding="utf-8")
    assert text_problem(_slow_text()) is None               # no cap catches it: only the time limit
    db = tmp_path / "kb.duckdb"
    started = time.monotonic()
    result = _run_cli("ingest", str(folder), "--db", str(db), "--workers", "2", "--timeout", "5",
                      "--format", "json", timeout=600)
    took = time.monotonic() - started
    report = json.loads(result.stdout)["ingest"]
    assert result.returncode == 1, result.stderr
    assert report["added"] == ["a.txt"]
    assert report["errors"] == [f"{folder / 'slow.txt'}: extraction took longer than 5 s"]
    assert took < 40 * 5, took                              # a cluster's start-up, then the limit: not minutes
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT id FROM documents").fetchall() == [("a.txt",)]
    con.close()


def test_a_document_that_ended_its_worker_is_not_tried_again():
    """Dask retries a task whose worker died; the retry of a document gives up at once."""
    from dask.distributed import Client, Event, LocalCluster

    from greatgame.ingest.distributed import _extract

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=40, preload=["greatgame.ingest.distributed"])
    client = Client(cluster)
    try:
        doc = Document(id="slow.txt", text=_slow_text(), source="docs/slow.txt", format="text")
        future = client.submit(_extract, doc, 120, "greatgame-test-marker", pure=False)
        marker = Event("greatgame-test-marker", client=client)
        deadline = time.monotonic() + 120
        while not marker.is_set():
            assert time.monotonic() < deadline, "the worker never took the document up"
            time.sleep(0.1)
        time.sleep(1)
        (nanny,) = cluster.workers.values()
        os.killpg(nanny.pid, signal.SIGKILL)                # the worker and its extraction child
        result = future.result(timeout=120)
        assert isinstance(result, DocumentError)
        assert str(result) == "docs/slow.txt: extraction ended its worker process: not tried again"
        assert not marker.is_set()                          # nothing left behind on the scheduler
    finally:
        client.close()
        cluster.close()


# ------------------------------------------------------------------ no process outlives the ingest

def _descendants(pid: int) -> list:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _alive(procs) -> list:
    alive = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p)
        except psutil.NoSuchProcess:
            pass
    return alive


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_a_signalled_workers_ingest_leaves_no_process_behind(tmp_path, signum):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(3):
        (folder / f"slow{i}.txt").write_text(_slow_text().replace("a", "b" * (i + 1), 1), encoding="utf-8")
    proc = _cli("ingest", str(folder), "--db", str(tmp_path / "kb.duckdb"), "--workers", "2", "--timeout", "300",
                "-q")
    deadline = time.monotonic() + 240
    while True:     # two workers, each extracting in its own child
        kids = _descendants(proc.pid)
        extracting = [k for k in _alive(kids) if "greatgame.ingest.isolation" in " ".join(k.cmdline())]
        if len(extracting) >= 2:
            break
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the workers never started extracting"
        time.sleep(0.3)
    for kid in extracting:      # each in its worker's process group, not the ingest's
        assert os.getpgid(kid.pid) == kid.ppid() != os.getpgid(proc.pid)
    kids = _descendants(proc.pid)
    os.kill(proc.pid, signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (-signum, 128 + signum), (proc.returncode, err)
    if signum != signal.SIGKILL:
        assert "Traceback" not in err, err
    deadline = time.monotonic() + 30
    while _alive(kids):
        assert time.monotonic() < deadline, f"left running: {[k.cmdline()[:3] for k in _alive(kids)]}"
        time.sleep(0.2)


def test_the_isolated_child_dies_with_its_process_not_with_the_thread_that_started_it(tmp_path):
    script = tmp_path / "holder.py"
    script.write_text(
        "import sys, threading, time\n"
        "from greatgame.ingest.isolation import shared_extractor\n"
        "t = threading.Thread(target=lambda: shared_extractor().start())\n"
        "t.start(); t.join()\n"                                  # the starting thread is gone
        "time.sleep(2)\n"
        "from greatgame.documents.model import Document\n"
        "d = Document(id='a', text='Kazakhstan and China signed a deal.', source='a.txt', format='text')\n"
        "print(shared_extractor().pid, len(shared_extractor()(d, 30).mentions), flush=True)\n"
        "time.sleep(600)\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    holder = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = holder.stdout.readline().split()
        assert len(line) == 2 and int(line[1]) > 0, line        # the child survived its thread, and works
        child = psutil.Process(int(line[0]))
        assert os.getpgid(child.pid) == child.pid               # it leads its own process group
    finally:
        holder.send_signal(signal.SIGTERM)                      # Python's default: the process just ends
        holder.wait(30)
    deadline = time.monotonic() + 20
    while _alive([child]):
        assert time.monotonic() < deadline, "the isolated child outlived its process"
        time.sleep(0.2)


# ------------------------------------------------------------------ data integrity

@pytest.mark.parametrize("value, ok", [
    ("2024", True), ("2024-03", True), ("2024-03-12", True), ("2024-03-12T10:00:00Z", True),
    ("2024-03-12 10:00", True), ("2024-03-12T10:00:00.123+05:00", True), ("2024-02-29", True),
    ("0000-00-00", False), ("yesterday", False), ("[]", False), ("x" * 5000, False), ("2023-02-30", False),
    ("99999-99-99", False), ("2024-13", False), ("2024-03-12T25:00", False), ("12/03/2024", False),
    ("0000", False), ("1e309", False),
])
def test_published_must_be_an_iso_date(value, ok):
    assert valid_published(value) is ok
    published, warning = check_published(value)
    assert (published == value and warning is None) if ok else (published is None and "not an ISO date" in warning)


def test_bad_published_values_are_stored_as_null_with_a_warning(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    bad = ["0000-00-00", "yesterday", [], "x" * 5000]
    lines = [json.dumps({"id": f"bad{i}", "text": f"Russia sent {i + 10} troops to Tajikistan.", "published": v})
             for i, v in enumerate(bad)]
    lines.append(json.dumps({"id": "good", "text": "Kazakhstan hosted talks.", "published": "2024-03"}))
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "page.txt").write_text(GOOD, encoding="utf-8")
    (folder / "meta.jsonl").write_text(json.dumps({"id": "page.txt", "published": "yesterday"}) + "\n")
    db = tmp_path / "kb.duckdb"
    result = _run_cli("ingest", str(folder), "--db", str(db), "-q")
    assert result.returncode == 0, result.stderr
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 5 and all("is not an ISO date" in w for w in warnings), result.stderr
    assert f"{folder / 'batch.jsonl'}:1: published '0000-00-00'" in warnings[0]
    assert any(f"{folder / 'page.txt'}: published 'yesterday'" in w for w in warnings)
    assert any("(5,000 characters)" in w and len(w) < 300 for w in warnings)
    with greatgame.open(db) as kb:
        for i in range(len(bad)):
            assert kb.document_meta(f"bad{i}")["published"] is None
        assert kb.document_meta("page.txt")["published"] is None
        assert kb.document_meta("good")["published"] == "2024-03"


def test_a_renamed_file_is_not_stored_twice_and_sync_moves_it(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "other.txt").write_text("Russia sent 1,200 troops to Tajikistan.\n", encoding="utf-8")
    db = tmp_path / "kb.duckdb"
    with greatgame.open(db) as kb:
        assert sorted(ingest(kb, [folder]).added) == ["a.txt", "other.txt"]
        events = kb.row_count("events")
        (folder / "a.txt").rename(folder / "b.txt")
        report = ingest(kb, [folder])
        assert report.duplicates == [("b.txt", "a.txt")] and not report.added and report.ok
        assert [d.id for d in kb.documents()] == ["a.txt", "other.txt"] and kb.row_count("events") == events
        (folder / "copy.txt").write_text(GOOD, encoding="utf-8")      # a copy beside it: not stored either
        assert ("copy.txt", "a.txt") in ingest(kb, [folder]).duplicates
        (folder / "copy.txt").unlink()
    result = _run_cli("ingest", str(folder), "--db", str(db), "--sync")
    assert result.returncode == 0, result.stderr
    assert "removed: a.txt" in result.stderr.splitlines()
    assert "1 added" in result.stdout and "1 removed" in result.stdout
    with greatgame.open(db) as kb:
        assert [d.id for d in kb.documents()] == ["b.txt", "other.txt"] and kb.row_count("events") == events


def test_sync_removes_the_documents_of_deleted_files_and_lists_them(tmp_path, kb):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Russia sent 1,200 troops to Tajikistan.\n", encoding="utf-8")
    (folder / "feed.jsonl").write_text(json.dumps({"id": "rec", "text": "Iran and Turkey held talks."}) + "\n")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("Uzbekistan hosted a summit in Tashkent.\n", encoding="utf-8")
    assert len(ingest(kb, [folder, elsewhere]).added) == 4
    (folder / "sub" / "b.txt").unlink()
    (folder / "feed.jsonl").unlink()
    elsewhere.unlink()                                      # not under the synced folder: kept
    assert ingest(kb, [tmp_path / "missing"], sync=True).removed == []     # a folder that is not there
    report = ingest(kb, [folder], sync=True)
    assert sorted(report.removed) == ["b.txt", "rec"] and report.unchanged == ["a.txt"]
    assert [d.id for d in kb.documents()] == ["a.txt", "elsewhere.txt"]
    assert ingest(kb, [folder], sync=True).removed == []


# ------------------------------------------------------------------ quiet errors

def test_a_damaged_pdf_gives_one_error_line_not_the_parsers_log(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    for i in range(20):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, f"Kazakhstan and China, page {i}. " * 20)
    data = bytes(pdf.output())
    folder = tmp_path / "docs"
    folder.mkdir()
    xref = data.rindex(b"xref")
    (folder / "noxref.pdf").write_bytes(data[:xref] + b"trailer\n<< /Root 1 0 R >>\nstartxref\n999999\n%%EOF\n")
    for n in range(8):          # damaged in the middle: pypdf logs a line for each oddity it meets
        broken = bytearray(data)
        at = len(data) * (n + 1) // 10
        broken[at:at + 400] = bytes((at * 7 + k * 13) % 256 for k in range(400))
        (folder / f"broken{n}.pdf").write_bytes(bytes(broken[:xref]) + b"%%EOF\n")
    result = _run_cli("ingest", str(folder), "--db", str(tmp_path / "kb.duckdb"), "-q")
    lines = [ln for ln in result.stderr.splitlines() if not ln.startswith("warning: ")]   # a PDF read: its date
    assert all(ln.startswith("error: ") for ln in lines), result.stderr[:3000]
    assert len(lines) == len({ln.split(":")[1] for ln in lines}) <= 9


def test_the_ingest_installs_its_signal_handlers_only_for_its_own_run(kb, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    ingest(kb, [tmp_path])
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
    seen = []
    thread = threading.Thread(target=lambda: seen.append(ingest(kb, [tmp_path], timeout=0)))
    thread.start()
    thread.join(60)
    assert seen and seen[0].unchanged == ["a.txt"]          # off the main thread: no handlers, no error
