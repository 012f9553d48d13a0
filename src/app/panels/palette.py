"""The action palette: every node an author can add, searchable, grouped by category.

Activating an entry emits ``add_requested(NodeSpec)``; dragging one carries the
same spec as JSON under :data:`NODE_MIME_TYPE` so the canvas can drop it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from flowdesk.model.catalog import ActionCatalog

# Shared with the canvas view, which drops ``action:<id>`` / ``type:<node type>``.
NODE_MIME_TYPE = "application/x-flowdesk-node"
SPEC_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """What to add: a node type and, for an action, which one."""

    type: str
    action_id: str | None = None
    title: str = ""

    @property
    def drop_key(self) -> str:
        """What a drop on the canvas carries: ``action:<id>`` or ``type:<node type>``."""
        return f"action:{self.action_id}" if self.type == "action" else f"type:{self.type}"


FLOW_NODES: tuple[tuple[NodeSpec, str], ...] = (
    (NodeSpec("condition", title="Condition"), "Branch on CEL expressions, with an otherwise edge"),
    (NodeSpec("parallel", title="Parallel"), "Fork: run every outgoing branch"),
    (NodeSpec("join", title="Join"), "Wait for all (or any) incoming branches"),
    (NodeSpec("end", title="End"), "Where a path of the workflow finishes"),
)


class _PaletteTree(QTreeWidget):
    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:  # noqa: N802 - Qt override
        mime = QMimeData()
        specs = [i.data(0, SPEC_ROLE) for i in items if i.data(0, SPEC_ROLE) is not None]
        if specs:
            mime.setData(NODE_MIME_TYPE, specs[0].drop_key.encode("utf-8"))
            mime.setText(specs[0].title)
        return mime

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [NODE_MIME_TYPE]


class ActionPalette(QWidget):
    """Searchable list of flow nodes and catalog actions."""

    add_requested = Signal(object)  # NodeSpec

    def __init__(self, catalog: ActionCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("paletteSearch")
        self.search_edit.setPlaceholderText("Search actions…")
        self.search_edit.setClearButtonEnabled(True)
        self.tree = _PaletteTree(self)
        self.tree.setObjectName("paletteTree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setIndentation(12)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.tree, 1)
        self._populate()
        self.search_edit.textChanged.connect(self.filter)
        self.search_edit.returnPressed.connect(self._add_first_visible)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemDoubleClicked.connect(self._on_activated)

    def _populate(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}

        def group(name: str) -> QTreeWidgetItem:
            if name not in groups:
                item = QTreeWidgetItem(self.tree, [name])
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
                groups[name] = item
            return groups[name]

        for spec, description in FLOW_NODES:
            item = QTreeWidgetItem(group("Flow"), [spec.title])
            item.setToolTip(0, description)
            item.setData(0, SPEC_ROLE, spec)
            item.setData(0, Qt.ItemDataRole.UserRole + 2, f"{spec.title} {spec.type} {description}")
        for action in self.catalog:
            spec = NodeSpec("action", action.id, action.title)
            item = QTreeWidgetItem(group(action.category), [action.title])
            item.setToolTip(0, f"<b>{action.title}</b> <code>{action.id}</code><br>{action.description}")
            item.setData(0, SPEC_ROLE, spec)
            item.setData(
                0,
                Qt.ItemDataRole.UserRole + 2,
                f"{action.id} {action.title} {action.category} {action.description}",
            )
        self.tree.expandAll()

    def filter(self, text: str) -> None:
        """Hide entries that do not match every word of ``text`` (and empty groups)."""
        words = text.lower().split()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            visible = 0
            for j in range(group.childCount()):
                child = group.child(j)
                hay = str(child.data(0, Qt.ItemDataRole.UserRole + 2)).lower()
                show = all(w in hay for w in words)
                child.setHidden(not show)
                visible += show
            group.setHidden(visible == 0)
        first = self.visible_specs()
        if first:
            self.tree.setCurrentItem(self._item_for(first[0]))

    def visible_specs(self) -> list[NodeSpec]:
        specs = []
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            item = it.value()
            spec = item.data(0, SPEC_ROLE)
            if spec is not None and not item.isHidden() and not item.parent().isHidden():
                specs.append(spec)
            it += 1
        return specs

    def _item_for(self, spec: NodeSpec) -> QTreeWidgetItem | None:
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            if it.value().data(0, SPEC_ROLE) == spec:
                return it.value()
            it += 1
        return None

    def _add_first_visible(self) -> None:
        current = self.tree.currentItem()
        spec = current.data(0, SPEC_ROLE) if current is not None else None
        if spec is None or current.isHidden():
            specs = self.visible_specs()
            spec = specs[0] if specs else None
        if spec is not None:
            self.add_requested.emit(spec)

    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        spec = item.data(0, SPEC_ROLE)
        if spec is not None:
            self.add_requested.emit(spec)

    def activate(self, spec: NodeSpec) -> None:
        """Same as double-clicking the entry of ``spec`` (used by tests and shortcuts)."""
        item = self._item_for(spec)
        if item is not None:
            self._on_activated(item)
