"""stca_quotes: who said what in a news text or a speech, as ``doc._.statements``.

Rules over the parse the base model already made (no second model pass):
* quotation marks (curly, straight, guillemets, multi-paragraph) give direct quotes;
* a reporting verb ("said", "insisted", "according to") outside quotes gives the cue: its
  subject is the speaker; an adjacent quote is the direct content, its clausal complement the
  indirect (or mixed, when partly quoted) content;
* quote-only sentences and paragraphs inherit the previous speaker; a block quote followed by a
  "Name, Title" line takes that name;
* records with ``doc._.meta["speaker"]`` are one speech; the document-structure stage
  (nlp/structure.py) makes transcript, Q&A and interview turns speeches and a press statement's
  paragraphs direct statements of its issuers.
Speakers are resolved to full names, titles and parties by nlp/speakers.py.
"""
from __future__ import annotations

import functools
import re

from spacy.language import Language
from spacy.tokens import Doc

from . import speakers as spk
from . import structure
from .speaker_clusters import DocumentPeople, knowledge
from .quote_spans import QuoteSpan, find_quote_spans, find_turns, paragraph_of, paragraph_starts, quote_spans  # noqa: F401
from .extensions import install_extensions
from .quotes_fr import sentence_statements_fr
from .court_findings import court_findings, court_name
from .quote_cues import (  # noqa: F401  (kept importable from nlp.quotes)
    cue_lemmas, doc_text, word_set, subject_of, is_cue, content_tokens, negated,
)

SPEECH_DEFAULTS = {"stance": "none", "stance_score": 0.0}


def speech_statement(raw_speaker: str, text: str, start: int, end: int, paragraph: int, role=None) -> dict:
    name, party, paren_role = spk.parse_speaker_field(raw_speaker)
    return {"speaker": name, "speaker_role": role or paren_role, "speaker_party": party,
            "kind": "speech", "text": text[start:end], "start": start, "end": end,
            "paragraph": paragraph, **SPEECH_DEFAULTS}


# --- speakers from the parse -------------------------------------------------------------

def noun_phrase(head):
    """Tokens of the subject phrase, without relative clauses or parentheticals that follow it."""
    cut = [c for c in head.rights if c.dep_ in ("relcl", "acl", "advcl", "cc", "conj", "case")]
    right = min((c.left_edge.i for c in cut), default=head.right_edge.i + 1) - 1
    end = max(head.i, min(head.right_edge.i, right))
    doc = head.doc
    verb = head.head.i if head.head.i > head.i else len(doc)
    ent = ent_at(doc, end)  # "director of Lawyers’ Rights Watch Canada": the parse broke the name at its "’"
    if ent is not None and end < ent.end - 1 and ent.end <= verb and ent.start > head.left_edge.i:
        end = ent.end - 1
    span = doc[head.left_edge.i:end + 1]
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


def describe_speaker(head, resolver: spk.Resolver, people: DocumentPeople | None = None) -> dict | None:
    """Speaker name/role/party for a subject token; None for expletives and first/second person.

    With ``people`` (the document's mention clusters) the local reading of the subject phrase is
    resolved in the document: pronouns, surnames and role descriptions ("the minister") become the
    person they refer to, acronyms the organisation's name."""
    head = _past_vocative(head)
    judge = _judgment_author(head, resolver)
    if judge is not None:
        return judge
    who = _describe_local(head, resolver)
    appositive = bool(who and who.pop("appositive", False))
    if who is None or people is None:
        return who
    found = people.resolve(noun_phrase(head))
    if found is None or found.get("anonymous"):
        return who  # still a role phrase ("a spokesperson for X") or an unresolved pronoun
    if who.get("anonymous") and found.get("org"):
        return who
    if who.get("org") and not found.get("org") and not who.get("pronoun") and spk.is_organisation(who["speaker"]):
        return who
    if appositive and found.get("org"):
        return who  # the person in apposition ("the Minister of ..., Marco Mendicino") is no organisation
    out = dict(who)
    out["speaker"] = found["speaker"]
    out["org"] = found["org"]
    out["anonymous"] = False
    for key in ("speaker_role", "speaker_party"):
        if found.get(key) and (not who.get(key) or who.get("pronoun") or who.get("anonymous")):
            out[key] = found[key]
    if who.get("pronoun") and found["speaker"] != head.text:
        out["pronoun"] = True
    return out


