"""Document structure: what kind of text this is and who holds each part of it, before parsing.

Pure (regex + the patterns in data/structure.yaml, no model), so it is cheap and testable alone.
``analyse(text, meta)`` returns a :class:`Structure`:

* ``transcript``: labelled turns ("Hon. Peter Harder (Government Representative in the Senate):",
  "Senator Harder:", "The Chair:", "Jesse Brown:") - one Turn per turn, short labels resolved to
  the full names given earlier in the document, roles and parties from the parentheses;
* ``qa``: a Q&A page whose asker is unlabelled (the question, then "Hon. Marc Gold (...)"): the
  question is a Turn with speaker None, the answers are the answerer's;
* ``interview``: "Q:/A:", "HOST:", all-caps "NAME:" layouts;
* ``press_statement``: "X, Critic for ..., issued the following statement:" (or a "Statement
  by X" title, a "Statement on ..." title with the issuing organisation in the first sentence,
  or a "..., X said today." lede in a release): each body paragraph until the boilerplate is a
  Turn of each issuer, kind "direct", without its surrounding quotation marks; paragraphs quoting
  someone else ("..., said Minister X") get no Turn;
* ``speech``: one speaker (``meta["speaker"]``, or a single-intervention page address);
* ``news``: everything else (no turns: the sentence-level extractor handles it).

``meta`` ("kind"/"genre", "url", "speaker") is a hint, never required.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import speakers as spk
from .language import detect_language, normalise_tag

DATA = Path(__file__).resolve().parent / "data" / "structure.yaml"
OPENERS = "\"“«„"
STRONG = ("person", "presiding", "collective")
RELEASE_HINTS = {"press_release", "press_statement", "statement", "release", "communique", "communiqué"}


@dataclass(frozen=True)
class Turn:
    label: str | None      # the label as written ("Senator Harder", "The Chair", "Q"); None for
    #                        press-statement paragraphs and unlabelled askers
    speaker: str | None    # resolved display name ("Peter Harder"); None when unidentified
    role: str | None
    party: str | None
    start: int             # the body's character offsets (label excluded, trailing space stripped)
    end: int
    kind: str              # "speech" (transcript/Q&A/interview turn) | "direct" (press statement)


@dataclass(frozen=True)
class Structure:
    kind: str              # news | press_statement | letter | transcript | qa | interview | speech
    turns: tuple[Turn, ...] = ()
    issuers: tuple[str, ...] = ()


# --- patterns ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def patterns() -> dict:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    name, upper = raw["name"], raw["upper"]

    def sub(p: str, group: bool = False) -> str:
        return p.replace("{name}", f"(?P<name>{name})" if group else name).replace("{upper}", upper)

    label_tail = r"(?:[ \t]*\((?P<paren>[^)\n]{1,150})\))?[ \t\u00a0]*:[ \t\u00a0]*"
    labels = []
    for entry in raw["labels"]:
        core = sub(entry["pattern"], group=True)
        labels.append({
            "type": entry["type"], "role": entry.get("role"),
            "colon": re.compile(rf"[ \t]*[\"“]?(?P<label>{core}){label_tail}"),
            "alone": re.compile(rf"[ \t]*(?P<label>{core})(?:[ \t]*\((?P<paren>[^)\n]{{1,150}})\))?"
                                rf"(?:[ \t]*{raw['label_suffix']})?[ \t]*$"),
            "mover": re.compile(rf"[ \t]*(?P<label>{core})[ \t]+(?={'|'.join(map(re.escape, raw['mover_verbs']))})\b"),
        })
    return {
        "labels": labels,
        "not_labels": {w.lower() for w in raw["not_labels"]},
        "credits": re.compile(raw["credits"] + r"$"),
        "marker": re.compile(r"[ \t]*" + raw["transcript_marker"] + r"[ \t]*$"),
        "stage": re.compile(r"[ \t]*" + raw["stage"] + r"[ \t]*$"),
        "presiding_header": re.compile(r"[ \t]*" + sub(raw["presiding_header"]) + r"[ \t]*$"),
        "question_intro": re.compile(raw["question_intro"]),
        "question_heading": re.compile(raw["question_headings"]),
        "interviewee": re.compile(raw["interviewee"]),
        "interviewer": re.compile(raw["interviewer"]),
        "byline": re.compile(r"[ \t]*" + sub(raw["byline"]) + r"[ \t]*$"),
        "lead_ins": [(e["strength"], re.compile(e["pattern"])) for e in raw["lead_ins"]],
        "titles": [re.compile(r"[ \t]*" + p + r"[ \t]*$") for p in raw["titles"]],
        "issuer_sentence": re.compile(raw["issuer_sentence"]),
        "own_title": re.compile(r"[ \t]*" + raw["own_title"] + r"[ \t]*$"),
        "own_opening": re.compile(raw["own_opening"]),
        "staff_of": re.compile(raw["staff_of"]),
        "qp_note_title": re.compile(raw["qp_note_title"]),
        "report_opinion": re.compile(r"[ \t]*(?:" + raw["report_opinion"] + r")\b"),
        "report_opinion_author": re.compile(raw["report_opinion_author"]),
        "org_field": re.compile(raw["org_field"]),
        "qp_body": re.compile(raw["qp_body"]),
        "news_outlet": re.compile(raw["news_outlet"]),
        # the same words inside a host that runs them together ("ledevoir.com", "lapresse.ca")
        "news_host": re.compile(raw["news_outlet"].replace(r"\b", "")),
        "name_stop": re.compile(raw["name_stop"]),
        "wire": re.compile(raw["wire_dateline"]),
        "dateline": re.compile(raw["dateline"]),
        "boilerplate": re.compile(raw["boilerplate"]),
        "cues": re.compile(raw["attribution_cues"]),
        "honorifics": re.compile(raw["issuer_honorifics"]),
        "issuer_clause": re.compile(raw["issuer_clause"]),
        "url_speakers": [(e["unit"], re.compile(e["pattern"])) for e in raw["url_speakers"]],
        "qa_askers": [re.compile(p) for p in raw.get("qa_askers", [])],
        "answer_opening": re.compile(r"[ \t]*" + raw["answer_opening"], re.I),
        "supplementary_opening": raw["supplementary_opening"],
        "addressed_name": re.compile(raw["addressed_name"]),
        "government_leader_address": re.compile(raw["government_leader_address"]),
        "senate_government_leaders": raw["senate_government_leaders"],
        "site_suffixes": raw["site_suffixes"],
        "mention_skip": {w.lower() for w in raw["mention_skip"]},
        "own_voice": re.compile(raw["own_voice"]),
        "salutation": re.compile(raw["salutation"]),
        "letter_signoff": re.compile(raw["letter_signoff"]),
        "letter_subject": re.compile(raw["letter_subject"]),
        "advisory_field": re.compile(raw["advisory_field"]),
        "letter_intro": [re.compile(p) for p in raw["letter_intro"]],
        "letter_opening": [re.compile(r"[ \t]*" + p) for p in raw["letter_opening"]],
        "release_marker": re.compile(r"[ \t]*(?:" + raw["release_marker"] + r")[ \t]*$", re.I),
        "party_line": re.compile(r"[ \t]*(?P<party>" + raw["party_line"] + r")[ \t]*$"),
        "layout_person": re.compile(rf"[ \t]*(?P<name>{name})[ \t]+(?P<party>{raw['party_line']})\b[^\n]*$"),
        "layout_presiding": [re.compile(rf"[ \t]*(?P<label>{sub(e['pattern'])})[ \t]+(?P<party>{raw['party_line']})"
                                        rf"[ \t]+(?P<name>{name})[ \t]*$") for e in raw["labels"] if e["type"] == "presiding"],
        "presiding_roles": [e["role"] for e in raw["labels"] if e["type"] == "presiding"],
        "bare_presiding": [re.compile(rf"[ \t]*(?P<label>{sub(e['pattern'])})[ \t]+(?P<name>{name})[ \t]*$")
                           for e in raw["labels"] if e["type"] == "presiding"],
        "address_opening": re.compile(raw["address_opening"]),
        "bare_name": re.compile(rf"[ \t]*{name}[ \t]*$"),
        "layout_riding": re.compile(raw["layout_riding"]),
        "layout_person_paren": re.compile(rf"[ \t]*(?P<name>{name})[ \t]+\((?P<party>{raw['party_line']})\)[ \t]+[^\n]{{2,60}}?{raw['layout_riding']}"),
        "layout_role_words": set(raw["layout_role_words"]),
    }


# --- small text helpers --------------------------------------------------------------------------

def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, surrounding spaces excluded. A line that a hard wrap
    cut mid-sentence continues its paragraph: one not ending as a sentence, a label or a list
    lead-in does, followed by one that starts in lower case ("... à la Chambre des" / "Communes le
    7 mai ..." stays two; "... relativisait l’importance" / "du camp de réfugiés ..." is one)."""
    out = []
    for m in re.finditer(r"[^\n]*\S[^\n]*", text):
        a, b = m.start(), m.end()
        while text[a] in " \t\u00a0\r":
            a += 1
        while text[b - 1] in " \t\u00a0\r":
            b -= 1
        if out and text[a].islower() and not re.search(r"[.?!:;…\"”»)]$", text[out[-1][0]:out[-1][1]]):
            out[-1] = (out[-1][0], b)
            continue
        out.append((a, b))
    return out


def is_heading(line: str) -> bool:
    """A title, rubric or masthead line: short, no closing punctuation, mostly capitalised."""
    line = line.strip()
    words = line.split()
    if not words or len(words) > 12 or line[-1] in ".?!:;,\"”»)…'’" or line[0].islower():
        return False
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    caps = [w for w in long_words if w[0].isupper()]
    return not long_words or len(caps) >= 0.6 * len(long_words) or bool(re.search(r"\b\d{4}\b", line))


def _clean_name(name: str) -> str:
    name = patterns()["honorifics"].sub("", name.strip())
    return spk.strip_honorifics(spk.strip_article(name)).strip(" ,;:")


