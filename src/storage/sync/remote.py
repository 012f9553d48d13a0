"""A remote profile (the shared PostgreSQL catalog) and how to reach it safely.

The password never lives in the profile, in settings, in logs or in the
workspace: it comes from the system keyring (service ``flowdesk``), or is asked
for and passed in for the session. Every URL this module shows is masked.

Every network wait is bounded, so a remote that goes silent (a dead link, a
proxy that keeps the socket open and forwards nothing) fails within seconds
with a :class:`DatabaseUnavailable` naming the server, instead of hanging:

- looking the host name up gives up after ``connect_timeout`` too: the lookup
  runs on a thread of ours (:mod:`flowdesk.storage.host_lookup`) and libpq gets
  the address as ``hostaddr`` (``host`` stays, for TLS and messages), since
  psycopg's and libpq's own lookups block before any timeout applies;
- connecting (TCP, TLS, authentication) gives up after ``connect_timeout``
  (:data:`CONNECT_TIMEOUT_S`; libpq's ``connect_timeout``);
- once connected, every wait for the server's bytes gives up after
  ``io_timeout`` seconds *without a byte* (the profile's :attr:`~RemoteProfile.timeout`,
  by default :data:`IO_TIMEOUT_S`): the psycopg connection's wait loop is
  watched, and a silent socket is closed;
- the server itself cancels a statement running longer than ``statement_timeout``
  (a little under ``io_timeout``) and a lock wait longer than ``lock_timeout``,
  so a slow server answers with its own error before the client gives up.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError

from flowdesk.model.canonical import canonical_json
from flowdesk.storage.addresses import check_address
from flowdesk.storage.dberrors import sqlstate
from flowdesk.storage.errors import DatabaseUnavailable, StorageError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "flowdesk"
#: Upper bound for reaching the server (libpq ``connect_timeout``, per address; at least 2).
CONNECT_TIMEOUT_S = 5
#: Longest silence (no byte from the server) a connected remote is allowed before giving up.
IO_TIMEOUT_S = 10.0
#: Longest wait for a row lock (another publisher of the same workflow) before a retryable error.
LOCK_TIMEOUT_MS = 5000
#: A transaction left open by a client that vanished holds its locks at most this long.
IDLE_IN_TRANSACTION_MS = 60_000
MASK = "***"
QUERY_CANCELED = "57014"
REQUIRED_TABLES = ("tenants", "connections", "workflows", "workflow_versions")


class RemoteError(StorageError):
    """The remote is reachable but not usable (not a Flowdesk/Prisma catalog)."""


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        # The raw text may hold a password: say what is wrong without echoing it.
        raise DatabaseUnavailable("the remote is not a valid PostgreSQL URL") from exc
    check_address(parsed, "the remote")
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise DatabaseUnavailable(
            f"the remote must be a PostgreSQL URL, not {parsed.get_backend_name()!r}"
        )
    return parsed.set(drivername="postgresql+psycopg")


def mask_url(url: str | URL) -> str:
    """The URL as it may be shown or logged: any password replaced by ``***``."""
    parsed = url if isinstance(url, URL) else _parse(url)
    return parsed.render_as_string(hide_password=True)


@dataclass(frozen=True)
class RemoteProfile:
    """Where the shared catalog is: a PostgreSQL URL without password, the user, and how
    long a silent remote is waited for (``timeout``, seconds; a slow link may need more).

    ``RemoteProfile.parse("postgresql://alice:pw@host/db")`` splits a typed URL;
    the inline password (if any) is returned separately and never kept here.
    """

    url: str
    user: str | None = None
    name: str = ""
    timeout: float = IO_TIMEOUT_S

    def __post_init__(self) -> None:
        object.__setattr__(self, "timeout", check_timeout(self.timeout))
        parsed = _parse(self.url)
        if parsed.password is not None:
            raise ValueError("a RemoteProfile never holds a password; use RemoteProfile.parse")
        if self.user is None and parsed.username:
            object.__setattr__(self, "user", parsed.username)
        clean = parsed.set(username=self.user) if self.user else parsed
        object.__setattr__(self, "url", clean.render_as_string(hide_password=False))

    @classmethod
    def parse(
        cls, url: str, user: str | None = None, name: str = "", timeout: float = IO_TIMEOUT_S
    ) -> tuple[RemoteProfile, str | None]:
        """Split ``url`` into a profile and the password it carried (``None`` if none)."""
        parsed = _parse(url)
        password = parsed.password
        profile = cls(parsed._replace(password=None).render_as_string(hide_password=False),
                      user or parsed.username, name, timeout)
        return profile, password

    @property
    def display_url(self) -> str:
        """Safe to print: there is no password in a profile's URL."""
        return self.url

    @property
    def keyring_username(self) -> str:
        """The keyring entry's user name: the profile URL (with its user), no password."""
        return self.url

    def sqlalchemy_url(self, password: str | None) -> URL:
        parsed = _parse(self.url)
        return parsed.set(password=password) if password else parsed

    def to_settings(self) -> dict[str, str]:
        """What settings files may store: URL, user, name and timeout, never a password."""
        return {"url": self.url, "user": self.user or "", "name": self.name,
                "timeout": repr(self.timeout)}

    @classmethod
    def from_settings(cls, data: dict[str, Any]) -> RemoteProfile:
        """The profile :meth:`to_settings` wrote; an entry without a timeout (written before
        there was one) gets the default."""
        timeout = data.get("timeout")
        return cls(str(data["url"]), data.get("user") or None, str(data.get("name") or ""),
                   IO_TIMEOUT_S if timeout in (None, "") else check_timeout(timeout))


