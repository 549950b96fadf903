"""The ingest loop (counterclaim.service): skip by content hash, one error per bad input, failures isolated,
linking after each stored document, reextract."""
import pytest

from counterclaim.errors import IngestError
from counterclaim.ingest import read_inputs
from counterclaim import service as run
from counterclaim.ledger import Ledger
from counterclaim.ledger.synthetic import FigureExtractor
from counterclaim.records import EXTRACTOR_VERSION, Document
from counterclaim.settings import Settings


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(12):
        (d / ("r%02d.txt" % i)).write_text("Report %d\n\nThe army lost %d soldiers and %d tanks near town %d.\n"
                                           "Later 3%d drones were shot down." % (i, 100 + i, i + 1, i, i))
    (d / "same-text-again.txt").write_text((d / "r03.txt").read_text() + "\n\n")  # normalises to r03
    return d


def counts(led):
    c = led.counts()
    return c["documents"], c["claims"], c["citations"]


def test_ingesting_a_folder_twice_adds_nothing_the_second_time(folder, tmp_path):
    settings = Settings.from_env(published="2025-05-01")
    with Ledger(tmp_path / "l.db") as led:
        s1 = run.ingest(led, read_inputs([str(folder)], settings), FigureExtractor(), batch_size=5)
        assert (s1.read, s1.added, s1.skipped, s1.errors) == (13, 12, 1, [])
        assert s1.claims == 36 and counts(led) == (12, 36, 0)
        s2 = run.ingest(led, read_inputs([str(folder)], settings), FigureExtractor())
        assert (s2.added, s2.skipped, s2.claims) == (0, 13, 0)
        assert counts(led) == (12, 36, 0)
        row = led.query_one("SELECT published, extractor, format FROM documents LIMIT 1")
        assert row == {"published": "2025-05-01", "extractor": EXTRACTOR_VERSION, "format": "text"}


def test_bad_inputs_are_one_line_each_and_the_rest_is_stored(folder, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.json").write_text('[{"kind": "Listing", "data": {"children": [')
    errors_seen = []
    with Ledger(tmp_path / "l.db") as led:
        stats = run.ingest(led, read_inputs([str(tmp_path / "missing.txt"), str(tmp_path / "empty.txt"),
                                             str(folder), str(tmp_path / "broken.json")], Settings()),
                           FigureExtractor(), on_error=errors_seen.append)
        assert counts(led)[0] == 12
    assert len(stats.errors) == 3 and errors_seen == stats.errors
    assert stats.errors[0].startswith(str(tmp_path / "missing.txt") + ": ")
    assert stats.errors[1].startswith(str(tmp_path / "empty.txt") + ": ")
    assert stats.errors[2].startswith(str(tmp_path / "broken.json") + ": ")
    assert all("\n" not in e for e in stats.errors)


class Flaky(FigureExtractor):
    """Fails on documents that mention 'poison', in batches and alone."""

    def extract(self, doc):
        if "poison" in doc.text:
            raise ValueError("cannot parse this")
        return super().extract(doc)

    def extract_many(self, docs):
        docs = list(docs)
        if any("poison" in d.text for d in docs):
            raise ValueError("batch failed")
        return super().extract_many(docs)


def test_a_document_that_breaks_extraction_fails_alone(tmp_path):
    docs = [Document(text="Doc %d: 5%d soldiers." % (i, i), path="d%d" % i) for i in range(6)]
    docs[2] = Document(text="poison 7 tanks.", path="bad-one")
    with Ledger(tmp_path / "l.db") as led:
        stats = run.ingest(led, iter(docs), Flaky(), batch_size=4)
        assert stats.added == 5 and counts(led)[:2] == (5, 5)
    assert stats.errors == ["bad-one: extraction failed (ValueError: cannot parse this)"]


def test_linker_is_called_after_each_stored_document(tmp_path, monkeypatch):
    seen = []

    def link(ledger, doc_id):
        assert ledger.has_document(doc_id)  # stored (in the same transaction) before linking
        seen.append(doc_id)
        if len(seen) == 2:
            raise RuntimeError("linker bug")

    monkeypatch.setattr(run, "link_and_check", link)
    docs = [Document(text="%d soldiers." % i, path="p%d" % i) for i in range(3)]
    with Ledger(tmp_path / "l.db") as led:
        stats = run.ingest(led, iter(docs + docs[:1]), FigureExtractor())
        assert counts(led)[0] == 3
    assert seen == [d.doc_id for d in docs]
    assert stats.errors == ["p1: stored, but linking failed (RuntimeError: linker bug); "
                            "`counterclaim check --relink` links it"]


def test_reextract_replaces_claims_from_stored_text(tmp_path, folder):
    with Ledger(tmp_path / "l.db") as led:
        run.ingest(led, read_inputs([str(folder)], Settings()), FigureExtractor())
        before = {r["claim_id"] for r in led.query("SELECT claim_id FROM claims")}
        # nothing is stale yet
        assert run.reextract(led, FigureExtractor()).read == 0
        led.execute("UPDATE documents SET extractor = '0.0.1'")
        led.execute("UPDATE claims SET extractor = '0.0.1'")
        for p in folder.iterdir():  # the sources are gone: reextract must not need them
            p.unlink()

        class OnlySoldiers(FigureExtractor):
            def extract(self, doc):
                return [c for c in super().extract(doc) if c.metric == "personnel.casualties"]

            def extract_many(self, docs):
                return ((d, self.extract(d)) for d in docs)

        stats = run.reextract(led, OnlySoldiers())
        assert (stats.read, stats.removed, stats.claims, stats.errors) == (12, 36, 12, [])
        after = {r["claim_id"] for r in led.query("SELECT claim_id FROM claims")}
        assert after < before and len(after) == 12
        assert led.scalar("SELECT count(*) FROM documents WHERE extractor != ?", (EXTRACTOR_VERSION,)) == 0
        assert run.reextract(led, OnlySoldiers(), everything=True).read == 12
        assert counts(led)[:2] == (12, 12)


def test_ingest_extracted_stores_claims_made_elsewhere(tmp_path):
    from counterclaim.ledger.synthetic import synthetic_corpus
    with Ledger(tmp_path / "l.db") as led:
        pairs = list(synthetic_corpus(3)) + [IngestError("bad row", "part-0.parquet")]
        stats = run.ingest_extracted(led, iter(pairs + pairs[:1]))
        assert (stats.added, stats.skipped, stats.claims) == (3, 1, 15)
        assert stats.errors == ["part-0.parquet: bad row"]
