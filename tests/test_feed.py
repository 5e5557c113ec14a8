"""feed.py and `audionews feed`: a podcast feed of real exported episodes, read back with feedparser and lxml."""
from __future__ import annotations

import re
import subprocess
import sys
import wave
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from audionews.errors import InputError, NotFoundError, UsageError
from audionews.model import Clip, Script, Segment
from audionews.outputs.export import export_mp3
from audionews.outputs.feed import PODCAST_NAMESPACE, Episode, build_feed, episode_from_mp3, write_feed

CLI = [sys.executable, "-m", "audionews"]


def export_episode(folder: Path, name: str, title: str, source: str | None, published: str | None,
                   companions: bool = True) -> Path:
    """A real episode: espeak-ng clips for a two-paragraph script, exported with export_mp3."""
    texts = [("title", title, 0), ("narration", f"This is the story of {title}.", 1),
             ("narration", "It has a second paragraph.", 2)]
    segments = [Segment(kind, text, paragraph, sentence) for sentence, (kind, text, paragraph) in enumerate(texts)]
    clips = []
    for index, segment in enumerate(segments):
        wav = folder / f".{name}-{index}.wav"
        subprocess.run(["espeak-ng", "-w", str(wav), segment.text], check=True)
        with wave.open(str(wav), "rb") as reader:
            clips.append(Clip(index, wav.stem, wav, reader.getframerate(), reader.getnframes()))
    script = Script(title, segments, source=source, published=published)
    path = folder / f"{name}.mp3"
    export_mp3(script, clips, path, companions=companions)
    for clip in clips:
        clip.path.unlink()
    return path


@pytest.fixture(scope="module")
def episodes_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("episodes")
    export_episode(folder, "older", "Rain in the valley", "https://www.example.org/rain", "2024-03-01")
    export_episode(folder, "newer story", "Sun on the hills", "https://news.example.com/sun", "2024-03-05T08:00:00Z")
    export_episode(folder, "plain", "No source here", None, None, companions=False)
    return folder


def test_episode_read_back_from_an_exported_mp3(episodes_dir: Path) -> None:
    episode = episode_from_mp3(episodes_dir / "newer story.mp3")
    assert episode.title == "Sun on the hills"
    assert episode.audio == "newer story.mp3"
    assert episode.size == (episodes_dir / "newer story.mp3").stat().st_size
    assert 3 < episode.duration < 15
    assert episode.source_url == "https://news.example.com/sun"
    assert episode.author == "news.example.com"
    assert episode.description == "This is the story of Sun on the hills. It has a second paragraph."  # COMM
    assert episode.chapters == "newer story.chapters.json"
    assert episode.transcripts == ("newer story.vtt", "newer story.json", "newer story.txt")
    assert episode.image == "newer story.png"
    assert episode.language == "en"
    plain = episode_from_mp3(episodes_dir / "plain.mp3")
    assert plain.chapters is None and plain.transcripts == () and plain.source_url is None
    # no date in the article: the day it was exported (TDRC)
    assert plain.published == datetime.now(timezone.utc).strftime("%Y-%m-%d")


def test_feed_parses_with_feedparser(episodes_dir: Path) -> None:
    episodes = [episode_from_mp3(path) for path in sorted(episodes_dir.glob("*.mp3"))]
    xml = build_feed(episodes, "https://podcast.example.net/news", title="Test news", description="Read aloud.")
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Test news" and parsed.feed.link == "https://podcast.example.net/news/"
    by_title = {entry.title: entry for entry in parsed.entries}
    assert set(by_title) == {"Rain in the valley", "Sun on the hills", "No source here"}
    # newest first; the episode without a date in its tags is dated by its file, i.e. today
    assert [entry.title for entry in parsed.entries][1:] == ["Sun on the hills", "Rain in the valley"]

    sun = by_title["Sun on the hills"]
    episode = next(e for e in episodes if e.title == "Sun on the hills")
    enclosure = sun.enclosures[0]
    assert enclosure.href == "https://podcast.example.net/news/newer%20story.mp3"
    assert int(enclosure.length) == (episodes_dir / "newer story.mp3").stat().st_size
    assert enclosure.type == "audio/mpeg"
    seconds = round(episode.duration)
    assert sun.itunes_duration == f"0:{seconds // 60:02d}:{seconds % 60:02d}"
    assert sun.id == episode.stable_guid and sun.guidislink is False
    assert sun.link == "https://news.example.com/sun"
    assert sun.published_parsed[:5] == (2024, 3, 5, 8, 0)
    assert len({entry.id for entry in parsed.entries}) == 3


