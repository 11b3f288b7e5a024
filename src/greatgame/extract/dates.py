"""Date expressions in English news and analysis text: find them, resolve them.

``find_dates(text, anchor, bounds)`` returns every date expression of ``text``
as a :class:`DateRef` (character offsets, the resolved value and its
precision); ``parse_explicit(expr)`` resolves one explicit expression in any
language. Pure text in, no parser: a few compiled regexes built once from the
lexicons of ``data/dates.yaml`` (month names in English and eleven other
languages, weekdays, day words, number words, seasons, the cue words below).

How it works
------------
1. URLs are blanked out (their ``/2022/06/`` paths are no dates).
2. Each pattern proposes candidates: explicit dates (ISO, day-first numeric,
   "June 8, 2022", "8 June 2022", "19 stycznia 2022 r.", "February 2022",
   "2013", "the 1990s", "2019-2021", "the first half of 2021", "summer 2022")
   and anchor-relative ones (weekdays, "yesterday", "last month", "this year",
   "eleven years ago", "last autumn", "the past 30 years"). Where candidates
   overlap the longest wins.
3. Neighbours are joined: "January" + "-" + "September 2022", "from 2014 to
   2022", "between 2019 and 2021", "May 30-June 2, 2023" become spans; a
   weekday written before a date ("Friday, June 10") takes that date.
4. Each candidate is resolved; an expression that cannot be resolved with
   certainty is still returned, with ``value`` None. Nothing is guessed.

Conventions
-----------
* Values are ISO prefixes: "YYYY" (precision "year"), "YYYY-MM" ("month"),
  "YYYY-MM-DD" ("day"). A span has ``value`` (start) and ``value_end`` (end);
  its precision is the coarser of the two ends.
* A month and day without a year ("June 8", "May 18-19", "in January") take
  their year from the text when the same paragraph named that month with a
  year before ("In August 2022 ... on August 10": 2022); otherwise from the
  anchor: the most recent such date not after the anchor, or, when the clause
  speaks of the future ("will meet on June 20", "is scheduled for"), the first
  one on or after it. Without anchor they stay unresolved. Resolved from the
  anchor, they are ``relative``.
* A bare month needs a cue word before it ("in January", "mid-March", "the
  June talks"), so that "May" and "March" stay words and "June" a name.
  "last May" is the last May before the anchor's month, "next January" the
  first after it, "this March" the anchor's year's.
* A bare weekday ("Friday", "on Tuesday", "began Thursday") is, by news
  convention, the most recent such day on or before the anchor (the anchor day
  itself included), or the first on or after it when the clause speaks of the
  future. "last Friday" / "this past Friday" is the most recent one strictly
  before the anchor, "next Friday" / "this coming Friday" the first strictly
  after it, "this Friday" the Friday of the anchor's (Monday-Sunday) week.
* A week ("this week", "last week", "two weeks ago", "the past week") is given
  at month precision: its month when the whole Monday-Sunday week (or the 7
  days) lies in one month; otherwise a span of the two months it straddles.
* "this/last/next month" and "N months ago" are months; "this/last/next year",
  "earlier this year", "later this year", "N years ago", "a decade ago" are
  years. Qualifiers (early, late, earlier, later, the end of) keep the base
  value: "earlier this year" is the anchor's year.
* "the last/past year" (with "the") is the rolling twelve months: a span from
  the same month a year before to the anchor's month; "the last/past/next N
  days/weeks/months/years/decades" and "the last decade" are rolling spans
  too. "last year" (no "the") is the previous calendar year. "the next
  year/month/week" counts from the anchor only after "in", "over", "within"...;
  elsewhere ("In 2015 ... The next year ...") it follows a date of the text
  (below).
* Dates counted from the last date the text named, not from the anchor
  (``anaphoric_dates`` in the YAML): "on the same day", "that year", "later
  that month", "the following week", "the next day", "two days later", "a
  year earlier". They take the last date expression before them; when that
  is a period, unresolved, or coarser than their unit ("In November ... On
  the same day"), they are returned unresolved. A week is given as above (its
  month, or the two it straddles).
* A date in apposition to a distance back ("three weeks ago, on March 4",
  "on March 2, two years ago") is one expression: the date gives the value,
  its kind stays "duration_ago" (background, never the day of the news).
* A decade ("the 1990s", "the '90s") is a span of years: value "1990",
  value_end "1999", precision "year", kind "span".
* Seasons are meteorological, northern hemisphere (spring Mar-May, summer
  Jun-Aug, autumn/fall Sep-Nov, winter Dec-Feb): kind "season", a span of
  months. "last summer" is the most recent summer over before the anchor's
  month, "next summer" the first to begin after it, "this summer" the one
  nearest the anchor; "winter 2022" runs from December 2022 into 2023.
* ``kind``: "point", "span", "duration_ago" ("eleven years ago") or "season".
* ``relative`` is True for every expression whose value depends on the
  anchor, resolved or not.
* Without anchor, ``bounds`` = (earliest, latest) dates the document cites:
  a document is published on or after the latest date it cites, so the anchor
  is only known to lie in [latest, open end). A relative expression is
  resolved only if every anchor in that range gives the same value; as every
  anchor-relative value here moves with the anchor, none is certain with an
  open end, and they stay unresolved ("this year" is not certain after
  2022-12-06). Explicit dates and years the text itself supplies still resolve.
* A publication date known only to its month or year ("2023-06", "2022":
  ``publication_period``) is a ``period``, a closed range the anchor lies in:
  an anchor-relative expression takes what every anchor in the range gives,
  as precisely as they agree (the range's two ends decide, since every
  resolver moves forward with the anchor): "today" in a June 2023 article is
  2023-06, "last month" 2023-05; a day just before the anchor that the ends
  place in different months ("Friday", "yesterday") is the period itself
  (2023-06) when the period's last day places it inside; no day of the
  present is filled in. A month and day without a year take the year of the most
  recent such day by the period's last day (the first from its first day
  when the clause speaks of the future): "June 8" in it is 2023-06-08.
* Not dates: numbers that read as counts or identifiers ("145 nations",
  "12,902", "2000 troops", "No. 2022", "$2013", "35%"), years inside names
  ("Rubezh-2022", "COVID-19"), times of day, decimals, footnote markers.
  A four-digit number is a year in 1800-2100 (1000-2199 after "in", "since",
  "by"...), unless a unit or a plural noun follows it ("2022 restrictions";
  but "the 2022 elections" is a year). "08.06.2022" is day-first; a slashed
  date is resolved only when unambiguous ("25/12/2022"), else value None.
* Foreign-language dates: the YAML month lexicon covers Polish, Russian,
  Ukrainian, Kazakh, Uzbek, German, French, Spanish, Turkish, Italian and
  Portuguese, with their year suffixes ("r.", "г.", "року"); a
  "<day> <word> <year>" whose non-ASCII month word the lexicon lacks, and
  :func:`parse_explicit`, fall back to dateparser (slow, so cached).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable

from ..documents.dateparse import patterns
from ..errors import LexiconError
from .lexicon import alternation, casefolded, fewest, holds_any, load_data, scan_text
from .regex_cache import compile_all

__all__ = ["DateRef", "find_dates", "parse_explicit", "publication_period"]

def _norm(phrase: str) -> str:
    """The look-up key of words a pattern ignoring case matched: casefolded, white space runs as one space, and the
    letters such a pattern matches to an ASCII one ("ı", "İ", "ſ") read as that letter ("thıs" is "this")."""
    return casefolded(scan_text(phrase))


PRECISIONS = ("year", "month", "day")   # coarse to fine
CONTEXT_LOOKBACK = 12                   # dates looked back at for a missing year
YEARS = range(1000, 2200)               # years a date with a month may name
BARE_YEARS = range(1800, 2101)          # years a bare four-digit number may be


@dataclass
class DateRef:
    start: int               # char offsets of the expression in the given text
    end: int
    text: str
    value: str | None        # "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None when it cannot be resolved
    precision: str | None    # "day" | "month" | "year" | None (unresolved)
    value_end: str | None = None   # end of a span
    relative: bool = False   # the value depends on the anchor
    kind: str = "point"      # "point" | "span" | "duration_ago" | "season"


# --------------------------------------------------------------------------
# Lexicon

@dataclass(frozen=True)
class _Lexicon:
    en_months: dict[str, int]          # surface form (Title and UPPER) -> month
    en_full: frozenset[str]            # full English names (not abbreviations)
    foreign_months: dict[str, int]     # casefolded -> month
    foreign_need_day: frozenset[str]
    year_suffixes: tuple[str, ...]
    weekdays: dict[str, int]           # Title and UPPER -> 0 (Monday) .. 6
    weekday_blockers: frozenset[str]
    day_words: dict[str, int]          # normalised phrase -> offset in days
    numbers: dict[str, int | None]
    seasons: dict[str, tuple[int, int]]
    shifts: dict[str, int]
    bare_month_cues: frozenset[str]
    year_cues: frozenset[str]
    year_determiners: frozenset[str]
    year_blockers_before: frozenset[str]
    units_after: frozenset[str]
    not_plural: frozenset[str]
    future_cues: tuple[str, ...]
    period_prepositions: frozenset[str]
    anaphoric: dict[str, tuple[str, int]]   # "the same day" -> ("day", 0): from the last date of the text


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data: dict[str, Any] = load_data("dates.yaml")
    en: dict[str, int] = {}
    full: set[str] = set()
    for month, names in enumerate(data["english_months"], start=1):
        full.add(names[0])
        full.add(names[0].upper())
        for name in names:
            en[name] = en[name.upper()] = month
    foreign: dict[str, int] = {}
    for language, months in data["foreign_months"].items():
        if len(months) != 12:
            raise LexiconError(f"dates.yaml: {language} has {len(months)} months")
        for month, names in enumerate(months, start=1):
            for name in names:
                key = name.casefold()
                if foreign.setdefault(key, month) != month:
                    raise LexiconError(f"dates.yaml: {name!r} names two months")
    weekdays: dict[str, int] = {}
    for i, name in enumerate(data["weekdays"]):
        weekdays[name] = weekdays[name.upper()] = i
    return _Lexicon(
        en_months=en,
        en_full=frozenset(full),
        foreign_months=foreign,
        foreign_need_day=frozenset(w.casefold() for w in data["foreign_months_need_day"]),
        year_suffixes=tuple(sorted(data["year_suffixes"], key=len, reverse=True)),
        weekdays=weekdays,
        weekday_blockers=frozenset(data["weekday_blockers"]),
        day_words={_norm(k): int(v) for k, v in data["day_words"].items()},
        numbers={_norm(k): (None if v is None else int(v)) for k, v in data["numbers"].items()},
        seasons={k: (int(v[0]), int(v[1])) for k, v in data["seasons"].items()},
        shifts={_norm(k): int(v) for k, v in data["shifts"].items()},
        bare_month_cues=frozenset(data["bare_month_cues"]),
        year_cues=frozenset(data["year_cues"]),
        year_determiners=frozenset(data["year_determiners"]),
        year_blockers_before=frozenset(w.casefold() for w in data["year_blockers_before"]),
        units_after=frozenset(w.casefold() for w in data["units_after"]),
        not_plural=frozenset(data["not_plural"]),
        future_cues=tuple(data["future_cues"]),
        period_prepositions=frozenset(data["period_prepositions"]),
        anaphoric={_norm(k): (str(v[0]), int(v[1])) for k, v in data["anaphoric_dates"].items()},
    )


# --------------------------------------------------------------------------
# Patterns

_SP = r"[ \t\u00a0\u202f]"
S = _SP + "+"                         # space inside an expression: never a line break
S0 = _SP + "*"
DASH = r"[-\u2010-\u2014]"            # hyphen, non-breaking hyphen, figure/en/em dash
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
ORD = r"(?:st|nd|rd|th|er)?"
NOLETTER = r"(?![^\W\d_])"


def _alt(words: Iterable[str], spaced: bool = False) -> str:
    """An alternation of ``words``, longest first; with ``spaced``, spaces in them match any run of spaces."""
    return alternation(words, space=S if spaced else None)


@dataclass(frozen=True)
class _Patterns:
    url: re.Pattern[str]
    scan: tuple[tuple[str, re.Pattern[str]], ...]   # (handler name, pattern), by priority
    needs: tuple[tuple[str, ...], ...]               # what each pattern of ``scan`` needs (see below)
    future: re.Pattern[str]
    word_before: re.Pattern[str]
    word_after: re.Pattern[str]
    suffix: re.Pattern[str]


# What a scanning pattern cannot match without (``_Patterns.needs``): words one of which its match holds,
# lower-cased (``lexicon.holds_any``). A text holding none of them is not scanned for it (most texts name no
# season, no weekday, no "later" or "ago").


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lx = _lexicon()
    en_any = _alt(lx.en_months) + r"(?:\.|" + NOLETTER + ")"
    en_full = _alt(lx.en_full) + NOLETTER
    # beside a day or a year any case will do ("8 june 2022"); "June 8" wants a capital
    month_any = "(?i:" + _alt(lx.en_months) + "|" + _alt(lx.foreign_months) + ")" + r"\.?" + NOLETTER
    suffix = "(?:" + S0 + r"\.?" + S0 + _alt(lx.year_suffixes) + "(?![^\\W\\d_]))?"
    year = r"(?P<y>\d{4})(?![\d])"
    number = ("(?:\\d{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
              "(?:one|two|three|four|five|six|seven|eight|nine)|" + _alt(lx.numbers, spaced=True) + ")")
    weekday = _alt(lx.weekdays) + r"(?![\w])"
    shift = _alt(lx.shifts, spaced=True)
    season = "(?:" + "|".join(lx.seasons) + ")"
    day_words = _alt(lx.day_words, spaced=True)

    def last_words(phrases: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted({p.split()[-1].lower() for p in phrases}))

    # what each pattern needs (``_Patterns.needs``): the names and words its match must hold one of
    months = tuple(sorted({m.lower() for m in lx.en_months}))
    full_months = tuple(sorted({m.lower() for m in lx.en_full}))
    seasons = tuple(sorted({s.lower() for s in lx.seasons}))
    weekdays = tuple(sorted({w.lower() for w in lx.weekdays}))
    scan: list[tuple[str, str, tuple[str, ...]]] = [
        ("iso", r"(?<![\w./-])(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
         r"(?:(?=T\d)|(?![\w/-]|\.\d))", ()),                    # 2022-06-08, 2022-06-08T10:00
        ("numeric", r"(?<![\w./:-])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\w/-]|\.\d)", ()),
        ("cjk", r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월](?:\s*(?P<d>\d{1,2})\s*[日일])?", ("年", "년")),
        ("dmy", r"(?<![\w.,:/])(?P<d1>" + DAY + ")" + ORD + r"\.?(?:" + S0 + DASH + S0 + "(?P<d2>" + DAY + ")"
         + ORD + r"\.?)?" + S + "(?:(?:of|de)" + S + ")?(?P<mon>" + month_any + ")"
         + "(?:,?" + S + "(?:(?:de|del)" + S + ")?" + year + suffix + ")?", ()),
        ("mdy", r"(?<![\w])(?P<mon>" + en_any + ")" + S + "(?:the" + S + ")?(?P<d1>" + DAY + ")" + ORD
         + "(?:" + S0 + DASH + S0 + "(?P<d2>" + DAY + ")" + ORD + ")?" + r"(?![\w:%]|[.,]\d)"
         + "(?:,?" + S + year + ")?", months),
        ("my", r"(?<!\w)(?=(?:mid-)?[^\W\d_]{3,14}\.?,?" + S + r"(?:(?:of|de|del)" + S + r")?\d{4})"   # fast fail
         r"(?P<pre>mid-)?(?P<mon>" + month_any + ")" + ",?" + S + "(?:(?:of|de|del)" + S + ")?"
         + year + suffix, ()),
        ("part", r"(?<![\w-])(?i:(?:the" + S + ")?(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)" + S
         + "(?P<part>half|quarter)" + S + "of" + S + "(?:the" + S + "year" + S + ")?)" + year, ("half", "quarter")),
        ("part", r"(?<![\w-])(?P<q>[QH][1-4])" + S0 + "(?:of" + S + ")?" + year, ()),
        ("season", r"(?<![\w-])(?i:(?:the" + S + ")?(?:(?:early|late|mid)[- ])?(?P<s>" + season + ")" + S
         + "(?:of" + S + ")?)" + year + "(?:" + S0 + "[-/\u2013]" + S0 + r"(?P<y2>\d{4}|\d{2})(?!\d))?", seasons),
        ("decade", r"(?<![\w-])(?:(?i:mid|early|late)[- ])?(?P<y>\d{3}0)s(?![\w])", ("0s",)),
        ("decade", r"(?<=\bthe )(?:(?i:mid|early|late)[- ])?['\u2019]?(?P<yy>[3-9]0)s(?![\w])", ("0s",)),   # the '90s
        ("year_range", r"(?<![\w$\u20ac\u00a3\u00a5\u20bd.,/:#-])(?P<y1>\d{4})" + S0 + "(?P<sep>" + DASH + "|/)"
         + S0 + r"(?P<y2>\d{4}|\d{2})(?![\d%]|[.,]\d|-?[^\W\d_])", ()),
        ("year", r"(?<![\w$\u20ac\u00a3\u00a5\u20bd.,/:#-])(?P<pre>(?:mid|pre|post)-)?" + year
         + r"(?![%]|[.,]\d|-?[^\W\d_]|:\d)", ()),
        ("bare_month", r"(?<![\w-])(?:(?P<mod>(?i:" + shift + "))" + S + ")?(?P<pre>mid-)?(?P<mon>" + en_full + ")", full_months),
        ("weekday", r"(?<![\w-])(?:(?P<mod>(?i:" + shift + "))" + S + ")?(?P<wd>" + weekday + ")"
         + "(?:" + S + "(?P<part>(?i:morning|afternoon|evening|night))(?![\\w]))?", weekdays),
        ("day_word", r"(?<![\w-])(?P<w>(?i:" + day_words + "))(?![\\w-])", last_words(lx.day_words)),
        ("calendar", r"(?<![\w-])(?i:(?P<q>(?:earlier|later|early|late|(?:the" + S + ")?(?:end|beginning|start|middle)"
         + S + "of)" + S + "|mid-)?(?P<the>the" + S + ")?(?P<mod>" + shift + ")" + S
         + r"(?P<unit>week|month|year|decade))(?![\w-])", ("week", "month", "year", "decade")),
        ("rolling", r"(?<![\w-])(?i:(?:the" + S + ")?(?P<mod>last|past|next|coming)" + S + "(?P<n>" + number + ")"
         + S + r"(?P<unit>days|weeks|months|years|decades))(?![\w-])", ("days", "weeks", "months", "years", "decades")),
        ("anaphoric", r"(?<![\w-])(?i:(?P<w>" + _alt(lx.anaphoric, spaced=True) + r"))(?![\w-])", last_words(lx.anaphoric)),
        ("anaphoric", r"(?<![\w-])(?i:(?P<n>" + number + ")" + S + r"(?P<unit>days?|weeks?|months?|years?)" + S
         + r"(?P<dir>later|earlier))(?![\w-])", ("later", "earlier")),
        ("season_rel", r"(?<![\w-])(?i:(?P<mod>" + shift + ")" + S + "(?P<s>" + season + r"))(?![\w-])", seasons),
        ("ago", r"(?<![\w-])(?=[\w-]+(?:" + S + r"[\w-]+){0,3}" + S + r"(?i:days?|weeks?|months?|years?|decades?)" + S + "(?i:ago))"
         r"(?i:(?P<n>" + number + ")" + S
         + r"(?P<unit>days?|weeks?|months?|years?|decades?)" + S + r"ago)(?![\w-])", ("ago",)),
        ("foreign", r"(?<![\w.,:/])(?P<d1>" + DAY + r")\.?" + S + r"(?P<w>[^\W\d_]{3,15})\.?,?" + S + year + suffix, ()),
    ]
    cues = "|".join(("(?<![\\w'])" if c[0].isalnum() else "") + S.join(re.escape(p) for p in c.split())
                    for c in lx.future_cues)
    url, future, word_before, word_after, suffix_at_end, *scanned = compile_all([(p, 0) for p in (
        r"<?\b(?:https?://|www\.)[^\s<>]+>?",
        r"(?i)(?:" + cues + r")(?![\w])",
        r"([^\s]+)\s*$",
        r"^[ \t\u00a0]*([^\s]+)",
        r"[\s.]*" + _alt(lx.year_suffixes) + r"\.?\s*$",
        *(p for _, p, _ in scan))])     # re.compile(p) each, from the cache when it holds them (regex_cache)
    return _Patterns(
        url=url,
        scan=tuple((name, compiled) for (name, _, _), compiled in zip(scan, scanned)),
        needs=tuple(fewest(needs) for _, _, needs in scan),
        future=future,
        word_before=word_before,
        word_after=word_after,
        suffix=suffix_at_end,
    )


# --------------------------------------------------------------------------
# Values

@dataclass(frozen=True)
class _YMD:
    """A calendar date at year, month or day precision; ``year`` None: not yet known."""
    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        assert self.year is not None
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def key(self) -> tuple[int, int]:
        return (self.month or 0, self.day or 0)

    def with_year(self, year: int) -> _YMD:
        return _YMD(year, self.month, self.day)


_Res = tuple[_YMD, "_YMD | None"]         # a resolution: start, end (None for a point)
_Rel = Callable[[dt.date], "_Res | None"]  # anchor -> resolution


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        if month is None:
            return False
        last = calendar.monthrange(year if year is not None else 2000, month)[1]  # 2000: leap
        return 1 <= day <= last
    return True


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + k
    return n // 12, n % 12 + 1


def _days_value(a: dt.date, b: dt.date) -> _Res:
    """A run of days at month precision: its month, or the two months it straddles."""
    if (a.year, a.month) == (b.year, b.month):
        return _YMD(a.year, a.month), None
    return _YMD(a.year, a.month), _YMD(b.year, b.month)


def _year_for(lo: _YMD, anchor: dt.date, future: bool) -> int:
    """The year of a month(-day) without one: the most recent not after the anchor, or the next."""
    here = (anchor.month, anchor.day if lo.day else 0)
    year = anchor.year
    if future:
        year += lo.key() < here
        while not _valid(year, lo.month, lo.day):   # February 29
            year += 1
    else:
        year -= lo.key() > here
        while not _valid(year, lo.month, lo.day):
            year -= 1
    return year


def _fill(lo: _YMD, hi: _YMD | None, year: int) -> _Res:
    lo2 = lo.with_year(year)
    if hi is None:
        return lo2, None
    if hi.year is not None:
        return lo2, hi
    return lo2, hi.with_year(year + (hi.key() < lo.key()))


# --------------------------------------------------------------------------
# Candidates

@dataclass
class _Cand:
    start: int
    end: int
    kind: str = "point"
    lo: _YMD | None = None        # explicit value (its year may be missing)
    hi: _YMD | None = None        # explicit end of a span
    rel: _Rel | None = None       # anchor-relative resolver
    weak: bool = False            # a bare month: kept only when cued or joined
    back: tuple[str, int] | None = None   # counted from the last date of the text: (unit, offset)
    rank: int = 0                 # pattern priority (lower wins ties)

    @property
    def explicit(self) -> bool:
        return self.rel is None and self.lo is not None and self.back is None


class _Scanner:
    """Candidates of one text; handlers are named after their patterns."""

    def __init__(self, text: str):
        self.lx = _lexicon()
        self.px = _patterns()
        self.text = text
        self.masked = self.px.url.sub(lambda m: " " * len(m.group(0)), text)

    # -- context helpers ---------------------------------------------------
    def word_before(self, pos: int) -> str:
        m = self.px.word_before.search(self.masked, max(0, pos - 40), pos)
        return m.group(1).casefold().strip("\"'“”‘’„«»([") if m else ""

    def word_after(self, pos: int) -> str:
        m = self.px.word_after.match(self.masked[pos:pos + 40])
        return m.group(1) if m else ""

    def sentence_initial(self, pos: int) -> bool:
        before = self.masked[max(0, pos - 20):pos].rstrip(" \t\"'“‘„«(")
        return not before or before[-1] in ".!?\n:"

    def future_clause(self, start: int, end: int) -> bool:
        """Whether the clause around [start, end) speaks of the future.

        The clause runs between punctuation marks; when the date only opens
        its sentence ("On Friday, Xi will ..."), the next clause is read too.
        """
        stops, reach, t = ".;!?\n,()", 300, self.masked
        lo, hi = max(0, start - reach), min(len(t), end + reach)
        left = max(t.rfind(c, lo, start) for c in stops) + 1
        left = max(left, lo)
        ends = [i for i in (t.find(c, end, hi) for c in stops) if i != -1]
        right = min(ends) if ends else hi
        clause = t[left:start] + " " + t[end:right]
        if len(clause.split()) < 2 and right < hi and t[right] == ",":
            more = [i for i in (t.find(c, right + 1, hi) for c in stops) if i != -1]
            clause += " " + t[right + 1:min(more) if more else hi]
        return bool(self.px.future.search(clause))

    def month_of(self, word: str) -> tuple[int, bool] | None:
        """(month, foreign) of a month word, its abbreviation dot stripped."""
        w = word.rstrip(".")
        en = self.lx.en_months.get(w) or self.lx.en_months.get(w.title())
        if en:
            return en, False
        m = self.lx.foreign_months.get(w.casefold())
        return (m, True) if m else None

    # -- scanning ------------------------------------------------------------
    def candidates(self) -> list[_Cand]:
        found: list[_Cand] = []
        lowered = scan_text(self.masked)
        for rank, ((name, pattern), needs) in enumerate(zip(self.px.scan, self.px.needs)):
            if needs and not holds_any(lowered, needs):
                continue        # it cannot match: not worth a scan of the text (see _Patterns.needs)
            handler: Callable[[re.Match[str]], _Cand | None] = getattr(self, "_" + name)
            for m in pattern.finditer(self.masked):
                c = handler(m)
                if c is not None:
                    c.rank = rank
                    found.append(c)
        # longest first; then the earlier pattern
        found.sort(key=lambda c: (-(c.end - c.start), c.rank, c.start))
        taken: list[_Cand] = []
        used = bytearray(len(self.text) + 1)
        for c in found:
            if any(used[c.start:c.end]):
                continue
            used[c.start:c.end] = b"\x01" * (c.end - c.start)
            taken.append(c)
        taken.sort(key=lambda c: c.start)
        return taken

    # -- explicit --------------------------------------------------------------
    def _iso(self, m: re.Match[str]) -> _Cand | None:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if not _valid(y, mo, d):
            return None
        return _Cand(m.start(), m.end(), lo=_YMD(y, mo, d))

    def _numeric(self, m: re.Match[str]) -> _Cand | None:
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        if m["sep"] == ".":                 # 08.06.2022: day first
            day, month = a, b
        elif a > 12 >= b or a == b:         # 25/12/2022
            day, month = a, b
        elif b > 12 >= a:                   # 12/25/2022
            day, month = b, a
        else:                               # 08/06/2022: day-first or month-first, unknown
            return _Cand(m.start(), m.end())
        if not _valid(y, month, day):
            return None
        return _Cand(m.start(), m.end(), lo=_YMD(y, month, day))

    def _cjk(self, m: re.Match[str]) -> _Cand | None:
        y, mo = int(m["y"]), int(m["m"])
        d = int(m["d"]) if m["d"] else None
        if not _valid(y, mo, d):
            return None
        return _Cand(m.start(), m.end(), lo=_YMD(y, mo, d))

    def _dmy(self, m: re.Match[str]) -> _Cand | None:
        """ "8 June", "8 June 2022", "18-19 May 2023", "19 stycznia 2022 r."; "June 8, 2022" (mdy)."""
        got = self.month_of(m["mon"])
        if got is None:
            return None
        month, foreign = got
        year = int(m["y"]) if m["y"] else None
        if foreign and year is None:
            return None
        if year is not None and year not in YEARS:
            return None
        d1 = int(m["d1"])
        d2 = int(m["d2"]) if m["d2"] else None
        if not _valid(year, month, d1) or (d2 is not None and (d2 <= d1 or not _valid(year, month, d2))):
            return None
        end = m.end()
        if year is None and self.word_after(end).casefold().strip(".,;") in self.lx.units_after:
            return None                     # "May 5 million"
        lo = _YMD(year, month, d1)
        hi = _YMD(year, month, d2) if d2 else None
        return _Cand(m.start(), end, kind="span" if hi else "point", lo=lo, hi=hi)

    _mdy = _dmy

    def _my(self, m: re.Match[str]) -> _Cand | None:
        got = self.month_of(m["mon"])
        if got is None:
            return None
        month, foreign = got
        if foreign and m["mon"].rstrip(".").casefold() in self.lx.foreign_need_day:
            return None
        year = int(m["y"])
        if year not in YEARS:
            return None
        return _Cand(m.start(), m.end(), lo=_YMD(year, month))

    def _part(self, m: re.Match[str]) -> _Cand | None:
        year = int(m["y"])
        if year not in YEARS:
            return None
        if m.groupdict().get("q"):
            letter, n = m["q"][0], int(m["q"][1])
            if letter == "H" and n > 2:
                return None
            part = "half" if letter == "H" else "quarter"
        else:
            n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                 "fourth": 4, "4th": 4}[_norm(m["n"])]
            part = _norm(m["part"])
            if part == "half" and n > 2:
                return None
        size = 6 if part == "half" else 3
        lo, hi = _YMD(year, (n - 1) * size + 1), _YMD(year, n * size)
        return _Cand(m.start(), m.end(), kind="span", lo=lo, hi=hi)

    def _season(self, m: re.Match[str]) -> _Cand | None:
        year = int(m["y"])
        if year not in YEARS:
            return None
        first, last = self.lx.seasons[_norm(m["s"])]
        end = m.end()
        if m["y2"]:
            y2 = int(m["y2"]) if len(m["y2"]) == 4 else year // 100 * 100 + int(m["y2"])
            if not (first > last and y2 == year + 1):
                end = m.end("y")                 # only "winter 2022-23" straddles two years
        lo = _YMD(year, first)
        hi = _YMD(year + (first > last), last)
        return _Cand(m.start(), end, kind="season", lo=lo, hi=hi)

    def _decade(self, m: re.Match[str]) -> _Cand | None:
        if m.groupdict().get("yy"):
            start = 1900 + int(m["yy"])
        else:
            start = int(m["y"])
            if start not in YEARS:
                return None
        return _Cand(m.start(), m.end(), kind="span", lo=_YMD(start), hi=_YMD(start + 9))

    def _year_range(self, m: re.Match[str]) -> _Cand | None:
        y1 = int(m["y1"])
        raw = m["y2"]
        y2 = int(raw) if len(raw) == 4 else y1 // 100 * 100 + int(raw)
        if not (y1 < y2 <= y1 + 100) or not self._plausible_year(y1, m.start(), m.end()):
            return None
        if len(raw) == 4 and not self._plausible_year(y2, m.start(), m.end()):
            return None
        return _Cand(m.start(), m.end(), kind="span", lo=_YMD(y1), hi=_YMD(y2))

    def _year(self, m: re.Match[str]) -> _Cand | None:
        year = int(m["y"])
        start = m.start() if m["pre"] else m.start("y")
        if not self._plausible_year(year, start, m.end(), prefixed=bool(m["pre"])):
            return None
        return _Cand(m.start(), m.end(), lo=_YMD(year))

    def _plausible_year(self, year: int, start: int, end: int, prefixed: bool = False) -> bool:
        before = self.word_before(start)
        cued = prefixed or before in self.lx.year_cues
        if not (year in BARE_YEARS or (cued and year in YEARS)):
            return False
        if before in self.lx.year_blockers_before:
            return False
        if cued:
            return True
        if before in self.lx.year_determiners or self.sentence_initial(start):
            return not self._unit_after(end)
        return not self._count_after(end)

    def _unit_after(self, end: int) -> bool:
        after = self.masked[end:end + 1]
        word = self.word_after(end).casefold().rstrip(".,;:)")
        return after == "%" or word in self.lx.units_after

    def _count_after(self, end: int) -> bool:
        """A unit or a plural noun after a number: "2022 restrictions", "2000 km"."""
        if self._unit_after(end):
            return True
        word = self.word_after(end).rstrip(".,;:)")
        return (len(word) > 3 and word.islower() and word.isalpha() and word.endswith("s")
                and not word.endswith("ss") and word not in self.lx.not_plural)

    def _bare_month(self, m: re.Match[str]) -> _Cand | None:
        """ "in January" (kept only after a cue word), "mid-March", "last May", "next June"."""
        month = self.lx.en_months[m["mon"]]
        if not m["mod"]:
            return _Cand(m.start(), m.end(), lo=_YMD(None, month), weak=not m["pre"])
        shift = self.lx.shifts[_norm(m["mod"])]

        def rel(anchor: dt.date) -> _Res:
            if shift < 0:       # the last such month before the anchor's
                year = anchor.year - (month >= anchor.month)
            elif shift > 0:     # the first such month after the anchor's
                year = anchor.year + (month <= anchor.month)
            else:               # "this January": the anchor's year
                year = anchor.year
            return _YMD(year, month), None

        return _Cand(m.start(), m.end(), rel=rel)

    def _foreign(self, m: re.Match[str]) -> _Cand | None:
        word = m["w"]
        if word.isascii() or self.month_of(word) is not None:
            return None                      # English or in the lexicon: the other patterns
        got = _dateparser_parse(f"{m['d1']} {word} {m['y']}")
        if got is None or got[1] != "day":
            return None
        y, mo, d = (int(x) for x in got[0].split("-"))
        return _Cand(m.start(), m.end(), lo=_YMD(y, mo, d))

    # -- relative --------------------------------------------------------------
    def _weekday(self, m: re.Match[str]) -> _Cand | None:
        if self.word_before(m.start()) in self.lx.weekday_blockers:
            return None
        wd = self.lx.weekdays[m["wd"]]
        mod = _norm(m["mod"]) if m["mod"] else None
        shift = self.lx.shifts[mod] if mod else None
        if mod is None:
            mode = "future" if self.future_clause(m.start(), m.end()) else "past"
        elif mod in ("this", "current"):
            mode = "week"
        else:
            mode = "after" if shift and shift > 0 else "before"

        def rel(anchor: dt.date) -> _Res:
            aw = anchor.weekday()
            if mode == "past":
                delta = -((aw - wd) % 7)
            elif mode == "future":
                delta = (wd - aw) % 7
            elif mode == "before":
                delta = -((aw - wd) % 7 or 7)
            elif mode == "after":
                delta = (wd - aw) % 7 or 7
            else:
                delta = wd - aw
            day = anchor + dt.timedelta(days=delta)
            return _YMD(day.year, day.month, day.day), None

        return _Cand(m.start(), m.end(), rel=rel)

    def _day_word(self, m: re.Match[str]) -> _Cand | None:
        phrase = m["w"]
        if phrase[0].isupper() and not self.sentence_initial(m.start()):
            return None                      # "USA Today", "Russia Today": names
        offset = self.lx.day_words[_norm(phrase)]

        def rel(anchor: dt.date) -> _Res:
            day = anchor + dt.timedelta(days=offset)
            return _YMD(day.year, day.month, day.day), None

        return _Cand(m.start(), m.end(), rel=rel)

    def _calendar(self, m: re.Match[str]) -> _Cand | None:
        mod, unit = _norm(m["mod"]), _norm(m["unit"])
        shift = self.lx.shifts[mod]
        # "the last year", "the next month", "the past decade", "last decade": rolling periods
        rolling = mod not in ("this", "current") and (m["the"] is not None or unit == "decade")
        if rolling and self.word_after(m.end()).casefold() == "of":
            return None                      # "the last year of the war": not the anchor's
        if rolling and shift > 0 and m["the"] is not None \
                and self.word_before(m.start()) not in self.lx.period_prepositions:
            return None                      # "In 2015 ... The next year, ...": after that date
        if rolling:
            return self._rolling_cand(m.start(), m.end(), 1 if shift > 0 else -1, 1, unit)

        def rel(anchor: dt.date) -> _Res:
            if unit == "week":
                monday = anchor - dt.timedelta(days=anchor.weekday() - 7 * shift)
                return _days_value(monday, monday + dt.timedelta(days=6))
            if unit == "month":
                y, mo = _add_months(anchor.year, anchor.month, shift)
                return _YMD(y, mo), None
            if unit == "year":
                return _YMD(anchor.year + shift), None
            start = anchor.year // 10 * 10     # this decade
            return _YMD(start), _YMD(start + 9)

        return _Cand(m.start(), m.end(), kind="span" if unit == "decade" else "point", rel=rel)

    def _number(self, raw: str) -> tuple[bool, int | None]:
        """(understood, value) of a count: digits, number words, "twenty-five"."""
        raw = _norm(raw.replace("-", " "))
        if raw.isdigit():
            return True, int(raw)
        if raw in self.lx.numbers:
            return True, self.lx.numbers[raw]
        parts = raw.split()
        if len(parts) == 2 and all(p in self.lx.numbers for p in parts):
            tens, units = self.lx.numbers[parts[0]], self.lx.numbers[parts[1]]
            if tens is not None and units is not None:
                return True, tens + units
        return False, None

    def _rolling(self, m: re.Match[str]) -> _Cand | None:
        ok, n = self._number(m["n"])
        if not ok or n == 0:
            return None
        direction = 1 if self.lx.shifts[_norm(m["mod"])] > 0 else -1
        return self._rolling_cand(m.start(), m.end(), direction, n, _norm(m["unit"]).rstrip("s"))

    @staticmethod
    def _rolling_cand(start: int, end: int, direction: int, n: int | None, unit: str) -> _Cand:
        """The N units before (direction -1) or after (+1) the anchor, as a span."""

        def rel(anchor: dt.date) -> _Res | None:
            if n is None:
                return None
            if unit in ("day", "week"):
                days = n * (7 if unit == "week" else 1)
                other = anchor + dt.timedelta(days=direction * days)
                a, b = sorted((other, anchor))
                if unit == "week":
                    return _days_value(a, b)
                return _YMD(a.year, a.month, a.day), _YMD(b.year, b.month, b.day)
            if unit == "month" or (unit == "year" and n == 1):
                months = n * (12 if unit == "year" else 1)
                y, mo = _add_months(anchor.year, anchor.month, direction * months)
                ends = sorted([(y, mo), (anchor.year, anchor.month)])
                return _YMD(*ends[0]), _YMD(*ends[1])
            years = n * (10 if unit == "decade" else 1)
            ends2 = sorted([anchor.year + direction * years, anchor.year])
            return _YMD(ends2[0]), _YMD(ends2[1])

        return _Cand(start, end, kind="span", rel=rel)

    def _season_rel(self, m: re.Match[str]) -> _Cand | None:
        name = _norm(m["s"])
        first, last = self.lx.seasons[name]
        shift = self.lx.shifts[_norm(m["mod"])]

        def occurrence(y: int) -> tuple[int, int]:
            """Month indices (year*12+month-1) of the season beginning in year y."""
            a = y * 12 + first - 1
            return a, a + (last - first) % 12

        def rel(anchor: dt.date) -> _Res:
            now = anchor.year * 12 + anchor.month - 1
            years = range(anchor.year - 2, anchor.year + 3)
            if shift < 0:
                a, b = max((occurrence(y) for y in years if occurrence(y)[1] < now))
            elif shift > 0:
                a, b = min((occurrence(y) for y in years if occurrence(y)[0] > now))
            else:
                def distance(o: tuple[int, int]) -> tuple[int, int]:
                    return (0 if o[0] <= now <= o[1] else min(abs(now - o[0]), abs(now - o[1])), -o[0])
                a, b = min((occurrence(y) for y in years), key=distance)
            return _YMD(a // 12, a % 12 + 1), _YMD(b // 12, b % 12 + 1)

        return _Cand(m.start(), m.end(), kind="season", rel=rel)

    def _anaphoric(self, m: re.Match[str]) -> _Cand | None:
        if "w" in m.re.groupindex:
            return _Cand(m.start(), m.end(), back=self.lx.anaphoric[_norm(m["w"])])
        ok, n = self._number(m["n"])
        if not ok or n is None:
            return None
        unit = _norm(m["unit"]).rstrip("s")
        return _Cand(m.start(), m.end(), back=(unit, n if _norm(m["dir"]) == "later" else -n))

    def _ago(self, m: re.Match[str]) -> _Cand | None:
        ok, n = self._number(m["n"])
        if not ok:
            return None
        unit = _norm(m["unit"]).rstrip("s")

        def rel(anchor: dt.date) -> _Res | None:
            if n is None:
                return None
            if unit == "day":
                day = anchor - dt.timedelta(days=n)
                return _YMD(day.year, day.month, day.day), None
            if unit == "week":
                day = anchor - dt.timedelta(days=7 * n)
                monday = day - dt.timedelta(days=day.weekday())
                return _days_value(monday, monday + dt.timedelta(days=6))
            if unit == "month":
                y, mo = _add_months(anchor.year, anchor.month, -n)
                return _YMD(y, mo), None
            return _YMD(anchor.year - n * (10 if unit == "decade" else 1)), None

        return _Cand(m.start(), m.end(), kind="duration_ago", rel=rel)


# --------------------------------------------------------------------------
# Joining neighbours

_DASH_GAP = re.compile("^" + S0 + DASH + S0 + "$")
_WORD_GAP = re.compile("^" + S + "(?i:(to|until|till|through|thru|and))" + S + "$")
_FROM = re.compile(r"(?i:\b(from|between))" + S + "$")
_WEEKDAY_GAP = re.compile("^" + S0 + ",?" + S0 + r"\(?" + S0 + "$")
_AGO_GAP = re.compile("^" + S0 + "[,(]" + S0 + "(?i:(?:on|in)" + S + ")?$")   # "two weeks ago, on May 3"


def _join(scan: _Scanner, cands: list[_Cand]) -> list[_Cand]:
    """Spans from neighbouring explicit dates; a weekday before a date takes the date."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if nxt is not None:
            gap = scan.masked[c.end:nxt.start]
            joined = _span(scan, c, nxt, gap)
            if joined is None and c.rel is not None and c.kind == "point" and _is_weekday(scan, c) \
                    and _WEEKDAY_GAP.match(gap) and nxt.explicit and nxt.lo is not None \
                    and nxt.lo.day and nxt.hi is None:
                end = nxt.end + ("(" in gap and scan.masked.startswith(")", nxt.end))
                joined = _Cand(c.start, end, lo=nxt.lo, rank=nxt.rank)
            if joined is None and _AGO_GAP.match(gap):
                joined = _apposed_ago(scan, c, nxt)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _apposed_ago(scan: _Scanner, x: _Cand, y: _Cand) -> _Cand | None:
    """"Three weeks ago, on March 4" (or "on March 4, three weeks ago"): one time named twice; the date gives
    its value, and the expression stays a distance back from the present (kind "duration_ago"): background,
    never the day of the news."""
    ago, date = (x, y) if x.kind == "duration_ago" else (y, x)
    if ago.kind != "duration_ago" or not date.explicit or date.kind != "point" or date.lo is None \
            or date.lo.month is None or date.hi is not None:
        return None
    end = y.end + (scan.masked[x.end:y.start].strip().startswith("(") and scan.masked.startswith(")", y.end))
    return _Cand(x.start, end, kind="duration_ago", lo=date.lo, rank=date.rank)


