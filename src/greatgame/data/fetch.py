"""Download the original files the data pack was built from, checking each against the pack's SHA-256.

``plan(manifest)`` lists what can be fetched: a source whose file is an
unmodified copy of a publisher's file has a ``download`` URL (registry.yaml);
a source derived from the publisher's files (converted, filtered, transcribed)
can only come from a copy of the ``shared/`` folder, named with ``mirror``
(``BASE/<file>``, e.g. ``BASE/reference/sipri-arms-transfers/trade-register.csv``).
``fetch`` streams each file to ``DEST/<file>`` (the layout ``greatgame data
import DEST`` reads), hashing it as it comes, and keeps it only when its SHA-256
is the one in the manifest. A host that cannot be reached at all stops the
whole fetch with one ``FetchOffline`` error; an HTTP error or a wrong checksum
fails that file only.
"""
from __future__ import annotations

import hashlib
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import DataError, FetchOffline

CHUNK = 64 * 1024
USER_AGENT = f"greatgame/{__version__} (+https://github.com/greatgame; data fetch)"


@dataclass
class Item:
    """One file to fetch."""

    dataset: str
    file: str                     # path under DEST (and under the mirror), e.g. reference/x/y.csv
    url: str
    sha256: str
    bytes: int                    # its size when the pack was built


@dataclass
class Fetched:
    """What happened to one file."""

    item: Item
    status: str                   # downloaded | unchanged | error
    bytes: int = 0
    error: DataError | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"dataset": self.item.dataset, "file": self.item.file, "url": self.item.url, "status": self.status,
                "bytes": self.bytes, "sha256": self.item.sha256, "error": str(self.error) if self.error else None}


def plan(manifest: dict[str, Any], mirror: str | None = None,
         datasets: Iterable[str] | None = None) -> tuple[list[Item], list[tuple[str, str]]]:
    """The files to fetch, and (dataset, reason) for the sources that cannot be fetched as asked."""
    wanted = set(datasets or ())
    known = {s["dataset"] for s in manifest["sources"]}
    unknown = sorted(wanted - known)
    if unknown:
        raise DataError(unknown[0], "not a source of the data pack (one of: " + ", ".join(sorted(known)) + ")")
    items, skipped = [], []
    for s in manifest["sources"]:
        if wanted and s["dataset"] not in wanted:
            continue
        if mirror:
            url = mirror.rstrip("/") + "/" + urllib.parse.quote(s["file"])
        elif s.get("download"):
            url = s["download"]
        else:
            skipped.append((s["dataset"], f"derived from the publisher's files ({s.get('url') or 'no URL: compiled'})"
                                          f", see {Path(s['file']).parent.as_posix()}/PROVENANCE.md in shared/; "
                                          "fetch the prepared file from a copy of shared/data with --mirror URL"))
            continue
        items.append(Item(s["dataset"], s["file"], url, s["sha256"], int(s.get("bytes") or 0)))
    return items, skipped


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _safe_target(dest: Path, file: str) -> Path:
    target = (dest / file).resolve()
    if not target.is_relative_to(dest.resolve()):
        raise DataError(file, "file path leaves the destination folder")
    return target


def _offline(url: str, exc: BaseException) -> FetchOffline:
    host = urllib.parse.urlsplit(url).netloc or url
    reason = getattr(exc, "reason", None) or exc
    return FetchOffline(url, f"cannot reach {host} ({reason}): offline? nothing more was fetched")


def fetch_one(item: Item, dest: Path, progress: Callable[[Item, int, int], None] | None = None,
              timeout: float = 30.0) -> Fetched:
    """Fetch one file to ``dest/item.file`` (kept as it is when its checksum is already right)."""
    target = _safe_target(dest, item.file)
    if target.is_file() and _sha256(target) == item.sha256:
        size = target.stat().st_size
        if progress:
            progress(item, size, size)
        return Fetched(item, "unchanged", size)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    request = urllib.request.Request(item.url, headers={"User-Agent": USER_AGENT})
    h = hashlib.sha256()
    done = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp, open(part, "wb") as fh:
            total = int(resp.headers.get("Content-Length") or 0) or item.bytes
            while True:
                block = resp.read(CHUNK)
                if not block:
                    break
                fh.write(block)
                h.update(block)
                done += len(block)
                if progress:
                    progress(item, done, total)
    except urllib.error.HTTPError as exc:
        part.unlink(missing_ok=True)
        return Fetched(item, "error", done, DataError(item.url, f"HTTP {exc.code} {exc.reason}"))
    except urllib.error.URLError as exc:
        part.unlink(missing_ok=True)
        raise _offline(item.url, exc) from None
    except (TimeoutError, socket.timeout) as exc:
        part.unlink(missing_ok=True)
        return Fetched(item, "error", done, DataError(item.url, f"no answer within {timeout:g} s ({exc})"))
    except (ConnectionError, OSError) as exc:
        part.unlink(missing_ok=True)
        return Fetched(item, "error", done, DataError(item.url, f"download broke off after {done} bytes ({exc})"))
    got = h.hexdigest()
    if got != item.sha256:
        part.unlink(missing_ok=True)
        return Fetched(item, "error", done, DataError(
            item.url, f"checksum mismatch: SHA-256 {got[:12]}… where the pack was built from {item.sha256[:12]}… "
                      f"(not the file the pack was built from; not kept)"))
    part.replace(target)
    return Fetched(item, "downloaded", done)


def fetch(items: Iterable[Item], dest: str | Path, progress: Callable[[Item, int, int], None] | None = None,
          timeout: float = 30.0) -> list[Fetched]:
    """Fetch each item into ``dest``; raises ``FetchOffline`` (one line) when a host cannot be reached."""
    out = Path(dest)
    return [fetch_one(item, out, progress, timeout) for item in items]


__all__ = ["Fetched", "Item", "USER_AGENT", "fetch", "fetch_one", "plan"]
