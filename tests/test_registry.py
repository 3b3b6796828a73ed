"""Speaker registry: one person across sittings, roles and DbIds."""
from store.registry import name_key, resolve_speaker


def test_name_key_drops_honorifics_accents_initials():
    assert name_key("Hon. Ahmed D. Hussen") == "ahmed hussen"
    assert name_key("Mme Christine Normandin") == name_key("Christine NORMANDIN")
    assert name_key("M. René Villemure") == "rene villemure"


def test_same_person_new_dbid_resolves_to_one_row(db):
    a = resolve_speaker(db, "Kevin Lamoureux", riding="Winnipeg North", party="Liberal", dbid="170750", date="2013-05-31")
    b = resolve_speaker(db, "Kevin Lamoureux", riding="Winnipeg North", party="Liberal",
                        role="Parliamentary Secretary", dbid="293762", date="2020-07-22")
    c = resolve_speaker(db, "Hon. Kevin Lamoureux", dbid="188984", date="2012-11-28")
    assert a == b == c
    row = db["speakers"].get(a)
    assert row["first_seen"] == "2012-11-28" and row["last_seen"] == "2020-07-22"
    assert row["role"] == "Parliamentary Secretary"


def test_namesakes_with_different_riding_and_party_stay_apart(db):
    a = resolve_speaker(db, "John Smith", riding="Here", party="Liberal")
    b = resolve_speaker(db, "John Smith", riding="There", party="Conservative")
    assert a != b


def _load(db_path, names):
    from ingest.publications import import_publication
    from store.schema import open_db

    from .conftest import HANSARD_FIXTURES, need

    db = open_db(db_path)
    for name in names:
        path = need(HANSARD_FIXTURES / name)
        import_publication(db, path.read_bytes(), path.as_uri())
    return db


def _registry(db):
    return (db.execute("select id, name, name_key, honorific, party, riding, role, dbids, first_seen, "
                       "last_seen from speakers order by id").fetchall(),
            db.execute("select id, speaker_id from statements order by id").fetchall(),
            db.execute("select * from speaker_affiliations order by speaker_id, document_id").fetchall())


def test_speakers_do_not_depend_on_the_order_sources_arrive(tmp_path):
    """Issue 20, defect 10: 22 of 471 roles (and honorifics, ridings) differed between a sorted
    and a reverse load: the last document read won ties of date (a sitting's English and French
    publications), and the last statement read won within a sitting."""
    from .conftest import HANSARD_FIXTURES, need

    names = sorted(p.name for p in need(HANSARD_FIXTURES).glob("*.xml"))
    forward = _registry(_load(tmp_path / "forward.db", names))
    backward = _registry(_load(tmp_path / "backward.db", names[::-1]))
    assert len(forward[0]) > 400
    for got, want in zip(backward, forward):
        assert got == want


def test_a_speaker_id_is_the_same_whichever_name_form_arrives_first(tmp_path):
    """'Michelle Rempel' (2013) and 'Michelle Rempel Garner' (2022) are one person, whose id is
    the slug of the form seen first by date, not of the form loaded first."""
    older, newer = "41-1-260-en.xml", "44-1-303-en.xml"
    a = _load(tmp_path / "a.db", [older, newer])
    b = _load(tmp_path / "b.db", [newer, older])
    for db in (a, b):
        rows = db.execute("select id, name from speakers where name_key like 'michelle rempel%'").fetchall()
        assert rows == [("michelle-rempel", "Michelle Rempel")]
        linked = db.execute("select count(distinct document_id) from statements "
                            "where speaker_id = 'michelle-rempel'").fetchone()[0]
        assert linked == 2
    assert _registry(a) == _registry(b)
