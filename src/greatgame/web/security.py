"""The server's guard, one ASGI middleware in front of every route.

* Every response carries the security headers (a Content-Security-Policy with no inline script, no framing,
  no MIME sniffing, no referrer).
* A request body is refused (413) past ``MAX_UPLOAD_BYTES``: at once when Content-Length says so, else as soon
  as the bytes actually received pass it (a chunked upload is not read to its end).
* Every request that is not a GET, HEAD or OPTIONS (the uploads and the simulations: each writes or computes)
  is refused before its body is read unless it comes from this server's own pages or from no page at all
  (``Sec-Fetch-Site`` cross-site or same-site, or an ``Origin`` that is not this server: 403) and carries the
  token (``Authorization: Bearer $GREATGAME_TOKEN``: 401; 403 when the server has none).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .deps import token_ok
from .state import MAX_UPLOAD_BYTES

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
"""Scripts only from this server's files (no inline script, no eval). Plotly.js inserts <style> elements as it
loads (with style-src 'self' alone Chromium refuses them and logs a violation on every page), hence
'unsafe-inline' for styles, and for styles only."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, f"request body larger than {MAX_UPLOAD_BYTES} bytes")


def cross_site(scope: Scope, headers: Headers) -> str | None:
    """Why a request comes from another site's page (None when it comes from ours, or from no page)."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return f"cross-site request refused (Sec-Fetch-Site: {site})"
    origin = headers.get("origin")
    if origin is not None:
        host = headers.get("host") or ""
        if origin == "null" or urlsplit(origin).netloc.lower() != host.lower():
            return "cross-site request refused (Origin is not this server)"
    return None


def refusal(scope: Scope, headers: Headers) -> HTTPException | None:
    """Why a request is refused before its body is read, or None."""
    length = headers.get("content-length")
    if length is not None:
        try:
            if int(length) > MAX_UPLOAD_BYTES:
                return BodyTooLarge()
        except ValueError:
            return HTTPException(400, "bad Content-Length")
    if scope["method"] not in SAFE_METHODS:
        why = cross_site(scope, headers)
        if why:
            return HTTPException(403, why)
        try:
            token_ok(headers.get("authorization"))
        except HTTPException as exc:
            return exc
    return None


class Guard:
    """The middleware: headers on every response, the body cap, and the checks on writing requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        refused = refusal(scope, Headers(scope=scope))
        if refused is not None:
            await answer(refused, scope, receive, send_with_headers)
            return

        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_UPLOAD_BYTES:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, capped_receive, send_with_headers)
        except BodyTooLarge as exc:       # raised where no route turned it into its answer
            if started:
                raise
            await answer(exc, scope, receive, send_with_headers)


async def answer(exc: HTTPException, scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    await response(scope, receive, send)
