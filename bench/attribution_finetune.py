"""Does fine-tuning MiniLM help the attribution tagger's token roles? (issue 13; a benchmark.)

The frozen-encoder experiment (``bench/attribution_encoder.py``) gave a head whose cross-fitted
token scores were SRC P 0.66 / R 0.45, CUE 0.71 / 0.46, CON 0.73 / 0.77, and no gain in the CRF.
This script fine-tunes all-MiniLM-L6-v2 end to end as a token classifier (O/SRC/CUE/CON, every
word piece labelled with its spaCy token's role; ``nlp/attribution_encoder.py``, the code the
pipeline's encoder is trained with) on the same training documents, folds 1–2 of the same split
(``RandomState(13)``, 3 folds by document), for at most ``--minutes`` of training, and scores
its token roles on fold 0 (a token's role: the argmax of its pieces' mean logits), the numbers
comparable to the frozen head's. Nothing here is read from PolNeAR dev.

Result on 4 Dec 2026 (2 idle cores, one epoch of 722 steps in 287 s): SRC P 0.793 / R 0.766,
CUE 0.708 / 0.635, CON 0.893 / 0.892. Two epochs (``--epochs 2``, 1,444 steps in 1,051 s on
shared cores; session 13): SRC 0.810 / 0.787, CUE 0.701 / 0.682, CON 0.904 / 0.895.

    python -m bench.attribution_finetune --minutes 14 --out /tmp/ft.json
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--minutes", type=float, default=14.0)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)

    from nlp.attribution_data import token_tags
    from nlp.attribution_encoder import ROLES, RoleTagger, windows
    from nlp.attribution_features import paragraphs
    from nlp.attribution_train import training_documents
    from nlp.model import load_base

    t0 = time.time()
    docs = training_documents(args.shared)
    base = load_base()
    tagger = RoleTagger.base(13)
    fold = np.random.RandomState(13).randint(0, 3, len(docs))
    train_items, test_docs = [], []
    for k, d in enumerate(docs):
        doc = base.make_doc(d["text"])
        roles = [ROLES.index(t[2:]) if t != "O" else 0 for t in token_tags(doc, d["attributions"])]
        if fold[k] == 0:
            test_docs.append((doc, roles))
        else:
            train_items.extend(windows(tagger.tok, doc, paragraphs(doc), roles))
    print(f"{len(docs)} documents, {len(train_items)} training windows "
          f"({sum(len(x[0]) for x in train_items)} pieces), {len(test_docs)} test documents; "
          f"prepared in {time.time() - t0:.0f} s", flush=True)
    stats = tagger.fine_tune(train_items, 13, args.lr, args.batch, args.epochs, minutes=args.minutes,
                             progress=lambda m: print(m, flush=True))
    t2 = time.time()
    gold = np.concatenate([np.array(r) for _, r in test_docs])
    pred = np.concatenate([tagger.probs(doc, paragraphs(doc)).argmax(1) for doc, _ in test_docs])
    scores = {}
    for r in (1, 2, 3):
        tp = int(((pred == r) & (gold == r)).sum())
        scores[ROLES[r]] = {"p": round(tp / max(int((pred == r).sum()), 1), 3),
                            "r": round(tp / max(int((gold == r).sum()), 1), 3)}
    result = {"steps": stats["steps"], "of_steps": stats["of_steps"],
              "epoch_fraction": round(stats["steps"] / stats["of_steps"], 3), "train_seconds": round(stats["seconds"]),
              "pieces_per_second": round(stats["pieces"] / max(stats["seconds"], 1)),
              "eval_seconds": round(time.time() - t2), "test_tokens": int(len(gold)), "fold0_token_scores": scores}
    print(json.dumps(result), flush=True)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