def _judgment_author(head, resolver: spk.Resolver) -> dict | None:
    """'the judgment read', 'said the ruling written by Justice Nicholas Kasirer': a judgment's
    words are its author's when the document names the author (guideline rule 13), from the
    phrase itself or from one 'ruling written by Justice X' elsewhere in the text."""
    if head.lemma_.lower() not in word_set("judgment_nouns") or head.pos_ != "NOUN":
        return None
    doc = head.doc
    names = []
    for acl in (c for c in head.children if c.dep_ == "acl" and c.lower_ in word_set("authorship_verbs")):
        for agent in (c for c in acl.children if c.dep_ == "agent"):
            names += [ent_at(doc, t.i) for t in agent.subtree if t.dep_ == "pobj"]
    if not names:
        verbs = "|".join(map(re.escape, word_set("authorship_verbs")))
        nouns = "|".join(map(re.escape, word_set("judgment_nouns")))
        for m in re.finditer(rf"\b(?:{nouns})\s+(?:was\s+)?(?:{verbs})\s+by\s+", doc_text(doc)):
            tok = next((t for t in doc if t.idx >= m.end()), None)
            while tok is not None and ent_at(doc, tok.i) is None and tok.i + 1 < len(doc) and tok.is_title:
                tok = doc[tok.i + 1]  # "Justice", "Chief Justice"
            names.append(ent_at(doc, tok.i) if tok is not None else None)
    people = {e.text for e in names if e is not None and e.label_ == "PERSON"}
    if len(people) != 1:
        return _court_of(doc)
    name = resolver.canonical(people.pop())
    return {"speaker": name, "speaker_role": "Justice", "speaker_party": None, "org": False}


def _court_of(doc) -> dict | None:
    """The one court the document names (nlp/data/courts.txt), the author of a judgment whose
    judge it does not name; None when it names none or several."""
    text = doc_text(doc)
    found = []
    for court in sorted(word_set("courts"), key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(court)}\b", text):
            if not any(a <= m.start() < b for a, b, _ in found):  # "Federal Court" inside "... of Appeal"
                found.append((m.start(), m.end(), court))
    courts = {c for _, _, c in found}
    if len(courts) != 1:
        return None
    return {"speaker": courts.pop(), "speaker_role": None, "speaker_party": None, "org": True}


def _past_vocative(head):
    """'Senator Gold, Deputy Chief Vince Foy ... told my office ...', 'Honourable senators, the
    mayor, Paul Smith, told me ...': the parser reads the addressed person as the subject and the
    speaker as its apposition. A form of address (nlp/data/address_forms.txt), or a named person
    in apposition to another, before a comma is an address: the apposition speaks."""
    doc = head.doc
    appos = [a for a in head.children if a.dep_ == "appos" and a.i > head.i]
    if not appos or appos[0].left_edge.i == 0 or doc[appos[0].left_edge.i - 1].text != ",":
        return head
    toks = list(doc[head.left_edge.i:appos[0].left_edge.i])
    colon = max((k for k, t in enumerate(toks) if t.text == ":"), default=-1)  # a turn label
    toks = toks[colon + 1:]
    while toks and toks[-1].is_punct:
        toks.pop()
    if " ".join(t.text for t in toks).lower() in word_set("address_forms"):
        return appos[0]
    ent, other = ent_at(doc, head.i), ent_at(doc, appos[0].i)
    if ent is not None and other is not None and ent.label_ == other.label_ == "PERSON" and other.start > ent.end:
        return appos[0]
    return head


def _describe_local(head, resolver: spk.Resolver) -> dict | None:
    """describe_speaker from the subject phrase and the resolver's running history alone."""
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
    ent, appositive = ent_at(doc, head.i), False
    if (ent is not None and ent.label_ != "PERSON" and appos and head.pos_ in ("NOUN", "PROPN")
            and spk.is_role_phrase(core.text)):
        ent = None  # "the Minister of Public Safety, Marco Mendicino, said": an office tagged ORG
    if ent is None and appos:  # "A spokesman, Scott Bardsley, said"
        for a in appos:
            ent2 = ent_at(doc, a.i)
            if ent2 is not None and ent2.label_ == "PERSON":
                ent, role_extra, core, appositive = ent2, core.text, ent2, True
    edge = head.right_edge.i + 1  # the whole subject, its conjuncts and complements included
    if ent is None and edge - head.i > 2:  # "said Canadian immigration lawyer and director of ... clinic Alex Vernon"
        tail = ent_at(doc, edge - 1)
        if tail is not None and tail.label_ == "PERSON" and tail.end == edge and tail.start > head.i \
                and doc[tail.start - 1].lower_ not in ("of", "and", "or", "'s", "’s", ",", "(", "-", "–", "—") \
                and not any(t.lower_ in ("for", "to", "with", "by") for t in doc[head.i:tail.start]):
            # not "A spokesman for Public Safety Minister Ralph Goodale": the spokesman speaks
            ent, core = tail, doc[head.left_edge.i:tail.end]
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
            name = spk.strip_article(name)
        else:
            honor = doc[ent.start - 1].text if ent.start > 0 else ""
            gender = spk.gender_of(honor + " " + name)
            name = resolver.canonical(((honor + " ") if gender else "") + name)
            resolver.learn(name, gender)
        role = role or role_extra
        party = party or spk.find_party(role_extra or "")
        if ent.label_ in ("NORP",) and not org:
            org = True
        return {"speaker": name, "speaker_role": role, "speaker_party": party, "org": org,
                **({"appositive": True} if appositive else {})}
    text = core.text
    role_head = head.pos_ == "NOUN" and spk.is_role_phrase(head.text) and not spk.is_organisation(head.text)
    if spk.is_role_phrase(text) and (role_head or not spk.is_organisation(text)):  # "A Federal Court justice"
        return {"speaker": text, "speaker_role": text, "speaker_party": None, "org": False,
                "anonymous": head.tag_ != "NNP"}
    if head.pos_ == "PROPN":
        name = resolver.canonical(text)
        return {"speaker": name, "speaker_role": role_extra, "speaker_party": spk.find_party(role_extra or ""),
                "org": spk.is_organisation(text)}
    return {"speaker": resolver.organisation(text) or text, "speaker_role": role_extra,
            "speaker_party": None, "org": True}