def _strip_marks(text: str, a: int, b: int, inside: bool) -> tuple[int, int, bool, bool]:
    """A paragraph's offsets without its surrounding quotation marks: (a, b, opened, closed). A
    closing mark only counts inside a quotation (opened here or in an earlier paragraph)."""
    opened = closed = False
    if a < b and text[a] in OPENERS:
        opened, a = True, a + 1
        while a < b and text[a] in " \u00a0\u202f":
            a += 1
    m = re.search(r"(?:''|[\"”»])[ \u00a0\u202f]*[.,;]?$", text[a:b])
    if m and (opened or inside):
        closed, b = True, a + m.start()
        while b > a and text[b - 1] in " \u00a0\u202f":
            b -= 1
    return a, b, opened, closed


# --- names inside one document -------------------------------------------------------------------

MENTION_RE = re.compile(r"\b(?:[A-ZÀ-Ý][a-zà-ÿ'’-]+|[A-ZÀ-Ý]\.)(?:[ \t]+(?:[A-ZÀ-Ý]\.(?:[A-ZÀ-Ý]\.)*|[A-ZÀ-Ý][a-zà-ÿ'’-]+)){1,3}")


class Names:
    """Full names of the document by surname: from labels first, then from mentions in the text."""

    def __init__(self, text: str):
        self.text = text
        self.labelled: dict[str, list[str]] = {}
        self.mentioned: dict[str, list[str]] = {}
        self.known: dict[str, dict] = {}  # name key -> {"role", "party"}
        lex = spk.lexicon()
        self.skip = lex["honorifics"] | lex["roles"] | patterns()["mention_skip"]
        for m in MENTION_RE.finditer(text):
            if not re.fullmatch(r"[A-ZÀ-Ý]\.", m.group(0).split()[-1]):
                self._add(self.mentioned, m.group(0))

    def strip_titles(self, name: str) -> str:
        """"Minister Sean Fraser", "Host Anna Lee", "Vice President Joe Biden" -> the name."""
        words = name.split()
        while len(words) > 1 and spk.strip_accents(words[0]).lower().strip(".") in self.skip:
            words = words[1:]
        return " ".join(words)

    def _add(self, table: dict, name: str) -> None:
        name = self.strip_titles(name)
        key = spk.name_key(name)
        if len(key.split()) < 2:
            return
        names = table.setdefault(key.split()[-1], [])
        if not any(spk.name_key(n) == key for n in names):
            names.append(name)

    def learn(self, name: str) -> None:
        self._add(self.labelled, name)

    def resolve(self, surface: str) -> str:
        """"Harder" -> "Peter Harder"; "K. Wells" -> the one Wells whose first name starts with K."""
        clean = _clean_name(surface)
        words = clean.split()
        if not words:
            return clean
        initials = [w[0] for w in words[:-1] if re.fullmatch(r"[A-ZÀ-Ý]\.(?:[A-ZÀ-Ý]\.)*", w)]
        if len(words) >= 2 and len(initials) < len(words) - 1:
            return clean  # a full name already
        last = spk.name_key(words[-1]).split()
        if not last:
            return clean
        for table in (self.labelled, self.mentioned):
            cands = table.get(last[-1], [])
            if initials:
                cands = [c for c in cands if c[:1].upper() == initials[0]]
            if len(cands) == 1:
                return cands[0]
            if len(cands) > 1:
                return clean
        return clean

    def resolve_first(self, first: str) -> str:
        """"Jordan" -> "Jordan Heath Rawlings": the one full name of the document with this first
        name (a podcast's first-name labels); else the word itself."""
        key = spk.name_key(first)
        cands = {n for table in (self.labelled, self.mentioned) for names in table.values() for n in names
                 if spk.name_key(n).split()[:1] == [key]}
        return cands.pop() if len(cands) == 1 else first

    def person_like(self, label: str) -> bool:
        """A weak label that can be a person: its first word (titles dropped) is a first name
        (nlp/data/first_names.txt), a first name alone that the text spells out in full, or a
        name the text gives again elsewhere ("Asylum Shopping:" is a rubric)."""
        name = self.strip_titles(label)
        words = spk.name_key(name).split()
        if not words:
            return False
        if words[0] in _first_names():
            return True
        if len(words) == 1:
            return self.resolve_first(name) != name
        return self.text.count(name) >= 2

    def role_of(self, name: str, role: str | None, party: str | None) -> tuple[str | None, str | None]:
        """Remember a speaker's role/party, or fill them in from an earlier, fuller label."""
        known = self.known.setdefault(spk.name_key(name), {})
        role = role or known.get("role")
        party = party or known.get("party")
        known.setdefault("role", role)
        known.setdefault("party", party)
        if role and not known["role"]:
            known["role"] = role
        if party and not known["party"]:
            known["party"] = party
        return role, party


# --- transcripts, Q&A pages, interviews ----------------------------------------------------------

@dataclass
class _Hit:
    para: int
    type: str
    label: str
    name: str | None
    paren: str | None
    role: str | None
    body: int        # where the body starts (same line, or the next paragraph)
    alone: bool = False


def _match_label(text: str, a: int, b: int, pats: dict) -> _Hit | None:
    line = text[a:b]
    for lab in pats["labels"]:
        m = lab["colon"].match(line)
        if not m:
            continue
        label = m["label"].strip()
        if label.lower().strip(".") in pats["not_labels"]:
            return None
        body = a + m.end()
        rest = line[m.end():].strip()
        if lab["type"] in ("caps", "plain", "host") and len(rest.split()) < 2 or (lab["type"] == "first" and not rest):
            return None  # "Intro:", "Host: Jesse Brown" are furniture, not speech
        if lab["type"] == "plain" and (spk.is_organisation(label) or re.search(r"\d", label)):
            return None
        if lab["type"] == "caps" and len(label.replace(" ", "")) < 3:
            return None
        return _Hit(0, lab["type"], label, m.groupdict().get("name"), m["paren"], lab["role"], body)
    return None


def _match_alone(text: str, a: int, b: int, pats: dict) -> _Hit | None:
    """"Hon. Marc Gold (Government Representative in the Senate)" on its own line, or the
    colon-less mover's label "Hon. Jane Doe moved that ..."."""
    line = text[a:b]
    for lab in pats["labels"]:
        if lab["type"] != "person":
            continue
        m = lab["alone"].match(line)
        if m:
            return _Hit(0, "person", m["label"].strip(), m["name"], m["paren"], None, b, alone=True)
        m = lab["mover"].match(line)
        if m:
            return _Hit(0, "person", m["label"].strip(), m["name"], None, None, a + m.end(), alone=True)
    return None


def _layout_label(text: str, paras: list, i: int, pats: dict) -> _Hit | None:
    """openparliament.ca's label (structure.yaml ``party_line``): paragraph ``i`` names a speaker
    and their party, the paragraph before it holds that party alone; the body is the next one."""
    if i == 0 or i + 1 >= len(paras):
        return None
    before = pats["party_line"].match(text[paras[i - 1][0]:paras[i - 1][1]])
    line = text[paras[i][0]:paras[i][1]]
    paren = pats["layout_person_paren"].match(line)
    if paren and i + 1 < len(paras):  # "Jenny Kwan (NDP) Vancouver East, BC" above the speech (an MP's own page)
        name = paren["name"].strip()
        return _Hit(i, "person", name, name, paren["party"], None, paras[i + 1][0])
    if not before:
        # a witness: the clock line, their title and organisation ("Executive Director, The
        # Refugee Centre"), then their name alone; the body follows
        role = text[paras[i - 1][0]:paras[i - 1][1]].strip()
        if i >= 2 and pats["stage"].match(text[paras[i - 2][0]:paras[i - 2][1]]) and "," in role \
                and len(role.split()) <= 20 and not role.endswith(".") and pats["bare_name"].match(line) \
                and 2 <= len(line.split()) <= 4:
            name = line.strip()
            return _Hit(i, "person", name, name, role, None, paras[i + 1][0])
        return None
    for rx, role in zip(pats["layout_presiding"], pats["presiding_roles"]):
        m = rx.match(line)
        if m and m["party"] == before["party"]:
            return _Hit(i, "presiding", m["label"].strip(), None, m["name"], role, paras[i + 1][0])
    m = pats["layout_person"].match(line)
    if m and m["party"] == before["party"]:
        return _Hit(i, "person", m["name"], m["name"], None, None, paras[i + 1][0])
    return None


def _address_label(text: str, paras: list, i: int, pats: dict) -> _Hit | None:
    """openparliament.ca's layout without its party lines (structure.yaml ``address_opening``):
    paragraph ``i`` is "Name Riding, PROV" or "Name Title ..." over a body that addresses the
    chair, or a presiding label and its holder ("The Speaker Anthony Rota"); the body is the next
    paragraph."""
    if i + 1 >= len(paras):
        return None
    line = text[paras[i][0]:paras[i][1]].strip()
    if len(line.split()) > 14 or line.endswith((".", "?", "!", ":", ";")):
        return None
    body = paras[i + 1][0]
    for rx, role in zip(pats["bare_presiding"], pats["presiding_roles"]):
        m = rx.match(line)
        if m and len(m["name"].split()) >= 2:
            return _Hit(i, "presiding", m["label"].strip(), None, m["name"], role, body)
    if not pats["address_opening"].match(text[paras[i + 1][0]:paras[i + 1][1]]):
        return None
    words = line.split()
    n = 3 if len(words) > 3 and words[1] in _first_names() else 2
    if len(words) <= n or not all(re.fullmatch(r"[A-ZÀ-Ý][\w.'’-]*", w) for w in words[:n]):
        return None
    rest = " ".join(words[n:])
    if pats["layout_riding"].search(rest):
        return _Hit(i, "person", " ".join(words[:n]), " ".join(words[:n]), None, None, body)
    if words[n] in pats["layout_role_words"]:
        return _Hit(i, "person", " ".join(words[:n]), " ".join(words[:n]), rest, None, body)
    return None


