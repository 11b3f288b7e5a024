"""The figures extractor: one test (or parametrised case) per phenomenon.

All sentences are written for these tests; the pipeline is loaded once.
"""
from __future__ import annotations

import dataclasses

import pytest

from greatgame.extract import nlp
from greatgame.extract.quantities import Quantity, find_quantities, lexicon


@pytest.fixture(scope="module")
def find():
    pipeline = nlp()

    def run(text: str) -> list[Quantity]:
        return find_quantities(pipeline(text))

    return run


def only(found: list[Quantity], unit: str) -> list[Quantity]:
    return [q for q in found if q.unit == unit]


def one(found: list[Quantity], unit: str, value: float) -> Quantity:
    hits = [q for q in found if q.unit == unit and abs(q.value - value) <= 1e-6 * max(1.0, abs(value))]
    assert len(hits) == 1, f"expected one {value} {unit} in {found}"
    return hits[0]


# ---------------------------------------------------------------- interface

def test_public_interface_fields():
    names = [f.name for f in dataclasses.fields(Quantity)]
    assert names == ["start", "end", "text", "value", "value_max", "unit", "qualifier", "measure",
                     "sent_start", "sent_end", "paired_with"]


def test_offsets_text_and_sentence_span(find):
    text = "Nothing happened. The ministry froze 3,400 accounts last spring."
    q = one(find(text), "count", 3400)
    assert text[q.start:q.end] == q.text == "3,400 accounts"
    assert text[q.sent_start:q.sent_end] == "The ministry froze 3,400 accounts last spring."
    assert q.measure == "accounts"


def test_lexicon_is_data():
    lx = lexicon()
    assert lx.currency_names["yuan"] == "CNY"
    assert lx.currency_names["tenge"] == "KZT"
    assert lx.scales["billion"] == 1e9
    assert lx.unit_forms["bcm"] == ("m3", 1e9)


# ---------------------------------------------------------------- money

@pytest.mark.parametrize("text, unit, value", [
    ("The fund committed $4.2 billion to the railway.", "USD", 4.2e9),
    ("Investors were promised US$750m by the state.", "USD", 7.5e8),
    ("The budget sets aside 640 billion tenge for roads.", "KZT", 6.4e11),
    ("Moscow wrote off 90 million roubles of debt.", "RUB", 9e7),
    ("The port cost 12 million rubles to dredge.", "RUB", 1.2e7),
    ("Bishkek spent 3.1 billion som on schools.", "KGS", 3.1e9),
    ("Tashkent raised 2 trillion sum in bonds.", "UZS", 2e12),
    ("The Uzbek treasury borrowed 900 billion som last quarter.", "UZS", 9e11),
    ("Dushanbe allocated 45 million somoni to clinics.", "TJS", 4.5e7),
    ("Ashgabat budgeted 8 billion manat for housing.", "TMT", 8e9),
    ("Brussels offered €300 million in grants.", "EUR", 3e8),
    ("The loan of 2.5 billion euros was signed.", "EUR", 2.5e9),
    ("The bank lent RMB 40 billion to the operator.", "CNY", 4e10),
    ("The contract is worth 1.1 billion renminbi.", "CNY", 1.1e9),
    ("Ankara pledged 5 billion lira for the corridor.", "TRY", 5e9),
])
def test_money_currency_and_scale(find, text, unit, value):
    q = one(find(text), unit, value)
    assert q.value_max is None


def test_money_restated_in_another_currency_is_paired(find):
    found = find("The airport terminal cost 3.8 billion yuan ($525 million) to build.")
    cny, usd = one(found, "CNY", 3.8e9), one(found, "USD", 5.25e8)
    assert cny.paired_with == found.index(usd)
    assert usd.paired_with == found.index(cny)


@pytest.mark.parametrize("text, unit, value", [
    ("The grant of 8m yuan was disbursed.", "CNY", 8e6),
    ("Beijing approved a $450-million loan.", "USD", 4.5e8),
    ("The embassy handed over aid worth 2 million RMB yuan.", "CNY", 2e6),
])
def test_money_short_scales_and_hyphenated_scales(find, text, unit, value):
    one(find(text), unit, value)


