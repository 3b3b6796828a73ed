"""Run one spider in a fresh process and print its stats as JSON (Scrapy's reactor runs once
per process, so each crawl benchmark is its own subprocess)."""
from __future__ import annotations

import json
import sys
import time

from crawlers.crawl import run_spiders


def main(argv: list[str]) -> None:
    name, overrides = argv[0], json.loads(argv[1])
    started = time.perf_counter()
    stats = run_spiders([name], overrides)
    spider_stats = next(iter(stats.values()))
    out = {"seconds": time.perf_counter() - started,
           "elapsed": spider_stats.get("elapsed_time_seconds"),
           "responses": spider_stats.get("response_received_count", 0),
           "bytes": spider_stats.get("downloader/response_bytes", 0),
           "items": spider_stats.get("item_scraped_count", 0),
           "finish_reason": spider_stats.get("finish_reason")}
    print("BENCH " + json.dumps(out, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
