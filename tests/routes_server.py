"""A loopback HTTP server whose answers are scripted per path (headers, status, body).

Used to serve hostile input (gzip bombs, redirect loops, wrong content types) to a real crawl.
"""
from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from crawlers.loopback import serve_handler


class RouteHandler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        return

    def do_GET(self):  # noqa: N802
        server = self.server
        with server.hits_lock:
            server.hits[self.path] = server.hits.get(self.path, 0) + 1
        route = server.routes.get(self.path)
        if route is None:
            route = (404, {"Content-Type": "text/plain"}, b"not found")
        status, headers, body = route(server) if callable(route) else route
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_routes(routes: dict):
    """``routes``: path -> (status, headers, body) or a callable(server) returning one."""
    return serve_handler(RouteHandler, routes=routes)
