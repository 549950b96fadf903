"""Language packages: one folder per language, the same lexicons in each, no silent English."""
import ast
import json
import re
from pathlib import Path

import pytest

from counterclaim.errors import VocabError
from counterclaim.extract.lang import LANG_DIR, available, get_language
from counterclaim.extract.lang.detect import detect
from counterclaim.ingest.language import language_of
from counterclaim.settings import Settings


def test_the_three_languages_have_packages_and_others_are_a_clear_error():
    assert available() == ["en", "ru", "uk"]
    with pytest.raises(VocabError, match="'de'.*available: en, ru, uk"):
        get_language("de")


@pytest.mark.parametrize("code", ["uk", "ru"])
def test_every_lexicon_of_english_exists_with_the_same_entries(code):
    for en_file in sorted((LANG_DIR / "en").glob("*.json")):
        other = LANG_DIR / code / en_file.name
        assert other.is_file(), other
        en_keys = set(json.loads(en_file.read_text(encoding="utf-8")))
        keys = set(json.loads(other.read_text(encoding="utf-8")))
        # English-only grammar (irregular verb forms) may be absent; nothing English requires is
        missing = en_keys - keys - {"irregular_verbs", "territory_lemmas", "speech_strong"}
        assert not missing, (other, missing)


def _code_strings(py: Path) -> list[str]:
    """The string literals of a module that are not docstrings (comments are not code)."""
    tree = ast.parse(py.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_stage_modules_hold_no_ukrainian_or_russian_words():
    """Ukrainian and Russian live in their folders only (the English literals still in the stages are
    issue 11's open rest: see the closing note)."""
    src = Path(__file__).resolve().parents[2] / "src" / "counterclaim" / "extract"
    for py in src.glob("*.py"):
        for literal in _code_strings(py):
            words = re.findall(r"[\u0400-\u04ff]{2,}", literal)
            assert not words, (py.name, words[:5])


@pytest.mark.parametrize("text,code", [
    ("Загальні бойові втрати противника орієнтовно склали: танків ‒ 3700 (+1) од", "uk"),
    ("Збито 61 ударний БпЛА", "uk"),
    ("Ворог атакував Сумщину вночі, загинули двоє людей", "uk"),
    ("Потери ВСУ составили до 230 военнослужащих", "ru"),
    ("Средствами ПВО сбиты 126 беспилотников", "ru"),
    ("Russia lost 450 troops overnight, Kyiv said", "en"),
])
def test_language_is_detected_from_short_texts(text, code):
    assert detect(text)[0] == code


def test_explicit_language_wins_and_declared_one_counts_only_when_the_text_cannot_tell():
    assert language_of("Потери ВСУ составили до 230 военнослужащих", Settings(lang="uk")) == "uk"
    assert language_of("Потери ВСУ составили до 230 военнослужащих", Settings(), declared="en") == "ru"
    assert language_of("12 345 (+6)", Settings(), declared="uk") == "uk"
    assert language_of("12 345", Settings()) == "en"
