"""Remote profiles: passwords stay in the keyring, URLs are masked, unreachable servers fail fast."""

from __future__ import annotations

import logging
import secrets
import socket
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from tests.storage.sync.sync_support import (
    edit_node,
    publish_on_remote,
    start_draft,
    two_step_document,
)
from tests.support.sync import MemoryKeyring

from flowdesk.storage.database import Database
from flowdesk.storage.errors import DatabaseUnavailable
from flowdesk.storage.sync.publish import Published, publish_draft
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import (
    KEYRING_SERVICE,
    Remote,
    RemoteError,
    RemoteProfile,
    keyring_usable,
    mask_url,
    open_remote,
    probe_remote,
    store_password,
    stored_password,
)
from flowdesk.storage.sync.tables import SyncBase

Factory = Callable[[str], Database]


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word (a hung server)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


def test_a_profile_never_holds_the_password_it_was_typed_with() -> None:
    profile, password = RemoteProfile.parse("postgresql://alice:hunter2@db.example:5433/catalog")
    assert password == "hunter2"
    assert profile.user == "alice"
    assert "hunter2" not in profile.url and "hunter2" not in repr(profile)
    assert "hunter2" not in str(profile.to_settings())
    assert RemoteProfile.from_settings(profile.to_settings()) == profile
    assert mask_url("postgresql://alice:hunter2@db.example/catalog") == (
        "postgresql+psycopg://alice:***@db.example/catalog"
    )
    with pytest.raises(ValueError, match="never holds a password"):
        RemoteProfile("postgresql://alice:hunter2@db.example/catalog")


def test_passwords_live_in_the_keyring_under_the_flowdesk_service(
    memory_keyring: MemoryKeyring,
) -> None:
    profile = RemoteProfile("postgresql://db.example/catalog", user="alice")
    assert stored_password(profile) is None
    assert store_password(profile, "pw-1")
    assert memory_keyring.entries == {
        (KEYRING_SERVICE, "postgresql+psycopg://alice@db.example/catalog"): "pw-1"
    }
    assert stored_password(profile) == "pw-1"


def test_without_a_usable_keyring_the_password_must_be_asked_for(
    caplog: pytest.LogCaptureFixture,
) -> None:
    keyring.set_keyring(fail.Keyring())
    profile = RemoteProfile("postgresql://db.example/catalog", user="alice")
    assert stored_password(profile) is None
    assert store_password(profile, "pw-2") is False
    assert "pw-2" not in caplog.text


def test_an_unreachable_remote_fails_fast_with_a_masked_url() -> None:
    secret = f"pw-{secrets.token_hex(8)}"
    profile, password = RemoteProfile.parse(f"postgresql://postgres:{secret}@127.0.0.1:1/catalog")
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as caught:
        open_remote(profile, password)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert "cannot reach remote postgresql+psycopg://postgres@127.0.0.1:1/catalog" in message
    assert secret not in "".join(traceback.format_exception(caught.value))


def test_a_hung_server_is_given_up_on_within_the_connect_timeout(silent_server: int) -> None:
    profile = RemoteProfile(f"postgresql://postgres@127.0.0.1:{silent_server}/catalog")
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable, match="cannot reach remote"):
        open_remote(profile)
    elapsed = time.monotonic() - started
    assert 1 <= elapsed < 6.5  # the 5 s connect timeout, plus scheduling slack


def test_a_database_that_is_not_a_catalog_is_refused_by_name(remote_url: str) -> None:
    # The postgres maintenance database is reachable but has no workflow tables.
    url = remote_url.rsplit("/", 1)[0] + "/postgres"
    with pytest.raises(RemoteError, match="missing table.*workflows"):
        open_remote(RemoteProfile(url))


def test_the_password_appears_in_no_log_exception_setting_or_workspace_byte(
    remote_url: str, make_workspace: Factory, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = f"pw-{secrets.token_hex(8)}"
    # The test server trusts local connections, so any password gets in; it is still sent.
    profile, _ = RemoteProfile.parse(remote_url)
    store_password(profile, secret)
    remote = open_remote(profile)
    try:
        assert secret not in repr(remote) and secret not in remote.display_url
        source = make_workspace("source")
        publish_on_remote(remote_url, "acme", "flow", two_step_document())
        pull(source, remote)
        start_draft(source, "acme", "flow", edit_node(two_step_document(), "wait", name="New"))
        assert isinstance(publish_draft(source, remote, "acme", "flow"), Published)
    finally:
        remote.dispose()
    source.dispose()

    assert secret not in caplog.text
    assert "remote" in caplog.text  # the log did speak about the remote, masked
    assert secret not in str(profile.to_settings())
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("source.sqlite*"))
    assert stored and secret.encode() not in stored
    assert profile.url.encode() in stored  # the remote is recorded, without its password
    assert {"flowdesk_remote", "flowdesk_sync_state"} <= {t.name for t in SyncBase.metadata.sorted_tables}


def test_the_window_can_probe_whether_a_remote_is_reachable(remote_url: str) -> None:
    assert probe_remote(RemoteProfile(remote_url)).reachable
    down = probe_remote(RemoteProfile("postgresql://postgres@127.0.0.1:1/catalog"))
    assert not down.reachable and "cannot reach remote" in down.message


def test_keyring_usable_tells_whether_passwords_can_be_remembered() -> None:
    assert keyring_usable()  # the test's in-memory keyring
    keyring.set_keyring(fail.Keyring())
    assert not keyring_usable()


def test_a_missing_password_error_says_where_the_password_comes_from(remote: Remote) -> None:
    error = remote.unavailable("cannot reach", RuntimeError("fe_sendauth: no password supplied"))
    assert "no password supplied" in str(error)
    assert "--ask-password --save-password" in str(error)
