"""The followed feeds over HTTP, one podcast per feed, and the briefing MP3, as one Flask blueprint.

    POST /api/feeds {"url"} → 201 {id, title, url, added}     (422 not a feed or refused, 409 followed already)
    GET /api/feeds → {"feeds": [{id, title, url, site, last_checked, last_error, unheard}]}
    POST /api/feeds/ID/refresh → 202 (checked in the background)     DELETE /api/feeds/ID → 204
    GET /feeds/ID/podcast.xml: that feed's articles as a podcast of their own
    GET /briefing.mp3: the articles not heard yet as one programme (made once per set of articles and voice)

The briefing does not mark anything heard: a GET must be safe to repeat, and podcast apps fetch ahead.
"""
from __future__ import annotations

import hashlib
import threading
from typing import Any

from flask import Blueprint, Response, jsonify, request, send_file, url_for

from audionews.errors import NotFoundError, UsageError
from audionews.library.following import DEFAULT_MAX_ITEMS, follow, source_name
from audionews.library.subscriptions import Feed
from audionews.outputs import feed as podcast
from audionews.outputs.briefing import Story, export_briefing
from audionews.script import build_script
from audionews.server.api import app_services, episode_of, json_body
from audionews.server.producer import EPISODE_BITRATE
from audionews.speech.synth import Synthesizer

MAX_ITEMS_LIMIT = 100
_briefing_lock = threading.Lock()

following = Blueprint("following", __name__)


@following.post("/api/feeds")
def post_feed() -> tuple[Response, int]:
    services = app_services()
    body = json_body()
    url, max_items = body.get("url"), body.get("max_items", DEFAULT_MAX_ITEMS)
    if not isinstance(url, str) or not url.strip():
        raise UsageError('Send the feed\'s address as {"url": "https://…"}.')
    if isinstance(max_items, bool) or not isinstance(max_items, int) or not 1 <= max_items <= MAX_ITEMS_LIMIT:
        raise UsageError(f"Send max_items as a whole number from 1 to {MAX_ITEMS_LIMIT}.")
    assert services.poller is not None
    with services.poller.checking:
        result = follow(services.library, url.strip(), services.settings, max_items=max_items,
                        announce=services.announce)
    body = {"id": result.feed.id, "title": result.feed.title, "url": result.feed.url, "added": len(result.added)}
    return jsonify(body), 201


@following.get("/api/feeds")
def list_feeds() -> Response:
    return jsonify({"feeds": [feed_summary(feed) for feed in app_services().library.feeds()]})


@following.post("/api/feeds/<int:feed_id>/refresh")
def refresh_feed(feed_id: int) -> tuple[str, int]:
    services = app_services()
    assert services.poller is not None
    services.poller.refresh(feed_id)
    return "", 202


@following.delete("/api/feeds/<int:feed_id>")
def delete_feed(feed_id: int) -> tuple[str, int]:
    app_services().library.remove_feed(feed_id)
    return "", 204


@following.get("/feeds/<int:feed_id>/podcast.xml")
def feed_podcast(feed_id: int) -> Response:
    services = app_services()
    followed = services.library.feed(feed_id)
    made = services.producer.episode_sizes()
    episodes = [episode_of(entry, services, made, {}) for entry in services.library.entries() if entry.feed == feed_id]
    xml = podcast.build_feed(episodes, services.hosts.root(request.url_root), title=f"{followed.title} (audionews)",
                             description=f"The articles of {followed.title}, read aloud by audionews.",
                             feed_path=url_for("following.feed_podcast", feed_id=feed_id).lstrip("/"),
                             image=url_for("following.feed_cover", feed_id=feed_id).lstrip("/"))
    return Response(xml, mimetype="application/rss+xml")


@following.get("/feeds/<int:feed_id>/cover.png")
def feed_cover(feed_id: int) -> Response:
    """The per-source podcast's cover: the source's name in large type."""
    from audionews.outputs.cover import CoverText

    services = app_services()
    followed = services.library.feed(feed_id)
    path = services.producer.cover(CoverText(followed.title, "audionews"))
    return send_file(path, mimetype="image/png", conditional=True)


@following.get("/briefing.mp3")
def briefing_mp3() -> Response:
    services = app_services()
    library = services.library
    entries = [entry for entry in library.entries() if not entry.heard]
    if not entries:
        raise NotFoundError("Every article has been heard, so there is no briefing; add or follow some news first.")
    options = services.producer.default_options
    identity = "\n".join([repr(options), services.announce, *(entry.id for entry in entries)])
    folder = library.path.parent / "briefings"
    path = folder / f"briefing-{hashlib.sha256(identity.encode()).hexdigest()[:16]}.mp3"
    with _briefing_lock:
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            feeds = {followed.id: followed for followed in library.feeds()}
            stories = [Story(build_script(library.article(entry.id), announce=services.announce),
                             source_name(entry, feeds)) for entry in entries]
            with Synthesizer(options, services.settings) as synthesizer:
                export_briefing(stories, synthesizer, path, bitrate=EPISODE_BITRATE)
            for old in folder.glob("briefing-*.mp3"):
                if old != path:
                    old.unlink(missing_ok=True)
    return send_file(path, mimetype="audio/mpeg", conditional=True, download_name="audionews-briefing.mp3")


def feed_summary(feed: Feed) -> dict[str, Any]:
    """A followed feed as the API lists it."""
    return {"id": feed.id, "title": feed.title, "url": feed.url, "site": feed.site,
            "last_checked": feed.last_checked, "last_error": feed.last_error, "unheard": feed.unheard}
