"""Plain-text tables -> cells with their period and row label, pure functions (no spaCy).

Statistics pages and briefing notes reach the pipeline as text whose tables are lines: a caption
("Interceptions de la GRC à travers le Canada"), a header of columns ("Lundi 16 mars Mardi 17
mars ... Total", "2022 2023 2024 2025 (to April 30)", "January ... December Total"), then rows of a
label and one number per column ("Québec 44 57 47 17 165"). The sentence reader of
nlp/figures.py finds no count noun beside such numbers; this module reads the layout instead:

* a row is a line whose last tokens are two or more numbers (or "--" for an empty cell) after a
  short label; French thousands written with spaces ("Total 1 177 990 2 167") are grouped so the
  row has as many numbers as the header has columns, and, of several groupings, the one whose
  "Total" column is the sum of the others (else whose numbers are closest in size);
* the header is the line above the first row: its columns are days, months (names and
  abbreviations, English and French), years, fiscal years and "Total"; a parenthesised note
  belongs to the column before it ("2025 (to April 30)" is January to April 2025); months and days
  without a year take the caption's year, else the latest year that keeps them on or before the
  publication date; a "Total" column covers the span of the other columns;
* the caption is the text line just above the header (or above the first row); the header's
  words before its first column are the stub ("Region", "Province"), what the row labels name;
* list rows "- 2018 (55000)" / "2019: 64,000" under a caption line give one figure per line;
* pipe tables ("| Provinces | Jan | Feb | ... |", "|---|", "| Quebec | 79 | 75 | ... |"), as
  stored pages render HTML tables: the same columns, stub and caption, a cell per pipe cell.

Each cell keeps its character offsets, so figures.py can turn it into a figure and keep the
sentence reader off those numbers.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import combinations

from .periods import ym

_MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1, "february": 2, "feb": 2, "février": 2, "févr": 2,
    "fév": 2, "fev": 2, "march": 3, "mar": 3, "mars": 3, "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5, "june": 6, "jun": 6, "juin": 6, "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "août": 8, "aout": 8, "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10, "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "décembre": 12, "déc": 12, "dece": 12,
}
_MON = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = (r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche")
# header columns, tried in this order at each position
_COLUMN = re.compile(
    rf"(?P<fiscal>(?:FY|AF|EF)?[ \t]*(?P<fy>{_YEAR})[ \t]*(?:[-–/]|to|à)[ \t]*(?P<fy2>{_YEAR}|\d{{2}})(?!\d))"
    rf"|(?P<day>(?:(?:{_WEEKDAY}),?[ \t]+)?(?P<dd>\d{{1,2}})(?:er)?[ \t]+(?P<dmon>{_MON})\.?(?:[ \t]+(?P<dyear>{_YEAR}))?"
    rf"|(?:(?:{_WEEKDAY}),?[ \t]+)?(?P<dmon2>{_MON})\.?[ \t]+(?P<dd2>\d{{1,2}})(?!\d)(?:,?[ \t]+(?P<dyear2>{_YEAR}))?)"
    rf"|(?P<month>(?P<mon>{_MON})\.?(?:[ \t]+(?P<myear>{_YEAR}))?)(?![\w])"
    rf"|(?P<quarter>(?P<qyear0>{_YEAR})[ \t]+(?:Q|T)(?P<q0>[1-4])|(?:Q|T)(?P<q>[1-4])(?:[ \t]+(?P<qyear>{_YEAR}))?)(?![\w])"
    rf"|(?P<ytotal>(?P<tyear>{_YEAR})[ \t]+(?:Total|TOTAL)|(?:Total|TOTAL)[ \t]+(?P<tyear2>{_YEAR}))(?![\w])"
    rf"|(?P<year>{_YEAR})(?!\d)"
    rf"|(?P<total>Grand[ \t]+total|Total|TOTAL|Totaux|TOTAUX|Year[ \t]+to[ \t]+date|Cumulatif|YTD)(?![\w])",
    re.IGNORECASE)
_PAREN = re.compile(r"\([^()\n]*\)")
_UNTIL = re.compile(rf"(?:to|until|up[ \t]+to|jusqu['’]au|au)[ \t]+(?:(?P<d>\d{{1,2}})(?:er)?[ \t]+)?(?P<mon>{_MON})\.?",
                    re.IGNORECASE)
# one cell: digits with "," or "." groups, a percent or dollar sign; "--", "-", "—", "n/a" for none
_CELL = re.compile(r"^(?:\$|CA\$)?(?:\d{1,3}(?:[,.]\d{3})+|\d+)(?:[.,]\d+)?(?:[ \t]?%|k|K)?$")
_EMPTY = {"--", "-", "—", "–", "n/a", "s.o.", "..", "...", "x", "X", "s/o", "nd", "n.d."}
_LIST_ROW = re.compile(rf"^[ \t]*(?:[-•*][ \t]*)?(?P<year>{_YEAR})[ \t]*(?:\((?P<a>[\d,. \u00a0]+)\)|:[ \t]*(?P<b>[\d,. \u00a0]+))"
                       r"(?P<rest>[^\n]*)$")
MAX_LABEL_WORDS = 8
_TOTAL_LABEL = re.compile(r"(?:grand[ \t]+)?total", re.IGNORECASE)  # a total row's label
_YEAR_PREPOSITIONS = {"in", "en", "of", "de", "du", "since", "depuis", "for", "pour", "au", "à", "as", "by", "fin", "end"}


@dataclass(frozen=True)
class Cell:
    start: int                 # offsets of the number in the text
    end: int
    value: float
    text: str                  # the number as written
    row_start: int             # the row's line
    row_end: int
    row_label: str             # "Québec", "1 Haïti", "TOTAL" ("" for list rows)
    column: str | None         # the header column ("Mardi 17 mars", "Total"), None without a header
    period: str | None         # ISO-like period from the column (or the list row's year)
    caption: str | None        # the line above the header
    total_row: bool = False
    total_column: bool = False
    percent: bool = False
    stub: str | None = None    # the header's words before its first column ("Region", "Province")


@dataclass(frozen=True)
class Table:
    start: int                 # the header's (or first row's) line start
    end: int                   # the last row's end
    cells: tuple[Cell, ...]


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lo = pos + len(line) - len(line.lstrip())
            out.append((lo, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def _tokens(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(lo + m.start(), lo + m.end()) for m in re.finditer(r"[^ \t\u00a0\u202f]+", text[lo:hi])]


def _number(tok: str) -> float:
    t = tok.lstrip("$").removeprefix("CA$").rstrip("%").strip()
    scale = 1000 if t[-1:] in "kK" else 1
    t = t.rstrip("kK")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t):
        t = t.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", t):
        t = t.replace(".", "")
    else:
        t = t.replace(",", ".")
    return float(t) * scale


def _groupings(toks: list[str], n: int) -> list[list[tuple[int, int]]]:
    """The ways to read ``toks`` (cell-like tokens) as ``n`` numbers: a number is one token,
    or a 1-3 digit token followed by 3-digit tokens (French thousands, "1 177"); as index ranges."""
    m = len(toks)
    if m == n:
        return [[(i, i + 1) for i in range(m)]]
    if m < n or m - n > 6:
        return []
    out = []
    for cuts in combinations(range(1, m), n - 1):
        bounds = (0, *cuts, m)
        parts = [(bounds[i], bounds[i + 1]) for i in range(n)]
        if all(b - a == 1 or (re.fullmatch(r"\d{1,3}", toks[a]) and all(re.fullmatch(r"\d{3}", t) for t in toks[a + 1:b]))
               for a, b in parts):
            out.append(parts)
    return out


def _row(text: str, lo: int, hi: int) -> tuple[str, list[tuple[int, int]]] | None:
    """(label, cell-like token spans) of a row line, or None: the line ends in 2+ cell tokens."""
    toks = _tokens(text, lo, hi)
    k = len(toks)
    while k > 0 and (_CELL.match(text[toks[k - 1][0]:toks[k - 1][1]]) or text[toks[k - 1][0]:toks[k - 1][1]] in _EMPTY):
        k -= 1
    # a year after a preposition is the label's ("Claims referred in 2015 16,900")
    while k < len(toks) and k > 0 and re.fullmatch(_YEAR, text[toks[k][0]:toks[k][1]]) and \
            text[toks[k - 1][0]:toks[k - 1][1]].lower() in _YEAR_PREPOSITIONS:
        k += 1
    cells = toks[k:]
    label = text[lo:toks[k - 1][1]] if k else ""
    if len(cells) < 2 or len(label.split()) > MAX_LABEL_WORDS or label.rstrip().endswith((".", ";", ",")):
        return None
    if label and not re.search(r"[^\W\d_]", label):  # a label of digits only: part of the numbers
        return None
    return label.strip(" \t-•*:"), cells


def _header_columns(line: str) -> list[re.Match]:
    """The column anchors of a header line; parenthesised notes are no columns of their own."""
    masked = _PAREN.sub(lambda m: " " * len(m.group(0)), line)
    found = list(_COLUMN.finditer(masked))
    # the years that qualify a quarter, month or day column ("2024 Q1", "Q1 2024", "March 2024")
    qualifying = {m.group(g) for m in found for g in ("qyear0", "qyear", "myear", "dyear", "dyear2") if m.group(g)}
    cols = []
    for m in found:
        if m.group("ytotal") and (m.group("tyear") or m.group("tyear2")) not in qualifying:
            if m.group("tyear"):  # "2022 2023 2024 Total": a year column, then the total of all
                parts = (_COLUMN.match(masked, m.start(), m.start() + 4), _COLUMN.search(masked, m.start() + 4, m.end()))
            else:  # "Total 2024": the total; its year names no column
                parts = (_COLUMN.search(masked, m.start(), m.end() - 4),)
            cols.extend(p for p in parts if p)
            continue
        if m.group("year") and cols and _is_total(cols[-1]) and re.fullmatch(
                r"[ \t]+(?:de|du|for|in|of|en)[ \t]+", masked[cols[-1].end():m.start()]):
            continue  # "Total de 2020": the total's year
        cols.append(m)
    return cols


def _is_total(c: re.Match) -> bool:
    """A total column: "Total", or a year's total ("2024 Total", "Total 2024")."""
    return bool(c.group("total") or c.group("ytotal"))


