"""Readers: turn files into ``Document`` objects.

One reader per format (plain text, HTML, PDF, JSON Lines, RSS/Atom feeds),
chosen by extension and, failing that, by sniffing the first bytes. A sidecar
``meta.jsonl`` in a document's folder adds metadata (its ``id`` is the file
name). Readers never raise for one bad document: they yield a
``DocumentError`` in its place so the rest of a folder is still read.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Callable

from ..errors import DocumentError, MalformedDocument, UnsupportedFormat
from .model import Document

SIDECAR = "meta.jsonl"
META_FIELDS = ("title", "published", "url", "author")

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml"}
PDF_EXT = {".pdf"}
JSONL_EXT = {".jsonl", ".ndjson"}
FEED_EXT = {".rss", ".atom", ".xml", ".feed"}

ReadResult = Document | DocumentError


# ---------------------------------------------------------------- decoding

def decode_text(data: bytes, source: str | Path) -> str:
    """Decode bytes as UTF-8 (with or without BOM) or BOM-marked UTF-16.

    Anything else is refused with a clear error rather than guessed.
    """
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise MalformedDocument(source, f"invalid UTF-16 text ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data[:4096]:
        raise MalformedDocument(source, "binary content (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MalformedDocument(source, f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _clean_meta(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


# ---------------------------------------------------------------- readers

def read_text(path: Path) -> Iterator[ReadResult]:
    text = decode_text(path.read_bytes(), path)
    if not text.strip():
        raise MalformedDocument(path, "empty document")
    yield Document(id=path.name, text=text, source=str(path), format="text")


def _html_meta_fallback(html: str) -> dict[str, str]:
    """Title and date from <title>/<meta> when trafilatura finds none."""
    out: dict[str, str] = {}
    m = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
    if m:
        out["title"] = re.sub(r"\s+", " ", m.group(1)).strip()
    for name in ("article:published_time", "date", "pubdate", "dc.date"):
        m = re.search(
            r"<meta[^>]+(?:property|name)=[\"']%s[\"'][^>]+content=[\"']([^\"']+)" % re.escape(name),
            html, re.I)
        if m:
            out["published"] = m.group(1)
            break
    return out


def read_html(path: Path) -> Iterator[ReadResult]:
    import trafilatura

    html = decode_text(path.read_bytes(), path)
    if not html.strip():
        raise MalformedDocument(path, "empty document")
    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=True, include_tables=True, favor_precision=True
    )
    if result is None or not (result.text or "").strip():
        raise MalformedDocument(path, "no main text found in the HTML page")
    text = result.text.strip()
    comments = (result.comments or "").strip()
    if comments:
        # Reader comments go after a heading the part splitter recognises.
        text += "\n\nComments\n" + comments
    fallback = _html_meta_fallback(html)
    yield Document(
        id=path.name,
        text=text + "\n",
        source=str(path),
        format="html",
        title=_clean_meta(result.title) or fallback.get("title"),
        published=_clean_meta(result.date) or fallback.get("published"),
        url=_clean_meta(result.url),
        author=_clean_meta(result.author),
        meta={k: v for k, v in {"sitename": result.sitename, "description": result.description}.items() if v},
    )


# Pages of a PDF are joined by the same blank-line run that PDF-to-text
# extracts such as the seed corpus use, so the part splitter sees page breaks.
PAGE_BREAK = "\n\n\n\n"


def read_pdf(path: Path) -> Iterator[ReadResult]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
        info = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise MalformedDocument(path, f"unreadable PDF ({type(exc).__name__}: {exc})") from None
    text = PAGE_BREAK.join(pages).strip()
    if not text:
        raise MalformedDocument(path, "PDF has no text layer (scanned images are not read)")
    published = None
    raw_date = info.get("/CreationDate") if hasattr(info, "get") else None
    if raw_date:
        m = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(raw_date))
        if m:
            published = "-".join(m.groups())
    yield Document(
        id=path.name,
        text=text + "\n",
        source=str(path),
        format="pdf",
        title=_clean_meta(info.get("/Title") if hasattr(info, "get") else None),
        author=_clean_meta(info.get("/Author") if hasattr(info, "get") else None),
        published=published,
    )


def read_jsonl(path: Path) -> Iterator[ReadResult]:
    text = decode_text(path.read_bytes(), path)
    seen: set[str] = set()
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield MalformedDocument(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(rec, dict):
            yield MalformedDocument(where, "a line must be a JSON object")
            continue
        doc_id, body = rec.get("id"), rec.get("text")
        if doc_id is None or str(doc_id).strip() == "":
            yield MalformedDocument(where, "missing 'id'")
            continue
        if not isinstance(body, str) or not body.strip():
            yield MalformedDocument(where, "missing or empty 'text'")
            continue
        doc_id = str(doc_id)
        if doc_id in seen:
            yield MalformedDocument(where, f"duplicate id {doc_id!r} in the same file")
            continue
        seen.add(doc_id)
        extra = {k: v for k, v in rec.items() if k not in {"id", "text", *META_FIELDS}}
        yield Document(
            id=doc_id,
            text=body.replace("\r\n", "\n"),
            source=where,
            format="jsonl",
            title=_clean_meta(rec.get("title")),
            published=_clean_meta(rec.get("published")),
            url=_clean_meta(rec.get("url")),
            author=_clean_meta(rec.get("author")),
            meta=extra,
        )


def _html_to_text(fragment: str) -> str:
    import lxml.html

    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fromstring(fragment)
    except Exception:  # lxml raises several types on fragments it cannot parse
        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    blocks = [re.sub(r"\s+", " ", b.text_content()).strip() for b in root.xpath("//p|//li|//h1|//h2|//h3")]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else re.sub(r"\s+", " ", root.text_content()).strip()


def _feed_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        t = entry.get(key)
        if t:
            return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
    return _clean_meta(entry.get("published") or entry.get("updated"))


def read_feed(path: Path) -> Iterator[ReadResult]:
    import feedparser

    data = path.read_bytes()
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = f"not a feed ({parsed.bozo_exception})" if parsed.get("bozo") else "feed has no entries"
        raise MalformedDocument(path, reason)
    feed_title = parsed.feed.get("title")
    for n, entry in enumerate(parsed.entries, 1):
        where = f"{path}#entry{n}"
        html = ""
        if entry.get("content"):
            html = "\n".join(c.get("value", "") for c in entry.content)
        html = html or entry.get("summary", "") or entry.get("description", "")
        body = _html_to_text(html).strip()
        title = _clean_meta(entry.get("title"))
        doc_id = _clean_meta(entry.get("id") or entry.get("link"))
        if not doc_id:
            yield MalformedDocument(where, "entry has neither an id nor a link")
            continue
        if not body:
            yield MalformedDocument(where, "entry has no text")
            continue
        text = f"{title}\n\n{body}\n" if title else body + "\n"
        yield Document(
            id=doc_id,
            text=text,
            source=where,
            format="feed",
            title=title,
            published=_feed_date(entry),
            url=_clean_meta(entry.get("link")),
            author=_clean_meta(entry.get("author")),
            meta={"feed": feed_title} if feed_title else {},
        )


READERS: dict[str, Callable[[Path], Iterator[ReadResult]]] = {
    **{e: read_text for e in TEXT_EXT},
    **{e: read_html for e in HTML_EXT},
    **{e: read_pdf for e in PDF_EXT},
    **{e: read_jsonl for e in JSONL_EXT},
    **{e: read_feed for e in FEED_EXT},
}


def sniff(path: Path) -> Callable[[Path], Iterator[ReadResult]] | None:
    """Pick a reader by extension, else by the first bytes."""
    reader = READERS.get(path.suffix.lower())
    if reader is not None:
        return reader
    with path.open("rb") as fh:
        head = fh.read(1024).lstrip().lower()
    if head.startswith(b"%pdf"):
        return read_pdf
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        return read_feed
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        return read_html
    if head.startswith(b"{"):
        return read_jsonl
    return None


# ---------------------------------------------------------------- sidecar metadata

def load_sidecar(folder: Path) -> tuple[dict[str, dict[str, Any]], list[DocumentError]]:
    path = folder / SIDECAR
    meta: dict[str, dict[str, Any]] = {}
    errors: list[DocumentError] = []
    if not path.is_file():
        return meta, errors
    try:
        text = decode_text(path.read_bytes(), path)
    except DocumentError as exc:
        return meta, [exc]
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(MalformedDocument(f"{path}:{n}", f"not valid JSON ({exc.msg})"))
            continue
        if isinstance(rec, dict) and rec.get("id"):
            meta[str(rec["id"])] = rec
        else:
            errors.append(MalformedDocument(f"{path}:{n}", "a sidecar line needs an 'id'"))
    return meta, errors


def apply_sidecar(doc: Document, sidecar: dict[str, dict[str, Any]]) -> Document:
    rec = sidecar.get(doc.id)
    if not rec:
        return doc
    for key in META_FIELDS:
        if key in rec and rec[key] not in (None, ""):
            setattr(doc, key, str(rec[key]))
    for key, value in rec.items():
        if key not in {"id", *META_FIELDS}:
            doc.meta[key] = value
    return doc


# ---------------------------------------------------------------- walking paths

def iter_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool]]:
    """Yield (file, named_explicitly) for files and folders (recursive, sorted)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    if f.name != SIDECAR:
                        yield f, False
        else:
            yield p, True


