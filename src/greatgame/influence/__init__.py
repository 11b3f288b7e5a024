"""Influence layer: indicators from reference data, baseline facts and extracted events, and the index."""
from .index import DIMENSIONS, InfluenceError, Weights, composite_table, compute, default_panel, to_records
from .indicators import INDICATORS, Indicator, Panel, indicator

__all__ = ["DIMENSIONS", "INDICATORS", "Indicator", "InfluenceError", "Panel", "Weights", "composite_table", "compute",
           "default_panel", "indicator", "to_records"]
