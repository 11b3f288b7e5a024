"""Country shapes for the dashboard map, prepared once from the Natural Earth boundaries in the knowledge base.

The map is drawn on plain longitude/latitude axes, so two things are done to the stored shapes:

* **the antimeridian**: Natural Earth closes Russia's Chukotka polygon along longitude -180, which on flat axes
  draws a band across the whole world. A shape that spans more than 180 degrees of longitude has its western
  longitudes moved east by 360 degrees, so Russia ends near 190 E instead of wrapping around.
* **size**: the shapes are simplified (``tolerance`` degrees, topology kept), islands under ``MIN_AREA`` are
  left out and coordinates are rounded to ``decimals`` places: the region's 16 countries shrink from about
  700 KB of GeoJSON to under 100 KB, more than fine enough for a map a few hundred pixels tall.
"""
from __future__ import annotations

import json
from typing import Any, Iterable

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

TOLERANCE = 0.05        # degrees: a few kilometres, under one pixel at the dashboard's zoom
MIN_AREA = 0.05         # square degrees (about 400 km2 at these latitudes): smaller islands are left out
DECIMALS = 2            # coordinates rounded to 0.01 degree


def unwrap_antimeridian(geom: Polygon | MultiPolygon) -> Polygon | MultiPolygon:
    """A shape spanning more than 180 degrees of longitude with its western longitudes moved east by 360."""
    minx, _, maxx, _ = geom.bounds
    if maxx - minx <= 180:
        return geom
    return shapely.transform(geom, _shift_west)


def _shift_west(xy: np.ndarray) -> np.ndarray:
    xy = xy.copy()
    xy[xy[:, 0] < 0, 0] += 360
    return xy


def map_shape(geometry: dict[str, Any], tolerance: float = TOLERANCE, decimals: int = DECIMALS
              ) -> dict[str, Any] | None:
    """One GeoJSON geometry ready for the flat map: unwrapped, simplified, rounded; None if nothing is left."""
    geom = shape(geometry)
    if not isinstance(geom, (Polygon, MultiPolygon)) or geom.is_empty:
        return None
    geom = unwrap_antimeridian(shapely.make_valid(geom) if not geom.is_valid else geom)
    geom = _drop_specks(geom.simplify(tolerance, preserve_topology=True), MIN_AREA)
    geom = shapely.transform(geom, lambda xy: np.round(xy, decimals))
    if geom.is_empty:
        return None
    return mapping(geom)


def _drop_specks(geom: Polygon | MultiPolygon, min_area: float) -> Polygon | MultiPolygon:
    """The shape without parts smaller than ``min_area``; the largest part always stays."""
    if not isinstance(geom, MultiPolygon):
        return geom
    parts = sorted(geom.geoms, key=lambda g: -g.area)
    kept = [parts[0]] + [g for g in parts[1:] if g.area >= min_area]
    return MultiPolygon(kept) if len(kept) > 1 else kept[0]


def label_point(geometry: dict[str, Any]) -> list[float]:
    """Where the map writes a country's label: the point of its largest part farthest from its edges."""
    from shapely.ops import polylabel

    geom = shape(geometry)
    largest = max(geom.geoms, key=lambda g: g.area) if isinstance(geom, MultiPolygon) else geom
    point = polylabel(largest, tolerance=0.05)
    return [round(point.x, 2), round(point.y, 2)]


def feature_collection(rows: Iterable[tuple[str, str, str]], tolerance: float = TOLERANCE,
                       decimals: int = DECIMALS) -> dict[str, Any]:
    """A GeoJSON FeatureCollection from ``(iso3, name, geometry_json)`` rows, each feature's ``id`` its ISO3."""
    feats = []
    for iso3, name, geometry in rows:
        if not iso3:
            continue
        geom = map_shape(json.loads(geometry), tolerance, decimals)
        if geom is not None:
            feats.append({"type": "Feature", "id": iso3, "properties": {"name": name, "label": label_point(geom)},
                          "geometry": geom})
    return {"type": "FeatureCollection", "features": feats}
