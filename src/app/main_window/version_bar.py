"""The version bar above the canvas: what is open, its state, Save draft and Publish.

A published version shows a read-only notice with a one-click way to start a
new draft from it; a draft shows whether everything is saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

CHIP_STYLE = (
    "QLabel {{ background: {bg}; color: {fg}; border-radius: 9px; padding: 2px 10px;"
    " font-weight: 600; }}"
)
# Translucent fills read well on light and dark palettes alike.
CHIP_COLORS = {
    "draft": ("rgba(59, 130, 246, 0.18)", "#3b82f6"),
    "published": ("rgba(22, 163, 74, 0.18)", "#16a34a"),
    "old": ("rgba(107, 114, 128, 0.20)", "palette(text)"),
}


class VersionBar(QFrame):
    """Title, version chip, save state, and the Compare / History / Save draft / Publish buttons."""

    new_draft_requested = Signal()

    def __init__(
        self,
        save_action: QAction,
        publish_action: QAction,
        history_action: QAction,
        parent: QWidget | None = None,
        compare_action: QAction | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("versionBar")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        self.title_label = QLabel("No workflow open", self)
        self.title_label.setObjectName("versionTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() + 2)
        font.setBold(True)
        self.title_label.setFont(font)
        self.key_label = QLabel(self)
        self.key_label.setStyleSheet("color: gray;")
        self.chip = QLabel(self)
        self.chip.setObjectName("versionChip")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("saveState")
        self.state_label.setStyleSheet("color: gray;")
        self.readonly_label = QLabel(self)
        self.readonly_label.setObjectName("readOnlyNotice")
        self.new_draft_button = QPushButton("New draft from this version", self)
        self.new_draft_button.setObjectName("newDraftButton")
        self.new_draft_button.clicked.connect(self.new_draft_requested)

        self.history_button = QToolButton(self)
        self.history_button.setDefaultAction(history_action)
        self.history_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # What changed since the version before, one click away (no Ctrl+click in the history).
        self.compare_button = QToolButton(self)
        self.compare_button.setObjectName("comparePreviousButton")
        self.compare_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if compare_action is not None:
            self.compare_button.setDefaultAction(compare_action)
        else:
            self.compare_button.hide()
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveDraftButton")
        self._bind(self.save_button, save_action)
        self.publish_button = QPushButton(self)
        self.publish_button.setObjectName("publishButton")
        self.publish_button.setDefault(True)
        self._bind(self.publish_button, publish_action)

        top = QHBoxLayout()
        top.setContentsMargins(12, 6, 12, 6)
        top.setSpacing(10)
        top.addWidget(self.title_label)
        top.addWidget(self.key_label)
        top.addWidget(self.chip)
        top.addWidget(self.state_label)
        top.addStretch(1)
        top.addWidget(self.compare_button)
        top.addWidget(self.history_button)
        top.addWidget(self.save_button)
        top.addWidget(self.publish_button)
        # A published version: a notice strip under the bar, with the way out.
        self.banner = QFrame(self)
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setStyleSheet(
            "#readOnlyBanner { background: rgba(245, 158, 11, 0.16);"
            " border-top: 1px solid rgba(245, 158, 11, 0.45);"
            " border-bottom: 1px solid rgba(245, 158, 11, 0.45); }"
        )
        strip = QHBoxLayout(self.banner)
        strip.setContentsMargins(12, 4, 12, 4)
        strip.addWidget(self.readonly_label, 1)
        strip.addWidget(self.new_draft_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        # A 1280 px window must fit: long names and messages are cut rather than widening
        # the window, and buttons the menus and docks also offer give way (see _fit).
        for label, least in ((self.title_label, 80), (self.key_label, 1), (self.state_label, 40)):
            label.setMinimumWidth(least)
        self._top = top
        # given up in this order when the bar is narrow (the key is in the workflow list)
        self._optional = [self.key_label, self.history_button]
        if compare_action is not None:
            self._optional.append(self.compare_button)
        self.show_nothing()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Hide what the menus and docks also offer, least needed first, until the row fits."""
        spacing = self._top.spacing()
        needed = self._full_width()
        for widget in self._optional:
            fits = needed <= self.width()
            widget.setVisible(fits)
            if not fits:
                needed -= widget.sizeHint().width() + spacing

    def _full_width(self) -> int:
        """The width the top row needs with every label whole and every button shown."""
        margins = self._top.contentsMargins()
        shown = [w for w in (self.title_label, self.chip, self.state_label, self.save_button,
                             self.publish_button) if not w.isHidden()] + self._optional
        return (sum(w.sizeHint().width() for w in shown) + margins.left() + margins.right()
                + self._top.spacing() * len(shown))

    @staticmethod
    def _bind(button: QPushButton, action: QAction) -> None:
        """A push button that mirrors an action (text, tooltip, enabled)."""

        def sync() -> None:
            button.setText(action.text().replace("&", ""))
            button.setEnabled(action.isEnabled())
            shortcut = action.shortcut().toString()
            button.setToolTip(f"{action.toolTip()} ({shortcut})" if shortcut else action.toolTip())

        action.changed.connect(sync)
        button.clicked.connect(action.trigger)
        sync()

    def _set_chip(self, text: str, style: str) -> None:
        bg, fg = CHIP_COLORS[style]
        self.chip.setStyleSheet(CHIP_STYLE.format(bg=bg, fg=fg))
        self.chip.setText(text)
        self.chip.show()

    def show_nothing(self) -> None:
        self.title_label.setText("No workflow open")
        self.key_label.clear()
        self.chip.hide()
        self.state_label.clear()
        self.banner.hide()

    def show_version(self, name: str, key: str, info: object, dirty: bool = False,
                     based_on: int | None = None) -> None:
        """Describe ``info`` (a VersionInfo) of workflow ``name``/``key``.

        ``based_on``: the published version number a draft was started from.
        """
        self.title_label.setText(name)
        self.key_label.setText(key)
        is_draft = bool(info.is_draft)  # type: ignore[attr-defined]
        if is_draft:
            self._set_chip(f"Draft · from v{based_on}" if based_on else "Draft", "draft")
        else:
            version = info.version  # type: ignore[attr-defined]
            latest = bool(info.is_latest)  # type: ignore[attr-defined]
            self._set_chip(
                f"v{version} · published" + (" · latest" if latest else ""),
                "published" if latest else "old",
            )
        self.banner.setVisible(not is_draft)
        if not is_draft:
            self.readonly_label.setText(
                f"Version {info.version} is published and read-only."  # type: ignore[attr-defined]
                " Changes go into a new draft."
            )
        self.set_dirty(dirty if is_draft else None)
        self._fit()

    def set_dirty(self, dirty: bool | None) -> None:
        """``True``: edits not yet written; ``False``: saved; ``None``: nothing to save."""
        if dirty is None:
            self.state_label.clear()
        elif dirty:
            self.state_label.setText("● Unsaved changes")
        else:
            self.state_label.setText("✓ Saved")

    def set_save_error(self, message: str) -> None:
        self.state_label.setText(f"⚠ Not saved: {message}")
