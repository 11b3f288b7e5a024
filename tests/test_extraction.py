"""Events, quotes, cross-document merging and disagreements on short texts written for the tests."""
from __future__ import annotations


import pytest

import greatgame
from greatgame.documents.model import Document
from greatgame.extract import extract
from greatgame.ingest import ingest


def _doc(text: str, published: str | None = "2024-03-15", doc_id: str = "t.txt") -> Document:
    return Document(id=doc_id, text=text, source=doc_id, format="text", published=published)


def _events(text: str, published: str | None = "2024-03-15"):
    return extract(_doc(text, published)).events


def _happened(text: str, published: str | None = "2024-03-15"):
    return [e for e in _events(text, published) if e.happened]


def test_visit_codes_visitor_and_host():
    (e,) = [e for e in _happened("Turkish President Recep Tayyip Erdogan visited Uzbekistan on Tuesday.")
            if e.type == "CONSULT"]
    assert e.actors == ["TUR"] and e.recipients == ["UZB"] and e.mode == "visit"
    assert "person:Recep Tayyip Erdoğan" in e.people
    assert e.date == "2024-03-12" and e.date_kind == "event"


def test_multilateral_meeting_makes_every_participant_an_actor():
    events = _happened("The presidents of Kazakhstan, Kyrgyzstan and Turkmenistan attended a summit in Baku "
                       "in May 2023.")
    consult = [e for e in events if e.type == "CONSULT"]
    assert consult and {"KAZ", "KGZ", "TKM"} <= set(consult[0].actors) and not consult[0].recipients
    assert consult[0].date == "2023-05"


@pytest.mark.parametrize("text,flag", [
    ("Kazakhstan did not sign the agreement with Russia.", "negated"),
    ("Uzbekistan will sign an agreement with China next month.", "planned"),
    ("Tajikistan plans to visit Iran in the autumn.", "planned"),
    ("Russia could send troops to Kyrgyzstan.", "hypothetical"),
])
def test_unreal_events_are_kept_but_not_exported(tmp_path, text, flag):
    events = _events(text)
    assert events and all(getattr(e, flag) and not e.happened for e in events)
    kb = greatgame.open(tmp_path / "kb.duckdb")
    path = tmp_path / "a.txt"
    path.write_text(text + "\n", encoding="utf-8")
    ingest(kb, [path])
    assert kb.events() == [] and len(kb.events(include_unreal=True)) == len(events)
    from greatgame.export import eval_records

    assert not [r for r in eval_records(kb) if r["kind"] == "event"]
    kb.close()


def test_negated_recognition_is_a_rejection():
    (e,) = [e for e in _happened("Kyrgyzstan does not recognize the breakaway republics declared by Russia.")
            if e.type in ("REJECT", "SUPPORT")]
    assert e.type == "REJECT" and e.actors == ["KGZ"]


def test_reported_speech_with_role_and_organisation():
    text = ("Aigerim Bekova, a senior fellow at the Steppe Institute, said that Chinese lending to the region "
            "had slowed since the pandemic.")
    (q,) = extract(_doc(text)).quotes
    assert q.speaker == "person:Aigerim Bekova" and not q.direct
    assert q.text.startswith("that Chinese lending") or q.text.startswith("Chinese lending")
    assert q.speaker_org == "org:Steppe Institute" and "senior fellow" in q.speaker_role


def test_according_to_and_state_speakers():
    quotes = extract(_doc("Freight volumes on the route doubled last year, according to the Kazakh "
                          "Ministry of Foreign Affairs. Chinese officials said the talks would continue.")).quotes
    speakers = {q.speaker for q in quotes}
    assert "CHN" in speakers
    assert any(q.speaker and "Kazakhstan" in q.speaker or q.speaker == "KAZ" for q in quotes)


def test_multi_paragraph_quote_and_continuation():
    text = ("“The corridor has changed how our exporters think about Europe,” said Dilnoza Karimova, "
            "an economist at the Tashkent Trade Forum.\n\n"
            "“Ten years ago nobody would have shipped grain across the Caspian Sea. Today the ferries are full "
            "and the ports cannot keep up with demand.\n\n"
            "“That is the real change,” she added.")
    quotes = extract(_doc(text)).quotes
    assert [q.speaker for q in quotes] == ["person:Dilnoza Karimova"] * len(quotes)
    joined = " ".join(q.text for q in quotes)
    assert "shipped grain across the Caspian" in joined and "That is the real change" in joined


def test_two_reports_of_one_summit_are_merged(tmp_path):
    a = tmp_path / "outlet_a.txt"
    b = tmp_path / "outlet_b.txt"
    a.write_text("Chinese President Xi Jinping visited Kazakhstan on 3 July 2024 and met Kassym-Jomart "
                 "Tokayev.\n", encoding="utf-8")
    b.write_text("Xi Jinping visited Kazakhstan in July 2024, where the two leaders discussed trade.\n",
                 encoding="utf-8")
    kb = greatgame.open(tmp_path / "kb.duckdb")
    ingest(kb, [a, b])
    visits = [e for e in kb.events(type="CONSULT") if e["actors"] == ["CHN"] and "KAZ" in e["recipients"]]
    assert {e["doc"] for e in visits} == {"outlet_a.txt", "outlet_b.txt"}
    assert len({e["cluster"] for e in visits}) == 1 and all(e["reports"] >= 2 for e in visits)
    kb.close()


def test_different_values_for_one_measure_are_a_disagreement(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Trade between China and Kazakhstan reached $41 billion in 2023, customs data showed.\n",
                 encoding="utf-8")
    b.write_text("Trade between China and Kazakhstan reached $31 billion in 2023, according to the ministry.\n",
                 encoding="utf-8")
    kb = greatgame.open(tmp_path / "kb.duckdb")
    ingest(kb, [a, b])
    groups = kb.disagreements()
    assert len(groups) == 1
    claims = groups[0]["claims"]
    assert sorted(c["value"] for c in claims) == [31e9, 41e9]      # both kept, none averaged
    assert {c["doc"] for c in claims} == {"a.txt", "b.txt"} and groups[0]["unit"] == "USD"
    kb.close()


def test_comment_stance_is_kept_apart(tmp_path):
    text = ("Kazakhstan and China opened a new border crossing on Monday.\n"
            "2 Comments\n"
            "Arman\n"
            "China only wants to exploit our resources, and this is a debt trap.\n"
            "Saule\n"
            "A good step: trade with China brings jobs and stability.\n")
    result = extract(_doc(text))
    stances = {(result.layout.comments[s.comment].author, s.entity): s.stance for s in result.stances}
    assert stances[("Arman", "CHN")] == "negative" and stances[("Saule", "CHN")] == "positive"
    assert all(e.part != "comments" for e in result.events)
