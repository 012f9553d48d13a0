"""The diff window: two versions as an overlay or side by side, with the change list beside them.

Picking a change focuses the canvas on its item and shows its property-level
diff (old → new per field, worded by :class:`DiffWords`); clicking an item on the canvas does the
same the other way round. "Ignore layout" hides pure moves everywhere.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from flowdesk.app.canvas.view import CanvasView
from flowdesk.app.diffview.change_list import ChangeList, PropertyDiffTable
from flowdesk.app.diffview.describe import DiffWords
from flowdesk.app.diffview.overlay import DiffScene
from flowdesk.app.diffview.render import render_diff_to_file, write_html_report
from flowdesk.app.diffview.side_by_side import SideBySideView, stacking_is_larger
from flowdesk.app.diffview.status import STATUS_COLOURS, STATUS_SIGNS
from flowdesk.model.catalog import ActionCatalog, builtin_catalog
from flowdesk.model.changes import Change
from flowdesk.model.diff import diff_documents
from flowdesk.model.document import VersionDocument, load
from flowdesk.model.errors import FlowdeskError
from flowdesk.model.json_input import read_json_file

_PICK_A_CHANGE = "Select a change to see its properties"


class DiffWindow(QWidget):
    """Shows what changed from ``old_doc`` to ``new_doc`` (a top-level window when no parent)."""

    def __init__(self, old_doc: VersionDocument, new_doc: VersionDocument, old_label: str,
                 new_label: str, catalog: ActionCatalog | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.catalog = catalog if catalog is not None else builtin_catalog()
        self.old_doc, self.new_doc = old_doc, new_doc
        self.old_label, self.new_label = old_label, new_label
        self.setWindowTitle(f"Changes from {old_label} to {new_label}")
        self.diff = diff_documents(old_doc, new_doc)
        self.overlay_scene = DiffScene(old_doc, new_doc, self.catalog, diff=self.diff)
        self.overlay_view = CanvasView(self.overlay_scene)
        self._side_by_side: SideBySideView | None = None  # built when first shown
        self.words = DiffWords(old_doc, new_doc, self.catalog)
        self.change_list = ChangeList(self.words)
        self.property_table = PropertyDiffTable(self.words)
        self.detail_title = QLabel(_PICK_A_CHANGE)
        self.detail_title.setWordWrap(True)
        self._build()
        self.change_list.set_diff(self.diff)
        self.change_list.change_selected.connect(self._on_change_selected)
        self.overlay_scene.selection_changed.connect(
            lambda: self._on_canvas_selection(self.overlay_scene))
        self.resize(1280, 780)

    # ------------------------------------------------------------- layout

    def _build(self) -> None:
        self.overlay_button = QPushButton("Overlay")
        self.side_button = QPushButton("Side by side")
        group = QButtonGroup(self)
        for i, button in enumerate((self.overlay_button, self.side_button)):
            button.setCheckable(True)
            group.addButton(button, i)
        self.overlay_button.setChecked(True)
        group.idClicked.connect(self.set_mode_index)
        self.ignore_layout_box = QCheckBox("Ignore layout")
        self.ignore_layout_box.setToolTip("Hide nodes and notes that were only moved")
        self.ignore_layout_box.toggled.connect(self.set_ignore_layout)
        self.stack_box = QCheckBox("Stack panes")
        self.stack_box.setToolTip("Side by side: old above new instead of left of it")
        self.stack_box.toggled.connect(lambda on: self.side_by_side.set_stacked(on))
        self.stack_box.setEnabled(False)
        fit = QPushButton("Fit")
        fit.clicked.connect(self.fit_all)
        export = QPushButton("Export…")
        export.setToolTip("Save the diff as an HTML report (picture and change list), PNG or SVG")
        export.clicked.connect(self._ask_export)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 6)
        title = QLabel(f"<b>{_escape(self.old_label)}</b> → <b>{_escape(self.new_label)}</b>")
        bar.addWidget(title)
        bar.addSpacing(16)
        bar.addWidget(self.overlay_button)
        bar.addWidget(self.side_button)
        bar.addSpacing(12)
        bar.addWidget(self.ignore_layout_box)
        bar.addWidget(self.stack_box)
        bar.addWidget(fit)
        bar.addWidget(export)
        bar.addStretch(1)
        bar.addWidget(_legend())

        self.stack = QStackedWidget()
        self.stack.addWidget(self.overlay_view)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.property_table, 1)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.change_list)
        side.addWidget(detail)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 2)

        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.stack)
        main.addWidget(side)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 1)
        main.setSizes([880, 400])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(main, 1)

    @property
    def side_by_side(self) -> SideBySideView:
        """The side-by-side panes; built on first use (two more scenes: costly on big graphs)."""
        if self._side_by_side is None:
            view = SideBySideView(
                DiffScene(self.old_doc, self.new_doc, self.catalog, side="old", diff=self.diff),
                DiffScene(self.old_doc, self.new_doc, self.catalog, side="new", diff=self.diff),
                self.old_label, self.new_label,
            )
            for scene in (view.old_scene, view.new_scene):
                scene.set_ignore_layout(self.ignore_layout_box.isChecked())
                scene.selection_changed.connect(lambda s=scene: self._on_canvas_selection(s))
            self.stack.addWidget(view)
            self._side_by_side = view
            rect, area = view.content_rect(), self.stack.size()
            # the first look picks whichever arrangement shows the drawing bigger
            stacked = stacking_is_larger(rect.width(), rect.height(), area.width(), area.height())
            self.stack_box.blockSignals(True)
            self.stack_box.setChecked(stacked)
            self.stack_box.blockSignals(False)
            view.set_stacked(stacked)
        return self._side_by_side

    def _scenes(self) -> list[DiffScene]:
        scenes = [self.overlay_scene]
        if self._side_by_side is not None:
            scenes += [self._side_by_side.old_scene, self._side_by_side.new_scene]
        return scenes

    # ------------------------------------------------------------- actions

    @property
    def mode(self) -> str:
        return "overlay" if self.stack.currentWidget() is self.overlay_view else "side-by-side"

    def set_mode(self, mode: str) -> None:
        """``"overlay"`` or ``"side-by-side"``."""
        self.set_mode_index(0 if mode == "overlay" else 1)

    def set_mode_index(self, index: int) -> None:
        self.stack.setCurrentWidget(self.overlay_view if index == 0 else self.side_by_side)
        (self.overlay_button if index == 0 else self.side_button).setChecked(True)
        self.stack_box.setEnabled(index == 1)
        self.fit_all()

    def set_ignore_layout(self, ignore: bool) -> None:
        if self.ignore_layout_box.isChecked() != ignore:
            self.ignore_layout_box.setChecked(ignore)  # re-enters through toggled
            return
        for scene in self._scenes():
            scene.set_ignore_layout(ignore)
        self.change_list.set_diff(self.diff, ignore_layout=ignore)
        self.property_table.show_change(None)
        self.detail_title.setText(_PICK_A_CHANGE)
        self.detail_title.setToolTip("")

    def fit_all(self) -> None:
        if self.mode == "overlay":
            self.overlay_view.fit_all()
        else:
            self.side_by_side.fit_all()

    def focus_change(self, change: Change) -> None:
        """Shows a change: selects its item and brings it into view, fills the property table."""
        self._show_detail(change)
        if change.kind not in ("node", "edge", "note"):
            return
        if self.mode == "overlay":
            rect = self.overlay_scene.item_rect(change.kind, change.id)
            if rect is not None:
                self.overlay_scene.select_item(change.kind, change.id)  # type: ignore[arg-type]
                self.overlay_view.reveal(rect)
        else:
            self.side_by_side.focus(change.kind, change.id)

    def _show_detail(self, change: Change) -> None:
        self.detail_title.setText(self.words.headline(change))
        self.detail_title.setToolTip(self.words.reference(change))
        self.property_table.show_change(change)

    def export(self, path: str | Path) -> Path:
        """Writes the diff by extension: .html (report), .png or .svg (overlay picture)."""
        out = Path(path)
        ignore = self.ignore_layout_box.isChecked()
        if out.suffix.lower() in (".html", ".htm"):
            return write_html_report(self.old_doc, self.new_doc, out, old_label=self.old_label,
                                     new_label=self.new_label, ignore_layout=ignore,
                                     catalog=self.catalog)
        return render_diff_to_file(self.old_doc, self.new_doc, out, None, ignore, None,
                                   self.catalog)

    def _ask_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export diff", f"diff-{self.old_label}-{self.new_label}.html",
            "HTML report (*.html);;PNG picture (*.png);;SVG picture (*.svg)")
        if not path:
            return
        try:
            self.export(path)
        except FlowdeskError as exc:
            QMessageBox.warning(self, "Export diff", str(exc))

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # type: ignore[arg-type]
        self.fit_all()

    # ------------------------------------------------------------ reactions

    def _on_change_selected(self, change: Change) -> None:
        self.focus_change(change)

    def _on_canvas_selection(self, scene: DiffScene) -> None:
        for kind, ids in (("node", scene.selected_node_ids()), ("edge", scene.selected_edge_ids()),
                          ("note", scene.selected_note_ids())):
            if len(ids) == 1:
                changes = [c for c in self.diff.changes_for(kind, ids[0])  # type: ignore[arg-type]
                           if c.op != "moved" or not scene.ignore_layout]
                if changes:
                    self.change_list.select_item(kind, ids[0])
                    self._show_detail(changes[0])
                return

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        for scene in self._scenes():
            scene.detach()
        super().closeEvent(event)  # type: ignore[arg-type]

    # ------------------------------------------------------------ factories

    @classmethod
    def from_files(cls, old_path: str | Path, new_path: str | Path,
                   catalog: ActionCatalog | None = None,
                   parent: QWidget | None = None) -> DiffWindow:
        """Compares two version files; raises FlowdeskError naming the unreadable one."""
        docs = []
        for path in (Path(old_path), Path(new_path)):
            try:
                docs.append(load(read_json_file(path)))
            except (OSError, ValueError) as exc:
                raise FlowdeskError(f"{path}: cannot read a version document: {exc}") from exc
            except FlowdeskError as exc:
                raise FlowdeskError(f"{path}: {exc}") from exc
        return cls(docs[0], docs[1], Path(old_path).name, Path(new_path).name, catalog, parent)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _legend() -> QLabel:
    parts = [
        f"<span style='color:{STATUS_COLOURS[s]}; font-size:15px'>●</span>&nbsp;{s}"
        for s in ("added", "removed", "changed", "moved")
    ]
    label = QLabel("&nbsp;&nbsp;&nbsp;".join(parts))
    label.setToolTip("  ".join(f"{STATUS_SIGNS[s]} {s}" for s in STATUS_SIGNS))
    return label
