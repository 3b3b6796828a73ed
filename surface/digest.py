"""The weekly digest: what changed in an ISO week, per subscriber, as HTML + plain-text e-mail.

Content comes from the views of store/views.py (statements_sourced, speaker_stance_changes,
figures_sourced) and store/figure_checks.py's ``conflicting_figures``.
Delivery is exactly-once per (week, recipient): the pair is *claimed* in a transaction in
``digests_sent`` before sending, with a deterministic Message-ID; a temporary failure (4xx,
connection) leaves it ``failed`` and the next run retries it, a permanent one (5xx) is
``rejected`` and never retried. A claim whose outcome is unknown (process killed mid-send) stays
``sending`` and is not resent automatically - resending could duplicate (see docs).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path

import jinja2
import yaml

log = logging.getLogger("stcawatch.digest")
TEMPLATES = Path(__file__).with_name("templates")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
SMTP_POLICY = SMTP.clone(max_line_length=998)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]+")

# ----------------------------------------------------------------------------- weeks

def parse_week(week: str) -> tuple[dt.date, dt.date]:
    """'2018-W18' -> (Monday, next Monday). Raises ValueError naming the bad value."""
    match = _WEEK.match(week or "")
    if not match:
        raise ValueError(f"--week {week!r}: expected an ISO week like 2018-W18")
    try:
        monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as exc:
        raise ValueError(f"--week {week!r}: {exc}") from None
    return monday, monday + dt.timedelta(days=7)


def last_complete_week(today: dt.date | None = None) -> str:
    year, week, _ = ((today or dt.date.today()) - dt.timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


# ----------------------------------------------------------------------------- subscribers

@dataclass
class Subscriber:
    email: str
    name: str = ""
    keywords: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)


@dataclass
class DigestConfig:
    sender: str
    subscribers: list[Subscriber]
    base_url: str = ""                 # Datasette base URL for "in STCA Watch" links
    list_id: str = "stcawatch-digest.example.org"
    unsubscribe_mailto: str = ""
    unsubscribe_url: str = ""          # https://.../unsubscribe?token={token}
    prominent_speakers: list[str] = field(default_factory=list)
    limit: int = 20


def header_text(value) -> str:
    """A header-safe one-line string: CR/LF and other control characters become spaces."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())


def check_address(value, where: str) -> str:
    text = str(value or "").strip()
    if _CONTROL.search(text) or text.count("@") != 1 or parseaddr(text)[1] != text:
        raise ValueError(f"{where}: {value!r} is not a plain e-mail address")
    return text


