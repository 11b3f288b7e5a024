"""Pages and feeds over HTTP: fetched politely, within the readers' size caps and a time limit, never retried.

``Fetcher.get(url)`` returns a ``Fetched`` (the bytes, the final URL, the
content type, the validators) or raises a one-line ``FetchError`` that names
the URL: offline or refused, an HTTP error, a page robots.txt disallows, a
page over its size cap, a fetch past its time limit. Nothing is retried.

Politeness:

* every request says who asks: ``User-Agent: greatgame/VERSION (...)``;
* one request per host per ``delay`` seconds (1 s by default; a longer
  ``Crawl-delay`` in the host's robots.txt wins, up to ``MAX_CRAWL_DELAY``);
* robots.txt is read once per host (``urllib.robotparser``) and honoured: a
  401 or 403 for it disallows the whole host, another 4xx allows it all, a
  5xx or no answer fetches nothing from the host this time (``transient``);
* redirects are followed by hand (at most ``MAX_REDIRECTS``), each hop checked
  against its host's robots.txt and delay;
* conditional requests: ``get(url, etag=..., last_modified=...)`` sends
  ``If-None-Match``/``If-Modified-Since`` and a 304 comes back as
  ``Fetched.not_modified``.

Limits, the same as for files: a page is refused over 5 MB if it is HTML,
over 20 MB otherwise (``readers.MAX_HTML_BYTES``, ``MAX_FILE_BYTES``), on its
``Content-Length`` before the body is read and on the bytes as they arrive
(decompressed); the whole fetch (redirects included, the polite waits not)
must end within ``timeout`` seconds (the per-document limit).

``page_suffix`` says which reader reads what came back, by content type and
first bytes (an image or an archive is an ``UnsupportedFormat``); ``relabel``
gives the documents read from the downloaded copy the URL's identity.
"""
from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..errors import DocumentError, FetchError, UnsupportedFormat
from .model import Document
from .readers import MAX_FILE_BYTES, MAX_HTML_BYTES, is_url  # noqa: F401 - is_url re-exported


def _version() -> str:
    try:
        return metadata.version("greatgame")
    except metadata.PackageNotFoundError:
        return "unknown"


USER_AGENT = f"greatgame/{_version()} (reads news on Central Asia for an analyst; honours robots.txt)"
DEFAULT_DELAY = 1.0        # seconds between two requests to one host
MAX_CRAWL_DELAY = 60.0     # a robots.txt Crawl-delay is honoured up to this
MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 500_000  # the rest of a longer robots.txt is ignored, as search engines do
NO_LIMIT_TIMEOUT = 60.0    # seconds one network operation may take when the fetch has no time limit

HTML_TYPES = {"text/html", "application/xhtml+xml"}
PDF_TYPES = {"application/pdf", "application/x-pdf"}
TEXT_TYPES = {"text/plain", "text/markdown"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}


