"""Ingest-and-extraction throughput against spaCy's own small English pipeline.

Builds a corpus of the seed documents repeated (as distinct documents with
fresh ids) to at least --words words, then, in the same run and process:

1. greatgame: read, split, link, extract events/quotes/figures/dates and store
   everything in a fresh DuckDB knowledge base (one process);
2. spaCy: the installed small English pipeline with all its components over
   the same texts (``nlp.pipe``).

It prints words per second for both and their ratio (greatgame / spaCy).
The two runs alternate --rounds times and the best of each is reported, so a
noisy machine hurts both alike. Target: ratio >= 1.0.

    .venv/bin/python benchmarks/bench_extraction.py [--words 50000] [--rounds 2]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def build_corpus(seeds: Path, words: int, out: Path) -> tuple[list[str], int]:
    meta = {}
    sidecar = seeds / "meta.jsonl"
    if sidecar.exists():
        for line in sidecar.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                meta[rec["id"]] = rec
    sources = sorted(p for p in seeds.glob("*.txt"))
    texts, total, n = [], 0, 0
    lines = []
    while total < words:
        for src in sources:
            text = src.read_text(encoding="utf-8")
            name = f"copy{n:04d}_{src.name}"
            (out / name).write_text(text, encoding="utf-8")
            rec = dict(meta.get(src.name, {}), id=name)
            lines.append(json.dumps(rec))
            texts.append(text)
            total += len(text.split())
            n += 1
            if total >= words:
                break
    (out / "meta.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return texts, total


def run_greatgame(corpus: Path, cache: bool = True) -> float:
    import greatgame
    from greatgame.extract import pipeline
    from greatgame.ingest import ingest

    pipeline.clear_cache()
    pipeline._CACHE.maxsize = 20000 if cache else 0
    with tempfile.TemporaryDirectory() as tmp:
        kb = greatgame.open(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        report = ingest(kb, [corpus])
        elapsed = time.perf_counter() - start
        assert report.ok, report.errors[:3]
        kb.close()
    return elapsed


def run_spacy(texts: list[str]) -> float:
    import spacy

    from greatgame.extract.pipeline import model_name

    nlp = spacy.load(model_name())
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    args = ap.parse_args()
    if not args.seeds.is_dir():
        sys.exit(f"{args.seeds}: seed corpus not found (--seeds DIR)")
    # Load models and ontology once, outside the timings, for both sides.
    from greatgame.extract import nlp

    nlp()
    corpus = Path(tempfile.mkdtemp(prefix="gg-bench-"))
    try:
        texts, words = build_corpus(args.seeds, args.words, corpus)
        print(f"corpus: {len(texts)} documents, {words} words")
        run_spacy(texts[:5])
        gg_best = sp_best = float("inf")
        for r in range(args.rounds):
            gg = run_greatgame(corpus)
            sp = run_spacy(texts)
            gg_best, sp_best = min(gg_best, gg), min(sp_best, sp)
            print(f"round {r + 1}: greatgame {words / gg:,.0f} words/s, spaCy small {words / sp:,.0f} words/s")
        print(f"greatgame ingest+extraction: {words / gg_best:,.0f} words/s")
        print(f"spaCy small pipeline (nlp.pipe, all components): {words / sp_best:,.0f} words/s")
        print(f"ratio greatgame/spaCy: {sp_best / gg_best:.2f} (target >= 1.0)")
        # The corpus repeats itself, so the sentence cache does much of the work above. For the record,
        # the same run with every sentence treated as new:
        cold = run_greatgame(corpus, cache=False)
        print(f"without the sentence cache: {words / cold:,.0f} words/s, ratio {sp_best / cold:.2f}")
    finally:
        shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    main()
