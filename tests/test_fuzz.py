"""Fuzzing the readers, the extractor and the ingest path with bad input.

Every bad input must give either a clear one-line error that names its file
(or record) or a sensible result; no exception may escape ``read_paths`` or
``greatgame.ingest.ingest``, nothing may hang, and what the knowledge base held
before must be left as it was.
"""
from __future__ import annotations

import itertools
import json
import math
import random
import re
import signal
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import greatgame
from greatgame.documents.model import Document
from greatgame.documents.parts import split_parts
from greatgame.documents.readers import MAX_FILE_BYTES, MAX_TEXT_CHARS, decode_text, read_paths
from greatgame.errors import DocumentError, GreatgameError
from greatgame.ingest import ingest

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True)
EXTENSIONS = (".txt", ".html", ".jsonl", ".rss", ".pdf")
TABLES = ("documents", "parts", "mentions", "events", "quotes", "figures", "entities")
ABSURD_DATES = ("99999-99-99", "0000-00-00", "yesterday-ish", "9999-12-31", "0001-01-01", "2023-02-30",
                "-5000-01-01", "", "   ", "1e309")

GOOD = {
    "good1.txt": "Kazakhstan and China signed a railway agreement in Astana on 3 May 2023. Trade between "
                 "the two countries rose to $31 billion last year, officials said.\n",
    "good2.txt": "Russia sent 1,200 troops to Tajikistan for joint exercises. \"We will defend the border,\" "
                 "said Defence Minister Sergei Shoigu.\n",
    "good3.txt": "Uzbekistan and Turkey agreed to build a textile plant in Samarkand. Turkmenistan exported "
                 "30 billion cubic metres of gas to China in 2022.\n",
}
SENTENCES = [
    "Kazakhstan and China signed a railway agreement in Astana on Monday.",
    "Russia sent 1,200 troops to Tajikistan, the ministry said.",
    "Uzbekistan's trade with Turkey rose to $3.4 billion last year.",
    "\u201cWe will build the road,\u201d said President Sadyr Japarov of Kyrgyzstan.",
    "Turkmenistan exported 30 billion cubic metres of gas to China in 2022.",
    "Iran and Azerbaijan held talks in Baku on 12 March 2024 about a transit corridor.",
]


# ------------------------------------------------------------------ helpers

def _split(items):
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, DocumentError)]
    assert len(docs) + len(errors) == len(items), items
    return docs, errors


def _assert_clean_error(error: DocumentError, path: Path) -> None:
    message = str(error)
    assert "\n" not in message and "\r" not in message, message
    assert str(path) in message, message
    assert error.reason.strip(), message


def _read_checked(path: Path) -> tuple[list[Document], list[DocumentError]]:
    """Read one file: no exception, only documents and one-line errors that name it."""
    docs, errors = _split(list(read_paths([path])))
    for e in errors:
        _assert_clean_error(e, path)
    for d in docs:
        assert d.text.strip() and d.id
        assert len(d.text) <= MAX_TEXT_CHARS
        d.text.encode("utf-8")          # storable: no lone surrogates
        assert d.hash
    assert docs or errors, f"{path}: read silently to nothing"
    return docs, errors


def _snapshot(kb, skip_docs=()) -> dict[str, list[tuple]]:
    """Every row of the document tables, minus those of the documents in ``skip_docs``."""
    skip = list(skip_docs)
    out = {}
    for table in TABLES:
        if table == "documents":
            where = "NOT list_contains(?, id)"
        elif table == "entities":
            where = "NOT list_contains(?, source)"
        else:
            where = "NOT list_contains(?, doc_id)"
        param = [f"text:{d}" for d in skip] if table == "entities" else skip
        out[table] = kb.con.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY ALL", [param]).fetchall()
    return out


def _pdf_bytes(texts, title="Freight note") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    for text in texts:
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def _feed(items: str, channel_title: str | None = "Regional Wire") -> bytes:
    title = f"<title>{channel_title}</title>" if channel_title else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>{title}'
            f"<link>https://wire.example/</link>{items}</channel></rss>\n").encode("utf-8")


HTML_PAGE = ("<!DOCTYPE html><html><head><title>Talks in Tashkent</title>"
             "<meta property=\"article:published_time\" content=\"{published}\"></head><body><article>"
             "<h1>Talks in Tashkent</h1>"
             "<p>Transport ministers of Uzbekistan, Kazakhstan and Turkmenistan met in Tashkent on Tuesday to "
             "discuss freight tariffs on the railway lines that link the three countries with the Caspian Sea.</p>"
             "<p>The ministers agreed to publish a common tariff table before the end of the year, according "
             "to a statement released after the meeting, and to meet again in Ashgabat in the autumn.</p>"
             "</article></body></html>")


