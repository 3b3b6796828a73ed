"""A sitting stored in English and French is one debate: the French copy points at the English
publication, is not read by the NLP stage, and aggregates count each intervention once."""
from __future__ import annotations

from nlp.topic import mentions_topic
from store.extracted import pending_documents, records_for
from ingest.publications import import_publication
from store.schema import open_db

from .conftest import HANSARD_FIXTURES, need

EN, FR = "hoc-42-1-002-en", "hoc-42-1-002-fr"


def load(db, *names):
    for name in names:
        path = need(HANSARD_FIXTURES / name)
        import_publication(db, path.read_bytes(), path.as_uri())


def test_french_copy_points_at_the_english_publication_in_either_order(tmp_path):
    for order in (("42-1-2-en.xml", "42-1-2-fr.xml"), ("42-1-2-fr.xml", "42-1-2-en.xml")):
        db = open_db(tmp_path / f"{order[0]}.db")
        load(db, *order)
        links = {r["id"]: r["translation_of"] for r in db.query("select id, translation_of from documents")}
        assert links == {EN: None, FR: EN}
        db.close()


def test_a_lone_french_publication_is_an_original(db):
    load(db, "42-1-2-fr.xml")
    assert db["documents"].get(FR)["translation_of"] is None
    assert db.execute("select count(*) from statements_sourced where document_id = ?", [FR]).fetchone()[0] > 0


def test_the_french_copy_is_kept_but_counted_once(db):
    load(db, "42-1-2-en.xml")
    english_only = {r["speaker_id"]: r["statements"] for r in db.query(
        "select speaker_id, sum(statements) as statements from stance_speaker_month group by speaker_id")}
    load(db, "42-1-2-fr.xml")
    assert db["statements"].count_where("document_id = ?", [FR]) > 0  # the French text stays
    assert db.execute("select count(*) from statements_sourced where document_id = ?", [FR]).fetchone()[0] == 0
    both = {r["speaker_id"]: r["statements"] for r in db.query(
        "select speaker_id, sum(statements) as statements from stance_speaker_month group by speaker_id")}
    assert both == english_only and english_only


def test_the_nlp_stage_reads_the_english_text_only(db):
    load(db, "42-1-2-fr.xml", "42-1-2-en.xml")
    pending = {d["id"]: d for d in pending_documents(db)}
    assert list(records_for(db, pending[FR], lambda text: True)) == []
    assert list(records_for(db, pending[EN], lambda text: True))
    assert all(r["document_id"] == EN for r in records_for(db, pending[EN], mentions_topic))


def test_stance_and_figures_read_from_a_french_copy_go_when_the_english_arrives(db):
    load(db, "42-1-2-fr.xml")
    sid = next(db.query("select id from statements where document_id = ? and kind = 'speech'", [FR]))["id"]
    db["statements"].update(sid, {"stance": "suspend", "stance_score": 0.9})
    db["figures"].insert({"id": f"{sid}/f000", "document_id": FR, "statement_id": sid, "value": 5.0})
    load(db, "42-1-2-en.xml")
    assert db["statements"].get(sid)["stance"] is None
    assert db["figures"].count_where("document_id = ?", [FR]) == 0


def test_divisions_of_a_french_copy_are_not_counted_twice(db):
    english = need(HANSARD_FIXTURES / "44-1-200-en.xml").read_bytes()
    # the French publication of a sitting records the same divisions
    french = english.replace(b'xml:lang="EN"', b'xml:lang="FR"', 1)
    import_publication(db, english, "https://www.ourcommons.ca/HAN200-E.XML")
    divisions = db["divisions"].count
    assert divisions >= 2
    import_publication(db, french, "https://www.ourcommons.ca/HAN200-F.XML")
    assert db["documents"].get("hoc-44-1-200-fr")["translation_of"] == "hoc-44-1-200-en"
    assert db["divisions"].count == 2 * divisions  # both copies stored
    rows = list(db.query("select division_id, party, count(*) as n from division_party_positions "
                         "group by division_id, party"))
    assert {r["division_id"].split("/")[0] for r in rows} == {"hoc-44-1-200-en"}
    assert all(r["n"] == 1 for r in rows)


def test_an_older_database_gains_the_link_and_keeps_its_search_index(tmp_path, monkeypatch):
    import copy

    import sqlite_utils

    from store import schema

    old_tables = copy.deepcopy(schema.TABLES)
    del old_tables["documents"]["columns"]["translation_of"]
    old_keys = [fk for fk in schema.FOREIGN_KEYS if fk[1] != "translation_of"]
    path = tmp_path / "old.db"
    with monkeypatch.context() as m:  # the database as a release before translation_of made it
        m.setattr(schema, "TABLES", old_tables)
        m.setattr(schema, "FOREIGN_KEYS", old_keys)
        schema.ensure_db_shape(sqlite_utils.Database(path))
    db = open_db(path)  # adding the foreign key rebuilds documents, dropping its triggers
    assert ("translation_of", "documents") in {(fk.column, fk.other_table) for fk in db["documents"].foreign_keys}
    assert {"documents_ai", "documents_ad", "documents_au"} <= {t.name for t in db["documents"].triggers}
    load(db, "42-1-2-en.xml")
    hits = db.execute("select rowid from documents_fts where documents_fts match 'Speaker'").fetchall()
    assert len(hits) == 1
