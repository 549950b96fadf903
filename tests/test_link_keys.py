"""The quantity key: the same quantity meets across wordings, different quantities do not."""
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the shared hand-built claims (pytest runs in importlib mode)
from link_claims import mk  # noqa: E402

from counterclaim.link.keys import QuantityKey, as_of, keys_meet, lookup_keys, period_class, quantity_key


def test_kursk_total_meets_across_wordings_of_its_start():
    seed = mk("S", "personnel.casualties", 62400, loc="RU-KRS", start="2024", end="2025-04-26", stated="2025-04-26")
    wire = mk("W", "personnel.casualties", 62400, loc="RU-KRS", start="2024-08", end="2025-04-26", stated="2025-04-26")
    assert str(quantity_key(seed)) == "personnel.casualties|RU|from:2024|RU-KRS"
    assert quantity_key(seed) == quantity_key(wire)
    assert quantity_key(seed).cumulative


def test_period_classes():
    def cls(start, end):
        return period_class(mk("D", "personnel.killed", 1, start=start, end=end))
    assert cls("2022-02-24", "2025-03-02") == "war"
    assert cls("2022-02", "2025-03-24") == "war"
    assert cls(None, "2025-03-25") == "war"          # a total to date, start not given
    assert cls("2025-03-02", "2025-03-02") == "day:2025-03-02"   # a bulletin's +N
    assert cls("2025-02-22", "2025-02-23") == "day:2025-02-23"   # overnight
    assert cls("2025-02-16", "2025-02-23") == "win:2025-02-16..2025-02-23"
    assert cls("2025-03", "2025-03") == "win:2025-03..2025-03"
    assert cls("2024-08", None) == "from:2024"
    assert cls(None, None) == "?"


def test_day_increment_and_total_are_different_quantities():
    total = quantity_key(mk("G", "equipment.tanks", 10241, start="2022-02-24", end="2025-03-02"))
    inc = quantity_key(mk("G", "equipment.tanks", 8, start="2025-03-02", end="2025-03-02"))
    assert total != inc and keys_meet(total, inc) is None
    assert total.cumulative and not inc.cumulative


def test_other_subject_metric_or_place_do_not_meet():
    a = quantity_key(mk("A", "personnel.killed", 5, loc="UA-59", start="2025-04-13", end="2025-04-13"))
    assert keys_meet(a, quantity_key(mk("B", "personnel.killed", 5, subject="UA", loc="UA-59",
                                        start="2025-04-13", end="2025-04-13"))) is None
    assert keys_meet(a, quantity_key(mk("B", "personnel.wounded", 5, loc="UA-59",
                                        start="2025-04-13", end="2025-04-13"))) is None
    assert keys_meet(a, quantity_key(mk("B", "personnel.killed", 5, loc="UA-63",
                                        start="2025-04-13", end="2025-04-13"))) is None
    # an unknown place may be the same quantity: a wildcard match (False), not a certain one (True)
    assert keys_meet(a, quantity_key(mk("B", "personnel.killed", 5, start="2025-04-13", end="2025-04-13"))) is False


def test_place_words_are_normalised():
    a = quantity_key(mk("A", "personnel.casualties", 430, loc_text="Pokrovsk direction", start="2025-01-13",
                        end="2025-01-14"))
    b = quantity_key(mk("B", "personnel.casualties", 430, loc_text="the Pokrovsk area", start="2025-01-13",
                        end="2025-01-14"))
    assert a.location == b.location == "t:pokrovsk"


def test_no_key_for_unlinkable_claims():
    assert quantity_key(mk("A", "event", 148, start="2025-03-01", end="2025-03-02")) is None
    assert quantity_key(mk("A", "personnel.killed", 3, kind="speculation")) is None
    assert quantity_key(mk("A", "personnel.killed", 3, subject=None)) is None
    assert quantity_key(mk("A", None, None, kind="opinion")) is None


def test_stance_key_leaves_out_the_subject():
    ru = quantity_key(mk("A", "territory.control", None, who="ru.mod", side="RU", subject="RU", loc="RU-KRS"))
    ua = quantity_key(mk("B", "territory.control", None, subject="UA", loc="RU-KRS"))
    assert ru == ua and ru.stance


def test_same_metric_part_gets_its_own_key_and_inherits_the_period():
    total = mk("A", "personnel.wounded", 117, who="ua.authorities", subject="UA", loc="UA-59",
               start="2025-04-13", end="2025-04-13")
    kids = mk("A", "personnel.wounded", 15, who="ua.authorities", subject="UA", part_of=total.claim_id, n=1)
    k = quantity_key(kids, total)
    assert k.location == "UA-59|part" and k.period == "day:2025-04-13"
    assert keys_meet(k, quantity_key(total)) is None
    assert QuantityKey.parse(str(k)) == k
    killed = mk("A", "personnel.killed", 25200, loc="RU-KRS", part_of="x")
    parent = mk("A", "personnel.casualties", 62400, loc="RU-KRS", start="2024", end="2025-04-26")
    assert str(quantity_key(killed, parent)) == "personnel.killed|RU|from:2024|RU-KRS"


def test_lookup_keys_cover_wildcards():
    k = QuantityKey("equipment.tanks", "RU", "war", "RU-KRS")
    exact, prefixes = lookup_keys(k)
    assert "equipment.tanks|RU|war|*" in exact and "equipment.tanks|RU|?|RU-KRS" in exact and not prefixes
    exact, prefixes = lookup_keys(QuantityKey("equipment.tanks", "RU", "war", "*"))
    assert prefixes == ["equipment.tanks|RU|war|"]


def test_as_of():
    assert as_of(mk("A", "x.y", 1, start="2022-02-24", end="2025-03-02", stated="2025-03-02")) == date(2025, 3, 2)
    assert as_of(mk("A", "x.y", 1, start="2024", end="2025-04", stated="2025-04-26")) == date(2025, 4, 26)
    assert as_of(mk("A", "x.y", 1, stated="2025-04-26")) == date(2025, 4, 26)
    assert as_of(mk("A", "x.y", 1)) is None