def _speaking(text: str, paras: list, meta: dict, names: Names) -> Structure | None:
    pats = patterns()
    hits: list[_Hit] = []
    marker = header = False
    hosts: list[str] = []
    presiding: dict[str, str] = {}
    furniture: set[int] = set()
    for i, (a, b) in enumerate(paras):
        line = text[a:b]
        m = pats["credits"].match(line)
        if m and not re.search(r"[.?!]$", m["value"].strip()) and len(m["value"].split()) <= 20:
            if m["field"].lower().startswith(("host", "anim")):
                hosts += [n.strip() for n in re.split(r",|\band\b|\bet\b", re.sub(r"\([^)]*\)", "", m["value"])) if n.strip()]
            furniture.add(i)
            continue
        if pats["marker"].match(line):
            marker = True
            furniture.add(i)
            continue
        m = pats["presiding_header"].match(line)
        if m:
            presiding.setdefault("Speaker", _clean_name(m["name"]))
            header = True
            furniture.add(i)
            continue
        hit = _match_label(text, a, b, pats) or _layout_label(text, paras, i, pats) or _address_label(text, paras, i, pats)
        if hit is None:
            alone = _match_alone(text, a, b, pats)
            nxt = paras[i + 1] if i + 1 < len(paras) else None
            if alone and alone.body == b:  # its body is the next paragraph: it must read as speech
                colon = nxt is not None and text[nxt[0]] == ":"  # the label's colon wrapped onto the next line
                if colon:  # a colon label after all ("M. St-Pierre Plamondon" / ": Alors,")
                    alone.alone = False
                    alone.body = nxt[0] + 1 + len(text[nxt[0] + 1:nxt[1]]) - len(text[nxt[0] + 1:nxt[1]].lstrip())
                elif nxt is None or not re.search(r"[.?!:\"”»]$", text[nxt[0]:nxt[1]]) or len(text[nxt[0]:nxt[1]].split()) < 3:
                    alone = None
                elif _match_label(text, nxt[0], nxt[1], pats):
                    alone = None
            hit = alone
        if hit is not None:
            hit.para = i
            if hit.body >= b and i + 1 < len(paras) and hit.body <= paras[i + 1][0]:
                hit.body = paras[i + 1][0]
            hits.append(hit)
    # a weak label that names no one is a rubric ("Asylum Shopping: the federal government ...")
    hits = [h for h in hits if h.type not in ("plain", "first") or names.person_like(h.label)]
    if not hits:
        return None
    credited = [n for n in hosts if any(h.type in ("plain", "first", "caps") and _same_person(h.label, n, names) for h in hits)]
    # the asker's question before the first labelled turn (a Q&A page)
    first = hits[0].para
    if pats["layout_person_paren"].match(text[paras[first][0]:paras[first][1]]):
        furniture |= set(range(first))  # an MP's page: its title and "Jenny stood and asked this question:"
    pre = [i for i in range(first) if i not in furniture and not _skippable(text, paras[i], pats)]
    # the asker's question runs up to the first turn: a page title above the sitting's heading
    # lines ("HANSARD: ... ?" / "House of Commons Debate" / "Oral Questions") is no question
    pre = pre[next((k for k in range(len(pre) - 1, 0, -1) if pre[k] - pre[k - 1] > 1 and all(
        _skippable(text, paras[m], pats) for m in range(pre[k - 1] + 1, pre[k]))), 0):] if pre else pre
    if pre and pre[-1] < first - 1 and all(_skippable(text, paras[m], pats) for m in range(pre[-1] + 1, first)) \
            and first - 1 - pre[-1] >= 2:
        pre = []
    question = bool(pre) and not marker and (text[paras[pre[-1]][1] - 1] == "?" or any(
        pats["question_intro"].search(text[paras[i][0]:paras[i][1]]) for i in pre))
    strong = [h for h in hits if h.type in STRONG and not (h.alone and h.body != paras[h.para][1] and h.paren is None)]
    weak = [h for h in hits if h.type not in STRONG]
    hint = str(meta.get("kind") or meta.get("genre") or "").lower()
    accepted = (
        len([h for h in hits if h.type in STRONG]) >= 2
        or (strong and (question or marker or header or any(h.paren for h in strong)))
        or _dialogue(weak)
        or (hits and (marker or hint in ("transcript", "interview")) and not (len(hits) == 1 and hits[0].alone and hits[0].paren is None))
        or bool(credited)  # a label of the host the credits name ("Host: Eric Sorensen")
    )
    if not accepted:
        return None
    pre_chars = sum(paras[i][1] - paras[i][0] for i in pre)
    turn_chars = paras[-1][1] - paras[first][0]
    if not question and not marker and not credited and pre_chars > turn_chars:
        return None  # a few labelled lines inside an article: the sentence-level extractor's
    types = {h.type for h in hits}
    if types & {"question", "answer", "host", "first"} or (types <= {"caps", "collective"}) or credited:
        kind = "interview"
    elif question:
        kind = "qa"
    else:
        kind = "transcript"

    interviewee = interviewer = None
    m = pats["interviewee"].search(text[:paras[first][0]] or text)
    if m:
        interviewee = names.strip_titles(m["name"])
    m = pats["interviewer"].search(text[:paras[first][0]])
    if m:
        interviewer = names.strip_titles(m["name"])
    host = hosts[0] if len(hosts) == 1 else interviewer
    for h in hits:  # full names from long labels first, so later short labels can find them
        if h.type == "person" and h.name and len(spk.name_key(_clean_name(h.name)).split()) >= 2:
            names.learn(_clean_name(h.name))
        if h.type == "plain" or (h.type == "caps" and len(h.label.split()) >= 2):
            names.learn(h.label.title() if h.type == "caps" else h.label)
    for n in hosts + [interviewee or "", interviewer or ""]:
        if n:
            names.learn(n)

    layout_only = kind == "interview" and not marker and not credited and not any(
        h.type in STRONG and h.type != "collective" for h in hits)
    turns: list[Turn] = []
    opening = [i for i in pre if i > max(furniture, default=-1)] if credited else []
    said = " ".join(text[paras[i][0]:paras[i][1]] for i in opening)
    if opening and spk.surname(credited[0]) in spk.name_key(said).split():  # the credited host's unlabelled opening
        # ("Today on The West Block, ... Welcome to The West Block. I’m Mercedes Stephenson.")
        turns.append(Turn(None, names.resolve(credited[0]), None, None, paras[opening[0]][0],
                          _body_end(text, paras, opening[0], first, pats), "speech"))
    own_page = kind == "qa" and _url_asker(str(meta.get("url") or ""), text)  # a senator's intervention page
    asker = (own_page or _site_owner(str(meta.get("url") or ""), text)) if kind == "qa" else None
    if kind == "qa" and pre:
        end = _body_end(text, paras, pre[0], first, pats)
        turns.append(Turn(None, asker, None, None, paras[pre[0]][0], end, "speech"))
    for k, h in enumerate(hits):
        stop = hits[k + 1].para if k + 1 < len(hits) else len(paras)
        if layout_only and k + 1 == len(hits):
            stop = h.para + 1  # an exchange quoted in an article: the article resumes after it
        body_para = h.para if h.body < paras[h.para][1] else h.para + 1
        end = _body_end(text, paras, body_para, stop, pats)
        end = max(end, h.body)
        speaker, role, party = _who(h, names, presiding, host, interviewee)
        if h.type == "presiding" and speaker and h.paren:
            presiding.setdefault(h.role or "Chair", speaker)
        turns.append(Turn(h.label, speaker, role, party, h.body, end, "speech"))
        # a supplementary question heading inside the answer starts an unlabelled question
        for j in range(body_para, stop):
            if kind == "qa" and pats["question_heading"].match(text[paras[j][0]:paras[j][1]]) and j + 1 < stop:
                turns[-1] = Turn(h.label, speaker, role, party, h.body, _body_end(text, paras, body_para, j, pats), "speech")
                turns.append(Turn(None, asker, None, None, paras[j + 1][0], end, "speech"))
                break
        else:  # on the asker's own page, their unlabelled supplementary after the answer
            j = _asker_resumes(text, paras, body_para, stop, speaker, pats) if own_page and speaker and \
                spk.name_key(speaker) != spk.name_key(asker) else None
            if j is not None:
                turns[-1] = Turn(h.label, speaker, role, party, h.body, _body_end(text, paras, body_para, j, pats), "speech")
                turns.append(Turn(None, asker, None, None, paras[j][0], _body_end(text, paras, j, stop, pats), "speech"))
    turns = [t for t in turns if t.end > t.start]
    return Structure(kind, tuple(turns), ())


def _asker_resumes(text: str, paras: list, lo: int, hi: int, answerer: str | None, pats: dict) -> int | None:
    """The paragraph (lo < j < hi) of an answer on a senator's own page where the owner's
    unlabelled supplementary question starts: one that opens by addressing the answerer
    (structure.yaml ``supplementary_opening``), else the answer's last paragraph when it asks a
    question."""
    surname = re.escape(spk.surname(answerer)) if answerer else "(?!)"
    opening = re.compile(r"[ \t]*" + pats["supplementary_opening"].replace("{answerer}", surname))
    for j in range(lo + 1, hi):
        if opening.match(text[paras[j][0]:paras[j][1]]):
            return j
    last = max((j for j in range(lo + 1, hi) if not _skippable(text, paras[j], pats)), default=None)
    if last is not None and re.search(r"\?(?:\s|$)", text[paras[last][0]:paras[last][1]]):
        return last
    return None


