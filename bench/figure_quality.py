"""Figures on the corpus labels (docs/figures_guideline.md, nlp/data/figure_labels_*.jsonl):
value F1, period / place / qualifier accuracy with ../shared/eval/score.py, on all labelled
documents and on two fixed halves ("A" and "B", by a hash of the document id), so that a
change designed while reading half A is reported on half B, which it was not tuned to.

``python bench/quality.py --only figures``."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.figure_labels import gold_documents, load, read_documents


def half(doc_id: str) -> str:
    return "A" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def score(score_py: Path, gold: list[dict], system: list[dict]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        g, s = Path(tmp) / "gold.jsonl", Path(tmp) / "sys.jsonl"
        g.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gold), encoding="utf-8")
        s.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in system), encoding="utf-8")
        out = subprocess.run([sys.executable, str(score_py), str(g), str(s), "--json"],
                             capture_output=True, text=True, check=True)
    res = json.loads(out.stdout)
    keys = ("figure_f1", "figure_precision", "figure_recall", "figure_period_accuracy",
            "figure_place_accuracy", "figure_qualifier_accuracy")
    counts = res.get("counts", {})
    return {**{k: round(res[k], 4) for k in keys if k in res},
            "gold_figures": counts.get("gold_figures"), "found_figures": counts.get("found_figures"),
            "documents": len(gold)}


def run(shared: Path) -> dict:
    from nlp.extract import extract_records

    rows = load()
    corpus = read_documents(shared, rows)
    if not rows:
        return {"error": "no figure labels (nlp/data/figure_labels_*.jsonl)"}
    gold = gold_documents(corpus, rows)
    records = [{"id": d["id"], "text": d["text"], "date": d["date"], "url": d["url"],
                "language": d["language"], **({"speaker": d["speaker"]} if d.get("speaker") else {})}
               for d in gold]
    system = list(extract_records(records))
    parts = {"all": lambda d: True, "A": lambda d: half(d["id"]) == "A", "B": lambda d: half(d["id"]) == "B",
             "en": lambda d: d["language"] == "en", "fr": lambda d: d["language"] == "fr"}
    out = {}
    for name, keep in parts.items():
        ids = {d["id"] for d in gold if keep(d)}
        out[name] = score(shared / "eval" / "score.py", [d for d in gold if d["id"] in ids],
                          [s for s in system if s["doc_id"] in ids])
    return out


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")), indent=2))
