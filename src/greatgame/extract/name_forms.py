"""What a capitalised name is not: a person's name checked against the forms of other names.

The statistical NER labels many capitalised phrases PERSON. General English tells some of them apart:

* **a headline**: a line that capitalises every word ("Prime Minister Inspects Construction of Tunnels")
  gives capitals no meaning; a name that only a headline seems to hold is no evidence of a person;
* **a place or a work built**: a name ending in a facility's head ("Luban Workshop", "Aktau Seaport");
* **a company**: a name written with a legal form ("Kyzylkum LLP", "JSC Kazakhtelecom"), or a one-word name
  closed by an industry's word ("KazTransOil", "KazMunayGas", "Transneft", "Kazatomprom").

The words are data (``data/organisations.yaml``: ``facility_heads``, ``legal_forms``, ``company_tails``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span

from .lexicon import load_data

# words a headline leaves in lower case
MINOR_WORDS = frozenset({"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by",
                         "with", "as", "from", "into", "over", "vs", "via", "per", "amid", "after", "its"})


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str], tuple[str, ...], tuple[str, ...]]:
    data = load_data("organisations.yaml")
    return (frozenset(data["facility_heads"]), frozenset(data["legal_forms"]), tuple(data["company_tails"]),
            tuple(data["company_tails_lower"]))


def headline(span: Span) -> bool:
    """Whether ``span``'s sentence is written as a headline: three or more words besides minor ones, all
    capitalised, and no full stop at its end."""
    sent = span.sent
    words = [t for t in sent if t.is_alpha and t.lower_ not in MINOR_WORDS]
    if len(words) < 3 or sent[-1].text in (".", "?", "!") and sent[-1].i != span.end:
        return False
    return all(t.text[:1].isupper() for t in words)


def facility(tokens: list[str]) -> bool:
    """Whether a name ends in a facility's head ("Kuryk Seaports", "Luban Workshop")."""
    heads = _words()[0]
    last = tokens[-1] if tokens else ""
    return last in heads or last.endswith("s") and last[:-1] in heads


def company_word(word: str) -> bool:
    """An industry's word ("Oil"), or a one-word company name: an industry's word capitalised inside it
    ("KazTransOil") or, in lower case, one that no surname ends in ("Transneft", "Kazatomprom")."""
    _, _, tails, lower = _words()
    for tail in tails:
        if word == tail or len(word) > len(tail) + 1 and word.endswith(tail) and word[-len(tail) - 1].islower():
            return True
    return len(word) >= 6 and word[0].isupper() and any(word.endswith(t) and len(word) > len(t) + 2 for t in lower)


def legal_form_beside(span: Span) -> bool:
    """Whether a company's legal form is written just before or after ``span`` ("JSC X", "X LLP")."""
    forms = _words()[1]
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    return re.sub(r"\.$", "", before) in forms or re.sub(r"\.$", "", after) in forms or any(
        t.text.rstrip(".") in forms for t in span)


def not_a_person(span: Span, tokens: list[str]) -> bool:
    """Whether the name's form says it is a facility's or a company's, not a person's."""
    return facility(tokens) or any(company_word(t) for t in tokens) or legal_form_beside(span)
