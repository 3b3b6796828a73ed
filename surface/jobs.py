"""The jobs the CLI and cron run, each recorded as a run in ``crawl_runs``: crawl, load local
files, re-parse stored sources, extract. ``pipeline.py`` only parses options, calls these and
prints their summaries; so does the demo. Heavy imports (Scrapy, spaCy, the models) happen
inside each job, so ``stcawatch --help`` and an idle cron tick stay fast.
"""
from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
import time
from pathlib import Path

import click

log = logging.getLogger("stcawatch")


def open_db(path):
    """store.schema.open_db, imported on first use: sqlite-utils is a fifth of `--help`'s start-up."""
    from store.schema import open_db as _open_db

    return _open_db(path)


def run_status(counts: dict, failures: list | None = None) -> str:
    """``failed`` when a stage failed or sources were skipped and nothing was stored or found
    unchanged (every source unreachable or broken), ``partial`` when some were skipped, else
    ``ok``; exit codes 1, 3 and 0."""
    if failures:
        return "failed"
    if counts.get("skipped"):
        return "partial" if counts.get("stored", 0) + counts.get("unchanged", 0) else "failed"
    return "ok"


def crawl(db_path: str, overrides: dict, spiders: list[str], command: str = "crawl",
          jobdir: str | None = None) -> dict:
    """Run spiders into ``db_path``; record the run in crawl_runs; return its summary."""
    from crawlers.crawl import crawl_failed, run_spiders
    from store.load import finish_run, start_run

    db = open_db(db_path)
    run_id = start_run(db, command)
    db.close()
    overrides = {**overrides, "STCAWATCH_DB": str(db_path), "STCAWATCH_RUN_ID": run_id}
    started = time.monotonic()
    stats = run_spiders(spiders, overrides, jobdir)
    counts: dict[str, int] = {}
    failures = []
    for name, spider_stats in stats.items():
        for key in ("fetched", "stored", "unchanged", "skipped", "statements"):
            counts[key] = counts.get(key, 0) + int(spider_stats.get(f"stcawatch/{key}", 0))
        failures += [f"{name}: {r}" for r in crawl_failed(spider_stats)]
    status = run_status(counts, failures)
    db = open_db(db_path)
    finish_run(db, run_id, status, counts, {"spiders": stats, "failures": failures})
    errors = list(db.query("select url, stage, reason from crawl_errors where run_id = ?", [run_id]))
    db.close()
    return {"run_id": run_id, "status": status, "seconds": round(time.monotonic() - started, 1),
            "failures": failures, "errors": errors, **counts}


def load_files(db_path: str, paths: list[Path]) -> dict:
    """Parse local publication XML files straight into the database (no crawl)."""
    from crawlers.safe_xml import XMLError
    from ingest.publications import import_publication
    from store.load import finish_run, record_error, start_run

    db = open_db(db_path)
    run_id = start_run(db, "load")
    counts = {"fetched": 0, "stored": 0, "unchanged": 0, "skipped": 0}
    failures = []

    def skip(url: str, stage: str, reason: str) -> None:
        log.error("skipped %s", reason)
        record_error(db, run_id, url, stage, reason)
        counts["skipped"] += 1

    for path in paths:
        url = path.resolve().as_uri()
        try:
            data = path.read_bytes()
        except OSError as exc:  # missing, unreadable, a directory: recorded, the rest goes on
            skip(url, "read", f"{path}: cannot read "
                 f"({'not found' if isinstance(exc, FileNotFoundError) else exc.strerror or exc})")
            continue
        counts["fetched"] += 1
        try:
            sitting = import_publication(db, data, url, run_id)
        except XMLError as exc:
            skip(url, "parse", str(exc))
            continue
        except sqlite3.Error as exc:  # disk full, read-only file, lock timeout: the store failed
            failures.append(f"cannot write {path} to database {db_path}: {exc}")
            log.error("%s", failures[-1])
            continue
        counts["stored" if sitting else "unchanged"] += 1
    status = run_status(counts, failures)
    try:
        finish_run(db, run_id, status, counts, {"failures": failures})
    except sqlite3.Error as exc:
        failures.append(f"cannot record the end of run {run_id} in {db_path}: {exc}")
    db.close()
    return {"run_id": run_id, "status": status, "failures": failures, **counts}


