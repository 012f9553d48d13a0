"""Checks on the server address of a database URL before anything tries to connect.

``postgresql://x:99999/db`` or ``postgresql://[bad`` parse as URLs, and the
driver then fails far away ("failed to resolve host '[bad'", or an overflow
inside the socket layer). Checking the port range and the host's characters
here gives one message that names the part of the URL that is wrong. No
message repeats the URL itself: it may hold a password.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import URL

from flowdesk.storage.errors import DatabaseUnavailable

# A DNS name, an IPv4 address, an IPv6 address (brackets already removed), or
# libpq's comma-separated list of them; a socket directory starts with "/".
_HOST = re.compile(r"[A-Za-z0-9._\-:%,]+")


def check_address(url: URL, what: str = "the database") -> None:
    """Refuses a port outside 1-65535 and a host name with characters no host has."""
    if url.port is not None and not 1 <= url.port <= 65535:
        raise DatabaseUnavailable(
            f"{what}: port {url.port} is out of range (a port is 1 to 65535)"
        )
    host = url.host
    if host and not host.startswith("/") and not _HOST.fullmatch(host):
        shown = host if len(host) <= 60 else host[:57] + "..."
        raise DatabaseUnavailable(f"{what}: {shown!r} is not a valid host name or address")
