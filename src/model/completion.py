"""Completion and reference checking for ``${{ }}`` templates in config text.

While an author types inside ``${{ `` in a node's config, the editor offers
the names in scope there: ``params.*`` (the parameter schema's properties),
``env.*``, ``secrets.*`` and ``steps.<id>.output``/``.status`` of the nodes
upstream of that node. The same scope decides which references in a text are
unknown; each comes with its character span so the editor can underline it,
and with the message validation would report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flowdesk.model.cel import (
    SCOPE_ROOTS,
    Reference,
    check_syntax,
    references,
    template_expressions,
)
from flowdesk.model.document import VersionDocument
from flowdesk.model.graph_analysis import GraphAnalysis
from flowdesk.model.validation.references import STEP_FIELDS, parameter_names

_ROOT_HELP = {
    "params": "a parameter of the workflow",
    "env": "an environment variable",
    "secrets": "a secret reference (resolved by the runner)",
    "steps": "the output or status of an upstream step",
}
_OPEN = "${{"
_CLOSE = "}}"
_DOTTED_TAIL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]*)*$|$")


@dataclass(frozen=True, slots=True)
class Completion:
    """One offer: ``text`` replaces the word being typed; ``detail`` says what it is."""

    text: str
    kind: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CompletionResult:
    """Offers for the word spanning ``start``..``end`` (``prefix`` is what is typed)."""

    start: int
    end: int
    prefix: str
    items: tuple[Completion, ...]


@dataclass(frozen=True, slots=True)
class UnknownReference:
    """A reference (or an unreadable template) that the runner could not resolve."""

    start: int
    end: int
    reference: str
    message: str


@dataclass(frozen=True, slots=True)
class Scope:
    """The names a node's templates may use."""

    params: tuple[str, ...]
    env: tuple[str, ...]
    secrets: tuple[str, ...]
    steps: tuple[str, ...]
    all_nodes: frozenset[str] = frozenset()

    @classmethod
    def for_node(cls, document: VersionDocument, node_id: str | None) -> Scope:
        schema = document.parameter_schema
        listed = list(schema.properties) if schema is not None else []
        # validation also accepts names added by allOf/anyOf/oneOf/if-then-else
        extra = parameter_names(schema.schema if schema is not None else None) - set(listed)
        env = document.env_config
        return cls(
            params=(*listed, *sorted(extra)),
            env=tuple(env.env_names) if env is not None else (),
            secrets=tuple(env.secret_names) if env is not None else (),
            steps=tuple(upstream_steps(document, node_id)) if node_id is not None else (),
            all_nodes=frozenset(n.id for n in document.graph.nodes),
        )


def upstream_steps(document: VersionDocument, node_id: str) -> list[str]:
    """Ids of the action/condition nodes upstream of ``node_id``, in document order."""
    analysis = GraphAnalysis(document.graph)
    ancestors = analysis.upstream([node_id]).ancestors(node_id)
    return [
        n.id for n in document.graph.nodes
        if n.id in ancestors and n.type not in ("start", "parallel", "join")
    ]


def open_template_at(text: str, cursor: int) -> int | None:
    """Offset just after the ``${{`` the cursor is inside, or ``None``."""
    opening = text.rfind(_OPEN, 0, cursor)
    if opening < 0:
        return None
    body_start = opening + len(_OPEN)
    if _CLOSE in text[body_start:cursor]:
        return None
    return body_start


def complete(
    text: str, cursor: int, document: VersionDocument, node_id: str | None = None
) -> CompletionResult | None:
    """Offers at ``cursor`` in ``text``, or ``None`` when the cursor is not in a template."""
    body_start = open_template_at(text, cursor)
    if body_start is None:
        return None
    typed = _DOTTED_TAIL.search(text[body_start:cursor])
    dotted = typed.group(0) if typed else ""
    parts = dotted.split(".")
    word = parts[-1]
    start = cursor - len(word)
    items = _candidates(parts[:-1], Scope.for_node(document, node_id))
    matching = tuple(c for c in items if c.text.lower().startswith(word.lower()))
    return CompletionResult(start, cursor, word, matching)


def _candidates(path: list[str], scope: Scope) -> list[Completion]:
    if not path:
        return [Completion(root, "root", _ROOT_HELP[root]) for root in SCOPE_ROOTS]
    root = path[0]
    if len(path) == 1:
        if root == "params":
            return [Completion(p, "param", "parameter") for p in scope.params]
        if root == "env":
            return [Completion(e, "env", "environment variable") for e in scope.env]
        if root == "secrets":
            return [Completion(s, "secret", "secret reference") for s in scope.secrets]
        if root == "steps":
            return [Completion(s, "step", "upstream step") for s in scope.steps]
    if root == "steps" and len(path) == 2 and path[1] in scope.steps:
        return [Completion(f, "step-field", f"the step's {f}") for f in STEP_FIELDS]
    return []


def reference_problem(ref: Reference, scope: Scope) -> str | None:
    """Why ``ref`` cannot be resolved in ``scope``, worded as validation words it."""
    holder = "this field"
    if ref.root not in SCOPE_ROOTS:
        return (
            f"{holder} refers to {ref.dotted!r}; only params, env, secrets and steps are in scope"
        )
    if not ref.path:
        return None  # the whole scope object (e.g. size(params)) is fine
    name = ref.path[0]
    if ref.root == "params" and name not in scope.params:
        return f"{holder} refers to params.{name}, which the parameter schema does not define"
    if ref.root == "env" and name not in scope.env:
        return f"{holder} refers to env.{name}, which is not an env variable of this version"
    if ref.root == "secrets" and name not in scope.secrets:
        return (
            f"{holder} refers to secrets.{name}, which is not a secret reference of this version"
        )
    if ref.root == "steps":
        if name not in scope.steps:
            if name not in scope.all_nodes:
                return f"{holder} refers to steps.{name}, but there is no node {name!r}"
            return f"{holder} reads steps.{name}, but it does not run before this node"
        if len(ref.path) > 1 and ref.path[1] not in STEP_FIELDS:
            return (
                f"{holder} reads steps.{name}.{ref.path[1]}; a step offers only output and status"
            )
    return None


def unknown_references(
    text: str, document: VersionDocument, node_id: str | None = None
) -> list[UnknownReference]:
    """The references in ``text``'s templates that the runner could not resolve.

    A template that does not parse is reported whole, with its syntax error.
    """
    found: list[UnknownReference] = []
    scope: Scope | None = None
    for template in template_expressions(text):
        syntax = check_syntax(template.expression)
        if syntax is not None:
            found.append(UnknownReference(template.start, template.end, template.expression,
                                          f"the template does not parse: {syntax}"))
            continue
        for ref in references(template.expression):
            if scope is None:
                scope = Scope.for_node(document, node_id)
            message = reference_problem(ref, scope)
            if message is not None:
                start, end = _span_of(text, template.start, template.end, ref)
                found.append(UnknownReference(start, end, ref.dotted, message))
    return found


def _span_of(text: str, start: int, end: int, ref: Reference) -> tuple[int, int]:
    """Where ``ref`` is written inside the template ``text[start:end]``."""
    body = text[start:end]
    match = re.search(
        r"\b" + re.escape(ref.root) + "".join(
            r"\s*(?:\.\s*" + re.escape(p) + r"|\[\s*['\"]" + re.escape(p) + r"['\"]\s*\])"
            for p in ref.path
        ),
        body,
    )
    if match is None:
        match = re.search(r"\b" + re.escape(ref.root) + r"\b", body)
    if match is None:
        return start, end
    return start + match.start(), start + match.end()
