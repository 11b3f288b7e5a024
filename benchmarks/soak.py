"""Soak test: thousands of generated hostile inputs through serial and ``--workers 2`` ingest, and SIGKILLs.

    ./dev soak [--inputs 10000] [--kills 20] [--timeout 5] [--seed 16] [--keep DIR]

1. Generates ``--inputs`` hostile files (a fixed seed): mutated and truncated
   text, HTML, feeds, JSON Lines and PDFs; random bytes under every extension;
   UTF-16 with and without BOM; entity floods, symbol runs and words past the
   caps; deep nesting; absurd ``published`` values and junk sidecars; copies of
   stored documents under new names; files over the size caps; and a few texts
   within every cap that still take minutes to extract (only the time limit
   stops those). Some 100 files a folder.
2. Stores a baseline of good documents, then runs every input through
   ``greatgame ingest --format json --timeout T`` twice, serial and with
   ``--workers 2``, each into a copy of the baseline (the CLI runs in a child
   process, its progress callback timestamped).
3. Runs ``--kills`` ingests (alternately serial and ``--workers 2``) over a
   sample of the inputs and SIGKILLs each at a random moment; after each, the
   knowledge base must open, hold whole documents only, and keep the baseline.

Prints: inputs, crashes (a run that ended other than with status 0/1, printed
a traceback or lines other than one-line errors/warnings, or left a knowledge
base that does not open or holds a partial document), hangs past the limit
(a document that took longer than its reading and extraction limits allow,
plus a generous margin for a child's start-up), failed documents stored,
stored documents changed (baseline rows that differ afterwards), orphan
processes (any process of the ingest's tree still alive 20 s after the ingest
ended), and peak memory (the largest total RSS of the ingest's process tree).
Everything but peak memory must be zero; the exit status is 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SENTENCES = [
    "Kazakhstan and China signed a railway agreement in Astana on Monday.",
    "Russia sent 1,200 troops to Tajikistan for joint exercises, the ministry said.",
    "Uzbekistan's trade with Turkey rose to $3.4 billion last year.",
    "\u201cWe will build the road,\u201d said President Sadyr Japarov of Kyrgyzstan.",
    "Turkmenistan exported 30 billion cubic metres of gas to China in 2022.",
    "Iran and Azerbaijan held talks in Baku on 12 March 2024 about a transit corridor.",
    "India pledged a loan of $200 million to Kyrgyzstan for a new hydropower plant.",
    "The foreign minister of Japan visited Tashkent to discuss rare earth exports.",
]
ABSURD_DATES = ["0000-00-00", "yesterday", [], {}, "x" * 5000, "99999-99-99", "2023-02-30", "-5000-01-01",
                "1e309", "   ", None, 12, True, "2024-13-01", "../../etc/passwd", "\u0000", "2024-03-12T99:00"]
JUNK = ["\u200b", "\u202e", "\ufeff", "\u0301" * 3, "\ufffd", "\x00", "\x1b[31m", "<script>alert(1)</script>",
        "'; DROP TABLE documents; --", "%s%s%n", "{{7*7}}", "\r", "\t" * 5, "\U0001F600" * 4, "A\u0308"]
WEIGHTS = {"text": 22, "html": 18, "jsonl": 10, "feed": 8, "pdf": 8, "bytes": 10, "utf16": 3, "symbols": 5,
           "words": 4, "dupe": 3, "empty": 2, "nested": 4, "entities": 3}


# ------------------------------------------------------------------ generating inputs

def prose(rng: random.Random, n: int | None = None) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(n or rng.randint(1, 12)))


def mutate(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not data:
            break
        at = rng.randrange(len(data))
        kind = rng.random()
        if kind < 0.3:
            del data[at:at + rng.randint(1, 200)]
        elif kind < 0.6:
            data[at:at] = rng.randbytes(rng.randint(1, 50))
        elif kind < 0.8:
            data[at:at] = rng.choice(JUNK).encode("utf-8", "surrogatepass")
        else:
            data = data[:at]                                    # truncated
    return bytes(data)


def html_page(rng: random.Random, body: str, published: object = "2024-03-12") -> str:
    return (f"<!DOCTYPE html><html><head><title>{rng.choice(JUNK)} talks</title>"
            f"<meta property=\"article:published_time\" content=\"{published}\"></head><body><article>"
            + "".join(f"<p>{s}</p>" for s in body.split(". ")) + "</article></body></html>")


def feed(rng: random.Random) -> str:
    items = []
    for i in range(rng.randint(0, 6)):
        parts = [f"<title>{rng.choice(JUNK)} item {i}</title>" if rng.random() < 0.8 else "",
                 f"<link>https://wire.example/{rng.randint(0, 10 ** 9)}</link>" if rng.random() < 0.8 else "",
                 f"<description><![CDATA[<p>{prose(rng)}</p>]]></description>" if rng.random() < 0.8 else "",
                 f"<pubDate>{rng.choice(['Tue, 12 Mar 2024 10:00:00 GMT', 'never', ''])}</pubDate>"]
        items.append("<item>" + "".join(parts) + "</item>")
    doctype = ""
    if rng.random() < 0.2:     # external entities and entity expansion: must stay inert
        doctype = ('<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">'
                   '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
        items.append("<item><title>&xxe;&c;</title><link>https://wire.example/x</link>"
                     "<description>&c;</description></item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<rss version="2.0"><channel><title>Wire</title>'
            + "".join(items) + "</channel></rss>")


def jsonl(rng: random.Random, n: int) -> str:
    lines = []
    for i in range(rng.randint(1, 6)):
        rec: dict = {"id": f"h{n}-{i}", "text": prose(rng), "published": rng.choice(ABSURD_DATES + ["2024-03"])}
        roll = rng.random()
        if roll < 0.1:
            rec["id"] = rng.choice(["", None, [], {"a": 1}, True, "../../etc/passwd", "x" * 3000])
        elif roll < 0.2:
            rec["text"] = rng.choice([None, 42, [], "", "   "])
        elif roll < 0.25:
            rec["score"] = 1e308 * 10
        line = json.dumps(rec, allow_nan=True)
        if rng.random() < 0.15:
            line = rng.choice(["[" * 50_000 + "]" * 50_000, line[: rng.randint(0, len(line))], "[1, 2]",
                               "\x00garbage", "{" * 3000])
        lines.append(line)
    return "\n".join(lines)


def pdf_bases(rng: random.Random) -> list[bytes]:
    try:
        from fpdf import FPDF
    except ImportError:
        return []
    bases = []
    for n in range(6):
        pdf = FPDF()
        pdf.set_title(f"Note {n}")
        for _ in range(rng.randint(1, 4)):
            pdf.add_page()
            pdf.set_font("Helvetica", size=12)
            pdf.multi_cell(0, 8, prose(rng, 10).replace("\u201c", "\"").replace("\u201d", "\""))
        bases.append(bytes(pdf.output()))
    return bases


def slow_text(n: int) -> str:
    """Within every cap, yet minutes of tokenizing: only the time limit stops it."""
    return " ".join("&" * 200 + chr(97 + (i + n) % 26) * 9000 + chr(97 + i // 26 % 26) * 10 for i in range(60))


def generate(folder: Path, count: int, baseline: list[Path], seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    pdfs = pdf_bases(rng)
    kinds = [k for k in WEIGHTS if k != "pdf" or pdfs]
    weights = [WEIGHTS[k] for k in kinds]
    made: dict[str, int] = {}
    special = ["slow"] * 4 + ["big-text", "big-html"]
    for n in range(count):
        sub = folder / f"f{n // 100:03d}"
        if n % 100 == 0:
            sub.mkdir(parents=True)
            if rng.random() < 0.3:    # a sidecar with junk lines and absurd dates
                lines = [json.dumps({"id": f"h{n + k}.txt", "published": rng.choice(ABSURD_DATES),
                                     "title": rng.choice(JUNK)}) for k in range(5)]
                (sub / "meta.jsonl").write_text("\n".join(lines + ["{broken", "[]"]) + "\n", encoding="utf-8")
        kind = special.pop() if n % max(1, count // 6) == 3 and special else rng.choices(kinds, weights)[0]
        made[kind] = made.get(kind, 0) + 1
        name = f"h{n}"
        if kind == "text":
            data = prose(rng).encode("utf-8")
            path, data = sub / f"{name}.txt", mutate(rng, data) if rng.random() < 0.5 else data
        elif kind == "html":
            page = html_page(rng, prose(rng, 8), rng.choice(ABSURD_DATES + ["2024-03-12"] * 5)).encode("utf-8")
            path, data = sub / f"{name}.html", mutate(rng, page) if rng.random() < 0.6 else page
        elif kind == "feed":
            path, data = sub / f"{name}.{rng.choice(['rss', 'xml', 'atom'])}", feed(rng).encode("utf-8")
            data = mutate(rng, data) if rng.random() < 0.3 else data
        elif kind == "jsonl":
            path, data = sub / f"{name}.jsonl", jsonl(rng, n).encode("utf-8", "surrogatepass")
        elif kind == "pdf":
            path = sub / f"{name}.pdf"
            data = rng.choice(pdfs)
            data = rng.choice([mutate(rng, data), data[: rng.randint(0, len(data))], b"%PDF-1.7\n" + rng.randbytes(
                rng.randint(0, 3000)), data])
        elif kind == "bytes":
            ext = rng.choice([".txt", ".html", ".pdf", ".jsonl", ".rss", ".md", ""])
            head = rng.choice([b"", b"%PDF-1.4\n", b"<html>", b"{", b"<?xml version='1.0'?><rss>", b"\xff\xfe"])
            path, data = sub / f"{name}{ext or '.txt'}", head + rng.randbytes(rng.randint(0, 5000))
        elif kind == "utf16":
            text = prose(rng)
            path, data = sub / f"{name}.txt", rng.choice([text.encode("utf-16"), text.encode("utf-16-le"),
                                                           text.encode("utf-16") + b"\x00"])
        elif kind == "symbols":
            run = rng.choice(["&", "(", "'", "$", "=", ",", "\u2014", "\U0001F600"]) * rng.choice([150, 250, 20_000])
            path, data = sub / f"{name}.txt", f"{prose(rng, 2)} {run} {prose(rng, 2)}".encode("utf-8")
        elif kind == "words":
            word = rng.choice(["a", "ab", "&a", "x."]) * rng.choice([3_000, 6_000, 100_000])
            path, data = sub / f"{name}.txt", f"{prose(rng, 2)} {word}".encode("utf-8")
        elif kind == "entities":
            entity = rng.choice(["&amp;", "&#38;", "&lt;", "&#xD800;", "&nbsp;"]) * rng.choice([100, 50_000, 200_000])
            path, data = sub / f"{name}.html", html_page(rng, f"{prose(rng, 2)} {entity}").encode("utf-8")
        elif kind == "nested":
            depth = rng.choice([100, 300, 5_000, 50_000])
            tag = rng.choice(["div", "span", "b"])
            body = f"<{tag}>" * depth + prose(rng, 3) + (f"</{tag}>" * depth if rng.random() < 0.5 else "")
            path, data = sub / f"{name}.html", f"<html><body>{body}</body></html>".encode("utf-8")
        elif kind == "dupe":       # a stored document's content under a new name: not stored again
            path, data = sub / f"{name}.txt", rng.choice(baseline).read_bytes()
        elif kind == "empty":
            path, data = sub / f"{name}.txt", rng.choice([b"", b"   \n\n", b"\xef\xbb\xbf"])
        elif kind == "slow":
            path, data = sub / f"{name}.txt", slow_text(n).encode("utf-8")
        elif kind == "big-text":     # over the 20 MB cap for one document
            unit = (prose(rng, 20) + "\n").encode("utf-8")
            path, data = sub / f"{name}.txt", unit * (21_000_000 // len(unit) + 1)
        else:                        # big-html: over the 5 MB cap for an HTML page
            unit = "".join(f"<p>{prose(rng, 3)}</p>" for _ in range(20)).encode("utf-8")
            path, data = sub / f"{name}.html", b"<html><body>" + unit * (5_200_000 // len(unit) + 1)
        path.write_bytes(data)
    return made


def write_baseline(folder: Path, rng: random.Random, count: int = 40) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for i in range(count):
        path = folder / f"base{i:03d}.txt"
        path.write_text(f"Baseline report {i}\n\n{prose(rng, 8)}\n", encoding="utf-8")
        paths.append(path)
    return paths


# ------------------------------------------------------------------ running an ingest and watching it

CHILD = """
import sys, time
from contextlib import contextmanager
import greatgame.cli.kb as commands
log = open(sys.argv[1], "a", buffering=1)

