"""Run spiders in this process and report what happened (Scrapy's own exit code does not)."""
from __future__ import annotations

import logging

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawlers import settings as default_settings


def make_settings(overrides: dict | None = None) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_spiders(spiders: list[str], overrides: dict | None = None) -> dict[str, dict]:
    """Crawl with each named spider in one reactor run; return each spider's stats."""
    settings = make_settings(overrides)
    process = CrawlerProcess(settings)
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("scrapy").setLevel(logging.WARNING)
    crawlers = []
    for name in spiders:
        crawler = process.create_crawler(name)
        crawlers.append(crawler)
        process.crawl(crawler)
    process.start()
    return {c.spider.name if c.spider else "?": dict(c.stats.get_stats()) for c in crawlers}


def crawl_failed(stats: dict) -> list[str]:
    """Reasons a crawl should count as failed, read from its stats."""
    reasons = []
    reason = stats.get("finish_reason")
    if reason not in (None, "finished"):
        reasons.append(f"finish_reason={reason}")
    if stats.get("spider_exceptions/count") or any(k.startswith("spider_exceptions/") for k in stats):
        reasons.append("spider raised exceptions")
    if stats.get("stcawatch/store_errors"):
        reasons.append(f"{stats['stcawatch/store_errors']} item(s) could not be written to the database")
    if stats.get("log_count/CRITICAL"):
        reasons.append("critical errors logged")
    return reasons