# --- statements ----------------------------------------------------------------------------

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
    if not inner:
        return False
    doc = verb.doc
    for m in mods:
        words = [t for t in doc[m.left_edge.i:m.right_edge.i + 1] if not t.is_punct]
        # the modifier holds the quotation and words of its own; one lying wholly inside the
        # quotation ('“Now that I ...,” he told') is a misparse of the quote itself
        if all(m.left_edge.i <= t.i <= m.right_edge.i for t in inner) and len(words) > len(inner):
            return True
    return False


def _colon_break(text: str, a: int, b: int | None) -> bool:
    """The cue's clause ends in a colon and the paragraph ends there ('He said:' + a block quote);
    with ``b``, only blank space lies between that break and ``b``."""
    m = re.match(r"[ \t\u00a0]*:[ \t\u00a0]*\n\s*", text[a:])
    return bool(m) and (b is None or a + m.end() == b)


def _gap_is_punct(text: str, a: int, b: int) -> bool:
    return a <= b and not re.search(r"[\w]", text[a:b]) and "\n" not in text[a:b] and b - a <= 4


# how sentence-level statements are decided when the attribution tagger ran: "rules+model" (the
# rules' statements, plus the tagger's attributions that no rule statement overlaps; outside the
# turns of a structured document the rules' only), "model" (the tagger's attributions, the rules'
# statements as its proposals) or "rules". 6 Dec 2026, same artefact: "rules+model" 0.700 / 0.801
# on PolNeAR dev (scored only) against 0.692 / 0.796, corpus CV 0.871 against 0.865, the gathered
# labels (never trained on) 0.568 against 0.555, STCA dev 0.878 both
DECODERS = ("rules+model", "model", "rules")


def find_statements(doc: Doc, merge_continuations: bool = False, use_structure: bool = True,
                    decoder: str = "rules+model") -> list[dict]:
    """All statements in a Doc, in document order (see the module docstring), none whose source
    names nobody (``_no_speaker``).

    ``merge_continuations`` joins a quote sentence that continues the previous quote of the same
    speaker in the same paragraph into one statement (PolNeAR's convention); by default each
    quotation is its own statement (the STCA gold's convention). ``use_structure`` runs the
    document-structure stage (nlp/structure.py: transcripts, Q&A pages, interviews, press
    statements); off, only "Hon. X:" transcript turns are recognised (the ablation). ``decoder``:
    one of ``DECODERS``, used when the attribution tagger ran."""
    statements = [s for s in _all_statements(doc, merge_continuations, use_structure, decoder) if not _no_speaker(s.get("speaker"))]
    return statements if merge_continuations else _per_paragraph(statements, doc_text(doc))


_REOPENED = re.compile(r"\n[ \t\r\n\u00a0]*[“«\"„][ \t\u00a0]*")


def _per_paragraph(statements: list[dict], text: str) -> list[dict]:
    """A direct quotation running over paragraphs, each re-opened with a quotation mark (the
    newspaper convention), is one statement per paragraph (docs/attribution_guideline.md rule 4),
    each its speaker's."""
    out, starts = [], None
    for s in statements:
        if s.get("kind") != "direct" or not _REOPENED.search(s["text"]):
            out.append(s)
            continue
        a, starts = s["start"], starts or paragraph_starts(text)
        for m in list(_REOPENED.finditer(s["text"])) + [None]:
            b = s["start"] + m.start() if m else s["end"]
            lo, hi = a, b
            while hi > lo and text[hi - 1] in " \t\r\n\u00a0":
                hi -= 1
            if hi > lo:
                out.append(dict(s, start=lo, end=hi, text=text[lo:hi], paragraph=paragraph_of(starts, lo)))
            if m:
                a = s["start"] + m.end()
    return out


def _all_statements(doc: Doc, merge_continuations: bool, use_structure: bool, decoder: str) -> list[dict]:
    text = doc_text(doc)
    headline = _headline(text)
    statements = [s for s in _statements_of(doc, merge_continuations, use_structure, decoder)
                  if not (headline and headline[0] <= s["start"] and s["end"] <= headline[1] and s["kind"] != "speech")]
    court = _court_of(doc)
    found = court_findings(text, quote_spans(text), statements, paragraph_starts(text), court and court["speaker"])
    return sorted(statements + found, key=lambda s: s["start"]) if found else statements


