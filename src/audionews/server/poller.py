"""Checks the followed feeds in the background while the server runs.

One thread: it checks each feed when it is due (library.following.due_feeds: every `poll_minutes`, or the
publisher's longer period, backed off after failures) and any feed asked for (POST /api/feeds/ID/refresh),
then sleeps until the next one is due. `checking` is held during every check, and by the API while it
follows a new feed, so two checks never add the same story at once.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone

from audionews.config import Settings
from audionews.errors import NotFoundError
from audionews.feeds import check_interval
from audionews.library import Library
from audionews.library.following import check, due_feeds

_log = logging.getLogger(__name__)
MIN_WAIT_SECONDS = 0.05


class Poller:
    def __init__(self, library: Library, settings: Settings, announce: str, poll_minutes: float) -> None:
        self.poll_minutes = poll_minutes
        self.checking = threading.Lock()
        self._library = library
        self._settings = settings
        self._announce = announce
        self._requested: list[int] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audionews-feeds", daemon=True)
        self._thread.start()

    def refresh(self, feed_id: int) -> None:
        """Check this feed soon (NotFoundError if it is not followed)."""
        self._library.feed(feed_id)
        with self._lock:
            if feed_id not in self._requested:
                self._requested.append(feed_id)
        self._wake.set()

    def close(self) -> None:
        """Stop after the check under way, if any."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._check_due()
                wait = self._seconds_to_next()
            except Exception:  # noqa: BLE001 - the poller must outlive any one failure
                _log.exception("Checking the feeds failed")
                wait = self.poll_minutes * 60
            self._wake.wait(max(wait, MIN_WAIT_SECONDS))
            self._wake.clear()

    def _check_due(self) -> None:
        with self._lock:
            requested, self._requested = self._requested, []
        feeds = []
        for feed_id in requested:
            try:
                feeds.append(self._library.feed(feed_id))
            except NotFoundError:
                continue  # unfollowed meanwhile
        feeds += [feed for feed in due_feeds(self._library, self.poll_minutes) if feed.id not in requested]
        for feed in feeds:
            if self._stop.is_set():
                return
            with self.checking:
                result = check(self._library, feed, self._settings, self._announce)
            if result.error:
                _log.info("Feed %s (%s) not checked: %s", feed.id, feed.url, result.error)

    def _seconds_to_next(self) -> float:
        """Until the next feed is due (a whole poll interval when none is followed)."""
        now = datetime.now(timezone.utc)
        waits = [(feed.checked_at + check_interval(self.poll_minutes, feed.refresh_minutes, feed.failures) - now)
                 .total_seconds() if feed.checked_at else 0.0 for feed in self._library.feeds()]
        return min(waits, default=self.poll_minutes * 60)
