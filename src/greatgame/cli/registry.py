"""How a command module contributes its commands to the root ``greatgame`` app.

A module collects its commands with a ``Commands`` decorator and exposes
``register(app)``; ``greatgame.cli`` calls ``register`` of each module it lists
(as datasette's ``register_commands`` hook does). Nothing here imports the root.
"""
from __future__ import annotations

from typing import Any, Callable

import typer


class Commands:
    """The commands of one module: ``@commands("name")`` records, ``commands.register(app)`` adds them."""

    def __init__(self) -> None:
        self._commands: list[tuple[str | None, Callable[..., Any]]] = []

    def __call__(self, name: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def record(function: Callable[..., Any]) -> Callable[..., Any]:
            self._commands.append((name, function))
            return function

        return record

    def register(self, app: typer.Typer) -> None:
        for name, function in self._commands:
            app.command(name)(function)
