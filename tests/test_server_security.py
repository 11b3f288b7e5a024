"""Server hardening: size limits, token checks, no path traversal, inert document text, schemathesis."""
from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

import greatgame
from greatgame.data.pack import import_pack
from greatgame.ingest import ingest
from greatgame.web import create_app

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def app(shared, tmp_path_factory):
    path = tmp_path_factory.mktemp("sec") / "kb.duckdb"
    kb = greatgame.open(path)
    ingest(kb, [shared / "corpus/seeds"])
    assert import_pack(kb).ok          # the reference data the simulations are estimated from
    kb.close()
    return create_app(path)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as c:
        yield c


def test_request_size_limit(client, monkeypatch):
    monkeypatch.setenv("GREATGAME_TOKEN", "t")
    big = b"x" * (5 * 1024 * 1024 + 10)
    r = client.post("/api/documents", files={"file": ("big.txt", big, "text/plain")},
                    headers={"Authorization": "Bearer t"})
    assert r.status_code == 413


@pytest.mark.parametrize("url", ["/doc/../../etc/passwd", "/doc/..%2F..%2Fetc%2Fpasswd", "/api/documents/../../etc/passwd",
                                 "/static/../app.py", "/country/../../etc/passwd", "/static/..%2F..%2Fpyproject.toml"])
def test_no_path_traversal(client, url):
    r = client.get(url)
    assert r.status_code in (404, 422) and "root:" not in r.text and "[project]" not in r.text


def test_upload_filename_cannot_escape(client, monkeypatch, tmp_path):
    monkeypatch.setenv("GREATGAME_TOKEN", "t")
    files = {"file": ("../../evil.txt", b"Kazakhstan and China met.\n", "text/plain")}
    r = client.post("/api/documents", files=files, headers={"Authorization": "Bearer t"})
    assert r.status_code == 201 and r.json()["id"] == "evil.txt"


def test_script_in_a_document_renders_inert(client, monkeypatch):
    monkeypatch.setenv("GREATGAME_TOKEN", "t")
    text = 'Kazakhstan <script>document.title="pwned"</script> met <img src=x onerror=alert(1)> China.'
    assert client.post("/api/documents", json={"id": "evil-doc", "text": text},
                       headers={"Authorization": "Bearer t"}).status_code == 201
    page = client.get("/doc/evil-doc").text
    assert "<script>document.title" not in page and "<img src=x onerror" not in page
    assert "onerror=alert(1)" not in page.replace("&lt;img src=x onerror=alert(1)&gt;", "")


def test_token_comparison_is_constant_time():
    import inspect

    from greatgame.web import deps

    assert "hmac.compare_digest" in inspect.getsource(deps.token_ok)


def test_api_has_no_server_errors(app):
    """schemathesis generates requests from the OpenAPI schema for every operation: none may cause a 5xx.

    (Driven through its Python API and hypothesis directly: its pytest plugin does not support pytest 9.)
    """
    from hypothesis import given

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for op in operations:
        @given(case=op.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  derandomize=True)
        def check(case):
            response = case.call()
            assert response.status_code < 500, (case.method, case.path, response.text[:300])

        check()


# ---------------------------------------------------------------- tokens, origins, messages

def test_the_token_counts_only_as_a_bearer_token(client, monkeypatch):
    monkeypatch.setenv("GREATGAME_TOKEN", "t0k")
    doc = {"id": "bearer-doc", "text": "Kazakhstan and China met in Astana."}
    for auth in ("t0k", "Basic t0k", "Bearer", "Bearer wrong", "t0k Bearer", "Token t0k"):
        r = client.post("/api/documents", json=doc, headers={"Authorization": auth})
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer", auth
    assert client.post("/api/documents", json=doc, headers={"Authorization": "Bearer t0k"}).status_code == 201


