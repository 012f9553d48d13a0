"""Helpers for form tests: build a form the way a user would meet it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from flowdesk.app.forms import SchemaForm


@pytest.fixture
def make_form(qtbot) -> Callable[[Any], SchemaForm]:
    def make(schema: Any) -> SchemaForm:
        form = SchemaForm(schema)
        qtbot.addWidget(form)
        form.resize(700, 600)
        form.show()
        return form

    return make
