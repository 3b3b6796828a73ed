"""French attribution for stca_quotes: who said what in a French news text, release or speech.

stca_quotes (``find_statements``: single speeches and the structure stage first) calls
``sentence_statements_fr`` for the sentences of documents whose ``doc.lang_`` is "fr" (the
fr_core_news_sm pipeline of nlp.model.load_nlp(lang="fr")). The statements have the English
shape (../shared/eval/SCHEMA.md); stance is "none" (French stance is not built yet).

Rules, over the French parse (subjects ``nsubj`` / ``nsubj:pass``), its entities (PER, ORG) and
the token sequence (the small model parses inversions poorly, so those are read positionally):
* quotations: « ... » (nested “ ” and inner non-breaking spaces allowed), “ ... ” and "...";
  a quotation left open at a paragraph end continues when the next paragraph re-opens with a mark;
* inverted incises after the content: "», a déclaré Marc Miller.", "», a-t-il ajouté",
  "», estime la ministre", "..., explique une source": the words after the verb (or the
  "-t-il" clitic) are the speaker, the sentence before the comma the content (direct when it is
  one quotation, mixed when partly quoted, else indirect); an incise inside a quotation
  ("« A, a reconnu M. Blanchet. B »") gives the whole quotation to its speaker;
* preposed cues: "Legault a déclaré : « ... »" (direct), "X a affirmé que ..." (indirect: the
  clause after "que"), "X a dit « ... »"; a quotation after a colon whose sentence has a person
  or organisation as subject ("X se dit satisfait : « ... »") is that subject's;
* "selon X" / "d'après X" before or after a clause or a quotation;
* quote-only sentences and paragraphs continue the latest speaker of that or the previous
  paragraph;
* speakers: il / elle / ce dernier / cette dernière are the latest person of that gender who
  spoke or was a subject; "le premier ministre" without a name is the person of the document
  with that title (else the latest person); titles before or after a name are the role;
  "M." / "Mme" / "L'honorable" are dropped from names.
The cue verbs are nlp/data/quote_verbs_fr.txt; titles, source and group nouns are
nlp/data/speaker_nouns_fr.txt; honorifics are knowledge/data/honorifics.yaml (fr).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from spacy.tokens import Doc

import knowledge
from . import speakers as spk
from .court_findings import court_at
from .quote_spans import QuoteSpan, paragraph_of, paragraph_starts, title_line

DATA = Path(__file__).resolve().parent / "data"
SPEECH_DEFAULTS = {"stance": "none", "stance_score": 0.0}
NARROW_SPACES = "\u00a0\u202f\u2009"

DETERMINERS = {"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "au", "aux", "ce", "cet",
               "cette", "ces", "sa", "son", "ses", "leur", "leurs", "notre", "nos", "votre", "vos",
               "mon", "ma", "mes"}
INDEFINITE = {"un", "une", "des", "d'autres", "plusieurs", "certains", "certaines"}
AUX_WORDS = {"a", "ont", "avait", "avaient", "aurait", "auraient", "aura", "auront", "est", "sont",
             "était", "étaient", "s'", "s’", "se", "n'", "ne", "y", "l'", "l’", "lui", "leur", "en"}
CLITIC_SUBJECTS = {"-il": "he", "-elle": "she", "-ils": "they", "-elles": "they", "-on": None,
                   "-t-il": "he", "-t-elle": "she", "-t-on": None, "-t-ils": "they",
                   "-t-elles": "they"}
PRONOUN_SUBJECTS = {"il": "he", "elle": "she", "ils": "they", "elles": "they"}
STRESSED_PRONOUNS = {"lui": "he", "elle": "she", "eux": "they", "elles": "they"}
# the credit line of a pull quote (Radio-Canada): "Une citation de NAME, ROLE"
PULL_QUOTE_CREDIT = re.compile(r"Une citation de\s+([^,]+?)\s*(?:,.*)?$")
POSSESSIVE_EYES = {"ses", "leurs"}  # "à ses yeux" (his or hers), "à leurs yeux" (theirs)
DEMONSTRATIVES = {("ce", "dernier"): "he", ("cette", "dernière"): "she",
                  ("celui-ci",): "he", ("celle-ci",): "she"}
NON_SPEAKERS = {"je", "j'", "nous", "vous", "tu", "on", "cela", "ça", "ce", "c'", "qui", "que"}
CALENDAR_WORDS = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier",
                  "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                  "octobre", "novembre", "décembre", "hier", "aujourd'hui", "demain"}
OBLIQUE_PREPOSITIONS = {"à", "au", "aux", "de", "du", "des", "d'", "d’", "pour", "avec", "contre",
                        "chez", "envers", "sans", "entre"}
REFUSAL_LEMMAS = {"refuser", "décliner", "éviter", "nier", "hésiter"}
NEGATIONS = {"pas", "jamais", "guère", "aucunement", "nullement"}
TIME_WORDS = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
              "aujourd'hui", "aujourd’hui", "demain", "également", "aussi", "encore", "toutefois",
              "cependant", "d'ailleurs", "d’ailleurs", "ensuite", "enfin", "alors", "plus", "tard",
              "pour", "sa", "part", "de", "son", "côté", "notamment", "récemment", "mardi", "soir",
              "matin", "tout", "même", "fermement", "clairement", "simplement", "vivement"}
NP_STOP = {",", ".", ";", ":", "!", "?", "(", ")", "—", "–", "«", "»", "“", "”", '"', "lors",
           "en", "dans", "devant", "pendant", "sur", "par", "après", "avant", "durant", "depuis",
           "qui", "que", "qu'", "lorsque", "alors", "mais", "et", "ou", "car", "tandis",
           "jeudi", "mardi", "lundi", "mercredi", "vendredi", "samedi", "dimanche", "hier",
           "aujourd'hui", "aujourd’hui", "à", "au", "aux", "avec", "pour", "lorsqu'", "ce",
           "cette", "afin", "assurant", "ajoutant", "soulignant", "précisant", "expliquant"}


# --- lexicon -------------------------------------------------------------------------------

def _sections(path: Path) -> dict[str, list[str]]:
    out, section = {}, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = out.setdefault(line[1:-1], [])
            continue
        if section is not None:
            section.append(line)
    return out


# prefixes a title takes and stays a title (nlp/data/speaker_nouns_fr.txt lists the bare titles)
TITLE_PREFIXES = ("co-", "vice-", "ex-", "sous-")


def _forms(lemma: str) -> set[str]:
    """Regular present / imperfect / participle forms of a first- or second-group verb."""
    if lemma.endswith("er"):
        stem = lemma[:-2]
        return {stem + s for s in ("e", "es", "ent", "ons", "ez", "é", "ée", "és", "ées", "ait",
                                   "aient", "ais", "a", "ant", "era", "erait", "eront", "èrent")}
    if lemma.endswith("ir"):
        stem = lemma[:-2]
        return {stem + s for s in ("it", "is", "issent", "issait", "issaient", "i", "ie", "issant")}
    return set()


@functools.lru_cache(maxsize=1)
def lexicon_fr() -> dict:
    """The French cue and name lexicons (nlp/data/quote_verbs_fr.txt, speaker_nouns_fr.txt;
    honorifics from knowledge/data/honorifics.yaml)."""
    verbs = _sections(DATA / "quote_verbs_fr.txt")
    forms, kinds = {}, {}
    infinitive = set()
    for kind in ("reporting", "belief", "infinitive"):
        for line in verbs.get(kind, []):
            head, _, extra = line.partition("|")
            lemma = re.sub(r"^(?:se |s['’])", "", head.strip())
            if kind == "infinitive":  # a verb of its own kind too: reporting unless listed above
                infinitive.add(lemma)
            kinds[lemma] = kinds.get(lemma, "reporting") if kind == "infinitive" else kind
            for form in _forms(lemma) | set(extra.split()) | {lemma}:
                forms.setdefault(form, lemma)
    multi = {}
    for line in verbs.get("multiword", []):
        first, second = line.split(None, 1)
        multi.setdefault(first, set()).add(second.strip())
    names = _sections(DATA / "speaker_nouns_fr.txt")

    def gendered(section):
        out = {}
        for line in names.get(section, []):
            word, _, gender = line.partition("|")
            out[word.strip()] = gender.strip() or None
        return out

    titles = gendered("titles")
    for title, gender in list(titles.items()):  # "la co-porte-parole", "le vice-président", "l'ex-ministre"
        for prefix in TITLE_PREFIXES:
            titles.setdefault(prefix + title, gender)
    return {"forms": forms, "kinds": kinds, "multiword": multi, "infinitive": infinitive,
            "nominal": set(verbs.get("nominal", [])),
            "prepositions": set(verbs.get("preposition", [])),
            "honorifics": knowledge.honorifics_fr(), "titles": titles,
            "sources": set(names.get("sources", [])), "groups": set(names.get("groups", []))}


def split_narrow_spaces(nlp) -> None:
    """French typography puts (narrow) non-breaking spaces inside « » and before : ; ? !; the
    tokenizer would glue them to words ("priorité\u00a0"), so they become tokens of their own."""
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    extra = [f"[{NARROW_SPACES}]"]
    tok = nlp.tokenizer
    tok.prefix_search = compile_prefix_regex(list(nlp.Defaults.prefixes) + extra).search
    tok.suffix_search = compile_suffix_regex(list(nlp.Defaults.suffixes) + extra).search
    tok.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + extra).finditer


# --- text structure -------------------------------------------------------------------------

def _opens_straight(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in " \t\n([{—–-/" + NARROW_SPACES


def find_quote_spans_fr(text: str) -> list[QuoteSpan]:
    """Quotations of a French text: « » (nesting counted, inner “ ” / "..." ignored), “ ” and
    straight quotes. An open quotation at a paragraph end continues when the next paragraph
    starts with a quotation mark (« or “ or " or »), else it ends there."""
    spans, open_at, mark, depth, i, n = [], None, None, 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n" and open_at is not None:
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j] in "«“\"»":
                i = j + 1
                continue
            spans.append(QuoteSpan(open_at, i, False))
            open_at = None
        elif open_at is None:
            if c == "«":
                open_at, mark, depth = i, "«", 1
            elif c == "“" or (c == '"' and _opens_straight(text, i)):
                open_at, mark = i, c
        elif mark == "«":
            depth += {"«": 1, "»": -1}.get(c, 0)
            if depth == 0:
                spans.append(QuoteSpan(open_at, i, True))
                open_at = None
        elif (mark == "“" and c == "”") or (mark == '"' and c == '"'):
            spans.append(QuoteSpan(open_at, i, True))
            open_at = None
        i += 1
    if open_at is not None:
        spans.append(QuoteSpan(open_at, n, False))
    return [s for s in spans if text[s.start:s.end].strip()]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """[a, b) without surrounding blanks and dangling punctuation."""
    while a < b and (text[a].isspace() or text[a] in ",;–—-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:–—-"):
        b -= 1
    return a, b


