"""Routes and JSON API of the web UI (Starlette TestClient over a hand-built ledger)."""
from __future__ import annotations

import csv
import io
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_fixtures as fx  # noqa: E402

from counterclaim.errors import LedgerError  # noqa: E402
from counterclaim.ledger import Ledger  # noqa: E402
from counterclaim.records import Actor, Claim, Subject, make_claim_id  # noqa: E402
from counterclaim.web.app import CSP, create_app, http_url  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "ledger.db"
    ids = fx.build_ledger(path)
    return path, ids


@pytest.fixture(scope="module")
def client(built):
    with TestClient(create_app(built[0], read_only=True)) as c:
        yield c


# -- pages --------------------------------------------------------------------------------------

def test_claims_page_lists_filters_and_counts(client, built):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    total = built[1]["counts"]["claims"]
    assert re.search(r'id="total">%s<' % "{:,}".format(total), r.text)
    r = client.get("/", params={"metric": "personnel.casualties", "subject_side": "RU", "sort": "-value"})
    rows = re.findall(r'<tr data-claim="(c_[0-9a-f]+)">', r.text)
    assert rows and built[1]["total"] in rows
    values = [int(v.replace(",", "")) for v in re.findall(r'<td class="num value">([\d,]+)', r.text)]
    assert values == sorted(values, reverse=True)
    # facet counts of metric ignore the metric filter itself, and claimants are counted
    assert re.search(r'data-facet="claimant">.*?ua\.general_staff</a><span class="count">\d+', r.text, re.S)


def test_claims_page_search_date_value_and_paging(client, built):
    r = client.get("/", params={"search": "recaptured settlements"})
    assert re.findall(r'<tr data-claim="(c_[0-9a-f]+)">', r.text) and "recaptured" in r.text
    r = client.get("/", params={"date_from": "2025-04-26", "date_to": "2025-04-27", "min_value": "60000",
                                "max_value": "80000"})
    rows = re.findall(r'<tr data-claim="(c_[0-9a-f]+)">', r.text)
    assert set(rows) == {built[1]["total"], built[1]["ru"], built[1]["national"]}
    r1 = client.get("/", params={"per_page": "10"})
    r2 = client.get("/", params={"per_page": "10", "page": "2"})
    p1 = re.findall(r'<tr data-claim="(c_[0-9a-f]+)">', r1.text)
    p2 = re.findall(r'<tr data-claim="(c_[0-9a-f]+)">', r2.text)
    assert len(p1) == len(p2) == 10 and not set(p1) & set(p2)
    assert 'rel="next"' in r1.text and 'rel="prev"' in r2.text


@pytest.mark.parametrize("params,name", [
    ({"metric": "personnel.nonsense"}, "metric"), ({"kind": "rumour"}, "kind"), ({"side": "UKR"}, "side"),
    ({"date_from": "26/04/2025"}, "date_from"), ({"date_from": "2025-05", "date_to": "2025-04"}, "date_to"),
    ({"min_value": "lots"}, "min_value"), ({"min_value": "10", "max_value": "5"}, "max_value"),
    ({"min_value": "-3"}, "min_value"), ({"sort": "password"}, "sort"), ({"page": "0"}, "page"),
    ({"per_page": "100000"}, "per_page"), ({"search": "x" * 500}, "search"), ({"claimant": "a\x00b"}, "claimant"),
])
def test_bad_parameters_are_400_everywhere(client, params, name):
    r = client.get("/", params=params)
    assert r.status_code == 400 and "parameter" in r.text and name in r.text
    r = client.get("/api/claims", params=params if name not in ("page", "per_page") else {"limit": "0"})
    assert r.status_code == 400
    body = r.json()
    assert body["status"] == 400 and body["error"] and body["param"]
    assert client.get("/claims.csv", params=params).status_code == 400


def test_search_syntax_never_500(client):
    for q in ['"unbalanced', "NOT", "a:b", "*", "(x OR", "tanks AND", "'; DROP TABLE claims; --"]:
        assert client.get("/", params={"search": q}).status_code == 200
        assert client.get("/api/claims", params={"search": q}).status_code == 200


