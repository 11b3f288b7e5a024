"""The influence index: hand-computed cases on a tiny synthetic knowledge base, and its rules on the real data."""
from __future__ import annotations

import itertools
import json
import math
import shutil

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import greatgame
from greatgame.cli import app
from greatgame.influence import (INDICATORS, Panel, Weights, aggregate, compute, compute_indicators, default_panel,
                                 to_records, trade_share, variance_shares)
from greatgame.influence.indicators import HAND_CODED
from greatgame.influence.indicators.trade import FLOOR

# ---------------------------------------------------------------- a synthetic knowledge base

TRADE_COLS = ["dataset", "source_row", "reporter", "partner", "flow", "year", "value_usd_mn", "estimated"]


def _store(kb, dataset: str, table: str, rows: list[tuple], columns: list[str]) -> None:
    df = pd.DataFrame(rows, columns=columns)
    df.insert(0, "dataset", dataset)
    df.insert(1, "source_row", range(1, len(df) + 1))
    kb.replace_dataset(dataset, {table: df}, [table], {"name": dataset, "rows": len(df), "tables": {table: len(df)}})


@pytest.fixture
def skb(tmp_path):
    """KAZ with China: both reports of 2018, one report each in 2019, nothing later (trade); debt 2018-2023.
    KAZ with the US: trade in 2018-2019 only. KAZ with Russia: nothing measured. UN ideal points in 2021."""
    kb = greatgame.open(tmp_path / "synthetic.duckdb")
    trade = [
        ("KAZ", "WLD", "exports", 2018, 100.0), ("KAZ", "WLD", "imports", 2018, 50.0),
        ("KAZ", "WLD", "exports", 2019, 110.0), ("KAZ", "WLD", "imports", 2019, 55.0),
        ("KAZ", "CHN", "exports", 2018, 20.0), ("KAZ", "CHN", "imports", 2018, 10.0),
        ("CHN", "KAZ", "imports", 2018, 45.0), ("CHN", "KAZ", "exports", 2018, 10.0),
        ("KAZ", "CHN", "exports", 2019, 22.0), ("CHN", "KAZ", "exports", 2019, 12.0),
        ("KAZ", "USA", "exports", 2018, 5.0), ("KAZ", "USA", "imports", 2018, 4.0),
        ("KAZ", "USA", "exports", 2019, 6.0), ("KAZ", "USA", "imports", 2019, 4.4),
    ]
    _store(kb, "imf-dots-c5", "trade", [(*r, False) for r in trade],
           ["reporter", "partner", "flow", "year", "value_usd_mn", "estimated"])
    debt = [("KAZ", c, "DT.DOD.BLAT.CD", y, v) for y in range(2018, 2024) for c, v in (("ALL", 1000.0), ("CHN", 250.0))]
    _store(kb, "wb-ids-debt-c5", "debt", debt, ["debtor", "creditor", "indicator", "year", "value_usd"])
    _store(kb, "wb-gdp-population", "indicators", [("KAZ", "gdp_usd", y, 2500.0) for y in range(2018, 2024)],
           ["country", "indicator", "year", "value"])
    _store(kb, "unga-ideal-points", "unga", [("KAZ", 2021, 0.5), ("CHN", 2021, -0.5), ("USA", 2021, 3.7)],
           ["country", "year", "ideal_point"])
    yield kb
    kb.close()


PANEL = Panel(("CHN", "RUS", "USA"), ("KAZ", "KGZ"), tuple(range(2015, 2026)))


