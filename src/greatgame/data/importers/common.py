"""What every importer uses: decoding, CSV reading, value checks that name the row, table frames.

Any problem raises ``DataError(path, reason)``, a one-line message. Every frame
row carries ``dataset`` (the importer's id) and, where the table has one,
``source_row``: the 1-based number of the data record in the file (the first
record after the header is 1).
"""
from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from ...errors import DataError
from ..iso import NUMERIC_ALPHA3, name_to_iso3
from ..registry import registry

YEARS = (1900, 2100)          # plausible calendar years in any dataset


def decode(path: Path, data: bytes, encodings: tuple[str, ...] = ("utf-8",)) -> tuple[str, str]:
    """The text of ``data`` in the first of ``encodings`` that decodes it, and that encoding."""
    if not data.strip():
        raise DataError(path, "empty file")
    first: UnicodeDecodeError | None = None
    for enc in encodings:
        try:
            return data.decode(enc).removeprefix("\ufeff"), enc
        except UnicodeDecodeError as exc:
            first = first or exc
    assert first is not None
    line = data.count(b"\n", 0, first.start) + 1
    raise DataError(path, f"not {encodings[0].upper()} text: byte 0x{data[first.start]:02x} at offset "
                          f"{first.start} (line {line}) cannot be decoded; save the file as UTF-8")


def layout_columns(spec: dict[str, Any]) -> list[str]:
    """The named columns of a dataset's layout (registry.yaml)."""
    return [c for c in spec["layout"]["columns"] if c]


def read_csv(path: Path, text: str, columns: list[str]) -> pd.DataFrame:
    """Every cell as a string ('' when empty); checks that ``columns`` are in the header."""
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as exc:
        raise DataError(path, f"not readable as CSV ({str(exc).splitlines()[0] if str(exc) else exc})") from None
    header = [str(c) for c in df.columns]
    missing = [c for c in columns if c not in header]
    if missing:
        shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
        raise DataError(path, f"unexpected header: missing column(s) {', '.join(repr(c) for c in missing)} "
                              f"(found: {shown})")
    if df.empty:
        raise DataError(path, "no data rows after the header")
    return df


def first_row(df: pd.DataFrame, mask: pd.Series) -> int:
    """The source row (1-based) of the first True in ``mask``."""
    return int(mask[mask].index[0]) + 1


def number(path: Path, df: pd.DataFrame, col: str, *, integer: bool = False, nulls: tuple[str, ...] = ("",),
           required: bool = False, lo: float | None = None, hi: float | None = None,
           what: str = "value") -> pd.Series:
    """Column ``col`` parsed as numbers: float64 (NaN = missing) or Int64; errors name the row."""
    raw = df[col].astype(str).str.strip()
    missing = raw.isin(nulls) | (raw == "")
    values = pd.to_numeric(raw.mask(missing), errors="coerce")
    bad = values.isna() & ~missing
    if bad.any():
        i = first_row(df, bad)
        raise DataError(path, f"row {i}, column {col!r}: {df[col].iloc[i - 1]!r} is not a number")
    if required and missing.any():
        raise DataError(path, f"row {first_row(df, missing)}, column {col!r}: missing value")
    if integer:
        frac = values.notna() & (values % 1 != 0)
        if frac.any():
            i = first_row(df, frac)
            raise DataError(path, f"row {i}, column {col!r}: {df[col].iloc[i - 1]!r} is not a whole number")
    out_of_range = pd.Series(False, index=df.index)
    if lo is not None:
        out_of_range |= values < lo
    if hi is not None:
        out_of_range |= values > hi
    if out_of_range.any():
        i = first_row(df, out_of_range)
        bounds = " to ".join(f"{b:g}" for b in (lo, hi) if b is not None)
        side = "" if lo is not None and hi is not None else ("at least " if lo is not None else "at most ")
        raise DataError(path, f"row {i}, column {col!r}: {df[col].iloc[i - 1]!r} is not a plausible {what} "
                              f"({side}{bounds})")
    return values.astype("Int64") if integer else values.astype("float64")


