"""Organisations the statistical NER misses or cannot tell from other names, found by general English forms.

* **A state's body named with the state**: "U.S. Treasury Department", "US Embassy in Tajikistan" (the
  gazetteer takes the state's word, so the NER never sees the whole name): the state's name or adjective,
  then capitalised words ending in an organisation's head word (``organisations.yaml``), and for an
  embassy, consulate or mission the place it sits in.
* **A state body described, not named**: "the Kazakh atomic energy agency": a state's adjective (or
  possessive), lower-case words that tell the body apart, and a body's head noun ("agency", "committee").
* **An acronym and its expansion**: "OCCRP (the Organized Crime and Corruption Reporting Project)",
  "Eurasian Development Bank (EDB)": the acronym's letters are the initials of the name's words; both, and
  every later use of the acronym, name one organisation.
* **A name described as an organisation's**: "news agency Kazinform", "ADY Express, a subsidiary of ...":
  the describing words also refer to it (``descriptor`` mentions: "the agency ... reported").

Each new organisation's id is ``org:`` + its name as written (FORMAT.md: an organisation's English name).
A body of a state's government acts for its state (``Mention.method`` "institution:<state>", as in
``extract.institutions``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from ..ontology import load
from .discourse import home_of, state_counts
from .doc_tokens import ents_of, indices_at, span_at, tokens_of
from .institutions import forms as institution_forms
from .lexicon import load_data
from .model import Mention, NewEntity
from .quote_grammar import lexicon as quote_lexicon

# The linker and its context (``extract.entities``) are passed in: this module is imported by it.
Linker = Any
LinkContext = Any

ACRONYM = re.compile(r"^[A-Z][A-Z&]{2,7}$")
FUNCTION_WORDS = {"and", "of", "the", "for", "in", "on", "&", "de", "to"}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    data = load_data("organisations.yaml")
    return {
        "heads": set(data["head_words"]),
        "units": [tuple(u.split()) for u in data["unit_heads"]],
        "government": set(data["government_heads"]),
        "placed": set(data["placed_heads"]),
        "descriptors": set(data["descriptors"]),
        "body_heads": set(data["body_heads"]),
        "generic": set(data["generic_modifiers"]),
        "speech": quote_lexicon()["speech_verbs"],
    }


def unit_name(words: list[str]) -> bool:
    """Whether a name ends in a military formation's head ("Central Military District", "Black Sea Fleet")."""
    return any(len(words) > len(u) and tuple(words[-len(u):]) == u for u in lexicon()["units"])


def described_as_org(span: Span, speech: bool = True) -> bool:
    """Whether the text says that ``span`` (a name the NER labels ORG) is an organisation's: a describing
    noun before it ("news agency Kazinform") or heading an apposition after it ("X, a subsidiary of Y"; not
    "X, a company director"), or (``speech``) it is what speaks ("X said", "according to X")."""
    lex = lexicon()
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in lex["descriptors"] and doc[span.start - 1].is_lower:
        return True
    if span.end + 2 < len(doc) and doc[span.end].text == ",":
        for t in doc[span.end + 1:min(len(doc), span.end + 6)]:
            if t.lower_ in lex["descriptors"] and t.is_lower:
                return not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ in ("NOUN", "PROPN"))
            if t.is_punct or t.pos_ == "VERB":
                break
    if not speech:
        return False
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in lex["speech"] and root.head.pos_ == "VERB":
        return True
    prep = root.head if root.dep_ == "pobj" else None
    return prep is not None and prep.lower_ == "to" and prep.i > 0 and doc[prep.i - 1].lower_ == "according"


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in FUNCTION_WORDS and w[:1].isupper())


def home_body(m: Mention, canonical: str, home: str | None, ctx: LinkContext) -> Mention:
    """``m``, a state body named with no state, as the body of ``home`` (a new mention), or as it is."""
    state = load().get(home) if home else None
    if state is None:
        return m
    oid = f"org:{canonical} of {state.name}"
    if load().get(oid) is None:
        ctx.new_entities.setdefault(oid, NewEntity(oid, "org", oid[4:], {"country": home, "kind": "government_body"}))
    return Mention(m.part, m.start, m.end, m.text, oid, "ORG", f"institution:{home}", m.sent_start, m.sent_end)


