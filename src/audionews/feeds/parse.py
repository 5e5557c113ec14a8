"""Read a feed's bytes into plain data: RSS 0.9x/1.0/2.0 and Atom with feedparser, JSON Feed with `json`.

`parse_feed` returns a ParsedFeed (title, home page, items newest first, the publisher's own refresh
period), None when the bytes are not a feed at all (a web page, say), and raises InputError for a feed
too broken to give a single item. feedparser 6.0 has no JSON Feed support, so JSON Feed 1.0/1.1 is read
here, into the same shape.
"""
from __future__ import annotations

import calendar
import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin

from audionews.errors import InputError

JSON_FEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/1(\.\d+)?/?$")
_FORMATS = {"rss090": "RSS 0.90", "rss091n": "RSS 0.91", "rss091u": "RSS 0.91", "rss092": "RSS 0.92",
            "rss093": "RSS 0.93", "rss094": "RSS 0.94", "rss20": "RSS 2.0", "rss10": "RSS 1.0", "rss": "RSS",
            "atom01": "Atom 0.1", "atom02": "Atom 0.2", "atom03": "Atom 0.3", "atom10": "Atom 1.0", "atom": "Atom",
            "cdf": "CDF"}
_PERIOD_MINUTES = {"hourly": 60, "daily": 1440, "weekly": 10080, "monthly": 43200, "yearly": 525600}


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed. `content` is the full text the feed carries (HTML), `summary` its teaser."""

    title: str | None
    link: str | None  # absolute
    guid: str | None
    published: str | None  # ISO 8601, UTC
    content: str | None = None
    summary: str | None = None

    @property
    def key(self) -> str | None:
        """What tells this item apart from the feed's others: its link, else its id."""
        return self.link or self.guid


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    site: str | None  # the home page the feed belongs to
    items: list[FeedItem]  # newest first
    refresh_minutes: int | None  # the publisher's own period: RSS <ttl>, or sy:updatePeriod / sy:updateFrequency
    format: str  # "RSS 2.0", "Atom 1.0", "JSON Feed 1.1", …


def parse_feed(data: bytes, url: str, content_type: str | None = None) -> ParsedFeed | None:
    """The feed in `data` (fetched from `url`, which resolves its relative links), or None when it is not one."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if data.lstrip()[:1] == b"{" or media_type.endswith("json"):
        return _json_feed(data, url)
    return _xml_feed(data, url, content_type)


def _xml_feed(data: bytes, url: str, content_type: str | None) -> ParsedFeed | None:
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": url,
                                                      "content-type": content_type or "application/xml"})
    if not parsed.version:
        return None
    items = [_xml_item(entry) for entry in parsed.entries]
    usable = [item for item in items if item.link or item.content or item.summary]
    error = parsed.get("bozo_exception")
    if parsed.bozo and not usable and _is_syntax_error(error):
        where = f" at line {error.getLineNumber()}" if hasattr(error, "getLineNumber") else ""
        raise InputError(f"{url} is a broken feed ({error.getMessage() if hasattr(error, 'getMessage') else error}"
                         f"{where}) with no article that can be read; check the address, or tell the site.")
    channel = parsed.feed
    return ParsedFeed(
        title=_clean(channel.get("title")) or _clean(channel.get("link")) or url,
        site=channel.get("link") or None,
        items=_newest_first(usable),
        refresh_minutes=_refresh_minutes(channel),
        format=_FORMATS.get(parsed.version, parsed.version.upper()),
    )


def _is_syntax_error(error: object) -> bool:
    from xml.sax import SAXParseException

    return isinstance(error, SAXParseException)


def _xml_item(entry: Any) -> FeedItem:
    contents = [part.get("value", "") for part in entry.get("content", []) if part.get("value", "").strip()]
    content = max(contents, key=len) if contents else None
    summary = entry.get("summary") or None
    return FeedItem(
        title=_clean(entry.get("title")),
        link=entry.get("link") or None,
        guid=entry.get("id") or None,
        published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        content=content,
        summary=None if summary == content else summary,
    )


def _refresh_minutes(channel: Any) -> int | None:
    """RSS <ttl> (minutes), else sy:updatePeriod divided by sy:updateFrequency."""
    ttl = str(channel.get("ttl") or "").strip()
    if ttl.isdigit() and int(ttl) > 0:
        return int(ttl)
    period = _PERIOD_MINUTES.get(str(channel.get("sy_updateperiod") or "").strip().lower())
    if period is None:
        return None
    frequency = str(channel.get("sy_updatefrequency") or "1").strip()
    return max(period // int(frequency), 1) if frequency.isdigit() and int(frequency) > 0 else period


def _json_feed(data: bytes, url: str) -> ParsedFeed | None:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None  # not JSON at all: the caller tells what it is instead
    if not isinstance(document, dict) or not JSON_FEED_VERSION.match(str(document.get("version", ""))):
        return None
    raw_items = document.get("items")
    if not isinstance(raw_items, list):
        raise InputError(f"{url} is a JSON Feed without an items list; check the address, or tell the site.")
    items = [_json_item(item, url) for item in raw_items if isinstance(item, dict)]
    version = str(document["version"]).rstrip("/").rsplit("/", 1)[-1]
    home = document.get("home_page_url")
    return ParsedFeed(
        title=_clean(document.get("title")) or url,
        site=urljoin(url, home) if isinstance(home, str) and home else None,
        items=_newest_first([item for item in items if item.link or item.content or item.summary]),
        refresh_minutes=None,
        format=f"JSON Feed {version}",
    )


def _json_item(item: dict[str, Any], base: str) -> FeedItem:
    def text(name: str) -> str | None:
        value = item.get(name)
        return value if isinstance(value, str) and value.strip() else None

    link = text("url") or text("external_url")
    plain = text("content_text")
    return FeedItem(
        title=_clean(text("title")),
        link=urljoin(base, link) if link else None,
        guid=text("id") or (str(item["id"]) if isinstance(item.get("id"), (int, float)) else None),
        published=_json_date(text("date_published") or text("date_modified")),
        content=text("content_html") or (_paragraphs_html(plain) if plain else None),
        summary=text("summary"),
    )


def _paragraphs_html(text: str) -> str:
    from html import escape

    return "".join(f"<p>{escape(block.strip())}</p>" for block in re.split(r"\n\s*\n", text) if block.strip())


def _json_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _iso(moment: time.struct_time | None) -> str | None:
    """feedparser's UTC struct_time as ISO 8601."""
    if moment is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(moment), timezone.utc).isoformat(timespec="seconds")


def _newest_first(items: list[FeedItem]) -> list[FeedItem]:
    """By date when every item has one; otherwise in the feed's own order (newest first by convention)."""
    if items and all(item.published for item in items):
        return sorted(items, key=lambda item: item.published or "", reverse=True)
    return items


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None
