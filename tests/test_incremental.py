"""Idle re-runs are cheap: Hansard publications are asked for conditionally (304 = unchanged),
and `stcawatch run` with nothing pending for the NLP stage never imports spaCy or torch.

Real Scrapy crawls (the CLI in a fresh process) of House of Commons fixtures served on 127.0.0.1
by ``http.server``, which answers ``If-Modified-Since`` from the files' modification times.
"""
from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from crawlers.loopback import QuietHandler, serve_handler
from crawlers.settings import LOOPBACK_OVERRIDES
from demo.site import build_hansard_site

from .conftest import HANSARD_FIXTURES, PY_ENV, ROOT, need
from .test_crawl import stcawatch

pytestmark = pytest.mark.slow

FIXTURES = ["43-1-44-en.xml", "44-1-196-en.xml", "44-1-200-en.xml", "11796678-fr.xml"]


class RecordingHandler(QuietHandler):
    """Static files; records (path, status, If-Modified-Since sent) for every answer."""

    def send_response(self, code, message=None):
        self.server.answers.append((self.path, code, self.headers.get("If-Modified-Since")))
        super().send_response(code, message)


def serve_recording(root):
    return serve_handler(functools.partial(RecordingHandler, directory=str(root)), answers=[])


@pytest.fixture
def site(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in FIXTURES:
        shutil.copyfile(need(HANSARD_FIXTURES / name), sources / name)
    plan = build_hansard_site(tmp_path / "site", sources, max_misses=1)
    assert plan["publications"] == len(FIXTURES) and plan["HANSARD_EXTRA_PATHS"]
    return tmp_path / "site", plan


def hansard_sets(plan, base_url) -> list[str]:
    sets = {**LOOPBACK_OVERRIDES, "HANSARD_BASE_URL": base_url, "HANSARD_MAX_MISSES": 1,
            "HANSARD_SESSIONS": ",".join(plan["HANSARD_SESSIONS"]), "HANSARD_LANGUAGES": "E,F",
            "HANSARD_EXTRA_PATHS": ",".join(plan["HANSARD_EXTRA_PATHS"])}
    return [f"--set={k}={v}" for k, v in sets.items()]


def publication_answers(server) -> list[tuple[str, int, str | None]]:
    return [a for a in server.answers if a[0].upper().endswith(".XML") and a[1] != 404]


def test_unchanged_publications_are_answered_304_and_a_changed_one_is_stored(site, tmp_path):
    root, plan = site
    db_path = tmp_path / "cond.db"
    with serve_recording(root) as server:
        args = ["crawl", "--db", str(db_path), *hansard_sets(plan, server.base_url)]
        first = stcawatch(*args)
        assert first.returncode == 0, first.stdout + first.stderr[-2000:]
        assert f"stored {len(FIXTURES)}" in first.stdout
        fetched = publication_answers(server)
        assert len(fetched) == len(FIXTURES) and all(code == 200 and not ims for _, code, ims in fetched)

        server.answers.clear()
        second = stcawatch(*args)
        assert second.returncode == 0, second.stdout + second.stderr[-2000:]
        assert f"stored 0, unchanged {len(FIXTURES)}" in second.stdout
        again = publication_answers(server)
        assert sorted(p for p, _, _ in again) == sorted(p for p, _, _ in fetched)
        assert all(code == 304 and ims for _, code, ims in again), again

        # A corrected publication (new bytes, newer mtime) is downloaded and stored again.
        changed = root / fetched[0][0].lstrip("/")
        changed.write_bytes(changed.read_bytes().replace(b"</Hansard>", b"<!-- corrected --></Hansard>")
                            .replace(b"</Evidence>", b"<!-- corrected --></Evidence>"))
        stat = changed.stat()
        os.utime(changed, (stat.st_atime, stat.st_mtime + 5))
        server.answers.clear()
        third = stcawatch(*args)
        assert third.returncode == 0, third.stdout + third.stderr[-2000:]
        assert f"stored 1, unchanged {len(FIXTURES) - 1}" in third.stdout
        codes = {p: code for p, code, _ in publication_answers(server)}
        assert codes.pop(fetched[0][0]) == 200 and set(codes.values()) == {304}
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == len(FIXTURES)
        remembered = conn.execute("select count(*) from seen_urls where last_modified is not null "
                                  "and lower(url) like '%.xml'").fetchone()[0]
        assert remembered == len(FIXTURES)
        runs = conn.execute("select stored, unchanged from crawl_runs order by id").fetchall()
        assert runs == [(len(FIXTURES), 0), (0, len(FIXTURES)), (1, len(FIXTURES) - 1)]


def test_a_publication_that_failed_to_parse_is_downloaded_again(site, tmp_path):
    root, plan = site
    broken = next(root.glob("Content/House/431/Debates/044/HAN044-E.XML"))
    good = broken.read_bytes()
    broken.write_bytes(good[:40_000])  # truncated mid-element
    db_path = tmp_path / "broken.db"
    with serve_recording(root) as server:
        args = ["crawl", "--db", str(db_path), *hansard_sets(plan, server.base_url)]
        first = stcawatch(*args)
        assert first.returncode == 3 and "malformed XML" in first.stdout, first.stdout
        server.answers.clear()
        second = stcawatch(*args)  # still broken: reported again, not hidden behind a 304
        assert second.returncode == 3 and "malformed XML" in second.stdout, second.stdout
        path = "/" + str(broken.relative_to(root))
        assert [(code, ims) for p, code, ims in server.answers if p == path] == [(200, None)]
        broken.write_bytes(good)
        third = stcawatch(*args)
        assert third.returncode == 0 and "stored 1" in third.stdout, third.stdout


def test_idle_run_does_not_load_the_nlp_stack(site, tmp_path):
    """The cron job with nothing new: the crawl answers 304s, and neither extract's model code
    nor the article extractor or the (disabled) remote-control extension's aiohttp is imported."""
    root, plan = site
    db_path, var_dir = tmp_path / "run.db", tmp_path / "var"
    with serve_recording(root) as server:
        args = ["-X", "importtime", "-m", "pipeline", "run", "--db", str(db_path),
                "--var-dir", str(var_dir), "--spider", "hansard", *hansard_sets(plan, server.base_url)]
        first = run_python(args)
        assert first.returncode == 0, first.stdout + first.stderr[-2000:]
        assert f"extracted {len(FIXTURES)} documents" in first.stdout
        assert imported(first.stderr, "spacy")  # the check below can see a spaCy import
        second = run_python(args)
    assert second.returncode == 0, second.stdout + second.stderr[-2000:]
    assert f"unchanged {len(FIXTURES)}" in second.stdout and second.stdout.count("\n") == 1  # idle: one line
    heavy = [m for m in ("spacy", "torch", "transformers", "sentence_transformers", "thinc",
                         "trafilatura", "extruct", "aiohttp")
             if imported(second.stderr, m)]
    assert heavy == []


def run_python(args):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=PY_ENV, capture_output=True,
                          text=True, timeout=300)


def imported(importtime_log: str, module: str) -> bool:
    """Whether ``python -X importtime`` logged an import of top-level ``module``."""
    return any(line.startswith("import time:") and line.rsplit("|", 1)[-1].strip() == module
               for line in importtime_log.splitlines())
