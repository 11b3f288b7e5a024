"""Date expressions: finding, resolving against an anchor, refusing to guess."""
from __future__ import annotations

import datetime as dt

import pytest

from greatgame.extract.dates import DateRef, find_dates, parse_explicit

THU = dt.date(2023, 5, 18)      # a Thursday
SAT = dt.date(2024, 7, 6)       # a Saturday


def only(text: str, anchor: dt.date | None = THU, **kw) -> DateRef:
    refs = find_dates(text, anchor, **kw)
    assert len(refs) == 1, refs
    return refs[0]


def values(text: str, anchor: dt.date | None = THU) -> list[tuple[str, str | None, str | None]]:
    return [(r.text, r.value, r.value_end) for r in find_dates(text, anchor)]


# -- explicit ------------------------------------------------------------------

@pytest.mark.parametrize("text, expr, value, precision", [
    ("The pact was signed on March 3, 2021 in Baku.", "March 3, 2021", "2021-03-03", "day"),
    ("The pact was signed on 3 March 2021 in Baku.", "3 March 2021", "2021-03-03", "day"),
    ("Ministers met on Sept. 14, 2019.", "Sept. 14, 2019", "2019-09-14", "day"),
    ("Trade peaked in April 2019 and fell.", "April 2019", "2019-04", "month"),
    ("The railway opened in 2016.", "2016", "2016", "year"),
    ("Growth slowed in mid-2021.", "mid-2021", "2021", "year"),
    ("The file is dated 2021-03-04.", "2021-03-04", "2021-03-04", "day"),
    ("The decree of 04.03.2021 was repealed.", "04.03.2021", "2021-03-04", "day"),
    ("Sent on 2021年3月4日.", "2021年3月4日", "2021-03-04", "day"),
    ("Logged at 2021-03-04T09:15Z.", "2021-03-04", "2021-03-04", "day"),
])
def test_explicit(text: str, expr: str, value: str, precision: str) -> None:
    r = only(text)
    assert (r.text, r.value, r.precision, r.kind, r.relative) == (expr, value, precision, "point", False)
    assert text[r.start:r.end] == expr


def test_month_day_takes_the_most_recent_year_not_after_the_anchor() -> None:
    assert only("The envoys met in Bishkek on April 2.").value == "2023-04-02"
    assert only("The envoys met in Bishkek on 2 April.").value == "2023-04-02"
    later = only("The envoys met in Bishkek on August 9.")
    assert (later.value, later.precision, later.relative) == ("2022-08-09", "day", True)
    assert only("The summit opens on May 18.").value == "2023-05-18"     # the anchor day itself


def test_month_day_in_a_future_clause_is_the_next_one() -> None:
    assert only("The ministers will meet again on May 25.").value == "2023-05-25"
    assert only("A forum is scheduled for March 2.").value == "2024-03-02"


def test_year_from_the_same_paragraph() -> None:
    refs = find_dates("In July 2019 drills were held. They ended on July 30.\nOn July 30 nothing.", None)
    assert [(r.text, r.value, r.relative) for r in refs] == [
        ("July 2019", "2019-07", False), ("July 30", "2019-07-30", False), ("July 30", None, True)]


def test_bare_month_needs_a_cue() -> None:
    assert values("Protests broke out in January and again in early March.") == [
        ("January", "2023-01", None), ("March", "2023-03", None)]
    assert values("June Hart may join; March on.") == []


def test_month_with_a_modifier() -> None:
    assert values("Polls open next January; turnout fell last May and this March.") == [
        ("next January", "2024-01", None), ("last May", "2022-05", None), ("this March", "2023-03", None)]


def test_decade() -> None:
    r = only("Pipelines were planned in the 1990s.")
    assert (r.text, r.value, r.value_end, r.precision, r.kind) == ("1990s", "1990", "1999", "year", "span")


def test_numeric_slash_dates_only_when_unambiguous() -> None:
    assert only("Filed 25/12/2021.").value == "2021-12-25"
    r = only("Filed 05/06/2021.")
    assert (r.value, r.precision) == (None, None)


