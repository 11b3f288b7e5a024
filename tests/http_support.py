"""A local web server for the fetch and follow tests: ``http.server`` in a thread, on 127.0.0.1 only.

It serves the files of a temporary folder (with ``Last-Modified``, honouring
``If-Modified-Since``, as ``SimpleHTTPRequestHandler`` does, plus an ``ETag``
honoured through ``If-None-Match``), and per-path behaviours a test sets in
``server.rules``: ``{"status": 500}``, ``{"delay": 0.5}`` (seconds before
answering), ``{"no_length": True}`` (a body without ``Content-Length``),
``{"redirect": "/other.html"}``, ``{"type": "image/png"}``. Every request is
logged in ``server.requests`` as (path, headers).
"""
from __future__ import annotations

import hashlib
import http.server
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any


class Handler(http.server.SimpleHTTPRequestHandler):
    server: Any

    def log_message(self, *args: Any) -> None:       # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?")[0]
        self.server.requests.append((path, dict(self.headers)))
        rule = self.server.rules.get(path, {})
        if rule.get("delay"):
            time.sleep(rule["delay"])
        if "status" in rule:
            body = f"status {rule['status']}".encode()
            self.send_response(rule["status"])
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if "redirect" in rule:
            self.send_response(301)
            self.send_header("Location", rule["redirect"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        file = Path(self.translate_path(path))
        if file.is_file():
            data = file.read_bytes()
            etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            if rule.get("no_length") or rule.get("type"):
                self.send_response(200)
                self.send_header("Content-Type", rule.get("type") or self.guess_type(str(file)))
                self.send_header("ETag", etag)
                if not rule.get("no_length"):
                    self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            self._etag = etag
        super().do_GET()

    def end_headers(self) -> None:
        etag = getattr(self, "_etag", None)
        if etag:
            self.send_header("ETag", etag)
            self._etag = None
        super().end_headers()


class LocalServer:
    """``with LocalServer(folder) as server: server.url("/page.html")``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
        self.httpd.daemon_threads = True
        self.httpd.rules = {}
        self.httpd.requests = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def rules(self) -> dict[str, dict[str, Any]]:
        return self.httpd.rules

    @property
    def requests(self) -> list[tuple[str, dict[str, str]]]:
        return self.httpd.requests

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def asked(self, path: str) -> int:
        """How many requests asked for ``path``."""
        return sum(1 for p, _ in self.requests if p == path)

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def article(title: str, paragraphs: list[str], published: str | None = None) -> str:
    """A small HTML article page, written by the tests."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title>{meta}</head><body>"
            f"<nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>{body}</article>"
            "<footer>Copyright the test site</footer></body></html>")


def rss(title: str, items: list[dict[str, str]]) -> str:
    """An RSS 2.0 feed of ``items`` (keys: title, link, guid, date, description), written by the tests."""
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{title}</title>'
           "<link>http://127.0.0.1/</link><description>test feed</description>"]
    for item in items:
        out.append("<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in (
            ("title", item.get("title")), ("link", item.get("link")), ("guid", item.get("guid")),
            ("pubDate", item.get("date")), ("description", item.get("description"))) if v) + "</item>")
    out.append("</channel></rss>")
    return "\n".join(out)
