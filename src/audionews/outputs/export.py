"""Export a script's clips as a podcast-style MP3: ID3v2.4 tags, chapters, transcript, sentence timings.

`export_mp3` encodes the clips as they arrive (audio.encode_as_they_come, so encoding overlaps
synthesis), then builds the tag (title, artist, album, date, source URL, CHAP + CTOC chapters,
the transcript in USLT, sentence timings in SYLT) and writes tag and MP3 to a temporary file
beside the destination, renamed into place only when complete. On request it also writes the
Podcasting 2.0 companions a feed points at: `<name>.chapters.json`, `<name>.vtt` (timed
transcript) and `<name>.txt` (plain transcript).
`export_wav` writes the same narration as an untagged WAV file instead.

Every file is written by `atomic_file`: an existing target that is not a regular file (a folder, device,
named pipe, socket) is refused with an OutputError, never renamed over, and the temporary parts a killed
writer left beside the same target are removed by the next write.
"""
from __future__ import annotations

import fcntl
import io
import json
import os
import re
import secrets
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator
from urllib.parse import urlparse

from audionews.errors import OutputError, UsageError
from audionews.model import Clip, Script
from audionews.outputs.audio import DEFAULT_PAUSES, Narration, Pauses, SegmentTiming, check_bitrate, encode_as_they_come, join
from audionews.speech.engines.base import COMMON_SAMPLE_RATE

if TYPE_CHECKING:
    from mutagen.id3 import ID3

    from audionews.outputs.cover import CoverText

SPOOL_BYTES = 16 * 1024 * 1024  # encoded audio kept in memory up to this (about 35 minutes), then in a file
PARAGRAPHS_PER_CHAPTER = 3  # a new chapter at every heading, else after this many paragraphs
CHAPTER_TITLE_WORDS = 7
ALBUM = "audionews"
GENRE = "Podcast"
_NO_OFFSET = 0xFFFFFFFF  # CHAP: "byte offsets not given", times are used
# ID3 wants ISO 639-2 language codes; unknown languages are "XXX" as the ID3 standard says.
ISO639_2 = {"en": "eng", "de": "deu", "fr": "fra", "es": "spa", "it": "ita", "pt": "por", "nl": "nld",
            "ru": "rus", "pl": "pol", "sv": "swe", "da": "dan", "fi": "fin", "no": "nor", "nb": "nob",
            "cs": "ces", "el": "ell", "tr": "tur", "ar": "ara", "he": "heb", "hi": "hin", "zh": "zho",
            "ja": "jpn", "ko": "kor", "uk": "ukr", "hu": "hun", "ro": "ron"}


@dataclass(frozen=True)
class Chapter:
    title: str
    start: float  # seconds
    end: float
    url: str | None = None  # what it is about, when not the episode's own article (a briefing's articles)


@dataclass(frozen=True)
class SentenceTiming:
    """One sentence as heard (its segments' texts joined) and when it is spoken, in seconds."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Cue:
    """A stretch of one sentence spoken by one voice, for the WebVTT transcript."""

    text: str
    start: float
    end: float
    speaker: str | None = None  # a quote's speaker
    caption: bool = False  # an image caption read aloud


@dataclass(frozen=True)
class ExportResult:
    path: Path | None  # None when written to a stream
    duration: float  # seconds of audio encoded
    size: int  # bytes written, tag included
    chapters: list[Chapter]
    timings: list[SegmentTiming]
    companions: dict[str, Path]  # "chapters", "vtt", "json", "text", "cover" → file, when asked for


def companion_paths(mp3: Path) -> dict[str, Path]:
    """The files written beside an episode for a podcast feed: chapters JSON, transcripts and the cover."""
    return {
        "chapters": mp3.with_suffix(".chapters.json"),
        "vtt": mp3.with_suffix(".vtt"),
        "json": mp3.with_suffix(".json"),
        "text": mp3.with_suffix(".txt"),
        "cover": mp3.with_suffix(".png"),
    }


def site_name(url: str | None) -> str | None:
    """The host of an http(s) URL without "www.", e.g. "voanews.com"; None for paths and stdin."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def sentence_timings(script: Script, narration: Narration) -> list[SentenceTiming]:
    """Consecutive segments of one sentence merged: what a player highlights while it is spoken."""
    sentences: list[SentenceTiming] = []
    previous: int | None = None
    for timing in narration.timings:
        segment = script.segments[timing.segment]
        if sentences and segment.sentence == previous:
            last = sentences[-1]
            sentences[-1] = SentenceTiming(_tidy(f"{last.text} {segment.text}"), last.start, timing.end)
        else:
            sentences.append(SentenceTiming(_tidy(segment.text), timing.start, timing.end))
        previous = segment.sentence
    return sentences


