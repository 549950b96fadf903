"""Floors on the Ukrainian and Russian annotated sets (tests/fixtures/lang): the tune halves were tuned
on, the sealed halves never were (scored only, their misses unread). The floors are the scores measured
when they were set, so that a change which loses ground on text it was not written for fails here;
issue 11's targets (0.90 figure F1 and claimant accuracy on the sealed halves) are not reached yet."""
from __future__ import annotations

from pathlib import Path

import pytest

from counterclaim.eval import runner

LANG = Path(__file__).resolve().parents[1] / "fixtures" / "lang"
#: (figure F1, claimant accuracy, statements' kind accuracy)
FLOORS = {("uk", "tune"): (0.89, 0.91, 0.85), ("uk", "sealed"): (0.77, 0.87, 0.85),
          ("ru", "tune"): (0.87, 0.83, 0.85), ("ru", "sealed"): (0.85, 0.84, 0.85)}


@pytest.mark.parametrize("lang,half", sorted(FLOORS))
def test_language_half_keeps_its_floor(extractor, lang, half):
    res = runner.run(str(LANG / lang / half), extractor=extractor).to_dict()
    f1, claimant, kind = FLOORS[(lang, half)]
    assert res["figure"]["f1"] >= f1, res["figure"]
    assert res["fields"]["claimant"] >= claimant, res["fields"]
    assert res["statements"]["kind_acc"] >= kind, res["statements"]


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_every_annotated_document_is_read_in_its_language(lang):
    from counterclaim.ingest import read_path
    from counterclaim.settings import Settings
    for half in ("tune", "sealed"):
        for path in sorted((LANG / lang / half).iterdir()):
            if path.name in ("gold.jsonl",) or path.suffix == ".md":
                continue
            docs = list(read_path(str(path), Settings()))
            assert docs and docs[0].lang == lang, path.name
