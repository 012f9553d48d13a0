"""The env config: names, clashes, secret references, and values that look like secrets.

Published versions are immutable and readable by everyone in the tenant, so a
credential pasted into the env config leaks for good. A secret entry has only
its documented keys (``connectionId``, ``secretRefKey``, ``description``); any
other key is an error, and so is a known token format in one of them. Anywhere
else in the env config (values, nested values, unknown keys) we warn on known
token shapes, long random-looking strings and credential-named keys with a
value, and keep quiet on the ordinary values env variables hold (URLs, region
names, UUIDs, numbers, paths).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from flowdesk.model.problems import Location, Problem, error, join_pointer, warning
from flowdesk.model.validation.context import Context

ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_VALUE_KEYS = frozenset({
    "value", "secret", "password", "passwd", "token", "apikey", "api_key", "key_value",
    "privatekey", "private_key", "credentials", "plaintext",
})

# (what it looks like, pattern); searched anywhere in the value.
TOKEN_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}")),
    ("a GitHub token", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{20,}")),
    ("a Stripe key", re.compile(r"\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}")),
    ("a Slack token", re.compile(r"\bxox[a-z](?:\.xox[a-z])?-[0-9A-Za-z-]{10,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("an API secret key", re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}")),
    ("a JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+")),
    ("a PEM private key or certificate", re.compile(r"-----BEGIN [A-Z0-9 ]+-----")),
    ("a URL with a password in it", re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@")),
)
_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
_TOKENISH = re.compile(r"^[A-Za-z0-9+/=_\-.]{24,}$")
_HEX = re.compile(r"^[0-9a-fA-F]{32,}$")
_SECRET_NAME = re.compile(r"(?:^|_)(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY)$")
_SECRET_FIELDS = ("connectionId", "secretRefKey", "description")
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def credential_shape(value: str) -> str | None:
    """What a plain value looks like if it looks like a credential, else ``None``."""
    shape = token_shape(value)
    if shape is not None:
        return shape
    text = value.strip()
    if _UUID.match(text) or "${{" in text:
        return None
    if _HEX.match(text) and entropy(text) >= 3.0:
        return "a long random hex string (like a key or token)"
    if _TOKENISH.match(text) and "." not in text.strip("."):
        classes = sum(bool(re.search(p, text)) for p in ("[a-z]", "[A-Z]", "[0-9]"))
        if classes == 3 and entropy(text) >= 4.0:
            return "a long random string (like a key or token)"
    return None


def check_env(ctx: Context) -> list[Problem]:
    env_config = ctx.document.env_config
    if env_config is None:
        return []
    problems: list[Problem] = []
    env = env_config.env or {}
    secrets = env_config.secrets or {}
    for group, names in (("env", list(env)), ("secrets", list(secrets))):
        for name in names:
            if not ENV_NAME.match(name):
                problems.append(error(
                    "env.name_invalid", Location(join_pointer("envConfig", group, name)),
                    f"{name!r} is not a valid name: use capital letters, digits and _, "
                    "not starting with a digit (e.g. API_BASE_URL)",
                ))
            shape = token_shape(name)
            if shape is not None:
                problems.append(warning(
                    "env.credential_like", Location(join_pointer("envConfig", group, name)),
                    f"the name {name!r} looks like {shape}; names are shown everywhere, so "
                    "give it a plain name and keep the credential in a connection",
                ))
    for name in secrets:
        if name in env:
            problems.append(error(
                "env.name_clash", Location(join_pointer("envConfig", "secrets", name)),
                f"{name!r} is both an env variable and a secret; names must be unique across both",
            ))
    for name, ref in secrets.items():
        pointer = join_pointer("envConfig", "secrets", name)
        problems += _secret_entry(name, ref, pointer)
        if ref.connection_id is None and ref.secret_ref_key is None:
            problems.append(error(
                "env.secret_without_ref", Location(pointer),
                f"secret {name!r} names neither a connectionId nor a secretRefKey, "
                "so the runner cannot find it",
            ))
    for name, value in env.items():
        if isinstance(value, dict | list):
            problems += _nested_values(value, join_pointer("envConfig", "env", name))
        else:
            problems += _plain_value(name, value)
    for key, value in env_config.extra.items():  # keys the format does not have
        problems += _nested_values({key: value}, join_pointer("envConfig"))
    return problems


def _secret_entry(name: str, ref: Any, pointer: str) -> list[Problem]:
    """Only the documented keys, and none of them holding something credential-shaped."""
    problems = []
    for key in sorted(ref.extra):
        where = Location(pointer + join_pointer(key))
        if key.lower() in _VALUE_KEYS:
            problems.append(error(
                "env.secret_has_value", where,
                f"secret {name!r} carries a {key!r}; a secret entry only references a "
                "connection (connectionId/secretRefKey) and never holds the value",
            ))
        else:
            problems.append(error(
                "env.secret_unknown_key", where,
                f"secret {name!r} has {key!r}, which a secret entry does not have (only "
                "connectionId, secretRefKey and description); remove it: a secret entry "
                "never holds the value",
            ))
    fields = dict(zip(_SECRET_FIELDS, (ref.connection_id, ref.secret_ref_key, ref.description),
                      strict=True))
    for field, text in fields.items():
        if not isinstance(text, str) or not text:
            continue
        where = Location(pointer + join_pointer(field))
        shape = token_shape(text)
        if shape is not None:
            problems.append(error(
                "env.secret_has_value", where,
                f"the {field} of secret {name!r} looks like {shape}; a secret entry only "
                "names where the secret is held, never the secret itself",
            ))
            continue
        shape = _random_word(text)
        if shape is not None:
            problems.append(warning(
                "env.credential_like", where,
                f"the {field} of secret {name!r} contains {shape}; if it is the secret "
                "itself, remove it (a secret entry never holds the value)",
            ))
    return problems


def token_shape(text: str) -> str | None:
    """What ``text`` contains if a known token format appears anywhere in it."""
    for what, pattern in TOKEN_SHAPES:
        if pattern.search(text):
            return what
    return None


def _random_word(text: str) -> str | None:
    """A long random-looking word inside ``text`` (IDs and prose stay quiet)."""
    for word in text.split():
        shape = credential_shape(word.strip(".,;:()[]{}'\""))
        if shape is not None:
            return shape
    return None


def credential_key(key: str) -> bool:
    """``dbPassword``, ``api-key``, ``CLIENT_SECRET``: a name that announces a credential."""
    return bool(_SECRET_NAME.search(re.sub(r"[^A-Z0-9]+", "_", _CAMEL_HUMP.sub("_", key).upper())))


def _nested_values(value: Any, pointer: str) -> list[Problem]:
    """Credential-shaped strings (or credential-named keys with a value) anywhere inside."""
    problems = []
    stack: list[tuple[str, str | None, Any]] = [(pointer, None, value)]
    while stack:
        where, key, item = stack.pop()
        if isinstance(item, dict):
            stack.extend((where + join_pointer(k), k, v) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((where + join_pointer(i), None, v) for i, v in reversed(list(
                enumerate(item))))
        elif isinstance(item, str) and item:
            shape = credential_shape(item)
            if shape is not None:
                message = f"{where} looks like {shape}"
            elif key is not None and credential_key(key) and len(item) >= 8:
                message = f"{where} is named like a credential and has a value"
            else:
                continue
            problems.append(warning(
                "env.credential_like", Location(where),
                f"{message}; env config is stored and shown in clear text, so move it to a "
                "secret reference instead",
            ))
    return problems


def _plain_value(name: str, value: Any) -> list[Problem]:
    if not isinstance(value, str) or not value:
        return []
    location = Location(join_pointer("envConfig", "env", name))
    shape = credential_shape(value)
    if shape is not None:
        return [warning(
            "env.credential_like", location,
            f"env {name!r} looks like {shape}; plain env values are stored and shown in clear "
            "text, so move it to a secret reference instead",
        )]
    if _SECRET_NAME.search(name) and len(value) >= 8:
        return [warning(
            "env.credential_like", location,
            f"env {name!r} is named like a credential and has a value; if it is secret, "
            "use a secret reference instead",
        )]
    return []
