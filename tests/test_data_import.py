"""Reference-data importers: counts and values against the files, replacement, failures, CLI.

The reference data are imported once per module into a temporary knowledge
base; expected numbers are computed here from the files with the csv/json
modules, independently of the importers.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import greatgame
from greatgame.cli import app
from greatgame.data import import_reference, sources
from greatgame.data.importers import IMPORTERS, Loaded, period_bounds, registry

pytestmark = pytest.mark.shared

runner = CliRunner()
C5 = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
TABLES = ("trade", "indicators", "arms_deals", "arms_deliveries", "unga", "igo_membership", "aid_projects",
          "public_diplomacy", "boundaries", "adjacency", "claims")


# ------------------------------------------------------------------ fixtures and file readers
@pytest.fixture(scope="module")
def ref(shared) -> Path:
    return shared / "data" / "reference"


@pytest.fixture(scope="module")
def imported(tmp_path_factory, shared):
    kb = greatgame.open(tmp_path_factory.mktemp("refdata") / "kb.duckdb")
    report = import_reference(kb, [shared / "data" / "reference", shared / "data" / "facts"])
    yield kb, report
    kb.close()


@pytest.fixture(scope="module")
def kb(imported):
    return imported[0]


def one(kb, sql, params=()):
    return kb.con.execute(sql, list(params)).fetchone()[0]


def dict_rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(path, newline="", encoding=encoding) as fh:
        return list(csv.DictReader(fh))


def sipri_deals(path: Path) -> list[list[str]]:
    """The trade register's deals: records after the 'Recipient,' header line.

    A line break in Comments splits a few records in two; the continuation line
    starts with an empty field, so only lines with a recipient start a deal.
    """
    with open(path, newline="", encoding="latin-1") as fh:
        rows = list(csv.reader(fh))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Recipient")
    return [r for r in rows[start + 1:] if r and r[0].strip()]


def dataset_count(kb, table: str, dataset: str) -> int:
    return one(kb, f"SELECT count(*) FROM {table} WHERE dataset = ?", [dataset])


# ------------------------------------------------------------------ the import as a whole
def test_every_registered_dataset_is_imported(imported):
    kb, report = imported
    assert report.ok, [str(e) for e in report.errors]
    assert {r.dataset for r in report.results} == set(registry()) == set(IMPORTERS)
    assert all(r.status == "added" for r in report.results)
    stored = dict(kb.con.execute("SELECT id, rows FROM datasets").fetchall())
    assert stored == {r.dataset: r.rows for r in report.results}


def test_provenance_records_the_file_hash(kb, ref):
    path = ref / "imf-dots-c5" / "imf_dots_c5_1992_2020.csv"
    row = kb.con.execute("SELECT path, sha256, rows, publisher, licence, url FROM datasets "
                         "WHERE id = 'imf-dots-c5'").fetchone()
    assert row[0] == str(path.resolve())
    assert row[1] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert row[2] == len(dict_rows(path))
    assert row[3] == "International Monetary Fund" and "IMF" in row[4] and row[5].startswith("https://")


# ------------------------------------------------------------------ row counts against the files
def test_trade_count_drops_only_aggregates(kb, ref):
    rows = dict_rows(ref / "imf-dots-c5" / "imf_dots_c5_1992_2020.csv")
    assert dataset_count(kb, "trade", "imf-dots-c5") == sum(1 for r in rows if r["partner_iso3"].strip())
    imf = "dataset = 'imf-dots-c5'"
    assert one(kb, f"SELECT count(*) FROM trade WHERE {imf} AND (partner IS NULL OR partner = '')") == 0
    assert {r[0] for r in kb.con.execute(f"SELECT DISTINCT flow FROM trade WHERE {imf}").fetchall()} \
        == {"exports", "imports"}
    assert one(kb, "SELECT count(*) FROM trade WHERE partner IN ('WLD', 'EUU')") > 0


def test_indicator_counts(kb, ref):
    wb = ref / "wb-gdp-population"
    assert dataset_count(kb, "indicators", "wb-gdp") == sum(
        1 for r in dict_rows(wb / "gdp_current_usd.csv") if r["Value"].strip())
    assert dataset_count(kb, "indicators", "wb-population") == sum(
        1 for r in dict_rows(wb / "population.csv") if r["Value"].strip())
    c5 = dict_rows(ref / "wdi-remittances" / "wdi_remittances_pct_gdp_c5.csv")
    assert dataset_count(kb, "indicators", "wdi-remittances-c5") == len(c5)
    panel = dict_rows(ref / "wdi-remittances" / "remittances_panel_kgz_tjk_uzb_2009_2024.csv")
    expected = (sum(1 for r in panel if r["remit_gdp"].strip())
                + len({r["year"] for r in panel if r["rus_gdp_growth"].strip()})
                + len({r["year"] for r in panel if r["rub_depr"].strip()}))
    assert dataset_count(kb, "indicators", "wdi-remittances-panel") == expected
    indicators = {r[0] for r in kb.con.execute("SELECT DISTINCT indicator FROM indicators "
                                               "WHERE indicator NOT LIKE 'factbook_%'").fetchall()}
    assert indicators == {"gdp_usd", "population", "remittances_pct_gdp", "rus_gdp_growth_pct",
                          "rub_depreciation_pct"}


def test_sipri_counts(kb, ref):
    deals = sipri_deals(ref / "sipri-arms-transfers" / "trade-register.csv")
    assert dataset_count(kb, "arms_deals", "sipri-arms-transfers") == len(deals)
    years = sum(len([y for y in d[10].split(";") if y.strip()]) for d in deals)
    assert dataset_count(kb, "arms_deliveries", "sipri-arms-transfers") == years


def test_other_counts(kb, ref):
    unga = dict_rows(ref / "unga-ideal-points" / "IdealpointestimatesAll_Jun2024.csv")
    assert dataset_count(kb, "unga", "unga-ideal-points") == len(unga)
    cow = dict_rows(ref / "cow-igo" / "cow_igo_v3_c5_partners_1991_2014.csv")
    assert dataset_count(kb, "igo_membership", "cow-igo") == len(cow) * 13
    aid = ref / "aiddata-china"
    assert dataset_count(kb, "aid_projects", "aiddata-gcof-v1") == len(dict_rows(aid / "aiddata_gcof_v1_c5.csv"))
    assert dataset_count(kb, "aid_projects", "aiddata-pd-finance-v2") == len(
        dict_rows(aid / "aiddata_china_financial_public_diplomacy_projects_v2.csv"))
    pd_rows = dict_rows(aid / "aiddata_china_public_diplomacy_v2.csv")
    cells = sum(1 for r in pd_rows for k, v in r.items() if k not in ("receiving_country", "year") and v != "N/A")
    assert dataset_count(kb, "public_diplomacy", "aiddata-pd-v2") == cells
    adjacency = dict_rows(ref / "boundaries-natural-earth" / "country_adjacency_50m.csv")
    assert dataset_count(kb, "adjacency", "ne-adjacency-50m") == len(adjacency) == 316
    facts = dict_rows(Path(ref).parent / "facts" / "calibration_facts.csv")
    assert dataset_count(kb, "claims", "calibration-facts") == len(facts)


def test_boundary_counts(kb, ref):
    ne = ref / "boundaries-natural-earth"
    for name, dataset in (("countries-50m.json", "ne-countries-50m"), ("countries-110m.json", "ne-countries-110m")):
        geoms = json.loads((ne / name).read_text("utf-8"))["objects"]["countries"]["geometries"]
        ids = {g["id"] for g in geoms if g.get("id")}
        no_id = [g for g in geoms if not g.get("id")]
        # geometries sharing an id are merged: one row per id, plus one per id-less area
        assert dataset_count(kb, "boundaries", dataset) == len(ids) + len(no_id)
    features = json.loads((ne / "central_asia_region_50m.geojson").read_text("utf-8"))["features"]
    assert dataset_count(kb, "boundaries", "ne-central-asia-50m") == len(features) == 16
    assert one(kb, "SELECT count(*) FROM boundaries WHERE resolution = '50m' AND iso3 IN "
                   "('KAZ','KGZ','TJK','TKM','UZB')") == 5


# ------------------------------------------------------------------ values checked by hand
def test_trade_value_kaz_exports_to_china_2019(kb, ref):
    row = next(r for r in dict_rows(ref / "imf-dots-c5" / "imf_dots_c5_1992_2020.csv")
               if (r["reporter_iso3"], r["partner_iso3"], r["flow"], r["year"])
               == ("KAZ", "CHN", "exports_fob", "2019"))
    value = one(kb, "SELECT value_usd_mn FROM trade WHERE reporter = 'KAZ' AND partner = 'CHN' "
                    "AND flow = 'exports' AND year = 2019")
    assert value == pytest.approx(float(row["value_usd_mn"]))
    assert 7800 < value < 7850          # $7.82 bn per PROVENANCE.md


def test_sipri_deliveries_sum_to_the_delivered_tiv(kb, ref):
    assert one(kb, """
        SELECT count(*) FROM arms_deals d JOIN (SELECT source_row, sum(tiv) AS s FROM arms_deliveries GROUP BY 1) x
        USING (source_row) WHERE abs(d.tiv_delivered - x.s) > 1e-9""") == 0
    deals = sipri_deals(ref / "sipri-arms-transfers" / "trade-register.csv")
    n, deal = next((i, d) for i, d in enumerate(deals, start=1)
                   if d[0] == "Kazakhstan" and d[1] == "Russia" and d[10].count(";") >= 2 and d[15])
    rows = kb.con.execute("SELECT year, tiv, recipient, supplier FROM arms_deliveries WHERE source_row = ? "
                          "ORDER BY year", [n]).fetchall()
    years = [int(y) for y in deal[10].split(";")]
    assert [r[0] for r in rows] == years
    assert sum(r[1] for r in rows) == pytest.approx(float(deal[15]))
    assert all(r[1] == pytest.approx(float(deal[15]) / len(years)) for r in rows)
    assert {(r[2], r[3]) for r in rows} == {("KAZ", "RUS")}
    stored = kb.con.execute("SELECT weapon, year_order, tiv_delivered, uncertain, year_order_uncertain "
                            "FROM arms_deals WHERE source_row = ?", [n]).fetchone()
    assert stored[:3] == (deal[6], int(deal[2]), pytest.approx(float(deal[15])))
    assert stored[4] == (deal[3].strip() == "?")
    assert one(kb, "SELECT count(*) FROM arms_deals WHERE weapon LIKE '%?%' OR delivery_years LIKE '%?%'") == 0


def test_sipri_central_asian_recipients(kb):
    counts = dict(kb.con.execute("SELECT recipient, count(*) FROM arms_deals WHERE recipient IN "
                                 "('KAZ','KGZ','TJK','TKM','UZB') GROUP BY 1").fetchall())
    assert counts == {"KAZ": 92, "TKM": 83, "TJK": 25, "UZB": 23, "KGZ": 16}     # PROVENANCE.md
    assert one(kb, "SELECT count(*) FROM arms_deals WHERE recipient_name = 'Hezbollah (Lebanon)*' "
                   "AND recipient IS NULL") > 0


def test_unga_agreement_and_year(kb, ref):
    row = next(r for r in dict_rows(ref / "unga-ideal-points" / "IdealpointestimatesAll_Jun2024.csv")
               if r["iso3c"] == "KAZ" and r["session"] == "78")
    got = kb.con.execute("SELECT agree_usa, agree_rus, agree_chn, ideal_point, year FROM unga "
                         "WHERE country = 'KAZ' AND session = 78").fetchone()
    assert got[0] == pytest.approx(float(row["USAgree"]))
    assert got[1:4] == (pytest.approx(0.557, abs=1e-3), pytest.approx(0.744, abs=1e-3), pytest.approx(-0.51, abs=0.01))
    assert got[4] == 2023                                  # year = 1945 + session
    assert one(kb, "SELECT count(*) FROM unga WHERE year <> session + 1945") == 0
    # 'NA' -> NULL: China's agreement is missing in the early sessions
    assert one(kb, "SELECT agree_chn FROM unga WHERE country = 'USA' AND session = 1") is None
    assert one(kb, "SELECT count(*) FROM (SELECT country, session FROM unga GROUP BY ALL HAVING count(*) > 1)") == 0


def test_cow_membership_status(kb, ref):
    rows = dict_rows(ref / "cow-igo" / "cow_igo_v3_c5_partners_1991_2014.csv")
    cis = next(r for r in rows if r["ioname"] == "CIS" and r["year"] == "2010")
    assert one(kb, "SELECT status FROM igo_membership WHERE io = 'CIS' AND year = 2010 AND country = 'TKM'") \
        == int(cis["TKM"]) == 2
    sco = dict(kb.con.execute("SELECT country, status FROM igo_membership WHERE io = 'SCO' AND year = 2010")
               .fetchall())
    assert [sco[c] for c in C5] == [1, 1, 1, 0, 1] and sco["CHN"] == sco["RUS"] == 1
    codes = {v for r in rows for k, v in r.items() if k in sco}
    assert {str(r[0]) for r in kb.con.execute("SELECT DISTINCT status FROM igo_membership").fetchall()} == codes


def test_claims_value_usd_and_periods(kb):
    row = kb.con.execute("SELECT value, unit, value_usd, period_start, period_end, source FROM claims "
                         "WHERE subject = 'CHN' AND partner = 'C5' AND period = '2019'").fetchone()
    assert row[:5] == (46.5, "USD bn", pytest.approx(46.5e9), "2019-01-01", "2019-12-31")
    assert "china-briefing" in row[5]
    assert one(kb, "SELECT count(*) FROM claims WHERE unit NOT LIKE 'USD%' AND value_usd IS NOT NULL") == 0
    assert one(kb, "SELECT count(*) FROM claims WHERE low_confidence") == 4
    assert one(kb, "SELECT period_end FROM claims WHERE period = '2022-01..2022-09'") == "2022-09-30"
    assert period_bounds("2024-06-06") == ("2024-06-06", "2024-06-06")
    assert period_bounds("2024-02") == ("2024-02-01", "2024-02-29")


def test_public_diplomacy_and_aid(kb):
    visits = dict(kb.con.execute("SELECT recipient, sum(value) FROM public_diplomacy "
                                 "WHERE indicator = 'government_visits' GROUP BY 1").fetchall())
    assert [visits[c] for c in ("KAZ", "UZB", "KGZ", "TJK", "TKM")] == [253, 143, 123, 113, 90]   # PROVENANCE.md
    assert one(kb, "SELECT count(*) FROM public_diplomacy WHERE recipient IS NULL") == 0
    assert one(kb, "SELECT count(*) FROM aid_projects WHERE dataset = 'aiddata-pd-finance-v2' "
                   "AND recipient IN ('KAZ','KGZ','TJK','TKM','UZB')") == 228                        # PROVENANCE.md
    loan = kb.con.execute("SELECT recipient, amount, currency, usd_current, flow_class FROM aid_projects "
                          "WHERE dataset = 'aiddata-gcof-v1' AND project_id = '39555'").fetchone()
    assert loan == ("KAZ", 5e8, "USD", 5e8, "OOF-like")


def test_boundaries_decode_like_topojson_client(kb):
    # central_asia_region_50m.geojson was made from countries-50m.json with topojson-client's feature()
    pairs = kb.con.execute("""
        SELECT a.iso3, a.geometry, b.geometry FROM boundaries a JOIN boundaries b USING (iso3)
        WHERE a.resolution = '50m' AND b.resolution = 'region-50m'""").fetchall()
    assert len(pairs) == 16 and all(json.loads(mine) == json.loads(theirs) for _, mine, theirs in pairs)
    geometry = json.loads(one(kb, "SELECT geometry FROM boundaries WHERE iso3 = 'KGZ' AND resolution = '110m'"))
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    assert one(kb, "SELECT iso3 FROM boundaries WHERE name = 'Kosovo' AND resolution = '50m'") == "XKX"


def test_adjacency_central_asia(kb):
    pairs = {tuple(sorted(r)) for r in kb.con.execute("SELECT a, b FROM adjacency").fetchall()}
    expected = {("KAZ", x) for x in ("RUS", "CHN", "KGZ", "UZB", "TKM")} | \
        {("UZB", x) for x in ("KGZ", "TJK", "TKM", "AFG")} | {("TJK", x) for x in ("KGZ", "CHN", "AFG")} | \
        {("TKM", x) for x in ("IRN", "AFG")} | {("KGZ", "CHN")}
    assert {tuple(sorted(p)) for p in expected} <= pairs
    assert tuple(sorted(("KAZ", "AZE"))) not in pairs
    assert one(kb, "SELECT count(*) FROM adjacency WHERE a IS NULL OR b IS NULL") == 0


# ------------------------------------------------------------------ re-import, failures
def counts(kb) -> dict[str, int]:
    return {t: one(kb, f"SELECT count(*) FROM {t}") for t in TABLES}


def test_reimport_replaces(kb, ref):
    before = counts(kb)
    report = import_reference(kb, [ref / "sipri-arms-transfers", ref / "wb-gdp-population" / "population.csv"])
    assert report.ok and [r.status for r in report.results] == ["replaced", "replaced"]
    assert counts(kb) == before
    assert one(kb, "SELECT count(*) FROM datasets") == len(registry())


def test_corrupted_files_fail_alone(kb, ref, tmp_path):
    before = counts(kb)
    bad_header = tmp_path / "imf_dots_c5_1992_2020.csv"
    text = (ref / "imf-dots-c5" / "imf_dots_c5_1992_2020.csv").read_text("utf-8")
    bad_header.write_text(text.replace("value_usd_mn", "value_usd", 1), "utf-8")
    (tmp_path / "enc").mkdir()
    bad_bytes = tmp_path / "enc" / "cow_igo_v3_c5_partners_1991_2014.csv"
    data = (ref / "cow-igo" / "cow_igo_v3_c5_partners_1991_2014.csv").read_bytes()
    bad_bytes.write_bytes(data.replace(b"Aral Sea", b"Aral S\xe9a", 1))
    old_hash = one(kb, "SELECT sha256 FROM datasets WHERE id = 'cow-igo'")

    report = import_reference(kb, [bad_header, tmp_path / "enc", ref / "wdi-remittances"])

    assert {r.dataset: r.status for r in report.results} == {
        "imf-dots-c5": "error", "cow-igo": "error",
        "wdi-remittances-c5": "replaced", "wdi-remittances-panel": "replaced"}
    messages = {str(e) for e in report.errors}
    assert len(messages) == 2 and all("\n" not in m for m in messages)
    assert f"{bad_header}: unexpected header: missing column(s) 'value_usd_mn'" in " ".join(messages)
    assert any(m.startswith(str(bad_bytes)) and "not UTF-8" in m and "0xe9" in m for m in messages)
    assert counts(kb) == before                              # the old trade and IGO rows are still there
    assert one(kb, "SELECT sha256 FROM datasets WHERE id = 'cow-igo'") == old_hash


@pytest.mark.parametrize("edit, reason", [
    (lambda t: t.replace("GD.ZS,1995,", "GD.ZS,19x5,", 1),
     "row 1, column 'year': '19x5' is not a number"),
    (lambda t: t.replace(",1995,", ",1195,", 1), "row 1, column 'year': '1195' is not a plausible year"),
    (lambda t: t.replace("BX.TRF.PWKR.DT.GD.ZS", "NY.GDP.MKTP.CD", 1), "is not BX.TRF.PWKR.DT.GD.ZS"),
    (lambda t: t.replace("remit_pct_gdp", "remittances", 1), "missing column(s) 'remit_pct_gdp'"),
])
def test_value_checks(kb, ref, tmp_path, edit, reason):
    path = tmp_path / "wdi_remittances_pct_gdp_c5.csv"
    path.write_text(edit((ref / "wdi-remittances" / "wdi_remittances_pct_gdp_c5.csv").read_text("utf-8")), "utf-8")
    before = dataset_count(kb, "indicators", "wdi-remittances-c5")
    report = import_reference(kb, [path])
    assert not report.ok and reason in str(report.errors[0]) and str(report.errors[0]).startswith(str(path))
    assert dataset_count(kb, "indicators", "wdi-remittances-c5") == before


def test_a_failure_while_storing_rolls_back(kb, ref, monkeypatch):
    imp = IMPORTERS["wdi-remittances-c5"]

    def broken(path, data):
        loaded = imp.load(path, data)
        frame = loaded.tables["indicators"].copy()
        frame["year"] = frame["year"].astype(object)
        frame.loc[len(frame) - 1, "year"] = "not a year"      # the INSERT fails after the DELETE ran
        return Loaded(loaded.rows, loaded.encoding, {"indicators": frame})

    monkeypatch.setitem(IMPORTERS, imp.id, dataclasses.replace(imp, load=broken))
    before = dataset_count(kb, "indicators", imp.id)
    report = import_reference(kb, [ref / "wdi-remittances" / "wdi_remittances_pct_gdp_c5.csv"])
    assert report.results[0].status == "error" and "could not store" in str(report.errors[0])
    assert dataset_count(kb, "indicators", imp.id) == before > 0


def test_unknown_and_missing_paths(kb, tmp_path, ref):
    other = tmp_path / "notes.csv"
    other.write_text("a,b\n1,2\n", "utf-8")
    renamed = tmp_path / "facts-copy.csv"          # an unknown name: recognised by its header
    shutil.copy(Path(ref).parent / "facts" / "calibration_facts.csv", renamed)
    report = import_reference(kb, [other, tmp_path / "missing", renamed])
    assert [r.status for r in report.results] == ["error", "error", "replaced"]
    assert "not a known reference dataset file" in str(report.errors[0])
    assert str(report.errors[1]).endswith("missing: no such file or folder")
    assert report.results[2].dataset == "calibration-facts"


# ------------------------------------------------------------------ CLI
def test_cli_sources_json():
    result = runner.invoke(app, ["data", "sources", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [s["id"] for s in listed] == list(registry()) == [s["id"] for s in sources()]
    for s in listed:
        assert s["publisher"] and s["licence"] and s["citation"] and s["tables"]
        assert s["url"].startswith("https://") or s["id"] in ("calibration-facts", "tjk-tkm-trade-transcribed")
        layout = s["layout"]
        assert layout["file"] and layout["encoding"] and (layout.get("columns") or layout.get("fields"))
        assert s["download"] is None or s["download"].startswith("https://raw.githubusercontent.com/")
    from greatgame.data.pack import read_manifest

    packed = {s["dataset"]: s["packed"] for s in read_manifest()["sources"]}
    assert {s["id"]: s["packed"] for s in listed if s["packed"]} == packed


def test_cli_sources_jsonl_and_csv():
    import csv
    import io

    listed = json.loads(runner.invoke(app, ["data", "sources", "--format", "json"]).stdout)
    lines = runner.invoke(app, ["data", "sources", "--format", "jsonl"]).stdout.splitlines()
    assert [json.loads(x) for x in lines] == listed
    text = runner.invoke(app, ["data", "sources", "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == [s["id"] for s in listed] and {"publisher", "url", "licence"} <= set(rows[0])
    assert rows[0]["tables"] == ";".join(listed[0]["tables"])            # a list's values joined by ';'
    assert json.loads(rows[0]["layout"]) == listed[0]["layout"]            # a mapping as its JSON


@pytest.mark.parametrize("command", [["data"], ["data", "import"], ["data", "sources"]])
def test_cli_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output
    if command == ["data", "import"]:
        assert "--db" in result.output and "--format" in result.output


def test_cli_import(tmp_path, ref):
    db = tmp_path / "kb.duckdb"
    result = runner.invoke(app, ["data", "import", str(ref / "wdi-remittances"), str(ref / "cow-igo"),
                                 "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "wdi-remittances-c5" in result.stdout and "igo_membership" in result.stdout
    bad = tmp_path / "gdp_current_usd.csv"
    bad.write_bytes(b"Country Name,Country Code,Year,Value\nCura\xe7ao,CUW,2000,1\n")
    result = runner.invoke(app, ["data", "import", str(bad), str(ref / "wdi-remittances"), "--db", str(db),
                                 "--format", "json"])
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and str(bad) in errors[0] and "not UTF-8" in errors[0]
    out = json.loads(result.stdout)
    assert [r["status"] for r in out["results"]] == ["error", "replaced", "replaced"]
    with greatgame.open(db) as kb:
        assert dataset_count(kb, "igo_membership", "cow-igo") > 0
        assert one(kb, "SELECT count(*) FROM datasets WHERE id = 'wb-gdp'") == 0


def test_registration_and_decoding_errors_are_greatgame_errors():
    from greatgame.data.importers import importer
    from greatgame.data.topojson import Topology
    from greatgame.errors import ImporterError, PeriodError, TopologyError

    with pytest.raises(ImporterError, match="no dataset 'no-such-dataset'"):
        importer("no-such-dataset", ("trade",))(lambda path, data: None)
    with pytest.raises(ImporterError, match="tables"):
        importer("wb-gdp", ("trade",))(lambda path, data: None)
    with pytest.raises(ImporterError, match="two importers"):
        importer("wb-gdp", ("indicators",))(lambda path, data: None)
    assert IMPORTERS["wb-gdp"].load.__name__ == "wb_gdp"
    for bad in ("2024-13", "2024..2023", "soon"):
        with pytest.raises(PeriodError):
            period_bounds(bad)
    with pytest.raises(TopologyError, match="not a TopoJSON Topology"):
        Topology({"type": "FeatureCollection"})