def test_claim_page_highlights_quote_relations_findings_series(client, built):
    ids = built[1]
    r = client.get("/claims/" + ids["total"])
    assert r.status_code == 200
    marks = re.findall(r'<mark class="[^"]*focus[^"]*" data-claims="%s">(.*?)</mark>' % ids["total"], r.text, re.S)
    assert "".join(marks) == ("Ukraine&#39;s General Staff said the Russian military had lost 62,400 soldiers in "
                              "Kursk Oblast since the start of the incursion.")
    assert "Kyiv, April 26." in r.text                       # the surrounding text
    assert 'href="/claims/%s"' % ids["ru"] in r.text and "contradicts" in r.text
    assert "parts_vs_total" in r.text and 'href="/claims/%s"' % ids["killed"] in r.text
    # a figure for Kursk Oblast is never set against the nationwide series (issue 12)
    assert 'id="series-values"' not in r.text and "counts a place (RU-KRS)" in r.text
    assert 'href="/documents/%s?focus=%s#%s"' % (ids["seed_doc"], ids["total"], ids["total"]) in r.text
    r = client.get("/claims/" + ids["national"])          # a nationwide total since the invasion is compared
    m = re.search(r'id="series-values">.*?genstaff</td><td>2025-04-26</td><td class="num">62,300</td>'
                  r'<td class="num">200</td>', r.text, re.S)
    assert m, "series value on the claim's date with the difference"


def test_document_page_and_thread(client, built):
    ids = built[1]
    r = client.get("/documents/" + ids["seed_doc"])
    assert r.status_code == 200
    assert len(re.findall(r"<mark class=\"k-", r.text)) >= 4 and "k-reported" in r.text
    assert 'class="legend' in r.text
    r = client.get("/documents/" + ids["thread"])
    arts = re.findall(r'<article class="comment (d\d)" id="part-(t1_\d)" data-author="([^"]*)"', r.text)
    assert arts == [("d0", "t1_0", "op_user"), ("d0", "t1_1", "skeptic"), ("d2", "t1_2", "helper"), ("d1", "t1_3", "")]
    assert "[deleted]" in r.text
    assert ('<a href="https://oryx.example/list" rel="noopener noreferrer nofollow" target="_blank">'
            in r.text)
    assert 'class="k-speculation"' in r.text or "k-speculation" in r.text


def test_timeline_points_and_series(client, built):
    r = client.get("/timeline", params={"metric": "personnel.casualties", "subject_side": "RU"})
    assert r.status_code == 200
    points = re.findall(r'<circle class="point c\d+"[^>]*data-claim="(c_[0-9a-f]+)" data-date="([\d-]+)" '
                        r'data-value="(\d+)"', r.text)
    ids = {p[0] for p in points}
    assert built[1]["total"] in ids and built[1]["ru"] not in ids       # RU subject only
    assert ("2025-04-26" in {p[1] for p in points}) and "62400" in {p[2] for p in points}
    assert 'data-series="genstaff"' in r.text and r.text.count('class="spt"') == 4
    assert "<title>genstaff · 2025-04-26: 62,300</title>" in r.text
    assert client.get("/timeline", params={"metric": "equipment"}).status_code == 400
    assert client.get("/timeline", params={"metric": "event"}).status_code == 200      # no points: a message


def test_sources_page(client):
    r = client.get("/sources")
    assert r.status_code == 200 and "newswire" in r.text and "synthetic" in r.text
    r = client.get("/sources", params={"source": "newswire"})
    assert "Kursk losses" in r.text and "2025-04-26" in r.text
    assert client.get("/sources", params={"source": "x" * 300}).status_code == 400


def test_unknown_ids_are_404_and_odd_ids_400(client):
    assert client.get("/claims/c_0000").status_code == 404
    assert client.get("/documents/d_0000").status_code == 404
    assert client.get("/claims/%3Cscript%3E").status_code == 400
    assert client.get("/documents/d_1?focus=%3Cb%3E").status_code == 400
    assert client.get("/no/such/page").status_code == 404
    r = client.get("/api/claims/c_0000")
    assert r.status_code == 404 and r.json()["error"].startswith("no claim")


# -- API ----------------------------------------------------------------------------------------

