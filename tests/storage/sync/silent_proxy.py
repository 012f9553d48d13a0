"""A tiny TCP proxy in front of the test PostgreSQL that can go silent on command.

It models the network faults no server error reports: a link that accepts the
connection and then forwards nothing (``silent_from_start``), or one that stops
in the middle of a reply (:meth:`SilentProxy.silence_after`). Sockets stay open
while silent, so nothing but a client-side bound can end the wait. Loopback
only; every thread stops when the proxy is closed.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from tests.support.postgres import HOST, PORT


class SilentProxy:
    """Forwards 127.0.0.1:<port> to the test server until told to go silent."""

    def __init__(self, *, silent_from_start: bool = False) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.silent = threading.Event()
        if silent_from_start:
            self.silent.set()
        self._budget: int | None = None  # server bytes still forwarded once armed
        self._block_client = True  # silent both ways, or only the server's replies
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, remote_url: str) -> str:
        """``remote_url`` pointed at the proxy instead of the server."""
        return remote_url.replace(f"{HOST}:{PORT}", f"127.0.0.1:{self.port}")

    def silence_after(self, server_bytes: int, *, replies_only: bool = False) -> None:
        """Forward ``server_bytes`` more bytes of the server's replies, then nothing at all
        (with ``replies_only``, what the client sends still reaches the server)."""
        with self._lock:
            self._block_client = not replies_only
            self._budget = server_bytes
            if server_bytes <= 0:
                self.silent.set()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self._sockets.append(client)
            if self.silent.is_set():
                continue  # accepted, never answered
            server = socket.create_connection((HOST, PORT))
            self._sockets.append(server)
            threading.Thread(target=self._pipe, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, True), daemon=True).start()

    def _allowance(self, size: int) -> int:
        with self._lock:
            if self.silent.is_set():
                return 0
            if self._budget is None:
                return size
            allowed = min(size, self._budget)
            self._budget -= allowed
            if self._budget <= 0:
                self.silent.set()
            return allowed

    def _pipe(self, source: socket.socket, target: socket.socket, from_server: bool) -> None:
        with suppress(OSError):
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if from_server:
                    data = data[: self._allowance(len(data))]
                elif self.silent.is_set() and self._block_client:
                    data = b""
                if data:
                    target.sendall(data)
        # a silent link holds the other end open; only close() ends it

    def close(self) -> None:
        self._closed.set()
        with suppress(OSError):
            self.listener.close()
        for s in self._sockets:
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            with suppress(OSError):
                s.close()


@contextmanager
def silent_proxy(*, silent_from_start: bool = False) -> Iterator[SilentProxy]:
    proxy = SilentProxy(silent_from_start=silent_from_start)
    try:
        yield proxy
    finally:
        proxy.close()
