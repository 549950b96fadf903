"""The upload form: one file in, read -> extract -> store -> link -> check, behind a size cap and a CSRF check.

The request body is capped twice: a declared ``Content-Length`` over the cap is refused
before reading, and Starlette's body limit stops a body that grows past it. The file
goes through the same readers as ``counterclaim ingest`` (format detected from its
name and content) from a private temporary folder, with the upload's name reduced
to safe characters.

When the ledger cannot be written (another writer holds its lock past the busy timeout, a
full disk, a read-only file: ``LedgerUnavailable``) the upload's transaction is rolled back,
so nothing of it is half stored, and the answer is 503 with the reason and a "Try again"
button: the file itself is held in memory (``HeldUploads``, bounded) under a token the
button sends back, so the person does not have to choose it again.
"""
from __future__ import annotations

import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import Optional

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.routing import Route

from counterclaim.errors import IngestError, LedgerUnavailable
from counterclaim.ledger import ClaimFilter, Ledger
from counterclaim.settings import Settings
from counterclaim.web.csrf import COOKIE, FIELD
from counterclaim.web.pages import render
from counterclaim.web.params import DATE_RE

FORM_OVERHEAD = 64 * 1024   #: room for the multipart envelope and the small fields
HELD_SECONDS = 15 * 60      #: how long an upload the ledger refused is kept for "Try again"
HELD_MAX = 8                #: uploads held at most (the oldest goes first)
RETRY_AFTER = 10            #: seconds a client is told to wait (the ledger's busy timeout)


class HeldUploads:
    """Uploads the ledger could not take, kept in memory for a retry: at most ``HELD_MAX`` of them
    and ``max_bytes`` together, each for ``HELD_SECONDS``, under a random token."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._items: "OrderedDict[str, tuple[float, str, bytes, Optional[str], Optional[str]]]" = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        for token in [t for t, v in self._items.items() if now - v[0] > HELD_SECONDS]:
            del self._items[token]
        while self._items and (len(self._items) > HELD_MAX
                               or sum(len(v[2]) for v in self._items.values()) > self.max_bytes):
            self._items.popitem(last=False)

    def put(self, name: str, data: bytes, published: Optional[str], source: Optional[str]) -> str:
        token = secrets.token_urlsafe(18)
        with self._lock:
            now = time.monotonic()
            self._items[token] = (now, name, data, published, source)
            self._expire(now)
        return token

    def take(self, token: str) -> Optional[tuple[str, bytes, Optional[str], Optional[str]]]:
        with self._lock:
            self._expire(time.monotonic())
            item = self._items.pop(token, None) if isinstance(token, str) else None
        return item[1:] if item else None

    def __contains__(self, token: str) -> bool:
        with self._lock:
            return token in self._items


def _form_page(request: Request, status: int = 200, **ctx):
    csrf = request.app.state.csrf
    token, cookie = csrf.issue(request.cookies.get(COOKIE))
    ctx.update(nav="Upload", csrf_token=token, max_bytes=request.app.state.max_upload_bytes)
    resp = render(request, "upload.html", ctx, status=status)
    resp.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", path="/upload")
    if status == 503:
        resp.headers["Retry-After"] = str(RETRY_AFTER)
    return resp


def held_uploads(app) -> HeldUploads:
    held = getattr(app.state, "held_uploads", None)
    if held is None:
        held = app.state.held_uploads = HeldUploads(4 * app.state.max_upload_bytes)
    return held


def unavailable_reason(e: LedgerUnavailable) -> tuple[str, str]:
    """Why the ledger refused the upload, and what a person can do, in the page's words: the
    ledger's own reason (``service`` wraps it in the command line's account of a run, whose
    temporary paths and "rerun the same command" mean nothing here)."""
    inner = e.__context__ if isinstance(e.__context__, LedgerUnavailable) else e
    return inner.reason, inner.remedy or e.remedy


async def upload_form(request: Request):
    return _form_page(request, 403 if request.app.state.read_only else 200)


def safe_name(name: str | None) -> str:
    """The uploaded file's name reduced to letters, digits, dot, dash and underscore."""
    base = Path((name or "upload").replace("\\", "/")).name
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "upload"
    return base[-100:]


def _extractor(app):
    with app.state.extractor_lock:
        if app.state.extractor is None:
            from counterclaim.extract import Extractor
            app.state.extractor = Extractor(app.state.settings or Settings.from_env())
        return app.state.extractor


