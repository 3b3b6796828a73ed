"""``stcawatch backfill``: crawl years of Parliament and news archives, resumably.

The plan (crawlers.backfill) is a list of units; each site's units run one after another, each
in its own ``stcawatch crawl`` process (one crawl at a time per site, under that spider's
politeness settings), and the sites run side by side. Every unit's outcome is recorded in
``backfill_units`` (store.backfill) as it finishes, so a stopped backfill — Ctrl-C, a reboot, a
killed process — resumes with what is left. What the crawls store (sources, documents) feeds
``reparse`` and ``extract`` (or ``extract --ray``) like any crawl.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import click

from crawlers.backfill import BackfillSpecError, format_duration, plan_units, seconds_left
from store.backfill import DONE, durations, mark_finished, mark_started, pending
from store.schema import open_db

from .runlock import AlreadyRunning, RunLock


def run_unit(db_path: str, unit, extra_args: list[str], log_dir: Path) -> tuple[dict, float]:
    """One unit as a ``stcawatch crawl`` process; returns its summary and duration."""
    log_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        summary_file = Path(tmp) / "summary.json"
        command = [sys.executable, "-m", "pipeline", "--log-file", str(log_dir / f"backfill-{unit.site}.log"),
                   "crawl", "--db", str(db_path), *unit.crawl_args, *extra_args,
                   "--summary-json", str(summary_file)]
        started = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True)
        seconds = time.monotonic() - started
        if summary_file.exists():
            return json.loads(summary_file.read_text(encoding="utf-8")), seconds
    tail = (done.stderr or done.stdout or "").strip().splitlines()[-3:]
    return {"status": "failed", "error": f"crawl exited {done.returncode}: " + " | ".join(tail)}, seconds


def failure_reason(summary: dict) -> str:
    """Why a unit failed, from its crawl summary: the crawl's own error, a stage failure, or
    the first source it could not fetch."""
    if summary.get("error"):
        return summary["error"]
    if summary.get("failures"):
        return "; ".join(summary["failures"])
    errors = summary.get("errors") or []
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return f"{first.get('url')}: {first.get('reason')}{more}"
    return summary.get("status") or "failed"


def run_backfill(db_path: str, units: list, site_args: dict[str, list[str]], var_dir: Path,
                 echo=click.echo) -> dict:
    """Run the units not done yet; returns {"units", "already_done", "ran", "done", "failed"}."""
    db = open_db(db_path)
    todo = pending(db, units)
    db.close()
    result = {"units": len(units), "already_done": len(units) - len(todo), "ran": 0, "done": 0,
              "failed": 0, "failures": []}
    if not todo:
        return result
    by_site: dict[str, list] = {}
    for unit in todo:
        by_site.setdefault(unit.site, []).append(unit)
    remaining = {site: len(site_units) for site, site_units in by_site.items()}
    lock = threading.Lock()
    echo(f"backfill: {len(todo)} units to crawl ({result['already_done']} done before): "
         + ", ".join(f"{site} {n}" for site, n in remaining.items()))

    def worker(site: str) -> None:
        for unit in by_site[site]:
            with lock:
                db = open_db(db_path)
                mark_started(db, unit)
                db.close()
            summary, seconds = run_unit(db_path, unit, site_args.get(site, []), var_dir)
            with lock:
                db = open_db(db_path)
                ok = summary.get("status") in DONE
                mark_finished(db, unit, summary, seconds, None if ok else failure_reason(summary))
                left = seconds_left(durations(db), remaining | {site: remaining[site] - 1})
                db.close()
                remaining[site] -= 1
                result["ran"] += 1
                result["done" if ok else "failed"] += 1
                if not ok:
                    result["failures"].append(f"{unit.id}: {failure_reason(summary)}")
                echo(f"[{result['ran']}/{len(todo)}] {unit.id}: {summary.get('status', 'failed')}, "
                     f"stored {summary.get('stored', 0)}, unchanged {summary.get('unchanged', 0)}, "
                     f"skipped {summary.get('skipped', 0)} in {seconds:.0f} s; "
                     + (f"time left: {format_duration(left)}" if left != 0 else "all sites finished"))

    threads = [threading.Thread(target=worker, args=(site,), name=f"backfill-{site}", daemon=True)
               for site in by_site]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(timeout=0.5)
    return result


@click.command("backfill")
@click.option("--db", "db_path", default="stcawatch.db", show_default=True,
              type=click.Path(dir_okay=False), help="SQLite database file.")
@click.option("--house", multiple=True, metavar="RANGE",
              help="House sessions: 44-1, 42-1..44-1, or 44-1:1-50 (sittings), repeatable.")
@click.option("--senate", multiple=True, metavar="RANGE",
              help="Senate sessions: 44-1 or 42-1..44-1, repeatable.")
@click.option("--news-archive", "news", multiple=True, metavar="KEY=URL",
              help="An outlet's archive listing (sitemap, sitemap index or feed), repeatable.")
@click.option("--hansard-base-url", help="Base URL of the House of Commons site.")
@click.option("--var-dir", default="var", show_default=True, type=click.Path(file_okay=False),
              help="Lock file and per-site crawl logs.")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Any Scrapy setting, for every unit (e.g. SENATE_BASE_URL, NEWS_BASE_URL).")
@click.option("--plan", "plan_only", is_flag=True, help="List the units and their state; crawl nothing.")
def backfill_command(db_path, house, senate, news, hansard_base_url, var_dir, settings, plan_only):
    """Crawl a range of sessions and news archives, resumably.

    Each site's units run in turn (one `stcawatch crawl` process each), the sites side by side;
    a re-run does only what is left. Exit 0 when every unit is done, 3 when some failed (run it
    again to retry them), 1 when none could be done, 75 when another backfill is running.

    Example: stcawatch backfill --house 38-1..45-1 --senate 39-1..45-1

    Example: stcawatch backfill --news-archive globe=https://www.theglobeandmail.com/arc/outboundfeeds/sitemap/2018-05/
    """
    try:
        units = plan_units(house, senate, news)
    except BackfillSpecError as exc:
        raise click.BadParameter(str(exc)) from exc
    if not units:
        raise click.UsageError("nothing to backfill: give --house, --senate or --news-archive")
    if plan_only:
        db = open_db(db_path)
        todo = {u.id for u in pending(db, units)}
        db.close()
        for unit in units:
            click.echo(f"{unit.id}\t{'to do' if unit.id in todo else 'done'}")
        return
    common = [f"--set={s}" for s in settings]
    site_args = {"hansard": (["--hansard-base-url", hansard_base_url] if hansard_base_url else []) + common,
                 "senate": common, "news": common}
    var = Path(var_dir)
    try:
        lock = RunLock(var / "backfill.lock").acquire()
    except AlreadyRunning as exc:
        click.echo(f"not started: {exc}", err=True)
        sys.exit(75)
    try:
        result = run_backfill(db_path, units, site_args, var)
    finally:
        lock.release()
    if not result["ran"]:
        click.echo(f"backfill: all {result['units']} units are done; nothing to crawl")
        return
    click.echo(f"backfill: {result['done']} units done, {result['failed']} failed, "
               f"{result['already_done']} done before; next: stcawatch extract (or extract --ray)")
    for failure in result["failures"][:10]:
        click.echo(f"  failed: {failure}", err=True)
    if result["failed"]:
        sys.exit(3 if result["done"] or result["already_done"] else 1)
