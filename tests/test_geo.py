"""The map's shapes: antimeridian unwrapping, simplification and rounding on small made-up polygons."""
from __future__ import annotations

import json

from shapely.geometry import MultiPolygon, Polygon, shape

from greatgame.web.geo import feature_collection, map_shape, unwrap_antimeridian


def test_a_shape_across_the_antimeridian_is_moved_east():
    # a "country" from 170 E to 190 E stored the Natural Earth way: one part each side of +-180
    east = Polygon([(170, 60), (180, 60), (180, 70), (170, 70)])
    west = Polygon([(-180, 60), (-170, 60), (-170, 70), (-180, 70)])
    out = unwrap_antimeridian(MultiPolygon([east, west]))
    assert out.bounds == (170.0, 60.0, 190.0, 70.0)
    assert out.area == east.area + west.area


def test_a_shape_within_one_hemisphere_is_left_alone():
    for poly in (Polygon([(-10, 0), (10, 0), (10, 5), (-10, 5)]), Polygon([(50, 40), (80, 40), (80, 55)])):
        assert unwrap_antimeridian(poly).equals(poly)


def test_simplified_shapes_keep_their_place_and_drop_specks():
    # a jagged square (many points) with a speck of an island
    ring = [(60 + i / 100, 40 + (0.001 if i % 2 else 0)) for i in range(0, 1001)] + [(70, 50), (60, 50)]
    geom = {"type": "MultiPolygon", "coordinates": [[ring], [[(75, 45), (75.01, 45), (75.01, 45.01)]]]}
    out = map_shape(geom)
    g = shape(out)
    assert isinstance(g, Polygon)                                   # the speck is gone
    assert len(g.exterior.coords) < 20                              # the jagged edge is simplified
    assert g.bounds == (60.0, 40.0, 70.0, 50.0)
    assert all(round(x, 2) == x and round(y, 2) == y for x, y in g.exterior.coords)


def test_feature_collection_names_features_by_iso3_and_skips_blank_ids():
    square = json.dumps({"type": "Polygon", "coordinates": [[(1, 1), (2, 1), (2, 2), (1, 2), (1, 1)]]})
    fc = feature_collection([("KAZ", "Kazakhstan", square), ("", "nowhere", square)])
    assert [f["id"] for f in fc["features"]] == ["KAZ"]
    # the name, and where the map writes it: the point of the shape farthest from its edges (the centre here)
    assert fc["features"][0]["properties"] == {"name": "Kazakhstan", "label": [1.5, 1.5]}
