"""``counterclaim extract`` as a user runs it: good files, hostile files, and options."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIX = Path(__file__).parent / "fixtures" / "extract"
CLI = [sys.executable, "-m", "counterclaim"]


def _run(*args, stdin=None):
    return subprocess.run(CLI + list(args), capture_output=True, text=True, timeout=600, input=stdin)


def test_bad_inputs_fail_alone_with_one_line_each(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (tmp_path / "latin1.txt").write_bytes("Les pertes s'élèvent à 300 soldats.".encode("latin-1"))
    with open(tmp_path / "huge.txt", "wb") as fh:     # sparse: 50 MB on paper, nothing read
        fh.truncate(50 * 1024 * 1024)
    (tmp_path / "folder").mkdir()
    good = FIX / "wire.txt"
    bad = [tmp_path / "missing.txt", tmp_path / "folder", tmp_path / "empty.txt", tmp_path / "binary.txt",
           tmp_path / "latin1.txt", tmp_path / "huge.txt"]
    out = _run("extract", str(bad[0]), str(good), *map(str, bad[1:]), "--published", "2025-10-07")
    assert out.returncode == 1
    errors = [l for l in out.stderr.splitlines() if l.startswith("counterclaim: error:")]
    assert len(errors) == len(bad), out.stderr
    for path, line in zip(bad, errors):
        assert str(path) in line
    reasons = " ".join(errors).lower()
    for word in ("no such file", "directory", "empty", "binary", "utf-8", "too large"):
        assert word in reasons, word
    claims = [json.loads(l) for l in out.stdout.splitlines()]
    assert claims and all(c["quote"] for c in claims)
    assert any(c["metric"] == "personnel.casualties" and c["value"]["low"] == 1270 for c in claims)


def test_table_format_and_stdin():
    text = "Ukraine's General Staff said on Monday that Russia had lost 1,130 soldiers over the past day.\n"
    out = _run("extract", "-", "--format", "table", "--published", "2025-02-03", stdin=text)
    assert out.returncode == 0, out.stderr
    assert "ua.general_staff" in out.stdout and "1130" in out.stdout


def test_published_overrides_and_is_validated():
    out = _run("extract", str(FIX / "wire.txt"), "--published", "2025-13-45")
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr
    out = _run("extract", str(FIX / "wire.txt"), "--published", "2024-10-08")
    stated = {json.loads(l)["stated_on"] for l in out.stdout.splitlines()}
    assert "2024-10-08" in stated and not any(s and s.startswith("2025") for s in stated)


def test_no_arguments_is_a_usage_error():
    out = _run("extract")
    assert out.returncode == 2 and "Usage" in out.stderr
