"""stcawatch: crawl STCA news and Hansard, extract who said what, load SQLite, serve Datasette.

The click CLI only: each command parses its options, calls one library function (the jobs in
surface/jobs.py, or a feature module's command) and prints its summary.
"""
from __future__ import annotations

import importlib
import json
import logging
import sys
from pathlib import Path

import click

from nlp.paths import shared_dir
from nlp.ray_extract import RayExtractError  # light: Ray itself is imported only by --ray
from surface.jobs import crawl, extract, load_files, open_db, reparse, summary_rows

log = logging.getLogger("stcawatch")
DEFAULT_DB = "stcawatch.db"

# Exit codes cron can act on.
EXIT_OK, EXIT_FAILED, EXIT_PARTIAL, EXIT_LOCKED = 0, 1, 3, 75


def quiet_stderr(level: int = logging.WARNING) -> None:
    """Under cron, stderr (mailed every day) carries only records at ``level`` or above; the
    log file keeps the details. Scrapy resets its own loggers to DEBUG when a crawl starts, so the
    filter is on the stderr handler, not on the loggers."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and getattr(handler, "stream", None) is sys.stderr:
            handler.setLevel(max(handler.level, level))
            handler.addFilter(_not_crawler_noise)


def _not_crawler_noise(record: logging.LogRecord) -> bool:
    """Scrapy and Twisted log every unreachable page with a traceback; the run summary already
    names the skipped sources and the log file keeps the tracebacks."""
    return record.levelno >= logging.CRITICAL or not record.name.startswith(("scrapy", "twisted"))


def setup_logging(verbose: bool = False, log_file: str | None = None) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=handlers,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    for noisy in ("scrapy", "py.warnings", "filelock", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING if not verbose else logging.INFO)


# ----------------------------------------------------------------------------- summaries

def print_reparse(summary: dict | None) -> None:
    if summary is None:
        return
    click.echo(f"reparse {summary['run_id']}: {summary['status']} — {summary['sources']} stored "
               f"sources, re-parsed {summary['reparsed']}, current {summary['current']}, "
               f"skipped {summary['skipped']}")
    if summary["refetch"]:
        click.echo(f"  {summary['refetch']} documents were stored before their sources were kept: "
                   "the next crawl downloads them again")
    print_problems(summary)


SHOWN_ERRORS = 10  # a run summary names this many skipped sources; the rest are in crawl_errors


def print_run(summary: dict) -> None:
    click.echo(f"run {summary['run_id']}: {summary['status']} — fetched {summary.get('fetched', 0)}, "
               f"stored {summary.get('stored', 0)}, unchanged {summary.get('unchanged', 0)}, "
               f"skipped {summary.get('skipped', 0)}")
    print_problems(summary)


def print_problems(summary: dict) -> None:
    """The run's skipped sources (the first ``SHOWN_ERRORS``, then a count) and failures."""
    errors = summary.get("errors", [])
    for error in errors[:SHOWN_ERRORS]:
        click.echo(f"  skipped {error['url']} ({error['stage']}): {error['reason']}")
    if len(errors) > SHOWN_ERRORS:
        click.echo(f"  … and {len(errors) - SHOWN_ERRORS} more skipped (stcawatch status, or crawl_errors)")
    for failure in summary.get("failures", []):
        click.echo(f"  FAILED {failure}")


def exit_code(summary: dict) -> int:
    return {"ok": EXIT_OK, "partial": EXIT_PARTIAL}.get(summary["status"], EXIT_FAILED)


# ----------------------------------------------------------------------------- CLI

class LazyGroup(click.Group):
    """Feature commands imported only when run: `stcawatch run` must not pay for spaCy and torch
    (the stance trainer's import) on every cron tick; `--help` lists them from ``LAZY``."""

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *LAZY})

    def get_command(self, ctx, name):
        if name in LAZY and name not in self.commands:
            module, attr = LAZY[name][0].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter):
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(limit)))
            else:  # the same truncation click applies to a loaded command's help
                rows.append((name, click.Command(name, help=LAZY[name][1]).get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup)
@click.version_option(package_name="stcawatch")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Also log to this file.")
def cli(verbose, log_file):
    """Monitor who says what about the Safe Third Country Agreement.

    Example: stcawatch demo
    """
    setup_logging(verbose, log_file)


db_option = click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
                         type=click.Path(dir_okay=False), help="SQLite database file.")


