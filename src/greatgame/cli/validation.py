"""``greatgame validate``: the influence index against an external measure (correlations, ranks, disagreements)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import GreatgameError
from .console import DbOption, Fmt, emit_json, fail, open_read, out
from .registry import Commands

command = Commands()
register = command.register


def parse_years(spec: str | None) -> list[int] | None:
    """'2021-2023' -> [2021, 2022, 2023]; '2022' -> [2022]; '2019,2022' -> [2019, 2022]; None -> None."""
    if not spec:
        return None
    years: list[int] = []
    try:
        for part in spec.split(","):
            first, sep, last = part.strip().partition("-")
            a = int(first)
            b = int(last) if sep else a
            if b < a:
                raise ValueError
            years.extend(range(a, b + 1))
    except ValueError:
        raise typer.BadParameter(f"not a year or range of years: {spec!r} (e.g. 2021-2023)") from None
    return years


@command("validate")
def validate(against: Path = typer.Option(..., "--against", metavar="FILE.csv",
                                          help="External measure: a CSV with columns power,target,year,value "
                                               "[,higher_is_more][,source] (higher_is_more=false for ranks), or the "
                                               "name of one shipped with greatgame (china_index_2022)."),
             power: Optional[str] = typer.Option(None, "--power", help="Only this power: CHN, RUS, USA, EU, ..."),
             years: Optional[str] = typer.Option(None, "--years", help="Only these years: 2022, 2021-2023."),
             db: Optional[Path] = DbOption,
             fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """Compare the influence index with an external measure: Spearman and Pearson correlations with
    bootstrap 95% intervals, the ranks side by side, and the biggest disagreements explained by indicator.

    Rows of the file are matched with the index's composite of the same power,
    target and year. The method and the rule that explains a disagreement are in
    docs/influence.md.
    """
    from ..influence import compute
    from ..influence.validation import read_external, render_validation, shipped
    from ..influence.validation import validate as run_validation

    wanted = parse_years(years)
    path = against
    if not path.exists() and shipped(str(path)).exists():
        path = shipped(str(path))
    try:
        external = read_external(path)
    except GreatgameError as exc:
        fail(str(exc), code=2)
    with open_read(db) as kb:
        try:
            result = compute(kb)
        except GreatgameError as exc:
            fail(str(exc))
    if result.empty:
        fail("no data to compute the index from: run greatgame data import first (it loads the reference data shipped "
             "with greatgame)")
    try:
        report = run_validation(result, external, power=power, years=wanted)
    except GreatgameError as exc:
        fail(str(exc))
    if report.n == 0:
        fail(f"{path}: no row matches an index composite (power, target, year)"
             + (f" for {power}" if power else "") + (f" in {years}" if years else ""))
    if fmt is Fmt.json:
        emit_json(report.as_dict())
        return
    for table in render_validation(report):
        out.print(table)
