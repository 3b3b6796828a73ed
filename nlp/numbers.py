"""Pure number normalisation: English and French numeric mentions -> (value, unit).

Kept free of spaCy so it can be property-tested alone and reused by the store layer.
``find_numbers`` scans raw text (spaCy splits "15 000" into two tokens, so the scan works on
characters); ``parse_quantity`` normalises one mention such as "$173 million" or "40 %".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
    # French (only forms that are not also common English words)
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}
_HUNDRED = {"hundred": 100, "cent": 100, "cents": 100}
_SCALES = {
    "thousand": 1_000, "mille": 1_000, "k": 1_000,
    "million": 1_000_000, "millions": 1_000_000, "m": 1_000_000, "mln": 1_000_000,
    "billion": 1_000_000_000, "milliard": 1_000_000_000, "milliards": 1_000_000_000,
    "bn": 1_000_000_000, "b": 1_000_000_000, "g": 1_000_000_000,  # "G$": French milliards of dollars
}
_WORD_ALT = "|".join(sorted(list(_UNITS) + list(_HUNDRED), key=len, reverse=True))
_SCALE_ALT = r"thousand|millions?|milliards?|billion|mille|mln|bn|[kmbg](?![a-z])"

# 1,234 / 1,234.5 / 15 000 (space, nbsp, narrow nbsp) / 1.5 / 1,5 / 884
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![,.]?\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)?"
_WORDS = rf"(?:{_WORD_ALT})(?:(?:[- ]|\s+and\s+|-et-|\s+et\s+)(?:{_WORD_ALT}))*"
NUMBER_RE = re.compile(
    rf"(?<![\w.,])(?P<cur>(?:US|U\.S\.|C|CA|CDN)?\$\s?)?"
    rf"(?:(?P<digits>{_DIGITS})|(?P<words>{_WORDS})|(?P<one>an?(?=[ \u00a0](?:thousand|million|billion)\b)))"
    rf"(?:[ \u00a0]?(?P<scale>{_SCALE_ALT}))?"
    rf"(?P<pct>\s?(?:%|per\s?cent\b|percent\b|pour\s?cent\b|p\.\s?100\b))?"
    rf"(?P<cur2>\s(?:(?:Canadian|U\.S\.|US|American)\s)?dollars\b"
    rf"|\sde\s+dollars(?:\s+(?:canadiens|américains|US)\b)?|\s?\$)?",
    re.IGNORECASE,
)

_NO_LETTER_SCALE_RE = re.compile(NUMBER_RE.pattern.replace(r"|[kmbg](?![a-z])", ""), re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """One numeric mention: character span in the scanned text, value and unit (or None)."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    spelled: bool = False


def words_to_number(text: str) -> float | None:
    """'twenty-five' -> 25, 'two hundred and six' -> 206, 'a dozen' -> 12; None if not a number."""
    total, current = 0, 0
    seen = False
    for word in re.split(r"[\s-]+", text.lower().strip()):
        if word in ("and", "et", "a", ""):
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _HUNDRED:
            current = max(current, 1) * 100
        elif word in _SCALES and len(word) > 2:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def digits_to_number(text: str) -> float:
    """'20,000' -> 20000, '15 000' -> 15000, '1,5' -> 1.5, '1.2' -> 1.2."""
    t = re.sub(r"[\u00a0\u202f ]", "", text.strip())
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", t):
        return float(t.replace(",", ""))
    return float(t.replace(",", "."))


def _unit(match: re.Match) -> str | None:
    if match.group("pct"):
        return "percent"
    cur = (match.group("cur") or "") + (match.group("cur2") or "")
    if not cur:
        return None
    return "USD" if re.search(r"US|U\.S\.|American|américains", cur) else "CAD"


def _french_letter_scale(match: re.Match) -> bool:
    """"212 M$", "1,2 G$": a scale letter before a dollar sign with none in front is French."""
    return (len(match.group("scale") or "") == 1 and not match.group("cur")
            and (match.group("cur2") or "").strip() == "$")


