"""News body extraction against bare trafilatura (issue 16), on the real pages with expected
text in ../shared/fixtures/news: body token F1 of ``crawlers.article.extract_article`` and of
``trafilatura.extract`` (default and ``favor_precision``) on the same pages, and time per page
as a ratio to bare trafilatura (extract_article also reads metadata; bare text extraction
does not). A benchmark, never a timed test: ``python bench/quality.py --only article``."""
from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path


def token_f1(got: str, want: str) -> float:
    a, b = Counter(re.findall(r"\w+", got.lower())), Counter(re.findall(r"\w+", want.lower()))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def pages(shared: Path) -> list[tuple[str, str, str]]:
    folder = shared / "fixtures" / "news"
    out = []
    for expected in sorted(folder.glob("*.expected.txt")):
        name = expected.name.removesuffix(".expected.txt")
        html = (folder / f"{name}.html").read_bytes().decode("utf-8", "replace")
        out.append((name, html, expected.read_text(encoding="utf-8")))
    return out


def run(shared: Path, repeat: int = 20) -> dict:
    import trafilatura

    from crawlers.article import ArticleError, extract_article

    systems = {
        "stcawatch": lambda html, url: extract_article(html, url).body,
        "trafilatura": lambda html, url: trafilatura.extract(html, url=url) or "",
        "trafilatura_precision": lambda html, url: trafilatura.extract(html, url=url, favor_precision=True) or "",
    }
    data = pages(shared)
    out = {"pages": len(data), "f1": {}, "ms_per_page": {}, "per_page": {}}
    for name, fn in systems.items():
        scores = []
        for page, html, want in data:
            url = "https://" + re.sub(r"\d+$", "", page) + "/article"
            try:
                got = fn(html, url)
            except ArticleError:
                got = ""
            scores.append(token_f1(got, want))
            out["per_page"].setdefault(page, {})[name] = round(scores[-1], 3)
        out["f1"][name] = round(sum(scores) / len(scores), 4) if scores else None
        for page, html, _ in data:  # warm
            fn(html, f"https://{page}/article")
        t0 = time.perf_counter()
        for _ in range(repeat):
            for page, html, _ in data:
                fn(html, f"https://{page}/article")
        out["ms_per_page"][name] = round((time.perf_counter() - t0) * 1000 / (repeat * len(data)), 1)
    out["speed_ratio_vs_trafilatura"] = round(out["ms_per_page"]["trafilatura"] / out["ms_per_page"]["stcawatch"], 2)
    return out


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")), indent=2))
