"""Figures stated in a text: money, percentages, counts, distances, durations.

``find_quantities(doc)`` returns every figure of a parsed spaCy ``Doc`` as a
:class:`Quantity`: the value normalised (scale words applied, decimal commas
read, number words converted), the unit canonicalised (ISO 4217 codes for
money, ``percent``, ``km``, ``day``, ``troops``, ``people``, ``count`` ...),
the qualifier as written ("about", "more than") and a best-effort ``measure``
(what the figure measures).

Approach
--------
1. **One compiled regular expression over the whole text** finds figure
   expressions: an optional qualifier, an optional "between"/"from", an
   optional currency prefix, a number (digits with thousands separators or a
   decimal comma, number words, "a dozen", "a million"), optional scale words,
   an optional second number joined by "to", "-", "or", "and" (after
   "between") or "(out) of", and an optional unit or currency name.  The
   alternations are built from the lexicon in ``data/units.yaml`` (currency
   names and symbols, scale words, unit words, qualifiers ...), so the code
   holds the grammar and the YAML holds the words.  Per match, a handful of
   small anchored regexes and the tokens of the match are consulted; there is
   no loop over the tokens of the document.
2. **Filters** drop what is not a figure: years and year ranges, days of a
   month ("May 18-19"), durations that place something in time ("two years
   ago", "three days later"), ages, ordinals and decades (the grammar refuses
   a number glued to letters), numbers inside names and codes ("COVID-19",
   "G7", "Su-30": the grammar refuses a number glued to a word or hyphen;
   "Shanghai Five", "Boeing 737", "Article 5": capitalisation, the NER's name
   entities and a list of designator words), codes with leading zeros,
   footnote markers ("[12]"), list and section numbering at the start of a
   line, times of day, phone numbers and URLs.
3. **Counts** (a number with no unit) must count something: the counted noun
   is taken from the dependency parse (the noun the number modifies), with a
   part-of-speech fallback when the parse is off.  Counts of troops or people
   get the units ``troops`` / ``people`` (lexicon nouns, or plural
   nationality nouns tagged by the NER); a bare "one", web-page furniture
   ("4 Comments") and small counts after a determiner ("the two countries",
   a reference to things already named) are dropped.
4. **Ranges and pairs**: "10 to 15 days" is one figure with ``value_max``;
   "2,5 out of 9 thousand", "rose from 5% to 7%" and a range whose two ends
   carry different units are two figures.  A money figure followed by the
   same amount in another currency in brackets ("1.5 billion yuan ($206
   million)") is linked both ways through ``paired_with``.
5. **Restatements**: a duration restated in the same document with the same
   value for the same event ("a two-day summit" ... "the two day meeting") is
   kept once; other figures are all kept, even with equal values.

Design decisions: ages ("aged 40", "a 40-year-old") are dropped (they
describe people and things, not the figures of the contest); "percentage
points" are reported as ``percent``; decades are reported in years ("three
decades" -> 30 year); miles stay miles; "bcm" is 1e9 ``m3``; "¥" is read as
the renminbi; "som" is the Kyrgyz som unless its sentence names Uzbekistan.
"""
from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from .doc_text import text_of
from .lexicon import alternation, fewest, holds_any, load_data, lowered, scan_text
from .regex_cache import compile_all

__all__ = ["Quantity", "find_quantities"]


def _norm(phrase: str) -> str:
    """A look-up key (``lexicon.lowered``) of words a pattern ignoring case matched, the letters such a pattern
    matches to an ASCII one ("ı", "İ", "ſ") read as that letter: "twıce" is "twice"."""
    return lowered(scan_text(phrase))


@dataclass
class Quantity:
    """One figure stated in ``doc.text``; offsets are character offsets."""

    start: int            # the figure expression, e.g. "1.5 billion yuan"
    end: int
    text: str
    value: float
    value_max: float | None   # upper end of a range ("10 to 15 days")
    unit: str             # ISO 4217 code, percent, km, day, year, troops, people, count, times, m3 ...
    qualifier: str | None # "about", "more than", ... as written, lower-cased
    measure: str | None   # what it measures ("restrictions", "decline in gross domestic product")
    sent_start: int       # the sentence's span in doc.text (evidence)
    sent_end: int
    paired_with: int | None = None  # index of the same amount stated in another unit


# --------------------------------------------------------------------------
# Lexicon and patterns (built once per process)
# --------------------------------------------------------------------------

