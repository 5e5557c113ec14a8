"""The followed feeds, in the library's database: each feed's address, title, validators and last check,
and the items of it already dealt with (added, or found to be a story the library has)."""
from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable

from audionews.errors import ConflictError, NotFoundError

FEEDS_TABLES = ("""
CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    site TEXT,
    added TEXT NOT NULL,
    max_items INTEGER NOT NULL,
    last_checked TEXT,
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    refresh_minutes INTEGER,
    etag TEXT,
    last_modified TEXT
)""", """
CREATE TABLE IF NOT EXISTS feed_items (
    feed INTEGER NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (feed, item)
)""")


@dataclass(frozen=True)
class Feed:
    """A followed feed."""

    id: int
    url: str
    title: str
    site: str | None  # the home page the feed belongs to
    added: str  # ISO 8601, UTC
    max_items: int  # new articles taken per check, at most
    last_checked: str | None  # ISO 8601, UTC, to the millisecond (so two checks a second apart differ)
    last_error: str | None  # the last check's failure, as one sentence; None once a check succeeds
    failures: int  # checks failed in a row (for the back-off)
    refresh_minutes: int | None  # the publisher's own period (RSS ttl, sy:updatePeriod)
    etag: str | None
    last_modified: str | None
    unheard: int = 0  # its articles in the library not heard yet

    @property
    def checked_at(self) -> datetime | None:
        return datetime.fromisoformat(self.last_checked) if self.last_checked else None


_SELECT = ("SELECT feeds.*, (SELECT COUNT(*) FROM articles WHERE articles.feed = feeds.id AND articles.heard = 0)"
           " AS unheard FROM feeds")


class Subscriptions:
    """The followed-feeds half of the Library (which supplies `_connection`)."""

    _connection: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def add_feed(self, url: str, title: str, site: str | None, max_items: int) -> Feed:
        """Follow a feed; ConflictError if it is followed already."""
        with self._connection() as connection:
            cursor = connection.execute(
                "INSERT OR IGNORE INTO feeds (url, title, site, added, max_items) VALUES (?, ?, ?, ?, ?)",
                (url, title, site, _now(), max_items))
        if not cursor.rowcount:
            raise ConflictError(f"You already follow {url}; `audionews feeds` lists the feeds you follow.")
        return self.feed(int(cursor.lastrowid or 0))

    def feeds(self) -> list[Feed]:
        """Every followed feed, in the order they were followed."""
        with self._connection() as connection:
            rows = connection.execute(f"{_SELECT} ORDER BY feeds.id").fetchall()
        return [_feed(row) for row in rows]

    def feed(self, feed_id: int) -> Feed:
        with self._connection() as connection:
            row = connection.execute(f"{_SELECT} WHERE feeds.id = ?", (feed_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"You follow no feed {feed_id}; `audionews feeds` lists the feeds you follow.")
        return _feed(row)

    def feed_at(self, url: str) -> Feed | None:
        """The followed feed with this address, if any."""
        with self._connection() as connection:
            row = connection.execute(f"{_SELECT} WHERE feeds.url = ?", (url,)).fetchone()
        return None if row is None else _feed(row)

    def remove_feed(self, feed_id: int) -> None:
        """Stop following a feed; its articles stay in the library (no longer marked as from it)."""
        with self._connection() as connection:
            removed = connection.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)).rowcount
            connection.execute("DELETE FROM feed_items WHERE feed = ?", (feed_id,))
            connection.execute("UPDATE articles SET feed = NULL WHERE feed = ?", (feed_id,))
        if not removed:
            self.feed(feed_id)  # raises NotFoundError with the usual message

    def record_check(self, feed_id: int, *, error: str | None = None, title: str | None = None,
                     site: str | None = None, refresh_minutes: int | None = None, etag: str | None = None,
                     last_modified: str | None = None) -> None:
        """Remember a check: on success (error None) the feed's current title, period and validators, and the
        failure count reset; on failure the error, one more failure, and everything else as it was."""
        with self._connection() as connection:
            if error is None:
                connection.execute(
                    "UPDATE feeds SET last_checked = ?, last_error = NULL, failures = 0, title = COALESCE(?, title),"
                    " site = COALESCE(?, site), refresh_minutes = ?, etag = ?, last_modified = ? WHERE id = ?",
                    (_now(), title, site, refresh_minutes, etag, last_modified, feed_id))
            else:
                connection.execute(
                    "UPDATE feeds SET last_checked = ?, last_error = ?, failures = failures + 1 WHERE id = ?",
                    (_now(), error, feed_id))

    def seen_items(self, feed_id: int) -> set[str]:
        """The keys (links or ids) of the feed's items already dealt with."""
        with self._connection() as connection:
            rows = connection.execute("SELECT item FROM feed_items WHERE feed = ?", (feed_id,)).fetchall()
        return {row["item"] for row in rows}

    def mark_seen(self, feed_id: int, items: Iterable[str]) -> None:
        with self._connection() as connection:
            connection.executemany("INSERT OR IGNORE INTO feed_items (feed, item) VALUES (?, ?)",
                                   [(feed_id, item) for item in items])


def _feed(row: sqlite3.Row) -> Feed:
    return Feed(**{name: row[name] for name in row.keys()})


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
