"""What a document must be before it is extracted: caps on its size and shape, and a valid publication date.

The caps are checked on the text as read, in one linear pass, before the
(much slower) extraction, so that hostile text is refused at once rather than
after its time budget:

``MAX_TEXT_CHARS`` (1,000,000)
    characters in one document: the most the language pipeline takes at once.
``MAX_WORD_CHARS`` (10,000)
    characters in a row without whitespace. spaCy's tokenizer peels
    punctuation off both ends of such a run one character at a time, each
    step costing the run's length: 150 ``&`` at the end of 200,000 letters
    take 20 s on their own.
``MAX_SYMBOL_RUN`` (200)
    punctuation or symbol characters in a row (no letter, digit or space
    between them): each is split off separately, at a cost that grows with
    the square of the run (4,000 ``&`` take 2 s, 200,000 would take hours).
    Separator lines (``=====``) stay well under it.

Text under every cap can still be slow to extract; the per-document time limit
(``greatgame.ingest.limits``) bounds that.

``published`` must be an ISO 8601 date at any precision (``2024``,
``2024-03``, ``2024-03-12``, or a date and time such as
``2024-03-12T10:00:00Z``) that exists in the calendar; anything else
(``0000-00-00``, ``yesterday``, ``[]``) is dropped with a warning that names
the file: ``check_published``.
"""
from __future__ import annotations

import datetime as dt
import re

MAX_TEXT_CHARS = 1_000_000
MAX_WORD_CHARS = 10_000
MAX_SYMBOL_RUN = 200

_SYMBOLS = re.compile(r"(?:[^\w\s]|_)+")
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?"
                  r"(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?)?)?")


def text_problem(text: str) -> str | None:
    """Why ``text`` is refused before extraction (one line), or None when it is within every cap."""
    if len(text) > MAX_TEXT_CHARS:
        return f"text too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}): split the document"
    longest = max(map(len, text.split()), default=0)
    if longest > MAX_WORD_CHARS:
        return (f"not prose: {longest:,} characters in a row without a space (the limit is {MAX_WORD_CHARS:,})")
    run = max((m.end() - m.start() for m in _SYMBOLS.finditer(text)), default=0)
    if run > MAX_SYMBOL_RUN:
        return (f"not prose: {run:,} punctuation or symbol characters in a row (the limit is {MAX_SYMBOL_RUN:,})")
    return None


def valid_published(value: str) -> bool:
    """Whether ``value`` is an ISO 8601 date (year, month or day precision, or a date and time) that exists."""
    m = _ISO.fullmatch(value)
    if m is None:
        return False
    year, month, day, hour, minute, second, tz_hour, tz_minute = (int(g) if g else None for g in m.groups())
    try:
        dt.date(year, month or 1, day or 1)     # year 0, month 13, 30 February: ValueError
    except ValueError:
        return False
    if hour is not None and (hour > 23 or minute > 59 or (second or 0) > 60):
        return False
    return tz_hour is None or (tz_hour <= 23 and (tz_minute or 0) <= 59)


def check_published(value: str | None) -> tuple[str | None, str | None]:
    """``(published, warning)``: the value (stripped) if it is a valid ISO date, else None and why not."""
    if value is None:
        return None, None
    value = value.strip()
    if not value:
        return None, None
    if valid_published(value):
        return value, None
    shown = repr(value) if len(value) <= 40 else f"{value[:40]!r}... ({len(value):,} characters)"
    return None, (f"published {shown} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD or a date and time): "
                  "stored without a date")
