"""The strict JSON reader: what it refuses, and that it names where."""

from __future__ import annotations

import json
import sys

import pytest

from flowdesk.model.json_input import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    JsonInputError,
    parse_json,
    read_json_file,
)


@pytest.mark.parametrize(("text", "message", "pointer"), [
    ('{"a": NaN}', "NaN is not a JSON number at /a", "/a"),
    ('{"a": [1, Infinity]}', "Infinity is not a JSON number at /a/1", "/a/1"),
    ('[-Infinity]', "-Infinity is not a JSON number at /0", "/0"),
    ('{"x": {"y": 1e400}}', "number 1e400 is out of range", "/x/y"),
    ('[-1e400]', "number -1e400 is out of range", "/0"),
    ('{"n": {"k": 1, "k": 2}}', "duplicate key 'k' at /n/k", "/n/k"),
    ('{"a/b": {"~": 1, "~": 1}}', "duplicate key '~' at /a~1b/~0", "/a~1b/~0"),
    ('{"n": ' + "7" * (MAX_INT_DIGITS + 1) + "}", "integer of 4,301 digits", "/n"),
])
def test_values_strict_json_does_not_allow_are_refused_with_their_pointer(
    text: str, message: str, pointer: str
) -> None:
    with pytest.raises(JsonInputError) as caught:
        parse_json(text)
    assert message in str(caught.value)
    assert caught.value.pointer == pointer
    assert "\n" not in str(caught.value)


def test_the_first_refused_value_in_document_order_is_named() -> None:
    with pytest.raises(JsonInputError, match="at /a/0"):
        parse_json('{"a": [NaN], "b": {"c": 1, "c": 2}}')


def test_nesting_up_to_the_limit_is_read_and_one_more_level_is_refused() -> None:
    assert parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(JsonInputError, match=f"nested deeper than {MAX_DEPTH} levels at /0/0"):
        parse_json("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))


def test_nesting_too_deep_for_the_parser_itself_names_line_and_column() -> None:
    text = '{"a":\n' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(JsonInputError) as caught:
        parse_json(text)
    assert str(caught.value) == (
        f"nested deeper than {MAX_DEPTH} levels at line 2, column {MAX_DEPTH}"
    )


def test_invalid_utf8_names_the_byte_and_its_offset() -> None:
    with pytest.raises(JsonInputError, match=r"byte 0xff at offset 7 \(line 2\)"):
        parse_json(b'{"a":\n"\xff"}')


def test_binary_data_is_called_binary() -> None:
    with pytest.raises(JsonInputError, match="binary data: byte 0x89 at offset 0"):
        parse_json(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_a_syntax_error_names_line_and_column() -> None:
    with pytest.raises(JsonInputError) as caught:
        parse_json('{\n  "a": 1,\n}')
    assert (caught.value.line, caught.value.column) == (3, 1)
    assert str(caught.value).startswith("not JSON: ")


def test_documents_over_the_size_limit_are_refused_before_parsing(tmp_path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"text": "x" * 2000}))
    with pytest.raises(JsonInputError, match=r"too large: 2,\d{3} bytes, the limit is 1,000 bytes"):
        read_json_file(path, max_bytes=1000)
    with pytest.raises(JsonInputError, match="too large"):
        parse_json(path.read_bytes(), max_bytes=1000)


def test_ordinary_json_reads_as_the_standard_library_does(tmp_path) -> None:
    value = {"a": [1, 2.5, -0.0, 1e300, None, True, "é\u2028"], "b": {"c": {}}, "d": 10**40}
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    assert read_json_file(path) == value
    assert parse_json(b"\xef\xbb\xbf[1]") == [1]  # a UTF-8 byte order mark is tolerated


def test_deep_nesting_is_refused_before_parsing_when_the_recursion_limit_is_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "getrecursionlimit", lambda: 1_000_000)
    with pytest.raises(JsonInputError, match="nested deeper than 100 levels at line 1, column 108"):
        parse_json('["]]]]",' + "[" * 200_000 + "]" * 200_000 + "]")
