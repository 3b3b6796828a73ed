"""Knowledge shared by the parsers and the NLP stage, one data file each (issue 18).

A leaf: it imports nothing from the project, so the pure parsers (crawlers/) and the extraction
(nlp/) read the same lists without importing each other.

* ``data/parties.yaml`` — every party: the abbreviations House publication XML prints in speaker
  labels (``party_of_label``) and the forms that name it in text (``party_mentions``).
* ``data/honorifics.yaml`` — every honorific: House and Senate label prefixes as printed
  (``honorifics("house")``, ``honorifics("senate")``), the words stripped from English names
  (``honorific_words``) with their gender (``honorific_gender``), and French ones with theirs
  (``honorifics_fr``).
"""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"


@functools.lru_cache(maxsize=None)
def _load(name: str):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def parties() -> dict[str, dict]:
    """{party: {"labels": [...], "mentions": [...]}} in file order."""
    return _load("parties.yaml")


@functools.lru_cache(maxsize=1)
def party_of_label() -> dict[str, str]:
    """Speaker-label abbreviation -> party ("Lib." -> "Liberal", "NPD" -> "NDP")."""
    return {label: party for party, forms in parties().items() for label in forms.get("labels", [])}


@functools.lru_cache(maxsize=1)
def party_mentions() -> dict[str, str]:
    """Lower-cased form in text -> party; a form under two parties belongs to the first."""
    alias: dict[str, str] = {}
    for party, forms in parties().items():
        for form in forms.get("mentions", []):
            alias.setdefault(form.lower(), party)
    return alias


def honorifics(where: str) -> list[str]:
    """Label prefixes as printed: ``where`` is "house" or "senate"."""
    return list(_load("honorifics.yaml")[where])


@functools.lru_cache(maxsize=1)
def honorific_words() -> frozenset[str]:
    """Words stripped from English names before linking (lower case, no dot)."""
    return frozenset(_load("honorifics.yaml")["name"])


def honorific_gender() -> dict[str, str]:
    """English honorific word -> "m" / "f"."""
    return dict(_load("honorifics.yaml")["gender"])


def honorifics_fr() -> dict[str, str | None]:
    """French honorific (lower case) -> "m" / "f" / None."""
    return dict(_load("honorifics.yaml")["fr"])
