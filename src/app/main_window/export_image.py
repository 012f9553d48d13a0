"""File › Export image…: the open canvas as PNG or SVG, drawn by the render code.

The picture is the same one ``flowdesk render`` makes from a file, so what a
reviewer sees in a document matches the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from flowdesk.app.canvas.render import RenderError, render_scene_to_file

if TYPE_CHECKING:  # the window owns this helper; imported for annotations only
    from .main_window import MainWindow

FILE_FILTER = "PNG image (*.png);;SVG drawing (*.svg)"


def export_canvas_image(window: MainWindow, path: str | Path | None = None) -> Path | None:
    """Ask for a file unless given one; write the picture; say what went wrong and where."""
    scene, session = window.scene, window.session
    if scene is None or session is None:
        window.prompts.info("Export image", "Open a workflow first.")
        return None
    if path is None:
        version = session.version
        label = "draft" if version.is_draft else f"v{version.version}"
        suggested = f"{session.workflow.key}-{label}.png"
        chosen, selected_filter = QFileDialog.getSaveFileName(
            window, "Export the canvas as an image", suggested, FILE_FILTER)
        if not chosen:
            return None
        if not Path(chosen).suffix:
            chosen += ".svg" if selected_filter.startswith("SVG") else ".png"
        path = chosen
    selection = scene.selectedItems()
    try:
        written = render_scene_to_file(scene, path)
    except (RenderError, OSError) as exc:
        window.prompts.error("Cannot export the image", f"{path}: {exc}")
        return None
    finally:
        for item in selection:  # rendering clears the selection; give it back
            item.setSelected(True)
    window.statusBar().showMessage(f"Exported {written}", 5000)
    return written
