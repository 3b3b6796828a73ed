"""The records a parliamentary parser produces: a sitting, its statements and speakers.

Both chambers' parsers (crawlers.hansard_xml for House of Commons publication XML,
crawlers.senate_html for Senate Debates pages) return these plain dataclasses, and
store.load saves them; nothing here touches the network or the database.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import knowledge

LABELS_FILE = Path(__file__).parent / "data" / "parliament.yaml"


@functools.lru_cache(maxsize=1)
def labels() -> dict:
    """Speaker-label knowledge of both chambers: crawlers/data/parliament.yaml, plus the party
    abbreviations and honorifics shared with the NLP stage (knowledge/data/)."""
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    data["parties"] = knowledge.party_of_label()
    data["honorifics"] = knowledge.honorifics("house")
    data["senate"]["honorifics"] = knowledge.honorifics("senate")
    return data


@dataclass
class Speaker:
    label: str
    name: str | None = None
    honorific: str | None = None
    riding: str | None = None
    party: str | None = None
    role: str | None = None
    dbid: str | None = None
    type_code: str | None = None
    generic: bool = False  # "Some hon. members" and the like


@dataclass
class Statement:
    seq: int
    kind: str  # speech | interjection | procedural
    text: str
    speaker: Speaker | None = None
    intervention_type: str | None = None
    order_of_business: str | None = None
    subject: str | None = None
    time: str | None = None
    language: str | None = None
    paragraph_ids: list[str] = field(default_factory=list)
    intervention_id: str | None = None
    stage: str | None = None  # the stage heading under the subject (Senate h3: "Second Reading")
    anchor: str | None = None  # an HTML anchor in the source page (Senate: the nearest heading id)
    bills: list[str] = field(default_factory=list)  # bills it refers to ("C-332", "S-224")


@dataclass
class Division:
    number: int
    subject: str | None
    votes: list[tuple[str, str | None, str, str | None]]  # (surname, riding, Yeas|Nays|Paired, DbId)
    totals: dict[str, int]
    motion: str | None = None


@dataclass
class Sitting:
    id: str
    url: str
    kind: str  # debates | committee
    chamber: str
    committee: str | None
    committee_name: str | None
    parliament: int | None
    session: int | None
    sitting: int | None
    date: str | None
    language: str
    title: str
    speaker_of_house: str | None
    statements: list[Statement]
    divisions: list[Division]

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.statements)


def clean(text: str | None) -> str:
    """Collapse whitespace (incl. U+00A0) and normalise to NFC."""
    text = unicodedata.normalize("NFC", text or "").replace("\u00a0", " ").replace("\u2011", "-")
    return re.sub(r"\s+", " ", text).strip()


def element_text(el) -> str:
    return clean("".join(el.itertext()))


def is_bracketed_note(text: str) -> bool:
    """True when the whole paragraph is one note in brackets: '(Motion agreed to)',
    '[Translation]', '(Bill read the third time and passed.)'; not '(ii) the clause ...',
    '(8) No member shall ... (a)' or '(a) ... (b) ...', which merely start and end with one."""
    text = text.strip().rstrip(".").strip()
    if len(text) < 2 or (text[0], text[-1]) not in (("(", ")"), ("[", "]")):
        return False
    depth = 0
    for i, char in enumerate(text):
        depth += char in "(["
        depth -= char in ")]"
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def clock_time(date: str | None, hour: int | None, minute: int | None) -> str | None:
    """'2021-02-17', 14, 10 -> '2021-02-17T14:10' (hours past midnight, up to 47, roll over to
    the next day); 'HH:MM' without a date; None for an impossible time."""
    if hour is None or minute is None or hour > 47 or minute > 59:
        return None
    if date:
        moment = dt.datetime.fromisoformat(date) + dt.timedelta(hours=hour, minutes=minute)
        return moment.isoformat(timespec="minutes")
    return f"{hour:02d}:{minute:02d}"


def opening_time(pattern: str, text: str) -> tuple[int, int] | None:
    """(hour, minute) of a sitting's opening line ('The Senate met at 2 p.m.', 'La séance est
    ouverte à 14 h 30'), read with ``pattern`` (groups: hour, minute, a.m./p.m./heures)."""
    match = re.match(pattern, text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if (match.group(3) or "").startswith("p") and hour < 12:
        hour += 12
    return hour, minute


BILL = re.compile(r"\b(?:Bill|bill|projet de loi|Projet de loi)\s+([CS])[-\u2011](\d{1,4})\b")


def bills_in(text: str, found: list[str] | None = None) -> list[str]:
    """Bill numbers a statement refers to, in order, once each: those the publication marks up
    (``found``) and "Bill C-7" / "projet de loi S-224" in its text."""
    out = list(found or [])
    out += [f"{m.group(1)}-{m.group(2)}" for m in BILL.finditer(text or "")]
    return list(dict.fromkeys(out))


def sitting_id(prefix: str, parliament: int | None, session: int | None, number: int | None,
               language: str, url: str) -> str:
    """``{prefix}-44-1-200-en``; a sitting whose parliament, session or number is unknown is keyed
    on its URL instead (``{prefix}-u<sha1 of url>-en``), so two such never overwrite each other
    and a re-fetch of one keeps its id."""
    if parliament is None or session is None or number is None:
        return f"{prefix}-u{hashlib.sha1(url.encode()).hexdigest()[:12]}-{language}"
    return f"{prefix}-{parliament}-{session}-{number:03d}-{language}"

