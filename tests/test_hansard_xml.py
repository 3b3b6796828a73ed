"""The Hansard parser on the 16 real publication XML files in ../shared."""
from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from crawlers.hansard_xml import parse_label, parse_sitting
from crawlers.safe_xml import make_parser, normalise_xml_bytes

from .conftest import HANSARD_FIXTURES, need


def fixture_files():
    if not HANSARD_FIXTURES.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{HANSARD_FIXTURES} absent"))]
    return sorted(HANSARD_FIXTURES.glob("*.xml"))


def sitting(name: str):
    path = need(HANSARD_FIXTURES / name)
    return parse_sitting(path.read_bytes(), f"https://www.ourcommons.ca/test/{name}")


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: getattr(p, "name", "absent"))
def test_every_intervention_becomes_a_statement(path):
    """Each <Intervention> in the file yields at least one statement carrying its id."""
    data = path.read_bytes()
    root = etree.fromstring(normalise_xml_bytes(data), make_parser())
    expected = {i.get("id") for i in root.iter("Intervention") if "".join(i.find("Content").itertext()).strip()}
    parsed = parse_sitting(data, str(path))
    got = {s.intervention_id for s in parsed.statements if s.intervention_id}
    assert got == expected
    assert parsed.date and parsed.parliament and parsed.session and parsed.sitting
    assert parsed.language in {"en", "fr"}
    assert all(s.text for s in parsed.statements)


def test_stca_exchange_speakers_43_1_44():
    s = sitting("43-1-44-en.xml")
    assert (s.id, s.date, s.kind) == ("hoc-43-1-044-en", "2020-07-22", "debates")
    by_name = {}
    for st in s.statements:
        if st.kind == "speech" and st.speaker.name:
            by_name.setdefault(st.speaker.name, st.speaker)
    collins, normandin = by_name["Laurel Collins"], by_name["Christine Normandin"]
    assert (collins.riding, collins.party, collins.honorific) == ("Victoria", "NDP", "Ms.")
    assert (normandin.riding, normandin.party) == ("Saint-Jean", "Bloc Québécois")
    later = [st for st in s.statements if st.speaker and st.speaker.label == "Ms. Christine Normandin"]
    assert later and all(st.speaker.party == "Bloc Québécois" for st in later), "party carried forward"
    stca = [st for st in s.statements if "safe third country" in st.text.lower()]
    assert {st.speaker.name for st in stca} >= {"Laurel Collins"}
    assert all(st.paragraph_ids for st in stca)


def test_interjections_are_not_attributed_to_the_speaker():
    s = sitting("41-2-38-en.xml")
    voices = [st for st in s.statements if st.kind == "interjection"]
    assert voices
    assert all(st.speaker.generic and st.speaker.name is None for st in voices)
    assert all(not st.text.startswith("Some hon. members") for st in s.statements if st.kind == "speech")
    assert any(st.kind == "procedural" and st.text.startswith("(") for st in s.statements)


def test_portfolio_is_a_role_and_carried_forward():
    s = sitting("HAN086-E.xml")
    harper = [st.speaker for st in s.statements if st.speaker and st.speaker.name == "Stephen Harper"]
    assert harper and harper[0].role == "Prime Minister" and harper[0].party == "Conservative"
    assert harper[0].riding is None and harper[0].honorific == "Right Hon."


def test_french_sitting_labels():
    s = sitting("41-1-54-fr.xml")
    assert s.language == "fr" and s.id == "hoc-41-1-054-fr"
    comartin = next(st.speaker for st in s.statements if st.speaker and st.speaker.name == "Joe Comartin")
    assert (comartin.riding, comartin.party, comartin.honorific) == ("Windsor—Tecumseh", "NDP", "M.")


def test_committee_meeting_chair_and_witnesses():
    acva = sitting("6265357-en.xml")
    assert (acva.kind, acva.committee, acva.id) == ("committee", "ACVA", "acva-41-2-001-en")
    chair = next(st.speaker for st in acva.statements if st.speaker and st.speaker.role == "Chair" and st.speaker.name)
    assert chair.name == "Royal Galipeau" and chair.party == "Conservative"
    srsr = sitting("12324877-en.xml")
    fung = next(st.speaker for st in srsr.statements if st.speaker and st.speaker.name == "Benjamin Fung")
    assert fung.role.startswith("Canada Research Chair") and fung.party is None and fung.riding is None
    ethi = sitting("11796678-fr.xml")
    assert ethi.language == "fr" and ethi.committee == "ETHI"


