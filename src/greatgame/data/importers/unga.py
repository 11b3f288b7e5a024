"""UN General Assembly voting: ideal points and agreement (Bailey, Strezhnev and Voeten) -> ``unga``."""
from __future__ import annotations

from pathlib import Path

from ..registry import Loaded, importer, registry
from .common import YEARS, decode, frame, layout_columns, number, read_csv, text

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
    df = read_csv(path, text_, layout_columns(spec))
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
