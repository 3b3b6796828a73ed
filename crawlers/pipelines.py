"""Item pipelines: parse, skip unchanged, store. Spiders never touch the database."""
from __future__ import annotations

import logging

from crawlers.hansard_xml import parse_sitting
from crawlers.items import FetchErrorItem, SittingItem
from crawlers.safe_xml import XMLError
from store.load import content_hash, record_error, save_sitting, is_unchanged
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
        body, url = item["body"], item["url"]
        self.stats.inc_value("stcawatch/fetched")
        digest = item.get("content_hash") or content_hash(body)
        if is_unchanged(self.db, url, digest):
            self.stats.inc_value("stcawatch/unchanged")
            return
        try:
            sitting = parse_sitting(body, url)
        except XMLError as exc:
            self.skip(url, "parse", str(exc))
            return
        counts = save_sitting(self.db, sitting, digest, self.run_id)
        self.stats.inc_value("stcawatch/stored")
        self.stats.inc_value("stcawatch/statements", counts["statements"])
        log.info("stored %s: %d statements", sitting.id, counts["statements"])