def _seed_files() -> dict[str, bytes]:
    """One valid file per format: what the mutation fuzzing starts from."""
    return {
        ".txt": (" ".join(SENTENCES) + "\n").encode("utf-8"),
        ".html": HTML_PAGE.format(published="2024-03-12").encode("utf-8"),
        ".jsonl": "\n".join(json.dumps({"id": f"seed-{i}", "text": s, "published": "2024-01-0" + str(i + 1)})
                            for i, s in enumerate(SENTENCES[:3])).encode("utf-8"),
        ".rss": _feed("".join(f"<item><title>Item {i}</title><guid>seed-{i}</guid><description>{s}</description>"
                              "<pubDate>Tue, 02 Apr 2024 10:00:00 GMT</pubDate></item>"
                              for i, s in enumerate(SENTENCES[:3]))),
        ".pdf": _pdf_bytes(SENTENCES[:2]),
    }


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


_counter = itertools.count()


def _write(folder: Path, ext: str, data: bytes) -> Path:
    path = folder / f"case{next(_counter):05d}{ext}"
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------ hypothesis: readers

@pytest.mark.parametrize("ext", EXTENSIONS)
@FUZZ
@given(data=st.binary(max_size=4000))
def test_any_bytes_read_cleanly(fuzz_dir, ext, data):
    path = _write(fuzz_dir, ext, data)
    _read_checked(path)


@pytest.mark.parametrize("ext", EXTENSIONS)
@FUZZ
@given(cut=st.floats(0, 1), edits=st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 16), st.binary(max_size=16)), max_size=6))
def test_mutated_files_read_cleanly(fuzz_dir, ext, cut, edits):
    data = bytearray(_seed_files()[ext])
    for where, delete, insert in edits:
        at = int(where * len(data))
        data[at:at + delete] = insert
    if cut < 0.3:                       # a third of the cases are also truncated
        data = data[:int(len(data) * cut / 0.3)]
    path = _write(fuzz_dir, ext, bytes(data))
    _read_checked(path)


def test_random_bytes_with_format_headers(tmp_path):
    """Seeded random blobs, bare and behind each format's magic, all read in one folder."""
    rng = random.Random(20240601)
    heads = {".txt": b"", ".html": b"<!DOCTYPE html><html><body>", ".jsonl": b'{"id": "r", "text": "',
             ".rss": b'<?xml version="1.0"?><rss version="2.0"><channel><item><description>',
             ".pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nstream\n"}
    paths = []
    for n in range(60):
        ext = EXTENSIONS[n % len(EXTENSIONS)]
        blob = rng.randbytes(rng.choice([1, 7, 300, 5000, 60000]))
        data = heads[ext] + blob if n % 2 else blob
        path = tmp_path / f"r{n:03d}{ext}"
        path.write_bytes(data)
        paths.append(path)
    items = list(read_paths([tmp_path]))
    docs, errors = _split(items)
    for path in paths:               # every file accounted for, none silently dropped
        mine = [i for i in items if (i.source if isinstance(i, Document) else str(i)).startswith(str(path))]
        assert mine, path
        for e in mine:
            if isinstance(e, DocumentError):
                _assert_clean_error(e, path)


# ------------------------------------------------------------------ hypothesis: extraction

WORDS = [s.rstrip(".") for s in " ".join(SENTENCES).split()] + [
    "\n", "\n\n", "\n\n\n\n", "[1]", "[2]", "Comments", "Notes", "References", "1.", "\u201c", "\u201d", "\"",
    "yesterday", "tomorrow", "next", "week", "last", "month", "1e309", "billion", "dollars",
    "99999999999999999999999", "troops", "%", "$", "\u20ac", "0", "-", "\u2014", "(", ")", "Mr.", "Dr.",
    "Tokayev", "Mirziyoyev", "said", "told", "Reuters", "2024", "31", "December", "Monday", "\t", "\u00a0",
    "\u200b", "\u0301", "\ufffd", "http://x.example/a", "a" * 60,
]
texts = st.one_of(
    st.text(max_size=2000),
    st.lists(st.sampled_from(WORDS), max_size=300).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=200).map("".join),
)


