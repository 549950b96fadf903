from counterclaim.extract.breakdown import Draft, link_parts, plausible


def _d(idx, sent, metric, value, before="", after="", period=(None, None), total=False, first=False, side="RU"):
    return Draft(idx=idx, sent_index=sent, paragraph=0, metric=metric, low=value, high=value, fig_start=idx * 10,
                 fig_end=idx * 10 + 5, before=before, after=after, subject_side=side, claimant_key="k",
                 claimant_side="UA", period=period, is_total=total, sentence_first=first)


def test_of_this_number_and_sibling_parts():
    drafts = [_d(0, 0, "personnel.casualties", 62400, before="had lost "),
              _d(1, 1, "personnel.killed", 25200, before="Of this number, ", first=True),
              _d(2, 1, "personnel.wounded", 36200, before=" were irreversible losses and ")]
    link_parts(drafts)
    assert [d.part_of for d in drafts] == [None, 0, 0]


def test_including_and_n_of_them():
    drafts = [_d(0, 0, "personnel.killed", 34, before="killed at least "),
              _d(1, 0, "personnel.killed", 2, before=" people, including "),
              _d(2, 1, "personnel.returned", 390, side="UA"),
              _d(3, 1, "personnel.returned", 270, after=" of them military personnel", side="UA")]
    link_parts(drafts)
    assert drafts[1].part_of == 0 and drafts[3].part_of == 2


def test_totals_after_their_parts_and_sub_periods():
    drafts = [_d(0, 0, "personnel.killed", 300, side="KP"), _d(1, 0, "personnel.wounded", 2700, side="KP"),
              _d(2, 1, "personnel.casualties", 3000, total=True, side="KP")]
    link_parts(drafts)
    assert [d.part_of for d in drafts] == [2, 2, None]
    days = [_d(0, 0, "personnel.returned", 1000, period=("2025-05-23", "2025-05-25"), total=True, side="UA"),
            _d(1, 1, "personnel.returned", 390, period=("2025-05-23", "2025-05-23"), side="UA"),
            _d(2, 2, "personnel.returned", 307, before="A further ", period=("2025-05-24", "2025-05-24"), side="UA")]
    link_parts(days)
    assert [d.part_of for d in days] == [None, 0, 0]


def test_no_part_larger_than_its_total_or_of_another_side():
    drafts = [_d(0, 0, "personnel.casualties", 100), _d(1, 1, "personnel.killed", 500, before="Of this number, ", first=True),
              _d(2, 2, "personnel.killed", 50, before="Of this number, ", first=True, side="UA")]
    link_parts(drafts)
    assert drafts[1].part_of is None and drafts[2].part_of is None


def test_populations_are_not_claims():
    assert not plausible("personnel.casualties", 146_000_000) and plausible("personnel.casualties", 950_000)
    assert plausible("equipment.uav", 46_722)
