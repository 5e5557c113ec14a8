"""Terminal narration: speak a script sentence by sentence, print each line as it is spoken, obey keys.

Audio goes to a system player that reads raw PCM on its standard input (paplay, aplay, ffplay) or
to PortAudio through the sounddevice package where it is installed, written at the pace it is heard, a tenth of a second at a time: so pause, skip and quit act at once,
and no sentence waits for the whole article (clips come from `Synthesizer.clips`, made ahead).
Lines are plain text, one per sentence or announcement, with no cursor tricks, for screen readers
and braille displays.
"""
from __future__ import annotations

import os
import queue
import select
import shutil
import subprocess
import sys
import termios
import threading
import time
import tty
import wave
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator, TextIO

from audionews.errors import OutputError, UsageError
from audionews.model import Clip, Script
from audionews.outputs.audio import DEFAULT_PAUSES, NORMAL_RATE, Pauses, join, pause_between
from audionews.outputs.export import atomic_file, check_writable, export_mp3
from audionews.speech.engines.base import COMMON_SAMPLE_RATE
from audionews.speech.synth import Synthesizer

PLAYERS: dict[str, list[str]] = {
    "paplay": ["paplay", "--raw", "--format=s16le", "--rate={rate}", "--channels=1"],
    "aplay": ["aplay", "-q", "-t", "raw", "-f", "S16_LE", "-r", "{rate}", "-c", "1"],
    "ffplay": ["ffplay", "-nodisp", "-autoexit", "-loglevel", "error", "-probesize", "32", "-analyzeduration", "0",
               "-f", "s16le", "-ar", "{rate}",
               "-ch_layout", "mono", "-i", "-"],
}
CHUNK_SECONDS = 0.1  # audio written at a time: how quickly a key takes effect
AHEAD_SECONDS = 0.3  # how far writing may run ahead of what is heard
# How long each player takes, at most, to quit when it cannot open the audio device.
CHECK_SECONDS = {"paplay": 0.5, "aplay": 0.3, "ffplay": 1.5}
RATE_STEP = 25  # words per minute per press of + or -
QUIT = -1  # the "segment" a quit jumps to
NEXT_ARTICLE, PREVIOUS_ARTICLE = -2, -3  # … and ] or [ when several articles are read one after another
KEYS_HELP = ("Keys: space pause or resume, n next sentence, p previous sentence, "
             "N next paragraph, P previous paragraph, + faster, - slower, q quit, ? these keys.")
ARTICLE_KEYS_HELP = "Between articles: ] next article, [ previous article."
NO_DEVICE = ("No audio device is available{detail}; save the narration instead with "
             "`audionews export SOURCE -o FILE.mp3` or `audionews read SOURCE --output FILE.wav`.")


class AudioSink:
    """Somewhere to send 16-bit mono PCM, written at the pace it is heard."""

    name: str

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self._clock = time.monotonic()
        self._written = 0.0  # seconds of audio handed over since the clock was last reset

    def check(self) -> None:
        """Make sure the device opened: raise OutputError with the reason if not."""

    def write(self, pcm: bytes) -> None:
        """Send PCM, waiting so that writing stays at most AHEAD_SECONDS ahead of playback."""
        ahead = self._written - (time.monotonic() - self._clock)
        if ahead < 0:  # the output ran dry (a pause, a slow clip): start counting afresh
            self._clock, self._written, ahead = time.monotonic(), 0.0, 0.0
        if ahead > AHEAD_SECONDS:
            time.sleep(ahead - AHEAD_SECONDS)
        self._send(pcm)
        self._written += len(pcm) / 2 / self.sample_rate

    def _send(self, pcm: bytes) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Let what was sent finish (briefly), then release the device."""


class PlayerSink(AudioSink):
    """A system player (paplay, aplay, ffplay) reading raw PCM on its standard input."""

    def __init__(self, name: str, sample_rate: int) -> None:
        super().__init__(sample_rate)
        self.name = name
        command = [part.format(rate=sample_rate) for part in PLAYERS[name]]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE, start_new_session=True)

    def check(self) -> None:
        """Hand over a moment of silence and make sure the player keeps running (it opens the device)."""
        self.write(bytes(int(self.sample_rate * CHUNK_SECONDS) * 2))
        deadline = time.monotonic() + CHECK_SECONDS[self.name]
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise OutputError(self._complaint())
            time.sleep(0.02)

    def _complaint(self) -> str:
        """The player's own words for why it stopped (its most telling stderr line)."""
        lines = (self._process.stderr.read().decode(errors="replace") if self._process.stderr else "").splitlines()
        line = ([line for line in lines if "open" in line.lower()] or lines or ["stopped"])[-1].strip()
        return line if line.startswith(f"{self.name}:") else f"{self.name}: {line}"

    def _send(self, pcm: bytes) -> None:
        try:
            assert self._process.stdin is not None
            self._process.stdin.write(pcm)
            self._process.stdin.flush()
        except OSError:
            raise OutputError(NO_DEVICE.format(detail=f" ({self._complaint()})")) from None

    def close(self) -> None:
        if self._process.stdin:
            try:
                self._process.stdin.close()
            except OSError:
                pass
        try:
            self._process.wait(timeout=AHEAD_SECONDS + 1)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stderr:
            self._process.stderr.close()


