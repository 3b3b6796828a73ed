"""nlp/speakers.py: name keys, titles/parties and in-document resolution, without a model."""
from nlp.speakers import Resolver, name_key, parse_speaker_field, split_role, strip_honorifics


def test_name_key_drops_honorifics_accents_initials_and_case():
    assert name_key("Hon. Mobina S.B. Jaffer") == name_key("mobina jaffer") == "mobina jaffer"
    assert name_key("M. Matthew Dubé") == "matthew dube"
    assert name_key("Mr. Hussen") == "hussen"


def test_split_role_finds_party_and_role():
    assert split_role("Conservative immigration critic") == ("immigration critic", "Conservative")
    assert split_role("Public Safety Minister") == ("Public Safety Minister", None)
    assert split_role("NDP MP") == ("MP", "NDP")


def test_parse_speaker_field_forms():
    assert parse_speaker_field("Jenny Kwan (Vancouver East, NDP)") == ("Jenny Kwan", "NDP", None)
    assert parse_speaker_field("Hon. Ralph Goodale (Regina—Wascana, Lib.)")[0] == "Ralph Goodale"
    name, party, role = parse_speaker_field("Hon. Peter Harder (Government Representative in the Senate)")
    assert (name, party, role) == ("Peter Harder", None, "Government Representative in the Senate")
    assert parse_speaker_field("Ted Cruz (R-Texas)")[1] == "Republican"


def test_surname_and_honorific_resolve_to_full_name():
    r = Resolver()
    r.learn("Ahmed Hussen", "m")
    r.learn("Michelle Rempel", "f")
    assert r.canonical("Mr. Hussen") == "Ahmed Hussen"
    assert r.canonical("Rempel") == "Michelle Rempel"
    assert r.canonical("Ms. Nobody") == "Nobody"
    assert strip_honorifics("Senator Harder") == "Harder"


def test_ambiguous_surname_prefers_gender_then_recency():
    r = Resolver()
    r.learn("Bill Clinton", "m")
    r.learn("Hillary Clinton", "f")
    assert r.canonical("Mrs. Clinton") == "Hillary Clinton"
    r.said("Bill Clinton")
    assert r.canonical("Clinton") == "Bill Clinton"


def test_pronouns_follow_gender_and_skip_organisations():
    r = Resolver()
    r.learn("Michelle Rempel", "f")
    r.said("Michelle Rempel", "f")
    r.said("Ralph Goodale", "m")
    r.said("Amnesty International", org=True)
    assert r.pronoun("he") == "Ralph Goodale"
    assert r.pronoun("she") == "Michelle Rempel"
    assert r.pronoun("it") == "Amnesty International"
