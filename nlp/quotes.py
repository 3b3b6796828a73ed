"""stca_quotes: who said what in a news text or a speech, as ``doc._.statements``.

Rules over the parse the base model already made (no second model pass):
* quotation marks (curly, straight, guillemets, multi-paragraph) give direct quotes;
* a reporting verb ("said", "insisted", "according to") outside quotes gives the cue: its
  subject is the speaker; an adjacent quote is the direct content, its clausal complement the
  indirect (or mixed, when partly quoted) content;
* quote-only sentences and paragraphs inherit the previous speaker; a block quote followed by a
  "Name, Title" line takes that name;
* records with ``doc._.meta["speaker"]`` are one speech; transcripts ("Hon. X:" turns) are one
  speech per turn.
Speakers are resolved to full names, titles and parties by nlp/speakers.py.
"""
from __future__ import annotations

import functools
import re

from spacy.language import Language
from spacy.tokens import Doc

from . import speakers as spk
from .quote_spans import QuoteSpan, find_quote_spans, find_turns, paragraph_of, paragraph_starts  # noqa: F401
from .extensions import install_extensions

SPEECH_DEFAULTS = {"stance": "none", "stance_score": 0.0}
CONTENT_DEPS = {"ccomp", "xcomp"}
TRAILING_DEPS = {"advcl", "prep", "npadvmod", "advmod"}


@functools.lru_cache(maxsize=1)
def cue_lemmas() -> tuple[frozenset, frozenset, frozenset]:
    """(reporting verbs, belief verbs, quote-only verbs) from nlp/data; intention verbs count as
    belief verbs."""
    return (frozenset(spk._words(spk.DATA / "reporting_verbs.txt")),
            frozenset(spk._words(spk.DATA / "belief_verbs.txt")) | intent_lemmas(),
            frozenset(spk._words(spk.DATA / "quote_verbs.txt")))


@functools.lru_cache(maxsize=1)
def nonspeaker_words() -> tuple[frozenset, frozenset]:
    """(head nouns of laws/agreements that cannot speak, objects giving a cue a non-speech sense)."""
    return (frozenset(spk._words(spk.DATA / "document_nouns.txt")),
            frozenset(spk._words(spk.DATA / "non_speech_objects.txt")))


@functools.lru_cache(maxsize=1)
def addressee_verbs() -> frozenset:
    """Cues whose bare person object is the addressee, not the content."""
    return frozenset(spk._words(spk.DATA / "addressee_verbs.txt"))


@functools.lru_cache(maxsize=1)
def intent_lemmas() -> frozenset:
    """Verbs whose "to"-clause states the source's intention ("wants to", "plans to")."""
    return frozenset(spk._words(spk.DATA / "intent_verbs.txt"))


def speech_statement(raw_speaker: str, text: str, start: int, end: int, paragraph: int, role=None) -> dict:
    name, party, paren_role = spk.parse_speaker_field(raw_speaker)
    return {"speaker": name, "speaker_role": role or paren_role, "speaker_party": party,
            "kind": "speech", "text": text[start:end], "start": start, "end": end,
            "paragraph": paragraph, **SPEECH_DEFAULTS}


# --- speakers from the parse -------------------------------------------------------------

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
            if child.dep_ in ("nsubj", "expl"):
                return child if child.dep_ == "nsubj" else None
        if verb.dep_ == "xcomp" and any(c.dep_ in ("nsubj", "expl") and c.lower_ in ("it", "this")
                                        for c in verb.head.children):
            return None  # "it was premature to speculate": nobody in particular speculates
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
            verb = verb.head
            continue
        return None
    return None


def noun_phrase(head):
    """Tokens of the subject phrase, without relative clauses or parentheticals that follow it."""
    cut = [c for c in head.rights if c.dep_ in ("relcl", "acl", "advcl", "cc", "conj", "case")]
    right = min((c.left_edge.i for c in cut), default=head.right_edge.i + 1) - 1
    end = max(head.i, min(head.right_edge.i, right))
    span = head.doc[head.left_edge.i:end + 1]
    while len(span) > 1 and span[-1].is_punct:
        span = span[:-1]
    return span