@cli.command("crawl")
@db_option
@click.option("--spider", "spiders", multiple=True, default=["hansard"], show_default=True,
              help="Spider(s) to run.")
@click.option("--hansard-base-url", help="Base URL of the House of Commons site.")
@click.option("--session", "sessions", multiple=True,
              help="Hansard session to walk: PARL-SESS[:FIRST[-LAST]] (repeatable).")
@click.option("--extra-path", "extra_paths", multiple=True,
              help="Extra publication XML path (committee evidence), relative to the base URL.")
@click.option("--senate-session", "senate_sessions", multiple=True,
              help="Senate session whose Debates index to read (spider senate): "
                   "PARL-SESS[:FIRST[-LAST]] (repeatable).")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Any Scrapy setting, e.g. --set DOWNLOAD_DELAY=1.")
@click.option("--http-cache", is_flag=True, help="Development: cache responses in .scrapy/httpcache.")
@click.option("--summary-json", type=click.Path(dir_okay=False),
              help="Also write the run's summary (run id, status, counts, skipped sources) as JSON.")
def crawl_command(db_path, spiders, hansard_base_url, sessions, extra_paths, senate_sessions,
                  settings, http_cache, summary_json):
    """Crawl sources into the database; exit 1 if the crawl failed, 3 if sources were skipped.

    Example: stcawatch crawl --session 42-1:280-290
    Example: stcawatch crawl --spider senate --senate-session 43-2:29-30
    """
    overrides: dict = dict(s.split("=", 1) for s in settings)
    if http_cache:
        overrides["HTTPCACHE_ENABLED"] = True
    if hansard_base_url:
        overrides["HANSARD_BASE_URL"] = hansard_base_url
    if sessions:
        overrides["HANSARD_SESSIONS"] = list(sessions)
    if extra_paths:
        overrides["HANSARD_EXTRA_PATHS"] = list(extra_paths)
    if senate_sessions:
        overrides["SENATE_SESSIONS"] = list(senate_sessions)
    summary = crawl(db_path, overrides, list(spiders))
    print_run(summary)
    if summary_json:
        Path(summary_json).write_text(json.dumps(summary, ensure_ascii=False, default=str), encoding="utf-8")
    sys.exit(exit_code(summary))


@cli.command("run")
@db_option
@click.option("--spider", "spiders", multiple=True, default=["hansard", "senate", "news"],
              show_default=True, help="Spider(s) to run.")
@click.option("--var-dir", default="var", show_default=True, type=click.Path(file_okay=False),
              help="Lock file, log file and resumable Scrapy job state live here.")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help="Any Scrapy setting.")
