"""Documents from URLs: ``greatgame ingest URL`` and the polite, bounded fetcher, against a local server only."""
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

import greatgame
from greatgame.cli import app
from greatgame.documents.fetch import USER_AGENT, Fetcher, document_id
from greatgame.errors import FetchError
from http_support import LocalServer, article, closed_port, rss

runner = CliRunner()

PARAGRAPHS = ["Kazakhstan and Uzbekistan signed an agreement on sharing the water of the Syr Darya in Tashkent on "
              "Tuesday, the two foreign ministries said in a joint statement.",
              "The ministers also discussed freight on the railway between the two countries, which has grown "
              "every quarter since the start of last year."]


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "page.html").write_text(article("Water deal signed in Tashkent", PARAGRAPHS, "2024-05-02"),
                                      encoding="utf-8")
    with LocalServer(folder) as server:
        yield server


def _ingest(*args: str, db: Path):
    return runner.invoke(app, ["ingest", *args, "--db", str(db), "--format", "json"])


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def test_ingest_url_stores_the_page(site, tmp_path):
    db = tmp_path / "kb.duckdb"
    url = site.url("/page.html")
    result = _ingest(url, db=db)
    assert result.exit_code == 0, result.output
    with greatgame.open(db, read_only=True) as kb:
        (doc,) = kb.documents()
        stored = kb.document(url)
    assert doc["id"] == url and doc["source"] == url and doc["format"] == "html"
    assert doc["title"] == "Water deal signed in Tashkent" and doc["published"] == "2024-05-02"
    assert "Syr Darya" in stored["body"] and "Copyright" not in stored["body"]
    # it asked robots.txt first, and named itself
    paths = [p for p, _ in site.requests]
    assert paths == ["/robots.txt", "/page.html"]
    assert all(h["User-Agent"] == USER_AGENT and h["User-Agent"].startswith("greatgame/") for _, h in site.requests)
    # again: unchanged, nothing stored twice
    again = _ingest(url, db=db)
    assert again.exit_code == 0 and json.loads(again.stdout)["ingest"]["unchanged"] == [url]


def test_offline_is_one_line_naming_the_url_and_the_rest_goes_on(site, tmp_path):
    db = tmp_path / "kb.duckdb"
    local = tmp_path / "note.txt"
    local.write_text("Turkmenistan raised gas exports to China, the state agency said.\n", encoding="utf-8")
    dead = f"http://127.0.0.1:{closed_port()}/a/article.html"
    result = _ingest(dead, str(local), db=db)
    assert result.exit_code == 1
    (line,) = _errors(result.output)
    assert line.startswith(f"error: {dead}: ") and "refused the connection" in line     # the URL as given
    assert "Traceback" not in result.output
    assert json.loads(result.stdout)["ingest"]["added"] == ["note.txt"]


def test_http_500_is_one_error_and_is_not_retried(site, tmp_path):
    site.rules["/broken.html"] = {"status": 500}
    result = _ingest(site.url("/broken.html"), db=tmp_path / "kb.duckdb")
    assert result.exit_code == 1
    (line,) = _errors(result.output)
    assert "HTTP 500" in line and site.url("/broken.html") in line
    assert site.asked("/broken.html") == 1


def test_slow_server_within_the_limit_is_read_and_past_it_is_an_error(site, tmp_path):
    db = tmp_path / "kb.duckdb"
    (site.folder / "slow.html").write_text(article("Slow page on Kyrgyzstan", PARAGRAPHS), encoding="utf-8")
    site.rules["/slow.html"] = {"delay": 0.5}
    result = _ingest(site.url("/slow.html"), "--timeout", "20", db=db)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ingest"]["added"] == [site.url("/slow.html")]

    (site.folder / "slower.html").write_text(article("Slower page", PARAGRAPHS), encoding="utf-8")
    site.rules["/slower.html"] = {"delay": 4}
    result = _ingest(site.url("/slower.html"), "--timeout", "1", db=db)
    assert result.exit_code == 1
    (line,) = _errors(result.output)
    assert "took longer than 1 s" in line
    assert site.asked("/slower.html") == 1


