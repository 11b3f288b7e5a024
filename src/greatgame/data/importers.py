"""One importer per reference dataset, registered by its id in ``registry.yaml``.

An importer turns the bytes of one file into data frames, one per table it
writes, after checking the file: its encoding (UTF-8 unless the registry says
otherwise), its header (every column the registry lists must be there), and its
values (numeric columns parse, years are plausible, codes are known). Any
problem raises ``DataError(path, reason)``, a one-line message. Storing the
frames (one transaction per dataset) is ``greatgame.data.import_reference``'s job.

Every frame row carries ``dataset`` (the importer's id) and, where the table has
one, ``source_row``: the 1-based number of the data record in the file (the
first record after the header is 1).
"""
from __future__ import annotations

import calendar
import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .errors import DataError
from .iso import name_to_iso3, numeric_to_iso3
from .topojson import Topology, polygons

YEARS = (1900, 2100)          # plausible calendar years in any dataset


# ------------------------------------------------------------------ registry
@lru_cache(maxsize=1)
def registry() -> dict[str, dict[str, Any]]:
    """The dataset entries of ``registry.yaml``, by id (in file order)."""
    text = resources.files(__package__).joinpath("registry.yaml").read_text("utf-8")
    return {d["id"]: d for d in yaml.safe_load(text)["datasets"]}


@dataclass
class Loaded:
    """What an importer read from one file."""

    rows: int                              # data records in the file
    encoding: str                          # the encoding the file was read with
    tables: dict[str, pd.DataFrame]        # table -> rows to store


@dataclass(frozen=True)
class Importer:
    id: str
    file: str                              # the file name it recognises
    tables: tuple[str, ...]                # tables whose rows of this dataset it replaces
    load: Callable[[Path, bytes], Loaded]

    @property
    def spec(self) -> dict[str, Any]:
        return registry()[self.id]


IMPORTERS: dict[str, Importer] = {}


def importer(dataset_id: str, tables: tuple[str, ...]) -> Callable[[Callable[..., Loaded]], Callable[..., Loaded]]:
    """Register ``fn(path, data) -> Loaded`` as the importer of ``dataset_id``."""
    def register(fn: Callable[..., Loaded]) -> Callable[..., Loaded]:
        spec = registry()[dataset_id]
        if tuple(spec["tables"]) != tuple(tables):
            raise RuntimeError(f"registry.yaml: {dataset_id} tables {spec['tables']} != importer's {tables}")
        IMPORTERS[dataset_id] = Importer(dataset_id, spec["layout"]["file"], tuple(tables), fn)
        return fn
    return register


def by_file_name() -> dict[str, Importer]:
    return {imp.file: imp for imp in IMPORTERS.values()}


