"""Settings → Remotes: add, edit and remove remote profiles, and enter their passwords.

The password field is written to the system keyring when "save in keyring"
is ticked and a keyring exists; otherwise it is kept for this session only.
It never reaches QSettings: the store writes :meth:`RemoteProfile.to_settings`.
Each remote also has its own timeout: how long a silent remote is waited for
before pull, publish or the online check give up (a slow link may need more).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flowdesk.app.sync.profiles import ProfileStore, SessionPasswords
from flowdesk.storage.errors import DatabaseUnavailable
from flowdesk.storage.sync.remote import CONNECT_TIMEOUT_S, IO_TIMEOUT_S, RemoteProfile

#: The spin box's range in seconds: above 0 (a remote is always given some time), at most an hour.
MIN_TIMEOUT_S, MAX_TIMEOUT_S = 0.5, 3600.0


class RemoteProfilesDialog(QDialog):
    """Edits the profile list; Save writes settings (and passwords where they belong)."""

    def __init__(self, store: ProfileStore, passwords: SessionPasswords,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Remotes")
        self.store, self.passwords = store, passwords
        self.profiles: list[RemoteProfile] = store.profiles()
        self._typed: dict[int, str] = {}  # row -> password typed in this dialog
        self._removed: list[RemoteProfile] = []
        self.list = QListWidget()
        self.name_edit, self.url_edit, self.user_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.url_edit.setPlaceholderText("postgresql://host:5432/catalog")
        self.timeout_edit = QDoubleSpinBox()
        self.timeout_edit.setRange(MIN_TIMEOUT_S, MAX_TIMEOUT_S)
        self.timeout_edit.setDecimals(1)
        self.timeout_edit.setSingleStep(1.0)
        self.timeout_edit.setSuffix(" s")
        self.timeout_edit.setValue(IO_TIMEOUT_S)
        self.timeout_edit.setToolTip(
            "Pull, publish and the online check give up when this remote sends nothing for "
            f"this long (finding and connecting to the server: at most {CONNECT_TIMEOUT_S} s)"
        )
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.save_password = QCheckBox("Save the password in the system keyring")
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        if not passwords.keyring_usable():
            self.save_password.setChecked(False)
            self.save_password.setEnabled(False)
            self.keyring_note.setText("No system keyring is available: the password is kept "
                                      "for this session only and asked for again next time.")
        else:
            self.save_password.setChecked(True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b42318")
        self.error.setWordWrap(True)
        add, remove = QPushButton("Add"), QPushButton("Remove")
        add.clicked.connect(self.add_profile)
        remove.clicked.connect(self.remove_profile)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Name:", self.name_edit)
        form.addRow("URL:", self.url_edit)
        form.addRow("User:", self.user_edit)
        form.addRow("Timeout:", self.timeout_edit)
        form.addRow("Password:", self.password_edit)
        form.addRow("", self.save_password)
        form.addRow("", self.keyring_note)
        left = QVBoxLayout()
        left.addWidget(self.list)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        left.addLayout(row)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addLayout(form, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        for profile in self.profiles:
            self.list.addItem(profile.name or profile.display_url)
        self._row = -1
        self.list.currentRowChanged.connect(self._on_row)
        if self.profiles:
            current = store.current()
            self.list.setCurrentRow(self.profiles.index(current) if current in self.profiles
                                    else 0)
        self.resize(720, 320)

    # ---------------------------------------------------------------- editing

    def _on_row(self, row: int) -> None:
        self._commit_form()
        self._row = row
        profile = self.profiles[row] if 0 <= row < len(self.profiles) else None
        self.name_edit.setText(profile.name if profile else "")
        self.url_edit.setText(profile.url if profile else "")
        self.user_edit.setText((profile.user or "") if profile else "")
        self.timeout_edit.setValue(profile.timeout if profile else IO_TIMEOUT_S)
        self.password_edit.setText(self._typed.get(row, ""))
        placeholder = ""
        if profile is not None and self.passwords.known(profile) is not None:
            placeholder = "(stored; type to replace)"
        self.password_edit.setPlaceholderText(placeholder)

    def _commit_form(self) -> bool:
        """Reads the form back into the current row; False (with a message) if the URL is bad."""
        row = self._row
        if not 0 <= row < len(self.profiles):
            return True
        try:
            profile, inline = RemoteProfile.parse(self.url_edit.text().strip(),
                                                  self.user_edit.text().strip() or None,
                                                  self.name_edit.text().strip(),
                                                  self.timeout_edit.value())
        except (DatabaseUnavailable, ValueError) as exc:
            self.error.setText(f"Remote {row + 1}: {exc}")
            return False
        self.profiles[row] = profile
        typed = inline or self.password_edit.text()
        if typed:
            self._typed[row] = typed
        self.list.item(row).setText(profile.name or profile.display_url)
        self.error.clear()
        return True

    def add_profile(self) -> None:
        if not self._commit_form():
            return
        self.profiles.append(RemoteProfile("postgresql://localhost:5432/flowdesk"))
        self.list.addItem("New remote")
        self.list.setCurrentRow(len(self.profiles) - 1)
        self.name_edit.setFocus()

    def remove_profile(self) -> None:
        row = self._row
        if not 0 <= row < len(self.profiles):
            return
        self._removed.append(self.profiles[row])  # its password is forgotten on Save
        del self.profiles[row]
        self._typed = {r - (r > row): p for r, p in self._typed.items() if r != row}
        self._row = -1
        self.list.takeItem(row)

    def save(self) -> None:
        if not self._commit_form():
            return
        for profile in self._removed:
            if profile not in self.profiles:
                self.passwords.forget(profile)
        for row, password in self._typed.items():
            self.passwords.remember(self.profiles[row], password,
                                    save=self.save_password.isChecked())
        self.store.set_profiles(self.profiles)
        if 0 <= self._row < len(self.profiles):
            self.store.set_current(self.profiles[self._row])
        self.accept()
