"""Which language a record is in ("en" or "fr"), so each record goes to its own pipeline.

Cheap on purpose (no model): a record's own language field when it has one, else the ratio of
French to English function words in the text. Only English and French are supported; anything
else is read as English (the default pipeline).
"""
from __future__ import annotations

import re
import unicodedata

SUPPORTED = ("en", "fr")
DEFAULT = "en"

# Frequent function words that are (nearly) never words of the other language; forms both
# languages use ("a", "on", "en", "son", "car", "plus", "as") are left out.
FRENCH_WORDS = frozenset("""
le la les des du de et est une un au aux que qui dans pour pas ne avec sont été être elle il ils
elles nous vous je tu ces cette ses sa leur leurs mais ou où par sur comme aussi très
entre selon après lors donc ainsi dont avait ont fait peut tout tous toute toutes notre nos
votre vos même cela ça c'est n'est qu'il d'un d'une l'entente aujourd'hui déclaré affirmé
""".split())
ENGLISH_WORDS = frozenset("""
the of and to in is that for it with was on be by are this have from not he she they said has
will at but his her their were which would been who there its also an or we you our about
than into after more could should these those what when
""".split())

# Tags a record's "language" / "lang" field may carry, folded (lower case, no accents).
TAGS = {
    "fr": "fr", "fra": "fr", "fre": "fr", "french": "fr", "francais": "fr", "fr-ca": "fr",
    "fr_ca": "fr", "fr-fr": "fr", "fr_fr": "fr", "fr-be": "fr", "fr-ch": "fr",
    "en": "en", "eng": "en", "english": "en", "anglais": "en", "en-ca": "en", "en_ca": "en",
    "en-us": "en", "en_us": "en", "en-gb": "en", "en_gb": "en",
}
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def normalise_tag(tag) -> str | None:
    """'fr', 'fr-CA', 'français', 'French' -> 'fr'; 'en', 'en-CA', 'English' -> 'en'; else None."""
    if not isinstance(tag, str) or not tag.strip():
        return None
    folded = _fold(tag)
    if folded in TAGS:
        return TAGS[folded]
    head = re.split(r"[-_]", folded, maxsplit=1)[0]
    return TAGS.get(head)


def detect_language(text: str) -> str:
    """'fr' when French function words outnumber English ones in ``text`` (its first 5,000
    characters), else 'en' (also for empty or undecidable text)."""
    words = [w.replace("’", "'") for w in WORD_RE.findall((text or "")[:5000].lower())]
    fr = en = 0
    for w in words:
        if w in FRENCH_WORDS:
            fr += 1
        elif w in ENGLISH_WORDS:
            en += 1
        elif "'" in w and w.split("'", 1)[0] in ("l", "d", "qu", "n", "s", "j", "c", "m"):
            fr += 1  # elisions: l'accord, d'asile, qu'elle
    if fr == en:  # no function word at all: accented letters are French evidence
        accents = len(re.findall(r"[éèêàùçâîôû]", (text or "")[:5000].lower()))
        return "fr" if accents else DEFAULT
    return "fr" if fr > en else "en"


def record_language(record: dict) -> str:
    """The record's "language" (or "lang") field when it names English or French, else the
    language detected in its text."""
    for key in ("language", "lang"):
        tag = normalise_tag(record.get(key))
        if tag:
            return tag
    return detect_language(record.get("text") or "")
