"""Figures stage: numbers read as counts, their qualifiers, and the look-alikes it must refuse."""
from __future__ import annotations

import pytest

from counterclaim.errors import VocabError
from counterclaim.extract import figures, figures_lexicon
from counterclaim.extract.figures import Figure, find_figures, find_lookalikes


def values(text: str) -> list[tuple[int, int, str]]:
    return [(f.low, f.high, f.qualifier) for f in find_figures(text)]


def only(text: str) -> Figure:
    figs = find_figures(text)
    assert len(figs) == 1, [(f.text, f.low) for f in figs]
    return figs[0]


def reasons(text: str) -> set[str]:
    return {r for _, _, r in find_lookalikes(text)}


# --------------------------------------------------------------------------- number forms

@pytest.mark.parametrize("number, value", [
    ("62,400", 62400),
    ("62 400", 62400),
    ("62\u2009400", 62400),           # thin space
    ("62\u202f400", 62400),           # narrow no-break space
    ("62\u00a0400", 62400),           # no-break space
    ("62.4 thousand", 62400),
    ("62.4k", 62400),
    ("1.2 million", 1200000),
    ("1,000,000", 1000000),
    ("900k", 900000),
    ("4 million", 4000000),
    ("sixty-two thousand four hundred", 62400),
    ("sixty two thousand four hundred", 62400),
    ("twenty-six", 26),
    ("Twenty-six", 26),
    ("One thousand", 1000),
    ("a thousand", 1000),
    ("a hundred", 100),
    ("a dozen", 12),
    ("two dozen", 24),
    ("three", 3),
    ("fifteen hundred", 1500),
    ("two hundred and five", 205),
    ("one hundred thousand", 100000),
    ("Seventy-six thousand", 76000),
    ("zero", 0),
    ("983", 983),
])
def test_number_forms_read_as_integers(number, value):
    text = "Russia lost %s soldiers in the battle." % number
    f = only(text)
    assert (f.low, f.high, f.qualifier) == (value, value, "exact")
    assert f.text == number == text[f.num_start:f.num_end]
    assert not f.increment and not f.zero and f.unit is None


@pytest.mark.parametrize("text", [
    "They destroyed a tank and an armoured vehicle.",
    "Someone said it was done alone, as often happens on the phone.",
    "The Fourth paragraph is where the quote is.",
])
def test_articles_and_words_containing_numbers_are_no_figures(text):
    assert find_figures(text) == []


def test_large_word_runs_split_into_separate_numbers():
    assert values("They counted three, four and twenty tanks.") == [(3, 3, "exact"), (4, 4, "exact"), (20, 20, "exact")]


# --------------------------------------------------------------------------- qualifiers

@pytest.mark.parametrize("phrase, qualifier", [
    ("about", "approx"), ("nearly", "approx"), ("some", "approx"), ("around", "approx"),
    ("approximately", "approx"), ("roughly", "approx"), ("almost", "approx"), ("an estimated", "approx"),
    ("close to", "approx"), ("~", "approx"),
    ("more than", "at_least"), ("over", "at_least"), ("at least", "at_least"), ("in excess of", "at_least"),
    ("upwards of", "at_least"), (">", "at_least"), ("exceeded", "at_least"),
    ("up to", "at_most"), ("fewer than", "at_most"), ("less than", "at_most"), ("no more than", "at_most"),
    ("at most", "at_most"), ("under", "at_most"),
])
def test_qualifier_before_the_number(phrase, qualifier):
    text = "The enemy lost %s 1,600 servicemen." % phrase
    f = only(text)
    assert (f.low, f.high, f.qualifier) == (1600, 1600, qualifier)
    assert f.text == "%s 1,600" % phrase
    assert text[f.num_start:f.num_end] == "1,600"


def test_symbol_qualifiers_glued_to_the_number():
    assert values("~35,800") == [(35800, 35800, "approx")]
    assert values(">950,000") == [(950000, 950000, "at_least")]


