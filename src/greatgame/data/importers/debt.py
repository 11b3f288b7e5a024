"""World Bank International Debt Statistics: PPG bilateral external debt stocks of the five states by creditor."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...errors import DataError
from ..registry import Loaded, importer, registry
from .common import (dataset_columns, decode, fail_where, filled, first_true_row, frame,
                     number, read_csv, text, year)
from ..iso import name_to_iso3

# ------------------------------------------------------------------ World Bank IDS debt stocks
IDS_NAMES = {"Kyrgyz Republic": "KGZ", "Russian Federation": "RUS", "All creditors": "ALL"}


def _ids_code(name: str) -> str | None:
    return IDS_NAMES.get(name) or name_to_iso3(name)


@importer("wb-ids-debt-c5", ("debt",))
def wb_ids_debt(path: Path, data: bytes) -> Loaded:
    """World Bank IDS PPG external debt stocks of the C5 owed to China, Russia and all creditors -> ``debt``.

    value_usd in US dollars (not millions), as in the file. debtor and creditor are ISO3 ('ALL' for
    "All creditors"); indicator is the IDS code (DT.DOD.BLAT.CD bilateral, DT.DOD.PCBK.CD commercial banks).
    """
    spec = registry()["wb-ids-debt-c5"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, dataset_columns(spec["id"]))
    indicator = filled(path, df, "indicator_code")
    fail_where(path, df, ~indicator.str.fullmatch(r"DT\.[A-Z0-9]+(\.[A-Z0-9]+)+"), "indicator_code",
          "is not an IDS indicator code (DT....)")
    years = year(path, df, "year")
    value = number(path, df, "value", required=True, lo=0, what="debt stock")
    codes = {}
    for col in ("debtor_name", "creditor_name"):
        names = filled(path, df, col)
        codes[col] = names.map(_ids_code).astype(object)
        fail_where(path, df, codes[col].isna(), col, "is not a country name greatgame knows")
    cell = pd.DataFrame({"d": codes["debtor_name"], "c": codes["creditor_name"], "i": indicator, "y": years})
    twice = cell.duplicated()
    if twice.any():
        raise DataError(path, f"row {first_true_row(twice)}: the same debtor, creditor, indicator and year as an earlier row")
    out = frame(spec["id"], df, debtor=codes["debtor_name"], creditor=codes["creditor_name"], indicator=indicator,
                year=years, value_usd=value, debtor_name=text(df["debtor_name"].str.strip()),
                creditor_name=text(df["creditor_name"].str.strip()), indicator_name=text(df["indicator_name"]))
    return Loaded(len(df), enc, {"debt": out})
