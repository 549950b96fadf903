"""Oryx importer: forward fill between recorded dates, categories summed into metrics, summaries left out."""
from pathlib import Path

import pytest

from counterclaim.errors import SeriesError
from counterclaim.ledger import Ledger
from counterclaim.series import oryx

FIX = Path(__file__).parent / "fixtures" / "series" / "oryx" / "daily_count.csv"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "oryx-scarnecchia"


def series(led, metric, side="RU"):
    return {r["date"]: r["value"] for r in led.query(
        "SELECT date, value FROM series_points WHERE series = 'oryx' AND metric = ? AND subject_side = ? ORDER BY date",
        (metric, side))}


def test_forward_fill_and_sums(tmp_path):
    with Ledger(tmp_path / "l.db") as led:
        oryx.import_oryx(led, FIX)
        tanks = series(led, "equipment.tanks")
        assert tanks == {"2025-02-27": 3760, "2025-02-28": 3760, "2025-03-01": 3760, "2025-03-02": 3771,
                         "2025-03-03": 3771}
        afv = series(led, "equipment.afv")  # IFVs carried forward, APCs join on 28 Feb
        assert afv == {"2025-02-27": 5400, "2025-02-28": 6250, "2025-03-01": 6250, "2025-03-02": 6250,
                       "2025-03-03": 6260}
        # a category renamed over time is one category, not two summed
        assert series(led, "equipment.vehicles")["2025-03-03"] == 3460
        assert series(led, "equipment.tanks", "UA") == {"2025-03-01": 1210, "2025-03-02": 1210, "2025-03-03": 1210}
        assert series(led, "equipment.air_defense", "UA")["2025-03-03"] == 155  # the type name's stray newline
        # "All Types" and Oryx's summary headers are not metrics
        assert led.scalar("SELECT count(*) FROM series_points WHERE value IN (20950, 17594)") == 0
        row = led.query_one("SELECT * FROM series WHERE series = 'oryx'")
        assert row["licence"].startswith("CC BY 4.0") and "Oryx" in row["source"]


def test_bad_csv(tmp_path):
    p = tmp_path / "daily_count.csv"
    p.write_text("a,b\n1,2\n")
    with Ledger(tmp_path / "l.db") as led, pytest.raises(SeriesError, match="no column country"):
        oryx.import_oryx(led, p)
    p.write_text(FIX.read_text().replace("2025-03-02", "March 2nd", 1))
    with Ledger(tmp_path / "l.db") as led, pytest.raises(SeriesError, match="record 3: bad date"):
        oryx.import_oryx(led, p)


def test_full_shared_file(tmp_path):
    if not (SHARED / "daily_count.csv").is_file():
        pytest.skip("../shared/data is absent")
    with Ledger(tmp_path / "l.db") as led:
        oryx.import_oryx(led, SHARED)
        tanks = series(led, "equipment.tanks")
        # 2025-04-26 is not a recorded date: the 2025-04-20 tally is carried forward
        assert tanks["2025-04-20"] == 3926 and tanks["2025-04-26"] == 3926
        assert tanks["2025-07-19"] == 4074
        assert max(tanks) == "2025-07-19"
        days = sorted(tanks)
        assert len(days) == len(set(days)) and all(tanks[a] <= tanks[b] + 50 for a, b in zip(days, days[1:]))
