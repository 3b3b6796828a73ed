"""Consistent online backups with ``VACUUM INTO`` (safe while a crawl or Datasette is running).

Copying the file (or only the main file of a WAL database) can capture a half-written state;
``VACUUM INTO`` writes a compact, consistent snapshot from one read transaction.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import click


class BackupError(RuntimeError):
    """Raised with both paths named."""


def backup(db_path: str | Path, dest: str | Path) -> Path:
    """Snapshot ``db_path`` into ``dest`` (must not exist); check the copy's integrity."""
    db_path, dest = Path(db_path), Path(dest)
    if not db_path.exists():
        raise BackupError(f"no database at {db_path}")
    if dest.exists():
        raise BackupError(f"backup target {dest} already exists; refusing to overwrite")
    dest.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        conn.execute("VACUUM INTO ?", [str(dest)])
    except sqlite3.Error as exc:
        dest.unlink(missing_ok=True)
        raise BackupError(f"backup of {db_path} to {dest} failed: {exc}") from exc
    finally:
        conn.close()
    with sqlite3.connect(dest) as copy:
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"backup {dest} of {db_path} failed integrity_check: {result}")
    return dest


@click.command("backup")
@click.option("--db", "db_path", default="stcawatch.db", show_default=True,
              type=click.Path(dir_okay=False), help="SQLite database file.")
@click.argument("dest", type=click.Path(dir_okay=False))
def backup_command(db_path, dest):
    """Write a consistent snapshot of the database with VACUUM INTO.

    Example: stcawatch backup backups/stcawatch-$(date +%F).db
    """
    try:
        path = backup(db_path, dest)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backup written to {path}")
