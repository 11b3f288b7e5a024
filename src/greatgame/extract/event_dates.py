"""Which of a sentence's dates places an act in time (``event_frames.act_date`` takes the nearest one that does).

News English names many times in one sentence, and not every one is the time of the act it reports:

* A date inside a clause that describes another noun is that noun's time, not the act's: "thanked X for the
  summit that took place yesterday" (the summit was yesterday, the thanks today), "in Bishkek, where Putin opened
  a base in 2003, the Russian leader praised ...", "signed a deal on Tuesday, up from the two deals agreed in 2019".
  A relative clause (``relcl``), a participle or infinitive modifying a noun (``acl``, or a past participle right
  after a noun that the parser hangs on the verb: "up on the contracts agreed in 2021") that is not the act's own
  trigger keeps its dates; one that modifies the trigger noun ("the talks, which were held on Monday") dates it,
  and so does one on a noun of a trigger noun's own phrase, since a relative clause after "the exercise with the
  forces of A and B which began on May 3" may attach to either noun (English leaves it open; the parser picks one).
* A date that is a verb's object or passive subject names a period as a thing, not the act's time: "praised the
  decision to designate 2026 as the Year of Water", "2027 was declared the Year of Tourism".
* A period of several years ("the action plan for 2024-2028") is the time something runs over, not a day an act
  happened on: it gives no date, and the next date of the sentence (or the day of the report) is taken.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

NOUN_CLAUSES = ("relcl", "acl")          # clauses that modify a noun
NAMED_PERIODS = ("dobj", "nsubjpass")    # a date in these roles is a thing named ("designate 2026 as ...")


def times_the_act(date: Any, tok: Token, sent: Span) -> bool:
    """Whether ``date`` (a ``DateRef`` with offsets in ``sent``'s document) can place the act of ``tok`` in time:
    not when it lies in a clause describing another noun, nor when it is a verb's object or passive subject."""
    span = sent.doc.char_span(date.start, date.end, alignment_mode="expand")
    if span is None or span.start <= tok.i < span.end:
        return True
    root = span.root
    if root.dep_ in NAMED_PERIODS:
        return False
    line = {tok.i, *(a.i for a in tok.ancestors)}     # the trigger and what it depends on
    for a in (root, *root.ancestors):
        if a.i in line:
            break
        if (a.dep_ in NOUN_CLAUSES or passive_participle(a)) and a.head.i != tok.i and not (
                tok.pos_ in ("NOUN", "PROPN") and tok.left_edge.i <= a.head.i <= tok.right_edge.i):
            return False
    return True


def passive_participle(tok: Token) -> bool:
    """A past participle right after a noun, with no subject or auxiliary, that the parser hangs on the verb
    ("up on the contracts agreed in 2021"): a reduced relative clause on that noun. A fronted one ("Asked about it on
    Monday, Peskov said ...") shares the time of its clause and is not one."""
    return tok.dep_ == "advcl" and tok.tag_ == "VBN" and tok.i > 0 and tok.doc[tok.i - 1].pos_ in ("NOUN", "PROPN") \
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in tok.children)


def period_value(value: str, value_end: str) -> tuple[str | None, str | None]:
    """A period's date: as precise as its two ends agree, compared part by part (year, month, day):
    "January-September 2022" and "the summer of 2022" are 2022; ends in different years give none."""
    a, b = value.split("-"), value_end.split("-")
    common = "-".join(a[:next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))])
    precision = {4: "year", 7: "month", 10: "day"}.get(len(common))
    return (common, precision) if precision else (None, None)
