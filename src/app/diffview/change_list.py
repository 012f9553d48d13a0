"""The change list beside a diff canvas, and the property-level table of one change.

:class:`ChangeList` groups a :class:`DocumentDiff` into steps and connections,
layout, parameters and environment (breaking parameter changes in red,
flagged), each entry worded by :class:`DiffWords` (items by name; the id and
pointer in the tooltip); picking an entry emits :attr:`ChangeList.change_selected`.
:class:`PropertyDiffTable` shows one change as ``property | old | new`` rows,
the JSON pointer of each row in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from flowdesk.app.diffview.describe import DiffWords, sections
from flowdesk.app.diffview.status import STATUS_COLOURS
from flowdesk.model.changes import Change
from flowdesk.model.diff import DocumentDiff

CHANGE_ROLE = Qt.ItemDataRole.UserRole + 1
BREAKING_COLOUR = "#b42318"
OP_COLOURS = {"added": STATUS_COLOURS["added"], "removed": STATUS_COLOURS["removed"],
              "changed": STATUS_COLOURS["changed"], "moved": STATUS_COLOURS["moved"]}


class ChangeList(QTreeWidget):
    """Every change of a diff, one section per kind; selecting one emits ``change_selected``."""

    change_selected = Signal(object)  # Change

    def __init__(self, words: DiffWords | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words if words is not None else DiffWords()
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.itemSelectionChanged.connect(self._on_selection)
        self._items: dict[tuple[str, str], QTreeWidgetItem] = {}
        self._ignore_layout = False
        self._diff = DocumentDiff()

    def set_diff(self, diff: DocumentDiff, ignore_layout: bool = False) -> None:
        """Fills the list; with ``ignore_layout`` the layout section is left out."""
        self._diff = diff
        self._ignore_layout = ignore_layout
        self.clear()
        self._items.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        for section in sections(diff):
            if section.key == "layout" and ignore_layout:
                continue
            count = f"{len(section.changes)}"
            if section.breaking_count:
                count += f", {section.breaking_count} breaking"
            top = QTreeWidgetItem([f"{section.title} ({count})"])
            top.setFont(0, bold)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if section.breaking_count:
                top.setForeground(0, QBrush(QColor(BREAKING_COLOUR)))
            self.addTopLevelItem(top)
            for change in section.changes:
                text = self.words.headline(change)
                if change.breaking:
                    text = f"BREAKING  {text}"
                child = QTreeWidgetItem([f"{_sign(change.op)}  {text}"])
                child.setData(0, CHANGE_ROLE, change)
                child.setToolTip(0, f"{text}\n{self.words.reference(change)}")
                colour = BREAKING_COLOUR if change.breaking else OP_COLOURS[change.op]
                child.setForeground(0, QBrush(QColor(colour)))
                top.addChild(child)
                if change.kind in ("node", "edge", "note"):
                    self._items.setdefault((change.kind, change.id), child)
            top.setExpanded(bool(section.changes))
        if diff.is_empty:
            empty = QTreeWidgetItem(["No differences"])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(empty)

    def current_change(self) -> Change | None:
        items = self.selectedItems()
        return items[0].data(0, CHANGE_ROLE) if items else None

    def select_item(self, kind: str, item_id: str) -> bool:
        """Selects the entry of a canvas item (when the user clicks it on the canvas)."""
        entry = self._items.get((kind, item_id))
        if entry is None:
            return False
        if entry is not (self.selectedItems() or [None])[0]:
            self.setCurrentItem(entry)
        return True

    def entries(self) -> list[Change]:
        """Every listed change, in order (what a test or a report reads)."""
        out = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount()):
                out.append(top.child(j).data(0, CHANGE_ROLE))
        return out

    def _on_selection(self) -> None:
        change = self.current_change()
        if change is not None:
            self.change_selected.emit(change)


def _sign(op: str) -> str:
    return {"added": "+", "removed": "−", "changed": "~", "moved": "↔"}[op]


class PropertyDiffTable(QTableWidget):
    """``property | old | new`` for one change (the whole item when added or removed)."""

    def __init__(self, words: DiffWords | None = None, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.words = words if words is not None else DiffWords()
        self.setHorizontalHeaderLabels(["Property", "Old", "New"])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.change: Change | None = None

    def show_change(self, change: Change | None) -> None:
        self.change = change
        self.setRowCount(0)
        if change is None:
            return
        for line in self.words.table_lines(change):
            r = self.rowCount()
            self.insertRow(r)
            cells = (QTableWidgetItem(line.label), QTableWidgetItem(line.old),
                     QTableWidgetItem(line.new))
            cells[1].setForeground(QBrush(QColor(STATUS_COLOURS["removed"])))
            cells[2].setForeground(QBrush(QColor(STATUS_COLOURS["added"])))
            for cell in cells[1:]:
                cell.setToolTip(cell.text())
            # the JSON pointer, for whoever reads the file too
            cells[0].setToolTip(f"{line.label}\n{self.words.pointer_of(change, line)}")
            for c, cell in enumerate(cells):
                self.setItem(r, c, cell)
        self.resizeRowsToContents()

    def rows(self) -> list[tuple[str, str, str]]:
        return [tuple(self.item(r, c).text() for c in range(3))  # type: ignore[misc]
                for r in range(self.rowCount())]

