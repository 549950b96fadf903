"""Attribution: who says a sentence's claims, read from its dependency parse.

Cues are speech verbs and their subjects ("the ministry said"), "according to X",
"citing X" and "X cited Y as saying" (nested attribution: the innermost named source
wins over the one who relays it), pronouns and anaphors ("it said", "the statement")
resolved to the last claimant, and, outside the parse, quotations and whole
documents that are one claimant's statement (handled by the pipeline).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from counterclaim.extract import lexicon
from counterclaim.extract.actors import registry
from counterclaim.extract.sides import side_lexicon
from counterclaim.records import Actor

_PRONOUNS = {"it", "he", "she", "they", "we", "i", "its", "his", "her", "their", "who", "which", "that"}
_RESTRICTED = {"put", "give", "find", "show", "count", "counted", "counts", "record", "list", "value", "document", "verify", "call", "describe",
               "post", "publish", "calculate", "tally", "expect", "predict", "conclude", "maintain", "suggest"}
_ESTIMATE_NOUNS = {"estimate", "estimates", "figure", "figures", "count", "tally", "assessment", "data", "numbers", "toll"}
_CONCESSIVE = {"although", "though", "whereas", "even"}
_FIGURE_NOUNS = {"figure", "number", "toll", "losses", "tally", "total", "estimate", "count", "damage", "casualties"}


@dataclass
class Attribution:
    """A claimant found in a sentence and the words it governs."""
    actor: Actor
    rank: int
    token_i: Optional[int]          #: speech verb (or 'according'/'citing') token index in the sentence doc
    source: str                     #: verb | according | citing | cited
    scope: set = field(default_factory=set)  #: token indices it governs (empty: whole sentence)
    excluded: set = field(default_factory=set)  #: tokens of a concessive clause inside it: the writer's own


@dataclass
class Memory:
    """What earlier sentences said about claimants, for pronouns and anaphors."""
    last: Optional[Actor] = None
    last_rank: int = 0
    history: list = field(default_factory=list)   #: recent Actors, newest last

    def remember(self, actor: Actor, rank: int):
        self.last, self.last_rank = actor, rank
        self.history.append(actor)
        del self.history[:-20]

    def find(self, prefixes: list[str]) -> Optional[Actor]:
        if not prefixes or prefixes == [""]:
            return self.last
        for actor in reversed(self.history):
            if actor.key and any(actor.key.startswith(p) for p in prefixes if p):
                return actor
        return None


@lru_cache(maxsize=None)
def _cues(lang: str):
    c = lexicon.load(lang, "cues")
    return set(c["speech_lemmas"]), set(c["nested_object_verbs"])


@lru_cache(maxsize=None)
def _speech_forms(lang: str) -> dict:
    """Inflected form -> lemma for the speech verbs, so the pipeline can run without spaCy's lemmatizer."""
    c = lexicon.load(lang, "cues")
    forms = {}
    for lemma in c["speech_lemmas"]:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        for f in (lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", stem + "ing", lemma + "ing",
                  (lemma[:-1] + "ies") if lemma.endswith("y") else lemma, (lemma[:-1] + "ied") if lemma.endswith("y") else lemma):
            forms.setdefault(f, lemma)
    for form, lemma in c.get("irregular_forms", {}).items():
        forms[form] = lemma
    return forms


def verb_lemma(tok, lang: str = "en") -> str:
    """The speech-verb lemma of a token ("" when it is none)."""
    return _speech_forms(lang).get(tok.lower_, "")


def _verb(tok) -> bool:
    """A verb by its fine-grained tag (the pipeline runs without the attribute ruler that maps tags to POS)."""
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"


def _named(tok) -> bool:
    """A proper name (person, body, people) — read from the tagger, not the NER, which the pipeline skips."""
    return tok.tag_ in ("NNP", "NNPS")


def claimant_phrase(tok) -> tuple[str, int, int]:
    """Text (and char span in the sentence doc) of a claimant's noun phrase, without relative clauses."""
    skip = set()
    for t in tok.subtree:
        if t.dep_ in ("relcl", "acl") and t.i > tok.i:
            skip.update(x.i for x in t.subtree)
    toks = [t for t in tok.subtree if t.i not in skip]
    # drop trailing punctuation and a dangling comma-part
    while toks and (toks[-1].is_punct or toks[-1].dep_ in ("cc", "prep")):
        toks.pop()
    while toks and toks[0].is_punct:
        toks.pop(0)
    if not toks:
        return tok.text, tok.idx, tok.idx + len(tok.text)
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return tok.doc.text[start:end], start, end


