"""The dev documents written to repeat, revise and contradict each other produce exactly those relations.

The claims are the gold claims of ``../shared/eval/dev/gold.jsonl`` (so the test measures linking, not
extraction), stored in a ledger document by document in publication order and linked incrementally.
"""
import json
from pathlib import Path

import pytest

from counterclaim.ledger import Ledger
from counterclaim.link.consistency import check_document
from counterclaim.link.relate import link_document
from counterclaim.records import Actor, Claim, Document, Location, Period, Subject, Value

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"

# (type, src file, metric, value, dst file, metric, value); value None for a statement without a figure
EXPECTED = {
    # Sumy: the toll revised two days later, the earlier figure repeated, Russia's version contradicting it
    ("revises", "wire-sumy-strike-2025-04-15.txt", "personnel.killed", 35,
     "wire-sumy-strike-2025-04-13.txt", "personnel.killed", 34),
    ("revises", "wire-sumy-strike-2025-04-15.txt", "personnel.wounded", 119,
     "wire-sumy-strike-2025-04-13.txt", "personnel.wounded", 117),
    ("repeats", "wire-sumy-strike-2025-04-15.txt", "personnel.wounded", 117,
     "wire-sumy-strike-2025-04-13.txt", "personnel.wounded", 117),
    ("repeats", "wire-sumy-strike-2025-04-15.txt", "personnel.wounded", 15,
     "wire-sumy-strike-2025-04-13.txt", "personnel.wounded", 15),
    ("contradicts", "wire-sumy-strike-2025-04-15.txt", "personnel.killed", 35,
     "wire-sumy-strike-2025-04-15.txt", "personnel.killed", 60),
    ("corroborates", "wire-sumy-strike-2025-04-15.txt", "attack.missiles", 2,
     "wire-sumy-strike-2025-04-13.txt", "attack.missiles", 2),
    # Kursk: the General Staff's tally re-reported the next day; both sides' territory claims
    ("repeats", "wire-kursk-gerasimov-2025-04-27.txt", "personnel.casualties", 62400,
     "seed-kursk-2025-04-26.txt", "personnel.casualties", 62400),
    ("repeats", "wire-kursk-gerasimov-2025-04-27.txt", "personnel.killed", 25200,
     "seed-kursk-2025-04-26.txt", "personnel.killed", 25200),
    ("corroborates", "wire-kursk-gerasimov-2025-04-27.txt", "personnel.captured", 983,
     "seed-kursk-2025-04-26.txt", "personnel.captured", 983),
    ("corroborates", "wire-kursk-gerasimov-2025-04-27.txt", "territory.control", None,
     "seed-kursk-2025-04-26.txt", "territory.control", None),
    ("corroborates", "wire-kursk-gerasimov-2025-04-27.txt", "participation", None,
     "seed-kursk-2025-04-26.txt", "participation", None),
    ("contradicts", "wire-kursk-gerasimov-2025-04-27.txt", "territory.control", None,
     "seed-kursk-2025-04-26.txt", "territory.control", None),
    ("contradicts", "wire-kursk-gerasimov-2025-04-27.txt", "territory.control", None,
     "wire-kursk-gerasimov-2025-04-27.txt", "territory.control", None),
    ("repeats", "thread-kursk-exit.json", "territory.control", None,
     "rumod-statement-2025-03-13.txt", "territory.control", None),
    ("contradicts", "rumod-statement-2025-03-13.txt", "territory.control", None,
     "thread-kursk-exit.json", "territory.control", None),
    # other places where the two sides' claims about who holds a town contradict, and figures disagree
    ("contradicts", "wire-pokrovsk-2025-01-14.txt", "territory.control", None,
     "wire-pokrovsk-2025-01-14.txt", "territory.control", None),
    ("contradicts", "wire-toretsk-2025-02-11.txt", "territory.control", None,
     "wire-toretsk-2025-02-11.txt", "territory.control", None),
    ("contradicts", "wire-belgorod-incursion-2025-03-19.txt", "equipment.afv", 30,
     "wire-belgorod-incursion-2025-03-19.txt", "equipment.afv", 5),
    ("corroborates", "thread-gs-900k.json", "personnel.casualties", 880000,
     "thread-gs-900k.json", "personnel.casualties", 900800),
    # running totals: the two General Staff bulletins, and the same claimants' totals in other documents
    *{("updates", "gs-bulletin-2025-03-03.txt", m, b, "gs-bulletin-2025-03-02.txt", m, a) for m, a, b in (
        ("personnel.casualties", 876720, 878070), ("equipment.tanks", 10241, 10252), ("equipment.afv", 21274, 21290),
        ("equipment.artillery", 23959, 24019), ("equipment.mlrs", 1306, 1306), ("equipment.air_defense", 1091, 1093),
        ("equipment.aircraft", 370, 370), ("equipment.helicopters", 331, 331), ("equipment.uav", 27594, 27655),
        ("equipment.missiles", 3085, 3085), ("equipment.ships", 28, 28), ("equipment.ships", 1, 1),
        ("equipment.vehicles", 39218, 39327), ("equipment.other", 3768, 3768))},
    ("updates", "gs-bulletin-2025-03-02.txt", "personnel.casualties", 876720,
     "page-kyivpost-style-2024-11-20.html", "personnel.casualties", 725740),
    ("updates", "gs-bulletin-2025-03-02.txt", "equipment.tanks", 10241,
     "page-kyivpost-style-2024-11-20.html", "equipment.tanks", 9390),
    ("updates", "gs-bulletin-2025-03-02.txt", "equipment.artillery", 23959,
     "page-kyivpost-style-2024-11-20.html", "equipment.artillery", 20681),
    ("updates", "thread-gs-900k.json", "personnel.casualties", 900800,
     "gs-bulletin-2025-03-03.txt", "personnel.casualties", 878070),
    ("updates", "wire-oryx-tanks-2025-03-25.txt", "equipment.tanks", 10425,
     "gs-bulletin-2025-03-03.txt", "equipment.tanks", 10252),
    ("updates", "analyst-brief-2025-06-05.txt", "personnel.killed", 111387,
     "page-meduza-style-2025-02-24.html", "personnel.killed", 95019),
    *{("updates", "rumod-statement-2025-03-13.txt", m, b, "rumod-statement-2025-01-13.txt", m, a) for m, a, b in (
        ("equipment.aircraft", 652, 659), ("equipment.helicopters", 283, 283), ("equipment.uav", 40128, 46722),
        ("equipment.air_defense", 589, 598), ("equipment.afv", 21231, 22329), ("equipment.mlrs", 1477, 1514),
        ("equipment.artillery", 19996, 21244), ("equipment.vehicles", 30204, 31507))},
    ("updates", "wire-oryx-tanks-2025-03-25.txt", "equipment.afv", 22681,
     "rumod-statement-2025-03-13.txt", "equipment.afv", 22329),
}