def test_two_amounts_are_not_paired(find):
    found = find("Kazakhstan lent $40 million and Kyrgyzstan lent 300 million som.")
    assert all(q.paired_with is None for q in found)
    assert len(found) == 2


# ---------------------------------------------------------------- percentages and decimals

@pytest.mark.parametrize("text, value", [
    ("Exports to the bloc fell by 27% over the period.", 27),
    ("The regulator expects a 4,5 percent drop in output.", 4.5),
    ("Unemployment rose to 6.2 per cent in the spring.", 6.2),
    ("Tariffs were cut by 12 pct for members.", 12),
])
def test_percentages_and_decimal_commas(find, text, value):
    one(find(text), "percent", value)


def test_thousands_separator_is_not_a_decimal_comma(find):
    one(find("Regulators listed 4,318 violations."), "count", 4318)


def test_scale_word_serves_both_numbers_joined_by_out_of(find):
    found = find("Roughly 2,5 out of 9 thousand Turkish soldiers were rotated home.")
    first, second = one(found, "troops", 2500), one(found, "troops", 9000)
    assert first.qualifier == "roughly"
    assert second.qualifier is None


def test_change_from_to_gives_two_figures(find):
    found = only(find("The deficit widened from 2.4% to 3.1% of output."), "percent")
    assert [(q.value, q.value_max) for q in found] == [(2.4, None), (3.1, None)]


def test_percentage_is_not_joined_to_a_following_unit_word(find):
    found = find("Retail sales rose 8.3% year-on-year.")
    assert [(q.unit, q.value) for q in found] == [("percent", 8.3)]


def test_range_of_two_units_is_split(find):
    found = find("Output grew 4% to 900 billion tenge.")
    one(found, "percent", 4)
    one(found, "KZT", 9e11)


# ---------------------------------------------------------------- counts

@pytest.mark.parametrize("text, value, qualifier, measure", [
    ("The delegations signed more than a dozen contracts.", 12, "more than", "contracts"),
    ("The initiative now covers over 60 firms.", 60, "over", "firms"),
    ("The envoy visited four Gulf monarchies.", 4, None, "Gulf monarchies"),
    ("The report identified 4 key risks for investors.", 4, None, "key risks"),
    ("The ministers adopted a 7 point roadmap.", 7, None, None),
    ("Two dozen observers monitored the vote.", 24, None, "observers"),
])
def test_counts_with_counted_noun(find, text, value, qualifier, measure):
    q = one(find(text), "count", value)
    assert q.qualifier == qualifier
    if measure is not None:
        assert q.measure == measure


@pytest.mark.parametrize("text, unit, value", [
    ("Ankara sent 2 thousand Turkish soldiers to the exercise.", "troops", 2000),
    ("The base hosts around 900 servicemen.", "troops", 900),
    ("The mission added 350 military personnel.", "troops", 350),
    ("Some 40,000 migrants returned from abroad.", "people", 40000),
    ("At least 300 people were evacuated.", "people", 300),
    ("Fifty thousand residents lost power.", "people", 50000),
])
def test_troops_and_people(find, text, unit, value):
    one(find(text), unit, value)


def test_counted_nationals_are_people(find):
    q = one(find("Nearly 2 million Tajiks work in Russia."), "people", 2e6)
    assert q.measure == "Tajiks"


def test_population_counts_people(find):
    one(find("Kyrgyzstan, with a population of 7 million, imports grain."), "people", 7e6)


def test_count_after_a_day_name(find):
    one(find("The ministry said Tuesday 45 people had been detained."), "people", 45)


# ---------------------------------------------------------------- distances, durations, ranges

def test_distance_with_qualifier(find):
    q = one(find("The new highway runs roughly 2,500 km across the steppe."), "km", 2500)
    assert q.qualifier == "roughly"