def test_api_claims_filters_and_paging(client, built):
    r = client.get("/api/claims", params={"metric": "personnel.casualties", "claimant": "ua.general_staff",
                                          "limit": 5, "count": "1"})
    body = r.json()
    assert r.status_code == 200 and 0 < len(body["claims"]) <= 5 and body["total"] >= len(body["claims"])
    assert all(c["metric"] == "personnel.casualties" and c["claimant"]["key"] == "ua.general_staff"
               for c in body["claims"])
    assert set(body["claims"][0]) >= {"claim_id", "doc_id", "kind", "claimant", "value", "span", "quote"}
    r2 = client.get("/api/claims", params={"limit": 5, "offset": body["next_offset"] or 0})
    assert r2.status_code == 200
    r = client.get("/api/claims", params={"kind": "speculation"})
    assert {c["kind"] for c in r.json()["claims"]} == {"speculation"}
    r = client.get("/api/claims", params={"location": "RU", "metric": "personnel", "limit": 1000})
    assert all(c["location"]["key"].startswith("RU") for c in r.json()["claims"])


def test_api_claim_document_relations_series_facets(client, built):
    ids = built[1]
    c = client.get("/api/claims/" + ids["total"]).json()
    assert c["claim"]["value"]["low"] == 62400 and c["document"]["doc_id"] == ids["seed_doc"]
    assert c["relations"] == [{"src": ids["ru"], "dst": ids["total"], "type": "contradicts",
                               "reason": "different claimants, incompatible totals"}]
    assert c["findings"][0]["kind"] == "parts_vs_total" and c["series"] == []
    n = client.get("/api/claims/" + ids["national"]).json()
    assert n["series"][0]["value"] == 62300 and n["series"][0]["diff"] == 200
    d = client.get("/api/documents/" + ids["thread"]).json()
    assert len(d["parts"]) == 4 and [x["claim_id"] for x in d["claims"]] == ids["thread_claims"]
    for x in d["claims"]:
        assert d["text"][x["span"][0]:x["span"][1]] == x["quote"]
    rel = client.get("/api/relations", params={"claim_id": ids["total"]}).json()["relations"]
    assert len(rel) == 1 and rel[0]["type"] == "contradicts"
    assert client.get("/api/relations", params={"type": "likes"}).status_code == 400
    assert client.get("/api/relations", params={"limit": "x"}).status_code == 400
    s = client.get("/api/series").json()["series"]
    assert s[0]["series"] == "genstaff" and s[0]["metrics"][0]["points"] == 4
    pts = client.get("/api/series/genstaff", params={"metric": "personnel.casualties", "subject_side": "RU",
                                                      "date_from": "2025-04-20"}).json()["points"]
    assert [p["value"] for p in pts] == [61900, 62300, 62900]
    assert client.get("/api/series/nope").status_code == 404
    assert client.get("/api/series/genstaff", params={"date_from": "yesterday"}).status_code == 400
    f = client.get("/api/facets", params={"facet": "kind"}).json()
    assert {v["value"] for v in f["values"]} >= {"reported", "speculation", "opinion"} and f["capped"] is False
    assert client.get("/api/facets", params={"facet": "password"}).status_code == 400


