"""Ukrainian read natively: declined lexicons, figures, bulletins, attribution without a parser."""
import pytest

from counterclaim.extract.figures import find_figures
from counterclaim.extract.lang import get_language
from counterclaim.extract.pipeline import Extractor
from counterclaim.records import Document

BULLETIN = """Генеральний штаб ЗСУ

Загальні бойові втрати противника з 24.02.22 по 01.05.23 орієнтовно склали:

особового складу ‒ близько 190960 (+450) осіб ліквідовано,

танків ‒ 3700 (+1) од,

бойових броньованих машин ‒ 7177 (+5) од,

артилерійських систем ‒ 2837 (+11) од,

РСЗВ ‒ 539 (+0) од,

крилаті ракети ‒ 1018 (+0),

автомобільної техніки та автоцистерн ‒ 5855 (+12) од.
"""


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def claims(extractor, text, published="2023-05-01"):
    return extractor.extract(Document(text=text, lang="uk", published=published))


def test_noun_phrases_are_declined_with_their_adjectives():
    forms = set(get_language("uk").noun_forms(["особовий склад", "Курська область"]))
    assert {"особового складу", "Курській області", "Курської області"} <= forms
    # a plural-only entry stays plural: "тисячі" is vague, "тисяча" is not its form
    assert "крилата ракета" not in get_language("uk").noun_forms(["крилаті ракети"])


@pytest.mark.parametrize("text,want", [
    ("збито 25,2 тис. дронів", [(25200, "exact")]),
    ("загинули двоє людей, ще п'ятеро поранені", [(2, "exact"), (5, "exact")]),
    ("понад 1,2 млн осіб", [(1200000, "at_least")]),
    ("щонайменше 7 905 військових", [(7905, "at_least")]),
    ("двісті тридцять п'ять тисяч", [(235000, "exact")]),
])
def test_figures_in_digits_and_words_in_every_case(text, want):
    assert [(f.low, f.qualifier) for f in find_figures(text, "uk") if not f.increment] == want


def test_general_staff_bulletin_in_paragraphs_gives_totals_and_increments(extractor):
    got = {(c.metric, c.value.low) for c in claims(extractor, BULLETIN)}
    for metric, total, day in [("personnel.casualties", 190960, 450), ("equipment.tanks", 3700, 1),
                               ("equipment.afv", 7177, 5), ("equipment.artillery", 2837, 11),
                               ("equipment.mlrs", 539, 0), ("equipment.missiles", 1018, 0),
                               ("equipment.vehicles", 5855, 12)]:
        assert (metric, total) in got and (metric, day) in got, metric
    for c in claims(extractor, BULLETIN):
        assert c.claimant.key == "ua.general_staff" and c.subject.side == "RU"
        assert c.lang == "uk"
    totals = [c for c in claims(extractor, BULLETIN) if c.value.low == 3700]
    assert totals[0].period.start == "2022-02-24" and totals[0].period.end == "2023-05-01"
    assert totals[0].value.qualifier == "approx"      # the heading's "орієнтовно"


def test_reported_speech_names_its_claimant_without_a_parse(extractor):
    text = ("Унаслідок удару по Сумах загинули двоє людей, ще 12 поранені, повідомив голова Сумської ОВА "
            "Володимир Артюх.")
    got = claims(extractor, text, "2025-05-12")
    killed = next(c for c in got if c.metric == "personnel.killed")
    assert killed.value.low == 2 and "Артюх" in killed.claimant.text and killed.claimant.side == "UA"
    assert killed.location.key == "UA-59"


def test_according_to_names_a_registry_body(extractor):
    got = claims(extractor, "За даними Повітряних сил, у ніч на 12 травня противник атакував 87 ударними БпЛА.",
                 "2025-05-12")
    attack = next(c for c in got if c.value.low == 87)
    assert attack.metric == "attack.uav" and attack.claimant.key == "ua.air_force" and attack.subject.side == "RU"


def test_a_thread_reads_each_comment_in_its_own_language(extractor):
    from counterclaim.records import Part
    post = "Today's update from the General Staff puts Russian personnel losses at about 900,800 since February 2022."
    comment = "За даними Генштабу, за минулу добу окупанти втратили 1330 осіб та 12 танків."
    text = post + "\n\n" + comment
    parts = (Part(id="p", start=0, end=len(post), author="poster", kind="post"),
             Part(id="c1", start=len(post) + 2, end=len(text), author="reader", parent="p", kind="comment", depth=1))
    got = extractor.extract(Document(text=text, lang="en", published="2025-03-21", parts=parts))
    by = {c.value.low: c for c in got if c.value}
    assert by[900800].lang == "en"
    assert by[12].lang == "uk" and by[12].metric == "equipment.tanks" and by[12].subject.side == "RU"
    assert by[12].claimant.key == "ua.general_staff"


def test_about_this_names_the_source_of_the_sentences_before_it(extractor):
    text = ("Кількість загиблих унаслідок атаки на Київ зросла до 12 людей. Ще 87 киян дістали поранення. "
            "Про це повідомив начальник Київської міської військової адміністрації Тимур Ткаченко.\n\n"
            "За його словами, 42 постраждалих госпіталізовано.")
    got = {c.value.low: c for c in claims(extractor, text, "2025-04-24") if c.value}
    for n in (12, 87, 42):
        assert "Ткаченко" in got[n].claimant.text and got[n].claimant.side == "UA", n


def test_advice_in_the_imperative_is_a_recommendation(extractor):
    got = claims(extractor, "Не ігноруйте сигнали повітряної тривоги!", "2025-05-12")
    assert [c.kind for c in got] == ["recommendation"]


def test_a_direction_named_by_its_regions_adjective(extractor):
    got = claims(extractor, "Генеральний штаб ЗСУ\n\nНа Курському напрямку Сили оборони відбили 17 атак окупантів.",
                 "2025-06-17")
    assert got[0].metric == "event" and got[0].location.key == "RU-KRS" and got[0].subject.side == "RU"
