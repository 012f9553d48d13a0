"""The problems panel: what validation says about the open version, as you edit.

Problems read as plain words with items by name ("Large order? -> Send email",
not "edge e4"); the code and JSON pointer are one click away ("Show details")
and in each row's tooltip. Double-clicking (or Enter on) a problem asks the
window to select and centre the node or edge it concerns; the panel itself
knows nothing of the canvas.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowdesk.model.document import Graph
from flowdesk.model.plain_messages import GraphNames
from flowdesk.model.problems import Problem, Severity

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_ICONS = {
    Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
    Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
}


def summary_text(problems: list[Problem]) -> str:
    """``2 errors, 1 warning`` — or ``No problems``."""
    counts = {s: 0 for s in Severity}
    for p in problems:
        counts[p.severity] += 1
    parts = []
    for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"),
                           (Severity.INFO, "note")):
        n = counts[severity]
        if n:
            parts.append(f"{n} {word}{'s' if n != 1 else ''}")
    return ", ".join(parts) if parts else "No problems"


def where(problem: Problem) -> str:
    """The machine location (ids, pointer): what "Show details" and tooltips add."""
    loc = problem.location
    if loc.node_id is not None:
        return f"node {loc.node_id}"
    if loc.edge_id is not None:
        return f"edge {loc.edge_id}"
    if loc.note_id is not None:
        return f"note {loc.note_id}"
    return loc.pointer or "document"


class ProblemsPanel(QWidget):
    """A sortable list of problems; ``problem_activated`` on double-click or Enter."""

    problem_activated = Signal(object)  # Problem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary_label = QLabel("No problems", self)
        self.summary_label.setObjectName("problemsSummary")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("problemsList")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Problem", "Where", "Code", "Location"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSortingEnabled(False)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for col, width in ((1, 220), (2, 170), (3, 220)):
            header.resizeSection(col, width)
        header.moveSection(1, 0)  # read as "Where: what" (the logical columns stay put)
        self.details_check = QCheckBox("Show details", self)
        self.details_check.setObjectName("problemsDetails")
        self.details_check.setToolTip("Show each problem's code and where it is in the "
                                      "version's JSON (ids and JSON pointer)")
        self.details_check.toggled.connect(self.show_details)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.details_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self.tree.itemActivated.connect(self._on_activated)
        self._problems: list[Problem] = []
        self.show_details(False)

    def show_details(self, shown: bool) -> None:
        """The code and machine location columns: for developers, hidden by default."""
        if self.details_check.isChecked() != shown:
            self.details_check.setChecked(shown)
        for column in (2, 3):
            self.tree.setColumnHidden(column, not shown)

    def set_problems(self, problems: list[Problem], graph: Graph | None = None) -> None:
        """Replace the list (errors first, then by where); ``graph`` names the items."""
        names = GraphNames.of(graph)
        self._problems = sorted(problems, key=lambda p: (_ORDER.get(p.severity, 3), where(p)))
        self.tree.clear()
        style = self.style()
        items = []
        for problem in self._problems:
            item = QTreeWidgetItem([
                names.problem_text(problem), names.where(problem.location), problem.code,
                str(problem.location),
            ])
            # the icon leads the row, in the "Where" column that is shown first
            item.setIcon(1, style.standardIcon(_ICONS.get(problem.severity, _ICONS[Severity.INFO])))
            item.setToolTip(0, str(problem))
            item.setToolTip(1, where(problem))
            item.setData(0, PROBLEM_ROLE, problem)
            if problem.severity is Severity.ERROR:
                item.setForeground(1, QBrush(QColor("#dc2626")))
            items.append(item)
        self.tree.addTopLevelItems(items)
        self.summary_label.setText(summary_text(problems))

    def problems(self) -> list[Problem]:
        return list(self._problems)

    def item_for(self, row: int) -> QTreeWidgetItem | None:
        return self.tree.topLevelItem(row)

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        problem = item.data(0, PROBLEM_ROLE)
        if problem is not None:
            self.problem_activated.emit(problem)
