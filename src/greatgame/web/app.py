"""The web dashboard and JSON API (FastAPI, Jinja2, Plotly served from the installed package).

``create_app(db)`` builds the app over a knowledge-base file. Read endpoints
are open; write endpoints (``POST /api/documents``) need the bearer token in
``GREATGAME_TOKEN`` and are off when it is unset. Nothing is loaded from
outside the server: Plotly's JavaScript comes from the plotly package.

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
from .state import MAX_UPLOAD_BYTES, State


def create_app(db: str | Path | None = None) -> FastAPI:
    from ..kb.store import default_path

    state = State(Path(db) if db is not None else default_path())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # With uploads on, start the extraction child now (it loads the language model: seconds) rather
        # than on the first upload; in the background, so the server answers at once.
        if os.environ.get("GREATGAME_TOKEN"):
            from ..ingest.isolation import shared_extractor

            threading.Thread(target=shared_extractor().start, name="greatgame-extractor-warm-up",
                             daemon=True).start()
        yield
        state.kb.close()

    # The stock /docs and /redoc pages load their scripts from a CDN: greatgame serves its own /docs,
    # rendered from the same OpenAPI schema, so the server works offline.
    app = FastAPI(title="greatgame", description="Great-power influence in Central Asia: evidence, index, "
                                                 "scenarios.", version="0.1.0", docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    app.state.gg = state

    @app.middleware("http")
    async def limit_request_size(request: Request, call_next):
        """Refuse request bodies over MAX_UPLOAD_BYTES before reading them."""
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            return JSONResponse({"detail": "bad Content-Length"}, status_code=400)
        if length > MAX_UPLOAD_BYTES:
            return JSONResponse({"detail": f"request larger than {MAX_UPLOAD_BYTES} bytes"}, status_code=413)
        return await call_next(request)

    @app.exception_handler(GreatgameError)
    def gg_error(request: Request, exc: GreatgameError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    for router in ROUTERS:
        app.include_router(router)
    return app
