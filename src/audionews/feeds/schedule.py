"""When a feed is next due: our poll interval or the publisher's own period, whichever is longer, and
exponential back-off after failures (doubling per failure in a row, at most a day)."""
from __future__ import annotations

from datetime import datetime, timedelta

DEFAULT_POLL_MINUTES = 30.0
MAX_BACKOFF_MINUTES = 24 * 60.0


def check_interval(poll_minutes: float, refresh_minutes: int | None, failures: int) -> timedelta:
    """How long after a check the next one is due."""
    minutes = max(poll_minutes, float(refresh_minutes or 0))
    if failures > 0:
        backoff = min(poll_minutes * 2 ** min(failures, 20), MAX_BACKOFF_MINUTES)
        minutes = max(minutes, backoff)
    return timedelta(minutes=minutes)


def next_due(last_checked: datetime | None, poll_minutes: float, refresh_minutes: int | None,
             failures: int) -> datetime | None:
    """When the feed is next due (None: never checked, so due now)."""
    if last_checked is None:
        return None
    return last_checked + check_interval(poll_minutes, refresh_minutes, failures)