def _statements_of(doc: Doc, merge_continuations: bool, use_structure: bool, decoder: str) -> list[dict]:
    text = doc_text(doc)
    meta = doc._.meta or {}
    starts = paragraph_starts(text)
    if meta.get("speaker"):
        lo, hi = len(text) - len(text.lstrip()), len(text.rstrip())
        return [speech_statement(meta["speaker"], text, lo, hi, paragraph_of(starts, lo))]
    if use_structure:
        statements = _structure_statements(doc, text, starts, meta, decoder)
        if statements is not None:
            return _merge_continuations(statements, text) if merge_continuations else statements
    else:
        turns = find_turns(text)
        if turns:
            return [speech_statement(who, text, a, b, paragraph_of(starts, a),
                                     role=paren if paren and not spk.find_party(paren) else None)
                    for who, paren, a, b in turns if b > a]
    statements = _sentence_statements(doc, text, starts, merge_continuations, decoder)
    return _merge_continuations(statements, text) if merge_continuations else statements


@functools.lru_cache(maxsize=1)
def _nameless_words() -> frozenset:
    """Sources that name nobody: first- and second-person pronouns (nlp/data/pronouns.txt) and
    demonstratives ("That")."""
    pron = knowledge()["pronouns"]
    return frozenset(pron.get("first", set()) | pron.get("second", set())
                     | {"that", "this", "these", "those", "cela", "ça", "ceci"})


def _no_speaker(speaker) -> bool:
    """A source that names nobody: a pronoun of the narration ("in our view") or a demonstrative
    (``_nameless_words``), an elided function word the French parser left as a subject ("jusqu'"),
    or what the page is ("Media Release", structure.yaml ``release_marker``)."""
    if not speaker:
        return False
    word = speaker.strip().lower()
    return (word in _nameless_words() or bool(re.fullmatch(r"[a-zà-ÿ]+['’]", word))
            or bool(structure.patterns()["release_marker"].match(speaker)))  # "Media Release: NDP reacts ..."


def _sentence_statements(doc: Doc, text: str, starts: list[int], merge: bool = False,
                         decoder: str = "rules+model") -> list[dict]:
    try:
        if doc.lang_ == "fr":  # French documents: nlp/quotes_fr.py instead of the English rules
            return sentence_statements_fr(doc, text, starts)
        if doc._.attributions is None:
            return _news_statements(doc, text, starts)
        if decoder == "rules":
            return _rules_of(doc, text, starts)
        if decoder == "rules+model":  # the rules' statements, and what only the tagger found
            rules = _rules_of(doc, text, starts)
            extra = [m for m in _model_statements(doc, text, starts, merge, own_only=True)
                     if not any(min(m["end"], r["end"]) > max(m["start"], r["start"]) for r in rules)]
            return sorted(rules + extra, key=lambda s: (s["start"], s["end"]))
        return _model_statements(doc, text, starts, merge)  # the trained tagger decided (nlp/attribution.py)
    finally:
        doc.user_data.pop("stca_ents", None)  # spans must not stay in user_data (Doc.to_bytes)


def _structure_statements(doc: Doc, text: str, starts: list[int], meta: dict,
                          decoder: str = "rules+model") -> list[dict] | None:
    """Statements from the document's structure; None for a news text (sentence level only).
    Turns with a speaker become statements (transcript/Q&A/interview turns: "speech"; a press
    statement's paragraphs: "direct" of each issuer). In a press statement, a Q&A page or an
    interview layout the sentence-level statements outside those turns are kept too (others
    quoted in a release, someone reported in a question, the article around a quoted exchange)."""
    found = structure.analyse(text, meta)
    if found.kind == "news":
        return None
    out = [{"speaker": t.speaker, "speaker_role": t.role, "speaker_party": t.party, "kind": t.kind,
            "text": text[t.start:t.end], "start": t.start, "end": t.end,
            "paragraph": paragraph_of(starts, t.start), "anonymous": False,
            "org": t.kind == "direct" and spk.is_organisation(t.speaker), "pronoun": False, **SPEECH_DEFAULTS}
           for t in found.turns if t.speaker and t.end > t.start]
    if found.kind in NESTING_KINDS:
        out += _nested(doc, text, starts, found)
    if found.kind in ("press_statement", "letter", "qa", "interview"):
        held = [(s["start"], s["end"]) for s in out]
        voices = {spk.name_key(s["speaker"]) for s in out}
        asked = [(t.start, t.end) for t in found.turns if t.speaker is None]
        # outside the turns of a structured document the tagger adds nothing of its own under
        # "rules+model" (corpus CV, press releases: 0.969 against 0.940 with its additions)
        out += [s for s in _sentence_statements(doc, text, starts,
                                                decoder="rules" if decoder == "rules+model" else decoder)
                if not any(s["start"] < b and a < s["end"] for a, b in held)
                and not (spk.name_key(s["speaker"] or "") in voices  # "Senator Gold, ..." addresses him
                         and any(a <= s["start"] < b for a, b in asked))]
    out.sort(key=lambda s: s["start"])
    return out


