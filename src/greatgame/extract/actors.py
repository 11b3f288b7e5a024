"""Which actors (states, intergovernmental organisations, state bodies) each token of a parsed part names.

The events step reads its triggers' arguments through this index, and the figures step a figure's
subjects: a person is coded to the state or organisation they act for (their country, or the state or
IGO a role statement of the text gives them), a state body to its state, an IGO to itself.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..ontology import Ontology
from ..regions import TARGETS
from .lexicon import load_data
from .model import Mention, NewEntity, RoleStatement
from .places import place_state


def is_igo(ent: Any) -> bool:
    """An intergovernmental organisation: one of FORMAT.md's acronyms (kind ``igo``) or another the ontology
    lists as intergovernmental (``kind: igo`` among its organisations: the GCC, the ECO, CICA ...)."""
    return ent is not None and (ent.kind == "igo" or ent.attrs.get("kind") == "igo")


def state_of_company(code: str, onto: Ontology, new: dict[str, NewEntity] | None = None) -> str | None:
    """The state a company acts for: the home ``country`` of one the ontology knows, or the state the text
    ties one it does not know to (``extract.companies``, in ``new``). FORMAT.md codes a company acting for a
    state to the state, with the company beside it: ``["RUS", "org:Rosatom"]``."""
    ent = onto.get(code)
    attrs = ent.attrs if ent is not None else new[code].attrs if new and code in new else {}
    if attrs.get("kind") != "company":
        return None
    country = attrs.get("country")
    return country if isinstance(country, str) and onto.get(country) is not None else None


class ActorIndex:
    """Which actor codes (states, organisations) each token of a Doc refers to."""

    def __init__(self, doc: Doc, mentions: Iterable[Mention], roles: Iterable[RoleStatement], onto: Ontology):
        self.doc = doc
        self.ents = list(doc.ents)
        self.ent_starts = [e.start for e in self.ents]
        self.codes: dict[int, list[str]] = {}
        self.people: dict[int, list[str]] = {}
        role_org = {}
        mentions = list(mentions)
        bodies = [m for m in mentions if m.label == "ORG" and m.method.startswith("institution:")]
        for r in roles:
            org = onto.get(r.org) if r.org else None
            if org is not None and org.kind in ("igo", "state"):
                role_org.setdefault(r.person, org.id)
            elif org is not None and state_of_company(org.id, onto):
                role_org.setdefault(r.person, org.id)       # the head of a state's company acts for the company
            elif org is not None and org.attrs.get("kind") in ("government_body", "military") and org.attrs.get("country"):
                role_org.setdefault(r.person, org.attrs["country"])     # a ministry's minister acts for its state
            else:
                # a role at a state body the text names ("Chairman of the National Bank of Kyrgyzstan")
                body = next((m for m in bodies if r.start <= m.start and m.end <= r.end), None)
                if body is not None:
                    role_org.setdefault(r.person, body.method.partition(":")[2])
        companies: set[int] = set()      # tokens of companies the ontology knows or the text ties to a state
        link = doc.user_data.get("gg_context")      # the document's linking context: the companies it tied
        new: dict[str, NewEntity] = getattr(link, "new_entities", None) or {}
        for m in mentions:
            if not m.entity and not m.method.startswith("place:"):
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            code = self.code_of(m, onto, role_org) or self._tied(m, onto, new)
            if code and m.label == "ORG" and code == m.entity and not is_igo(onto.get(code)):
                companies.update(t.i for t in span)
            codes = [state_of_company(code, onto, new), code] if code else []
            for tok in span:
                for c in codes:
                    lst = self.codes.setdefault(tok.i, [])
                    if c and c not in lst:
                        lst.append(c)
                if m.label == "PERSON" and m.method != "leader":
                    lst = self.people.setdefault(tok.i, [])
                    if m.entity not in lst:
                        lst.append(m.entity)
        self.companies = {c for i in companies for c in self.codes.get(i, []) if c.startswith("org:")}
        self.company_tokens = frozenset(companies)
        self.origin: dict[int, list[str]] = {}      # token -> the states its words name as a company's origin
        self._origin_only(companies)
        self._regional_groups()
        self._datelines()

    @staticmethod
    def _tied(m: Mention, onto: Ontology, new: dict[str, NewEntity]) -> str | None:
        """An organisation the ontology does not know that the text ties to a state (``extract.companies``): a
        company is itself (its state is put beside it), a state body or military formation is its state."""
        ent = new.get(m.entity) if m.label == "ORG" and m.entity and onto.get(m.entity) is None else None
        country = ent.attrs.get("country") if ent is not None else None
        if not isinstance(country, str) or onto.get(country) is None:
            return None
        kind = ent.attrs.get("kind")
        return m.entity if kind == "company" else country if kind in ("government_body", "military") else None

    @staticmethod
    @lru_cache(maxsize=1)
    def _company_words() -> tuple[frozenset[str], frozenset[str]]:
        data = load_data("institutions.yaml")["companies"]
        return frozenset(data["nouns"]), frozenset(data["state_owned"])

    def _origin_only(self, companies: set[int]) -> None:
        """A state's adjective or possessive on a company names where it is from, not the state acting ("a
        Saudi firm", "Kazakhstan's largest bank", "China's Sinopec"): those tokens lose their state codes,
        unless the company noun says the state owns it ("Kazakh state-owned firm KazMunayGas"). What is taken
        away is kept in ``origin`` (a company an act is done to is coded with its state: ``patient_origin``)."""
        nouns, owned = self._company_words()
        for head in self.doc:
            company = head.i in companies or (head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() in nouns
                                              and not self.codes.get(head.i))
            if not company:
                continue
            mods = [c for c in head.children if c.dep_ in ("amod", "poss", "compound", "nmod", "npadvmod")]
            if any(w.lower_ in owned or w.lemma_.lower() in owned for c in mods for w in c.subtree):
                continue
            for c in mods:
                for t in c.subtree:
                    if t.i not in companies and t.i in self.codes:
                        self.origin[t.i] = [x for x in self.codes[t.i] if not x.startswith("org:")]
                        self.codes[t.i] = [x for x in self.codes[t.i] if x.startswith("org:")]
                        if not self.codes[t.i]:
                            del self.codes[t.i]

    def _datelines(self) -> None:
        """A dateline opening a report ("TASHKENT, Uzbekistan (Agency) — ...", "MOSCOW (AP) -") names where it was
        filed, not a party: place names, commas and an outlet in brackets before a dash at the start of a sentence
        lose their codes."""
        for sent in self.doc.sents:
            k, outlet = sent.start, False
            while k < sent.end and k - sent.start < 12 and (self.doc[k].text in (",", "(", ")") or outlet or
                                                            self.doc[k].text[:1].isupper()):
                if self.doc[k].text == "(":
                    outlet = True
                elif self.doc[k].text == ")":
                    outlet = False
                k += 1
            words = self.doc[sent.start:k]
            if k == sent.start or k >= sent.end or self.doc[k].text not in ("—", "–", "-", "--") or \
                    not any(i in self.codes for i in range(sent.start, k)) or \
                    not (words[0].text.isupper() or any(t.text in (",", "(") for t in words)):
                continue        # a dateline is written in capitals, or "place, country", or with its outlet
            for i in range(sent.start, k):
                self.codes.pop(i, None)

    @staticmethod
    @lru_cache(maxsize=1)
    def _group_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        data = load_data("institutions.yaml")["regional_groups"]
        return frozenset(data["region"]), frozenset(data["adjective"]), frozenset(data["nouns"])

    def _regional_groups(self) -> None:
        """A plural noun for states or their officials named by their region ("the Central Asian states", "the
        leaders of Central Asia", "Central Asia's ministers") stands for each state of the region; a noun
        that already names a state ("Central Asian states such as Kazakhstan") keeps what it names."""
        region, adjective, nouns = self._group_words()
        for head in self.doc:
            if head.tag_ not in ("NNS", "NNPS") or head.lemma_.lower() not in nouns or self.codes.get(head.i):
                continue
            mods = sorted((t for c in head.children if c.dep_ in ("amod", "compound", "nmod") for t in c.subtree),
                          key=lambda t: t.i)
            named = " ".join(t.lower_ for t in mods if t.dep_ != "det") in adjective | region
            for c in head.children:
                if c.dep_ == "poss":
                    named |= " ".join(t.lower_ for t in c.subtree if t.dep_ != "case") in region
                elif c.dep_ == "prep" and c.lower_ == "of":
                    named |= any(" ".join(t.lower_ for t in p.subtree if t.dep_ != "det") in region
                                 for p in c.children if p.dep_ == "pobj")
            if named and not any(self.codes.get(t.i) for t in head.subtree if t.i != head.i):
                self.codes[head.i] = list(TARGETS)

    @staticmethod
    def code_of(m: Mention, onto: Ontology, role_org: dict[str, str]) -> str | None:
        ent = onto.get(m.entity) if m.entity else None
        if m.label in ("STATE", "IGO"):
            return place_state(m)       # a capital named as a place still tells its state (a visit's host)
        if m.label == "PERSON":
            if ent is not None and ent.attrs.get("country"):
                return ent.attrs["country"]
            return role_org.get(m.entity)
        if m.label == "ORG" and m.method.startswith("institution:"):
            return m.method.partition(":")[2]      # a state body (extract.institutions) acts for its state
        if m.label == "ORG" and ent is not None:
            if is_igo(ent) or ent.attrs.get("kind") == "company":
                return ent.id       # an intergovernmental body, or a company the ontology knows, acts as itself
            country = ent.attrs.get("country")
            kind = ent.attrs.get("kind")
            if country and kind in ("government_body", "military"):
                return country
        return None

    def patient_origin(self, tok: Token, verb: Token | None) -> list[str]:
        """The home states of the companies an act is done to, which ``_origin_only`` took from their words:
        the object of the verb ("sanctioned two Kyrgyz banks"), its passive subject ("a Kazakh firm was fined"),
        or the "on/against" phrase of the noun ("sanctions on a Kyrgyz bank"). FORMAT.md codes such a company
        with its state beside it: the state is the one the act falls on."""
        heads = [h for h in (verb, tok) if h is not None]
        out: list[str] = []
        for h in heads:
            for c in h.children:
                if c.dep_ in ("dobj", "nsubjpass") and h.pos_ in ("VERB", "AUX") or \
                        c.dep_ == "prep" and c.lower_ in ("on", "against"):
                    for t in c.subtree:
                        out += [x for x in self.origin.get(t.i, []) if x not in out]
        return out

    def only_companies(self, codes: Iterable[str], tokens: Iterable[Token]) -> bool:
        """Whether each of ``codes`` is given among ``tokens`` (a sentence) only by the words of companies: a state
        there only as a company's home state ("Turkey's X signed a deal with Y": no state named as a party)."""
        tokens = list(tokens)
        named = {c for t in tokens if t.i not in self.company_tokens for c in self.codes.get(t.i, [])}
        firms = {c for t in tokens if t.i in self.company_tokens for c in self.codes.get(t.i, [])}
        codes = list(codes)
        return bool(codes) and all(c in firms and c not in named for c in codes)

    @staticmethod
    def _indices(tokens: Iterable[Token]) -> Iterable[int]:
        """The tokens' indices (a span's without making its tokens)."""
        return range(tokens.start, tokens.end) if isinstance(tokens, Span) else (t.i for t in tokens)

    def in_tokens(self, tokens: Iterable[Token]) -> list[str]:
        out: list[str] = []
        for i in self._indices(tokens):
            for c in self.codes.get(i, []):
                if c not in out:
                    out.append(c)
        return out

    def people_in(self, tokens: Iterable[Token]) -> list[str]:
        out: list[str] = []
        for i in self._indices(tokens):
            for p in self.people.get(i, []):
                if p not in out:
                    out.append(p)
        return out
