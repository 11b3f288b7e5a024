"""Distributed ingest (Dask) gives the same knowledge base as one process; Parquet export and import round-trip."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import greatgame
from greatgame.export import eval_records
from greatgame.ingest import ingest, ingest_distributed
from greatgame.kb.parquet import export_parquet, import_parquet

pytestmark = pytest.mark.shared
TABLES = ("documents", "parts", "citations", "comments", "mentions", "roles", "events", "quotes", "figures",
          "dates", "comment_stances", "entities")


def _tables(path):
    con = duckdb.connect(str(path), read_only=True)
    out = {}
    for t in TABLES:
        cols = [c[0] for c in con.execute(f"SELECT * FROM {t} LIMIT 0").description if c[0] != "ingested_at"]
        quoted = ", ".join(f'"{c}"' for c in cols)
        out[t] = con.execute(f"SELECT {quoted} FROM {t} ORDER BY ALL").fetchall()
    con.close()
    return out


def test_distributed_export_equals_single_process(shared, tmp_path):
    single = greatgame.open(tmp_path / "single.duckdb")
    assert ingest(single, [shared / "corpus/seeds"]).ok
    dist = greatgame.open(tmp_path / "dist.duckdb")
    report = ingest_distributed(dist, [shared / "corpus/seeds"], workers=2)
    assert report.ok and len(report.added) == 5
    a, b = list(eval_records(single)), list(eval_records(dist))
    if a != b:
        # Seen once and never reproduced: keep both sides whole for whoever meets it next.
        import json

        out = Path(__file__).resolve().parent.parent / "test-artifacts" / "distributed-mismatch"
        out.mkdir(parents=True, exist_ok=True)
        for name, records in (("single", a), ("distributed", b)):
            (out / f"{name}.jsonl").write_text("".join(json.dumps(r, default=str) + "\n" for r in records))
        first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        raise AssertionError(f"records differ from #{first} on ({len(a)} vs {len(b)} records); both sides are in "
                             f"{out}: single {a[first] if first < len(a) else None} / "
                             f"distributed {b[first] if first < len(b) else None}")
    export_parquet(single, tmp_path / "p_single")
    export_parquet(dist, tmp_path / "p_dist")
    single.close()
    dist.close()
    assert _tables(tmp_path / "single.duckdb") == _tables(tmp_path / "dist.duckdb")
    # and a second distributed run changes nothing
    dist = greatgame.open(tmp_path / "dist.duckdb")
    assert len(ingest_distributed(dist, [shared / "corpus/seeds"], workers=2).unchanged) == 5
    dist.close()


def test_parquet_round_trip(shared, tmp_path):
    kb = greatgame.open(tmp_path / "a.duckdb")
    ingest(kb, [shared / "corpus/seeds"])
    manifest = export_parquet(kb, tmp_path / "export")
    assert manifest["tables"]["documents"] == 5
    assert (tmp_path / "export" / "mentions").is_dir() and list((tmp_path / "export" / "mentions").glob("bucket=*"))
    kb.close()
    fresh = greatgame.open(tmp_path / "b.duckdb")
    import_parquet(fresh, tmp_path / "export")
    import_parquet(fresh, tmp_path / "export")          # twice: replaces, no duplicates
    fresh.close()
    assert _tables(tmp_path / "a.duckdb") == _tables(tmp_path / "b.duckdb")


def test_import_refuses_a_folder_that_is_not_an_export(tmp_path):
    from greatgame.errors import KnowledgeBaseError

    kb = greatgame.open(tmp_path / "a.duckdb")
    with pytest.raises(KnowledgeBaseError, match="no manifest.json"):
        import_parquet(kb, tmp_path)
    kb.close()
