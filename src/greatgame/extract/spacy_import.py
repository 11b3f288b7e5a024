"""``import spacy`` without spaCy's command line.

spaCy's ``__init__`` imports ``spacy.cli.info`` for its ``spacy.info`` function, and with it the whole
``spacy.cli`` package: every command (download, train, init, project...) and what they import (typer's
app, weasel, requests, urllib3...): about a third of ``import spacy``, none of it used to load a pipeline
or run one (spaCy itself imports ``spacy.cli`` nowhere else). ``import_spacy`` imports spaCy with a
stand-in for those two modules while its ``__init__`` runs, then removes the stand-ins: ``spacy.info``
imports the real command when it is called, and a later ``import spacy.cli`` imports the real package.

It does so only where spaCy's ``__init__`` names the command line in that one line, as the versions it was
written for do; otherwise (another version, spaCy imported already) it is a plain ``import spacy``.

``import_spacy`` also has catalogue (the registries of spaCy, thinc and srsly) remember which installed
entry points each registry's group holds: catalogue asks ``importlib.metadata`` for them on every lookup
(``srsly.msgpack_loads`` looks up its decoders for each of the ~90 arrays a pipeline's files hold), each time
filtering every installed entry point again, some 0.035 s of loading the small pipeline. The entry points are
read once per process either way (catalogue's ``AVAILABLE_ENTRY_POINTS``, at its import); a group's are the same
entry points whenever they are asked for (see ``_GroupsSeen``).
"""
from __future__ import annotations

import importlib.util
import sys
import types

CLI_LINE = "from .cli.info import info  # noqa: F401"


def _only_info_from_cli() -> bool:
    """Whether spaCy's ``__init__`` takes nothing from ``spacy.cli`` but ``info``, in the line expected."""
    try:
        spec = importlib.util.find_spec("spacy")
        origin = spec.origin if spec is not None else None
        if not origin:
            return False
        with open(origin, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (ImportError, OSError, ValueError):
        return False
    cli = [line.strip() for line in lines if ".cli" in line or "cli." in line]
    return cli == [CLI_LINE]


def _info(*args, **kwargs):
    """``spacy.info``: spaCy's own, imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _remember_entry_point_groups() -> None:
    """Have catalogue's installed entry points answer ``select(group=...)`` once per group (module docstring)."""
    try:
        import catalogue
    except ImportError:
        return
    found = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if found is None or isinstance(found, _GroupsSeen) or not callable(getattr(found, "select", None)):
        return
    catalogue.AVAILABLE_ENTRY_POINTS = _GroupsSeen(found)


class _GroupsSeen:
    """``importlib.metadata``'s installed entry points, remembering what ``select(group=g)`` gave for each ``g``.

    The entry points were read once (catalogue's import); filtering that same collection by the same group gives
    the same entry points, so the first answer for a group is every later one. Any other ``select`` and every
    other attribute go to the collection itself.
    """

    def __init__(self, entry_points) -> None:
        self._entry_points = entry_points
        self._groups: dict[str, tuple[type, tuple]] = {}

    def select(self, **params):
        if len(params) != 1 or not isinstance(params.get("group"), str):
            return self._entry_points.select(**params)
        group = params["group"]
        seen = self._groups.get(group)
        if seen is None:
            found = self._entry_points.select(group=group)
            if not isinstance(found, (list, tuple)):
                return found
            seen = self._groups[group] = (type(found), tuple(found))
        kind, items = seen
        return kind(items)      # a new collection each time (a list in Python 3.11, a tuple later)

    def __getattr__(self, name: str):
        return getattr(self._entry_points, name)


def import_spacy() -> types.ModuleType:
    """The ``spacy`` module, imported without ``spacy.cli`` where that is safe (see the module's docstring)."""
    spacy = _import_spacy()
    _remember_entry_point_groups()
    return spacy


def _import_spacy() -> types.ModuleType:
    if "spacy" in sys.modules or "spacy.cli" in sys.modules or not _only_info_from_cli():
        import spacy

        return spacy
    package = types.ModuleType("spacy.cli")
    package.__path__ = []
    info = types.ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": package, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        loaded = sys.modules.get("spacy")
        if loaded is not None and getattr(loaded, "cli", None) is package:
            delattr(loaded, "cli")
    return spacy
