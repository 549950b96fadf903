"""Relation rules over hand-built claims: repeats, corroborates, contradicts, updates, revises."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the shared hand-built claims (pytest runs in importlib mode)
from link_claims import mk  # noqa: E402

from counterclaim.link.keys import quantity_key  # noqa: E402
from counterclaim.link.relate import Linked, agrees, choose, compatible, relate  # noqa: E402
from counterclaim.records import Value  # noqa: E402

SUMY = dict(who="ua.authorities", subject="UA", loc="UA-59", loc_text="Sumy", start="2025-04-13", end="2025-04-13")


def V(n, q="exact", high=None):
    return Value(n, n if high is None else high, q)


def test_value_compatibility():
    assert compatible(V(880000, "approx"), V(885000))
    assert not compatible(V(880000, "approx"), V(900800))
    assert compatible(V(34, "at_least"), V(35))
    assert not compatible(V(60, "at_least"), V(35))
    assert compatible(V(600, "range", 700), V(650, "approx"))
    assert compatible(V(160, "at_most"), V(100))
    assert not compatible(V(160, "at_most"), V(200, "at_least"))
    # two bare lower bounds are compatible but confirm nothing
    assert compatible(V(34, "at_least"), V(60, "at_least")) and not agrees(V(34, "at_least"), V(60, "at_least"))


def test_revision_of_a_toll_by_the_same_claimant():
    a = mk("A", "personnel.killed", 34, q="at_least", stated="2025-04-13", **SUMY)
    b = mk("B", "personnel.killed", 35, stated="2025-04-15", **SUMY)
    r = relate(a, b)
    assert (r.type, r.src, r.dst) == ("revises", b.claim_id, a.claim_id)
    assert "at least 34" in r.reason and "35" in r.reason and "Sumy" in r.reason
    assert relate(b, a) == r  # the later statement is the source whatever the order


def test_repeat_across_documents_and_none_within_one():
    a = mk("A", "personnel.wounded", 117, stated="2025-04-13", **SUMY)
    b = mk("B", "personnel.wounded", 117, stated="2025-04-13", **SUMY)
    r = relate(a, b)
    assert (r.type, r.src, r.dst) == ("repeats", b.claim_id, a.claim_id)
    assert relate(a, mk("A", "personnel.wounded", 119, stated="2025-04-15", n=3, **SUMY)) is None


def test_updates_and_drop_of_a_running_total():
    g1 = mk("G1", "personnel.casualties", 876720, q="approx", start="2022-02-24", end="2025-03-02", stated="2025-03-02")
    g2 = mk("G2", "personnel.casualties", 878070, q="approx", start="2022-02-24", end="2025-03-03", stated="2025-03-03")
    r = relate(g1, g2)
    assert (r.type, r.src) == ("updates", g2.claim_id) and "+1350" in r.reason
    low = mk("G3", "personnel.casualties", 870000, q="approx", start="2022-02-24", end="2025-03-04", stated="2025-03-04")
    r = relate(g2, low)
    assert r.type == "revises" and "went down" in r.reason


def test_different_claimants_corroborate_or_contradict():
    ua = mk("A", "personnel.killed", 35, stated="2025-04-15", **SUMY)
    ru = mk("B", "personnel.killed", 60, q="at_least", who="ru.mod", side="RU", subject="UA", loc="UA-59",
            loc_text="Sumy", start="2025-04-13", end="2025-04-13", stated="2025-04-14")
    r = relate(ru, ua)
    assert r.type == "contradicts" and "ru.mod says at least 60" in r.reason
    m1 = mk("A", "attack.missiles", 2, stated="2025-04-13", **{**SUMY, "subject": "RU"})
    m2 = mk("B", "attack.missiles", 2, who="ru.mod", side="RU", subject="RU", loc="UA-59", start="2025-04-13",
            end="2025-04-13", stated="2025-04-14")
    assert relate(m1, m2).type == "corroborates"
    # two lower bounds never confirm each other
    assert relate(mk("A", "personnel.killed", 34, q="at_least", stated="2025-04-13", **SUMY), ru) is None


def test_running_totals_of_other_claimants_on_other_days_are_not_compared():
    gs = mk("A", "personnel.casualties", 62400, loc="RU-KRS", start="2024", end="2025-04-26", stated="2025-04-26")
    syr = mk("B", "personnel.casualties", 54000, q="approx", who=None, who_text="Oleksandr Syrskyi", loc="RU-KRS",
             start="2024-08", end="2025-03-12", stated="2025-03-13")
    assert relate(gs, syr) is None
    same_day = mk("C", "personnel.casualties", 40000, who="isw", side=None, loc="RU-KRS", start="2024-08",
                  end="2025-04-26", stated="2025-04-26")
    assert relate(gs, same_day).type == "contradicts"


def test_wildcard_matches_only_agree():
    known = mk("A", "personnel.captured", 983, loc="RU-KRS", stated="2025-04-26", start="2024-08", end="2025-04-26")
    unknown = mk("B", "personnel.captured", 983, who="ua.authorities", stated="2025-04-26")
    assert relate(known, unknown).type == "corroborates"
    other = mk("C", "personnel.captured", 500, who="ru.mod", side="RU", stated="2025-04-26")
    assert relate(known, other) is None


def test_vague_figures_never_contradict():
    a = mk("A", "personnel.killed", 2000, high=9999, q="vague", who="author", subject="UA", start="2022-02",
           end="2025-04-13")
    b = mk("B", "personnel.killed", 12910, q="at_least", who="un.ohchr", side=None, subject="UA", start="2022-02-24",
           end="2025-04-13")
    assert relate(a, b) is None


def test_territory_stances():
    ru = mk("A", "territory.control", None, who="ru.general_staff", side="RU", subject="RU", loc="RU-KRS",
            stated="2025-04-26")
    ru2 = mk("S", "territory.control", None, who="ru.authorities", side="RU", subject="RU", loc="RU-KRS",
             loc_text="Kursk Oblast", stated="2025-04-26")
    ua = mk("A", "territory.control", None, subject="UA", loc="RU-KRS", stated="2025-04-26", n=2)
    assert relate(ru, ua).type == "contradicts"
    assert relate(ru2, ru).type == "corroborates"
    later = mk("L", "territory.control", None, subject="UA", loc="RU-KRS", stated="2025-06-26")
    assert relate(ru, later) is None
    # two different villages in one region are not the same place
    a = mk("A", "territory.control", None, who="ru.mod", side="RU", subject="RU", loc="UA-14", loc_text="Vremevka",
           stated="2025-01-13")
    b = mk("B", "territory.control", None, who=None, who_text="Khortytsia", subject="UA", loc="UA-14",
           loc_text="Shevchenko", stated="2025-01-14")
    assert relate(a, b) is None


def L(c, published=None, seq=0, repeats=False):
    return Linked(c, quantity_key(c), published or c.stated_on, seq, repeats)


def test_choose_links_a_repeat_to_the_earliest_report_only():
    first = mk("A", "personnel.casualties", 62400, loc="RU-KRS", start="2024", end="2025-04-26", stated="2025-04-26")
    second = mk("B", "personnel.casualties", 62400, loc="RU-KRS", start="2024-08", end="2025-04-26",
                stated="2025-04-26")
    ru = mk("C", "personnel.casualties", 80000, who="isw", side=None, loc="RU-KRS", start="2024-08", end="2025-04-26",
            stated="2025-04-26")
    new = mk("D", "personnel.casualties", 62400, loc="RU-KRS", start="2024", end="2025-04-26", stated="2025-04-26")
    cands = [L(first, "2025-04-26", 1), L(second, "2025-04-27", 2, repeats=True), L(ru, "2025-04-26", 3)]
    rels = choose(L(new, "2025-04-28", 9), cands)
    assert [(r.type, r.dst) for r in rels] == [("repeats", first.claim_id)]


def test_choose_links_an_update_to_the_previous_value_and_the_closest_figure():
    ships1 = mk("G1", "equipment.ships", 28, q="approx", start="2022-02-24", end="2025-03-02", stated="2025-03-02")
    subs1 = mk("G1", "equipment.ships", 1, q="approx", start="2022-02-24", end="2025-03-02", stated="2025-03-02", n=1)
    old = mk("G0", "equipment.ships", 28, q="approx", start="2022-02-24", end="2025-03-01", stated="2025-03-01")
    ships2 = mk("G2", "equipment.ships", 28, q="approx", start="2022-02-24", end="2025-03-03", stated="2025-03-03")
    rels = choose(L(ships2, seq=9), [L(old, seq=1), L(ships1, seq=2), L(subs1, seq=3)])
    assert [(r.type, r.dst) for r in rels] == [("updates", ships1.claim_id)]


def test_choose_skips_cross_claimant_links_for_a_superseded_figure():
    ru = mk("B", "personnel.killed", 60, who="ru.mod", side="RU", subject="UA", loc="UA-59", start="2025-04-13",
            end="2025-04-13", stated="2025-04-14")
    revised = mk("C", "personnel.killed", 35, stated="2025-04-15", **SUMY)
    old = mk("A", "personnel.killed", 30, stated="2025-04-13", **SUMY)
    rels = choose(L(old, seq=9), [L(ru, seq=1), L(revised, seq=2)])
    assert [(r.type, r.src, r.dst) for r in rels] == [("revises", revised.claim_id, old.claim_id)]


def test_link_document_reads_claims_only_through_indexes(tmp_path):
    """Incremental: every query on claims while linking one document is an index search, never a scan."""
    from counterclaim.ledger import Ledger
    from counterclaim.link.relate import link_document
    from counterclaim.records import Document

    with Ledger(tmp_path / "l.db") as led:
        for i in range(30):
            d = "2025-03-%02d" % (i % 28 + 1)
            doc = "B%d" % i
            led.add(Document(text=doc, doc_id=doc, published=d),
                    [mk(doc, "equipment.tanks", 10000 + i, start="2022-02-24", end=d, stated=d),
                     mk(doc, "personnel.killed", i, loc_text="Sumy", start=d, end=d, stated=d, n=1),
                     mk(doc, "territory.control", None, who="ru.mod", side="RU", loc="RU-KRS", stated=d, n=2),
                     mk(doc, "personnel.captured", 900 + i, stated=d, n=3)])
            link_document(led, doc)
        statements = []
        led._conn.set_trace_callback(statements.append)
        new = mk("N", "equipment.tanks", 10100, start="2022-02-24", end="2025-03-29", stated="2025-03-29")
        led.add(Document(text="N", doc_id="N", published="2025-03-29"),
                [new, mk("N", "personnel.captured", 950, stated="2025-03-29", n=3)])
        rels = link_document(led, "N")
        led._conn.set_trace_callback(None)
        assert any(r.type == "updates" for r in rels)
        selects = [s for s in statements if s.lstrip().upper().startswith("SELECT") and " claims" in s]
        assert selects
        for sql in selects:
            plan = " / ".join(r[3] for r in led._conn.execute("EXPLAIN QUERY PLAN " + sql))
            assert "SCAN c" not in plan and "SCAN claims" not in plan, (sql, plan)


def test_an_undated_toll_is_revised_by_a_dated_one_covering_its_day():
    undated = mk("A", "personnel.killed", 34, q="at_least", who="ua.authorities", subject="UA", loc="UA-59",
                 stated="2025-04-13")
    dated = mk("B", "personnel.killed", 35, stated="2025-04-15", **SUMY)
    assert relate(undated, dated).type == "revises"
    # the next day's undated figure is not the same toll
    assert relate(mk("C", "personnel.killed", 3, who="ua.authorities", subject="UA", loc="UA-59",
                     stated="2025-04-14"), dated) is None
    # two undated daily figures of one claimant do not revise each other
    a = mk("D", "personnel.casualties", 230, q="at_most", who="ru.mod", side="RU", subject="UA", loc="RU-KRS",
           stated="2025-01-13")
    b = mk("E", "personnel.casualties", 180, q="at_most", who="ru.mod", side="RU", subject="UA", loc="RU-KRS",
           stated="2025-01-14")
    assert relate(a, b) is None


def test_a_bulletin_arriving_late_takes_its_place_in_the_chain(tmp_path):
    from counterclaim.ledger import Ledger
    from counterclaim.link.relate import link_document
    from counterclaim.records import Document

    def bulletin(day, total):
        d = "2025-03-%02d" % day
        return mk("G%d" % day, "equipment.tanks", total, q="approx", start="2022-02-24", end=d, stated=d)

    with Ledger(tmp_path / "l.db") as led:
        for day, total in ((1, 10233), (3, 10252), (2, 10241)):
            c = bulletin(day, total)
            led.add(Document(text=c.doc_id, doc_id=c.doc_id, published=c.stated_on), [c])
            link_document(led, c.doc_id)
        chain = sorted((led.claim(r["src"]).value.low, led.claim(r["dst"]).value.low, r["type"])
                       for r in led.query("SELECT * FROM relations"))
    assert chain == [(10241, 10233, "updates"), (10252, 10241, "updates")]


def test_an_operation_total_restated_a_day_later_repeats_but_an_unchanged_bulletin_updates():
    seed = mk("S", "personnel.casualties", 62400, loc="RU-KRS", start="2024", end="2025-04-26", stated="2025-04-26")
    wire = mk("W", "personnel.casualties", 62400, loc="RU-KRS", start="2024-08", end="2025-04-27",
              stated="2025-04-27")
    assert relate(seed, wire).type == "repeats"
    week = mk("X", "personnel.casualties", 62400, loc="RU-KRS", start="2024-08", end="2025-05-04",
              stated="2025-05-04")
    assert relate(seed, week).type == "updates"
    b1 = mk("G1", "equipment.aircraft", 370, q="approx", start="2022-02-24", end="2025-03-02", stated="2025-03-02")
    b2 = mk("G2", "equipment.aircraft", 370, q="approx", start="2022-02-24", end="2025-03-03", stated="2025-03-03")
    r = relate(b1, b2)
    assert r.type == "updates" and "(+0)" in r.reason


def test_choose_compares_with_each_other_claimants_current_figure():
    ua_first = mk("A", "personnel.killed", 30, stated="2025-04-13", **SUMY)
    ua_revised = mk("B", "personnel.killed", 35, stated="2025-04-15", **SUMY)
    ru = mk("C", "personnel.killed", 30, who="ru.mod", side="RU", subject="UA", loc="UA-59", loc_text="Sumy",
            start="2025-04-13", end="2025-04-13", stated="2025-04-16")
    rels = choose(L(ru, seq=9), [L(ua_first, seq=1), L(ua_revised, seq=2)])
    assert [(r.type, r.dst) for r in rels] == [("contradicts", ua_revised.claim_id)]
