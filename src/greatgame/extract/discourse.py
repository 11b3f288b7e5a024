"""Actors a clause leaves to its context: unnamed state bodies, documents as subjects, agentless passives.

A clause often names its actor only by what it is, and the reader takes who it is from what was said
before. Three such cases are resolved here, each only when the context determines one answer:

* **An unnamed state body** ("the authorities", "security forces", "prosecutors", "the government",
  "one official") acts for the state the context is about: the one state the previous sentence names,
  else the one state the paragraph has named so far, else the state that dominates the document (named
  at least three times and at least twice as often as any other). Where the nearest of these names
  several states, nothing is coded. States the clause itself places on the other side (its recipients)
  are not candidates ("the ministry accused Kyrgyz soldiers": not Kyrgyzstan).
* **A document as subject** ("the declaration called for ...", "the statement says ...") acts for its
  issuers or signatories: those its own phrase names ("the joint statement of the GCC and Central Asian
  states", "the Kazakh-Chinese agreement"), else those of the last act of the part that signed, adopted or
  issued a document of that kind ("the heads of state inked 14 documents, including a declaration"), else
  those the same kind of document named earlier in the part. "It" as the subject of the sentence after one
  whose subject was such a document is that document ("The statement says ... It calls for ...").
* **An agentless passive** ("an agreement was reached", "talks were held with X") whose sentence names no
  actor takes the parties of the meeting or visit the part is reporting (its last), else those of the last
  act it reported, when that act is in the same or the previous paragraph: a report's passives continue
  the occasion it is describing.

The words are data (``data/institutions.yaml``: ``unnamed_bodies``, ``documents``): general English for
the bodies through which a state acts and for the documents that speak for their issuers.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from .actors import ActorIndex
from .lexicon import load_data
from .model import Mention
from .places import place_state

# the relations by which a noun's own phrase names its issuer or parties ("X's statement", "the joint
# statement of X", "an agreement between X and Y"), not its topic ("a statement on Ukraine")
ISSUER_DEPS = {"poss", "compound", "amod", "nmod"}
ISSUER_PREPS = {"of", "by", "between", "among"}
# nouns for restrictive measures whose possessor or adjective names who imposes them ("U.S. sanctions")
SANCTION_NOUNS = {"sanction", "embargo", "blacklist"}


@dataclass(frozen=True)
class Words:
    bodies: frozenset[str]          # nouns for a state's organs and agents ("authority", "prosecutor")
    qualified: frozenset[str]       # nouns that are one only with a qualifier ("forces": "security forces")
    qualifiers: frozenset[str]      # the qualifiers that make them one ("security", "armed", "border")
    modifiers: frozenset[str]       # other words that may qualify a body without naming someone else
    documents: frozenset[str]       # nouns for documents that speak for their issuers
    allowed: frozenset[str]         # qualifiers | modifiers: the words a body's phrase may hold


@lru_cache(maxsize=1)
def words() -> Words:
    data = load_data("institutions.yaml")
    b, d = data["unnamed_bodies"], data["documents"]
    qualifiers, modifiers = frozenset(b["qualifiers"]), frozenset(b["modifiers"])
    return Words(frozenset(b["nouns"]), frozenset(b["qualified_nouns"]), qualifiers, modifiers,
                 frozenset(d["nouns"]), qualifiers | modifiers)


def is_unnamed_body(tok: Token, index: ActorIndex) -> bool:
    """Whether ``tok`` heads a noun phrase naming a state's organ or agent without saying whose ("the
    authorities", "security forces", "one official"); a phrase that names anyone else ("Taliban
    authorities", "company officials", "Western officials", "rebel forces") is not one."""
    w = words()
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return False
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
    if lemma in w.qualified:
        if not any(c.lemma_.lower() in w.qualifiers or c.lower_ in w.qualifiers for c in mods):
            return False
    elif lemma not in w.bodies:
        return False
    for c in mods:
        for t in c.subtree:
            if t.i in index.codes or t.ent_type_ or not (
                    t.lemma_.lower() in w.allowed or t.lower_ in w.allowed
                    or t.is_punct):
                return False
    return not any(c.dep_ == "prep" and c.lower_ in ("of", "from", "in") for c in tok.children)


