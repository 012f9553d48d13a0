"""Conditions in short, as a zoomed-out canvas shows them on branch edges."""

from __future__ import annotations

import pytest

from flowdesk.model.cel import abbreviate


@pytest.mark.parametrize(("expression", "short"), [
    ("steps.fetch_order.output.body.total >= params.approvalThreshold",
     "total ≥ approvalThreshold"),
    ("params.region != 'eu.west' || steps.check.ok", "region ≠ 'eu.west' or ok"),
    ('params.tier == "gold.plus"  &&  size(params.items) <= 3',
     'tier == "gold.plus" and size(items) ≤ 3'),
    ('steps.lookup.output.name.startsWith("A")', 'name.startsWith("A")'),
    ("true", "true"),
])
def test_paths_keep_their_last_name_and_operators_read_as_symbols(expression: str,
                                                                   short: str) -> None:
    assert abbreviate(expression) == short
