"""The database shape, declared as data and applied idempotently.

Every table has an explicit primary key and foreign keys; ``ensure_db_shape`` can be called
after every run (github-to-sqlite style) and changes nothing when the shape is already there.
Other modules add tables by appending to ``TABLES``/``FOREIGN_KEYS``/``FTS``/``VIEWS`` before
``ensure_db_shape`` runs (see ``extra_shapes``) so the schema stays in one place per feature.
"""
from __future__ import annotations

import functools
import importlib
import os

import sqlite_utils

# name -> (columns, primary key, defaults?)
TABLES: dict[str, dict] = {
    "crawl_runs": {
        "columns": {
            "id": int, "command": str, "started": str, "ended": str, "status": str,
            "fetched": int, "stored": int, "unchanged": int, "skipped": int, "errors": int,
            "stats": str,
        },
        "pk": "id",
    },
    "crawl_errors": {
        "columns": {"id": str, "run_id": int, "url": str, "stage": str, "reason": str, "at": str},
        "pk": "id",
    },
    # the weekly digest (surface/digest.py): one row per week and recipient, so a digest goes
    # out once; claimed before sending, retried after a temporary failure
    "digests_sent": {
        "columns": {"week": str, "recipient": str, "message_id": str, "status": str,
                    "attempts": int, "claimed_at": str, "sent_at": str, "error": str},
        "pk": ("week", "recipient"),
    },
    # `stcawatch backfill`: one row per unit of work (crawlers.backfill.Unit), so a re-run does
    # only what is left; run_id is the crawl run that did it
    "backfill_units": {
        "columns": {"id": str, "site": str, "spec": str, "status": str, "run_id": int,
                    "started": str, "finished": str, "seconds": float, "fetched": int,
                    "stored": int, "unchanged": int, "skipped": int, "reason": str},
        "pk": "id",
    },
    "documents": {
        "columns": {
            "id": str, "kind": str, "url": str, "title": str, "outlet": str, "language": str,
            "date": str, "chamber": str, "committee": str, "parliament": int, "session": int,
            "sitting": int, "published": str, "modified": str, "authors": str, "section": str,
            "relevant": int, "relevance": float, "content_hash": str, "synthetic": int,
            "text": str, "fetched_at": str, "run_id": int, "extracted_hash": str,
            "translation_of": str,
        },
        "pk": "id",
    },
    "speakers": {
        "columns": {
            "id": str, "name": str, "name_key": str, "honorific": str, "kind": str,
            "party": str, "riding": str, "role": str, "dbids": str,
            "first_seen": str, "last_seen": str, "first_key": str, "last_key": str,
            "value_keys": str,
        },
        "pk": "id",
    },
    "speaker_affiliations": {
        "columns": {
            "speaker_id": str, "document_id": str, "date": str, "party": str, "riding": str,
            "role": str, "dbid": str,
        },
        "pk": ("speaker_id", "document_id"),
    },
    "statements": {
        "columns": {
            "id": str, "document_id": str, "seq": int, "kind": str, "speaker_id": str,
            "speaker_name": str, "speaker_role": str, "speaker_party": str, "speaker_riding": str,
            "dbid": str, "honorific": str, "intervention_type": str, "order_of_business": str,
            "subject": str, "time": str, "language": str, "paragraph_ids": str, "paragraph": int,
            "url": str, "date": str, "text": str, "start": int, "end": int,
            "stance": str, "stance_score": float, "stance_evidence": str, "source": str,
            "intervention_id": str, "stage": str, "bills": str,
        },
        "pk": "id",
    },
    "figures": {
        "columns": {
            "id": str, "document_id": str, "statement_id": str, "paragraph": int,
            "value": float, "unit": str, "qualifier": str, "measure": str, "period": str,
            "place": str, "source": str, "speaker": str, "speaker_id": str, "text": str,
            "start": int, "end": int, "url": str, "date": str,
        },
        "pk": "id",
    },
    "divisions": {
        "columns": {
            "id": str, "document_id": str, "number": int, "date": str, "subject": str,
            "motion": str, "yeas": int, "nays": int, "paired": int, "url": str,
        },
        "pk": "id",
    },
    "division_votes": {
        "columns": {"division_id": str, "name": str, "riding": str, "vote": str,
                    "dbid": str, "speaker_id": str},
        "pk": ("division_id", "name", "riding"),
    },
}

FOREIGN_KEYS: list[tuple[str, str, str, str]] = [
    ("crawl_errors", "run_id", "crawl_runs", "id"),
    ("backfill_units", "run_id", "crawl_runs", "id"),
    ("documents", "run_id", "crawl_runs", "id"),
    ("documents", "translation_of", "documents", "id"),
    ("speaker_affiliations", "speaker_id", "speakers", "id"),
    ("speaker_affiliations", "document_id", "documents", "id"),
    ("statements", "document_id", "documents", "id"),
    ("statements", "speaker_id", "speakers", "id"),
    ("figures", "document_id", "documents", "id"),
    ("figures", "statement_id", "statements", "id"),
    ("figures", "speaker_id", "speakers", "id"),
    ("divisions", "document_id", "documents", "id"),
    ("division_votes", "division_id", "divisions", "id"),
    ("division_votes", "speaker_id", "speakers", "id"),
]

