"""``greatgame follow``: feeds polled against a local server, each new entry ingested once, state kept in the KB."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import greatgame
from greatgame.cli import app
from greatgame.cli.follow import parse_every
from greatgame.ingest.follow import MAX_TRIES, follow, poll
from http_support import LocalServer, article, rss

runner = CliRunner()

TEXTS = {
    "water": ("Water deal signed in Tashkent", "Kazakhstan and Uzbekistan signed an agreement on sharing the water "
                                               "of the Syr Darya, the two foreign ministries said on Tuesday."),
    "rail": ("Railway talks in Bishkek", "Kyrgyzstan and China discussed the financing of the railway to "
                                        "Uzbekistan at talks in Bishkek, the transport ministry said."),
    "gas": ("Gas exports rise", "Turkmenistan raised its gas exports to China by a tenth in the first half of the "
                                "year, the state gas company said in a statement."),
}


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    for name, (title, text) in TEXTS.items():
        (folder / f"{name}.html").write_text(article(title, [text]), encoding="utf-8")
    with LocalServer(folder) as server:
        yield server


def _item(site, name: str, day: int) -> dict[str, str]:
    return {"title": TEXTS[name][0], "link": site.url(f"/{name}.html"), "guid": f"urn:test:{name}",
            "date": f"{day:02d} Apr 2024 10:00:00 GMT"}


def _publish(site, items: list[dict[str, str]], name: str = "feed.xml") -> str:
    """Write the feed, dated later than any earlier version (Last-Modified has whole seconds)."""
    path = site.folder / name
    stamp = path.stat().st_mtime + 10 if path.exists() else time.time() - 100
    path.write_text(rss("Local wire", items), encoding="utf-8")
    os.utime(path, (stamp, stamp))
    return site.url(f"/{name}")


def _follow_once(feed: str, db: Path, *more: str):
    return runner.invoke(app, ["follow", feed, *more, "--once", "--delay", "0", "--db", str(db), "--format", "json"])


def _report(result) -> dict:
    return json.loads(result.stdout)


def test_follow_once_ingests_each_new_entry_exactly_once_over_two_polls(site, tmp_path):
    db = tmp_path / "kb.duckdb"
    feed = _publish(site, [_item(site, "rail", 3), _item(site, "water", 2)])
    first = _follow_once(feed, db)
    assert first.exit_code == 0, first.output
    assert sorted(_report(first)["ingest"]["added"]) == [site.url("/rail.html"), site.url("/water.html")]

    feed = _publish(site, [_item(site, "gas", 4), _item(site, "rail", 3), _item(site, "water", 2)])
    second = _follow_once(feed, db)
    assert second.exit_code == 0, second.output
    report = _report(second)
    assert report["ingest"]["added"] == [site.url("/gas.html")] and report["feeds"][0]["new"] == 1
    assert report["feeds"][0]["entries"] == 3
    for name in TEXTS:
        assert site.asked(f"/{name}.html") == 1, name          # every page fetched once over the two polls
    with greatgame.open(db, read_only=True) as kb:
        docs = {d["id"]: d for d in kb.documents()}
        items = kb.feed_items(feed)
        state = kb.feed_state(feed)
    assert set(docs) == {site.url(f"/{n}.html") for n in TEXTS}
    assert {k: v["status"] for k, v in items.items()} == {f"urn:test:{n}": "ingested" for n in TEXTS}
    assert items["urn:test:gas"]["doc_id"] == site.url("/gas.html")
    assert state["title"] == "Local wire" and state["polls"] == 2 and state["etag"] and state["last_modified"]
    # the page had no date: the entry's is taken, and said
    gas = docs[site.url("/gas.html")]
    assert gas["published"] == "2024-04-04"
    with greatgame.open(db, read_only=True) as kb:
        assert kb.document(site.url("/gas.html"))["meta"]["published_from"] == "feed"
    listed = runner.invoke(app, ["followed", "--db", str(db)])
    assert listed.exit_code == 0 and feed in listed.stdout          # the address is never cut
    (row,) = [json.loads(line) for line in
              runner.invoke(app, ["followed", "--db", str(db), "--format", "jsonl"]).stdout.splitlines()]
    assert (row["url"], row["polls"], row["ingested"], row["retry"], row["failed"]) == (feed, 2, 3, 0, 0)
    csv_out = runner.invoke(app, ["followed", "--db", str(db), "--format", "csv"]).stdout
    assert csv_out.splitlines()[0] == "url,title,polls,last_polled,last_status,ingested,retry,failed"


def test_an_unchanged_feed_answers_304_and_nothing_is_fetched(site, tmp_path):
    db = tmp_path / "kb.duckdb"
    feed = _publish(site, [_item(site, "water", 2)])
    assert _follow_once(feed, db).exit_code == 0
    before = len(site.requests)
    again = _follow_once(feed, db)
    assert again.exit_code == 0, again.output
    assert _report(again)["feeds"][0]["status"] == "not modified"
    asked = site.requests[before:]
    assert [p for p, _ in asked] == ["/robots.txt", "/feed.xml"]
    headers = asked[-1][1]
    assert headers.get("If-None-Match") and headers.get("If-Modified-Since")


def test_an_entry_whose_page_fails_for_a_passing_reason_is_tried_again_up_to_the_limit(site, tmp_path):
    db = tmp_path / "kb.duckdb"
    feed = _publish(site, [_item(site, "rail", 3), _item(site, "water", 2)])
    site.rules["/rail.html"] = {"status": 500}
    first = _follow_once(feed, db)
    assert first.exit_code == 1
    errors = [line for line in first.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "HTTP 500" in errors[0] and "tried again at the next poll" in errors[0]
    assert _report(first)["ingest"]["added"] == [site.url("/water.html")]
    # the server recovers: the next poll (feed unchanged, but asked in full while an entry waits) gets it
    del site.rules["/rail.html"]
    second = _follow_once(feed, db)
    assert second.exit_code == 0, second.output
    assert _report(second)["ingest"]["added"] == [site.url("/rail.html")]
    assert site.asked("/water.html") == 1 and site.asked("/rail.html") == 2

    # a page that keeps failing is given up after MAX_TRIES polls
    feed = _publish(site, [_item(site, "gas", 4)], name="other.xml")
    site.rules["/gas.html"] = {"status": 503}
    for _ in range(MAX_TRIES + 1):
        _follow_once(feed, db)
    assert site.asked("/gas.html") == MAX_TRIES
    with greatgame.open(db, read_only=True) as kb:
        item = kb.feed_items(feed)["urn:test:gas"]
    assert item["status"] == "failed" and item["tries"] == MAX_TRIES and "HTTP 503" in item["error"]


def test_entries_whose_pages_are_slow_or_not_html(site, tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Uzbekistan and Turkmenistan agreed to build a bridge over the Amu Darya, the two "
                         "governments said after talks in Ashgabat.")
    pdf.output(str(site.folder / "bridge.pdf"))
    site.rules["/rail.html"] = {"delay": 0.5}             # slow, within the limit
    db = tmp_path / "kb.duckdb"
    feed = _publish(site, [_item(site, "rail", 3),
                           {"title": "Bridge", "link": site.url("/bridge.pdf"), "guid": "urn:test:bridge",
                            "date": "06 Apr 2024 08:00:00 GMT"}])
    result = _follow_once(feed, db, "--timeout", "30")
    assert result.exit_code == 0, result.output
    assert sorted(_report(result)["ingest"]["added"]) == [site.url("/bridge.pdf"), site.url("/rail.html")]
    with greatgame.open(db, read_only=True) as kb:
        bridge = kb.document(site.url("/bridge.pdf"))
    assert bridge["format"] == "pdf" and "Amu Darya" in bridge["body"]
    # the PDF gives only its file's creation date: the entry's date is better, and taken
    assert bridge["published"] == "2024-04-06" and bridge["meta"]["published_from"] == "feed"
    assert not [line for line in result.output.splitlines() if line.startswith("warning:")]


def test_a_page_that_is_gone_is_not_asked_for_again(site, tmp_path):
    db = tmp_path / "kb.duckdb"
    items = [_item(site, "water", 2), {"title": "Gone", "link": site.url("/gone.html"), "guid": "urn:test:gone"}]
    feed = _publish(site, items)
    assert _follow_once(feed, db).exit_code == 1                    # 404: an error, for good
    feed = _publish(site, items)                                     # the feed changes: asked in full
    assert _follow_once(feed, db).exit_code == 0
    assert site.asked("/gone.html") == 1


def test_feed_errors_are_one_line_and_keep_no_validators(site, tmp_path):
    db = tmp_path / "kb.duckdb"
    site.rules["/feed.xml"] = {"status": 500}
    result = _follow_once(site.url("/feed.xml"), db)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {site.url('/feed.xml')}: HTTP 500 Internal Server Error"]
    (site.folder / "page.xml").write_text("<html><body>not a feed</body></html>", encoding="utf-8")
    result = _follow_once(site.url("/page.xml"), db)
    assert result.exit_code == 1 and "not a feed" in result.output
    with greatgame.open(db, read_only=True) as kb:
        state = kb.feed_state(site.url("/feed.xml"))
    assert state["last_status"].startswith("error: HTTP 500") and state["etag"] is None


def test_an_entry_without_a_link_is_its_own_text(site, tmp_path):
    db = tmp_path / "kb.duckdb"
    feed = _publish(site, [{"title": "Short item", "guid": "urn:test:short", "date": "05 Apr 2024 09:00:00 GMT",
                            "description": "Tajikistan and Uzbekistan reopened two border crossings."}])
    result = _follow_once(feed, db)
    assert result.exit_code == 0, result.output
    with greatgame.open(db, read_only=True) as kb:
        (doc,) = kb.documents()
    assert doc["id"] == "urn:test:short" and doc["published"] == "2024-04-05"


def test_follow_polls_every_interval_and_opens_the_kb_per_poll(site, tmp_path):
    db = tmp_path / "kb.duckdb"
    feed = _publish(site, [_item(site, "water", 2)])
    slept, opened = [], []

    def open_kb():
        opened.append(1)
        return greatgame.open(db)

    reports = []
    ran = follow(open_kb, [feed], every=3600, polls=2, clock=lambda: 0.0, sleep=slept.append,
                 after=lambda n, report, wait: reports.append((n, wait)), delay=0, timeout=30)
    assert ran == 2 and slept == [3600] and len(opened) == 2
    assert reports == [(1, 3600), (2, None)]


def test_poll_through_the_python_api(site, tmp_path):
    feed = _publish(site, [_item(site, "water", 2)])
    with greatgame.open(tmp_path / "kb.duckdb") as kb:
        report = poll(kb, [feed], delay=0)
        assert report.ingest.added == [site.url("/water.html")] and not report.errors
        assert poll(kb, [feed], delay=0).feeds[0].status == "not modified"


def test_options_are_checked_before_anything_is_fetched(tmp_path):
    db = str(tmp_path / "kb.duckdb")
    for args, message in ((["http://127.0.0.1:9/f.xml", "--once", "--every", "1h"], "--once polls once"),
                          (["feeds.txt", "--once"], "not a URL"),
                          (["http://127.0.0.1:9/f.xml", "--every", "5s"], "at least 60 s apart"),
                          (["http://127.0.0.1:9/f.xml", "--every", "soon"], "give a duration")):
        result = runner.invoke(app, ["follow", *args, "--db", db])
        assert result.exit_code == 2 and message in result.output, (args, result.output)
    assert not Path(db).exists()


def test_durations():
    assert parse_every("1h") == 3600 and parse_every("1h30m") == 5400 and parse_every("90s") == 90
    assert parse_every("1d") == 86400 and parse_every(" 15 m ") == 900
    for bad in ("", "1", "h", "1w", "30s", "1h and more"):
        with pytest.raises(ValueError):
            parse_every(bad)


def test_progress_counts_against_a_total_that_follows_what_comes():
    from greatgame.cli.console import progress

    with progress("poll", counted=True, disable=False, total=0) as update:
        update.add(2)
        for name in ("a", "b", "c"):           # one more than announced
            update(name, "added")
        state = update._state()
        assert (state.completed, state.total) == (3, 3)