@contextmanager
def progress(description, *, counted, disable):
    log.write(f"{time.monotonic()}\\tstart\\n")
    yield lambda name, status: log.write(f"{time.monotonic()}\\t{status}\\n")

commands.progress = progress
from greatgame.cli import main
sys.argv = ["greatgame", *sys.argv[2:]]
main()
"""


def _tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def run_ingest(args: list[str], log: Path, kill_after: float | None = None, deadline: float = 7200
               ) -> dict:
    """Run ``greatgame ARGS`` in a child; watch its process tree (peak RSS, every pid) until it ends."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    started = time.monotonic()
    popen = subprocess.Popen([sys.executable, "-c", CHILD, str(log), *args], stdout=out, stderr=err, env=env)
    proc = psutil.Process(popen.pid)
    seen: dict[int, psutil.Process] = {}
    peak = 0
    killed = timed_out = False
    while popen.poll() is None:
        rss = 0
        for p in _tree(proc):
            seen.setdefault(p.pid, p)
            try:
                rss += p.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        peak = max(peak, rss)
        elapsed = time.monotonic() - started
        if kill_after is not None and elapsed >= kill_after and not killed:
            os.kill(popen.pid, signal.SIGKILL)
            killed = True
        if elapsed > deadline and not timed_out:
            os.kill(popen.pid, signal.SIGKILL)
            timed_out = True
        time.sleep(0.2)
    seen.pop(popen.pid, None)
    limit = time.monotonic() + 20
    while True:
        orphans = []
        for p in seen.values():
            try:
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    orphans.append(p)
            except psutil.NoSuchProcess:
                pass
        if not orphans or time.monotonic() > limit:
            break
        time.sleep(0.5)
    for p in orphans:              # counted; then cleared away so that the next run starts clean
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    out.seek(0)
    err.seek(0)
    return {"status": popen.returncode, "stdout": out.read(), "stderr": err.read(), "peak": peak,
            "orphans": len(orphans), "killed": killed, "timed_out": timed_out,
            "seconds": time.monotonic() - started}