def document_id(url: str) -> str:
    """The id of the document at ``url``: the URL without its fragment and its ``utm_*`` tracking parameters."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith("utm_")]
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def byte_cap(content_type: str) -> tuple[int, str]:
    """(the most bytes a download of this content type may have, what the limit is for)."""
    if content_type in HTML_TYPES:
        return MAX_HTML_BYTES, "an HTML page"
    return MAX_FILE_BYTES, "one document"


def _mb(n: float) -> str:
    return f"{n / 1e6:g} MB"


@dataclass
class Fetched:
    """What a GET brought back."""

    url: str                       # as asked
    final_url: str                 # after redirects
    status: int                    # 200, or 304 (not modified: no content)
    content: bytes = b""
    content_type: str = ""         # the media type, lower case, without parameters
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """An HTTP client that is polite and bounded (see the module's docstring); one per run, ``close()`` after.

    ``delay``: seconds between two requests to one host. ``timeout``: seconds one fetch may take (None: no
    overall limit; each network operation then has ``NO_LIMIT_TIMEOUT``). ``clock``/``sleep`` and
    ``transport`` (an ``httpx`` transport) are for tests.
    """

    def __init__(self, *, delay: float = DEFAULT_DELAY, timeout: float | None = 60.0, user_agent: str = USER_AGENT,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 transport: Any = None) -> None:
        import httpx

        self.delay = max(0.0, delay)
        self.timeout = timeout or None
        self.user_agent = user_agent
        self._clock = clock
        self._sleep = sleep
        self._client = httpx.Client(headers={"User-Agent": user_agent}, follow_redirects=False, transport=transport)
        self._next: dict[str, float] = {}                # host -> when it may be asked again
        self._crawl_delay: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | FetchError] = {}
        self.requests = 0                                # requests sent (robots.txt included)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------ the one public request
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` (following redirects, each allowed by robots.txt); ``FetchError`` if it cannot be had."""
        start = self._clock()
        deadline = [start + self.timeout] if self.timeout else None
        conditional = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            origin = self._origin(url, current)
            robots = self._robots_for(url, origin, deadline)
            if not robots.can_fetch(self.user_agent, current):
                where = urlsplit(current)
                raise FetchError(url, f"robots.txt of {where.netloc} does not allow greatgame to fetch "
                                      f"{where.path or '/'}")
            result = self._request(url, current, conditional, deadline)
            if isinstance(result, str):
                current = result
                continue
            return result
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    # ------------------------------------------------------------ pieces
    def _origin(self, url: str, current: str) -> str:
        parts = urlsplit(current)
        if parts.scheme.lower() not in ("http", "https"):
            shown = "" if current == url else f" (redirected to {current})"
            raise FetchError(url, f"only http:// and https:// URLs are fetched, not {parts.scheme}://{shown}")
        if not parts.hostname:
            raise FetchError(url, "not a URL greatgame can fetch (no host)")
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}"

    def _wait(self, origin: str, deadline: list[float] | None) -> None:
        """Wait until ``origin``'s host may be asked again; the wait does not count against the fetch's time."""
        host = urlsplit(origin).netloc
        ready = self._next.get(host)
        now = self._clock()
        if ready is not None and now < ready:
            self._sleep(ready - now)
            if deadline:
                deadline[0] += ready - now
        self._next[host] = max(now, ready or now) + max(self.delay, self._crawl_delay.get(host, 0.0))
        self.requests += 1

    def _timeout(self, url: str, deadline: list[float] | None) -> Any:
        import httpx

        if not deadline:
            return httpx.Timeout(NO_LIMIT_TIMEOUT)
        left = deadline[0] - self._clock()
        if left <= 0:
            raise self._too_slow(url)
        return httpx.Timeout(left)

    def _too_slow(self, url: str) -> FetchError:
        return FetchError(url, f"fetching took longer than {self.timeout:g} s (the limit for one document)",
                          transient=True)

    def _failed(self, url: str, current: str, exc: Exception) -> FetchError:
        """A one-line ``FetchError`` for an ``httpx`` error."""
        import httpx

        host = urlsplit(current).netloc
        message = " ".join(str(exc).split()) or type(exc).__name__
        if isinstance(exc, httpx.TimeoutException):
            return self._too_slow(url)
        if isinstance(exc, httpx.ConnectError):
            low = message.lower()
            if any(s in low for s in ("name or service not known", "name resolution", "nodename nor servname",
                                      "getaddrinfo", "no address associated")):
                return FetchError(url, f"cannot look up {host}: no network, or no such host ({message})",
                                  transient=True)
            if "network is unreachable" in low:
                return FetchError(url, f"no network: cannot reach {host} ({message})", transient=True)
            if "refused" in low:
                return FetchError(url, f"{host} refused the connection ({message})", transient=True)
            return FetchError(url, f"cannot connect to {host} ({message})", transient=True)
        if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
            return FetchError(url, f"not a URL greatgame can fetch ({message})")
        return FetchError(url, f"the connection to {host} failed ({type(exc).__name__}: {message})", transient=True)

    def _request(self, url: str, current: str, headers: dict[str, str],
                 deadline: list[float] | None) -> Fetched | str:
        """One GET: the ``Fetched``, or the URL a redirect points to."""
        import httpx

        self._wait(self._origin(url, current), deadline)
        try:
            with self._client.stream("GET", current, headers=headers, timeout=self._timeout(url, deadline)) as r:
                if r.is_redirect and r.headers.get("location"):
                    return urljoin(current, r.headers["location"])
                if r.status_code == 304:
                    return Fetched(url, current, 304, etag=r.headers.get("etag"),
                                   last_modified=r.headers.get("last-modified"))
                if r.status_code != 200:
                    raise self._status_error(url, current, r.status_code, r.reason_phrase)
                content_type = r.headers.get("content-type", "").split(";")[0].strip().lower()
                limit, what = byte_cap(content_type)
                length = r.headers.get("content-length", "")
                if length.isdigit() and int(length) > limit:
                    raise FetchError(url, f"too large ({int(length) / 1e6:.1f} MB; the limit is {_mb(limit)} "
                                          f"for {what})")
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(url, f"too large (over {_mb(limit)}, the limit for {what})")
                    if deadline and self._clock() > deadline[0]:
                        raise self._too_slow(url)
                    chunks.append(chunk)
                return Fetched(url, current, 200, b"".join(chunks), content_type, r.headers.get("etag"),
                               r.headers.get("last-modified"))
        except httpx.HTTPError as exc:
            raise self._failed(url, current, exc) from None

    @staticmethod
    def _status_error(url: str, current: str, status: int, reason: str) -> FetchError:
        where = "" if current == url else f" (at {current})"
        transient = status in (408, 429) or status >= 500
        return FetchError(url, f"HTTP {status} {reason}".rstrip() + where, transient=transient)

    # ------------------------------------------------------------ robots.txt
    def _robots_for(self, url: str, origin: str, deadline: list[float] | None
                    ) -> urllib.robotparser.RobotFileParser:
        """The robots.txt rules of ``origin``, read once; a failure to read them is raised for every URL there."""
        cached = self._robots.get(origin)
        if cached is None:
            try:
                cached = self._read_robots(url, origin, deadline)
            except FetchError as exc:
                cached = exc
            self._robots[origin] = cached
        if isinstance(cached, FetchError):
            raise FetchError(url, cached.reason, transient=cached.transient)
        return cached

    def _read_robots(self, url: str, origin: str, deadline: list[float] | None
                     ) -> urllib.robotparser.RobotFileParser:
        import httpx

        rules = urllib.robotparser.RobotFileParser()
        current = origin + "/robots.txt"
        host = urlsplit(origin).netloc
        for _ in range(MAX_REDIRECTS + 1):
            self._wait(self._origin(url, current), deadline)
            try:
                with self._client.stream("GET", current, timeout=self._timeout(url, deadline)) as r:
                    if r.is_redirect and r.headers.get("location"):
                        current = urljoin(current, r.headers["location"])
                        continue
                    status = r.status_code
                    body = b""
                    if status == 200:
                        for chunk in r.iter_bytes():
                            body += chunk
                            if len(body) >= ROBOTS_MAX_BYTES:
                                break
            except httpx.HTTPError as exc:
                raise self._failed(url, current, exc) from None
            if status in (401, 403):
                rules.disallow_all = True
            elif 400 <= status < 500 and status != 429:
                rules.allow_all = True
            elif status != 200:
                raise FetchError(url, f"robots.txt of {host} answered HTTP {status}: nothing is fetched from "
                                      f"{host} until it answers", transient=True)
            else:
                rules.parse(body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
                delay = rules.crawl_delay(self.user_agent)
                if delay and float(delay) > self.delay:
                    self._crawl_delay[host] = min(float(delay), MAX_CRAWL_DELAY)
                    self._next[host] += self._crawl_delay[host] - self.delay
            return rules
        raise FetchError(url, f"robots.txt of {host}: more than {MAX_REDIRECTS} redirects")


# ---------------------------------------------------------------- reading what came back

def page_suffix(fetched: Fetched) -> str:
    """The file extension whose reader reads ``fetched``: by its first bytes, then its content type."""
    head = fetched.content[:1024].lstrip().lower()
    feedish = head.startswith(b"<?xml") and any(t in head for t in (b"<rss", b"<feed", b"<rdf"))
    if head.startswith(b"%pdf"):
        return ".pdf"
    if feedish or (fetched.content_type in FEED_TYPES and not head.startswith((b"<!doctype html", b"<html"))):
        return ".xml"
    if fetched.content_type in HTML_TYPES or head.startswith((b"<!doctype html", b"<html")):
        return ".html"
    if fetched.content_type in PDF_TYPES:
        return ".pdf"
    if fetched.content_type in TEXT_TYPES:
        return ".txt"
    shown = fetched.content_type or "none given"
    raise UnsupportedFormat(fetched.url, f"not a page greatgame reads (content type {shown}; it reads HTML, PDF, "
                                         "plain text and RSS/Atom)")


def relabel(items: list[Document | DocumentError], path: Path, fetched: Fetched
            ) -> list[Document | DocumentError]:
    """The documents and errors read from ``path``, a downloaded copy of ``fetched``, as read from its URL.

    A page's document takes the URL as its id (``document_id`` of the final URL), source and ``url``; a feed's
    entries keep their ids, their source becomes ``URL#entryN``; errors and warnings name the URL.
    """
    local = str(path)
    out: list[Document | DocumentError] = []
    for item in items:
        if isinstance(item, DocumentError):
            source = fetched.url + item.source[len(local):] if item.source.startswith(local) else item.source
            out.append(type(item)(source, item.reason))
            continue
        rest = item.source[len(local):] if item.source.startswith(local) else ""
        item.warnings = [w.replace(local, fetched.url) for w in item.warnings]
        item.source = fetched.url + rest
        if not rest:                    # the page itself, not an entry of a feed
            item.id = document_id(fetched.final_url)
            item.url = fetched.final_url
        item.meta.setdefault("content_type", fetched.content_type)
        out.append(item)
    return out
