"""News item pipeline: extraction -> relevance -> dedup -> storage (store/news.py).

Pages the spider could not use (not HTML, too large, HTTP errors, robots.txt, broken feeds) and
pages with no extractable body are logged and recorded in ``crawl_errors`` with the reason;
the crawl goes on. Irrelevant articles are only marked seen (with their score).
"""
from __future__ import annotations

import logging
import threading

from crawlers.extraction_version import EXTRACTOR_VERSION
from crawlers.items import ArticleItem
from crawlers.pipelines import give_seen
from ingest.news import DEFAULT_TZ, NEWS_FORMAT, news_parser_id
from nlp.relevance import load_model, score_relevance
from store.load import record_error, write_transaction
from store.news import mark_seen, save_article
from store.sources import keep_source
from store.schema import open_db


log = logging.getLogger(__name__)


class NewsPipeline:
    def __init__(self, db_path: str, run_id: int | None, stats, use_model: bool = True,
                 active: bool = True, crawler=None):
        self.db_path, self.run_id, self.stats, self.use_model = db_path, run_id, stats, use_model
        self.crawler = crawler
        self.active = active  # False: pass items through (no model, no database)
        self.db = None
        self.model_ready = not use_model
        self.model_lock = threading.Lock()

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        settings = crawler.settings
        pipeline = cls(settings.get("STCAWATCH_DB"), settings.getint("STCAWATCH_RUN_ID") or None,
                       crawler.stats, settings.getbool("NEWS_USE_MODEL", True), crawler=crawler)
        crawler.signals.connect(pipeline.request_dropped, signal=signals.request_dropped)
        return pipeline

    def request_dropped(self, request, spider=None):
        """The scheduler's duplicate filter dropped a request. A redirected one means a redirect
        loop (A -> B -> A): recorded, so the page is not lost in silence."""
        chain = request.meta.get("redirect_urls") or []
        if self.db is None or not request.meta.get("redirect_times"):
            return
        first = chain[0] if chain else request.url
        self.skip(first, "fetch", "redirect loop: " + " -> ".join([*chain, request.url]))

    def open_spider(self, spider=None):
        if not self.active:
            return
        give_seen(spider or getattr(self.crawler, "spider", None), self.db_path)
        self.db = open_db(self.db_path)

    def close_spider(self, spider=None):
        if self.db is not None:
            self.db.close()

    def process_item(self, item, spider=None):
        if (self.active and not self.model_ready and isinstance(item, ArticleItem)
                and item.get("status") == "fetched"):
            # MiniLM loads with the first page to read, not on an idle run that only gets 304s,
            # and in a thread: loading it in the reactor thread would stall requests in flight
            # long enough to hit DOWNLOAD_TIMEOUT. Items wait for it; downloads go on.
            from twisted.internet.threads import deferToThread

            return deferToThread(self.load_model).addCallback(lambda _: self.handle_item(item))
        return self.handle_item(item)

    def load_model(self) -> None:
        with self.model_lock:  # one load, however many items arrive while it runs
            if self.model_ready:
                return
            try:
                load_model()
            except Exception as exc:  # noqa: BLE001 - any failure: keywords still decide
                log.error("cannot load the relevance model (%s: %s): relevance by keywords only",
                          type(exc).__name__, exc)
                self.use_model = False
            self.model_ready = True

    def handle_item(self, item):
        if self.active and isinstance(item, ArticleItem):
            try:
                self.handle(item)
            except Exception as exc:  # one bad page must not end a cron run: record and go on
                log.exception("news pipeline failed on %s", item.get("url"))
                self.skip(item.get("url") or "?", "pipeline", f"{type(exc).__name__}: {exc}")
            item.pop("html", None)  # keep feed exports and logs small
        return item

    def keep(self, item: ArticleItem) -> str | None:
        """Keep the page as fetched (store.sources), with what its extraction needs besides the
        bytes; irrelevant pages are not kept (most of what a crawl reads, and no document)."""
        html = item.get("html")
        if not html:
            return None
        data = html if isinstance(html, bytes) else html.encode("utf-8")
        meta = {k: item.get(k) for k in ("etag", "last_modified", "final_url", "outlet",
                                         "language", "timezone", "listed_date", "discovered_via")}
        with write_transaction(self.db):
            return keep_source(self.db, data, item["url"], NEWS_FORMAT, meta)

    def skip(self, url: str, stage: str, reason: str) -> None:
        log.warning("skipped %s (%s): %s", url, stage, reason)
        self.stats.inc_value("stcawatch/skipped")
        self.stats.inc_value(f"news/skipped/{stage}")
        record_error(self.db, self.run_id, url, stage, reason)

    def handle(self, item: ArticleItem) -> None:
        url = item["url"]
        if item.get("skip_reason"):
            self.skip(url, item.get("skip_stage") or "fetch", item["skip_reason"])
            return
        self.stats.inc_value("stcawatch/fetched")
        http = dict(etag=item.get("etag"), last_modified=item.get("last_modified"),
                    listed_date=item.get("listed_date"), run_id=self.run_id)
        if item.get("status") == "not_modified":
            self.stats.inc_value("stcawatch/unchanged")
            mark_seen(self.db, url, outlet=item.get("outlet"), **http)
            return
        # trafilatura loads with the first page to read, not with every (idle) cron run
        from crawlers.article import ArticleError, extract_article

        try:
            article = extract_article(item["html"], item.get("final_url") or url,
                                      tz=item.get("timezone") or DEFAULT_TZ)
        except ArticleError as exc:
            kept = self.keep(item)  # a fixed extractor can read it later (reparse_news)
            if kept:
                with write_transaction(self.db):
                    self.db["sources"].update(kept, {"failed_parser": news_parser_id()})
            self.skip(url, "extract", str(exc))
            # remembered, so an unchanged broken page is not downloaded again next run, until
            # the extractor changes (the spider then asks for it in full)
            mark_seen(self.db, url, outlet=item.get("outlet"), refused_by=EXTRACTOR_VERSION, **http)
            return
        article.language = article.language or item.get("language")
        item["outlet"] = item.get("outlet") or article.site_name
        relevance = score_relevance(article.title, article.body, use_model=self.use_model)
        if article.paywalled or article.truncated:
            self.stats.inc_value("news/paywalled_or_truncated")
            log.warning("%s: paywalled=%s truncated=%s", url, article.paywalled, article.truncated)
        if not relevance.relevant:
            self.stats.inc_value("news/irrelevant")
            mark_seen(self.db, url, outlet=item.get("outlet"), relevance=relevance,
                      content_hash=article.content_hash, **http)
            return
        source = self.keep(item)
        status = save_article(self.db, article, outlet=item.get("outlet"), relevance=relevance,
                              url=url, source_sha256=source, parser=news_parser_id(), **http)
        self.stats.inc_value({"new": "stcawatch/stored", "revised": "stcawatch/stored",
                              "unchanged": "stcawatch/unchanged"}[status])
        self.stats.inc_value(f"news/{status}")
        log.info("%s %s (relevance %.2f by %s)", status, url, relevance.score, relevance.method)