def _is_weekday(scan: _Scanner, c: _Cand) -> bool:
    return any(word in scan.lx.weekdays for word in scan.masked[c.start:c.end].split())


def _span(scan: _Scanner, x: _Cand, y: _Cand, gap: str) -> _Cand | None:
    if not (x.explicit and y.explicit and x.kind == "point" and y.kind == "point"):
        return None
    assert x.lo is not None and y.lo is not None
    start = x.start
    if _DASH_GAP.match(gap):
        pass
    else:
        m = _WORD_GAP.match(gap)
        if m is None:
            return None
        word = _norm(m.group(1))
        intro = _FROM.search(scan.masked, max(0, x.start - 12), x.start)
        if word == "and":
            if intro is None or _norm(intro.group(1)) != "between":
                return None
            start = intro.start()
        elif intro is not None and _norm(intro.group(1)) == "from":
            start = intro.start()
        elif not (x.lo.year is None and y.lo.year is not None):
            return None                      # "January to September 2022" needs no "from"
    lo, hi = x.lo, y.lo
    if (lo.month is None) != (hi.month is None) and lo.year is None:
        return None
    if lo.year is None and hi.year is not None:
        if lo.month is None:
            return None
        lo = lo.with_year(hi.year - (lo.key() > hi.key()))
    elif hi.year is None and lo.year is not None:
        if hi.month is None:
            return None
        hi = hi.with_year(lo.year + (hi.key() < lo.key()))
    if lo.year is not None and hi.year is not None:
        if (lo.year, *lo.key()) >= (hi.year, *hi.key()) or hi.year - lo.year > 200:
            return None
    elif lo.key() == hi.key():
        return None
    if not (_valid(lo.year, lo.month, lo.day) and _valid(hi.year, hi.month, hi.day)):
        return None
    return _Cand(start, y.end, kind="span", lo=lo, hi=hi, rank=min(x.rank, y.rank))