_OWNED = re.compile(r"^(?:the\s+)?(?P<side>[A-Z][\w’'\-]+?)(?:['’]s)?\s+(?P<body>[A-Z][\w’'\- ]{1,40})$")


def _side_owned(phrase: str, entry, lang: str) -> Optional[Actor]:
    """"Russia's MoD", "Ukrainian Air Force": a body's generic name owned by a side is that side's body,
    when the registry knows exactly one such body of that side."""
    if entry is not None and entry.rank >= 3:
        return None
    m = _OWNED.match(phrase)
    if not m:
        return None
    reg = registry(lang)
    side = side_lexicon(lang).side_of_phrase(m.group("side"))
    prefixes = reg.anaphor_prefixes("the " + m.group("body")) or reg.anaphor_prefixes("the " + m.group("body").lower())
    if side is None or not prefixes:
        return None
    keys = [k for k in reg.entries if reg.entries[k].side == side and any(p and k.startswith(p) for p in prefixes)]
    if len(keys) != 1:
        return None
    e = reg.entries[keys[0]]
    return Actor(text=phrase, key=e.key, side=e.side)


def resolve_actor(phrase: str, memory: Memory, lang: str = "en", places=None) -> tuple[Optional[Actor], int]:
    """An Actor for a claimant phrase: registry key, anaphor, or a named unknown with its side."""
    reg = registry(lang)
    p = phrase.strip()
    low = p.lower()
    if low in ("you", "u", "ya", "people") or low.startswith(("nobody", "no one", "none ", "someone", "somebody",
                                                                 "everyone", "anyone", "everybody")):
        return None, 0   # the addressee or nobody in particular names no claimant
    if low in _PRONOUNS or low in ("the statement", "the report", "the briefing", "the update", "the post"):
        return memory.last, memory.last_rank
    entry = reg.resolve(p)
    owned = _side_owned(p, entry, lang)
    if owned is not None:
        return owned, reg.entries[owned.key].rank
    prefixes = reg.anaphor_prefixes(p) or reg.anaphor_prefixes(re.sub(r"^(?:a|an|another)\s+", "the ", low))
    if prefixes is not None and (entry is None or entry.rank <= 1 or low.startswith("the ")):
        found = memory.find(prefixes)
        if found is not None:
            return found, 2
        if prefixes == [""]:
            if low in _PRONOUNS or low in ("it", "he", "she", "they"):
                return None, 0
            return Actor(text=p, key=None, side=side_lexicon(lang).side_of_phrase(p)), 0   # "officials said", unnamed
        if len(prefixes) == 1 and prefixes[0] in reg.entries:
            e = reg.entries[prefixes[0]]   # "the Air Force", "the mission": one body these words name
            return Actor(text=p, key=e.key, side=e.side), e.rank
    if entry is not None:
        return Actor(text=p, key=entry.key, side=entry.side), entry.rank
    side = side_lexicon(lang).side_of_phrase(p)
    if side is None and places is not None:
        side = places(p)
    return Actor(text=p, key=None, side=side), 0


