"""Headless export of a version document (or a live scene) to PNG or SVG.

It builds a real CanvasScene from the document, so an export looks exactly
like the canvas (same items, same painting code), then paints the scene into
an image or an SVG generator. Unplaced nodes are laid out first (in a
throw-away model, the document itself is not changed).

Pictures are scaled down to the limits of :mod:`flowdesk.model.drawing_bounds`
(a 5,000-node workflow is too wide for one image), and the file is written
under a temporary name and renamed into place, so a failed export leaves the
previous file (or none), never an empty or half-written one.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QUndoStack
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from flowdesk.app.canvas.scene import CanvasScene
from flowdesk.model.catalog import ActionCatalog, builtin_catalog
from flowdesk.model.document import VersionDocument
from flowdesk.model.drawing_bounds import MAX_IMAGE_SIDE, fit_image_size, undrawable_position
from flowdesk.model.editor.layout import auto_layout
from flowdesk.model.editor.workflow_model import WorkflowModel
from flowdesk.model.errors import FlowdeskError

PADDING = 40.0
FORMATS = (".png", ".svg")


class RenderError(FlowdeskError):
    """The output cannot be written (unknown extension, bad width, unwritable path)."""


def render_scene_to_file(scene: CanvasScene, path: str | Path, width: int | None = None) -> Path:
    """Paints every item of ``scene`` into ``path`` (.png or .svg), ``width`` pixels wide.

    The picture is scaled down when it would pass the size limits; the file
    appears complete or not at all.
    """
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise RenderError(f"{out}: cannot render to {suffix or 'a file without extension'}; "
                          "use .png or .svg")
    if width is not None and not 16 <= width <= MAX_IMAGE_SIDE:
        raise RenderError(f"width must be 16 to {MAX_IMAGE_SIDE} pixels, got {width}")
    scene.clearSelection()
    # Edge labels look for free space with scene.items(), which finds nothing while
    # QGraphicsScene.render is painting; so they are placed before painting starts.
    for edge in scene.edge_items.values():
        edge.label  # noqa: B018 - computes and caches the label layout
    source = scene.content_rect().adjusted(-PADDING, -PADDING, PADDING, PADDING)
    if source.isEmpty():
        source = QRectF(0, 0, 400, 200)
    w = width if width is not None else source.width()
    w, h = fit_image_size(w, source.height() * w / source.width())
    target = QRectF(0, 0, w, h)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        if suffix == ".png":
            _write_png(scene, temporary, target, source)
        else:
            _write_svg(scene, temporary, target, source)
        os.replace(temporary, out)
    except OSError as exc:
        raise RenderError(f"{out}: could not write the file: {exc.strerror or exc}") from None
    except RenderError as exc:
        raise RenderError(f"{out}: {exc}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return out


def _write_png(scene: CanvasScene, path: Path, target: QRectF, source: QRectF) -> None:
    image = QImage(round(target.width()), round(target.height()),
                   QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise RenderError("could not allocate the image")
    image.fill(scene.colours.background)
    painter = QPainter(image)
    _paint(painter, scene, target, source)
    if not image.save(str(path), "PNG"):
        raise RenderError("could not write the image")


def _write_svg(scene: CanvasScene, path: Path, target: QRectF, source: QRectF) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(round(target.width()), round(target.height())))
    generator.setViewBox(target)
    generator.setTitle("Flowdesk workflow")
    painter = QPainter()
    if not painter.begin(generator):
        raise RenderError("could not write the SVG")
    painter.fillRect(target, scene.colours.background)
    _paint(painter, scene, target, source)
    if not path.exists() or path.stat().st_size == 0:
        raise RenderError("could not write the SVG")


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
    problem = undrawable_position(doc.graph)
    if problem is not None:
        raise RenderError(problem)
    catalog = catalog if catalog is not None else builtin_catalog()
    model = WorkflowModel(doc, catalog)
    if any(n.position is None for n in doc.graph.nodes):
        model.move_nodes(auto_layout(doc.graph, only_unplaced=True))
    scene = CanvasScene(model, catalog, QUndoStack())
    try:
        return render_scene_to_file(scene, path, width)
    finally:
        scene.detach()
