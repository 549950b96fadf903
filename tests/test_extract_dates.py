"""Dates: explicit and relative phrases, their kinds and ISO values at the text's precision."""
from __future__ import annotations

import json

import pytest

from counterclaim.errors import VocabError
from counterclaim.extract import dates, lexicon
from counterclaim.extract.dates import find_dates, load_dates, shift_day


def one(text, published, **kw):
    found = find_dates(text, published, **kw)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start:m.end] == m.text
    return m.text, m.kind, m.start_date, m.end_date


def got(text, published, **kw):
    return [(m.text, m.kind, m.start_date, m.end_date) for m in find_dates(text, published, **kw)]


# published Tuesday 2025-01-14
@pytest.mark.parametrize("phrase,day", [
    ("on Sunday", "2025-01-12"), ("on Monday", "2025-01-13"),
    ("on Tuesday", "2025-01-14"),            # the publication weekday is the publication day itself
    ("on Wednesday", "2025-01-08"), ("last Tuesday", "2025-01-07"), ("on Sunday morning", "2025-01-12"),
    ("yesterday", "2025-01-13"), ("today", "2025-01-14"),
])
def test_weekdays_and_relative_days(phrase, day):
    _, kind, start, end = one("Officials said %s that losses rose." % phrase, "2025-01-14")
    assert (kind, start, end) == ("point", day, day)


@pytest.mark.parametrize("text,published,expected", [
    ("He spoke on April 26.", "2025-04-26", ("on April 26", "point", "2025-04-26", "2025-04-26")),
    ("He spoke on April 27.", "2025-04-26", ("on April 27", "point", "2024-04-27", "2024-04-27")),
    ("It was 26 April 2025.", "2025-05-01", ("26 April 2025", "point", "2025-04-26", "2025-04-26")),
    ("Losses rose last year.", "2025-04-26", ("last year", "point", "2024", "2024")),
    ("Losses rose last year.", "2025-01-01", ("last year", "point", "2024", "2024")),
    ("Losses rose this month.", "2025-02-24", ("this month", "point", "2025-02", "2025-02")),
    ("The last report was in September 2022, when he spoke.", "2025-02-24",
     ("was in September 2022", "point", "2022-09", "2022-09")),
    ("Published Feb. 24, 2022.", None, ("Feb. 24, 2022", "point", "2022-02-24", "2022-02-24")),
    ("Issued 02.03.2025 by the staff.", "2025-03-02", ("02.03.2025", "point", "2025-03-02", "2025-03-02")),
    ("Issued 2025-01-13 by the staff.", None, ("2025-01-13", "point", "2025-01-13", "2025-01-13")),
    ("It was said a week ago.", "2025-01-03", ("a week ago", "point", "2024-12-27", "2024-12-27")),
    ("He left the previous day.", "2025-03-01", ("the previous day", "point", "2025-02-28", "2025-02-28")),
])
def test_points(text, published, expected):
    assert one(text, published) == expected


@pytest.mark.parametrize("text,published,start", [
    ("losses since Jan. 1 reached 6,000", "2025-01-14", "2025-01-01"),
    ("losses since August reached 54,000", "2025-04-10", "2024-08"),
    ("losses since August reached 54,000", "2025-08-20", "2025-08"),
    ("since February 2022, losses rose", "2025-01-14", "2022-02"),
    ("since 2022, losses rose", None, "2022"),
    ("lost 62,400 since the start of the Ukrainian army's operation in the Kursk region last year, he said",
     "2025-04-26", "2024"),
    ("since the beginning of January, 1,700 km2", "2025-06-05", "2025-01"),
    ("since the start of the full-scale invasion, 12,910 civilians", "2025-04-10", "2022-02-24"),
    ("killed since the war began.", "2025-04-10", "2022-02-24"),
    ("since the beginning of the special military operation, 652 aircraft", "2025-01-13", "2022-02-24"),
    ("since Russia launched its full-scale invasion, thousands", "2025-04-10", "2022-02-24"),
    ("since Russia launched its full-scale invasion on Feb. 24, 2022, thousands", "2025-04-10", "2022-02-24"),
    ("since the invasion began in February 2022, 2,000", "2025-04-13", "2022-02"),
    ("since the spring of 2022, 5,757 returned", "2025-06-05", "2022-03"),
    ("since the autumn, 11,000 deployed", "2025-01-13", "2024-09"),
    ("since the start of the month, 30 vehicles", "2025-03-19", "2025-03"),
    ("since the Kursk incursion began", "2025-06-05", "2024-08-06"),
])
def test_since(text, published, start):
    found = [m for m in find_dates(text, published) if m.kind == "since"]
    assert [(m.start_date, m.end_date) for m in found] == [(start, None)]
    assert found[0].text.lower().startswith("since")


