"""Save news articles: one document per canonical URL, revisions by content hash, seen URLs,
near-duplicate wire copies grouped by MinHash over body shingles.

Like news-please, a changed article keeps its earlier text as a revision instead of being
overwritten silently; an unchanged one only moves ``seen_urls.last_seen``. Irrelevant pages get a
``seen_urls`` row (with their relevance score) and nothing else, so a re-crawl can skip them.
"""
from __future__ import annotations

import hashlib
import json
import re

import numpy as np
import sqlite_utils

from .load import now, write_transaction

NUM_HASHES = 64
SHINGLE = 5
DUP_JACCARD = 0.5  # estimated Jaccard of 5-word shingles at or above which copies are grouped
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20180501)
_A = _rng.integers(1, _PRIME, NUM_HASHES, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, NUM_HASHES, dtype=np.uint64)


def document_id(canonical_url: str) -> str:
    return "news-" + hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:16]


def minhash(text: str) -> list[int]:
    """MinHash signature of the body's word 5-shingles (robust to retitled/trimmed wire copies)."""
    words = re.findall(r"\w+", text.lower())
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    hashes = np.array([int.from_bytes(hashlib.blake2b(s.encode(), digest_size=7).digest(), "big")
                       for s in shingles], dtype=np.uint64)
    # (a*h + b) mod p in Python ints via object arrays would be slow; uint64 wraps, which is a
    # valid (if not universal) hash family for estimating Jaccard.
    mixed = hashes[None, :] * _A[:, None] + _B[:, None]
    return [int(v) for v in mixed.min(axis=1)]


def similarity(a: list[int], b: list[int]) -> float:
    return float(np.mean(np.array(a, dtype=np.uint64) == np.array(b, dtype=np.uint64)))


def find_dup_group(db: sqlite_utils.Database, doc_id: str, signature: list[int]) -> str | None:
    """The group of the most similar other news document, when similar enough."""
    best, best_sim = None, DUP_JACCARD
    for row in db.query("select id, dup_group, minhash from documents where kind = 'news' "
                        "and minhash is not null and id != ?", [doc_id]):
        sim = similarity(signature, json.loads(row["minhash"]))
        if sim >= best_sim:
            best, best_sim = row["dup_group"] or row["id"], sim
    return best


def seen_at(db_path) -> dict[str, dict]:
    """url -> what a re-crawl needs to skip or ask conditionally (listed date, ETag, the
    extractor that refused it, ...), from the database file at ``db_path`` ({} when none yet).

    Read-only and shape-free: a spider starting up only reads what it saw before; it does not
    create tables or load the schema's extensions (the digest's templates, the views)."""
    import sqlite3
    from pathlib import Path

    if not db_path or not Path(db_path).exists():
        return {}
    conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True, timeout=600)
    conn.row_factory = sqlite3.Row
    try:
        columns = {r[1] for r in conn.execute("pragma table_info(seen_urls)")}
        if not columns:
            return {}
        wanted = [c for c in ("url", "listed_date", "etag", "last_modified", "content_hash", "refused_by")
                  if c in columns]
        return {row["url"]: dict(row) for row in conn.execute(f"select {', '.join(wanted)} from seen_urls")}
    finally:
        conn.close()


def mark_seen(db, url: str, *, outlet=None, relevance=None, document=None, content_hash=None,
              etag=None, last_modified=None, listed_date=None, run_id=None,
              refused_by: str | None = None) -> None:
    """Remember a page (validators for the next conditional request); ``refused_by`` is the
    extractor version that could not read it (None once a page was read)."""
    old = db["seen_urls"].get(url) if db["seen_urls"].count_where("url = ?", [url]) else {}
    stamp = now()
    db["seen_urls"].upsert({
        "url": url, "document_id": document or old.get("document_id"), "outlet": outlet,
        "relevant": int(relevance.relevant) if relevance else old.get("relevant"),
        "relevance": relevance.score if relevance else old.get("relevance"),
        "method": relevance.method if relevance else old.get("method"),
        "content_hash": content_hash or old.get("content_hash"), "etag": etag,
        "last_modified": last_modified, "listed_date": listed_date,
        "first_seen": old.get("first_seen") or stamp, "last_seen": stamp, "run_id": run_id,
        "refused_by": refused_by,
    }, pk="url")


def save_article(db: sqlite_utils.Database, article, *, outlet: str | None, relevance,
                 run_id: int | None = None, url: str | None = None, etag=None,
                 last_modified=None, listed_date=None, source_sha256: str | None = None,
                 parser: str | None = None) -> str:
    """Store one relevant article; returns 'new', 'revised' or 'unchanged'. ``parser`` (the
    extractor's id) is recorded on the document, also when the text is unchanged."""
    doc_id = document_id(article.canonical_url)
    fetched = now()
    existing = db["documents"].get(doc_id) if db["documents"].count_where("id = ?", [doc_id]) else None
    seen = dict(outlet=outlet, relevance=relevance, document=doc_id, content_hash=article.content_hash,
                etag=etag, last_modified=last_modified, listed_date=listed_date, run_id=run_id)
    if existing and existing["content_hash"] == article.content_hash:
        if parser and existing.get("parser") != parser:
            with write_transaction(db):
                db["documents"].update(doc_id, {"parser": parser,
                                                "source_sha256": source_sha256 or existing.get("source_sha256")})
        for seen_url in {url or article.url, article.canonical_url}:
            mark_seen(db, seen_url, **seen)
        return "unchanged"
    signature = minhash(article.body)
    group = existing["dup_group"] if existing else find_dup_group(db, doc_id, signature)
    with write_transaction(db):
        db["documents"].upsert({
            "id": doc_id, "kind": "news", "url": article.canonical_url, "title": article.title,
            "outlet": outlet or article.site_name, "language": article.language,
            "date": (article.published or "")[:10] or None, "published": article.published,
            "modified": article.modified, "authors": json.dumps(article.authors, ensure_ascii=False),
            "section": article.section, "relevant": int(relevance.relevant),
            "relevance": relevance.score, "content_hash": article.content_hash,
            "synthetic": int(article.synthetic), "text": article.body, "fetched_at": fetched,
            "run_id": run_id, "dup_group": group or doc_id, "minhash": json.dumps(signature),
            "paywalled": int(article.paywalled), "truncated": int(article.truncated),
            "source_sha256": source_sha256, "parser": parser,
        }, pk="id", alter=True)
        db["article_revisions"].upsert({
            "document_id": doc_id, "content_hash": article.content_hash, "title": article.title,
            "text": article.body, "modified": article.modified, "fetched_at": fetched,
            "run_id": run_id}, pk=("document_id", "content_hash"))
        gid = group or doc_id
        members = db.execute("select count(*), json_group_array(distinct outlet) from documents "
                             "where dup_group = ?", [gid]).fetchone()
        first = gid if db["documents"].count_where("id = ?", [gid]) else doc_id
        db["dup_groups"].upsert({"id": gid, "first_document_id": first, "members": members[0],
                                 "outlets": members[1]}, pk="id")
    for seen_url in {url or article.url, article.canonical_url}:
        mark_seen(db, seen_url, **seen)
    return "revised" if existing else "new"
