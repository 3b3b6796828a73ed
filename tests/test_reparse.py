"""Issue 18: every fetched publication is kept, and `stcawatch reparse` re-reads it (no
network) when the parser changes; the NLP stage's version is part of the extraction hash."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawlers.safe_xml import XMLError
from pipeline import cli
from ingest import publications as ingest
from store import load
from store.schema import open_db

from .conftest import HANSARD_FIXTURES, need

FILES = ["42-1-2-en.xml", "43-1-44-en.xml", "44-1-5-en.xml"]


def load_fixtures(db, names=FILES):
    for name in names:
        path = need(HANSARD_FIXTURES / name)
        ingest.import_publication(db, path.read_bytes(), path.as_uri())


def table(db_path, sql):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def test_every_loaded_publication_keeps_its_bytes(db):
    from store.sources import read_source

    load_fixtures(db)
    docs = list(db.query("select id, url, content_hash, source_sha256, parser from documents order by id"))
    assert len(docs) == 3 and {d["parser"] for d in docs} == {ingest.parser_id("house_xml")}
    for doc in docs:
        assert doc["source_sha256"] == doc["content_hash"]
        path = HANSARD_FIXTURES / doc["url"].rsplit("/", 1)[-1]
        assert read_source(db, doc["source_sha256"]) == path.read_bytes()  # byte for byte
    assert db["sources"].count == 3
    load_fixtures(db)  # the same bytes again: nothing new
    assert db["sources"].count == 3


def test_a_parser_change_reparses_each_stored_sitting_once(db, monkeypatch):
    load_fixtures(db)
    assert ingest.reparse_sources(db)["reparsed"] == 0  # all read by the current parser
    parse, _ = ingest.PARSERS["house_xml"]
    monkeypatch.setitem(ingest.PARSERS, "house_xml", (parse, "next-version"))
    first = ingest.reparse_sources(db)
    assert (first["reparsed"], first["current"]) == (3, 0)
    assert {r[0] for r in db.execute("select distinct parser from documents")} == {"house_xml@next-version"}
    assert ingest.reparse_sources(db)["reparsed"] == 0  # once
    # a crawl that brings the same bytes does not re-parse either
    path = HANSARD_FIXTURES / FILES[0]
    assert ingest.import_publication(db, path.read_bytes(), path.as_uri()) is None


def test_bytes_that_failed_to_parse_are_kept_and_read_by_the_fixed_parser(db, monkeypatch):
    path = need(HANSARD_FIXTURES / FILES[0])
    parse, version = ingest.PARSERS["house_xml"]

    def broken(data, url):
        raise XMLError(f"{url}: a parser bug")

    monkeypatch.setitem(ingest.PARSERS, "house_xml", (broken, "buggy"))
    with pytest.raises(XMLError):
        ingest.import_publication(db, path.read_bytes(), path.as_uri())
    assert db["documents"].count == 0 and db["sources"].count == 1
    assert ingest.reparse_sources(db)["skipped"] == 0  # the same parser does not try them every run
    monkeypatch.setitem(ingest.PARSERS, "house_xml", (parse, version))  # the fix lands
    counts = ingest.reparse_sources(db)
    assert counts["reparsed"] == 1 and db["documents"].count == 1


def test_a_replay_of_stored_sources_gives_the_same_database(tmp_path):
    crawled, replayed = tmp_path / "crawled.db", tmp_path / "replayed.db"
    db = open_db(crawled)
    load_fixtures(db, sorted(p.name for p in need(HANSARD_FIXTURES).glob("*.xml")))
    db.close()
    fresh = open_db(replayed)
    fresh.execute(f"attach database '{crawled}' as old")
    fresh.execute("insert into sources select * from old.sources")
    fresh.conn.commit()
    fresh.execute("detach database old")
    counts = ingest.reparse_sources(fresh)
    fresh.close()
    assert counts["reparsed"] == 16
    for sql in ("select id, kind, url, title, language, date, chamber, committee, parliament, session, "
                "sitting, content_hash, source_sha256, parser, translation_of, text from documents order by id",
                "select * from statements order by id",
                "select id, name, name_key, honorific, party, riding, role, dbids, first_seen, last_seen "
                "from speakers order by id",
                "select * from speaker_affiliations order by speaker_id, document_id",
                "select * from divisions order by id",
                "select * from division_votes order by division_id, name, riding"):
        assert table(replayed, sql) == table(crawled, sql), sql


def test_documents_stored_before_sources_were_kept_are_downloaded_again(db):
    from crawlers.hansard_xml import parse_sitting
    from store.news import mark_seen

    path = need(HANSARD_FIXTURES / FILES[0])
    sitting = parse_sitting(path.read_bytes(), "https://www.ourcommons.ca/x/HAN002-E.XML")
    load.save_sitting(db, sitting, load.content_hash(path.read_bytes()))  # as before issue 18
    mark_seen(db, sitting.url, document=sitting.id, etag='"abc"')
    counts = ingest.reparse_sources(db)
    assert counts["refetch"] == 1
    row = db.execute("select etag, last_modified from seen_urls where url = ?", [sitting.url]).fetchone()
    assert row == (None, None)  # no If-None-Match next time: the bytes come back and are kept


def test_reparse_command_reports_and_records_a_run(tmp_path):
    db_path = str(tmp_path / "cli.db")
    path = need(HANSARD_FIXTURES / FILES[0])
    assert CliRunner().invoke(cli, ["load", "--db", db_path, str(path)]).exit_code == 0
    result = CliRunner().invoke(cli, ["reparse", "--db", db_path, "--all"])
    assert result.exit_code == 0, result.output
    assert "1 stored sources, re-parsed 1, current 0, skipped 0" in result.output
    assert table(db_path, "select command, status, stored from crawl_runs order by id") == [
        ("load", "ok", 1), ("reparse", "ok", 1)]


def test_a_new_nlp_version_marks_each_document_for_extraction_once(db, monkeypatch):
    from nlp import version
    from store.extracted import forget_extraction, pending_documents

    load_fixtures(db, FILES[:2])
    for doc in db.query("select id, content_hash from documents"):
        db["documents"].update(doc["id"], {"extracted_hash": version.extracted_hash(doc["content_hash"])})
    assert pending_documents(db) == []
    monkeypatch.setattr(version, "EXTRACTION_VERSION", "a retrained model")
    version.extraction_version.cache_clear()
    try:
        assert len(pending_documents(db)) == 2  # the stage changed: read again
        for doc in db.query("select id, content_hash from documents"):
            db["documents"].update(doc["id"], {"extracted_hash": version.extracted_hash(doc["content_hash"])})
        assert pending_documents(db) == []  # once
        assert forget_extraction(db) == 2 and len(pending_documents(db)) == 2  # extract --all
    finally:
        version.extraction_version.cache_clear()


def test_a_changed_publication_keeps_its_previous_version(db):
    """Issue 20, defect 2: a changed document keeps its previous version (its bytes)."""
    from store.sources import read_source

    path = need(HANSARD_FIXTURES / FILES[0])
    first = path.read_bytes()
    url = "https://www.ourcommons.ca/Content/House/421/Debates/002/HAN002-E.XML"
    ingest.import_publication(db, first, url)
    second = first.replace(b"The House met at 2:30 p.m.", b"The House met at 2:35 p.m.")
    assert second != first
    ingest.import_publication(db, second, url)
    versions = db.execute("select sha256 from sources where url = ? order by rowid", [url]).fetchall()
    assert [read_source(db, v[0]) for v in versions] == [first, second]
    doc = db.execute("select source_sha256 from documents where url = ?", [url]).fetchone()
    assert doc[0] == versions[-1][0]  # the document is the latest version


def test_a_spider_reads_what_it_saw_without_loading_the_schema(tmp_path):
    """Issue 18: spiders opened the database through open_db, which reshapes it and imports the
    schema's extensions (the digest and its templates): reading the seen URLs needs none of it."""
    import subprocess
    import sys

    from store.news import mark_seen

    db_path = tmp_path / "seen.db"
    db = open_db(db_path)
    mark_seen(db, "https://example.org/a", etag='"x"')
    db.close()
    code = ("import sys; from store.news import seen_at; seen = seen_at(sys.argv[1]); "
            "print(seen['https://example.org/a']['etag'], 'surface.digest' in sys.modules, 'jinja2' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True,
                         cwd=str(Path(__file__).resolve().parent.parent))
    assert out.stdout.split() == ['"x"', "False", "False"], out.stderr[-2000:]
