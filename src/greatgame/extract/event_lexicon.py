"""The event lexicon (``data/events.yaml``) and the matching of its triggers in a parsed sentence: the words
of each PLOVER type, the words they need nearby, and the argument frames that decide a trigger's sense."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Token

from .event_frames import frame_holds
from .lexicon import load_data


@dataclass
class Trigger:
    lemma: tuple[str, ...]
    type: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    pos: set[str] | None = None
    needs: set[str] = field(default_factory=set)
    sentence: bool = False
    multilateral: bool = False
    actor_is_object: bool = False
    negated_type: str | None = None
    frames: list[dict[str, Any]] = field(default_factory=list)
    topic_object: bool = False     # the object is what the act is about ("discussed trade"), not a party
    joint: bool = False            # done by both sides together: "we" in a speaker's words is both ("we agreed")
    restraint_type: str | None = None  # the type when what is promised is to refrain ("promised not to ...")


@dataclass
class Lexicon:
    types: dict[str, dict[str, Any]]
    by_first: dict[str, list[Trigger]]
    by_noun: dict[str, list[Trigger]]      # light-verb phrases (verb + noun) by their noun, for the passive
    contexts: dict[str, list[str]]
    modality: dict[str, set[str]]
    dyadic: set[str]
    people: set[str]
    on_people: set[str]
    patient_of: set[str] = field(default_factory=set)   # types whose noun's "of" phrase names the patient
    patient_of_nouns: set[str] = field(default_factory=set)   # nouns whose "of" phrase names the patient


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = load_data("events.yaml")
    by_first: dict[str, list[Trigger]] = {}
    for t in data["triggers"]:
        pos = t.get("pos")
        trig = Trigger(tuple(t["lemma"].split()), t["type"], t.get("mode"), list(t.get("context") or []),
                       {pos} if isinstance(pos, str) else (set(pos) if pos else None),
                       set(t.get("needs") or []), bool(t.get("sentence")), bool(t.get("multilateral")),
                       bool(t.get("actor_is_object")), t.get("negated_type"), list(t.get("frames") or []),
                       bool(t.get("topic_object")), bool(t.get("joint")), t.get("restraint_type"))
        by_first.setdefault(trig.lemma[0], []).append(trig)
    for triggers in by_first.values():
        triggers.sort(key=lambda t: -len(t.lemma))
    by_noun: dict[str, list[Trigger]] = {}
    for trig in (t for triggers in by_first.values() for t in triggers if len(t.lemma) == 2):
        by_noun.setdefault(trig.lemma[1], []).append(trig)
    modality = {k: set(v) for k, v in data["modality"].items()}
    return Lexicon(data["types"], by_first, by_noun, data["contexts"], modality, set(data.get("dyadic") or []),
                   set(data.get("people") or []), set(data.get("on_people") or []), set(data.get("patient_of") or []),
                   set(data.get("patient_of_nouns") or []))


def may_trigger(lower: str, lemma: str, lex: Lexicon) -> bool:
    """Whether a token of these forms (``lower_``, lower-cased lemma) can be where ``match_trigger`` finds a trigger:
    a first word of one, or the noun of a light-verb phrase."""
    return lemma in lex.by_first or lower in lex.by_first or lemma in lex.by_noun


def match_trigger(tokens: list[Token], i: int, lex: Lexicon) -> tuple[Trigger, int] | None:
    tok = tokens[i]
    cands = lex.by_first.get(tok.lemma_.lower()) or lex.by_first.get(tok.lower_) or []
    for trig in cands:
        n = len(trig.lemma)
        if n > 1:
            # phrase: following lemmas in order, allowing up to two words between
            j, k = i + 1, 1
            while k < n and j < len(tokens) and j - i <= n + 2:
                if tokens[j].lemma_.lower() == trig.lemma[k] or tokens[j].lower_ == trig.lemma[k]:
                    k += 1
                j += 1
            if k < n:
                continue
            n = j - i   # the words the phrase spans, those between included ("reached an agreement")
        if trig.pos and tok.pos_ not in trig.pos and not (tok.pos_ == "PROPN" and "NOUN" in trig.pos):
            continue
        frame = next((f for f in trig.frames if frame_holds(tok, f)), None)
        if frame is not None:
            if not frame.get("type"):
                return None     # the argument frame says this sense is no event ("demonstrated its interest")
            return replace(trig, type=frame["type"], mode=frame.get("mode", trig.mode), needs=set(), frames=[]), n
        if trig.needs:
            scope = tokens if trig.sentence else list(tok.subtree) + list(tok.head.subtree if tok.dep_ in
                                                                          ("compound", "amod", "nmod") else []) + [tok.head]
            lemmas = {t.lemma_.lower() for t in scope} | {t.lower_ for t in scope}
            if not (trig.needs & lemmas):
                continue
        return trig, n
    # a light-verb phrase in the passive, its noun first: "an agreement was reached", "satisfaction was
    # expressed" (the noun is the passive subject of the phrase's verb)
    if tok.dep_ == "nsubjpass" and tok.pos_ in ("NOUN", "PROPN") and tok.head.tag_ == "VBN":
        for trig in lex.by_noun.get(tok.lemma_.lower(), ()):
            if tok.head.lemma_.lower() == trig.lemma[0] and not trig.frames and not trig.needs:
                return replace(trig, pos=None), 1
    return None
