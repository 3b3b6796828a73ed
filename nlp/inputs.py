"""Read extraction inputs: plain text, HTML pages or JSONL records.

Every input becomes a record ``{"id", "text", "speaker"?, "date"?, "url"?, "language"?}`` (the contract of
nlp.extract.extract_records). An HTML page is read by the crawler's article extractor
(crawlers/article.py: page chrome removed, body, canonical URL and publication date), so
``extract PAGE.html`` sees the same text as a crawl of that page. A bad file or line is logged
with its name and skipped.
"""
from __future__ import annotations

import json
import re
import logging
import sys
from pathlib import Path
from typing import Iterable, Iterator

log = logging.getLogger(__name__)
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
RECORD_KEYS = ("id", "text", "speaker", "date", "url", "kind", "language", "lang")
TEXT_KEYS = ("text", "excerpt", "body")  # crawled/excerpt dumps name the body differently


def html_record(html: str, name: str) -> dict | None:
    """The record of an article page read from ``name``: body, canonical URL (the page's own
    canonical link, else a file: URL) and date; None (logged) when it has no article body."""
    from crawlers.article import ArticleError, extract_article

    try:
        article = extract_article(html, Path(name).resolve().as_uri())
    except ArticleError as exc:
        log.error("%s: %s, skipped", name, str(exc).split(": ", 1)[-1])
        return None
    record = {"id": Path(name).stem, "text": article.body, "url": article.canonical_url}
    if article.published:
        record["date"] = article.published[:10]
    if article.language:
        record["language"] = article.language
    return record


def _looks_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str, where: str) -> str:
    """``text`` with lone surrogates ("\\ud800" escapes: valid JSON, not Unicode text) replaced
    by U+FFFD, so one bad code point cannot stop the output of every record after it."""
    if not _SURROGATE.search(text):
        return text
    log.warning("%s: lone surrogate code points replaced by U+FFFD", where)
    return _SURROGATE.sub("\ufffd", text)


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
        except RecursionError:
            log.error("%s:%d: JSON nested too deeply, skipped", source, n)
            continue
        body = next((obj[k] for k in TEXT_KEYS if isinstance(obj, dict) and isinstance(obj.get(k), str)), None)
        if body is None:
            log.error("%s:%d: no \"text\" string, skipped", source, n)
            continue
        record = {k: obj[k] for k in RECORD_KEYS if obj.get(k) is not None}
        record["text"] = _encodable(body, f"{source}:{n}")
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
        elif data.strip() and _looks_html(data):
            record = html_record(data, "stdin")
            if record:
                yield record
        elif data.strip():
            yield {"id": "stdin", "text": data}
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
        record = html_record(text, path)
        if record:
            yield record
    else:
        yield {"id": p.stem, "text": text.replace("\r\n", "\n")}


def read_inputs(paths: Iterable[str]) -> Iterator[dict]:
    """Records from every path, in order."""
    for path in paths:
        yield from read_path(str(path))