# --------------------------------------------------------------------------
# Resolution

def _context_year(scan: _Scanner, done: list[tuple[_Cand, bool]], c: _Cand) -> int | None:
    """The year of a preceding explicit date of the same paragraph that covers c's month."""
    assert c.lo is not None and c.lo.month is not None
    para = scan.masked.rfind("\n", 0, c.start)
    for prev, from_text in reversed(done[-CONTEXT_LOOKBACK:]):
        if prev.end <= para:
            break
        if not from_text or prev.lo is None or prev.lo.year is None or prev.lo.month is None:
            continue
        lo, hi = prev.lo, prev.hi or prev.lo
        if hi.year is None or hi.month is None:
            continue
        first = prev.lo.year * 12 + lo.month
        last = hi.year * 12 + hi.month
        for y in {lo.year, hi.year}:
            if first <= y * 12 + c.lo.month <= last:
                return y
    return None


def _counted_back(back: tuple[str, int], last: DateRef | None) -> _Res | None:
    """A date counted from the last date the text named (``last``): "the same day" and "that week" want a day,
    "that month" a month or a day, "that year" any; a period, or a date too coarse for the unit, gives none.
    A week is given as the module gives one ("two weeks ago"): its month, or the two months it straddles."""
    if last is None or last.value is None or last.value_end is not None or last.kind == "span":
        return None
    unit, k = back
    parts = [int(p) for p in last.value.split("-")]
    try:
        if unit in ("day", "week"):
            if len(parts) < 3:
                return None
            day = dt.date(*parts) + dt.timedelta(days=k * (7 if unit == "week" else 1))
            if unit == "week":            # a week, as "two weeks ago": its month, or the two it straddles
                monday = day - dt.timedelta(days=day.weekday())
                return _days_value(monday, monday + dt.timedelta(days=6))
            return _YMD(day.year, day.month, day.day), None
        if unit == "month":
            if len(parts) < 2:
                return None
            y, mo = _add_months(parts[0], parts[1], k)
            return _YMD(y, mo), None
        return _YMD(parts[0] + k), None
    except (OverflowError, ValueError):
        return None


