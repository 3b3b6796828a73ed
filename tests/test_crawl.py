"""A real Scrapy crawl of the Hansard fixtures served on 127.0.0.1, through the CLI."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import pytest

from crawlers.loopback import serve_folder
from crawlers.settings import LOOPBACK_OVERRIDES
from demo.site import build_hansard_site

from .conftest import HANSARD_FIXTURES, PY_ENV, ROOT, need

pytestmark = pytest.mark.slow


def stcawatch(*args, cwd=ROOT):
    """Run the CLI in a fresh process (Scrapy's reactor starts once per process)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=PY_ENV,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def site(tmp_path):
    """The 16 fixtures laid out as on ourcommons.ca, plus one truncated sitting."""
    sources = tmp_path / "sources"
    shutil.copytree(need(HANSARD_FIXTURES), sources, ignore=shutil.ignore_patterns("*.md"))
    root = tmp_path / "site"
    plan = build_hansard_site(root, sources)
    assert plan["publications"] == 16 and not plan["broken"]
    return root, plan


def crawl_args(plan, base_url, db_path):
    args = ["crawl", "--db", str(db_path), "--hansard-base-url", base_url]
    for spec in plan["HANSARD_SESSIONS"]:
        args += ["--session", spec]
    for path in plan["HANSARD_EXTRA_PATHS"]:
        args += ["--extra-path", path]
    args += ["--set", "HANSARD_LANGUAGES=E,F"]
    args += [f"--set={k}={v}" for k, v in LOOPBACK_OVERRIDES.items()]
    return args


def counts(db_path):
    with sqlite3.connect(db_path) as conn:
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("documents", "statements", "speakers", "divisions", "division_votes")}


def test_crawl_lands_rows_and_second_run_adds_nothing(site, tmp_path):
    root, plan = site
    db_path = tmp_path / "crawl.db"
    with serve_folder(root) as server:
        first = stcawatch(*crawl_args(plan, server.base_url, db_path))
        assert first.returncode == 0, first.stderr[-3000:]
        assert "stored 16" in first.stdout
        after_first = counts(db_path)
        hits_after_first = dict(server.hits)
        second = stcawatch(*crawl_args(plan, server.base_url, db_path))
        assert second.returncode == 0, second.stderr[-3000:]
    assert "stored 0, unchanged 16" in second.stdout
    assert counts(db_path) == after_first
    assert after_first["documents"] == 16 and after_first["statements"] > 4000
    assert all(hits_after_first.get(p) == 1 for p in plan["HANSARD_EXTRA_PATHS"])
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        collins = conn.execute(
            "select s.name, s.riding, s.party from speakers s where s.name = 'Laurel Collins'").fetchone()
        assert tuple(collins) == ("Laurel Collins", "Victoria", "NDP")
        stca = conn.execute(
            "select st.url, st.paragraph_ids, d.url as doc_url from statements_fts f "
            "join statements st on st.rowid = f.rowid join documents d on d.id = st.document_id "
            "where statements_fts match '\"safe third country\"'").fetchall()
        assert stca and all(r["url"].startswith(r["doc_url"] + "#") for r in stca)
        # issue 17: stored links are the public ones, whatever host the crawl fetched from
        urls = conn.execute("select url, fetch_url from documents").fetchall()
        assert all(u.startswith("https://www.ourcommons.ca/Content/") for u, _ in urls)
        assert all(f == server.base_url + u.removeprefix("https://www.ourcommons.ca") for u, f in urls)
        assert all(json.loads(r["paragraph_ids"]) for r in stca)
        runs = conn.execute("select status, stored, unchanged from crawl_runs order by id").fetchall()
        assert [tuple(r) for r in runs] == [("ok", 16, 0), ("ok", 0, 16)]
        lamoureux = conn.execute("select dbids from speakers where name = 'Kevin Lamoureux'").fetchall()
        assert len(lamoureux) == 1 and len(json.loads(lamoureux[0][0])) >= 3


def test_broken_sitting_is_reported_and_skipped(site, tmp_path):
    root, plan = site
    broken = root / "Content/House/431/Debates/044/HAN044-E.XML"
    broken.write_bytes(broken.read_bytes()[:50_000])  # truncated mid-element
    db_path = tmp_path / "broken.db"
    with serve_folder(root) as server:
        result = stcawatch(*crawl_args(plan, server.base_url, db_path))
    assert result.returncode == 3, result.stdout + result.stderr[-2000:]
    assert "HAN044-E.XML (parse): " in result.stdout and "malformed XML" in result.stdout
    assert counts(db_path)["documents"] == 15
    with sqlite3.connect(db_path) as conn:
        status, skipped = conn.execute("select status, skipped from crawl_runs").fetchone()
        assert (status, skipped) == ("partial", 1)
        assert conn.execute("select count(*) from crawl_errors where url like '%HAN044-E.XML'").fetchone()[0] == 1


def test_walk_stops_after_missing_sittings(site, tmp_path):
    """Walking 44-1 from 196 finds 196 and 200 and stops 5 sittings after the last found."""
    root, plan = site
    db_path = tmp_path / "walk.db"
    with serve_folder(root) as server:
        result = stcawatch("crawl", "--db", str(db_path), "--hansard-base-url", server.base_url,
                           "--session", "44-1:196", *[f"--set={k}={v}" for k, v in LOOPBACK_OVERRIDES.items()])
        assert result.returncode == 0, result.stderr[-2000:]
        asked = sorted(int(p.split("/")[-2]) for p in server.hits if "/Debates/" in p)
    assert asked == list(range(196, 206))
    assert counts(db_path)["documents"] == 2


def test_each_spider_enables_only_its_own_pipeline():
    """Issue 18: pipelines were enabled for every spider and filtered on the spider's name."""
    from scrapy.crawler import CrawlerRunner

    from crawlers.crawl import make_settings

    runner = CrawlerRunner(make_settings())
    enabled = {}
    for name in ("hansard", "senate", "news"):
        crawler = runner.create_crawler(name)
        enabled[name] = sorted(crawler.settings.getdict("ITEM_PIPELINES"))
    assert enabled == {"hansard": ["crawlers.pipelines.StorePipeline"],
                       "senate": ["crawlers.pipelines.StorePipeline"],
                       "news": ["crawlers.news_pipeline.NewsPipeline"]}

