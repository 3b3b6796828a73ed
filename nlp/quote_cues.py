"""Cues and contents for stca_quotes: which tokens report speech, who their source is, and
which tokens hold what was reported. Pure functions over a parsed Doc; knowledge (verb and noun
lexicons) is loaded once from nlp/data."""
from __future__ import annotations

import functools

from . import speakers as spk

CONTENT_DEPS = {"ccomp", "xcomp"}
TRAILING_DEPS = {"advcl", "prep", "npadvmod", "advmod"}


@functools.lru_cache(maxsize=None)
def word_set(name: str) -> frozenset:
    """The word list nlp/data/<name>.txt, loaded once. The lists the rules read:
    document_nouns (laws/agreements cannot speak), non_speech_objects (objects giving a cue a
    non-speech sense: "claim asylum"), addressee_verbs (a bare person object is the addressee),
    intent_verbs ("wants to", "plans to"), nominal_cues ("claim", "statement")."""
    return frozenset(spk._words(spk.DATA / f"{name}.txt"))


@functools.lru_cache(maxsize=1)
def cue_lemmas() -> tuple[frozenset, frozenset, frozenset]:
    """(reporting verbs, belief verbs, quote-only verbs) from nlp/data; intention verbs count as
    belief verbs."""
    return (word_set("reporting_verbs"), word_set("belief_verbs") | word_set("intent_verbs"),
            word_set("quote_verbs"))


def doc_text(doc) -> str:
    """``doc.text``, which spaCy rebuilds from every token on each access, read once per Doc."""
    if not len(doc):
        return ""
    cached = doc.user_data.get("stca_text")
    if cached is None or len(cached) != doc[-1].idx + len(doc[-1].text_with_ws):
        cached = doc.user_data["stca_text"] = doc.text
    return cached


def _own_paragraph(subj, verb):
    """The subject of ``verb`` in the verb's own paragraph: a heading line without a full stop
    ("Media contact: John Doe, Director") that the parser ran into the next paragraph gives the
    cue that line's name as subject; the phrase after the blank line is the subject then (the
    word of it whose head lies outside it), or nobody."""
    doc = subj.doc
    breaks = [t.i for t in doc[subj.i:verb.i] if "\n\n" in t.text_with_ws]
    if not breaks:
        return subj
    span = range(breaks[-1] + 1, verb.i)
    heads = [t for t in doc[span.start:span.stop] if t.head.i not in span
             and t.pos_ in ("NOUN", "PROPN", "PRON") and not t.is_space]
    return heads[-1] if heads else None


def subject_of(verb):
    """The grammatical subject of a cue verb, following participles ("..., adding that") and
    conjuncts ("X smiled and said") up to their governing verb."""
    if verb.lower_ == "according":
        for child in verb.children:
            if child.dep_ == "prep":
                verb = child
        for child in verb.children:
            if child.dep_ == "pobj":
                return child
        return None
    if verb.pos_ == "NOUN":  # nominal cue: the possessor speaks
        return next((c for c in verb.children if c.dep_ == "poss"), None)
    for _ in range(3):
        for child in verb.children:
            if child.dep_ == "nsubj" and is_dateline(child):
                continue  # "TORONTO — The board says": the place line is no subject
            if child.dep_ in ("nsubj", "expl"):
                return _own_paragraph(child, verb) if child.dep_ == "nsubj" else None
        dateline = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if dateline is not None:  # the parser hung the real subject on the dateline
            return next((c for c in dateline.children if c.dep_ == "appos"), None)
        if verb.dep_ == "xcomp" and any(c.dep_ in ("nsubj", "expl") and c.lower_ in ("it", "this")
                                        for c in verb.head.children):
            return None  # "it was premature to speculate": nobody in particular speculates
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
            verb = verb.head
            continue
        return None
    return None


def is_dateline(tok) -> bool:
    """An upper-case place name opening a paragraph and followed by a dash, the wire dateline
    ("TORONTO — ...", "MONTREAL (CP) — ..."), which the parser often takes for a subject."""
    doc = tok.doc
    start = tok.left_edge.i
    if not tok.text.isupper() or len(tok.text) < 3 or not tok.is_alpha:
        return False
    if start > 0 and "\n" not in doc[start - 1].text_with_ws and not doc[start - 1].is_space:
        return False
    for t in doc[tok.i + 1:tok.i + 6]:
        if t.text in ("—", "–", "--", "-"):
            return True
        if not (t.is_punct or t.text.isupper()):
            return False
    return False


