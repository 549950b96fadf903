"""A corpus of many short, varied documents in every real input shape, for tests and benchmarks.

The engines must agree on thousands of documents of every format, and a benchmark must
time them on the same files; this writes such a corpus from the bundled examples (each
copied with a varied headline) and from news-like sentences with varying figures, dates and
places, as plain text files, HTML pages, JSON Lines and WARC files of HTTP responses
(with the request and metadata records a crawler writes beside them). Deterministic for a seed.
"""
from __future__ import annotations

import io
import json
import random
from datetime import date, timedelta
from html import escape
from pathlib import Path

REGIONS = ("Donetsk Oblast", "Kharkiv Oblast", "Zaporizhzhia Oblast", "Kherson Oblast", "Kursk Oblast",
           "Belgorod Oblast", "Luhansk Oblast", "Sumy Oblast")
TOWNS = ("Pokrovsk", "Kupiansk", "Sudzha", "Vovchansk", "Chasiv Yar", "Huliaipole", "Kostiantynivka")
CLAIMANTS_UA = ("Ukraine's General Staff", "Ukraine's Defence Ministry", "President Volodymyr Zelensky",
                "the Ukrainian military")
CLAIMANTS_RU = ("Russia's Defence Ministry", "the Russian Defence Ministry", "Kremlin spokesman Dmitry Peskov",
                "the regional governor")

SENTENCES = (
    "{ua} said on {day} that Russian forces had lost {n1} soldiers over the past day.",
    "According to {ru}, air defences shot down {n2} Ukrainian drones over {region} overnight.",
    "{ru} claimed that {n3} Ukrainian tanks had been destroyed near {town}.",
    "The governor of {region} said {n4} civilians were wounded in shelling on {day}.",
    "{ua} reported that about {n5} Russian troops had been killed or wounded since the start of the month.",
    "Russia launched {n2} drones and {n6} missiles at Ukraine overnight, the air force said.",
    "{ua} said its forces had recaptured {n6} settlements in {region}.",
    "Officials in {town} said {n7} people had been evacuated this week.",
)
FILLER = (
    "The claims could not be independently verified.",
    "Neither side commented on the other's figures.",
    "Fighting continued along the front line, residents said.",
    "Analysts said the offensive was likely to continue into the winter.",
    "Should the talks fail, more attacks are expected?",
    "Reuters was unable to confirm the report.",
)


def _figures(rng: random.Random) -> dict:
    return {"n1": "{:,}".format(rng.randint(600, 1600)), "n2": rng.randint(20, 400),
            "n3": rng.randint(2, 40), "n4": rng.randint(2, 60), "n5": "{:,}".format(rng.randint(10, 60) * 1000),
            "n6": rng.randint(2, 30), "n7": rng.randint(100, 5000)}


def article(rng: random.Random, when: date) -> tuple[str, str]:
    """(headline, body) of one short news-like article published on ``when``."""
    vals = _figures(rng)
    vals.update(ua=rng.choice(CLAIMANTS_UA), ru=rng.choice(CLAIMANTS_RU), region=rng.choice(REGIONS),
                town=rng.choice(TOWNS), day=when.strftime("%B %-d"))
    picked = rng.sample(SENTENCES, rng.randint(2, 4)) + rng.sample(FILLER, 2)
    rng.shuffle(picked)
    body = " ".join(s.format(**vals) for s in picked[:3]) + "\n\n" + " ".join(s.format(**vals) for s in picked[3:])
    headline = "%s: %s report No. %d" % (vals["region"], when.isoformat(), rng.randint(1, 10**9))
    return headline, body.strip()


def _html(title: str, body: str, when: date, url: str) -> str:
    paras = "".join("<p>%s</p>" % escape(p) for p in body.split("\n\n"))
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title>"
            "<meta property=\"article:published_time\" content=\"%sT09:00:00Z\">"
            "<link rel=\"canonical\" href=\"%s\"></head><body><nav><a href=\"/\">Home</a></nav>"
            "<article><h1>%s</h1>%s</article><footer>© News Desk</footer></body></html>"
            % (escape(title), when.isoformat(), escape(url), escape(title), paras))


