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
        "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11}


def _count(word: str) -> int | None:
    """A count written in digits or as a word ("three", "trois"); None for an unknown word."""
    word = word.lower()
    return int(word) if word.isdigit() else _ORD.get(word)


_MON = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAYS = [("mon", "lundi"), ("tue", "mardi"), ("wed", "mercredi"), ("thu", "jeudi"), ("fri", "vendredi"),
             ("sat", "samedi"), ("sun", "dimanche")]
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    value: str | None          # ISO-like period, None for dates/times (ignored spans)
    kind: str                  # "absolute" | "day" (a calendar day) | "relative" | "span" | "deadline" | "date"
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


_URL_DATE = re.compile(r"/((?:19|20)\d{2})(?:/(0?[1-9]|1[0-2])(?:/(0?[1-9]|[12]\d|3[01]))?|(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))(?=[/_.-])")


def date_from_url(url) -> dt.date | None:
    """A publication date written in a URL ("/2017/04/19/", "/20170322/"), for a record with none."""
    m = _URL_DATE.search(str(url or ""))
    if not m:
        return None
    return dt.date(int(m.group(1)), int(m.group(2) or m.group(4)), int(m.group(3) or m.group(5) or 1))


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


def _month_year(month: int, year: str | None, pub: dt.date | None, hint: int | None = None) -> str | None:
    """The month in ``year``, else the last such month on or before publication, else in the
    year ``hint`` (the text's own year when there is no publication date)."""
    if year:
        return ym(int(year), month)
    if pub is None:
        return ym(hint, month) if hint else None
    return ym(pub.year if month <= pub.month else pub.year - 1, month)