def _ents(doc) -> list:
    """doc.ents builds new spans on every access: keep one list per doc."""
    cached = doc.user_data.get("stca_ents")
    if cached is None or cached[0] != len(doc):
        ents = list(doc.ents)
        index = [None] * len(doc)
        for e in ents:
            for i in range(e.start, e.end):
                index[i] = e
        cached = doc.user_data["stca_ents"] = (len(doc), ents, index)
    return cached[1]


def ent_at(doc, i: int):
    """The entity span covering token i, or None."""
    _ents(doc)
    return doc.user_data["stca_ents"][2][i]


def describe_speaker(head, resolver: spk.Resolver) -> dict | None:
    """Speaker name/role/party for a subject token; None for expletives and first/second person."""
    doc = head.doc
    low = head.lower_
    if low in ("i", "we", "you", "me", "us") and head.pos_ == "PRON":
        return None
    if head.pos_ == "PRON" and low in spk.PRONOUNS:
        name = resolver.pronoun(low)
        return {"speaker": name or head.text, "speaker_role": None, "speaker_party": None,
                "org": False, "pronoun": True}
    np_ = noun_phrase(head)
    appos = [c for c in head.children if c.dep_ == "appos"]
    core_end = min((a.left_edge.i for a in appos), default=np_.end)
    core = doc[np_.start:max(head.i + 1, core_end)]
    while len(core) > 1 and core[-1].is_punct:
        core = core[:-1]
    role_extra = " ".join(doc[a.left_edge.i:a.right_edge.i + 1].text for a in appos) or None
    ent = ent_at(doc, head.i)
    if ent is None and appos:  # "A spokesman, Scott Bardsley, said"
        for a in appos:
            ent2 = ent_at(doc, a.i)
            if ent2 is not None and ent2.label_ == "PERSON":
                ent, role_extra, core = ent2, core.text, ent2
    if ent is not None and ent.label_ in ("PERSON", "ORG", "NORP", "GPE") and ent.start >= core.start:
        prefix = doc[core.start:ent.start].text
        role, party = spk.split_role(prefix)
        if prefix.strip().lower().endswith((" for", " of", " to", " with", "'s", "’s")):
            # "a spokesperson for Minister X": the spokesperson speaks, not X
            return {"speaker": core.text, "speaker_role": core.text, "speaker_party": None,
                    "org": False, "anonymous": True}
        name = ent.text
        org = ent.label_ != "PERSON"
        if org and len(ent) == 1 and spk.surname(name) in resolver.full_names:
            org = False  # NER calls a lone surname an ORG; the document named that person before
        if org:
            name = re.sub(r"^(?:the|The)\s+", "", name)
        else:
            honor = doc[ent.start - 1].text if ent.start > 0 else ""
            gender = spk.gender_of(honor + " " + name)
            name = resolver.canonical(((honor + " ") if gender else "") + name)
            resolver.learn(name, gender)
        role = role or role_extra
        party = party or spk.find_party(role_extra or "")
        if ent.label_ in ("NORP",) and not org:
            org = True
        return {"speaker": name, "speaker_role": role, "speaker_party": party, "org": org}
    text = core.text
    if spk.is_role_phrase(text) and not spk.is_organisation(text):
        return {"speaker": text, "speaker_role": text, "speaker_party": None, "org": False,
                "anonymous": head.tag_ != "NNP"}
    if head.pos_ == "PROPN":
        name = resolver.canonical(text)
        return {"speaker": name, "speaker_role": role_extra, "speaker_party": spk.find_party(role_extra or ""),
                "org": spk.is_organisation(text)}
    return {"speaker": text, "speaker_role": role_extra, "speaker_party": None, "org": True}


# --- statements ----------------------------------------------------------------------------