def test_openapi_describes_every_api_route(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    routes = {re.sub(r":\w+}", "}", r.path) for r in client.app.routes if getattr(r, "path", "").startswith("/api/")}
    assert routes == set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/claims"]["get"]["parameters"]}
    assert names >= {"metric", "claimant", "side", "kind", "location", "date_from", "date_to", "search",
                     "min_value", "max_value", "sort", "limit", "offset"}


def test_downloads_follow_the_view(client, built):
    r = client.get("/claims.csv", params={"metric": "personnel.casualties", "subject_side": "RU", "sort": "-value"})
    assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all(x["metric"] == "personnel.casualties" and x["subject_side"] == "RU" for x in rows)
    assert [int(x["value_low"]) for x in rows] == sorted((int(x["value_low"]) for x in rows), reverse=True)
    j = client.get("/claims.json", params={"kind": "opinion"}).json()
    assert j and {c["kind"] for c in j} == {"opinion"}
    html = client.get("/", params={"kind": "opinion"}).text
    assert 'href="/claims.csv?kind=opinion&amp;sort=-stated_on"' in html


def test_csv_cells_cannot_become_formulas(tmp_path):
    from counterclaim.ledger import Ledger
    from counterclaim.records import Document
    doc = Document(text="=HYPERLINK(\"http://x\") said 5 tanks were lost.")
    c = fx.claim(doc, doc.text, metric="equipment.tanks", low=5)
    with Ledger(tmp_path / "f.db") as led:
        led.add(doc, [c])
    with TestClient(create_app(tmp_path / "f.db", read_only=True)) as cl:
        rows = list(csv.DictReader(io.StringIO(cl.get("/claims.csv").text)))
    assert rows[0]["quote"].startswith("'=HYPERLINK")


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, as a browser's parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, dict(attrs)))


ALLOWED_TAGS = {"html", "head", "meta", "title", "link", "body", "header", "nav", "main", "a", "span", "h1", "h2",
                "h3", "p", "div", "form", "label", "input", "select", "option", "button", "aside", "ul", "li", "section",
                "table", "thead", "tbody", "tr", "th", "td", "mark", "article", "code", "strong", "dl", "dt", "dd",
                "svg", "line", "text", "g", "polyline", "circle"}


# -- safety -------------------------------------------------------------------------------------

def test_xss_corpus_is_escaped_in_every_page(client, built):
    ids = built[1]
    pages = ["/", "/?kind=reported&metric=equipment.tanks", "/documents/" + ids["xss_doc"],
             "/documents/" + ids["xss_thread"], "/sources", "/timeline?metric=equipment.tanks"]
    pages += ["/claims/" + c for c in ids["xss_claims"]]
    # the analyst's pages: every claimant, dispute, quantity and document of the XSS corpus
    pages += ["/disputes", "/disputes?claimant=script", "/claimants", "/claimants?q=%3Cscript", "/documents",
              "/documents?q=script", "/search?q=script", "/search?q=%3Cimg+src%3Dx", "/quantity?key=equipment.tanks%7CRU%7Cwar%7C"
              + quote(ids_xss_location(ids)), "/timeline?metric=equipment.tanks&claimant=script"]
    with Ledger(built[0], readonly=True) as led:
        idents = [r["claimant_id"] for r in led.claimant_counts() if "<" in r["claimant_id"] or "\"" in r["claimant_id"]]
    assert idents
    pages += ["/claimants/" + quote(i, safe="") for i in idents]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        html = r.text
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html, url
        tags = Tags()
        tags.feed(html)
        assert {t for t, _ in tags.seen} <= ALLOWED_TAGS, url
        for tag, attrs in tags.seen:
            assert not [k for k in attrs if k.startswith("on")], (url, tag, attrs)      # no event handler
            href = attrs.get("href")
            if href is None:
                continue
            assert href.startswith(("/", "?", "#", "http://", "https://")), (url, href)
            if href.startswith("http"):
                assert attrs.get("rel") == "noopener noreferrer nofollow", (url, attrs)
    r = client.get("/documents/" + ids["xss_doc"])
    assert "&lt;script&gt;alert(&#39;xss-title&#39;)&lt;/script&gt;" in r.text
    assert "javascript:alert(&#39;xss-cite&#39;)" in r.text              # shown as text, not a link


def ids_xss_location(ids) -> str:
    """The location part of the XSS claims' quantity key (their place is an attack string)."""
    from counterclaim.link.keys import location_part
    from counterclaim.records import Location
    return location_part(Claim("", "", "reported", Actor(), Subject(), None, None, Location(fx.XSS[0]), None, None,
                               "", (0, 0)))


@pytest.mark.parametrize("url,ok", [
    ("https://example.org/a", True), ("http://x.y", True), ("HTTPS://EXAMPLE.ORG", True),
    ("javascript:alert(1)", False), (" javascript:alert(1)", False), ("data:text/html,x", False),
    ("//evil.example", False), ("https://", False), ("http://a b", False), ("ftp://x", False), (None, False),
    ("https://ok.example/\njavascript:", False),
])
def test_http_url(url, ok):
    assert http_url(url) is ok


def test_dns_rebinding_host_is_refused(built):
    with TestClient(create_app(built[0], read_only=True), base_url="http://evil.example") as c:
        assert c.get("/").status_code == 400


def test_pages_use_a_read_only_connection(built):
    app = create_app(built[0], read_only=True)
    led = app.state.pool.get()
    with pytest.raises(Exception):
        led.execute("DELETE FROM claims")
    assert led.scalar("SELECT count(*) FROM claims") == built[1]["counts"]["claims"]


def test_read_only_server_refuses_missing_ledger(tmp_path):
    with pytest.raises(LedgerError):
        create_app(tmp_path / "missing.db", read_only=True)


# -- upload -------------------------------------------------------------------------------------

class FakeExtractor:
    """Stands in for spaCy: one claim per document, its first line, so the upload path is tested fast."""

    def extract(self, doc):
        first = doc.text.split("\n")[0]
        return [Claim(claim_id=make_claim_id(doc.doc_id, (0, len(first)), None, None), doc_id=doc.doc_id,
                      kind="assertion", claimant=Actor(), subject=Subject(), metric=None, value=None, location=None,
                      period=None, stated_on=None, quote=first, span=(0, len(first)))]


def _token(client):
    r = client.get("/upload")
    return re.search(r'name="csrf_token" value="([^"]+)"', r.text).group(1)


def test_upload_ingests_with_csrf_and_size_limit(tmp_path):
    app = create_app(tmp_path / "up.db", max_upload_bytes=2000, extractor=FakeExtractor(), secret="s")
    with TestClient(app) as c:
        tok = _token(c)
        files = {"file": ("../../etc/note.txt", b"Five <b>tanks</b> were lost.\nSecond line.", "text/plain")}
        r = c.post("/upload", data={"csrf_token": tok, "published": "2025-04-26"}, files=files)
        assert r.status_code == 200, r.text
        assert "1 document(s) read, 1 claim(s) extracted" in r.text
        doc_id = re.search(r'href="/documents/(d_[0-9a-f]+)"', r.text).group(1)
        page = c.get("/documents/" + doc_id).text
        assert "Five &lt;b&gt;tanks&lt;/b&gt; were lost." in page
        # the same file again adds nothing
        r = c.post("/upload", data={"csrf_token": tok}, files=files)
        assert "already in the ledger" in r.text
        # CSRF: missing, wrong, and a token without its cookie
        assert c.post("/upload", data={}, files=files).status_code == 403
        assert c.post("/upload", data={"csrf_token": tok + "x"}, files=files).status_code == 403
        c.cookies.clear()
        assert c.post("/upload", data={"csrf_token": tok}, files=files).status_code == 403
        tok = _token(c)
        big = {"file": ("big.txt", b"x" * 5000, "text/plain")}
        r = c.post("/upload", data={"csrf_token": tok}, files=big)
        assert r.status_code == 413
        r = c.post("/upload", data={"csrf_token": tok, "published": "soon"}, files=files)
        assert r.status_code == 400
        r = c.post("/upload", data={"csrf_token": tok}, files={"file": ("empty.txt", b"", "text/plain")})
        assert r.status_code == 400
        assert c.get("/api/claims").json()["claims"][0]["quote"] == "Five <b>tanks</b> were lost."


def test_upload_off_when_read_only(built):
    with TestClient(create_app(built[0], read_only=True)) as c:
        r = c.get("/upload")
        assert r.status_code == 403 and "read-only" in r.text and 'type="file"' not in r.text
        assert c.post("/upload", data={"csrf_token": "x"}, files={"file": ("a.txt", b"a", "text/plain")}
                      ).status_code == 403


def test_counts_follow_new_documents_despite_the_cache(tmp_path):
    from counterclaim.ledger import Ledger
    from counterclaim.ledger.synthetic import synthetic_corpus
    path = tmp_path / "grow.db"
    docs = list(synthetic_corpus(30))
    with Ledger(path) as led:
        for d, cs in docs[:20]:
            led.add(d, cs)
    with TestClient(create_app(path, read_only=True, cache_size=8, warm=False)) as c:
        assert re.search(r'id="total">100<', c.get("/", params={"per_page": 10}).text)
        assert re.search(r'id="total">100<', c.get("/", params={"per_page": 10, "page": 2}).text)
        assert len(c.app.state.summary_cache._items) == 1          # paging reused the counts
        with Ledger(path) as led:                                     # another process writes
            for d, cs in docs[20:]:
                led.add(d, cs)
        assert re.search(r'id="total">150<', c.get("/", params={"per_page": 10, "page": 3}).text)


WEIRD = ["", "-1", "99999999999999999999999999", "\x00", "<script>alert(1)</script>\"'", "1e10",
         "\uff12\uff10\uff12\uff15", "\u00fc" * 300, "NOT *", "\u202e.."]
PARAMS = ["metric", "claimant", "side", "subject_side", "location", "kind", "date_from", "date_to", "search",
          "min_value", "max_value", "sort", "page", "per_page", "limit", "offset", "count", "facet", "type",
          "claim_id", "source", "scale", "focus", "key", "q", "from", "to", "format", "lang"]


@pytest.mark.parametrize("path", ["/", "/timeline", "/sources", "/api/claims", "/api/facets", "/api/relations",
                                  "/api/series/genstaff", "/claims.csv", "/claims.json", "/upload", "/disputes",
                                  "/claimants", "/documents", "/search", "/quantity", "/api/disputes",
                                  "/api/claimants", "/api/documents", "/api/search", "/api/quantity",
                                  "/claimants/ru.mod"])
def test_no_parameter_value_makes_a_500(client, built, path):
    statuses = set()
    for name in PARAMS:
        for v in WEIRD:
            r = client.get(path, params={name: v})
            assert r.status_code in (200, 400, 403, 404), (path, name, v, r.status_code, r.text[:200])
            statuses.add(r.status_code)
            if r.status_code == 400 and path.startswith("/api/"):
                assert r.json()["error"]
    assert 200 in statuses or path in ("/upload", "/quantity", "/api/quantity")


def test_other_methods_and_malformed_bodies(client):
    assert client.post("/").status_code == 405
    assert client.delete("/api/claims").status_code == 405
    assert client.head("/").status_code in (200, 405)
    r = client.post("/upload", content=b"--x\r\nbroken", headers={"content-type": "multipart/form-data; boundary=x"})
    assert r.status_code in (400, 403)


@pytest.mark.parametrize("params", [{"metric": "equipment"}, {"search": "said"}, {"search": "said", "sort": "-value"}, {"kind": "reported", "sort": "value"},
                                    {"side": "UA", "sort": "-value"}, {"metric": "personnel", "sort": "metric"},
                                    {"location": "UA", "sort": "stated_on", "page": "2", "per_page": "7"},
                                    {"claimant": "ru.mod", "sort": "-confidence"}])
def test_walking_the_sort_index_gives_the_same_page(built, params):
    from counterclaim.ledger import Ledger
    from counterclaim.web import listing
    from counterclaim.web.params import parse_query
    q = parse_query(params)
    with Ledger(built[0], readonly=True) as led:
        seen = []
        query = led.query
        led.query = lambda sql, args=(): (seen.append(sql), query(sql, args))[1]
        walked = listing.rows(led, q, total=1000, claims=1000)       # every claim matches: walk when sorting
        led.query = query
        assert walked == listing.rows(led, q) and walked[0]
        if any(s.startswith("EXPLAIN") for s in seen):
            assert any("INDEXED BY" in s and not s.startswith("EXPLAIN") for s in seen) or len(seen) >= 2


def test_long_thread_renders_every_comment_with_its_claim(tmp_path):
    from counterclaim.ledger import Ledger
    n = 1500
    texts = ["Comment %d says %d tanks were hit." % (i, i) for i in range(n)]
    doc = fx.thread_record(texts=texts, authors=["user%d" % i for i in range(n)],
                           urls=["https://reddit.example/c/%d" % i for i in range(n)])
    claims = [fx.claim(doc, t, metric="equipment.tanks", low=i, kind="assertion") for i, t in enumerate(texts)]
    with Ledger(tmp_path / "t.db") as led:
        led.add(doc, claims)
    with TestClient(create_app(tmp_path / "t.db", read_only=True)) as c:
        html = c.get("/documents/" + doc.doc_id).text
    assert html.count('<article class="comment') == n
    marks = re.findall(r'<mark class="k-assertion" data-claims="(c_[0-9a-f]+)">([^<]*)</mark>', html)
    assert [m[1] for m in marks] == texts and [m[0] for m in marks] == [x.claim_id for x in claims]
