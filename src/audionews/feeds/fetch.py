"""Fetch a feed through the safe fetcher (text.ingest): conditionally, and through a page that advertises it.

`fetch_feed` asks with the validators of the last answer (If-None-Match, If-Modified-Since), so an
unchanged feed costs a 304 and no body. `find_feed` is for following a new address: a feed, or a
web page whose `<link rel="alternate">` names one.
"""
from __future__ import annotations

from dataclasses import dataclass

from audionews.config import Settings
from audionews.errors import InputError
from audionews.feeds.discover import advertised_feeds
from audionews.feeds.parse import ParsedFeed, parse_feed
from audionews.text import ingest

ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
          "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1")
MAX_CANDIDATES = 3  # advertised feeds tried, in the page's order, before giving up


@dataclass(frozen=True)
class FeedFetch:
    """A feed as fetched: `feed` is None when the server answered 304 Not Modified."""

    url: str  # the feed's own address (the one advertised, when a page was given)
    feed: ParsedFeed | None
    etag: str | None
    last_modified: str | None


def fetch_feed(url: str, settings: Settings, etag: str | None = None, last_modified: str | None = None) -> FeedFetch:
    """The feed at `url`, or feed=None when it has not changed since the answer with these validators."""
    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    fetched = ingest.fetch(url, settings, headers=headers)
    if fetched.status == 304:
        return FeedFetch(url, None, etag, last_modified)
    feed = parse_feed(fetched.data, fetched.url, fetched.content_type)
    if feed is None:
        raise InputError(f"{url} is not an RSS, Atom or JSON feed any more; check the address, or follow the "
                         "site's new feed.")
    return FeedFetch(url, feed, fetched.headers.get("etag"), fetched.headers.get("last-modified"))


def find_feed(url: str, settings: Settings) -> FeedFetch:
    """The feed at `url`, or the first feed the web page at `url` advertises."""
    fetched = ingest.fetch(url, settings, headers={"Accept": ACCEPT})
    feed = parse_feed(fetched.data, fetched.url, fetched.content_type)
    if feed is not None:
        return FeedFetch(url, feed, fetched.headers.get("etag"), fetched.headers.get("last-modified"))
    neither = InputError(f"{url} is neither an RSS, Atom or JSON feed nor a web page that links to one; "
                         "check the address.")
    try:
        document = ingest.document_from_bytes(fetched.data, fetched.url, fetched.content_type)
    except InputError:
        raise neither from None
    if not document.is_html:
        raise neither
    candidates = advertised_feeds(document.content, fetched.url)
    if not candidates:
        raise InputError(f"{url} is a web page that advertises no feed; give the address of its RSS, Atom or "
                         "JSON feed instead.")
    failure: InputError | None = None
    for candidate in candidates[:MAX_CANDIDATES]:
        try:
            found = fetch_feed(candidate, settings)
        except InputError as error:
            failure = failure or error
            continue
        return found
    assert failure is not None
    raise failure
