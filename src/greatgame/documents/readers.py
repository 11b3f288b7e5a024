"""Readers: turn files into ``Document`` objects.

One reader per format (plain text, HTML, PDF, JSON Lines, RSS/Atom feeds),
chosen by extension and, failing that, by sniffing the first bytes. A sidecar
``meta.jsonl`` in a document's folder adds metadata (its ``id`` is the file
name). Readers never raise for one bad document: they yield a
``DocumentError`` in its place so the rest of a folder is still read.

Every error is one line that names the file (or record). What is refused:

* files that are not UTF-8 (with or without BOM) or BOM-marked UTF-16 text:
  other encodings (cp1251, latin-1, ...) are not guessed;
* single-document files (text, feeds) larger than ``MAX_FILE_BYTES``
  (20 MB), and HTML pages larger than ``MAX_HTML_BYTES`` (5 MB), checked
  on the file's size before it is read or parsed (parsing HTML takes about
  2 s a megabyte); JSON Lines batches may be larger, PDFs too (their text
  layer is what counts);
* any document whose text breaks a cap of ``greatgame.documents.checks``,
  checked before extraction: longer than ``MAX_TEXT_CHARS`` (1,000,000
  characters, the most the language pipeline takes in one document; a
  million characters take some 40 s to extract, inside the knowledge
  base's default 60 s limit per document): split it; or not prose (a run of
  more than 10,000 characters without a space, or of more than 200
  punctuation characters, which the tokenizer takes quadratic time over);
* HTML nested deeper than the HTML parser goes (libxml2 stops at 256
  levels and would silently drop the rest of the page);
* JSON nested too deeply to parse.

A ``published`` value that is not an ISO date is dropped (the document is
kept) with a warning in ``Document.warnings``. PDF parsing problems become
the file's one-line error; pypdf's own log lines are silenced.

Lone surrogates, which no UTF-8 file holds but a JSON ``\ud800`` escape or
an HTML ``&#xD800;`` reference can produce, become U+FFFD (one character for
one, so offsets do not move): they could be neither hashed nor stored.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Callable

from ..errors import DocumentError, MalformedDocument, UnsupportedFormat
from .checks import MAX_TEXT_CHARS, check_published, text_problem  # noqa: F401 - MAX_TEXT_CHARS re-exported
from .dating import pdf_published
from .feeds import feed_documents
from .model import Document

SIDECAR = "meta.jsonl"
META_FIELDS = ("title", "published", "url", "author")

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml"}
PDF_EXT = {".pdf"}
JSONL_EXT = {".jsonl", ".ndjson"}
FEED_EXT = {".rss", ".atom", ".xml", ".feed"}

ReadResult = Document | DocumentError

MAX_FILE_BYTES = 20_000_000
MAX_HTML_BYTES = 5_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _read_whole(path: Path, limit: int = MAX_FILE_BYTES, what: str = "one document") -> bytes:
    """The bytes of a file read as one document, refusing one too large to be a document (before reading it)."""
    size = path.stat().st_size
    if size > limit:
        shown = f"{size / 1e6:.1f}" if size >= 1.05 * limit else f"{size / 1e6:.3f}"
        raise DocumentError(path, f"file too large ({shown} MB; the limit is {limit / 1e6:g} MB for {what})")
    data = path.read_bytes()
    if len(data) > limit:       # it grew in between
        raise DocumentError(path, f"file too large (over {limit / 1e6:g} MB, the limit for {what})")
    return data


# ---------------------------------------------------------------- decoding

def decode_text(data: bytes, source: str | Path) -> str:
    """Decode bytes as UTF-8 (with or without BOM) or BOM-marked UTF-16.

    Anything else is refused with a clear error rather than guessed.
    """
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise MalformedDocument(source, f"invalid UTF-16 text ({exc.reason} at byte {exc.start})") from None
    elif b"\x00" in data[:4096]:
        raise MalformedDocument(source, "binary content (NUL bytes), not text")
    else:
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
    text = decode_text(_read_whole(path), path)
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


def _check_html_depth(html: str, path: Path) -> None:
    """Refuse HTML nested deeper than libxml2 parses: it stops there and drops the rest of the page."""
    import lxml.etree

    if html.count("<") < 256:
        return
    parser = lxml.etree.HTMLParser(recover=True)
    try:
        lxml.etree.fromstring(html.encode("utf-8", "replace"), parser)
    except (lxml.etree.LxmlError, ValueError):
        return      # trafilatura reports pages it cannot parse
    except RecursionError:
        raise MalformedDocument(path, "HTML nested too deeply to read") from None
    if any("depth" in (e.message or "").lower() for e in parser.error_log):
        raise MalformedDocument(path, "HTML nested too deeply (more than 255 levels of elements): "
                                      "the parser would stop there and lose the rest of the page")


def read_html(path: Path) -> Iterator[ReadResult]:
    import trafilatura

    html = decode_text(_read_whole(path, MAX_HTML_BYTES, "an HTML page"), path)
    if not html.strip():
        raise MalformedDocument(path, "empty document")
    _check_html_depth(html, path)
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=True, include_tables=True, favor_precision=True
        )
    except RecursionError:
        raise MalformedDocument(path, "HTML nested too deeply to read") from None
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

    # pypdf logs every oddity of a damaged file (a broken one gives hundreds of lines); what matters
    # to the user is the one-line error below, so its log is silenced.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)

    try:
        reader = PdfReader(str(path))
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
        info = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise MalformedDocument(path, f"unreadable PDF ({type(exc).__name__}: {_one_line(exc)})") from None
    text = PAGE_BREAK.join(pages).strip()
    if not text:
        raise MalformedDocument(path, "PDF has no text layer (scanned images are not read)")
    get = info.get if hasattr(info, "get") else (lambda key: None)
    try:
        xmp = reader.xmp_metadata
    except Exception:  # pypdf raises several types on XMP it cannot parse: the date is then looked for elsewhere
        xmp = None
    published, how, warning = pdf_published(info, xmp, pages[0] if pages else "")
    doc = Document(
        id=path.name,
        text=text + "\n",
        source=str(path),
        format="pdf",
        title=_clean_meta(get("/Title")),
        author=_clean_meta(get("/Author")),
        published=published,
        meta={"published_from": how} if how else {},
    )
    if warning:
        doc.warnings.append(f"{path}: {warning}")
    yield doc


def read_jsonl(path: Path) -> Iterator[ReadResult]:
    text = decode_text(path.read_bytes(), path)
    if not text.strip():
        raise MalformedDocument(path, "no records (the file is empty)")
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
        except RecursionError:
            yield MalformedDocument(where, "JSON nested too deeply to read")
            continue
        if not isinstance(rec, dict):
            yield MalformedDocument(where, "a line must be a JSON object")
            continue
        doc_id, body = rec.get("id"), rec.get("text")
        if doc_id is None or str(doc_id).strip() == "":
            yield MalformedDocument(where, "missing 'id'")
            continue
        if isinstance(doc_id, (bool, list, dict)):
            yield MalformedDocument(where, "'id' must be a string or a number")
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


def read_feed(path: Path) -> Iterator[ReadResult]:
    yield from feed_documents(_read_whole(path), path)


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
        except RecursionError:
            errors.append(MalformedDocument(f"{path}:{n}", "JSON nested too deeply to read"))
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
    if rec.get("published") not in (None, "") and doc.meta.get("published_from"):
        # the sidecar's date replaces the one the reader found (a PDF's, with the warning on how it found it)
        doc.meta.pop("published_from")
        doc.warnings = [w for w in doc.warnings if not w.startswith(f"{doc.source}: published ")]
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


def _no_surrogates(value: Any) -> Any:
    """``value`` with lone surrogates replaced by U+FFFD (strings, and strings inside lists and dicts)."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    return value


