"""SIPRI Arms Transfers Database trade register -> ``arms_deals`` and ``arms_deliveries``."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ...errors import DataError
from ..registry import Loaded, importer, registry
from .common import YEARS, decode, first_row, frame, iso3_of_names, number, text, year

SIPRI_FLAGS = {3: "year_order_uncertain", 5: "number_ordered_uncertain", 9: "number_delivered_uncertain"}


def _sipri_records(path: Path, text_: str, expected: list[str]) -> list[list[str]]:
    lines = text_.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines[:80]) if line.startswith("Recipient,")), None)
    if start is None:
        raise DataError(path, "unexpected header: no header line starting 'Recipient,' in the first 80 lines "
                              "(is this a SIPRI trade-register CSV export?)")
    reader = csv.reader(io.StringIO("".join(lines[start:])))
    header = [h.strip() for h in next(reader)]
    n = len(expected)
    if len(header) < n or any(h != e for h, e in zip(header, expected)):
        diffs = [f"column {i + 1} is {h!r}, expected {e!r}" for i, (h, e) in
                 enumerate(zip(header + [""] * n, expected)) if h != e]
        raise DataError(path, f"unexpected header (line {start + 1}): "
                              + ("; ".join(diffs[:3]) or f"{len(header)} columns, expected {n}"))
    records: list[list[str]] = []
    pending: tuple[list[str], int] | None = None
    for rec in reader:
        line = start + reader.line_num
        if not any(f.strip() for f in rec):
            continue
        if pending is not None:      # a record broken over two lines by a line break in Comments
            head, head_line = pending
            if len(head) + len(rec) - 1 != n:
                raise DataError(path, f"line {head_line}: {len(head)} fields, expected {n}")
            rec = head[:-1] + [head[-1] + rec[0]] + rec[1:]
            pending = None
        if len(rec) == n:
            records.append(rec)
        elif len(rec) < n:
            pending = (rec, line)
        else:
            raise DataError(path, f"line {line}: {len(rec)} fields, expected {n}")
    if pending is not None:
        raise DataError(path, f"line {pending[1]}: {len(pending[0])} fields, expected {n}")
    if not records:
        raise DataError(path, "no data rows after the header")
    return records


@importer("sipri-arms-transfers", ("arms_deals", "arms_deliveries"))
def sipri(path: Path, data: bytes) -> Loaded:
    """SIPRI trade register -> ``arms_deals`` (one row a deal) and ``arms_deliveries``.

    '?' uncertainty markers (SIPRI's unnamed flag columns, or a '?' glued to a
    value) are stripped from the values and kept as booleans: one per flagged
    column and ``uncertain`` = any of them. Country names map to ISO3 (rebel
    groups, IGOs and 'unknown ...' -> NULL; the SIPRI name stays in *_name).

    Deliveries: one row per deal and delivery year, ``tiv`` = the deal's delivered
    TIV divided equally among its delivery years (SIPRI gives no yearly split), so
    a deal's ``arms_deliveries`` rows sum to its ``tiv_delivered``. Deals with no
    delivery years have no delivery rows; a missing delivered TIV gives NULL tiv.
    """
    spec = registry()["sipri-arms-transfers"]
    text_, enc = decode(path, data, ("utf-8", "latin-1"))
    records = _sipri_records(path, text_, [str(c) for c in spec["layout"]["columns"]])
    df = pd.DataFrame(records, columns=[f"c{i}" for i in range(len(records[0]))])
    flags = {}
    for col, name in SIPRI_FLAGS.items():
        raw = df[f"c{col}"].str.strip()
        bad = ~raw.isin(["", "?"])
        if bad.any():
            i = first_row(df, bad)
            raise DataError(path, f"row {i}, column {col + 1} (uncertainty flag): {raw.iloc[i - 1]!r} is not '?'")
        value_col = f"c{col - 1}"
        glued = df[value_col].str.strip().str.endswith("?")
        df[value_col] = df[value_col].str.strip().str.rstrip("?").str.strip()
        flags[name] = (raw == "?") | glued
    glued_years = df["c10"].str.contains("?", regex=False)
    df["c10"] = df["c10"].str.replace("?", "", regex=False).str.strip()
    named = {"c2": "Year of order", "c4": "Number ordered", "c8": "Number delivered",
             "c13": "SIPRI TIV per unit", "c14": "SIPRI TIV for total order", "c15": "SIPRI TIV of delivered weapons"}
    df = df.rename(columns=named)
    year_order = year(path, df, "Year of order")
    ordered = number(path, df, "Number ordered", integer=True, lo=0)
    delivered = number(path, df, "Number delivered", integer=True, lo=0)
    tiv = {c: number(path, df, c, lo=0) for c in list(named.values())[3:]}
    uncertain = flags["year_order_uncertain"] | flags["number_ordered_uncertain"] | \
        flags["number_delivered_uncertain"] | glued_years
    recipient_name, supplier_name = df["c0"].str.strip(), df["c1"].str.strip()
    deals = frame(spec["id"], df, recipient=iso3_of_names(recipient_name), supplier=iso3_of_names(supplier_name),
                  year_order=year_order, number_ordered=ordered, weapon=text(df["c6"]), description=text(df["c7"]),
                  number_delivered=delivered, delivery_years=text(df["c10"]), status=text(df["c11"]),
                  comments=text(df["c12"].str.strip()), tiv_unit=tiv["SIPRI TIV per unit"],
                  tiv_order=tiv["SIPRI TIV for total order"], tiv_delivered=tiv["SIPRI TIV of delivered weapons"],
                  recipient_name=text(recipient_name), supplier_name=text(supplier_name),
                  uncertain=uncertain.astype(bool), **{k: v.astype(bool) for k, v in flags.items()})
    # deliveries: explode the '; '-separated years
    years = df["c10"].str.split(";").explode().str.strip()
    years = years[years != ""]
    bad = ~years.str.fullmatch(r"\d{4}")
    if bad.any():
        i = int(years[bad].index[0]) + 1
        raise DataError(path, f"row {i}, column 'Year(s) of delivery': {df['c10'].iloc[i - 1]!r} is not a "
                              "'; '-separated list of years")
    yrs = years.astype(int)
    if ((yrs < YEARS[0]) | (yrs > YEARS[1])).any():
        i = int(yrs[(yrs < YEARS[0]) | (yrs > YEARS[1])].index[0]) + 1
        raise DataError(path, f"row {i}, column 'Year(s) of delivery': implausible year in {df['c10'].iloc[i - 1]!r}")
    counts = yrs.groupby(level=0).size()
    idx = yrs.index
    share = deals["tiv_delivered"].to_numpy()[idx] / counts.reindex(idx).to_numpy()
    deliveries = pd.DataFrame({"dataset": spec["id"], "source_row": (idx + 1).astype("int64"),
                               "recipient": deals["recipient"].to_numpy()[idx],
                               "supplier": deals["supplier"].to_numpy()[idx],
                               "year": yrs.to_numpy(), "tiv": share})
    return Loaded(len(df), enc, {"arms_deals": deals, "arms_deliveries": deliveries})
