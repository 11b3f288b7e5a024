"""The ``greatgame`` command line: a thin layer over the Python API.

The root app below holds no commands of its own: each module in COMMAND_MODULES
contributes its commands through ``register(app)`` (see registry.py). To add a
family of commands, write a module with ``register`` and list it here.
"""
from __future__ import annotations

import typer

from . import analysis, data, follow, kb, listings, models, publishing, scenarios, validation

COMMAND_MODULES = (kb, follow, listings, analysis, scenarios, validation, publishing, data, models)

# The order ``greatgame --help`` lists the commands in (sub-apps such as ``data`` come after them);
# a command missing here is listed after these, in the order it was registered.
HELP_ORDER = ("ingest", "follow", "followed", "summary", "docs", "show", "entities", "events", "quotes", "figures",
              "disagreements", "search",
              "influence", "validate", "simulate", "backtest", "corridors", "model-docs", "import-parquet",
              "serve", "report", "influence-docs", "export")


def create_app() -> typer.Typer:
    """The root ``greatgame`` app with the commands of every module in COMMAND_MODULES."""
    root = typer.Typer(
        help="greatgame: a sourced knowledge base of the great-power contest in Central Asia.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    for module in COMMAND_MODULES:
        module.register(root)
    rank = {name: i for i, name in enumerate(HELP_ORDER)}
    root.registered_commands.sort(
        key=lambda c: rank.get(c.name or typer.main.get_command_name(c.callback.__name__), len(rank)))
    return root


app = create_app()


def main() -> None:
    app()


__all__ = ["app", "create_app", "main"]
