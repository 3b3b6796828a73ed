"""Helpers that make `stcawatch run` safe under cron: a run lock, a log file, progress lines.

The lock is an ``flock`` on a file: the kernel drops it when the process dies, so a killed run
never leaves a stale lock behind (a pid file would). The holder's pid and start time are
written into the file so a refused run can say who holds it.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import logging
import logging.handlers
import os
import time
from pathlib import Path


class AlreadyRunning(RuntimeError):
    """Another run holds the lock; the message names the lock file and the holder."""


class RunLock:
    """``with RunLock("var/stcawatch.lock"):`` - non-blocking; raises AlreadyRunning."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "unknown process"
            os.close(fd)
            raise AlreadyRunning(f"{self.path}: another run holds the lock ({holder})") from None
        os.ftruncate(fd, 0)
        stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        os.write(fd, f"pid {os.getpid()} since {stamp}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> "RunLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def log_to_file(path: str | Path, level: int = logging.INFO,
                logger: logging.Logger | None = None) -> logging.Handler:
    """Append log lines to ``path`` (reopened if logrotate moves it); returns the handler."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.WatchedFileHandler(path, encoding="utf-8")
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    target = logger or logging.getLogger()
    target.addHandler(handler)
    if target.level == logging.NOTSET or target.level > level:
        target.setLevel(level)
    return handler


class Progress:
    """Log-friendly progress for long loops: one line every ``every`` seconds and at the end.

    Cron output is a log file, not a terminal, so this writes lines with counts, rate and ETA
    instead of redrawing a bar.
    """

    def __init__(self, label: str, total: int | None = None, every: float = 10.0,
                 logger: logging.Logger | None = None, clock=time.monotonic):
        self.label, self.total, self.every = label, total, every
        self.log = logger or logging.getLogger("stcawatch.progress")
        self.clock = clock
        self.done = 0
        self.started = self._last = clock()

    def line(self) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.done / elapsed
        text = f"{self.label}: {self.done}"
        if self.total:
            text += f"/{self.total} ({100 * self.done / self.total:.0f}%)"
            if rate > 0 and self.done < self.total:
                text += f", ETA {(self.total - self.done) / rate:.0f}s"
        return text + f", {rate:.1f}/s"

    def update(self, n: int = 1) -> None:
        self.done += n
        now = self.clock()
        if now - self._last >= self.every:
            self._last = now
            self.log.info(self.line())

    def finish(self) -> None:
        self.log.info(self.line() + " - done")

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.finish()