ABBREV_RE = re.compile(r"(?:\b[A-ZÉ]|\bMme|\bMM|\bDr|\bMe|\bSt|\bp|\betc)\.$")


def _sentences(text: str, quotes: list[QuoteSpan]) -> list[tuple[int, int]]:
    """Sentence bounds (paragraph-bounded; never split inside a quotation or after "M.")."""
    inside = [(q.open, q.close) for q in quotes]
    out = []
    for m in re.finditer(r"[^\n]+", text):
        lo = m.start()
        for e in re.finditer(r"[.?!…]+[»”\"]?(?=[ \t" + NARROW_SPACES + r"]+[«“\"(\-–—A-ZÀ-ÖØ-Þ0-9])", m.group()):
            pos = m.start() + e.end()
            if any(a < pos - 1 < b for a, b in inside) or ABBREV_RE.search(text[lo:m.start() + e.start() + 1]):
                continue
            out.append((lo, pos))
            lo = pos
        out.append((lo, m.end()))
    return out


# --- speakers ------------------------------------------------------------------------------

def strip_honorifics_fr(name: str) -> tuple[str, str | None]:
    """("Legault", "m") from "M. Legault"; leading honorifics removed, gender from the first."""
    honor = lexicon_fr()["honorifics"]
    gender = None
    parts = name.replace("’", "'").split()
    while len(parts) > 1:
        low = parts[0].lower()
        if low.startswith("l'") and low[2:] in honor:
            low = low[2:]
        if low not in honor and low.rstrip(".") not in honor:
            break
        gender = gender or honor.get(low) or honor.get(low.rstrip("."))
        parts = parts[1:]
    return " ".join(parts).strip(" ,;:."), gender


class Context:
    """Per-document state: the speaker resolver, the titles people hold, who spoke last."""

    def __init__(self, doc):
        self.doc = doc
        self.resolver = spk.Resolver()
        self.titles: dict[str, set[str]] = {}
        self.ents = list(doc.ents)
        self.ent_index = [None] * len(doc)
        for e in self.ents:
            for i in range(e.start, e.end):
                self.ent_index[i] = e

    def learn_person(self, ent, gender=None, title=None) -> str:
        name, g = strip_honorifics_fr(ent.text)
        words = name.split()
        while len(words) > 1 and _title_of([words[0].lower()])[0] and words[0][:1].islower():
            words = words[1:]  # "ministre Fréchette" tagged as one person: the title is no name
        name = " ".join(words)
        gender = gender or g
        canon = self.resolver.canonical(name)
        self.resolver.learn(canon, gender)
        if title:
            self.titles.setdefault(spk.name_key(canon), set()).add(title)
        return canon

    def said(self, name: str, gender=None, org=False) -> None:
        self.resolver.said(name, gender, org)

    def person_with_title(self, title: str, gender) -> str | None:
        """The latest person who spoke or was named holding ``title`` (else the latest person
        of a compatible gender)."""
        seen = set()
        for person in reversed(self.resolver.history):
            key = spk.name_key(person.name)
            if person.org or key in seen:
                continue
            seen.add(key)
            if title in self.titles.get(key, ()):
                return person.name
        for person in reversed(self.resolver.history):
            g = person.gender or self.resolver.genders.get(spk.name_key(person.name))
            if not person.org and (gender is None or g in (None, gender)):
                return person.name
        return None


def _is_honorific(word: str) -> bool:
    """"m.", "mme", "monsieur": the lower-case word, with or without its full stop."""
    honorifics = lexicon_fr()["honorifics"]
    return word in honorifics or word.rstrip(".") in honorifics


def _title_of(words: list[str]) -> tuple[str | None, str | None]:
    """The longest title at the start of ``words`` (after determiners): (title, gender)."""
    titles = lexicon_fr()["titles"]
    for size in (3, 2, 1):
        phrase = " ".join(words[:size])
        if phrase in titles:
            return phrase, titles[phrase]
    return None, None


def _gender_of_det(det: str | None) -> str | None:
    return {"le": "m", "du": "m", "au": "m", "ce": "m", "cet": "m", "la": "f", "cette": "f"}.get(det or "")


def _np_words(toks) -> tuple[str | None, list]:
    """(leading determiner, the remaining tokens)."""
    toks = [t for t in toks if not t.is_space]
    det = None
    if toks and toks[0].lower_ in DETERMINERS | INDEFINITE:
        det = toks[0].lower_.replace("’", "'")
        toks = toks[1:]
    return det, toks


def _name_hyphen(doc, k: int) -> bool:
    """doc[k] is the hyphen inside a name ("France-Isabelle", "Brunelle-Duceppe")."""
    return (doc[k].text == "-" and 0 < k < len(doc) - 1 and doc[k - 1].text[:1].isupper()
            and doc[k + 1].text[:1].isupper() and not doc[k - 1].whitespace_)


