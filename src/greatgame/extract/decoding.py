"""Greedy decoding of spaCy's transition-based components (parser, NER), the same transitions, driven per step.

spaCy's ``Parser.greedy_parse`` (3.8) predicts the first step's inputs for a batch of documents, then runs its
transition loop (``_parseC``) in C with Python's lock released. In the build installed here that loop is
compiled with Cython's profiling hooks, so every small C function it calls for every state and every possible
move (``StateC.B_`` inside each move's ``is_valid``) takes Python's lock and gives it back to ask whether a
profiler is attached: measured with ``perf`` on the corpus, two fifths of the NER's time is spent locking and
unlocking that mutex, and the NER costs three times what the parser does. Whether a spaCy has those hooks is
seen, once per process, from whether its parser's state module reports calls to a profiler
(:func:`hooked`); one without them keeps its own loop.

:func:`pipe` decodes with the same model and the same moves, one step at a time from Python, with the lock
held (spaCy's own ``beam_parse`` drives its steps this way): the step model's scores for every unfinished
state (``ParserStepModel.predict``: the same features, hidden layer and output layer, unseen classes set to
the batch's minimum as the C loop does), then ``Parser.transition_states``, which applies the best valid
move of each state in C. Documents are batched as ``Parser.pipe`` batches them (by length, in quarters of
the batch size), so each document's annotations are what ``Parser.pipe`` gives it; ``tests/test_speed.py``
compares the two byte for byte. A component this does not know how to drive (beam search, a spaCy without
these methods) is left to its own ``pipe``.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.tokens import Doc
from spacy.util import minibatch

NEEDED = ("moves", "model", "set_annotations", "transition_states", "_ensure_labels_are_added")


def drivable(component) -> bool:
    """Whether ``component`` is a greedy transition-based component this module can decode, in a spaCy whose
    own loop calls a profiler's hooks."""
    try:
        from spacy.pipeline.transition_parser import Parser
    except ImportError:      # a spaCy without it: nothing to drive
        return False
    cfg = getattr(component, "cfg", None) or {}
    return isinstance(component, Parser) and cfg.get("beam_width", 1) == 1 and \
        all(hasattr(component, name) for name in NEEDED) and hooked()


@lru_cache(maxsize=1)
def hooked() -> bool:
    """Whether spaCy's parser internals were compiled with Cython's profiling hooks: a parser state made and
    freed for a one-word document reports its calls to a profile function (looked at once per process)."""
    from spacy.pipeline._parser_internals.stateclass import StateClass
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    if sys.getprofile() is not None:      # a profiler is attached: its hooks run in either loop
        return True
    seen: list[str] = []

    def note(frame, event, arg):
        if event == "call":
            seen.append(frame.f_code.co_filename)

    sys.setprofile(note)
    try:
        StateClass(Doc(Vocab(), words=["a"]))
    finally:
        sys.setprofile(None)
    return any("_parser_internals" in name for name in seen)


def greedy(component, docs: list[Doc]) -> list:
    """The final states of greedy decoding of ``docs``, what ``Parser.greedy_parse`` returns for them."""
    if not any(len(doc) for doc in docs):
        return component.moves.init_batch(docs)
    component._ensure_labels_are_added(docs)
    batch = component.moves.init_batch(docs)
    step = component.model.predict(docs)
    try:
        states = [state for state in batch if not state.is_final()]
        while states:
            states = component.transition_states(states, step.predict(states))
    finally:
        step.clear_memory()
    return batch


def pipe(component, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
    """``component.pipe(docs, batch_size=batch_size)``, decoded by :func:`greedy` where it can be."""
    if not drivable(component):
        yield from component.pipe(docs, batch_size=batch_size)
        return
    for batch in minibatch(docs, size=batch_size):
        batch = list(batch)
        for sub in minibatch(sorted(batch, key=len), size=max(batch_size // 4, 2)):
            sub = list(sub)
            component.set_annotations(sub, greedy(component, sub))
        yield from batch
