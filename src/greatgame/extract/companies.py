"""Companies the text names with their state: who such a company acts for.

FORMAT.md codes a company acting for a state to the state, with the company beside it (``["RUS",
"org:Rosatom"]``), and leaves uncoded an act whose only participants are companies. The ontology gives the
home state of the companies it knows (``actors.state_of_company``); for a company it does not know, the
text must say whose it is, in one of the forms English uses for a firm's nationality:

* a state's possessive, adjective or "-based" on the name ("Turkey's X", "the Qatari X", "Qatar-based X");
* a company noun that describes the name and carries the state ("the Turkish state-owned firm X", "X, a Qatari
  firm", "another Turkish company, X", "Germany's state-owned firms X, Y and Z", "X, Turkey's state oil
  corporation");
* "of" and the state after the name ("X of Norway"), or a company's name that opens with a state's name or
  adjective ("Kazakhstan Temir Zholy", "China General Nuclear Power Corporation") or ends in "of" and the state
  ("Export-Import Bank of China": the name is completed where the gazetteer cut the state off);
* "whose" after a state ("Ankara, whose export bank");
* a company the ontology knows and a state's name after it, its national subsidiary ("Gazprom Armenia": a
  company of the parent's state).

A ranked company noun ("a country's largest lender") names where the firm ranks, not whose it is. A state body or
military formation so tied is recorded as one (``kind: government_body`` / ``military``: it is its state); a base
is where forces are, not whose they are, and ties nothing.

A tie holds for the whole document (``NewEntity.attrs``: ``kind: company`` and ``country``): the company
named again without its state is the same company. A name with nothing that ties it to a state stays an
organisation of no state, and the events leave it uncoded (an act among such companies is not coded).
Names of other kinds of body (a party, a university, a newspaper: a head word of ``organisations.yaml``
that is not a company's) are not read as companies; state bodies are ``extract.institutions``'.

The NER labels many firms ORG without a head word that ``Linker.link_org`` accepts ("Velora Power"), or misses them
("French company TotalEnergies"); such a name becomes an organisation when one of these forms ties it to a state.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from .doc_tokens import ents_of, indices_at, span_at, tokens_of
from .lexicon import load_data
from .model import Mention, NewEntity
from .name_forms import headline
from .org_names import unit_name

Linker = Any        # ``extract.entities`` (this module is imported by it)
LinkContext = Any

# the dependency relations by which a word modifies a name or a company noun
MODIFIER_DEPS = ("poss", "amod", "compound", "nmod", "npadvmod", "nummod", "det")
# the lower-case words a company's name may hold ("Korea Hydro & Nuclear Power", "Électricité de France")
CONNECTORS = {"&", "and", "of", "de", "du", "-"}


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(company nouns, the heads of a company's name, the words of other names: the head words of bodies other
    than companies and state bodies, the heads of works built and of projects)."""
    nouns = frozenset(load_data("institutions.yaml")["companies"]["nouns"])
    data = load_data("organisations.yaml")
    heads = frozenset(data["company_heads"])
    other = (frozenset(data["head_words"]) | frozenset(data["facility_heads"]) | frozenset(data["project_heads"])) \
        - heads - frozenset(data["government_heads"])
    return nouns, heads, other


@lru_cache(maxsize=1)
def _head_words() -> frozenset[str]:
    return frozenset(load_data("organisations.yaml")["head_words"])


@lru_cache(maxsize=1)
def _government_heads() -> frozenset[str]:
    return frozenset(load_data("organisations.yaml")["government_heads"])


def kind_of(words: list[str]) -> str | None:
    """What a name tied to a state names: a military formation ("Central Military District"), a body of the
    state's government ("Treasury", "Customs Service"), else a company; None for a base, a place where forces are
    ("Georgia's air base" names where it is, not whose it is)."""
    while words and words[-1] in ("of", "de", "du"):
        words = words[:-1]
    if words and words[-1] == "Base":
        return None
    if unit_name(words):
        return "military"
    return "government_body" if words and words[-1] in _government_heads() else "company"


