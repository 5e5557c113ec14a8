"""audio.py: joining real espeak-ng clips with pauses, and MP3 encoding checked by decoding with ffmpeg."""
from __future__ import annotations

import io
import subprocess
import wave
from pathlib import Path
from typing import Iterator

import pytest

from audionews.errors import OutputError, UsageError
from audionews.model import Clip, Script, Segment
from audionews.outputs.audio import PAUSES, encode_as_they_come, encode_mp3, iter_mp3, join, pause_between


def speak(text: str, path: Path) -> Path:
    """A real clip: espeak-ng writes a 16-bit mono 22050 Hz WAV."""
    subprocess.run(["espeak-ng", "-w", str(path), text], check=True)
    return path


def clip_of(index: int, path: Path) -> Clip:
    with wave.open(str(path), "rb") as reader:
        return Clip(index, path.stem, path, reader.getframerate(), reader.getnframes())


def wav_pcm(path: Path) -> bytes:
    with wave.open(str(path), "rb") as reader:
        return reader.readframes(reader.getnframes())


def decode(mp3: bytes, tmp_path: Path) -> tuple[bytes, str]:
    """PCM and error output of ffmpeg decoding the MP3 end to end."""
    path = tmp_path / "decoded.mp3"
    path.write_bytes(mp3)
    result = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "22050", "-"],
                            capture_output=True, check=True)
    return result.stdout, result.stderr.decode()


SEGMENTS = [
    Segment("title", "Rain in the valley", 0, 0),
    Segment("narration", "It rained for three days.", 1, 1),
    Segment("narration", "The river rose.", 1, 2),
    Segment("announcement", "The mayor said:", 2, 3, voice="announcer"),
    Segment("quote", "We are ready.", 2, 3, speaker="The mayor", voice="quote"),
]
SCRIPT = Script("Rain in the valley", SEGMENTS)


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> list[Clip]:
    folder = tmp_path_factory.mktemp("clips")
    return [clip_of(i, speak(s.text, folder / f"clip{i}.wav")) for i, s in enumerate(SEGMENTS)]


def test_pauses_follow_the_table() -> None:
    title, first, second, announcement, quote = SEGMENTS
    assert pause_between(title, first) == PAUSES["title"]
    assert pause_between(first, second) == PAUSES["sentence"]
    assert pause_between(second, announcement) == PAUSES["paragraph"]  # a new paragraph outweighs the announcement
    assert pause_between(announcement, quote) == PAUSES["announcement"]
    heading = Segment("heading", "Aftermath", 3, 4)
    assert pause_between(quote, heading) == PAUSES["heading"]
    same_sentence = Segment("quote", "Ready.", 1, 2, voice="quote")
    assert pause_between(second, same_sentence) == PAUSES["within_sentence"]
    assert PAUSES["within_sentence"] < PAUSES["sentence"] < PAUSES["paragraph"] < PAUSES["title"]


def test_join_lays_out_clips_and_pauses(clips: list[Clip]) -> None:
    narration = join(SCRIPT, iter(clips))
    rate = narration.sample_rate
    assert rate == 22050
    gaps = [round(pause_between(a, b) * rate) for a, b in zip(SEGMENTS, SEGMENTS[1:])]
    assert narration.frames == sum(c.frames for c in clips) + sum(gaps)
    position = 0
    for timing, clip, gap in zip(narration.timings, clips, [0] + gaps):
        position += gap
        assert timing.segment == clip.segment
        assert timing.start == pytest.approx(position / rate)
        assert timing.end == pytest.approx((position + clip.frames) / rate)
        position += clip.frames
    assert narration.paragraph_starts == {0: 0.0, 1: narration.timings[1].start, 2: narration.timings[3].start}

    pcm = narration.pcm()
    assert len(pcm) == 2 * narration.frames
    assert pcm[:2 * clips[0].frames] == wav_pcm(clips[0].path)
    silence = pcm[2 * clips[0].frames:2 * (clips[0].frames + gaps[0])]
    assert silence == bytes(len(silence)) and len(silence) == 2 * gaps[0]
    second_start = round(narration.timings[1].start * rate)
    assert pcm[2 * second_start:2 * (second_start + clips[1].frames)] == wav_pcm(clips[1].path)


def test_chunks_are_bounded(clips: list[Clip]) -> None:
    narration = join(SCRIPT, clips)
    chunks = list(narration.chunks(chunk_frames=1000))
    assert max(len(chunk) for chunk in chunks) <= 2000
    assert b"".join(chunks) == narration.pcm()


def test_join_rejects_a_clip_in_another_format(clips: list[Clip], tmp_path: Path) -> None:
    stereo = tmp_path / "stereo.wav"
    subprocess.run(["sox", str(clips[1].path), "-c", "2", str(stereo)], check=True)
    with pytest.raises(OutputError, match="not 16-bit mono 22050 Hz"):
        join(SCRIPT, [clips[0], Clip(1, "stereo", stereo, 22050, clips[1].frames)])