def load_config(path) -> DigestConfig:
    """Read the subscribers YAML; errors name the file and the entry."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read subscribers file: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("subscribers"), list):
        raise ValueError(f"{path}: expected a mapping with a 'subscribers' list")
    subs, seen = [], set()
    for n, entry in enumerate(data["subscribers"]):
        where = f"{path}: subscribers[{n}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected a mapping")
        lists = {k: [str(x) for x in entry.get(k) or []] for k in ("keywords", "speakers", "parties")}
        address = check_address(entry.get("email"), where)
        if address.lower() in seen:  # one digest per address and week, whatever the case
            raise ValueError(f"{where}: {address} is listed twice")
        seen.add(address.lower())
        subs.append(Subscriber(email=address, name=header_text(entry.get("name")), **lists))
    sender_name, sender_addr = parseaddr(str(data.get("from") or ""))
    unsub = data.get("unsubscribe") or {}
    return DigestConfig(
        sender=formataddr((header_text(sender_name), check_address(sender_addr, f"{path}: from"))),
        subscribers=subs, base_url=str(data.get("base_url") or "").rstrip("/"),
        list_id=header_text(data.get("list_id") or DigestConfig.list_id),
        unsubscribe_mailto=str(unsub.get("mailto") or ""), unsubscribe_url=str(unsub.get("url") or ""),
        prominent_speakers=[str(s) for s in data.get("prominent_speakers") or []],
        limit=int(data.get("limit") or 20))


# ----------------------------------------------------------------------------- content

def _like_any(column: str, words: list[str], params: list) -> str:
    params += [f"%{w.lower()}%" for w in words]
    return "(" + " or ".join(f"lower({column}) like ?" for _ in words) + ")"


_PARTY_ALIASES = {"liberal": "lib", "conservative": "cpc", "bloc québécois": "bq",
                  "bloc quebecois": "bq", "bloc": "bq", "green": "gp", "new democratic": "ndp"}


def _party_keys(parties: list[str]) -> list[str]:
    keys = set()
    for p in parties:
        k = p.lower().strip().rstrip(".")
        keys |= {k, _PARTY_ALIASES.get(k, k)}
    return sorted(keys)


def collect(db, week: str, sub: Subscriber, config: DigestConfig) -> dict:
    """The digest content for one subscriber (lists of dicts, newest and strongest first)."""
    start, end = parse_week(week)
    span = [start.isoformat(), end.isoformat()]
    limit = config.limit

    # a registry speaker, or an unnamed one with a role ("a senior government official")
    where, params = ["date >= ?", "date < ?", "(speaker_id is not null or role is not null)",
                     "(mentions_stca = 1 or stance in ('suspend', 'extend', 'keep'))"], list(span)
    # Who counts: parliamentarians (senators print no party), people with a role or party,
    # organisations, and the configured prominent speakers.
    prominent = ("(venue = 'parliament' or role is not null or party is not null"
                 " or speaker_kind = 'organisation'")  # Amnesty, the CCR: positions that matter
    if config.prominent_speakers:
        prominent += " or " + _like_any("speaker", config.prominent_speakers, params)
    where.append(prominent + ")")
    people = []
    if sub.speakers:
        people.append(_like_any("speaker", sub.speakers, params))
    if sub.parties:
        keys = _party_keys(sub.parties)
        people.append("rtrim(lower(party), '.') in (" + ",".join("?" * len(keys)) + ")")
        params += keys
    if people:
        where.append("(" + " or ".join(people) + ")")
    if sub.keywords:
        where.append(_like_any("text", sub.keywords, params))
    statements = list(db.query(
        f"select * from statements_sourced where {' and '.join(where)} "
        "order by (stance in ('suspend', 'extend', 'keep')) desc, stance_score desc, date, id "
        f"limit {limit}", params))
    for s in statements:
        s["browse_url"] = browse_url(config.base_url, "statements", s["id"])

    changes = list(db.query("select * from speaker_stance_changes where date >= ? and date < ? "
                            f"order by date limit {limit}", span))
    if sub.speakers or sub.parties:
        keep = {s["speaker_id"] for s in statements}
        names = [w.lower() for w in sub.speakers]
        keys = _party_keys(sub.parties)
        changes = [c for c in changes if c["speaker_id"] in keep
                   or any(n in (c["speaker"] or "").lower() for n in names)
                   or (c["party"] or "").lower().rstrip(".") in keys]

    fparams = list(span)
    fwhere = "date >= ? and date < ?"
    if sub.keywords:
        fwhere += " and " + _like_any("coalesce(text, '') || ' ' || coalesce(measure, '')",
                                      sub.keywords, fparams)
    if sub.speakers or sub.parties:
        # a subscriber following people gets their figures, not every figure of the week
        followed = {s["speaker_id"] for s in statements if s.get("speaker_id")}
        names = [_like_any("coalesce(speaker, '')", sub.speakers, fparams)] if sub.speakers else []
        ids = ",".join("?" * len(followed))
        fparams += sorted(followed)
        fwhere += " and (" + " or ".join(names + [f"speaker_id in ({ids})" if followed else "0"]) + ")"
    figures = _one_per_fact(db.query(f"select * from figures_sourced where {fwhere} "
                                     f"order by date, id limit {limit * 3}", fparams))[:limit]
    conflicts = conflicting(db, span, sub.keywords, limit)

    aparams = list(span)
    awhere = ("kind not in ('hansard', 'committee') and coalesce(relevant, 1) = 1 "
              "and date >= ? and date < ?")
    if sub.keywords:
        awhere += " and " + _like_any("coalesce(title, '') || ' ' || coalesce(text, '')",
                                      sub.keywords, aparams)
    if sub.speakers:  # articles that name a followed speaker
        awhere += " and " + _like_any("coalesce(text, '')", sub.speakers, aparams)
    articles = list(db.query(
        f"select id, url, title, outlet, date, relevance from documents where {awhere} "
        f"order by coalesce(relevance, 0) desc, date desc limit {min(limit, 10)}", aparams))
    data = {"week": week, "start": start.isoformat(),
            "end": (end - dt.timedelta(days=1)).isoformat(), "statements": statements,
            "changes": changes, "figures": figures, "conflicts": conflicts, "articles": articles}
    data["counts"] = {k: len(data[k]) for k in
                      ("statements", "changes", "figures", "conflicts", "articles")}
    return data


def _one_per_fact(rows) -> list[dict]:
    """Wire copies of one story cite the same figure: one line per value, unit, measure, period
    and place."""
    seen, out = set(), []
    for row in rows:
        key = (row["value"], row["unit"], (row["measure"] or "").lower().strip(), row["period"], row["place"])
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def plural(n: int, word: str) -> str:
    """'1 statement', '2 statements', '1 stance change'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def conflicting(db, span: list[str], keywords: list[str], limit: int) -> list[dict]:
    """One pair (lowest vs. highest value) per conflicting measure with a figure in the week,
    from store/figure_checks.py's ``conflicting_figures`` (two stories disagreeing beyond
    rounding and qualifiers; empty until ``check-figures`` or ``extract`` has run)."""
    rows = list(db.query("select group_id as figure_key, measure_key, unit, period, place, "
                         "value, source, speaker, date, url, measure, figure_id "
                         "from conflicting_figures"))
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["figure_key"], []).append(row)
    pairs = []
    for key, members in groups.items():
        if not any(span[0] <= (m["date"] or "") < span[1] for m in members):
            continue
        low = min(members, key=lambda m: m["value"])
        high = max(members, key=lambda m: m["value"])
        pairs.append({
            "figure_key": key, "measure": low["measure"] or low["measure_key"],
            "unit": low["unit"], "period": low["period"], "place": low["place"],
            **{f"{k}_a": low[v] for k, v in _PAIR.items()},
            **{f"{k}_b": high[v] for k, v in _PAIR.items()}})
    if keywords:
        words = [w.lower() for w in keywords]
        pairs = [p for p in pairs if any(w in (p["measure"] or "").lower() for w in words)]
    seen, out = set(), []
    for pair in pairs:  # the widest disagreement of each measure only
        if pair["figure_key"] not in seen:
            seen.add(pair["figure_key"])
            out.append(pair)
    return sorted(out, key=lambda p: p["measure"] or "")[:limit]


