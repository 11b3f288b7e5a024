"""PLOVER events from a parsed sentence: trigger lexicon + dependency parse.

For every trigger of ``data/events.yaml`` found in a sentence:

* the **actor** is what the trigger's grammatical subject names (the agent of
  a passive; the possessor or the state adjective of a noun trigger: "Xi's
  visit", "Chinese support"); people are coded to the state or organisation
  they act for, as PLOVER codes a head of state's act as the state's, and are
  kept on the event as ``people``;
* the **recipient** is what its object or prepositional complements name
  ("visited Kazakhstan", "a tour to Ukraine"); for a visit the visitor is the
  actor and the host the recipient; for a summit or gathering every
  participant is an actor;
* the **date** is the date expression nearest the trigger in the sentence
  (``date_kind`` "event"), else the publication date at month precision
  (``date_kind`` "report"), else unknown;
* the factuality (``extract.factuality``): happened, negated ("did not sign"), future ("will
  meet", "plans to visit"), hypothetical ("could send"), opinion ("experts believe ...") or
  background ("since the invasion"); ``claim`` when reported through a speech verb.

Only happened candidates are exported as events; the others stay in the knowledge base with their
flags (``negated``, ``planned``, ``hypothetical``). The "event_judge" step (``extract.judge``) dates
undated ones by the day of the news and reports one record per act.
"""
from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..ontology import Ontology
from ..ontology import load as load_ontology
from .actors import ActorIndex, is_igo
from .dates import DateRef
from .discourse import Discourse, is_document, is_unnamed_body, sanction_owners
from .doc_text import text_of
from .event_frames import (
    act_date,
    counted_group,
    counted_parties,
    counterparts,
    first_plural,
    objects,
    patient_named,
    place_of,
    place_phrases,
    possessive_owner,
    prep_light_verb,
    reacts_to,
    relative_clause,
    reported_own_side,
    restrains,
    shared_passive,
    subject_before,
    targets_people,
    visit_host,
    visit_place,
)
from .event_lexicon import Trigger, lexicon, match_trigger, may_trigger
from .event_merge import dedupe, each_visitor, one_means, one_meeting, one_pledge
from .factuality import judge, pledged_stance
from .judge import candidate_features
from .model import Event, Mention, RoleStatement
from .speech import (
    addressee,
    addresses_you,
    asserted_in_speech,
    first_person_group,
    performative,
    quoted_ranges,
)
from .token_forms import forms

SUBJ = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}
OBJ = {"dobj", "dative", "attr", "oprd", "obj"}
RECIPIENT_PREPS = {"to", "with", "against", "toward", "towards"}
# Types whose other side undergoes the act: a company it falls on is coded with its home state.
PATIENT_TYPES = {"SANCTION", "COERCE", "ACCUSE", "THREATEN", "ASSAULT"}
# Measures a state imposes on a population (its own, as a rule): they need no other party (PLOVER COERCE).
POPULATION_MEASURES = {"censor", "curfew", "martial-law"}
# Modes whose patient is a person by the verb's meaning (one arrests, detains, deports people): the act falls on people.
PERSON_PATIENT_MODES = {"arrest", "deport"}
# Subjects that stand for the parties just named ("the two leaders", "both sides", "the presidents").
GROUP_NOUNS = {"leader", "side", "president", "country", "nation", "state", "government", "party", "minister",
               "head", "delegation", "partner"}
PRONOUNS = {"he", "she", "him", "her", "his", "they", "them", "their", "it", "its"}
# Definite descriptions that refer back to the last person named ("the minister said").
ROLE_NOUNS = {"minister", "president", "leader", "king", "premier", "envoy", "official", "secretary",
              "chairman", "diplomat", "ambassador", "counterpart"}
QUOTE_CHARS = "“”\"„"
FIRST_PERSON = {"we", "i", "our", "my", "us"}
# verbs that put out a document in one's own name ("issued a statement condemning X")
ISSUING = {"issue", "release", "publish", "send", "circulate", "deliver", "put"}
# verbs that report a noun's act done ("a commitment was made", "a decision was taken", "talks were held")
LIGHT_VERBS = {"make", "take", "reach", "hold", "conduct", "sign", "conclude", "express", "voice", "give", "adopt",
               "achieve", "extend", "announce"}


def _subtree(tok: Token) -> list[Token]:
    return list(tok.subtree)


