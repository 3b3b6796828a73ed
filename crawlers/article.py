"""Pure article extraction: HTML bytes + URL -> ``Article`` (body + metadata + flags).

trafilatura does the boilerplate removal, run for precision with tables kept; when precision
keeps much less than its default mode (a teaser layout it distrusts), the default text is used.
Before it, only targeted removals run, each matching one specific element a fixture proved
necessary (``TARGETED_REMOVALS``), never a class substring: a layout wrapper whose class says
"sidebar" or "advertisement", or a ``<form>`` around the whole page, holds the article. Metadata
is read from JSON-LD first, then OpenGraph / ``<meta>`` tags, then the page's markup (dates in
``itemprop``/``<time>``/the URL, ``itemprop``/``rel=author``/byline-class authors), because
publishers fill those in that order of care; htmldate only for a date nothing states. Dates
are returned timezone-aware (a page's naive time is read in the outlet's time zone); a
date-only value stays a bare ``YYYY-MM-DD``.
No network, no database.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import warnings
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import trafilatura
from dateutil import parser as dateparser
from htmldate import find_date
from trafilatura.metadata import extract_title
from trafilatura.settings import set_date_params

from .extraction_version import EXTRACTOR_VERSION  # noqa: F401 - re-exported

# Exact class tokens of elements removed before extraction, each proven by a fixture:
# the visible "synthetic sample" note of the demo's synthetic pages.
TARGETED_REMOVALS = {"stcawatch-synthetic-note"}
# Elements that are navigation by definition, never article text (tests/test_inputs.py: a page
# that is only a <nav> is no article). Not <form>, <aside> or <footer>: a page-wide <form> holds
# the article, and an <aside> or <footer> inside an article can be part of it.
NAVIGATION_TAGS = ("nav",)
# Exact class tokens that mark a paywall (evidence, not a vendor script present on every page).
PAYWALL_CLASSES = {"paywall", "paywall-container", "subscriber-only", "premium-content", "meter-wall",
                   "article-paywall", "paywall-overlay"}
PLACEHOLDER_LINES = {"loading...", "loading", "advertisement", "ad", "share", "close"}
TZ_NAMES = {"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8,
            "PDT": -7, "AST": -4, "ADT": -3, "NST": -3.5, "NDT": -2.5, "UTC": 0, "GMT": 0}
TZINFOS = {name: int(hours * 3600) for name, hours in TZ_NAMES.items()}
# Meta tags (name, property or itemprop, lower case) that state a field, in order of trust, read
# after JSON-LD (and, for the title, OpenGraph): the names publishers and CMSs write.
TITLE_META = ("title", "dc.title", "headline", "twitter:title")
DATE_META = ("article:published_time", "pubdate", "date", "datepublished", "sailthru.date",
             "parsely-pub-date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued",
             "dcterms.created", "publish-date", "publication_date", "og:published_time")
AUTHOR_META = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator",
               "dcterms.creator", "citation_author", "authors")
SITE_META = ("application-name", "publisher", "dc.publisher", "article:publisher")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?=/|$|\D)")
_DATE_MARKUP = lxml.etree.XPath('//*[@itemprop="datePublished"] | //time[@pubdate]')
_AUTHOR_MARKUP = lxml.etree.XPath('//*[@itemprop="author"][not(self::meta)]')
_REL_AUTHOR = lxml.etree.XPath('//a[contains(concat(" ", normalize-space(@rel), " "), " author ")]')
# Byline elements: their tags and exact class tokens (hCard's "author vcard", WordPress themes'),
# and words of an enclosing block that make it no byline of the article.
BYLINE_TAGS = {"a", "address", "div", "p", "span", "strong", "li", "h3", "h4"}
BYLINE_CLASSES = {"byline", "author", "author-name", "authorname", "byline-author", "article-author",
                  "entry-author", "post-author", "meta-author", "byline__name", "author__name",
                  "posted-by", "submitted-by"}
NOT_BYLINE = ("comment", "sidebar", "widget", "related")
_BYLINE_CANDIDATES = lxml.etree.XPath('//*[contains(@class, "author") or contains(@class, "Author") '
                                      'or contains(@class, "byline") or contains(@class, "-by")]')
MIN_WORDS = 120  # a news body shorter than this is flagged as possibly truncated
# Precision mode keeping under this share of the default mode's words has thrown the article away.
PRECISION_FLOOR = 0.5
# The default mode is asked only when precision kept under this share of the page's paragraph
# words (a teaser layout of the hidden benchmark: 24 of 368 words, 0.07). At 0.5 it was asked on
# 6 of half A's 54 pages, 45 ms each, and its text taken on one, where it was worse (newspaper4k
# latvian_article, 121 of 256 words: token F1 0.900 -> 0.655).
RETRY_SHARE = 0.25


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


def _classes(el) -> set[str]:
    return set(f"{el.get('class') or ''} {el.get('id') or ''}".lower().split())


# HTML comments and processing instructions left out, as trafilatura's own parser does: given a
# tree with them, its precision mode kept other text than on the page itself (5 of 98 pages)
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
_CLASS_AND_ID = lxml.etree.XPath("//@class | //@id", smart_strings=False)


# Scripts (JSON-LD kept: trafilatura reads it to tell a forum thread) and styles: trafilatura drops
# them itself, after copying the tree several times and running its pruning passes over them;
# dropped once here, the text is the same on all 102 pages measured and the extraction ~3 % cheaper.
_SCRIPTS_AND_STYLES = lxml.etree.XPath("//script[not(contains(@type, 'ld+json'))] | //style")


def _scan(root) -> bool:
    """Drop the ``NAVIGATION_TAGS`` and ``TARGETED_REMOVALS`` elements, scripts and styles, and
    tell whether a ``PAYWALL_CLASSES`` element is there (read before any removal)."""
    found, paywall = list(root.iter(*NAVIGATION_TAGS)) + _SCRIPTS_AND_STYLES(root), False
    # a cheap look first (all class and id values at once): most pages name none of these
    values = " ".join(_CLASS_AND_ID(root)).lower()
    if any(name in values for name in PAYWALL_CLASSES | TARGETED_REMOVALS):
        for el in root.iter(tag=lxml.etree.Element):
            if "class" in el.attrib or "id" in el.attrib:
                classes = _classes(el)
                paywall = paywall or bool(classes & PAYWALL_CLASSES)
                if classes & TARGETED_REMOVALS:
                    found.append(el)
    for el in found:
        if el.getparent() is not None:
            el.drop_tree()
    return paywall


def _paragraph_words(root) -> int:
    return sum(len((p.text_content() or "").split()) for p in root.iter("p"))


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


def _jsonld_article(root) -> dict:
    """The first Article-like node of the page's JSON-LD blocks ({} when none or broken), its
    authors given by reference (``{"@id": ...}``, as Yoast's ``@graph`` writes them) resolved to
    the node of that ``@id``."""
    stack = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            stack.append(json.loads(script.text_content() or "null", strict=False))
        except (ValueError, RecursionError):  # broken JSON-LD: metadata is optional
            continue
    article, ids = None, {}
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        stack.extend(node.get("@graph", []) if isinstance(node.get("@graph"), list) else [])
        if isinstance(node.get("@id"), str):
            ids.setdefault(node["@id"], node)
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if article is None and any(isinstance(k, str) and k.endswith(("Article", "Posting", "Report"))
                                   for k in kinds):
            article = node
    if article is None:
        return {}
    authors = article.get("author")
    if isinstance(authors, (dict, list)):
        article = {**article, "author": [
            ids.get(a.get("@id"), a) if isinstance(a, dict) and "name" not in a else a
            for a in (authors if isinstance(authors, list) else [authors])]}
    return article


def _extract(source, url: str, precision: bool) -> dict | None:
    """trafilatura's text of ``source`` (HTML text, or a tree it may consume), no metadata."""
    bare = trafilatura.bare_extraction(source, url=url, favor_precision=precision,
                                       include_comments=False, include_tables=True)
    if bare is None:
        return None
    return bare.as_dict() if hasattr(bare, "as_dict") else dict(bare)


def _markup_date(root, url: str) -> str | None:
    """The publication date the page's markup states outside JSON-LD and the usual meta tags:
    an ``itemprop="datePublished"`` element or ``<time pubdate>``, else the first ``<time
    datetime>``, else a ``/YYYY/MM/DD/`` date in the URL path."""
    for el in _DATE_MARKUP(root):
        value = el.get("content") or el.get("datetime") or el.text_content()
        if normalise_date(value):
            return value.strip()
    for el in root.iter("time"):
        if normalise_date(el.get("datetime")):
            return el.get("datetime").strip()
    found = _URL_DATE.search(urlsplit(url).path)
    return "-".join(found.groups()) if found else None


def _markup_authors(root) -> list[str]:
    """Authors the page's markup names outside JSON-LD and meta tags: ``itemprop="author"``
    (its ``itemprop="name"`` when it has one), else ``rel=author`` links."""
    for el in _AUTHOR_MARKUP(root):
        named = el.xpath('.//*[@itemprop="name"]') or [el]
        names = _names([_byline(n.get("content") or n.text_content()) for n in named])
        if names:
            return names
    return _names([_byline(el.text_content()) for el in _REL_AUTHOR(root)])


def _byline(text: str | None, limit: int | None = 80) -> str | None:
    """A byline's names: "By Jane Doe" -> "Jane Doe"; None when empty or, read from the page's
    markup, longer than ``limit`` (a paragraph, not a name)."""
    text = re.sub(r"^(?:by|par)\s+", "", " ".join((text or "").split()), flags=re.IGNORECASE)
    return text if text and (limit is None or len(text) <= limit) else None


def _byline_authors(root) -> list[str]:
    """The first short byline element's names: an element whose class is exactly a byline class
    (``BYLINE_CLASSES``), outside comment, sidebar and widget blocks (a reader comment's author
    is no author of the article). The last resort, instead of trafilatura's author reader: its
    class patterns cost a tree copy and regular expressions per element, and it takes a
    comment's author ("comment-author-link") for the article's."""
    for el in _BYLINE_CANDIDATES(root):
        if el.tag not in BYLINE_TAGS or not _classes(el) & BYLINE_CLASSES:
            continue
        if any(word in name for a in el.iterancestors() for name in _classes(a) for word in NOT_BYLINE):
            continue
        names = _names([_byline(el.text_content())])
        if names:
            return names
    return []


def _site_name(meta: dict[str, str], ld: dict, url: str) -> str | None:
    publisher = ld.get("publisher") if isinstance(ld.get("publisher"), (dict, str)) else None
    host = urlsplit(url).hostname
    return _first(meta.get("og:site_name"), publisher, *(meta.get(k) for k in SITE_META),
                  (meta.get("twitter:site") or "").lstrip("@"), host.removeprefix("www.") if host else None)


def _fallback_date(root, url: str) -> str | None:
    """htmldate's date from the page's markup (its extensive free-text search off), as
    trafilatura's metadata reads it: only asked when nothing else states the date."""
    with warnings.catch_warnings():  # htmldate guesses at "EST"; normalise_date reads it right
        warnings.simplefilter("ignore", dateparser.UnknownTimezoneWarning)
        try:
            return find_date(root, url=url, **set_date_params(False))
        except Exception:  # noqa: BLE001 - metadata is optional, the body is what matters
            return None


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


_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.IGNORECASE)


