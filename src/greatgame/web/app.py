"""The web dashboard and JSON API (FastAPI, Jinja2, Plotly served from the installed package).

``create_app(db)`` builds the app over a knowledge-base file. Reads (GET) are open; every other request (uploads
to ``POST /api/documents``, simulations at ``POST /api/simulate``) needs the bearer token in ``GREATGAME_TOKEN``,
is refused when it comes from another site's page, and is off when no token is set (``web/security.py``).
Nothing is loaded from outside the server: Plotly's JavaScript comes from the plotly package, the pages' own
scripts from ``web/static``.

The routes live in ``web/routes/`` (one module per page family), the shared state in ``web/state.py``, the
response models in ``web/schemas.py``.
"""
from __future__ import annotations

import os
import threading
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ..errors import GreatgameError
from .routes import ROUTERS
from .security import Guard
from .state import State


def create_app(db: str | Path | None = None) -> FastAPI:
    from ..kb.store import default_path

    state = State(Path(db) if db is not None else default_path())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # With uploads on, start the extraction child now (it loads the language model: seconds) rather
        # than on the first upload; in the background, so the server answers at once.
        from ..ingest.isolation import kill_shared, shared_extractor

        def warm_up() -> None:
            try:
                shared_extractor().start()
            except Exception:  # noqa: S110 - killed by a shutdown, or it failed: the first upload says why
                pass

        if os.environ.get("GREATGAME_TOKEN"):
            threading.Thread(target=warm_up, name="greatgame-extractor-warm-up", daemon=True).start()
        try:
            yield
        finally:
            kill_shared()           # the child ends with the server
            state.close()

    # The stock /docs and /redoc pages load their scripts from a CDN: greatgame serves its own /docs,
    # rendered from the same OpenAPI schema, so the server works offline.
    app = FastAPI(title="greatgame", description="Great-power influence in Central Asia: evidence, index, "
                                                 "scenarios.", version="0.1.0", docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    app.state.gg = state
    app.add_middleware(Guard)

    @app.exception_handler(GreatgameError)
    def gg_error(request: Request, exc: GreatgameError) -> JSONResponse:
        return JSONResponse({"detail": public(str(exc), state.path)}, status_code=422)

    for router in ROUTERS:
        app.include_router(router)
    return app


def public(message: str, db: Path) -> str:
    """A message fit for a client: the knowledge base's folder left out (it names only the file)."""
    folder = str(db.resolve().parent)
    return message.replace(folder + os.sep, "").replace(str(db.parent) + os.sep, "") if folder else message
