"""The analyst's pages and their API (Starlette TestClient over the hand-built ledger of web_fixtures):
disputes, quantities, claimants, documents, search, the timeline's panels and zoom, sources, serve."""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_fixtures as fx  # noqa: E402

from counterclaim.errors import LedgerError  # noqa: E402
from counterclaim.ledger import Ledger  # noqa: E402
from counterclaim.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("wbweb") / "ledger.db"
    ids = fx.build_ledger(path)
    return path, ids


@pytest.fixture(scope="module")
def client(built):
    with TestClient(create_app(built[0], read_only=True)) as c:
        yield c


def _claims_in(html: str, section_id: str) -> list[str]:
    part = html.split('id="%s"' % section_id, 1)[1]
    return re.findall(r'data-claim="(c_[0-9a-f]+)"', part)


# -- disputes -------------------------------------------------------------------------------------

def test_disputes_page_lists_contradiction_revision_and_finding_with_their_quotes(client, built):
    ids = built[1]
    r = client.get("/disputes")
    assert r.status_code == 200
    kinds = re.findall(r'<article class="dispute d-(\w+)"', r.text)
    assert kinds == ["revises", "contradicts", "parts_vs_total"]              # newest first
    assert "Russia&#39;s Defence Ministry now says Ukraine lost 71,000" in r.text     # both quotes of the revision
    assert "Russia&#39;s Defence Ministry said Ukraine had lost 76,000 soldiers" in r.text
    assert re.search(r'gap <strong class="gap-abs">13,600</strong> · <strong class="gap-rel">17.9 %</strong>', r.text)
    assert re.search(r'gap <strong class="gap-abs">-5,000</strong> · <strong class="gap-rel">-6.6 %</strong>', r.text)
    assert "Rule:</strong> Two claimants&#39; figures" in r.text and "must add up to it" in r.text
    sides = re.findall(r'<section class="side role-([\w-]+)" data-claim="(c_[0-9a-f]+)"', r.text)
    assert ("earlier", ids["ru"]) in sides and ("later", ids["revised"]) in sides
    assert ("total", ids["total"]) in sides and ("part", ids["killed"]) in sides
    assert 'href="/quantity?key=personnel.casualties%7CUA%7Cwar%7CRU-KRS"' in r.text
    assert re.search(r'id="dispute-total">3<', r.text)


@pytest.mark.parametrize("params,kinds", [
    ({"type": "revises"}, ["revises"]), ({"type": "findings"}, ["parts_vs_total"]),
    ({"claimant": "ru.mod"}, ["revises", "contradicts"]), ({"claimant": "defence ministry"}, ["revises", "contradicts"]),
    ({"metric": "personnel.killed"}, ["parts_vs_total"]), ({"location": "RU-KRS", "date_from": "2025-04-28"},
                                                           ["revises"]),
    ({"location": "Kharkiv"}, []), ({"search": "recaptured"}, []),
])
def test_disputes_filter(client, params, kinds):
    r = client.get("/disputes", params=params)
    assert r.status_code == 200
    assert re.findall(r'<article class="dispute d-(\w+)"', r.text) == kinds


def test_disputes_bad_parameters_are_400(client):
    assert client.get("/disputes", params={"type": "rumours"}).status_code == 400
    assert client.get("/disputes", params={"date_from": "yesterday"}).status_code == 400
    assert client.get("/api/disputes", params={"type": "x"}).json()["param"] == "type"


def test_api_disputes(client, built):
    ids = built[1]
    js = client.get("/api/disputes").json()
    assert [d["kind"] for d in js["disputes"]] == ["revises", "contradicts", "parts_vs_total"]
    assert js["counts"] == {"contradicts": 1, "revises": 1, "parts_vs_total": 1} and js["total"] == 3
    c = js["disputes"][1]
    assert c["gap"] == 13600 and round(c["relative"], 3) == 0.179 and "no number satisfies both" in c["rule"]
    assert [s["claim_id"] for s in c["claims"]] == [ids["total"], ids["ru"]]
    assert c["claims"][0]["claim"]["quote"].startswith("Ukraine's General Staff said")
    assert client.get("/api/disputes", params={"limit": 1}).json()["next_page"] == 2


# -- quantities -----------------------------------------------------------------------------------

