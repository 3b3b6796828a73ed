"""Faults: kill -9 mid-crawl and mid-batch, readers during writes, two writers, disk full, backups."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import build_corpus
from crawlers.hansard_xml import parse_sitting
from crawlers.items import SittingItem
from store.backup import BackupError, backup, backup_command
from store.load import content_hash, save_sitting, write_transaction
from store.schema import open_db

from .conftest import HANSARD_FIXTURES, PY_ENV, ROOT, need
from .routes_server import serve_routes



def statement_counts(db_path) -> dict[str, int]:
    with sqlite3.connect(db_path, timeout=30) as conn:
        return dict(conn.execute(
            "select d.id, count(s.id) from documents d left join statements s on s.document_id = d.id "
            "group by d.id"))


def integrity(db_path) -> str:
    with sqlite3.connect(db_path, timeout=30) as conn:
        return conn.execute("pragma integrity_check").fetchone()[0]


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    corpus = build_corpus(root, min_words=500_000, news_pages=0, sources=need(HANSARD_FIXTURES))
    expected = {}
    for path in corpus.paths:
        sitting = parse_sitting((root / path.lstrip("/")).read_bytes(), path)
        expected[sitting.id] = len(sitting.statements)
    return corpus, expected


@pytest.mark.slow
def test_kill_9_mid_crawl_then_rerun_loses_and_duplicates_nothing(small_corpus, tmp_path):
    corpus, expected = small_corpus
    assert len(expected) >= 8
    slow = {"on": True}

    def route(path):
        body = (corpus.root / path.lstrip("/")).read_bytes()

        def answer(server):
            if slow["on"]:
                time.sleep(0.6)
            return 200, {"Content-Type": "application/xml"}, body
        return answer

    routes = {p: route(p) for p in corpus.paths}
    db_path = tmp_path / "crawl.db"
    spec = corpus.spider_settings()
    with serve_routes(routes) as server:
        args = [sys.executable, "-m", "pipeline", "crawl", "--db", str(db_path),
                "--hansard-base-url", server.base_url, "--session", spec["HANSARD_SESSIONS"][0],
                "--set", "HANSARD_LANGUAGES=E", "--set", "HANSARD_MAX_MISSES=1",
                "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"]
        proc = subprocess.Popen(args, cwd=ROOT, env=PY_ENV, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if db_path.exists() and len(statement_counts(db_path)) >= 2:
                    break
            except sqlite3.OperationalError:  # the schema is still being created
                pass
            time.sleep(0.1)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        partial = statement_counts(db_path)
        assert 2 <= len(partial) < len(expected), "the kill should land mid-crawl"
        assert integrity(db_path) == "ok"
        assert all(partial[doc] == expected[doc] for doc in partial)  # each sitting all-or-nothing
        slow["on"] = False
        rerun = subprocess.run(args, cwd=ROOT, env=PY_ENV, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-2000:]
    assert statement_counts(db_path) == expected
    with sqlite3.connect(db_path) as conn:
        total, distinct = conn.execute("select count(*), count(distinct text || document_id || seq) "
                                       "from statements").fetchone()
        assert total == distinct == sum(expected.values())
        runs = [r[0] for r in conn.execute("select status from crawl_runs order by id")]
    assert runs == ["running", "ok"]  # the killed run stays visible as never finished
    assert integrity(db_path) == "ok"


LOOP_WRITER = """
import sys
from crawlers.hansard_xml import parse_sitting
from store.load import save_sitting
from store.schema import open_db
db = open_db(sys.argv[1])
sitting = parse_sitting(open(sys.argv[2], 'rb').read(), sys.argv[2])
for i in range(10_000):
    save_sitting(db, sitting, digest=str(i))
    print(i, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.05, 0.23])
def test_kill_9_mid_batch_is_all_or_nothing(tmp_path, delay):
    source = need(HANSARD_FIXTURES) / "41-1-260-en.xml"
    expected = len(parse_sitting(source.read_bytes(), "x").statements)
    db_path = tmp_path / "batch.db"
    proc = subprocess.Popen([sys.executable, "-c", LOOP_WRITER, str(db_path), str(source)],
                            cwd=ROOT, env=PY_ENV, stdout=subprocess.PIPE, text=True)
    proc.stdout.readline()  # the first batch is committed
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert integrity(db_path) == "ok"
    assert list(statement_counts(db_path).values()) == [expected]


def test_reader_holding_a_read_transaction_does_not_block_a_write(tmp_path):
    db_path = tmp_path / "wal.db"
    source = need(HANSARD_FIXTURES) / "42-1-2-en.xml"
    sitting = parse_sitting(source.read_bytes(), "x")
    db = open_db(db_path)
    reader = sqlite3.connect(db_path)
    reader.execute("begin")
    assert reader.execute("select count(*) from statements").fetchone()[0] == 0
    db.execute("PRAGMA busy_timeout = 100")  # a write that waited for the reader would fail
    started = time.monotonic()
    save_sitting(db, sitting, content_hash(b"1"))
    assert time.monotonic() - started < 5
    assert reader.execute("select count(*) from statements").fetchone()[0] == 0  # its snapshot
    reader.execute("commit")
    assert reader.execute("select count(*) from statements").fetchone()[0] == len(sitting.statements)
    reader.close()
    db.close()