def test_every_post_needs_the_token_and_this_servers_own_pages(client, monkeypatch):
    monkeypatch.setenv("GREATGAME_TOKEN", "t")
    form = {"scenario": "baseline", "runs": "10", "until": "2027"}
    assert client.post("/api/simulate", data=form).status_code == 401
    auth = {"Authorization": "Bearer t"}
    for site in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                 {"Origin": "null"}):
        for url in ("/api/simulate", "/api/documents", "/nowhere"):
            r = client.post(url, data=form, headers={**auth, **site})
            assert r.status_code == 403 and "cross-site" in r.json()["detail"], (url, site)
    monkeypatch.delenv("GREATGAME_TOKEN")
    assert client.post("/api/simulate", data=form, headers=auth).status_code == 403        # no token: off


def test_pages_and_answers_carry_the_security_headers(client):
    for url in ("/", "/country/KAZ", "/search?q=railway", "/api/documents", "/static/overview.js", "/nowhere"):
        r = client.get(url)
        csp = dict(part.strip().split(" ", 1) for part in r.headers["content-security-policy"].split(";"))
        assert csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"


def test_no_page_has_an_inline_script_and_every_template_is_escaped(client):
    import re
    from pathlib import Path

    from greatgame.web import deps

    assert deps.TEMPLATES.env.autoescape is True         # whatever the template's name
    templates = Path(deps.__file__).parent / "templates"
    for template in templates.glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", "") and "autoescape false" not in text, template.name
    for url in ("/", "/country/KAZ", "/explorer", "/scenarios", "/search?q=railway", "/docs"):
        for tag in re.findall(r"<script\b[^>]*>", client.get(url).text):
            assert re.search(r'\bsrc="/static/[a-z.]+\.js"', tag) or 'type="application/json"' in tag, (url, tag)


def test_not_found_answers_do_not_show_where_the_database_is(app, client):
    folder = str(app.state.gg.path.resolve().parent)
    for url in ("/api/documents/nope.txt", "/doc/nope.txt", "/api/entities?doc=nope.txt"):
        r = client.get(url)
        assert r.status_code == 404 and folder not in r.text and "duckdb" not in r.text, (url, r.text)


def test_malformed_or_deeply_nested_json_is_a_one_line_4xx(client, monkeypatch):
    monkeypatch.setenv("GREATGAME_TOKEN", "t")
    auth = {"Authorization": "Bearer t", "Content-Type": "application/json"}
    for body in (b"[" * 100_000, b'{"id": "x", "text": ' + b"[" * 100_000, b"{" * 50_000, b'{"id": "x", "text": "cut',
                 b"\xff\xfe", b""):
        r = client.post("/api/documents", content=body, headers=auth)
        assert 400 <= r.status_code < 500 and "\n" not in r.json()["detail"], (body[:30], r.status_code, r.text)
    r = client.post("/api/simulate", data={"runs": "10", "until": "2027", "shocks": "[" * 90_000},
                    headers={"Authorization": "Bearer t"})
    assert r.status_code == 422 and "\n" not in r.json()["detail"]


def test_search_writes_nothing(app, client):
    import hashlib

    path = app.state.gg.path
    wal = path.with_name(path.name + ".wal")

    def snapshot():
        return (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns,
                wal.read_bytes() if wal.exists() else None)

    before = snapshot()
    hits = client.get("/api/search", params={"q": "railway"}).json()
    assert hits                                  # the index is there: built as the server started, not by a search
    for q in ("railway", "Tokayev", "no such words anywhere", "<script>"):
        assert client.get("/search", params={"q": q}).status_code == 200
        assert client.get("/api/search", params={"q": q}).status_code == 200
    assert snapshot() == before


def test_simulations_have_a_budget_and_a_limit_on_how_many_run_at_once(app, client, monkeypatch):
    import contextlib

    from greatgame.web.state import compute_slots

    monkeypatch.setenv("GREATGAME_TOKEN", "t")
    auth = {"Authorization": "Bearer t"}
    r = client.post("/api/simulate", data={"runs": "2000", "until": "2060"}, headers=auth)
    assert r.status_code == 422 and "budget of 36,000" in r.json()["detail"]
    assert "GREATGAME_SIMULATION_BUDGET" in r.json()["detail"]
    with contextlib.ExitStack() as taken:
        for _ in range(compute_slots()):
            taken.enter_context(app.state.gg.compute())
        r = client.post("/api/simulate", data={"runs": "10", "until": "2027"}, headers=auth)
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
        r = client.post("/api/documents", json={"id": "busy", "text": "Kazakhstan met China."}, headers=auth)
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
        assert client.get("/api/documents").status_code == 200         # reads are not computations
    assert client.post("/api/simulate", data={"runs": "10", "until": "2027"}, headers=auth).status_code == 200


