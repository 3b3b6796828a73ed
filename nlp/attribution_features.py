"""Token features for the attribution tagger (nlp/attribution.py), from the parse the base model
already made: words, parts of speech, dependency paths to the nearest cue candidate, quotation
marks, entities, and the rule-based extractor's proposals (rules propose, the model decides).

Pure over a parsed spaCy Doc; one feature list per token, grouped in sequences by paragraph.
"""
from __future__ import annotations

import bisect

from .quote_cues import cue_lemmas, doc_text, word_set
from .quote_spans import quote_spans

QUOTE_CHARS = set("“”\"«»‘’'")
FEATURE_VERSION = 1


def paragraphs(doc) -> list[tuple[int, int]]:
    """Token ranges of the paragraphs (lines) of a Doc, without whitespace-only tokens at the ends;
    found once per Doc (the tagger and the grouping of its tags both read them)."""
    cached = doc.user_data.get("stca_paragraphs")
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data["stca_paragraphs"] = (len(doc), _find_paragraphs(doc))
    return cached[1]


def _find_paragraphs(doc) -> list[tuple[int, int]]:
    """One pass over the tokens: a line break closes a paragraph, kept when it holds a word."""
    out, start, has_word = [], 0, False
    for t in doc:
        if "\n" in t.text or "\n" in t.whitespace_:
            if not t.is_space:
                out.append((start, t.i + 1))
            elif has_word:
                out.append((start, t.i))
            start, has_word = t.i + 1, False
        elif not t.is_space:
            has_word = True
    if start < len(doc) and has_word:
        out.append((start, len(doc)))
    return out


def _quote_mask(doc) -> list[int]:
    """0 outside quotation marks, 1 inside, 2 on a mark."""
    mask = [0] * len(doc)
    text = doc_text(doc)
    for q in quote_spans(text):
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


def _cue_class(lower: str, lem: str, pos: str, rep, bel, quo, nominal) -> str:
    """The cue candidate class of a token from its lower-cased form, lemma and part of speech."""
    if lower == "according":
        return "acc"
    if lem in rep:
        return "rep"
    if lem in bel:
        return "bel"
    if lem in quo:
        return "quo"
    if pos == "NOUN" and lem in nominal:
        return "nom"
    return ""


def _token_columns(doc) -> dict[str, list]:
    """Every token attribute the features read, in one pass over the Doc (each ``doc[i]`` and
    ``token.head`` builds a new Token object, so the walk below works on indices)."""
    cols = {k: [] for k in ("lower", "lem", "pos", "tag", "dep", "shape", "ent", "head", "sent0")}
    for t in doc:
        cols["lower"].append(t.lower_)
        cols["lem"].append(t.lemma_.lower())
        cols["pos"].append(t.pos_)
        cols["tag"].append(t.tag_)
        cols["dep"].append(t.dep_)
        cols["shape"].append(t.shape_[:4])
        cols["ent"].append((t.ent_iob_ + "-" + t.ent_type_) if t.ent_type_ else "O")
        cols["head"].append(t.head.i)
        cols["sent0"].append(bool(t.is_sent_start))
    return cols


def _cue_classes(cols: dict[str, list]) -> list[str]:
    """``_cue_class`` of every token, from the token columns."""
    rep, bel, quo = cue_lemmas()
    nominal = word_set("nominal_cues")
    return [_cue_class(lower, lem, pos, rep, bel, quo, nominal)
            for lower, lem, pos in zip(cols["lower"], cols["lem"], cols["pos"])]


# the window features of the tokens two before to two after: offset, then the prefixes of its
# lemma, part of speech, quote mask, rule mark and cue class features, and its padding feature
_WINDOW = tuple((k, f"{k}:l=", f"{k}:p=", f"{k}:q=", f"{k}:r=", f"{k}:cue=", f"{k}:pad") for k in (-2, -1, 1, 2))


def _cue_distance(d: int) -> str:
    """The ``cued`` feature: where the nearest cue of the sentence is, ``d`` tokens away."""
    if d == 0:
        return "cued=0"
    return "cued=" + ("+" if d > 0 else "-") + ("1" if abs(d) <= 2 else "5" if abs(d) <= 6 else "n")


