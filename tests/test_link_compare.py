"""compare and chart over the fixture series and hand-built claims; the chart's data is checked."""
import json
import struct
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))  # the shared hand-built claims (pytest runs in importlib mode)
from link_claims import mk  # noqa: E402

from counterclaim.cli import main  # noqa: E402
from counterclaim.ledger import Ledger  # noqa: E402
from counterclaim.link.chart import chart_data, render  # noqa: E402
from counterclaim.link.compare import compare, ratio_over_time  # noqa: E402
from counterclaim.link.relate import link_document  # noqa: E402
from counterclaim.records import Document  # noqa: E402
from counterclaim.series.genstaff import import_genstaff  # noqa: E402
from counterclaim.series.oryx import import_oryx  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "series"
WAR = dict(q="approx", start="2022-02-24")


def claims():
    return {
        "B1": [mk("B1", "equipment.tanks", 10241, end="2025-03-02", stated="2025-03-02", **WAR),
               mk("B1", "equipment.tanks", 8, q="approx", start="2025-03-02", end="2025-03-02", stated="2025-03-02",
                  n=1),
               mk("B1", "personnel.casualties", 876720, end="2025-03-02", stated="2025-03-02", n=2, **WAR)],
        "W2": [mk("W2", "equipment.tanks", 10250, q="exact", start="2022-02-24", end="2025-03-03", stated="2025-03-03"),
               # a regional figure: no series covers it
               mk("W2", "equipment.tanks", 412, who="ru.general_staff", side="RU", subject="UA", loc="RU-KRS",
                  start="2024-08", end="2025-03-03", stated="2025-03-03", n=1),
               mk("W2", "equipment.tanks", 3771, q="at_least", who="oryx", side=None, start="2022-02",
                  end="2025-03-03", stated="2025-03-03", n=2)],
    }


@pytest.fixture()
def ledger(tmp_path):
    led = Ledger(tmp_path / "c.db")
    import_genstaff(led, FIX / "genstaff")
    import_oryx(led, FIX / "oryx" / "daily_count.csv")
    for doc, cs in claims().items():
        led.add(Document(text=doc, doc_id=doc, published=cs[0].stated_on), cs)
        link_document(led, doc)
    yield led
    led.close()


def test_series_value_and_difference_on_each_claims_date(ledger):
    rows = {(c.doc_id, c.metric, c.increment): c for c in compare(ledger) if c.claimant != "oryx"}
    t = rows[("B1", "equipment.tanks", False)]
    assert t.date == "2025-03-02" and t.figure == 10241
    assert {s.series: (s.date, s.value, s.difference) for s in t.series} == {
        "genstaff": ("2025-03-02", 10241, 0), "oryx": ("2025-03-02", 3771, 10241 - 3771)}
    assert t.oryx_ratio == round(10241 / 3771, 3)
    inc = rows[("B1", "equipment.tanks", True)]  # +8 vs the series' change from 1 to 2 March
    assert [(s.series, s.value, s.difference) for s in inc.series][0] == ("genstaff", 8, 0)
    p = rows[("B1", "personnel.casualties", False)]
    assert [(s.series, s.value) for s in p.series] == [("genstaff", 876720)] and p.oryx_ratio is None
    w = rows[("W2", "equipment.tanks", False)]
    assert w.claimant == "ua.general_staff" and w.series[0].difference == 10250 - 10252
    # the Kursk figure is regional: not covered; Oryx's own claim is compared but is no GS/Oryx ratio
    every = list(compare(ledger))
    assert sorted(c.claimant for c in every if c.doc_id == "W2") == ["oryx", "ua.general_staff"]
    assert [c.oryx_ratio for c in every if c.claimant == "oryx"] == [None]


def test_ratio_over_time(ledger):
    pts = ratio_over_time(ledger, "equipment.tanks", every_days=1)
    assert [(p.date, p.genstaff, p.oryx) for p in pts] == [("2025-03-01", 10233, 3760), ("2025-03-02", 10241, 3771),
                                                           ("2025-03-03", 10252, 3771)]
    assert pts[-1].ratio == round(10252 / 3771, 3)