def transcript(script: Script) -> str:
    """Everything the narration says, a paragraph per block: the title first, then the article."""
    paragraphs: dict[int, list[str]] = {}
    for segment in script.segments:
        paragraphs.setdefault(segment.paragraph, []).append(segment.text)
    return "\n\n".join(_tidy(" ".join(texts)) for texts in paragraphs.values()) + "\n"


def chapters_for(script: Script, narration: Narration) -> list[Chapter]:
    """Chapters at headings and every few paragraphs, titled with their first words, covering the narration."""
    starts: list[tuple[float, str]] = []
    paragraphs_in_chapter = 0
    seen: set[int] = set()
    for timing in narration.timings:
        segment = script.segments[timing.segment]
        if segment.paragraph in seen:
            continue
        seen.add(segment.paragraph)
        is_heading = segment.kind == "heading"
        if not starts or paragraphs_in_chapter >= PARAGRAPHS_PER_CHAPTER or (is_heading and paragraphs_in_chapter):
            title = segment.text if is_heading else _paragraph_text(script, segment.paragraph)
            starts.append((timing.start, _first_words(title)))
            paragraphs_in_chapter = 0
        if segment.kind not in ("title", "heading"):
            paragraphs_in_chapter += 1
    ends = [start for start, _ in starts[1:]] + [narration.duration]
    return [Chapter(title, start, end) for (start, title), end in zip(starts, ends)]


def build_tag(script: Script, narration: Narration, chapters: list[Chapter],
              sentences: list[SentenceTiming], cover: bytes | None = None, added: str | None = None) -> ID3:
    """The episode's ID3v2.4 tag; `cover` (PNG or JPEG bytes) goes in as the front cover (APIC), and the date
    (TDRC) is the article's, else `added` (the day it was added), else today."""
    from mutagen.id3 import (APIC, CHAP, COMM, CTOC, SYLT, TALB, TCON, TDRC, TIT2, TLAN, TLEN, TPE1, USLT, WOAS, WXXX,
                             CTOCFlags, Encoding, PictureType)

    from audionews.outputs.summary import script_summary

    from audionews.outputs.ordered_id3 import ChapteredID3

    utf8 = Encoding.UTF8
    site = site_name(script.source)
    language = ISO639_2.get(script.language.split("-")[0].lower(), "XXX")
    tag = ChapteredID3()
    tag.add(TIT2(encoding=utf8, text=[script.title]))
    tag.add(TPE1(encoding=utf8, text=[script.byline or site or ALBUM]))
    tag.add(TALB(encoding=utf8, text=[site or ALBUM]))
    tag.add(TLEN(encoding=utf8, text=[str(_ms(narration.duration))]))
    tag.add(TLAN(encoding=utf8, text=[language]))
    date = _id3_date(script.published) or _id3_date(added) or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    tag.add(TDRC(encoding=utf8, text=[date]))
    tag.add(TCON(encoding=utf8, text=[GENRE]))
    if summary := script_summary(script):
        tag.add(COMM(encoding=utf8, lang=language, desc="", text=[summary]))
    if cover:
        tag.add(APIC(encoding=utf8, mime=_image_type(cover), type=PictureType.COVER_FRONT, desc="cover", data=cover))
    if site and script.source:
        tag.add(WOAS(url=script.source))
        tag.add(WXXX(encoding=utf8, desc="source", url=script.source))
    tag.add(USLT(encoding=utf8, lang=language, desc="transcript", text=transcript(script)))
    tag.add(SYLT(encoding=utf8, lang=language, format=2, type=1, desc="sentences",
                 text=[(sentence.text, _ms(sentence.start)) for sentence in sentences]))
    ids = [f"chp{number}" for number in range(len(chapters))]
    tag.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                 sub_frames=[TIT2(encoding=utf8, text=["Chapters"])]))
    for element_id, chapter in zip(ids, chapters):
        tag.add(CHAP(element_id=element_id, start_time=_ms(chapter.start), end_time=_ms(chapter.end),
                     start_offset=_NO_OFFSET, end_offset=_NO_OFFSET,
                     sub_frames=[TIT2(encoding=utf8, text=[chapter.title]),
                                 *([WXXX(encoding=utf8, desc="chapter url", url=chapter.url)] if chapter.url else [])]))
    return tag


