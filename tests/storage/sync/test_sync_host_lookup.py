"""The remote's host name is looked up within the connect timeout: a name server that never
answers fails pull and publish in seconds with one clear line, and the workspace is unchanged;
names that do resolve still connect, with the password and TLS settings passed on."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text
from tests.storage.sync.sync_support import edit_node, publish_on_remote, two_step_document
from tests.storage.sync.test_sync_silence import _draft, _pulled_with_draft, _tables, within
from tests.support.postgres import HOST, PORT, temporary_database
from tests.support.resolver import HANG, FakeResolver, resolver  # noqa: F401 (fixture)

from flowdesk.storage import database
from flowdesk.storage.database import Database, open_database
from flowdesk.storage.errors import DatabaseUnavailable
from flowdesk.storage.host_lookup import HostLookupError, lookup, needs_lookup, with_addresses
from flowdesk.storage.sync import watched_connection
from flowdesk.storage.sync.publish import publish_draft
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import RemoteProfile, open_remote, store_password

TENANT, KEY = "acme", "invoice-sync"
NAME = "catalog.example.test"
Factory = Callable[[str], Database]


def at(remote_url: str, host: str) -> str:
    """``remote_url`` with its server named ``host`` instead of the test server's address."""
    return remote_url.replace(f"{HOST}:{PORT}", f"{host}:{PORT}")


def timed(fn: Callable[[], Any]) -> tuple[float, BaseException]:
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as caught:
        within(HANG, fn)
    return time.monotonic() - started, caught.value


def test_a_pull_whose_name_server_never_answers_fails_within_the_connect_timeout(
    resolver: FakeResolver, remote_url: str, remote: Any, make_workspace: Factory,  # noqa: F811
) -> None:
    publish_on_remote(remote_url, TENANT, KEY, two_step_document())
    ws = make_workspace("ws")
    pull(ws, remote)  # the workspace already holds v1
    publish_on_remote(remote_url, TENANT, KEY, edit_node(two_step_document(), "wait", name="v2"))
    before = _tables(ws)
    resolver.hanging.add(NAME)
    hung = open_remote(RemoteProfile(at(remote_url, NAME)), check=False, connect_timeout=1)
    try:
        elapsed, error = timed(lambda: pull(ws, hung))
    finally:
        hung.dispose()
    assert 0.9 <= elapsed < 3.0
    message = str(error)
    assert "\n" not in message
    assert f"could not resolve host '{NAME}' within 1 s" in message
    assert f"{NAME}:{PORT}" in message  # which remote
    assert resolver.asked[0] == NAME
    assert _tables(ws) == before  # nothing pulled, nothing half-written


def test_opening_a_remote_whose_name_server_hangs_fails_the_same_way(
    resolver: FakeResolver, remote_url: str,  # noqa: F811
) -> None:
    resolver.hanging.add(NAME)
    profile = RemoteProfile(at(remote_url, NAME))
    elapsed, error = timed(lambda: open_remote(profile, connect_timeout=2))
    assert 1.9 <= elapsed < 4.0
    assert str(error).startswith(f"cannot reach remote {profile.display_url}: ")
    assert f"could not resolve host '{NAME}' within 2 s" in str(error)


def test_a_publish_whose_name_server_hangs_sends_nothing_and_keeps_the_draft(
    resolver: FakeResolver, remote_url: str, remote: Any, make_workspace: Factory,  # noqa: F811
) -> None:
    ws = make_workspace("ws")
    _pulled_with_draft(remote, remote_url, ws)
    before = _draft(ws)
    resolver.hanging.add(NAME)
    hung = open_remote(RemoteProfile(at(remote_url, NAME)), check=False, connect_timeout=1)
    try:
        elapsed, error = timed(lambda: publish_draft(ws, hung, TENANT, KEY))
    finally:
        hung.dispose()
    assert elapsed < 3.0 and f"could not resolve host '{NAME}' within 1 s" in str(error)
    assert _draft(ws) == before
    with remote.connect() as c:
        assert c.execute(text('SELECT count(*) FROM workflow_versions')).scalar() == 1


