"""Document structure before sentences (issue 10): lists in any layout, HTML pages' structure and
datelines, transcripts' speaker turns, attacks aimed at a side. Each test is of a class, on small
texts written for it."""
from __future__ import annotations

import pytest

from counterclaim.errors import IngestError
from counterclaim.ingest import html
from counterclaim.records import Document
from counterclaim.settings import Settings

BULLETIN_LINES = [
    "The total combat losses of the enemy from 24.02.22 to 14.07.24 were approximately:",
    "personnel ‒ about 561,200 (+1,000) persons,",
    "tanks – 8,300 (+9) units,",
    "artillery systems -4,100 (+20),",
    "Data are being updated.",
]


def _figures(extractor, text, fmt="text", published="2024-07-14"):
    doc = Document(text=text, format=fmt, published=published)
    return [c for c in extractor.extract(doc) if c.value is not None]


@pytest.mark.parametrize("joiner", ["\n", "\n\n", "\n\n\n"])
def test_a_heading_reaches_every_item_whatever_the_blank_lines(extractor, joiner):
    claims = _figures(extractor, joiner.join(BULLETIN_LINES))
    got = {(c.metric, c.value.low) for c in claims}
    assert {("personnel.casualties", 561200), ("personnel.casualties", 1000), ("equipment.tanks", 8300),
            ("equipment.tanks", 9), ("equipment.artillery", 4100), ("equipment.artillery", 20)} <= got
    for c in claims:
        assert c.claimant.key == "ua.general_staff" and c.subject.side == "RU" and c.value.qualifier == "approx"
    totals = [c for c in claims if c.value.low > 1000]
    assert all(c.period.start == "2022-02-24" and c.period.end == "2024-07-14" for c in totals)


def test_an_unknown_item_label_takes_no_other_items_metric(extractor):
    text = "\n".join(BULLETIN_LINES[:2] + ["gizmos ‒ 77 (+1),"])
    assert not [c for c in _figures(extractor, text) if c.value.low == 77]


def test_two_items_with_the_same_zero_are_two_claims(extractor):
    text = "\n".join(BULLETIN_LINES[:1] + ["warships / boats ‒ 28 (+0),", "submarines ‒ 1 (+0),"])
    zeros = [c for c in _figures(extractor, text) if c.value.low == 0]
    assert len(zeros) == 2


def _page(body: str, head: str = "") -> bytes:
    return ("<html lang='en'><head><title>Total combat losses of the enemy</title>%s</head><body>"
            "<nav><a href='/'>Home</a></nav><h1>Total combat losses of the enemy</h1>"
            "<div class='byline'>Ministry of Defence, posted <span>14 July 2024</span> 08:06</div>"
            "<div class='content'>%s</div><aside>Older: losses of 01.02.2023</aside></body></html>" % (head, body)).encode()


LIST = ("<p>The total combat losses of the enemy from 24.02.22 to 14.07.24 were approximately:</p>"
        "<ul><li><div>personnel ‒ about 561200 (+1000) persons,&nbsp;</div></li>"
        "<li><div><a tabindex='-1'></a>tanks – 8300 (+9),</div></li></ul><p>Data are being updated.</p>")


def test_html_list_items_stay_under_their_heading_and_no_text_is_lost():
    doc = html.page(_page(LIST), Settings(), "p.html")
    assert "approximately:\npersonnel ‒ about 561200 (+1000) persons,\ntanks – 8300 (+9)," in doc.text
    assert "\u00a0" not in doc.text


def test_html_publication_date_is_the_dateline_never_a_date_in_the_body():
    doc = html.page(_page(LIST), Settings(), "p.html")
    assert doc.published == "2024-07-14"
    meta = "<meta property='article:published_time' content='2024-07-15T07:00:00+03:00'>"
    assert html.page(_page(LIST, meta), Settings(), "p.html").published == "2024-07-15"


def test_a_bot_check_page_is_no_article():
    page = b"<html lang='en'><head><title>We apologize for the inconvenience...</title></head><body>" \
           b"<p>...but your activity and behavior on this site made us think that you are a bot.</p></body></html>"
    with pytest.raises(IngestError, match="no article text"):
        html.page(page, Settings(), "captcha.html")