# -- spans -----------------------------------------------------------------------

@pytest.mark.parametrize("text, expr, value, value_end, precision", [
    ("Exports fell in February-June 2021.", "February-June 2021", "2021-02", "2021-06", "month"),
    ("Exports fell in February\u2013June 2021.", "February\u2013June 2021", "2021-02", "2021-06", "month"),
    ("Exports fell from February to June 2021.", "from February to June 2021", "2021-02", "2021-06", "month"),
    ("The fair ran 11-13 October 2021.", "11-13 October 2021", "2021-10-11", "2021-10-13", "day"),
    ("Prices rose from 2015 to 2019.", "from 2015 to 2019", "2015", "2019", "year"),
    ("Prices rose between 2015 and 2019.", "between 2015 and 2019", "2015", "2019", "year"),
    ("Prices rose in 2015-2019.", "2015-2019", "2015", "2019", "year"),
    ("Prices rose in 2015\u201319.", "2015\u201319", "2015", "2019", "year"),
    ("A study is due by the second half of 2024.", "the second half of 2024", "2024-07", "2024-12", "month"),
    ("Output grew in Q3 2020.", "Q3 2020", "2020-07", "2020-09", "month"),
    ("The talks of December 30-January 2, 2021 failed.", "December 30-January 2, 2021",
     "2020-12-30", "2021-01-02", "day"),
])
def test_explicit_spans(text: str, expr: str, value: str, value_end: str, precision: str) -> None:
    r = only(text)
    assert (r.text, r.value, r.value_end, r.precision, r.kind) == (expr, value, value_end, precision, "span")


def test_day_range_without_year_from_anchor() -> None:
    r = only("Leaders gather in Samarkand on May 11-12.")
    assert (r.value, r.value_end, r.relative, r.kind) == ("2023-05-11", "2023-05-12", True, "span")


# -- relative ----------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("The envoy arrived Tuesday.", "2023-05-16"),
    ("On Tuesday the envoy arrived.", "2023-05-16"),
    ("The summit opened Thursday.", "2023-05-18"),           # the anchor day itself
    ("Last Thursday the summit opened.", "2023-05-11"),      # strictly before
    ("The envoy flies home next Tuesday.", "2023-05-23"),
    ("The envoy will fly home on Tuesday.", "2023-05-23"),   # future clause
    ("This Monday, the envoy rested.", "2023-05-15"),        # the anchor's week
    ("He spoke yesterday.", "2023-05-17"),
    ("He speaks today.", "2023-05-18"),
    ("He speaks tomorrow.", "2023-05-19"),
])
def test_weekdays_and_day_words(text: str, value: str) -> None:
    r = only(text)
    assert (r.value, r.precision, r.relative, r.kind) == (value, "day", True, "point")


def test_weekday_conventions_on_a_saturday_anchor() -> None:
    assert only("Xi spoke in Dushanbe on Friday.", SAT).value == "2024-07-05"
    assert only("Xi spoke in Dushanbe on Saturday.", SAT).value == "2024-07-06"


def test_a_year_and_month_is_read_as_dateparser_reads_it() -> None:
    """"2023-06" is taken as its month without dateparser: what dateparser gives for it (a sample of the years
    the short way takes, every month), and the long way for the rest."""
    from greatgame.extract.dates import _dateparser_parse, publication_period

    for year in (1000, 1066, 1789, 1900, 1999, 2000, 2023, 2024, 2100, 2999):
        for month in range(1, 13):
            text = f"{year:04d}-{month:02d}"
            first = dt.date(year, month, 1)
            assert _dateparser_parse(text) == (text, "month")
            assert publication_period(text) == (first, (first + dt.timedelta(days=31)).replace(day=1)
                                                - dt.timedelta(days=1))