NESTING_KINDS = ("transcript", "qa", "interview", "speech", "press_statement", "letter")


def _nested(doc: Doc, text: str, starts: list[int], found) -> list[dict]:
    """Reports of someone else's words inside a turn ("Deputy Chief Vince Foy ... told my office
    he expects ...", guideline rule 11: their own statement, the turn keeps its full span). Read
    by the rules (nlp/quotes.py's cues), kept only when a third party speaks: a named person or
    organisation (not the turn's speaker, not a pronoun, not a common noun such as "the
    government", whom a speaker describes rather than quotes) saying a clause or quoted words."""
    turns = [t for t in found.turns if t.speaker]
    if not turns:
        return []
    try:
        candidates = (sentence_statements_fr(doc, text, starts) if doc.lang_ == "fr"
                      else _news_statements(doc, text, starts))
    finally:
        doc.user_data.pop("stca_ents", None)
    out = []
    for s in candidates:
        turn = next((t for t in turns if t.start <= s["start"] and s["end"] <= t.end), None)
        who = s.get("speaker") or ""
        bare = spk.strip_article(who)
        if bare.isupper() and 2 <= len(bare) <= 6:  # "The SCC": as the text spells it out
            s = {**s, "speaker": structure._expanded(bare, text)}
            who = s["speaker"]
        if turn is None or s.get("pronoun") or s.get("anonymous") or not who:
            continue
        if spk.name_key(who).split() == spk.name_key(turn.speaker).split()[:1]:
            continue  # the turn's speaker by first name ("Jordan: ..." read again as a label line)
        if spk.surname(who) == spk.surname(turn.speaker) or not _named(who):
            continue
        if s["kind"] == "indirect" and not any(t.pos_ in ("VERB", "AUX") for t in doc.char_span(
                s["start"], s["end"], alignment_mode="expand") or ()):
            continue  # "acknowledged the decision": an object, not a report
        out.append(s)
    return out


def _named(speaker: str) -> bool:
    """A proper name ("Vince Foy", "Canadian Council for Refugees"), a court (nlp/data/courts.txt:
    "Cour fédérale") or a named government ("the Trump administration"), not a description ("the
    government", "all the stakeholders")."""
    words = spk.strip_article(speaker).split()
    if court_name(" ".join(words)):
        return True
    if len(words) >= 2 and words[-1].lower() in ("administration", "government", "gouvernement") and all(
            w[:1].isupper() for w in words[:-1]):
        return True  # "the Trump administration", "the Quebec government": a named government
    return bool(words) and all(w[:1].isupper() or w.lower() in ("of", "for", "and", "the", "de", "du", "des", "la", "le")
                               for w in words)


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
    quotes = quote_spans(text)
    in_quote = [False] * len(doc)
    qtok = []
    for q in quotes:
        span = doc.char_span(q.open, min(len(text), q.close + 1), alignment_mode="expand")
        qtok.append(span)
        if span is not None:
            for t in span:
                in_quote[t.i] = True
    resolver = _doc_resolver(doc)
    people = DocumentPeople.of(doc)
    events = []  # (char position, kind, payload)
    for tok in doc:
        if in_quote[tok.i]:
            continue
        if is_cue(tok, reporting, belief):
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
        if "\n" in doc[subj.left_edge.i:subj.right_edge.i + 1].text or negated(tok):
            continue
        if _is_navigation(text, starts, tok.idx):
            continue
        if subj.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
            subj = tok.head  # "officials who said ..." -> the officials
            while subj.dep_ == "conj" and subj.head.i < subj.i:
                subj = subj.head  # "A, B and C who argued ...": the first-named (guideline rule 12)
        who = describe_speaker(subj, resolver, people)
        if who is None:
            continue
        resolver.fill_role(who)
        words = spk._tokens(who["speaker"])
        if words and (set(words) & lex["data_nouns"] or _is_document(who["speaker"])):
            continue  # numbers and laws do not speak ("the Safe Third Country Agreement says")
        made = _attach(doc, text, tok, subj, quotes, qtok, claimed, in_quote, who, lemma, starts)
        if made:
            for st in made:
                st["cue"] = "according to" if tok.lower_ == "according" else lemma
                st["cue_at"] = tok.idx
            statements.extend(made)
            if not who.get("pronoun") or who["speaker"] != subj.text:
                resolver.said(who["speaker"], org=who.get("org", False))
    statements.extend(_orphans(doc, text, quotes, claimed, statements, starts, resolver, people))
    labelled, labels = _label_lines(doc, text, statements, starts, resolver)
    statements = [st for st in statements if not any(st["start"] <= p < st["end"] for p in labels)]
    statements.extend(labelled)
    statements.sort(key=lambda s: s["start"])
    seen = set()  # two cues on one clause ("said and added") give one statement
    statements = [s for s in statements if not ((s["start"], s["end"]) in seen or seen.add((s["start"], s["end"])))]
    statements = _outermost(statements)
    _link_anonymous(statements)
    for s in statements:
        for k in ("org", "pronoun", "anonymous"):
            s.pop(k, None)
    return statements