def _checked(item: ReadResult) -> ReadResult:
    """A document fit to extract and store, or a one-line error in its place."""
    if isinstance(item, DocumentError):
        if "\n" in item.reason or "\r" in item.reason:
            return type(item)(item.source, _one_line(item.reason))
        return item
    problem = text_problem(item.text)
    if problem:
        return DocumentError(item.source, problem)
    for key in ("id", "text", "source", "title", "published", "url", "author"):
        setattr(item, key, _no_surrogates(getattr(item, key)))
    item.meta = _no_surrogates(item.meta)
    item.published, warning = check_published(item.published)
    if warning:
        item.warnings.append(f"{item.source}: {warning}")
    return item


def read_file(path: Path, sidecar: dict[str, dict[str, Any]] | None = None) -> Iterator[ReadResult]:
    """Read one file, yielding documents and per-document errors."""
    if not path.exists():
        yield DocumentError(path, "no such file or folder")
        return
    try:
        reader = sniff(path)
    except OSError as exc:
        yield DocumentError(path, f"cannot read file ({_one_line(exc.strerror or exc)})")
        return
    if reader is None:
        yield UnsupportedFormat(path, f"unsupported format {path.suffix or '(no extension)'!r}")
        return
    try:
        for item in reader(path):
            if isinstance(item, Document) and sidecar:
                item = apply_sidecar(item, sidecar)
            yield _checked(item)
    except DocumentError as exc:
        yield _checked(exc)
    except OSError as exc:
        yield DocumentError(path, f"cannot read file ({_one_line(exc.strerror or exc)})")
    except RecursionError:
        yield MalformedDocument(path, "nested too deeply to read")
    except Exception as exc:  # a parser library's bug on a malformed file must not stop the folder
        yield MalformedDocument(path, f"cannot read file ({type(exc).__name__}: {_one_line(exc)})")