def _is_cue(tok, reporting, belief) -> bool:
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        return True
    if tok.pos_ in ("VERB", "AUX") and (tok.lemma_.lower() in reporting or tok.lemma_.lower() in belief):
        return True
    return (tok.pos_ == "VERB" and _speaker_with_clause(tok)) or _is_nominal_cue(tok)


@functools.lru_cache(maxsize=1)
def nominal_lemmas() -> frozenset:
    return frozenset(spk._words(spk.DATA / "nominal_cues.txt"))


def _is_nominal_cue(tok) -> bool:
    """ "Trump's claim that ...", "the party's pledge to ...": a reporting noun with a possessor
    (the source) and a following that-/to-clause (the content)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in nominal_lemmas():
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


def _content_tokens(verb, lemma: str):
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
        if any(h.lemma_.lower() in nonspeaker_words()[1] or h.lower_ in nonspeaker_words()[1] for h in heads):
            return None  # "claimed asylum", "asked for protection": not a speech act
        dated = [k for k in kids if k.dep_ == "prep" and any(  # "on Friday" is when, not what
            g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in k.children)]
        if lemma in addressee_verbs() and heads and all(h.ent_type_ == "PERSON" or h.lower_ in ("him", "her", "them", "me", "us")
                         for h in heads if h.dep_ == "dobj") and all(k.dep_ == "dobj" or k in dated for k in kids):
            return None  # "called Alicia Machado on Friday": a person is addressed, nothing said
        kids = [k for k in kids if k not in dated]
    text = doc.text
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


def _negated(verb) -> bool:
    """ "did not confirm", "declined to say": no statement was made."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("decline", "refuse")


def _is_navigation(text: str, starts: list[int], pos: int) -> bool:
    """A bulleted link list line ("- Cyclist who claimed ...") is page chrome, not reporting."""
    para = starts[paragraph_of(starts, pos)] if starts else 0
    end = text.find("\n", para)
    line = text[para:end if end >= 0 else len(text)].strip()
    return line[:2] in ("- ", "• ", "* ", "· ") and not line.endswith((".", "”", '"', "?", "!"))


def _clip_to_paragraph(text: str, anchor: int, a: int, b: int) -> tuple[int, int]:
    """Keep [a, b) inside the paragraph that holds ``anchor`` (parses can run across lines)."""
    para_lo = text.rfind("\n", 0, anchor) + 1
    para_hi = text.find("\n", anchor)
    para_hi = len(text) if para_hi < 0 else para_hi
    return max(a, para_lo), min(b, para_hi)


def _sentence_lead(text: str, open_: int) -> int | None:
    """Start of the sentence holding a quotation when unquoted words precede the opening mark in
    that sentence ('Using the tax “is a misguided approach,” he said'), else None."""
    para = text.rfind("\n", 0, open_) + 1
    ends = list(re.finditer(r"[.?!][”’\"')]*\s+", text[para:open_]))
    start = para + ends[-1].end() if ends else para
    lead = text[start:open_]
    if len(re.findall(r"[A-Za-z]\w*", lead)) < 2 or re.search(r"[“”«»\"]|''", lead):
        return None
    return start


def _closes_sentence(text: str, q) -> bool:
    """'... “an outlaw nation.” Russia insisted that ...': a quotation ending in a full stop ends its
    sentence, so the cue after it starts a new one (“...?” she asked / “...!” stay attachable)."""
    return text[q.start:q.end].rstrip().endswith(".") and not text[q.start:q.end].rstrip().endswith("..")


def _modifies_cue(verb, span) -> bool:
    """'In an interview on “Face the Nation,” Ryan said': a quoted title inside a modifier of the cue
    (a prepositional or adverbial phrase) is not what the speaker said."""
    if span is None:
        return False
    mods = [c for c in verb.children if c.dep_ in ("prep", "npadvmod", "advmod", "advcl", "agent")]
    inner = [t for t in span if not t.is_punct]
    return bool(inner) and any(all(m.left_edge.i <= t.i <= m.right_edge.i for t in inner) for m in mods)


