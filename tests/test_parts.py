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
    # a sentence cut by a page of notes reads on (the few words on each side of the two cuts, no more)
    assert "member States of the" in body
    assert "Treaty Organization, use" in body
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
    assert text[layout.comments[0].start:].startswith("Xi Jinping's visit")


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


# ------------------------------------------------------------------ lines wrapped inside sentences

WRAPPED = (
    "Central Asia Policy Brief | March 2025\n"
    "Kazakhstan and China agreed on a new railway link across the border at Khorgos this week,\n"
    "officials said, and the line wraps in the middle of a sentence as PDF text does. The govern-\n"
    "ment of Uzbekistan welcomed the China-\n"
    "led project and the state-\n"
    "owned company that builds it, a well-\n"
    "known contractor. Anti-\n"
    "corruption checks and an anti-corruption office were promised.\n"
    "Key points:\n"
    "- the railway is 300 km long and runs from the border crossing to the logistics centre\n"
    "near the city of Almaty\n"
    "- it opens in 2027\n"
    "2. Financing\n"
    "The loan comes from the Asian Development Bank.\n"
)


def test_wrapped_lines_are_joined_and_headings_and_list_items_are_not():
    layout = split_parts(WRAPPED)
    body, _ = layout.part("body").render(WRAPPED)
    paragraphs = body.split("\n\n")
    assert paragraphs[0] == "Central Asia Policy Brief | March 2025"          # a heading stays apart
    assert paragraphs[1].startswith("Kazakhstan and China agreed on a new railway link across the border at "
                                    "Khorgos this week, officials said, and the line wraps")
    assert "The government of Uzbekistan welcomed the China-led project and the state-owned company" in body
    assert "a well-known contractor" in body                # the hyphen of a compound stays
    assert "Anticorruption checks" not in body and "Anti-corruption checks" in body   # written so elsewhere
    assert "Key points:" in paragraphs
    assert ("- the railway is 300 km long and runs from the border crossing to the logistics centre near the city "
            "of Almaty") in paragraphs                     # a list item's own wrapped line joins it
    assert "- it opens in 2027" in paragraphs and "2. Financing" in paragraphs


def test_joined_lines_still_point_into_the_original():
    layout = split_parts(WRAPPED)
    part = layout.part("body")
    text, offsets = part.render(WRAPPED)
    for (pos, orig), seg in zip(offsets, part.segments):
        assert text[pos:pos + seg.end - seg.start] == WRAPPED[seg.start:seg.end]
    assert "govern-" not in text and "govern" in WRAPPED[part.segments[2].start:part.segments[2].end]


def test_one_paragraph_per_line_is_left_as_it_is():
    text = ("Tajikistan and Kyrgyzstan agreed on the border.\n"
            "Officials met in Dushanbe on Monday\n"
            "Russia sent a delegation.\n")
    body, _ = split_parts(text).part("body").render(text)
    assert body.split("\n\n") == ["Tajikistan and Kyrgyzstan agreed on the border.",
                                  "Officials met in Dushanbe on Monday", "Russia sent a delegation."]


def test_a_sentence_wrapped_over_lines_keeps_its_quote_and_its_date():
    from greatgame.documents.model import Document
    from greatgame.extract import extract

    text = ("Regional Security Brief\n"
            "Kazakhstan's president Kassym-Jomart Tokayev told reporters in Astana on 12 March 2025 that\n"
            "\"our country will never join any military alliance against its neighbours\", adding that\n"
            "the government would keep its multi-vector foreign policy.\n"
            "China and Kazakhstan signed an agreement on the construction of a new railway\n"
            "crossing at Bakhty on 14 March 2025, the ministry of transport said.\n")
    result = extract(Document(id="w.txt", text=text, source="w.txt", format="text", published="2025-03-15"))
    quotes = [q for q in result.quotes if q.speaker == "person:Kassym-Jomart Tokayev"]
    assert quotes and "military alliance" in quotes[0].text and "multi-vector" in quotes[0].text
    assert "2025-03-14" in {e.date for e in result.events}
