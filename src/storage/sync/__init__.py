"""Offline workspace <-> shared PostgreSQL catalog: remote profiles, the local mirror,
incremental pull and publish with merge-on-conflict. Imports storage and model, never Qt.

What a caller (the window, a worker thread, the CLI) uses::

    from flowdesk.storage.sync.remote import RemoteProfile, open_remote, probe_remote
    from flowdesk.storage.sync.pull import pull                      # -> PullResult
    from flowdesk.storage.sync.publish import publish_draft, accept_merge
    #   publish_draft(...) -> Published | Refused | RemoteMovedOn (base, mine, theirs, merge)
    from flowdesk.storage.sync.progress import CancelToken, Progress, Cancelled
    from flowdesk.storage.sync.mirror import import_as_draft
    from flowdesk.storage.sync.deletions import deleted_on_remote, discard_deleted

Both ``pull`` and ``publish_draft`` block (at most the connect timeout when the
server is away) and are meant to run off the UI thread with a progress
callback and a :class:`~flowdesk.storage.sync.progress.CancelToken`.
"""

# The bookkeeping models register on the sync tables' metadata when imported; the
# migrations' environment imports this package, so it compares all of them.
from flowdesk.storage.sync import deletions as _deletions  # noqa: F401
