"""Token features for the attribution tagger (nlp/attribution.py), from the parse the base model
already made: words, parts of speech, dependency paths to the nearest cue candidate, quotation
marks, entities, and the rule-based extractor's proposals (rules propose, the model decides).

Pure over a parsed spaCy Doc; one feature list per token, grouped in sequences by paragraph.
"""
from __future__ import annotations

from .quote_cues import cue_lemmas, word_set
from .quote_spans import find_quote_spans

QUOTE_CHARS = set("“”\"«»‘’'")
FEATURE_VERSION = 1


def paragraphs(doc) -> list[tuple[int, int]]:
    """Token ranges of the paragraphs (lines) of a Doc, without whitespace-only tokens at the ends."""
    out, start = [], 0
    for t in doc:
        if "\n" in t.text or "\n" in t.whitespace_:
            end = t.i + (0 if t.is_space else 1)
            if end > start:
                out.append((start, end))
            start = t.i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return [(a, b) for a, b in out if any(not doc[i].is_space for i in range(a, b))]


def _quote_mask(doc) -> list[int]:
    """0 outside quotation marks, 1 inside, 2 on a mark."""
    mask = [0] * len(doc)
    text = doc.text
    for q in find_quote_spans(text):
        span = doc.char_span(q.open, min(len(text), q.close + 1), alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            mask[t.i] = 2 if t.text in QUOTE_CHARS else 1
    return mask


def _rule_marks(doc, rule_statements) -> list[str]:
    marks = ["O"] * len(doc)
    for st in rule_statements or []:
        span = doc.char_span(st["start"], st["end"], alignment_mode="expand")
        if span is None:
            continue
        kind = st.get("kind", "x")[:3]
        for k, t in enumerate(span):
            marks[t.i] = ("B" if k == 0 else "I") + kind
    return marks


def _cue_class(tok, rep, bel, quo, nominal) -> str:
    lem = tok.lemma_.lower()
    if tok.lower_ == "according":
        return "acc"
    if lem in rep:
        return "rep"
    if lem in bel:
        return "bel"
    if lem in quo:
        return "quo"
    if tok.pos_ == "NOUN" and lem in nominal:
        return "nom"
    return ""


def doc_features(doc, rule_statements=None) -> list[list[str]]:
    """Feature strings for every token of a parsed Doc."""
    rep, bel, quo = cue_lemmas()
    nominal = word_set("nominal_cues")
    n = len(doc)
    qmask = _quote_mask(doc)
    rmarks = _rule_marks(doc, rule_statements)
    cls = [_cue_class(t, rep, bel, quo, nominal) for t in doc]
    lem = [t.lemma_.lower() for t in doc]
    pos = [t.pos_ for t in doc]
    dep = [t.dep_ for t in doc]
    shape = [t.shape_[:4] for t in doc]
    ent = [(t.ent_iob_ + "-" + t.ent_type_) if t.ent_type_ else "O" for t in doc]
    feats = []
    for t in doc:
        i = t.i
        f = [
            "b", "w=" + t.lower_, "l=" + lem[i], "p=" + pos[i], "t=" + t.tag_, "d=" + dep[i],
            "s=" + shape[i], "suf=" + t.lower_[-3:], "e=" + ent[i], "q=%d" % qmask[i],
            "r=" + rmarks[i], "rk=" + rmarks[i][1:],
            "hl=" + lem[t.head.i], "hp=" + pos[t.head.i], "hd=" + dep[t.head.i], "d|hd=" + dep[i] + "|" + dep[t.head.i],
        ]
        if cls[i]:
            f.append("cue=" + cls[i])
            f.append("cue|d=" + cls[i] + "|" + dep[i])
        if t.is_sent_start:
            f.append("sent0")
        # the nearest ancestor that is a cue candidate, and the relation under it
        node, child, hops = t, None, 0
        while True:
            if node is not t and (cls[node.i] or (pos[node.i] == "VERB" and child is not None and child.dep_ == "ccomp")):
                rel = child.dep_ if child is not None else "self"
                f.append("anc=" + (cls[node.i] or "v"))
                f.append("ancrel=" + rel)
                f.append("ancrel|c=" + rel + "|" + (cls[node.i] or "v"))
                f.append("ancdir=" + ("L" if t.i < node.i else "R"))
                f.append("anch=%d" % min(hops, 4))
                break
            if node.head is node or hops > 8:
                f.append("anc=none")
                break
            child, node, hops = node, node.head, hops + 1
        if hops >= 1 and t.head is not t:
            f.append("p2=" + dep[t.head.i] + ">" + dep[t.head.head.i])
        for k in (-2, -1, 1, 2):
            j = i + k
            if 0 <= j < n:
                f.append("%d:l=%s" % (k, lem[j]))
                f.append("%d:p=%s" % (k, pos[j]))
                f.append("%d:q=%d" % (k, qmask[j]))
                f.append("%d:r=%s" % (k, rmarks[j][1:]))
                if cls[j]:
                    f.append("%d:cue=%s" % (k, cls[j]))
            else:
                f.append("%d:pad" % k)
        if i > 0:
            f.append("p-1|p=" + pos[i - 1] + "|" + pos[i])
        feats.append(f)
    # sentence-level context: does the sentence hold a cue, a quotation, a rule statement?
    for sent in doc.sents:
        has_cue = any(cls[j] for j in range(sent.start, sent.end))
        has_q = any(qmask[j] for j in range(sent.start, sent.end))
        has_r = any(rmarks[j] != "O" for j in range(sent.start, sent.end))
        tag = "sc=%d%d%d" % (has_cue, has_q, has_r)
        cue_pos = [j for j in range(sent.start, sent.end) if cls[j]]
        for j in range(sent.start, sent.end):
            feats[j].append(tag)
            if cue_pos:
                d = min(cue_pos, key=lambda c: abs(c - j)) - j
                feats[j].append("cued=" + ("0" if d == 0 else ("+" if d > 0 else "-") + ("1" if abs(d) <= 2 else "5" if abs(d) <= 6 else "n")))
    return feats
