"""Validation against external measures and the sensitivity analysis of the influence index.

Synthetic indicator frames (the contract of ``compute_indicators``) for the methods; the shipped
China Index file on a knowledge base built from ../shared/data for the command.
"""
from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from greatgame.cli import app
from greatgame.errors import DataError
from greatgame.influence.sensitivity import effective_weights, point_composite, sensitivity
from greatgame.influence.sensitivity_output import markdown, render_sensitivity
from greatgame.influence.validation import correlations, read_external, render_validation, shipped, validate
from greatgame.influence.validation import markdown as validation_markdown

TARGETS = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
POWERS = ("CHN", "RUS", "USA", "EU")
# indicator -> (dimension, input_kind, weight inside the dimension)
INDS = {
    "export_share": ("trade", "share", 0.5), "import_share": ("trade", "share", 0.5),
    "debt_gdp": ("finance", "ratio", 0.6), "aid_gdp": ("finance", "ratio", 0.4),
    "arms_share": ("security", "share", 0.6), "presence": ("security", "binary", 0.2),
    "alliance_depth": ("security", "ordinal", 0.2),
    "igo_depth": ("diplomatic", "ordinal", 0.3), "un_agreement": ("diplomatic", "similarity", 0.4),
    "events": ("diplomatic", "events", 0.3),
}
DIMS = {"trade": 0.35, "finance": 0.20, "security": 0.25, "diplomatic": 0.20}
WEIGHTS = SimpleNamespace(dimensions=dict(DIMS), indicators={k: v[2] for k, v in INDS.items()})


def frame(scores, years=(2022,), sigma=0.0) -> pd.DataFrame:
    """An indicator frame: scores(target, power, year, indicator) -> score or None (missing)."""
    rows = []
    for y in years:
        for t in TARGETS:
            for p in POWERS:
                for name, (dim, kind, _) in INDS.items():
                    s = scores(t, p, y, name)
                    if s is None:
                        continue
                    sg = sigma(t, p, y, name) if callable(sigma) else sigma
                    rows.append(dict(target=t, power=p, year=y, indicator=name, dimension=dim, raw=s / 100,
                                     score=float(s), sigma=float(sg), basis="observed", data_year=y,
                                     input_kind=kind, sources=[]))
    return pd.DataFrame(rows)


def random_frame(seed=1, years=(2021, 2022), sigma=3.0):
    rng = np.random.default_rng(seed)
    table = {(t, p, y, n): float(rng.uniform(0, 100)) for t in TARGETS for p in POWERS for y in years for n in INDS}
    return frame(lambda t, p, y, n: table[(t, p, y, n)], years, sigma)


# ---------------------------------------------------------------- the composite
def test_point_composite_is_the_designs_weighted_mean():
    scores = {"export_share": 40, "import_share": 60, "arms_share": 30, "presence": 100, "igo_depth": 50}
    df = frame(lambda t, p, y, n: scores.get(n) if (t, p) == ("KAZ", "CHN") else None)
    comp = point_composite(df, WEIGHTS).set_index(["target", "power"]).score
    trade = (0.5 * 40 + 0.5 * 60) / 1.0
    security = (0.6 * 30 + 0.2 * 100) / 0.8                       # alliance_depth missing: renormalised
    diplomatic = 50.0                                              # its only indicator with data
    expected = (0.35 * trade + 0.25 * security + 0.20 * diplomatic) / 0.80   # finance missing
    assert comp[("KAZ", "CHN")] == pytest.approx(expected)
    eff = effective_weights(df, WEIGHTS).set_index("indicator").weight
    assert eff.sum() == pytest.approx(1.0)
    assert eff["presence"] == pytest.approx(0.25 / 0.80 * 0.2 / 0.8)


def test_fewer_than_two_dimensions_give_no_composite():
    df = frame(lambda t, p, y, n: 50.0 if n in ("export_share", "import_share") else None)
    assert point_composite(df, WEIGHTS).score.isna().all()