def settle_home(ctx: LinkContext) -> None:
    """Once every part is linked: the document's home state over its whole title and body (``ctx.home``, the
    one the events read), and each state body named with no state made the body of that name the document
    names with a state, else the home state's, else left as the NER named it (in place: the mentions the
    parts' steps then read)."""
    ctx.home = home_of(ctx.state_counts)
    for body, canonical, ner_id in ctx.home_bodies:
        # the body of that name the document names with its state (after it: "The National Bank ..." in a
        # headline, "the National Bank of Kazakhstan" in the text), else the home state's
        settled = home_body(body, canonical, ctx.institutions.get(canonical) or ctx.home, ctx)
        body.entity, body.method = (settled.entity, settled.method) if settled is not body else (ner_id, "ner")
    ctx.settled = True


class OrgFinder:
    """The forms above, for one ``Linker``."""

    def __init__(self, linker: Linker):
        self.linker = linker
        self.onto = linker.onto

    def __call__(self, doc: Doc, mentions: list[Mention], ctx: LinkContext) -> list[Mention]:
        mentions = self._own_funds(doc, mentions, ctx)
        covered = self._covered(doc, mentions)
        found = self._acronyms(doc, covered, ctx)
        found += self._state_named(doc, covered, ctx)
        found += self._described_bodies(doc, covered, ctx)
        found += self._home_bodies(doc, mentions, ctx)
        mentions = self._drop_inside(mentions, found)
        mentions += found
        mentions += self._descriptors(doc, mentions)
        mentions = self._government_modifiers(doc, mentions)
        return mentions + self._anaphors(doc, mentions, ctx)

    # -------------------------------------------------------------- helpers
    @staticmethod
    def _covered(doc: Doc, mentions: list[Mention]) -> dict[int, Mention]:
        out: dict[int, Mention] = {}
        for m in mentions:
            for i in indices_at(doc, m.start, m.end):
                out.setdefault(i, m)
        return out

    @staticmethod
    def _drop_inside(mentions: list[Mention], found: list[Mention]) -> list[Mention]:
        """The NER's organisations over the words of one found here give way ("Treasury Department")."""
        return [m for m in mentions if not (m.label == "ORG" and m.method in ("ner", "ner:known") and any(
            f.start < m.end and m.start < f.end for f in found))]

    def _new(self, ctx: LinkContext, name: str, state: str | None = None) -> str:
        known = self.linker.lower_names.get(name.lower())
        if known and known[1] in ("ORG", "IGO"):
            return known[0]
        oid = f"org:{name}"
        attrs = {"country": state, "kind": "government_body"} if state else {}
        ctx.new_entities.setdefault(oid, NewEntity(oid, "org", name, attrs))
        return oid

    def _label(self, oid: str) -> str:
        ent = self.onto.get(oid)
        return "IGO" if ent is not None and ent.kind == "igo" else "ORG"

    # -------------------------------------------------------------- "the OPEC Fund"
    def _own_funds(self, doc: Doc, mentions: list[Mention], ctx: LinkContext) -> list[Mention]:
        """An intergovernmental body's acronym that opens the name of a fund or a bank ("the OPEC Fund", "the
        SCO Development Bank") names that institution, a lender of its own, not the body; a UN fund is the UN's
        (FORMAT.md: "UN", any UN body)."""
        toks = tokens_of(doc)
        out = []
        for m in mentions:
            span = span_at(doc, m.start, m.end) if m.label == "IGO" else None
            if span is None or m.entity == "org:UN" or not m.method.startswith("gazetteer") or not span.text.isupper():
                out.append(m)
                continue
            j = span.end
            while j < len(doc) and j - span.end < 3 and toks[j].text[:1].isupper() and toks[j].is_alpha and \
                    toks[j].text not in ("Fund", "Bank"):
                j += 1
            if j < len(doc) and toks[j].text in ("Fund", "Bank"):
                name = doc[span.start:j + 1].text
                out.append(self.linker._mention(doc, doc[span.start:j + 1], self._new(ctx, name), "ORG", "ner"))
            else:
                out.append(m)
        return out

    # -------------------------------------------------------------- acronyms
    def _acronyms(self, doc: Doc, covered: dict[int, Mention], ctx: LinkContext) -> list[Mention]:
        """"Full Name (ACR)" and "ACR (the Full Name)"; then every use of a known acronym."""
        toks = tokens_of(doc)
        out = []
        make = self.linker._mention
        for i, tok in enumerate(toks):
            if tok.text != "(" or i == 0:
                continue
            close = next((k for k in range(i + 1, min(len(doc), i + 14)) if toks[k].text == ")"), None)
            if close is None:
                continue
            inner = doc[i + 1:close]
            if len(inner) == 1 and ACRONYM.match(inner.text):
                # "the Organized Crime and Corruption Reporting Project (OCCRP)"
                acr, k = inner.text, i
                while k > 0 and i - k < 10 and (toks[k - 1].text[:1].isupper() or toks[k - 1].lower_ in FUNCTION_WORDS
                                                 - {"the"}):
                    k -= 1
                words = [t.text for t in doc[k:i]]
                while words and words[0].lower() in FUNCTION_WORDS:
                    words, k = words[1:], k + 1
                full_span, acr_span = doc[k:i], inner
            elif ACRONYM.match(toks[i - 1].text):
                # "OCCRP (the Organized Crime and Corruption Reporting Project)"
                acr = toks[i - 1].text
                body = [t for t in inner if not (t.i == inner.start and t.lower_ == "the")]
                if not body:
                    continue
                full_span, acr_span = doc[body[0].i:close], doc[i - 1:i]
                words = [t.text for t in full_span]
            else:
                continue
            if len(words) < 2 or _initials(words) != acr.replace("&", ""):
                continue
            if any(t.i in covered and covered[t.i].label in ("ORG", "IGO", "STATE", "PERSON") and
                   covered[t.i].method.startswith("gazetteer") for t in list(full_span) + list(acr_span)):
                continue     # the ontology knows it
            oid = self._new(ctx, " ".join(words).replace(" - ", "-"))
            ctx.acronyms[acr] = oid
            for span in (full_span, acr_span):
                out.append(make(doc, span, oid, self._label(oid), "acronym"))
                for t in span:
                    covered[t.i] = out[-1]
        for tok in toks:
            oid = ctx.acronyms.get(tok.text)
            if oid and (tok.i not in covered or covered[tok.i].method in ("ner", "ner:known")
                        and covered[tok.i].text == tok.text):
                out.append(make(doc, doc[tok.i:tok.i + 1], oid, self._label(oid), "acronym"))
                covered[tok.i] = out[-1]
        return out

    # -------------------------------------------------------------- "U.S. Treasury Department"
    def _state_named(self, doc: Doc, covered: dict[int, Mention], ctx: LinkContext) -> list[Mention]:
        toks = tokens_of(doc)
        lex = lexicon()
        out = []
        for ent in ents_of(doc):
            entity, _, form = ent.ent_id_.partition("|")
            if ent.label_ != "STATE" or form not in ("name", "alias", "adjective"):
                continue
            j = ent.end
            run = []
            while j < len(doc) and len(run) < 6 and toks[j].text[:1].isupper() and toks[j].is_alpha and \
                    (j not in covered or covered[j].method in ("ner", "ner:known")) and toks[j].ent_type_ != "STATE" \
                    and toks[j].lower_ not in self.linker.role_head_set:
                run.append(toks[j])
                j += 1
            heads = [k for k, t in enumerate(run) if t.text in lex["heads"]]
            if not heads:
                continue
            end = run[heads[-1]].i + 1
            if toks[end - 1].text in lex["placed"] and end + 1 < len(doc) and toks[end].lower_ == "in" and \
                    toks[end + 1].ent_type_ in ("STATE", "GPE"):
                stop = end + 1
                while stop < len(doc) and toks[stop].ent_iob_ == "I" or stop == end + 1:
                    stop += 1
                end = stop
            span = doc[ent.start:end]
            name = span.text
            government = doc[run[heads[-1]].i].text in lex["government"]
            oid = self._new(ctx, name, entity if government else None)
            method = f"institution:{entity}" if government and self.onto.get(entity) is not None else "ner"
            out.append(self.linker._mention(doc, span, oid, self._label(oid), method))
            for t in span[len(ent):]:
                covered[t.i] = out[-1]
        return out

    # -------------------------------------------------------------- "the Kazakh atomic energy agency"
    def _described_bodies(self, doc: Doc, covered: dict[int, Mention], ctx: LinkContext) -> list[Mention]:
        toks = tokens_of(doc)
        lex = lexicon()
        out = []
        for ent in ents_of(doc):
            entity, _, form = ent.ent_id_.partition("|")
            if ent.label_ != "STATE" or form not in ("adjective", "name", "alias"):
                continue
            j = ent.end
            possessive = j < len(doc) and toks[j].text in ("’s", "'s")
            if possessive:
                j += 1
            elif form != "adjective" or ent.start == 0 or toks[ent.start - 1].lower_ != "the":
                continue
            k = j
            while k < len(doc) and k - j < 5 and toks[k].is_lower and toks[k].is_alpha and k not in covered and \
                    toks[k].pos_ in ("NOUN", "ADJ", "PROPN"):
                k += 1
            heads = [h for h in range(j, k) if toks[h].lower_ in lex["body_heads"]]
            if not heads:
                continue
            end = heads[-1] + 1
            if end < k or toks[end - 1].tag_ != "NN":
                continue        # "agency data", "agencies": not the body itself
            modifiers = [t.lower_ for t in doc[j:end - 1]]
            if not modifiers or all(w in lex["generic"] for w in modifiers):
                continue        # "the Kazakh agency", "the Russian state agency": which one is not said
            state = self.onto.get(entity)
            if state is None or state.kind != "state":
                continue
            adjective = ent.text if form == "adjective" else state.name
            name = " ".join([adjective] + [t.text.capitalize() for t in doc[j:end]])
            oid = self._new(ctx, name, entity)
            out.append(self.linker._mention(doc, doc[ent.start:end], oid, "ORG", f"institution:{entity}"))
            for t in doc[ent.start:end]:
                covered.setdefault(t.i, out[-1])
        return out

    # -------------------------------------------------------------- "news agency Kazinform"
    def _descriptors(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """The words that describe a named organisation just before its name also refer to it."""
        toks = tokens_of(doc)
        lex = lexicon()
        out = []
        for m in mentions:
            if m.label not in ("ORG", "IGO") or not m.entity or m.method == "descriptor":
                continue
            span = span_at(doc, m.start, m.end)
            if span is None or span.start == 0:
                continue
            k = span.start - 1
            if not (toks[k].is_lower and toks[k].lower_ in lex["descriptors"] and toks[k].pos_ == "NOUN"):
                continue
            a = k
            while a > 0 and span.start - a < 5 and toks[a - 1].is_lower and toks[a - 1].pos_ in ("NOUN", "ADJ"):
                a -= 1
            out.append(Mention(m.part, toks[a].idx, toks[k].idx + len(toks[k]), doc[a:k + 1].text, m.entity,
                               m.label, "descriptor", m.sent_start, m.sent_end))
        return out

    # -------------------------------------------------------------- "The Interior Ministry told ..."
    def _home_bodies(self, doc: Doc, mentions: list[Mention], ctx: LinkContext) -> list[Mention]:
        """A state body named with no state ("The Interior Ministry told reporters"), that no body named before
        explains: the body of the state the document is about (news leaves its home country's bodies
        unqualified): ``discourse.home_of`` the states the title and body name (by name, capital or leader).
        Here, over the parts linked so far; ``settle_home`` settles it on the whole document."""
        out = []
        here = state_counts(mentions + self.linker.leaders(doc, mentions)) if ctx.part in ("title", "body") else None
        home = home_of(ctx.state_counts + here if here is not None else ctx.state_counts)
        for m in mentions:
            if m.label != "ORG" or m.method != "ner" or m.entity is None or self.onto.get(m.entity):
                continue
            words = tuple(re.sub(r"^the\s+", "", m.text.lower().replace("’", "'")).split())
            canonical = institution_forms().get(words)
            if canonical is None or len(words) < 2:
                continue
            body = home_body(m, canonical, home, ctx)
            ctx.home_bodies.append((body, canonical, m.entity))
            if body is not m:
                ctx.home_institutions.setdefault(canonical, home)
                out.append(body)
        return out

    # -------------------------------------------------------------- "Russian government agency data"
    def _government_modifiers(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"the Russian government agency", "Kazakh government officials": a government named as the modifier of
        a noun is the state's, not the government body itself (the state speaks or acts through them)."""
        toks = tokens_of(doc)
        out = []
        for m in mentions:
            ent = self.onto.get(m.entity) if m.entity else None
            span = span_at(doc, m.start, m.end) if ent is not None else None
            if span is None or ent.kind != "org" or not ent.attrs.get("country") or \
                    span[-1].lower_ != "government" or len(span) < 2 or span.end >= len(doc):
                out.append(m)
                continue
            nxt = toks[span.end]
            if not (nxt.is_lower and nxt.pos_ == "NOUN" and span[-1].dep_ == "compound" and span[-1].head.i >= nxt.i):
                out.append(m)
                continue
            out.append(Mention(m.part, m.start, span[-2].idx + len(span[-2]), doc[span.start:span.end - 1].text,
                               ent.attrs["country"], "STATE", "government", m.sent_start, m.sent_end))
        return out

    # -------------------------------------------------------------- "the agency adds"
    @staticmethod
    def _head_noun(name: str) -> str | None:
        words = name.lower().split()
        heads = lexicon()["body_heads"] | lexicon()["descriptors"]
        if len(words) > 2 and words[1] == "of" and words[0] in heads:
            return words[0]          # "Ministry of Foreign Affairs of Tajikistan"
        return words[-1] if words and words[-1] in heads else None

    def _anaphors(self, doc: Doc, mentions: list[Mention], ctx: LinkContext) -> list[Mention]:
        """"the agency", "the Kazakh agency", "the ministry": the organisation named last before whose name (or the
        words that describe it) has that head noun, and of that state where the phrase names one."""
        toks = tokens_of(doc)
        heads = lexicon()["body_heads"] | lexicon()["descriptors"]
        named = []
        for m in sorted(mentions, key=lambda m: m.start):
            if m.label in ("ORG", "IGO") and m.entity:
                head = self._head_noun(m.text if m.method == "descriptor" else m.entity.partition(":")[2])
                if head:
                    named.append((m.start, head, m))
        covered = self._covered(doc, mentions)
        out = []
        for tok in toks:
            if tok.lower_ not in heads or not tok.is_lower or tok.tag_ != "NN" or tok.i in covered or tok.i == 0:
                continue
            if tok.i + 1 < len(doc) and (toks[tok.i + 1].lower_ == "of" or toks[tok.i + 1].pos_ in ("NOUN", "PROPN")):
                continue        # "the agency of ...", "the agency head", "the agency Kazinform"
            start, state = tok.i - 1, None
            if toks[start].ent_type_ == "STATE" and start in covered and covered[start].label == "STATE":
                state, start = covered[start].entity, start - 1
            if start < 0 or toks[start].lower_ != "the":
                continue
            here = toks[tok.i].idx
            before = [(call, s, m) for call, s, head, m in ctx.org_seq if head == tok.lower_] + \
                [(ctx.calls, s, m) for s, head, m in named if head == tok.lower_ and s < here]
            before = [b for b in before if state is None or self.linker.state_of(b[2].entity, ctx) == state]
            if not before:
                continue
            m = max(before, key=lambda b: (b[0], b[1]))[2]
            method = m.method if m.method.startswith("institution:") else "anaphor"
            span = doc[start + 1:tok.i + 1]
            out.append(self.linker._mention(doc, span, m.entity, m.label, method))
        ctx.org_seq += [(ctx.calls, s, head, m) for s, head, m in named]
        return out
