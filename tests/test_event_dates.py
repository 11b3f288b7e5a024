"""Which date of its sentence an act takes (``extract.event_dates``, ``event_frames.act_date``), each rule on
sentences written for the test."""
from __future__ import annotations

import datetime as dt

from greatgame.documents.model import Document
from greatgame.extract import extract
from greatgame.extract.dates import find_dates
from greatgame.extract.event_dates import period_value, times_the_act
from greatgame.extract.pipeline import nlp

PUBLISHED = "2024-03-15"        # a Friday


def _happened(text: str, published: str | None = PUBLISHED):
    doc = Document(id="t.txt", text=text, source="t.txt", format="text", published=published)
    return [e for e in extract(doc).events if e.happened]


def _one(text: str, etype: str):
    (e,) = [e for e in _happened(text) if e.type == etype]
    return e


def test_a_date_in_a_clause_describing_another_noun_is_that_nouns_time():
    # the summit was in 2019; the thanks are the news (the publication month)
    e = _one("The Kazakh president thanked Uzbekistan for the summit that took place in Tashkent in 2019.", "SUPPORT")
    assert (e.actors, e.recipients, e.date) == (["KAZ"], ["UZB"], "2024-03")
    # the act's own date still counts, beside the clause's
    e = _one("Uzbekistan thanked Kazakhstan on Tuesday for the summit that took place in Tashkent in 2019.", "SUPPORT")
    assert e.date == "2024-03-12"
    # a "where" clause on a place
    e = _one("In Bishkek, where Putin opened a military base in 2003, the Russian leader praised Kyrgyzstan.", "SUPPORT")
    assert e.date == "2024-03"


def test_a_participle_on_another_noun_keeps_its_date_to_its_own_act():
    events = [e for e in _happened("Turkey signed an agreement with Georgia on Tuesday, up on the two deals "
                                   "signed with Armenia in 2019.") if e.type == "SUPPORT"]
    assert {(tuple(e.recipients), e.date) for e in events} == {(("GEO",), "2024-03-12"), (("ARM",), "2019")}


def test_a_fronted_participle_shares_the_time_of_its_clause():
    # "Asked ... on Monday, X accused ...": the answer is given when the question is asked
    e = _one("Asked about the deal on Monday, Lavrov accused Ukraine of sabotage.", "ACCUSE")
    assert e.date == "2024-03-11"
    e = _one("The agreement, signed by Kazakhstan and China in Astana on Friday, provides for new flights.", "SUPPORT")
    assert e.date == "2024-03-15"


def test_a_clause_on_the_trigger_noun_or_a_noun_of_its_phrase_dates_the_act():
    # a relative clause after "the exercise with the armies of A and B" may describe the exercise
    n = nlp()
    for text, trigger, dated in [
            ("The exercise with the armies of Tajikistan and Kyrgyzstan which began on March 4 was held by Russia.",
             "exercise", True),
            ("The talks, which were held in Beijing on Tuesday, ended without a deal.", "talks", True),
            ("Kazakhstan welcomed the talks, which were held in Beijing on Tuesday.", "welcomed", False)]:
        doc = n(text)
        (date,) = find_dates(text, dt.date(2024, 3, 15))
        tok = next(t for t in doc if t.text == trigger)
        assert times_the_act(date, tok, doc[:]) is dated, text


def test_a_year_named_as_a_thing_does_not_date_the_act():
    # "designate 2026 as the Year of ...": the praise is no future act
    e = _one("Iran praised Turkmenistan's decision to designate 2026 as the Year of Water.", "SUPPORT")
    assert (e.actors, e.recipients, e.date) == (["IRN"], ["TKM"], "2024-03")


def test_a_period_of_several_years_gives_the_report_date():
    e = _one("Kazakhstan and Uzbekistan adopted a joint action plan for the period 2024-2028.", "SUPPORT")
    assert e.date == "2024-03"
    assert period_value("2024", "2028") == (None, None)
    assert period_value("2022-01", "2022-09") == ("2022", "year")
    assert period_value("2022-06-01", "2022-06-30") == ("2022-06", "month")


def test_the_same_day_takes_the_last_day_named():
    text = ("Protesters rallied in Bishkek on March 3. On the same day, Kyrgyz workers staged a protest outside "
            "the Kyrgyz Embassy in Moscow.")
    e = [e for e in _happened(text) if e.type == "PROTEST" and e.recipients == ["RUS"]]
    assert [x.date for x in e] == ["2024-03-03"]


def test_a_report_dated_by_its_month_reads_relative_days_from_the_day_it_names():
    text = ("Uzbekistan and Tajikistan agreed to open two new border crossings.\n\n"
            "The agreement was announced by the Uzbek foreign ministry on Thursday (15 June) after talks in Tashkent."
            "\n\n\"Uzbekistan and Tajikistan signed the protocol today,\" the ministry said. A month ago the border "
            "was closed.")
    doc = Document(id="t.txt", text=text, source="t.txt", format="text", published="2023-06")
    result = extract(doc)
    assert [(d.text, d.value) for d in result.dates] == [
        ("Thursday (15 June)", "2023-06-15"), ("today", "2023-06-15"), ("A month ago", "2023-05")]
    (e,) = [e for e in result.events if e.type == "SUPPORT"]
    assert (e.date, e.date_kind) == ("2023-06-15", "event")
    # no day named in the period: "today" stays the month
    doc = Document(id="t.txt", text=text.replace(" on Thursday (15 June)", ""), source="t.txt", format="text",
                   published="2023-06")
    assert [(d.text, d.value) for d in extract(doc).dates] == [("today", "2023-06"), ("A month ago", "2023-05")]
