"""Exactly-once delivery bookkeeping for the digest (the ``digests_sent`` table).

A (week, recipient) pair is claimed with BEGIN IMMEDIATE, so two overlapping runs cannot both
send it; the outcome is recorded after the SMTP reply. Status values:
``sending`` (claimed, outcome unknown), ``sent``, ``failed`` (temporary: retried by the next
run), ``rejected`` (permanent 5xx: never retried).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from store.load import now
from surface import digest as dg
from surface.mailer import Mailer, MailConfigError

log = logging.getLogger("stcawatch.digest")
RETRYABLE = ("failed",)


def claim(db, week: str, recipient: str, message_id: str) -> bool:
    """Atomically mark (week, recipient) as being sent; False if it is sent/claimed/rejected."""
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("select status, attempts from digests_sent where week = ? and "
                           "recipient = ?", [week, recipient]).fetchone()
        if row is not None and row[0] not in RETRYABLE:
            conn.commit()
            return False
        attempts = (row[1] or 0) + 1 if row else 1
        conn.execute(
            "insert into digests_sent (week, recipient, message_id, status, attempts, claimed_at)"
            " values (?, ?, ?, 'sending', ?, ?) on conflict (week, recipient) do update set "
            "status = 'sending', attempts = excluded.attempts, claimed_at = excluded.claimed_at, "
            "message_id = excluded.message_id", [week, recipient, message_id, attempts, now()])
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return True


def record(db, week: str, recipient: str, status: str, error: str | None = None) -> None:
    with db.conn:
        db.conn.execute(
            "update digests_sent set status = ?, error = ?, sent_at = ? "
            "where week = ? and recipient = ?",
            [status, error, now() if status == "sent" else None, week, recipient])


@dataclass
class DigestReport:
    week: str
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)     # already sent / empty digest
    failed: list[str] = field(default_factory=list)      # temporary: retried next run
    rejected: list[str] = field(default_factory=list)    # permanent
    written: list[str] = field(default_factory=list)     # dry-run .eml files

    @property
    def exit_code(self) -> int:
        return 3 if self.failed else 0


def eml_name(week: str, recipient: str) -> str:
    return f"digest-{week}-{hashlib.sha1(recipient.lower().encode()).hexdigest()[:10]}.eml"


def run_digest(db, week: str, config: dg.DigestConfig, mailer: Mailer | None = None,
               dry_run: bool = False, out_dir: str | Path | None = None,
               send_empty: bool = False) -> DigestReport:
    """Build and send (or, with dry_run, write) the week's digest for every subscriber."""
    dg.parse_week(week)
    report = DigestReport(week)
    if dry_run:
        out = Path(out_dir or "var/digests")
        out.mkdir(parents=True, exist_ok=True)
    try:
        for sub in config.subscribers:
            data = dg.collect(db, week, sub, config)
            if dg.is_empty(data) and not send_empty:
                log.info("%s: nothing new for %s, not sent", week, sub.email)
                report.skipped.append(sub.email)
                continue
            msg = dg.build_message(data, sub, config)
            if dry_run:
                path = out / eml_name(week, sub.email)
                path.write_bytes(bytes(msg))
                report.written.append(str(path))
                continue
            if not claim(db, week, sub.email, msg["Message-ID"]):
                log.info("%s: digest for %s already sent or claimed", week, sub.email)
                report.skipped.append(sub.email)
                continue
            try:
                result = mailer.send(msg, dg.parseaddr(config.sender)[1], sub.email)
            except MailConfigError as exc:
                record(db, week, sub.email, "failed", str(exc))
                raise
            except BaseException as exc:
                record(db, week, sub.email, "failed", f"{type(exc).__name__}: {exc}")
                raise
            if result.ok:
                record(db, week, sub.email, "sent")
                report.sent.append(sub.email)
                log.info("%s: sent to %s", week, sub.email)
            elif result.temporary:
                record(db, week, sub.email, "failed", result.error)
                report.failed.append(sub.email)
                log.warning("%s: %s temporary failure, retried next run: %s", week, sub.email,
                            result.error)
            else:
                record(db, week, sub.email, "rejected", result.error)
                report.rejected.append(sub.email)
                log.error("%s: %s rejected permanently: %s", week, sub.email, result.error)
    finally:
        if mailer is not None:
            mailer.close()
    return report


def earlier_failures(db, week: str, config: dg.DigestConfig,
                     max_weeks: int = 4) -> list[tuple[str, dg.DigestConfig]]:
    """Weeks before ``week`` (at most ``max_weeks`` back) with temporarily failed sends, each
    with the config narrowed to those subscribers - so a Monday-only cron still retries."""
    start, _ = dg.parse_week(week)
    oldest = start - dt.timedelta(weeks=max_weeks)
    pending: dict[str, set[str]] = {}
    for row in db.query("select week, recipient from digests_sent where status = 'failed'"):
        try:
            monday, _ = dg.parse_week(row["week"])
        except ValueError:
            continue
        if oldest <= monday < start:
            pending.setdefault(row["week"], set()).add(row["recipient"].lower())
    out = []
    for old_week, recipients in sorted(pending.items()):
        subs = [s for s in config.subscribers if s.email.lower() in recipients]
        if subs:
            out.append((old_week, dataclasses.replace(config, subscribers=subs)))
    return out


def run_with_retries(db, week: str, config: dg.DigestConfig, mailer: Mailer,
                     send_empty: bool = False, max_weeks: int = 4) -> list[DigestReport]:
    """Retry earlier weeks' temporary failures, then send ``week``; one report per week."""
    reports = []
    for old_week, narrowed in earlier_failures(db, week, config, max_weeks):
        log.info("%s: retrying %d earlier failed digest(s)", old_week, len(narrowed.subscribers))
        reports.append(run_digest(db, old_week, narrowed, mailer=mailer, send_empty=True))
    reports.append(run_digest(db, week, config, mailer=mailer, send_empty=send_empty))
    return reports
