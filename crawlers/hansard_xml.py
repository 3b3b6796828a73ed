"""House of Commons publication XML -> plain dataclasses (no database, no network).

Handles debates and committee evidence, English and French: one ``Statement`` per
intervention, interjections ("Some hon. members: ...") and procedural text kept apart from the
surrounding speaker, speaker labels parsed into name/honorific/riding/party/role with riding,
party and role carried forward from the speaker's first labelled turn (keyed by DbId), clock
markers (Hr may exceed 23 for sittings past midnight) and recorded divisions.
Structure notes: ../shared/fixtures/hansard/FORMAT.md.
"""
from __future__ import annotations

import datetime as dt
import re

from .safe_xml import XMLError, parse_xml
from .sitting import (Division, Sitting, Speaker, Statement, bills_in, clean, clock_time,
                      element_text, is_bracketed_note, labels, opening_time, sitting_id)


# ----------------------------------------------------------------------------- speaker labels

def _strip_honorific(name: str) -> tuple[str | None, str]:
    for h in sorted(labels()["honorifics"], key=len, reverse=True):
        if name.startswith(h + " "):
            return h, name[len(h) + 1:].strip()
    return None, name


def _split_paren(label: str) -> tuple[str, str | None]:
    """'A (B (C))' -> ('A', 'B (C)'), balanced on the outermost trailing parenthesis."""
    label = label.strip()
    if not label.endswith(")"):
        return label, None
    depth = 0
    for i in range(len(label) - 1, -1, -1):
        if label[i] == ")":
            depth += 1
        elif label[i] == "(":
            depth -= 1
            if depth == 0:
                return label[:i].strip(), label[i + 1:-1].strip()
    return label, None


def _is_role(text: str) -> bool:
    return any(text.startswith(p) for p in labels()["role_prefixes"])


def parse_label(label: str, dbid: str | None = None, type_code: str | None = None) -> Speaker:
    """Parse 'Hon. Peter MacKay (Minister of Justice ..., CPC)' and friends into a Speaker."""
    label = clean(label).rstrip(":").strip()
    sp = Speaker(label=label, dbid=dbid, type_code=type_code)
    lab = labels()
    if any(label.lower() == g.lower() for g in lab["generic_voices"]):
        sp.generic = True
        return sp
    head, inner = _split_paren(label)
    if head in lab["chair_roles"] or any(head.startswith(c + " ") for c in lab["chair_roles"]):
        sp.role = head.removeprefix("The ").removeprefix("Le ").removeprefix("La ")
        if inner:  # The Acting Speaker (Mr. Barry Devolin) / The Chair (Mr. X (Riding, CPC))
            person = parse_label(inner)
            sp.name, sp.honorific = person.name, person.honorific
            sp.riding, sp.party = person.riding, person.party
        return sp
    sp.honorific, sp.name = _strip_honorific(head)
    if inner:
        parts = [p.strip() for p in inner.rsplit(",", 1)]
        party = lab["parties"].get(parts[-1]) if len(parts) == 2 else None
        place = parts[0] if party else inner
        sp.party = party
        if _is_role(place) or (type_code in {"26", "27", "28"} and not party):
            sp.role = place
        else:
            sp.riding = place
    if sp.name:
        sp.name = sp.name.lstrip("([ ").strip()  # a stray bracket is not part of a name
    if not sp.name or not re.search(r"[A-Za-zÀ-ÿ]", sp.name):  # '' or '—' is nobody
        sp.name = None
    return sp


# ----------------------------------------------------------------------------- document walk

# The parser's version, stored with every document it produced (documents.parser): bump it when
# the parse of a publication changes (the golden files in tests/golden change), and `stcawatch
# reparse` (run by `stcawatch run`) re-parses the stored sources of older documents, once.
PARSER_VERSION = "2026-12-02.3"