def is_document(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in words().documents


def issuers(tok: Token, index: ActorIndex) -> list[str]:
    """The parties a document noun's own phrase names as its issuers ("X's", "of X", "between X and Y")."""
    toks: list[Token] = []
    for c in tok.children:
        if c.dep_ in ISSUER_DEPS or c.dep_ == "prep" and c.lower_ in ISSUER_PREPS:
            toks += list(c.subtree)
    return index.in_tokens(toks)


def sanction_owners(verb: Token, index: ActorIndex) -> list[str]:
    """Who imposes the sanctions a passive clause names ("was put on the EU sanctions list"): the
    possessor or adjective of a sanctions noun in the clause's own phrases (not its subject)."""
    out: list[str] = []
    for c in verb.children:
        if c.dep_ in ("nsubjpass", "nsubj"):
            continue
        for t in c.subtree:
            if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in SANCTION_NOUNS | {"list"} and (
                    t.lemma_.lower() != "list" or any(x.lemma_.lower() in SANCTION_NOUNS for x in t.children)):
                owners = index.in_tokens(x for m in t.children if m.dep_ in ISSUER_DEPS for x in m.subtree)
                out += [o for o in owners if o not in out]
    return out


def dominant(counts: Mapping[str, int]) -> str | None:
    """The state named most in ``counts`` (state -> times named), if named at least three times and at least
    twice as often as any other (the rule for the state a document is about, here and in ``org_names``)."""
    top = Counter(counts).most_common(2)
    if not top or top[0][1] < 3 or len(top) > 1 and top[0][1] < 2 * top[1][1]:
        return None
    return top[0][0]


def state_counts(mentions: Iterable[Mention]) -> Counter[str]:
    """How often each state is named in ``mentions``: by name, adjective, capital (as the government or as a
    place) or leader."""
    return Counter(s for s in (place_state(m) for m in mentions if m.label == "STATE") if s)


def home_of(counts: Mapping[str, int]) -> str | None:
    """The state whose organs an unnamed body ("the authorities", "troops", "the Interior Ministry") of a
    document belongs to: the dominant state, else the only state the document names at all (a report set in
    one country that names it once: its police and troops are that country's). The one judgement for the
    linker (``org_names``) and the events (``home_state``)."""
    named = [s for s, n in counts.items() if n]
    return dominant(counts) or (named[0] if len(named) == 1 else None)


def dominant_state(mentions: list[Mention]) -> str | None:
    """The state a document is about: named at least three times, and at least twice as often as any other."""
    return dominant(state_counts(mentions))


def home_state(mentions: list[Mention]) -> str | None:
    """``home_of`` the states ``mentions`` name."""
    return home_of(state_counts(mentions))


@dataclass
class Discourse:
    """What a part has said so far, sentence by sentence (``extract.events`` keeps one per part)."""

    states: set[str]                                   # the codes that are states
    home: str | None = None                            # the document's dominant state
    prev_states: list[str] = field(default_factory=list)
    para_states: list[str] = field(default_factory=list)
    documents: dict[str, list[str]] = field(default_factory=dict)    # document lemma -> its parties
    prev_subject_document: str | None = None           # the previous sentence's subject, if a document
    last_parties: list[str] = field(default_factory=list)
    occasion: list[str] = field(default_factory=list)  # the parties of the last meeting or visit reported
    last_paragraphs_ago: int = 99                      # how many paragraph breaks since the last act
    sanctioners: list[str] = field(default_factory=list)   # who the part says imposes sanctions ("U.S. sanctions")

    def state_for_body(self, exclude: list[str]) -> list[str]:
        """The one state an unnamed body acts for, or nothing where the nearest context names several."""
        for window in (self.prev_states, self.para_states, [self.home] if self.home else []):
            found = list(dict.fromkeys(s for s in window if s not in exclude))
            if len(found) == 1:
                return found
            if found:
                return []
        return []

    def document_parties(self, tok: Token, index: ActorIndex) -> list[str]:
        """The parties a document subject speaks for: its own phrase's, else the part's last document of
        its kind; "it" after a sentence whose subject was a document: that document's."""
        if tok.lower_ == "it":
            return list(self.documents.get(self.prev_subject_document or "", []))
        return issuers(tok, index) or list(self.documents.get(tok.lemma_.lower(), []))

    def sanctioner(self, exclude: list[str]) -> list[str]:
        """The one party the part has named as imposing sanctions ("U.S. sanctions on Russia", "the EU
        sanctioned ..."), for a passive that leaves it out ("two banks have been sanctioned"); nothing if the
        part names none or several."""
        found = [c for c in self.sanctioners if c not in exclude]
        return found if len(found) == 1 else []

    def passive_parties(self) -> list[str]:
        """The parties of the occasion the part reports (its last meeting or visit), else those of the last act
        reported, if it was in the same or the previous paragraph."""
        return list(self.occasion) or (list(self.last_parties) if self.last_paragraphs_ago <= 1 else [])

    # ------------------------------------------------------------ updates, sentence by sentence
    def new_sentence(self, new_paragraph: bool) -> None:
        if new_paragraph:
            self.para_states = []
            self.last_paragraphs_ago += 1

    def end_sentence(self, sent: Span, index: ActorIndex, signed: list[tuple[list[str], list[Token]]],
                     acts: list[list[str]], meetings: list[list[str]]) -> None:
        """Record what the sentence named: its states, the documents whose phrase names their issuers, the
        documents its acts signed or adopted (``signed``: each such act's parties and the tokens of its
        object), the parties of its last act reported as done (``acts``) and of its last meeting or visit
        (``meetings``), and whether its subject is a document."""
        codes = index.in_tokens(sent)
        named = [c for c in codes if c in self.states]
        if named:
            self.prev_states = named
            self.para_states += [c for c in named if c not in self.para_states]
        else:
            self.prev_states = []
        for t in sent:
            if t.pos_ == "NOUN" and t.lemma_.lower() in SANCTION_NOUNS:
                # "U.S. sanctions", "Western sanctions", "the EU's sanctions": who imposes them
                owners = index.in_tokens(x for c in t.children if c.dep_ in ISSUER_DEPS for x in c.subtree)
                self.sanctioners += [c for c in owners if c not in self.sanctioners]
            if is_document(t):
                own = issuers(t, index)
                if own:
                    self.documents[t.lemma_.lower()] = own
        for parties, objects in signed:
            for t in objects:
                if is_document(t) and parties:
                    self.documents[t.lemma_.lower()] = list(parties)
        if meetings and meetings[-1]:
            self.occasion = list(meetings[-1])
        if acts and acts[-1]:
            self.last_parties = list(acts[-1])
            self.last_paragraphs_ago = 0
        root = sent.root
        subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        self.prev_subject_document = subj[0].lemma_.lower() if subj and is_document(subj[0]) else (
            self.prev_subject_document if subj and subj[0].lower_ == "it" else None)
