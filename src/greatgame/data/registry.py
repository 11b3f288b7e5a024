"""The dataset registry: ``registry.yaml`` (what each dataset is) and the importers registered for it.

An importer is a function ``fn(path, data) -> Loaded`` registered with
``@importer(dataset_id, tables)`` in a module of ``greatgame.data.importers``;
``registry.yaml`` describes the dataset (publisher, URL, licence, citation, the
file layout the importer checks). The two must agree on the tables written.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..errors import ImporterError


@lru_cache(maxsize=1)
def registry() -> dict[str, dict[str, Any]]:
    """The dataset entries of ``registry.yaml``, by id (in file order)."""
    text = resources.files(__package__).joinpath("registry.yaml").read_text("utf-8")
    return {d["id"]: d for d in yaml.safe_load(text)["datasets"]}


@dataclass
class Loaded:
    """What an importer read from one file."""

    rows: int                              # data records in the file
    encoding: str                          # the encoding the file was read with
    tables: dict[str, pd.DataFrame]        # table -> rows to store


@dataclass(frozen=True)
class Importer:
    id: str
    file: str                              # the file name it recognises
    tables: tuple[str, ...]                # tables whose rows of this dataset it replaces
    load: Callable[[Path, bytes], Loaded]

    @property
    def spec(self) -> dict[str, Any]:
        return registry()[self.id]


IMPORTERS: dict[str, Importer] = {}


def importer(dataset_id: str, tables: tuple[str, ...]) -> Callable[[Callable[..., Loaded]], Callable[..., Loaded]]:
    """Register ``fn(path, data) -> Loaded`` as the importer of ``dataset_id`` (an entry of registry.yaml)."""
    def register(fn: Callable[..., Loaded]) -> Callable[..., Loaded]:
        spec = registry().get(dataset_id)
        if spec is None:
            raise ImporterError(f"registry.yaml has no dataset {dataset_id!r} (importer {fn.__qualname__})")
        if tuple(spec["tables"]) != tuple(tables):
            raise ImporterError(f"registry.yaml: {dataset_id} tables {spec['tables']} != importer's {tables}")
        prev = IMPORTERS.get(dataset_id)
        if prev and (prev.load.__module__, prev.load.__qualname__) != (fn.__module__, fn.__qualname__):
            raise ImporterError(f"dataset {dataset_id} has two importers: {prev.load.__module__}."
                                f"{prev.load.__qualname__} and {fn.__module__}.{fn.__qualname__}")
        IMPORTERS[dataset_id] = Importer(dataset_id, spec["layout"]["file"], tuple(tables), fn)
        return fn
    return register


def importers() -> list[Importer]:
    """The registered importers, in registry.yaml order."""
    return [IMPORTERS[i] for i in registry() if i in IMPORTERS]


def by_file_name() -> dict[str, Importer]:
    return {imp.file: imp for imp in importers()}


def sniff(path: Path) -> Importer | None:
    """The importer whose CSV header the file has (for files whose name is not a known one)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536).decode("latin-1")
    except OSError:
        return None
    lines = head.splitlines()[:60]
    for imp in importers():
        layout = imp.spec["layout"]
        if layout["format"] != "csv":
            continue
        wanted = [c for c in layout["columns"] if c]
        for line in lines:
            try:
                cells = {c.strip() for c in next(csv.reader([line]))}
            except (StopIteration, csv.Error):
                continue
            if set(wanted) <= cells:
                return imp
    return None
