"""A spider that raises in its callback: `stcawatch crawl` must exit non-zero for it."""
import scrapy


class RaisingSpider(scrapy.Spider):
    name = "raising"

    async def start(self):
        yield scrapy.Request(self.settings.get("HANSARD_BASE_URL").rstrip("/") + "/robots.txt")

    def parse(self, response):
        raise RuntimeError("spider bug: cannot parse " + response.url)
