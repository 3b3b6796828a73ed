"""Headless Chromium against `datasette serve` on loopback: pages render, chart draws offline.

Needs Debian's chromium (`apt-get install -y chromium`; CI installs it). Screenshots go to
$STCAWATCH_ARTIFACTS (default artifacts/browser/) so CI can keep them.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests import surface_data
from tests.conftest import HANSARD_FIXTURES, ROOT, free_port, need

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("STCAWATCH_ARTIFACTS", ROOT / "artifacts")) / "browser"



def ensure_chromium() -> str | None:
    """Install Debian's chromium when missing and we may (root with apt-get); else None."""
    if Path(CHROMIUM).exists():
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "not root or no apt-get"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            return f"`{' '.join(cmd)}` failed: {done.stderr.strip()[-300:]}"
    return None if Path(CHROMIUM).exists() else "chromium not found after install"


@pytest.fixture(scope="module", autouse=True)
def chromium_installed():
    problem = ensure_chromium()
    if problem:
        pytest.skip(f"headless browser test skipped: Debian chromium could not be installed ({problem})")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from store.schema import open_db
    from surface.serve import datasette_command, prepare_db
    path = tmp_path_factory.mktemp("browser") / "stcawatch.db"
    db = open_db(path)
    facts = surface_data.build(db, need(HANSARD_FIXTURES / "43-1-44-en.xml"))
    db.close()
    prepare_db(path)
    port = free_port()
    log = open(path.with_suffix(".log"), "wb")
    proc = subprocess.Popen(datasette_command(path, port=port), stdout=log, stderr=subprocess.STDOUT,
                            cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"datasette did not start: {path.with_suffix('.log').read_text()}")
            time.sleep(0.3)
    yield base, facts
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def chromium(url: str, tmp_path: Path, *extra: str) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
           "--window-size=1200,1100", "--virtual-time-budget=8000", *extra, url]
    result = subprocess.run(cmd, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    return result.stdout.decode("utf-8", "replace")


def test_index_and_table_pages(server, tmp_path):
    base, facts = server
    home = chromium(base + "/", tmp_path, "--dump-dom")  # the landing view (issue 17)
    assert "stca_statements" in home and "Who said what about the Safe Third Country Agreement" in home
    assert "ourcommons.ca" in home  # source / licence notes in the footer
    assert facts["stca_speaker"] in home
    database = chromium(base + "/stcawatch", tmp_path, "--dump-dom")
    assert "statements_sourced" in database
    assert "Statements by a speaker" in database  # canned queries listed
    table = chromium(base + "/stcawatch/statements_sourced?_sort_desc=date", tmp_path, "--dump-dom")
    assert facts["stca_speaker"] in table
    assert 'href="https://www.ourcommons.ca/Content/House/431/Debates/044/HAN044-E.XML#' in table
    for facet in ("venue", "party", "stance", "speaker", "month"):
        assert f'data-column="{facet}"' in table, facet


def test_canned_query_page(server, tmp_path):
    base, facts = server
    dom = chromium(f"{base}/stcawatch/stance_by_party_per_month", tmp_path, "--dump-dom")
    assert "Stance by party per month" in dom and facts["stca_party"] in dom


def test_house_vs_press_page(server, tmp_path):
    base, facts = server
    from urllib.parse import quote

    dom = chromium(f"{base}/stcawatch/house_vs_press?speaker={quote(facts['stca_speaker'])}",
                   tmp_path, "--dump-dom")
    assert ">parliament<" in dom and ">press<" in dom
    assert "https://news.example.org/2020/07/23/stca-ruling" in dom


def test_dashboard_draws_its_charts_offline(server, tmp_path):
    """Issue 17, item 4: a dashboard worth opening (positions per month, by party, the most
    active speakers, the latest figures), drawn by the Vega-Lite shipped in the package."""
    import re

    base, facts = server
    url = f"{base}/-/dashboards/stca"
    dom = chromium(url, tmp_path, "--dump-dom")
    for title in ("Statements on the STCA per month, by position", "Positions by party",
                  "Positions by party over time", "Most active speakers on the STCA",
                  "Latest figures by measure", "Conflicting figures"):
        assert title in dom, title
    assert dom.count('class="marks"') >= 4, "the Vega-Lite charts were not drawn"
    assert "75000" in dom.replace(",", "")  # the conflicting press figure of the fixture
    assert facts["stca_speaker"] in dom or "<table" in dom
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', dom)
    assert sources and not [s for s in sources if s.startswith(("http://", "https://", "//"))
                            and not s.startswith(base)], sources  # nothing from the internet
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "dashboard.png"
    shot.unlink(missing_ok=True)
    chromium(url, tmp_path, f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 10_000
