"""House of Commons publication XML: walk the sittings of each configured session.

``{base}/Content/House/{parl}{sess}/Debates/{NNN}/HAN{NNN}-{E|F}.XML``; a walk keeps a few
sittings in flight and ends once no sitting exists within ``HANSARD_MAX_MISSES`` of the highest
one found. Committee evidence and other publications come from ``HANSARD_EXTRA_PATHS``.
A publication stored before is asked for conditionally (crawlers.conditional): a 304 answer
counts as found and unchanged, so an idle re-run downloads nothing.
"""
from __future__ import annotations

import re

from collections.abc import Mapping
from types import MappingProxyType

import scrapy

from crawlers.conditional import NOT_MODIFIED, conditional_headers, header, validators
from crawlers.items import FetchErrorItem, SittingItem
from crawlers.settings import STORE_PIPELINES
from crawlers.urls import public_url

SPEC = re.compile(r"^(\d+)-(\d+)(?::(\d+)(?:-(\d+))?)?$")


def parse_session_spec(spec: str) -> tuple[int, int, int, int | None]:
    """'44-1' -> (44, 1, 1, None); '44-1:196' -> from 196; '44-1:5-9' -> sittings 5..9."""
    match = SPEC.match(spec.strip())
    if not match:
        raise ValueError(f"bad HANSARD_SESSIONS entry {spec!r}: use PARL-SESS[:FIRST[-LAST]]")
    parl, sess, first, last = match.groups()
    return int(parl), int(sess), int(first or 1), int(last) if last else None


def sitting_path(parl: int, sess: int, number: int, lang: str) -> str:
    return f"/Content/House/{parl}{sess}/Debates/{number:03d}/HAN{number:03d}-{lang}.XML"


class HansardSpider(scrapy.Spider):
    name = "hansard"
    # url -> what the database remembers of it (ETag, Last-Modified, listed date...): handed
    # over by the spider's store pipeline at open_spider (crawlers.pipelines.give_seen)
    seen: Mapping[str, dict] = MappingProxyType({})
    handle_httpstatus_list = [NOT_MODIFIED, 404, 410]
    custom_settings = {"ITEM_PIPELINES": STORE_PIPELINES}
    # No JOBDIR (crawlers.crawl): the walk is rebuilt from the settings on every run, and with
    # dont_filter a restored queue would repeat requests; a resumed run re-walks conditionally.
    keeps_job_state = False

    async def start(self):
        self.base = self.settings.get("HANSARD_BASE_URL").rstrip("/")
        self.public_base = self.settings.get("HANSARD_PUBLIC_BASE_URL")
        self.max_misses = self.settings.getint("HANSARD_MAX_MISSES", 5)
        # Keep as many sittings in flight as politeness allows for one domain (4 on the real
        # site, more on loopback); a fixed 4 left the crawl at ~0.6 of a bare spider's speed.
        per_domain = self.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 4)
        self.lookahead = max(1, self.settings.getint("HANSARD_LOOKAHEAD", per_domain))
        self.walks: dict[tuple, dict] = {}
        for spec in self.settings.getlist("HANSARD_SESSIONS"):
            parl, sess, first, last = parse_session_spec(spec)
            for lang in self.settings.getlist("HANSARD_LANGUAGES") or ["E"]:
                walk = {"parl": parl, "sess": sess, "lang": lang, "last": last,
                        "highest": first - 1, "next": first, "key": (spec, lang)}
                self.walks[walk["key"]] = walk
                for _ in range(self.lookahead):
                    request = self.next_request(walk)
                    if request is not None:
                        yield request
        for path in self.settings.getlist("HANSARD_EXTRA_PATHS"):
            yield self.request(self.base + path, self.parse_publication)

    def next_request(self, walk: dict):
        number = walk["next"]
        if walk["last"] is not None and number > walk["last"]:
            return None
        if walk["last"] is None and number > walk["highest"] + self.max_misses:
            return None
        walk["next"] += 1
        url = self.base + sitting_path(walk["parl"], walk["sess"], number, walk["lang"])
        # dont_filter: each sitting URL is asked once by construction, and a redirect loop must
        # end in "max redirections reached" (logged) instead of a silent duplicate-filter drop.
        return self.request(url, self.parse_sitting, {"key": walk["key"], "number": number})

    def request(self, url: str, callback, cb_kwargs: dict | None = None) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.failed, cb_kwargs=cb_kwargs or {},
                              headers=conditional_headers(self.seen.get(url)), dont_filter=True)

    def parse_sitting(self, response, key, number):
        walk = self.walks[key]
        if response.status in (200, NOT_MODIFIED):
            walk["highest"] = max(walk["highest"], number)
            yield from self.parse_publication(response)
        # Each answer, found or missing, frees one place in the window for the next sitting.
        request = self.next_request(walk)
        if request is not None:
            yield request

    def parse_publication(self, response):
        if response.status == NOT_MODIFIED:
            yield SittingItem(url=response.url, body=None, status="not_modified", **validators(response))
            return
        if response.status != 200:
            yield FetchErrorItem(url=response.url, stage="fetch", reason=f"HTTP {response.status}")
            return
        ctype = (header(response, "Content-Type") or "").lower()
        if ctype.startswith(("text/html", "application/xhtml")):
            # A maintenance or login page served at an XML address is not a malformed sitting.
            yield FetchErrorItem(url=response.url, stage="fetch",
                                 reason=f"wrong content type {ctype!r} (expected XML)")
            return
        yield SittingItem(url=response.url, body=response.body, status="fetched",
                          public_url=public_url(response.url, self.base, self.public_base),
                          **validators(response))

    def failed(self, failure):
        request = failure.request
        yield FetchErrorItem(url=request.url, stage="fetch", reason=repr(failure.value)[:500])