def _government_leader(date) -> tuple[str, str] | None:
    """(name, role) of the government's leader in the Senate on an ISO date (structure.yaml
    ``senate_government_leaders``)."""
    day = str(date or "")[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        return None
    return next(((e["name"], e["role"]) for e in patterns()["senate_government_leaders"]
                 if e["from"] <= day <= e["to"]), None)


def _answerer(question: str, asker: str, meta: dict, names: Names) -> tuple[str | None, str | None]:
    """(speaker, role) of an unlabelled answer: the person the question addresses by name (the
    office holder's full name when the surname is theirs), else the holder of the office it
    addresses on the page's date."""
    pats = patterns()
    holder = _government_leader(meta.get("date"))
    own = spk.name_key(spk.surname(asker))
    for m in pats["addressed_name"].finditer(question):
        key = spk.name_key(m["surname"])
        if not key or key == own:
            continue
        if holder and spk.name_key(spk.surname(holder[0])) == key:
            return holder
        return names.resolve(m["surname"]), None
    if holder and pats["government_leader_address"].search(question):
        return holder
    return None, None


def _owner_page(text: str, paras: list, meta: dict, names: Names) -> Structure | None:
    """A senator's own intervention page (structure.yaml ``qa_askers``) that carries no label:
    with no answer it is one speech of its owner (guideline rule 14); else the owner's question,
    each answer from its opening thanks to the owner's next supplementary, and the supplementaries
    (see ``answer_opening``)."""
    asker = _url_asker(str(meta.get("url") or ""), text)
    if not asker:
        return None
    pats = patterns()
    body = [i for i, p in enumerate(paras) if not _skippable(text, p, pats)]
    while body and len(text[paras[body[0]][0]:paras[body[0]][1]].split()) <= 12 and \
            not re.search(r"[.?!:\"”»…]$", text[paras[body[0]][0]:paras[body[0]][1]]):
        body = body[1:]  # the rubric and subject lines above the question, in sentence case too
    if not body:
        return None
    answers = [i for i in body if pats["answer_opening"].match(text[paras[i][0]:paras[i][1]])]
    if not answers:
        return Structure("speech", (Turn(None, asker, None, None, paras[body[0]][0], paras[body[-1]][1], "speech"),))
    question = "\n".join(text[paras[i][0]:paras[i][1]] for i in body if i < answers[0])
    answerer, role = _answerer(question, asker, meta, names)
    turns = []
    if body[0] < answers[0]:
        turns.append(Turn(None, asker, None, None, paras[body[0]][0], _body_end(text, paras, body[0], answers[0], pats), "speech"))
    for k, a in enumerate(answers):
        stop = answers[k + 1] if k + 1 < len(answers) else len(paras)
        j = _asker_resumes(text, paras, a, stop, answerer, pats)
        turns.append(Turn(None, answerer, role, None, paras[a][0], _body_end(text, paras, a, j or stop, pats), "speech"))
        if j is not None:
            turns.append(Turn(None, asker, None, None, paras[j][0], _body_end(text, paras, j, stop, pats), "speech"))
    return Structure("qa", tuple(t for t in turns if t.end > t.start))


def _unlabelled_interview(text: str, paras: list, names: Names) -> Structure | None:
    """An interview whose turns carry no labels: the text introduces the interviewee
    (structure.yaml ``interviewee``: "L'Atelier s'est entretenu avec l'avocat ... Stéphane
    Handfield"), then at least two short paragraphs ending in "?" each followed by an answer. A
    question is the byline's (the interviewer), every paragraph up to the next question the
    interviewee's."""
    pats = patterns()
    intro = next(((i, m) for i, (a, b) in enumerate(paras[:6]) for m in [pats["interviewee"].search(text[a:b])] if m), None)
    if intro is None:
        return None
    at, m = intro
    interviewee = names.strip_titles(m["name"])
    questions = [i for i in range(at + 1, len(paras) - 1)
                 if text[paras[i][1] - 1] == "?" and len(text[paras[i][0]:paras[i][1]].split()) <= 40
                 and text[paras[i + 1][1] - 1] != "?"]
    if len(questions) < 2:
        return None
    by = next((b["name"] for a0, b0 in paras[:at + 1] for b in [pats["byline"].match(text[a0:b0])] if b), None)
    interviewer = names.strip_titles(by) if by else None
    for n in (interviewee, interviewer):
        if n:
            names.learn(n)
    turns = []
    for k, q in enumerate(questions):
        stop = questions[k + 1] if k + 1 < len(questions) else len(paras)
        turns.append(Turn(None, interviewer, None, None, paras[q][0], paras[q][1], "speech"))
        end = _body_end(text, paras, q + 1, stop, pats)
        if end > paras[q + 1][0]:
            turns.append(Turn(None, interviewee, None, None, paras[q + 1][0], end, "speech"))
    return Structure("interview", tuple(turns), ())


def _same_person(label: str, name: str, names: Names) -> bool:
    """A label naming this person: the full name (titles dropped) or its first name alone."""
    key = spk.name_key(names.strip_titles(label))
    return key == spk.name_key(name) or (len(key.split()) == 1 and spk.name_key(name).split()[:1] == key.split())


def _dialogue(weak: list[_Hit]) -> bool:
    """Weak labels make a layout when two voices alternate: Q/A (or host) both present, or
    name labels of at least two speakers one of whom speaks again ("Jeb Bush: Student loans",
    "Bernie Sanders: Credit scores" section heads never repeat)."""
    types = {h.type for h in weak}
    if {"question", "answer"} <= types or ("host" in types and len(weak) >= 2):
        return True
    names = [spk.surname(h.label.title()) for h in weak if h.type in ("caps", "plain", "first")]
    return len(set(names)) >= 2 and len(names) > len(set(names))


def _skippable(text: str, para: tuple[int, int], pats: dict) -> bool:
    line = text[para[0]:para[1]]
    return is_heading(line) or bool(pats["stage"].match(line))


def _body_end(text: str, paras: list, lo: int, hi: int, pats: dict) -> int:
    """End of a turn's body over paragraphs [lo, hi): it stops before a heading (a new rubric in a
    Debates page); trailing stage directions and clock times are left out."""
    end = None
    for j in range(lo, hi):
        line = text[paras[j][0]:paras[j][1]]
        if j > lo and (is_heading(line) and not pats["stage"].match(line) or pats["question_heading"].match(line)):
            break
        if not pats["stage"].match(line):
            end = paras[j][1]
    return end if end is not None else paras[lo][0]


def _who(h: _Hit, names: Names, presiding: dict, host, interviewee) -> tuple[str | None, str | None, str | None]:
    if h.type == "collective":
        return None, None, None
    if h.type == "question":
        return (names.resolve(host) if host else None), None, None
    if h.type == "answer":
        return (names.resolve(interviewee) if interviewee else None), None, None
    if h.type == "host":
        return (names.resolve(host) if host else None), None, None
    if h.type == "presiding":
        holder = None
        if h.paren and re.match(r"(?:Mr|Mrs|Ms|Hon|M|Mme|Dr)\.?\s|[A-ZÀ-Ý]\w+\s+[A-ZÀ-Ý]", h.paren):
            holder = names.resolve(_clean_name(h.paren))
        holder = holder or presiding.get(h.role or "")
        return holder, h.role, None
    if h.type == "caps":
        name = names.resolve(h.label.title())
        return name, *names.role_of(name, None, None)
    if h.type == "first":
        name = names.resolve_first(h.label)
        return name, *names.role_of(name, None, None)
    raw = names.strip_titles(h.label) if h.type == "plain" else (h.name or h.label)
    name = names.resolve(_clean_name(raw))
    role = party = None
    if h.paren:
        _, party, role = spk.parse_speaker_field(f"{name} ({h.paren})")
    return name, *names.role_of(name, role, party)


# --- press statements ----------------------------------------------------------------------------

def _strip_dateline(line: str, pats: dict) -> tuple[int, bool]:
    """Length of a leading dateline and whether it names a wire service."""
    m = pats["wire"].match(line)
    if m:
        return m.end(), True
    m = pats["dateline"].match(line)
    if m and not re.search(r"[.?!]", m.group(0)[:-3]):
        return m.end(), False
    return 0, False


_CONNECTORS = {"of", "for", "on", "the", "and", "de", "des", "du", "pour", "et"}
_PARTICLES = {"de", "du", "des", "van", "von", "der", "la", "le", "da", "di", "bin", "ibn"}  # inside a name


def _split_untitled(part: str) -> list[str]:
    """Split "A, Critic for Immigration, Refugees and Citizenship, and Pierre Paul-Hus, Critic for
    ..." before a second person named with no title: ", and" then a first name
    (nlp/data/first_names.txt), a surname and the comma of a role."""
    out, start = [], 0
    for m in re.finditer(r",\s+(?:and|et)\s+(?=(?P<first>[A-ZÀ-Ý][\w'’-]+)(?:\s+[A-ZÀ-Ý][\w.'’-]+){1,3},)", part):
        if spk.strip_accents(m["first"]).lower() in _first_names():
            out.append(part[start:m.start()])
            start = m.end()
    return out + [part[start:]]


def parse_issuers(raw: str) -> list[tuple[str, str | None, str | None]]:
    """"The Honourable A, Minister of X and the Honourable B, Minister of Y" -> [(A, role, party),
    (B, role, party)]; "the Canadian Council for Refugees and Amnesty International Canada" -> two
    organisations."""
    pats = patterns()
    raw = pats["issuer_clause"].sub("", raw.strip(" ,;:"))
    # the abbreviations end at their full stop: a \b after it would need a letter next
    parts = re.split(r",?\s+(?:and|et)\s+(?=(?:the\s+|l['’])?(?:Right\s+)?(?:(?:Honourable|honorable|Senator|Mme|"
                     r"sénat\w+|Minister|ministre)\b|(?:Hon|Sen|Dr|Mrs|Mr|Ms|M)\.))", raw)
    # "A, Critic for Immigration, Refugees and Citizenship, and Pierre Paul-Hus, Critic for ...": a
    # second person with no title, after the first one's role, is a first name and a surname
    parts = [q for part in parts for q in _split_untitled(part)]
    out = []
    for part in parts:
        part = pats["honorifics"].sub("", part.strip(" ,;"))
        head, _, rest = part.partition(",")
        head_words = head.split()
        lower = [w for w in head_words[1:] if w[:1].islower() and w not in _PARTICLES]  # "NDP critic for ..."
        if rest.strip() and 2 <= len(head_words) <= 5 and not spk.is_organisation(head) and head[:1].isupper() and not lower:
            role, party = spk.split_role(rest.strip(" ,;"))
            out.append((_clean_name(head), role, party))
            continue
        m = re.match(r"(?P<pre>(?:[\w.,'’-]+\s+)*?[a-zà-ÿ][\w'’-]*\s+)(?P<name>(?:[A-ZÀ-Ý][\w.'’-]+\s+){1,3}[A-ZÀ-Ý][\w'’-]+)$",
                     part.strip(" ,;"))
        # "Republican presidential nominee Donald Trump"; not "Canadian Union of Public Employees",
        # whose words before the name are capitalised or connectors: one name
        if m and not spk.is_organisation(m["name"]) and any(
                w[:1].islower() and w.lower() not in _CONNECTORS for w in m["pre"].split()):
            words = m["name"].split()  # "... Refugees and Citizenship Jenny Kwan": the name opens at a first name
            k = next((k for k, w in enumerate(words[:-1]) if spk.strip_accents(w).lower() in _first_names()), 0)
            role, party = spk.split_role(m["pre"] + " ".join(words[:k]))
            out.append((_clean_name(" ".join(words[k:])), role, party))
            continue
        org = spk.strip_article(part.strip(" ,;"))
        pieces = re.split(r"\s+(?:and|et)\s+(?=(?:the\s+|l['’]|le\s+|la\s+)?[A-ZÀ-Ý])", org) if "," not in org else [org]
        if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
            out += [(spk.strip_article(p.strip()), None, None) for p in pieces]
        elif org:
            out.append((org, None, spk.find_party(org) if len(org.split()) <= 3 else None))
    return [(n, r, p) for n, r, p in out if n and n[:1].isupper()]


def _host(url: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url or "").split("/")[0].lower()


def _host_names(name: str, url: str) -> bool:
    """The page's address host names the organisation: one of its words ("amnesty.ca" for
    Amnesty International) or its initials ("ccrweb.ca" for the Canadian Council for Refugees)."""
    host = _host(url)
    acronym = name.isupper() and len(name) >= 3  # "BCCLA" on bccla.org
    if not host or not (spk.is_organisation(name) or acronym):
        return False
    words = re.findall(r"[\w'’-]+", spk.strip_article(name))
    initials = "".join(w[0] for w in words if w[:1].isupper()).lower()
    # French names keep their adjectives in lower case: "Conseil canadien pour les réfugiés" (ccrweb.ca)
    content = "".join(spk.strip_accents(w[0]) for w in words if len(w) >= 4 and w.lower() not in ("pour", "dans", "avec")).lower()
    label = host.split(".")[0]
    return any(len(w) >= 4 and spk.strip_accents(w).lower() in host for w in words) or any(
        len(i) >= 3 and label.startswith(i) for i in (initials, content)) or (
        acronym and label.startswith(name.lower()))  # "NPD" on npd.ca


def _own_title(text: str, paras: list, url: str, pats: dict) -> tuple[str, int] | None:
    """The organisation whose own page this is, from a title saying what it does ("Amnesty
    International US and Canada Directors condemn proposals ..." on amnesty.ca -> "Amnesty
    International"), with the paragraph index of the title, or None. The title is the first line
    or the one under a page title; the organisation must be named by the address host or speak in
    its own voice in the body (structure.yaml ``own_voice``: a statement reposted on another site,
    "CCR calls on Canada to ..." then "We also urge ..."), or be a party or an organisation the
    lexicons know, on a site that is no news outlet's (``_known_voice``: "Le Bloc Québécois
    demande ..." reposted on a blog); an acronym is spelt out as the body spells it, a French
    article dropped."""
    if len(paras) < 3:
        return None
    m = None
    for i in range(min(5, len(paras) - 2)):  # the title, under a page title or a date and rubric lines
        a, b = paras[i]
        line = text[a:b]
        m = None
        if len(line.split()) <= 30 and not line.endswith("."):
            # "Tragédie d'Akwesasne : Amnistie internationale réitère sa demande ...": after the topic
            m = pats["own_title"].match(line) or next(
                filter(None, (pats["own_title"].match(line[c.end():]) for c in re.finditer(r"[ \t]?:[ \t]", line[:80]))), None)
        if m or line.rstrip().endswith((".", "?", "!", ":")) or len(line.split()) > 25:
            break
        if i >= 1 and len(line.split()) > 4:
            break  # a second title-like line that says nothing of the organisation
    if not m:
        return None
    words = m["issuer"].split()
    body = text[paras[i + 1][0]:]
    # the organisation's own page, or its own voice: "We also urge ..." outside quotation marks
    own_voice = any(pats["own_voice"].search(_unquoted(text[a:b])) for a, b in paras[i + 1:])
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n])
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", body) and (
                _host_names(name, url) or (own_voice and (spk.is_organisation(name) or name.isupper()))
                or _known_voice(name, url, pats)):
            return _drop_french_article(_expanded(name, body)), i
    return None


