"""The Starlette application behind ``counterclaim serve``: routes, safety headers, errors.

Pages (``pages.py``) and the JSON API (``api.py``) read the ledger through one
read-only ``Ledger`` per server thread (SQLite ``mode=ro``); only the upload opens it
for writing, and not at all under ``read_only``. Every response carries a strict
Content-Security-Policy (no inline script or style); templates autoescape everything.
"""
from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path
from typing import Optional
from urllib.parse import urlencode

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from counterclaim.errors import CounterclaimError, LedgerError, LedgerUnavailable
from counterclaim.ledger import Ledger
from counterclaim.web.csrf import Csrf
from counterclaim.web.listing import SummaryCache
from counterclaim.web.params import BadParam

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD = 5 * 1024 * 1024
MMAP_BYTES = 2 ** 30
CACHE_KB = 4000  #: each reader's own page cache: the OS page cache holds the rest
LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]", "testserver"]
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
log = logging.getLogger(__name__)


class SecurityHeaders:
    """ASGI middleware adding the CSP and friends to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def http_url(url) -> bool:
    """True for an absolute http(s) URL with a host: the only kind the pages make links of."""
    if not isinstance(url, str):
        return False
    u = url.strip()
    if u != url or any(ch in u for ch in "\x00\r\n\t\\ ") or len(u) > 2000:
        return False
    low = u.lower()
    return (low.startswith("http://") or low.startswith("https://")) and len(u.split("/", 3)[2]) > 0


def _num(v) -> str:
    if v is None:
        return ""
    try:
        return "{:,}".format(int(v)) if float(v) == int(v) else "{:,.2f}".format(float(v))
    except (TypeError, ValueError, OverflowError):
        return str(v)


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             undefined=jinja2.ChainableUndefined, trim_blocks=False)
    env.filters["num"] = _num
    env.filters["http_url"] = http_url
    env.filters["qs"] = lambda d: urlencode([(k, v) for k, v in d.items() if v is not None])
    return Jinja2Templates(env=env)


class LedgerPool:
    """One read-only ``Ledger`` per server thread (SQLite connections are not shared)."""

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()
        self._all: list[Ledger] = []
        self._lock = threading.Lock()

    def get(self) -> Ledger:
        led = getattr(self._local, "ledger", None)
        if led is None:
            led = Ledger(self.path, readonly=True)
            # read pages through the OS page cache (shared by every thread) instead of copies
            led.tune_for_reading(MMAP_BYTES, CACHE_KB)
            self._local.ledger = led
            with self._lock:
                self._all.append(led)
        return led

    def close(self) -> None:
        with self._lock:
            for led in self._all:
                led.close()
            self._all.clear()


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith((".json", ".csv"))


def error_response(request: Request, status: int, message: str, param: Optional[str] = None) -> Response:
    titles = {400: "Bad request", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
              410: "Gone", 411: "Length required", 413: "Too large", 500: "Server error",
              503: "Try again later"}
    if wants_json(request):
        body = {"error": message, "status": status}
        if param:
            body["param"] = param
        return JSONResponse(body, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {
        "status": status, "title": titles.get(status, "Error"), "message": message, "nav": None,
        "read_only": request.app.state.read_only}, status_code=status)


async def _bad_param(request: Request, exc: BadParam) -> Response:
    return error_response(request, 400, str(exc), exc.name)


async def _ledger_error(request: Request, exc: CounterclaimError) -> Response:
    return error_response(request, 400, getattr(exc, "reason", str(exc)))


async def _unavailable(request: Request, exc: LedgerUnavailable) -> Response:
    resp = error_response(request, 503, "the ledger cannot be written now: %s; try again%s"
                          % (exc.reason, " (%s)" % exc.remedy if exc.remedy else ""))
    resp.headers["Retry-After"] = "10"
    return resp


async def _http_error(request: Request, exc: HTTPException) -> Response:
    return error_response(request, exc.status_code, exc.detail or "error")


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("error serving %s", request.url.path)
    return error_response(request, 500, "the server failed on this request (%s)" % type(exc).__name__)


def create_app(db_path: str | Path, read_only: bool = False, *, max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
               secret: Optional[bytes | str] = None, allowed_hosts: Optional[list[str]] = None,
               settings=None, extractor=None, cache_size: int = 256, create: bool = True,
               warm: bool = True) -> Starlette:
    """The web app over the ledger at ``db_path``.

    ``read_only`` turns uploads off (the ledger is then never opened for writing); ``create=False``
    refuses a path where no ledger exists yet (``serve`` without ``--create``); ``warm`` computes the
    claimants' track records into the cache when the server starts (``workbench.warm``);
    ``allowed_hosts`` guards against DNS rebinding (default: loopback names only);
    ``extractor`` may be given to reuse a loaded ``Extractor`` for uploads; ``cache_size``
    filters keep their totals and facet counts while the ledger is unchanged (0: none).
    """
    from counterclaim.web import api, pages, upload, workbench

    db_path = str(db_path)
    if read_only:
        if not Path(db_path).exists():
            raise LedgerError("no ledger here yet; run `counterclaim ingest` first or drop --read-only", db_path)
        Ledger(db_path, readonly=True).close()   # fail now, not on the first request
    else:
        if not create and not Path(db_path).exists():
            raise LedgerError("no ledger here (run `counterclaim ingest FILE…` or `counterclaim demo` first, "
                              "or pass --create to start an empty one)", db_path)
        with Ledger(db_path) as led:     # create or migrate, so the read-only readers find the schema
            if not led.claim_ratios_fresh():
                from counterclaim.link import track
                track.refresh_ratios(led)    # a ledger from before migration 4, or a series imported by hand
    routes = pages.routes() + workbench.routes() + upload.routes(max_upload_bytes) + api.routes() + [
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders),
                  Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOCAL_HOSTS)]
    pool = LedgerPool(db_path)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if warm:
            threading.Thread(target=workbench.warm, args=(app,), name="counterclaim-warm", daemon=True).start()
        yield
        pool.close()

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers={
        BadParam: _bad_param, LedgerUnavailable: _unavailable, CounterclaimError: _ledger_error, HTTPException: _http_error,
        Exception: _server_error})
    app.state.db_path = db_path
    app.state.read_only = read_only
    app.state.pool = pool
    app.state.summary_cache = SummaryCache(db_path, cache_size)
    app.state.templates = make_templates()
    app.state.csrf = Csrf(secret)
    app.state.max_upload_bytes = max_upload_bytes
    app.state.settings = settings
    app.state.extractor = extractor
    app.state.extractor_lock = threading.Lock()
    app.state.upload_lock = threading.Lock()
    return app
