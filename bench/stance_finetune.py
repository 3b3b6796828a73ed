"""Does a fine-tuned MiniLM classify stance better than the head over the frozen encoder? (issue 14;
a benchmark, not a test.)

The committed stance model is a logistic-regression head over frozen all-MiniLM-L6-v2 embeddings
plus cue counts (``nlp/stance.py``). This script runs the same grouped cross-validation as
``bench/stance_quality.py`` (``stance_train.cross_validate``: the same rows, folds by document and
by source type, the same gate; every row outside a fold's groups trains it, real corpus statements
are evaluated) with, in place of the head, the encoder fine-tuned end to end as a 4-way sequence
classifier (mean-pooled pieces -> linear; class-weighted cross-entropy; the statement read after
the topic's context prefix when its document is about the STCA, as the head reads it). A label
is decided from the fine-tuned model's probabilities with ``stance.decide``, as in the pipeline.

    python -m bench.stance_finetune --epochs 4 --out /tmp/stance_ft.json

Result on 4 Dec 2026 (154 real corpus statements, 2 cores, 4 epochs, lr 3e-5): macro-F1 0.511 by
document, 0.467 by source type, keep recall 0.50, against 0.683 / 0.685 / 0.75 for the committed
head. Not adopted (docs/stance.md).
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np


def _inputs(rows, cfg):
    from nlp import stance

    return [f"{cfg.context_prefix} {stance.statement_text(r['text'])}" if r.get("context") and cfg.context_prefix
            else stance.statement_text(r["text"]) for r in rows]


class Classifier:
    def __init__(self, labels: list[str], seed: int):
        import torch
        from transformers import AutoModel, AutoTokenizer

        from nlp.attribution_encoder import base_model_path

        torch.manual_seed(seed)
        self.labels = labels
        self.tok = AutoTokenizer.from_pretrained(base_model_path())
        self.enc = AutoModel.from_pretrained(base_model_path())
        self.out = torch.nn.Linear(self.enc.config.hidden_size, len(labels))

    def _logits(self, texts):
        import torch

        b = self.tok(texts, truncation=True, max_length=160, padding=True, return_tensors="pt")
        h = self.enc(**b).last_hidden_state
        m = b["attention_mask"].unsqueeze(-1).float()
        return self.out((h * m).sum(1) / m.sum(1))

    def fit(self, texts, labels, epochs: int, lr: float, seed: int, batch: int = 16):
        import torch

        y = torch.tensor([self.labels.index(lab) for lab in labels])
        counts = torch.bincount(y, minlength=len(self.labels)).float().clamp(min=1)
        weight = counts.sum() / (len(self.labels) * counts)
        params = list(self.enc.parameters()) + list(self.out.parameters())
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
        rng = random.Random(seed)
        order = list(range(len(texts)))
        self.enc.train()
        for _ in range(epochs):
            rng.shuffle(order)
            for k in range(0, len(order), batch):
                idx = order[k:k + batch]
                loss = torch.nn.functional.cross_entropy(self._logits([texts[i] for i in idx]), y[idx], weight=weight)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                opt.step()
                opt.zero_grad()
        self.enc.eval()

    def proba(self, texts) -> np.ndarray:
        import torch

        with torch.inference_mode():
            return torch.softmax(self._logits(texts), -1).numpy() if texts else np.zeros((0, len(self.labels)))


def cross_validate(rows, by: str, epochs: int, lr: float, log=print) -> dict:
    from nlp import stance, stance_train

    cfg = stance.load_config()
    labels = list(cfg.labels)
    eval_idx = [i for i, r in enumerate(rows) if r["source"] == "corpus"]
    fold = stance_train.folds_of(rows, eval_idx, by)
    pred = {}
    for n, k in enumerate(sorted(set(fold.values()), key=str)):
        t0 = time.time()
        train = stance_train.trainable([r for r in rows if fold.get(r["group"]) != k], cfg)
        model = Classifier(labels, 13 + n)
        model.fit(_inputs(train, cfg), [r["label"] for r in train], epochs, lr, 13 + n)
        test = [i for i in eval_idx if fold[rows[i]["group"]] == k]
        gated = [i for i in test if stance.passes_gate(rows[i]["text"], cfg, bool(rows[i].get("context")))]
        for i in test:
            pred[i] = cfg.default
        for i, p in zip(gated, model.proba(_inputs([rows[i] for i in gated], cfg))):
            pred[i] = stance.decide(labels, p, cfg)[0]
        log(f"  fold {k}: trained on {len(train)} rows in {time.time() - t0:.0f} s, {len(test)} held out")
    return {"pred": pred, "logits": {}}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)

    from nlp import stance, stance_data, stance_train
    from nlp.paths import shared_dir

    rows = stance_data.all_rows(shared_dir())
    labels = list(stance.load_config().labels)
    res = {"epochs": args.epochs, "lr": args.lr}
    for by in ("doc", "type"):
        cv = cross_validate(rows, by, args.epochs, args.lr)
        m = stance_train.evaluation(rows, cv, labels)["all"]
        res[f"cv_by_{by}"] = {"macro_f1": m["macro_f1"], "accuracy": m["accuracy"], "recall": m["recall"], "n": m["n"]}
        print(f"fine-tuned MiniLM, CV by {by}: macro-F1 {m['macro_f1']:.3f}, accuracy {m['accuracy']:.3f}, "
              f"keep recall {m['recall'].get('keep', 0):.2f} ({m['n']} real corpus statements)", flush=True)
    if args.out:
        args.out.write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
