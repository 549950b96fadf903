"""The analyst's pages in real headless Chromium (Playwright), on the bundled examples (the demo) plus the
imported series and the hand-built records: disputes, quantities, claimants, the timeline's zoom, search,
at 1366 and 420 px with no element wider than the viewport. Screenshots go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_web_browser import ARGS, CHROMIUM, SHOTS, BrowserFakeExtractor, _free_port  # noqa: E402

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                 reason="Debian's chromium is not installed at /usr/bin/chromium")]
playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

import web_fixtures as fx  # noqa: E402

from counterclaim.web.app import create_app  # noqa: E402

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
WIDTHS = (1366, 420)
#: an element sticking out of the viewport, unless a scrolling box of its own clips it
OVERFLOW_JS = """() => {
  const W = document.documentElement.clientWidth, bad = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (!r.width || r.right <= W + 1) continue;
    let p = e.parentElement, clipped = false;
    while (p && p !== document.body) {
      if (getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; }
      p = p.parentElement;
    }
    if (!clipped) bad.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className + ' right=' + Math.round(r.right));
  }
  return {scroll: document.documentElement.scrollWidth, width: W, bad: bad.slice(0, 10)};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("workbench") / "ledger.db"
    extractor = fx.extractor_or_none()
    examples = fx.ingest_examples(path, extractor) if extractor is not None else set()
    ids = fx.build_ledger(path, synthetic=0)
    real_series = (SHARED_DATA / "petroivaniuk-ua-general-staff").is_dir() and (SHARED_DATA / "oryx-scarnecchia").is_dir()
    if real_series:                      # the demo plus the series, as `./run demo` and `series import` make it
        from counterclaim.ledger import Ledger
        from counterclaim.series.genstaff import import_genstaff
        from counterclaim.series.oryx import import_oryx
        with Ledger(path) as led:
            import_genstaff(led, str(SHARED_DATA / "petroivaniuk-ua-general-staff"))
            import_oryx(led, str(SHARED_DATA / "oryx-scarnecchia" / "daily_count.csv"))
    app = create_app(path, extractor=extractor or BrowserFakeExtractor())
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield {"base": "http://127.0.0.1:%d" % port, "ids": ids, "examples": examples, "path": path,
           "real": extractor is not None, "series": real_series}
    srv.should_exit = True
    th.join(10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _page(browser, width, js=True):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=js)
    pg = ctx.new_page()
    pg.problems = []
    pg.on("pageerror", lambda e: pg.problems.append("pageerror: %s" % e))
    pg.on("console", lambda m: m.type == "error" and pg.problems.append("console: " + m.text))
    return ctx, pg


