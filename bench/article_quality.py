"""News body extraction against bare trafilatura (issue 16), on the real pages with expected
text in ../shared/fixtures/news: body token F1 of ``crawlers.article.extract_article`` and of
``trafilatura.extract`` (default and ``favor_precision``) on the same pages, and CPU time per
page (the systems interleaved page by page, so a shared machine's load falls on all alike) as a
ratio to bare trafilatura (extract_article also reads metadata; bare text extraction does not). A benchmark, never a timed test: ``python bench/quality.py --only article``.

With ``$STCAWATCH_EXTRACTION_CACHE`` gathered (``bench/extraction_sets.py``), the same systems
are also scored on the broader sets, by halves A (read while building) and B (kept unread):
snippet sets as trafilatura's own evaluation does (each expected snippet present is a true
positive, missing a false negative; each unwanted snippet present a false positive, absent a
true negative; precision, recall, F1 pooled over the pages, and the mean per-page share of
snippets right), text sets by body token F1; and pages/s as a ratio to bare trafilatura,
CPU time of each call, the systems interleaved page by page, in an order that turns from
page to page (the first to read a page would otherwise always pay for a cold cache)."""
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


def systems() -> dict:
    import trafilatura

    from crawlers.article import ArticleError, extract_article

    def ours(html, url):
        try:
            return extract_article(html, url).body
        except ArticleError:
            return ""

    return {
        "stcawatch": ours,
        "trafilatura": lambda html, url: trafilatura.extract(html, url=url) or "",
        "trafilatura_precision": lambda html, url: trafilatura.extract(html, url=url, favor_precision=True) or "",
    }


def _norm(text: str) -> str:
    return " ".join(text.split())


def snippet_counts(got: str, present: list[str], absent: list[str]) -> dict[str, int]:
    """trafilatura's evaluation counts, whitespace-normalised alike for every system."""
    text = _norm(got)
    found = [bool(_norm(s)) and _norm(s) in text for s in present]
    unwanted = [bool(_norm(s)) and _norm(s) in text for s in absent]
    return {"tp": sum(found), "fn": len(found) - sum(found), "fp": sum(unwanted),
            "tn": len(unwanted) - sum(unwanted)}


def snippet_scores(counts: list[dict[str, int]]) -> dict:
    tp, fn, fp, tn = (sum(c[k] for c in counts) for k in ("tp", "fn", "fp", "tn"))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    per_page = [(c["tp"] + c["tn"]) / max(1, sum(c.values())) for c in counts]
    return {"pages": len(counts), "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
            "accuracy": round((tp + tn) / max(1, tp + fn + fp + tn), 4),
            "page_share_right": round(sum(per_page) / len(per_page), 4) if per_page else None}


def comment_snippets(page) -> set[str]:
    """The page's expected-present snippets that trafilatura finds in the reader comments and
    not in the article (scored apart: stcawatch keeps comments out of a news body by design)."""
    import trafilatura

    found = trafilatura.bare_extraction(page.html, url=page.url, include_comments=True)
    if found is None:
        return set()
    text, comments = _norm(found.text or ""), _norm(found.comments or "")
    return {s for s in page.present if _norm(s) in comments and _norm(s) not in text}


def run_broad(cache: Path | None = None, keep_per_page_of: str = "A") -> dict:
    """The broader sets, by half; per-page results only for ``keep_per_page_of`` (the read half)."""
    from bench.extraction_sets import load

    fns = systems()
    out: dict = {"sets": {}, "cpu_s": dict.fromkeys(fns, 0.0), "pages": 0}
    for set_name, pages in load(cache).items():
        rows: dict[str, dict[str, list]] = {}
        per_page: dict[str, dict] = {}
        for page in pages:
            out["pages"] += 1
            comments = comment_snippets(page) if page.expected is None else set()
            out["comment_snippets"] = out.get("comment_snippets", 0) + len(comments)
            names = list(fns)  # the order turns page by page: no system always runs first
            names = names[out["pages"] % len(names):] + names[:out["pages"] % len(names)]
            for name in names:
                fn = fns[name]
                t0 = time.process_time()
                got = fn(page.html, page.url)
                out["cpu_s"][name] += time.process_time() - t0
                value = (token_f1(got, page.expected) if page.expected is not None
                         else snippet_counts(got, page.present, page.absent))
                for half in (page.half, "all"):
                    rows.setdefault(half, {}).setdefault(name, []).append(value)
                if page.expected is None:  # the same without the snippets of reader comments
                    body_only = [s for s in page.present if s not in comments]
                    for half in (page.half, "all"):
                        rows.setdefault(f"{half}_body", {}).setdefault(name, []).append(
                            snippet_counts(got, body_only, page.absent))
                if page.half == keep_per_page_of:  # token F1, or the share of snippets right
                    per_page.setdefault(page.name, {})[name] = round(
                        value if isinstance(value, float)
                        else (value["tp"] + value["tn"]) / max(1, sum(value.values())), 3)
        result = {}
        for half, by_system in sorted(rows.items()):
            result[half] = {name: ({"pages": len(v), "token_f1": round(sum(v) / len(v), 4)}
                                   if isinstance(v[0], float) else snippet_scores(v))
                            for name, v in by_system.items()}
        out["sets"][set_name] = {"halves": result, f"per_page_{keep_per_page_of}": per_page}
    cpu = out.pop("cpu_s")
    out["pages_per_cpu_s"] = {k: round(out["pages"] / v, 1) for k, v in cpu.items() if v}
    out["speed_ratio_vs_trafilatura"] = round(cpu["trafilatura"] / cpu["stcawatch"], 2) if cpu["stcawatch"] else None
    return out


def run(shared: Path, repeat: int = 20) -> dict:
    from bench.extraction_sets import missing_reason

    data = pages(shared)
    out = {"pages": len(data), "f1": {}, "ms_per_page": {}, "per_page": {}}
    fns = systems()
    for name, fn in fns.items():
        scores = []
        for page, html, want in data:
            scores.append(token_f1(fn(html, "https://" + re.sub(r"\d+$", "", page) + "/article"), want))
            out["per_page"].setdefault(page, {})[name] = round(scores[-1], 3)
        out["f1"][name] = round(sum(scores) / len(scores), 4) if scores else None
    cpu = dict.fromkeys(fns, 0.0)
    for _ in range(repeat):  # CPU time of each call, the systems interleaved page by page
        for i, (page, html, _) in enumerate(data):
            for name in list(fns)[i % len(fns):] + list(fns)[:i % len(fns)]:  # no system always first
                fn = fns[name]
                t0 = time.process_time()
                fn(html, f"https://{page}/article")
                cpu[name] += time.process_time() - t0
    out["ms_per_page"] = {name: round(v * 1000 / (repeat * len(data)), 1) for name, v in cpu.items()}
    out["speed_ratio_vs_trafilatura"] = round(out["ms_per_page"]["trafilatura"] / out["ms_per_page"]["stcawatch"], 2)
    reason = missing_reason()
    if reason:
        print(f"article: {reason}")
        out["broad"] = {"skipped": reason}
    else:
        out["broad"] = run_broad()
    return out


if __name__ == "__main__":
    import json
    import sys

    if sys.argv[1:2] == ["--broad"]:  # only the broader sets
        print(json.dumps(run_broad(), indent=2))
    else:
        print(json.dumps(run(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")), indent=2))
