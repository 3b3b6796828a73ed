"""A court's finding reported inside somebody's quotation: "For the second time, the Federal Court
has found that the Canadian law implementing the Safe Third Country Agreement is
unconstitutional," said Justin Mohammed. The finding is the court's own `indirect` statement
(docs/attribution_guideline.md rules 11 and 13); the quotation stays its speaker's.

The sentence rules never read inside quotation marks (a quotation is content, not narration), so
this module reads there, for courts only: a court of nlp/data/courts.txt (or "the court" / "la
Cour": the court last named finding something before it, else the one named last, else the
document's one court), a finding verb of nlp/data/finding_verbs.txt, then
"that" / "que" and the clause up to the end of its sentence or of the quotation. Pure text: the
caller gives the quotation spans and the document's one court."""
from __future__ import annotations

import functools
import re

from .quote_cues import word_set
from .quote_spans import QuoteSpan, paragraph_of

# "the court", "la Cour": the document's one court (quotes._court_of)
_GENERIC = r"(?:[Tt]he\s+[Cc]ourt|[Ll]a\s+Cour|[Ll]e\s+tribunal)"
_ADVERBS = r"(?:(?:has|had|have|also|unanimously|a|avait|aussi|également|déjà|unanimement|clairement|clearly)\s+)*"


@functools.lru_cache(maxsize=1)
def _finding() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The court mention, the finding verb right after it ("has found that"), and a finding verb
    within a few words of it ("found in July that"), compiled once."""
    courts = "|".join(re.escape(c).replace("'", "['’]") for c in sorted(word_set("courts"), key=len, reverse=True))
    verbs = "|".join(re.escape(v) for v in sorted(word_set("finding_verbs"), key=len, reverse=True))
    return (re.compile(rf"(?<!\w)(?:(?:[Tt]he|[Ll]a|[Ll]e|[Ll]['’])\s*)?(?P<court>{courts})(?!\w)|(?P<generic>{_GENERIC})(?!\w)",
                       re.IGNORECASE),
            re.compile(rf"\s+{_ADVERBS}(?:{verbs})\s+(?:that|que\s+|qu['’])\s*", re.IGNORECASE),
            re.compile(rf"[^.?!;]{{0,40}}?(?<!\w)(?:{verbs})(?!\w)", re.IGNORECASE))


@functools.lru_cache(maxsize=1)
def _court_spellings() -> dict[str, str]:
    return {c.lower().replace("’", "'"): c for c in word_set("courts")}


def court_name(mention: str) -> str | None:
    """The courts.txt spelling of a court mention ("la Cour fédérale", "the Federal Court" ->
    "Cour fédérale", "Federal Court"), None when it names no court of the list."""
    key = re.sub(r"^(?:the|la|le|l')\s*", "", mention.strip().lower().replace("’", "'"))
    return _court_spellings().get(key)


def court_at(text: str, pos: int) -> tuple[str, int] | None:
    """The court of courts.txt whose name starts at ``pos`` (the longest: "Cour d'appel
    fédérale" before "Cour"; the court pattern of ``_finding``), as (its courts.txt spelling, the
    end of the mention), or None."""
    m = _finding()[0].match(text, pos)
    if m is None or not m["court"]:
        return None
    return court_name(m["court"]) or m["court"], m.end()


def _last_court(text: str, before: int) -> str | None:
    """Whom "the court" at ``before`` refers to: the court last named finding something before it
    ("the Federal Court has found that ..."; a court named only as hearing an appeal is not the
    one whose finding is reported), else the court named last."""
    court_re, _, near = _finding()
    named = [(m["court"], bool(near.match(text, m.end()))) for m in court_re.finditer(text[:before]) if m["court"]]
    finding = [c for c, found in named if found]
    last = finding[-1] if finding else named[-1][0] if named else None
    return last and (court_name(last) or last)


def court_findings(text: str, spans: tuple[QuoteSpan, ...], statements: list[dict], starts: list[int],
                   default_court: str | None) -> list[dict]:
    """The findings reported inside the quotation ``spans`` of ``text`` that no statement of
    ``statements`` already holds (an indirect or mixed statement overlapping the clause)."""
    court_re, verb_re, _ = _finding()
    held = [(s["start"], s["end"]) for s in statements if s.get("kind") in ("indirect", "mixed")]
    out = []
    for q in spans:
        inside = text[q.start:q.end]
        for m in court_re.finditer(inside):
            v = verb_re.match(inside, m.end())
            if v is None:
                continue
            who = (court_name(m["court"]) or m["court"]) if m["court"] else _last_court(text, q.start + m.start()) or default_court
            if not who:
                continue
            a = q.start + v.end()
            stop = re.search(r"[.?!…](?=\s|$)|[”\"»]", text[a:q.end])
            b = a + stop.start() if stop else q.end
            while b > a and text[b - 1] in " ,;:\t\n\u00a0":
                b -= 1
            if b - a < 12 or any(x < b and a < y for x, y in held):
                continue
            held.append((a, b))
            out.append({"speaker": who, "speaker_role": None, "speaker_party": None, "kind": "indirect",
                        "text": text[a:b], "start": a, "end": b, "paragraph": paragraph_of(starts, a),
                        "anonymous": False, "org": True, "pronoun": False, "stance": "none", "stance_score": 0.0})
    return out
