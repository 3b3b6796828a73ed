"""Public URLs: what is stored and linked is the publication's address on the public site,
whatever host the crawl fetched it from (a loopback server in tests and the demo, a mirror)."""
from __future__ import annotations


def public_url(url: str, base: str, public_base: str | None) -> str:
    """``url`` with the fetch ``base`` replaced by ``public_base`` ('http://127.0.0.1:8000/Content/
    House/...' -> 'https://www.ourcommons.ca/Content/House/...'); unchanged when it is not under
    ``base`` or no public base is configured."""
    base, public_base = base.rstrip("/"), (public_base or "").rstrip("/")
    if public_base and url.startswith(base + "/"):
        return public_base + url[len(base):]
    return url
