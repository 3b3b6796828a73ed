"""Retries with exponential backoff (Scrapy's RetryMiddleware retries at once).

A retried request waits ``RETRY_BACKOFF_BASE * 2**(attempt-1)`` seconds (capped at
``RETRY_BACKOFF_MAX``), or the server's ``Retry-After`` when it sends one (also capped), before
it goes back to the scheduler; other requests keep flowing meanwhile.
"""
from __future__ import annotations

import asyncio

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request


def backoff_delay(attempt: int, base: float = 1.0, cap: float = 60.0,
                  retry_after: bytes | str | None = None) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based)."""
    if retry_after:
        try:
            return min(float(retry_after), cap)
        except ValueError:
            pass  # an HTTP date: fall back to exponential backoff
    return min(base * 2 ** max(attempt - 1, 0), cap)


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def _wait(self, result, retry_after=None):
        if isinstance(result, Request):
            await asyncio.sleep(backoff_delay(result.meta.get("retry_times", 1), self.base,
                                              self.cap, retry_after))
        return result

    async def process_response(self, request, response, spider=None):
        result = super().process_response(request, response)
        return await self._wait(result, response.headers.get("Retry-After"))

    async def process_exception(self, request, exception, spider=None):
        return await self._wait(super().process_exception(request, exception))