def _ref(scan: _Scanner, c: _Cand, res: _Res | None, relative: bool) -> DateRef:
    kind = c.kind
    if res is None:
        return DateRef(c.start, c.end, scan.text[c.start:c.end], None, None, None, relative, kind)
    lo, hi = res
    if hi is not None and hi == lo:
        hi = None
    precision = lo.precision if hi is None else min(lo.precision, hi.precision, key=PRECISIONS.index)
    if kind in ("point", "span"):          # a week may come out as one month or two
        kind = "point" if hi is None else "span"
    return DateRef(c.start, c.end, scan.text[c.start:c.end], lo.iso(), precision,
                   hi.iso() if hi is not None else None, relative, kind)


def _common(a: _YMD, b: _YMD) -> _YMD | None:
    """The most precise value two resolutions agree on ("2023-06-01" and "2023-06-30": "2023-06")."""
    if a.year != b.year:
        return None
    if a.month is None or a.month != b.month:
        return _YMD(a.year)
    if a.day is None or a.day != b.day:
        return _YMD(a.year, a.month)
    return a


def _within(resolve: Callable[[dt.date], _Res | None], period: tuple[dt.date, dt.date]) -> _Res | None:
    """A value resolved for an anchor known only to lie in ``period`` (a publication month or year): what
    every anchor in it gives, as precisely as they agree ("today" in a June article is June, "last month"
    May). Every resolver moves forward with the anchor, so the period's two ends decide. A day just
    before the anchor that the two ends place in different months ("Friday", "yesterday") is read inside
    the period, at its precision, when the period's last day places it there: news reports the days
    before publication, most of which lie in the publication's month."""
    try:
        ra, rb = resolve(period[0]), resolve(period[1])
    except (OverflowError, ValueError):
        return None
    if ra is None or rb is None:
        return None
    lo = _common(ra[0], rb[0])
    if ra[1] is None and rb[1] is None:
        whole = _YMD(period[0].year, period[0].month if period[0].month == period[1].month else None)
        if rb[0].day and rb[0].year == whole.year and whole.month in (None, rb[0].month) and (
                lo is None or (lo.precision, whole.precision) in (("year", "month"),)):
            return whole, None
        return (lo, None) if lo is not None else None
    if lo is None:
        return None
    hi = _common(ra[1] or ra[0], rb[1] or rb[0])
    return (lo, hi) if hi is not None else None