@pytest.mark.parametrize("text, value, precision", [
    ("Shipments rose this month.", "2023-05", "month"),
    ("Shipments rose last month.", "2023-04", "month"),
    ("Shipments rise next month.", "2023-06", "month"),
    ("Shipments rose this year.", "2023", "year"),
    ("Shipments rose earlier this year.", "2023", "year"),
    ("Shipments will rise later this year.", "2023", "year"),
    ("Shipments rose last year.", "2022", "year"),
    ("Shipments rise next year.", "2024", "year"),
    ("Shipments rose this week.", "2023-05", "month"),       # Mon 15 - Sun 21 May
])
def test_calendar_units(text: str, value: str, precision: str) -> None:
    r = only(text)
    assert (r.value, r.precision, r.relative) == (value, precision, True)


def test_a_week_across_two_months_is_a_span_of_months() -> None:
    r = only("Talks went on this week.", dt.date(2023, 5, 31))   # Mon 29 May - Sun 4 June
    assert (r.value, r.value_end, r.precision, r.kind) == ("2023-05", "2023-06", "month", "span")


@pytest.mark.parametrize("text, expr, value", [
    ("The corridor was launched eleven years ago.", "eleven years ago", "2012"),
    ("The corridor was launched nearly 10 years ago.", "10 years ago", "2013"),
    ("The corridor was launched a decade ago.", "a decade ago", "2013"),
    ("The corridor was launched twenty-one years ago.", "twenty-one years ago", "2002"),
])
def test_years_ago(text: str, expr: str, value: str) -> None:
    r = only(text)
    assert (r.text, r.value, r.precision, r.kind, r.relative) == (expr, value, "year", "duration_ago", True)
    assert only("The corridor was launched a few years ago.").value is None


def test_seasons() -> None:
    r = only("Water ran short last summer.")
    assert (r.value, r.value_end, r.precision, r.kind) == ("2022-06", "2022-08", "month", "season")
    assert only("Water ran short last autumn.").value == "2022-09"
    r = only("Water ran short in winter 2021.")
    assert (r.value, r.value_end, r.relative) == ("2021-12", "2022-02", False)


def test_rolling_periods() -> None:
    r = only("Ties deepened over the last 20 years.")
    assert (r.value, r.value_end, r.precision, r.kind) == ("2003", "2023", "year", "span")
    r = only("Ties deepened during the past year.")
    assert (r.value, r.value_end, r.precision) == ("2022-05", "2023-05", "month")
    assert find_dates("It was the last year of the war.", THU) == []
    assert values("Within the next year it may end.") == [("the next year", "2023-05", "2024-05")]
    # elsewhere "the next year" follows the last date of the text, not the anchor
    assert values("It began in 2015. The next year it ended.") == [("2015", "2015", None), ("The next year", "2016", None)]


# -- counted from the last date of the text ---------------------------------------

def test_dates_counted_from_the_last_date_named() -> None:
    text = ("Riots broke out in Osh on March 3. On the same day, migrants rallied in Moscow. The next day police "
            "detained 20 people, and two days later they were freed.")
    assert values(text) == [("March 3", "2023-03-03", None), ("the same day", "2023-03-03", None),
                            ("The next day", "2023-03-04", None), ("two days later", "2023-03-06", None)]
    text = "In 2014 the treaty lapsed. Later that year the border closed; the following year it reopened."
    assert values(text) == [("2014", "2014", None), ("that year", "2014", None), ("the following year", "2015", None)]
    assert values("Talks failed in June 2019. The following month a truce was signed.")[-1] == \
        ("The following month", "2019-07", None)
    # a week, as "two weeks ago": its month, or the two months it straddles
    assert values("He was freed on 2 May 2021, and a week later he left.")[-1] == ("a week later", "2021-05", None)
    assert values("They met on 29 April 2021. That week trade rose.")[-1] == ("That week", "2021-04", "2021-05")
    assert values("They met on 3 May 2021; later in the day they signed.")[-1] == ("later in the day", "2021-05-03", None)


