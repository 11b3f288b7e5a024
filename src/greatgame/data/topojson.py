"""TopoJSON -> GeoJSON geometries (the part of topojson-client's ``feature()`` greatgame needs).

A topology stores shared boundary lines once, as *arcs*; geometries list arc
indexes (a negative index ``~i`` means arc ``i`` reversed). Quantized
topologies (with a ``transform``) store each arc's points as integer deltas
from the previous point. Decoding follows topojson-client exactly (same point
order, same arithmetic), so the result equals what ``feature()`` gives.
"""
from __future__ import annotations

from typing import Any

from ..errors import TopologyError

Point = list[float]


class Topology:
    def __init__(self, topology: dict[str, Any]):
        if topology.get("type") != "Topology" or not isinstance(topology.get("arcs"), list):
            raise TopologyError("not a TopoJSON Topology (no type 'Topology' or no arcs)")
        transform = topology.get("transform")
        self.arcs: list[list[Point]] = [self._decode(arc, transform) for arc in topology["arcs"]]

    @staticmethod
    def _decode(arc: list[list[float]], transform: dict[str, Any] | None) -> list[Point]:
        if not transform:
            return [[float(p[0]), float(p[1])] for p in arc]
        kx, ky = transform["scale"]
        dx, dy = transform["translate"]
        x = y = 0
        out = []
        for p in arc:
            x += p[0]
            y += p[1]
            out.append([x * kx + dx, y * ky + dy])
        return out

    def _line(self, indexes: list[int]) -> list[Point]:
        points: list[Point] = []
        for i in indexes:
            if points:
                points.pop()
            arc = self.arcs[~i if i < 0 else i]
            points.extend(reversed(arc) if i < 0 else arc)
        if len(points) < 2 and points:
            points.append(points[0])
        return [list(p) for p in points]

    def _ring(self, indexes: list[int]) -> list[Point]:
        points = self._line(indexes)
        while points and len(points) < 4:
            points.append(points[0])
        return points

    def geometry(self, obj: dict[str, Any]) -> dict[str, Any] | None:
        """The GeoJSON geometry of one TopoJSON geometry object (None for a null geometry)."""
        kind = obj.get("type")
        if kind == "Polygon":
            return {"type": "Polygon", "coordinates": [self._ring(r) for r in obj["arcs"]]}
        if kind == "MultiPolygon":
            return {"type": "MultiPolygon",
                    "coordinates": [[self._ring(r) for r in poly] for poly in obj["arcs"]]}
        if kind == "LineString":
            return {"type": "LineString", "coordinates": self._line(obj["arcs"])}
        if kind == "MultiLineString":
            return {"type": "MultiLineString", "coordinates": [self._line(a) for a in obj["arcs"]]}
        if kind in ("Point", "MultiPoint"):
            raise TopologyError(f"{kind} geometries are not supported")
        if kind is None:
            return None
        raise TopologyError(f"unknown geometry type {kind!r}")


def polygons(geometry: dict[str, Any] | None) -> list[Any]:
    """The polygons of a Polygon or MultiPolygon geometry, as MultiPolygon coordinates."""
    if not geometry:
        return []
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise TopologyError(f"expected a polygon, not {geometry['type']}")
