"""Places: alias table, ISO keys, longest match, case rules, directions and the table's checks."""
from __future__ import annotations

import json

import pycountry
import pytest

from counterclaim.errors import VocabError
from counterclaim.extract import lexicon, places
from counterclaim.extract.places import country_of_region, find_places, load_places, resolve_place


def keys(text):
    return [(p.text, p.key, p.kind) for p in find_places(text)]


@pytest.mark.parametrize("name,key", [
    ("Kursk Oblast", "RU-KRS"), ("Kursk region", "RU-KRS"), ("Kurskaya", "RU-KRS"), ("Kurshchyna", "RU-KRS"),
    ("Kursk", "RU-KRS"), ("Kurskaya oblast", "RU-KRS"),
    ("Kharkiv", "UA-63"), ("Kharkov", "UA-63"), ("Kharkiv Oblast", "UA-63"),
    ("Zaporizhzhia", "UA-23"), ("Zaporozhye", "UA-23"), ("Zaporizhia", "UA-23"), ("Zaporizhzhia region", "UA-23"),
    ("Donetsk People's Republic", "UA-14"), ("DPR", "UA-14"), ("Donetsk region", "UA-14"),
    ("Luhansk", "UA-09"), ("Lugansk", "UA-09"), ("LPR", "UA-09"), ("Luhansk Oblast", "UA-09"),
    ("Kyiv region", "UA-32"), ("Kyiv Oblast", "UA-32"), ("Kyiv", "UA-30"), ("Kiev", "UA-30"),
    ("Dnipropetrovsk region", "UA-12"), ("Crimea", "UA-43"), ("Sevastopol", "UA-40"),
    ("Kherson Oblast", "UA-65"), ("Belgorod Oblast", "RU-BEL"), ("Bryansk region", "RU-BRY"),
    ("Voronezh", "RU-VOR"), ("Rostov region", "RU-ROS"), ("Krasnodar Krai", "RU-KDA"),
    ("Moscow", "RU-MOW"), ("Moscow region", "RU-MOS"), ("Tatarstan", "RU-TA"), ("Murmansk", "RU-MUR"),
    ("Irkutsk", "RU-IRK"), ("Saratov region", "RU-SAR"), ("Ryazan", "RU-RYA"), ("Leningrad region", "RU-LEN"),
    ("St Petersburg", "RU-SPE"), ("St. Petersburg", "RU-SPE"), ("Kaluga", "RU-KLU"), ("Oryol", "RU-ORL"),
    ("Lipetsk", "RU-LIP"), ("Tula", "RU-TUL"), ("Astrakhan", "RU-AST"), ("Volgograd", "RU-VGG"), ("Tver", "RU-TVE"),
    ("Smolensk", "RU-SMO"), ("Pskov", "RU-PSK"), ("Novgorod region", "RU-NGR"), ("Nizhny Novgorod", "RU-NIZ"),
    ("Chechnya", "RU-CE"), ("Dagestan", "RU-DA"), ("Buryatia", "RU-BU"), ("Tuva", "RU-TY"),
    ("Gomel region", "BY-HO"), ("Minsk", "BY-HM"), ("Minsk region", "BY-MI"),
])
def test_region_aliases(name, key):
    found = find_places("Fighting continued in %s, officials said." % name)
    assert [(p.text, p.key) for p in found] == [(name, key)]


@pytest.mark.parametrize("town,key", [
    ("Pokrovsk", "UA-14"), ("Toretsk", "UA-14"), ("Dzerzhinsk", "UA-14"), ("Kostiantynivka", "UA-14"),
    ("Kramatorsk", "UA-14"), ("Bakhmut", "UA-14"), ("Artemovsk", "UA-14"), ("Avdiivka", "UA-14"),
    ("Velyka Novosilka", "UA-14"), ("Kurakhove", "UA-14"), ("Chasiv Yar", "UA-14"), ("Vuhledar", "UA-14"),
    ("Horlivka", "UA-14"), ("Mariupol", "UA-14"), ("Kryvyi Rih", "UA-12"), ("Krivoy Rog", "UA-12"),
    ("Nikopol", "UA-12"), ("Dnipro", "UA-12"), ("Odesa", "UA-51"), ("Odessa", "UA-51"), ("Kherson", "UA-65"),
    ("Mykolaiv", "UA-48"), ("Sumy", "UA-59"), ("Chernihiv", "UA-74"), ("Poltava", "UA-53"), ("Kupiansk", "UA-63"),
    ("Lyman", "UA-14"), ("Sudzha", "RU-KRS"), ("Gornal", "RU-KRS"), ("Demidovka", "RU-BEL"),
    ("Grayvoron", "RU-BEL"), ("Shebekino", "RU-BEL"), ("Karachev", "RU-BRY"), ("Alabuga", "RU-TA"),
])
def test_settlements_map_to_their_region(town, key):
    assert keys("A strike hit %s overnight." % town) == [(town, key, "settlement")]