def is_cue(tok, reporting, belief) -> bool:
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        return True
    if tok.pos_ in ("VERB", "AUX") and (tok.lemma_.lower() in reporting or tok.lemma_.lower() in belief):
        return True
    return (tok.pos_ == "VERB" and _speaker_with_clause(tok)) or _is_nominal_cue(tok)


def _is_nominal_cue(tok) -> bool:
    """ "Trump's claim that ...", "the party's pledge to ...": a reporting noun with a possessor
    (the source) and a following that-/to-clause (the content)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in word_set("nominal_cues"):
        return False
    if not any(c.dep_ == "poss" and c.lower_ not in ("its", "their", "my", "our", "your")
               for c in tok.children):
        return False
    return any(c.dep_ in ("acl", "ccomp") and c.i > tok.i and any(
        g.dep_ == "mark" and g.lower_ == "that" or g.tag_ == "TO" for g in c.children) for c in tok.children)


SPEAKER_ENTS = {"PERSON", "ORG", "NORP"}


def _speaker_with_clause(verb) -> bool:
    """Any verb whose subject is a person or organisation and whose complement is a finite
    clause ("Trump insinuated that ...") reports what that source says or thinks."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or not (subj.ent_type_ in SPEAKER_ENTS or subj.lower_ in ("he", "she", "they")):
        return False
    return any(c.dep_ == "ccomp" and c.i > verb.i and any(g.dep_ == "nsubj" for g in c.children)
               and not any(g.tag_ == "TO" for g in c.children) for c in verb.children)


