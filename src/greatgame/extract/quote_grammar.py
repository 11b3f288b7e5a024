"""The grammar of attribution: who a speech verb's subject names, and what its clause says.

``AttributionGrammar`` holds the rules the quote extractor (``extract.quotes``) reads a sentence with:

* **who speaks** (``_speaker``): the speech verb's subject, a person before an organisation or a state
  ("the Foreign Ministry", "Beijing", "Chinese officials" -> the state); pronouns and role nouns ("the
  minister") refer back to who was named before; "the statement" to whoever last spoke for a body;
  "A quoted B as saying": B; a passive verb's agent ("was announced by X"), never its subject ("X is
  said to ...");
* **what was said** (``_complement``): the verb's complement clauses, the object of a verb whose object
  is the speech ("expressed concern"), the phrases a verb takes for it ("called on", "accused X of");
* **source phrases** (``_source_phrase``): "according to X", "in X's opinion", "in his view".
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..ontology import load as load_ontology
from .doc_text import text_of
from .gender import People, genders
from .lexicon import load_data
from .model import Mention, RoleStatement
from .quote_parse import ParseRepairs
from .token_forms import forms

# the word lists of quotes.yaml looked up by membership
SETS = ("speech_verbs", "needs_complement", "anonymous", "not_speakers", "object_is_speech", "role_nouns",
        "document_nouns", "evidence_verbs", "quoting_verbs", "parenthetical_verbs", "impersonal_verbs",
        "statement_nouns", "object_not_speech", "judgement_verbs", "company_nouns", "private_voices",
        "unsaid_modals", "claim_nouns", "attention_verbs", "issuing_verbs",
        "announcing_verbs", "insider_nouns")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    data = load_data("quotes.yaml")
    for key in SETS:
        data[key] = set(data[key])
    return data


class SpeakerIndex:
    def __init__(self, doc: Doc, mentions: list[Mention], roles: list[RoleStatement], day: dt.date | None = None):
        self.by_token: dict[int, Mention] = {}
        order = {"PERSON": 0, "ORG": 1, "IGO": 2, "STATE": 3}
        for m in sorted(mentions, key=lambda m: order.get(m.label, 9), reverse=True):
            if not m.entity or m.method == "leader":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token[t.i] = m
        self.roles = {r.person: r for r in roles}
        # the state each person leads, as the linker found it ("Tokayev" -> KAZ): whose "his government" is
        self.led = {p.entity: m for m in mentions if m.method == "leader" and m.entity for p in mentions
                    if p.label == "PERSON" and p.entity and (p.start, p.end) == (m.start, m.end)}
        # the people clauses had as subject or as speaker, with the genders the text shows: whom "he"/"she" names
        self.people = People(genders(doc, mentions))
        self.day = day      # the document's date: which offices the people named held

    def holds(self, m: Mention, noun: Token) -> bool:
        """Whether the person ``m`` held, on the document's date, an office the role noun names by the ontology
        ("the president": a head of state titled President; "the foreign minister"; "the premier", "the prime
        minister": a head of government; "the leader": either)."""
        if self.day is None or not m.entity or not m.entity.startswith("person:") or noun.tag_ in ("NNS", "NNPS"):
            return False    # "the leaders underlined ...": several people, not one
        word = noun.lemma_.lower()
        mods = {c.lower_ for c in noun.children if c.dep_ in ("compound", "amod")}
        for o in load_ontology().offices.get(m.entity, []):
            if not o.covers(self.day):
                continue
            title = (o.title or "").lower()
            if word == "leader" and o.role in ("head_of_state", "head_of_government") or \
                    word == "premier" and o.role == "head_of_government" or \
                    word == "minister" and "prime" in mods and o.role == "head_of_government" or \
                    word == "minister" and "foreign" in mods and o.role == "foreign_minister" or \
                    not mods & {"prime", "foreign"} and re.search(rf"\b{re.escape(word)}\b", title):
                return True
        return False

    def person_with_role(self, noun: str, recent: list[Mention]) -> Mention | None:
        """The latest person named whose stated role holds ``noun`` ("minister" for "the minister")."""
        nouns = HEAD_NOUNS if noun in HEAD_NOUNS else {noun}
        for m in recent:
            role = self.roles.get(m.entity)
            if role is not None and any(re.search(rf"\b{n}\b", (role.role or "").lower()) for n in nouns):
                return m
        return None

    def speaker_in(self, tokens: list[Token]) -> Mention | None:
        found = [self.by_token[t.i] for t in tokens if t.i in self.by_token]
        if not found:
            return None
        for label in ("PERSON", "ORG", "IGO", "STATE"):
            for m in found:
                if m.label == label:
                    return m
        return found[0]



# Words for whoever leads a body: "the bank's head" is the person named as its chairman.
HEAD_NOUNS = {"head", "chief", "chairman", "chairwoman", "chair", "director", "governor", "leader"}
TIME_MARKS = {"when", "while", "after", "before", "as", "since", "until", "once", "whenever", "upon"}




def _misparsed_that_clause(clause: Token) -> bool:
    """Whether a relative clause is a speech verb's "that"-clause that the parse hung on the noun before it
    ("told reporters on Monday that ...", "announced on the same day that ..."): it opens with "that" as a
    conjunction, not as the relative pronoun (it is the clause's object where the clause has an object of its
    own), and has a subject of its own."""
    first = clause.left_edge
    if first.lower_ != "that" or not any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.lower_ != "that"
                                         for c in clause.children):
        return False
    # a relative "that" fills a gap in its clause; parsed as the object of a clause that has an object of its
    # own ("said in a note that it has cut its key rate"), it fills none: a conjunction
    return first.dep_ in ("mark", "advmod") or first.dep_ == "dobj" and any(
        c.dep_ == "dobj" and c.i != first.i for c in clause.children)