@pytest.mark.parametrize("text,published,expected", [
    ("total losses from 24.02.22 to 02.03.25 were", "2025-03-02",
     ("from 24.02.22 to 02.03.25", "range", "2022-02-24", "2025-03-02")),
    ("for 24.02.2022 - 31.05.2025 the total", "2025-06-05",
     ("24.02.2022 - 31.05.2025", "range", "2022-02-24", "2025-05-31")),
    ("from January to May 2025 the army", "2025-06-05", ("from January to May 2025", "range", "2025-01", "2025-05")),
    ("between 2022 and 2024 the army", "2025-06-05", ("between 2022 and 2024", "range", "2022", "2024")),
    ("in its update for Feb. 16-23 the staff", "2025-02-24", ("Feb. 16-23", "range", "2025-02-16", "2025-02-23")),
])
def test_ranges(text, published, expected):
    assert one(text, published) == expected


@pytest.mark.parametrize("text,published,expected", [
    ("killed over the past day, the staff said", "2025-03-02", ("over the past day", "2025-03-01", "2025-03-02")),
    ("in the past 24 hours, the staff said", "2025-03-01", ("in the past 24 hours", "2025-02-28", "2025-03-01")),
    ("in the past 24 hours, the staff said", "2024-03-01", ("in the past 24 hours", "2024-02-29", "2024-03-01")),
    ("attacked overnight, officials said", "2025-01-01", ("overnight", "2024-12-31", "2025-01-01")),
    ("During the day, 148 clashes", "2025-03-02", ("During the day", "2025-03-01", "2025-03-02")),
    ("over the past 24 hours the army", "2025-03-13", ("over the past 24 hours", "2025-03-12", "2025-03-13")),
    ("over the past week Russia launched", "2025-02-23", ("over the past week", "2025-02-16", "2025-02-23")),
    ("over the past week Russia launched", "2025-01-03", ("over the past week", "2024-12-27", "2025-01-03")),
    ("brought home 1,000 over three days", "2025-05-25", ("over three days", "2025-05-23", "2025-05-25")),
    ("killed overnight into Saturday", "2025-05-25", ("overnight into Saturday", "2025-05-23", "2025-05-24")),
    ("were killed in March, the mission said", "2025-04-10", ("in March", "2025-03", "2025-03")),
    ("were killed in March, the mission said", "2025-03-05", ("in March", "2025-03", "2025-03")),
    ("gained 507 km2 in May 2025.", "2025-06-05", ("in May 2025", "2025-05", "2025-05")),
    ("in the first five months of this year.", "2025-06-05",
     ("in the first five months of this year", "2025-01", "2025-05")),
    ("in the first quarter of 2024 losses", "2025-06-05", ("in the first quarter of 2024", "2024-01", "2024-03")),
    ("said in late December that", "2025-01-13", ("in late December", "2024-12", "2024-12")),
    ("160 soldiers since Tuesday morning", "2025-03-19", ("since Tuesday morning", "2025-03-18", "2025-03-19")),
    ("this week the army lost", "2025-01-14", ("this week", "2025-01-13", "2025-01-14")),
    ("attacks on the night of Saturday to Sunday", "2025-03-13",
     ("the night of Saturday to Sunday", "2025-03-08", "2025-03-09")),
    ("drones overnight on February 22-23 hit", "2025-02-24", ("overnight on February 22-23", "2025-02-22", "2025-02-23")),
    ("fighting in the summer stalled", "2025-03-13", ("in the summer", "2024-06", "2024-08")),
    ("fighting in the winter stalled", "2025-01-13", ("in the winter", "2024-12", "2025-02")),
    ("in the last two weeks the army", "2025-03-13", ("in the last two weeks", "2025-02-27", "2025-03-13")),
    ("in the past year the army", "2024-02-29", ("in the past year", "2023-02-28", "2024-02-29")),
])
def test_windows(text, published, expected):
    m = one(text, published)
    assert (m[0], m[2], m[3]) == expected and m[1] == "window"