def test_distance_in_miles_is_kept_in_miles(find):
    one(find("The canal stretches 40 miles."), "mile", 40)


@pytest.mark.parametrize("text, unit, value", [
    ("Leaders gathered for a three-day forum in Astana.", "day", 3),
    ("The minister began a six-day tour of the region.", "day", 6),
    ("Four years of sanctions have reshaped trade.", "year", 4),
    ("Ties have deepened over the past 20 years.", "year", 20),
    ("He travelled abroad for the first time in almost four years.", "year", 4),
    ("The blockade lasted 11 weeks.", "week", 11),
    ("Repairs took 36 hours.", "hour", 36),
    ("Talks dragged on for eight months.", "month", 8),
    ("Relations have cooled in the last two decades.", "year", 20),
])
def test_durations(find, text, unit, value):
    one(find(text), unit, value)


@pytest.mark.parametrize("text, unit, value, value_max", [
    ("Freight now needs 7 to 9 days to reach the coast.", "day", 7, 9),
    ("Freight now needs 7-9 days to reach the coast.", "day", 7, 9),
    ("Growth is forecast at between 2 and 4 percent.", "percent", 2, 4),
    ("The state will invest $5 to 7 billion in grids.", "USD", 5e9, 7e9),
])
def test_ranges(find, text, unit, value, value_max):
    q = one(find(text), unit, value)
    assert q.value_max == pytest.approx(value_max)


def test_multiplier(find):
    one(find("Turnover grew 3.4 times in a decade."), "times", 3.4)


@pytest.mark.parametrize("text, unit, value", [
    ("The pipeline will carry 15 bcm of gas.", "m3", 1.5e10),
    ("Reservoirs hold 30 billion cubic metres.", "m3", 3e10),
    ("Farmers harvested 2.3 million tonnes of wheat.", "tonne", 2.3e6),
    ("The port handled 1.2 million TEU.", "TEU", 1.2e6),
])
def test_physical_units(find, text, unit, value):
    one(find(text), unit, value)


# ---------------------------------------------------------------- number words

@pytest.mark.parametrize("text, unit, value", [
    ("Twelve ministers attended the session.", "count", 12),
    ("The ninety-nine delegates voted.", "people", 99),              # people by occupation: a head count
    ("Officials counted fifty thousand ballots.", "count", 50000),
    ("It was a couple of weeks of waiting.", "week", 2),
    ("The fund has a million members.", "count", 1e6),
])
def test_number_words(find, text, unit, value):
    one(find(text), unit, value)


# ---------------------------------------------------------------- qualifiers

@pytest.mark.parametrize("qualifier", [
    "about", "around", "approximately", "some", "nearly", "almost", "over", "more than",
    "less than", "up to", "at least",
])
def test_qualifiers(find, qualifier):
    q = one(find(f"The programme trained {qualifier} 400 engineers."), "people", 400)
    assert q.qualifier == qualifier
    assert q.value == 400


# ---------------------------------------------------------------- not figures

