"""Dashboard latency under 20 concurrent clients: the overview page (/) next to a country page (/country/KAZ).

The overview's map draws from two JSON endpoints its script fetches once (the shapes, and every year's scores
for the slider); they are measured too, on a first visit (full body, no ETag), so the table shows everything a
new visitor's overview costs.

Builds a knowledge base in a temporary folder (reference data, facts and the seed corpus: not timed), serves it
with uvicorn on 127.0.0.1 (loopback only) in a separate process, warms both pages, then for each page runs 20
client threads (one httpx.Client each) that request it 25 times back to back, and prints p50 and p95 latency in
ms side by side, with single-client latency for reference. Each page's run stops at a hard cap (30 s by
default, so at most 2 minutes for all four), counting only the requests finished by then. Target: p95 under 100 ms.

    .venv/bin/python benchmarks/bench_web.py [--clients 20] [--requests 25] [--cap 30]
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PATHS = ("/", "/country/KAZ", "/api/map/series", "/api/boundaries")
TARGET_MS = 100.0
SERVER = """
import sys, uvicorn
from greatgame.web.app import create_app
uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    xs = sorted(values)
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited with status {proc.returncode}")
        try:
            if httpx.get(base + "/docs", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    sys.exit(f"the server did not answer in {timeout:.0f} s")


def hammer(base: str, path: str, clients: int, requests: int, cap: float) -> tuple[list[float], int, float]:
    """``clients`` threads, ``requests`` each, until ``cap`` seconds: latencies (ms), failures, wall seconds."""
    import httpx

    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    start_gate = threading.Barrier(clients)
    deadline = [0.0]

    def client() -> None:
        with httpx.Client(base_url=base, timeout=cap) as c:
            start_gate.wait()
            mine, bad = [], 0
            for _ in range(requests):
                if time.monotonic() >= deadline[0]:
                    break
                t = time.perf_counter()
                try:
                    ok = c.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    mine.append((time.perf_counter() - t) * 1000)
                else:
                    bad += 1
            with lock:
                latencies.extend(mine)
                failures[0] += bad

    deadline[0] = time.monotonic() + cap
    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=cap + 30)               # a request in flight at the cap may still finish
    return latencies, failures[0], time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=25, help="requests per client and page")
    ap.add_argument("--cap", type=float, default=30.0, help="hard time cap per page, seconds")
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args()
    if not (args.shared / "corpus/seeds").is_dir():
        sys.exit(f"{args.shared}/corpus/seeds not found (--shared DIR)")
    import httpx

    import greatgame
    from greatgame.data import import_reference
    from greatgame.ingest import ingest

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t = time.perf_counter()
        kb = greatgame.open(db)
        import_reference(kb, [args.shared / "data/reference", args.shared / "data/facts"])
        report = ingest(kb, [args.shared / "corpus/seeds"])
        kb.close()
        if not report.ok:
            sys.exit(f"ingest failed: {report.errors[:3]}")
        print(f"knowledge base built in {time.perf_counter() - t:.1f} s (not timed below)")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("GREATGAME_TOKEN", None)        # read-only benchmark: write endpoints off
        proc = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)], env=env)
        try:
            wait_ready(base, proc)
            single = {}
            with httpx.Client(base_url=base, timeout=60) as c:
                for path in PATHS:               # warm: the first overview computes the influence index
                    for _ in range(3):
                        c.get(path).raise_for_status()
                    times = []
                    for _ in range(10):
                        t = time.perf_counter()
                        c.get(path).raise_for_status()
                        times.append((time.perf_counter() - t) * 1000)
                    single[path] = percentile(times, 50)
            results = {}
            for path in PATHS:
                lat, bad, wall = hammer(base, path, args.clients, args.requests, args.cap)
                results[path] = (lat, bad, wall)
                print(f"{path}: {len(lat)} requests in {wall:.1f} s"
                      + (f", {bad} failed" if bad else "")
                      + (" (stopped at the time cap)" if len(lat) + bad < args.clients * args.requests else ""))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    total = args.clients * args.requests
    print()
    print(f"{args.clients} concurrent clients, {args.requests} requests each (hard cap {args.cap:.0f} s per page)")
    print(f"{'page':<18}{'done':>10}{'1 client p50':>14}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>8}"
          f"   target p95 < {TARGET_MS:.0f} ms")
    met_all = True
    for path in PATHS:
        lat, bad, wall = results[path]
        p50, p95 = percentile(lat, 50), percentile(lat, 95)
        met = bool(lat) and not bad and len(lat) == total and p95 < TARGET_MS
        met_all &= met
        print(f"{path:<18}{f'{len(lat)}/{total}':>10}{single[path]:>14.1f}{p50:>9.1f}{p95:>9.1f}"
              f"{max(lat, default=float('nan')):>9.1f}{len(lat) / wall:>8.1f}   {'met' if met else 'NOT met'}")
    print(f"target p95 under {TARGET_MS:.0f} ms on every page: {'met' if met_all else 'NOT met'}")


if __name__ == "__main__":
    main()
