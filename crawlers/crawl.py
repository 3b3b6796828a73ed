"""Run spiders in this process and report what happened (Scrapy's own exit code does not)."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawlers import settings as default_settings

log = logging.getLogger(__name__)


def make_settings(overrides: dict | None = None) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_spiders(spiders: list[str], overrides: dict | None = None,
                jobdir: str | Path | None = None) -> dict[str, dict]:
    """Crawl with each named spider in one reactor run; return each spider's stats.

    With ``jobdir``, each spider keeps its queue in ``jobdir/<name>`` so an interrupted run
    resumes where it stopped; a crawl that finishes cleanly removes its job directory, since a
    finished job's seen-requests filter would otherwise hide tomorrow's changed pages. A spider
    with ``keeps_job_state = False`` (Hansard: its sitting walk is rebuilt from the settings and
    re-asked conditionally, a restored queue would only repeat requests) gets no job directory.
    """
    settings = make_settings(overrides)
    process = CrawlerProcess(settings)
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("scrapy").setLevel(logging.WARNING)
    crawlers = []
    for n, name in enumerate(spiders):
        spider_settings = settings.copy()
        spidercls = process.spider_loader.load(name)
        if jobdir and getattr(spidercls, "keeps_job_state", True):
            spider_settings.set("JOBDIR", str(usable_jobdir(Path(jobdir) / name)), priority="cmdline")
        # The first crawler of a CrawlerProcess installs the reactor (as create_crawler does).
        crawler = Crawler(spidercls, spider_settings, init_reactor=n == 0)
        crawlers.append(crawler)
        process.crawl(crawler)
    process.start()
    stats = {}
    for crawler in crawlers:
        name = crawler.spider.name if crawler.spider else "?"
        stats[name] = dict(crawler.stats.get_stats())
        if jobdir and stats[name].get("finish_reason") == "finished":
            shutil.rmtree(Path(jobdir) / name, ignore_errors=True)
    return stats


def usable_jobdir(path: Path) -> Path:
    """``path``, emptied first when a killed run left it without its saved queue.

    Scrapy writes ``requests.queue/active.json`` only on a graceful stop, but appends every
    scheduled request to ``requests.seen`` as it goes: after ``kill -9`` a resumed job would skip
    requests that were scheduled and never made. Starting afresh loses nothing (what was stored
    is asked for conditionally or found unchanged by content hash).
    """
    if path.exists() and not (path / "requests.queue" / "active.json").exists():
        log.warning("job state in %s is from a run that was killed: starting that crawl afresh", path)
        shutil.rmtree(path, ignore_errors=True)
    return path


def crawl_failed(stats: dict) -> list[str]:
    """Reasons a crawl should count as failed, read from its stats."""
    reasons = []
    reason = stats.get("finish_reason")
    if reason is None:
        reasons.append("spider did not run to completion")
    elif reason != "finished":
        reasons.append(f"finish_reason={reason}")
    if stats.get("spider_exceptions/count") or any(k.startswith("spider_exceptions/") for k in stats):
        reasons.append("spider raised exceptions")
    if stats.get("stcawatch/store_errors"):
        reasons.append(f"{stats['stcawatch/store_errors']} item(s) could not be written to the database")
    if stats.get("log_count/CRITICAL"):
        reasons.append("critical errors logged")
    return reasons

