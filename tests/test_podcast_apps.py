"""What podcast apps take from our feeds and files, read with two real clients: feedparser and gPodder's
podcastparser; the chapters JSON, the JSON transcript and the WebVTT transcript checked as apps read them."""
from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from urllib.parse import unquote

import feedparser
import podcastparser
import webvtt
from lxml import etree

from audionews.outputs.feed import PODCAST_NAMESPACE, build_feed, podcast_guid, write_feed
from test_export import assert_square_picture_in_range, small, small_script, speak  # noqa: F401
from test_feed import episodes_dir, export_episode  # noqa: F401

BASE = "https://podcast.example.net/news/"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def local(url: str, folder: Path) -> Path:
    assert url.startswith(BASE), url
    return folder / unquote(url[len(BASE):])


def test_the_folder_feed_read_by_feedparser_and_podcastparser(episodes_dir: Path) -> None:
    feed_xml = write_feed(episodes_dir, BASE, title="Test news").read_bytes()
    parsed = feedparser.parse(feed_xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    gpodder = podcastparser.parse(BASE + "feed.xml", io.BytesIO(feed_xml))
    assert gpodder["title"] == "Test news" and len(gpodder["episodes"]) == len(parsed.entries) == 3
    assert_square_picture_in_range(local(gpodder["cover_url"], episodes_dir).read_bytes())
    assert_square_picture_in_range(local(parsed.feed.image.href, episodes_dir).read_bytes())

    for episode in gpodder["episodes"]:
        (enclosure,) = episode["enclosures"]
        audio = local(enclosure["url"], episodes_dir)
        assert enclosure["file_size"] == audio.stat().st_size and enclosure["mime_type"] == "audio/mpeg"
        assert 3 <= episode["total_time"] <= 15
        if episode["title"] != "No source here":  # exported without companions: no cover file of its own
            assert_square_picture_in_range(local(episode["episode_art_url"], episodes_dir).read_bytes())
    by_title = {entry.title: entry for entry in parsed.entries}
    sun = by_title["Sun on the hills"]
    assert sun.link == "https://news.example.com/sun"
    assert sun.content[0].value == "<p>This is the story of Sun on the hills.</p>\n<p>It has a second paragraph.</p>"
    assert sun.summary == "This is the story of Sun on the hills. It has a second paragraph."

    channel = etree.fromstring(feed_xml).find("channel")
    assert channel.findtext(f"{{{ITUNES}}}explicit") == "false"
    assert channel.findtext(f"{{{ITUNES}}}type") == "episodic"
    assert channel.findtext(f"{{{ITUNES}}}author") == "audionews"
    assert channel.find(f"{{{ITUNES}}}image").get("href") == BASE + "cover.png"
    assert channel.findtext(f"{{{PODCAST_NAMESPACE}}}guid") == podcast_guid(BASE + "feed.xml")


def test_podcast_guid_is_the_namespaces_uuid_v5() -> None:
    # the example of the Podcasting 2.0 namespace: podcastindex.org/namespace/1.0#guid
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert podcast_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert uuid.UUID(podcast_guid(BASE + "feed.xml")).version == 5


def test_chapters_json_and_transcripts_as_apps_read_them(small, tmp_path: Path) -> None:  # noqa: F811
    from audionews.outputs.export import export_mp3

    script, clips = small
    result = export_mp3(script, iter(clips), tmp_path / "rain.mp3", companions=True)
    chapters = json.loads(result.companions["chapters"].read_text())
    assert chapters["version"] == "1.2.0" and chapters["chapters"]
    starts = [chapter["startTime"] for chapter in chapters["chapters"]]
    assert starts == sorted(set(starts)) and starts[0] == 0
    for chapter in chapters["chapters"]:
        assert chapter["title"] and 0 <= chapter["startTime"] < result.duration
        assert chapter["endTime"] <= round(result.duration, 3) and chapter["url"] == script.source

    segments = json.loads(result.companions["json"].read_text())["segments"]
    assert [segment["body"] for segment in segments] == [s.text for s in script.segments]  # one cue a segment here
    times = [(segment["startTime"], segment["endTime"]) for segment in segments]
    assert times == sorted(times) and all(0 <= a < b <= round(result.duration, 3) for a, b in times)
    speakers = {segment["body"]: segment.get("speaker") for segment in segments}
    assert speakers == {s.text: (s.speaker if s.kind == "quote" else None) for s in script.segments}

    captions = webvtt.read(str(result.companions["vtt"]))
    assert [caption.text for caption in captions][0] == "Rain in the valley"
    assert len(captions) == len(segments)
    assert result.companions["cover"].read_bytes().startswith(b"\x89PNG")


def test_feed_description_ends_at_a_sentence_or_with_an_ellipsis() -> None:
    from audionews.outputs.feed import Episode

    sentence = "The harbour stayed closed on Tuesday while engineers checked the wall. "
    episodes = [Episode("Long", "long.mp3", 1000, 60.0, description=sentence * 20, published="2026-01-02"),
                Episode("One sentence", "one.mp3", 1000, 60.0, description="word " * 200 + "end.", published="2026-01-01")]
    parsed = feedparser.parse(build_feed(episodes, BASE))
    long, one = parsed.entries
    assert long.summary.endswith("wall.") and len(long.summary) <= 400
    assert one.summary.endswith("…") and len(one.summary) <= 400