def export_mp3(script: Script, clips: Iterable[Clip], destination: Path | BinaryIO, bitrate: int = 64,
               companions: bool = False, pauses: Pauses = DEFAULT_PAUSES,
               chapter_maker: Callable[[Script, Narration], list[Chapter]] | None = None,
               cover: bytes | None = None, added: str | None = None) -> ExportResult:
    """Join the clips with `pauses`, tag and encode them, and write the MP3 to a path (atomically) or a binary stream.

    `cover` (PNG/JPEG bytes) is embedded as the front cover; by default one is drawn (`cover_for`).

    With companions=True (paths only) the chapters JSON and the .vtt/.txt transcripts are written too.
    `chapter_maker` places the chapters (default: `chapters_for`, at headings and every few paragraphs).
    """
    check_bitrate(bitrate, COMMON_SAMPLE_RATE)  # before any synthesis: every engine's clips are at this rate
    is_path = isinstance(destination, (str, os.PathLike))
    if companions and not is_path:
        raise UsageError("Chapters and transcript files can only be written beside an MP3 file, not to a stream.")
    if is_path:
        destination = Path(destination)
        for path in [destination, *(companion_paths(destination).values() if companions else ())]:
            check_writable(path)
    # The audio is encoded clip by clip while later clips are still being made; the tag, which needs every
    # clip's timing, is built when the last one is in and goes in front of the audio.
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES, dir=destination.parent if is_path else None) as audio:
        narration = encode_as_they_come(script, clips, audio, bitrate, pauses)
        chapters = (chapter_maker or chapters_for)(script, narration)
        sentences = sentence_timings(script, narration)
        tag_bytes = io.BytesIO()
        picture = cover if cover is not None else cover_for(script, added)
        build_tag(script, narration, chapters, sentences, picture, added).save(tag_bytes, v2_version=4, padding=lambda info: 0)

        def write(stream: BinaryIO) -> int:
            size = stream.write(tag_bytes.getvalue())
            audio.seek(0)
            while data := audio.read(1 << 20):
                size += stream.write(data)
            return size

        if not is_path:
            try:
                size = write(destination)
                destination.flush()
            except OSError as error:
                raise OutputError(f"The MP3 could not be written to the output stream ({error.strerror or error}).") from error
            return ExportResult(None, narration.duration, size, chapters, narration.timings, {})
        with atomic_file(destination) as stream:
            size = write(stream)
    written = _write_companions(script, chapters, narration, destination, picture) if companions else {}
    return ExportResult(destination, narration.duration, size, chapters, narration.timings, written)


def export_wav(script: Script, clips: Iterable[Clip], destination: Path, companions: bool = False,
               pauses: Pauses = DEFAULT_PAUSES) -> ExportResult:
    """Join the clips with `pauses` and write them as a 16-bit mono WAV file (atomically), untagged; with
    companions=True the chapters JSON and the .vtt/.txt transcripts are written beside it, as for an MP3."""
    destination = Path(destination)
    for path in [destination, *(companion_paths(destination).values() if companions else ())]:
        check_writable(path)
    narration = join(script, clips, pauses)
    chapters = chapters_for(script, narration)
    with atomic_file(destination) as stream:
        narration.write_wav(stream)
        size = stream.tell()
    written = _write_companions(script, chapters, narration, destination, cover_for(script)) if companions else {}
    return ExportResult(destination, narration.duration, size, chapters, narration.timings, written)


