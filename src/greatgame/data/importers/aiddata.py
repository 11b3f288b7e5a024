"""AidData: Chinese official finance and public diplomacy -> ``aid_projects``, ``public_diplomacy``."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..registry import Loaded, importer, registry
from .common import boolean, decode, frame, iso3_of_names, layout_columns, number, read_csv, text, year

def _aid(dataset: str, defl: str, category: str | None, path: Path, data: bytes) -> Loaded:
    spec = registry()[dataset]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, layout_columns(spec))
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
    df = read_csv(path, text_, layout_columns(spec))
    years = year(path, df, "year")
    names = df["receiving_country"].str.strip()
    codes = iso3_of_names(names)
    parts = []
    for col in layout_columns(spec)[2:]:
        value = number(path, df, col, nulls=("N/A",), lo=0)
        keep = value.notna()
        parts.append(frame(spec["id"], df[keep], recipient=codes[keep], year=years[keep], indicator=col,
                           value=value[keep], recipient_name=names[keep]))
    out = pd.concat(parts, ignore_index=True).sort_values("source_row", kind="stable").reset_index(drop=True)
    return Loaded(len(df), enc, {"public_diplomacy": out})