def rule_statements(doc: Doc) -> list[dict]:
    """The rule-based sentence extractor's statements for a whole Doc (news path only): the
    proposals the attribution tagger reads as features."""
    text = doc_text(doc)
    try:
        return _news_statements(doc, text, paragraph_starts(text))
    finally:
        doc.user_data.pop("stca_ents", None)


# doc.user_data: the rules' statements of the tagger's pass (stca_attribution keeps them there,
# stca_quotes reads them and takes them off: user_data goes into Doc.to_bytes), so the rules run
# once per Doc
RULES_KEY = "stca_rule_statements"


def _rules_of(doc: Doc, text: str, starts: list[int]) -> list[dict]:
    """The rules' statements: those the tagger's pass kept on the Doc, else computed now."""
    kept = doc.user_data.get(RULES_KEY)
    return [dict(s) for s in kept] if kept is not None else _news_statements(doc, text, starts)


def _doc_resolver(doc: Doc) -> spk.Resolver:
    """A Resolver that knows the document's people, organisations and their titles."""
    resolver = spk.Resolver()
    for ent in _ents(doc):
        if ent.label_ == "ORG":
            resolver.learn_org(ent.text)
        if ent.label_ == "PERSON":
            honor = doc[ent.start - 1].text if ent.start > 0 else ""
            resolver.learn(ent.text, spk.gender_of(honor + " " + ent.text))
            resolver.learn(resolver.canonical(ent.text), spk.gender_of(honor + " " + ent.text))
            _learn_title(doc, ent, resolver)
    return resolver


def _content_kind(in_quote: list[bool], span) -> str:
    inside = [in_quote[t.i] for t in span if not t.is_punct]
    if inside and all(inside):
        return "direct"
    return "mixed" if any(inside) else "indirect"


def _model_statements(doc: Doc, text: str, starts: list[int], merge: bool = False,
                      own_only: bool = False) -> list[dict]:
    """Statements from the tagger's attributions (``doc._.attributions``): the source span is
    described and resolved like a rule subject; a continuation takes the previous speaker; with
    ``merge`` a cue's content pieces are one statement (PolNeAR's convention), else one each.

    ``own_only`` (the rules+model decoder's additions) keeps only what the tagger found on its
    own: no attribution a rule statement backs (the rules read it, and their reading stands whole:
    its other pieces are the rules' rejections), and nothing in a heading line (guideline rule 3).
    7 Dec 2026, same artefact, the gathered labels of set A (read since): 0.568 -> 0.597; PolNeAR
    dev (scored only), STCA dev and corpus CV unchanged (0.700 / 0.801, 0.878, 0.871)."""
    resolver = _doc_resolver(doc)
    people = DocumentPeople.of(doc)
    lex = spk.lexicon()
    in_quote = [False] * len(doc)
    for q in quote_spans(text):
        span = doc.char_span(q.open, min(len(text), q.close + 1), alignment_mode="expand")
        for t in span or ():
            in_quote[t.i] = True
    mentions = [t for t in doc if t.dep_ == "nsubj" and t.ent_type_ == "PERSON" and not in_quote[t.i]]
    out, prev, m = [], None, 0
    for att in doc._.attributions:
        anchor = (att["cue"] or att["contents"][0])[0]
        while m < len(mentions) and mentions[m].idx < anchor:
            ent = ent_at(doc, mentions[m].i)
            if ent is not None:
                resolver.said(resolver.canonical(ent.text), spk.gender_of(ent.text))
            m += 1
        who = None
        if att["source"] is not None:
            src = doc.char_span(*att["source"], alignment_mode="expand")
            if src is not None and "\n" not in src.text:  # a source across lines is page chrome
                who = describe_speaker(_source_head(src), resolver, people)
                if who is not None:
                    resolver.fill_role(who)
        elif att.get("continues") and prev is not None:
            who = prev
        if att.get("rule_speaker") and att["rule_speaker"].get("speaker"):
            who = dict(att["rule_speaker"])  # the rules resolved this content's speaker
        if not who or not who.get("speaker") or not _can_speak(who["speaker"], lex):
            continue  # who said it is the point of a statement; numbers and laws do not speak
        pieces = [tuple(c) for c in att["contents"]]
        if merge or len(pieces) == 1:
            pieces = [(pieces[0][0], pieces[-1][1])]
        if own_only and att.get("rule_speaker"):
            pieces = []  # the speaker still counts as the last one named (resolution below)
        for a, b in pieces:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is None or b - a < 2 or (own_only and _in_heading(text, a)):
                continue
            kind = _content_kind(in_quote, span)
            if att.get("continues") and not att.get("rule_speaker") and kind != "direct":
                continue  # only a quotation runs on into the next paragraph
            st = _statement(who, kind, text, a, b, starts)
            st["confidence"] = att.get("confidence")
            out.append(st)
        prev = who
        if not who.get("pronoun"):
            resolver.said(who["speaker"], org=who.get("org", False))
    _link_anonymous(out)
    for s in out:
        for k in ("org", "pronoun", "anonymous"):
            s.pop(k, None)
    return out


