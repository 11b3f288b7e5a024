"""Each reader on a real file of its format, written by the test."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from greatgame.documents.readers import read_paths
from greatgame.errors import DocumentError

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Tashkent hosts transport ministers | Steppe Ledger</title>
<meta property="article:published_time" content="2024-03-12T08:00:00Z">
<meta name="author" content="Test Writer">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li><li><a href="/economy">Economy</a></li></ul></nav>
<header><div class="logo">Steppe Ledger</div></header>
<main><article>
<h1>Tashkent hosts transport ministers</h1>
<p>Transport ministers of Uzbekistan, Kazakhstan and Turkmenistan met in Tashkent on Tuesday to discuss
freight tariffs on the railway lines that link the three countries with ports on the Caspian Sea.</p>
<p>The ministers agreed to publish a common tariff table before the end of the year, according to a statement
released after the meeting, and to meet again in Ashgabat in the autumn.</p>
<p>Officials said freight volumes on the routes had grown every quarter since the start of the previous year,
with grain and fertiliser making up most of the cargo carried westwards.</p>
</article></main>
<aside class="related"><h3>Related Articles</h3><ul>
<li><a href="/a1">Grain prices climb in the region</a></li><li><a href="/a2">New bridge opens on the border</a></li></ul></aside>
<footer><a href="#top">Back to top button</a><p>Copyright Steppe Ledger</p></footer>
</body></html>
"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Regional Wire</title><link>https://wire.example/</link><description>test feed</description>
<item><title>Bishkek and Dushanbe sign border protocol</title>
<link>https://wire.example/border-protocol</link><guid>wire-0001</guid>
<pubDate>Tue, 02 Apr 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Kyrgyzstan and Tajikistan signed a protocol on the demarcation of their shared border.&lt;/p&gt;</description>
</item>
<item><title>Astana opens a logistics hub</title>
<link>https://wire.example/logistics-hub</link><guid>wire-0002</guid>
<pubDate>Wed, 03 Apr 2024 11:00:00 GMT</pubDate>
<description>Kazakhstan opened a new logistics hub near the Chinese border.</description>
</item>
</channel></rss>
"""


def _read(*paths):
    docs, errors = [], []
    for item in read_paths(paths):
        (errors if isinstance(item, DocumentError) else docs).append(item)
    return docs, errors


