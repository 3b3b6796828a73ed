"""Build the large loopback corpus for benchmarks and fault tests.

Hansard: the debates fixtures are replicated under a made-up parliament (99, session 1) with new
sitting numbers, so every copy is a distinct sitting with distinct bytes, laid out exactly as on
ourcommons.ca. News: SYNTHETIC article pages (sentences sampled from the Hansard fixtures, marked
``synthetic`` in a meta tag and in every title) plus a sitemap, because the news fixtures may not
be redistributed. Nothing here is real news.
"""
from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from crawlers.hansard_xml import parse_sitting
from crawlers.safe_xml import XMLError
from crawlers.spiders.hansard import sitting_path
from demo.site import HANSARD_SAMPLES

PARLIAMENT, SESSION = 99, 1
_ITEM = r'(<ExtractedItem Name="{name}">)[^<]*(<)'


@dataclass
class Corpus:
    root: Path
    sittings: int = 0
    hansard_words: int = 0
    hansard_bytes: int = 0
    news_pages: int = 0
    news_words: int = 0
    paths: list[str] = field(default_factory=list)  # URL paths of the sittings

    def spider_settings(self) -> dict:
        return {"HANSARD_SESSIONS": [f"{PARLIAMENT}-{SESSION}:1-{self.sittings}"],
                "HANSARD_LANGUAGES": ["E"], "HANSARD_MAX_MISSES": 1}


def renumber(data: bytes, number: int) -> bytes:
    """Give a publication a new parliament/session/sitting number (its metadata decides its id)."""
    text = data.decode("utf-8")
    for name, value in (("MetaNumberNumber", f"{number:03d}"), ("Number", f"No. {number:03d}"),
                        ("ParliamentNumber", str(PARLIAMENT)), ("SessionNumber", str(SESSION))):
        text = re.sub(_ITEM.format(name=name), lambda m: m.group(1) + value + m.group(2), text, count=1)
    return text.encode("utf-8")


def debate_sources(sources: Path = HANSARD_SAMPLES) -> list[tuple[bytes, int, list[str]]]:
    """(bytes, words, sentences) of each House debates fixture (committee evidence is skipped)."""
    out = []
    for path in sorted(sources.glob("*.xml")) + sorted(sources.glob("*.XML")):
        data = path.read_bytes()
        try:
            sitting = parse_sitting(data, str(path))
        except XMLError:
            continue
        if sitting.kind != "debates":
            continue
        text = sitting.text
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s) <= 400]
        out.append((data, len(text.split()), sentences))
    return out


def build_corpus(root: Path, min_words: int = 2_000_000, news_pages: int = 2000,
                 sources: Path = HANSARD_SAMPLES, seed: int = 7) -> Corpus:
    """Lay out ≥ ``min_words`` of Hansard and ``news_pages`` synthetic news pages under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(root)
    fixtures = debate_sources(sources)
    if not fixtures:
        raise ValueError(f"no Hansard debates fixtures under {sources}")
    number = 0
    while corpus.hansard_words < min_words:
        for data, words, _ in fixtures:
            number += 1
            path = sitting_path(PARLIAMENT, SESSION, number, "E")
            body = renumber(data, number)
            target = root / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            corpus.paths.append(path)
            corpus.hansard_words += words
            corpus.hansard_bytes += len(body)
            if corpus.hansard_words >= min_words:
                break
    corpus.sittings = number
    sentences = [s for _, _, ss in fixtures for s in ss]
    corpus.news_pages, corpus.news_words = write_news(root, sentences, news_pages, seed)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return corpus


def write_news(root: Path, sentences: list[str], pages: int, seed: int) -> tuple[int, int]:
    """SYNTHETIC article pages + sitemap.xml; returns (pages, words)."""
    if pages <= 0:
        return 0, 0
    rng = random.Random(seed)
    news = root / "news"
    news.mkdir(parents=True, exist_ok=True)
    urls, words = [], 0  # (path, date): dated like real news sitemaps (../shared/fixtures/feeds)
    for i in range(pages):
        paras = [" ".join(rng.sample(sentences, 3)) for _ in range(rng.randint(6, 14))]
        words += sum(len(p.split()) for p in paras)
        title = f"SYNTHETIC benchmark article {i}"
        date = f"2024-01-{1 + i % 28:02d}T12:00:00Z"
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
        page = (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
                f'<meta name="stcawatch:synthetic" content="1">'
                f'<meta property="article:published_time" content="{date}">'
                f"</head><body><article><h1>{title}</h1>{body}</article></body></html>")
        (news / f"article-{i:05d}.html").write_text(page, encoding="utf-8")
        urls.append((f"/news/article-{i:05d}.html", date))
    (root / "news" / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- SYNTHETIC benchmark pages -->\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(f"<url><loc>{{BASE}}{u}</loc><lastmod>{d}</lastmod></url>\n" for u, d in urls)
        + "</urlset>\n",
        encoding="utf-8")
    return pages, words


def point_sitemap(root: Path, base_url: str) -> Path:
    """Write the served sitemap's absolute URLs once the loopback server's port is known."""
    path = root / "news" / "sitemap.xml"
    path.write_text(path.read_text(encoding="utf-8").replace("{BASE}", base_url), encoding="utf-8")
    return path
