"""Links that mean something, in bounded numbers, at a cost that does not grow with the ledger (issue 14).

400 undated documents whose own voice says "3 killed" once gave 9,810 ``corroborates`` relations
("author says 3, author says 3"): every document confirmed every other. Now a claim with no day
links to no other document; a document's own voice is compared with other documents only when
the document names its source (and never with the same source); each claim keeps at most
``PER_TYPE`` relations of a type; each candidate lookup reads at most ``CANDIDATES`` rows.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the shared hand-built claims (pytest runs in importlib mode)
from link_claims import mk  # noqa: E402

from dataclasses import replace  # noqa: E402

import pytest  # noqa: E402

from counterclaim.ledger import Ledger  # noqa: E402
from counterclaim.link import relate as rel  # noqa: E402
from counterclaim.link.relate import link_document  # noqa: E402
from counterclaim.records import Actor, Document  # noqa: E402


def fill(led, n, claim, published=None, source=None, start=0):
    """``n`` documents of one claim each, stored and linked one by one, as an ingest does."""
    for i in range(start, start + n):
        doc = "D%04d" % i
        led.add(Document(text=doc, doc_id=doc, published=published, source=source(i) if source else None),
                [claim(doc, i)])
        link_document(led, doc)


def relation_counts(led):
    return dict(led.relation_counts())


def killed(who="author", stated=None, side=None, value=3, who_text=None):
    def claim(doc, i):
        c = mk(doc, "personnel.killed", value, who=who, side=side, subject="UA", stated=stated,
               who_text=who_text(i) if who_text else None)
        return replace(c, claimant=Actor(None, "author", None)) if who == "author" else c  # the document's voice
    return claim


def test_undated_documents_in_their_own_voice_link_to_nothing(tmp_path):
    with Ledger(tmp_path / "l.db") as led:
        fill(led, 400, killed())
        assert relation_counts(led) == {}


def test_a_documents_own_voice_without_a_source_is_nobody_in_particular(tmp_path):
    with Ledger(tmp_path / "l.db") as led:
        fill(led, 200, killed(stated="2025-05-01"), published="2025-05-01")
        assert relation_counts(led) == {}


def test_the_same_source_never_corroborates_itself(tmp_path):
    with Ledger(tmp_path / "l.db") as led:
        fill(led, 100, killed(stated="2025-05-01"), published="2025-05-01", source=lambda i: "r/ukraine")
        assert relation_counts(led) == {}
        # another outlet saying the same on the same day does corroborate, a few times at most
        fill(led, 1, killed(stated="2025-05-01"), published="2025-05-01", source=lambda i: "Kyiv Post", start=100)
        assert 1 <= relation_counts(led)["corroborates"] <= getattr(rel, "PER_TYPE", 3)


def test_each_claim_keeps_a_few_relations_of_a_type(tmp_path):
    """400 named claimants giving one figure on one day: linear in the documents, not quadratic."""
    with Ledger(tmp_path / "l.db") as led:
        fill(led, 400, killed(who=None, side="UA", stated="2025-05-01", who_text=lambda i: "official %d" % i),
             published="2025-05-01")
        n = relation_counts(led)["corroborates"]
        assert n <= getattr(rel, "PER_TYPE", 3) * 400
        per_src = led.scalar("SELECT max(n) FROM (SELECT count(*) AS n FROM relations GROUP BY src, type)")
        assert per_src <= getattr(rel, "PER_TYPE", 3)


def test_a_known_claimants_undated_figure_links_to_no_other_document():
    a = mk("A", "personnel.killed", 35, who="ua.authorities", subject="UA", loc="UA-59")
    b = mk("B", "personnel.killed", 35, who="ua.authorities", subject="UA", loc="UA-59")
    c = mk("C", "personnel.killed", 35, who="ru.mod", side="RU", subject="UA", loc="UA-59")
    assert rel.relate(a, b) is None and rel.relate(a, c) is None
    dated = [mk(x, "personnel.killed", 35, who=w, side=s, subject="UA", loc="UA-59", stated="2025-04-13")
             for x, w, s in (("A", "ua.authorities", "UA"), ("B", "ua.authorities", "UA"), ("C", "ru.mod", "RU"))]
    assert rel.relate(dated[0], dated[1]).type == "repeats"
    assert rel.relate(dated[0], dated[2]).type == "corroborates"


@pytest.mark.parametrize("key", ["day", "undated-period"])
def test_candidates_read_per_document_do_not_grow_with_the_ledger(tmp_path, key, monkeypatch):
    """The rows linking reads for one new document, with 200 and with 800 claims of the same quantity
    on the same days already stored: the same bounded number (it grew with the ledger before)."""
    seen = []
    real = rel._candidates

    def counting(ledger, new, doc_id):
        got = real(ledger, new, doc_id)
        seen.append(len(got))
        return got

    def claim(doc, i):
        if key == "day":
            return mk(doc, "equipment.tanks", 10 + i % 7, who="ua.general_staff", start="2025-05-01",
                      end="2025-05-01", stated="2025-05-01")
        return mk(doc, "equipment.tanks", 10 + i % 7, who=None, side="UA", who_text="official %d" % i,
                  stated="2025-05-%02d" % (1 + i % 3))

    read = {}
    with Ledger(tmp_path / "l.db") as led:
        total = 0
        for size in (200, 800):
            fill(led, size - total, claim, published="2025-05-01", start=total)
            total = size
            monkeypatch.setattr(rel, "_candidates", counting)
            seen.clear()
            doc = "NEW%d" % size
            led.add(Document(text=doc, doc_id=doc, published="2025-05-02"), [claim(doc, 3)])
            link_document(led, doc)
            monkeypatch.setattr(rel, "_candidates", real)
            read[size] = sum(seen)
    assert read[800] == read[200], read
    assert read[800] <= 8 * getattr(rel, "CANDIDATES", 50)