class SoundDeviceSink(AudioSink):
    """PortAudio's default output through the sounddevice package."""

    name = "sounddevice"

    def __init__(self, sample_rate: int) -> None:
        super().__init__(sample_rate)
        import sounddevice

        self._error = sounddevice.PortAudioError
        try:
            self._stream = sounddevice.RawOutputStream(samplerate=sample_rate, channels=1, dtype="int16")
            self._stream.start()
        except self._error as error:
            raise OutputError(f"sounddevice: {error}") from None

    def _send(self, pcm: bytes) -> None:
        try:
            self._stream.write(pcm)
        except self._error as error:
            raise OutputError(NO_DEVICE.format(detail=f" (sounddevice: {error})")) from None

    def close(self) -> None:
        try:
            self._stream.stop()
        finally:
            self._stream.close()


def _sounddevice_installed() -> bool:
    try:
        import sounddevice  # noqa: F401 - only asking whether it imports (it needs PortAudio)
    except (ImportError, OSError):
        return False
    return True


def open_sink(player: str, sample_rate: int) -> AudioSink:
    """The named player, or with "auto" the first installed one that can reach an audio device."""
    if player != "auto" and player not in (*PLAYERS, "sounddevice"):
        raise UsageError(f"Unknown player {player!r}; choose auto, {', '.join(PLAYERS)} or sounddevice.")
    installed = [name for name in ("paplay", "aplay") if shutil.which(name)]
    installed += ["sounddevice"] if _sounddevice_installed() else []
    installed += ["ffplay"] if shutil.which("ffplay") else []  # last: the slowest to tell it has no device
    names = [player] if player != "auto" else installed
    if not names:
        raise OutputError(NO_DEVICE.format(detail=" (no audio player is installed: paplay, aplay, ffplay or sounddevice)"))
    failures = []
    for name in names:
        if name not in installed:
            raise OutputError(NO_DEVICE.format(detail=f" ({name} is not installed)"))
        try:
            sink = SoundDeviceSink(sample_rate) if name == "sounddevice" else PlayerSink(name, sample_rate)
        except OutputError as error:
            failures.append(str(error))
            continue
        try:
            sink.check()
            return sink
        except OutputError as error:
            sink.close()
            failures.append(str(error))
    raise OutputError(NO_DEVICE.format(detail=f" ({'; '.join(failures)})"))


@contextmanager
def single_keys(stream: TextIO) -> Iterator[queue.Queue[str]]:
    """Keys pressed on a terminal, one at a time, without Enter; the terminal is restored on any exit.

    Ctrl-C still interrupts (the terminal keeps its signal keys).
    """
    keys: queue.Queue[str] = queue.Queue()
    descriptor = stream.fileno()
    saved = termios.tcgetattr(descriptor)
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            ready, _, _ = select.select([descriptor], [], [], 0.1)
            if ready:
                data = os.read(descriptor, 32)
                if not data:
                    return
                for key in data.decode(errors="ignore"):
                    keys.put(key)

    tty.setcbreak(descriptor)
    reader = threading.Thread(target=read, name="audionews-keys", daemon=True)
    reader.start()
    try:
        yield keys
    finally:
        stop.set()
        reader.join(timeout=1)
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)