def gaps(log: Path) -> list[float]:
    """Seconds between consecutive progress events (the first is the start of storing)."""
    times = [float(line.split("\t")[0]) for line in log.read_text().splitlines() if line.strip()]
    return [b - a for a, b in zip(times, times[1:])]


def noise(stderr: str) -> list[str]:
    ok = ("error: ", "warning: ", "duplicate: ", "removed: ")
    return [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith(ok)]


# ------------------------------------------------------------------ checking the knowledge base

def snapshot(db: Path, ids: list[str]) -> dict:
    import duckdb

    from greatgame.kb.documents import DOC_TABLES

    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {"documents": con.execute("SELECT * EXCLUDE (ingested_at) FROM documents WHERE list_contains(?, id) "
                                        "ORDER BY ALL", [ids]).fetchall()}
        for table in DOC_TABLES:
            out[table] = con.execute(f"SELECT * FROM {table} WHERE list_contains(?, doc_id) ORDER BY ALL",
                                     [ids]).fetchall()
    finally:
        con.close()
    return out


def whole(db: Path) -> bool:
    """The knowledge base opens, and holds whole documents only (every one with parts, no stray rows)."""
    import duckdb

    import greatgame
    from greatgame.kb.documents import DOC_TABLES

    try:
        greatgame.open(db).close()            # replays the log, migrates
        con = duckdb.connect(str(db), read_only=True)
    except Exception:  # noqa: BLE001 - any failure to open is the finding
        return False
    try:
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        if con.execute("SELECT count(DISTINCT doc_id) FROM parts").fetchone()[0] != docs:
            return False
        return all(con.execute(f"SELECT count(*) FROM {t} WHERE doc_id NOT IN (SELECT id FROM documents)"
                               ).fetchone()[0] == 0 for t in DOC_TABLES)
    finally:
        con.close()


