"""Editing a version's env config: env variables and secret references as table rows.

The env editor shows two tables; every edit here returns a NEW
:class:`EnvConfig` so an undo command can swap old and new whole. Names must
match ``^[A-Z_][A-Z0-9_]*$`` and be unique across env and secrets (the runner
puts both in one namespace). A secret reference never holds a value: turning
a credential-looking env value into a secret reference drops the value from
the document, and nothing here returns or logs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, Protocol

from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.document import EnvConfig, SecretRef, VersionDocument
from flowdesk.model.errors import EditError
from flowdesk.model.problems import Problem
from flowdesk.model.validation.context import Context
from flowdesk.model.validation.env import ENV_NAME, check_env

ENV_NAME_RE: Final = ENV_NAME
_UNSET: Final = object()


class ConnectionLike(Protocol):
    """What the editor needs of a tenant connection (storage's ``ConnectionInfo`` fits)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def type(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Connection:
    """A plain connection record for callers that have no storage object at hand."""

    id: str
    name: str
    type: str = ""


@dataclass(frozen=True, slots=True)
class EnvRow:
    name: str
    value: Any


@dataclass(frozen=True, slots=True)
class SecretRow:
    name: str
    connection_id: str | None
    secret_key: str | None
    description: str | None


@dataclass(frozen=True, slots=True)
class RowIssue:
    """Something wrong with one table cell: ``table`` is ``env`` or ``secrets``."""

    table: str
    name: str
    column: str
    message: str
    severity: str = "error"  # "error" or "warning"


@dataclass(frozen=True, slots=True)
class EnvIssues:
    issues: tuple[RowIssue, ...] = field(default=())

    def for_row(self, table: str, name: str) -> list[RowIssue]:
        return [i for i in self.issues if i.table == table and i.name == name]

    def for_cell(self, table: str, name: str, column: str) -> list[RowIssue]:
        return [i for i in self.for_row(table, name) if i.column == column]


# ------------------------------------------------------------------- reading


def env_rows(config: EnvConfig | None) -> list[EnvRow]:
    if config is None or config.env is None:
        return []
    return [EnvRow(k, v) for k, v in config.env.items()]


def secret_rows(config: EnvConfig | None) -> list[SecretRow]:
    if config is None or config.secrets is None:
        return []
    return [
        SecretRow(k, ref.connection_id, ref.secret_ref_key, ref.description)
        for k, ref in config.secrets.items()
    ]


def _validation_problems(config: EnvConfig) -> list[Problem]:
    """Validation's own env rules on just this config (one wording everywhere)."""
    return check_env(Context(VersionDocument(env_config=config), ActionCatalog()))


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a valid env or secret name, or ``None``."""
    if not name:
        return "a name is needed"
    problems = _validation_problems(EnvConfig(env={name: ""}))
    return next((p.message for p in problems if p.code == "env.name_invalid"), None)


def credential_warning(name: str, value: Any) -> str | None:
    """Validation's warning when a plain env value looks like a credential, else ``None``."""
    problems = _validation_problems(EnvConfig(env={name: value}))
    return next((p.message for p in problems if p.code == "env.credential_like"), None)


def unresolved_connections(
    config: EnvConfig | None, connections: Iterable[ConnectionLike]
) -> list[str]:
    """Names of secret references whose connection is not among ``connections``."""
    known = {c.id for c in connections}
    return [
        row.name for row in secret_rows(config)
        if row.connection_id is not None and row.connection_id not in known
    ]


_COLUMNS = {
    "env.name_invalid": "name",
    "env.name_clash": "name",
    "env.credential_like": "value",
    "env.secret_without_ref": "connection",
}


def check(config: EnvConfig | None, connections: Iterable[ConnectionLike] | None) -> EnvIssues:
    """Every cell-level issue of the two tables.

    Validation's env rules give the messages (invalid names, a name used for
    both an env variable and a secret, credential-looking values, secrets that
    reference nothing); on top, the env row of a clash is marked too, and with
    ``connections`` given, a connection missing from the tenant's catalog is
    marked unresolved.
    """
    if config is None:
        return EnvIssues()
    issues: list[RowIssue] = []
    for problem in _validation_problems(config):
        tokens = problem.location.pointer.split("/")
        if len(tokens) < 4 or tokens[1] != "envConfig":
            continue
        table, name = tokens[2], tokens[3].replace("~1", "/").replace("~0", "~")
        column = _COLUMNS.get(problem.code, "name")
        if table == "secrets" and tokens[4:5] == ["connectionId"]:
            column = "connection"
        elif table == "secrets" and column == "value":  # a secret row has no value cell
            column = "name"
        issues.append(RowIssue(table, name, column, problem.message, str(problem.severity)))
        if problem.code == "env.name_clash":
            issues.append(RowIssue("env", name, "name", problem.message, "error"))
    if connections is not None:
        for name in unresolved_connections(config, connections):
            ref = (config.secrets or {})[name]
            issues.append(RowIssue(
                "secrets", name, "connection",
                f"connection {ref.connection_id} is not in this tenant's catalog: "
                f"secret {name!r} is unresolved",
            ))
    return EnvIssues(tuple(issues))


# ------------------------------------------------------------------- editing


def _base(config: EnvConfig | None) -> EnvConfig:
    return config if config is not None else EnvConfig(env={}, secrets={})


def _taken(config: EnvConfig) -> set[str]:
    return set(config.env or {}) | set(config.secrets or {})


def fresh_name(config: EnvConfig | None, base: str = "NEW_VARIABLE") -> str:
    taken = _taken(_base(config))
    if base not in taken:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"


def _renamed(mapping: Mapping[str, Any], old: str, new: str) -> dict[str, Any]:
    return {(new if k == old else k): v for k, v in mapping.items()}


def _check_new_name(config: EnvConfig, name: str, *, table: str, old: str | None = None) -> None:
    """Refuse what would lose data: a name already used in the same table.

    Invalid spellings and clashes across env and secrets are allowed here (the
    tables mark them) so an author can fix them in any order.
    """
    same = config.env or {} if table == "env" else config.secrets or {}
    if not name:
        raise EditError("a name is needed")
    if name != old and name in same:
        kind = "an env variable" if table == "env" else "a secret reference"
        raise EditError(f"there is already {kind} named {name}")


def add_env(config: EnvConfig | None, name: str, value: Any = "",
            index: int | None = None) -> EnvConfig:
    config = _base(config)
    _check_new_name(config, name, table="env")
    items = list((config.env or {}).items())
    items.insert(len(items) if index is None else index, (name, value))
    return replace(config, env=dict(items))


def set_env_value(config: EnvConfig | None, name: str, value: Any) -> EnvConfig:
    config = _base(config)
    if name not in (config.env or {}):
        raise EditError(f"no env variable named {name}")
    return replace(config, env={**(config.env or {}), name: value})


def rename_env(config: EnvConfig | None, old: str, new: str) -> EnvConfig:
    config = _base(config)
    if old not in (config.env or {}):
        raise EditError(f"no env variable named {old}")
    _check_new_name(config, new, table="env", old=old)
    return replace(config, env=_renamed(config.env or {}, old, new))


def remove_env(config: EnvConfig | None, name: str) -> EnvConfig:
    config = _base(config)
    if name not in (config.env or {}):
        raise EditError(f"no env variable named {name}")
    return replace(config, env={k: v for k, v in (config.env or {}).items() if k != name})


def add_secret(
    config: EnvConfig | None, name: str, connection_id: str | None = None,
    secret_key: str | None = None, description: str | None = None, index: int | None = None,
) -> EnvConfig:
    config = _base(config)
    _check_new_name(config, name, table="secrets")
    items = list((config.secrets or {}).items())
    ref = SecretRef(connection_id or None, secret_key or None, description or None)
    items.insert(len(items) if index is None else index, (name, ref))
    return replace(config, secrets=dict(items))


def update_secret(
    config: EnvConfig | None, name: str, *, connection_id: Any = _UNSET,
    secret_key: Any = _UNSET, description: Any = _UNSET,
) -> EnvConfig:
    """Sets fields of a secret reference; an empty string or ``None`` removes the field."""
    config = _base(config)
    secrets = dict(config.secrets or {})
    if name not in secrets:
        raise EditError(f"no secret reference named {name}")
    ref = secrets[name]
    if connection_id is not _UNSET:
        ref = replace(ref, connection_id=connection_id or None)
    if secret_key is not _UNSET:
        ref = replace(ref, secret_ref_key=secret_key or None)
    if description is not _UNSET:
        ref = replace(ref, description=description or None)
    secrets[name] = ref
    return replace(config, secrets=secrets)


def rename_secret(config: EnvConfig | None, old: str, new: str) -> EnvConfig:
    config = _base(config)
    if old not in (config.secrets or {}):
        raise EditError(f"no secret reference named {old}")
    _check_new_name(config, new, table="secrets", old=old)
    return replace(config, secrets=_renamed(config.secrets or {}, old, new))


def remove_secret(config: EnvConfig | None, name: str) -> EnvConfig:
    config = _base(config)
    if name not in (config.secrets or {}):
        raise EditError(f"no secret reference named {name}")
    return replace(
        config, secrets={k: v for k, v in (config.secrets or {}).items() if k != name}
    )


def make_secret_reference(
    config: EnvConfig | None, name: str, connection_id: str | None = None,
    secret_key: str | None = None,
) -> EnvConfig:
    """Moves env variable ``name`` to the secret references, dropping its value.

    The secret key defaults to the lower-cased name, so the reference is never
    empty; the author then picks the connection that holds the real secret.
    """
    config = _base(config)
    if name not in (config.env or {}):
        raise EditError(f"no env variable named {name}")
    if name in (config.secrets or {}):
        raise EditError(f"there is already a secret reference named {name}")
    without = remove_env(config, name)
    return add_secret(without, name, connection_id, secret_key or name.lower())
