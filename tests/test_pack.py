"""The data pack: shipped with the package, rebuilt identically from ../shared, loaded by `data import` with no
path, the same index as the original files; `data fetch` against a local HTTP server; a fresh clone's demo."""
from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import greatgame
from greatgame.cli import app
from greatgame.data import import_reference
from greatgame.data.fetch import Item, fetch, fetch_one, plan
from greatgame.data.pack import (BUDGET_BYTES, build_pack, compare_packs, import_pack, pack_dir, read_manifest,
                                 read_parquet, verify_pack)
from greatgame.errors import DataError, FetchOffline
from greatgame.regions import TARGETS

from conftest import ROOT, SHARED

runner = CliRunner()
REFERENCE, FACTS = SHARED / "data" / "reference", SHARED / "data" / "facts"
needs_shared = pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"{REFERENCE} not found (set GREATGAME_SHARED)")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ the committed pack
def test_pack_is_within_budget_and_matches_its_manifest():
    manifest = verify_pack()
    files = sorted(p.name for p in pack_dir().iterdir() if p.suffix == ".parquet")
    assert files == sorted(manifest["files"])
    total = sum((pack_dir() / f).stat().st_size for f in files) + (pack_dir() / "manifest.json").stat().st_size
    assert total <= BUDGET_BYTES, f"the pack is {total:,} bytes"
    assert manifest["bytes"] == sum(f["bytes"] for f in manifest["files"].values())
    # the tables the index and the simulation read are all there
    assert {f["table"] for f in manifest["files"].values()} >= {
        "trade", "indicators", "debt", "aid_projects", "igo_membership", "unga", "arms_deliveries",
        "partner_shares", "claims", "adjacency"}


def test_package_data_ships_the_pack():
    import fnmatch
    import tomllib

    globs = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    shipped = [f"data/pack/{p.name}" for p in pack_dir().iterdir() if p.is_file()]
    assert shipped and all(any(fnmatch.fnmatch(f, g) for g in globs["greatgame"]) for f in shipped)
    assert any(fnmatch.fnmatch("data/pack.yaml", g) for g in globs["greatgame"])


def test_manifest_names_every_source():
    manifest = read_manifest()
    packed_rows: dict[str, int] = {}
    for s in manifest["sources"]:
        assert s["publisher"] and s["licence"] and s["citation"] and s["name"], s["dataset"]
        assert s["url"] is None or s["url"].startswith("https://"), s["dataset"]
        assert s["url"] or s["dataset"] in ("calibration-facts", "tjk-tkm-trade-transcribed")
        assert len(s["sha256"]) == 64 and int(s["sha256"], 16) >= 0
        assert s["file"].startswith(("reference/", "facts/")) and not s["file"].startswith("/")
        assert s["bytes"] > 0 and s["records"] > 0
        assert set(s["packed"]) <= set(s["tables"])
        for table, n in s["packed"].items():
            assert sum(s["obtained"][table].values()) == n > 0
            assert all(k.startswith(("observed", "mirrored")) for k in s["obtained"][table])
            packed_rows[table] = packed_rows.get(table, 0) + n
        assert s["coverage"]["targets"] and set(s["coverage"]["targets"]) <= set(TARGETS)
        if set(s["packed"]) - {"boundaries", "adjacency"}:        # tables with years
            first, last = s["coverage"]["years"]
            assert 1900 <= first <= last <= 2100
    assert packed_rows == {f["table"]: f["rows"] for f in manifest["files"].values()}
    assert "/work/" not in json.dumps(manifest) and "imported_at" not in json.dumps(manifest)


def test_pack_rows_are_the_targets_and_powers():
    manifest = read_manifest()
    g = manifest["groups"]
    trade = read_parquet(pack_dir() / "trade.parquet")
    assert set(trade.reporter) <= set(g["targets"]) | set(g["powers"])
    assert set(trade.partner) <= set(g["targets"]) | set(g["powers"]) | {"WLD"}
    ind = read_parquet(pack_dir() / "indicators.parquet")
    assert set(ind.indicator) == {"gdp_usd", "remittances_pct_gdp", "rus_gdp_growth_pct", "rub_depreciation_pct"}
    assert set(ind[ind.indicator == "remittances_pct_gdp"].country) <= set(TARGETS)
    assert set(read_parquet(pack_dir() / "debt.parquet").debtor) <= set(TARGETS)


# ------------------------------------------------------------------ rebuilt from ../shared
@needs_shared
def test_pack_rebuilds_identically_from_shared():
    result = runner.invoke(app, ["data", "pack", str(REFERENCE), str(FACTS), "--check", "-q"])
    assert result.exit_code == 0, result.output + "\nrebuild the pack: greatgame data pack"
    assert "identical to a fresh build" in result.stderr
    for s in read_manifest()["sources"]:          # the hashes are those of the files in ../shared
        assert sha256(SHARED / "data" / s["file"]) == s["sha256"]


