"""Remote profiles in settings, and where their passwords come from.

Settings hold only the URL, the user, a display name and the timeout for a
silent remote (:meth:`RemoteProfile.to_settings`). Passwords live in the system keyring via
the sync engine's functions; with no usable keyring they are kept in
:class:`SessionPasswords` (memory only) and asked for again next session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from flowdesk.storage.sync.remote import (
    IO_TIMEOUT_S,
    RemoteProfile,
    check_timeout,
    forget_password,
    keyring_usable,
    store_password,
    stored_password,
)

log = logging.getLogger(__name__)

SETTINGS_GROUP = "remotes"

#: asks the user for a profile's password; returns None when they cancel
PasswordPrompt = Callable[[RemoteProfile], str | None]


class ProfileStore:
    """The list of remote profiles and the chosen one, in QSettings (never a password)."""

    def __init__(self, settings: QSettings) -> None:
        self._s = settings

    def profiles(self) -> list[RemoteProfile]:
        out = []
        size = self._s.beginReadArray(SETTINGS_GROUP)
        try:
            for i in range(size):
                self._s.setArrayIndex(i)
                data = {k: str(self._s.value(k, "") or "")
                        for k in ("url", "user", "name", "timeout")}
                try:
                    if data["timeout"]:
                        check_timeout(data["timeout"])
                except ValueError as exc:  # a hand-edited timeout: keep the remote, not the typo
                    log.warning("remote %d in settings: %s; using %g s", i + 1, exc, IO_TIMEOUT_S)
                    data["timeout"] = ""
                try:
                    out.append(RemoteProfile.from_settings(data))
                except (ValueError, KeyError, Exception):  # noqa: BLE001 - a hand-edited entry
                    continue
        finally:
            self._s.endArray()
        return out

    def set_profiles(self, profiles: list[RemoteProfile]) -> None:
        self._s.remove(SETTINGS_GROUP)
        self._s.beginWriteArray(SETTINGS_GROUP, len(profiles))
        for i, profile in enumerate(profiles):
            self._s.setArrayIndex(i)
            for key, value in profile.to_settings().items():
                self._s.setValue(key, value)
        self._s.endArray()
        current = self.current()
        if current is not None and current not in profiles:
            self.set_current(profiles[0] if profiles else None)
        self._s.sync()

    def current(self) -> RemoteProfile | None:
        """The profile pull and publish use (the first one when none was chosen)."""
        profiles = self.profiles()
        url = str(self._s.value(f"{SETTINGS_GROUP}_current", "") or "")
        for profile in profiles:
            if profile.url == url:
                return profile
        return profiles[0] if profiles else None

    def set_current(self, profile: RemoteProfile | None) -> None:
        self._s.setValue(f"{SETTINGS_GROUP}_current", profile.url if profile else "")
        self._s.sync()


def ask_password_dialog(parent: QWidget | None) -> PasswordPrompt:
    """A prompt that asks with a masked line edit."""

    def ask(profile: RemoteProfile) -> str | None:
        text, ok = QInputDialog.getText(
            parent, "Remote password",
            f"Password for {profile.user or 'the user'} on {profile.display_url}:",
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    return ask


class SessionPasswords:
    """Passwords for this session: keyring first, then memory, then the prompt.

    ``prompt`` is asked only when neither holds one; what it returns stays in
    memory for the session (and goes to the keyring only when the user chose
    to save it in the profiles dialog).
    """

    def __init__(self, prompt: PasswordPrompt | None = None) -> None:
        self._memory: dict[str, str] = {}
        self.prompt = prompt

    @staticmethod
    def keyring_usable() -> bool:
        return keyring_usable()

    def known(self, profile: RemoteProfile) -> str | None:
        """A password without asking (memory, then keyring); None when neither has one."""
        if profile.keyring_username in self._memory:
            return self._memory[profile.keyring_username]
        return stored_password(profile)

    def get(self, profile: RemoteProfile, *, ask: bool = True) -> str | None:
        known = self.known(profile)
        if known is not None or not ask or self.prompt is None:
            return known
        answer = self.prompt(profile)
        if answer:
            self._memory[profile.keyring_username] = answer
        return answer or None

    def remember(self, profile: RemoteProfile, password: str, *, save: bool) -> bool:
        """Keeps the password for the session; with ``save`` also in the keyring.

        Returns whether it went to the keyring (False without a usable one).
        """
        self._memory[profile.keyring_username] = password
        return store_password(profile, password) if save else False

    def forget(self, profile: RemoteProfile) -> None:
        self._memory.pop(profile.keyring_username, None)
        forget_password(profile)
