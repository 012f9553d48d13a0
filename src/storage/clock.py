"""UTC timestamps at millisecond precision.

PostgreSQL columns are ``TIMESTAMP(3)`` (rounded to milliseconds) and SQLite
stores what it is given; truncating in Python makes both dialects, and the
value a caller holds after a write, agree to the millisecond.
"""

from __future__ import annotations

from datetime import UTC, datetime


def truncate_ms(value: datetime) -> datetime:
    """Naive UTC with microseconds cut to whole milliseconds."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def utcnow() -> datetime:
    """Now, as stored: naive UTC (the Prisma columns have no time zone), milliseconds."""
    return truncate_ms(datetime.now(UTC))
