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


def resolve_speaker(db: sqlite_utils.Database, name: str, *, riding: str | None = None,
                    party: str | None = None, role: str | None = None,
                    honorific: str | None = None, kind: str = "person",
                    date: str | None = None, dbid: str | None = None) -> str | None:
    """Return the id of the speaker row for this person, creating or updating it."""
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
    if chosen is None:
        sid = slug(name)
        if candidates or db["speakers"].count_where("id = ?", [sid]):
            sid = f"{sid}-{slug(riding or party or 'x')}"
        row = {"id": sid, "name": _display(name), "name_key": key, "kind": kind, "dbids": "[]"}
    else:
        row = dict(chosen)
    newer = not row.get("last_seen") or (date and date >= row["last_seen"])
    for column, value in (("honorific", honorific), ("riding", riding), ("party", party)):
        if value and (newer or not row.get(column)):
            row[column] = value
    if newer and kind == "person":
        row["role"] = role  # a role is held for a time: the latest statement says the current one
    elif role and not row.get("role"):
        row["role"] = role
    if dbid:
        ids = set(json.loads(row.get("dbids") or "[]")) | {dbid}
        row["dbids"] = json.dumps(sorted(ids))
    if date:
        row["first_seen"] = min(filter(None, [row.get("first_seen"), date]))
        row["last_seen"] = max(filter(None, [row.get("last_seen"), date]))
    db["speakers"].upsert(row, pk="id")
    return row["id"]


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