def test_feed_is_valid_rss_2_with_podcasting_2_tags(episodes_dir: Path) -> None:
    episodes = [episode_from_mp3(path) for path in sorted(episodes_dir.glob("*.mp3"))]
    root = etree.fromstring(build_feed(episodes, "https://podcast.example.net/news/"))
    assert root.tag == "rss" and root.get("version") == "2.0"
    channels = root.findall("channel")
    assert len(channels) == 1
    channel = channels[0]
    for required in ("title", "link", "description"):  # RSS 2.0's required channel elements
        assert (channel.findtext(required) or "").strip()
    items = channel.findall("item")
    assert len(items) == 3
    for item in items:
        assert item.findtext("title") or item.findtext("description")
        enclosure = item.find("enclosure")
        assert enclosure is not None and {"url", "length", "type"} <= set(enclosure.attrib)
        assert enclosure.get("length").isdigit()
        assert item.find("guid").get("isPermaLink") == "false"
        if item.find("pubDate") is not None:
            assert datetime.strptime(item.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z")
    sun = next(item for item in items if item.findtext("title") == "Sun on the hills")
    transcripts = sun.findall(f"{{{PODCAST_NAMESPACE}}}transcript")
    assert [(t.get("url"), t.get("type")) for t in transcripts] == [
        ("https://podcast.example.net/news/newer%20story.vtt", "text/vtt"),
        ("https://podcast.example.net/news/newer%20story.json", "application/json"),
        ("https://podcast.example.net/news/newer%20story.txt", "text/plain"),
    ]
    chapters = sun.find(f"{{{PODCAST_NAMESPACE}}}chapters")
    assert chapters.get("url") == "https://podcast.example.net/news/newer%20story.chapters.json"
    assert chapters.get("type") == "application/json+chapters"


def test_guid_is_stable_and_absolute_urls_are_kept() -> None:
    one = Episode("A", "a.mp3", 100, 61.4, source_url="https://example.org/a", published="2024-01-02")
    two = Episode("B", "https://cdn.example.org/b.mp3", 200, 3600, guid="my-guid",
                  published=datetime(2024, 1, 3, 12, tzinfo=timezone.utc))
    assert one.stable_guid == Episode("A again", "a.mp3", 1, 1, source_url="https://example.org/a").stable_guid
    assert one.stable_guid != Episode("A", "a2.mp3", 100, 61.4, source_url="https://example.org/a").stable_guid
    parsed = feedparser.parse(build_feed([one, two], "http://127.0.0.1:8000/"))
    assert [entry.id for entry in parsed.entries] == ["my-guid", one.stable_guid]
    assert parsed.entries[0].enclosures[0].href == "https://cdn.example.org/b.mp3"
    assert [entry.itunes_duration for entry in parsed.entries] == ["1:00:00", "0:01:01"]


def test_feed_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not an http"):
        build_feed([], "ftp://example.org/")
    with pytest.raises(NotFoundError):
        write_feed(tmp_path / "missing", "https://example.org/")
    (tmp_path / "broken.mp3").write_bytes(b"this is not audio")
    with pytest.raises(InputError, match="broken.mp3"):
        write_feed(tmp_path, "https://example.org/")
    assert not (tmp_path / "feed.xml").exists()


def test_cli_feed_writes_feed_xml(episodes_dir: Path) -> None:
    run = subprocess.run([*CLI, "feed", str(episodes_dir), "--base-url", "https://example.org/pod/",
                          "--title", "My news"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    feed = episodes_dir / "feed.xml"
    parsed = feedparser.parse(feed.read_bytes())
    assert parsed.feed.title == "My news" and len(parsed.entries) == 3
    assert not [p for p in episodes_dir.iterdir() if p.name.endswith(".part")]

    bad = subprocess.run([*CLI, "feed", str(episodes_dir), "--base-url", "example.org"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.startswith("audionews: ") and "Traceback" not in bad.stderr


def test_an_mp3_without_tags_is_named_by_its_file(tmp_path: Path) -> None:
    wav, mp3 = tmp_path / "speech.wav", tmp_path / "Morning briefing.mp3"
    subprocess.run(["espeak-ng", "-w", str(wav), "Good morning."], check=True)
    subprocess.run(["lame", "--quiet", str(wav), str(mp3)], check=True)
    episode = episode_from_mp3(mp3)
    assert episode.title == "Morning briefing" and episode.author is None and episode.description == ""
    assert 0.5 < episode.duration < 3
    parsed = feedparser.parse(build_feed([episode], "https://example.org/"))
    assert parsed.entries[0].title == "Morning briefing" and not parsed.bozo


def test_cli_feed_refuses_a_feed_xml_that_is_a_fifo(tmp_path: Path) -> None:
    import os
    import stat

    export_episode(tmp_path, "one", "Rain in the valley", "https://www.example.org/rain", "2024-03-01")
    os.mkfifo(tmp_path / "feed.xml")
    run = subprocess.run([*CLI, "feed", str(tmp_path), "--base-url", "https://example.org/pod/"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith("audionews: ") and "not a regular file" in line
    assert stat.S_ISFIFO(os.lstat(tmp_path / "feed.xml").st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_descriptions_are_plain_text_not_markup() -> None:
    hostile = ('The mayor wrote </span><script>alert("x")</script> on <b>Monday</b>: <!-- hidden --> '
               "prices rose 3 < 5 percent & more <img src=x onerror=alert(1)> and a cut-off <iframe")
    episode = Episode("Markup", "m.mp3", 100, 10.0, description=hostile)
    xml = build_feed([episode], "https://example.org/")
    description = etree.fromstring(xml).find("channel/item/description").text
    assert not re.search(r"<[A-Za-z/!?]", description) and ">" not in description  # nothing a tag can start with
    assert description == ('The mayor wrote alert("x") on Monday: prices rose 3 < 5 percent & more and a cut-off '
                           "< iframe")
    summary = feedparser.parse(xml).entries[0].summary
    assert "<script" not in summary and "<b>" not in summary and "<img" not in summary


def test_cli_feed_on_a_folder_without_episodes_says_so_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an episode")
    (tmp_path / ".hidden.mp3.part").write_bytes(b"")
    run = subprocess.run([*CLI, "feed", str(tmp_path), "--base-url", "https://example.org/pod/"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("audionews: ") and "no MP3" in lines[0], run.stderr
    assert "audionews export" in lines[0], "it says what to do"
    assert not (tmp_path / "feed.xml").exists()
