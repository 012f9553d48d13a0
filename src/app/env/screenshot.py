"""Regenerate ``docs/env-editor.png``: the env editor as the bottom dock shows it.

``python -m flowdesk.app.env.screenshot docs/env-editor.png`` (offscreen or under
Xvfb). The demo has what a reader should see marked: a credential pasted as a plain
value (with its "Make it a secret reference" button), a name the runner would
refuse, and a secret whose connection the tenant no longer has.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from flowdesk.app.env.env_editor import EnvEditor
from flowdesk.model.document import empty_document, load_env_config
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.env_editing import Connection

DEMO_ENV = {
    "env": {"REGION": "eu-west-1", "CRM_BASE_URL": "https://crm.example.com/api/v2",
            "STRIPE_KEY": "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "retry-count": "3"},
    "secrets": {
        "CRM_TOKEN": {"connectionId": "c-crm", "secretRefKey": "api_token",
                      "description": "CRM API token"},
        "SMTP_PASSWORD": {"connectionId": "c-mail", "secretRefKey": "password",
                          "description": "Outgoing mail"},
        "LEGACY_DB": {"connectionId": "c-0ld-db", "secretRefKey": "dsn",
                      "description": "Old billing database"},
    },
}
DEMO_CONNECTIONS = [Connection("c-crm", "CRM", "http"), Connection("c-mail", "Mailer", "smtp")]


def take(out: Path, width: int = 1400, height: int = 330) -> Path:
    app = QApplication.instance() or QApplication(["flowdesk-screenshots"])  # noqa: F841 - kept alive
    model = WorkflowModel(empty_document())
    model.set_env_config(load_env_config(DEMO_ENV))
    editor = EnvEditor(model, QUndoStack(), DEMO_CONNECTIONS)
    editor.resize(width, height)
    editor.show()
    loop = QEventLoop()
    QTimer.singleShot(300, loop.quit)
    loop.exec()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not editor.grab().save(str(out)):
        raise OSError(f"cannot write {out}")
    editor.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="docs/env-editor.png")
    print(take(Path(parser.parse_args(argv).out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
