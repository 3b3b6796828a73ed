"""Read extraction inputs: plain text, HTML pages (body via trafilatura) or JSONL records.

Every input becomes a record ``{"id", "text", "speaker"?, "date"?, "url"?}`` (the contract of
nlp.extract.extract_records). A bad file or line is logged with its name and skipped.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Iterable, Iterator

log = logging.getLogger(__name__)
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
RECORD_KEYS = ("id", "text", "speaker", "date", "url", "kind")


def html_to_text(html: str, url: str | None = None) -> str:
    """Main text of an article page, paragraphs separated by blank lines ('' when none found)."""
    import trafilatura

    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False)
    return (text or "").replace("\n", "\n\n")


def _looks_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def jsonl_records(lines: Iterable[str], source: str) -> Iterator[dict]:
    """Records from JSONL lines; a line without "id" gets ``{source}-{line number}``."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            log.error("%s:%d: not JSON (%s), skipped", source, n, exc.msg)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            log.error("%s:%d: no \"text\" string, skipped", source, n)
            continue
        record = {k: obj[k] for k in RECORD_KEYS if obj.get(k) is not None}
        record.setdefault("id", f"{Path(source).stem}-{n}")
        record["id"] = str(record["id"])
        yield record


def read_path(path: str) -> Iterator[dict]:
    """Records from one path ('-' = stdin, JSONL or plain text)."""
    if path == "-":
        data = sys.stdin.read()
        first = data.lstrip()[:1]
        if first == "{":
            yield from jsonl_records(data.splitlines(), "stdin")
        elif data.strip():
            yield {"id": "stdin", "text": html_to_text(data) if _looks_html(data) else data}
        return
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        log.error("%s: cannot read (%s), skipped", path, exc.strerror or exc)
        return
    text = raw.decode("utf-8-sig", errors="replace")
    if p.suffix.lower() in JSONL_SUFFIXES:
        yield from jsonl_records(text.splitlines(), path)
    elif p.suffix.lower() in HTML_SUFFIXES or _looks_html(text):
        body = html_to_text(text)
        if not body.strip():
            log.error("%s: no article text found in the HTML, skipped", path)
            return
        yield {"id": p.stem, "text": body}
    else:
        yield {"id": p.stem, "text": text.replace("\r\n", "\n")}


def read_inputs(paths: Iterable[str]) -> Iterator[dict]:
    """Records from every path, in order."""
    for path in paths:
        yield from read_path(str(path))
