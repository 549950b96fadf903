"""http(s) inputs: fetched with a timeout and a size cap, never from a private address by accident.

The host is resolved once and every address checked (loopback, private,
link-local, reserved, multicast, shared and other non-global ranges are refused
unless ``settings.allow_private``); the connection then goes to that checked
address, so a second DNS answer cannot point it elsewhere. Redirects are followed
by hand (at most 5), each target checked the same way. The body is capped at
``settings.max_document_bytes`` and the whole fetch at ``settings.fetch_timeout``.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from counterclaim.errors import IngestError
from counterclaim.ingest.opening import human_size, too_large

MAX_REDIRECTS = 5
USER_AGENT = "counterclaim/0.1 (+https://github.com/counterclaim)"


@dataclass(frozen=True)
class Fetched:
    """A fetched body with what format detection and the HTML reader need to know."""
    body: bytes
    url: str                     #: final URL after redirects
    content_type: str | None     #: media type without parameters
    charset: str | None          #: charset parameter of Content-Type


def is_url(s: str) -> bool:
    return s.lower().startswith(("http://", "https://"))


def fetch(url: str, settings) -> Fetched:
    """GET ``url`` under the settings' limits; IngestError (naming the URL) on any failure."""
    deadline = time.monotonic() + float(settings.fetch_timeout)
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        status, headers, body = _get(current, settings, deadline, origin=url)
        if status in (301, 302, 303, 307, 308) and headers.get("location"):
            current = urljoin(current, headers["location"])
            if not is_url(current):
                raise IngestError("redirect to a non-http URL: %s" % current[:200], url)
            continue
        if status >= 400:
            raise IngestError("HTTP error %d %s" % (status, http.client.responses.get(status, "")), url)
        if status >= 300:
            raise IngestError("HTTP %d without a usable Location" % status, url)
        ctype = headers.get("content-type") or ""
        media = ctype.split(";")[0].strip().lower() or None
        charset = None
        for param in ctype.split(";")[1:]:
            k, _, v = param.partition("=")
            if k.strip().lower() == "charset":
                charset = v.strip().strip("\"'") or None
        return Fetched(body=body, url=current, content_type=media, charset=charset)
    raise IngestError("too many redirects (more than %d)" % MAX_REDIRECTS, url)