def test_a_date_counted_back_needs_a_last_date_precise_enough() -> None:
    # "the same day" after a month names a day the text does not give; nothing before: nothing to count from
    assert values("The army moved in November. On the same day, the border closed.")[-1] == ("the same day", None, None)
    assert values("That year marked a turning point.") == [("That year", None, None)]
    # a period is no day to count from
    assert values("Troops stayed from 2014 to 2016. That year the base closed.")[-1] == ("That year", None, None)
    # "the day after the vote" counts from the vote: not a date of its own
    assert values("The day after the vote, protests began.") == []


# -- not dates -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Drills named Rubezh-2021 ended.",
    "The COVID-19 pandemic hit trade.",
    "Over 145 nations signed up.",
    "In all 12,902 restrictions apply.",
    "Imports were 2.6 times higher.",
    "The meeting began at 10:30.",
    "The claim is disputed.[14]",
    "Moscow sent 2000 troops.",
    "It cost $1999 per unit.",
    "Resolution No. 2017 passed.",
    "Fridays are quiet; Good Friday is not.",
    "The Times reported the decline; USA Today did too.",
])
def test_not_dates(text: str) -> None:
    assert find_dates(text, THU) == []


def test_year_used_as_a_modifier_is_a_date() -> None:
    assert values("The 2019 elections and 2019 restrictions.") == [("2019", "2019", None)]


# -- foreign-language dates -----------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Agencja, 3 lutego 2021 r., <https://example.org/2021/02/03/a>", "2021-02-03"),
    ("Agencja, 3 lutego 2021.r, online", "2021-02-03"),
    ("Агентство, 3 февраля 2021 г.", "2021-02-03"),
    ("Zeitung, 3. Februar 2021", "2021-02-03"),
    ("Journal, 3 février 2021", "2021-02-03"),
    ("Diario, 3 de febrero de 2021", "2021-02-03"),
    ("Gazete, 3 Şubat 2021", "2021-02-03"),
    ("Газета, 3 лютого 2021 р.", "2021-02-03"),
])
def test_foreign_footnote_dates(text: str, value: str) -> None:
    r = only(text, None)
    assert (r.value, r.precision, r.relative) == (value, "day", False)


def test_urls_are_not_dates() -> None:
    assert find_dates("See <https://example.org/2021/02/03/report-2021-02-03>.", THU) == []


# -- no anchor --------------------------------------------------------------------------

def test_without_anchor_relative_expressions_stay_unresolved() -> None:
    text = "On Friday, this year, on June 8 and eleven years ago; but June 8, 2022 and 2013."
    got = [(r.text, r.value, r.relative) for r in find_dates(text)]
    assert got == [("Friday", None, True), ("this year", None, True), ("June 8", None, True),
                   ("eleven years ago", None, True), ("June 8, 2022", "2022-06-08", False),
                   ("2013", "2013", False)]


def test_bounds_do_not_make_this_year_certain() -> None:
    bounds = (dt.date(2022, 1, 3), dt.date(2022, 12, 6))
    r = only("The economy shrank this year.", None, bounds=bounds)
    assert (r.value, r.precision, r.relative) == (None, None, True)
    assert only("It shrank after February 24, 2022.", None, bounds=bounds).value == "2022-02-24"


def test_weekday_before_a_date_takes_the_date() -> None:
    r = only("On Friday, June 10, 2022, the ministers met.", None)
    assert (r.text, r.value, r.relative) == ("Friday, June 10, 2022", "2022-06-10", False)
    assert values("They met on Friday (June 10).", dt.date(2022, 6, 20)) == [
        ("Friday (June 10)", "2022-06-10", None)]


# -- parse_explicit ------------------------------------------------------------------------

@pytest.mark.parametrize("expr, expected", [
    ("19 stycznia 2022 r.", ("2022-01-19", "day")),
    ("27 października 2022.r", ("2022-10-27", "day")),
    ("6 grudnia 2022", ("2022-12-06", "day")),
    ("November 30, 2022", ("2022-11-30", "day")),
    ("30 November 2022", ("2022-11-30", "day")),
    ("2022-11-30", ("2022-11-30", "day")),
    ("May 2023", ("2023-05", "month")),
    ("2013", ("2013", "year")),
    ("19 Ιανουαρίου 2022", ("2022-01-19", "day")),     # not in the lexicon: dateparser
    ("June 8", None),
    ("yesterday", None),
    ("the past week", None),
])
def test_parse_explicit(expr: str, expected: tuple[str, str] | None) -> None:
    assert parse_explicit(expr) == expected


