"""Validation of version documents: returns problems, never raises.

``validate(document_or_json, catalog=None)`` accepts a
:class:`~flowdesk.model.document.VersionDocument` or any parsed JSON. It first
checks the structure against the format's JSON Schema; when the JSON is too
broken to build a document it stops there. Otherwise every rule group below
runs and the problems come back sorted by location, then code.

Problem codes (stable: the UI, the CLI and scripts rely on them)

=============================  ========  ==============================================
code                           severity  meaning
=============================  ========  ==============================================
structure.type                 error     a value has the wrong JSON type
structure.missing              error     a required key is missing (graph, node id, ...)
structure.value                error     a value the format does not allow (node type,
                                         formatVersion, edge condition shape, ...)
structure.unknown_key          warning   a key that is not part of format 1
node.id_invalid                error     node id does not match ^[a-z][a-z0-9_]{0,62}$
node.duplicate_id              error     two nodes share an id
edge.duplicate_id              error     two edges share an id
note.duplicate_id              error     two notes share an id
edge.unknown_source            error     an edge starts at a node that does not exist
edge.unknown_target            error     an edge leads to a node that does not exist
edge.duplicate                 error     same source, target and condition twice
edge.condition_not_allowed     error     e.g. an expression edge leaving an action
start.missing                  error     no start node
start.multiple                 error     more than one start node
start.incoming                 error     an edge leads into start
end.missing                    error     no end node
end.outgoing                   error     an edge leaves an end node
condition.too_few_branches     error     a condition with fewer than 2 expression edges
condition.multiple_otherwise   error     a condition with more than one otherwise edge
condition.no_otherwise         warning   a condition without otherwise (a run can get stuck)
parallel.too_few_branches      error     a fork with fewer than 2 always edges
join.too_few_incoming          error     a join with fewer than 2 incoming edges
join.mode_invalid              error     join mode other than all/any
join.never_fires               error     an all-join fed by mutually exclusive branches
graph.cycle                    error     nodes that form a cycle (all listed)
graph.unreachable              error     a node not reachable from start
graph.dead_end                 error     a node from which no end is reachable
cel.syntax                     error     a condition or ${{ }} template is not valid CEL
cel.unclosed_template          error     a ``${{`` without its ``}}``
ref.unknown_root               error     a name other than params/env/secrets/steps
ref.unknown_param              error     params.X where X is not in the parameter schema
ref.unknown_env                error     env.X where X is not in envConfig.env
ref.unknown_secret             error     secrets.X where X is not in envConfig.secrets
ref.unknown_step               error     steps.X where X is not a node
ref.step_field                 error     steps.X.Y where Y is not output or status
ref.step_not_upstream          error     steps.X where X does not run before the reader
action.unknown                 error     actionId not in the catalog
action.config_invalid          error     config fails the action's input schema
action.schema_invalid          error     the catalog entry's input schema is broken
params.root_not_object         error     parameter schema root is not "type": "object"
params.meta_schema             error     parameter schema fails its draft's meta-schema
params.unknown_draft           warning   $schema names a draft Flowdesk does not know
params.required_unknown        error     "required" names an undefined property
params.default_invalid         error     a default that breaks its own subschema
params.ref_unresolvable        error     a $ref that leads nowhere
env.name_invalid               error     env/secret name not ^[A-Z_][A-Z0-9_]*$
env.name_clash                 error     one name in both env and secrets
env.secret_has_value           error     a secret entry carries a value/password/token
env.secret_without_ref         error     a secret entry with no connectionId/secretRefKey
env.credential_like            warning   a plain env value that looks like a credential
validation.internal_error      error     a rule crashed (a bug; reported, not raised)
graph.too_large                error     more nodes, edges or notes than :data:`LIMITS`
                                         allows; the only problem reported then
=============================  ========  ==============================================

Size limits (:data:`LIMITS`): 50,000 nodes, 200,000 edges and 10,000 notes
per graph, well above the 20,000-node benchmark documents; a bigger graph gets
the one ``graph.too_large`` problem instead of minutes of checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flowdesk.model.catalog import ActionCatalog, builtin_catalog
from flowdesk.model.document import VersionDocument, dump, load
from flowdesk.model.errors import DocumentError
from flowdesk.model.gc_pause import gc_paused
from flowdesk.model.graph_limits import LIMITS, over_limits
from flowdesk.model.problems import Location, Problem, error
from flowdesk.model.validation.actions import check_actions
from flowdesk.model.validation.context import Context
from flowdesk.model.validation.env import check_env
from flowdesk.model.validation.graph_rules import check_graph
from flowdesk.model.validation.joins import check_joins
from flowdesk.model.validation.parameters import check_parameter_schema
from flowdesk.model.validation.references import check_references
from flowdesk.model.validation.structure import check_structure

__all__ = ["validate", "sort_problems", "RULES", "LIMITS", "over_limits"]

RULES: tuple[tuple[str, Callable[[Context], list[Problem]]], ...] = (
    ("graph", check_graph),
    ("references", check_references),
    ("joins", check_joins),
    ("actions", check_actions),
    ("parameters", check_parameter_schema),
    ("env", check_env),
)


def validate(document: VersionDocument | Any, catalog: ActionCatalog | None = None) -> list[Problem]:
    """Every problem of ``document`` (a VersionDocument or parsed JSON); never raises."""
    try:
        with gc_paused():
            return sort_problems(_validate(document, catalog))
    except Exception as exc:  # a bug in a rule must not take the caller down
        return [_internal("validation", exc)]



def _validate(document: Any, catalog: ActionCatalog | None) -> list[Problem]:
    too_large = over_limits(document)
    if too_large:
        return too_large
    if isinstance(document, VersionDocument):
        raw = dump(document)
        problems = check_structure(raw)
    else:
        problems = check_structure(document)
        try:
            document = load(document)
        except DocumentError as exc:
            if not any(p.is_error for p in problems):
                problems.append(error("structure.value", Location(exc.pointer), exc.message))
            return problems
    ctx = Context(document, catalog if catalog is not None else builtin_catalog())
    for name, rule in RULES:
        try:
            problems.extend(rule(ctx))
        except Exception as exc:
            problems.append(_internal(name, exc))
    return problems


def _internal(rule: str, exc: Exception) -> Problem:
    return error(
        "validation.internal_error", Location(""),
        f"the {rule} checks failed unexpectedly ({exc.__class__.__name__}: {exc}); "
        "please report this",
    )


def _pointer_key(pointer: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(
        (0, int(t), "") if t.isascii() and t.isdigit() else (1, 0, t) for t in pointer.split("/")
    )


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Document order (numeric array indexes), then code and message; duplicates dropped."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (_pointer_key(p.location.pointer), p.code, p.message))