def test_every_claim_links_its_quantity_and_the_quantity_shows_every_claimant(client, built):
    ids = built[1]
    r = client.get("/claims/" + ids["ru"])
    assert '<a href="/quantity?key=personnel.casualties%7CUA%7Cwar%7CRU-KRS" id="quantity-link">' in r.text
    q = client.get("/quantity", params={"key": "personnel.casualties|UA|war|RU-KRS"})
    assert q.status_code == 200
    shown = set(_claims_in(q.text, "quantity-claims"))
    assert shown >= {ids["ru"], ids["revised"]}                            # (and synthetic ru.mod claims for Kursk)
    assert "No independent series is compared" in q.text and "counts a place (RU-KRS)" in q.text
    assert 'data-series=' not in q.text                                   # never the national series
    assert len(re.findall(r'<circle class="point', q.text)) == len(shown)


def test_a_national_quantity_draws_the_series_and_the_difference(client, built):
    ids = built[1]
    r = client.get("/quantity", params={"key": "personnel.casualties|RU|war|*"})
    assert r.status_code == 200 and 'data-series="genstaff"' in r.text
    assert "genstaff 62,300" in r.text and "+200" in r.text
    assert "licence: test" in r.text                                       # the series credited under the chart
    zoom = client.get("/quantity", params={"key": "personnel.casualties|RU|war|*", "from": "2025-04-25",
                                           "to": "2025-04-28"})
    assert zoom.text.count('class="spt"') == 1 and 'id="zoom-in"' in zoom.text
    js = client.get("/api/quantity", params={"key": "personnel.casualties|RU|war|*"}).json()
    assert js["scope"] == "level" and js["claims"][0]["claim"]["claim_id"] == ids["national"]   # newest first
    assert js["claims"][0]["series"][0] == {"series": "genstaff", "date": "2025-04-26", "value": 62300,
                                            "difference": 200}


@pytest.mark.parametrize("key,status", [(None, 400), ("nonsense", 400), ("a|b|c|d", 404), ("x" * 2400, 400),
                                        ("equipment.tanks|RU|war|\x01", 400)])
def test_quantity_bad_or_unknown_keys(client, key, status):
    assert client.get("/quantity", params={"key": key} if key else {}).status_code == status
    assert client.get("/api/quantity", params={"key": key} if key else {}).status_code == status


# -- claimants ------------------------------------------------------------------------------------

def test_claimants_index_sorts_by_any_figure(client):
    r = client.get("/claimants")
    assert r.status_code == 200
    rows = re.findall(r'<tr data-claimant="([^"]+)">(.*?)</tr>', r.text, re.S)
    claims = [int(re.search(r'data-label="Claims">([\d,]+)<', body).group(1).replace(",", "")) for _, body in rows]
    assert claims == sorted(claims, reverse=True)
    r = client.get("/claimants", params={"sort": "-contradicted"})
    first = re.findall(r'<tr data-claimant="([^"]+)">', r.text)[:2]
    assert set(first) == {"ua.general_staff", "ru.mod"}
    r = client.get("/claimants", params={"sort": "name"})
    names = re.findall(r'<tr data-claimant="[^"]+">\s*<td class="claimant" data-label="Claimant"><a [^>]+>([^<]+)</a>',
                       r.text)
    assert names == sorted(names, key=str.casefold)
    assert client.get("/claimants", params={"sort": "password"}).status_code == 400
    r = client.get("/claimants", params={"q": "SYNIEHUBOV"})
    assert re.findall(r'<tr data-claimant="([^"]+)">', r.text) == ["n:oleh syniehubov"]


def test_claimant_page_counts_equal_sql_counts(client, built):
    with Ledger(built[0], readonly=True) as led:
        claims = led.scalar("SELECT count(*) FROM claims WHERE claimant_id = 'ru.mod'")
        metrics = led.scalar("SELECT count(DISTINCT metric) FROM claims WHERE claimant_id = 'ru.mod'")
        revised = led.scalar("SELECT count(DISTINCT dst) FROM relations WHERE type = 'revises' AND dst IN "
                             "(SELECT claim_id FROM claims WHERE claimant_id = 'ru.mod')")
        contradicted = led.scalar(
            "SELECT count(*) FROM (SELECT src AS c FROM relations WHERE type = 'contradicts' UNION "
            "SELECT dst FROM relations WHERE type = 'contradicts') WHERE c IN "
            "(SELECT claim_id FROM claims WHERE claimant_id = 'ru.mod')")
    r = client.get("/claimants/ru.mod")
    assert r.status_code == 200
    got = {k: int(v.replace(",", "")) for k, v in re.findall(r'<dd id="t-(claims|revised|contradicted)">([\d,]+)', r.text)}
    assert got == {"claims": claims, "revised": revised, "contradicted": contradicted}
    assert re.search(r'<dd id="t-metrics">%d\b' % metrics, r.text)
    assert len(re.findall(r'<article class="dispute', r.text)) == 2
    js = client.get("/api/claimants/ru.mod").json()
    assert (js["claimant"]["claims"], js["claimant"]["revised"]) == (claims, revised) and js["dispute_count"] == 2