@dataclass
class Position:
    """Where the narration is (a segment index), and where a sentence or paragraph step leads."""

    script: Script
    segment: int

    def _starts(self, field: str) -> list[int]:
        """The first segment of each sentence (field "sentence") or paragraph ("paragraph")."""
        values = [getattr(segment, field) for segment in self.script.segments]
        return [i for i, value in enumerate(values) if i == 0 or value != values[i - 1]]

    def start_of(self, field: str) -> int:
        """The first segment of the current sentence or paragraph."""
        return max(i for i in self._starts(field) if i <= self.segment)

    def step(self, field: str, step: int) -> int:
        """The first segment of the sentence or paragraph `step` away (past the end: len(segments))."""
        starts = self._starts(field)
        target = starts.index(self.start_of(field)) + step
        return starts[max(target, 0)] if target < len(starts) else len(self.script.segments)


def start_segment(script: Script, sentence: int | None) -> int:
    """The first segment of sentence number `sentence` as people count: from 1, the title not counted (so
    it is `Segment.sentence`, whose title is 0); None is the start, the title."""
    if sentence is None:
        return 0
    last = script.segments[-1].sentence if script.segments else 0
    if not 1 <= sentence <= last:
        raise UsageError(f"--from must be a sentence number from 1 to {last} (the title not counted), not {sentence}.")
    return next(i for i, s in enumerate(script.segments) if s.sentence == sentence)


def sentence_line(script: Script, index: int) -> str | None:
    """What to print when segment `index` starts: an announcement, or its whole sentence once, after the
    number `--from` takes to start there ("12. …"; the title has none)."""
    segment = script.segments[index]
    if segment.kind == "announcement":
        return segment.text
    earlier = script.segments[index - 1] if index else None
    if earlier is not None and earlier.sentence == segment.sentence and earlier.kind != "announcement":
        return None
    text = " ".join(s.text for s in script.segments if s.sentence == segment.sentence and s.kind != "announcement")
    return f"{segment.sentence}. {text}" if segment.sentence else text


