"""Senate of Canada Debates pages (sencanada.ca HTML) -> plain dataclasses (no database, no network).

The Senate publishes no XML: a sitting is one HTML page,
``/en/content/sen/chamber/{PARL}{SESS}/debates/{NNN}db_{YYYY-MM-DD}-e``, whose body is
``div#content-viewer-document``. Inside it ``h1`` is the rubric (ORDERS OF THE DAY), ``h2`` the
subject, ``h3`` the stage ("Bill to Amend—Third Reading"); a speech starts with a bold label
(``Hon. Name (Role):`` on first appearance, ``Senator Surname:`` after, ``Senator K. Wells`` when
two share a surname; ``The Hon. the Speaker [pro tempore]``; collective ``Some Hon. Senators``)
and runs until the next label or heading; a mover's label has no colon (``<b>Hon. Name</b>
moved ...``); a bare ``(1410)`` paragraph is a clock time; ``[Translation]`` switches the floor
language; other whole-paragraph brackets are procedural. The 2010 markup wraps every block in
``<span lang="en-ca">`` and splits labels across tags (``<b>The Hon. the Speaker</b><i> pro
tempore</i><b>:</b>``). A page with an empty title saying "Sorry, the content is not available."
is the site's soft 404 (HTTP 200): ``SittingMissing``, not a sitting.

Statements carry no paragraph ids (the page has none): ``paragraph_ids`` are ``p{n}``, the
0-based index of the paragraph among the body's ``p`` elements, and ``anchor`` is the id of the
nearest heading above, a real anchor in the page. Notes: ../shared/fixtures/senate/README.md.
"""
from __future__ import annotations

import re

import lxml.etree
import lxml.html

from .safe_xml import XMLError
from .sitting import (Sitting, Speaker, Statement, bills_in, clean, clock_time, is_bracketed_note,
                      labels, opening_time, sitting_id)

# Stored with every document (documents.parser); bump when a page's parse changes.
PARSER_VERSION = "2026-12-02.2"

SITTING_PATH = re.compile(
    r"/(?P<lang>en|fr)/content/sen/chamber/(?P<ps>\d{2,3})/debates/(?P<number>\d{1,4})db_"
    r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<suffix>[ef])\b", re.I)
CLOCK = re.compile(r"^\((\d{1,2})(\d{2})\)$")
MAX_PAGE_BYTES = 32 * 1024 * 1024
SOFT_404 = ("sorry, the content is not available", "désolé, le contenu n'est pas disponible")
INLINE = {"b", "strong", "i", "em", "span", "a", "font"}
BOLD = {"b", "strong"}


class SittingMissing(XMLError):
    """The site's soft 404: an HTTP 200 page that says the sitting does not exist."""


def senate() -> dict:
    return labels()["senate"]


def is_soft_404(data: bytes | str) -> bool:
    """True for sencanada.ca's 'content is not available' page (served with HTTP 200)."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    head = text[:200_000].lower().replace("\u2019", "'")
    title = re.search(r"<title[^>]*>(.*?)</title>", head, re.S)
    return (title is None or not title.group(1).strip()) and any(s in head for s in SOFT_404)


def sitting_url_parts(url: str) -> dict | None:
    """'/en/content/sen/chamber/432/debates/029db_2021-02-17-e' -> parliament 43, session 2,
    sitting 29, date, language and the page's path; None for a URL that is not a sitting page."""
    match = SITTING_PATH.search(url.replace("\\", "/"))
    if not match:
        return None
    ps = match["ps"]
    return {"parliament": int(ps[:-1]), "session": int(ps[-1]), "sitting": int(match["number"]),
            "date": match["date"], "language": "en" if match["suffix"].lower() == "e" else "fr",
            "path": match.group(0)}


