"""Datasette plugin: the first screen is who said what about the STCA.

``/`` (the instance index, a list of files and tables) redirects to the ``stca_statements``
view of the database that has it: statements naming the STCA or taking a position, newest first,
with speaker, party, where it was said, the position and the source link."""
from __future__ import annotations

from datasette import hookimpl

LANDING_VIEW = "stca_statements"


async def landing_path(datasette) -> str | None:
    for name, db in datasette.databases.items():
        if name.startswith("_"):
            continue
        if LANDING_VIEW in await db.view_names():
            return f"/{name}/{LANDING_VIEW}"
    return None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def landing(scope, receive, send):
            if scope.get("type") == "http" and scope.get("path") == "/" and scope.get("method") == "GET":
                target = await landing_path(datasette)
                if target:
                    await send({"type": "http.response.start", "status": 302,
                                "headers": [(b"location", target.encode()), (b"content-length", b"0")]})
                    await send({"type": "http.response.body", "body": b""})
                    return
            await app(scope, receive, send)
        return landing
    return wrap