def content_tokens(verb, lemma: str):
    """Token span of the reported content of a cue verb (ccomp / xcomp / object clause) or None."""
    doc = verb.doc
    if verb.lower_ == "according":  # the clause the "according to X" phrase modifies
        head = verb.head
        prep = verb
        while head.dep_ in ("prep",) and head.head is not head:
            prep, head = head, head.head
        toks = [t for t in head.subtree if not (prep.left_edge.i <= t.i <= prep.right_edge.i)
                and t.sent == verb.sent]
        if head.i < prep.left_edge.i:  # "X did Y, according to Z": the phrase closes the content
            toks = [t for t in toks if t.i < prep.left_edge.i]
        return _trim_punct(toks)
    kids = [c for c in verb.children if c.dep_ in CONTENT_DEPS]
    if verb.pos_ == "NOUN":
        kids = [c for c in verb.children if c.dep_ in ("acl", "ccomp") and c.i > verb.i]
    if not kids and verb.dep_ == "parataxis" and verb.head is not verb:
        return _parenthetical_content(verb)
    if not kids and lemma in cue_lemmas()[0]:  # "noted that slowing trend", "called for a review"
        kids = [c for c in verb.rights if c.dep_ in ("dobj", "oprd") or
                (c.dep_ == "prep" and c.lower_ in ("for", "on", "that", "about", "against"))]
        heads = [next((g for g in k.children if g.dep_ == "pobj"), k) if k.dep_ == "prep" else k for k in kids]
        non_speech = word_set("non_speech_objects")
        if any(h.lemma_.lower() in non_speech or h.lower_ in non_speech for h in heads):
            return None  # "claimed asylum", "asked for protection": not a speech act
        dated = [k for k in kids if k.dep_ == "prep" and any(  # "on Friday" is when, not what
            g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in k.children)]
        if lemma in word_set("addressee_verbs") and heads and all(h.ent_type_ == "PERSON" or h.lower_ in ("him", "her", "them", "me", "us")
                         for h in heads if h.dep_ == "dobj") and all(k.dep_ == "dobj" or k in dated for k in kids):
            return None  # "called Alicia Machado on Friday": a person is addressed, nothing said
        kids = [k for k in kids if k not in dated]
    text = doc_text(doc)
    para_lo, para_hi = text.rfind("\n", 0, verb.idx), text.find("\n", verb.idx)
    para_hi = len(text) if para_hi < 0 else para_hi
    kids = [k for k in kids if para_lo < k.idx < para_hi]  # parses run across lines
    if any(k.i > verb.i for k in kids):
        kids = [k for k in kids if k.i > verb.i]
    if not kids:
        return None
    lo = min(k.left_edge.i for k in kids)
    hi = max(k.right_edge.i for k in kids) + 1
    for k in kids:  # "said many of those crossing were Nigerians": the parser made the subject an object
        if k.dep_ == "ccomp" and not any(g.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for g in k.children):
            objs = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < k.i]
            if objs:
                lo = min(lo, objs[0].left_edge.i)
    for c in verb.rights:  # "said the plan failed, because ...": trailing clauses of the cue belong to the content
        if c.i >= hi and c.dep_ in TRAILING_DEPS and c.tag_ != "VBG" and c.sent == verb.sent:
            hi = max(hi, c.right_edge.i + 1)
    heads = {k.tag_ for k in kids if k.pos_ in ("VERB", "AUX")}
    for c in verb.rights:  # "wants to triple X, grow Y and create Z": the parser hangs the verbs on the cue
        if (c.i >= hi - 1 and c.dep_ == "conj" and c.tag_ in heads and c.tag_ != verb.tag_
                and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) and c.sent == verb.sent):
            hi = max(hi, c.right_edge.i + 1)
    if hi < len(doc) and doc[hi].text == ":" and "\n" not in doc[hi:min(len(doc), hi + 2)].text:
        hi = _colon_sentence_end(doc, hi)  # "noted three things: A, B and C": the list is the content
    if all(k.i > verb.i for k in kids):  # never let the content swallow the cue's own clause
        lo = max(lo, verb.i + 1)
    elif all(k.i < verb.i for k in kids):
        subj = subject_of(verb)
        hi = min(hi, verb.i, subj.left_edge.i if subj is not None else verb.i)
        start = verb.sent.start  # "A, but B, the source said": the cue closes the whole sentence
        rep, bel, _ = cue_lemmas()
        if lo > start and verb.dep_ in ("ROOT", "conj") and not any(
                t.lemma_.lower() in rep or t.lemma_.lower() in bel or "\n" in t.text for t in doc[start:lo]):
            lo = start
    while hi > lo and doc[hi - 1].is_punct and doc[hi - 1].text not in "”»\"":
        hi -= 1
    while lo < hi and doc[lo].is_punct and doc[lo].text not in "“«\"":
        lo += 1
    return (lo, hi) if hi - lo >= 3 else None


def _colon_sentence_end(doc, colon: int) -> int:
    """Token index ending the sentence that a colon inside the content opens (paragraph-bounded)."""
    for t in doc[colon + 1:]:
        if "\n" in t.text or (t.is_space and "\n" in t.text_with_ws):
            return t.i
        if t.text in (".", "?", "!") and (t.i + 1 >= len(doc) or doc[t.i + 1].is_space
                                          or doc[t.i + 1].text[:1].isupper() or "\n" in t.whitespace_ + doc[t.i + 1].text):
            return t.i
    return len(doc)


def _parenthetical_content(verb):
    """ "The plan, Graham said, will fail": the clause the inserted cue interrupts is the content."""
    head = verb.head
    toks = [t for t in head.subtree if not (verb.left_edge.i <= t.i <= verb.right_edge.i)
            and t.sent == verb.sent]
    return _trim_punct(toks)


def _trim_punct(toks):
    """(start, end) token range of ``toks`` without leading/trailing punctuation other than quote
    marks; None when fewer than three tokens remain."""
    toks = list(toks)
    while toks and toks[-1].is_punct and toks[-1].text not in "”»\"'":
        toks.pop()
    while toks and toks[0].is_punct and toks[0].text not in "“«\"'":
        toks.pop(0)
    return (toks[0].i, toks[-1].i + 1) if len(toks) >= 3 else None


def negated(verb) -> bool:
    """ "did not confirm", "declined to say", "not authorised to speak": no statement was made."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and (verb.head.lemma_.lower() in ("decline", "refuse")
                                     or any(c.dep_ == "neg" for c in verb.head.children))