@pytest.mark.parametrize("text", [
    "The treaty was signed in 2009.",                                   # a year
    "The railway was planned for 2030 and opened in 2024.",
    "The forum met on June 14-15 in the capital.",                      # days of a month
    "The accord dated April 7, 2019 was cited by both sides.",
    "The talks resumed on 3 October after a pause.",
    "Shipments during March-August 2021 were reviewed.",                # month range
    "Nine years ago the border crossing opened.",                       # placed in time
    "The envoy returned nearly 15 years ago.",
    "Three weeks later the ministers met again.",
    "Two decades earlier the plan had failed.",
    "Two years after the referendum the law changed.",
    "It was the first such meeting.",                                   # ordinals
    "It followed the 3rd round of talks on the 18th.",
    "The 1990s were turbulent for the region.",                         # decades
    "COVID-19 slowed the Zapad-2021 drills.",                           # names and codes
    "The G7 and G20 statements mentioned the C5 format.",
    "Article 4 of the charter allows consultations.",
    "The air force bought Su-35 jets.",
    "The Shanghai Five became a larger group.",
    "Delegates of the Group of Seven met.",
    "The ministry disputed the claim.[14]",                             # footnote marker
    "Beijing wants calm.\n\n1. Beijing wants influence in the region.",  # list numbering
    "The meeting starts at 10:30 and ends at 9 pm.",                    # times of day
    "Call +996 312 123 456 for details.",                               # phone number
    "See https://example.org/news/2023/12/5 for details.",              # URL
    "The envoy, aged 63, met a 58-year-old diplomat.",                  # ages (dropped by design)
    "The two leaders met in one of the markets.",                       # anaphoric references
    "Both sides praised the two countries for their role.",
    "7 Comments",                                                       # page furniture
    "Between 2020 and 2022 the economy recovered.",                     # year range
    "Analysts watched the 2020-2021 lockdowns.",
    "Monitoring runs 24/7 at the border.",
    "The deal was a zero-sum game.",
    "The carrier ordered Boeing 787 aircraft.",                         # model numbers
    "The strategy Vision 2030 was adopted.",
    "The contract No. 2010 (024) TOTAL (170) – 029 BT was signed.",      # codes with leading zeros
    "Trade rose, the agency said.\n\n2.1 Background of the dispute",    # section numbers
])
def test_not_figures(find, text):
    assert find(text) == []


# ---------------------------------------------------------------- restatement

def test_restated_duration_is_kept_once(find):
    found = find("Leaders opened a two-day summit on Monday. The two day meeting ended with a declaration.")
    assert len(only(found, "day")) == 1
    assert found[0].text == "two-day"


def test_same_value_different_measures_are_both_kept(find):
    found = find("Kazakhstan sent 5 locomotives. Uzbekistan opened 5 consulates.")
    assert sorted(q.measure for q in only(found, "count")) == ["consulates", "locomotives"]


def test_measure_of_a_percentage(find):
    q = one(find("Forecasters expect a 2,5 percent rise in exports next year."), "percent", 2.5)
    assert q.measure is not None and q.measure.startswith("rise")


@pytest.mark.parametrize("text,unit,value", [
    ("Gazprom doubled its gas deliveries to Uzbekistan.", "times", 2),
    ("Container volumes tripled in 2024.", "times", 3),
    ("A 150-strong squad arrived in Almaty.", "troops", 150),
    ("The clashes left 14 deaths and nearly 230 injuries.", "people", 230),
    ("More than 2,500 participants attended the forum.", "people", 2500),
])
def test_multipliers_in_words_and_people_counted_by_what_befell_them(find, text, unit, value):
    assert one(find(text), unit, value)


@pytest.mark.parametrize("text,value", [
    ("Officials said 42 of its citizens were wounded in the fighting.", 42),
    ("The ministry reported 31 injured and said 12 others were detained.", 31),
    ("Police detained 120 in the capital on Sunday.", 120),
])
def test_head_counts_of_people_killed_hurt_or_held(find, text, value):
    people = only(find(text), "people")
    assert people and people[0].value == value


def test_a_bare_number_without_a_casualty_verb_counts_nothing(find):
    assert only(find("The ministry reported 31 in the spring."), "people") == []


def test_part_of_a_whole_gives_both_counts(find):
    found = find("Engineers have finished 12 of the 40 bridges and two of its five depots.")
    assert sorted(q.value for q in only(found, "count")) == [2, 5, 12, 40]


def test_a_figure_after_a_possessive_name_is_not_a_model_number(find):
    (q,) = only(find("Kyrgyzstan’s 7mn people rely on hydropower."), "people")
    assert q.value == 7_000_000


@pytest.mark.parametrize("text", ["Freight grew 30 percent in the first eight months of 2023.",
                                  "Imports fell in the last two weeks of May."])
def test_the_first_months_of_a_year_are_a_period_not_a_duration(find, text):
    assert [q for q in find(text) if q.unit in ("month", "week", "day")] == []


