"""Declension and conjugation for the languages pymorphy3 has dictionaries for (Ukrainian, Russian).

A lexicon lists a phrase once, in its dictionary form ("особовий склад", "крилата ракета",
"збити"); the matchers need every form the text may use ("особового складу", "крилатих ракет",
"збито", "збили"). A noun phrase is declined the way these languages build one: the adjectives
before its head noun agree with it in case and number (and gender in the singular), the words
after the head (a genitive complement, "засоби протиповітряної оборони") stay as they are.
Parses are chosen by part of speech, never by pymorphy3's first guess ("танків" is also the
genitive of "танок", a dance).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")
NUMBERS = ("sing", "plur")
_WORD = re.compile(r"[\w'’ʼ\-]+|\S")


@lru_cache(maxsize=None)
def analyzer(code: str):
    import pymorphy3
    return pymorphy3.MorphAnalyzer(lang=code)


def _variants(word: str) -> set[str]:
    """A Russian word is often printed with "е" for "ё"; Ukrainian apostrophes come in three shapes."""
    out = {word}
    if "ё" in word:
        out.add(word.replace("ё", "е"))
    for a in ("'", "’", "ʼ"):
        if a in word:
            out |= {word.replace(a, b) for b in ("'", "’", "ʼ")}
    return out


def _best(code: str, word: str, pos: tuple[str, ...]):
    """The parse of ``word`` whose part of speech is one of ``pos``, preferring the nominative."""
    parses = [p for p in analyzer(code).parse(word) if p.tag.POS in pos]
    if not parses:
        return None
    return next((p for p in parses if p.tag.case == "nomn"), parses[0])


def _inflect(p, grams: set[str]) -> Optional[str]:
    try:
        q = p.inflect(grams)
    except (ValueError, KeyError):
        return None
    return q.word if q is not None else None


def phrase_forms(code: str, phrase: str) -> list[str]:
    """Every case and number of a noun phrase given in its dictionary form."""
    words = phrase.split()
    head_i, head = None, None
    extra: set[str] = set()
    if len(words) == 1:
        adj = next((p for p in analyzer(code).parse(words[0].lower()) if p.word == words[0].lower()
                    and p.tag.POS in ("ADJF", "PRTF") and "Fixd" not in p.tag), None)
        if adj is not None:   # may be an adjective ("Курська", "поранений"): every gender, case and number too
            extra = {f.word for f in adj.lexeme}
    for i, w in enumerate(words):
        if i < len(words) - 1 and _best(code, w.lower(), ("ADJF", "PRTF")) is not None:
            continue           # an adjective before the head ("Курська" is also a surname)
        p = _best(code, w.lower(), ("NOUN",))
        if p is not None and "Fixd" not in p.tag and "Abbr" not in p.tag and w.lower() == p.word:
            head_i, head = i, p
            break
    out = {phrase.lower()}
    if head is None:
        if len(words) == 1:        # a numeral, adjective or participle: every form of its lexeme
            w = words[0].lower()
            parses = [p for p in analyzer(code).parse(w) if "Fixd" not in p.tag]
            # the dictionary form first; an adjective may be listed in another gender ("Курская")
            p = next((p for p in parses if p.normal_form == w), None) or \
                next((p for p in parses if p.word == w and p.tag.POS in ("ADJF", "PRTF")), None)
            if p is not None:
                out |= {f.word for f in p.lexeme}
        return sorted(out | extra)
    mods = [_best(code, w.lower(), ("ADJF", "PRTF", "NUMR")) for w in words[:head_i]]
    plural_only = head.tag.number == "plur" and not any(
        p.tag.number != "plur" for p in analyzer(code).parse(words[head_i].lower()) if p.tag.POS == "NOUN")
    for number in (("plur",) if plural_only or head.tag.number == "plur" else NUMBERS):
        for case in CASES:
            gram = {case, number}
            h = _inflect(head, gram)
            if h is None and number == "sing":   # the Ukrainian dictionary leaves the singular unmarked
                gram = {case}
                h = _inflect(head, gram)
            if h is None:
                continue
            if number == "sing" and head.tag.gender:
                gram.add(head.tag.gender)
            parts = []
            for w, m in zip(words[:head_i], mods):
                f = _inflect(m, gram) if m is not None else None
                if f is None and m is not None and case == "accs" and head.tag.animacy == "anim":   # = genitive
                    f = _inflect(m, (gram - {"accs"}) | {"gent"})
                parts.append(f or w.lower())
            out.add(" ".join(parts + [h] + [w.lower() for w in words[head_i + 1:]]))
            if number == "sing" and case in ("gent", "nomn") and mods:
                # after 2–4 (and 22, 343 …) the noun is genitive singular, its adjectives plural:
                # "343 беспилотных летательных аппарата", "три боевые машины"
                h2 = _inflect(head, {"gent", "sing"}) or _inflect(head, {"gent"})
                for adj_case in ("gent", "nomn"):
                    adj = [(_inflect(m, {adj_case, "plur"}) if m is not None else None) or w.lower()
                           for w, m in zip(words[:head_i], mods)]
                    if h2:
                        out.add(" ".join(adj + [h2] + [w.lower() for w in words[head_i + 1:]]))
    return sorted(out | extra)


def _cased_like(form: str, original: str) -> str:
    """``form`` written with the capitals of ``original`` word by word ("курської області" for
    "Курська область", "ЗСУ" kept)."""
    ws, os_ = form.split(" "), original.split()
    if len(ws) != len(os_):
        return form
    out = []
    for w, o in zip(ws, os_):
        if o.isupper() and len(o) > 1:
            out.append(o if w == o.lower() else w.upper())
        elif o[:1].isupper():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


def all_noun_forms(code: str, phrases: Iterable[str]) -> list[str]:
    """Every form of each phrase, keeping the capitals the lexicon wrote."""
    out: set[str] = set()
    for ph in phrases:
        for f in phrase_forms(code, ph):
            out |= _variants(_cased_like(f, ph))
    return sorted(out)


def all_verb_forms(code: str, lemmas: Iterable[str]) -> list[str]:
    """Every form of each verb (or participle) lemma: "збити" → "збив", "збили", "збито"…; a lemma
    of several words ("завдати удару") conjugates its first word only."""
    out: set[str] = set()
    for lemma in lemmas:
        first, _, rest = lemma.lower().partition(" ")
        forms = {first}
        p = next((p for p in analyzer(code).parse(first) if p.normal_form == first), None)
        if p is not None:
            forms |= {f.word for f in p.lexeme}
        for f in forms:
            out |= _variants((f + " " + rest).strip())
    return sorted(out)


@lru_cache(maxsize=65536)
def singular(code: str, word: str):
    """True for a noun in the singular (no reading of it plural), False for a plural noun, None for a
    word that is no noun (an adjective before the head: "боевую машину")."""
    parses = analyzer(code).parse(word.lower())
    if parses and parses[0].tag.POS in ("ADJF", "PRTF"):
        return None
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    if not nouns:
        return None
    return all(p.tag.number != "plur" for p in nouns)


@lru_cache(maxsize=65536)
def imperative(code: str, word: str) -> bool:
    """The word's best reading is a verb in the imperative mood, second person ("ігноруйте", "соблюдайте")."""
    parses = analyzer(code).parse(word.lower())
    return bool(parses) and parses[0].tag.POS == "VERB" and "impr" in parses[0].tag and parses[0].tag.person != "1per"


@lru_cache(maxsize=65536)
def lemma(code: str, word: str) -> str:
    """The dictionary form of a word, preferring a noun reading (names are nouns)."""
    w = word.lower()
    p = _best(code, w, ("NOUN",)) or (analyzer(code).parse(w) or [None])[0]
    return p.normal_form if p is not None else w


def language(code: str):
    """The Language of a pymorphy3 language: spaCy's tokenizer, its lexicons declined and conjugated here."""
    from functools import partial
    from counterclaim.extract.lang import Language
    return Language(code=code, model="blank:" + code, has_parser=False,
                    noun_forms=partial(all_noun_forms, code), verb_forms=partial(all_verb_forms, code),
                    lemma=partial(lemma, code), singular=partial(singular, code),
                    imperative=partial(imperative, code))
