"""Default dock sizes: what a first start (no saved layout) looks like.

Qt gives each dock its minimum size until told otherwise, which leaves a
narrow workflow list and an inspector whose config form is squeezed under the
name fields. These sizes follow the window: about 260 px of workflows and
360 px of inspector on a 1280 x 800 screen, a little more on a large one
(280 and 400 px at 1920 x 1200), a bottom area of about 220 px (problems, and the
parameter and environment editors tabbed with it: they need a few rows), and most of the
right column for the inspector (the version history below it needs only a few rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow


@dataclass(frozen=True)
class DockSizes:
    browser_width: int
    inspector_width: int
    problems_height: int
    history_height: int
    browser_share: float = 0.42  # of the left column; the action palette gets the rest


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, value)))


def default_dock_sizes(window: QSize) -> DockSizes:
    """Sizes for a window of ``window`` size (1280 x 800: 256, 358, 224, 150)."""
    width, height = window.width(), window.height()
    return DockSizes(
        browser_width=_clamp(width * 0.2, 220, 280),
        inspector_width=_clamp(width * 0.28, 320, 400),
        problems_height=_clamp(height * 0.28, 200, 300),
        history_height=_clamp(height * 0.15, 120, 180),
    )


def apply_default_dock_sizes(window: QMainWindow, browser: QDockWidget,
                             palette: QDockWidget, inspector: QDockWidget,
                             history: QDockWidget, problems: QDockWidget) -> DockSizes:
    """Resize the docks for the window's current size (call once it has its size)."""
    sizes = default_dock_sizes(window.size())
    window.resizeDocks([browser, inspector], [sizes.browser_width, sizes.inspector_width],
                       Qt.Orientation.Horizontal)
    window.resizeDocks([problems], [sizes.problems_height], Qt.Orientation.Vertical)
    # One dock of each column: its neighbour takes the rest (naming both with sizes that
    # do not add up to the column would make Qt take the difference from the problems).
    column = browser.height() + palette.height()
    window.resizeDocks([browser], [int(column * sizes.browser_share)], Qt.Orientation.Vertical)
    window.resizeDocks([history], [sizes.history_height], Qt.Orientation.Vertical)
    return sizes
