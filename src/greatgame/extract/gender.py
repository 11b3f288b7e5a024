"""Which people of a document a "he" or a "she" can refer to: a person's grammatical gender, where the text or
the name says it, and the nearest compatible person before a pronoun.

The gender of a person is read only from what English and the region's naming conventions make explicit (the
word lists are data, ``gender`` in ``data/quotes.yaml``):

* an honorific before the name ("Ms", "Mrs", "Mr", "Sir", "Madam");
* a gendered noun beside the name, before it or in apposition ("spokeswoman X", "X, the bank's chairwoman",
  "X, a businessman");
* a possessive pronoun in the clause whose subject the person is, with no other person in it ("X said her
  ministry ...");
* the endings of Russian-style surnames and patronymics, used across Central Asia ("-ova"/"-eva",
  "-ovna" are a woman's; "-ov"/"-ev", "-ovich" a man's; "kyzy"/"qizi" daughter of, "uulu"/"uly"/"ugli"
  son of);
* an object pronoun of a verb whose subject is another person ("X met Y. Y briefed her ..."): it is not the
  subject (that would be "herself"), so it is the person named last before the subject.

A person with no such cue, or with cues that disagree, has no gender and is compatible with either pronoun.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .lexicon import load_data
from .model import Mention

FEMININE = {"she", "her", "hers", "herself"}
MASCULINE = {"he", "him", "his", "himself"}


@lru_cache(maxsize=1)
def _cues() -> dict:
    data = load_data("quotes.yaml")["gender"]
    out = {}
    for g in ("f", "m"):
        cues = data[g]
        out[g] = {"honorifics": {w.lower().rstrip(".") for w in cues["honorifics"]},
                  "nouns": {w.lower() for w in cues["nouns"]},
                  "name_words": {w.lower() for w in cues["name_words"]},
                  "endings": re.compile("(?:{})$".format("|".join(re.escape(e) for e in cues["endings"])))}
    return out


def pronoun_gender(word: str) -> str | None:
    """"f" for she/her, "m" for he/him/his, None for any other word."""
    w = word.lower()
    return "f" if w in FEMININE else "m" if w in MASCULINE else None


def name_gender(name: str) -> str | None:
    """The gender a person's name shows by the region's surname and patronymic endings ("Aigerim Bekova":
    "f", "Timur Suleimenov": "m"), or None."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", name)]
    if len(words) < 2:
        return None
    found = set()
    for g, cues in _cues().items():
        if any(w in cues["name_words"] for w in words[1:]) or any(
                len(w) >= 5 and cues["endings"].search(w) for w in words[1:]):
            found.add(g)
    return found.pop() if len(found) == 1 else None


def genders(doc: Doc, mentions: list[Mention]) -> dict[str, str]:
    """The gender of each person of ``mentions`` (entity id -> "f"/"m") that the text or the name shows."""
    cues = _cues()
    votes: dict[str, set[str]] = {}
    for m in mentions:
        if m.label != "PERSON" or not m.entity or not m.entity.startswith("person:") or m.method == "leader":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        found = votes.setdefault(m.entity, set())
        g = name_gender(m.entity.split(":", 1)[1])
        if g:
            found.add(g)
        # an honorific or a noun just before the name, or inside the span the NER gave ("Ms Lin Hua")
        words = {t.lower_.rstrip(".") for t in doc[max(0, span.start - 2):span.start + 1]}
        root = span.root
        words |= {c.lower_ for c in root.children if c.dep_ in ("appos", "compound") and c.i not in range(
            span.start, span.end)}
        if root.dep_ == "appos":
            words.add(root.head.lower_)
        for g, c in cues.items():
            if words & (c["honorifics"] | c["nouns"]):
                found.add(g)
        if root.dep_ == "nsubj":
            clause = list(root.head.subtree)
            others = [t for t in clause if t.ent_type_ == "PERSON" and not span.start <= t.i < span.end]
            owned = {t.lower_ for t in clause if t.dep_ == "poss" and t.i > span.end}
            if not others:
                found |= {g for g in ("f", "m") if owned & ({"her"} if g == "f" else {"his"})}
    people = sorted((m for m in mentions if m.label == "PERSON" and m.entity and m.entity.startswith("person:")
                     and m.method != "leader"), key=lambda m: m.start)
    for m in people:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.root.dep_ != "nsubj":
            continue
        # "X briefed her", "X thanked him for ...": an object pronoun of the verb X is the subject of is someone
        # else (it would be "herself"), the person of that gender named last before X
        verb = span.root.head
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")] + [
            o for c in verb.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
        said = {pronoun_gender(o.lower_) for o in objects if o.lower_ in ("her", "him") and o.tag_ == "PRP"}
        before = next((p for p in reversed(people) if p.start < m.start and p.entity != m.entity), None)
        if len(said) == 1 and None not in said and before is not None:
            votes.setdefault(before.entity, set()).add(said.pop())
    return {e: g.pop() for e, g in votes.items() if len(g) == 1}


class People:
    """The people a document's clauses had as subject or as speaker, the latest first, with their genders:
    whom a "he" or "she" refers to."""

    def __init__(self, gender: dict[str, str]):
        self.gender = gender
        self.order: list[Mention] = []
        self.speaker: Mention | None = None     # the last person a statement was attributed to

    def spoke(self, m: Mention) -> None:
        self.saw(m)
        self.speaker = m

    def saw(self, m: Mention) -> None:
        self.order = [m] + [p for p in self.order if p.entity != m.entity]

    def compatible(self, m: Mention, pronoun: str) -> bool:
        g = pronoun_gender(pronoun)
        return g is None or self.gender.get(m.entity, g) == g

    def resolve(self, pronoun: str, last: Mention | None, named: list[Mention] = (),
                clause_first: bool | None = False) -> Mention | None:
        """The person ``pronoun`` refers to: ``last`` (the last subject, as before) when compatible, else the
        nearest compatible person who was a subject or a speaker, else the nearest compatible person named.

        ``clause_first``: the pronoun attributes words said before it ("“...,” he said", "A, he added"): a source
        goes on speaking across the narrative between, so the last person who spoke, when compatible, wins over
        a later subject who said nothing in another paragraph ("..., said analyst X. ¶ Y visited Astana. ¶ B, he
        said": X; but "Y arrived in Astana. “B,” he said.": Y). The caller tells whether the last subject stands
        in the pronoun's paragraph (then None: no preference)."""
        if clause_first and self.speaker is not None and last is not None and self.compatible(self.speaker, pronoun):
            return self.speaker
        if pronoun_gender(pronoun) == "f" and last is not None and last.entity not in self.gender:
            # "she" after a subject of unknown gender: the nearest person the text shows to be a woman, if any (the
            # public figures of political news are mostly men, so a person with no cue is more likely a man)
            woman = next((m for m in list(self.order) + list(named) if self.gender.get(m.entity) == "f"), None)
            if woman is not None:
                return woman
        if last is None or self.compatible(last, pronoun):
            return last
        for m in list(self.order) + list(named):
            if self.compatible(m, pronoun):
                return m
        return None
