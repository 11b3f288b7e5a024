"""National trade statistics, transcribed trade figures, IDS debt and Factbook extracts (data/national.py).

Each importer runs on the real file from ../shared; expected counts are recomputed here from the files
with the csv module and values are checked against the spot checks of each folder's PROVENANCE.md.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import greatgame
from greatgame.data import import_reference
from greatgame.data.importers import IMPORTERS, registry
from greatgame.data.importers.national import EU27

pytestmark = pytest.mark.shared

NEW = {  # dataset -> (folder, file)
    "kaz-bns-trade": ("kaz-bns-trade", "kaz_trade_by_country_long.csv"),
    "kgz-natstat-trade": ("kgz-natstat-trade", "kgz_trade_by_country_long.csv"),
    "uzb-statuz-trade": ("uzb-statuz-trade", "uzb_trade_by_country_long.csv"),
    "tjk-tkm-trade-transcribed": ("tjk-tkm-trade-transcribed", "tjk_tkm_trade_transcribed.csv"),
    "china-customs-c5-2024": ("china-customs-c5-2024", "china_c5_trade_2024_gacc_transcribed.csv"),
    "wb-ids-debt-c5": ("wb-ids-debt-c5", "ids_debt_stocks_c5_china_russia_all.csv"),
    "factbook-c5-macro": ("factbook-c5", "derived/factbook_c5_macro.csv"),
    "factbook-c5-partner-shares": ("factbook-c5", "derived/factbook_c5_partner_shares.csv"),
}
TABLES = ("trade", "trade_context", "debt", "indicators", "partner_shares")
KAZ_AGGREGATES = {"Австралия и Океания", "Азия", "Америка", "Африка", "Европа", "Остальные страны мира",
                  "Страны ЕАЭС", "Страны ЕС", "Страны СНГ", "Страны вне ЕАЭС", "Страны вне ЕС"}
KGZ_AGGREGATES = {"Australia and Oceania", "Asia", "Africa", "America", "Europe", "CIS", "EAEU", "SCO"}


@pytest.fixture(scope="module")
def ref(shared) -> Path:
    return shared / "data" / "reference"


def path_of(ref: Path, dataset: str) -> Path:
    folder, name = NEW[dataset]
    return ref / folder / name


@pytest.fixture(scope="module")
def imported(tmp_path_factory, ref):
    kb = greatgame.open(tmp_path_factory.mktemp("national") / "kb.duckdb")
    folders = sorted({ref / folder for folder, _ in NEW.values()} | {ref / "imf-dots-c5"})
    report = import_reference(kb, folders)
    yield kb, report
    kb.close()


@pytest.fixture(scope="module")
def kb(imported):
    return imported[0]


def one(kb, sql, params=()):
    return kb.con.execute(sql, list(params)).fetchone()[0]


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def count(kb, table: str, dataset: str, where: str = "true") -> int:
    return one(kb, f"SELECT count(*) FROM {table} WHERE dataset = ? AND ({where})", [dataset])


def trade_value(kb, dataset: str, reporter: str, partner: str, flow: str, yr: int) -> float:
    got = kb.con.execute("SELECT value_usd_mn FROM trade WHERE dataset = ? AND reporter = ? AND partner = ? "
                         "AND flow = ? AND year = ?", [dataset, reporter, partner, flow, yr]).fetchall()
    assert len(got) == 1, got
    return got[0][0]


# ------------------------------------------------------------------ the import as a whole
def test_every_new_dataset_is_registered_and_added(imported, ref):
    kb, report = imported
    assert report.ok, [str(e) for e in report.errors]
    assert set(NEW) <= set(registry()) and set(NEW) <= set(IMPORTERS)
    assert {r.dataset: r.status for r in report.results} == {d: "added" for d in [*NEW, "imf-dots-c5"]}
    for dataset in NEW:
        spec = registry()[dataset]
        assert spec["publisher"] and spec["licence"] and spec["citation"] and spec["layout"]["notes"]
        row = kb.con.execute("SELECT rows, path, collection FROM datasets WHERE id = ?", [dataset]).fetchone()
        assert row[0] == len(rows_of(path_of(ref, dataset)))
        assert row[1] == str(path_of(ref, dataset).resolve()) and row[2] == spec["collection"]


def test_imf_rows_keep_their_meaning(kb):
    assert count(kb, "trade", "imf-dots-c5", "basis IS NOT NULL OR qualifier IS NOT NULL OR source_url IS NOT NULL "
                                            "OR conflict IS NOT NULL OR source_agency IS NOT NULL") == 0
    assert count(kb, "trade", "imf-dots-c5", "partner = 'EUU'") > 0          # the EU code all trade rows use
    assert one(kb, "SELECT count(*) FROM trade WHERE partner IN ('EU', 'EU27')") == 0
    flows = {r[0] for r in kb.con.execute("SELECT DISTINCT flow FROM trade").fetchall()}
    assert flows == {"exports", "imports", "total"}


# ------------------------------------------------------------------ Kazakhstan
def test_kaz_counts_and_aggregates(kb, ref):
    rows = rows_of(path_of(ref, "kaz-bns-trade"))
    kept = [r for r in rows if r["partner_label_orig"] not in KAZ_AGGREGATES]
    assert count(kb, "trade", "kaz-bns-trade", "basis = 'reported'") == len(kept)
    years = {r["year"] for r in rows}
    assert count(kb, "trade", "kaz-bns-trade", "basis = 'aggregated'") == len(years) * 3   # EUU, 3 flows
    assert count(kb, "trade", "kaz-bns-trade", "partner IS NULL") == 0
    assert count(kb, "trade", "kaz-bns-trade", "basis = 'aggregated' AND (partner <> 'EUU' OR source_row "
                                               "IS NOT NULL)") == 0


def test_kaz_values(kb, ref):
    # PROVENANCE.md spot checks: 2022 KAZ-China turnover 24,203.9, exports 13,060.2, imports 11,143.7 m USD
    assert trade_value(kb, "kaz-bns-trade", "KAZ", "CHN", "total", 2022) == pytest.approx(24203.9, abs=0.05)
    assert trade_value(kb, "kaz-bns-trade", "KAZ", "CHN", "exports", 2022) == pytest.approx(13060.2, abs=0.05)
    assert trade_value(kb, "kaz-bns-trade", "KAZ", "CHN", "imports", 2022) == pytest.approx(11143.7, abs=0.05)
    assert trade_value(kb, "kaz-bns-trade", "KAZ", "ITA", "total", 2023) == pytest.approx(16075.5, abs=0.05)
    for yr, total in ((2021, 101736.5), (2022, 135527.4), (2023, 139551.0)):        # "Всего" -> WLD
        assert trade_value(kb, "kaz-bns-trade", "KAZ", "WLD", "total", yr) == pytest.approx(total, abs=0.05)
    assert trade_value(kb, "kaz-bns-trade", "KAZ", "WLD", "exports", 2023) == pytest.approx(79138.8, abs=0.05)
    share = trade_value(kb, "kaz-bns-trade", "KAZ", "CHN", "total", 2023) / \
        trade_value(kb, "kaz-bns-trade", "KAZ", "WLD", "total", 2023)
    assert share == pytest.approx(0.2154, abs=5e-5)


def test_kaz_eu_is_the_sum_of_the_27(kb, ref):
    rows = rows_of(path_of(ref, "kaz-bns-trade"))
    published = {(r["year"], r["flow"]): float(r["value_kusd"]) / 1000 for r in rows
                 if r["partner_label_orig"] == "Страны ЕС"}
    members = kb.con.execute("SELECT flow, year, sum(value_usd_mn) FROM trade WHERE dataset = 'kaz-bns-trade' "
                             "AND basis = 'reported' AND list_contains(?, partner) GROUP BY ALL",
                             [list(EU27)]).fetchall()
    for flow, yr, total in members:
        row = kb.con.execute("SELECT value_usd_mn, qualifier FROM trade WHERE dataset = 'kaz-bns-trade' "
                             "AND partner = 'EUU' AND flow = ? AND year = ?", [flow, yr]).fetchone()
        assert row[0] == pytest.approx(total) and "27" in row[1]
    # the published EU line has the 27 in 2023 only; it counts the UK before (28 members)
    assert trade_value(kb, "kaz-bns-trade", "KAZ", "EUU", "total", 2023) == \
        pytest.approx(published[("2023", "turnover")])
    uk = trade_value(kb, "kaz-bns-trade", "KAZ", "GBR", "total", 2022)
    assert trade_value(kb, "kaz-bns-trade", "KAZ", "EUU", "total", 2022) == \
        pytest.approx(published[("2022", "turnover")] - uk)


# ------------------------------------------------------------------ Kyrgyzstan
def test_kgz_counts_and_values(kb, ref):
    rows = rows_of(path_of(ref, "kgz-natstat-trade"))
    kept = [r for r in rows if r["partner_label_en"] not in KGZ_AGGREGATES]
    assert count(kb, "trade", "kgz-natstat-trade") == len(kept)
    assert count(kb, "trade", "kgz-natstat-trade", "basis <> 'reported'") == 0
    # PROVENANCE.md: 2023 imports 12,351,968 k USD in all, 5,353,257 k from China, 2,182,927 k from Russia
    assert trade_value(kb, "kgz-natstat-trade", "KGZ", "WLD", "imports", 2023) == pytest.approx(12351.968, abs=1e-3)
    assert trade_value(kb, "kgz-natstat-trade", "KGZ", "CHN", "imports", 2023) == pytest.approx(5353.257, abs=1e-3)
    assert trade_value(kb, "kgz-natstat-trade", "KGZ", "RUS", "imports", 2023) == pytest.approx(2182.927, abs=1e-3)
    assert trade_value(kb, "kgz-natstat-trade", "KGZ", "WLD", "exports", 2023) == pytest.approx(3384.856, abs=1e-3)
    assert trade_value(kb, "kgz-natstat-trade", "KGZ", "CHE", "exports", 2023) == pytest.approx(1088.560, abs=1e-3)
    # PROVENANCE.md dates the 989,957 k of gold exports to the UK 2021; the file has them in 2020 (2021: 234,233 k)
    assert trade_value(kb, "kgz-natstat-trade", "KGZ", "GBR", "exports", 2020) == pytest.approx(989.957, abs=1e-3)
    the_eu = {(r["flow"], r["year"]) for r in rows if r["partner_label_en"] == "The EU"}
    assert count(kb, "trade", "kgz-natstat-trade", "partner = 'EUU'") == len(the_eu) > 0
    # the import table's small "European Union (EU)" origin line is not the EU aggregate
    assert count(kb, "trade", "kgz-natstat-trade", "partner IS NULL AND partner_name = 'European Union (EU)'") > 0
    unmapped = {r[0] for r in kb.con.execute("SELECT DISTINCT partner_name FROM trade WHERE "
                                             "dataset = 'kgz-natstat-trade' AND partner IS NULL").fetchall()}
    assert unmapped == {"European Union (EU)", "Undefined country", "UN", "Channel Islands"}


# ------------------------------------------------------------------ Uzbekistan
def test_uzb_counts_and_values(kb, ref):
    rows = rows_of(path_of(ref, "uzb-statuz-trade"))
    cells = {(r["flow"], r["year"]) for r in rows}
    assert count(kb, "trade", "uzb-statuz-trade", "basis = 'reported'") == len(rows)
    assert count(kb, "trade", "uzb-statuz-trade", "basis = 'aggregated'") == 2 * len(cells)    # WLD and EUU
    assert count(kb, "trade", "uzb-statuz-trade", "partner IS NULL") == sum(1 for r in rows if r["partner_code"] == "0")
    # PROVENANCE.md: 2023 China exports 2,486.6, imports 11,339.1; totals 24,869.4 / 38,659.1 (code 0 included)
    assert trade_value(kb, "uzb-statuz-trade", "UZB", "CHN", "exports", 2023) == pytest.approx(2486.6, abs=0.05)
    assert trade_value(kb, "uzb-statuz-trade", "UZB", "CHN", "imports", 2023) == pytest.approx(11339.1, abs=0.05)
    assert trade_value(kb, "uzb-statuz-trade", "UZB", "WLD", "exports", 2023) == pytest.approx(24869.4, abs=0.05)
    assert trade_value(kb, "uzb-statuz-trade", "UZB", "WLD", "imports", 2023) == pytest.approx(38659.1, abs=0.05)
    eu = sum(float(r["value_kusd"]) for r in rows if r["year"] == "2023" and r["flow"] == "import"
             and r["partner_code"].lstrip("0") in {"40", "56", "100", "191", "196", "203", "208", "233", "246", "250",
                                                   "276", "300", "348", "372", "380", "428", "440", "442", "470",
                                                   "528", "616", "620", "642", "703", "705", "724", "752"}) / 1000
    assert trade_value(kb, "uzb-statuz-trade", "UZB", "EUU", "imports", 2023) == pytest.approx(eu)
    assert one(kb, "SELECT partner FROM trade WHERE dataset = 'uzb-statuz-trade' AND partner_name = 'Sudan' "
                   "LIMIT 1") == "SDN"          # withdrawn code 736


# ------------------------------------------------------------------ transcribed figures
def test_transcribed_split(kb, ref):
    rows = rows_of(path_of(ref, "tjk-tkm-trade-transcribed"))
    annual = [r for r in rows if r["period"] == "full year" and r["currency"] == "USD"
              and r["scope"] == "all goods" and r["partner"] != "C5 (all five)"]
    assert count(kb, "trade", "tjk-tkm-trade-transcribed") == len(annual)
    assert count(kb, "trade_context", "tjk-tkm-trade-transcribed") == len(rows) - len(annual)
    assert count(kb, "trade", "tjk-tkm-trade-transcribed", "basis <> 'transcribed' OR source_url IS NULL "
                                                           "OR qualifier IS NULL OR source_agency IS NULL") == 0
    assert one(kb, "SELECT count(*) FROM trade WHERE partner = 'C5'") == 0
    eur = sum(1 for r in rows if r["currency"] == "EUR")
    assert count(kb, "trade_context", "tjk-tkm-trade-transcribed", "currency = 'EUR'") == eur > 0
    assert count(kb, "trade_context", "tjk-tkm-trade-transcribed", "reason LIKE '%pipeline%'") == 1
    assert count(kb, "trade_context", "tjk-tkm-trade-transcribed", "reporter = 'EUU'") == eur
    # source_row is the file's row: row_id n is record n
    stored = kb.con.execute("SELECT source_row, value_usd_mn, qualifier, source_url FROM trade WHERE "
                            "dataset = 'tjk-tkm-trade-transcribed' AND reporter = 'TJK' AND partner = 'WLD' "
                            "AND flow = 'total' AND year = 2020").fetchone()
    first = rows[0]
    assert stored == (int(first["row_id"]), float(first["value_million"]), first["qualifier"], first["source_url"])


def test_transcribed_conflicts_are_kept_and_flagged(kb):
    both = kb.con.execute("SELECT source_row, value_usd_mn, qualifier, conflict FROM trade WHERE "
                          "dataset = 'tjk-tkm-trade-transcribed' AND reporter = 'RUS' AND partner = 'TJK' "
                          "AND flow = 'total' AND year = 2021 ORDER BY value_usd_mn").fetchall()
    assert [(v, q, c) for _, v, q, c in both] == [(1130.0, "exact", True), (1300.0, "more than", True)]
    assert both[0][0] != both[1][0]
    flagged = kb.con.execute("SELECT DISTINCT reporter || '-' || partner || ' ' || year FROM trade "
                             "WHERE conflict").fetchall()
    assert {r[0] for r in flagged} >= {"RUS-TJK 2021", "TUR-TKM 2021", "UZB-TJK 2022", "UZB-TKM 2022"}
    assert one(kb, """SELECT count(*) FROM (SELECT reporter, partner, flow, year FROM trade
                      WHERE dataset = 'tjk-tkm-trade-transcribed' AND NOT conflict GROUP BY ALL
                      HAVING count(*) > 1)""") == 0


def test_china_customs(kb, ref):
    rows = rows_of(path_of(ref, "china-customs-c5-2024"))
    assert count(kb, "trade", "china-customs-c5-2024") == sum(1 for r in rows if r["partner"] != "C5") == 5
    assert count(kb, "trade_context", "china-customs-c5-2024", "partner = 'C5'") == 2
    assert trade_value(kb, "china-customs-c5-2024", "CHN", "KGZ", "total", 2024) == pytest.approx(22710)
    assert trade_value(kb, "china-customs-c5-2024", "CHN", "KAZ", "total", 2024) == pytest.approx(43820)
    total = one(kb, "SELECT value_mn FROM trade_context WHERE dataset = 'china-customs-c5-2024' AND year = 2024")
    assert total == pytest.approx(94820) == pytest.approx(
        one(kb, "SELECT sum(value_usd_mn) FROM trade WHERE dataset = 'china-customs-c5-2024'"))


# ------------------------------------------------------------------ IDS debt
def test_ids_debt(kb, ref):
    rows = rows_of(path_of(ref, "wb-ids-debt-c5"))
    assert count(kb, "debt", "wb-ids-debt-c5") == len(rows) == 288
    # PROVENANCE.md: KGZ owed China 1,708,195,522.2 USD at the end of 2023 (1,708.2 m)
    got = kb.con.execute("SELECT value_usd, indicator FROM debt WHERE debtor = 'KGZ' AND creditor = 'CHN' "
                         "AND year = 2023").fetchall()
    assert got == [(pytest.approx(1708195522.2), "DT.DOD.BLAT.CD")]
    assert one(kb, "SELECT value_usd FROM debt WHERE debtor = 'TKM' AND creditor = 'CHN' AND year = 2024") / 1e6 \
        == pytest.approx(76.4, abs=0.05)
    assert {r[0] for r in kb.con.execute("SELECT DISTINCT creditor FROM debt").fetchall()} == {"CHN", "RUS", "ALL"}
    assert {r[0] for r in kb.con.execute("SELECT DISTINCT debtor FROM debt").fetchall()} == \
        {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    assert count(kb, "debt", "wb-ids-debt-c5", "indicator = 'DT.DOD.PCBK.CD'") == 6


# ------------------------------------------------------------------ Factbook
def test_factbook_macro(kb, ref):
    rows = rows_of(path_of(ref, "factbook-c5-macro"))
    assert count(kb, "indicators", "factbook-c5-macro") == len(rows)
    assert count(kb, "indicators", "factbook-c5-macro", "indicator NOT LIKE 'factbook\\_%' ESCAPE '\\'") == 0
    gdp = one(kb, "SELECT value FROM indicators WHERE indicator = 'factbook_gdp_current_usd_official_exchange_rate' "
                  "AND country = 'UZB' AND year = 2024")
    assert gdp == pytest.approx(114.965e9)
    assert one(kb, "SELECT value FROM indicators WHERE indicator = 'factbook_remittances_pct_gdp' "
                   "AND country = 'TJK' AND year = 2022") == pytest.approx(49.9)


def test_factbook_partner_shares(kb, ref):
    rows = rows_of(path_of(ref, "factbook-c5-partner-shares"))
    assert count(kb, "partner_shares", "factbook-c5-partner-shares") == len(rows)
    assert count(kb, "partner_shares", "factbook-c5-partner-shares", "basis <> 'mirror'") == 0
    # PROVENANCE.md: TKM exports to China 2023 = 63 %
    assert one(kb, "SELECT share_pct FROM partner_shares WHERE target = 'TKM' AND flow = 'exports' AND year = 2023 "
                   "AND partner = 'CHN'") == pytest.approx(63)
    names = dict(kb.con.execute("SELECT DISTINCT partner_name, partner FROM partner_shares").fetchall())
    assert names["S. Korea"] == names["South Korea"] == "KOR"
    assert (names["UAE"], names["Turkey"], names["UK"], names["US"]) == ("ARE", "TUR", "GBR", "USA")
    assert [n for n, p in names.items() if p is None] == ["The"]        # "Gambia, The 4%" as the extract read it
    assert count(kb, "partner_shares", "factbook-c5-partner-shares", "partner = 'EU'") == 0


# ------------------------------------------------------------------ re-import, malformed files
def counts(kb) -> dict[str, int]:
    return {t: one(kb, f"SELECT count(*) FROM {t}") for t in TABLES}


def test_reimport_replaces_without_duplicates(kb, ref):
    before = counts(kb)
    report = import_reference(kb, [path_of(ref, d) for d in NEW])
    assert report.ok and [r.status for r in report.results] == ["replaced"] * len(NEW)
    assert counts(kb) == before
    assert one(kb, "SELECT count(*) FROM datasets") == len(NEW) + 1
    for table in ("trade", "trade_context", "debt", "partner_shares"):
        assert one(kb, f"""SELECT count(*) FROM (SELECT dataset, source_row, {'flow' if 'trade' in table else 1}
                           FROM {table} WHERE source_row IS NOT NULL GROUP BY ALL HAVING count(*) > 1)""") == 0
    assert one(kb, """SELECT count(*) FROM (SELECT dataset, reporter, partner, flow, year FROM trade
                      WHERE partner IS NOT NULL AND NOT coalesce(conflict, false) GROUP BY ALL
                      HAVING count(*) > 1)""") == 0


def rewrite(src: Path, dst: Path, row: int | None = None, column: str | None = None, value: str = "",
            rename: tuple[str, str] | None = None) -> Path:
    """A copy of ``src`` with record ``row``'s ``column`` set to ``value``, or a header column renamed."""
    with open(src, newline="", encoding="utf-8") as fh:
        records = list(csv.reader(fh))
    header = records[0]
    if rename:
        header[header.index(rename[0])] = rename[1]
    if row is not None:
        records[row][header.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(records)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(buf.getvalue(), "utf-8")
    return dst


BAD_NUMBERS = [("kaz-bns-trade", 7, "value_kusd", "12,5"), ("kgz-natstat-trade", 3, "value_kusd", "n/a"),
               ("uzb-statuz-trade", 11, "value_kusd", "1.2.3"),
               ("tjk-tkm-trade-transcribed", 2, "value_million", "1.406.9"),
               ("china-customs-c5-2024", 4, "value_busd", "ten"), ("wb-ids-debt-c5", 5, "value", "1e"),
               ("factbook-c5-macro", 6, "value", "$14.2 billion"), ("factbook-c5-partner-shares", 9, "share_pct", "4%")]
MISSING = {"kaz-bns-trade": "value_kusd", "kgz-natstat-trade": "partner_label_en", "uzb-statuz-trade": "partner_code",
           "tjk-tkm-trade-transcribed": "source_url", "china-customs-c5-2024": "value_busd",
           "wb-ids-debt-c5": "debtor_name", "factbook-c5-macro": "variable", "factbook-c5-partner-shares": "partner"}
TABLE_OF = {"wb-ids-debt-c5": "debt", "factbook-c5-macro": "indicators", "factbook-c5-partner-shares": "partner_shares"}


def check_fails_alone(kb, dataset: str, bad: Path, reason: str) -> None:
    table = TABLE_OF.get(dataset, "trade")
    before, sha = count(kb, table, dataset), one(kb, "SELECT sha256 FROM datasets WHERE id = ?", [dataset])
    report = import_reference(kb, [bad])
    assert [r.status for r in report.results] == ["error"] and report.results[0].dataset == dataset
    message = str(report.errors[0])
    assert "\n" not in message and message.startswith(f"{bad}: ") and reason in message, message
    assert count(kb, table, dataset) == before > 0
    assert one(kb, "SELECT sha256 FROM datasets WHERE id = ?", [dataset]) == sha


@pytest.mark.parametrize("dataset, row, column, value", BAD_NUMBERS, ids=[b[0] for b in BAD_NUMBERS])
def test_a_bad_number_names_file_row_and_column(kb, ref, tmp_path, dataset, row, column, value):
    bad = rewrite(path_of(ref, dataset), tmp_path / Path(NEW[dataset][1]).name, row, column, value)
    check_fails_alone(kb, dataset, bad, f"row {row}, column {column!r}: {value!r} is not a number")


@pytest.mark.parametrize("dataset", list(MISSING))
def test_a_missing_column_is_named(kb, ref, tmp_path, dataset):
    column = MISSING[dataset]
    bad = rewrite(path_of(ref, dataset), tmp_path / Path(NEW[dataset][1]).name, rename=(column, column + "_x"))
    check_fails_alone(kb, dataset, bad, f"unexpected header: missing column(s) {column!r}")


@pytest.mark.parametrize("dataset, row, column, value, reason", [
    ("kaz-bns-trade", 1, "reporter", "KGZ", "row 1, column 'reporter': 'KGZ' is not KAZ"),
    ("kgz-natstat-trade", 2, "flow", "turnover", "row 2, column 'flow': 'turnover' is not a flow"),
    ("uzb-statuz-trade", 5, "partner_code", "999", "row 5, column 'partner_code': '999' is not an ISO 3166"),
    ("uzb-statuz-trade", 5, "year", "2O23", "row 5, column 'year': '2O23' is not a number"),
    ("tjk-tkm-trade-transcribed", 3, "currency", "RUB", "row 3, column 'currency': 'RUB' is not USD or EUR"),
    ("tjk-tkm-trade-transcribed", 4, "source_url", "", "row 4, column 'source_url': missing value"),
    ("china-customs-c5-2024", 2, "partner", "Kyrgyzstan", "row 2, column 'partner': 'Kyrgyzstan' is not an ISO"),
    ("wb-ids-debt-c5", 7, "debtor_name", "Atlantis", "row 7, column 'debtor_name': 'Atlantis' is not a country"),
    ("factbook-c5-partner-shares", 3, "share_pct", "140", "row 3, column 'share_pct': '140' is not a plausible"),
    ("factbook-c5-macro", 2, "value", "-5", "row 2, column 'value': '-5' is not a plausible"),
])
def test_value_checks(kb, ref, tmp_path, dataset, row, column, value, reason):
    bad = rewrite(path_of(ref, dataset), tmp_path / Path(NEW[dataset][1]).name, row, column, value)
    check_fails_alone(kb, dataset, bad, reason)


def test_a_cell_given_twice_is_an_error(kb, ref, tmp_path):
    src = path_of(ref, "kaz-bns-trade")
    lines = src.read_text("utf-8").splitlines(keepends=True)
    china = next(i for i, ln in enumerate(lines) if ",Китай," in ln)       # 0-based line = record number
    bad = tmp_path / src.name
    bad.write_text("".join(lines + [lines[china]]), "utf-8")
    check_fails_alone(kb, "kaz-bns-trade", bad, f"is given twice (rows {china} and {len(lines)})")
