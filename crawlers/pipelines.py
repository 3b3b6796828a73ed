"""Item pipelines: parse, skip unchanged, store. Spiders never touch the database."""
from __future__ import annotations

import logging
import sqlite3

from crawlers.items import FetchErrorItem, SittingItem
from crawlers.safe_xml import XMLError
from crawlers.senate_html import SittingMissing
from ingest.publications import import_publication
from store.load import record_error
from store.news import mark_seen, seen_at
from store.schema import open_db

log = logging.getLogger(__name__)


def give_seen(spider, db_path) -> None:
    """Hand the spider what the database remembers of each URL (ETag, Last-Modified, listed
    date, the extractor that refused it: ``store.news.seen_at``) before its first request, so
    the spider asks conditionally without reading the database itself."""
    if spider is not None:
        spider.seen = seen_at(db_path)


class StorePipeline:
    """House publication XML and Senate pages -> SQLite; broken files are logged, recorded and
    skipped."""

    def __init__(self, db_path: str, run_id: int | None, stats, crawler=None):
        self.db_path, self.run_id, self.stats, self.crawler = db_path, run_id, stats, crawler
        self.db = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("STCAWATCH_DB"),
                   crawler.settings.getint("STCAWATCH_RUN_ID") or None, crawler.stats, crawler)

    def open_spider(self, spider=None):
        give_seen(spider or getattr(self.crawler, "spider", None), self.db_path)
        self.db = open_db(self.db_path)

    def close_spider(self, spider=None):
        if self.db is not None:
            self.db.close()

    def process_item(self, item, spider=None):
        if isinstance(item, FetchErrorItem):
            self.skip(item["url"], item["stage"], item["reason"])
        elif isinstance(item, SittingItem):
            self.store_sitting(item)
        return item

    def skip(self, url: str, stage: str, reason: str) -> None:
        log.warning("skipped %s (%s): %s", url, stage, reason)  # recorded, summarised by the run
        self.stats.inc_value("stcawatch/skipped")
        record_error(self.db, self.run_id, url, stage, reason)

    def store_sitting(self, item: SittingItem) -> None:
        url = item["url"]
        self.stats.inc_value("stcawatch/fetched")
        if item.get("status") == "not_modified":  # HTTP 304 to a conditional request
            self.stats.inc_value("stcawatch/unchanged")
            self.stats.inc_value("stcawatch/not_modified")
            self.remember(item)
            return
        try:
            sitting = import_publication(self.db, item["body"], item.get("public_url") or url,
                                         self.run_id, item.get("format") or "house_xml",
                                         {"etag": item.get("etag"),
                                          "last_modified": item.get("last_modified")},
                                         fetch_url=url)
        except SittingMissing as exc:
            self.skip(url, "missing", str(exc))
            return
        except XMLError as exc:
            self.skip(url, "parse", str(exc))
            return
        except sqlite3.Error as exc:  # disk full, read-only file, lock timeout: fail the run
            log.error("cannot write %s to database %s: %s", url, self.db_path, exc)
            self.stats.inc_value("stcawatch/store_errors")
            return
        self.remember(item, sitting.id if sitting else None)
        if sitting is None:
            self.stats.inc_value("stcawatch/unchanged")
            return
        self.stats.inc_value("stcawatch/stored")
        self.stats.inc_value("stcawatch/statements", len(sitting.statements))
        log.info("stored %s: %d statements", sitting.id, len(sitting.statements))

    def remember(self, item: SittingItem, document_id: str | None = None) -> None:
        """Keep the validators of a stored publication for the next run's conditional request.

        Only after the bytes are safely stored (or known unchanged): a publication that failed
        to parse or write keeps no validators, so the next run downloads it again.
        """
        if not (item.get("etag") or item.get("last_modified")):
            return
        try:
            mark_seen(self.db, item["url"], document=document_id, etag=item.get("etag"),
                      last_modified=item.get("last_modified"), run_id=self.run_id)
        except sqlite3.Error as exc:  # only costs a full download next run
            log.warning("cannot remember validators of %s: %s", item["url"], exc)
