"""The influence index: indicator values computed by hand from the reference files, and the index's rules."""
from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

import greatgame
from greatgame.cli import app
from greatgame.influence import Panel, Weights, compute, default_panel
from greatgame.influence.indicators import arms_share, trade_share, un_agreement
from greatgame.ingest import ingest

pytestmark = pytest.mark.shared
REF = "data/reference"


@pytest.fixture(scope="module")
def ikb(shared, tmp_path_factory):
    from greatgame.data import import_reference

    kb = greatgame.open(tmp_path_factory.mktemp("influence") / "kb.duckdb")
    report = import_reference(kb, [shared / "data/reference", shared / "data/facts"])
    assert not report.errors, report.errors
    yield kb
    kb.close()


def _value(result, target, power, year, indicator=None, dimension=None):
    rows = result[(result.target == target) & (result.power == power) & (result.year == year)]
    if indicator is not None:
        rows = rows[rows.indicator == indicator]
    else:
        rows = rows[rows.indicator.isna() & (rows.dimension == dimension)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_china_share_of_kazakhstan_trade_2019_as_kazakhstan_reports(ikb, shared):
    flows = {}
    with open(shared / REF / "imf-dots-c5/imf_dots_c5_1992_2020.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["reporter_iso3"] == "KAZ" and r["year"] == "2019" and r["partner_iso3"] in ("CHN", "WLD"):
                flows[(r["partner_iso3"], r["flow"])] = float(r["value_usd_mn"])
    expected = (flows[("CHN", "exports_fob")] + flows[("CHN", "imports_cif")]) / (
        flows[("WLD", "exports_fob")] + flows[("WLD", "imports_cif")])
    df = trade_share(ikb, Panel(("CHN",), ("KAZ",), (2019,)))
    df = df[df.year == 2019]
    assert df.raw.iloc[0] == pytest.approx(expected, rel=1e-12)
    result = compute(ikb, default_panel(targets=["KAZ"]))
    row = _value(result, "KAZ", "CHN", 2019, indicator="trade_share")
    assert row.raw == pytest.approx(expected, rel=1e-12)
    assert row.sources[0]["dataset"] and len(row.sources[0]["rows"]) == 4


def test_russia_share_of_tajikistan_arms_imports_2015_2019(ikb, shared):
    with open(shared / REF / "sipri-arms-transfers/trade-register.csv", encoding="utf-8", errors="replace") as fh:
        rows = list(csv.reader(fh))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Recipient")
    total = russia = 0.0
    for r in rows[start + 1:]:
        if len(r) < 16 or r[0] != "Tajikistan" or not r[10].strip() or not r[15].strip().rstrip("?"):
            continue
        years = [int(y) for y in r[10].split(";") if y.strip()]
        per_year = float(r[15].strip().rstrip("?")) / len(years)
        for y in years:
            if 2015 <= y <= 2019:
                total += per_year
                russia += per_year if r[1] == "Russia" else 0.0
    assert total > 0
    df = arms_share(ikb, Panel(("RUS",), ("TJK",), (2019,)))
    df = df[df.year == 2019]
    assert df.raw.iloc[0] == pytest.approx(russia / total, rel=1e-9)


def test_us_uzbekistan_un_vote_agreement_in_one_session(ikb, shared):
    with open(shared / REF / "unga-ideal-points/IdealpointestimatesAll_Jun2024.csv", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["iso3c"] == "UZB" and r["session"] == "74")
    df = un_agreement(ikb, Panel(("USA",), ("UZB",), (1945 + 74,)))
    df = df[df.year == 1945 + 74]
    assert df.raw.iloc[0] == pytest.approx(float(row["USAgree"]), rel=1e-12)


def test_scores_are_weighted_means_of_what_is_there(ikb):
    result = compute(ikb, default_panel(targets=["KGZ"]))
    for (power, year), g in result[result.year.isin([2005, 2015])].groupby(["power", "year"]):
        comp = g[g.dimension == "composite"].score.iloc[0]
        dims = g[g.indicator.isna() & (g.dimension != "composite")]
        assert comp == pytest.approx((dims.weight * dims.score).sum())
        assert dims.weight.sum() == pytest.approx(1.0)
        for dim, d in dims.groupby("dimension"):
            ind = g[(g.dimension == dim) & g.indicator.notna()]
            assert d.score.iloc[0] == pytest.approx(ind.score.sum())
            assert ind.weight.sum() == pytest.approx(1.0)
            assert ((ind.normalised >= 0) & (ind.normalised <= 1)).all()


def test_missing_is_not_zero(ikb):
    result = compute(ikb, default_panel(targets=["KAZ"]))
    # the UN voting data compare with the US, Russia, China and India only
    assert result[(result.power == "TUR") & (result.indicator == "un_agreement")].empty
    assert not result[(result.power == "USA") & (result.indicator == "un_agreement")].empty
    # carried-forward trade is flagged; beyond the carry window it is absent
    carried = _value(result, "KAZ", "CHN", 2022, indicator="trade_share")
    assert any("carried_from" in s for s in carried.sources)
    later = compute(ikb, default_panel(targets=["KAZ"], years=(2018, 2026)))
    assert any(s.get("carried_from") == 2020 for s in _value(later, "KAZ", "CHN", 2024, indicator="trade_share").sources)
    assert later[(later.year == 2025) & (later.indicator == "trade_share")].empty   # IMF data end in 2020


def test_user_weights_change_the_composite(ikb):
    panel = default_panel(targets=["TJK"], powers=["RUS", "CHN"])
    base = compute(ikb, panel)
    econ = compute(ikb, panel, Weights.default().with_dimensions("economic=1,security=0,diplomatic=0,connectivity=0"))
    b = _value(base, "TJK", "RUS", 2015, dimension="composite").score
    e = _value(econ, "TJK", "RUS", 2015, dimension="composite").score
    assert e == pytest.approx(_value(base, "TJK", "RUS", 2015, dimension="economic").score)
    assert b != pytest.approx(e)


def test_ingested_events_move_the_diplomatic_dimension(ikb, tmp_path):
    panel = default_panel(targets=["TKM"], powers=["CHN"])
    before = compute(ikb, panel)
    doc = tmp_path / "tkm.txt"
    doc.write_text("Chinese President Xi Jinping visited Turkmenistan on 12 March 2023 and signed an "
                   "agreement on gas cooperation with Turkmenistan.\n", encoding="utf-8")
    ingest(ikb, [doc])
    after = compute(ikb, panel)
    row = _value(after, "TKM", "CHN", 2023, indicator="diplomatic_events")
    assert row.raw > 0 and any(s.get("doc") == "tkm.txt" and "visited" in s["evidence"] for s in row.sources)
    assert before[(before.year == 2023) & (before.indicator == "diplomatic_events")].empty
    old = _value(before, "TKM", "CHN", 2023, dimension="diplomatic")
    new = _value(after, "TKM", "CHN", 2023, dimension="diplomatic")
    assert new.score != pytest.approx(old.score)
    ikb.delete("tkm.txt")


def test_cli_json_rows(ikb, tmp_path):
    import shutil

    ikb.con.execute("CHECKPOINT")
    db = tmp_path / "copy.duckdb"          # the CLI opens read-only; this process holds the original
    shutil.copy(ikb.path, db)
    runner = CliRunner()
    res = runner.invoke(app, ["influence", "--db", str(db), "--target", "KAZ", "--year", "2019",
                              "--power", "CHN", "--explain", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    keys = {"target", "power", "year", "dimension", "indicator", "raw", "normalised", "weight", "score", "sources"}
    assert rows and all(set(r) == keys for r in rows)
    assert [r for r in rows if r["dimension"] == "composite"]
    assert [r for r in rows if r["indicator"] is None and r["dimension"] == "economic"]
    assert [r for r in rows if r["indicator"] == "trade_share"]
    bad = runner.invoke(app, ["influence", "--db", str(db), "--target", "XXX"])
    assert bad.exit_code == 2 and "unknown target" in bad.output


def test_cited_facts_and_extracted_figures_disagree_visibly(ikb, shared):
    ingest(ikb, [shared / "corpus/seeds/003_13671bc86b475096.txt"])
    groups = [g for g in ikb.disagreements() if g["measure"] == "trade" and g["period"] == "2024"
              and g["subjects"] == ["C5", "CHN"]]
    assert groups
    values = {c["value"] for c in groups[0]["claims"]}
    assert 127e9 in values and 94.8e9 in values            # both kept with their sources, none averaged
    assert any(c["doc"] == "003_13671bc86b475096.txt" for c in groups[0]["claims"])
    ikb.delete("003_13671bc86b475096.txt")


def test_scores_do_not_depend_on_which_powers_are_shown(ikb):
    alone = compute(ikb, default_panel(targets=["UZB"], powers=["CHN"]))
    full = compute(ikb, default_panel(targets=["UZB"]))
    a = _value(alone, "UZB", "CHN", 2018, dimension="composite").score
    b = _value(full, "UZB", "CHN", 2018, dimension="composite").score
    assert a == pytest.approx(b)


def test_indicator_registry_is_the_one_place_for_weights(monkeypatch):
    from greatgame.errors import IndicatorError
    from greatgame.influence import DIMENSIONS, INDICATORS, indicator
    from greatgame.influence.indicators import base

    assert Weights.default().indicators == {name: ind.weight for name, ind in INDICATORS.items()}
    assert [ind.dimension for ind in INDICATORS.values()] == sorted(
        (ind.dimension for ind in INDICATORS.values()), key=DIMENSIONS.index)
    assert {ind.dimension for ind in INDICATORS.values()} == set(DIMENSIONS)
    with pytest.raises(IndicatorError, match="unknown dimension"):
        indicator("x_test", dimension="cultural", weight=1.0)(lambda kb, panel: None)
    with pytest.raises(IndicatorError, match="already registered"):
        indicator("trade_share", dimension="economic", weight=1.0)(lambda kb, panel: None)
    assert "x_test" not in INDICATORS and INDICATORS["trade_share"].fn is trade_share
    stale = {**base.config(), "indicators": {"trade_share": {"weight": 0.6}}}
    monkeypatch.setattr(base, "config", lambda: stale)
    with pytest.raises(IndicatorError, match="weights.yaml: indicators belong in each indicator's registration"):
        base.check()
