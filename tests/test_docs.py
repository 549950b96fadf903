"""The README documents every setting and every command (a new one without docs fails here)."""
from pathlib import Path

from counterclaim.cli import main
from counterclaim.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme_table():
    for name, default, help_text in SETTINGS:
        assert "| %s |" % name in README, name
        assert help_text in README, name


def test_every_command_is_shown_in_the_readme():
    for name in main.commands:
        assert "./run %s" % name in README or "counterclaim %s" % name in README, name


def test_the_two_setup_commands_come_first():
    head = README.split("\n## ")[0]
    assert "./run demo" in head and "./run test" in head
