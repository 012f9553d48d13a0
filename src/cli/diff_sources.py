"""Extra inputs and outputs of ``flowdesk diff``: versions from a database, pictures and reports.

``--db URL --tenant T --key K --versions 3,5`` reads the two versions from
storage instead of two files; ``--format png|svg|html -o OUT`` draws the
overlay diff with the canvas's painting code. Storage (SQLAlchemy) is imported
only with ``--db`` and Qt only when a picture or report is asked for, so the
text and JSON diffs of two files start fast (see ``flowdesk.cli.main``).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from flowdesk.model.document import VersionDocument
from flowdesk.model.drawing_bounds import MAX_IMAGE_SIDE, undrawable_position
from flowdesk.model.errors import FlowdeskError

if TYPE_CHECKING:
    from flowdesk.storage.records import VersionRecord

PICTURE_FORMATS = ("png", "svg", "html")
#: Version numbers are PostgreSQL INTEGER columns.
MAX_VERSION_NUMBER = 2**31 - 1


class SourceError(Exception):
    """The database versions cannot be read; the message names the database and the version."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="output file for --format png, svg or html")
    parser.add_argument("--width", type=int, default=None,
                        help="picture width in pixels (png, svg, html)")
    parser.add_argument("--db", metavar="URL",
                        help="read OLD and NEW from this database (a PostgreSQL URL or a "
                        "SQLite workspace path) instead of files; needs --tenant, --key, --versions")
    parser.add_argument("--tenant", metavar="NAME", help="the tenant's name (with --db)")
    parser.add_argument("--key", metavar="KEY", help="the workflow's key (with --db)")
    parser.add_argument("--versions", metavar="OLD,NEW",
                        help="two versions (numbers, 'latest' or 'draft'), e.g. 3,5 (with --db)")


def check_arguments(args: argparse.Namespace) -> str | None:
    """A usage message when the arguments do not fit together, else None."""
    if args.db is not None:
        missing = [f"--{n}" for n in ("tenant", "key", "versions") if getattr(args, n) is None]
        if missing:
            return f"--db needs {', '.join(missing)}"
        if args.old is not None or args.new is not None:
            return "give either OLD NEW files or --db with --versions, not both"
    elif args.old is None or args.new is None:
        return "give OLD and NEW files, or --db URL --tenant T --key K --versions A,B"
    if args.format in PICTURE_FORMATS and not args.output:
        return f"--format {args.format} needs -o OUT"
    if args.width is not None and not 16 <= args.width <= MAX_IMAGE_SIDE:
        return f"--width must be 16 to {MAX_IMAGE_SIDE}, got {args.width}"
    return None


def _version_spec(text: str) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise SourceError(f"--versions needs two versions separated by a comma, not {text!r}")
    return parts


def _select(s: object, tenant_id: str, workflow_id: str, which: str, key: str) -> VersionRecord:
    from flowdesk.storage import repository as repo  # noqa: PLC0415 - only --db needs storage
    from flowdesk.storage.errors import NotFound  # noqa: PLC0415

    if which == "latest":
        record = repo.get_latest(s, tenant_id, workflow_id)
        if record is None:
            raise SourceError(f"{key}: has no published version yet")
        return record
    if which == "draft":
        record = repo.get_draft(s, tenant_id, workflow_id)
        if record is None:
            raise SourceError(f"{key}: has no draft")
        return record
    try:
        number = int(which)
    except ValueError as exc:
        raise SourceError(f"--versions: {which!r} is not a number, 'latest' or 'draft'") from exc
    if not 1 <= number <= MAX_VERSION_NUMBER:
        shown = which if len(which) <= 24 else f"{which[:10]}...({len(which)} digits)"
        raise SourceError(f"--versions: {shown} is out of range (1 to {MAX_VERSION_NUMBER:,})")
    try:
        return repo.get_version_by_number(s, tenant_id, workflow_id, number)
    except NotFound as exc:
        raise SourceError(f"{key}: no version {number}") from exc


def read_versions(args: argparse.Namespace) -> tuple[VersionDocument, VersionDocument,
                                                     str, str]:
    """The two documents and their labels ("v3", "draft") from ``--db``."""
    # Lazy: SQLAlchemy and alembic take a while to load and only --db needs them.
    from flowdesk.storage import repository as repo  # noqa: PLC0415
    from flowdesk.storage.database import database_url, open_database  # noqa: PLC0415
    from flowdesk.storage.errors import NotFound  # noqa: PLC0415

    specs = _version_spec(args.versions)
    try:
        is_sqlite = database_url(args.db).get_backend_name() == "sqlite"
        db = open_database(args.db, upgrade=is_sqlite)
    except FlowdeskError as exc:
        raise SourceError(str(exc)) from exc
    try:
        with db.session() as s:
            tenant = repo.find_tenant(s, args.tenant)
            if tenant is None:
                raise SourceError(f"no tenant named {args.tenant!r}")
            try:
                workflow = repo.get_workflow_by_key(s, tenant.id, args.key)
            except NotFound as exc:
                raise SourceError(f"tenant {args.tenant!r} has no workflow {args.key!r}") from exc
            records = [_select(s, tenant.id, workflow.id, spec, args.key) for spec in specs]
    except FlowdeskError as exc:
        raise SourceError(str(exc)) from exc
    finally:
        db.dispose()
    labels = ["draft" if r.info.is_draft else f"v{r.info.version}" for r in records]
    return records[0].document, records[1].document, labels[0], labels[1]


def write_picture(args: argparse.Namespace, old: VersionDocument, new: VersionDocument,
                  old_label: str, new_label: str) -> None:
    """Draws the overlay (png/svg) or writes the HTML report; raises FlowdeskError on failure."""
    for label, document in ((old_label, old), (new_label, new)):
        problem = undrawable_position(document.graph)
        if problem is not None:
            raise FlowdeskError(f"{label}: {problem}")
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Lazy: Qt takes a while to load and only the picture formats need it.
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from flowdesk.app.diffview.render import (  # noqa: PLC0415
        render_diff_to_file,
        write_html_report,
    )

    app = QApplication.instance() or QApplication(["flowdesk-diff"])  # noqa: F841 - keeps Qt alive
    if args.format == "html":
        write_html_report(old, new, args.output, old_label=old_label, new_label=new_label,
                          ignore_layout=args.ignore_layout, width=args.width or 1400)
    else:
        render_diff_to_file(old, new, args.output, args.format, args.ignore_layout, args.width)
    print(f"wrote {args.output}", file=sys.stderr)
