"""CIA World Factbook extracts: macro figures and mirror-based top partner shares of the five states."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...errors import DataError
from ..registry import Loaded, importer, registry
from .common import (dataset_columns, decode, fail_where, filled, first_true_row, frame,
                     iso3_codes, number, one_of, read_csv, text, year)
from ..iso import name_to_iso3

# ------------------------------------------------------------------ CIA World Factbook
FACTBOOK_NAMES = {"S. Korea": "KOR", "Gambia, The": "GMB"}      # what the ontology's names do not cover


def factbook_iso3(name: str) -> str | None:
    return FACTBOOK_NAMES.get(name.strip()) or name_to_iso3(name)


@importer("factbook-c5-macro", ("indicators",))
def factbook_macro(path: Path, data: bytes) -> Loaded:
    """Factbook GDP, remittances and exports/imports of goods and services -> ``indicators``.

    indicator = 'factbook_' + the file's variable (e.g. factbook_remittances_pct_gdp); values as in
    the file (US dollars, or % of GDP).
    """
    spec = registry()["factbook-c5-macro"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, dataset_columns(spec["id"]))
    country = iso3_codes(path, df, "iso3", {})
    variable = filled(path, df, "variable")
    fail_where(path, df, ~variable.str.fullmatch(r"[a-z][a-z0-9_]*"), "variable", "is not a variable name")
    years = year(path, df, "year")
    value = number(path, df, "value", required=True, lo=0)
    pct = filled(path, df, "unit").str.startswith("%")
    fail_where(path, df, pct & (value > 100), "value", "is not a plausible percentage (0 to 100)")
    twice = pd.DataFrame({"c": country, "v": variable, "y": years}).duplicated()
    if twice.any():
        raise DataError(path, f"row {first_true_row(twice)}: the same country, variable and year as an earlier row")
    out = frame(spec["id"], df, country=country, year=years, indicator="factbook_" + variable, value=value)
    return Loaded(len(df), enc, {"indicators": out})


@importer("factbook-c5-partner-shares", ("partner_shares",))
def factbook_partner_shares(path: Path, data: bytes) -> Loaded:
    """Factbook top export/import partners (% of the country's goods exports/imports) -> ``partner_shares``.

    basis 'mirror' (the shares look partner-reported, PROVENANCE.md); vintage = the date of the
    Factbook copy. Partner names map to ISO3 (NULL if unknown, the name kept in partner_name).
    """
    spec = registry()["factbook-c5-partner-shares"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, dataset_columns(spec["id"]))
    target = iso3_codes(path, df, "iso3", {})
    flow = one_of(path, df, "flow", {"exports": "exports", "imports": "imports"}, "exports or imports")
    years = year(path, df, "reference_year")
    name = filled(path, df, "partner")
    share = number(path, df, "share_pct", required=True, lo=0, hi=100, what="percentage")
    vintage = filled(path, df, "vintage_commit_date")
    fail_where(path, df, ~vintage.str.fullmatch(r"\d{4}-\d{2}-\d{2}"), "vintage_commit_date", "is not a date (YYYY-MM-DD)")
    partner = name.map(factbook_iso3).astype(object)
    out = frame(spec["id"], df, target=target, flow=flow, year=years, partner=partner, share_pct=share,
                basis="mirror", vintage=vintage, vintage_commit=text(df["vintage_commit"].str.strip()),
                partner_name=name)
    return Loaded(len(df), enc, {"partner_shares": out})
