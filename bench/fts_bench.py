"""Full-text query latency (p50/p95) on a database of ≥ 1M statements, as Datasette runs them.

The statements are synthetic but realistic: each is 1–3 sentences sampled from the real Hansard
fixtures, with real speaker names and subjects, inserted with sqlite-utils into the real schema
(porter FTS5 with triggers). Queries are the searches a researcher types, run as Datasette's
table search runs them (``rowid in (select rowid from statements_fts where ... match ?)``, ordered
by rank, one page of 20) plus a count, on a fresh connection per query batch.
"""
from __future__ import annotations

import random
import sqlite3
import statistics
import time
from pathlib import Path

import sqlite_utils

from store.schema import ensure_db_shape

QUERIES = [
    '"safe third country"', "asylum", "refugee claimants", '"irregular" crossings', "Roxham",
    "STCA OR \"safe third\"", "asyl*", "border AND (United NEAR States)", "immigration minister",
    '"Canada Border Services Agency"', "detention", "Quebec asylum seekers", "agreement suspend*",
]
SEARCH_SQL = ("select s.id, s.speaker_name, s.date, s.text from statements s "
              "where s.rowid in (select rowid from statements_fts where statements_fts match :q) "
              "order by s.date desc limit 20")
RANKED_SQL = ("select s.id, s.speaker_name, snippet(statements_fts, 0, '[', ']', '…', 12) "
              "from statements_fts join statements s on s.rowid = statements_fts.rowid "
              "where statements_fts match :q order by rank limit 20")
COUNT_SQL = "select count(*) from statements_fts where statements_fts match :q"


def build_db(db_path: Path, sentences: list[str], speakers: list[str], subjects: list[str],
             n_statements: int, seed: int = 11) -> dict:
    rng = random.Random(seed)
    db = sqlite_utils.Database(db_path)
    db.execute("PRAGMA journal_mode = WAL")
    ensure_db_shape(db)
    started = time.perf_counter()
    per_doc = 200
    docs = (n_statements + per_doc - 1) // per_doc
    db["documents"].insert_all(({"id": f"bench-{d:06d}", "kind": "hansard", "title": f"Benchmark sitting {d}",
                                 "date": f"{2000 + d % 25}-{1 + d % 12:02d}-{1 + d % 28:02d}", "synthetic": 1}
                                for d in range(docs)), batch_size=5000)

    def rows():
        for i in range(n_statements):
            d = i // per_doc
            yield {"id": f"bench-{d:06d}/{i % per_doc:04d}", "document_id": f"bench-{d:06d}",
                   "seq": i % per_doc, "kind": "speech", "speaker_name": rng.choice(speakers),
                   "subject": rng.choice(subjects), "source": "hansard",
                   "date": f"{2000 + d % 25}-{1 + d % 12:02d}-{1 + d % 28:02d}",
                   "text": " ".join(rng.sample(sentences, rng.randint(1, 3)))}

    db["statements"].insert_all(rows(), batch_size=5000)
    seconds = time.perf_counter() - started
    db.execute("PRAGMA optimize")
    db.close()
    return {"statements": n_statements, "build_seconds": round(seconds, 1),
            "insert_rows_per_s": round(n_statements / seconds),
            "db_mb": round(db_path.stat().st_size / 2**20, 1)}


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def query_latency(db_path: Path, rounds: int = 8, seed: int = 3) -> dict:
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    for q in QUERIES:  # warm the page cache the way a running Datasette would be
        conn.execute(COUNT_SQL, {"q": q}).fetchall()
    timings = {"search": [], "ranked": [], "count": []}
    hits = {}
    for _ in range(rounds):
        for q in rng.sample(QUERIES, len(QUERIES)):
            for kind, sql in (("search", SEARCH_SQL), ("ranked", RANKED_SQL), ("count", COUNT_SQL)):
                started = time.perf_counter()
                rows = conn.execute(sql, {"q": q}).fetchall()
                timings[kind].append((time.perf_counter() - started) * 1000)
                if kind == "count":
                    hits[q] = rows[0][0]
    conn.close()
    all_ms = [t for ts in timings.values() for t in ts]
    out = {"queries": len(all_ms), "fts_p50_ms": round(statistics.median(all_ms), 2),
           "fts_p95_ms": round(percentile(all_ms, 95), 2), "hits": hits}
    for kind, ts in timings.items():
        out[f"{kind}_p50_ms"] = round(statistics.median(ts), 2)
        out[f"{kind}_p95_ms"] = round(percentile(ts, 95), 2)
    return out


def fts_bench(corpus_sentences: list[str], speakers: list[str], subjects: list[str],
              n_statements: int, workdir: Path) -> dict:
    db_path = workdir / f"fts-{n_statements}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    out = build_db(db_path, corpus_sentences, speakers, subjects, n_statements)
    out.update(query_latency(db_path))
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    return out


def sample_material(corpus) -> tuple[list[str], list[str], list[str]]:
    """Real sentences, speaker names and subjects from the corpus's Hansard fixtures."""
    import re

    from crawlers.hansard_xml import parse_sitting

    sentences, speakers, subjects = [], set(), set()
    for path in corpus.paths[:20]:
        sitting = parse_sitting((corpus.root / path.lstrip("/")).read_bytes(), path)
        for st in sitting.statements:
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", st.text) if 30 <= len(s) <= 400]
            if st.speaker and st.speaker.name:
                speakers.add(st.speaker.name)
            if st.subject:
                subjects.add(st.subject)
    return sorted(set(sentences)), sorted(speakers), sorted(subjects) or ["Oral Questions"]
