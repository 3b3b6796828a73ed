"""Cross-source figure consistency on the real monthly-interception excerpts."""
from __future__ import annotations

import json

import pytest

from store.figure_checks import (check_figures, check_group, interval, measure_key, place_key,
                                 register_schema, rounding, stories_disagree)
from tests.conftest import EXCERPTS, need

FIELDS = ("value", "unit", "qualifier", "measure", "period", "place", "source", "speaker",
          "text", "start", "end", "paragraph")


@pytest.mark.parametrize("a, b, consistent", [
    ((20000, "more than"), (20593, None), True),
    ((900, "nearly"), (884, None), True),
    ((887, None), (887, None), True),
    ((887, None), (859, None), False),
    ((12000, None), (12040, None), True),       # rounded to the thousand
    ((5000, "more than"), (4200, None), False),
    ((400, "up to"), (350, None), True),
])
def test_values_agree_within_rounding_and_qualifiers(a, b, consistent):
    rows = [{"value": a[0], "qualifier": a[1]}, {"value": b[0], "qualifier": b[1]}]
    assert check_group(rows)[2] is (not consistent)


def test_rounding_and_interval():
    assert rounding(884) == 0.5
    assert rounding(20000) == 1000
    low, high = interval(20000, "more than")
    assert low < 20000 and high == float("inf")


def test_keys():
    assert measure_key("asylum claimants intercepted by the RCMP", "people") == "interceptions"
    assert measure_key("new asylum claims processed", "claims") == "asylum claims"
    assert measure_key("cases", "claims", "Of the March interceptions by RCMP, 644 cases") \
        == "interceptions"
    assert place_key("B.C.") == "British Columbia" and place_key(None) == ""


@pytest.fixture
def checked_db(tmp_path):
    from nlp.extract import extract_records
    from store.schema import open_db

    register_schema()
    db = open_db(tmp_path / "figs.db")
    rows = [json.loads(line) for line in need(EXCERPTS).read_text(encoding="utf-8").splitlines()]
    records = [dict(r, text=r["excerpt"]) for r in rows if r["id"] in
               ("news-04", "news-05", "news-06", "news-07")]
    for result in extract_records(records):
        doc_id = result["doc_id"]
        db["documents"].insert({"id": doc_id, "kind": "news"}, pk="id")
        db["figures"].insert_all(
            [{"id": f"{doc_id}/f{n:03d}", "document_id": doc_id, **{k: f[k] for k in FIELDS}}
             for n, f in enumerate(result["figures"])], pk="id")
    summary = check_figures(db)
    yield db, summary
    db.close()


@pytest.mark.slow
def test_groups_across_real_sources(checked_db):
    db, summary = checked_db
    groups = {(g["place"], g["period"]): g for g in db["figure_groups"].rows
              if g["measure_key"] == "interceptions"}
    # iPolitics (news-05) and The Canadian Press (news-06) both report 887 for March 2017
    march = groups[(None, "2017-03")]
    assert json.loads(march["document_ids"]) == ["news-05", "news-06"]
    assert march["conflict"] == 0 and march["min_value"] == march["max_value"] == 887
    assert groups[("Quebec", "2017-03")]["conflict"] == 0
    # ... but disagree on January 2017: 315 (news-05) against 476 (news-07)
    january = groups[(None, "2017-01")]
    assert january["conflict"] == 1 and json.loads(january["values"]) == [315, 476]
    assert summary["conflicts"] >= 1


@pytest.mark.slow
def test_conflicting_figures_view_and_idempotence(checked_db):
    db, summary = checked_db
    rows = list(db.query("select * from conflicting_figures"))
    assert {(r["document_id"], r["value"]) for r in rows} >= {("news-05", 315), ("news-07", 476)}
    assert all(r["text"] and r["figure_id"].startswith(r["document_id"]) for r in rows)
    assert check_figures(db) == summary                # re-running changes nothing
    assert db["figure_groups"].count == summary["groups"]


@pytest.mark.slow
def test_cli_reports_the_conflicts(checked_db, tmp_path):
    from click.testing import CliRunner

    from store.figure_checks import check_figures_command

    db, summary = checked_db
    assert "Example:" in check_figures_command.help
    result = CliRunner().invoke(check_figures_command, ["--db", str(tmp_path / "figs.db")])
    assert result.exit_code == 0, result.output
    assert f"{summary['conflicts']} conflicting" in result.output


def figure(doc, value, story=None, qualifier=None):
    return {"document_id": doc, "story": story or doc, "value": value, "qualifier": qualifier}


def test_one_speech_citing_two_budgets_is_no_conflict():
    """Issue 21: a single speech citing $179M and $23M for the same measure is not a conflict,
    and another document citing one of them agrees with that speech."""
    assert not stories_disagree([figure("speech", 179e6), figure("speech", 23e6)])
    assert not stories_disagree([figure("speech", 179e6), figure("speech", 23e6),
                                 figure("article", 179e6)])


def test_wire_copies_of_one_story_count_once():
    copies = [figure("cp-on-ctv", 887, story="wire-1"), figure("cp-on-global", 859, story="wire-1")]
    assert not stories_disagree(copies)
    assert stories_disagree(copies[:1] + [figure("ipolitics", 859)]) is True


def test_two_outlets_with_different_counts_disagree():
    assert stories_disagree([figure("a", 315), figure("b", 476)])
    assert not stories_disagree([figure("a", 20000, qualifier="more than"), figure("b", 20593)])


@pytest.mark.slow
def test_canned_conflict_query_lists_cross_source_conflicts_with_sentences(checked_db):
    """The figure_conflicts canned query reads the checker (not an exact-value join of every
    pair): each row is one figure of a conflicting group with its sentence and document, and
    every group spans at least two stories."""
    import yaml

    from tests.conftest import ROOT

    db, _ = checked_db
    meta = yaml.safe_load((ROOT / "surface" / "metadata.yml").read_text(encoding="utf-8"))
    sql = meta["databases"]["stcawatch"]["queries"]["figure_conflicts"]["sql"]
    rows = list(db.query(sql))
    assert rows and all(r["text"] and r["document_id"] for r in rows)
    by_group: dict = {}
    for r in rows:
        by_group.setdefault(r["group_id"], set()).add(r["document_id"])
    assert all(len(docs) >= 2 for docs in by_group.values())
    assert {"news-05", "news-07"} <= set().union(*by_group.values())
    assert "figures_disagreeing" not in db.view_names()  # the exact-value join is gone
