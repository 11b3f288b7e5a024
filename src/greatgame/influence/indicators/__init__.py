"""Indicators per target T, power P and year, each row with its basis, data year, error and sources.

Every indicator takes the knowledge base and a ``Panel`` (which powers, targets
and years) and returns the columns of ``base.COLUMNS``; it is registered with
``@indicator(name, dimension=, weight=, kind=, scale=, floor=, description=)``
(see ``base.py``), which is all the index needs to know about it. A module per
dimension; every module of this package is imported. The formulas are in
docs/influence.md, one entry per indicator, named as here.
"""
from __future__ import annotations

import importlib
import pkgutil

from .base import (BASES, COLUMNS, DIMENSIONS, HAND_CODED, INDICATORS, KINDS, NOWCAST_YEARS, Indicator, Panel,
                   baseline, check, config, indicator)
from .covariates import COVARIATES, covariates
from .diplomatic import events, igo_depth, un_agreement
from .finance import aid_gdp, debt_gdp, remittances_context
from .security import alliance_depth, arms_share, presence
from .trade import export_share, import_share, reconciled_flows, trade_share

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
check()

__all__ = ["BASES", "COLUMNS", "COVARIATES", "covariates", "DIMENSIONS", "HAND_CODED", "INDICATORS", "KINDS", "NOWCAST_YEARS", "Indicator",
           "Panel", "aid_gdp", "alliance_depth", "arms_share", "baseline", "check", "config", "debt_gdp", "events",
           "export_share", "igo_depth", "import_share", "indicator", "presence", "reconciled_flows",
           "remittances_context", "trade_share", "un_agreement"]
