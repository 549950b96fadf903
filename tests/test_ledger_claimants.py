"""Claimant identities: registry keys, name keys without titles, partial and case-insensitive filters,
surnames merged into the one full name of a ledger, and the migration that gives an old ledger its identities."""
from __future__ import annotations

import sqlite3

import pytest

from counterclaim.ledger import ClaimFilter, Ledger
from counterclaim.ledger.claimants import claimant_identity, display_name, merge_aliases, name_key
from counterclaim.ledger.schema import MIGRATIONS, migrate
from counterclaim.records import Actor, Claim, Document, Subject, Value, make_claim_id


@pytest.mark.parametrize("text,key", [
    ("Governor Oleh Syniehubov", "oleh syniehubov"),
    ("Oleh Syniehubov", "oleh syniehubov"),
    ("regional governor Oleh Syniehubov", "oleh syniehubov"),
    ("Kharkiv governor Oleh Syniehubov", "oleh syniehubov"),
    ("The governor of Dnipropetrovsk region, Serhiy Lysak", "serhiy lysak"),
    ("Serhiy Lysak, the governor of Dnipropetrovsk region", "serhiy lysak"),
    ("Russian Defence Minister Andrei Belousov", "andrei belousov"),
    ("губернатор Олег Синєгубов", "олег синєгубов"),
    ("Syniehubov", "syniehubov"),
    # bodies keep their words: a title word inside a body's name is no title
    ("Ukraine's General Staff", "ukraine's general staff"),
    ("Ukraine\u2019s General Staff", "ukraine's general staff"),
    ("the regional military administration", "regional military administration"),
    ("Analysts at the Kyiv-based Centre for Defence Strategies", "analysts at the kyiv-based centre for defence strategies"),
])
def test_name_keys_strip_titles_not_bodies(text, key):
    assert name_key(text) == key


def test_identity_is_the_registry_key_else_the_name_key():
    assert claimant_identity("ua.general_staff", "Ukraine's General Staff") == "ua.general_staff"
    assert claimant_identity("user:helper", "helper") == "user:helper"
    assert claimant_identity("author", "Marta Kovalenko") == "n:marta kovalenko"   # a byline is a person
    assert claimant_identity(None, "Governor Oleh Syniehubov") == "n:oleh syniehubov"
    assert claimant_identity(None, None) is None and claimant_identity(None, "  ") is None


def test_a_surname_is_the_one_full_name_that_ends_with_it():
    assert merge_aliases(["n:syniehubov", "n:oleh syniehubov", "ru.mod"]) == {"n:syniehubov": "n:oleh syniehubov"}
    assert merge_aliases(["n:smith", "n:john smith", "n:jane smith"]) == {}        # ambiguous: kept apart
    assert display_name("n:oleh syniehubov", ["Governor Oleh Syniehubov"]) == "Oleh Syniehubov"
    assert display_name("ua.general_staff", ["Ukraine's General Staff"]) == "ua.general_staff"


def _claim(doc: Document, who, key=None, value=7) -> Claim:
    quote = doc.text
    return Claim(make_claim_id(doc.doc_id, (0, len(quote)), None, "personnel.wounded"), doc.doc_id, "reported",
                 Actor(who, key, "UA"), Subject(None, "UA"), "personnel.wounded", Value(value, value), None, None,
                 "2025-05-15", quote, (0, len(quote)))


@pytest.fixture
def led(tmp_path):
    led = Ledger(tmp_path / "l.db")
    for i, (who, key) in enumerate((("Governor Oleh Syniehubov", None), ("Oleh Syniehubov", None),
                                    ("Syniehubov", None), ("Ihor Klymenko", None), ("Ukraine's General Staff",
                                                                                    "ua.general_staff"))):
        d = Document(text="%s said %d people were injured." % (who, i))
        led.add(d, [_claim(d, who, key, i)])
    yield led
    led.close()


def _who(led, value):
    return sorted(r["claimant_text"] for r in led.claim_rows(ClaimFilter(claimant=value),
                                                             columns=["claimant_text"]))


def test_filters_find_a_claimant_by_any_part_of_any_name(led):
    everyone = ["Governor Oleh Syniehubov", "Oleh Syniehubov", "Syniehubov"]
    assert _who(led, "Syniehubov") == everyone
    assert _who(led, "syniehubov") == everyone                      # case-insensitive
    assert _who(led, "Governor Oleh Syniehubov") == ["Governor Oleh Syniehubov", "Oleh Syniehubov"]
    assert _who(led, "n:oleh syniehubov") == everyone                # an identity brings its bare surname
    # the words as written match too, and bring the claimant's every claim
    assert _who(led, "governor") == ["Governor Oleh Syniehubov", "Oleh Syniehubov"]
    assert _who(led, "ua.general_staff") == ["Ukraine's General Staff"]
    assert _who(led, "General Staff") == ["Ukraine's General Staff"]
    assert _who(led, "nobody at all") == []
    assert sorted(r["claimant_text"] for r in led.claim_rows(
        ClaimFilter(claimant_ids=("n:ihor klymenko",)), columns=["claimant_text"])) == ["Ihor Klymenko"]


def test_names_and_counts_per_identity(led):
    names = led.claimant_names()
    assert names["n:oleh syniehubov"] == ["Governor Oleh Syniehubov", "Oleh Syniehubov"]
    counts = {r["claimant_id"]: r["claims"] for r in led.claimant_counts()}
    assert counts == {"n:oleh syniehubov": 2, "n:syniehubov": 1, "n:ihor klymenko": 1, "ua.general_staff": 1}
    assert led.claimant_counts(["n:syniehubov"])[0]["claims"] == 1


def test_the_migration_gives_an_old_ledger_its_identities(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:2])                                   # a ledger written before identities
    conn.execute("INSERT INTO documents(doc_id, text) VALUES ('d_1', 'x')")
    conn.execute("INSERT INTO claims(claim_id, doc_id, record, kind, claimant_text, quote) "
                 "VALUES ('c_1', 'd_1', '{}', 'reported', 'Governor Oleh Syniehubov', 'x')")
    conn.close()
    with Ledger(path) as led:                                       # opening for writing migrates
        assert led.scalar("SELECT claimant_id FROM claims") == "n:oleh syniehubov"
        assert led.claimant_names() == {"n:oleh syniehubov": ["Governor Oleh Syniehubov"]}
        assert [r["claimant_text"] for r in led.claim_rows(ClaimFilter(claimant="Syniehubov"),
                                                           columns=["claimant_text"])] == ["Governor Oleh Syniehubov"]


def test_linking_takes_one_person_written_two_ways_as_one_claimant():
    """Seven injured from the Governor, then nine from Oleh Syniehubov: his own figure revised, not a
    contradiction between two claimants."""
    from counterclaim.link.relate import relate
    from counterclaim.records import Location, Period

    def told(who, n, text):
        d = Document(text=text)
        c = _claim(d, who, None, n)
        return Claim(**{**c.__dict__, "location": Location("Kharkiv", "UA-63"),
                        "period": Period("2025-05-14", "2025-05-15")})

    a = told("Governor Oleh Syniehubov", 7, "Governor Oleh Syniehubov said seven people were injured.")
    b = told("Oleh Syniehubov", 9, "The injured rose to nine, Oleh Syniehubov said.")
    r = relate(a, b)
    assert r is not None and r.type == "revises" and r.src == b.claim_id
