"""Senate of Canada Debates (sencanada.ca): each configured session's index, then its sittings.

``{base}/en/in-the-chamber/debates/{P-S}`` lists the sittings of a session (hrefs with
backslashes, parsed by crawlers.senate_html.sitting_links); each sitting is one HTML page, asked
for conditionally when stored before (a 304 counts as found and unchanged). The site answers a
sitting that does not exist with HTTP 200 and "Sorry, the content is not available." (a soft
404): recorded as a missing sitting, never stored as a document.
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import scrapy

from crawlers.conditional import NOT_MODIFIED, conditional_headers, header, validators
from crawlers.items import FetchErrorItem, SittingItem
from crawlers.settings import STORE_PIPELINES
from crawlers.senate_html import is_soft_404, sitting_links, sitting_url_parts
from crawlers.urls import public_url
from crawlers.spiders.hansard import parse_session_spec


def index_path(parliament: int, session: int) -> str:
    return f"/en/in-the-chamber/debates/{parliament}-{session}"


class SenateSpider(scrapy.Spider):
    name = "senate"
    # url -> what the database remembers of it (ETag, Last-Modified, listed date...): handed
    # over by the spider's store pipeline at open_spider (crawlers.pipelines.give_seen)
    seen: Mapping[str, dict] = MappingProxyType({})
    handle_httpstatus_list = [NOT_MODIFIED, 404, 410]
    custom_settings = {"ITEM_PIPELINES": STORE_PIPELINES}
    keeps_job_state = False  # the index is re-read every run; sittings are asked conditionally

    async def start(self):
        self.base = self.settings.get("SENATE_BASE_URL").rstrip("/")
        self.public_base = self.settings.get("SENATE_PUBLIC_BASE_URL")
        for spec in self.settings.getlist("SENATE_SESSIONS"):
            parl, sess, first, last = parse_session_spec(spec)
            # The index changes as sittings are added: never asked conditionally.
            yield scrapy.Request(self.base + index_path(parl, sess), callback=self.parse_index,
                                 errback=self.failed, dont_filter=True,
                                 cb_kwargs={"parl": parl, "sess": sess, "first": first, "last": last})

    def parse_index(self, response, parl, sess, first, last):
        if response.status != 200:
            yield FetchErrorItem(url=response.url, stage="fetch",
                                 reason=f"HTTP {response.status} for the session index")
            return
        links = sitting_links(response.body, self.base, parl, sess)
        if not links:
            yield FetchErrorItem(url=response.url, stage="parse",
                                 reason=f"the session index lists no sitting of {parl}-{sess}")
            return
        for url in links:
            number = sitting_url_parts(url)["sitting"]
            if number < first or (last is not None and number > last):
                continue
            yield scrapy.Request(url, callback=self.parse_sitting, errback=self.failed,
                                 headers=conditional_headers(self.seen.get(url)), dont_filter=True)

    def parse_sitting(self, response):
        if response.status == NOT_MODIFIED:
            yield SittingItem(url=response.url, body=None, status="not_modified",
                              format="senate_html", **validators(response))
            return
        if response.status != 200:
            yield FetchErrorItem(url=response.url, stage="fetch", reason=f"HTTP {response.status}")
            return
        ctype = (header(response, "Content-Type") or "text/html").lower()
        if not ctype.startswith(("text/html", "application/xhtml")):
            yield FetchErrorItem(url=response.url, stage="fetch",
                                 reason=f"wrong content type {ctype!r} (expected HTML)")
            return
        if is_soft_404(response.body):
            yield FetchErrorItem(url=response.url, stage="missing",
                                 reason="no such sitting: the site answered 200 with "
                                        "'Sorry, the content is not available.' (soft 404)")
            return
        yield SittingItem(url=response.url, body=response.body, status="fetched",
                          public_url=public_url(response.url, self.base, self.public_base),
                          format="senate_html", **validators(response))

    def failed(self, failure):
        yield FetchErrorItem(url=failure.request.url, stage="fetch", reason=repr(failure.value)[:500])