_YEAR_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")


def publication_period(published: str | None) -> tuple[dt.date, dt.date] | None:
    """The days a publication date allows: one day for "2023-06-22" (or a date and time), the month's days
    for "2023-06", the year's for "2023"; None when it is no date. No day is filled in."""
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    if m:
        try:
            day = dt.date(*map(int, m.groups()))
        except ValueError:
            return None
        return day, day
    m = _YEAR_MONTH.fullmatch(published)
    # "2023-06": the month, as dateparser reads it (checked for every month of the years 1000 to 2999), without
    # loading dateparser for it
    parsed = (published, "month") if m and "1000" <= m[1] <= "2999" else parse_explicit(published)
    if parsed is None:
        return None
    value, precision = parsed
    year = int(value[:4])
    if precision == "day":
        day = dt.date.fromisoformat(value)
        return day, day
    if precision == "month":
        month = int(value[5:7])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@lru_cache(maxsize=4)
def _scanned(text: str) -> tuple[_Scanner, tuple[_Cand, ...]]:
    """The scanner of ``text`` and its candidates, joined: the same whatever the anchor (the "dates" step reads a
    text again when a day it names settles the publication date: ``steps.dates.from_named_day``). Neither is
    changed once made."""
    scan = _Scanner(text)
    return scan, tuple(_join(scan, scan.candidates()))