# ---------------------------------------------------------------- a live server: concurrency and streamed bodies

@pytest.fixture(scope="module")
def live(app, tmp_path_factory):
    """The module's knowledge base, copied, served by uvicorn on 127.0.0.1 (a thread of this process)."""
    import shutil

    import browser_support as bs

    db = tmp_path_factory.mktemp("live") / "kb.duckdb"
    shutil.copy(app.state.gg.path, db)
    with bs.live_app(db) as url:
        yield url


def test_a_slow_simulation_does_not_hold_up_reads(live, monkeypatch):
    import importlib
    import threading
    import time

    import httpx

    sim = importlib.import_module("greatgame.simulate.run")      # the module (the package exports a function run)
    slow, real = 8.0, sim.run
    started = threading.Event()

    def slow_run(*args, **kwargs):
        started.set()
        time.sleep(slow)
        return real(*args, **kwargs)

    monkeypatch.setattr(sim, "run", slow_run)
    monkeypatch.setenv("GREATGAME_TOKEN", "t")
    answers = []
    runner = threading.Thread(target=lambda: answers.append(httpx.post(
        f"{live}/api/simulate", data={"runs": "10", "until": "2027"}, headers={"Authorization": "Bearer t"},
        timeout=120)))
    runner.start()
    try:
        assert started.wait(60)
        for _ in range(3):
            t0 = time.monotonic()
            r = httpx.get(f"{live}/api/documents", timeout=60)
            assert r.status_code == 200 and time.monotonic() - t0 < slow / 2     # not behind the simulation
    finally:
        runner.join(120)
    assert answers and answers[0].status_code == 200


def _chunked_upload(url: str, headers: dict[str, str], total: int, kind: str = "application/json"
                    ) -> tuple[int | None, int]:
    """POST ``total`` bytes to ``url`` in chunks, with no Content-Length; (status, bytes sent) as soon as the
    server answers or stops reading."""
    import select
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    head = [f"POST {parts.path} HTTP/1.1", f"Host: {parts.netloc}", "Transfer-Encoding: chunked",
            f"Content-Type: {kind}", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    sock.sendall("\r\n".join(head).encode())
    chunk = b"[" + b" " * (64 * 1024 - 1)
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    try:
        sock.settimeout(3)
        while sent < total:
            if select.select([sock], [], [], 0)[0]:
                break                                 # the server has answered
            try:
                sock.sendall(frame)
            except (socket.timeout, BrokenPipeError, ConnectionResetError):
                break                                 # it no longer reads
            sent += len(chunk)
        sock.settimeout(30)
        try:
            reply = sock.recv(4096)
        except ConnectionResetError:
            return None, sent
        status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.1 ") else None
        return status, sent
    finally:
        sock.close()


def test_a_chunked_upload_is_refused_without_reading_it_all(live, monkeypatch):
    from greatgame.web.state import MAX_UPLOAD_BYTES

    monkeypatch.setenv("GREATGAME_TOKEN", "t")
    total = 40 * MAX_UPLOAD_BYTES                       # 200 MB offered; the socket buffers take a few MB at most
    status, sent = _chunked_upload(f"{live}/api/documents", {}, total)
    assert status == 401 and sent < total // 4, (status, sent)          # no token: refused before the body
    status, sent = _chunked_upload(f"{live}/api/documents", {"Authorization": "Bearer t"}, total)
    assert status == 413 and sent < total // 4, (status, sent)          # over the cap on the bytes received
    status, sent = _chunked_upload(f"{live}/api/simulate", {"Authorization": "Bearer t"}, total,
                                   "application/x-www-form-urlencoded")
    # a form: refused once a field passes the form parser's 1 MB (400), else at the cap (413)
    assert status in (400, 413) and sent < total // 4, (status, sent)
