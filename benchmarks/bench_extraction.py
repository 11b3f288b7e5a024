"""Ingest-and-extraction throughput on unseen text, against spaCy's small English pipeline alone.

The corpus is every document of ../shared/corpus/seeds and ../shared/corpus/news
(real articles; --corpus DIR to choose others), checked to hold no sentence
twice, so nothing is annotated from greatgame's sentence cache: each run is a
fresh process whose cache starts empty, and the run in which greatgame is
timed after its start-up reports how many sentences its cache served (0).

In one run, alternating --rounds times (the best of each is kept, so a noisy
machine hurts every side alike), each in a process of its own:

* greatgame, whole process: ``greatgame ingest DIRS --db NEW`` as a command,
  start-up included (interpreter, imports, language model, a new knowledge
  base) up to the summary it prints; again with ``--workers N`` (Dask);
* spaCy, whole process: a Python process that imports spaCy, loads the
  installed small English pipeline with all its default components and runs
  ``nlp.pipe`` over the same texts, single process;
* after start-up: the same work timed inside each process once its models
  are loaded (greatgame: ``ingest`` into a new knowledge base, everything
  stored; with workers: a cluster whose workers have extracted one document
  first; spaCy: ``nlp.pipe``);
* start-up: ``greatgame ingest`` of the corpus's smallest file into a new
  knowledge base, as a command, and ``import greatgame`` (which must not
  import spaCy).

It prints words per second for each and the ratios greatgame / spaCy
(target: >= 1.0, whole process; the parallel figures use both cores, spaCy
one).

    .venv/bin/python benchmarks/bench_extraction.py [--rounds 3] [--workers 2] [--corpus DIR ...]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT.parent / "shared" / "corpus" / "seeds", ROOT.parent / "shared" / "corpus" / "news"]
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+|\n+")


def child_env() -> dict[str, str]:
    """The environment of every timed process: this checkout's ``src`` first on the path, and Python's
    bytecode cache allowed, as in an installed package (a session that sets ``PYTHONDONTWRITEBYTECODE``
    would otherwise recompile every module of the package in each timed process, on both sides)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    return env


def read_corpus(dirs: list[Path]) -> list[tuple[str, str]]:
    """(source, text) of every document greatgame reads under ``dirs``: the texts spaCy gets too."""
    from greatgame.documents.readers import read_paths

    return [(d.source, d.text) for d in read_paths(dirs) if hasattr(d, "text")]


def repeated_sentences(texts: list[str]) -> tuple[int, int]:
    """How many sentences the texts hold (a plain splitter), and how many of them repeat one seen before."""
    seen: set[str] = set()
    total = repeats = 0
    for text in texts:
        for s in SENTENCE_END.split(text):
            s = " ".join(s.split())
            if len(s) < 20:       # headings, datelines, bullets: not sentences a cache could serve
                continue
            total += 1
            repeats += s in seen
            seen.add(s)
    return total, repeats


