"""Every schema of the corpus renders, and test-suite data survives a trip through the form.

The form must never change how jsonschema judges a value: for each case of the
JSON-Schema-Test-Suite, ``set_value(data)`` then ``value()`` must be judged
exactly as the suite says (and is in fact the same JSON value).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from flowdesk.app.forms import SchemaForm

CORPUS = Path(__file__).resolve().parents[2] / "data" / "schemas"

# Groups that need documents from the suite's remotes/ server or the official metaschema
# over the network (README "groups needing documents not embedded in the schema").
NEEDS_REMOTE = {
    ("testsuite__dynamicRef.json", 13): "needs remotes/draft2020-12/tree.json",
    ("testsuite__dynamicRef.json", 14): "needs remotes/draft2020-12/extendible-dynamic-ref.json",
    ("testsuite__dynamicRef.json", 15): "needs remotes/draft2020-12/extendible-dynamic-ref.json",
    ("testsuite__dynamicRef.json", 16): "needs remotes/draft2020-12/extendible-dynamic-ref.json",
    ("testsuite__dynamicRef.json", 17): "needs remotes/draft2020-12/detached-dynamicref.json",
}


# jsonschema uses Python's ``re``, which cannot compile ECMA-262 ``\p{...}`` escapes, so no
# reference verdict exists for these groups; the data must still round-trip unchanged and
# the form must not call the value valid.
NO_REFERENCE_VERDICT = {  # no verdict from stock jsonschema; the suite's is checked
    ("testsuite__pattern.json", 2): "\\p{Letter} in pattern",
    ("testsuite__patternProperties.json", 5): "\\p{Letter} in patternProperties",
}


def _load(name: str) -> Any:
    return json.loads((CORPUS / name).read_text(encoding="utf-8"))


def _same_json(a: Any, b: Any) -> bool:
    """Equality that tells ``true`` from ``1`` and ``1.0`` from ``1``."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _suite_groups() -> list[Any]:
    params = []
    for path in sorted(CORPUS.glob("testsuite__*.json")):
        for index, _group in enumerate(_load(path.name)):
            marks = []
            reason = NEEDS_REMOTE.get((path.name, index))
            if reason:
                marks.append(pytest.mark.skip(reason=reason))
            params.append(pytest.param(path.name, index, id=f"{path.stem}-{index}", marks=marks))
    return params


@pytest.fixture(autouse=True)
def _no_fallback_logged(caplog: pytest.LogCaptureFixture):
    """A crash inside an editor is logged and replaced by raw JSON; in the corpus that
    would hide a bug, so any such log fails the test."""
    with caplog.at_level(logging.ERROR, logger="flowdesk.app.forms"):
        yield
    assert not [r for r in caplog.records if r.name.startswith("flowdesk.app.forms")]


@pytest.mark.parametrize(("name", "index"), _suite_groups())
def test_suite_group_round_trips_with_the_same_verdict(qtbot, name: str, index: int) -> None:
    group = _load(name)[index]
    form = SchemaForm(group["schema"])
    qtbot.addWidget(form)
    validator_class = jsonschema.validators.validator_for(
        group["schema"], default=jsonschema.Draft202012Validator
    )
    for case in group["tests"]:
        form.set_value(case["data"])
        back = form.value()
        if (name, index) in NO_REFERENCE_VERDICT:
            assert _same_json(back, case["data"]), case["description"]
            # jsonschema's ``re`` cannot compile these; Flowdesk's pattern engine can.
            assert form.is_valid() == case["valid"], case["description"]
            continue
        verdict = validator_class(group["schema"]).is_valid(back)
        assert verdict == case["valid"], (case["description"], back)
        assert _same_json(back, case["data"]), case["description"]
        assert form.is_valid() == case["valid"] or group["schema"] is False or _has_format(
            group["schema"]
        ), case["description"]


def _has_format(schema: Any) -> bool:
    """The suite treats ``format`` as an annotation; the form checks formats on purpose."""
    return "format" in json.dumps(schema)


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("schemastore__*.json")))
def test_schemastore_schema_renders(qtbot, name: str) -> None:
    schema = _load(name)
    form = SchemaForm(schema)
    qtbot.addWidget(form)
    assert form.root.isVisibleTo(form)
    assert form.value() is not None or form.descriptor.kind not in ("object", "array")


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("rjsf__*.json")))
def test_rjsf_sample_form_data_round_trips(qtbot, name: str) -> None:
    sample = _load(name)
    form = SchemaForm(sample["schema"])
    qtbot.addWidget(form)
    if "formData" not in sample:
        return
    form.set_value(sample["formData"])
    assert _same_json(form.value(), sample["formData"])
