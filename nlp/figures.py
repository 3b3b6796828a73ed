"""stca_figures: the numbers cited about the STCA, with what/when/where/who (doc._.figures).

Cheap by design: one regex scan for numbers (nlp.numbers) and time expressions (nlp.periods)
over the text, then the existing sentence split and dependency parse decide which numbers are
figures and what they count. Attributes come from the figure's own clause first, then the
figure it is compared with ("down from 106 the month before"), then the sentence, then the
document so far (a table under "so far in 2017" inherits 2017). A place not in the sentence is
the scope of an earlier sentence of the paragraph, else of the sentence before, else of the
headline; a figure whose sentence is national ("into Canada") keeps place null.
"""
from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from spacy.language import Language

from .extensions import install_extensions
from .numbers import Number, find_numbers
from .quote_cues import doc_text
from .periods import Period, date_from_url, find_periods, parse_date, publication_year, shift
from .tables import Cell, find_tables

log = logging.getLogger(__name__)
DATA = Path(__file__).parent / "data" / "figures.yaml"
_CUT = re.compile(r"[,;—–(]|\s-\s")
# words that cannot sit between a number and the noun it counts ("742 the month before")
_STOP = "the|a|an|in|of|from|to|at|for|by|on|with|were|was|are|is|been|have|has|had|and|or|than|this|that|these|those|per|between|since|during|who|which|successfully|got"
_MONTH_OR_PLACE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|"
                             r"October|November|December|Canada|Quebec|Manitoba|Ontario)\b")
# a measure noun used as a modifier of these is not what is counted ("crossing points")
_HEADS = ["points", "point", "sites", "site", "site", "centres", "centers", "offices", "procedure", "process"]


