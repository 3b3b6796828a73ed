"""Scrapy hardening: settings and behaviour over loopback (bombs, robots.txt, file://, DTDs)."""
from __future__ import annotations

import gzip
import sqlite3

import pytest

from bench.corpus import renumber
from crawlers import settings as S
from crawlers.crawl import crawl_failed, make_settings

from .conftest import HANSARD_FIXTURES, need
from .routes_server import serve_routes
from .test_crawl import stcawatch

XML = {"Content-Type": "application/xml"}


def good_sitting(number: int) -> bytes:
    return renumber((need(HANSARD_FIXTURES) / "42-1-2-en.xml").read_bytes(), number)


def url_path(number: int) -> str:
    return f"/Content/House/441/Debates/{number:03d}/HAN{number:03d}-E.XML"


def crawl(server, db_path, first, last, *extra):
    return stcawatch("crawl", "--db", str(db_path), "--hansard-base-url", server.base_url,
                     "--session", f"44-1:{first}-{last}", "--set", "HANSARD_LANGUAGES=E",
                     "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False", *extra)


def errors(db_path):
    with sqlite3.connect(db_path) as conn:
        return {url.split("/Debates/")[-1] if "/Debates/" in url else url: reason
                for url, reason in conn.execute("select url, reason from crawl_errors")}


def test_settings_are_polite_and_safe():
    s = make_settings()
    assert s.getbool("ROBOTSTXT_OBEY") and s.getbool("AUTOTHROTTLE_ENABLED")
    assert 1 <= s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 8
    assert 5 <= s.getint("DOWNLOAD_TIMEOUT") <= 60
    assert 16 * 2**20 <= s.getint("DOWNLOAD_MAXSIZE") <= 64 * 2**20
    assert not s.getbool("TELNETCONSOLE_ENABLED")
    assert not s.getbool("REMOTE_CONTROL_ENABLED", False)
    handlers = s.getdict("DOWNLOAD_HANDLERS")
    assert all(handlers.get(scheme, "on") is None for scheme in ("file", "data", "ftp", "s3"))
    assert S.DOWNLOAD_TIMEOUT < 180  # Scrapy's default is three minutes


@pytest.mark.slow
def test_oversized_page_and_gzip_bomb_are_dropped_and_logged(tmp_path):
    huge = b"<Hansard>" + b"x" * (S.DOWNLOAD_MAXSIZE + 1024) + b"</Hansard>"
    bomb = gzip.compress(b"\0" * (S.DOWNLOAD_MAXSIZE + 8 * 2**20), compresslevel=9)
    routes = {
        url_path(1): (200, XML, huge),
        url_path(2): (200, {**XML, "Content-Encoding": "gzip"}, bomb),
        url_path(3): (200, XML, good_sitting(3)),
    }
    with serve_routes(routes) as server:
        result = crawl(server, tmp_path / "db.sqlite", 1, 3)
    out = result.stdout + result.stderr
    assert result.returncode == 3, out[-3000:]
    errs = errors(tmp_path / "db.sqlite")
    assert "max size" in errs["001/HAN001-E.XML"].lower() or "maxsize" in errs["001/HAN001-E.XML"].lower()
    assert "max size" in errs["002/HAN002-E.XML"].lower() or "maxsize" in errs["002/HAN002-E.XML"].lower()
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        assert conn.execute("select id from documents").fetchall() == [("hoc-99-1-003-en",)]


@pytest.mark.slow
def test_robots_disallow_is_obeyed(tmp_path):
    routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"},
                        b"User-agent: *\nDisallow: /Content/House/441/Debates/002/\n"),
        url_path(1): (200, XML, good_sitting(1)),
        url_path(2): (200, XML, good_sitting(2)),
    }
    with serve_routes(routes) as server:
        result = crawl(server, tmp_path / "db.sqlite", 1, 2)
        hits = dict(server.hits)
    assert url_path(2) not in hits and hits.get(url_path(1)) == 1
    assert "robots.txt" in errors(tmp_path / "db.sqlite")["002/HAN002-E.XML"], result.stdout


@pytest.mark.slow
def test_file_urls_are_refused(tmp_path):
    secret = tmp_path / "Content/House/441/Debates/001/HAN001-E.XML"
    secret.parent.mkdir(parents=True)
    secret.write_bytes(good_sitting(1))
    result = stcawatch("crawl", "--db", str(tmp_path / "db.sqlite"), "--hansard-base-url",
                       tmp_path.as_uri(), "--session", "44-1:1-1", "--set", "HANSARD_LANGUAGES=E")
    assert result.returncode != 0
    reason = errors(tmp_path / "db.sqlite")["001/HAN001-E.XML"]
    assert "file" in reason.lower() and "scheme" in reason.lower()
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == 0


@pytest.mark.slow
def test_dtd_on_loopback_server_gets_zero_hits(tmp_path):
    def evil(server):
        body = (f'<?xml version="1.0"?>\n<!DOCTYPE Hansard SYSTEM "{server.base_url}/evil.dtd">\n'
                '<Hansard><HansardBody>&ext;</HansardBody></Hansard>').encode()
        return 200, XML, body

    def param(server):
        body = (f'<?xml version="1.0"?>\n<!DOCTYPE Hansard [<!ENTITY % p SYSTEM "{server.base_url}/param.dtd"> %p;]>\n'
                '<Hansard/>').encode()
        return 200, XML, body

    routes = {url_path(1): evil, url_path(2): param,
              "/evil.dtd": (200, {"Content-Type": "application/xml-dtd"}, b'<!ENTITY ext "pwned">'),
              "/param.dtd": (200, {"Content-Type": "application/xml-dtd"}, b'<!ENTITY ext "pwned">')}
    with serve_routes(routes) as server:
        result = crawl(server, tmp_path / "db.sqlite", 1, 2)
        hits = dict(server.hits)
    assert "/evil.dtd" not in hits and "/param.dtd" not in hits
    errs = errors(tmp_path / "db.sqlite")
    assert {"001/HAN001-E.XML", "002/HAN002-E.XML"} <= set(errs), result.stdout
    assert all("DTD" in errs[k] for k in ("001/HAN001-E.XML", "002/HAN002-E.XML"))


@pytest.mark.slow
def test_spider_exception_fails_the_run(tmp_path):
    routes = {"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")}
    with serve_routes(routes) as server:
        result = stcawatch("crawl", "--db", str(tmp_path / "db.sqlite"), "--spider", "raising",
                           "--hansard-base-url", server.base_url,
                           "--set", "SPIDER_MODULES=crawlers.spiders,tests.raising_spider")
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert "FAILED raising: spider raised exceptions" in result.stdout
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        assert conn.execute("select status from crawl_runs").fetchone()[0] == "failed"


def test_crawl_failed_reads_stats():
    assert crawl_failed({"finish_reason": "finished"}) == []
    assert crawl_failed({"finish_reason": "shutdown"}) == ["finish_reason=shutdown"]
    assert crawl_failed({"finish_reason": "finished", "spider_exceptions/RuntimeError": 1})
