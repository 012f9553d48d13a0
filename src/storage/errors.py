"""The typed errors of the storage layer.

Every error a caller may meet while reading or writing workflows is one of
these, never a raw SQLAlchemy/driver exception, and each message names the
thing concerned (the key, the version, the workflow) so the UI and the CLI can
show it as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from flowdesk.model.errors import FlowdeskError
from flowdesk.model.problems import Problem


class StorageError(FlowdeskError):
    """Base of every storage error."""


class NotFound(StorageError):
    """No such tenant, workflow or version *for this tenant*."""


class DuplicateKey(StorageError):
    """A workflow with this key already exists in the tenant."""

    def __init__(self, key: str) -> None:
        super().__init__(f"a workflow with key {key!r} already exists in this tenant")
        self.key = key


class InvalidKey(StorageError):
    """A workflow key that is not a slug."""

    def __init__(self, key: str, reason: str) -> None:
        shown = key if len(key) <= 80 else key[:77] + "..."
        super().__init__(f"invalid workflow key {shown!r}: {reason}")
        self.key = key
        self.reason = reason


class InvalidValue(StorageError):
    """A name, description or document the database cannot store as given."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class ImmutableVersion(StorageError):
    """An attempt to change or delete a published version."""


class ForeignVersion(StorageError):
    """A draft another client of the platform wrote: Flowdesk never changes rows it did not write."""


class DraftExists(StorageError):
    """The workflow already has a draft; Flowdesk keeps at most one per workflow."""

    def __init__(self, workflow_key: str, draft_id: str) -> None:
        super().__init__(
            f"workflow {workflow_key!r} already has a draft ({draft_id}); "
            "publish or discard it first"
        )
        self.workflow_key = workflow_key
        self.draft_id = draft_id


class PublishRefused(StorageError):
    """The draft does not validate; ``problems`` says what and where."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        errors = [p for p in problems if p.is_error]
        lines = "\n".join(f"  {p}" for p in errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(
            f"publish refused: the draft has {len(errors)} error(s)\n{lines}{more}"
        )
        self.problems = list(problems)


class DeleteRefused(StorageError):
    """Deleting a workflow that has published versions but is not archived."""


class ConcurrentPublish(StorageError):
    """Another session published or locked the workflow at the same time; retry."""

    retryable = True


class DatabaseUnavailable(StorageError):
    """The database cannot be reached or opened."""


class SchemaOutOfDate(StorageError):
    """The database is not migrated to the schema this Flowdesk needs."""
