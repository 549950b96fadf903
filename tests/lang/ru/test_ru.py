"""Russian read natively: the MoD's daily summary, its running totals, figures in every case."""
import pytest

from counterclaim.extract.figures import find_figures
from counterclaim.extract.pipeline import Extractor
from counterclaim.records import Document

SUMMARY = """Сводка Министерства обороны Российской Федерации о ходе проведения специальной военной операции

Подразделения группировки войск «Север» улучшили положение по переднему краю. Потери ВСУ составили до 230 военнослужащих, два танка и пять автомобилей.

Средствами противовоздушной обороны сбиты 126 беспилотных летательных аппаратов самолётного типа.

Всего с начала проведения специальной военной операции уничтожены: 660 самолётов, 283 вертолёта, 23 500 танков.
"""


@pytest.fixture(scope="module")
def got():
    return Extractor().extract(Document(text=SUMMARY, lang="ru", published="2025-05-12"))


@pytest.mark.parametrize("text,want", [
    ("сбиты 17 беспилотников и трёх ракет", [17, 3]),
    ("более 1,2 млн человек", [1200000]),
    ("около 7 905 военнослужащих", [7905]),
])
def test_figures_in_digits_and_words(text, want):
    assert [f.low for f in find_figures(text, "ru")] == want


def test_the_summary_is_the_ministrys_and_counts_ukrainian_losses(got):
    assert got and all(c.claimant.key == "ru.mod" and c.subject.side == "UA" for c in got)
    by = {(c.metric, c.value.low): c for c in got}
    assert by[("personnel.casualties", 230)].value.qualifier == "at_most"
    assert ("equipment.uav", 126) in by


def test_running_totals_after_a_colon_take_the_lead_in_verb_and_period(got):
    by = {(c.metric, c.value.low): c for c in got}
    for key in [("equipment.aircraft", 660), ("equipment.helicopters", 283), ("equipment.tanks", 23500)]:
        assert key in by, key
        assert by[key].period.start == "2022-02-24"


def test_a_weapons_maker_is_not_its_owner():
    got = Extractor().extract(Document(
        text="Минобороны России\n\nПротивник потерял до 485 военнослужащих, три танка, в том числе два Leopard "
             "производства Германии.",
        lang="ru", published="2025-03-28"))
    assert {c.value.low: c.subject.side for c in got}[485] == "UA"


def test_a_bare_singular_item_in_a_loss_list_counts_one_and_a_qualifier_stays_with_its_count():
    got = Extractor().extract(Document(
        text="Сводка Министерства обороны Российской Федерации.\n\nПотери ВСУ составили до 230 военнослужащих, танк, "
             "четыре боевые бронированные машины и 343 беспилотных летательных аппарата.",
        lang="ru", published="2025-03-28"))
    by = {(c.metric, c.value.low): c for c in got}
    assert by[("personnel.casualties", 230)].value.qualifier == "at_most"
    assert ("equipment.tanks", 1) in by and by[("equipment.afv", 4)].value.qualifier == "exact"
    assert ("equipment.uav", 343) in by
