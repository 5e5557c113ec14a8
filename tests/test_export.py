"""export.py and `audionews export`: tags, chapters, transcript, atomic writes; the sample article end to end.

Clips are real espeak-ng speech; MP3s are checked by decoding them with ffmpeg and reading them with mutagen.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import wave
from pathlib import Path
from typing import Iterator

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from audionews.errors import EngineError, OutputError, UsageError
from audionews.model import Clip, Script, Segment
from audionews.outputs.audio import pause_between
from audionews.outputs.export import PARAGRAPHS_PER_CHAPTER, export_mp3

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "voa-israel-intel.txt"
CLI = [sys.executable, "-m", "audionews"]


def speak(index: int, text: str, folder: Path) -> Clip:
    path = folder / f"clip{index}.wav"
    subprocess.run(["espeak-ng", "-w", str(path), text], check=True)
    with wave.open(str(path), "rb") as reader:
        return Clip(index, path.stem, path, reader.getframerate(), reader.getnframes())


def decoded_seconds(path: Path) -> float:
    """Decode the whole file with ffmpeg (failing on any error message) and return its length."""
    result = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "22050", "-"],
                            capture_output=True, check=True)
    assert result.stderr.decode() == ""
    return len(result.stdout) / 2 / 22050


def expected_seconds(script: Script, clips: list[Clip]) -> float:
    """The clips plus the pauses between them, computed here rather than taken from the narration."""
    segments = [script.segments[c.segment] for c in clips]
    pauses = sum(round(pause_between(a, b) * 22050) for a, b in zip(segments, segments[1:]))
    return (sum(c.frames for c in clips) + pauses) / 22050


def assert_square_picture_in_range(data: bytes) -> None:
    """A decodable PNG/JPEG, square, 1400–3000 px: what podcast directories accept as artwork."""
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format in ("PNG", "JPEG")
    assert image.width == image.height and 1400 <= image.width <= 3000


def test_the_date_is_the_day_added_when_the_article_has_none(small: tuple[Script, list[Clip]], tmp_path: Path) -> None:
    script, clips = small
    undated = Script(script.title, script.segments, source=None, language="de")
    destination = tmp_path / "undated.mp3"
    export_mp3(undated, iter(clips), destination, added="2026-11-30T08:00:00+00:00")
    tags = ID3(destination)
    assert str(tags["TDRC"]) == "2026-11-30 08:00:00" and "WOAS" not in tags
    assert tags.getall("COMM")[0].lang == "deu"


def small_script() -> Script:
    texts = [("title", "Rain in the valley", 0, None), ("narration", "It rained for three days.", 1, None),
             ("narration", "The river rose.", 1, None), ("narration", "Schools closed early.", 2, None),
             ("announcement", "The mayor said:", 3, None), ("quote", "We are ready for the flood.", 3, "The mayor"),
             ("narration", "Roads were shut.", 4, None), ("heading", "What happens next", 5, None),
             ("narration", "More rain is expected on Sunday.", 6, None)]
    segments = [Segment(kind, text, paragraph, sentence, speaker, "quote" if kind == "quote" else
                        "announcer" if kind == "announcement" else "narrator")
                for sentence, (kind, text, paragraph, speaker) in enumerate(texts)]
    return Script("Rain in the valley", segments, byline="Jane Doe", source="https://www.example.org/news/rain",
                  language="en", published="2024-03-05T14:30:00+01:00")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Script, list[Clip]]:
    script = small_script()
    folder = tmp_path_factory.mktemp("clips")
    return script, [speak(i, s.text, folder) for i, s in enumerate(script.segments)]


def test_tags_chapters_and_transcript(small: tuple[Script, list[Clip]], tmp_path: Path) -> None:
    script, clips = small
    destination = tmp_path / "rain.mp3"
    result = export_mp3(script, iter(clips), destination)
    assert result.path == destination and result.size == destination.stat().st_size
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]

    seconds = decoded_seconds(destination)
    assert seconds == pytest.approx(expected_seconds(script, clips), rel=0.02)
    assert result.duration == pytest.approx(expected_seconds(script, clips), abs=0.001)

    tags = ID3(destination)
    assert tags.version[:2] == (2, 4)
    assert str(tags["TIT2"]) == "Rain in the valley"
    assert str(tags["TPE1"]) == "Jane Doe"
    assert str(tags["TALB"]) == "example.org"
    assert str(tags["TDRC"]) == "2024-03-05 13:30:00"  # UTC
    assert tags["WOAS"].url == "https://www.example.org/news/rain"
    assert tags.getall("WXXX")[0].url == "https://www.example.org/news/rain"
    assert int(str(tags["TLEN"])) == round(result.duration * 1000)
    assert str(tags["TCON"]) == "Podcast"
    comment = tags.getall("COMM")[0]
    assert comment.lang == "eng" and str(comment) == ("It rained for three days. The river rose. Schools closed early. "
                                                      "We are ready for the flood. Roads were shut. "
                                                      "More rain is expected on Sunday.")
    (cover,) = tags.getall("APIC")
    assert cover.type == 3 and cover.mime == "image/png"  # the front cover
    assert_square_picture_in_range(cover.data)

    transcript = tags.getall("USLT")[0].text
    assert transcript.startswith("Rain in the valley\n\nIt rained for three days. The river rose.\n\n")
    assert "The mayor said: We are ready for the flood." in transcript

    synced = tags.getall("SYLT")[0]
    assert synced.format == 2  # milliseconds
    assert [text for text, _ in synced.text] == [s.text for s in script.segments]  # one sentence per segment here
    assert [ms for _, ms in synced.text] == [round(t.start * 1000) for t in result.timings]

    toc = tags.getall("CTOC")[0]
    chapters = sorted(tags.getall("CHAP"), key=lambda chap: chap.start_time)
    assert toc.child_element_ids == [chap.element_id for chap in chapters]
    titles = [str(chap.sub_frames["TIT2"]) for chap in chapters]
    # the title and three paragraphs, then the rest up to the heading, then the heading's part
    assert titles == ["Rain in the valley", "Roads were shut.", "What happens next"]
    assert PARAGRAPHS_PER_CHAPTER == 3
    starts = [chap.start_time for chap in chapters]
    assert starts[0] == 0 and starts == sorted(set(starts))
    assert all(chap.end_time <= seconds * 1000 for chap in chapters)
    assert [chap.start_time for chap in chapters[1:]] == [chap.end_time for chap in chapters[:-1]]
    assert MP3(destination).info.sample_rate == 22050 and MP3(destination).info.channels == 1


def test_chapter_titles_are_first_words(tmp_path: Path) -> None:
    long = "Officials from seven countries met on Tuesday to discuss the flood plan in detail."
    segments = [Segment("title", "Floods", 0, 0)] + [Segment("narration", long, p, p) for p in range(1, 6)]
    script = Script("Floods", segments)
    clips = [speak(i, s.text[:12], tmp_path) for i, s in enumerate(segments)]
    result = export_mp3(script, clips, tmp_path / "floods.mp3")
    assert [c.title for c in result.chapters] == ["Floods", "Officials from seven countries met on Tuesday…"]
    assert str(ID3(tmp_path / "floods.mp3")["TPE1"]) == "audionews"  # no byline, no site


def test_stream_output_is_the_same_file(small: tuple[Script, list[Clip]], tmp_path: Path) -> None:
    script, clips = small
    stream = io.BytesIO()
    result = export_mp3(script, clips, stream)
    assert result.path is None and result.size == len(stream.getvalue())
    export_mp3(script, clips, tmp_path / "same.mp3")
    assert stream.getvalue() == (tmp_path / "same.mp3").read_bytes()
    with pytest.raises(UsageError):
        export_mp3(script, clips, io.BytesIO(), companions=True)


def test_companion_files(small: tuple[Script, list[Clip]], tmp_path: Path) -> None:
    script, clips = small
    result = export_mp3(script, clips, tmp_path / "rain.mp3", companions=True)
    chapters = json.loads((tmp_path / "rain.chapters.json").read_text())
    assert chapters["version"] == "1.2.0"
    assert [c["title"] for c in chapters["chapters"]] == [c.title for c in result.chapters]
    assert [c["startTime"] for c in chapters["chapters"]] == [round(c.start, 3) for c in result.chapters]
    vtt = (tmp_path / "rain.vtt").read_text()
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.")
    assert vtt.count(" --> ") == len(script.segments)
    assert (tmp_path / "rain.txt").read_text() == ID3(tmp_path / "rain.mp3").getall("USLT")[0].text
    assert set(result.companions) == {"chapters", "vtt", "json", "text", "cover"}
    assert (tmp_path / "rain.png").read_bytes() == ID3(tmp_path / "rain.mp3").getall("APIC")[0].data


def test_a_failed_export_leaves_the_old_file_alone(small: tuple[Script, list[Clip]], tmp_path: Path) -> None:
    script, clips = small
    destination = tmp_path / "rain.mp3"
    destination.write_bytes(b"the previous episode")
    doomed = tmp_path / "doomed.wav"
    doomed.write_bytes(clips[-1].path.read_bytes())
    broken = clips[:-1] + [Clip(clips[-1].segment, "doomed", doomed, 22050, clips[-1].frames)]

    def vanishing() -> Iterator[Clip]:
        yield from broken[:-1]
        doomed.unlink()  # the last clip is gone by the time it arrives
        yield broken[-1]

    def failing() -> Iterator[Clip]:
        yield from clips[:3]  # encoded already when synthesis fails
        raise EngineError("espeak-ng crashed")

    with pytest.raises(OutputError, match="doomed.wav"):
        export_mp3(script, vanishing(), destination)
    with pytest.raises(EngineError, match="crashed"):
        export_mp3(script, failing(), destination, companions=True)
    assert destination.read_bytes() == b"the previous episode"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rain.mp3"]


def test_clips_are_encoded_while_later_ones_are_made(small: tuple[Script, list[Clip]], tmp_path: Path) -> None:
    """Each clip is read as it arrives, so its file may be gone by the time the next one is made."""
    script, clips = small
    whole = export_mp3(script, clips, tmp_path / "whole.mp3")

    def arriving() -> Iterator[Clip]:
        for clip in clips:
            copy = tmp_path / "arriving.wav"
            copy.write_bytes(clip.path.read_bytes())
            yield Clip(clip.segment, clip.key, copy, clip.sample_rate, clip.frames)
            copy.unlink()

    result = export_mp3(script, arriving(), tmp_path / "arriving.mp3")
    assert (tmp_path / "arriving.mp3").read_bytes() == (tmp_path / "whole.mp3").read_bytes()
    assert result.timings == whole.timings and result.chapters == whole.chapters


@pytest.mark.parametrize("where", ["missing/out.mp3", "plain-file/out.mp3", "."])
def test_unwritable_destination(small: tuple[Script, list[Clip]], tmp_path: Path, where: str) -> None:
    script, clips = small
    (tmp_path / "plain-file").write_text("not a folder")
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(OutputError, match="folder"):
        export_mp3(script, clips, tmp_path / where)
    assert sorted(tmp_path.rglob("*")) == before


# --- the sample article, through the real pipeline (extract → script → espeak-ng synthesis → export) ---

@pytest.fixture()
def cache_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("AUDIONEWS_CACHE_DIR", str(tmp_path / "cache"))
    return {**os.environ, "AUDIONEWS_CACHE_DIR": str(tmp_path / "cache")}


def sample_script() -> Script:
    from audionews.script import build_script
    from audionews.text.extract import extract_article

    return build_script(extract_article(SAMPLE.read_text(encoding="utf-8")))


def test_sample_article_exports_and_the_second_time_synthesizes_nothing(cache_env: dict[str, str],
                                                                         tmp_path: Path) -> None:
    from audionews.config import Settings
    from audionews.speech.synth import SynthOptions, Synthesizer

    script = sample_script()
    options = SynthOptions(engine="espeak")
    with Synthesizer(options, Settings.from_env()) as synthesizer:
        clips = list(synthesizer.clips(script))
        result = export_mp3(script, clips, tmp_path / "sample.mp3")
        assert synthesizer.stats.synthesized > 0
    seconds = decoded_seconds(tmp_path / "sample.mp3")
    assert seconds == pytest.approx(expected_seconds(script, clips), rel=0.02)

    tags = ID3(tmp_path / "sample.mp3")
    assert str(tags["TIT2"]) == script.title
    starts = [tags[f"CHAP:{element}"].start_time for element in tags.getall("CTOC")[0].child_element_ids]
    assert len(starts) >= 2 and starts == sorted(set(starts)) and starts[-1] < seconds * 1000
    assert tags.getall("USLT")[0].text.startswith(script.title)
    assert len(result.chapters) == len(starts)

    with Synthesizer(options, Settings.from_env()) as synthesizer:
        again = export_mp3(script, synthesizer.clips(script), tmp_path / "again.mp3")
        assert synthesizer.stats.synthesized == 0
        assert synthesizer.stats.cached == len(script.segments)
    assert (tmp_path / "again.mp3").read_bytes() == (tmp_path / "sample.mp3").read_bytes()
    assert again.size == result.size


def test_cli_export_to_a_file_and_to_stdout(cache_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "voa.mp3"
    run = subprocess.run([*CLI, "export", str(SAMPLE), "-o", str(out), "--engine", "espeak", "--bitrate", "32",
                          "--companions"], capture_output=True, text=True, env=cache_env, timeout=240)
    assert run.returncode == 0, run.stderr
    assert str(out) in run.stdout
    assert MP3(out).info.bitrate == 32000
    assert (tmp_path / "voa.chapters.json").is_file() and (tmp_path / "voa.vtt").is_file()

    piped = subprocess.run([*CLI, "export", str(SAMPLE), "-o", "-", "--engine", "espeak", "--bitrate", "32"],
                           capture_output=True, env=cache_env, timeout=240)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == out.read_bytes()


def test_cli_unwritable_output(cache_env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "voa.mp3"
    run = subprocess.run([*CLI, "export", str(SAMPLE), "-o", str(target), "--engine", "espeak"],
                         capture_output=True, text=True, env=cache_env, timeout=240)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("audionews: ") and "does not exist" in lines[0]
    assert "Traceback" not in run.stderr
    assert not target.parent.exists()


def test_cli_bad_bitrate_is_a_usage_error(cache_env: dict[str, str], tmp_path: Path) -> None:
    run = subprocess.run([*CLI, "export", str(SAMPLE), "-o", str(tmp_path / "x.mp3"), "--engine", "espeak",
                          "--bitrate", "65"], capture_output=True, text=True, env=cache_env, timeout=240)
    assert run.returncode == 2 and "65 kbps" in run.stderr
    assert not (tmp_path / "x.mp3").exists()


# --- output paths that are not regular files, stale temporary parts, the WAV suffix ------------------

def _special_targets(tmp_path: Path) -> dict[str, Path]:
    import socket as sockets

    fifo = tmp_path / "pipe.mp3"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.mp3"
    folder.mkdir()
    sock = tmp_path / "sock.mp3"
    listener = sockets.socket(sockets.AF_UNIX)
    listener.bind(str(sock))
    listener.close()  # the socket file stays
    return {"fifo": fifo, "folder": folder, "socket": sock}


def _kinds(paths: dict[str, Path]) -> dict[str, int]:
    import stat

    return {name: stat.S_IFMT(os.lstat(path).st_mode) for name, path in paths.items()}


def test_a_fifo_socket_or_folder_target_is_refused_and_left_as_it_is(small: tuple[Script, list[Clip]],
                                                                    tmp_path: Path) -> None:
    script, clips = small
    targets = _special_targets(tmp_path)
    before = _kinds(targets)
    for name, target in targets.items():
        with pytest.raises(OutputError, match="folder" if name == "folder" else "not a regular file") as refused:
            export_mp3(script, clips, target)
        assert "\n" not in str(refused.value)
    assert _kinds(targets) == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_device_target_is_refused_and_stays_a_device(small: tuple[Script, list[Clip]]) -> None:
    import stat

    from audionews.outputs.export import atomic_file, write_atomically

    script, clips = small
    with pytest.raises(OutputError, match="not a regular file"):
        export_mp3(script, clips, Path("/dev/null"))
    with pytest.raises(OutputError, match="not a regular file"):
        write_atomically(Path("/dev/null"), b"data")
    with pytest.raises(OutputError, match="not a regular file"):
        with atomic_file(Path("/dev/null")):
            pytest.fail("the block must not run for a device")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not list(Path("/dev").glob(".null.*.part"))


def test_a_target_replaced_by_a_fifo_during_the_write_is_not_renamed_over(tmp_path: Path) -> None:
    import stat

    from audionews.outputs.export import atomic_file

    target = tmp_path / "episode.mp3"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match="not a regular file"):
        with atomic_file(target) as stream:
            stream.write(b"new")
            target.unlink()
            os.mkfifo(target)  # swapped in after the early check
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["episode.mp3"]


KILLED_WRITER = """
import sys, time
from pathlib import Path
from audionews.outputs.export import atomic_file