def test_a_duration_within_the_first_days_is_still_a_duration(find):
    (q,) = only(find("The first three days of talks were tense."), "day")
    assert q.value == 3


def _figures(text: str):
    from greatgame.documents.model import Document
    from greatgame.extract import extract

    return extract(Document(id="t.txt", text=text, source="t.txt", format="text", published="2024-03-15")).figures


def test_a_figure_restated_in_the_same_document_is_stored_once():
    figures = _figures("Bank approves $120mn for a dam\n\nThe bank approved $120mn for a dam in Tajikistan on Monday. "
                       "Kazakhstan's trade with China reached $40 billion in 2023. Officials repeated that trade "
                       "between Kazakhstan and China reached $40 billion in 2023.\n")
    assert [f.value for f in figures if f.unit == "USD"] == [120_000_000, 40_000_000_000]


def test_equal_figures_of_different_things_are_all_kept():
    figures = _figures("Uzbekistan signed 3 agreements with China and 3 agreements with Russia in 2023. Turkey "
                       "sent 2 ships. Iran sent 2 trucks.\n")
    assert sorted(f.value for f in figures if f.unit == "count") == [2, 2, 3, 3]


def test_the_eval_export_writes_only_the_units_the_format_defines():
    from greatgame.export.evaljsonl import format_unit
    assert all(format_unit(u) for u in ("USD", "KZT", "percent", "TEU", "m3", "times", "count", "day"))
    assert not any(format_unit(u) for u in ("MW", "GW", "hour", "month", "kWh", "", None, "usd"))


@pytest.mark.parametrize("text, values", [
    ("The som weakened 3.1 percent on Friday, from 87.2 to 89.9 som per dollar.", [3.1, 87.2, 89.9]),
    ("Unemployment fell by 1.4 percentage points to 6.2% last year.", [1.4, 6.2]),
])
def test_from_or_by_x_to_y_after_a_verb_of_change_is_two_figures(find, text, values):
    found = find(text)
    assert sorted(q.value for q in found) == sorted(values)
    assert all(q.value_max is None for q in found)


def test_by_x_to_y_in_one_unit_is_still_a_range(find):
    q = only(find("The levy was cut by 10 to 20 percent for small farms."), "percent")
    assert [(x.value, x.value_max) for x in q] == [(10, 20)]


@pytest.mark.parametrize("text, value, qualifier", [
    ("Almost a third of the Kyrgyz budget goes to debt service.", 33.333, "almost"),
    ("Three-quarters of the region's cotton is sold to China.", 75, None),
])
def test_a_fraction_of_a_whole_is_a_share_in_percent(find, text, value, qualifier):
    q = only(find(text), "percent")
    assert len(q) == 1 and abs(q[0].value - value) < 0.01 and q[0].qualifier == qualifier


@pytest.mark.parametrize("text", ["Exports fell in the second half of 2023.",
                                  "The envoy spent half of the year in Dushanbe."])
def test_a_fraction_of_a_period_is_time_not_a_share(find, text):
    assert only(find(text), "percent") == []


def test_a_day_long_visit_is_a_duration_of_one_day(find):
    assert [(q.value, q.unit) for q in find("The premier made a day-long stop in Osh.")] == [(1, "day")]


def test_a_figure_takes_the_date_nearest_it_by_the_gap_between_them():
    from greatgame.documents.model import Document
    from greatgame.extract import extract
    text = "Trade news\n\nThe two states set a target of $9 billion by 2030, up from $4.1 billion in 2022.\n"
    figures = extract(Document(id="t.txt", text=text, source="t.txt", format="text", published="2024-03-15")).figures
    assert {(f.value, f.date) for f in figures} == {(9e9, "2030"), (4.1e9, "2022")}


def test_or_so_after_a_number_is_an_approximation_before_the_counted_noun(find):
    q = one(find("Police held the 60 or so protesters overnight."), "people", 60)
    assert q.qualifier == "or so" and q.measure == "protesters"


