"""Text-level structure for stca_quotes: paragraphs, quotation spans and transcript turns.

Pure functions over the document string (no model), so they are cheap and testable alone.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace

CLOSERS = {"”", "»", '"'}  # ‘single’ quotes: see _single_quote_spans
TURN_RE = re.compile(
    r"^[ \t]*(?P<who>(?:The\s+)?(?:Right\s+)?(?:Hon\.|Honourable|Senator|Sen\.|Mr\.|Mrs\.|Ms\.|Miss|Dr\.|"
    r"M\.|Mme|Madam|The\s+Speaker|The\s+Chair)[^\n:()]{0,60}?)"
    r"(?:\s*\((?P<paren>[^)\n]{1,120})\))?\s*:[ \t]+(?=\S)",
    re.M,
)


@dataclass(frozen=True)
class QuoteSpan:
    open: int   # offset of the opening mark
    close: int  # offset of the closing mark (end of paragraph when unbalanced)
    closed: bool

    @property
    def start(self):
        return self.open + 1

    @property
    def end(self):
        return self.close


def paragraph_starts(text: str) -> list[int]:
    """Offsets where each non-blank line (a paragraph) starts."""
    return [m.start() for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def paragraph_of(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)


def _is_opener(text: str, i: int) -> bool:
    c = text[i]
    if c in "“«„":
        return True
    if c == '"':  # straight quote: opens after a space, a line start or an opening bracket/dash
        return i == 0 or text[i - 1] in " \t\n([{—–-/"
    return False


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Quotation spans in document order; a paragraph ending inside a quote continues it when the
    next paragraph re-opens with a quotation mark (the newspaper convention), else it ends there."""
    text = text.replace("''", '"\x01')  # NYT-style doubled apostrophes; same length, same offsets
    spans, open_at, i, n = [], None, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n" and open_at is not None:
            j = i
            while j < n and text[j] in " \t\r\n\u00a0":
                j += 1
            if j < n and text[j] in "“«\"„" and j > i:
                i = j + 1  # multi-paragraph quote: skip the re-opening mark
                continue
            spans.append(QuoteSpan(open_at, i, False))
            open_at = None
        elif open_at is None and (c in "“«„" or (c == '"' and _is_opener(text, i)) or
                                  (c == "”" and (i == 0 or text[i - 1] == "\n"))):
            open_at = i
        elif open_at is not None and c in CLOSERS and not (c == '"' and _is_opener(text, i) and i + 1 < n and text[i + 1].isalnum()):
            spans.append(QuoteSpan(open_at, i, True))
            open_at = None
        elif open_at is not None and c in "“«":  # a new opener before a close: drop the stray one
            open_at = i
        i += 1
    if open_at is not None:
        spans.append(QuoteSpan(open_at, n, False))
    spans = [replace(s, open=s.open + 1) if text[s.open + 1:s.open + 2] == "\x01" else s for s in spans]
    spans = sorted(spans + _single_quote_spans(text, spans), key=lambda s: s.open)
    return [s for s in spans if text[s.start:s.end].strip()]


@functools.lru_cache(maxsize=4)
def quote_spans(text: str) -> tuple[QuoteSpan, ...]:
    """``find_quote_spans`` memoised on the text: the attribution features, the rule pass, the
    statement pass and the speaker clusters of one Doc all read the same spans."""
    return tuple(find_quote_spans(text))


SINGLE_RE = re.compile(r"(?:^|(?<=[\s(\[—–-]))‘(?:[^‘’\n]|’(?=\w))+’(?!\w)", re.M)


def _single_quote_spans(text: str, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """‘Single curly’ quotations outside double quotes (headlines, some house styles): the opener
    must follow a space or line start and the closer must not be an apostrophe inside a word."""
    out = []
    for m in SINGLE_RE.finditer(text):
        if not any(s.open <= m.end() - 1 and m.start() <= s.close for s in spans):
            out.append(QuoteSpan(m.start(), m.end() - 1, True))
    return out


def find_turns(text: str) -> list[tuple[str, str | None, int, int]]:
    """Transcript turns ("Hon. Peter Harder (Government Representative in the Senate): ...") as
    (speaker, parenthetical, start, end); empty unless at least two turns are present."""
    hits = list(TURN_RE.finditer(text))
    if len(hits) < 2:
        return []
    turns = []
    for k, m in enumerate(hits):
        end = hits[k + 1].start() if k + 1 < len(hits) else len(text)
        body_end = len(text[:end].rstrip())
        turns.append((m["who"].strip(), m["paren"], m.end(), body_end))
    return turns


def title_line(text: str) -> tuple[int, int] | None:
    """(start, end) of a title line opening the text: short (at most 20 words), no closing
    punctuation, more text after it ("Roxham Road | Poilievre calls for closure within a month,
    Fraser refuses"; "Fermeture temporaire du Chemin Roxham : un pas dans la bonne direction selon
    Christine Normandin"). A headline is not a statement (docs/attribution_guideline.md rule 3)."""
    lines = list(re.finditer(r"[^\n]*\S[^\n]*", text or ""))
    if len(lines) < 2:
        return None
    first = lines[0].group(0).strip()
    if len(first.split()) <= 20 and not re.search(r"[.!?»”\"…:;,]$", first):
        return lines[0].start(), lines[0].end()
    return None