def _write_companions(script: Script, chapters: list[Chapter], narration: Narration, audio: Path,
                      cover: bytes) -> dict[str, Path]:
    from audionews.outputs.transcripts import json_transcript

    written = companion_paths(audio)
    if not cover.startswith(b"\x89PNG"):
        written["cover"] = audio.with_suffix(".jpg")
    cues = transcript_cues(script, narration)
    write_atomically(written["chapters"], chapters_json(script, chapters).encode())
    write_atomically(written["vtt"], webvtt(cues).encode())
    write_atomically(written["json"], json_transcript(cues).encode())
    write_atomically(written["text"], transcript(script).encode())
    write_atomically(written["cover"], cover)
    return written


def chapters_json(script: Script, chapters: list[Chapter]) -> str:
    """Podcasting 2.0 chapters (application/json+chapters, version 1.2.0), each linking to the article."""
    url = script.source if site_name(script.source) else None
    document = {
        "version": "1.2.0",
        "title": script.title,
        "chapters": [{"startTime": round(c.start, 3), "endTime": round(c.end, 3), "title": c.title,
                      **({"url": c.url or url} if c.url or url else {})} for c in chapters],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def transcript_cues(script: Script, narration: Narration) -> list[Cue]:
    """Consecutive segments of one sentence merged while the same person speaks: a quote's words are a cue
    of their own, naming its speaker, and so is a caption."""
    cues: list[Cue] = []
    previous: tuple[int, str | None, bool] | None = None
    for timing in narration.timings:
        segment = script.segments[timing.segment]
        speaker = segment.speaker if segment.kind == "quote" else None
        key = (segment.sentence, speaker, segment.kind == "caption")
        if cues and key == previous:
            last = cues[-1]
            cues[-1] = Cue(_tidy(f"{last.text} {segment.text}"), last.start, timing.end, speaker, last.caption)
        else:
            cues.append(Cue(_tidy(segment.text), timing.start, timing.end, speaker, segment.kind == "caption"))
        previous = key
    return cues


def webvtt(cues: list[Cue]) -> str:
    """A WebVTT transcript (text/vtt, for podcast:transcript): quotes in voice spans naming the speaker
    (`<v Ana Ruiz>…</v>`, which podcast apps show as the speaker), captions in a `caption` class span."""
    blocks = []
    for number, cue in enumerate(cues, 1):
        text = _vtt_escape(cue.text)
        if cue.speaker:
            text = f"<v {_vtt_escape(' '.join(cue.speaker.split()))}>{text}</v>"
        elif cue.caption:
            text = f"<c.caption>{text}</c>"
        blocks.append(f"{number}\n{_vtt_time(cue.start)} --> {_vtt_time(cue.end)}\n{text}")
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def check_writable(path: Path) -> None:
    """Fail early, with a clear OutputError, when the file cannot be created at path.

    An existing target must be a regular file: a folder, device, named pipe or socket is refused, never
    replaced (as root, renaming over /dev/full would replace the device node)."""
    parent = path.parent
    try:
        is_folder, parent_is_folder = path.is_dir(), parent.is_dir()
    except OSError as error:
        raise OutputError(f"Cannot write {path} ({error.strerror}); choose another path.") from error
    if is_folder:
        raise OutputError(f"{path} is a folder; give a file name inside it, such as {path / 'article.mp3'}.")
    if not parent_is_folder:
        raise OutputError(f"Cannot write {path}: the folder {parent} does not exist; create it or choose another path.")
    _refuse_special(path)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"Cannot write {path}: the folder {parent} is not writable; choose another path.")


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A new file beside path that replaces path only if the block finishes; otherwise it is removed.

    The file is written as `.NAME.XXXXXXXX.part`, locked (flock) while it is written, so the next write of the
    same target can tell the part of a writer that was killed (removed) from one still writing (kept).
    A target that is not a regular file is refused, before the block and again just before the rename.
    """
    _refuse_special(path)
    _remove_stale_parts(path)
    descriptor, temporary = _new_part(path)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
            _refuse_special(path)  # a FIFO or device put there while the block ran
            os.replace(temporary, path)  # still open and locked: no other write takes it for a stale part
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"Cannot write {path} ({error.strerror}); check the disk and choose another path.") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    with atomic_file(path) as stream:
        stream.write(data)


_KINDS = {stat.S_IFCHR: "device", stat.S_IFBLK: "device", stat.S_IFIFO: "named pipe (FIFO)",
          stat.S_IFSOCK: "socket", stat.S_IFDIR: "folder"}


def _refuse_special(path: Path) -> None:
    """OutputError when path exists (following links) and is not a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(f"Cannot write {path} ({error.strerror}); choose another path.") from error
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "special file")
        raise OutputError(f"Cannot write {path}: it is a {kind}, not a regular file, and will not be replaced; "
                          "give the name of a file to write.")


