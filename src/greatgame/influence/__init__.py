"""Influence layer: how much each power's ties make each Central Asian state depend on it, with intervals.

    compute_indicators(kb, panel)  one row per target, power, year and indicator (fixed-scale scores)
    aggregate(indicators, weights) dimension and composite scores with 80% intervals
    compute(kb, panel, weights)    both
"""
from .index import (DIMENSIONS, InfluenceError, Weights, aggregate, composite_table, compute, compute_indicators,
                    default_panel, last_data_year, to_records, variance_shares)
from .indicators import INDICATORS, Indicator, Panel, covariates, indicator, trade_share

__all__ = ["DIMENSIONS", "INDICATORS", "Indicator", "InfluenceError", "Panel", "Weights", "aggregate",
           "composite_table", "compute", "compute_indicators", "covariates", "default_panel", "indicator", "last_data_year",
           "to_records", "trade_share", "variance_shares"]
