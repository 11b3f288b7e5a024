"""Importers of the Central Asian states' own trade statistics and of transcribed trade figures (registered in
``registry.yaml`` like the others).

``trade`` rows keep the IMF importer's meaning: one figure from the reporter's side, in millions of
current US dollars; flow 'exports', 'imports' or 'total' (turnover, exports + imports as published).
The columns added by migration 0005 say where a figure comes from:

* ``basis``: 'reported' (the reporter's own statistics, as published), 'transcribed' (typed from a
  press or official-site page), 'aggregated' (summed by greatgame from the dataset's reported rows:
  the EU-27 where the file has no EU-27 row, Uzbekistan's world total). Aggregated rows have no
  ``source_row``: they are the sum of the dataset's rows for the same reporter, flow and year whose
  partner is a member (``qualifier`` says which sum).
* ``qualifier``: 'exact', 'more than', 'about' ... (the page's wording; 'exact' for published tables).
* ``source_url``: the page a transcribed figure was read from.
* ``conflict``: True where the dataset holds more than one figure for the same reporter, partner,
  flow and year (never sum them; prefer an 'exact' one).
* ``source_agency``: the agency or official a transcribed figure is attributed to.

Partners: ISO3; 'WLD' the world total, 'EUU' the European Union (as in the IMF DOTS import). Regional
aggregates (continents, CIS, EAEU, SCO, "rest of the world" ...) are dropped; labels that are no
state (UZB "other countries", KGZ "undefined country", "UN" ...) are kept with partner NULL and the
label in ``partner_name``. Figures that are not annual US-dollar values of all goods (part-year,
EUR, one commodity, a group partner) go to ``trade_context``, never to ``trade``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ...errors import DataError
from ..registry import Loaded, importer, registry
from .common import (OLD_CODES, dataset_columns, decode, fail_where, filled, fold_labels, frame,
                     iso3_codes, label_key, number, one_of, read_csv, text, year)
from ..iso import name_to_iso3, numeric_to_iso3

WORLD = "WLD"
EU = "EUU"             # the IMF DOTS code the imf-dots-c5 import uses for the European Union
# The 27 member states since 1 February 2020: the EU sums use this composition for every year.
EU27 = ("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
        "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE")
EU27_SUM = "sum of the 27 EU member rows"


# ------------------------------------------------------------------ trade frames
def _trade(dataset: str, df: pd.DataFrame, **columns: Any) -> pd.DataFrame:
    """A ``trade`` frame with every column (IMF-only ``estimated`` left NULL)."""
    base: dict[str, Any] = {"reporter": None, "partner": None, "flow": None, "year": None, "value_usd_mn": None,
                            "estimated": None, "reporter_name": None, "partner_name": None, "basis": None,
                            "qualifier": None, "source_url": None, "conflict": False, "source_agency": None}
    base.update(columns)
    return frame(dataset, df, **base)


def _summed(dataset: str, reporter: str, flow: pd.Series, years: pd.Series, value: pd.Series, partner: str,
            name: str, how: str) -> pd.DataFrame:
    """One 'aggregated' row per flow and year: the sum of ``value`` (no source_row)."""
    sums = pd.DataFrame({"flow": flow, "year": years, "v": value}).groupby(["flow", "year"], sort=True)["v"].sum()
    if sums.empty:
        return pd.DataFrame()
    out = sums.reset_index()
    return pd.DataFrame({
        "dataset": dataset, "source_row": None, "reporter": reporter, "partner": partner, "flow": out["flow"],
        "year": out["year"].astype("int64"), "value_usd_mn": out["v"].astype("float64"), "estimated": None,
        "reporter_name": None, "partner_name": name, "basis": "aggregated", "qualifier": how,
        "source_url": None, "conflict": False, "source_agency": None})


def _finish(parts: list[pd.DataFrame]) -> pd.DataFrame:
    out = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    out["source_row"] = out["source_row"].astype("Int64")
    out["year"] = out["year"].astype("int64")
    return out


def _conflicts(frame_: pd.DataFrame) -> pd.Series:
    """True where the frame has more than one row for the same reporter, partner, flow and year."""
    key = frame_[["reporter", "partner", "flow", "year"]].astype(str)
    return key.duplicated(keep=False) & frame_["partner"].notna()


# ------------------------------------------------------------------ national statistics
NATIONAL_FLOWS = {"export": "exports", "import": "imports"}


def _national(path: Path, dataset: str, reporter: str, df: pd.DataFrame, flows: dict[str, str],
              partner: pd.Series, drop: pd.Series, names: pd.Series, *, eu_sum: bool,
              world_sum: bool) -> pd.DataFrame:
    """A national-statistics file (value_kusd, thousand USD) -> ``trade`` rows, 'reported'.

    ``partner``: ISO3 / WLD / EUU, None for labels that are no state; ``drop``: regional aggregates.
    ``eu_sum``: add the EU-27 as the sum of its members' rows; ``world_sum``: add WLD as the sum of
    every row (for files without a total row).
    """
    fail_where(path, df, filled(path, df, "reporter") != reporter, "reporter", f"is not {reporter}")
    flow = one_of(path, df, "flow", flows, "a flow (" + ", ".join(flows) + ")")
    years = year(path, df, "year")
    value = number(path, df, "value_kusd", required=True, lo=0, what="trade value") / 1000.0
    keep = ~drop
    cell = pd.DataFrame({"partner": partner, "flow": flow, "year": years})[keep & partner.notna()]
    twice = cell.duplicated(keep=False)
    if twice.any():
        first = cell[twice].iloc[0]
        rows = cell[twice & (cell == first).all(axis=1)].index[:2] + 1
        raise DataError(path, f"row {rows[1]}: {first['flow']} {first['year']} with {first['partner']} is given "
                              f"twice (rows {rows[0]} and {rows[1]})")
    parts = [_trade(dataset, df[keep], reporter=reporter, partner=partner[keep], flow=flow[keep],
                    year=years[keep], value_usd_mn=value[keep], partner_name=names[keep], basis="reported",
                    qualifier="exact")]
    if eu_sum:
        m = keep & partner.isin(EU27)
        parts.append(_summed(dataset, reporter, flow[m], years[m], value[m], EU,
                             "European Union (EU-27, summed by greatgame)", EU27_SUM))
    if world_sum:
        parts.append(_summed(dataset, reporter, flow[keep], years[keep], value[keep], WORLD,
                             "World (summed by greatgame)", "sum of all partner rows"))
    return _finish(parts)


# Kazakhstan (BNS): Russian labels as the sheets print them; lookups fold case, so "Босния И Герцеговина"
# and "Босния и Герцеговина" are one. "Страны ЕС" is dropped with the other aggregates: it sums 28
# members (the UK included) through 2022 and 27 in 2023.
KAZ_WORLD = "Всего"
KAZ_AGGREGATES = ("Австралия и Океания", "Азия", "Америка", "Африка", "Европа", "Остальные страны мира",
                  "Страны ЕАЭС", "Страны ЕС", "Страны СНГ", "Страны вне ЕАЭС", "Страны вне ЕС")
KAZ_PARTNERS = {
    "Австралия": "AUS", "Австрия": "AUT", "Азербайджан": "AZE", "Аландские Острова": "ALA", "Албания": "ALB",
    "Алжир": "DZA", "Американское Самоа": "ASM", "Ангилья (Брит.)": "AIA", "Ангола": "AGO", "Андорра": "AND",
    "Антигуа и Барбуда": "ATG", "Аргентина": "ARG", "Армения": "ARM", "Афганистан": "AFG", "Багамы": "BHS",
    "Бангладеш": "BGD", "Барбадос": "BRB", "Бахрейн": "BHR", "Беларусь": "BLR", "Белиз": "BLZ", "Бельгия": "BEL",
    "Бенин": "BEN", "Бермуды": "BMU", "Болгария": "BGR", "Боливия": "BOL", "Босния И Герцеговина": "BIH",
    "Ботсвана": "BWA", "Бразилия": "BRA", "Британская Территория В Индийском Океане": "IOT",
    "Бруней-Даруссалам": "BRN", "Буркина-Фасо": "BFA", "Бурунди": "BDI", "Бутан": "BTN",
    "Ватикан, Государство-Город": "VAT", "Венгрия": "HUN", "Венесуэла": "VEN", "Виргинские Острова (Брит.)": "VGB",
    "Виргинские Острова, Сша": "VIR", "Вьетнам": "VNM", "Габон": "GAB", "Гаити": "HTI", "Гайана": "GUY",
    "Гамбия": "GMB", "Гана": "GHA", "Гваделупа": "GLP", "Гватемала": "GTM", "Гвинея": "GIN", "Германия": "DEU",
    "Гернси": "GGY", "Гибралтар (Брит.)": "GIB", "Гондурас": "HND", "Гонконг": "HKG", "Гренада": "GRD",
    "Гренландия": "GRL", "Греция": "GRC", "Грузия": "GEO", "Гуам (Сша)": "GUM", "Дания": "DNK",
    "Демократическая Республика Конго": "COD", "Джерси": "JEY", "Джибути": "DJI", "Доминика": "DMA",
    "Доминиканская Республика": "DOM", "Египет": "EGY", "Замбия": "ZMB", "Западная Сахара": "ESH", "Зимбабве": "ZWE",
    "Израиль": "ISR", "Индия": "IND", "Индонезия": "IDN", "Иордания": "JOR", "Ирак, Республика Ирак": "IRQ",
    "Иран, Исламская Республика": "IRN", "Ирландия": "IRL", "Исландия": "ISL", "Испания": "ESP", "Италия": "ITA",
    "Йемен": "YEM", "Кабо-Верде": "CPV", "Каймановы Острова (Брит.)": "CYM", "Камбоджа": "KHM", "Камерун": "CMR",
    "Канада": "CAN", "Катар": "QAT", "Кения": "KEN", "Кипр": "CYP", "Кирибати": "KIR", "Китай": "CHN",
    "Кокосовые (Килинг) Острова": "CCK", "Колумбия": "COL", "Коморские Острова": "COM", "Конго": "COG",
    "Корея, Народно-Демократическая Республика": "PRK", "Коста-Рика": "CRI", "Кот-Д'Ивуар": "CIV", "Куба": "CUB",
    "Кувейт": "KWT", "Кыргызстан": "KGZ", "Кюрасао": "CUW", "Лаосская Народно-Демократическая Республика": "LAO",
    "Лесото": "LSO", "Либерия": "LBR", "Ливан": "LBN", "Ливия": "LBY", "Литва": "LTU", "Лихтенштейн": "LIE",
    "Люксембург": "LUX", "Маврикий": "MUS", "Мавритания": "MRT", "Мадагаскар": "MDG", "Майотта": "MYT",
    "Макао": "MAC", "Македония": "MKD", "Малави": "MWI", "Малайзия": "MYS", "Мали": "MLI",
    "Малые Тихоокеан. отдален. острова США": "UMI", "Малые Тихоокеан.отдален.ост-ва С.Ш.": "UMI", "Мальдивы": "MDV",
    "Мальта": "MLT", "Марокко": "MAR", "Мартиника": "MTQ", "Маршалловы Острова": "MHL", "Мексика": "MEX",
    "Микронезия, Федеративные Штаты": "FSM", "Мозамбик": "MOZ", "Молдова, Республика": "MDA", "Монако": "MCO",
    "Монголия": "MNG", "Монтсеррат": "MSR", "Мьянма": "MMR", "Намибия": "NAM", "Науру": "NRU", "Непал": "NPL",
    "Нигер": "NER", "Нигерия": "NGA", "Нидерланды": "NLD", "Никарагуа": "NIC", "Ниуэ": "NIU",
    "Новая Зеландия": "NZL", "Новая Каледония": "NCL", "Норвегия": "NOR", "Объединенные Арабские Эмираты": "ARE",
    "Оман": "OMN", "Остров Мэн": "IMN", "Остров Рождества": "CXR", "Острова Кука (Н.Зел.)": "COK",
    "Острова Теркс и Кайкос": "TCA", "Пакистан": "PAK", "Палау": "PLW", "Палестина, Государство": "PSE",
    "Панама": "PAN", "Папуа-новая Гвинея": "PNG", "Парагвай": "PRY", "Перу": "PER", "Питкерн": "PCN",
    "Польша": "POL", "Португалия": "PRT", "Пуэрто-Рико": "PRI", "Республика Корея": "KOR",
    "Республика Латвия": "LVA", "Реюньон": "REU", "Россия": "RUS", "Руанда": "RWA", "Румыния": "ROU",
    "Сальвадор": "SLV", "Самоа, Независимое Государство": "WSM", "Сан-Марино": "SMR", "Сан-Томе и Принсипи": "STP",
    "Саудовская Аравия": "SAU", "Свазиленд": "SWZ", "Северные Марианские Острова": "MNP", "Сейшелы": "SYC",
    "Сен-Бартелеми": "BLM", "Сенегал": "SEN", "Сент-Винсент И Гренадины": "VCT", "Сент-Китс И Невис": "KNA",
    "Сент-Люсия": "LCA", "Сербия": "SRB", "Сингапур": "SGP", "Сирийская Арабская Республика": "SYR",
    "Словакия": "SVK", "Словения": "SVN", "Соединенное Королевство": "GBR", "Соединенные Штаты Америки": "USA",
    "Соломоновы Острова": "SLB", "Сомали": "SOM", "Судан": "SDN", "Суринам": "SUR", "Сьерра-Леоне": "SLE",
    "Таджикистан": "TJK", "Таиланд": "THA", "Тайвань (Китай)": "TWN", "Танзания, Объединенная Республика": "TZA",
    "Тимор-Лесте": "TLS", "Того": "TGO", "Токелау": "TKL", "Тринидад И Тобаго": "TTO", "Тувалу": "TUV",
    "Тунис": "TUN", "Туркменистан": "TKM", "Турция": "TUR", "Уганда": "UGA", "Узбекистан": "UZB", "Украина": "UKR",
    "Уоллис И Футуна": "WLF", "Уругвай": "URY", "Фарерские Острова": "FRO", "Фиджи": "FJI", "Филиппины": "PHL",
    "Финляндия": "FIN", "Фолклендские Острова (Мальвинские)": "FLK", "Франция": "FRA", "Французская Гвиана": "GUF",
    "Французская Полинезия": "PYF", "Французские Южные Территории": "ATF", "Хорватия": "HRV",
    "Центрально-Африканская Республика": "CAF", "Чад": "TCD", "Черногория (Монтенегро)": "MNE",
    "Чешская Республика": "CZE", "Чили": "CHL", "Швейцария": "CHE", "Швеция": "SWE", "Шри-Ланка": "LKA",
    "Эквадор": "ECU", "Экваториальная Гвинея": "GNQ", "Эритрея": "ERI", "Эстония": "EST", "Эфиопия": "ETH",
    "Южн.Джорджия И Южн.Сандвич.Острова": "SGS", "Южная Африка": "ZAF", "Южный Судан": "SSD", "Ямайка": "JAM",
    "Япония": "JPN",
}
_KAZ = fold_labels(KAZ_PARTNERS)
_KAZ_DROP = {label_key(a) for a in KAZ_AGGREGATES}


@importer("kaz-bns-trade", ("trade",))
def kaz_bns(path: Path, data: bytes) -> Loaded:
    """Kazakhstan's trade by partner (BNS, 2019-2023, thousand USD) -> ``trade`` (million USD).

    turnover -> 'total', export -> 'exports', import -> 'imports'. "Всего" -> WLD; regional
    aggregates dropped; the EU (EUU) is the sum of the 27 members' rows ('aggregated').
    """
    spec = registry()["kaz-bns-trade"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, dataset_columns(spec["id"]))
    label = filled(path, df, "partner_label_orig")
    keys = label.map(label_key)
    partner = keys.map(lambda k: WORLD if k == label_key(KAZ_WORLD) else _KAZ.get(k)).astype(object)
    flows = {"turnover": "total", **NATIONAL_FLOWS}
    out = _national(path, spec["id"], "KAZ", df, flows, partner, keys.isin(_KAZ_DROP), label,
                    eu_sum=True, world_sum=False)
    return Loaded(len(df), enc, {"trade": out})


# Kyrgyzstan (NSC KR): mapped by the English label. "The EU" is the Committee's EU aggregate (28 members
# through 2019, 27 from 2020); "European Union (EU)" is a small origin line in the import table (goods
# whose origin is declared as the EU), not that aggregate: kept with partner NULL.
KGZ_AGGREGATES = ("Australia and Oceania", "Asia", "Africa", "America", "Europe", "CIS", "EAEU", "SCO")
KGZ_SPECIAL: dict[str, str | None] = {
    "Total": WORLD, "The EU": EU, "European Union (EU)": None, "Undefined country": None, "UN": None,
    "Channel Islands": None}
KGZ_NAMES = {
    "Anguilla": "AIA", "Bermuda": "BMU", "Bostwana": "BWA", "British virgin islands": "VGB", "Bouvet": "BVT",
    "Burkino Faso": "BFA", "Butane": "BTN", "Great Britain (United Kingdom)": "GBR",
    "Virgin Islands, United States": "VIR", "Eastern SAMOA": "ASM", "Gibraltar": "GIB", "SAR-Hong Kong": "HKG",
    "Greenland": "GRL", "Guam": "GUM", "Zaire": "COD", "Cayman islands": "CYM", "China (Sar Hong Kong)": "HKG",
    "Coconut islands": "CCK", "Korea (DPRK)": "PRK", "Libyan Arab Jamahiriya": "LBY", "Macau (Macau)": "MAC",
    "Macedonia": "MKD", "Republic of Macedonia": "MKD", "Montserrat": "MSR", "Netherlands antilles": "ANT",
    "New Caledonia": "NCL", "Puerto Rico": "PRI", "The Republic of Korea": "KOR", "Salvador": "SLV",
    "Taiwan. China province": "TWN", "Tokelau": "TKL", "Faroe islands": "FRO", "CAR": "CAF"}
_KGZ_SPECIAL = fold_labels(KGZ_SPECIAL)
_KGZ_NAMES = fold_labels(KGZ_NAMES)
_KGZ_DROP = {label_key(a) for a in KGZ_AGGREGATES}


def _kgz_partner(label: str) -> str | None:
    k = label_key(label)
    if k in _KGZ_SPECIAL:
        return _KGZ_SPECIAL[k]
    return _KGZ_NAMES.get(k) or name_to_iso3(label)


@importer("kgz-natstat-trade", ("trade",))
def kgz_natstat(path: Path, data: bytes) -> Loaded:
    """Kyrgyzstan's exports and imports by partner (NSC KR, 1994-2023, thousand USD) -> ``trade``.

    "Total" -> WLD, "The EU" -> EUU (both as published); regional aggregates dropped.
    """
    spec = registry()["kgz-natstat-trade"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, dataset_columns(spec["id"]))
    filled(path, df, "partner_label_orig")
    label = filled(path, df, "partner_label_en")
    keys = label.map(label_key)
    drop = keys.isin(_KGZ_DROP)
    partner = label.map(_kgz_partner).astype(object).where(~drop, None)
    out = _national(path, spec["id"], "KGZ", df, NATIONAL_FLOWS, partner, drop, label,
                    eu_sum=False, world_sum=False)
    return Loaded(len(df), enc, {"trade": out})


@importer("uzb-statuz-trade", ("trade",))
def uzb_statuz(path: Path, data: bytes) -> Loaded:
    """Uzbekistan's exports and imports by partner (Statistics Agency, 2010-2023, thousand USD) -> ``trade``.

    partner_code is ISO 3166 numeric (530 and 736: withdrawn codes of the Netherlands Antilles and
    Sudan); code 0 (not distributed by country) is kept with partner NULL. The file has no total and
    no EU rows: WLD = the sum of every row (code 0 included), EUU = the sum of the 27 members.
    """
    spec = registry()["uzb-statuz-trade"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, dataset_columns(spec["id"]))
    code = filled(path, df, "partner_code")
    fail_where(path, df, ~code.str.fullmatch(r"\d{1,3}"), "partner_code", "is not an ISO 3166 numeric code")
    code = code.map(lambda c: f"{int(c):03d}")
    partner = code.map(lambda c: None if c == "000" else OLD_CODES.get(c) or numeric_to_iso3(c)).astype(object)
    fail_where(path, df, partner.isna() & (code != "000"), "partner_code", "is not an ISO 3166 numeric code")
    names = text(df["partner_label_en"].where(df["partner_label_en"].str.strip() != "", df["partner_label_orig"]))
    out = _national(path, spec["id"], "UZB", df, NATIONAL_FLOWS, partner, pd.Series(False, index=df.index),
                    names, eu_sum=True, world_sum=True)
    return Loaded(len(df), enc, {"trade": out})


# ------------------------------------------------------------------ transcribed figures
TRANSCRIBED_FLOWS = {"total": "total", "turnover": "total", "export": "exports", "import": "imports"}
GROUPS = {"C5": "C5", "C5 (all five)": "C5"}      # partners that are groups of states: never in ``trade``


def _context(dataset: str, df: pd.DataFrame, **columns: Any) -> pd.DataFrame:
    base: dict[str, Any] = {"reporter": None, "partner": None, "flow": None, "year": None, "period": None,
                            "scope": None, "value_mn": None, "currency": None, "qualifier": None, "reason": None,
                            "source_url": None, "source_agency": None, "reporter_name": None,
                            "partner_name": None}
    base.update(columns)
    return frame(dataset, df, **base)


def _urls(path: Path, df: pd.DataFrame, col: str) -> pd.Series:
    url = filled(path, df, col)
    fail_where(path, df, ~url.str.match(r"https?://\S+$"), col, "is not a web address")
    return url


def _split(dataset: str, df: pd.DataFrame, reasons: pd.Series, trade_cols: dict[str, Any],
           context_cols: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Rows without a reason go to ``trade`` (conflicts flagged), the others to ``trade_context``."""
    annual = reasons == ""
    pick = lambda cols, m: {k: (v[m] if isinstance(v, pd.Series) else v) for k, v in cols.items()}  # noqa: E731
    rows = _trade(dataset, df[annual], **pick(trade_cols, annual))
    rows["conflict"] = _conflicts(rows).astype(bool)
    rows["source_row"] = rows["source_row"].astype("Int64")
    ctx = _context(dataset, df[~annual], reason=reasons[~annual], **pick(context_cols, ~annual))
    return {"trade": rows, "trade_context": ctx}


