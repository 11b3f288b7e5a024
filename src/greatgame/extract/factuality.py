"""Factuality: whether a sentence asserts that an event candidate happened, judged from the syntax.

Every event candidate gets one of six judgements:

* ``happened``: asserted as done by the time of writing ("Russia sent troops");
* ``negated``: denied ("did not sign", "refused to recognise", "no agreement was reached");
* ``future``: planned, scheduled or announced for later ("will meet", "is to attend", "plans to
  visit", "the upcoming summit", a date after the publication date);
* ``hypothetical``: conditional, modal, purpose or possibility ("could send", "if they sign",
  "in order to attend", "a possible deployment");
* ``opinion``: a belief, a poll result or an evaluation rather than an act ("62% of Kazakhs blame
  ...", "experts believe Moscow backs ...", "in our opinion ... deserves support");
* ``background``: a noun naming a situation used as a time frame, cause or condition ("since the
  invasion", "amid the sanctions", "after the summit", "hit by sanctions").

Besides the label: ``negated`` (kept apart, since a negated trigger may carry another type: "did
not recognise" is a REJECT), ``claim`` (the act is reported through a speech verb: "X said Y
attacked"; a claim still counts as happened), ``main`` (the trigger is the main assertion of its
sentence, not inside a subordinate clause or a noun's modifier) and ``depth`` (clause links from
the sentence's root). The word lists live in ``data/events.yaml`` (``modality``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from .token_forms import forms

LABELS = ("happened", "negated", "future", "hypothetical", "opinion", "background")

# Dependency links that join a clause or phrase to the one above it.
CLAUSE_LINKS = {"xcomp", "conj", "ccomp", "advcl", "pcomp", "pobj", "prep", "dobj", "acl", "nsubj", "nsubjpass",
                "attr", "compound", "amod", "relcl", "oprd", "acomp", "appos", "npadvmod", "dative", "agent", "nmod", "poss"}
# belief heads that are also verbs of perception or experience: with a participle ("saw X annexed") they report
PERCEPTION = {"see", "witness", "watch"}
FINITE = ("VBD", "VBZ", "VBP")
SUBORDINATE = {"advcl", "relcl", "acl", "ccomp", "xcomp", "pcomp", "csubj"}


@dataclass(frozen=True)
class Factuality:
    label: str
    negated: bool
    claim: bool
    main: bool
    depth: int

    @property
    def planned(self) -> bool:
        return self.label == "future"

    @property
    def hypothetical(self) -> bool:
        return self.label in ("hypothetical", "opinion", "background")


def _chain(tok: Token, limit: int = 8) -> list[Token]:
    """The trigger and the heads above it, as long as each link joins a clause or phrase to its head."""
    chain = [tok]
    t = tok
    while t.head is not t and t.dep_ in CLAUSE_LINKS and len(chain) <= limit:
        t = t.head
        chain.append(t)
    return chain


def _own_tense(tok: Token) -> bool:
    return tok.tag_ in FINITE or any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in tok.children)


def _parallel(chain: list[Token]) -> list[Token]:
    """A conjunct with a tense of its own coordinated, by the parse, with an infinitive or a verb with other
    auxiliaries ("refused to recognise X and condemned Y", "will build X and has proposed Y") is a predicate of its
    own beside the finite verb above: the heads and auxiliaries that govern that verb do not govern it."""
    for j, x in enumerate(chain[:-1]):
        if x.dep_ != "conj":
            continue
        if x.pos_ not in ("VERB", "AUX") or not _own_tense(x):
            return chain
        k = j + 1
        while k < len(chain) - 1 and not _own_tense(chain[k]) and chain[k].dep_ in ("xcomp", "conj"):
            k += 1
        if chain[k].pos_ in ("VERB", "AUX") and (chain[k].tag_ != x.tag_ or k > j + 1 or any(
                c.dep_ in ("aux", "auxpass") for c in chain[k].children)):
            return chain[:j + 1] + chain[k + 1:]
        return chain
    return chain


def _kids(tokens: list[Token]) -> list[Token]:
    return [c for t in tokens for c in t.children]


def _is_negated(tok: Token, chain: list[Token], words: dict[str, Any], trigger_words: set[str]) -> bool:
    # "did not sign", "never visited", "no agreement was signed", "neither side attended"
    near = chain[:2] if tok.pos_ in ("VERB", "AUX") else chain[:1] + [t for t in chain[1:2] if t.pos_ in ("VERB", "AUX")]
    for c in _kids(near):
        if c.dep_ == "neg" or c.lower_ in words["negation"] and c.dep_ in ("neg", "det", "advmod", "preconj"):
            if c.lower_ not in trigger_words:
                return True
    for x in chain[1:4]:
        # "refused to recognise", "failed to reach an agreement", "declined to join"
        if x.lemma_.lower() in words["negating_heads"] and x.pos_ in ("VERB", "NOUN", "ADJ"):
            return True
        if x.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in x.children) and \
                x.lemma_.lower() in words["planned_heads"]:
            return True
    for c in tok.children:
        # "without signing", "no visit"
        if c.dep_ == "det" and c.lower_ in ("no", "neither"):
            return True
    if tok.dep_ == "pcomp" and tok.head.lower_ == "without":
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return True
    return False


def naming_call(x: Token) -> bool:
    """Whether ``x`` is "call" in the sense "name, describe" ("called the visit historic", "called X a partner"):
    an object and its predicate, no "on/for" and no infinitive. Only "call on/for X (to ...)" asks for
    something to be done; naming plans nothing."""
    if x.lemma_.lower() != "call" or x.pos_ != "VERB":
        return False
    kids = list(x.children)
    if any(c.dep_ in ("prep", "prt") and c.lower_ in ("on", "upon", "for") for c in kids):
        return False
    return any(c.dep_ == "oprd" for c in kids) or any(c.dep_ == "dobj" for c in kids) and any(
        c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("NOUN", "ADJ", "PROPN") for c in kids)


def _future(tok: Token, chain: list[Token], sent: Span, words: dict[str, Any]) -> bool:
    for x in chain[:3]:
        for c in x.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in words["planned_aux"]:
                return True
        # "is to attend", "was due to visit", "are set to sign", "is expected to meet"
        if x.dep_ == "xcomp" and x.head.lemma_.lower() == "be" and x is not tok:
            return True
    for i, x in enumerate(chain[:4]):
        if i == 0:
            if x.dep_ == "xcomp" and x.head.lemma_.lower() == "be" and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in x.children):
                return True
            continue
        if any(chain[j].dep_ == "conj" and chain[j].head.tag_ in FINITE + ("NN", "NNS", "NNP", "NNPS")
               for j in range(i)):
            break   # "called them illegal and refused to ...": a coordinated predicate, not what a head plans
        if x.lemma_.lower() in words["planned_heads"] and x.pos_ in ("VERB", "ADJ", "NOUN") and not naming_call(x):
            if x.pos_ != "NOUN" or chain[i - 1].dep_ in ("acl", "xcomp", "prep", "pobj"):
                return True
    for c in tok.children:
        if c.lower_ in words["planned_words"] and c.dep_ in ("amod", "advmod", "compound", "npadvmod"):
            return True
    if tok.tag_ in ("VBD", "VBN") or any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP") and
                                         c.lemma_.lower() == "have" for c in tok.children):
        return False
    left = [w.lower_ for w in sent if w.i < tok.i][-4:]
    return any(w in words["planned_words"] for w in left) and tok.pos_ != "VERB"


def _ordinal_infinitive(tok: Token, words: dict[str, Any]) -> Token | None:
    """The noun an infinitive after an ordinal or "only" describes ("the first country to recognize X", "the only
    state to vote against", "the first to sign"): such an infinitive states what its noun did, it is no purpose or
    plan (English: "the first woman to fly solo" flew). None if ``tok`` is no such infinitive."""
    if tok.tag_ != "VB" or tok.dep_ not in ("acl", "relcl", "advcl", "xcomp") or tok.head.i == tok.i or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return None
    head = tok.head
    nouns = [head]
    if tok.dep_ == "xcomp":
        # the parser may hang the infinitive on the copula: "was among the first countries to recognize X"
        if head.lemma_.lower() not in ("be", "become", "remain"):
            return None
        nouns = [c for c in head.children if c.dep_ in ("attr", "acomp", "oprd")] + [
            g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    ordinal = words.get("ordinal_words", ())
    for n in nouns:
        marks = [n, *(c for c in n.children if c.dep_ in ("amod", "advmod", "nummod", "quantmod"))]
        if any(m.lower_ in ordinal for m in marks):
            return head
    return None


def _hypothetical(tok: Token, chain: list[Token], words: dict[str, Any]) -> bool:
    for x in chain[:3]:
        for c in x.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in words["hypothetical_aux"]:
                return True
            if c.dep_ == "mark" and c.lower_ in words["conditional_marks"]:
                return True
    for x in chain[1:4]:
        if x.lemma_.lower() in words["hypothetical_heads"]:
            return True
    for c in tok.children:
        if c.dep_ in ("amod", "advmod") and c.lower_ in words["hypothetical_words"]:
            return True
        if tok.pos_ == "NOUN" and c.dep_ == "det" and c.lower_ in words.get("nonspecific_dets", ()):
            return True
    # a purpose ("arrived in Astana to attend the summit", "in order to sign", "both to counter X and to
    # strengthen cooperation"): intended, not asserted; the trigger may be the infinitive or its object
    verbs = [tok] if tok.pos_ in ("VERB", "AUX") else [x for x in chain[1:3] if x.pos_ in ("VERB", "AUX")][:1]
    for x in verbs:
        base = x
        while base.dep_ == "conj" and base.head is not base:
            base = base.head        # a conjunct is the purpose its first conjunct is
        if x.tag_ == "VB" and base.dep_ in ("advcl", "xcomp", "acl") and not _ordinal_infinitive(base, words) and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in (*x.children, *base.children)) \
                and base.head.pos_ in ("VERB", "NOUN") \
                and base.head.lemma_.lower() not in words["realising_heads"] \
                and base.head.lemma_.lower() not in words["planned_heads"]:
            return True
    return False


def _opinion(tok: Token, chain: list[Token], sent: Span, words: dict[str, Any]) -> bool:
    for i, x in enumerate(chain[1:5], 1):
        if x.lemma_.lower() in words["belief_heads"] and x.pos_ in ("VERB", "NOUN", "ADJ"):
            if x.lemma_.lower() in PERCEPTION and tok.tag_ in ("VBN", "VBG") and (
                    chain[i - 1].dep_ == "dobj" or chain[i - 1] is tok and tok.dep_ in ("ccomp", "oprd", "xcomp")):
                # "has seen its territory annexed", "saw its exports falling": what a subject underwent, not a view
                continue
            return True
    for x in chain[:3]:
        for c in x.children:
            if c.dep_ in ("nsubj", "nsubjpass") and (c.lemma_.lower() in words["opinion_subjects"] or
                                                     c.lower_ in ("%", "percent", "per")):
                return True
            if c.dep_ == "prep" and c.lower_ == "in" and any(g.lemma_.lower() in ("opinion", "view") for g in c.children):
                return True
    poll, lemmas = set(words["poll_words"]), forms(sent.doc).lemma
    return any(lemmas[i] in poll for i in range(sent.start, sent.end)) and any(
        t.like_num or t.text == "%" for t in sent)


def _between_sides(tok: Token) -> bool:
    """A meeting or visit whose own phrase names both its sides ("after a meeting between A and B", "since the
    visit of X to Y"): a particular act the sentence reports in passing (FORMAT.md counts those), not a situation
    named as a time frame ("after the summit")."""
    preps = {c.lower_ for c in tok.children if c.dep_ == "prep" and any(g.dep_ == "pobj" for g in c.children)}
    own = "of" in preps or "by" in preps or any(c.dep_ == "poss" for c in tok.children)
    # the other side's "to/with" phrase may hang on the first side's words ("the visit of X as head of state to Y")
    inner = {c.lower_ for c in tok.subtree if c.dep_ == "prep" and c.head.i != tok.i and
             any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in c.children)}
    return "between" in preps or own and bool((preps | inner) & {"to", "with"})


def _occurrence_told(tok: Token, words: dict[str, Any]) -> bool:
    """A noun act that a relative clause of its own says took place, in a past tense ("the protests that broke out
    in X on May 2", "the clashes which erupted last week"): the clause asserts the act, whatever phrase the noun
    stands in (a time frame names a situation; this one is reported as having occurred)."""
    base = tok
    while base.dep_ == "conj" and base.head is not base:
        base = base.head     # "the demonstrations and riots that broke out": the clause is on the first conjunct
    for n in {tok, base}:
        for c in n.children:
            if c.dep_ == "relcl" and c.lemma_.lower() in words["occur_verbs"] and (
                    c.tag_ == "VBD" or c.tag_ == "VBN" and any(a.dep_ == "aux" and a.lemma_ == "have" for a in c.children)) \
                    and any(s.dep_ == "nsubj" and s.tag_ in ("WDT", "WP") for s in c.children):
                return True
    return False


def _background(tok: Token, chain: list[Token], words: dict[str, Any], gathering: bool = False) -> bool:
    if tok.pos_ in ("VERB", "AUX") and tok.tag_ != "VBN":
        # a clause ("since Russia invaded", "after they met") is asserted, in passing: it counts
        return False
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and tok.head.pos_ == "NOUN" and tok.head.i != tok.i and \
            _background(tok.head, _chain(tok.head), words):
        return True     # "hit by sanctions imposed by X", "in reaction to the announced measures": the participle
        # describes a noun named as a cause
    if tok.pos_ == "NOUN" and _occurrence_told(tok, words):
        return False    # "during the protests that broke out in X on May 2": the clause asserts they took place
    for i, x in enumerate(chain[:4]):
        if x.dep_ == "pobj" and x.head.lower_ in words["frame_preps"]:
            # "during the summit, X signed ...": a meeting going on while the sentence's act is done took place
            # (it is news, not a situation the act is set against)
            return not (gathering and i == 0 and (x.head.lower_ in words["while_preps"] or _between_sides(tok)))
        if x.dep_ == "pobj" and x.head.dep_ == "prep" and x.head.head.lower_ in ("to", "of") and \
                x.head.head.head.lower_ in ("due", "because", "thanks", "result", "response"):
            return True
        if x.dep_ == "pobj" and x.head.lower_ in ("to", "for") and \
                x.head.head.lemma_.lower() in words.get("reaction_nouns", ()):
            return True     # "in response to the sanctions", "in retaliation for the strikes": what is reacted to
        if x.pos_ in ("VERB", "AUX") and x.tag_ != "VBN":
            break
    base = tok
    while base.dep_ == "conj" and base.head is not base:
        base = base.head     # "hit by the war and sanctions": a conjunct stands where the first one does
    if tok.pos_ == "NOUN" and base.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "mark" and c.lower_ in words["frame_preps"] for c in base.head.children):
        # "since the invasion led to sanctions", "after the summit ended": the subject of a time or cause clause
        return True
    # "the flare-up follows clashes between A and B": the object of a verb of sequence is a time frame, as the
    # object of "following" or "after" is
    if tok.pos_ == "NOUN" and base.dep_ == "dobj" and base.head.lemma_.lower() in words.get("frame_verbs", ()):
        return True
    # "hit by Western sanctions", "the sanctions imposed on Russia" (a participle describing a noun)
    if tok.pos_ == "NOUN" and base.dep_ == "pobj" and base.head.lower_ == "by" and base.head.head.tag_ == "VBN":
        return True
    # "in the wake of the invasion", "in the aftermath of the clashes": a noun naming a time frame or a cause
    for x in chain[:3]:
        if x.dep_ == "pobj" and x.head.lower_ == "of" and x.head.head.lemma_.lower() in words["frame_nouns"]:
            return True
        if x.pos_ in ("VERB", "AUX"):
            break
    return False


def _stated_commitment(tok: Token, words: dict[str, Any]) -> bool:
    """A commitment stated in the future tense ("China will remain committed to ...", "we will always be ready to
    ..."): saying it is the commitment, made now (FORMAT.md: a commitment made by an actor is an AGREE), unlike a
    plan to commit ("will sign", "plans to be ready"). The trigger is an adjective of commitment whose copula's only
    mark of the future is "will"/"shall"."""
    if tok.pos_ != "ADJ" or tok.lemma_.lower() not in words.get("commitment_states", ()) or tok.dep_ != "acomp":
        return False
    cop = tok.head
    return cop.lemma_.lower() in ("be", "remain", "stay") and cop.dep_ not in ("xcomp", "advcl") and any(
        c.dep_ == "aux" and c.lower_ in words["planned_aux"] for c in cop.children)


def pledged_stance(tok: Token, words: dict[str, Any]) -> bool:
    """A stance pledged ("pledged to firmly oppose interference", "vowed to support X", "is committed to supporting
    X"): support or rejection is expressed by stating it, so the pledge made is the stance taken (PLOVER: SUPPORT
    and REJECT are verbal acts), unlike a pledge of a material act ("pledged to send troops"). The pledge itself is
    made, not planned: no "will" on it."""
    head = tok.head if tok.dep_ in ("xcomp", "pcomp") else None
    if head is not None and head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head      # "committed to supporting X"
    if head is None or head.i == tok.i or head.lemma_.lower() not in words.get("commitment_heads", ()):
        return False
    return not any(c.dep_ in ("aux", "auxpass") and c.lower_ in words["planned_aux"] for c in head.children)


def _money(tok: Token) -> bool:
    return tok.ent_type_ == "MONEY" or tok.text in ("$", "€", "£", "¥") or any(
        c.dep_ in ("nmod", "quantmod", "compound", "nummod") and c.text in ("$", "€", "£", "¥") for c in tok.children)


def _statistic(tok: Token) -> bool:
    """A sum of money totted up by a participle ("$17 billion in funds invested in the region", "the $3bn
    allocated so far"): a statistic (FORMAT.md: statistics are no events), not an act someone is said to have
    done. The participle has no auxiliary and no agent, and what it describes is the sum itself (or the noun of
    an "in" phrase on it: "billion in capital"); documents worth a sum ("$2bn of deals signed") are acts."""
    if tok.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass", "agent") for c in tok.children):
        return False
    nouns = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if tok.dep_ in ("acl", "amod"):
        nouns.append(tok.head)
    for n in nouns:
        if n.dep_ == "pobj" and n.head.lower_ == "in" and n.head.head is not n.head:
            n = n.head.head     # "$17 billion in funds invested"
        if _money(n):
            return True
    return False


def judge(tok: Token, sent: Span, words: dict[str, Any], trigger_words: set[str] | None = None,
          date: str | None = None, anchor: dt.date | None = None, absorb_negation: bool = False,
          gathering: bool = False) -> Factuality:
    """The factuality of the event candidate whose trigger is ``tok`` (see the module's docstring).

    ``absorb_negation``: the trigger's type changes when it is negated ("did not recognise" is a
    REJECT), so a negation makes it another event, not a denied one (``negated`` still says so).
    ``gathering``: the trigger names a meeting or visit (CONSULT), which "during" asserts took place.
    """
    full = _parallel(_chain(tok))
    claim = any(x.lemma_.lower() in words["claim_heads"] for x in full[1:])
    depth = sum(1 for x in full[:-1] if x.dep_ in SUBORDINATE or x.dep_ in ("pobj", "prep", "acl"))
    main = full[-1].dep_ == "ROOT" and depth == 0 or (claim and depth <= 1)
    # a relative clause's verb is presupposed, not under the belief, plan or condition of the clause its noun
    # is in ("I believe the agreement we signed will help": the signing happened)
    rel = next((i for i, x in enumerate(full) if x.dep_ == "relcl" and x.pos_ in ("VERB", "AUX")), None)
    chain = full if rel is None else full[:rel + 1]
    outer = _ordinal_infinitive(tok, words)
    if outer is not None and not _is_negated(tok, [tok], words, trigger_words or set()):
        # "X was among the first countries to recognize Y": what the clause says of its noun, in its tense and mood
        fact = judge(outer, sent, words, None, date, anchor)
        return Factuality(fact.label, fact.negated, claim, main, depth)
    if tok.pos_ == "NOUN" and _occurrence_told(tok, words):
        chain = chain[:1]   # "... to guard X during the riots that broke out on May 2": the clause says they occurred
    negated = _is_negated(tok, chain, words, trigger_words or set())
    if _background(tok, chain, words, gathering):
        label = "background"
    elif negated and not absorb_negation:
        label = "negated"
    elif _hypothetical(tok, chain, words):
        label = "hypothetical"
    elif _future(tok, chain, sent, words) and not _stated_commitment(tok, words) or _after(date, anchor):
        label = "future"
    elif _opinion(tok, chain, sent, words) or _statistic(tok):
        label = "opinion"
    else:
        label = "happened"
    return Factuality(label, negated, claim, main, depth)


def _after(date: str | None, anchor: dt.date | None) -> bool:
    """Whether ``date`` ("YYYY", "YYYY-MM" or "YYYY-MM-DD") lies after ``anchor`` at the date's precision."""
    if not date or anchor is None:
        return False
    return date > anchor.isoformat()[:len(date)]
