"""Per-stage throughput on the loopback corpus: crawl, parse, load, end to end, idle re-run.

Crawls run in subprocesses (one reactor per process); peak RSS is read per child with
``os.wait4`` so each stage reports its own memory high-water mark.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawlers.settings import LOOPBACK_OVERRIDES

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def run_child_rss(args: list[str], timeout: float = 1800) -> dict:
    """Run a child; return wall seconds, exit code, output and its own peak RSS (os.wait4)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, cwd=ROOT, env=ENV, stdout=out, stderr=err, text=True)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"seconds": seconds, "rc": proc.returncode, "stdout": out.read(),
                "stderr": err.read(), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def spider_stats(result: dict) -> dict:
    for line in result["stdout"].splitlines():
        if line.startswith("BENCH "):
            return json.loads(line[6:])
    raise RuntimeError(f"spider benchmark failed (rc={result['rc']}): {result['stderr'][-2000:]}")


def median_by(rows: list[dict], key: str) -> dict:
    return sorted(rows, key=lambda r: r[key])[len(rows) // 2]


def crawl_stage(corpus, base_url: str, repeats: int = 3) -> dict:
    """stcawatch's Hansard spider (fetch + walk, no store) against the minimal spider."""
    common = {**LOOPBACK_OVERRIDES, "HANSARD_BASE_URL": base_url, "ITEM_PIPELINES": {},
              "SPIDER_MODULES": ["crawlers.spiders", "bench.minimal_spider"], "LOG_LEVEL": "WARNING"}
    urls = [base_url + p for p in corpus.paths]
    ours_runs, base_runs = [], []
    for _ in range(repeats):  # interleaved, median of each: the machine is shared and noisy
        ours_runs.append(run_child_rss([sys.executable, "-m", "bench.spider_run", "hansard",
                                        json.dumps({**common, **corpus.spider_settings()})]))
        base_runs.append(run_child_rss([sys.executable, "-m", "bench.spider_run", "minimal",
                                        json.dumps({**common, "MINIMAL_URLS": urls})]))
    o = median_by([spider_stats(r) for r in ours_runs], "elapsed")
    b = median_by([spider_stats(r) for r in base_runs], "elapsed")
    ours, base = ours_runs[0], base_runs[0]
    # Our walk also probes HANSARD_MAX_MISSES sittings past the end; count only found sittings.
    o_docs, b_docs = len(corpus.paths), b["responses"] - 1  # minus robots.txt
    o_rate, b_rate = o_docs / o["elapsed"], b_docs / b["elapsed"]
    return {"docs": o_docs, "words": corpus.hansard_words, "seconds": round(o["elapsed"], 2),
            "docs_per_s": round(o_rate, 1), "words_per_s": round(corpus.hansard_words / o["elapsed"]),
            "minimal_seconds": round(b["elapsed"], 2), "minimal_docs_per_s": round(b_rate, 1),
            "crawl_ratio": round(o_rate / b_rate, 3), "peak_rss_mb": ours["peak_rss_mb"],
            "minimal_peak_rss_mb": base["peak_rss_mb"]}


NEWS_OUTLET = """# SYNTHETIC benchmark outlet: the loopback news pages (bench/corpus.py), one sitemap.
outlets:
  - key: bench
    name: SYNTHETIC benchmark outlet
    language: en
    base_url: {base}
    sitemaps: [/news/sitemap.xml]
    max_articles: {pages}
    max_age_days: 0
    politeness: {{delay: 0, concurrency: {concurrency}}}
"""


def news_fetch_stage(corpus, base_url: str, workdir: Path, repeats: int = 1) -> dict:
    """The news spider (sitemap -> articles, fetch only) against the minimal spider on the same
    synthetic pages; its download slot gets the same concurrency as the minimal spider's."""
    if not corpus.news_pages:
        return {"skipped": "no news pages in corpus"}
    urls = [f"{base_url}/news/article-{i:05d}.html" for i in range(corpus.news_pages)]
    common = {**LOOPBACK_OVERRIDES, "ITEM_PIPELINES": {}, "LOG_LEVEL": "WARNING",
              "SPIDER_MODULES": ["crawlers.spiders", "bench.minimal_spider"]}
    sources = news_sources(corpus, base_url, workdir)
    ours_runs, base_runs = [], []
    for _ in range(repeats):  # interleaved: the machine is shared and noisy
        ours_runs.append(run_child_rss([sys.executable, "-m", "bench.spider_run", "news", json.dumps(
            {**common, "NEWS_SOURCES": str(sources), "STCAWATCH_DB": str(workdir / "no-such.db")})]))
        base_runs.append(run_child_rss([sys.executable, "-m", "bench.spider_run", "minimal",
                                        json.dumps({**common, "MINIMAL_URLS": urls})]))
    o = median_by([spider_stats(r) for r in ours_runs], "elapsed")
    b = median_by([spider_stats(r) for r in base_runs], "elapsed")
    if o["items"] < corpus.news_pages:
        raise RuntimeError(f"news spider fetched {o['items']} of {corpus.news_pages} pages")
    o_rate, b_rate = corpus.news_pages / o["elapsed"], corpus.news_pages / b["elapsed"]
    return {"pages": corpus.news_pages, "words": corpus.news_words,
            "seconds": round(o["elapsed"], 2), "docs_per_s": round(o_rate, 1),
            "words_per_s": round(corpus.news_words / o["elapsed"]),
            "minimal_seconds": round(b["elapsed"], 2), "minimal_docs_per_s": round(b_rate, 1),
            "news_crawl_ratio": round(o_rate / b_rate, 3), "peak_rss_mb": ours_runs[0]["peak_rss_mb"],
            "note": "fetch and navigation only (item pipelines off), like crawl_ratio; the "
                    "news spider also fetches the sitemap"}


def news_sources(corpus, base_url: str, workdir: Path) -> Path:
    """A sources.yaml with one outlet: the synthetic pages' sitemap on the loopback server."""
    sources = workdir / "news-sources.yaml"
    sources.write_text(NEWS_OUTLET.format(base=base_url, pages=corpus.news_pages + 1,
                                          concurrency=LOOPBACK_OVERRIDES["CONCURRENT_REQUESTS_PER_DOMAIN"]))
    return sources


def news_parse_and_relevance_stage(corpus) -> dict:
    """The news pipeline's two CPU stages on the synthetic pages, in process: article
    extraction (trafilatura + metadata) and relevance (keywords, MiniLM in the grey zone)."""
    from crawlers.article import extract_article
    from nlp.relevance import load_model, score_relevance

    pages = [(p, p.read_bytes()) for p in sorted((corpus.root / "news").glob("article-*.html"))]
    if not pages:
        return {"skipped": "no news pages in corpus"}
    started = time.perf_counter()
    articles = [extract_article(body, f"https://bench.invalid/news/{p.name}") for p, body in pages]
    parsed = time.perf_counter()
    load_model()
    loaded = time.perf_counter()
    decisions = [score_relevance(a.title, a.body) for a in articles]
    done = time.perf_counter()
    words = sum(len(a.body.split()) for a in articles)
    return {"pages": len(pages), "words": words,
            "parse": {"seconds": round(parsed - started, 2), "docs_per_s": round(len(pages) / (parsed - started), 1),
                      "words_per_s": round(words / (parsed - started))},
            "relevance": {"seconds": round(done - loaded, 2), "docs_per_s": round(len(pages) / (done - loaded), 1),
                          "words_per_s": round(words / (done - loaded)),
                          "model_load_seconds": round(loaded - parsed, 2),
                          "relevant": sum(d.relevant for d in decisions),
                          "decided_by_embedding": sum(d.method == "embedding" for d in decisions)}}


def parse_stage(corpus) -> dict:
    from crawlers.hansard_xml import parse_sitting

    started = time.perf_counter()
    statements = 0
    for path in corpus.paths:
        statements += len(parse_sitting((corpus.root / path.lstrip("/")).read_bytes(), path).statements)
    seconds = time.perf_counter() - started
    return {"docs": len(corpus.paths), "statements": statements, "seconds": round(seconds, 2),
            "docs_per_s": round(len(corpus.paths) / seconds, 1),
            "words_per_s": round(corpus.hansard_words / seconds)}


def load_stage(corpus, workdir: Path) -> dict:
    """save_sitting (upserts + speaker registry + FTS triggers) into a fresh database."""
    from crawlers.hansard_xml import parse_sitting
    from store.load import content_hash, save_sitting
    from store.schema import open_db

    sittings = [(parse_sitting(b := (corpus.root / p.lstrip("/")).read_bytes(), p), content_hash(b))
                for p in corpus.paths]
    db_path = workdir / "load.db"
    db = open_db(db_path)
    started = time.perf_counter()
    for sitting, digest in sittings:
        save_sitting(db, sitting, digest)
    seconds = time.perf_counter() - started
    db.close()
    return {"docs": len(sittings), "seconds": round(seconds, 2),
            "docs_per_s": round(len(sittings) / seconds, 1),
            "words_per_s": round(corpus.hansard_words / seconds)}


def end_to_end_and_idle(corpus, base_url: str, workdir: Path) -> dict:
    """`stcawatch run` (the cron job: both spiders; Hansard parse and load, news extraction,
    relevance and load; NLP on on-topic text) over the corpus, then the same job again with
    nothing new: the idle re-run cost."""
    db_path = workdir / "e2e.db"
    sets = {**LOOPBACK_OVERRIDES, "HANSARD_BASE_URL": base_url, "HANSARD_LANGUAGES": "E",
            "HANSARD_SESSIONS": corpus.spider_settings()["HANSARD_SESSIONS"][0], "HANSARD_MAX_MISSES": 1}
    spiders = ["--spider", "hansard"]
    if corpus.news_pages:
        sets["NEWS_SOURCES"] = str(news_sources(corpus, base_url, workdir))
        spiders += ["--spider", "news"]
    args = [sys.executable, "-m", "pipeline", "run", "--db", str(db_path), "--var-dir",
            str(workdir / "var"), *spiders, *[f"--set={k}={v}" for k, v in sets.items()]]
    first = run_child_rss(args)
    second = run_child_rss(args)
    for run in (first, second):
        if run["rc"] != 0:
            raise RuntimeError(f"stcawatch run failed: {run['stdout'][-1000:]} {run['stderr'][-2000:]}")
    lines = lambda r: r["stdout"].strip().splitlines()  # noqa: E731
    docs, words = len(corpus.paths) + corpus.news_pages, corpus.hansard_words + corpus.news_words
    if "stored 0," not in second["stdout"] or "extracted 0 documents" not in second["stdout"]:
        raise RuntimeError(f"the re-run was not idle: {second['stdout']}")
    return {"docs": docs, "words": words, "hansard_docs": len(corpus.paths), "news_pages": corpus.news_pages,
            "command": "stcawatch run " + " ".join(spiders),
            "first_seconds": round(first["seconds"], 2), "rerun_seconds": round(second["seconds"], 2),
            "docs_per_s": round(docs / first["seconds"], 2),
            "words_per_s": round(words / first["seconds"]),
            "idle_rerun_ratio": round(second["seconds"] / first["seconds"], 3),
            "peak_rss_mb": first["peak_rss_mb"], "rerun_peak_rss_mb": second["peak_rss_mb"],
            "first_summary": lines(first), "rerun_summary": lines(second)}