def _month_year(months: list[int], year: int | None, pub: dt.date | None) -> int | None:
    if year is not None:
        return year
    if pub is None:
        return None
    y = pub.year
    while months and (y, max(months)) > (pub.year, pub.month) and y > pub.year - 2:
        y -= 1
    return y


def _column_periods(line: str, cols: list[re.Match], caption_year: int | None, pub: dt.date | None) -> list[str | None]:
    months = [_MONTHS[(c.group("mon") or c.group("dmon") or c.group("dmon2") or "").lower().rstrip(".")]
              for c in cols if (c.group("mon") or c.group("dmon") or c.group("dmon2"))
              and not (c.group("myear") or c.group("dyear") or c.group("dyear2"))]
    year = _month_year(months, caption_year, pub)
    out: list[str | None] = []
    for i, c in enumerate(cols):
        nxt = cols[i + 1].start() if i + 1 < len(cols) else len(line)
        note = line[c.end():nxt]
        if c.group("fiscal"):
            y1 = int(c.group("fy"))
            out.append(f"{ym(y1, 4)}/{ym(y1 + 1, 3)}")
        elif c.group("day"):
            mon = _MONTHS[(c.group("dmon") or c.group("dmon2")).lower().rstrip(".")]
            y = int(c.group("dyear") or c.group("dyear2") or 0) or year
            d = int(c.group("dd") or c.group("dd2"))
            out.append(f"{ym(y, mon)}-{d:02d}" if y else None)
        elif c.group("month"):
            mon = _MONTHS[c.group("mon").lower().rstrip(".")]
            y = int(c.group("myear") or 0) or year
            out.append(ym(y, mon) if y else None)
        elif c.group("quarter"):
            y = int(c.group("qyear0") or c.group("qyear") or 0) or caption_year
            q = int(c.group("q0") or c.group("q"))
            out.append(f"{ym(y, 3 * q - 2)}/{ym(y, 3 * q)}" if y else None)
        elif c.group("year"):
            y = int(c.group("year"))
            until = _UNTIL.search(note)
            out.append(f"{ym(y, 1)}/{ym(y, _MONTHS[until['mon'].lower().rstrip('.')])}" if until else str(y))
        else:
            out.append(None)  # total: filled in below
    spans = [p for p in out if p]
    if spans:
        first, last = spans[0].split("/")[0], spans[-1].split("/")[-1]
        span = first if first == last else f"{first}/{last}"
        out = [span if c.group("total") else p for c, p in zip(cols, out)]
        for k, c in enumerate(cols):  # a year's total covers that year's columns, else the year
            if c.group("ytotal"):
                y = c.group("tyear") or c.group("tyear2")
                own = [p for p, d in zip(out, cols) if p and not _is_total(d) and p.startswith(y)]
                first, last = (own[0].split("/")[0], own[-1].split("/")[-1]) if own else (y, y)
                whole = (first, last) == (f"{y}-01", f"{y}-12")
                out[k] = y if whole else first if first == last else f"{first}/{last}"
    return out