def _state_tokens(doc: Doc, mentions: list[Mention]) -> dict[int, str]:
    """Token index -> the state a STATE mention over it names (its name, adjective, capital)."""
    out: dict[int, str] = {}
    for m in mentions:
        if m.label != "STATE" or not m.entity or m.method.startswith("leader"):
            continue
        for i in indices_at(doc, m.start, m.end):
            out[i] = m.entity
    return out


def _modifier_state(tok: Token, states: dict[int, str], inside: range) -> str | None:
    """The state a modifier of ``tok`` names (outside the name's own words ``inside``): "Turkey's",
    "Qatari", "Qatar-based", "Turkish state-owned oil". A common noun that says the name is another kind of body
    ("German newspaper X", "the Chinese news agency X") ties nothing: what it describes is no company."""
    nouns = _words()[0]
    for c in tok.children:
        if c.dep_ not in MODIFIER_DEPS or c.i in inside:
            continue
        if c.pos_ == "NOUN" and c.is_lower and c.lemma_.lower() not in nouns and tok.pos_ == "PROPN" and \
                c.dep_ == "compound" and c.i < tok.i:
            continue
        for t in c.subtree:
            if t.i not in inside and t.i in states:
                return states[t.i]
            if t.lower_ == "whose" and _antecedent(t) in states:
                return states[_antecedent(t)]       # "Ankara, whose export bank": Ankara's
    return None


def _antecedent(whose: Token) -> int | None:
    """The noun a relative "whose" stands for: the head of the relative clause it opens."""
    t = whose.head
    if t.dep_ == "appos":
        return t.head.i         # "Ankara, whose export bank" read as an apposition
    while t.dep_ != "relcl" and t.head.i != t.i:
        t = t.head
    return t.head.i if t.dep_ == "relcl" else None


def _ranked(noun: Token) -> bool:
    """A company noun ranked by a superlative or an ordinal ("a country's largest lender", "the country's second
    biggest lender"): the state's word names where the firm ranks, not whose it is (unless it says the state owns
    it)."""
    owned = _owned()
    mods = [t for c in noun.children if c.dep_ in MODIFIER_DEPS for t in c.subtree]
    return any(t.tag_ in ("JJS", "RBS") or t.ent_type_ == "ORDINAL" for t in mods) and \
        not any(t.lower_ in owned for t in mods)


@lru_cache(maxsize=1)
def _owned() -> frozenset[str]:
    return frozenset(load_data("institutions.yaml")["companies"]["state_owned"])


def _describing_noun(root: Token) -> Token | None:
    """The company noun that describes a name: the name in apposition to it ("another Turkish company, X";
    "firms X, Y and Z": each conjunct), the noun in apposition to the name ("X, a Qatari firm"), or the noun
    the name modifies or is modified by ("the firm X")."""
    nouns = _words()[0]
    head = root
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.dep_ in ("appos", "compound") and head.head.lemma_.lower() in nouns and head.head.is_lower:
        return head.head
    for c in root.children:
        if c.dep_ in ("appos", "compound") and c.lemma_.lower() in nouns and c.is_lower:
            return c
    return None


