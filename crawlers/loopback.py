"""Serve a folder over HTTP on 127.0.0.1 for tests, the demo and benchmarks.

``http.server``'s default backlog drops connections under a crawler's load, so the server is a
``ThreadingHTTPServer`` with ``request_queue_size = 1024``.
"""
from __future__ import annotations

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class LoopbackServer(ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files; no request log on stderr; counts requests per path for tests."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".xml": "application/xml", ".XML": "application/xml", ".html": "text/html",
        "": "text/html",  # extensionless pages, as sencanada.ca's sittings and indexes are
    }

    def log_message(self, format, *args):  # noqa: A002 - signature from the stdlib
        return

    def do_GET(self):  # noqa: N802 - stdlib name
        hits = self.server.hits  # type: ignore[attr-defined]
        with self.server.hits_lock:  # type: ignore[attr-defined]
            hits[self.path] = hits.get(self.path, 0) + 1
        super().do_GET()


@contextlib.contextmanager
def serve_handler(handler, port: int = 0, **attributes):
    """Run ``handler`` on 127.0.0.1 in a background thread; yields the server (``.base_url``,
    ``.hits`` per path, plus ``attributes`` for the handler to read)."""
    server = LoopbackServer(("127.0.0.1", port), handler)
    server.hits, server.hits_lock = {}, threading.Lock()
    for name, value in attributes.items():
        setattr(server, name, value)
    server.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="loopback", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def serve_folder(root: str | Path, port: int = 0):
    """Serve the files under ``root`` on 127.0.0.1 (a context manager yielding the server)."""
    return serve_handler(functools.partial(QuietHandler, directory=str(root)), port)
