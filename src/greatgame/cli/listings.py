"""Listing commands: documents, entities, events, quotes, figures, disagreements and search hits.

Every one prints its rows through ``output.emit`` (``--format table|json|jsonl|csv``), and every actor option
takes a name, an alias or an id ("Tokayev", "China", "CSTO", "KAZ"), resolved by the knowledge base
(``KnowledgeBase.resolve``); a name that matches nothing is one line with the closest matches.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

from ..errors import GreatgameError
from ..kb.rows import DocumentRow, EntityRow, EventRow, FigureRow, QuoteRow, SearchHit
from .console import DbOption, fail, open_read, open_write
from .output import FormatOpt, ListFmt, emit
from .registry import Commands

command = Commands()
register = command.register

ActorOpt = typer.Option(None, "--actor", help="A name, alias or id: Tokayev, Xi, China, KAZ, CSTO, org:SCO ...")
SinceOpt = typer.Option(None, "--since", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")
UntilOpt = typer.Option(None, "--until", help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD).")
DocOpt = typer.Option(None, "--doc", help="Only the records of this document.")


@contextmanager
def reading(db: Optional[Path]) -> Iterator[Any]:
    """The knowledge base, read-only; a GreatgameError inside (an unknown name, a missing document) is one line."""
    with open_read(db) as kb:
        try:
            yield kb
        except GreatgameError as exc:
            fail(str(exc))


def _amount(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


@command()
def docs(db: Optional[Path] = DbOption, fmt: ListFmt = FormatOpt) -> None:
    """List the documents in the knowledge base."""
    with reading(db) as kb:
        rows = kb.documents()
    emit(rows, fmt, columns=["id", "published", "format", "chars", "entities", "title"],
         title=f"{len(rows)} documents", empty="no documents: greatgame ingest FILES first", schema=DocumentRow)


@command()
def entities(db: Optional[Path] = DbOption,
             doc: Optional[str] = typer.Option(None, "--doc", help="Only entities of this document."),
             kind: Optional[str] = typer.Option(None, "--kind", help="state, igo, org, person or project."),
             fmt: ListFmt = FormatOpt) -> None:
    """Entities mentioned in the knowledge base, with mention and document counts (ids in full; at a terminal
    too narrow for the names, each name on a line of its own under its entity, and so is an id too long for
    the table, whole, its cell marked ↓)."""
    if kind is not None and kind not in ("state", "igo", "org", "person", "project"):
        fail(f"--kind must be one of state, igo, org, person, project (not {kind!r})", code=2)
    with reading(db) as kb:
        rows = kb.entities(doc=doc, kind=kind)
    emit(rows, fmt, columns=["kind", "mentions", "documents", "origin", "id", "name"],
         title=f"{len(rows)} entities", schema=EntityRow, spill=("name",), wrap=("id",))


def _who(r: dict[str, Any]) -> str:
    return ",".join(r["actors"]) + (" -> " + ",".join(r["recipients"]) if r["recipients"] else "")


class Factuality(str, Enum):
    """How an event candidate is judged (greatgame.extract.factuality); only 'happened' is an event."""
    happened = "happened"
    negated = "negated"
    future = "future"
    hypothetical = "hypothetical"
    opinion = "opinion"
    background = "background"


@command()
def events(db: Optional[Path] = DbOption,
           actor: Optional[str] = ActorOpt,
           with_: Optional[str] = typer.Option(None, "--with", help="Only events that also involve this party "
                                                                    "(--actor CHN --with KAZ: China and "
                                                                    "Kazakhstan, either way round)."),
           type: Optional[str] = typer.Option(None, "--type", help="PLOVER type: CONSULT, AGREE, SANCTION ..."),
           since: Optional[str] = SinceOpt,
           until: Optional[str] = UntilOpt,
           doc: Optional[str] = DocOpt,
           all_: bool = typer.Option(False, "--all", help="Also negated, planned and hypothetical events."),
           factuality: Optional[Factuality] = typer.Option(
               None, "--factuality", help="Only events judged so (happened, negated, future, hypothetical, "
                                          "opinion, background); shows the factuality column."),
           fmt: ListFmt = FormatOpt) -> None:
    """PLOVER events, each with its document and, on a line of its own, its evidence sentence.

    Reports of the same event in several documents share a cluster; the 'reports' column counts them. With
    --all or --factuality, each event's factuality judgement is shown.
    """
    if with_ and not actor:
        fail("--with needs --actor (the pair's other party)", code=2)
    with reading(db) as kb:
        rows = kb.events(actor=actor, with_=with_, type=type, since=since, until=until, include_unreal=all_,
                         doc=doc, factuality=factuality.value if factuality else None)

    def display(r: dict[str, Any]) -> dict[str, Any]:
        flags = [f for f in ("negated", "planned", "hypothetical", "claim") if r[f]]
        return {**r, "who": _who(r), "flags": ",".join(flags)}

    cols = ["date", "type", "who", "reports", "doc"] + (["factuality"] if all_ or factuality else []) \
        + (["flags"] if all_ else [])
    emit(rows, fmt, columns=cols, display=display, detail="evidence", title=f"{len(rows)} events",
         schema=EventRow)


@command()
def quotes(db: Optional[Path] = DbOption,
           actor: Optional[str] = typer.Option(None, "--actor", help="The speaker: a name, alias or id "
                                                                     "(Tokayev, Xi, China, KAZ ...)."),
           people: bool = typer.Option(False, "--people", help="With a state as --actor, also the quotes of the "
                                                               "people who act for it (its president, ministers"
                                                               " ...)."),
           since: Optional[str] = SinceOpt,
           until: Optional[str] = UntilOpt,
           doc: Optional[str] = DocOpt,
           fmt: ListFmt = FormatOpt) -> None:
    """Quotes and reported speech with their speaker (dates filter on publication); the quote on a line of its
    own."""
    with reading(db) as kb:
        rows = kb.quotes(speaker=actor, since=since, until=until, doc=doc, people=people)
    emit(rows, fmt, columns=["published", "speaker", "doc"],
         display=lambda r: {**r, "quote": f"“{' '.join(r['text'].split())}”"}, detail="quote",
         title=f"{len(rows)} quotes", schema=QuoteRow)


@command()
def figures(db: Optional[Path] = DbOption,
            actor: Optional[str] = typer.Option(None, "--actor", help="Only figures concerning this actor (a name, "
                                                                      "alias or id)."),
            unit: Optional[str] = typer.Option(None, "--unit", help="USD, percent, troops, km, day ..."),
            since: Optional[str] = SinceOpt,
            until: Optional[str] = UntilOpt,
            doc: Optional[str] = DocOpt,
            disagreements_: bool = typer.Option(False, "--disagreements",
                                                help="Only measures that sources report with different values "
                                                     "(as greatgame disagreements)."),
            fmt: ListFmt = FormatOpt) -> None:
    """Figures (money, percentages, counts, troops, distances, durations), the evidence on a line of its own."""
    if disagreements_:
        disagreements(db, fmt)
        return
    with reading(db) as kb:
        rows = kb.figures(actor=actor, unit=unit, since=since, until=until, doc=doc)

    def display(r: dict[str, Any]) -> dict[str, Any]:
        amount = _amount(r["value"]) + (f"–{_amount(r['value_max'])}" if r["value_max"] is not None else "")
        return {**r, "amount": amount}

    emit(rows, fmt, columns=["doc", "amount", "unit", "qualifier", "subjects", "date", "measure"], display=display,
         detail="evidence", title=f"{len(rows)} figures", schema=FigureRow)


CLAIM_FIELDS = ["measure", "unit", "subjects", "period", "value", "source", "doc", "text", "evidence"]


@command()
def disagreements(db: Optional[Path] = DbOption, fmt: ListFmt = FormatOpt) -> None:
    """Measures that sources report with different values: every claim with its source, none averaged.

    JSON and JSON Lines give one object per measure with its claims; CSV and the table one line per claim."""
    with reading(db) as kb:
        groups = kb.disagreements()
    fmt = ListFmt(fmt)
    if fmt in (ListFmt.json, ListFmt.jsonl):
        emit(groups, fmt, columns=[])
        return
    claims = [{**{k: g[k] for k in ("measure", "unit", "subjects", "period")}, **c} for g in groups
              for c in g["claims"]]
    if fmt is ListFmt.csv:
        emit(claims, fmt, columns=[], fields=CLAIM_FIELDS)
        return
    emit(claims, fmt, columns=["measure", "period", "subjects", "value", "unit", "source"],
         display=lambda c: {**c, "value": _amount(c["value"]), "period": c["period"] or "undated"},
         detail="evidence", title=f"{len(groups)} measures reported with different values",
         empty="no disagreements")


@command()
def search(query: str = typer.Argument(..., help="Words to look for (BM25 over documents, entities and quotes)."),
           db: Optional[Path] = DbOption,
           limit: int = typer.Option(20, "--limit", min=1, max=1000, help="Most hits to list."),
           fmt: ListFmt = FormatOpt) -> None:
    """Full-text search over documents, entities and quotes; the hit's text on a line of its own."""
    with reading(db) as kb:
        indexed = kb.has_search_index()
        hits = kb.search(query, limit) if indexed else None
    if hits is None:                    # no index yet (an ingest drops it): build it once, then search
        with open_write(db) as kb:
            try:
                hits = kb.search(query, limit)
            except GreatgameError as exc:
                fail(str(exc))
    emit(hits, fmt, columns=["kind", "score", "ref", "title"], detail="snippet",
         title=f"{len(hits)} hits for {query!r}", empty="no hits", schema=SearchHit)
