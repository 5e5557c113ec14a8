"""A podcast feed (RSS 2.0 + iTunes + Podcasting 2.0) for exported episodes.

    >>> episodes = [episode_from_mp3(Path("out/article.mp3"))]
    >>> xml = build_feed(episodes, "https://example.org/news/", title="My news")

`build_feed` turns plain `Episode` values into feed XML with feedgen (descriptions as plain text: an article
quoting markup must not be rendered as HTML by a reader); Podcasting 2.0's
`podcast:transcript` and `podcast:chapters`, which feedgen lacks, come from a small feedgen
extension (`podcastindex`, loaded with feedgen only when a feed is built). `episode_from_mp3`
reads an Episode back from an MP3 made by export_mp3 (and finds its chapters/transcript
companions); `write_feed` does both for a folder of episodes.
"""
from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import quote, urljoin
from uuid import UUID

from audionews.errors import InputError, NotFoundError, UsageError
from audionews.outputs.export import ISO639_2, companion_paths, write_atomically
from audionews.outputs.summary import opening_sentences, text_sentences

PODCAST_NAMESPACE = "https://podcastindex.org/namespace/1.0"
PODCAST_GUID_NAMESPACE = UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")  # the namespace's UUID for podcast:guid
CHAPTERS_TYPE = "application/json+chapters"
_TRANSCRIPT_TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip", ".txt": "text/plain",
                     ".html": "text/html", ".json": "application/json"}
_BCP47 = {three: two for two, three in ISO639_2.items()}  # TLAN's ISO 639-2 → BCP 47 primary tag
DESCRIPTION_CHARS = 600  # an episode description read from a transcript is cut to about this length
_MARKUP = re.compile(r"<!--.*?(?:-->|$)|<[A-Za-z/!?][^<>]*>", re.DOTALL)  # HTML tags, comments, doctypes
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")  # what is left of a tag cut off by the end of the text


@dataclass(frozen=True)
class Episode:
    """One episode of the feed. Relative paths are resolved against the feed's base_url."""

    title: str
    audio: str  # the MP3: a URL, or a path relative to base_url
    size: int  # the MP3's length in bytes
    duration: float  # seconds
    description: str = ""
    published: datetime | str | None = None  # a datetime, or ISO 8601 text; naive means UTC
    source_url: str | None = None  # the article read
    author: str | None = None
    chapters: str | None = None  # Podcasting 2.0 chapters JSON: URL or relative path
    transcripts: tuple[str, ...] = ()  # .vtt / .srt / .txt / .html transcripts: URLs or relative paths
    language: str | None = None
    guid: str | None = None  # default: a hash of source_url and audio, so it survives rebuilding the feed
    link: str | None = None  # the article's page in the player (default: source_url, else the audio)
    image: str | None = None  # the episode's cover (PNG/JPEG): URL or relative path
    content: str = ""  # the whole text, as HTML paragraphs (content:encoded)
    mime_type: str = "audio/mpeg"

    @property
    def stable_guid(self) -> str:
        if self.guid:
            return self.guid
        digest = hashlib.sha256(f"{self.source_url or ''}\n{self.audio}".encode()).hexdigest()
        return f"audionews-{digest[:32]}"


def build_feed(episodes: list[Episode], base_url: str, title: str = "audionews",
               description: str = "News articles read aloud by audionews.", language: str = "en",
               feed_path: str = "feed.xml", author: str = "audionews", image: str | None = None) -> bytes:
    """RSS 2.0 podcast feed XML for the episodes, newest first; the feed itself is at base_url + feed_path.

    `image` is the channel's cover (URL or path relative to base_url); the channel's podcast:guid is the
    UUID v5 of the feed's URL, as the Podcasting 2.0 namespace specifies."""
    from feedgen.feed import FeedGenerator

    from audionews.outputs.podcastindex import PodcastIndexEntryExtension, PodcastIndexExtension

    base = _base(base_url)
    generator = FeedGenerator()
    generator.load_extension("podcast")
    generator.register_extension("podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension)
    generator.title(title)
    generator.description(description)
    generator.link(href=urljoin(base, feed_path), rel="self", type="application/rss+xml")
    generator.link(href=base)  # feedgen takes the last link as the RSS channel link
    generator.language(language)
    generator.generator("audionews")
    generator.podcast.itunes_category("News")
    generator.podcast.itunes_summary(description)
    generator.podcast.itunes_author(author)
    generator.podcast.itunes_type("episodic")
    generator.podcastindex.guid(podcast_guid(urljoin(base, feed_path)))
    generator.podcastindex.explicit(False)
    if image:
        generator.podcast.itunes_image(_resolve(base, image))
        generator.image(url=_resolve(base, image), title=title, link=base)
    for episode in sorted(episodes, key=_newest_first):
        entry = generator.add_entry(order="append")
        audio_url = _resolve(base, episode.audio)
        entry.title(episode.title)
        entry.description(opening_sentences(text_sentences(plain_text(episode.description))) or episode.title)
        if episode.content:
            entry.content(episode.content, type="CDATA")
        entry.link(href=_resolve(base, episode.link) if episode.link else episode.source_url or audio_url)
        entry.guid(episode.stable_guid, permalink=False)
        entry.enclosure(audio_url, str(episode.size), episode.mime_type)
        if episode.image:
            entry.podcast.itunes_image(_resolve(base, episode.image))
        if moment := _moment(episode.published):
            entry.pubDate(moment)
        if episode.author:
            entry.podcast.itunes_author(episode.author)
        entry.podcast.itunes_duration(_hms(episode.duration))
        for transcript in episode.transcripts:
            kind = _TRANSCRIPT_TYPES.get(Path(transcript).suffix.lower()) or mimetypes.guess_type(transcript)[0]
            entry.podcastindex.transcript(_resolve(base, transcript), kind or "text/plain", episode.language)
        if episode.chapters:
            entry.podcastindex.chapters(_resolve(base, episode.chapters))
    return generator.rss_str(pretty=True)


def podcast_guid(feed_url: str) -> str:
    """The Podcasting 2.0 podcast:guid: UUID v5 in the namespace's own UUID, of the feed URL without its
    scheme and trailing slashes."""
    import uuid

    name = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, name))


