"""The distributed NLP stage (nlp.ray_extract, ``stcawatch extract --ray``) against the
single-process one (nlp.extract) on the same Hansard statement records, at two corpus sizes.

Measures: words/s of each; Ray's fixed cost (connecting, starting the actors and loading the
models once per actor, i.e. the time of a one-record run); whether the outputs are identical;
and a projection of the 2002–2026 House backfill (about 300 million words, of which the NLP
stage reads only the STCA-relevant interventions: ``--relevant-share``) on N machines, stated as
a projection from these rates. Needs ``pip install -e '.[ray]'``.

``python -m bench.ray_nlp [--sizes 10000 40000] [--cpus 2] [--address local]`` (writes the
``ray_nlp`` entry of bench/results.json).
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).with_name("results.json")
BACKFILL_WORDS = 300_000_000  # House debates 2002-2026, about 3,000 sittings (issue 19)


def measure(records: list[dict], address: str, cpus: int) -> dict:
    from nlp.extract import extract_records
    from nlp.model import load_nlp
    from nlp.ray_extract import extract_records_on_ray

    words = sum(len(r["text"].split()) for r in records)
    nlp = load_nlp()
    list(extract_records(records[:4], nlp))  # warm
    started = time.perf_counter()
    single = list(extract_records(records, nlp))
    single_s = time.perf_counter() - started
    started = time.perf_counter()
    distributed = list(extract_records_on_ray(records, address, workers=cpus))
    ray_s = time.perf_counter() - started
    return {"records": len(records), "words": words,
            "single_seconds": round(single_s, 2), "single_words_per_s": round(words / single_s),
            "ray_seconds": round(ray_s, 2), "ray_words_per_s": round(words / ray_s),
            "identical": json.dumps(single) == json.dumps(distributed)}


def fixed_cost(address: str, cpus: int, record: dict) -> float:
    """Seconds of a one-record distributed run: connection, actor start, model loads."""
    from nlp.ray_extract import extract_records_on_ray

    started = time.perf_counter()
    list(extract_records_on_ray([record], address, workers=cpus))
    return round(time.perf_counter() - started, 2)


def projection(rate_per_machine: float, fixed_s: float, relevant_share: float,
               machines=(1, 4, 16)) -> list[dict]:
    words = BACKFILL_WORDS * relevant_share
    return [{"machines": n, "hours": round((fixed_s + words / (rate_per_machine * n)) / 3600, 1)}
            for n in machines]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000])
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--address", default="local",
                        help="Ray cluster (default: a private local one with --cpus CPUs)")
    parser.add_argument("--relevant-share", type=float, nargs="+", default=[0.006, 1.0],
                        help="shares of House words the NLP stage reads: the on-topic "
                             "interventions are 0.56%% of the words of the 16 bundled sittings "
                             "(chosen for STCA content, so an upper figure); 1.0 is every word")
    args = parser.parse_args()

    import ray

    from bench.corpus import build_corpus
    from bench.nlp_bench import statement_texts

    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(Path(tmp) / "site", min_words=max(args.sizes) * 2, news_pages=0)
        records = statement_texts(corpus, max(args.sizes))
    if args.address == "local":
        ray.init(address="local", num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
    started = time.perf_counter()
    cost = fixed_cost(args.address, args.cpus, records[0])
    runs = []
    for size in sorted(args.sizes):
        subset, words = [], 0
        for r in records:
            if words >= size:
                break
            subset.append(r)
            words += len(r["text"].split())
        runs.append(measure(subset, args.address, args.cpus))
    ray.shutdown()
    small, large = runs[0], runs[-1]
    # the rate of the words the larger run adds: Ray's start-up (actors, model loads), paid once
    # per run, cancels out
    marginal = {k: round((large["words"] - small["words"]) / max(0.01, large[f"{k}_seconds"] - small[f"{k}_seconds"]))
                for k in ("single", "ray")}
    result = {
        "cpus": args.cpus, "ray_version": ray.__version__, "fixed_cost_seconds": cost,
        "runs": runs, "marginal_words_per_s": marginal, "total_seconds": round(time.perf_counter() - started, 1),
        "relevant_shares": args.relevant_share,
        "projection_note": ("projection, not a measurement: 300M House words x each relevant share, "
                            "at Ray's marginal words/s (between the two sizes) per machine of --cpus cores, "
                            "plus the fixed cost once"),
        "projection": {str(share): projection(marginal["ray"], cost, share)
                       for share in args.relevant_share},
    }
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["ray_nlp"] = result
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
