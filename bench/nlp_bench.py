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
