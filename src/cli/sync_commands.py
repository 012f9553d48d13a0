"""``flowdesk pull`` and ``flowdesk publish``: sync a local workspace with the shared catalog.

``--remote`` is a PostgreSQL URL. Its password, if any, is taken from the URL
itself, else from the system keyring (service ``flowdesk``; ``--save-password``
puts it there), else asked for with ``--ask-password``; it is never printed:
every URL shown has its password masked.

Exit status of ``publish``: 0 published (prints the version), 1 refused by
validation or another refusal (no such workflow or draft), 3 the remote moved
on (with ``--rebase``: merged and published when there is no conflict, else
the conflicts are listed), 4 the remote cannot be reached, the connection
was lost or the remote went silent for ``--timeout`` seconds (the local draft
is intact; running the command again is safe), 5 the remote deleted the
workflow (the draft is kept: ``--as-new`` publishes it as a new workflow,
``pull --discard-deleted`` drops it). ``publish --activate`` also makes the
workflow Active when this is its first published version (said in the output;
ignored, with a note, on a later version). ``pull`` exits 0, 1 or 4 likewise and
names every workflow the remote deleted.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from flowdesk.model.catalog import ActionCatalog, load_catalog
from flowdesk.model.errors import FlowdeskError
from flowdesk.storage.database import Database, open_database
from flowdesk.storage.errors import DatabaseUnavailable
from flowdesk.storage.sync.deletions import deleted_on_remote, discard_deleted
from flowdesk.storage.sync.progress import Cancelled, Progress
from flowdesk.storage.sync.publish import (
    Published,
    Refused,
    RemoteDeleted,
    RemoteMovedOn,
    publish_draft,
)
from flowdesk.storage.sync.pull import pull
from flowdesk.storage.sync.remote import (
    IO_TIMEOUT_S,
    Remote,
    RemoteProfile,
    open_remote,
    store_password,
)

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_MOVED_ON = 3
EXIT_UNAVAILABLE = 4
EXIT_DELETED = 5


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    pull_parser = subparsers.add_parser(
        "pull",
        help="bring what was published on a remote into a local workspace",
        description="Pull tenants, connections, workflows and published versions changed "
        "since the last pull from the remote catalog into the workspace. Drafts are kept.",
    )
    _add_common(pull_parser)
    pull_parser.add_argument("--tenant", metavar="NAME", help="only this tenant's workflows")
    pull_parser.add_argument(
        "--discard-deleted", action="store_true",
        help="drop the workflows the remote deleted that were kept for their drafts",
    )
    pull_parser.set_defaults(func=run_pull)

    publish_parser = subparsers.add_parser(
        "publish",
        help="publish a workflow's local draft to a remote as its next version",
        description="Publish the local draft of workflow KEY to the remote catalog. Exit 0 "
        "published, 1 refused by validation, 3 the remote moved on (see --rebase), 4 the "
        "remote cannot be reached.",
    )
    _add_common(publish_parser)
    publish_parser.add_argument("--tenant", required=True, metavar="NAME", help="the tenant")
    publish_parser.add_argument("--key", required=True, help="the workflow key")
    publish_parser.add_argument(
        "--rebase", action="store_true",
        help="when the remote moved on, merge with its latest version and publish if there "
        "is no conflict",
    )
    publish_parser.add_argument(
        "--as-new", action="store_true",
        help="the remote deleted the workflow: publish the draft as a new workflow (v1)",
    )
    publish_parser.add_argument(
        "--activate", action="store_true",
        help="make the workflow Active when this is its first published version",
    )
    publish_parser.add_argument("--catalog", action="append", default=[], metavar="FOLDER",
                                help="an extra folder of action JSON files (may be repeated)")
    publish_parser.set_defaults(func=run_publish)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", required=True, metavar="PATH",
                        help="the local workspace (SQLite file; created if missing)")
    parser.add_argument("--remote", required=True, metavar="URL",
                        help="PostgreSQL URL of the shared catalog")
    parser.add_argument("--user", help="the remote user (default: the one in the URL)")
    parser.add_argument("--ask-password", action="store_true",
                        help="ask for the remote password instead of using the keyring")
    parser.add_argument("--save-password", action="store_true",
                        help="store the password in the system keyring after connecting")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    parser.add_argument(
        "--timeout", type=float, default=IO_TIMEOUT_S, metavar="SECONDS",
        help=f"give up when the remote sends nothing for this long (default {IO_TIMEOUT_S:g})",
    )


def _err(message: str) -> None:
    print(f"flowdesk: {message}", file=sys.stderr)


def _progress(args: argparse.Namespace) -> Callable[[Progress], None] | None:
    if args.quiet:
        return None

    def show(p: Progress) -> None:
        total = f"/{p.total}" if p.total is not None else ""
        detail = f": {p.message}" if p.message else ""
        print(f"  {p.stage} {p.done}{total}{detail}", file=sys.stderr)

    return show


def _open_remote(args: argparse.Namespace) -> Remote:
    profile, password = RemoteProfile.parse(args.remote, user=args.user)
    if args.ask_password:
        password = getpass.getpass(f"password for {profile.display_url}: ")
    if args.timeout <= 0:
        raise DatabaseUnavailable(f"--timeout must be more than 0 seconds, not {args.timeout:g}")
    remote = open_remote(profile, password, io_timeout=args.timeout)
    if args.save_password and password:
        if store_password(profile, password):
            _err(f"password for {profile.display_url} stored in the system keyring")
        else:
            _err("no usable system keyring: the password was not stored")
    return remote


def _run(args: argparse.Namespace, body: Callable[[Database, Remote], int]) -> int:
    """Open both ends, run ``body``, map errors to exit codes with messages naming the cause."""
    workspace: Database | None = None
    remote: Remote | None = None
    try:
        workspace = open_database(args.workspace, upgrade=True)
        remote = _open_remote(args)
        return body(workspace, remote)
    except DatabaseUnavailable as exc:
        _err(f"error: {exc}")
        return EXIT_UNAVAILABLE
    except Cancelled as exc:
        _err(str(exc))
        return 130
    except FlowdeskError as exc:
        _err(f"error: {exc}")
        return EXIT_REFUSED
    finally:
        if remote is not None:
            remote.dispose()
        if workspace is not None:
            workspace.dispose()


def run_pull(args: argparse.Namespace) -> int:
    def body(workspace: Database, remote: Remote) -> int:
        result = pull(workspace, remote, tenant=args.tenant, progress=_progress(args))
        print(result.summary())
        for deleted in result.deleted:
            print(f"  {deleted.message}")
        if args.discard_deleted:
            with workspace.session() as s:
                for kept in deleted_on_remote(s):
                    print(f"  discarded {discard_deleted(s, kept.workflow_id).key} "
                          f"(tenant {kept.tenant})")
        else:
            with workspace.session() as s:
                waiting = deleted_on_remote(s)
            if waiting:
                print(f"  {len(waiting)} workflow(s) deleted on the remote wait for a decision: "
                      "flowdesk publish --as-new ... or flowdesk pull --discard-deleted")
        return EXIT_OK

    return _run(args, body)


def run_publish(args: argparse.Namespace) -> int:
    def body(workspace: Database, remote: Remote) -> int:
        catalog: ActionCatalog | None = load_catalog(args.catalog) if args.catalog else None
        result = publish_draft(
            workspace, remote, args.tenant, args.key,
            rebase=args.rebase, as_new=args.as_new, activate=args.activate, catalog=catalog,
            progress=_progress(args),
        )
        if isinstance(result, Published):
            print(f"{result.message} (version id {result.version_id})")
            if args.activate and not result.activated:
                print("--activate: the earlier attempt's publish stands (status as it left it)"
                      if result.already else
                      f"--activate ignored: v{result.version} is not the workflow's first "
                      "published version (its status is unchanged)")
            return EXIT_OK
        if isinstance(result, Refused):
            _err(f"error: {result.message}")
            for problem in result.errors:
                print(f"  {problem}", file=sys.stderr)
            return EXIT_REFUSED
        if isinstance(result, RemoteDeleted):
            _err(f"error: {result.message} (--as-new, or pull --discard-deleted)")
            return EXIT_DELETED
        return _report_moved_on(result, args.rebase)

    return _run(args, body)


def _report_moved_on(result: RemoteMovedOn, rebase: bool) -> int:
    print(result.message)
    if result.merge.is_clean:
        print("run again with --rebase to merge the remote's changes and publish")
        return EXIT_MOVED_ON
    if not rebase:
        print("with --rebase the changes that do not conflict would merge; these conflict:")
    for conflict in result.conflicts:
        print(
            f"  conflict: {conflict.message} "
            f"(base {conflict.base!r}, mine {conflict.mine!r}, theirs {conflict.theirs!r})"
        )
    print("resolve them in the merge view (flowdesk gui) or edit the draft, then publish again")
    return EXIT_MOVED_ON
