"""Feeds: following sources. Feed and OPML reading, discovery, polling schedule, the same story once.

`find_feed` / `fetch_feed` fetch a feed through the safe fetcher (conditionally, or through a page that
advertises it) and `parse_feed` reads RSS, Atom (feedparser) and JSON Feed into plain data; `read_item`
turns an item into an Article (its page, else the feed's own text); `canonical_url`, `fingerprint` and
`same_story` tell a story already heard; `read_opml` / `write_opml` exchange feed lists; `check_interval`
says when a feed is due. Imports only `text`, `model`, `errors` and `config`: the library stores what
this finds (library.following).
"""
from audionews.feeds.dedup import canonical_url, fingerprint, same_story
from audionews.feeds.fetch import FeedFetch, fetch_feed, find_feed
from audionews.feeds.items import ItemArticle, read_item
from audionews.feeds.opml import Outline, read_opml, write_opml
from audionews.feeds.parse import FeedItem, ParsedFeed, parse_feed
from audionews.feeds.schedule import check_interval

__all__ = ["FeedFetch", "FeedItem", "ItemArticle", "Outline", "ParsedFeed", "canonical_url", "check_interval",
           "fetch_feed", "find_feed", "fingerprint", "parse_feed", "read_item", "read_opml", "same_story",
           "write_opml"]
