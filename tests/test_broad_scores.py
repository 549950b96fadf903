"""Floors on the broad annotated set (tests/fixtures/broad): the tune half was tuned on, the sealed
half never was. The floors are the scores measured when they were set, so that a change which loses
ground on text it was not written for fails here; the issue's target (0.90) is not reached yet."""
from __future__ import annotations

from pathlib import Path

import pytest

from counterclaim.eval import runner

BROAD = Path(__file__).resolve().parent / "fixtures" / "broad"
FLOORS = {"tune": (0.86, 0.80), "sealed": (0.79, 0.84)}   # (figure F1, claimant accuracy)


@pytest.mark.parametrize("half", sorted(FLOORS))
def test_broad_half_keeps_its_floor(extractor, half):
    res = runner.run(str(BROAD / half), extractor=extractor).to_dict()
    f1, claimant = FLOORS[half]
    assert res["figure"]["f1"] >= f1, res["figure"]
    assert res["fields"]["claimant"] >= claimant, res["fields"]
