"""Consistency checks over hand-built claims: the seed's parts vs total, drops, increments."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the shared hand-built claims (pytest runs in importlib mode)
from link_claims import mk  # noqa: E402

from counterclaim.link.consistency import (document_parts_findings, drop_finding, increments_finding,  # noqa: E402
                                           parts_findings)

KRS = dict(loc="RU-KRS", stated="2025-04-26")


def seed_claims():
    total = mk("S", "personnel.casualties", 62400, start="2024", end="2025-04-26", **KRS)
    killed = mk("S", "personnel.killed", 25200, part_of=total.claim_id, n=1, **KRS)
    wounded = mk("S", "personnel.wounded", 36200, part_of=total.claim_id, n=2, **KRS)
    captured = mk("S", "personnel.captured", 983, n=3, stated="2025-04-26")
    returned = mk("S", "personnel.returned", 200, high=999, q="vague", subject="UA", n=4, stated="2025-04-26")
    return total, killed, wounded, captured, returned


def test_seed_parts_vs_total_with_the_captured_nearly_closing_the_gap():
    total, killed, wounded, captured, returned = seed_claims()
    [f] = document_parts_findings([total, killed, wounded, captured, returned])
    assert f.kind == "parts_vs_total"
    assert (f.expected, f.actual, f.gap) == (61400, 62400, 1000)
    assert "25,200 + 36,200 = 61,400 vs 62,400" in f.message
    assert "gap 1,000 (1.6 %)" in f.message
    assert "983 captured" in f.message and "nearly closes" in f.message and "17 left" in f.message
    assert f.claim_ids == (total.claim_id, killed.claim_id, wounded.claim_id, captured.claim_id)


def test_no_sibling_named_when_none_fits():
    total, killed, wounded, _, returned = seed_claims()
    [f] = parts_findings(total, [killed, wounded], [returned])
    assert "nearly" not in f.message and len(f.claim_ids) == 3


def test_parts_that_add_up_are_not_reported():
    total = mk("P", "personnel.returned", 1000, subject="UA", who="ua.president", stated="2025-05-25")
    parts = [mk("P", "personnel.returned", v, subject="UA", who="ua.president", part_of=total.claim_id, n=i)
             for i, v in enumerate((390, 307, 303), 1)]
    assert parts_findings(total, parts) == []
    approx = mk("N", "personnel.casualties", 3000, q="approx", subject="KP")
    assert parts_findings(approx, [mk("N", "personnel.killed", 300, q="approx", subject="KP", n=1),
                                   mk("N", "personnel.wounded", 2690, q="approx", subject="KP", n=2)]) == []


def test_a_single_subgroup_is_no_gap_but_may_exceed_the_total():
    total = mk("T", "personnel.killed", 34, subject="UA")
    assert parts_findings(total, [mk("T", "personnel.killed", 2, subject="UA", n=1)]) == []
    [f] = parts_findings(total, [mk("T", "personnel.killed", 40, subject="UA", n=1)])
    assert f.kind == "parts_exceed_total" and f.gap == -6 and "exceeds the total of 34" in f.message


def test_breakdown_exceeding_its_total():
    total = mk("T", "equipment.tanks", 4, who="ru.mod", side="RU", subject="UA")
    parts = [mk("T", "equipment.tanks", v, who="ru.mod", side="RU", subject="UA", n=i) for i, v in ((1, 3), (2, 2))]
    [f] = parts_findings(total, parts)
    assert f.kind == "parts_exceed_total" and "3 + 2 = 5 exceeds the total of 4" in f.message


def test_drop_of_a_running_total():
    a = mk("A", "equipment.afv", 5181, start="2022-02-24", end="2022-10-12", stated="2022-10-12")
    b = mk("B", "equipment.afv", 5167, start="2022-02-24", end="2022-10-13", stated="2022-10-13")
    f = drop_finding(a, b)
    assert f.kind == "cumulative_drop" and f.gap == -14 and "5,181 on 2022-10-12 to 5,167 on 2022-10-13" in f.message
    assert drop_finding(b, a) is None


def test_increments_that_do_not_add_up():
    t1 = mk("G1", "equipment.tanks", 10241, q="approx", start="2022-02-24", end="2025-03-02", stated="2025-03-02")
    t2 = mk("G2", "equipment.tanks", 10252, q="approx", start="2022-02-24", end="2025-03-03", stated="2025-03-03")
    ok = mk("G2", "equipment.tanks", 11, q="approx", start="2025-03-03", end="2025-03-03", stated="2025-03-03", n=1)
    assert increments_finding(t1, t2, [ok]) is None
    bad = mk("G2", "equipment.tanks", 15, q="approx", start="2025-03-03", end="2025-03-03", stated="2025-03-03", n=1)
    f = increments_finding(t1, t2, [bad])
    assert f.kind == "increments_mismatch" and (f.expected, f.actual, f.gap) == (15, 11, -4)
    assert "(+11)" in f.message and "+15" in f.message


def test_checks_run_when_documents_are_linked(tmp_path):
    """Through the ledger: increments that do not add up, a running total that drops, the seed's gap."""
    from counterclaim.ledger import Ledger
    from counterclaim.link.relate import link_document
    from counterclaim.records import Document

    def bulletin(day, total, inc, n=0):
        d = "2025-03-%02d" % day
        return [mk("G%d" % day, "equipment.tanks", total, q="approx", start="2022-02-24", end=d, stated=d, n=n),
                mk("G%d" % day, "equipment.tanks", inc, q="approx", start=d, end=d, stated=d, n=n + 1)]

    docs = {"G1": bulletin(1, 10233, 7), "G2": bulletin(2, 10241, 8),
            "G3": bulletin(3, 10252, 15),   # +11 in the totals, +15 said
            "G5": bulletin(5, 10250, 2),    # a day missing (no finding for 3->5), and the total went down
            "S": list(seed_claims())}
    with Ledger(tmp_path / "l.db") as led:
        for doc, cs in docs.items():
            led.add(Document(text=doc, doc_id=doc, published=cs[0].stated_on), cs)
            link_document(led, doc)
        found = sorted((f.kind, f.expected, f.actual, f.gap) for f in led.findings())
    assert found == [("cumulative_drop", 10252.0, 10250.0, -2.0),
                     ("increments_mismatch", 15.0, 11.0, -4.0),
                     ("parts_vs_total", 61400.0, 62400.0, 1000.0)]


