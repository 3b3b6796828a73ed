"""HTTP conditional requests: ask again only for what changed (RFC 9110 validators).

Both spiders remember a page's ``ETag`` / ``Last-Modified`` in ``seen_urls`` and send them back
as ``If-None-Match`` / ``If-Modified-Since``; a ``304 Not Modified`` answer carries no body, so
an idle re-run costs one small round trip per page instead of a download, hash and lookup.
"""
from __future__ import annotations

NOT_MODIFIED = 304


def conditional_headers(seen: dict | None) -> dict[str, str]:
    """Request headers that let the server answer 304 for a page seen before (none if unseen)."""
    headers = {}
    if seen and seen.get("etag"):
        headers["If-None-Match"] = seen["etag"]
    if seen and seen.get("last_modified"):
        headers["If-Modified-Since"] = seen["last_modified"]
    return headers


def header(response, name: str) -> str | None:
    """One response header as text (None when absent or empty)."""
    return (response.headers.get(name) or b"").decode("latin-1") or None


def validators(response) -> dict[str, str | None]:
    """The response's ``etag`` and ``last_modified`` (None when the server sent none)."""
    return {"etag": header(response, "ETag"), "last_modified": header(response, "Last-Modified")}