@needs_shared
def test_cli_pack_check_finds_a_difference(tmp_path):
    copy = tmp_path / "p"
    shutil.copytree(pack_dir(), copy)
    (copy / "claims.parquet").write_bytes(b"PAR1 not this")
    result = runner.invoke(app, ["data", "pack", str(REFERENCE), str(FACTS), "-o", str(copy), "--check", "-q"])
    assert result.exit_code == 1 and "claims.parquet: bytes differ" in result.stderr and "rebuild it" in result.stderr
    assert (copy / "claims.parquet").read_bytes() == b"PAR1 not this"        # --check writes nothing


@needs_shared
def test_build_writes_the_same_bytes_twice(tmp_path):
    """Two builds from the same files in one process (two of the pack's sources) give the same bytes."""
    src = [REFERENCE / "wb-ids-debt-c5", FACTS]
    build_pack(src, tmp_path / "a")
    build_pack(src, tmp_path / "b")
    assert compare_packs(tmp_path / "a", tmp_path / "b") == []
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["claims.parquet", "debt.parquet", "manifest.json"]


@needs_shared
def test_index_and_model_from_the_pack_equal_those_from_the_files(tmp_path):
    from greatgame.influence import compute
    from greatgame.simulate.fitting import estimate_inputs

    files = greatgame.open(tmp_path / "files.duckdb")
    packed = greatgame.open(tmp_path / "pack.duckdb")
    try:
        assert import_reference(files, [REFERENCE, FACTS]).ok
        report = import_pack(packed)
        assert report.ok and len(report.results) == len(read_manifest()["sources"])
        keys = ["target", "power", "year", "dimension", "indicator"]
        a = compute(files).sort_values(keys, na_position="first").reset_index(drop=True)
        b = compute(packed).sort_values(keys, na_position="first").reset_index(drop=True)
        assert len(a) == len(b) > 0
        pd.testing.assert_frame_equal(a.astype(str), b.astype(str))
        assert repr(estimate_inputs(files)) == repr(estimate_inputs(packed))
    finally:
        files.close()
        packed.close()


