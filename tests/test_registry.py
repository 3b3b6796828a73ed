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