def sniff(path: Path) -> Importer | None:
    """The importer whose CSV header the file has (for files whose name is not a known one)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536).decode("latin-1")
    except OSError:
        return None
    lines = head.splitlines()[:60]
    for imp in IMPORTERS.values():
        layout = imp.spec["layout"]
        if layout["format"] != "csv":
            continue
        wanted = [c for c in layout["columns"] if c]
        for line in lines:
            try:
                cells = {c.strip() for c in next(csv.reader([line]))}
            except (StopIteration, csv.Error):
                continue
            if set(wanted) <= cells:
                return imp
    return None


# ------------------------------------------------------------------ reading helpers
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


def _columns(spec: dict[str, Any]) -> list[str]:
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


def _where(df: pd.DataFrame, mask: pd.Series) -> int:
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
        i = _where(df, bad)
        raise DataError(path, f"row {i}, column {col!r}: {df[col].iloc[i - 1]!r} is not a number")
    if required and missing.any():
        raise DataError(path, f"row {_where(df, missing)}, column {col!r}: missing value")
    if integer:
        frac = values.notna() & (values % 1 != 0)
        if frac.any():
            i = _where(df, frac)
            raise DataError(path, f"row {i}, column {col!r}: {df[col].iloc[i - 1]!r} is not a whole number")
    out_of_range = pd.Series(False, index=df.index)
    if lo is not None:
        out_of_range |= values < lo
    if hi is not None:
        out_of_range |= values > hi
    if out_of_range.any():
        i = _where(df, out_of_range)
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
        i = _where(df, bad)
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


# ------------------------------------------------------------------ IMF DOTS
@importer("imf-dots-c5", ("trade",))
def imf_dots(path: Path, data: bytes) -> Loaded:
    """IMF Direction of Trade Statistics -> ``trade``.

    flow 'exports_fob' -> 'exports', 'imports_cif' -> 'imports' (the reporter's).
    Rows whose partner_iso3 is blank (IMF regional aggregates such as 'Advanced
    Economies') are dropped; WLD, EUU and historical codes (SUN, YUG ...) are kept.
    """
    spec = registry()["imf-dots-c5"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, _columns(spec))
    flows = {"exports_fob": "exports", "imports_cif": "imports"}
    bad = ~df["flow"].isin(list(flows))
    if bad.any():
        i = _where(df, bad)
        raise DataError(path, f"row {i}, column 'flow': {df['flow'].iloc[i - 1]!r} is not exports_fob or imports_cif")
    years = year(path, df, "year")
    value = number(path, df, "value_usd_mn", required=True)
    estimated = boolean(path, df, "estimated")
    for col in ("reporter_iso3",):
        blank = df[col].str.strip() == ""
        if blank.any():
            raise DataError(path, f"row {_where(df, blank)}, column {col!r}: missing value")
    keep = df["partner_iso3"].str.strip() != ""
    out = frame(spec["id"], df[keep], reporter=df["reporter_iso3"].str.strip()[keep],
                partner=df["partner_iso3"].str.strip()[keep], flow=df["flow"][keep].map(flows),
                year=years[keep], value_usd_mn=value[keep], estimated=estimated[keep],
                reporter_name=text(df["reporter"])[keep], partner_name=text(df["partner"])[keep])
    return Loaded(len(df), enc, {"trade": out})


# ------------------------------------------------------------------ World Bank / WDI indicators
def _wb(dataset: str, indicator: str, path: Path, data: bytes) -> Loaded:
    spec = registry()[dataset]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, _columns(spec))
    years = year(path, df, "Year")
    value = number(path, df, "Value", lo=0 if indicator == "population" else None)
    blank = df["Country Code"].str.strip() == ""
    if blank.any():
        raise DataError(path, f"row {_where(df, blank)}, column 'Country Code': missing value")
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
    df = read_csv(path, text_, _columns(spec))
    wrong = df["indicator_code"].str.strip() != "BX.TRF.PWKR.DT.GD.ZS"
    if wrong.any():
        i = _where(df, wrong)
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
    df = read_csv(path, text_, _columns(spec))
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


# ------------------------------------------------------------------ SIPRI
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
            i = _where(df, bad)
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


# ------------------------------------------------------------------ UNGA
UNGA_AGREE = {"USAgree": "agree_usa", "RUSSAgree": "agree_rus", "ChinaAgree": "agree_chn",
              "IndiaAgree": "agree_ind", "BrazilAgree": "agree_bra", "IsraelAgree": "agree_isr"}
# The file codes both Yemens 'YAR': North Yemen (COW 678) held ISO YEM, South Yemen (680) ISO 3166-3 YMD.
UNGA_CCODE_ISO3 = {678: "YEM", 680: "YMD"}


@importer("unga-ideal-points", ("unga",))
def unga(path: Path, data: bytes) -> Loaded:
    """UNGA ideal points -> ``unga``.

    year = 1945 + session: the calendar year the session opened (session 1 opened
    in January 1946, every later one in September of 1945 + session; PROVENANCE:
    sessions 1-78 = 1946-2023). 'NA' -> NULL. country = the file's iso3c, except
    the two Yemens it both codes 'YAR' (COW 678 -> YEM, 680 -> YMD).
    """
    spec = registry()["unga-ideal-points"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, _columns(spec))
    ccode = number(path, df, "ccode", integer=True, required=True, lo=1, hi=1000, what="COW code")
    session = number(path, df, "session", integer=True, required=True, lo=1, hi=YEARS[1] - 1945, what="session")
    n_votes = number(path, df, "NVotesAll", integer=True, nulls=("NA",), lo=0)
    ideal = number(path, df, "IdealPointAll", nulls=("NA",), lo=-10, hi=10, what="ideal point")
    agree = {out: number(path, df, col, nulls=("NA",), lo=0, hi=1, what="share of votes")
             for col, out in UNGA_AGREE.items()}
    country = df["iso3c"].str.strip().where(df["iso3c"].str.strip() != "NA", "")
    country = ccode.map(UNGA_CCODE_ISO3).astype(object).where(ccode.isin(list(UNGA_CCODE_ISO3)), country)
    out = frame(spec["id"], df, country=text(country.astype(str)), session=session, year=session + 1945,
                n_votes=n_votes, ideal_point=ideal, **agree, ccode=ccode, country_name=text(df["Countryname"]))
    return Loaded(len(df), enc, {"unga": out})


# ------------------------------------------------------------------ COW IGO
COW_STATES = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "CHN", "RUS", "USA", "TUR", "IRN", "IND", "JPN", "KOR")


@importer("cow-igo", ("igo_membership",))
def cow_igo(path: Path, data: bytes) -> Loaded:
    """COW IGO (wide, a column per state) -> ``igo_membership`` (long: IGO, year, state).

    Every code is kept as COW writes it: 1 full, 2 associate, 3 observer,
    0 none, -9 missing, -1 state not in the system.
    """
    spec = registry()["cow-igo"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, _columns(spec))
    years = year(path, df, "year")
    ionum = number(path, df, "ionum", integer=True)
    parts = []
    for state in COW_STATES:
        status = number(path, df, state, integer=True, required=True, lo=-9, hi=9, what="membership code")
        parts.append(frame(spec["id"], df, io=text(df["ioname"]), orgname=text(df["orgname"]), year=years,
                           country=state, status=status, ionum=ionum))
    out = pd.concat(parts, ignore_index=True).sort_values(["source_row", "country"], kind="stable")
    return Loaded(len(df), enc, {"igo_membership": out.reset_index(drop=True)})


# ------------------------------------------------------------------ AidData
def _aid(dataset: str, defl: str, category: str | None, path: Path, data: bytes) -> Loaded:
    spec = registry()[dataset]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, _columns(spec))
    out = frame(dataset, df, project_id=text(df["project_id"].str.strip()), year=year(path, df, "year"),
                donor=text(df["donor"]), recipient=text(df["recipient_iso3"].str.strip()),
                recipient_name=text(df["recipient_condensed"]), title=text(df["title"]),
                category=text(df[category]) if category else None, flow_class=text(df["flow_class"]),
                intent=text(df["intent"]), status=text(df["status"]),
                recommended=boolean(path, df, "recommended_for_research"),
                amount=number(path, df, "amount", lo=0), currency=text(df["currency"].str.strip()),
                usd_current=number(path, df, "usd_current", lo=0), usd_defl=number(path, df, defl, lo=0),
                flow=text(df["flow"]), sector=text(df["crs_sector_name"]),
                year_uncertain=boolean(path, df, "year_uncertain"))
    out["category"] = out["category"].astype(object)
    return Loaded(len(df), enc, {"aid_projects": out})


@importer("aiddata-gcof-v1", ("aid_projects",))
def aiddata_gcof(path: Path, data: bytes) -> Loaded:
    """AidData Global Chinese Official Finance v1.0 -> ``aid_projects`` (usd_defl = usd_defl_2014; no category)."""
    return _aid("aiddata-gcof-v1", "usd_defl_2014", None, path, data)


@importer("aiddata-pd-finance-v2", ("aid_projects",))
def aiddata_pd_finance(path: Path, data: bytes) -> Loaded:
    """AidData China financial public diplomacy projects v2.0 -> ``aid_projects``."""
    return _aid("aiddata-pd-finance-v2", "usd_defl", "category", path, data)


@importer("aiddata-pd-v2", ("public_diplomacy",))
def aiddata_public_diplomacy(path: Path, data: bytes) -> Loaded:
    """AidData China public diplomacy panel -> ``public_diplomacy`` (long).

    One row per recipient, year and indicator (the column name); 'N/A' (not
    collected) gives no row: missing, not zero. Names map to ISO3 via the ontology.
    """
    spec = registry()["aiddata-pd-v2"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, _columns(spec))
    years = year(path, df, "year")
    names = df["receiving_country"].str.strip()
    codes = iso3_of_names(names)
    parts = []
    for col in _columns(spec)[2:]:
        value = number(path, df, col, nulls=("N/A",), lo=0)
        keep = value.notna()
        parts.append(frame(spec["id"], df[keep], recipient=codes[keep], year=years[keep], indicator=col,
                           value=value[keep], recipient_name=names[keep]))
    out = pd.concat(parts, ignore_index=True).sort_values("source_row", kind="stable").reset_index(drop=True)
    return Loaded(len(df), enc, {"public_diplomacy": out})


# ------------------------------------------------------------------ boundaries
def _json(path: Path, data: bytes) -> tuple[Any, str]:
    text_, enc = decode(path, data)
    try:
        return json.loads(text_), enc
    except json.JSONDecodeError as exc:
        raise DataError(path, f"not valid JSON ({exc})") from None


def _check_lonlat(path: Path, where: str, geometry: dict[str, Any]) -> None:
    for poly in polygons(geometry):
        for ring in poly:
            for x, y, *_ in ring:
                if not (-180.0001 <= x <= 180.0001 and -90.0001 <= y <= 90.0001):
                    raise DataError(path, f"{where}: coordinate ({x}, {y}) is not lon/lat in degrees")


def _geom_json(geometry: dict[str, Any]) -> str:
    return json.dumps(geometry, separators=(",", ":"))


def _topojson(dataset: str, resolution: str, path: Path, data: bytes) -> Loaded:
    topo, enc = _json(path, data)
    countries = (topo.get("objects") or {}).get("countries") if isinstance(topo, dict) else None
    if not isinstance(countries, dict) or not isinstance(countries.get("geometries"), list):
        raise DataError(path, "not a world-atlas TopoJSON topology (no objects.countries geometry collection)")
    try:
        topology = Topology(topo)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise DataError(path, f"invalid TopoJSON ({exc})") from None
    merged: dict[str, dict[str, Any]] = {}
    rows: list[dict[str, Any]] = []
    for k, obj in enumerate(countries["geometries"], start=1):
        name = (obj.get("properties") or {}).get("name")
        num = obj.get("id")
        try:
            geometry = topology.geometry(obj)
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise DataError(path, f"geometry {k} ({name}): invalid ({exc})") from None
        if geometry is None:
            continue
        if geometry["type"] not in ("Polygon", "MultiPolygon"):
            raise DataError(path, f"geometry {k} ({name}): a {geometry['type']}, not a polygon")
        _check_lonlat(path, f"geometry {k} ({name})", geometry)
        iso3 = numeric_to_iso3(num) or name_to_iso3(name)
        arcs = sum(len(r) for p in polygons({"type": obj["type"], "coordinates": obj["arcs"]}) for r in p)
        row = {"iso3": iso3, "name": name, "iso_n3": str(num) if num is not None else None,
               "source_row": k, "polys": polygons(geometry), "arcs": arcs}
        if iso3 and iso3 in merged:     # e.g. Australia and Ashmore and Cartier Is. share 036
            main = merged[iso3]
            main["polys"] = main["polys"] + row["polys"]
            if row["arcs"] > main["arcs"]:
                main["name"], main["arcs"] = row["name"], row["arcs"]
            continue
        if iso3:
            merged[iso3] = row
        rows.append(row)
    out = pd.DataFrame({
        "dataset": dataset,
        "iso3": [r["iso3"] for r in rows],
        "name": [r["name"] for r in rows],
        "resolution": resolution,
        "geometry": [_geom_json({"type": "Polygon", "coordinates": r["polys"][0]} if len(r["polys"]) == 1
                                else {"type": "MultiPolygon", "coordinates": r["polys"]}) for r in rows],
        "iso_n3": [r["iso_n3"] for r in rows],
        "source_row": [r["source_row"] for r in rows],
    })
    return Loaded(len(countries["geometries"]), enc, {"boundaries": out})


@importer("ne-countries-50m", ("boundaries",))
def ne_50m(path: Path, data: bytes) -> Loaded:
    """world-atlas countries-50m TopoJSON -> ``boundaries`` (resolution '50m').

    Arcs are decoded as topojson-client's ``feature()`` does. Country = ISO3 of
    the numeric id (or of the name where there is no id: Kosovo -> XKX; other
    id-less areas such as Somaliland keep a NULL iso3). Geometries sharing an id
    are merged into one MultiPolygon named after the larger part.
    """
    return _topojson("ne-countries-50m", "50m", path, data)


@importer("ne-countries-110m", ("boundaries",))
def ne_110m(path: Path, data: bytes) -> Loaded:
    """world-atlas countries-110m TopoJSON -> ``boundaries`` (resolution '110m'); as the 50m importer."""
    return _topojson("ne-countries-110m", "110m", path, data)


@importer("ne-central-asia-50m", ("boundaries",))
def ne_central_asia(path: Path, data: bytes) -> Loaded:
    """Central Asia GeoJSON extract -> ``boundaries`` (resolution 'region-50m', so it does not double '50m')."""
    collection, enc = _json(path, data)
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection" \
            or not isinstance(collection.get("features"), list):
        raise DataError(path, "not a GeoJSON FeatureCollection")
    rows = []
    for k, feature in enumerate(collection["features"], start=1):
        props = feature.get("properties") or {}
        missing = [p for p in ("name", "iso_n3", "iso_a3") if p not in props]
        if missing:
            raise DataError(path, f"feature {k}: missing properties {', '.join(missing)}")
        geometry = feature.get("geometry")
        if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise DataError(path, f"feature {k} ({props['name']}): not a Polygon or MultiPolygon")
        _check_lonlat(path, f"feature {k} ({props['name']})", geometry)
        rows.append({"dataset": "ne-central-asia-50m", "iso3": props["iso_a3"], "name": props["name"],
                     "resolution": "region-50m", "geometry": _geom_json(geometry),
                     "iso_n3": str(props["iso_n3"]), "source_row": k})
    if not rows:
        raise DataError(path, "no features")
    return Loaded(len(rows), enc, {"boundaries": pd.DataFrame(rows)})


@importer("ne-adjacency-50m", ("adjacency",))
def ne_adjacency(path: Path, data: bytes) -> Loaded:
    """Land-border adjacency -> ``adjacency`` (ISO numeric -> ISO3; one row per undirected pair, as in the file)."""
    spec = registry()["ne-adjacency-50m"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, _columns(spec))
    codes = {}
    for col in ("iso_n3_a", "iso_n3_b"):
        raw = df[col].str.strip()
        bad = ~raw.str.fullmatch(r"\d{1,3}")
        if bad.any():
            i = _where(df, bad)
            raise DataError(path, f"row {i}, column {col!r}: {df[col].iloc[i - 1]!r} is not an ISO numeric code")
        codes[col] = raw.map(numeric_to_iso3).astype(object)
        unknown = codes[col].isna()
        if unknown.any():
            i = _where(df, unknown)
            raise DataError(path, f"row {i}, column {col!r}: {raw.iloc[i - 1]!r} is not an ISO 3166-1 numeric code")
    out = frame(spec["id"], df, a=codes["iso_n3_a"], b=codes["iso_n3_b"], a_name=text(df["name_a"]),
                b_name=text(df["name_b"]))
    return Loaded(len(df), enc, {"adjacency": out})


# ------------------------------------------------------------------ calibration facts
PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
USD_UNITS = {"USD bn": 1e9, "USD mn": 1e6, "USD": 1.0}


def period_bounds(period: str) -> tuple[str, str]:
    """('2019' -> 2019-01-01, 2019-12-31), ('2022-01..2022-09' -> 2022-01-01, 2022-09-30), dates as is."""
    start, _, end = period.strip().partition("..")
    end = end or start
    out = []
    for part, first in ((start, True), (end, False)):
        m = PERIOD.fullmatch(part.strip())
        if not m:
            raise ValueError(period)
        y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        month = int(mo) if mo else (1 if first else 12)
        if not 1 <= month <= 12:
            raise ValueError(period)
        last = calendar.monthrange(y, month)[1]
        day = int(d) if d else (1 if first else last)
        if not 1 <= day <= last or not YEARS[0] <= y <= YEARS[1]:
            raise ValueError(period)
        out.append(f"{y:04d}-{month:02d}-{day:02d}")
    if out[0] > out[1]:
        raise ValueError(period)
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
    df = read_csv(path, text_, _columns(spec))
    value = number(path, df, "value", required=True)
    bounds = []
    for i, p in enumerate(df["period"], start=1):
        try:
            bounds.append(period_bounds(p))
        except ValueError:
            raise DataError(path, f"row {i}, column 'period': {p!r} is not a year, date or start..end") from None
    for col in ("subject", "measure", "unit", "source"):
        blank = df[col].str.strip() == ""
        if blank.any():
            raise DataError(path, f"row {_where(df, blank)}, column {col!r}: missing value")
    unit = df["unit"].str.strip()
    value_usd = value * unit.map(USD_UNITS).astype("float64")
    flagged = (df["note"] + " " + df["source"]).str.lower().str.contains("low-confidence", regex=False)
    out = frame(spec["id"], df, subject=text(df["subject"].str.strip()), partner=text(df["partner"].str.strip()),
                measure=text(df["measure"].str.strip()), period=text(df["period"].str.strip()),
                period_start=[b[0] for b in bounds], period_end=[b[1] for b in bounds], value=value,
                unit=text(unit), value_usd=value_usd, source=text(df["source"]), note=text(df["note"]),
                low_confidence=flagged.astype(bool))
    return Loaded(len(df), enc, {"claims": out})
from . import national  # noqa: E402,F401  (registers the national-statistics, debt and Factbook importers)
