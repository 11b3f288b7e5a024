"""``import spacy`` without spaCy's command line.

spaCy's ``__init__`` imports ``spacy.cli.info`` for its ``spacy.info`` function, and with it the whole
``spacy.cli`` package: every command (download, train, init, project...) and what they import (typer's
app, weasel, requests, urllib3...): about a third of ``import spacy``, none of it used to load a pipeline
or run one (spaCy itself imports ``spacy.cli`` nowhere else). ``import_spacy`` imports spaCy with a
stand-in for those two modules while its ``__init__`` runs, then removes the stand-ins: ``spacy.info``
imports the real command when it is called, and a later ``import spacy.cli`` imports the real package.

It does so only where spaCy's ``__init__`` names the command line in that one line, as the versions it was
written for do; otherwise (another version, spaCy imported already) it is a plain ``import spacy``.
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


def import_spacy() -> types.ModuleType:
    """The ``spacy`` module, imported without ``spacy.cli`` where that is safe (see the module's docstring)."""
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