def test_agrees_with_aggregate_of_the_index():
    try:
        from greatgame.influence import Weights, aggregate
    except ImportError:
        pytest.skip("greatgame.influence.aggregate not there yet (the index helper's part)")
    try:
        from greatgame.influence import INDICATORS
    except ImportError:
        INDICATORS = {}

    weights = Weights.default()
    dims = {n: getattr(ind, "dimension", None) for n, ind in INDICATORS.items()} or {n: v[0] for n, v in INDS.items()}
    rng = np.random.default_rng(3)
    rows = []
    for t in TARGETS:
        for p in POWERS:
            for n in weights.indicators:
                if dims.get(n) is None or rng.random() < 0.2:
                    continue                                          # some missing
                rows.append(dict(target=t, power=p, year=2022, indicator=n, dimension=dims[n], raw=0.5,
                                 score=float(rng.uniform(0, 100)), sigma=0.0, basis="observed", data_year=2022,
                                 input_kind="share", sources=[]))
    ind = pd.DataFrame(rows)
    theirs = aggregate(ind, weights, draws=10, seed=0, perturb=False)
    theirs = theirs[theirs.dimension == "composite"].set_index(["target", "power", "year"]).score
    mine = point_composite(ind, weights).set_index(["target", "power", "year"]).score
    scored = mine.dropna()
    assert scored.index.isin(theirs.index).all()
    np.testing.assert_allclose(scored.to_numpy(float), theirs[scored.index].to_numpy(float), rtol=1e-9, atol=1e-9)
    unscored = mine.index[mine.isna()]
    assert theirs.reindex(unscored).isna().all()          # insufficient data on both sides (absent or NaN)


# ---------------------------------------------------------------- correlations
def test_perfect_and_reversed_ranks_give_plus_and_minus_one():
    x = np.arange(10.0)
    up = correlations(x, 3 * x + 1)
    down = correlations(x, -x ** 3)
    assert up["spearman"]["estimate"] == pytest.approx(1.0) and up["pearson"]["estimate"] == pytest.approx(1.0)
    assert down["spearman"]["estimate"] == pytest.approx(-1.0)
    assert down["pearson"]["estimate"] < -0.9
    assert up["spearman"]["lo"] == pytest.approx(1.0) and up["spearman"]["hi"] == pytest.approx(1.0)


def test_spearman_gives_ties_their_average_rank():
    # x ranks 1, 2.5, 2.5, 4; y ranks 1, 2, 3, 4: rho = Pearson of the ranks
    r = correlations([1, 2, 2, 3], [10, 20, 30, 40])
    expected = np.corrcoef([1, 2.5, 2.5, 4], [1, 2, 3, 4])[0, 1]
    assert r["spearman"]["estimate"] == pytest.approx(expected)


def test_bootstrap_interval_contains_the_estimate_and_is_seeded():
    rng = np.random.default_rng(7)
    x = rng.normal(size=40)
    y = 0.6 * x + rng.normal(size=40)
    a, b = correlations(x, y, seed=5), correlations(x, y, seed=5)
    for name in ("spearman", "pearson"):
        s = a[name]
        assert s["lo"] <= s["estimate"] <= s["hi"]
        assert s["hi"] - s["lo"] > 0.05
        assert a["valid"][name] == a["resamples"]
    assert a == b
    assert correlations([1, 2], [2, 1])["spearman"]["estimate"] is None     # too few rows


# ---------------------------------------------------------------- the external file
def write(tmp_path, text, name="ext.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_read_external_defaults_and_shipped_file():
    df = read_external(shipped("china_index_2022"))
    assert list(df.sort_values("value").target) == ["KGZ", "TJK", "KAZ", "UZB", "TKM"]
    assert list(df.value.sort_values()) == [8, 9, 15, 24, 45]
    assert set(df.power) == {"CHN"} and set(df.year) == {2022} and not df.higher_is_more.any()
    assert df.source.str.contains("china-index.io").all()
    assert shipped("china_index_2022.csv") in shipped()


def test_read_external_minimal_layout(tmp_path):
    df = read_external(write(tmp_path, "target,power,year,value,notes\nkaz,chn,2021,0.5,x\n\nKGZ,CHN,2021,1e-1,\n"))
    assert df.higher_is_more.all() and df.source.isna().all()
    assert list(df.power) == ["CHN", "CHN"] and list(df.row) == [2, 4]


@pytest.mark.parametrize("text, where", [
    ("power,target,value\nCHN,KAZ,3\n", "row 1, column 'year'"),
    ("power,target,year,value\nCHN,KAZ,2022,3\nCHN,KGZ,2022,lots\n", "row 3, column 'value'"),
    ("power,target,year,value\nCHN,KAZ,22x,3\n", "row 2, column 'year'"),
    ("power,target,year,value\nCHN,KAZ,2022,nan\n", "row 2, column 'value'"),
    ("power,target,year,value\n,KAZ,2022,3\n", "row 2, column 'power'"),
    ("power,target,year,value,higher_is_more\nCHN,KAZ,2022,3,maybe\n", "row 2, column 'higher_is_more'"),
    ("power,target,year,value\nCHN,KAZ,2022,3\nCHN,KAZ,2022,4\n", "row 3, column 'power'"),
    ("power,target,year,value\nCHN,KAZ,2022\n", "row 2:"),
    ("power,target,year,value\n", "no data rows"),
    ("", "empty file"),
])
def test_bad_external_files_give_one_line_naming_file_row_column(tmp_path, text, where):
    path = write(tmp_path, text)
    with pytest.raises(DataError) as info:
        read_external(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path)) and where in message, message