def _new_part(path: Path) -> tuple[int, Path]:
    """A new, locked temporary file beside path: its descriptor and name."""
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as error:
            raise OutputError(f"Cannot write {path} ({error.strerror}); choose another path.") from error
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        if _is_open_file(temporary, descriptor):
            return descriptor, temporary
        os.close(descriptor)  # taken for stale by another write between its creation and the lock: again


def _remove_stale_parts(path: Path) -> None:
    """Remove the temporary parts of earlier writes of path whose writer is gone (their lock is free)."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}\.part")
    try:
        names = [entry.name for entry in os.scandir(path.parent) if pattern.fullmatch(entry.name)]
    except OSError:
        return
    for name in names:
        part = path.with_name(name)
        try:
            descriptor = os.open(part, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(descriptor).st_mode):
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: its writer is at work
                if _is_open_file(part, descriptor):
                    part.unlink()
        except OSError:
            pass
        finally:
            os.close(descriptor)


def _is_open_file(path: Path, descriptor: int) -> bool:
    """Whether path still names the file open as descriptor."""
    try:
        named = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    opened = os.fstat(descriptor)
    return (named.st_ino, named.st_dev) == (opened.st_ino, opened.st_dev)


def _paragraph_text(script: Script, paragraph: int) -> str:
    """A paragraph's own words (announcements left out), for naming a chapter."""
    texts = [s.text for s in script.segments if s.paragraph == paragraph and s.kind != "announcement"]
    return " ".join(texts) or " ".join(s.text for s in script.segments if s.paragraph == paragraph)


def _first_words(text: str) -> str:
    words = _tidy(text).split(" ")
    if len(words) <= CHAPTER_TITLE_WORDS:
        return " ".join(words)
    return " ".join(words[:CHAPTER_TITLE_WORDS]).rstrip(",;:.-—–") + "…"


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _vtt_escape(text: str) -> str:
    """Text as WebVTT cue text: &, < and > as character references (so "-->" cannot end a cue either)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _vtt_time(seconds: float) -> str:
    ms = _ms(seconds)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _image_type(picture: bytes) -> str:
    if picture.startswith(b"\x89PNG"):
        return "image/png"
    if picture.startswith(b"\xff\xd8"):
        return "image/jpeg"
    raise OutputError("The cover picture must be a PNG or JPEG image.")


def cover_text(script: Script, added: str | None = None) -> CoverText:
    """What the episode's cover shows: the title, the site (else the byline), the date."""
    from audionews.outputs.cover import CoverText

    date = (_id3_date(script.published) or _id3_date(added) or "")[:10]
    return CoverText(script.title, site_name(script.source) or script.byline or ALBUM, date)


def cover_for(script: Script, added: str | None = None) -> bytes:
    """The episode's generated cover as PNG bytes."""
    from audionews.outputs.cover import cover_png

    return cover_png(cover_text(script, added))


def _id3_date(published: str | None) -> str | None:
    """An ISO 8601 date or date-time as an ID3v2.4 timestamp (UTC), or None when it is not one."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published.strip())
    except ValueError:
        match = re.match(r"\d{4}(-\d{2}(-\d{2})?)?", published.strip())
        return match.group(0) if match else None
    if len(published.strip()) <= 10:
        return moment.strftime("%Y-%m-%d")
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")
