"""Linking claims extracted by the real Extractor from the dev documents, through the ledger's ingest.

The extractor is still improving, so this test asserts what linking must do on top of it (the
revision, the bulletins' updates, the seed's arithmetic, nothing across unrelated documents), while
``test_link_dev.py`` states every expected relation over the gold claims.
"""
import json
from pathlib import Path

import pytest

from counterclaim.ledger import Ledger
from counterclaim.settings import Settings

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"
FILES = ("wire-sumy-strike-2025-04-13.txt", "wire-sumy-strike-2025-04-15.txt", "gs-bulletin-2025-03-02.txt",
         "gs-bulletin-2025-03-03.txt", "seed-kursk-2025-04-26.txt", "wire-kursk-gerasimov-2025-04-27.txt")
RELATED = ({"wire-sumy-strike-2025-04-13.txt", "wire-sumy-strike-2025-04-15.txt"},
           {"gs-bulletin-2025-03-02.txt", "gs-bulletin-2025-03-03.txt"},
           {"seed-kursk-2025-04-26.txt", "wire-kursk-gerasimov-2025-04-27.txt"})


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    if not (DEV / "gold.jsonl").exists():
        pytest.skip("../shared/eval/dev is absent")
    try:
        from counterclaim.extract import Extractor
        from counterclaim.ingest import read_path
        from counterclaim.service import ingest
    except ImportError as e:
        pytest.skip("extraction or ingest not available: %s" % e)
    published = {json.loads(line)["file"]: json.loads(line)["published"] for line in open(DEV / "gold.jsonl")}
    settings = Settings.from_env()
    docs = []
    for f in sorted(FILES, key=published.get):
        for doc in read_path(str(DEV / f), settings):
            docs.append(doc.with_published(published[f]))
    led = Ledger(tmp_path_factory.mktemp("x") / "x.db")
    stats = ingest(led, docs, Extractor(settings))
    assert not stats.errors
    yield led
    led.close()


def _file(led, claim_id):
    return Path(led.scalar("SELECT d.path FROM claims c JOIN documents d ON d.doc_id = c.doc_id "
                           "WHERE c.claim_id = ?", (claim_id,))).name


def _rel(led, typ):
    return [(led.claim(r["src"]), led.claim(r["dst"])) for r in
            led.query("SELECT src, dst FROM relations WHERE type = ?", (typ,))]


def test_seed_parts_vs_total_through_ingest(ledger):
    found = [f for f in ledger.findings() if f.kind == "parts_vs_total" and f.actual == 62400]
    assert len(found) == 1
    f = found[0]
    assert (f.expected, f.gap) == (61400, 1000)
    assert "25,200 + 36,200 = 61,400 vs 62,400" in f.message and "gap 1,000 (1.6 %)" in f.message
    assert "983 captured" in f.message


def test_sumy_toll_revised(ledger):
    pairs = {(a.metric, a.value.low, b.value.low) for a, b in _rel(ledger, "revises")}
    assert ("personnel.killed", 35, 34) in pairs


def test_kursk_tally_repeated_by_the_next_days_wire(ledger):
    pairs = {(a.metric, a.value.low, b.value.low, _file(ledger, b.claim_id)) for a, b in _rel(ledger, "repeats")}
    assert ("personnel.casualties", 62400, 62400, "seed-kursk-2025-04-26.txt") in pairs


def test_bulletins_update_the_running_totals(ledger):
    pairs = {(a.metric, a.value.low, b.value.low) for a, b in _rel(ledger, "updates")}
    assert ("personnel.casualties", 878070, 876720) in pairs
    assert ("equipment.tanks", 10252, 10241) in pairs
    assert ("equipment.uav", 27655, 27594) in pairs


def test_nothing_links_unrelated_documents(ledger):
    for r in ledger.query("SELECT src, dst, type FROM relations"):
        pair = {_file(ledger, r["src"]), _file(ledger, r["dst"])}
        assert len(pair) == 1 or pair in RELATED, (r["type"], pair)


def test_a_bulletin_whose_increment_does_not_add_up(tmp_path):
    """The 3 March bulletin rewritten to say +15 tanks while its total rose by 11."""
    if not (DEV / "gold.jsonl").exists():
        pytest.skip("../shared/eval/dev is absent")
    from counterclaim.extract import Extractor
    from counterclaim.ingest import read_path
    from counterclaim.service import ingest
    text = (DEV / "gs-bulletin-2025-03-03.txt").read_text(encoding="utf-8")
    assert "10,252 (+11)" in text
    (tmp_path / "b3.txt").write_text(text.replace("10,252 (+11)", "10,252 (+15)"), encoding="utf-8")
    settings = Settings.from_env()
    docs = [d.with_published(p) for f, p in ((DEV / "gs-bulletin-2025-03-02.txt", "2025-03-02"),
                                             (tmp_path / "b3.txt", "2025-03-03")) for d in read_path(str(f), settings)]
    with Ledger(tmp_path / "b.db") as led:
        ingest(led, docs, Extractor(settings))
        found = [f for f in led.findings() if f.kind == "increments_mismatch"]
    assert [(f.expected, f.actual, f.gap) for f in found] == [(15.0, 11.0, -4.0)]
    assert "equipment.tanks went from 10,241 on 2025-03-02 to 10,252 on 2025-03-03 (+11)" in found[0].message