def test_join_of_nothing_is_a_clear_error() -> None:
    with pytest.raises(OutputError, match="no speech"):
        join(SCRIPT, [])


def test_a_clip_gone_before_encoding_is_a_clear_error(clips: list[Clip], tmp_path: Path) -> None:
    copy = tmp_path / "copy.wav"
    copy.write_bytes(clips[1].path.read_bytes())
    narration = join(SCRIPT, [clips[0], Clip(1, "copy", copy, 22050, clips[1].frames)])
    copy.unlink()
    with pytest.raises(OutputError, match="copy.wav"):
        narration.pcm()


def test_mp3_decodes_to_the_same_length(clips: list[Clip], tmp_path: Path) -> None:
    narration = join(SCRIPT, clips)
    mp3 = encode_mp3(narration.pcm(), narration.sample_rate)
    decoded, errors = decode(mp3, tmp_path)
    assert errors == ""
    # lame adds an encoder delay and pads the last frame: well under a tenth of a second
    assert 0 <= len(decoded) / 2 / 22050 - narration.duration < 0.1
    expected_bytes = narration.duration * 64000 / 8
    assert abs(len(mp3) - expected_bytes) / expected_bytes < 0.03  # constant 64 kbps


def test_streamed_encoding_equals_whole_encoding(clips: list[Clip]) -> None:
    narration = join(SCRIPT, clips)
    streamed = b"".join(iter_mp3(narration.chunks(chunk_frames=777), narration.sample_rate, bitrate=32))
    assert streamed == encode_mp3(narration.pcm(), narration.sample_rate, bitrate=32)


def test_encoding_as_the_clips_come_equals_joining_then_encoding(clips: list[Clip]) -> None:
    sink = io.BytesIO()
    narration = encode_as_they_come(SCRIPT, iter(clips), sink, bitrate=32)
    joined = join(SCRIPT, clips)
    assert narration.timings == joined.timings and narration.frames == joined.frames
    assert narration.paragraph_starts == joined.paragraph_starts
    assert sink.getvalue() == encode_mp3(joined.pcm(), joined.sample_rate, bitrate=32)


def test_each_clip_is_encoded_before_the_next_is_asked_for(clips: list[Clip], tmp_path: Path) -> None:
    """What lets encoding overlap synthesis: a clip is read as soon as it comes, not after the last one."""
    copies = []
    for clip in clips:
        copy = tmp_path / clip.path.name
        copy.write_bytes(clip.path.read_bytes())
        copies.append(Clip(clip.segment, clip.key, copy, clip.sample_rate, clip.frames))

    def arriving() -> Iterator[Clip]:
        for clip in copies:
            yield clip
            clip.path.unlink()  # gone once the next clip is asked for

    sink = io.BytesIO()
    encode_as_they_come(SCRIPT, arriving(), sink)
    assert sink.getvalue() == encode_mp3(join(SCRIPT, clips).pcm(), 22050)
    with pytest.raises(OutputError, match="no speech"):
        encode_as_they_come(SCRIPT, [], io.BytesIO())


def test_impossible_bitrate_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="65 kbps"):
        encode_mp3(bytes(4410), 22050, bitrate=65)


def test_the_pauses_set_move_the_others_in_proportion_and_scale_with_the_speed() -> None:
    from audionews.outputs.audio import Pauses

    title, first, second, announcement, quote = SEGMENTS
    slow = Pauses(sentence=0.7, paragraph=1.5)  # each twice the usual
    assert pause_between(first, second, slow) == pytest.approx(0.7)
    assert pause_between(second, announcement, slow) == pytest.approx(1.5)
    assert pause_between(title, first, slow) == pytest.approx(2 * PAUSES["title"])
    assert pause_between(announcement, quote, slow) == pytest.approx(2 * PAUSES["announcement"])
    silent = Pauses(0, 0)
    assert [pause_between(a, b, silent) for a, b in zip(SEGMENTS, SEGMENTS[1:])] == [0, 0, 0, 0]
    fast = Pauses.at_rate(350)  # twice the normal 175 words per minute: every pause halves
    assert [pause_between(a, b, fast) for a, b in zip(SEGMENTS, SEGMENTS[1:])] == pytest.approx(
        [pause_between(a, b) / 2 for a, b in zip(SEGMENTS, SEGMENTS[1:])])
    with pytest.raises(UsageError, match="from 0 to 5 seconds"):
        Pauses(sentence=5.5)


def test_join_lays_out_the_pauses_asked_for(clips: list[Clip]) -> None:
    from audionews.outputs.audio import Pauses

    usual, longer = join(SCRIPT, iter(clips)), join(SCRIPT, iter(clips), Pauses(1.0, 2.0))
    added = [round(pause_between(a, b, Pauses(1.0, 2.0)) * 22050) - round(pause_between(a, b) * 22050)
             for a, b in zip(SEGMENTS, SEGMENTS[1:])]
    assert longer.frames - usual.frames == sum(added)
    for n, (before, after) in enumerate(zip(usual.timings, longer.timings)):
        assert after.start == pytest.approx(before.start + sum(added[:n]) / 22050)
