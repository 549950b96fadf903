import pytest

from counterclaim.errors import VocabError
from counterclaim.extract import lexicon
from counterclaim.extract.actors import Registry, registry
from counterclaim.extract.sides import ENEMY, OWN, resolve, side_lexicon


@pytest.mark.parametrize("phrase,key,side", [
    ("Ukraine’s General Staff", "ua.general_staff", "UA"),
    ("Russia's defence ministry", "ru.mod", "RU"),            # multi-word names in any case
    ("President Volodymyr Zelensky", "ua.president", "UA"),
    ("British Defence Intelligence (UK MoD)", "uk.mod", "GB"),
    ("the country's National Intelligence Service (NIS)", "kr.nis", "KR"),
    ("Kyiv", "ua.authorities", "UA"),
    ("Mediazona / BBC", "mediazona", None),
])
def test_registry_resolves_claimant_phrases(phrase, key, side):
    e = registry().resolve(phrase)
    assert (e.key, e.side) == (key, side)


def test_most_specific_claimant_wins_and_case_of_short_names_matters():
    assert registry().resolve("Kyiv's Zelensky").key == "ua.president"   # rank beats the capital
    assert registry().resolve("oryx") is None and registry().resolve("Oryx").key == "oryx"


def test_malformed_registry_is_refused(tmp_path, monkeypatch):
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "actors.json").write_text('{"actors": {"a.b": {"side": "Ukraine", "aliases": ["A"]}}}')
    monkeypatch.setattr(lexicon, "VOCAB_DIR", tmp_path)
    lexicon.load.cache_clear()
    with pytest.raises(VocabError, match="ISO alpha-2"):
        Registry("xx")
    lexicon.load.cache_clear()


def test_sides_enemy_own_and_makers():
    found = side_lexicon().find("our soldiers met the enemy near US-made Russian tanks")
    assert [s for _, _, s in found] == [OWN, ENEMY, "RU"]
    assert resolve(ENEMY, "RU") == "UA" and resolve(OWN, "UA") == "UA" and resolve(ENEMY, None) is None
