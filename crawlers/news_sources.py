"""Outlets as data: load and check ``sources.yaml``; map URLs onto a loopback base for tests.

With ``NEWS_BASE_URL`` set (tests, the demo), every outlet URL ``https://host/path?q`` becomes
``{base}/{outlet key}/path?q``, so the same sources file shape drives a crawl of the sample site.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus, urljoin, urlsplit

import yaml

DEFAULT_SOURCES = Path(__file__).resolve().parent / "sources.yaml"
LIST_KEYS = ("feeds", "sitemaps", "sections", "search")


@dataclass
class Outlet:
    key: str
    name: str
    language: str
    base_url: str
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    search: list[str] = field(default_factory=list)
    article_pattern: str | None = None
    wire: bool = False
    outlet_from_page: bool = False  # aggregators: credit the page's og:site_name, not `name`
    timezone: str = "America/Toronto"
    max_pages: int = 3
    max_articles: int = 300
    max_age_days: int = 0
    search_queries: list[str] = field(default_factory=list)
    politeness: dict = field(default_factory=dict)

    def start_urls(self) -> list[tuple[str, str]]:
        """(kind, absolute URL) for every listing page of this outlet."""
        urls = [(kind, urljoin(self.base_url + "/", path.lstrip("/")))
                for kind in ("feeds", "sitemaps", "sections") for path in getattr(self, kind)]
        for template in self.search:
            for query in self.search_queries:
                path = template.replace("{q}", quote_plus(query))
                urls.append(("sections", urljoin(self.base_url + "/", path.lstrip("/"))))
        return urls


def load_sources(path: str | Path | None = None) -> list[Outlet]:
    """Outlets from YAML; raises ValueError naming the file and the bad entry."""
    path = Path(path) if path else DEFAULT_SOURCES
    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read sources: {exc}") from None
    defaults = spec.get("defaults", {}) or {}
    outlets, keys = [], set()
    for n, raw in enumerate(spec.get("outlets") or []):
        entry = {**{k: v for k, v in defaults.items() if k in Outlet.__dataclass_fields__}, **raw}
        entry["politeness"] = {**defaults.get("politeness", {}), **raw.get("politeness", {})}
        missing = [k for k in ("key", "name", "language", "base_url") if not entry.get(k)]
        unknown = set(entry) - set(Outlet.__dataclass_fields__)
        if missing or unknown:
            raise ValueError(f"{path}: outlet #{n} ({raw.get('key', '?')}): "
                             f"missing {missing or '-'}, unknown keys {sorted(unknown) or '-'}")
        if entry["key"] in keys:
            raise ValueError(f"{path}: outlet key {entry['key']!r} is used twice")
        if not any(entry.get(k) for k in LIST_KEYS):
            raise ValueError(f"{path}: outlet {entry['key']!r} has no feeds/sitemaps/sections/search")
        keys.add(entry["key"])
        outlets.append(Outlet(**entry))
    if not outlets:
        raise ValueError(f"{path}: no outlets")
    return outlets


def rebase(url: str, outlet_key: str, base: str | None) -> str:
    """Put ``url`` under ``{base}/{outlet_key}`` unless it is already on ``base``."""
    if not base:
        return url
    base = base.rstrip("/")
    if url.startswith(base + "/"):
        return url
    parts = urlsplit(url)
    return f"{base}/{outlet_key}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")
