"""Which actors (states, intergovernmental organisations, state bodies) each token of a parsed part names.

The events step reads its triggers' arguments through this index, and the figures step a figure's
subjects: a person is coded to the state or organisation they act for (their country, or the state or
IGO a role statement of the text gives them), a state body to its state, an IGO to itself.
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..ontology import Ontology
from .model import Mention, RoleStatement


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
            elif org is not None and org.attrs.get("kind") in ("government_body", "military") and org.attrs.get("country"):
                role_org.setdefault(r.person, org.attrs["country"])     # a ministry's minister acts for its state
            else:
                # a role at a state body the text names ("Chairman of the National Bank of Kyrgyzstan")
                body = next((m for m in bodies if r.start <= m.start and m.end <= r.end), None)
                if body is not None:
                    role_org.setdefault(r.person, body.method.partition(":")[2])
        for m in mentions:
            if not m.entity:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            code = self.code_of(m, onto, role_org)
            for tok in span:
                if code:
                    lst = self.codes.setdefault(tok.i, [])
                    if code not in lst:
                        lst.append(code)
                if m.label == "PERSON" and m.method != "leader":
                    lst = self.people.setdefault(tok.i, [])
                    if m.entity not in lst:
                        lst.append(m.entity)

    @staticmethod
    def code_of(m: Mention, onto: Ontology, role_org: dict[str, str]) -> str | None:
        ent = onto.get(m.entity) if m.entity else None
        if m.label in ("STATE", "IGO"):
            return m.entity
        if m.label == "PERSON":
            if ent is not None and ent.attrs.get("country"):
                return ent.attrs["country"]
            return role_org.get(m.entity)
        if m.label == "ORG" and m.method.startswith("institution:"):
            return m.method.partition(":")[2]      # a state body (extract.institutions) acts for its state
        if m.label == "ORG" and ent is not None:
            if ent.kind == "igo":
                return ent.id
            country = ent.attrs.get("country")
            kind = ent.attrs.get("kind")
            if country and kind in ("government_body", "military"):
                return country
        return None

    def in_tokens(self, tokens: Iterable[Token]) -> list[str]:
        out: list[str] = []
        for t in tokens:
            for c in self.codes.get(t.i, []):
                if c not in out:
                    out.append(c)
        return out

    def people_in(self, tokens: Iterable[Token]) -> list[str]:
        out: list[str] = []
        for t in tokens:
            for p in self.people.get(t.i, []):
                if p not in out:
                    out.append(p)
        return out
