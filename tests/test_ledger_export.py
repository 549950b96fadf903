"""Exports (jsonl, csv, Parquet) read back by DuckDB, pandas and import-claims; Datasette opens the ledger."""
import asyncio
import csv
import json

import pytest

from counterclaim.errors import LedgerError
from counterclaim.ledger import ClaimFilter, Ledger
from counterclaim.ledger import export as ex
from counterclaim.ledger.synthetic import synthetic_corpus


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("exp") / "counterclaim.db"
    with Ledger(path) as led:
        for doc, claims in synthetic_corpus(40):
            led.add(doc, claims)
        led.set_quantity_keys([(c, "qk-" + c[-4:]) for (c,) in
                               ((r["claim_id"],) for r in led.query("SELECT claim_id FROM claims LIMIT 10"))])
    return path


def test_parquet_types_and_duckdb_agree_with_the_ledger(ledger_path, tmp_path, monkeypatch):
    import duckdb
    import pyarrow.parquet as pq
    monkeypatch.setattr(ex, "BATCH", 64)  # several row groups: the writer really streams
    out = tmp_path / "claims.parquet"
    with Ledger(ledger_path, readonly=True) as led:
        n = ex.export_claims(led, str(out), "parquet")
        assert n == led.count() == 200
        by_metric = {r["metric"]: (r["n"], r["s"]) for r in led.query(
            "SELECT metric, count(*) n, sum(value_low) s FROM claims GROUP BY metric")}
        ua14 = led.scalar("SELECT max(value_high) FROM claims WHERE location_key='UA-14' AND claimant_side='UA'")
    pf = pq.ParquetFile(out)
    assert pf.metadata.num_row_groups > 1
    schema = pf.schema_arrow
    assert str(schema.field("value_low").type) == "int64"
    assert str(schema.field("confidence").type) == "double"
    assert str(schema.field("citations").type) == "list<element: string>"
    assert str(schema.field("stated_date").type) == "date32[day]"
    con = duckdb.connect()
    got = {m: (n, s) for m, n, s in con.execute(
        "SELECT metric, count(*), sum(value_low) FROM read_parquet(?) GROUP BY metric", [str(out)]).fetchall()}
    assert got == by_metric
    assert con.execute("SELECT max(value_high) FROM read_parquet(?) WHERE location_key='UA-14' "
                       "AND claimant_side='UA'", [str(out)]).fetchone()[0] == ua14
    # a list column DuckDB can unnest, and dates it can compare
    assert con.execute("SELECT count(*) FROM (SELECT unnest(citations) FROM read_parquet(?))",
                       [str(out)]).fetchone()[0] == 40
    assert con.execute("SELECT min(stated_date) >= DATE '2022-01-01' FROM read_parquet(?)",
                       [str(out)]).fetchone()[0]


def test_pandas_reads_the_exports(ledger_path, tmp_path):
    import pandas as pd
    with Ledger(ledger_path, readonly=True) as led:
        ex.export_claims(led, str(tmp_path / "c.parquet"), "parquet", ClaimFilter(metric="equipment"))
        ex.export_claims(led, str(tmp_path / "c.csv"), "csv", ClaimFilter(metric="equipment"))
        want = led.count(ClaimFilter(metric="equipment"))
    df = pd.read_parquet(tmp_path / "c.parquet")
    assert len(df) == want and df["value_low"].dtype == "int64"
    assert df["metric"].str.startswith("equipment.").all()
    dfc = pd.read_csv(tmp_path / "c.csv")
    assert len(dfc) == want and dfc["value_low"].sum() == df["value_low"].sum()


def test_jsonl_rows_are_spec_records_with_document(ledger_path, tmp_path):
    out = tmp_path / "c.jsonl"
    with Ledger(ledger_path, readonly=True) as led:
        ex.export_claims(led, str(out), "jsonl", with_text=True)
        first_doc = led.document(led.scalar("SELECT min(doc_id) FROM documents"))
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == 200
    rec = lines[0]
    for key in ("claim_id", "doc_id", "kind", "claimant", "subject", "metric", "value", "location", "period",
                "stated_on", "quote", "span", "citations", "part_of", "confidence"):
        assert key in rec
    assert rec["doc_id"] == first_doc.doc_id and rec["document"]["text"] == first_doc.text
    assert "text" not in lines[1]["document"]  # the text travels once per document
    assert rec["document"]["source"] == "synthetic"


def test_csv_flattening_round_trips(ledger_path, tmp_path):
    out = tmp_path / "c.csv"
    with Ledger(ledger_path, readonly=True) as led:
        ex.export_claims(led, str(out), "csv")
        claim = led.claim(led.scalar("SELECT claim_id FROM claims WHERE part_of IS NOT NULL LIMIT 1"))
    rows = {r["claim_id"]: r for r in csv.DictReader(out.open())}
    r = rows[claim.claim_id]
    assert int(r["value_low"]) == claim.value.low and r["part_of"] == claim.part_of
    assert ex.unflatten(ex.flatten(claim)) == claim


