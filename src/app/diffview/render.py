"""Headless pictures and reports of a diff, drawn with the canvas's own painting code.

:func:`render_diff_to_file` writes the overlay (a :class:`DiffScene`) as PNG or
SVG through the canvas exporter; :func:`write_html_report` writes one
self-contained HTML file (inline SVG or base64 PNG plus the change list, no
external assets) for code review and mail. Both need a QGuiApplication.
"""

from __future__ import annotations

import base64
import html
import re
import tempfile
from pathlib import Path
from typing import Literal

from flowdesk.app.canvas.render import RenderError, render_scene_to_file
from flowdesk.app.diffview.describe import DiffWords, sections
from flowdesk.app.diffview.overlay import DiffScene
from flowdesk.app.diffview.status import STATUS_COLOURS
from flowdesk.model.catalog import ActionCatalog, builtin_catalog
from flowdesk.model.change_summary import change_summary
from flowdesk.model.diff import DocumentDiff, diff_documents
from flowdesk.model.document import VersionDocument

Format = Literal["png", "svg"]


def build_diff_scene(old: VersionDocument, new: VersionDocument, *, ignore_layout: bool = False,
                     catalog: ActionCatalog | None = None, legend: bool = True) -> DiffScene:
    """The overlay scene an export paints (with a legend on top by default)."""
    scene = DiffScene(old, new, catalog, ignore_layout=ignore_layout)
    if legend:
        scene.add_legend()
    return scene


def render_diff_to_file(
    old_doc: VersionDocument, new_doc: VersionDocument, path: str | Path,
    fmt: Format | None = None, ignore_layout: bool = False, width: int | None = None,
    catalog: ActionCatalog | None = None,
) -> Path:
    """Draws the overlay diff into ``path``; ``fmt`` defaults to the file's extension.

    A ``fmt`` that disagrees with the extension wins (``-o diff.out --format
    png`` writes PNG bytes), so scripts may name files as they like.
    """
    out = Path(path)
    fmt = fmt or _format_of(out)
    if fmt not in ("png", "svg"):
        raise RenderError(f"{out}: cannot render a diff as {fmt!r}; use png or svg")
    scene = build_diff_scene(old_doc, new_doc, ignore_layout=ignore_layout, catalog=catalog)
    try:
        if out.suffix.lower() == f".{fmt}":
            return render_scene_to_file(scene, out, width)
        with tempfile.TemporaryDirectory() as tmp:
            staged = render_scene_to_file(scene, Path(tmp) / f"diff.{fmt}", width)
            try:
                out.write_bytes(staged.read_bytes())
            except OSError as exc:
                raise RenderError(f"{out}: could not write: {exc.strerror or exc}") from exc
        return out
    finally:
        scene.detach()


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return suffix or "png"


# ------------------------------------------------------------------ HTML report

_CSS = """
body{font:14px/1.45 -apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;
 margin:0;color:#1f2328;background:#f6f7f9}
header{background:#fff;border-bottom:1px solid #d8dde3;padding:18px 28px}
h1{font-size:20px;margin:0 0 4px}
.sub{color:#59636e}
main{padding:20px 28px;max-width:1400px}
figure{margin:0 0 24px;background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:12px;
 overflow:auto}
figure svg,figure img{max-width:100%;height:auto;display:block;margin:auto}
section{background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:6px 18px 12px;
 margin-bottom:16px}
h2{font-size:16px;margin:12px 0 8px}
h2 .count{color:#59636e;font-weight:normal}
ul{list-style:none;padding:0;margin:0}
li{padding:6px 0;border-top:1px solid #eef0f2}
li:first-child{border-top:none}
.op{display:inline-block;min-width:64px;font-size:12px;font-weight:600;color:#fff;
 border-radius:10px;padding:1px 8px;margin-right:8px;text-align:center}
.added{background:@added}.removed{background:@removed}.changed{background:@changed}
.moved{background:@moved}
.breaking{color:#fff;background:#b42318;border-radius:4px;font-size:11px;font-weight:700;
 padding:1px 6px;margin-left:6px}
table{border-collapse:collapse;margin:6px 0 2px 72px;font:12px/1.4 ui-monospace,Menlo,Consolas,
 monospace}
td{padding:2px 10px 2px 0;vertical-align:top}
td.old{color:#b42318}td.new{color:#1a7f37}
.none{color:#59636e;font-style:italic}
"""
for _status, _colour in STATUS_COLOURS.items():
    _CSS = _CSS.replace(f"@{_status}", _colour)


