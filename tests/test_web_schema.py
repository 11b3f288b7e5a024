"""The OpenAPI schema describes every JSON response: no endpoint documents its 200 (or 201) as an empty ``{}``."""
from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from greatgame.web import create_app

PRIMITIVES = {"string", "integer", "number", "boolean"}


def _described(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> bool:
    """Whether ``schema`` says what it holds: an object with properties (or a map of described values), an array
    of described items, or a primitive type."""
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if schema.get("type") in PRIMITIVES:
        return True
    if schema.get("type") == "array":
        return bool(schema.get("items")) and _described(schema["items"], components, depth + 1)
    if schema.get("type") == "object" or "properties" in schema:
        if schema.get("properties"):
            return True
        extra = schema.get("additionalProperties")
        return isinstance(extra, dict) and bool(extra) and _described(extra, components, depth + 1)
    return False


def test_every_json_response_has_a_schema(tmp_path):
    with TestClient(create_app(tmp_path / "kb.duckdb")) as client:
        schema = client.get("/openapi.json").json()
    components = schema.get("components", {}).get("schemas", {})
    seen = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            ok = {code: r for code, r in op["responses"].items() if code.startswith("2")}
            assert ok, (method, path)
            for code, response in ok.items():
                body = response.get("content", {}).get("application/json", {}).get("schema")
                assert body, (method, path, code, "no JSON schema")
                assert _described(body, components), (method, path, code, body)
                seen.append(f"{method.upper()} {path}")
    # every JSON endpoint of the API, pages excluded
    assert {"GET /api/documents", "POST /api/documents", "GET /api/documents/{doc_id}", "GET /api/entities",
            "GET /api/events", "GET /api/quotes", "GET /api/figures", "GET /api/disagreements", "GET /api/influence",
            "GET /api/map", "GET /api/map/series", "GET /api/boundaries", "POST /api/simulate", "GET /api/scenarios",
            "GET /api/scenarios/{name}", "GET /api/corridors", "GET /api/search"} <= set(seen)
    assert not [s for s in seen if not s.split()[1].startswith("/api/")]


def test_schema_names_the_fields_of_a_row(tmp_path):
    with TestClient(create_app(tmp_path / "kb.duckdb")) as client:
        schema = client.get("/openapi.json").json()
    event = schema["components"]["schemas"]["Event"]
    assert {"doc", "type", "actors", "date", "evidence", "start", "end"} <= set(event["properties"])


def test_an_empty_knowledge_base_shows_no_numbers(tmp_path):
    # no reference data, no documents: every page answers, says there are no data, and shows no score
    import re

    with TestClient(create_app(tmp_path / "kb.duckdb")) as client:
        for url in ("/", "/country/KAZ", "/explorer", "/search"):
            r = client.get(url)
            assert r.status_code == 200, url
            text = re.sub(r"<[^>]+>", " ", r.text)
            assert not re.search(r"\b\d+\.\d\b", text), (url, re.findall(r".{40}\b\d+\.\d\b.{20}", text))
        assert "Data through –" in client.get("/").text
        assert "insufficient data" in client.get("/country/KAZ").text
        assert client.get("/api/influence").json() == []
        header = client.get("/api/influence", params={"format": "csv"}).text.splitlines()
        assert len(header) == 1 and {"score", "data_year", "basis"} <= set(header[0].split(","))