NAME_LABELS = frozenset({"ORG", "IGO", "STATE", "PERSON", "PROJECT", "GPE", "FAC", "PRODUCT",
                         "EVENT", "LAW", "WORK_OF_ART", "LOC"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
PEOPLE_LABELS = frozenset({"NORP", "STATE"})
NOUNS = frozenset({"NOUN", "PROPN"})
NP_MODIFIERS = frozenset({"amod", "compound", "nmod", "poss", "case"})
COUNT_LINKS = frozenset({"nummod", "compound", "quantmod", "amod", "nmod", "npadvmod", "appos"})
FOOTNOTE = re.compile(r"\[\d*\]?")
WORD = re.compile(r"[^\W\d_][\w'’\-]*")
MEASURE_PREPS = frozenset({"of", "in", "on", "for", "to", "from", "between", "with"})
COMPARED = re.compile(r"\b(?:from|than|against|versus|vs\.?|with)\s+(?:(?:about|around|some|nearly|almost|over|"
                      r"just|roughly)\s+)?$", re.IGNORECASE)     # "up from 5.2 million", "compared with 3,000"
DATE_PREPS = frozenset({"in", "since", "by", "until", "till", "during", "throughout", "of"})  # "in 2023 to $5bn"
DASHES = frozenset("-\u2010\u2011\u2013\u2014")


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``data/units.yaml``, normalised for look-ups."""

    number_words: dict[str, float]
    number_phrases: dict[str, float]
    scales: dict[str, float]
    currency_scales: dict[str, float]
    currency_prefixes: dict[str, str]
    currency_codes: dict[str, str]
    currency_names: dict[str, str]
    currency_context: dict[str, dict[str, str]]
    unit_forms: dict[str, tuple[str, float]]     # lower-cased form -> (unit, factor)
    case_sensitive_units: frozenset[str]
    duration_units: frozenset[str]
    dimension: dict[str, str]
    qualifiers: tuple[str, ...]
    troop_nouns: frozenset[str]
    people_nouns: frozenset[str]
    multipliers: dict[str, float]     # "doubled" -> 2: a multiplier written as a word (unit "times")
    people_measures: frozenset[str]
    casualty_verbs: frozenset[str]
    casualty_heads: frozenset[str]
    event_nouns: frozenset[str]
    not_counted: frozenset[str]
    designators: frozenset[str]
    anaphoric: frozenset[str]
    anaphoric_max: float
    group_nouns: frozenset[str]
    group_determiners: frozenset[str]
    time_anchors: frozenset[str]
    weak_time_anchors: frozenset[str]
    duration_markers: frozenset[str]
    period_openers: frozenset[str]
    age_markers: frozenset[str]
    change_verb: re.Pattern[str]
    months: tuple[str, ...]
    month_names: frozenset[str]
    weekdays: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load ``data/units.yaml`` once."""
    raw: dict[str, Any] = load_data("units.yaml")
    unit_forms: dict[str, tuple[str, float]] = {}
    for unit, spec in raw["units"].items():
        for form in spec["forms"]:
            unit_forms[_norm(str(form))] = (unit, 1.0)
    for form, spec in raw["scaled_units"].items():
        unit_forms[_norm(str(form))] = (spec["unit"], float(spec["factor"]))
    dimension = {u: dim for dim, units in raw["dimensions"].items() for u in units}
    dimension.update({code: "money" for code in raw["currency_codes"].values()})
    dimension.update({code: "money" for code in raw["currency_names"].values()})
    dimension.update({code: "money" for code in raw["currency_prefixes"].values()})
    return Lexicon(
        number_words={_norm(k): float(v) for k, v in raw["number_words"].items()},
        number_phrases={_norm(k): float(v) for k, v in raw["number_phrases"].items()},
        scales={_norm(k): float(v) for k, v in raw["scales"].items()},
        currency_scales={_norm(k): float(v) for k, v in raw["currency_scales"].items()},
        currency_prefixes={str(k): str(v) for k, v in raw["currency_prefixes"].items()},
        currency_codes={str(k): str(v) for k, v in raw["currency_codes"].items()},
        currency_names={_norm(k): str(v) for k, v in raw["currency_names"].items()},
        currency_context={_norm(k): {_norm(w): c for w, c in v.items()}
                          for k, v in raw["currency_context"].items()},
        unit_forms=unit_forms,
        case_sensitive_units=frozenset(str(u) for u in raw["case_sensitive_units"]),
        duration_units=frozenset(raw["duration_units"]),
        dimension=dimension,
        qualifiers=tuple(_norm(q) for q in raw["qualifiers"]),
        troop_nouns=frozenset(_norm(w) for w in raw["troop_nouns"]),
        people_nouns=frozenset(_norm(w) for w in raw["people_nouns"]),
        multipliers={_norm(k): float(v) for k, v in raw["multiplier_words"].items()},
        people_measures=frozenset(_norm(w) for w in raw["people_measures"]),
        casualty_verbs=frozenset(_norm(w) for w in raw["casualty_verbs"]),
        casualty_heads=frozenset(_norm(w) for w in raw["casualty_heads"]),
        event_nouns=frozenset(_norm(w) for w in raw["event_nouns"]),
        not_counted=frozenset(_norm(w) for w in raw["not_counted"]),
        designators=frozenset(_norm(w) for w in raw["designators"]),
        anaphoric=frozenset(_norm(w) for w in raw["anaphoric_determiners"]),
        anaphoric_max=float(raw["anaphoric_max"]),
        group_nouns=frozenset(_norm(w) for w in raw["group_nouns"]),
        group_determiners=frozenset(_norm(w) for w in raw["group_determiners"]),
        time_anchors=frozenset(_norm(w) for w in raw["time_anchors"]),
        weak_time_anchors=frozenset(_norm(w) for w in raw["weak_time_anchors"]),
        duration_markers=frozenset(_norm(w) for w in raw["duration_markers"]),
        period_openers=frozenset(_norm(w) for w in raw["period_openers"]),
        age_markers=frozenset(_norm(w) for w in raw["age_markers"]),
        change_verb=re.compile("(?:" + "|".join(re.escape(_norm(w)) for w in raw["change_verb_stems"]) + ")"),
        months=tuple(str(m) for m in raw["months"]),
        month_names=frozenset(str(m).rstrip(".") for m in raw["months"]),
        weekdays=frozenset(str(d) for d in raw["weekdays"]),
    )


def _alt(forms: list[str] | set[str] | tuple[str, ...], *, word: bool = True) -> str:
    """A regex alternation of ``forms``, longest first, spaces matching any white space."""
    return alternation(forms, space=r"\s+", word_end=word)


@dataclass(frozen=True)
class Patterns:
    figure: re.Pattern[str]
    url_chunk: re.Pattern[str]
    phone: re.Pattern[str]
    footnote_open: re.Pattern[str]
    footnote_close: re.Pattern[str]
    chunk_end: re.Pattern[str]
    para_break: re.Pattern[str]
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]
    time_of_day: re.Pattern[str]
    list_item: re.Pattern[str]
    bracket_pair: re.Pattern[str]
    prev_word: re.Pattern[str]
    ratio_before: re.Pattern[str]
    next_word: re.Pattern[str]
    period_of: re.Pattern[str]
    per_currency: re.Pattern[str]
    currency_word: re.Pattern[str]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Compile the figure grammar from the lexicon once."""
    lx = lexicon()
    units_ci = [f for f in lx.unit_forms if f not in {u.lower() for u in lx.case_sensitive_units}]
    units_cs = sorted(lx.case_sensitive_units)
    word_nums = [w for w in lx.number_words]
    tens = [w for w, v in lx.number_words.items() if v >= 20]
    ones = [w for w, v in lx.number_words.items() if 1 <= v <= 9]
    scale_words = _alt(list(lx.scales))
    scale = rf"(?:{scale_words}(?:\s+{scale_words})?)"
    cur_scale = _alt(list(lx.currency_scales))
    digits = r"(?:\d{1,3}(?:[\u00a0\u202f]\d{3})+(?![\d.,])|\d+(?:[.,]\d+)*)"
    words = rf"(?:{_alt(tens)}[-\u2010\u2011 ]{_alt(ones)}|{_alt(word_nums)})"
    a_scale = rf"(?:an?(?=\s+{scale_words}))"
    number = rf"(?:{_alt(list(lx.number_phrases))}|{digits}|{words}|{a_scale})"
    prefixes = _alt(list(lx.currency_prefixes), word=False)
    codes = "(?-i:" + _alt(list(lx.currency_codes)) + ")"
    codes_before = "(?-i:" + _alt(list(lx.currency_codes), word=False) + ")"    # "KZT1.4trn", "USD 5bn"
    cur_prefix = rf"(?:{prefixes}|{codes_before}(?=\s?\d))"
    unit = rf"(?:(?-i:{_alt(units_cs)})|{_alt(units_ci)})"
    cur_suffix = rf"(?:{_alt(list(lx.currency_names))}|{codes})"
    quals = [q for q in lx.qualifiers if q[-1:].isalpha() or q.endswith(".")]
    qual = rf"(?:{_alt(quals)}\s+|~\s*)"
    scale_sep = r"(?:\s*|[-\u2010\u2011])"              # "1.5 billion", "5bn", "$300-million"
    tail = (rf"(?:(?(sc2){scale_sep}|(?(sc1){scale_sep}|\s*))(?P<cur3>{cur_suffix})"
            rf"|(?P<usep>\s*[-\u2010\u2011]\s*|\s*)(?P<unit>{unit}))")
    pct = _alt([f for f, (u, k) in lx.unit_forms.items() if u == "percent" and k == 1.0])   # not "basis points"
    figure = (
        r"(?<![\w/#@\[\-\u2010\u2011.,$€£¥₽₸])"
        rf"(?:(?P<qual>{qual}))?"
        r"(?:(?P<between>between|from)\s+)?"
        rf"(?:(?P<cur1>{cur_prefix})\s?)?"
        rf"(?P<n1>{number})"
        rf"(?:{scale_sep}(?P<sc1>{scale}|(?(cur1){cur_scale}|{cur_scale}(?=\s*{cur_suffix}))))?"
        rf"(?:\s*(?P<pct1>{pct}))?"
        r"(?:\s*(?P<conn>to|through|[-\u2010\u2011\u2013\u2014]|or|(?:out\s+)?of(?:\s+(?:the|its|their|these|those))?"
        r"|(?(between)and|(?!)))\s*"
        rf"(?:(?P<cur2>{cur_prefix})\s?)?"
        rf"(?P<n2>{number})"
        rf"(?:{scale_sep}(?P<sc2>{scale}|(?(cur2){cur_scale}|{cur_scale}(?=\s*{cur_suffix}))))?)?"
        rf"(?:(?(pct1)(?(n2)|(?!))|){tail})?"                   # no unit after a lone "35%"
        r"(?![\w])"
    )
    months = "(?-i:" + _alt(list(lx.months)) + ")"
    phone = (
        r"\+\d{1,3}[\s.\-]?\(?\d{1,5}\)?(?:[\s.\-]?\d{2,4}){2,4}"      # +7 727 123 45 67
        r"|\(\d{3,5}\)\s?\d{2,4}[\s.\-]\d{2,4}(?:[\s.\-]\d{2,4})?"      # (727) 123-4567
        r"|\b\d{3}[.\-]\d{3}[.\-]\d{4}\b"                               # 555-123-4567
    )
    sources = dict(                 # name: (pattern, flags)
        figure=(figure, re.IGNORECASE),
        # a white-space delimited chunk that is a URL, a path or an e-mail address
        url_chunk=(r"://|www\.|@\w|\.[a-z]{2,6}/|/[\w.%-]*/"
                   r"|\.(?:com|org|net|gov|edu|int|info|io|ru|cn|kz|kg|uz|tj|tm|uk|eu)$", 0),
        phone=(phone, 0),
        footnote_open=(r"\[[\d,\s\-\u2013]*$", 0),
        footnote_close=(r"[\d,\s\-\u2013]*\]", 0),
        chunk_end=(r"\s|$", 0),
        para_break=(r"\n[ \t\r\f\v\u00a0]*\n", 0),
        month_before=(rf"{months}\.?,?\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s*(?:[-\u2013]|and|to)\s*)?$", 0),
        month_after=(rf"(?:st|nd|rd|th)?\.?\s*(?:of\s+)?{months}", 0),
        time_of_day=(r"^(?:[:.]\d{2}\b|\s*(?:a\.m\.|p\.m\.|am|pm|o'clock|GMT|UTC)(?!\w))", re.IGNORECASE),
        list_item=(r"^\s*[.)]\s", 0),
        bracket_pair=(
            rf"^\s*(?:[(\[]\s*|,\s*(?:or|i\.e\.)\s+|[(\[]\s*(?:or|i\.e\.)\s+)(?:{_alt(lx.qualifiers)}\s*)?$",
            re.IGNORECASE),
        ratio_before=(rf"(?:\d+|{words})\s+in\s+$", re.IGNORECASE),
        prev_word=(r"([^\s\"'“‘(\[]+)[\"'“‘(\[]?\s*$", 0),
        next_word=(r"[\s\-\u2010\u2011]*([A-Za-z'.]+)", 0),
        # "... of 2022", "... of this year", "... of the year": a duration that names a part of a period
        period_of=(rf"\s+of\s+(?:(?:this|last|that|the|next)\s+year\b|\d{{4}}\b|{months})", 0),
        # "481 per dollar", "90 to the euro": a rate of exchange, in the currency its sentence names
        per_currency=(r"\s*(?:per|a|to\s+the|against\s+the)\s+(?:(?:US|U\.S\.|American)\s+)?"
                      rf"(?P<cur>{_alt(list(lx.currency_names))})", re.IGNORECASE),
        currency_word=(rf"(?<![\w\-]){_alt(list(lx.currency_names))}", re.IGNORECASE),
    )
    # re.compile(pattern, flags) each, from the cache when it holds them (regex_cache)
    return Patterns(**dict(zip(sources, compile_all(list(sources.values())))))


# --------------------------------------------------------------------------
# Number reading
# --------------------------------------------------------------------------

def _digits_value(raw: str) -> float | None:
    """Read digits with separators: "12,902" -> 12902, "3,5" -> 3.5, "1.234,5" -> 1234.5."""
    s = raw.replace("\u00a0", "").replace("\u202f", "")
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        other = "." if dec == "," else ","
        s = s.replace(other, "").replace(dec, ".")
    elif "," in s:
        groups = s.split(",")
        if len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            s = s.replace(",", "")
        elif len(groups) == 2:
            s = s.replace(",", ".")
        else:
            return None
    elif s.count(".") > 1:
        groups = s.split(".")
        if len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            s = s.replace(".", "")
        else:
            return None          # "1.2.3": a section number, not a figure
    try:
        return float(s)
    except ValueError:
        return None


def _number_value(raw: str, lx: Lexicon) -> float | None:
    key = _norm(raw)
    if key[:1].isdigit():
        return _digits_value(raw)
    if key in lx.number_phrases:
        return lx.number_phrases[key]
    if key in ("a", "an"):
        return 1.0
    if key in lx.number_words:
        return lx.number_words[key]
    parts = re.split(r"[-\u2010\u2011 ]+", key)
    if len(parts) == 2 and all(p in lx.number_words for p in parts):
        return lx.number_words[parts[0]] + lx.number_words[parts[1]]
    return None


def _tidy(value: float) -> float:
    """Drop binary noise from scaling: 32.7 * 1e6 -> 32700000.0."""
    return float(f"{value:.12g}")


def _scale_value(raw: str | None, lx: Lexicon) -> float:
    if not raw:
        return 1.0
    factor = 1.0
    for part in _norm(raw).split(" "):
        factor *= lx.scales.get(part, lx.currency_scales.get(part, 1.0))
    return factor


# --------------------------------------------------------------------------
# Parse helpers
# --------------------------------------------------------------------------

def _noun_phrase(tok: Token, exclude: range) -> str:
    """The noun ``tok`` with its left modifiers (not the figure itself)."""
    start = tok.i
    for child in tok.lefts:
        if child.dep_ in NP_MODIFIERS and child.i not in exclude and not child.like_num:
            start = min(start, child.left_edge.i)
    while start < tok.i and (tok.doc[start].i in exclude or tok.doc[start].is_punct
                             or tok.doc[start].pos_ in ("DET", "NUM")):
        start += 1
    return tok.doc[start:tok.i + 1].text


def _with_prep(tok: Token, exclude: range) -> str:
    """A noun phrase plus its first prepositional complement ("decline in GDP")."""
    text = _noun_phrase(tok, exclude)
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in MEASURE_PREPS and child.i == tok.i + 1:
            objs = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in NOUNS]
            if objs:
                return f"{text} {child.text} {_noun_phrase(objs[0], exclude)}"
        break
    return text


def _root(span: Span) -> Token:
    """The token of ``span`` whose head lies outside it (the span's syntactic root)."""
    for tok in span:
        if tok.head.i < span.start or tok.head.i >= span.end or tok.head == tok:
            return tok
    return span[-1]


def _casualty_count(span: Span, noun: Token | None, lx: Any) -> Token | None:
    """The word that makes a number a head count of people who were killed, hurt, held or moved: the number
    (or "others", or "N of its citizens") is what a casualty verb ("killed", "injured", "detained",
    "evacuated") or participle has as subject or object. None otherwise."""
    if noun is not None and _clean_word(noun.text) not in lx.casualty_heads:
        return None
    root = noun if noun is not None else span.root
    words = [root] + [c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"]
    for w in words:
        for pobj in (c for c in w.children if c.dep_ == "pobj"):
            if _clean_word(pobj.text) in lx.people_nouns:
                return pobj                                     # "42 of its nationals were wounded"
    cands = [root.head] if root.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "appos") else []
    if root.dep_ == "prep" and root.i == span.start and len(span) > 1:
        cands.append(root.head)                                 # "injured over 500": the qualifier parsed as "over"
    cands += [c for c in root.children if c.dep_ in ("amod", "acl", "relcl")]   # "25 injured", "18 people killed"
    if root.dep_ == "amod" or root.tag_ in ("VBN", "JJ"):
        cands.append(root)
    if noun is None and span.end < len(span.doc):
        cands.append(span.doc[span.end])                        # "reported 31 injured": the word after it
    for c in cands:
        if c.lemma_.lower() in lx.casualty_verbs or c.lower_ in lx.casualty_verbs:
            return c
    return None


def _counted_noun(span: Span) -> Token | None:
    """The noun a number without unit counts: from the parse, else the next noun."""
    doc = span.doc
    for tok in span:
        head = tok.head
        if (head.i >= span.end and head.i - span.end <= 5 and head.pos_ in NOUNS
                and tok.dep_ in COUNT_LINKS and not head.like_num):
            between = doc[span.end:head.i]
            if all(t.pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT", "ADV", "VERB") and t.dep_ != "punct"
                   or t.text in "-\u2010\u2011" for t in between):
                if head.tag_ not in PLURAL_TAGS:
                    plural = [t for t in between if t.tag_ in PLURAL_TAGS]
                    if plural:                                  # "5 million Uzbeks work": not "work"
                        return plural[0]
                return head
    noun = None
    after = span.end
    if doc[after:after + 2].text.lower() in ("or so", "or more", "or fewer", "or less", "or above"):
        after += 2      # "the 500 or so detained", "20 or more trucks": an approximation, then the noun
    elif after + 2 < len(doc) and doc[after].lower_ == "of" and doc[after + 1].lower_ in (
            "its", "their", "the", "his", "her", "our", "these", "those") and (
            doc[after + 2].tag_ in PLURAL_TAGS or doc[after + 2].pos_ in ("ADJ", "VERB") and after + 3 < len(doc)
            and doc[after + 3].tag_ in PLURAL_TAGS):
        after += 2      # "100 of its troops", "30 of the soldiers": part of a group, counted by its noun
    for tok in doc[after:min(after + 5, len(doc))]:
        if tok.text in "-\u2010\u2011" and noun is None:
            continue
        if tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.tag_ == "NNPS"):
            noun = tok
        elif tok.pos_ in ("ADJ", "PROPN") and noun is None:
            continue
        else:
            break
    return noun


def _measure_of_count(span: Span, noun: Token) -> str:
    doc = span.doc
    start = span.end
    while start < noun.i and (doc[start].is_punct or doc[start].text in "-\u2010\u2011"):
        start += 1
    end = noun.i + 1
    if noun.dep_ == "compound" and noun.tag_ not in PLURAL_TAGS and 0 < noun.head.i - noun.i <= 2 \
            and noun.head.pos_ == "NOUN":
        end = noun.head.i + 1                                   # "10-point plan"
    conj = [c for c in noun.rights if c.dep_ == "conj" and c.pos_ == "NOUN" and c.i - noun.i <= 3]
    if conj and all(t.dep_ in ("cc", "amod", "compound") for t in doc[noun.i + 1:conj[0].i]):
        end = conj[0].i + 1
    return doc[start:end].text


def _measure_of_unit(span: Span, duration: bool) -> tuple[str | None, Token | None]:
    """What a figure with a unit measures, and the noun it hangs on.

    A duration measures only the noun it modifies ("a two-day summit") or its
    "of" complement ("two years of war"); other figures also the noun or the
    subject that governs them ("investment of $5 billion", "traffic fell by 35%").
    """
    root = _root(span)
    exclude = range(span.start, span.end)
    head = root.head
    if head.i >= span.end and head.pos_ in NOUNS and head.i - span.end <= 4:
        return _with_prep(head, exclude), head                  # "a two-day summit"
    for child in root.rights:                                   # "two years of war"
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == span.end:
            objs = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in NOUNS]
            if objs:
                return _noun_phrase(objs[0], exclude), objs[0]
    if duration:
        return None, None
    if head.pos_ == "ADP" and head.i < span.start:
        gov = head.head
        if gov.pos_ in NOUNS:                                   # "investment of $5 billion"
            return _noun_phrase(gov, exclude), gov
        if gov.pos_ in ("VERB", "AUX"):                         # "traffic fell by 35%"
            subj = [c for c in gov.lefts if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].pos_ in NOUNS:
                return _noun_phrase(subj[0], exclude), subj[0]
    if head.pos_ in ("VERB", "AUX") and root.dep_ in ("dobj", "attr", "npadvmod"):
        subj = [c for c in head.lefts if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and subj[0].pos_ in NOUNS:
            return _noun_phrase(subj[0], exclude), subj[0]
    return None, None


# --------------------------------------------------------------------------
# The extractor
# --------------------------------------------------------------------------

@dataclass
class _Candidate:
    q: Quantity
    key: tuple[Any, ...] | None      # duration restatement key


class _Context:
    """Per-document look-ups, computed lazily."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = text_of(doc)
        self.scanned = scan_text(self.text)       # for the words a pattern needs (``_needs``)
        pt = patterns()
        self._pt = pt
        self.breaks = [m.start() for m in pt.para_break.finditer(self.text)]
        self._sents: list[tuple[int, int]] | None = None
        self._sent_starts: list[int] = []
        self._title_case: dict[int, bool] = {}

    def in_no_go(self, start: int, end: int) -> bool:
        """Whether [start, end) lies in a URL, e-mail, phone number or footnote marker."""
        text, pt = self.text, self._pt
        lo = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start), text.rfind("\t", 0, start)) + 1
        hi = pt.chunk_end.search(text, end).start()
        if pt.url_chunk.search(text[lo:hi]):
            return True                                         # https://..., gov.kz/news/2023/5
        if pt.footnote_open.search(text, max(0, start - 15), start) and pt.footnote_close.match(text, end):
            return True                                         # "[12, 13]"
        return any(m.start() < end and m.end() > start
                   for m in pt.phone.finditer(text, max(0, start - 25), min(len(text), end + 25)))

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence around ``pos``, clipped to its paragraph."""
        if self._sents is None:
            if self.doc.has_annotation("SENT_START"):
                self._sents = [(s.start_char, s.end_char) for s in self.doc.sents]
            else:                                   # no parser: paragraphs stand for sentences
                self._sents = [(0, len(self.text))]
            self._sent_starts = [s for s, _ in self._sents]
        i = max(0, bisect.bisect_right(self._sent_starts, pos) - 1)
        s, e = self._sents[i]
        j = bisect.bisect_right(self.breaks, pos)
        if j > 0:
            s = max(s, self.breaks[j - 1] + 1)
        if j < len(self.breaks):
            e = min(e, self.breaks[j])
        while s < e and self.text[s].isspace():
            s += 1
        while e > s and self.text[e - 1].isspace():
            e -= 1
        return s, e

    def title_case(self, sent: tuple[int, int]) -> bool:
        """Whether a sentence is written in title case (a headline)."""
        if sent[0] not in self._title_case:
            words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", self.text[sent[0]:sent[1]]) if len(w) > 3]
            caps = sum(1 for w in words if w[0].isupper())
            self._title_case[sent[0]] = bool(words) and caps / len(words) >= 0.7
        return self._title_case[sent[0]]

    def line_start(self, pos: int) -> bool:
        nl = self.text.rfind("\n", 0, pos)
        return not self.text[nl + 1:pos].strip()


def _is_year(raw: str | None) -> bool:
    return bool(raw) and len(raw) == 4 and raw.isdigit() and 1000 <= int(raw) <= 2100


def _currency_code(symbol: str, lx: Lexicon) -> str | None:
    """The ISO 4217 code of a currency symbol or code written before a number."""
    return lx.currency_prefixes.get(symbol) or lx.currency_codes.get(symbol.strip())


def _currency(m: re.Match[str], lx: Lexicon, sentence: str) -> str | None:
    """The currency of a figure: its prefix ("$", "KZT"), else its name ("tenge", "som")."""
    for group in ("cur1", "cur2"):
        sym = m.group(group)
        if sym:
            return _currency_code(sym, lx)
    unit = m.group("cur3")
    if unit is None:
        return None
    if unit in lx.currency_codes:
        return lx.currency_codes[unit]
    name = _norm(unit)
    if name in lx.currency_names:
        for word, code in lx.currency_context.get(name, {}).items():
            if re.search(rf"\b{re.escape(word)}\b", sentence, re.IGNORECASE):
                return code
        return lx.currency_names[name]
    return None


def _rate_currency(sentence: str, per: str, lx: Lexicon, pt: Patterns) -> str | None:
    """The currency of a bare rate of exchange ("the tenge weakened to 481 per dollar"): the first currency its
    sentence names other than the one it is quoted against (``per``); None when it names no other."""
    against = lx.currency_names.get(_norm(per))
    for m in pt.currency_word.finditer(sentence):
        name = _norm(m.group())
        code = lx.currency_names.get(name)
        for word, ctx_code in lx.currency_context.get(name, {}).items():
            if re.search(rf"\b{re.escape(word)}\b", sentence, re.IGNORECASE):
                code = ctx_code
                break
        if code is not None and code != against:
            return code
    return None


def _bare_amount(text: str, lx: Lexicon) -> bool:
    """Whether a figure's text ends in its number or scale word (it names nothing it counts: "5.2 million")."""
    last = _norm(text.split()[-1]) if text.split() else ""
    return last[:1].isdigit() or last in lx.scales or last in lx.number_words


def _clean_word(text: str) -> str:
    """A token's word without glued footnote markers or punctuation ("troops[12" -> "troops")."""
    m = WORD.match(text)
    return m.group(0).lower() if m else text.lower()


def _mixed_units(m: re.Match[str], unit: str | None, lx: Lexicon) -> bool:
    """Whether the two numbers of a range carry different units."""
    if m.group("pct1") and (unit != "percent" or m.group("n2") and m.group("unit") is None):
        return True                     # "17% to 25,000-26,500 tonnes": the second end has no percent
    cur1, cur2 = m.group("cur1"), m.group("cur2")
    if cur2 and not cur1:
        return True
    return bool(cur1 and cur2 and _currency_code(cur1, lx) != _currency_code(cur2, lx))


def _match_quantities(m: re.Match[str], ctx: _Context, lx: Lexicon, pt: Patterns) -> list[_Candidate]:
    """Turn one figure match into zero, one or two candidates (after the filters)."""
    text = ctx.text
    start, end = m.start(), m.end()
    if ctx.in_no_go(start, end):
        return []                                                # URLs, phones, "[12]"
    n1_raw, n2_raw = m.group("n1"), m.group("n2")
    if m.group("between") and not n2_raw and not m.group("qual"):
        start = m.start("cur1") if m.group("cur1") else m.start("n1")   # "fell from 12%"
    if len(n1_raw) > 1 and n1_raw[0] == "0" and n1_raw[1].isdigit():
        return []                                                # "029": a code
    v1 = _number_value(n1_raw, lx)
    v2 = _number_value(n2_raw, lx) if n2_raw else None
    if v1 is None or (n2_raw and v2 is None):
        return []
    after_n1 = text[m.end("n1"):m.end("n1") + 12]
    if pt.time_of_day.match(after_n1):
        return []                                                # "10:30", "9 am"
    if ctx.line_start(start) and pt.list_item.match(after_n1) and not m.group("qual"):
        return []                                                # "1. As Russia's ..."
    sent = ctx.sentence(start)
    sentence = text[sent[0]:sent[1]]
    prev = pt.prev_word.search(text, max(0, start - 40), start)
    prev_word = _norm(prev.group(1)).rstrip(",;:") if prev else ""
    spelled = not n1_raw[:1].isdigit()
    has_scale = bool(m.group("sc1") or m.group("sc2"))
    if n2_raw and _is_year(n1_raw) and prev_word in DATE_PREPS and not (
            m.group("cur1") or m.group("sc1") or m.group("pct1") or m.group("between")):
        # "grew 6% in 2023 to 1,066 trillion soums": the year is a date, the figure starts after it
        second = pt.figure.match(text, m.start("cur2") if m.group("cur2") else m.start("n2"))
        return _match_quantities(second, ctx, lx, pt) if second is not None else []

    # ---- the unit
    unit: str | None = _currency(m, lx, sentence)
    money = unit is not None
    factor = 1.0
    if unit is None and m.group("unit") is not None:
        raw_unit = m.group("unit")
        unit, factor = lx.unit_forms.get(_norm(raw_unit), (None, 1.0))
    if unit is None and m.group("pct1"):
        unit = "percent"
    if unit is None and not n2_raw and m.group("unit") is None:
        rate = pt.per_currency.match(text, m.end())
        if rate is not None:                                     # "the tenge weakened to 481 per dollar"
            unit = _rate_currency(sentence, rate.group("cur"), lx, pt)
            money = unit is not None
    if n2_raw and _mixed_units(m, unit, lx):
        # "grew 6% to 1,066 trillion soums": two figures that the grammar joined
        first_end = m.end("pct1") if m.group("pct1") else (m.end("sc1") if m.group("sc1") else m.end("n1"))
        first = pt.figure.match(text, start, first_end)
        second = pt.figure.match(text, m.start("cur2") if m.group("cur2") else m.start("n2"))
        return [c for part in (first, second) if part is not None
                for c in _match_quantities(part, ctx, lx, pt)]

    # ---- values ("2,5 out of 9 thousand": the second scale serves both)
    s1 = _scale_value(m.group("sc1"), lx)
    s2 = _scale_value(m.group("sc2"), lx)
    if v2 is not None and not m.group("sc1") and m.group("sc2") and v1 < v2:
        s1 = s2
    value = _tidy(v1 * s1 * factor)
    value_max = _tidy(v2 * s2 * factor) if v2 is not None else None
    if value == 0:
        return []                                                # "zero-sum", "0"
    if not math.isfinite(value) or (value_max is not None and not math.isfinite(value_max)):
        return []                                                # "$999...9 million": beyond a float

    # ---- not figures: years, days of a month, labels, names
    if not money and not has_scale:
        if _is_year(n1_raw) and unit is None:
            return []                                            # "in 2013", "2022 exercise"
        if n2_raw and _is_year(n1_raw) and (_is_year(n2_raw) or len(n2_raw) == 2):
            return []                                            # "2020-2021", "2021-22"
    if unit is None or unit in lx.duration_units:
        if pt.month_before.search(text, max(0, start - 30), start):
            return []                                            # "May 18-19", "June 8"
    if unit is None:
        if pt.ratio_before.search(text, max(0, start - 20), start):
            return []                                            # "one in five": a ratio
        if pt.month_after.match(text, m.end("n2") if n2_raw else m.end("n1")):
            return []                                            # "30 November"
        if prev_word in lx.designators:
            return []                                            # "Article 5", "No. 3"
        if prev is not None and not m.group("qual") and prev.group(1)[:1].isupper() \
                and prev.group(1)[-1:].isalnum() and not spelled and prev.group(1) not in lx.weekdays \
                and not re.search(r"[’']s$", prev.group(1)) \
                and text[sent[0]:prev.start(1)].strip(" \"'“‘(") and not ctx.title_case(sent):
            return []                                            # "Boeing 737", "Vision 2030"
    if spelled and n1_raw[:1].isupper() and not ctx.title_case(sent):
        before = text[max(sent[0], text.rfind("\n", 0, start) + 1):start].rstrip()
        if before and before[-1] not in ".:;!?\"“‘'([—–-":
            return []                                            # "the Shanghai Five"
    doc = ctx.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    num = doc.char_span(m.start("n1"), m.end("n1"), alignment_mode="expand")
    if num is not None and not money and any(t.ent_type_ in NAME_LABELS and t.ent_iob_ == "I" for t in num):
        return []                                                # "Group of Seven", "Rubezh-2022"

    next_m = pt.next_word.match(text, end, min(len(text), end + 40))
    next_word = _norm(next_m.group(1)).rstrip(".") if next_m else ""

    # ---- durations that are points in time or ages
    if unit in lx.duration_units:
        if next_word in lx.time_anchors:
            return []                                            # "eleven years ago"
        if next_word in lx.weak_time_anchors and prev_word not in lx.duration_markers:
            return []                                            # "two years after the war"
        if next_word == "old" or prev_word in lx.age_markers:
            return []                                            # "aged 40", "40-year-old"
        if prev_word in lx.period_openers and pt.period_of.match(text, end):
            return []                                            # "the first ten months of 2022": a period
        if spelled and value == 1 and not m.group("qual") and not (m.group("usep") or "").strip() \
                and prev_word not in lx.duration_markers and prev_word != "in":
            return []                                            # "one day, he ..."

    qualifier = _norm(m.group("qual")) if m.group("qual") else None
    if qualifier == "~":
        qualifier = "about"

    # ---- counts: a number without unit must count a noun
    anchor: Token | None
    measure: str | None
    if unit is None:
        if value == 1 and not has_scale and n2_raw and _norm(m.group("conn") or "").startswith(("of", "out of")):
            second = pt.figure.match(text, m.start("n2"))       # "one of 23 people detained": the 23
            return _match_quantities(second, ctx, lx, pt) if second is not None else []
        if value == 1 and not has_scale:
            return []                                            # "one of", "one country"
        if not has_scale and not value.is_integer():
            return []                                            # "2.1 Background": a section number
        if text[end:end + 1] in ("/", ":"):
            return []                                            # "24/7", "2:1"
        noun = _counted_noun(span)
        victims = _casualty_count(span, noun, lx)
        if victims is not None:
            # "42 of its nationals were wounded", "reported 25 injured", "four others in a raid": people
            unit, anchor, measure = "people", victims, None
            noun = None
        elif noun is None:
            if not has_scale:
                return []                                        # a bare number counts nothing known
            measure, anchor = _measure_of_unit(span, False)     # "a population of 20 million"
            unit = "people" if anchor is not None and _clean_word(anchor.text) in lx.people_measures else "count"
        elif noun is not None:
            word = _clean_word(noun.text)
            if word in lx.not_counted or noun.text.rstrip(".") in lx.month_names:
                return []                                        # "4 Comments", "two-thirds"
            glued = bool(re.match(r"[-\u2010\u2011]\w", text[end:end + 2]))
            if prev_word in lx.anaphoric and value < lx.anaphoric_max and not has_scale \
                    and not m.group("qual") and not glued and prev_word != "top" \
                    and not (value >= 3 and word in lx.group_nouns and prev_word in lx.group_determiners):
                return []                              # "the two countries" (not "the five states", "the top ten")
            end = max(end, noun.idx + len(word))
            measure = _measure_of_count(span, noun)
            approx = re.match(r"or (?:so|more|fewer|less|above)\b\s*", measure)
            if approx:
                measure = measure[approx.end():]
                qualifier = qualifier or _norm(approx.group())     # "500 or so", "300 or more"
            measure = re.sub(r"^of (?:its|their|the|his|her|our|these|those)\s+", "", measure)   # "100 of its troops"
            low = _norm(measure)
            if word in lx.troop_nouns or any(low.endswith(w) for w in lx.troop_nouns):
                unit = "troops"
            elif word in lx.people_nouns or any(low.endswith(w) for w in lx.people_nouns) \
                    or (noun.ent_type_ in PEOPLE_LABELS and noun.tag_ in PLURAL_TAGS) \
                    or low.startswith("strong "):     # "5 million Uzbeks", "a 40-strong business delegation"
                unit = "people"
            else:
                unit = "count"
            anchor = noun
    else:
        measure, anchor = _measure_of_unit(span, unit in lx.duration_units)

    if measure is not None:
        measure = FOOTNOTE.sub("", measure).strip() or None
    head = _clean_word(anchor.text) if anchor is not None else None
    what = "event" if head in lx.event_nouns else head

    def make(s: int, e: int, v: float, vmax: float | None, qual: str | None) -> _Candidate:
        assert unit is not None
        key = (unit, v, vmax, what) if unit in lx.duration_units else None
        ss, se = sent if e <= sent[1] else (sent[0], ctx.sentence(e - 1)[1])   # a split after "approx."
        return _Candidate(Quantity(s, e, text[s:e], v, vmax, unit, qual, measure, ss, se), key)

    conn = _norm(m.group("conn") or "")
    # "by 2.3 percentage points to 8.7%": a change in points and the level it reached ("cut by 10 to 15 percent"
    # is a range)
    points = "point" in (m.group("pct1") or "") and m.group("n2") is not None and \
        "point" not in text[m.end("n2"):end]
    # points, then a level in percent: two figures whatever stands before them ("fell 0.3 percentage points to 4.7%")
    change = points and conn == "to" or (_norm(m.group("between") or "") == "from" and conn not in DASHES
                                         or prev_word == "by" and points) and _after_change(ctx, start, sent[0], lx)
    if value_max is not None and (conn.startswith(("of", "out of")) or value_max < value or change):
        # "2,5 out of 9 thousand": two amounts; "rose from 5% to 7%": a change, not a range
        first_end = m.end("pct1") if m.group("pct1") else (m.end("sc1") if m.group("sc1") else m.end("n1"))
        second_start = m.start("cur2") if m.group("cur2") else m.start("n2")
        first_start = start if m.group("qual") else (m.start("cur1") if m.group("cur1") else m.start("n1"))
        return [make(first_start, first_end, value, None, qualifier),
                make(second_start, end, value_max, None, None)]
    return [make(start, end, value, value_max, qualifier)]


def _multiplied(doc: Doc, start: int, end: int, headline: bool = False) -> str | None:
    """What a multiplier word multiplies: the object of "doubled its supplies", the subject of "the rate has
    doubled", the noun of "a threefold increase in trade" (its "in"/"of" phrase with it); in a headline, whose
    capitals the parse misreads, the words after it up to a preposition ("Rosneft Triples Oil Exports to ...")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    if headline:
        words = []
        for t in doc[span.end:span.end + 5]:
            if t.pos_ in ("ADP", "PUNCT", "CCONJ", "SCONJ", "VERB", "AUX") or t.is_space:
                break
            words.append(t.text)
        return " ".join(words).lower() or None    # a headline's capitals are no names
    if tok.pos_ in ("VERB", "AUX"):
        for dep in ("dobj", "nsubjpass", "nsubj"):
            noun = next((c for c in tok.children if c.dep_ == dep and c.pos_ in ("NOUN", "PROPN")), None)
            if noun is not None:
                words = [t for t in noun.subtree if t.dep_ not in ("det", "poss", "punct") and t.tag_ != "POS"]
                return doc[words[0].i:words[-1].i + 1].text if words else None
        return None
    head = tok.head if tok.dep_ in ("amod", "compound", "nummod") else None
    if head is None or head.pos_ != "NOUN":
        return None
    words = [head] + [t for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "of") for t in c.subtree]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _after_change(ctx: _Context, start: int, sent_start: int, lx: Lexicon) -> bool:
    """Whether a verb of change stands among the six words before ``start`` in its sentence ("rose from 5% to
    7%", "the som weakened 1.8 percent, from 87.2 to 88.8", "fell by 2.3 points to 8.7%"): then "from X to Y"
    or "by X to Y" states two figures, not a range."""
    span = ctx.doc.char_span(max(sent_start, start - 80), start, alignment_mode="contract")
    if span is None:
        return False
    words = [t for t in span if t.is_alpha][-6:]
    return any(t.pos_ in ("VERB", "AUX") and lx.change_verb.match(_norm(t.text)) for t in words)


@lru_cache(maxsize=1)
def _word_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, float], frozenset[str]]:
    """Figures written without digits: a fraction of a whole ("more than a quarter of the population": 25
    percent) and one unit of time ("a day-long visit": 1 day); ``data/units.yaml``."""
    raw = load_data("units.yaml")
    fractions = {_norm(k): float(v) for k, v in raw["fraction_words"].items()}
    fraction = re.compile(
        rf"(?<![\w\-\u2010\u2011])(?:(?P<qual>{_alt(list(lexicon().qualifiers))})\s+)?(?P<frac>{_alt(list(fractions))})"
        r"\s+of\s+(?P<what>(?:(?:the|its|their|his|her|our|this|that|these|those|all)\s+|[\w\-]+['’]s?\s+)?[\w'’\-]+)",
        re.IGNORECASE)
    long = re.compile(rf"(?<![\w\-\u2010\u2011])(?:an?|one)\s+(?P<unit>{_alt(raw['long_durations'], word=False)})"
                      r"[\-\u2010\u2011]long\b", re.IGNORECASE)
    by = re.compile(rf"\bby\s+(?:(?P<qual>{_alt(list(lexicon().qualifiers))})\s+)?(?P<frac>{_alt(list(fractions))})"
                    r"(?!\s+(?:of|a|an)\b)", re.IGNORECASE)     # not "by half a metre"
    return fraction, long, by, fractions, frozenset(_norm(w) for w in raw["fraction_not_of"])


@lru_cache(maxsize=1)
def _share_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, float]]:
    """Figures in words that stand without "of": a fraction written with a number word ("with two-thirds going
    to", "a two-thirds majority"; "a third" and "half" alone are other words: "a third country", "half an hour"),
    "one in five" (a share: 20 percent), and the multipliers of ``multiplier_bases`` in the contexts that make
    them multipliers ("more than double the 2022 level", "twice as many", "a double increase"; not the verb of
    a plan, "agreed to double trade", which states a goal, not a figure)."""
    raw = load_data("units.yaml")
    quals = _alt(list(lexicon().qualifiers))
    named = [f for f in raw["fraction_words"] if not re.match(r"(?:an?\s|half$)", str(f))]
    alone = re.compile(rf"(?<![\w\-\u2010\u2011])(?:(?P<qual>{quals})\s+)?(?P<frac>{_alt(named)})"
                       r"(?![\-\u2010\u2011])(?!\s+of\b)", re.IGNORECASE)
    numbers = _alt([w for w, v in lexicon().number_words.items() if 2 <= v <= 100])
    one_in = re.compile(rf"(?<![\w\-\u2010\u2011])(?:(?P<qual>{quals})\s+)?(?:one|1)\s+in\s+"
                        rf"(?P<n>{numbers}|\d{{1,3}}(?![\d.,]))(?!\s*(?:%|percent|per\b|{_alt(list(lexicon().scales))}))",
                        re.IGNORECASE)
    bases = {_norm(k): float(v) for k, v in raw["multiplier_bases"].items()}
    base = _alt(list(bases))
    multiple = re.compile(
        rf"(?<![\w\-\u2010\u2011])(?:(?:(?P<qual>{quals})\s+)?(?P<w1>{base})(?=\s+(?:the|its|their|his|her|our|"
        r"that|this|those|last|what)\b|\s+[A-Z][\w\-]*['’]s?\s)|(?P<w4>twice|thrice)(?=\s+as\b)"
        rf"|(?P<w3>{base})(?=\s+(?:increase|rise|growth)\b))", re.IGNORECASE)
    return alone, one_in, multiple, bases


@lru_cache(maxsize=1)
def _needs() -> dict[str, tuple[str, ...]]:
    """Words one of which each match of a pattern of figures in words holds, lower-cased (``lexicon.holds_any``):
    a text holding none is not scanned for that pattern (most texts state no fraction, no "twice", no "-long")."""
    raw = load_data("units.yaml")
    fractions = fewest(str(f).split()[-1].lower() for f in raw["fraction_words"])   # "a third": "third"
    return {"fraction": fractions, "long": ("long",),
            "multiple": fewest([*(_norm(w) for w in raw["multiplier_bases"]), "twice", "thrice"]),
            "multiplier": fewest(_norm(w) for w in lexicon().multipliers)}


def _finditer(pattern: re.Pattern[str], ctx: _Context, needs: str) -> Iterator[re.Match[str]]:
    """``pattern``'s matches in the text, not looked for where the text lacks what it needs (``_needs``)."""
    return pattern.finditer(ctx.text) if holds_any(ctx.scanned, _needs()[needs]) else iter(())


@lru_cache(maxsize=1)
def _multiplier_pattern() -> re.Pattern[str]:
    """A multiplier written as a word ("doubled its supplies", "a threefold increase")."""
    lx = lexicon()
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(lx.multipliers, key=len, reverse=True))
                      + r")\b", re.IGNORECASE)


def _share_figures(ctx: _Context, lx: Lexicon, taken: set[int]) -> list[_Candidate]:
    """The figures of ``_share_patterns`` not already read at the same place (``taken``: start offsets)."""
    alone, one_in, multiple, bases = _share_patterns()
    fractions = _word_patterns()[3]
    text, out = ctx.text, []

    def add(m: re.Match[str], value: float, unit: str, measure: str | None) -> None:
        start = m.start()
        if start in taken or m.end() in taken or ctx.in_no_go(m.start(), m.end()):
            return
        ss, se = ctx.sentence(start)
        qual = _norm(m.group("qual")) if m.group("qual") else None
        out.append(_Candidate(Quantity(start, m.end(), text[start:m.end()], value, None, unit, qual, measure,
                                       ss, se), None))

    for m in _finditer(alone, ctx, "fraction"):
        after = text[m.end():m.end() + 12].lower().split()
        if after and after[0].strip(".,;") in _word_patterns()[4]:
            continue                                            # "two-thirds of a year" is time
        add(m, fractions[_norm(m.group("frac"))], "percent", None)
    for m in one_in.finditer(text):
        n = m.group("n")
        value = _number_value(n, lx)
        if value is not None and value >= 2:
            add(m, _tidy(100.0 / value), "percent", None)       # "one in five Kazakhs": 20 percent
    for m in _finditer(multiple, ctx, "multiple"):
        group = next(g for g in ("w1", "w3", "w4") if m.group(g))
        word = m.group(group)
        ss, se = ctx.sentence(m.start())
        start = m.start("qual") if m.group("qual") else m.start(group)
        if start in taken or ctx.in_no_go(m.start(), m.end()):
            continue
        out.append(_Candidate(Quantity(start, m.end(), text[start:m.end()], bases[_norm(word)], None, "times",
                                       _norm(m.group("qual")) if m.group("qual") else None,
                                       _multiplied(ctx.doc, m.end() - len(word), m.end()), ss, se), None))
    return out


@lru_cache(maxsize=1)
def _one_unit_durations() -> dict[str, tuple[str, float]]:
    raw = load_data("units.yaml")
    return {_norm(k): (str(v[0]), float(v[1])) for k, v in raw["one_unit_durations"].items()}


@lru_cache(maxsize=1)
def _one_unit_pattern() -> re.Pattern[str]:
    """One unit of time after a qualifier or a word of duration ("for more than a decade", "within a year")."""
    raw = load_data("units.yaml")
    return re.compile(
        rf"(?<![\w\-\u2010\u2011])(?:(?P<mark>{_alt(raw['one_unit_markers'])})\s+)?"
        rf"(?:(?P<qual>{_alt(list(lexicon().qualifiers))})\s+)?(?<=\s)(?P<a>an?|one)\s+"
        rf"(?P<unit>{_alt(list(_one_unit_durations()))})(?![\w\-\u2010\u2011])", re.IGNORECASE)


def _word_figures(ctx: _Context, lx: Lexicon) -> list[_Candidate]:
    """Shares written as fractions and durations written as "a day-long" (see ``_word_patterns``)."""
    fraction, long, by, fractions, not_of = _word_patterns()
    pt_next = patterns().next_word
    text = ctx.text
    out = []
    for m in _finditer(fraction, ctx, "fraction"):
        what = _norm(m.group("what").split()[-1])
        before = text[max(0, m.start() - 12):m.start()].lower().split()
        if what in not_of or what[:1].isdigit() or (before and before[-1] in (
                "first", "second", "third", "last", "latter", "former", "the", "other", "next", "past")):
            continue    # "the first half of 2024", "half of the year": time, not a share
        if ctx.in_no_go(m.start(), m.end()):
            continue
        start = m.start("qual") if m.group("qual") else m.start("frac")
        ss, se = ctx.sentence(start)
        qual = _norm(m.group("qual")) if m.group("qual") else None
        what_span = ctx.doc.char_span(m.start("what"), m.end("what"), alignment_mode="expand")
        measure = m.group("what")
        if what_span is not None:
            head = what_span.root
            while head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN") and head.head.i - head.i <= 3:
                head = head.head    # "the Afghan population", not "the Afghan"
            measure = text[m.start("what"):head.idx + len(head)]
        out.append(_Candidate(Quantity(start, m.end("frac"), text[start:m.end("frac")],
                                       fractions[_norm(m.group("frac"))], None, "percent", qual,
                                       measure, ss, se), None))
    for m in _finditer(by, ctx, "fraction"):
        # "remittances fell by nearly half": a change by a share of the whole
        ss, se = ctx.sentence(m.start())
        if ctx.in_no_go(m.start(), m.end()) or not _after_change(ctx, m.start(), ss, lx):
            continue
        start = m.start("qual") if m.group("qual") else m.start("frac")
        qual = _norm(m.group("qual")) if m.group("qual") else None
        out.append(_Candidate(Quantity(start, m.end("frac"), text[start:m.end("frac")],
                                       fractions[_norm(m.group("frac"))], None, "percent", qual, None, ss, se), None))
    for m in _one_unit_pattern().finditer(text):
        # "for more than a decade", "within a year": one unit of time, a duration
        nxt = pt_next.match(text, m.end(), min(len(text), m.end() + 40))
        word = _norm(nxt.group(1)).rstrip(".") if nxt else ""
        if not (m.group("mark") or m.group("qual")) or word in lx.time_anchors or word == "old" \
                or (word in lx.weak_time_anchors and not m.group("mark")) \
                or re.match(r"[\-\u2010\u2011’']", text[m.end():m.end() + 1]) or ctx.in_no_go(m.start(), m.end()):
            continue                                            # "about a year ago", "a year-long", "a year's"
        unit, count = _one_unit_durations()[_norm(m.group("unit"))]
        start = m.start("qual") if m.group("qual") else m.start("a")
        ss, se = ctx.sentence(start)
        qual = _norm(m.group("qual")) if m.group("qual") else None
        out.append(_Candidate(Quantity(start, m.end(), text[start:m.end()], count, None, unit, qual, None, ss, se),
                              None))
    for m in _finditer(long, ctx, "long"):
        ss, se = ctx.sentence(m.start())
        unit = _norm(m.group("unit"))
        out.append(_Candidate(Quantity(m.start(), m.end(), m.group(), 1.0, None, unit, None, None, ss, se),
                              (unit, 1.0, None, None)))
    return out


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every figure stated in ``doc`` (see the module docstring), in text order."""
    lx, pt = lexicon(), patterns()
    ctx = _Context(doc)
    found: list[_Candidate] = []
    for m in pt.figure.finditer(ctx.text):
        found.extend(_match_quantities(m, ctx, lx, pt))

    # a multiplier written as a word ("doubled its supplies", "a threefold increase")
    for m in _finditer(_multiplier_pattern(), ctx, "multiplier"):
        if not ctx.in_no_go(m.start(), m.end()):
            ss, se = ctx.sentence(m.start())
            found.append(_Candidate(Quantity(m.start(), m.end(), m.group(), lx.multipliers[_norm(m.group())], None,
                                             "times", None, _multiplied(ctx.doc, m.start(), m.end(),
                                                                        ctx.title_case((ss, se))), ss, se), None))
    found += _word_figures(ctx, lx)
    found += _share_figures(ctx, lx, {c.q.start for c in found} | {c.q.end for c in found})
    found.sort(key=lambda c: c.q.start)

    # a duration restated (same value, same event) is kept once
    seen: set[tuple[Any, ...]] = set()
    kept: list[Quantity] = []
    for cand in found:
        if cand.key is not None:
            if cand.key in seen:
                continue
            seen.add(cand.key)
        kept.append(cand.q)

    # a group of parties counted again ("the five Central Asian states" ... "the five countries") is one figure
    groups: set[float] = set()
    for q in list(kept):
        if q.unit == "count" and q.value_max is None and q.measure \
                and _clean_word(q.measure.split()[-1]) in lx.group_nouns:
            if q.value in groups:
                kept.remove(q)
            groups.add(q.value)

    # "killing 12 people ..., and six others": "others" counts more of what the sentence counted before; "7.4
    # million visitors, up from 5.2 million": a bare amount compared with an earlier figure of its sentence is in
    # that figure's unit
    for i, q in enumerate(kept):
        if q.unit == "count" and q.value_max is None and _bare_amount(q.text, lx) \
                and COMPARED.search(ctx.text, max(q.sent_start, q.start - 20), q.start):
            before = [p for p in kept[:i] if p.sent_start == q.sent_start
                      and p.unit not in ("percent", "times", "count") and p.unit not in lx.duration_units]
            if before:
                q.unit, q.measure = before[-1].unit, before[-1].measure
                continue
        if q.unit == "count" and (q.measure or "").lower() in ("others", "more"):
            before = [p for p in kept[:i] if p.sent_start == q.sent_start and p.unit in ("people", "troops")]
            if before:
                q.unit, q.measure = before[-1].unit, before[-1].measure

    # the same amount in another unit, in brackets or after ", or"
    for i in range(len(kept) - 1):
        a, b = kept[i], kept[i + 1]
        if a.paired_with is not None or a.unit == b.unit or a.value_max is not None:
            continue
        dim_a, dim_b = lx.dimension.get(a.unit), lx.dimension.get(b.unit)
        if dim_a is None or dim_a != dim_b:
            continue
        if pt.bracket_pair.match(ctx.text[a.end:b.start]):
            a.paired_with, b.paired_with = i + 1, i
    return kept