def _drop_french_article(name: str) -> str:
    """"Le Bloc Québécois" -> "Bloc Québécois"."""
    return re.sub(r"^(?:Le|La|Les|L['’])[ \t]*", "", name)


def _known_voice(name: str, url: str, pats: dict) -> bool:
    """A party or an organisation the lexicons know ("Le Bloc Québécois demande ..."), on a page
    that is no news outlet's: a release reposted elsewhere keeps its issuer."""
    if not url or pats["news_host"].search(_host(url)):
        return False
    bare = spk.strip_article(_drop_french_article(name))
    return len(bare.split()) >= 2 and (bool(spk.find_party(bare)) or spk.is_organisation(bare))


def _masthead(text: str, paras: list, url: str, pats: dict) -> tuple[str, int] | None:
    """A release's masthead on the organisation's own site (structure.yaml ``release_marker``): a
    line naming the organisation the address host names, beside a line saying what the page is
    ("Conseil canadien pour les réfugiés" / "Communiqué"); returns the organisation and the first
    paragraph after the masthead, its date and title, or None."""
    lines = [text[a:b] for a, b in paras[:6]]  # a paragraph is one line (paragraphs())
    for k, line in enumerate(lines):
        if not pats["release_marker"].match(line):
            continue
        for near in lines[max(0, k - 1):k] + lines[k + 1:k + 2]:
            if len(near.split()) <= 8 and not near.endswith(".") and _host_names(near, url):
                body = next((m for m in range(k + 1, len(paras))
                             if text[paras[m][0]:paras[m][1]].rstrip().endswith((".", "»", "”", '"'))
                             and len(text[paras[m][0]:paras[m][1]].split()) > 12), None)
                return (near, body) if body is not None else None
    return None


def _own_opening(text: str, paras: list, url: str, pats: dict, boiler: bool = False) -> tuple[str, int] | None:
    """The organisation whose own site this is when one of the first body paragraphs has it as
    its subject (structure.yaml ``own_opening``: "CUPE joins refugee and migrant justice advocates
    ..." on cupe.ca, "CARL is calling on Canada to:" two paragraphs in), or quotes its staff
    ("said Rachel Sheridan, Senior Litigation Counsel at the Tahirih Justice Center" on
    tahirih.org); with the index of the first body paragraph, or None. On another site that is no
    news outlet's, a release's boilerplate below (``boiler``: "-30-", "Source :") and a party or
    organisation the lexicons know as the subject (``_known_voice``) make it a reposted release.
    Title, date and rubric lines are passed over; a news outlet reporting (``news_outlet``) is no
    issuer."""
    body = None
    for i in range(min(8, len(paras) - 1)):
        a, b = paras[i]
        line = text[a:b]
        if body is None:
            if not line.rstrip().endswith((".", "!")) or len(line.split()) < 12:
                continue  # a title, a date or a rubric line
            body = i
        if i - body > 2:
            break
        cut, _ = _strip_dateline(line, pats)
        m = pats["own_opening"].match(line[cut:])
        name = m["issuer"] if m else ""  # the whole subject: "CUPE National President Mark Hancock" is a person
        if m and (_host_names(name, url) or (boiler and _known_voice(name, url, pats))) and not pats["news_outlet"].search(name):
            return _drop_french_article(_expanded(name, text[a:])), body
        for m in pats["staff_of"].finditer(line):
            org = re.sub(r"^(?:the|The)[ \t]+", "", m["org"]).rstrip(".,;")
            if spk.is_organisation(org) and _host_names(org, url) and not pats["news_outlet"].search(org):
                return org, body
    return None


@functools.lru_cache(maxsize=1)
def _sites() -> dict:
    """Site owners by address host (nlp/data/sites.yaml)."""
    raw = yaml.safe_load((DATA.parent / "sites.yaml").read_text(encoding="utf-8")) or {}
    return {host.lower(): names for host, names in raw.items()}


def _registered_owner(url: str, language: str) -> str | None:
    """The organisation nlp/data/sites.yaml gives for the address host (or a host it is a
    subdomain of), in the page's language."""
    labels = _host(url).split(".")
    for k in range(len(labels) - 1):  # "www2.amnesty.ca", then "amnesty.ca"; never the bare TLD
        names = _sites().get(".".join(labels[k:]))
        if names:
            return names.get(language) or names.get("en")
    return None


def _host_person(url: str, text: str) -> str | None:
    """The person a personal site's address spells ("jennykwanndp.ca" -> "Jenny Kwan", a party or
    office suffix dropped, structure.yaml ``site_suffixes``), as the text spells the name when it
    does (``_site_owner``), else from a first name of nlp/data/first_names.txt and the rest of the
    host label as the surname (at least three letters)."""
    owner = _site_owner(url, text)
    if owner:
        return owner
    label = _host(url).split(".")[0]
    if "-" in label or not label.isalpha() or patterns()["news_outlet"].search(label):
        return None
    label = re.sub(rf"(?:{patterns()['site_suffixes']})$", "", label) or label
    firsts = _first_names()
    for k in range(len(label) - 3, 2, -1):  # the longest first name that leaves a surname
        if label[:k] in firsts:
            return _respell([label[:k], label[k:]], text)
    return None


# first person outside quotation marks: the page speaks in its owner's voice
_FIRST_SINGULAR = re.compile(r"(?<![\w'’])(?:I|my|My|je|Je|j['’]|J['’]|mon|Mon|ma|Ma|mes|Mes)(?![\w'’])")
# (capitalised only where a sentence or line starts: "Reimagining Our Future" is a title, not a voice)
_FIRST_PLURAL = re.compile(r"(?:(?<![\w'’])(?:we|our|us|nous|notre|nos)|(?:^|(?<=[.!?:;»”\"][ \t])|(?<=[.!?:;»”\"]  ))(?:We|Our|Us|Nous|Notre|Nos))(?![\w'’])", re.M)