@importer("tjk-tkm-trade-transcribed", ("trade", "trade_context"))
def tjk_tkm_transcribed(path: Path, data: bytes) -> Loaded:
    """Hand-transcribed trade figures (Tajikistan, Turkmenistan, China customs ...) -> ``trade`` and ``trade_context``.

    Only full-year US-dollar figures for all goods with a state or the world as partner go to
    ``trade`` (basis 'transcribed', with qualifier, source_url and the agency); every other row
    (part-year, EUR, one commodity, the C5 group, the Iranian year) goes to ``trade_context`` with
    the reason. Several figures for one cell are all kept, flagged ``conflict``.
    """
    spec = registry()["tjk-tkm-trade-transcribed"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, dataset_columns(spec["id"]))
    reporter = iso3_codes(path, df, "reporter", {"EU27": EU})
    partner = iso3_codes(path, df, "partner", {"World": WORLD, **GROUPS})
    years = year(path, df, "year")
    period = filled(path, df, "period")
    flow = one_of(path, df, "flow", TRANSCRIBED_FLOWS, "total, export or import")
    scope = filled(path, df, "scope")
    value = number(path, df, "value_million", required=True, lo=0, what="trade value")
    currency = one_of(path, df, "currency", {"USD": "USD", "EUR": "EUR"}, "USD or EUR")
    qualifier = filled(path, df, "qualifier").str.lower()
    url = _urls(path, df, "source_url")
    agency = text(df["reporter_source"].str.strip())
    reasons = pd.Series([
        "; ".join(r for r in (
            "" if p.casefold() == "full year" else f"part of the year or not a calendar year ({p})",
            "" if c == "USD" else f"in {c}, not converted",
            "" if s.casefold() == "all goods" else f"scope: {s}",
            "" if q != "C5" else "partner is a group (C5: the five Central Asian states)") if r)
        for p, c, s, q in zip(period, currency, scope, partner)], index=df.index)
    common = dict(reporter=reporter, partner=partner, flow=flow, year=years, qualifier=qualifier, source_url=url,
                  source_agency=agency, reporter_name=text(df["reporter"].str.strip()),
                  partner_name=text(df["partner"].str.strip()))
    tables = _split(spec["id"], df, reasons, dict(common, value_usd_mn=value, basis="transcribed"),
                    dict(common, period=period, scope=scope, value_mn=value, currency=currency))
    return Loaded(len(df), enc, tables)