TRANSCRIPT = """Press Briefing by the Press Secretary, March 3, 2024

Q Thanks. Russia says it destroyed 300 Ukrainian drones this week. Do you believe that?

MR. KIRBY: We don't put stock in that. Russia launched more than 480 missiles at Ukraine since the invasion began.

And they killed at least 50 civilians in one strike last week.
"""


def test_speaker_turns_name_the_claimant_and_questions_claim_nothing(extractor):
    claims = _figures(extractor, TRANSCRIPT, published="2024-03-03")
    values = {c.value.low: c for c in claims}
    assert 300 not in values   # a figure inside the reporter's question
    assert values[480].claimant.key == "us.government" and values[480].subject.side == "RU"
    assert values[50].claimant.key == "us.government"


def test_one_capitalised_label_makes_no_transcript(extractor):
    text = "BREAKING: Ukraine's General Staff said 1,200 Russian soldiers were killed over the past day."
    claims = _figures(extractor, text, published="2024-03-03")
    assert claims and claims[0].claimant.key == "ua.general_staff"


def test_a_war_total_takes_the_country_not_an_earlier_sentences_town(extractor):
    text = ("A drone struck a residential building in Sumy, killing three people, the regional governor said.\n"
            "The General Staff said Russia's total casualties in the war now stand at 1,020,000.")
    claims = {c.value.low: c for c in _figures(extractor, text, published="2025-06-01")}
    assert claims[3].location.key == "UA-59"
    assert claims[1020000].location.key == "UA"


def test_each_side_of_an_exchange_gets_its_own_people_back(extractor):
    text = ("Ukraine brought home 103 soldiers, and Russia got back 103 of its servicemen, "
            "Russia's Defence Ministry said.")
    sides = sorted(c.subject.side for c in _figures(extractor, text) if c.metric == "personnel.returned")
    assert sides == ["RU", "UA"]


def test_drones_shot_down_of_a_launch_are_the_launchers_losses(extractor):
    text = "Russia launched 72 drones overnight; air defences shot down 48 of them, the Air Force said."
    got = {c.value.low: (c.metric, c.subject.side) for c in _figures(extractor, text)}
    assert got[72] == ("attack.uav", "RU") and got[48] == ("equipment.uav", "RU")


def test_a_sides_generic_body_is_that_sides_body(extractor):
    claims = _figures(extractor, "Russia's MoD said its forces destroyed 41 Ukrainian drones overnight.")
    assert claims[0].claimant.key == "ru.mod"


def test_the_lede_place_is_never_taken_from_a_later_sentence(extractor):
    text = ("Russian aircraft dropped 12 guided bombs on the town overnight, Governor Ivan Fedorov said.\n"
            "Separately, drones were shot down over the Kursk region, officials in Moscow said.")
    claims = _figures(extractor, text)
    assert claims[0].value.low == 12 and (claims[0].location is None or claims[0].location.key != "RU-KRS")


def test_a_named_header_in_a_role_is_the_channels_claimant(extractor):
    text = ("Ivan Fedorov | Head of Zaporizhzhia Regional Military Administration\n\n"
            "Over the past day, the enemy attacked the region with 12 drones. 3 people were injured.")
    claims = _figures(extractor, text, published="2025-06-01")
    assert claims and all(c.claimant.text.startswith("Ivan Fedorov") and c.claimant.side == "UA" for c in claims)
    assert {c.value.low: c.subject.side for c in claims}[12] == "RU"


def test_of_those_killed_breaks_down_the_killed_total(extractor):
    text = "Monitors verified that 184 civilians were killed and 1,016 were injured. Of those killed, 14 were children."
    claims = {c.value.low: c for c in _figures(extractor, text)}
    assert claims[14].metric == "personnel.killed"


INTERVIEW = """Colonel Andrii Marchenko commands a brigade near Kostiantynivka. We spoke on Thursday.

Q: Russia's Defence Ministry says it destroyed 300 Ukrainian tanks here. Is that true?
A: No. Our brigade has lost 11 tanks since June.
"""


def test_interview_answers_are_the_interviewees_and_questions_claim_nothing(extractor):
    claims = _figures(extractor, INTERVIEW, published="2025-09-12")
    values = {c.value.low: c for c in claims}
    assert 300 not in values
    assert "Marchenko" in values[11].claimant.text and values[11].subject.side == "UA"