def test_one_person_written_three_ways_is_one_claimant(client, built):
    r = client.get("/claimants/" + quote("n:oleh syniehubov"))
    assert r.status_code == 200 and "<h1>Oleh Syniehubov</h1>" in r.text
    assert re.search(r'<dd id="t-claims">3<', r.text)
    assert set(_claims_in(r.text, "claimant-claims")) == set(built[1]["syniehubov"])
    assert client.get("/claimants/" + quote("n:syniehubov")).status_code == 200     # the surname finds him
    assert client.get("/claimants/nobody.here").status_code == 404
    # the claims table finds every one of them by a part of the name
    rows = re.findall(r'<tr data-claim="(c_[0-9a-f]+)">', client.get("/", params={"claimant": "syniehubov"}).text)
    assert set(rows) == set(built[1]["syniehubov"])


def test_api_claimants(client):
    js = client.get("/api/claimants", params={"sort": "-claims", "limit": 3}).json()
    assert len(js["claimants"]) == 3 and js["next_page"] == 2
    counts = [c["claims"] for c in js["claimants"]]
    assert counts == sorted(counts, reverse=True)
    gs = client.get("/api/claimants", params={"q": "general staff"}).json()["claimants"]
    assert [c["claimant_id"] for c in gs] == ["ua.general_staff"]
    assert gs[0]["ratios"][0]["series"] == "genstaff"


# -- documents, search, sources ------------------------------------------------------------------

def test_documents_list_filters(client, built):
    r = client.get("/documents")
    assert r.status_code == 200 and "Kursk losses" in r.text and "Thread: daily losses" in r.text
    r = client.get("/documents", params={"source": "newswire"})
    assert re.findall(r'<tr data-doc="(d_[0-9a-f]+)">', r.text) == [built[1]["seed_doc"]]
    r = client.get("/documents", params={"format": "reddit"})
    assert "Thread: daily losses" in r.text and "Kursk losses" not in r.text
    r = client.get("/documents", params={"date_from": "2025-04-27", "date_to": "2025-04-29", "q": "Moscow"})
    titles = re.findall(r'<td class="title" data-label="Title"><a href="[^"]+">([^<]+)</a>', r.text)
    assert titles == ["Moscow lowers its count", "Moscow&#39;s count"]
    assert client.get("/documents", params={"date_from": "2025/04"}).status_code == 400
    docs = client.get("/api/documents", params={"lang": "en", "limit": 2}).json()
    assert len(docs["documents"]) == 2 and docs["next_page"] == 2


def test_search_finds_a_phrase_in_claims_and_documents(client, built):
    r = client.get("/search", params={"q": '"recaptured the last settlements"'})
    assert r.status_code == 200
    assert _claims_in(r.text, "search-claims") and "Kursk losses" in r.text
    assert '<mark class="hit">' in r.text
    assert 'name="q" id="site-search" value="&#34;recaptured the last settlements&#34;"' in r.text
    assert client.get("/search").status_code == 200
    js = client.get("/api/search", params={"q": "recaptured"}).json()
    assert js["claims_total"] == 1 and js["documents"][0]["title"] == "Kursk losses"
    # the claims page honours ?q= as its full-text search
    rows = re.findall(r'<tr data-claim="(c_[0-9a-f]+)">', client.get("/", params={"q": "recaptured"}).text)
    assert len(rows) == 1


def test_a_search_box_on_every_page(client, built):
    for url in ("/", "/disputes", "/claimants", "/documents", "/timeline", "/sources", "/claims/" + built[1]["total"]):
        assert '<form class="search" method="get" action="/search" role="search">' in client.get(url).text, url


