"""Natural Earth boundaries (world-atlas TopoJSON, a GeoJSON extract) and land-border adjacency."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from ...errors import DataError, TopologyError
from ..iso import name_to_iso3, numeric_to_iso3
from ..registry import Loaded, importer, registry
from ..topojson import Topology, polygons
from .common import decode, first_row, frame, layout_columns, read_csv, text

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
    except (TopologyError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise DataError(path, f"invalid TopoJSON ({exc})") from None
    merged: dict[str, dict[str, Any]] = {}
    rows: list[dict[str, Any]] = []
    for k, obj in enumerate(countries["geometries"], start=1):
        name = (obj.get("properties") or {}).get("name")
        num = obj.get("id")
        try:
            geometry = topology.geometry(obj)
        except (TopologyError, ValueError, KeyError, TypeError, IndexError) as exc:
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
    df = read_csv(path, text_, layout_columns(spec))
    codes = {}
    for col in ("iso_n3_a", "iso_n3_b"):
        raw = df[col].str.strip()
        bad = ~raw.str.fullmatch(r"\d{1,3}")
        if bad.any():
            i = first_row(df, bad)
            raise DataError(path, f"row {i}, column {col!r}: {df[col].iloc[i - 1]!r} is not an ISO numeric code")
        codes[col] = raw.map(numeric_to_iso3).astype(object)
        unknown = codes[col].isna()
        if unknown.any():
            i = first_row(df, unknown)
            raise DataError(path, f"row {i}, column {col!r}: {raw.iloc[i - 1]!r} is not an ISO 3166-1 numeric code")
    out = frame(spec["id"], df, a=codes["iso_n3_a"], b=codes["iso_n3_b"], a_name=text(df["name_a"]),
                b_name=text(df["name_b"]))
    return Loaded(len(df), enc, {"adjacency": out})
