"""The scenario model: determinism, shares, shocks, scenario validation, CLI and backtest."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from typer.testing import CliRunner

import greatgame
from greatgame.cli import app
from greatgame.simulate.run import compare, read_scenario, run
from greatgame.simulate.scenario import ScenarioError, shipped_names

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def skb(shared, tmp_path_factory):
    from greatgame.data import import_reference

    kb = greatgame.open(tmp_path_factory.mktemp("simulate") / "kb.duckdb")
    import_reference(kb, [shared / "data/reference", shared / "data/facts"])
    yield kb
    kb.close()


def test_at_least_six_scenarios_with_a_baseline_and_a_description(skb):
    names = shipped_names()
    assert "baseline" in names and len(names) >= 6
    for n in names:
        sc = read_scenario(n)
        assert len(sc.description.split()) >= 25, n


def test_same_seed_same_numbers(skb):
    sc = read_scenario("baseline")
    a = run(skb, sc, runs=200, seed=7, until=2030)
    b = run(skb, sc, runs=200, seed=7, until=2030)
    c = run(skb, sc, runs=200, seed=8, until=2030)
    assert np.array_equal(a.share, b.share)
    assert not np.array_equal(a.share, c.share)


def test_shares_sum_to_one_everywhere(skb):
    res = run(skb, read_scenario("secondary_sanctions"), runs=300, seed=1, until=2035)
    assert np.allclose(res.share.sum(axis=3), 1.0)            # every run, year, target
    assert np.allclose(res.states.sum(axis=4), 1.0)           # every dimension too
    assert (res.share >= 0).all()


def _median(result, target, power, year, dimension=None):
    s = result.summary(dimension)
    return float(s[(s.target == target) & (s.power == power) & (s.year == year)]["median"].iloc[0])


def test_sanctions_lower_russias_economic_share(skb):
    base = run(skb, read_scenario("baseline"), runs=300, seed=3, until=2030)
    sanc = run(skb, read_scenario("secondary_sanctions"), runs=300, seed=3, until=2030)
    for t in base.targets:
        assert _median(sanc, t, "RUS", 2030, "economic") < _median(base, t, "RUS", 2030, "economic")


def test_doubled_middle_corridor_raises_its_share_of_transit(skb):
    base = run(skb, read_scenario("baseline"), runs=50, seed=3, until=2032)
    mid = run(skb, read_scenario("middle_corridor_doubles"), runs=50, seed=3, until=2032)
    assert mid.corridor_shares[2032]["middle"] > base.corridor_shares[2032]["middle"]


def test_railway_and_engagement_move_their_powers_up(skb):
    base = run(skb, read_scenario("baseline"), runs=300, seed=5, until=2034)
    cku = run(skb, read_scenario("cku_railway_2030"), runs=300, seed=5, until=2034)
    west = run(skb, read_scenario("west_steps_up"), runs=300, seed=5, until=2034)
    assert _median(cku, "KGZ", "CHN", 2034) > _median(base, "KGZ", "CHN", 2034)
    assert _median(west, "KAZ", "USA", 2034) > _median(base, "KAZ", "USA", 2034)
    diff = compare(base, west)
    row = diff[(diff.target == "KAZ") & (diff.power == "USA") & (diff.year == 2034)].iloc[0]
    assert row["median"] > 0 and row["p10"] <= row["median"] <= row["p90"]


@pytest.mark.parametrize("body,field", [
    ("name: x\ndescription: y\nshocks:\n  - {kind: attractiveness, powers: [RUX], magnitude: 0.1, start: 2026}\n",
     "shocks[0].powers"),
    ("name: x\ndescription: y\nshocks:\n  - {kind: attractiveness, powers: [RUS], start: 2026}\n",
     "shocks[0].magnitude"),
    ("name: x\ndescription: y\nshocks:\n  - {kind: corridor, route: arctic, start: 2026}\n", "shocks[0].route"),
    ("name: x\ndescription: y\nshocks:\n  - {kind: sanction, start: 2026}\n", "shocks[0].kind"),
    ("name: x\ndescription: y\nshocks:\n  - {kind: risk, country: RUS, magnitude: 0.5, start: 2026, end: 2020}\n",
     "shocks[0].end"),
    ("name: x\nshocks: []\n", "description"),
    ("name: [unclosed\n", "not valid YAML"),
])
def test_malformed_scenarios_name_the_field(skb, tmp_path, body, field):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        read_scenario(path)
    message = str(err.value)
    assert message.startswith(str(path)) and field in message and "\n" not in message


def test_cli_simulate_json_compare_and_bad_file(skb, tmp_path):
    skb.con.execute("CHECKPOINT")
    db = tmp_path / "copy.duckdb"
    shutil.copy(skb.path, db)
    runner = CliRunner()
    res = runner.invoke(app, ["simulate", "baseline", "--db", str(db), "--runs", "100", "--until", "2028",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert {"target", "power", "year", "median", "p10", "p90"} == set(rows[0])
    assert {r["year"] for r in rows} == {2025, 2026, 2027, 2028}
    res = runner.invoke(app, ["simulate", "baseline", "--compare", "secondary_sanctions", "--db", str(db),
                              "--runs", "100", "--until", "2028"])
    assert res.exit_code == 0 and "minus" in res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndescription: y\nshocks:\n  - {kind: risk, country: XXX, magnitude: 1, start: 2026}\n")
    res = runner.invoke(app, ["simulate", str(bad), "--db", str(db)])
    assert res.exit_code == 2 and "shocks[0].country" in res.output
    png = tmp_path / "fan.png"
    res = runner.invoke(app, ["simulate", "baseline", "--db", str(db), "--runs", "50", "--until", "2027",
                              "--plot", str(png)])
    assert res.exit_code == 0 and png.stat().st_size > 1000
    html = tmp_path / "fan.html"
    res = runner.invoke(app, ["simulate", "baseline", "--db", str(db), "--runs", "50", "--until", "2027",
                              "--plot", str(html)])
    text = html.read_text(encoding="utf-8")
    # plotly's JavaScript is inlined from the installed package: no script is fetched from anywhere
    import re

    assert res.exit_code == 0 and "<script" in text
    assert not re.search(r"<script[^>]+src=[\"']https?:", text)


def test_backtest_reports_model_and_persistence(skb):
    from greatgame.simulate.backtest import backtest

    table = backtest(skb, fit_until=2014, runs=200)
    assert set(table.power) == {"CHN", "RUS"} and len(table) == 10
    assert (table.model_mae_pp >= 0).all() and (table.persistence_mae_pp >= 0).all()


def test_inputs_read_once_give_the_same_numbers(skb):
    from greatgame.simulate import ModelInputs, estimate_inputs

    inputs = estimate_inputs(skb)
    assert isinstance(inputs, ModelInputs) and inputs.initial_state.shape == (5, 4, len(inputs.actors))
    assert not inputs.initial_state.flags.writeable
    sc = read_scenario("secondary_sanctions")
    a = run(skb, sc, runs=100, seed=4, until=2028)
    b = run(None, sc, runs=100, seed=4, until=2028, inputs=inputs)
    assert np.array_equal(a.share, b.share) and a.corridor_shares == b.corridor_shares


def test_the_model_never_sees_the_knowledge_base():
    import inspect

    from greatgame.simulate import model

    for name, fn in inspect.getmembers(model, inspect.isfunction):
        assert "kb" not in inspect.signature(fn).parameters, name
    assert "KnowledgeBase" not in inspect.getsource(model)


def test_run_errors_are_simulation_errors(skb):
    from greatgame.errors import RunError, SimulationError
    from greatgame.simulate import backtest

    with pytest.raises(RunError) as err:
        run(skb, read_scenario("baseline"), runs=10, until=2020)
    assert isinstance(err.value, ValueError) and isinstance(err.value, SimulationError)
    with pytest.raises(RunError):
        backtest(skb, fit_until=2020, last=2020)
    assert issubclass(ScenarioError, SimulationError)


def test_a_shock_kind_is_one_registered_class(tmp_path):
    from greatgame.simulate import shocks

    assert shocks.kind_names() == ("attractiveness", "corridor", "risk", "disruption")

    @shocks.shock_kind("capacity_cut", fields=("route",))
    class CapacityCut(shocks.ShockKind):
        def validate(self, raw, where, names):
            return {"route": shocks.known_route(raw, where, names),
                    "magnitude": shocks.number(raw.get("magnitude"), f"{where}.magnitude", 0.0, 1.0)}

        def conditions(self, shock, strength, effects):
            effects.capacity_factor[shock.route] = 1.0 - shock.magnitude * strength

    try:
        path = tmp_path / "cut.yaml"
        path.write_text("name: x\ndescription: y\nshocks:\n"
                        "  - {kind: capacity_cut, route: middle, magnitude: 0.5, start: 2026}\n", encoding="utf-8")
        sc = read_scenario(path)
        from greatgame.simulate import corridor_conditions

        assert corridor_conditions(sc, 2027).capacity_factor == {"middle": 0.5}
        path.write_text("name: x\ndescription: y\nshocks:\n"
                        "  - {kind: capacity_cut, route: middle, country: RUS, start: 2026}\n", encoding="utf-8")
        with pytest.raises(ScenarioError, match=r"shocks\[0\]\.country: not a field of a capacity_cut shock"):
            read_scenario(path)
    finally:
        del shocks.KINDS["capacity_cut"]