def test_sources_page_links_no_source_properly_and_lists_series_and_licences(client):
    r = client.get("/sources")
    assert "source=None" not in r.text
    assert re.search(r'<table class="plain" id="series">.*?genstaff.*?General Staff \(test\).*?test', r.text, re.S)
    r = client.get("/sources", params={"source": ""})
    assert r.status_code == 200 and "(no source)" in r.text


# -- timeline -------------------------------------------------------------------------------------

def test_timeline_separates_totals_days_and_places(client, built):
    r = client.get("/timeline", params={"metric": "personnel.casualties", "subject_side": "RU"})
    panels = re.findall(r'<section class="panel" id="panel-([\w-]+)"', r.text)
    assert panels == ["total-national", "total-local"]
    national = r.text.split('id="panel-total-national"')[1].split("</section>")[0]
    local = r.text.split('id="panel-total-local"')[1].split("</section>")[0]
    assert built[1]["national"] in national and built[1]["total"] in local
    assert 'data-series="genstaff"' in national and "data-series" not in local
    assert "licence: test" in r.text


def test_timeline_zoom_and_log_scale_without_zero(client, built, tmp_path):
    r = client.get("/timeline", params={"metric": "personnel.casualties", "subject_side": "RU",
                                        "from": "2025-04-25", "to": "2025-04-27"})
    assert r.status_code == 200
    points = re.findall(r'data-claim="(c_[0-9a-f]+)" data-date="([\d-]+)"', r.text)
    assert points and all("2025-04-25" <= d <= "2025-04-27" for _, d in points)
    assert r.text.count('class="spt"') == 1                                # the one series point in range
    for zid in ("zoom-in", "zoom-out", "earlier", "later", "all-dates"):
        assert 'id="%s"' % zid in r.text
    assert client.get("/timeline", params={"from": "2025-05-01", "to": "2025-04-01"}).status_code == 400
    # a correction of 0 has no place on a log scale: it is left out and said so
    d = fx.Document(text="Nobody was killed, the mayor said.", published="2025-05-01")
    zero = fx.claim(d, "Nobody was killed, the mayor said.", metric="personnel.killed", low=0, subject_side="UA",
                    stated_on="2025-05-01", claimant=("the mayor", None, "UA"))
    one = fx.Document(text="Two were killed, the mayor said later.", published="2025-05-02")
    two = fx.claim(one, "Two were killed, the mayor said later.", metric="personnel.killed", low=2,
                   subject_side="UA", stated_on="2025-05-02", claimant=("the mayor", None, "UA"))
    with Ledger(tmp_path / "z.db") as led:
        led.add(d, [zero])
        led.add(one, [two])
    with TestClient(create_app(tmp_path / "z.db", read_only=True)) as c:
        r = c.get("/timeline", params={"metric": "personnel.killed", "scale": "log"})
    assert re.findall(r'data-claim="(c_[0-9a-f]+)"', r.text) == [two.claim_id]
    assert '<span class="hidden-note">1 of 0 not drawn on the log scale</span>' in r.text


# -- serve ----------------------------------------------------------------------------------------

def test_serve_refuses_a_missing_ledger_unless_create(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import uvicorn
    from counterclaim.cli import main

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.db"), "--port", "0"])
    assert r.exit_code == 1 and "missing.db" in r.output and "--create" in r.output
    assert not (tmp_path / "missing.db").exists()
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "new.db"), "--create", "--port", "0"])
    assert r.exit_code == 0, r.output and (tmp_path / "new.db").exists()
    with pytest.raises(LedgerError):
        create_app(tmp_path / "other.db", create=False)


def test_serve_checks_the_port_before_saying_where_it_serves(tmp_path, monkeypatch):
    import socket

    from click.testing import CliRunner

    import uvicorn
    from counterclaim.cli import main

    Ledger(tmp_path / "l.db").close()
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "l.db"), "--port", str(port)])
    assert r.exit_code == 1 and "cannot serve on 127.0.0.1:%d" % port in r.output and "serving" not in r.output


def test_the_server_warms_the_track_records_when_it_starts(built):
    app = create_app(built[0], read_only=True)
    with TestClient(app) as c:
        deadline = time.time() + 10
        while ("track_records",) not in app.state.summary_cache._items and time.time() < deadline:
            time.sleep(0.05)
        assert ("track_records",) in app.state.summary_cache._items
        assert c.get("/claimants").status_code == 200
