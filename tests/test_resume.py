"""`stcawatch run` stopped mid-crawl (SIGINT, as `timeout` or an operator sends) resumes from
VAR_DIR/jobs on the next run: the queue Scrapy saved is finished, no article is downloaded twice,
and the database ends exactly where an uninterrupted run ends.

Real Scrapy crawls of the sample news site (demo/) served on 127.0.0.1, slowed down at first so
the stop lands mid-crawl."""
from __future__ import annotations

import functools
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from crawlers.loopback import QuietHandler, serve_handler
from demo.build_news_site import build, crawl_overrides

from .conftest import PY_ENV, ROOT, SHARED, need

pytestmark = pytest.mark.slow


class SlowHandler(QuietHandler):
    """Static files; article pages take ``server.delay`` seconds while ``server.slow`` is set."""

    def do_GET(self):  # noqa: N802 - stdlib name
        if self.server.slow.is_set() and self.path.endswith((".html", "/", ".php")):
            time.sleep(self.server.delay)
        super().do_GET()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    need(SHARED)
    return build(tmp_path_factory.mktemp("resume") / "site", SHARED)


def run_args(base_url, db_path, var_dir) -> list[str]:
    # One request in flight at a time (every outlet has its own download slot, so the global cap
    # is the one that holds): the stop then lands with most of the queue still to do.
    sets = {**crawl_overrides(base_url, db_path, use_model=False), "CONCURRENT_REQUESTS": 1}
    return [sys.executable, "-m", "pipeline", "run", "--db", str(db_path), "--var-dir", str(var_dir),
            "--spider", "news", *[f"--set={k}={v}" for k, v in sets.items()]]


def news_state(db_path) -> tuple[set, set]:
    with sqlite3.connect(db_path) as conn:
        docs = {r[0] for r in conn.execute("select url from documents where kind = 'news'")}
        seen = {r[0] for r in conn.execute("select url from seen_urls")}
    return docs, seen


def stored_count(db_path) -> int:
    try:
        with sqlite3.connect(db_path, timeout=1) as conn:
            return conn.execute("select count(*) from seen_urls").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_interrupted_run_resumes_its_saved_queue(site, tmp_path):
    handler = functools.partial(SlowHandler, directory=str(site))
    with serve_handler(handler, slow=threading.Event(), delay=0.4) as server:
        reference = subprocess.run(run_args(server.base_url, tmp_path / "ref.db", tmp_path / "ref-var"),
                                   cwd=ROOT, env=PY_ENV, capture_output=True, text=True, timeout=300)
        # 3: the sample site's deliberately broken pages are skipped (and named), the rest stored
        assert reference.returncode == 3, reference.stdout + reference.stderr[-2000:]
        expected_docs, expected_seen = news_state(tmp_path / "ref.db")
        assert len(expected_seen) >= 10

        server.hits.clear()
        server.slow.set()
        db_path, var_dir = tmp_path / "news.db", tmp_path / "var"
        proc = subprocess.Popen(run_args(server.base_url, db_path, var_dir), cwd=ROOT, env=PY_ENV,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and stored_count(db_path) < 3 and proc.poll() is None:
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)  # Scrapy's graceful stop: in-flight requests finish
        out, err = proc.communicate(timeout=120)
        partial = stored_count(db_path)
        assert 3 <= partial < len(expected_seen), "the stop should land mid-crawl"
        assert proc.returncode == 1 and "finish_reason=shutdown" in out, out + err[-2000:]
        assert (var_dir / "jobs" / "news" / "requests.queue" / "active.json").exists()
        first_hits = dict(server.hits)

        server.slow.clear()
        resumed = subprocess.run(run_args(server.base_url, db_path, var_dir), cwd=ROOT, env=PY_ENV,
                                 capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 3, resumed.stdout + resumed.stderr[-2000:]
    assert news_state(db_path) == (expected_docs, expected_seen)
    assert not (var_dir / "jobs" / "news").exists(), "a finished job leaves no resume state"
    # the resumed run asked only for what the stopped one had not: no page downloaded twice
    twice = {p for p, n in server.hits.items() if p.endswith((".html", ".php"))
             and n - first_hits.get(p, 0) > 0 and first_hits.get(p, 0) > 0}
    assert twice == set()
    with sqlite3.connect(db_path) as conn:
        runs = [r[0] for r in conn.execute("select status from crawl_runs order by id")]
    assert runs == ["failed", runs[-1]] and runs[-1] in ("ok", "partial")
