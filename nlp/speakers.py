"""Who is speaking: name normalisation, title/role/party parsing and in-document resolution.

Pure functions over strings and spaCy spans, so they can be tested without a pipeline. The
word lists (roles, organisation heads) live in nlp/data/, honorifics and parties in
knowledge/data/ (shared with the Hansard parsers), and load once.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import knowledge

DATA = Path(__file__).resolve().parent / "data"

PRONOUNS_MALE = {"he", "him", "his"}
PRONOUNS_FEMALE = {"she", "her", "hers"}
PRONOUNS_PLURAL = {"they", "them", "we", "us"}
PRONOUNS_NEUTER = {"it"}
PRONOUNS = PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_PLURAL | PRONOUNS_NEUTER | {"i", "you", "who"}
MALE_HONORIFICS = {w for w, g in knowledge.honorific_gender().items() if g == "m"}
FEMALE_HONORIFICS = {w for w, g in knowledge.honorific_gender().items() if g == "f"}
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "another", "one", "some"}


def _words(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    """The word lists, loaded once."""
    return {
        "honorifics": set(knowledge.honorific_words()),
        "roles": set(_words(DATA / "roles.txt")),
        "party_alias": knowledge.party_mentions(),
        "org_heads": set(_words(DATA / "organisations.txt")),
        "data_nouns": set(_words(DATA / "data_nouns.txt")),
    }


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _tokens(name: str) -> list[str]:
    return re.findall(r"[\w'’-]+", strip_accents(name or "").lower().replace("’", "'"))


@functools.lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """Registry key for a person: no honorifics, accents, case, punctuation or initials.

    "Hon. Mobina S.B. Jaffer" and "mobina jaffer" share a key; "M. Dubé" -> "dube". Pure (the
    honorifics load once), so memoised: the speaker clusters ask for the same few names often.
    """
    honorifics = lexicon()["honorifics"]
    words = [w.strip("'-") for w in _tokens(name)]
    words = [w for w in words if w and w not in honorifics and len(w) > 1]
    return " ".join(words)


def surname(name: str) -> str:
    words = name_key(name).split()
    return words[-1] if words else ""


@functools.lru_cache(maxsize=8192)
def gender_of(surface: str) -> str | None:
    """'m' / 'f' from an honorific at the start of a surface name, else None. Pure, so memoised
    (the resolvers ask it of every entity's name, twice per Doc)."""
    words = _tokens(surface)
    if not words:
        return None
    if words[0] in MALE_HONORIFICS:
        return "m"
    if words[0] in FEMALE_HONORIFICS:
        return "f"
    return None


def strip_honorifics(name: str) -> str:
    """Drop leading honorifics ("Mr.", "Hon.", "Senator") from a surface name."""
    honorifics = lexicon()["honorifics"]
    parts = name.split()
    while len(parts) > 1 and parts[0].lower().strip(".,") in honorifics:
        parts = parts[1:]
    return " ".join(parts).strip(" ,;:")


def strip_article(name: str) -> str:
    """An organisation's name without its leading "the" ("the RCMP" -> "RCMP")."""
    return re.sub(r"^(?:the|The)\s+", "", name)


def find_party(text: str) -> str | None:
    """The party signalled by a role or parenthetical ("Conservative immigration critic")."""
    alias = lexicon()["party_alias"]
    tokens = re.findall(r"[\w'’-]+", text or "")
    for size in (3, 2, 1):
        for i in range(len(tokens) - size + 1):
            form = " ".join(tokens[i:i + size]).lower().replace("’", "'")
            if size == 1 and len(form) == 1:
                continue  # "R"/"D"/"I" only inside "(R-Texas)" forms, handled by parse_speaker_field
            if form in alias:
                return alias[form]
    return None


def parse_speaker_field(raw: str) -> tuple[str, str | None, str | None]:
    """Split a Hansard-style "Name (Party, Riding)" / "Name (Riding, Party)" into (name, party, role).

    A parenthetical that names no party is kept as the role ("Government Representative in the
    Senate").
    """
    raw = (raw or "").strip()
    m = re.match(r"^(?P<name>[^()]+?)\s*\((?P<paren>[^)]*)\)", raw)  # text after ")" is provenance
    if not m:
        return strip_honorifics(raw), None, None
    name, paren = strip_honorifics(m["name"]), m["paren"]
    party = None
    alias = lexicon()["party_alias"]
    for part in re.split(r"[,;]", paren):
        form = part.strip().lower()
        if form in alias:
            party = alias[form]
            break
        hit = re.match(r"^([rdi])\s*[-–]", form)  # "(R-Texas)"
        if hit:
            party = alias[hit.group(1)]
            break
    role = None if party else paren.strip() or None
    if party is None:
        party = find_party(paren)
        if party and len(paren.split()) <= 3:
            role = None
    return name, party, role


def is_role_phrase(text: str) -> bool:
    """True when a noun phrase is a role description ("a spokesperson for the minister")."""
    roles = lexicon()["roles"]
    words = _tokens(text)
    return any(w in roles for w in words) or any(" ".join(words[i:i + 2]) in roles for i in range(len(words)))


def is_unnamed(text: str) -> bool:
    """A role description with no name of its own ("a senior government official", "the
    spokesperson", "a spokesperson for the minister"): not a person to put in the registry."""
    words = _tokens(text)
    return bool(words) and words[0] in DETERMINERS and is_role_phrase(text)


def is_organisation(text: str) -> bool:
    heads = lexicon()["org_heads"]
    return any(w in heads for w in _tokens(text))


def split_role(prefix: str) -> tuple[str | None, str | None]:
    """A pre-name title -> (role, party): "Conservative immigration critic" -> ("immigration critic", "Conservative")."""
    honorifics = lexicon()["honorifics"]
    words = [w for w in prefix.split() if w.lower() not in DETERMINERS and w.lower().strip(".") not in honorifics]
    party = find_party(" ".join(words))
    if party:
        alias = lexicon()["party_alias"]
        words = [w for w in words if w.lower().replace("’", "'") not in alias]
    role = " ".join(words).strip(" ,") or None
    return role, party


@dataclass
class Person:
    name: str
    gender: str | None = None
    org: bool = False


@dataclass
class Resolver:
    """Resolves surnames and pronouns to the full names mentioned in one document."""

    full_names: dict = field(default_factory=dict)  # surname key -> list of full names
    genders: dict = field(default_factory=dict)  # name key -> 'm' / 'f'
    history: list = field(default_factory=list)  # Person, most recent last
    roles: dict = field(default_factory=dict)  # name key -> {"speaker_role", "speaker_party"}
    orgs: dict = field(default_factory=dict)  # head noun ("board") -> organisation names

    def learn_org(self, name: str) -> None:
        """Remember an organisation so "the board" / "the department" can be resolved to it."""
        name = strip_article(name)
        words = _tokens(name)
        if len(words) >= 2:
            names = self.orgs.setdefault(words[-1], [])
            if name not in names:
                names.append(name)

    def organisation(self, description: str) -> str | None:
        """The one organisation of the document that "the <head noun>" names, else None."""
        words = _tokens(description)
        if len(words) != 2 or words[0] != "the":
            return None
        names = self.orgs.get(words[1], [])
        return names[0] if len(names) == 1 else None

    def learn(self, name: str, gender: str | None = None) -> None:
        """Remember a full name (two or more words) so later surname mentions can link to it."""
        key = name_key(name)
        if len(key.split()) >= 2:
            names = self.full_names.setdefault(key.split()[-1], [])
            if not any(name_key(n) == key for n in names):
                names.append(strip_honorifics(name))
        if gender:
            self.genders[key] = gender

    def canonical(self, surface: str) -> str:
        """Full name for a surname-only or honorific mention, when exactly one candidate fits."""
        clean = strip_honorifics(surface)
        key = name_key(clean)
        if not key:
            return clean
        words = key.split()
        names = self.full_names.get(words[-1], [])
        if len(words) >= 2:
            # "Ralph Goodale" stays; "R. Goodale"-like partial first names link to a full one.
            fits = [n for n in names if name_key(n).split()[0].startswith(words[0])]
            return fits[0] if len(fits) == 1 and len(name_key(fits[0])) > len(key) else clean
        if len(names) == 1:
            return names[0]
        gender = gender_of(surface)
        if gender and names:
            fits = [n for n in names if self.genders.get(name_key(n)) == gender]
            if len(fits) == 1:
                return fits[0]
        return (self._recent(names) if names else None) or clean

    def _recent(self, names: list[str]) -> str | None:
        keys = {name_key(n) for n in names}
        for person in reversed(self.history):
            if name_key(person.name) in keys:
                return person.name
        return None

    def fill_role(self, who: dict) -> None:
        """Remember a speaker's role/party, or fill them in from an earlier, fuller mention."""
        key = name_key(who.get("speaker") or "")
        if not key:
            return
        known = self.roles.setdefault(key, {})
        for field_ in ("speaker_role", "speaker_party"):
            if who.get(field_):
                known.setdefault(field_, who[field_])
            elif known.get(field_):
                who[field_] = known[field_]

    def said(self, name: str, gender: str | None = None, org: bool = False) -> None:
        """Record that ``name`` spoke (or was mentioned) now: the antecedent for later pronouns."""
        gender = gender or self.genders.get(name_key(name))
        self.history.append(Person(name, gender, org))

    def pronoun(self, word: str) -> str | None:
        """The most recent compatible speaker for he/she/they/it."""
        word = word.lower()
        for person in reversed(self.history):
            if word in PRONOUNS_MALE | PRONOUNS_FEMALE:
                if person.org:
                    continue
                want = "m" if word in PRONOUNS_MALE else "f"
                gender = person.gender or self.genders.get(name_key(person.name))
                if gender and gender != want:
                    continue
                self.genders.setdefault(name_key(person.name), want)  # "she said" tells us
                return person.name
            if word in PRONOUNS_NEUTER:
                if person.org:
                    return person.name
                continue
            if word in PRONOUNS_PLURAL:
                return person.name if person.org else None
        return None
