import pytest

from counterclaim.extract.figures import find_figures
from counterclaim.extract.subjects import figure_side


def _side(sentence, metric, claimant_side, place=None, which=0):
    figs = find_figures(sentence)
    f = figs[which]
    nxt = figs[which + 1].start if which + 1 < len(figs) else len(sentence)
    return figure_side(sentence, f.start, f.end, nxt, metric, claimant_side, place)[0]


@pytest.mark.parametrize("sentence,metric,claimant,place,side", [
    ("Another 983 soldiers of the (Russian) army were taken prisoner.", "personnel.captured", "UA", None, "RU"),
    ("It allowed hundreds of our soldiers to return home.", "personnel.returned", "UA", None, "UA"),
    ("The enemy lost up to 135 troops.", "personnel.casualties", "RU", None, "UA"),
    ("The AFU losses amounted to up to 510 troops.", "personnel.casualties", "RU", None, "UA"),
    ("Its air defences destroyed 20 Ukrainian drones.", "equipment.uav", "RU", None, "UA"),
    ("Russia launched 267 attack drones at Ukraine.", "attack.uav", "UA", None, "RU"),
    ("A Russian missile strike on the Ukrainian city of Sumy killed at least 34 people.", "personnel.killed", "UA", "UA", "UA"),
    ("One civilian was killed by Ukrainian shelling.", "personnel.killed", "RU", "RU", "RU"),
    ("No soldiers were killed when a Russian drone struck a truck.", "personnel.killed", None, None, "UA"),
    ("Ukraine fired six US-made ATACMS missiles at Bryansk.", "attack.missiles", "RU", None, "UA"),
    ("HUR puts the Russian grouping at between 600,000 and 640,000 troops.", "personnel.deployed", "UA", None, "RU"),
])
def test_subject_side(sentence, metric, claimant, place, side):
    assert _side(sentence, metric, claimant, place) == side
