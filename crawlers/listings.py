"""Pure parsers for the pages that list articles: RSS 2.0, Atom, (Google News) sitemaps, sitemap
indexes, and HTML section/search pages. Bytes in, ``Listing`` out; no network, no database.

XML is parsed with entities, DTDs and the network switched off (the same flags as
``crawlers/safe_xml.py``), so a hostile feed cannot read files or fetch URLs through the parser.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from crawlers.safe_xml import declares_dtd, make_parser


NEXT_LABELS = ("next", "next page", "suivant", "page suivante", "older", "›", "»")


# Without an outlet pattern, an article link is one whose last path part is a word-slug.
SLUG = re.compile(r"/[^/?]*[a-z0-9]+-[a-z0-9]+-[a-z0-9][^/?]*/?$", re.I)


class ListingError(ValueError):
    """A feed/sitemap that cannot be read; the message names the URL."""


@dataclass
class Entry:
    url: str
    date: str | None = None  # the listing's own "last changed" date (lastmod / pubDate ...)
    title: str | None = None
    language: str | None = None


@dataclass
class Listing:
    kind: str  # rss | atom | sitemap | sitemapindex | html
    entries: list[Entry] = field(default_factory=list)
    follow: list[str] = field(default_factory=list)  # child sitemaps / next pages


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el, *names: str) -> str | None:
    """Text of the first child named ``names[0]``, else ``names[1]`` ... (priority order)."""
    found = {}
    for child in el:
        found.setdefault(_local(child.tag), (child.text or "").strip())
    return next((found[n] for n in names if found.get(n)), None)


def parse_feed_or_sitemap(data: bytes, url: str) -> Listing:
    """RSS, Atom, urlset or sitemapindex; raises ListingError naming ``url`` otherwise."""
    data = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"<!ENTITY" in data[:65536]:
        raise ListingError(f"{url}: document declares entities; refused")
    try:
        root = etree.fromstring(data, parser=make_parser())
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"{url}: malformed XML: {exc}") from None
    if declares_dtd(root):
        raise ListingError(f"{url}: document declares a DTD/entities; refused")
    kind = _local(root.tag)
    if kind == "rss" or kind == "rdf":
        entries = []
        for item in root.iter():
            if _local(item.tag) != "item":
                continue
            link = _child_text(item, "link")
            guid = next((c for c in item if _local(c.tag) == "guid"), None)
            if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
                link = (guid.text or "").strip()
            if link:
                entries.append(Entry(urljoin(url, link), _child_text(
                    item, "lastmodifieddate", "updated", "pubdate", "date"), _child_text(item, "title")))
        language = next((e.text.strip() for e in root.iter() if _local(e.tag) == "language" and e.text), None)
        for entry in entries:
            entry.language = language
        return Listing("rss", entries)
    if kind == "feed":
        entries = []
        for item in root:
            if _local(item.tag) != "entry":
                continue
            links = [l for l in item if _local(l.tag) == "link" and l.get("rel", "alternate") == "alternate"]
            if links and links[0].get("href"):
                entries.append(Entry(urljoin(url, links[0].get("href")),
                                     _child_text(item, "updated", "published"), _child_text(item, "title")))
        return Listing("atom", entries)
    if kind in ("urlset", "sitemapindex"):
        listing = Listing(kind)
        for node in root:
            loc = _child_text(node, "loc")
            if not loc:
                continue
            if kind == "sitemapindex":
                listing.follow.append(urljoin(url, loc))
                continue
            news = next((c for c in node if _local(c.tag) == "news"), None)
            entry = Entry(urljoin(url, loc), _child_text(node, "lastmod"))
            if news is not None:
                entry.title = _child_text(news, "title")
                entry.date = entry.date or _child_text(news, "publication_date")
                pub = next((c for c in news if _local(c.tag) == "publication"), None)
                entry.language = _child_text(pub, "language") if pub is not None else None
            listing.entries.append(entry)
        return listing
    raise ListingError(f"{url}: not a feed or sitemap (root element <{kind}>)")


def parse_section(html: bytes, url: str, pattern: str | None = None, prefix: str = "") -> Listing:
    """Article links on a section/search page (same host; ``pattern`` regex on the path) and
    the rel=next / "next" pagination link. ``prefix`` is removed from paths before matching
    (the loopback base puts each outlet under ``/{key}``)."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ListingError(f"{url}: unparseable HTML: {exc}") from None
    host = urlsplit(url).netloc
    wanted = re.compile(pattern) if pattern else SLUG
    listing = Listing("html")
    for a in root.iter("a", "link"):
        href = a.get("href")
        if not href:
            continue
        target = urljoin(url, href).split("#")[0]
        rel = (a.get("rel") or "").lower().split()
        label = " ".join(a.text_content().split()).lower() if a.tag == "a" else ""
        if ("next" in rel or label in NEXT_LABELS) and target not in listing.follow:
            listing.follow.append(target)
        path = urlsplit(target).path
        path = path[len(prefix):] if prefix and path.startswith(prefix + "/") else path
        if "next" in rel or label in NEXT_LABELS:
            continue
        if a.tag == "a" and urlsplit(target).netloc == host and (
                wanted.search(path)):
            if target != url and all(e.url != target for e in listing.entries):
                listing.entries.append(Entry(target, title=label or None))
    return listing