def run_command(db_path, spiders, var_dir, settings):
    """Crawl, then extract: the job cron runs. Safe to schedule.

    A lock stops overlapping runs (exit 75), logs go to VAR_DIR/stcawatch.log, an interrupted
    crawl resumes from VAR_DIR/jobs, and the exit code says what happened: 0 ok, 1 failed
    (a stage failed, or nothing could be fetched or stored), 3 finished but some sources were
    skipped (see `stcawatch status`).

    Example: stcawatch run --db /srv/stcawatch/stcawatch.db --var-dir /srv/stcawatch/var
    """
    from surface.runlock import AlreadyRunning, RunLock, log_to_file

    log_to_file(Path(var_dir) / "stcawatch.log")
    quiet_stderr(logging.ERROR)  # skipped sources are warnings: the summary names them
    try:
        lock = RunLock(Path(var_dir) / "stcawatch.lock").acquire()
    except AlreadyRunning as exc:
        click.echo(f"not started: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    try:
        from store.load import mark_interrupted

        db = open_db(db_path)
        for run_id in mark_interrupted(db, "run"):  # we hold the lock: those runs are dead
            click.echo(f"run {run_id} was interrupted (killed before it finished)")
        db.close()
        overrides: dict = dict(s.split("=", 1) for s in settings)
        summary = crawl(db_path, overrides, list(spiders), command="run",
                        jobdir=str(Path(var_dir) / "jobs"))
        print_run(summary)
        if summary["status"] != "failed":
            # a parser fix reaches the sittings stored before it (answered 304 by the sites)
            print_reparse(reparse(db_path, only_if_needed=True))
            totals = extract(db_path, progress=False)
            if totals["documents"] or totals["skipped"]:  # an idle run says one line
                click.echo(f"extracted {totals['documents']} documents: {totals['statements']} "
                           f"statements, {totals['figures']} figures"
                           + (f", {totals['skipped']} records skipped (see status)" if totals["skipped"] else ""))
    finally:
        lock.release()
    sys.exit(exit_code(summary))


@cli.command("load")
@db_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def load_command(db_path, paths):
    """Load local publication XML files into the database (no network).

    Example: stcawatch load demo/hansard/43-1-44-en.xml
    """
    summary = load_files(db_path, list(paths))
    print_run(summary)
    sys.exit(exit_code(summary))


@cli.command("reparse")
@db_option
@click.option("--all", "everything", is_flag=True,
              help="Re-parse every stored source, not only those an older parser read.")
def reparse_command(db_path, everything):
    """Re-parse stored sources with the current parsers (no network).

    House and Senate sources go through the current parsers, kept news pages through the
    current article extractor: documents an older parser produced, and sources that failed to
    parse, are read again; `stcawatch run` does this after every crawl. Exit 1 if it failed,
    3 if sources were skipped.

    Example: stcawatch reparse --db stcawatch.db
    """
    summary = reparse(db_path, everything)
    print_reparse(summary)
    sys.exit(exit_code(summary))


@cli.command("extract")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default=None,
              help="With INPUTS: print one JSON object per document (../shared/eval/SCHEMA.md).")
@click.option("--batch-size", default=32, show_default=True, help="nlp.pipe batch size.")
@click.option("--processes", default=1, show_default=True, help="spaCy worker processes.")
@click.option("--all", "everything", is_flag=True,
              help="Extract every database document again, not only new or changed ones.")
@click.option("--ray", "ray_address", metavar="ADDRESS",
              help="Run the NLP on a Ray cluster: auto, HOST:PORT, ray://HOST:PORT, or local "
                   "(needs pip install -e '.[ray]'; see docs/scale-out.md).")
@click.option("--ray-workers", type=int, help="With --ray: NLP workers (default: the cluster's CPUs).")
@click.option("--ray-output", type=click.Path(file_okay=False),
              help="With --ray: where workers write their Parquet (shared storage for several "
                   "machines; default a temporary directory).")
@click.argument("inputs", nargs=-1)
def extract_command(db_path, fmt, batch_size, processes, everything, ray_address, ray_workers,
                    ray_output, inputs):
    """Extract statements, stance and figures.

    With INPUTS (text, HTML or JSONL files, '-' for stdin; a JSONL line is {"id", "text",
    "speaker"?, "date"?} and a line with "speaker" is one speech), print JSONL records.
    Without INPUTS, run the NLP stage on database documents not yet extracted.

    Example: stcawatch extract --format jsonl ../shared/eval/gold_dev.jsonl > out.jsonl
    """
    ray = ({"address": ray_address, "workers": ray_workers, "output": ray_output}
           if ray_address else None)
    try:
        if inputs:
            _extract_inputs(inputs, batch_size, processes, ray)
            return
        if everything:
            from store.extracted import forget_extraction

            db = open_db(db_path)
            click.echo(f"extracting all {forget_extraction(db)} documents again")
            db.close()
        totals = extract(db_path, batch_size, processes, ray=ray)
    except RayExtractError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"extracted {totals['documents']} documents ({totals['records']} NLP records): "
               f"{totals['statements']} statements, {totals['figures']} figures "
               f"in {totals['seconds']} s"
               + (f"; {totals['skipped']} records skipped (see status)" if totals["skipped"] else ""))


def _extract_inputs(inputs, batch_size: int, processes: int, ray: dict | None) -> None:
    """``extract INPUTS``: one JSON line per record, in input order."""
    from nlp.inputs import read_inputs

    if ray:
        from nlp.ray_extract import extract_records_on_ray

        results = extract_records_on_ray(read_inputs(inputs), batch_size=batch_size, **ray)
    else:
        from nlp.extract import extract_records

        results = extract_records(read_inputs(inputs), batch_size=batch_size, n_process=processes)
    for doc in results:
        click.echo(json.dumps(doc, ensure_ascii=False))


