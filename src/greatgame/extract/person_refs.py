"""People a text names by their role: "the Kazakh president", "the Turkish official", "the head of the Russian
Foreign Ministry".

A definite role phrase refers back to the nearest person named before it in the document who fits it
(general English anaphora: "Turkish Minister of Energy X ... The Turkish official added"): a person of the
phrase's state (the ontology's country, or the state stated beside the name) whose office on the document's
date, or whose role stated in the text, is the one the phrase names. Only when nobody named fits does an
office phrase ("the Kazakh president") name the office-holder of the day from the ontology; a phrase for
which the ontology keeps no office ("the Turkish official") then names nobody.
"""
from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

from .doc_text import text_of
from .doc_tokens import ents_of, span_at, tokens_of
from .model import Mention, RoleStatement

# The linker and its context (``extract.entities``) are passed in: this module is imported by it.
Linker = Any
LinkContext = Any

# Role nouns that, after a state's adjective and with "the" before ("the Turkish official"), refer back to a
# person named before; each with the words a fitting person's stated role holds ("" = anyone of the state).
BACK_ROLES = {"official": "", "diplomat": "", "envoy": "envoy|ambassador|representative",
              "ambassador": "ambassador", "minister": "minister", "spokesman": "spokes", "spokeswoman": "spokes",
              "spokesperson": "spokes", "general": "general|commander", "commander": "commander|general"}
# Office words and what a stated role must hold to fit them ("the Kazakh leader": any office of the day).
OFFICE_WORDS = {"president": "president", "leader": "president|leader|chairman|head of state|prime minister",
                "head of state": "president|head of state", "prime minister": "prime minister|premier",
                "premier": "prime minister|premier", "foreign minister": "foreign|minister of foreign affairs",
                "minister of foreign affairs": "foreign|minister of foreign affairs",
                "secretary of state": "secretary of state|foreign", "top diplomat": "foreign|secretary of state"}
# "the head of the <body>": the office the head of a state body holds (ontology roles).
BODY_HEADS = {"head", "chief", "leader"}
BODY_OFFICES = (("Ministry of Foreign Affairs", "foreign_minister"), ("Government", "head_of_government"))


def record_people(doc: Doc, mentions: list[Mention], roles: list[RoleStatement], ctx: LinkContext,
                  state_of) -> None:
    """Remember, in document order, the people this part names and the states and roles stated for them."""
    for r in roles:
        if r.org and state_of(r.org):
            ctx.person_states.setdefault(r.person, state_of(r.org))
        ctx.person_roles.setdefault(r.person, []).append(r.role.lower())
    for m in sorted(mentions, key=lambda m: m.start):
        if m.label == "PERSON" and m.entity and m.entity.startswith("person:") and m.method != "leader":
            ctx.person_seq.append((ctx.calls, m.start, m.entity))


