"""Placeholder: commands of this module are not written yet."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Adds nothing until the command exists."""
