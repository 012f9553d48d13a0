"""Places a ``$ref`` could point to outside a schema, that notice being fetched.

A local HTTP server counts every request it receives, and a schema file on
disk would change the outcome if it were read; tests assert that neither
happens, whatever command validates the schema.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# What the targets hold: were it fetched, a number would fail with "not of type 'string'".
TARGET_SCHEMA = {"type": "string"}


@dataclass
class CountingServer:
    url: str
    requests: list[str] = field(default_factory=list)


@contextmanager
def counting_server() -> Iterator[CountingServer]:
    """An HTTP server on 127.0.0.1 serving :data:`TARGET_SCHEMA` at every path."""
    served = CountingServer("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            served.requests.append(self.path)
            body = json.dumps(TARGET_SCHEMA).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/schema+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.url = f"http://127.0.0.1:{server.server_address[1]}/schemas/target.json"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def schema_file(folder: Path) -> str:
    """A ``file://`` URI of a schema on disk holding :data:`TARGET_SCHEMA`."""
    path = folder / "target.schema.json"
    path.write_text(json.dumps(TARGET_SCHEMA), encoding="utf-8")
    return path.as_uri()


def referring_schema(uri: str) -> dict[str, object]:
    """A parameter schema whose ``amount`` is defined by ``uri`` (its default is checked too)."""
    return {"type": "object", "properties": {"amount": {"$ref": uri, "default": 5}}}