def _letter_scale(match: re.Match) -> bool:
    """A one-letter scale counts after digits only: with a leading currency ("$173M", "$1.3B"), in
    the French "M$" / "G$", or glued to the digits as k or M ("72k", "100M"); never spaced ("10 M.
    Dupont") nor a glued B or G ("C-21B")."""
    letter = match.group("scale")
    if not match.group("digits"):
        return False
    if match.group("cur"):
        return letter.lower() != "g"
    if _french_letter_scale(match):
        return True
    return match.start("scale") == match.end("digits") and letter in ("k", "K", "M")


def _french_scale(match: re.Match) -> bool:
    """A French amount ("1,663 million de dollars", "2,125 milliards", "1,663 M$"), where a comma
    is decimal."""
    scale = (match.group("scale") or "").lower()
    return bool(scale) and (scale in ("millions", "milliard", "milliards") or _french_letter_scale(match)
                            or "de dollars" in (match.group("cur2") or "").lower())


def _value(match: re.Match) -> float | None:
    if match.group("digits"):
        digits = match.group("digits")
        if re.fullmatch(r"\d{1,3},\d{3}", digits) and _french_scale(match):
            value = float(digits.replace(",", "."))   # "1,663 million de dollars": a decimal comma
        else:
            value = digits_to_number(digits)
    elif match.group("one"):                  # "a million", "an ... thousand": one of the scale
        if not match.group("scale"):
            return None
        value = 1.0
    else:
        value = words_to_number(match.group("words"))
        if value is None:
            return None
    scale = (match.group("scale") or "").lower()
    if scale:
        value *= _SCALES[scale]
    return round(value, 6)


# Proportions in words: "half of the claims", "la moitié des demandes", "a quarter of", "le tiers
# des" -> percent. Only before of/de, so "third country", "tiers pays" and "half an hour" are none.
_PROPORTIONS = {"half": 50.0, "moitié": 50.0, "quarter": 25.0, "quart": 25.0, "third": 33.3,
                "tiers": 33.3}
PROPORTION_RE = re.compile(r"(?<![\w-])(?:(?:la|le|the|a|one)\s+)?(?P<w>half|moitié|quarter|quart|third|tiers)"
                           r"\s+(?=(?:of|des?|d'|d’|du)\b|d['’])", re.IGNORECASE)


def _time_half(text: str, m: re.Match) -> bool:
    """'the first half of 2017', 'la seconde moitié de l'année': a time, not a proportion."""
    before, after = text[max(0, m.start() - 20):m.start()], text[m.end():m.end() + 30]
    return bool(re.search(r"\b(?:first|second|last|latter|other|premi[eè]re?|seconde|deuxième|dernière)\s+$",
                          before + (m.group(0)[:m.start("w") - m.start()]), re.I)
                or re.match(r"\s*(?:of|de|d['’])\s*(?:the\s+|l['’]\s*|la\s+)?(?:\d{4}|year|month|année|mois|century|siècle)",
                            after, re.I))


def find_numbers(text: str) -> list[Number]:
    """All numeric mentions in ``text``, left to right (years, dates are the caller's job)."""
    out = [Number(m.start(), m.start() + len(m.group(0).rstrip()), m.group(0).rstrip(),
                  _PROPORTIONS[m.group("w").lower()], "percent", spelled=True)
           for m in PROPORTION_RE.finditer(text) if not _time_half(text, m)]
    for m in NUMBER_RE.finditer(text):
        scale = (m.group("scale") or "")
        if scale and len(scale) == 1 and not _letter_scale(m):
            m = _NO_LETTER_SCALE_RE.match(text, m.start())
            if m is None:
                continue
        value = _value(m)
        if value is None:
            continue
        span_text = m.group(0).rstrip()
        out.append(Number(m.start(), m.start() + len(span_text), span_text, value, _unit(m),
                          spelled=bool(m.group("words") or m.group("one"))))
    return sorted(out, key=lambda n: n.start)


def parse_quantity(text: str) -> tuple[float, str | None] | None:
    """Normalise one mention: '$173 million' -> (173000000.0, 'CAD'); None if no number."""
    found = find_numbers(text)
    if not found:
        return None
    return found[0].value, found[0].unit
