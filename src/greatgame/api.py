"""The flat public face: one call for each thing a notebook does, over the layers below.

``greatgame/__init__.py`` re-exports these beside the callable packages ``greatgame.ingest`` and
``greatgame.simulate``; the layers stay importable for finer control.
Heavy dependencies are imported on first use, so ``import greatgame`` stays quick.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .data import ImportReport
    from .kb import KnowledgeBase


def resolve(name: str, kb: "KnowledgeBase | None" = None, kinds: Iterable[str] | None = None) -> str:
    """The id a name, alias or id stands for ("Tokayev", "Xi", "China", "CSTO", "KAZ"), from the shipped ontology
    and, given ``kb``, the people and organisations found in its documents. An unknown name raises
    ``UnknownName`` with the closest matches; a name several actors share, ``AmbiguousName``."""
    if kb is not None:
        return kb.resolve(name, list(kinds) if kinds else None)
    from .ontology.resolve import resolve as resolve_name

    return resolve_name(name, kinds)


def import_reference(kb: "KnowledgeBase", paths: Iterable[str | Path],
                     progress: Callable[[str, str], None] | None = None) -> "ImportReport":
    """Import the public reference datasets found under ``paths``, one transaction per dataset."""
    from .data import import_reference as run_import

    return run_import(kb, paths, progress=progress)


def influence_index(kb: "KnowledgeBase", **options: Any) -> "pd.DataFrame":
    """The influence index as rows (target, power, year, dimension, indicator, score ...); see ``influence.compute``."""
    from .influence import compute

    return compute(kb, **options)


def write_briefing(kb: "KnowledgeBase", output: str | Path, *, target: str | None = None,
                   since: str | None = None, runs: int = 500, seed: int = 0) -> Path:
    """Write an analyst briefing (.html, self-contained, or .md) and return its path."""
    from .report import write_report

    return write_report(kb, output, target=target, since=since, runs=runs, seed=seed)
