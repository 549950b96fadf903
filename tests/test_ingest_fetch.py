"""http(s) inputs against a server this test starts on 127.0.0.1 (loopback only, no real network)."""
import gzip
import http.server
import ipaddress
import threading
import time

import pytest

from counterclaim.errors import IngestError
from counterclaim.ingest import read_inputs
from counterclaim.ingest.fetch import refused_kind
from counterclaim.settings import Settings

ARTICLE = (b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Strike on Odesa</title>"
           b"<meta property='article:published_time' content='2025-01-31T08:00:00+02:00'></head><body>"
           b"<nav><a href='/'>Home</a></nav><article><h1>Strike on Odesa</h1>"
           b"<p>A Russian missile strike on Odesa injured 7 people on Friday, the regional governor said.</p>"
           b"<p>The governor said a historic building in the city centre was damaged.</p></article></body></html>")


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        routes = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE),
            "/notes": (200, "text/plain", b"Kyiv said 9 drones were downed.\n"),
            "/feed": (200, "application/rss+xml", b"<?xml version='1.0'?><rss version='2.0'><channel>"
                      b"<title>F</title><item><title>Kyiv says 3 hurt</title><description>Three were hurt."
                      b"</description></item></channel></rss>"),
            "/big": (200, "text/plain", b"x" * 5000),
        }
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path in ("/gzipped", "/bomb"):
            body = gzip.compress(b"Kyiv said 6 were hurt.\n" if self.path == "/gzipped" else b"z" * 200000)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path == "/nolength":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"y" * 5000)
            return
        status, ctype, body = routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the client hanging up early (size cap, timeout) is what these tests do on purpose


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield "http://127.0.0.1:%d" % httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


ALLOW = Settings(allow_private=True, fetch_timeout=5.0)


def read(url, settings=ALLOW):
    return list(read_inputs([url], settings))


def test_fetch_html_article(server):
    [doc] = read(server + "/article")
    assert doc.format == "html" and doc.title == "Strike on Odesa"
    assert doc.text.startswith("A Russian missile strike on Odesa injured 7 people")
    assert doc.published == "2025-01-31"
    assert doc.url == server + "/article" and doc.path == server + "/article"


def test_loopback_refused_without_allow_private(server):
    [err] = read(server + "/article", Settings())
    assert isinstance(err, IngestError)
    assert str(err) == ("%s/article: refused: 127.0.0.1 resolves to 127.0.0.1, a loopback address "
                        "(pass --allow-private to allow it)" % server)


def test_redirect_followed(server):
    [doc] = read(server + "/moved")
    assert doc.url == server + "/article"


def test_plain_text_and_feed_by_content_type(server):
    [t] = read(server + "/notes")
    assert (t.format, t.text, t.url) == ("text", "Kyiv said 9 drones were downed.", server + "/notes")
    [f] = read(server + "/feed")
    assert (f.format, f.title) == ("feed", "Kyiv says 3 hurt")


def test_http_error(server):
    [err] = read(server + "/missing")
    assert str(err) == "%s/missing: HTTP error 404 Not Found" % server


def test_size_cap_by_header_and_by_body(server):
    small = Settings(allow_private=True, max_document_bytes=1000)
    [err] = read(server + "/big", small)
    assert "too large: 4.9 KB (5000 bytes) exceeds the limit" in str(err)
    [err] = read(server + "/nolength", small)
    assert "too large: more than 1000 bytes" in str(err)


def test_timeout(server):
    [err] = read(server + "/slow", Settings(allow_private=True, fetch_timeout=0.3))
    assert isinstance(err, IngestError) and "timed out after 0.3s" in str(err)


def test_connection_refused():
    [err] = read("http://127.0.0.1:9/")  # discard port: nothing listens
    assert isinstance(err, IngestError) and "cannot fetch" in str(err)


