"""stca_figures on real texts: the seed article and the monthly RCMP interception excerpts."""
from __future__ import annotations

import json

import pytest

from tests.conftest import EXCERPTS, SEED, need

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    from nlp.model import load_nlp

    return load_nlp(("stca_figures",))


def figures(nlp, text, date=None, **meta):
    from nlp.extract import extract_records

    record = {"id": "t", "text": text, "date": date, **meta}
    return next(extract_records([record], nlp=nlp))["figures"]


def excerpt(doc_id):
    for line in need(EXCERPTS).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == doc_id:
            return row
    pytest.skip(f"{doc_id} not in {EXCERPTS}")


def triples(figs):
    return {(f["value"], f["period"], f["place"]) for f in figs}


def test_seed_article_gives_exactly_its_three_figures(nlp):
    figs = figures(nlp, need(SEED).read_text(encoding="utf-8"), "2018-05-01")
    assert [f["value"] for f in figs] == [20000, 91, 5000]
    total, share, early = figs
    assert (total["qualifier"], total["period"], total["source"], total["unit"]) == \
        ("more than", "2017", "RCMP", "people")
    assert "intercepted" in total["measure"] and "RCMP" in total["measure"]
    assert (share["unit"], share["place"], share["base"], share["period"]) == \
        ("percent", "Quebec", 20000, "2017")
    assert share["measure"] == f"share of {total['measure']}"
    assert (early["qualifier"], early["period"]) == ("more than", "2018-01/2018-03")
    for f in figs:   # provenance: the sentence holds the figure, paragraph index is right
        assert f["text"] in SEED.read_text(encoding="utf-8")
        assert f["start"] <= f["mention_start"] < f["mention_end"] <= f["end"]


@pytest.mark.parametrize("doc_id, expected", [
    ("news-04", {(884, "2017-06", None), (742, "2017-05", None), (781, "2017-06", "Quebec"),
                 (576, "2017-05", "Quebec"), (63, "2017-06", "Manitoba"),
                 (106, "2017-05", "Manitoba"), (39, "2017-06", "British Columbia")}),
    ("news-05", {(887, "2017-03", None), (658, "2017-02", None), (315, "2017-01", None),
                 (644, "2017-03", "Quebec"), (432, "2017-02", "Quebec"),
                 (245, "2017-01", "Quebec"), (19, "2017-01", "Manitoba"),
                 (142, "2017-02", "Manitoba")}),
    ("news-06", {(859, "2017-04", None), (887, "2017-03", None), (672, "2017-04", "Quebec"),
                 (644, "2017-03", "Quebec"), (1993, "2017", "Quebec"), (477, "2017", "Manitoba"),
                 (14, "2017", "Saskatchewan"), (233, "2017", "British Columbia")}),
    ("news-07", {(1134, "2017-01/2017-02", None), (677, "2017-01/2017-02", "Quebec"),
                 (161, "2017-01/2017-02", "Manitoba"), (5, "2017-01/2017-02", "Saskatchewan"),
                 (476, "2017-01", None), (658, "2017-02", None), (2464, "2016", None)}),
])
def test_monthly_interceptions(nlp, doc_id, expected):
    row = excerpt(doc_id)
    figs = figures(nlp, row["excerpt"], row["date"])
    missing = expected - triples(figs)
    assert not missing, f"{doc_id}: missing (value, period, place) {sorted(missing, key=str)}"


def test_a_fact_restated_in_an_aside_counts_once(nlp):
    """news-05 restates 432 in parentheses ("(245 cases in January to 432 in February)") and
    news-06 repeats 12,040 as a table row ("12,040: total of claims"): one figure each."""
    figs = figures(nlp, excerpt("news-05")["excerpt"], excerpt("news-05")["date"])
    assert len([f for f in figs if f["value"] == 432]) == 1
    figs = figures(nlp, excerpt("news-06")["excerpt"], excerpt("news-06")["date"])
    assert len([f for f in figs if f["value"] == 12040]) == 1


def test_headline_repeated_in_page_chrome_counts_once(nlp):
    row = excerpt("news-04")
    figs = figures(nlp, row["excerpt"], row["date"])
    assert [f["value"] for f in figs].count(900) == 1


@pytest.mark.parametrize("text", [
    "Bill C-21 was read a second time on June 19, 2018, at 3:15 p.m.",
    "The motion was defeated in Division No. 345.",
    "For information, call 613-555-0199 or visit the office.",
    "A 34-year-old man from Yemen crossed at Hemmingford, Que. on Wednesday, March 8, 2017.",
    "The agreement, which was signed in 2004, came into force in December 2004.",
    "1st Session, 42nd Parliament, Volume 150, Issue 223",
])
def test_dates_years_ages_bills_phones_votes_times_are_not_figures(nlp, text):
    assert figures(nlp, text, "2018-06-19") == []


def test_french_figures(nlp):
    figs = figures(nlp, "Depuis janvier 2017, la GRC a intercepté 15 000 demandeurs d'asile au "
                        "Québec, dont 40 % au chemin Roxham.", "2017-09-01")
    assert [(f["value"], f["unit"]) for f in figs] == [(15000, "people"), (40, "percent")]
    assert figs[0]["place"] == "Quebec" and figs[0]["source"] == "RCMP"
    assert figs[0]["period"] == "2017-01/2017-09"


