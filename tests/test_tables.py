"""nlp/tables.py: plain-text tables read as cells with their period, row label and caption, on the
real tables of gathered figure set J (read since 7 Dec 2026) and on small constructed ones; and
nlp/figures.py turning the cells into figures (period, place, measure)."""
import datetime as dt
import json

import pytest

from nlp.tables import find_tables

DATA = "nlp/data/figure_labels_gathered_{}.jsonl"


@pytest.fixture(scope="module")
def nlp():
    from nlp.model import load_nlp

    return load_nlp(("stca_figures",), lang="fr")


def gathered(name, slug):
    rows = [json.loads(line) for line in open(DATA.format(name), encoding="utf-8") if line.strip()]
    return next(r for r in rows if slug in r["id"])


def cells_of(text, pub):
    return [c for t in find_tables(text, pub) for c in t.cells]


def test_day_columns_french_thousands_and_totals_of_a_real_statistics_note():
    """Public Safety's French note: a header of days ("Lundi 16 mars ... Total"), rows of a province
    and five counts; a second table of months whose rows write thousands with spaces ("Total 1 177
    990 2 167": the grouping whose total column sums the others)."""
    row = gathered("j", "securitepublique")
    cells = cells_of(row["text"], dt.date(2020, 7, 24))
    quebec = [(c.text, c.period) for c in cells if c.row_label == "Québec"]
    assert quebec == [("44", "2020-03-16"), ("57", "2020-03-17"), ("47", "2020-03-18"), ("17", "2020-03-19"),
                      ("165", "2020-03-16/2020-03-19")]
    total = [(c.value, c.period) for c in cells if c.row_label == "Total"]
    assert total == [(1177, "2020-01"), (990, "2020-02"), (2167, "2020-01/2020-02")]
    assert {c.caption for c in cells} == {"Interceptions de la GRC à travers le Canada",
                                          "Demandes d'asile irrégulières au Canada"}
    # none of the header's numbers ("16 mars", "Total de 2020 (Jan 1-Fév 29)") is a cell
    assert not any(c.text in ("16", "2020", "29") and c.column is None for c in cells)


def test_year_columns_with_a_partial_year_and_an_empty_cell():
    row = gathered("j", "opencanada")
    cells = cells_of(row["text"], dt.date(2025, 6, 4))
    airport = [(c.value, c.period) for c in cells if c.row_label == "Regular Airport"]
    assert airport == [(17135, "2022"), (41330, "2023"), (42625, "2024"), (4405, "2025-01/2025-04")]
    assert [c.value for c in cells if c.row_label == "Marine"] == [25, 35, 30]  # "--" is no cell


def test_list_rows_under_a_caption():
    row = gathered("j", "removals-audit")
    cells = [c for c in cells_of(row["text"], dt.date(2020, 11, 24)) if c.row_label == ""]
    assert [(c.value, c.period) for c in cells] == [(50000, "2017"), (55000, "2018"), (64000, "2019")]


def test_months_without_a_year_stay_on_or_before_the_publication_date():
    text = ("Asylum claimants intercepted by the RCMP\n"
            "Province January February March Total\n"
            "Quebec 1,210 1,305 1,402 3,917\n"
            "Manitoba 12 20 41 73\n")
    cells = cells_of(text, dt.date(2019, 1, 31))
    assert [(c.value, c.period) for c in cells if c.row_label == "Quebec"] == [
        (1210, "2018-01"), (1305, "2018-02"), (1402, "2018-03"), (3917, "2018-01/2018-03")]
    # the caption's year wins over the publication date
    cells = cells_of(text.replace("RCMP\n", "RCMP in 2017\n"), dt.date(2019, 1, 31))
    assert cells[0].period == "2017-01"


@pytest.mark.parametrize("text", [
    "Demandes d’asile en 2019\n- Demandes d’asile irrégulières : 16 968\n- Demandes d’asile régulières : 47 228\n",
    "Number of claims\nClaims referred in 2015 16,900\nClaims finalized in 2015 13,600\n",
    "In 2017, 20,593 people crossed into Quebec and 1,018 into Manitoba.\nIn 2018 the numbers fell to 18,518 and 410.\n",
])
def test_lines_that_are_no_table(text):
    """One number per line in French thousands, a year after a preposition, prose sentences."""
    assert find_tables(text, dt.date(2020, 3, 12)) == []


@pytest.mark.slow
def test_cells_become_figures_with_place_period_and_measure(nlp):
    row = gathered("j", "securitepublique")
    doc = nlp.make_doc(row["text"])
    doc._.meta = {"id": row["id"], "date": row["date"], "url": row["url"]}
    figs = {f["mention_start"]: f for f in nlp(doc)._.figures}
    cell = next(c for c in cells_of(row["text"], dt.date(2020, 7, 24)) if c.row_label == "Manitoba")
    f = figs[cell.start]
    assert (f["value"], f["period"], f["place"]) == (1, "2020-03-16", "Manitoba")
    assert f["measure"] == "Interceptions de la GRC à travers le Canada" and f["source"] == "RCMP"
    total = next(c for c in cells_of(row["text"], dt.date(2020, 7, 24)) if c.row_label == "TOTAL")
    assert figs[total.start]["place"] is None  # the total row of a national table
    haiti = next(c for c in cells_of(row["text"], dt.date(2020, 7, 24)) if c.row_label == "1 Haïti")
    assert figs[haiti.start]["measure"] == "Demandes d'asile irrégulières au Canada (1 Haïti)"
    assert figs[haiti.start]["unit"] == "claims"


