"""Hand-built ledgers for the web tests: claims with known spans, relations, findings, series,
a Reddit-shaped thread, and an XSS corpus. No extraction involved, so the tests know every answer.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from counterclaim.ledger import Ledger
from counterclaim.ledger.synthetic import synthetic_corpus
from counterclaim.records import (Actor, Claim, Document, Finding, Location, Part, Period, Relation, SeriesPoint,
                                  Subject, Value, make_claim_id)

SEED = ("Kyiv, April 26. Ukraine's General Staff said the Russian military had lost 62,400 soldiers in "
        "Kursk Oblast since the start of the incursion. Of this number, 25,200 were killed and 36,200 "
        "wounded, the General Staff added. Russia's Defence Ministry said on Saturday that its forces "
        "had recaptured the last settlements in Kursk Oblast.")
OTHER = ("Moscow, April 27. Russia's Defence Ministry said Ukraine had lost 76,000 soldiers in Kursk Oblast "
         "since August. Analysts said the figure could not be checked.")

XSS = [
    "<script>alert('xss-title')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "\"><svg onload=alert('xss-svg')>",
    "<a href=\"javascript:alert('xss-href')\">click</a>",
    "<div><b>broken <i>html",
    "\u202eRTL override text\u202c and \u200fright-to-left mark",
    "Supercalifragilistic" * 60,
]
BAD_URLS = ["javascript:alert('xss-cite')", "data:text/html,<script>alert('xss-data')</script>",
            " JaVaScRiPt:alert('xss-case')", "vbscript:msgbox(1)"]
GOOD_URL = "https://example.org/report?a=1&b=<2>"


def claim(doc: Document, quote: str, *, metric=None, low=None, high=None, kind="reported", claimant=("", None, None),
          subject_side=None, location=None, stated_on=None, part_of=None, citations=(), qualifier="exact",
          occurrence: int = 0) -> Claim:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(quote, start + 1)
    span = (start, start + len(quote))
    value = Value(low, high if high is not None else low, qualifier, str(low)) if low is not None else None
    return Claim(claim_id=make_claim_id(doc.doc_id, span, None, metric), doc_id=doc.doc_id, kind=kind,
                 claimant=Actor(*claimant), subject=Subject(None, subject_side), metric=metric, value=value,
                 location=Location(*location) if location else None,
                 period=Period(None, stated_on, None) if stated_on else None, stated_on=stated_on, quote=quote,
                 span=span, citations=tuple(citations), part_of=part_of, confidence=0.9)


def seed_records():
    """The seed-like article, a contradicting one, their relations and the parts-vs-total finding."""
    gs = ("Ukraine's General Staff", "ua.general_staff", "UA")
    doc = Document(text=SEED, title="Kursk losses", url="https://news.example/kursk", author="A. Writer",
                   published="2025-04-26", source="newswire")
    total = claim(doc, "Ukraine's General Staff said the Russian military had lost 62,400 soldiers in Kursk Oblast "
                       "since the start of the incursion.", metric="personnel.casualties", low=62400, claimant=gs,
                  subject_side="RU", location=("Kursk Oblast", "RU-KRS"), stated_on="2025-04-26")
    killed = claim(doc, "25,200 were killed", metric="personnel.killed", low=25200, claimant=gs, subject_side="RU",
                   location=("Kursk Oblast", "RU-KRS"), stated_on="2025-04-26", part_of=total.claim_id)
    wounded = claim(doc, "36,200 wounded", metric="personnel.wounded", low=36200, claimant=gs, subject_side="RU",
                    location=("Kursk Oblast", "RU-KRS"), stated_on="2025-04-26", part_of=total.claim_id)
    recap = claim(doc, "Russia's Defence Ministry said on Saturday that its forces had recaptured the last "
                       "settlements in Kursk Oblast.", metric="territory.control",
                  claimant=("Russia's Defence Ministry", "ru.mod", "RU"), subject_side="RU",
                  location=("Kursk Oblast", "RU-KRS"), stated_on="2025-04-26")
    other = Document(text=OTHER, title="Moscow's count", url="https://news.example/moscow", published="2025-04-27",
                     source="wire-two")
    ru = claim(other, "Russia's Defence Ministry said Ukraine had lost 76,000 soldiers in Kursk Oblast since August.",
               metric="personnel.casualties", low=76000, claimant=("Russia's Defence Ministry", "ru.mod", "RU"),
               subject_side="UA", location=("Kursk Oblast", "RU-KRS"), stated_on="2025-04-27")
    doubt = claim(other, "Analysts said the figure could not be checked.", kind="opinion",
                  claimant=("Analysts", None, None), stated_on="2025-04-27")
    rels = [Relation(ru.claim_id, total.claim_id, "contradicts", "different claimants, incompatible totals")]
    finding = Finding("parts_vs_total", (total.claim_id, killed.claim_id, wounded.claim_id),
                      "25,200 + 36,200 = 61,400 against a total of 62,400 (gap 1,000, 1.6 %)", 62400, 61400, -1000)
    return [(doc, [total, killed, wounded, recap]), (other, [ru, doubt])], rels, [finding]


def thread_record(texts=None, authors=None, urls=None):
    """A Reddit-shaped thread: a post and nested comments with authors, permalinks and citations."""
    texts = texts or ["Post: the General Staff says 1,200 Russian soldiers were lost in a day.",
                      "I wonder if those numbers are inflated.",
                      "They are close to the Oryx count, see https://oryx.example/list",
                      "Thanks, that is a great source."]
    authors = authors or ["op_user", "skeptic", "helper", None]
    urls = urls or ["https://reddit.example/r/x/1", "https://reddit.example/r/x/1/a", "https://reddit.example/r/x/1/b",
                    "https://reddit.example/r/x/1/c"]
    text = "\n\n".join(texts)
    parts, pos = [], 0
    for i, t in enumerate(texts):
        start = text.index(t, pos)
        pos = start + len(t)
        parts.append(Part(id="t1_%d" % i, start=start, end=pos, author=authors[i], published="2025-04-2%dT10:00:00" % (i + 1),
                          parent=None if i == 0 else ("t1_0" if i != 2 else "t1_1"), url=urls[i],
                          kind="post" if i == 0 else "comment", depth=0 if i < 2 else (2 if i == 2 else 1)))
    return Document(text=text, title="Thread: daily losses", url=urls[0], author=authors[0], published="2025-04-21",
                    format="reddit", source="reddit", parts=tuple(parts))


def thread_claims(doc: Document):
    t = doc.text
    out = []
    if "1,200" in t:
        out.append(claim(doc, "the General Staff says 1,200 Russian soldiers were lost in a day", metric="personnel.casualties",
                         low=1200, claimant=("the General Staff", "ua.general_staff", "UA"), subject_side="RU",
                         stated_on="2025-04-21"))
    if "I wonder if" in t:
        out.append(claim(doc, "I wonder if those numbers are inflated.", kind="speculation",
                         claimant=("skeptic", "user:skeptic", None)))
    if "oryx.example" in t:
        out.append(claim(doc, "They are close to the Oryx count", kind="assertion", claimant=("helper", "user:helper", None),
                         citations=["https://oryx.example/list"]))
    return out


def xss_records():
    """Documents and a thread whose text, title, author and URLs are attacks; claims cite bad URLs."""
    out = []
    text = "\n\n".join("Item %d: %s said 100 tanks were destroyed." % (i, x) for i, x in enumerate(XSS))
    doc = Document(text=text, title=XSS[0], url=BAD_URLS[0], author=XSS[1], published="2025-05-01", source=XSS[2])
    claims = []
    for i, x in enumerate(XSS):
        q = "Item %d: %s said 100 tanks were destroyed." % (i, x)
        claims.append(claim(doc, q, metric="equipment.tanks", low=100 + i, claimant=(x, None, None), subject_side="RU",
                            location=(x, None), stated_on="2025-05-01", citations=[BAD_URLS[i % len(BAD_URLS)], GOOD_URL]))
    out.append((doc, claims))
    th = thread_record(texts=["Post " + XSS[0], "Comment " + XSS[1] + " 5 tanks", "Reply " + XSS[3], "Last " + XSS[5]],
                       authors=[XSS[0], XSS[2], "<b onmouseover=alert('xss-author')>bold</b>", None],
                       urls=[BAD_URLS[0], BAD_URLS[1], GOOD_URL, BAD_URLS[2]])
    th = Document(**{**th.__dict__, "title": XSS[2], "doc_id": ""})
    tc = [claim(th, "Comment " + XSS[1] + " 5 tanks", kind="assertion", claimant=(XSS[2], None, None),
                citations=[BAD_URLS[1], GOOD_URL]),
          claim(th, "Reply " + XSS[3], kind="opinion", claimant=("x", None, None), citations=[BAD_URLS[0]])]
    out.append((th, tc))
    return out


def workbench_records():
    """What the analyst's pages need beyond the seed: a nationwide running total that the series
    counts, a claimant revising its own figure, and one person written three ways.

    Returns (documents with claims, relations, ids by name).
    """
    gs = ("General Staff of the Armed Forces of Ukraine", "ua.general_staff", "UA")
    out, ids = [], {}
    bulletin = Document(text="The total combat losses of the enemy from 24.02.22 to 26.04.25 were approximately: "
                             "personnel — about 62,500 persons.", title="General Staff bulletin 26 April",
                        published="2025-04-26", source="General Staff (test)")
    national = claim(bulletin, "personnel — about 62,500 persons", metric="personnel.casualties", low=62500,
                     qualifier="approx", claimant=gs, subject_side="RU", stated_on="2025-04-26")
    national = replace(national, period=Period("2022-02-24", "2025-04-26", "from 24.02.22"))
    out.append((bulletin, [national]))
    ids["national"] = national.claim_id
    later = Document(text="Moscow, April 29. Russia's Defence Ministry now says Ukraine lost 71,000 soldiers in "
                          "Kursk Oblast since August.", title="Moscow lowers its count", published="2025-04-29",
                     source="wire-two")
    revised = claim(later, "Russia's Defence Ministry now says Ukraine lost 71,000 soldiers in Kursk Oblast since "
                           "August.", metric="personnel.casualties", low=71000,
                    claimant=("Russia's Defence Ministry", "ru.mod", "RU"), subject_side="UA",
                    location=("Kursk Oblast", "RU-KRS"), stated_on="2025-04-29")
    out.append((later, [revised]))
    ids["revised"] = revised.claim_id
    people = []
    for n, (who, value, day) in enumerate((("Governor Oleh Syniehubov", 7, 15), ("Oleh Syniehubov", 9, 16),
                                           ("Syniehubov", 11, 17))):
        d = Document(text="Kharkiv, May %d. %s said %d people were injured in Kharkiv overnight." % (day, who, value),
                     title="Kharkiv injured (%d)" % n, published="2025-05-%02d" % day, source="kharkiv-wire")
        c = claim(d, "%s said %d people were injured in Kharkiv overnight." % (who, value),
                  metric="personnel.wounded", low=value, claimant=(who, None, "UA"), subject_side="UA",
                  location=("Kharkiv", "UA-63"), stated_on="2025-05-%02d" % day)
        out.append((d, [c]))
        people.append(c.claim_id)
    ids["syniehubov"] = people
    return out, ids


def series_points():
    pts = []
    for day, v in ((10, 61000), (20, 61900), (26, 62300), (30, 62900)):
        pts.append(SeriesPoint("genstaff", "personnel.casualties", "RU", "2025-04-%02d" % day, v))
    return pts


def build_ledger(path: Path, synthetic: int = 40, xss: bool = True) -> dict:
    """A ledger with every kind of row the pages show; returns the ids tests need."""
    led = Ledger(path)
    ids: dict = {}
    docs, rels, findings = seed_records()
    for d, cs in docs:
        led.add(d, cs)
    ids["seed_doc"], ids["total"], ids["killed"] = docs[0][0].doc_id, docs[0][1][0].claim_id, docs[0][1][1].claim_id
    ids["ru"] = docs[1][1][0].claim_id
    th = thread_record()
    tcs = thread_claims(th)
    led.add(th, tcs)
    ids["thread"] = th.doc_id
    ids["thread_claims"] = [c.claim_id for c in tcs]
    wb, wb_ids = workbench_records()
    for d, cs in wb:
        led.add(d, cs)
    ids.update(wb_ids)
    rels = rels + [Relation(ids["revised"], ids["ru"], "revises",
                            "ru.mod changed its figure for personnel.casualties of UA in Kursk Oblast (RU-KRS) from "
                            "76,000 (stated 2025-04-27) to 71,000 (stated 2025-04-29)")]
    led.add_relations(rels)
    led.add_findings(findings)
    led.add_series("genstaff", series_points(), source="General Staff (test)", licence="test")
    for d, cs in synthetic_corpus(synthetic):
        led.add(d, cs)
    if xss:
        x = xss_records()
        for d, cs in x:
            led.add(d, cs)
        ids["xss_doc"], ids["xss_thread"] = x[0][0].doc_id, x[1][0].doc_id
        ids["xss_claims"] = [c.claim_id for _, cs in x for c in cs]
    set_keys(led)
    ids["counts"] = led.counts()
    led.close()
    return ids


def set_keys(led: Ledger) -> None:
    """Each claim's quantity key, as linking would store it (the fixture's relations are hand-built)."""
    from counterclaim.link.keys import keys_for_document
    for doc_id in list(led.doc_ids()):
        keys = keys_for_document(led.claims_of(doc_id))
        led.set_quantity_keys((cid, str(k) if k else None) for cid, k in keys.items())


def extractor_or_none():
    """The real Extractor when it can be built here (spaCy model present), else None."""
    try:
        from counterclaim.extract import Extractor
        from counterclaim.settings import Settings
        return Extractor(Settings.from_env())
    except Exception:
        return None


def ingest_examples(path: Path, extractor) -> set:
    """Ingest the bundled examples (each with its date and source) through the real ingest loop;
    the doc_ids of the documents they gave."""
    from dataclasses import replace

    from counterclaim.examples import EXAMPLES
    from counterclaim.ingest import read_inputs
    from counterclaim.service import ingest
    from counterclaim.settings import Settings

    doc_ids: set = set()

    def seen(items):
        for item in items:
            if not isinstance(item, Exception):
                doc_ids.add(item.doc_id)
            yield item

    with Ledger(path) as led:
        for ex in EXAMPLES:
            if not ex.path.exists():
                continue
            settings = replace(Settings.from_env(), published=ex.published, source=ex.source)
            ingest(led, seen(read_inputs([str(ex.path)], settings)), extractor)
    return doc_ids


def reddit_json(texts: list[str], authors: list[str], title: str, permalinks: list[str]) -> bytes:
    """A Reddit comments page (``[post listing, comments listing]``) with nested replies."""
    import json

    def comment(i):
        kids = [comment(i + 1)] if i + 1 < len(texts) else []
        return {"kind": "t1", "data": {"id": "c%d" % i, "name": "t1_c%d" % i, "author": authors[i], "body": texts[i],
                                       "created_utc": 1746000000 + i * 60, "permalink": permalinks[i],
                                       "parent_id": "t3_p" if i == 1 else "t1_c%d" % (i - 1),
                                       "replies": {"kind": "Listing", "data": {"children": kids}} if kids else ""}}
    post = {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
        "id": "p", "name": "t3_p", "title": title, "selftext": texts[0], "author": authors[0], "is_self": True,
        "created_utc": 1746000000, "permalink": permalinks[0], "url": permalinks[0], "subreddit": "test"}}]}}
    comments = {"kind": "Listing", "data": {"children": [comment(1)] if len(texts) > 1 else []}}
    return json.dumps([post, comments]).encode()
