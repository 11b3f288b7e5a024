"""Trade: IMF Direction of Trade Statistics -> ``trade``."""
from __future__ import annotations

from pathlib import Path


from ...errors import DataError
from ..registry import Loaded, importer, registry
from .common import boolean, decode, first_row, frame, layout_columns, number, read_csv, text, year

@importer("imf-dots-c5", ("trade",))
def imf_dots(path: Path, data: bytes) -> Loaded:
    """IMF Direction of Trade Statistics -> ``trade``.

    flow 'exports_fob' -> 'exports', 'imports_cif' -> 'imports' (the reporter's).
    Rows whose partner_iso3 is blank (IMF regional aggregates such as 'Advanced
    Economies') are dropped; WLD, EUU and historical codes (SUN, YUG ...) are kept.
    """
    spec = registry()["imf-dots-c5"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, layout_columns(spec))
    flows = {"exports_fob": "exports", "imports_cif": "imports"}
    bad = ~df["flow"].isin(list(flows))
    if bad.any():
        i = first_row(df, bad)
        raise DataError(path, f"row {i}, column 'flow': {df['flow'].iloc[i - 1]!r} is not exports_fob or imports_cif")
    years = year(path, df, "year")
    value = number(path, df, "value_usd_mn", required=True)
    estimated = boolean(path, df, "estimated")
    for col in ("reporter_iso3",):
        blank = df[col].str.strip() == ""
        if blank.any():
            raise DataError(path, f"row {first_row(df, blank)}, column {col!r}: missing value")
    keep = df["partner_iso3"].str.strip() != ""
    out = frame(spec["id"], df[keep], reporter=df["reporter_iso3"].str.strip()[keep],
                partner=df["partner_iso3"].str.strip()[keep], flow=df["flow"][keep].map(flows),
                year=years[keep], value_usd_mn=value[keep], estimated=estimated[keep],
                reporter_name=text(df["reporter"])[keep], partner_name=text(df["partner"])[keep])
    return Loaded(len(df), enc, {"trade": out})
