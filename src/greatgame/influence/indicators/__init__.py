"""Raw indicators per target T, power P and year, each row with its sources; a module per dimension.

Every indicator takes the knowledge base and a ``Panel`` (which powers,
targets and years) and returns a DataFrame with the columns
``target, power, year, raw, sources``; ``sources`` is a list of dicts, either
``{"dataset": id, "rows": [...]}`` (rows of the imported file, 1-based data
rows) or ``{"doc": id, "start": s, "end": e, "evidence": text}`` for
extracted events, or ``{"baseline": entry name, "source": url}``. A dyad-year
without data has no row: missing is never zero.

Each is registered with ``@indicator(name, dimension=, weight=, normalise=,
carry_forward=, description=)`` (see ``base.py``), which is all the index needs
to know about it. To add one: a registered function in the module of its
dimension, or a new module here (every module of this package is imported).
The formulas are in docs/influence.md, one section per indicator.
"""
from __future__ import annotations

import importlib
import pkgutil

from .base import COLUMNS, DIMENSIONS, INDICATORS, Indicator, Panel, baseline, check, config, indicator
from .connectivity import border, links
from .diplomatic import diplomatic_events, igo_shared, partnership, un_agreement, visits
from .economic import finance, remittances, trade_share
from .security import alliance, arms_share, exercises, military_presence, security_events

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
check()

__all__ = ["COLUMNS", "DIMENSIONS", "INDICATORS", "Indicator", "Panel", "alliance", "arms_share", "baseline", "border",
           "check", "config", "diplomatic_events", "exercises", "finance", "igo_shared", "indicator", "links",
           "military_presence", "partnership", "remittances", "security_events", "trade_share", "un_agreement",
           "visits"]