def test_a_pdf_is_read_and_an_image_is_refused(site, tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ["Caspian Transport Brief | March 2025", "",
                 "Kazakhstan and Azerbaijan agreed to expand ferry capacity between Aktau and Baku."]:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(site.folder / "brief"))                  # no extension: the content type and bytes say PDF
    site.rules["/brief"] = {"type": "application/pdf"}
    (site.folder / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    db = tmp_path / "kb.duckdb"
    result = _ingest(site.url("/brief"), site.url("/map.png"), db=db)
    assert result.exit_code == 1
    (line,) = _errors(result.output)
    assert site.url("/map.png") in line and "not a page greatgame reads (content type image/png" in line
    with greatgame.open(db, read_only=True) as kb:
        (doc,) = kb.documents()
    assert doc["id"] == site.url("/brief") and doc["format"] == "pdf" and doc["published"] == "2025-03"


def test_size_cap_with_and_without_content_length(site, tmp_path):
    big = "<!DOCTYPE html><html><body><article>" + "<p>Words about Tajikistan and its neighbours.</p>" * 120_000
    (site.folder / "big.html").write_text(big + "</article></body></html>", encoding="utf-8")
    (site.folder / "big2.html").write_text(big + "</article></body></html>", encoding="utf-8")
    site.rules["/big2.html"] = {"no_length": True}
    result = _ingest(site.url("/big.html"), site.url("/big2.html"), db=tmp_path / "kb.duckdb")
    lines = _errors(result.output)
    assert len(lines) == 2 and all("too large" in x and "5 MB" in x and "an HTML page" in x for x in lines), lines


def test_robots_txt_is_honoured(site, tmp_path):
    (site.folder / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    (site.folder / "private").mkdir()
    (site.folder / "private" / "page.html").write_text(article("Private", PARAGRAPHS), encoding="utf-8")
    result = _ingest(site.url("/private/page.html"), site.url("/page.html"), db=tmp_path / "kb.duckdb")
    (line,) = _errors(result.output)
    assert "robots.txt of 127.0.0.1" in line and "does not allow" in line
    assert site.asked("/private/page.html") == 0 and site.asked("/robots.txt") == 1
    assert json.loads(result.stdout)["ingest"]["added"] == [site.url("/page.html")]


def test_redirect_is_followed_and_the_page_is_stored_under_its_address(site, tmp_path):
    site.rules["/old-address"] = {"redirect": "/page.html"}
    db = tmp_path / "kb.duckdb"
    result = _ingest(site.url("/old-address#top"), db=db)
    assert result.exit_code == 0, result.output
    with greatgame.open(db, read_only=True) as kb:
        (doc,) = kb.documents()
    assert doc["id"] == site.url("/page.html") and doc["source"] == site.url("/old-address#top")


def test_a_feed_url_is_read_entry_by_entry(site, tmp_path):
    (site.folder / "wire.xml").write_text(rss("Wire", [
        {"title": "Border protocol", "guid": "wire-1", "date": "Tue, 02 Apr 2024 10:00:00 GMT",
         "description": "Kyrgyzstan and Tajikistan signed a protocol on their shared border."},
        {"title": "Logistics hub", "guid": "wire-2", "date": "Wed, 03 Apr 2024 11:00:00 GMT",
         "description": "Kazakhstan opened a logistics hub near the Chinese border."}]), encoding="utf-8")
    db = tmp_path / "kb.duckdb"
    result = _ingest(site.url("/wire.xml"), db=db)
    assert result.exit_code == 0, result.output
    with greatgame.open(db, read_only=True) as kb:
        docs = {d["id"]: d for d in kb.documents()}
    assert set(docs) == {"wire-1", "wire-2"}
    assert docs["wire-1"]["source"] == site.url("/wire.xml") + "#entry1"


def test_sync_never_removes_documents_read_from_urls(site, tmp_path, monkeypatch):
    db = tmp_path / "kb.duckdb"
    assert _ingest(site.url("/page.html"), db=db).exit_code == 0
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("Uzbekistan hosted a forum on transport.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ingest", "--sync", ".", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with greatgame.open(db, read_only=True) as kb:
        assert site.url("/page.html") in {d["id"] for d in kb.documents()}


# ------------------------------------------------------------------ the fetcher alone, no network at all

class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def _fetcher(handler, clock: FakeTime, **kw) -> Fetcher:
    return Fetcher(transport=httpx.MockTransport(handler), clock=clock.clock, sleep=clock.sleep, **kw)


def test_one_request_per_host_per_second_and_crawl_delay():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.url.path))
        if request.url.path == "/robots.txt":
            body = "User-agent: *\nCrawl-delay: 5\n" if request.url.host == "slow.test" else ""
            return httpx.Response(200, text=body)
        return httpx.Response(200, text="<html><body>x</body></html>", headers={"content-type": "text/html"})

    time_ = FakeTime()
    with _fetcher(handler, time_, delay=1.0) as fetcher:
        fetcher.get("http://a.test/1")       # robots.txt, then the page a second later
        fetcher.get("http://b.test/1")       # another host: its robots.txt at once, its page a second later
        fetcher.get("http://a.test/2")       # a.test's last request was two seconds ago: no wait
        assert time_.slept == [1.0, 1.0]
        time_.slept.clear()
        fetcher.get("http://slow.test/1")
        fetcher.get("http://slow.test/2")
        assert time_.slept == [5.0, 5.0]     # robots.txt's Crawl-delay, longer than ours, wins
    assert seen[:3] == [("a.test", "/robots.txt"), ("a.test", "/1"), ("b.test", "/robots.txt")]


def test_robots_answers_decide_what_is_fetched():
    def handler(request: httpx.Request) -> httpx.Response:
        status = {"locked.test": 403, "missing.test": 404, "down.test": 503}[request.url.host]
        if request.url.path == "/robots.txt":
            return httpx.Response(status)
        return httpx.Response(200, text="plain", headers={"content-type": "text/plain"})

    with _fetcher(handler, FakeTime()) as fetcher:
        assert fetcher.get("http://missing.test/a").content == b"plain"
        with pytest.raises(FetchError, match="does not allow"):
            fetcher.get("http://locked.test/a")
        with pytest.raises(FetchError, match="robots.txt of down.test answered HTTP 503") as info:
            fetcher.get("http://down.test/a")
        assert info.value.transient
        # no second try at the host's robots.txt in the same run
        before = fetcher.requests
        with pytest.raises(FetchError):
            fetcher.get("http://down.test/b")
        assert fetcher.requests == before


def test_conditional_request_and_304():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"etag": '"v1"'})
        return httpx.Response(200, content=b"<rss/>", headers={"etag": '"v1"', "last-modified": "Tue, 02 Apr 2024",
                                                               "content-type": "application/rss+xml"})

    with _fetcher(handler, FakeTime()) as fetcher:
        first = fetcher.get("http://feeds.test/rss")
        assert first.status == 200 and first.etag == '"v1"' and first.last_modified == "Tue, 02 Apr 2024"
        again = fetcher.get("http://feeds.test/rss", etag=first.etag, last_modified=first.last_modified)
        assert again.not_modified and again.content == b""


def test_redirects_are_checked_hop_by_hop():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /\n" if request.url.host == "no.test" else "")
        if request.url.host == "loop.test":
            return httpx.Response(302, headers={"location": "/again"})
        if request.url.host == "ftp.test":
            return httpx.Response(302, headers={"location": "ftp://files.test/x"})
        return httpx.Response(301, headers={"location": "http://no.test/page"})

    with _fetcher(handler, FakeTime()) as fetcher:
        with pytest.raises(FetchError, match="robots.txt of no.test does not allow"):
            fetcher.get("http://yes.test/page")
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetcher.get("http://loop.test/")
        with pytest.raises(FetchError, match="only http:// and https://"):
            fetcher.get("http://ftp.test/")


def test_document_ids_leave_out_fragments_and_tracking():
    assert document_id("https://x.test/a?id=3&utm_source=rss&utm_medium=feed#comments") == "https://x.test/a?id=3"
    assert document_id("https://x.test") == "https://x.test/"

