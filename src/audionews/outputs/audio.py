"""Join a script's clips into one narration with natural pauses, and encode it as MP3.

`join` reads only the clips' WAV headers: it lays the clips out on a timeline with pauses
between them (see PAUSES; a listener sets the sentence and paragraph pauses with `Pauses`, the
others follow in proportion, and all are scaled with the speaking speed) and records when each
segment and paragraph starts. The samples
are read later, clip by clip, by `Narration.chunks()`, so a long article is never held in
memory whole; `iter_mp3` encodes such a stream of chunks with lameenc as it goes.
`encode_as_they_come` does both at once: each clip is laid out and encoded as soon as it
arrives, while the synthesizer is still making the later ones.
"""
from __future__ import annotations

import itertools
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from audionews.errors import OutputError, UsageError
from audionews.model import Clip, Script, Segment

# Seconds of silence between two clips; where several apply, the longest wins.
PAUSES: dict[str, float] = {
    "within_sentence": 0.15,  # a sentence split across voices (narration, then the quote)
    "sentence": 0.35,  # between sentences of one paragraph
    "announcement": 0.3,  # before and after "Avigdor Liberman said:"
    "paragraph": 0.75,  # between paragraphs
    "heading": 1.0,  # before and after a heading
    "title": 1.2,  # after the title
}

# Which of the two pauses a listener sets each pause follows, in proportion to its default.
_FOLLOWS = {"within_sentence": "sentence", "sentence": "sentence", "announcement": "sentence",
            "paragraph": "paragraph", "heading": "paragraph", "title": "paragraph"}
MAX_PAUSE = 5.0  # seconds: the longest sentence or paragraph pause a listener may set
NORMAL_RATE = 175  # words per minute at which the pauses are as set


@dataclass(frozen=True)
class Pauses:
    """The pauses a listener sets, in seconds at the normal speaking speed, and that speed's ratio to normal
    (1.5 for 1.5 times as fast, or a rate of 262 words per minute): every pause is divided by it."""

    sentence: float = PAUSES["sentence"]
    paragraph: float = PAUSES["paragraph"]
    speed: float = 1.0

    def __post_init__(self) -> None:
        for name in ("sentence", "paragraph"):
            value = getattr(self, name)
            if not 0.0 <= value <= MAX_PAUSE:
                raise UsageError(f"The {name} pause must be from 0 to {MAX_PAUSE:g} seconds, not {value:g}.")
        if not self.speed > 0:
            raise UsageError(f"The speaking speed must be above zero, not {self.speed:g}.")

    @classmethod
    def at_rate(cls, rate: int, sentence: float = PAUSES["sentence"], paragraph: float = PAUSES["paragraph"]) -> "Pauses":
        """The pauses for speech made at `rate` words per minute."""
        return cls(sentence, paragraph, rate / NORMAL_RATE)


DEFAULT_PAUSES = Pauses()

# Bitrates (kbps) an MP3 can have: MPEG-2 Layer III below 32 kHz (the engines' 22050 Hz), MPEG-1 from 32 kHz.
MP3_BITRATES = (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
MPEG1_BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)

_SAMPLE_WIDTH = 2  # bytes: 16-bit PCM
_CHUNK_FRAMES = 32768  # frames read and encoded at a time


@dataclass(frozen=True)
class SegmentTiming:
    """Where one segment's speech lies in the narration, in seconds."""

    segment: int  # index into Script.segments
    start: float
    end: float


@dataclass(frozen=True)
class _Piece:
    """One stretch of the timeline: a clip's WAV file, or silence when path is None."""

    frames: int
    path: Path | None = None