@pytest.mark.parametrize("text,published,expected", [
    ("By its tally, as of Monday, 2,746 tanks", "2025-03-25", ("as of Monday", "2025-03-24")),
    ("As of February 21, Mediazona had confirmed", "2025-02-24", ("As of February 21", "2025-02-21")),
    ("the total up to 30.05.2025 was", "2025-06-05", ("up to 30.05.2025", "2025-05-30")),
    ("the total to 30.05.2025 was", "2025-06-05", ("to 30.05.2025", "2025-05-30")),
    ("had been killed by the end of 2024.", "2025-02-24", ("by the end of 2024", "2024-12-31")),
    ("by the end of February 2024.", "2025-02-24", ("by the end of February 2024", "2024-02-29")),
    ("As of 08:00 on 02.03.2025, the total", "2025-03-02", ("As of 08:00 on 02.03.2025", "2025-03-02")),
    ("a truce until April 18 was agreed", "2025-04-13", ("until April 18", "2025-04-18")),
])
def test_until(text, published, expected):
    assert one(text, published) == (expected[0], "until", None, expected[1])


@pytest.mark.parametrize("phrase", ["earlier that day", "that day", "the same day", "hours earlier", "later that day"])
def test_same_day_anaphora_follow_the_context_date(phrase):
    assert one("He said %s that it fell." % phrase, "2025-04-27", context_date="2025-04-26")[1:] == (
        "same_day", "2025-04-26", "2025-04-26")
    assert one("He said %s that it fell." % phrase, "2025-04-27")[2] == "2025-04-27"


@pytest.mark.parametrize("text", [
    "on Sunday", "on April 26", "in August", "last year", "over the past day", "yesterday", "in late December",
    "since August", "earlier that day",
])
def test_unknown_publication_keeps_the_text_without_dates(text):
    found = find_dates("They said %s that it happened." % text, None)
    assert [(m.text, m.start_date, m.end_date) for m in found] == [(text, None, None)]


def test_unknown_publication_still_reads_explicit_years():
    assert got("since 2022 and on 24.02.2022", None) == [
        ("since 2022", "since", "2022", None), ("on 24.02.2022", "point", "2022-02-24", "2022-02-24")]


@pytest.mark.parametrize("text,published,day", [
    ("on February 29", "2025-03-01", "2024-02-29"),     # the most recent Feb 29 is in a leap year
    ("on February 29", "2024-03-01", "2024-02-29"),
    ("on February 28", "2024-02-28", "2024-02-28"),
    ("on December 31", "2025-01-01", "2024-12-31"),     # year boundary
    ("on January 1", "2025-12-31", "2025-01-01"),
    ("yesterday", "2025-01-01", "2024-12-31"),
    ("yesterday", "2024-03-01", "2024-02-29"),
])
def test_leap_years_and_year_boundaries(text, published, day):
    assert one("It happened %s." % text, published)[2] == day


def test_year_before_a_noun_that_is_not_a_count():
    assert one("in the first quarter of 2024 losses rose", "2025-06-05")[2:] == ("2024-01", "2024-03")
    assert one("In 2024 Russian forces advanced", "2025-06-05")[2:] == ("2024", "2024")


def test_month_without_year_across_the_year_boundary():
    assert one("fighting in late December", "2025-01-13")[2:] == ("2024-12", "2024-12")
    assert one("fighting in January", "2025-01-13")[2:] == ("2025-01", "2025-01")


@pytest.mark.parametrize("text", [
    "The enemy lost 983 soldiers and 25,200 killed.",
    "It took three days and seven months of a 30-day campaign.",
    "Russia launched 2000 drones and 1999 missiles.",
    "The Su-34 and T-90M, 152 mm, 12.7 mm, 3rd Assault Brigade.",
    "prices rose 1.5.0 points, call 044 255 7333",
    "The fall of Avdiivka may come; they may 3 times.",
    "in 2000 strikes the army lost",
    "a swarm of 2000 drones and the spring offensive",
])
def test_counts_and_durations_are_not_dates(text):
    assert got(text, "2025-04-26") == []


