"""Every question the window asks the user, behind one small object.

The window never calls ``QMessageBox`` directly: tests replace :class:`Prompts`
with scripted answers, and each question is worded in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from flowdesk.model.change_summary import change_summary
from flowdesk.model.diff import diff_documents
from flowdesk.model.document import Graph, VersionDocument
from flowdesk.model.plain_messages import GraphNames
from flowdesk.model.problems import Problem
from flowdesk.storage.records import VersionRecord

Button = QMessageBox.StandardButton


def problems_text(problems: list[Problem], limit: int = 12, graph: Graph | None = None) -> str:
    """The errors in plain words, items by name (``graph``): ``• Send email: To: required``."""
    names = GraphNames.of(graph)
    errors = [p for p in problems if p.is_error]
    lines = [f"• {names.describe(p)}" for p in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"… and {len(errors) - limit} more (see the Problems panel)")
    return "\n".join(lines)


def problems_details(problems: list[Problem]) -> str:
    """The same errors as validation reports them (code, ids, JSON pointer): "Show Details"."""
    return "\n".join(str(p) for p in problems if p.is_error)


@dataclass(frozen=True)
class PublishConsent:
    """The answer to "Publish?": truthy when confirmed; ``activate``: also make it Active."""

    confirmed: bool
    activate: bool = False

    def __bool__(self) -> bool:
        return self.confirmed


@dataclass(frozen=True)
class PublishChanges:
    """What the draft changes against the latest published version, for "Publish?"."""

    since: int | None  # the latest published version's number; None: nothing published yet
    summary: str  # change_summary's sentence; "" when nothing changed

    @classmethod
    def between(cls, latest: VersionRecord | None, draft: VersionDocument) -> PublishChanges:
        if latest is None:
            return cls(None, "")
        return cls(latest.info.version, change_summary(diff_documents(latest.document, draft)))

    @property
    def unchanged(self) -> bool:
        return self.since is not None and not self.summary

    def sentence(self) -> str:
        if self.since is None:
            return "This will be the workflow's first version."
        if self.unchanged:
            return (f"Nothing changed since v{self.since}: the new version would be the same "
                    f"as v{self.since}.")
        return f"Changes since v{self.since}: {self.summary}."


class Prompts:
    """Modal questions; each returns what the user chose."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def _ask(self, icon: QMessageBox.Icon, title: str, text: str, informative: str,
             buttons: Button, default: Button,
             labels: dict[Button, str] | None = None, details: str = "",
             checkbox: QCheckBox | None = None) -> Button:
        """``details``: developer text behind the box's own "Show Details…" button;
        ``checkbox``: an option shown under the question (the caller reads it after)."""
        box = QMessageBox(icon, title, text, buttons, self.parent)
        box.setInformativeText(informative)
        if checkbox is not None:
            box.setCheckBox(checkbox)
        if details:
            box.setDetailedText(details)
        box.setDefaultButton(default)
        for button, label in (labels or {}).items():
            box.button(button).setText(label)
        return Button(box.exec())

    def start_new_draft(self, version_label: str, has_draft: bool) -> str:
        """An edit of a published version: ``"new"`` draft from it, ``"open"`` the draft, or ``""``.

        When the workflow already has a draft, continuing that draft is offered
        first: replacing it would lose its edits.
        """
        text = f"{version_label} is published and cannot be changed."
        if not has_draft:
            answer = self._ask(
                QMessageBox.Icon.Question, "Published version",
                text + " Start a new draft from it?",
                "The new draft starts as a copy of this version.",
                Button.Yes | Button.Cancel, Button.Yes, {Button.Yes: "New draft"},
            )
            return "new" if answer == Button.Yes else ""
        answer = self._ask(
            QMessageBox.Icon.Question, "Published version",
            text + " The workflow already has a draft: continue it there?",
            "Or replace that draft with a copy of this version (its edits are lost).",
            Button.Open | Button.Reset | Button.Cancel, Button.Open,
            {Button.Open: "Open the draft", Button.Reset: "Replace the draft"},
        )
        return {Button.Open: "open", Button.Reset: "new"}.get(answer, "")

    def replace_draft(self) -> bool:
        answer = self._ask(
            QMessageBox.Icon.Warning,
            "Replace the draft?",
            "The workflow already has a draft. Replace it with a copy of this version?",
            "The current draft's edits will be lost.",
            Button.Yes | Button.Cancel,
            Button.Cancel,
        )
        return answer == Button.Yes

    def confirm_publish(self, title: str, warnings: int, remote: str | None = None,
                        offer_activate: bool | None = None,
                        changes: PublishChanges | None = None) -> PublishConsent:
        """``remote``: the remote's display name when publishing goes there; None: local.

        ``changes`` says what the new version changes; publishing an unchanged draft is
        a warning whose default answer is Cancel (an identical version is rarely meant).

        ``offer_activate``: None shows no option; True/False shows "Make the workflow
        Active" checked/unchecked (offered on a workflow's first publish, local or to the
        remote; there it applies only if the version is still the remote's first).
        """
        note = f"There {'is' if warnings == 1 else 'are'} {warnings} warning(s)." if warnings else ""
        if remote is not None:
            question = f"Publish the draft of “{title}” to the remote {remote} as its next version?"
        else:
            question = (f"Publish the draft of “{title}” as a new version in this workspace "
                        "(local only, not sent to a remote)?")
        activate, ticked = None, [bool(offer_activate)]
        if offer_activate is not None:
            # The box owns (and deletes) its checkbox: keep its state as it changes.
            activate = QCheckBox("Make the workflow Active (its first published version)")
            activate.setChecked(offer_activate)
            activate.toggled.connect(lambda on: ticked.__setitem__(0, on))
        unchanged = changes is not None and changes.unchanged
        informative = " ".join(part for part in (
            changes.sentence() if changes is not None else "", note,
            "A published version can no longer be changed.") if part)
        answer = self._ask(
            QMessageBox.Icon.Warning if unchanged else QMessageBox.Icon.Question,
            "Publish",
            question,
            informative,
            Button.Yes | Button.Cancel,
            Button.Cancel if unchanged else Button.Yes,
            {Button.Yes: "Publish anyway" if unchanged else "Publish"},
            checkbox=activate,
        )
        confirmed = answer == Button.Yes
        return PublishConsent(confirmed, confirmed and activate is not None and ticked[0])

    def publish_refused(self, problems: list[Problem], graph: Graph | None = None) -> None:
        """The errors in plain words (``graph`` names the steps); ids and pointers in details."""
        count = sum(p.is_error for p in problems)
        self._ask(
            QMessageBox.Icon.Warning,
            "Cannot publish",
            f"The draft has {count} error{'s' if count != 1 else ''} to fix before it can be "
            "published.",
            problems_text(problems, graph=graph),
            Button.Ok,
            Button.Ok,
            details=problems_details(problems),
        )

    def unsaved_on_close(self, reason: str) -> Button:
        """Save / Discard / Cancel when something could not be written."""
        return self._ask(
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            "Some changes are not saved.",
            reason + "\n\nTry saving again, discard these changes, or go back to the editor?",
            Button.Save | Button.Discard | Button.Cancel,
            Button.Save,
        )

    def deleted_on_remote(self, key: str, tenant: str) -> str:
        """A workflow the remote deleted kept a draft: ``"new"``, ``"discard"`` or ``""`` (later)."""
        answer = self._ask(
            QMessageBox.Icon.Warning, "Deleted on the remote",
            f"The workflow “{key}” (tenant {tenant}) was deleted on the remote. "
            "Your draft of it is kept here.",
            "Publish the draft as a new workflow (its version 1), or discard the workflow "
            "and its draft? Decide later from Remote › Deleted on the remote…",
            Button.Yes | Button.Discard | Button.Cancel, Button.Cancel,
            {Button.Yes: "Publish as new workflow", Button.Discard: "Discard",
             Button.Cancel: "Later"},
        )
        return {Button.Yes: "new", Button.Discard: "discard"}.get(answer, "")

    def error(self, title: str, message: str) -> None:
        self._ask(QMessageBox.Icon.Critical, title, message, "", Button.Ok, Button.Ok)

    def info(self, title: str, message: str) -> None:
        self._ask(QMessageBox.Icon.Information, title, message, "", Button.Ok, Button.Ok)
