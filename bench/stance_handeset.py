"""HanDeSeT: speech stance (support/oppose the motion), cross-validated grouped by debate.

Compares a bag-of-words baseline (tf-idf uni+bigrams, logistic regression: the kind of
model the HanDeSeT paper reports) with the stance model's encoder: MiniLM embeddings of the
speech (mean over its utterances), of the motion, and their product, with a logistic-regression
head. Folds never share a debate (GroupKFold on ``title``), so no motion is seen in training.
A benchmark, not a test; embeddings are cached under var/cache/.

    python -m bench.stance_handeset [--shared ../shared] [--folds 10]
"""
from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

import click
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from any folder
    sys.path.insert(0, str(ROOT))
from nlp.paths import shared_dir  # noqa: E402
CACHE = ROOT / "var" / "cache"


def load_handeset(path: Path) -> list[dict]:
    """Rows with speech text (utt1..utt5), motion, debate title and the manual label (0/1)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = []
        for row in csv.DictReader(fh):
            utts = [row[f"utt{i}"].strip() for i in range(1, 6) if row.get(f"utt{i}", "").strip()]
            rows.append({"utts": utts, "motion": row["motion"], "title": row["title"],
                         "label": int(row["manual speech"])})
    return rows


def _cached_embed(texts: list[str], name: str) -> np.ndarray:
    import sys

    sys.path.insert(0, str(ROOT))
    from nlp.stance import embed

    key = hashlib.sha1("\x00".join(texts).encode()).hexdigest()[:12]
    path = CACHE / f"handeset-{name}-{key}.npy"
    if path.exists():
        return np.load(path)
    vecs = embed(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vecs)
    return vecs


def encoder_features(rows: list[dict]) -> np.ndarray:
    flat = [u for r in rows for u in r["utts"]]
    vecs = _cached_embed(flat, "utts")
    speech, k = [], 0
    for r in rows:
        speech.append(vecs[k:k + len(r["utts"])].mean(axis=0))
        k += len(r["utts"])
    speech = np.asarray(speech)
    speech /= np.linalg.norm(speech, axis=1, keepdims=True)
    motions = _cached_embed([r["motion"] for r in rows], "motions")
    return np.hstack([speech, motions, speech * motions])


def cross_validate(rows: list[dict], folds: int = 10) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline

    y = np.array([r["label"] for r in rows])
    groups = [r["title"] for r in rows]
    texts = [" ".join(r["utts"]) for r in rows]
    x_enc = encoder_features(rows)
    scores = {"bow_tfidf_lr": [], "minilm_lr": [], "majority": []}
    for train, test in GroupKFold(n_splits=folds).split(texts, y, groups):
        bow = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                            LogisticRegression(max_iter=2000, C=4.0))
        bow.fit([texts[i] for i in train], y[train])
        scores["bow_tfidf_lr"].append(float((bow.predict([texts[i] for i in test]) == y[test]).mean()))
        enc = LogisticRegression(max_iter=5000, C=1.0)
        enc.fit(x_enc[train], y[train])
        scores["minilm_lr"].append(float((enc.predict(x_enc[test]) == y[test]).mean()))
        majority = int(round(y[train].mean()))
        scores["majority"].append(float((y[test] == majority).mean()))
    return {name: {"accuracy": round(float(np.mean(v)), 4), "std": round(float(np.std(v)), 4)}
            for name, v in scores.items()} | {"n": len(rows), "folds": folds,
                                             "debates": len(set(groups))}


@click.command()
@click.option("--shared", type=click.Path(exists=True, file_okay=False),
              default=str(shared_dir()))
@click.option("--folds", default=10, show_default=True)
def main(shared, folds):
    """Print HanDeSeT accuracy (grouped-by-debate CV) for the baseline and the encoder head."""
    rows = load_handeset(Path(shared) / "eval" / "handeset" / "HanDeSeT.csv")
    click.echo(json.dumps(cross_validate(rows, folds), indent=2))


if __name__ == "__main__":
    main()