class RoleResolver:
    """Role phrases to people, for one ``Linker``."""

    def __init__(self, linker: Linker):
        self.linker = linker
        self.onto = linker.onto
        # the offices' words by how many words they have, the most first (the longest that fits is read)
        by_length: dict[int, dict[str, str]] = {}
        for words, role in linker.offices.items():
            by_length.setdefault(len(words.split()), {})[words] = role
        self.office_lengths = sorted(by_length.items(), key=lambda kv: -kv[0])

    def _office_at(self, doc: Doc, start: int | None = None, end: int | None = None) -> tuple[str, str, int] | None:
        """The office (words, role, number of words) whose words are written from token ``start`` on, or up to
        token ``end``: the one of the most words."""
        toks, text = tokens_of(doc), text_of(doc)
        for n, offices in self.office_lengths:
            first, last = (start, min(start + n, len(toks))) if start is not None else (end - n, end)
            if first < 0:
                continue
            # the words' text: ``doc[first:last].text``, read from the part's text
            words = text[toks[first].idx:toks[last - 1].idx + len(toks[last - 1])].lower() if first < last else ""
            if words in offices:
                return words, offices[words], n
        return None

    # -------------------------------------------------------------- who fits
    def _days(self, ctx: LinkContext) -> list:
        return [ctx.day] if ctx.day is not None else list(ctx.bounds or [])

    def _state(self, pid: str, ctx: LinkContext) -> str | None:
        return self.onto.country_of(pid) or ctx.person_states.get(pid)

    def _stated(self, pid: str, words: str, ctx: LinkContext) -> bool:
        """Whether a role stated for ``pid`` in the text holds ``words`` (a former office does not count)."""
        if not words:
            return True
        return any(re.search(rf"\b(?:{words})", role) and not re.search(r"\b(?:former|ex-|late)\b", role)
                   for role in ctx.person_roles.get(pid, []))

    def _holds(self, pid: str, words: str, role: str | None, ctx: LinkContext) -> bool:
        """Whether ``pid`` held the office that ``words`` ("president", "leader") names on the document's date."""
        days = self._days(ctx)
        offices = self.onto.offices.get(pid, [])
        if not offices or not days:
            return False
        for o in offices:
            if not all(o.covers(d) for d in days):
                continue
            if words == "leader" or o.role == role and role != "other" or (o.title or "").lower() == words:
                return True
        return False

    def nearest(self, state: str, noun: str, ctx: LinkContext, at: int, role: str | None = None) -> str | None:
        """The person named last before position ``at`` of this part who fits "the <state's> <noun>"."""
        stated = OFFICE_WORDS.get(noun, BACK_ROLES.get(noun, noun))
        fits = [(call, start, pid) for call, start, pid in ctx.person_seq
                if (call, start) < (ctx.calls, at) and self._state(pid, ctx) == state
                and (self._stated(pid, stated, ctx) or role is not None and self._holds(pid, noun, role, ctx))]
        return max(fits)[2] if fits else None

    def holder(self, state: str, words: str, role: str, ctx: LinkContext) -> str | None:
        """Who held the office ``words`` names for ``state`` on the document's date (over the cited period
        when it has none): the holder of an office so titled ("president" is Iran's President, not its
        Supreme Leader, though both lead), else of the office's role."""
        found = set()
        for day in self._days(ctx):
            titled = [pid for pid, offices in self.onto.offices.items() if self.onto.country_of(pid) == state
                      and any((o.title or "").lower() == words and o.covers(day) for o in offices)]
            found.add(titled[0] if len(titled) == 1 else self.onto.holder(state, role, day))
        return found.pop() if len(found) == 1 else None

    def office(self, state: str, words: str, role: str, ctx: LinkContext, at: int) -> str | None:
        """"the <state's> <office>": the nearest fitting person named before, else the office-holder."""
        return self.nearest(state, words, ctx, at, role) or self.holder(state, words, role, ctx)

    # -------------------------------------------------------------- phrases
    def phrases(self, doc: Doc, mentions: list[Mention], ctx: LinkContext) -> list[Mention]:
        """'the Kazakh president', "Tajikistan's leader", "the President of Uzbekistan", 'the Turkish official',
        'the head of the Russian Foreign Ministry'."""
        toks = tokens_of(doc)
        out: list[Mention] = []
        make = self.linker._mention
        dated = ctx.day is not None or ctx.bounds is not None
        for ent in ents_of(doc):
            entity, _, form = ent.ent_id_.partition("|")
            if ent.label_ != "STATE" or form not in ("adjective", "name", "alias"):
                continue
            i = ent.end
            if i < len(doc) and toks[i].text in ("’s", "'s"):
                i += 1
            office = self._office_at(doc, start=i)
            matched = office is not None
            if office is not None:
                words, role, n = office
                nxt = toks[i + n] if i + n < len(doc) else None
                if nxt is None or nxt.ent_type_ != "PERSON" and nxt.pos_ != "PROPN":   # else the name follows
                    pid = self.office(entity, words, role, ctx, ent.start_char) if dated else \
                        self.nearest(entity, words, ctx, ent.start_char, role)
                    if pid:
                        out.append(make(doc, doc[ent.start:i + n], pid, "PERSON", "role"))
            if not matched and i < len(doc) and toks[i].lower_ in BACK_ROLES and ent.start > 0 and \
                    toks[ent.start - 1].lower_ == "the" and toks[i].tag_ == "NN" and not (
                    i + 1 < len(doc) and (toks[i + 1].pos_ == "PROPN" or toks[i + 1].text in ("’s", "'s"))):
                # "the Turkish official added": the Turkish person named before
                pid = self.nearest(entity, toks[i].lower_, ctx, ent.start_char)
                if pid:
                    out.append(make(doc, doc[ent.start:i + 1], pid, "PERSON", "role"))
            # "the President of Uzbekistan", "the Prime Minister of the Republic of Kazakhstan"
            j = ent.start - 1
            if j >= 1 and toks[j].lower_ == "the" and toks[j - 1].lower_ == "of":
                j -= 1
            if j < 1 or toks[j].lower_ != "of" or form == "adjective" or not dated:
                continue
            if ent.end < len(doc) and (toks[ent.end].ent_type_ == "PERSON" or toks[ent.end].text == ","
                                       and ent.end + 1 < len(doc) and toks[ent.end + 1].ent_type_ == "PERSON"):
                continue   # the name follows: linked as a name
            office = self._office_at(doc, end=j)
            if office is not None:
                words, role, n = office
                pid = self.office(entity, words, role, ctx, toks[j - n].idx)
                if pid:
                    out.append(make(doc, doc[j - n:ent.end], pid, "PERSON", "role"))
        if dated:
            out += self._body_heads(doc, mentions, ctx)
        return out

    def _body_heads(self, doc: Doc, mentions: list[Mention], ctx: LinkContext) -> list[Mention]:
        """"the head of the Russian Foreign Ministry": the person who holds the office that heads the body."""
        toks = tokens_of(doc)
        out = []
        for m in mentions:
            if m.label != "ORG" or not m.entity:
                continue
            state, office = self._body_office(m)
            if office is None:
                continue
            span = span_at(doc, m.start, m.end)
            if span is None:
                continue
            k = span.start - 1
            if k >= 0 and toks[k].lower_ == "the":
                k -= 1
            if k < 1 or toks[k].lower_ != "of" or toks[k - 1].lower_ not in BODY_HEADS:
                continue
            words = {"foreign_minister": "foreign minister", "head_of_government": "prime minister"}[office]
            pid = self.office(state, words, office, ctx, toks[k - 1].idx)
            if pid:
                out.append(self.linker._mention(doc, doc[k - 1:span.end], pid, "PERSON", "role"))
        return out

    def _body_office(self, m: Mention) -> tuple[str | None, str | None]:
        ent = self.onto.get(m.entity)
        if m.method.startswith("institution:"):
            state, name = m.method.partition(":")[2], m.entity[4:]
        elif ent is not None and ent.kind == "org" and ent.attrs.get("country"):
            state, name = ent.attrs["country"], ent.name
        else:
            return None, None
        for prefix, office in BODY_OFFICES:
            if name == prefix or name.startswith(prefix + " of "):
                return state, office
        return None, None
