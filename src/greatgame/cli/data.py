"""``greatgame data``: load the shipped data pack or the original files, build the pack, fetch the originals,
list where they come from."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .console import DbOption, Fmt, emit_json, err, fail, open_write, out, print_table, progress
from .output import ListFmt, emit

HELP = "Public reference datasets: load the shipped pack or the original files, build the pack, fetch the originals."

data_app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data", help=HELP)


def _summary(report, fmt: Fmt, title: str) -> None:
    for e in report.errors:
        err.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
    if fmt is Fmt.json:
        emit_json(report.as_dict())
        return
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
                    title=f"{sum(r.status != 'error' for r in report.results)} {title}, {len(report.errors)} failed")
    elif not report.errors:
        out.print("no reference dataset files found")


@data_app.command("import")
def import_(
    paths: Optional[list[Path]] = typer.Argument(None, help="Folders (searched recursively for known dataset files, "
                                                            "e.g. shared/data/reference) or single files. None: "
                                                            "load the data pack shipped with greatgame."),
    db: Optional[Path] = DbOption,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="Summary as a table or JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Load the reference data: the shipped data pack (no PATHS), or the original files under PATHS.

    The pack holds the rows the influence index and the simulation read, for
    the five Central Asian states and the powers ('greatgame data pack' builds it,
    its manifest.json lists every source). Original files are each checked
    (encoding, header columns, numbers and years) and then replace all rows of
    their dataset in one transaction, with their source, SHA-256 and row count
    recorded in the 'datasets' table. A file that fails leaves the previous
    import of its dataset untouched and does not stop the others: each error is
    printed on one line, and the exit status is 1 if any failed. See 'greatgame
    data sources' for the datasets and the files they expect.
    """
    from ..data import import_reference
    from ..data.pack import import_pack, read_manifest

    with open_write(db) as kb:
        with progress("importing", counted=False, disable=quiet or fmt is Fmt.json) as update:
            report = import_pack(kb, progress=update) if not paths else import_reference(kb, paths, progress=update)
    if not paths and fmt is not Fmt.json and not report.errors:
        manifest = read_manifest()
        err.print(f"loaded the data pack ({len(manifest['sources'])} sources, {manifest['bytes'] / 1e6:.1f} MB; "
                  f"sources: greatgame data sources, originals: greatgame data fetch)", highlight=False, soft_wrap=True)
    _summary(report, fmt, "loaded from the pack" if not paths else "imported")
    if report.errors or not report.results:
        raise typer.Exit(1)


