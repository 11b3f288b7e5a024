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


# What the method scores on each development set (../shared/eval/CHANGES.md: the seeds gold was re-annotated,
# and the news gold is new). The floors sit just under today's scores, to be raised as the method improves.
# The seeds' strict event floor went down from 0.54 to 0.50 with the generalising rework of issue 11: on
# both development sets together strict F1 rose from 0.32 to 0.45 (news 0.25 -> 0.43), while on the five
# seed documents one strict match was lost and seven events added (docs/extraction.md).
# The second round of issue 11 (speakers linked through state bodies, transliterations and roles; quotes in
# guillemets, transcripts and declared statements; acts inside quotations; casualty counts) raised the news
# floors: entity 0.963 -> 0.973, quote 0.578 -> 0.714, quantity 0.863 -> 0.880, other organisations and
# projects recall 0.396 -> 0.436; the seeds kept their scores. Third round (false positives by kind, argument
# frames, one record per meeting): event strict/lenient seeds 0.512/0.628 -> 0.530/0.650, news 0.429/0.511 ->
# 0.448/0.528. Fourth round (a publication month as a bounded anchor, companies, antecedents, acts on people,
# meetings "during" which acts are done, purposes): seeds 0.530/0.650 -> 0.542/0.661, news 0.448/0.528 ->
# 0.528/0.583. Fifth round (actors from context: unnamed state bodies, documents, agentless passives): news
# 0.528/0.583 -> 0.550/0.605, the seeds unchanged. Sixth round (the first person in a speaker's words, performatives,
# intergovernmental bodies outside FORMAT's list, passive sanctions): news 0.550/0.605 -> 0.568/0.634, seeds unchanged.
# Seventh round (a region's group noun as its states, stated commitments and shared positions as AGREE, a counted
# group as the parties just named): news 0.568/0.634 -> 0.578/0.648, seeds unchanged. Eighth round (an initiative
# launched as AGREE, "N years ago" as an act's date, the day of the news named after the opening, "has seen X annexed"
# as an act): news 0.578/0.648 -> 0.613/0.648, seeds 0.542/0.661 -> 0.574/0.689. Ninth round (one record per act by
# syntax, nominal and gerund argument frames, stated commitments and stances, joint "we", docs/extraction.md section
# 11): news 0.613/0.648 -> 0.658/0.705, seeds 0.574/0.689 -> 0.672/0.768. Quotes and figures, sixth and fourth rounds
# (attribution forms of unseen text, changes as two figures, shares as fractions): news quote 0.904 -> 0.906,
# quantity 0.924 -> 0.945; their news floors raised from 0.70/0.87 (set long ago) to 0.88/0.90. Tenth to twelfth
# rounds (recall by type and mode, dating, companies for their states, capitals as places, block quotes, counts of
# groups; docs/extraction.md sections 13-15 and the seventh and fifth rounds of quotes and figures): events news
# 0.672/0.719 -> 0.737/0.773, seeds 0.688/0.784 -> 0.744/0.806; news entity 0.978 -> 0.996, quote 0.906 -> 0.930,
# quantity 0.945 -> 0.980. Floors raised to just under.
FLOORS = {
    "seeds": {"entity": 0.95, "entity_recall_only": 0.90, "event_strict": 0.70, "event_lenient": 0.77,
              "quote": 0.84, "quantity": 0.95},
    "news": {"entity": 0.98, "entity_recall_only": 0.55, "event_strict": 0.70, "event_lenient": 0.74,
             "quote": 0.91, "quantity": 0.95},
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request, shared, tmp_path_factory):
    name = request.param
    tmp = tmp_path_factory.mktemp(f"eval-{name}")
    db, out = tmp / "kb.duckdb", tmp / "out.jsonl"
    gg = _greatgame()
    subprocess.run([gg, "ingest", str(shared / "corpus" / name), "--db", str(db), "-q"], check=True)
    subprocess.run([gg, "export", "--db", str(db), "--format", "eval-jsonl", "-o", str(out)], check=True)
    res = subprocess.run([sys.executable, str(shared / "eval/score.py"), "--gold",
                          str(shared / "eval/gold" / f"{name}.jsonl"), "--system", str(out), "--json"],
                         check=True, capture_output=True, text=True)
    return name, json.loads(res.stdout)


@pytest.mark.parametrize("kind", ["entity", "event_strict", "event_lenient", "quote", "quantity"])
def test_f1_floor(scored, kind):
    name, scores = scored
    assert scores[kind]["f1"] >= FLOORS[name][kind], (name, scores[kind])


def test_recall_only_entity_recall(scored):
    name, scores = scored
    assert scores["entity_recall_only"]["recall"] >= FLOORS[name]["entity_recall_only"], \
        (name, scores["entity_recall_only"])