def _sql(server, sql, args=()):
    conn = sqlite3.connect("file:%s?mode=ro" % server["path"], uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def _fits(pg, name, width):
    """Screenshot the page and check that nothing overflows the viewport."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / ("%s-%d.png" % (name, width))), full_page=True)
    got = pg.evaluate(OVERFLOW_JS)
    assert got["bad"] == [] and got["scroll"] <= got["width"], (name, width, got)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_new_page_fits_the_viewport(server, browser, width):
    ids = server["ids"]
    claimant = _sql(server, "SELECT claimant_id FROM claims WHERE claimant_id LIKE 'n:%' "
                            "GROUP BY claimant_id ORDER BY count(*) DESC LIMIT 1")[0][0]
    pages = [("20-claims", "/"), ("21-disputes", "/disputes"),
             ("22-quantity-regional", "/quantity?" + urlencode({"key": "personnel.casualties|UA|war|RU-KRS"})),
             ("23-quantity-national", "/quantity?" + urlencode({"key": "personnel.casualties|RU|war|*"})),
             ("24-claimants", "/claimants"), ("25-claimant-gs", "/claimants/ua.general_staff"),
             ("26-claimant-person", "/claimants/" + quote(claimant)),
             ("27-timeline", "/timeline?metric=personnel.casualties&subject_side=RU"),
             ("28-documents", "/documents"), ("29-search", "/search?q=Huliaipole"), ("30-sources", "/sources"),
             ("31-claim", "/claims/" + ids["total"])]
    # every document of the demo (the bundled examples): threads with long permalinks, claims tables
    pages += [("32-document-%02d" % i, "/documents/" + d) for i, d in enumerate(sorted(server["examples"]))]
    ctx, pg = _page(browser, width)
    for name, url in pages:
        r = pg.goto(server["base"] + url)
        assert r.status == 200, url
        _fits(pg, name, width)
    if width == 1366:   # the claims table: no date or header wraps onto a second line
        pg.goto(server["base"] + "/")
        lines = pg.eval_on_selector_all(
            "table.claims.list th, table.claims.list td.date, table.claims.list td.value",
            """els => els.map(e => { const r = document.createRange(); r.selectNodeContents(e);
                 const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
                 return [e.textContent.trim(), tops.size]; })""")
        assert lines and all(n <= 1 for t, n in lines if t), [(t, n) for t, n in lines if n > 1]
    else:               # on a phone the claims are cards, the table's head is hidden, the filters come after
        pg.goto(server["base"] + "/")
        assert pg.eval_on_selector("table.claims.list thead", "e => getComputedStyle(e).display") == "none"
        first_card = pg.eval_on_selector("tr[data-claim]", "e => e.getBoundingClientRect().top")
        filters = pg.eval_on_selector("aside.filters", "e => e.getBoundingClientRect().top")
        assert first_card < filters
    if width == 1366 and server["examples"]:   # a claimant's claims: the quote gets the room, not the value
        pg.goto(server["base"] + "/claimants/ua.general_staff")
        widths = pg.eval_on_selector_all("#claimant-claims thead th", "els => els.map(e => e.offsetWidth)")
        assert widths[-1] > 2 * max(widths[:-1]), widths
    assert pg.problems == []
    ctx.close()


def test_disputes_page_lists_the_contradiction_revision_and_findings_with_both_quotes(server, browser):
    ctx, pg = _page(browser, 1366)
    pg.goto(server["base"] + "/disputes")
    kinds = pg.eval_on_selector_all("article.dispute", "els => els.map(e => e.dataset.kind)")
    assert {"contradicts", "revises", "parts_vs_total"} <= set(kinds)
    if server["real"]:        # the demo's own: London's 9,500 against Kyiv's 18,600, and the tank increments
        assert "increments_mismatch" in kinds
        assert pg.locator("article.dispute", has_text="9,500").count() >= 1
    for art in pg.query_selector_all("article.dispute"):
        quotes = [q.inner_text() for q in art.query_selector_all("p.quote")]
        assert len(quotes) >= 2 and all(q.strip() for q in quotes)
        assert art.query_selector(".rule").inner_text().startswith("Rule:")
        if art.get_attribute("data-kind") in ("contradicts", "revises"):
            assert art.query_selector(".gap-abs") and art.query_selector(".gap-rel")
    stored = _sql(server, "SELECT count(*) FROM relations WHERE type IN ('contradicts', 'revises')")[0][0] + \
        _sql(server, "SELECT count(*) FROM findings")[0][0]
    assert int(pg.inner_text("#dispute-total").replace(",", "")) == stored == len(kinds)
    # filter by a claimant's name, without its registry key
    pg.fill("#d-claimant", "Defence Ministry")
    pg.click("#d-apply")
    pg.wait_for_url("**claimant=*")
    assert "revises" in pg.eval_on_selector_all("article.dispute", "els => els.map(e => e.dataset.kind)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "32-disputes-filtered-1366.png"), full_page=True)
    assert pg.problems == []
    ctx.close()


def test_a_quantity_from_a_claim_shows_every_claimant_and_no_out_of_scope_series(server, browser):
    ctx, pg = _page(browser, 1366)
    ids = server["ids"]
    pg.goto(server["base"] + "/claims/" + ids["ru"])
    pg.click("#quantity-link")
    pg.wait_for_url("**/quantity?key=*")
    key = pg.inner_text("#quantity-key")
    expected = {r[0] for r in _sql(server, "SELECT DISTINCT claimant_id FROM claims WHERE quantity_key = ?", (key,))}
    shown = set(pg.eval_on_selector_all("a.claimant-of", "els => els.map(e => decodeURIComponent("
                                                         "e.getAttribute('href').slice('/claimants/'.length)))"))
    assert shown == expected
    rows = pg.eval_on_selector_all("#quantity-claims tr[data-claim]", "els => els.map(e => e.dataset.claim)")
    assert set(rows) == {r[0] for r in _sql(server, "SELECT claim_id FROM claims WHERE quantity_key = ?", (key,))}
    assert pg.eval_on_selector_all("g.series-group", "els => els.length") == 0      # Kursk is not the nation
    assert "No independent series is compared" in pg.inner_text("#scope-note")
    if server["real"]:        # the demo's regional toll near Huliaipole: never beside the national total
        pg.goto(server["base"] + "/quantity?" + urlencode({"key": "personnel.casualties|RU|from:2025|UA-23"}))
        assert pg.eval_on_selector_all("g.series-group", "els => els.length") == 0
        names = pg.inner_text("#claimants")
        assert "ua.general_staff" in names and "uk.mod" in names
    pg.goto(server["base"] + "/quantity?" + urlencode({"key": "personnel.casualties|RU|war|*"}))
    assert pg.eval_on_selector_all("g[data-series='genstaff']", "els => els.length") == 1
    assert "licence" in pg.inner_text(".credits")
    pg.click("circle.point")                                      # a point opens its claim
    pg.wait_for_url("**/claims/c_*")
    assert pg.problems == []
    ctx.close()


def test_claimant_page_counts_equal_a_sql_count(server, browser):
    ctx, pg = _page(browser, 1366)
    pg.goto(server["base"] + "/claimants")
    pg.click("a[data-sort='contradicted']")                       # sorted by how often contradicted
    pg.wait_for_url("**sort=-contradicted*")
    top = pg.eval_on_selector("tr[data-claimant]", "e => e.dataset.claimant")
    pg.click("tr[data-claimant] td.claimant a")
    pg.wait_for_url("**/claimants/*")
    # the identities the page counts: its own and a bare surname merged into it ("also counted")
    idents = [top] + pg.eval_on_selector_all("code.alias", "els => els.map(e => e.textContent)")
    mine = "claimant_id IN (%s)" % ",".join("?" * len(idents))
    claims = _sql(server, "SELECT count(*) FROM claims WHERE " + mine, idents)[0][0]
    contradicted = _sql(server, "SELECT count(*) FROM (SELECT src AS c FROM relations WHERE type = 'contradicts' "
                                "UNION SELECT dst FROM relations WHERE type = 'contradicts') WHERE c IN "
                                "(SELECT claim_id FROM claims WHERE %s)" % mine, idents)[0][0]
    first, last = _sql(server, "SELECT min(stated_on), max(stated_on) FROM claims WHERE " + mine, idents)[0]
    assert int(pg.inner_text("#t-claims").replace(",", "")) == claims
    assert int(pg.inner_text("#t-contradicted").replace(",", "")) == contradicted > 0
    assert (pg.inner_text("#t-first"), pg.inner_text("#t-last")) == (first, last)
    assert len(pg.query_selector_all("#claimant-claims tr[data-claim]")) == min(claims, 50)
    # one person written three ways, found by a part of the name
    pg.goto(server["base"] + "/claimants?q=syniehubov")
    assert pg.eval_on_selector_all("tr[data-claimant]", "els => els.map(e => e.dataset.claimant)") == [
        "n:oleh syniehubov"]
    assert pg.problems == []
    ctx.close()


def test_the_timeline_zooms_and_keeps_its_panels_apart(server, browser):
    ctx, pg = _page(browser, 1366)
    pg.goto(server["base"] + "/timeline?metric=personnel.casualties&subject_side=RU")
    panels = pg.eval_on_selector_all("section.panel", "els => els.map(e => e.dataset.panel)")
    assert panels[0] == "total-national" and "total-local" in panels
    if server["series"]:
        assert pg.eval_on_selector_all("#panel-total-local g.series-group", "els => els.length") == 0
        assert pg.eval_on_selector_all("#panel-total-national g[data-series='genstaff']", "els => els.length") == 1
    before = pg.inner_text("#zoom").split(" · ")[0]
    dates = pg.eval_on_selector_all("circle.point", "els => els.map(e => e.dataset.date)")
    pg.click("#zoom-in")
    pg.wait_for_url("**from=*")
    after = pg.inner_text("#zoom").split(" · ")[0]
    lo, hi = after.split(" → ")
    zoomed = pg.eval_on_selector_all("circle.point", "els => els.map(e => e.dataset.date)")
    assert after != before and all(lo <= d <= hi for d in zoomed) and len(zoomed) <= len(dates)
    pg.click("#zoom-out")
    pg.wait_for_url("**from=*")
    assert pg.inner_text("#zoom").split(" · ")[0] != after
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "33-timeline-zoomed-1366.png"), full_page=True)
    assert pg.problems == []
    ctx.close()


def test_search_finds_a_phrase_from_any_page(server, browser):
    ctx, pg = _page(browser, 420)
    pg.goto(server["base"] + "/disputes")
    pg.fill("#site-search", '"recaptured the last settlements"')
    pg.press("#site-search", "Enter")
    pg.wait_for_url("**/search?q=*")
    assert pg.query_selector_all("#search-claims tr[data-claim]")
    assert "recaptured the last settlements" in pg.inner_text("#search-documents")
    _fits(pg, "34-search-phrase", 420)
    assert pg.problems == []
    ctx.close()


def test_the_new_pages_work_without_javascript(server, browser):
    ctx, pg = _page(browser, 1366, js=False)
    for url in ("/disputes", "/claimants", "/claimants/ru.mod", "/documents", "/search?q=tanks",
                "/quantity?" + urlencode({"key": "personnel.casualties|RU|war|*"}),
                "/timeline?metric=personnel.casualties&subject_side=RU&from=2025-04-01&to=2025-05-31"):
        assert pg.goto(server["base"] + url).status == 200, url
        assert pg.inner_text("h1")
    ctx.close()


def test_the_xss_corpus_stays_inert_on_the_new_pages(server, browser):
    ctx, pg = _page(browser, 1366)
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    idents = [r[0] for r in _sql(server, "SELECT DISTINCT claimant_id FROM claims WHERE claimant_id LIKE '%<%' "
                                         "OR claimant_id LIKE '%\"%'")]
    xss = server["ids"]["xss_claims"]
    keys = [r[0] for r in _sql(server, "SELECT DISTINCT quantity_key FROM claims WHERE quantity_key IS NOT NULL AND "
                                       "claim_id IN (%s)" % ",".join("?" * len(xss)), xss)]
    assert idents and keys
    urls = (["/claimants", "/claimants?q=%3Cscript", "/disputes?claimant=%3Cimg", "/documents", "/documents?q=script",
             "/search?q=script", "/search?q=%3Csvg+onload", "/timeline?metric=equipment.tanks"]
            + ["/claimants/" + quote(i, safe="") for i in idents]
            + ["/quantity?" + urlencode({"key": k}) for k in keys])
    for url in urls:
        assert pg.goto(server["base"] + url).status == 200, url
        assert pg.eval_on_selector_all("main script, main img, main iframe, main object, main embed",
                                       "els => els.length") == 0, url
        for el in pg.query_selector_all("main a, main circle.point")[:40]:
            el.hover(force=True, timeout=2000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.goto(server["base"] + "/claimants/" + quote(idents[0], safe=""))
    pg.screenshot(path=str(SHOTS / "35-xss-claimant-1366.png"), full_page=True)
    assert dialogs == [] and pg.problems == []
    ctx.close()