def failed_stored(db: Path, errors: list[str]) -> int:
    """Stored documents read from a source that this run reported as failed."""
    import duckdb

    sources = [e.split(": ", 1)[0] for e in errors]
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM documents WHERE list_contains(?, source)", [sources]).fetchone()[0]
    finally:
        con.close()


# ------------------------------------------------------------------ the soak

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=10_000, help="hostile files to generate (default 10,000)")
    ap.add_argument("--kills", type=int, default=20, help="ingests to SIGKILL (default 20)")
    ap.add_argument("--timeout", type=float, default=5.0, help="the per-document time limit (default 5 s)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--modes", default="serial,workers", help="serial, workers or both (default)")
    ap.add_argument("--keep", type=Path, help="keep the inputs and knowledge bases in this folder")
    opts = ap.parse_args()
    work = opts.keep or Path(tempfile.mkdtemp(prefix="greatgame-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(opts.seed)
    started = time.monotonic()
    totals = {"crashes": 0, "hangs": 0, "failed_stored": 0, "changed": 0, "orphans": 0, "peak": 0, "noise": 0}
    details: list[str] = []

    baseline = write_baseline(work / "baseline", rng)
    base_db = work / "baseline.duckdb"
    result = run_ingest(["ingest", str(work / "baseline"), "--db", str(base_db), "-q"], work / "baseline.log")
    assert result["status"] == 0, result["stderr"]
    base_ids = sorted(p.name for p in baseline)
    before = snapshot(base_db, base_ids)
    made = generate(work / "inputs", opts.inputs, baseline, opts.seed)
    print(f"generated {opts.inputs:,} inputs in {time.monotonic() - started:.0f} s: "
          + ", ".join(f"{k} {v}" for k, v in sorted(made.items())), flush=True)

    bound = {"serial": 2 * opts.timeout + 30, "workers": 3 * opts.timeout + 45}   # reading + extraction + start-up
    for mode in [m for m in opts.modes.split(",") if m]:
        db = work / f"{mode}.duckdb"
        shutil.copy(base_db, db)
        log = work / f"{mode}.log"
        log.unlink(missing_ok=True)
        args = ["ingest", str(work / "inputs"), "--db", str(db), "--format", "json", "-q",
                "--timeout", f"{opts.timeout:g}"] + (["--workers", "2"] if mode == "workers" else [])
        r = run_ingest(args, log)
        try:
            report = json.loads(r["stdout"])["ingest"]
        except (ValueError, KeyError):
            report = None
        crash = r["status"] not in (0, 1) or report is None or "Traceback" in r["stderr"] or not whole(db)
        slow = [g for g in gaps(log)[1:] if g > bound[mode]]
        changed = snapshot(db, base_ids) != before
        stray = noise(r["stderr"])
        totals["crashes"] += crash
        totals["hangs"] += len(slow) + r["timed_out"]
        totals["failed_stored"] += failed_stored(db, report["errors"]) if report else 0
        totals["changed"] += changed
        totals["orphans"] += r["orphans"]
        totals["noise"] += len(stray)
        totals["peak"] = max(totals["peak"], r["peak"])
        counts = {k: len(report[k]) for k in ("added", "unchanged", "duplicates", "errors", "warnings")} if report \
            else {}
        details.append(f"{mode}: {r['seconds']:.0f} s, status {r['status']}, {counts}, "
                       f"longest gap {max(gaps(log)[1:], default=0):.1f} s, peak {r['peak'] / 2**20:,.0f} MB"
                       + (f", stray stderr: {stray[:3]}" if stray else ""))
        print(details[-1], flush=True)

    sample = work / "sample"
    sample.mkdir(exist_ok=True)
    files = sorted(p for p in (work / "inputs").rglob("*") if p.is_file() and p.stat().st_size < 100_000
                   and p.name != "meta.jsonl")
    for p in random.Random(opts.seed).sample(files, min(len(files), 400)):
        shutil.copy(p, sample / p.name)
    kills = 0
    for n in range(opts.kills):
        mode = "workers" if n % 2 else "serial"
        db = work / f"kill{n}.duckdb"
        shutil.copy(base_db, db)
        log = work / f"kill{n}.log"
        args = ["ingest", str(sample), "--db", str(db), "-q", "--timeout", f"{opts.timeout:g}"]
        args += ["--workers", "2"] if mode == "workers" else []
        r = run_ingest(args, log, kill_after=rng.uniform(3, 12 if mode == "serial" else 30))
        kills += r["killed"]
        ok = whole(db)
        totals["crashes"] += not ok or ("Traceback" in r["stderr"] and not r["killed"])
        totals["changed"] += snapshot(db, base_ids) != before
        totals["orphans"] += r["orphans"]
        totals["peak"] = max(totals["peak"], r["peak"])
        details.append(f"kill {n + 1} ({mode}) after {r['seconds']:.1f} s: "
                       f"{'killed' if r['killed'] else 'ended first, status ' + str(r['status'])}, "
                       f"knowledge base {'whole' if ok else 'BROKEN'}, orphans {r['orphans']}")
        print(details[-1], flush=True)
        db.unlink(missing_ok=True)
        Path(f"{db}.wal").unlink(missing_ok=True)

    print()
    print(f"soak: {opts.inputs:,} generated hostile inputs through {opts.modes.replace(',', ' and ')} ingest "
          f"(--timeout {opts.timeout:g}), {kills} SIGKILLs, in {(time.monotonic() - started) / 60:.0f} min")
    rows = [("inputs", f"{opts.inputs:,}"), ("crashes", totals["crashes"]),
            ("hangs past the limit", totals["hangs"]), ("failed documents stored", totals["failed_stored"]),
            ("stored documents changed", totals["changed"]), ("orphan processes", totals["orphans"]),
            ("peak memory", f"{totals['peak'] / 2**20:,.0f} MB"),
            ("stray stderr lines", totals["noise"])]
    for name, value in rows:
        print(f"  {name:<26}{value}")
    if not opts.keep:
        shutil.rmtree(work, ignore_errors=True)
    bad = any(totals[k] for k in ("crashes", "hangs", "failed_stored", "changed", "orphans", "noise"))
    return 1 if bad or kills < opts.kills else 0


if __name__ == "__main__":
    sys.exit(main())