def reparse(db_path: str, everything: bool = False, only_if_needed: bool = False) -> dict | None:
    """Re-read stored sources (no network), recorded as a run: House and Senate sources with
    the current parsers, kept news pages with the current article extractor. With
    ``only_if_needed`` (the cron job) None, and no run, when there is nothing to re-read."""
    from ingest.news import news_sources_to_reparse, reparse_news
    from ingest.publications import reparse_sources, sources_to_reparse, stale_validators
    from store.load import finish_run, start_run

    db = open_db(db_path)
    if only_if_needed and not (sources_to_reparse(db) or stale_validators(db) or news_sources_to_reparse(db)):
        db.close()
        return None
    run_id = start_run(db, "reparse")
    failures = []
    counts = {"sources": 0, "reparsed": 0, "current": 0, "skipped": 0, "refetch": 0}
    try:
        parliament = reparse_sources(db, everything, run_id)
        news = reparse_news(db, everything, run_id)
        for key in counts:
            counts[key] = parliament.get(key, 0) + news.get(key, 0)
        counts["news"] = news
    except sqlite3.Error as exc:
        failures.append(f"cannot write to database {db_path}: {exc}")
        log.error("%s", failures[-1])
    status = "failed" if failures else ("partial" if counts["skipped"] else "ok")
    finish_run(db, run_id, status, {"fetched": counts["sources"], "stored": counts["reparsed"],
                                    "unchanged": counts["current"], "skipped": counts["skipped"]},
               {"reparse": counts, "failures": failures})
    errors = list(db.query("select url, stage, reason from crawl_errors where run_id = ?", [run_id]))
    db.close()
    return {"run_id": run_id, "status": status, "failures": failures, "errors": errors, **counts}


def extract(db_path: str, batch_size: int = 32, n_process: int = 1, progress: bool = True,
            ray: dict | None = None, documents_per_batch: int | None = None) -> dict:
    """Run the NLP stage over documents not yet extracted; store statements, stance, figures.

    Documents are read from SQLite ``documents_per_batch`` at a time, run through the NLP and
    stored before the next batch is read (200; 2,000 on Ray, whose workers load the models once
    per batch). ``ray`` (``{"address", "workers", "output"}``) runs the NLP on a Ray cluster
    (nlp.ray_extract); the results are stored by the same loader."""
    from nlp.topic import mentions_topic
    from store.extracted import count_pending, pending_batches, records_for, save_document_results
    from store.load import record_error

    db = open_db(db_path)
    total = count_pending(db)
    totals = {"documents": total, "records": 0, "statements": 0, "figures": 0, "skipped": 0}
    started = time.monotonic()
    nlp_run = _nlp_runner(batch_size, n_process, ray)
    documents_per_batch = documents_per_batch or (2_000 if ray else 200)
    bar = click.progressbar(length=total, label="extract", file=sys.stderr) if progress and total else contextlib.nullcontext()
    with bar as shown:
        for docs in pending_batches(db, documents_per_batch):
            plan = [(doc, list(records_for(db, doc, mentions_topic))) for doc in docs]
            records = [r for _, recs in plan for r in recs]
            totals["records"] += len(records)
            results = nlp_run(records) if records else iter(())
            for doc, recs in plan:
                pairs = [(record, next(results)) for record in recs]
                for record, result in pairs:
                    if result.get("error"):  # e.g. a text over the NLP limit: recorded, skipped
                        record_error(db, None, record.get("url") or record["id"], "nlp", result["error"])
                        totals["skipped"] += 1
                for key, value in save_document_results(db, doc, pairs).items():
                    totals[key] += value
                if shown is not None:
                    shown.update(1)
    if totals["figures"]:
        from store.figure_checks import check_figures

        totals["figure_checks"] = check_figures(db)
    db.close()
    totals["seconds"] = round(time.monotonic() - started, 1)
    return totals


def _nlp_runner(batch_size: int, n_process: int, ray: dict | None):
    """records -> results in order: in this process, or on Ray. spaCy, torch and the models
    load only when the first batch with text arrives."""
    def on_ray(records):
        from nlp.ray_extract import extract_records_on_ray

        log.info("NLP on %d records, on Ray", len(records))
        return extract_records_on_ray(records, batch_size=batch_size, **ray)

    def here(records):
        from nlp.extract import extract_records
        from nlp.model import load_nlp

        log.info("NLP on %d records", len(records))
        return extract_records(records, load_nlp(), batch_size=batch_size, n_process=n_process)

    return on_ray if ray else here


def summary_rows(db_path: str) -> list[tuple[str, int]]:
    db = open_db(db_path)
    rows = [(table, db[table].count) for table in
            ("documents", "speakers", "statements", "figures", "divisions", "crawl_runs", "crawl_errors")]
    db.close()
    return rows
