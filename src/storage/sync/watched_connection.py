"""The psycopg connection a remote uses: every wait for the server is bounded.

Kept apart from :mod:`flowdesk.storage.sync.remote` so that importing that
module (every start of the window lists the workspace's remotes) does not
import psycopg (~50 ms); ``open_remote`` imports this when it connects.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from typing import Any

import psycopg
from psycopg.waiting import Ready

from flowdesk.storage.host_lookup import HostLookupError, with_addresses


class SilentRemote(psycopg.OperationalError):
    """The server sent nothing for longer than the I/O timeout; the socket was closed."""


class UnresolvedHost(psycopg.OperationalError):
    """The remote's host name is unknown, or the name server did not answer in time."""


class WatchedConnection(psycopg.Connection):  # type: ignore[type-arg]
    """A psycopg connection whose every wait for the server gives up after ``io_timeout``
    seconds of silence.

    psycopg waits for the socket in short intervals (``interval``) and resumes
    the protocol generator with ``Ready.NONE`` each time nothing arrived; the
    generator below counts that silence and, past the bound, closes the
    connection (its state mid-reply is unknown) and raises :class:`SilentRemote`,
    which SQLAlchemy sees as a lost connection. Any byte resets the clock, so a
    long but flowing reply (a big pull) is never cut.
    """

    io_timeout: float  # set by open_remote on every new connection

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        return super().wait(self._watched(gen), interval=interval, timeout=timeout)

    def _watched(self, gen: Generator[Any, Any, Any]) -> Generator[Any, Any, Any]:
        bound = self.io_timeout
        last = time.monotonic()
        try:
            state = next(gen)
        except StopIteration as done:
            return done.value
        while True:
            ready = yield state
            now = time.monotonic()
            if ready:
                last = now
            elif now - last > bound:
                gen.close()
                self.pgconn.finish()
                raise SilentRemote(
                    f"the server sent nothing for {bound:g} s (network or server silent); "
                    "gave up waiting"
                )
            try:
                state = gen.send(ready if ready else Ready.NONE)
            except StopIteration as done:
                return done.value


def connect_watched(args: tuple[Any, ...], params: dict[str, Any], *, io_timeout: float,
                    lookup_timeout: float) -> WatchedConnection:
    """A :class:`WatchedConnection` to ``params``, its host names looked up first within
    ``lookup_timeout`` seconds (psycopg's own lookup has no bound)."""
    try:
        resolved = with_addresses(params, lookup_timeout)
    except HostLookupError as exc:
        raise UnresolvedHost(str(exc)) from None
    connection = WatchedConnection.connect(*args, **resolved)
    connection.io_timeout = io_timeout
    return connection