_PAIR = {"value": "value", "source": "source", "date": "date", "source_url": "url"}


def browse_url(base_url: str, table: str, pk: str) -> str | None:
    if not base_url:
        return None
    from datasette.utils import tilde_encode

    return f"{base_url}/stcawatch/{table}/{tilde_encode(pk)}"


def is_empty(data: dict) -> bool:
    return not any(data["counts"].values())


# ----------------------------------------------------------------------------- rendering

def safe_url(value) -> str | None:
    """Only http(s) links are rendered: a scraped ``javascript:`` URL becomes no link at all."""
    text = str(value or "").strip()
    return text if re.match(r"^https?://[^\s\"'<>]+$", text) else None


_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def one_line(value):
    """Every value a template prints, as scraped text may not shape the message: CR/LF and
    other control characters become spaces (no forged lines in the text part) and bidi
    controls (U+202E ...) are dropped (no text shown reversed). Non-strings pass through."""
    if not isinstance(value, str):
        return value
    return _BIDI.sub("", header_text(value)) if (_CONTROL.search(value) or _BIDI.search(value)) else value


def _clip(value, n: int) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + " …"


def _number(value) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _env(autoescape: bool) -> jinja2.Environment:
    # autoescape=True, not select_autoescape(): that one matches on the file extension and
    # would leave "digest.html.j2" unescaped.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=autoescape,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True,
                             finalize=one_line)
    env.filters.update(safe_url=safe_url, clip=_clip, number=_number)
    env.globals.update(plural=plural)
    return env


HTML_ENV, TEXT_ENV = _env(True), _env(False)


def unsubscribe_links(config: DigestConfig, recipient: str) -> tuple[str, str]:
    """(https one-click URL or '', mailto URI or ''). The token is an HMAC of the address."""
    url = ""
    secret = os.environ.get("STCAWATCH_UNSUBSCRIBE_SECRET", "")
    if config.unsubscribe_url.startswith("https://") and secret:
        token = hmac.new(secret.encode(), recipient.lower().encode(), hashlib.sha256).hexdigest()
        url = config.unsubscribe_url.replace("{token}", token)
    elif config.unsubscribe_url:
        log.warning("unsubscribe url needs https and STCAWATCH_UNSUBSCRIBE_SECRET: one-click "
                    "unsubscribe left out")
    mailto = (f"mailto:{config.unsubscribe_mailto}?subject=unsubscribe"
              if config.unsubscribe_mailto else "")
    return url, mailto


def message_id(week: str, recipient: str, domain: str) -> str:
    digest = hashlib.sha256(f"{week}\n{recipient.lower()}".encode()).hexdigest()[:24]
    return f"<stcawatch-digest.{week}.{digest}@{domain}>"


def build_message(data: dict, sub: Subscriber, config: DigestConfig) -> EmailMessage:
    """The multipart/alternative e-mail; header values never contain scraped text."""
    unsub_url, unsub_mailto = unsubscribe_links(config, sub.email)
    context = {**data, "subscriber": sub, "unsubscribe_url": unsub_url,
               "unsubscribe_mailto": config.unsubscribe_mailto}
    text = TEXT_ENV.get_template("digest.txt.j2").render(context)
    html = HTML_ENV.get_template("digest.html.j2").render(context)
    domain = parseaddr(config.sender)[1].split("@")[1]
    counts = data["counts"]
    msg = EmailMessage()
    msg["From"] = config.sender
    msg["To"] = formataddr((header_text(sub.name), sub.email))
    msg["Subject"] = (f"STCA Watch digest {data['week']}: {plural(counts['statements'], 'statement')}, "
                      f"{plural(counts['figures'], 'figure')}, {plural(counts['articles'], 'article')}")
    msg["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))
    msg["Message-ID"] = message_id(data["week"], sub.email, domain)
    msg["List-Id"] = f"STCA Watch weekly digest <{config.list_id}>"
    links = [f"<{u}>" for u in (unsub_url, unsub_mailto) if u]
    if links:
        msg["List-Unsubscribe"] = ", ".join(links)
    if unsub_url:
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["Auto-Submitted"] = "auto-generated"
    msg["Precedence"] = "bulk"
    msg.set_content(text, cte="quoted-printable")
    msg.add_alternative(html, subtype="html", cte="quoted-printable")
    # Bodies are encoded at 76 columns above; headers may use up to 998 so the long
    # List-Unsubscribe URL stays a plain URI (RFC 2369) instead of an encoded-word.
    msg.policy = SMTP_POLICY
    return msg
