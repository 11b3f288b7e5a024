"""Uploads: ``POST /api/documents`` ingests one document (a file or a JSON object); needs the bearer token."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, File, Header, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from ..deps import StateDep, token_ok
from ..schemas import UploadResult
from ..state import MAX_UPLOAD_BYTES

router = APIRouter()


@router.post("/api/documents", tags=["documents"], status_code=201, response_model=UploadResult)
async def api_upload(request: Request, state: StateDep, file: Optional[UploadFile] = File(None),
                     authorization: Optional[str] = Header(None)) -> dict[str, Any]:
    """Ingest a document: a file (multipart) or JSON {"id", "text", "title", "published", "url"}."""
    token_ok(authorization)
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"document larger than {MAX_UPLOAD_BYTES} bytes")
    with tempfile.TemporaryDirectory() as tmp:
        if file is not None:
            name = Path(file.filename or "upload.txt").name
            if not name or name.startswith("."):
                raise HTTPException(422, "the file needs a name")
            data = await file.read(MAX_UPLOAD_BYTES + 1)
            if len(data) > MAX_UPLOAD_BYTES:
                raise HTTPException(413, f"document larger than {MAX_UPLOAD_BYTES} bytes")
            path = Path(tmp) / name
            path.write_bytes(data)
        else:
            try:
                body = await request.json()
            except ValueError:
                raise HTTPException(422, "send a file (multipart) or a JSON object") from None
            if not isinstance(body, dict) or not body.get("id") or not isinstance(body.get("text"), str):
                raise HTTPException(422, "JSON documents need 'id' and 'text'")
            path = Path(tmp) / "upload.jsonl"
            path.write_text(json.dumps(body) + "\n", encoding="utf-8")
        report = await run_in_threadpool(state.ingest, path)
    if report.errors:
        raise HTTPException(422, str(report.errors[0]).replace(tmp, ""))
    ids = report.added + report.replaced + report.unchanged
    return {"id": ids[0], "status": "added" if report.added else "replaced" if report.replaced else "unchanged"}
