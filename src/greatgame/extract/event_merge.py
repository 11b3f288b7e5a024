"""One record per act, within a sentence and a part: a verb of meeting and the gathering it acts on are
one CONSULT (``one_meeting``), and several triggers naming one act are one event (``dedupe``)."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from spacy.tokens import Token

from .model import Event


def _describes(verb: Token, noun: Token) -> bool:
    """Whether ``noun`` is what ``verb`` acts on ("hosted a summit of X, including a meeting of Y", "the
    meeting was hosted by X") or the two verbs share their arguments ("chaired ... and attended by ...")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if noun in verb.conjuncts:
        return True
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr") and c.left_edge.i <= noun.i <= c.right_edge.i:
            return True
        if c.dep_ == "prep" and c.lower_ in ("at", "in") and any(g.i == noun.i for g in c.children):
            return True     # "took part in the summit", "spoke at the meeting" (not "in July, where ... met")
    return False


def one_meeting(events: list[Event], triggers: list[Token]) -> list[Event]:
    """One CONSULT for one meeting in a sentence: a verb of meeting ("host", "attend", "chair", "take part")
    and the meeting it acts on ("a summit", "a dialogue") name one act (FORMAT.md: a visit and the talks held
    during it are one record); their parties are merged. Meetings the sentence reports apart ("during the
    summit, Xi met Tokayev") are not joined: the summit is no argument of "met"."""
    out: list[Event] = []
    kept: list[list[Token]] = []
    for e, tok in zip(events, triggers):
        joined = False
        if e.type == "CONSULT" and e.happened:
            for o, otoks in zip(out, kept):
                if o.type == "CONSULT" and o.happened and any(_describes(t, tok) or _describes(tok, t) for t in otoks):
                    otoks.append(tok)
                    multilateral = o.mode == "multilateral" or e.mode == "multilateral"
                    parties = [*o.actors, *[a for a in e.actors if a not in o.actors]]
                    others = [r for r in [*o.recipients, *e.recipients] if r not in parties]
                    if multilateral:
                        o.actors, o.recipients, o.mode = parties + list(dict.fromkeys(others)), [], "multilateral"
                    else:
                        o.actors, o.recipients = parties, list(dict.fromkeys(others))
                    o.people += [p for p in e.people if p not in o.people]
                    joined = True
                    break
        if not joined:
            out.append(e)
            kept.append([tok])
    return out


def _one_act(a: Token, b: Token, steps: int = 3) -> bool:
    """Whether two triggers of one sentence name one act: one is the other's argument or within a few links of
    it ("reaffirmed China's support", "expressed the intention to deepen cooperation"), not through a
    coordination ("elevated relations and awarded a medal": two acts) nor a separate clause."""
    for x, y in ((a, b), (b, a)):
        t = x
        for _ in range(steps):
            if t.dep_ == "conj" or t.head.i == t.i or t.dep_ in ("advcl", "ccomp", "relcl", "parataxis") or \
                    t.dep_ == "acl" and t.tag_ == "VBG":
                break
            t = t.head
            if t.i == y.i:
                return True
    return False


def dedupe(events: list[Event], triggers: list[Token] | None = None) -> list[Event]:
    """One event per (type, actors, recipients, date, sentence) when its triggers name one act (``_one_act``):
    several triggers may name it ("expressed support", "the signing of the agreements signed"); two acts of
    one type between the same parties in one sentence, each with its own predicate, stay two (FORMAT.md: one
    record per act). Without ``triggers``, every such key is one event."""
    seen: dict[tuple[Any, ...], list[Token | None]] = {}
    out = []
    for n, e in enumerate(events):
        key = (e.type, tuple(sorted(e.actors)), tuple(sorted(e.recipients)), e.date, e.start, e.happened)
        tok = triggers[n] if triggers is not None else None
        if key in seen and (tok is None or any(o is None or _one_act(o, tok) for o in seen[key])):
            continue
        seen.setdefault(key, []).append(tok)
        out.append(e)
    return out


VISIT_NOUNS = {"visit", "trip", "tour"}


def each_visitor(event: Event, tok: Token) -> list[Event]:
    """Visits in the plural by several visitors are one visit each ("the leaders of A and B, who paid state visits to
    C": A visited C, and B did; FORMAT.md: one record per act); a visit in the singular ("A and B paid a visit to
    C") is one act of both. Each visitor's record keeps the hosts."""
    if event.type != "CONSULT" or event.mode != "visit" or len(event.actors) < 2 or not event.recipients:
        return [event]
    nouns = [tok] if tok.pos_ in ("NOUN", "PROPN") else [c for c in tok.children if c.dep_ in ("dobj", "attr")]
    if not any(n.lemma_.lower() in VISIT_NOUNS and n.tag_ in ("NNS", "NNPS") for n in nouns):
        return [event]
    return [replace(event, actors=[a], people=list(event.people), contexts=list(event.contexts)) for a in event.actors]


def other_meeting(a: Event, b: Event) -> bool:
    """Whether two meetings between the same parties on the same day are two meetings: each names a person the other
    does not ("talks were held with the foreign minister" and "I have just met the president": two counterparts met
    in turn). A visit and the talks held during it name the visitor in both, or nobody in one, and are one act."""
    return bool(set(a.people) - set(b.people)) and bool(set(b.people) - set(a.people))


def one_means(kept: list[Event], events: list[Event], triggers: list[Token]) -> list[Event]:
    """An act and the means it is done by are one act ("widened sanctions on X by listing Y": listing Y is
    how the sanctions were widened; FORMAT.md: one record per act): of ``kept``, an event whose
    trigger is the gerund of a "by" phrase on the verb of another event of its type (the verb itself, or the
    verb whose object the other trigger is) is joined to that event, its parties added to it."""
    tok_of = {id(e): t for e, t in zip(events, triggers)}
    drop = set()
    for e in kept:
        u = tok_of.get(id(e))
        if u is None or u.dep_ != "pcomp" or u.head.lower_ != "by" or not e.happened:
            continue
        verb = u.head.head
        for o in kept:
            t = tok_of.get(id(o))
            if o is e or id(o) in drop or t is None or o.type != e.type or not o.happened or \
                    not (t.i == verb.i or t.head.i == verb.i and t.dep_ in ("dobj", "nsubjpass")):
                continue
            o.actors += [a for a in e.actors if a not in o.actors]
            o.recipients += [r for r in e.recipients if r not in o.recipients and r not in o.actors]
            drop.add(id(e))
            break
    return [e for e in kept if id(e) not in drop]


def one_pledge(kept: list[Event], events: list[Event], triggers: list[Token]) -> list[Event]:
    """A stance pledged is one act, the stance ("pledged to firmly oppose interference" is SUPPORT, not an AGREE
    besides it): of ``kept`` (some of ``events``, whose trigger tokens are ``triggers``), drop the AGREE whose
    trigger governs a happened SUPPORT or REJECT ("pledged to support", "committed to supporting")."""
    def governs(t: Token, u: Token) -> bool:
        head = u.head.head if u.head.pos_ == "ADP" else u.head
        return u.dep_ in ("xcomp", "pcomp") and head.i == t.i
    stances = [u for e, u in zip(events, triggers) if e.type in ("SUPPORT", "REJECT") and e.happened]
    drop = {id(e) for e, t in zip(events, triggers) if e.type == "AGREE" and any(governs(t, u) for u in stances)}
    return [e for e in kept if id(e) not in drop]