def plain_text(text: str) -> str:
    """Text that reads the same whether a feed reader shows a description as text or renders it as HTML (most
    do): anything shaped like a tag or comment is removed, and a "<" that could still start one is spaced off."""
    text = _MARKUP.sub("", text)
    text = _TAG_START.sub("< ", text)
    return " ".join(text.split())


def episode_from_mp3(path: Path, audio: str | None = None) -> Episode:
    """An Episode from an MP3 written by export_mp3: its tags, size, and the companion files beside it.

    `audio` (and the companions' paths) default to the file names, i.e. relative to the feed's folder.
    """
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    from audionews.outputs.transcripts import html_paragraphs

    try:
        mp3 = MP3(path)
    except (MutagenError, OSError) as error:
        raise InputError(f"{path} is not a readable MP3 ({error}); re-export it or move it out of the folder.") from error
    tags = mp3.tags or {}

    def text(frame: str) -> str | None:
        return str(tags[frame].text[0]) if frame in tags and tags[frame].text else None

    length = text("TLEN")
    duration = int(length) / 1000 if length and length.isdigit() else mp3.info.length
    published: datetime | str | None = text("TDRC")
    if not published:
        published = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    transcript = next((str(frame.text) for frame in tags.values() if frame.FrameID == "USLT"), "")
    companions = {kind: file for kind, file in companion_paths(path).items() if file.is_file()}
    language = text("TLAN")
    return Episode(
        title=text("TIT2") or path.stem,
        audio=audio or path.name,
        size=path.stat().st_size,
        duration=duration,
        description=next((str(frame) for frame in tags.values() if frame.FrameID == "COMM"), "") or _summary(transcript),
        published=published,
        source_url=str(tags["WOAS"].url) if "WOAS" in tags else None,
        author=text("TPE1"),
        chapters=companions["chapters"].name if "chapters" in companions else None,
        transcripts=tuple(companions[kind].name for kind in ("vtt", "json", "text") if kind in companions),
        language=_BCP47.get(language or ""),
        image=companions["cover"].name if "cover" in companions else None,
        content=html_paragraphs(transcript.split("\n\n", 1)[1] if "\n\n" in transcript else transcript),
    )


def write_feed(directory: Path, base_url: str, title: str | None = None,
               description: str = "News articles read aloud by audionews.") -> Path:
    """Write directory/feed.xml (atomically) listing every *.mp3 in directory; return its path.

    A folder without MP3s is an InputError (most likely the wrong folder): no empty feed is written.
    """
    if not directory.is_dir():
        raise NotFoundError(f"The folder {directory} does not exist; give the folder your episodes were exported to.")
    mp3s = [path for path in sorted(directory.glob("*.mp3")) if not path.name.startswith(".")]
    if not mp3s:
        raise InputError(f"There are no MP3 episodes in {directory}, so no feed was written; add some with "
                         f"`audionews export ARTICLE -o {directory / 'NAME.mp3'}` first.")
    from audionews.outputs.cover import CoverText, cover_png

    episodes = [episode_from_mp3(path) for path in mp3s]
    title = title or f"audionews: {directory.resolve().name}"
    cover = directory / "cover.png"
    write_atomically(cover, cover_png(CoverText(title, "audionews")))
    xml = build_feed(episodes, base_url, title=title, description=description, image=cover.name)
    destination = directory / "feed.xml"
    write_atomically(destination, xml)
    return destination


def _base(base_url: str) -> str:
    if not re.match(r"https?://[^/\s]+", base_url):
        raise UsageError(f"The base URL {base_url!r} is not an http(s) URL; give one like https://example.org/podcast/.")
    return base_url if base_url.endswith("/") else base_url + "/"


def _resolve(base: str, reference: str) -> str:
    if re.match(r"https?://", reference):
        return reference
    return urljoin(base, quote(reference))


def _moment(published: datetime | str | None) -> datetime | None:
    """A timezone-aware datetime (naive and date-only values are taken as UTC), or None."""
    if isinstance(published, str):
        try:
            published = datetime.fromisoformat(published.strip())
        except ValueError:
            try:
                published = datetime.combine(date.fromisoformat(published.strip()[:10]), datetime.min.time())
            except ValueError:
                return None
    if published is None:
        return None
    return published if published.tzinfo else published.replace(tzinfo=timezone.utc)


def _newest_first(episode: Episode) -> tuple[bool, float]:
    moment = _moment(episode.published)
    return (moment is None, -moment.timestamp() if moment else 0.0)


def _hms(seconds: float) -> str:
    total = round(seconds)
    return f"{total // 3600}:{total // 60 % 60:02d}:{total % 60:02d}"


def _summary(transcript: str) -> str:
    """The first article paragraph of a transcript (the title is its first block), cut at a word."""
    blocks = [block.strip() for block in transcript.split("\n\n") if block.strip()]
    text = blocks[1] if len(blocks) > 1 else (blocks[0] if blocks else "")
    if len(text) <= DESCRIPTION_CHARS:
        return text
    return text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"
