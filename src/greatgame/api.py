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
    from .influence import Weights
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


def _names(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def influence_index(kb: "KnowledgeBase", target: str | Iterable[str] | None = None,
                    power: str | Iterable[str] | None = None, *, year: int | None = None,
                    weights: "Weights | str | None" = None, draws: int | None = None, seed: int = 0,
                    panel: Any = None) -> "pd.DataFrame":
    """The influence index as rows (target, power, year, dimension, indicator, score, lo, hi, basis, data_year ...).

    ``target`` and ``power`` take names, aliases or codes, one or several, resolved as the CLI's ``--target`` and
    ``--power`` are ("Kazakhstan", "Astana", "Tokayev" -> KAZ; "China", "Xi" -> CHN; "European Union" -> EU);
    a name that names no target state or scored power raises ``UnknownName``. ``year``: only that year's rows.
    ``weights``: a ``Weights`` or 'trade=0.5,security=0.2,...'. ``panel``: a ``greatgame.influence.Panel`` for
    finer control (then ``target`` and ``power`` must be left out). See ``greatgame.influence.compute``."""
    from .influence import Weights, compute, default_panel
    from .ontology.resolve import power_code, target_code

    targets, powers = _names(target), _names(power)
    if panel is not None and (targets or powers):
        raise ValueError("give either panel or target/power, not both")
    if panel is None:
        r = kb.resolver()
        panel = default_panel(powers=list(dict.fromkeys(power_code(p, r=r) for p in powers)) or None,
                              targets=list(dict.fromkeys(target_code(t, r=r) for t in targets)) or None)
    if isinstance(weights, str):
        weights = Weights.default().with_dimensions(weights)
    result = compute(kb, panel, weights, draws, seed)
    if year is not None:
        result = result[result.year == year].reset_index(drop=True)
    return result


def write_briefing(kb: "KnowledgeBase", output: str | Path, *, target: str | None = None,
                   since: str | None = None, runs: int = 500, seed: int = 0) -> Path:
    """Write an analyst briefing (.html, self-contained, or .md) and return its path."""
    from .report import write_report

    return write_report(kb, output, target=target, since=since, runs=runs, seed=seed)