def _colon_break(text: str, a: int, b: int | None) -> bool:
    """The cue's clause ends in a colon and the paragraph ends there ('He said:' + a block quote);
    with ``b``, only blank space lies between that break and ``b``."""
    m = re.match(r"[ \t\u00a0]*:[ \t\u00a0]*\n\s*", text[a:])
    return bool(m) and (b is None or a + m.end() == b)


def _gap_is_punct(text: str, a: int, b: int) -> bool:
    return a <= b and not re.search(r"[\w]", text[a:b]) and "\n" not in text[a:b] and b - a <= 4


def find_statements(doc: Doc, merge_continuations: bool = False) -> list[dict]:
    """All statements in a Doc, in document order (see the module docstring).

    ``merge_continuations`` joins a quote sentence that continues the previous quote of the same
    speaker in the same paragraph into one statement (PolNeAR's convention); by default each
    quotation is its own statement (the STCA gold's convention)."""
    text = doc.text
    meta = doc._.meta or {}
    starts = paragraph_starts(text)
    if meta.get("speaker"):
        lo, hi = len(text) - len(text.lstrip()), len(text.rstrip())
        return [speech_statement(meta["speaker"], text, lo, hi, paragraph_of(starts, lo))]
    turns = find_turns(text)
    if turns:
        return [speech_statement(who, text, a, b, paragraph_of(starts, a),
                                 role=paren if paren and not spk.find_party(paren) else None)
                for who, paren, a, b in turns if b > a]
    try:
        statements = _news_statements(doc, text, starts)
    finally:
        doc.user_data.pop("stca_ents", None)  # spans must not stay in user_data (Doc.to_bytes)
    return _merge_continuations(statements, text) if merge_continuations else statements


def _merge_continuations(statements: list[dict], text: str) -> list[dict]:
    out = []
    for s in statements:
        prev = out[-1] if out else None
        if (prev and s.get("inherited") and s["kind"] == "direct" and prev["kind"] == "direct"
                and prev["paragraph"] == s["paragraph"] and prev["speaker"] == s["speaker"]):
            prev.update(end=s["end"], text=text[prev["start"]:s["end"]])
            continue
        out.append(s)
    for s in out:
        s.pop("inherited", None)
    return out


