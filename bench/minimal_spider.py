"""The baseline for ``crawl_ratio``: the least a Scrapy spider can do to fetch the same URLs.

It requests every URL listed in ``MINIMAL_URLS`` up front and keeps only a byte count; it runs
under exactly the same settings profile (crawlers/settings.py + loopback overrides) as the
stcawatch spiders, so the ratio measures our spider's navigation and item flow, not settings.
"""
from __future__ import annotations

import scrapy


class MinimalSpider(scrapy.Spider):
    name = "minimal"
    custom_settings = {"ITEM_PIPELINES": {}}

    async def start(self):
        for url in self.settings.getlist("MINIMAL_URLS"):
            yield scrapy.Request(url, dont_filter=True)

    def parse(self, response):
        self.crawler.stats.inc_value("minimal/bytes", len(response.body))
        return None