@data_app.command("pack")
def pack_(
    sources: Optional[list[Path]] = typer.Argument(None, help="Folders of original files (default: "
                                                              "shared/data/reference and shared/data/facts beside "
                                                              "this checkout, or under $GREATGAME_SHARED)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Folder to write (default: the pack shipped "
                                                                         "in the package, greatgame/data/pack)."),
    check: bool = typer.Option(False, "--check", help="Build into a scratch folder and compare with the pack in "
                                                      "--output (default: the shipped one); exit 1 if they differ."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="Summary as a table or JSON (the manifest)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Build the data pack from the original files: the rows the index and the simulation read (pack.yaml),
    one Parquet file per table, and manifest.json (every source's publisher, URL, licence, citation, SHA-256,
    coverage and how its values were obtained). The same files always give the same bytes."""
    import tempfile

    from ..data.pack import BUDGET_BYTES, build_pack, compare_packs, default_sources, pack_dir
    from ..errors import DataError

    target = output or pack_dir()
    try:
        roots = list(sources) if sources else default_sources()
        with progress("packing", counted=False, disable=quiet or fmt is Fmt.json) as update:
            if check:
                with tempfile.TemporaryDirectory(prefix="greatgame-pack-check-") as tmp:
                    manifest = build_pack(roots, tmp, progress=update)
                    diffs = compare_packs(tmp, target)
            else:
                manifest = build_pack(roots, target, progress=update)
                diffs = []
    except DataError as exc:
        fail(str(exc))
    if fmt is Fmt.json:
        emit_json(manifest)
    else:
        rows = [{"file": name, "table": f["table"], "rows": f["rows"], "bytes": f["bytes"]}
                for name, f in manifest["files"].items()]
        print_table(rows, ["file", "table", "rows", "bytes"],
                    title=f"{len(manifest['sources'])} sources, {manifest['bytes']:,} bytes"
                          + ("" if check else f" in {target}"))
    if manifest["bytes"] > BUDGET_BYTES:
        fail(f"the pack is {manifest['bytes']:,} bytes, over its budget of {BUDGET_BYTES:,}")
    if check:
        if diffs:
            for d in diffs:
                err.print(f"[red]differs:[/red] {d}", highlight=False)
            fail(f"{target}: not what the original files give now: rebuild it with greatgame data pack")
        err.print(f"{target}: identical to a fresh build from {', '.join(map(str, roots))}", highlight=False, soft_wrap=True)


@data_app.command("fetch")
def fetch_(
    output: Path = typer.Option(Path("greatgame-data"), "-o", "--output",
                                help="Folder to download into (the layout of shared/data: reference/..., facts/...)."),
    mirror: Optional[str] = typer.Option(None, "--mirror", help="Base URL of a copy of shared/data (BASE/reference/"
                                                                "..., BASE/facts/...): every source comes from it."),
    dataset: Optional[list[str]] = typer.Option(None, "--dataset", help="Only this source (repeatable)."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds to wait for a server before giving up."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="Summary as a table or JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Download the original files the data pack was built from (its manifest's URLs), each checked against
    the SHA-256 the pack was built from; then 'greatgame data import OUTPUT' reads them.

    Sources that are unmodified copies of a publisher's file come from the publisher; sources derived from
    the publisher's files (converted, filtered, transcribed) only from a copy of shared/data (--mirror).
    A file whose checksum differs is not kept. No network: one line, exit 1."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    from ..data.fetch import fetch_one, plan
    from ..data.pack import verify_pack
    from ..errors import DataError, FetchOffline

    try:
        items, skipped = plan(verify_pack(), mirror, dataset)
    except DataError as exc:
        fail(str(exc))
    results = []
    total = sum(i.bytes for i in items)
    columns = [TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
               TextColumn("{task.fields[current]}")]
    with Progress(*columns, console=err, disable=quiet or fmt is Fmt.json, transient=True) as bar:
        task = bar.add_task(f"fetching {len(items)} files", total=total or None, current="")
        base = 0

        def update(item, done: int, size: int) -> None:
            bar.update(task, completed=base + min(done, item.bytes or done), current=Path(item.file).name)

        try:
            for item in items:
                results.append(fetch_one(item, output, update, timeout))
                base += item.bytes
                bar.update(task, completed=base)
        except FetchOffline as exc:
            fail(str(exc))
    errors = [r for r in results if r.error]
    for r in errors:
        err.print(f"[red]error:[/red] {r.item.file}: {r.error}", highlight=False, soft_wrap=True)
    if fmt is Fmt.json:
        emit_json({"output": str(output), "results": [r.as_dict() for r in results],
                   "skipped": [{"dataset": d, "reason": why} for d, why in skipped]})
    else:
        for d, why in skipped:
            err.print(f"not fetched: {d}: {why}", highlight=False, soft_wrap=True)
        if results:
            print_table([{"dataset": r.item.dataset, "status": r.status, "bytes": r.bytes, "file": r.item.file}
                         for r in results], ["dataset", "status", "bytes", "file"],
                        title=f"{sum(r.status != 'error' for r in results)} of {len(results)} files in {output}")
        if any(r.status != "error" for r in results):
            err.print(f"import them: greatgame data import {output}", highlight=False, soft_wrap=True)
    if errors or not results:
        raise typer.Exit(1)


@data_app.command("sources")
def sources_(fmt: ListFmt = typer.Option(ListFmt.table, "--format",
                                         help="table (readable), or json, jsonl or csv: every field of every "
                                              "source (in CSV a list's values joined by ';')")) -> None:
    """List the datasets greatgame imports: publisher, download URL, licence and the file layout expected."""
    from ..data import layout_text, sources

    items = sources()
    if ListFmt(fmt) is not ListFmt.table:
        emit(items, fmt, columns=[])
        return
    for s in items:
        out.print(f"[bold]{s['id']}[/bold]  {s['name']}", highlight=False)
        out.print(f"  publisher: {s['publisher']}", highlight=False, soft_wrap=True)
        out.print(f"  url:       {s['url'] or '(none: compiled here; each row names its source)'}", highlight=False,
                  soft_wrap=True)
        if s.get("download") and s["download"] != s["url"]:
            out.print(f"  download:  {s['download']}", highlight=False, soft_wrap=True)
        if s.get("home") and s["home"] != s["url"]:
            out.print(f"  home:      {s['home']}", highlight=False, soft_wrap=True)
        out.print(f"  licence:   {' '.join(str(s['licence']).split())}", highlight=False, soft_wrap=True)
        out.print(f"  citation:  {' '.join(str(s['citation']).split())}", highlight=False, soft_wrap=True)
        out.print(f"  layout:    {layout_text(s)}", highlight=False, soft_wrap=True)
        out.print(f"  tables:    {', '.join(s['tables'])}", highlight=False)
        out.print(f"  in pack:   {'yes' if s.get('packed') else 'no (not read by the index)'}", highlight=False)
        out.print("")