FTS: dict[str, list[str]] = {
    "statements": ["text", "speaker_name", "subject"],
    "documents": ["title", "text"],
}

INDEXES: list[tuple[str, list[str]]] = [
    ("statements", ["document_id"]),
    ("statements", ["speaker_id"]),
    ("statements", ["date"]),
    ("figures", ["document_id"]),
    ("documents", ["kind", "date"]),
    ("documents", ["url"]),
    ("crawl_errors", ["run_id"]),
]

# name -> SQL; created if missing, replaced when the SQL changes.
VIEWS: dict[str, str] = {}

# --- news (issue 3): revisions, seen URLs, near-duplicate wire copies ---
TABLES["documents"]["columns"].update({"dup_group": str, "minhash": str, "paywalled": int,
                                       "truncated": int})
TABLES["article_revisions"] = {
    "columns": {"document_id": str, "content_hash": str, "title": str, "text": str,
                "modified": str, "fetched_at": str, "run_id": int},
    "pk": ("document_id", "content_hash"),
}
TABLES["seen_urls"] = {
    "columns": {"url": str, "document_id": str, "outlet": str, "relevant": int,
                "relevance": float, "method": str, "content_hash": str, "etag": str,
                "last_modified": str, "listed_date": str, "first_seen": str, "last_seen": str,
                "run_id": int, "refused_by": str},
    "pk": "url",
}
TABLES["dup_groups"] = {
    "columns": {"id": str, "first_document_id": str, "members": int, "outlets": str},
    "pk": "id",
}
FOREIGN_KEYS += [("article_revisions", "document_id", "documents", "id"),
                 ("dup_groups", "first_document_id", "documents", "id")]
INDEXES += [("documents", ["dup_group"])]

# --- stored sources (issue 18): every fetched publication's bytes, for `stcawatch reparse` ---
TABLES["sources"] = {
    "columns": {"sha256": str, "url": str, "format": str, "fetched_at": str, "headers": str,
                "size": int, "body": bytes, "failed_parser": str},
    "pk": "sha256",
}
TABLES["documents"]["columns"].update({"source_sha256": str, "parser": str, "fetch_url": str})
INDEXES += [("sources", ["url"])]


# Features that own tables or views register them into the dicts above; open_db applies all.
EXTENSIONS = [
    "store.figure_checks:register_schema",
    "store.views:register",
    "store.stance_views:register_stance_views",
]


@functools.lru_cache(maxsize=1)
def register_extensions() -> None:
    for spec in EXTENSIONS:
        module, function = spec.split(":")
        getattr(importlib.import_module(module), function)()


BUSY_TIMEOUT_MS = 600_000  # a writer queues up to 10 minutes behind another one's long write


def busy_timeout_ms() -> int:
    """How long a writer waits for the write lock: ``$STCAWATCH_BUSY_TIMEOUT_MS`` or 10 minutes
    (a re-import of a big sitting or an NLP batch can hold it for minutes; 30 s was too short)."""
    value = os.environ.get("STCAWATCH_BUSY_TIMEOUT_MS")
    try:
        return max(0, int(value)) if value else BUSY_TIMEOUT_MS
    except ValueError:
        raise ValueError(f"STCAWATCH_BUSY_TIMEOUT_MS={value!r}: not a number of milliseconds") from None


def open_db(path) -> sqlite_utils.Database:
    """Open (creating if needed) a database in WAL mode, so Datasette can read during a crawl."""
    register_extensions()
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    if str(path) != ":memory:":
        db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    ensure_db_shape(db)
    return db


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Create missing tables, columns, foreign keys, indexes, FTS and views. Idempotent."""
    for name, spec in TABLES.items():
        table = db[name]
        if not table.exists():
            table.create(spec["columns"], pk=spec["pk"], not_null=spec.get("not_null"))
        else:
            missing = {c: t for c, t in spec["columns"].items() if c not in table.columns_dict}
            for column, ctype in missing.items():
                table.add_column(column, ctype)
    wanted = []
    for table, column, other, other_column in FOREIGN_KEYS:
        existing = {(fk.column, fk.other_table) for fk in db[table].foreign_keys}
        if (column, other) not in existing:
            wanted.append((table, column, other, other_column))
    if wanted:
        db.add_foreign_keys(wanted)
    for table, columns in INDEXES:
        db[table].create_index(columns, if_not_exists=True)
    for table, columns in FTS.items():
        # adding a foreign key rebuilds a table and drops its triggers: the index then goes
        # stale silently, so a missing trigger rebuilds the index and its triggers
        triggers = {t.name for t in db[table].triggers}
        if not db[table].detect_fts() or not {f"{table}_ai", f"{table}_ad", f"{table}_au"} <= triggers:
            db[table].enable_fts(columns, create_triggers=True, tokenize="porter", replace=True)
    for name, sql in VIEWS.items():
        current = db.execute(
            "select sql from sqlite_master where type='view' and name=?", [name]
        ).fetchone()
        if current is None or sql.strip() not in current[0]:
            db.create_view(name, sql, replace=True)
