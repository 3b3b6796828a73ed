"""Build the sample news site served on 127.0.0.1 by the demo and the crawl tests.

The committed part (demo/news/site) is synthetic: pages we wrote, each marked with
``<meta name="stcawatch:synthetic" content="true">`` and a visible note. At build time this adds,
from ../shared (never committed to the repo): the real RSS feed and Google News sitemap in
fixtures/feeds, and one page per news excerpt in fixtures/excerpts quoting its opening briefly,
crediting the outlet and linking the source URL. It also writes a >5 MiB page that the crawler
must skip as too large. And it writes a synthetic outlet, "House in the press", whose pages
report what members said about the STCA in the demo's House sittings (demo/hansard, reproduced
with the House's permission): their own words, quoted and credited to the sitting, so the
demo's "House vs. press" query and the stance views have both venues to compare.

    python demo/build_news_site.py OUT_DIR [--shared ../shared]
"""
from __future__ import annotations

import argparse
import html
import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = HERE / "news" / "site"
REAL_FEEDS = {  # shared fixture -> path in the site (outlet key / path of its sources.yaml URL)
    "ctvnews_politics_rss_2020-03-19.closed.xml": "ctv/rss/politics/ctvnews-ca-politics-public-rss-1.822302",
    "mitl_news_google_news_sitemap_2026.closed.xml": "mitl/news-sitemap.xml",
}
QUOTE_CHARS = 1000  # a short quotation: the opening paragraphs up to about this many characters


def quotation(text: str, limit: int = QUOTE_CHARS) -> tuple[str, list[str]]:
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    title, kept, size = paras[0], [], 0
    for para in paras[1:]:
        if size and size + len(para) > limit:
            break
        kept.append(para)
        size += len(para)
    return title, kept


def excerpt_page(record: dict) -> str:
    title, paras = quotation(record["excerpt"])
    outlet, url = html.escape(record.get("outlet") or "unknown outlet"), html.escape(record["url"])
    body = "\n".join(f"    <p>{html.escape(p)}</p>" for p in paras)
    date = f'<meta property="article:published_time" content="{record["date"]}">' if record.get(
        "date") and len(record["date"]) == 10 else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<meta name="stcawatch:synthetic" content="false">
<meta name="stcawatch:credited" content="{outlet}; {url}">
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="{outlet}">
{date}
</head><body><article>
    <h1>{html.escape(title)}</h1>
{body}
    <p class="credit">Short quotation from {outlet}: <a href="{url}">{url}</a>.
    Reproduced for research demonstration; the full article is at the source.</p>
</article></body></html>
"""


HANSARD = HERE / "hansard"
PRESS_QUOTES = 6  # pages of the synthetic "House in the press" outlet


def house_quotes(limit: int = PRESS_QUOTES) -> list[dict]:
    """STCA interventions of the demo's English House sittings: speaker, party, date, and the
    first sentences of their words (at most about 400 characters)."""
    import re

    from crawlers.hansard_xml import parse_sitting

    out = []
    for path in sorted(HANSARD.glob("*.xml")):
        sitting = parse_sitting(path.read_bytes(), path.as_uri())
        if sitting.language != "en" or sitting.kind != "debates":
            continue
        for st in sitting.statements:
            low = st.text.lower()
            sp = st.speaker
            if st.kind != "speech" or not sp or not sp.name or "safe third country" not in low:
                continue
            sentences = re.split(r"(?<!\b[A-Z]\.[A-Z]\.)(?<=[.!?])\s+", st.text.replace("\n", " "))
            at = next(i for i, x in enumerate(sentences) if "safe third country" in x.lower())
            words, size = [], 0
            for sentence in sentences[at:]:
                if size and size + len(sentence) > 400:
                    break
                words.append(sentence)
                size += len(sentence)
            out.append({"name": sp.name, "party": sp.party, "riding": sp.riding, "date": sitting.date,
                        "quote": " ".join(words), "sitting": sitting.title, "id": f"{sitting.id}-{st.seq}"})
    return out[:limit]


def press_page(q: dict) -> str:
    who = html.escape(q["name"])
    party = f" ({html.escape(q['party'])})" if q.get("party") else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{who} on the Safe Third Country Agreement</title>
<meta name="stcawatch:synthetic" content="true">
<meta property="og:site_name" content="House in the press (synthetic sample)">
<meta property="article:published_time" content="{q['date']}T18:00:00-04:00">
<link rel="canonical" href="https://house-press.example/{q['id']}.html">
</head><body><article>
    <h1>{who} on the Safe Third Country Agreement</h1>
    <p>OTTAWA — The Safe Third Country Agreement with the United States was raised in the House of
    Commons on {q['date']}.</p>
    <p>"{html.escape(q['quote'])}" {who}{party} said in the House.</p>
    <p>The agreement requires most asylum seekers to claim refugee protection in the first safe
    country they reach.</p>
    <p class="stcawatch-synthetic-note">Synthetic sample page of the stcawatch demo: it quotes the
    member's words from the House of Commons Debates ({html.escape(q['sitting'])}).</p>
</article></body></html>
"""


def build(out: Path, shared: Path) -> Path:
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(SITE, out)
    feeds = shared / "fixtures" / "feeds"
    for name, target in REAL_FEEDS.items():
        if (feeds / name).exists():
            (out / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(feeds / name, out / target)
    items = []
    excerpts = shared / "fixtures" / "excerpts" / "stca_excerpts_dev.jsonl"
    if excerpts.exists():
        (out / "excerpts").mkdir(exist_ok=True)
        for line in excerpts.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if not record.get("outlet") or not record.get("url"):
                continue  # parliamentary speeches: the Hansard crawler covers those
            (out / "excerpts" / f"{record['id']}.html").write_text(excerpt_page(record), encoding="utf-8")
            items.append(f"<item><title>{html.escape(quotation(record['excerpt'])[0])}</title>"
                         f"<link>https://excerpts.example/{record['id']}.html</link></item>")
        (out / "excerpts" / "feed.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            "<title>Credited excerpts</title><language>en</language>\n" + "\n".join(items)
            + "\n</channel></rss>\n", encoding="utf-8")
    quotes = house_quotes()
    (out / "housepress").mkdir(exist_ok=True)
    for q in quotes:
        (out / "housepress" / f"{q['id']}.html").write_text(press_page(q), encoding="utf-8")
    (out / "housepress" / "feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        "<title>House in the press (synthetic sample)</title><language>en</language>\n"
        + "\n".join(f"<item><title>{html.escape(q['name'])} on the STCA</title>"
                    f"<link>https://house-press.example/{q['id']}.html</link></item>" for q in quotes)
        + "\n</channel></rss>\n", encoding="utf-8")
    filler = "<p>" + "Synthetic filler paragraph for an oversized page. " * 40 + "</p>\n"
    (out / "global" / "news" / "synthetic-huge-page.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta name="stcawatch:synthetic" content="true">'
        "<title>Huge page</title></head><body>\n" + filler * 2800 + "</body></html>\n",
        encoding="utf-8")
    return out


def crawl_overrides(base_url: str, db_path: str | Path, use_model: bool = True) -> dict:
    """Scrapy settings that point the news spider at the served sample site."""
    return {
        "NEWS_SOURCES": str(HERE / "news" / "sources.yaml"),
        "NEWS_BASE_URL": base_url,
        "NEWS_USE_MODEL": use_model,
        "STCAWATCH_DB": str(db_path),
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
    }


if __name__ == "__main__":
    from nlp.paths import shared_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared", type=Path, default=shared_dir())
    args = parser.parse_args()
    print(build(args.out, args.shared))
