"""The extraction steps: a named registry, run in the order ``data/steps.yaml`` gives.

A step is a function registered under a name with :func:`extraction_step` in
a module of the ``greatgame.extract.steps`` package (every module there is
imported when the steps are first asked for). ``data/steps.yaml`` lists the
names of the steps that run, in order, in two sections:

* ``part``: run on each part of the document the language model annotated
  (title, body, furniture, notes, comments, in that order), as
  ``step(ctx: DocumentContext, part: PartContext)``; a step that declares
  ``parts`` runs only on parts of those kinds;
* ``document``: run once, after every part, as ``step(ctx: DocumentContext)``.

``after`` names the steps whose results a step reads; they must come before it
(for a document step, in either section). An unknown, repeated, misplaced or
out-of-order name raises :class:`~greatgame.errors.ExtractionStepError`.

Adding a step: one new file in ``extract/steps/`` ::

    from ..context import CONTENT_PARTS, DocumentContext, PartContext
    from ..registry import extraction_step

    @extraction_step("treaties", parts=CONTENT_PARTS, after="dates")
    def treaties(ctx: DocumentContext, part: PartContext) -> None:
        ...   # read part.doc, part.mentions, part.dates; add to ctx.result

plus its name in ``data/steps.yaml`` (and its word lists, if any, in
``data/``, read with :func:`greatgame.extract.lexicon.load_data`).
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Literal, TypeVar, Union

from ..errors import ExtractionStepError
from .context import DocumentContext, PartContext
from .lexicon import load_data

__all__ = ["Step", "StepPlan", "extraction_step", "registered", "steps"]

PartStep = Callable[[DocumentContext, PartContext], None]
DocumentStep = Callable[[DocumentContext], None]
Scope = Literal["part", "document"]
F = TypeVar("F", bound=Union[PartStep, DocumentStep])

STEPS_PACKAGE = "greatgame.extract.steps"
ORDER_FILE = "steps.yaml"


@dataclass(frozen=True)
class Step:
    """A registered extraction step."""

    name: str
    scope: Scope
    run: Callable[..., None]               # PartStep or DocumentStep, as scope says
    parts: frozenset[str] | None = None    # part kinds a part step runs on (None: every part)
    after: tuple[str, ...] = ()            # steps whose results it reads

    def applies_to(self, part: PartContext) -> bool:
        return self.parts is None or part.kind in self.parts


@dataclass(frozen=True)
class StepPlan:
    """The steps that run, in order."""

    part: tuple[Step, ...]
    document: tuple[Step, ...]


_REGISTRY: dict[str, Step] = {}


def extraction_step(name: str, *, scope: Scope = "part", parts: Iterable[str] | None = None,
                    after: str | Iterable[str] = ()) -> Callable[[F], F]:
    """Register the decorated function as the extraction step ``name`` (see the module's docstring)."""
    if scope not in ("part", "document"):
        raise ExtractionStepError(f"extraction step {name!r}: scope must be 'part' or 'document', not {scope!r}")
    if parts is not None and scope != "part":
        raise ExtractionStepError(f"extraction step {name!r}: only a part step runs on given parts")
    needs = (after,) if isinstance(after, str) else tuple(after)

    def register(func: F) -> F:
        step = Step(name, scope, func, frozenset(parts) if parts is not None else None, needs)
        known = _REGISTRY.get(name)
        if known is not None and _origin(known.run) != _origin(func):
            raise ExtractionStepError(f"extraction step {name!r} is registered twice: "
                                      f"{_origin(known.run)} and {_origin(func)}")
        _REGISTRY[name] = step
        return func

    return register


def _origin(func: Callable[..., None]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def registered() -> dict[str, Step]:
    """Every registered step by name (the modules of ``greatgame.extract.steps`` imported)."""
    package = importlib.import_module(STEPS_PACKAGE)
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{STEPS_PACKAGE}.{module.name}")
    return dict(_REGISTRY)


@lru_cache(maxsize=1)
def steps() -> StepPlan:
    """The steps ``data/steps.yaml`` lists, in its order, checked against the registry."""
    known = registered()
    order = load_data(ORDER_FILE) or {}
    unknown_sections = set(order) - {"part", "document"}
    if unknown_sections:
        raise ExtractionStepError(f"{ORDER_FILE}: unknown sections {sorted(unknown_sections)} "
                                  "(the sections are part and document)")
    seen: list[str] = []
    plan: dict[str, list[Step]] = {"part": [], "document": []}
    for scope in ("part", "document"):
        for name in order.get(scope) or []:
            step = known.get(name)
            if step is None:
                raise ExtractionStepError(f"{ORDER_FILE}: no extraction step is registered as {name!r} "
                                          f"(registered: {', '.join(sorted(known))})")
            if name in seen:
                raise ExtractionStepError(f"{ORDER_FILE}: step {name!r} is listed twice")
            if step.scope != scope:
                raise ExtractionStepError(f"{ORDER_FILE}: step {name!r} is a {step.scope} step, "
                                          f"listed under {scope}")
            missing = [a for a in step.after if a not in seen]
            if missing:
                raise ExtractionStepError(f"{ORDER_FILE}: step {name!r} runs after {', '.join(missing)}, "
                                          "which must be listed before it")
            seen.append(name)
            plan[scope].append(step)
    return StepPlan(tuple(plan["part"]), tuple(plan["document"]))
