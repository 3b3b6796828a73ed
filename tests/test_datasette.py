"""Datasette in-process on a real database built from Hansard sitting 43-1-44."""
from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from tests.conftest import CORPUS, HANSARD_FIXTURES, need, strings
from tests import surface_data

# The shipped plugins (surface/datasette_plugins); STCAWATCH_TEST_NO_PLUGINS=1 shows the bugs they fix.
PLUGINS = None if os.environ.get("STCAWATCH_TEST_NO_PLUGINS") else str(
    Path(__file__).resolve().parent.parent / "surface" / "datasette_plugins")
ROOT_DIR = Path(__file__).resolve().parent.parent
PARAMS = {"speaker": None, "measure": "individuals"}  # speaker filled from the fixture


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from store.schema import open_db
    path = tmp_path_factory.mktemp("ds") / "stcawatch.db"
    db = open_db(path)
    facts = surface_data.build(db, need(HANSARD_FIXTURES / "43-1-44-en.xml"))
    facts.update(surface_data.add_senate(db, need(CORPUS)))
    db.close()
    return path, facts


@pytest.fixture(scope="module")
def ds(built):
    from datasette.app import Datasette

    from surface.serve import load_metadata, typed_settings

    path, _ = built
    return Datasette([str(path)], metadata=load_metadata(path), settings=typed_settings(),
                     plugins_dir=PLUGINS)


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_metadata_describes_every_table_and_column(built, ds):
    path, _ = built
    meta = ds.metadata()["databases"]["stcawatch"]["tables"]
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute(
        "select name from sqlite_master where type in ('table', 'view') and name not like '%_fts%'"
        " and name not like 'sqlite_%'")]
    assert {"statements", "documents", "digests_sent", "statements_sourced"} <= set(names)
    for name in names:
        assert meta.get(name, {}).get("description"), f"{name}: no description in metadata.yml"
        columns = [r[1] for r in conn.execute(f"pragma table_info([{name}])")]
        described = meta[name].get("columns", {})
        if name == "latest_figures":  # figures_sourced.* plus its rank; described there
            described = {**meta["figures_sourced"]["columns"], **described}
        missing = [c for c in columns if not described.get(c)]
        assert not missing, f"{name}: columns without a description: {missing}"


def test_every_canned_query_runs_and_returns_rows(built, ds):
    _, facts = built
    queries = ds.metadata()["databases"]["stcawatch"]["queries"]
    assert len(queries) >= 8
    for name, query in queries.items():
        params = {p: (facts["stca_speaker"] if p == "speaker" else PARAMS[p])
                  for p in re.findall(r":(\w+)", re.sub(r"'[^']*'", "", query["sql"]))}
        response = get(ds, f"/stcawatch/{name}.json?_shape=objects&{urlencode(params)}")
        assert response.status_code == 200, (name, response.text[:300])
        rows = response.json()["rows"]
        if name != "last_runs":  # the fixture records no crawl runs
            assert rows, f"canned query {name} returned no rows"


def test_house_vs_press_has_both_venues_and_links(built, ds):
    _, facts = built
    response = get(ds, "/stcawatch/house_vs_press.json?_shape=objects&"
                   + urlencode({"speaker": facts["stca_speaker"]}))
    rows = response.json()["rows"]
    assert {r["venue"] for r in rows} == {"parliament", "press"}
    hansard = [r for r in rows if r["venue"] == "parliament"]
    assert all(re.search(r"HAN044-E\.XML#\d+$", r["source_url"]) for r in hansard)


def test_stance_by_party_counts_match_base_table(built, ds):
    path, _ = built
    rows = get(ds, "/stcawatch/stance_by_party_per_month.json?_shape=objects").json()["rows"]
    total = sum(r["statements"] for r in rows)
    conn = sqlite3.connect(path)
    expected = conn.execute("select count(*) from statements where stance in "
                            "('suspend', 'extend', 'keep')").fetchone()[0]
    assert total == expected > 0


def test_default_facets_on_statements(ds):
    data = get(ds, "/stcawatch/statements_sourced.json?_size=1").json()
    assert {"venue", "party", "stance", "speaker", "month", "outlet"} <= set(data["facet_results"])
    parties = {v["value"] for v in data["facet_results"]["party"]["results"]}
    assert {"NDP", "Conservative", "Liberal"} <= parties  # label abbreviations read as parties


def test_full_text_search_on_statements(ds):
    data = get(ds, "/stcawatch/statements.json?_shape=objects&_search=%22safe+third+country%22").json()
    assert data["rows"] and all("safe third country" in r["text"].lower() for r in data["rows"])


