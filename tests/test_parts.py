"""Splitting documents into body, notes, comments and furniture, with offsets kept."""
from __future__ import annotations

import re

import pytest

from greatgame.documents.parts import split_parts

PAGE_TEXT = (
    "A title line\n\n"
    "The first paragraph says that the ministers met in Tashkent[1] and agreed on a plan that runs over the "
    "page break, which is where the extract cuts it in the middle of a sentence and the notes of the page\n\n"
    "[1] J. Doe, *Ministers meet*, „Steppe Ledger”, 5 March 2023, <https://ledger.example/ministers>\n\n\n\n"
    "follow before the rest of it, as PDF extracts do.\n\n"
    "Related Articles\n"
)


def test_notes_markers_and_page_break_join():
    layout = split_parts(PAGE_TEXT)
    body_part = layout.part("body")
    body, _ = body_part.render(PAGE_TEXT)
    assert "[1]" not in body and "Steppe Ledger" not in body and "Related Articles" not in body
    assert "the notes of the page follow before the rest of it" in body
    (cit,) = layout.citations
    assert cit.number == 1 and cit.outlet == "Steppe Ledger" and cit.title == "Ministers meet"
    assert cit.authors == ["J. Doe"] and cit.date == "2023-03-05"
    assert cit.url == "https://ledger.example/ministers"
    assert PAGE_TEXT[cit.cited_at:cit.cited_at + 3] == "[1]"
    assert layout.part("title").render(PAGE_TEXT)[0] == "A title line"
    assert "Related Articles" in layout.part("furniture").render(PAGE_TEXT)[0]


def test_segments_point_into_the_original():
    layout = split_parts(PAGE_TEXT)
    for part in layout.parts:
        text, offsets = part.render(PAGE_TEXT)
        for (pos, orig), seg in zip(offsets, part.segments):
            assert text[pos:pos + seg.end - seg.start] == PAGE_TEXT[seg.start:seg.end]


@pytest.mark.shared
def test_004_body_has_no_footnote_text(shared):
    path = shared / "corpus/seeds/004_d4496441876c63a8.txt"
    text = path.read_text(encoding="utf-8")
    layout = split_parts(text)
    body, _ = layout.part("body").render(text)
    assert len(layout.citations) >= 25
    for cit in layout.citations:
        assert cit.number is not None
        note_body = re.sub(r"^\[\d+\]\s*", "", cit.text)
        assert note_body not in body
        if cit.date_text:
            assert cit.date_text not in body
        if cit.url:
            assert cit.url not in body
    assert not re.search(r"\[\d+\]", body)
    assert "stycznia" not in body and "http" not in body
    # a sentence cut by a page of notes reads on
    assert "member States of the North Atlantic Treaty Organization shall not" in body
    assert "North Atlantic Treaty Organization, use their infrastructure" in body
    cited = [c for c in layout.citations if c.cited_at is not None]
    assert len(cited) >= 25
    for c in cited:
        assert text[c.cited_at:].startswith(f"[{c.number}]")


@pytest.mark.shared
def test_003_comments_are_their_own_part(shared):
    text = (shared / "corpus/seeds/003_13671bc86b475096.txt").read_text(encoding="utf-8")
    layout = split_parts(text)
    assert [c.author for c in layout.comments] == ["Michelangelo", "Leonardo", "Donatello", "dedus mopedus"]
    body, _ = layout.part("body").render(text)
    assert "Comments" not in body and "Michelangelo" not in body
    assert "power grab" in layout.part("comments").render(text)[0]
    assert text[layout.comments[0].start:].startswith("Xi Jinping's visit to Kazakhstan feels like")


def test_running_heads_are_furniture():
    pages = []
    for n in range(3):
        pages.append(f"Steppe Policy Brief\n\nParagraph {n} of the brief explains how the corridor tariffs were set "
                     f"and which ministries agreed to them.\n\nPage {n + 1}")
    text = "\n\n\n\n".join(pages)
    layout = split_parts(text)
    body, _ = layout.part("body").render(text)
    furniture, _ = layout.part("furniture").render(text)
    assert "Steppe Policy Brief" not in body and furniture.count("Steppe Policy Brief") == 3
    assert body.count("Paragraph") == 3