def company_state(span: Span, states: dict[int, str]) -> str | None:
    """The state the text ties the company named by ``span`` to, or None."""
    doc = span.doc
    nouns, heads, other = _words()
    words = [t.text for t in span]
    if any(w in other for w in words):
        return None         # another kind of body's name ("... University", "... Party")
    inside = range(span.start, span.end)
    if span[0].i in states and any(w in heads for w in words[1:]):
        return states[span[0].i]    # "Kazakhstan Temir Zholy", "China General Nuclear Power Corporation"
    of = next((t.i for t in span if t.lower_ in ("of", "de", "du")), None)
    if of is not None and of + 1 in states and all(states.get(i) == states[of + 1] for i in range(of + 1, span.end)) \
            and any(w in heads for w in words[:of - span.start]):
        return states[of + 1]       # "Export-Import Bank of China", "Development Bank of Kazakhstan"
    root = span.root
    state = _modifier_state(root, states, inside)
    if state:
        return state                # "Turkey's X", "the Qatari X", "Qatar-based X"
    noun = _describing_noun(root)
    if noun is not None and not _ranked(noun):
        state = _modifier_state(noun, states, inside)
        if state:
            return state            # "the Turkish firm X", "X, a Qatari firm", "firms X, Y and Z"
    end = span.end - 1 if span[-1].lower_ == "of" else span.end
    after = end + 1
    while after < len(doc) and states.get(after) == states.get(end + 1):
        after += 1
    if end + 1 < len(doc) and doc[end].lower_ == "of" and end + 1 in states and (
            after >= len(doc) or doc[after].is_punct and doc[after].text != "," or
            not doc[after].text[:1].isupper() and doc[after].lower_ not in ("and", "or")):
        return states[end + 1]      # "X of Norway" (not "the Council of A and B": a body of both)
    return None


def tie_companies(doc: Doc, mentions: list[Mention], ctx: LinkContext, linker: Linker) -> list[Mention]:
    """Record, for each organisation of no state the text ties to a state, that state (the returned list adds
    the NER's organisations that only such a tie shows to be one, "another Turkish company, X")."""
    mentions = _subsidiaries(doc, mentions, ctx, linker)
    states = _state_tokens(doc, mentions)
    if not states:
        return mentions
    covered = {i for m in mentions if m.label != "STATE" for i in indices_at(doc, m.start, m.end)}
    out = list(mentions)
    for m in mentions:
        new = ctx.new_entities.get(m.entity) if m.label == "ORG" and m.entity else None
        if new is None or m.method.startswith("institution:") or m.method in ("descriptor", "anaphor"):
            continue
        span = span_at(doc, m.start, m.end)
        whole = _whole_name(span, states) if span is not None else None
        if whole is not None and whole is not span:
            # the name runs on into the state's name: the mention, and those that refer to it here, are renamed
            oid = linker.link_org(whole, ctx, described=True)
            if not oid or oid not in ctx.new_entities:
                continue
            for other in mentions:
                if other.entity == m.entity and other is not m:
                    other.entity = oid
            m.entity, m.end, m.text = oid, whole.end_char, whole.text
            new, span = ctx.new_entities[oid], whole
        state = company_state(span, states) if span is not None and not new.attrs else None
        kind = kind_of([t.text for t in span]) if state else None
        if kind:
            new.attrs.update({"kind": kind, "country": state})
    for ent in ents_of(doc):
        if ent.label_ != "ORG" or any(t.i in covered for t in ent) or headline(ent) or \
                any(t.is_lower and t.lower_ not in CONNECTORS for t in ent):
            continue        # a headline's capitals, or words of a phrase ("Relations with Central Asia"): no name
        state = company_state(ent, states)
        if state is None or kind_of([t.text for t in ent]) is None:
            continue
        span = _whole_name(ent, states)
        if span is ent and ent[-1].lower_ in ("of", "de"):
            span = ent[:-1]
        oid = linker.link_org(span, ctx, described=True)
        new = ctx.new_entities.get(oid) if oid else None
        if new is None or new.attrs:
            continue
        new.attrs.update({"kind": kind_of([t.text for t in span]) or "company", "country": state})
        out.append(linker._mention(doc, span, oid, "ORG", "ner"))
        covered.update(range(span.start, span.end))
    return out + _described_names(doc, states, covered, ctx, linker)


