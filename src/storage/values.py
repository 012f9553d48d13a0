"""Checks on what callers ask the store to keep: workflow keys, names, documents.

Keys are slugs: lower-case ASCII letters and digits in groups joined by single
dashes, 1 to 63 characters (``^[a-z0-9]+(-[a-z0-9]+)*$``): no leading,
trailing or doubled dash, so a key is also a valid DNS label and URL segment.

Text is kept exactly as given (quotes, SQL fragments, emoji, long strings all
round-trip); only what PostgreSQL cannot store is refused, on both dialects so
a local draft never fails later when synced: the NUL character, and lone UTF-16
surrogates that are not Unicode text.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from flowdesk.model.canonical import canonical_json
from flowdesk.model.document import FORMAT_VERSION, VersionDocument, dump_parts
from flowdesk.storage.errors import InvalidKey, InvalidValue

KEY_MAX_LENGTH = 63
KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A JSON-escaped NUL that is not itself an escaped backslash followed by "u0000".
_ESCAPED_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


def check_key(key: object) -> str:
    if not isinstance(key, str):
        raise InvalidKey(str(key), "a key must be a string")
    if not key:
        raise InvalidKey(key, "a key cannot be empty")
    if len(key) > KEY_MAX_LENGTH:
        raise InvalidKey(key, f"{len(key)} characters, at most {KEY_MAX_LENGTH} allowed")
    if not KEY_PATTERN.fullmatch(key):
        raise InvalidKey(
            key,
            "use lower-case letters a-z, digits and single dashes between them "
            "(no leading, trailing or double dash)",
        )
    return key


def check_text(field: str, value: object, *, required: bool) -> str | None:
    """A name or description: stored unchanged, refused only if unstorable."""
    if value is None:
        if required:
            raise InvalidValue(field, "is required")
        return None
    if not isinstance(value, str):
        raise InvalidValue(field, f"must be text, got {type(value).__name__}")
    if required and not value.strip():
        raise InvalidValue(field, "cannot be empty or only spaces")
    if "\x00" in value:
        raise InvalidValue(field, f"contains a NUL character at offset {value.index(chr(0))}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidValue(
            field, f"contains a lone surrogate at offset {exc.start}, which is not text"
        ) from exc
    return value


def stored_parts(document: VersionDocument) -> tuple[Any, Any, Any]:
    """The three column values of a document, refusing what the columns cannot hold.

    A version row has only graph, parameter_schema and env_config; top-level
    keys beyond those (kept in ``document.extra``) would be lost silently, so
    they are refused instead.
    """
    lost = sorted(
        k for k, v in document.extra.items()
        if not (k in ("parameterSchema", "envConfig") and v is None)
    )
    if lost:
        raise InvalidValue(
            "document", f"top-level keys {', '.join(lost)} have no column to be stored in"
        )
    if document.format_version not in (None, FORMAT_VERSION):
        raise InvalidValue(
            "document/formatVersion",
            f"format {document.format_version} cannot be stored (this Flowdesk writes format 1)",
        )
    return dump_parts(document)


def stored_json_text(graph: Any, parameter_schema: Any, env_config: Any) -> str:
    """Canonical JSON of the document as it will read back (``load_parts`` form)."""
    doc: dict[str, Any] = {"formatVersion": FORMAT_VERSION, "graph": graph}
    if parameter_schema is not None:
        doc["parameterSchema"] = parameter_schema
    if env_config is not None:
        doc["envConfig"] = env_config
    try:
        return canonical_json(doc)
    except (TypeError, ValueError) as exc:
        raise InvalidValue("document", f"is not storable JSON: {exc}") from exc


def check_storable_json(text: str) -> None:
    # The substring test first: the regex alone takes seconds on a 45 MB document.
    if "\\u0000" in text and _ESCAPED_NUL.search(text):
        raise InvalidValue("document", "contains a NUL character (\\u0000), which cannot be stored")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidValue(
            "document", "contains a lone surrogate, which is not text and cannot be stored"
        ) from exc


def hash_of_text(text: str) -> str:
    """Same value as ``flowdesk.model.canonical.content_hash`` of the loaded document."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def prepare_document(document: VersionDocument) -> tuple[tuple[Any, Any, Any], str]:
    """Column values and content hash of a document about to be stored."""
    parts = stored_parts(document)
    text = stored_json_text(*parts)
    check_storable_json(text)
    return parts, hash_of_text(text)
