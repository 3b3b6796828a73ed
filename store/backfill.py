"""The state of a backfill (``backfill_units``): which units are done, failed or left, and how
long the finished ones took, so that a stopped backfill resumes where it was and the progress
line can say how long the rest will take."""
from __future__ import annotations

import sqlite_utils

from .load import now, write_transaction

DONE = ("ok", "partial")  # a partial unit stored what it could; its skipped sources are in crawl_errors


def unit_states(db: sqlite_utils.Database) -> dict[str, dict]:
    if not db["backfill_units"].exists():
        return {}
    return {row["id"]: row for row in db["backfill_units"].rows}


def pending(db: sqlite_utils.Database, units: list) -> list:
    """The units not done yet, in plan order (failed and interrupted ones included)."""
    states = unit_states(db)
    return [u for u in units if (states.get(u.id) or {}).get("status") not in DONE]


def durations(db: sqlite_utils.Database) -> dict[str, list[float]]:
    """Seconds of each finished unit, by site (this and earlier backfills)."""
    out: dict[str, list[float]] = {}
    for row in unit_states(db).values():
        if row["status"] in DONE and row["seconds"] is not None:
            out.setdefault(row["site"], []).append(row["seconds"])
    return out


def mark_started(db: sqlite_utils.Database, unit) -> None:
    with write_transaction(db):
        db["backfill_units"].upsert({"id": unit.id, "site": unit.site, "spec": unit.spec,
                                     "status": "running", "started": now(), "finished": None,
                                     "reason": None}, pk="id")


def mark_finished(db: sqlite_utils.Database, unit, summary: dict, seconds: float,
                  reason: str | None = None) -> None:
    """Record a unit's crawl summary (``stcawatch crawl --summary-json``) and, for a unit that
    failed, why."""
    with write_transaction(db):
        db["backfill_units"].upsert({
            "id": unit.id, "site": unit.site, "spec": unit.spec,
            "status": summary.get("status") or "failed", "run_id": summary.get("run_id"),
            "finished": now(), "seconds": round(seconds, 1),
            **{k: int(summary.get(k) or 0) for k in ("fetched", "stored", "unchanged", "skipped")},
            "reason": reason}, pk="id")
