"""The fitted model (both equations, the starting state and the combination's weights) kept on disk between runs.

``greatgame simulate`` estimates the model on every call otherwise: the panel's read (the trade shares'
reconciliation), both equations and the combination's weights (``combination.weights``: the model re-estimated
at every earlier origin). ``fitting.estimate_inputs`` keeps what it estimates in the user's cache folder
(``$GREATGAME_CACHE``, else platformdirs' cache folder for greatgame, as the backtest's verdict), one file per key:

* the model's variant (``Spec``), the year estimated to, the powers, targets and last year read;
* the knowledge base's datasets, each import's id, SHA-256 of the file imported and time of import: the
  tables the panel reads (trade, indicators, adjacency, boundaries, claims, partner_shares) are written only by
  ``greatgame data import``, so changed data make a new key and are never answered with an old fit;
* a SHA-256 of the package's code and files that read the panel and estimate the model (``simulate/``,
  ``influence/``, ``kb/``: their ``.py`` and data files), so that a changed estimator or reconciliation does not
  reuse a fit made by the old one.

A file holds numpy arrays and one JSON document (``np.load`` with ``allow_pickle=False``: nothing in it is code).
It is written to a file of its own in the same folder and renamed into place (``ontology.cache.write_atomic``),
so a concurrent run reads a whole file or none; an unreadable or mismatched file counts as no file (the model is
estimated and the file rewritten). The newest ``KEEP`` files are kept. Where the folder cannot be written, nothing
is kept, quietly.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..kb.store import KnowledgeBase
from ..ontology.cache import cache_root, write_atomic
from .estimation import Equation, ModelInputs, Residuals, Spec
from .panel import Panel

FORMAT = 1          # the file's layout: a new layout makes every older file a miss
KEEP = 16           # fitted models kept (newest first)
PREFIX = "fit-"
_CODE = ("simulate", "influence", "kb")
_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".csv")
_NESTED = {"panel": Panel, "trade": Equation, "remit": Equation, "residuals": Residuals, "spec": Spec}


def folder() -> Path:
    """``$GREATGAME_CACHE``, else the user's cache folder for greatgame (``ontology.cache.cache_root``)."""
    return cache_root()


def datasets_signature(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    """The knowledge base's imports: (id, SHA-256 of the file, time of import), sorted."""
    return sorted((str(d.get("id")), str(d.get("sha256")), str(d.get("imported_at"))) for d in kb.datasets())


@lru_cache(maxsize=1)
def code_hash() -> str:
    """SHA-256 of the package's code and data files that read the panel and estimate the model."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for sub in _CODE:
        for p in sorted((root / sub).rglob("*")):
            if p.suffix in _SUFFIXES and "__pycache__" not in p.parts and p.is_file():
                h.update(str(p.relative_to(root)).encode())
                h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def key(kb: KnowledgeBase, powers: Sequence[str], targets: Sequence[str], last: int, until: int | None,
        spec: Spec) -> str:
    """The cache key of the model estimated from ``kb`` (see the module's docstring)."""
    parts = [FORMAT, dataclasses.asdict(spec), until, list(powers), list(targets), last, datasets_signature(kb),
             code_hash()]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def _path(k: str) -> Path:
    return folder() / f"{PREFIX}{k}.npz"


# ---------------------------------------------------------------- (de)serialisation without pickle

def _flatten(obj: Any, prefix: str, arrays: dict[str, np.ndarray]) -> Any:
    """The dataclass ``obj`` as JSON, its arrays moved to ``arrays`` (named by their path)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if f.name == "extra":                      # values computed from the panel on demand
            continue
        v = getattr(obj, f.name)
        name = f"{prefix}{f.name}"
        if isinstance(v, np.ndarray):
            arrays[name] = v
            out[f.name] = {"array": name}
        elif dataclasses.is_dataclass(v):
            out[f.name] = {"object": _flatten(v, name + ".", arrays)}
        elif isinstance(v, (tuple, list)):
            out[f.name] = {"tuple": [x.item() if isinstance(x, np.generic) else x for x in v]}
        elif isinstance(v, dict):
            out[f.name] = {"dict": {str(a): (b.item() if isinstance(b, np.generic) else b) for a, b in v.items()}}
        else:
            out[f.name] = {"value": v.item() if isinstance(v, np.generic) else v}
    return out


def _build(cls: type, doc: dict[str, Any], arrays: Any) -> Any:
    kwargs = {}
    for name, v in doc.items():
        if "array" in v:
            kwargs[name] = arrays[v["array"]]
        elif "object" in v:
            kwargs[name] = _build(_NESTED[name], v["object"], arrays)
        elif "tuple" in v:
            kwargs[name] = tuple(tuple(x) if isinstance(x, list) else x for x in v["tuple"])
        elif "dict" in v:
            kwargs[name] = dict(v["dict"])
        else:
            kwargs[name] = v["value"]
    return cls(**kwargs)


def save(k: str, inputs: ModelInputs) -> None:
    """Keep ``inputs`` under key ``k`` (quietly nothing where the folder cannot be written)."""
    arrays: dict[str, np.ndarray] = {}
    doc = _flatten(inputs, "", arrays)
    buf = io.BytesIO()
    np.savez(buf, __doc__=np.array(json.dumps({"format": FORMAT, "inputs": doc})), **arrays)
    try:
        write_atomic(_path(k), buf.getvalue())     # a concurrent reader sees the whole file or none
        _prune(folder())
    except OSError:
        pass


def load(k: str) -> ModelInputs | None:
    """The model kept under key ``k``, or None (no file, or one that cannot be read as this version writes)."""
    try:
        with np.load(_path(k), allow_pickle=False) as data:
            meta = json.loads(str(data["__doc__"]))
            if meta.get("format") != FORMAT:
                return None
            arrays = {name: data[name] for name in data.files if name != "__doc__"}
        return _build(ModelInputs, meta["inputs"], arrays)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError, zipfile.BadZipFile):
        return None


def _prune(where: Path) -> None:
    """Keep the newest KEEP files (another run may remove one at the same time: ignored)."""
    files = []
    for p in where.glob(f"{PREFIX}*.npz"):
        try:
            files.append((p.stat().st_mtime, p))
        except OSError:
            continue
    for _, p in sorted(files, reverse=True)[KEEP:]:
        try:
            p.unlink()
        except OSError:
            pass
