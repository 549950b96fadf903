"""Places: find region, settlement, front-direction and country names and key them by ISO 3166.

The alias table is data (``lang/<lang>/places.json``), checked against pycountry once when loaded;
pycountry's own subdivision names of Ukraine and Russia and its country names fill in what the table
does not list. Matching is case-sensitive on capitalised names, so common words and adjectives
("Russian", "sumy" inside a word) are not places; at one position the longest name wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

import pycountry

from counterclaim.errors import VocabError
from counterclaim.extract import lexicon

__all__ = ["PlaceMention", "find_places", "resolve_place", "country_of_region", "load_places"]

#: Countries whose pycountry subdivision names are added as region names.
_AUTO_SUBDIVISIONS = ("UA", "RU")
#: Kinds an alias can have, strongest first (the order a bare alias is read in).
_ORDER = ("region", "settlement", "country", "auto")


@dataclass(frozen=True)
class PlaceMention:
    """One place named in a text, with its ISO key (``None`` when named but not keyed)."""
    start: int
    end: int
    text: str
    key: Optional[str]
    kind: str                      #: "region" | "settlement" | "country" | "direction"
    geonames: Optional[int] = None


@dataclass(frozen=True)
class _Table:
    """The loaded alias table of one language."""
    by_head: dict            # first letter-run of an alias -> aliases sharing it, longest first
    entries: dict            # alias -> {kind: key}; kinds: region, settlement, country, auto, stem
    geonames: dict           # settlement name -> geonames id
    region_suffix: re.Pattern
    direction_suffix: re.Pattern
    settlement_suffix: re.Pattern
    plural_ahead: re.Pattern
    river_after: re.Pattern
    rivers: frozenset
    lower_heads: frozenset = frozenset()   #: first letters of the lower-case aliases (none in English)


_HEAD = re.compile(r"[^\W\d_]+")
_CANDIDATE = re.compile(r"(?<![\w'’\-])[^\W\d_]")     # a word's first letter; capitals are checked


def country_of_region(key: str) -> str:
    """The ISO 3166-1 country of a region key ("RU-KRS" -> "RU"); a country key is its own country."""
    return key.split("-", 1)[0]


def _fail(path: str, entry: str, reason: str):
    raise VocabError("entry %s: %s" % (entry, reason), path=path)


def _strings(value, path: str, entry: str) -> list:
    if not isinstance(value, list) or not all(isinstance(s, str) and s.strip() for s in value):
        _fail(path, entry, "expected a list of non-empty strings")
    for s in value:
        if s != s.strip() or not s[0].isupper():
            _fail(path, entry, "alias %r must be trimmed and start with a capital letter" % s)
    return value


def _words(path: str, data: dict, name: str) -> list:
    value = data.get(name)
    if not isinstance(value, list) or not all(isinstance(s, str) and s for s in value):
        _fail(path, repr(name), "expected a list of non-empty strings")
    return value


def _suffix_re(words: list) -> re.Pattern:
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"[ \t\u00a0]+(?:%s)(?![\w])" % alt)


def _add(entries: dict, path: str, alias: str, kind: str, key, entry: str) -> None:
    have = entries.setdefault(alias, {})
    if kind in have and have[kind] != key:
        _fail(path, entry, "alias %r is both %s and %s" % (alias, have[kind], key))
    if kind == "region" and have.get("settlement", key) != key or kind == "settlement" and have.get("region", key) != key:
        _fail(path, entry, "alias %r names two different places" % alias)
    have[kind] = key


def _check_key(key: str, path: str, entry: str) -> None:
    if "-" in key:
        sub = pycountry.subdivisions.get(code=key)
        if sub is None:
            _fail(path, entry, "%r is not an ISO 3166-2 code known to pycountry" % key)
        if getattr(sub, "parent_code", None):
            _fail(path, entry, "%r is not a first-level region" % key)
    elif pycountry.countries.get(alpha_2=key) is None:
        _fail(path, entry, "%r is not an ISO 3166-1 alpha-2 code known to pycountry" % key)


@lru_cache(maxsize=None)
def load_places(lang: str = "en") -> _Table:
    """The checked alias table of ``lang``; loaded once. Aliases are declined by the language's
    grammar ("Курська область" → "Курській області"); a form that is another place's alias as
    written stays that place's."""
    data, path = lexicon.load(lang, "places"), lexicon.path_of(lang, "places")
    entries: dict = {}
    declined: list = []
    regions = data.get("regions")
    if not isinstance(regions, dict):
        _fail(path, "'regions'", "expected an object of ISO 3166-2 key -> {stems, names, settlements}")
    for key, spec in regions.items():
        _check_key(key, path, "regions.%s" % key)
        if not isinstance(spec, dict) or set(spec) - {"stems", "names", "settlements"}:
            _fail(path, "regions.%s" % key, "expected an object with only 'stems', 'names', 'settlements'")
        for field, kind in (("names", "region"), ("settlements", "settlement"), ("stems", "stem")):
            for alias in _strings(spec.get(field, []), path, "regions.%s.%s" % (key, field)):
                _add(entries, path, alias, kind, key, "regions.%s.%s" % (key, field))
                declined.append((alias, kind, key))
    countries = data.get("countries")
    if not isinstance(countries, dict):
        _fail(path, "'countries'", "expected an object of ISO 3166-1 code -> aliases")
    for key, aliases in countries.items():
        _check_key(key, path, "countries.%s" % key)
        for alias in _strings(aliases, path, "countries.%s" % key):
            _add(entries, path, alias, "country", key, "countries.%s" % key)
            declined.append((alias, "country", key))
    lower_stems = bool(data.get("lowercase_stems"))
    for alias, kind, key in declined:
        for form in lexicon.inflected(lang, [alias]):
            if form not in entries and form[:1].isupper():
                entries[form] = {kind: key}
            low = form[:1].lower() + form[1:]
            if lower_stems and kind == "stem" and low not in entries:
                entries[low] = {"stem": key}   # "на курском направлении": a region's adjective, lower-case
    unkeyed = data.get("unkeyed", {})
    if not isinstance(unkeyed, dict):
        _fail(path, "'unkeyed'", "expected an object of kind -> aliases")
    for kind, aliases in unkeyed.items():
        if kind not in ("region", "settlement", "country"):
            _fail(path, "unkeyed.%s" % kind, "unknown kind")
        for alias in _strings(aliases, path, "unkeyed.%s" % kind):
            entries.setdefault(alias, {})[kind] = None
    geonames = data.get("geonames", {})
    if not isinstance(geonames, dict) or not all(isinstance(v, int) and not isinstance(v, bool) for v in geonames.values()):
        _fail(path, "'geonames'", "expected an object of settlement name -> integer id")
    for name in geonames:
        if "settlement" not in entries.get(name, {}):
            _fail(path, "geonames.%s" % name, "not a settlement of the table")
    excluded = set(_words(path, data, "country_exclude"))
    # pycountry fills in what the table leaves out, never overriding it
    for country in pycountry.countries:
        for name in {getattr(country, a, None) for a in ("name", "common_name", "official_name")}:
            if name and "," not in name and "(" not in name and name not in excluded and name not in entries:
                entries[name] = {"country": country.alpha_2}
    for code in _AUTO_SUBDIVISIONS:
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            name = sub.name.rstrip("'")
            if "," not in name and name not in entries:
                entries[name] = {"auto": sub.code}
    by_head: dict = {}
    for alias in entries:
        m = _HEAD.match(alias)
        if m:
            by_head.setdefault(m.group(), []).append(alias)
    for aliases in by_head.values():
        aliases.sort(key=len, reverse=True)
    plural = lexicon.inflected(lang, _words(path, data, "region_plural_suffixes"))
    plural_ahead = re.compile(
        r"(?:\s*,\s*(?:the\s+)?[A-Z][\w'’\-]*)*\s*,?\s+(?:and|or|&)\s+(?:the\s+)?[A-Z][\w'’\-]*"
        r"(?:\s+[A-Z][\w'’\-]*)?\s+(?:%s)\b" % "|".join(re.escape(w) for w in plural))
    river_after = _suffix_re(_words(path, data, "river_words"))
    def suffixes(name: str) -> re.Pattern:          # "області", "напрямку"
        return _suffix_re(lexicon.inflected(lang, _words(path, data, name)))

    return _Table(by_head=by_head, entries=entries, geonames=dict(geonames),
                  region_suffix=suffixes("region_suffixes"),
                  direction_suffix=suffixes("direction_suffixes"),
                  settlement_suffix=suffixes("settlement_suffixes"),
                  plural_ahead=plural_ahead, river_after=river_after,
                  rivers=frozenset(_words(path, data, "rivers")),
                  lower_heads=frozenset(a[0] for a in entries if a[:1].islower()))