def test_a_list_written_inside_one_sentence_gives_each_item_its_label(extractor):
    text = ("The General Staff said the total combat losses of the enemy from 24.02.22 to 21.10.25 were approximately: "
            "personnel — about 1,132,260 (+1,010), tanks — 11,279 (+5), artillery systems — 33,904 (+52), "
            "MLRS — 1,524, aircraft — 428.")
    claims = {(c.metric, c.value.low): c for c in _figures(extractor, text, published="2025-10-21")}
    for key in [("personnel.casualties", 1132260), ("equipment.tanks", 11279), ("equipment.tanks", 5),
                ("equipment.artillery", 33904), ("equipment.mlrs", 1524), ("equipment.aircraft", 428)]:
        assert key in claims, key
    assert claims[("equipment.tanks", 11279)].subject.side == "RU"
    assert claims[("equipment.mlrs", 1524)].value.qualifier == "approx"     # the heading's "approximately"


def test_a_list_without_heading_whose_counts_have_daily_increments_is_a_loss_tally(extractor):
    text = ("31.12.2022\nTanks — 3029 (+3)\nAPV — 6075 (+16)\nArtillery systems — 2016 (+6)\nMLRS — 423\n"
            "Aircraft — 283\nHelicopters — 269 (+1)\nPersonnel — about 105960 people (+710)\n")
    claims = {(c.metric, c.value.low): c for c in _figures(extractor, text, published=None)}
    for key in [("equipment.tanks", 3029), ("equipment.tanks", 3), ("equipment.artillery", 2016),
                ("equipment.mlrs", 423), ("equipment.aircraft", 283), ("personnel.casualties", 105960)]:
        assert key in claims, key
    total = claims[("equipment.mlrs", 423)]
    assert total.claimant.key == "ua.general_staff" and total.subject.side == "RU"
    assert (total.period.start, total.period.end, total.stated_on) == ("2022-02-24", "2022-12-31", "2022-12-31")


def test_the_same_list_line_on_two_days_is_two_counts(extractor):
    day = "Tanks — 3029 (+3)\nAPV — 6075 (+16)\nArtillery systems — 2016 (+6)\nMLRS — 423\nAircraft — 283\nHelicopters — 269\n"
    text = "31.12.2022\n" + day + "30.12.2022\n" + day.replace("3029 (+3)", "3026 (+8)")
    mlrs = [c for c in _figures(extractor, text, published=None) if c.metric == "equipment.mlrs"]
    assert sorted(c.stated_on for c in mlrs) == ["2022-12-30", "2022-12-31"]


def test_a_total_broken_into_killed_and_wounded_counts_casualties(extractor):
    text = "At least 2,580 children have been harmed since the invasion. Of them, 631 were killed and 1,950 were wounded."
    claims = {c.value.low: c for c in _figures(extractor, text, published="2025-06-01")}
    assert claims[631].metric == "personnel.killed" and claims[1950].metric == "personnel.wounded"


def test_a_launch_of_missiles_and_drones_together_counts_both_and_troops_built_up_are_deployed(extractor):
    text = ("Ukrainian authorities report that Russia launched nearly 200 missiles and drones against Ukrainian cities. "
            "It is Russia that is building up tens of thousands of troops at the border.")
    claims = {c.value.low: c for c in _figures(extractor, text, published="2024-11-28")}
    assert claims[200].metric == "attack.other" and claims[200].subject.side == "RU"
    assert claims[20000].metric == "personnel.deployed" and claims[20000].value.qualifier == "vague"


def test_a_tally_without_heading_is_one_whether_its_items_share_a_paragraph_or_not(extractor):
    lines = ["Tanks — 3029 (+3)", "APV — 6075 (+16)", "Artillery systems — 2016 (+6)", "MLRS — 423",
             "Aircraft — 283", "Helicopters — 269 (+1)"]
    for sep in ("\n", "\n\n"):
        claims = {(c.metric, c.value.low): c for c in _figures(extractor, "31.12.2022\n\n" + sep.join(lines), published=None)}
        assert ("equipment.mlrs", 423) in claims and claims[("equipment.mlrs", 423)].claimant.key == "ua.general_staff", sep