@pytest.mark.parametrize("text, qualifier", [
    ("1,000 or more soldiers", "at_least"),
    ("1,000+ soldiers", "at_least"),
    ("300 or so soldiers", "approx"),
])
def test_qualifier_after_the_number(text, qualifier):
    assert values(text) == [(int(text.split()[0].rstrip("+").replace(",", "")),) * 2 + (qualifier,)]


@pytest.mark.parametrize("text, expected", [
    ("Russia handed over 300 prisoners.", (300, 300, "exact")),
    ("Kyiv kept control over 3 villages.", (3, 3, "exact")),
    ("Nobody talked about 3 tanks.", (3, 3, "exact")),
    ("The toll went up to 35.", (35, 35, "exact")),
    ("Officials reported about 300 casualties.", (300, 300, "approx")),
])
def test_words_that_belong_to_the_verb_are_no_qualifier(text, expected):
    assert values(text) == [expected]


def test_qualifier_applies_to_its_own_item_only():
    text = "the AFU losses amounted to up to 510 troops, two tanks and 11 motor vehicles"
    assert values(text) == [(510, 510, "at_most"), (2, 2, "exact"), (11, 11, "exact")]


@pytest.mark.parametrize("text, expected", [
    ("At least 164 civilians were killed and 910 injured in March.",
     [(164, 164, "at_least"), (910, 910, "at_least")]),
    ("About 300 North Korean soldiers have been killed and 2,700 wounded.",
     [(300, 300, "approx"), (2700, 2700, "approx")]),
    ("The strike killed at least 34 people, including two children, and wounded 117.",
     [(34, 34, "at_least"), (2, 2, "exact"), (117, 117, "exact")]),
    ("About 5 tanks were destroyed. Then 7 wounded soldiers arrived.", [(5, 5, "approx"), (7, 7, "exact")]),
])
def test_qualifier_shared_by_an_elided_count(text, expected):
    assert values(text) == expected


def test_list_of_mixed_qualifiers():
    text = "Russia had launched more than 1,150 attack drones, nearly 1,400 guided aerial bombs and 35 missiles."
    assert values(text) == [(1150, 1150, "at_least"), (1400, 1400, "approx"), (35, 35, "exact")]


# --------------------------------------------------------------------------- ranges

@pytest.mark.parametrize("text, low, high", [
    ("between 600,000 and 640,000 troops", 600000, 640000),
    ("600–700 troops", 600, 700),
    ("1,000-1,500 troops", 1000, 1500),
    ("from 10 to 13 aircraft", 10, 13),
    ("10 to 13 aircraft", 10, 13),
    ("between 10 and 13 aircraft", 10, 13),
    ("between 10 and 13 thousand troops", 10000, 13000),
    ("1.2-1.5 million people", 1200000, 1500000),
    ("between ten and thirteen aircraft", 10, 13),
    ("two or three tanks", 2, 3),
])
def test_ranges(text, low, high):
    f = only(text)
    assert (f.low, f.high, f.qualifier) == (low, high, "range")
    assert text.startswith(f.text)


def test_range_start_includes_between():
    f = only("HUR puts the grouping at between 600,000 and 640,000 troops.")
    assert f.text == "between 600,000 and 640,000"


@pytest.mark.parametrize("text, expected", [
    ("The toll rose from 117 to 119 on Tuesday.", [(117, 117, "exact"), (119, 119, "exact")]),
    ("The number of dead has risen to 35.", [(35, 35, "exact")]),
    ("They raised the number of wounded to 119 from the 117 reported on Sunday.",
     [(119, 119, "exact"), (117, 117, "exact")]),
    ("Of this number, 25,200 were “irreversible” losses and 36,200 were injuries",
     [(25200, 25200, "exact"), (36200, 36200, "exact")]),
])
def test_changes_and_lists_are_not_ranges(text, expected):
    assert values(text) == expected


# --------------------------------------------------------------------------- vague quantities

@pytest.mark.parametrize("phrase, low, high", [
    ("dozens of", 24, 99),
    ("hundreds of", 200, 999),
    ("thousands of", 2000, 9999),
    ("tens of thousands of", 20000, 99999),
    ("hundreds of thousands of", 200000, 999999),
    ("a few", 2, 9),
    ("several", 2, 9),
    ("several hundred", 200, 999),
])
def test_vague_quantities(phrase, low, high):
    f = only("The strike killed %s civilians." % phrase)
    assert (f.low, f.high, f.qualifier) == (low, high, "vague")
    assert phrase.startswith(f.text)


