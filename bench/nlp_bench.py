"""NLP throughput: the pipeline's NLP stage against bare ``nlp.pipe`` of the same spaCy model.

``nlp_ratio`` = pipeline words/s ÷ bare words/s on exactly the same texts (all stcawatch
components that import on this branch, through ``nlp.extract.extract_records``).
``nlp_stage_ratio`` is the stage as the pipeline runs it: records that do not mention the topic
skip the model (``nlp.topic.mentions_topic``, when present), so it may exceed 1.
"""
from __future__ import annotations

import importlib.util
import os
import time

import spacy

from nlp.model import BASE_MODEL


def statement_texts(corpus, max_words: int) -> list[dict]:
    """Hansard statements of the corpus as NLP records, up to ``max_words`` words."""
    from crawlers.hansard_xml import parse_sitting

    records, words = [], 0
    for path in corpus.paths:
        sitting = parse_sitting((corpus.root / path.lstrip("/")).read_bytes(), path)
        for st in sitting.statements:
            if st.kind != "speech" or not st.text:
                continue
            records.append({"id": f"{sitting.id}/{st.seq:04d}", "text": st.text,
                            "speaker": st.speaker.name if st.speaker else None,
                            "date": sitting.date, "url": sitting.url, "kind": "hansard"})
            words += len(st.text.split())
            if words >= max_words:
                return records
    return records


def components() -> list[str]:
    from nlp.model import COMPONENTS

    return [f for module, f in COMPONENTS if importlib.util.find_spec(module) is not None]


def nlp_bench(corpus, max_words: int, batch_size: int = 64, n_process: int = 1) -> dict:
    from nlp.extract import extract_records
    from nlp.model import load_nlp

    import inspect

    kw = {"batch_size": batch_size}
    if "n_process" in inspect.signature(extract_records).parameters:
        kw["n_process"] = n_process
    records = statement_texts(corpus, max_words)
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(BASE_MODEL)
    ours = load_nlp()
    list(bare.pipe(texts[:20]))  # warm both (lazy init, vectors)
    list(extract_records(records[:20], ours))

    started = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    bare_s = time.perf_counter() - started

    started = time.perf_counter()
    results = list(extract_records(records, ours, **kw))
    ours_s = time.perf_counter() - started

    out = {"records": len(records), "words": words, "batch_size": batch_size,
           "n_process": n_process, "model": BASE_MODEL,
           "pipeline_components": ours.pipe_names, "stcawatch_components": components(),
           "bare_seconds": round(bare_s, 2), "pipeline_seconds": round(ours_s, 2),
           "bare_words_per_s": round(words / bare_s), "pipeline_words_per_s": round(words / ours_s),
           "nlp_ratio": round(bare_s / ours_s, 3),
           "statements_found": sum(len(r["statements"]) for r in results),
           "figures_found": sum(len(r["figures"]) for r in results)}
    if importlib.util.find_spec("nlp.topic") is not None:
        from nlp.topic import mentions_topic

        started = time.perf_counter()
        relevant = [r for r in records if mentions_topic(r["text"])]
        list(extract_records(relevant, ours, **kw))
        stage_s = time.perf_counter() - started
        out.update({"relevant_records": len(relevant), "stage_seconds": round(stage_s, 2),
                    "nlp_stage_ratio": round(bare_s / stage_s, 3) if stage_s else None})
    out["cpu_count"] = os.cpu_count()
    return out


def polnear_train_records(shared, n: int = 30) -> list[dict]:
    """The first ``n`` PolNeAR train articles (sorted by file name) as NLP records: news text
    that may be read while building (polnear-dev is for scoring only)."""
    from pathlib import Path

    files = sorted((Path(shared) / "eval" / "polnear-train" / "text").glob("*.txt"))[:n]
    return [{"id": f.stem, "text": f.read_text(encoding="utf-8")} for f in files]


def news_ratio(shared, repeats: int = 7, n_articles: int = 30, batch_size: int = 16) -> dict:
    """Issue 13's throughput target on news: the NLP stage (``extract_records`` with
    ``load_nlp()``) against bare ``load_base().pipe`` of the same base model on the same PolNeAR
    train articles. The two run interleaved (A B, then B A, ...) so that load on a shared machine
    hits both alike; each pair gives a ratio (stage words/s ÷ bare words/s = bare s ÷ stage s),
    on wall time and on this process's CPU time. Reported: the medians of the per-pair ratios."""
    import statistics

    from nlp.extract import extract_records
    from nlp.model import load_base, load_nlp

    records = polnear_train_records(shared, n_articles)
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)
    base, full = load_base(), load_nlp()

    def bare():
        for _doc in base.pipe(texts, batch_size=batch_size):
            pass

    def stage():
        for _rec in extract_records(records, nlp=full, batch_size=batch_size):
            pass

    list(base.pipe(texts[:3]))  # warm both (lazy loads: vectors, the tagger model, MiniLM)
    list(extract_records(records[:3], nlp=full))
    pairs = []
    for k in range(repeats):
        timed = {}
        for name, run in ((("bare", bare), ("stage", stage)) if k % 2 == 0 else (("stage", stage), ("bare", bare))):
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            timed[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        pairs.append(timed)
    wall_ratios = [p["bare"][0] / p["stage"][0] for p in pairs]
    cpu_ratios = [p["bare"][1] / p["stage"][1] for p in pairs]
    return {"articles": len(records), "words": words, "repeats": repeats, "batch_size": batch_size,
            "model": BASE_MODEL, "pipeline_components": full.pipe_names,
            "bare_wall_s": [round(p["bare"][0], 2) for p in pairs],
            "stage_wall_s": [round(p["stage"][0], 2) for p in pairs],
            "bare_cpu_s": [round(p["bare"][1], 2) for p in pairs],
            "stage_cpu_s": [round(p["stage"][1], 2) for p in pairs],
            "wall_ratios": [round(r, 3) for r in wall_ratios],
            "news_ratio": round(statistics.median(wall_ratios), 3),
            "news_cpu_ratio": round(statistics.median(cpu_ratios), 3),
            "cpu_count": os.cpu_count(), "load_average": list(os.getloadavg())}


def main(argv=None) -> int:
    import argparse
    import json

    from nlp.paths import shared_dir

    parser = argparse.ArgumentParser(description="NLP stage throughput on news against bare nlp.pipe "
                                                 "(issue 13: news_ratio >= 0.8).")
    parser.add_argument("--shared", default=None, help="the ../shared checkout (default: found as usual)")
    parser.add_argument("--repeats", type=int, default=7, help="interleaved bare/stage pairs (default 7)")
    parser.add_argument("--articles", type=int, default=30, help="PolNeAR train articles (default 30)")
    args = parser.parse_args(argv)
    res = news_ratio(args.shared or shared_dir(), repeats=args.repeats, n_articles=args.articles)
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
