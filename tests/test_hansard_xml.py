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


# ----------------------------------------------------------------------------- issue 15: House
# parser differences from openparliament, each judged against the XML of the fixtures.

def _parsed(name: str):
    path = HANSARD_FIXTURES / name
    return parse_sitting(need(path).read_bytes(), f"https://www.ourcommons.ca/fixture/{name}")


def _time_before_each_paragraph(name: str) -> dict[str, tuple[int, int]]:
    """ParaText id -> (Hr, Mn) of the last Timestamp before it in document order."""
    from lxml import etree

    from crawlers.safe_xml import make_parser

    root = etree.fromstring(need(HANSARD_FIXTURES / name).read_bytes(), make_parser())
    last, out = None, {}
    for el in root.iter("Timestamp", "ParaText"):
        if el.tag == "Timestamp":
            last = (int(el.get("Hr")), int(el.get("Mn")))
        elif el.get("id") and last is not None:
            out[el.get("id")] = last
    return out


@pytest.mark.parametrize("name", ["41-1-260-en.xml", "43-1-44-en.xml", "HAN102-E.xml"])
def test_a_statement_is_stamped_with_the_clock_before_it_starts(name):
    """Not with the last marker inside it (a speech across (1205) and (1210) started at 12:00)."""
    sitting, before = _parsed(name), _time_before_each_paragraph(name)
    checked = 0
    for st in sitting.statements:
        first = st.paragraph_ids[0] if st.paragraph_ids else None
        if st.kind == "speech" and first in before:
            hr, mn = before[first]
            assert st.time.endswith(f"T{hr % 24:02d}:{mn:02d}"), (st.seq, st.time, before[first])
            checked += 1
    assert checked > 50


def test_the_first_statements_get_the_time_the_house_met():
    sitting = _parsed("42-1-2-en.xml")  # "The House met at 2:30 p.m.", no clock before (1550)
    assert sitting.statements[0].text == "The House met at 2:30 p.m."
    assert [s.time for s in sitting.statements[:3]] == ["2015-12-04T14:30"] * 3
    french = _parsed("42-1-2-fr.xml")  # "La séance est ouverte à 14 h 30."
    assert french.statements[1].time == "2015-12-04T14:30"


def test_mid_speech_bold_labels_get_the_members_id_party_and_riding():
    tochor = [s for s in _parsed("12324877-en.xml").statements
              if s.speaker and s.speaker.name == "Corey Tochor"]
    assert tochor and all((s.speaker.dbid, s.speaker.riding, s.speaker.party)
                          == ("284984", "Saskatoon—University", "Conservative") for s in tochor)


def test_written_questions_keep_questioner_responder_and_number():
    statements = _parsed("41-1-260-en.xml").statements
    q1306 = [s for s in statements if s.stage == "Question No. 1306"]
    assert [(s.kind, s.intervention_type, s.speaker.name if s.speaker else None) for s in q1306] == [
        ("speech", "WrittenQuestion", "Irwin Cotler"), ("procedural", "WrittenResponse", None)]
    assert q1306[0].text.startswith("With regard to the crisis in Syria") and q1306[1].text == "(Return tabled)"
    q410 = [s for s in _parsed("HAN086-E.xml").statements if s.stage == "Question No. 410"]
    assert [(s.intervention_type, s.speaker.name, s.speaker.role) for s in q410] == [
        ("WrittenQuestion", "David McGuinty", None),
        ("WrittenResponse", "Lisa Raitt", "Minister of Transport")]
    assert q410[1].language is None or q410[1].language in ("en", "fr")  # FloorLanguage "Text" is none


def test_procedural_notes_inside_an_intervention_are_kept_in_order():
    statements = _parsed("43-1-44-en.xml").statements
    texts = [s.text for s in statements if s.kind == "procedural"]
    assert "(The sitting of the House was suspended at 1:56 p.m.)" in texts
    assert "(Motion withdrawn)" in texts
    seqs = [s.seq for s in statements]
    assert seqs == sorted(seqs) == list(range(len(statements)))


def test_a_paragraph_that_merely_ends_in_a_parenthesis_stays_in_the_speech():
    statements = _parsed("44-1-196-en.xml").statements
    clause = [s for s in statements if "(8) No member shall speak for more than 20 minutes" in s.text]
    assert len(clause) == 1 and clause[0].kind == "speech"
    assert clause[0].speaker.name == "Daniel Blaikie" and "That:" in clause[0].text


def test_a_colon_in_its_own_bold_run_still_ends_a_label():
    statements = _parsed("HAN102-E.xml").statements  # <B>The Acting Speaker (...)</B><B>:</B>
    (call,) = [s for s in statements if s.paragraph_ids == ["3790489"]]
    assert call.text == "Call in the members." and call.speaker.role == "Acting Speaker"
    (sims,) = [s for s in _parsed("5895073-fr.xml").statements if s.paragraph_ids == ["3103336"]]
    assert sims.text == "Avec dissidence." and sims.speaker.name == "Jinny Jogindera Sims"


def test_the_speech_from_the_throne_is_the_governor_generals():
    statements = _parsed("42-1-2-en.xml").statements
    (throne,) = [s for s in statements if s.speaker and s.speaker.role == "Governor General"]
    assert throne.kind == "speech" and throne.subject == "Speech from the Throne"
    assert throne.text.startswith("Honourable Senators,\nMembers of the House of Commons,")
    assert "As the representative of Her Majesty The Queen" in throne.text
    assert len(throne.paragraph_ids) > 70
    # the Speaker's report before it is his; the Address in reply, later under the same subject, is
    # procedural text and members' speeches, not part of it
    assert statements[throne.seq - 1].speaker.role == "Speaker"
    (address,) = [s for s in statements if s.paragraph_ids == ["4170684"]]
    assert address.kind == "procedural" and address.text.startswith("The House proceeded to the consideration")


def test_subject_qualifiers_are_the_stage():
    statements = _parsed("41-1-260-en.xml").statements
    assert {"Burma", "The Environment"} <= {s.stage for s in statements if s.subject == "Petitions"}


def test_the_presiding_officer_is_named_in_both_languages():
    """Issue 17, item 8: 'Le Président' and 'Le président' were two speakers with no name; the
    publication names the occupant in its SpeakerName item (the Speaker of the sitting, the
    chair of a committee meeting)."""
    house = [s for s in _parsed("41-1-54-fr.xml").statements if s.speaker and s.speaker.label == "Le Président"]
    assert house and {(s.speaker.name, s.speaker.role) for s in house} == {("Andrew Scheer", "Président")}
    committee = [s for s in _parsed("11796678-fr.xml").statements
                 if s.speaker and s.speaker.label == "Le président"]
    assert committee and {(s.speaker.name, s.speaker.role) for s in committee} == {("Pat Kelly", "Président")}
    chair = [s for s in _parsed("12324877-en.xml").statements if s.speaker and s.speaker.label == "The Chair"]
    assert chair and {s.speaker.name for s in chair} == {"Lloyd Longfield"}


def test_statements_carry_the_bills_they_refer_to():
    """Issue 15: openparliament carries bill references; researchers follow a bill's debate."""
    statements = _parsed("44-1-200-en.xml").statements
    (collins,) = [s for s in statements if s.text.startswith("moved for leave to introduce Bill C-332")
                  or (s.speaker and s.speaker.name == "Laurel Collins" and "C-332" in s.text)][:1]
    assert collins.bills[0] == "C-332"
    assert all(b[0] in "CS" and b[1] == "-" for s in statements for b in s.bills)
    assert sum(bool(s.bills) for s in statements) >= 10