# ------------------------------------------------------------------ data import with no path
def test_cli_import_without_path_loads_the_pack(tmp_path):
    db = tmp_path / "kb.duckdb"
    result = runner.invoke(app, ["data", "import", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert {r["status"] for r in out["results"]} == {"added"} and not out["errors"]
    manifest = read_manifest()
    with greatgame.open(db) as kb:
        rows = {d["id"]: d for d in kb.datasets()}
        assert set(rows) == {s["dataset"] for s in manifest["sources"]}
        for s in manifest["sources"]:
            assert rows[s["dataset"]]["path"] == f"pack:{s['file']}"
            assert rows[s["dataset"]]["sha256"] == s["sha256"]
        for f in manifest["files"].values():
            assert kb.row_count(f["table"]) == f["rows"]
    result = runner.invoke(app, ["data", "import", "--db", str(db)])
    assert result.exit_code == 0 and "replaced" in result.stdout and "loaded the data pack" in result.stderr
    result = runner.invoke(app, ["influence", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert any(r["score"] is not None for r in json.loads(result.stdout))


def test_damaged_pack_is_refused_in_one_line(tmp_path, kb):
    copy = tmp_path / "pack"
    shutil.copytree(pack_dir(), copy)
    data = bytearray((copy / "debt.parquet").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / "debt.parquet").write_bytes(bytes(data))
    report = import_pack(kb, copy)
    assert not report.ok and "debt.parquet" in str(report.errors[0]) and "SHA-256" in str(report.errors[0])
    assert kb.row_count("debt") == 0
    (copy / "manifest.json").unlink()
    with pytest.raises(DataError, match="no data pack here"):
        verify_pack(copy)


# ------------------------------------------------------------------ data fetch against a local server
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(Quiet, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


def closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_fetch_checks_sizes_and_checksums(tmp_path, serve):
    site = tmp_path / "site"
    (site / "reference" / "x").mkdir(parents=True)
    good, bad = b"a,b\n1,2\n" * 5000, b"tampered\n"
    (site / "reference" / "x" / "good.csv").write_bytes(good)
    (site / "reference" / "x" / "bad.csv").write_bytes(bad)
    base = serve(site)
    items = [Item("good", "reference/x/good.csv", f"{base}/reference/x/good.csv",
                  hashlib.sha256(good).hexdigest(), len(good)),
             Item("bad", "reference/x/bad.csv", f"{base}/reference/x/bad.csv", hashlib.sha256(b"original").hexdigest(),
                  8),
             Item("gone", "reference/x/gone.csv", f"{base}/reference/x/gone.csv", "0" * 64, 1)]
    seen: list[tuple[str, int, int]] = []
    results = fetch(items, tmp_path / "out", progress=lambda i, done, total: seen.append((i.dataset, done, total)))
    assert [r.status for r in results] == ["downloaded", "error", "error"]
    assert (tmp_path / "out" / "reference" / "x" / "good.csv").read_bytes() == good
    assert not (tmp_path / "out" / "reference" / "x" / "bad.csv").exists()          # a wrong file is not kept
    assert not list((tmp_path / "out").rglob("*.part"))
    assert "checksum mismatch" in str(results[1].error) and "HTTP 404" in str(results[2].error)
    good_seen = [s for s in seen if s[0] == "good"]
    assert good_seen[-1] == ("good", len(good), len(good))                            # progress with its total
    assert fetch_one(items[0], tmp_path / "out").status == "unchanged"
    with pytest.raises(FetchOffline, match="cannot reach 127.0.0.1"):
        fetch([Item("off", "reference/x/off.csv", f"http://127.0.0.1:{closed_port()}/off.csv", "0" * 64, 1)],
              tmp_path / "out", timeout=5)


def test_plan_uses_publishers_urls_or_a_mirror():
    manifest = read_manifest()
    items, skipped = plan(manifest)
    assert items and skipped
    assert all(i.url.startswith("https://") for i in items)
    assert {i.dataset for i in items} | {d for d, _ in skipped} == {s["dataset"] for s in manifest["sources"]}
    assert all("--mirror" in why for _, why in skipped)
    mirrored, none = plan(manifest, "http://127.0.0.1:9/data/", ["cow-igo"])
    assert not none and [i.url for i in mirrored] == [
        "http://127.0.0.1:9/data/reference/cow-igo/cow_igo_v3_c5_partners_1991_2014.csv"]
    with pytest.raises(DataError, match="not a source of the data pack"):
        plan(manifest, None, ["nope"])


@needs_shared
def test_cli_fetch_from_a_mirror_of_shared_then_import(tmp_path, serve):
    base = serve(SHARED / "data")
    out = tmp_path / "fetched"
    wanted = ["cow-igo", "calibration-facts", "wb-ids-debt-c5"]
    args = ["data", "fetch", "--mirror", base, "-o", str(out), *sum((["--dataset", d] for d in wanted), [])]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "3 of 3 files" in result.stdout and f"greatgame data import {out}" in result.stderr
    by_id = {s["dataset"]: s for s in read_manifest()["sources"]}
    for d in wanted:
        assert sha256(out / by_id[d]["file"]) == by_id[d]["sha256"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert {r["status"] for r in json.loads(result.stdout)["results"]} == {"unchanged"}
    with greatgame.open(tmp_path / "kb.duckdb") as kb:
        report = import_reference(kb, [out])
        assert report.ok and {r.dataset for r in report.results} == set(wanted)


def test_cli_fetch_offline_is_one_line(tmp_path):
    result = runner.invoke(app, ["data", "fetch", "--mirror", f"http://127.0.0.1:{closed_port()}", "-o",
                                 str(tmp_path / "out"), "--timeout", "5"])
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "cannot reach 127.0.0.1" in lines[0]


# ------------------------------------------------------------------ a clone with no shared/ beside it (CI)
def test_fresh_clone_demo_without_shared(tmp_path):
    """`git clone` of this repository into a folder with no shared/ beside it, then `./dev demo` with this
    environment (GREATGAME_NO_INSTALL: no second install): exit 0, the pack loaded, the influence table and the
    outlook printed, the line on adding articles; every score carries its data year, no score without data."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of greatgame")
    if not (Path(sys.prefix) / "bin" / "greatgame").exists():
        pytest.skip(f"the tests run outside a virtual environment with greatgame installed ({sys.prefix})")
    clone = tmp_path / "elsewhere" / "greatgame"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    assert not (clone.parent / "shared").exists()
    db = tmp_path / "kb.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("GREATGAME_SHARED", "GREATGAME_DB", "PYTHONPATH")}
    env.update(GREATGAME_NO_INSTALL="1", GREATGAME_VENV=sys.prefix, GREATGAME_DB=str(db),
               PYTHONPATH=str(clone / "src"), COLUMNS="120", NO_COLOR="1")
    demo = subprocess.run(["bash", str(clone / "dev"), "demo"], cwd=clone, env=env, capture_output=True, text=True,
                          timeout=300)
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    assert "no ../shared/corpus beside this checkout" in demo.stderr
    assert "loaded the data pack" in demo.stderr
    assert "Composite influence" in demo.stdout and "2030" in demo.stdout
    assert "add articles:" in demo.stdout and "ingest" in demo.stdout.split("add articles:")[1]
    check = subprocess.run([sys.executable, "-m", "greatgame.cli", "influence", "--db", str(db), "--format", "json"],
                           cwd=clone, env=env, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr
    where = subprocess.run([sys.executable, "-c", "import greatgame; print(greatgame.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=60).stdout
    assert str(clone) in where                      # the clone's code ran, not this checkout's
    rows = json.loads(check.stdout)
    composite = [r for r in rows if r["dimension"] == "composite"]
    assert {r["target"] for r in composite} == set(TARGETS)
    scored = [r for r in composite if r["score"] is not None]
    assert scored and all(isinstance(r["data_year"], int) and r["data_year"] <= r["year"] for r in scored)
    unscored = [r for r in composite if r["score"] is None]
    assert unscored and all(r["basis"] == "missing" and r["data_year"] is None for r in unscored)
    assert all(r["score"] is None for r in rows if r["basis"] == "missing")
