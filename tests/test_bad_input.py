"""Hostile and broken Hansard sources in one real crawl: each is logged naming its URL, the run
goes on, and what was stored before is not lost."""
from __future__ import annotations

import sqlite3

import pytest

from .routes_server import serve_routes
from .test_hardening import XML, crawl, errors, good_sitting, url_path

pytestmark = pytest.mark.slow

LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
                     for i in range(1, 10))
          + b"]><Hansard>&lol9;</Hansard>")
XXE = (b'<?xml version="1.0"?><!DOCTYPE Hansard [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b"<Hansard><HansardBody>&xxe;</HansardBody></Hansard>")


def bad_routes(server_hint=None) -> dict:
    good = good_sitting(2)
    latin1 = good.replace(b"House of Commons", "Chambre des communes \u00e9\u00e9".encode("latin-1"), 1)
    return {
        url_path(1): (200, XML, good_sitting(1)),
        url_path(2): (200, XML, good[: len(good) // 2]),                      # truncated
        url_path(3): (200, XML, XXE),                                          # external entity
        url_path(4): (200, XML, LAUGHS),                                       # entity bomb
        url_path(5): (200, XML, b""),                                          # empty
        url_path(6): (200, {"Content-Type": "text/html; charset=utf-8"},      # wrong content type
                      b"<!DOCTYPE html><html><body><p>Maintenance</p></body></html>"),
        url_path(7): (302, {"Location": url_path(7)}, b""),                   # redirect loop
        url_path(8): (200, XML, latin1),                                       # not UTF-8
        url_path(9): (200, XML, b"<Hansard><HansardBody><Intervention>"),     # malformed
        url_path(10): (200, XML, b"<html><body>not hansard</body></html>"),   # wrong root
        url_path(11): (200, XML, good_sitting(11)),
    }


def test_each_bad_source_is_named_and_the_run_continues(tmp_path):
    db_path = tmp_path / "db.sqlite"
    with serve_routes(bad_routes()) as server:
        result = crawl(server, db_path, 1, 11)
    out = result.stdout
    assert result.returncode == 3, out + result.stderr[-3000:]
    errs = errors(db_path)
    expect = {2: "malformed XML", 3: "DTD", 4: "DTD", 5: "empty document", 6: "content type",
              7: "redirect", 8: "encoding", 9: "malformed XML", 10: "not House of Commons"}
    for number, words in expect.items():
        key = f"{number:03d}/HAN{number:03d}-E.XML"
        assert key in errs, f"no error for sitting {number}: {out}"
        assert words.lower() in errs[key].lower(), (number, errs[key])
        assert f"{url_path(number)} (" in out  # the run summary names the URL
    with sqlite3.connect(db_path) as conn:
        docs = [r[0] for r in conn.execute("select id from documents order by id")]
        leaked = conn.execute("select count(*) from statements where text like '%root:%'").fetchone()[0]
    assert docs == ["hoc-99-1-001-en", "hoc-99-1-011-en"] and leaked == 0


def test_a_broken_refetch_keeps_what_was_stored(tmp_path):
    db_path = tmp_path / "db.sqlite"
    routes = {url_path(1): (200, XML, good_sitting(1))}
    with serve_routes(routes) as server:
        first = crawl(server, db_path, 1, 1)
        assert first.returncode == 0, first.stdout + first.stderr[-2000:]
        with sqlite3.connect(db_path) as conn:
            before = conn.execute("select count(*), sum(length(text)) from statements").fetchone()
        for broken in (good_sitting(1)[:30_000], b"", XXE):
            server.routes[url_path(1)] = (200, XML, broken)
            again = crawl(server, db_path, 1, 1)
            assert again.returncode == 1, again.stdout  # its only source broken: nothing stored
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*), sum(length(text)) from statements").fetchone() == before
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