class EventExtractor:
    def __init__(self, onto: Ontology | None = None):
        self.onto = onto or load_ontology()
        self.lex = lexicon()
        self.igos = {e.id for e in self.onto.entities.values() if is_igo(e)}
        self.period: tuple[dt.date, dt.date] | None = None
        self.states = {e.id for e in self.onto.entities.values() if e.kind == "state"}
        self.discourse = Discourse(self.states)

    def __call__(self, doc: Doc, mentions: list[Mention], roles: list[RoleStatement],
                 anchor: dt.date | None, dates: list[DateRef],
                 speaker_at: Callable[[int], list[str] | None] | None = None,
                 period: tuple[dt.date, dt.date] | None = None, home: str | None = None,
                 index: ActorIndex | None = None) -> list[Event]:
        """The event candidates of one part. ``speaker_at(offset)``: the actor codes of the speaker of the
        quote at a character offset of ``doc`` (None where no attributed quote is): a trigger inside a
        quotation counts only with a known speaker, who is what "we", "I" and "our" name there.
        ``period``: without ``anchor``, the month or year of publication (its first and last day).
        ``home``: the state the document is about (``discourse.dominant_state``), for unnamed state bodies.
        ``index``: the part's ``ActorIndex`` where the caller has it (built from ``doc``, ``mentions`` and ``roles``)."""
        self.period = period if anchor is None else None
        index = index if index is not None else ActorIndex(doc, mentions, roles, self.onto)
        self.discourse = discourse = Discourse(self.states, home)
        prev_end = 0
        events: list[Event] = []
        triggers: list[Token] = []     # the trigger of each event (one act, several triggers: ``dedupe``)
        last_actor: list[str] = []
        last_people: list[str] = []
        prev_codes: list[str] = []
        full = text_of(doc)   # Doc.text joins every token: read it once, not per trigger
        quoted = quoted_ranges(full)
        quoted_starts = [a for a, _ in quoted]
        lower, lemmas, _ = forms(doc)
        for sent in doc.sents:
            tokens = list(sent)
            sent_codes = index.in_tokens(tokens)     # the actors the sentence names (read, never changed)
            words = [t for t in tokens if not t.is_space]
            if words:
                discourse.new_sentence("\n" in full[prev_end:words[0].idx])
                prev_end = words[-1].idx + len(words[-1])
            sent_events: list[Event] = []
            sent_tokens: list[Token] = []
            i = 0
            while i < len(tokens):
                if not may_trigger(lower[sent.start + i], lemmas[sent.start + i], self.lex):
                    i += 1      # no trigger here, in quotation marks or not
                    continue
                k = bisect.bisect_right(quoted_starts, tokens[i].idx) - 1   # the ranges are disjoint, in order
                speaker: list[str] | None = None
                in_marks = k >= 0 and tokens[i].idx < quoted[k][1]
                if in_marks:
                    # inside a quotation: an act the speaker reports ("We signed ...", said X), if X is known
                    speaker = speaker_at(tokens[i].idx) if speaker_at is not None else None
                    if not speaker:
                        i += 1
                        continue
                hit = match_trigger(tokens, i, self.lex)
                if hit is None:
                    i += 1
                    continue
                trig, n = hit
                # outside quotation marks, a paragraph the quotes step gives a speaker (a transcript's turn, a
                # statement its title declares): "we", "I", "our" there are that speaker too
                voice = None if in_marks or speaker_at is None else speaker_at(tokens[i].idx)
                ev = self._event(sent, tokens[i], trig, index, anchor, dates, last_actor, last_people, prev_codes,
                                 speaker, voice, list(zip(sent_tokens, sent_events)), sent_codes)
                if ev is not None:
                    ev.trigger = " ".join(t.text for t in tokens[i:i + n]) if n == 1 else \
                        full[tokens[i].idx:tokens[min(i + n, len(tokens)) - 1].idx + len(tokens[min(i + n, len(tokens)) - 1])]
                    for one in each_visitor(ev, tokens[i]):
                        sent_tokens.append(tokens[i])
                        sent_events.append(one)
                i += max(n, 1)
            # the last person named, and the state or organisation they act for
            for t in reversed(tokens):
                if t.i in index.people:
                    last_people = index.people[t.i][:1]
                    last_actor = index.codes.get(t.i, last_actor)[:1]
                    break
            discourse.end_sentence(sent, index, [
                (e.actors + e.recipients, objects(t)) for e, t in zip(sent_events, sent_tokens)
                if e.happened and e.type in ("SUPPORT", "AGREE")], [e.actors + e.recipients for e in sent_events
                                                                   if e.happened],
                [e.actors + e.recipients for e in sent_events if e.happened and e.type == "CONSULT"])
            discourse.sanctioners += [e.actors[0] for e in sent_events if e.type == "SANCTION" and len(e.actors) == 1
                                      and "economic" in e.contexts and e.actors[0] not in discourse.sanctioners]
            kept = one_means(one_pledge(one_meeting(sent_events, sent_tokens), sent_events, sent_tokens),
                             sent_events, sent_tokens)
            events.extend(kept)
            triggers.extend(sent_tokens[next(n for n, o in enumerate(sent_events) if o is e)] for e in kept)
            prev_codes = [c for c in sent_codes if not c.startswith("org:") or c in self.igos] or prev_codes
        return dedupe(events, triggers)

    # ---------------------------------------------------------------- one trigger
    def _event(self, sent: Span, tok: Token, trig: Trigger, index: ActorIndex, anchor: dt.date | None,
               dates: list[DateRef], last_actor: list[str], last_people: list[str],
               prev_codes: list[str] = (), speaker: list[str] | None = None,
               voice: list[str] | None = None, prior: list[tuple[Token, Event]] = (),
               sent_codes: list[str] | None = None) -> Event | None:
        """One candidate. ``speaker``: the side of the speaker of the quotation the trigger is in (every act
        there is speech, held to ``asserted_in_speech``); ``voice``: the side of the speaker of a paragraph
        outside quotation marks (a transcript's turn, a declared statement), which only the first person
        names (and only acts so named are held to ``asserted_in_speech``); ``prior``: the triggers and events of the
        sentence so far; ``sent_codes``: ``index.in_tokens(sent)``, where the caller has it."""
        lex = self.lex
        first = speaker or voice    # whom "we", "I", "our" name
        verb = tok if tok.pos_ in ("VERB", "AUX") else None
        if verb is None and tok.pos_ == "ADJ" and tok.head.pos_ in ("VERB", "AUX"):
            verb = tok.head   # "Turkey stands ready to cooperate with ...", "is willing to ...": the verb's subject acts
        actors: list[str] = []
        recipients: list[str] = []
        people: list[str] = []
        head_verb = verb or (tok.head if tok.head.pos_ in ("VERB", "AUX") else None) or prep_light_verb(
            tok, lex.modality["prep_light_verbs"])   # "subjected X to shelling", "engaged in talks"
        negated_subject = False
        own_actor = True   # a noun trigger names its own actor
        actor_src = "subject" if verb is not None else "noun"   # where the actors came from (a judge's feature)
        unnamed = False    # the subject is a state body named without its state ("the authorities")
        by_first = False   # the actor is the one the first person names (the speaker's side)
        topic: list[str] = []   # the parties named in what the act is about (no recipients)
        discourse = self.discourse

        if verb is not None:
            subj = [c for c in verb.children if c.dep_ in SUBJ]
            if not subj and verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
                subj = [verb.head]   # "the president, warmly welcoming the guest, said ...": the noun it describes
                if is_document(verb.head) and verb.head.dep_ == "dobj" and verb.head.head.lemma_.lower() in ISSUING:
                    # "X issued a statement condemning Y": who issues the document says what it says (a document
                    # signed is the act of signing: what it establishes is no second act)
                    subj = [c for c in verb.head.head.children if c.dep_ == "nsubj"] or subj
            shared = shared_passive(verb) if not subj else None
            if shared is not None:
                # "two banks were sanctioned, accused of aiding X": the clause's passive subject is the participle's
                # patient too, and whoever did the clause's act (its agent, else the party found for it) does this one
                patient = [t for c in shared.children if c.dep_ == "nsubjpass" for t in _subtree(c)]
                recipients += [x for x in index.in_tokens(patient) if x not in recipients]
                agent = [t for c in shared.children if c.dep_ == "agent" for t in _subtree(c)]
                actors = index.in_tokens(agent) or next((list(e.actors) for t, e in prior if t.i == shared.i), [])
                actors = [a for a in actors if a not in recipients]
                actor_src = "passive"
            # conjoined verbs share their subject ("X visited A and met B")
            v = verb
            while not subj and shared is None and v.dep_ in ("conj", "xcomp", "advcl", "relcl", "pcomp", "acomp", "prep") and v.head.i != v.i:
                if (v.dep_ == "xcomp" or v.dep_ == "prep" and v.lower_ in ("of", "for")) and any(
                        c.dep_ == "dobj" for c in v.head.children):
                    # object control: "prompting police to open fire", "forced X to withdraw", "accused X
                    # of shelling", "thanked X for inviting him"
                    subj = [c for c in v.head.children if c.dep_ == "dobj"]
                    break
                v = v.head
                subj = [c for c in v.children if c.dep_ in SUBJ]
                if v.dep_ == "relcl" and not subj:
                    subj = [v.head]
            noun = verb.head.head if verb.dep_ == "pcomp" and verb.head.lower_ == "of" else None
            if not subj and noun is not None and noun.pos_ == "NOUN" and noun.dep_ == "dobj":
                subj = [c for c in noun.head.children if c.dep_ in SUBJ]   # "attended a ceremony of signing X"
            for s in subj:
                if s.dep_ == "agent":
                    continue
                # less a participle or relative clause on the subject ("the president, welcoming the Turkish guest,
                # said", "Erdogan, who visited Tbilisi, praised ...": what the clause names does not act here)
                cut = [(c.left_edge.i, c.right_edge.i) for c in s.children
                       if c.dep_ == "acl" and c.tag_ == "VBG" or c.dep_ == "relcl"]
                toks = [t for t in _subtree(s) if not any(a <= t.i <= b for a, b in cut)]
                clause = relative_clause(s)
                if clause is not None:
                    # "the leaders of A and B, who paid visits to C": the noun the clause modifies, less the clause
                    s = clause.head
                    toks = [t for t in _subtree(s) if not clause.left_edge.i <= t.i <= clause.right_edge.i]
                actors += [c for c in index.in_tokens(toks) if c not in actors]
                people += index.people_in(toks)
                if not actors and not speaker and s.dep_ == "nsubj" and (
                        is_document(s) or s.lower_ == "it" and discourse.prev_subject_document):
                    actors = discourse.document_parties(s, index)    # "the declaration called for ..."
                    actor_src = "document"
                elif not actors and not speaker and is_unnamed_body(s, index):
                    unnamed = True      # "the authorities detained ...": the state of the context (below)
                elif first and not actors and (s.lower_ in FIRST_PERSON or first_person_group(s, GROUP_NOUNS) or
                                               reported_own_side(s, verb, index.in_tokens, first, GROUP_NOUNS)):
                    # "We signed ...", said X; "our country has ...": X's side acts; likewise in reported speech,
                    # "X stated that his country "firmly supports Y"": the first person shifted to the third
                    actors = list(first)
                    actor_src = "speaker"
                    by_first = True
                elif not actors and s.lemma_.lower() in GROUP_NOUNS and any(
                        c.lower_ in ("two", "both", "three", "five", "all", "the") for c in s.children) or \
                        not actors and s.lower_ in ("both", "they") and len(prev_codes) >= 2 or \
                        not actors and s.lower_ == "they" and len(prev_codes) == 1 and prev_codes[0] in self.igos:
                    # "the two leaders", "both sides", "the presidents": the parties just named; "they" after a
                    # sentence that names one intergovernmental body alone: its members, the body ("the Member
                    # States of the SCO call for ... They reaffirm ...")
                    # (not the parties of what a shared view is about: "the two sides share a view of X")
                    topics = [o for o in verb.children if o.dep_ in OBJ] if trig.topic_object else []
                    actors = [c for c in index.in_tokens(t for t in sent if not any(
                        o.left_edge.i <= t.i <= o.right_edge.i for o in topics)) if c not in recipients] or list(prev_codes)
                    actors = counted_parties(s, actors, discourse.passive_parties())    # "the two sides": both
                    actor_src = "group"
                elif not actors and (s.lower_ in PRONOUNS or s.lemma_.lower() in ROLE_NOUNS | GROUP_NOUNS and
                                     any(c.lower_ in ("the", "his", "her") for c in s.children)
                                     and (s.lemma_.lower() in ROLE_NOUNS or s.lemma_.lower() in GROUP_NOUNS
                                          and any(c.lower_ in ("his", "her") for c in s.children))):
                    # "he", "the minister", "his country": the last person named and the side they act for
                    actors, people = subject_before(sent, s, index) or (list(last_actor), list(last_people))
                    actor_src = "pronoun"
                if any(c.lower_ in ("none", "no", "neither") for c in [s, *s.children]):
                    negated_subject = True
            if any(c.dep_ == "agent" for c in verb.children) and any(
                    s.dep_ == "nsubjpass" and s.head.i == verb.i for s in subj):
                # "X was attacked by Y", "he was welcomed by Y": Y acts (below); X, as resolved, undergoes the act
                recipients += [a for a in actors if a not in recipients]
                actors = []
            for c in verb.children:
                if c.dep_ == "agent":
                    toks = [t for p in c.children for t in _subtree(p)]
                    actors = index.in_tokens(toks) + [a for a in actors if a not in index.in_tokens(toks)]
                    people += index.people_in(toks)
                    unnamed = unnamed or not actors and not speaker and any(
                        is_unnamed_body(p, index) for p in c.children)     # "unplugged by authorities"
                elif c.dep_ == "nsubjpass":
                    recipients += [x for x in index.in_tokens(_subtree(c)) if x not in recipients]
            # an adjective's own phrase ("grateful to X", "satisfied with our cooperation with X")
            for c in verb.children if tok is verb else [*verb.children, *tok.children]:
                if c.dep_ in OBJ and trig.topic_object:
                    topic += index.in_tokens(_subtree(c))    # "discussed the situation in Afghanistan"
                    continue
                if c.dep_ in OBJ or c.dep_ in ("ccomp", "xcomp") and trig.type in ("SUPPORT", "REJECT"):
                    recipients += [x for x in index.in_tokens(_subtree(c)) if x not in recipients]
                elif c.dep_ == "prep" and (c.lower_ in RECIPIENT_PREPS or trig.type == "REQUEST" and c.lower_ in (
                        "for", "from")):
                    # "requested assistance from X", "applied for EU membership": whom a request is made of
                    recipients += [x for x in index.in_tokens(_subtree(c)) if x not in recipients]
                elif c.dep_ == "prep" and c.lower_ == "on":
                    # "dispatched X on a tour to Ukraine", "led the delegation on a trip to ..."
                    for pobj in c.children:
                        for p in pobj.children:
                            if p.dep_ == "prep" and p.lower_ in RECIPIENT_PREPS:
                                recipients += [x for x in index.in_tokens(_subtree(p)) if x not in recipients]
                elif c.dep_ == "ccomp" and trig.type in ("REQUEST", "ACCUSE", "THREATEN"):
                    for cs in c.children:
                        if cs.dep_ in ("nsubj", "nsubjpass"):
                            recipients += [x for x in index.in_tokens(_subtree(cs)) if x not in recipients]
        else:
            # noun trigger: possessor, compound or adjective names the actor
            for c in tok.children:
                if first and c.dep_ == "poss" and c.lower_ in FIRST_PERSON:
                    actors += [x for x in first if x not in actors]   # "our support", in X's words
                    by_first = True
                elif c.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod"):
                    actors += [x for x in index.in_tokens(_subtree(c)) if x not in actors]
                    people += index.people_in(_subtree(c))
                elif c.dep_ == "prep" and c.lower_ == "of" and trig.lemma[0] in lex.patient_of_nouns:
                    # "the establishment of a Georgian-Armenian council": the parties its phrase names found the body;
                    # "the establishment of the Soviet Union": a state founded is no party founding it
                    founded = {x for g in c.children if g.dep_ == "pobj" for x in index.in_tokens([g]) if x in self.states}
                    actors += [x for x in index.in_tokens(_subtree(c)) if x not in actors and x not in founded]
                elif c.dep_ == "prep" and trig.type not in ("SUPPORT", "ACCUSE") and (c.lower_ == "by" or c.lower_ == "of"
                                                                                  and not actors and trig.type not in lex.patient_of):
                    # "the visit of X", "the invasion by X"; but "the invasion of X", "Russia's deployment of
                    # troops to X": after a possessor, or for an act done to someone, "of" names the patient
                    actors += [x for x in index.in_tokens(_subtree(c)) if x not in actors]
                elif c.dep_ == "prep":
                    recipients += [x for x in index.in_tokens(_subtree(c)) if x not in recipients]
            between = [x for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"
                       for x in index.in_tokens(_subtree(c))]
            if not actors and not first and len(between) >= 2 and trig.type != "AGREE":
                # "talks between A and B were held", "clashes between A and B": both do the act (not "cooperation
                # between A and B is developing": a relation described, no commitment made)
                actors = list(dict.fromkeys(between))
                recipients = [r for r in recipients if r not in actors]
            owner = None if actors or first else possessive_owner(tok, sent, index, last_actor, last_people)
            if owner and not recipients and trig.mode == "visit":
                # "In X, during his last visit, the leader hailed ...": the place of the clause the visit's phrase
                # is in is the visit's host
                recipients = visit_place(tok, index.in_tokens, self.states, owner[0])
            if owner and (recipients or trig.multilateral):
                # "during his meeting with X, Macron said ...": the clause's subject person (else the last one named);
                # only with the other side in the noun's own phrase (the sentence's other states may be anyone's)
                actors, people, actor_src = [c for c in owner[0] if c not in recipients], owner[1], "pronoun"
            own_actor = bool(actors)
            conj = tok
            while conj.dep_ == "conj" and conj.head.pos_ in ("NOUN", "PROPN") and conj.head.i != conj.i:
                conj = conj.head    # "conducted exercises in X and joint training in Y": a conjunct is an object too
            if conj is not tok and head_verb is None and conj.head.pos_ in ("VERB", "AUX"):
                head_verb = conj.head
            if not actors and head_verb is not None and conj.dep_ in ("dobj", "attr", "oprd", "pobj", "nsubjpass") \
                    and not reacts_to(head_verb, trig.type, lex.by_first, lex.modality["light_verbs"]) \
                    and head_verb.lemma_.lower() not in lex.modality["breach_verbs"]:
                # "X signed agreements", "X held talks", "X expressed the wish to deepen cooperation":
                # the subject of the verb (or of the verbs it depends on)
                subj = [c for c in head_verb.children if c.dep_ in SUBJ and c.dep_ != "nsubjpass"]
                v = head_verb
                while not subj and v.dep_ in ("xcomp", "conj", "advcl", "acl", "pcomp", "prep", "pobj", "dobj") \
                        and v.head is not v:
                    v = v.head
                    subj = [c for c in v.children if c.dep_ in ("nsubj", "agent")]
                subj = [t for s in subj for t in ([g for g in s.children if g.dep_ == "pobj"] if s.dep_ == "agent"
                                                   else [s])]
                if first and any(s.lower_ in FIRST_PERSON or first_person_group(s, GROUP_NOUNS) for s in subj):
                    actors += [x for x in first if x not in actors]   # "we held talks", in X's words
                    by_first = True
                for s in subj:
                    if s.i != tok.i and not (s.left_edge.i <= tok.i <= s.right_edge.i):
                        actors += [x for x in index.in_tokens(_subtree(s)) if x not in actors]
                        people += index.people_in(_subtree(s))
                        if not actors and not speaker and s.dep_ == "nsubj" and (
                                is_document(s) or s.lower_ == "it" and discourse.prev_subject_document):
                            actors = discourse.document_parties(s, index)   # "the statement expressed support"
                        elif not actors and not speaker and is_unnamed_body(s, index):
                            unnamed = True      # "prosecutors launched a probe"
                        elif not actors and s.lemma_.lower() in GROUP_NOUNS and s.tag_ in ("NNS", "NNPS") and any(
                                c.lower_ in ("the", "both", "two", "all") for c in s.children):
                            # "the presidents stated the importance of developing cooperation": the parties just named
                            actors = [c for c in prev_codes if c not in recipients]
                own_actor = bool(actors)
                actor_src = "verb_subject"
            if tok.dep_ in ("dobj", "pobj", "attr", "nsubj", "nsubjpass") and head_verb is not None:
                for c in head_verb.children:
                    if c.dep_ == "prep" and c.lower_ in ("to", "with", "against") and not (
                            c.left_edge.i <= tok.i <= c.right_edge.i) or c.dep_ == "dobj" and tok.dep_ == "pobj":
                        recipients += [x for x in index.in_tokens(_subtree(c)) if x not in recipients]

        sent_codes = index.in_tokens(sent) if sent_codes is None else sent_codes
        if unnamed and not actors:
            # the state the context is about, if it is one: not a state this sentence names
            actors = discourse.state_for_body([c for c in sent_codes if c in self.states] + recipients)
            own_actor = bool(actors)
            actor_src = "context"
        imposer = verb or head_verb or next((c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
        if not actors and trig.mode in POPULATION_MEASURES and imposer is not None and not any(
                c.dep_ in ("agent", "nsubj") for c in imposer.children):
            # "a state of emergency imposed in X", "a curfew was declared": a state imposes such measures where it
            # governs, so the one state the sentence names, else the state of the context
            states = list(dict.fromkeys(c for c in sent_codes if c in self.states))
            actors = states if len(states) == 1 else discourse.state_for_body(states)
            own_actor = bool(actors)
            actor_src = "context"
        if not actors and verb is None and tok.dep_ == "nsubjpass" and head_verb is not None and \
                head_verb.tag_ == "VBN" and not any(c.dep_ == "agent" for c in head_verb.children) and \
                head_verb.lemma_.lower() in set(trig.lemma) | trig.needs | LIGHT_VERBS:
            # "talks were held with X", "an agreement was reached": the noun of a light-verb phrase as the
            # subject of its verb in an agentless passive (as below; not the recipients alone)
            actors = self._passive_actors(sent_codes, recipients, recipients_act=False)
            if not actors and first:
                # in a speaker's words, their own side ("Detailed talks have been held with X", in X's host's words)
                actors, by_first = [c for c in first if c not in recipients], True
            recipients = [r for r in recipients if r not in actors]
            own_actor = bool(actors)
            actor_src = "passive"
        if not actors and trig.type == "PROTEST":
            # "protests broke out in Kazakhstan", "demonstrators rallied in Almaty": people of the place protest
            actors = [c for c in index.in_tokens(place_phrases(tok, head_verb, lex.modality["occur_verbs"])) if c in self.states][:1]
            own_actor, actor_src = bool(actors), "place"
        if verb is None and not own_actor:
            # a bare noun ("the summit is an opportunity") refers; it reports only if
            # a multilateral noun's own phrase names two participants or more
            own = index.in_tokens(_subtree(tok))
            if trig.multilateral and trig.type == "ASSAULT" and len(own) < 2:
                # "clashes erupted near the border" after a sentence on the A-B border: a fight has two sides, and
                # when the sentence and the one before name exactly two states, they are the sides
                sides = list(dict.fromkeys(c for c in [*sent_codes, *prev_codes] if c in self.states))
                own = sides if len(sides) == 2 else own
            if trig.mode in PERSON_PATIENT_MODES and not own:
                # "caught up in a wave of arrests": only a state's authorities arrest, detain or deport; with no
                # agent named, those of the state the context is about (as for "the authorities")
                own = discourse.state_for_body([c for c in sent_codes if c in self.states])
                if own:
                    actors, own_actor, actor_src = own, True, "context"
            if not own_actor and not (trig.multilateral and len(own) >= 2):
                return None
            actors = own
        if trig.multilateral:
            # the participants the trigger's own phrase and clause name; the whole sentence only if
            # they name fewer than two
            own = index.in_tokens(_subtree(tok))
            if head_verb is not None and verb is None and tok.dep_ in ("dobj", "pobj", "nsubj", "attr"):
                own += index.in_tokens(t for c in head_verb.children if c.dep_ in SUBJ for t in _subtree(c))
            participants = [c for c in own if c not in actors and c not in recipients]
            actors = actors + participants + [r for r in recipients if r not in actors]
            if len(actors) < 2:
                actors += [c for c in sent_codes if c not in actors]
                actor_src = "sentence"
            recipients = []
        if trig.actor_is_object:
            actors, recipients = recipients, actors
        passive = verb is not None and tok.tag_ == "VBN" and not any(c.dep_ in ("agent", "nsubj") for c in tok.children)
        economic = trig.type == "SANCTION" and "economic" in trig.context
        owners = sanction_owners(verb, index) if economic and passive else []
        if owners and any(c.dep_ == "nsubjpass" for c in tok.children):
            # "two firms were put on the EU sanctions list": the list's owner sanctions its subject
            recipients = [c for c in actors + recipients if c not in owners]
            actors, actor_src = owners, "passive"
        if not actors and passive:
            # "agreements were signed", "an agreement was reached": an agentless passive; "two banks have been
            # sanctioned": the one party the part says imposes sanctions
            actors = owners or (economic and discourse.sanctioner(recipients)) or \
                self._passive_actors(sent_codes, recipients)
            recipients = [r for r in recipients if r not in actors]
            actor_src = "passive"
        if not actors:
            return None
        if trig.type in PATIENT_TYPES:      # "sanctioned two Kyrgyz banks": the banks' state undergoes the act
            recipients += [c for c in index.patient_origin(tok, verb) if c not in recipients + actors]
        if (speaker or by_first) and not asserted_in_speech(tok, verb, trig.type, by_first):
            return None
        recipients = [r for r in recipients if r not in actors]
        recipient_src = "clause" if recipients else "none"
        if not recipients and first and addresses_you(tok, verb):
            # "I congratulate you", in a speaker's words: the other party named before (not the sentence's states)
            recipients = addressee(tok, index.people, index.codes, list(first) + actors)
            if not recipients:
                return None
            recipient_src = "addressee"
        if not recipients and not trig.multilateral:
            # "thanked the five countries", "the partnership between the two countries": a counted group the
            # previous sentence names, less the actors
            recipients = counted_group(tok, verb, GROUP_NOUNS, prev_codes, actors)
            recipient_src = "group" if recipients else recipient_src
        if not recipients and not trig.multilateral:
            # a dyadic event whose other side the clause leaves implicit: the other states named
            recipients = [c for c in sent_codes if c not in actors and c not in topic and not c.startswith("org:")]
            recipient_src = "sentence" if recipients else "none"
        if not recipients and trig.mode == "visit" and verb is None and tok.pos_ == "NOUN":
            recipients = visit_host(actors, discourse.passive_parties(), self.states)   # the destination just given
        elif not recipients and not trig.multilateral and any(t.lower_ == "bilateral" for t in _subtree(verb or tok)):
            recipients = visit_host(actors, discourse.passive_parties(), self.states)   # "bilateral": the other side
        if by_first and trig.joint and discourse.occasion and first_plural(tok, head_verb):
            actors += [c for c in discourse.occasion if c not in actors + recipients]   # "we agreed": both sides
        if by_first and not recipients and len(actors) < 2 and (trig.type == "CONSULT" or performative(
                tok, verb, trig.type)):
            # the speaker's side alone: thanks to no one named, talks with no one named (the meeting the
            # speaker reports is already recorded with its parties)
            return None
        # a dyadic act needs a recipient, except one whose participants are all actors ("A and B clashed"), an act
        # on people ("detained two journalists") and a joint
        # declaration's call ("the declaration called for a cessation of hostilities": it addresses the world)
        if trig.type in self.lex.dyadic and not recipients and not (trig.multilateral and len(actors) >= 2) and not (
                trig.type in self.lex.on_people and targets_people(tok, verb, self.lex.people, index.people)) and \
                not (trig.mode in PERSON_PATIENT_MODES and (verb is None or patient_named(tok, verb))) and \
                trig.mode not in POPULATION_MEASURES and not (
                actor_src == "document" and trig.type == "REQUEST" and (len(actors) >= 2 or actors[0] in self.igos)):
            return None
        if all(c in index.companies for c in actors + recipients) or not recipients and \
                len([a for a in actors if not a.startswith("org:")]) < 2 and index.only_companies(actors, sent):
            return None     # companies alone, or one state's companies with no party besides (FORMAT.md: not coded)
        if trig.type == "CONSULT":     # whom the meeting was with ("held talks with X": two meetings, two people)
            people += [p for p in index.people_in(counterparts(tok, verb, RECIPIENT_PREPS)) if p not in people]
        if not people:
            people = index.people_in(sent)

        words = self.lex.modality
        gathering = trig.type == "CONSULT"
        fact = judge(tok, sent, words, set(trig.lemma), absorb_negation=bool(trig.negated_type), gathering=gathering)
        perf = by_first and performative(tok, verb, trig.type) or trig.type in ("SUPPORT", "REJECT") and \
            pledged_stance(tok, words)     # "pledged to firmly support X": the pledge states the support
        if perf and not fact.negated and fact.label in ("future", "hypothetical"):
            fact = replace(fact, label="happened")      # "I would like to thank ...": the saying is the act
        negated = fact.negated or negated_subject
        etype = trig.type
        if negated and trig.negated_type:
            etype, negated = trig.negated_type, False
        elif trig.restraint_type and restrains(tok):
            etype = trig.restraint_type     # "promised not to ...": a concession (PLOVER CONCEDE)
        date, precision, kind = act_date(tok, sent, dates, anchor, fact.planned, self.period)
        if kind == "event" or negated_subject:
            latest = anchor or (self.period[1] if self.period else None)   # after it is after publication
            fact = judge(tok, sent, words, set(trig.lemma), date if kind == "event" else None, latest,
                         absorb_negation=bool(trig.negated_type) and not negated_subject, gathering=gathering)
            if perf and not fact.negated and fact.label in ("future", "hypothetical"):
                fact = replace(fact, label="happened")
        label = "negated" if negated and fact.label == "happened" else fact.label
        contexts = list(trig.context)
        low = text_of(sent.doc)[sent.start_char:sent.end_char].lower()    # sent.text
        for tag, words in lex.contexts.items():
            if tag not in contexts and any(w in low for w in words):
                contexts.append(tag)
        return Event(
            type=etype, mode=trig.mode, contexts=contexts, actors=actors, recipients=recipients,
            people=people, date=date, date_precision=precision, date_kind=kind,
            place=place_of(sent, index), negated=negated, hypothetical=fact.hypothetical,
            planned=fact.planned, claim=fact.claim, score=float(lex.types[etype]["score"]), trigger=tok.text,
            start=sent.start_char, end=sent.end_char, trigger_start=tok.idx, trigger_end=tok.idx + len(tok),
            factuality=label, main=fact.main,
            features=candidate_features(tok, sent, trig.type, trig.lemma, fact, label, actor_src, recipient_src,
                                        actors, recipients, people, kind))

    def _passive_actors(self, sent_codes: list[str], recipients: list[str], recipients_act: bool = True) -> list[str]:
        """Who acts in an agentless passive: the parties the sentence names (the judge weighs how often that
        holds), else those of the last act reported in this or the previous paragraph (a report's passives
        continue the occasion it describes: "The presidents met ... An agreement was reached to ..."), else
        the sentence's recipients ("agreements were signed with X")."""
        return [c for c in sent_codes if c not in recipients] or \
            [c for c in self.discourse.passive_parties() if c not in recipients] or \
            (list(recipients) if recipients_act else [])
