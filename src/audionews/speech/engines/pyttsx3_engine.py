"""The pyttsx3 engine (espeak-ng on Linux), run safely in worker processes.

pyttsx3 2.99 on espeak-ng has traps, each handled here:
- the first `runAndWait` of a new process may write no file for longer text: every worker
  warms up with a tiny save first, and a job that still writes no file is retried on a fresh worker;
- `runAndWait` can return before the file is written (seen here on a busy machine, about one text
  in thirty: the file came later): the worker waits for a complete file and an idle engine, and
  each job saves to a new file name, so a late file can never pass for the next text's;
- now and then (about one text in thirty here, from two workers at once) the file holds no audio:
  the worker saves once more;
- several `save_to_file` calls before one `runAndWait` keep only the last file: one call each;
- an empty `runAndWait` re-speaks and overwrites the previous file: text with nothing to say
  never reaches the engine;
- rate and volume set once after a voice change are ignored for about half the texts (measured
  here: 26 of 48 with alternating voices), so they are set after the voice, twice;
- two threads lose files, and a process forked from one that used pyttsx3 hangs: each worker is
  a spawned process serving one job at a time (engines/workers.py), replaced if it crashes or hangs.
Voice ids are the espeak-ng engine's ("en-us", "en-us+f3"), so roles map to voices the same way.
"""
from __future__ import annotations

import os
import struct
import tempfile
import time
import wave
from pathlib import Path
from typing import ClassVar

from audionews.errors import EngineError
from audionews.model import VoiceRole
from audionews.speech.engines.base import Audio, SpeechRequest, Voice
from audionews.speech.engines.espeak import MAX_RATE, MIN_RATE, EspeakEngine, espeak_version, voice_file
from audionews.speech.engines.wav import chunk_text, join, resample
from audionews.speech.engines.workers import WorkerPool

CHUNK_CHARS = 2000
WARM_UP_TEXT = "a"
FILE_WAIT = 5.0  # seconds a worker waits for pyttsx3's file after runAndWait (more for longer text)


def _complete(path: Path) -> bool:
    """Whether a WAV file is there and as long as its header says (pyttsx3 writes a plain 44-byte header)."""
    try:
        with open(path, "rb") as file:
            header = file.read(44)
            size = os.fstat(file.fileno()).st_size
    except OSError:
        return False
    return len(header) == 44 and header[:4] == b"RIFF" and size == 44 + struct.unpack_from("<I", header, 40)[0]


class _Speaker:
    """Lives in a worker process: one pyttsx3 engine, warmed up, saving one file per job."""

    def __init__(self) -> None:
        import pyttsx3

        self.engine = pyttsx3.init()
        self.folder = Path(tempfile.mkdtemp(prefix="audionews-pyttsx3-"))
        self.saved = 0
        self.save(WARM_UP_TEXT)

    def save(self, text: str) -> Audio:
        """The text's audio; an empty file (which pyttsx3 writes now and then) is tried once more."""
        for _ in range(2):
            audio = self._save_once(text)
            if audio.pcm:
                return audio
        raise RuntimeError("pyttsx3 wrote an empty audio file twice")

    def _save_once(self, text: str) -> Audio:
        self.saved += 1
        path = self.folder / f"clip-{self.saved}.wav"  # a late write of an earlier job can never pass for this one
        self.engine.save_to_file(text, str(path))  # exactly one save_to_file per runAndWait
        self.engine.runAndWait()
        deadline = time.monotonic() + FILE_WAIT + len(text) / 50
        while not _complete(path) or self.engine.isBusy():  # runAndWait may return before the file is written
            if time.monotonic() > deadline:
                raise RuntimeError("pyttsx3 wrote no audio file")
            time.sleep(0.002)
        try:
            with wave.open(str(path)) as wav:
                if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                    raise RuntimeError(f"pyttsx3 wrote {wav.getnchannels()}-channel {8 * wav.getsampwidth()}-bit audio")
                return Audio(pcm=wav.readframes(wav.getnframes()), sample_rate=wav.getframerate())
        finally:
            path.unlink(missing_ok=True)

    def __call__(self, job: tuple[str, str, int, float]) -> tuple[bytes, int]:
        text, voice, rate, volume = job
        self.engine.setProperty("voice", voice)  # first: a voice change resets rate and volume
        for _ in range(2):  # set once, they are ignored for about half the texts after a voice change
            self.engine.setProperty("rate", rate)
            self.engine.setProperty("volume", volume)
        audio = self.save(text)
        return audio.pcm, audio.sample_rate


class Pyttsx3Engine:
    name: ClassVar[str] = "pyttsx3"

    def __init__(self, workers: int | None = None, timeout: float = 15.0) -> None:
        """`timeout`: seconds a worker may take for a short text (longer texts get more) before it is replaced."""
        try:
            import pyttsx3
        except ImportError:
            raise EngineError("The pyttsx3 package is not installed; run `pip install pyttsx3`.") from None
        self._version = getattr(pyttsx3, "__version__", "unknown")
        self._voices = EspeakEngine()
        self.timeout = timeout
        self.pool = WorkerPool(f"{__name__}:_Speaker", workers, name="pyttsx3")

    def identity(self) -> str:
        return f"pyttsx3 {self._version} espeak-ng {espeak_version()}"

    def voices(self) -> list[Voice]:
        return [Voice(id=v.id, name=v.name, language=v.language, engine=self.name, gender=v.gender)
                for v in self._voices.voices()]

    def voice_for(self, language: str, role: VoiceRole = "narrator", speaker: str | None = None,
                  base: str | None = None) -> str | None:
        return self._voices.voice_for(language, role, speaker, base)

    def synthesize(self, request: SpeechRequest) -> Audio:
        voice = voice_file(request.voice or self.voice_for(request.language) or "en")
        rate = min(max(request.rate, MIN_RATE), MAX_RATE)
        volume = min(max(request.volume, 0.0), 1.0)
        pieces = []
        for text in chunk_text(request.text, CHUNK_CHARS):
            if not any(ch.isalnum() for ch in text):
                continue  # nothing to say: an empty runAndWait would re-speak the previous file
            pcm, sample_rate = self.pool.run((text, voice, rate, volume), timeout=self.timeout + len(text) / 50)
            pieces.append(resample(Audio(pcm=pcm, sample_rate=sample_rate)))
        return join(pieces)

    def close(self) -> None:
        self.pool.close()