def test_html_main_text_without_boilerplate(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    docs, errors = _read(page)
    assert not errors
    (doc,) = docs
    assert doc.id == "page.html" and doc.format == "html"
    assert "common tariff table" in doc.text and "grain and fertiliser" in doc.text
    for junk in ("Related Articles", "Back to top", "Grain prices climb", "Copyright", "Politics"):
        assert junk not in doc.text
    assert doc.title and "Tashkent hosts transport ministers" in doc.title
    assert doc.published and doc.published.startswith("2024-03-12")


def test_pdf_text_layer(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Caspian freight note")
    for page_text in ("Kazakhstan and Azerbaijan discussed ferry capacity on the Caspian Sea.",
                      "The second page says the Middle Corridor carried more containers this year."):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, page_text)
    path = tmp_path / "note.pdf"
    pdf.output(str(path))
    docs, errors = _read(path)
    assert not errors
    (doc,) = docs
    assert doc.format == "pdf" and doc.title == "Caspian freight note"
    assert "ferry capacity" in doc.text and "Middle Corridor" in doc.text
    # pages are separated by a page break the part splitter recognises
    assert doc.text.index("ferry") < doc.text.index("\n\n\n\n") < doc.text.index("Middle Corridor")


def test_feed_entries_are_documents(tmp_path: Path):
    path = tmp_path / "wire.rss"
    path.write_text(FEED, encoding="utf-8")
    docs, errors = _read(path)
    assert not errors
    assert [d.id for d in docs] == ["wire-0001", "wire-0002"]
    first = docs[0]
    assert first.title == "Bishkek and Dushanbe sign border protocol"
    assert first.published == "2024-04-02"
    assert first.url == "https://wire.example/border-protocol"
    assert "demarcation" in first.text and "<p>" not in first.text


def test_jsonl_documents_and_bad_lines(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "j1", "text": "Uzbekistan raised gas exports to China.", "published": "2023-02-01",
                    "url": "https://x.example/j1", "title": "Gas", "lang": "en"}),
        "{not json",
        json.dumps({"id": "j2", "text": ""}),
        json.dumps({"id": "j3", "text": "Turkmenistan hosted a forum.", "published": "2023-02-03"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = _read(path)
    assert [d.id for d in docs] == ["j1", "j3"]
    assert docs[0].meta == {"lang": "en"} and docs[0].title == "Gas"
    assert len(errors) == 2
    assert str(errors[0]).startswith(f"{path}:2: not valid JSON")
    assert str(errors[1]) == f"{path}:3: missing or empty 'text'"


def test_sidecar_metadata(tmp_path: Path):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Kyrgyzstan and China discussed a railway.\n", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Tajikistan hosted a summit.\n", encoding="utf-8")
    (folder / "meta.jsonl").write_text(
        json.dumps({"id": "a.txt", "published": "2022-09-15", "title": "Railway talks", "note": "test"}) + "\n",
        encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    docs, errors = _read(folder)
    assert not errors
    by_id = {d.id: d for d in docs}
    assert set(by_id) == {"a.txt", "b.txt"}          # meta.jsonl and the image are not documents
    assert by_id["a.txt"].published == "2022-09-15" and by_id["a.txt"].title == "Railway talks"
    assert by_id["a.txt"].meta == {"note": "test"}
    assert by_id["b.txt"].published is None


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty document"),
    ("binary.txt", b"\x00\x01\x02\x03abc", "binary content"),
    ("latin.txt", "Café in Almaty".encode("latin-1"), "not UTF-8 text"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<<", "unreadable PDF"),
    ("notes.docx", b"PK\x03\x04", "unsupported format"),
])
def test_bad_files_give_one_clear_error(tmp_path: Path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    docs, errors = _read(path)
    assert not docs
    (error,) = errors
    assert str(error).startswith(str(path)) and reason in str(error)
    assert "\n" not in str(error)


def test_utf16_with_bom_is_read(tmp_path: Path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Ashgabat hosted the talks.".encode("utf-16"))
    docs, errors = _read(path)
    assert not errors and docs[0].text == "Ashgabat hosted the talks."


# ------------------------------------------------------------------ a PDF's date

def _pdf(path: Path, lines: list[str], created=None, xmp_date: str | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    if created is not None:
        pdf.set_creation_date(created)
    if xmp_date:
        pdf.set_xmp_metadata(
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:date><rdf:Seq><rdf:li>{xmp_date}</rdf:li></rdf:Seq></dc:date>"
            "</rdf:Description></rdf:RDF>")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


BODY = "Kazakhstan and China agreed on a new railway crossing at Khorgos, officials said."
SAVED = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("lines,created,expected,how", [
    (["Central Asia Policy Brief | March 2025", BODY], SAVED, "2025-03", "text"),        # saved much later
    (["Published: 12 March 2025", BODY], SAVED, "2025-03-12", "text"),
    (["Almaty, March 4, 2025", BODY], None, "2025-03-04", "text"),
    (["Brief, March 2025", BODY], dt.datetime(2025, 3, 14, tzinfo=dt.timezone.utc),
     "2025-03-14", "text and creation date"),                                      # the file's day, in the month said
    ([BODY, "The summit of March 2024 was the first of its kind, and the next one is planned for 2026 in Astana "
            "as the ministers said at the end of their meeting."], SAVED, "2026-01-05", "creation date"),
])
def test_pdf_date_from_its_text_before_its_creation_date(tmp_path: Path, lines, created, expected, how):
    path = _pdf(tmp_path / "brief.pdf", lines, created)
    docs, errors = _read(path)
    assert not errors
    (doc,) = docs
    assert doc.published == expected and doc.meta["published_from"] == how
    if how == "creation date":       # a fallback, said
        (warning,) = doc.warnings
        assert warning.startswith(f"{path}: published 2026-01-05 is the PDF file's creation date")
    else:
        assert not doc.warnings


def test_pdf_date_from_its_metadata_first(tmp_path: Path):
    path = _pdf(tmp_path / "paper.pdf", ["Working paper, June 2023", BODY], SAVED, xmp_date="2023-07-01")
    (doc,), _ = _read(path)
    assert doc.published == "2023-07-01" and doc.meta["published_from"] == "metadata" and not doc.warnings


def test_a_sidecar_date_replaces_a_pdfs_fallback_and_its_warning(tmp_path: Path):
    _pdf(tmp_path / "note.pdf", [BODY], SAVED)
    (tmp_path / "meta.jsonl").write_text(json.dumps({"id": "note.pdf", "published": "2024-11-02"}) + "\n",
                                         encoding="utf-8")
    (doc,), _ = _read(tmp_path)
    assert doc.published == "2024-11-02" and "published_from" not in doc.meta and not doc.warnings


def test_expected_documents_counts_records_and_entries(tmp_path: Path):
    from greatgame.documents.readers import expected_documents

    (tmp_path / "a.txt").write_text("Kazakhstan.\n", encoding="utf-8")
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps({"id": i, "text": "x"}) for i in range(3)) + "\n\n",
                                          encoding="utf-8")
    (tmp_path / "wire.rss").write_text(FEED, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert expected_documents([tmp_path]) == 1 + 3 + 2
    assert expected_documents([tmp_path / "a.txt", "https://example.org/page.html"]) == 2
