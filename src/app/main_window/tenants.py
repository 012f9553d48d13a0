"""Switching the window between the workspace's tenants (a pull mirrors every tenant of a remote).

The browser's tenant combo asks; this module closes the open session first
(unsaved edits are never dropped without asking), moves the :class:`Workspace`
to the chosen tenant, lists its workflows and remembers the choice per
workspace in settings.
"""

from __future__ import annotations

import hashlib
from typing import Any

from PySide6.QtCore import QObject

from flowdesk.model.errors import FlowdeskError

#: settings group holding the chosen tenant id per workspace location
SETTINGS_GROUP = "tenants"


def _setting_key(location: str) -> str:
    # Locations are paths or URLs: their slashes would nest QSettings groups.
    return f"{SETTINGS_GROUP}/{hashlib.sha1(location.encode()).hexdigest()[:16]}"


class TenantSwitcher(QObject):
    """Wires the browser's tenant combo into ``window`` (a :class:`MainWindow`)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        window.browser.tenant_requested.connect(self.switch)

    @property
    def _qsettings(self) -> Any:
        return self.window.settings.qsettings

    def remembered(self) -> str | None:
        value = self._qsettings.value(_setting_key(self.window.workspace.location))
        return str(value) if value else None

    def remember(self) -> None:
        workspace = self.window.workspace
        self._qsettings.setValue(_setting_key(workspace.location), workspace.tenant_id)

    def restore(self) -> bool:
        """At start-up (nothing open yet): go back to the tenant chosen last time, if it exists."""
        tenant_id = self.remembered()
        workspace = self.window.workspace
        if tenant_id is None or tenant_id == workspace.tenant_id:
            return False
        try:
            workspace.use_tenant(tenant_id)
        except FlowdeskError:
            return False  # gone (another workspace file, or the tenant was removed)
        self._show_tenant()
        return True

    def switch(self, tenant_id: str) -> bool:
        """Close the open workflow (saving it) and work on ``tenant_id``; False if refused."""
        window = self.window
        if tenant_id == window.workspace.tenant_id:
            return True
        if not window.close_session():
            window.browser.show_current_tenant()  # the user went back to the unsaved edits
            return False
        try:
            tenant = window.workspace.use_tenant(tenant_id)
        except FlowdeskError as exc:
            window.prompts.error("Cannot switch tenant", str(exc))
            window.browser.refresh_tenants()
            return False
        self.remember()
        self._show_tenant()
        window.statusBar().showMessage(f"Tenant: {tenant.name}", 4000)
        return True

    def after_pull(self) -> None:
        """New tenants may have arrived and the open one may have been adopted (new id)."""
        self.window.browser.refresh_tenants()
        self.remember()

    def _show_tenant(self) -> None:
        window = self.window
        window.browser.search_edit.clear()
        window.browser.refresh_tenants()
        window.browser.refresh()
        window.refresh_connections()
        window.setWindowTitle(f"{window.workspace.tenant.name} — Flowdesk")
        window.refresh_publish_route()
