"""The server's side of following: /api/feeds (add, list, refresh, remove), `feed` and `heard` on articles,
background polling, one podcast per feed and /briefing.mp3, through Flask's test client against the
loopback news site (tests/feed_site.py). Real espeak-ng speaks the briefing; ffmpeg decodes it."""
from __future__ import annotations

import subprocess
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

import feedparser
import pytest
from flask import Flask
from flask.testing import FlaskClient
from mutagen.id3 import ID3

from audionews.config import Settings
from audionews.library import Library
from audionews.library.following import follow
from audionews.server.app import create_app
from audionews.speech.synth import SynthOptions

from conftest import LocalServer
from feed_site import BY_SLUG, FeedSite, atom, rss

WAIT_SECONDS = 30


@pytest.fixture()
def web_dir(tmp_path: Path) -> Path:
    """Minimal templates (the real ones belong to the player's tests)."""
    (tmp_path / "web" / "templates").mkdir(parents=True)
    (tmp_path / "web" / "static").mkdir()
    (tmp_path / "web" / "templates" / "library.html").write_text(
        "<h1>Library</h1>{% for f in feeds %}<p class=\"feed\">{{ f.title }}: {{ f.last_error or '' }}</p>{% endfor %}")
    (tmp_path / "web" / "templates" / "player.html").write_text("<h1>{{ article.title }}</h1>")
    return tmp_path / "web"


@pytest.fixture()
def make_app(tmp_path: Path, web_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Flask]]:
    apps: list[Flask] = []

    def make(allow_private: bool = True, poll_minutes: float = 30.0) -> Flask:
        monkeypatch.setenv("AUDIONEWS_ALLOW_PRIVATE_URLS", "1" if allow_private else "0")
        settings = replace(Settings.from_env(), cache_dir=tmp_path / "cache")
        app = create_app(tmp_path / "data", settings, options=SynthOptions(engine="espeak", progress=False),
                         web_dir=web_dir, poll_minutes=poll_minutes)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["audionews"].close()


@pytest.fixture()
def client(make_app: Callable[..., Flask]) -> FlaskClient:
    return make_app().test_client()


@pytest.fixture()
def site(local_server: LocalServer) -> FeedSite:
    return FeedSite(local_server)


