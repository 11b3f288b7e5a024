"""The ``greatgame`` command line: a thin layer over the Python API.

The root app below holds no commands of its own: each module in COMMAND_MODULES
contributes its commands through ``register(app)`` (see registry.py). To add a
family of commands, write a module with ``register`` and list it here.
"""
from __future__ import annotations

import sys

import typer

from . import analysis, data, follow, kb, listings, models, publishing, scenarios, validation

COMMAND_MODULES = (kb, follow, listings, analysis, scenarios, validation, publishing, data, models)

# The order ``greatgame --help`` lists the commands in (sub-apps such as ``data`` come after them);
# a command missing here is listed after these, in the order it was registered.
HELP_ORDER = ("ingest", "follow", "followed", "summary", "docs", "show", "entities", "events", "quotes", "figures",
              "disagreements", "search",
              "influence", "validate", "simulate", "backtest", "corridors", "model-docs", "import-parquet",
              "serve", "report", "influence-docs", "export")


HELP = "greatgame: a sourced knowledge base of the great-power contest in Central Asia."


def _root(**options) -> typer.Typer:
    return typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                       **options)


def create_app() -> typer.Typer:
    """The root ``greatgame`` app with the commands of every module in COMMAND_MODULES."""
    root = _root()
    for module in COMMAND_MODULES:
        module.register(root)
    rank = {name: i for i, name in enumerate(HELP_ORDER)}
    root.registered_commands.sort(
        key=lambda c: rank.get(c.name or typer.main.get_command_name(c.callback.__name__), len(rank)))
    return root


app = create_app()


def _command_name(info: typer.models.CommandInfo) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__)


def _no_options() -> None:
    """The root app's callback: it takes no options and does nothing."""


def only_command(args: list[str]) -> typer.Typer | None:
    """The root app with none but the command ``args`` start with (None: ``app`` itself must run).

    Running a command, Typer builds every command of the app (their parameters from their signatures, some
    0.02 s for greatgame's); the one that runs is all this app needs. Its root takes no options of its own, so
    the first argument names the command, as the full app reads it; the callback that does nothing keeps the
    root a group of commands, as the full app's is (one command alone would be the root itself).
    """
    if not args or args[0].startswith("-"):
        return None
    found = [info for info in app.registered_commands if _command_name(info) == args[0]]
    if len(found) != 1:         # a sub-app (data, models), a misspelt command: the full app answers
        return None
    root = _root(callback=_no_options)
    root.registered_commands.append(found[0])
    return root


def main() -> None:
    (only_command(sys.argv[1:]) or app)()


__all__ = ["app", "create_app", "main", "only_command"]