TWO_WRITERS = """
import sys
from store.load import record_error, start_run
from store.schema import open_db
db = open_db(sys.argv[1])
run_id = start_run(db, "writer " + sys.argv[2])
for i in range(150):
    record_error(db, run_id, f"http://w{sys.argv[2]}/{i}", "fetch", "test row")
"""


def test_two_writer_processes_lose_nothing(tmp_path):
    db_path = tmp_path / "two.db"
    open_db(db_path).close()
    procs = [subprocess.Popen([sys.executable, "-c", TWO_WRITERS, str(db_path), str(n)],
                              cwd=ROOT, env=PY_ENV, stderr=subprocess.PIPE, text=True) for n in (1, 2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
    with sqlite3.connect(db_path) as conn:
        per_run = [n for _, n in conn.execute("select run_id, count(*) from crawl_errors group by run_id")]
    assert per_run == [150, 150]


def test_disk_full_fails_the_run_naming_the_database(tmp_path, caplog):
    from scrapy.utils.test import get_crawler

    from crawlers.crawl import crawl_failed
    from crawlers.pipelines import StorePipeline

    first = need(HANSARD_FIXTURES) / "42-1-2-en.xml"
    big = need(HANSARD_FIXTURES) / "41-1-260-en.xml"
    db_path = tmp_path / "full.db"
    crawler = get_crawler(settings_dict={"STCAWATCH_DB": str(db_path)})
    pipe = StorePipeline.from_crawler(crawler)
    pipe.open_spider()
    pipe.process_item(SittingItem(url="http://x/first.XML", body=first.read_bytes()))
    before = statement_counts(db_path)
    pages = pipe.db.execute("pragma page_count").fetchone()[0]
    pipe.db.execute(f"pragma max_page_count = {pages + 5}")  # the disk is (nearly) full
    pipe.process_item(SittingItem(url="http://x/big.XML", body=big.read_bytes()))
    pipe.close_spider()
    stats = crawler.stats.get_stats()
    assert stats.get("stcawatch/store_errors") == 1
    assert any("could not be written" in r for r in crawl_failed(stats))
    message = " ".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert str(db_path) in message and "full" in message and "big.XML" in message
    assert statement_counts(db_path) == before and integrity(db_path) == "ok"


def test_backup_by_vacuum_into_while_a_writer_is_open(tmp_path):
    from click.testing import CliRunner

    db_path = tmp_path / "live.db"
    db = open_db(db_path)
    sitting = parse_sitting((need(HANSARD_FIXTURES) / "42-1-2-en.xml").read_bytes(), "x")
    save_sitting(db, sitting, content_hash(b"a"))
    committed = statement_counts(db_path)
    with write_transaction(db):  # an uncommitted write is not in the snapshot
        db.execute("delete from statements")
        dest = backup(db_path, tmp_path / "backups" / "copy.db")
    assert statement_counts(dest) == committed and list(committed.values()) == [len(sitting.statements)]
    assert integrity(dest) == "ok"
    with pytest.raises(BackupError, match="already exists"):
        backup(db_path, dest)
    result = CliRunner().invoke(backup_command, ["--db", str(db_path), str(tmp_path / "cli.db")])
    assert result.exit_code == 0 and Path(tmp_path / "cli.db").exists(), result.output
    missing = CliRunner().invoke(backup_command, ["--db", str(tmp_path / "nope.db"), str(tmp_path / "x.db")])
    assert missing.exit_code != 0 and "no database at" in missing.output
    db.close()


def test_a_writer_waits_for_a_long_write_instead_of_failing(tmp_path, monkeypatch):
    """Issue 20, defect 6: writers waited only 30 s, so a second writer during a long write
    failed with 'database is locked'. The wait is 10 minutes by default, configurable."""
    import sqlite3
    import threading
    import time

    from store.schema import BUSY_TIMEOUT_MS, open_db

    db = open_db(tmp_path / "w.db")
    assert db.execute("pragma busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS >= 300_000
    db.close()
    monkeypatch.setenv("STCAWATCH_BUSY_TIMEOUT_MS", "5000")
    holder = sqlite3.connect(tmp_path / "w.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("insert into crawl_runs (id, command) values (900, 'long write')")
    release = threading.Timer(1.5, lambda: holder.execute("COMMIT"))
    release.start()
    second = open_db(tmp_path / "w.db")
    assert second.execute("pragma busy_timeout").fetchone()[0] == 5000
    started = time.monotonic()
    second.execute("insert into crawl_runs (id, command) values (901, 'waiting writer')")
    second.conn.commit()
    assert time.monotonic() - started >= 1.0  # it waited for the holder, and then wrote
    release.join()
    assert {r[0] for r in second.execute("select id from crawl_runs")} >= {900, 901}