def _news_statements(doc: Doc, text: str, starts: list[int]) -> list[dict]:
    reporting, belief, quote_only = cue_lemmas()
    belief = belief | quote_only  # both need more than a bare object to count (see _attach)
    lex = spk.lexicon()
    quotes = find_quote_spans(text)
    in_quote = [False] * len(doc)
    qtok = []
    for q in quotes:
        span = doc.char_span(q.open, min(len(text), q.close + 1), alignment_mode="expand")
        qtok.append(span)
        if span is not None:
            for t in span:
                in_quote[t.i] = True
    resolver = spk.Resolver()
    for ent in _ents(doc):
        if ent.label_ == "PERSON":
            honor = doc[ent.start - 1].text if ent.start > 0 else ""
            resolver.learn(ent.text, spk.gender_of(honor + " " + ent.text))
            resolver.learn(resolver.canonical(ent.text), spk.gender_of(honor + " " + ent.text))
            _learn_title(doc, ent, resolver)
    events = []  # (char position, kind, payload)
    for tok in doc:
        if in_quote[tok.i]:
            continue
        if _is_cue(tok, reporting, belief):
            events.append((tok.idx, "cue", tok))
        elif tok.dep_ == "nsubj" and tok.ent_type_ == "PERSON":
            events.append((tok.idx, "mention", tok))
    statements, claimed = [], set()
    for _, kind, tok in sorted(events, key=lambda e: e[0]):
        if kind == "mention":
            ent = ent_at(doc, tok.i)
            if ent is not None:
                resolver.said(resolver.canonical(ent.text), spk.gender_of(ent.text))
            continue
        lemma = tok.lemma_.lower()
        subj = subject_of(tok)
        if subj is None or in_quote[subj.i]:
            continue
        if "\n" in doc[subj.left_edge.i:subj.right_edge.i + 1].text or _negated(tok):
            continue
        if _is_navigation(text, starts, tok.idx):
            continue
        if subj.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
            subj = tok.head  # "officials who said ..." -> the officials
        who = describe_speaker(subj, resolver)
        if who is None:
            continue
        resolver.fill_role(who)
        words = spk._tokens(who["speaker"])
        if words and (set(words) & lex["data_nouns"] or words[-1] in nonspeaker_words()[0]):
            continue  # numbers and laws do not speak ("the Safe Third Country Agreement says")
        made = _attach(doc, text, tok, subj, quotes, qtok, claimed, in_quote, who, lemma, starts)
        if made:
            for st in made:
                st["cue"] = "according to" if tok.lower_ == "according" else lemma
            statements.extend(made)
            if not who.get("pronoun") or who["speaker"] != subj.text:
                resolver.said(who["speaker"], org=who.get("org", False))
    statements.extend(_orphans(doc, text, quotes, claimed, statements, starts, resolver))
    statements.sort(key=lambda s: s["start"])
    seen = set()  # two cues on one clause ("said and added") give one statement
    statements = [s for s in statements if not ((s["start"], s["end"]) in seen or seen.add((s["start"], s["end"])))]
    _link_anonymous(statements)
    for s in statements:
        for k in ("org", "pronoun", "anonymous"):
            s.pop(k, None)
    return statements


