"""Remote profiles: URL and user in settings, passwords in the keyring or in memory only."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import QSettings

from flowdesk.app.sync.profiles import ProfileStore, SessionPasswords
from flowdesk.app.sync.profiles_dialog import RemoteProfilesDialog
from flowdesk.storage.sync.remote import KEYRING_SERVICE, RemoteProfile

SECRET = "s3cret-Pa55"


def settings_text(settings: QSettings) -> str:
    settings.sync()
    return Path(settings.fileName()).read_text(encoding="utf-8")


def fill(dialog: RemoteProfilesDialog, name: str, url: str, user: str, password: str) -> None:
    dialog.add_profile()
    dialog.name_edit.setText(name)
    dialog.url_edit.setText(url)
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)


def test_the_password_goes_to_the_keyring_never_to_settings(qtbot, sync_settings,
                                                            memory_keyring) -> None:
    store, passwords = ProfileStore(sync_settings), SessionPasswords()
    dialog = RemoteProfilesDialog(store, passwords)
    qtbot.addWidget(dialog)
    assert dialog.save_password.isEnabled() and dialog.save_password.isChecked()
    fill(dialog, "Shared", "postgresql://db.example:5432/catalog", "alice", SECRET)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    [profile] = store.profiles()
    assert (profile.name, profile.user) == ("Shared", "alice")
    assert store.current() == profile
    assert memory_keyring.entries[(KEYRING_SERVICE, profile.keyring_username)] == SECRET
    text = settings_text(sync_settings)
    assert "db.example" in text and SECRET not in text
    # a new session finds it in the keyring without asking
    assert SessionPasswords(prompt=lambda p: pytest.fail("asked")).get(profile) == SECRET


def test_a_password_typed_into_the_url_is_split_off(qtbot, sync_settings, memory_keyring) -> None:
    store = ProfileStore(sync_settings)
    dialog = RemoteProfilesDialog(store, SessionPasswords())
    qtbot.addWidget(dialog)
    fill(dialog, "Inline", f"postgresql://bob:{SECRET}@db.example/catalog", "", "")
    dialog.save()
    [profile] = store.profiles()
    assert profile.user == "bob" and SECRET not in profile.url
    assert SECRET not in settings_text(sync_settings)
    assert memory_keyring.entries[(KEYRING_SERVICE, profile.keyring_username)] == SECRET


def test_without_a_keyring_the_password_lives_in_memory_for_the_session(
        qtbot, sync_settings) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the autouse fixture restores it
    store, passwords = ProfileStore(sync_settings), SessionPasswords()
    dialog = RemoteProfilesDialog(store, passwords)
    qtbot.addWidget(dialog)
    assert not dialog.save_password.isEnabled()
    assert "this session only" in dialog.keyring_note.text()
    fill(dialog, "Shared", "postgresql://db.example/catalog", "alice", SECRET)
    dialog.save()
    [profile] = store.profiles()
    assert passwords.get(profile, ask=False) == SECRET  # this session
    asked: list[RemoteProfile] = []
    next_session = SessionPasswords(prompt=lambda p: asked.append(p) or "typed")
    assert next_session.get(profile) == "typed" and asked == [profile]  # asked again
    assert next_session.get(profile) == "typed" and len(asked) == 1  # once per session
    assert SECRET not in settings_text(sync_settings)


def test_a_bad_url_is_refused_with_a_message(qtbot, sync_settings) -> None:
    store = ProfileStore(sync_settings)
    dialog = RemoteProfilesDialog(store, SessionPasswords())
    qtbot.addWidget(dialog)
    fill(dialog, "Bad", "mysql://db.example/x", "", "")
    dialog.save()
    assert "PostgreSQL" in dialog.error.text()
    assert store.profiles() == []


def test_removing_a_profile_forgets_its_password(qtbot, sync_settings, memory_keyring) -> None:
    store, passwords = ProfileStore(sync_settings), SessionPasswords()
    profile = RemoteProfile("postgresql://db.example/catalog", "alice")
    store.set_profiles([profile])
    passwords.remember(profile, SECRET, save=True)
    dialog = RemoteProfilesDialog(store, passwords)
    qtbot.addWidget(dialog)
    dialog.remove_profile()
    assert memory_keyring.entries  # nothing is forgotten until Save
    dialog.save()
    assert store.profiles() == [] and memory_keyring.entries == {}