def _headline(text: str) -> tuple[int, int] | None:
    """(start, end) of the document's headline: its first line when more text follows and the
    line does not end as a sentence does ("‘Canada cannot turn a blind eye’: Federal court says
    Safe Third Country Agreement with U.S. violates charter"); a headline holds no statement
    (guideline rule 3), not even one quoted or reported in it. None when the first line is prose."""
    m = re.search(r"[^\n]*\S[^\n]*", text)
    if m is None or not text[m.end():].strip():
        return None
    line = m.group(0).strip()
    if len(line.split()) > 30 or re.search(r"[.!?…:;,\"”»’)]$", line):
        return None
    return m.start(), m.end()


def _in_heading(text: str, at: int) -> bool:
    """Whether the line holding offset ``at`` is a title or rubric (structure.is_heading)."""
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    return structure.is_heading(text[lo:hi if hi >= 0 else len(text)])


def _source_head(src):
    """The token naming a source span: its root, or for a relative clause tagged as the source
    ("The Safe Third Country Agreement, which came into effect in 2004, recognizes ...") the noun
    the clause modifies; a verb never names a speaker itself."""
    root = src.root
    if root.pos_ not in ("VERB", "AUX"):
        return root
    if root.dep_ == "relcl" and root.head.i < root.i:
        return root.head
    rel = next((t for t in src if t.tag_ in ("WDT", "WP") and t.head == root), None)
    if rel is not None and root.dep_ == "relcl":
        return root.head
    return root


def _can_speak(speaker: str, lex: dict) -> bool:
    """Not a data noun ("the figures", "the report") nor a law or agreement."""
    words = spk._tokens(speaker)
    return bool(words) and "\n" not in speaker and not (set(words) & lex["data_nouns"] or _is_document(speaker))


def _is_document(speaker: str) -> bool:
    """A law or agreement as the speaker ("the Safe Third Country Agreement", "Section 7 of the
    Charter"), but not people named by one ("Opponents of the treaty", "critics of the law")."""
    docs = word_set("document_nouns")
    words = spk._tokens(speaker)
    head = spk._tokens(re.split(r"\s+(?:of|for|to|against|on|in)\s+", speaker)[0])
    if head and head[-1] in docs:
        return True
    return bool(words) and words[-1] in docs and not (head and head[-1].endswith("s") and len(head[-1]) > 3)


def _outermost(statements: list[dict]) -> list[dict]:
    """A cue inside what an earlier cue reports is part of that report ("Trump said experts
    say it would shape tax law" is Trump's claim): only the outer statement stands."""
    outer = [(s["cue_at"], s["start"], s["end"]) for s in statements
             if s["kind"] in ("indirect", "mixed") and s.get("cue_at") is not None]
    out = [s for s in statements if s.get("cue_at") is None
           or not any(c < s["cue_at"] and a <= s["cue_at"] < b for c, a, b in outer)]
    for s in out:
        s.pop("cue_at", None)
    return out


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
        if verb.dep_ == "advcl" and any(c.tag_ == "TO" for c in verb.children):
            return []  # "went on the road to understand how ...": a purpose, not a held belief
        # beliefs count only with a clause ("they fear the border will close"), not "wants X"
        finite = [c for c in verb.children if c.dep_ == "ccomp" and
                  any(g.dep_ == "nsubj" for g in c.children) and not any(g.tag_ == "TO" for g in c.children)]
        if not finite and lemma in word_set("intent_verbs") and who.get("speaker") and not who.get("anonymous"):
            finite = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.i > verb.i
                      and any(g.tag_ == "TO" for g in c.children)]  # "Clinton wants to ..."
        if not finite or (verb.dep_ == "ccomp" and negated(verb.head)):
            return []
    span = content_tokens(verb, lemma)
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


def _orphans(doc, text, quotes, claimed, statements, starts, resolver, people=None) -> list[dict]:
    """Quote-only sentences and paragraphs: a following "Name, Title" line names the speaker,
    else they continue the latest statement in the same or the previous paragraph, unless a
    different person is introduced between that statement and the quote."""
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
            if people is not None and _someone_else_between(doc, people, last, q.open):
                continue
            who = {k2: last[k2] for k2 in ("speaker", "speaker_role", "speaker_party")}
            who["anonymous"] = last.get("anonymous", False)
        out.append(_statement(who, "direct", text, q.start, q.end, starts))
        out[-1]["inherited"] = True
    return out


