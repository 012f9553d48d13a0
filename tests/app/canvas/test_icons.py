"""Every icon the catalog and the node types name has an SVG, and icons draw in colour."""

from __future__ import annotations

from flowdesk.app.canvas.icons import TYPE_ICONS, has_icon, icon_image
from flowdesk.model.catalog import builtin_catalog


def test_every_catalog_icon_and_node_type_icon_exists() -> None:
    names = {a.icon for a in builtin_catalog()} | set(TYPE_ICONS.values())
    missing = sorted(n for n in names if not has_icon(n))
    assert missing == []


def test_icons_are_tinted_and_unknown_names_fall_back() -> None:
    image = icon_image("mail", "#3a7bd5", 32)
    tinted = [image.pixelColor(x, y) for x in range(32) for y in range(32)
              if image.pixelColor(x, y).alpha() == 255]
    assert tinted and all(c.name() == "#3a7bd5" for c in tinted)
    fallback = icon_image("no-such-icon", "#000000", 32)
    assert any(fallback.pixelColor(x, y).alpha() > 0 for x in range(32) for y in range(32))
