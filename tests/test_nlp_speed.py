"""The NLP stage's fast paths (issue 13's throughput work) give exactly what the straightforward
computations they replaced give, on real texts from ../shared (news fixtures of the corpus, the
seed article) parsed by the real base model.

Each reference below is the code as it was before the optimisation, kept here as the
specification; the benchmark is ``python -m bench.nlp_bench`` (never a timed test)."""
from __future__ import annotations

import json

import pytest

from nlp.quote_cues import cue_lemmas, word_set
from tests.conftest import CORPUS, SEED, need

N_CORPUS = 12  # corpus texts parsed for these checks (English and French, several genres)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    lines = need(CORPUS).read_text(encoding="utf-8").splitlines()
    out = [json.loads(line)["text"] for line in lines[:N_CORPUS] if line.strip()]
    return out + [need(SEED).read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def docs(texts):
    from nlp.model import load_base

    return list(load_base().pipe(texts))


# --- reference implementations (the code before the fast paths) ---------------------------

def reference_cue_class(tok, rep, bel, quo, nominal) -> str:
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


def reference_doc_features(doc, rule_statements=None) -> list[list[str]]:
    """nlp/attribution_features.py:doc_features walking Token objects (several passes)."""
    from nlp.attribution_features import _quote_mask, _rule_marks

    rep, bel, quo = cue_lemmas()
    nominal = word_set("nominal_cues")
    n = len(doc)
    qmask = _quote_mask(doc)
    rmarks = _rule_marks(doc, rule_statements)
    cls = [reference_cue_class(t, rep, bel, quo, nominal) for t in doc]
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


# --- the checks ----------------------------------------------------------------------------

def test_one_pass_features_equal_the_token_walk(docs):
    from nlp.attribution_features import doc_features
    from nlp.quotes import rule_statements

    assert sum(len(d) for d in docs) > 4000  # real articles, not toy sentences
    for doc in docs:
        rules = rule_statements(doc) if doc.lang_ == "en" else None
        assert doc_features(doc, rules) == reference_doc_features(doc, rules)
        assert doc_features(doc) == reference_doc_features(doc)


def reference_paragraphs(doc) -> list[tuple[int, int]]:
    """nlp/attribution_features.py:paragraphs as two scans of the tokens."""
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


def test_paragraphs_found_once_equal_the_two_scans(docs):
    from nlp.attribution_features import _find_paragraphs, paragraphs

    assert sum(len(reference_paragraphs(d)) for d in docs) > 100
    for doc in docs:
        assert _find_paragraphs(doc) == reference_paragraphs(doc)
        assert paragraphs(doc) == reference_paragraphs(doc)
        assert paragraphs(doc) is paragraphs(doc)  # read once per Doc


def test_paragraphs_of_edited_whitespace():
    """Blank lines, a leading and a trailing break, spaces-only lines: the cases the filter of the
    two-scan version handled."""
    from nlp.attribution_features import _find_paragraphs
    from nlp.model import load_base

    for text in ("\n\nOne line.\n \n\nTwo, said he.\n", "Only one", "  \n  \n", "a\nb\n\nc\n  d  \n"):
        doc = load_base().make_doc(text)
        assert _find_paragraphs(doc) == reference_paragraphs(doc), text


def test_doc_text_is_read_once_and_equals_doc_text(docs):
    from nlp.quote_cues import doc_text

    for doc in docs:
        assert doc_text(doc) == doc.text
        assert doc_text(doc) is doc_text(doc)


def test_shared_quote_spans_equal_a_fresh_scan(texts):
    from nlp.quote_spans import find_quote_spans, quote_spans

    assert sum(len(find_quote_spans(t)) for t in texts) > 20
    for text in texts:
        assert list(quote_spans(text)) == find_quote_spans(text)
        assert quote_spans(text) is quote_spans(text)
    # doubled apostrophes (NYT style) move the opening offset: the frozen spans are rebuilt
    spans = find_quote_spans("He said ''no way'' today.")
    assert [(s.open, s.close) for s in spans] == [(9, 16)]


def test_memoised_name_functions_equal_the_computation(docs):
    from nlp.speakers import gender_of, name_key

    names = {e.text for doc in docs for e in doc.ents if e.label_ in ("PERSON", "ORG")}
    names |= {"Hon. Mobina S.B. Jaffer", "M. Dubé", "", "Mr. O’Toole's", "Mrs. Smith", "Mme Normandin"}
    assert len(names) > 50
    for name in names:
        assert name_key(name) == name_key.__wrapped__(name)
        assert gender_of(name) == gender_of.__wrapped__(name)
    assert gender_of("Mrs. Smith") == "f" and gender_of("Mr. O’Toole's") == "m"


def test_incremental_mention_index_equals_a_rebuild(docs):
    """DocumentPeople.by_token, kept up to date on each new mention, maps every token to the
    last mention (in document order) covering it, as rebuilding it from the mentions does."""
    from nlp.speaker_clusters import DocumentPeople

    checked = 0
    for doc in docs:
        if doc.lang_ != "en":
            continue
        people = DocumentPeople.from_doc(doc)
        rebuilt = {}
        for n, x in enumerate(people.mentions):
            for i in range(x.start, x.end):
                rebuilt[i] = n
        assert people.by_token == rebuilt
        checked += len(people.mentions)
    assert checked > 100


def test_person_test_by_surname_set_equals_the_scan_of_all_entities(docs):
    """DocumentPeople._is_person looks a lone ORG/GPE/NORP surname up in the set of full-name
    surnames instead of scanning every entity for each candidate."""
    from nlp.speaker_clusters import DocumentPeople

    def reference(people, ent, ents):
        key = people._key(ent)
        if ent.label_ in ("ORG", "GPE", "NORP") and key and len(key.split()) == 1:
            return any(e.label_ == "PERSON" and len(people._key(e).split()) >= 2
                       and people._key(e).split()[-1] == key for e in ents)
        return None

    lone = 0
    for doc in docs:
        if doc.lang_ != "en":
            continue
        people = DocumentPeople(doc)
        ents = list(doc.ents)
        surnames = people._full_name_surnames(ents)
        for ent in ents:
            expected = reference(people, ent, ents)
            if expected is not None:
                lone += 1
                assert (people._key(ent) in surnames) == expected
    assert lone > 10
