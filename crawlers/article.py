"""Pure article extraction: HTML bytes + URL -> ``Article`` (body + metadata + flags).

The body comes from trafilatura run for precision, after page chrome that trafilatura sometimes
keeps (captions, "related" lists, newsletter boxes, video "Loading..." placeholders) is removed
from the tree. Metadata is read from JSON-LD first, then OpenGraph / ``<meta>`` tags (extruct),
then trafilatura's own metadata, because publishers fill those in that order of care. Dates are
returned timezone-aware (a page's naive time is read in the outlet's time zone); a date-only
value stays a bare ``YYYY-MM-DD``. No network, no database.
"""
from __future__ import annotations

import hashlib
import json
import re
import warnings
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import extruct
import lxml.html
import trafilatura
from dateutil import parser as dateparser

CHROME_TOKENS = {
    "related", "newsletter", "caption", "figcaption", "promo", "subscribe", "subscription",
    "share", "sharing", "social", "loadmessage", "advert", "advertisement", "outbrain",
    "taboola", "recommended", "popular", "comments", "breadcrumb", "signup",
    "trending", "sidebar", "credit", "photo-credit", "more-stories", "read-more",
    "stcawatch-synthetic-note",  # the visible "synthetic sample" note of demo pages
}
CHROME_TAGS = ("figcaption", "aside", "nav", "footer", "form", "noscript", "button")
PAYWALL_TOKENS = {"paywall", "subscriber-only", "premium-content", "meter-wall", "piano"}
PLACEHOLDER_LINES = {"loading...", "loading", "advertisement", "ad", "share", "close"}
TZ_NAMES = {"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8,
            "PDT": -7, "AST": -4, "ADT": -3, "NST": -3.5, "NDT": -2.5, "UTC": 0, "GMT": 0}
TZINFOS = {name: int(hours * 3600) for name, hours in TZ_NAMES.items()}
MIN_WORDS = 120  # a news body shorter than this is flagged as possibly truncated


class ArticleError(ValueError):
    """The page cannot be read as an article (empty, not HTML, no body); names the URL."""


@dataclass
class Article:
    url: str
    canonical_url: str
    title: str | None
    body: str
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    section: str | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    paywalled: bool = False
    truncated: bool = False
    synthetic: bool = False
    content_hash: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def _class_tokens(el) -> set[str]:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    tokens = set(raw.split())
    return tokens | {part for token in tokens for part in re.split(r"[-_]", token) if part}


def _strip_chrome(root) -> None:
    """Drop captions, asides, related/newsletter boxes before trafilatura sees the tree."""
    for el in list(root.iter(*CHROME_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "article", "main"):
            continue
        if _class_tokens(el) & CHROME_TOKENS and el.getparent() is not None:
            el.drop_tree()


def _first(*values):
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name") or value.get("@id")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _names(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str):
            names.extend(n.strip() for n in re.split(r"\s+and\s+|,|;", name) if n.strip())
    return list(dict.fromkeys(n for n in names if not n.lower().startswith("http")))


def normalise_date(value: str | None, tz: str = "America/Toronto") -> str | None:
    """ISO 8601 with an offset; a naive time is read in ``tz``; a bare date stays a date."""
    if not value or not str(value).strip():
        return None
    value = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    try:
        parsed = dateparser.parse(value, tzinfos=TZINFOS)
    except (ValueError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(tz))
    return parsed.isoformat()


def _meta_tags(root) -> dict[str, str]:
    tags: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if key and el.get("content") and key not in tags:
            tags[key] = el.get("content").strip()
    return tags


def _jsonld_article(html: str, url: str) -> dict:
    try:
        data = extruct.extract(html, base_url=url, syntaxes=["json-ld"], errors="ignore")
    except Exception:  # extruct raises many kinds on broken markup; metadata is optional
        return {}
    stack = list(data.get("json-ld", []))
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        stack.extend(node.get("@graph", []) if isinstance(node.get("@graph"), list) else [])
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.endswith(("Article", "Posting", "Report")) for k in kinds):
            return node
    return {}


