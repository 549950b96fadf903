"""``counterclaim claimants`` and ``claims --claimant`` by a part of a name (hand-built ledger)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_fixtures as fx  # noqa: E402

from counterclaim.cli import main  # noqa: E402
from counterclaim.ledger import Ledger  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "ledger.db"
    fx.build_ledger(path, synthetic=5, xss=False)
    return str(path)


def test_claimants_json_gives_the_web_figures(db):
    r = CliRunner().invoke(main, ["claimants", "--db", db, "--format", "json", "--limit", "0"])
    assert r.exit_code == 0, r.output
    records = {t["claimant_id"]: t for t in json.loads(r.output)}
    with Ledger(db, readonly=True) as led:
        n = led.scalar("SELECT count(*) FROM claims WHERE claimant_id = 'ru.mod'")
    assert records["ru.mod"]["claims"] == n and records["ru.mod"]["revised"] == 1
    assert records["ru.mod"]["contradicted"] == 1
    claims = [t["claims"] for t in json.loads(r.output)]
    assert claims == sorted(claims, reverse=True)                  # -claims by default


def test_claimants_table_finds_a_person_by_part_of_the_name(db):
    r = CliRunner().invoke(main, ["claimants", "--db", db, "--claimant", "syniehubov"])
    assert r.exit_code == 0, r.output
    assert "Oleh Syniehubov" in r.output and "1 claimants" in r.output and "ru.mod" not in r.output
    r = CliRunner().invoke(main, ["claimants", "--db", db, "--claimant", "nobody"])
    assert r.exit_code == 0 and "No claimant matches 'nobody'" in r.output


def test_claimants_sort_is_checked(db):
    r = CliRunner().invoke(main, ["claimants", "--db", db, "--sort", "-revised", "--format", "json", "--limit", "1"])
    assert json.loads(r.output)[0]["claimant_id"] == "ru.mod"
    r = CliRunner().invoke(main, ["claimants", "--db", db, "--sort", "password"])
    assert r.exit_code == 2 and "--sort" in r.output


def test_claims_filter_by_any_part_of_a_name(db):
    r = CliRunner().invoke(main, ["claims", "--db", db, "--claimant", "Syniehubov", "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    who = sorted(json.loads(line)["claimant"]["text"] for line in r.output.splitlines())
    assert who == ["Governor Oleh Syniehubov", "Oleh Syniehubov", "Syniehubov"]


def test_claimants_of_a_missing_ledger_is_one_error_line(tmp_path):
    r = CliRunner().invoke(main, ["claimants", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1 and "none.db" in r.output