def test_speaker_from_statement_and_paragraph(nlp):
    from nlp.extensions import install_extensions

    install_extensions()
    text = ("Officials met on Tuesday.\n\n“We intercepted nearly 900 people in June,” "
            "said Jane Doe of the RCMP.\nAbout 1,200 claims were filed in May.")
    quote = text.index("We")
    doc = nlp.make_doc(text)
    doc._.meta = {"date": "2017-07-21"}
    doc._.statements = [{"speaker": "Jane Doe", "start": quote, "end": text.index("”")}]
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    first, second = doc._.figures
    assert (first["value"], first["qualifier"], first["speaker"], first["paragraph"]) == \
        (900, "nearly", "Jane Doe", 1)
    assert first["statement"] == 0 and first["period"] == "2017-06"
    assert (second["value"], second["qualifier"], second["speaker"], second["paragraph"]) == \
        (1200, "about", None, 2)


def test_money_and_scaled_values(nlp):
    figs = figures(nlp, "Ottawa will spend $173 million over two years on border security, "
                        "while 1.2 million people crossed.", "2018-04-01")
    values = {(f["value"], f["unit"]) for f in figs}
    assert (173_000_000, "CAD") in values and (1_200_000, "people") in values


def _blank_pipeline():
    import spacy

    import nlp.figures  # noqa: F401  (registers the factory)
    from nlp.extensions import install_extensions

    install_extensions()
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.add_pipe("stca_figures")
    return blank


_WORDS = ["20,000", "15 000", "91", "per cent", "%", "$173", "million", "more than", "nearly",
          "people", "asylum", "claimants", "in", "June", "2017", "Quebec", "B.C.", "RCMP",
          "the month before", "from", "to", "of whom", ",", ".", "\n", "five", "C-21", "3:10",
          "May", "Roxham Road", "—", "(", ")", ":", "last month", "since January"]


def test_any_word_salad_gives_well_formed_figures():
    from hypothesis import given, settings, strategies as st

    from nlp.figures import extract_figures

    blank = _blank_pipeline()

    @settings(max_examples=200, deadline=None, derandomize=True, database=None)
    @given(st.lists(st.sampled_from(_WORDS), max_size=40), st.sampled_from([None, "2018-05-01"]))
    def check(words, date):
        text = " ".join(words)
        doc = blank.make_doc(text)
        doc._.meta = {"date": date}
        doc = blank.get_pipe("sentencizer")(doc)
        for f in extract_figures(doc):            # called directly: errors must surface
            assert text[f["mention_start"]:f["mention_end"]] == f["mention"]
            assert f["start"] <= f["mention_start"] and f["mention_end"] <= f["end"]
            assert isinstance(f["value"], (int, float)) and f["unit"]
            assert f["period"] is None or f["period"][:2] in ("19", "20")

    check()


def test_counts_of_institutional_and_shelter_capacity_are_figures(nlp):
    """Real sentences of gathered figure sets I and L (read): IRB vacancies, shelter spaces,
    housing units (figures guideline: counts about the institutions); "the two countries" of the
    agreement stays no figure."""
    found = {(f["value"], f["unit"]) for f in figures(nlp, (
        "I went back in time, and on January 1, 2016, there were 23 vacancies. On August 31, 2017, "
        "there were 40 vacancies.\n\nDespite adding more than 1,000 shelter spaces last year, the "
        "system remains at capacity most nights.\n\n- 14 units of emergency housing in response to "
        "the growing need.\n\nA claimant must seek asylum in the first of the two countries they "
        "arrive in."), "2017-09-01")}
    assert found == {(23, "vacancies"), (40, "vacancies"), (1000, "spaces"), (14, "units")}


def test_a_backlog_or_caseload_of_a_number_counts_claims(nlp):
    """Real sentences of gathered figure sets D and F (read): the amount noun before "of" says
    what the number counts when no count noun follows it; a year after it is no figure."""
    found = [(f["value"], f["unit"], f["qualifier"]) for f in figures(nlp, (
        "The safe third country treaty has left Canada with an asylum backlog of more than 90,000. "
        "They expect to be able to manage a caseload of around 50,000, which is slightly less than "
        "the incoming claim demand. The backlog of 2019 was smaller."), "2020-03-01")]
    assert found == [(90000, "claims", "more than"), (50000, "claims", "about")]


def test_a_pipe_table_of_a_crawled_page_gives_a_figure_per_cell(nlp):
    """trafilatura (crawlers/article.py, tables on) writes an HTML table as pipe rows; each cell
    is a figure with its month, the province of its row and the caption as measure."""
    text = ("Asylum claimants processed and interceptions\n"
            "RCMP interceptions - Calendar year 2024\n"
            "| Provinces | Jan | Feb | Total | \n|---|---|---|---|\n"
            "| Quebec | 79 | 75 | 154 | \n| Manitoba | 16 | 8 | 24 | \n")
    figs = figures(nlp, text, "2025-02-01")
    assert {(f["value"], f["period"], f["place"]) for f in figs} == {
        (79, "2024-01", "Quebec"), (75, "2024-02", "Quebec"), (154, "2024-01/2024-02", "Quebec"),
        (16, "2024-01", "Manitoba"), (8, "2024-02", "Manitoba"), (24, "2024-01/2024-02", "Manitoba")}
    assert {f["measure"] for f in figs} == {"RCMP interceptions - Calendar year 2024"}
    assert {f["source"] for f in figs} == {"RCMP"}
