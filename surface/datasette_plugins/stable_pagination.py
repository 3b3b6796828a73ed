"""Datasette plugin: sorted table pages that page without repeating or skipping rows.

Datasette 0.65 orders the *first* page of a sorted table by the sort column alone and adds the
primary-key tie-breaker only from the second page on (``views/table.py``: the tie-breaker is
appended only when ``_next`` is present). Rows that share the sort value (every statement of a
sitting shares its date) then come in one order on page 1 and another on page 2: following
``next`` repeated 49 of 50 rows of page 1 and never reached others, and a CSV export held
duplicates. This plugin gives a sorted table request without ``_next`` a first-page token that
every row satisfies (a sort value beyond all values: past any text for a descending sort,
``$null`` for an ascending one, which SQLite sorts first; an empty primary key), so page 1 is
ordered with the tie-breaker too. A streamed CSV export (``_stream=on``), which Datasette
pages itself and where ``_next`` is refused, is sorted by the primary key instead: complete and
without duplicates, in key order. Views are paged by offset and are left alone.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode

PAST_EVERY_VALUE = "\U0010ffff"  # sorts after any text, and text after any number, in SQLite
FORMATS = (".json", ".csv")


def first_page_token(desc: bool, pk_count: int) -> str:
    value = tilde_encode(PAST_EVERY_VALUE) if desc else "$null"
    return ",".join([value] + ["" for _ in range(pk_count)])


async def _rewrite(datasette, scope) -> dict:
    path = unquote(scope.get("path", ""))
    parts = [p for p in path.split("/") if p]
    if len(parts) != 2:
        return scope
    database, table = parts
    for suffix in FORMATS:
        table = table.removesuffix(suffix)
    args = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    names = {k for k, _ in args}
    if "_next" in names or database not in datasette.databases:
        return scope
    db = datasette.databases[database]
    if not await db.table_exists(table):  # a view, or not a table at all
        return scope
    query = dict(args)
    if "_sort" in query or "_sort_desc" in query:
        desc = "_sort_desc" in query
    else:
        meta = datasette.table_metadata(database, table) or {}
        if not (meta.get("sort") or meta.get("sort_desc")):
            return scope
        desc = bool(meta.get("sort_desc"))
    pks = await db.primary_keys(table)
    if path.endswith(".csv") and query.get("_stream", "").lower() in ("1", "on", "true"):
        kept = [(k, v) for k, v in args if k not in ("_sort", "_sort_desc")]
        query_string = urlencode(kept + [("_sort", pks[0] if pks else "rowid")])
        return {**scope, "query_string": query_string.encode("latin-1")}
    token = first_page_token(desc, max(1, len(pks)))
    query_string = urlencode(args + [("_next", token)], safe="$,~").encode("latin-1")
    return {**scope, "query_string": query_string}


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def stable(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method", "GET") == "GET":
                scope = await _rewrite(datasette, scope)
            await app(scope, receive, send)
        return stable
    return wrap
