"""The speaker registry: one row per person across sittings and outlets.

A Hansard ``DbId`` identifies a person *in a role* (new ids per parliament and per role), so
people are keyed on a normalised name (honorifics, accents, case and punctuation removed) and
told apart by riding only when two different people share a name.
"""
from __future__ import annotations

import json
import re

import sqlite_utils

from nlp import speakers

def name_key(name: str) -> str:
    """'Hon. Ahmed D. Hussen' -> 'ahmed hussen' (one normalisation for news and Hansard)."""
    return speakers.name_key(name)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_key(text) or text.lower()).strip("-")


# Tables whose speaker_id points at speakers.id (kept in step when an id changes).
SPEAKER_REFERENCES = ("statements", "speaker_affiliations", "figures", "division_votes")


def order_keys(date: str | None, document_id: str | None, language: str | None) -> tuple[str, str]:
    """(latest, earliest) sort keys of one appearance, so that which appearance is the latest
    (it says the current role, riding, party) and which the earliest (it gives the id and the
    display name) depends on the data, never on the order documents arrive: by date, then the
    English publication of a sitting over its French copy, then the document id."""
    english = (language or "en") == "en"
    return (f"{date or ''}|{int(english)}|{document_id or ''}",
            f"{date or '9999'}|{int(not english)}|{document_id or ''}")


def resolve_speaker(db: sqlite_utils.Database, name: str, *, riding: str | None = None,
                    party: str | None = None, role: str | None = None,
                    honorific: str | None = None, kind: str = "person",
                    date: str | None = None, dbid: str | None = None,
                    document_id: str | None = None, language: str | None = None) -> str | None:
    """Return the id of the speaker row for this person, creating or updating it.

    Whatever the order in which documents arrive, the row ends the same: role, riding, party and
    honorific come from the latest appearance (``order_keys``), the id and display name from the
    earliest name form ('Michelle Rempel' in 2013 before 'Michelle Rempel Garner' in 2022: the
    row is renamed when an earlier form arrives later, with every reference to it)."""
    key = name_key(name)
    if not key:
        return None
    candidates = list(db.query("select * from speakers where name_key = ?", [key]))
    if not candidates and len(key.split()) >= 2:
        # 'Ahmed Hussen' vs. 'Ahmed D. Hussen' (same first and last word), and 'Michelle
        # Rempel' vs. 'Michelle Rempel Garner' (a surname added): one person if party agrees.
        first, last = key.split()[0], key.split()[-1]
        candidates = [
            row for row in db.query(
                "select * from speakers where name_key like ? or name_key like ? or ? like name_key || ' %'",
                [f"{first} % {last}", f"{key} %", key])
            if not (party and row["party"] and row["party"] != party)
        ]
        candidates = candidates if len(candidates) == 1 else []
    chosen = None
    if len(candidates) == 1:
        row = candidates[0]
        clash = riding and row["riding"] and row["riding"] != riding and party and row["party"] and row["party"] != party
        chosen = None if clash else row
    elif candidates:
        chosen = next((r for r in candidates if riding and r["riding"] == riding), None)
        chosen = chosen or next((r for r in candidates if party and r["party"] == party), None)
        chosen = chosen or candidates[0]
    latest, earliest = order_keys(date, document_id, language)
    if chosen is None:
        sid = slug(name)
        if candidates or db["speakers"].count_where("id = ?", [sid]):
            sid = f"{sid}-{slug(riding or party or 'x')}"
        row = {"id": sid, "name": _display(name), "name_key": key, "kind": kind, "dbids": "[]",
               "first_key": earliest}
    else:
        row = dict(chosen)
        if earliest < (row.get("first_key") or "~"):  # an earlier appearance: its form names the row
            row.update(first_key=earliest, name=_display(name))
            if key != row["name_key"]:
                row["name_key"] = key
                new_id = slug(name)
                if new_id != row["id"] and not db["speakers"].count_where("id = ?", [new_id]):
                    row["id"] = _rename(db, row, new_id)
    newer = latest >= (row.get("last_key") or "")
    set_at = json.loads(row.get("value_keys") or "{}")  # column -> key of the appearance it came from
    for column, value in (("honorific", honorific), ("riding", riding), ("party", party)):
        if value and latest >= set_at.get(column, ""):  # the latest appearance that printed one
            row[column], set_at[column] = value, latest
    row["value_keys"] = json.dumps(set_at, sort_keys=True)
    if newer:
        row["last_key"] = latest
    if kind == "person":
        if newer:
            row["role"] = role  # a role is held for a time: the latest appearance says the current one
    elif role and (newer or not row.get("role")):
        row["role"] = role
    if dbid:
        ids = set(json.loads(row.get("dbids") or "[]")) | {dbid}
        row["dbids"] = json.dumps(sorted(ids))
    if date:
        row["first_seen"] = min(filter(None, [row.get("first_seen"), date]))
        row["last_seen"] = max(filter(None, [row.get("last_seen"), date]))
    db["speakers"].upsert(row, pk="id", alter=True)
    return row["id"]


def _rename(db: sqlite_utils.Database, row: dict, new_id: str) -> str:
    """Give the speaker ``row`` the id ``new_id``, moving every reference to it."""
    old_id = row["id"]
    db["speakers"].insert({**row, "id": new_id}, alter=True)
    for table in SPEAKER_REFERENCES:
        if db[table].exists():
            db.execute(f"update {table} set speaker_id = ? where speaker_id = ?", [new_id, old_id])
    db.execute("delete from speakers where id = ?", [old_id])
    return new_id


def known_senator(db: sqlite_utils.Database, short_name: str) -> str | None:
    """The speaker id of the one senator stored with this surname, for a 'Senator Cordy:' or
    'Senator K. Wells:' label whose full name the sitting never printed; None when there are
    none or several."""
    words = name_key(short_name).split()
    if not words:
        return None
    surname, initials = words[-1], [w[0] for w in words[:-1]]
    rows = list(db.query(
        "select distinct sp.id, sp.name_key from speakers sp "
        "join speaker_affiliations a on a.speaker_id = sp.id join documents d on d.id = a.document_id "
        "where d.chamber = 'Senate' and (sp.name_key = ? or sp.name_key like ?)",
        [surname, f"% {surname}"]))
    rows = [r for r in rows if all(i == w[0] for i, w in zip(initials, r["name_key"].split()))]
    return rows[0]["id"] if len(rows) == 1 else None


def _display(name: str) -> str:
    return speakers.strip_honorifics(name.strip()) or name.strip()
