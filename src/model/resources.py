"""Access to the data files shipped in ``flowdesk.resources``.

Always through ``importlib.resources`` so that an installed wheel works the
same as a checkout.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

PACKAGE = "flowdesk.resources"


def resource_root() -> Traversable:
    return resources.files(PACKAGE)


def resource(*parts: str) -> Traversable:
    node = resource_root()
    for part in parts:
        node = node.joinpath(part)
    return node


@cache
def load_json_resource(*parts: str) -> Any:
    """Parsed JSON of a shipped file; cached, so treat the result as read-only."""
    return json.loads(resource(*parts).read_text(encoding="utf-8"))
