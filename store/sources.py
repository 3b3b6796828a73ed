"""Every fetched parliamentary publication, kept: content-addressed, compressed, with its URL,
fetch time, headers and format, so a parser fix reaches what is already stored (``stcawatch
reparse``) without asking the sites again, as openparliament re-imports from its documents.

``sources.sha256`` is the SHA-256 of the bytes as fetched (the same as ``documents.content_hash``
of the document parsed from them); ``documents.source_sha256`` names a document's source and
``documents.parser`` the parser and version that produced it. Bytes that failed to parse are kept
too, so a fixed parser can read them. A source is kept under its latest URL and fetch time.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib

import sqlite_utils


def content_hash(data: bytes | str) -> str:
    """SHA-256 (hex) of the bytes, a source's address (text is hashed as UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def keep_source(db: sqlite_utils.Database, data: bytes, url: str, format: str,
                headers: dict | None = None) -> str:
    """Store ``data`` (once per content) and return its SHA-256."""
    digest = content_hash(data)
    stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    meta = json.dumps({k: v for k, v in (headers or {}).items() if v}, sort_keys=True)
    if db["sources"].count_where("sha256 = ?", [digest]):
        db["sources"].update(digest, {"url": url, "fetched_at": stamp})  # failed_parser stays
    else:
        db["sources"].insert({"sha256": digest, "url": url, "format": format, "fetched_at": stamp,
                              "headers": meta, "size": len(data),
                              "body": zlib.compress(data, 6)})
    return digest


def read_source(db: sqlite_utils.Database, digest: str) -> bytes:
    row = db.execute("select body from sources where sha256 = ?", [digest]).fetchone()
    if row is None:
        raise KeyError(f"no stored source {digest}")
    return zlib.decompress(row[0])


def latest_sources(db: sqlite_utils.Database, formats: tuple[str, ...]) -> list[dict]:
    """The latest stored source of each URL in these formats (url, sha256, format)."""
    marks = ",".join("?" * len(formats))
    return list(db.query(
        f"select url, sha256, format, failed_parser, headers from sources s where format in ({marks}) and rowid = "
        "(select rowid from sources t where t.url = s.url order by fetched_at desc, rowid desc "
        "limit 1) order by url", list(formats)))
