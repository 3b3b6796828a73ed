"""stca_attribution: a trained tagger decides who said what (Source / Cue / Content).

A linear-chain CRF (CRFsuite) over the tokens of each paragraph tags every token O, B/I-SRC,
B/I-CUE or B/I-CON. Its features (nlp/attribution_features.py) come from the parse the base
model already made plus the rule-based extractor's proposals; the decisions are the model's.
Tagged spans are grouped into attributions around their cue (contents and source nearest the
cue, same sentence first); a content with no cue in its paragraph continues the previous
attribution. The component writes ``doc._.attributions``: dicts with character spans
``source`` (or None), ``cue`` (or None), ``contents`` (list of (start, end)) and ``confidence``.

The artefact (``nlp/models/attribution/``: ``model.crfsuite`` + ``card.json``) is built by
``stcawatch train-attribution`` (nlp/attribution_train.py). A missing or corrupt artefact raises
AttributionModelError naming the file: never silent rules-only output.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .attribution_features import FEATURE_VERSION, doc_features, paragraphs
from .extensions import install_extensions
from .quote_cues import cue_lemmas, is_cue, word_set
from .quote_spans import CLOSERS
from .quotes import RULES_KEY, rule_statements
from .structure import OPENERS

MODEL_DIR = Path(__file__).resolve().parent / "models" / "attribution"


class AttributionModelError(RuntimeError):
    """The attribution artefact is missing, corrupt or built for other features."""


def file_sha1(path: Path) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_tagger(model_dir: Path | str = MODEL_DIR):
    """(pycrfsuite.Tagger, card dict) for an artefact folder, checked against its card."""
    import pycrfsuite

    model_dir = Path(model_dir)
    model, card_path = model_dir / "model.crfsuite", model_dir / "card.json"
    hint = "rebuild it with `stcawatch train-attribution` (needs ../shared/eval/polnear-train)"
    if not model.exists() or not card_path.exists():
        raise AttributionModelError(f"attribution model not found: {model} / {card_path} missing; {hint}")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AttributionModelError(f"attribution model card {card_path} is unreadable: {exc}; {hint}") from exc
    if card.get("model_sha1") and file_sha1(model) != card["model_sha1"]:
        raise AttributionModelError(f"attribution model {model} does not match the sha1 in {card_path} "
                                    f"(corrupt or replaced); {hint}")
    if card.get("feature_version") != FEATURE_VERSION:
        raise AttributionModelError(f"attribution model {model} was built for feature version "
                                    f"{card.get('feature_version')}, the code has {FEATURE_VERSION}; {hint}")
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(model))
    except Exception as exc:  # pycrfsuite raises ValueError/OSError on a bad file
        raise AttributionModelError(f"attribution model {model} cannot be opened: {exc}; {hint}") from exc
    return tagger, card


def load_encoder(model_dir: Path | str, card: dict):
    """The fine-tuned role tagger of an artefact whose card names one (``card["encoder"]``), checked
    against the card's sha1 of its weights; None for a CRF-only artefact."""
    spec = card.get("encoder")
    if not spec:
        return None
    from .attribution_encoder import RoleTagger

    folder = Path(model_dir) / spec.get("folder", "encoder")
    weights = folder / "model.safetensors"
    hint = "rebuild it with `stcawatch train-attribution` (needs ../shared/eval/polnear-train)"
    if not weights.exists():
        raise AttributionModelError(f"attribution encoder not found: {weights} missing; {hint}")
    if spec.get("sha1") and file_sha1(weights) != spec["sha1"]:
        raise AttributionModelError(f"attribution encoder {weights} does not match the sha1 in the card "
                                    f"(corrupt or replaced); {hint}")
    try:
        return RoleTagger.load(folder)
    except Exception as exc:  # transformers raises OSError/ValueError/safetensors errors on a bad folder
        raise AttributionModelError(f"attribution encoder {folder} cannot be loaded: {exc}; {hint}") from exc