def gold_documents():
    """(Document, claims) per gold line; claim ids are ``file#n``, ``part_of`` resolved from ``ref``."""
    if not (DEV / "gold.jsonl").exists():
        pytest.skip("../shared/eval/dev is absent")
    out = []
    for line in open(DEV / "gold.jsonl", encoding="utf-8"):
        g = json.loads(line)
        f = g["file"]
        refs = {c["ref"]: "%s#%d" % (f, i) for i, c in enumerate(g["claims"]) if c.get("ref")}
        claims = []
        for i, c in enumerate(g["claims"]):
            v, cl, loc, per = c.get("value"), c.get("claimant") or {}, c.get("location"), c.get("period")
            claims.append(Claim(
                claim_id="%s#%d" % (f, i), doc_id=f, kind=c["kind"],
                claimant=Actor(text=cl.get("text"), key=cl.get("key"), side=cl.get("side")),
                subject=Subject(side=(c.get("subject") or {}).get("side")), metric=c.get("metric"),
                value=Value(v["low"], v["high"], v.get("qualifier", "exact")) if v else None,
                location=Location(text=loc.get("text"), key=loc.get("key")) if loc else None,
                period=Period(per.get("start"), per.get("end")) if per else None,
                stated_on=c.get("stated_on"), quote=c.get("quote_contains") or "", span=(i, i + 1),
                part_of=refs.get(c.get("part_of"))))
        out.append((Document(text=f, published=g.get("published"), doc_id=f), claims))
    return sorted(out, key=lambda dc: dc[0].published)


@pytest.fixture(scope="module")
def dev_ledger(tmp_path_factory):
    led = Ledger(tmp_path_factory.mktemp("dev") / "dev.db")
    for doc, claims in gold_documents():
        led.add(doc, claims)
        link_document(led, doc.doc_id)
        check_document(led, doc.doc_id)
    yield led
    led.close()


def _describe(led, claim_id):
    c = led.claim(claim_id)
    return c.doc_id, c.metric, c.value.low if c.value else None


def test_exactly_the_expected_relations(dev_ledger):
    got = {(r["type"], *_describe(dev_ledger, r["src"]), *_describe(dev_ledger, r["dst"]))
           for r in dev_ledger.query("SELECT * FROM relations")}
    assert got - EXPECTED == set(), "unexpected relations"
    assert EXPECTED - got == set(), "missing relations"


