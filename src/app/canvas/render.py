"""Headless export of a version document (or a live scene) to PNG or SVG.

It builds a real CanvasScene from the document, so an export looks exactly
like the canvas (same items, same painting code), then paints the scene into
an image or an SVG generator. Unplaced nodes are laid out first (in a
throw-away model, the document itself is not changed).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QUndoStack
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from flowdesk.app.canvas.scene import CanvasScene
from flowdesk.model.catalog import ActionCatalog, builtin_catalog
from flowdesk.model.document import VersionDocument
from flowdesk.model.editor.layout import auto_layout
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.errors import FlowdeskError

PADDING = 40.0
FORMATS = (".png", ".svg")


class RenderError(FlowdeskError):
    """The output cannot be written (unknown extension, bad width, unwritable path)."""


def render_scene_to_file(scene: CanvasScene, path: str | Path, width: int | None = None) -> Path:
    """Paints every item of ``scene`` into ``path`` (.png or .svg), ``width`` pixels wide."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise RenderError(f"{out}: cannot render to {suffix or 'a file without extension'}; "
                          "use .png or .svg")
    if width is not None and width < 16:
        raise RenderError(f"width must be at least 16 pixels, got {width}")
    scene.clearSelection()
    # Edge labels look for free space with scene.items(), which finds nothing while
    # QGraphicsScene.render is painting; so they are placed before painting starts.
    for edge in scene.edge_items.values():
        edge.label  # noqa: B018 - computes and caches the label layout
    source = scene.content_rect().adjusted(-PADDING, -PADDING, PADDING, PADDING)
    if source.isEmpty():
        source = QRectF(0, 0, 400, 200)
    w = width if width is not None else round(source.width())
    h = max(1, round(source.height() * w / source.width()))
    target = QRectF(0, 0, w, h)
    if suffix == ".png":
        image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(scene.colours.background)
        painter = QPainter(image)
        _paint(painter, scene, target, source)
        if not image.save(str(out), "PNG"):
            raise RenderError(f"{out}: could not write the image")
    else:
        generator = QSvgGenerator()
        generator.setFileName(str(out))
        generator.setSize(QSize(w, h))
        generator.setViewBox(target)
        generator.setTitle("Flowdesk workflow")
        painter = QPainter()
        if not painter.begin(generator):
            raise RenderError(f"{out}: could not write the SVG")
        painter.fillRect(target, scene.colours.background)
        _paint(painter, scene, target, source)
        if not out.exists():
            raise RenderError(f"{out}: could not write the SVG")
    return out


def _paint(painter: QPainter, scene: CanvasScene, target: QRectF, source: QRectF) -> None:
    """Paints with item caches off: a cached item would be drawn as a bitmap, which
    blurs a PNG at another scale and turns an SVG's text and shapes into images."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    cached = [item for item in scene.items() if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    modes = [item.cacheMode() for item in cached]
    for item in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        painter.end()
        for item, mode in zip(cached, modes, strict=True):
            item.setCacheMode(mode)


def render_document_to_file(
    doc: VersionDocument, path: str | Path, width: int | None = None,
    catalog: ActionCatalog | None = None,
) -> Path:
    """Renders a version document headless; needs a QGuiApplication (see the render command)."""
    catalog = catalog if catalog is not None else builtin_catalog()
    model = WorkflowModel(doc, catalog)
    if any(n.position is None for n in doc.graph.nodes):
        model.move_nodes(auto_layout(doc.graph, only_unplaced=True))
    scene = CanvasScene(model, catalog, QUndoStack())
    try:
        return render_scene_to_file(scene, path, width)
    finally:
        scene.detach()
