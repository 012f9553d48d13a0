from __future__ import annotations

from typing import Any

import pytest
from tests.support.validation_docs import fresh_doc


@pytest.fixture
def doc() -> dict[str, Any]:
    """A fresh, valid document to break."""
    return fresh_doc()