def test_a_change_by_a_fraction_is_a_share_in_percent(find):
    q = only(find("Cotton exports dropped by almost a third last year."), "percent")
    assert [(round(x.value, 1), x.qualifier) for x in q] == [(33.3, "almost")]
    assert only(find("The fence was raised by half a metre."), "percent") == []


def test_others_counts_more_of_what_the_sentence_counted_before(find):
    found = find("Border guards detained 40 migrants at the crossing and 15 others near the river.")
    assert [(q.value, q.unit) for q in found] == [(40, "people"), (15, "people")]
    found = find("The bank signed four loans this year, and two others are planned.")
    assert [(q.value, q.unit) for q in found] == [(4, "count"), (2, "count")]


@pytest.mark.parametrize("text, value, unit, measure", [
    ("Belarus sent 200 of its soldiers to the exercise.", 200, "troops", "soldiers"),
    ("Only 12 of the young protesters were released.", 12, "people", "young protesters"),
])
def test_n_of_a_group_is_counted_by_the_group_s_noun(find, text, value, unit, measure):
    q = one(find(text), unit, value)
    assert q.measure == measure


def test_an_imperial_size_names_a_kind_of_thing_and_counts_nothing(find):
    assert find("The terminal stacks 40-foot containers and twenty-foot equivalent units.") == []


@pytest.mark.parametrize("text, measure", [
    ("Kazakhstan doubled its wheat exports to Iran.", "wheat exports to Iran"),
    ("The poverty rate has halved and the literacy rate has tripled.", "literacy rate"),
    ("The deal means a fourfold rise in freight.", "rise in freight"),
])
def test_a_multiplier_word_measures_what_it_multiplies(find, text, measure):
    assert [q.measure for q in only(find(text), "times")][-1] == measure


def test_two_doublings_of_different_things_are_two_figures():
    from greatgame.documents.model import Document
    from greatgame.extract import extract
    text = ("Turkey Doubles Cotton Imports From Uzbekistan\n\nTurkey doubled its cotton imports from Uzbekistan "
            "this year. The number of Turkish firms in Tashkent has also doubled.\n")
    figures = extract(Document(id="t.txt", text=text, source="t.txt", format="text", published="2024-03-15")).figures
    assert sorted(f.measure for f in figures if f.unit == "times") == ["cotton imports", "number of Turkish firms in Tashkent"]


# ---------------------------------------------------------------- wt-s6figs: forms of unseen text (our sentences)

@pytest.mark.parametrize("text, value, code", [
    ("The miner's profit was KZT 212 billion last year.", 212e9, "KZT"),
    ("Sales reached KZT2.3trn, the holding said.", 2.3e12, "KZT"),
    ("The lender raised RUB15bn from the bond.", 15e9, "RUB"),
])
def test_a_currency_code_before_the_number_glued_or_not(find, text, value, code):
    one(find(text), code, value)


def test_a_percentage_then_a_range_in_another_unit_are_two_figures(find):
    found = find("The producer lowered its target by up to 12% to 18,000-19,500 tonnes.")
    assert [(q.value, q.value_max, q.unit) for q in found] == [(12, None, "percent"), (18000, 19500, "tonne")]


def test_a_year_after_in_is_a_date_not_the_start_of_a_range(find):
    found = find("Turkmenistan's output grew 4% in 2022 to 90 billion manats.")
    assert [(q.value, q.value_max, q.unit) for q in found] == [(4, None, "percent"), (90e9, None, "TMT")]


def test_a_range_after_from_is_a_range_and_the_change_goes_on_after_it(find):
    found = find("Customs clearance was cut from 8-10 hours to 2-3 hours.")
    assert [(q.value, q.value_max, q.unit) for q in found] == [(8, 10, "hour"), (2, 3, "hour")]
    found = find("Inflation slowed from 9% to 7% last year.")
    assert [(q.value, q.value_max) for q in found] == [(9, None), (7, None)]