def _match_at(text: str, pos: int, table: _Table) -> Optional[PlaceMention]:
    """The longest place starting at ``pos``, with its suffix ("region", "direction", "area") if any."""
    head = _HEAD.match(text, pos)
    if not head:
        return None
    for alias in table.by_head.get(head.group(), ()):
        end = pos + len(alias)
        if not text.startswith(alias, pos) or (end < len(text) and (text[end].isalnum() or text[end] == "_")):
            continue
        if alias[-1] == "." and end < len(text) and not text[end].isspace():
            continue
        found = _read(text, pos, end, alias, table)
        if found is not None:
            return found
    return None


def _read(text: str, start: int, end: int, alias: str, table: _Table) -> Optional[PlaceMention]:
    """What the alias at ``start:end`` names, given the words that follow it."""
    kinds = table.entries[alias]
    regional = kinds.get("stem", kinds.get("region", kinds.get("auto")))
    if alias in table.rivers and (table.river_after.match(text, end) or text[max(0, start - 4):start] == "the "):
        return None
    if regional is not None or "region" in kinds:
        m = table.region_suffix.match(text, end)
        if m:
            return PlaceMention(start, m.end(), text[start:m.end()], regional, "region")
    if len(kinds.keys() - {"country"}):
        m = table.direction_suffix.match(text, end)
        if m:
            key = regional if regional is not None else kinds.get("settlement")
            return PlaceMention(start, m.end(), text[start:m.end()], key, "direction")
    if "stem" in kinds and table.plural_ahead.match(text, end):
        return PlaceMention(start, end, alias, kinds["stem"], "region")
    if "settlement" in kinds and "region" not in kinds:
        m = table.settlement_suffix.match(text, end)
        stop = m.end() if m else end
        return PlaceMention(start, stop, text[start:stop], kinds["settlement"], "settlement",
                            table.geonames.get(alias))
    for kind in _ORDER:
        if kind in kinds:
            return PlaceMention(start, end, alias, kinds[kind], "region" if kind == "auto" else kind)
    return None                     # a stem alone ("Vladimir") is not a place


