"""The action catalog: what an ``action`` node can run.

Each action is one JSON file (``resources/actions/*.json`` ships with Flowdesk;
users add folders of their own). An entry has an id, title, category, icon
name, the JSON Schema of its ``config`` and a description of its output. Later
folders override earlier ones by id, so a user can replace a built-in action.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flowdesk.model.errors import CatalogError
from flowdesk.model.json_input import JsonInputError, read_json_file
from flowdesk.model.resources import resource

_REQUIRED = ("id", "title", "category", "icon", "inputSchema", "output")


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    title: str
    category: str
    icon: str
    description: str
    input_schema: dict[str, Any] = field(hash=False)
    output: dict[str, Any] = field(hash=False)
    source: str = ""

    def matches(self, text: str) -> bool:
        """Case-insensitive search over id, title, category and description."""
        needle = text.strip().lower()
        if not needle:
            return True
        hay = f"{self.id} {self.title} {self.category} {self.description}".lower()
        return all(word in hay for word in needle.split())


def action_from_json(data: Any, source: str) -> Action:
    if not isinstance(data, dict):
        raise CatalogError(f"{source}: an action must be a JSON object")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise CatalogError(f"{source}: missing {', '.join(missing)}")
    for key in ("id", "title", "category", "icon"):
        if not isinstance(data[key], str) or not data[key]:
            raise CatalogError(f"{source}: {key} must be a non-empty string")
    if not isinstance(data["inputSchema"], dict):
        raise CatalogError(f"{source}: inputSchema must be a JSON Schema object")
    if not isinstance(data["output"], dict):
        raise CatalogError(f"{source}: output must be an object describing the result")
    return Action(
        id=data["id"],
        title=data["title"],
        category=data["category"],
        icon=data["icon"],
        description=str(data.get("description", "")),
        input_schema=data["inputSchema"],
        output=data["output"],
        source=source,
    )


class ActionCatalog:
    """Actions by id, in a stable order (category, then title)."""

    def __init__(self, actions: Iterable[Action] = ()) -> None:
        self._actions: dict[str, Action] = {}
        for action in actions:
            self._actions[action.id] = action

    def __contains__(self, action_id: object) -> bool:
        return action_id in self._actions

    def __iter__(self) -> Iterator[Action]:
        return iter(sorted(self._actions.values(), key=lambda a: (a.category, a.title, a.id)))

    def __len__(self) -> int:
        return len(self._actions)

    def get(self, action_id: str | None) -> Action | None:
        return self._actions.get(action_id) if action_id is not None else None

    def search(self, text: str) -> list[Action]:
        return [a for a in self if a.matches(text)]

    def categories(self) -> list[str]:
        return sorted({a.category for a in self._actions.values()})

    def merged_with(self, other: ActionCatalog) -> ActionCatalog:
        return ActionCatalog([*self._actions.values(), *other._actions.values()])

    @classmethod
    def from_folder(cls, folder: str | Path) -> ActionCatalog:
        path = Path(folder)
        if not path.is_dir():
            raise CatalogError(f"{path}: not a folder")
        actions = []
        for file in sorted(path.glob("*.json")):
            try:
                data = read_json_file(file)
            except OSError as exc:
                raise CatalogError(f"{file}: cannot read: {exc.strerror or exc}") from exc
            except JsonInputError as exc:
                raise CatalogError(f"{file}: {exc}") from exc
            actions.append(action_from_json(data, str(file)))
        return cls(actions)


_builtin: ActionCatalog | None = None


def builtin_catalog() -> ActionCatalog:
    """The actions shipped with Flowdesk (loaded once)."""
    global _builtin
    if _builtin is None:
        folder = resource("actions")
        actions = []
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".json"):
                data = json.loads(entry.read_text(encoding="utf-8"))
                actions.append(action_from_json(data, f"builtin:{entry.name}"))
        _builtin = ActionCatalog(actions)
    return _builtin


def load_catalog(extra_folders: Iterable[str | Path] = ()) -> ActionCatalog:
    """The built-in actions plus the user's folders, later ones winning."""
    catalog = builtin_catalog()
    for folder in extra_folders:
        catalog = catalog.merged_with(ActionCatalog.from_folder(folder))
    return catalog
