"""Regenerate ``docs/merge-view.png`` from the shipped order-approval example.

``python -m flowdesk.app.merge.screenshot docs/merge-view.png`` (offscreen or
under Xvfb). Base is the example, mine the diff screenshots' "v2", theirs the
example edited by someone else: three conflicts, one of them already resolved.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from flowdesk.app.diffview.screenshots import demo_pair
from flowdesk.app.merge.merge_view import MergeDialog
from flowdesk.model.document import VersionDocument, dump, load


def demo_merge() -> tuple[VersionDocument, VersionDocument, VersionDocument]:
    base, mine = demo_pair()
    data: dict[str, Any] = copy.deepcopy(dump(base))
    nodes = {n["id"]: n for n in data["graph"]["nodes"]}
    nodes["fetch_order"]["config"]["timeoutSeconds"] = 45
    nodes["notify_sales"]["config"]["text"] = "Order ${{ params.orderId }} approved (auto)"
    nodes["flag_review"]["name"] = "Flag for manual review"
    data["envConfig"]["env"]["ORDERS_API"] = "https://orders.example.com/api/v3"
    return base, mine, load(data)


def _settle(app: QApplication, ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def take(out: Path, width: int = 1600, height: int = 900) -> Path:
    app = QApplication.instance() or QApplication(["flowdesk-screenshots"])
    dialog = MergeDialog(*demo_merge())
    dialog.resize(width, height)
    dialog.show()
    _settle(app)  # type: ignore[arg-type]
    dialog.editor.use_theirs.click()  # the first conflict: take theirs
    _settle(app)  # type: ignore[arg-type]
    out.parent.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(out))
    dialog.reject()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="docs/merge-view.png")
    print(take(Path(parser.parse_args(argv).out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