def _learn_title(doc, ent, resolver) -> None:
    """Remember the title written before a person's name ("Immigration Minister Ahmed Hussen")."""
    root = ent.root
    pre = [t for t in root.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod")]
    if not pre or "\n" in doc[pre[0].left_edge.i:ent.start].text:
        return
    prefix = doc[min(t.left_edge.i for t in pre):ent.start].text
    role, party = spk.split_role(prefix)
    if role and spk.is_role_phrase(role) or party:
        resolver.fill_role({"speaker": resolver.canonical(ent.text), "speaker_role": role,
                            "speaker_party": party})


def _statement(who: dict, kind: str, text: str, start: int, end: int, starts) -> dict:
    return {"speaker": re.sub(r"\s*['’]s$", "", (who["speaker"] or "").strip()) or None, "speaker_role": who.get("speaker_role"),
            "speaker_party": who.get("speaker_party"), "kind": kind, "text": text[start:end],
            "start": start, "end": end, "paragraph": paragraph_of(starts, start),
            "anonymous": who.get("anonymous", False), "org": who.get("org", False),
            "pronoun": who.get("pronoun", False), **SPEECH_DEFAULTS}


def _attach(doc, text, verb, subj, quotes, qtok, claimed, in_quote, who, lemma, starts) -> list[dict]:
    """Statements a cue verb introduces: adjacent direct quotes, else its (mixed) content clause."""
    clause = [verb.i, subj.i, subj.left_edge.i, subj.right_edge.i]
    c_lo = doc[min(clause)].idx
    c_hi_tok = doc[max(clause)]
    c_hi = c_hi_tok.idx + len(c_hi_tok)
    # extend the clause end over short modifiers ("said on Tuesday", "told reporters")
    for child in verb.rights:
        if child.dep_ in ("npadvmod", "prep", "dative", "dobj", "advmod") and not in_quote[child.i] and child.dep_ != "ccomp":
            if child.right_edge.i - verb.i <= 8:
                c_hi = max(c_hi, doc[child.right_edge.i].idx + len(doc[child.right_edge.i]))
    made, first_before = [], None
    for k, q in enumerate(quotes):
        if k in claimed or verb.pos_ == "NOUN":  # nominal cues take only their clause
            continue
        before = q.closed and _gap_is_punct(text, q.close + 1, c_lo) and not _closes_sentence(text, q)
        after = ((_gap_is_punct(text, c_hi, q.open) and re.search(r"[:,]", text[c_hi:q.open] or ""))
                 or (not made and _colon_break(text, c_hi, q.open)))
        if (before or after) and _modifies_cue(verb, qtok[k]):
            continue
        if before or after:
            claimed.add(k)
            made.append(_statement(who, "direct", text, q.start, q.end, starts))
            if before and first_before is None:
                first_before = q
    lead = _sentence_lead(text, first_before.open) if first_before is not None else None
    if lead is not None:  # 'Not paying taxes “makes me smart,” he said': the sentence is the content
        made[0].update(start=lead, kind="mixed", text=text[lead:made[0]["end"]])
    if len(made) > 1:  # "“A,” she said, “B.”": one statement around the cue
        made[0].update(end=made[-1]["end"], text=text[made[0]["start"]:made[-1]["end"]])
        made = made[:1]
    if made:
        return made
    if _colon_break(text, c_hi, None):  # 'The governor added:' + an unquoted block paragraph
        a = c_hi + text[c_hi:].index("\n")
        a += len(text[a:]) - len(text[a:].lstrip())
        b = text.find("\n", a)
        b = len(text) if b < 0 else b
        b = len(text[:b].rstrip())
        return [_statement(who, "direct", text, a, b, starts)] if len(text[a:b].split()) >= 4 else []
    if lemma in cue_lemmas()[2] and lemma not in cue_lemmas()[0]:
        return []  # quote-only verbs: nothing without an adjacent quotation
    if lemma in cue_lemmas()[1] and lemma not in cue_lemmas()[0]:
        # beliefs count only with a clause ("they fear the border will close"), not "wants X"
        finite = [c for c in verb.children if c.dep_ == "ccomp" and
                  any(g.dep_ == "nsubj" for g in c.children) and not any(g.tag_ == "TO" for g in c.children)]
        if not finite and lemma in intent_lemmas() and who.get("speaker") and not who.get("anonymous"):
            finite = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.i > verb.i
                      and any(g.tag_ == "TO" for g in c.children)]  # "Clinton wants to ..."
        if not finite or (verb.dep_ == "ccomp" and _negated(verb.head)):
            return []
    span = _content_tokens(verb, lemma)
    if span is None:
        return []
    lo, hi = span
    bare = [t for t in doc[lo:hi] if not in_quote[t.i] and not t.is_punct]
    a, b = _clip_to_paragraph(text, verb.idx, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]))
    if b - a < 8:
        return []
    lo, hi = doc.char_span(a, b, alignment_mode="expand")[0].i, doc.char_span(a, b, alignment_mode="expand")[-1].i + 1
    bare = [t for t in doc[lo:hi] if not in_quote[t.i] and not t.is_punct]
    inside = [k for k, q in enumerate(quotes) if q.open >= a - 1 and q.close <= b + 1]
    if not bare:  # the content is a quotation: a direct quote introduced without punctuation
        for k in inside:
            claimed.add(k)
        if not inside:
            return []
        q0, q1 = quotes[inside[0]], quotes[inside[-1]]
        return [_statement(who, "direct", text, q0.start, q1.end, starts)]
    for k in inside:
        claimed.add(k)
    return [_statement(who, "mixed" if inside else "indirect", text, a, b, starts)]