def _own_site(text: str, paras: list, meta: dict, pats: dict) -> tuple[str, int] | None:
    """The owner of the site a page with no issuer in its lead-in, title or opening is on, with the
    index of the first body paragraph (docs/attribution_guideline.md rules 7 and 14): an
    organisation of nlp/data/sites.yaml (a release with no lead-in: a headline, then body
    paragraphs, in the first person plural, "Nous assistons à ..." on ccrweb.ca, or narrated, "From
    November 4th to 8th the Federal Court of Canada will hear ..." on amnesty.ca), or the person a
    personal site's address spells when it speaks in the first person singular ("Throughout the
    study I made it clear ..." on jennykwanndp.ca), else, on a site sites.yaml does not list, the
    organisation the address and the text name (``_inferred_owner``) when the page speaks in the
    first person plural.
    The voice is read outside quotations, in the title lines and the body up to a letter's
    salutation (after it the first person is the letter writer's); a byline means a reposted
    article: no owner."""
    url = str(meta.get("url") or "")
    if not url or len(paras) < 2:
        return None
    head = [text[a:b] for a, b in paras[:6]]
    if any(pats["byline"].match(line.strip()) for line in head):
        return None
    body = next((i for i, (a, b) in enumerate(paras[:8])
                 if text[a:b].rstrip().endswith((".", "!", "?", "»", "”", '"')) and len(text[a:b].split()) >= 12), None)
    if body is None:
        return None
    language = normalise_tag(meta.get("language")) or detect_language(text)
    org = _registered_owner(url, language)
    if org:
        return org, body  # a page of a listed organisation with no lead-in is its release (rule 7)
    letter = next((i for i, (a, b) in enumerate(paras) if pats["salutation"].match(text[a:b])), len(paras))
    titles = [text[a:b] for a, b in paras[:min(body, letter)] if len(text[a:b].split()) <= 25]
    voice = "\n".join(_unquoted(line).strip() for line in titles + [text[a:b] for a, b in paras[body:letter]])
    person = _host_person(url, text)
    if person and _FIRST_SINGULAR.search(voice):
        return person, body
    org = _FIRST_PLURAL.search(voice) and _inferred_owner(url, text, pats)  # read only for a "we" page
    return (org, body) if org else None


def _inferred_owner(url: str, text: str, pats: dict) -> str | None:
    """The organisation a site not in nlp/data/sites.yaml belongs to, read from its address: the
    organisation name in the text the host names (``_host_names``: "Tahirih Justice Center" on
    tahirih.org; an acronym spelt out as the text spells it), the most often named; else the words
    of a hyphenated host ("united-church.ca" -> "United Church"); else two to four capitalised
    words of the text the host spells ("Rainbow Railroad" on rainbowrailroad.org; one word is not
    enough: "Canada" on canada.ca is no owner). A name ends before a document noun (structure.yaml
    ``name_stop``). A news outlet's host owns no statement (``news_outlet``), nor does a
    parliamentary page whose address names its speaker."""
    labels = _host(url).split(".")
    # the registered name, not a subdomain ("op-alpheus.openparliament.ca"; "tcri.qc.ca")
    label = labels[-3] if len(labels) >= 3 and len(labels[-2]) <= 3 else labels[-2] if len(labels) >= 2 else ""
    if len(label) < 3 or pats["news_outlet"].search(label.replace("-", " ")) or _url_speaker(url) or _url_asker(url):
        return None  # a news outlet; a witness's or senator's page (the address names its speaker)
    counts: dict[str, int] = {}
    for m in re.finditer(rf"[A-ZÀ-Ý][\w’'-]*(?:[ \t]+{_NAME_WORD})*", text):
        words = m.group(0).split()
        cut = next((i for i, w in enumerate(words) if i and pats["name_stop"].fullmatch(w)), len(words))
        words = words[:cut]  # "Green Party Statement for UN World Refugee Day": the party
        while words and not words[-1][:1].isupper():
            words.pop()
        for k in range(len(words)):
            if not words[k][:1].isupper() or words[k].lower() in ("the", "le", "la", "les"):
                continue
            # the shortest name from this word the host names, then its "of Canada" / "pour les réfugiés"
            end = next((j for j in range(k + 1, len(words) + 1) if words[j - 1][:1].isupper()
                        and _host_names(" ".join(words[k:j]), url)), None)
            if end is None:
                continue
            while end + 1 < len(words) and words[end] in _CONNECTORS and words[end + 1][:1].isupper():
                end += 2
            cand = " ".join(words[k:end])
            if not pats["news_outlet"].search(cand):
                name = _expanded(cand, text)
                counts[name] = counts.get(name, 0) + 1
            break
    name = max(counts, key=lambda n: (counts[n], len(n))) if counts else None
    parts = [w for w in label.split("-") if w]
    if name is None and len(parts) >= 2:
        name = " ".join(w.capitalize() for w in parts)
    if name is None:
        name = next((m.group(0) for m in re.finditer(r"[A-ZÀ-Ý][\w'’-]*(?:[ \t]+[A-ZÀ-Ý][\w'’-]*){1,3}", text)
                     if re.sub(r"[^a-z]", "", _fold(m.group(0))) == label), None)
    return None if name is None or pats["news_outlet"].search(name) else name


def _report_opinion(text: str, paras: list, pats: dict) -> tuple[str, int] | None:
    """A committee report's supplementary or dissenting opinion (structure.yaml
    ``report_opinion``): its author, named on the title line or the next line (a party or an
    organisation), and the paragraph after it (the body; a date and headings are passed over by
    the body reader), or None."""
    for i, (a, b) in enumerate(paras[:3]):
        m = pats["report_opinion"].match(text[a:b])
        if not m or len(text[a:b].split()) > 15:
            continue
        by = pats["report_opinion_author"].search(text[a + m.end():b])
        if by and (spk.find_party(by["author"]) or spk.is_organisation(by["author"])):
            return by["author"].strip(), i + 1
        if i + 1 < len(paras):
            nxt = text[paras[i + 1][0]:paras[i + 1][1]].strip()
            if len(nxt.split()) <= 8 and not nxt.endswith(".") and (spk.find_party(nxt) or spk.is_organisation(nxt)):
                return nxt, i + 2
    return None


def _qp_note(text: str, paras: list, pats: dict) -> tuple[str, int] | None:
    """A Question Period note (structure.yaml ``qp_note_title``): the department its
    "Organization:" field names (the value on the field's line or the next), and the paragraph
    before its "Issue/Question:" heading (the body starts there), or None."""
    if not paras or not pats["qp_note_title"].match(text[paras[0][0]:paras[0][1]]):
        return None
    org = None
    for i, (a, b) in enumerate(paras[:20]):
        m = pats["org_field"].match(text[a:b])
        if m:
            org = m["org"].strip() or (text[paras[i + 1][0]:paras[i + 1][1]].strip(" -•\t") if i + 1 < len(paras) else "")
        elif org and pats["qp_body"].match(text[a:b]):
            return org, i
    return None


# a word of an organisation's name: capitalised, or a connector ("Council for Refugees", "Conseil ... pour les")
_NAME_WORD = r"(?:[A-ZÀ-Ý][\w’'-]*|for|of|on|the|and|pour|des|de|du|et)"


def _expanded(name: str, body: str) -> str:
    """An acronym as the text spells it out ("The BC Civil Liberties Association (BCCLA)", else
    "CCR" -> "Canadian Council for Refugees" by its initials), else itself."""
    from .speaker_clusters import acronym

    if not name.isupper():
        return name
    m = re.search(rf"({_NAME_WORD}(?:[ \t]+{_NAME_WORD})+)[ \t]*\({re.escape(name)}\)", body)
    if m:  # "today's Supreme Court of Canada's (SCC) decision": without the possessive
        return re.sub(r"[’']s$", "", re.sub(r"^(?:The|the|Le|La|Les|L['’])[ \t]+", "", m.group(1)))
    for m in re.finditer(rf"[A-ZÀ-Ý][\w’'-]*(?:[ \t]+{_NAME_WORD})+", body):
        words = m.group(0).split()
        for k in range(len(words)):  # "the Canadian Council for Refugees urges": from any capitalised word
            cand = " ".join(words[k:])
            if words[k][0].isupper() and acronym(cand) == name:
                return cand
    return name


def _unquoted(line: str) -> str:
    """A paragraph without its quotations ("...", “...”, « ... »; one its paragraph does not close
    runs to the paragraph's end)."""
    return re.sub(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)|«[^»]*(?:»|$)', " ", line)


# capitalised words after a reporting verb that name nobody ("said Tuesday", "a déclaré Mardi")
_NOT_NAMES = frozenset("""monday tuesday wednesday thursday friday saturday sunday today yesterday
lundi mardi mercredi jeudi vendredi samedi dimanche aujourd'hui hier the that this in on at it
le la les ce cette""".split())


def _cites_other(line: str, issuers: list[str], pats: dict) -> bool:
    """The paragraph attributes words to someone other than the issuers ("..., said Margaret Huang")."""
    own = {w for n in issuers for w in spk.name_key(n).split()}
    for m in pats["cues"].finditer(line):
        after = re.match(r"[ \t]+([A-ZÀ-Ý][a-zà-ÿ'’-]+)(?![\w'’-])", line[m.end():])
        if after and spk.name_key(after.group(1)) not in own | _NOT_NAMES:
            return True  # "..., said Kwan.": a surname alone after the verb
        window = line[max(0, m.start() - 150):m.end() + 80]
        for n in re.finditer(r"\b(?:monsieur|madame|M\.|Mme|Mr\.|Ms\.|Mrs\.|Dr\.|Minister|[Mm]inistre|Senator|"
                             r"sénat\w+|[A-ZÀ-Ý][a-zà-ÿ'’-]+)[ \t]+[A-ZÀ-Ý][a-zà-ÿ'’-]+", window):
            key = spk.name_key(n.group(0)).split()
            if key and not set(key) <= own:
                return True
        if re.search(r"\b(?:the|a|le|la|l['’]|un|une)\s+(?:minister|ministre|spokesperson|porte-parole|director|"
                     r"directeur|directrice|president|président|présidente|leader|chef|official|senator|sénateur|député|députée|critic)\b",
                     window, re.I):
            return True
    return False


