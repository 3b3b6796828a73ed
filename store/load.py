"""Save parsed records into SQLite: idempotent upserts inside ``BEGIN IMMEDIATE`` transactions.

What parses a source and hands the result here is ``ingest.publications`` (import, reparse).

``BEGIN IMMEDIATE`` takes the write lock up front, so two writers queue on ``busy_timeout``
instead of one of them failing half-way with "database is locked"; a sitting is re-imported in
one transaction, so a crash leaves either the old or the new version, never a mixture.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json

import sqlite_utils

from typing import TYPE_CHECKING

from .registry import known_senator, resolve_speaker
from .sources import content_hash  # noqa: F401 - re-exported

if TYPE_CHECKING:  # the parsers' records, read by attribute: store/ imports no parser
    from crawlers.sitting import Sitting


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database):
    """One all-or-nothing write; sqlite-utils calls inside it nest as savepoints."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        db.conn.execute("COMMIT")


def hansard_anchor(url: str, sitting: Sitting, paragraph_ids: list[str],
                   anchor: str | None = None) -> str:
    """A link to a statement: the page anchor where the parser found one (Senate: the heading
    above it), else the first paragraph id (publication XML has ids, not anchors)."""
    if anchor:
        return f"{url}#{anchor}"
    return f"{url}#{paragraph_ids[0]}" if paragraph_ids else url


def save_sitting(db: sqlite_utils.Database, sitting: Sitting, digest: str,
                 run_id: int | None = None, parser: str | None = None,
                 fetch_url: str | None = None) -> dict:
    """Replace one sitting's document, statements, speakers and divisions atomically."""
    counts = {"statements": 0, "speakers": 0, "divisions": 0}
    with write_transaction(db):
        doc_id = sitting.id
        db.execute("delete from figures where document_id = ?", [doc_id])
        db.execute("delete from division_votes where division_id in "
                    "(select id from divisions where document_id = ?)", [doc_id])
        db.execute("delete from divisions where document_id = ?", [doc_id])
        db.execute("delete from statements where document_id = ?", [doc_id])
        db.execute("delete from speaker_affiliations where document_id = ?", [doc_id])
        db["documents"].upsert({
            "id": doc_id, "kind": "committee" if sitting.kind == "committee" else "hansard",
            "url": sitting.url, "title": sitting.title, "outlet": None,
            "language": sitting.language, "date": sitting.date, "chamber": sitting.chamber,
            "committee": sitting.committee, "parliament": sitting.parliament,
            "session": sitting.session, "sitting": sitting.sitting, "relevant": None,
            "content_hash": digest, "synthetic": 0, "text": sitting.text,
            "fetched_at": now(), "run_id": run_id, "extracted_hash": None,
            "source_sha256": digest if parser else None, "parser": parser,
            "fetch_url": fetch_url if fetch_url and fetch_url != sitting.url else None,
        }, pk="id", alter=True)
        people: dict[str, str] = {}
        rows = []
        in_sitting = person_values(sitting)
        for st in sitting.statements:
            sp = st.speaker
            speaker_id = None
            surname_only = sitting.chamber == "Senate" and sp is not None and sp.name \
                and sp.honorific == "Senator"  # the parser gives a resolved label the full name's
            if st.kind == "speech" and surname_only:
                # 'Senator Cordy:' with no full label in the sitting: the one stored senator of
                # that surname, else no speaker row (a row named 'Cordy' would split a person).
                speaker_id = known_senator(db, sp.name)
            elif st.kind == "speech" and sp is not None and sp.name and not sp.generic:
                values = in_sitting[_person(sp)]  # one answer per person and sitting
                speaker_id = resolve_speaker(
                    db, sp.name, riding=values["riding"], party=values["party"], role=values["role"],
                    honorific=values["honorific"], date=sitting.date, dbid=sp.dbid,
                    document_id=doc_id, language=sitting.language)
                if speaker_id and speaker_id not in people:
                    people[speaker_id] = sp.dbid
                    db["speaker_affiliations"].upsert({
                        "speaker_id": speaker_id, "document_id": doc_id, "date": sitting.date,
                        "party": sp.party, "riding": sp.riding, "role": sp.role, "dbid": sp.dbid,
                    }, pk=("speaker_id", "document_id"))
            rows.append({
                "id": f"{doc_id}/{st.seq:04d}", "document_id": doc_id, "seq": st.seq,
                "kind": st.kind, "speaker_id": speaker_id,
                "speaker_name": (sp.name or sp.label) if sp else None,
                "speaker_role": sp.role if sp else None,
                "speaker_party": sp.party if sp else None,
                "speaker_riding": sp.riding if sp else None,
                "dbid": sp.dbid if sp else None, "honorific": sp.honorific if sp else None,
                "intervention_type": st.intervention_type,
                "intervention_id": st.intervention_id,
                "order_of_business": st.order_of_business, "subject": st.subject,
                "time": st.time, "language": st.language or sitting.language,
                "paragraph_ids": json.dumps(st.paragraph_ids), "paragraph": None,
                "url": hansard_anchor(sitting.url, sitting, st.paragraph_ids, st.anchor),
                "stage": st.stage, "bills": json.dumps(st.bills) if st.bills else None,
                "date": sitting.date, "text": st.text, "start": None, "end": None,
                "stance": None, "stance_score": None, "stance_evidence": None,
                "source": "hansard",
            })
        db["statements"].upsert_all(rows, pk="id", alter=True)
        counts["statements"], counts["speakers"] = len(rows), len(people)
        dbid_to_speaker = {v: k for k, v in people.items() if v}
        for div in sitting.divisions:
            div_id = f"{doc_id}/d{div.number:04d}"
            db["divisions"].upsert({
                "id": div_id, "document_id": doc_id, "number": div.number, "date": sitting.date,
                "subject": div.subject, "motion": div.motion,
                "yeas": div.totals.get("Yeas"), "nays": div.totals.get("Nays"),
                "paired": div.totals.get("Paired"), "url": sitting.url,
            }, pk="id")
            db["division_votes"].upsert_all([
                {"division_id": div_id, "name": name, "riding": riding or "", "vote": vote,
                 "dbid": dbid, "speaker_id": dbid_to_speaker.get(dbid)}
                for name, riding, vote, dbid in div.votes
            ], pk=("division_id", "name", "riding"))
            counts["divisions"] += 1
        link_translations(db, doc_id)
        if sitting.chamber == "Senate":
            link_senator_surnames(db)
    return counts