def _orphans(doc, text, quotes, claimed, statements, starts, resolver) -> list[dict]:
    """Quote-only sentences and paragraphs: a following "Name, Title" line names the speaker,
    else they continue the latest statement in the same or the previous paragraph."""
    out = []
    covered = [(s["start"], s["end"]) for s in statements]
    for k, q in enumerate(quotes):
        if k in claimed or any(a <= q.start and q.end <= b for a, b in covered):
            continue
        body = text[q.start:q.end]
        lead = text[:q.open - 1 if text[q.open - 1:q.open + 1] == "''" else q.open].rstrip(" \t")
        sentence_start = not lead or lead.endswith(("\n", ".", "?", "!", "”", '"', ":", "»"))
        if not sentence_start or len(body.split()) < 4:
            continue
        para = paragraph_of(starts, q.open)
        who = _byline_after(doc, text, q, starts)
        if who is None:
            prev = [s for s in statements + out if s["start"] < q.start and
                    para - 1 <= s["paragraph"] <= para and s["kind"] != "speech"]
            if not prev:
                continue
            last = max(prev, key=lambda s: s["start"])
            who = {k2: last[k2] for k2 in ("speaker", "speaker_role", "speaker_party")}
            who["anonymous"] = last.get("anonymous", False)
        out.append(_statement(who, "direct", text, q.start, q.end, starts))
        out[-1]["inherited"] = True
    return out


def _byline_after(doc, text, q, starts):
    """A block quote's attribution line right after it: "— Ralph Goodale, Public Safety Minister"."""
    line_end = text.find("\n", q.close)
    tail = text[q.close + 1:line_end if line_end >= 0 else len(text)]
    m = re.match(r"^\s*[―—–-]+\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})\s*(?:,\s*(?P<role>[^.!?]{2,80}))?\s*$", tail)
    if m:  # “...” ― Name[, Title]
        role, party = spk.split_role(m["role"] or "")
        return {"speaker": spk.strip_honorifics(m["name"]), "speaker_role": role, "speaker_party": party}
    para = paragraph_of(starts, q.open)
    if para + 1 >= len(starts) or paragraph_of(starts, q.close) != para:
        return None
    if text[q.close + 1:starts[para + 1]].strip(" \t\n.,"):
        return None  # the paragraph goes on after the quote: not a block quote
    nxt_end = text.find("\n", starts[para + 1])
    line = text[starts[para + 1]:nxt_end if nxt_end >= 0 else len(text)].strip()
    m = re.match(r"^[—–-]*\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*,\s*(?P<role>[^.!?]{2,80})$", line)
    if not m or len(line.split()) > 14:
        return None
    role, party = spk.split_role(m["role"])
    return {"speaker": spk.strip_honorifics(m["name"]), "speaker_role": role, "speaker_party": party}


def _link_anonymous(statements: list[dict]) -> None:
    """"A spokesperson for X noted ..." followed shortly by '"...", said Scott Bardsley': the
    unnamed role is the next newly named speaker (the usual news convention)."""
    for i, s in enumerate(statements):
        if not s.get("anonymous"):
            continue
        earlier = {spk.name_key(t["speaker"]) for t in statements[:i]}
        for t in statements[i + 1:]:
            if t["paragraph"] - s["paragraph"] > 2:
                break
            if t.get("anonymous") or t.get("pronoun") or t.get("org"):
                continue
            if spk.name_key(t["speaker"]) in earlier or t.get("speaker_role"):
                break
            if len(spk.name_key(t["speaker"]).split()) >= 2:
                role = s["speaker_role"]
                for u in statements:
                    if u.get("anonymous") and u["speaker"] == s["speaker"]:
                        u.update(speaker=t["speaker"], speaker_role=role, anonymous=False)
                t["speaker_role"] = t["speaker_role"] or role
            break


@Language.factory("stca_quotes", default_config={"merge_continuations": False})
def make_quotes(nlp: Language, name: str, merge_continuations: bool):
    """Factory: a component writing ``doc._.statements``."""
    install_extensions()
    return QuotesComponent(merge_continuations)


class QuotesComponent:
    def __init__(self, merge_continuations: bool = False):
        self.merge_continuations = merge_continuations

    def __call__(self, doc: Doc) -> Doc:
        if doc._.meta is None:
            doc._.meta = {}
        statements = find_statements(doc, self.merge_continuations)
        for s in statements:
            s.pop("inherited", None)
        doc._.statements = statements
        return doc
