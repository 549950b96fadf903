"""Synthetic documents with hand-built claims, for the ledger's tests and benchmark.

They do not go through extraction: a document is a few sentences written from a
template, and each sentence is one claim whose span, figure and fields are known
exactly, so tests can check what the ledger stores and returns. Deterministic for
a given number.
"""
from __future__ import annotations

import random
import re
from typing import Iterator

from counterclaim.records import Actor, Claim, Document, Location, Period, Subject, Value, make_claim_id

CLAIMANTS = (("Ukraine's General Staff", "ua.general_staff", "UA", "RU"),
             ("Russia's Defence Ministry", "ru.mod", "RU", "UA"),
             ("British Defence Intelligence", "uk.mod", "GB", "RU"),
             ("the Institute for the Study of War", "isw", None, "RU"),
             ("Ukraine's Air Force", None, "UA", "RU"),
             ("the regional governor", "ua.authorities", "UA", "UA"))
METRICS = (("personnel.casualties", "soldiers"), ("personnel.killed", "soldiers killed"),
           ("equipment.tanks", "tanks"), ("equipment.artillery", "artillery systems"),
           ("equipment.uav", "drones"), ("attack.missiles", "missiles"), ("personnel.captured", "prisoners"))
PLACES = (("Kursk Oblast", "RU-KRS"), ("Donetsk region", "UA-14"), ("Zaporizhzhia region", "UA-23"),
          ("Kharkiv region", "UA-63"), ("Belgorod region", "RU-BEL"), ("Luhansk region", "UA-09"),
          ("Kherson region", "UA-65"), ("Sumy region", "UA-59"))
WORDS = ("near the front line", "over the past day", "in heavy fighting", "after a week of assaults",
         "during the night", "according to the statement", "in the border area", "since the spring")


def synthetic_document(i: int, claims_per_doc: int = 5) -> tuple[Document, list[Claim]]:
    """Document number ``i`` and its claims (one per sentence, in text order)."""
    rng = random.Random(i)
    year = 2022 + rng.randrange(4)
    date = "%d-%02d-%02d" % (year, rng.randrange(1, 13), rng.randrange(1, 29))
    sentences, fields = [], []
    for k in range(claims_per_doc):
        cl_text, cl_key, cl_side, subj = CLAIMANTS[rng.randrange(len(CLAIMANTS))]
        metric, noun = METRICS[rng.randrange(len(METRICS))]
        place, key = PLACES[rng.randrange(len(PLACES))]
        value = int(rng.paretovariate(1.2) * 10) + k
        word = WORDS[rng.randrange(len(WORDS))]
        sentences.append("%s said %s lost %s %s in %s %s (report %d.%d)." % (
            cl_text[0].upper() + cl_text[1:], "the enemy", format(value, ","), noun, place, word, i, k))
        fields.append((cl_text, cl_key, cl_side, subj, metric, place, key, value))
    text = " ".join(sentences)
    doc = Document(text=text, title="Synthetic report %d" % i, published=date, source="synthetic",
                   url="https://example.org/synthetic/%d" % i, path="synthetic-%d.txt" % i)
    claims, pos, total_id = [], 0, None
    for k, (s, f) in enumerate(zip(sentences, fields)):
        start = doc.text.index(s, pos)
        end = start + len(s)
        pos = end
        cl_text, cl_key, cl_side, subj, metric, place, key, value = f
        vtext = format(value, ",")
        fstart = start + s.index(vtext)
        cid = make_claim_id(doc.doc_id, (start, end), (fstart, fstart + len(vtext)), metric)
        claims.append(Claim(
            claim_id=cid, doc_id=doc.doc_id, kind="reported",
            claimant=Actor(cl_text, cl_key, cl_side), subject=Subject("the enemy", subj), metric=metric,
            value=Value(value, value, "exact", vtext), location=Location(place, key),
            period=Period(None, date, None), stated_on=date, quote=s, span=(start, end),
            citations=("https://example.org/source/%d" % (i % 97),) if k == 0 else (),
            part_of=total_id if metric == "personnel.killed" else None,
            confidence=round(0.5 + rng.random() / 2, 3), figure_span=(fstart, fstart + len(vtext))))
        if metric == "personnel.casualties" and total_id is None:
            total_id = cid
    return doc, claims


def synthetic_corpus(n_docs: int, claims_per_doc: int = 5, start: int = 0) -> Iterator[tuple[Document, list[Claim]]]:
    for i in range(start, start + n_docs):
        yield synthetic_document(i, claims_per_doc)


class FigureExtractor:
    """A tiny stand-in for ``counterclaim.extract.Extractor``: one claim per "<number> <noun>".

    Fast and deterministic, so ledger tests (crash recovery, idempotence) do not depend on
    spaCy or on the extraction rules of the day. Same interface: ``extract``, ``extract_many``.
    """
    FIGURE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+) (soldiers|troops|tanks|drones|prisoners)")
    SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
    METRIC = {"soldiers": "personnel.casualties", "troops": "personnel.casualties", "tanks": "equipment.tanks",
              "drones": "equipment.uav", "prisoners": "personnel.captured"}

    def extract(self, doc: Document) -> list[Claim]:
        out = []
        for s in self.SENTENCE.finditer(doc.text):
            for m in self.FIGURE.finditer(s.group()):
                n = int(m.group(1).replace(",", ""))
                fs = (s.start() + m.start(1), s.start() + m.end(1))
                metric = self.METRIC[m.group(2)]
                span = (s.start() + len(s.group()) - len(s.group().lstrip()), s.end())
                out.append(Claim(
                    claim_id=make_claim_id(doc.doc_id, span, fs, metric), doc_id=doc.doc_id, kind="assertion",
                    claimant=Actor(doc.author, None, None), subject=Subject(None, None), metric=metric,
                    value=Value(n, n, "exact", m.group(1)), location=None, period=None, stated_on=doc.published,
                    quote=doc.text[span[0]:span[1]], span=span, figure_span=fs, confidence=0.5))
        return out

    def extract_many(self, docs):
        for d in docs:
            yield d, self.extract(d)