@pytest.mark.parametrize("fmt,with_text", [("jsonl", False), ("parquet", False), ("parquet", True)])
def test_import_claims_into_another_ledger(ledger_path, tmp_path, fmt, with_text):
    out = tmp_path / ("c." + fmt)
    with Ledger(ledger_path, readonly=True) as led:
        ex.export_claims(led, str(out), fmt, with_text=with_text)
        src_claims = {r["claim_id"]: r["record"] for r in led.query("SELECT claim_id, record FROM claims")}
        qk = {r["claim_id"]: r["quantity_key"] for r in led.query("SELECT claim_id, quantity_key FROM claims")}
        some_doc = led.document(led.scalar("SELECT min(doc_id) FROM documents"))
    seen = []
    with Ledger(tmp_path / "other.db") as other:
        res = ex.import_claims(other, str(out), on_documents=seen.extend, batch=37)
        assert (res.claims_added, res.documents_added, res.errors) == (200, 40, [])
        assert res.stub_documents == (0 if with_text else 40)
        again = ex.import_claims(other, str(out))
        assert (again.claims_added, again.claims_present, again.documents_added) == (0, 200, 0)
        assert other.counts()["claims"] == 200 and other.counts()["documents"] == 40
        assert other.counts()["citations"] == 40
        assert {r["claim_id"]: json.loads(r["record"]) for r in other.query("SELECT claim_id, record FROM claims")} \
            == {k: json.loads(v) for k, v in src_claims.items()}
        assert {r["claim_id"]: r["quantity_key"] for r in other.query("SELECT claim_id, quantity_key FROM claims")} == qk
        stored = other.document_row(some_doc.doc_id)
        assert stored["title"] == some_doc.title and stored["published"] == some_doc.published
        assert stored["text"] == (some_doc.text if with_text else "")
        assert sorted(set(seen)) == sorted(r["doc_id"] for r in other.query("SELECT doc_id FROM documents"))


def test_import_fills_stub_text_later(ledger_path, tmp_path):
    with Ledger(ledger_path, readonly=True) as led:
        ex.export_claims(led, str(tmp_path / "bare.jsonl"), "jsonl")
        ex.export_claims(led, str(tmp_path / "full.jsonl"), "jsonl", with_text=True)
    with Ledger(tmp_path / "o.db") as other:
        ex.import_claims(other, str(tmp_path / "bare.jsonl"))
        assert other.scalar("SELECT count(*) FROM documents WHERE text = ''") == 40
        res = ex.import_claims(other, str(tmp_path / "full.jsonl"))
        assert res.documents_filled == 40
        assert other.scalar("SELECT count(*) FROM documents WHERE text = ''") == 0
        assert other.scalar("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'lost'") == 40


def test_import_bad_rows_and_files(tmp_path):
    bad = tmp_path / "bad.jsonl"
    good = {"claim_id": "c_1", "doc_id": "d_1", "kind": "opinion", "quote": "Great.", "span": [0, 6]}
    bad.write_text(json.dumps(good) + "\n{truncated\n" + json.dumps({"kind": "x"}) + "\n")
    with Ledger(tmp_path / "o.db") as led:
        res = ex.import_claims(led, str(bad))
        assert res.claims_added == 1 and res.stub_documents == 1
        assert len(res.errors) == 2 and all(e.startswith(str(bad) + ": line ") for e in res.errors)
        with pytest.raises(LedgerError, match="no such file"):
            ex.import_claims(led, str(tmp_path / "nope.jsonl"))
        (tmp_path / "x.csv").write_text("a,b\n")
        with pytest.raises(LedgerError, match="jsonl or parquet"):
            ex.import_claims(led, str(tmp_path / "x.csv"))
        (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
        res = ex.import_claims(led, str(tmp_path / "broken.parquet"))
        assert res.claims_added == 0 and "not a readable Parquet file" in res.errors[0]


def test_export_errors(ledger_path, tmp_path):
    with Ledger(ledger_path, readonly=True) as led:
        with pytest.raises(LedgerError, match="unknown export format"):
            ex.export_claims(led, str(tmp_path / "x"), "xml")
        with pytest.raises(LedgerError, match="standard output"):
            ex.export_claims(led, "-", "parquet")
        with pytest.raises(LedgerError, match="cannot write"):
            ex.export_claims(led, str(tmp_path / "no" / "dir" / "x.jsonl"), "jsonl")


def test_datasette_opens_the_ledger(ledger_path):
    from datasette.app import Datasette

    async def run():
        ds = Datasette([str(ledger_path)])
        await ds.invoke_startup()
        tables = await ds.client.get("/counterclaim.json")
        claims = await ds.client.get("/counterclaim/claims.json?_shape=array&metric=equipment.tanks&_size=max")
        page = await ds.client.get("/counterclaim/claims?metric=equipment.tanks")
        sql = await ds.client.get("/counterclaim.json", params={
            "sql": "select count(*) as n from claims_fts where claims_fts match 'tanks'", "_shape": "array"})
        search = await ds.client.get("/counterclaim/claims.json?_search=tanks&_shape=array&_size=max")
        return tables, claims, page, sql, search

    tables, claims, page, sql, search = asyncio.run(run())
    assert tables.status_code == 200
    names = {t["name"] for t in tables.json()["tables"]}
    assert {"documents", "claims", "citations", "relations", "findings", "claims_fts"} <= names
    with Ledger(ledger_path, readonly=True) as led:
        want = led.count(ClaimFilter(metric="equipment.tanks"))
        fts = led.count(ClaimFilter(search="tanks"))
    assert claims.status_code == 200 and len(claims.json()) == want > 0
    assert all(r["metric"] == "equipment.tanks" for r in claims.json())
    assert page.status_code == 200 and "equipment.tanks" in page.text
    assert sql.json() == [{"n": fts}]
    # Datasette finds the FTS index by itself: the claims table gets a working search box
    assert search.status_code == 200 and len(search.json()) == fts > 0
    assert all("tanks" in r["quote"] for r in search.json())