def _nearest(positions: list[int], j: int) -> int:
    """The sorted ``positions`` entry nearest to ``j``; on a tie the earlier one."""
    k = bisect.bisect_left(positions, j)
    if k == len(positions):
        return positions[-1]
    if k == 0 or positions[k] - j < j - positions[k - 1]:
        return positions[k]
    return positions[k - 1]


def doc_features(doc, rule_statements=None, roles=None) -> list[list[str]]:
    """Feature strings for every token of a parsed Doc; with ``roles`` (the fine-tuned encoder's
    role probabilities, nlp/attribution_encoder.py) also the encoder's features."""
    n = len(doc)
    qmask = _quote_mask(doc)
    rmarks = _rule_marks(doc, rule_statements)
    cols = _token_columns(doc)
    cls = _cue_classes(cols)
    lower, lem, pos, tag, dep = cols["lower"], cols["lem"], cols["pos"], cols["tag"], cols["dep"]
    shape, ent, head, sent0 = cols["shape"], cols["ent"], cols["head"], cols["sent0"]
    qstr = [str(q) for q in qmask]
    rkind = [m[1:] for m in rmarks]
    feats = []
    for i in range(n):
        h = head[i]
        f = [
            "b", "w=" + lower[i], "l=" + lem[i], "p=" + pos[i], "t=" + tag[i], "d=" + dep[i],
            "s=" + shape[i], "suf=" + lower[i][-3:], "e=" + ent[i], "q=" + qstr[i],
            "r=" + rmarks[i], "rk=" + rkind[i],
            "hl=" + lem[h], "hp=" + pos[h], "hd=" + dep[h], "d|hd=" + dep[i] + "|" + dep[h],
        ]
        if cls[i]:
            f += ("cue=" + cls[i], "cue|d=" + cls[i] + "|" + dep[i])
        if sent0[i]:
            f.append("sent0")
        # the nearest ancestor that is a cue candidate, and the relation under it. The walk
        # counts hops only: the root is its own head, so above it the walk stays on the root
        # (which counts as an ancestor of itself) until a cue is found or 8 hops are made.
        node, child, hops = i, None, 0
        while True:
            if hops > 0 and (cls[node] or (pos[node] == "VERB" and child is not None and dep[child] == "ccomp")):
                rel = dep[child] if child is not None else "self"
                anc = cls[node] or "v"
                f += ("anc=" + anc, "ancrel=" + rel, "ancrel|c=" + rel + "|" + anc,
                      "ancdir=" + ("L" if i < node else "R"), "anch=" + str(min(hops, 4)))
                break
            if hops > 8:
                f.append("anc=none")
                break
            child, node, hops = node, head[node], hops + 1
        f.append("p2=" + dep[h] + ">" + dep[head[h]])  # the walk above made at least one hop
        for k, lem_, pos_, q_, r_, cue_, pad in _WINDOW:
            j = i + k
            if 0 <= j < n:
                f += (lem_ + lem[j], pos_ + pos[j], q_ + qstr[j], r_ + rkind[j])
                if cls[j]:
                    f.append(cue_ + cls[j])
            else:
                f.append(pad)
        if i > 0:
            f.append("p-1|p=" + pos[i - 1] + "|" + pos[i])
        feats.append(f)
    # sentence-level context: does the sentence hold a cue, a quotation, a rule statement?
    for sent in doc.sents:
        span = range(sent.start, sent.end)
        cue_pos = [j for j in span if cls[j]]
        context = "sc=%d%d%d" % (bool(cue_pos), any(qmask[j] for j in span), any(rmarks[j] != "O" for j in span))
        for j in span:
            feats[j].append(context)
            if cue_pos:
                feats[j].append(_cue_distance(_nearest(cue_pos, j) - j))
    if roles is not None:
        from .attribution_encoder import role_features

        for f, extra in zip(feats, role_features(roles)):
            f += extra
    return feats