def sitting_links(data: bytes | str, base_url: str, parliament: int, session: int) -> list[str]:
    """The sitting pages a session index links to, in sitting order, once each.

    The index's hrefs use backslashes (``/en\\content\\sen\\chamber\\432\\...``); its "latest
    sitting" box links a sitting of whatever session is current, so only links of the asked
    session are kept."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    found: dict[int, str] = {}
    for href in re.findall(r"""href\s*=\s*["']([^"']+)["']""", text):
        parts = sitting_url_parts(href)
        if not parts or (parts["parliament"], parts["session"]) != (parliament, session):
            continue
        found.setdefault(parts["sitting"], base_url.rstrip("/") + parts["path"])
    return [found[n] for n in sorted(found)]


def document_id(parliament: int | None, session: int | None, number: int | None, language: str,
                url: str) -> str:
    """``sen-43-2-029-en``; a page whose URL does not say its sitting is keyed on the URL."""
    return sitting_id("sen", parliament, session, number, language, url)


# ----------------------------------------------------------------------------- speaker labels

def parse_label(label: str) -> Speaker:
    """'Hon. Donald Neil Plett (Leader of the Opposition)', 'Senator Cotter',
    'The Hon. the Speaker pro tempore', 'Some Hon. Senators' -> Speaker."""
    label = clean(label).rstrip(":").strip()
    sp = Speaker(label=label)
    data = senate()
    if any(label.lower() == g.lower() for g in data["generic_voices"]):
        sp.generic = True
        return sp
    if label in data["chair_roles"]:
        sp.role = data["chair_roles"][label]
        return sp
    head, inner = label, None
    paren = re.match(r"^(.*?)\s*\((.*)\)$", label)
    if paren:
        head, inner = paren.group(1), paren.group(2).strip()
    for honorific in sorted(data["honorifics"], key=len, reverse=True):
        if head.startswith(honorific + " "):
            sp.honorific, head = honorific, head[len(honorific) + 1:].strip()
            break
    sp.name = head or None
    if inner:
        if inner in data["affiliations"]:
            sp.party = data["affiliations"][inner]
        else:
            sp.role = inner
    return sp


def _leading_label(para) -> str | None:
    """The bold speaker label the paragraph starts with, else None.

    The label is the text of the paragraph's leading inline runs up to the colon, so a label
    split across tags (``<b>The Hon. the Speaker</b><i> pro tempore</i><b>:</b>``) is one label;
    a bold name followed by lower-case words and no colon is a mover's label."""
    node = para
    while not (node.text or "").strip() and len(node) and node[0].tag in ("span", "font") \
            and not (node[0].tail or "").strip():
        node = node[0]  # the 2010 markup wraps the paragraph in <span lang="en-ca">
    if (node.text or "").strip() or not len(node) or node[0].tag not in BOLD:
        return None
    parts: list[str] = []
    for child in node:
        if not isinstance(child.tag, str) or child.tag not in INLINE:
            return None
        parts.append(child.text_content())
        joined = clean("".join(parts))
        tail = (child.tail or "").strip()
        if len(joined) > 150:
            return None
        if child.tag in BOLD and joined.endswith(":"):
            return joined[:-1].strip()
        if tail.startswith(":"):
            return joined
        if tail:
            honorifics = tuple(h + " " for h in senate()["honorifics"])
            if node[0] is child and joined.startswith(honorifics) and tail[0].islower():
                return joined  # "<b>Hon. Consiglio Di Nino </b>moved second reading ..."
            return None
        parts.append(child.tail or "")
    return None


# ----------------------------------------------------------------------------- document walk

def _short_form_of(short: str, full: str) -> bool:
    """'Cotter' and 'K. Wells' are short forms of 'Brent Cotter' and 'Kim Wells'; 'Di Nino' of
    'Consiglio Di Nino' (the surname is the full name's last words, initials must agree)."""
    words, names = short.replace(".", ". ").split(), full.split()
    initials = []
    while words and re.fullmatch(r"[A-ZÀ-Ý]\.", words[0]):
        initials.append(words.pop(0)[0])
    if not words or len(words) >= len(names) or names[-len(words):] != words:
        return False
    return all(name[0] == initial for initial, name in zip(initials, names[:-len(words)]))


def _anchor(el) -> str | None:
    if el.get("id"):
        return el.get("id")
    inner = el.find(".//*[@id]")
    return inner.get("id") if inner is not None else None


