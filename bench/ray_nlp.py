"""Scale-out path, shown on a local Ray cluster: the NLP stage as Ray Data ``map_batches``.

Each Ray worker builds one ``Extractor`` (spaCy + stcawatch components loaded once per worker,
not per batch), batches of statement records flow through it, results land in Parquet; one
loader (``load_parquet``) then upserts into SQLite, so Datasette is unchanged. Optional: needs
``pip install "ray[data]"``; run ``python -m bench.ray_nlp --words 20000 --cpus 2``.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path


class Extractor:
    """Callable class for ``map_batches``: the model loads in ``__init__``, once per worker."""

    def __init__(self):
        from nlp.model import load_nlp

        self.nlp = load_nlp()

    def __call__(self, batch: dict) -> dict:
        from nlp.extract import extract_records

        keys = list(batch)
        records = [{k: batch[k][i] for k in keys} for i in range(len(batch["id"]))]
        out = list(extract_records(records, self.nlp))
        return {"doc_id": [r["doc_id"] for r in out],
                "statements": [json.dumps(r["statements"]) for r in out],
                "figures": [json.dumps(r["figures"]) for r in out]}


def run(words: int, cpus: int, out_dir: Path) -> dict:
    import ray

    from bench.corpus import build_corpus
    from bench.nlp_bench import statement_texts

    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(Path(tmp) / "site", min_words=max(words, 100_000), news_pages=0)
        records = statement_texts(corpus, words)
    records = [{k: (v if v is not None else "") for k, v in r.items()} for r in records]
    ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    started = time.perf_counter()
    ds = ray.data.from_items(records)
    ds = ds.map_batches(Extractor, batch_size=64, concurrency=cpus, num_cpus=1)
    ds.write_parquet(str(out_dir))
    seconds = time.perf_counter() - started
    ray.shutdown()
    return {"records": len(records), "words": sum(len(r["text"].split()) for r in records),
            "cpus": cpus, "seconds": round(seconds, 2), "parquet_files": len(list(out_dir.glob("*.parquet")))}


def load_parquet(parquet_dir: Path) -> list[dict]:
    """The single loader's input: rows back from Parquet (pyarrow), ready for upserts."""
    import pyarrow.parquet as pq

    rows = []
    for path in sorted(parquet_dir.glob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            rows.append({"doc_id": row["doc_id"], "statements": json.loads(row["statements"]),
                         "figures": json.loads(row["figures"])})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--cpus", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.words, args.cpus, Path(tmp) / "out")
        rows = load_parquet(Path(tmp) / "out")
    result["rows_loaded"] = len(rows)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
