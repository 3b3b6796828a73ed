"""News outlets from crawlers/sources.yaml: feeds, sitemaps, section and search pages -> articles.

Navigation only: extraction, relevance, dedup and storage happen in crawlers.news_pipeline.
Incremental: an article already seen whose listing date has not changed is not requested again;
one seen without a listing date is asked for conditionally (If-None-Match / If-Modified-Since).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from types import MappingProxyType

import scrapy
from dateutil import parser as dateparser
from scrapy.spidermiddlewares.httperror import HttpError

from crawlers.conditional import NOT_MODIFIED, conditional_headers, header, validators
from crawlers.extraction_version import EXTRACTOR_VERSION
from crawlers.settings import NEWS_PIPELINES
from crawlers.items import ArticleItem
from crawlers.listings import ListingError, parse_feed_or_sitemap, parse_section
from crawlers.news_sources import load_sources, rebase


def archive_listings(entries: list[str], outlets: dict) -> list[tuple[str, str]]:
    """``NEWS_ARCHIVE`` entries (``KEY=URL``: an outlet and one of its archive listings, a
    sitemap, sitemap index or feed) as (key, url); raises ValueError naming a bad entry."""
    pairs = []
    for entry in entries:
        key, sep, url = entry.partition("=")
        key, url = key.strip(), url.strip()
        if not sep or key not in outlets or not url.startswith(("http://", "https://")):
            raise ValueError(f"NEWS_ARCHIVE entry {entry!r}: use KEY=URL with KEY one of "
                             f"{sorted(outlets)}")
        pairs.append((key, url))
    return pairs


class NewsSpider(scrapy.Spider):
    name = "news"
    # url -> what the database remembers of it (ETag, Last-Modified, listed date...): handed
    # over by the spider's store pipeline at open_spider (crawlers.pipelines.give_seen)
    seen: Mapping[str, dict] = MappingProxyType({})
    custom_settings = {"ITEM_PIPELINES": NEWS_PIPELINES, "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "crawlers.backoff.BackoffRetryMiddleware": 550}}

    @classmethod
    def update_settings(cls, settings):
        """One download slot per outlet, with the outlet's own delay and concurrency."""
        super().update_settings(settings)
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        for outlet in load_sources(settings.get("NEWS_SOURCES")):
            slots.setdefault(outlet.key, {"delay": float(outlet.politeness.get("delay", 1.0)),
                                          "concurrency": int(outlet.politeness.get("concurrency", 2))})
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.outlets = {o.key: o for o in load_sources(settings.get("NEWS_SOURCES"))}
        spider.base = settings.get("NEWS_BASE_URL") or None
        spider.max_bytes = settings.getint("NEWS_MAX_PAGE_BYTES", 5 * 1024 * 1024)
        spider.counts = Counter()
        spider.requested, spider.listed = set(), set()  # asked this run (no duplicate filter)
        spider.archive = archive_listings(settings.getlist("NEWS_ARCHIVE"), spider.outlets)
        if spider.archive:  # a backfill of old listings: no age limit, the archive's own cap
            limit = settings.getint("NEWS_ARCHIVE_MAX_ARTICLES", 5000)
            spider.outlets = {k: replace(o, max_age_days=0, max_articles=limit,
                                         max_pages=max(o.max_pages, settings.getint("NEWS_ARCHIVE_MAX_PAGES", 50)))
                              for k, o in spider.outlets.items()}
        return spider

    async def start(self):
        if self.archive:
            for key, url in self.archive:
                request = self.listing_request(key, "sitemaps", rebase(url, key, self.base), 0)
                if request is not None:
                    yield request
            return
        for outlet in self.outlets.values():
            for kind, url in outlet.start_urls():
                request = self.listing_request(outlet.key, kind, rebase(url, outlet.key, self.base), 0)
                if request is not None:
                    yield request

    def listing_request(self, key, kind, url, page):
        if url in self.listed:  # a pagination link back to a page already asked
            return None
        self.listed.add(url)
        return scrapy.Request(url, callback=self.parse_listing, errback=self.failed,
                              meta={"outlet": key, "kind": kind, "page": page, "download_slot": key})

    def parse_listing(self, response):
        outlet = self.outlets[response.meta["outlet"]]
        kind, page = response.meta["kind"], response.meta["page"]
        try:
            if kind == "sections":
                prefix = f"/{outlet.key}" if self.base else ""
                listing = parse_section(response.body, response.url, outlet.article_pattern, prefix)
            else:
                listing = parse_feed_or_sitemap(response.body, response.url)
        except ListingError as exc:
            yield self.skip(response.url, outlet, "listing", str(exc))
            return
        self.crawler.stats.inc_value(f"news/listings/{listing.kind}")
        if page < outlet.max_pages:
            for url in listing.follow:
                request = self.listing_request(outlet.key, kind, rebase(url, outlet.key, self.base), page + 1)
                if request is not None:
                    yield request
        for entry in listing.entries:
            request = self.article_request(outlet, entry, response.url)
            if request is not None:
                yield request

    def too_old(self, outlet, date: str | None) -> bool:
        if not outlet.max_age_days or not date:
            return False
        try:
            when = dateparser.parse(date)
        except (ValueError, OverflowError):
            return False
        when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
        return when < datetime.now(timezone.utc) - timedelta(days=outlet.max_age_days)

    def article_request(self, outlet, entry, via):
        url = rebase(entry.url, outlet.key, self.base)
        stats = self.crawler.stats
        if self.too_old(outlet, entry.date):
            stats.inc_value("news/skipped_old")
            return None
        if url in self.requested:  # listed twice (feed and sitemap): asked once
            stats.inc_value("news/duplicate_listing")
            return None
        seen = self.seen.get(url)
        if seen and seen.get("refused_by") and seen["refused_by"] != EXTRACTOR_VERSION:
            seen = None  # an older extractor could not read it: ask again, in full
            stats.inc_value("news/retry_refused")
        if seen and entry.date and seen.get("listed_date") == entry.date:
            stats.inc_value("news/unchanged_listing")
            return None
        if self.counts[outlet.key] >= outlet.max_articles:
            stats.inc_value("news/over_max_articles")
            return None
        self.counts[outlet.key] += 1
        self.requested.add(url)
        # the duplicate filter stays on (a resumed job must not ask again what it asked before
        # the stop); a redirect loop it cuts is recorded by NewsPipeline (request_dropped)
        return scrapy.Request(url, callback=self.parse_article, errback=self.failed,
                              headers=conditional_headers(seen),
                              meta={"outlet": outlet.key, "entry": entry, "via": via,
                                    "download_slot": outlet.key, "handle_httpstatus_list": [NOT_MODIFIED]})

    def parse_article(self, response):
        outlet, entry = self.outlets[response.meta["outlet"]], response.meta["entry"]
        item = ArticleItem(url=response.request.url, final_url=response.url,
                           outlet=None if outlet.outlet_from_page else outlet.name,
                           language=entry.language or outlet.language, wire=outlet.wire,
                           discovered_via=response.meta["via"], listed_date=entry.date,
                           listed_title=entry.title, timezone=outlet.timezone)
        item.update(validators(response))
        ctype = (header(response, "Content-Type") or "").lower()
        if response.status == NOT_MODIFIED:
            item["status"] = "not_modified"
        elif "html" not in ctype:
            item.update(skip_stage="fetch", skip_reason=f"not HTML (Content-Type: {ctype or 'none'})")
        elif len(response.body) > self.max_bytes:
            item.update(skip_stage="fetch", skip_reason=f"page too large ({len(response.body)} bytes)")
        else:
            item.update(status="fetched", html=response.body)
        yield item

    def skip(self, url, outlet, stage, reason):
        return ArticleItem(url=url, outlet=outlet.name if outlet else None, skip_stage=stage,
                           skip_reason=reason)

    def failed(self, failure):
        request = failure.request
        outlet = self.outlets.get(request.meta.get("outlet"))
        stage = "listing" if request.callback == self.parse_listing else "fetch"
        if failure.check(HttpError):
            reason = f"HTTP {failure.value.response.status}"
        else:
            reason = f"{failure.type.__name__}: {failure.getErrorMessage()}"
        yield self.skip(request.url, outlet, stage, reason)
