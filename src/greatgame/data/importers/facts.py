"""Calibration facts compiled from public reporting -> ``claims``."""
from __future__ import annotations

import calendar
import re
from pathlib import Path

from ...errors import DataError, PeriodError
from ..registry import Loaded, importer, registry
from .common import YEARS, decode, first_row, frame, layout_columns, number, read_csv, text

PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
USD_UNITS = {"USD bn": 1e9, "USD mn": 1e6, "USD": 1.0}


def period_bounds(period: str) -> tuple[str, str]:
    """('2019' -> 2019-01-01, 2019-12-31), ('2022-01..2022-09' -> 2022-01-01, 2022-09-30), dates as is.

    Anything else raises ``PeriodError``.
    """
    start, _, end = period.strip().partition("..")
    end = end or start
    out = []
    for part, first in ((start, True), (end, False)):
        m = PERIOD.fullmatch(part.strip())
        if not m:
            raise PeriodError(period)
        y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        month = int(mo) if mo else (1 if first else 12)
        if not 1 <= month <= 12:
            raise PeriodError(period)
        last = calendar.monthrange(y, month)[1]
        day = int(d) if d else (1 if first else last)
        if not 1 <= day <= last or not YEARS[0] <= y <= YEARS[1]:
            raise PeriodError(period)
        out.append(f"{y:04d}-{month:02d}-{day:02d}")
    if out[0] > out[1]:
        raise PeriodError(period)
    return out[0], out[1]


@importer("calibration-facts", ("claims",))
def calibration_facts(path: Path, data: bytes) -> Loaded:
    """Calibration facts -> ``claims``.

    period_start/period_end: the first and last day of the period (ISO dates).
    value_usd: value x 1e9 for 'USD bn', x 1e6 for 'USD mn' (else NULL).
    low_confidence: the note (or source) says 'low-confidence'.
    """
    spec = registry()["calibration-facts"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, layout_columns(spec))
    value = number(path, df, "value", required=True)
    bounds = []
    for i, p in enumerate(df["period"], start=1):
        try:
            bounds.append(period_bounds(p))
        except PeriodError:
            raise DataError(path, f"row {i}, column 'period': {p!r} is not a year, date or start..end") from None
    for col in ("subject", "measure", "unit", "source"):
        blank = df[col].str.strip() == ""
        if blank.any():
            raise DataError(path, f"row {first_row(df, blank)}, column {col!r}: missing value")
    unit = df["unit"].str.strip()
    value_usd = value * unit.map(USD_UNITS).astype("float64")
    flagged = (df["note"] + " " + df["source"]).str.lower().str.contains("low-confidence", regex=False)
    out = frame(spec["id"], df, subject=text(df["subject"].str.strip()), partner=text(df["partner"].str.strip()),
                measure=text(df["measure"].str.strip()), period=text(df["period"].str.strip()),
                period_start=[b[0] for b in bounds], period_end=[b[1] for b in bounds], value=value,
                unit=text(unit), value_usd=value_usd, source=text(df["source"]), note=text(df["note"]),
                low_confidence=flagged.astype(bool))
    return Loaded(len(df), enc, {"claims": out})