def _name_then_title(ctx: Context, toks) -> dict | None:
    """"France-Isabelle Langlois, directrice générale d'Amnistie internationale ...": capitalised
    words, a comma, then a title; the name speaks whatever its entity label (the title's
    organisation is no speaker), the title is the role. None for any other phrase."""
    doc = ctx.doc
    comma = next((n for n, t in enumerate(toks) if t.text == ","), None)
    if comma is None or comma < 2 or not all(t.text[:1].isupper() or _name_hyphen(doc, t.i) for t in toks[:comma]):
        return None
    det, words = _np_words(toks[comma + 1:])
    title, tgender = _title_of([t.lower_ for t in words])
    if not words or not title:
        return None
    name, gender = strip_honorifics_fr(doc[toks[0].i:toks[comma - 1].i + 1].text)
    name = ctx.resolver.canonical(name)
    gender = gender or tgender
    ctx.resolver.learn(name, gender)
    ctx.titles.setdefault(spk.name_key(name), set()).add(title)
    role = doc[words[0].i:words[-1].i + 1].text
    return {"speaker": name, "speaker_role": role, "speaker_party": spk.find_party(role), "org": False,
            "gender": gender}


def _title_then_name_phrase(ctx: Context, toks) -> dict | None:
    """"la députée fédérale de Repentigny, Monique Pauzé": a title and its complement, a comma,
    then the capitalised words that close the phrase; the name speaks, the title is the role."""
    doc = ctx.doc
    det, words = _np_words(toks)
    comma = next((n for n, t in enumerate(words) if t.text == ","), None)
    if comma is None or not _title_of([t.lower_ for t in words])[0]:
        return None
    tail = [t for t in words[comma + 1:] if t.text != ","]
    if not 2 <= len(tail) <= 5 or not all(t.text[:1].isupper() or _name_hyphen(doc, t.i) for t in tail):
        return None
    title, gender = _title_of([t.lower_ for t in words])
    name, hgender = strip_honorifics_fr(doc[tail[0].i:tail[-1].i + 1].text)
    name = ctx.resolver.canonical(name)
    gender = gender or hgender or _gender_of_det(det)
    ctx.resolver.learn(name, gender)
    ctx.titles.setdefault(spk.name_key(name), set()).add(title)
    role = doc[words[0].i:words[comma].i].text
    return {"speaker": name, "speaker_role": role, "speaker_party": spk.find_party(role), "org": False,
            "gender": gender}


def describe(ctx: Context, lo: int, hi: int) -> dict | None:
    """Speaker name / role / party of the noun phrase doc[lo:hi], or None when it cannot speak."""
    doc, lex = ctx.doc, lexicon_fr()
    toks = [t for t in doc[lo:hi] if not t.is_space]
    while toks and (toks[-1].is_punct or toks[-1].lower_ in ("et", "ou")):
        toks = toks[:-1]
    while toks and toks[0].is_punct:
        toks = toks[1:]
    if not toks:
        return None
    first = toks[0].lower_
    if first in CLITIC_SUBJECTS or first in PRONOUN_SUBJECTS or (first in STRESSED_PRONOUNS and len(toks) == 1):
        word = CLITIC_SUBJECTS.get(first) or PRONOUN_SUBJECTS.get(first) or STRESSED_PRONOUNS.get(first)
        return _pronoun(ctx, word)  # "d'après lui", "pour elle"
    key = tuple(t.lower_ for t in toks[:2])
    if len(toks) == 2 and first in POSSESSIVE_EYES and toks[1].lower_ == "yeux":
        if first == "leurs":
            return _pronoun(ctx, "they")
        person = next((p for p in reversed(ctx.resolver.history) if not p.org), None)  # "à ses yeux": his or hers
        return {"speaker": person.name, "speaker_role": None, "speaker_party": None, "org": False,
                "pronoun": True, "gender": person.gender} if person else None
    for form, word in DEMONSTRATIVES.items():
        if key[:len(form)] == form:
            return _pronoun(ctx, word)
    if first in NON_SPEAKERS and len(toks) == 1:
        return None
    named = _name_then_title(ctx, toks) or _title_then_name_phrase(ctx, toks)
    if named is not None:
        return named
    ent = next((ctx.ent_index[t.i] for t in toks if ctx.ent_index[t.i] is not None
                and ctx.ent_index[t.i].label_ in ("PER", "ORG")), None)
    honored = _honorific_name(doc, toks)
    if honored is not None and (ent is None or ent.label_ != "PER"):
        ent = honored  # "monsieur Blanchet" (NER: LOC), "Mme Joly"
    if ent is not None and ent.label_ == "ORG" and any(
            ctx.ent_index[t.i] is not None and ctx.ent_index[t.i].label_ == "PER" for t in toks):
        ent = next(ctx.ent_index[t.i] for t in toks if ctx.ent_index[t.i] is not None
                   and ctx.ent_index[t.i].label_ == "PER")
    det, words = _np_words(toks)
    if ent is not None and ent.label_ == "ORG" and words and _title_of([t.lower_ for t in words])[0] \
            and words[0].i < ent.start:
        ent = None  # "le ministre de l'Immigration": the organisation is the title's complement
    if ent is not None and ent.label_ == "ORG" and len(ent) > 1 and ent[0].text[:1].islower() \
            and _title_of([ent[0].lower_])[0] and all(t.text[:1].isupper() for t in ent[1:]):
        ent = None  # "le ministre Hussen" tagged ORG: a title and a name (below)
    if ent is not None:
        pre = [t for t in words if t.i < ent.start]
        post = [t for t in toks if t.i >= ent.end]
        while post and (post[0].is_punct or post[0].is_space):
            post = post[1:]
        pre_words = [t.lower_ for t in pre if not _is_honorific(t.lower_)]
        title, tgender = _title_of(pre_words)
        post_det, post_words = _np_words(post)
        ptitle, pgender = _title_of([t.lower_ for t in post_words])
        role_pre = doc[pre[0].i:pre[-1].i + 1].text if pre and pre_words else None
        if role_pre:
            role_pre, _ = strip_honorifics_fr(role_pre + " X")
            role_pre = role_pre[:-1].strip() or None
        role_post = doc[post_words[0].i:post_words[-1].i + 1].text if post_words and ptitle else None
        role = role_pre if title else (role_post or role_pre)
        role = role.strip(" ,;:–—") or None if role else None
        party = spk.find_party(" ".join(x for x in (role_pre, role_post) if x))
        if ent.label_ == "ORG":
            name = re.sub(r"^(?:le|la|les|l['’])\s*", "", ent.text, flags=re.I)
            return {"speaker": name, "speaker_role": None, "speaker_party": spk.find_party(name),
                    "org": True}
        gender = tgender or pgender or (_gender_of_det(det) if title else None)
        name = ctx.learn_person(ent, gender, title or ptitle)
        return {"speaker": name, "speaker_role": role, "speaker_party": party, "org": False,
                "gender": gender or ctx.resolver.genders.get(spk.name_key(name))}
    lows = [t.lower_ for t in words]
    title, tgender = _title_of(lows)
    text = doc[words[0].i:words[-1].i + 1].text if words else ""
    if lows and (lows[0] in lex["sources"] or (len(lows) > 1 and lows[1] in lex["sources"])):
        return {"speaker": doc[toks[0].i:toks[-1].i + 1].text, "speaker_role": None,
                "speaker_party": None, "org": False, "anonymous": True}
    if title:
        if det in INDEFINITE:
            return {"speaker": doc[toks[0].i:toks[-1].i + 1].text, "speaker_role": text,
                    "speaker_party": None, "org": False, "anonymous": True}
        gender = tgender or _gender_of_det(det)
        rest = words[len(title.split()):]
        parts = [t for t in rest if t.text not in ("-", "‑")]  # "Brunelle - Duceppe": the tokenizer splits the hyphen
        if rest and len(parts) <= 3 and rest[0].text[:1].isupper() and rest[-1].text[:1].isupper() and all(
                t.text[:1].isupper() and (t.is_alpha or "-" in t.text) for t in parts):
            # "la ministre Fréchette": the title and the name the parser did not tag
            name = ctx.resolver.canonical(strip_honorifics_fr(doc[rest[0].i:rest[-1].i + 1].text)[0])
            ctx.resolver.learn(name, gender)
            ctx.titles.setdefault(spk.name_key(name), set()).add(title)
            return {"speaker": name, "speaker_role": doc[words[0].i:rest[0].i].text.strip() or title,
                    "speaker_party": spk.find_party(text), "org": False, "gender": gender}
        person = ctx.person_with_title(title, gender)
        if person:
            return {"speaker": person, "speaker_role": text, "speaker_party": spk.find_party(text),
                    "org": False, "gender": gender}
        return {"speaker": text, "speaker_role": text, "speaker_party": spk.find_party(text),
                "org": False, "anonymous": True}
    if lows and lows[0] in lex["groups"]:
        return {"speaker": text, "speaker_role": None, "speaker_party": spk.find_party(text), "org": True}
    if words and words[0].text[:1].isupper() and (spk.is_organisation(text) or spk.find_party(text)):
        # "le Bloc québécois", "Amnistie internationale": a named organisation or party the NER
        # did not tag (its head noun in nlp/data/organisations.txt, or a party's name)
        return {"speaker": text, "speaker_role": None, "speaker_party": spk.find_party(text), "org": True}
    if words and words[0].pos_ == "PROPN" and words[0].text[:1].isupper():
        name, gender = strip_honorifics_fr(text)
        return {"speaker": ctx.resolver.canonical(name), "speaker_role": None, "speaker_party": None,
                "org": False, "gender": gender}
    return None