class Narrator:
    """Plays a script through a sink, printing lines as they are spoken and obeying keys."""

    def __init__(self, script: Script, synthesizer_for: Callable[[int], Synthesizer], rate: int,
                 sink: AudioSink, out: TextIO | None, keys: queue.Queue[str] | None, article_keys: bool = False,
                 pauses: Pauses = DEFAULT_PAUSES) -> None:
        self.script = script
        self.pauses = pauses  # at the normal rate: scaled with the rate of the moment
        self.synthesizer_for = synthesizer_for  # words per minute → a Synthesizer at that rate
        self.rate = rate
        self.sink = sink
        self.out = out
        self.keys = keys
        self.article_keys = article_keys  # ] and [ end this article's narration (NEXT_ARTICLE, PREVIOUS_ARTICLE)
        self.paused = False
        self.stopped_at = 0  # the sentence a quit left (0: the title)

    def say(self, line: str) -> None:
        if self.out is not None:
            print(line, file=self.out, flush=True)

    def run(self, first: int) -> int:
        """Narrate from segment `first`; returns how it ended: len(segments) at the end, else QUIT,
        NEXT_ARTICLE or PREVIOUS_ARTICLE."""
        index = first
        while 0 <= index < len(self.script.segments):
            with self.synthesizer_for(self.rate) as synthesizer:
                index = self._play_from(synthesizer, index)
        if index == QUIT and self.stopped_at:
            self.say(f"Stopped at sentence {self.stopped_at}; `--from {self.stopped_at}` resumes there.")
        return index

    def _play_from(self, synthesizer: Synthesizer, first: int) -> int:
        """Play clips from segment `first` until the end, a jump or a rate change; return where to go on."""
        previous = None
        pauses = replace(self.pauses, speed=self.rate / NORMAL_RATE)
        for clip in synthesizer.clips(self.script, start=first):
            if previous is not None:
                jump = self._play_pcm(bytes(round(pause_between(previous, self.script.segments[clip.segment], pauses)
                                                  * clip.sample_rate) * 2), clip.segment)
                if jump is not None:
                    return jump
            if (line := sentence_line(self.script, clip.segment)) is not None:
                self.say(line)
            jump = self._play_clip(clip)
            if jump is not None:
                return jump
            previous = self.script.segments[clip.segment]
        return len(self.script.segments)

    def _play_clip(self, clip: Clip) -> int | None:
        with wave.open(str(clip.path), "rb") as reader:
            while data := reader.readframes(int(clip.sample_rate * CHUNK_SECONDS)):
                if (jump := self._play_pcm(data, clip.segment)) is not None:
                    return jump
        return None

    def _play_pcm(self, pcm: bytes, segment: int) -> int | None:
        """Write PCM unless a key says otherwise; returns the segment to jump to, if any."""
        while (jump := self._obey(segment)) is None and self.paused:
            time.sleep(0.05)
        if jump is not None:
            return jump
        self.sink.write(pcm)
        return None

    def _obey(self, segment: int) -> int | None:
        """Handle waiting keys: a segment to jump to (QUIT to stop), or None to go on."""
        while self.keys is not None and not self.keys.empty():
            key = self.keys.get_nowait()
            position = Position(self.script, segment)
            sentence = self.script.segments[segment].sentence
            if key == "q":
                self.stopped_at = sentence
                return QUIT
            if key == " ":
                self.paused = not self.paused
                self.say(("Paused at the title." if not sentence else f"Paused at sentence {sentence}.")
                         if self.paused else "Resumed.")
            elif key in "npNP":
                self.paused = False
                return position.step("sentence" if key in "np" else "paragraph", 1 if key in "nN" else -1)
            elif key in "+-":
                self.rate = min(max(self.rate + (RATE_STEP if key == "+" else -RATE_STEP), 80), 450)
                self.say(f"Rate {self.rate} words per minute.")
                return position.start_of("sentence")  # the sentence again, at the new rate
            elif key in "][" and self.article_keys:
                self.paused = False
                return NEXT_ARTICLE if key == "]" else PREVIOUS_ARTICLE
            elif key == "?":
                self.say(f"{KEYS_HELP} {ARTICLE_KEYS_HELP}" if self.article_keys else KEYS_HELP)
        return None


def read_aloud(script: Script, synthesizer_for: Callable[[int], Synthesizer], rate: int, first: int,
               player: str, quiet: bool, controls: TextIO | None, pauses: Pauses = DEFAULT_PAUSES) -> None:
    """Speak the script from segment `first` through a system player; keys from `controls` if a terminal.
    `pauses` are as heard at the normal rate, and scale with the rate (which the keys may change)."""
    sink = open_sink(player, sample_rate=COMMON_SAMPLE_RATE)
    out = None if quiet else sys.stdout
    try:
        if controls is not None and controls.isatty():
            with single_keys(controls) as keys:
                if out is not None:
                    print("Press ? for keys, q to quit.", file=out, flush=True)
                Narrator(script, synthesizer_for, rate, sink, out, keys, pauses).run(first)
        else:
            Narrator(script, synthesizer_for, rate, sink, out, None, pauses).run(first)
    finally:
        sink.close()


def write_narration(script: Script, synthesizer: Synthesizer, first: int, path: Path,
                    pauses: Pauses = DEFAULT_PAUSES) -> Path:
    """Write the narration from segment `first` to a .wav or .mp3 file instead of playing it, with `pauses`."""
    suffix = path.suffix.lower()
    if suffix not in {".wav", ".mp3"}:
        raise UsageError(f"--output must end in .wav or .mp3, not {path.name!r}.")
    check_writable(path)
    clips = synthesizer.clips(script, start=first)
    if suffix == ".mp3":
        return export_mp3(script, clips, path, pauses=pauses).path
    narration = join(script, clips, pauses)
    with atomic_file(path) as stream:
        narration.write_wav(stream)
    return path