def doc_roles(encoder, doc, scope: str = "all"):
    """The encoder's role probabilities for a Doc's tokens (None without an encoder). ``scope``
    "cue_paragraphs" encodes only the paragraphs that hold a quotation mark or a cue
    (``cue_paragraphs``); the others' tokens get O, which is what the encoder says of nearly all of
    them, at half the cost on news."""
    if encoder is None:
        return None
    return encoder.probs(doc, cue_paragraphs(doc) if scope == "cue_paragraphs" else paragraphs(doc))


QUOTE_MARKS = frozenset(OPENERS) | CLOSERS


def cue_paragraphs(doc) -> list[tuple[int, int]]:
    """The paragraphs (token ranges) with a token starting with a quotation mark or a cue token
    (``quote_cues.is_cue``: a reporting or belief verb, "according to", a nominal cue): where
    attributions can be."""
    reporting, belief, _ = cue_lemmas()
    return [(a, b) for a, b in paragraphs(doc)
            if any(t.text[:1] in QUOTE_MARKS or is_cue(t, reporting, belief) for t in doc[a:b])]


def tag_doc(tagger, doc, rule_statements=None, with_outside: bool = False, roles=None):
    """BIO tag and marginal probability of the chosen tag for every token of a parsed Doc; with
    ``with_outside`` also each token's marginal probability of being outside any attribution.
    ``roles``: the encoder's role probabilities (``doc_roles``), added to the features."""
    feats = doc_features(doc, rule_statements, roles)
    tags, probs, outside = ["O"] * len(doc), [1.0] * len(doc), [1.0] * len(doc)
    for a, b in paragraphs(doc):
        seq = tagger.tag(feats[a:b])
        for k, tag in enumerate(seq):
            tags[a + k] = tag
            probs[a + k] = tagger.marginal(tag, k)
            if with_outside:
                outside[a + k] = tagger.marginal("O", k)
    return (tags, probs, outside) if with_outside else (tags, probs)


def rule_candidates(doc, groups: list[dict], rules: list[dict], outside: list[float],
                    threshold: float, model_only_threshold: float) -> None:
    """Rules propose, the model decides: a model attribution whose content overlaps a rule
    statement takes that statement's resolved speaker as ``rule_speaker``; one no rule backs stays
    only when its confidence reaches ``model_only_threshold``; a rule statement no remaining
    attribution touches is added when the model's mean probability that its content tokens are
    attributed reaches ``threshold``."""
    def speaker_of(st):
        return {k: st.get(k) for k in ("speaker", "speaker_role", "speaker_party")}

    def covered():
        return [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), g) for g in groups for a, b in g["contents"]]

    spans = covered()
    for st in rules or []:
        a, b = st["start"], st["end"]
        for ca, cb, g in spans:
            if min(b, cb) - max(a, ca) > 0.5 * min(b - a, cb - ca):
                g.setdefault("rule_speaker", speaker_of(st))
    if model_only_threshold > 0:
        groups[:] = [g for g in groups if g.get("rule_speaker") or g["confidence"] >= model_only_threshold]
        spans = covered()
    for st in rules or []:
        a, b = st["start"], st["end"]
        if any(min(b, cb) > max(a, ca) for ca, cb, _ in spans):
            continue
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None or not len(span):
            continue
        score = sum(1.0 - outside[t.i] for t in span) / len(span)
        if score >= threshold:
            groups.append({"source": None, "cue": None, "contents": [(span.start, span.end)],
                           "confidence": score, "rule_speaker": speaker_of(st)})
    groups.sort(key=lambda g: g["contents"][0][0])


def tag_spans(tags: list[str]) -> list[tuple[str, int, int]]:
    """Contiguous (role, start, end) token runs: B- starts a run, I- of another role too."""
    out, cur = [], None
    for i, tag in enumerate(tags + ["O"]):
        role = tag[2:] if tag != "O" else None
        if cur is not None and (role != cur[0] or tag.startswith("B-")):
            out.append((cur[0], cur[1], i))
            cur = None
        if role is not None and cur is None:
            cur = (role, i)
    return out