@lru_cache(maxsize=None)
def _lexical_cues(lang: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Speech-verb forms, "according to" phrases and the negation particle of a language without a parser."""
    c = lexicon.load(lang, "cues")

    def rx(words, flags=re.I):
        alts = sorted({w for w in words if w}, key=len, reverse=True)
        return re.compile(r"(?<![\w\-])(?:%s)(?![\w\-])" % "|".join(map(re.escape, alts)), flags)
    return (rx(lexicon.conjugated(lang, c["speech_lemmas"])), rx(c["according_to"] + c.get("according_to_pronoun", [])),
            rx(c.get("negations", ["not"])))


_CLAUSE_END = re.compile(r"[.;:!?]|,\s+(?=\S)|\s[—–-]\s|[«»\"“”()]")


def _window_after(text: str, pos: int, words: int = 10) -> str:
    end = _CLAUSE_END.search(text, pos)
    chunk = text[pos:end.start() if end else len(text)]
    return " ".join(chunk.split()[:words])


def _window_before(text: str, pos: int, words: int = 8) -> str:
    starts = [m.end() for m in _CLAUSE_END.finditer(text, 0, pos)]
    chunk = text[starts[-1] if starts else 0:pos]
    return " ".join(chunk.split()[-words:])


def _source_phrase(chunk: str, lang: str, sentence_start: bool = False) -> str:
    """The claimant named in a few words: a registry name if any, an anaphor ("в ведомстве"), else
    the words up to and including the last capitalised name ("голова Сумської ОВА Володимир Артюх").
    A capital that only begins the sentence ("Как уточнили…") names nobody."""
    reg = registry(lang)
    found = reg.find(chunk)
    if found:
        s, e, _ = max(found, key=lambda h: h[1] - h[0])
        return chunk[s:e]
    caps = [m for m in re.finditer(r"[^\W\d_][\w'’ʼ\-]*", chunk) if m.group(0)[0].isupper()
            and not (sentence_start and m.start() == 0)]
    if caps:
        return chunk[:caps[-1].end()].strip()
    words = chunk.split()
    for n in range(min(3, len(words)), 0, -1):       # "в ведомстве", "він": an earlier claimant
        for i in range(len(words) - n + 1):
            if reg.anaphor_prefixes(" ".join(words[i:i + n])) is not None:
                return " ".join(words[i:i + n])
    return ""


def lexical_attributions(sdoc, memory: Memory, lang: str, places=None) -> list[Attribution]:
    """Attribution from words alone, for a language whose pipeline has no dependency parse: an
    "according to" phrase names the source after it; a speech verb names the claimant next to it in
    its clause, after it (", повідомив голова ОВА …", as reported speech usually runs) or before it."""
    speech, according, negation = _lexical_cues(lang)
    text = sdoc.text
    out: list[Attribution] = []

    def token_at(pos: int) -> Optional[int]:
        return next((t.i for t in sdoc if t.idx >= pos), None)

    pronominal = {p.lower() for p in lexicon.load(lang, "cues").get("according_to_pronoun", [])}
    for m in according.finditer(text):
        if " ".join(m.group(0).lower().split()) in pronominal:      # "За його словами": the last claimant
            if memory.last is not None:
                out.append(Attribution(actor=memory.last, rank=memory.last_rank, token_i=token_at(m.start()),
                                       source="according"))
            continue
        phrase = _source_phrase(_window_after(text, m.end()), lang)
        if phrase:
            _add(out, phrase, memory, lang, places, token_at(m.start()), "according", None)
    taken = [(m.start(), m.end()) for m in according.finditer(text)]
    for m in speech.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        before = _window_before(text, m.start())
        if before.split() and negation.fullmatch(before.split()[-1]):
            continue   # "не підтвердили" attributes nothing
        phrase = _source_phrase(_window_after(text, m.end()), lang) or \
            _source_phrase(before, lang, sentence_start=text[:m.start()].strip() == before.strip())
        if phrase and out and registry(lang).anaphor_prefixes(phrase) == [""]:
            continue   # "…, — написал он": the one this sentence already named
        if phrase:
            _add(out, phrase, memory, lang, places, token_at(m.start()), "verb", None)
    roles = [r.lower() for r in lexicon.load(lang, "cues").get("header_roles", [])]
    for a in out:
        # "начальник обласної військової адміністрації Іван Федоров … Запорізької області": an official
        # whose role names no place serves the place the sentence is about
        if a.actor.side is None and a.actor.key is None and places is not None and a.actor.text \
                and any(r in a.actor.text.lower() for r in roles):
            side = places(text)
            if side:
                a.actor = Actor(text=a.actor.text, key=None, side=side)
    return out


def attributions(sdoc, memory: Memory, lang: str = "en", places=None) -> list[Attribution]:
    """Every attribution cue in a parsed sentence, in text order."""
    from counterclaim.extract.lang import get_language
    if not get_language(lang).has_parser:
        return lexical_attributions(sdoc, memory, lang, places)
    speech, nested = _cues(lang)
    out: list[Attribution] = []
    for tok in sdoc:
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].lower_ == "to":
            obj = next((c for c in sdoc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                _add(out, claimant_phrase(obj)[0], memory, lang, places, tok.i, "according", None)
            continue
        if low in _ESTIMATE_NOUNS and tok.tag_ in ("NN", "NNS"):
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is not None and owner.lower_ not in _PRONOUNS:
                # "The UK MoD's own estimate … was around 880,000": the estimate's owner claims it
                _add(out, claimant_phrase(owner)[0].removesuffix("'s").removesuffix("’s"), memory, lang, places,
                     tok.i, "according", None)
            continue
        if low in ("citing", "quoting"):
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
            if obj is not None:
                _add(out, claimant_phrase(obj)[0], memory, lang, places, tok.i, "citing", None)
            continue
        lemma = verb_lemma(tok, lang)
        if not _verb(tok) or lemma not in speech:
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue   # "did not confirm" attributes nothing
        if lemma in _RESTRICTED and not _reports_figure(tok, lemma):
            continue
        if lemma in nested:
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if obj is not None and any(c.lower_ in ("as", "saying") for c in tok.subtree):
                _add(out, claimant_phrase(obj)[0], memory, lang, places, tok.i, "cited", tok)
                continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and tok.dep_ in ("conj", "advcl", "xcomp") and _verb(tok.head):
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is None:
            phrase = _phrase_before(tok)
            if phrase:
                _add(out, phrase, memory, lang, places, tok.i, "verb", tok)
            continue
        if subj.like_num:
            continue
        phrase = claimant_phrase(subj)[0]
        near = _phrase_before(tok)
        if near and near != phrase:
            e_near, e_subj = registry(lang).resolve(near), registry(lang).resolve(phrase)
            if e_near is not None and (e_subj is None or e_near.rank > e_subj.rank):
                phrase = near   # ", Russia's Defence Ministry said" misparsed as an apposition
        _add(out, phrase, memory, lang, places, tok.i, "verb", tok)
    return out


def _phrase_before(verb) -> str:
    """", Russia's Defence Ministry said": the phrase between the last comma and a subjectless verb,
    when it names a registry claimant or a person/organisation."""
    i = verb.i - 1
    toks = []
    while i >= 0 and verb.i - i <= 8 and verb.doc[i].text not in (",", ";", "—", "–", "\"", "”", "(", ")"):
        toks.insert(0, verb.doc[i])
        i -= 1
    if not toks or any(_verb(t) for t in toks):
        return ""
    phrase = verb.doc[toks[0].i:toks[-1].i + 1].text
    if registry().resolve(phrase) is not None or any(_named(t) for t in toks):
        return phrase
    return ""


def _reports_figure(tok, lemma: str) -> bool:
    """Generic verbs ("put", "gave", "documented") attribute only when they report a figure or a finding."""
    if lemma == "count":   # "DeepState counted 502 km2" — but not "how they count these"
        subj = next((c for c in tok.children if c.dep_ in ("nsubj",)), None)
        return subj is not None and subj.lower_ not in _PRONOUNS and (_named(subj) or registry().resolve(claimant_phrase(subj)[0]) is not None) \
            and any(c.like_num for c in tok.subtree if c.i > tok.i)
    if lemma in ("document", "verify", "record", "list", "publish", "post", "describe", "call", "suggest", "expect", "predict", "conclude", "maintain"):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj",)), None)
        return subj is not None and (_named(subj) or subj.lower_ in _PRONOUNS
                                     or registry().resolve(claimant_phrase(subj)[0]) is not None
                                     or any(t.lower_ in ("official", "officials", "ministry", "staff", "mission", "agency", "analysts", "researchers", "groups", "editor", "governor", "spokesman", "lawmaker") for t in subj.subtree))
    return any(c.lower_ in _FIGURE_NOUNS or c.like_num for c in tok.subtree if c.i > tok.i)


def _add(out, phrase, memory, lang, places, i, source, verb):
    actor, rank = resolve_actor(phrase, memory, lang, places)
    if actor is None:
        return
    scope, excluded = set(), set()
    if verb is not None:
        scope = {t.i for t in verb.subtree}
        # "X denies …, although thousands have been killed": a concessive clause is the writer's own
        for c in verb.subtree:
            if c.i != verb.i and any(m.dep_ == "mark" and m.lower_ in _CONCESSIVE for m in c.children):
                excluded |= {t.i for t in c.subtree}
        scope -= excluded
    out.append(Attribution(actor=actor, rank=rank, token_i=i, source=source, scope=scope, excluded=excluded))


def best_for(attrs: list[Attribution], token_i: Optional[int]) -> Optional[Attribution]:
    """The attribution that governs a token: the most specific named source among those whose
    scope holds it ("citing X" and "according to X" first), else the sentence's best."""
    if not attrs:
        return None
    governing = [a for a in attrs if not a.scope or token_i is None or token_i in a.scope]
    pool = governing or [a for a in attrs if token_i not in a.excluded]
    if not pool:
        return None
    order = {"citing": 3, "according": 3, "cited": 3, "verb": 0}
    return max(pool, key=lambda a: (order[a.source] + a.rank + (3 if a.actor.key else 0), -len(a.scope) if a.scope else 0))
