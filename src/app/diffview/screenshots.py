"""Regenerate the diff screenshots in ``docs/`` from the shipped order-approval example.

``python -m flowdesk.app.diffview.screenshots docs`` (offscreen or under Xvfb)
writes ``diff-overlay.png`` and ``diff-side-by-side.png``. The "new" version is
the example with one edit of every kind a diff shows, made here in code.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from flowdesk.app.diffview.diff_window import DiffWindow
from flowdesk.app.session.workspace import example_document
from flowdesk.model.document import VersionDocument, dump, load


def demo_pair() -> tuple[VersionDocument, VersionDocument]:
    """(v1, v2) of the order-approval example: added, removed, changed and moved items."""
    old = example_document("order-approval.json")
    data: dict[str, Any] = copy.deepcopy(dump(old))
    graph = data["graph"]
    nodes = {n["id"]: n for n in graph["nodes"]}
    nodes["fetch_order"]["config"]["timeoutSeconds"] = 20
    nodes["notify_sales"]["config"]["text"] = "Order ${{ params.orderId }} auto-approved"
    nodes["end_review"]["position"] = {"x": 1280, "y": 316}
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "manager_approval"]
    graph["nodes"].append({
        "id": "legal_approval", "type": "action", "name": "Legal approval",
        "actionId": "approval.request", "position": {"x": 1000, "y": -152},
        "config": {"approvers": ["legal@example.com"],
                   "title": "Legal check of order ${{ params.orderId }}"},
    })
    graph["edges"] = [e for e in graph["edges"] if e["id"] not in ("e7", "e9")]
    graph["edges"] += [
        {"id": "e17", "source": "approvals", "target": "legal_approval"},
        {"id": "e18", "source": "legal_approval", "target": "approvals_done",
         "condition": "onSuccess"},
    ]
    for edge in graph["edges"]:
        if edge["id"] == "e3":
            edge["condition"] = "always"
    schema = data["parameterSchema"]
    schema["properties"]["region"] = {"type": "string", "title": "Region"}
    schema["required"] = ["orderId", "region"]
    schema["properties"]["approvalThreshold"]["default"] = 5000
    data["envConfig"]["env"]["ORDERS_API"] = "https://orders.example.com/api/v2"
    return old, load(data)


def _settle(app: QApplication, ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def take(folder: Path, width: int = 1600, height: int = 900) -> list[Path]:
    app = QApplication.instance() or QApplication(["flowdesk-screenshots"])
    old, new = demo_pair()
    window = DiffWindow(old, new, "v1", "v2")
    window.resize(width, height)
    window.show()
    _settle(app)  # type: ignore[arg-type]
    window.fit_all()
    window.change_list.select_item("node", "fetch_order")
    _settle(app)  # type: ignore[arg-type]
    folder.mkdir(parents=True, exist_ok=True)
    overlay = folder / "diff-overlay.png"
    window.grab().save(str(overlay))

    window.set_mode("side-by-side")  # opens fitted, stacked when that is bigger
    _settle(app)  # type: ignore[arg-type]
    window.change_list.select_item("node", "manager_approval")
    _settle(app)  # type: ignore[arg-type]
    side = folder / "diff-side-by-side.png"
    window.grab().save(str(side))
    window.close()
    return [overlay, side]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", default="docs")
    args = parser.parse_args(argv)
    for path in take(Path(args.folder)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
