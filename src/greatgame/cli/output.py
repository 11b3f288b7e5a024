"""How every listing command prints its rows: ``--format table|json|jsonl|csv``.

``emit(rows, fmt, ...)`` is the one way a command that prints rows prints them. JSON, JSON Lines and CSV (with a
header) carry every field of every row (``greatgame.export.tables``); the table is for reading at a terminal:
columns cut to its width, except the key columns (ids, documents), which are never cut, and a record's long text
(its evidence) on a second line of its own, indented, so that it stays visible at 80 columns.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

import typer
from rich.text import Text

from ..export.tables import render
from .console import out


class ListFmt(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def format_option(what: str = "rows") -> Any:
    return typer.Option(ListFmt.table, "--format",
                        help=f"table (for reading), or json, jsonl or csv: every field of the {what}.")


FormatOpt = format_option()
KEY_COLUMNS = ("id", "doc", "speaker", "ref", "target", "power")
"""Columns never cut in a table: what a reader copies into the next command."""
GAP = 2
MIN_WIDTH = 4
SHORT = 16


def emit(rows: Sequence[Mapping[str, Any]], fmt: ListFmt | str, *, columns: Sequence[str],
         display: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None, detail: str | None = None,
         title: str | None = None, fields: Iterable[str] | None = None, notes: Sequence[str] = (),
         keep: Sequence[str] = KEY_COLUMNS, empty: str = "none", schema: Any = None,
         spill: Sequence[str] = (), wrap: Sequence[str] = ()) -> None:
    """Print ``rows`` in ``fmt``.

    json/jsonl/csv: the rows as they are (``fields``: the CSV columns, else every key). table: ``display(row)``
    (default: the row) under ``columns``, its ``detail`` field on a second line; ``title`` above, ``notes`` below
    (a legend); ``empty`` when there are no rows. ``schema``: the row type (a dataclass) whose fields head the
    CSV when there are no rows. ``spill``: columns that, rather than be cut, leave the table for a line of their
    own under each row when the terminal is too narrow for them (the entities' names at 80 columns). ``wrap``:
    key columns whose values too long for the width go whole on a line of their own under their row (an
    entity's id of 60 characters), the others staying in the table.
    """
    fmt = ListFmt(fmt)
    if not rows and fields is None and schema is not None:
        fields = list(schema.__dataclass_fields__)
    if fmt is not ListFmt.table:
        sys.stdout.write(render(rows, fmt.value, fields))
        return
    shown = [dict(display(r)) if display else dict(r) for r in rows]
    print_records(shown, columns, detail=detail, title=title, keep=keep, empty=empty, spill=spill, wrap=wrap)
    for note in notes:
        out.print(note, highlight=False, markup=False, soft_wrap=True)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ",".join(_text(v) for v in value)
    return " ".join(str(value).split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else (text[: max(width - 1, 0)] + "…" if width > 0 else "")


def widths(rows: Sequence[Mapping[str, str]], columns: Sequence[str], total: int,
           keep: Sequence[str] = KEY_COLUMNS) -> list[int]:
    """Column widths that fit ``total`` characters.

    Key columns keep their full width; short values (dates, counts, codes: SHORT characters or fewer) are never
    cut, only their header; the longest of the other columns are cut first, down to a common width."""
    values = [max([0] + [len(r.get(c, "")) for r in rows]) for c in columns]
    natural = [max(len(c), v) for c, v in zip(columns, values)]
    room = total - GAP * (len(columns) - 1)
    if sum(natural) <= room:
        return natural
    floors = [n if c in keep else (max(v, 1) if v <= SHORT else MIN_WIDTH)
              for c, n, v in zip(columns, natural, values)]
    if sum(floors) >= room:
        return floors
    # the largest common level L with sum(min(natural, max(floor, L))) <= room
    level = max(natural)
    while level > 1 and sum(min(n, max(f, level)) for n, f in zip(natural, floors)) > room:
        level -= 1
    return [min(n, max(f, level)) for n, f in zip(natural, floors)]


WRAPPED = "↓"
"""The cell of a value printed whole on a line of its own under its row (``wrap``)."""


def _wrap(texts: Sequence[Mapping[str, str]], columns: Sequence[str], total: int,
          wrap: Sequence[str]) -> dict[int, list[str]]:
    """{row: the ``wrap`` columns whose value goes under that row}: the values longer than the room the other
    columns, at their full width, leave their column (at least its header), when the table is wider than
    ``total``; none if even that room is too narrow."""
    natural = {c: max([len(c)] + [len(t[c]) for t in texts]) for c in columns}
    if not wrap or sum(natural.values()) + GAP * (len(columns) - 1) <= total:
        return {}
    room = total - GAP * (len(columns) - 1) - sum(n for c, n in natural.items() if c not in wrap)
    share = room // len(wrap)
    if share < max(len(c) for c in wrap):
        return {}
    out: dict[int, list[str]] = {}
    for i, t in enumerate(texts):
        long = [c for c in wrap if len(t[c]) > share]
        if long:
            out[i] = long
    return out


def print_records(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], *, detail: str | None = None,
                  title: str | None = None, keep: Sequence[str] = KEY_COLUMNS, empty: str = "none",
                  spill: Sequence[str] = (), wrap: Sequence[str] = ()) -> None:
    """A plain table at the console's width; each row's ``detail`` on an indented line below it, and so are the
    ``spill`` columns that the width would cut (each on a line of its own, never cut but by the width itself)
    and, row by row, the values of the ``wrap`` columns too long for the room the other columns leave them
    (whole, on a line of their own; their cell shows WRAPPED)."""
    total = max(out.width, 40)
    if title:
        out.print(Text(title, style="bold"), soft_wrap=True)
    if not rows:
        out.print(empty, highlight=False, markup=False)
        return
    texts = [{c: _text(r.get(c)) for c in columns} for r in rows]
    ws = widths(texts, columns, total, keep)
    natural = [max([len(c)] + [len(t[c]) for t in texts]) for c in columns]
    spilled = [c for c, w, n in zip(columns, ws, natural) if c in spill and w < n]
    if spilled:
        columns = [c for c in columns if c not in spilled]
        ws = widths(texts, columns, total, keep)
    wrapped = _wrap(texts, columns, total, [c for c in wrap if c in columns])
    if wrapped:
        cells = [{**t, **{c: WRAPPED for c in wrapped.get(i, ())}} for i, t in enumerate(texts)]
        ws = widths(cells, columns, total, keep)
    else:
        cells = texts
    pad = " " * GAP

    def line(values: Sequence[str]) -> str:
        cells = [_cut(v, w).ljust(w) if i < len(ws) - 1 else _cut(v, w) for i, (v, w) in enumerate(zip(values, ws))]
        return pad.join(cells).rstrip()

    def below(text: str) -> None:
        if text:
            out.print(Text("    " + _cut(text, total - 4), style="dim"), soft_wrap=True, crop=False)

    out.print(Text(line(list(columns)), style="bold underline"), soft_wrap=True, overflow="ignore", crop=False)
    for i, (r, t) in enumerate(zip(rows, texts)):
        out.print(Text(line([cells[i][c] for c in columns])), soft_wrap=True, crop=False)
        for c in wrapped.get(i, ()):
            out.print(Text("    " + t[c] if len(t[c]) <= total - 4 else t[c]), soft_wrap=True, crop=False)
        for c in spilled:
            below(t[c])
        if detail:
            below(_text(r.get(detail)))
