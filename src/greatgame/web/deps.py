"""What the routes share: the app's State, the token check, the page renderer and the plotly script."""
from __future__ import annotations

import hmac
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Optional

import jinja2
from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..regions import TARGETS
from .state import State

# Autoescaping on for every template, whatever its name (Jinja's default chooses by extension, and ours end .j2).
TEMPLATES = Jinja2Templates(env=jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")), autoescape=True))


def get_state(request: Request) -> State:
    """The app's State (a FastAPI dependency)."""
    return request.app.state.gg


def token_ok(authorization: Optional[str]) -> None:
    """Refuse the request unless it carries ``Authorization: Bearer $GREATGAME_TOKEN`` (403 when the server has
    no token: writing and computing endpoints are then off; 401 for a missing, bare or wrong token)."""
    token = os.environ.get("GREATGAME_TOKEN")
    if not token:
        raise HTTPException(403, "write and compute endpoints are off: set GREATGAME_TOKEN to enable them")
    scheme, _, given = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "missing or wrong token: send Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})


def render(request: Request, template: str, **ctx: Any) -> HTMLResponse:
    """A page from web/templates; every page gets the target states."""
    return TEMPLATES.TemplateResponse(request, template, {"targets": TARGETS, **ctx})


@lru_cache(maxsize=1)
def plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


StateDep = Annotated[State, Depends(get_state)]
