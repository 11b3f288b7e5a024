"""The corridor model: network integrity, sourcing of every figure, and route-choice behaviour."""
from __future__ import annotations

import math
from importlib.resources import files

import networkx as nx
import pytest
import yaml

from greatgame.simulate import corridors as c
from greatgame.simulate.corridors import Conditions

ROUTES = {"northern", "middle", "southern", "maritime"}


@pytest.fixture(scope="module")
def net():
    return c.load_network()


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(files("greatgame.simulate").joinpath("data/corridors.yaml").read_text("utf-8"))


CASES = [
    Conditions(),
    Conditions(risk={"RUS": 0.5, "BLR": 0.5}),
    Conditions(risk={"RUS": 1.0, "BLR": 1.0, "IRN": 0.0}, capacity_factor={"middle": 3.0}),
    Conditions(disruption={"maritime": 0.5}),
    Conditions(disruption={"maritime": 1.0, "northern": 1.0}),
    Conditions(risk={"YEM": 0.9, "EGY": 0.6}),
    Conditions(capacity_factor={"northern": 0.0, "middle": 0.0}),
]


@pytest.mark.parametrize("cond", CASES)
def test_shares_sum_to_one_and_lie_in_the_unit_interval(net, cond):
    shares = c.route_shares(net, cond)
    assert set(shares) == ROUTES
    assert math.isclose(sum(shares.values()), 1.0, abs_tol=1e-9)
    assert all(0.0 <= s <= 1.0 for s in shares.values())


def test_no_route_carries_more_than_its_capacity(net):
    cond = Conditions(risk={"RUS": 0.5, "BLR": 0.5}, disruption={"maritime": 0.97})
    choice = c.route_choice(net, cond)
    assert all(v["flow"] <= v["capacity"] * (1 + 1e-9) for v in choice.values())


def test_doubling_the_middle_corridors_capacity_raises_its_share_when_bound(net):
    for base in (Conditions(), Conditions(risk={"RUS": 0.5, "BLR": 0.5})):
        before = c.route_choice(net, base)
        assert before["middle"]["bound"], "the middle corridor should be capacity-bound here"
        doubled = Conditions(risk=base.risk, capacity_factor={"middle": 2.0})
        after = c.route_shares(net, doubled)
        assert after["middle"] > before["middle"]["share"] * 1.5
        assert after["northern"] <= before["northern"]["share"]


def test_doubling_capacity_does_nothing_to_a_route_that_is_not_bound(net):
    base = c.route_shares(net)
    assert not c.route_choice(net)["northern"]["bound"]
    assert math.isclose(c.route_shares(net, Conditions(capacity_factor={"northern": 2.0}))["northern"],
                        base["northern"], rel_tol=1e-9)


def test_russian_risk_lowers_the_northern_share_and_raises_the_others(net):
    base = c.route_choice(net)
    risky = c.route_choice(net, Conditions(risk={"RUS": 0.5}))
    assert risky["northern"]["share"] < base["northern"]["share"]
    for r in ROUTES - {"northern"}:
        if base[r]["bound"]:            # a route at capacity cannot take more
            assert risky[r]["share"] >= base[r]["share"] - 1e-12
        else:
            assert risky[r]["share"] > base[r]["share"]
    # with room on the middle corridor, it gains too
    roomy = Conditions(capacity_factor={"middle": 100.0})
    roomy_risky = Conditions(capacity_factor={"middle": 100.0}, risk={"RUS": 0.5})
    assert c.route_shares(net, roomy_risky)["middle"] > c.route_shares(net, roomy)["middle"]
    # higher risk, lower share
    assert c.route_shares(net, Conditions(risk={"RUS": 0.9}))["northern"] < risky["northern"]["share"]


def test_every_routes_path_exists_in_the_graph(net):
    assert set(net.graph["routes"]) == ROUTES
    for name, spec in net.graph["routes"].items():
        path = spec["path"]
        assert nx.is_path(net, path), name
        assert len(spec["legs"]) == len(path) - 1
        for u, v, key in zip(path, path[1:], spec["legs"]):
            assert net.has_edge(u, v, key), (name, u, v, key)
    info = c.routes(net)
    assert info["maritime"]["path"][0] == "CN_SHANGHAI" and info["maritime"]["path"][-1] == "NL_ROTTERDAM"
    for r in info.values():
        assert net.nodes[r["path"][0]]["iso3"] == "CHN"
        assert net.nodes[r["path"][-1]]["iso3"] in c.EU_MEMBERS


