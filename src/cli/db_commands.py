"""Database commands: ``db upgrade``, ``import``, ``export`` and ``workflows``.

``--db`` takes a SQLAlchemy URL (``postgresql+psycopg://user@host/db``) or a
path to a SQLite workspace file. A SQLite workspace is created or upgraded on
the fly, as the app does on start; a PostgreSQL catalog is shared, so it is
only ever migrated by an explicit ``flowdesk db upgrade``.

``import``, ``export`` and ``workflows`` also take ``--workspace PATH`` (a local
workspace synced with ``flowdesk pull``/``publish``): there ``import`` makes the
file the workflow's draft *based on the latest version the workspace holds*,
which is what ``flowdesk publish`` later compares with the remote.

Exit status: 0 on success, 1 when the store refuses (validation problems,
unknown workflow, duplicate key, ...) or the database cannot be used; every
message names what is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from flowdesk.model.catalog import load_catalog
from flowdesk.model.document import VersionDocument, dump, load
from flowdesk.model.errors import FlowdeskError
from flowdesk.model.graph_limits import over_limits
from flowdesk.model.json_input import JsonInputError, read_json_file
from flowdesk.storage import repository as repo
from flowdesk.storage.database import Database, database_url, open_database
from flowdesk.storage.errors import DraftExists, NotFound, PublishRefused
from flowdesk.storage.migrate import current_revisions
from flowdesk.storage.records import VersionRecord
from flowdesk.storage.sync.mirror import import_as_draft

#: Version numbers are PostgreSQL INTEGER columns.
MAX_VERSION_NUMBER = 2**31 - 1


def _short_number(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:10]}...({len(text)} digits)"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db_parser = subparsers.add_parser(
        "db", help="manage a Flowdesk database", description="Manage a Flowdesk database."
    )
    db_sub = db_parser.add_subparsers(dest="db_command", metavar="COMMAND", required=True)
    upgrade = db_sub.add_parser(
        "upgrade",
        help="create or migrate a database to the current schema (idempotent)",
        description="Create or migrate a database to Flowdesk's schema. On PostgreSQL the "
        "public schema stays exactly the platform's Prisma schema: Flowdesk's tables and "
        "functions go into the schema 'flowdesk', and only its triggers sit on "
        "workflow_versions.",
    )
    _add_db(upgrade)
    upgrade.set_defaults(func=run_upgrade)

    imp = subparsers.add_parser(
        "import",
        help="import a version document as a workflow's draft (and publish it)",
        description="Import a version document (format 1) as the draft of the workflow KEY, "
        "creating the tenant and the workflow if needed. Prints the key and the version.",
    )
    imp.add_argument("file", metavar="FILE", help="version document JSON file ('-' for stdin)")
    _add_db(imp, workspace=True)
    _add_tenant(imp)
    imp.add_argument("--key", required=True, help="the workflow key (a slug)")
    imp.add_argument("--name", help="the workflow name when it is created (default: the key)")
    imp.add_argument("--publish", action="store_true",
                     help="publish the imported draft; exit 1 with the problems if refused")
    imp.add_argument("--replace-draft", action="store_true",
                     help="overwrite the workflow's existing draft instead of refusing")
    imp.add_argument("--catalog", action="append", default=[], metavar="FOLDER",
                     help="an extra folder of action JSON files (may be repeated)")
    imp.set_defaults(func=run_import)

    exp = subparsers.add_parser(
        "export",
        help="write a version document of a workflow",
        description="Write a version of the workflow KEY as a version document (JSON).",
    )
    _add_db(exp, workspace=True)
    _add_tenant(exp)
    exp.add_argument("--key", required=True, help="the workflow key")
    exp.add_argument("--version", default="latest", metavar="N|latest|draft",
                     help="which version (default: latest)")
    exp.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    exp.set_defaults(func=run_export)

    wfs = subparsers.add_parser(
        "workflows",
        help="list a tenant's workflows",
        description="List a tenant's workflows: key, name, status, latest version, draft.",
    )
    _add_db(wfs, workspace=True)
    _add_tenant(wfs)
    wfs.add_argument("--search", help="only workflows whose key, name or description match")
    wfs.set_defaults(func=run_workflows)


def _add_db(parser: argparse.ArgumentParser, *, workspace: bool = False) -> None:
    if not workspace:
        parser.add_argument("--db", required=True, metavar="URL",
                            help="SQLAlchemy URL (postgresql+psycopg://...) or SQLite file path")
        return
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", metavar="URL",
                       help="SQLAlchemy URL (postgresql+psycopg://...) or SQLite file path")
    where.add_argument("--workspace", metavar="PATH",
                       help="a local workspace (SQLite file) synced with `flowdesk pull/publish`")


def _add_tenant(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tenant", required=True, metavar="NAME", help="the tenant's name")


def _fail(message: str) -> int:
    # A name from argv may hold lone surrogates (undecodable bytes): show them escaped.
    shown = message.encode("utf-8", "backslashreplace").decode("utf-8")
    print(f"flowdesk: error: {shown}", file=sys.stderr)
    return 1


def _open(db_arg: str | None, workspace: str | None = None) -> Database:
    """SQLite workspaces upgrade themselves; PostgreSQL must be upgraded explicitly."""
    if workspace is not None:
        return open_database(workspace, upgrade=True)
    assert db_arg is not None
    is_sqlite = database_url(db_arg).get_backend_name() == "sqlite"
    return open_database(db_arg, upgrade=is_sqlite)


# --------------------------------------------------------------------- db upgrade


def run_upgrade(args: argparse.Namespace) -> int:
    try:
        db = open_database(args.db, upgrade=True)
    except FlowdeskError as exc:
        return _fail(str(exc))
    try:
        with db.engine.connect() as connection:
            revisions = current_revisions(connection)
        print(f"{db.display_url()}: schema at revision {', '.join(revisions)} (up to date)")
        return 0
    finally:
        db.dispose()


# --------------------------------------------------------------------- import


def _read_document(path: str) -> VersionDocument:
    try:
        data: Any = read_json_file(path)
    except OSError as exc:
        raise FlowdeskError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    except JsonInputError as exc:
        raise FlowdeskError(f"{path}: {exc}") from None
    too_large = over_limits(data)  # checked before building the model: bounds the work
    if too_large:
        raise FlowdeskError(f"{path}: {too_large[0].message}")
    try:
        return load(data)
    except FlowdeskError as exc:
        raise FlowdeskError(f"{path}: not a version document: {exc}") from exc


def run_import(args: argparse.Namespace) -> int:
    try:
        document = _read_document(args.file)
        catalog = load_catalog(args.catalog) if args.publish else None
        db = _open(args.db, getattr(args, "workspace", None))
    except FlowdeskError as exc:
        return _fail(str(exc))
    if args.workspace is not None:
        return _import_into_workspace(args, db, document)
    try:
        with db.session() as s:
            tenant = repo.get_or_create_tenant(s, args.tenant)
            try:
                workflow = repo.get_workflow_by_key(s, tenant.id, args.key)
            except NotFound:
                workflow = repo.create_workflow(s, tenant.id, args.key, args.name or args.key)
            draft = _import_draft(s, tenant.id, workflow.id, document, args.replace_draft)
            record = repo.publish(s, tenant.id, draft.id, catalog) if args.publish else draft
        if record.is_draft:
            print(f"{workflow.key} draft")
        else:
            print(f"{workflow.key} version {record.info.version}")
        return 0
    except PublishRefused as exc:
        for problem in exc.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        errors = sum(1 for p in exc.problems if p.is_error)
        return _fail(f"publishing {args.key!r} refused: {errors} error(s); nothing was imported")
    except FlowdeskError as exc:
        return _fail(str(exc))
    finally:
        db.dispose()


def _import_into_workspace(args: argparse.Namespace, db: Database, document: VersionDocument) -> int:
    """The file becomes the workflow's local draft, based on the latest version the workspace
    holds (what `flowdesk publish` compares with the remote)."""
    try:
        if args.publish:
            raise FlowdeskError(
                "--publish cannot be used with --workspace: publish the draft to the shared "
                "catalog with `flowdesk publish --workspace PATH --remote URL`"
            )
        with db.session() as s:
            record = import_as_draft(
                s, args.tenant, args.key, document, name=args.name, replace=args.replace_draft
            )
            base = repo.get_version(s, repo.get_tenant_by_name(s, args.tenant).id,
                                    record.info.based_on_id) if record.info.based_on_id else None
        print(f"{args.key} draft, based on " + (f"v{base.info.version}" if base else "nothing"))
        return 0
    except DraftExists as exc:
        return _fail(f"{exc}, or pass --replace-draft")
    except FlowdeskError as exc:
        return _fail(str(exc))
    finally:
        db.dispose()


def _import_draft(
    s: Any, tenant_id: str, workflow_id: str, document: VersionDocument, replace: bool
) -> VersionRecord:
    try:
        return repo.create_draft(s, tenant_id, workflow_id, document=document)
    except DraftExists as exc:
        if not replace:
            raise FlowdeskError(f"{exc}, or pass --replace-draft") from exc
        return repo.save_draft(s, tenant_id, exc.draft_id, document)


# --------------------------------------------------------------------- export


def _select_version(s: Any, tenant_id: str, workflow_id: str, which: str) -> VersionRecord:
    if which == "latest":
        record = repo.get_latest(s, tenant_id, workflow_id)
        if record is None:
            raise NotFound("the workflow has no published version yet (try --version draft)")
        return record
    if which == "draft":
        record = repo.get_draft(s, tenant_id, workflow_id)
        if record is None:
            raise NotFound("the workflow has no draft")
        return record
    try:
        number = int(which)
    except ValueError:
        raise FlowdeskError(
            f"--version must be a number, 'latest' or 'draft', not {_short_number(which)!r}"
        ) from None
    if not 1 <= number <= MAX_VERSION_NUMBER:
        raise FlowdeskError(
            f"--version must be between 1 and {MAX_VERSION_NUMBER:,}, not {_short_number(which)}"
        )
    return repo.get_version_by_number(s, tenant_id, workflow_id, number)


def run_export(args: argparse.Namespace) -> int:
    try:
        db = _open(args.db, getattr(args, "workspace", None))
    except FlowdeskError as exc:
        return _fail(str(exc))
    try:
        with db.session() as s:
            tenant = repo.get_tenant_by_name(s, args.tenant)
            workflow = repo.get_workflow_by_key(s, tenant.id, args.key)
            record = _select_version(s, tenant.id, workflow.id, args.version)
        text = json.dumps(dump(record.document), indent=2, ensure_ascii=False) + "\n"
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    except OSError as exc:
        return _fail(f"{args.output}: cannot write: {exc.strerror or exc}")
    except FlowdeskError as exc:
        return _fail(f"{args.key}: {exc}")
    finally:
        db.dispose()


# --------------------------------------------------------------------- workflows


def run_workflows(args: argparse.Namespace) -> int:
    try:
        db = _open(args.db, getattr(args, "workspace", None))
    except FlowdeskError as exc:
        return _fail(str(exc))
    try:
        with db.session() as s:
            tenant = repo.get_tenant_by_name(s, args.tenant)
            rows = repo.list_workflows(s, tenant.id, args.search)
        table = [("KEY", "NAME", "STATUS", "LATEST", "DRAFT")]
        for r in rows:
            wf = r.workflow
            name = wf.name if len(wf.name) <= 60 else wf.name[:57] + "..."
            table.append((
                wf.key, " ".join(name.split()), wf.status.value,
                f"v{r.latest_version}" if r.latest_version is not None else "-",
                "yes" if r.has_draft else "no",
            ))
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        for row in table:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        return 0
    except FlowdeskError as exc:
        return _fail(str(exc))
    finally:
        db.dispose()
