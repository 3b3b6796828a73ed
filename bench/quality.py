"""Extraction quality benchmark (not a timed test): who-said-what, stance and figures.

Runs nlp.extract.extract_records over ../shared/eval/gold_dev.jsonl (STCA gold) and the PolNeAR
dev split (converted with ../shared/eval/polnear_to_gold.py), scores each with
../shared/eval/score.py --json (called by path, never copied), cross-validates the stance
encoder on HanDeSeT by debate (bench/stance_handeset.py, against a bag-of-words baseline),
prints a table and writes bench/quality.json.

PolNeAR is scored twice: with the default configuration (the STCA gold's convention: each
quotation its own statement) and with merge_continuations=True (PolNeAR's own convention).

usage: python bench/quality.py [--shared ../shared] [--only stca|polnear|handeset|attribution] [--no-cv] [--keep DIR]

--only attribution runs bench/attribution_quality.py: both PolNeAR views, the corpus CV, the ablation
and the NLP stage's words/s beside bare nlp.pipe.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from any folder
    sys.path.insert(0, str(ROOT))
from nlp.paths import shared_dir  # noqa: E402

METRICS = [
    ("quote_precision", "quote P"), ("quote_recall", "quote R"), ("quote_f1", "quote F1"),
    ("attribution_precision", "attrib P"), ("attribution_recall", "attrib R"),
    ("attribution_f1", "attrib F1"), ("speaker_accuracy_on_found", "speaker ok"),
    ("stance_accuracy", "stance acc"), ("stance_macro_f1", "stance mF1"),
    ("figure_precision", "figure P"), ("figure_recall", "figure R"), ("figure_f1", "figure F1"),
    ("figure_period_accuracy", "fig period"), ("figure_place_accuracy", "fig place"),
    ("figure_qualifier_accuracy", "fig qual"),
]
POLNEAR_TARGETS = {"attribution_f1": 0.84, "speaker_accuracy_on_found": 0.87}  # either convention
TARGETS = {"stca": {"attribution_f1": 0.90}, "polnear": POLNEAR_TARGETS, "polnear_merged": POLNEAR_TARGETS}
HANDESET_MODELS = [("majority", "majority class"), ("bow_tfidf_lr", "bag of words (tf-idf, LR)"),
                   ("minilm_lr", "MiniLM encoder (LR head)")]


def gold_records(gold_path: Path):
    """Gold lines are valid extract inputs: keep only the input fields."""
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            yield {k: d[k] for k in ("id", "text", "speaker", "date", "url") if k in d}


def merged_nlp():
    """The default pipeline, but stca_quotes joining same-speaker quote continuations."""
    from nlp.model import load_nlp

    nlp = load_nlp()
    import copy

    nlp = copy.deepcopy(nlp)
    nlp.replace_pipe("stca_quotes", "stca_quotes", config={"merge_continuations": True})
    return nlp


def run_set(name: str, gold_path: Path, workdir: Path, score_py: Path, nlp=None) -> dict:
    from nlp.extract import extract_records

    system_path = workdir / f"{name}_system.jsonl"
    t0 = time.perf_counter()
    n = 0
    with system_path.open("w", encoding="utf-8") as out:
        for doc in extract_records(gold_records(gold_path), nlp=nlp):
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            n += 1
    elapsed = time.perf_counter() - t0
    res = subprocess.run([sys.executable, str(score_py), str(gold_path), str(system_path), "--json"],
                         capture_output=True, text=True, check=True)
    scores = json.loads(res.stdout)
    scores["documents"] = n
    scores["extract_seconds"] = round(elapsed, 2)
    return scores


def handeset_lines(res: dict) -> list[str]:
    """HanDeSeT accuracy per model, and whether the encoder beats the bag-of-words bar."""
    lines = [f"HanDeSeT ({res['n']} speeches, {res['debates']} debates, {res['folds']}-fold CV by debate)"]
    for key, label in HANDESET_MODELS:
        lines.append(f"  {label:28s} accuracy {res[key]['accuracy']:.3f} ± {res[key]['std']:.3f}")
    beat = res["minilm_lr"]["accuracy"] > res["bow_tfidf_lr"]["accuracy"]
    lines.append(f"target handeset encoder > bag of words: {'ok' if beat else 'MISSED'}")
    return lines


def stance_lines(res: dict) -> list[str]:
    """The stance benchmark: grouped CV on real corpus statements, end to end per speaker."""
    lines = []
    for by in ("doc", "type"):
        m = res[f"cv_by_{by}"]["all"]
        lines.append(f"stance CV by {by:4s} (real corpus statements, n={m['n']}): macro-F1 "
                     f"{m['macro_f1']:.3f}, keep recall {m['recall']['keep']:.2f}")
    if res.get("heldout_gathered"):
        m = res["heldout_gathered"]["all"]
        lines.append(f"stance on held-out gathered statements (score.py, n={m['stance_pairs']}, "
                     f"never trained on): macro-F1 {m['stance_macro_f1']:.3f}, accuracy "
                     f"{m['stance_accuracy']:.3f}, keep recall {m['recall']['keep']:.2f}")
    e2e = res["end_to_end"]["all"]
    lines.append(f"stance end to end per speaker ({e2e['stance_pairs']} speaker positions): "
                 f"macro-F1 {e2e['stance_macro_f1']:.3f}, accuracy {e2e['stance_accuracy']:.3f}")
    for part, m in (res.get("gathered_speakers") or {}).items():
        lines.append(f"stance per speaker, {part} gathered sets ({'+'.join(m['sets'])}, "
                     f"{m['stance_pairs']} positions): macro-F1 {m['stance_macro_f1']:.3f}, accuracy "
                     f"{m['stance_accuracy']:.3f}")
    unread = (res.get("gathered_speakers") or {}).get("unread")
    if unread:
        lines.append(f"target stance on unread gathered speakers (hidden-set proxy) >= 0.8: "
                     f"{unread['stance_macro_f1']:.3f} {'ok' if unread['stance_macro_f1'] >= 0.8 else 'MISSED'}")
    for key, target, value in (("cv macro-F1", 0.80, res["cv_by_type"]["all"]["macro_f1"]),
                               ("keep recall", 0.70, res["cv_by_type"]["all"]["recall"]["keep"])):
        lines.append(f"target stance {key} >= {target}: {value:.3f} {'ok' if value >= target else 'MISSED'}")
    return lines


def article_lines(res: dict) -> list[str]:
    f1, ms = res["f1"], res["ms_per_page"]
    lines = [f"article body token F1 on {res['pages']} pages: stcawatch {f1['stcawatch']:.3f}, "
             f"trafilatura {f1['trafilatura']:.3f}, precision {f1['trafilatura_precision']:.3f}; "
             f"{ms['stcawatch']} vs {ms['trafilatura']} ms/page (ratio {res['speed_ratio_vs_trafilatura']})"]
    broad = res.get("broad") or {}
    if broad.get("skipped"):
        return lines + [f"article broader sets: skipped ({broad['skipped']})"]
    for name, found in broad.get("sets", {}).items():
        for half, scores in found["halves"].items():
            key = "token_f1" if "token_f1" in scores["stcawatch"] else "f1"
            lines.append(f"article {name} half {half} ({scores['stcawatch']['pages']} pages, {key}): "
                         + ", ".join(f"{n} {m[key]:.3f}" for n, m in scores.items()))
    if broad.get("sets"):
        lines.append(f"article broader sets: pages per CPU second {broad['pages_per_cpu_s']} "
                     f"(ratio {broad['speed_ratio_vs_trafilatura']} x bare trafilatura)")
    return lines


def figure_lines(res: dict) -> list[str]:
    return [f"figures on corpus labels ({name}: {r['documents']} docs, {r['gold_figures']} figures): "
            f"value F1 {r.get('figure_f1', 0):.3f}, period {r.get('figure_period_accuracy', 0):.3f}, "
            f"place {r.get('figure_place_accuracy', 0):.3f}, qualifier {r.get('figure_qualifier_accuracy', 0):.3f}"
            for name, r in res.items()]


def table(results: dict) -> str:
    handeset = results.get("handeset")
    extra = (handeset_lines(handeset) if handeset else []) + (
        stance_lines(results["stance"]) if results.get("stance") else []) + (
        article_lines(results["article"]) if results.get("article") else []) + (
        figure_lines(results["figures"]) if results.get("figures", {}).get("all") else [])
    results = {k: v for k, v in results.items()
               if k not in ("handeset", "attribution", "stance", "article", "figures")}
    names = list(results)
    if not names:
        return "\n".join(extra)
    lines = [f"{'metric':14s}" + "".join(f"{n:>16s}" for n in names)]
    for key, label in METRICS:
        if not any(key in results[n] for n in names):
            continue
        row = f"{label:14s}"
        for n in names:
            v = results[n].get(key)
            row += f"{v:16.3f}" if isinstance(v, float) else f"{'-':>16s}"
        lines.append(row)
    lines.append(f"{'documents':14s}" + "".join(f"{results[n]['documents']:16d}" for n in names))
    for n in names:
        for key, target in TARGETS.get(n, {}).items():
            v = results[n].get(key, 0.0)
            lines.append(f"target {n} {key} >= {target}: {v:.3f} {'ok' if v >= target else 'MISSED'}")
    return "\n".join(lines + extra)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(shared_dir()))
    ap.add_argument("--only", choices=["stca", "polnear", "handeset", "attribution", "stance", "article", "figures"])
    ap.add_argument("--no-cv", action="store_true", help="attribution: skip the corpus cross-validation (retrains 3 times)")
    ap.add_argument("--keep", help="folder to keep the system jsonl in (default: a temp dir)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "quality.json"))
    args = ap.parse_args(argv)
    ev = Path(args.shared) / "eval"
    score_py, conv = ev / "score.py", ev / "polnear_to_gold.py"
    for p in (score_py, ev / "gold_dev.jsonl"):
        if not p.exists():
            print(f"error: {p} not found (clone ../shared beside the repo)", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = {}
        if args.only in (None, "stca"):
            results["stca"] = run_set("stca", ev / "gold_dev.jsonl", work, score_py)
        if args.only in (None, "polnear") and (ev / "polnear-dev").exists():
            pgold = work / "polnear_dev_gold.jsonl"
            with pgold.open("w", encoding="utf-8") as fh:
                subprocess.run([sys.executable, str(conv), str(ev / "polnear-dev")], stdout=fh, check=True)
            results["polnear"] = run_set("polnear", pgold, work, score_py)
            results["polnear_merged"] = run_set("polnear_merged", pgold, work, score_py, merged_nlp())
        handeset_csv = ev / "handeset" / "HanDeSeT.csv"
        if args.only in (None, "handeset") and handeset_csv.exists():
            from bench.stance_handeset import cross_validate, load_handeset

            t0 = time.perf_counter()
            results["handeset"] = cross_validate(load_handeset(handeset_csv))
            results["handeset"]["seconds"] = round(time.perf_counter() - t0, 2)
        if args.only in (None, "attribution"):
            from bench.attribution_quality import run as run_attribution

            results["attribution"] = run_attribution(Path(args.shared), work / "attribution", not args.no_cv)
        if args.only in (None, "article"):
            from bench.article_quality import run as run_article

            results["article"] = run_article(Path(args.shared))
        if args.only in (None, "figures"):
            from bench.figure_quality import run as run_figures

            results["figures"] = run_figures(Path(args.shared))
        if args.only in (None, "stance"):
            from bench.stance_quality import run as run_stance

            results["stance"] = run_stance(Path(args.shared), work / "stance")
    print(table(results))
    out = Path(args.out)
    if args.only and out.exists():  # a partial run updates its own sets and keeps the others
        results = json.loads(out.read_text(encoding="utf-8")) | results
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
