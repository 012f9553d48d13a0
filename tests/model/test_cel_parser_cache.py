"""The cached CEL parser is cel-python's own parser, only loaded faster.

Each case runs in a fresh interpreter: cel-python keeps one parser per process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXPRESSIONS = [
    "params.amount > 1000 && steps.check.output.approved == true",
    "size(params.items) >= 2 ? 'many' : \"few\"",
    "params.items.exists(i, i.price > 10.5) || params.tags.all(t, t != 'x')",
    "steps['fetch'].output.body.customers[0].email",
    "-params.delta + 3u * 2 % 4 / 1",
    "false || null == params.missing",
    "{'a': [1, 2.0, b'x'], 'b': {}}.a",
    "params.amount >",
    "1 +* 2",
    "'unterminated",
]

RUNNER = """
import json, sys
from pathlib import Path
import lark
from flowdesk.model import cel, cel_parser_cache
if sys.argv[1] != "-":
    cel_parser_cache.enable(Path(sys.argv[1]))

def shape(node):
    # rule names, token types and values, positions: what the evaluator and messages read
    if isinstance(node, lark.Tree):
        return [str(node.data), [shape(child) for child in node.children]]
    return [node.type, str(node), node.line, node.column]

out = []
for text in json.loads(sys.argv[2]):
    tree = cel._parse(text)
    out.append(shape(tree) if isinstance(tree, lark.Tree) else str(tree))
params = {"amount": 1500, "items": [{"price": 12.5}], "tags": ["a"], "delta": 1}
out.append(cel.evaluate("params.items.exists(i, i.price > 10.5) && params.amount > 1000",
                        {"params": params}))
try:
    cel.evaluate("params.amount > 10.5", {"params": params})  # int vs double: no overload
except cel.CelEvaluationError:
    out.append("CelEvaluationError")
print(json.dumps(out))
"""


def parse_all(cache: Path | None) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, str(cache) if cache else "-", json.dumps(EXPRESSIONS)],
        check=True, capture_output=True, text=True, timeout=120,
    )
    return json.loads(result.stdout)


def test_the_cached_parser_reads_every_expression_as_cel_python_does(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "cel-parser.lark"
    own = parse_all(None)
    assert "BOOL_LIT" in json.dumps(own[5])  # cel-python's lexer callback ran
    assert own[7] == "line 1, column 15: the expression ends too early"
    assert own[-2:] == [True, "CelEvaluationError"]

    built = parse_all(cache)  # builds the tables and saves them
    assert cache.stat().st_size > 0
    loaded = parse_all(cache)  # loads them
    assert built == own
    assert loaded == own


def test_an_unreadable_cache_file_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cel-parser.lark"
    cache.write_bytes(b"not a cache\n")
    assert parse_all(cache) == parse_all(None)