def test_vague_quantity_in_the_seed_sentence():
    assert values("exchanges took place, which allowed hundreds of our soldiers to return home") == [(200, 999, "vague")]


@pytest.mark.parametrize("text, reason", [
    ("It happened a few weeks ago.", "duration"),
    ("The damage is worth thousands of dollars.", "money"),
    ("The convoy drove hundreds of kilometres.", "distance"),
])
def test_vague_words_before_units_are_lookalikes(text, reason):
    assert find_figures(text) == []
    assert reason in reasons(text)


# --------------------------------------------------------------------------- zero from negation

@pytest.mark.parametrize("text, negation", [
    ("The brigade said no soldiers were killed in the strike.", "no soldiers"),
    ("A drone hit a car but no one was hurt.", "no one"),
    ("Nobody was injured, officials said.", "Nobody"),
    ("There were no casualties on the ground.", "no casualties"),
    ("\"There were no casualties and no damage,\" the ministry said.", "no casualties"),
    ("No civilian casualties were reported.", "No civilian casualties"),
    ("None of them were wounded.", "None"),
    ("A drone hit the roof; no one on the ground was hurt.", "no one"),
])
def test_negation_read_as_zero(text, negation):
    f = only(text)
    assert (f.low, f.high, f.qualifier, f.zero) == (0, 0, "exact", True)
    assert f.text == negation
    assert text[f.num_start:f.num_end].lower() in ("no", "nobody", "no one", "none")


def test_two_negations_in_one_sentence():
    figs = find_figures("None of the crew survived, and no one on the ground was hurt.")
    assert [(f.text, f.zero) for f in figs] == [("None", True), ("no one", True)]


@pytest.mark.parametrize("text", [
    "The ministry did not report casualties.",
    "It gave no number.",
    "The ministry gave no evidence of casualties.",
    "Nobody serious claims that everybody died.",
    "They fought across no man's land.",
])
def test_negations_that_are_not_counts(text):
    assert find_figures(text) == []


def test_no_more_than_is_a_qualifier_not_a_zero():
    assert values("a force of no more than 500 troops") == [(500, 500, "at_most")]


# --------------------------------------------------------------------------- bulletin increments

def test_bulletin_line_with_increment():
    text = "personnel ‒ about 876,720 (+1,110) persons,"
    total, inc = find_figures(text)
    assert (total.low, total.qualifier, total.increment, total.text) == (876720, "approx", False, "about 876,720")
    assert (inc.low, inc.high, inc.qualifier, inc.increment, inc.text) == (1110, 1110, "exact", True, "+1,110")
    assert text[inc.num_start:inc.num_end] == "1,110"


@pytest.mark.parametrize("text, value", [("tanks ‒ 10,241 (+8) units", 8), ("(+1,330 over the past day)", 1330)])
def test_increments(text, value):
    inc = [f for f in find_figures(text) if f.increment]
    assert [(f.low, f.high) for f in inc] == [(value, value)]


# --------------------------------------------------------------------------- areas are kept

@pytest.mark.parametrize("text, value, qualifier", [
    ("they held 1,300 km² of Kursk oblast", 1300, "exact"),
    ("Russian forces gained approximately 507 square kilometres in May", 507, "approx"),
    ("| ISW | ~507 km2 | May", 507, "approx"),
    ("Russian forces gained 2,356 sq km in October", 2356, "exact"),
])
def test_areas_are_figures_with_unit(text, value, qualifier):
    f = only(text)
    assert (f.low, f.high, f.qualifier, f.unit) == (value, value, qualifier, "km2")


# --------------------------------------------------------------------------- look-alikes

