"""The env config: names, clashes, secret references, and values that look like secrets.

Published versions are immutable and readable by everyone in the tenant, so a
credential pasted into a plain env value leaks for good. We warn on known token
shapes and long random-looking strings, and keep quiet on the ordinary values
env variables hold (URLs, region names, UUIDs, numbers, paths).
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
    ("a Slack token", re.compile(r"\bxox[bpas]-[0-9A-Za-z-]{10,}")),
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


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def credential_shape(value: str) -> str | None:
    """What a plain value looks like if it looks like a credential, else ``None``."""
    for what, pattern in TOKEN_SHAPES:
        if pattern.search(value):
            return what
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
    for name in secrets:
        if name in env:
            problems.append(error(
                "env.name_clash", Location(join_pointer("envConfig", "secrets", name)),
                f"{name!r} is both an env variable and a secret; names must be unique across both",
            ))
    for name, ref in secrets.items():
        pointer = join_pointer("envConfig", "secrets", name)
        value_keys = sorted(k for k in ref.extra if k.lower() in _VALUE_KEYS)
        for key in value_keys:
            problems.append(error(
                "env.secret_has_value", Location(pointer + join_pointer(key)),
                f"secret {name!r} carries a {key!r}; a secret entry only references a "
                "connection (connectionId/secretRefKey) and never holds the value",
            ))
        if ref.connection_id is None and ref.secret_ref_key is None:
            problems.append(error(
                "env.secret_without_ref", Location(pointer),
                f"secret {name!r} names neither a connectionId nor a secretRefKey, "
                "so the runner cannot find it",
            ))
    for name, value in env.items():
        problems += _plain_value(name, value)
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
