"""10,000 Monte Carlo runs of every target and power to 2035, in-process, beside 1,000 runs; and the CLI.

Imports the reference data into a fresh knowledge base and estimates the model once (not timed: the CLI does it
on every call, and it is timed there), then times in one process, side by side, for 1,000 and 10,000 runs:

* ``run``: the parameter draws, the drivers' paths, the shocks, the vectorised model and the shares, with the
  corridor model's route shares (targets: 10,000 runs < 1 s);
* ``run + bands``: the same plus the medians and bands of every target, power and year.

Then the whole command ``greatgame simulate baseline --runs 10000 --until 2035`` as a fresh process (import,
knowledge base read, estimation, run, tables; target < 3 s): cold (an empty bytecode cache and no fitted model
kept: a fresh install's first call), first call after new data (bytecode cached, the model estimated and kept,
``simulate/fitcache.py``) and warm (both cached: every later call until the data change). Prints wall-clock and
CPU seconds and the load average: on a shared machine the CPU time is the steadier figure.

    .venv/bin/python benchmarks/bench_simulate.py [--rounds 3]
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args()
    if not (args.shared / "data/reference").is_dir():
        sys.exit(f"{args.shared}/data/reference not found (--shared DIR)")
    import greatgame
    from greatgame.data import import_reference
    from greatgame.simulate.fitting import estimate_inputs
    from greatgame.simulate.run import read_scenario, run

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        kb = greatgame.open(path)
        import_reference(kb, [args.shared / "data/reference", args.shared / "data/facts"])
        inputs = estimate_inputs(kb, cache=False)
        scenario = read_scenario("secondary_sanctions")
        run(None, scenario, runs=10, until=2026, inputs=inputs)          # warm imports and caches
        best = {}
        for r in range(args.rounds):
            for runs in (1000, 10000):
                for label in ("run", "run + bands"):
                    w, c = time.perf_counter(), time.process_time()
                    res = run(None, scenario, runs=runs, seed=r, until=2035, inputs=inputs)
                    if label == "run + bands":
                        res.summary()
                        res.summary("remittances")
                    wall, cpu = time.perf_counter() - w, time.process_time() - c
                    old = best.get((runs, label), (float("inf"), float("inf")))
                    best[(runs, label)] = (min(old[0], wall), min(old[1], cpu))
        kb.close()
        for label in ("run", "run + bands"):
            (w1, c1), (w10, c10) = best[(1000, label)], best[(10000, label)]
            print(f"{label:12s} 1,000 runs {w1:.3f} s wall {c1:.3f} s CPU | 10,000 runs {w10:.3f} s wall "
                  f"{c10:.3f} s CPU | ratio 10,000 / 1,000: {c10 / c1:.1f} (CPU)")
        w10, c10 = best[(10000, "run")]
        print(f"10,000 runs to 2035 in-process: {w10:.3f} s wall, {c10:.3f} s CPU "
              f"(target < 1 s wall: {'met' if w10 < 1 else 'NOT met'})")
        # the whole command as a fresh process: "cold" is the first run with an empty bytecode cache (every
        # module, numpy's and pandas' included, compiled from source: a fresh install before its first use) and no
        # fitted model kept; "new data" a run with the bytecode cached but no fitted model (the first call after a
        # data import); "warm" the best of the next runs with both
        with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as fits:
            env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONPYCACHEPREFIX=cache, GREATGAME_CACHE=fits)
            env.pop("PYTHONDONTWRITEBYTECODE", None)

            def call() -> tuple[float, float]:
                c0, w = _child_cpu(), time.perf_counter()
                subprocess.run([sys.executable, "-m", "greatgame.cli", "simulate", "baseline", "--runs", "10000",
                                "--until", "2035", "--db", str(path)], check=True, env=env,
                               stdout=subprocess.DEVNULL)
                return time.perf_counter() - w, _child_cpu() - c0

            cold = call()
            for f in Path(fits).glob("fit-*.npz"):
                f.unlink()
            fresh = call()
            warm = [call() for _ in range(args.rounds)]
        load = os.getloadavg()[0]
        wall, cpu = min(c[0] for c in warm), min(c[1] for c in warm)
        print(f"CLI simulate baseline --runs 10000 --until 2035 (load average {load:.1f} on {os.cpu_count()} CPUs): "
              f"cold {cold[0]:.2f} s wall {cold[1]:.2f} s CPU; new data {fresh[0]:.2f} s wall {fresh[1]:.2f} s CPU; "
              f"warm {wall:.2f} s wall, {cpu:.2f} s CPU (target < 3 s wall: "
              f"{'met' if wall < 3 else 'NOT met'} warm, {'met' if fresh[0] < 3 else 'NOT met'} new data, "
              f"{'met' if cold[0] < 3 else 'NOT met'} cold; the wall clock on a shared machine waits for other "
              "processes too)")

if __name__ == "__main__":
    main()
