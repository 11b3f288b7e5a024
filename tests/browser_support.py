"""Helpers for the browser tests: a seeded knowledge base, the real app on a loopback port, Chromium's settings."""
from __future__ import annotations

import importlib.util
import os
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium chromium-driver; ./dev test does it as root)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


def build_kb(shared: Path, path: Path) -> Path:
    """A knowledge base with the reference data, the facts and the seed corpus, closed again."""
    import greatgame
    from greatgame.data import import_reference
    from greatgame.ingest import ingest

    kb = greatgame.open(path)
    try:
        import_reference(kb, [shared / "data/reference", shared / "data/facts"])
        report = ingest(kb, [shared / "corpus/seeds"])
        assert report.ok, report.errors
    finally:
        kb.close()
    return path


@contextmanager
def live_app(db: Path, timeout: float = 30.0) -> Iterator[str]:
    """Serve ``create_app(db)`` with uvicorn in a background thread on 127.0.0.1; yields the base URL."""
    import uvicorn

    from greatgame.web.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))                 # a free port, held from now on: no race with other processes
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning", access_log=False,
                            lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the uvicorn server stopped while starting")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the uvicorn server did not start in {timeout:.0f} s")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (loopback HTTP, or data:/blob:/about: URLs that need no network)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return parts.hostname in LOCAL_HOSTS


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot to test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def squash(text: str) -> str:
    """Whitespace collapsed, so text from the DOM compares with text from the store."""
    return " ".join(text.split())


PAYLOADS = ("<script>alert('{0}')</script>", "\"><img src=x onerror=alert('{0}')>", "javascript:alert('{0}')",
            "'><svg onload=alert('{0}')>", "</script><script>alert('{0}')</script>")
"""Markup that runs script if a page puts it anywhere unescaped (text, attribute, script block) or follows it as a
link; ``{0}`` names where it was planted."""


def hostile_documents() -> list[dict[str, str]]:
    """Documents whose title, id, url, body, quotes and figures carry the payloads (JSON Lines records)."""
    s, a, j, v, e = PAYLOADS
    return [
        {"id": "hostile-1", "title": s.format("title") + a.format("title-attr"), "url": j.format("url"),
         "published": "2024-05-03",
         "text": f"Kazakhstan and China signed a railway agreement in Astana on 3 May 2024 {s.format('body')}. "
                 f"President Kassym-Jomart Tokayev said: \"Our partnership with China {a.format('quote')} is "
                 f"strong.\" China invested $5 billion {a.format('figure')} in Kazakhstan in 2023. Russia and "
                 f"Uzbekistan held talks in Tashkent {j.format('js')} on 4 May 2024."},
        {"id": a.format("id") + s.format("id"), "title": j.format("title"), "published": "2024-06-01",
         "text": f"Kyrgyzstan and Russia agreed on a military base {e.format('body2')} in Kant in June 2024. "
                 f"\"{s.format('quote2')} is a friend,\" said Sadyr Japarov. Trade reached $2.5 billion "
                 f"{v.format('fig2')} in 2023."},
    ]


def build_hostile_kb(path: Path) -> Path:
    """A knowledge base of hostile documents only: the JSON Lines ones and an HTML page whose escaped markup
    becomes markup-like text once read."""
    import json

    import greatgame
    from greatgame.ingest import ingest

    folder = path.parent / "hostile-docs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.jsonl").write_text("".join(json.dumps(d) + "\n" for d in hostile_documents()),
                                          encoding="utf-8")
    (folder / "hostile.html").write_text(
        "<html><head><title>&lt;script&gt;alert('html-title')&lt;/script&gt;</title></head><body>"
        "<p>Tajikistan and China opened a road &lt;img src=x onerror=alert('html')&gt; near Dushanbe in March "
        "2024.</p><p>&quot;&gt;&lt;svg onload=alert('svg')&gt; Turkmenistan sold gas worth $8 billion to China "
        "in 2023.</p></body></html>", encoding="utf-8")
    kb = greatgame.open(path)
    try:
        report = ingest(kb, [folder])
        assert report.ok, report.errors
    finally:
        kb.close()
    return path