def test_timestamps_past_midnight_roll_over():
    s = sitting("HAN102-E.xml")
    times = [st.time for st in s.statements if st.time]
    assert max(times).startswith("2014-06-13T00:"), "Hr=24 is 00:xx on the next day"
    assert all(dt.datetime.fromisoformat(t) for t in times)


def test_divisions_with_totals():
    s = sitting("44-1-200-en.xml")
    div = next(d for d in s.divisions if d.number == 332)
    assert div.totals == {"Yeas": 110, "Nays": 209, "Paired": 4}
    yeas = [v for v in div.votes if v[2] == "Yeas"]
    assert len(yeas) == 110 and ("Aboultaif", None, "Yeas", "278569") in yeas


def test_encoding_utf8_declaration_and_entities_parse():
    s = sitting("41-1-260-en.xml")  # declares encoding='utf8', which expat rejects
    assert s.statements and s.date == "2013-05-31"


@pytest.mark.parametrize("label,expected", [
    ("The Acting Speaker (Mr. Barry Devolin)", ("Barry Devolin", "Acting Speaker", None)),
    ("Hon. Candice Bergen (Minister of State (Social Development), CPC)",
     ("Candice Bergen", "Minister of State (Social Development)", "Conservative")),
    ("M. Kevin Lamoureux (Winnipeg-Nord, Lib.)", ("Kevin Lamoureux", None, "Liberal")),
])
def test_parse_label(label, expected):
    sp = parse_label(label)
    assert (sp.name, sp.role, sp.party) == expected


# ---------------------------------------------------------------- out-of-range values (issue 20)
def _with(name: str, old: bytes, new: bytes) -> bytes:
    data = need(HANSARD_FIXTURES / name).read_bytes()
    assert old in data, f"{name}: no {old!r} to replace"
    return data.replace(old, new, 1)


def test_an_out_of_range_timestamp_is_ignored_and_the_sitting_kept():
    import re

    name = "42-1-2-en.xml"
    data = need(HANSARD_FIXTURES / name).read_bytes()
    first = re.search(rb'<Timestamp Hr="(\d+)"', data).group(0)
    bad = data.replace(first, b'<Timestamp Hr="9999999999999"', 1)
    good = parse_sitting(data, "https://example.test/good.xml")
    got = parse_sitting(bad, "https://example.test/bad.xml")
    assert len(got.statements) == len(good.statements) > 0
    assert [s.text for s in got.statements] == [s.text for s in good.statements]


def test_a_number_with_thousands_of_digits_is_no_number():
    import re

    name = "42-1-2-en.xml"
    data = need(HANSARD_FIXTURES / name).read_bytes()
    parl = b'<ExtractedItem Name="ParliamentNumber">42<'
    assert parl in data, "fixture without ParliamentNumber"
    bad = data.replace(parl, b'<ExtractedItem Name="ParliamentNumber">' + b"7" * 5000 + b"<", 1)
    bad = re.sub(rb'<Timestamp Hr="\d+" Mn="\d+"', b'<Timestamp Hr="10" Mn="' + b"5" * 5000 + b'"', bad, count=1)
    got = parse_sitting(bad, "https://example.test/bad.xml")
    good = parse_sitting(data, "https://example.test/good.xml")
    assert got.parliament is None and len(got.statements) == len(good.statements)


def test_an_unexpected_parser_failure_names_the_url_as_a_parse_error(monkeypatch):
    from crawlers import hansard_xml
    from crawlers.safe_xml import XMLError

    def broken(root):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(hansard_xml, "_items", broken)
    data = need(HANSARD_FIXTURES / "42-1-2-en.xml").read_bytes()
    with pytest.raises(XMLError, match=r"https://example.test/x.xml: cannot parse .*OverflowError"):
        parse_sitting(data, "https://example.test/x.xml")