def test_fiscal_year_columns_in_the_canada_ca_style():
    """canada.ca writes fiscal years "2019 to 2020": April 2019 to March 2020."""
    text = ("Removals by region\nRegion 2019 to 2020 2020 to 2021 Total\n"
            "Quebec 2,410 1,130 3,540\nPacific 880 402 1,282\n")
    cells = cells_of(text, dt.date(2021, 6, 1))
    assert [(c.value, c.period) for c in cells if c.row_label == "Quebec"] == [
        (2410, "2019-04/2020-03"), (1130, "2020-04/2021-03"), (3540, "2019-04/2021-03")]


def test_year_then_quarter_columns_and_a_year_total_of_a_real_cbsa_table():
    """CBSA's removals page (gathered set L, read since session 23): "2019 ... 2023 2024 Q1 ...
    2024 Q4 2024 Total" is ten columns, the quarters of 2024 and their 2024 total."""
    row = gathered("l", "removals-program")
    cells = cells_of(row["text"], dt.date(2025, 3, 1))
    atlantic = [(c.value, c.period) for c in cells if c.row_label == "Atlantic Region"]
    assert atlantic == [(139, "2019"), (57, "2020"), (69, "2021"), (60, "2022"), (104, "2023"),
                        (37, "2024-01/2024-03"), (44, "2024-04/2024-06"), (49, "2024-07/2024-09"),
                        (28, "2024-10/2024-12"), (158, "2024")]
    assert [c.total_column for c in cells if c.row_label == "Atlantic Region"] == [False] * 9 + [True]
    # "Table 1.1: ..." above the header is the caption, not a cell
    assert not any(c.value == 1.1 for c in cells)
    assert {c.caption for c in cells} == {
        "Table 1.1: Total enforced removals by region (calendar year: 2019 to 2023 and quarterly for 2024)"}


def test_quarter_then_year_and_total_then_year_columns():
    text = ("Claims by quarter\nProvince Q1 2023 Q2 2023 Total 2023\n"
            "Quebec 1,210 1,305 2,515\n")
    cells = cells_of(text, dt.date(2024, 1, 31))
    assert [(c.value, c.period) for c in cells] == [
        (1210, "2023-01/2023-03"), (1305, "2023-04/2023-06"), (2515, "2023-01/2023-06")]


@pytest.mark.slow
def test_rows_of_a_table_by_region_are_its_places(nlp):
    """The header's stub "Region" says each row label is a place, also one figures.yaml does not
    know ("Atlantic Region"); a known place inside the label is normalised ("Quebec Region")."""
    row = gathered("l", "removals-program")
    doc = nlp.make_doc(row["text"])
    doc._.meta = {"id": row["id"], "date": row["date"], "url": row["url"]}
    places = {f["place"] for f in nlp(doc)._.figures if f["mention_start"] > row["text"].index("Atlantic Region")}
    assert places == {"Atlantic Region", "Quebec", "Ontario", "Toronto"}


def test_pipe_tables_as_stored_pages_render_them():
    """Stored pages render HTML tables as "| a | b |" rows under a "|---|" line (IRCC's monthly
    asylum claimant table; gathered figure set O, its table text read in session 23): the header's
    months without a year take the year before the publication date, the stub "Provinces" makes
    the row labels places, "--" is no cell, the separator and the header give none."""
    text = ("Monthly report - Calendar year 2024\n"
            "| Provinces | Jan | Feb | March | Total | \n"
            "|---|---|---|---|---|\n"
            "| New Brunswick | 5 | -- | 3 | 8 | \n"
            "| Quebec | 1,079 | 75 | 90 | 1,244 | \n"
            "| Total | 1,084 | 75 | 93 | 1,252 |\n")
    cells = cells_of(text, dt.date(2025, 2, 1))
    assert [(c.row_label, c.value, c.period) for c in cells if c.row_label == "Quebec"] == [
        ("Quebec", 1079, "2024-01"), ("Quebec", 75, "2024-02"), ("Quebec", 90, "2024-03"),
        ("Quebec", 1244, "2024-01/2024-03")]
    assert [c.value for c in cells if c.row_label == "New Brunswick"] == [5, 3, 8]
    assert {c.stub for c in cells} == {"Provinces"}
    assert [c.total_row for c in cells if c.row_label == "Total"] == [True] * 4
    assert [c.total_column for c in cells if c.row_label == "Quebec"] == [False, False, False, True]
    assert text[cells[0].start:cells[0].end] == "5" and {c.caption for c in cells} == {
        "Monthly report - Calendar year 2024"}
    # the caption's year wins over the publication date's
    assert cells_of(text, dt.date(2026, 6, 1))[0].period == "2024-01"


def test_a_last_year_column_then_a_total_of_all_columns():
    """"2022 2023 2024 Total" with no quarter or month of 2024: a year column, then the total of
    every column (a year's total only where that year qualifies other columns)."""
    text = ("Claims by region\nRegion 2022 2023 2024 Total\n"
            "Quebec 1,210 1,305 1,402 3,917\nManitoba 12 20 41 73\n")
    cells = cells_of(text, dt.date(2025, 1, 1))
    assert [(c.value, c.period, c.total_column) for c in cells if c.row_label == "Quebec"] == [
        (1210, "2022", False), (1305, "2023", False), (1402, "2024", False), (3917, "2022/2024", True)]