def _inline_body(text: str, a: int, b: int) -> tuple[int, list[tuple[int, int]]] | None:
    """A lead-in and its body run together on one line ("..., today issued the following
    statement: “Nearly two months ... “The letter contains ..."): the end of the lead-in (after
    its colon) and the body's paragraphs, one opening at each quotation mark after a sentence's
    end; None when no quotation mark follows the line's first colon."""
    colon = re.search(r":[ \t]*(?=[“\"«])", text[a:b])
    if colon is None:
        return None
    start = a + colon.end()
    cuts = [start] + [start + m.end() for m in re.finditer(r"(?<=[.?!…”\"»])[ \t]+(?=[“\"«])", text[start:b])]
    return a + colon.start() + 1, [(x, len(text[:y].rstrip())) for x, y in zip(cuts, cuts[1:] + [b])]


def _teaser(text: str, paras: list, body_from: int) -> list[int]:
    """The paragraphs of a teaser above the lead-in (a page's summary that repeats the statement:
    jennykwanndp.ca shows the statement, its date and title, then "... issued the following
    statement:" and the statement again): from the paragraph that opens as the body does, up to
    the lead-in. Empty when nothing above the lead-in opens that way."""
    def opening(j: int) -> list[str]:
        return re.findall(r"\w+", text[paras[j][0]:paras[j][1]])[:8]  # \w skips the opening mark

    if body_from < 3 or body_from >= len(paras) or len(opening(body_from)) < 8:
        return []
    first = next((j for j in range(body_from - 2) if opening(j) == opening(body_from)), None)
    if first is None:
        return []
    end = next((j for j in range(first + 1, body_from - 1) if is_heading(text[paras[j][0]:paras[j][1]])), body_from - 1)
    return list(range(first, end))  # up to the date or title line above the lead-in


def _press(text: str, paras: list, meta: dict, names: Names) -> Structure | None:
    pats = patterns()
    if not paras:
        return None
    hint = str(meta.get("kind") or meta.get("genre") or "").lower() in RELEASE_HINTS
    wire = any(_strip_dateline(text[a:b], pats)[1] for a, b in paras[:4])
    boiler = any(pats["boilerplate"].match(text[a:b]) for a, b in paras[2:])
    title_issuer, title_at = None, None
    for i, (a, b) in enumerate(paras[:2]):
        line = text[a:b]
        if len(line.split()) > 25 or line.endswith("."):
            continue
        for t in pats["titles"]:
            m = t.match(line)
            if m:
                title_issuer, title_at = (m["issuer"] or "").strip(), i
                break
        if title_at is not None:
            break
    lead, lead_at, lead_strength = None, None, None
    for i, (a, b) in enumerate(paras[:12]):  # a strong lead-in may follow a teaser of the statement
        line = text[a:b]
        cut, _ = _strip_dateline(line, pats)
        for strength, p in pats["lead_ins"]:
            if strength != "strong" and i >= 6:
                continue
            m = p.match(line[cut:])
            if m is None and strength == "strong":
                inline = _inline_body(text, a + cut, b)
                m = p.match(text[a + cut:inline[0]]) if inline else None
                if m:  # the body run on after the lead-in's colon: one paragraph per opening mark
                    paras = paras[:i] + [(a, inline[0])] + inline[1] + paras[i + 1:]
            if m and (strength == "strong" or wire or boiler or hint or title_at is not None
                      or _host_names(m["issuer"], str(meta.get("url") or ""))):
                lead, lead_at, lead_strength = m["issuer"], i, strength
                break
        if lead is not None:
            break
    if lead is None and title_at is None:
        own = _own_title(text, paras, str(meta.get("url") or ""), pats)
        if own is None:
            mast = (_masthead(text, paras, str(meta.get("url") or ""), pats) or _qp_note(text, paras, pats)
                    or _report_opinion(text, paras, pats))
            if mast is None:
                mast = _own_opening(text, paras, str(meta.get("url") or ""), pats, boiler)
            if mast is None:
                mast = _own_site(text, paras, meta, pats)
            if mast is None:
                return None
            own = (mast[0], mast[1] - 1)  # the body starts after the masthead, or at the opening
        title_issuer, title_at = own
    if lead is not None and (lead_strength == "strong" or not title_issuer):
        raw, body_from = lead, lead_at + 1
    else:
        raw, body_from = title_issuer, (title_at + 1 if title_at is not None else lead_at + 1)
    issuers = parse_issuers(raw) if raw else []
    if not issuers and body_from < len(paras):  # "Statement on ...": the organisation's first sentence
        a, b = paras[body_from]
        cut, _ = _strip_dateline(text[a:b], pats)
        m = pats["issuer_sentence"].match(text[a + cut:b])
        if m and spk.is_organisation(m["issuer"]):
            issuers = [(m["issuer"].strip(), None, None)]
        elif meta.get("issuer"):
            issuers = parse_issuers(str(meta["issuer"]))
    people = []
    for name, role, party in issuers:
        full = names.resolve(name) if len(name.split()) == 1 else name
        names.learn(full)
        people.append((full, role, party))
    if not people:
        return Structure("press_statement", (), ())
    issuer_names = [p[0] for p in people]
    turns: list[Turn] = []
    quoted, inside, introduced, last_bullet = None, False, False, None
    for j in _teaser(text, paras, body_from) + list(range(body_from, len(paras))):
        a, b = paras[j]
        line = text[a:b]
        if pats["boilerplate"].match(line):
            break
        if pats["stage"].match(line) or (is_heading(line) and len(line.split()) <= 8) or (
                line.rstrip().endswith(":") and len(line.split()) <= 4 and not inside):  # "Background:"
            if quoted and not inside:
                break
            continue
        cut, _ = _strip_dateline(line, pats)
        s, e, opened, closed = _strip_marks(text, a + cut, b, inside)
        if quoted is None:
            quoted = opened
        elif quoted and not inside and not opened:
            break  # the quoted statement is over: what follows is the release's own furniture
        was_inside, inside = inside, (inside or opened) and not closed
        if introduced and (opened or was_inside):
            introduced = inside  # the quotation someone else's lead-in introduced ("X a déclaré :")
            continue
        introduced = False
        if e <= s or (_cites_other(line, issuer_names, pats) and not was_inside):  # inside its quotation: the issuer reports
            introduced = line.rstrip().endswith(":")
            continue
        # a joint statement is the first-named issuer's, the co-issuers named in the role
        # (docs/attribution_guideline.md): one statement per paragraph, not one per issuer
        name, role, party = people[0]
        if len(people) > 1:
            role = "; ".join(x for x in [role, "with " + ", ".join(p[0] for p in people[1:])] if x)
        if line.rstrip().endswith(":") and j + 1 < len(paras) and _LIST_ITEM.match(text[paras[j + 1][0]:paras[j + 1][1]]):
            continue  # "CARL is calling on Canada to:" introduces the list: its items are the statements
        if _furniture(line, pats):
            continue
        signer = _signed(text, paras, j, names)
        if signer:  # an epigraph signed on the next line is its signatory's, not the issuer's
            turns.append(Turn(None, signer, None, None, s, e, "direct"))
            continue
        last_bullet = _add_paragraph(turns, Turn(None, name, role, party, s, e, "direct"), j,
                                     bool(re.match(r"[ \t]*[•▪●◦*]", line)), last_bullet)
    return Structure("press_statement", tuple(turns), tuple(issuer_names))


def _add_paragraph(turns: list[Turn], turn: Turn, j: int, bullet: bool, last_bullet: int | None) -> int | None:
    """Add paragraph ``j``'s turn; a bullet right under a bullet extends the last turn over it (a
    bulleted list is one statement). Returns the index of the last bullet, None after prose."""
    if bullet and turns and last_bullet == j - 1:
        turns[-1] = Turn(turn.label, turn.speaker, turn.role, turn.party, turns[-1].start, turn.end, turn.kind)
    else:
        turns.append(turn)
    return j if bullet else None


def _person_or_org(phrase: str) -> tuple[str, str | None]:
    """"CUPE National President Mark Hancock" -> ("Mark Hancock", "CUPE National President"): the
    name opens at a first name (nlp/data/first_names.txt) followed by one to three capitalised
    words; else the phrase is an organisation's name (article dropped)."""
    words = phrase.split()
    firsts = _first_names()
    for k, w in enumerate(words[:-1]):
        if spk.strip_accents(w).lower() in firsts and all(x[:1].isupper() for x in words[k + 1:k + 2]):
            tail = words[k:k + 4]
            while len(tail) > 2 and not tail[-1][:1].isupper():
                tail = tail[:-1]
            return _clean_name(" ".join(tail)), (" ".join(words[:k]) or None)
    return spk.strip_article(phrase.strip(" ,;")), None


def _signatory(text: str, paras: list, j: int) -> tuple[str, str | None] | None:
    """The person signing under the sign-off of paragraph ``j`` ("Sincerely,\n\nJanet Dench\n
    Executive Director"): the first line after it, in that paragraph or the next two, of two to
    four capitalised words opening at a first name; the line under it is the role when short."""
    lines = [ln.strip() for ln in text[paras[j][0]:paras[j][1]].splitlines()[1:]]
    for a, b in paras[j + 1:j + 3]:
        lines += [ln.strip() for ln in text[a:b].splitlines()]
    lines = [ln for ln in lines if ln]
    for i, line in enumerate(lines[:4]):
        words = line.strip(" ,").split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and \
                spk.strip_accents(words[0]).lower() in _first_names():
            role = lines[i + 1].strip(" ,") if i + 1 < len(lines) else None
            if role and (len(role.split()) > 10 or role.endswith(".") or ":" in role):
                role = None
            return _clean_name(" ".join(words)), role
    return None


