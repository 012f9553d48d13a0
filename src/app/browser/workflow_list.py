"""The list of workflows of the tenant, as a Qt item model with a badge delegate.

The model holds plain ``WorkflowSummary`` rows from storage; the delegate draws
name, key, a status badge, the latest version and whether a draft exists, so
the browser reads like a list of documents rather than a table.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
WORKFLOW_ID_ROLE = Qt.ItemDataRole.UserRole + 2

STATUS_COLORS = {
    "Draft": QColor("#6b7280"),
    "Active": QColor("#16a34a"),
    "Archived": QColor("#b45309"),
}

_Index = QModelIndex | QPersistentModelIndex


def status_text(summary: Any) -> str:
    status = summary.workflow.status
    return str(getattr(status, "value", status))


def version_text(summary: Any) -> str:
    """``v3 · draft`` / ``v3`` / ``draft only`` / ``empty``: what a row says about versions."""
    parts = []
    if summary.latest_version is not None:
        parts.append(f"v{summary.latest_version}")
    if summary.draft_id is not None:
        parts.append("draft")
    if not parts:
        return "no versions"
    if summary.latest_version is None:
        return "draft only"
    return " · ".join(parts)


class WorkflowListModel(QAbstractListModel):
    """Rows of ``WorkflowSummary``; ``set_summaries`` replaces them all."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_summaries(self, summaries: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(summaries)
        self.endResetModel()

    def summaries(self) -> list[Any]:
        return list(self._rows)

    def summary(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, workflow_id: str) -> int:
        for i, summary in enumerate(self._rows):
            if summary.workflow.id == workflow_id:
                return i
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        wf = summary.workflow
        if role == Qt.ItemDataRole.DisplayRole:
            return wf.name
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"<b>{wf.name}</b> <code>{wf.key}</code>", f"Status: {status_text(summary)}"]
            lines.append(f"Versions: {version_text(summary)}")
            if wf.description:
                lines.append(wf.description)
            return "<br>".join(lines)
        if role == SUMMARY_ROLE:
            return summary
        if role == WORKFLOW_ID_ROLE:
            return wf.id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{wf.name}, {wf.key}, {status_text(summary)}, {version_text(summary)}"
        return None


class WorkflowDelegate(QStyledItemDelegate):
    """Two lines per workflow: name and badge, then key and versions."""

    PADDING = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(200, fm.height() * 2 + self.PADDING * 2 + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        summary = index.data(SUMMARY_ROLE)
        if summary is None:
            super().paint(painter, option, index)
            return
        painter.save()
        style = option.widget.style() if option.widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        text_color = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        dim = QColor(text_color)
        dim.setAlphaF(0.65)
        rect = option.rect.adjusted(self.PADDING, self.PADDING // 2 + 2, -self.PADDING, -4)
        fm = QFontMetrics(option.font)
        line_h = fm.height()

        # Badge on the right of the first line.
        status = status_text(summary)
        badge_font = QFont(option.font)
        badge_font.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.5))
        badge_font.setBold(True)
        bfm = QFontMetrics(badge_font)
        badge_w = bfm.horizontalAdvance(status) + 12
        badge = QRect(rect.right() - badge_w, rect.top() + 1, badge_w, line_h - 2)
        color = STATUS_COLORS.get(status, QColor("#6b7280"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        fill = QColor(color)
        fill.setAlphaF(0.18 if not selected else 0.9)
        painter.setBrush(fill)
        painter.drawRoundedRect(badge, 6, 6)
        painter.setFont(badge_font)
        painter.setPen(color if not selected else QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, status)

        # Name.
        name_font = QFont(option.font)
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.setPen(text_color)
        name_rect = QRect(rect.left(), rect.top(), rect.width() - badge_w - 6, line_h)
        name = QFontMetrics(name_font).elidedText(
            summary.workflow.name, Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

        # Key and versions.
        painter.setFont(option.font)
        painter.setPen(dim)
        second = QRect(rect.left(), rect.top() + line_h + 2, rect.width(), line_h)
        versions = version_text(summary)
        vw = fm.horizontalAdvance(versions)
        painter.drawText(
            second, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, versions
        )
        key_rect = QRect(second.left(), second.top(), second.width() - vw - 8, line_h)
        key = fm.elidedText(summary.workflow.key, Qt.TextElideMode.ElideRight, key_rect.width())
        painter.drawText(key_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, key)
        if summary.draft_id is not None:
            dot = QColor("#2563eb") if not selected else QColor("white")
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(dot)
            painter.drawEllipse(second.right() - vw - 6 - 6, second.center().y() - 3, 6, 6)
        painter.restore()