@FUZZ
@given(text=texts, published=st.one_of(st.none(), st.sampled_from(ABSURD_DATES), st.text(max_size=12)))
def test_extract_never_raises_and_offsets_stay_inside(text, published):
    from greatgame.extract import extract

    doc = Document(id="fuzz", text=text, source="fuzz", format="text", published=published)
    result = extract(doc)
    n = len(text)

    def inside(*spans):
        for a, b in spans:
            if a is None and b is None:
                continue
            assert 0 <= a <= b <= n, (a, b, n)

    for m in result.mentions:
        inside((m.start, m.end), (m.sent_start, m.sent_end))
        assert m.text == text[m.start:m.end]
    for e in result.events:
        inside((e.start, e.end), (e.trigger_start, e.trigger_end))
    for q in result.quotes:
        inside((q.start, q.end), (q.sent_start, q.sent_end))
    for f in result.figures:
        inside((f.start, f.end), (f.sent_start, f.sent_end))
        assert f.value is None or math.isfinite(f.value)
    for d in result.dates:
        inside((d.start, d.end))


# ------------------------------------------------------------------ crafted bad inputs, through the knowledge base

def _bad_cases(folder: Path) -> list[tuple[Path, str, str | None]]:
    """(file, expectation, substring of the error): expectation is 'error', 'docs', 'mixed' or 'any'."""
    rng = random.Random(99)
    cases: list[tuple[Path, str, str | None]] = []

    def add(name: str, data: bytes, expect: str, reason: str | None = None) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        cases.append((path, expect, reason))

    # binary and empty files of every format
    for ext in EXTENSIONS:
        add(f"binary{ext}", b"\x00\x01\xff\xfe" + rng.randbytes(3000), "error")
        add(f"empty{ext}", b"", "error")
    add("blank.txt", b"  \n\t\n ", "error", "empty document")
    add("blank.jsonl", b"\n\n  \n", "error", "no records")

    # encodings
    add("cp1251.txt", "Казахстан и Китай подписали соглашение о железной дороге.".encode("cp1251"),
        "error", "not UTF-8")
    add("latin1.txt", "Café à Almaty: le président Tokaïev a reçu la délégation.".encode("latin-1"),
        "error", "not UTF-8")
    add("cp1251.html", ("<html><body><p>" + "Казахстан и Китай подписали соглашение. " * 20
                        + "</p></body></html>").encode("cp1251"), "error", "not UTF-8")
    add("latin1.jsonl", json.dumps({"id": "l1", "text": "Café in Almaty"}, ensure_ascii=False).encode("latin-1"),
        "error", "not UTF-8")
    add("utf16.txt", ("Kazakhstan and China signed a railway agreement in Astana.\r\n").encode("utf-16"), "docs")
    add("utf16be.txt", b"\xfe\xff" + "Tajikistan hosted a water summit in Dushanbe.\n".encode("utf-16-be"), "docs")
    add("utf16-nobom.txt", "Uzbekistan signed a deal.".encode("utf-16-le"), "error", "binary content")
    add("utf16-odd.txt", "Uzbekistan signed a deal.".encode("utf-16") + b"\x00", "error", "invalid UTF-16")

    # PDFs: a real one cut at several points, and one with a corrupted middle
    pdf = _pdf_bytes([SENTENCES[0] * 3, SENTENCES[1] * 3, SENTENCES[2] * 3])
    for frac in (0.05, 0.3, 0.6, 0.9, 0.99):
        add(f"truncated{int(frac * 100):02d}.pdf", pdf[:int(len(pdf) * frac)], "any")
    add("truncated-trailer.pdf", pdf[:pdf.rindex(b"trailer")], "any")
    middle = bytearray(pdf)
    middle[len(pdf) // 3:len(pdf) // 3 + 200] = rng.randbytes(200)
    add("corrupt-middle.pdf", bytes(middle), "any")
    add("header-only.pdf", b"%PDF-1.7\n", "error", "unreadable PDF")

    # HTML: scripts, deep nesting, no text
    add("scripts.html", ("<html><head><script>var secret = 'SCRIPTLEAK'; alert('x');</script>"
                         "<style>p { color: red } /* STYLELEAK */</style></head><body><article>"
                         "<script>document.write('<p>SCRIPTLEAK</p>')</script>"
                         + "".join(f"<p>{s} Officials gave more details at a briefing in the capital.</p>"
                                   for s in SENTENCES)
                         + "<noscript>enable scripts</noscript></article></body></html>").encode("utf-8"), "docs")
    depth = 10_000
    add("deep.html", ("<html><body>" + "<div>" * depth + "<p>" + SENTENCES[0] + "</p>" + "</div>" * depth
                      + "</body></html>").encode("utf-8"), "any")
    add("deep-unclosed.html", ("<html><body><p>" + SENTENCES[1] + "</p>" + "<span><b><i>" * depth).encode("utf-8"),
        "any")
    add("deep200.html", ("<html><body>" + "<div>" * 200 + "".join(f"<p>{s} It was said in the capital.</p>"
                                                                    for s in SENTENCES)
                         + "</div>" * 200 + "</body></html>").encode("utf-8"), "docs")
    add("no-text.html", b"<html><head><title>x</title></head><body><script>1</script></body></html>", "error")

    # JSON Lines with broken lines among good ones
    lines = [
        json.dumps({"id": "jl-good-1", "text": SENTENCES[0], "published": "2024-01-05"}),
        '{"id": "jl-trunc", "text": "Kazakhstan and Chi',
        "[1, 2, 3]",
        json.dumps({"text": "no id here"}),
        json.dumps({"id": "jl-no-text"}),
        json.dumps({"id": "jl-num-text", "text": 42}),
        json.dumps({"id": "jl-good-1", "text": "a duplicate id"}),
        "[" * 50_000 + "]" * 50_000,
        json.dumps({"id": "jl-good-2", "text": SENTENCES[1], "published": "99999-99-99", "score": 1e308 * 10}),
        "\x00\x01 garbage",
        json.dumps({"id": "jl-surrogate", "text": "Astana \ud800 hosted talks."}),
    ]
    add("broken.jsonl", "\n".join(lines).encode("utf-8"), "mixed", None)

    # feeds with missing fields
    add("missing.rss", _feed(
        "<item><title>No id, no link</title><description>Kazakhstan opened a hub.</description></item>"
        "<item><guid>feed-no-text</guid><title>Only a title</title></item>"
        "<item><guid>feed-no-title</guid><description>Kyrgyzstan and China discussed a railway.</description></item>"
        "<item><guid>feed-no-date</guid><title>Undated</title><description>Iran sent a delegation.</description>"
        "</item>", channel_title=None), "mixed")
    add("absurd.rss", _feed("".join(
        f"<item><guid>feed-date-{i}</guid><title>Date {i}</title><pubDate>{d}</pubDate>"
        f"<description>Yesterday {SENTENCES[i % len(SENTENCES)]} Tomorrow Russia will reply.</description></item>"
        for i, d in enumerate(ABSURD_DATES))), "docs")
    add("empty-channel.rss", _feed(""), "error", "no entries")
    add("atom-missing.atom", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
                             b"<entry><title>t</title></entry></feed>", "error")
    add("not-a-feed.rss", b"this is not xml at all <<<", "error")

    # absurd dates and numbers in documents that are otherwise fine
    absurd = ("Yesterday Kazakhstan received 1e309 billion dollars from China. Tomorrow Russia will send "
              "99999999999999999999999 troops to Tajikistan. Next week Uzbekistan will pay "
              f"${'9' * 400} million. Two days ago Iran spoke; in 3 years Turkey will build a road.")
    add("absurd-dates.jsonl", "\n".join(
        json.dumps({"id": f"absurd-{i}", "text": absurd, "published": d}) for i, d in enumerate(ABSURD_DATES)
    ).encode("utf-8"), "docs")
    add("absurd-meta.html", HTML_PAGE.format(published="0000-00-00").encode("utf-8"), "docs")
    add("sidecar/absurd.txt", (absurd + "\n").encode("utf-8"), "docs")
    (folder / "sidecar" / "meta.jsonl").write_text(
        json.dumps({"id": "absurd.txt", "published": "99999-99-99", "title": "x" * 5000}) + "\n", encoding="utf-8")

    # too large to be one document
    add("too-long.jsonl", json.dumps({"id": "too-long", "text": "Kazakhstan. " * (MAX_TEXT_CHARS // 12 + 10)})
        .encode("utf-8"), "error", "text too long")
    return cases


def test_bad_inputs_leave_the_knowledge_base_as_it_was(kb, tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    for name, text in GOOD.items():
        (good / name).write_text(text, encoding="utf-8")
    first = ingest(kb, [good])
    assert first.ok and sorted(first.added) == sorted(GOOD)
    before = _snapshot(kb)
    assert before["mentions"] and before["events"] and before["figures"]

    # a broken version of a stored document must not replace it
    clash = tmp_path / "clash"
    clash.mkdir()
    (clash / "good1.txt").write_bytes("Казахстан".encode("cp1251"))

    cases = _bad_cases(tmp_path / "bad")
    added: list[str] = []
    started = time.monotonic()
    for path, expect, reason in [(clash / "good1.txt", "error", "not UTF-8"), *cases]:
        report = ingest(kb, [path], timeout=30)       # no exception escapes; nothing hangs past 30 s
        assert not report.replaced, (path, report.replaced)
        for e in report.errors:
            _assert_clean_error(e, path)
            assert "took longer" not in str(e), e
            if reason:
                assert reason in str(e), e
        if expect == "error":
            assert report.errors and not report.added, (path, report.as_dict())
        elif expect == "docs":
            assert report.added and not report.errors, (path, report.as_dict())
        elif expect == "mixed":
            assert report.added and report.errors, (path, report.as_dict())
        else:
            assert report.added or report.errors, path
        added += report.added
    assert time.monotonic() - started < 240

    # everything stored before is untouched, apart from the rows of the documents just added
    assert _snapshot(kb, skip_docs=added) == before
    assert sorted(added) == sorted(set(added))
    # the documents that were added are whole and sensible
    n_docs = kb.con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert n_docs == len(GOOD) + len(added)
    assert kb.con.execute("SELECT count(DISTINCT doc_id) FROM parts").fetchone()[0] == n_docs
    values = [r[0] for r in kb.con.execute("SELECT value FROM figures WHERE value IS NOT NULL").fetchall()]
    assert all(math.isfinite(v) for v in values)
    scripts = kb.con.execute("SELECT text FROM documents WHERE id = 'scripts.html'").fetchone()[0]
    assert "SCRIPTLEAK" not in scripts and "STYLELEAK" not in scripts and "Tajikistan" in scripts
    assert kb.con.execute("SELECT text FROM documents WHERE id = 'utf16.txt'").fetchone()[0] == \
        "Kazakhstan and China signed a railway agreement in Astana.\n"
    surrogate = kb.con.execute("SELECT text FROM documents WHERE id = 'jl-surrogate'").fetchone()[0]
    assert surrogate == "Astana \ufffd hosted talks."
    # re-ingesting the lot changes nothing
    again = _snapshot(kb)
    for path, _, _ in cases:
        ingest(kb, [path], timeout=30)
    assert _snapshot(kb) == again


def test_fifty_megabyte_text(tmp_path, kb):
    """A 50 MB text is refused at once with a clear size error; its content still reads and splits."""
    sentences = " ".join(SENTENCES) + "\n\n"
    data = (sentences * (50_000_000 // len(sentences) + 1)).encode("utf-8")
    assert len(data) > 50_000_000 > MAX_FILE_BYTES
    big = tmp_path / "big.txt"
    big.write_bytes(data)
    for ext in (".html", ".rss"):
        (tmp_path / f"big{ext}").symlink_to(big)

    started = time.monotonic()
    for path in (big, tmp_path / "big.html", tmp_path / "big.rss"):
        docs, errors = _split(list(read_paths([path])))
        (error,) = errors
        assert not docs
        _assert_clean_error(error, path)
        assert re.search(r"file too large \(50\.\d MB; the limit is (20 MB|5 MB for an HTML page)", str(error)), error
        report = ingest(kb, [path])
        assert not report.added and [str(e) for e in report.errors] == [str(error)]
    assert time.monotonic() - started < 5

    # the text itself decodes and splits into parts quickly; a prefix extracts with sane offsets
    text = decode_text(data, big)
    layout = split_parts(text)
    for part in layout.parts:
        for seg in part.segments:
            assert 0 <= seg.start <= seg.end <= len(text)
    from greatgame.extract import extract

    prefix = text[:text.index("\n\n", 60_000) + 2]
    started = time.monotonic()
    result = extract(Document(id="prefix", text=prefix, source=str(big), format="text"))
    assert time.monotonic() - started < 30
    assert result.mentions and all(0 <= m.start < m.end <= len(prefix) for m in result.mentions)
    assert kb.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


# ------------------------------------------------------------------ the per-document time limit

def _slow_extract(seconds: float = 30.0, swallow: bool = False):
    from greatgame.extract import extract as real

    def slow(doc):
        if "SLOW" not in doc.text:
            return real(doc)
        end = time.monotonic() + seconds
        while time.monotonic() < end:     # busy, and deaf to ordinary exceptions if asked
            try:
                time.sleep(0.01)
            except Exception:
                if not swallow:
                    raise
        return real(doc)

    return slow


@pytest.mark.parametrize("swallow", [False, True])
def test_a_slow_document_times_out_alone(kb, tmp_path, monkeypatch, swallow):
    import greatgame.extract

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Kazakhstan and China signed a deal.\n", encoding="utf-8")
    (folder / "b.txt").write_text("SLOW: Russia sent troops to Tajikistan.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Uzbekistan hosted a summit in Tashkent.\n", encoding="utf-8")
    monkeypatch.setattr(greatgame.extract, "extract", _slow_extract(swallow=swallow))
    handler = signal.getsignal(signal.SIGALRM)

    started = time.monotonic()
    report = ingest(kb, [folder], timeout=0.3)
    assert time.monotonic() - started < 20
    assert sorted(report.added) == ["a.txt", "c.txt"]
    (error,) = report.errors
    assert str(error) == f"{folder / 'b.txt'}: extraction took longer than 0.3 s"
    assert kb.con.execute("SELECT count(*) FROM documents WHERE id = 'b.txt'").fetchone()[0] == 0
    for table in ("parts", "mentions", "events"):
        assert kb.con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = 'b.txt'").fetchone()[0] == 0
    # the previous handler and timer are back
    assert signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_slow_new_version_leaves_the_old_one(kb, tmp_path, monkeypatch):
    import greatgame.extract

    doc = tmp_path / "a.txt"
    doc.write_text("Kazakhstan and China signed a railway deal in Astana.\n", encoding="utf-8")
    ingest(kb, [doc])
    before = _snapshot(kb)
    doc.write_text("SLOW: Russia and Iran signed a gas deal.\n", encoding="utf-8")
    monkeypatch.setattr(greatgame.extract, "extract", _slow_extract())
    monkeypatch.setenv("GREATGAME_DOC_TIMEOUT", "0.2")          # the environment sets the limit
    report = ingest(kb, [doc])
    assert [str(e) for e in report.errors] == [f"{doc}: extraction took longer than 0.2 s"]
    assert _snapshot(kb) == before


def test_time_limit_settings(kb, tmp_path, monkeypatch):
    from greatgame.ingest.limits import DEFAULT_TIMEOUT, doc_timeout

    monkeypatch.delenv("GREATGAME_DOC_TIMEOUT", raising=False)
    assert doc_timeout() == DEFAULT_TIMEOUT == 60
    assert doc_timeout(5) == 5 and doc_timeout(0) is None
    monkeypatch.setenv("GREATGAME_DOC_TIMEOUT", "2.5")
    assert doc_timeout() == 2.5 and doc_timeout(7) == 7
    monkeypatch.setenv("GREATGAME_DOC_TIMEOUT", "0")
    assert doc_timeout() is None
    assert doc_timeout(math.inf) is None and doc_timeout(1e12) is None   # past any timer: no limit
    for bad in (math.nan,):
        with pytest.raises(GreatgameError, match="NaN"):
            doc_timeout(bad)
    monkeypatch.setenv("GREATGAME_DOC_TIMEOUT", "nan")
    with pytest.raises(GreatgameError, match="GREATGAME_DOC_TIMEOUT='nan'"):
        doc_timeout()
    monkeypatch.setenv("GREATGAME_DOC_TIMEOUT", "soon")
    with pytest.raises(GreatgameError, match="GREATGAME_DOC_TIMEOUT"):
        ingest(kb, [tmp_path])


def test_an_outer_timer_survives(kb, tmp_path):
    (tmp_path / "a.txt").write_text("Turkmenistan opened a pipeline to China.\n", encoding="utf-8")
    fired = []
    old = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 100)
        assert ingest(kb, [tmp_path], timeout=5).added == ["a.txt"]
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 80 < left <= 100 and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_a_slow_reader_is_given_up_alone(kb, tmp_path, monkeypatch):
    from greatgame.documents import readers

    for name in ("a.txt", "b-slow.txt", "c.txt"):
        (tmp_path / name).write_text(f"Kazakhstan hosted talks ({name}).\n", encoding="utf-8")
    real = readers.read_text

    def slow_text(path):
        if "slow" in path.name:
            time.sleep(30)
        return real(path)

    monkeypatch.setitem(readers.READERS, ".txt", slow_text)
    started = time.monotonic()
    report = ingest(kb, [tmp_path], timeout=0.3)
    assert time.monotonic() - started < 20
    assert sorted(report.added) == ["a.txt", "c.txt"]
    assert [str(e) for e in report.errors] == [f"{tmp_path / 'b-slow.txt'}: reading took longer than 0.3 s"]


def _in_thread(fn, *args, **kwargs):
    """Run ``fn`` on a worker thread (out of SIGALRM's reach) and return what it returns."""
    out = {}

    def run():
        try:
            out["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            out["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "the worker thread hung"
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_in_process_off_the_main_thread_has_no_limit(kb, tmp_path, monkeypatch):
    import greatgame.extract
    from greatgame.ingest import extract_in_process

    (tmp_path / "a.txt").write_text("SLOW: Kyrgyzstan hosted talks.\n", encoding="utf-8")
    monkeypatch.setattr(greatgame.extract, "extract", _slow_extract(seconds=0.5))
    report = _in_thread(ingest, kb, [tmp_path], timeout=0.1, extractor=extract_in_process)   # asked for
    assert report.added == ["a.txt"] and not report.errors


def test_off_the_main_thread_the_default_isolates(kb, tmp_path, monkeypatch):
    """With a limit and no extractor chosen, a worker thread's ingest goes to the shared isolated extractor."""
    from greatgame.extract import extract
    from greatgame.ingest import isolation

    calls = []

    def isolated(doc, limit):
        calls.append((doc.id, limit))
        return extract(doc)

    monkeypatch.setattr(isolation, "shared_extractor", lambda: isolated)
    (tmp_path / "a.txt").write_text("Kyrgyzstan hosted talks with China.\n", encoding="utf-8")
    assert _in_thread(ingest, kb, [tmp_path], timeout=7).added == ["a.txt"]
    assert calls == [("a.txt", 7.0)]
    (tmp_path / "a.txt").write_text("Kyrgyzstan hosted talks with Russia.\n", encoding="utf-8")
    assert _in_thread(ingest, kb, [tmp_path], timeout=0).replaced == ["a.txt"]   # no limit: nothing to keep
    assert ingest(kb, [tmp_path / "a.txt"], timeout=7).unchanged == ["a.txt"]
    (tmp_path / "a.txt").write_text("Kyrgyzstan hosted talks with Iran.\n", encoding="utf-8")
    assert ingest(kb, [tmp_path], timeout=7).replaced == ["a.txt"]              # the main thread: SIGALRM
    assert calls == [("a.txt", 7.0)]


# ------------------------------------------------------------------ the isolated extractor (a child process)

def _child_extract(doc):
    """The extraction, run in the isolated extractor's child, that never ends for a SLOW document.

    Module-level so that it pickles: the child imports this module to run it.
    """
    from greatgame.extract import extract

    if "SLOW" in doc.text:
        time.sleep(600)
    return extract(doc)


@pytest.fixture(scope="module")
def isolated():
    from greatgame.ingest.isolation import IsolatedExtractor

    with IsolatedExtractor(target=_child_extract) as extractor:
        yield extractor


def test_isolated_extraction_times_out_off_the_main_thread(kb, tmp_path, isolated):
    import os

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Kazakhstan and China signed a deal.\n", encoding="utf-8")
    (folder / "b.txt").write_text("SLOW: Russia sent troops to Tajikistan.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Uzbekistan hosted a summit in Tashkent.\n", encoding="utf-8")
    pids = []
    report = _in_thread(ingest, kb, [folder], timeout=2, extractor=isolated,
                        progress=lambda name, status: pids.append(isolated.pid))
    assert sorted(report.added) == ["a.txt", "c.txt"]
    assert [str(e) for e in report.errors] == [f"{folder / 'b.txt'}: extraction took longer than 2 s"]
    assert kb.con.execute("SELECT count(*) FROM documents WHERE id = 'b.txt'").fetchone()[0] == 0
    first, after_timeout, fresh = pids
    assert first and after_timeout is None and fresh and fresh != first   # killed, and a new child for c.txt
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)


def test_isolated_extraction_stores_what_in_process_extraction_stores(shared, tmp_path, isolated):
    import pickle

    from greatgame.extract import extract

    seed = shared / "corpus/seeds/003_13671bc86b475096.txt"
    ((doc,),) = [[d for d in read_paths([seed]) if isinstance(d, Document)]]
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert isolated(doc, 60) == extract(doc)           # the Extraction survives the trip back

    here = greatgame.open(tmp_path / "here.duckdb")
    there = greatgame.open(tmp_path / "there.duckdb")
    assert ingest(here, [seed]).added == [doc.id]
    assert _in_thread(ingest, there, [seed], extractor=isolated).added == [doc.id]

    def stored(kb):
        d = kb.document(doc.id)
        d.pop("ingested_at")
        return d

    assert stored(there)["events"] and stored(there) == stored(here)
    here.close()
    there.close()


def test_isolated_extraction_reports_errors_as_in_process():
    """Errors in the child come back as messages worded as the in-process ingest words them."""
    from greatgame.ingest.isolation import _run

    doc = Document(id="a", text="x", source="a.txt", format="text")

    def buggy(doc):
        raise ValueError("no\nluck")

    def refused(doc):
        raise GreatgameError("bad   date")

    assert _run(buggy, doc) == ("error", "extraction failed (ValueError: no luck)")
    assert _run(refused, doc) == ("error", "bad date")


# ------------------------------------------------------------------ a time limit inside a thread (Dask workers)

def test_dask_workers_keep_the_limit(monkeypatch, isolated):
    """A Dask task (on a worker thread) extracts in the worker's isolated extractor, killed at the limit."""
    from greatgame.ingest import isolation
    from greatgame.ingest.distributed import _extract

    monkeypatch.setattr(isolation, "shared_extractor", lambda: isolated)
    slow = Document(id="b.txt", text="SLOW: Russia sent troops.", source="docs/b.txt", format="text")
    quick = Document(id="a.txt", text="Kazakhstan and China signed a deal.", source="docs/a.txt", format="text")
    started = time.monotonic()
    error = _in_thread(_extract, slow, 1)               # Dask runs tasks on worker threads
    assert isinstance(error, DocumentError) and str(error) == "docs/b.txt: extraction took longer than 1 s"
    assert time.monotonic() - started < 30
    result = _in_thread(_extract, quick, 30)
    assert not isinstance(result, DocumentError) and result.document == quick
    assert not isinstance(_in_thread(_extract, quick, None), DocumentError)   # no limit: in the worker


def test_thread_time_limit_leaves_nothing_behind():
    from greatgame.ingest.limits import DocumentTimeout, thread_time_limit

    def body():
        for _ in range(50):                             # limits that end just before, at or after the body
            try:
                with thread_time_limit(0.002):
                    time.sleep(0.002)
            except DocumentTimeout:                      # in the block or as it is left: fine
                pass
            try:
                time.sleep(0.005)                        # outside the block: nothing may arrive here
            except DocumentTimeout:
                return "escaped"
        return "ok"

    def loop_body():
        with pytest.raises(DocumentTimeout):
            with thread_time_limit(0.2):
                while True:
                    pass
        return "stopped"

    assert _in_thread(body) == "ok"
    assert _in_thread(loop_body) == "stopped"


# ------------------------------------------------------------------ the command line

def test_cli_timeout(tmp_path, monkeypatch):
    import greatgame.extract
    import importlib

    from typer.testing import CliRunner

    from greatgame.cli import app

    runner = CliRunner()
    monkeypatch.delenv("GREATGAME_DOC_TIMEOUT", raising=False)
    (tmp_path / "a.txt").write_text("Kazakhstan and China signed a deal.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("SLOW: Russia sent troops to Tajikistan.\n", encoding="utf-8")
    monkeypatch.setattr(greatgame.extract, "extract", _slow_extract())
    db = str(tmp_path / "kb.duckdb")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--timeout", "0.3"])
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.output.splitlines() if "error:" in ln]
    assert lines == [f"error: {tmp_path / 'b.txt'}: extraction took longer than 0.3 s"]
    assert "1 added" in result.output

    seen = {}

    def fake_distributed(kb, paths, **kwargs):
        seen.update(kwargs)
        from greatgame.ingest import IngestReport

        return IngestReport()

    # ``greatgame.ingest`` is also the public function of that name: patch the module itself
    monkeypatch.setattr(importlib.import_module("greatgame.ingest"), "ingest_distributed", fake_distributed)
    assert runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--workers", "2", "--timeout", "9"]
                         ).exit_code == 0
    assert seen["timeout"] == 9
    monkeypatch.setenv("GREATGAME_DOC_TIMEOUT", "4.5")
    assert runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--workers", "2"]).exit_code == 0
    assert seen["timeout"] == 4.5
    assert runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--workers", "2", "--timeout", "0"]
                         ).exit_code == 0
    assert seen["timeout"] == 0


@pytest.mark.parametrize("args, env, message", [
    ([], {"GREATGAME_DOC_TIMEOUT": "abc"}, "error: GREATGAME_DOC_TIMEOUT='abc': not a number of seconds"),
    ([], {"GREATGAME_DOC_TIMEOUT": "nan"}, "error: GREATGAME_DOC_TIMEOUT='nan': not a number of seconds"),
    (["--timeout", "-1"], {}, "error: --timeout must be 0 (no limit) or a positive number of seconds, not -1"),
    (["--timeout", "nan"], {}, "error: --timeout must be 0 (no limit) or a positive number of seconds, not nan"),
])
def test_cli_bad_timeouts_are_one_line(tmp_path, args, env, message):
    from typer.testing import CliRunner

    from greatgame.cli import app

    (tmp_path / "a.txt").write_text("Kazakhstan and China signed a deal.\n", encoding="utf-8")
    db = tmp_path / "kb.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(db), *args],
                                env={"GREATGAME_DOC_TIMEOUT": None, **env})
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.output.strip() == message
    assert "Traceback" not in result.output
    assert not db.exists()                              # refused before anything was opened