LOOKALIKES = [
    # years
    ("The war in the Donbas began in 2014.", "year"),
    ("Things changed in 2022 for everyone.", "year"),
    ("They signed a treaty in June 2024.", "year"),
    ("My grandfather served in 2014-2015.", "year"),
    ("© 2014–2025 The Riga Dispatch", "year"),
    ("© 2024 Kyiv Daily Post.", "year"),
    ("the first such meeting since the spring of 2022", "year"),
    ("models produced in the 1960s", "year"),
    ("The Kremlin's 2025 budget is large.", "year"),
    # dates and times
    ("Ukraine's General Staff said on April 26.", "date"),
    ("since Jan. 1 the fighting went on", "date"),
    ("from 24.02.22 onwards", "date"),
    ("02.03.2025 07:58", "date"),
    ("On 1 June the SBU said drones struck bases.", "date"),
    ("They were out of the town centre by the 11th.", "ordinal"),
    ("The missiles struck at about 10:15 a.m.", "time"),
    ("November 20, 2024, 2:32 pm", "time"),
    ("An update will be published at 16:00.", "time"),
    # calibres
    ("shells for his unit's 155mm howitzers", "calibre"),
    ("170mm Koksan self-propelled guns", "calibre"),
    ("a 152-mm howitzer", "calibre"),
    ("rifles firing 7.62 mm rounds", "calibre"),
    # model names
    ("Su-34 aircraft provided cover.", "model"),
    ("a new T-90M tank", "model"),
    ("newer T-72B3 obr. 2016 tanks", "model"),
    ("Tu-22M3 strategic bombers", "model"),
    ("A-50 radar planes", "model"),
    ("KN-23 ballistic missiles", "model"),
    ("a 2S19 Msta-S self-propelled howitzer", "model"),
    ("heavy FAB-1500 glide bombs", "model"),
    ("Iranian-designed Shahed-136 models", "model"),
    ("German-made Leopard 2A6 tanks", "model"),
    ("S-300 air defence systems", "model"),
    ("F-16 fighter jets", "model"),
    ("the $50 billion G7 loan", "model"),
    ("Media ID R40-01234.", "model"),
    # money
    ("A new T-90M is estimated to cost around $4.5 million.", "money"),
    ("Washington's $61 billion aid package", "money"),
    ("The EU's planned EUR 150 billion defence loan", "money"),
    ("a signing bonus of 1.2 million rubles", "money"),
    ("Support us: 5 euros a month", "money"),
    ("Subscribe from $4.99/month", "money"),
    ("Air raid alert | UAH/USD 41.25 |", "money"),
    ("The SBU valued the damage at $7 billion.", "money"),
    # distances
    ("Avdiivka, about 40 km to the east", "distance"),
    ("Demidovka lies about 12 km north of the border", "distance"),
    ("a front line of more than 1,000 km", "distance"),
    ("ATACMS have a range of up to 300 km.", "distance"),
    ("bases 4,000 km from the front", "distance"),
    ("a convoy 10 miles long", "distance"),
    ("within 500 metres of the school", "distance"),
    # percentages
    ("drones cause nearly 70% of casualties", "percent"),
    ("6.3% of GDP", "percent"),
    ("a gap of 1.6 %", "percent"),
    ("a rise of 12 per cent", "percent"),
    # ordinals and unit names
    ("the 3rd Assault Brigade distinguished itself", "ordinal"),
    ("Units of the 110th Separate Mechanized Brigade", "ordinal"),
    ("The 59th Separate Motorized Brigade said", "ordinal"),
    ("the 1st Guards Tank Army", "ordinal"),
    ("from the elite 11th Army Corps", "ordinal"),
    ("The attack came on the 1,000th day of the invasion.", "ordinal"),
    ("the swap was the 65th since the invasion", "ordinal"),
    ("a 17th package of sanctions", "ordinal"),
    # phone numbers
    ("Contact the desk on +44 20 7946 0123.", "phone"),
    ("call the evacuation line at 0 800 331 000", "phone"),
    ("Press centre hotline for journalists: +380 44 000 12 34.", "phone"),
    # identifiers
    ("Weekly analytical brief No. 22/2025", "identifier"),
    ("The Security Council adopted Resolution 2774 in February.", "identifier"),
    ("prosecuted under Article 207.3 of the criminal code", "identifier"),
    ("Reg. No. 40203123456.", "identifier"),
    ("Registered in Kyiv, 01001, Ukraine.", "code"),
    ("Day 1103 of the full-scale invasion.", "identifier"),
    ("keep discussion civil and follow Rule 4.", "identifier"),
    ("1. KEY JUDGEMENTS", "list"),
    # frequencies, ages, durations, addresses
    ("on radio frequency 149.200 MHz", "frequency"),
    ("their 11-year-old son survived", "age"),
    ("The freed Ukrainians, aged between 20 and 64, were taken to hospital.", "age"),
    ("The region declared three days of mourning.", "duration"),
    ("a town fought over for more than seven months", "duration"),
    ("killed in Kursk within two months", "duration"),
    ("Putin held three hours of talks.", "duration"),
    ("a proposed 30-day halt to strikes", "duration"),
    ("cookies for 30 days", "duration"),
    ("he had not spoken to his mother in three years", "duration"),
    ("the strike on Kryvyi Rih nine days earlier", "duration"),
    ("Ukraine's 47th Brigade: 100 days in Kurakhove", "duration"),
    ("a three-day prisoner swap", "duration"),
    ("over the past 24 hours", "duration"),
    ("donate blood at the regional hospital on 23 Troitska Street", "address"),
    # words that are no counts
    ("They supported one another.", "idiom"),
    ("at least one and a half times what we can prove", "fraction"),
    ("She was the one who called.", "pronoun"),
]