def _letter(text: str, paras: list, meta: dict, names: Names) -> Structure | None:
    """An open letter (docs/attribution_guideline.md rule 10): a salutation line ("Dear Minister
    Hussen,", "Monsieur le Ministre,"), then its body, each paragraph one speech of the writer,
    until the sign-off ("Sincerely,", structure.yaml ``letter_signoff``) or a release's
    boilerplate; the address block above it, a subject line ("Re: ...") and short headings are no
    statements. The writer: whom the page's introduction names as the letter's (``letter_intro``:
    "The full text of Mark Hancock's letter follows"), else the signatory under the sign-off, else
    whom the body's opening speaks for (``letter_opening``: "On behalf of ..., Unifor would like
    ..."), else the site's owner (nlp/data/sites.yaml, or the organisation the address and the text
    name; never a news outlet's), whose own full paragraphs above the letter (an action page's
    "Agissez maintenant ...") are then its statements too (rule 7). With no writer the page is left
    to the sentence level."""
    pats = patterns()
    at = next((i for i, (a, b) in enumerate(paras) if pats["salutation"].match(text[a:b])), None)
    if at is None:
        return None
    body, end = [], None
    for j in range(at + 1, len(paras)):
        a, b = paras[j]
        line = text[a:b]
        if pats["letter_signoff"].match(line.splitlines()[0]):
            end = j
            break
        if pats["boilerplate"].match(line):
            break
        if pats["letter_subject"].match(line) or pats["stage"].match(line) or (
                is_heading(line) and len(line.split()) <= 8):
            continue
        body.append(j)
    if not body or not any(len(text[paras[j][0]:paras[j][1]].split()) >= 12 for j in body):
        return None
    writer, role = None, None
    intro = "\n".join(text[a:b] for a, b in paras[:at])
    for p in pats["letter_intro"]:
        m = p.search(intro)
        if m:
            writer, role = _person_or_org(m["writer"])
            break
    if writer is None and end is not None:
        found = _signatory(text, paras, end)
        if found:
            writer, role = found
    if writer is None:
        first = text[paras[body[0]][0]:paras[body[0]][1]]
        m = next((m for m in (p.match(first) for p in pats["letter_opening"]) if m), None)
        if m:
            writer = spk.strip_article(m["writer"].strip(" ,"))
    owner = writer is None
    if owner:
        url = str(meta.get("url") or "")
        language = normalise_tag(meta.get("language")) or detect_language(text)
        writer = url and (_registered_owner(url, language) or _inferred_owner(url, text, pats))
    if not writer:
        return None
    names.learn(writer)
    turns: list[Turn] = []
    if owner:  # the owner's page around its letter: its paragraphs above the letter are its release's
        for a, b in paras[:at]:
            line = text[a:b]
            if len(line.split()) >= 16 and line.rstrip().endswith((".", "!", "?", "»", "”", '"')) and \
                    not _LIST_ITEM.match(line) and not _cites_other(line, [writer], pats) and \
                    not pats["boilerplate"].match(line):  # full paragraphs: no tagline, no instructions
                s, e, _, _ = _strip_marks(text, a, b, False)
                turns.append(Turn(None, writer, None, None, s, e, "speech"))
    last_bullet = None
    for j in body:
        a, b = paras[j]
        s, e, _, _ = _strip_marks(text, a, b, False)
        if e <= s:
            continue
        last_bullet = _add_paragraph(turns, Turn(None, writer, role, None, s, e, "speech"), j,
                                     bool(_LIST_ITEM.match(text[a:b])), last_bullet)
    return Structure("letter", tuple(turns), (writer,))


def _furniture(line: str, pats: dict) -> bool:
    """A release line that states nothing: a field of a media advisory ("Date : le mardi 23 ...",
    "Where: ...", structure.yaml ``advisory_field``), a sentence-case heading (eight words or
    fewer on one line, no closing punctuation: "Impact de l'Entente sur les tiers pays sûrs"), or a
    newsletter's numbered contents entry ("3. Lancement de la campagne « ... »": a number, no full
    stop)."""
    flat = line.strip()
    if pats["advisory_field"].match(flat):
        return True
    if len(flat.split()) <= 8 and "\n" not in flat and not flat.endswith(_CLOSING + (":", ";", ",", ")", "'")):
        return True
    bare = flat.rstrip(" \"”»’")  # a title quoted at the end of the entry: « ... »
    return bool(re.match(r"\d{1,2}\.[ \t]", flat)) and not bare.endswith(_CLOSING + (":",)) and len(flat.split()) <= 25


_CLOSING = (".", "!", "?", '"', "”", "»", "’", "…")


# a list item: a bullet, or a number or letter and a full stop or parenthesis ("1.", "a)")
_LIST_ITEM = re.compile(r"[ \t]*(?:[•▪●◦*–-]|\(?(?:\d{1,2}|[a-z])[.)])[ \t]")


def _signed(text: str, paras: list, j: int, names: Names) -> str | None:
    """The signatory of paragraph ``j`` when the line right under it (no blank line between) is a
    person's name alone ("I see the face of God in refugees’ faces… / Heather MacDonald"): two to
    four capitalised words, no punctuation, person-like (``Names.person_like``)."""
    if j + 1 >= len(paras):
        return None
    a, b = paras[j]
    c, d = paras[j + 1]
    line = text[c:d].strip()
    words = line.split()
    if (text[b:c].count("\n") != 1 or not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words)
            or re.search(r"[^\w'’ .-]", line) or line.endswith(".")
            or not text[a:b].rstrip().endswith((".", "!", "?", "…", "”", '"', "»"))):
        return None
    return line if names.person_like(line) else None


# --- entry point ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _accented() -> dict[str, str]:
    """Accented name spellings by their accent-free key (nlp/data/accented_names.txt)."""
    words = spk._words(DATA.parent / "accented_names.txt")
    return {spk.strip_accents(w).lower(): w for w in words}


def _fold(text: str) -> str:
    """Lower case without accents, one character for each character of ``text``."""
    return "".join((spk.strip_accents(c).lower() or c)[:1] if c.isalpha() else c for c in text)


def _respell(words: list[str], text: str) -> str:
    """A name read from a web address ("helene-cote-roy": words without accents, hyphens and
    spaces alike), as the document spells it ("Hélène Côté-Roy"), else capitalised with the
    accents of nlp/data/accented_names.txt for its first names ("Stéphane Handfield")."""
    pattern = r"[ \t\u00a0-]+".join(re.escape(w.lower()) for w in words)
    m = re.search(rf"(?<!\w){pattern}(?!\w)", _fold(text or ""))
    if m and text[m.start()].isupper():
        return text[m.start():m.end()]
    return " ".join("-".join(part.capitalize() for part in _accented().get(w.lower(), w).split("-")) for w in words)


def _first_names() -> dict:
    from .speaker_clusters import knowledge  # nlp/data/first_names.txt

    return knowledge()["first_names"]


def _site_owner(url: str, text: str) -> str | None:
    """The person whose own site this is: the address host spells a name the text gives, first and
    last word ("mobinajaffer.ca" and "Hon. Mobina S.B. Jaffer"; a party or office after the name,
    "jennykwanndp.ca", is allowed by structure.yaml ``site_suffixes``), else None."""
    label = _host(url).split(".")[0].replace("-", "")
    if len(label) < 6:
        return None
    label = re.sub(rf"(?:{patterns()['site_suffixes']})$", "", label) or label
    for m in re.finditer(r"[A-ZÀ-Ý][\w'’.-]*(?:[ \t]+[A-ZÀ-Ý][\w'’.-]*)+", text):  # runs of capitalised words
        words = [w for w in m.group(0).split() if not re.fullmatch(r"(?:[A-ZÀ-Ý]\.)+", w)]
        for i, first in enumerate(words):
            for last in words[i + 1:i + 3]:
                if re.sub(r"[^a-z]", "", _fold(first + last)) == label:
                    return f"{first} {last}"
    return None


def _url_asker(url: str, text: str = "") -> str | None:
    """The asker of an unlabelled Q&A page whose address names them ('.../senators/
    clement-bernadette/interventions/...' -> 'Bernadette Clement'; 'forest-niesing-josee' ->
    'Josée Forest-Niesing')."""
    for p in patterns()["qa_askers"]:
        m = p.search(url or "")
        if m:
            words = m["slug"].split("-")
            if len(words) >= 3 and "-".join(words[-2:]) in _first_names():  # dagenais-jean-guy
                words = words[:-2] + ["-".join(words[-2:])]
            if len(words) >= 2:
                written = _respell(words[-1:] + words[:-1], text)
                if written != _respell(words[-1:] + words[:-1], ""):
                    return written  # the document spells the name: its spaces and hyphens
                first, *rest = written.split()
                return " ".join([first, "-".join(rest)])
    return None


def _url_speaker(url: str, text: str = "") -> tuple[str, str] | None:
    """(speaker, unit) of a single-speaker page named by its address (structure.yaml url_speakers)."""
    for unit, p in patterns()["url_speakers"]:
        m = p.search(url or "")
        if m:
            words = [w for w in m["slug"].split("-") if w not in spk.lexicon()["honorifics"]]
            if len(words) >= 2:
                return _respell(words, text), unit
    return None


def analyse(text: str, meta: dict | None = None) -> Structure:
    """The document's kind and turns (see the module docstring)."""
    meta = meta or {}
    text = text or ""
    paras = paragraphs(text)
    if not paras:
        return Structure("news")
    lo, hi = paras[0][0], paras[-1][1]
    if meta.get("speaker"):
        name, party, role = spk.parse_speaker_field(str(meta["speaker"]))
        return Structure("speech", (Turn(None, name, role, party, lo, hi, "speech"),))
    names = Names(text)
    found = (_speaking(text, paras, meta, names) or _unlabelled_interview(text, paras, names)
             or _owner_page(text, paras, meta, names))
    if found is not None:
        return found
    found = _letter(text, paras, meta, names) or _press(text, paras, meta, names)
    if found is not None:
        return found
    found = _url_speaker(str(meta.get("url") or ""), text)
    if found:  # testimony: one speech per paragraph of the witness (guideline rule 9); a debate
        who, unit = found  # intervention: one speech (rule 8)
        if unit == "turn":
            return Structure("speech", (Turn(None, who, None, None, lo, hi, "speech"),))
        pats = patterns()
        return Structure("speech", tuple(Turn(None, who, None, None, a, b, "speech")
                                         for a, b in paras if not pats["stage"].match(text[a:b])))
    return Structure("news")