def timed(cmd: list[str]) -> tuple[float, float, dict]:
    """Run ``cmd``; its wall-clock seconds, the CPU seconds it and its children used, and the JSON its last
    line of output holds (if any)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=child_env(), capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
    last = (done.stdout.strip().splitlines() or [""])[-1]
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, json.loads(last) if last.startswith("{") else {}


def me(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), *args]


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "greatgame.cli", "ingest", *args, "--quiet"]


# ------------------------------------------------------------------ the timed processes

def child_spacy(texts_file: str) -> None:
    """spaCy alone: load the small pipeline with its default components, then nlp.pipe, timed."""
    import spacy

    from greatgame.extract.pipeline import model_name

    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    nlp = spacy.load(model_name())
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts):
        pass
    print(json.dumps({"work": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                      "components": nlp.pipe_names}))


def child_greatgame(db: str, workers_arg: str, warm: str, *dirs: str) -> None:
    """greatgame after start-up: models loaded (on the workers too), then ``ingest`` of ``dirs``, timed."""
    import greatgame
    from greatgame.extract import pipeline

    kb = greatgame.open(db)
    workers = int(workers_arg)
    if workers:
        from dask.distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40, preload=["greatgame.ingest.distributed"])
        with Client(cluster) as client:
            # each worker extracts a document (loading its model) before the clock starts
            greatgame.ingest.ingest_distributed(kb, [warm], scheduler=cluster.scheduler_address)
            client.run(lambda: None)
            start = time.perf_counter()
            report = greatgame.ingest.ingest_distributed(kb, dirs, scheduler=cluster.scheduler_address)
            work = time.perf_counter() - start
            cpu = None            # spent in other processes too
        cluster.close()
    else:
        pipeline.nlp()
        start, cpu = time.perf_counter(), time.process_time()
        report = greatgame.ingest(kb, dirs)
        work = time.perf_counter() - start
        cpu = time.process_time() - cpu
    kb.close()
    if report.errors:
        sys.exit(f"greatgame: {report.errors[:3]}")
    print(json.dumps({"work": work, "cpu": cpu, "documents": len(report.added), "cache_hits": pipeline._CACHE.hits}))


def child_import() -> None:
    start = time.perf_counter()
    import greatgame  # noqa: F401

    took = time.perf_counter() - start
    print(json.dumps({"import": took, "spacy": "spacy" in sys.modules}))


# ------------------------------------------------------------------ the run

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, nargs="+", default=CORPORA, help="folders of documents")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2, help="Dask workers for the parallel figures (0: none)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        {"spacy": child_spacy, "greatgame": child_greatgame, "import": child_import}[args.child[0]](*args.child[1:])
        return
    missing = [str(d) for d in args.corpus if not d.is_dir()]
    if missing:
        sys.exit(f"{', '.join(missing)}: corpus folder not found (--corpus DIR ...)")
    sys.path.insert(0, str(ROOT / "src"))
    docs = read_corpus(args.corpus)
    texts = [t for _, t in docs]
    words = sum(len(t.split()) for t in texts)
    sentences, repeats = repeated_sentences(texts)
    print(f"corpus: {len(texts)} documents, {words:,} words, {sentences:,} sentences, "
          f"{repeats} seen before in the corpus")
    if repeats:
        sys.exit("the corpus repeats sentences: the sentence cache would serve them (choose other --corpus)")
    smallest = min(docs, key=lambda d: len(d[1]))[0]
    tmp = Path(tempfile.mkdtemp(prefix="gg-bench-"))
    try:
        texts_file = tmp / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        one = tmp / "one"
        one.mkdir()
        shutil.copy(smallest, one)
        dirs = [str(d) for d in args.corpus]
        best: dict[str, float] = {}

        def keep(key: str, seconds: float | None) -> None:
            if seconds is not None:
                best[key] = min(best.get(key, float("inf")), seconds)

        def db() -> str:
            for p in tmp.glob("kb.duckdb*"):
                p.unlink()
            return str(tmp / "kb.duckdb")

        hits = 0
        spacy_imported = False
        sides = [("spacy", me("--child", "spacy", str(texts_file)), None),
                 ("gg", cli(*dirs, "--db", "DB"), me("--child", "greatgame", "DB", "0", str(one), *dirs))]
        if args.workers:
            sides.append(("ggw", cli(*dirs, "--db", "DB", "--workers", str(args.workers)),
                          me("--child", "greatgame", "DB", str(args.workers), str(one), *dirs)))
        for r in range(args.rounds):
            line = []
            for key, whole, work in sides:
                wall, cpu, got = timed([db() if a == "DB" else a for a in whole])
                keep(key, wall)
                keep(key + "_cpu", cpu)
                if work is not None:
                    _, _, got = timed([db() if a == "DB" else a for a in work])
                    hits += got["cache_hits"]
                keep(key + "_work", got["work"])
                keep(key + "_work_cpu", got["cpu"])
                line.append(f"{key} {words / wall:,.0f} ({words / got['work']:,.0f})")
            keep("startup", timed(cli(str(one), "--db", db()))[0])
            _, _, got = timed(me("--child", "import"))
            keep("import", got["import"])
            spacy_imported = spacy_imported or got["spacy"]
            print(f"round {r + 1}, words/s whole (after start-up): " + ", ".join(line), flush=True)

        def row(name: str, key: str) -> None:
            def cpu_ratio(k: str) -> str:
                return f"{best['spacy' + k] / best[key + k]:>6.2f}x" if key + k in best else f"{'-':>7}"
            print(f"{name:<50} {words / best[key]:>9,.0f} {best['spacy'] / best[key]:>6.2f}x {cpu_ratio('_cpu')}"
                  f"  {words / best[key + '_work']:>9,.0f} {best['spacy_work'] / best[key + '_work']:>6.2f}x"
                  f" {cpu_ratio('_work_cpu')}")

        print()
        print(f"best of {args.rounds} rounds; ratios are spaCy's time over greatgame's (>= 1: greatgame as fast)")
        print(f"{'':<50} {'whole process, start-up included':<33} {'after start-up'}")
        print(f"{'':<50} {'words/s':>9} {'ratio':>7} {'CPU':>7}  {'words/s':>9} {'ratio':>7} {'CPU':>7}")
        row("spaCy small (nlp.pipe, 1 process, all components)", "spacy")
        row("greatgame ingest (1 process)", "gg")
        if args.workers:
            row(f"greatgame ingest --workers {args.workers}", "ggw")
        print("(CPU: the ratio of CPU seconds, every process counted: steadier than wall time on a busy machine; "
              "with --workers, the work of all processes, not its speed)")
        print(f"sentences served by greatgame's sentence cache: {hits} (unseen text)")
        print(f"start-up: greatgame ingest of one small file ({len(Path(smallest).read_text().split())} words), "
              f"whole command: {best['startup']:.2f} s (target < 1.5 s)")
        print(f"import greatgame: {best['import']:.2f} s, spaCy imported: {'yes' if spacy_imported else 'no'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
