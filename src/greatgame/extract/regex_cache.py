"""The date and figure grammars' regular expressions, compiled once per version of their text, then from a cache.

Python compiles a regular expression in Python (``re._parser`` reads it, ``re._compiler`` writes the code
that ``_sre`` runs): the date and figure grammars' 50-odd expressions, tens of thousands of characters of
month names, units and number words, take some 0.06 s of every process's first document, each time to the
same code. ``compile_all`` keeps that code in the user's cache folder (``$GREATGAME_CACHE/regex``, beside the
YAML cache of ``ontology.cache``), in a file named by the SHA-256 of the expressions, their flags and the
interpreter's version (its ``_sre`` code format with it), and builds each pattern from it as
``re._compiler.compile`` does, with ``_sre.compile``.

A file is written only where every pattern built from what it holds equals (``==``: the same expression,
flags and code) the one ``re.compile`` made; a file is read only whole and with the digest of its content it
was written with. Where any of it cannot be (another Python without these internals, a folder that cannot be
written or read, a damaged file), the expressions are compiled with ``re.compile``, which changes nothing but
the time taken.
"""
from __future__ import annotations

import hashlib
import marshal
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..ontology.cache import cache_root, write_atomic

try:
    import _sre
    from re import _compiler, _parser
except ImportError:         # an interpreter without them: re.compile every time
    _sre = _compiler = _parser = None  # type: ignore[assignment]

FORMAT = "greatgame-regex-1"
DIGEST = 32          # bytes of SHA-256 before the content


def cache_folder() -> Path:
    return cache_root() / "regex"


def _key(sources: Sequence[tuple[str, int]]) -> str:
    h = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{getattr(_sre, 'MAGIC', '')}\0{marshal.version}\0".encode())
    for pattern, flags in sources:
        h.update(f"{flags}\0{len(pattern)}\0".encode())
        h.update(pattern.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _parts(pattern: str, flags: int) -> tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]:
    """What ``re._compiler.compile(pattern, flags)`` hands ``_sre.compile`` after the expression itself."""
    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = p.state.groupdict
    indexgroup: list[Any] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | p.state.flags), [int(c) for c in code], int(p.state.groups - 1), dict(groupindex),
            tuple(indexgroup))      # plain ints: the opcodes are int subclasses, which marshal does not write


def _build(pattern: str, parts: Any) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = parts
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


def _read(path: Path, sources: Sequence[tuple[str, int]]) -> list[re.Pattern[str]] | None:
    try:
        data = path.read_bytes()
        if len(data) <= DIGEST or hashlib.sha256(data[DIGEST:]).digest() != data[:DIGEST]:
            return None
        held = marshal.loads(data[DIGEST:])
        if not isinstance(held, list) or len(held) != len(sources):
            return None
        return [_build(pattern, parts) for (pattern, _), parts in zip(sources, held)]
    except (OSError, ValueError, EOFError, TypeError, RuntimeError, SystemError, re.error):
        return None


def _keep(path: Path, sources: Sequence[tuple[str, int]], compiled: Sequence[re.Pattern[str]]) -> None:
    """Write the patterns' code to ``path`` if each built from it equals ``re.compile``'s (else nothing)."""
    try:
        held = [_parts(pattern, flags) for pattern, flags in sources]
        if any(_build(pattern, parts) != done for (pattern, _), parts, done in zip(sources, held, compiled)):
            return
        content = marshal.dumps(held)
        if marshal.loads(content) != held:
            return
        write_atomic(path, hashlib.sha256(content).digest() + content)
    except (OSError, ValueError, TypeError, RuntimeError, AttributeError, re.error, RecursionError):
        pass


def compile_all(sources: Sequence[tuple[str, int]]) -> list[re.Pattern[str]]:
    """``[re.compile(pattern, flags) for pattern, flags in sources]``, from the cache when it holds them."""
    sources = [(pattern, int(flags)) for pattern, flags in sources]
    if _sre is None or not all(type(pattern) is str for pattern, _ in sources):
        return [re.compile(pattern, flags) for pattern, flags in sources]
    try:
        path = cache_folder() / f"{_key(sources)}.marshal"
    except (OSError, ValueError, TypeError):
        return [re.compile(pattern, flags) for pattern, flags in sources]
    found = _read(path, sources)
    if found is not None:
        return found
    compiled = [re.compile(pattern, flags) for pattern, flags in sources]
    _keep(path, sources, compiled)
    return compiled