def check_timeout(value: Any) -> float:
    """``value`` as a timeout in seconds; ValueError naming it unless it is a number above 0."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"the remote timeout must be a number of seconds, not {value!r}") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"the remote timeout must be more than 0 seconds, not {value!r}")
    return seconds


# ------------------------------------------------------------------ keyring


def _keyring() -> ModuleType:
    """The keyring package, imported on first use: loading it takes ~30 ms that every
    start of the window and the CLI would pay, and most never touch a password."""
    import keyring  # noqa: PLC0415
    import keyring.backends.fail  # noqa: PLC0415
    import keyring.errors  # noqa: PLC0415

    return keyring


def stored_password(profile: RemoteProfile) -> str | None:
    """The profile's password from the system keyring; ``None`` when absent or no keyring.

    With no usable backend (headless machine) this returns ``None`` and the
    caller asks for the password for the session.
    """
    keyring = _keyring()
    try:
        return keyring.get_password(KEYRING_SERVICE, profile.keyring_username)
    except keyring.errors.KeyringError as exc:
        log.info("keyring unavailable for %s: %s", profile.display_url, type(exc).__name__)
        return None


def keyring_usable() -> bool:
    """Whether a real keyring backend exists; without one the app asks for the password per session."""
    keyring = _keyring()
    try:
        backend = keyring.get_keyring()
    except keyring.errors.KeyringError:
        return False
    return not isinstance(backend, keyring.backends.fail.Keyring)


def store_password(profile: RemoteProfile, password: str) -> bool:
    """Save the password in the keyring; ``False`` when no usable keyring exists."""
    keyring = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, profile.keyring_username, password)
    except keyring.errors.KeyringError as exc:
        log.warning("cannot store password for %s: %s", profile.display_url, type(exc).__name__)
        return False
    return True


def forget_password(profile: RemoteProfile) -> None:
    keyring = _keyring()
    with suppress(keyring.errors.KeyringError):
        keyring.delete_password(KEYRING_SERVICE, profile.keyring_username)


# ------------------------------------------------------------------ connecting


def _reason(exc: BaseException) -> str:
    """The driver's first line, with no SQL or parameters (they could carry data)."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