def write_html_report(
    old_doc: VersionDocument, new_doc: VersionDocument, path: str | Path, *,
    old_label: str = "old", new_label: str = "new", title: str | None = None,
    ignore_layout: bool = False, width: int = 1400, picture: Format = "svg",
    catalog: ActionCatalog | None = None,
) -> Path:
    """Writes one self-contained HTML page: the overlay picture and the change list.

    The picture is inline SVG (sharp at any zoom) or a base64 PNG; nothing is
    fetched from elsewhere, so the file can be mailed or attached to a review.
    """
    out = Path(path)
    diff = diff_documents(old_doc, new_doc, ignore_layout=ignore_layout)
    words = DiffWords(old_doc, new_doc, catalog if catalog is not None else builtin_catalog())
    with tempfile.TemporaryDirectory() as tmp:
        staged = render_diff_to_file(old_doc, new_doc, Path(tmp) / f"diff.{picture}", picture,
                                     ignore_layout, width, catalog)
        if picture == "svg":
            figure = _inline_svg(staged.read_text(encoding="utf-8"))
        else:
            data = base64.b64encode(staged.read_bytes()).decode("ascii")
            figure = f'<img alt="overlay diff" src="data:image/png;base64,{data}">'
    heading = title or f"Changes from {old_label} to {new_label}"
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(heading)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{html.escape(heading)}</h1>"
        f"<div class=\"sub\">{html.escape(_summary(diff))}</div></header><main>"
        f"<figure>{figure}</figure>{_change_list(diff, words)}</main></body></html>\n"
    )
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise RenderError(f"{out}: could not write: {exc.strerror or exc}") from exc
    return out


def _inline_svg(text: str) -> str:
    """The ``<svg>`` element alone (no XML declaration or doctype inside HTML)."""
    start = text.find("<svg")
    svg = text[start:] if start >= 0 else text
    return re.sub(r"<!--.*?-->", "", svg, flags=re.S)


def _summary(diff: DocumentDiff) -> str:
    return f"{change_summary(diff)}." if not diff.is_empty else "No differences."


def _change_list(diff: DocumentDiff, words: DiffWords) -> str:
    blocks = []
    for section in sections(diff):
        if not section.changes:
            continue
        count = f"{len(section.changes)}"
        if section.breaking_count:
            count += f", {section.breaking_count} breaking"
        items = []
        for change in section.changes:
            flag = '<span class="breaking">BREAKING</span>' if change.breaking else ""
            lines = words.property_lines(change) if change.kind not in (
                "parameter", "env") else []  # their headline already says old and new
            rows = "".join(
                f"<tr><td title=\"{_attr(words.pointer_of(change, line))}\">"
                f"{html.escape(line.label)}</td><td class=\"old\">{html.escape(line.old)}</td>"
                f"<td>→</td><td class=\"new\">{html.escape(line.new)}</td></tr>"
                for line in lines
            )
            table = f"<table>{rows}</table>" if rows else ""
            items.append(
                f"<li title=\"{_attr(words.reference(change))}\">"
                f"<span class=\"op {change.op}\">{change.op}</span>"
                f"{html.escape(words.headline(change))}{flag}{table}</li>"
            )
        blocks.append(
            f"<section><h2>{section.title} <span class=\"count\">({count})</span></h2>"
            f"<ul>{''.join(items)}</ul></section>"
        )
    if not blocks:
        blocks.append("<section><p class=\"none\">No differences.</p></section>")
    return "".join(blocks)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
