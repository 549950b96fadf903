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
