"""Parse a footnote or reference-list entry into outlet, title, authors, URL and date.

Notes in the corpus follow the common pattern
``Authors, *Title*, „Outlet”, 19 stycznia 2022 r., <https://...>``: the
outlet is the quoted name, the authors are initial-plus-surname groups before
the title, the date may be in any language dateparser knows.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .model import Citation

URL = re.compile(r"<?(https?://[^\s>]+)>?")
# „Outlet” (Polish/German low-high quotes), “Outlet”, "Outlet", «Outlet»
QUOTED = re.compile(r"[„“\"«]([^„“”\"«»]{2,120})[”\"»“]")
AUTHOR = re.compile(r"^((?:[A-Z][a-z]?\.(?:\s?[A-Z][a-z]?\.)*\s?[A-Z][\w'’-]+(?:,\s*|\s+and\s+))+)")
DATE_TEXT = re.compile(
    r"(\d{1,2}\s+[^\W\d_]{3,}\.?\s+\d{4}(?:\s*\.?\s*r\.?)?"   # 19 stycznia 2022 r. / 6 December 2022
    r"|[^\W\d_]{3,}\.?\s+\d{1,2},\s+\d{4}"                      # November 30, 2022
    r"|\d{4}-\d{2}-\d{2})"
)
OP_CIT = re.compile(r"\bop\.\s*cit\.?|\bibid\.?", re.I)


@lru_cache(maxsize=2048)
def parse_date(text: str) -> str | None:
    """An ISO date from a date expression in any language dateparser knows."""
    from .dateparse import dateparser, patterns

    cleaned = re.sub(r"\.?\s*r\.?$", "", text.strip())   # Polish "r." (roku) suffix
    with patterns():        # its expressions compiled once, then from a cache (``dateparse``)
        parsed = dateparser().parse(cleaned, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date().isoformat() if parsed else None


def parse_citation(cit: Citation, body: str) -> Citation:
    rest = body.strip()
    m = URL.search(rest)
    if m:
        cit.url = m.group(1).rstrip(".,;")
        rest = (rest[: m.start()] + rest[m.end():]).strip(" ,.")
    dates = list(DATE_TEXT.finditer(rest))
    if dates:
        d = dates[-1]
        iso = parse_date(d.group(1))
        if iso:
            cit.date, cit.date_text = iso, d.group(1).strip()
            rest = (rest[: d.start()] + rest[d.end():]).strip(" ,.")
    quoted = list(QUOTED.finditer(rest))
    if quoted:
        q = quoted[-1]
        if OP_CIT.search(rest[q.end():]):
            # "Title ..., op. cit.": a back-reference to a note cited earlier
            rest = rest[: q.end()]
        else:
            cit.outlet = q.group(1).strip().strip("*").strip()
            rest = rest[: q.start()].strip(" ,")
    m = AUTHOR.match(rest)
    if m:
        cit.authors = [a.strip() for a in re.split(r",\s*|\s+and\s+", m.group(1)) if a.strip()]
        rest = rest[m.end():].strip(" ,")
    elif re.match(r"^[A-Z][a-z]+,\s", rest) and rest.count(",") >= 1 and cit.outlet:
        # a single-word author or agency byline ("Huaxia, Full text of ...")
        head, _, tail = rest.partition(",")
        if len(head.split()) == 1 and tail.strip():
            cit.authors = [head.strip()]
            rest = tail.strip()
    title = rest.strip(" ,*")
    if title and not OP_CIT.fullmatch(title):
        cit.title = title.replace("*", "").strip()
        pos = cit.text.find(title)
        if pos >= 0:
            cit.title_start = cit.start + pos
            cit.title_end = cit.title_start + len(title)
    return cit
