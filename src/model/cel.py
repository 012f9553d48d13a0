"""CEL expressions: syntax checks, the names they reference, and evaluation.

Conditions and ``${{ }}`` templates are CEL, parsed by ``cel-python`` (a real
CEL implementation; nothing here calls ``eval``). Parsing is cached by text
because large graphs repeat the same expressions many times. ``celpy`` and
``lark`` are imported on first use (~60 ms, plus ~0.1 s to build the parser):
the window and most commands import this module but need no CEL to start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from flowdesk.model import cel_parser_cache

if TYPE_CHECKING:
    import celpy
    import lark

SCOPE_ROOTS = ("params", "env", "secrets", "steps")
# Macros whose first argument binds a loop variable inside the others.
_BINDING_MACROS = {"all", "exists", "exists_one", "map", "filter"}
_TEMPLATE = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
# Limits: the parser and the tree walks recurse per level, and the interpreter has no
# bound of its own (nested comprehensions over big lists run for minutes).
MAX_EXPRESSION_CHARS = 4000
MAX_NESTING = 50
MAX_EVALUATION_STEPS = 100_000
_QUOTED = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")


@lru_cache(maxsize=1)
def _environment() -> celpy.Environment:
    """The CEL environment, built on first use: building its lark parser takes ~0.1 s,
    which commands that never read an expression should not pay at import."""
    import celpy  # noqa: PLC0415 - see the module docstring

    cel_parser_cache.prime()
    return celpy.Environment()


@dataclass(frozen=True, slots=True)
class CelSyntaxError:
    """Where a CEL text fails to parse, in words a person can act on."""

    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is not None and self.column is not None:
            return f"line {self.line}, column {self.column}: {self.message}"
        return self.message


@dataclass(frozen=True, slots=True)
class Reference:
    """A dotted name an expression reads, e.g. ``params.customerId``.

    ``path`` holds the selectors after the root as far as they are static
    (``steps["a"].status`` gives ``("a", "status")``).
    """

    root: str
    path: tuple[str, ...]

    @property
    def dotted(self) -> str:
        return ".".join((self.root, *self.path))


@dataclass(frozen=True, slots=True)
class Template:
    """One ``${{ <CEL> }}`` inside a string, with its character span."""

    start: int
    end: int
    expression: str


class CelEvaluationError(Exception):
    """An expression failed at run time (an unknown field, a type mismatch)."""


@lru_cache(maxsize=8192)
def _parse(text: str) -> lark.Tree | CelSyntaxError:
    if not text.strip():
        return CelSyntaxError("the expression is empty")
    too_big = _over_limits(text)
    if too_big is not None:
        return too_big
    environment = _environment()
    from celpy.celparser import CELParseError  # noqa: PLC0415 - loaded by _environment()

    try:
        return environment.compile(text)
    except CELParseError as exc:
        return CelSyntaxError(
            _plain_message(exc.__context__), getattr(exc, "line", None), getattr(exc, "column", None)
        )
    except Exception as exc:  # cel-python raises a few other types on odd input
        return CelSyntaxError(f"cannot parse the expression ({exc.__class__.__name__})")


def _over_limits(text: str) -> CelSyntaxError | None:
    if len(text) > MAX_EXPRESSION_CHARS:
        return CelSyntaxError(f"the expression is {len(text):,} characters long; "
                              f"at most {MAX_EXPRESSION_CHARS:,} are allowed")
    depth = deepest = 0
    for char in _QUOTED.sub("", text):
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    if deepest > MAX_NESTING:
        return CelSyntaxError(f"the expression nests brackets {deepest} levels deep; "
                              f"at most {MAX_NESTING} are allowed")
    return None


def _plain_message(cause: BaseException | None) -> str:
    """Turn lark's token talk into words: what was found where something else was due."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken  # noqa: PLC0415

    if isinstance(cause, UnexpectedToken):
        if cause.token.type == "$END":
            return "the expression ends too early"
        return f"unexpected {str(cause.token)!r}"
    if isinstance(cause, UnexpectedCharacters):
        return f"unexpected character {cause.char!r}"
    return "syntax error"


