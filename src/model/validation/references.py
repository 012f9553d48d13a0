"""CEL syntax and the names expressions refer to.

Conditions are CEL; string values in an action's ``config`` may embed
``${{ <CEL> }}`` templates, and config fields the action's schema marks with
``"x-flowdesk-cel": true`` hold a bare CEL expression. Each reference must name
something that exists: a parameter, an env variable, a secret, or a step that
runs before the one reading it. Big graphs repeat the same strings many times,
so each distinct string is analysed once per validation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from flowdesk.model.cel import (
    SCOPE_ROOTS,
    CelSyntaxError,
    Reference,
    check_syntax,
    has_unclosed_template,
    references,
    template_expressions,
)
from flowdesk.model.document import iter_string_values
from flowdesk.model.problems import Location, Problem, error
from flowdesk.model.validation.context import Context

STEP_FIELDS = ("output", "status")
Place = Callable[[], Location]


@dataclass(frozen=True, slots=True)
class _Scan:
    """What one string holds: unclosed templates, syntax errors, references."""

    unclosed: bool
    errors: tuple[tuple[str, CelSyntaxError], ...]
    refs: tuple[Reference, ...]


def _scan_expression(text: str) -> _Scan:
    err = check_syntax(text)
    if err is not None:
        return _Scan(False, ((text, err),), ())
    return _Scan(False, (), tuple(references(text)))


def _scan_template_string(text: str) -> _Scan:
    if "${{" not in text:
        return _Scan(False, (), ())
    errors: list[tuple[str, CelSyntaxError]] = []
    refs: list[Reference] = []
    for template in template_expressions(text):
        scan = _scan_expression(template.expression)
        errors.extend(scan.errors)
        refs.extend(scan.refs)
    return _Scan(has_unclosed_template(text), tuple(errors), tuple(refs))


def parameter_names(schema: Any) -> set[str]:
    """Property names a run's input may have, including those added by allOf/anyOf/oneOf."""
    names: set[str] = set()
    if not isinstance(schema, dict):
        return names
    parts = [schema]
    for key in ("allOf", "anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            parts.extend(s for s in schema[key] if isinstance(s, dict))
    for key in ("if", "then", "else"):
        if isinstance(schema.get(key), dict):
            parts.append(schema[key])
    for part in parts:
        if isinstance(part.get("properties"), dict):
            names.update(part["properties"])
    return names


class _Checker:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        doc = ctx.document
        self.params = parameter_names(doc.parameter_schema.schema if doc.parameter_schema else None)
        self.env = set(doc.env_config.env_names) if doc.env_config else set()
        self.secrets = set(doc.env_config.secret_names) if doc.env_config else set()
        self.problems: list[Problem] = []
        # (referring node, step id, place, from an edge) checked once ancestors are known
        self.step_refs: list[tuple[str, str, Place, bool]] = []
        self._template_cache: dict[str, _Scan] = {}
        self._expression_cache: dict[str, _Scan] = {}

    def template(self, text: str) -> _Scan:
        scan = self._template_cache.get(text)
        if scan is None:
            scan = self._template_cache[text] = _scan_template_string(text)
        return scan

    def expression(self, text: str) -> _Scan:
        scan = self._expression_cache.get(text)
        if scan is None:
            scan = self._expression_cache[text] = _scan_expression(text)
        return scan

    def report(self, scan: _Scan, place: Place, holder: str, node: str, is_edge: bool) -> None:
        """Problems of one scanned string; ``place`` builds its Location only when needed."""
        if scan.unclosed:
            self.problems.append(error(
                "cel.unclosed_template", place(), f"{holder} has a '${{{{' without its closing '}}}}'"
            ))
        for text, err in scan.errors:
            self.problems.append(error(
                "cel.syntax", place(), f"{holder}: CEL syntax error in {text!r}: {err}"
            ))
        for ref in scan.refs:
            self.reference(ref, place, holder, node, is_edge)

    def reference(
        self, ref: Reference, place: Place, holder: str, node: str, is_edge: bool
    ) -> None:
        name = ref.path[0] if ref.path else None
        if ref.root not in SCOPE_ROOTS:
            self.problems.append(error(
                "ref.unknown_root", place(),
                f"{holder} refers to {ref.dotted!r}; only params, env, secrets and steps are in scope",
            ))
        elif name is None:
            return  # the whole scope object (e.g. size(params)): nothing to check
        elif ref.root == "params" and name not in self.params:
            self.problems.append(error(
                "ref.unknown_param", place(),
                f"{holder} refers to params.{name}, which the parameter schema does not define",
            ))
        elif ref.root == "env" and name not in self.env:
            self.problems.append(error(
                "ref.unknown_env", place(),
                f"{holder} refers to env.{name}, which is not an env variable of this version",
            ))
        elif ref.root == "secrets" and name not in self.secrets:
            self.problems.append(error(
                "ref.unknown_secret", place(),
                f"{holder} refers to secrets.{name}, which is not a secret reference of this version",
            ))
        elif ref.root == "steps":
            if name not in self.ctx.node_index:
                self.problems.append(error(
                    "ref.unknown_step", place(),
                    f"{holder} refers to steps.{name}, but there is no node {name!r}",
                ))
                return
            if len(ref.path) > 1 and ref.path[1] not in STEP_FIELDS:
                self.problems.append(error(
                    "ref.step_field", place(),
                    f"{holder} reads steps.{name}.{ref.path[1]}; a step offers only "
                    "output and status",
                ))
            self.step_refs.append((node, name, place, is_edge))

    def check_steps(self) -> None:
        referrers = {node for node, _, _, _ in self.step_refs}
        upstream = self.ctx.analysis.upstream(referrers)
        for node, step, place, is_edge in self.step_refs:
            if upstream.is_upstream(step, node) or (is_edge and step == node):
                continue
            where = place()
            holder = f"edge {where.edge_id!r}" if is_edge else f"node {node!r}"
            relation = (
                f"it runs after {node!r}, the source of the edge" if is_edge
                else f"it does not run before {node!r}"
            )
            if not is_edge and step == node:
                relation = "a step cannot read its own result"
            self.problems.append(error(
                "ref.step_not_upstream", where,
                f"{holder} reads steps.{step}, but {relation}",
            ))


def check_references(ctx: Context) -> list[Problem]:
    checker = _Checker(ctx)
    cel_fields_of: dict[str | None, frozenset[str]] = {}
    for i, node in enumerate(ctx.nodes):
        if node.type != "action" or not node.config:
            continue
        cel_fields = cel_fields_of.get(node.action_id)
        if cel_fields is None:
            action = ctx.catalog.get(node.action_id)
            cel_fields = cel_fields_of[node.action_id] = _cel_fields(
                action.input_schema if action else None
            )
        holder = f"node {node.id!r}"
        for key, value in node.config.items():
            if key in cel_fields and isinstance(value, str):
                place = partial(ctx.node_at, i, "config", key)
                checker.report(checker.expression(value), place, holder, node.id, False)
                continue
            if isinstance(value, str):
                if "${{" in value:
                    place = partial(ctx.node_at, i, "config", key)
                    checker.report(checker.template(value), place, holder, node.id, False)
                continue
            for pointer, text in iter_string_values(value, ""):
                if "${{" in text:
                    place = partial(_nested, ctx, i, key, pointer)
                    checker.report(checker.template(text), place, holder, node.id, False)
    for i, edge in enumerate(ctx.edges):
        if edge.expression is None or edge.source not in ctx.node_index:
            continue
        place = partial(ctx.edge_at, i, "condition", "expression")
        checker.report(
            checker.expression(edge.expression), place, f"edge {edge.id!r}", edge.source, True
        )
    checker.check_steps()
    return checker.problems


def _nested(ctx: Context, index: int, key: str, pointer: str) -> Location:
    return Location(ctx.node_at(index, "config", key).pointer + pointer, node_id=ctx.nodes[index].id)


def _cel_fields(schema: Any) -> frozenset[str]:
    """Top-level config fields whose value is a bare CEL expression."""
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return frozenset()
    return frozenset(
        name for name, sub in schema["properties"].items()
        if isinstance(sub, dict) and sub.get("x-flowdesk-cel") is True
    )
