"""The command line: help everywhere, JSON output, exit status, one-line errors."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from greatgame.cli import app

runner = CliRunner()
COMMANDS = ["ingest", "summary", "docs", "show", "entities", "export"]


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]])
def test_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory):
    from conftest import SEEDS

    db = tmp_path_factory.mktemp("cli") / "kb.duckdb"
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "documents: 5" in result.output and "entities by kind" in result.output
    return db


@pytest.mark.shared
def test_show_004_json(seeded_db):
    result = runner.invoke(app, ["show", "004_d4496441876c63a8.txt", "--db", str(seeded_db), "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert len(doc["citations"]) >= 25
    for c in doc["citations"]:
        assert isinstance(c["number"], int) and isinstance(c["cited_at"], int)
        assert c["text"] not in doc["body"]
    assert "[2]" not in doc["body"] and "stycznia" not in doc["body"]


@pytest.mark.shared
def test_show_003_comments(seeded_db):
    result = runner.invoke(app, ["show", "003_13671bc86b475096.txt", "--db", str(seeded_db), "--format", "json"])
    doc = json.loads(result.output)
    assert [c["author"] for c in doc["comments"]] == ["Michelangelo", "Leonardo", "Donatello", "dedus mopedus"]
    assert "comments" in doc["parts"] and "Michelangelo" not in doc["body"]


@pytest.mark.shared
def test_listings_as_json(seeded_db):
    docs = json.loads(runner.invoke(app, ["docs", "--db", str(seeded_db), "--format", "json"]).output)
    assert len(docs) == 5
    people = json.loads(runner.invoke(app, ["entities", "--db", str(seeded_db), "--kind", "person",
                                            "--format", "json"]).output)
    assert people and all(p["kind"] == "person" for p in people)
    one = json.loads(runner.invoke(app, ["entities", "--db", str(seeded_db), "--doc", "001_c1ddc58547b124d4.txt",
                                         "--format", "json"]).output)
    assert {"CHN", "person:Yun Sun"} <= {e["id"] for e in one}


@pytest.mark.shared
def test_export_writes_eval_records(seeded_db, tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["export", "--db", str(seeded_db), "--format", "eval-jsonl", "-o", str(out)])
    assert result.exit_code == 0
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert recs and all({"doc", "kind"} <= set(r) for r in recs)


def test_errors_are_one_line_and_set_the_exit_status(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Uzbekistan and Kazakhstan agreed on water quotas.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["ingest", str(good), str(bad), "--db", str(tmp_path / "kb.duckdb")])
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if "error:" in ln]
    assert len(lines) == 1 and str(bad) in lines[0] and "binary" in lines[0]
    assert "1 added" in result.output


def test_unknown_document(tmp_path):
    db = tmp_path / "kb.duckdb"
    runner.invoke(app, ["ingest", "--db", str(db), str(tmp_path)])
    result = runner.invoke(app, ["show", "nope.txt", "--db", str(db)])
    assert result.exit_code == 1 and "no document 'nope.txt'" in result.output


def test_missing_database_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["docs", "--db", str(tmp_path / "absent.duckdb")])
    assert result.exit_code == 1 and "no knowledge base here" in result.output
