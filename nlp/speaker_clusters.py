"""Per-document speaker resolution: mention clusters of the people and organisations of one Doc.

``DocumentPeople.from_doc(doc)`` reads the parse the base model already made (entities,
dependencies) and groups mentions into clusters:

* people: a full name ("Ahmed Hussen") with its surname, honorific + surname ("Mr. Hussen") and
  first-name mentions; a title before the name ("Immigration Minister Ahmed Hussen") or an
  apposition ("Ahmed Hussen, the immigration minister," / "her brother, Juan Serrano") gives the
  cluster its roles; gender comes from honorifics and a list of first names. People who share a
  surname stay apart: a first name picks its person, a bare surname the most recent one;
* organisations: full names and acronyms ("Canadian Council for Refugees" / "CCR"), and the head
  noun ("the council") when one organisation of the text has it.

``resolve(span)`` turns a Source mention (a name, "he", "the minister", "a spokesperson for X",
"Amnesty International", "the Conservatives") into a speaker dict. Antecedents precede the
mention (a pronoun may point forward only inside its own sentence); pronouns pick the most
salient compatible cluster (subjects and speakers of recent sentences weigh most, people named
inside a quotation of the same sentence are never the speaker of that quotation).

Knowledge is data: nlp/data/pronouns.txt, first_names.txt, roles.txt, role_synonyms.txt,
relations.txt; honorifics from knowledge/data/honorifics.yaml.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from . import speakers as spk
from .quote_cues import cue_lemmas, doc_text
from .quote_spans import paragraph_starts, quote_spans

DATA = spk.DATA
INDEFINITE = {"a", "an", "another", "one", "some", "any"}
ACRONYM_SKIP = {"of", "for", "and", "the", "on", "in", "to", "de", "des", "du", "la", "le", "l", "et", "&"}
NON_DISTINGUISHING = {"federal", "former", "then", "current", "new", "top", "acting", "interim", "longtime",
                      "veteran", "outgoing", "incoming", "canadian", "american"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
WINDOW_PARAGRAPHS = 2  # pronouns look back over the same and this many previous paragraphs first


@functools.lru_cache(maxsize=1)
def knowledge() -> dict:
    pron = {}
    for line in spk._words(DATA / "pronouns.txt"):
        kind, _, words = line.partition(":")
        pron[kind.strip()] = set(words.split())
    names = {}
    for line in spk._words(DATA / "first_names.txt"):
        name, gender = line.split()
        names[name] = gender
    synonyms = {}
    for line in spk._words(DATA / "role_synonyms.txt"):
        words = line.split()
        for w in words:
            synonyms[w] = words[0]
    return {"pronouns": pron, "first_names": names, "synonyms": synonyms,
            "relations": set(spk._words(DATA / "relations.txt")),
            "places": set(spk._words(DATA / "place_words.txt"))}


def _role_words(text: str) -> list[str]:
    syn = knowledge()["synonyms"]
    return [syn.get(w, w) for w in spk._tokens(text) if w not in spk.DETERMINERS and w not in ("'s", "s")]


def is_role_description(text: str) -> bool:
    words = spk._tokens(text)
    return spk.is_role_phrase(text) or any(w in knowledge()["relations"] for w in words)


def acronym(name: str) -> str:
    words = re.findall(r"[A-Za-zÀ-ÿ][\w'’-]*", name)
    caps = [w for w in words if w.lower() not in ACRONYM_SKIP and w[0].isupper()]
    return "".join(w[0] for w in caps).upper() if len(caps) >= 2 else ""


def _extraposed(tok) -> bool:
    """'It is clear that ...', 'It was premature to speculate': an expletive "it"."""
    verb = tok.head
    return (tok.lower_ == "it" and verb.lemma_ in ("be", "seem", "appear", "remain")
            and any(c.dep_ in ("ccomp", "xcomp", "csubj") for c in verb.children)
            and any(c.dep_ in ("acomp", "attr") for c in verb.children))


@dataclass
class Mention:
    start: int  # token offsets in the doc
    end: int
    cluster: int
    sent: int
    para: int
    subject: bool = False
    speaker: bool = False  # subject of a reporting or belief verb
    in_quote: bool = False
    kind: str = "name"  # name | pronoun | description


@dataclass
class Cluster:
    id: int
    org: bool = False
    names: list = field(default_factory=list)  # surface names, first seen first
    first: set = field(default_factory=set)  # name keys of first names
    last: str = ""
    gender: str | None = None
    roles: list = field(default_factory=list)
    places: set = field(default_factory=set)  # place words inside the roles ("Quebec" Premier)
    party: str | None = None
    plural: bool = False
    acronym: str = ""
    head: str = ""
    place: bool = False  # a country or city speaking ("the U.S. said"): "it", never "they"
    anonymous: bool = False  # a description ("advocates", "opponents of the treaty"), not a name

    @property
    def name(self) -> str:
        if self.org:
            full = [n for n in self.names if len(n.split()) >= 2]
            return full[0] if full else self.names[0]
        return max(self.names, key=lambda n: (len(spk.name_key(n).split()), -self.names.index(n)))

    def role_set(self) -> set:
        return {w for r in self.roles for w in _role_words(r)}


_LAST_BUILT: list = [None]  # the DocumentPeople of the last Doc (DocumentPeople.of)


class DocumentPeople:
    """Mention clusters of one spaCy Doc (English)."""

    def __init__(self, doc):
        self.doc = doc
        self.clusters: list[Cluster] = []
        self.mentions: list[Mention] = []
        self.by_token: dict[int, int] = {}  # token index -> mention index
        text = self._text = doc_text(doc)
        self._clean_cache: dict[tuple[int, int], tuple[str, str | None]] = {}
        self._para_starts = paragraph_starts(text)
        self._in_quote = [False] * len(doc)
        for q in quote_spans(text):
            span = doc.char_span(q.open, min(len(text), q.close + 1), alignment_mode="expand")
            if span is not None:
                for t in span:
                    self._in_quote[t.i] = True
        self._sent = [0] * len(doc)
        for k, s in enumerate(doc.sents):
            for i in range(s.start, s.end):
                self._sent[i] = k
        self._cues = cue_lemmas()[0] | cue_lemmas()[1]

    # --- building ------------------------------------------------------------------------

    @classmethod
    def of(cls, doc) -> "DocumentPeople":
        """``from_doc``, built once per Doc: the rule pass (inside stca_attribution) and the
        statement pass (stca_quotes) of one Doc share it. The clusters are read-only once built."""
        last = _LAST_BUILT[0]
        if last is not None and last.doc is doc and len(last.doc) == len(doc):
            return last
        _LAST_BUILT[0] = people = cls.from_doc(doc)
        return people

    @classmethod
    def from_doc(cls, doc) -> "DocumentPeople":
        self = cls(doc)
        ents = [e for e in doc.ents]
        surnames = self._full_name_surnames(ents)
        persons = [e for e in ents if self._is_person(e, surnames)]
        full = [e for e in persons if len(self._key(e).split()) >= 2]
        for e in full:  # pass 1: one cluster per distinct full name
            self._cluster_for_full(e)
        person_starts = {e.start for e in persons}
        for e in ents:  # pass 2: every mention, in document order
            if e.start in person_starts:
                self._add_person(e)
            elif e.label_ in ("ORG", "NORP") or (e.label_ == "GPE" and e.root.dep_ in SUBJECT_DEPS):
                self._add_org(e)
        self._learn_gender_from_pronouns()
        self._add_descriptions()
        return self

    def _para(self, i: int) -> int:
        return bisect.bisect_right(self._para_starts, self.doc[i].idx) - 1 if self._para_starts else 0

    def _clean(self, ent) -> tuple[str, str | None]:
        """An entity's name without "the", possessive, punctuation and honorifics; the honorific's gender."""
        cached = self._clean_cache.get((ent.start, ent.end))
        if cached is None:
            cached = self._clean_cache[(ent.start, ent.end)] = self._clean_uncached(ent)
        return cached

    def _clean_uncached(self, ent) -> tuple[str, str | None]:
        doc = ent.doc
        toks = [t for t in ent if t.lower_ not in ("'s", "’s")]
        while toks and (toks[0].lower_ in ("the",) or toks[0].is_punct):
            toks = toks[1:]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        words = [t.text for t in toks]
        honor = doc[ent.start - 1].text if ent.start > 0 else ""
        gender = spk.gender_of(honor) or (spk.gender_of(words[0]) if words else None)
        surface = self._text[toks[0].idx:toks[-1].idx + len(toks[-1])] if toks else ent.text
        surface = re.sub(r"\s*\($", "", re.sub(r"['’]s$", "", surface)).strip()  # "Cobb-Hunter" keeps its hyphen
        name = spk.strip_honorifics(" ".join(surface.split())) if words else ent.text
        return name, gender

    def _key(self, ent) -> str:
        return spk.name_key(self._clean(ent)[0])

    def _full_name_surnames(self, ents) -> set[str]:
        """The last word of the name key of each PERSON entity named in full (two words or more)."""
        keys = (self._key(e).split() for e in ents if e.label_ == "PERSON")
        return {words[-1] for words in keys if len(words) >= 2}

    def _is_person(self, ent, full_name_surnames: set[str]) -> bool:
        key = self._key(ent)
        if not key or key.split()[-1] in knowledge()["places"]:
            return False
        if ent.label_ == "PERSON":
            return True
        if ent.label_ in ("ORG", "GPE", "NORP") and len(self._key(ent).split()) == 1 and not ent.text.isupper():
            # NER calls a lone surname an ORG: a person of the document has that surname
            key = self._key(ent)
            honor = ent.doc[ent.start - 1].lower_.strip(".") if ent.start > 0 else ""
            if honor in spk.MALE_HONORIFICS | spk.FEMALE_HONORIFICS:
                return True
            return key in full_name_surnames
        return False

    def _new(self, **kw) -> Cluster:
        c = Cluster(id=len(self.clusters), **kw)
        self.clusters.append(c)
        return c

    def _cluster_for_full(self, ent) -> Cluster:
        name, gender = self._clean(ent)
        words = spk.name_key(name).split()
        first, last = words[0], words[-1]
        for c in self.clusters:
            if c.org or c.last != last:
                continue
            if any(f == first or (len(first) == 1 and f.startswith(first)) or (len(f) == 1 and first.startswith(f))
                   for f in c.first):
                if name not in c.names and len(words) > max(len(spk.name_key(n).split()) for n in c.names):
                    c.names.insert(0, name)
                return c
        c = self._new(names=[name], first={first}, last=last, gender=gender or self._name_gender(first))
        return c

    def _name_gender(self, first: str) -> str | None:
        return knowledge()["first_names"].get(first)

    def _recent_cluster(self, cands: list[Cluster], pos: int) -> Cluster | None:
        """The candidate mentioned most recently before token ``pos``; else the first one after."""
        best, best_at = None, -1
        ids = {c.id for c in cands}
        for m in self.mentions:
            if m.cluster in ids and m.start < pos and m.start > best_at:
                best, best_at = self.clusters[m.cluster], m.start
        return best

    def _add_person(self, ent) -> None:
        name, gender = self._clean(ent)
        words = spk.name_key(name).split()
        if len(words) >= 2:
            c = self._cluster_for_full(ent)
        else:
            w = words[0]
            cands = [c for c in self.clusters if not c.org and c.last == w]
            if gender:
                fits = [c for c in cands if c.gender in (gender, None)]
                cands = fits or cands
            if not cands:
                cands = [c for c in self.clusters if not c.org and w in c.first]
            c = None
            if cands:
                c = self._recent_cluster(cands, ent.start)
                if c is None:  # named in full only later (a headline): the first such person
                    c = min(cands, key=lambda c: self._first_full_at(c))
            if c is None:
                c = self._new(names=[name], last=w, gender=gender)
        if gender and not c.gender:
            c.gender = gender
        self._learn_role(ent, c)
        self._mention(ent.start, ent.end, c, ent.root)

    def _first_full_at(self, c: Cluster) -> int:
        return min((m.start for m in self.mentions if m.cluster == c.id), default=10 ** 9)

    def _mention(self, start: int, end: int, c: Cluster, root, kind: str = "name") -> Mention:
        subject = root.dep_ in SUBJECT_DEPS or (root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS)
        verb = root.head if root.dep_ in SUBJECT_DEPS else root.head.head
        m = Mention(start, end, c.id, self._sent[root.i], self._para(root.i), subject=subject,
                    speaker=subject and verb.lemma_.lower() in self._cues, in_quote=self._in_quote[root.i],
                    kind=kind)
        k = bisect.bisect_right([x.start for x in self.mentions], start)
        self.mentions.insert(k, m)
        # by_token maps a token to the last mention (in document order) covering it: mentions
        # after the new one move up by one, and the new one takes the tokens no later one holds
        if k < len(self.mentions) - 1:
            self.by_token = {i: n + 1 if n >= k else n for i, n in self.by_token.items()}
        for i in range(start, end):
            if self.by_token.get(i, -1) < k:
                self.by_token[i] = k
        return m

    def _learn_role(self, ent, c: Cluster) -> None:
        doc = ent.doc
        root = ent.root
        # an honorific that is a role: "Sen. Bernie Sanders", "Senator Ratna Omidvar", "Gov. X"
        syn = knowledge()["synonyms"]
        honor = doc[ent.start - 1].lower_.strip(".") if ent.start > 0 else ""
        first = ent[0].lower_.strip(".")
        for word in (honor, first):
            role = syn.get(word, word)
            if word and role in spk.lexicon()["roles"] and word in spk.lexicon()["honorifics"] | set(syn):
                self._add_role(c, role)
        # a title before the name: "Immigration Minister Ahmed Hussen", "Conservative critic X"
        pre = [t for t in doc[root.left_edge.i:ent.start] if t.head.i >= ent.start and t.head.i < ent.end
               and t.dep_ in ("compound", "amod", "nmod")]
        if pre and "\n" not in doc[pre[0].left_edge.i:ent.end].text:
            lo = min(t.left_edge.i for t in pre)
            prefix = doc[lo:ent.start].text
            if not re.search(r"['’]s\s*$", prefix):
                role, party = spk.split_role(prefix)
                if role and is_role_description(role):
                    self._add_role(c, role)
                    c.places |= {t.lower_ for t in doc[lo:ent.start] if t.ent_type_ in ("GPE", "NORP", "LOC")}
                if party and not c.party:
                    c.party = party
        # an apposition after the name: "Ahmed Hussen, the immigration minister,"
        for a in root.children:
            if a.dep_ == "appos" and a.i >= ent.end and a.ent_type_ != "PERSON":
                phrase = doc[a.left_edge.i:a.right_edge.i + 1].text
                if is_role_description(phrase) and "\n" not in phrase:
                    self._role_phrase(c, phrase)
        # the name is the apposition of a role: "the minister, Sean Fraser", "her brother Juan Serrano"
        if root.dep_ in ("appos",) and root.head.ent_type_ != "PERSON":
            head = root.head
            lo = head.left_edge.i
            hi = min(ent.start, max(head.i + 1, max((t.right_edge.i + 1 for t in head.rights if t.i < ent.start), default=head.i + 1)))
            phrase = doc[lo:hi].text.strip(" ,")
            if phrase and is_role_description(phrase) and "\n" not in phrase:
                self._role_phrase(c, phrase)

    def _role_phrase(self, c: Cluster, phrase: str) -> None:
        """An appositive role, as written without its article ("lawyer for the family")."""
        party = spk.find_party(phrase)
        if party and not c.party:
            c.party = party
        role = re.sub(r"^(?:a|an|the)\s+", "", phrase.strip(" ,;:"), flags=re.I)
        if party and len(role.split()) <= 3:
            role = spk.split_role(role)[0]
        if role:
            self._add_role(c, role)

    def _add_role(self, c: Cluster, role: str) -> None:
        role = role.strip(" ,;:")
        if role and role not in c.roles:
            c.roles.append(role)

    def _add_org(self, ent) -> None:
        name, _ = self._clean(ent)
        name = re.sub(r"\s*\($", "", name).strip()
        if not name:
            return
        acr = name if name.isupper() and 2 <= len(name) <= 6 else acronym(name)
        key = spk.name_key(name)
        hit = None
        for c in self.clusters:
            if not c.org:
                continue
            if any(spk.name_key(n) == key for n in c.names) or (acr and c.acronym == acr):
                hit = c
                break
        if hit is None:
            head = ent.root.lower_ if ent.root.tag_ != "NNPS" else ent.root.lemma_.lower()
            hit = self._new(org=True, names=[name], acronym=acr, head=head,
                            party=spk.find_party(name), plural=ent.label_ == "NORP", place=ent.label_ == "GPE")
        elif name not in hit.names:
            hit.names.append(name)
            if len(name.split()) >= 2 and not hit.head:
                hit.head = ent.root.lower_
        self._mention(ent.start, ent.end, hit, ent.root)

    def _learn_gender_from_pronouns(self) -> None:
        """'Evelyne Bouchard ... she said': a gendered pronoun right after an ungendered person's
        subject mention, with no other person between, tells that person's gender."""
        pron = knowledge()["pronouns"]
        for m in self.mentions:
            c = self.clusters[m.cluster]
            if c.org or c.gender or not m.subject:
                continue
            nxt = [x for x in self.mentions if x.start > m.start and not self.clusters[x.cluster].org]
            limit = nxt[0].start if nxt else len(self.doc)
            for t in self.doc[m.end:min(limit, m.end + 60)]:
                if t.dep_ in SUBJECT_DEPS and t.lower_ in pron["male"] | pron["female"] and not self._in_quote[t.i]:
                    c.gender = "m" if t.lower_ in pron["male"] else "f"
                    break

    def _add_descriptions(self) -> None:
        """Resolve role descriptions and pronoun subjects in order, so later pronouns can chain."""
        pron = knowledge()["pronouns"]
        for t in self.doc:
            if t.i in self.by_token or self._in_quote[t.i] or t.dep_ not in SUBJECT_DEPS | {"poss"}:
                continue
            if t.pos_ == "PRON" and t.lower_ in pron["male"] | pron["female"] | pron["plural"] | pron["neuter"]:
                c = self._pronoun_cluster(t)
                if c is not None:
                    self._mention(t.i, t.i + 1, c, t, kind="pronoun")
            elif t.pos_ == "NOUN" and t.dep_ in SUBJECT_DEPS:
                span = self._np(t)
                c = self._role_holder(span) if is_role_description(span.text) else None
                if c is None and t.tag_ == "NNS" and not any(x.i in self.by_token for x in span):
                    # "Opponents of the treaty had asked ...": an antecedent for a later "they"
                    c = self._new(names=[spk.strip_article(span.text)], plural=True, org=True,
                                  anonymous=is_role_description(span.text), head=t.lower_)
                if c is not None:
                    self._mention(t.i, t.i + 1, c, t, kind="description")

    # --- resolving -----------------------------------------------------------------------

    def _np(self, head):
        doc = head.doc
        cut = [c for c in head.rights if c.dep_ in ("relcl", "acl", "advcl", "cc", "conj", "appos", "punct")]
        right = min((c.left_edge.i for c in cut), default=head.right_edge.i + 1) - 1
        end = max(head.i, min(head.right_edge.i, right))
        return doc[head.left_edge.i:end + 1]

    def _salience(self, cands: list[Cluster], tok, allow_forward: bool = True) -> Cluster | None:
        """The candidate with the most salience at token ``tok``: each earlier mention adds a weight
        (recency, subject, speaker, outside quotes) halved for every sentence back."""
        if not cands:
            return None
        ids = {c.id: c for c in cands}
        sent, para = self._sent[tok.i], self._para(tok.i)
        for window in (WINDOW_PARAGRAPHS, 10 ** 6):
            best: dict[int, float] = {}
            total: dict[int, float] = {}
            for m in self.mentions:
                if m.cluster not in ids or m.start >= tok.i or para - m.para > window:
                    continue
                if m.in_quote and m.sent == sent:
                    continue  # '"Trudeau failed," he said': he is not Trudeau
                w = 100 + 80 * m.subject + 50 * m.speaker - 70 * m.in_quote
                w *= 0.5 ** min(sent - m.sent, 12)
                if ids[m.cluster].gender is None and not ids[m.cluster].org:
                    w *= 0.7
                best[m.cluster] = max(best.get(m.cluster, 0), w)
                total[m.cluster] = total.get(m.cluster, 0) + w
            if best:
                # the best mention counts in full, the others a little: a long chain of old
                # mentions does not outweigh the subject of the previous sentence
                score = {k: best[k] + 0.15 * (total[k] - best[k]) for k in best}
                return ids[max(score, key=score.get)]
        if allow_forward:  # cataphora inside the sentence: "Speaking to reporters, he ... Goodale"
            later = [m for m in self.mentions if m.cluster in ids and m.start > tok.i and m.sent == sent
                     and not m.in_quote]
            if later:
                return ids[later[0].cluster]
        return None

    def _pronoun_cluster(self, tok) -> Cluster | None:
        pron = knowledge()["pronouns"]
        low = tok.lower_
        if low in pron["male"] | pron["female"]:
            want = "m" if low in pron["male"] else "f"
            cands = [c for c in self.clusters if not c.org and not c.plural and c.gender in (want, None)]
            return self._salience(cands, tok)
        if low in pron["plural"]:
            cands = [c for c in self.clusters if (c.org or c.plural) and not c.place]
            return self._salience(cands, tok)
        if low in pron["neuter"]:
            return self._salience([c for c in self.clusters if c.org and not c.plural], tok)
        return None

    def _role_holder(self, span) -> Cluster | None:
        """The most recent person whose role matches a definite description ("the minister")."""
        words = [t for t in span if not t.is_punct]
        if not words or words[0].lower_ in INDEFINITE or span.root.tag_ in ("NNS", "NNPS"):
            return None
        kept = [t for t in words if t.lower_ not in NON_DISTINGUISHING]
        places = {t.lower_ for t in kept if t.ent_type_ in ("GPE", "NORP", "LOC") and t.i != span.root.i}
        want = set(_role_words(" ".join(t.text for t in kept)))
        if not want:
            return None
        head = _role_words(span.root.text)
        cands = []
        for c in self.clusters:
            if c.org:
                continue
            have = c.role_set()
            # "the Vermont senator" fits "Sen. Bernie Sanders", not "Quebec Premier X" for "the Ontario premier"
            need = want if c.places else want - places
            if head and head[0] in have and need <= have:
                cands.append(c)
        if not cands:
            return None
        return self._recent_cluster(cands, span.start)

    def _org_by_head(self, span) -> Cluster | None:
        words = [t.lower_ for t in span if not t.is_punct]
        if len(words) != 2 or words[0] != "the":
            return None
        cands = [c for c in self.clusters if c.org and c.head == words[1] and any(len(n.split()) >= 2 for n in c.names)]
        return cands[0] if len(cands) == 1 else None

    def _first_of_list(self, span) -> Cluster | None:
        """"the organizations" (nlp/data/collective_nouns.txt) after "The Canadian Council for
        Refugees, Amnesty International and the Canadian Council of Churches": the first-named
        organisation of the latest list of coordinated organisations before the span."""
        from .quote_cues import word_set

        words = [t.lower_ for t in span if not t.is_punct]
        if not (1 <= len(words) <= 2 and words[-1] in word_set("collective_nouns") and words[0] in ("the", words[-1])):
            return None
        doc = self.doc
        for i in range(span.start - 1, -1, -1):
            c = self.cluster_at(i)
            if c is None or not c.org:
                continue
            tok = doc[i]
            if tok.dep_ != "conj" or self.cluster_at(tok.head.i) is None:
                continue
            while tok.dep_ == "conj" and self.cluster_at(tok.head.i) is not None:
                tok = tok.head  # the list's first-named organisation
            first = self.cluster_at(tok.i)
            return first if first.org else None
        return None

    def _person(self, c: Cluster, pronoun=False, role=None) -> dict:
        return {"speaker": c.name, "speaker_role": role or (c.roles[0] if c.roles and not c.org else None),
                "speaker_party": c.party, "org": c.org, "anonymous": c.anonymous, "pronoun": pronoun}

    def cluster_at(self, i: int) -> Cluster | None:
        """The cluster of the mention covering token ``i``, or None."""
        n = self.by_token.get(i)
        return self.clusters[self.mentions[n].cluster] if n is not None else None

    def mentions_in(self, start: int, end: int):
        """(cluster, mention) for the mentions inside tokens [start, end), in order."""
        return [(self.clusters[m.cluster], m) for m in self.mentions if start <= m.start and m.end <= end]

    def resolve(self, span) -> dict | None:
        """The speaker for a mention span (a Source: "he", "Mr. Hussen", "the minister",
        "a spokesperson for Public Safety Minister Ralph Goodale", "Amnesty International",
        "the Conservatives"): {"speaker", "speaker_role", "speaker_party", "org", "anonymous", "pronoun"},
        using the span's position (antecedents must precede it, except cataphora within one sentence
        like '"...," said Goodale'), or None for first/second person and expletives."""
        doc = self.doc
        if not hasattr(span, "root"):  # a Token
            span = doc[span.i:span.i + 1]
        while len(span) > 1 and (span[-1].is_punct or span[-1].lower_ in ("'s", "’s")):
            span = span[:-1]
        while len(span) > 1 and span[0].is_punct:
            span = span[1:]
        if not len(span):
            return None
        root = span.root
        pron = knowledge()["pronouns"]
        low = root.lower_
        if len(span) == 1 or root.pos_ == "PRON":
            if low in pron["first"] | pron["second"] or root.dep_ == "expl" or _extraposed(root):
                return None
            if low in pron["relative"] and root.pos_ == "PRON":
                verb = root.head
                if verb.dep_ == "relcl" and verb.head.i < root.i:
                    return self.resolve(self._np(verb.head))
                return None
            if low in pron["male"] | pron["female"] | pron["plural"] | pron["neuter"]:
                hit = self.cluster_at(root.i) if root.i in self.by_token else self._pronoun_cluster(root)
                if hit is None:
                    return {"speaker": root.text, "speaker_role": None, "speaker_party": None,
                            "org": low in pron["plural"] | pron["neuter"], "anonymous": True, "pronoun": True}
                return self._person(hit, pronoun=True)
        listed = self._first_of_list(span)  # "the organizations" after a list of them
        if listed is not None:
            return self._person(listed)
        # the phrase's head names someone: "Mr. Hussen", "Spokeswoman Haley Morris"
        c = self.cluster_at(root.i)
        if c is not None and not (c.org is False and root.i not in range(span.start, span.end)):
            prefix = doc[span.start:self.mentions[self.by_token[root.i]].start]
            role = None
            if prefix.text and not c.org:
                r, party = spk.split_role(prefix.text)
                role = r if r and is_role_description(r) else None
            if c.org:
                return {"speaker": c.name, "speaker_role": None, "speaker_party": c.party,
                        "org": True, "anonymous": False, "pronoun": False}
            return self._person(c, role=role)
        # a role with a named apposition: "A spokesman, Scott Bardsley,"
        for a in root.children:
            if a.dep_ == "appos":
                ca = self.cluster_at(a.i)
                if ca is not None and not ca.org:
                    return self._person(ca, role=self._np(root).text)
        text = self._np(root).text if root.i in range(span.start, span.end) else span.text
        text = span.text if len(span) < len(self._np(root)) else text
        if is_role_description(text) and not spk.is_organisation(text):
            holder = self._role_holder(span)
            if holder is not None:
                return self._person(holder, role=None)
            return {"speaker": text, "speaker_role": text, "speaker_party": spk.find_party(text), "org": False,
                    "anonymous": root.tag_ != "NNP", "pronoun": False}
        org = self._org_by_head(span)
        if org is not None:
            return self._person(org)
        if root.pos_ == "PROPN":  # a name the NER missed
            key = spk.name_key(text)
            words = key.split()
            cands = [c for c in self.clusters if not c.org and words and
                     (c.last == words[-1] and (len(words) == 1 or words[0] in c.first))]
            c = self._recent_cluster(cands, span.start) if cands else None
            if c is not None:
                return self._person(c)
            return {"speaker": spk.strip_honorifics(text), "speaker_role": None, "speaker_party": spk.find_party(text),
                    "org": spk.is_organisation(text), "anonymous": False, "pronoun": False}
        plural = root.tag_ in ("NNS", "NNPS")
        return {"speaker": spk.strip_article(text) if plural else text, "speaker_role": None,
                "speaker_party": spk.find_party(text), "org": True, "anonymous": False, "pronoun": False}

    def clusters_summary(self) -> list[dict]:
        """For inspection: each cluster's name, roles, gender and mention texts."""
        out = []
        for c in self.clusters:
            ms = [self.doc[m.start:m.end].text for m in self.mentions if m.cluster == c.id]
            out.append({"name": c.name, "org": c.org, "roles": c.roles, "party": c.party,
                        "gender": c.gender, "mentions": ms})
        return out
