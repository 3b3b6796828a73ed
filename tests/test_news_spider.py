"""News discovery on the real feeds, sources as data, and real Scrapy crawls of the sample site
served on 127.0.0.1: first crawl, a second crawl that fetches nothing unchanged, a changed
article that becomes a revision, robots.txt honoured, bad pages recorded with their reason."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crawlers.listings import ListingError, parse_feed_or_sitemap, parse_section
from crawlers.loopback import serve_folder
from crawlers.news_sources import load_sources, rebase
from demo.build_news_site import build, crawl_overrides
from store.schema import open_db
from tests.conftest import FEED_FIXTURES, ROOT, SHARED, need

CRAWL = """
import json, sys
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from crawlers import settings as base
settings = Settings()
settings.setmodule(base, priority="project")
for key, value in json.loads(sys.argv[1]).items():
    settings.set(key, value, priority="cmdline")
process = CrawlerProcess(settings)
crawler = process.create_crawler("news")
process.crawl(crawler)
process.start()
stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, (int, float, str))}
stats["torch_imported"] = "torch" in sys.modules
print("STATS" + json.dumps(stats))
"""


def crawl(base_url: str, db_path: Path, use_model: bool = False, **extra) -> dict:
    """One crawl in a fresh process (Twisted's reactor cannot restart); returns its stats."""
    overrides = {**crawl_overrides(base_url, db_path, use_model), "LOG_LEVEL": "WARNING",
                 "ITEM_PIPELINES": {"crawlers.news_pipeline.NewsPipeline": 400}, **extra}
    result = subprocess.run([sys.executable, "-c", CRAWL, json.dumps(overrides)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(l for l in result.stdout.splitlines() if l.startswith("STATS"))
    return json.loads(line[5:])


# --- discovery on the real feeds ------------------------------------------------------------

def test_real_rss_feeds():
    need(FEED_FIXTURES)
    for path in FEED_FIXTURES.glob("*.xml"):
        listing = parse_feed_or_sitemap(path.read_bytes(), "https://example.com/feed")
        assert listing.entries, path.name
        assert all(e.url.startswith("http") and e.date for e in listing.entries), path.name
    ctv = parse_feed_or_sitemap(
        (FEED_FIXTURES / "ctvnews_politics_rss_2020-03-19.closed.xml").read_bytes(), "https://x/")
    [entry] = ctv.entries
    assert entry.url.endswith("canada-u-s-border-likely-shutting-this-weekend-pm-1.4859341")
    assert entry.date == "Thu, 19 Mar 2020 16:34:00 -0400"  # ctv:lastModifiedDate beats pubDate
    assert entry.language == "en"


def test_real_google_news_sitemap():
    data = need(FEED_FIXTURES / "mitl_news_google_news_sitemap_2026.closed.xml").read_bytes()
    listing = parse_feed_or_sitemap(data, "https://mitl.news/news-sitemap.xml")
    assert listing.kind == "urlset"
    assert [e.language for e in listing.entries] == ["en", "en", "fr"]
    assert listing.entries[2].title == "Votre chien est-il le 587e suspect à Montréal?"
    assert listing.entries[0].date == "2026-04-23T12:03:13+00:00"


def test_hostile_or_broken_listing_is_refused_with_the_url():
    evil = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>'
    with pytest.raises(ListingError, match="https://bad.example/feed"):
        parse_feed_or_sitemap(evil, "https://bad.example/feed")
    with pytest.raises(ListingError, match="malformed"):
        parse_feed_or_sitemap(b"<rss><channel>", "https://bad.example/feed")
    with pytest.raises(ListingError, match="not a feed"):
        parse_feed_or_sitemap(b"<html><body/></html>", "https://bad.example/feed")


def test_section_page_links_and_pagination():
    page = ROOT / "demo/news/site/cbc/news/politics/index.html"
    listing = parse_section(page.read_bytes(), "http://127.0.0.1:8000/cbc/news/politics/",
                            r"^/news/politics/.+-1\.\d+\.html$", prefix="/cbc")
    assert [e.url.rsplit("/", 1)[1] for e in listing.entries] == [
        "synthetic-stca-court-challenge-1.9000001.html", "synthetic-arena-funding-1.9000002.html"]
    assert listing.follow == ["http://127.0.0.1:8000/cbc/news/politics/page/2/"]


# --- sources as data --------------------------------------------------------------------------

def test_sources_cover_the_required_outlets():
    outlets = load_sources()
    names = " | ".join(o.name for o in outlets)
    for outlet in ("Globe and Mail", "CBC", "CTV", "Global News", "Toronto Star", "National Post",
                   "La Presse", "Radio-Canada", "Le Devoir", "Canadian Press"):
        assert outlet in names
    assert {o.language for o in outlets} == {"en", "fr"}
    assert any(o.wire for o in outlets)
    for outlet in outlets:
        assert outlet.start_urls(), outlet.key
        assert outlet.politeness.get("delay", 0) >= 1.0, outlet.key


def test_bad_sources_file_names_the_problem(tmp_path):
    bad = tmp_path / "sources.yaml"
    bad.write_text("outlets:\n  - key: x\n    name: X\n    language: en\n    base_url: https://x\n")
    with pytest.raises(ValueError, match=r"sources.yaml: outlet 'x' has no feeds"):
        load_sources(bad)
    bad.write_text("outlets:\n  - key: x\n    nme: X\n")
    with pytest.raises(ValueError, match="unknown keys"):
        load_sources(bad)


def test_rebase_puts_outlet_urls_on_the_loopback_base():
    base = "http://127.0.0.1:9"
    assert rebase("https://www.cbc.ca/news/a.html?x=1", "cbc", base) == f"{base}/cbc/news/a.html?x=1"
    assert rebase(f"{base}/cbc/news/a.html", "cbc", base) == f"{base}/cbc/news/a.html"
    assert rebase("https://www.cbc.ca/a", "cbc", None) == "https://www.cbc.ca/a"


# --- real crawls over loopback ----------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    need(SHARED)
    return build(tmp_path_factory.mktemp("newssite") / "site", SHARED)


ARTICLE = re.compile(r"\.html$|/$")


@pytest.mark.slow
def test_crawl_incremental_revision_robots(site, tmp_path):
    db_path = tmp_path / "news.db"
    with serve_folder(site) as server:
        first = crawl(server.base_url, db_path, use_model=True)
        hits_first = dict(server.hits)
        db = open_db(db_path)
        docs = {r["url"]: r for r in db.query("select * from documents where kind = 'news'")}
        errors = {r["url"].split("/", 3)[3]: r["reason"] for r in db.query("select * from crawl_errors")}
        seen = {r["url"]: r for r in db["seen_urls"].rows}
        db.close()

        # discovery -> extraction -> relevance -> storage
        assert first["finish_reason"] == "finished"
        assert "https://www.cbc.ca/news/politics/synthetic-stca-court-challenge-1.9000001" in docs
        french = docs["https://www.lapresse.ca/actualites/politique/2023-03-25/synthetique-tiers-pays-surs.php"]
        assert french["language"] == "fr" and french["synthetic"] == 1 and french["relevance"] == 1.0
        credited = [d for d in docs.values() if not d["synthetic"]]
        assert len(credited) >= 5  # the credited excerpt pages (real STCA coverage)
        cbc = docs["https://www.cbc.ca/news/politics/roxham-road-safe-third-country-1.4049515"]
        assert cbc["outlet"] == "CBC News" and cbc["synthetic"] == 0  # credited to the source
        assert all(d["relevant"] == 1 and d["text"] for d in docs.values())
        arena = f"{server.base_url}/cbc/news/politics/synthetic-arena-funding-1.9000002.html"
        assert seen[arena]["relevant"] == 0 and not any("arena" in u for u in docs)
        # wire copies grouped, not independent
        cpa = docs["https://cpa.example/2023/05/15/synthetic-irregular-crossings-fall/"]
        cpb = docs["https://cpb.example/news/national/synthetic-rcmp-interceptions-drop/"]
        assert cpa["dup_group"] == cpb["dup_group"]
        assert len({d["dup_group"] for d in docs.values()}) == len(docs) - 1
        # robots.txt honoured; bad pages recorded with their reason
        assert "/global/private/synthetic-embargoed-memo.html" not in server.hits
        assert "robots.txt" in errors["global/private/synthetic-embargoed-memo.html"]
        assert "not HTML" in errors["global/docs/synthetic-report.pdf"]
        assert "too large" in errors["global/news/synthetic-huge-page.html"]
        assert "no article body" in errors["global/news/synthetic-broken-page.html"]
        assert errors["ctv/health/coronavirus/canada-u-s-border-likely-shutting-this-weekend-pm-1.4859341"] == "HTTP 404"
        # issue 18: the page behind every stored article, and the unreadable one, is kept as fetched
        db = open_db(db_path)
        from store.sources import read_source

        kept = {r["url"]: r for r in db.query("select url, sha256, format, headers from sources")}
        assert all(d["source_sha256"] in {k["sha256"] for k in kept.values()} for d in docs.values())
        broken = kept[f"{server.base_url}/global/news/synthetic-broken-page.html"]
        assert broken["format"] == "news_html" and read_source(db, broken["sha256"]) == \
            (site / "global/news/synthetic-broken-page.html").read_bytes()
        assert not any("arena" in u for u in kept)  # irrelevant pages are not kept
        db.close()

        assert first["torch_imported"]  # MiniLM decided the grey-zone pages

        # second crawl: nothing unchanged is downloaded again, and nothing loads the model
        second = crawl(server.base_url, db_path, use_model=True)
        assert not second["torch_imported"]
        fetched_again = {p: n - hits_first.get(p, 0) for p, n in server.hits.items()
                         if ARTICLE.search(p) and p not in ("/cbc/news/politics/", "/cbc/news/politics/page/2/")
                         and n > hits_first.get(p, 0)}
        stored_pages = {u.split("/", 3)[3] for u in seen if u.startswith(server.base_url)}
        refetched_stored = {p for p in fetched_again if p.lstrip("/") in stored_pages}
        # dated listings are not requested at all; undated ones (section pages, the excerpt
        # feed) are asked conditionally and every one answers 304 Not Modified
        assert "/global/news/synthetic-asylum-hearing-backlog.html" not in refetched_stored
        assert "/cpa/2023/05/15/synthetic-irregular-crossings-fall.html" not in refetched_stored
        assert second.get("downloader/response_status_count/304", 0) == len(refetched_stored) > 0
        assert second["stcawatch/fetched"] == second["stcawatch/unchanged"] == len(refetched_stored)
        assert "stcawatch/stored" not in second and second.get("news/unchanged_listing", 0) >= 4

        # an edited article (new lastmod in the sitemap) is fetched and kept as a revision
        page = site / "global/news/synthetic-asylum-hearing-backlog.html"
        original = page.read_text(encoding="utf-8")
        edited = original.replace('<div class="newsletter-signup">', "<p>Update: the board said on Friday "
                                  'that it will publish monthly backlog figures.</p><div class="newsletter-signup">')
        assert edited != original
        page.write_text(edited, encoding="utf-8")
        sitemap = site / "global/news-sitemap.xml"
        sitemap.write_text(sitemap.read_text().replace(
            "<loc>https://globalnews.ca/news/synthetic-asylum-hearing-backlog.html</loc>",
            "<loc>https://globalnews.ca/news/synthetic-asylum-hearing-backlog.html</loc>"
            "<lastmod>2023-06-09T10:00:00-04:00</lastmod>"))
        third = crawl(server.base_url, db_path)
    assert third.get("news/revised") == 1 and "news/new" not in third
    db = open_db(db_path)
    doc_id = docs["https://globalnews.ca/news/synthetic-asylum-hearing-backlog/"]["id"]
    revisions = list(db.query("select * from article_revisions where document_id = ?", [doc_id]))
    assert len(revisions) == 2
    assert "monthly backlog figures" in db["documents"].get(doc_id)["text"]
    assert sum("monthly backlog" in r["text"] for r in revisions) == 1
    db.close()


def test_news_pipeline_leaves_other_spiders_alone(tmp_path):
    from crawlers.items import ArticleItem
    from crawlers.news_pipeline import NewsPipeline

    pipeline = NewsPipeline(str(tmp_path / "x.db"), None, stats=None, active=False)
    pipeline.open_spider()
    item = ArticleItem(url="https://example.com/a", html=b"<html></html>")
    assert pipeline.process_item(item) is item and item["html"] == b"<html></html>"
    pipeline.close_spider()
    assert not (tmp_path / "x.db").exists()


def test_backoff_delay_grows_and_honours_retry_after():
    from crawlers.backoff import backoff_delay

    assert [backoff_delay(n, base=1.0, cap=5.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]
    assert backoff_delay(1, retry_after=b"3") == 3.0
    assert backoff_delay(1, cap=10, retry_after=b"120") == 10
    assert backoff_delay(2, retry_after="Wed, 21 Oct 2015 07:28:00 GMT") == 2.0


@pytest.mark.slow
def test_retries_back_off_over_loopback(tmp_path):
    """A feed that answers 503 twice is retried after growing pauses, then read."""
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    times = []

    class Flaky(BaseHTTPRequestHandler):
        def log_message(self, *args):
            return

        def do_GET(self):  # noqa: N802
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            times.append(time.monotonic())
            ok = len(times) > 2
            body = b'<rss version="2.0"><channel><title>t</title></channel></rss>' if ok else b"busy"
            self.send_response(200 if ok else 503)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sources = tmp_path / "sources.yaml"
    sources.write_text("outlets:\n  - {key: flaky, name: Flaky, language: en, "
                       "base_url: 'https://flaky.example', feeds: [/feed.xml], politeness: {delay: 0}}\n")
    try:
        stats = crawl(f"http://127.0.0.1:{server.server_address[1]}", tmp_path / "db.db",
                      NEWS_SOURCES=str(sources), RETRY_BACKOFF_BASE=0.5)
    finally:
        server.shutdown()
        server.server_close()
    assert len(times) == 3 and stats.get("retry/count") == 2
    assert stats.get("news/listings/rss") == 1
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert gaps[0] >= 0.45 and gaps[1] >= 0.95, gaps


def test_unexpected_pipeline_error_is_recorded_not_raised(tmp_path, monkeypatch):
    from scrapy.utils.test import get_crawler

    from crawlers import article, news_pipeline
    from crawlers.items import ArticleItem

    def explode(*args, **kwargs):
        raise RuntimeError("parser crashed")

    monkeypatch.setattr(article, "extract_article", explode)
    stats = get_crawler().stats
    pipeline = news_pipeline.NewsPipeline(str(tmp_path / "x.db"), None, stats, use_model=False)
    pipeline.open_spider()
    pipeline.process_item(ArticleItem(url="https://example.com/a", html=b"<html><p>x</p></html>"))
    [row] = list(pipeline.db["crawl_errors"].rows)
    pipeline.close_spider()
    assert row["stage"] == "pipeline" and "parser crashed" in row["reason"]
    assert row["url"] == "https://example.com/a"


def test_relevance_model_that_cannot_load_leaves_keywords_deciding(tmp_path, monkeypatch, caplog):
    from scrapy.utils.test import get_crawler

    from crawlers import news_pipeline

    def missing():
        raise OSError("model directory not found")

    monkeypatch.setattr(news_pipeline, "load_model", missing)
    pipeline = news_pipeline.NewsPipeline(str(tmp_path / "x.db"), None, get_crawler().stats, use_model=True)
    assert not pipeline.model_ready
    pipeline.load_model()
    assert pipeline.model_ready and not pipeline.use_model
    assert "cannot load the relevance model (OSError: model directory not found)" in caplog.text


@pytest.mark.slow
def test_redirect_loops_are_recorded_and_refused_pages_are_asked_again_for_a_new_extractor(tmp_path):
    """Issue 16: a redirect loop was dropped by the duplicate filter with no crawl_errors row;
    a page the extractor refused was remembered as seen and never fetched again."""
    from tests.routes_server import serve_routes

    (tmp_path / "sources.yaml").write_text(
        "defaults: {max_pages: 1, max_articles: 10, max_age_days: 0, politeness: {delay: 0, concurrency: 2}}\n"
        "outlets:\n  - {key: loop, name: Loop News, language: en, base_url: 'https://loop.example', "
        "feeds: [/feed.xml]}\n", encoding="utf-8")
    items = "".join(f"<item><title>{n}</title><link>https://loop.example/{n}</link>"
                    "<pubDate>Tue, 03 Oct 2023 09:15:00 -0400</pubDate></item>"
                    for n in ("a", "broken.html", "broken.html"))  # the broken page is listed twice
    html = {"Content-Type": "text/html; charset=utf-8"}
    routes = {
        "/loop/feed.xml": (200, {"Content-Type": "application/rss+xml"},
                           f"<rss version='2.0'><channel><title>Loop</title>{items}</channel></rss>".encode()),
        "/loop/a": (302, {"Location": "/loop/b"}, b""),
        "/loop/b": (302, {"Location": "/loop/a"}, b""),
        "/loop/broken.html": (200, html, b"<html><head><title>Nothing</title></head><body></body></html>"),
    }
    db_path = tmp_path / "news.db"
    extra = {"NEWS_SOURCES": str(tmp_path / "sources.yaml"), "RETRY_TIMES": 0}
    with serve_routes(routes) as server:
        first = crawl(server.base_url, db_path, **extra)
        hits_first = server.hits.get("/loop/broken.html", 0)
        second = crawl(server.base_url, db_path, **extra)  # same listing: nothing asked again
        hits_second = server.hits.get("/loop/broken.html", 0)
        db = open_db(db_path)
        db.execute("update seen_urls set refused_by = 'an older extractor' where url like '%broken%'")
        db.conn.commit()
        db.close()
        third = crawl(server.base_url, db_path, **extra)  # the extractor changed: asked again
        hits_third = server.hits.get("/loop/broken.html", 0)
    assert first.get("news/duplicate_listing") == 1 and hits_first == 1
    db = open_db(db_path)
    errors = {(r["url"].rsplit("/", 1)[-1], r["stage"]): r["reason"] for r in db.query(
        "select url, stage, reason from crawl_errors where run_id is null")}
    assert errors[("a", "fetch")].startswith("redirect loop: ") and "/loop/b -> " in errors[("a", "fetch")]
    assert "no article body" in errors[("broken.html", "extract")]
    refused = db.execute("select refused_by from seen_urls where url like '%broken%'").fetchone()[0]
    db.close()
    assert refused and refused != "an older extractor"  # asked again and refused by this one
    assert hits_second == hits_first and second.get("news/unchanged_listing", 0) >= 1
    assert hits_third == hits_first + 1 and third.get("news/retry_refused") == 1


@pytest.mark.slow
def test_a_server_that_never_answers_is_recorded_with_the_reason(tmp_path):
    """Issue 16: slow or never-answering servers are recorded with the reason, not lost."""
    import time as _time

    from tests.routes_server import serve_routes

    (tmp_path / "sources.yaml").write_text(
        "defaults: {max_pages: 1, max_articles: 10, max_age_days: 0, politeness: {delay: 0, concurrency: 2}}\n"
        "outlets:\n  - {key: slow, name: Slow News, language: en, base_url: 'https://slow.example', "
        "feeds: [/feed.xml]}\n", encoding="utf-8")

    def never(server):
        _time.sleep(4)
        return 200, {"Content-Type": "text/html"}, b"<html><body><p>too late</p></body></html>"

    routes = {
        "/slow/feed.xml": (200, {"Content-Type": "application/rss+xml"},
                           b"<rss version='2.0'><channel><title>Slow</title><item><title>a</title>"
                           b"<link>https://slow.example/a.html</link></item></channel></rss>"),
        "/slow/a.html": never,
    }
    db_path = tmp_path / "news.db"
    with serve_routes(routes) as server:
        crawl(server.base_url, db_path, NEWS_SOURCES=str(tmp_path / "sources.yaml"), RETRY_TIMES=0,
              DOWNLOAD_TIMEOUT=1)
    db = open_db(db_path)
    errors = {r["url"].rsplit("/", 1)[-1]: (r["stage"], r["reason"]) for r in db.query("select * from crawl_errors")}
    db.close()
    stage, reason = errors["a.html"]
    assert stage == "fetch" and "TimeoutError" in reason and "1" in reason


@pytest.mark.slow
def test_an_archive_backfill_reads_only_its_listing_with_no_age_limit(site, tmp_path):
    """NEWS_ARCHIVE (stcawatch backfill --news-archive KEY=URL): the one listing, its old
    articles included, past the outlet's per-run cap; no other outlet is asked."""
    sources = tmp_path / "sources.yaml"
    text = (ROOT / "demo" / "news" / "sources.yaml").read_text(encoding="utf-8")
    sources.write_text(text.replace("max_articles: 50", "max_articles: 1")
                       .replace("max_age_days: 0", "max_age_days: 30"), encoding="utf-8")
    db_path = tmp_path / "archive.db"
    with serve_folder(site) as server:
        stats = crawl(server.base_url, db_path, NEWS_SOURCES=str(sources),
                      NEWS_ARCHIVE=["cbc=https://www.cbc.ca/webfeed/rss/rss-politics"])
        asked = set(server.hits)
    db = open_db(db_path)
    outlets = [r["outlet"] for r in db.query("select outlet from documents where kind = 'news'")]
    db.close()
    assert stats["finish_reason"] == "finished"
    assert not stats.get("news/skipped_old") and not stats.get("news/over_max_articles")
    # both entries of the feed (October 2023) are read, though the cap is 1 and the age limit 30 days
    assert stats["stcawatch/fetched"] == 2
    assert outlets and set(outlets) == {"CBC News (synthetic sample)"}
    assert asked and all(path.startswith("/cbc/") or path == "/robots.txt" for path in asked)


@pytest.mark.slow
def test_kept_pages_are_read_again_once_when_the_extractor_changes(site, tmp_path, monkeypatch):
    """Issue 18: `stcawatch reparse` re-reads the kept news pages (no network) with a changed
    article extractor, once; the replay of unchanged code gives the same documents."""
    from crawlers import article, extraction_version
    from ingest import news as news_ingest

    db_path = tmp_path / "news.db"
    with serve_folder(site) as server:
        crawl(server.base_url, db_path)
    db = open_db(db_path)
    columns = "id, url, title, outlet, language, date, relevant, relevance, content_hash, text, dup_group"
    before = list(db.query(f"select {columns} from documents where kind = 'news' order by id"))
    kept = db.execute("select count(distinct url) from sources where format = 'news_html'").fetchone()[0]
    refused = db.execute("select count(*) from crawl_errors where stage = 'extract'").fetchone()[0]
    assert before and refused  # the demo site has a page with no article body: kept, refused
    assert news_ingest.reparse_news(db, use_model=False)["reparsed"] == 0  # all read by this extractor

    calls, extract = [], article.extract_article

    def counted(*args, **kwargs):
        calls.append(args[1])
        return extract(*args, **kwargs)

    monkeypatch.setattr(extraction_version, "EXTRACTOR_VERSION", "next-version")
    monkeypatch.setattr(article, "extract_article", counted)
    first = news_ingest.reparse_news(db, use_model=False)
    assert len(calls) == kept == first["reparsed"] + first["skipped"]
    assert first["skipped"] == refused  # still unreadable: recorded again, remembered
    after = list(db.query(f"select {columns} from documents where kind = 'news' order by id"))
    assert after == before
    assert {r["parser"] for r in db.query("select parser from documents where kind = 'news'")} == {"news_html@next-version"}
    assert news_ingest.reparse_news(db, use_model=False) == {**first, "reparsed": 0, "skipped": 0,
                                                                "current": kept}
    db.close()


RUN = """
import json, sys
import pipeline
summary = pipeline.crawl(sys.argv[1], json.loads(sys.argv[2]), ["news"])
print("SUMMARY" + json.dumps(summary))
"""


@pytest.mark.slow
def test_a_redirect_loop_and_a_silent_server_are_in_the_run_summary(tmp_path):
    """Issue 16: what `stcawatch crawl` reports (pipeline.crawl's summary, from crawl_errors of
    this run) names the redirect loop and the server that never answered, with the reason."""
    import time as _time

    from tests.routes_server import serve_routes

    (tmp_path / "sources.yaml").write_text(
        "defaults: {max_pages: 1, max_articles: 10, max_age_days: 0, politeness: {delay: 0, concurrency: 2}}\n"
        "outlets:\n  - {key: loop, name: Loop News, language: en, base_url: 'https://loop.example', "
        "feeds: [/feed.xml]}\n", encoding="utf-8")
    items = "".join(f"<item><title>{n}</title><link>https://loop.example/{n}</link></item>" for n in ("a", "slow"))

    def never(server):
        _time.sleep(4)
        return 200, {"Content-Type": "text/html"}, b"<html><body><p>too late</p></body></html>"

    routes = {
        "/loop/feed.xml": (200, {"Content-Type": "application/rss+xml"},
                           f"<rss version='2.0'><channel><title>Loop</title>{items}</channel></rss>".encode()),
        "/loop/a": (302, {"Location": "/loop/b"}, b""),
        "/loop/b": (302, {"Location": "/loop/a"}, b""),
        "/loop/slow": never,
    }
    db_path = tmp_path / "news.db"
    with serve_routes(routes) as server:
        overrides = {**crawl_overrides(server.base_url, db_path, False), "LOG_LEVEL": "WARNING",
                     "NEWS_SOURCES": str(tmp_path / "sources.yaml"), "RETRY_TIMES": 0, "DOWNLOAD_TIMEOUT": 1}
        result = subprocess.run([sys.executable, "-c", RUN, str(db_path), json.dumps(overrides)], cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(next(l for l in result.stdout.splitlines() if l.startswith("SUMMARY"))[7:])
    errors = {e["url"].rsplit("/", 1)[-1]: (e["stage"], e["reason"]) for e in summary["errors"]}
    assert errors["a"][0] == "fetch" and errors["a"][1].startswith("redirect loop: ")
    assert errors["slow"][0] == "fetch" and "TimeoutError" in errors["slow"][1]
    assert summary["skipped"] >= 2 and summary["status"] == "failed"  # nothing could be stored