def test_mentions_do_not_overlap_and_keep_text_order():
    text = ("The General Staff said on Sunday that since the start of the full-scale invasion on 24 February 2022 "
            "Russia lost 900,000 soldiers, 1,330 over the past day. Earlier that day, as of 08:00, it said so.")
    found = find_dates(text, "2025-03-23")
    assert [m.kind for m in found] == ["point", "since", "window", "same_day"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    assert found[1].start_date == "2022-02-24"


@pytest.mark.parametrize("iso,days,expected", [
    ("2025-03-01", -1, "2025-02-28"), ("2024-03-01", -1, "2024-02-29"), ("2025-01-01", -1, "2024-12-31"),
    ("2024-12-31", 1, "2025-01-01"), ("2025-01-14", 0, "2025-01-14"),
])
def test_shift_day(iso, days, expected):
    assert shift_day(iso, days) == expected


def test_published_may_be_a_date_time():
    assert one("on Sunday", "2025-01-14T09:30:00")[2] == "2025-01-12"


def test_vocabulary_is_loaded_once_and_unknown_languages_are_an_error_not_english():
    assert load_dates("en") is load_dates("en")
    with pytest.raises(VocabError, match="zz"):
        got("on Sunday", "2025-01-14", lang="zz")


def test_anchor_phrases_are_data():
    data = json.loads((lexicon.VOCAB_DIR / "en" / "dates.json").read_text(encoding="utf-8"))
    assert "the war began" in data["anchors"]["2022-02-24"]


@pytest.mark.parametrize("change,needle", [
    ({"months": {"January": 13}}, "months"),
    ({"weekdays": []}, "weekdays"),
    ({"anchors": {"24.02.2022": ["the war began"]}}, "24.02.2022"),
    ({"units": {"day": "fortnight"}}, "units"),
])
def test_malformed_vocabulary_raises_vocab_error(monkeypatch, tmp_path, change, needle):
    data = json.loads((lexicon.VOCAB_DIR / "en" / "dates.json").read_text(encoding="utf-8"))
    data.update(change)
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "dates.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(lexicon, "VOCAB_DIR", tmp_path)
    lexicon.load.cache_clear()
    dates.load_dates.cache_clear()
    try:
        with pytest.raises(VocabError) as err:
            find_dates("on Sunday", "2025-01-14", lang="xx")
        assert "dates.json" in str(err.value) and needle in str(err.value)
    finally:
        lexicon.load.cache_clear()
        dates.load_dates.cache_clear()


def test_windows_count_back_from_the_statement_day_when_known():
    text = "Syrskyi said on Monday that 1,600 soldiers were lost over the past week and 23 clashes overnight."
    first = find_dates(text, "2025-02-11")
    assert [(m.text, m.start_date) for m in first][0] == ("on Monday", "2025-02-10")
    assert got(text, "2025-02-11", context_date="2025-02-10")[1][2:] == ("2025-02-04", "2025-02-11")
    again = got(text, "2025-02-11", stated_on=first[0].start_date)
    assert again == [("on Monday", "point", "2025-02-10", "2025-02-10"),
                     ("over the past week", "window", "2025-02-03", "2025-02-10"),
                     ("overnight", "window", "2025-02-09", "2025-02-10")]


@pytest.mark.parametrize("text,expected", [
    ("so far this year 300 died", ("so far this year", "since", "2025", None)),
    ("so far in 2025 more died", ("so far in 2025", "since", "2025", None)),
    ("from the start of the full-scale invasion to March 2 the total",
     ("from the start of the full-scale invasion to March 2", "range", "2022-02-24", "2025-03-02")),
    ("from Feb. 24, 2022, to March 2, 2025, the total", ("from Feb. 24, 2022, to March 2, 2025", "range", "2022-02-24", "2025-03-02")),
    ("in 2022-2024 the army", ("2022-2024", "range", "2022", "2024")),
    ("by mid-2025 the army", ("by mid-2025", "until", None, "2025")),
    ("in the preceding 24 hours the army", ("in the preceding 24 hours", "window", "2025-04-09", "2025-04-10")),
])
def test_more_english_phrases(text, expected):
    assert one(text, "2025-04-10") == expected


@pytest.mark.parametrize("text", ["the T-2022 prototype", "lost 2000-2500 troops", "the 1941-1945 war"])
def test_hyphenated_numbers_are_not_years(text):
    assert got(text, "2025-04-10") == []


def test_curly_apostrophes_and_capitalised_relatives():
    assert one("since Russia’s full-scale invasion, thousands", "2025-01-12")[1:] == ("since", "2022-02-24", None)
    assert one("Last Sunday it fell.", "2025-01-12")[2] == "2025-01-05"     # published on a Sunday: the one before


def test_another_language_plugs_in_as_data(monkeypatch, tmp_path):
    data = json.loads((lexicon.VOCAB_DIR / "en" / "dates.json").read_text(encoding="utf-8"))
    data["months"] = {"лютого": 2, "березня": 3}
    data["since"] = ["з", "від"]
    (tmp_path / "uk").mkdir()
    (tmp_path / "uk" / "dates.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(lexicon, "VOCAB_DIR", tmp_path)
    lexicon.load.cache_clear()
    dates.load_dates.cache_clear()
    try:
        assert got("втрати з 24 лютого 2022 року", "2025-03-02", lang="uk") == [
            ("з 24 лютого 2022", "since", "2022-02-24", None)]
    finally:
        lexicon.load.cache_clear()
        dates.load_dates.cache_clear()
