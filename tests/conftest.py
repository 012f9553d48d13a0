"""Suite-wide settings: Qt always runs offscreen in tests, whatever the shell says."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
