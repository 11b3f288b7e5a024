"""Knowledge-base commands: ingest documents, read back what was extracted, export and import it."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

from .. import open as open_kb
from ..errors import GreatgameError
from .console import DbOption, Fmt, emit_json, err, fail, open_read, open_write, out, print_table, progress, short
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
    paths: list[Path] = typer.Argument(..., help="Files or folders (read recursively): .txt .md .html .pdf "
                                                  ".jsonl .rss/.atom/.xml; a meta.jsonl beside them adds metadata."),
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
    with open_write(db) as kb:
        with progress("ingesting", counted=True, disable=quiet) as update:
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
def docs(db: Optional[Path] = DbOption,
         fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """List the documents in the knowledge base."""
    with open_read(db) as kb:
        rows = kb.documents()
    if fmt is Fmt.json:
        emit_json(rows)
    else:
        print_table(rows, ["id", "published", "format", "chars", "citations", "comments", "entities", "title"])


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


@command()
def entities(db: Optional[Path] = DbOption,
             doc: Optional[str] = typer.Option(None, "--doc", help="Only entities of this document."),
             kind: Optional[str] = typer.Option(None, "--kind",
                                                help="state, igo, org, person or project."),
             fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """Entities mentioned in the knowledge base, with mention and document counts."""
    if kind is not None and kind not in ("state", "igo", "org", "person", "project"):
        fail(f"--kind must be one of state, igo, org, person, project (not {kind!r})", code=2)
    with open_read(db) as kb:
        try:
            rows = kb.entities(doc=doc, kind=kind)
        except GreatgameError as exc:
            fail(str(exc))
    if fmt is Fmt.json:
        emit_json(rows)
    else:
        print_table(rows, ["id", "kind", "name", "mentions", "documents", "origin"])


ActorOpt = typer.Option(None, "--actor", help="Entity id: KAZ, org:SCO, person:Xi Jinping ...")
SinceOpt = typer.Option(None, "--since", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")
UntilOpt = typer.Option(None, "--until", help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD).")


def _amount(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


class Factuality(str, Enum):
    happened = "happened"
    negated = "negated"
    future = "future"
    hypothetical = "hypothetical"
    opinion = "opinion"
    background = "background"


@command()
def events(db: Optional[Path] = DbOption,
           actor: Optional[str] = ActorOpt,
           type: Optional[str] = typer.Option(None, "--type", help="PLOVER type: CONSULT, AGREE, SANCTION ..."),
           since: Optional[str] = SinceOpt,
           until: Optional[str] = UntilOpt,
           doc: Optional[str] = typer.Option(None, "--doc", help="Only events of this document."),
           all_: bool = typer.Option(False, "--all", help="Also negated, planned and hypothetical events."),
           factuality: Optional[Factuality] = typer.Option(
               None, "--factuality", help="Only events judged so (happened, negated, future, hypothetical, "
                                          "opinion, background); shows the factuality column."),
           fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """PLOVER events, each with its document and evidence sentence.

    Reports of the same event in several documents share a cluster; the
    'reports' column counts them. With --all or --factuality, each event's
    factuality judgement is shown.
    """
    with open_read(db) as kb:
        rows = kb.events(actor=actor, type=type, since=since, until=until, include_unreal=all_, doc=doc,
                         factuality=factuality.value if factuality else None)
    if fmt is Fmt.json:
        emit_json(rows)
        return
    for r in rows:
        flags = [f for f in ("negated", "planned", "hypothetical", "claim") if r[f]]
        r["who"] = ",".join(r["actors"]) + (" -> " + ",".join(r["recipients"]) if r["recipients"] else "")
        r["flags"] = ",".join(flags)
        r["evidence"] = short(r["evidence"])
    cols = ["date", "type", "who", "reports", "doc", "evidence"] + (["factuality"] if all_ or factuality else []) \
        + (["flags"] if all_ else [])
    print_table(rows, cols, title=f"{len(rows)} events")


@command()
def quotes(db: Optional[Path] = DbOption,
           actor: Optional[str] = typer.Option(None, "--actor", help="Speaker entity id."),
           since: Optional[str] = SinceOpt,
           until: Optional[str] = UntilOpt,
           doc: Optional[str] = typer.Option(None, "--doc", help="Only quotes of this document."),
           fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """Quotes and reported speech with their speaker (dates filter on publication)."""
    with open_read(db) as kb:
        rows = kb.quotes(speaker=actor, since=since, until=until, doc=doc)
    if fmt is Fmt.json:
        emit_json(rows)
        return
    for r in rows:
        r["text"] = short(r["text"])
    print_table(rows, ["published", "speaker", "doc", "text"], title=f"{len(rows)} quotes")


@command()
def figures(db: Optional[Path] = DbOption,
            actor: Optional[str] = typer.Option(None, "--actor", help="Only figures concerning this entity."),
            unit: Optional[str] = typer.Option(None, "--unit", help="USD, percent, troops, km, day ..."),
            since: Optional[str] = SinceOpt,
            until: Optional[str] = UntilOpt,
            doc: Optional[str] = typer.Option(None, "--doc", help="Only figures of this document."),
            disagreements: bool = typer.Option(False, "--disagreements",
                                               help="Only measures that sources report with different values."),
            fmt: Fmt = typer.Option(Fmt.table, "--format", help="table or json")) -> None:
    """Figures (money, percentages, counts, troops, distances, durations) with their evidence."""
    with open_read(db) as kb:
        if disagreements:
            groups = kb.disagreements()
            if fmt is Fmt.json:
                emit_json(groups)
                return
            for g in groups:
                title = f"{g['measure']} ({g['unit']}, {', '.join(g['subjects'])}, {g['period'] or 'undated'})"
                for c in g["claims"]:
                    c["value"] = _amount(c["value"])
                print_table(g["claims"], ["value", "source", "text", "evidence"], title=title)
            if not groups:
                out.print("no disagreements")
            return
        rows = kb.figures(actor=actor, unit=unit, since=since, until=until, doc=doc)
    if fmt is Fmt.json:
        emit_json(rows)
        return
    for r in rows:
        r["amount"] = _amount(r["value"]) + (f"–{_amount(r['value_max'])}" if r["value_max"] is not None else "")
        r["subjects"] = ",".join(r["subjects"])
        r["measure"] = short(r["measure"], 50)
    print_table(rows, ["doc", "amount", "unit", "qualifier", "measure", "subjects", "date", "text"],
                title=f"{len(rows)} figures")


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
