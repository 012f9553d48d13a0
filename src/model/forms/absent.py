"""The "nothing entered" marker.

JSON has no value for "the user left this optional field alone", and ``None``
is the JSON ``null`` a user may really mean. Editors return :data:`ABSENT` so
containers can leave the property out of the value entirely.
"""

from __future__ import annotations

from typing import Any, Final


class Absent:
    """Singleton type of :data:`ABSENT`; falsy and never equal to a JSON value."""

    _instance: Absent | None = None

    def __new__(cls) -> Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = Absent()


def is_absent(value: Any) -> bool:
    return value is ABSENT