@cli.command("status")
@db_option
@click.option("--runs", default=5, show_default=True, help="How many recent runs to show.")
def status_command(db_path, runs):
    """Show the last runs, table counts and recent errors.

    Example: stcawatch status --db stcawatch.db
    """
    if not Path(db_path).exists():
        raise click.ClickException(f"no database at {db_path}: run `stcawatch demo` or `stcawatch run` first")
    for table, count in summary_rows(db_path):
        click.echo(f"{table:>16}: {count}")
    db = open_db(db_path)
    for run in db.query("select * from crawl_runs order by id desc limit ?", [runs]):
        click.echo(f"run {run['id']} {run['command']} {run['started']} -> {run['ended'] or '…'} "
                   f"{run['status']}: fetched {run['fetched']}, stored {run['stored']}, "
                   f"unchanged {run['unchanged']}, skipped {run['skipped']}, errors {run['errors']}")
        for err in db.query("select url, stage, reason from crawl_errors where run_id = ? limit 10", [run["id"]]):
            click.echo(f"    {err['stage']}: {err['url']}: {err['reason']}")
    db.close()


SHARED = shared_dir()


@cli.command("demo")
@db_option
@click.option("--keep-db", is_flag=True, help="Add to an existing database instead of starting afresh.")
def demo_command(db_path, keep_db):
    """Serve the bundled sample sources on 127.0.0.1, crawl them with Scrapy, extract, load.

    Loopback sites: House of Commons publication XML (demo/hansard), a news site
    (demo/news: synthetic pages marked as such, plus, when ../shared is present, the real
    feeds and short credited quotations of the STCA excerpts) and, only when ../shared is
    present, the Senate Debates sample sittings (never bundled: the Senate's pages).

    Example: stcawatch demo && stcawatch serve
    """
    from demo.run import crawl_demo_sites

    if not keep_db:
        for suffix in ("", "-wal", "-shm"):
            Path(db_path + suffix).unlink(missing_ok=True)
    summary = crawl_demo_sites(db_path, SHARED, echo=click.echo)
    print_run(summary)
    totals = extract(db_path)
    click.echo(f"extracted {totals['documents']} documents: {totals['statements']} statements "
               f"with stance or quotes, {totals['figures']} figures")
    click.echo("")
    for table, count in summary_rows(db_path):
        click.echo(f"{table:>16}: {count}")
    click.echo(f"\nBrowse it: stcawatch serve --db {db_path}   (Datasette on http://127.0.0.1:8001)")
    # The sample site holds deliberately broken pages: skipping them is the demo working.
    sys.exit(EXIT_FAILED if summary["status"] == "failed" else EXIT_OK)


# Commands whose implementation lives with its feature: name -> ("module:command", short help).
LAZY: dict[str, tuple[str, str]] = {
    "backfill": ("surface.backfill:backfill_command",
                 "Crawl a range of sessions and news archives, resumably."),
    "serve": ("surface.serve:serve_command",
              "Start Datasette on the database (read-only, SQL time limit, canned queries)."),
    "digest": ("surface.digest_cli:digest_command",
               "Build and e-mail the weekly digest (once per week and subscriber)."),
    "check-figures": ("store.figure_checks:check_figures_command",
                      "Group figures reporting the same measure/place/period and flag disagreements."),
    "bench": ("bench.cli:bench_command",
              "Benchmark throughput, NLP/crawl ratios, idle re-run cost and FTS latency at two sizes."),
    "backup": ("store.backup:backup_command",
               "Write a consistent snapshot of the database with VACUUM INTO."),
    "train-stance": ("nlp.stance_train:train_stance_command",
                     "Train the stance head on every labelled row found, write head.json + card.json."),
    "train-attribution": ("nlp.attribution_train:train_attribution_command",
                          "Train the attribution tagger (PolNeAR train + corpus labels) and write its artefact and card."),
}


def main():  # console-script entry point
    cli()


if __name__ == "__main__":
    main()