SKIPPED = {"CatchLine", "Prayer"}
# Chair roles whose occupant the publication names in its SpeakerName item: the Speaker of a
# sitting ("Le Président" in French), the chair of a committee meeting.
PRESIDING = {"speaker", "président", "présidente", "chair"}
LANGUAGES = {"en", "fr"}  # FloorLanguage also says "Text" (written answers): not a language


class _Walker:
    def __init__(self, date: str | None, speaker_of_house: str | None):
        self.date = date
        self.speaker_of_house = speaker_of_house
        self.order = self.subject = self.stage = self.time = None
        self.language = None
        self.statements: list[Statement] = []
        self.divisions: list[Division] = []
        self.known: dict[str, Speaker] = {}  # DbId (or name:...) -> first full label seen
        self.by_name: dict[str, Speaker] = {}  # name -> the first labelled turn with a DbId
        self.throne: Speaker | None = None  # set while the Speech from the Throne is read out

    # -- helpers
    def emit(self, kind, text, speaker=None, itype=None, pids=(), intervention_id=None,
             time=None, language=None):
        if not text:
            return
        self.statements.append(Statement(
            seq=len(self.statements), kind=kind, text=text, speaker=speaker,
            intervention_type=itype, order_of_business=self.order, subject=self.subject,
            stage=self.stage, time=time or self.time, language=language or self.language,
            paragraph_ids=[p for p in pids if p], intervention_id=intervention_id))

    def remember(self, sp: Speaker) -> Speaker:
        """Carry riding/party/role/name forward from the first labelled turn of this DbId; a
        label with no DbId (a mid-speech ``<B>Name:</B>``) or a new DbId for a name already
        seen in the sitting (a member in a new role) takes them from that name's turn."""
        if sp.generic:
            return sp
        if sp.role and sp.role.lower() in PRESIDING and not sp.name and self.speaker_of_house:
            sp.name = self.speaker_of_house  # the Speaker, "Le Président", a committee's chair
        if sp.role and sp.role.lower() in PRESIDING:
            sp.role = sp.role[0].upper() + sp.role[1:]  # "Le président" and "Le Président": one role
        if sp.name and sp.name in self.by_name:
            named = self.by_name[sp.name]
            sp.dbid = sp.dbid or named.dbid
            for attr in ("riding", "party", "honorific"):
                if getattr(sp, attr) is None:
                    setattr(sp, attr, getattr(named, attr))
        elif sp.name and sp.dbid and not sp.generic:
            self.by_name[sp.name] = sp
        key = sp.dbid or (sp.name and f"name:{sp.name}")
        if not key:
            return sp
        first = self.known.get(key)
        if first is None:
            self.known[key] = sp
            return sp
        for attr in ("name", "honorific", "riding", "party", "role"):
            if getattr(sp, attr) is None and getattr(first, attr) is not None:
                setattr(sp, attr, getattr(first, attr))
            elif getattr(first, attr) is None and getattr(sp, attr) is not None:
                setattr(first, attr, getattr(sp, attr))
        return sp

    def clock(self, hr: int | None, mn: int | None) -> None:
        self.time = clock_time(self.date, hr, mn) or self.time

    def timestamp(self, el):
        self.clock(_int(el.get("Hr"), 2), _int(el.get("Mn"), 2))

    def opening(self, text: str) -> None:
        """'The House met at 2:30 p.m.' / 'La séance est ouverte à 14 h 30.': the first time."""
        opened = opening_time(labels()["opening"], text)
        if opened and self.time is None:
            self.clock(*opened)

    def floor_language(self, el) -> None:
        lang = (el.get("language") or "").lower()
        if lang in LANGUAGES:
            self.language = lang

    # -- walk
    def walk(self, el):
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag != "ParaText" and tag not in ("Timestamp", "FloorLanguage"):
                self.end_throne_speech()
            if tag == "OrderOfBusinessTitle":
                self.order, self.subject, self.stage = element_text(child), None, None
            elif tag == "SubjectOfBusinessTitle":
                self.subject, self.stage = element_text(child), None
            elif tag == "SubjectOfBusinessQualifier":  # h3: bill stage, petition topic
                self.stage = element_text(child) or None
            elif tag == "Timestamp":
                self.timestamp(child)
            elif tag == "FloorLanguage":
                self.floor_language(child)
            elif tag == "Intervention":
                self.intervention(child)
            elif tag == "WrittenQuestionResponse":
                self.written_question(child)
            elif tag == "ProceduralText":
                self.emit("procedural", element_text(child), pids=[child.get("id")])
            elif tag == "ParaText":
                self.bare_paragraph(child)
            elif tag == "Division":
                self.division(child)
            elif tag in SKIPPED:
                continue
            elif len(child):
                self.walk(child)
        self.end_throne_speech()

    def bare_paragraph(self, el) -> None:
        """A paragraph outside any intervention: procedural, or a line of the Speech from the
        Throne, which the Speaker reports and then prints as bare paragraphs."""
        text = element_text(el)
        self.opening(text)
        if self.throne is not None and text:
            last = self.statements[-1] if self.statements else None
            if last is not None and last.speaker is self.throne:
                last.text += "\n" + text
                last.paragraph_ids.append(el.get("id"))
            else:
                self.emit("speech", text, self.throne, "Debate", [el.get("id")])
            return
        self.emit("procedural", text, pids=[el.get("id")])

    def start_throne_speech(self, report: str) -> None:
        data = labels()["throne_speech"]
        if self.subject not in data["subjects"] or not report.rstrip().endswith(tuple(data["report_ends"])):
            return
        who = next((name for phrase, name in data["delivered_by"].items() if phrase in report),
                   data["default"])
        self.throne = Speaker(label=who, role=who.removeprefix("The ").removeprefix("Le ")
                              .removeprefix("La "))

    def end_throne_speech(self) -> None:
        self.throne = None

    def intervention(self, el):
        aff = el.find("PersonSpeaking/Affiliation")
        main = None
        if aff is not None:
            main = self.remember(parse_label(element_text(aff), aff.get("DbId"), aff.get("Type")))
        itype = el.get("Type") or None
        current, paras, pids = main, [], []
        started = {"time": None, "language": None}

        def flush():
            nonlocal paras, pids
            if paras:
                kind = "interjection" if current is not None and current.generic else "speech"
                if current is None:
                    kind = "procedural"
                self.emit(kind, "\n".join(paras), current, itype, pids, el.get("id"),
                          started["time"], started["language"])
            paras, pids = [], []

        def add(text, pid):
            if not paras:  # a turn is stamped with the time and floor language at its start
                started["time"], started["language"] = self.time, self.language
            paras.append(text)
            pids.append(pid)

        for node in el.iter("ParaText", "Timestamp", "FloorLanguage", "ProceduralText", "Division"):
            if node.tag == "Timestamp":
                self.timestamp(node)
                continue
            if node.tag == "FloorLanguage":
                self.floor_language(node)
                continue
            if node.tag == "Division":
                flush()
                self.division(node)
                continue
            if _inside(node, "Division"):
                continue
            if node.tag == "ProceduralText":  # "(Motion agreed to)" inside a speech: in order
                flush()
                self.emit("procedural", element_text(node), pids=[node.get("id")],
                          intervention_id=el.get("id"))
                continue
            label_el = _leading_label(node)
            text = element_text(node)
            if label_el is not None:
                label = _label_text(label_el)
                body = clean(text[len(label):].lstrip(": ")) if text.startswith(label) else text
                flush()
                sp = parse_label(label, label_el.get("DbId"), label_el.get("Type"))
                current = sp if sp.generic else self.remember(sp)
                if body:
                    add(body, node.get("id"))
                else:
                    pids = [node.get("id")]
                if sp.generic:
                    flush()
                    current = main
                continue
            if is_bracketed_note(text):
                flush()
                self.emit("procedural", text, pids=[node.get("id")], intervention_id=el.get("id"))
                continue
            if text:
                add(text, node.get("id"))
        flush()
        if main is not None and main.role in ("Speaker", "Président", "Présidente") and self.statements:
            self.start_throne_speech(self.statements[-1].text)

    def written_question(self, el):
        """A written question and its answer (Questions on the Order Paper): the question is the
        questioner's, the answer the responder's (an answer with no responder, such as
        '(Return tabled)', is procedural); both carry 'Question No. N' as their stage."""
        number = _int(element_text(el.find("QuestionID")) if el.find("QuestionID") is not None else "")
        saved_stage = self.stage
        if number is not None:
            self.stage = f"Question No. {number}"
        for part, content, itype in (("Questioner", "QuestionContent", "WrittenQuestion"),
                                     ("Responder", "ResponseContent", "WrittenResponse")):
            aff = el.find(f"{part}/Affiliation")
            speaker = self.remember(parse_label(element_text(aff), aff.get("DbId"), aff.get("Type"))) \
                if aff is not None else None
            block = el.find(content)
            if block is None:
                continue
            paras = [(element_text(p), p.get("id")) for p in block.iter("ParaText")]
            paras = [(t, i) for t, i in paras if t]
            if not paras:
                continue
            kind = "speech" if speaker is not None else "procedural"
            self.emit(kind, "\n".join(t for t, _ in paras), speaker, itype, [i for _, i in paras])
        self.stage = saved_stage

    def division(self, el):
        votes, totals = [], {}
        for group in el.iter("DivisionType"):
            vote = group.get("vote-type") or group.get("VoteType") or "Unknown"
            for aff in group.iter("Affiliation"):
                label = element_text(aff)
                name, riding = _split_paren(label)
                votes.append((name, riding, vote, aff.get("DbId")))
            total = group.find(".//Total")
            if total is not None:
                count = _int(re.sub(r"\D", "", element_text(total)))
                totals[vote] = count if count is not None else len([v for v in votes if v[2] == vote])
        number = _int(el.get("DivisionNumber")) or 0
        motion = None
        for st in reversed(self.statements[-12:]):
            if "motion" in st.text.lower() or "question is on" in st.text.lower():
                motion = st.text[:1000]
                break
        self.divisions.append(Division(number, self.subject or self.order, votes, totals, motion))


