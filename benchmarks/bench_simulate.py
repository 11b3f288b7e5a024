"""`greatgame simulate baseline` with 10,000 runs to 2035, next to 1,000 runs, one process.

Imports the reference data into a fresh knowledge base (not timed), then
times the whole simulation as the CLI runs it (estimating the parameters,
building the initial state from the index, the corridor model, the Monte
Carlo and the summary), for 1,000 and 10,000 runs side by side, so the
growth of cost with runs shows. Target: 10,000 runs under 5 s.

    .venv/bin/python benchmarks/bench_simulate.py [--rounds 2]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args()
    if not (args.shared / "data/reference").is_dir():
        sys.exit(f"{args.shared}/data/reference not found (--shared DIR)")
    import greatgame
    from greatgame.data import import_reference
    from greatgame.simulate.run import read_scenario, run

    with tempfile.TemporaryDirectory() as tmp:
        kb = greatgame.open(Path(tmp) / "bench.duckdb")
        import_reference(kb, [args.shared / "data/reference", args.shared / "data/facts"])
        scenario = read_scenario(kb, "baseline")
        run(kb, scenario, runs=10, until=2026)          # warm imports and caches
        best = {1000: float("inf"), 10000: float("inf")}
        for r in range(args.rounds):
            for runs in best:
                t = time.perf_counter()
                result = run(kb, scenario, runs=runs, seed=r, until=2035)
                result.summary()
                best[runs] = min(best[runs], time.perf_counter() - t)
            print(f"round {r + 1}: 1,000 runs {best[1000]:.2f} s, 10,000 runs {best[10000]:.2f} s")
        kb.close()
    print(f"1,000 runs to 2035: {best[1000]:.2f} s")
    print(f"10,000 runs to 2035: {best[10000]:.2f} s (target < 5 s: {'met' if best[10000] < 5 else 'NOT met'})")
    print(f"cost ratio 10,000 / 1,000 runs: {best[10000] / best[1000]:.1f}")


if __name__ == "__main__":
    main()