@pytest.mark.parametrize("text, reason", LOOKALIKES)
def test_lookalikes_are_rejected_with_their_reason(text, reason):
    figs = find_figures(text)
    assert figs == [], [(f.text, f.low) for f in figs]
    assert reason in reasons(text), find_lookalikes(text)


def test_lookalike_spans_point_at_the_number():
    text = "Demidovka lies about 12 km north of the border."
    (s, e, r), = find_lookalikes(text)
    assert (text[s:e], r) == ("12 km", "distance")


def test_count_beside_lookalikes_is_kept():
    text = "In 2022, 41 aircraft were struck at four air bases 4,000 km from the front, costing $7 billion."
    assert values(text) == [(41, 41, "exact"), (4, 4, "exact")]


def test_four_digit_count_before_a_count_noun_is_not_a_year():
    assert values("Russia lost 2000 soldiers.") == [(2000, 2000, "exact")]


MORE_LOOKALIKES = [
    ("Britain pledged £300m in aid.", "money"),
    ("a package worth $2M", "money"),
    ("Between 2022 and 2024 the front barely moved.", "year"),
    ("From 2014 to 2022 the conflict was frozen.", "year"),
    ("The clock read UTC+3.", "model"),
    ("Kalibr 3M-14 missiles", "model"),
    ("Shahed-131/136 drones", "identifier"),
    ("On day 1,000 of the war the sirens sounded.", "identifier"),
    ("On the night of 23–24 February the attack came.", "date"),
    ("between 8 and 10 p.m.", "time"),
    ("men aged 18-60 may not leave", "age"),
    ("a 47-year-old man", "age"),
    ("A woman, 61, was injured.", "age"),
    ("a 10-minute walk", "duration"),
    ("a five-storey building", "compound"),
    ("two-thirds of them", "fraction"),
    ("a 10-fold rise", "ratio"),
    ("ZSU-23-4 Shilka guns", "model"),
    ("Call (044) 123-45-67 now.", "phone"),
    ("Call +7 (495) 123-45-67 now.", "phone"),
    ("HOTLINE: 800 123 4567", "phone"),
    ("Write to Press.Office+ua@example.org today.", "url"),
    ("It is open 24/7.", "identifier"),
    ("The final score was 3-1.", "hyphenated"),
    ("It was -10°C at night.", "temperature"),
    ("Turnout rose by 42 percent.", "percent"),
    ("See https://example.org/report/2025/03/1234 for details.", "url"),
    ("a 500m-long convoy", "distance"),
    ("a column 12,5 km long", "distance"),
    ("a quarter of a million fled", "fraction"),
    ("a 1,000 m² warehouse", "small_area"),
    ("the largest war in Europe since World War 2", "identifier"),
    ("an average of 41,5 per brigade", "decimal"),
    ("the offensive of '22", "year"),
    ("music of the '90s", "year"),
]


