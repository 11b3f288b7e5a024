"""Publishing commands: the analyst briefing, the generated docs pages and the web dashboard."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from .console import DbOption, err, fail, open_read
from .registry import Commands

command = Commands()
register = command.register


@command("model-docs")
def model_docs(db: Optional[Path] = DbOption,
               output: Path = typer.Option(Path("docs/model.md"), "-o", "--output", help="Markdown file to write.")
               ) -> None:
    """Write docs/model.md: the model's equations and parameters, the backtest table and the baseline outlook."""
    from ..simulate.docs import write_model_docs

    with open_read(db) as kb:
        path = write_model_docs(kb, output)
    err.print(f"wrote {path}")


@command()
def serve(db: Optional[Path] = DbOption,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: this machine only)."),
          port: int = typer.Option(8000, "--port", help="Port.")) -> None:
    """Serve the web dashboard and the JSON API (OpenAPI at /docs).

    Uploads and scenario runs need the bearer token in GREATGAME_TOKEN; without it they are off. Read-only
    commands (greatgame docs, events, report...) can use the knowledge base while the server runs.
    """
    import uvicorn

    from ..errors import GreatgameError
    from ..ingest.isolation import kill_shared
    from ..kb.store import default_path
    from ..web import create_app

    path = db if db is not None else default_path()
    if not Path(path).exists():
        fail(f"{path}: no knowledge base here (run greatgame ingest first)")
    try:
        app = create_app(path)
    except GreatgameError as exc:
        fail(str(exc))
    class Server(uvicorn.Server):
        """uvicorn's server, saying where it listens once it does."""

        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if self.started and self.servers:
                err.print(f"serving {serving_url(self.servers[0].sockets)} (Ctrl-C stops)", highlight=False)

    server = Server(uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5))
    try:
        # SIGINT/SIGTERM: uvicorn stops taking requests, gives those in flight 5 s, and the app's shutdown kills
        # the extraction child (its own process group); the finally clause makes sure of it.
        server.run()
    finally:
        kill_shared()
    if not server.started:          # uvicorn said why (the port is taken, the address is not this machine's)
        raise typer.Exit(1)


def serving_url(sockets: Any) -> str:
    """The address a browser opens for a server listening on ``sockets`` (127.0.0.1 for every address)."""
    import socket

    urls = []
    for sock in sockets:
        host, port = sock.getsockname()[:2]
        if host in ("0.0.0.0", "::"):
            return f"http://127.0.0.1:{port} (listening on every address of this machine)"
        urls.append(f"http://[{host}]:{port}" if sock.family == socket.AF_INET6 else f"http://{host}:{port}")
    return urls[0] if urls else "(no address)"


@command()
def report(db: Optional[Path] = DbOption,
           output: Path = typer.Option(..., "-o", "--output",
                                       help="File to write: brief.html (self-contained, opens offline) or brief.md."),
           target: Optional[str] = typer.Option(None, "--target",
                                                help="KAZ, KGZ, TJK, TKM or UZB (default: all five, as Central Asia)."),
           since: Optional[str] = typer.Option(None, "--since",
                                               help="Events, quotes and figures from this date on "
                                                    "(YYYY, YYYY-MM or YYYY-MM-DD; default: all)."),
           runs: int = typer.Option(500, "--runs", min=10, max=200000,
                                    help="Monte Carlo runs for the baseline outlook."),
           seed: int = typer.Option(0, "--seed", help="Random seed of the outlook.")) -> None:
    """Write an analyst briefing: influence index, timeline of events, quotes and figures (disputed ones
    flagged), the baseline 2030 outlook and numbered sources. The format follows the extension of -o."""
    from ..report import ReportError, check_since, check_target, report_format, write_report

    try:
        report_format(output)
        target = check_target(target)
        since = check_since(since)
    except ReportError as exc:
        fail(str(exc), code=2)
    with open_read(db) as kb:
        try:
            path = write_report(kb, output, target=target, since=since, runs=runs, seed=seed)
        except ReportError as exc:
            fail(str(exc))
    err.print(f"wrote {path} ({path.stat().st_size:,} bytes)", highlight=False)


@command("influence-docs")
def influence_docs(db: Optional[Path] = DbOption,
                   output: Path = typer.Option(Path("docs/influence.md"), "-o", "--output",
                                               help="Markdown file to write (charts go beside it)."),
                   year: Optional[int] = typer.Option(None, "--year",
                                                      help="First year of the tables (default 2018).")) -> None:
    """Write docs/influence.md: the method, the composites by state and power from 2018 to the latest year with
    their intervals, the constants, variance shares and sensitivity."""
    from ..influence.docs import write_docs

    with open_read(db) as kb:
        path = write_docs(kb, output, table_year=year)
    err.print(f"wrote {path} and its charts in {path.parent / 'influence'}")