def _infinitive_after(doc, i: int):
    """The first token of the infinitive clause that "de" / "d'" at ``i`` opens ("de se retirer de
    l'Entente", "d'annuler la décision"; a clitic may come first), else None."""
    if doc[i].lower_ not in ("de", "d'", "d’") or i + 1 >= len(doc):
        return None
    nxt = doc[i + 1]
    verb = doc[i + 2] if nxt.lower_ in ("se", "s'", "s’", "y", "en", "le", "la", "les", "l'", "l’") and i + 2 < len(doc) else nxt
    return nxt if verb.pos_ in ("VERB", "AUX") and "Inf" in verb.morph.get("VerbForm") else None


def _is_title(tok) -> bool:
    titles = lexicon_fr()["titles"]
    return tok.lower_ in titles or tok.lemma_.lower() in titles


def _honorific_name(doc, toks):
    """The span "M. / Mme / monsieur + capitalised words" among ``toks``, else None."""
    honor = lexicon_fr()["honorifics"]
    for n, t in enumerate(toks[:-1]):
        if honor.get(t.lower_) or honor.get(t.lower_.rstrip(".")):
            end = n + 1
            while end < len(toks) and toks[end].text[:1].isupper() and toks[end].is_alpha:
                end += 1
            if end > n + 1:
                return doc[t.i:toks[end - 1].i + 1]
    return None


def _pronoun(ctx: Context, word: str | None) -> dict | None:
    if word is None:
        return None
    name = ctx.resolver.pronoun(word)
    if not name:
        return None
    return {"speaker": name, "speaker_role": None, "speaker_party": None, "org": word == "they",
            "pronoun": True, "gender": {"he": "m", "she": "f"}.get(word)}


# --- cues ----------------------------------------------------------------------------------

def cue_at(doc, i: int) -> tuple[str, int] | None:
    """(lemma, last token index) when doc[i] is a cue verb ("a-t-il déclaré", "fait valoir")."""
    lex = lexicon_fr()
    tok = doc[i]
    if tok.pos_ in ("PROPN", "DET", "ADP", "PUNCT") and tok.lower_ not in lex["forms"]:
        return None
    prev = next((t for t in reversed(doc[max(0, i - 2):i]) if not t.is_space), None)
    if prev is not None and prev.lower_.replace("’", "'") in DETERMINERS:
        return None  # "la demande", "le juge": nouns
    low, lemma = tok.lower_, tok.lemma_.lower()
    if lemma == "faire" or low in ("fait", "fais", "font", "faisait", "faire"):
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and nxt.lemma_.lower() in lex["multiword"].get("faire", ()):
            return "faire " + nxt.lemma_.lower(), i + 1
        if nxt is not None and nxt.lower_ in lex["multiword"].get("faire", ()):
            return "faire " + nxt.lower_, i + 1
        return None
    if tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and low not in lex["forms"]):
        return None
    hit = lex["forms"].get(low) or (lemma if lemma in lex["kinds"] and tok.pos_ in ("VERB", "AUX") else None)
    return (hit, i) if hit else None


def is_preposition_cue(doc, i: int) -> int | None:
    """Index of the last token of "selon" / "d'après" / "aux yeux de" at i, or of a
    sentence-opening "Pour" whose complement is a person followed by a comma ("Pour M. Blanchet,
    ces efforts visent ...", "Pour lui, ..."), else None."""
    low = doc[i].lower_.replace("’", "'")
    if low == "selon" or low == "d'après":
        return i
    if low == "d'" and i + 1 < len(doc) and doc[i + 1].lower_ == "après":
        return i + 1
    if low == "aux" and i + 2 < len(doc) and doc[i + 1].lower_ == "yeux" and doc[i + 2].lower_ in ("de", "du", "d'", "d’", "des"):
        return i + 1
    if low == "à" and i + 2 < len(doc) and doc[i + 1].lower_ in POSSESSIVE_EYES and doc[i + 2].lower_ == "yeux":
        return i  # "À ses yeux, ...": the complement "ses yeux" is the last speaker (describe)
    if low == "pour" and doc[i].text[0] == "P" and (i == 0 or "\n" in doc[i - 1].text or doc[i - 1].text in (".", "!", "?", "»")):
        comma = next((k for k in range(i + 1, min(len(doc), i + 8)) if doc[k].text == ","), None)
        if comma is not None and comma > i + 1:
            words = doc[i + 1:comma]
            if any(t.lower_ in ("lui", "elle", "eux") for t in words) or any(
                    t.ent_type_ == "PER" for t in words) or (words[0].lower_.rstrip(".") in ("m", "mme", "monsieur", "madame")):
                return i
    return None


def _negated(doc, lo: int, v: int) -> bool:
    window = [t.lower_ for t in doc[max(0, lo - 3):v + 2]]
    return ("ne" in window or "n'" in window or "n’" in window) and any(w in NEGATIONS for w in window)


# --- statements ----------------------------------------------------------------------------

def sentence_statements_fr(doc: Doc, text: str, starts: list[int]) -> list[dict]:
    """The sentence-level French statements (after the structure stage found no turns)."""
    return _News(doc, text, starts).run()