def _person(sp) -> str:
    return sp.dbid or f"name:{sp.name}"


def person_values(sitting: Sitting) -> dict[str, dict]:
    """Each speaker's riding, party, role and honorific in this sitting: the first printed in
    document order (a short later label 'Hon. Ed Fast' must not unsay the portfolio of the
    first), so the registry hears one answer per person and sitting."""
    values: dict[str, dict] = {}
    for st in sitting.statements:
        sp = st.speaker
        if st.kind != "speech" or sp is None or not sp.name or sp.generic:
            continue
        found = values.setdefault(_person(sp), dict.fromkeys(("riding", "party", "role", "honorific")))
        for attr in found:
            if found[attr] is None:
                found[attr] = getattr(sp, attr)
    return values


def link_senator_surnames(db: sqlite_utils.Database) -> int:
    """Give 'Senator Cordy:' statements stored without a speaker the one senator of that
    surname stored since, so the links do not depend on which sitting was imported first."""
    linked = 0
    for row in list(db.query(
            "select s.id, s.speaker_name from statements s join documents d on d.id = s.document_id "
            "where d.chamber = 'Senate' and s.kind = 'speech' and s.speaker_id is null "
            "and s.honorific = 'Senator'")):
        speaker_id = known_senator(db, row["speaker_name"] or "")
        if speaker_id:
            db.execute("update statements set speaker_id = ? where id = ?", [speaker_id, row["id"]])
            linked += 1
    return linked


def clear_extraction(db: sqlite_utils.Database, doc_id: str) -> None:
    """Remove a document's NLP output (news quotes, stance, figures) before it is stored anew."""
    db.execute("delete from figures where document_id = ?", [doc_id])
    db.execute("delete from statements where document_id = ? and source = 'news'", [doc_id])
    db.execute("update statements set stance = null, stance_score = null, stance_evidence = null "
               "where document_id = ?", [doc_id])


def link_translations(db: sqlite_utils.Database, doc_id: str) -> None:
    """The House publishes each sitting in English and in French, with the same interventions:
    the French copy points at the English one (``documents.translation_of``), so aggregates count
    each intervention once and the NLP stage, whose models read English, reads the English text.
    A French copy stored before its English one loses the stance and figures read from it."""
    stem, _, suffix = doc_id.rpartition("-")
    if not stem or suffix not in ("en", "fr"):
        return
    if suffix == "en":
        french = f"{stem}-fr"
        if db["documents"].count_where("id = ?", [french]):
            db["documents"].update(french, {"translation_of": doc_id})
            clear_extraction(db, french)
        return
    english = f"{stem}-en"
    found = db["documents"].count_where("id = ?", [english])
    db["documents"].update(doc_id, {"translation_of": english if found else None})


def start_run(db: sqlite_utils.Database, command: str) -> int:
    with write_transaction(db):
        table = db["crawl_runs"].insert({"command": command, "started": now(), "status": "running"})
    return table.last_pk


def mark_interrupted(db: sqlite_utils.Database, command: str) -> list[int]:
    """Runs of ``command`` still marked 'running': call while holding that command's lock, so
    none of them can be alive (killed with -9, power cut). They become 'interrupted'."""
    ids = [r["id"] for r in db.query(
        "select id from crawl_runs where command = ? and status = 'running' order by id", [command])]
    if ids:
        with write_transaction(db):
            for run_id in ids:
                db["crawl_runs"].update(run_id, {"status": "interrupted", "ended": now()})
    return ids


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, counts: dict,
               stats: dict | None = None) -> None:
    errors = db["crawl_errors"].count_where("run_id = ?", [run_id])
    with write_transaction(db):
        db["crawl_runs"].update(run_id, {
            "ended": now(), "status": status, "errors": errors,
            "fetched": counts.get("fetched", 0), "stored": counts.get("stored", 0),
            "unchanged": counts.get("unchanged", 0), "skipped": counts.get("skipped", 0),
            "stats": json.dumps(stats or {}, default=str, sort_keys=True),
        })


def record_error(db: sqlite_utils.Database, run_id: int | None, url: str, stage: str,
                 reason: str) -> None:
    """Log a skipped source in crawl_errors (one row per run, URL and stage)."""
    key = hashlib.sha1(f"{run_id}|{url}|{stage}".encode()).hexdigest()[:16]
    with write_transaction(db):
        db["crawl_errors"].upsert({"id": key, "run_id": run_id, "url": url, "stage": stage,
                                   "reason": reason[:2000], "at": now()}, pk="id")