def _numbers_without_source(node, sources, where="", out=None):
    """Every mapping that holds a number must carry a source: 'prior' or ids under `sources`."""
    out = [] if out is None else out
    if isinstance(node, dict):
        numbers = [k for k, v in node.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if numbers:
            src = node.get("source")
            ids = [src] if isinstance(src, str) else (src if isinstance(src, list) else [])
            ok = bool(ids) and all(s == "prior" or s in sources for s in ids)
            if not ok:
                out.append(f"{where}: {numbers} source={src!r}")
        if node.get("value", 0) is None and not (node.get("note") or node.get("justification")):
            out.append(f"{where}: null value without a note")
        for k, v in node.items():
            _numbers_without_source(v, sources, f"{where}.{k}", out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out.append(f"{where}[{i}]: a bare number in a list")
            _numbers_without_source(v, sources, f"{where}[{i}]", out)
    return out


def test_every_number_in_the_yaml_has_a_source(raw):
    sources = raw["sources"]
    assert all(s.get("url") and s.get("title") for s in sources.values())
    assert _numbers_without_source(raw, set(sources)) == []
    for name, entry in raw["params"]["cost_per_km"].items():
        assert entry.get("justification"), name
    for key in ("value_of_time", "border_cost", "risk_penalty", "scale", "total_demand", "tonnes_per_teu"):
        assert raw["params"][key].get("justification"), key


def test_the_middle_corridor_is_about_7000_km_and_10_to_15_days(net):
    mid = c.routes(net)["middle"]
    assert abs(mid["km"] - 7000) <= 700
    assert 10 <= mid["days"] <= 15
    assert mid["days_low"] == 10 and mid["days_high"] == 15
    assert "ferry" in mid["km_by_mode"] and math.isclose(sum(mid["km_by_mode"].values()), mid["km"])
    assert {"KAZ", "AZE", "GEO", "TUR"} <= set(mid["countries"]) and "RUS" not in mid["countries"]


def test_route_attributes(net):
    info = c.routes(net)
    assert set(info) == ROUTES
    assert info["northern"]["border_crossings"] < info["middle"]["border_crossings"]
    assert "RUS" in info["northern"]["countries"] and "IRN" in info["southern"]["countries"]
    assert info["maritime"]["capacity"] is None                    # effectively uncapped
    assert info["middle"]["capacity"] < info["northern"]["capacity"]
    assert info["maritime"]["km"] > info["northern"]["km"] > info["middle"]["km"]
    assert info["maritime"]["days"] > info["northern"]["days"] > info["middle"]["days"]
    for r in info.values():
        assert r["sources"], r["label"]


def test_no_shock_shares_are_plausible_for_before_2022(net, raw):
    shares = c.route_shares(net)
    assert shares["maritime"] > 0.85
    assert shares["northern"] > shares["middle"] and shares["northern"] > shares["southern"]
    for r, entry in raw["calibration"]["no_shock_shares"].items():
        assert math.isclose(shares[r], entry["value"], abs_tol=5e-4), r


def test_risk_penalty_matches_its_anchor(net):
    base = c.route_shares(net)["northern"]
    now = c.route_shares(net, Conditions(risk={"RUS": 0.5, "BLR": 0.5}))["northern"]
    assert 0.35 <= now / base <= 0.45


def test_power_exposure(net):
    shares = c.route_shares(net, Conditions(risk={"RUS": 0.5}))
    x = c.power_exposure(shares, net)
    assert set(x) == set(c.POWERS)
    assert math.isclose(x["CHN"], 1.0) and math.isclose(x["EU"], 1.0)
    assert math.isclose(x["RUS"], shares["northern"])
    assert math.isclose(x["TUR"], shares["middle"] + shares["southern"])
    assert math.isclose(x["IRN"], shares["southern"])
    assert x["USA"] == x["IND"] == x["JPN"] == x["KOR"] == 0.0
    doubled = c.route_shares(net, Conditions(risk={"RUS": 0.5}, capacity_factor={"middle": 2.0}))
    assert c.power_exposure(doubled, net)["TUR"] > x["TUR"]


def test_bad_conditions_and_params_are_rejected(net):
    with pytest.raises(ValueError):
        c.route_shares(net, Conditions(capacity_factor={"arctic": 2.0}))
    with pytest.raises(ValueError):
        c.route_shares(net, Conditions(risk={"RUS": 1.5}))
    with pytest.raises(ValueError):
        c.route_shares(net, Conditions(risk={"ATA": 0.5}))
    with pytest.raises(ValueError):
        c.route_shares(net, params={"speed_of_light": 1.0})
    with pytest.raises(ValueError):
        c.route_shares(net, Conditions(disruption={r: 1.0 for r in ROUTES}))


def test_params_override(net):
    cheap_rail = c.route_shares(net, params={"cost_per_km": {"rail": 0.1}})
    assert cheap_rail["northern"] > c.route_shares(net)["northern"]
    no_iran_risk = c.route_shares(net, Conditions(risk={"IRN": 0.0}))
    assert no_iran_risk["southern"] > c.route_shares(net)["southern"]


def test_corridor_errors_are_simulation_errors_and_value_errors(net):
    from greatgame.errors import CorridorError, SimulationError

    with pytest.raises(CorridorError) as err:
        c.route_shares(net, Conditions(disruption={"atlantis": 0.5}))
    assert isinstance(err.value, ValueError) and isinstance(err.value, SimulationError)
    assert issubclass(c.CorridorDataError, SimulationError)