def _described_names(doc: Doc, states: dict[int, str], covered: set[int], ctx: LinkContext,
                     linker: Linker) -> list[Mention]:
    """A name the NER missed right after a company noun that carries a state ("French company TotalEnergies",
    "the Chinese firm Zijin Mining"): the noun says the capitalised words after it name a company of that state."""
    toks = tokens_of(doc)
    nouns = _words()[0]
    out = []
    for t in toks:
        if not (t.is_lower and t.lemma_.lower() in nouns and t.tag_ == "NN") or _ranked(t):
            continue
        end = t.i + 1
        while end < len(doc) and end - t.i <= 4 and toks[end].pos_ == "PROPN" and toks[end].text[:1].isupper() and \
                end not in covered and end not in states:
            end += 1
        if end == t.i + 1 or end < len(doc) and (toks[end].pos_ == "PROPN" or toks[end].text[:1].isupper() and
                                                   toks[end].is_alpha):
            continue        # no name, or one the run does not end
        span = doc[t.i + 1:end]
        state = _modifier_state(t, states, range(span.start, span.end))
        if state is None or headline(span) or any(w.text in _words()[2] for w in span):
            continue
        oid = linker.link_org(span, ctx, described=True)
        new = ctx.new_entities.get(oid) if oid else None
        if new is None or new.attrs:
            continue
        new.attrs.update({"kind": "company", "country": state})
        out.append(linker._mention(doc, span, oid, "ORG", "ner"))
    return out


def _subsidiaries(doc: Doc, mentions: list[Mention], ctx: LinkContext, linker: Linker) -> list[Mention]:
    """A company the ontology knows and a state's name after it, as one name ("Gazprom Armenia": the state's
    name heads the phrase, the company's is its modifier): the company's national subsidiary, a company of the
    parent's home state; the state's name is a word of its name, not the state named."""
    by_start = {m.start: m for m in mentions if m.label == "STATE" and m.method in ("gazetteer:name", "gazetteer:alias")}
    drop: set[int] = set()
    for m in mentions:
        ent = linker.onto.get(m.entity) if m.label == "ORG" and m.entity else None
        country = ent.attrs.get("country") if ent is not None and ent.attrs.get("kind") == "company" else None
        span = span_at(doc, m.start, m.end) if country else None
        if span is None or span.end >= len(doc) or doc[span.end].idx not in by_start:
            continue
        state = by_start[doc[span.end].idx]
        after = span_at(doc, state.start, state.end)
        if after is None or span.root.dep_ != "compound" or span.root.head.i not in range(after.start, after.end) \
                or after.root.tag_ != "NNP":
            continue
        name = f"{span.text} {after.text}"
        oid = f"org:{name}"
        ctx.new_entities.setdefault(oid, NewEntity(oid, "org", name, {"kind": "company", "country": country}))
        m.entity, m.end, m.text, m.method = oid, state.end, name, "ner"
        drop.add(id(state))
    return [m for m in mentions if id(m) not in drop]


def _whole_name(span: Span, states: dict[int, str]) -> Span:
    """The name with the state's name the gazetteer took from it: "Export-Import Bank of" + "China" (an
    organisation's head word, or French "de", before "of" and a state's name: "Development Bank of Kazakhstan",
    "Électricité de France"; not "Norvik International of Norway"), "Korea" + "Hydro & Nuclear Power" (a
    state's name written as the first word of the name)."""
    doc = span.doc
    heads = _head_words()
    end = span.end
    if span[-1].lower_ in ("of", "de", "du") and end in states and (span[-1].lower_ != "of" or
                                                                     len(span) > 1 and span[-2].text in heads):
        while end < len(doc) and states.get(end) == states[span.end]:
            end += 1
        return doc[span.start:end]
    start = span.start
    if start > 0 and start - 1 in states and doc[start - 1].dep_ in ("compound", "nmod") and doc[start - 1].head.i in \
            range(span.start, span.end) and doc[start - 1].tag_ == "NNP":
        return doc[start - 1:end]
    return span
