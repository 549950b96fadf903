"""General Staff importer: fixtures in the dataset's format, and the full shared files when present."""
import time
from pathlib import Path

import pytest

from counterclaim.errors import SeriesError
from counterclaim.ledger import Ledger
from counterclaim.series import genstaff

FIX = Path(__file__).parent / "fixtures" / "series" / "genstaff"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "petroivaniuk-ua-general-staff"


def value(led, series, metric, day):
    return led.scalar("SELECT value FROM series_points WHERE series = ? AND metric = ? AND subject_side = 'RU' "
                      "AND date = ?", (series, metric, day))


def test_fields_map_to_metrics_with_source_and_licence(tmp_path):
    with Ledger(tmp_path / "l.db") as led:
        counts = genstaff.import_genstaff(led, FIX)
        assert counts == {"genstaff": 5 + 2 + 2 * 10 + 3 * 12, "genstaff.corrections": 13}
        assert value(led, "genstaff", "personnel.casualties", "2025-03-02") == 876720
        assert value(led, "genstaff", "equipment.tanks", "2025-03-03") == 10252
        assert value(led, "genstaff", "equipment.afv", "2025-03-03") == 21290
        assert value(led, "genstaff", "equipment.other", "2025-03-03") == 3768
        assert value(led, "genstaff", "equipment.ships", "2025-03-03") == 28      # naval ships, not submarines
        assert value(led, "genstaff", "equipment.vehicles", "2022-02-26") == 190  # military auto + fuel tank
        assert value(led, "genstaff", "equipment.vehicles", "2025-03-03") == 39327
        assert value(led, "genstaff", "personnel.captured", "2022-02-26") == 0
        assert value(led, "genstaff", "equipment.missiles", "2022-02-26") is None  # not tracked yet
        assert value(led, "genstaff.corrections", "equipment.tanks", "2025-03-02") == -2
        row = led.query_one("SELECT * FROM series WHERE series = 'genstaff'")
        assert row["licence"].startswith("MIT") and "General Staff" in row["source"]
        assert led.scalar("SELECT licence FROM sources WHERE name = ?", (genstaff.SOURCE,)).startswith("MIT")


def test_reimport_and_single_files_keep_the_other_file(tmp_path):
    with Ledger(tmp_path / "l.db") as led:
        genstaff.import_genstaff(led, FIX)
        n = led.scalar("SELECT count(*) FROM series_points")
        genstaff.import_genstaff(led, FIX / "russia_losses_personnel.json")
        genstaff.import_genstaff(led, FIX)
        assert led.scalar("SELECT count(*) FROM series_points") == n


def test_stream_reader_handles_objects_across_reads(tmp_path, monkeypatch):
    monkeypatch.setattr(genstaff, "_CHUNK", 64)
    rows = list(genstaff.iter_json_array(FIX / "russia_losses_equipment.json"))
    assert [r["date"] for r in rows] == ["2022-02-25", "2022-02-26", "2025-03-01", "2025-03-02", "2025-03-03"]
    assert rows[1]["greatest losses direction"] == "Kyiv"


@pytest.mark.parametrize("text, reason", [
    ("", "empty file"), ('{"date": "2025-01-01"}', "expected a JSON array"),
    ('[{"date": "2025-01-01", "tank": 1}', "not closed"), ('[{"date": "2025-01-01", "tank": }]', "invalid JSON"),
    ("[1, 2]", "expected objects"),
])
def test_malformed_files_name_the_file_and_reason(tmp_path, text, reason):
    p = tmp_path / "russia_losses_equipment.json"
    p.write_text(text)
    with Ledger(tmp_path / "l.db") as led, pytest.raises(SeriesError) as e:
        genstaff.import_genstaff(led, p)
    assert str(p) in str(e.value) and reason in str(e.value)
    with Ledger(tmp_path / "l.db") as led:
        assert led.scalar("SELECT count(*) FROM series_points") == 0  # nothing half-imported


def test_missing_path(tmp_path):
    with Ledger(tmp_path / "l.db") as led, pytest.raises(SeriesError, match="no such file"):
        genstaff.import_genstaff(led, tmp_path / "nope")


def test_full_shared_dataset(tmp_path):
    if not SHARED.is_dir():
        pytest.skip("../shared/data is absent")
    with Ledger(tmp_path / "l.db") as led:
        t = time.perf_counter()
        genstaff.import_genstaff(led, SHARED)
        took = time.perf_counter() - t
        assert value(led, "genstaff", "personnel.casualties", "2025-04-26") == 947610
        assert value(led, "genstaff", "equipment.tanks", "2025-04-26") == 10711
        assert value(led, "genstaff", "equipment.vehicles", "2025-04-26") == 46051
        assert value(led, "genstaff", "personnel.casualties", "2026-08-08") == 1456610
        assert led.scalar("SELECT count(*) FROM series_points WHERE series = 'genstaff.corrections' "
                          "AND metric = 'equipment.afv'") == 28
        assert took < 30  # generous: "seconds", measured properly by benchmarks/bench_link.py