def ingest_bytes(app, filename: str, data: bytes, published: str | None, source: str | None) -> dict:
    """Read, extract, store, link and check one uploaded file through ``counterclaim.service``."""
    settings = app.state.settings or Settings.from_env()
    settings = replace(settings, published=published or settings.published, source=source or settings.source,
                       max_document_bytes=min(settings.max_document_bytes, app.state.max_upload_bytes))
    with app.state.upload_lock:          # one upload at a time: one writer, one spaCy pipeline
        return _ingest_locked(app, filename, data, settings)


def _ingest_locked(app, filename: str, data: bytes, settings) -> dict:
    from counterclaim.ingest import read_inputs
    from counterclaim.service import ingest

    extractor = _extractor(app)
    shown = safe_name(filename)
    docs: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="counterclaim-upload-") as tmp:
        path = Path(tmp) / shown
        path.write_bytes(data)
        with Ledger(app.state.db_path) as led:
            def items():
                for item in read_inputs([str(path)], settings):
                    if not isinstance(item, Exception):
                        docs.append({"doc_id": item.doc_id, "title": item.title,
                                     "added": not led.has_document(item.doc_id)})
                    yield item
            stats = ingest(led, items(), extractor)
            for d in docs:
                d["claims"] = led.count(ClaimFilter(doc_id=d["doc_id"]))
    errors = [e.replace(str(path), shown) for e in stats.errors]
    return {"docs": docs, "errors": errors}


def _busy_page(request: Request, e: LedgerUnavailable, name: str, data: bytes, published, source):
    """503: the ledger cannot be written now; nothing of the upload was stored and it is held for a retry."""
    reason, remedy = unavailable_reason(e)
    token = held_uploads(request.app).put(name, data, published, source)
    return _form_page(request, 503, busy={
        "reason": reason, "remedy": remedy, "name": safe_name(name), "held": token, "size": len(data),
        "minutes": HELD_SECONDS // 60, "retry_after": RETRY_AFTER})


async def upload_post(request: Request):
    app = request.app
    if app.state.read_only:
        return _form_page(request, 403, error="This server runs with --read-only: uploads are off.")
    limit = app.state.max_upload_bytes
    length = request.headers.get("content-length")
    if length is None:
        return _form_page(request, 411, error="The upload must declare its size (Content-Length).")
    if not length.isdigit() or int(length) > limit + FORM_OVERHEAD:
        return _form_page(request, 413, error="The file is larger than the limit of %d bytes." % limit)
    form = await request.form(max_files=1, max_fields=8)
    try:
        if not app.state.csrf.check(request.cookies.get(COOKIE), form.get(FIELD)):
            return _form_page(request, 403, error="The form expired or did not come from this site "
                                                  "(CSRF check failed): reload the page and try again.")
        upload = form.get("file")
        held = form.get("held")
        if isinstance(held, str) and held and not (isinstance(upload, UploadFile) and upload.filename):
            kept = held_uploads(app).take(held)     # "Try again" after the ledger was busy
            if kept is None:
                return _form_page(request, 410, error="That upload is no longer held here (it is kept %d "
                                                      "minutes): choose the file again." % (HELD_SECONDS // 60))
            name, data, published, source = kept
        else:
            if not isinstance(upload, UploadFile) or not upload.filename:
                return _form_page(request, 400, error="Choose a file to upload.")
            data = await upload.read(limit + 1)
            if len(data) > limit:
                return _form_page(request, 413, error="The file is larger than the limit of %d bytes." % limit)
            if not data:
                return _form_page(request, 400, error="%s is empty." % safe_name(upload.filename))
            published = (form.get("published") or "").strip() or None
            if published and not (isinstance(published, str) and DATE_RE.match(published)):
                return _form_page(request, 400, error="Published must be a date YYYY-MM-DD.")
            source = form.get("source")
            source = (source.strip()[:100] if isinstance(source, str) else "") or None
            name = upload.filename
    finally:
        await form.close()
    try:
        result = await run_in_threadpool(ingest_bytes, app, name, data, published, source)
    except LedgerUnavailable as e:
        return _busy_page(request, e, name, data, published, source)
    except IngestError as e:
        return _form_page(request, 400, error=str(e))
    if not result["docs"]:
        return _form_page(request, 400, error="Nothing could be read: %s" % "; ".join(result["errors"]))
    n = sum(d["claims"] for d in result["docs"])
    result["message"] = "%d document(s) read, %d claim(s) extracted%s." % (
        len(result["docs"]), n, (" (%d error(s): %s)" % (len(result["errors"]), "; ".join(result["errors"])))
        if result["errors"] else "")
    return _form_page(request, 200, result=result)


def routes(max_bytes: int) -> list[Route]:
    return [Route("/upload", upload_form, methods=["GET"], name="upload_form"),
            Route("/upload", upload_post, methods=["POST"], name="upload", max_body_size=max_bytes + FORM_OVERHEAD)]
