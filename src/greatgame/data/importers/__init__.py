"""One importer per reference dataset, a module per source family, each registered by its id in ``registry.yaml``.

An importer turns the bytes of one file into data frames, one per table it
writes, after checking the file: its encoding (UTF-8 unless the registry says
otherwise), its header (every column the registry lists must be there), and its
values (numeric columns parse, years are plausible, codes are known). Any
problem raises ``DataError(path, reason)``, a one-line message. Storing the
frames (one transaction per dataset) is ``greatgame.data.import_reference``'s job.

To add a dataset: describe it in ``registry.yaml`` and write one module here
with a function ``fn(path, data) -> Loaded`` decorated with
``@importer(dataset_id, tables)`` (the helpers in ``common.py`` do the
checking). Every module of this package is imported, so nothing else changes.

Modules: ``trade`` (IMF DOTS), ``worldbank`` (World Bank and WDI indicators),
``sipri`` (arms transfers), ``unga`` (UN votes), ``igo`` (COW IGO), ``aiddata``,
``boundaries`` (Natural Earth, TopoJSON, adjacency), ``facts`` (calibration facts).
"""
from __future__ import annotations

import importlib
import pkgutil

from ..registry import IMPORTERS, Importer, Loaded, by_file_name, importer, importers, registry, sniff
from .facts import period_bounds

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["IMPORTERS", "Importer", "Loaded", "by_file_name", "importer", "importers", "period_bounds", "registry",
           "sniff"]