def test_an_unknown_host_is_named_in_one_line(resolver: FakeResolver,  # noqa: F811
                                              remote_url: str) -> None:
    resolver.unknown.add("nowhere.example.test")
    profile = RemoteProfile(at(remote_url, "nowhere.example.test"))
    _, error = timed(lambda: open_remote(profile))
    assert str(error) == (
        f"cannot reach remote {profile.display_url}: "
        "could not resolve host 'nowhere.example.test': Name or service not known"
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_real_connect_by_address_or_by_name_still_works(remote_url: str, host: str) -> None:
    profile = RemoteProfile(at(remote_url, host) + "?sslmode=disable")
    remote = open_remote(profile)  # checks the catalog's tables
    try:
        with remote.connect() as c:
            info = c.connection.dbapi_connection.info  # type: ignore[union-attr]
            assert info.host == host and info.hostaddr == "127.0.0.1"
            assert c.execute(text("SELECT current_setting('application_name')")).scalar() \
                == "flowdesk-sync"
    finally:
        remote.dispose()


def test_the_looked_up_address_is_used_and_password_and_tls_settings_pass_through(
    resolver: FakeResolver, remote_url: str, memory_keyring: Any,  # noqa: ARG001, F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The name exists only in our resolver: libpq could not have looked it up itself."""
    resolver.addresses[NAME] = ["127.0.0.1"]
    seen: list[dict[str, Any]] = []
    real_connect = watched_connection.WatchedConnection.connect

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs)
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(watched_connection.WatchedConnection, "connect", recording)
    profile = RemoteProfile(at(remote_url, NAME) + "?sslmode=disable&target_session_attrs=any")
    store_password(profile, "from-the-keyring")
    remote = open_remote(profile)
    try:
        with remote.connect() as c:
            assert c.connection.dbapi_connection.info.host == NAME  # type: ignore[union-attr]
    finally:
        remote.dispose()
    params = seen[0]
    assert (params["host"], params["hostaddr"]) == (NAME, "127.0.0.1")
    assert params["password"] == "from-the-keyring"
    assert params["sslmode"] == "disable" and params["target_session_attrs"] == "any"
    assert params["connect_timeout"] == 5


def test_every_address_of_a_name_becomes_an_attempt_in_order(resolver: FakeResolver,  # noqa: F811
                                                              ) -> None:
    resolver.addresses["db.example.test"] = ["192.0.2.7", "2001:db8::7"]
    params = {"host": "db.example.test,/run/postgresql,192.0.2.9", "port": 5433,
              "password": "pw", "sslmode": "verify-full"}
    assert with_addresses(params, 1) == {
        "host": "db.example.test,db.example.test,/run/postgresql,192.0.2.9",
        "hostaddr": "192.0.2.7,2001:db8::7,,192.0.2.9",
        "port": "5433,5433,5433,5433",
        "password": "pw", "sslmode": "verify-full",
    }


def test_a_name_that_fails_is_skipped_while_another_resolves(resolver: FakeResolver,  # noqa: F811
                                                              ) -> None:
    resolver.unknown.add("gone.example.test")
    resolver.addresses["db.example.test"] = ["192.0.2.7"]
    assert with_addresses({"host": "gone.example.test,db.example.test", "port": "1,2"}, 1) == {
        "host": "db.example.test", "hostaddr": "192.0.2.7", "port": "2",
    }


def test_sockets_literals_and_given_addresses_are_not_looked_up(resolver: FakeResolver,  # noqa: F811
                                                                 ) -> None:
    for params in ({"host": "/run/postgresql"}, {"host": "127.0.0.1"}, {"host": "::1"},
                   {"host": NAME, "hostaddr": "192.0.2.1"}, {"dbname": "x"}):
        assert with_addresses(params, 1) == params
    assert resolver.asked == []
    assert not needs_lookup("fe80::1%eth0") and not needs_lookup("C:\\pg") and needs_lookup(NAME)


def test_a_hanging_lookup_gives_up_on_time(resolver: FakeResolver) -> None:  # noqa: F811
    resolver.hanging.add(NAME)
    started = time.monotonic()
    with pytest.raises(HostLookupError, match=f"could not resolve host '{NAME}' within 0.3 s"):
        lookup(NAME, 0.3)
    assert time.monotonic() - started < 1.5


def test_a_server_workspace_whose_name_server_hangs_fails_to_open_in_time(
        resolver: FakeResolver, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setattr(database, "PG_CONNECT_TIMEOUT_S", 1)
    resolver.hanging.add(NAME)
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as caught:
        within(HANG, lambda: open_database(f"postgresql+psycopg://postgres@{NAME}:{PORT}/x"))
    assert time.monotonic() - started < 5
    assert str(caught.value) == (
        f"cannot open database postgresql+psycopg://postgres@{NAME}:{PORT}/x: "
        f"could not resolve host '{NAME}' within 1 s (the name server did not answer)")


def test_a_server_workspace_by_name_still_opens() -> None:
    with temporary_database() as url:
        db = open_database(at(url, "localhost"), upgrade=True)
        try:
            with db.engine.connect() as c:
                info = c.connection.dbapi_connection.info  # type: ignore[union-attr]
                assert (info.host, info.hostaddr) == ("localhost", "127.0.0.1")
        finally:
            db.engine.dispose()
