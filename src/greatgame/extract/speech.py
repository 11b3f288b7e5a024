"""Acts reported in speech: where quotations are, and which words of a speaker report an act.

Speech is mostly talk about acts ("the two sides are discussing", "our previous meeting", "we will
continue"), so a trigger in a speaker's words (inside quotation marks, or in the first person of a
transcript's turn or a declared statement) reports an act only when:

* its verb is in a past tense ("we signed", "we have agreed", "Kazakhstan signed it today"), or it is
  the object or passive subject of a light verb in a past tense ("we held talks", "I have had a meeting",
  "talks have been held");
* or it is the speaker's own **performative**: an act of speech done by saying it, in the first person and
  the present ("I thank ...", "we welcome ...", "we call on ...", "we are grateful", "we are committed to
  ..."), also through "would like to", "want to", "wish to" ("I would like to welcome ...", "we'd like to
  express our thanks"), or through a verb of saying ("I want to stress our support"). Only
  verbal acts are done by saying them (PLOVER's verbal cooperation and verbal conflict types).
"""
from __future__ import annotations

import re

from spacy.tokens import Token

FIRST_PERSON = {"we", "i", "our", "my", "us"}
# acts done by saying them (PLOVER's verbal types): "I thank", "we urge", "we condemn", "we reject"
VERBAL_TYPES = {"SUPPORT", "AGREE", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
# "I would like to welcome", "we want to express", "I wish to congratulate": the saying is the act
PERFORMATIVE_HEADS = {"like", "want", "wish"}
# verbs by which a speaker performs the act their object names ("express our appreciation", "emphasize our
# support", "reaffirm our commitment")
SAYING_VERBS = {"express", "voice", "extend", "reaffirm", "emphasize", "emphasise", "stress", "underline",
                "confirm", "declare", "state", "convey"}


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks of four words or more (quoted speech, not scare quotes)."""
    out = []
    for m in re.finditer(r"[“\"]([^“”\"]+)[”\"]|«([^«»]+)»", text):
        if len((m.group(1) or m.group(2)).split()) >= 4:
            out.append((m.start(), m.end()))
    # a quotation left open at a paragraph's end (it goes on in the next paragraph)
    for m in re.finditer(r"(?m)^[“\"«][^\n”»\"]{20,}$", text):
        if not any(a <= m.start() < b for a, b in out):
            out.append((m.start(), m.end()))
    return sorted(out)


def first_person_group(tok: Token, group_nouns: set[str]) -> bool:
    """"our country", "my government": a group noun the first person owns (the speaker's side)."""
    return tok.lemma_.lower() in group_nouns and any(
        c.dep_ == "poss" and c.lower_ in ("our", "my") for c in tok.children)


def _past(verb: Token) -> bool:
    """A verb in a past tense: "signed", "has signed", "have been held"."""
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _present(verb: Token) -> bool:
    """A verb in the present, or an infinitive under "would like / want / wish to" in the present."""
    if verb.tag_ in ("VBP", "VBZ"):
        return not any(c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in verb.children)
    if verb.tag_ == "VBN":
        # "we are committed", "I am honoured": a present passive or a participle after a present copula
        return any(c.dep_ in ("auxpass", "aux") and c.lemma_ == "be" and c.tag_ in ("VBP", "VBZ")
                   for c in verb.children)
    if verb.tag_ == "VB" and any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in verb.children):
        return not any(c.dep_ == "aux" for c in verb.children)    # "we welcome" (tagged as a base form)
    if verb.tag_ == "VB" and verb.dep_ == "xcomp":
        head = verb.head
        return head.lemma_.lower() in PERFORMATIVE_HEADS and (
            head.tag_ in ("VBP", "VBZ") or head.tag_ == "VB" and any(
                c.dep_ == "aux" and c.lower_ in ("would", "'d", "’d") for c in head.children))
    return False


def performative(tok: Token, verb: Token | None, etype: str) -> bool:
    """Whether a first-person trigger is the speaker's own act done by saying it (see the module)."""
    if etype not in VERBAL_TYPES:
        return False
    if verb is not None and verb is tok:
        return _present(tok)
    if tok.pos_ == "ADJ" and verb is not None:
        # "we are grateful", "we are ready to work with ...": the copula in the present
        return verb.tag_ in ("VBP", "VBZ") and not any(c.tag_ == "MD" for c in verb.children)
    head = tok.head
    if tok.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() in SAYING_VERBS:
        return _present(head)      # "we express our thanks", "I want to stress our support"
    return False


def asserted_in_speech(tok: Token, verb: Token | None, etype: str, first: bool) -> bool:
    """Whether a trigger in a speaker's words reports an act (see the module). ``first``: its actor is the
    one the first person names (only then may it be the speaker's performative)."""
    if verb is not None and verb is tok:
        if _past(tok):
            return True
    elif verb is None and tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX") and _past(tok.head):
        return True     # "we held talks", "I have had a meeting with ...", "talks have been held in ..."
    return first and performative(tok, verb, etype)


def addresses_you(tok: Token, verb: Token | None) -> bool:
    """Whether the act falls on the one spoken to: "you" or "your ..." as the object or in a "to/with/on/for"
    phrase of the trigger or of its verb ("I congratulate you", "we are grateful to you")."""
    heads = [t for t in (tok, verb, tok.head if verb is None else None) if t is not None]
    for h in heads:
        for c in h.children:
            if c.dep_ in ("dobj", "dative") and (c.lower_ == "you" or any(
                    g.dep_ == "poss" and g.lower_ == "your" for g in c.children)):
                return True
            if c.dep_ == "prep" and c.lower_ in ("to", "with", "on", "for") and any(
                    g.lower_ == "you" or any(x.dep_ == "poss" and x.lower_ == "your" for x in g.children)
                    for g in c.children):
                return True
    return False


def addressee(tok: Token, people: dict[int, list[str]], codes: dict[int, list[str]], speaker: list[str]) -> list[str]:
    """Whom a speaker's "you" names: the side of the last person named before the words who is not on the
    speaker's side (in a conversation or a meeting, the one spoken to is the other party named)."""
    for i in sorted((i for i in people if i < tok.i), reverse=True):
        side = [c for c in codes.get(i, []) if c not in speaker]
        if side:
            return side[:1]
    return []
