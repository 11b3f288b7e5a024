"""The command line: help everywhere, JSON output, exit status, one-line errors."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from greatgame.cli import app

runner = CliRunner()
COMMANDS = ["ingest", "summary", "docs", "show", "entities", "events", "quotes", "figures", "disagreements", "search",
            "export"]


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


# ---------------------------------------------------------------- every listing exports; names for ids

LISTINGS = [["docs"], ["entities"], ["events"], ["quotes"], ["figures"], ["disagreements"], ["search", "Tokayev"]]


@pytest.mark.shared
@pytest.mark.parametrize("listing", LISTINGS, ids=lambda c: c[0])
def test_every_listing_exports_csv_json_and_jsonl(seeded_db, listing):
    import csv
    import io

    outputs = {}
    for fmt in ("json", "jsonl", "csv"):
        result = runner.invoke(app, [*listing, "--db", str(seeded_db), "--format", fmt])
        assert result.exit_code == 0, (listing, fmt, result.output)
        outputs[fmt] = result.stdout
    rows = json.loads(outputs["json"])
    lines = [json.loads(line) for line in outputs["jsonl"].splitlines()]
    assert lines == rows
    header = outputs["csv"].splitlines()[0].split(",")
    if listing[0] == "disagreements":       # none among the seeds alone; a measure's claims are one CSV line each
        assert header[:4] == ["measure", "unit", "subjects", "period"] and "source" in header
        return
    table = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert rows and len(table) == len(rows) and header == list(rows[0])


@pytest.mark.shared
def test_events_csv_has_a_header_and_the_evidence(seeded_db):
    import csv
    import io

    result = runner.invoke(app, ["events", "--db", str(seeded_db), "--format", "csv"])
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0].split(",")
    assert {"date", "type", "actors", "recipients", "doc", "evidence", "start", "end"} <= set(header)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    events = json.loads(runner.invoke(app, ["events", "--db", str(seeded_db), "--format", "json"]).stdout)
    assert [r["evidence"] for r in rows] == [e["evidence"] for e in events]
    assert [r["actors"] for r in rows] == [";".join(e["actors"]) for e in events]   # lists: values joined by ;


@pytest.mark.shared
@pytest.mark.parametrize("name", ["Tokayev", "Tokaev", "Kassym-Jomart Tokayev", "person:Kassym-Jomart Tokayev"])
def test_quotes_by_a_persons_name(seeded_db, name):
    quotes = json.loads(runner.invoke(app, ["quotes", "--db", str(seeded_db), "--actor", name,
                                            "--format", "json"]).stdout)
    assert quotes and {q["speaker"] for q in quotes} == {"person:Kassym-Jomart Tokayev"}


@pytest.mark.shared
def test_a_state_counts_its_people_with_people(seeded_db):
    def speakers(*args):
        result = runner.invoke(app, ["quotes", "--db", str(seeded_db), *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        return [q["speaker"] for q in json.loads(result.stdout)]

    assert "person:Kassym-Jomart Tokayev" not in speakers("--actor", "KAZ")
    assert "person:Kassym-Jomart Tokayev" in speakers("--actor", "KAZ", "--people")
    china = speakers("--actor", "China", "--people")
    assert {"CHN", "person:Xi Jinping"} <= set(china) and set(china) - {"CHN"} <= {
        p for p in china if p.startswith("person:")}
    assert speakers("--actor", "Kazakhstan", "--people") == speakers("--actor", "KAZ", "--people")


@pytest.mark.shared
def test_events_by_name_and_by_pair(seeded_db):
    def events(*args):
        result = runner.invoke(app, ["events", "--db", str(seeded_db), *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    china = events("--actor", "China")
    assert china and china == events("--actor", "CHN")
    pair = events("--actor", "CHN", "--with", "Kazakhstan")
    assert pair and len(pair) < len(china)
    for e in pair:
        parties = set(e["actors"] + e["recipients"] + e["people"])
        assert {"CHN", "KAZ"} <= parties
    assert pair == events("--actor", "KAZ", "--with", "China")       # either way round
    assert events("--actor", "CSTO") == events("--actor", "org:CSTO")
    assert events("--actor", "Xi") == events("--actor", "person:Xi Jinping")


@pytest.mark.shared
def test_an_unknown_name_is_one_line_with_the_closest_matches(seeded_db):
    result = runner.invoke(app, ["quotes", "--db", str(seeded_db), "--actor", "Tokayef"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "unknown actor 'Tokayef'" in lines[0] and "Kassym-Jomart Tokayev" in lines[0]
    # another romanisation of a known name is that name, not an unknown one
    tokaev = runner.invoke(app, ["quotes", "--db", str(seeded_db), "--actor", "Tokaev", "--format", "json"])
    tokayev = runner.invoke(app, ["quotes", "--db", str(seeded_db), "--actor", "Tokayev", "--format", "json"])
    assert tokaev.exit_code == 0 and tokaev.output == tokayev.output
    result = runner.invoke(app, ["events", "--db", str(seeded_db), "--actor", "Chna"])
    assert result.exit_code == 1 and "China (CHN)" in result.output


@pytest.mark.shared
def test_ids_are_never_cut_and_evidence_shows_at_80_columns(seeded_db):
    result = runner.invoke(app, ["entities", "--db", str(seeded_db), "--kind", "person"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    people = json.loads(runner.invoke(app, ["entities", "--db", str(seeded_db), "--kind", "person",
                                            "--format", "json"]).stdout)
    for p in people:
        assert p["id"] in result.output
    # the names are not cut: each on a line of its own under its entity, and the counts keep their headers
    lines = result.output.splitlines()
    assert "mentions" in lines[1] and "documents" in lines[1]
    for p in people:
        row = next(i for i, line in enumerate(lines) if line.rstrip().endswith(p["id"]))
        assert lines[row + 1].strip() == p["name"], (p, lines[row:row + 2])
    assert all(len(line) <= 80 for line in lines if not any(len(p["id"]) > 40 and p["id"] in line for p in people))
    wide = runner.invoke(app, ["entities", "--db", str(seeded_db), "--kind", "person"], env={"COLUMNS": "200"})
    assert len(wide.output.splitlines()) == len(people) + 2              # wide enough: the name is a column
    result = runner.invoke(app, ["events", "--db", str(seeded_db), "--actor", "TJK"], env={"COLUMNS": "80"})
    events = json.loads(runner.invoke(app, ["events", "--db", str(seeded_db), "--actor", "TJK",
                                            "--format", "json"]).stdout)
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines if not line.startswith(tuple(e["date"] or "" for e in events)))
    for e in events:
        assert e["doc"] in result.output
        assert " ".join(e["evidence"].split())[:60] in result.output      # the evidence line, cut to the width


@pytest.mark.shared
def test_search_lists_hits(seeded_db):
    hits = json.loads(runner.invoke(app, ["search", "Tokayev", "--db", str(seeded_db), "--format", "json"]).stdout)
    assert any(h["kind"] == "entity" and h["ref"] == "person:Kassym-Jomart Tokayev" for h in hits)


@pytest.mark.shared
def test_influence_without_reference_data_says_insufficient_data(seeded_db):
    result = runner.invoke(app, ["influence", "--db", str(seeded_db), "--draws", "20"])
    assert result.exit_code == 1 and "insufficient data" in result.output and "0.0" not in result.output


@pytest.mark.parametrize("args, message", [
    (["--target", "Kazakstan"], None),                       # a misspelt name still finds its state
    (["--target", "Kazahstan"], "unknown target 'Kazahstan'; closest: Kazakhstan (KAZ)"),
    (["--target", "China"], "'China' (China) is not a target state: use one of KAZ, KGZ, TJK, TKM, UZB"),
    (["--power", "Kyrgyzstan"], "is not a power the index scores"),
    (["--explain", "Bishkek", "Xi"], None),
])
def test_influence_targets_and_powers_by_name(tmp_path, args, message):
    db = tmp_path / "kb.duckdb"
    runner.invoke(app, ["ingest", "--db", str(db), str(tmp_path)])        # an empty knowledge base
    result = runner.invoke(app, ["influence", "--db", str(db), *args, "--draws", "10"])
    if message is None:      # the name resolves: the command goes on, and finds no data
        assert result.exit_code == 1 and "insufficient data" in result.output
    else:
        assert result.exit_code == 2 and message in " ".join(result.output.split())


def test_corridors_as_csv():
    import csv
    import io

    result = runner.invoke(app, ["corridors", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"route", "share", "km", "conditions"} <= set(rows[0])
    assert abs(sum(float(r["share"]) for r in rows) - 1) < 0.01


def test_entities_at_80_columns_keep_long_ids_whole_and_the_lines_inside(tmp_path, monkeypatch):
    """An id too long for the table at 80 columns goes whole on a line of its own under its row (its cell marked),
    the name under it; the other ids stay in the table, the headers stay whole, no line passes 80 columns but an
    id longer than the width itself, which is never cut."""
    import greatgame
    from greatgame.kb.rows import EntityRow
    from greatgame.kb.store import KnowledgeBase

    db = tmp_path / "kb.duckdb"
    greatgame.open(db).close()
    long_id = "org:Danish Institute for International Relations Policy Brief"            # 62 characters
    longest = "project:" + "-".join(["a-railway-line-named-at-length"] * 3)              # 98 characters
    rows = [EntityRow(id="KAZ", kind="state", name="Kazakhstan", mentions=190, documents=5, origin="ontology",
                      attrs={}),
            EntityRow(id=long_id, kind="org", name="Danish Institute for International Relations Policy Brief",
                      mentions=1, documents=1, origin="text", attrs={}),
            EntityRow(id="org:Economist Group", kind="org", name="Economist Group", mentions=2, documents=1,
                      origin="ontology", attrs={}),
            EntityRow(id=longest, kind="project", name="A railway line", mentions=1, documents=1, origin="text",
                      attrs={})]
    monkeypatch.setattr(KnowledgeBase, "entities", lambda self, doc=None, kind=None: rows)
    result = runner.invoke(app, ["entities", "--db", str(db)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].split() == ["kind", "mentions", "documents", "origin", "id"]         # names below, headers whole
    assert all(len(line) <= 80 for line in lines if longest not in line)
    at = lines.index("    " + long_id)
    assert lines[at - 1].startswith("org") and lines[at - 1].rstrip().endswith("↓")
    assert lines[at + 1].strip() == "Danish Institute for International Relations Policy Brief"
    assert longest in lines and lines[lines.index(longest) - 1].rstrip().endswith("↓")   # whole, not cut
    for short in ("KAZ", "org:Economist Group"):
        assert any(line.rstrip().endswith(short) and line.startswith(("state", "org")) for line in lines)
    wide = runner.invoke(app, ["entities", "--db", str(db)], env={"COLUMNS": "200"})
    assert "↓" not in wide.output and len(wide.output.splitlines()) == len(rows) + 2     # one line a row