def test_one_of_n_states_the_whole(find):
    q = one(find("Her son was one of 27 people injured in the blast."), "people", 27)
    assert q.value_max is None


@pytest.mark.parametrize("text, value, code", [
    ("On Monday the som fell to 89.1 per dollar, the Kyrgyz central bank said.", 89.1, "KGS"),
    ("The rouble firmed to 97 against the euro.", 97, "RUB"),
])
def test_a_bare_rate_of_exchange_is_in_the_currency_its_sentence_names(find, text, value, code):
    one(find(text), code, value)


def test_a_rate_whose_sentence_names_no_other_currency_is_not_read(find):
    assert find("Tickets cost 15 per dollar of income.") == []


@pytest.mark.parametrize("noun", ["children", "engineers", "women", "teachers", "volunteers"])
def test_people_named_by_age_sex_or_occupation_are_people(find, noun):
    q = one(find(f"The flood forced 340 {noun} from their homes."), "people", 340)
    assert q.measure == noun


@pytest.mark.parametrize("text, value, qualifier", [
    ("Half the harvest is sold abroad, with three-quarters going to China.", 75, None),
    ("The reform needs a two-thirds majority in parliament.", 66.667, None),
    ("Nearly one in four Kyrgyz households relies on money from Russia.", 25, "nearly"),
    ("One in 20 young men leaves each year.", 5, None),
    ("One in five households relies on remittances.", 20, None),      # a ratio of a whole is a share
])
def test_a_share_without_of(find, text, value, qualifier):
    q = one(find(text), "percent", value)
    assert q.qualifier == qualifier


@pytest.mark.parametrize("text", [
    "A third country may join the talks.",
    "The talks lasted half an hour.",
    "The drought came in the second half.",
    "Only one in 10 million households is affected.",
])
def test_fractions_and_ratios_that_are_other_words(find, text):
    assert only(find(text), "percent") == []


@pytest.mark.parametrize("text, value, qualifier", [
    ("Freight reached 8,000 TEU, more than double the level of 2021.", 2, "more than"),
    ("Kyrgyz exports to China were twice as large as imports.", 2, None),
    ("Tariffs saw an almost triple increase.", 3, None),
])
def test_double_twice_triple_as_multipliers(find, text, value, qualifier):
    q = one(find(text), "times", value)
    assert q.qualifier == qualifier


@pytest.mark.parametrize("text", [
    "The ministers meet twice a year.",
    "The envoy accused Brussels of double standards.",
    "The new terminal will double as a customs post.",
    "The presidents agreed to double trade by 2030.",
    "Investors have learned to double down on gold.",
])
def test_double_and_twice_that_are_no_figures(find, text):
    assert only(find(text), "times") == []


def test_an_injury_count_after_over_is_a_head_count(find):
    q = one(find("The shelling killed 12 people and injured over 40."), "people", 40)
    assert q.qualifier == "over"


def test_more_than_double_before_a_possessive_name(find):
    one(find("The new line will more than double Kyrgyzstan's rail capacity."), "times", 2)


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("Talks on the border have dragged on for more than a decade.", 10, "year", "more than"),
    ("The ministry wants the permits issued within a day.", 1, "day", None),
    ("The plant stood idle for nearly a year.", 1, "year", "nearly"),
])
def test_one_unit_of_time_after_a_word_of_duration(find, text, value, unit, qualifier):
    q = one(find(text), unit, value)
    assert q.qualifier == qualifier


@pytest.mark.parametrize("text", [
    "The pipeline carries $2bn of gas a year.",           # a rate
    "About a year ago the talks resumed.",                # a time
    "The general spent a year in Moscow.",                # no word of duration: not read
])
def test_a_year_that_is_no_duration(find, text):
    assert only(find(text), "year") == []


@pytest.mark.parametrize("text, value, unit", [
    ("The regulator raised its rate by 75 basis points.", 0.75, "percent"),
    ("Bond yields rose 40 bps in a week.", 0.4, "percent"),
    ("The reservoir holds 13 cubic kilometres of water.", 13e9, "m3"),
])
def test_basis_points_and_cubic_kilometres(find, text, value, unit):
    one(find(text), unit, value)