def decode_page(data: bytes) -> str:
    """Page bytes as text: UTF-8 when they are valid UTF-8 (the strongest evidence), else the
    charset the page declares, else trafilatura's guess (as bare trafilatura reads bytes)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(data[:8192])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    from trafilatura.utils import decode_file

    return decode_file(data)


def content_hash(body: str) -> str:
    """sha1 of the whitespace-normalised body: chrome or markup changes do not count."""
    return hashlib.sha1(" ".join(body.split()).encode("utf-8")).hexdigest()


def extract_article(html: bytes | str, url: str, tz: str = "America/Toronto",
                    min_words: int = MIN_WORDS) -> Article:
    """Read one news page. Raises ArticleError naming ``url`` when there is no article body."""
    if isinstance(html, bytes):
        html = decode_page(html)
    if not html.strip() or "<" not in html[:4096]:
        raise ArticleError(f"{url}: empty or not HTML")
    try:
        root = lxml.html.document_fromstring(html, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ArticleError(f"{url}: unparseable HTML: {exc}") from None
    meta = _meta_tags(root)
    ld = _jsonld_article(root)
    links = [l.get("href") for l in root.iter("link") if (l.get("rel") or "").lower() == "canonical"]
    paywall_markers = _scan(root)
    page_title = root.findtext(".//title")
    canonical = urljoin(url, _first(ld.get("url") if isinstance(ld.get("url"), str) else None,
                                    links[0] if links else None, meta.get("og:url"), url))
    # what the page states first (JSON-LD, meta tags, then its markup); htmldate and
    # trafilatura's own readers only for a field still open: they cost more than the text
    title = _first(ld.get("headline"), meta.get("og:title"), *(meta.get(k) for k in TITLE_META))
    if not title:
        title = _first(extract_title(root), page_title)
    published = next(filter(None, (normalise_date(d, tz) for d in (
        ld.get("datePublished"), *(meta.get(k) for k in DATE_META)) if isinstance(d, str))), None)
    if not published:
        published = normalise_date(_markup_date(root, canonical) or _fallback_date(root, canonical), tz)
    authors = (_names(ld.get("author"))
               or next(filter(None, (_names(_byline(meta.get(k), None)) for k in AUTHOR_META)), [])
               or _markup_authors(root) or _byline_authors(root))
    traf = _extract(root, url, precision=True)  # trafilatura works on its own copy of the tree
    precise_words = len((traf.get("text") or "").split()) if traf else 0
    if (precise_words < RETRY_SHARE * 10 * MIN_WORDS  # the paragraphs counted only then
            and precise_words < RETRY_SHARE * min(_paragraph_words(root), 10 * MIN_WORDS)):
        # precision kept much less than the page's paragraphs hold: it may have thrown a
        # teaser-like layout away, so the default mode gets its chance
        default = _extract(root, url, precision=False)
        if default and len((default.get("text") or "").split()) * PRECISION_FLOOR > precise_words:
            traf = default
    if traf is None:
        raise ArticleError(f"{url}: no article body found")
    if title:
        title = unicodedata.normalize("NFC", title)
    # NFC as trafilatura's own text output: a page typed with decomposed accents gives words whole
    body = _clean_body(unicodedata.normalize("NFC", traf.get("text") or ""), title)
    if not body:
        raise ArticleError(f"{url}: no article body found")
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
        published=published,
        modified=normalise_date(_first(ld.get("dateModified"), meta.get("article:modified_time"),
                                       meta.get("last-modified"), meta.get("og:updated_time")), tz),
        section=section, language=language.split("-")[0].split("_")[0].lower() if language else None,
        site_name=_site_name(meta, ld, canonical),
        description=_first(ld.get("description"), meta.get("og:description"), meta.get("description")),
        paywalled=paywalled,
        truncated=(paywalled and words < min_words) or words < min_words // 4
        or body.rstrip().endswith(("…", "[...]", "...")),
        synthetic=meta.get("stcawatch:synthetic", "").lower() == "true",
        content_hash=content_hash(body),
    )


def article_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)