def check_address(host: str, port: int, allow_private: bool, origin: str) -> str:
    """The first address ``host`` resolves to, after refusing non-public ones."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise IngestError("cannot resolve host %r: %s" % (host, e.strerror or e), origin) from None
    addrs = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        kind = refused_kind(ip)
        if kind and not allow_private:
            raise IngestError("refused: %s resolves to %s, a %s address (pass --allow-private to allow it)"
                              % (host, ip, kind), origin)
        addrs.append(str(ip))
    if not addrs:
        raise IngestError("cannot resolve host %r" % host, origin)
    return addrs[0]


def refused_kind(ip) -> str | None:
    """Why an address is not a public one (None when it is)."""
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    embedded = getattr(ip, "sixtofour", None)  # 2002::/16 routes to the IPv4 address inside it
    if embedded is not None:
        kind = refused_kind(embedded)
        if kind:
            return "6to4-embedded " + kind
    for attr, kind in (("is_loopback", "loopback"), ("is_link_local", "link-local"),
                       ("is_multicast", "multicast"), ("is_unspecified", "unspecified"),
                       ("is_reserved", "reserved"), ("is_private", "private")):
        if getattr(ip, attr):
            return kind
    return None if ip.is_global else "non-public"


def _get(url: str, settings, deadline: float, origin: str):
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise IngestError("URL has no host", origin)
    tls = parts.scheme.lower() == "https"
    port = parts.port or (443 if tls else 80)
    ip = check_address(host, port, settings.allow_private, origin)
    conn = _connection(tls, host, port, ip, _remaining(deadline, settings, origin))
    path = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    limit = settings.max_document_bytes
    watchdog = None
    try:
        conn.connect()
        sock = conn.sock  # kept: http.client drops conn.sock when the server will close
        # a socket timeout bounds one read only, and a server dripping a byte at a time never
        # trips it: at the deadline the socket is shut, which ends any read in progress
        fired = threading.Event()
        watchdog = threading.Timer(_remaining(deadline, settings, origin), _shut, (sock, fired))
        watchdog.daemon = True
        watchdog.start()
        conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*",
                                           "Accept-Encoding": "identity"})
        resp = conn.getresponse()
        headers = {k.lower(): v for k, v in resp.getheaders()}
        if resp.status >= 300:
            return resp.status, headers, b""
        declared = headers.get("content-length", "")
        if limit and declared.isdigit() and int(declared) > limit:
            raise IngestError(too_large(int(declared), limit), origin)
        chunks, total = [], 0
        while True:
            left = _remaining(deadline, settings, origin)
            try:
                sock.settimeout(left)
            except OSError:  # already handed over to the response; its first timeout still holds
                pass
            chunk = resp.read(64 * 1024)
            if not chunk:
                break
            total += len(chunk)
            if limit and total > limit:
                raise IngestError("too large: more than %s (%d bytes, max_document_bytes)"
                                  % (human_size(limit), limit), origin)
            chunks.append(chunk)
        if fired.is_set():  # the end of the body was the watchdog's shutdown, not the server's
            raise _timed_out(settings, origin)
        return resp.status, headers, _decoded(b"".join(chunks), headers.get("content-encoding", ""), limit, origin)
    except (socket.timeout, TimeoutError):
        raise _timed_out(settings, origin) from None
    except ssl.SSLError as e:
        if time.monotonic() >= deadline:
            raise _timed_out(settings, origin) from None
        raise IngestError("TLS error: %s" % (e.reason or e), origin) from None
    except (ConnectionError, http.client.HTTPException, OSError) as e:
        if time.monotonic() >= deadline:  # the watchdog shut the socket mid-read
            raise _timed_out(settings, origin) from None
        raise IngestError("cannot fetch: %s" % (getattr(e, "strerror", None) or e or type(e).__name__),
                          origin) from None
    finally:
        if watchdog is not None:
            watchdog.cancel()
        conn.close()


def _shut(sock, fired: threading.Event) -> None:
    fired.set()
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _timed_out(settings, origin: str) -> IngestError:
    return IngestError("timed out after %gs (fetch_timeout)" % float(settings.fetch_timeout), origin)


def _decoded(body: bytes, encoding: str, limit: int, origin: str) -> bytes:
    """The body without a gzip/deflate Content-Encoding (sent despite ``identity``), still capped."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise IngestError("unsupported Content-Encoding %r" % encoding, origin)
    d = zlib.decompressobj(32 + zlib.MAX_WBITS)  # gzip or zlib header
    try:
        out = d.decompress(body, limit + 1 if limit else 0)
    except zlib.error as e:
        raise IngestError("corrupt %s body: %s" % (encoding, e), origin) from None
    if limit and (len(out) > limit or d.unconsumed_tail):
        raise IngestError("too large: more than %s (%d bytes, max_document_bytes) once decompressed"
                          % (human_size(limit), limit), origin)
    return out


def _remaining(deadline: float, settings, origin: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _timed_out(settings, origin)
    return left


def _connection(tls: bool, host: str, port: int, ip: str, timeout: float):
    if tls:
        return _PinnedHTTPS(host, port, ip=ip, timeout=timeout, context=ssl.create_default_context())
    return _PinnedHTTP(host, port, ip=ip, timeout=timeout)


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, not to a fresh DNS answer."""

    def __init__(self, host, port, *, ip: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self):
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """TLS to the checked address, with the host name for SNI and certificate checks."""

    def __init__(self, host, port, *, ip: str, timeout: float, context):
        super().__init__(host, port, timeout=timeout, context=context)
        self._ip = ip

    def connect(self):
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
