"""`stcawatch run` under cron: lock, log file, exit codes, job state cleared after a clean run."""
from __future__ import annotations

import sqlite3

import pytest

from crawlers.loopback import serve_folder
from crawlers.settings import LOOPBACK_OVERRIDES
from demo.site import build_hansard_site
from surface.runlock import RunLock

from .conftest import HANSARD_FIXTURES, need
from .test_crawl import stcawatch

pytestmark = pytest.mark.slow


def run_args(base_url, db_path, var_dir):
    sets = {**LOOPBACK_OVERRIDES, "HANSARD_BASE_URL": base_url, "HANSARD_SESSIONS": "43-1:44"}
    return ["run", "--db", str(db_path), "--var-dir", str(var_dir), "--spider", "hansard",
            *[f"--set={k}={v}" for k, v in sets.items()]]


def test_run_crawls_extracts_logs_and_refuses_to_overlap(tmp_path):
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "43-1-44-en.xml").write_bytes(need(HANSARD_FIXTURES / "43-1-44-en.xml").read_bytes())
    plan = build_hansard_site(tmp_path / "site", sources)
    assert plan["publications"] == 1
    db_path, var_dir = tmp_path / "cron.db", tmp_path / "var"
    with serve_folder(tmp_path / "site") as server:
        first = stcawatch(*run_args(server.base_url, db_path, var_dir))
        assert first.returncode == 0, first.stdout + first.stderr[-2000:]
        assert "stored 1" in first.stdout and "extracted 1 documents" in first.stdout
        assert "stored hoc-43-1-044-en" in (var_dir / "stcawatch.log").read_text()
        assert not (var_dir / "jobs" / "hansard").exists(), "a finished job leaves no resume state"
        with RunLock(var_dir / "stcawatch.lock"):
            locked = stcawatch(*run_args(server.base_url, db_path, var_dir))
        assert locked.returncode == 75 and "another run holds the lock" in locked.stderr
        again = stcawatch(*run_args(server.base_url, db_path, var_dir))
        assert again.returncode == 0 and "stored 0, unchanged 1" in again.stdout
        # issue 20, defect 11: an idle cron run says one line (cron mails whatever it prints)
        assert again.stdout.count("\n") == 1 and again.stderr == "", again.stdout + again.stderr
        assert "Scrapy" in (var_dir / "stcawatch.log").read_text()  # the details are in the log
    with sqlite3.connect(db_path) as conn:
        runs = conn.execute("select command, status from crawl_runs order by id").fetchall()
        assert runs == [("run", "ok"), ("run", "ok")]
        assert conn.execute("select count(*) from statements where stance is not null").fetchone()[0] > 0


def test_run_exits_1_when_the_site_is_down(tmp_path):
    result = stcawatch("run", "--db", str(tmp_path / "down.db"), "--var-dir", str(tmp_path / "var"),
                       "--spider", "hansard", "--set", "HANSARD_BASE_URL=http://127.0.0.1:9",
                       "--set", "HANSARD_SESSIONS=43-1:1-40", "--set", "RETRY_TIMES=0",
                       *[f"--set={k}={v}" for k, v in LOOPBACK_OVERRIDES.items()])
    assert result.returncode == 1, result.stdout  # nothing could be fetched: failed, not partial
    assert "skipped http://127.0.0.1:9/" in result.stdout
    assert "run 1: failed" in result.stdout
    # issue 20, defect 11: a total outage is a short mail, not one line per unreachable page
    assert len((result.stdout + result.stderr).splitlines()) <= 15, result.stdout + result.stderr


def test_a_run_killed_before_it_finished_is_marked_interrupted_by_the_next(tmp_path):
    """Issue 20, defect 7: a run killed with -9 stayed 'running' in crawl_runs and status."""
    from store.load import start_run
    from store.schema import open_db

    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "43-1-44-en.xml").write_bytes(need(HANSARD_FIXTURES / "43-1-44-en.xml").read_bytes())
    build_hansard_site(tmp_path / "site", sources)
    db_path, var_dir = tmp_path / "cron.db", tmp_path / "var"
    db = open_db(db_path)
    killed = start_run(db, "run")  # what a run killed with -9 leaves behind
    crawl = start_run(db, "crawl")  # a crawl outside the run lock may still be going
    db.close()
    with serve_folder(tmp_path / "site") as server:
        result = stcawatch(*run_args(server.base_url, db_path, var_dir))
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert f"run {killed} was interrupted" in result.stdout
    with sqlite3.connect(db_path) as conn:
        rows = dict(conn.execute("select id, status from crawl_runs").fetchall())
        ended = conn.execute("select ended from crawl_runs where id = ?", [killed]).fetchone()[0]
    assert rows[killed] == "interrupted" and ended and rows[crawl] == "running"
