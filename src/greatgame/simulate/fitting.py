"""The model estimated: both equations (``estimation.fit_equations``) and, with a combination, its weights
(``combination.weights``), estimated from the data known at ``until`` only."""
from __future__ import annotations

import dataclasses
from typing import Sequence

from ..kb.store import KnowledgeBase
from .combination import weights
from .estimation import MODEL, ModelInputs, Spec, context, fit_equations
from .panel import Panel, read_panel


def estimate_inputs(kb: KnowledgeBase, until: int | None = None, *, powers: Sequence[str] | None = None,
                    targets: Sequence[str] | None = None, spec: Spec = MODEL, cache: bool = True) -> ModelInputs:
    """Read the knowledge base once and estimate the model at ``until`` (default: the latest year with trade
    data). A knowledge base without enough trade data raises ``RunError`` ('insufficient data').

    ``cache``: keep the fitted model on disk and reuse it while the knowledge base's datasets, the variant and
    the code are the same (``fitcache``); a reused fit gives the same numbers as a fresh one."""
    from . import fitcache

    cfg_powers, cfg_targets, last = context()
    powers, targets = tuple(powers or cfg_powers), tuple(targets or cfg_targets)
    k = fitcache.key(kb, powers, targets, last, until, spec) if cache else None
    if k is not None:
        kept = fitcache.load(k)
        if kept is not None:
            return kept
    inputs = fit(read_panel(kb, powers, targets, last), until, spec=spec)
    if k is not None:
        fitcache.save(k, inputs)
    return inputs


def fit(panel: Panel, until: int | None = None, exclude: frozenset = frozenset(), spec: Spec = MODEL
        ) -> ModelInputs:
    """Estimate both equations on ``panel`` as known at ``until`` and build the starting state (``exclude``:
    rows left out of the estimation, as ``trade_design``'s; ``spec``: the model's variant). With a combination
    (``spec.combine``), its weights come from pseudo-out-of-sample forecasts inside the data to ``until``
    (``combination.weights``), with the same rows left out."""
    inputs = fit_equations(panel, until, exclude, spec)
    if spec.combine == "none":
        return inputs
    return dataclasses.replace(inputs, weights=weights(panel, inputs.until, spec, exclude))