def check_syntax(text: str) -> CelSyntaxError | None:
    """``None`` when ``text`` is a well-formed CEL expression."""
    result = _parse(text)
    return result if isinstance(result, CelSyntaxError) else None


def references(text: str) -> list[Reference]:
    """The scope names an expression reads (empty when it does not parse).

    Names bound by macros (``items.exists(x, x > 1)``) are not references.
    Roots outside :data:`SCOPE_ROOTS` are returned too, so a caller can report
    them as unknown.
    """
    tree = _parse(text)
    if isinstance(tree, CelSyntaxError):
        return []
    return _cached_references(text)


@lru_cache(maxsize=8192)
def _cached_references(text: str) -> list[Reference]:
    tree = _parse(text)
    assert not isinstance(tree, CelSyntaxError)
    found: dict[Reference, None] = {}
    for ref in _walk(tree, frozenset()):
        found.setdefault(ref, None)
    return list(found)


def _is_tree(value: object) -> bool:
    """A subtree, not a token: the parser's trees hold only these two (``lark.Token`` is a ``str``)."""
    return value is not None and not isinstance(value, str)


def _walk(tree: lark.Tree, bound: frozenset[str]) -> Iterator[Reference]:
    if tree.data == "member":
        chain = _member_chain(tree)
        if chain is not None:
            root, path, args = chain
            if root not in bound:
                yield Reference(root, path)
            for sub in args:
                yield from _walk(sub, bound)
            return
    if tree.data == "member_dot_arg":
        yield from _walk_macro(tree, bound)
        return
    for child in tree.children:
        if _is_tree(child):
            yield from _walk(child, bound)


def _walk_macro(tree: lark.Tree, bound: frozenset[str]) -> Iterator[Reference]:
    target, name, *rest = tree.children
    if _is_tree(target):
        yield from _walk(target, bound)
    exprlist = rest[0] if rest else None
    if not _is_tree(exprlist):
        return
    args = [c for c in exprlist.children if _is_tree(c)]
    inner_bound = bound
    if str(name) in _BINDING_MACROS and args:
        var = _simple_ident(args[0])
        if var is not None:
            inner_bound = bound | {var}
            args = args[1:]
    for arg in args:
        yield from _walk(arg, inner_bound)


def _simple_ident(tree: lark.Tree) -> str | None:
    for sub in tree.iter_subtrees_topdown():
        if sub.data == "ident":
            return str(sub.children[0])
        if sub.data not in {"expr", "conditionalor", "conditionaland", "relation", "addition",
                            "multiplication", "unary", "member", "primary"}:
            return None
    return None


def _member_chain(tree: lark.Tree) -> tuple[str, tuple[str, ...], list[lark.Tree]] | None:
    """Unwind ``a.b["c"].d`` into ``("a", ("b", "c", "d"))``; dynamic parts stop the path."""
    path: list[str] = []
    dynamic_args: list[lark.Tree] = []
    node = tree
    stopped = False
    while True:
        if node.data == "member":
            node = node.children[0]
            continue
        if node.data == "member_dot":
            inner, field = node.children
            path.append(str(field))
            node = inner
            continue
        if node.data == "member_index":
            inner, index = node.children
            literal = _string_literal(index)
            if literal is None:
                path.clear()  # only the part before a dynamic index is static
                stopped = True
                dynamic_args.append(index)
            elif not stopped:
                path.append(literal)
            node = inner
            continue
        if node.data == "primary":
            child = node.children[0]
            if _is_tree(child) and child.data == "ident":
                return str(child.children[0]), tuple(reversed(path)), dynamic_args
            return None
        return None


def _string_literal(tree: lark.Tree) -> str | None:
    for sub in tree.iter_subtrees_topdown():
        if sub.data == "literal":
            token = str(sub.children[0])
            if len(token) >= 2 and token[0] == token[-1] and token[0] in "\"'":
                return token[1:-1]
            return None
    return None


def template_expressions(value: str) -> list[Template]:
    """The ``${{ ... }}`` templates inside a string value."""
    return [Template(m.start(), m.end(), m.group(1).strip()) for m in _TEMPLATE.finditer(value)]


def has_unclosed_template(value: str) -> bool:
    """A ``${{`` without its ``}}`` is a template the runner cannot read."""
    return value.count("${{") > len(template_expressions(value))