@dataclass
class Narration:
    """The joined narration: a timeline of clips and pauses, its timings, and its samples on demand."""

    sample_rate: int
    pauses: Pauses = DEFAULT_PAUSES
    timings: list[SegmentTiming] = field(default_factory=list)
    paragraph_starts: dict[int, float] = field(default_factory=dict)  # paragraph → when its first segment starts
    frames: int = 0
    _pieces: list[_Piece] = field(repr=False, default_factory=list)

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate

    def append(self, script: Script, clip: Clip) -> int:
        """Lay one more clip out after the last, with the pause before it; returns the index of the first
        stretch (pause or clip) this added, for `chunks(first_piece=...)`. Checks the clip's WAV header."""
        added = len(self._pieces)
        segment = script.segments[clip.segment]
        if self.timings:
            gap = round(pause_between(script.segments[self.timings[-1].segment], segment, self.pauses)
                        * self.sample_rate)
            self._pieces.append(_Piece(gap))
            self.frames += gap
        frames = clip_frames(clip.path, self.sample_rate)
        self._pieces.append(_Piece(frames, clip.path))
        start = self.frames / self.sample_rate
        self.paragraph_starts.setdefault(segment.paragraph, start)
        self.frames += frames
        self.timings.append(SegmentTiming(clip.segment, start, self.frames / self.sample_rate))
        return added

    def chunks(self, chunk_frames: int = _CHUNK_FRAMES, first_piece: int = 0) -> Iterator[bytes]:
        """The narration's 16-bit mono PCM, a chunk at a time (each at most chunk_frames long), from the
        stretch `first_piece` on (0: from the start)."""
        for piece in self._pieces[first_piece:]:
            if piece.path is None:
                remaining = piece.frames
                while remaining > 0:
                    count = min(remaining, chunk_frames)
                    yield bytes(count * _SAMPLE_WIDTH)
                    remaining -= count
                continue
            try:
                with wave.open(str(piece.path), "rb") as reader:
                    while data := reader.readframes(chunk_frames):
                        yield data
            except (OSError, EOFError, wave.Error) as error:
                raise OutputError(
                    f"The speech clip {piece.path.name} disappeared or broke while it was being joined ({error}); "
                    "run the command again."
                ) from error

    def pcm(self) -> bytes:
        """The whole narration as one bytes value (fine for short texts; prefer chunks())."""
        return b"".join(self.chunks())

    def write_wav(self, stream: BinaryIO) -> None:
        """Write the narration as a 16-bit mono WAV file to a seekable binary stream, a chunk at a time."""
        with wave.open(stream, "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(_SAMPLE_WIDTH)
            writer.setframerate(self.sample_rate)
            for chunk in self.chunks():
                writer.writeframes(chunk)


def pause_shares(previous: Segment, following: Segment) -> tuple[float, float]:
    """The pause between two consecutive segments as shares of the sentence and the paragraph pause: the pause
    is the larger of share × pause for the two (a heading's pause is 4/3 of a paragraph's, and so on)."""
    candidates = ["within_sentence"]
    if previous.kind == "title":
        candidates.append("title")
    if "heading" in (previous.kind, following.kind):
        candidates.append("heading")
    if "announcement" in (previous.kind, following.kind):
        candidates.append("announcement")
    if previous.paragraph != following.paragraph:
        candidates.append("paragraph")
    elif previous.sentence != following.sentence:
        candidates.append("sentence")
    shares = {"sentence": 0.0, "paragraph": 0.0}
    for name in candidates:
        base = _FOLLOWS[name]
        shares[base] = max(shares[base], PAUSES[name] / PAUSES[base])
    return shares["sentence"], shares["paragraph"]


def pause_between(previous: Segment, following: Segment, pauses: Pauses = DEFAULT_PAUSES) -> float:
    """The silence, in seconds, to put between two consecutive segments."""
    sentence, paragraph = pause_shares(previous, following)
    return max(sentence * pauses.sentence, paragraph * pauses.paragraph) / pauses.speed


def clip_frames(path: Path, sample_rate: int) -> int:
    """Check a clip is a 16-bit mono WAV at sample_rate and return its length in frames."""
    try:
        with wave.open(str(path), "rb") as reader:
            params = reader.getparams()
    except (OSError, EOFError, wave.Error) as error:
        raise OutputError(f"The speech clip {path.name} cannot be read ({error}); clear the audio cache and try again.") from error
    if (params.nchannels, params.sampwidth, params.framerate) != (1, _SAMPLE_WIDTH, sample_rate):
        raise OutputError(
            f"The speech clip {path.name} is {params.nchannels}-channel {8 * params.sampwidth}-bit "
            f"{params.framerate} Hz, not 16-bit mono {sample_rate} Hz; clear the audio cache and try again."
        )
    return params.nframes


def join(script: Script, clips: Iterable[Clip], pauses: Pauses = DEFAULT_PAUSES) -> Narration:
    """Lay the clips (in reading order, as Synthesizer.clips yields them) out with `pauses` between them.

    Consumes the clips iterator; each clip's WAV header is checked, its samples are read later.
    """
    narration, clips = _start(clips, pauses)
    for clip in clips:
        narration.append(script, clip)
    return narration


def encode_as_they_come(script: Script, clips: Iterable[Clip], sink: BinaryIO, bitrate: int = 64,
                        pauses: Pauses = DEFAULT_PAUSES) -> Narration:
    """Join the clips with `pauses` and write them to `sink` as MP3, each clip encoded as soon as it arrives.

    With Synthesizer.clips, encoding runs while later clips are still being made; the narration laid
    out (timings, duration) is returned when the last clip is in.
    """
    narration, clips = _start(clips, pauses)

    def pcm() -> Iterator[bytes]:
        for clip in clips:
            yield from narration.chunks(first_piece=narration.append(script, clip))

    for data in iter_mp3(pcm(), narration.sample_rate, bitrate):
        sink.write(data)
    return narration


def _start(clips: Iterable[Clip], pauses: Pauses) -> tuple[Narration, Iterator[Clip]]:
    """An empty narration at the first clip's sample rate, and every clip (the first one too)."""
    clips = iter(clips)
    first = next(clips, None)
    if first is None:
        raise OutputError("There is no speech to join: the script has no segments.")
    return Narration(first.sample_rate, pauses), itertools.chain([first], clips)


def check_bitrate(bitrate: int, sample_rate: int) -> None:
    """Raise UsageError unless an MP3 at sample_rate can have this bitrate (kbps)."""
    allowed = MPEG1_BITRATES if sample_rate >= 32000 else MP3_BITRATES
    if bitrate not in allowed:
        raise UsageError(
            f"An MP3 bitrate of {bitrate} kbps is not possible at {sample_rate} Hz; "
            f"choose one of {', '.join(map(str, allowed))}."
        )


def iter_mp3(chunks: Iterable[bytes], sample_rate: int, bitrate: int = 64) -> Iterator[bytes]:
    """Encode a stream of 16-bit mono PCM chunks to MP3 (constant bitrate, mono), yielding MP3 bytes as they come."""
    import lameenc

    check_bitrate(bitrate, sample_rate)
    encoder = lameenc.Encoder()
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_bit_rate(bitrate)
    encoder.set_quality(2)  # 2 = high quality, still fast for mono speech
    for chunk in chunks:
        if data := encoder.encode(chunk):
            yield bytes(data)
    if tail := encoder.flush():
        yield bytes(tail)


def encode_mp3(pcm: bytes, sample_rate: int, bitrate: int = 64) -> bytes:
    """Encode 16-bit mono PCM to MP3 bytes (mono, constant bitrate, 64 kbps by default)."""
    step = _CHUNK_FRAMES * _SAMPLE_WIDTH
    return b"".join(iter_mp3((pcm[i:i + step] for i in range(0, len(pcm), step)), sample_rate, bitrate))
