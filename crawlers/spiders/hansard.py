"""House of Commons publication XML: walk the sittings of each configured session.

``{base}/Content/House/{parl}{sess}/Debates/{NNN}/HAN{NNN}-{E|F}.XML``; a walk keeps a few
sittings in flight and ends once no sitting exists within ``HANSARD_MAX_MISSES`` of the highest
one found. Committee evidence and other publications come from ``HANSARD_EXTRA_PATHS``.
"""
from __future__ import annotations

import re

import scrapy

from crawlers.items import FetchErrorItem, SittingItem

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
    handle_httpstatus_list = [404, 410]

    async def start(self):
        self.base = self.settings.get("HANSARD_BASE_URL").rstrip("/")
        self.max_misses = self.settings.getint("HANSARD_MAX_MISSES", 5)
        self.lookahead = max(1, self.settings.getint("HANSARD_LOOKAHEAD", 4))
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
            yield scrapy.Request(self.base + path, callback=self.parse_publication,
                                 errback=self.failed)

    def next_request(self, walk: dict):
        number = walk["next"]
        if walk["last"] is not None and number > walk["last"]:
            return None
        if walk["last"] is None and number > walk["highest"] + self.max_misses:
            return None
        walk["next"] += 1
        url = self.base + sitting_path(walk["parl"], walk["sess"], number, walk["lang"])
        return scrapy.Request(url, callback=self.parse_sitting, errback=self.failed,
                              cb_kwargs={"key": walk["key"], "number": number})

    def parse_sitting(self, response, key, number):
        walk = self.walks[key]
        if response.status == 200:
            walk["highest"] = max(walk["highest"], number)
            yield from self.parse_publication(response)
        # Each answer, found or missing, frees one place in the window for the next sitting.
        request = self.next_request(walk)
        if request is not None:
            yield request

    def parse_publication(self, response):
        if response.status != 200:
            yield FetchErrorItem(url=response.url, stage="fetch", reason=f"HTTP {response.status}")
            return
        yield SittingItem(url=response.url, body=response.body)

    def failed(self, failure):
        request = failure.request
        yield FetchErrorItem(url=request.url, stage="fetch", reason=repr(failure.value)[:500])