@pytest.mark.parametrize("addr, kind", [("127.0.0.1", "loopback"), ("10.1.2.3", "private"),
                                        ("192.168.0.1", "private"), ("169.254.169.254", "link-local"),
                                        ("::1", "loopback"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
                                        ("::ffff:127.0.0.1", "loopback"), ("100.64.0.1", "non-public"),
                                        ("240.0.0.1", "reserved"), ("8.8.8.8", None)])
def test_refused_kinds(addr, kind):
    assert refused_kind(ipaddress.ip_address(addr)) == kind


def test_gzip_body_decoded_and_capped(server):
    [doc] = read(server + "/gzipped")
    assert doc.text == "Kyiv said 6 were hurt."
    [err] = read(server + "/bomb", Settings(allow_private=True, max_document_bytes=1000))
    assert "too large: more than 1000 bytes (1000 bytes, max_document_bytes) once decompressed" in str(err)


@pytest.fixture
def dripper():
    """A 127.0.0.1 server that sends its answer one byte per 0.2 s (at most 20 s a connection)."""
    import socket

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    srv.settimeout(0.2)
    stop = threading.Event()

    def answer(conn, path):
        if path == b"/body":  # headers at once, then the body a byte at a time
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n")
            data = b"x" * 100
        else:  # the headers themselves a byte at a time
            data = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"y" * 100
        for i in range(len(data)):
            if stop.is_set():
                break
            try:
                conn.sendall(data[i:i + 1])
            except OSError:
                break
            time.sleep(0.2)
        conn.close()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            request = conn.recv(4096).split(b" ")
            threading.Thread(target=answer, args=(conn, request[1] if len(request) > 1 else b"/"),
                             daemon=True).start()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield "http://127.0.0.1:%d" % srv.getsockname()[1]
    stop.set()
    t.join(2)
    srv.close()


@pytest.mark.parametrize("path", ["/body", "/headers"])
def test_one_deadline_for_the_whole_fetch(dripper, path):
    t0 = time.monotonic()
    [err] = read(dripper + path, Settings(allow_private=True, fetch_timeout=1.0))
    took = time.monotonic() - t0
    assert isinstance(err, IngestError) and "timed out after 1s (fetch_timeout)" in str(err)
    assert took < 2.5, took  # a byte every 0.2 s kept a per-read timeout from ever firing


@pytest.mark.parametrize("addr, kind", [("2002:7f00:1::1", "6to4-embedded loopback"),
                                        ("2002:a00:1::1", "6to4-embedded private"),
                                        ("2002:a9fe:a9fe::1", "6to4-embedded link-local"),
                                        ("::ffff:10.0.0.1", "private"), ("::ffff:7f00:1", "loopback"),
                                        ("2002:808:808::1", None)])
def test_6to4_and_mapped_addresses_count_as_what_they_embed(addr, kind):
    assert refused_kind(ipaddress.ip_address(addr)) == kind


def test_6to4_literal_is_refused_before_any_connection():
    from counterclaim.ingest.fetch import check_address
    with pytest.raises(IngestError, match="a 6to4-embedded loopback address"):
        check_address("2002:7f00:1::1", 80, False, "http://[2002:7f00:1::1]/")


class RedirectHandler(Handler):
    def do_GET(self):
        if self.path == "/hop":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.2:%d/article" % self.server.server_address[1])
            self.end_headers()
            return
        super().do_GET()


def test_every_redirect_hop_is_checked(monkeypatch):
    import importlib

    fetch_mod = importlib.import_module("counterclaim.ingest.fetch")  # the package's ``fetch`` is the function
    real = fetch_mod.refused_kind
    # this test's server stands in for a public host: only 127.0.0.1 itself passes the check
    monkeypatch.setattr(fetch_mod, "refused_kind", lambda ip: None if str(ip) == "127.0.0.1" else real(ip))
    httpd = QuietServer(("127.0.0.1", 0), RedirectHandler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        base = "http://127.0.0.1:%d" % httpd.server_address[1]
        [doc] = read(base + "/article", Settings(fetch_timeout=5.0))
        assert doc.title == "Strike on Odesa"
        [err] = read(base + "/hop", Settings(fetch_timeout=5.0))
        assert isinstance(err, IngestError)
        assert "refused: 127.0.0.2 resolves to 127.0.0.2, a loopback address" in str(err)
    finally:
        httpd.shutdown()
        httpd.server_close()
