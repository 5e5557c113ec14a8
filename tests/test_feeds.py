"""Following feeds: parsing (RSS 2.0, Atom, JSON Feed), discovery, OPML, dedup and the schedule as units,
then follow / check end to end against a loopback news site the tests start (tests/feed_site.py)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from collections.abc import Callable
from pathlib import Path

import pytest

from audionews.config import Settings
from audionews.errors import ConflictError, FetchError, InputError
from audionews.feeds import (
    FeedItem,
    canonical_url,
    check_interval,
    fingerprint,
    parse_feed,
    read_opml,
    same_story,
    write_opml,
)
from audionews.feeds.discover import advertised_feeds
from audionews.feeds.items import FROM_SUMMARY, article_from_feed
from audionews.feeds.opml import Outline
from audionews.library import Library
from audionews.library.following import check, due_feeds, follow

from conftest import LocalServer
from feed_site import BY_SLUG, STORIES, FeedSite, article_page, atom, json_feed, rss

BASE = "http://westmere.example"


def _links(*slugs: str) -> list[tuple[object, str]]:
    return [(BY_SLUG[slug], f"{BASE}/news/{slug}") for slug in slugs]


# --- reading feeds --------------------------------------------------------------------------------


@pytest.mark.parametrize("make, content_type, label", [
    (rss, "application/rss+xml", "RSS 2.0"),
    (atom, "application/atom+xml", "Atom 1.0"),
    (json_feed, "application/feed+json", "JSON Feed 1.1"),
])
def test_rss_atom_and_json_feed_read_to_the_same_items(make, content_type: str, label: str) -> None:
    slugs = ("tram", "harbour", "orchard")
    parsed = parse_feed(make("Westmere News", _links(*slugs)), f"{BASE}/feed", content_type)
    assert parsed is not None and parsed.format == label and parsed.title == "Westmere News"
    assert parsed.site == f"{BASE}/"
    assert [item.link for item in parsed.items] == [f"{BASE}/news/{slug}" for slug in slugs]
    assert [item.title for item in parsed.items] == [BY_SLUG[slug].title for slug in slugs]
    assert parsed.items[0].published == "2024-05-01T08:00:00+00:00"
    assert all(BY_SLUG[slug].summary in (item.summary or item.content or "") for slug, item in zip(slugs, parsed.items))


def test_items_come_newest_first_whatever_the_feed_order() -> None:
    document = rss("N", _links("tram", "harbour", "orchard")).decode()
    head, *items = document.split("<item>")
    items[-1], tail = items[-1].split("</channel>")
    shuffled = head + "".join("<item>" + item for item in [items[1], items[2], items[0]]) + "</channel>" + tail
    parsed = parse_feed(shuffled.encode(), f"{BASE}/feed")
    assert parsed is not None
    assert [item.link.rsplit("/", 1)[1] for item in parsed.items if item.link] == ["tram", "harbour", "orchard"]


def test_the_publishers_refresh_period() -> None:
    assert parse_feed(rss("N", _links("tram"), ttl=90), f"{BASE}/f").refresh_minutes == 90  # type: ignore[union-attr]
    syndication = (b'<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">'
                   b"<channel><title>S</title><link>http://s.example/</link><sy:updatePeriod>daily</sy:updatePeriod>"
                   b"<sy:updateFrequency>4</sy:updateFrequency><item><title>A</title><link>http://s.example/a</link>"
                   b"</item></channel></rss>")
    assert parse_feed(syndication, "http://s.example/f").refresh_minutes == 360  # type: ignore[union-attr]


def test_a_web_page_is_not_a_feed_but_may_advertise_some() -> None:
    page = ('<!doctype html><html><head><title>Westmere News</title><base href="/site/">'
            '<link rel="alternate" hreflang="fr" href="/fr/">'
            '<link rel="alternate" type="application/rss+xml" title="All news" href="feeds/all.xml">'
            '<link rel="Alternate" type="application/atom+xml" href="http://other.example/atom">'
            '<link rel="alternate" type="application/rss+xml" href="feeds/all.xml">'
            '<link rel="stylesheet" type="text/css" href="a.css"></head><body><p>Hello.</p></body></html>')
    assert parse_feed(page.encode(), f"{BASE}/", "text/html") is None
    assert advertised_feeds(page, f"{BASE}/") == [f"{BASE}/site/feeds/all.xml", "http://other.example/atom"]
    assert parse_feed(b'{"data": [1, 2]}', f"{BASE}/api", "application/json") is None


def test_a_broken_feed_with_nothing_readable_is_refused_in_one_sentence() -> None:
    broken = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>One</item>'
    with pytest.raises(InputError) as caught:
        parse_feed(broken, f"{BASE}/broken.xml")
    message = str(caught.value)
    assert "broken feed" in message and "line 1" in message and message.count(". ") == 0 and message.endswith(".")
    # a feed with a stray error that still gives its items is read, as feed readers do
    sloppy = rss("Sloppy & Co", _links("tram")).replace(b"&amp; Co", b"& Co")
    parsed = parse_feed(sloppy, f"{BASE}/sloppy.xml")
    assert parsed is not None and [item.title for item in parsed.items] == [BY_SLUG["tram"].title]


def test_an_item_read_from_the_feed_says_so() -> None:
    item = FeedItem(title="Harbour Reopens", link=None, guid="g", published=None,
                    summary="<p>The harbour reopened on Monday after a week of repairs to the sea wall.</p>"
                            "<p>Share this</p>")
    article = article_from_feed(item)
    assert article is not None and [p.text for p in article.paragraphs] == [
        "The harbour reopened on Monday after a week of repairs to the sea wall."]
    assert any(r.reason == "interface line" for r in article.removed)
    assert article_from_feed(FeedItem(title="T", link=None, guid="g", published=None)) is None


# --- the same story once ------------------------------------------------------------------------


def test_canonical_urls_drop_tracking_fragments_and_default_ports() -> None:
    assert canonical_url("HTTPS://News.Example:443/a/b?utm_source=rss&id=7&utm_medium=feed&fbclid=x#comments") == \
        "https://news.example/a/b?id=7"
    assert canonical_url("http://news.example/a?b=2&a=1") == canonical_url("http://news.example:80/a?a=1&b=2")
    assert canonical_url("http://news.example:8080") == "http://news.example:8080/"
    assert canonical_url("http://news.example/a?id=1") != canonical_url("http://news.example/a?id=2")


def test_fingerprints_tell_a_story_from_another() -> None:
    harbour, tram = BY_SLUG["harbour"], BY_SLUG["tram"]
    whole = fingerprint(" ".join(harbour.paragraphs))
    edited = fingerprint(" ".join(harbour.paragraphs) + " The ferry company thanked the crews for their work.")
    assert same_story(whole, edited) and same_story(edited, whole)
    assert same_story(fingerprint(harbour.summary), whole), "a feed's summary of a page already in the library"
    assert not same_story(whole, fingerprint(" ".join(tram.paragraphs)))
    assert not same_story([], [])
    for one in STORIES:
        for other in STORIES:
            if one is not other:
                assert not same_story(fingerprint(" ".join(one.paragraphs)), fingerprint(" ".join(other.paragraphs)))


# --- OPML and the schedule ----------------------------------------------------------------------


def test_opml_round_trip_and_nested_outlines() -> None:
    outlines = [Outline("https://a.example/feed.xml", "A & B News", "https://a.example/"),
                Outline("https://c.example/atom", None)]
    data = write_opml(outlines)
    assert data.startswith(b"<?xml") and b'version="2.0"' in data
    assert read_opml(data, "x.opml") == [outlines[0], Outline("https://c.example/atom", "https://c.example/atom")]
    nested = (b'<opml version="2.0"><head/><body><outline text="News"><outline text="One" type="rss" '
              b'xmlUrl="https://one.example/rss"/><outline text="Dup" xmlUrl="https://one.example/rss"/></outline>'
              b'<outline text="not a feed"/><outline xmlUrl="file:///etc/passwd"/></body></opml>')
    assert read_opml(nested, "n.opml") == [Outline("https://one.example/rss", "One")]


@pytest.mark.parametrize("data, phrase", [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>', "DOCTYPE"),
    (b"<opml><body>", "not a readable OPML"),
    (b"<rss><channel/></rss>", "not OPML"),
])
def test_bad_opml_is_refused(data: bytes, phrase: str) -> None:
    with pytest.raises(InputError, match=phrase):
        read_opml(data, "feeds.opml")


def test_check_interval_takes_the_longer_period_and_backs_off() -> None:
    assert check_interval(30, None, 0) == timedelta(minutes=30)
    assert check_interval(30, 120, 0) == timedelta(minutes=120)
    assert check_interval(30, 5, 0) == timedelta(minutes=30)
    assert [check_interval(30, None, n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (60, 120, 240)]
    assert check_interval(30, None, 40) == timedelta(days=1)


# --- following, against the loopback site -------------------------------------------------------------


@pytest.fixture
def site(local_server: LocalServer) -> FeedSite:
    return FeedSite(local_server)


@pytest.fixture
def library(open_library: Callable[[], Library]) -> Library:
    """The library in SQLite, then in PostgreSQL: following feeds works the same in both."""
    return open_library()


@pytest.mark.parametrize("make, content_type", [
    (rss, "application/rss+xml"), (atom, "application/atom+xml"), (json_feed, "application/feed+json")])
def test_follow_rss_atom_and_json_feed(site: FeedSite, library: Library, open_settings: Settings, make,
                                       content_type: str) -> None:
    site.feed("/feed", make("Westmere News", site.links("tram", "harbour", "orchard")), content_type)
    result = follow(library, site.url("/feed"), open_settings, max_items=2)
    assert result.error is None and result.feed.title == "Westmere News" and result.feed.url == site.url("/feed")
    assert [entry.title for entry in result.added] == [BY_SLUG["harbour"].title, BY_SLUG["tram"].title], \
        "the newest two, stored oldest first"
    assert site.requests_for("/news/orchard") == 0
    entries = library.entries()
    assert [entry.title for entry in entries] == [BY_SLUG["tram"].title, BY_SLUG["harbour"].title], "newest on top"
    assert all(entry.feed == result.feed.id and not entry.heard for entry in entries)
    assert entries[0].source == site.url("/news/tram")
    text = " ".join(segment.text for segment in library.get(entries[0].id).script.segments)
    assert BY_SLUG["tram"].paragraphs[2] in text and "Westmere News" not in text
    assert library.feeds()[0].unheard == 2
    with pytest.raises(ConflictError, match="already follow"):
        follow(library, site.url("/feed"), open_settings)


def test_a_page_that_advertises_a_feed_is_followed_through_it(site: FeedSite, library: Library,
                                                              open_settings: Settings) -> None:
    site.feed("/feeds/news.xml", rss("Westmere News", site.links("footbridge")))
    site.page("/", b'<!doctype html><html><head><title>Westmere News</title><link rel="alternate" '
                   b'type="application/rss+xml" href="/feeds/news.xml"></head><body><h1>Westmere News</h1></body></html>')
    result = follow(library, site.url("/"), open_settings)
    assert result.feed.url == site.url("/feeds/news.xml") and len(result.added) == 1
    with pytest.raises(ConflictError):
        follow(library, site.url("/feeds/news.xml"), open_settings)


def test_not_a_feed_a_broken_feed_and_a_private_address_are_refused(site: FeedSite, library: Library,
                                                                    open_settings: Settings,
                                                                    strict_settings: Settings) -> None:
    site.page("/plain", article_page(BY_SLUG["tram"]))
    site.feed("/broken.xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>B</title><item><title>x</item>')
    site.page("/data.bin", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
    cases = [(site.url("/plain"), open_settings, "advertises no feed"),
             (site.url("/broken.xml"), open_settings, "broken feed"),
             (site.url("/data.bin"), open_settings, "neither an RSS, Atom or JSON feed"),
             (site.url("/missing.xml"), open_settings, "HTTP 404"),
             (site.url("/feed"), strict_settings, "on a local or private network")]
    for url, settings, phrase in cases:
        with pytest.raises(InputError) as caught:
            follow(library, url, settings)
        message = str(caught.value)
        assert phrase in message and message.endswith(".") and "\n" not in message, message
    assert isinstance(caught.value, FetchError)
    assert library.feeds() == [] and library.entries() == []


def test_an_item_whose_page_is_missing_is_read_from_its_summary(site: FeedSite, library: Library,
                                                                open_settings: Settings) -> None:
    story = BY_SLUG["orchard"]
    site.feed("/feed", rss("Westmere News", [(story, site.url("/news/gone"))]))
    (entry,) = follow(library, site.url("/feed"), open_settings).added
    texts = [segment.text for segment in entry.script.segments]
    assert texts[0] == story.title and FROM_SUMMARY in texts
    assert story.summary in " ".join(texts) and story.paragraphs[1] not in " ".join(texts)


def test_a_page_shorter_than_the_feeds_own_text_gives_way_to_it(site: FeedSite, library: Library,
                                                                open_settings: Settings) -> None:
    story = BY_SLUG["reading-room"]
    teaser = article_page(type(story)(story.slug, story.title, (story.paragraphs[0] + " Subscribe to read more.",)))
    site.page("/news/teaser", teaser)
    site.feed("/feed", rss("Westmere News", [(story, site.url("/news/teaser"))], content=True))
    (entry,) = follow(library, site.url("/feed"), open_settings).added
    text = " ".join(segment.text for segment in entry.script.segments)
    assert story.paragraphs[2] in text and "From the text in the feed." in text


def test_an_unchanged_feed_costs_a_304_and_a_second_update_adds_nothing(site: FeedSite, library: Library,
                                                                        open_settings: Settings) -> None:
    site.feed("/feed", rss("Westmere News", site.links("tram", "harbour")))
    first = follow(library, site.url("/feed"), open_settings)
    assert len(first.added) == 2 and first.feed.etag
    pages = site.requests_for("/news/tram")
    second = check(library, library.feed(first.feed.id), open_settings)
    assert second.added == [] and second.error is None
    assert site.full_answers["/feed"] == 1 and site.not_modified["/feed"] == 1
    assert site.requests_for("/news/tram") == pages, "no item is fetched again"
    # the same feed without validators (a server that ignores them): still nothing new, no page fetched again
    site.feed("/feed", rss("Westmere News", site.links("tram", "harbour")) + b"\n")
    third = check(library, library.feed(first.feed.id), open_settings)
    assert third.added == [] and site.full_answers["/feed"] == 2 and site.requests_for("/news/tram") == pages
    assert len(library.entries()) == 2


def test_a_new_item_is_added_by_the_next_check(site: FeedSite, library: Library, open_settings: Settings) -> None:
    site.feed("/feed", rss("Westmere News", site.links("harbour")))
    feed = follow(library, site.url("/feed"), open_settings).feed
    site.feed("/feed", rss("Westmere News", site.links("footbridge", "harbour")))
    result = check(library, feed, open_settings)
    assert [entry.title for entry in result.added] == [BY_SLUG["footbridge"].title]
    assert [entry.title for entry in library.entries()] == [BY_SLUG["footbridge"].title, BY_SLUG["harbour"].title]


def test_a_story_in_two_feeds_is_added_once(site: FeedSite, library: Library, open_settings: Settings) -> None:
    harbour, tram = BY_SLUG["harbour"], BY_SLUG["tram"]
    # one page under two tracking links; one story republished at another address with a sentence more
    site.page("/news/harbour?utm_source=one", article_page(harbour))
    site.page("/news/harbour?utm_source=two&utm_medium=rss", article_page(harbour))
    site.page("/wire/tram-extension", article_page(tram, extra="Additional reporting by the wire service."))
    site.feed("/one.xml", rss("One", [(harbour, site.url("/news/harbour?utm_source=one")),
                                      (tram, site.url("/news/tram"))]))
    site.feed("/two.xml", atom("Two", [(harbour, site.url("/news/harbour?utm_source=two&utm_medium=rss")),
                                       (tram, site.url("/wire/tram-extension"))]))
    assert len(follow(library, site.url("/one.xml"), open_settings).added) == 2
    second = follow(library, site.url("/two.xml"), open_settings)
    assert second.added == []
    assert site.requests_for("/news/harbour?utm_source=two&utm_medium=rss") == 0, "known by its canonical URL"
    assert site.requests_for("/wire/tram-extension") == 1, "read, then known by its text"
    assert sorted(entry.title for entry in library.entries()) == sorted([harbour.title, tram.title])
    assert check(library, second.feed, open_settings).added == []
    assert site.requests_for("/wire/tram-extension") == 1, "an item found to be a duplicate is not read again"


def test_a_canonical_link_on_the_page_names_the_story(site: FeedSite, library: Library, open_settings: Settings) -> None:
    bridge = BY_SLUG["footbridge"]
    site.page("/amp/footbridge", article_page(bridge, canonical="/news/footbridge"))
    site.feed("/amp.xml", rss("AMP", [(bridge, site.url("/amp/footbridge"))]))
    site.feed("/main.xml", rss("Main", site.links("footbridge")))
    assert len(follow(library, site.url("/amp.xml"), open_settings).added) == 1
    assert follow(library, site.url("/main.xml"), open_settings).added == []
    assert site.requests_for("/news/footbridge") == 0


def test_failures_are_recorded_and_back_off(site: FeedSite, library: Library, open_settings: Settings) -> None:
    site.feed("/feed", rss("Westmere News", site.links("tram")))
    feed = follow(library, site.url("/feed"), open_settings).feed
    site.page("/feed", b"<h1>Server error</h1>", status=500)
    failed = check(library, feed, open_settings)
    assert failed.error and "HTTP 500" in failed.error and failed.feed.last_error == failed.error
    assert failed.feed.failures == 1 and failed.feed.title == "Westmere News"
    checked = failed.feed.checked_at
    assert checked is not None
    assert due_feeds(library, 30, checked + timedelta(minutes=59)) == []
    assert [f.id for f in due_feeds(library, 30, checked + timedelta(minutes=61))] == [feed.id]
    site.feed("/feed", rss("Westmere News", site.links("tram")))
    recovered = check(library, failed.feed, open_settings)
    assert recovered.error is None and recovered.feed.last_error is None and recovered.feed.failures == 0


def test_unfollowing_keeps_the_articles(site: FeedSite, library: Library, open_settings: Settings) -> None:
    site.feed("/feed", rss("Westmere News", site.links("tram")))
    feed = follow(library, site.url("/feed"), open_settings).feed
    library.remove_feed(feed.id)
    assert library.feeds() == []
    (entry,) = library.entries()
    assert entry.feed is None and entry.title == BY_SLUG["tram"].title
    assert due_feeds(library, 30, datetime.now(timezone.utc)) == []