@pytest.mark.parametrize("phrase,text,key", [
    ("in the Pokrovsk direction", "Pokrovsk direction", "UA-14"),
    ("on the Toretsk direction", "Toretsk direction", "UA-14"),
    ("in the Kursk direction", "Kursk direction", "RU-KRS"),
    ("along the Kupiansk axis", "Kupiansk axis", "UA-63"),
])
def test_directions(phrase, text, key):
    assert keys("Clashes %s were the fiercest." % phrase) == [(text, key, "direction")]


@pytest.mark.parametrize("name,key", [
    ("Ukraine", "UA"), ("Russia", "RU"), ("the Russian Federation", "RU"), ("Belarus", "BY"),
    ("North Korea", "KP"), ("Poland", "PL"), ("Iran", "IR"), ("the United States", "US"),
])
def test_countries(name, key):
    found = find_places("Officials in %s said so." % name)
    assert [(p.key, p.kind) for p in found] == [(key, "country")]
    assert found[0].text == name.replace("the ", "")


@pytest.mark.parametrize("text", [
    "Russian troops and Ukrainian drones fought.",          # country adjectives are not places
    "The consumy results were sumy-like in the summary.",  # lower case and inside words
    "Vladimir Putin met Kirov officials.",                 # region stems alone are not places
    "the lyman, the tula and the bakhmut",                 # lower-case names never match
    "They crossed the Dnipro river and the Dnipro.",       # the river is not the city
    "Crimean officials and Kharkivites",                   # adjectives and demonyms
])
def test_not_places(text):
    assert keys(text) == []


def test_longest_match_and_offsets():
    text = "The Donetsk People's Republic and Donetsk, then Nizhny Novgorod and Veliky Novgorod."
    found = find_places(text)
    assert [p.text for p in found] == ["Donetsk People's Republic", "Donetsk", "Nizhny Novgorod", "Veliky Novgorod"]
    assert [p.key for p in found] == ["UA-14", "UA-14", "RU-NIZ", "RU-NGR"]
    for p in found:
        assert text[p.start:p.end] == p.text


def test_coordinated_regions_and_suffixes():
    assert keys("in the Kursk and Belgorod regions") == [("Kursk", "RU-KRS", "region"),
                                                        ("Belgorod regions", "RU-BEL", "region")]
    assert keys("near the Toretsk area and Russia's Kursk region") == [
        ("Toretsk area", "UA-14", "settlement"), ("Russia", "RU", "country"), ("Kursk region", "RU-KRS", "region")]
    assert keys("the Kyiv direction, Kyiv city") == [("Kyiv direction", "UA-32", "direction"),
                                                     ("Kyiv city", "UA-30", "region")]


def test_dprk_is_not_dpr():
    assert keys("DPRK troops and DPR militia") == [("DPRK", "KP", "country"), ("DPR", "UA-14", "region")]


def test_pycountry_names_fill_in():
    # neither in the table: pycountry's subdivision and country names
    assert keys("Tomskaya oblast and Portugal") == [("Tomskaya oblast", "RU-TOM", "region"), ("Portugal", "PT", "country")]


@pytest.mark.parametrize("name,expected", [
    ("Kursk Oblast", ("RU-KRS", "region")), ("the Pokrovsk direction", ("UA-14", "direction")),
    ("kharkiv", ("UA-63", "settlement")), ("Pokrovsk", ("UA-14", "settlement")), ("Russian", None),
    ("kursk oblast", ("RU-KRS", "region")), ("the kyiv region", ("UA-32", "region")), ("dpr", ("UA-14", "region")),
    ("Vladimir", None), ("nowhere in particular", None),
])
def test_resolve_place(name, expected):
    p = resolve_place(name)
    assert (p and (p.key, p.kind)) == expected