@functools.lru_cache(maxsize=1)
def knowledge() -> dict:
    """figures.yaml plus the regexes built from it (loaded once)."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))

    def alternation(phrases):
        return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))

    places = {alias: name for name, aliases in data["places"].items() for alias in aliases}
    agencies = {alias: name for name, aliases in data["agencies"].items() for alias in aliases}
    nouns = {n: unit for unit, words in data["measure_nouns"].items() for n in words}
    data["_place_re"] = re.compile(rf"(?<![\w.])(?:{alternation(places)})(?![\w])")
    data["_national_re"] = re.compile(rf"(?<![\w-])(?:{alternation(data['national'])})(?![\w])(?!\s*(?:Border|Post|Revenue))", re.IGNORECASE)
    data["_reporting_re"] = re.compile(rf"\b(?:{alternation(data['reporting_words'])})\s+(?:on\s+|le\s+|this\s+)?$", re.IGNORECASE)
    data["_anaphora_of"] = {w.lower(): kind for kind, ws in data["place_anaphora"].items() for w in ws}
    data["_anaphora_re"] = re.compile(rf"\b(?:{alternation(data['_anaphora_of'])})\b", re.IGNORECASE)
    data["_country_of"] = {alias: name for name, aliases in data["countries"].items() for alias in aliases}
    data["_kind_of"] = {name: kind for kind, names in data["place_kinds"].items() for name in names}
    data["_agency_re"] = re.compile(rf"(?<![\w])(?:{alternation(agencies)})(?![\w])")
    data["_place_stub_re"] = re.compile(rf"(?:{alternation(data['place_stubs'])})", re.IGNORECASE)
    data["_places"], data["_agencies"], data["_nouns"] = places, agencies, nouns
    data["_qual_re"] = re.compile(
        rf"(?<![\w])(?P<q>{alternation([p for ps in data['qualifiers'].values() for p in ps])})\s*$",
        re.IGNORECASE)
    data["_qual_of"] = {p: q for q, ps in data["qualifiers"].items() for p in ps}
    data["_noun_re"] = re.compile(
        rf"\s*:?\s*(?:(?!(?:{_STOP})\b)[\w'.-]+\s+){{0,3}}?(?:[dl]['’])?(?P<n>{alternation(nouns)})\b(?!\s+(?:{alternation(_HEADS)})\b)",
        re.IGNORECASE)
    data["_any_noun_re"] = re.compile(rf"\b(?:{alternation(nouns)})\b", re.IGNORECASE)
    data["_row_re"] = re.compile(rf"\s*:\s*(?:[\w'.-]+\s+){{0,3}}?(?P<n>{alternation(nouns)})\b", re.IGNORECASE)
    data["_ident_re"] = re.compile(rf"(?:^|\W)(?:{alternation(data['identifier_words'])})\s*#?\s*$",
                                   re.IGNORECASE)
    quals = alternation([p for ps in data["qualifiers"].values() for p in ps])
    data["_aggregate_of"] = {w.lower(): unit for unit, ws in data["aggregate_nouns"].items() for w in ws}
    data["_aggregate_re"] = re.compile(
        rf"\b(?P<agg>{alternation(data['_aggregate_of'])})\s+(?:of|de|d['’])\s*(?:(?:{quals})\s+)?$", re.IGNORECASE)
    # "to approximately 14,000", "compared to about 40,000": a qualifier may sit before the number
    data["_cmp_re"] = re.compile(rf"(?:^|\W)(?:{alternation(data['comparison_markers'])})\s*(?:the\s+)?"
                                 rf"(?:(?:{quals})\s+)?$", re.IGNORECASE)
    data["_part_re"] = re.compile(rf"(?:^|\W)(?:{alternation(data['part_markers'])})\s+(?:(?:de|of)\s+)?$",
                                  re.IGNORECASE)
    data["_rel_re"] = re.compile(rf"\s*(?:{alternation(data['relative_markers'])})\b", re.IGNORECASE)
    data["_change_re"] = re.compile(rf"\s*(?:\w+\s+)?(?:{alternation(data['change_words'])})",
                                    re.IGNORECASE)
    data["_verbs"] = set(data["counting_verbs"])
    levels = {v: (None if q in (None, "null") else q) for q, vs in data["level_verbs"].items() for v in vs}
    # "se chiffrait à environ 15 500", "has reached nearly 900": a qualifier may sit between
    data["_level_re"] = re.compile(rf"(?<![\w])(?P<v>{alternation(levels)})\s+(?:(?:à|a|of|at|de|to)\s+)?(?:(?:{quals})\s+)?$",
                                   re.IGNORECASE)
    data["_level_of"] = levels
    return data


@dataclass
class _Fig:
    num: Number
    sent: object
    unit: str
    noun: str | None = None
    qualifier: str | None = None
    period: str | None = None
    place: str | None = None
    place_set: bool = False
    source: str | None = None
    measure: str | None = None
    anchor: "_Fig | None" = None
    base: float | None = None
    extra: dict = field(default_factory=dict)


def _is_year(n: Number) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d{2}", n.text))


def _token_at(doc, char):
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


# "the 9,000-kilometre border", "a 90-minute hearing": a length or a time in one hyphenated word
# counts it ("two-person", "16-year-old" stay adjectives)
_HYPHEN_UNIT = re.compile(r"[-\u2011](?P<n>kilomet(?:re|er)s?|km|miles?|minutes?|hours?|days?|weeks?|months?)\b(?![-\u2011])", re.I)
# a list row that labels its number: "- Demandes d’asile irrégulières : 16 968" (line start, a
# label of a few words, a colon, the number ending the line)
_ROW_LABEL = re.compile(r"(?:^|\n)[ \t]*(?:[-•*o][ \t]+)?[^\n:;.]{3,60}?[ \t]*:[ \t]*$")
_PER_TIME = re.compile(r"\s*/\s*(?:day|jour|week|semaine|month|mois)\b", re.I)


def _counting(noun: str, k: dict) -> tuple[str, str]:
    """(unit, noun) of a measure noun of figures.yaml, as written in the text."""
    noun = noun.lower()
    return k["_nouns"][noun], noun


def _unit_for(doc, n: Number, text: str, k: dict) -> tuple[str | None, str | None]:
    """Unit and counted noun of a number: its own unit, the noun it counts, or a counting verb."""
    if n.unit:
        return n.unit, None
    hyphen = _HYPHEN_UNIT.match(text, n.end)
    if hyphen and hyphen.group("n").lower() in k["_nouns"]:
        return _counting(hyphen.group("n"), k)
    tok = _token_at(doc, n.start)
    if _PER_TIME.match(text, n.end) and tok is not None:   # "from 165/day in March 2023": a rate of
        nouns = _count_nouns(text, tok.sent.start_char, n.start, k)  # the noun before, not days
        if nouns:
            return _counting(nouns[-1].group(0), k)
    after = k["_noun_re"].match(text, n.end, min(len(text), n.end + 60))   # the noun after the number
    # the head must lie after the number's span: in "11 millions d’immigrants" it is the scale word
    if (tok is not None and tok.dep_ == "nummod" and tok.head.pos_ == "NOUN" and tok.head.i > tok.i
            and tok.head.idx >= n.end):
        for form in (tok.head.text.lower(), tok.head.lemma_.lower()):
            if form in k["_nouns"]:
                return k["_nouns"][form], form
        if after and after.start("n") == tok.head.idx:  # a noun of several words: "117 ports of entry"
            return _counting(after.group("n"), k)
        if tok.head.i - tok.i <= 3:
            return None, None                          # "three Canadian provinces"
    label = _ROW_LABEL.search(text, max(0, n.start - 80), n.start)   # "- Demandes d’asile irrégulières : 16 968"
    if label and not (after and "\n" not in text[n.end:after.end()]):
        nouns = _count_nouns(text, label.start(), label.end(), k)
        if nouns:
            return _counting(nouns[0].group(0), k)
    m = after or k["_row_re"].match(text, n.end, min(len(text), n.end + 60))  # "12,040: total of claims"
    if m and "\n" not in text[n.end:m.end()]:
        return _counting(m.group("n"), k)
    if tok is not None and not n.spelled:
        head = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj") and head.lemma_.lower() in k["_verbs"]:
            return "people", None
    agg = k["_aggregate_re"].search(text, max(0, n.start - 40), n.start)  # "a backlog of more than 90,000"
    if agg and not n.spelled:
        return k["_aggregate_of"][agg.group("agg").lower()], agg.group("agg").lower()
    return None, None


def _elliptical_unit(doc, n: Number, figs: list, text: str, s0: int, k: dict):
    """A bare number continuing a list or comparison ("658 in February and 315 in January",
    "from 19 in January to 142") counts what the figure or noun before it counts."""
    tok = _token_at(doc, n.start)
    if tok is not None and tok.dep_ == "nummod" and tok.head.pos_ == "NOUN":
        return None, None
    counts = [f for f in figs if f.unit not in ("percent", "CAD", "USD") and f.unit not in DURATIONS]
    if counts:
        return counts[-1].unit, counts[-1].noun
    if k["_cmp_re"].search(text[max(s0, n.start - 20):n.start]):
        nouns = _count_nouns(text, s0, n.start, k)
        if nouns:
            return _counting(nouns[-1].group(0), k)
        if tok is not None and any(t.lemma_.lower() in k["_verbs"] and t.tag_ == "VBN"
                                   for t in tok.sent if t.idx < n.start):
            return "people", None                      # "those intercepted ... rose to 672"
    return None, None


# words before "N ans" that make it a duration ("depuis 16 ans"), not an age ("un homme de 16 ans")
_DURATION_LEAD = r"\b(?:depuis|pendant|durant|sur|dans|après|en|attendre|attendent|attend)\s+(?:\w+\s+){0,2}$"


def _count_nouns(text: str, start: int, end: int, k: dict) -> list:
    """Measure nouns in text[start:end] that a bare number may count: not durations ("from 26 in
    the year before ... to 13": 13 is not years)."""
    return [m for m in k["_any_noun_re"].finditer(text, start, end)
            if k["_nouns"][m.group(0).lower()] not in DURATIONS]


def _level_before(text: str, s0: int, at: int, k: dict, reach: int = 30):
    """The level verb right before position ``at`` ("stood at", "has exceeded"), if any."""
    return k["_level_re"].search(text[max(s0, at - reach):at])


def _level_unit(text: str, s0: int, n: Number, k: dict):
    """'the number of Syrian refugees ... has already exceeded 200': the level counts the nearest
    measure noun before it in the sentence."""
    if not _level_before(text, s0, n.start, k, reach=45):
        return None, None
    nouns = _count_nouns(text, s0, n.start, k)
    if not nouns:
        return None, None
    # "the number of X ... whose applications ... exceeded 200": the level is the number of X
    counted = [m for m in nouns if re.search(r"\b(?:number|nombre|total)\s+(?:of|de|d['’])\s*(?:[\w-]+\s+){0,2}$",
                                             text[max(s0, m.start() - 40):m.start()], re.I)]
    return _counting((counted or nouns)[-1].group(0), k)


_RATIO_ONE = re.compile(r"\s+(?:in\s+(?:every\s+)?\d|out\s+of\s+\d|sur\s+\d|(?:third|quarter|fifth|tenth|tiers|quart|cinquième)s?\b)", re.I)


def _excluded(n: Number, text: str, periods: list[Period], k: dict) -> bool:
    if any(p.start <= n.start < p.end for p in periods):
        return True
    after, before = text[n.end:n.end + 1], text[max(0, n.start - 30):n.start]
    if after.isalpha() or after in ("-", "/", ":") and text[n.end + 1:n.end + 2].isdigit():
        return True                                   # 1st, 42nd, 10-4, 3/4
    if after in ("-", "\u2011") and text[n.end + 1:n.end + 2].isalpha() and not _HYPHEN_UNIT.match(text, n.end):
        return True                                   # two-person, 2,000-family: adjectives
    if re.search(r"[A-Za-z][-\u2010\u2011]$|#$|\(\d{3}\)\s?$|\d[-.]$", before):  # C-21, #5, phones
        return True
    if re.match(r"[-.]\d{3}[-.]\d{4}", text[n.end:n.end + 9]):
        return True
    if n.spelled and n.value == 1 and _RATIO_ONE.match(text, n.end):
        return True                                   # "one in every 113", "one third", "un sur cinq"
    following = text[n.end:n.end + 20]
    if re.match(r"\s*(?:-year-old|years?\s+old)", following, re.I):
        return True                                   # ages
    if re.match(r"\s*ans\b", following) and not re.search(_DURATION_LEAD, before, re.I):
        return True                                   # "16 ans": an age, unless "depuis 16 ans"
    if re.match(r"\s*(?:years?|months?|weeks?|days?)\s+(?:ago|earlier|later)\b", following, re.I) or (
            re.search(r"\bil\s+y\s+a\s+$", before, re.I) and re.match(r"\s*(?:ans|années|mois|semaines|jours)\b", following)):
        return True                                   # "five years ago", "two weeks earlier", "il y a 16 ans": a time
    return bool(k["_ident_re"].search(before))


def _places_in(text: str, k: dict) -> list[str]:
    return list(dict.fromkeys(k["_places"][m.group(0)] for m in _place_matches(text, k)))


DATELINE = re.compile(r"^\s*\(?[A-ZÀ-Ý][\w.'’ -]{1,30}\)?\s*(?:[—–-]|:|\))")


_LOCATIVE = re.compile(r"\b(?:in|into|at|inside|within|en|au|aux|dans|à)\s+(?:the\s+|le\s+|la\s+|les\s+|l['’])?$", re.I)


def _with_parsed_places(doc, k: dict) -> dict:
    """Places the parser finds beyond figures.yaml: a country or region entity (GPE / LOC) written
    after a locative preposition ("in Lebanon", "en Turquie") is a place of this document, where
    it follows such a preposition ("refugees from Bhutan" names an origin, not a scope)."""
    names, text = set(), doc_text(doc)
    for ent in doc.ents:
        name = re.sub(r"^(?:the|la|le|les)\s+", "", ent.text)
        if ent.label_ not in ("GPE", "LOC") or name in k["_places"] or k["_national_re"].fullmatch(name) \
                or not re.fullmatch(r"[A-ZÀ-Ý][^\W\d]*(?:[ -][A-ZÀ-Ý][^\W\d]*){0,3}", name):
            continue
        if _LOCATIVE.search(text[max(0, ent.start_char - 20):ent.start_char]):
            names.add(name)
    if not names:
        return k
    canonical = k["_country_of"]
    places = {**k["_places"], **{n: canonical.get(n, n) for n in names}}
    alternation = "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True))
    return {**k, "_places": places, "_parsed_places": names,
            "_place_re": re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")}


def _place_matches(text: str, k: dict):
    """Place mentions, minus ridings ("the member for Nunavut" names a seat, not a place) and
    datelines ("(Ottawa) ...", "OTTAWA — ...": where the story was filed, not what it counts)."""
    return [m for m in k["_place_re"].finditer(text)
            if not re.search(r"\b(?:member|MP|député\w*)\s+(?:for|de)\s+(?:\S+\s+){0,3}$",
                             text[max(0, m.start() - 40):m.start()])
            and not (m.start() <= 2 and DATELINE.match(text) and DATELINE.match(text).end() >= m.end())
            and (m.group(0) not in k.get("_parsed_places", ()) or _LOCATIVE.search(text[max(0, m.start() - 20):m.start()]))]


# "Statistics Canada", "Citizenship Canada": a capitalised name word before "Canada" makes an
# organisation; sentence-initial prepositions do not ("In Canada", "Across Canada")
_ORG_BEFORE = re.compile(r"(?:^|[^\w])(?!(?:In|Into|To|Across|Throughout|Of|From|For|At|Au|En|Le|Du|All)\s)[A-Z][\w.,&'’-]*\s+$")


def _nationals(window: str, k: dict) -> list:
    """The national-scope markers of ``window`` that are not part of an organisation's name."""
    return [m for m in k["_national_re"].finditer(window)
            if (m.group(0) == "Canada" or m.group(0).lower() != "canada") and not (m.group(0) == "Canada" and _ORG_BEFORE.search(window[max(0, m.start() - 40):m.start()]))]


def _national(window: str, k: dict):
    found = _nationals(window, k)
    return found[0] if found else None


def _scope(sentence: str, k: dict, last_place: dict | None = None, has_figures: bool = True) -> tuple | None:
    """The place scope a sentence leaves to the figures after it: ("place", name) when it names
    one place last, ("national", None) when a national marker comes after its last place or it
    names several places, None when it names no place."""
    found = _place_matches(sentence, k)
    # a bare "Canada" is the scope of the sentence's own figures ("20,000 crossed into Canada"); in
    # a sentence without figures it is narrative ("migrants who crossed into Canada") and sets none
    national = [m for m in _nationals(sentence, k) if has_figures or m.group(0) != "Canada"]
    back = list(k["_anaphora_re"].finditer(sentence))
    if back and all(back[-1].start() > m.start() for m in found + national):
        place = (last_place or {}).get(k["_anaphora_of"][back[-1].group(0).lower()])
        if place:
            return ("place", place)                   # "Les arrivants sur ce chemin ..."
    if national and (not found or national[-1].start() > found[-1].start()):
        return ("national", None)
    names = list(dict.fromkeys(k["_places"][m.group(0)] for m in found))
    if len(names) > 1:
        return ("national", None)
    return ("place", names[0]) if names else None


# the point where a national figure entered: "enter Canada via Roxham Road", "into Canada at Lacolle"
_ENTRY_POINT = re.compile(r"\s*(?:[\w'’-]+\s+){0,3}?(?:via|at|through|near|par|près\s+de|au|à)\s+(?:the\s+|le\s+|la\s+)?$", re.I)
# a crossing or town of the province named just before: "entering Quebec from Roxham Road"
_POINT_OF = re.compile(r",?\s*(?:from|at|via|through|near|par|au|à|près\s+de)\s+(?:the\s+|le\s+|la\s+)?$", re.I)


# what joins two places of one list ("Quebec, Manitoba and B.C."), and a crossing to its region
# ("Chemin Roxham, in Montérégie")
_LIST_LINK = re.compile(r",?\s*(?:and|or|et|,)?\s*")
_IN_REGION = re.compile(r",?\s*(?:in|en|au|dans)\s+(?:the\s+|la\s+|le\s+|l['’])?")


def _place_of(window: str, k: dict) -> tuple[bool, str | None]:
    """(decided, place) in a window after the figure: the first place unless it opens a list ("in
    Quebec, Manitoba and B.C.") -> None; national scope ("into Canada") -> decided None, unless
    the place after the marker is where the national figure came in ("enter Canada via Roxham
    Road"). A province followed by one of its crossings or towns is the crossing ("entering
    Quebec from Roxham Road")."""
    found = _place_matches(window, k)
    national = _national(window, k)
    if found and national and national.start() < found[0].start() \
            and _ENTRY_POINT.fullmatch(window[national.end():found[0].start()]):
        return True, k["_places"][found[0].group(0)]
    if found and not (national and national.start() < found[0].start()):
        first = found[0]
        if len(found) > 1 and _LIST_LINK.fullmatch(window[first.end():found[1].start()]):
            return True, None
        name = k["_places"][first.group(0)]
        if len(found) > 1 and k["_kind_of"].get(name) == "province" \
                and k["_kind_of"].get(k["_places"][found[1].group(0)]) in ("crossing", "city") \
                and _POINT_OF.fullmatch(window[first.end():found[1].start()]):
            return True, k["_places"][found[1].group(0)]
        return True, name
    if national:
        return True, None
    return False, None


def _place_before(window: str, k: dict) -> tuple[bool, str | None]:
    """(decided, place) in a window before the figure: the place nearest the figure, unless a
    national marker follows it (-> decided None) or it closes a list (-> None); a region named
    after a crossing is the crossing's ("Chemin Roxham, in Montérégie, which ..."). With no place,
    a national marker decides None."""
    found = _place_matches(window, k)
    nationals = _nationals(window, k)
    if not found:
        return bool(nationals), None
    last = found[-1]
    if any(m.start() > last.end() for m in nationals):
        return True, None
    if len(found) > 1:
        prev, parsed = found[-2], k.get("_parsed_places", ())
        link = window[prev.end():last.start()]
        if _LIST_LINK.fullmatch(link):
            return True, None
        if last.group(0) in parsed and prev.group(0) not in parsed and _IN_REGION.fullmatch(link):
            last = prev
    return True, k["_places"][last.group(0)]


def _window(text: str, start: int, end: int, cut_first: bool) -> str:
    seg = text[start:end]
    if cut_first:
        m = _CUT.search(seg)
        return seg[:m.start()] if m else seg
    parts = _CUT.split(seg)
    return parts[-1] if parts else seg


def _period_in(periods, start, end, nearest_to, absolute_only=False):
    inside = [p for p in periods if start <= p.start and p.end <= end and p.kind != "date"
              and (p.kind in ("absolute", "day") or not absolute_only)]
    inside = [p for p in inside if p.value or p.kind in ("relative", "span", "deadline")]
    if not inside:
        return None
    return min(inside, key=lambda p: abs(p.start - nearest_to))


def _agency_near(text, sent_start, sent_end, at, k):
    found = [(abs(m.start() - at), k["_agencies"][m.group(0)])
             for m in k["_agency_re"].finditer(text, sent_start, sent_end)]
    return min(found)[1] if found else None


def _measure(doc, fig: _Fig, k: dict) -> str | None:
    """'asylum claimants intercepted by the RCMP': the counted noun phrase + verb + agency."""
    tok = _token_at(doc, fig.num.start)
    if tok is None:
        return fig.noun or fig.unit
    if tok.dep_ not in ("nummod", "quantmod", "compound") and fig.noun:
        return fig.noun                                # "1,993: interceptions in Quebec"
    noun = tok.head if tok.dep_ in ("nummod", "quantmod", "compound") else tok
    if noun.pos_ not in ("NOUN", "PROPN"):
        noun = tok
    words = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and not t.like_num]
    phrase = " ".join([t.text for t in words] + ([noun.text] if not noun.like_num else []))
    phrase = phrase or fig.noun or (fig.anchor.measure if fig.anchor else None) or fig.unit
    verb = noun.head if noun.dep_ in ("nsubj", "nsubjpass", "dobj") else None
    if verb is not None and verb.pos_ == "VERB" and verb.lemma_.lower() in k["_verbs"]:
        agent = [c for c in verb.children if c.dep_ == "nsubj" and c is not noun]
        part = verb.text if verb.tag_ in ("VBN", "VBD") else verb.lemma_
        if agent and noun.dep_ == "dobj":
            source = k["_agencies"].get(agent[0].text) or fig.source
            return f"{phrase} {part} by the {source}" if source else f"{phrase} {part}"
        return f"{phrase} {part}"
    return phrase


@dataclass(frozen=True)
class _Segment:
    start_char: int
    end_char: int
    text: str


def _segments(doc) -> list[_Segment]:
    """Sentences cut at line breaks: page chrome and list lines must not merge into one."""
    out = []
    for sent in doc.sents:
        pos = sent.start_char
        for line in sent.text.split("\n"):
            stripped = line.strip()
            if stripped:
                start = pos + line.index(stripped)
                out.append(_Segment(start, start + len(stripped), stripped))
            pos += len(line) + 1
    return out


def _paragraph_starts(text: str) -> list[int]:
    starts, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(pos)
        pos += len(line) + 1
    return starts


def extract_figures(doc) -> list[dict]:
    """The figures of ``doc`` as SCHEMA.md dicts (+ paragraph, base, mention offsets)."""
    k = _with_parsed_places(doc, knowledge())
    text = doc_text(doc)
    meta = doc._.meta or {}
    ctx = _Context(text, parse_date(meta.get("date")) or date_from_url(meta.get("url")), doc)
    # a day right after a reporting verb dates the report ("said Tuesday"), not a figure
    ctx.periods = [Period(p.start, p.end, None, "date") if p.kind == "day"
                   and k["_reporting_re"].search(text[max(0, p.start - 30):p.start]) else p
                   for p in find_periods(text, ctx.pub, publication_year(meta.get("date")))]
    tables = find_tables(text, ctx.pub)
    # the numbers of a table's header and rows are its cells, not the sentence reader's
    numbers = [n for n in find_numbers(text) if not _excluded(n, text, ctx.periods, k)
               and not any(t.start <= n.start < t.end for t in tables)]
    seen, head_keys = set(), []
    out: list[_Fig] = []
    para_starts = _paragraph_starts(text)
    for sent in _segments(doc):
        ctx.para = bisect.bisect_right(para_starts, sent.start_char) - 1
        key = re.sub(r"\W+", " ", sent.text).strip().lower()   # "- " bullets, quotes ignored
        # page chrome repeats the headline ("More News: - Nearly 900 asylum seekers ...")
        repeat = len(key) > 20 and (key in seen or any(key in h for h in head_keys))
        seen.add(key)
        if len(head_keys) < 5:
            head_keys.append(key)
        figs = _candidates(doc, sent, [x for x in numbers if sent.start_char <= x.start < sent.end_char], k)
        ctx.claimed = {id(f): _own_period(text, *_period_reader(figs, i), ctx) for i, f in enumerate(figs)}
        ctx.sentence = figs
        for i, f in enumerate(figs):
            _attributes(doc, f, figs[i - 1] if i else None, figs[i + 1] if i + 1 < len(figs) else None,
                        ctx, k)
        ctx.advance(sent, k, figs)
        if not repeat:
            out.extend(figs)
    statements = doc._.statements or []
    figures = [_to_dict(f, text, para_starts, statements, meta) for f in _dedupe(out, text)]
    cells = [_cell_dict(c, text, para_starts, meta, k) for t in tables for c in t.cells]
    return sorted(figures + cells, key=lambda f: f["mention_start"])


def _cell_dict(c: Cell, text: str, para_starts, meta, k: dict) -> dict:
    """A table cell (nlp/tables.py) as a figure: the period its column gives; the place its row
    label names, or the row label itself in a table by region (the header's first words, its stub,
    are one of figures.yaml ``place_stubs``); a total row and a national caption: none; else the
    caption's place; the caption as the measure, with the row label when it is not a place."""
    caption = c.caption or ""
    row_places = _places_in(c.row_label, k)
    if not row_places and c.row_label and not c.total_row and c.stub and k["_place_stub_re"].fullmatch(c.stub):
        row_places = [c.row_label]  # a row of a table by region ("Atlantic Region 139 57 ..."): as written
    if row_places:
        place = row_places[0]
    elif c.total_row or _national(caption, k):
        place = None
    else:
        found = _places_in(caption, k)
        place = found[0] if found else None
    noun = k["_any_noun_re"].search(caption)
    unit = ("percent" if c.percent else "CAD" if "$" in c.text or re.search(r"\$|dollars", caption)
            else k["_nouns"].get(noun.group(0).lower(), "people") if noun else "people")
    measure = caption.rstrip(" :") or None
    if measure and c.row_label and not row_places and not c.total_row:
        measure = f"{measure} ({c.row_label})"
    agency = k["_agency_re"].search(caption)
    return {
        "value": int(c.value) if float(c.value).is_integer() else c.value,
        "unit": unit, "qualifier": None, "measure": measure, "period": c.period, "place": place,
        "source": k["_agencies"][agency.group(0)] if agency else None, "speaker": meta.get("speaker"),
        "text": text[c.row_start:c.row_end], "start": c.row_start, "end": c.row_end,
        "mention": c.text, "mention_start": c.start, "mention_end": c.end,
        "paragraph": max(0, bisect.bisect_right(para_starts, c.start) - 1), "base": None, "statement": None,
    }


def _after(text: str, f, nxt) -> str:
    """A figure's own clause after it: up to the next figure's clause, or the sentence's end."""
    a_end = nxt.num.start if nxt else f.sent.end_char
    return (_window(text, f.num.end, a_end, cut_first=True) if nxt
            else text[f.num.end:a_end].split(";")[0])


def _own_period(text: str, f, nxt, ctx) -> object | None:
    """The period in a figure's own clause after it ("658 in February"), which no other figure of
    the sentence may take ("432 people, up from 245 in January": January is 245's). A period that
    starts in that clause may run past its comma ("$743.5 million over 5 years, starting in
    2024–2025"), not past the next figure."""
    end = f.num.end + len(_after(text, f, nxt))
    limit = nxt.num.start if nxt else f.sent.end_char
    return _period_in([p for p in ctx.periods if p.start < end], f.num.end, limit, f.num.end)


@dataclass
class _Context:
    """What the document has established so far: text, publication date, last period/place."""

    text: str
    pub: object
    doc: object = None
    periods: list = field(default_factory=list)
    period: str | None = None
    place: str | None = None
    claimed: dict = field(default_factory=dict)  # id(figure) -> the period of its own clause
    sentence: list = field(default_factory=list)  # the current sentence's figures
    day: str | None = None                        # the last calendar day named ("on Saturday")
    last_of_kind: dict = field(default_factory=dict)  # province / crossing / city -> the last named
    para: int = 0                                 # the current sentence's paragraph (line) index
    scopes: list = field(default_factory=list)    # (paragraph, scope) of each earlier sentence
    headline: tuple | None = None                 # the headline's scope, when the text opens with one

    def inherited_place(self) -> tuple[bool, str | None]:
        """The place scope of the text before this sentence: an earlier sentence of the same
        paragraph (nearest first), else the sentence just before, else the headline. A scope is
        a single place, or national / several places (-> decided, null)."""
        for para, scope in reversed(self.scopes):
            if para != self.para:
                break
            if scope is not None:
                return True, scope[1]
        if self.scopes and self.scopes[-1][0] != self.para and self.scopes[-1][1] is not None:
            return True, self.scopes[-1][1][1]
        if self.headline is not None and self.scopes and self.scopes[0][1] is self.headline:
            return True, self.headline[1]
        return False, None

    def advance(self, sent, k: dict, figs=()) -> None:
        """After a sentence: the period it established is that of its first figure that has one
        ("658 in February, up from 476 in January": February), else the last it names."""
        s0, s1 = sent.start_char, sent.end_char
        stated = [f.period for f in figs if f.period and "/" not in f.period and f.period.count("-") < 2]
        absolute = [p for p in self.periods if s0 <= p.start < s1 and p.kind == "absolute" and p.value]
        days = [p for p in self.periods if s0 <= p.start < s1 and p.kind == "day" and p.value]
        if days:
            self.day = days[-1].value
        if stated:
            self.period = stated[0]
        elif absolute:
            self.period = absolute[-1].value
        scope = _scope(sent.text, k, self.last_of_kind, bool(figs))
        places = _places_in(sent.text, k)
        if places:
            self.place = places[-1]
        for name in places:
            self.last_of_kind[k["_kind_of"].get(name, "other")] = name
        if not self.scopes and self.para == 0 and sent.end_char - sent.start_char < 200 \
                and not re.search(r"[.!?:]['\"’”»]?$", sent.text) and "\n" in self.text[sent.end_char:sent.end_char + 2]:
            self.headline = scope                    # a title line: its own paragraph, no final stop
        self.scopes.append((self.para, scope))


def _candidates(doc, sent, numbers: list[Number], k: dict) -> list[_Fig]:
    """The numbers of one sentence that are figures, with their unit and counted noun."""
    text, s0, s1 = doc_text(doc), sent.start_char, sent.end_char
    figs: list[_Fig] = []
    for i, n in enumerate(numbers):
        if _is_year(n) and not k["_noun_re"].match(text, n.end, min(s1, n.end + 30)):
            continue
        unit, noun = _unit_for(doc, n, text, k)
        high = numbers[i + 1] if i + 1 < len(numbers) and _range_pair(text, s0, n, numbers[i + 1]) else None
        if unit is None and high is not None:          # "entre 240 000 et 265 000 nouveaux résidents"
            unit, noun = _unit_for(doc, high, text, k)
        continued = None
        if unit is None:
            unit, noun = _elliptical_unit(doc, n, figs, text, s0, k)
            counts = [f for f in figs if f.unit == unit]
            continued = counts[-1] if counts else None
        if unit is None:
            unit, noun = _level_unit(text, s0, n, k)
        if unit is None or (n.spelled and n.value == 1 and not figs):
            continue
        low = figs[-1] if figs and figs[-1].num is numbers[i - 1] and i and _range_pair(text, s0, numbers[i - 1], n) else None
        figs.append(_Fig(n, sent, unit, noun, extra={"continues": continued, "range": "high" if low else None}))
        if low is not None:
            low.extra["range"] = "low"
    return figs


def _period_reader(figs: list[_Fig], i: int) -> tuple[_Fig, _Fig | None]:
    """The figure whose own period ``figs[i]`` takes, and the figure after that one: itself, or
    for a range's low bound its high bound ("entre 240 000 et 265 000 ... l'année prochaine")."""
    j = i + 1 if figs[i].extra.get("range") == "low" and i + 1 < len(figs) else i
    return figs[j], (figs[j + 1] if j + 1 < len(figs) else None)


def _range_pair(text: str, s0: int, a: Number, b: Number) -> bool:
    """``a`` and ``b`` are the bounds of one range: "between 5,000 and 6,000", "entre 240 000 et
    265 000", "de l'ordre de 42 000 à 45 000", "$60 million to $70 million"; not a change "from
    245 to 644" ("passant de 245 à 644")."""
    link = text[a.end:b.start]
    lead = text[max(s0, a.start - 16):a.start]
    if re.fullmatch(r"\s*(?:and|et)\s*", link):
        return bool(re.search(r"\b(?:between|entre)\s+$", lead, re.I))
    if re.fullmatch(r"\s*(?:to|à|-|–)\s*", link):
        if re.search(r"\b(?:to|à)\s+$", lead, re.I):
            return False                                # a chain: "from 7% to 6% to 5%"
        return not re.search(r"\b(?:from|de|d['’])\s+$", lead, re.I) or bool(re.search(r"ordre\s+de\s+$", lead, re.I))
    return False


_AT_LEAST_AFTER = re.compile(r"\s*(?:or\s+(?:higher|more|greater|above)|ou\s+plus)\b", re.I)
_AT_MOST_AFTER = re.compile(r"(?:\s+[^\W\d]+)?\s*,?\s*(?:at\s+(?:the\s+)?most|au\s+plus|tout\s+au\s+plus|au\s+maximum)\b", re.I)


def _qualifier(text: str, s0: int, f: _Fig, k: dict) -> str | None:
    if _AT_LEAST_AFTER.match(text, f.num.end):         # "a rate of 80% or higher"
        return "at least"
    if _AT_MOST_AFTER.match(text, f.num.end):          # "after 48 hours, at most"
        return "up to"
    q = k["_qual_re"].search(text[max(s0, f.num.start - 25):f.num.start])
    if not q:
        level = _level_before(text, s0, f.num.start, k)
        return k["_level_of"][level.group("v").lower()] if level else None
    phrase = q.group("q").lower()
    lead = text[max(s0, f.num.start - 40):f.num.start - len(q.group(0))]
    if phrase == "up to" and re.search(r"(?:,|\b(?:rise|rose|risen|climb\w*|jump\w*|went))\s*$", lead):
        return None                                   # "continue to rise, up to 672 in April"
    return k["_qual_of"][phrase]


def _attributes(doc, f: _Fig, prev, nxt, ctx: _Context, k: dict) -> None:
    """Qualifier, anchor/base, period, place, source and measure of one figure."""
    text, s0, s1 = doc_text(doc), f.sent.start_char, f.sent.end_char
    a_end = nxt.num.start if nxt else s1
    after = _after(text, f, nxt)
    b_start = prev.num.end if prev else s0
    before = _window(text, b_start, f.num.start, cut_first=False) if prev else text[s0:f.num.start]
    f.qualifier = _qualifier(text, s0, f, k)
    if f.qualifier in (None, "about") and f.extra.get("range"):   # a range's bounds: "more than" the low, "up to" the high
        # ("de l'ordre de 42 000 à 45 000": the bounds, not "about")
        f.qualifier = "more than" if f.extra["range"] == "low" else "up to"
    is_change = f.unit == "percent" and bool(k["_change_re"].match(text, f.num.end, a_end))
    is_relative = bool(k["_rel_re"].match(text, f.num.end, a_end))
    if prev is not None and (k["_cmp_re"].search(text[b_start:f.num.start]) or is_change or is_relative):
        f.anchor = prev
    if is_relative and prev is not None:
        f.base = prev.num.value
    f.period = _period_for(f, prev, before, is_change, ctx, k)
    f.place, f.place_set = _place_for(f, after, before, ctx, k)
    f.source = _agency_near(text, s0, s1, f.num.start, k)
    cont = f.extra.get("continues")
    f.measure = cont.measure if cont is not None else _measure(doc, f, k)
    if f.unit in ("percent", "CAD", "USD"):
        f.measure = _ratio_measure(f, prev, after, is_change, is_relative) or f.measure


def _ratio_measure(f: _Fig, prev, after: str, is_change: bool, is_relative: bool) -> str | None:
    """Percentages and money name what they are of: "share of <base>", "change in <prev>",
    or the phrase after of/on/for ("$173 million on border security")."""
    if is_relative and prev is not None:
        return f"share of {prev.measure}"
    if is_change and prev is not None and prev.unit != "percent":
        return f"change in {prev.measure}"
    m = re.match(rf"\s*(?:\w+\s+)?(?:of|on|for|in)\s+(?:the\s+|their\s+|its\s+)?"
                 rf"((?:(?!(?:{_STOP})\b)[A-Za-z'-]+\s*){{1,3}})", after)
    if m and not _MONTH_OR_PLACE.search(m.group(1)):
        return m.group(1).strip()
    return None


def _period_for(f: _Fig, prev, before: str, is_change: bool, ctx: _Context, k: dict):
    """Own clause after, the figure a change describes or the whole a part belongs to ("dont"),
    own clause before, sentence, document."""
    periods, s0, s1 = ctx.periods, f.sent.start_char, f.sent.end_char
    p = ctx.claimed.get(id(f))  # the period of its own clause after it (_own_period)
    if p is None and prev is not None and (is_change or (prev.period and k["_part_re"].search(before))):
        return prev.period
    if p is None:
        p = _period_in(periods, f.num.start - len(before), f.num.start, f.num.start)
    if p is not None and p.kind == "deadline":       # "by 2015": a target, not a time it covers
        return None
    if p is not None and p.kind == "span":           # "a two-month total": the months up to the latest
        months = [q.period.split("/")[-1] for q in _sentence_figs(ctx, f) if q.period]
        base = max(months) if months else (ctx.period or (ctx.pub and f"{ctx.pub.year:04d}-{ctx.pub.month:02d}"))
        base = base.split("/")[-1] if base else None
        if base and re.fullmatch(r"\d{4}-\d{2}", base):
            return f"{shift(base, p.relative)}/{base}" if p.relative else base
        return None
    if p is not None and p.kind == "relative":       # "the month before": shift the anchor's
        base = f.anchor.period if f.anchor else (prev.period if prev else ctx.period)
        pub = ctx.pub and f"{ctx.pub.year:04d}-{ctx.pub.month:02d}"
        return shift(base or pub, p.relative)
    if p is not None:
        return p.value
    # "within 30 days", "for 16 years": a length of time, not a count over one; but a duration a
    # measure stands at ("the average processing time was 22.0 months") is a level of its time
    if f.unit in DURATIONS and not _level_before(ctx.text, s0, f.num.start, k):
        return None
    others = {id(q) for fid, q in ctx.claimed.items() if q is not None and fid != id(f)}
    sp = _period_in([q for q in periods if id(q) not in others], s0, s1, f.num.start, absolute_only=True)
    if sp:
        return sp.value
    return _shared_period(f, ctx, k) or ctx.period or ctx.day


def _shared_period(f: _Fig, ctx: _Context, k: dict) -> str | None:
    """The period another figure of the sentence claims in its own clause, when the two figures
    are coordinated or one is part of the other: "1,486 interceptions and 185 asylum claims in
    February", "8 581 interceptions ... entre janvier et juillet 2019, dont 8 364 au Québec"; never
    across a comparison ("432 people, up from 245 in January": January is 245's only). Nearest
    figure first."""
    text = ctx.text
    shared = []
    for q in ctx.sentence:
        p = ctx.claimed.get(id(q))
        if q is f or p is None or p.kind not in ("absolute", "day") or not p.value:
            continue
        a, b = (q, f) if q.num.start < f.num.start else (f, q)
        if k["_cmp_re"].search(text[a.num.end:b.num.start]):
            continue
        shared.append((abs(q.num.start - f.num.start), p.value))
    return min(shared)[1] if shared else None


DURATIONS = {"days", "weeks", "months", "years", "hours", "minutes"}


def _sentence_figs(ctx: "_Context", f: _Fig) -> list[_Fig]:
    """The figures before ``f`` in its sentence (their periods are set by then)."""
    return [q for q in ctx.sentence if q is not f and q.num.start < f.num.start]


def _place_for(f: _Fig, after: str, before: str, ctx: _Context, k: dict):
    """Own clause after, before, "there", the compared figure, earlier in the sentence."""
    decided, place = _place_of(after, k)
    if decided and place is None:
        # "Quebec takes in nearly 50% of the asylum seekers who come to Canada", "the Government of
        # Ontario requested $200 million ... 'Welcome to Canada'": the place that opens the figure's
        # own clause is its scope; the national marker after it is the base or the narrative
        own = _CUT.split(before)[-1]
        here = [m for m in _place_matches(own, k)
                if not re.match(r"['’]s\s+(?:premier|(?:\w+\s+)?minister)\b", own[m.end():], re.I)]
        if here and not _nationals(own, k):
            place = k["_places"][here[-1].group(0)]
    if not decided:
        decided, place = _place_before(before, k)
    back = k["_anaphora_re"].search(after + " " + before)
    if not decided and back:                                 # "the province", "ce chemin"
        place = ctx.last_of_kind.get(k["_anaphora_of"][back.group(0).lower()])
        decided = place is not None
    if not decided and re.search(r"\bthere\b(?!\s+(?:is|are|was|were|have|has|had|will)\b)",
                                 after + " " + before, re.I):
        decided, place = ctx.place is not None, ctx.place
    if not decided and f.anchor is not None and f.anchor.place_set and f.unit not in DURATIONS:
        decided, place = True, f.anchor.place
    if not decided:
        earlier = _places_in(ctx.text[f.sent.start_char:f.num.start], k)
        if earlier:
            decided, place = True, earlier[-1]
    if not decided and ctx.doc is not None:
        decided, place = _subject_place(ctx.doc, f, k)
    if not decided:
        decided, place = _later_place(f, ctx, k)
    sentence = ctx.text[f.sent.start_char:f.sent.end_char]
    # a national total inherits nothing, nor does a duration ("leaving in four or five days")
    if not decided and f.unit not in DURATIONS and _national(sentence, k) is None:
        decided, place = ctx.inherited_place()
    return place, decided


def _later_place(f: _Fig, ctx: "_Context", k: dict):
    """The one place named later in the figure's sentence outside the other figures' own clauses
    ("500 people crossed last month, most of them at Roxham Road")."""
    text, end = ctx.text, f.sent.end_char
    taken = [(q.num.start, q.num.end + len(_after(text, q, None if i + 1 >= len(ctx.sentence) else ctx.sentence[i + 1])))
             for i, q in enumerate(ctx.sentence) if q is not f and q.num.start > f.num.start]
    rest = text[f.num.end:end]
    found = [m for m in _place_matches(rest, k)
             if not any(a <= f.num.end + m.start() < b for a, b in taken)]
    names = list(dict.fromkeys(k["_places"][m.group(0)] for m in found))
    if len(names) == 1 and _national(rest, k) is None:
        return True, names[0]
    return False, None


def _subject_place(doc, f: _Fig, k: dict):
    """The country or province that is the subject of the figure's clause ("Turkey has taken in
    800,000 refugees"): the figure's scope. A national subject ("Canada has promised") is null."""
    tok = _token_at(doc, f.num.end - 1)            # "a million": the scale word carries the parse
    if tok is None:
        return False, None
    noun = tok.head if tok.dep_ in ("nummod", "quantmod", "compound") else tok
    verb = noun.head
    if noun.dep_ not in ("dobj", "pobj", "attr") or verb.pos_ not in ("VERB", "AUX", "ADP"):
        return False, None
    while verb.dep_ in ("prep", "prt", "xcomp") and verb.head is not verb:
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or subjects[0].ent_type_ != "GPE":
        return False, None
    ent = next((e for e in doc.ents if e.start <= subjects[0].i < e.end), None)
    name = ent.text if ent is not None else subjects[0].text
    if k["_national_re"].fullmatch(name):
        return True, None
    return True, k["_places"].get(name, name)


def _dedupe(figs: list[_Fig], text: str) -> list[_Fig]:
    """A restated fact (same value, unit, period, place) is dropped when the restatement is an
    aside: in parentheses ("(245 cases in January to 432 in February)") or a table row ("12,040:
    total of claims"); the same figure stated again in running prose is cited again and kept, as
    is one sentence counting two things with one number ("two adults and two children")."""
    seen: dict[tuple, list] = {}
    out = []
    for f in figs:
        family = f.unit if f.unit in ("percent", "CAD", "USD", "days", "months") else "count"
        key = (f.num.value, family, f.period, f.place)
        earlier = seen.setdefault(key, [])
        same_sentence = any(e.sent.start_char == f.sent.start_char and e.noun == f.noun for e in earlier)
        if not earlier or not (same_sentence or _aside(text, f)):
            out.append(f)
        earlier.append(f)
    return out


def _aside(text: str, f: _Fig) -> bool:
    """The number sits in parentheses within its sentence, or opens a 'N: label' row."""
    before = text[f.sent.start_char:f.num.start]
    if before.rfind("(") > before.rfind(")"):
        return True
    line_start = text.rfind("\n", 0, f.num.start) + 1
    return not text[line_start:f.num.start].strip(" -•*\t") and text[f.num.end:f.num.end + 2].startswith(":")


def _to_dict(f: _Fig, text: str, para_starts, statements, meta) -> dict:
    speaker, statement = meta.get("speaker"), None
    for i, st in enumerate(statements):
        if (st.get("start") or 0) <= f.num.start and f.num.end <= (st.get("end") or -1):
            speaker, statement = st.get("speaker"), i
            break
    value = f.num.value
    return {
        "value": int(value) if float(value).is_integer() else value,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "measure": f.measure,
        "period": f.period,
        "place": f.place,
        "source": f.source,
        "speaker": speaker,
        "text": f.sent.text,
        "start": f.sent.start_char,
        "end": f.sent.end_char,
        "mention": f.num.text,
        "mention_start": f.num.start,
        "mention_end": f.num.end,
        "paragraph": max(0, bisect.bisect_right(para_starts, f.num.start) - 1),
        "base": f.base,
        "statement": statement,                 # index into doc._.statements, or None
    }


class FigureExtractor:
    """The pipeline component: sets ``doc._.figures`` (never raises on odd text)."""

    def __init__(self, nlp, name):
        install_extensions()
        knowledge()

    def __call__(self, doc):
        try:
            doc._.figures = extract_figures(doc)
        except Exception:                        # one odd document must not stop a run
            log.exception("stca_figures failed on document %s", (doc._.meta or {}).get("id"))
            doc._.figures = []
        return doc


@Language.factory("stca_figures", default_config={})
def make_figures(nlp, name):
    return FigureExtractor(nlp, name)