def year(path: Path, df: pd.DataFrame, col: str) -> pd.Series:
    return number(path, df, col, integer=True, required=True, lo=YEARS[0], hi=YEARS[1], what="year")


def boolean(path: Path, df: pd.DataFrame, col: str) -> pd.Series:
    raw = df[col].astype(str).str.strip().str.lower()
    table = {"true": True, "false": False, "1": True, "0": False, "": None}
    bad = ~raw.isin(list(table))
    if bad.any():
        i = first_row(df, bad)
        raise DataError(path, f"row {i}, column {col!r}: {df[col].iloc[i - 1]!r} is not true/false")
    return raw.map(table).astype("boolean")


def text(series: pd.Series) -> pd.Series:
    """Strings with '' (and whitespace-only) as None."""
    s = series.astype(str)
    return s.astype(object).where(s.str.strip() != "", None)


def iso3_of_names(series: pd.Series) -> pd.Series:
    codes = {n: name_to_iso3(n) for n in series.unique()}
    return series.map(codes).astype(object)


def frame(dataset: str, df: pd.DataFrame, **columns: Any) -> pd.DataFrame:
    """A table frame: dataset, source_row (from ``df``'s index) and ``columns``."""
    out = pd.DataFrame({"dataset": dataset, "source_row": (df.index + 1).astype("int64")}, index=df.index)
    for name, values in columns.items():
        out[name] = values
    return out.reset_index(drop=True)


# Withdrawn ISO 3166 codes the files still use.
OLD_CODES = {"530": "ANT",      # Netherlands Antilles (dissolved 2010)
             "736": "SDN"}      # Sudan before South Sudan's independence (now 729)
ISO3 = frozenset(NUMERIC_ALPHA3.values()) | {"ANT", "XKX"}


def label_key(label: str) -> str:
    """A label for lookups: accents and case folded, ё -> е, spaces collapsed."""
    s = unicodedata.normalize("NFKD", str(label))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().replace("ё", "е").replace("’", "'").split())


def fold_labels(table: dict[str, Any]) -> dict[str, Any]:
    return {label_key(k): v for k, v in table.items()}


def dataset_columns(dataset: str) -> list[str]:
    return [c for c in registry()[dataset]["layout"]["columns"] if c]


def first_true_row(mask: pd.Series) -> int:
    """The source row (1-based) of the first True in ``mask``."""
    return int(mask[mask].index[0]) + 1


def fail_where(path: Path, df: pd.DataFrame, mask: pd.Series, col: str, why: str) -> None:
    if mask.any():
        i = first_true_row(mask)
        raise DataError(path, f"row {i}, column {col!r}: {df[col].iloc[i - 1]!r} {why}")


def filled(path: Path, df: pd.DataFrame, col: str) -> pd.Series:
    """Column ``col`` stripped; a blank cell is an error."""
    s = df[col].astype(str).str.strip()
    blank = s == ""
    if blank.any():
        raise DataError(path, f"row {first_true_row(blank)}, column {col!r}: missing value")
    return s


def one_of(path: Path, df: pd.DataFrame, col: str, allowed: dict[str, Any], what: str) -> pd.Series:
    """Column ``col`` (stripped) mapped through ``allowed``; any other value is an error."""
    s = filled(path, df, col)
    fail_where(path, df, ~s.isin(list(allowed)), col, f"is not {what}")
    return s.map(allowed)


def iso3_codes(path: Path, df: pd.DataFrame, col: str, special: dict[str, str | None]) -> pd.Series:
    """ISO3 codes in ``col``: a current or withdrawn ISO 3166 alpha-3 code, or one of ``special``."""
    s = filled(path, df, col)
    fail_where(path, df, ~(s.isin(list(ISO3)) | s.isin(list(special))), col,
          "is not an ISO 3166 alpha-3 code" + (f" or one of {', '.join(special)}" if special else ""))
    return s.map(lambda c: special.get(c, c)).astype(object)


def none_if_nan(s: pd.Series) -> pd.Series:
    return s.astype(object).where(s.notna(), None)