def test_unreadable_external_files(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read_external(tmp_path / "absent.csv")
    p = tmp_path / "latin.csv"
    p.write_bytes(b"power,target,year,value\nCHN,K\xc4Z,2022,1\n")
    with pytest.raises(DataError, match="not UTF-8"):
        read_external(p)


def test_bad_csv_on_the_command_line(tmp_path):
    path = write(tmp_path, "power,target,year,value\nCHN,KAZ,2022,x\n")
    res = CliRunner().invoke(app, ["validate", "--against", str(path), "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2
    assert "row 2, column 'value'" in res.output and len(res.output.strip().splitlines()) == 1


# ---------------------------------------------------------------- validate
def test_validate_perfect_reversed_and_rank_tables():
    df = random_frame(years=(2021, 2022))
    comp = point_composite(df, WEIGHTS)
    ext = comp.rename(columns={"score": "value"})[["power", "target", "year", "value"]].copy()
    rep = validate(df, ext, weights=WEIGHTS)
    assert rep.n == len(comp) and rep.spearman == pytest.approx(1.0) and rep.pearson == pytest.approx(1.0)
    assert (rep.rows.index_rank == rep.rows.external_rank).all() and rep.disagreements == []
    # ranks (1 = most) with higher_is_more false: still +1; the same ranks read as "higher is more": -1
    ext["value"] = ext.groupby(["power", "year"]).value.rank(ascending=False)
    ext["higher_is_more"] = False
    ranked = validate(df, ext, weights=WEIGHTS)
    assert all(g == pytest.approx(1.0) for g in ranked.groups.spearman)
    assert validate(df, ext, power="RUS", years=[2021], weights=WEIGHTS).spearman == pytest.approx(1.0)
    ext["higher_is_more"] = True
    rev = validate(df, ext, weights=WEIGHTS)
    assert all(g == pytest.approx(-1.0) for g in rev.groups.spearman)
    assert validate(df, ext, power="RUS", years=[2021], weights=WEIGHTS).spearman == pytest.approx(-1.0)
    # filters, and rows without a composite
    one = validate(df, ext, power="chn", years=[2022], weights=WEIGHTS)
    assert one.n == 5 and set(one.rows.power) == {"CHN"} and list(one.groups.year) == [2022]
    extra = pd.concat([ext, pd.DataFrame([dict(power="IND", target="KAZ", year=2022, value=1.0,
                                               higher_is_more=True)])])
    assert len(validate(df, extra, weights=WEIGHTS).unmatched) == 1


def test_a_disagreement_is_explained_by_the_indicator_that_departs():
    # CHN: every indicator ranks the targets KAZ > KGZ > TJK > TKM > UZB, except that arms_share makes UZB top;
    # the external measure ranks UZB last: the disagreement about UZB is arms_share's
    base = {"KAZ": 56, "KGZ": 52, "TJK": 48, "TKM": 44, "UZB": 40}

    def scores(t, p, y, n):
        if n == "arms_share" and t == "UZB":
            return 100.0
        return float(base[t]) if n != "arms_share" else float(base[t]) / 4

    df = frame(scores)
    ext = pd.DataFrame([dict(power="CHN", target=t, year=2022, value=v) for t, v in base.items()])
    rep = validate(df, ext, power="CHN", weights=WEIGHTS)
    top = rep.disagreements[0]
    assert top["target"] == "UZB" and top["index_rank"] < top["external_rank"] and top["gap"] > 0
    assert top["explained_by"][0]["indicator"] == "arms_share"
    assert top["explained_by"][0]["contribution"] > 0


def test_validate_takes_a_compute_result_and_json_shape(tmp_path):
    df = random_frame()
    comp = point_composite(df, WEIGHTS).assign(dimension="composite", indicator=None)
    comp["lo"], comp["hi"] = comp.score - 5, comp.score + 5
    result = pd.concat([df, comp], ignore_index=True)
    path = write(tmp_path, "power,target,year,value,higher_is_more,source\n" + "".join(
        f"CHN,{t},2022,{r},false,test\n" for r, t in enumerate(TARGETS, 1)))
    rep = validate(result, path, weights=WEIGHTS)
    d = rep.as_dict()
    json.dumps(d)
    assert set(d) >= {"file", "sources", "n", "spearman", "pearson", "bootstrap", "tables", "disagreements",
                      "disagreement_rule", "unmatched"}
    assert set(d["spearman"]) == {"estimate", "lo", "hi"} and d["sources"] == ["test"]
    assert d["n"] == 5 and len(d["tables"]) == 1
    row = d["tables"][0]["rows"][0]
    assert set(row) >= {"target", "score", "lo", "hi", "value", "index_rank", "external_rank", "rank_diff"}
    for dis in d["disagreements"]:
        assert set(dis) >= {"power", "target", "year", "index_rank", "external_rank", "explained_by"}
    from rich.console import Console

    console = Console(width=200, record=True)
    for table in render_validation(rep):
        console.print(table)
    text = console.export_text()
    assert "Spearman ρ" in text and "Pearson r" in text and "CHN 2022" in text
    md = validation_markdown(rep)
    assert "| Spearman ρ |" in md and "| target | index score |" in md


# ---------------------------------------------------------------- sensitivity
def test_clear_leader_holds_and_a_close_call_is_a_tie():
    def scores(t, p, y, n):
        if t == "KAZ":        # CHN far ahead on everything
            return {"CHN": 90.0}.get(p, 10.0)
        if t == "KGZ":        # CHN and RUS level overall, with opposite profiles
            trade = INDS[n][0] == "trade"
            return {"CHN": 80.0 if trade else 20.0, "RUS": 20.0 if trade else 52.3}.get(p, 5.0)
        return {"RUS": 70.0}.get(p, 30.0)

    rep = sensitivity(frame(scores), WEIGHTS, draws=500, seed=0)
    ls = rep.leader_stability.set_index("target")
    assert ls.loc["KAZ", "leader"] == "CHN" and ls.loc["KAZ", "held"] > 0.9 and not ls.loc["KAZ", "tie"]
    assert ls.loc["KAZ", "shown"] == "CHN" and ls.loc["KAZ", "drop_changes"] == []
    assert ls.loc["KGZ", "tie"] and set(ls.loc["KGZ", "shown"].split("≈")) == {"CHN", "RUS"}
    assert ls.loc["TJK", "leader"] == "RUS" and ls.loc["TJK", "held"] == 1.0
    # rank orders: CHN's is KAZ first, clear
    rs = rep.rank_stability.set_index("power")
    assert rs.loc["CHN", "order"][0] == "KAZ"
    assert 0 <= rs.loc["CHN", "held"] <= 1 and -1 <= rs.loc["CHN", "spearman"] <= 1


def test_dominant_indicator_has_the_largest_sobol_index():
    rng = np.random.default_rng(2)
    noise = {(t, p, n): float(rng.uniform(45, 55)) for t in TARGETS for p in POWERS for n in INDS}

    def scores(t, p, y, n):
        return noise[(t, p, n)]

    sig = {"import_share": 25.0}
    df = frame(scores, sigma=lambda t, p, y, n: sig.get(n, 0.5))
    rep = sensitivity(df, WEIGHTS, draws=400, seed=1)
    st = rep.sobol_total.set_index("indicator").total_order
    assert st.idxmax() == "import_share" and st["import_share"] > 0.5
    assert (st >= -1e-9).all()
    # the hand-coded group carries at least as much as any of its members
    hc = rep.hand_coded
    assert set(hc["indicators"]) == {"presence", "alliance_depth", "igo_depth"}
    assert hc["total_order"] >= st[hc["indicators"]].max() - 1e-9


def test_sobol_with_fixed_weights_is_all_on_the_one_noisy_indicator():
    df = random_frame(years=(2022,), sigma=0.0)
    df.loc[df.indicator == "events", "sigma"] = 10.0
    rep = sensitivity(df, WEIGHTS, draws=300, seed=0, concentration=1e9)     # weights effectively fixed
    st = rep.sobol_total.set_index("indicator").total_order
    assert st["events"] == pytest.approx(1.0, abs=0.05)
    assert st.drop("events").abs().max() < 1e-6


def test_cross_section_shares_add_up_and_dropping_matters():
    df = random_frame()
    rep = sensitivity(df, WEIGHTS, draws=200, seed=0)
    assert rep.sobol_total.cross_section_share.sum() == pytest.approx(1.0)
    assert (rep.drop_one.mean_abs_change > 0).all()
    assert set(rep.drop_one.indicator) == set(INDS)
    assert rep.years == [2021, 2022]
    only = sensitivity(df, WEIGHTS, draws=50, seed=0, years=[2022])
    assert set(only.leader_stability.year) == {2022}


def test_sensitivity_is_seeded_and_json_shape():
    df = random_frame()
    a, b = sensitivity(df, WEIGHTS, draws=100, seed=4), sensitivity(df, WEIGHTS, draws=100, seed=4)
    d = a.as_dict()
    assert json.dumps(d) == json.dumps(b.as_dict())
    assert set(d) >= {"draws", "seed", "concentration", "years", "tie_threshold", "leader_stability",
                      "rank_stability", "sobol_total", "drop_one", "hand_coded"}
    assert set(d["leader_stability"][0]) == {"target", "year", "leader", "score", "held", "tie", "shown",
                                             "contenders", "drop_changes"}
    assert set(d["rank_stability"][0]) == {"power", "year", "order", "held", "spearman", "drop_changes"}
    assert set(d["sobol_total"][0]) == {"indicator", "dimension", "input_kind", "weight", "total_order",
                                        "cross_section_share"}
    assert set(d["drop_one"][0]) >= {"indicator", "leaders_changed", "rank_orders_changed", "mean_abs_change"}
    assert set(d["hand_coded"]) == {"indicators", "total_order", "cross_section_share"}
    assert len(d["leader_stability"]) == 5 * 2 and len(d["rank_stability"]) == len(POWERS) * 2
    tables = render_sensitivity(a)
    assert len(tables) == 4 and all(t.row_count for t in tables)
    md = markdown(a)
    assert md.startswith("## Sensitivity") and "| year | KAZ |" in md and "total-order" in md


def test_unknown_indicator_weight_is_an_error():
    from greatgame.errors import InfluenceError

    df = random_frame()
    with pytest.raises(InfluenceError, match="no weight"):
        sensitivity(df, SimpleNamespace(dimensions=DIMS, indicators={"export_share": 1.0}), draws=10)


# ---------------------------------------------------------------- the command on the real data
@pytest.mark.shared
def test_validate_command_against_the_china_index(shared, tmp_path_factory):
    import greatgame
    from greatgame.data import import_reference

    db = tmp_path_factory.mktemp("validate") / "kb.duckdb"
    kb = greatgame.open(db)
    try:
        report = import_reference(kb, [shared / "data/reference", shared / "data/facts"])
        assert not report.errors, report.errors
    finally:
        kb.close()
    runner = CliRunner()
    res = runner.invoke(app, ["validate", "--against", str(shipped("china_index_2022")), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "Spearman" in res.output and "Pearson" in res.output and "KGZ" in res.output
    res = runner.invoke(app, ["validate", "--against", "china_index_2022", "--power", "CHN", "--years", "2022",
                              "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["n"] == 5 and d["spearman"]["estimate"] is not None and d["pearson"]["estimate"] is not None
    res = runner.invoke(app, ["validate", "--against", "china_index_2022", "--years", "1999", "--db", str(db)])
    assert res.exit_code == 1 and "no row matches" in res.output
