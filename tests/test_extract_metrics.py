import pytest

from counterclaim.extract.figures import find_figures
from counterclaim.extract.metrics import UNKNOWN_PERSONNEL, classify, statement_metrics


def _metric(sentence: str, which: int = 0, heading: str = "", lead: str = ""):
    figs = find_figures(sentence)
    f = figs[which]
    prev_end = figs[which - 1].end if which else 0
    nxt = figs[which + 1].start if which + 1 < len(figs) else len(sentence)
    g = classify(sentence, f.start, f.end, prev_end, nxt, heading=heading, lead=lead)
    return g.metric if g else None


@pytest.mark.parametrize("sentence,which,metric", [
    ("The Russian military had lost 62,400 soldiers in Kursk Oblast.", 0, "personnel.casualties"),
    ("Of this number, 25,200 were irreversible losses and 36,200 were injuries.", 0, "personnel.killed"),
    ("Of this number, 25,200 were irreversible losses and 36,200 were injuries.", 1, "personnel.wounded"),
    ("About 300 soldiers have been killed and 2,700 wounded.", 1, "personnel.wounded"),
    ("Another 983 soldiers were taken prisoner.", 0, "personnel.captured"),
    ("The exchange allowed 390 Ukrainians to come home.", 0, "personnel.returned"),
    ("Russia launched 267 attack drones at Ukraine.", 0, "attack.uav"),
    ("Air defence shot down 138 drones.", 0, "equipment.uav"),
    ("Ukraine lost four tanks and five infantry fighting vehicles.", 1, "equipment.afv"),
    ("Ukraine had lost 22,681 tanks and other armoured combat vehicles.", 0, "equipment.afv"),
    ("Russia fired three ballistic missiles and nearly 1,400 guided aerial bombs.", 1, "attack.bombs"),
    ("Our defenders stopped 41 Russian assault attempts.", 0, "event"),
    ("Russian forces gained approximately 507 square kilometres.", 0, "territory.control"),
    ("Seoul believes 11,000 troops have been deployed to Kursk.", 0, "personnel.deployed"),
])
def test_metric_of_figures(sentence, which, metric):
    assert _metric(sentence, which) == metric


@pytest.mark.parametrize("sentence", [
    "Pokrovsk was home to roughly 60,000 people before the war.",
    "Twenty tanks in an assault is a thing of the past.",
    "The assault included at least one T-90M tank.",
    "We and our 842 partners use cookies.",
])
def test_counts_that_are_no_claim(sentence):
    assert _metric(sentence) in (None, UNKNOWN_PERSONNEL)


def test_list_items_take_their_heading():
    heading = "The total combat losses of the enemy were approximately:"
    assert _metric("tanks ‒ 10,241 (+8) units,", heading=heading, lead="tanks") == "equipment.tanks"
    assert _metric("personnel ‒ about 876,720 (+1,110) persons,", heading=heading, lead="personnel") == "personnel.casualties"


def test_statement_metrics():
    assert statement_metrics("Officials claimed to have recaptured the region and confirmed the participation of "
                             "North Korean troops.") == ["territory.control", "participation"]
    assert statement_metrics("The ministry said it had targeted a meeting.") == ["event"]
    assert statement_metrics("The weather was cold.") == []