def _caption_year(text: str, lo: int) -> int | None:
    """The one year the caption line (or the line above it) names, else None."""
    years = set(re.findall(rf"(?<!\d){_YEAR}(?!\d)", text[lo:text.find("\n", lo) if text.find("\n", lo) >= 0 else len(text)]))
    return int(years.pop()) if len(years) == 1 else None


def find_tables(text: str, pub: dt.date | None = None) -> list[Table]:
    """The tables of ``text`` (see the module docstring), in text order."""
    lines = _lines(text)
    pipes = {i for i, (lo, hi) in enumerate(lines) if text.startswith("|", lo)}
    rows = {i: (None if i in pipes else _row(text, lo, hi)) for i, (lo, hi) in enumerate(lines)}
    tables: list[Table] = _pipe_tables(text, lines, pipes, pub)
    i = 0
    while i < len(lines):
        if rows[i] is None:
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and rows[j + 1] is not None:
            j += 1
        table = _read_block(text, lines, rows, i, j, pub)
        if table is not None:
            tables.append(table)
        i = j + 1
    tables += _list_rows(text, lines, {c.row_start for t in tables for c in t.cells}, pub)
    return sorted(tables, key=lambda t: t.start)


def _pipe_cells(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The (start, end) of each cell's text in a "| a | b |" line, stripped."""
    bars = [lo + m.start() for m in re.finditer(r"\|", text[lo:hi])]
    out = []
    for a, b in zip(bars, bars[1:]):
        cell = text[a + 1:b]
        s = a + 1 + len(cell) - len(cell.lstrip())
        out.append((s, max(s, a + 1 + len(cell.rstrip()))))
    return out


def _pipe_tables(text, lines, pipes, pub) -> list[Table]:
    """Tables written with pipes, as stored pages render HTML tables: a header row, a
    "|---|---|" line, then a row per line ("| Quebec | 79 | 75 | ... | 648 |"). The header's cells
    after the first are the columns (days, months, quarters, years, "Total", as in a plain
    header); the first is the stub; the caption is the short text line above (or the one above
    a line ending in a full stop, a note between caption and table)."""
    out, k = [], 0
    order = sorted(pipes)
    while k < len(order):
        i = order[k]
        j = k
        while j + 1 < len(order) and order[j + 1] == order[j] + 1:
            j += 1
        block, k = order[k:j + 1], j + 1
        if len(block) < 3 or not re.fullmatch(r"[|\s:-]+", text[lines[block[1]][0]:lines[block[1]][1]]):
            continue
        head = [text[a:b] for a, b in _pipe_cells(text, *lines[block[0]])]
        if len(head) < 3:
            continue
        line = "   ".join(head[1:])
        cols = _header_columns(line)
        caption = cyear = None
        for c in (i - 1, i - 2):
            if c >= 0 and c not in pipes:
                above = text[lines[c][0]:lines[c][1]].strip()
                if len(above.split()) <= 20 and not above.endswith((".", ";", ":")):
                    caption, cyear = above, _caption_year(text, lines[c][0])
                    break
        if len(cols) == len(head) - 1:
            periods = _column_periods(line, cols, cyear, pub)
            totals = [_is_total(c) for c in cols]
        else:
            periods, totals = [None] * (len(head) - 1), [bool(_TOTAL_LABEL.fullmatch(h)) for h in head[1:]]
        stub = head[0].strip(" :") or None
        cells = []
        for r in block[2:]:
            lo, hi = lines[r]
            spans = _pipe_cells(text, lo, hi)
            if len(spans) != len(head):
                continue
            label = text[spans[0][0]:spans[0][1]]
            total_row = bool(_TOTAL_LABEL.match(label))
            for c, (a, b) in enumerate(spans[1:]):
                raw = text[a:b]
                if raw in _EMPTY or not _CELL.match(raw):
                    continue
                cells.append(Cell(a, b, _number(raw.replace(" ", "")), raw, lo, hi, label, head[c + 1],
                                  periods[c], caption, total_row, totals[c], raw.endswith("%"), stub))
        if cells:
            out.append(Table(lines[block[0]][0], lines[block[-1]][1], tuple(cells)))
    return out


def _read_block(text, lines, rows, i, j, pub) -> Table | None:
    header = caption = None
    cols: list[re.Match] = []
    if i > 0:
        hlo, hhi = lines[i - 1]
        line = text[hlo:hhi]
        cols = _header_columns(line)
        if len(cols) >= 2 and not line.rstrip().endswith((".", ";")):
            header = (hlo, hhi)
            if i > 1:
                clo, chi = lines[i - 2]
                if rows[i - 2] is None and len(text[clo:chi].split()) <= 20 and not text[clo:chi].rstrip().endswith("."):
                    caption = (clo, chi)
        else:
            cols = []
            if len(line.split()) <= 20 and not line.rstrip().endswith("."):
                caption = (hlo, hhi)
    n = len(cols) if header else None
    if n is None:  # no header: the rows must agree on their number of cells
        counts = {len(rows[k][1]) for k in range(i, j + 1)}
        if j == i or len(counts) != 1:
            return None
        # "Demandes d'asile irrégulières : 16 968": each row one number in French thousands
        if all(_groupings([text[a:b] for a, b in rows[k][1]], 1) for k in range(i, j + 1)):
            return None
        n = counts.pop()
    caption_text = text[caption[0]:caption[1]].strip() if caption else None
    cyear = _caption_year(text, caption[0]) if caption else None
    periods = _column_periods(text[header[0]:header[1]], cols, cyear, pub) if header else [None] * n
    names = [c.group(0).strip() for c in cols] if header else [None] * n
    total_cols = [_is_total(c) for c in cols] if header else [False] * n
    stub = text[header[0]:header[0] + cols[0].start()].strip(" \t:") or None if header else None
    cells: list[Cell] = []
    for k in range(i, j + 1):
        label, toks = rows[k]
        words = [text[a:b] for a, b in toks]
        options = _groupings(words, n)
        if not options:
            continue
        best = _choose(options, words, total_cols)
        lo, hi = lines[k]
        total_row = bool(_TOTAL_LABEL.match(label))
        for c, (a, b) in enumerate(best):
            raw = " ".join(words[a:b])
            if raw in _EMPTY:
                continue
            s, e = toks[a][0], toks[b - 1][1]
            cells.append(Cell(s, e, _number(raw.replace(" ", "")), text[s:e], lo, hi, label, names[c],
                              periods[c], caption_text, total_row, total_cols[c], raw.endswith("%"), stub))
    if not cells:
        return None
    return Table((header or lines[i])[0], lines[j][1], tuple(cells))


def _choose(options, words, total_cols):
    """Of several groupings, the one whose total column sums the others, else whose numbers are
    closest in size."""
    if len(options) == 1:
        return options[0]

    def values(opt):
        out = []
        for a, b in opt:
            raw = "".join(words[a:b])
            out.append(None if raw in _EMPTY else _number(raw))
        return out

    if any(total_cols):
        for opt in options:
            v = values(opt)
            parts = [x for x, t in zip(v, total_cols) if not t and x is not None]
            totals = [x for x, t in zip(v, total_cols) if t and x is not None]
            if totals and parts and all(abs(sum(parts) - t) < 0.5 for t in totals):
                return opt

    def spread(opt):
        v = [x for x in values(opt) if x]
        return (max(v) / min(v)) if v else float("inf")

    return min(options, key=spread)


def _list_rows(text, lines, taken, pub) -> list[Table]:
    """"- 2017 (50,000)" lines under a caption line ending in ":": one cell each, its year the period."""
    out = []
    k = 0
    while k < len(lines):
        lo, hi = lines[k]
        m = _LIST_ROW.match(text[lo:hi])
        if not m or lo in taken or k == 0:
            k += 1
            continue
        clo, chi = lines[k - 1]
        if not text[clo:chi].rstrip().endswith(":") and not _LIST_ROW.match(text[clo:chi]):
            k += 1
            continue
        first = k
        while first > 0 and _LIST_ROW.match(text[lines[first - 1][0]:lines[first - 1][1]]):
            first -= 1
        caption = text[lines[first - 1][0]:lines[first - 1][1]].strip() if first > 0 else None
        cells = []
        while k < len(lines) and (m := _LIST_ROW.match(text[lines[k][0]:lines[k][1]])):
            lo, hi = lines[k]
            g = "a" if m.group("a") else "b"
            s, e = lo + m.start(g), lo + m.end(g)
            raw = text[s:e].strip()
            s = s + text[s:e].index(raw)
            e = s + len(raw)
            try:
                value = _number(raw.replace(" ", "").replace("\u00a0", ""))
            except ValueError:
                k += 1
                continue
            cells.append(Cell(s, e, value, raw, lo, hi, "", m.group("year"), m.group("year"), caption))
            k += 1
        if cells:
            out.append(Table(cells[0].row_start, cells[-1].row_end, tuple(cells)))
    return out
