"""Each remote has its own timeout: set in the Remotes dialog, kept in settings (never with a
password), and used by pull, publish and the online check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from tests.app.diffview.samples import OLD
from tests.storage.sync.sync_support import publish_on_remote

from flowdesk.app.sync import controller as controller_module
from flowdesk.app.sync import reachability as reachability_module
from flowdesk.app.sync.controller import SyncController
from flowdesk.app.sync.profiles import SETTINGS_GROUP, ProfileStore, SessionPasswords
from flowdesk.app.sync.profiles_dialog import RemoteProfilesDialog
from flowdesk.model.document import load
from flowdesk.storage.sync.remote import (
    IO_TIMEOUT_S,
    KEYRING_SERVICE,
    RemoteProfile,
    RemoteStatus,
)

SECRET = "s3cret-Pa55"
URL = "postgresql://alice@db.example:5432/catalog"


def settings_text(settings: QSettings) -> str:
    settings.sync()
    return Path(settings.fileName()).read_text(encoding="utf-8")


def test_a_profile_keeps_its_timeout_through_settings(sync_settings: QSettings) -> None:
    store = ProfileStore(sync_settings)
    store.set_profiles([RemoteProfile(URL, name="slow link", timeout=42.5),
                        RemoteProfile("postgresql://db2.example/catalog")])
    slow, default = ProfileStore(sync_settings).profiles()  # as a new session reads them
    assert (slow.name, slow.timeout) == ("slow link", 42.5)
    assert default.timeout == IO_TIMEOUT_S
    assert RemoteProfile.from_settings(slow.to_settings()) == slow


def test_a_profile_saved_before_timeouts_existed_gets_the_default(sync_settings) -> None:
    sync_settings.beginWriteArray(SETTINGS_GROUP, 1)
    sync_settings.setArrayIndex(0)
    sync_settings.setValue("url", URL)
    sync_settings.endArray()
    [profile] = ProfileStore(sync_settings).profiles()
    assert profile == RemoteProfile(URL) and profile.timeout == IO_TIMEOUT_S


def test_a_hand_edited_bad_timeout_keeps_the_remote_with_the_default(
        sync_settings, caplog: pytest.LogCaptureFixture) -> None:
    ProfileStore(sync_settings).set_profiles([RemoteProfile(URL, timeout=3)])
    sync_settings.setValue(f"{SETTINGS_GROUP}/1/timeout", "-2")
    [profile] = ProfileStore(sync_settings).profiles()
    assert profile == RemoteProfile(URL) and profile.timeout == IO_TIMEOUT_S
    assert "more than 0 seconds, not '-2'" in caplog.text


@pytest.mark.parametrize("bad", [0, -1, float("nan"), "soon"])
def test_a_timeout_must_be_a_number_above_zero(bad: Any) -> None:
    with pytest.raises(ValueError, match="the remote timeout must be"):
        RemoteProfile(URL, timeout=bad)


def test_the_dialog_edits_each_remotes_timeout(qtbot, sync_settings, memory_keyring) -> None:
    store, passwords = ProfileStore(sync_settings), SessionPasswords()
    first = RemoteProfile(URL, name="first")
    store.set_profiles([first, RemoteProfile("postgresql://db2.example/catalog", name="second")])
    passwords.remember(first, SECRET, save=True)
    dialog = RemoteProfilesDialog(store, passwords)
    qtbot.addWidget(dialog)
    assert dialog.list.currentRow() == 0 and dialog.timeout_edit.value() == IO_TIMEOUT_S
    dialog.timeout_edit.setValue(2.5)
    dialog.list.setCurrentRow(1)
    dialog.timeout_edit.setValue(0)  # the spin box never goes down to 0
    assert dialog.timeout_edit.value() > 0
    dialog.timeout_edit.setValue(30)
    dialog.list.setCurrentRow(0)
    assert dialog.timeout_edit.value() == 2.5  # each row shows its own
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    edited, second = ProfileStore(sync_settings).profiles()
    assert (edited.timeout, second.timeout) == (2.5, 30.0)
    text = settings_text(sync_settings)
    assert "timeout=2.5" in text and SECRET not in text
    # the password stays attached to the remote whose timeout changed
    assert memory_keyring.entries[(KEYRING_SERVICE, edited.keyring_username)] == SECRET


@pytest.mark.postgres
def test_pull_publish_and_the_online_check_use_the_remotes_timeout(
        qtbot, workspace, remote_url: str, sync_settings: QSettings, monkeypatch) -> None:
    probed: list[float | None] = []

    def recording_probe(profile, password=None, *, io_timeout=None):  # type: ignore[no-untyped-def]
        probed.append(io_timeout)
        return RemoteStatus(True, "reachable")

    real_open = controller_module.open_remote
    opened: list[tuple[float | None, float]] = []  # (io_timeout asked for, what the link got)

    def recording_open(profile, password=None, **kw):  # type: ignore[no-untyped-def]
        remote = real_open(profile, password, **kw)
        with remote.connect() as connection:
            opened.append((kw.get("io_timeout"), connection.connection.dbapi_connection.io_timeout))
        return remote

    class EditTimeout(RemoteProfilesDialog):
        """The author sets 1.5 s in Remote › Remotes… and saves."""

        def exec(self) -> int:
            self.timeout_edit.setValue(1.5)
            self.save()
            return self.result()

    monkeypatch.setattr(reachability_module, "probe_remote", recording_probe)
    monkeypatch.setattr(controller_module, "open_remote", recording_open)
    monkeypatch.setattr(controller_module, "RemoteProfilesDialog", EditTimeout)
    ProfileStore(sync_settings).set_profiles([RemoteProfile(remote_url, name="shared")])
    parent = QWidget()
    qtbot.addWidget(parent)
    c = SyncController(workspace, parent, sync_settings, prompt=lambda p: None,
                       check_interval_ms=3_600_000)
    c.target = lambda: ("acme", "orders")
    qtbot.waitUntil(lambda: not c.status_widget.is_checking, timeout=15_000)
    assert c.edit_remotes()
    qtbot.waitUntil(lambda: not c.status_widget.is_checking, timeout=15_000)
    assert c.profile is not None and c.profile.timeout == 1.5
    assert probed == [IO_TIMEOUT_S, 1.5]  # the check at start, then the edited remote's

    publish_on_remote(remote_url, "acme", "orders", load(OLD))
    with qtbot.waitSignal(c.pulled, timeout=30_000):
        c.pull()
    qtbot.waitUntil(lambda: not c.busy)
    c.publish()  # no draft to send: refused, but only after reaching the remote
    qtbot.waitUntil(lambda: not c.busy, timeout=30_000)
    assert opened == [(1.5, 1.5), (1.5, 1.5)]
