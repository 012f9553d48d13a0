"""The merge view: base (what the draft started from), mine (the draft), theirs (remote latest).

Changes made on one side only are merged by :func:`merge_documents`; each
conflict is listed and settled here by picking mine, theirs, or typing a JSON
value. The merged graph is previewed on the canvas (items marked by how they
differ from theirs, which is what publishing will change) and validated after
every choice. Accept hands back the merged document; Cancel hands back nothing
and no document is touched: every document here is an immutable value.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from flowdesk.app.canvas.view import CanvasView
from flowdesk.app.diffview.overlay import DiffScene
from flowdesk.app.diffview.status import STATUS_COLOURS
from flowdesk.model.catalog import ActionCatalog, builtin_catalog
from flowdesk.model.changes import ABSENT, Json
from flowdesk.model.document import VersionDocument
from flowdesk.model.errors import MergeError
from flowdesk.model.json_input import JsonInputError, parse_json
from flowdesk.model.merge import (
    Conflict,
    Custom,
    MergeResult,
    Resolution,
    apply_resolutions,
    conflict_text,
    merge_documents,
)
from flowdesk.model.plain_messages import GraphNames

CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 1
UNRESOLVED_COLOUR = "#b42318"
RESOLVED_COLOUR = STATUS_COLOURS["added"]
MONO = QFont("monospace")
MONO.setStyleHint(QFont.StyleHint.Monospace)


def json_text(value: Json) -> str:
    """Pretty JSON for the editors; a missing value is an empty text."""
    if value is ABSENT:
        return ""
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)


def resolution_label(resolution: Resolution) -> str:
    return "edited value" if isinstance(resolution, Custom) else resolution


class ConflictEditor(QWidget):
    """Base, mine and theirs of one conflict, with "use mine", "use theirs" and a JSON editor."""

    #: (conflict id, resolution) the user chose
    resolved = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict: Conflict | None = None
        #: names the conflicting items (the dialog sets it from the merge result)
        self.names = GraphNames.of(None)
        self.title = QLabel("Select a conflict")
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.base_text, self.mine_text, self.theirs_text = (
            self._viewer(), self._viewer(), self._viewer())
        self.use_mine = QPushButton("Use mine")
        self.use_theirs = QPushButton("Use theirs")
        self.use_mine.clicked.connect(lambda: self._choose("mine"))
        self.use_theirs.clicked.connect(lambda: self._choose("theirs"))
        self.editor = QPlainTextEdit()
        self.editor.setFont(MONO)
        self.editor.setPlaceholderText("JSON value (leave empty to remove it)")
        self.editor.setMaximumHeight(170)
        self.apply_edit = QPushButton("Use edited value")
        self.apply_edit.clicked.connect(self._apply_edit)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {UNRESOLVED_COLOUR}")
        self.error.setWordWrap(True)

        grid = QGridLayout()
        for col, (label, box) in enumerate((("Base", self.base_text), ("Mine", self.mine_text),
                                            ("Theirs", self.theirs_text))):
            grid.addWidget(QLabel(f"<b>{label}</b>"), 0, col)
            grid.addWidget(box, 1, col)
        grid.setRowStretch(1, 1)
        grid.addWidget(self.use_mine, 2, 1)
        grid.addWidget(self.use_theirs, 2, 2)
        edit_row = QHBoxLayout()
        edit_row.addWidget(QLabel("<b>Or edit the value:</b>"))
        edit_row.addStretch(1)
        edit_row.addWidget(self.apply_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(grid, 1)
        layout.addLayout(edit_row)
        layout.addWidget(self.editor)
        layout.addWidget(self.error)
        self.show_conflict(None, None)

    @staticmethod
    def _viewer() -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setReadOnly(True)
        box.setFont(MONO)
        box.setPlaceholderText("(not there)")
        return box

    def show_conflict(self, conflict: Conflict | None, current: Json) -> None:
        """Shows a conflict; ``current`` is the value it would merge to now (for the editor)."""
        self.conflict = conflict
        enabled = conflict is not None
        for w in (self.use_mine, self.use_theirs, self.editor, self.apply_edit):
            w.setEnabled(enabled)
        self.error.clear()
        if conflict is None:
            self.title.setText("Select a conflict")
            for box in (self.base_text, self.mine_text, self.theirs_text, self.editor):
                box.setPlainText("")
            return
        self.title.setText(conflict_text(conflict, self.names))
        self.title.setToolTip(conflict.path)  # the machine location, for whoever asks
        self.base_text.setPlainText(json_text(conflict.base))
        self.mine_text.setPlainText(json_text(conflict.mine))
        self.theirs_text.setPlainText(json_text(conflict.theirs))
        self.editor.setPlainText(json_text(current))

    def _choose(self, resolution: Resolution) -> None:
        if self.conflict is not None:
            self.error.clear()
            self.resolved.emit(self.conflict.id, resolution)

    def _apply_edit(self) -> None:
        if self.conflict is None:
            return
        text = self.editor.toPlainText().strip()
        if not text:
            self._choose(Custom(ABSENT))
            return
        try:
            value = parse_json(text)
        except JsonInputError as exc:
            self.error.setText(f"Not JSON: {str(exc).removeprefix('not JSON: ')}")
            return
        self._choose(Custom(value))

    def show_error(self, message: str) -> None:
        self.error.setText(message)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class MergeDialog(QDialog):
    """Merges mine and theirs over base; :meth:`merged_document` after Accept."""

    def __init__(self, base: VersionDocument, mine: VersionDocument, theirs: VersionDocument,
                 catalog: ActionCatalog | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge your draft with the latest version")
        self.catalog = catalog if catalog is not None else builtin_catalog()
        self.base, self.mine, self.theirs = base, mine, theirs
        self.initial = merge_documents(base, mine, theirs, self.catalog)
        self.merge_result: MergeResult = self.initial
        self.names = self.initial.names()
        self.choices: dict[str, Resolution] = {}
        self._accepted_document: VersionDocument | None = None

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.conflict_list = QListWidget()
        self.conflict_list.setStyleSheet("QListWidget::item { padding: 3px 2px; }")
        self.conflict_list.currentItemChanged.connect(self._on_conflict_picked)
        self.editor = ConflictEditor()
        self.editor.names = self.names
        self.editor.resolved.connect(self.resolve)
        self.problem_list = QListWidget()
        self.problem_list.setMaximumHeight(140)
        self.preview_box = QVBoxLayout()
        self.preview_box.setContentsMargins(0, 0, 0, 0)
        self.preview: CanvasView | None = None
        self.buttons = QDialogButtonBox()
        self.accept_button = self.buttons.addButton(
            "Accept merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._build()
        self._fill_conflicts()
        self._refresh()
        if self.conflict_list.count():
            self.conflict_list.setCurrentRow(0)
        self.resize(1400, 860)

    def _build(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Conflicts</b>"))
        self.conflict_list.setMaximumHeight(180)
        left_layout.addWidget(self.conflict_list)
        left_layout.addSpacing(8)
        left_layout.addWidget(self.editor, 1)

        preview_panel = QWidget()
        preview_layout = QVBoxLayout(preview_panel)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(QLabel(
            "<b>Merged result</b> &nbsp; marked: what it changes compared with the latest "
            "version; <span style='color:#c026d3'>!</span> open conflicts"))
        preview_layout.addLayout(self.preview_box, 5)
        preview_layout.addWidget(QLabel("<b>Problems</b>"))
        preview_layout.addWidget(self.problem_list, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(preview_panel)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([560, 840])

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------- state

    def _fill_conflicts(self) -> None:
        self.conflict_list.clear()
        for conflict in self.initial.conflicts:
            item = QListWidgetItem()
            item.setData(CONFLICT_ROLE, conflict.id)
            self.conflict_list.addItem(item)
        self._label_conflicts()

    def _label_conflicts(self) -> None:
        for row in range(self.conflict_list.count()):
            item = self.conflict_list.item(row)
            conflict = self._conflict(item.data(CONFLICT_ROLE))
            choice = self.choices.get(conflict.id)
            text = conflict_text(conflict, self.names)
            item.setToolTip(conflict.path)
            if choice is None:
                item.setText(f"⚠  {text}")
                item.setForeground(QBrush(QColor(UNRESOLVED_COLOUR)))
            else:
                item.setText(f"✓  {text}  →  {resolution_label(choice)}")
                item.setForeground(QBrush(QColor(RESOLVED_COLOUR)))

    def _conflict(self, conflict_id: str) -> Conflict:
        return next(c for c in self.initial.conflicts if c.id == conflict_id)

    def unresolved(self) -> list[Conflict]:
        return [c for c in self.initial.conflicts if c.id not in self.choices]

    def resolve(self, conflict_id: str, resolution: Resolution) -> bool:
        """Settles (or re-settles) one conflict; False when the choice makes no document."""
        choices = {**self.choices, conflict_id: resolution}
        try:
            result = apply_resolutions(self.initial, choices)
        except MergeError as exc:
            self.editor.show_error(str(exc))
            return False
        self.choices = choices
        self.merge_result = result
        self._label_conflicts()
        self._refresh()
        self._advance()
        return True

    def _advance(self) -> None:
        """Moves to the next open conflict, so resolving many is one click each."""
        open_ids = {c.id for c in self.unresolved()}
        for row in range(self.conflict_list.count()):
            if self.conflict_list.item(row).data(CONFLICT_ROLE) in open_ids:
                self.conflict_list.setCurrentRow(row)
                return
        self._on_conflict_picked(self.conflict_list.currentItem(), None)

    def current_value(self, conflict: Conflict) -> Json:
        """What the merged document holds for a conflict now (its choice, else base)."""
        choice = self.choices.get(conflict.id)
        return conflict.base if choice is None else conflict.value_for(choice)

    def _on_conflict_picked(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None:
            self.editor.show_conflict(None, None)
            return
        conflict = self._conflict(item.data(CONFLICT_ROLE))
        self.editor.show_conflict(conflict, self.current_value(conflict))
        if self.preview is not None and conflict.kind in ("node", "edge", "note"):
            self.preview.center_on_item(conflict.item_id, conflict.kind)

    def _refresh(self) -> None:
        mine_count = len(list(self.initial.mine_diff().all_changes()))
        theirs_count = len(list(self.initial.theirs_diff().all_changes()))
        total = len(self.initial.conflicts)
        left = len(self.unresolved())
        text = (f"Your draft has {_count(mine_count, 'change')}, the latest version "
                f"{theirs_count}. Changes that do not conflict are merged. ")
        text += (f"<b>{left} of {_count(total, 'conflict')} left to resolve.</b>" if left else
                 f"{'The conflict is' if total == 1 else f'All {total} conflicts are'} resolved."
                 if total else "No conflicts.")
        self.summary.setText(text)
        self.accept_button.setEnabled(left == 0)
        self._show_preview()
        self.problem_list.clear()
        names = GraphNames.of(self.merge_result.document.graph)
        for problem in self.merge_result.problems:
            item = QListWidgetItem(f"{problem.severity.capitalize()}: {names.describe(problem)}")
            item.setToolTip(str(problem))  # code and pointer, for whoever asks
            if problem.is_error:
                item.setForeground(QBrush(QColor(UNRESOLVED_COLOUR)))
            self.problem_list.addItem(item)
        if not self.merge_result.problems:
            self.problem_list.addItem("No problems: the merged version validates.")

    def _show_preview(self) -> None:
        if self.preview is not None:
            self.preview.canvas.detach()
            self.preview.setParent(None)
            self.preview.deleteLater()
        scene = DiffScene(self.theirs, self.merge_result.document, self.catalog, side="new")
        scene.set_problems(list(self.merge_result.problems))
        scene.mark_conflicts([(c.kind, c.item_id) for c in self.unresolved()
                              if c.kind in ("node", "edge", "note")])
        self.preview = CanvasView(scene)
        self.preview_box.addWidget(self.preview)
        QTimer.singleShot(0, self._fit_preview)

    def _fit_preview(self) -> None:
        if self.preview is not None:
            self.preview.fit_all()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # type: ignore[arg-type]
        if self.preview is not None:
            self.preview.fit_all()

    # ------------------------------------------------------------ results

    def accept(self) -> None:
        if self.unresolved():
            return
        self._accepted_document = self.merge_result.document
        super().accept()

    def merged_document(self) -> VersionDocument | None:
        """The merged document after Accept; None before, or after Cancel."""
        return self._accepted_document