def joined_quotations(long: list[tuple[int, int]], spans: list[tuple[int, int]], full: str, sent: Span,
            verb_at: int) -> list[tuple[int, int, str]]:
    """The quotations an attribution reports, with their words; a quotation the attribution splits ("“We are
    ready,” X said, “to build the plant ...”": a part ending in a comma before the verb, one going on in lower case
    after it) is one."""
    inside = [(a, b) for a, b in spans if sent.start_char <= a < sent.end_char]
    first = [(a, b) for a, b in inside if b <= verb_at and full[a:b].rstrip()[-1:] == ","]
    then = [(a, b) for a, b in inside if a > verb_at and full[a:b].lstrip()[:1].islower()]
    if first and then and (first[-1] in long or then[0] in long):
        (a, b), (c, d) = first[-1], then[0]
        rest = [(qs, qe, full[qs:qe].strip().rstrip(",")) for qs, qe in long if (qs, qe) not in (first[-1], then[0])]
        return sorted(rest + [(a, d, full[a:b].strip().rstrip(",") + " " + full[c:d].strip())])
    return [(qs, qe, full[qs:qe].strip().rstrip(",")) for qs, qe in long]


class AttributionGrammar(ParseRepairs):
    def __init__(self) -> None:
        self.lex = lexicon()

    @staticmethod
    def _may_open_source(lower: str, lemma: str) -> bool:
        """Whether a token of these forms (``lower_``, lower-cased lemma) is one ``_source_phrase`` starts from."""
        return lower == "according" or lemma in ("opinion", "view") or lower == "words"

    def _source_phrase(self, tok: Token, index: SpeakerIndex, last_person: Mention | None,
                       last_org: Mention | None, recent: list[Mention] = ()) -> tuple[Mention, set[int]] | None:
        """"according to X", "in X's opinion", "in the opinion of X", "in his view": the speaker and the
        phrase's tokens (the rest of the sentence is what was said)."""
        lex = self.lex
        doc = tok.doc
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            obj = [t for c in to.children for t in c.subtree] or list(tok.subtree)[2:]
            heads = [c.lemma_.lower() for c in to.children]
            if any(h in lex["anonymous"] and h not in lex["document_nouns"] for h in heads):
                return None
            phrase = set(t.i for t in tok.subtree) | {to.i} | {t.i for t in obj}
        elif (tok.lemma_.lower() in ("opinion", "view") or tok.lower_ == "words") and tok.head.lower_ == "in" and \
                tok.dep_ == "pobj":
            obj = [t for c in tok.children if c.dep_ in ("poss", "prep") for t in c.subtree]
            phrase = {t.i for t in tok.head.subtree}
        else:
            return None
        speaker = index.speaker_in(obj)
        heads = [t for t in obj if t.head not in obj]
        if heads and heads[0].lemma_.lower() in lex["role_nouns"] and (speaker is None or speaker.label != "PERSON"):
            # "in the view of the head of the Foreign Ministry": the person named before with that role
            speaker = index.person_with_role(heads[0].lemma_.lower(), recent) or speaker
        if speaker is None and obj:
            word = obj[0].lower_ if len(obj) == 1 else ""
            if word in ("him", "her", "his") and last_person is not None:
                speaker = index.people.resolve(word, last_person, recent)
            elif word in ("it", "its") and last_org is not None:
                speaker = last_org
        return (speaker, phrase) if speaker is not None else None

    def _complement(self, tok: Token) -> list[Token]:
        """What a speech verb's clause says: its complement clauses, the object of a verb whose object is
        the speech ("expressed concern"), the phrases a verb takes for it ("call on", "accuse X of")."""
        lex = self.lex
        lemma = tok.lemma_.lower()
        preps = set(lex["speech_preps"].get(lemma) or [])
        out = []
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp", "parataxis"):
                out.append(c)
            elif c.dep_ == "advcl" and c.lemma_.lower() in lex["quoting_verbs"]:
                continue    # "..., citing data from X": the source of what was said, not what was said
            elif c.dep_ == "advcl":
                # "..., adding that ...": a speech verb's clause says more; "speaking at a briefing",
                # "when asked about ...": the circumstances, not what was said
                participle = c.tag_ in ("VBG", "VBN") and not any(
                    k.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for k in c.children)
                if c.lemma_.lower() in lex["speech_verbs"] and not (participle and c.tag_ == "VBN") or not (
                        participle or any(m.dep_ == "mark" and m.lower_ in TIME_MARKS for m in c.children)):
                    out.append(c)   # (not "asked whether ...": a question put to the speaker)
            elif c.dep_ == "dobj" and lemma in lex["object_is_speech"]:
                out.append(c)
            elif c.dep_ == "dobj" and lemma in lex["announcing_verbs"] and any(
                    k.dep_ in ("acl", "ccomp") and k.pos_ in ("VERB", "AUX") and any(
                        x.dep_ in ("aux", "mark") and x.lower_ in ("to", "that") for x in k.children)
                    for k in c.children):
                out.append(c)   # "announced plans to hold a session", "confirmed its decision to leave
            elif c.dep_ == "prep" and c.lower_ in preps:
                out.append(c)
            elif c.dep_ == "dobj" and preps:
                # "warned importers of higher duties": the phrase the parse hangs on the one addressed
                out += [k for k in c.children if k.dep_ == "prep" and k.lower_ in preps]
        if lemma == "make":
            # "X made it clear that A": the clause of "clear", not "it clear"
            out = [c for c in out if c.lower_ != "clear"] + [k for c in tok.children if c.lower_ == "clear" for k in c.children
                    if k.dep_ in ("ccomp", "advcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in k.children)]
        if not out and lemma in lex["object_is_speech"]:
            # "X called Y's visit “historic”": the object and its predicate, where the parse hangs the object on
            # the predicate
            out = [c for c in tok.children if c.dep_ == "oprd"]
        if not out:
            out = [k for c in tok.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"
                   for k in o.children if k.dep_ in ("relcl", "acl") and _misparsed_that_clause(k)]
        if lemma in lex["judgement_verbs"]:
            # "considered it necessary to ...", "considers that ...": a view stated; "may consider using ...",
            # "considering them to be ...": a deliberation, or the writer's description
            out = [c for c in out if c.dep_ == "ccomp" and (
                any(k.dep_ == "mark" and k.lower_ == "that" for k in c.children) or c.pos_ == "ADJ" and any(
                    k.dep_ == "nsubj" and k.lower_ == "it" for k in c.children))]
        return out


    def _named_by(self, np: Token, index: SpeakerIndex) -> Mention | None:
        """Whom a noun phrase names: the one its head word names ("Putin's spokesman Dmitry Peskov" is Peskov),
        else a person before an organisation or a state; a company described by its state ("the main Kazakh
        railway company", "a company that mines in Kazakhstan") is not that state."""
        own = [index.by_token.get(t.i) for t in [np] + [c for c in np.children if c.dep_ == "appos"]]
        own = [m for m in own if m is not None and m.label == "PERSON"]
        # "Putin's spokesman Dmitry Peskov", "X's spokesman, Y,": the head or the name in apposition to it; else
        # who the phrase's core names before who a clause or a parenthesis inside it names ("The ministers of the
        # member states of X, following a session of Y, ...": X)
        aside = {t.i for d in np.subtree if d.i != np.i and (d.dep_ in ("parataxis", "relcl", "advcl") or
                                                             d.dep_ == "prep" and d.pos_ == "VERB") for t in d.subtree}
        speaker = own[0] if own else (index.speaker_in([t for t in np.subtree if t.i not in aside]) or
                                      index.speaker_in(list(np.subtree)))
        if speaker is not None and speaker.label == "STATE" and np.lemma_.lower() in self.lex["company_nouns"]:
            return None
        return speaker

    def _owned_documents(self, sent: Span, index: SpeakerIndex) -> dict[str, Mention]:
        """The documents a sentence names with their owner ("the Treasury's press release", "a statement from
        the Kremlin"), by their noun: "the press release" later is that owner's."""
        out = {}
        doc, (_, lemmas, pos) = sent.doc, forms(sent.doc)
        for i in range(sent.start, sent.end):
            if lemmas[i] not in self.lex["document_nouns"] or pos[i] != "NOUN":
                continue
            t = doc[i]
            owner = [k for c in t.children if c.dep_ == "poss" or c.dep_ == "compound" and c.pos_ == "PROPN"
                     for k in c.subtree]
            owner += [k for c in t.children if c.dep_ == "prep" and c.lower_ == "from"
                      for k in c.subtree if k is not c]
            if not owner and t.dep_ == "dobj" and t.head.lemma_.lower() in self.lex["issuing_verbs"]:
                # "X issued a statement": the statement is X's
                owner = [k for c in t.head.children if c.dep_ == "nsubj" for k in c.subtree]
            named = index.speaker_in(owner) if owner else None
            if named is not None and named.label == "STATE" and any(
                    c.dep_ == "prep" and c.lower_ == "from" and self._named_by(o, index) is None
                    for c in t.children for o in c.children if o.dep_ == "pobj"):
                named = None    # "a statement from the largest copper company, which mines in Kazakhstan"
            if named is not None:
                out[t.lemma_.lower()] = named
        return out

    def _inside(self, np: Token, index: SpeakerIndex) -> bool:
        """Whether an unnamed insider is placed in an organisation ("a source at X", "officials in X", "a
        representative of X"): X speaks (an analyst or expert at X still speaks for themself: ``private_voices``)."""
        return np.lemma_.lower() in self.lex["insider_nouns"] and any(
            c.dep_ == "prep" and c.lower_ in ("at", "in", "within", "from", "of") and any(
                index.speaker_in(list(o.subtree)) is not None for o in c.children if o.dep_ == "pobj")
            for c in np.children)

    def _document_reads(self, tok: Token) -> bool:
        """"“...,” the statement read", "“...,” read a statement from X": "read" says what a document says."""
        return tok.lemma_.lower() == "read" and any(
            c.dep_ in ("nsubj", "dobj") and c.lemma_.lower() in self.lex["document_nouns"] for c in tok.children)

    @staticmethod
    def _made_clear(tok: Token) -> bool:
        """"X made it clear that A", "X has made clear that A": a light verb that states the clause after "clear"."""
        return tok.lemma_.lower() == "make" and any(c.lower_ == "clear" and c.dep_ in ("ccomp", "oprd", "acomp", "dobj")
                                                    for c in tok.children)

    def _draws_attention(self, tok: Token) -> bool:
        """"X drew attention to the fact that A": a light verb that states the clause of "the fact"."""
        return tok.lemma_.lower() in self.lex["attention_verbs"] and any(
            c.dep_ == "dobj" and c.lower_ == "attention" for c in tok.children)

    def _nominal(self, sent: Span, index: SpeakerIndex) -> list[tuple[Mention, list[Token]]]:
        """Statements made through a noun: "X's warning that A", "the proposal of X to create A", "X's call for
        A", a claim noun whose maker is its possessor (or named after "of"/"by") and whose own clause (a
        "that"-clause, a "to"-infinitive, "for" after "call") is what was said. A maker that is a pronoun, a
        role or a document, or a noun with no clause of its own ("X's proposal was welcomed"), or the topic of a
        phrase ("details on a proposal by X to ...": someone else's account of it), gives nothing."""
        out = []
        doc, (_, lemmas, pos) = sent.doc, forms(sent.doc)
        for i in range(sent.start, sent.end):
            if pos[i] != "NOUN" or lemmas[i] not in self.lex["claim_nouns"]:
                continue
            t = doc[i]
            if t.dep_ == "pobj" and t.head.lower_ in ("on", "about", "over", "regarding", "concerning"):
                continue    # "details on a proposal by X to ...": the topic of another's account, not X's words
            maker = [c for c in t.children if c.dep_ == "poss"] + [
                o for c in t.children if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by")
                for o in c.children if o.dep_ == "pobj"]
            speaker = next((m for m in (self._named_by(o, index) for o in maker) if m is not None), None)
            if speaker is None or speaker.label not in ("PERSON", "ORG", "IGO", "STATE"):
                continue
            clause = [c for c in t.children if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX") and any(
                k.dep_ in ("aux", "mark") and k.lower_ in ("to", "that") for k in c.children)]
            if t.lemma_.lower() == "call":
                clause += [c for c in t.children if c.dep_ == "prep" and c.lower_ == "for"]
            tokens = sorted({k for c in clause for k in c.subtree}, key=lambda k: k.i)
            if len(tokens) >= 3:
                out.append((speaker, tokens))
        return out

    def _document_maker(self, noun: Token) -> list[Token]:
        """Who made the document a participle says something for ("X's statement saying ...", "a letter from X
        stating ...", "X issued a statement saying ..."): its possessor, the object of its "from"/"by", else the
        subject of the verb that issued it; none for a document only mentioned ("X denied reports saying ...")."""
        owner = [c for c in noun.children if c.dep_ == "poss"] + [
            o for c in noun.children if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by")
            for o in c.children if o.dep_ == "pobj"]
        if owner:
            return owner
        verb = noun.head
        if noun.dep_ == "dobj" and verb.lemma_.lower() in self.lex["issuing_verbs"]:
            return [c for c in verb.children if c.dep_ == "nsubj"]
        return []

    def _unsaid(self, tok: Token) -> bool:
        """Whether a speech verb reports no statement made: negated ("did not say") or under a modal of
        possibility, obligation or the future ("Beijing may believe that ...", "X will announce ...")."""
        return any(c.dep_ == "neg" or c.dep_ == "aux" and c.lemma_.lower() in self.lex["unsaid_modals"]
                   for c in tok.children)

    def _impersonal(self, tok: Token) -> bool:
        """"It was emphasized that ...", "It was noted that ...": a passive speech verb with no agent, whose
        subject is the empty "it" and whose clause is what was said."""
        return tok.lemma_.lower() in self.lex["impersonal_verbs"] and any(
            c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it" for c in tok.children) and any(
            c.dep_ == "ccomp" for c in tok.children)

    def _speaker(self, tok: Token, index: SpeakerIndex, last_person: Mention | None, last_org: Mention | None,
                 recent: list[Mention], sources: dict[str | None, Mention] | None = None,
                 last_said: Mention | None = None) -> Mention | None:
        """Who a speech verb's subject names (pronouns and "the minister" resolved to who was named before;
        "the statement" to whoever last spoke for an organisation or state; "A quoted B as saying": B).

        A passive verb's speaker is its agent ("This was announced by X"), never its subject ("X is said to
        ...", "Kyrgyzstan is reported to be ...": what is said is about X); an impersonal one ("It was
        emphasized that ...") goes on with ``last_said``, the speaker of the statement just before it."""
        lex = self.lex
        if tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lemma_.lower() in lex["quoting_verbs"]:
            quoted = [c for c in tok.head.head.children if c.dep_ in ("dobj", "nsubjpass")]
            if quoted:
                named = index.speaker_in(list(quoted[0].subtree))
                if named is None and quoted[0].lower_ in ("him", "her", "he", "she"):
                    named = index.people.resolve(quoted[0].lower_, last_person, recent)
                return named
        if tok.tag_ == "VBN" and tok.dep_ in ("advcl", "acl") and not any(
                c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "agent") for c in tok.children):
            return None     # "two banks were fined, accused of aiding X": a passive participle; the one accused speaks not
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if any(c.dep_ in ("auxpass", "nsubjpass", "agent") for c in tok.children):
            subj = [o for c in tok.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
            if tok.dep_ in ("acl", "amod"):
                return None     # "a pipeline announced by X": a thing described, not a statement made
            if not subj:
                return last_said if self._impersonal(tok) else None
        inverted = (self._inverted_object(tok) or self._stranded_subject(tok) or self._whose_subject(tok)) \
            if not subj else None
        if inverted is not None:
            subj = [inverted]
        if not subj and tok.lemma_.lower() in lex["evidence_verbs"]:
            return None     # "..., indicating closer ties": the writer's inference, not speech
        if not subj and tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.lemma_.lower() in lex["document_nouns"]:
            subj = self._document_maker(tok.head)
        if not subj and tok.lemma_.lower() == "read":
            # "“...,” read a statement from X": the document's maker
            subj = [o for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in lex["document_nouns"]
                    for o in self._document_maker(c)]
        up = tok
        for _ in range(3):
            # "... by pledging to ...", "X visited and said ...": the governing verb's subject
            if subj or up.dep_ not in ("conj", "advcl", "xcomp", "pcomp", "prep") or up.head is up:
                break
            up = up.head
            subj = [c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")]
        for s in subj:
            head = s.lemma_.lower()
            if head in lex["not_speakers"]:
                continue
            speaker = self._named_by(s, index) or self._members_of(s, index)
            if head in lex["role_nouns"] and s.tag_ in ("NNS", "NNPS") and speaker is None:
                continue    # "the presidents stated ...": several people, none of them the one named last
            if head in lex["role_nouns"] and (speaker is None or speaker.label != "PERSON") and any(
                    c.lower_ in ("the", "his", "her", "its", "this") or c.dep_ in ("compound", "poss")
                    for c in s.children):
                # "the bank chairman noted", "the minister said": the person named before whose
                # stated role says so (else, for a bare "the minister", the last person)
                person = index.person_with_role(head, recent)
                if person is None and speaker is None:
                    # the last subject, or the nearest person named before, who held that office on the day (the
                    # ontology's), else the last subject as before
                    person = next((m for m in [last_person, *recent] if m is not None and index.holds(m, s)),
                                  last_person)
                speaker = person or speaker
            source = (sources or {}).get(head) or (sources or {}).get(None)
            owner = next((c.lower_ for c in s.children if c.dep_ == "poss" and c.lower_ in ("its", "his", "her")), None)
            if speaker is None and head in lex["document_nouns"] and owner is not None:
                # "its statement said", "his letter says": the body or the person the possessive refers to
                speaker = last_org if owner == "its" else index.people.resolve(owner, last_person, recent)
                if speaker is None:
                    continue
            if speaker is None and head in lex["document_nouns"] and source is not None and any(
                    c.lower_ in ("the", "this", "that") for c in s.children) and not any(
                    c.dep_ in ("poss", "prep") or c.dep_ == "compound" and c.pos_ != "NOUN" for c in s.children):
                # "the statement said", "the report adds": the document of whoever spoke last for a body
                return source
            if any(c.dep_ in ("compound", "amod") and c.pos_ == "NOUN" and c.lemma_.lower() in lex["anonymous"]
                   for c in s.children) and not (speaker is not None and speaker.label == "PERSON" and
                                                 index.by_token.get(s.i) is speaker):
                continue    # "media reports said", "expert estimates show": nobody named speaks (but "transport
                #             expert X said": the person the head names)
            if head in lex["private_voices"] and (speaker is None or speaker.label != "PERSON"):
                continue    # "a China-based expert said": the expert speaks for themself, and is not named
            if head in lex["anonymous"]:
                allowed = ("STATE", "PERSON", "ORG", "IGO") if head in lex["document_nouns"] or self._inside(s, index) \
                    else ("STATE", "PERSON")
                # "the source notes" paragraphs after "..., the X agency reports": the last body that spoke, if no
                # one spoke since
                prior = last_said or ((sources or {}).get("@last") if head in ("source", "sources") else None)
                if speaker is None and head in lex["insider_nouns"] and prior is not None and \
                        prior.label != "PERSON" and any(c.lower_ in ("the", "this", "that") for c in s.children) \
                        and not any(c.dep_ in ("prep", "poss", "amod", "compound") for c in s.children):
                    speaker = prior     # "..., a source at X told reporters. ¶ “...,” the source said": X
                    allowed = (speaker.label,)
                if any(c.lower_ in ("close", "near", "familiar") for c in s.children):
                    continue    # "a source close to X": not X's own words
                if speaker is None or speaker.label not in allowed:
                    # "analysts said": nobody named; "Chinese officials said": the state speaks;
                    # "the central bank's report indicates": the bank
                    continue
            if speaker is None and s.lower_ in ("he", "she") and last_person is not None:
                clause_first = (any(c.dep_ in ("ccomp", "parataxis") and c.i < tok.i for c in tok.children) or
                                tok.dep_ == "parataxis" and tok.head.i < tok.i) and \
                    "\n" in text_of(tok.doc)[last_person.end:tok.idx]   # the last subject is in an earlier paragraph
                speaker = index.people.resolve(s.lower_, last_person, recent, clause_first)
            elif speaker is None and s.lower_ == "it" and last_org is not None:
                speaker = last_org
            elif speaker is None and head == "government" and last_person is not None and any(
                    c.lower_ in ("his", "her") for c in s.children):
                # "His government has vowed ...": the state the person "his" names leads
                person = index.people.resolve(next(c.lower_ for c in s.children if c.lower_ in ("his", "her")),
                                              last_person, recent)
                speaker = index.led.get(person.entity) if person is not None else None
                if speaker is None:
                    continue
            elif speaker is None and head in ("company", "ministry", "organization", "organisation", "group",
                                              "firm", "agency", "bank", "service", "government", "committee",
                                              "fund", "bloc", "alliance", "union") \
                    and s.tag_ not in ("NNS", "NNPS"):
                # the body the reported clause has as subject ("X approved a loan, the bank said"), else the last one
                # (not "the companies said": several, not the last one named)
                bare = all(c.dep_ == "det" for c in s.children)     # "the bank", not "the main Kazakh company"
                speaker = (self._subject_body(tok, index) if bare else None) or last_org
            if speaker is not None:
                return speaker
        return None

    @staticmethod
    def _says_this(verb: Token) -> bool:
        """Whether a speech verb's object refers back to what was said before it ("X said this", "X said so",
        "X wrote these words")."""
        return any(c.dep_ in ("dobj", "advmod") and (c.lower_ in ("this", "so") or c.lemma_.lower() in (
            "word", "remark", "comment", "statement") and any(k.lower_ in ("these", "this", "those", "the")
                                                             for k in c.children))
            for c in verb.children)

    def _refers_back(self, verb: Token) -> bool:
        """Whether a passive attribution's subject refers back to what was said before ("This was announced by
        X", "The announcement was made by X")."""
        return any(c.dep_ == "agent" for c in verb.children) and any(
            c.dep_ == "nsubjpass" and (c.lower_ in ("this", "that", "it") or c.lemma_.lower() in
                                       self.lex["statement_nouns"]) for c in verb.children)

    def _made_statement(self, tok: Token) -> bool:
        """"The announcement was made by X", "A statement was issued by X": a light verb whose subject names a
        statement, with its agent; "X made the remarks in an interview": one whose object names it and refers
        back to it."""
        if tok.lemma_.lower() in ("make", "deliver") and self._says_this(tok) and any(
                c.dep_ == "nsubj" for c in tok.children):
            return True
        return tok.lemma_.lower() in ("make", "issue", "release") and any(
            c.dep_ == "nsubjpass" and c.lemma_.lower() in self.lex["statement_nouns"] for c in tok.children) and any(
            c.dep_ == "agent" for c in tok.children)

    @staticmethod
    def _same_statement(verb: Token, other: Token) -> bool:
        """Whether ``other`` is a speech verb coordinated with ``verb`` under its subject ("reported A and said
        B", "called on A and added that B")."""
        return other.dep_ == "conj" and other.head == verb and not any(
            k.dep_ in ("nsubj", "nsubjpass") for k in other.children)

    def _contrasted(self, verb: Token, speaker: Mention, said: list[Token], index: SpeakerIndex, state: dict,
                    recent: list[Mention], quoted: list[tuple[int, int]]) -> list[tuple[Mention, set[int], list[Token]]]:
        """Speech verbs inside what ``verb`` says whose own subject names another speaker, in a clause of their own
        ("X says A, while Y claims B", "..., but Y said B"): each such speaker, the clause's tokens, and what the
        clause says. (A relative clause stays part of the statement: ``_embedded``.)"""
        inside = {t.i for t in said}
        out = []
        for t in said:
            if t.i == verb.i or t.dep_ not in ("advcl", "conj") or t.pos_ != "VERB" or \
                    t.lemma_.lower() not in self.lex["speech_verbs"] or any(a <= t.idx < b for a, b in quoted) or \
                    not any(c.dep_ == "nsubj" and c.lower_ not in ("he", "she", "it", "they") for c in t.children):
                continue
            other = self._speaker(t, index, state["person"], state["org"], recent)
            tokens = sorted({k for c in self._complement(t) for k in c.subtree}, key=lambda k: k.i)
            if other is None or other.entity == speaker.entity or len(tokens) < 3 or not inside >= {k.i for k in tokens}:
                continue
            out.append((other, {k.i for k in t.subtree}, tokens))
        return out

