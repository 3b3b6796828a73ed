"""Senate of Canada Debates: the pure parser on the real sencanada.ca markup in
../shared/fixtures/senate (two markup generations, the session index, the soft 404), the store,
and a real Scrapy crawl of those pages served on 127.0.0.1."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from crawlers.senate_html import (SittingMissing, is_soft_404, parse_label, parse_senate_sitting,
                                  sitting_links)
from crawlers.settings import LOOPBACK_OVERRIDES

from .conftest import PY_ENV, ROOT, SHARED, need

SENATE = SHARED / "fixtures" / "senate"
URLS = {
    "432_029": "https://sencanada.ca/en/content/sen/chamber/432/debates/029db_2021-02-17-e",
    "403_039": "https://sencanada.ca/en/content/sen/chamber/403/debates/039db_2010-06-16-e",
    "403_042": "https://sencanada.ca/en/content/sen/chamber/403/debates/042db_2010-06-22-e",
}


def page(name: str) -> bytes:
    return need(SENATE / f"ca_senate_{name}.html").read_bytes()


def sitting(name: str):
    return parse_senate_sitting(page(name), URLS[name])


def speeches_of(sit, name: str) -> list:
    return [s for s in sit.statements if s.speaker is not None and s.speaker.name == name]


def test_2021_sitting_metadata_and_turns():
    sit = sitting("432_029")
    assert (sit.id, sit.chamber, sit.parliament, sit.session, sit.sitting, sit.date, sit.language) == \
        ("sen-43-2-029-en", "Senate", 43, 2, 29, "2021-02-17", "en")
    assert "February 17, 2021" in sit.title
    francis = speeches_of(sit, "Brian Francis")
    assert len(francis) == 1 and francis[0].kind == "speech"
    assert francis[0].text.startswith("Honourable senators, I rise today on behalf of the Progressive")
    assert francis[0].order_of_business == "SENATORS’ STATEMENTS"  # h1 split by <p></p><hr>
    assert francis[0].subject == "Expression of Thanks" and francis[0].anchor == "6"
    # the footer's bold "Senate of Canada:" is outside div#content-viewer-document
    assert not [s for s in sit.statements if "footer text" in s.text]
    assert all(s.text for s in sit.statements)


def test_a_speech_runs_over_clock_paragraphs_and_is_stamped_at_its_start():
    sit = sitting("432_029")
    (plett,) = speeches_of(sit, "Donald Neil Plett")
    assert plett.speaker.role == "Leader of the Opposition" and plett.speaker.honorific == "Hon."
    assert "This is not the case with the bill before us today" in plett.text  # after (1500)
    assert "(1500)" not in plett.text
    assert plett.time == "2021-02-17T14:50"  # the last clock before it, not the (1500) inside
    assert (plett.order_of_business, plett.subject, plett.stage) == \
        ("ORDERS OF THE DAY", "Criminal Code", "Bill to Amend—Third Reading")
    assert sit.statements[0].kind == "procedural" and sit.statements[0].time == "2021-02-17T14:00"


def test_later_surname_labels_are_the_senator_of_the_first_full_label():
    sit = sitting("432_029")
    cotter = speeches_of(sit, "Brent Cotter")
    assert len(cotter) == 3
    assert [s.speaker.label for s in cotter] == ["Hon. Brent Cotter", "Senator Cotter", "Senator Cotter"]
    assert all(s.speaker.honorific == "Hon." for s in cotter)


def test_chair_collective_voices_and_movers():
    sit = sitting("432_029")
    chair = [s for s in sit.statements if s.speaker and s.speaker.role == "Speaker pro tempore"]
    assert len(chair) == 8 and all(s.speaker.name is None and s.kind == "speech" for s in chair)
    voices = [s for s in sit.statements if s.kind == "interjection"]
    assert [s.text for s in voices] == ["Hear, hear!", "Hear, hear.", "Hear, hear!", "Hear, hear.",
                                        "Yea.", "Nay."]
    assert all(s.speaker.generic and s.speaker.name is None for s in voices)
    (mover,) = speeches_of(sit, "Pierre-Hugues Boisvenu")  # "<b>Hon. X</b> introduced Bill ..."
    assert mover.text.startswith("introduced Bill S-224")
    # the speech before an interjection goes on: nothing is lost between them
    assert speeches_of(sit, "Tony Dean")[0].text.count("\n") == 1


def test_2010_markup_wrapped_in_spans_with_split_labels():
    sit = sitting("403_039")
    assert sit.id == "sen-40-3-039-en" and sit.statements[0].time == "2010-06-16T13:30"
    chair = [s for s in sit.statements if s.speaker and s.speaker.role == "Speaker pro tempore"]
    # <b>The Hon. the Speaker</b><i> pro tempore</i><b>:</b> is one label
    assert len(chair) == 7 and not [s for s in sit.statements if s.text.startswith(("pro tempore", ":"))]
    (mover,) = speeches_of(sit, "Consiglio Di Nino")
    assert mover.text.startswith("moved second reading of Bill C-2")
    assert mover.stage == "Second Reading" and mover.anchor == "33"
    eggleton = speeches_of(sit, "Art Eggleton")
    assert [s.speaker.label for s in eggleton] == ["Hon. Art Eggleton", "Senator Eggleton", "Senator Eggleton"]
    assert "Imani Nakpangi" in eggleton[0].text and "five- year sentence" in eggleton[1].text
    (comeau,) = speeches_of(sit, "Gerald J. Comeau")
    assert comeau.speaker.role == "Deputy Leader of the Government"
    assert [s.text for s in sit.statements if s.kind == "interjection"] == ["Question!", "Agreed."]


def test_2010_markup_without_wrappers():
    sit = sitting("403_042")
    (poy_rose, poy_later) = speeches_of(sit, "Vivienne Poy")
    assert poy_rose.text.startswith("rose, pursuant to notice of April 27, 2010:\nHonourable senators")
    assert poy_later.speaker.label == "Senator Poy"
    assert len(speeches_of(sit, "Anne C. Cools")) == 4  # two full labels, two "Senator Cools"
    # "Senator Cordy" has no full label in this sitting: kept as printed, for the store to resolve
    cordy = [s for s in sit.statements if s.speaker and s.speaker.label == "Senator Cordy"]
    assert len(cordy) == 2 and all(s.speaker.name == "Cordy" and s.speaker.honorific == "Senator"
                                   for s in cordy)
    assert sit.statements[1].kind == "procedural" and sit.statements[1].text.startswith("On the Order:")


def test_translation_marker_switches_the_floor_language():
    html = page("432_029").replace(
        b"<p >(1600)</p>", b"<p >(1600)</p>\n<p>[Translation]</p>", 1)
    sit = parse_senate_sitting(html, URLS["432_029"])
    marker = [s for s in sit.statements if s.text == "[Translation]"]
    assert len(marker) == 1 and marker[0].kind == "procedural"
    by_name = {s.speaker.name: s for s in sit.statements if s.speaker and s.speaker.name}
    assert by_name["Yonah Martin"].language == "en"
    assert by_name["Mary Jane McCallum"].language == "fr"  # spoken in French, printed translated


def test_labels():
    plett = parse_label("Hon. Donald Neil Plett (Leader of the Opposition):")
    assert (plett.honorific, plett.name, plett.role, plett.party) == \
        ("Hon.", "Donald Neil Plett", "Leader of the Opposition", None)
    assert parse_label("Hon. Jane Doe (ISG)").party == "Independent Senators Group"
    assert parse_label("Some Hon. Senators").generic and parse_label("Hon. Senators").generic
    assert parse_label("The Hon. the Speaker pro tempore").role == "Speaker pro tempore"
    assert parse_label("The Hon. the Speaker").role == "Speaker"


def test_soft_404_is_a_missing_sitting_not_a_document():
    soft = need(SENATE / "ca_senate_soft404.html").read_bytes()
    assert is_soft_404(soft)
    assert not any(is_soft_404(page(n)) for n in URLS)
    url = "https://sencanada.ca/en/content/sen/chamber/451/debates/070db_2026-06-04-e"
    with pytest.raises(SittingMissing, match="070db_2026-06-04-e.*soft 404"):
        parse_senate_sitting(soft, url)


def test_session_index_links_only_that_sessions_sittings_once_each():
    index = need(SENATE / "ca_senate_index_43-2.html").read_bytes()
    links = sitting_links(index, "http://127.0.0.1:8000/", 43, 2)
    assert len(links) == 56 and len(set(links)) == 56
    assert links[0] == "http://127.0.0.1:8000/en/content/sen/chamber/432/debates/001db_2020-09-23-e"
    assert links[-1].endswith("/432/debates/056db_2021-06-29-e")  # in sitting order
    assert not [u for u in links if "\\" in u or "/451/" in u]  # the latest-sitting box is 45-1


def test_a_page_that_is_not_a_debates_page_is_a_parse_error():
    from crawlers.safe_xml import XMLError

    with pytest.raises(XMLError, match="029db_2021-02-17-e.*content-viewer-document"):
        parse_senate_sitting(b"<html><head><title>Maintenance</title></head><body>Back soon</body></html>",
                             URLS["432_029"])


# ----------------------------------------------------------------------------- store

@pytest.mark.parametrize("order", [("403_039", "403_042"), ("403_042", "403_039")])
def test_store_links_surname_labels_across_sittings(db, order):
    from ingest.publications import import_publication

    for name in order:  # whichever sitting comes first, 'Senator Cordy' is Jane Cordy
        assert import_publication(db, page(name), URLS[name], format="senate_html") is not None
    assert import_publication(db, page("403_042"), URLS["403_042"], format="senate_html") is None
    cordy = db.execute("select id, name from speakers where name like '%Cordy%'").fetchall()
    assert cordy == [("jane-cordy", "Jane Cordy")]  # one person, no 'Cordy' row
    rows = db.execute("select speaker_id, speaker_name from statements where document_id = "
                      "'sen-40-3-042-en' and speaker_name like '%Cordy%'").fetchall()
    assert rows == [("jane-cordy", "Cordy"), ("jane-cordy", "Cordy")]
    # a surname no stored senator has stays unlinked rather than becoming a new person
    rompkey = db.execute("select speaker_id from statements where speaker_name = 'Rompkey'").fetchall()
    assert rompkey == [(None,)] and not db.execute(
        "select 1 from speakers where name_key = 'rompkey'").fetchall()
    doc = db.execute("select kind, chamber, date from documents where id = 'sen-40-3-039-en'").fetchone()
    assert doc == ("hansard", "Senate", "2010-06-16")
    url, stage = db.execute("select url, stage from statements where speaker_name = 'Consiglio Di Nino'"
                            ).fetchone()
    assert url == URLS["403_039"] + "#33" and stage == "Second Reading"
    sourced = db.execute("select distinct chamber, venue from statements_sourced").fetchall()
    assert sourced == [("Senate", "parliament")]


# ----------------------------------------------------------------------------- crawl

def stcawatch(*args):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=PY_ENV,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_loopback_crawl_of_a_session(tmp_path):
    """The index, one real sitting, the soft 404 for a sitting the index lists, and a 404."""
    from tests.routes_server import serve_routes

    html = {"Content-Type": "text/html; charset=utf-8"}
    routes = {
        "/en/in-the-chamber/debates/43-2": (200, html, need(SENATE / "ca_senate_index_43-2.html").read_bytes()),
        "/en/content/sen/chamber/432/debates/029db_2021-02-17-e": (200, html, page("432_029")),
        "/en/content/sen/chamber/432/debates/030db_2021-03-15-e":
            (200, html, (SENATE / "ca_senate_soft404.html").read_bytes()),
    }
    db_path = tmp_path / "senate.db"
    with serve_routes(routes) as server:
        args = ["crawl", "--db", str(db_path), "--spider", "senate", "--senate-session", "43-2:28-30",
                "--set", f"SENATE_BASE_URL={server.base_url}",
                *[f"--set={k}={v}" for k, v in LOOPBACK_OVERRIDES.items()]]
        first = stcawatch(*args)
        second = stcawatch(*args)
        hits = dict(server.hits)
    assert first.returncode == 3, first.stdout + first.stderr[-3000:]  # stored, some skipped
    assert "stored 1" in first.stdout and "unchanged 1" in second.stdout
    assert hits["/en/content/sen/chamber/432/debates/029db_2021-02-17-e"] == 2
    assert not [p for p in hits if "031db" in p or "027db" in p]  # only the asked sittings
    with sqlite3.connect(db_path) as conn:
        docs = conn.execute("select id, chamber, url, fetch_url from documents").fetchall()
        assert docs == [("sen-43-2-029-en", "Senate", URLS["432_029"],
                         f"{server.base_url}/en/content/sen/chamber/432/debates/029db_2021-02-17-e")]
        links = [r[0] for r in conn.execute("select url from statements")]
        assert all(u.startswith(URLS["432_029"] + "#") for u in links)  # public, with the anchor
        errors = conn.execute("select url, stage, reason from crawl_errors where run_id = 1 "
                              "order by url").fetchall()
        assert [(u.rsplit("/", 1)[-1], s) for u, s, _ in errors] == \
            [("028db_2021-02-16-e", "fetch"), ("030db_2021-03-15-e", "missing")]
        assert "soft 404" in errors[1][2]
        cotter = conn.execute("select count(distinct speaker_id), count(*) from statements "
                              "where speaker_name = 'Brent Cotter'").fetchone()
        assert cotter == (1, 3)
        ids = [json.loads(r[0]) for r in conn.execute("select paragraph_ids from statements")]
        assert all(ids)


def test_senate_statements_carry_the_bills_they_refer_to():
    sit = sitting("432_029")
    (mover,) = speeches_of(sit, "Pierre-Hugues Boisvenu")
    assert mover.bills == ["S-224"]
    (plett,) = speeches_of(sit, "Donald Neil Plett")
    assert plett.bills[:2] == ["C-14", "C-7"]
