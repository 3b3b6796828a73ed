"""``stcawatch digest``: the weekly digest from the command line (content: surface/digest.py,
exactly-once delivery: surface/delivery.py, SMTP: surface/mailer.py)."""
from __future__ import annotations

import logging
from pathlib import Path

import click

from store.schema import open_db
from surface import delivery
from surface.digest import last_complete_week, load_config, parse_week
from surface.mailer import Mailer, MailConfigError, SmtpConfig

log = logging.getLogger("stcawatch.digest")


def digest_command_impl(db_path, week, subscribers, dry_run, out, send_empty) -> int:
    if not Path(db_path).exists():
        log.error("%s: database not found (run `stcawatch run` first)", db_path)
        return 2
    try:
        config = load_config(subscribers)
        week = week or last_complete_week()
        parse_week(week)
        mailer = None if dry_run else Mailer(SmtpConfig.from_env())
    except (ValueError, MailConfigError) as exc:
        log.error("%s", exc)
        return 2
    db = open_db(db_path)
    try:
        if dry_run:
            reports = [delivery.run_digest(db, week, config, dry_run=True, out_dir=out,
                                           send_empty=send_empty)]
        else:
            reports = delivery.run_with_retries(db, week, config, mailer, send_empty=send_empty)
    except MailConfigError as exc:
        log.error("%s (nothing more sent; every unsent digest is retried next run)", exc)
        return 1
    finally:
        db.close()
    for report in reports:
        log.info("digest %s: %d sent, %d written, %d skipped, %d failed (retry), %d rejected",
                 report.week, len(report.sent), len(report.written), len(report.skipped),
                 len(report.failed), len(report.rejected))
    return max(report.exit_code for report in reports)


@click.command("digest")
@click.option("--db", "db_path", default="stcawatch.db", show_default=True,
              type=click.Path(dir_okay=False))
@click.option("--week", default=None, help="ISO week, e.g. 2018-W18 (default: last week).")
@click.option("--subscribers", default="subscribers.yaml", show_default=True,
              type=click.Path(dir_okay=False),
              help="Subscribers and filters (see surface/subscribers.example.yaml).")
@click.option("--dry-run", is_flag=True, help="Write .eml files instead of sending.")
@click.option("--out", default="var/digests", show_default=True,
              help="Folder for --dry-run .eml files.")
@click.option("--send-empty", is_flag=True, help="Also send a digest with nothing new.")
def digest_command(db_path, week, subscribers, dry_run, out, send_empty):
    """Build and e-mail the weekly digest (once per week and subscriber).

    SMTP settings come from STCAWATCH_SMTP_HOST/PORT/USER/PASSWORD/STARTTLS.
    Exit codes: 0 done, 1 SMTP configuration/login problem, 2 bad arguments or
    subscribers file, 3 some sends failed temporarily (retried on the next run).

    Example: stcawatch digest --week 2018-W18 --dry-run --out var/digests
    """
    raise SystemExit(digest_command_impl(db_path, week, subscribers, dry_run, out, send_empty))