with atomic_file(Path(sys.argv[1])) as stream:
    stream.write(b"half an episode")
    stream.flush()
    print("writing", flush=True)
    time.sleep(120)
"""


def test_stale_parts_of_a_killed_writer_are_removed_by_the_next_write(tmp_path: Path) -> None:
    import signal
    import threading

    from audionews.outputs.export import atomic_file, write_atomically

    target = tmp_path / "episode.mp3"
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)
    (stale,) = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert stale.name.startswith(".episode.mp3.")
    other = tmp_path / ".other.mp3.0badf00d.part"  # another target's: not this write's business
    other.write_bytes(b"x")

    live_started, release = threading.Event(), threading.Event()

    def live_writer() -> None:  # a writer of the same target still at work: its part must survive
        with atomic_file(target) as stream:
            stream.write(b"the live one")
            live_started.set()
            release.wait(30)

    thread = threading.Thread(target=live_writer)
    thread.start()
    assert live_started.wait(30)
    write_atomically(target, b"the next write")
    parts = sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part"))
    assert stale.name not in parts and other.name in parts and len(parts) == 2  # the live one and the other's
    release.set()
    thread.join(30)
    assert target.read_bytes() == b"the live one"
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "episode.mp3"]


SHORT_ARTICLE = """Rain Returns to the Valley

