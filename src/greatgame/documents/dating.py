"""When a PDF was published: from its metadata, else from the date its first page states, else (said) the file's date.

A PDF's ``/CreationDate`` is when the file was made: for a page saved or
printed to PDF that is the day it was saved, not the day the text was
published (an article "March 2025" saved today would be dated today). So the
date is taken, in order, from

1. the document's own date in its XMP metadata (Dublin Core ``dc:date``);
2. a date its first page states near the top: a line that is a date, or ends
   with one ("Policy brief | March 2025", "12 March 2025"), or a labelled one
   ("Published: 2025-03-12"), English month names or ISO; when the file's
   creation date falls inside that month (or year), its day is taken;
3. only then the file's ``/CreationDate`` (else ``/ModDate``), as a fallback
   that is said: ``published_from`` is ``creation date`` in the document's
   metadata, and a warning line names the file.

``pdf_published(info, xmp, first_page)`` returns ``(published, how, warning)``;
``how`` is ``metadata``, ``text``, ``text and creation date`` or
``creation date`` (None when there is no date at all).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

MONTHS = {name: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), 1) for name in names}

HEAD_LINES = 25           # lines of the first page searched for its date
SHORT_LINE = 80           # a line this short may be a dateline; a longer one only with a label
_MONTH = r"(?P<month>%s)\.?" % "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_FORMS = [
    re.compile(rf"\b{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),                  # 2025-03-12
    re.compile(rf"\b{_DAY}\s+{_MONTH}\s*,?\s+{_YEAR}\b", re.I),                        # 12 March 2025
    re.compile(rf"\b{_MONTH}\s+{_DAY}\s*,\s*{_YEAR}\b", re.I),                         # March 12, 2025
    re.compile(rf"\b{_MONTH}\s*,?\s+{_YEAR}\b", re.I),                                 # March 2025
]
_LABEL = re.compile(r"\b(?:published|publication date|date|dated|issued|released|posted)\b\s*:?", re.I)
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _match_date(m: re.Match[str]) -> str | None:
    month = m.group("month")
    month_no = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
    day = m.groupdict().get("day")
    return _iso(int(m.group("year")), month_no, int(day) if day else None)


def _line_date(line: str) -> str | None:
    """The date ``line`` states as a dateline, or None: the line is short and is or ends with a date, or a label
    ("Published:") comes right before the date."""
    for form in _FORMS:
        for m in form.finditer(line):
            labelled = any(lab.end() >= m.start() - 2 for lab in _LABEL.finditer(line, 0, m.start()))
            rest = line[m.end():].strip(" .)]|•·–—-,")
            if labelled or (len(line) <= SHORT_LINE and not rest):
                value = _match_date(m)
                if value:
                    return value
    return None


def text_date(first_page: str) -> str | None:
    """The date the top of a first page states (``HEAD_LINES`` non-blank lines), or None."""
    lines = [ln.strip() for ln in first_page.split("\n") if ln.strip()][:HEAD_LINES]
    for line in lines:
        found = _line_date(line)
        if found:
            return found
    return None


def pdf_date(value: Any) -> str | None:
    """An ISO date from a PDF date string (``D:20250312...``), at the precision it gives; None if it is not one."""
    m = _PDF_DATE.match(str(value or "").strip())
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    return _iso(year, month, day) if 1000 <= year else None


def _xmp_date(xmp: Any) -> str | None:
    try:
        dates = xmp.dc_date if xmp is not None else None
    except Exception:  # pypdf raises several types on XMP it cannot parse
        return None
    for value in dates or []:
        if isinstance(value, (dt.date, dt.datetime)):
            return value.strftime("%Y-%m-%d")
        m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(value))
        if m:
            found = _iso(*(int(g) if g else None for g in m.groups()))
            if found:
                return found
    return None


def pdf_published(info: Any, xmp: Any, first_page: str) -> tuple[str | None, str | None, str | None]:
    """``(published, how, warning)`` for a PDF: see the module's docstring for the order."""
    stated = _xmp_date(xmp)
    if stated:
        return stated, "metadata", None
    get = info.get if hasattr(info, "get") else (lambda key: None)
    made = pdf_date(get("/CreationDate")) or pdf_date(get("/ModDate"))
    said = text_date(first_page)
    if said:
        if made and len(said) < len(made) and made.startswith(said) and len(made) == 10:
            return made, "text and creation date", None
        return said, "text", None
    if made:
        return made, "creation date", (f"published {made} is the PDF file's creation date (neither its metadata nor "
                                       "its first page gives a date): it may be when the file was made, not when "
                                       "the text was published")
    return None, None, None
