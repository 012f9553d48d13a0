"""Right-click menus of the canvas: one for empty space, a node, an edge and a note.

The menu is built from what is under the cursor, each time, so its entries
say what applies now (a middle step can be deleted keeping its chain, an edge
can be reversed only when that is a valid edge). Every entry is an edit the
scene pushes as one undo command, or a view change. Building is separate from
showing, so tests build a menu and trigger its actions without a popup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QMenu, QWidget

from flowdesk.app.canvas import keys
from flowdesk.app.canvas.note_item import NoteItem
from flowdesk.app.canvas.scene import CanvasScene
from flowdesk.app.canvas.view import CanvasView
from flowdesk.app.commands import DeleteAndReconnect, DisconnectAll, RemoveItems, ReverseEdge
from flowdesk.model.editor.clipboard import fragment_from_text
from flowdesk.model.editor.reconnect import reconnect_refusal, reverse_refusal
from flowdesk.model.errors import EditError

ALIGNMENTS = (("Align &left", "left"), ("Align &right", "right"), ("Align &top", "top"),
              ("Align &bottom", "bottom"), ("Centre &horizontally", "hcenter"),
              ("Centre &vertically", "vcenter"))


@dataclass(frozen=True)
class MenuHooks:
    """What the window does for entries that need more than the canvas (its inspector)."""

    rename_node: Callable[[str], None]
    edit_edge: Callable[[str], None]


class CanvasMenus:
    """Builds the menu for a point of one canvas and shows it."""

    def __init__(self, scene: CanvasScene, view: CanvasView, hooks: MenuHooks) -> None:
        self.scene = scene
        self.view = view
        self.hooks = hooks
        #: the last menu shown (tests and accessibility tools reach it here)
        self.last_menu: QMenu | None = None

    # ------------------------------------------------------------ showing

    def popup(self, view_pos: QPoint) -> QMenu:
        """Shows the menu for ``view_pos`` (viewport coordinates) without blocking."""
        menu = self.menu_at(self.view.mapToScene(view_pos), self.view)
        if self.last_menu is not None:
            self.last_menu.deleteLater()
        self.last_menu = menu
        menu.popup(self.view.viewport().mapToGlobal(view_pos))
        return menu

    def menu_at(self, scene_pos: QPointF, parent: QWidget | None = None) -> QMenu:
        """The menu for what is at ``scene_pos``; right-clicking an unselected item selects it."""
        scene = self.scene
        node = scene.node_item_at(scene_pos)
        if node is not None:
            self._select_for_menu("node", node.node_id)
            return self.node_menu(node.node_id, parent)
        note = next((i for i in scene.items(scene_pos) if isinstance(i, NoteItem)), None)
        if note is not None:
            self._select_for_menu("note", note.note_id)
            return self.note_menu(note.note_id, parent)
        edge = scene.edge_item_at(scene_pos)
        if edge is not None:
            self._select_for_menu("edge", edge.edge_id)
            return self.edge_menu(edge.edge_id, scene_pos, parent)
        return self.background_menu(scene_pos, parent)

    def _select_for_menu(self, kind: str, item_id: str) -> None:
        item = self.scene.item_for(kind, item_id)  # type: ignore[arg-type]
        if item is not None and not item.isSelected():
            self.scene.select_item(kind, item_id)  # type: ignore[arg-type]

    @staticmethod
    def _menu(parent: QWidget | None) -> QMenu:
        menu = QMenu(parent)
        menu.setToolTipsVisible(True)  # disabled entries say why
        return menu

    @staticmethod
    def _entry(menu: QMenu, text: str, slot: Callable[[], object], refusal: str | None = None,
               enabled: bool = True, shortcut: list[QKeySequence] | None = None) -> QAction:
        """``shortcut``: the window's keys for the same edit, shown so people learn them."""
        action = menu.addAction(text)
        if shortcut:
            action.setShortcuts(shortcut)
            action.setShortcutVisibleInContextMenu(True)
        action.triggered.connect(lambda _checked=False: slot())
        action.setEnabled(enabled and refusal is None)
        if refusal is not None:
            action.setToolTip(refusal[:1].upper() + refusal[1:])
        return action

    def _push(self, make: Callable[[], QUndoCommand]) -> bool:
        """Pushes the command ``make`` builds; a refusal found only now is reported."""
        try:
            command = make()
        except EditError as exc:
            self.scene.edit_refused.emit(str(exc))
            return False
        return self.scene.push(command)

    # ------------------------------------------------------------ the menus

    def background_menu(self, scene_pos: QPointF, parent: QWidget | None = None) -> QMenu:
        scene, view = self.scene, self.view
        view_pos = view.mapFromScene(scene_pos)
        menu = self._menu(parent)
        self._entry(menu, "&Add step here…", lambda: view.open_quick_add(view_pos))
        self._entry(menu, "Add &note here", lambda: scene.add_note(scene_pos, "Note"))
        self._entry(menu, "&Paste here", lambda: scene.paste(scene_pos),
                    _clipboard_refusal(), shortcut=keys.paste())
        menu.addSeparator()
        self._entry(menu, "Select &all", scene.select_all, enabled=bool(scene.node_items),
                    shortcut=keys.select_all())
        self._entry(menu, "&Fit to window", view.fit_all, shortcut=keys.fit())
        self._entry(menu, "Auto-&layout", scene.auto_layout, shortcut=keys.auto_layout())
        return menu

    def node_menu(self, node_id: str, parent: QWidget | None = None) -> QMenu:
        scene, model = self.scene, self.scene.model
        selected = scene.selected_node_ids()
        several = len(selected) > 1
        menu = self._menu(parent)
        self._entry(menu, "&Rename…", lambda: self.hooks.rename_node(node_id),
                    enabled=not several)
        self._entry(menu, "D&uplicate", scene.duplicate_selection, shortcut=keys.duplicate())
        menu.addSeparator()
        self._entry(menu, "Cu&t", scene.cut, shortcut=keys.cut())
        self._entry(menu, "&Copy", scene.copy, shortcut=keys.copy())
        menu.addSeparator()
        self._entry(menu, "&Delete", scene.delete_selection, shortcut=keys.delete())
        refusal = ("select one step to keep its chain connected" if several
                   else reconnect_refusal(model, node_id))
        self._entry(menu, "Delete and &keep the chain connected",
                    lambda: self._push(lambda: DeleteAndReconnect(model, node_id)), refusal)
        self._entry(menu, "Disc&onnect all", lambda: scene.push(DisconnectAll(model, node_id)),
                    None if model.edges_of(node_id) else "this step has no connections")
        if several:
            menu.addSeparator()
            arrange = menu.addMenu("A&lign")
            for text, how in ALIGNMENTS:
                self._entry(arrange, text, lambda h=how: scene.align_selection(h))
            arrange.addSeparator()
            for text, axis in (("Distribute hori&zontally", "horizontal"),
                               ("Distribute verti&cally", "vertical")):
                self._entry(arrange, text, lambda a=axis: scene.distribute_selection(a),
                            None if len(selected) > 2 else "select three or more steps")
        return menu

    def edge_menu(self, edge_id: str, scene_pos: QPointF,
                  parent: QWidget | None = None) -> QMenu:
        scene, view, model = self.scene, self.view, self.scene.model
        menu = self._menu(parent)
        self._entry(menu, "&Edit condition…", lambda: self.hooks.edit_edge(edge_id))
        view_pos = view.mapFromScene(scene_pos)
        self._entry(menu, "&Insert step here…", lambda: view.open_quick_add(view_pos))
        if reverse_refusal(model, edge_id) is None:  # offered only when it is a valid edge
            self._entry(menu, "&Reverse direction",
                        lambda: self._push(lambda: ReverseEdge(model, edge_id)))
        menu.addSeparator()
        self._entry(menu, "&Delete edge",
                    lambda: scene.push(RemoveItems(model, edge_ids=[edge_id])))
        return menu

    def note_menu(self, note_id: str, parent: QWidget | None = None) -> QMenu:
        scene = self.scene
        menu = self._menu(parent)
        self._entry(menu, "&Edit note…", lambda: self.view.edit_note(note_id))
        self._entry(menu, "D&uplicate", scene.duplicate_selection, shortcut=keys.duplicate())
        self._entry(menu, "&Delete", scene.delete_selection, shortcut=keys.delete())
        return menu


def _clipboard_refusal() -> str | None:
    """Why Paste has nothing to paste, or None."""
    try:
        fragment_from_text(QGuiApplication.clipboard().text())
    except EditError:
        return "the clipboard holds no Flowdesk steps"
    return None
