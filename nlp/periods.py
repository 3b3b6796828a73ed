"""Time expressions -> ISO-like periods ("2017", "2017-06", "2018-01/2018-03"), pure functions.

Periods are resolved against the publication date (``since January 2017`` ends at the
publication month, a bare ``June`` is the last June on or before it). Relative phrases that
depend on another figure ("the month before") are returned with ``relative=-1`` for the caller.
Full calendar dates ("March 8, 2017"), clock times and weekdays are reported as ``date`` spans
so the figure extractor can ignore the numbers inside them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan.": 1, "feb.": 2, "aug.": 8, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}
_ORD = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "deux": 2, "trois": 3,
        "quatre": 4, "cinq": 5}
_MON = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    value: str | None          # ISO-like period, None for dates/times (ignored spans)
    kind: str                  # "absolute" | "relative" | "span" | "date"
    relative: int = 0          # months to shift the anchor's period by (relative kind), or the
                               # months before the anchor a span starts (span kind)


def parse_date(value) -> dt.date | None:
    """Publication date from 'YYYY-MM-DD' / 'YYYY-MM' / date objects; None when unknown."""
    if isinstance(value, dt.date):
        return value
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", str(value or ""))
    if not m:
        return None
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))


def ym(year: int, month: int) -> str:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return f"{year:04d}-{month:02d}"


def shift(period: str | None, months: int) -> str | None:
    """Move a month (or the end month of a range) by ``months``; years stay None-safe."""
    if not period:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{2})", period.split("/")[-1])
    if not m:
        y = re.match(r"\d{4}", period)
        return str(int(y.group(0)) + (months // 12 if months % 12 == 0 else -1)) if y and months else period
    return ym(int(m.group(1)), int(m.group(2)) + months)


def _month_year(month: int, year: str | None, pub: dt.date | None) -> str | None:
    if year:
        return ym(int(year), month)
    if pub is None:
        return None
    return ym(pub.year if month <= pub.month else pub.year - 1, month)


_PATTERNS: list[tuple[str, str]] = [
    # ignored spans first (they win overlaps): clock times, full dates
    ("date", r"\b\d{1,2}:\d{2}\s?(?:[AP]\.?M\.?)?|\b\d{1,2}\s?[ap]\.m\.|\b\d{1,2}\s?h\s?\d{2}\b"),
    ("date", rf"\b(?:(?:{_WEEKDAY}),?\s+)?(?:{_MON})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?\b"),
    ("date", rf"\b(?:(?:{_WEEKDAY}),?\s+)?\d{{1,2}}(?:er)?\s+(?:{_MON}),?\s+(?:{_YEAR})?"),
    ("date", r"\b\d{4}-\d{2}-\d{2}\b"),
    ("first_months", rf"\b(?:the\s+)?first\s+(?P<n>\w+)\s+months\s+of\s+(?:(?P<y>{_YEAR})|(?P<rel>this|last)\s+year)"),
    ("quarter", rf"\b(?:the\s+)?(?P<q>first|second|third|fourth)\s+quarter\s+of\s+(?P<y>{_YEAR})"),
    ("since", rf"\b(?:since|depuis)\s+(?:(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+year|(?P<y0>{_YEAR}))|(?:le\s+)?(?:début\s+)?(?P<m>{_MON})(?:\s+(?P<y>{_YEAR}))?|(?P<y2>{_YEAR}))"),
    ("between", rf"\b(?:between|from|de|entre)\s+(?P<m1>{_MON})(?:\s+(?P<y1>{_YEAR}))?\s+(?:and|to|through|à|et)\s+(?P<m2>{_MON})(?:\s+(?P<y2>{_YEAR}))?"),
    # "over January and February", "in March and April 2017": the two months together
    ("month_pair", rf"\b(?:over|in|during|for|en)\s+(?P<m1>{_MON})\s+(?:and|et)\s+(?P<m2>{_MON})(?:,?\s+(?P<y2>{_YEAR}))?"),
    # "over the past two months", "in the last three months": the months before publication
    ("past_months", r"\b(?:the\s+)?(?:past|last|previous)\s+(?P<n>two|three|four|five|six|\d{1,2})\s+months\b"),
    # "a two-month total", "a three-month period": N months ending at the month of the figures
    # it sums (the caller's anchor)
    ("span", r"\b(?P<n>two|three|four|five|six|\d{1,2})[- ]month\s+(?:total|period|span|stretch)\b"),
    ("month", rf"\b(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("so_far", rf"\b(?:so\s+far|to\s+date)\s+(?:this\s+year|in\s+(?P<y>{_YEAR}))"),
    ("season", rf"\b(?:(?P<rel>last|this|past)\s+(?P<s>summer|winter|spring|fall|autumn)|(?:the\s+)?(?P<s2>summer|winter|spring|fall|autumn)\s+of\s+(?P<y>{_YEAR}))\b"),
    ("rel_month", r"\b(?:the\s+)?(?:previous|prior|preceding)\s+month|\bthe\s+month\s+(?:before|prior)|\ble\s+mois\s+précédent"),
    ("last_month", r"\b(?:last|this|past)\s+month\b|\ble\s+mois\s+dernier"),
    ("rel_year", r"\b(?:last|this|past|previous)\s+year\b|\bl'an\s+dernier|\bl'année\s+dernière|\bcette\s+année"),
    ("year", rf"(?<![\d,.$])(?P<y>{_YEAR})(?![\d,%])"),
]
_COMPILED = [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in _PATTERNS]


def _resolve(kind: str, m: re.Match, pub: dt.date | None) -> tuple[str | None, str, int]:
    g = m.groupdict()
    text = m.group(0).lower()
    if kind == "date":
        return None, "date", 0
    if kind == "first_months":
        n = g["n"].lower()
        n = int(n) if n.isdigit() else _ORD.get(n)
        year = int(g["y"]) if g["y"] else (pub.year - (g["rel"].lower() == "last") if pub else None)
        if not n or not year:
            return None, "absolute", 0
        return (f"{ym(year, 1)}/{ym(year, n)}" if n > 1 else ym(year, 1)), "absolute", 0
    if kind == "quarter":
        q = ["first", "second", "third", "fourth"].index(g["q"].lower())
        y = int(g["y"])
        return f"{ym(y, 3 * q + 1)}/{ym(y, 3 * q + 3)}", "absolute", 0
    if kind == "since":
        if pub is None:
            return None, "absolute", 0
        end = ym(pub.year, pub.month)
        if g.get("m"):
            start = _month_year(MONTHS[g["m"].lower()], g.get("y"), pub)
        elif g.get("y2") or g.get("y0"):
            start = ym(int(g.get("y2") or g.get("y0")), 1)
        else:
            start = ym(pub.year, 1)
        return (f"{start}/{end}" if start != end else start), "absolute", 0
    if kind == "between":
        a = _month_year(MONTHS[g["m1"].lower()], g.get("y1") or g.get("y2"), pub)
        b = _month_year(MONTHS[g["m2"].lower()], g.get("y2"), pub)
        return (f"{a}/{b}" if a and b else None), "absolute", 0
    if kind == "month_pair":
        a = _month_year(MONTHS[g["m1"].lower()], g.get("y2"), pub)
        b = _month_year(MONTHS[g["m2"].lower()], g.get("y2"), pub)
        return (f"{a}/{b}" if a and b else None), "absolute", 0
    if kind == "past_months":
        n = g["n"].lower()
        n = int(n) if n.isdigit() else _ORD.get(n)
        if pub is None or not n:
            return None, "absolute", 0
        last = ym(pub.year, pub.month - 1)
        return shift(last, -(n - 1)) + "/" + last if n > 1 else last, "absolute", 0
    if kind == "month":
        if g["m"].lower() == "may" and not g.get("y") and not re.match(r"\s*(?:\d|,)", m.string[m.end():m.end() + 2]) \
                and not re.search(r"\b(?:in|of|during|since|for|by|until|to|from|and)\s+$", m.string[max(0, m.start() - 8):m.start()], re.I):
            return None, "date", 0          # the modal verb "may"
        return _month_year(MONTHS[g["m"].lower()], g.get("y"), pub), "absolute", 0
    if kind == "so_far":
        year = g.get("y") or (pub.year if pub else None)
        return (str(year) if year else None), "absolute", 0
    if kind == "season":
        season = (g.get("s") or g.get("s2")).lower()
        first = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}[season]
        if g.get("y"):
            year = int(g["y"])
        elif pub is None:
            return None, "absolute", 0
        elif g["rel"].lower() == "this":
            year = pub.year
        else:   # the last such season that has ended before publication
            year = pub.year if ym(pub.year, first + 2) < ym(pub.year, pub.month) else pub.year - 1
        return f"{ym(year, first)}/{ym(year, first + 2)}", "absolute", 0
    if kind == "span":
        n = g["n"].lower()
        n = int(n) if n.isdigit() else _ORD.get(n)
        return None, "span", -(n - 1) if n else 0
    if kind == "rel_month":
        return None, "relative", -1
    if kind == "last_month":
        if pub is None:
            return None, "absolute", 0
        return ym(pub.year, pub.month - (0 if text.startswith("this") else 1)), "absolute", 0
    if kind == "rel_year":
        if pub is None:
            return None, "absolute", 0
        this = text.startswith("this") or "cette" in text
        return str(pub.year if this else pub.year - 1), "absolute", 0
    return g["y"], "absolute", 0


def find_periods(text: str, pub=None) -> list[Period]:
    """Non-overlapping time expressions in ``text``; earlier patterns win overlaps."""
    pub = parse_date(pub)
    taken: list[tuple[int, int]] = []
    out: list[Period] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            value, pkind, rel = _resolve(kind, m, pub)
            taken.append((s, e))
            out.append(Period(s, e, value, pkind, rel))
    return sorted(out, key=lambda p: p.start)
