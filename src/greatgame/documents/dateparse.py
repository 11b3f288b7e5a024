"""dateparser, with the regular expressions it builds from its language data compiled once, then from a cache.

dateparser reads a date in a language it does not yet know by loading that language's data and building
regular expressions from it (its words, splitting and simplification rules), with the third-party ``regex``
module, which parses an expression in Python: for the first English date of a process and then a Polish one
some 300 expressions and 0.3 s, each time to the same code, whatever the text being read (the expressions
are built from dateparser's data alone).

``dateparser()`` returns the dateparser module; ``patterns()`` is the context in which greatgame calls it.
Before the first call of a process the expressions that calls in earlier processes compiled are put in
``regex``'s own cache of compiled expressions, built from their code as ``regex`` itself builds an expression
that was pickled (``_regex.compile`` with the pattern's ``_pickled_data``), so ``regex.compile`` finds each
ready, as it would have after compiling it. After each call the expressions compiled during it are added to
the file, kept in the user's cache folder (``$GREATGAME_CACHE/dateparser``) and named by the SHA-256 of the
interpreter's, regex's and dateparser's versions; an expression is kept only where the one built from what
is written has the same ``_pickled_data`` as the one ``regex`` compiled, and a file is read only whole and
with the digest of its content. Where any of this cannot be (another ``regex`` without these internals, a
folder that cannot be written or read, a damaged file), dateparser compiles its expressions as it always
does, which changes nothing but the time taken.
"""
from __future__ import annotations

import hashlib
import marshal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..ontology.cache import cache_root, module_version, write_atomic

FORMAT = "greatgame-dateparser-regex-1"
DIGEST = 32             # bytes of SHA-256 before the content
MOST = 400              # expressions kept (regex's cache holds 500 before it drops some)

_lock = threading.Lock()
_state: dict[str, Any] = {}     # "loaded": the file was read into regex's cache; "kept": {(pattern, flags): data}


def dateparser() -> Any:
    """The dateparser module (imported on first use)."""
    import dateparser as module

    return module


def _internals() -> Any:
    """regex's module of compiled expressions, where it has what this relies on; else None."""
    try:
        import regex
        from regex import _main, _regex
    except ImportError:
        return None
    needed = ("_cache", "_named_args", "_locale_sensitive", "_MAXCACHE", "_cache_lock")
    if not all(hasattr(_main, name) for name in needed) or not hasattr(_regex, "compile"):
        return None
    return regex, _main, _regex


def _path() -> Path:
    import regex

    h = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{regex.__version__}\0{module_version('dateparser')}\0"
                       f"{marshal.version}\0".encode())
    return cache_root() / "dateparser" / f"{h.hexdigest()}.marshal"


def _entries(main: Any, version: int) -> dict[tuple[str, int], Any]:
    """The expressions in regex's cache as ``regex.compile(pattern, flags)`` left them: a text pattern, no named
    lists, the default version, not locale-sensitive."""
    found = {}
    for key, compiled in list(main._cache.items()):
        if len(key) != 6:
            continue
        pattern, kind, flags, args, default, locale = key
        if kind is str and type(pattern) is str and isinstance(flags, int) and args == frozenset() \
                and default == version and locale is None and main._locale_sensitive.get((str, pattern)) is False:
            found[(pattern, int(flags))] = compiled     # a RegexFlag is the int it equals (and hashes as) here
    return found


def _load(path: Path, internals: Any) -> dict[tuple[str, int], Any]:
    regex, main, _regex = internals
    try:
        data = path.read_bytes()
        if len(data) <= DIGEST or hashlib.sha256(data[DIGEST:]).digest() != data[:DIGEST]:
            return {}
        held = marshal.loads(data[DIGEST:])
        if not isinstance(held, list):
            return {}
        kept = {}
        for pattern, flags, pickled in held:
            if len(main._cache) >= main._MAXCACHE - 1:
                break
            compiled = _regex.compile(*pickled)
            with main._cache_lock:
                main._cache[(pattern, str, flags, frozenset(), regex.DEFAULT_VERSION, None)] = compiled
                main._named_args[(pattern, str, flags)] = frozenset()
                main._locale_sensitive[(str, pattern)] = False
            kept[(pattern, flags)] = pickled
        return kept
    except (OSError, ValueError, EOFError, TypeError, RuntimeError, SystemError, AttributeError):
        return {}


def _keep(path: Path, internals: Any, kept: dict[tuple[str, int], Any], new: dict[tuple[str, int], Any]) -> None:
    """Add ``new`` expressions (compiled by regex) to the file, each only if built from its data it is the same."""
    _, _, _regex = internals
    try:
        added = False
        for key, compiled in new.items():
            if len(kept) >= MOST:
                break
            pickled = compiled._pickled_data
            if marshal.loads(marshal.dumps(pickled)) != pickled or _regex.compile(*pickled)._pickled_data != pickled:
                continue
            kept[key] = pickled
            added = True
        if added:
            content = marshal.dumps([[pattern, flags, pickled] for (pattern, flags), pickled in kept.items()])
            write_atomic(path, hashlib.sha256(content).digest() + content)
    except (OSError, ValueError, TypeError, RuntimeError, AttributeError, SystemError):
        pass


@contextmanager
def patterns() -> Iterator[None]:
    """Call dateparser inside: its expressions come from the cache, and those it compiles go into it."""
    internals = _internals()
    if internals is None:
        yield
        return
    regex, main, _ = internals
    with _lock:
        try:
            path = _path()
        except (OSError, ValueError, TypeError, AttributeError):
            path = None
        if path is not None and "loaded" not in _state:
            _state["loaded"] = True
            _state["kept"] = _load(path, internals)
        before = set(_entries(main, regex.DEFAULT_VERSION))
    try:
        yield
    finally:
        with _lock:
            if path is not None:
                kept = _state.setdefault("kept", {})
                new = {key: compiled for key, compiled in _entries(main, regex.DEFAULT_VERSION).items()
                       if key not in before and key not in kept}
                if new:
                    _keep(path, internals, kept, new)
