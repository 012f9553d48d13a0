"""Zoomed out to Fit, a branching workflow still says which way each branch goes and what
each step is called: edge labels shrink to the gist of the condition (``total ≥ approv…``)
and long step names break onto two lines rather than being cut."""

from __future__ import annotations

import html
from pathlib import Path

from flowdesk.app.canvas.render import render_document_to_file
from flowdesk.model.document import load
from flowdesk.model.resources import load_json_resource

EXAMPLE = load(load_json_resource("examples", "order-approval.json"))


def _svg_text(tmp_path: Path, width: int) -> str:
    out = render_document_to_file(EXAMPLE, tmp_path / f"order-{width}.svg", width=width)
    return html.unescape(out.read_text(encoding="utf-8"))


def test_at_half_size_branches_show_their_conditions_in_short(tmp_path: Path) -> None:
    text = _svg_text(tmp_path, 1000)  # the whole example at 50 %: node titles give way
    assert "Large order?" in text and "Flag for review" in text
    assert "total ≥ approv" in text  # steps.fetch_order.output.body.total >= params.approval…
    assert "otherwise" in text and "✗ failed" in text
    assert "steps.fetch_order" not in text  # the full expression needs full size


def test_further_out_only_the_steps_are_named(tmp_path: Path) -> None:
    text = _svg_text(tmp_path, 600)  # about 30 %: a label would need an outsized font
    assert "Fetch ord" in text  # names elided to their boxes
    assert "otherwise" not in text and "total" not in text


def test_at_full_size_the_condition_is_written_out(tmp_path: Path) -> None:
    text = _svg_text(tmp_path, 2600)
    assert "otherwise" in text and "steps.fetch_" in text


def test_zoomed_out_a_long_name_breaks_onto_two_lines_instead_of_being_cut(
        tmp_path: Path) -> None:
    text = _svg_text(tmp_path, 750)  # about 45 %: "Finance approval" does not fit one line
    assert ">Finance<" in text and ">Flag for<" in text and ">review<" in text
    assert "Finance appr…" not in text and "Flag for revi…" not in text
    assert ">Fetch order<" in text  # a name that fits stays on one line
