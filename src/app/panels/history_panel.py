"""Version history of the open workflow: every version with its dates.

The panel lists and emits requests (open, make latest, new draft from,
compare two versions); the window performs them through the workspace and
refreshes the list. Two rows selected (Ctrl+click) compare with each other; one
published row compares with the draft. The rows' menu also compares one
version with the one before it, or with any version picked in a dialog.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

VERSION_ROLE = Qt.ItemDataRole.UserRole + 1


def format_when(moment: datetime | None) -> str:
    """Local time, minutes precision: what a person compares versions by."""
    if moment is None:
        return "—"
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def version_label(info: Any) -> str:
    if info.is_draft:
        return "Draft"
    return f"v{info.version}"


def state_label(info: Any) -> str:
    if info.is_draft:
        return "editing"
    return "published · latest" if info.is_latest else "published"


def previous_version(versions: list[Any], info: Any) -> Any | None:
    """What "Compare with previous" compares ``info`` with, in ``versions`` (newest first)."""
    published = [v for v in versions if not v.is_draft]
    if info.is_draft:
        base = next((v for v in published if v.id == info.based_on_id), None)
        return base if base is not None else (published[0] if published else None)
    older = [v for v in published if v.version < info.version]
    return max(older, key=lambda v: v.version) if older else None


class VersionHistoryPanel(QWidget):
    """A list of versions, newest first, with Open / Make latest / New draft from it."""

    open_requested = Signal(str)         # version id
    make_latest_requested = Signal(str)  # version id
    new_draft_requested = Signal(str)    # version id
    compare_requested = Signal(str, str)  # old version id, new version id
    compare_previous_requested = Signal(str)  # version id: with the one before it
    compare_with_requested = Signal(str)  # version id: with one the user picks

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("versionHistory")
        self.tree.setHeaderLabels(["Version", "State", "Created", "Published"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._show_menu)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.open_button = QPushButton("Open", self)
        self.latest_button = QPushButton("Make latest", self)
        self.draft_button = QPushButton("New draft", self)  # short: the dock is ~360 px
        self.draft_button.setToolTip("Start a new draft with the content of this version")
        self.compare_button = QPushButton("Compare", self)
        self.compare_button.setToolTip(
            "Show what changed: between the two selected versions (Ctrl+click), "
            "or from the selected version to the draft")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.open_button, self.latest_button, self.draft_button, self.compare_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._open_version_id: str | None = None

        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self._emit(self.open_requested))
        self.open_button.clicked.connect(lambda: self._emit(self.open_requested))
        self.latest_button.clicked.connect(lambda: self._emit(self.make_latest_requested))
        self.draft_button.clicked.connect(lambda: self._emit(self.new_draft_requested))
        self.compare_button.clicked.connect(self.compare)
        self._update_buttons()

    def set_versions(self, versions: list[Any], open_version_id: str | None = None) -> None:
        self._open_version_id = open_version_id
        self.tree.clear()
        for info in versions:
            item = QTreeWidgetItem(
                [
                    version_label(info),
                    state_label(info),
                    format_when(info.created_at),
                    format_when(info.published_at),
                ]
            )
            item.setData(0, VERSION_ROLE, info)
            if info.id == open_version_id:
                for col in range(4):
                    font = QFont(item.font(col))
                    font.setBold(True)
                    item.setFont(col, font)
                item.setToolTip(0, "Open in the editor")
            self.tree.addTopLevelItem(item)
            if info.id == open_version_id:
                self.tree.setCurrentItem(item)
        self._update_buttons()

    def versions(self) -> list[Any]:
        return [
            self.tree.topLevelItem(i).data(0, VERSION_ROLE)
            for i in range(self.tree.topLevelItemCount())
        ]

    def select_version(self, version_id: str) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, VERSION_ROLE).id == version_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def selected_version(self) -> Any | None:
        item = self.tree.currentItem()
        return item.data(0, VERSION_ROLE) if item is not None else None

    def select_versions(self, *version_ids: str) -> None:
        """Selects exactly these rows (the first becomes current), as Ctrl+click would."""
        self.tree.clearSelection()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, VERSION_ROLE).id in version_ids:
                item.setSelected(True)
                if item.data(0, VERSION_ROLE).id == version_ids[0]:
                    self.tree.setCurrentItem(item, 0, QItemSelectionModel.SelectionFlag.Select)

    def selected_versions(self) -> list[Any]:
        """The selected rows' versions, in list order (newest first)."""
        return [self.tree.topLevelItem(i).data(0, VERSION_ROLE)
                for i in range(self.tree.topLevelItemCount())
                if self.tree.topLevelItem(i).isSelected()]

    def draft(self) -> Any | None:
        return next((v for v in self.versions() if v.is_draft), None)

    def compare_pair(self) -> tuple[Any, Any] | None:
        """What Compare would show: (old, new) of two selected rows, else (selected, draft);
        the draft alone compares with the version it was started from."""
        chosen = self.selected_versions()
        if len(chosen) == 2:
            newer, older = chosen  # the list runs newest first
            return older, newer
        draft = self.draft()
        if len(chosen) != 1 or draft is None:
            return None
        if chosen[0].id != draft.id:
            return chosen[0], draft
        base = next((v for v in self.versions() if v.id == draft.based_on_id), None)
        return (base, draft) if base is not None else None

    def previous_of(self, info: Any) -> Any | None:
        """The version before ``info``: a draft's base (else the latest published one),
        a published version's next older one; None for the first version."""
        return previous_version(self.versions(), info)

    def compare(self) -> bool:
        pair = self.compare_pair()
        if pair is None:
            return False
        self.compare_requested.emit(pair[0].id, pair[1].id)
        return True

    def context_menu(self) -> QMenu:
        """The rows' menu: open, make latest, new draft, and the two comparisons."""
        menu = QMenu(self)
        for button in (self.open_button, self.latest_button, self.draft_button):
            action = menu.addAction(button.text(), button.click)
            action.setEnabled(button.isEnabled())
        menu.addSeparator()
        chosen = self.selected_versions()
        draft = self.draft()
        one = chosen[0] if len(chosen) == 1 else None
        previous = menu.addAction(
            "Compare with &previous",
            lambda: one is not None and self.compare_previous_requested.emit(one.id))
        previous.setEnabled(one is not None and self.previous_of(one) is not None)
        other = menu.addAction(
            "Compare &with…", lambda: one is not None and self.compare_with_requested.emit(one.id))
        other.setEnabled(one is not None and len(self.versions()) > 1)
        with_draft = menu.addAction("Compare with draft", self.compare)
        with_draft.setEnabled(len(chosen) == 1 and draft is not None and chosen[0].id != draft.id)
        selected = menu.addAction("Compare with selected", self.compare)
        selected.setEnabled(len(chosen) == 2)
        selected.setToolTip("Ctrl+click a second version to compare the two")
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _update_buttons(self) -> None:
        info = self.selected_version()
        self.open_button.setEnabled(info is not None and info.id != self._open_version_id)
        self.latest_button.setEnabled(info is not None and not info.is_draft and not info.is_latest)
        self.draft_button.setEnabled(info is not None and not info.is_draft)
        self.compare_button.setEnabled(self.compare_pair() is not None)

    def _emit(self, signal: Any) -> None:
        info = self.selected_version()
        if info is not None:
            signal.emit(info.id)