def _someone_else_between(doc, people: DocumentPeople, last: dict, pos: int) -> bool:
    """A person other than ``last``'s speaker is named, outside quotes, between the end of ``last``
    and ``pos``: the next quote-only paragraph is not ``last``'s continuation."""
    span = doc.char_span(last["end"], pos, alignment_mode="contract")
    if span is None:
        return False
    speaker = spk.name_key(last["speaker"] or "")
    new_paragraph = "\n" in span.text
    cue = _token_at(doc, last.get("cue_at"))  # None for a statement without a cue (a byline, a label)
    own = {doc[i].sent.start for i in (span.start - 1, None if cue is None else min(len(doc) - 1, cue))
           if i is not None and i >= 0}  # the statement's and its cue's sentences do not count
    for c, m in people.mentions_in(span.start, span.end):
        if c.org or m.in_quote or m.kind != "name" or spk.name_key(c.name) == speaker:
            continue
        if doc[m.start].sent.start in own:
            continue
        if new_paragraph or m.subject:
            return True
    return False


def _token_at(doc, char: int | None) -> int | None:
    if char is None:
        return None
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else None


LABEL_RE = re.compile(r"^[ \t]*[\"“]?(?P<who>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[ \t]*:[ \t]+"
                      r"(?P<body>\S[^\n]*)$", re.M)


def _label_lines(doc, text, statements, starts, resolver) -> tuple[list[dict], list[int]]:
    """'PENCE: Well, ...' lines of an interview transcript inside an article (at least two distinct
    capitalised labels, one naming a person of the document) and 'Pat Caddell: ...' headlines (the
    label is exactly a person or organisation entity): the label speaks the line. Returns the
    statements and the transcript label offsets (a statement spanning one is a misread quote)."""
    hits = [m for m in LABEL_RE.finditer(text) if len(m["body"].split()) >= 4]
    caps = [m for m in hits if m["who"].isupper() and len(m["who"]) >= 3]
    known = [m for m in caps if spk.surname(m["who"].title()) in resolver.full_names]
    if len({m["who"] for m in caps}) < 2 or not known:
        caps = []
    covered = [(st["start"], st["end"]) for st in statements]
    out = []
    for m in hits:
        if m in caps:
            name = resolver.canonical(m["who"].title())
        elif m["who"].isupper() or any(a <= m.start("body") and m.end("body") <= b + 1 for a, b in covered):
            continue
        else:
            span = doc.char_span(m.start("who"), m.end("who"))
            ents = [e for e in _ents(doc) if span is not None and e.start == span.start and e.end == span.end]
            if not ents or ents[0].label_ not in ("PERSON", "ORG"):
                continue
            name = resolver.canonical(ents[0].text) if ents[0].label_ == "PERSON" else ents[0].text
        a, b = m.start("body"), len(text[:m.end("body")].rstrip())
        if b - a >= 2 and text[b - 1] in "\"”" and text[a:b - 1].count("\"") + text[a:b - 1].count("”") == 0:
            b -= 1  # the transcript's closing mark
        out.append(_statement({"speaker": name, "speaker_role": None, "speaker_party": None},
                              "direct", text, a, b, starts))
    return out, [m.start("who") for m in caps]


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
            head_noun = (spk._tokens(s.get("speaker_role") or "") or [""])[-1]
            title = spk._tokens(t.get("speaker_role") or "")
            if spk.name_key(t["speaker"]) in earlier or (title and not (len(title) <= 2 and head_noun in title)):
                break  # someone else ("said Jane Doe, a lawyer" after "a spokesperson"); the same
                #        title before the name ("A Federal Court justice" ... "Justice Jane Doe") links
            if len(spk.name_key(t["speaker"]).split()) >= 2:
                role = s["speaker_role"]
                for u in statements:
                    if u.get("anonymous") and u["speaker"] == s["speaker"]:
                        u.update(speaker=t["speaker"], speaker_role=role, anonymous=False)
                t["speaker_role"] = t["speaker_role"] or role
            break


@Language.factory("stca_quotes", default_config={"merge_continuations": False, "use_structure": True,
                                                 "decoder": "rules+model"})
def make_quotes(nlp: Language, name: str, merge_continuations: bool, use_structure: bool, decoder: str):
    """Factory: a component writing ``doc._.statements``."""
    install_extensions()
    if decoder not in DECODERS:
        raise ValueError(f"stca_quotes: decoder {decoder!r} is not one of {DECODERS}")
    return QuotesComponent(merge_continuations, use_structure, decoder)


class QuotesComponent:
    def __init__(self, merge_continuations: bool = False, use_structure: bool = True,
                 decoder: str = "rules+model"):
        self.merge_continuations = merge_continuations
        self.use_structure = use_structure
        self.decoder = decoder

    def __call__(self, doc: Doc) -> Doc:
        if doc._.meta is None:
            doc._.meta = {}
        try:
            statements = find_statements(doc, self.merge_continuations, self.use_structure, self.decoder)
        finally:
            doc.user_data.pop(RULES_KEY, None)
        for s in statements:
            s.pop("inherited", None)
        doc._.statements = statements
        return doc
