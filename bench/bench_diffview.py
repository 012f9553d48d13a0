"""Overlay diff of two 5,000-node versions: build the diff scene and paint it (target 300 ms).

The versions are the diff benchmark's (bench_diff: ~2 % of nodes edited, 50
moved, 10 removed, 10 added), each loaded from its own JSON. "Drawn" means the
whole user-visible cost: diff, union scene with marks and ghosts, and one paint
of a 1920x1080 view fitted to all items. Run with ``python -m bench diffview``.
"""

from __future__ import annotations

import copy
import json
import os
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.bench_diff import NODES, _edit  # noqa: E402
from bench.graphs import branching_document  # noqa: E402
from bench.measure import time_ms  # noqa: E402
from flowdesk.app.canvas.view import CanvasView  # noqa: E402
from flowdesk.app.diffview.overlay import DiffScene  # noqa: E402
from flowdesk.model.catalog import builtin_catalog  # noqa: E402
from flowdesk.model.document import dump, load  # noqa: E402

WIDTH, HEIGHT = 1920, 1080


def run() -> list[dict[str, Any]]:
    app = QApplication.instance() or QApplication(["bench"])  # noqa: F841 - keeps Qt alive
    base_json = json.loads(json.dumps(dump(branching_document(NODES, seed=7))))
    old = load(copy.deepcopy(base_json))
    new = load(_edit(base_json, seed=1))
    catalog = builtin_catalog()
    kept: list[Any] = []

    def draw() -> None:
        scene = DiffScene(old, new, catalog)
        view = CanvasView(scene)
        view.resize(WIDTH, HEIGHT)
        view.fit_all()
        view.viewport().grab()
        kept.append((scene, view))  # freed after timing, not inside it

    median, p95 = time_ms(draw, repeat=5)
    marks = len(kept[-1][0].marks)
    for scene, view in kept:
        view.deleteLater()
        scene.detach()
    kept.clear()
    return [{
        "name": f"overlay diff of two {NODES}-node versions drawn",
        "median_ms": median, "p95_ms": p95, "target_ms": 300.0,
        "notes": f"{marks} marked items; diff + scene + one fitted 1920x1080 paint",
    }]


if __name__ == "__main__":
    for row in run():
        print(row)
