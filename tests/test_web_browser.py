"""The web UI in real headless Chromium (Playwright) against a uvicorn server on a free loopback port.

The ledger holds the bundled examples (through the real readers and extractor, when the spaCy
model loads) plus hand-built records and an XSS corpus. Screenshots go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                 reason="Debian's chromium is not installed at /usr/bin/chromium "
                                        "(./run setup installs it)")]
playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_fixtures as fx  # noqa: E402

from counterclaim.web.app import create_app  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "ledger.db"
    extractor = fx.extractor_or_none()
    examples = fx.ingest_examples(path, extractor) if extractor is not None else set()
    ids = fx.build_ledger(path, synthetic=0)
    app = create_app(path, extractor=extractor or BrowserFakeExtractor())
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield {"base": "http://127.0.0.1:%d" % port, "ids": ids, "examples": examples, "real_extractor": extractor is not None}
    srv.should_exit = True
    th.join(10)


class BrowserFakeExtractor:
    """Used only when spaCy cannot load: each paragraph becomes an assertion claim."""

    def extract(self, doc):
        from counterclaim.records import Actor, Claim, Subject, make_claim_id
        out, pos = [], 0
        for para in doc.text.split("\n\n"):
            start = doc.text.index(para, pos)
            pos = start + len(para)
            if para.strip():
                out.append(Claim(make_claim_id(doc.doc_id, (start, pos), None, None), doc.doc_id, "assertion",
                                 Actor(), Subject(), None, None, None, None, None, para, (start, pos)))
        return out


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.problems = []                         # dialogs, page errors, console errors
    pg.on("dialog", lambda d: (pg.problems.append("dialog: " + d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.problems.append("pageerror: %s" % e))
    pg.on("console", lambda m: m.type == "error" and pg.problems.append("console: " + m.text))
    yield pg
    ctx.close()


def shot(pg, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / ("%s.png" % name)), full_page=True)


def test_filter_open_claim_follow_to_document_and_timeline(server, page):
    base = server["base"]
    page.goto(base + "/")
    shot(page, "01-claims")
    total_before = page.inner_text("#total")
    # filter the table by the most frequent metric (from the facet counts beside the filter)
    options = page.eval_on_selector_all("#f-metric option", "els => els.map(e => e.value).filter(v => v)")
    assert options
    metric = options[0]
    page.select_option("#f-metric", metric)
    page.select_option("#f-kind", "reported")
    page.click("#apply")
    page.wait_for_url("**metric=*")
    assert "metric=" + metric in page.url and page.inner_text("#total") != total_before
    cells = page.eval_on_selector_all("tr[data-claim] td.metric", "els => els.map(e => e.textContent.trim())")
    assert cells and set(cells) == {metric}
    kinds = page.eval_on_selector_all("tr[data-claim] .badge", "els => els.map(e => e.textContent.trim())")
    assert set(kinds) == {"reported"}
    shot(page, "02-claims-filtered")
    # open a claim: its quote is highlighted inside the surrounding text
    page.click("tr[data-claim] a.claim-link")
    page.wait_for_url("**/claims/c_*")
    claim_id = page.url.rsplit("/", 1)[1]
    quote = page.inner_text("dd.quote")
    focus = "".join(page.eval_on_selector_all("mark.focus", "els => els.map(e => e.textContent)"))
    assert focus == quote
    api = json.loads(page.evaluate("async u => (await fetch(u)).text()", "/api/claims/" + claim_id))
    assert api["claim"]["quote"] == quote and api["claim"]["metric"] == metric
    if server["examples"]:                   # the newest claims are the bundled examples'
        assert api["document"]["doc_id"] in server["examples"]
    shot(page, "03-claim")
    # follow it to its document: the spans marked with this claim read exactly the quote
    page.click("#doc-link")
    page.wait_for_url("**/documents/d_*")
    marked = page.eval_on_selector_all('mark[data-claims~="%s"]' % claim_id, "els => els.map(e => e.textContent)")
    assert "".join(marked) == quote
    assert page.eval_on_selector_all("mark.focus", "els => els.length") == len(marked)
    shot(page, "04-document")
    # the timeline of that metric has one point per dated claim with a value
    page.goto(base + "/timeline?metric=" + metric)
    claims = json.loads(page.evaluate("async u => (await fetch(u)).text()", "/api/claims?limit=1000&metric=" + metric))
    expected = {c["claim_id"] for c in claims["claims"] if c["value"] and (c["stated_on"] or (c["period"] or {}).get("end"))}
    points = page.eval_on_selector_all("circle.point", "els => els.map(e => e.dataset.claim)")
    assert set(points) == expected and len(points) == len(expected)
    tip = page.eval_on_selector("circle.point[data-claim='%s'] title" % claim_id, "e => e.textContent") \
        if claim_id in expected else page.eval_on_selector("circle.point title", "e => e.textContent")
    assert "·" in tip
    shot(page, "05-timeline")
    page.goto(base + "/timeline?metric=personnel.casualties&subject_side=RU")
    assert page.eval_on_selector_all("g[data-series='genstaff'] circle", "els => els.length") == 4
    page.hover("circle.point")
    shot(page, "06-timeline-series")
    page.goto(base + "/sources")
    assert page.eval_on_selector_all("#sources tr", "els => els.length") >= 3
    shot(page, "07-sources")
    page.goto(base + "/documents/" + server["ids"]["thread"])
    authors = page.eval_on_selector_all("#thread .author", "els => els.map(e => e.textContent)")
    assert authors == ["op_user", "skeptic", "helper", "[deleted]"]
    shot(page, "08-thread")
    assert page.problems == []


def test_pages_read_without_javascript(server, browser):
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(server["base"] + "/?kind=reported")
    assert pg.eval_on_selector_all("tr[data-claim]", "els => els.length") > 0   # evaluate works in Playwright
    pg.click("a[rel=next]") if pg.query_selector("a[rel=next]") else None
    pg.goto(server["base"] + "/claims/" + server["ids"]["total"])
    assert "62,400" in pg.inner_text("main")
    ctx.close()


def test_xss_corpus_runs_no_script_and_shows_text_literally(server, page):
    base, ids = server["base"], server["ids"]
    page.goto(base + "/documents/" + ids["xss_doc"])
    body = page.inner_text("#doctext")
    for x in fx.XSS[:5]:
        assert x in body
    assert page.inner_text("h1") == fx.XSS[0]
    assert page.eval_on_selector_all("script, img, iframe, object, embed", "els => els.length") == 0
    assert page.eval_on_selector_all("main svg", "els => els.length") == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if not h.startswith(("/", "#", "http://", "https://"))]
    shot(page, "09-xss-document")
    page.goto(base + "/documents/" + ids["xss_thread"])
    authors = page.eval_on_selector_all("#thread .author", "els => els.map(e => e.textContent)")
    assert authors[:3] == [fx.XSS[0], fx.XSS[2], "<b onmouseover=alert('xss-author')>bold</b>"]
    for a in page.query_selector_all("#thread .author"):
        a.hover()
    links = page.eval_on_selector_all("a[target=_blank]", "els => els.map(e => [e.getAttribute('href'), e.rel])")
    assert links and all(h.startswith(("http://", "https://")) and rel == "noopener noreferrer nofollow"
                         for h, rel in links)
    assert fx.BAD_URLS[1] in page.inner_text("#thread")            # the data: URL shown as text
    shot(page, "10-xss-thread")
    for cid in ids["xss_claims"]:
        page.goto(base + "/claims/" + cid)
        assert page.inner_text("dd.quote") == "".join(
            page.eval_on_selector_all("mark.focus", "els => els.map(e => e.textContent)"))
    page.goto(base + "/?metric=equipment.tanks")
    page.goto(base + "/timeline?metric=equipment.tanks")
    for c in page.query_selector_all("circle.point")[:5]:
        c.hover(force=True, timeout=2000)
    shot(page, "11-xss-timeline")
    assert page.problems == []


def test_upload_through_the_browser_ingests_an_xss_thread(server, page, tmp_path):
    base = server["base"]
    data = fx.reddit_json(
        ["Post body: the General Staff said 1,300 Russian soldiers were lost. " + fx.XSS[0],
         "A comment " + fx.XSS[1] + " see javascript:alert('xss-inline-url')",
         "A reply " + fx.XSS[3] + " with a cite https://example.org/cite",
         fx.XSS[5] + " " + fx.XSS[6][:300]],
        ["op" + fx.XSS[0], "<img src=x onerror=alert('xss-author')>", "fine_user", "[deleted]"],
        fx.XSS[2], ["/r/test/comments/p/x/", "/r/test/comments/p/x/c1/", "javascript:alert('xss-perma')",
                    "/r/test/comments/p/x/c3/"])
    f = tmp_path / "xss-thread.json"
    f.write_bytes(data)
    page.goto(base + "/upload")
    shot(page, "12-upload")
    page.set_input_files("input[type=file]", str(f))
    page.fill("input[name=published]", "2025-05-01")
    page.click("button[type=submit]")
    page.wait_for_selector("#result, #error")
    assert page.query_selector("#result"), page.inner_text("main")
    shot(page, "13-upload-done")
    page.click("#result a")
    page.wait_for_url("**/documents/d_*")
    text = page.inner_text("main")
    assert fx.XSS[0] in text and "<img src=x onerror=alert('xss-author')>" in text
    assert page.eval_on_selector_all("#thread article", "els => els.length") == 4
    assert page.eval_on_selector_all("main img, main script", "els => els.length") == 0
    shot(page, "14-uploaded-thread")
    assert page.problems == []