_PATTERNS: list[tuple[str, str]] = [
    # clock times first (they win overlaps): ignored spans
    ("date", r"\b\d{1,2}:\d{2}\s?(?:[AP]\.?M\.?)?|\b\d{1,2}\s?[ap]\.m\.|\b\d{1,2}\s?h\s?\d{2}\b"),
    # "since March 1", "depuis le 1er janvier 2017": from that month to the publication month
    ("since", rf"\b(?:since|depuis)\s+(?:le\s+)?(?:(?P<d>\d{{1,2}})(?:er)?\s+(?P<m>{_MON})|(?P<m2>{_MON})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)(?:,?\s+(?P<y>{_YEAR}))?"),
    # "From November 2016 to date": from that month to the publication month, like "since"
    ("since", rf"\b(?:from|de)\s+(?P<m>{_MON})\s+(?P<y>{_YEAR})\s+(?:to\s+date|until\s+now|to\s+the\s+present|à\s+ce\s+jour|jusqu['’]à\s+maintenant)"),
    # "between June 30, 2022 and February 26, 2024", "du 1er janvier au 31 mars 2023": exact days
    ("day_range", rf"\b(?:between|from)\s+(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>{_YEAR}))?,?\s+(?:and|to|through)\s+(?P<m2>{_MON})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>{_YEAR}))?"
                  rf"|\b(?:entre|du)\s+(?:le\s+)?(?P<fd1>\d{{1,2}})(?:er)?\s+(?P<fm1>{_MON})(?:\s+(?P<fy1>{_YEAR}))?\s+(?:et|au)\s+(?:le\s+)?(?P<fd2>\d{{1,2}})(?:er)?\s+(?P<fm2>{_MON})(?:\s+(?P<fy2>{_YEAR}))?"),
    # a standing count "as of" a day is that day's month ("As of February 26, 2024, ... 34 hotels",
    # "en date du 31 décembre dernier")
    ("as_of", rf"\b(?:as\s+(?:of|at)|en\s+date\s+du)\s+(?:(?P<m>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?|(?:le\s+)?(?P<fd>\d{{1,2}})(?:er)?\s+(?P<fm>{_MON})(?:\s+(?P<fy>{_YEAR})|\s+dernier)?)"),
    # calendar dates: the day they name ("on March 8, 2017", "le 25 mars 2023")
    ("day", rf"\b(?:(?:{_WEEKDAY}),?\s+)?(?P<m>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("day", rf"\b(?:(?:{_WEEKDAY}),?\s+)?(?:le\s+)?(?P<d>\d{{1,2}})(?:er)?\s+(?P<m>{_MON}),?(?:\s+(?P<y>{_YEAR}))?"),
    ("day", r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b"),
    # a weekday, yesterday, today: the latest such day on or before publication
    ("weekday", rf"\b(?:(?:last|this|on|ce|le)\s+)?(?P<w>{_WEEKDAY})\b(?:\s+dernier)?"),
    ("weekday", r"\b(?P<rel>yesterday|today|hier|aujourd'hui|aujourd’hui|(?:this|last|the\s+past|ce)\s+week-?end)\b"),
    ("first_months", rf"\b(?:the\s+)?first\s+(?P<n>\w+)\s+months\s+of\s+(?:(?P<y>{_YEAR})|(?P<rel>this|last)\s+year)"),
    # "les trois premiers mois de 2018", "les six premiers mois de l'année"
    ("first_months", rf"\b(?:les\s+|des\s+)?(?P<n>\w+)\s+premiers\s+mois\s+(?:de\s+(?P<y>{_YEAR})|de\s+l['’](?:année|an)(?:\s+(?P<rel>dernière|passée))?)"),
    ("quarter", rf"\b(?:au\s+|le\s+)?(?P<q>premier|deuxième|second|troisième|quatrième)\s+trimestre\s+(?:de\s+)?(?P<y>{_YEAR})"),
    ("quarter", rf"\b(?:the\s+)?(?P<q>first|second|third|fourth)\s+quarter\s+of\s+(?P<y>{_YEAR})"),
    ("since", rf"\b(?:since|depuis)\s+(?:(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+year|(?P<y0>{_YEAR}))|le\s+début\s+de\s+(?:l['’]année\s+)?(?P<y3>{_YEAR})|(?:le\s+)?(?:début\s+)?(?P<m>{_MON})(?:\s+(?P<y>{_YEAR}))?|(?:(?:late|early|mid)[\s-]+)?(?P<y2>{_YEAR}))"),
    # "between January and July 2019", "from January to August of this year", "entre novembre 2022 et juin 2023"
    ("between", rf"\b(?:between|from|de|entre)\s+(?P<m1>{_MON})(?:\s+(?P<y1>{_YEAR}))?\s+(?:and|to|through|à|et)\s+(?P<m2>{_MON})"
                rf"(?:,?\s+(?P<y2>{_YEAR})|\s+(?:of\s+)?(?P<rel>this|last)\s+year|\s+(?:de\s+)?(?P<relfr>cette\s+année|l['’]an(?:née)?\s+(?:dernière|dernier|passée?)))?"),
    # "over January and February", "in March and April 2017": the two months together
    ("month_pair", rf"\b(?:over|in|during|for|en)\s+(?P<m1>{_MON})\s+(?:and|et)\s+(?P<m2>{_MON})(?:,?\s+(?P<y2>{_YEAR}))?"),
    # "over the past two months", "in the last three months": the months before publication
    ("past_months", r"\b(?:the\s+)?(?:past|last|previous)\s+(?P<n>two|three|four|five|six|\d{1,2})\s+months\b"
                    r"|\b(?:des|les|ces)\s+(?P<n2>deux|trois|quatre|cinq|six|\d{1,2})\s+derniers\s+mois\b"),
    # "a two-month total", "a three-month period": N months ending at the month of the figures
    # it sums (the caller's anchor)
    ("span", r"\b(?P<n>two|three|four|five|six|\d{1,2})[- ]month\s+(?:total|period|span|stretch)\b"),
    # a bound on something else's date ("claims submitted before 2008", "présentées avant 2008"):
    # not the time a figure covers, ignored like a date
    ("bound", rf"\b(?:before|prior\s+to|avant|antérieures?\s+à)\s+(?P<y>{_YEAR})(?![\d%-]|[,.]\d)"),
    # a deadline ("welcome 4,000 refugees by 2015", "d'ici 2025"): the figure covers no period
    ("deadline", rf"\b(?:by|d['’]ici(?:\s+à)?|until|jusqu['’]en)\s+(?:the\s+end\s+of\s+|la\s+fin\s+de\s+)?(?P<y>{_YEAR})(?![\d%-]|[,.]\d)"),
    # "at the end of 2023", "à la fin de 2023", "fin 2023": that year's last month (a standing count)
    ("year_end", rf"\b(?:at\s+the\s+end\s+of|(?:à\s+la\s+)?fin(?:\s+de)?)\s+(?P<y>{_YEAR})(?![\d%-]|[,.]\d)"),
    # "$743.5 million over 5 years, starting in 2024–2025", "sur trois ans, à compter de 2024-2025":
    # N fiscal years from the one named (N calendar years from a plain year)
    ("years_from", rf"\b(?:over|sur)\s+(?P<n>\w+)\s+(?:years|ans),?\s+(?:starting|beginning|à\s+compter\s+de|à\s+partir\s+de)"
                   rf"\s+(?:in\s+|en\s+)?(?P<y1>{_YEAR})(?:\s*(?:-|–|/)\s*(?P<y2>{_YEAR}|\d{{2}}))?(?![\d%]|[,.]\d)"),
    # "from the 2013–14 to the 2016–17 fiscal year", "de 2013-2014 à 2016-2017": two fiscal years
    # (each a pair of consecutive years) and those between (set J, read 7 Dec 2026)
    ("fiscal_span", rf"\b(?:from|between|de|entre)\s+(?:the\s+|l['’]exercice\s+)?(?P<a1>{_YEAR})\s*[-–/]\s*(?P<a2>{_YEAR}|\d{{2}})"
                    rf"\s+(?:to|and|through|à|et|au)\s+(?:the\s+|l['’]exercice\s+)?(?P<b1>{_YEAR})\s*[-–/]\s*(?P<b2>{_YEAR}|\d{{2}})(?![\d%-]|[,.]\d)"),
    # "from 2015 to 2017", "entre 2015 et 2017", "2015-2017", fiscal "2012-13": the years together
    ("year_range", rf"\b(?:(?:between|from|de|entre)\s+)?(?P<y1>{_YEAR})\s*(?:-|–|/|\s(?:and|to|through|à|et|au)\s)\s*(?P<y2>{_YEAR}|\d{{2}})(?![\d%-]|[,.]\d)"),
    ("month", rf"\b(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR})|\s+of\s+(?P<rel>this|last|next)\s+year|\s+(?:de\s+)?l['’]an(?:née)?\s+(?P<relfr>dernier|dernière|passé|passée|prochain|prochaine))?\b"),
    ("so_far", rf"\b(?:(?:so\s+far|to\s+date)\s+(?:this\s+year|in\s+(?P<y>{_YEAR}))|(?:jusqu['’]ici|jusqu['’]à\s+présent|depuis\s+le\s+début\s+de\s+l['’]année)(?:,?\s+cette\s+année|\s+en\s+(?P<y2>{_YEAR}))?|this\s+year\s+(?:so\s+far|to\s+date)|year\s+to\s+date)"),
    ("season", rf"\b(?:(?P<rel>last|this|past)\s+(?P<s>summer|winter|spring|fall|autumn)|(?:the\s+)?(?P<s2>summer|winter|spring|fall|autumn)\s+of\s+(?P<y>{_YEAR}))\b"
               rf"|\b(?:l['’]|le\s+|cet\s+|ce\s+)(?P<sf>été|hiver|automne|printemps)(?:\s+(?P<relf>dernier))?(?:\s+(?P<yf>{_YEAR}))?\b"),
    # "since Justin Trudeau tweeted ... last year", "depuis l'an dernier": last year to publication
    ("since_last_year", r"\b(?:since|depuis)\s+(?:[^\s,.;:]+\s+){0,8}?(?:last\s+year|l['’]an(?:née)?\s+(?:dernier|dernière|passée?))\b"),
    # "over the past year": the 12 full months before publication (like "the past two months");
    # not "an increase over the previous year", a comparison
    ("past_year", r"\b(?:over|in|during|for|within)\s+the\s+past\s+(?:year|twelve\s+months)\b|\bthe\s+past\s+year\b"),
    # "in the last 12 years", "des deux dernières années": the full calendar years before publication
    ("past_years", r"\b(?:the\s+)?(?:past|last|previous)\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+years\b"
                   r"|\b(?:des|les|ces)\s+(?P<n2>deux|trois|quatre|cinq|six|sept|huit|neuf|dix|\d{1,2})\s+dernières\s+années\b"),
    # "during the summer months", "over the winter": that season of the publication year
    ("season_the", r"\b(?:during|over|in|through|throughout)\s+the\s+(?P<s>summer|winter|spring|fall|autumn)(?:\s+months)?\b"),
    ("rel_month", r"\b(?:the\s+)?(?:previous|prior|preceding)\s+month|\bthe\s+month\s+(?:before|prior)|\ble\s+mois\s+précédent"),
    # a standing count "as of now": the publication month
    ("now", r"\b(?:currently|at present|right now|as of (?:now|today)|to date|à ce jour|jusqu['’]à maintenant|actuellement|présentement|à l['’]heure actuelle|en ce moment)\b"),
    ("last_month", r"\b(?:last|this|past)\s+month\b|\ble\s+mois\s+(?:dernier|passé)|\bce\s+mois-ci"),
    ("last_week", r"\b(?:last|this|past)\s+week\b|\bla\s+semaine\s+(?:dernière|passée)|\bcette\s+semaine"),
    ("rel_year", r"\b(?:last|this|past|previous|next|coming)\s+year\b|\bl['’]an(?:née)?\s+(?:dernier|dernière|passé|passée|prochain|prochaine)\b|\bcette\s+année"),
    ("year", rf"(?<![\d,.$])(?P<y>{_YEAR})(?![\d%]|[,.]\d)"),
]
_COMPILED = [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in _PATTERNS]


# words naming a fiscal year just before a year range ("Budget supplémentaire des dépenses (B)
# 2012-2013", "fiscal 2017-18", "l'exercice 2018-2019", "the 2019-20 estimates" is not caught)
_FISCAL = re.compile(r"\b(?:budgets?|fiscal|FY|exercices?|dépenses|estimates|crédits|financial\s+year|année\s+financière"
                     r"|costs?|coûts?|funding|funded|financement|financ[ée]e?s?|spending)\b[^.;\n]{0,45}$", re.I)

# ... or just after it ("the 2023–2024 fiscal year", "2018-2019 exercice"), or money on the same
# line after it (a table row "2019-2020 Ontario (Toronto) 62 M$"; set I, read 7 Dec 2026)
_FISCAL_AFTER = re.compile(r"\s+(?:fiscal|financial|budget)\s+years?\b|\s+(?:exercices?|année\s+financière)\b"
                           r"|(?:[^.;:\n]|\.(?=\d)){0,40}?(?:\$|\bdollars?\b)", re.I)


def _resolve(kind: str, m: re.Match, pub: dt.date | None, hint: int | None = None) -> tuple[str | None, str, int]:
    g = m.groupdict()
    text = m.group(0).lower()
    if kind in ("date", "bound"):
        return None, "date", 0
    if kind == "deadline":
        return None, "deadline", 0
    if kind == "day":
        if g.get("iso"):
            day = parse_date(g["iso"])
            return (g["iso"] if day else None), "day", 0
        month, day = MONTHS[g["m"].lower()], int(g["d"])
        if not 1 <= day <= 31 or g["m"] == "may":       # "January 45 people", the modal "may 5"
            return None, "date", 0
        start = _month_year(month, g.get("y"), pub, hint)
        return (f"{start}-{day:02d}" if start else None), "day", 0
    if kind == "day_range":
        m1, m2 = (g.get("m1") or g["fm1"]).lower(), (g.get("m2") or g["fm2"]).lower()
        d1, d2 = int(g.get("d1") or g["fd1"]), int(g.get("d2") or g["fd2"])
        y2 = g.get("y2") or g.get("fy2")
        b = _month_year(MONTHS[m2], y2, pub, hint)
        a = _month_year(MONTHS[m1], g.get("y1") or g.get("fy1") or (b[:4] if b and MONTHS[m1] <= MONTHS[m2] else None), pub, hint)
        if not (a and b and 1 <= d1 <= 31 and 1 <= d2 <= 31):
            return None, "date", 0
        return f"{a}-{d1:02d}/{b}-{d2:02d}", "absolute", 0
    if kind == "as_of":
        month = MONTHS[(g.get("m") or g["fm"]).lower()]
        year = g.get("y") or g.get("fy")
        if not year and "dernier" in text and pub is not None:     # "le 31 décembre dernier"
            year = str(pub.year if month < pub.month else pub.year - 1)
        start = _month_year(month, year, pub, hint)
        return start, ("absolute" if start else "date"), 0
    if kind == "weekday":
        if pub is None:
            return None, "day", 0
        if g.get("rel") and "week" in g["rel"].lower():        # the Saturday on or before publication
            back = (pub.weekday() - 5) % 7
        elif g.get("rel"):
            back = 1 if g["rel"].lower() in ("yesterday", "hier") else 0
        else:
            name = g["w"].lower()
            wanted = next(i for i, w in enumerate(_WEEKDAYS) if name.startswith(w[0]) or name == w[1])
            back = (pub.weekday() - wanted) % 7
        day = pub - dt.timedelta(days=back)
        return day.isoformat(), "day", 0
    if kind == "first_months":
        n = _count(g["n"])
        rel = (g.get("rel") or "").lower()
        year = int(g["y"]) if g["y"] else (pub.year - (rel in ("last", "dernière", "passée")) if pub else None)
        if not n or not year:
            return None, "absolute", 0
        return (f"{ym(year, 1)}/{ym(year, n)}" if n > 1 else ym(year, 1)), "absolute", 0
    if kind == "quarter":
        q = {"first": 0, "second": 1, "third": 2, "fourth": 3, "premier": 0, "deuxième": 1,
             "troisième": 2, "quatrième": 3}[g["q"].lower()]
        y = int(g["y"])
        return f"{ym(y, 3 * q + 1)}/{ym(y, 3 * q + 3)}", "absolute", 0
    if kind == "since":
        if pub is None:
            return None, "absolute", 0
        end = ym(pub.year, pub.month)
        if g.get("m") or g.get("m2"):
            start = _month_year(MONTHS[(g.get("m") or g["m2"]).lower()], g.get("y"), pub)
        elif g.get("y2") or g.get("y0") or g.get("y3"):
            start = ym(int(g.get("y2") or g.get("y0") or g.get("y3")), 1)
        else:
            start = ym(pub.year, 1)
        return (f"{start}/{end}" if start != end else start), "absolute", 0
    if kind == "between":
        rel = (g.get("rel") or g.get("relfr") or "").lower()
        this = rel.startswith(("this", "cette"))
        y2 = g.get("y2") or (str(pub.year if this else pub.year - 1) if rel and pub is not None else None)
        a = _month_year(MONTHS[g["m1"].lower()], g.get("y1") or y2, pub, hint)
        b = _month_year(MONTHS[g["m2"].lower()], y2, pub, hint)
        return (f"{a}/{b}" if a and b else None), "absolute", 0
    if kind == "month_pair":
        a = _month_year(MONTHS[g["m1"].lower()], g.get("y2"), pub, hint)
        b = _month_year(MONTHS[g["m2"].lower()], g.get("y2"), pub, hint)
        return (f"{a}/{b}" if a and b else None), "absolute", 0
    if kind == "past_months":
        n = _count(g.get("n") or g["n2"])
        if pub is None or not n:
            return None, "absolute", 0
        last = ym(pub.year, pub.month - 1)
        return shift(last, -(n - 1)) + "/" + last if n > 1 else last, "absolute", 0
    if kind == "month":
        if g["m"].lower() == "may" and not g.get("y") and not re.match(r"\s*(?:\d|,)", m.string[m.end():m.end() + 2]) \
                and not re.search(r"\b(?:in|of|during|since|for|by|until|to|from|and)\s+$", m.string[max(0, m.start() - 8):m.start()], re.I):
            return None, "date", 0          # the modal verb "may"
        rel = (g.get("rel") or g.get("relfr") or "").lower()
        if rel and pub is not None:                   # "in January of last year", "janvier de l'an dernier"
            year = pub.year + (1 if rel in ("next", "prochain", "prochaine") else 0 if rel == "this" else -1)
            return ym(year, MONTHS[g["m"].lower()]), "absolute", 0
        return _month_year(MONTHS[g["m"].lower()], g.get("y"), pub, hint), "absolute", 0
    if kind == "year_end":
        return ym(int(g["y"]), 12), "absolute", 0
    if kind == "years_from":
        n, a = _count(g["n"]), int(g["y1"])
        b = g.get("y2")
        b = None if b is None else int(b) if len(b) == 4 else (a // 100) * 100 + int(b)
        if not n or n > 20 or (b is not None and b != a + 1):
            return None, "absolute", 0
        return (f"{a}-04/{a + n}-03" if b else f"{a}/{a + n - 1}"), "absolute", 0
    if kind == "fiscal_span":
        a1, b1 = int(g["a1"]), int(g["b1"])
        a2, b2 = (int(x) if len(x) == 4 else (int(y) // 100) * 100 + int(x) for x, y in ((g["a2"], a1), (g["b2"], b1)))
        if a2 != a1 + 1 or b2 != b1 + 1 or not a1 <= b1 <= a1 + 30:
            return None, "absolute", 0
        return f"{a1}-04/{b2}-03", "absolute", 0
    if kind == "year_range":
        a, b = int(g["y1"]), g["y2"]
        b = int(b) if len(b) == 4 else (a // 100) * 100 + int(b)
        if not a < b <= a + 30:
            return None, "absolute", 0
        if b == a + 1 and (len(g["y2"]) == 2 or _FISCAL.search(m.string[max(0, m.start() - 45):m.start()])
                           or _FISCAL_AFTER.match(m.string, m.end())):
            return f"{a}-04/{b}-03", "absolute", 0     # a fiscal year: April to March
        return f"{a}/{b}", "absolute", 0
    if kind == "so_far":   # the year (the STCA dev gold's convention: "so far this year" -> "2017")
        year = g.get("y") or g.get("y2") or (pub.year if pub else None)
        return (str(year) if year else None), "absolute", 0
    if kind == "season":
        season = (g.get("s") or g.get("s2") or g.get("sf")).lower()
        first = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12, "printemps": 3,
                 "été": 6, "automne": 9, "hiver": 12}[season]
        rel = (g.get("rel") or g.get("relf") or ("this" if re.match(r"ce", text) else "last")).lower()
        if g.get("y") or g.get("yf"):
            year = int(g.get("y") or g["yf"])
        elif pub is None:
            return None, "absolute", 0
        elif rel == "this":
            year = pub.year
        else:   # the last such season that has ended before publication
            year = pub.year if ym(pub.year, first + 2) < ym(pub.year, pub.month) else pub.year - 1
        return f"{ym(year, first)}/{ym(year, first + 2)}", "absolute", 0
    if kind == "since_last_year":
        if pub is None:
            return None, "absolute", 0
        return f"{pub.year - 1}/{ym(pub.year, pub.month)}", "absolute", 0
    if kind == "past_year":
        if pub is None:
            return None, "absolute", 0
        return f"{ym(pub.year - 1, pub.month)}/{ym(pub.year, pub.month - 1)}", "absolute", 0
    if kind == "past_years":
        n = _count(g.get("n") or g["n2"])
        if not n or pub is None:
            return None, "absolute", 0
        year = pub.year
        return (f"{year - n}/{year - 1}" if n > 1 else str(year - 1)), "absolute", 0
    if kind == "season_the":
        first = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}[g["s"].lower()]
        if pub is None:
            return None, "absolute", 0
        return f"{ym(pub.year, first)}/{ym(pub.year, first + 2)}", "absolute", 0
    if kind == "span":
        n = _count(g["n"])
        return None, "span", -(n - 1) if n else 0
    if kind == "rel_month":
        return None, "relative", -1
    if kind == "last_month":
        if pub is None:
            return None, "absolute", 0
        return ym(pub.year, pub.month - (0 if text.startswith("this") else 1)), "absolute", 0
    if kind == "now":
        return (ym(pub.year, pub.month) if pub else None), "absolute", 0
    if kind == "last_week":
        if pub is None:
            return None, "absolute", 0
        day = pub - dt.timedelta(days=0 if text.startswith("this") or "cette" in text else 7)
        return ym(day.year, day.month), "absolute", 0
    if kind == "rel_year":
        if pub is None:
            return None, "absolute", 0
        if text.startswith("this") or "cette" in text:
            return str(pub.year), "absolute", 0
        if re.search(r"next|coming|prochain", text):
            return str(pub.year + 1), "absolute", 0
        return str(pub.year - 1), "absolute", 0
    return g["y"], "absolute", 0


_YEAR_RELATIVE = ("rel_year", "past_years", "season_the")  # resolvable from the publication year alone
_YEAR_RE = re.compile(rf"(?<![\d,.$])(?P<y>{_YEAR})(?![\d%]|[,.]\d)")


def publication_year(value) -> int | None:
    """The year of a publication date known only to the year ("2018", "2018 (approx.)")."""
    m = re.match(r"\s*((?:19|20)\d{2})(?![\d-])", str(value or ""))
    return int(m.group(1)) if m else None


def find_periods(text: str, pub=None, year: int | None = None) -> list[Period]:
    """Non-overlapping time expressions in ``text``; earlier patterns win overlaps. With no
    publication date, a month named without a year ("in January") takes the year the text names
    last before it, else the publication ``year`` when only that is known, else the first year
    the text names: "In 2017 ... 315 in January" -> 2017-01. With only the year, "last week" and
    "currently" are that year, and "last year", "the last N years", "the summer" count from it."""
    pub = parse_date(pub)
    if pub is not None:
        year = None
    years = [(m.start(), int(m.group("y"))) for m in _YEAR_RE.finditer(text)] if pub is None else []
    taken: list[tuple[int, int]] = []
    out: list[Period] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            before = [y for at, y in years if at < s]
            hint = before[-1] if before else (year or (years[0][1] if years else None))
            value, pkind, rel = _resolve(kind, m, pub, hint)
            if value is None and kind == "year_range" and len(m.group("y2")) == 2:
                continue                    # "in March 2023 to 12/day": no range, "March 2023" is a month
            if value is None and year and kind in ("last_week", "now"):
                value = str(year)
            elif value is None and year and kind in _YEAR_RELATIVE:   # "last year" in a text of 2018
                value, pkind, rel = _resolve(kind, m, dt.date(year, 12, 31))
            taken.append((s, e))
            out.append(Period(s, e, value, pkind, rel))
    return sorted(out, key=lambda p: p.start)
