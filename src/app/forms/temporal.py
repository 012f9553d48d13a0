"""Text fields for ``format: date``, ``time`` and ``date-time`` with a picker.

The text stays the source of truth (ISO 8601, checked by jsonschema's format
checker), so any value loads unchanged; the picker just writes well-formed text.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCalendarWidget,
    QMenu,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from flowdesk.app.forms.editor import EditorFactory
from flowdesk.app.forms.scalars import StringEditor
from flowdesk.model.forms import FieldDescriptor

_PLACEHOLDERS = {"date": "YYYY-MM-DD", "time": "HH:MM:SS", "date-time": "YYYY-MM-DDTHH:MM:SSZ"}


class TemporalEditor(StringEditor):
    def __init__(
        self, descriptor: FieldDescriptor, factory: EditorFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(descriptor, factory, parent)
        self.kind = descriptor.format or "date"
        if not self.line.placeholderText():
            self.line.setPlaceholderText(_PLACEHOLDERS.get(self.kind, ""))
        self.line.setMaximumWidth(260)
        self.pick = QToolButton(self)
        self.pick.setText("Pick…")
        self.pick.setToolTip(f"Choose a {self.kind.replace('-', ' and ')}")
        self.pick.setEnabled(not descriptor.read_only)
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.layout_.addWidget(self.pick)
        self.layout_.addStretch(1)
        self.menu = QMenu(self)
        panel = QWidget(self.menu)
        box = QVBoxLayout(panel)
        self.calendar: QCalendarWidget | None = None
        self.clock: QTimeEdit | None = None
        if self.kind in ("date", "date-time"):
            self.calendar = QCalendarWidget(panel)
            self.calendar.clicked.connect(self._picked)
            box.addWidget(self.calendar)
        if self.kind in ("time", "date-time"):
            self.clock = QTimeEdit(panel)
            self.clock.setDisplayFormat("HH:mm:ss")
            self.clock.editingFinished.connect(self._picked)
            box.addWidget(self.clock)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(panel)
        self.menu.addAction(action)
        self.pick.setMenu(self.menu)
        self.menu.aboutToShow.connect(self._sync_picker)

    def _sync_picker(self) -> None:
        text = self.line.text().strip()
        if self.calendar is not None:
            date = QDate.fromString(text[:10], Qt.DateFormat.ISODate)
            self.calendar.setSelectedDate(date if date.isValid() else QDate.currentDate())
        if self.clock is not None:
            part = text[11:19] if self.kind == "date-time" else text[:8]
            time = QTime.fromString(part, "HH:mm:ss")
            self.clock.setTime(time if time.isValid() else QTime.currentTime())

    def pick_value(self, date: QDate | None = None, time: QTime | None = None) -> None:
        """Write the chosen date/time as ISO text (what the picker does)."""
        if date is not None and self.calendar is not None:
            self.calendar.setSelectedDate(date)
        if time is not None and self.clock is not None:
            self.clock.setTime(time)
        self._picked()

    def _picked(self) -> None:
        if self.kind == "date":
            assert self.calendar is not None
            text = self.calendar.selectedDate().toString(Qt.DateFormat.ISODate)
        elif self.kind == "time":
            assert self.clock is not None
            text = self.clock.time().toString("HH:mm:ss")
        else:
            assert self.calendar is not None and self.clock is not None
            moment = QDateTime(self.calendar.selectedDate(), self.clock.time())
            text = moment.toString("yyyy-MM-ddTHH:mm:ss") + "Z"
        self.line.setText(text)
        self._explicit_empty = False
        self.value_changed.emit()
