"""Which records still need NLP, and how its output (SCHEMA.md dicts) is stored.

News articles become quote statements (``{doc}/q{n}``) with speakers linked to the registry;
Hansard interventions keep their statement row and gain stance and figures. Each document's
extraction is replaced in one transaction, and ``documents.extracted_hash`` records which
content it was made from, so a re-run only processes new or changed documents.
"""
from __future__ import annotations

import json
from typing import Callable, Iterator

import sqlite_utils

from nlp.speakers import is_organisation, is_unnamed
from nlp.version import extracted_hash, extraction_version

from .load import clear_extraction, write_transaction
from .registry import resolve_speaker



PENDING = ("select {columns} from documents where extracted_hash is null "
           "or extracted_hash != content_hash || ':' || ? order by date, id")
DOCUMENT_COLUMNS = "id, kind, url, date, text, relevant, content_hash, translation_of, language"


def pending_documents(db: sqlite_utils.Database) -> list[dict]:
    """Documents whose current content has not been through the current NLP stage yet
    (``nlp.version``: a new model or lexicon re-extracts each document once)."""
    return list(db.query(PENDING.format(columns=DOCUMENT_COLUMNS), [extraction_version()]))


def pending_batches(db: sqlite_utils.Database, size: int = 200) -> Iterator[list[dict]]:
    """``pending_documents`` ``size`` at a time: the ids are read first (small), the texts one
    batch at a time, so a backfilled database of millions of documents never sits in memory."""
    ids = [row["id"] for row in db.query(PENDING.format(columns="id"), [extraction_version()])]
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        rows = {row["id"]: row for row in db.query(
            f"select {DOCUMENT_COLUMNS} from documents where id in ({', '.join('?' * len(chunk))})", chunk)}
        yield [rows[i] for i in chunk if i in rows]


def count_pending(db: sqlite_utils.Database) -> int:
    return db.execute(PENDING.format(columns="count(*)").replace(" order by date, id", ""),
                      [extraction_version()]).fetchone()[0]


def forget_extraction(db: sqlite_utils.Database) -> int:
    """Mark every document for extraction (``stcawatch extract --all``); returns how many."""
    with write_transaction(db):
        return db.execute("update documents set extracted_hash = null").rowcount


def records_for(db: sqlite_utils.Database, doc: dict,
                on_topic: Callable[[str], bool]) -> Iterator[dict]:
    """NLP input records for one document: the article, or its on-topic interventions (none
    for the French copy of a sitting whose English publication is stored)."""
    if doc.get("translation_of"):
        return
    if doc["kind"] == "news":
        if doc["relevant"] == 0:
            return
        yield {"id": doc["id"], "document_id": doc["id"], "text": doc["text"] or "",
               "date": doc["date"], "url": doc["url"], "kind": "news", "language": doc.get("language")}
        return
    for st in db.query("select id, text, speaker_name, speaker_party, date from statements "
                       "where document_id = ? and kind = 'speech' order by seq", [doc["id"]]):
        if on_topic(st["text"] or ""):
            yield {"id": st["id"], "document_id": doc["id"], "statement_id": st["id"],
                   "text": st["text"], "speaker": st["speaker_name"], "date": st["date"],
                   "url": doc["url"], "kind": "speech", "language": doc.get("language")}


def save_result(db: sqlite_utils.Database, record: dict, result: dict) -> dict:
    """Store one record's extraction (call inside ``save_document_results``' transaction)."""
    doc_id, date, url = record["document_id"], record.get("date"), record.get("url")
    counts = {"statements": 0, "figures": 0}
    statement_ids: list[str | None] = []
    if record["kind"] == "news":
        rows = []
        for n, st in enumerate(result.get("statements", [])):
            speaker = st.get("speaker")
            role = st.get("speaker_role")
            if speaker and is_unnamed(speaker):  # "a senior official": a role, not a person
                sid, role = None, role or speaker
            else:
                sid = resolve_speaker(db, speaker, party=st.get("speaker_party"), role=role,
                                      kind="organisation" if is_organisation(speaker) else "person",
                                      date=date) if speaker else None
            rows.append({
                "id": f"{doc_id}/q{n:03d}", "document_id": doc_id, "seq": 10_000 + n,
                "kind": st.get("kind"), "speaker_id": sid, "speaker_name": speaker,
                "speaker_role": role, "speaker_party": st.get("speaker_party"),
                "paragraph": st.get("paragraph"), "url": url, "date": date,
                "text": st.get("text"), "start": st.get("start"), "end": st.get("end"),
                "stance": st.get("stance"), "stance_score": st.get("stance_score"),
                "stance_evidence": _evidence(st), "source": "news",
            })
            statement_ids.append(rows[-1]["id"])
        db["statements"].upsert_all(rows, pk="id", alter=True)
        counts["statements"] = len(rows)
    else:
        best = _strongest(result.get("statements", []))
        if best is not None:
            db["statements"].update(record["statement_id"], {
                "stance": best.get("stance"), "stance_score": best.get("stance_score"),
                "stance_evidence": _evidence(best)})
            counts["statements"] = 1
    prefix = f"{doc_id}/f" if record["kind"] == "news" else f"{record['statement_id']}/f"
    figure_rows = []
    for n, fig in enumerate(result.get("figures", [])):
        statement_id = record.get("statement_id")
        if record["kind"] == "news":
            index = fig.get("statement")
            statement_id = statement_ids[index] if index is not None and index < len(statement_ids) else None
        speaker = fig.get("speaker") or (record.get("speaker") if record["kind"] != "news" else None)
        figure_rows.append({
            "id": f"{prefix}{n:03d}", "document_id": doc_id, "statement_id": statement_id,
            "paragraph": fig.get("paragraph"), "value": fig.get("value"), "unit": fig.get("unit"),
            "qualifier": fig.get("qualifier"), "measure": fig.get("measure"),
            "period": fig.get("period"), "place": fig.get("place"), "source": fig.get("source"),
            "speaker": speaker, "text": fig.get("text"), "start": fig.get("start"),
            "end": fig.get("end"), "url": url, "date": date,
        })
    if figure_rows:
        db["figures"].upsert_all(figure_rows, pk="id", alter=True)
    counts["figures"] = len(figure_rows)
    return counts


def save_document_results(db: sqlite_utils.Database, doc: dict,
                          pairs: list[tuple[dict, dict]]) -> dict:
    """Replace a document's extraction with ``pairs`` of (record, result), atomically."""
    totals = {"statements": 0, "figures": 0}
    with write_transaction(db):
        clear_extraction(db, doc["id"])
        for record, result in pairs:
            for key, value in save_result(db, record, result).items():
                totals[key] += value
        db["documents"].update(doc["id"], {"extracted_hash": extracted_hash(doc["content_hash"])})
    return totals


def _strongest(statements: list[dict]) -> dict | None:
    """The statement carrying the clearest position (non-`none` first, then by score)."""
    if not statements:
        return None
    return max(statements, key=lambda s: (s.get("stance") not in (None, "none"), s.get("stance_score") or 0))


def _evidence(statement: dict) -> str | None:
    evidence = statement.get("stance_evidence")
    if isinstance(evidence, (list, tuple)):
        return json.dumps(list(evidence), ensure_ascii=False)
    return evidence
