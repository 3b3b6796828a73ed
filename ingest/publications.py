"""Publications into storage: keep the fetched bytes, parse them with the current parser, save
the sitting; and re-read stored sources when a parser changes (``stcawatch reparse``).

The parsers (crawlers.hansard_xml, crawlers.senate_html) are pure; storage (store.load,
store.sources) knows nothing of them; this module is where the two meet, for the crawl's store
pipeline, ``stcawatch load`` and ``reparse`` alike (openparliament's importer that re-imports
from stored sources).
"""
from __future__ import annotations

import json

import sqlite_utils

from crawlers import hansard_xml, senate_html
from crawlers.safe_xml import XMLError
from crawlers.sitting import Sitting
from store.load import record_error, save_sitting, write_transaction
from store.sources import keep_source, latest_sources, read_source


# format -> (parser, version): what each stored source is read with.
PARSERS = {"house_xml": (hansard_xml.parse_sitting, hansard_xml.PARSER_VERSION),
           "senate_html": (senate_html.parse_senate_sitting, senate_html.PARSER_VERSION)}


def parser_id(format: str) -> str:
    """'house_xml@2026-12-02': stored in documents.parser."""
    return f"{format}@{PARSERS[format][1]}"


def is_unchanged(db: sqlite_utils.Database, digest: str, parser: str) -> bool:
    """True when these exact bytes are already stored (under this URL or a mirror of it) and
    were parsed by this version of the parser."""
    row = db.execute("select 1 from documents where content_hash = ? and parser = ? limit 1",
                     [digest, parser]).fetchone()
    return row is not None


def import_publication(db: sqlite_utils.Database, data: bytes, url: str,
                       run_id: int | None = None, format: str = "house_xml",
                       headers: dict | None = None, fetch_url: str | None = None) -> Sitting | None:
    """Keep the bytes (store.sources), then parse and store the publication (House XML, or a
    Senate Debates page with ``format="senate_html"``); None when these bytes are already
    stored as parsed by the current parser.

    Raises ``XMLError`` naming ``url`` when the file cannot be parsed (``SittingMissing``, a
    subclass, for the Senate's soft 404), or when it holds no statements and would replace a
    stored sitting that has some (nothing but the source is written). The source is kept either
    way, so a fixed parser can read it (``reparse_sources``). ``url`` is the public address,
    stored and linked; ``fetch_url`` where the bytes came from, when that differs.
    """
    if fetch_url and fetch_url != url:
        headers = {**(headers or {}), "fetch_url": fetch_url}
    with write_transaction(db):
        digest = keep_source(db, data, url, format, headers)
    parser = parser_id(format)
    if is_unchanged(db, digest, parser):
        return None
    sitting = parse_source(db, digest, data, url, format)
    save_sitting(db, sitting, digest, run_id, parser=parser, fetch_url=fetch_url)
    return sitting


def parse_source(db: sqlite_utils.Database, digest: str, data: bytes, url: str,
                 format: str) -> Sitting:
    """Parse stored bytes; a failure is remembered on the source (``failed_parser``), so the
    same parser does not try them again on every run, and a new one does."""
    try:
        sitting = PARSERS[format][0](data, url)
        refuse_empty(db, sitting, url)
    except XMLError:
        with write_transaction(db):
            db["sources"].update(digest, {"failed_parser": parser_id(format)})
        raise
    return sitting


def refuse_empty(db: sqlite_utils.Database, sitting: Sitting, url: str) -> None:
    """A well-formed but empty publication must not wipe a stored sitting."""
    if sitting.statements:
        return
    stored = db.execute("select count(*) from statements where document_id = ?",
                        [sitting.id]).fetchone()[0]
    if stored:
        raise XMLError(f"{url}: refused: the publication has no statements and would replace "
                       f"{sitting.id} ({stored} statements stored)")


def sources_to_reparse(db: sqlite_utils.Database, everything: bool = False,
                       latest: list[dict] | None = None) -> list[dict]:
    """The latest stored source of each URL (``latest``, else read) that the current parser has
    not read (no document from it by this parser, and not already failed with it); all of them
    with ``everything``."""
    latest = latest_sources(db, tuple(PARSERS)) if latest is None else latest
    if everything:
        return latest
    read = set(db.execute("select source_sha256, parser from documents where source_sha256 is not null"))
    return [src for src in latest if src["failed_parser"] != parser_id(src["format"])
            and (src["sha256"], parser_id(src["format"])) not in read]


def stale_validators(db: sqlite_utils.Database) -> list[str]:
    """URLs of sittings stored before sources were kept whose validators are still remembered
    (a conditional request would get 304 and never bring the bytes to keep)."""
    return [r["url"] for r in db.query(
        "select d.url from documents d join seen_urls s on s.url = d.url "
        "where d.kind in ('hansard', 'committee') and d.source_sha256 is null "
        "and (s.etag is not null or s.last_modified is not null)")]


def reparse_sources(db: sqlite_utils.Database, everything: bool = False,
                    run_id: int | None = None) -> dict:
    """Re-parse stored sources (no network): ``sources_to_reparse``. A source that fails is
    recorded in crawl_errors and skipped. Documents stored before sources were kept have
    nothing to re-read: their remembered validators are forgotten, so the next crawl downloads
    them in full (and keeps them)."""
    counts = {"sources": db["sources"].count, "reparsed": 0, "skipped": 0, "refetch": 0}
    latest = latest_sources(db, tuple(PARSERS))
    todo = sources_to_reparse(db, everything, latest)
    counts["current"] = len(latest) - len(todo)
    for src in todo:
        try:
            sitting = parse_source(db, src["sha256"], read_source(db, src["sha256"]), src["url"],
                                   src["format"])
        except XMLError as exc:
            record_error(db, run_id, src["url"], "parse", str(exc))
            counts["skipped"] += 1
            continue
        fetched_from = json.loads(src["headers"] or "{}").get("fetch_url")
        save_sitting(db, sitting, src["sha256"], run_id, parser=parser_id(src["format"]),
                     fetch_url=fetched_from)
        counts["reparsed"] += 1
    legacy = stale_validators(db)
    if legacy:
        with write_transaction(db):
            for url in legacy:
                db.execute("update seen_urls set etag = null, last_modified = null where url = ?", [url])
        counts["refetch"] = len(legacy)
    return counts
