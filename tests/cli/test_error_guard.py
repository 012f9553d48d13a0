"""The last guard of ``flowdesk``: an unexpected exception is one line, not a traceback."""

from __future__ import annotations

import argparse

import pytest

from flowdesk.cli import validate_command
from flowdesk.cli.main import main
from flowdesk.model.errors import FlowdeskError


def _crash(exc: BaseException):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace) -> int:
        raise exc
    return run


def test_an_unexpected_error_is_one_line_that_points_to_debug(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(validate_command, "run", _crash(KeyError("boom\nsecond line")))
    assert main(["validate", "x.json"]) == 1
    err = capsys.readouterr().err
    assert err == ("flowdesk: internal error: KeyError: 'boom\\nsecond line'; "
                   "run with --debug for the traceback\n")


def test_a_known_error_keeps_its_message(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(validate_command, "run", _crash(FlowdeskError("x.json: no such thing")))
    assert main(["validate", "x.json"]) == 1
    assert capsys.readouterr().err == "flowdesk: error: x.json: no such thing\n"


def test_debug_shows_the_traceback(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(validate_command, "run", _crash(KeyError("boom")))
    with pytest.raises(KeyError, match="boom"):
        main(["--debug", "validate", "x.json"])
