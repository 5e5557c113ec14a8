"""Following feeds: follow an address, check feeds for new items, and store their articles in the library.

Shared by `audionews follow` / `update` / `feeds import` and the server (its API and its poller). A check
asks conditionally (an unchanged feed costs a 304), takes at most the feed's `max_items` items it has
not dealt with, newest first, skips each story the library already has (same canonical URL, or a
near-duplicate text from another feed), reads the rest (feeds.read_item: the page, else the feed's own
text) a few at a time, and stores them oldest first, so the newest is on top of the library. Texts are
compared with those of the last NEAR_DUPLICATE_DAYS only, so a check costs the same however old the library.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

from audionews.config import Settings
from audionews.errors import AudionewsError, ConflictError, InputError
from audionews.feeds import (
    FeedFetch,
    FeedItem,
    ItemArticle,
    Outline,
    canonical_url,
    check_interval,
    fetch_feed,
    find_feed,
    fingerprint,
    read_item,
    same_story,
)
from audionews.library.store import Entry, Library, Summary, digest_of
from audionews.library.subscriptions import Feed
from audionews.script import build_script

DEFAULT_MAX_ITEMS = 10
ITEM_WORKERS = 4  # item pages fetched at once
NEAR_DUPLICATE_DAYS = 30  # a story copied into another feed turns up within days: texts are compared this far back
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckResult:
    """What one check of a feed did."""

    feed: Feed  # as it is after the check
    added: list[Entry] = field(default_factory=list)
    error: str | None = None  # the check failed: the feed could not be fetched or read
    unreadable: list[str] = field(default_factory=list)  # why items that could not be read were left out


def follow(library: Library, url: str, settings: Settings, *, max_items: int = DEFAULT_MAX_ITEMS,
           announce: str = "on-change") -> CheckResult:
    """Follow the feed at `url` (or the one the page at `url` advertises) and add its newest `max_items`
    articles. ConflictError when it is followed already; InputError when it is not a feed or cannot be read."""
    if library.feed_at(url) is not None:
        raise ConflictError(f"You already follow {url}; `audionews feeds` lists the feeds you follow.")
    found = find_feed(url, settings)
    assert found.feed is not None
    feed = library.add_feed(found.url, found.feed.title, found.feed.site, max_items)
    return _store(library, feed, found, settings, announce)


def import_outline(library: Library, outline: Outline, settings: Settings, *, max_items: int = DEFAULT_MAX_ITEMS,
                   announce: str = "on-change") -> CheckResult:
    """Follow a feed from an OPML list and check it: kept even when the check fails (the feed may be down
    for now), so importing a list restores every feed in it. ConflictError when it is followed already."""
    feed = library.add_feed(outline.url, outline.title or outline.url, outline.site, max_items)
    return check(library, feed, settings, announce)


def check(library: Library, feed: Feed, settings: Settings, announce: str = "on-change") -> CheckResult:
    """Check one feed now; a failure is recorded on the feed (and its back-off grows), never raised."""
    try:
        fetched = fetch_feed(feed.url, settings, feed.etag, feed.last_modified)
        return _store(library, feed, fetched, settings, announce)
    except AudionewsError as error:
        library.record_check(feed.id, error=str(error))
        return CheckResult(library.feed(feed.id), error=str(error))


def due_feeds(library: Library, poll_minutes: float, now: datetime | None = None) -> list[Feed]:
    """The feeds whose next check is due: never checked, or checked longer ago than their interval
    (our poll interval or the publisher's period, whichever is longer, stretched by failures)."""
    now = now or datetime.now(timezone.utc)
    return [feed for feed in library.feeds() if feed.checked_at is None
            or feed.checked_at + check_interval(poll_minutes, feed.refresh_minutes, feed.failures) <= now]


def _store(library: Library, feed: Feed, fetched: FeedFetch, settings: Settings, announce: str) -> CheckResult:
    parsed = fetched.feed
    if parsed is None:  # 304 Not Modified: nothing new, nothing downloaded
        library.record_check(feed.id, refresh_minutes=feed.refresh_minutes, etag=fetched.etag,
                             last_modified=fetched.last_modified)
        return CheckResult(library.feed(feed.id))
    added, unreadable = _add_new_items(library, feed, parsed.items, settings, announce)
    library.record_check(feed.id, title=parsed.title, site=parsed.site, refresh_minutes=parsed.refresh_minutes,
                         etag=fetched.etag, last_modified=fetched.last_modified)
    return CheckResult(library.feed(feed.id), added, unreadable=unreadable)


def _add_new_items(library: Library, feed: Feed, items: list[FeedItem], settings: Settings,
                   announce: str) -> tuple[list[Entry], list[str]]:
    seen = library.seen_items(feed.id)
    candidates: list[FeedItem] = []
    known: list[str] = []
    for item in items:
        key = item.key
        if key is None or key in seen:
            continue
        if item.link and library.find_canonical(canonical_url(item.link)) is not None:
            known.append(key)  # the library has this page already (from another feed, or added by hand)
            continue
        candidates.append(item)
        if len(candidates) >= feed.max_items:
            break
    library.mark_seen(feed.id, known)
    if not candidates:
        return [], []
    with ThreadPoolExecutor(max_workers=ITEM_WORKERS, thread_name_prefix="audionews-items") as pool:
        results = list(pool.map(lambda item: _read(item, settings), candidates))
    since = datetime.now(timezone.utc) - timedelta(days=NEAR_DUPLICATE_DAYS)
    prints = library.fingerprints(since=since.isoformat(timespec="seconds"))
    added: list[Entry] = []
    unreadable: list[str] = []
    for item, result in reversed(list(zip(candidates, results))):  # oldest first: the newest ends on top
        key = item.key
        assert key is not None
        if isinstance(result, AudionewsError):
            unreadable.append(str(result))  # not marked seen: the next check tries it again
            continue
        text_print = frozenset(fingerprint(result.article.text))
        duplicate = (result.canonical is not None and library.find_canonical(result.canonical) is not None) or any(
            same_story(text_print, other) for other in prints.values())
        if not duplicate:
            try:
                script = build_script(result.article, announce=announce)
            except AudionewsError as error:  # the same next time: marked seen below
                unreadable.append(str(error))
            else:
                entry = library.add(result.article, script, source=result.article.url or key,
                                    digest=digest_of(result.canonical or key), feed=feed.id,
                                    canonical=result.canonical)
                prints[entry.id] = text_print
                added.append(entry)
        library.mark_seen(feed.id, [key])
    return added, unreadable


def _read(item: FeedItem, settings: Settings) -> ItemArticle | AudionewsError:
    try:
        return read_item(item, settings)
    except AudionewsError as error:
        _log.info("Feed item %s could not be read: %s", item.key, error)
        return error
    except Exception as error:  # noqa: BLE001 - one odd page must not stop the feed's other items
        _log.exception("Reading feed item %s failed", item.key)
        return InputError(f"{item.key} could not be read ({type(error).__name__}: {error}).")


def source_name(entry: Entry | Summary, feeds: dict[int, Feed]) -> str:
    """Who an article is from, as said before it: its feed's title, else its site, else how it was added."""
    feed = feeds.get(entry.feed) if entry.feed is not None else None
    if feed is not None:
        return feed.title
    if entry.source.startswith(("http://", "https://")):
        return (urlparse(entry.source).hostname or entry.source).removeprefix("www.")
    return entry.source