# -- a publication date known only to its month or year ---------------------------------

JUNE = (dt.date(2023, 6, 1), dt.date(2023, 6, 30))


def test_publication_period_fills_in_no_day() -> None:
    from greatgame.extract.dates import publication_period
    from greatgame.extract.pipeline import publication_day

    assert publication_period("2023-06") == JUNE
    assert publication_period("2022") == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert publication_period("2023-06-22T10:00:00Z") == (dt.date(2023, 6, 22), dt.date(2023, 6, 22))
    assert publication_period("not a date") is None and publication_period(None) is None
    assert publication_day("2023-06") is None and publication_day("2022") is None
    assert publication_day("2023-06-22") == dt.date(2023, 6, 22)


@pytest.mark.parametrize("text, value, precision", [
    ("The pact was signed today.", "2023-06", "month"),          # any day of June: June
    ("They met last month.", "2023-05", "month"),
    ("It was signed on Tuesday.", "2023-06", "month"),           # the days before publication, read in its month
    ("The ministers met on June 8.", "2023-06-08", "day"),       # the year of the most recent June 8 by June 30
    ("The economy shrank earlier this year.", "2023", "year"),
    ("Trade fell over the past two weeks.", "2023", "year"),     # from May or June: 2023 is certain
])
def test_relative_dates_resolve_inside_a_publication_month(text: str, value: str | None, precision: str | None) -> None:
    r = only(text, None, period=JUNE)
    assert (r.value, r.precision, r.relative) == (value, precision, True)


def test_a_publication_year_bounds_what_is_resolved() -> None:
    year = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert (only("They met on Friday.", None, period=year).value) == "2022"
    assert only("They met last month.", None, period=year).value is None     # December 2021 to November 2022
    assert only("The talks were held in 2019.", None, period=year).value == "2019"


def test_dateparser_expressions_from_the_cache_read_dates_the_same(tmp_path) -> None:
    """The expressions dateparser compiled in one process are built from the cache in the next, as regex builds
    a pickled one (the same ``_pickled_data``), and every date reads the same, with or without the cache."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = r"""
import json, regex
from regex import _main
from greatgame.documents import dateparse
from greatgame.documents.citations import parse_date
from greatgame.extract.dates import _dateparser_parse
parsed = [0]
real = _main._parse_pattern
def counting(*args):
    parsed[0] += 1
    return real(*args)
_main._parse_pattern = counting
with dateparse.patterns():
    pass
loaded = {key: _main._cache[(key[0], str, key[1], frozenset(), regex.DEFAULT_VERSION, None)]._pickled_data
          for key in dateparse._state.get("kept", {})}
same = all(regex._regex.compile(*data)._pickled_data == data == dateparse._state["kept"][key]
           for key, data in loaded.items())
texts = ["6 December 2022", "19 stycznia 2022", "30 maja 2022 r.", "November 30, 2022", "2022-11-30", "3 Juni 2022"]
print(json.dumps({"cites": [parse_date(t) for t in texts], "explicit": [_dateparser_parse(t) for t in texts],
                  "loaded": len(loaded), "same": same, "parsed": parsed[0]}))
