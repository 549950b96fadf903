import pytest

from counterclaim.extract.statements import kind_cues


@pytest.mark.parametrize("text,attributed,quoted,kind", [
    ("Is there a breakdown by year somewhere?", False, False, "question"),
    ("Western partners should accelerate deliveries.", False, False, "recommendation"),
    ("We should not have waited a thousand days.", True, True, "opinion"),
    ("Russia will probably attempt a summer push.", False, False, "speculation"),
    ("I wonder if the brigades tipped it.", False, False, "speculation"),
    ("Those reports are great.", False, False, "opinion"),
    ("They were out of the town centre by the 11th.", False, False, "assertion"),
    ("The agency believes Pyongyang may send more troops.", True, False, "reported"),
    ("Russia should publish its lists, rights groups say.", True, False, "recommendation"),
    ("Tonight's attack was not about military targets.", True, True, "opinion"),
    ("Our number is a floor, not an estimate.", True, True, "reported"),
])
def test_statement_kinds(text, attributed, quoted, kind):
    assert kind_cues().kind(text, attributed, quoted) == kind
