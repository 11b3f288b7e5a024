"""Documents: the JSON list, one document, its entities, and the document page (the evidence viewer)."""
from __future__ import annotations

import json
from typing import Any, Optional

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from ...errors import NotFound
from ...kb.rows import DocumentRow, EntityRow
from ..deps import StateDep, render
from ..formats import FORMAT_RESPONSES, FormatQuery, ListFormat, links, listing
from ..schemas import DocumentDetail, DocumentSummary, Entity

router = APIRouter()


@router.get("/api/documents", tags=["documents"], response_model=list[DocumentSummary], responses=FORMAT_RESPONSES)
def api_documents(state: StateDep, fmt: ListFormat = FormatQuery) -> Any:
    with state.read() as kb:
        rows = kb.documents()
    return listing(rows, fmt, "documents", list(DocumentRow.__dataclass_fields__))


@router.get("/api/documents/{doc_id:path}", tags=["documents"], response_model=DocumentDetail)
def api_document(doc_id: str, state: StateDep) -> dict[str, Any]:
    with state.read() as kb:
        try:
            return json.loads(json.dumps(kb.document(doc_id), default=str))
        except NotFound:
            raise HTTPException(404, f"no document {doc_id!r}") from None


@router.get("/api/entities", tags=["entities"], response_model=list[Entity], responses=FORMAT_RESPONSES)
def api_entities(state: StateDep, kind: Optional[str] = None, doc: Optional[str] = None,
                 fmt: ListFormat = FormatQuery) -> Any:
    with state.read() as kb:
        try:
            rows = kb.entities(doc=doc, kind=kind)
        except NotFound:
            raise HTTPException(404, f"no document {doc!r}") from None
    return listing(rows, fmt, "entities", list(EntityRow.__dataclass_fields__))


@router.get("/doc/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
def document(request: Request, doc_id: str, state: StateDep, hl: Optional[str] = None) -> HTMLResponse:
    with state.read() as kb:
        try:
            d = kb.document(doc_id)
        except NotFound:
            raise HTTPException(404, f"no document {doc_id!r}") from None
    focus = None
    if hl:
        try:
            a, b = (int(x) for x in hl.split("-", 1))
            focus = (a, b)
        except ValueError:
            raise HTTPException(422, "hl must be START-END") from None
    text = d["text"]
    spans: list[tuple[int, int, str, str]] = []
    if focus:
        spans.append((focus[0], focus[1], "focus", "evidence"))
    for e in d["events"]:
        spans.append((e["start"], e["end"], "event", f"{e['type']}: {','.join(e['actors'])}"))
    for q in d["quotes"]:
        spans.append((q["start"], q["end"], "quote", f"quote: {q['speaker']}"))
    for f in d["figures"]:
        spans.append((f["start"], f["end"], "figure", f"{f['value']:g} {f['unit']}"))
    for m in d["mentions"]:
        if m["entity"] and m["part"] not in ("comments", "notes"):
            spans.append((m["start"], m["end"], "mention", m["entity"]))
    if focus:
        # the followed evidence always shows: spans that overlap it give way
        spans = [sp for sp in spans if sp[2] == "focus" or sp[1] <= focus[0] or sp[0] >= focus[1]]
    html_text = body_html(text, d["parts"].get("body", {}).get("segments", []), spans, focus)
    downloads = {"document": {"json": f"/api/documents/{quote(doc_id)}"},
                 **{what: links(f"/api/{what}", doc=doc_id) for what in ("events", "quotes", "figures")},
                 "entities": links("/api/entities", doc=doc_id)}
    return render(request, "document.html.j2", d=d, html_text=html_text, downloads=downloads)


def body_html(text: str, segments: list[list[int]], spans: list[tuple[int, int, str, str]],
              focus: tuple[int, int] | None) -> Markup:
    """The document's body, segment by segment, highlighted. Between two segments, spacing and inline markers
    ("[17]") are kept; a block of footnotes or page furniture the reader found at a page break is left out
    (shown as "[…]"; the notes are listed with the citations). A span that runs across segments is marked in
    each; the first piece of the followed evidence gets its anchor."""
    if not segments:
        segments = [[0, len(text)]]
    out, anchored, previous = [], False, None
    for start, end in segments:
        inside = [(max(a, start) - start, min(b, end) - start, c, t) for a, b, c, t in spans if a < end and b > start]
        piece_focus = None
        if focus and not anchored and focus[0] < end and focus[1] > start:
            piece_focus = (max(focus[0], start) - start, min(focus[1], end) - start)
            anchored = True
        if previous is not None:
            gap = text[previous:start]
            if not gap.strip() or "\n" not in gap.strip():     # spacing, or an inline marker such as "[17]"
                out.append(escape(gap))
            else:                                            # a block of notes or furniture: left out
                out.append(Markup(' <span class="muted" title="notes or page furniture at a page break: see '
                                  'the citations below">[…]</span> '))
        previous = end
        out.append(highlight(text[start:end], inside, piece_focus))
    return Markup("").join(out)


def highlight(text: str, spans: list[tuple[int, int, str, str]], focus: tuple[int, int] | None) -> Markup:
    """The document text, escaped, with non-overlapping spans wrapped in <mark class=...>."""
    spans = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    out, pos = [], 0
    for start, end, cls, title in spans:
        if start < pos or end <= start:
            continue
        out.append(escape(text[pos:start]))
        ident = ' id="evidence"' if focus and (start, end) == focus else ""
        out.append(Markup(f'<mark class="{escape(cls)}" title="{escape(title)}"{ident}>')
                   + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)
