"""Item pipelines: parse, skip unchanged, store. Spiders never touch the database."""
from __future__ import annotations

import logging
import sqlite3

from crawlers.items import FetchErrorItem, SittingItem
from crawlers.safe_xml import XMLError
from store.load import import_publication, record_error
from store.schema import open_db

log = logging.getLogger(__name__)


class StorePipeline:
    """Hansard publication XML -> SQLite; broken files are logged, recorded and skipped."""

    def __init__(self, db_path: str, run_id: int | None, stats):
        self.db_path, self.run_id, self.stats = db_path, run_id, stats
        self.db = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("STCAWATCH_DB"),
                   crawler.settings.getint("STCAWATCH_RUN_ID") or None, crawler.stats)

    def open_spider(self, spider=None):
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
        log.error("skipped %s (%s): %s", url, stage, reason)
        self.stats.inc_value("stcawatch/skipped")
        record_error(self.db, self.run_id, url, stage, reason)

    def store_sitting(self, item: SittingItem) -> None:
        url = item["url"]
        self.stats.inc_value("stcawatch/fetched")
        try:
            sitting = import_publication(self.db, item["body"], url, self.run_id)
        except XMLError as exc:
            self.skip(url, "parse", str(exc))
            return
        except sqlite3.Error as exc:  # disk full, read-only file, lock timeout: fail the run
            log.error("cannot write %s to database %s: %s", url, self.db_path, exc)
            self.stats.inc_value("stcawatch/store_errors")
            return
        if sitting is None:
            self.stats.inc_value("stcawatch/unchanged")
            return
        self.stats.inc_value("stcawatch/stored")
        self.stats.inc_value("stcawatch/statements", len(sitting.statements))
        log.info("stored %s: %d statements", sitting.id, len(sitting.statements))