class _News:
    def __init__(self, doc, text, starts):
        self.doc, self.text, self.starts = doc, text, starts
        self.quotes = find_quote_spans_fr(text)
        self.sents = _sentences(text, self.quotes)
        self.ctx = Context(doc)
        self.claimed: set[int] = set()
        self.statements: list[dict] = []
        self.in_quote = [None] * len(doc)
        for k, q in enumerate(self.quotes):
            span = doc.char_span(q.open, min(len(text), q.close + 1), alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.in_quote[t.i] = k

    # helpers
    def sentence(self, pos: int) -> tuple[int, int]:
        for a, b in self.sents:
            if a <= pos < b:
                return a, b
        return pos, pos

    def quote_ending_before(self, pos: int) -> int | None:
        """The closed quotation whose closing mark is the last non-blank, non-comma character
        before ``pos``."""
        j = pos
        while j > 0 and (self.text[j - 1].isspace() or self.text[j - 1] in ",("):
            j -= 1
        for k, q in enumerate(self.quotes):
            if q.closed and q.close == j - 1:
                return k
        return None

    def quote_starting_after(self, pos: int, colon: bool = False) -> int | None:
        """The quotation opening right after ``pos`` (blanks, one comma or colon, and with
        ``colon`` one paragraph break allowed)."""
        m = re.match(r"[\s]*[,:]?[\s]*" if colon else r"[ \t" + NARROW_SPACES + r"]*[,:]?[ \t" + NARROW_SPACES + r"]*",
                     self.text[pos:])
        j = pos + m.end()
        if not colon and "\n" in self.text[pos:j]:
            return None
        for k, q in enumerate(self.quotes):
            if q.open == j:
                return k
        return None

    def add(self, who: dict, kind: str, a: int, b: int, inherited: bool = False) -> dict | None:
        a, b = _trim(self.text, a, b)
        if b - a < 3 or len(self.text[a:b].split()) < 2:
            return None
        st = {"speaker": who["speaker"], "speaker_role": who.get("speaker_role"),
              "speaker_party": who.get("speaker_party"), "kind": kind, "text": self.text[a:b],
              "start": a, "end": b, "paragraph": paragraph_of(self.starts, a),
              **SPEECH_DEFAULTS, "_inherited": inherited, "_anonymous": who.get("anonymous", False)}
        self.ctx.resolver.fill_role(st)
        self.statements.append(st)
        if not who.get("anonymous"):
            self.ctx.said(who["speaker"], who.get("gender"), who.get("org", False))
        return st

    def quote_bounds(self, k: int) -> tuple[int, int]:
        q = self.quotes[k]
        return _trim(self.text, q.start, q.end)

    def content(self, who: dict, a: int, b: int) -> None:
        """A stretch of reported text: direct when it is one quotation, mixed when it holds one."""
        a, b = _trim(self.text, a, b)
        while b > a and self.text[b - 1] in ".":
            b -= 1
        inside = [k for k, q in enumerate(self.quotes) if a <= q.open and q.close < b + 1]
        bare = self.text[a:b]
        for k in inside:
            q = self.quotes[k]
            bare = bare.replace(self.text[q.open:q.close + 1], " ")
        if inside and not re.search(r"\w", bare):
            lo, _ = self.quote_bounds(inside[0])
            _, hi = self.quote_bounds(inside[-1])
            self.claimed.update(inside)
            self.add(who, "direct", lo, hi)
            return
        if len(bare.split()) < 3 and not inside:
            return
        self.claimed.update(inside)
        if inside and self.quotes[inside[-1]].close == b - 1:
            b = self.quote_bounds(inside[-1])[1]  # the closing mark stays out (English convention)
        self.add(who, "mixed" if inside else "indirect", a, b)

    # the pass over the document
    def run(self) -> list[dict]:
        doc, ctx = self.doc, self.ctx
        for ent in ctx.ents:  # names and titles first, so surnames and titles resolve
            if ent.label_ == "PER" and ent.text.lower() not in CALENDAR_WORDS:
                self._learn(ent)
        events = []
        i = 0
        while i < len(doc):
            tok = doc[i]
            prep_end = is_preposition_cue(doc, i)
            if prep_end is not None and self.in_quote[i] is None:
                events.append((tok.idx, "prep", (i, prep_end)))
                i = prep_end + 1
                continue
            cue = cue_at(doc, i)
            if cue is not None:
                events.append((tok.idx, "cue", (i, cue)))
                i = cue[1] + 1
                continue
            ent = self.ctx.ent_index[i]
            if ent is not None and ent.label_ == "PER" and i == ent.start and self.in_quote[i] is None:
                events.append((tok.idx, "mention", ent))
            elif tok.lower_ in PRONOUN_SUBJECTS and tok.dep_ == "nsubj" and self.in_quote[i] is None:
                events.append((tok.idx, "subject", i))
            i += 1
        for k, q in enumerate(self.quotes):
            if re.search(r":[\s]*$", self.text[max(0, q.open - 40):q.open]):
                events.append((q.close, "colon", k))  # after incises inside the quotation
        for _, kind, payload in sorted(events, key=lambda e: (e[0], e[1] != "colon")):
            if kind == "mention":
                self._mention(payload)
            elif kind == "subject":
                self._subject(payload)
            elif kind == "prep":
                self._preposition(*payload)
            elif kind == "colon":
                self._colon(payload)
            else:
                self._cue(payload[0], payload[1][0], payload[1][1])
        self._nominal_cues()
        self._orphans()
        self._bylines()
        return self._finish()

    def _learn(self, ent) -> None:
        """A person's gender and title from the words around the name ("la ministre X")."""
        doc = self.doc
        lex = lexicon_fr()
        before = [t.lower_ for t in doc[max(0, ent.start - 4):ent.start]]
        title = gender = None
        for size in (3, 2, 1):
            if len(before) >= size:
                phrase = " ".join(before[-size:])
                if phrase in lex["titles"]:
                    title, gender = phrase, lex["titles"][phrase]
                    det = before[-size - 1] if len(before) > size else None
                    gender = gender or _gender_of_det(det)
                    break
        if before and (lex["honorifics"].get(before[-1]) or lex["honorifics"].get(before[-1].rstrip("."))):
            gender = gender or lex["honorifics"].get(before[-1]) or lex["honorifics"].get(before[-1].rstrip("."))
        after = [t for t in doc[ent.end:ent.end + 4] if not t.is_space]
        if title is None and after and after[0].text == ",":
            words = [t.lower_ for t in after[1:] if t.lower_ not in DETERMINERS]
            title, tgender = _title_of(words)
            gender = gender or tgender
        name = self.ctx.learn_person(ent, gender, title)
        if title:
            self.ctx.resolver.fill_role({"speaker": name, "speaker_role": title, "speaker_party": None})

    def _mention(self, ent) -> None:
        """A named person is the antecedent of a later il / elle unless the name sits in a
        prepositional complement ("une lettre au premier ministre, Justin Trudeau", "les
        intentions de M. Trudeau"); "par l'ambassadeur, David Cohen" (the agent) counts."""
        doc, ctx = self.doc, self.ctx
        lex = lexicon_fr()
        j = ent.start - 1
        while j >= 0 and (doc[j].is_space or doc[j].lower_.rstrip(".") in lex["honorifics"]):
            j -= 1
        if j >= 0 and doc[j].pos_ == "NOUN" and doc[j].text.islower() and not _is_title(doc[j]):
            return  # "le chemin Roxham", "la rue X": a place the NER took for a person
        while j > 0 and doc[j].lower_ in ("et", "ou") and ctx.ent_index[j - 1] is not None \
                and ctx.ent_index[j - 1].label_ == "PER":  # "entre Justin Trudeau et Joe Biden"
            j = ctx.ent_index[j - 1].start - 1
            while j >= 0 and (doc[j].is_space or doc[j].lower_.rstrip(".") in lex["honorifics"]):
                j -= 1
        if j >= 0 and doc[j].text == ",":  # an apposition: find the title it names
            for t in reversed(doc[max(0, j - 9):j]):
                if _is_title(t):
                    j = t.i - 1
                    while j >= 0 and doc[j].pos_ == "ADJ":
                        j -= 1
                    break
        if j >= 0 and doc[j].lower_ in ("le", "la", "l'", "l’", "les"):
            j -= 1
        if j >= 0 and doc[j].lower_ in OBLIQUE_PREPOSITIONS:
            return
        if strip_honorifics_fr(ent.text)[0].lower() in CALENDAR_WORDS:
            return  # "Dimanche, il a transmis": NER takes a sentence-initial day for a name
        name, gender = strip_honorifics_fr(ent.text)
        honor = doc[ent.start - 1].lower_ if ent.start else ""
        gender = gender or lex["honorifics"].get(honor) or lex["honorifics"].get(honor.rstrip("."))
        ctx.said(ctx.resolver.canonical(name), gender)

    def _subject(self, i: int) -> None:
        """A pronoun subject ("il a transmis"): its antecedent stays the latest person."""
        ctx, tok = self.ctx, self.doc[i]
        if tok.pos_ == "PRON":
            name = ctx.resolver.pronoun(PRONOUN_SUBJECTS[tok.lower_])
            if name:
                ctx.said(name)

    def _speaker_after(self, v: int) -> tuple[dict | None, int]:
        """The inverted subject after a cue verb: (speaker, index after the phrase)."""
        doc = self.doc
        j = v + 1
        while j < len(doc) and (doc[j].is_space or doc[j].lower_ in ("-t",)):
            j += 1
        if j < len(doc) and doc[j].lower_ in CLITIC_SUBJECTS:
            return describe(self.ctx, j, j + 1), j + 1
        while j < len(doc) and (doc[j].lower_ in TIME_WORDS or doc[j].ent_type_ == "DATE") and not (
                doc[j].lower_ in DETERMINERS):
            j += 1
        if j >= len(doc) or doc[j].lower_ in NP_STOP - DETERMINERS or doc[j].is_punct:
            return None, j
        k = j
        while k < len(doc) and k - j < 12 and not (doc[k].lower_ in NP_STOP - {"ce", "cette"} and k > j) \
                and not (doc[k].is_punct and not _name_hyphen(doc, k)) and "\n" not in doc[k].text:
            k += 1
        # an apposition after a comma that names a title ("François Crépeau, professeur de droit")
        if k + 1 < len(doc) and doc[k].text == ",":
            det, words = _np_words([t for t in doc[k + 1:k + 4]])
            if words and _title_of([t.lower_ for t in words])[0]:
                e = k + 1
                while e < len(doc) and doc[e].text not in (",", ".", ";", ":", "(", "»", "«") and "\n" not in doc[e].text:
                    e += 1
                return describe(self.ctx, j, e), e
        named = self._title_then_name(j, k)
        if named is not None:
            c, e = named  # a person: the title says so, whatever the entity label of the name
            det, words = _np_words(list(doc[j:c]))
            title, gender = _title_of([t.lower_ for t in words])
            name, honorific_gender = strip_honorifics_fr(doc[c + 1:e].text)
            gender = gender or honorific_gender or _gender_of_det(det)
            name = self.ctx.resolver.canonical(name)
            self.ctx.resolver.learn(name, gender)
            self.ctx.titles.setdefault(spk.name_key(name), set()).add(title)
            role = doc[words[0].i:c].text
            return {"speaker": name, "speaker_role": role, "speaker_party": spk.find_party(role),
                    "org": False, "gender": gender}, e
        return describe(self.ctx, j, k), k

    def _title_then_name(self, j: int, k: int) -> tuple[int, int] | None:
        """The comma and the end of the name that a title phrase at doc[j:k] is in apposition to ("la
        porte-parole du NPD en matière d'immigration, Jenny Kwan."), or None: the title's
        complement runs to a comma, then capitalised words close the sentence or the clause."""
        doc = self.doc
        det, words = _np_words(list(doc[j:k]))
        if not words or not _title_of([t.lower_ for t in words])[0] or any(
                self.ctx.ent_index[t.i] is not None and self.ctx.ent_index[t.i].label_ == "PER" for t in words):
            return None
        c = k
        while c < len(doc) and c - j < 25 and doc[c].text != "," and "\n" not in doc[c].text:
            if doc[c].text == "(":  # an acronym in parentheses: "de Québec solidaire (QS), Gabriel ..."
                close = next((x for x in range(c + 1, min(len(doc), c + 5)) if doc[x].text == ")"), None)
                if close is None:
                    break
                c = close + 1
                continue
            if doc[c].is_punct and doc[c].text not in ("’", "'", "-"):
                break
            c += 1
        if c >= len(doc) or doc[c].text != ",":
            return None
        e = c + 1
        while e < len(doc) and e - c <= 6 and ((doc[e].text[:1].isupper() and (doc[e].is_alpha or "-" in doc[e].text))
                                             or (doc[e].text == "-" and e + 1 < len(doc) and doc[e + 1].text[:1].isupper())):
            e += 1
        if e - c < 2 or (e < len(doc) and doc[e].text not in (".", ",", ";", "(", "!", "?") and "\n" not in doc[e].text
                         and not doc[e].text[:1].islower()):  # "..., Alexis Brunelle-Duceppe dans une lettre"
            return None
        if not any(t.pos_ == "PROPN" or t.ent_type_ == "PER" for t in doc[c + 1:e]):
            return None
        return c, e

    def _clause_start(self, v: int) -> int:
        """First token of the verb group ending at v ("a-t-il ajouté", "a également souligné")."""
        doc = self.doc
        lo = v
        while lo > 0:
            t = doc[lo - 1]
            if t.lower_ in AUX_WORDS or t.lower_ in CLITIC_SUBJECTS or t.lower_ == "-t" or \
                    (t.pos_ == "ADV" and t.lower_ not in NEGATIONS) or t.is_space:
                lo -= 1
                continue
            break
        return lo

    def _cue(self, v: int, lemma: str, v_end: int) -> None:
        doc, text, ctx = self.doc, self.text, self.ctx
        lo = self._clause_start(v)
        if _negated(doc, lo, v_end):
            return
        belief = lexicon_fr()["kinds"].get(lemma) == "belief"
        before = next((t for t in reversed(doc[:lo]) if not t.is_space), None)
        k_in = self.in_quote[v]
        inverted_slot = before is not None and (before.text == "," or before.text in "»”\"" or before.text == "(")
        clitic = any(t.lower_ in CLITIC_SUBJECTS for t in doc[lo:v_end + 3] if t.i <= v_end + 2)
        if k_in is not None:
            # an incise inside a quotation: "« A, a reconnu M. Blanchet. B »"
            if not inverted_slot or k_in in self.claimed:
                return
            pre_clitic = next((t for t in doc[lo:v] if t.lower_ in CLITIC_SUBJECTS), None)
            if pre_clitic is not None:
                who, end = describe(ctx, pre_clitic.i, pre_clitic.i + 1), v_end + 1
            else:
                who, end = self._speaker_after(v_end)
            if who is None or (pre_clitic is None and not clitic and (
                    who.get("anonymous") or not (who["speaker"] or "")[:1].isupper())):
                return  # inside a quotation only a clitic or a name makes an incise
            self.claimed.add(k_in)
            self._split_at_incise(who, k_in, before, end)
            return
        if inverted_slot:
            pre_clitic = next((t for t in doc[lo:v] if t.lower_ in CLITIC_SUBJECTS), None)
            if pre_clitic is not None:  # "a-t-il affirmé": the clitic comes before the participle
                who = describe(ctx, pre_clitic.i, pre_clitic.i + 1)
                if who is None:
                    return
                end = v_end + 1
            else:
                who, end = self._speaker_after(v_end)
            if who is not None:
                self._inverted(who, lo, end)
                return
        subj = self._subject_before(v) or self._name_before(lo) or self._participle_subject(v)
        if subj is None:
            return
        who = describe(ctx, subj[0], subj[1])
        # "France-Isabelle Langlois, directrice générale d'Amnistie ... Canada francophone a déclaré :"
        # parsed with the title's last words as the subject: the line's "Name, title" speaks
        start = subj[0]
        while start > 0 and "\n" not in doc[start - 1].text_with_ws and doc[start - 1].text not in (".", "!", "?", ":", ";") \
                and self.in_quote[start - 1] is None:
            start -= 1
        if start < subj[0]:
            who = _name_then_title(ctx, [t for t in doc[start:subj[1]] if not t.is_space]) or who
        if who is None:
            return
        self._preposed(who, v_end, belief)

    def _split_at_incise(self, who: dict, k: int, comma, end: int) -> None:
        """« A, a reconnu M. Blanchet. B »: A and B are two statements of the incise's speaker
        (the English '"A," she said, "B."', guideline rule 4); with no words before the incise
        the quotation stays whole."""
        qa, qb = self.quote_bounds(k)
        cut = comma.idx + 1 if comma.text == "," else comma.idx
        after = self.doc[end - 1].idx + len(self.doc[end - 1]) if end > 0 else qb
        m = re.match(r"[^\w«»“”]*?[.,;:!?]?[ \t" + NARROW_SPACES + r"]*", self.text[after:qb])
        resume = after + (m.end() if m else 0)
        if len(self.text[qa:cut].split()) < 2:
            self.add(who, "direct", qa, qb)
            return
        self.add(who, "direct", qa, cut)
        if len(self.text[resume:qb].split()) >= 2:
            self.add(who, "direct", resume, qb)

    def _inverted(self, who: dict, lo: int, end: int) -> None:
        """Content before an inverted incise: a quotation ending there, or the sentence."""
        doc, text = self.doc, self.text
        cue_pos = doc[lo].idx
        k = self.quote_ending_before(cue_pos)
        s0, _ = self.sentence(cue_pos if k is None else self.quotes[k].open)
        if k is not None and k not in self.claimed:
            q = self.quotes[k]
            lead = text[s0:q.open]
            if len(re.findall(r"\w+", lead)) >= 2:
                self.claimed.add(k)
                self.add(who, "mixed", s0, self.quote_bounds(k)[1])
            else:
                a, b = self.quote_bounds(k)
                self.claimed.add(k)
                nxt = self.quote_starting_after(doc[end - 1].idx + len(doc[end - 1]) if end > 0 else cue_pos)
                if nxt is not None and nxt not in self.claimed:  # "« A », dit-il, « B »"
                    self.claimed.add(nxt)
                    b = self.quote_bounds(nxt)[1]
                self.add(who, "direct", a, b)
            return
        if k is not None:
            return
        comma = text.rfind(",", s0, cue_pos + 1)
        if comma < 0:
            return
        # unquoted speech before the incise runs back to the paragraph start when nothing else
        # in the paragraph is reported or quoted ("A. B, explique une source": A and B)
        p0 = self.starts[paragraph_of(self.starts, s0)] if self.starts else 0
        if p0 < s0 and not re.search(r"[«»“”\"]", text[p0:s0]) and not any(
                p0 <= st["start"] < s0 for st in self.statements):
            s0 = p0
        self.content(who, s0, comma)

    def _subject_before(self, v: int) -> tuple[int, int] | None:
        """Token range of the cue's subject from the parse (climbing participles/conjuncts)."""
        doc = self.doc
        verb = doc[v]
        for _ in range(3):
            # the nearest subject, never one across a blank line: the parser runs a heading
            # without a full stop into the next paragraph and gives the cue both subjects
            subj = max((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") and c.i < v
                        and "\n\n" not in doc[c.i:v].text), key=lambda c: c.i, default=None)
            if subj is not None:
                if self.in_quote[subj.i] is not None or subj.lower_ in ("qui", "que"):
                    if subj.lower_ == "qui" and verb.dep_ == "acl:relcl":
                        head = verb.head
                        return head.left_edge.i, head.i + 1
                    return None
                return self._subject_range(subj)
            if verb.dep_ in ("conj", "xcomp", "advcl", "acl") and verb.head is not verb:
                if verb.head.lemma_.lower() in REFUSAL_LEMMAS:
                    return None
                verb = verb.head
                continue
            return None
        return None

    def _participle_subject(self, v: int) -> tuple[int, int] | None:
        """The named person or organisation a present-participle cue qualifies ("la conclusion de
        la Cour fédérale jugeant que l'Entente était inconstitutionnelle": the Cour fédérale
        judged), from the parse: the participle modifies the name (``acl``); None otherwise."""
        tok = self.doc[v]
        if tok.dep_ != "acl" or "Part" not in tok.morph.get("VerbForm") or "Pres" not in tok.morph.get("Tense"):
            return None
        ent = self.ctx.ent_index[tok.head.i]
        if ent is None or ent.label_ not in ("PER", "ORG") or ent.end > v or self.in_quote[ent.start] is not None:
            return None
        return ent.start, ent.end

    def _name_before(self, lo: int) -> tuple[int, int] | None:
        """The name right before a cue the parser did not read as a verb ("M. Blanchet suggère
        que", "suggère" tagged an adjective): honorifics, capitalised words and name hyphens
        back from ``lo``, holding a capitalised proper noun; None when there is none."""
        doc = self.doc
        k = lo
        while k > 0 and self.in_quote[k - 1] is None and (
                doc[k - 1].pos_ == "PROPN" and doc[k - 1].text[:1].isupper() or _name_hyphen(doc, k - 1)
                or _is_honorific(doc[k - 1].lower_)):
            k -= 1
        if k == lo or not any(t.pos_ == "PROPN" and t.text[:1].isupper() for t in doc[k:lo]):
            return None
        return k, lo

    def _subject_range(self, subj) -> tuple[int, int]:
        """The subject phrase with its appositions, without relative clauses or conjuncts."""
        doc = self.doc
        ents = self.ctx.ent_index
        cut = [c for c in subj.rights if c.dep_ in ("acl:relcl", "acl", "cc") or (c.dep_ == "conj" and any(
            ents[t.i] is not None and ents[t.i].label_ in ("PER", "ORG") for t in c.subtree))]
        hi = min((c.left_edge.i for c in cut), default=subj.right_edge.i + 1)
        lo = subj.left_edge.i
        while lo > 1 and _name_hyphen(doc, lo - 1):
            lo -= 2  # "Yves - François Blanchet": the parser leaves the first name's first part out
        if "\n" in doc[lo:max(hi, lo + 1)].text:
            lo = max(t.i for t in doc[lo:subj.i + 1] if "\n" in t.text_with_ws or t.i == lo) + 1 \
                if any("\n" in t.text_with_ws for t in doc[lo:subj.i]) else lo
        return lo, max(hi, subj.i + 1)

    def _preposed(self, who: dict, v_end: int, belief: bool) -> None:
        """Content after a cue whose subject precedes it: a quotation, a colon, a que-clause."""
        doc, text = self.doc, self.text
        vt = doc[v_end]
        after = vt.idx + len(vt)
        s0, s1 = self.sentence(vt.idx)
        k = self.quote_starting_after(after, colon=True)
        between = text[after:self.quotes[k].open] if k is not None else ""
        if k is not None and k not in self.claimed and (":" in between or "\n" not in between):
            if ":" in between and self._incise_inside(k):
                return  # the incise names the speaker (below)
            self.claimed.add(k)
            self.add(who, "direct", *self.quote_bounds(k))
            return
        # a que-clause within a few words of the verb ("a affirmé jeudi aux journalistes que")
        for t in doc[v_end + 1:v_end + 9]:
            if t.idx >= s1 or "\n" in t.text:
                break
            if t.lower_ in ("que", "qu'", "qu’"):
                start = t.idx + len(t)
                colon = text.find(":", start, s1)
                k = self.quote_starting_after(colon + 1, colon=True) if colon >= 0 else None
                if k is not None and k not in self.claimed:  # "se réjouit que A : « B »"
                    self.content(who, start, colon)
                    self.claimed.add(k)
                    self.add(who, "direct", *self.quote_bounds(k))
                    return
                self.content(who, start, s1)
                return
            if t.text in (".", ";", "?", "!") or self.in_quote[t.i] is not None:
                break
        # "a demandé au gouvernement de se retirer de l'Entente": de + infinitive
        if doc[v_end].lemma_.lower() in lexicon_fr()["infinitive"] or lexicon_fr()["forms"].get(doc[v_end].lower_) in lexicon_fr()["infinitive"]:
            for t in doc[v_end + 1:v_end + 10]:
                if t.idx >= s1 or "\n" in t.text or t.text in (".", ";", "?", "!", ":") or self.in_quote[t.i] is not None:
                    break
                clause = _infinitive_after(doc, t.i)
                if clause is not None:
                    self.content(who, clause.idx, s1)
                    return
        # a colon later in the clause, then a quotation
        colon = text.find(":", after, s1)
        if colon >= 0 and not re.search(r"[.;]", text[after:colon]) and not belief:
            k = self.quote_starting_after(colon + 1, colon=True)
            if k is not None and k not in self.claimed:
                if self._incise_inside(k):
                    # "X se dit satisfait : « A, a reconnu M. Y. B »": the incise names the speaker;
                    # the colon pass, after the incises, gives X what they leave unclaimed
                    return
                self.claimed.add(k)
                self.add(who, "direct", *self.quote_bounds(k))

    def _preposition(self, i: int, end: int) -> None:
        """"Selon X, ..." / "..., selon X." / "« ... », selon X"."""
        doc, text = self.doc, self.text
        j = end + 1
        k = j
        while k < len(doc) and not doc[k].is_punct and doc[k].lower_ not in ("qui", "que", "qu'") \
                and "\n" not in doc[k].text and k - j < 12:
            k += 1
        if k + 1 < len(doc) and doc[k].text == ",":  # "selon le ministre, Sean Fraser"
            e = k + 1
            while e < len(doc) and self.ctx.ent_index[e] is not None and self.ctx.ent_index[e].label_ == "PER":
                e += 1
            if e > k + 1 and (e >= len(doc) or doc[e].is_punct):
                k = e
        who = describe(self.ctx, j, k)
        if who is None:
            return
        pos = doc[i].idx
        s0, s1 = self.sentence(pos)
        lead = text[s0:pos]
        if not re.search(r"\w", lead.replace("Et", "").replace("Mais", "")):  # "Selon X, <clause>"
            after = doc[k - 1].idx + len(doc[k - 1])
            if k < len(doc) and doc[k].text == ",":
                after = doc[k].idx + 1
            self.content(who, after, s1)
            return
        q = self.quote_ending_before(pos)
        if q is not None and q not in self.claimed:
            self._inverted(who, self.doc[i].i, k)
            return
        tail = text[doc[k - 1].idx + len(doc[k - 1]):s1]
        if not re.search(r"\w", tail):  # "<clause>, selon X."
            self.content(who, s0, pos)
        else:  # "<A>, selon X, <B>": the sentence
            self.content(who, s0, s1)

    def _incise_inside(self, k: int) -> bool:
        """Whether quotation ``k`` holds an incise cue (", a reconnu M. Blanchet")."""
        doc, q = self.doc, self.quotes[k]
        span = doc.char_span(q.open, min(q.close + 1, len(self.text)), alignment_mode="expand") or doc
        for i in range(span.start, span.end):
            if self.in_quote[i] != k or cue_at(doc, i) is None:
                continue
            lo = self._clause_start(i)
            before = next((t for t in reversed(doc[:lo]) if not t.is_space), None)
            if before is not None and before.text == ",":
                return True
        return False

    def _colon(self, k: int) -> None:
        """A quotation after a colon: the subject of the sentence before the colon speaks."""
        if k in self.claimed:
            return
        doc, text = self.doc, self.text
        q = self.quotes[k]
        colon = text.rfind(":", 0, q.open)
        s0, _ = self.sentence(colon)
        span = doc.char_span(s0, colon, alignment_mode="contract")
        if span is None or len(span) < 2:
            return
        roots = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head == t]
        subj = None
        for r in roots:
            subj = next((c for c in r.children if c.dep_ in ("nsubj", "nsubj:pass")
                         and span.start <= c.i < span.end and self.in_quote[c.i] is None), None)
            if subj is not None:
                break
        if subj is None:
            return
        who = describe(self.ctx, *self._subject_range(subj))
        if who is None:
            return
        self.claimed.add(k)
        self.add(who, "direct", *self.quote_bounds(k))

    def _nominal_cues(self) -> None:
        """A reporting noun, "de" and a named person or organisation, then what they said or
        decided ("la décision de la Cour d'appel fédérale d'annuler la décision ...", "la promesse
        de Justin Trudeau que ...", "l'affirmation d'Amnistie selon laquelle ..."; the nouns of
        quote_verbs_fr.txt [nominal]): the named one's indirect statement, the clause its content."""
        doc, text, ctx = self.doc, self.text, self.ctx
        nouns = lexicon_fr()["nominal"]
        for tok in doc:
            if tok.pos_ != "NOUN" or tok.lemma_.lower() not in nouns or self.in_quote[tok.i] is not None:
                continue
            j = tok.i + 1
            if j >= len(doc) or doc[j].lower_ not in ("de", "du", "d'", "d’", "des"):
                continue
            j += 1
            while j < len(doc) and doc[j].lower_ in ("la", "le", "l'", "l’", "les"):
                j += 1
            ent = ctx.ent_index[j] if j < len(doc) else None
            court = court_at(text, doc[j].idx) if j < len(doc) else None
            if court is not None:  # the tagger's span of a court runs on ("Cour d'appel fédérale d'annuler ...")
                k = next((t.i for t in doc[j:] if t.idx >= court[1]), len(doc))
                who = {"speaker": court[0], "speaker_role": None, "speaker_party": None, "org": True}
            elif ent is not None and ent.start == j and ent.label_ in ("PER", "ORG"):
                k, who = ent.end, None
            else:
                continue
            _, s1 = self.sentence(doc[k].idx if k < len(doc) else len(text))
            if k >= len(doc) or doc[k].idx >= s1:
                continue
            low = doc[k].lower_
            if low in ("de", "d'", "d’"):
                clause = _infinitive_after(doc, k)
                if clause is None:
                    continue
                start = clause.idx
            elif low in ("que", "qu'", "qu’"):
                start = doc[k].idx + len(doc[k])
            elif low == "selon" and k + 1 < len(doc) and doc[k + 1].lower_ in ("laquelle", "lequel", "lesquels", "lesquelles"):
                start = doc[k + 1].idx + len(doc[k + 1])
            else:
                continue
            if any(s["start"] < s1 and start < s["end"] and not (s["start"] <= tok.idx and s1 <= s["end"])
                   for s in self.statements):
                continue  # the clause is read already (a statement around the whole sentence is an outer one)
            who = who or describe(ctx, ent.start, ent.end)
            if who is not None:
                self.content(who, start, s1)

    def _orphans(self) -> None:
        """Quote-only sentences and paragraphs continue the latest statement of the same or the
        previous paragraph."""
        text = self.text
        for k, q in enumerate(self.quotes):
            a, b = self.quote_bounds(k)
            if k in self.claimed or any(s["start"] <= a and b <= s["end"] for s in self.statements):
                continue
            lead = text[:q.open].rstrip(" \t" + NARROW_SPACES)
            if lead and not lead.endswith(("\n", ".", "?", "!", "»", "”", '"', ":")):
                continue
            if len(text[a:b].split()) < 4:
                continue
            para = paragraph_of(self.starts, q.open)
            prev = [s for s in self.statements if s["start"] < a and para - 1 <= s["paragraph"] <= para]
            if not prev:
                continue
            last = max(prev, key=lambda s: s["start"])
            who = {f: last[f] for f in ("speaker", "speaker_role", "speaker_party")}
            who["anonymous"] = last.get("_anonymous", False)
            self.claimed.add(k)
            self.add(who, "direct", a, b, inherited=True)

    def _bylines(self) -> None:
        """A paragraph followed by a line naming its source ("Une source fédérale", "— Marc
        Miller") is that source's words, quoted or not (a pull quote)."""
        text, doc, lex = self.text, self.doc, lexicon_fr()
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
        for (a, b), (c, d) in zip(lines, lines[1:]):
            line = text[c:d].strip()
            credit = PULL_QUOTE_CREDIT.match(line)  # "Une citation de Christine Fréchette, ministre ..."
            if credit:
                c = c + len(text[c:d]) - len(text[c:d].lstrip()) + credit.start(1)
                d = c + len(credit.group(1))
                line = credit.group(1)
            words = re.sub(r"^[—―–-]\s*", "", line).split()
            if not 2 <= len(words) <= 5 or re.search(r"[.!?:;,»”\"]$", line):
                continue
            named = doc.char_span(text.find(words[0], c), c + len(text[c:d].rstrip()), alignment_mode="expand")
            if named is None:
                continue
            det = words[0].lower()
            source = det in ("un", "une", "des", "le", "la", "les") and any(
                " ".join(w.lower() for w in words[1:1 + n]) in lex["sources"] for n in (1, 2))
            person = len(named.ents) == 1 and named.ents[0].label_ == "PER" and named.ents[0].text == " ".join(words)
            if not (source or person) or any(s["start"] < b and a < s["end"] for s in self.statements):
                continue
            para = text[a:b].strip()
            if len(para.split()) < 4 or not re.search(r"[.!?»”\"]$", para):
                continue
            lo, hi = _trim(text, a, b)
            k = next((k for k, q in enumerate(self.quotes) if q.open == lo and q.closed and q.close >= hi - 1), None)
            if k is not None:
                lo, hi = self.quote_bounds(k)
                self.claimed.add(k)
            who = describe(self.ctx, named.start, named.end) if person else None
            who = who or {"speaker": " ".join(words), "speaker_role": None, "speaker_party": None, "anonymous": True}
            self.add(who, "direct", lo, hi)

    def _finish(self) -> list[dict]:
        out = sorted(self.statements, key=lambda s: (s["start"], -s["end"]))
        kept = []
        title = title_line(self.text)
        for s in out:  # one statement per stretch of text: the outermost
            if any(t["start"] <= s["start"] and s["end"] <= t["end"] for t in kept) or (
                    title and s["start"] < title[1]):
                continue
            kept.append(s)
        for s in kept:
            s["speaker"] = (s["speaker"] or "").strip() or None
            for key in [k for k in s if k.startswith("_")]:
                s.pop(key)
        return kept
