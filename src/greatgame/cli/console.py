"""What every ``greatgame`` command shares: the common options, and printing to the terminal.

Results go to stdout (``out``, ``emit_json``, ``print_table``); errors, progress and
"wrote FILE" notes go to stderr (``err``, ``fail``, ``progress``).
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, Iterator, Optional

import typer
from rich.console import Console
from rich.table import Table

from .. import open as open_kb
from ..errors import GreatgameError

out = Console()
err = Console(stderr=True)

DbOption = typer.Option(None, "--db", envvar="GREATGAME_DB",
                        help="Knowledge-base file (default: greatgame.duckdb in the user data directory).")


class Fmt(str, Enum):
    table = "table"
    json = "json"


class TableFmt(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def print_table(rows: list[dict[str, Any]], columns: list[str], title: str | None = None) -> None:
    table = Table(title=title, show_lines=False, expand=True)
    for c in columns:
        width = max([len(c)] + [len("" if r.get(c) is None else str(r.get(c))) for r in rows])
        if width <= 26:   # short columns (ids, dates, counts) keep their width
            table.add_column(c, no_wrap=True, min_width=width)
        else:             # long ones (titles, URLs) share what is left, cut with an ellipsis
            table.add_column(c, no_wrap=True, overflow="ellipsis", ratio=1)
    for r in rows:
        table.add_row(*["" if r.get(c) is None else str(r.get(c)) for c in columns])
    out.print(table)


def short(text: str | None, n: int = 110) -> str:
    """The text on one line, cut to n characters with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


class Update:
    """``update(name, status)``: one item done (a progress display's callback); ``update.add(n)``: n more to come."""

    def __init__(self, bar: Any, task: Any, counted: bool) -> None:
        self._bar, self._task, self._counted = bar, task, counted

    def _state(self) -> Any:
        return next((t for t in self._bar.tasks if t.id == self._task), None)

    def __call__(self, name: str, status: str) -> None:
        task = self._state()
        if self._counted and task is not None and task.total is not None and task.completed >= task.total:
            self._bar.update(self._task, total=task.completed + 1)      # more than counted: the total follows
        self._bar.update(self._task, advance=1 if self._counted else None, current=f"{name}: {status}")

    def add(self, n: int) -> None:
        task = self._state()
        if task is not None:
            self._bar.update(self._task, total=(task.total or 0) + n)


@contextmanager
def progress(description: str, *, counted: bool, disable: bool, total: int | None = None) -> Iterator[Update]:
    """A transient progress display on stderr; yields ``update(name, status)``.

    counted: also a bar and a "done/total" count, each update counting one item; ``total`` is how many are
    expected (0 when none are known yet: ``update.add(n)`` adds to it), never shown as unknown.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if counted:
        columns += [BarColumn(), MofNCompleteColumn()]
    columns.append(TextColumn("{task.fields[current]}"))
    # a display that is not a terminal cannot be redrawn: no bar there (it would leave an empty line behind)
    with Progress(*columns, console=err, disable=disable or not err.is_terminal, transient=True) as bar:
        task = bar.add_task(description, total=(total or 0) if counted else None, current="")
        yield Update(bar, task, counted)


def open_read(db: Optional[Path]):
    """The knowledge base at db (default: the user's), read-only; a one-line error if it cannot be opened."""
    try:
        from ..kb.store import default_path

        return open_kb(db if db is not None else default_path(), read_only=True)
    except GreatgameError as exc:
        fail(str(exc))


def open_write(db: Optional[Path]):
    """The knowledge base at db (default: the user's), created if absent; a one-line error if it cannot be opened."""
    try:
        return open_kb(db)
    except GreatgameError as exc:
        fail(str(exc))