def test_every_relation_has_a_reason_with_its_figures(dev_ledger):
    rows = {(r["type"], r["src"]): r["reason"] for r in dev_ledger.query("SELECT * FROM relations")}
    assert rows[("revises", "wire-sumy-strike-2025-04-15.txt#0")] == (
        "ua.authorities changed its figure for personnel.killed of UA in Sumy (UA-59) "
        "from at least 34 (stated 2025-04-13) to 35 (stated 2025-04-15)")
    assert "876,720 on 2025-03-02" in rows[("updates", "gs-bulletin-2025-03-03.txt#0")]
    assert all(reason for reason in rows.values())


def test_unrelated_figures_are_not_linked(dev_ledger):
    linked = {r["src"] for r in dev_ledger.query("SELECT src FROM relations")} | \
             {r["dst"] for r in dev_ledger.query("SELECT dst FROM relations")}
    # daily increments of the two bulletins are different quantities (different days)
    assert "gs-bulletin-2025-03-02.txt#1" not in linked and "gs-bulletin-2025-03-03.txt#1" not in linked
    # the 2 children among the Sumy dead, a sub-group, meet nothing
    assert "wire-sumy-strike-2025-04-13.txt#1" not in linked
    # Oryx's confirmed tanks and the General Staff's claimed ones differ by thousands: neither confirmed nor denied
    assert "wire-oryx-tanks-2025-03-25.txt#0" not in linked


def test_findings_on_dev(dev_ledger):
    found = {f.kind: f for f in dev_ledger.findings() if f.claim_ids[0].startswith("seed")}
    f = found["parts_vs_total"]
    assert "25,200 + 36,200 = 61,400 vs 62,400" in f.message and "gap 1,000 (1.6 %)" in f.message
    assert "983 captured" in f.message
    kinds = sorted((f.kind, f.claim_ids[0].split("#")[0]) for f in dev_ledger.findings())
    # the bulletins' increments add up and no running total drops on dev: only the two breakdown gaps
    assert kinds == [("parts_vs_total", "seed-kursk-2025-04-26.txt"),
                     ("parts_vs_total", "wire-air-attack-2025-02-23.txt")]


def test_linking_again_adds_nothing(dev_ledger):
    before = dev_ledger.scalar("SELECT count(*) FROM relations")
    assert before == len(EXPECTED)
    for doc in ("wire-sumy-strike-2025-04-15.txt", "gs-bulletin-2025-03-03.txt"):
        link_document(dev_ledger, doc)
    assert dev_ledger.scalar("SELECT count(*) FROM relations") == before


def test_the_same_relations_when_documents_arrive_in_reverse_order(tmp_path):
    files = {"wire-sumy-strike-2025-04-13.txt", "wire-sumy-strike-2025-04-15.txt", "seed-kursk-2025-04-26.txt",
             "wire-kursk-gerasimov-2025-04-27.txt", "gs-bulletin-2025-03-02.txt", "gs-bulletin-2025-03-03.txt"}
    with Ledger(tmp_path / "rev.db") as led:
        for doc, claims in reversed(gold_documents()):
            if doc.doc_id in files:
                led.add(doc, claims)
                link_document(led, doc.doc_id)
        got = {(r["type"], *_describe(led, r["src"]), *_describe(led, r["dst"]))
               for r in led.query("SELECT * FROM relations")}
    assert got == {e for e in EXPECTED if e[1] in files and e[4] in files}


def test_cli_check_and_links_on_the_dev_ledger(dev_ledger):
    from click.testing import CliRunner

    from counterclaim.cli import main
    db = dev_ledger.path
    r = CliRunner().invoke(main, ["check", "--db", db])
    assert r.exit_code == 0, r.output
    assert "parts_vs_total: 25,200 + 36,200 = 61,400 vs 62,400" in r.output and "gap 1,000 (1.6 %)" in r.output
    assert r.output.count("\ncontradicts: ") + r.output.startswith("contradicts: ") == \
        sum(1 for e in EXPECTED if e[0] == "contradicts")
    assert "ua.authorities says 35, ru.mod says at least 60" in r.output
    r = CliRunner().invoke(main, ["links", "wire-sumy-strike-2025-04-13.txt#0", "--db", db])
    assert r.exit_code == 0, r.output
    assert "revises <- wire-sumy-strike-2025-04-15.txt#0" in r.output and "from at least 34" in r.output
    r = CliRunner().invoke(main, ["links", "c_nothing", "--db", db])
    assert r.exit_code == 1 and "no claim" in r.output