def _sent_index(doc) -> list[int]:
    index = [0] * len(doc)
    for k, s in enumerate(doc.sents):
        for i in range(s.start, s.end):
            index[i] = k
    return index


def group_attributions(doc, tags: list[str], probs: list[float] | None = None) -> list[dict]:
    """Token-span attributions {"source": (a, b) | None, "cue": (a, b) | None, "contents": [(a, b)],
    "confidence"} in document order."""
    sent = _sent_index(doc)
    probs = probs or [1.0] * len(doc)
    out = []
    for pa, pb in paragraphs(doc):
        spans = [(r, a + pa, b + pa) for r, a, b in tag_spans(tags[pa:pb])]
        cues = [s for s in spans if s[0] == "CUE"]
        groups = {id(c): {"cue": (c[1], c[2]), "sources": [], "contents": []} for c in cues}

        def nearest(span, allow_far=True):
            a, b = span[1], span[2]
            same = [c for c in cues if sent[c[1]] in (sent[a], sent[b - 1])]
            pool = same or (cues if allow_far else [])
            if not pool:
                return None
            return min(pool, key=lambda c: min(abs(c[1] - b), abs(a - c[2])))

        orphans = []
        for s in spans:
            if s[0] == "CON":
                c = nearest(s)
                (groups[id(c)]["contents"] if c is not None else orphans).append((s[1], s[2]))
            elif s[0] == "SRC":
                c = nearest(s)
                if c is not None:
                    groups[id(c)]["sources"].append((s[1], s[2]))
        sources = [(s[1], s[2]) for s in spans if s[0] == "SRC"]
        for c in cues:
            g = groups[id(c)]
            if not g["contents"]:
                continue
            # a source names every cue of its sentence that has none of its own ("Kiedis said
            # ..., mentioning ...", "Barkley, who said ..., said ...")
            pool = g["sources"] or [s for s in sources if sent[s[0]] == sent[c[1]]]
            src = min(pool, key=lambda s: min(abs(s[0] - c[2]), abs(c[1] - s[1]))) if pool else None
            toks = [i for a, b in g["contents"] for i in range(a, b)]
            conf = sum(probs[i] for i in toks) / len(toks)
            out.append({"source": src, "cue": g["cue"], "contents": sorted(g["contents"]), "confidence": conf})
        for a, b in orphans:  # a quotation continuing over paragraphs: the previous attribution's
            if b - a < 3:
                continue
            conf = sum(probs[i] for i in range(a, b)) / (b - a)
            out.append({"source": None, "cue": None, "contents": [(a, b)], "confidence": conf,
                        "continues": True})
    out.sort(key=lambda g: g["contents"][0][0])
    return out


def char_attributions(doc, groups: list[dict]) -> list[dict]:
    def chars(span):
        if span is None:
            return None
        a, b = span
        return (doc[a].idx, doc[b - 1].idx + len(doc[b - 1]))
    return [{"source": chars(g["source"]), "cue": chars(g["cue"]),
             "contents": [chars(c) for c in g["contents"]], "confidence": round(g["confidence"], 4),
             **({"continues": True} if g.get("continues") else {}),
             **({"rule_speaker": g["rule_speaker"]} if g.get("rule_speaker") else {})} for g in groups]


def is_speech_cue(doc, group: dict) -> bool:
    """The cue reports speech or a stated position: a word of the cue lexicons (reporting,
    belief/intention, quote-only verbs, reporting nouns, "according to"), a cue the rules accept,
    or a cue whose content is a quotation. PolNeAR also tags deeds and attitudes ("voted
    against", "mocked"); a who-said-what record leaves those out."""
    if group.get("cue") is None:
        return True
    rep, bel, quo = cue_lemmas()
    nominal = word_set("nominal_cues")
    a, b = group["cue"]
    for t in doc[a:b]:
        lem = t.lemma_.lower()
        if lem in rep or lem in bel or lem in quo or lem in nominal or t.lower_ == "according" or is_cue(t, rep, bel):
            return True
    for ca, cb in group["contents"]:
        first, last = doc[ca], doc[cb - 1]
        if first.text in "“\"«" or last.text in "”\"»" or (ca > 0 and doc[ca - 1].text in "“\"«"):
            return True
    return False