@importer("china-customs-c5-2024", ("trade", "trade_context"))
def china_customs_c5(path: Path, data: bytes) -> Loaded:
    """China-reported (GACC) turnover with each C5 state, 2024, billion USD -> ``trade`` (million USD).

    Basis 'transcribed', flow 'total', qualifier 'exact'. The C5-total rows (partner C5, 2023 and
    2024) are no partner: they go to ``trade_context``.
    """
    spec = registry()["china-customs-c5-2024"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, dataset_columns(spec["id"]))
    reporter = iso3_codes(path, df, "reporter", {})
    partner = iso3_codes(path, df, "partner", GROUPS)
    years = year(path, df, "year")
    flow = one_of(path, df, "flow", TRANSCRIBED_FLOWS, "turnover, export or import")
    value = number(path, df, "value_busd", required=True, lo=0, what="trade value") * 1000.0
    url = _urls(path, df, "source_url")
    reasons = partner.map(lambda p: "partner is a group (C5: the five Central Asian states)" if p == "C5" else "")
    common = dict(reporter=reporter, partner=partner, flow=flow, year=years, qualifier="exact", source_url=url,
                  reporter_name=text(df["reporter"].str.strip()), partner_name=text(df["partner"].str.strip()))
    tables = _split(spec["id"], df, reasons, dict(common, value_usd_mn=value, basis="transcribed"),
                    dict(common, period="full year", scope="all goods", value_mn=value, currency="USD"))
    return Loaded(len(df), enc, tables)