def test_country_of_region():
    assert country_of_region("RU-KRS") == "RU"
    assert country_of_region("UA-14") == "UA"
    assert country_of_region("UA") == "UA"


def test_every_table_key_exists_in_pycountry():
    data = json.loads((lexicon.VOCAB_DIR / "en" / "places.json").read_text(encoding="utf-8"))
    for key in data["regions"]:
        sub = pycountry.subdivisions.get(code=key)
        assert sub is not None, key
        assert not getattr(sub, "parent_code", None), key
    for key in data["countries"]:
        assert pycountry.countries.get(alpha_2=key) is not None, key


def test_all_ukrainian_oblasts_are_covered():
    data = json.loads((lexicon.VOCAB_DIR / "en" / "places.json").read_text(encoding="utf-8"))
    ua = {s.code for s in pycountry.subdivisions.get(country_code="UA")}
    assert ua <= set(data["regions"])


def _with_table(monkeypatch, tmp_path, data):
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "places.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(lexicon, "VOCAB_DIR", tmp_path)
    lexicon.load.cache_clear()
    places.load_places.cache_clear()


BASE = {"region_suffixes": ["region"], "region_plural_suffixes": ["regions"], "direction_suffixes": ["direction"],
        "settlement_suffixes": ["area"], "rivers": [], "river_words": ["river"], "country_exclude": [],
        "countries": {"UA": ["Ukraine"]}}


@pytest.mark.parametrize("regions,needle", [
    ({"RU-XXX": {"names": ["Nowhere"]}}, "RU-XXX"),                       # not in pycountry
    ({"UA-14": {"names": "Donetsk"}}, "regions.UA-14.names"),             # not a list
    ({"UA-14": {"names": ["donetsk"]}}, "regions.UA-14.names"),           # not capitalised
    ({"UA-14": {"towns": ["Donetsk"]}}, "regions.UA-14"),                 # unknown field
    ({"UA-14": {"settlements": ["Izium"]}, "UA-63": {"settlements": ["Izium"]}}, "Izium"),  # two regions
])
def test_malformed_table_raises_vocab_error(monkeypatch, tmp_path, regions, needle):
    _with_table(monkeypatch, tmp_path, dict(BASE, regions=regions))
    try:
        with pytest.raises(VocabError) as err:
            find_places("Donetsk", lang="xx")
        assert "places.json" in str(err.value) and needle in str(err.value)
    finally:
        lexicon.load.cache_clear()
        places.load_places.cache_clear()


def test_table_is_loaded_once():
    assert load_places("en") is load_places("en")


def test_unknown_language_is_an_error_not_english():
    with pytest.raises(VocabError, match="zz"):
        keys_lang("Fighting near Pokrovsk", "zz")


def test_ukrainian_and_russian_places_are_found_in_any_case():
    assert keys_lang("Унаслідок обстрілу в Курській області", "uk") == [("Курській області", "RU-KRS")]
    assert keys_lang("Ворог атакував Сумщину", "uk") == [("Сумщину", "UA-59")]
    assert keys_lang("В Белгородской области ранены двое", "ru") == [("Белгородской области", "RU-BEL")]


def keys_lang(text, lang):
    return [(p.text, p.key) for p in find_places(text, lang=lang)]


def test_three_coordinated_regions_and_official_country_names():
    assert keys("the Kursk, Belgorod and Bryansk regions") == [
        ("Kursk", "RU-KRS", "region"), ("Belgorod", "RU-BEL", "region"), ("Bryansk regions", "RU-BRY", "region")]
    assert keys("the Republic of Belarus") == [("Republic of Belarus", "BY", "country")]


def test_regional_is_not_a_region_suffix():
    assert keys("the Sumy regional administration") == [("Sumy", "UA-59", "settlement")]


def test_curly_apostrophes_match_and_keep_the_original_text():
    assert keys("in the Donetsk People’s Republic") == [("Donetsk People’s Republic", "UA-14", "region")]
