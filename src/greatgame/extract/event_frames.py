"""Argument frames of event triggers: who an act falls on, what a verb's subject and objects are, and
which sense an argument frame gives a trigger (``frames`` in ``data/events.yaml``)."""
from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from spacy.tokens import Span, Token

from .actors import ActorIndex
from .event_dates import period_value, times_the_act

RELATIVE_PRONOUNS = {"who", "which", "that"}
QUANTIFIERS = {"hundred", "thousand", "dozen", "million", "group", "number", "contingent", "detachment"}


def targets_people(tok: Token, verb: Token | None, people_words: set[str], people_at: Any = ()) -> bool:
    """Whether the act falls on people named or counted ("detained two journalists", "X was arrested", "the
    arrest of activists", "opened fire on the crowd"): its object, its passive subject, its "on/at/against"
    phrase or a noun's "of" phrase is a person's name or a noun for people. ``people_at``: the token positions
    the document's people are known at (a surname the named-entity tagger misses alone, named in full before)."""
    if verb is tok:
        heads = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        # "opened fire on the crowd", "cracked down on protesters", "shot at demonstrators"
        # ... and its object's ("unleashed a campaign against minorities", "launched a crackdown on protesters")
        heads += [g for h in [tok, *(c for c in tok.children if c.dep_ == "dobj")] for c in h.children
                  if c.dep_ == "prep" and c.lower_ in ("on", "at", "against") for g in c.children if g.dep_ == "pobj"]
    else:
        heads = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    heads += [c for h in heads for c in h.conjuncts]
    return any(h.ent_type_ == "PERSON" or h.i in people_at or h.lemma_.lower() in people_words or
               any(g.lemma_.lower() in people_words for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children) for h in heads)


def shared_passive(verb: Token) -> Token | None:
    """The passive verb whose subject a participle clause shares ("two banks were sanctioned, accused of aiding X";
    "X was arrested and charged with Y"): a past participle with no subject, auxiliary or conjunction of its own,
    joined to a passive clause. That clause's subject is the participle's patient, not its actor."""
    if verb.tag_ != "VBN" or verb.dep_ not in ("advcl", "conj") or verb.head.i == verb.i or any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark", "agent") for c in verb.children):
        return None
    head = verb.head
    return head if head.tag_ == "VBN" and any(c.dep_ == "nsubjpass" for c in head.children) else None


def visit_place(tok: Token, codes: Any, states: set[str], visitor: list[str]) -> list[str]:
    """The host of a visit named without its destination in a time phrase ("during his last visit"): the one state
    an "in" phrase of the same clause names ("In X, ... during his visit, the leader hailed ..."), not the
    visitor's; else none."""
    phrase = tok.head if tok.dep_ == "pobj" else None
    clause = phrase.head if phrase is not None and phrase.dep_ == "prep" else None
    if clause is None or clause.pos_ not in ("VERB", "AUX"):
        return []
    found = [c for p in clause.children if p.dep_ == "prep" and p.lower_ == "in" and p.i != phrase.i
             for g in p.children if g.dep_ == "pobj" for c in codes([g, *g.subtree])
             if c in states and c not in visitor]
    found = list(dict.fromkeys(found))
    return found if len(found) == 1 else []


SAYING = {"say", "state", "stress", "note", "declare", "tell", "add", "emphasize", "emphasise", "assure", "announce",
          "affirm", "reaffirm", "reiterate", "insist", "confirm", "underline", "underscore", "point"}


def reported_own_side(subject: Token, verb: Token, codes: Any, speaker: list[str], group_nouns: set[str]) -> bool:
    """"his country", "her government" as the subject of a clause a verb of saying governs, whose own subject is
    the speaker ("the Turkish president noted that his country resolutely supports X"): reported speech shifts the
    speaker's "our country" to the third person, so the group is the speaker's side, as "our country" is."""
    if subject.lemma_.lower() not in group_nouns or not any(
            c.dep_ == "poss" and c.lower_ in ("his", "her") for c in subject.children):
        return False
    v = verb
    while v.dep_ in ("conj", "xcomp") and v.head.i != v.i:
        v = v.head
    if v.dep_ != "ccomp" or v.head.lemma_.lower() not in SAYING:
        return False
    says = [t for c in v.head.children if c.dep_ == "nsubj" for t in c.subtree]
    return bool(says) and set(codes(says)) == set(speaker)