def _inside(node, tag: str) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        if parent.tag == "Intervention":
            return False
        parent = parent.getparent()
    return False


def _leading_label(para):
    """The <B>/<Affiliation> that starts a paragraph and ends with ':' (an interjection label)."""
    if (para.text or "").strip() or not len(para):
        return None
    first = para[0]
    if first.tag not in {"B", "Affiliation"}:
        return None
    label = element_text(first)
    tail = (first.tail or "").lstrip()
    if not label or len(label) > 120:
        return None
    if label.endswith(":") or tail.startswith(":"):
        return first
    colon = first.getnext()  # <B>Name</B><B>:</B>: the colon in a bold run of its own
    if not tail and colon is not None and colon.tag == "B" and element_text(colon) == ":":
        return first
    return None


def _label_text(label_el) -> str:
    """The label's words (without the colon, wherever it sits)."""
    return element_text(label_el).rstrip(":").strip()


# ----------------------------------------------------------------------------- metadata

def _items(root) -> dict[str, str]:
    return {i.get("Name"): element_text(i) for i in root.iter("ExtractedItem")}


MAX_DIGITS = 9  # parliament, session, sitting, division numbers and vote totals


def _int(value, max_digits: int = MAX_DIGITS) -> int | None:
    """The last run of digits in ``value`` as an int; None when there is none or it is
    implausibly long (a 5,000-digit "number" is no number, and int() of it raises)."""
    digits = re.findall(r"\d+", value or "")
    if not digits or len(digits[-1].lstrip("0")) > max_digits:
        return None
    return int(digits[-1])


