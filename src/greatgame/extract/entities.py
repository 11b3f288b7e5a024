"""Actor recognition and linking as two registered spaCy components.

* ``greatgame_gazetteer``: an entity ruler built from the ontology's names,
  aliases, adjectives, demonyms, capitals and acronyms (placed before the
  statistical NER, which then only labels what the ontology does not know).
* ``greatgame_linker``: links every entity span to a canonical id: ontology
  matches directly; people by full name, then by surname to someone named in
  full in the same document or to the one known office-holder of that name;
  role phrases ("the Kazakh president") to the office-holder on the document's
  date; unknown people and organisations to ids built from their names. It
  also records roles and affiliations stated next to a person's name.

Results go to ``doc.user_data["gg_mentions"]`` and ``["gg_roles"]`` with
offsets local to the spaCy ``Doc``; ``pipeline.extract`` maps them back.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import ChainMap, Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..ontology import Ontology, load
from ..ontology.names import translit_key
from .companies import tie_companies
from .discourse import state_counts
from .doc_text import text_of
from .doc_tokens import ents_of, held, indices_at, span_at, tokens_of
from .institutions import institution_mentions
from .lexicon import load_data
from .model import Mention, NewEntity, RoleStatement
from .name_forms import headline, legal_form_beside, not_a_person
from .org_names import OrgFinder, described_as_org, unit_name
from .person_refs import RoleResolver, record_people
from .places import capital_places, states_in_names
from .surnames import Surnames

__all__ = ["LinkContext", "Linker", "gazetteer_patterns", "name_token", "translit_key"]

NAME_TOKEN = re.compile(r"^[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*$")
NAME_PARTICLES = {"bin", "al", "el", "van", "von", "de", "der", "da", "di", "la", "le"}


def name_token(word: str) -> bool:
    """A word that may be part of a person's name: capitalised letters of any script ("Ömer", "Kalın",
    "Oğan", "O’Sullivan", "Kassym-Jomart"), ending in a lower-case letter; or a particle ("bin", "van")."""
    if word in NAME_PARTICLES:
        return True
    return len(word) >= 2 and word[0].isupper() and word[-1].islower() and bool(NAME_TOKEN.match(word))


INITIAL = re.compile(r"^[A-Z]\.?$|^[A-Z]\.[A-Z]\.?$")
BLOCKING_PREFIXES = {"post", "pre"}
CONTENT_PARTS = ("title", "body")
# words of a byline that credits no one by name ("By Our Staff Reporter", "By News Desk")
BYLINE_WORDS = {"our", "staff", "reporter", "reporters", "desk", "news", "team", "agencies", "wire", "service",
                "editorial", "board", "guest", "special", "own"}    # the parts that report (``context.CONTENT_PARTS``, which imports this module)
# Articles of other languages that open the names of newspapers and institutions, never a person's.
FOREIGN_ARTICLES = {"der", "die", "das", "le", "la", "les", "el", "los", "las", "il", "het"}


@lru_cache(maxsize=1)
def role_lexicon() -> dict[str, Any]:
    return load_data("roles.yaml")


def gazetteer_patterns(onto: Ontology) -> list[dict[str, Any]]:
    """Entity-ruler phrase patterns: one per surface form, id = 'entity|method'."""
    seen: set[tuple[str, str]] = set()
    patterns = []
    for name in onto.names:
        forms = {name.text}
        if name.method in ("name", "alias") and name.text[:1].islower():
            forms.add(name.text[:1].upper() + name.text[1:])
        if name.text.startswith("the "):
            forms.add(name.text[4:])
        for form in forms:
            key = (form, name.entity)
            if key in seen:
                continue
            seen.add(key)
            patterns.append({"label": name.label, "pattern": form, "id": f"{name.entity}|{name.method}"})
    return patterns


@Language.factory("greatgame_gazetteer", default_config={})
def make_gazetteer(nlp: Language, name: str):
    from .gazetteer import LazyEntityRuler

    ruler = LazyEntityRuler(nlp, name=name, phrase_matcher_attr="ORTH", overwrite_ents=True)
    ruler.defer_patterns(gazetteer_patterns(load()))    # each added when a text could hold it
    return ruler


@dataclass
class LinkContext:
    """What the linker knows of the document beyond the current part."""

    day: dt.date | None = None
    # without a publication date: the earliest and latest dates the document cites
    bounds: tuple[dt.date, dt.date] | None = None
    part: str = "body"
    people: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (order, id, tokens)
    order: int = 0
    new_entities: dict[str, NewEntity] = field(default_factory=dict)
    institutions: dict[str, str] = field(default_factory=dict)   # state bodies named so far: canonical -> state
    home_institutions: dict[str, str] = field(default_factory=dict)   # ... named with no state: -> the home state
    calls: int = 0            # parts linked so far (a part's people come after those of the parts before)
    person_seq: list[tuple[int, int, str]] = field(default_factory=list)   # (call, offset, id): people named
    person_states: dict[str, str] = field(default_factory=dict)   # person -> the state stated beside the name
    person_roles: dict[str, list[str]] = field(default_factory=dict)   # person -> roles stated (lower case)
    acronyms: dict[str, str] = field(default_factory=dict)   # acronyms the text spelt out -> organisation
    org_seq: list[tuple[int, int, str, Mention]] = field(default_factory=list)   # (call, offset, head noun, mention)
    state_counts: Counter[str] = field(default_factory=Counter)   # how often the title and body named each state
    # state bodies named with no state ("The Interior Ministry"): (mention, canonical name, the NER's id), their
    # state settled on the whole document's home state once every part is linked (``org_names.settle_home``)
    home_bodies: list[tuple[Mention, str, str]] = field(default_factory=list)
    home: str | None = None      # the document's home state (``discourse.home_of``), once settled
    settled: bool = False


def _strip_possessive(text: str) -> str:
    return re.sub(r"[’']s?$", "", text).strip()


class Linker:
    def __init__(self, onto: Ontology):
        self.onto = onto
        lex = role_lexicon()
        self.offices: dict[str, str] = lex["offices"]
        self.role_heads = sorted(lex["role_heads"], key=lambda s: -len(s))
        self.role_head_set = frozenset(self.role_heads)
        # a role head as a word: within the first four words of a phrase after a name, the first three before it,
        # anywhere in the words before it (one alternation: a phrase matches it if it matches any head's pattern)
        heads = "|".join(re.escape(h) for h in self.role_heads)
        self.role_after = re.compile(rf"^(?:\w+\s+){{0,3}}(?:{heads})\b")
        self.role_before_comma = re.compile(rf"^(?:\w+\s+){{0,2}}(?:{heads})\b")
        self.role_before = re.compile(rf"\b(?:{heads})\b")
        self.honorifics = set(lex["honorifics"])
        self.org_words = set(load_data("organisations.yaml")["head_words"])
        self.lower_names: dict[str, tuple[str, str]] = {}
        for n in onto.names:
            if n.method not in ("adjective", "demonym"):
                self.lower_names.setdefault(n.text.lower(), (n.entity, n.label))
        self.state_words = {n.text for n in onto.names if n.label == "STATE"}
        self.capitals = {n.text.lower() for n in onto.names if n.method == "capital"}
        self.state_names = {n.text: n.entity for n in onto.names if n.label == "STATE" and n.method in ("name", "alias")}
        self.portfolios = {w.lower() for w in lex.get("portfolios") or []}
        # people by a spelling-tolerant key of their full name (a key two people share is left out)
        keys: dict[str, set[str]] = {}
        for n in onto.names:
            if n.label == "PERSON" and n.method in ("name", "alias") and len(n.text.split()) >= 2:
                keys.setdefault(translit_key(n.text), set()).add(n.entity)
        self.person_keys = {k: next(iter(v)) for k, v in keys.items() if len(v) == 1 and len(k) >= 8}
        self.role_refs = RoleResolver(self)
        self.surnames = Surnames(onto)
        self.org_finder = OrgFinder(self)

    # -------------------------------------------------------------- helpers
    def _mention(self, doc: Doc, span: Span | tuple[int, int], entity: str | None, label: str,
                 method: str) -> Mention:
        if isinstance(span, Span):
            start, end, text, sent = span.start_char, span.end_char, span.text, span.sent
        else:
            start, end = span
            text = text_of(doc)[start:end]
            sent = span_at(doc, start, end)
            sent = sent.sent if sent is not None else None
        return Mention(part="", start=start, end=end, text=text, entity=entity, label=label, method=method,
                       sent_start=sent.start_char if sent is not None else None,
                       sent_end=sent.end_char if sent is not None else None)

    def _person_tokens(self, span: Span) -> list[str]:
        toks = [t.text for t in span if not t.is_punct or t.text in ("-",)]
        while toks and toks[0] in self.honorifics:
            toks = toks[1:]
        if toks and toks[-1] in ("’s", "'s", "'", "’"):
            toks = toks[:-1]
        # rejoin hyphenated names split by the tokenizer
        name = " ".join(toks).replace(" - ", "-").replace(" -", "-").replace("- ", "-")
        toks = name.split()
        # "Minister of Economy Mikail Jabbarov": the portfolio before the name is not part of it
        while len(toks) > 2 and toks[0].lower() in self.portfolios:
            toks = toks[1:]
        return toks

    def known_person(self, full: str) -> str | None:
        """The ontology person a full name names, its spelling as written or transliterated otherwise."""
        hit = self.lower_names.get(full.lower())
        if hit and hit[1] == "PERSON":
            return hit[0]
        return self.person_keys.get(translit_key(full))

    def _valid_full_name(self, tokens: list[str]) -> bool:
        if not 2 <= len(tokens) <= 5:
            return False
        if any(INITIAL.match(t) for t in tokens):
            return False
        if any(t in self.org_words for t in tokens):
            return False        # "Nuclear Power Corporation": an organisation's name
        if not all(name_token(t) for t in tokens):
            return False
        if any(part in self.state_words for t in tokens for part in t.split("-")):
            return False
        return True

    def _named_before(self, full: str, ctx: LinkContext) -> str | None:
        """A person this document already named in full under another spelling ("Omer" after "Ömer")."""
        key = translit_key(full)
        if len(key) < 8:
            return None
        hits = [pid for _, pid, toks in ctx.people if len(toks) > 1 and translit_key(" ".join(toks)) == key]
        return hits[0] if hits else None

    def state_of(self, ident: str | None, ctx: LinkContext | None = None) -> str | None:
        """The state an id is (a state's code) or belongs to (an organisation's country)."""
        ent = self.onto.get(ident) if ident else None
        if ent is not None:
            return ent.id if ent.kind == "state" else ent.attrs.get("country") if ent.kind == "org" else None
        new = ctx.new_entities.get(ident) if ctx is not None and ident else None
        country = new.attrs.get("country") if new is not None else None
        return country if isinstance(country, str) else None

    def _initial_agrees(self, initial: str, pid: str) -> bool:
        """'A. Umarov' may be Akram Umarov; 'Y. Jiang' is not Jiang Zemin."""
        name = pid.partition(":")[2].split()
        surname = name[-1]
        ent = self.onto.get(pid)
        if ent is not None and ent.attrs.get("surname"):
            surname = ent.attrs["surname"]
        given = [t for t in name if t != surname]
        return any(t[:1] == initial[:1] for t in given)

    def _register_person(self, pid: str, tokens: list[str], ctx: LinkContext) -> None:
        ctx.people.append((ctx.order, pid, tokens))

    # -------------------------------------------------------------- linking
    def link_person(self, span: Span, ctx: LinkContext) -> tuple[str | None, str]:
        tokens = self._person_tokens(span)
        if not tokens:
            return None, "ner"
        full = " ".join(tokens)
        known = self.known_person(full) if len(tokens) > 1 or self.lower_names.get(full.lower()) else None
        if known:
            self._register_person(known, tokens, ctx)
            return known, "ner:known"
        if len(tokens) == 1:
            return self.surnames.single(tokens[-1], ctx), "surname"
        if len(tokens) == 2 and INITIAL.match(tokens[0]):
            pid = self.surnames.single(tokens[-1], ctx)
            return (pid, "surname") if pid and self._initial_agrees(tokens[0], pid) else (None, "ner")
        if self._valid_full_name(tokens) and not not_a_person(span, tokens):
            pid = self._named_before(full, ctx) or f"person:{full}"
            if pid == f"person:{full}" and ctx.part == "title" and headline(span):
                return None, "ner"      # a headline's capitals are no evidence of a person no one named
            if pid == f"person:{full}":
                ctx.new_entities.setdefault(pid, NewEntity(pid, "person", full))
            self._register_person(pid, tokens, ctx)
            return pid, "ner:new"
        # "C. Putz", "Tajik-Afghan": a surname after initials may still be someone we know
        if INITIAL.match(tokens[0]):
            pid = self.surnames.single(tokens[-1], ctx)
            return (pid, "surname") if pid and self._initial_agrees(tokens[0], pid) else (None, "ner")
        return None, "ner"

    def link_org(self, span: Span, ctx: LinkContext, described: bool = False) -> str | None:
        """An ontology organisation, or a new one if the span looks like an organisation's name: it has an
        organisation's head word, a military unit's ("Central Military District"), is an acronym, or
        (``described``) the text says it is an organisation."""
        text = _strip_possessive(span.text.strip().strip("\"“”„'’,.;:"))
        text = re.sub(r"^(?:the|The)\s+", "", text)
        if not text or not any(c.isupper() for c in text) or len(text) > 100:
            return None
        hit = self.lower_names.get(text.lower()) or self.lower_names.get(("the " + text).lower())
        if hit:
            return hit[0]
        if text in ctx.acronyms:
            return ctx.acronyms[text]
        words = text.split()
        acronym = len(words) == 1 and text.isupper() and text.isalpha() and len(text) >= 3
        if not acronym and not (len(words) >= 2 and any(w.strip(",.") in self.org_words for w in words)) and \
                not unit_name(words) and not described:
            return None
        if len(words) > 8 or re.search(r"[\"“”„]|\b\d{4}\b", text) or words[0].lower() in self.role_head_set:
            return None
        oid = f"org:{text}"
        ctx.new_entities.setdefault(oid, NewEntity(oid, "org", text))
        return oid

    def __call__(self, doc: Doc) -> Doc:
        with held(doc):     # the rules below read the part's tokens, entities and spans made once (``doc_tokens``)
            return self._link(doc)

    def _link(self, doc: Doc) -> Doc:
        doc_tokens = tokens_of(doc)
        ctx: LinkContext = doc.user_data.setdefault("gg_context", LinkContext())
        mentions: list[Mention] = []
        roles: list[RoleStatement] = []
        ents = list(ents_of(doc))
        # Register full names first so a surname used before the full name still links.
        for ent in ents:
            if ent.label_ == "PERSON" and not ent.ent_id_:
                toks = self._person_tokens(ent)
                if len(toks) >= 2 and self._valid_full_name(toks) and not not_a_person(ent, toks) and \
                        (self.known_person(" ".join(toks)) or ctx.part != "title" or not headline(ent)):
                    full = " ".join(toks)
                    pid = self.known_person(full) or self._named_before(full, ctx) or f"person:{full}"
                    ctx.people.append((-1 if ctx.part != "body" else ent.start, pid, toks))
        covered = set()
        for ent in ents:
            ctx.order = ent.start if ctx.part == "body" else 10**9
            if ent.ent_id_:
                entity, _, form = ent.ent_id_.partition("|")
                if form in ("adjective", "demonym", "name", "alias") and ent.start >= 2 and \
                        doc_tokens[ent.start - 1].text == "-" and doc_tokens[ent.start - 2].lower_ in BLOCKING_PREFIXES:
                    continue   # "post-Soviet": a period, not the state
                if ent.label_ == "PERSON":
                    toks = ent.text.split()
                    self._register_person(entity, toks, ctx)
                mentions.append(self._mention(doc, ent, entity, ent.label_, f"gazetteer:{form}"))
            elif ent.label_ == "PERSON" and ent.end + 1 < len(doc) and doc_tokens[ent.end].lower_ in ("and", "&") \
                    and doc_tokens[ent.end + 1].text in self.org_words:
                # "X and Associates", "X & Partners": a firm named after people
                span = doc[ent.start:ent.end + 2]
                oid = self.link_org(span, ctx)
                if oid:
                    mentions.append(self._mention(doc, span, oid, "ORG", "ner"))
            elif ent.label_ == "PERSON" and ent[0].lower_ in FOREIGN_ARTICLES and len(ent) > 1:
                # "Der Spiegel", "Le Monde": a name that opens with an article is a title, not a person
                oid = self.link_org(ent, ctx, described=True)
                if oid:
                    mentions.append(self._mention(doc, ent, oid, "ORG", "ner"))
            elif ent.label_ == "PERSON" and not self.known_person(ent.text) and (
                    described_as_org(ent, speech=False) or legal_form_beside(ent) or
                    len(ent) > 1 and _strip_possessive(ent[-1].text) in self.org_words):
                # "Tengri Cargo, a subsidiary of ...", "Kyzylkum LLP": the text says the name is an organisation's;
                # "Velora Holding": a name that ends in an organisation's head word is no person's
                oid = self.link_org(ent, ctx, described=True)
                if oid:
                    mentions.append(self._mention(doc, ent, oid, "ORG", "ner"))
            elif ent.label_ == "PERSON":
                pid, method = self.link_person(ent, ctx)
                mentions.append(self._mention(doc, ent, pid, "PERSON", method))
            elif ent.label_ in ("ORG", "GPE", "NORP") and any(t.text in self.honorifics for t in ent[:-1]):
                # "Later Mr Rahmon" mislabelled by the statistical NER: a person after an honorific
                i = next(t.i for t in ent if t.text in self.honorifics)
                pid, method = self.link_person(doc[i:ent.end], ctx)
                mentions.append(self._mention(doc, doc[i:ent.end], pid, "PERSON", method))
            elif ent.label_ in ("ORG", "GPE", "NORP", "LOC") and (len(ent) == 1 or ent[1].text in ("’s", "'s")) \
                    and self.surnames.lone(ent[0].text, ctx):
                # a surname the NER took for an organisation ("Murtazashvili said", "Tokayev's Challenges")
                mentions.append(self._mention(doc, ent[:1], self.surnames.lone(ent[0].text, ctx), "PERSON", "surname"))
            elif ent.label_ == "ORG":
                oid = self.link_org(ent, ctx, described=described_as_org(ent))
                if oid:
                    kind = self.onto.get(oid).kind if self.onto.get(oid) else "org"
                    mentions.append(self._mention(doc, ent, oid, "IGO" if kind == "igo" else "ORG", "ner"))
            elif ent.label_ in ("GPE", "NORP", "LOC", "FAC"):
                hit = self.lower_names.get(_strip_possessive(ent.text).lower())
                if hit:
                    mentions.append(self._mention(doc, ent, hit[0], hit[1], "ner:known"))
                elif ent.label_ in ("LOC", "FAC") and unit_name(_strip_possessive(ent.text).split()) or \
                        described_as_org(ent, speech=False):
                    # "Russia's Central Military District", "news agency Dunyo": the NER takes it for a place
                    oid = self.link_org(ent, ctx, described=True)
                    if oid:
                        mentions.append(self._mention(doc, ent, oid, "ORG", "ner"))
            covered.update(range(ent.start, ent.end))
        ctx.calls += 1
        mentions += self._titled_names(doc, covered, ctx)
        mentions += self._bylines(doc, mentions, ctx)
        for m in mentions:
            if m.label == "PERSON" and m.entity is None and m.method == "surname":
                # a surname before the name in full was found beside its title ("X told ..." after "Minister X")
                ctx.order = 10**9
                m.entity = self.surnames.single(_strip_possessive(m.text), ctx)
        mentions += self._surname_tokens(doc, covered, ctx)
        mentions = capital_places(doc, mentions, self.capitals)
        mentions += states_in_names(doc, mentions, self.state_names)
        mentions = institution_mentions(doc, mentions, self.onto, ChainMap(ctx.institutions, ctx.home_institutions), ctx.new_entities,
                                        lambda span, entity, label, method: self._mention(doc, span, entity, label,
                                                                                          method))
        mentions = self.org_finder(doc, mentions, ctx)
        mentions = tie_companies(doc, mentions, ctx, self)
        roles += self._appositions(doc, mentions, ctx)
        record_people(doc, mentions, roles, ctx, lambda ident: self.state_of(ident, ctx))
        by_role = self.role_refs.phrases(doc, mentions, ctx)
        ctx.person_seq += [(ctx.calls, m.start, m.entity) for m in by_role if m.entity]
        mentions += by_role
        mentions += self.leaders(doc, mentions)
        if ctx.part in CONTENT_PARTS:
            ctx.state_counts += state_counts(mentions)
        doc.user_data["gg_mentions"] = mentions
        doc.user_data["gg_roles"] = roles
        return doc

    def _titled_names(self, doc: Doc, covered: set[int], ctx: LinkContext) -> list[Mention]:
        """Names the NER missed beside a title: 'Ukrainian Ambassador to the Kyrgyz Republic Valery Zhovtenko',
        'Ömer Kocaman, the group's deputy secretary-general, said'.

        A run of two or three capitalised proper nouns outside any entity counts
        as a person's name when a role word (from roles.yaml) stands at most six
        tokens before it, with only entities and function words in between, or
        follows it in an apposition (a comma, then the role within six words).
        A longer run is a title's capitalised words and then the name: "Minister of
        Energy and Natural Resources Alparslan Bayraktar" (the name is its last two
        words, the title's words count as the title).
        """
        toks = tokens_of(doc)
        heads = {h for h in self.role_heads if " " not in h}
        joiners = ("to", "of", "the", "for", "on", "and")
        out = []
        i = 0
        while i < len(doc):
            j = i
            while j < len(doc) and j - i < 8 and j not in covered and toks[j].pos_ == "PROPN" \
                    and name_token(toks[j].text) and toks[j].lower_ not in heads:
                j += 1
            if j - i >= 2 and (j == len(doc) or not toks[j].text[:1].isupper()):
                s = i if j - i <= 3 else j - 2
                while s > i and j - s < 4 and toks[s - 1].lower_ in NAME_PARTICLES:
                    s -= 1
                k = s - 1
                while k >= 0 and s - k <= 10 and (k in covered or toks[k].lower_ in joiners[:5] or k >= i or
                                                  s > i and toks[k].lower_ == "and" or
                                                  s > i and toks[k].text[:1].isupper() and toks[k].pos_ == "PROPN"):
                    if toks[k].lower_ in heads and toks[k].text[:1].isupper():
                        break
                    k -= 1
                titled = k >= 0 and s - k <= 10 and toks[k].lower_ in heads and toks[k].text[:1].isupper() and (
                    s - k <= 6 or s > i)
                # "Aliya Sarsenova, the bloc's deputy secretary-general, told ...": a role in apposition after it
                after = s == i and j + 1 < len(doc) and toks[j].text == "," and any(
                    t.lower_ in heads or t.lower_.split("-")[-1] in heads for t in doc[j + 1:min(len(doc), j + 7)]
                    if t.is_lower or t.i == j + 1)
                if (titled or after) and not (ctx.part == "title" and headline(doc[s:j])):
                    span = doc[s:j]
                    tokens = self._person_tokens(span)
                    if self._valid_full_name(tokens):
                        pid, _ = self.link_person(span, ctx)
                        if pid:
                            out.append(self._mention(doc, span, pid, "PERSON", "title+name"))
                            covered.update(range(s, j))
                i = j
            else:
                i = max(j, i + 1)
        return out

    def _bylines(self, doc: Doc, mentions: list[Mention], ctx: LinkContext) -> list[Mention]:
        """A byline, a line of its own that credits the writer: "By Aigerim Bekova", "By A B in Almaty", "By A B
        and C D". Its names are people the document names (the NER misses them, or takes them for an
        organisation's name, with no verb around)."""
        toks = tokens_of(doc)
        out: list[Mention] = []
        covered = {i for m in mentions if m.entity for i in indices_at(doc, m.start, m.end)}
        for tok in toks:
            if tok.text != "By" or not (tok.i == 0 or "\n" in toks[tok.i - 1].whitespace_ + toks[tok.i - 1].text):
                continue
            i = tok.i + 1
            while i < len(doc) and "\n" not in toks[i - 1].whitespace_:
                j = i
                while j < len(doc) and j - i < 4 and name_token(toks[j].text) and toks[j].text not in NAME_PARTICLES:
                    j += 1
                span = doc[i:j]
                tokens = self._person_tokens(span) if j > i else []
                if not (2 <= len(tokens) <= 4 and self._valid_full_name(tokens) and not not_a_person(span, tokens)) \
                        or any(k in covered for k in range(i, j)) or any(t.lower() in BYLINE_WORDS or t.lower()
                                                                        in self.role_head_set for t in tokens):
                    break
                pid, _ = self.link_person(span, ctx)
                if pid:
                    out.append(self._mention(doc, span, pid, "PERSON", "byline"))
                if j >= len(doc) or toks[j].lower_ not in ("and", ",", "&") or "\n" in toks[j - 1].whitespace_:
                    break
                i = j + 1
        return out

    def _surname_tokens(self, doc: Doc, covered: set[int], ctx: LinkContext) -> list[Mention]:
        """Surnames the NER missed: of people named in full in this document (as written, or spelt otherwise:
        "Erdogan" after "Recep Tayyip Erdoğan"), or of the one office-holder of the day so called ("Tokayev's
        Challenges", a heading)."""
        toks = tokens_of(doc)
        known = {words[-1]: pid for _, pid, words in ctx.people if len(words) > 1 and len(words[-1]) > 2}
        keys = {translit_key(name) for name in known if len(name) >= 5}
        out = []
        for tok in toks:
            if tok.i in covered or not tok.text[:1].isupper() or not tok.text[-1:].islower():
                continue
            if tok.text not in known and not (len(tok.text) >= 5 and translit_key(tok.text) in keys) and not (
                    (ctx.day is not None or ctx.bounds) and tok.pos_ == "PROPN" and len(tok.text) >= 5
                    and self.surnames.holder(tok.text, ctx)):
                continue
            ctx.order = tok.i if ctx.part == "body" else 10**9
            pid = self.surnames.single(tok.text, ctx)
            if pid:
                out.append(self._mention(doc, doc[tok.i:tok.i + 1], pid, "PERSON", "surname"))
        return out

    def _appositions(self, doc: Doc, mentions: list[Mention], ctx: LinkContext) -> list[RoleStatement]:
        """Roles stated next to a name: 'Yun Sun, director of X at Y' and 'Kyrgyz Foreign Minister Z'."""
        toks = tokens_of(doc)
        out = []
        org_ents = [e for e in ents_of(doc) if e.label_ in ("ORG", "IGO", "STATE")]
        for m in mentions:
            if m.label != "PERSON" or not m.entity or not m.entity.startswith("person:"):
                continue
            span = span_at(doc, m.start, m.end)
            if span is None:
                continue
            # after the name
            if span.end < len(doc) and toks[span.end].text == ",":
                j = span.end + 1
                while j < len(doc) and toks[j].text not in (",", ".", ";", "—", "–", "“", "”", '"', "(") \
                        and j - span.end < 30:
                    j += 1
                phrase = doc[span.end + 1:j]
                words = phrase.text.lower()
                words = re.sub(r"^(a|an|the)\s+", "", words)
                if self.role_after.search(words):
                    out.append(self._role(doc, m, phrase, self._affiliation(org_ents, phrase), ctx))
                    continue
            # before the name, or before it and a comma ("The Chairman of the National Bank, Melis T., said")
            i = span.start
            if i >= 2 and toks[i - 1].text == ",":
                k = i - 1
                while k > 0 and k - 1 >= toks[i - 1].sent.start and (
                        toks[k - 1].text[:1].isupper() or toks[k - 1].lower_ in ("of", "the", "for", "on") or
                        toks[k - 1].lower_ in self.role_head_set and k < i - 1 and toks[k].lower_ == "of"):
                    k -= 1      # "The Chairman of the National Bank, X", "the head of Gazprom, X"
                while k < i - 1 and toks[k].lower_ in ("the", "of", "for", "on"):
                    k += 1
                phrase = doc[k:i - 1]
                low = phrase.text.lower()
                if len(phrase) and self.role_before_comma.match(low):
                    out.append(self._role(doc, m, phrase, self._affiliation(org_ents, phrase), ctx))
                    continue
            while i > 0 and (toks[i - 1].text[:1].isupper() or toks[i - 1].lower_ in ("of", "on", "for", "’s", "'s")
                             or toks[i - 1].lower_ == "and" and i >= 2 and toks[i - 2].text[:1].isupper()
                             and toks[i].text[:1].isupper()
                             and toks[i - 2].ent_type_ not in ("PERSON", "STATE", "GPE")):
                i -= 1      # "Minister of Energy and Natural Resources X": "and" inside the portfolio
            while i < span.start and toks[i].lower_ in ("of", "on", "for", "’s", "'s"):
                i += 1
            if i < span.start:
                phrase = doc[i:span.start]
                low = phrase.text.lower()
                if self.role_before.search(low):
                    out.append(self._role(doc, m, phrase, self._affiliation(org_ents, phrase), ctx))
        return out

    @staticmethod
    def _affiliation(org_ents: list[Span], phrase: Span) -> Span | None:
        """The organisation a role phrase names (the last one; a state only if no organisation)."""
        inside = [e for e in org_ents if e.start >= phrase.start and e.end <= phrase.end]
        orgs = [e for e in inside if e.label_ in ("ORG", "IGO")]
        return (orgs or inside or [None])[-1]

    def _role(self, doc: Doc, m: Mention, phrase: Span, org: Span | None, ctx: LinkContext) -> RoleStatement:
        org_id = None
        if org is not None:
            if org.ent_id_:
                org_id = org.ent_id_.partition("|")[0]
            elif org.label_ == "ORG":
                org_id = self.link_org(org, ctx)
        start = min(m.start, phrase.start_char)
        end = max(m.end, phrase.end_char)
        return RoleStatement(person=m.entity, role=phrase.text.strip(), org=org_id,
                             org_text=org.text if org is not None else None, part="", start=start, end=end)

    def leaders(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A state is named by its leader: each known office-holder's mention also names the state."""
        out = []
        for m in mentions:
            if m.label == "PERSON" and m.entity:
                country = self.onto.country_of(m.entity)
                if country and self.onto.offices.get(m.entity):
                    out.append(Mention(m.part, m.start, m.end, m.text, country,
                                       "IGO" if country.startswith("org:") else "STATE", "leader",
                                       m.sent_start, m.sent_end))
        return out


@Language.factory("greatgame_linker", default_config={})
def make_linker(nlp: Language, name: str):
    return Linker(load())
