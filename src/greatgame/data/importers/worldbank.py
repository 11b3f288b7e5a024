"""World Bank and WDI country indicators (GDP, population, remittances) -> ``indicators``."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...errors import DataError
from ..registry import Loaded, importer, registry
from .common import decode, first_row, frame, layout_columns, number, read_csv, year

def _wb(dataset: str, indicator: str, path: Path, data: bytes) -> Loaded:
    spec = registry()[dataset]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, layout_columns(spec))
    years = year(path, df, "Year")
    value = number(path, df, "Value", lo=0 if indicator == "population" else None)
    blank = df["Country Code"].str.strip() == ""
    if blank.any():
        raise DataError(path, f"row {first_row(df, blank)}, column 'Country Code': missing value")
    keep = value.notna()
    out = frame(dataset, df[keep], country=df["Country Code"].str.strip()[keep], year=years[keep],
                indicator=indicator, value=value[keep])
    return Loaded(len(df), enc, {"indicators": out})


@importer("wb-gdp", ("indicators",))
def wb_gdp(path: Path, data: bytes) -> Loaded:
    """World Bank GDP, current US$ -> ``indicators`` (indicator 'gdp_usd'; aggregates kept)."""
    return _wb("wb-gdp", "gdp_usd", path, data)


@importer("wb-population", ("indicators",))
def wb_population(path: Path, data: bytes) -> Loaded:
    """World Bank population -> ``indicators`` (indicator 'population'; aggregates kept)."""
    return _wb("wb-population", "population", path, data)


@importer("wdi-remittances-c5", ("indicators",))
def wdi_remittances(path: Path, data: bytes) -> Loaded:
    """WDI remittances received, % of GDP (2022 vintage) -> ``indicators`` ('remittances_pct_gdp')."""
    spec = registry()["wdi-remittances-c5"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, layout_columns(spec))
    wrong = df["indicator_code"].str.strip() != "BX.TRF.PWKR.DT.GD.ZS"
    if wrong.any():
        i = first_row(df, wrong)
        raise DataError(path, f"row {i}, column 'indicator_code': {df['indicator_code'].iloc[i - 1]!r} is not "
                              "BX.TRF.PWKR.DT.GD.ZS (remittances received, % of GDP)")
    years = year(path, df, "year")
    value = number(path, df, "remit_pct_gdp", lo=0, hi=100, what="percentage of GDP")
    keep = value.notna()
    out = frame(spec["id"], df[keep], country=df["iso3"].str.strip()[keep], year=years[keep],
                indicator="remittances_pct_gdp", value=value[keep])
    return Loaded(len(df), enc, {"indicators": out})


@importer("wdi-remittances-panel", ("indicators",))
def remittances_panel(path: Path, data: bytes) -> Loaded:
    """Remittances panel -> ``indicators``.

    remit_gdp -> 'remittances_pct_gdp' for the row's country. rus_gdp_growth ->
    'rus_gdp_growth_pct' and rub_depr -> 'rub_depreciation_pct' describe Russia and
    repeat on each country's row: they are stored once per year with country 'RUS'
    (source_row of their first occurrence); repeats that disagree are an error.
    """
    spec = registry()["wdi-remittances-panel"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, layout_columns(spec))
    years = year(path, df, "year")
    remit = number(path, df, "remit_gdp", lo=0, hi=100, what="percentage of GDP")
    keep = remit.notna()
    parts = [frame(spec["id"], df[keep], country=df["iso3c"].str.strip()[keep], year=years[keep],
                   indicator="remittances_pct_gdp", value=remit[keep])]
    for col, indicator in (("rus_gdp_growth", "rus_gdp_growth_pct"), ("rub_depr", "rub_depreciation_pct")):
        value = number(path, df, col, lo=-100, hi=1000, what="percentage")
        per_year = pd.DataFrame({"year": years, "value": value})[value.notna()]
        spread = per_year.groupby("year")["value"].agg(lambda v: v.max() - v.min())
        if (spread > 1e-9).any():
            y = int(spread[spread > 1e-9].index[0])
            raise DataError(path, f"column {col!r}: the rows of {y} disagree (one Russian value a year expected)")
        first = per_year[~per_year["year"].duplicated()]
        parts.append(frame(spec["id"], first, country="RUS", year=first["year"], indicator=indicator,
                           value=first["value"]))
    return Loaded(len(df), enc, {"indicators": pd.concat(parts, ignore_index=True)})
