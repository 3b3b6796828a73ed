"""Datasette plugin: the introspection pages do not reveal where the database file lives.

``/-/databases.json`` (and its HTML page) lists each database with its absolute path on the
server; this plugin answers it with the database names and flags only."""
from __future__ import annotations

import json

from datasette import hookimpl

PATHS = {"/-/databases", "/-/databases.json"}


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def no_paths(scope, receive, send):
            if scope.get("type") == "http" and scope.get("path") in PATHS:
                body = json.dumps([{"name": name, "is_mutable": db.is_mutable, "is_memory": db.is_memory}
                                   for name, db in datasette.databases.items() if not name.startswith("_")],
                                  indent=2).encode()
                await send({"type": "http.response.start", "status": 200,
                            "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            await app(scope, receive, send)
        return no_paths
    return wrap
