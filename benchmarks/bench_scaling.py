"""Distributed ingest: documents per second with 1 and 2 Dask workers, and the speed-up.

Builds a synthetic corpus of at least --docs documents (default 2,000) by
recombining the paragraphs of ../shared/corpus (fresh ids, each document 3-8
paragraphs drawn with a fixed seed; written to a temp dir, never committed),
then ingests it into fresh knowledge bases with 1 and with 2 worker
processes in the same run and prints both rates and their ratio. The
paragraphs repeat, so each worker's sentence cache serves most sentences after
the first documents: this measures how the ingest scales, not its speed on
unseen text (``bench_extraction.py`` measures that).

    .venv/bin/python benchmarks/bench_scaling.py [--docs 2000]
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def build(corpus: Path, n: int, out: Path, seed: int = 1) -> int:
    paragraphs = []
    for f in sorted(corpus.rglob("*.txt")):
        paragraphs += [p.strip() for p in f.read_text(encoding="utf-8").split("\n\n") if len(p.split()) >= 12]
    rng = random.Random(seed)
    words = 0
    for i in range(n):
        body = "\n\n".join(rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(3, 8))))
        (out / f"synthetic_{i:05d}.txt").write_text(body + "\n", encoding="utf-8")
        words += len(body.split())
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus}: corpus not found (--corpus DIR)")
    import greatgame
    from greatgame.ingest import ingest_distributed

    tmp = Path(tempfile.mkdtemp(prefix="gg-scale-"))
    try:
        docs = tmp / "corpus"
        docs.mkdir()
        words = build(args.corpus, args.docs, docs)
        print(f"corpus: {args.docs} documents, {words} words")
        rates = {}
        for workers in (1, 2):
            kb = greatgame.open(tmp / f"kb{workers}.duckdb")
            t = time.perf_counter()
            report = ingest_distributed(kb, [docs], workers=workers)
            elapsed = time.perf_counter() - t
            kb.close()
            assert report.ok, report.errors[:3]
            rates[workers] = args.docs / elapsed
            print(f"{workers} worker(s): {elapsed:.1f} s, {rates[workers]:.1f} documents/s")
        print(f"speed-up with 2 workers: {rates[2] / rates[1]:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