def test_chart_data_and_what_is_drawn(ledger, tmp_path):
    data = chart_data(ledger, "equipment.tanks", "RU")
    assert data.series["genstaff"] == [("2022-02-25", 80), ("2022-02-26", 146), ("2025-03-01", 10233),
                                       ("2025-03-02", 10241), ("2025-03-03", 10252)]
    assert data.series["oryx"][0] == ("2025-02-27", 3760) and data.series["oryx"][-1] == ("2025-03-03", 3771)
    assert {k: [(d, v) for d, v, _ in pts] for k, pts in data.claims.items()} == {
        "ua.general_staff": [("2025-03-02", 10241), ("2025-03-03", 10250)], "oryx": [("2025-03-03", 3771)]}
    assert data.credits["oryx"].startswith("CC BY 4.0") and data.credits["genstaff"].startswith("MIT")
    out = tmp_path / "tanks.png"
    drawn = render(data, str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", out.read_bytes()[16:24])
    assert (w, h) == (1000, 550)
    assert drawn["genstaff (series)"] == data.series["genstaff"]
    assert drawn["ua.general_staff"] == [("2025-03-02", 10241), ("2025-03-03", 10250)]


def test_cli_compare_check_links(ledger, tmp_path):
    db = str(tmp_path / "c.db")
    r = CliRunner().invoke(main, ["compare", "--db", db, "--format", "json", "--metric", "equipment.tanks",
                                  "--chart", str(tmp_path / "t.png")])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert {c["doc_id"] for c in out["comparisons"]} == {"B1", "W2"}
    assert out["genstaff_oryx_ratio"]["equipment.tanks"][0]["oryx"] == 3760
    assert out["series"]["oryx"]["licence"].startswith("CC BY 4.0")
    assert (tmp_path / "t.png").stat().st_size > 1000
    r = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["compare", "--db", db])
    assert r.exit_code == 0 and "genstaff" in r.output and "10,241" in r.output
    r = CliRunner().invoke(main, ["check", "--db", db])
    assert r.exit_code == 0 and "no findings" in r.output
    cid = claims()["W2"][0].claim_id
    r = CliRunner().invoke(main, ["links", cid[:8], "--db", db])
    assert r.exit_code == 0 and "updates ->" in r.output and "10,241 on 2025-03-02" in r.output


def test_cli_series_import_and_errors(tmp_path):
    db = str(tmp_path / "s.db")
    r = CliRunner().invoke(main, ["series", "import", "genstaff", str(FIX / "genstaff"), "--db", db])
    assert r.exit_code == 0 and "genstaff: 63 points" in r.output and "MIT" in r.output
    r = CliRunner().invoke(main, ["series", "import", "oryx", str(FIX / "oryx"), "--db", db])
    assert r.exit_code == 0 and "CC BY 4.0" in r.output
    r = CliRunner().invoke(main, ["series", "import", "oryx", str(tmp_path / "missing.csv"), "--db", db])
    assert r.exit_code == 1 and "missing.csv" in r.output and "no such file" in r.output
    r = CliRunner().invoke(main, ["compare", "--db", db, "--chart", str(tmp_path / "x.png")])
    assert r.exit_code != 0 and "--metric" in r.output


SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def test_full_series_against_the_dev_bulletins(tmp_path):
    gs, ox = SHARED / "petroivaniuk-ua-general-staff", SHARED / "oryx-scarnecchia"
    if not gs.is_dir() or not ox.is_dir():
        pytest.skip("../shared/data is absent")
    from test_link_dev import gold_documents
    with Ledger(tmp_path / "f.db") as led:
        import_genstaff(led, gs)
        import_oryx(led, ox)
        for doc, cs in gold_documents():
            if doc.doc_id.startswith("gs-bulletin"):
                led.add(doc, cs)
                link_document(led, doc.doc_id)
        rows = [c for c in compare(led) if not c.increment]
        by = {(c.date, c.metric, c.figure): c for c in rows}
        p = by[("2025-03-02", "personnel.casualties", 876720)]
        assert [(s.series, s.value, s.difference) for s in p.series] == [("genstaff", 876720, 0)]
        t = by[("2025-03-03", "equipment.tanks", 10252)]
        # Oryx's tank category is only recorded from 2025-03-21 in this file: no Oryx value yet
        assert [(s.series, s.difference) for s in t.series] == [("genstaff", 0)] and t.oryx_ratio is None
        a = by[("2025-03-03", "equipment.aircraft", 370)]
        gsv = {s.series: s for s in a.series}
        assert gsv["genstaff"].difference == 0
        assert 100 < gsv["oryx"].value < 370 and a.oryx_ratio == round(370 / gsv["oryx"].value, 3)
        incs = {(c.date, c.metric): c for c in compare(led) if c.increment}
        assert [(s.series, s.value) for s in incs[("2025-03-03", "personnel.casualties")].series] == \
            [("genstaff", 1350)]
        ratio = ratio_over_time(led, "equipment.aircraft")
        assert ratio[0].date.startswith("2022") and ratio[-1].date.startswith("2025")
        assert all(p.ratio > 1 for p in ratio)  # claimed losses always above the confirmed ones
        data = chart_data(led, "equipment.tanks", "RU")
        assert data.series["genstaff"][-1] == ("2026-08-08", 12251)
        assert [(d, v) for d, v, _ in data.claims["ua.general_staff"]] == [("2025-03-02", 10241),
                                                                            ("2025-03-03", 10252)]
        drawn = render(data, str(tmp_path / "t.png"))
        assert drawn["ua.general_staff"] == [("2025-03-02", 10241), ("2025-03-03", 10252)]