def document_id(kind, committee, parliament, session, number, language, url: str = "") -> str:
    """``hoc-44-1-200-en`` / ``cimm-44-1-044-en``; a publication without parliament, session
    or number is keyed on its URL instead (``hoc-u<sha1 of url>-en``), so two such files
    never overwrite each other and a re-fetch of one keeps its id."""
    prefix = (committee or "committee").lower() if kind == "committee" else "hoc"
    return sitting_id(prefix, parliament, session, number, language, url)


def parse_sitting(data: bytes, url: str) -> Sitting:
    """Parse one publication XML; raises crawlers.safe_xml.XMLError naming ``url`` if broken.

    Any other failure inside the parser (a value no rule foresaw) is reported the same way, as
    a parse error naming the URL and the exception, so the importer records and skips the
    publication instead of losing it without trace."""
    try:
        return _parse_sitting(data, url)
    except XMLError:
        raise
    except (ArithmeticError, ValueError, TypeError, LookupError, AttributeError, RecursionError) as exc:
        raise XMLError(f"{url}: cannot parse publication ({type(exc).__name__}: {exc})") from exc


def _parse_sitting(data: bytes, url: str) -> Sitting:
    root = parse_xml(data, url)
    if root.tag != "Hansard":
        raise XMLError(f"{url}: not House of Commons publication XML (root <{root.tag}>)")
    items = _items(root)
    language = (root.get("{http://www.w3.org/XML/1998/namespace}lang") or "EN").lower()[:2]
    kind = "committee" if (items.get("MetaDocumentCategory") or "").lower() == "committee" else "debates"
    parliament, session = _int(items.get("ParliamentNumber")), _int(items.get("SessionNumber"))
    number = _int(items.get("MetaNumberNumber")) or _int(items.get("Number"))
    try:
        date = dt.date(_int(items["MetaDateNumYear"], 4), _int(items["MetaDateNumMonth"], 2),
                       _int(items["MetaDateNumDay"], 2)).isoformat()
    except (KeyError, ValueError, TypeError):
        date = None
    committee = items.get("Acronyme") if kind == "committee" else None
    speaker_name = items.get("SpeakerName") or ""
    speaker_name = re.sub(r"^.*?(The Honourable|L'honorable|L’honorable)\s+", "", speaker_name, flags=re.I)
    speaker_name = _strip_honorific(speaker_name)[1] or None  # "M. Pat Kelly" -> "Pat Kelly"
    walker = _Walker(date, speaker_name)
    body = root.find("HansardBody")
    if body is not None:
        walker.walk(body)
    marked: dict[str, list[str]] = {}  # ParaText id -> the bills its <Document> links name
    for para in root.iter("ParaText"):
        for doc in para.iter("Document"):
            m = re.match(r"([CS])-(\d{1,4})\b", element_text(doc))
            if m and para.get("id"):
                marked.setdefault(para.get("id"), []).append(f"{m.group(1)}-{m.group(2)}")
    for st in walker.statements:
        st.bills = bills_in(st.text, [b for pid in st.paragraph_ids for b in marked.get(pid, [])])
    title_parts = [items.get("InstitutionDebate") or items.get("InstitutionDebateEn") or "",
                   items.get("Number") or "", items.get("Date") or ""]
    return Sitting(
        id=document_id(kind, committee, parliament, session, number, language, url),
        url=url, kind=kind,
        chamber="House of Commons",
        committee=committee,
        committee_name=items.get("InstitutionDebate") if kind == "committee" else None,
        parliament=parliament, session=session, sitting=number, date=date, language=language,
        title=" — ".join(p for p in title_parts if p),
        speaker_of_house=speaker_name,
        statements=walker.statements, divisions=walker.divisions,
    )
