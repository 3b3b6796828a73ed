"""`stcawatch backfill`: the plan (pure), and a real resumable backfill of the bundled House
sittings served on loopback, with one site that cannot be reached."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from crawlers.backfill import (BackfillSpecError, expand_sessions, format_duration, known_sessions,
                               plan_units, seconds_left)
from crawlers.loopback import serve_folder
from crawlers.settings import LOOPBACK_OVERRIDES
from demo.site import build_hansard_site
from tests.conftest import PY_ENV, ROOT


def test_a_range_walks_every_known_session_between_its_ends():
    sessions = known_sessions()
    assert sessions[0] == "37-1" and "45-1" in sessions
    assert expand_sessions("42-1..44-1") == ["42-1", "43-1", "43-2", "44-1"]
    assert expand_sessions("44-1:1-50") == ["44-1:1-50"]


@pytest.mark.parametrize("spec, message", [
    ("44-1..42-1", "comes after"),
    ("36-1..44-1", "unknown session 36-1"),
    ("forty-four", "bad session range"),
])
def test_a_bad_range_is_refused_by_name(spec, message):
    with pytest.raises(BackfillSpecError, match=message):
        expand_sessions(spec)


def test_the_plan_has_each_unit_once_and_news_archives_need_an_outlet_and_a_url():
    units = plan_units(house=["43-1..43-2", "43-2"], senate=["44-1"],
                       news=["globe=https://example.org/sitemap-2018.xml"])
    assert [u.id for u in units] == ["hansard:43-1", "hansard:43-2", "senate:44-1",
                                     "news:globe=https://example.org/sitemap-2018.xml"]
    assert units[-1].crawl_args == ("--spider", "news", "--set", "NEWS_ARCHIVE=globe=https://example.org/sitemap-2018.xml")
    with pytest.raises(BackfillSpecError, match="OUTLET_KEY=URL"):
        plan_units(news=["https://example.org/sitemap.xml"])
    with pytest.raises(BackfillSpecError, match="whole sessions"):
        plan_units(senate=["44-1:1-5"])


def test_time_left_is_the_slowest_site_at_its_mean_unit_time():
    assert seconds_left({"hansard": [10.0, 30.0], "news": [5.0]}, {"hansard": 3, "news": 2}) == 60.0
    assert seconds_left({"hansard": [10.0]}, {"hansard": 0, "senate": 2}) is None
    assert seconds_left({}, {"hansard": 0}) == 0.0
    assert format_duration(None).startswith("unknown")
    assert format_duration(600) == "about 10 min"


def backfill(db_path, var_dir, *args):
    return subprocess.run([sys.executable, "-m", "pipeline", "backfill", "--db", str(db_path),
                           "--var-dir", str(var_dir), *args], cwd=ROOT, env=PY_ENV,
                          capture_output=True, text=True, timeout=600)


def runs(db_path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select count(*) from crawl_runs").fetchone()[0]


@pytest.mark.slow
def test_a_backfill_crawls_each_unit_once_and_a_rerun_retries_only_what_failed(tmp_path):
    site = tmp_path / "site"
    build_hansard_site(site)
    db_path, var_dir = tmp_path / "backfill.db", tmp_path / "var"
    # the bundled sittings: 41-1 no. 54 and 260 (French and English), 44-1 no. 5; 43-2 has none
    house = ["--house", "41-1:50-60", "--house", "44-1:1-10", "--house", "43-2:1-3"]
    loopback = [f"--set={k}={v}" for k, v in LOOPBACK_OVERRIDES.items()] + ["--set", "HANSARD_LANGUAGES=E,F"]
    dead = ["--senate", "44-1", "--set", "SENATE_BASE_URL=http://127.0.0.1:9", "--set", "RETRY_TIMES=0"]
    with serve_folder(site) as server:
        first = backfill(db_path, var_dir, *house, *dead, "--hansard-base-url", server.base_url, *loopback)
        assert first.returncode == 3, first.stderr[-3000:]  # the Senate unit failed, the rest is done
        assert "backfill: 4 units to crawl (0 done before): hansard 3, senate 1" in first.stdout
        assert "hansard:41-1:50-60: ok, stored 1" in first.stdout
        assert "hansard:44-1:1-10: ok, stored 1" in first.stdout
        assert "hansard:43-2:1-3: ok, stored 0" in first.stdout
        assert "senate:44-1: failed" in first.stdout
        assert "time left: about" in first.stdout and "all sites finished" in first.stdout
        assert "failed: senate:44-1: http://127.0.0.1:9" in first.stderr
        with sqlite3.connect(db_path) as conn:
            states = dict(conn.execute("select id, status from backfill_units"))
            stored = conn.execute("select count(*) from documents where kind != 'news'").fetchone()[0]
            sources = conn.execute("select count(*) from sources").fetchone()[0]
        assert states == {"hansard:41-1:50-60": "ok", "hansard:44-1:1-10": "ok",
                          "hansard:43-2:1-3": "ok", "senate:44-1": "failed"}
        assert stored == 2 and sources >= 2  # kept for reparse / extract like any crawl
        before = runs(db_path)
        again = backfill(db_path, var_dir, *house, *dead, "--hansard-base-url", server.base_url, *loopback)
        assert "backfill: 1 units to crawl (3 done before): senate 1" in again.stdout
        assert runs(db_path) == before + 1  # only the failed unit ran again
        plan = backfill(db_path, var_dir, *house, "--plan")
        assert plan.stdout.splitlines() == ["hansard:41-1:50-60\tdone", "hansard:44-1:1-10\tdone",
                                            "hansard:43-2:1-3\tdone"]