def evaluate(text: str, activation: Mapping[str, Any]) -> Any:
    """Evaluate ``text`` with plain JSON-like values in scope; returns plain Python values.

    Raises :class:`CelEvaluationError` for syntax errors and run-time errors alike.
    """
    import celpy  # noqa: PLC0415 - see the module docstring

    tree = _parse(text)
    if isinstance(tree, CelSyntaxError):
        raise CelEvaluationError(str(tree))
    runner = _environment().program(tree)
    evaluator = _bounded_evaluator()(tree, activation=runner.new_activation())
    evaluator.steps_left = [MAX_EVALUATION_STEPS]
    shown = text if len(text) <= 80 else text[:77] + "..."
    try:
        result = evaluator.evaluate({k: celpy.json_to_cel(v) for k, v in activation.items()})
    except _OutOfSteps:
        raise CelEvaluationError(
            f"{shown}: stopped after {MAX_EVALUATION_STEPS:,} evaluation steps "
            "(nested comprehensions over long lists?)"
        ) from None
    except Exception as exc:
        raise CelEvaluationError(f"{shown}: {exc}") from exc
    if isinstance(result, celpy.celtypes.BoolType):
        return bool(result)
    if isinstance(result, Exception):
        raise CelEvaluationError(f"{shown}: {result}")
    return _to_python(result)


class _OutOfSteps(BaseException):
    """Not an Exception: the interpreter turns those into values and would go on."""


@lru_cache(maxsize=1)
def _bounded_evaluator() -> type:
    """celpy's interpreter counting every tree node it visits, sub-evaluators included."""
    from celpy.evaluation import Evaluator  # noqa: PLC0415 - see the module docstring

    class BoundedEvaluator(Evaluator):  # type: ignore[misc]
        steps_left: list[int]

        def _visit_tree(self, tree: Any) -> Any:
            self.steps_left[0] -= 1
            if self.steps_left[0] < 0:
                raise _OutOfSteps
            return super()._visit_tree(tree)

        def sub_evaluator(self, ast: Any) -> Any:
            sub = BoundedEvaluator(ast, activation=self.activation)
            sub.steps_left = self.steps_left
            return sub

    return BoundedEvaluator


def _to_python(value: Any) -> Any:
    import celpy  # noqa: PLC0415 - loaded by evaluate()

    if isinstance(value, bool):
        return value
    if isinstance(value, celpy.celtypes.BoolType):
        return bool(value)
    if isinstance(value, (celpy.celtypes.IntType, celpy.celtypes.UintType)):
        return int(value)
    if isinstance(value, celpy.celtypes.DoubleType):
        return float(value)
    if isinstance(value, celpy.celtypes.StringType):
        return str(value)
    if isinstance(value, Mapping):
        return {str(_to_python(k)): _to_python(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_python(v) for v in value]
    if value is None or isinstance(value, celpy.celtypes.NullType):
        return None
    return value


_MEMBER_PATH = re.compile(r"\b(?:[A-Za-z_]\w*\.)+(?P<last>[A-Za-z_]\w*)\b(?!\s*\()")
_OPERATOR_WORDS = {">=": "≥", "<=": "≤", "!=": "≠", "&&": "and", "||": "or"}
_OPERATORS = re.compile("|".join(re.escape(op) for op in _OPERATOR_WORDS))


def abbreviate(text: str) -> str:
    """A condition as a zoomed-out canvas can show it: each member path by its last name,
    operators as symbols (``steps.fetch.output.body.total >= params.limit`` reads
    ``total ≥ limit``). Quoted strings are left as written; a method keeps the last name
    of its subject (``name.startsWith("A")``)."""
    out: list[str] = []
    last = 0
    for quoted in _QUOTED.finditer(text):
        out.append(_abbreviate_code(text[last:quoted.start()]))
        out.append(quoted.group(0))
        last = quoted.end()
    out.append(_abbreviate_code(text[last:]))
    return " ".join("".join(out).split())


def _abbreviate_code(code: str) -> str:
    code = _MEMBER_PATH.sub(lambda m: m.group("last"), code)
    return _OPERATORS.sub(lambda m: _OPERATOR_WORDS[m.group(0)], code)
