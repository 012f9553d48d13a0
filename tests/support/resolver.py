"""A stand-in for the system resolver: chosen names hang, are unknown, or map to addresses.

Installed over ``socket.getaddrinfo`` (what Flowdesk's bounded lookup and
psycopg's own lookup call); every other name goes to the real resolver. A
hanging lookup is released when the test ends, so no thread outlives it for long.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

#: Far above any bound under test: only a hang (the bug) gets near it.
HANG = 60.0


class FakeResolver:
    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.release = threading.Event()
        self.hanging: set[str] = set()
        self.unknown: set[str] = set()
        self.addresses: dict[str, list[str]] = {}
        self.asked: list[str] = []

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name in self.hanging:
            self.asked.append(name)
            self.release.wait(HANG)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        if name in self.unknown:
            self.asked.append(name)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if name in self.addresses:
            self.asked.append(name)
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM,
                 socket.IPPROTO_TCP, "", (a, int(port or 0)))
                for a in self.addresses[name]
            ]
        return self.real(host, port, *args, **kwargs)


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeResolver]:
    fake = FakeResolver(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    try:
        yield fake
    finally:
        fake.release.set()
