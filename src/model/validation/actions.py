"""Action nodes: the action exists in the catalog and its config fits the input schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import SchemaError, ValidationError

from flowdesk.model.catalog import Action, ActionCatalog
from flowdesk.model.plain_messages import missing_property, plain_error
from flowdesk.model.problems import Problem, error
from flowdesk.model.safe_regex import PatternInvalid
from flowdesk.model.schema_engine import check_schema, make_validator
from flowdesk.model.schema_references import reference_problems
from flowdesk.model.validation.context import Context
from flowdesk.model.validation.fast_schema import (
    Check,
    Unsupported,
    compile_schema,
    is_whole_template,
)


@dataclass(frozen=True, slots=True)
class _ConfigChecker:
    """The compiled fast check (if the schema allows one) and the detailed validator."""

    fast: Check | None
    validator: Any  # a jsonschema validator, or None when the action's schema is broken
    schema_error: str | None


# Keyed by the schema object itself (kept alive in the value) so catalogs can be swapped.
_checkers: dict[int, tuple[Any, _ConfigChecker]] = {}


def config_checker(action: Action) -> _ConfigChecker:
    """Build once per action schema: compiling costs far more than checking."""
    schema = action.input_schema
    cached = _checkers.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    try:
        check_schema(schema)
        validator, problem = make_validator(schema), None
    except SchemaError as exc:
        validator, problem = None, exc.message
    broken = reference_problems(schema) if validator is not None else []
    if broken:
        validator, problem = None, broken[0].message
    try:
        fast = compile_schema(schema) if validator is not None else None
    except (Unsupported, PatternInvalid, TypeError, ValueError, KeyError, AttributeError):
        fast = None
    checker = _ConfigChecker(fast, validator, problem)
    _checkers[id(schema)] = (schema, checker)
    return checker


def check_actions(ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    catalog: ActionCatalog = ctx.catalog
    for i, node in enumerate(ctx.nodes):
        if node.type != "action":
            continue
        if node.action_id is None:
            continue  # structure.missing reports the missing actionId
        action = catalog.get(node.action_id)
        if action is None:
            problems.append(error(
                "action.unknown", ctx.node_at(i, "actionId"),
                f"node {node.id!r} runs {node.action_id!r}, which is not in the action catalog",
            ))
            continue
        config = node.config if node.config is not None else {}
        problems.extend(_check_config(ctx, i, action, config))
    return problems


def _check_config(ctx: Context, index: int, action: Action, config: Any) -> list[Problem]:
    checker = config_checker(action)
    node_id = ctx.nodes[index].id
    if checker.validator is None:
        return [error(
            "action.schema_invalid", ctx.node_at(index, "actionId"),
            f"the input schema of action {action.id!r} ({action.source}) is not a valid JSON "
            f"Schema: {checker.schema_error}",
        )]
    if checker.fast is not None and checker.fast(config):
        return []
    problems = []
    for err in sorted(checker.validator.iter_errors(config), key=lambda e: list(e.absolute_path)):
        if _about_template(err):
            continue
        tokens = [str(t) for t in err.absolute_path]
        location = ctx.node_at(index, "config", *tokens)
        field = "/".join(tokens) or "config"
        problems.append(error(
            "action.config_invalid", location,
            f"node {node_id!r} ({action.title}): {_field_message(field, err)}",
        ))
    return problems


def _about_template(err: ValidationError) -> bool:
    """A whole-template string is filled in at run time; its type is not known yet."""
    return is_whole_template(err.instance)


def _field_message(field: str, err: ValidationError) -> str:
    """``Timeout (seconds): must be a number``: the field by its title, in plain words."""
    schema = err.schema if isinstance(err.schema, dict) else {}
    missing = missing_property(err)
    if missing is not None:
        sub = (schema.get("properties") or {}).get(missing)
        return f"{_title(sub) or missing}: required"
    if err.validator == "additionalProperties":
        return f"config: {plain_error(err)}"
    return f"{_title(schema) or field}: {plain_error(err)}"


def _title(schema: Any) -> str | None:
    title = schema.get("title") if isinstance(schema, dict) else None
    return title if isinstance(title, str) and title.strip() else None