"""
    env = dict(os.environ, GREATGAME_CACHE=str(tmp_path), PYTHONPATH=os.pathsep.join(
        [str(Path(__file__).resolve().parent.parent / "src"), os.environ.get("PYTHONPATH", "")]))
    runs = [json.loads(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                      check=True).stdout.strip().splitlines()[-1]) for _ in range(2)]
    cold, warm = runs
    assert cold["loaded"] == 0 and cold["parsed"] > 100
    assert list((tmp_path / "dateparser").glob("*.marshal"))
    assert warm["loaded"] > 100 and warm["same"]
    assert warm["parsed"] < cold["parsed"] / 10        # the same dates, their expressions nearly all from the cache
    assert warm["cites"] == cold["cites"] and warm["explicit"] == cold["explicit"]
    assert cold["cites"][:4] == ["2022-12-06", "2022-01-19", "2022-05-30", "2022-11-30"]


@pytest.mark.parametrize("text", ["It happened two weeks ago.", "IT HAPPENED TWO WEEKS AGO.",
                                  "Three Days Ago, the talks began.", "a year ago in Chicago"])
def test_ago_is_found_in_any_case(text) -> None:
    from greatgame.extract.dates import _patterns, _Scanner

    anchor = dt.date(2023, 6, 22)
    found = [r for r in find_dates(text, anchor) if "ago" in r.text.lower()]
    pattern = dict(_patterns().scan)["ago"]
    assert len(found) == len(list(pattern.finditer(_Scanner(text).masked))) == 1


def test_a_date_in_apposition_to_a_distance_back_is_one_date_placed_back() -> None:
    # one time named twice: the date gives the value, the expression stays a distance back (never the news day)
    (r,) = find_dates("Two weeks ago, on May 4, the envoys met.", THU)
    assert (r.text, r.value, r.precision, r.kind) == ("Two weeks ago, on May 4", "2023-05-04", "day", "duration_ago")
    (r,) = find_dates("On March 2, 2021, two years ago, the pact lapsed.", THU)
    assert (r.value, r.kind) == ("2021-03-02", "duration_ago")
    # two expressions in two clauses stay two
    assert values("Two days ago, the deal collapsed. On May 3 they met.") == [
        ("Two days ago", "2023-05-16", None), ("May 3", "2023-05-03", None)]


@pytest.mark.parametrize("text", ["Two days earl\u0131er, the talks began.", "In \u017fpring 2022 they met.",
                                  "THE FIRST HALF OF 2021", "Last \u017fummer the envoy came.", "on MONDAY",
                                  "YESTERDAY the deal collapsed.", "the 1990s", "Later that YEAR the pact lapsed.",
                                  "THE PAST FIVE YEARS", "three days ago", "June 8, 2022"])
def test_a_pattern_is_skipped_only_where_it_cannot_match(text) -> None:
    # a text is not scanned for a pattern when it holds none of the words the pattern needs (``_Patterns.needs``):
    # never where the pattern matches, whatever the case, and with the characters that match a letter ignoring case
    from greatgame.extract.dates import _patterns, _Scanner
    from greatgame.extract.lexicon import holds_any, scan_text

    px, masked = _patterns(), _Scanner(text).masked
    lowered = scan_text(masked)
    matched = 0
    for (name, pattern), needs in zip(px.scan, px.needs):
        if pattern.search(masked):
            matched += 1
            assert not needs or holds_any(lowered, needs), name
    assert matched


@pytest.mark.parametrize("letters", [("s", "\u017f"), ("i", "\u0131"), ("I", "\u0130")])
@pytest.mark.parametrize("text", [
    "In spring 2022 the talks began.", "Last summer the deal was signed.", "In the first half of 2023 trade grew.",
    "Earlier this month the summit ended.", "This winter is cold.", "Six days later the talks resumed.",
    "In the first six months of this year exports rose.", "It ran from June to August 2021.",
])
def test_letters_a_pattern_ignoring_case_reads_as_ascii_are_read_as_those_letters(text, letters):
    """"ı", "İ" and "ſ" match "i" and "s" in a pattern that ignores case: the words they spell are looked up as the
    words they match ("thıs" is "this"), never a KeyError that would stop the document's extraction."""
    anchor = dt.date(2024, 3, 1)
    plain = [(d.start, d.end, d.value, d.value_end) for d in find_dates(text, anchor, None)]
    odd = [(d.start, d.end, d.value, d.value_end) for d in find_dates(text.replace(*letters), anchor, None)]
    assert plain and odd == plain
