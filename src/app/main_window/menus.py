"""The window's actions and menus: File, Edit, View, Workflow, Remote, Help.

Kept apart from the window's behaviour so each stays readable. Shortcuts use
``QKeySequence.StandardKey`` where the platform has a convention; canvas edits
only react to their keys while the canvas has focus, so text fields keep
Ctrl+C, Delete and friends.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from flowdesk.app.canvas import keys
from flowdesk.app.canvas.scene import CanvasScene

from ..browser.browser import STATUSES
from ..panels import ShortcutsDialog
from ..settings import THEMES
from .minimap_overlay import minimap_enabled


def _native(*keys: QKeySequence.StandardKey | str) -> str:
    texts = []
    for key in keys:
        seqs = QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [
            QKeySequence(key)]
        texts.extend(s.toString(QKeySequence.SequenceFormat.NativeText) for s in seqs[:1])
    return ", ".join(texts)


def canvas_keys() -> list[tuple[str, str, str]]:
    """Keys the canvas view handles itself (listed in Help > Keyboard shortcuts)."""
    return [
        ("Canvas", "Zoom in", _native(QKeySequence.StandardKey.ZoomIn, "Ctrl+=")),
        ("Canvas", "Zoom out", _native(QKeySequence.StandardKey.ZoomOut)),
        ("Canvas", "Fit all", _native("Ctrl+0", "F")),
        ("Canvas", "Quick add a node", "Tab, double-click on empty space"),
        ("Canvas", "Pan", "Space + drag, middle-button drag"),
        ("Canvas", "Zoom around the cursor", "Mouse wheel"),
        ("Canvas", "Connect", "Drag from an output port to a node"),
        ("Canvas", "Menu of a step, an edge or empty space", "Right-click, Menu key"),
    ]


class WindowMenus(QMainWindow):
    """Builds and fills the menus; :class:`MainWindow` supplies the slots they call."""

    status_menu: QMenu
    recent_menu: QMenu

    def _action(self, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        SK = QKeySequence.StandardKey
        self.new_workflow_action = self._action(
            "&New workflow…", lambda: self.browser.create_workflow(), SK.New,
            "Create a workflow in this workspace")
        self.save_action = self._action("&Save draft", self.save_draft, SK.Save,
                                        "Write the draft into the workspace now")
        self.publish_action = self._action("&Publish…", self.publish, "Ctrl+Shift+P",
                                           "Validate the draft and publish it as a new version")
        self.history_action = self._action("&Version history", self._show_history, "Ctrl+H",
                                           "Show every version of this workflow")
        self.new_draft_action = self._action("New &draft from this version",
                                             lambda: self.new_draft_from(None))
        self.compare_versions_action = self._action(
            "&Compare versions…", lambda: self.compare.ask_versions(), "Ctrl+Shift+D",
            "Show what changed between two versions of this workflow (or the draft)")
        self.compare_previous_action = self._action(
            "Compare with &previous version", lambda: self.compare.with_previous(), None,
            "Show what changed from the version before this one (for a draft: the version "
            "it was started from)")
        self.compare_previous_action.setIconText("Compare with previous")
        self.compare_files_action = self._action(
            "Compare &files…", lambda: self.compare.files(), None,
            "Show what changed between two version files")
        self.export_image_action = self._action(
            "&Export image…", lambda: self.export_image(), None,
            "Save the canvas as a PNG image or an SVG drawing")
        self.quit_action = self._action("&Quit", self.close, SK.Quit)
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(SK.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(QKeySequence.keyBindings(SK.Redo))
        self.undo_history_action = self._action("Edit &history", self._show_undo_history,
                                                "Ctrl+Alt+Z", "Every edit of this session")
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts,
                                             SK.HelpContents)
        self.about_action = self._action("&About Flowdesk", self._about)
        self.minimap_action = QAction("&Minimap", self, checkable=True)
        self.minimap_action.setStatusTip("An overview of the whole graph in the canvas's corner")
        self.minimap_action.setChecked(minimap_enabled(self.settings.qsettings))
        self.minimap_action.toggled.connect(self.set_minimap_visible)
        self.theme_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for theme in THEMES:
            action = QAction(theme.capitalize() if theme != "system" else "Follow system", self,
                             checkable=True)
            action.triggered.connect(lambda _c=False, t=theme: self.set_theme(t))
            group.addAction(action)
            self.theme_actions[theme] = action
        self.theme_actions[self.settings.theme()].setChecked(True)

    def _canvas_action(self, text: str, slot: Any,
                       shortcut: list[QKeySequence] | None = None) -> QAction:
        """An edit of the canvas: its keys only act while the canvas has focus."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: self._on_canvas(slot))
        self.canvas_stack.addAction(action)
        self.canvas_actions.append(action)
        return action

    def _on_canvas(self, slot: Any) -> None:
        if self.scene is not None:
            slot(self.scene)

    def _create_canvas_actions(self) -> None:
        self.canvas_actions: list[QAction] = []
        self.cut_action = self._canvas_action("Cu&t", lambda sc: sc.cut(), keys.cut())
        self.copy_action = self._canvas_action("&Copy", lambda sc: sc.copy(), keys.copy())
        self.paste_action = self._canvas_action("&Paste", lambda sc: sc.paste(), keys.paste())
        self.duplicate_action = self._canvas_action(
            "D&uplicate", lambda sc: sc.duplicate_selection(), keys.duplicate())
        self.delete_selection_action = self._canvas_action(
            "&Delete", lambda sc: sc.delete_selection(), keys.delete())
        self.select_all_action = self._canvas_action(
            "Select &all", lambda sc: sc.select_all(), keys.select_all())
        self.add_note_action = self._canvas_action("Add &note", self._add_note, keys.add_note())
        self.layout_action = self._canvas_action(
            "Auto-&layout", lambda sc: sc.auto_layout(), keys.auto_layout())
        self.align_actions = [
            self._canvas_action(text, lambda sc, h=how: sc.align_selection(h))
            for text, how in (("Align &left", "left"), ("Align &right", "right"),
                              ("Align &top", "top"), ("Align &bottom", "bottom"),
                              ("Centre &horizontally", "hcenter"),
                              ("Centre &vertically", "vcenter"))
        ]
        self.distribute_actions = [
            self._canvas_action(text, lambda sc, a=axis: sc.distribute_selection(a))
            for text, axis in (("Distribute hori&zontally", "horizontal"),
                               ("Distribute verti&cally", "vertical"))
        ]
        self.zoom_in_action = self._action("Zoom &in", lambda: self._on_view("zoom_in"))
        self.zoom_out_action = self._action("Zoom &out", lambda: self._on_view("zoom_out"))
        self.fit_action = self._action("&Fit to window", lambda: self._on_view("fit_all"))

    def _on_view(self, name: str) -> None:
        if self.view is not None:
            getattr(self.view, name)()

    def _add_note(self, scene: CanvasScene) -> None:
        if self.view is not None:
            centre = self.view.mapToScene(self.view.viewport().rect().center())
            scene.add_note(centre, "Note")

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_workflow_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.publish_action)
        file_menu.addSeparator()
        file_menu.addAction(self.compare_files_action)
        file_menu.addAction(self.export_image_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        for action in (self.cut_action, self.copy_action, self.paste_action,
                       self.duplicate_action, self.delete_selection_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.select_all_action)
        edit_menu.addAction(self.add_note_action)
        arrange = edit_menu.addMenu("A&rrange")
        arrange.addAction(self.layout_action)
        arrange.addSeparator()
        for action in (*self.align_actions, *self.distribute_actions):
            arrange.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.undo_history_action)
        self.edit_menu = edit_menu

        view_menu = bar.addMenu("&View")
        self.view_menu = view_menu
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            view_menu.addAction(action)
        view_menu.addAction(self.minimap_action)
        view_menu.addSeparator()
        for dock in (self.browser_dock, self.palette_dock, self.inspector_dock,
                     self.history_dock, self.undo_dock, self.problems_dock,
                     self.parameters_dock, self.environment_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        for action in self.theme_actions.values():
            theme_menu.addAction(action)

        workflow_menu = bar.addMenu("&Workflow")
        workflow_menu.addAction(self.history_action)
        workflow_menu.addAction(self.new_draft_action)
        workflow_menu.addAction(self.compare_previous_action)
        workflow_menu.addAction(self.compare_versions_action)
        workflow_menu.addSeparator()
        self.parameters_action = workflow_menu.addAction(
            "&Parameters", self.definition.show_parameters)
        self.parameters_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.environment_action = workflow_menu.addAction(
            "&Environment and secrets", self.definition.show_environment)
        self.environment_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        workflow_menu.addSeparator()
        self.rename_action = workflow_menu.addAction(
            "&Rename…", lambda: self.browser.rename_workflow(self._workflow_id()))
        self.status_menu = workflow_menu.addMenu("&Status")
        self.status_menu.aboutToShow.connect(self._fill_status_menu)
        self.archive_action = workflow_menu.addAction(
            "&Archive", lambda: self._set_status("Archived"))
        self.delete_action = workflow_menu.addAction(
            "&Delete…", lambda: self.browser.delete_workflow(self._workflow_id()))

        self.remote_menu = bar.addMenu("&Remote")
        self.remote.fill_menu(self.remote_menu)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _fill_status_menu(self) -> None:
        self.status_menu.clear()
        workflow_id = self._workflow_id()
        if workflow_id is None:
            return
        current = self.workspace.get_workflow(workflow_id).status
        current = str(getattr(current, "value", current))
        for status in STATUSES:
            action = self.status_menu.addAction(status, lambda s=status: self._set_status(s))
            action.setCheckable(True)
            action.setChecked(status == current)

    def _set_status(self, status: str) -> None:
        workflow_id = self._workflow_id()
        if workflow_id is not None:
            self.browser.set_status(workflow_id, status)

    def shortcut_groups(self) -> list[tuple[str, list[QAction]]]:
        groups = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if menu is None:
                continue
            actions: list[QAction] = []
            pending = list(menu.actions())
            while pending:
                action = pending.pop(0)
                if action.menu() is not None:
                    pending.extend(action.menu().actions())
                elif not action.isSeparator():
                    actions.append(action)
            groups.append((menu_action.text().replace("&", ""), actions))
        return groups

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.shortcut_groups(), self, canvas_keys())
        dialog.show()
        return dialog

    def _about(self) -> None:
        self.prompts.info("About Flowdesk",
                          "Flowdesk — build, check and publish workflow automations.")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recents = self.settings.recent_workflows(self.workspace.location)
        if not recents:
            self.recent_menu.addAction("(none)").setEnabled(False)
        for recent in recents:
            self.recent_menu.addAction(recent.title,
                                       lambda _c=False, r=recent: self.open_workflow(r.workflow_id))