def _error(response: Any, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    message = response.get_json()["error"]
    assert isinstance(message, str) and message.endswith(".")
    return message


def _wait_for(condition: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while not (value := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
    return value


def test_add_list_refresh_and_remove_feeds(client: FlaskClient, site: FeedSite) -> None:
    site.feed("/feed.xml", rss("Westmere News", site.links("tram", "harbour")))
    added = client.post("/api/feeds", json={"url": site.url("/feed.xml")})
    assert added.status_code == 201
    body = added.get_json()
    assert body == {"id": body["id"], "title": "Westmere News", "url": site.url("/feed.xml"), "added": 2}
    (listed,) = client.get("/api/feeds").get_json()["feeds"]
    assert listed["id"] == body["id"] and listed["site"] == "http://westmere.example/"
    assert listed["last_checked"] and listed["last_error"] is None and listed["unheard"] == 2
    assert set(listed) == {"id", "title", "url", "site", "last_checked", "last_error", "unheard"}

    articles = client.get("/api/articles").get_json()["articles"]
    assert [(a["title"], a["feed"], a["heard"]) for a in articles] == [
        (BY_SLUG["tram"].title, body["id"], False), (BY_SLUG["harbour"].title, body["id"], False)]
    assert "Westmere News" in client.get("/").get_data(as_text=True)

    site.feed("/feed.xml", rss("Westmere News", site.links("orchard", "tram", "harbour")))
    assert client.post(f"/api/feeds/{body['id']}/refresh").status_code == 202
    _wait_for(lambda: len(client.get("/api/articles").get_json()["articles"]) == 3)

    assert client.delete(f"/api/feeds/{body['id']}").status_code == 204
    assert client.get("/api/feeds").get_json() == {"feeds": []}
    kept = client.get("/api/articles").get_json()["articles"]
    assert len(kept) == 3 and all(a["feed"] is None for a in kept), "unfollowing keeps the articles"
    _error(client.delete(f"/api/feeds/{body['id']}"), 404)
    _error(client.post(f"/api/feeds/{body['id']}/refresh"), 404)


def test_bad_feeds_are_refused_with_the_right_status(make_app: Callable[..., Flask], site: FeedSite) -> None:
    client = make_app().test_client()
    site.feed("/feed.xml", rss("Westmere News", site.links("tram")))
    assert client.post("/api/feeds", json={"url": site.url("/feed.xml")}).status_code == 201
    assert "already follow" in _error(client.post("/api/feeds", json={"url": site.url("/feed.xml")}), 409)
    assert "advertises no feed" in _error(client.post("/api/feeds", json={"url": site.url("/news/tram")}), 422)
    site.feed("/broken.xml", b"<?xml version='1.0'?><rss version='2.0'><channel><title>B</title><item><title>x</item>")
    assert "broken feed" in _error(client.post("/api/feeds", json={"url": site.url("/broken.xml")}), 422)
    _error(client.post("/api/feeds", json={"link": site.url("/feed.xml")}), 400)
    _error(client.post("/api/feeds", json={"url": site.url("/x"), "max_items": 0}), 400)
    _error(client.post("/api/feeds", data="url=x", content_type="text/plain"), 415)
    strict = make_app(allow_private=False).test_client()
    assert "private" in _error(strict.post("/api/feeds", json={"url": site.url("/other.xml")}), 422)


def test_heard_is_set_through_progress(client: FlaskClient, site: FeedSite) -> None:
    site.feed("/feed.xml", rss("Westmere News", site.links("tram")))
    client.post("/api/feeds", json={"url": site.url("/feed.xml")})
    (article,) = client.get("/api/articles").get_json()["articles"]
    path = f"/api/articles/{article['id']}/progress"
    assert client.put(path, json={"heard": True}).status_code == 204
    (article,) = client.get("/api/articles").get_json()["articles"]
    assert article["heard"] is True and client.get("/api/feeds").get_json()["feeds"][0]["unheard"] == 0
    assert client.put(path, json={"sentence": 2, "heard": False}).status_code == 204
    (article,) = client.get("/api/articles").get_json()["articles"]
    assert article["heard"] is False and article["progress"] == {"sentence": 2}
    for body in ({"heard": "yes"}, {}, {"sentence": True}):
        _error(client.put(path, json=body), 400)


def test_the_server_checks_feeds_by_itself(make_app: Callable[..., Flask], site: FeedSite, tmp_path: Path,
                                           open_settings: Settings) -> None:
    """A feed followed before the server starts (as `audionews follow` does) is checked every poll interval,
    and its new articles appear in GET /api/articles; an unchanged feed costs a 304."""
    site.feed("/feed.xml", rss("Westmere News", site.links("harbour")))
    library = Library(tmp_path / "data")
    follow(library, site.url("/feed.xml"), open_settings)
    library.close()
    client = make_app(poll_minutes=0.01).test_client()  # every 0.6 seconds
    _wait_for(lambda: site.not_modified.get("/feed.xml", 0) >= 1)
    site.feed("/feed.xml", rss("Westmere News", site.links("footbridge", "harbour")))

    def titles_once_two() -> list[str]:
        articles = client.get("/api/articles").get_json()["articles"]
        return [article["title"] for article in articles] if len(articles) == 2 else []

    titles = _wait_for(titles_once_two)
    assert titles == [BY_SLUG["footbridge"].title, BY_SLUG["harbour"].title]
    site.page("/feed.xml", b"<h1>Gone</h1>", status=410)
    error = _wait_for(lambda: client.get("/api/feeds").get_json()["feeds"][0]["last_error"])
    assert "HTTP 410" in error and "HTTP 410" in client.get("/").get_data(as_text=True)


def test_podcast_feeds_name_each_articles_source(client: FlaskClient, site: FeedSite) -> None:
    site.feed("/one.xml", rss("Westmere News", site.links("tram")))
    site.feed("/two.xml", atom("Millbrook Courier", site.links("footbridge")), "application/atom+xml")
    one = client.post("/api/feeds", json={"url": site.url("/one.xml")}).get_json()
    client.post("/api/feeds", json={"url": site.url("/two.xml")})
    client.post("/api/articles", json={"text": "Harbour Town Opens Flood Barrier\n\nThe town opened its new flood "
                                               "barrier on Monday. Officials said it protects three thousand homes."})
    everything = feedparser.parse(client.get("/feed.xml").data)
    descriptions = {entry.title: entry.summary for entry in everything.entries}
    assert descriptions[BY_SLUG["tram"].title].startswith("From Westmere News: ")
    assert descriptions[BY_SLUG["footbridge"].title].startswith("From Millbrook Courier: ")
    assert not descriptions["Harbour Town Opens Flood Barrier"].startswith("From ")

    response = client.get(f"/feeds/{one['id']}/podcast.xml")
    assert response.status_code == 200 and response.mimetype == "application/rss+xml"
    own = feedparser.parse(response.data)
    assert own.feed.title == "Westmere News (audionews)"
    assert [entry.title for entry in own.entries] == [BY_SLUG["tram"].title]
    assert any(link.rel == "self" and link.href.endswith(f"/feeds/{one['id']}/podcast.xml") for link in own.feed.links)
    assert own.entries[0].enclosures[0].href.startswith("http://localhost/articles/")
    _error(client.get("/feeds/999/podcast.xml"), 404)


def test_briefing_mp3_is_made_once_and_names_each_title(client: FlaskClient, site: FeedSite, tmp_path: Path) -> None:
    _error(client.get("/briefing.mp3"), 404)
    site.feed("/feed.xml", rss("Westmere News", site.links("orchard", "tram")))
    client.post("/api/feeds", json={"url": site.url("/feed.xml")})
    response = client.get("/briefing.mp3")
    assert response.status_code == 200 and response.mimetype == "audio/mpeg"
    (made,) = (tmp_path / "data" / "briefings").glob("briefing-*.mp3")
    assert made.read_bytes() == response.data
    decoded = subprocess.run(["ffmpeg", "-v", "error", "-i", str(made), "-f", "null", "-"],
                             capture_output=True, text=True, timeout=120)
    assert decoded.returncode == 0 and decoded.stderr == ""
    tag = ID3(made)
    assert len(tag.getall("CHAP")) == 3
    # each article's chapter keeps its own title and web address
    chapters = sorted(tag.getall("CHAP"), key=lambda chapter: chapter.start_time)
    for chapter, slug in zip(chapters[1:], ("orchard", "tram")):
        assert str(chapter.sub_frames["TIT2"]) == BY_SLUG[slug].title
        assert chapter.sub_frames.getall("WXXX")[0].url == site.url(f"/news/{slug}")
    transcript = str(tag.getall("USLT")[0].text)
    assert transcript.startswith("2 articles from 1 source.")
    assert BY_SLUG["orchard"].title in transcript and BY_SLUG["tram"].title in transcript

    modified = made.stat().st_mtime_ns
    again = client.get("/briefing.mp3", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and made.stat().st_mtime_ns == modified, "the ready briefing is served"
    assert all(not a["heard"] for a in client.get("/api/articles").get_json()["articles"]), "a GET marks nothing"

    first = client.get("/api/articles").get_json()["articles"][0]
    client.put(f"/api/articles/{first['id']}/progress", json={"heard": True})
    smaller = client.get("/briefing.mp3")
    assert smaller.status_code == 200 and len(ID3(list((tmp_path / "data" / "briefings").glob("*.mp3"))[0])
                                              .getall("CHAP")) == 2
    assert len(list((tmp_path / "data" / "briefings").glob("*.mp3"))) == 1, "the older briefing is removed"