def read_paths(paths: Iterable[str | Path]) -> Iterator[ReadResult]:
    """Read every document under ``paths``; sidecar metadata applied per folder.

    Files in a folder whose format is unknown are skipped silently (a folder may
    hold notes or images); a file named explicitly must be readable.
    """
    for _, items in read_files(paths):
        yield from items


def read_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Iterator[ReadResult]]]:
    """``read_paths`` file by file: (file, its documents and errors), each file read lazily.

    A caller that gives up on one file (the knowledge base bounds the time a
    file may take to read) drops its iterator and goes on with the next.
    """
    for path, task in read_tasks(paths):
        yield path, (iter(task) if isinstance(task, list) else read_file(path, task))


def read_tasks(paths: Iterable[str | Path]) -> Iterator[tuple[Path, dict[str, dict[str, Any]] | list[DocumentError]]]:
    """What ``read_files`` reads, before reading it: (file, its folder's sidecar metadata) for each file to
    read with ``read_file(file, sidecar)``, and (a folder's ``meta.jsonl``, its errors) where it has bad lines.

    So another process can do the reading (``greatgame.ingest.isolation``).
    """
    sidecars: dict[Path, dict[str, dict[str, Any]]] = {}
    for path, explicit in iter_files(paths):
        folder = path.parent
        if folder not in sidecars:
            sidecars[folder], errors = load_sidecar(folder)
            if errors:
                yield folder / SIDECAR, errors
        try:
            if not explicit and sniff(path) is None:
                continue
        except OSError:
            pass            # read_file says why it cannot be read
        yield path, sidecars[folder]


# ---------------------------------------------------------------- URLs, and counting what is to come

def is_url(value: Any) -> bool:
    """Whether a command-line argument is a URL (``scheme://...``) rather than a path; ``Path`` objects never are."""
    if not isinstance(value, str):
        return False
    scheme, sep, _ = value.partition("://")
    return bool(sep) and scheme.isascii() and scheme.isalpha() and len(scheme) > 1


_FEED_ENTRY = re.compile(rb"<(?:item|entry)[\s>]")


def expected_documents(paths: Iterable[str | Path]) -> int:
    """How many documents (or errors in their place) reading ``paths`` will give, counted without reading them:
    a line per JSON Lines record, an entry per feed entry, one per other file and per URL. For a progress bar's
    total: it can be off where records are blank or a URL turns out to be a feed."""
    paths = list(paths)
    count = sum(1 for p in paths if is_url(p))
    for path, task in read_tasks([p for p in paths if not is_url(p)]):
        if isinstance(task, list):
            count += len(task)
            continue
        try:
            reader = sniff(path)
            if reader is read_jsonl:
                with path.open("rb") as fh:
                    count += max(1, sum(1 for line in fh if line.strip()))
            elif reader is read_feed and path.stat().st_size <= MAX_FILE_BYTES:
                count += max(1, len(_FEED_ENTRY.findall(path.read_bytes())))
            else:
                count += 1
        except OSError:
            count += 1
    return count
