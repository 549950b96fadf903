"""The upload form: one file in, read -> extract -> store -> link -> check, behind a size cap and a CSRF check.

The request body is capped twice: a declared ``Content-Length`` over the cap is refused
before reading, and Starlette's body limit stops a body that grows past it. The file
goes through the same readers as ``counterclaim ingest`` (format detected from its
name and content) from a private temporary folder, with the upload's name reduced
to safe characters.
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.routing import Route

from counterclaim.errors import IngestError
from counterclaim.ledger import ClaimFilter, Ledger
from counterclaim.settings import Settings
from counterclaim.web.csrf import COOKIE, FIELD
from counterclaim.web.pages import render
from counterclaim.web.params import DATE_RE

FORM_OVERHEAD = 64 * 1024   #: room for the multipart envelope and the small fields


def _form_page(request: Request, status: int = 200, **ctx):
    csrf = request.app.state.csrf
    token, cookie = csrf.issue(request.cookies.get(COOKIE))
    ctx.update(nav="Upload", csrf_token=token, max_bytes=request.app.state.max_upload_bytes)
    resp = render(request, "upload.html", ctx, status=status)
    resp.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", path="/upload")
    return resp


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
        source = (form.get("source") or "").strip()[:100] or None
        name = upload.filename
    finally:
        await form.close()
    try:
        result = await run_in_threadpool(ingest_bytes, app, name, data, published, source)
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