def patient_named(tok: Token, verb: Token | None) -> bool:
    """Whether the act names whom it falls on: a verb's object or passive subject, a noun's "of" phrase ("X was
    detained", "detained Y", "the arrest of Y"). For acts whose patient is a person by the verb's meaning (one
    arrests, detains, jails or deports people), naming the patient is naming people, whatever the tagger makes of
    the name."""
    if verb is tok:
        return any(c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN", "PRON") for c in tok.children)
    return any(g.dep_ == "pobj" for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)


def subject_before(sent: Span, pronoun: Token, index: ActorIndex) -> tuple[list[str], list[str]] | None:
    """"He"/"she" after a person who is the subject of an earlier clause of the same sentence ("Erdoğan said
    as he met ..."): that person's side, else None (the last person named before the sentence)."""
    if pronoun.lower_ in ("it", "its") or any(c.lower_ == "its" for c in pronoun.children):
        # "China is seen as active in the region, where it launched ...": the state or body that is the subject of an
        # earlier clause of the sentence (no person)
        for t in reversed(sent[:pronoun.i - sent.start]):
            head = t.head if t.dep_ in ("compound", "appos", "flat") else t
            if index.codes.get(t.i) and t.i not in index.people and head.dep_ in ("nsubj", "nsubjpass"):
                return list(index.codes[t.i][:1]), []
        return None
    if pronoun.lower_ not in ("he", "she") and not any(c.lower_ in ("his", "her") for c in pronoun.children):
        return None     # (also "his country", "her government")
    for t in reversed(sent[:pronoun.i - sent.start]):
        head = t.head if t.dep_ in ("compound", "appos", "flat") else t
        if t.i in index.people and index.codes.get(t.i) and head.dep_ in ("nsubj", "nsubjpass"):
            return list(index.codes[t.i][:1]), list(index.people[t.i][:1])
    return None


def relative_clause(subj: Token) -> Token | None:
    """The relative clause whose subject is the relative pronoun ``subj`` ("who", "which", "that"), if it is one."""
    if subj.lower_ not in RELATIVE_PRONOUNS:
        return None
    v = subj.head
    while v.dep_ == "conj" and v.head is not v:     # "who arrived and met ..."
        v = v.head
    return v if v.dep_ == "relcl" and v.head is not v else None


def arguments(tok: Token, deps: set[str]) -> list[Token]:
    """The heads of a trigger's arguments of the given relations, with their conjuncts ("a haven and
    assistance"); a verb without a subject of its own shares its conjoined head's."""
    v = tok
    heads = [c for c in v.children if c.dep_ in deps]
    while not heads and "nsubj" in deps and v.dep_ == "conj" and v.head is not v:
        v = v.head
        heads = [c for c in v.children if c.dep_ in deps]
    out = []
    for h in heads:
        out.append(h)
        out += [c for c in h.conjuncts if c not in out]
    return out


def frame_holds(tok: Token, frame: dict[str, Any]) -> bool:
    """Whether a trigger's argument frame is the one described (``frames`` in ``data/events.yaml``):
    ``subject``/``object``: the lemma of the subject's/object's head is one of these ("MONEY": a sum of
    money; "*": any object); ``object_not``: there is an object and it is none of these; ``no_object``: there is
    no object ("operating at the base" operates nothing); ``attributive``: the trigger is a participle describing a
    noun ("the established committee": a state of the noun, no act reported). A verb's object is its direct object
    (the subject of a passive); a noun's is its "of" phrase."""
    if tok.pos_ in ("VERB", "AUX"):
        objects = arguments(tok, {"dobj", "nsubjpass"} if tok.tag_ == "VBN" else {"dobj"})
        subjects = arguments(tok, {"nsubj"})
    else:
        objects = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                   if g.dep_ == "pobj"]
        subjects = []

    def names(tokens: list[Token], words: list[str]) -> bool:
        # a quantity's head stands for what it counts ("hundreds of troops")
        tokens = tokens + [g for t in tokens if t.like_num or t.pos_ == "NUM" or t.lemma_.lower() in QUANTIFIERS
                           for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        return any("*" in words or t.lemma_.lower() in words or t.lower_ in words or
                   "MONEY" in words and (t.ent_type_ == "MONEY" or t.text in "$€£¥") for t in tokens)

    if "subject" in frame and not names(subjects, frame["subject"]):
        return False
    if "object" in frame and not names(objects, frame["object"]):
        return False
    if "object_not" in frame and (not objects or names(objects, frame["object_not"])):
        return False
    if frame.get("no_object") and objects:
        return False
    if frame.get("attributive") and not (tok.dep_ == "amod" and tok.tag_ == "VBN"):
        return False
    return True


def objects(tok: Token) -> list[Token]:
    """What an act acts on: a verb's object (a passive's subject) and its phrase; a noun and its phrase."""
    if tok.pos_ in ("VERB", "AUX"):
        return [t for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree]
    return list(tok.subtree)


NUMBERS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def counted_group(tok: Token, verb: Token | None, group_nouns: set[str], prev: list[str],
                  actors: list[str]) -> list[str]:
    """The other side of an act named as a counted group ("thanked the five countries", "signed agreements
    with both countries", "praised the partnership between the two countries"): the parties the previous
    sentence names (``prev``), less the actors, when the count says it is them (the group is either all of
    them or all of them but the actors); empty otherwise."""
    for c in (verb if verb is not None else tok).children:
        if c.dep_ not in ("dobj", "obj", "dative", "prep"):
            continue
        for t in c.subtree:
            if t.lemma_.lower() not in group_nouns or t.tag_ not in ("NNS", "NNPS"):
                continue
            n = next((NUMBERS[w.lower_] for w in t.children if w.lower_ in NUMBERS and w.dep_ in (
                "nummod", "det", "predet", "amod", "quantmod")), None)
            if n is None:
                continue
            states = [x for x in prev if not x.startswith("org:")]
            others = [x for x in states if x not in actors]
            if others and (len(states) == n or len(others) == n):
                return others
    return []


def reacts_to(verb: Token, etype: str, triggers: dict[str, list[Any]], light: set[str] = frozenset()) -> bool:
    """Whether ``verb`` is an act of its own, of another type, whose object is the noun's act ("condemned the
    invasion", "welcomed the deployment", "discussed the attack"): the verb's subject reacts to the act, it does
    not do it. A light verb ("held talks", "signed agreements") or a trigger that needs a word ("launch" an
    initiative) is no such act."""
    if verb.lemma_.lower() in light:
        return False    # "lent support", "provided assistance", "offered its support": the verb gives the noun's act
    return any(t.type != etype and len(t.lemma) == 1 and not t.needs and not t.frames
               for t in triggers.get(verb.lemma_.lower(), []))


MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
          "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


def names_a_thing(date: Any, sent: Span) -> bool:
    """Whether a bare year ends a proper name rather than placing an act in time ("the Vision 2040 strategy",
    "Expo 2030", the "Cooperation-2022" exercise): the word before it is a proper noun that is no month."""
    if not (date.end - date.start == 4 and date.text.isdigit()):
        return False
    before = [t for t in sent if t.idx + len(t) <= date.start and not t.is_punct]
    return bool(before) and before[-1].pos_ == "PROPN" and before[-1].lower_ not in MONTHS and \
        before[-1].idx + len(before[-1]) >= date.start - 1


def possessive_owner(tok: Token, sent: Span, index: ActorIndex, last_actor: list[str],
                     last_people: list[str]) -> tuple[list[str], list[str]] | None:
    """Who "his"/"her"/"its"/"their" on a noun act is: the subject of the clause the noun's phrase belongs to, when it
    names a party ("During his meeting with X, Macron expressed ...": Macron; "Moscow ... in its invasion"), else,
    for "his"/"her", the subject person before it in the sentence or the last person named (as for "he")."""
    poss = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their")), None)
    if poss is None:
        return None
    v = tok
    while v.head.i != v.i and v.pos_ not in ("VERB", "AUX"):
        v = v.head
    for s in (c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")):
        # a subject the noun is part of: its possessor before the noun ("Xi's visit ... as his first trip")
        toks = [t for t in s.subtree if t.i < poss.i] if s.left_edge.i <= tok.i <= s.right_edge.i else list(s.subtree)
        codes, people = index.in_tokens(toks), index.people_in(toks)
        if codes and (people or poss.lower_ in ("its", "their")):
            return codes, people
    if poss.lower_ in ("his", "her"):
        return subject_before(sent, tok, index) or ((list(last_actor), list(last_people)) if last_actor else None)
    return None


def counterparts(tok: Token, verb: Token | None, preps: set[str]) -> list[Token]:
    """The phrases that name the other side of an act: the object and the "with/to" phrases of the trigger, of its
    verb, and of the light verb a noun trigger is the object of ("held talks with X", "had a meeting with X")."""
    heads = [t for t in (tok, verb, tok.head if tok.dep_ in ("dobj", "nsubjpass") else None) if t is not None]
    return [t for h in heads for c in h.children if c.dep_ in ("dobj", "dative") and c.i != tok.i or
            c.dep_ == "prep" and c.lower_ in preps for t in c.subtree]


def place_of(sent: Span, index: ActorIndex) -> str | None:
    """Where the sentence's act took place: the first place entity after "in", "at" or "near"."""
    # Span.ents walks all of the Doc's entities; the index keeps them once, by start
    for k in range(bisect.bisect_left(index.ent_starts, sent.start), len(index.ents)):
        ent = index.ents[k]
        if ent.end > sent.end:
            break
        if ent.label_ in ("GPE", "LOC", "FAC") or ent.ent_id_.endswith("|capital"):
            prev = ent.doc[ent.start - 1] if ent.start > 0 else None
            if prev is not None and prev.lower_ in ("in", "at", "near"):
                return ent.text
    return None


def first_plural(tok: Token, verb: Token | None) -> bool:
    """Whether the act's subject or possessor is "we"/"our" ("we agreed", "our talks")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "poss") and c.lower_ in ("we", "our")
               for h in (tok, verb) if h is not None for c in h.children)


def place_phrases(tok: Token, verb: Token | None, occur: set[str]) -> list[Token]:
    """The "in" phrases that place an act reported as taking place: a verb trigger's ("rallied in Almaty"), and a noun
    trigger's with a verb of occurrence or staging ("protests broke out in X", "the riots in X that erupted on
    Monday", "staged protests in X"); a noun that only refers ("the unrest in X was a turning point") has none."""
    if tok.pos_ in ("VERB", "AUX"):
        heads = [tok]
    else:
        said = [v for v in [verb, *(c for c in tok.children if c.dep_ in ("relcl", "acl"))]
                if v is not None and (v.lemma_.lower() in occur or v.lower_ in occur) and (v.i == tok.head.i or v.head.i == tok.i)]
        heads = [tok, *said] if said else []
    return [t for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in ("in", "across", "throughout")
            for t in c.subtree]


def act_date(tok: Token, sent: Span, dates: list[Any], anchor: dt.date | None, planned: bool,
             period: tuple[dt.date, dt.date] | None) -> tuple[str | None, str | None, str | None]:
    """An act's date: the nearest date its sentence names (a period as precise as its ends agree), else the
    publication month (or the month or year of a publication dated so), unless the act is planned."""
    inside = [d for d in dates if sent.start_char <= d.start and d.end <= sent.end_char
              and d.value and d.kind in ("point", "span", "duration_ago", "season") and not names_a_thing(d, sent)]
    # "eleven years ago" places the act in time as "in 2013" does (FORMAT.md: a date, not a quantity); a date of
    # a clause describing another noun, a year named as a thing, a period of several years do not (event_dates)
    for best in sorted(inside, key=lambda d: (d.kind == "span", abs(d.start - tok.idx))):
        if not times_the_act(best, tok, sent):
            continue
        if best.kind in ("span", "season") and best.value_end:
            value, precision = period_value(best.value, best.value_end)
            if value:
                return value, precision, "event"
            continue
        return best.value, best.precision, "event"
    if anchor is not None and not planned:
        return anchor.strftime("%Y-%m"), "month", "report"
    if period and not planned:     # published in a month or a year: that month or year
        a, b = period
        return (a.strftime("%Y-%m"), "month", "report") if a.strftime("%Y-%m") == b.strftime("%Y-%m") \
            else (str(a.year), "year", "report") if a.year == b.year else (None, None, None)
    return None, None, None


def restrains(tok: Token) -> bool:
    """Whether what a promise commits to is to refrain ("promised not to raise tariffs", "vowed never to ..."): its
    infinitive is negated."""
    return any(c.dep_ == "xcomp" and any(g.dep_ == "neg" for g in c.children) for c in tok.children)


def prep_light_verb(tok: Token, verbs: set[str]) -> Token | None:
    """The verb that gives a noun act in its prepositional phrase to its subject ("subjected the villages to
    shelling", "engaged in talks with X", "resorted to force"): ``verbs`` lists "verb preposition" pairs."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
        return None
    return prep.head if f"{prep.head.lemma_.lower()} {prep.lower_}" in verbs else None


def visit_host(visitors: list[str], parties: list[str], states: set[str]) -> list[str]:
    """The host of a visit whose clause names only the visitor ("During the president's visit, ..."): the
    one other state of the occasion or act the text was just reporting with the visitor among its parties
    ("A and B agreed to ... During A's visit, ..."). A visit is to somewhere; English leaves the destination
    out when the discourse has just given it. Empty where that act did not involve the visitor or names
    several other states."""
    if not visitors or not set(visitors) & set(parties):
        return []
    others = [c for c in dict.fromkeys(parties) if c not in visitors and c in states]
    return others if len(others) == 1 else []


def counted_parties(subject: Token, found: list[str], context: list[str]) -> list[str]:
    """The parties of a counted group subject ("the two sides", "both leaders") whose sentence names fewer of
    them than the count: the parties of the occasion or act just reported (``context``), when they are as many
    as the count and include those the sentence names; else ``found``. A count is a claim about how many
    parties act; the sentence's own names are then only some of them."""
    n = next((NUMBERS[c.lower_] for c in [subject, *subject.children] if c.lower_ in NUMBERS), None)
    if n is None or len(found) >= n:
        return found
    parties = list(dict.fromkeys(context))
    return parties if len(parties) == n and set(found) <= set(parties) else found