It rained for three days in the valley. The river rose by two metres.

Schools closed early on Friday, and the roads were shut.
"""


def test_cli_export_to_wav_writes_wav_and_other_suffixes_are_refused(cache_env: dict[str, str],
                                                                       tmp_path: Path) -> None:
    article = tmp_path / "rain.txt"
    article.write_text(SHORT_ARTICLE)
    out = tmp_path / "rain.wav"
    run = subprocess.run([*CLI, "export", str(article), "-o", str(out), "--engine", "espeak", "--companions"],
                         capture_output=True, text=True, env=cache_env, timeout=240)
    assert run.returncode == 0, run.stderr
    with wave.open(str(out)) as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, 22050)
        assert reader.getnframes() > 3 * 22050
    assert json.loads((tmp_path / "rain.chapters.json").read_text())["chapters"]
    assert (tmp_path / "rain.vtt").read_text().startswith("WEBVTT")

    refused = subprocess.run([*CLI, "export", str(article), "-o", str(tmp_path / "rain.ogg"), "--engine", "espeak"],
                             capture_output=True, text=True, env=cache_env, timeout=240)
    assert refused.returncode == 2 and ".mp3, .m4b, .wav, .epub" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "rain.ogg").exists()


def test_cli_export_to_a_fifo_is_one_line_and_the_fifo_stays(cache_env: dict[str, str], tmp_path: Path) -> None:
    import stat

    article = tmp_path / "rain.txt"
    article.write_text(SHORT_ARTICLE)
    fifo = tmp_path / "out.mp3"
    os.mkfifo(fifo)
    run = subprocess.run([*CLI, "export", str(article), "-o", str(fifo), "--engine", "espeak"],
                         capture_output=True, text=True, env=cache_env, timeout=240)
    assert run.returncode == 1
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith("audionews: ") and "not a regular file" in line
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_chapter_frames_are_written_in_start_order(tmp_path: Path) -> None:
    """Players that read CHAP frames in file order (ffmpeg among them) list them as written: in start order."""
    titles = ["Background and the long history of the dispute", "Talks", "What the minister said on Monday",
              "Reaction", "Markets", "The view from the capital city", "Opposition", "A second round of talks",
              "Law", "Money and who pays for the new plan", "Next", "Timeline of events so far"]
    segments = [Segment("title", "Talks resume", 0, 0)]
    for number, title in enumerate(titles):
        segments += [Segment("heading", title, 2 * number + 1, 2 * number + 1),
                     Segment("narration", "It went on.", 2 * number + 2, 2 * number + 2)]
    script = Script("Talks resume", segments)
    clips = [speak(i, s.text.split()[0], tmp_path) for i, s in enumerate(segments)]
    result = export_mp3(script, clips, tmp_path / "talks.mp3")
    assert len(result.chapters) == len(titles) > 10  # chp10 sorts before chp2 as text
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(tmp_path / "talks.mp3")],
                           capture_output=True, text=True, check=True)
    chapters = json.loads(probe.stdout)["chapters"]
    assert [c["tags"]["title"] for c in chapters] == [c.title for c in result.chapters]
    starts = [float(c["start_time"]) for c in chapters]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_webvtt_names_quoted_speakers_in_voice_spans_and_marks_captions(tmp_path: Path) -> None:
    """Read back by a WebVTT parser: each quote is a cue in a voice span naming its speaker; captions are marked."""
    import webvtt

    segments = [Segment("title", "Barrier opens", 0, 0),
                Segment("caption", "The barrier at dawn. Photo: A & B <staff>", 1, 1),
                Segment("narration", "The mayor spoke first.", 2, 2),
                Segment("announcement", "Ruiz:", 3, 3, "Ana Ruiz", "announcer"),
                Segment("quote", '"We are ready --> and safe,"', 3, 3, "Ana Ruiz", "quote"),
                Segment("narration", "she said, and", 3, 3),
                Segment("quote", '"so are you."', 3, 3, "Ana Ruiz", "quote"),
                Segment("quote", '"It leaks," said', 4, 4, "Tom O'Neil", "quote"),
                Segment("narration", "a resident.", 4, 4)]
    script = Script("Barrier opens", segments)
    clips = [speak(i, s.text.split()[0], tmp_path) for i, s in enumerate(segments)]
    result = export_mp3(script, clips, tmp_path / "barrier.mp3", companions=True)
    cues = webvtt.read(str(tmp_path / "barrier.vtt"))
    spoken = [(cue.voice, cue.raw_text) for cue in cues]
    assert spoken == [
        (None, "Barrier opens"),
        (None, "<c.caption>The barrier at dawn. Photo: A &amp; B &lt;staff&gt;</c>"),
        (None, "The mayor spoke first."),
        (None, "Ruiz:"),
        ("Ana Ruiz", '<v Ana Ruiz>"We are ready --&gt; and safe,"</v>'),
        (None, "she said, and"),
        ("Ana Ruiz", '<v Ana Ruiz>"so are you."</v>'),
        ("Tom O'Neil", '<v Tom O\'Neil>"It leaks," said</v>'),
        (None, "a resident."),
    ]
    hours_minutes_seconds = [[float(part) for part in cue.start.split(":")] for cue in cues]
    assert [h * 3600 + m * 60 + s for h, m, s in hours_minutes_seconds] == pytest.approx(
        [timing.start for timing in result.timings], abs=0.001)
