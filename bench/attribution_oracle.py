"""Where does attribution recall go after tagging? (issue 13; a benchmark.)

The decoder (``nlp.attribution.group_attributions`` and the statement builder in
``nlp/quotes.py``) is run on PolNeAR **train** articles (read freely) with perfect input, and
scored by ../shared/eval/score.py in both views:

* ``gold``: the gold attributions themselves become ``doc._.attributions`` — what speaker
  resolution and statement building lose;
* ``tags``: the gold BIO tags (``token_tags``) go through the grouping — what grouping loses.

Result on 4 Dec 2026 (session 13), first 120 train articles, full view F1: gold 0.918; tags
0.850 before a source was shared by the cues of its sentence, 0.893 after (the committed tagger
on the same articles, which it was trained on: 0.701). Nothing here is read from PolNeAR dev.

    python -m bench.attribution_oracle ../shared --limit 120
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def run(shared: Path, limit: int = 120, modes=("gold", "tags")) -> dict:
    from spacy.language import Language

    from bench.attribution_quality import extract_to, pipeline, score
    from nlp.attribution import char_attributions, group_attributions
    from nlp.attribution_data import read_polnear, token_tags

    ev = Path(shared) / "eval"
    docs = list(read_polnear(ev / "polnear-train", "train", limit))
    by_text = {hashlib.sha1(d["text"].encode()).hexdigest(): d for d in docs}
    keep = {d["id"].split("/", 1)[1] for d in docs}
    state = {"mode": None}

    @Language.component("attribution_oracle")
    def oracle(doc):
        d = by_text[hashlib.sha1(doc.text.encode()).hexdigest()]
        if state["mode"] == "tags":
            doc._.attributions = char_attributions(doc, group_attributions(doc, token_tags(doc, d["attributions"])))
            return doc
        out = []
        for a in d["attributions"]:
            if a["content"]:
                out.append({"source": (a["source"][0][0], a["source"][-1][1]) if a["source"] else None,
                            "cue": (a["cue"][0][0], a["cue"][-1][1]) if a["cue"] else None,
                            "contents": sorted(a["content"]), "confidence": 1.0})
        doc._.attributions = sorted(out, key=lambda g: g["contents"][0][0])
        return doc

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        golds = {}
        for view, flag in (("full", []), ("speech", ["--speech-only"])):
            lines = subprocess.run([sys.executable, str(ev / "polnear_to_gold.py"), str(ev / "polnear-train"), *flag],
                                   capture_output=True, text=True, check=True).stdout.splitlines()
            golds[view] = tmp / f"{view}.jsonl"
            golds[view].write_text("".join(x + "\n" for x in lines if json.loads(x)["id"] in keep), encoding="utf-8")
        records = [{"id": json.loads(x)["id"], "text": json.loads(x)["text"]}
                   for x in golds["full"].read_text(encoding="utf-8").splitlines()]
        nlp_ = pipeline(merge=True, model=False)
        nlp_.add_pipe("attribution_oracle", before="stca_quotes")
        for mode in modes:
            state["mode"] = mode
            system = tmp / f"sys_{mode}.jsonl"
            extract_to(system, records, nlp_)
            out[mode] = {v: score(ev / "score.py", g, system) for v, g in golds.items()}
    return {"articles": len(docs), **out}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shared", nargs="?", type=Path, default=Path("../shared"))
    ap.add_argument("--limit", type=int, default=120)
    args = ap.parse_args()
    res = run(args.shared, args.limit)
    for mode in ("gold", "tags"):
        print(mode, {v: s["attribution_f1"] for v, s in res[mode].items()})