def test_row_links_to_hansard_paragraph(built, ds):
    _, facts = built
    from datasette.utils import tilde_encode

    html = get(ds, f"/stcawatch/statements/{tilde_encode(facts['stca_statement'])}").text
    assert re.search(r'<a href="https://www\.ourcommons\.ca/[^"]+HAN044-E\.XML#\d+"', html)


def test_read_only_and_time_limit(built, ds):
    path, _ = built
    settings = get(ds, "/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == 3500
    response = get(ds, "/stcawatch.json?" + urlencode({"sql": "delete from statements"}))
    assert response.status_code == 400
    assert sqlite3.connect(path).execute("select count(*) from statements").fetchone()[0] > 0
    slow = ("with recursive c(x) as (select 1 union all select x + 1 from c) "
            "select count(*) from c")
    from datasette.app import Datasette

    from surface.serve import load_metadata, typed_settings

    quick = Datasette([str(path)], metadata=load_metadata(path),
                      settings=typed_settings({"sql_time_limit_ms": "50"}))
    response = asyncio.run(quick.client.get("/stcawatch.json?" + urlencode({"sql": slow})))
    assert response.status_code == 400 and "interrupted" in response.text.lower()


def test_plugins_are_local(ds):
    """The charts come from datasette-dashboards, whose Vega-Lite ships in the package: every
    script of the dashboard page is served by Datasette itself (no CDN)."""
    plugins = {p["name"] for p in get(ds, "/-/plugins.json").json()}
    assert {"datasette-dashboards", "datasette-atom"} <= plugins
    assert "datasette-vega" not in plugins  # unmaintained since 2018 (issue 17)
    html = get(ds, "/-/dashboards/stca").text
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert any("vega-lite" in s for s in scripts), scripts
    assert not [s for s in scripts if s.startswith(("http:", "https:", "//"))], scripts
    for src in scripts:
        assert get(ds, src).status_code == 200, src


def test_atom_feed_of_new_statements(ds):
    response = get(ds, "/stcawatch/new_statements_feed.atom")
    assert response.status_code == 200
    assert response.text.count("<entry>") >= 3
    assert "HAN044-E.XML#" in response.text
    # issue 17: entry ids are IRIs (tag: URIs), not bare row ids
    import re

    ids = re.findall(r"<id>([^<]*)</id>", response.text)
    entry_ids = [i for i in ids if "statement/" in i]
    assert entry_ids and all(i.startswith("tag:stcawatch.org,2026:statement/") for i in entry_ids)


def test_serve_arguments(tmp_path):
    from surface.serve import datasette_args, load_metadata, serve_command

    args = datasette_args(tmp_path / "watch.db")
    assert "--immutable" not in args and "--metadata" in args
    assert args[args.index("sql_time_limit_ms") + 1] == "3500"
    assert "--immutable" in datasette_args(tmp_path / "watch.db", immutable=True)
    assert "watch" in load_metadata(tmp_path / "watch.db")["databases"]
    result = CliRunner().invoke(serve_command, ["--db", str(tmp_path / "missing.db")])
    assert result.exit_code != 0 and "missing.db: database not found" in result.output


@pytest.mark.parametrize("text, expected", [
    ("The safe third country agreement is unconstitutional.", 1),
    ("Suspend the STCA now.", 1),
    ("the agreement (STCA) with the U.S.", 1),
    ("Crossings at Roxham Road rose.", 1),
    ("I have postcards in my office.", 0),             # 'stca' inside a word
    ("a loophole in the marijuana regulations", 0),    # not every loophole is the STCA one
])
def test_mentions_stca(text, expected):
    from store.views import stca_match_sql

    conn = sqlite3.connect(":memory:")
    assert conn.execute(f"select {stca_match_sql('?1')}", [text]).fetchone()[0] == expected


def test_senate_on_stca_shows_the_question_period_exchange(built, ds):
    _, facts = built
    rows = get(ds, "/stcawatch/senate_on_stca.json?_shape=objects").json()["rows"]
    assert {r["speaker"] for r in rows} == {"Mobina S.B. Jaffer", "Peter Harder"}
    harder = [r for r in rows if r["speaker"] == "Peter Harder"]
    assert harder[0]["role"] == "Government Representative in the Senate"
    assert all(r["source_url"].startswith("https://mobinajaffer.ca/") for r in rows)
    data = get(ds, "/stcawatch/statements_sourced.json?_shape=objects").json()
    assert {v["value"] for v in data["facet_results"]["chamber"]["results"]} == {"House of Commons", "Senate"}


@pytest.mark.slow
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_serve_stops_datasette_and_removes_its_temp_folder_on_a_signal(built, tmp_path, signame):
    """Issue 20, defect 9: SIGTERM left the Datasette child answering and its temp folder behind."""
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.conftest import PY_ENV, ROOT

    path, _ = built
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(path), "--port", str(port)],
                            cwd=ROOT, env={**PY_ENV, "TMPDIR": str(tmp)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/-/versions.json"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("datasette did not start")
        assert [p.name for p in tmp.iterdir() if p.name.startswith("stcawatch-serve-")]
        proc.send_signal(getattr(signal, signame))
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    with pytest.raises(OSError):  # nothing answers any more: the child is gone too
        urllib.request.urlopen(url, timeout=2)
    assert not list(tmp.iterdir())
    if signame == "SIGTERM":
        assert proc.returncode == 128 + signal.SIGTERM


@pytest.mark.parametrize("sort", ["", "&_sort=date", "&_sort_desc=date", "&_sort=speaker_name",
                                  "&_sort_desc=stance_score"])
def test_paging_through_a_sorted_table_returns_every_row_once(built, ds, sort):
    """Issue 17: sorted by date, page 2 repeated 49 of page 1's 50 rows (Datasette 0.65 orders
    the first page without the primary-key tie-breaker; surface/datasette_plugins fixes it)."""
    path, _ = built
    total = sqlite3.connect(path).execute("select count(*) from statements").fetchone()[0]
    seen, url = [], f"/stcawatch/statements.json?_shape=objects&_size=7{sort}"
    while url:
        data = get(ds, url).json()
        seen += [r["id"] for r in data["rows"]]
        url = (data.get("next_url") or "").replace("http://localhost", "") or None
    assert len(seen) == len(set(seen)) == total > 20


def test_a_streamed_csv_export_holds_every_row_once(built, ds):
    import csv
    import io

    path, _ = built
    total = sqlite3.connect(path).execute("select count(*) from statements").fetchone()[0]
    for sort in ("", "&_sort_desc=date"):
        rows = list(csv.DictReader(io.StringIO(get(ds, f"/stcawatch/statements.csv?_stream=on&_size=max{sort}").text)))
        assert len(rows) == len({r["id"] for r in rows}) == total



def test_the_first_screen_is_who_said_what_about_the_stca(built, ds):
    """Issue 17: '/' listed files and tables; the statements table opened on procedural text."""
    response = get(ds, "/")
    assert response.status_code == 302 and response.headers["location"] == "/stcawatch/stca_statements"
    data = get(ds, "/stcawatch/stca_statements.json?_shape=objects&_size=max").json()
    rows = data["rows"]
    assert rows and all(r["speaker"] and r["kind"] not in ("procedural", "interjection") for r in rows)
    assert {r["stance"] for r in rows} <= {"suspend", "extend", "keep", "none", "not read"}
    assert any(r["said_in"] == "Senate" for r in rows) and any(r["said_in"] == "House of Commons" for r in rows)
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    assert all(r["source_url"].startswith("https://") for r in rows)
    page = get(ds, "/stcawatch/stca_statements").text
    assert "not read" in page and "Safe Third Country Agreement" in page


@pytest.mark.parametrize("query", ['asyl*', 'STCA OR "safe third"', '"safe third country"'])
def test_prefix_and_or_searches_work_as_typed(built, ds, query):
    """Issue 17: `asyl*` and `STCA OR "safe third"` returned nothing unless _searchmode=raw."""
    rows = get(ds, "/stcawatch/statements.json?_shape=objects&" + urlencode({"_search": query})).json()["rows"]
    assert rows, query


def test_the_database_path_is_not_published(built, ds):
    """Issue 17: /-/databases.json exposed the absolute path of the database file."""
    path, _ = built
    for page in ("/-/databases.json", "/-/databases"):
        response = get(ds, page)
        assert response.status_code == 200 and str(path) not in response.text
        assert str(path.parent) not in response.text
    assert [d["name"] for d in get(ds, "/-/databases.json").json()] == ["stcawatch"]


def test_whole_figure_values_read_as_whole_numbers(built, ds):
    """Issue 17: 179000000.0 on screen; a count or an amount reads 179000000."""
    rows = get(ds, "/stcawatch/figures_sourced.json?_shape=objects&_size=max").json()["rows"]
    whole = [r["value"] for r in rows if float(r["value"]).is_integer()]
    assert whole and all(isinstance(v, int) for v in whole)


def test_no_description_is_cut_by_a_yaml_comment():
    """Issue 17: an unquoted '#' in metadata.yml starts a YAML comment: "Link to the source
    (Hansard XML #paragraph, ..." was shown as "Link to the source (Hansard XML"."""
    import yaml

    meta = yaml.safe_load((ROOT_DIR / "surface" / "metadata.yml").read_text(encoding="utf-8"))

    unbalanced = [t for t in strings(meta["databases"]) if t.count("(") != t.count(")")]
    assert not unbalanced, unbalanced