@pytest.mark.parametrize("text, reason", MORE_LOOKALIKES)
def test_more_lookalikes(text, reason):
    figs = find_figures(text)
    assert figs == [], [(f.text, f.low) for f in figs]
    assert reason in reasons(text), find_lookalikes(text)


@pytest.mark.parametrize("text, expected", [
    ("Some half a million people fled.", [(500000, 500000, "approx")]),
    ("One and a half million people stayed.", [(1500000, 1500000, "exact")]),
    ("1,200+ soldiers", [(1200, 1200, "at_least")]),
    ("at least a dozen tanks", [(12, 12, "at_least")]),
    ("MORE THAN 1,000 TROOPS", [(1000, 1000, "at_least")]),
    ("Not a single drone was shot down.", [(0, 0, "exact")]),
    ("Russia fired 47 missiles; air defence shot down 36 of 47 missiles.",
     [(47, 47, "exact"), (36, 36, "exact"), (47, 47, "exact")]),
    ("In 2023, 1,200 soldiers died.", [(1200, 1200, "exact")]),
    ("Between 1,800 and 2,000 soldiers died.", [(1800, 2000, "range")]),
    ("Only one person survived.", [(1, 1, "exact")]),
    ("About 1.5m people fled and 8M refugees left.", [(1500000, 1500000, "approx"), (8000000, 8000000, "exact")]),
    ("operational-tactical level UAVs ‒ 2045 (+12)", [(2045, 2045, "exact"), (12, 12, "exact")]),
    ("He said '30 tanks' were lost.", [(30, 30, "exact")]),
    ("He wrote on Telegram: 1 200 300 soldiers.", [(1200300, 1200300, "exact")]),
    ("HUR said 62,4 thousand soldiers were killed.", [(62400, 62400, "exact")]),
    ("The enemy lost 1.350 troops.", [(1350, 1350, "exact")]),
    ("Russia massed a 50,000-strong force.", [(50000, 50000, "exact")]),
    ("half a dozen tanks", [(6, 6, "exact")]),
    ("est. 1,000 dead", [(1000, 1000, "approx")]),
    ("twelve hundred troops", [(1200, 1200, "exact")]),
    ("one hundred twenty troops", [(120, 120, "exact")]),
    ("30k+ men", [(30000, 30000, "at_least")]),
])
def test_more_counts(text, expected):
    assert values(text) == expected


def test_other_area_units_are_kept_with_their_unit():
    assert [(f.low, f.unit) for f in find_figures("9 square miles and 1,000 hectares")] == [(9, "mi2"), (1000, "ha")]


# --------------------------------------------------------------------------- realistic sentences

def test_seed_sentences():
    text = ("The Russian military had lost 62,400 soldiers in Kursk Oblast since the start of the "
            "Ukrainian army’s operation there last year, Ukraine’s General Staff said on April 26.")
    assert values(text) == [(62400, 62400, "exact")]
    text = "“Another 983 soldiers of the (Russian) army were taken prisoner.”"
    assert values(text) == [(983, 983, "exact")]


@pytest.mark.parametrize("text, expected", [
    ("Russian forces in the wider Donetsk region had lost 7 905 soldiers killed and wounded in January",
     [(7905, 7905, "exact")]),
    ("HUR also told us that Russian forces lost 62.4 thousand soldiers killed in the first five months of this year",
     [(62400, 62400, "exact")]),
    ("Open-source analysts have so far confirmed damage to between 10 and 13 aircraft from satellite imagery.",
     [(10, 13, "range")]),
    ("Russian casualties (killed + wounded)    | UK MoD            | > 950,000       | 24.02.2022 - 31.05.2025",
     [(950000, 950000, "at_least")]),
    ("Russian casualties, one month            | UK MoD            | ~35,800         | May 2025",
     [(35800, 35800, "approx")]),
    ("The brigade said no soldiers were killed when a drone struck one of its vehicles, though three were wounded.",
     [(0, 0, "exact"), (1, 1, "exact"), (3, 3, "exact")]),
    ("A Russian missile strike on Sumy killed at least 34 people, including two children, and wounded 117.",
     [(34, 34, "at_least"), (2, 2, "exact"), (117, 117, "exact")]),
    ("Ukraine's General Staff: Russian personnel losses pass 900,000", [(900000, 900000, "at_least")]),
    ("estimates now exceed 950,000 killed and wounded", [(950000, 950000, "at_least")]),
    ("At the peak they held something like 1,300 km² of Kursk oblast. Now it's maybe 200.",
     [(1300, 1300, "approx"), (200, 200, "approx")]),
])
def test_realistic_sentences(text, expected):
    assert values(text) == expected