def _clean_body(text: str, title: str | None) -> str:
    titles = set()
    if title:
        titles = {title.lower().strip(), title.split(" | ")[0].lower().strip()}
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.lower() in PLACEHOLDER_LINES or stripped.lower() in titles:
            continue
        lines.append(stripped)
    return "\n\n".join(lines)


def content_hash(body: str) -> str:
    """sha1 of the whitespace-normalised body: chrome or markup changes do not count."""
    return hashlib.sha1(" ".join(body.split()).encode("utf-8")).hexdigest()


def extract_article(html: bytes | str, url: str, tz: str = "America/Toronto",
                    min_words: int = MIN_WORDS) -> Article:
    """Read one news page. Raises ArticleError naming ``url`` when there is no article body."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html.strip() or "<" not in html[:4096]:
        raise ArticleError(f"{url}: empty or not HTML")
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ArticleError(f"{url}: unparseable HTML: {exc}") from None
    meta = _meta_tags(root)
    ld = _jsonld_article(html, url)
    paywall_markers = any(_class_tokens(el) & PAYWALL_TOKENS for el in root.iter() if isinstance(el.tag, str))
    _strip_chrome(root)
    cleaned = lxml.html.tostring(root, encoding="unicode")
    with warnings.catch_warnings():  # htmldate guesses at "EST"; normalise_date reads it right
        warnings.simplefilter("ignore", dateparser.UnknownTimezoneWarning)
        bare = trafilatura.bare_extraction(cleaned, url=url, favor_precision=True, with_metadata=True,
                                           include_comments=False, include_tables=False)
    if bare is None:
        raise ArticleError(f"{url}: no article body found")
    traf = bare.as_dict() if hasattr(bare, "as_dict") else dict(bare)
    title = _first(ld.get("headline"), meta.get("og:title"), traf.get("title"), meta.get("title"))
    body = _clean_body(traf.get("text") or "", title)
    if not body:
        raise ArticleError(f"{url}: no article body found")
    canonical = _first(ld.get("url") if isinstance(ld.get("url"), str) else None,
                       next((l.get("href") for l in root.iter("link") if (l.get("rel") or "").lower() == "canonical"), None),
                       meta.get("og:url"), url)
    canonical = urljoin(url, canonical)
    authors = _names(ld.get("author")) or _names(meta.get("author")) or _names(
        meta.get("article:author")) or _names(traf.get("author"))
    section = _first(ld.get("articleSection"), meta.get("article:section"), meta.get("section"),
                     meta.get("parsely-section"))
    if not section:
        parts = [p for p in urlsplit(canonical).path.split("/") if p and not p[0].isdigit()]
        section = parts[0] if len(parts) > 1 else None
    language = _first(ld.get("inLanguage"), root.get("lang"), meta.get("content-language"),
                      meta.get("og:locale"), traf.get("language"))
    free = ld.get("isAccessibleForFree")
    paywalled = bool(paywall_markers or str(free).lower() == "false"
                     or meta.get("article:content_tier", "").lower() in ("locked", "metered"))
    words = len(body.split())
    return Article(
        url=url, canonical_url=canonical, title=title.split(" | ")[0] if title else None,
        body=body, authors=authors,
        published=normalise_date(_first(ld.get("datePublished"), meta.get("article:published_time"),
                                        meta.get("pubdate"), meta.get("date"), traf.get("date")), tz),
        modified=normalise_date(_first(ld.get("dateModified"), meta.get("article:modified_time"),
                                       meta.get("last-modified"), meta.get("og:updated_time")), tz),
        section=section, language=language.split("-")[0].split("_")[0].lower() if language else None,
        site_name=_first(meta.get("og:site_name"), traf.get("sitename")),
        description=_first(ld.get("description"), meta.get("og:description"), meta.get("description")),
        paywalled=paywalled,
        truncated=(paywalled and words < min_words) or words < min_words // 4
        or body.rstrip().endswith(("…", "[...]", "...")),
        synthetic=meta.get("stcawatch:synthetic", "").lower() == "true",
        content_hash=content_hash(body),
    )


def article_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)
