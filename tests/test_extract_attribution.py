import pytest

from counterclaim.extract.attribution import Memory, attributions, best_for, resolve_actor
from counterclaim.records import Actor


@pytest.fixture(scope="module")
def nlp(extractor):
    return extractor.nlp


def _best(nlp, text, memory=None):
    memory = memory or Memory()
    attrs = attributions(nlp(text), memory)
    b = best_for(attrs, None)
    return b.actor if b else None


@pytest.mark.parametrize("text,key", [
    ("Ukraine's General Staff said on Monday that Russia lost 1,100 troops.", "ua.general_staff"),
    ("According to the Institute for the Study of War, Russia gained 507 square kilometres.", "isw"),
    ("About 300 soldiers were killed, a lawmaker said, citing the National Intelligence Service.", "kr.nis"),
    ("With Kyiv saying 1,000 people came home, President Volodymyr Zelensky said the swap was over.", "ua.president"),
    ("Russian forces repelled attacks near Demidovka and Popovka, Russia's Defence Ministry said on Wednesday.", "ru.mod"),
])
def test_speech_verbs_according_to_citing_and_nesting(nlp, text, key):
    assert _best(nlp, text).key == key


def test_cited_as_saying_names_the_source(nlp):
    actor = _best(nlp, "Reuters cited the regional governor as saying that 12 people were injured.")
    assert actor.key is None and "governor" in actor.text


def test_pronouns_and_anaphors_resolve_to_earlier_claimants(nlp):
    memory = Memory()
    memory.remember(Actor(text="Russia's Defence Ministry", key="ru.mod", side="RU"), 3)
    memory.remember(Actor(text="Oryx", key="oryx", side=None), 3)
    assert _best(nlp, "It said two tanks were destroyed.", memory).key == "oryx"
    assert _best(nlp, "The ministry also claimed its troops had taken the village.", memory).key == "ru.mod"


def test_negated_speech_attributes_nothing(nlp):
    assert _best(nlp, "Ukraine's General Staff did not confirm the reports.") is None


def test_unknown_claimants_keep_their_words_and_side():
    actor, rank = resolve_actor("Belgorod governor Vyacheslav Gladkov", Memory(),
                                places=lambda p: "RU" if "Belgorod" in p else None)
    assert (actor.key, actor.side, rank) == (None, "RU", 0) and actor.text.startswith("Belgorod")
    assert resolve_actor("you", Memory())[0] is None