def _examples() -> list:
    """The bundled examples (``counterclaim.examples.EXAMPLES``), when the package ships them."""
    try:
        from counterclaim.examples import EXAMPLES
    except ImportError:
        return []
    return [e for e in EXAMPLES if e.path.is_file()]


def _example_copy(ex, i: int, first: bool) -> tuple[str, bytes, int] | None:
    """(file name, bytes, documents) of copy ``i`` of a bundled example, varied by one sentence.

    Plain text and Markdown become JSON Lines records, which carry the example's
    publication date and source; HTML pages get a paragraph inside the article; a
    Reddit thread gets the copy number in its post, JSON Lines in each record; a feed
    (its entries cannot be varied without rewriting it) is copied once.
    """
    data = ex.path.read_bytes()
    suffix = ex.path.suffix
    note = "This is syndicated copy %d." % i
    if suffix in (".txt", ".md"):
        rec = {"text": data.decode("utf-8").rstrip() + "\n\n" + note, "published": ex.published,
               "source": ex.source, "url": "https://syndication.example.org/%d/%s" % (i, ex.name)}
        return "examples-%04d.jsonl" % i, (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"), 1
    if suffix == ".html":
        marker = b"</article>" if b"</article>" in data else b"</body>"
        return ("%04d-%s" % (i, ex.name),
                data.replace(marker, ("<p>%s</p>" % note).encode() + marker, 1), 1)
    if suffix == ".jsonl":
        lines = []
        for line in data.decode("utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                rec["text"] = (rec.get("text") or "").rstrip() + "\n\n" + note
                lines.append(json.dumps(rec, ensure_ascii=False))
        return "%04d-%s" % (i, ex.name), ("\n".join(lines) + "\n").encode("utf-8"), len(lines)
    if suffix in (".xml", ".rss", ".atom"):  # a feed: one copy, as it is
        n = data.count(b"<item") + data.count(b"<entry")
        return ("%04d-%s" % (i, ex.name), data, n) if first else None
    if suffix == ".json":
        try:
            thread = json.loads(data)
            post = thread[0]["data"]["children"][0]["data"]
            post["selftext"] = (post.get("selftext") or "") + "\n\n" + note
        except (ValueError, KeyError, IndexError, TypeError):
            return ("%04d-%s" % (i, ex.name), data, 1) if first else None
        return "%04d-%s" % (i, ex.name), json.dumps(thread).encode("utf-8"), 1
    return None


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    """A gzipped WARC file as a crawler writes it: request, response and metadata per page."""
    with open(path, "wb") as f:
        write_warc_to(f, pages, gzip=True)


def write_warc_to(stream, pages: list[tuple[str, str]], gzip: bool = True) -> None:
    """The records of ``write_warc`` into an open binary stream."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(stream, gzip=gzip)
    for url, html in pages:
        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
        body = html.encode("utf-8")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                              ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
        meta = io.BytesIO(("fetchTimeMs: 120\r\n").encode())
        writer.write_record(writer.create_warc_record(url, "metadata", payload=meta,
                                                      warc_content_type="application/warc-fields"))


def make_corpus(root: str | Path, n_documents: int = 2000, seed: int = 7) -> dict[str, int]:
    """Write about ``n_documents`` documents under ``root``; returns documents written per format.

    Layout: ``text/*.txt``, ``html/*.html``, ``jsonl/*.jsonl``, ``warc/*.warc.gz`` and
    ``examples/`` (copies of the bundled examples, each varied by one sentence).
    """
    rng = random.Random(seed)
    root = Path(root)
    for sub in ("text", "html", "jsonl", "warc", "examples"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    start = date(2025, 1, 1)
    counts = {"text": 0, "html": 0, "jsonl": 0, "warc": 0, "examples": 0}

    def when() -> date:
        return start + timedelta(days=rng.randint(0, 180))

    examples = _examples()
    n_ex = min(len(examples) * 40, n_documents // 10) if examples else 0
    for i in range(n_ex):
        made = _example_copy(examples[i % len(examples)], i, first=i < len(examples))
        if made is not None:
            (root / "examples" / made[0]).write_bytes(made[1])
            counts["examples"] += made[2]
    rest = n_documents - counts["examples"]
    share = {"text": rest * 3 // 10, "html": rest * 15 // 100, "jsonl": rest * 3 // 10}
    share["warc"] = rest - sum(share.values())
    for i in range(share["text"]):
        d = when()
        title, body = article(rng, d)
        (root / "text" / ("%05d.txt" % i)).write_text("%s\n\n%s\n" % (title, body), encoding="utf-8")
    for i in range(share["html"]):
        d = when()
        title, body = article(rng, d)
        url = "https://news.example.org/%s/%05d.html" % (d.isoformat(), i)
        (root / "html" / ("%05d.html" % i)).write_text(_html(title, body, d, url), encoding="utf-8")
    per_file = max(share["jsonl"] // 4, 1)
    for i in range(share["jsonl"]):
        d = when()
        title, body = article(rng, d)
        rec = {"text": body, "title": title, "url": "https://wire.example.net/item/%d" % i,
               "published": d.isoformat() if i % 9 else None, "source": "Example Wire"}
        with open(root / "jsonl" / ("part-%02d.jsonl" % (i // per_file)), "a", encoding="utf-8") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    per_warc = max(share["warc"] // 3, 1)
    pages: list[tuple[str, str]] = []
    for i in range(share["warc"]):
        d = when()
        title, body = article(rng, d)
        url = "https://crawl.example.com/news/%d" % i
        pages.append((url, _html(title, body, d, url)))
        if len(pages) == per_warc or i == share["warc"] - 1:
            write_warc(root / "warc" / ("crawl-%02d.warc.gz" % (i // per_warc)), pages)
            pages = []
    counts.update(share)
    return counts


def write_bad_inputs(root: str | Path, big_bytes: int = 20 * 1024 * 1024) -> dict[str, str]:
    """Inputs that must each fail alone, beside good ones; returns {name: what is wrong}.

    A WARC whose second of three responses is malformed, a page that is not UTF-8, a
    ``big_bytes`` text document, a JSON Lines file with a broken and a huge line among
    good ones, and a binary file.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(3)
    d = date(2025, 3, 14)
    pages = []
    for i in range(3):
        title, body = article(rng, d)
        url = "https://crawl.example.com/bad/%d" % i
        pages.append((url, _html(title, body, d, url)))
    buf = io.BytesIO()
    write_warc_to(buf, pages, gzip=False)
    raw = buf.getvalue()
    # break the second response's header: its Content-Length is no number any more
    second = raw.index(b"WARC-Type: response", raw.index(b"WARC-Type: response") + 1)
    cl = raw.index(b"Content-Length: ", second)
    raw = raw[:cl] + b"Content-Length: 12x4" + raw[raw.index(b"\r\n", cl):]
    (root / "broken.warc").write_bytes(raw)
    title, body = article(rng, d)
    (root / "latin1.txt").write_bytes(("%s\n\n%s Caf\xe9 owners said." % (title, body)).encode("latin-1"))
    sentence = "Officials said the shelling went on for hours and nobody could count the damage. "
    with open(root / "huge.txt", "w", encoding="utf-8") as f:
        f.write(sentence * (big_bytes // len(sentence) + 1))
    good = [{"text": "\n\n".join(article(rng, d)), "published": d.isoformat()} for _ in range(2)]
    with open(root / "mixed.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps(good[0]) + "\n")
        f.write('{"text": "truncated record\n')
        f.write(json.dumps({"text": sentence * (big_bytes // len(sentence) + 1)}) + "\n")
        f.write(json.dumps(good[1]) + "\n")
    (root / "ok.txt").write_text("\n\n".join(article(rng, d)) + "\n", encoding="utf-8")
    (root / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return {"broken.warc": "one malformed record of three", "latin1.txt": "not UTF-8",
            "huge.txt": "larger than max_document_bytes", "mixed.jsonl": "a truncated and a huge line",
            "image.html": "binary"}