@Language.factory(
    "stca_attribution",
    default_config={"model_dir": None, "use_rules": True, "rule_threshold": 0.35, "cue_scope": "speech",
                    "model_only_threshold": 0.7, "encode_scope": "cue_paragraphs"},
    assigns=["doc._.attributions"],
    requires=["token.dep", "token.pos", "token.lemma"],
)
def make_attribution(nlp: Language, name: str, model_dir: str | None, use_rules: bool,
                     rule_threshold: float, cue_scope: str, model_only_threshold: float, encode_scope: str):
    """Factory: the trained attribution tagger (artefact loaded at construction). ``cue_scope``:
    "speech" (who said what: deeds and attitudes left out) or "all" (PolNeAR's scope).
    ``encode_scope``: "cue_paragraphs" (the role encoder reads only paragraphs with a quotation
    mark or a cue, ``cue_paragraphs``) or "all"."""
    install_extensions()
    if cue_scope not in ("speech", "all"):
        raise ValueError(f"stca_attribution: cue_scope must be 'speech' or 'all', not {cue_scope!r}")
    if encode_scope not in ("cue_paragraphs", "all"):
        raise ValueError(f"stca_attribution: encode_scope must be 'cue_paragraphs' or 'all', not {encode_scope!r}")
    return AttributionComponent(model_dir, use_rules, rule_threshold, cue_scope, model_only_threshold, encode_scope)


class AttributionComponent:
    def __init__(self, model_dir: str | None = None, use_rules: bool = True, rule_threshold: float = 0.35,
                 cue_scope: str = "speech", model_only_threshold: float = 0.7, encode_scope: str = "cue_paragraphs"):
        self.cue_scope = cue_scope
        self.encode_scope = encode_scope
        self.model_only_threshold = model_only_threshold
        self.model_dir = Path(model_dir) if model_dir else MODEL_DIR
        self.use_rules = use_rules
        self.rule_threshold = rule_threshold
        self.tagger, self.card = load_tagger(self.model_dir)
        self.encoder = load_encoder(self.model_dir, self.card)

    def __deepcopy__(self, memo):
        """A copy loads the same artefact again: a CRFsuite tagger cannot be pickled or copied
        (copy.deepcopy of a pipeline, e.g. to change another component's config)."""
        return AttributionComponent(str(self.model_dir), self.use_rules, self.rule_threshold, self.cue_scope,
                                    self.model_only_threshold, self.encode_scope)

    def initialize(self, get_examples=None, nlp=None):
        """Reload the artefact (spaCy's initialize hook)."""
        self.tagger, self.card = load_tagger(self.model_dir)
        self.encoder = load_encoder(self.model_dir, self.card)

    def __call__(self, doc: Doc) -> Doc:
        if (doc._.meta or {}).get("speaker"):  # one speech (a Hansard intervention): nothing to tag
            doc._.attributions = []
            return doc
        rules = rule_statements(doc) if self.use_rules else None
        if rules is not None:  # stca_quotes' rules+model decoder reads them (nlp/quotes.py, RULES_KEY)
            doc.user_data[RULES_KEY] = rules
        tags, probs, outside = tag_doc(self.tagger, doc, rules, with_outside=True,
                                       roles=doc_roles(self.encoder, doc, self.encode_scope))
        groups = group_attributions(doc, tags, probs)
        if self.cue_scope == "speech":
            groups = [g for g in groups if is_speech_cue(doc, g)]
        if rules is not None:
            rule_candidates(doc, groups, rules, outside, self.rule_threshold, self.model_only_threshold)
        doc._.attributions = char_attributions(doc, groups)
        return doc