def read_file(path: Path, sidecar: dict[str, dict[str, Any]] | None = None) -> Iterator[ReadResult]:
    """Read one file, yielding documents and per-document errors."""
    if not path.exists():
        yield DocumentError(path, "no such file or folder")
        return
    reader = sniff(path)
    if reader is None:
        yield UnsupportedFormat(path, f"unsupported format {path.suffix or '(no extension)'!r}")
        return
    try:
        for item in reader(path):
            if isinstance(item, Document) and sidecar:
                item = apply_sidecar(item, sidecar)
            yield item
    except DocumentError as exc:
        yield exc
    except OSError as exc:
        yield DocumentError(path, f"cannot read file ({exc.strerror or exc})")


def read_paths(paths: Iterable[str | Path]) -> Iterator[ReadResult]:
    """Read every document under ``paths``; sidecar metadata applied per folder.

    Files in a folder whose format is unknown are skipped silently (a folder may
    hold notes or images); a file named explicitly must be readable.
    """
    sidecars: dict[Path, dict[str, dict[str, Any]]] = {}
    for path, explicit in iter_files(paths):
        folder = path.parent
        if folder not in sidecars:
            sidecars[folder], errors = load_sidecar(folder)
            yield from errors
        if not explicit and sniff(path) is None:
            continue
        yield from read_file(path, sidecars[folder])