def test_offsets_and_text_are_consistent():
    text = "It added that Ukrainian forces had lost more than 1,600 servicemen in the area over the past week."
    f = only(text)
    assert (f.text, text[f.start:f.end], text[f.num_start:f.num_end]) == ("more than 1,600", "more than 1,600", "1,600")


def test_figures_come_in_text_order():
    text = "Between 10 and 13 aircraft, dozens of drones, no one was hurt, about 5 tanks and (+8) more."
    starts = [f.start for f in find_figures(text)]
    assert starts == sorted(starts) and len(starts) == 5


# --------------------------------------------------------------------------- robustness

@pytest.mark.parametrize("text", [
    "123 " * 250_000,                       # 1 MB of space-grouped digits: one run, no count
    "1" * 1_000_000,                        # one huge digit run
    "12 345 6789 " * 20_000,                # groups that almost close (each a number: kept small)
    "9,999," * 170_000,                     # separators that never close a group
    "+1 " * 80_000,                         # signs and phone-like runs (each a number: kept small)
    "a" * 500_000 + "@" + "1" * 500_000,    # e-mail look-alike without an end
])
def test_megabyte_inputs_do_not_blow_up(text):
    figs = find_figures(text)
    assert all(f.text == text[f.start:f.end] for f in figs[:1000])
    assert all(f.high < 10 ** 16 for f in figs)
    find_lookalikes(text[:200_000])


def test_dense_numbers_are_all_read():
    text = "1 2 3 4 5 6 7 8 9 0 " * 5_000         # 100 kB, 50,000 numbers
    figs = find_figures(text)
    assert len(figs) == 50_000 and figs[-1].low == 0


def test_many_number_words():
    figs = find_figures("one two three " * 20_000)
    assert [f.low for f in figs[:3]] == [1, 2, 3] and len(figs) == 60_000


# --------------------------------------------------------------------------- the lexicon

def _bad_lexicon(monkeypatch, mutate):
    import json
    real = json.loads((figures_lexicon.lexicon.VOCAB_DIR / "en" / "numbers.json").read_text(encoding="utf-8"))
    mutate(real)
    monkeypatch.setattr(figures_lexicon.lexicon, "load", lambda lang, name: real)
    with pytest.raises(VocabError) as e:
        figures._Lexicon("en")
    return str(e.value)


def test_lexicon_loads_and_is_cached():
    assert figures._lexicon("en") is figures._lexicon("en")


@pytest.mark.parametrize("mutate, entry", [
    (lambda d: d.pop("units"), "units"),
    (lambda d: d["vague"].update({"dozens": [99, 24]}), "dozens"),
    (lambda d: d["qualifiers"].update({"maybe": ["perhaps"]}), "maybe"),
    (lambda d: d["tens"].update({"twenty": "20"}), "twenty"),
    (lambda d: d["lookalikes"].update({"months": []}), "months"),
    (lambda d: d["zero"].update({"nouns": ["soldiers", ""]}), "nouns"),
])
def test_malformed_lexicon_names_file_and_entry(monkeypatch, mutate, entry):
    message = _bad_lexicon(monkeypatch, mutate)
    assert "numbers.json" in message and entry in message


def test_unknown_language_is_a_vocab_error():
    with pytest.raises(VocabError, match="numbers"):
        find_figures("12 tanks", lang="xx")