class _Walker:
    def __init__(self, date: str | None, language: str):
        self.date, self.language = date, language
        self.order = self.subject = self.stage = self.anchor = None
        self.time: str | None = None
        self.statements: list[Statement] = []
        self.people: dict[str, Speaker] = {}  # full name -> the first labelled Speaker
        self.current: Speaker | None = None
        self.paras: list[str] = []
        self.pids: list[str] = []
        self.turn_time = self.turn_language = None

    def clock(self, hour: int, minute: int) -> None:
        self.time = clock_time(self.date, hour, minute) or self.time

    def emit(self, kind: str, text: str, speaker: Speaker | None, pids: list[str],
             time: str | None = None, language: str | None = None) -> None:
        if not text:
            return
        self.statements.append(Statement(
            seq=len(self.statements), kind=kind, text=text, speaker=speaker,
            order_of_business=self.order, subject=self.subject, stage=self.stage,
            time=time or self.time, language=language or self.language, paragraph_ids=pids,
            anchor=self.anchor))

    def flush(self) -> None:
        """End the current turn: its paragraphs become one statement, stamped with the time
        and floor language at its start."""
        if self.paras:
            sp = self.current
            kind = "procedural" if sp is None else "interjection" if sp.generic else "speech"
            self.emit(kind, "\n".join(self.paras), sp, self.pids, self.turn_time, self.turn_language)
        self.paras, self.pids = [], []

    def start_turn(self, speaker: Speaker | None) -> None:
        self.flush()
        self.current = speaker
        self.turn_time, self.turn_language = self.time, self.language

    def resolve(self, sp: Speaker) -> Speaker:
        """'Senator Cotter' is the Brent Cotter labelled 'Hon. Brent Cotter' earlier in the
        sitting; 'Senator K. Wells' picks the Wells whose first name starts with K. Role and
        affiliation carry forward from the first labelled turn."""
        if sp.generic or not sp.name:
            return sp
        known = self.people.get(sp.name)
        if known is None:
            matches = [p for name, p in self.people.items() if _short_form_of(sp.name, name)]
            known = matches[0] if len(matches) == 1 else None
        if known is None:
            if sp.honorific != "Senator":  # 'Hon. Brent Cotter': a full name
                self.people[sp.name] = sp
            return sp
        sp.name, sp.honorific = known.name, known.honorific
        for attr in ("role", "party"):
            if getattr(sp, attr) is None:
                setattr(sp, attr, getattr(known, attr))
        return sp

    def heading(self, el) -> None:
        text = clean(el.text_content())
        if not text:
            return
        self.start_turn(None)
        self.anchor = _anchor(el) or self.anchor
        if el.tag == "h1":
            self.order, self.subject, self.stage = text, None, None
        elif el.tag == "h2":
            self.subject, self.stage = text, None
        else:
            self.stage = text

    def paragraph(self, el, index: int) -> None:
        text = clean(el.text_content())
        if not text:
            return
        pid = f"p{index}"
        clock = CLOCK.match(text)
        if clock:
            self.clock(int(clock.group(1)), int(clock.group(2)))
            return
        markers = senate()["language_markers"]
        if text in markers:
            self.language = markers[text]
            self.flush_procedural(text, pid)
            return
        opened = opening_time(senate()["opening"], text)
        if opened and self.current is None:
            self.clock(*opened)
            self.flush_procedural(text, pid)
            return
        name = _leading_label(el)
        if name is not None:
            sp = parse_label(name)
            sp = sp if sp.generic else self.resolve(sp)
            body = text
            if body.startswith(name):
                body = body[len(name):]
            body = body.lstrip().removeprefix(":").strip()
            self.start_turn(sp)
            self.paras, self.pids = ([body] if body else []), [pid]
            if sp.generic:  # a collective voice is one paragraph; the speaker before goes on
                self.flush()
                self.current = None
            return
        if is_bracketed_note(text):
            self.flush_procedural(text, pid)
            return
        self.paras.append(text)
        self.pids.append(pid)
        if self.current is None and len(self.paras) == 1:
            self.turn_time, self.turn_language = self.time, self.language

    def flush_procedural(self, text: str, pid: str) -> None:
        """A procedural paragraph between paragraphs of a turn: the turn goes on after it."""
        speaker = self.current
        self.flush()
        self.emit("procedural", text, None, [pid])
        self.current, self.turn_time, self.turn_language = speaker, self.time, self.language


def _decode(data: bytes) -> str:
    """The page as text: its declared charset, else UTF-8, else Windows-1252 (older pages)."""
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096], re.I)
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", "replace")


def _markup(data: bytes) -> str:
    """The page with empty paragraphs and rules removed: headings are written
    ``<h1><p></p><hr>ORDERS OF THE DAY</h1>``, and an HTML parser closes the heading at the
    ``<p>``, leaving its words outside it. Neither holds any text."""
    text = _decode(data)
    text = re.sub(r"<p\b[^>]*>\s*</p>|<hr\b[^>]*>", "", text, flags=re.I)
    return re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses a str with an encoding declaration


def parse_senate_sitting(data: bytes, url: str) -> Sitting:
    """Parse one Senate Debates page; raises ``SittingMissing`` for the soft 404 and
    ``crawlers.safe_xml.XMLError`` naming ``url`` for a page that is not a Debates page."""
    if len(data) > MAX_PAGE_BYTES:
        raise XMLError(f"{url}: page too large ({len(data)} bytes)")
    if is_soft_404(data):
        raise SittingMissing(f"{url}: the site says the sitting does not exist (soft 404, HTTP 200)")
    try:
        root = lxml.html.fromstring(_markup(data), parser=lxml.html.HTMLParser(
            no_network=True, huge_tree=False, remove_comments=True, remove_pis=True))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise XMLError(f"{url}: cannot parse Senate page ({exc})") from exc
    content = root.find(".//div[@id='content-viewer-document']")
    if content is None:
        raise XMLError(f"{url}: not a Senate Debates page (no div#content-viewer-document)")
    parts = sitting_url_parts(url) or {}
    title_el = root.find(".//title")
    title = clean(title_el.text_content()) if title_el is not None else ""
    language = parts.get("language") or (root.get("lang") or "en")[:2].lower()
    date = parts.get("date")
    walker = _Walker(date, language)
    try:
        index = 0
        for el in content.iter("h1", "h2", "h3", "p"):
            if el.tag == "p":
                if el.getparent() is not None and el.getparent().tag in ("h1", "h2", "h3"):
                    continue
                walker.paragraph(el, index)
                index += 1
            else:
                walker.heading(el)
        walker.flush()
        for st in walker.statements:
            st.bills = bills_in(st.text)
    except RecursionError as exc:
        raise XMLError(f"{url}: cannot parse Senate page (nested too deeply)") from exc
    return Sitting(
        id=document_id(parts.get("parliament"), parts.get("session"), parts.get("sitting"),
                       language, url),
        url=url, kind="debates", chamber="Senate", committee=None, committee_name=None,
        parliament=parts.get("parliament"), session=parts.get("session"),
        sitting=parts.get("sitting"), date=date, language=language,
        title=f"Senate — {title}" if title else "Debates of the Senate",
        speaker_of_house=None, statements=walker.statements, divisions=[])
