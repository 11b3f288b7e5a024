"""``greatgame data``: import the public reference datasets, list where they come from."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .console import DbOption, Fmt, emit_json, err, open_write, out, print_table, progress

HELP = "Public reference datasets: import them, list their sources."

data_app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data", help=HELP)


@data_app.command("import")
def import_(
    paths: list[Path] = typer.Argument(..., help="Folders (searched recursively for known dataset files, "
                                                  "e.g. shared/data/reference) or single files."),
    db: Optional[Path] = DbOption,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="Summary as a table or JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Import public reference datasets (trade, arms transfers, UN votes, IGOs, aid, indicators, borders).

    Each file is checked (encoding, header columns, numbers and years) and then
    replaces all rows of its dataset in one transaction, with its source, SHA-256
    and row count recorded in the 'datasets' table. A file that fails leaves the
    previous import of its dataset untouched and does not stop the others: each
    error is printed on one line, and the exit status is 1 if any failed. See
    'greatgame data sources' for the datasets and the files they expect.
    """
    from ..data import import_reference

    with open_write(db) as kb:
        with progress("importing", counted=False, disable=quiet or fmt is Fmt.json) as update:
            report = import_reference(kb, paths, progress=update)
    for e in report.errors:
        err.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
    if fmt is Fmt.json:
        emit_json(report.as_dict())
    else:
        rows = []
        for r in report.results:
            tables = list(r.tables.items()) or [("", "")]
            for i, (table, n) in enumerate(tables):
                first = i == 0
                rows.append({"dataset": (r.dataset or Path(r.path).name) if first else "",
                             "status": r.status if first else "",
                             "rows": r.rows if first and r.status != "error" else "", "table": table, "stored": n})
        if rows:
            print_table(rows, ["dataset", "status", "rows", "table", "stored"],
                        title=f"{sum(r.status != 'error' for r in report.results)} imported, "
                              f"{len(report.errors)} failed")
        else:
            out.print("no reference dataset files found")
    if report.errors or not report.results:
        raise typer.Exit(1)


@data_app.command("sources")
def sources_(fmt: Fmt = typer.Option(Fmt.table, "--format", help="table (readable) or json (everything)")) -> None:
    """List the datasets greatgame imports: publisher, download URL, licence and the file layout expected."""
    from ..data import layout_text, sources

    items = sources()
    if fmt is Fmt.json:
        emit_json(items)
        return
    for s in items:
        out.print(f"[bold]{s['id']}[/bold]  {s['name']}", highlight=False)
        out.print(f"  publisher: {s['publisher']}", highlight=False, soft_wrap=True)
        out.print(f"  url:       {s['url'] or '(none: compiled here; each row names its source)'}", highlight=False,
                  soft_wrap=True)
        if s.get("home") and s["home"] != s["url"]:
            out.print(f"  home:      {s['home']}", highlight=False, soft_wrap=True)
        out.print(f"  licence:   {' '.join(str(s['licence']).split())}", highlight=False, soft_wrap=True)
        out.print(f"  citation:  {' '.join(str(s['citation']).split())}", highlight=False, soft_wrap=True)
        out.print(f"  layout:    {layout_text(s)}", highlight=False, soft_wrap=True)
        out.print(f"  tables:    {', '.join(s['tables'])}", highlight=False)
        out.print("")
