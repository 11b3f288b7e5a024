"""The shipped YAML files (ontology, lexicons), read once per version of their text, then from a cache.

Even libyaml's loader builds the data in Python: the ontology's files take about 0.15 s of every process
that extracts or opens a knowledge base for writing, the lexicons some 0.05 s more. ``load_yaml`` keeps
what a text loads to as JSON in the user's cache folder (``$GREATGAME_CACHE``, else platformdirs' cache
folder for greatgame; the same as the backtest's verdict), in a file named by the SHA-256 of the text
(with this format's and PyYAML's versions): a changed file is a new name, so nothing read is ever stale.

JSON holds what these files hold (mappings with text keys, lists, text, numbers, booleans, null) plus
dates, written as ``{"$date": "YYYY-MM-DD"}``. The cache is written only when its JSON reads back as
exactly the data (the same types, the same key order): data it could not hold (a date as a key, a set, a
mapping of numbers) is parsed from YAML every time. A cache folder that cannot be written or read, or a
file in it that is not such JSON, changes nothing but the time taken.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import importlib.util
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

FORMAT = "greatgame-yaml-json-1"


def safe_loader() -> Any:
    """libyaml's safe loader where PyYAML was built with it (the same data, about 8x faster).

    PyYAML is imported here, when a text is not in the cache (some 0.015 s that a cached read does without).
    """
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def __getattr__(name: str) -> Any:
    if name == "SAFE_LOADER":      # what the other YAML readers import: the loader, PyYAML imported then
        return safe_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


VERSION_LINE = re.compile(r"""^__version__\s*=\s*['"]([^'"]+)['"]\s*$""", re.M)


def module_version(name: str) -> str:
    """A module's ``__version__``, read from the line of its ``__init__`` that sets it, without importing it
    (an import can cost what the cache saves); imported where that line is not found."""
    try:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            with open(spec.origin, encoding="utf-8") as f:
                found = VERSION_LINE.findall(f.read())
            if len(found) == 1:
                return found[0]
    except (ImportError, OSError, ValueError):
        pass
    return str(getattr(importlib.import_module(name), "__version__", ""))


@lru_cache(maxsize=1)
def yaml_version() -> str:
    """PyYAML's ``yaml.__version__`` (``module_version``)."""
    return module_version("yaml")


def cache_root() -> Path:
    """The folder every cache of greatgame's is kept under (this module's, ``extract.regex_cache``'s, the fitted
    model's and the backtest's verdict): ``$GREATGAME_CACHE``, else the user's cache folder for greatgame
    (platformdirs)."""
    env = os.environ.get("GREATGAME_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("greatgame"))


def cache_folder() -> Path:
    """Where the parsed files are kept: ``$GREATGAME_CACHE/yaml``, else the user's cache folder's."""
    return cache_root() / "yaml"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (its folder made if need be) whole or not at all, whoever else writes it at
    the same time: to a file of this process's beside it, then renamed into place. ``OSError`` where it cannot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        part.write_bytes(data)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def _key(text: str) -> str:
    h = hashlib.sha256(f"{FORMAT}\0{yaml_version()}\0".encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _default(value: Any) -> Any:
    if type(value) is dt.date:
        return {"$date": value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not kept")


def _hook(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "$date" in obj and isinstance(obj["$date"], str):
        return dt.date.fromisoformat(obj["$date"])
    return obj


def same(a: Any, b: Any) -> bool:
    """``a`` and ``b`` equal, of the same types all the way down, their mappings' keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def load_yaml(text: str) -> Any:
    """What ``text`` loads to with PyYAML's safe loader (``yaml.YAMLError`` if it does not), from the cache
    when it holds it."""
    path = cache_folder() / f"{_key(text)}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"), object_hook=_hook)
    except (OSError, ValueError, UnicodeError):
        pass
    import yaml

    data = yaml.load(text, Loader=safe_loader())
    _keep(path, data)
    return data


def _keep(path: Path, data: Any) -> None:
    """Write ``data`` to ``path`` as JSON, if JSON holds it exactly (quietly nothing where it cannot)."""
    try:
        encoded = json.dumps(data, default=_default, ensure_ascii=False, allow_nan=False)
        if not same(json.loads(encoded, object_hook=_hook), data):
            return
        write_atomic(path, encoded.encode("utf-8"))
    except (OSError, TypeError, ValueError, RecursionError):
        pass