def test_drops_in_an_imported_series_name_the_correction(tmp_path):
    import json as _json

    from counterclaim.ledger import Ledger
    from counterclaim.link.consistency import series_drops
    from counterclaim.series.genstaff import import_genstaff

    rows = [{"date": "2022-10-12", "tank": 2500, "APC": 5181}, {"date": "2022-10-13", "tank": 2510, "APC": 5167},
            {"date": "2022-10-14", "tank": 2505, "APC": 5172}]
    (tmp_path / "russia_losses_equipment.json").write_text(_json.dumps(rows))
    (tmp_path / "russia_losses_equipment_correction.json").write_text(_json.dumps([{"date": "2022-10-13",
                                                                                   "APC": -25, "tank": 0}]))
    with Ledger(tmp_path / "l.db") as led:
        import_genstaff(led, tmp_path)
        drops = [(f.message, f.gap) for f in series_drops(led)]
    assert drops == [
        ("genstaff's equipment.afv of RU went down from 5,181 on 2022-10-12 to 5,167 on 2022-10-13 (-14); "
         "a correction of -25 is recorded that day", -14.0),
        ("genstaff's equipment.tanks of RU went down from 2,510 on 2022-10-13 to 2,505 on 2022-10-14 (-5); "
         "no correction recorded", -5.0)]
