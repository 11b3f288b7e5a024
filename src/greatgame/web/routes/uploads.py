"""Uploads: ``POST /api/documents`` ingests one document (a file or a JSON object); needs the bearer token.

The token and the request's origin are checked before anything of the body is read (``web/security.py``). The body
is then streamed, through the multipart parser for a file, to a temporary file, and refused (413) as soon as the
bytes received pass ``MAX_UPLOAD_BYTES``, whatever Content-Length said. Reading and extracting the document run in
the extraction child under the per-document time limit, in a compute slot (429 when none is free).
"""
from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartException, MultiPartParser

from ..deps import StateDep
from ..schemas import UploadResult
from ..state import MAX_UPLOAD_BYTES

router = APIRouter()

UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": "a document file (any format greatgame "
                                                                      "reads)"}}}},
    "application/json": {"schema": {"type": "object", "required": ["id", "text"], "properties": {
        "id": {"type": "string"}, "text": {"type": "string"}, "title": {"type": "string"},
        "published": {"type": "string"}, "url": {"type": "string"}}}}}}}


@router.post("/api/documents", tags=["documents"], status_code=201, response_model=UploadResult,
             openapi_extra=UPLOAD_BODY)
async def api_upload(request: Request, state: StateDep) -> dict[str, Any]:
    """Ingest a document: a file (multipart, field ``file``) or JSON {"id", "text", "title", "published", "url"}.
    Needs ``Authorization: Bearer $GREATGAME_TOKEN``; at most 5 MB (413), reading and extraction bounded by
    ``GREATGAME_DOC_TIMEOUT`` as in ``greatgame ingest`` (422 naming the limit)."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind not in ("multipart/form-data", "application/json"):
        raise HTTPException(415, "send a file (multipart/form-data) or a JSON object (application/json)")
    with state.compute(), tempfile.TemporaryDirectory(prefix="greatgame-upload-") as tmp:
        if kind == "multipart/form-data":
            path = await receive_file(request, Path(tmp))
        else:
            path = await receive_json(request, Path(tmp))
        report = await run_in_threadpool(state.ingest, path)
    if report.errors:
        raise HTTPException(422, str(report.errors[0]).replace(tmp + "/", "").replace(tmp, ""))
    ids = report.added + report.replaced + report.unchanged
    return {"id": ids[0], "status": "added" if report.added else "replaced" if report.replaced else "unchanged"}


async def capped(request: Request) -> AsyncIterator[bytes]:
    """The request body as it arrives, refused (413) once more than MAX_UPLOAD_BYTES have come."""
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"document larger than {MAX_UPLOAD_BYTES} bytes")
        yield chunk


async def receive_file(request: Request, folder: Path) -> Path:
    """The uploaded file, streamed through the multipart parser, saved under its own name (no folders)."""
    parser = MultiPartParser(request.headers, capped(request), max_files=1, max_fields=8)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise HTTPException(422, f"malformed multipart body ({exc.message})") from None
    try:
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise HTTPException(422, "send the document as the multipart field 'file'")
        name = Path((upload.filename or "upload.txt").replace("\\", "/")).name
        if not name or name.startswith("."):
            raise HTTPException(422, "the file needs a name")
        path = folder / name
        with path.open("wb") as out:
            shutil.copyfileobj(upload.file, out)
        return path
    finally:
        await form.close()


async def receive_json(request: Request, folder: Path) -> Path:
    """A JSON document, streamed to a temporary file and checked: one JSON Lines file for the reader."""
    raw = folder / "body.json"
    with raw.open("wb") as out:
        async for chunk in capped(request):
            out.write(chunk)
    try:
        body = json.loads(raw.read_bytes())
    except RecursionError:
        raise HTTPException(422, "malformed JSON (nested too deeply)") from None
    except ValueError as exc:
        raise HTTPException(422, f"malformed JSON ({' '.join(str(exc).split())[:200]})") from None
    if not isinstance(body, dict) or not body.get("id") or not isinstance(body.get("text"), str):
        raise HTTPException(422, "JSON documents need 'id' and 'text'")
    path = folder / "upload.jsonl"
    path.write_text(json.dumps(body) + "\n", encoding="utf-8")
    raw.unlink()
    return path
