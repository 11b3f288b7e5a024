"""The flat public face: one call for each thing a notebook does, over the layers below.

``greatgame/__init__.py`` re-exports these; the layers stay importable for finer control
(``greatgame.ingest``, ``greatgame.influence``, ``greatgame.simulate``, ``greatgame.report``).
Heavy dependencies are imported on first use, so ``import greatgame`` stays quick.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .data import ImportReport
    from .ingest import IngestReport
    from .kb import KnowledgeBase
    from .simulate import Result


def ingest(kb: "KnowledgeBase", paths: Iterable[str | Path], *, timeout: float | None = None,
           progress: Callable[[str, str], None] | None = None, sync: bool = False) -> "IngestReport":
    """Read, extract and store every document under ``paths`` (files or folders), one transaction each.

    ``timeout``: seconds one document may take (default ``$GREATGAME_DOC_TIMEOUT``, else 60; 0: none).
    ``sync``: first remove the documents whose files under the given folders are gone.
    """
    from .ingest.loop import ingest as run_ingest

    return run_ingest(kb, paths, progress=progress, timeout=timeout, sync=sync)


def import_reference(kb: "KnowledgeBase", paths: Iterable[str | Path],
                     progress: Callable[[str, str], None] | None = None) -> "ImportReport":
    """Import the public reference datasets found under ``paths``, one transaction per dataset."""
    from .data import import_reference as run_import

    return run_import(kb, paths, progress=progress)


def influence_index(kb: "KnowledgeBase", **options: Any) -> "pd.DataFrame":
    """The influence index as rows (target, power, year, dimension, indicator, score ...); see ``influence.compute``."""
    from .influence import compute

    return compute(kb, **options)


def simulate(kb: "KnowledgeBase", scenario: str = "baseline", *, until: int | None = None, runs: int = 1000,
             seed: int = 0) -> "Result":
    """Monte Carlo futures of a shipped scenario (by name) or a scenario file (by path)."""
    from .simulate.run import read_scenario, run

    return run(kb, read_scenario(scenario), runs=runs, seed=seed, until=until)


def write_briefing(kb: "KnowledgeBase", output: str | Path, *, target: str | None = None,
                   since: str | None = None, runs: int = 500, seed: int = 0) -> Path:
    """Write an analyst briefing (.html, self-contained, or .md) and return its path."""
    from .report import write_report

    return write_report(kb, output, target=target, since=since, runs=runs, seed=seed)
