"""Canonical JSON and content hashes.

Two equal documents must serialise to the same bytes, whatever key order or
number spelling they arrived with, so that hashes can be compared across the
local workspace, the remote catalog and files.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

_LEAVES = frozenset({str, int, bool, type(None)})


def normalize(value: Any) -> Any:
    """Integral floats become ints (``240.0`` and ``240`` are the same JSON number)."""
    # Fast path for plain dicts and lists: leaves (most values) are kept without a
    # call each, which makes hashing and storing a big document about twice as fast.
    kind = type(value)
    if kind is dict:
        return {k if type(k) is str else str(k): v if type(v) in _LEAVES else normalize(v)
                for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _LEAVES else normalize(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if isinstance(value, dict):
        return {str(k): normalize(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalize(v) for v in value]
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def canonical_json(value: Any) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 text kept as is."""
    return json.dumps(
        normalize(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
        allow_nan=False,
    )


def content_hash(value: Any) -> str:
    """``sha256:<hex>`` of the canonical JSON."""
    return "sha256:" + hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()
