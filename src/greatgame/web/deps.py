"""What the routes share: the app's State, the write-token check, the page renderer and the plotly script."""
from __future__ import annotations

import hmac
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Optional

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..regions import TARGETS
from .state import State

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def get_state(request: Request) -> State:
    """The app's State (a FastAPI dependency)."""
    return request.app.state.gg


def token_ok(authorization: Optional[str]) -> None:
    """Refuse the request unless it carries ``$GREATGAME_TOKEN`` as a bearer token (off when it is unset)."""
    token = os.environ.get("GREATGAME_TOKEN")
    if not token:
        raise HTTPException(403, "write endpoints are off: set GREATGAME_TOKEN to enable them")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "missing or wrong bearer token")


def render(request: Request, template: str, **ctx: Any) -> HTMLResponse:
    """A page from web/templates; every page gets the target states."""
    return TEMPLATES.TemplateResponse(request, template, {"targets": TARGETS, **ctx})


@lru_cache(maxsize=1)
def plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


StateDep = Annotated[State, Depends(get_state)]
