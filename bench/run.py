"""The benchmark harness: run each benchmark at two sizes, write bench/results.json + a table.

Run by hand (``python -m bench.run`` or ``stcawatch bench``), never as a timed test. Absolute
numbers depend on the machine (recorded in the results); the ratios are what to compare.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import fts_bench, nlp_bench, stages
from bench.corpus import build_corpus, point_sitemap
from crawlers.loopback import serve_folder

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results.json"
FULL = {"hansard_words": [1_000_000, 2_000_000], "news_pages": 2000,
        "nlp_words": [10_000, 20_000], "fts_statements": [250_000, 1_000_000]}
QUICK = {"hansard_words": [150_000, 300_000], "news_pages": 100,
         "nlp_words": [2_000, 4_000], "fts_statements": [10_000, 20_000]}


def machine() -> dict:
    """What the numbers were measured on."""
    import lxml.etree
    import scrapy
    import spacy

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    mem = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), None) if Path("/proc/meminfo").exists() else None
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {"nproc": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "ram_mb": mem, "cpu": cpu, "platform": platform.platform(), "loadavg_at_start": load,
            "python": platform.python_version(), "spacy": spacy.__version__, "scrapy": scrapy.__version__,
            "lxml": ".".join(map(str, lxml.etree.LXML_VERSION)), "sqlite": sqlite3.sqlite_version}


def growth(small: tuple[float, float], large: tuple[float, float]) -> float | None:
    """Exponent k in time ∝ size^k from two (size, seconds) points (1.0 = linear)."""
    (n1, t1), (n2, t2) = small, large
    if min(n1, n2, t1, t2) <= 0 or n1 == n2:
        return None
    return round(math.log(t2 / t1) / math.log(n2 / n1), 2)


def run_size(words: int, news_pages: int, workdir: Path, log, news: bool = True) -> dict:
    """Corpus of ``words`` Hansard words: crawl, parse, load, end-to-end + idle re-run."""
    corpus = build_corpus(workdir / f"site-{words}", min_words=words, news_pages=news_pages)
    log(f"corpus: {corpus.sittings} sittings, {corpus.hansard_words} words, "
        f"{corpus.hansard_bytes / 2**20:.1f} MiB, {corpus.news_pages} synthetic news pages")
    out = {"sittings": corpus.sittings, "words": corpus.hansard_words,
           "mib": round(corpus.hansard_bytes / 2**20, 1)}
    with serve_folder(corpus.root) as server:
        point_sitemap(corpus.root, server.base_url) if news_pages else None
        log("crawl vs minimal spider")
        out["crawl"] = stages.crawl_stage(corpus, server.base_url)
        if news:
            log("news spider vs minimal spider")
            out["news_fetch"] = stages.news_fetch_stage(corpus, server.base_url, workdir)
            log("news parse / relevance")
            out["news"] = stages.news_parse_and_relevance_stage(corpus)
        else:
            out["news_fetch"] = out["news"] = {
                "skipped": "the news pages do not grow with the Hansard size: measured once, "
                           "with the larger corpus"}
        log("parse / load")
        out["parse"] = stages.parse_stage(corpus)
        out["load"] = stages.load_stage(corpus, workdir)
        log("end to end + idle re-run")
        out["end_to_end"] = stages.end_to_end_and_idle(corpus, server.base_url, workdir)
    out["_corpus"] = corpus
    return out


def quality() -> dict:
    """Embed bench/quality.json (written by bench/quality.py) when it exists."""
    path = BENCH_DIR / "quality.json"
    if not path.exists():
        return {"skipped": "run `python bench/quality.py` first (writes bench/quality.json)"}
    return {"from": str(path.relative_to(BENCH_DIR.parent)),
            "measured": dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).isoformat(timespec="seconds"),
            "results": json.loads(path.read_text())}


def run_benchmarks(sizes: dict | None = None, out: Path | None = RESULTS, log=print,
                   run_quality: bool = False) -> dict:
    """Run everything at two sizes; write ``out`` (JSON) and return the results."""
    sizes = {**FULL, **(sizes or {})}
    started = time.perf_counter()
    results: dict = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                     "machine": machine(), "sizes": sizes}
    with tempfile.TemporaryDirectory(prefix="stcawatch-bench-") as tmp:
        workdir = Path(tmp)
        runs = []
        for words in sizes["hansard_words"]:
            log(f"== Hansard corpus ≥ {words} words")
            runs.append(run_size(words, sizes["news_pages"], workdir / f"w{words}", log,
                                 news=words == sizes["hansard_words"][-1]))
        big = runs[-1]["_corpus"]
        nlp_runs = []
        for words in sizes["nlp_words"]:
            log(f"== NLP on {words} words")
            nlp_runs.append(nlp_bench.nlp_bench(big, words))
        material = fts_bench.sample_material(big)
        fts_runs = []
        for n in sizes["fts_statements"]:
            log(f"== FTS on {n} statements")
            fts_runs.append(fts_bench.fts_bench(*material, n, workdir))
        for run in runs:
            run.pop("_corpus")
    if run_quality and (BENCH_DIR / "quality.py").exists():
        subprocess.run([sys.executable, str(BENCH_DIR / "quality.py")], cwd=BENCH_DIR.parent, check=False)
    large, nlp_large, fts_large = runs[-1], nlp_runs[-1], fts_runs[-1]
    e2e = large["end_to_end"]
    own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stage_rss = [large["crawl"]["peak_rss_mb"], e2e["peak_rss_mb"], own_rss]
    results.update({
        "nlp_ratio": nlp_large["nlp_ratio"],
        "nlp_stage_ratio": nlp_large.get("nlp_stage_ratio"),
        "crawl_ratio": large["crawl"]["crawl_ratio"],
        "news_crawl_ratio": large["news_fetch"].get("news_crawl_ratio"),
        "idle_rerun_ratio": e2e["idle_rerun_ratio"],
        "fts_p50_ms": fts_large["fts_p50_ms"], "fts_p95_ms": fts_large["fts_p95_ms"],
        "fts_statements": fts_large["statements"],
        "docs_per_s": e2e["docs_per_s"], "words_per_s": e2e["words_per_s"],
        "peak_rss_mb": round(max(stage_rss), 1),
        "stages_docs_per_s": {"crawl": large["crawl"]["docs_per_s"],
                              "news_crawl": large["news_fetch"].get("docs_per_s"), "parse": large["parse"]["docs_per_s"],
                              "news_parse": large["news"].get("parse", {}).get("docs_per_s"),
                              "relevance": large["news"].get("relevance", {}).get("docs_per_s"),
                              "load": large["load"]["docs_per_s"],
                              "nlp": round(nlp_large["records"] / nlp_large["pipeline_seconds"], 1),
                              "end_to_end": e2e["docs_per_s"]},
        "stages_words_per_s": {"crawl": large["crawl"]["words_per_s"],
                               "news_crawl": large["news_fetch"].get("words_per_s"), "parse": large["parse"]["words_per_s"],
                               "news_parse": large["news"].get("parse", {}).get("words_per_s"),
                               "relevance": large["news"].get("relevance", {}).get("words_per_s"),
                               "load": large["load"]["words_per_s"], "nlp": nlp_large["pipeline_words_per_s"],
                               "end_to_end": e2e["words_per_s"]},
        "growth_exponent": {
            "crawl": growth((runs[0]["words"], runs[0]["crawl"]["seconds"]), (large["words"], large["crawl"]["seconds"])),
            "parse": growth((runs[0]["words"], runs[0]["parse"]["seconds"]), (large["words"], large["parse"]["seconds"])),
            "load": growth((runs[0]["words"], runs[0]["load"]["seconds"]), (large["words"], large["load"]["seconds"])),
            "end_to_end": growth((runs[0]["end_to_end"]["words"], runs[0]["end_to_end"]["first_seconds"]), (e2e["words"], e2e["first_seconds"])),
            "idle_rerun": growth((runs[0]["end_to_end"]["words"], runs[0]["end_to_end"]["rerun_seconds"]), (e2e["words"], e2e["rerun_seconds"])),
            "nlp": growth((nlp_runs[0]["words"], nlp_runs[0]["pipeline_seconds"]), (nlp_large["words"], nlp_large["pipeline_seconds"])),
            "fts_build": growth((fts_runs[0]["statements"], fts_runs[0]["build_seconds"]), (fts_large["statements"], fts_large["build_seconds"])),
            "fts_p50": growth((fts_runs[0]["statements"], fts_runs[0]["fts_p50_ms"]), (fts_large["statements"], fts_large["fts_p50_ms"])),
        },
        "hansard": runs, "nlp": nlp_runs, "fts": fts_runs, "quality": quality(),
        "total_seconds": round(time.perf_counter() - started, 1),
    })
    if out is not None:
        out.write_text(json.dumps(results, indent=2, sort_keys=False, default=str) + "\n")
        log(f"wrote {out}")
    return results


def table(results: dict) -> str:
    """The README table (markdown) from a results dict."""
    m, g = results["machine"], results["growth_exponent"]
    small, large = results["hansard"][0], results["hansard"][-1]
    rows = [
        ("NLP: pipeline ÷ bare `nlp.pipe` (same texts)", f"{results['nlp_ratio']:.2f}", "≥ 0.8"),
        ("Crawl: Hansard spider ÷ minimal Scrapy spider", f"{results['crawl_ratio']:.2f}", "≥ 0.8"),
        (f"Crawl: news spider ÷ minimal Scrapy spider ({results['sizes']['news_pages']:,} pages)",
         f"{results['news_crawl_ratio']:.2f}" if results.get("news_crawl_ratio") else "—", "≥ 0.8"),
        ("Idle re-run ÷ first run of `stcawatch run` (wall, incl. process start)",
         f"{results['idle_rerun_ratio']:.3f}", "< 0.05"),
        (f"FTS p50 / p95 on {results['fts_statements']:,} statements",
         f"{results['fts_p50_ms']} / {results['fts_p95_ms']} ms", "—"),
        ("End to end: `stcawatch run`, both spiders (crawl, parse, relevance, load, NLP)", f"{results['docs_per_s']} docs/s, {results['words_per_s']:,} words/s", "—"),
        ("Peak RSS", f"{results['peak_rss_mb']} MiB", "—"),
    ]
    lines = [f"Measured {results['date']} on {m['nproc']} CPU(s) ({m['cpu']}), {m['ram_mb']} MiB RAM, "
             f"load average {m['loadavg_at_start']}; Python {m['python']}, spaCy {m['spacy']}, "
             f"Scrapy {m['scrapy']}, SQLite {m['sqlite']}.", "",
             "| metric | measured | target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines += ["", "| stage | docs/s | words/s |", "|---|---|---|"]
    for stage in ("crawl", "news_crawl", "parse", "news_parse", "relevance", "load", "nlp", "end_to_end"):
        docs, words = results["stages_docs_per_s"].get(stage), results["stages_words_per_s"].get(stage)
        if docs is not None:
            lines.append(f"| {stage} | {docs} | {words:,} |")
    lines += ["", f"Cost growth (time ∝ size^k, sizes {small['words']:,} → {large['words']:,} words; "
              f"NLP {results['nlp'][0]['words']:,} → {results['nlp'][-1]['words']:,} words; "
              f"FTS {results['fts'][0]['statements']:,} → {results['fts'][-1]['statements']:,} statements):", "",
              "| benchmark | k |", "|---|---|"]
    lines += [f"| {name} | {k} |" for name, k in g.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    quick = "--quick" in (argv or sys.argv[1:])
    results = run_benchmarks(QUICK if quick else None, out=None if quick else RESULTS)
    print(table(results))


if __name__ == "__main__":
    main()
