"""Export a script's clips as an M4B audiobook: AAC in MP4 with chapters, the cover, and tags, through ffmpeg.

Apple Books and audiobook apps read MP4 chapters natively (they ignore MP3 chapter frames). The narration is
joined exactly as for the MP3 (`audio.join`), so the chapters are at the same times (`export.chapters_for`);
ffmpeg encodes the WAV, writes the chapters from an FFMETADATA file, attaches the cover as the front picture
and tags title, artist, album, date, genre, comment and language. The file is written to a temporary name
beside the destination and renamed into place only when ffmpeg succeeded.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from audionews.errors import OutputError
from audionews.model import Clip, Script
from audionews.outputs.audio import DEFAULT_PAUSES, Narration, Pauses, join
from audionews.outputs.export import (ALBUM, GENRE, ISO639_2, Chapter, ExportResult, _id3_date, atomic_file,
                                      chapters_for, check_writable, cover_for, site_name)
from audionews.outputs.summary import script_summary

AAC_BITRATE = 64  # kbit/s, mono speech


def export_m4b(script: Script, clips: Iterable[Clip], destination: Path, bitrate: int = AAC_BITRATE,
               pauses: Pauses = DEFAULT_PAUSES, chapter_maker: Callable[[Script, Narration], list[Chapter]] | None = None,
               cover: bytes | None = None, added: str | None = None) -> ExportResult:
    """Join the clips with `pauses` and write them as an M4B (AAC in MP4) with chapters, cover and tags, atomically."""
    if shutil.which("ffmpeg") is None:
        raise OutputError("M4B export needs ffmpeg, which is not installed; install it (apt install ffmpeg) "
                          "or export an .mp3 instead.")
    destination = Path(destination)
    check_writable(destination)
    narration = join(script, clips, pauses)
    chapters = (chapter_maker or chapters_for)(script, narration)
    picture = cover if cover is not None else cover_for(script, added)
    with tempfile.TemporaryDirectory(prefix="audionews-m4b-") as work:
        folder = Path(work)
        wav = folder / "narration.wav"
        with open(wav, "wb") as stream:
            narration.write_wav(stream)
        metadata = folder / "metadata.txt"
        metadata.write_text(ffmetadata(script, chapters, narration.duration, added), encoding="utf-8")
        image = folder / ("cover.png" if picture.startswith(b"\x89PNG") else "cover.jpg")
        image.write_bytes(picture)
        encoded = folder / "episode.m4b"
        command = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav), "-f", "ffmetadata", "-i", str(metadata),
                   "-i", str(image), "-map", "0:a", "-map", "2:v", "-map_metadata", "1", "-map_chapters", "1",
                   "-c:a", "aac", "-b:a", f"{bitrate}k", "-c:v", "copy", "-disposition:v:0", "attached_pic",
                   "-movflags", "+faststart", "-f", "mp4", str(encoded)]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
            raise OutputError(f"ffmpeg could not write the M4B ({detail}); check the disk and try again.")
        with atomic_file(destination) as stream, open(encoded, "rb") as source:
            shutil.copyfileobj(source, stream, 1 << 20)
            size = stream.tell()
    return ExportResult(destination, narration.duration, size, chapters, narration.timings, {})


def ffmetadata(script: Script, chapters: list[Chapter], duration: float, added: str | None = None) -> str:
    """ffmpeg's FFMETADATA1 text: the tags, then a [CHAPTER] per chapter in milliseconds."""
    site = site_name(script.source)
    tags = {
        "title": script.title,
        "artist": script.byline or site or ALBUM,
        "album": site or ALBUM,
        "date": (_id3_date(script.published) or _id3_date(added) or "")[:10],
        "genre": GENRE,
        "comment": script_summary(script),
        "language": ISO639_2.get(script.language.split("-")[0].lower(), "und"),
    }
    lines = [";FFMETADATA1"] + [f"{key}={_escape(value)}" for key, value in tags.items() if value]
    for chapter in chapters:
        end = min(chapter.end, duration)
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(chapter.start * 1000)}",
                  f"END={round(end * 1000)}", f"title={_escape(chapter.title)}"]
    return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    """A value as FFMETADATA wants it: =, ;, #, \\ and newlines escaped with a backslash."""
    value = " ".join(value.split())
    for character in "\\=;#":
        value = value.replace(character, "\\" + character)
    return value
