"""Kept news pages into storage again: when the article extractor changes
(``crawlers.extraction_version.EXTRACTOR_VERSION``), ``stcawatch reparse`` reads each kept page
(store.sources, format ``news_html``) with the crawl's extraction, relevance and storage, once.
"""
from __future__ import annotations

import json

from crawlers import extraction_version
from nlp.relevance import score_relevance
from store.load import record_error, write_transaction
from store.news import save_article
from store.sources import latest_sources, read_source

NEWS_FORMAT = "news_html"  # the format of kept news pages in the sources table
DEFAULT_TZ = "America/Toronto"


def news_parser_id() -> str:
    """What read a news document: recorded in documents.parser, compared by reparse_news."""
    return f"{NEWS_FORMAT}@{extraction_version.EXTRACTOR_VERSION}"


def news_sources_to_reparse(db, latest: list[dict] | None = None) -> list[dict]:
    """The latest kept page of each URL that the current extractor has neither read (no
    document from it by ``news_parser_id()``) nor refused."""
    parser = news_parser_id()
    latest = latest_sources(db, (NEWS_FORMAT,)) if latest is None else latest
    read = set(db.execute("select source_sha256, parser from documents where kind = 'news' "
                          "and source_sha256 is not null"))
    return [s for s in latest if s["failed_parser"] != parser and (s["sha256"], parser) not in read]


def reparse_news(db, everything: bool = False, run_id: int | None = None,
                 use_model: bool = True) -> dict:
    """Read the kept news pages again (no network) with the current article extractor: the
    latest page of each URL that this extractor has not read (no document from it by
    ``news_parser_id()``, and not already refused by it); all of them with ``everything``.
    A page it cannot read is recorded in crawl_errors and remembered on the source; a page
    no longer relevant keeps its document, marked irrelevant (the NLP skips it)."""
    parser = news_parser_id()
    latest = latest_sources(db, (NEWS_FORMAT,))
    todo = latest if everything else news_sources_to_reparse(db, latest)
    counts = {"sources": len(latest), "current": len(latest) - len(todo), "reparsed": 0,
              "skipped": 0, "irrelevant": 0}
    if todo:
        from crawlers.article import ArticleError, extract_article
    for src in todo:
        meta = json.loads(src["headers"] or "{}")
        try:
            article = extract_article(read_source(db, src["sha256"]), meta.get("final_url") or src["url"],
                                      tz=meta.get("timezone") or DEFAULT_TZ)
        except ArticleError as exc:
            record_error(db, run_id, src["url"], "extract", str(exc))
            with write_transaction(db):
                db["sources"].update(src["sha256"], {"failed_parser": parser})
            counts["skipped"] += 1
            continue
        article.language = article.language or meta.get("language")
        relevance = score_relevance(article.title, article.body, use_model=use_model)
        if not relevance.relevant:
            with write_transaction(db):
                db.execute("update documents set relevant = 0, relevance = ?, parser = ? "
                           "where source_sha256 = ?", [relevance.score, parser, src["sha256"]])
            counts["irrelevant"] += 1
            continue
        save_article(db, article, outlet=meta.get("outlet") or article.site_name, relevance=relevance,
                     run_id=run_id, url=src["url"], etag=meta.get("etag"),
                     last_modified=meta.get("last_modified"), listed_date=meta.get("listed_date"),
                     source_sha256=src["sha256"], parser=parser)
        counts["reparsed"] += 1
    return counts