def find_dates(text: str, anchor: dt.date | None = None,
               bounds: tuple[dt.date | None, dt.date | None] | None = None,
               period: tuple[dt.date, dt.date] | None = None) -> list[DateRef]:
    """Every date expression of ``text``, resolved against ``anchor`` (the publication date).

    ``bounds`` (earliest, latest dates the document cites) stand in for a
    missing anchor: they only tell that the anchor is on or after ``latest``,
    which settles no anchor-relative value (see the module docstring), so
    those stay unresolved rather than guessed.

    ``period`` (first, last day): without ``anchor``, the publication date is known only to its month or
    year ("2023-06"): an anchor-relative expression takes the value every day of the period gives, as
    precisely as they agree ("this week" in a June article may be June; "yesterday" is June at best).
    """
    # With only ``bounds`` the anchor lies somewhere in [latest, open end):
    # an anchor-relative value is certain only if it is the same over that
    # whole range, and every resolver here moves forward with the anchor, so
    # none is: below, ``anchor is None`` leaves them all unresolved.
    scan, cands = _scanned(text)
    lx = scan.lx
    refs: list[DateRef] = []
    done: list[tuple[_Cand, bool]] = []        # (candidate, its year came from the text)
    for c in cands:
        if c.weak:
            before = scan.word_before(c.start)
            if before.rstrip(",") not in lx.bare_month_cues:
                continue
        if c.back is not None:            # "the same day", "later that year", "two days later"
            last = refs[-1] if refs else None
            refs.append(_ref(scan, c, _counted_back(c.back, last), bool(last and last.relative)))
            continue
        if c.rel is not None:
            try:
                res = c.rel(anchor) if anchor is not None else _within(c.rel, period) if period else None
            except (OverflowError, ValueError):   # "tomorrow" of 9999-12-31: off the calendar
                res = None
            refs.append(_ref(scan, c, res, True))
            done.append((c, False))
            continue
        if c.lo is None:                       # an ambiguous numeric date
            refs.append(_ref(scan, c, None, False))
            continue
        if c.lo.year is not None:
            refs.append(_ref(scan, c, (c.lo, c.hi), False))
            done.append((c, True))
            continue
        year = _context_year(scan, done, c)
        if year is not None:
            refs.append(_ref(scan, c, _fill(c.lo, c.hi, year), False))
            done.append((c, True))
            continue
        if anchor is None and period is None:
            refs.append(_ref(scan, c, None, True))
            continue
        future = scan.future_clause(c.start, c.end)
        # within a publication period: the most recent such day by its last day, or the first from its first
        base = anchor if anchor is not None else period[0] if future else period[1]
        refs.append(_ref(scan, c, _fill(c.lo, c.hi, _year_for(c.lo, base, future)), True))
        done.append((c, False))
    return refs