@pytest.mark.parametrize("noun", ["foreigners", "police officers", "customs officers"])
def test_more_people_nouns(find, noun):
    one(find(f"Authorities deported 75 {noun} last month."), "people", 75)


def test_the_first_body_figure_equal_to_the_title_s_restates_it_whatever_it_measures():
    from greatgame.documents.model import Document
    from greatgame.extract import extract
    text = ("Cotton exports slump by 14%\n\nSales of raw fibre abroad fell by 14% in the first quarter, the "
            "ministry said. Separately, the yarn output of the region fell by 14% too.\n")
    figures = extract(Document(id="t.txt", text=text, source="t.txt", format="text", published="2024-05-02")).figures
    assert [(f.part, f.value) for f in figures if f.unit == "percent"] == [("title", 14), ("body", 14)]


def test_a_definite_group_of_three_or_more_parties_is_counted_once(find):
    found = find("Envoys of the four Caspian states met in Baku. The four countries agreed on a fishing quota.")
    assert [(q.value, q.unit, q.measure) for q in found] == [(4, "count", "Caspian states")]
    q = one(find("Trade between these three countries doubled."), "count", 3)
    assert q.measure == "countries"


@pytest.mark.parametrize("text", [
    "The two countries signed a visa deal.",             # the parties of a bilateral relation
    "The three ministers met on Monday.",                # not a group of states or companies
])
def test_other_definite_small_counts_stay_references(find, text):
    assert only(find(text), "count") == []


@pytest.mark.parametrize("text, value, unit", [
    ("Police said eight militants were killed in the raid.", 8, "people"),
    ("The commission registered 312 candidates for 150 seats.", 312, "people"),
    ("A 25-strong trade delegation flew to Ankara.", 25, "people"),
    ("Three border guards were wounded in the shooting.", 3, "troops"),
])
def test_who_a_head_count_counts(find, text, value, unit):
    one(find(text), unit, value)


@pytest.mark.parametrize("text, unit, value", [
    ("Kyrgyzstan hosted 9.1 million tourists last year, up from 8.4 million in 2022.", "people", 8.4e6),
    ("Coal shipments grew to 6 million tonnes from 4.5 million.", "tonne", 4.5e6),
])
def test_a_bare_amount_compared_with_an_earlier_figure_is_in_its_unit(find, text, unit, value):
    one(find(text), unit, value)


def test_points_then_a_level_are_two_figures_without_by(find):
    found = find("The jobless rate dropped 0.4 percentage points to 5.1%.")
    assert [(q.value, q.value_max) for q in found] == [(0.4, None), (5.1, None)]
    q = one(find("Rates may rise by 0.25 to 0.5 percentage points."), "percent", 0.25)
    assert q.value_max == 0.5


def test_the_top_n_of_a_ranking_is_a_figure(find):
    q = one(find("Turkey is among the top ten investors in Uzbekistan."), "count", 10)
    assert q.measure == "investors"


@pytest.mark.parametrize("letters", [("s", "\u017f"), ("i", "\u0131"), ("I", "\u0130")])
@pytest.mark.parametrize("text", [
    "Exports reached 8,000 TEU, more than twice the level of 2021.",
    "Three-quarters of the harvest went to China.",
    "Output was six times higher after the first year.",
])
def test_letters_a_pattern_ignoring_case_reads_as_ascii_are_read_as_those_letters(find, text, letters):
    """"ı", "İ" and "ſ" match "i" and "s" in a pattern that ignores case: the words they spell are looked up as the
    words they match ("twıce" is "twice"), never a KeyError that would stop the document's extraction (the
    tagger may read such a word otherwise, so a figure more may be found, none less)."""
    plain = [(q.value, q.unit) for q in find(text)]
    odd = [(q.value, q.unit) for q in find(text.replace(*letters))]
    assert plain and all(figure in odd for figure in plain)
