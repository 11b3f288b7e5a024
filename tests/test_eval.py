"""The extraction scored against the development gold, exactly as the issue runs it."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.shared


def _greatgame() -> str:
    exe = Path(sys.executable).with_name("greatgame")
    return str(exe) if exe.exists() else shutil.which("greatgame") or "greatgame"


@pytest.fixture(scope="module")
def scores(shared, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("eval")
    db, out = tmp / "kb.duckdb", tmp / "out.jsonl"
    gg = _greatgame()
    subprocess.run([gg, "ingest", str(shared / "corpus/seeds"), "--db", str(db), "-q"], check=True)
    subprocess.run([gg, "export", "--db", str(db), "--format", "eval-jsonl", "-o", str(out)], check=True)
    res = subprocess.run([sys.executable, str(shared / "eval/score.py"), "--gold",
                          str(shared / "eval/gold/seeds.jsonl"), "--system", str(out), "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


def test_entity_f1(scores):
    assert scores["entity"]["f1"] >= 0.92, scores["entity"]


def test_recall_only_entity_recall(scores):
    assert scores["entity_recall_only"]["recall"] >= 0.70, scores["entity_recall_only"]


def test_event_f1(scores):
    assert scores["event_strict"]["f1"] >= 0.60, scores["event_strict"]
    assert scores["event_lenient"]["f1"] >= 0.70, scores["event_lenient"]


def test_quote_f1(scores):
    assert scores["quote"]["f1"] >= 0.80, scores["quote"]


def test_quantity_f1(scores):
    assert scores["quantity"]["f1"] >= 0.90, scores["quantity"]
