"""The cron helpers: run lock (overlap refused, freed when the holder dies), log file, progress."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys

import pytest

from surface.runlock import AlreadyRunning, Progress, RunLock, log_to_file

HOLD = """
import sys, time
from surface.runlock import RunLock
lock = RunLock(sys.argv[1]).acquire()
print("locked", flush=True)
time.sleep(60)
"""


def test_second_run_is_refused_and_names_the_holder(tmp_path):
    path = tmp_path / "var" / "run.lock"
    with RunLock(path):
        with pytest.raises(AlreadyRunning, match=rf"run\.lock: another run holds the lock \(pid {os.getpid()}"):
            RunLock(path).acquire()
    with RunLock(path):  # released on exit
        pass


def test_lock_is_freed_when_the_holder_is_killed(tmp_path):
    path = tmp_path / "run.lock"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE,
                            cwd=root, env={**os.environ, "PYTHONPATH": root})
    try:
        assert proc.stdout.readline().strip() == b"locked"
        with pytest.raises(AlreadyRunning, match=f"pid {proc.pid}"):
            RunLock(path).acquire()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    with RunLock(path):  # no stale lock after kill -9
        pass


def test_log_to_file_appends(tmp_path):
    logger = logging.getLogger("stcawatch.test-runlock")
    handler = log_to_file(tmp_path / "logs" / "run.log", logger=logger)
    try:
        logger.info("crawl finished: %d stored", 7)
    finally:
        logger.removeHandler(handler)
        handler.close()
    line = (tmp_path / "logs" / "run.log").read_text()
    assert "INFO stcawatch.test-runlock: crawl finished: 7 stored" in line


def test_progress_lines(caplog):
    now = [0.0]
    with caplog.at_level(logging.INFO, logger="stcawatch.progress"):
        with Progress("sittings", total=40, every=10, clock=lambda: now[0]) as progress:
            for _ in range(40):
                now[0] += 1
                progress.update()
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == "sittings: 10/40 (25%), ETA 30s, 1.0/s"
    assert len(lines) == 5 and lines[-1] == "sittings: 40/40 (100%), 1.0/s - done"