def find_places(text: str, lang: str = "en") -> list[PlaceMention]:
    """Every place named in ``text``, in text order, never overlapping."""
    table = load_places(lang)
    norm = text.replace("’", "'")                 # "People’s Republic" as the table spells it; same offsets
    out: list[PlaceMention] = []
    pos = 0
    for m in _CANDIDATE.finditer(norm):
        if m.start() < pos or not (m.group(0).isupper() or table.lower_heads and m.group(0) in table.lower_heads):
            continue
        found = _match_at(norm, m.start(), table)
        if found is not None:
            out.append(replace(found, text=text[found.start:found.end]))
            pos = found.end
    return out


def resolve_place(name: str, lang: str = "en") -> Optional[PlaceMention]:
    """The place a whole name denotes ("Kursk Oblast", "the Pokrovsk direction"), or None."""
    name = " ".join(name.split())
    bare = re.sub(r"^the\s+", "", name, flags=re.I)
    for candidate in (name, bare, " ".join(w[:1].upper() + w[1:] for w in bare.split())):
        found = [p for p in find_places(candidate, lang) if p.start == 0 and p.end == len(candidate)]
        if found:
            return found[0]
    table = load_places(lang)
    lowered = {a.lower(): a for a in table.entries}
    alias = lowered.get(bare.replace("’", "'").lower())
    if alias is not None:
        return _read(alias, 0, len(alias), alias, table)
    return None
