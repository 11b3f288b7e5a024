"""Following feeds: ``greatgame follow FEED_URL... [--every 1h | --once]``."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Optional

import typer

from ..errors import GreatgameError
from .console import DbOption, Fmt, emit_json, err, fail, open_write, out, progress
from .output import ListFmt, emit, format_option
from .registry import Commands

command = Commands()
register = command.register

MIN_EVERY = 60.0
"""The shortest interval between polls, in seconds: feeds seldom change faster, and each poll asks every feed."""
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")


def parse_every(text: str) -> float:
    """Seconds in a duration such as ``90s``, ``15m``, ``1h``, ``1h30m`` or ``1d``; ``ValueError`` otherwise."""
    compact = text.strip().lower().replace(" ", "")
    if not compact or _DURATION.sub("", compact):
        raise ValueError(f"--every {text!r}: give a duration such as 30m, 1h, 1h30m or 1d")
    seconds = sum(float(n) * _UNITS[u] for n, u in _DURATION.findall(compact))
    if seconds < MIN_EVERY:
        raise ValueError(f"--every {text!r}: polls must be at least {MIN_EVERY:g} s apart")
    return seconds


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _line(kind: str, text: str) -> None:
    colour = {"error": "red", "warning": "yellow"}.get(kind)
    label = f"[{colour}]{kind}:[/{colour}]" if colour else f"{kind}:"
    err.print(f"{label} {_escape(text)}", highlight=False, soft_wrap=True)


@command()
def follow(
    feeds: list[str] = typer.Argument(..., metavar="FEED_URL...", help="http(s) URLs of RSS or Atom feeds."),
    db: Optional[Path] = DbOption,
    every: Optional[str] = typer.Option(None, "--every", metavar="DURATION",
                                        help="Poll every DURATION (30m, 1h, 1h30m, 1d; at least 1m). The "
                                             "default, without --once: 1h."),
    once: bool = typer.Option(False, "--once", help="Poll once and stop."),
    polls: Optional[int] = typer.Option(None, "--polls", min=1, help="Stop after N polls (default: run until "
                                                                     "interrupted)."),
    delay: float = typer.Option(1.0, "--delay", min=0.0, metavar="SECONDS",
                                help="Seconds between two requests to one host (a longer Crawl-delay in its "
                                     "robots.txt wins)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", metavar="SECONDS",
                                            help="Seconds one page may take to fetch, to read and to extract "
                                                 "(default: $GREATGAME_DOC_TIMEOUT, else 60; 0: no limit)."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="A summary line per poll, or a JSON object per poll."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Errors only: no progress or summary."),
) -> None:
    """Follow RSS/Atom feeds: ingest each new entry's page (HTML, PDF or text), poll after poll.

    Each poll asks every feed (conditionally: a feed unchanged since the last poll answers 304), fetches the
    page of each entry not seen before and ingests it like `greatgame ingest URL`. The knowledge base
    remembers the entries seen and the feeds' ETag/Last-Modified, so an entry is ingested once however often
    it is polled; an entry that failed for a passing reason (offline, a 5xx) is tried again at the next poll
    (3 polls at most). Polite: one request per host per --delay seconds, robots.txt honoured, a User-Agent
    naming greatgame and its version. The knowledge base is open only during a poll. Exit status 1 if the
    last poll had an error; Ctrl-C stops (130).
    """
    from ..documents.fetch import is_url
    from ..ingest.follow import follow as follow_feeds
    from ..ingest.follow import poll
    from ..ingest.limits import doc_timeout

    if once and (every is not None or polls is not None):
        fail("--once polls once: leave out --every and --polls", code=2)
    not_urls = [f for f in feeds if not is_url(f)]
    if not_urls:
        fail(f"{not_urls[0]}: not a URL (give the http:// or https:// address of an RSS or Atom feed)", code=2)
    if timeout is not None and not timeout >= 0:
        fail(f"--timeout must be 0 (no limit) or a positive number of seconds, not {timeout:g}", code=2)
    try:
        seconds = None if once else parse_every(every or "1h")
        limit = doc_timeout(timeout) or 0
    except (ValueError, GreatgameError) as exc:
        fail(str(exc), code=2)
    quiet = quiet or fmt is Fmt.json
    status = {"errors": 0}

    def run_poll(kb: Any, number: int) -> Any:
        with progress(f"poll {number}", counted=True, disable=quiet, total=0) as update:
            def on_feed(feed: Any) -> None:
                update.add(feed.new)
                if feed.status == "error":
                    return          # said once the poll ends, with the other errors
                if not quiet:
                    what = ("not modified" if feed.status == "not modified"
                            else f"{feed.new} new of {feed.entries} entries")
                    err.print(f"{_escape(feed.url)}: {what}", highlight=False, soft_wrap=True)

            return poll(kb, feeds, delay=delay, timeout=limit, progress=update, on_feed=on_feed)

    def after(number: int, report: Any, wait: Optional[float]) -> None:
        ingest = report.ingest
        for doc_id, other in ingest.duplicates:
            _line("duplicate", f"{doc_id} has the same content as {other}, stored already: not stored again")
        for warning in ingest.warnings:
            _line("warning", warning)
        for e in report.errors:
            again = " (tried again at the next poll)" if getattr(e, "transient", False) and (
                e.source in report.retry) else ""
            _line("error", f"{e}{again}")
        status["errors"] = len(report.errors)
        if fmt is Fmt.json:
            emit_json({"poll": number, **report.as_dict(),
                       "next_poll_in_s": None if wait is None else round(wait, 1)})
        elif not quiet:
            following = "" if wait is None else (
                f"; next poll at {(dt.datetime.now() + dt.timedelta(seconds=wait)):%H:%M}")
            out.print(f"poll {number}: {len(report.feeds)} feeds, {sum(f.new for f in report.feeds)} new entries: "
                      f"{len(ingest.added)} added, {len(ingest.replaced)} replaced, {len(ingest.unchanged)} "
                      f"unchanged, {len(report.errors)} failed{following}", highlight=False, soft_wrap=True)

    try:
        follow_feeds(lambda: open_write(db), feeds, every=seconds, polls=1 if once else polls, run_poll=run_poll,
                     after=after)
    except KeyboardInterrupt:
        err.print("stopped", highlight=False)
        raise typer.Exit(130) from None
    if status["errors"]:
        raise typer.Exit(1)


FOLLOWED_FIELDS = ("url", "title", "polls", "last_polled", "last_status", "ingested", "retry", "failed")


@command("followed")
def followed(db: Optional[Path] = DbOption, fmt: ListFmt = format_option("feeds")) -> None:
    """The feeds followed so far: polls, the last poll's status, entries ingested, to try again and failed."""
    from .console import open_read

    with open_read(db) as kb:
        rows = kb.followed_feeds()
    for row in rows:
        row["last_polled"] = row["last_polled"].isoformat(" ", "seconds") if row["last_polled"] else None

    def display(row: dict[str, Any]) -> dict[str, Any]:
        return {**row, "last_polled": (row["last_polled"] or "never")[:16]}

    emit(rows, fmt, columns=["url", "polls", "last_polled", "ingested", "retry", "failed"], display=display,
         detail="last_status", keep=("url",), fields=FOLLOWED_FIELDS, title=f"{len(rows)} feeds followed",
         empty="no feeds followed yet: greatgame follow FEED_URL")
