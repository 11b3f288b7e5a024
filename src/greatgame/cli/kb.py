"""Knowledge-base commands: ingest documents, show one, export and import them (the listings: listings.py)."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

from .. import open as open_kb
from ..errors import GreatgameError
from .console import DbOption, Fmt, emit_json, err, fail, open_read, open_write, out, print_table, progress
from .registry import Commands

command = Commands()
register = command.register


class ExportFormat(str, Enum):
    eval_jsonl = "eval-jsonl"
    parquet = "parquet"


def _escape(text: str) -> str:
    """Text printed as it is, whatever brackets it holds (Rich would read ``[b]`` as markup)."""
    from rich.markup import escape

    return escape(text)


def print_summary(summary: dict[str, Any]) -> None:
    out.print(f"[bold]Knowledge base[/bold] {summary['db']} (schema v{summary['schema_version']})")
    out.print(f"  documents: {summary['documents']}")
    parts = ", ".join(f"{k} {v}" for k, v in summary["parts"].items()) or "none"
    out.print(f"  parts (documents with each): {parts}")
    out.print(f"  citations: {summary['citations']}   reader comments: {summary['comments']}")
    out.print(f"  mentions: {summary['mentions']} ({summary['linked_mentions']} linked)")
    kinds = ", ".join(f"{k} {v}" for k, v in summary["entities_by_kind"].items()) or "none"
    out.print(f"  entities by kind: {kinds}")


@command()
def ingest(
    paths: list[str] = typer.Argument(..., metavar="PATH_OR_URL...",
                                      help="Files or folders (read recursively): .txt .md .html .pdf .jsonl "
                                           ".rss/.atom/.xml; a meta.jsonl beside them adds metadata. Or http(s) "
                                           "URLs of pages (HTML, PDF, text) or feeds, fetched politely (one "
                                           "request per host per second, robots.txt honoured)."),
    db: Optional[Path] = DbOption,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="Summary as a table or JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    workers: int = typer.Option(0, "--workers", min=0, max=256,
                                help="Extract on a Dask LocalCluster of N worker processes (0: in this process)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Extract on an existing Dask cluster: tcp://HOST:PORT."),
    timeout: Optional[float] = typer.Option(None, "--timeout", metavar="SECONDS",
                                            help="Seconds one document may take to read and to extract "
                                                 "(default: $GREATGAME_DOC_TIMEOUT, else 60; 0: no limit). "
                                                 "With --workers/--scheduler it bounds extraction on the "
                                                 "workers, each document in a child process killed at the "
                                                 "limit."),
    sync: bool = typer.Option(False, "--sync",
                              help="First remove the stored documents whose files under the given folders "
                                   "are gone (each is listed), so that a renamed file is stored once."),
) -> None:
    """Read documents, extract what they say, store it; then print a summary.

    Re-ingesting unchanged content changes nothing; changed content replaces the
    old version and everything extracted from it. One bad file never stops the
    rest: each error is printed on one line, and the exit status is 1 if any
    document failed. A document that takes longer than --timeout is such an
    error, and so is one over a size cap (checked before it is parsed or
    extracted). The same content under another file name is not stored twice.
    A 'published' value that is not an ISO date is dropped with a warning.
    SIGINT/SIGTERM end the ingest's child processes (Dask workers) first.
    """
    from ..ingest.limits import doc_timeout

    if timeout is not None and not timeout >= 0:   # negative, or NaN
        fail(f"--timeout must be 0 (no limit) or a positive number of seconds, not {timeout:g}", code=2)
    try:
        limit = doc_timeout(timeout) or 0          # $GREATGAME_DOC_TIMEOUT, checked before anything is opened
    except GreatgameError as exc:
        fail(str(exc), code=2)
    from ..documents.readers import expected_documents

    with open_write(db) as kb:
        with progress("ingesting", counted=True, disable=quiet, total=expected_documents(paths)) as update:
            if workers or scheduler:
                from ..ingest import ingest_distributed

                report = ingest_distributed(kb, paths, workers=workers or 2, scheduler=scheduler,
                                            progress=update, timeout=limit, sync=sync)
            else:
                from ..ingest import ingest as ingest_paths

                report = ingest_paths(kb, paths, progress=update, timeout=limit, sync=sync)
        for doc_id in report.removed:
            err.print(f"removed: {doc_id}", highlight=False, soft_wrap=True, markup=False)
        for doc_id, other in report.duplicates:
            err.print(f"duplicate: {doc_id} has the same content as {other}, stored already: not stored again",
                      highlight=False, soft_wrap=True, markup=False)
        for warning in report.warnings:
            err.print(f"[yellow]warning:[/yellow] {_escape(warning)}", highlight=False, soft_wrap=True)
        for e in report.errors:
            err.print(f"[red]error:[/red] {_escape(str(e))}", highlight=False, soft_wrap=True)
        summary = kb.summary()
    if fmt is Fmt.json:
        emit_json({"ingest": report.as_dict(), "summary": summary})
    elif not quiet:
        extra = "".join(f", {n} {what}" for n, what in ((len(report.duplicates), "duplicates"),
                                                          (len(report.removed), "removed")) if n)
        out.print(f"ingested: {len(report.added)} added, {len(report.replaced)} replaced, "
                  f"{len(report.unchanged)} unchanged, {len(report.errors)} failed{extra}")
        print_summary(summary)
    if report.errors:
        raise typer.Exit(1)


@command()
def summary(db: Optional[Path] = DbOption,
            fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """Counts of documents, parts, citations, comments and entities by kind."""
    with open_read(db) as kb:
        s = kb.summary()
    emit_json(s) if fmt is Fmt.json else print_summary(s)


@command()
def show(doc: str = typer.Argument(..., help="Document id (its file name, or its JSONL/feed id)."),
         db: Optional[Path] = DbOption,
         fmt: Fmt = typer.Option(Fmt.table, "--format", help="table (readable) or json (everything)")) -> None:
    """A document: metadata, body, parts, citations, comments, mentions and roles."""
    with open_read(db) as kb:
        try:
            d = kb.document(doc)
        except GreatgameError as exc:
            fail(str(exc))
    if fmt is Fmt.json:
        d.pop("text", None)
        emit_json(d)
        return
    out.print(f"[bold]{d['id']}[/bold]  {d.get('title') or ''}")
    out.print(f"published: {d.get('published') or 'unknown'}   format: {d['format']}   source: {d['source']}")
    out.rule("body")
    out.print(d["body"], highlight=False)
    for kind, part in d["parts"].items():
        if kind in ("body", "notes", "comments"):
            continue
        out.rule(kind)
        out.print(part["text"], highlight=False)
    if d["citations"]:
        print_table(d["citations"], ["number", "cited_at", "outlet", "date", "title", "url"], title="citations")
    if d["comments"]:
        print_table(d["comments"], ["author", "text"], title="reader comments")
    ents: dict[str, int] = {}
    for m in d["mentions"]:
        if m["entity"]:
            ents[m["entity"]] = ents.get(m["entity"], 0) + 1
    out.print(f"[bold]{len(ents)} entities[/bold]: " + ", ".join(f"{k} ({v})" for k, v in sorted(ents.items())),
              highlight=False)
    if d["roles"]:
        print_table(d["roles"], ["person", "role", "org"], title="roles stated in the text")


@command("import-parquet")
def import_parquet_cmd(directory: Path = typer.Argument(..., help="A folder written by greatgame export --format "
                                                                   "parquet."),
                       db: Optional[Path] = DbOption) -> None:
    """Read a Parquet export into the knowledge base (its documents replace the same documents here)."""
    from ..kb.parquet import import_parquet

    try:
        with open_kb(db) as kb:
            counts = import_parquet(kb, directory)
    except GreatgameError as exc:
        fail(str(exc))
    err.print(f"imported {len(counts)} tables from {directory}")


@command()
def export(db: Optional[Path] = DbOption,
           fmt: ExportFormat = typer.Option(ExportFormat.eval_jsonl, "--format",
                                            help="eval-jsonl: the records of shared/eval/FORMAT.md"),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout).")
           ) -> None:
    """Export what has been extracted: eval-jsonl (entities, events, quotes, figures; -o FILE or stdout)
    or parquet (every table, partitioned; -o DIR, required)."""
    from ..export import write_eval_jsonl

    if fmt is ExportFormat.parquet:
        from ..kb.parquet import export_parquet

        if output is None:
            fail("--format parquet needs -o DIR", code=2)
        with open_read(db) as kb:
            manifest = export_parquet(kb, output)
        err.print(f"wrote {len(manifest['tables'])} tables to {output}")
        return
    with open_read(db) as kb:
        if output is None:
            write_eval_jsonl(kb, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as fh:
                n = write_eval_jsonl(kb, fh)
            err.print(f"wrote {n} records to {output}")