@dataclass
class Remote:
    """An opened remote: an engine with a short connect timeout and a small, checked pool.

    ``pool_pre_ping`` tests a pooled connection before handing it out, so one the
    server killed (restart, ``pg_terminate_backend``) is replaced, never reused;
    keeping two connections saves a connect (several ms) on every publish.
    """

    profile: RemoteProfile
    engine: Engine
    _secret: str | None = field(default=None, repr=False)
    _tables: dict[str, bool] = field(default_factory=dict, repr=False)

    @property
    def display_url(self) -> str:
        return self.profile.display_url

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection; unreachable server -> :class:`DatabaseUnavailable` within the timeout."""
        try:
            connection = self.engine.connect()
        except DBAPIError as exc:
            raise self.unavailable("cannot reach", exc) from None
        try:
            yield connection
        finally:
            with suppress(DBAPIError):
                connection.close()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One remote transaction: commits on success, rolls back (or is lost) on error."""
        with self.connect() as connection, connection.begin():
            yield connection

    def has_table(self, connection: Connection, name: str) -> bool:
        """Whether the remote has ``name`` (e.g. Flowdesk's optional bookkeeping); cached."""
        if name not in self._tables:
            found = connection.execute(text("SELECT to_regclass(:t)"), {"t": name}).scalar()
            self._tables[name] = found is not None
        return self._tables[name]

    def failure(self, exc: DBAPIError, doing: str) -> StorageError:
        """A driver error on the remote while ``doing`` (e.g. "pulling"), as a typed error.

        A lost or refused connection is :class:`DatabaseUnavailable`; anything else
        (permissions, a database guard) is a :class:`StorageError` naming the remote.
        """
        reason = _reason(exc)
        if self._secret:
            reason = reason.replace(self._secret, MASK)
        if sqlstate(exc) == QUERY_CANCELED:  # statement_timeout: the server gave up, not the link
            return DatabaseUnavailable(
                f"remote {self.display_url} did not finish {doing} within its time limit: {reason}"
            )
        if isinstance(exc, (OperationalError, InterfaceError)) or exc.connection_invalidated:
            return DatabaseUnavailable(
                f"lost the connection to remote {self.display_url} while {doing}: {reason}"
            )
        return StorageError(f"remote {self.display_url} refused {doing}: {reason}")

    def unavailable(self, doing: str, exc: BaseException) -> DatabaseUnavailable:
        reason = _reason(exc)
        if self._secret:
            reason = reason.replace(self._secret, MASK)
        hint = ""
        if "password" in reason.lower():
            hint = (
                "; the password comes from the system keyring (service 'flowdesk'): enter it "
                "once and store it (flowdesk pull/publish --ask-password --save-password)"
            )
        return DatabaseUnavailable(f"{doing} remote {self.display_url}: {reason}{hint}")

    def check(self) -> None:
        """Reachable and holds the platform's tables; raises otherwise."""
        with self.connect() as connection:
            try:
                missing = [
                    t for t in REQUIRED_TABLES
                    if connection.execute(text("SELECT to_regclass(:t)"), {"t": t}).scalar() is None
                ]
            except DBAPIError as exc:
                raise self.unavailable("cannot read", exc) from None
        if missing:
            raise RemoteError(
                f"remote {self.display_url} is not a workflow catalog: "
                f"missing table(s) {', '.join(missing)}"
            )

    def dispose(self) -> None:
        self.engine.dispose()


def open_remote(
    profile: RemoteProfile,
    password: str | None = None,
    *,
    check: bool = True,
    connect_timeout: int = CONNECT_TIMEOUT_S,
    io_timeout: float | None = None,
) -> Remote:
    """Open the remote; ``password=None`` looks it up in the keyring (may stay ``None``: trust/.pgpass).

    ``connect_timeout`` bounds looking the host up and reaching the server (at
    most :data:`CONNECT_TIMEOUT_S`), ``io_timeout`` every later silence
    (default: the profile's ``timeout``); see the module docstring.
    """
    io_timeout = profile.timeout if io_timeout is None else check_timeout(io_timeout)
    connect_s = max(1, min(int(connect_timeout), CONNECT_TIMEOUT_S))
    secret = password if password is not None else stored_password(profile)
    statement_ms = max(200, int(io_timeout * 800))  # the server speaks up before we give up
    lock_ms = min(LOCK_TIMEOUT_MS, statement_ms // 2)
    engine = create_engine(
        profile.sqlalchemy_url(secret),
        pool_size=2,
        max_overflow=2,
        pool_pre_ping=True,
        pool_recycle=300,
        json_serializer=canonical_json,
        hide_parameters=True,
        connect_args={
            "connect_timeout": connect_s,
            "application_name": "flowdesk-sync",
            "options": (
                f"-c lock_timeout={lock_ms} -c statement_timeout={statement_ms} "
                f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}"
            ),
        },
    )

    # psycopg itself is imported only here: opening a workspace never needs it.
    from flowdesk.storage.sync.watched_connection import connect_watched  # noqa: PLC0415

    @event.listens_for(engine, "do_connect")
    def _connect_watched(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        return connect_watched(tuple(cargs), cparams, io_timeout=io_timeout,
                               lookup_timeout=connect_s)

    remote = Remote(profile, engine, secret)
    if check:
        try:
            remote.check()
        except BaseException:
            engine.dispose()
            raise
    log.info("opened remote %s", profile.display_url)
    return remote


@dataclass(frozen=True, slots=True)
class RemoteStatus:
    """What the window shows next to a remote: reachable or not, and why not (masked)."""

    reachable: bool
    message: str


def probe_remote(profile: RemoteProfile, password: str | None = None, *,
                 io_timeout: float | None = None) -> RemoteStatus:
    """Try to reach the remote (the lookup and connect timeouts, then ``io_timeout``, default
    the profile's); never raises for a network fault."""
    try:
        remote = open_remote(profile, password, io_timeout=io_timeout)
    except (DatabaseUnavailable, RemoteError) as exc:
        return RemoteStatus(False, str(exc))
    remote.dispose()
    return RemoteStatus(True, f"remote {profile.display_url} is reachable")