# --------------------------------------------------------------------------
# One explicit expression

_LEFTOVER = re.compile(r"^[\s,.;:()\[\]\"'„“”«»]*$")


def parse_explicit(expr: str) -> tuple[str, str] | None:
    """(value, precision) of one explicit date expression, in any language dateparser knows.

    "19 stycznia 2022 r." -> ("2022-01-19", "day"); "May 2023" -> ("2023-05",
    "month"); "2013" -> ("2013", "year"). The expression must carry its year
    (nothing is resolved against the present day) and name one point: spans,
    relative expressions and ambiguous numeric dates give None.
    """
    expr = " ".join(expr.split())
    if not expr:
        return None
    refs = find_dates(expr)
    if len(refs) == 1:
        r = refs[0]
        if _LEFTOVER.match(expr[:r.start] + expr[r.end:]):
            if r.kind == "point" and not r.relative and r.value and r.precision:
                return r.value, r.precision
            return None
    return _dateparser_parse(expr)


@lru_cache(maxsize=1)
def _date_data_parser() -> Any:
    with patterns():
        from dateparser.date import DateDataParser

        return DateDataParser(settings={"PREFER_DAY_OF_MONTH": "first", "PREFER_DATES_FROM": "past"})


@lru_cache(maxsize=4096)
def _dateparser_parse(expr: str) -> tuple[str, str] | None:
    """dateparser's reading of ``expr``, kept only when it carries the expression's one year."""
    years = set(re.findall(r"(?<!\d)\d{4}(?!\d)", expr))
    if len(years) != 1:
        return None
    cleaned = _patterns().suffix.sub("", expr).strip(" ,.")
    try:
        parser = _date_data_parser()
        with patterns():            # its expressions compiled once, then from a cache (``documents.dateparse``)
            data = parser.get_date_data(cleaned)
    except Exception:                          # dateparser raises on odd input
        return None
    when = data.date_obj if data else None
    if when is None or str(when.year) != years.pop():
        return None
    precision = {"day": "day", "time": "day", "month": "month", "year": "year"}.get(data.period or "")
    if precision is None:
        return None
    value = _YMD(when.year, when.month if precision != "year" else None,
                 when.day if precision == "day" else None)
    return value.iso(), precision