def _row(frame, target, power, year, indicator=None, dimension=None):
    rows = frame[(frame.target == target) & (frame.power == power) & (frame.year == year)]
    rows = rows[rows.indicator == indicator] if indicator else rows[rows.indicator.isna() & (rows.dimension == dimension)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_reconciled_trade_is_the_geometric_mean_of_both_reports_over_the_own_total(skb):
    ind = compute_indicators(skb, PANEL)
    ex = _row(ind, "KAZ", "CHN", 2018, "export_share")
    assert ex.raw == pytest.approx(math.sqrt(20 * 45) / 100) and ex.basis == "reconciled" and ex.data_year == 2018
    assert ex.score == pytest.approx(30.0)                                 # a share of 0.30 scores 30 (scale 1)
    assert ex.sigma == pytest.approx(30.0 * abs(math.log(20 / 45)) / 2)    # the gap of the reports is its error
    im = _row(ind, "KAZ", "CHN", 2018, "import_share")
    assert im.raw == pytest.approx(10 / 50) and im.sigma == pytest.approx(20.0 * FLOOR)
    # one report only: the own report is 'observed', the partner's alone 'mirrored'; the error is the target's
    # median gap (too few years with both reports to adjust the level)
    gap = np.median([abs(math.log(20 / 45)) / 2, 0.0])
    ex19, im19 = _row(ind, "KAZ", "CHN", 2019, "export_share"), _row(ind, "KAZ", "CHN", 2019, "import_share")
    assert (ex19.basis, ex19.raw) == ("observed", pytest.approx(22 / 110))
    assert (im19.basis, im19.raw) == ("mirrored", pytest.approx(12 / 55))
    assert ex19.sigma == pytest.approx(100 * 22 / 110 * gap)
    assert any(s.get("dataset") == "imf-dots-c5" and s.get("rows") for s in ex.sources)
    total = trade_share(skb, PANEL)
    t18 = total[(total.target == "KAZ") & (total.power == "CHN") & (total.year == 2018)].raw.iloc[0]
    assert t18 == pytest.approx((math.sqrt(20 * 45) + 10) / 150)


def test_fixed_scales_and_the_un_formula(skb):
    ind = compute_indicators(skb, PANEL)
    debt = _row(ind, "KAZ", "CHN", 2020, "debt_gdp")        # debt owed to China over GDP, scale 0.30 of GDP
    assert debt.raw == pytest.approx(250 / 2500) and debt.score == pytest.approx(100 * 0.1 / 0.3)
    assert debt.basis == "observed" and INDICATORS["debt_gdp"].scale == 0.30
    # UN votes: 1 - |distance of the ideal points| / 2.5, at least 0
    assert _row(ind, "KAZ", "USA", 2021, "un_agreement").raw == pytest.approx(0.0)        # 3.2 apart
    assert _row(ind, "KAZ", "CHN", 2021, "un_agreement").raw == pytest.approx(1 - 1.0 / 2.5)
    assert INDICATORS["aid_gdp"].scale == 0.20 and INDICATORS["events"].scale == 12


def test_missing_is_not_zero_and_hand_coded_facts_alone_are_no_domain(skb):
    ind = compute_indicators(skb, PANEL)
    rus = _row(ind, "KAZ", "RUS", 2018, "export_share")
    assert rus.basis == "missing" and pd.isna(rus.raw) and pd.isna(rus.score)
    res = aggregate(ind, draws=200)
    assert res[(res.target == "KAZ") & (res.power == "RUS") & (res.dimension == "trade") & res.indicator.isna()].empty
    # the US: trade, and the hand-coded zeros of security (no base, no alliance): one domain of data only
    us = _row(res, "KAZ", "USA", 2018, dimension="composite")
    assert pd.isna(us.score) and us.basis == "missing" and "insufficient data" in us.sources[0]["note"]
    assert not pd.isna(_row(res, "KAZ", "USA", 2018, dimension="trade").score)
    # in 2021 the UN votes add a second domain (trade 0.35 + diplomatic 0.20 >= half the weight)
    assert not pd.isna(_row(res, "KAZ", "USA", 2021, dimension="composite").score)
    assert res[(res.target == "KGZ") & (res.dimension == "composite") & res.score.notna()].empty   # no data: no score


def test_composite_by_hand(skb):
    res = aggregate(compute_indicators(skb, PANEL), draws=200)
    trade = 0.5 * 30.0 + 0.5 * 20.0
    finance = 100 * 0.1 / 0.3                  # debt only (aid missing)
    assert _row(res, "KAZ", "CHN", 2018, dimension="trade").score == pytest.approx(trade)
    comp = _row(res, "KAZ", "CHN", 2018, dimension="composite")
    # no arms data: the hand-coded zeros (no Chinese base, no alliance) make no security score on their own
    assert comp.score == pytest.approx((0.35 * trade + 0.20 * finance) / 0.55)
    assert comp.missing == ["security", "diplomatic"]
    ind_rows = res[(res.target == "KAZ") & (res.power == "CHN") & (res.year == 2018) & res.indicator.notna()]
    assert ind_rows.contribution.sum() == pytest.approx(comp.score)


def test_hand_coded_facts_and_votes_modulate_a_measured_dependence(skb):
    """A base or an alliance scales T's measured arms dependence on P; shared organisations and UN votes scale
    T's trade dependence on P (bandwidth x dependence): none of them makes a score where the data show none."""
    arms = [("KAZ", "RUS", 2016, 60.0), ("KAZ", "CHN", 2017, 20.0), ("KAZ", "ISR", 2018, 20.0),
            ("KGZ", "ISR", 2021, 1.0)]        # the register covers 2016-2021; Kyrgyzstan: nothing before 2021
    _store(skb, "sipri-arms-transfers", "arms_deliveries", arms, ["recipient", "supplier", "year", "tiv"])
    ind = compute_indicators(skb, PANEL)
    a_rus, a_chn = _row(ind, "KAZ", "RUS", 2020, "arms_share"), _row(ind, "KAZ", "CHN", 2020, "arms_share")
    # shares of the installed base: each delivery depreciated 10% a year to 2020
    k_rus, k_chn, k_isr = 60.0 * 0.9 ** 4, 20.0 * 0.9 ** 3, 20.0 * 0.9 ** 2
    total = k_rus + k_chn + k_isr
    assert a_rus.raw == pytest.approx(k_rus / total) and a_chn.raw == pytest.approx(k_chn / total)
    # Russia's bases in Kazakhstan (baseline.yaml) and the CSTO: the facts are kept as raw, the scores are the
    # arms dependence they deepen
    pres, ally = _row(ind, "KAZ", "RUS", 2020, "presence"), _row(ind, "KAZ", "RUS", 2020, "alliance_depth")
    assert pres.raw == 1.0 and pres.score == pytest.approx(a_rus.score) and ally.raw == 1.0
    assert ally.score == pytest.approx(a_rus.score) and pres.sigma == pytest.approx(a_rus.sigma)
    assert pres.basis == a_rus.basis and any("in proportion to arms_share" in s.get("note", "") for s in pres.sources)
    assert _row(ind, "KAZ", "CHN", 2020, "presence").score == 0.0        # no Chinese base: 0 of a measured 20
    # Russia's air base at Kant is a fact, but no arms reached Kyrgyzstan in 2016-2020: no score from the fact
    assert _row(ind, "KGZ", "RUS", 2020, "presence").basis == "missing"
    res = aggregate(ind, draws=0)
    sec = _row(res, "KAZ", "RUS", 2020, dimension="security").score
    assert sec == pytest.approx(a_rus.score)                              # (0.6 + 0.2 + 0.2) x arms
    assert _row(res, "KAZ", "CHN", 2020, dimension="security").score == pytest.approx(0.6 * a_chn.score / 1.0)
    # UN votes: agreement x the mean of T's export and import share scores of the same cell
    un = _row(ind, "KAZ", "CHN", 2021, "un_agreement")
    trade = (_row(ind, "KAZ", "CHN", 2021, "export_share").score + _row(ind, "KAZ", "CHN", 2021, "import_share").score) / 2
    assert un.raw == pytest.approx(0.6) and un.score == pytest.approx(0.6 * trade) and un.basis == "nowcast"


def test_nowcasts_are_marked_and_end_after_three_years(skb):
    ind = compute_indicators(skb, PANEL)
    assert ind.year.max() == 2023                                 # the last year with data (debt), computed
    ex = ind[(ind.target == "KAZ") & (ind.power == "CHN") & (ind.indicator == "export_share")].set_index("year")
    for y in (2020, 2021, 2022):
        assert ex.loc[y, "basis"] == "nowcast" and ex.loc[y, "data_year"] == 2019
        assert ex.loc[y, "raw"] == pytest.approx(22 / 110)
        assert ex.loc[y, "sigma"] > ex.loc[y - 1, "sigma"]        # the error grows with the horizon
        assert "persistence" in ex.loc[y, "sources"][0]["note"]
    assert ex.loc[2023, "basis"] == "missing"
    res = aggregate(ind, draws=200)
    assert _row(res, "KAZ", "CHN", 2021, dimension="composite").basis == "nowcast"
    assert _row(res, "KAZ", "CHN", 2018, dimension="composite").basis == "reconciled"


def test_every_score_has_an_interval_around_it(skb):
    res = aggregate(compute_indicators(skb, PANEL), draws=300)
    scored = res[res.score.notna()]
    assert scored.lo.notna().all() and scored.hi.notna().all()
    assert ((scored.lo <= scored.score + 1e-6) & (scored.score <= scored.hi + 1e-6)).all()
    again = aggregate(compute_indicators(skb, PANEL), draws=300)
    assert np.allclose(res.lo.fillna(-1), again.lo.fillna(-1))       # seeded: the same numbers


def test_weights_can_be_changed_and_checked(skb):
    ind = compute_indicators(skb, PANEL)
    base = _row(aggregate(ind, draws=0), "KAZ", "CHN", 2018, dimension="composite").score
    trade_only = Weights.default().with_dimensions("trade=1,finance=1,security=0,diplomatic=0")
    alt = _row(aggregate(ind, trade_only, draws=0), "KAZ", "CHN", 2018, dimension="composite").score
    assert alt == pytest.approx((25.0 + 100 * 0.1 / 0.3) / 2) and alt != pytest.approx(base)
    from greatgame.errors import InfluenceError

    with pytest.raises(InfluenceError, match="unknown dimension or indicator"):
        Weights.default().with_dimensions("economic=1")


def test_registry_and_weights_file_agree():
    from greatgame.errors import IndicatorError
    from greatgame.influence import DIMENSIONS, indicator

    assert set(Weights.default().indicators) == set(INDICATORS)
    assert {i.dimension for i in INDICATORS.values()} == set(DIMENSIONS) == {"trade", "finance", "security",
                                                                              "diplomatic"}
    with pytest.raises(IndicatorError, match="unknown dimension"):
        indicator("x_test", dimension="connectivity", weight=1.0)(lambda kb, panel: None)
    with pytest.raises(IndicatorError, match="kind must be"):
        indicator("x_test", dimension="trade", weight=1.0, kind="count")(lambda kb, panel: None)
    assert "x_test" not in INDICATORS


# ---------------------------------------------------------------- the real data (../shared)


@pytest.fixture(scope="module")
def ikb(shared, tmp_path_factory):
    from greatgame.data import import_reference

    kb = greatgame.open(tmp_path_factory.mktemp("influence") / "kb.duckdb")
    report = import_reference(kb, [shared / "data/reference", shared / "data/facts"])
    assert not report.errors, report.errors
    yield kb
    kb.close()


@pytest.fixture(scope="module")
def real(ikb):
    ind = compute_indicators(ikb)
    return ind, aggregate(ind)


@pytest.mark.shared
def test_china_share_of_kazakhstan_exports_2019_by_hand(ikb, real):
    ind, _ = real
    tr = ikb.read_table("trade", ["dataset", "reporter", "partner", "flow", "year", "value_usd_mn"], years=(2019, 2019))
    own = tr[(tr.dataset == "kaz-bns-trade") & (tr.reporter == "KAZ") & (tr.flow == "exports")]
    mirror = tr[(tr.dataset == "imf-dots-c5") & (tr.reporter == "CHN") & (tr.partner == "KAZ") & (tr.flow == "imports")]
    o = own[own.partner == "CHN"].value_usd_mn.iloc[0]
    total = own[own.partner == "WLD"].value_usd_mn.iloc[0]
    m = mirror.value_usd_mn.iloc[0]
    row = _row(ind, "KAZ", "CHN", 2019, "export_share")
    assert row.basis == "reconciled" and row.raw == pytest.approx(math.sqrt(o * m) / total, rel=1e-9)


@pytest.mark.shared
def test_the_panel_runs_to_the_latest_data_with_nothing_carried_silently(real):
    ind, res = real
    assert ind.year.max() >= 2024
    assert set(ind.basis) <= {"observed", "reconciled", "mirrored", "nowcast", "missing"}
    # after each series' last value from data, every row is a nowcast or missing
    data = ind[ind.basis.isin(["observed", "reconciled", "mirrored"]) & ~ind.input_kind.isin(HAND_CODED)]
    last = data.groupby(["target", "power", "indicator"]).year.max().rename("last")
    later = ind.merge(last.reset_index(), on=["target", "power", "indicator"])
    later = later[later.year > later["last"]]
    assert set(later.basis) <= {"nowcast", "missing"} and (later.basis == "nowcast").any()
    assert (later[later.basis == "nowcast"].data_year <= later[later.basis == "nowcast"].year).all()
    # China's customs turnover carries the trade shares into 2024, marked
    ex = _row(ind, "KAZ", "CHN", 2024, "export_share")
    assert ex.basis == "nowcast" and ex.data_year == 2023 and "turnover" in ex.sources[0]["note"]
    # the mechanisms of the seeds show where data exist: China's trade share rising since 2020, Russia's base
    ts = ind[(ind.indicator == "import_share") & (ind.power == "CHN") & (ind.target == "KGZ")].set_index("year").raw
    assert ts[2023] > ts[2020]
    assert _row(ind, "TJK", "RUS", 2023, "presence").raw == 1.0
    assert _row(ind, "KAZ", "RUS", 2023, "alliance_depth").raw == 1.0
    assert _row(ind, "KAZ", "CHN", 2023, "alliance_depth").raw == 0.0            # the SCO is no alliance


@pytest.mark.shared
def test_every_real_score_has_an_80_percent_interval(real):
    _, res = real
    scored = res[res.score.notna()]
    assert len(scored) > 1000 and scored.lo.notna().all() and scored.hi.notna().all()
    assert ((scored.lo <= scored.score + 1e-6) & (scored.score <= scored.hi + 1e-6)).all()


@pytest.mark.shared
def test_no_indicator_dominates_the_variance_and_hand_coded_inputs_stay_small(real):
    _, res = real
    last = int(res[res.dimension == "composite"].dropna(subset=["score"]).year.max())
    shares = variance_shares(res, (2018, last))
    assert shares.sum() == pytest.approx(1.0)
    assert shares.max() <= 0.35, shares
    assert sum(v for n, v in shares.items() if INDICATORS[n].kind in HAND_CODED) <= 0.20, shares


@pytest.mark.shared
def test_hand_coded_inputs_carry_under_a_fifth_of_the_variance_over_the_whole_panel(real):
    """Sobol total-order (weights and values drawn) and cross-section readings, every year from 1995."""
    from greatgame.influence.sensitivity import sensitivity

    ind, _ = real
    rep = sensitivity(ind, Weights.default(), draws=1000, seed=0)
    assert rep.hand_coded["total_order"] <= 0.20, rep.hand_coded
    assert rep.hand_coded["cross_section_share"] <= 0.20, rep.hand_coded
    assert rep.sobol_total.total_order.max() <= 0.35 and rep.sobol_total.cross_section_share.max() <= 0.35


@pytest.mark.shared
def test_documents_about_other_pairs_change_no_score(ikb, real, tmp_path):
    _, before = real
    doc = tmp_path / "tkm.txt"
    doc.write_text("Chinese President Xi Jinping visited Turkmenistan on 12 March 2023 and signed an "
                   "agreement on gas cooperation with Turkmenistan.\n", encoding="utf-8")
    greatgame.ingest(ikb, [doc])
    try:
        after = compute(ikb)
    finally:
        ikb.delete("tkm.txt")
    row = _row(after, "TKM", "CHN", 2023, "events")
    assert row.raw > 0 and any(s.get("doc") == "tkm.txt" and "visited" in s["evidence"] for s in row.sources)
    key = ["target", "power", "year", "dimension", "indicator"]
    merged = before.merge(after, on=key, suffixes=("_a", "_b"))
    others = merged[~((merged.target == "TKM") & (merged.power == "CHN"))]
    for col in ("score", "lo", "hi"):
        a, b = others[f"{col}_a"].to_numpy(float), others[f"{col}_b"].to_numpy(float)
        assert np.allclose(a, b, equal_nan=True), col
    changed = merged[(merged.target == "TKM") & (merged.power == "CHN") & (merged.year == 2023)
                     & (merged.dimension == "diplomatic") & merged.indicator.isna()]
    assert changed.score_a.iloc[0] != pytest.approx(changed.score_b.iloc[0])
    # bounded: the events indicator moves its composite by at most 100 x its weight inside the dimension x the
    # dimension's weight in the composite (docs/influence.md, "What one document can move")
    comp = merged[(merged.target == "TKM") & (merged.power == "CHN") & (merged.year == 2023)
                  & (merged.dimension == "composite")].iloc[0]
    dim_w = changed.weight_b.iloc[0]
    assert abs(comp.score_b - comp.score_a) <= 100 * row.weight * dim_w + 1e-9
    assert 100 * row.weight * dim_w <= 100 * 0.2 * 0.2 / (0.2 + 0.4) + 1e-9     # events beside the UN votes


@pytest.mark.shared
def test_subsets_give_the_same_scores_and_intervals(ikb, real):
    _, full = real
    alone = compute(ikb, default_panel(targets=["UZB"], powers=["CHN"]))
    for y in (2018, 2023):
        a, b = _row(alone, "UZB", "CHN", y, dimension="composite"), _row(full, "UZB", "CHN", y, dimension="composite")
        assert (a.score, a.lo, a.hi) == pytest.approx((b.score, b.lo, b.hi))


@pytest.mark.shared
def test_cli_cells_legend_explain_and_json(ikb, tmp_path):
    ikb.con.execute("CHECKPOINT")
    db = tmp_path / "copy.duckdb"          # the CLI opens read-only; this process holds the original
    shutil.copy(ikb.path, db)
    runner = CliRunner()
    res = runner.invoke(app, ["influence", "--db", str(db), "--year", "2023"], env={"COLUMNS": "220"})
    assert res.exit_code == 0, res.output
    assert "Composite influence 2023" in res.output and "80% interval" in res.output and "– insufficient" in res.output
    assert any(c in res.output for c in ("[", "–")) and "*" in res.output
    res = runner.invoke(app, ["influence", "--db", str(db), "--explain", "TKM", "CHN", "--year", "2023"],
                        env={"COLUMNS": "220"})
    assert res.exit_code == 0, res.output
    for word in ("export_share", "debt_gdp", "nowcast", "data_year", "factbook-c5-partner-shares", "land border"):
        assert word in res.output, word
    res = runner.invoke(app, ["influence", "--db", str(db), "--explain", "KAZ", "CHN", "--year", "2019",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert {"lo", "hi", "basis", "data_year", "score", "sources"} <= set(rows[0])
    comp = next(r for r in rows if r["dimension"] == "composite")
    assert comp["lo"] <= comp["score"] <= comp["hi"]
    assert {r["indicator"] for r in rows if r["indicator"]} == set(INDICATORS)
    bad = runner.invoke(app, ["influence", "--db", str(db), "--target", "XXX"])
    assert bad.exit_code == 2 and "unknown target" in bad.output
    sens = runner.invoke(app, ["influence", "--db", str(db), "--sensitivity", "--draws", "50"])
    assert sens.exit_code in (0, 1) and (sens.exit_code == 0 or "not available" in sens.output)


@pytest.mark.shared
def test_records_are_json_ready(real):
    _, res = real
    recs = to_records(res[(res.year == 2023) & (res.target == "TJK")])
    json.dumps(recs)
    assert all(r["basis"] in {"observed", "reconciled", "mirrored", "nowcast", "missing"} for r in recs)


@pytest.mark.shared
def test_cited_facts_and_extracted_figures_disagree_visibly(ikb, shared):
    greatgame.ingest(ikb, [shared / "corpus/seeds/003_13671bc86b475096.txt"])
    groups = [g for g in ikb.disagreements() if g["measure"] == "trade" and g["period"] == "2024"
              and g["subjects"] == ["C5", "CHN"]]
    assert groups
    values = {c["value"] for c in groups[0]["claims"]}
    assert 127e9 in values and 94.8e9 in values            # both kept with their sources, none averaged
    assert any(c["doc"] == "003_13671bc86b475096.txt" for c in groups[0]["claims"])
    ikb.delete("003_13671bc86b475096.txt")


def _figure(kb, doc, seq, value, measure, subjects, date, qualifier=None):
    kb.con.execute("INSERT INTO figures (doc_id, seq, value, unit, measure, subjects, date, qualifier, text, "
                   "start, \"end\") VALUES (?, ?, ?, 'USD', ?, ?, ?, ?, ?, 0, 10)",
                   [doc, seq, value, measure, json.dumps(subjects), date, qualifier, f"${value:,.0f}"])


def test_turnover_figures_extracted_from_articles_nowcast_with_their_source(skb):
    """After KAZ-CHN trade ends (2019), a turnover figure for 2020 and one for 2019 (articles) move the 2019
    share by their ratio; part-year, range-less other measures and third-party figures are not used."""
    _figure(skb, "a.txt", 1, 50e6, "bilateral trade", ["KAZ", "CHN"], "2019")
    _figure(skb, "b.txt", 1, 75e6, "trade turnover", ["CHN", "KAZ"], "2020")
    _figure(skb, "b.txt", 2, 999e6, "trade turnover", ["CHN", "KAZ"], "2021-03")        # a month: part-year
    _figure(skb, "b.txt", 3, 999e6, "exports", ["CHN", "KAZ"], "2021")                  # one flow
    _figure(skb, "b.txt", 4, 999e6, "trade turnover", ["CHN", "KAZ", "RUS"], "2021")     # three parties
    ind = compute_indicators(skb, PANEL)
    ex = _row(ind, "KAZ", "CHN", 2020, "export_share")
    assert ex.basis == "nowcast" and ex.data_year == 2019
    assert ex.raw == pytest.approx(22 / 110 * 75 / 50)
    assert {s.get("doc") for s in ex.sources} >= {"a.txt", "b.txt"}
    assert "turnover" in ex.sources[0]["note"]
    assert ex.sigma > _row(ind, "KAZ", "CHN", 2019, "export_share").sigma
    ex21 = _row(ind, "KAZ", "CHN", 2021, "export_share")          # no usable 2021 figure: persistence
    assert ex21.raw == pytest.approx(ex.raw) and "persistence" in ex21.sources[0]["note"]


def test_interval_shortcuts_match_numpy_bit_for_bit():
    """The Monte Carlo's percentiles (a sort in place) are np.percentile's, and its float32 cut points pick the
    bootstrap composition the float64 cumulative probabilities pick."""
    from greatgame.influence.uncertainty import _compositions, percentiles

    rng = np.random.default_rng(5)
    for n in (1, 2, 9, 1000):
        a = (rng.standard_normal((40, n)) * 30 + 50).astype(np.float32)
        a[3] = np.round(a[3])
        a[5, 0] = np.nan
        for pct in ((10.0, 90.0), (2.5, 97.5), (0.0, 100.0)):
            assert np.array_equal(percentiles(a.copy(), pct), np.percentile(a, pct, axis=-1), equal_nan=True)
    u = rng.random(200_000, dtype=np.float32)
    for m in (2, 3, 4):
        _, cuts = _compositions(m)
        probs = [math.factorial(m) / math.prod(math.factorial(c) for c in k) / m ** m
                 for k in itertools.product(range(m + 1), repeat=m) if sum(k) == m]
        cum = np.cumsum(probs) / np.sum(probs)
        near = cum.astype(np.float32)                     # the float32 values next to each cut point
        edge = np.concatenate([u, near, np.nextafter(near, np.float32(2)), np.nextafter(near, np.float32(-1))])
        assert np.array_equal(np.searchsorted(cuts, edge, side="right"), np.searchsorted(cum, edge))


def test_a_modulated_score_is_redrawn_from_the_draws_of_what_it_scales(skb):
    """In each Monte Carlo draw a modulated score is recomputed from the drawn score it scales (its own error on
    top), not drawn independently: a base and an alliance in Kazakhstan scale Russia's arms share, so the
    security dimension (0.6 arms + 0.2 presence + 0.2 alliance, all of them arms x 1) is as uncertain as the
    arms share itself, and the base's interval widens with the arms share's error alone."""
    arms = [("KAZ", "RUS", 2016, 60.0), ("KAZ", "CHN", 2017, 20.0), ("KAZ", "ISR", 2018, 20.0),
            ("KGZ", "ISR", 2012, 1.0), ("KGZ", "ISR", 2021, 1.0)]        # the register covers 2012-2021
    _store(skb, "sipri-arms-transfers", "arms_deliveries", arms, ["recipient", "supplier", "year", "tiv"])
    ind = compute_indicators(skb, PANEL)
    res = aggregate(ind, draws=1000)
    arms, pres = _row(res, "KAZ", "RUS", 2020, "arms_share"), _row(res, "KAZ", "RUS", 2020, "presence")
    sec = _row(res, "KAZ", "RUS", 2020, dimension="security")
    assert pres.score == pytest.approx(arms.score) and sec.score == pytest.approx(arms.score)
    assert arms.sigma > 0 and arms.hi - arms.lo > 2 * arms.sigma     # 2.56 sigma, far from 0 and 100
    # independent draws would give the dimension sqrt(0.6^2 + 0.2^2 + 0.2^2) = 0.66 of the arms share's width
    assert (sec.hi - sec.lo) == pytest.approx(arms.hi - arms.lo, rel=0.12)
    assert sec.lo <= sec.score <= sec.hi and pres.lo <= pres.score <= pres.hi
    # twice the arms share's error, the base's row as it was: the base's interval follows the arms share's
    wide = ind.copy()
    at = wide.indicator.eq("arms_share")
    wide.loc[at, "sigma"] = 2 * wide.loc[at, "sigma"]
    res2 = aggregate(wide, draws=1000)
    pres2 = _row(res2, "KAZ", "RUS", 2020, "presence")
    assert _row(wide, "KAZ", "RUS", 2020, "presence").sigma == pytest.approx(arms.sigma)
    assert (pres2.hi - pres2.lo) == pytest.approx(2 * (pres.hi - pres.lo), rel=1e-4)     # the same z, twice
    sec2 = _row(res2, "KAZ", "RUS", 2020, dimension="security")
    assert (sec2.lo, sec2.hi) == pytest.approx((pres2.lo, pres2.hi), rel=1e-4)            # arms x 1, every draw


def test_a_modulated_score_keeps_its_own_error_on_top(skb):
    """UN votes scale Kazakhstan's trade dependence on China (the mean of its export and import shares): with the
    trade shares exact, the interval is the votes' own error times that dependence; with their errors, wider."""
    ind = compute_indicators(skb, PANEL)
    un = _row(ind, "KAZ", "CHN", 2021, "un_agreement")
    ex, im = _row(ind, "KAZ", "CHN", 2021, "export_share"), _row(ind, "KAZ", "CHN", 2021, "import_share")
    m = (ex.score + im.score) / 2
    assert un.score == pytest.approx(100 * un.raw * m / 100) and ex.sigma > 0 and im.sigma > 0
    # its error: the trade dependence's relative error and the votes' own (the floor of observed ones)
    own = INDICATORS["un_agreement"].floor
    assert un.sigma == pytest.approx(un.score * math.hypot((ex.sigma + im.sigma) / 2 / m, own))
    exact = ind.copy()
    trade = exact.indicator.isin(["export_share", "import_share"]) & (exact.target == "KAZ") & \
        (exact.power == "CHN") & (exact.year == 2021)
    exact.loc[trade, "sigma"] = 0.0
    exact.loc[(exact.indicator == "un_agreement") & (exact.target == "KAZ") & (exact.power == "CHN")
              & (exact.year == 2021), "sigma"] = own * un.score
    alone = _row(aggregate(exact, draws=1000, perturb=False), "KAZ", "CHN", 2021, "un_agreement")
    z = 1.2815515655446004                               # the 90th percentile of N(0, 1)
    assert alone.lo == pytest.approx(un.score * (1 - z * own), rel=0.01)
    assert alone.hi == pytest.approx(un.score * (1 + z * own), rel=0.01)
    both = _row(aggregate(ind, draws=1000, perturb=False), "KAZ", "CHN", 2021, "un_agreement")
    assert both.hi - both.lo > 2 * (alone.hi - alone.lo) and both.lo <= un.score <= both.hi


def test_sensitivity_redraws_a_modulated_score_from_the_drawn_score_it_scales(skb):
    """The Sobol factors of ``--sensitivity`` are the index's own random inputs: a modulated score (UN votes x
    Kazakhstan's trade dependence on China) is recomputed in every sample from the sampled trade shares, so the
    trade shares' errors move it and their total-order indices carry that variance; its own factor (its weight
    and the votes' own error, here none) carries nothing. Drawn independently with its combined error, as
    before, the votes would carry about a fifth of the composite's variance and the trade shares less."""
    from greatgame.influence.sensitivity import effective_weights, sensitivity

    ind = compute_indicators(skb, PANEL)
    cell = (ind.target == "KAZ") & (ind.power == "CHN") & (ind.year == 2021)
    ex, im = _row(ind, "KAZ", "CHN", 2021, "export_share"), _row(ind, "KAZ", "CHN", 2021, "import_share")
    un = _row(ind, "KAZ", "CHN", 2021, "un_agreement")
    m = (ex.score + im.score) / 2
    assert un.score == pytest.approx(un.raw * m) and ex.sigma > 0 and im.sigma > 0
    # errors only in the two trade shares; the votes' own error removed (their sigma is the trade shares')
    frame = ind.copy()
    frame.loc[~frame.indicator.isin(["export_share", "import_share", "un_agreement"]), "sigma"] = 0.0
    frame.loc[cell & (frame.indicator == "un_agreement"), "sigma"] = un.score * (ex.sigma + im.sigma) / 2 / m
    rep = sensitivity(frame, Weights.default(), draws=4000, seed=0, years=[2021], concentration=1e12)
    st = rep.sobol_total.set_index("indicator").total_order
    assert abs(st["un_agreement"]) < 1e-6 and st.drop(["export_share", "import_share"]).abs().max() < 1e-6
    # composite = ... + w_ex ex + w_im im + w_un F (ex + im) / 2 (fixed weights): linear in the two shares
    w = effective_weights(frame, Weights.default(), years=[2021])
    w = w[(w.target == "KAZ") & (w.power == "CHN")].set_index("indicator").weight
    slope = {n: w[n] + w["un_agreement"] * un.raw / 2 for n in ("export_share", "import_share")}
    var = {n: (slope[n] * r.sigma) ** 2 for n, r in (("export_share", ex), ("import_share", im))}
    for n, v in var.items():
        assert st[n] == pytest.approx(v / sum(var.values()), abs=0.05), st
    assert rep.hand_coded["total_order"] == pytest.approx(0.0, abs=1e-6)
    # the votes' own error (the floor of observed values) stays the votes' own factor, beside the trade shares'
    frame.loc[cell & (frame.indicator == "un_agreement"), "sigma"] = un.sigma
    own = INDICATORS["un_agreement"].floor * un.raw * 100                 # the fact's own error, in points
    var["un_agreement"] = (w["un_agreement"] * own * m / 100) ** 2
    st = sensitivity(frame, Weights.default(), draws=4000, seed=0, years=[2021],
                     concentration=1e12).sobol_total.set_index("indicator").total_order
    for n, v in var.items():
        assert st[n] == pytest.approx(v / sum(var.values()), abs=0.05), (n, st)
    assert 0 < st["un_agreement"] < st["export_share"] / 2


def test_a_published_share_is_as_uncertain_as_it_was_wrong_for_the_same_dyad(skb):
    """A published partner share (the Factbook's, from partner data) nowcasts a year without T's own total; its
    error is at least the rms log gap between the dyad's earlier published shares and its measured shares: 15%
    published against 30% measured in 2018 (ln 2 = 0.69) makes the 2021 figure uncertain by 0.69, not by the
    0.20 floor; a dyad without such a year keeps the floor (or the target's median gap, if larger)."""
    shares = [("KAZ", "exports", 2018, "CHN", 15.0), ("KAZ", "exports", 2021, "CHN", 25.0),
              ("KAZ", "exports", 2021, "RUS", 10.0)]
    _store(skb, "factbook-c5-partner-shares", "partner_shares", [(*r, "mirror") for r in shares],
           ["target", "flow", "year", "partner", "share_pct", "basis"])
    ind = compute_indicators(skb, PANEL)
    measured = _row(ind, "KAZ", "CHN", 2018, "export_share")
    assert measured.basis == "reconciled" and measured.raw == pytest.approx(0.30)
    chn, rus = _row(ind, "KAZ", "CHN", 2021, "export_share"), _row(ind, "KAZ", "RUS", 2021, "export_share")
    assert chn.basis == "nowcast" and chn.raw == pytest.approx(0.25)            # the published share, unchanged
    assert chn.sigma == pytest.approx(25.0 * np.log(2.0))
    assert "rms log gap" in chn.sources[0]["note"]
    gap = max(abs(np.log(20.0 / 45.0)) / 2 / 2, 0.05)                          # KAZ's median gap: (0.405 + 0) / 2
    assert rus.raw == pytest.approx(0.10) and rus.sigma == pytest.approx(10.0 * max(gap, 0.20))
