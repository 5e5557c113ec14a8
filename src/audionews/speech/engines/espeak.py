"""The espeak-ng engine: libespeak-ng in this process, plus helper processes for parallel work.

One thread at a time speaks through the library loaded in this process (no process start: a
sentence takes a few milliseconds); other threads meanwhile use helper processes, each with its
own copy of the library (engines/libespeak.py), so calls from many threads use all cores. A
process forked from one that loaded the library runs `espeak-ng` commands instead.
Voice ids are espeak-ng's own ("en-us", "de", "en-gb+f3"): a language voice, optionally "+" a
variant that changes pitch and timbre, which is how quotes and announcements get voices unlike
the narrator's.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, ClassVar

from audionews.errors import EngineError, NotFoundError
from audionews.model import VoiceRole
from audionews.speech.engines.base import COMMON_SAMPLE_RATE, Audio, SpeechRequest, Voice
from audionews.speech.engines.libespeak import helpers, library
from audionews.speech.engines.wav import chunk_text, join, parse_wav

COMMAND = "espeak-ng"
CHUNK_CHARS = 2000  # longest text given to one espeak-ng call; longer text is spoken in pieces
QUOTE_VARIANTS = ("f3", "m3", "f5", "m6")  # one per speaker, chosen by a hash of the name
ANNOUNCER_VARIANTS = ("f2", "m7")  # the first that is not the narrator's
MIN_RATE, MAX_RATE = 80, 450


def espeak_version() -> str:
    return library().version


def _voice_folders_stamp(data_dir: str) -> list[list[Any]]:
    """Every voice folder under espeak-ng's data with its mtime: adding or removing a voice changes it."""
    return sorted([folder, os.stat(folder).st_mtime_ns] for top in ("lang", "voices")
                  for folder, _, _ in os.walk(os.path.join(data_dir, top)))


@functools.cache
def espeak_voices() -> tuple[tuple[Voice, str, tuple[tuple[str, int], ...]], ...]:
    """Every espeak-ng language voice, with its voice file and the (language, priority) pairs it speaks.

    Listing reads every voice file, so the list is kept in ~/.cache/audionews (XDG_CACHE_HOME) and
    used while espeak-ng's version and voice folders stay the same.
    """
    saved = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "audionews" / \
        f"espeak-voices-{library().version}.json"
    try:
        listing = json.loads(saved.read_text(encoding="utf-8"))
        if listing["stamp"] != _voice_folders_stamp(listing["data_dir"]):
            raise ValueError("voices changed")
    except (OSError, ValueError, KeyError, TypeError):
        voices = library().voices()
        listing = {"data_dir": library().data_dir, "stamp": _voice_folders_stamp(library().data_dir), "voices": voices}
        try:
            saved.parent.mkdir(parents=True, exist_ok=True)
            temp = saved.with_name(f".{saved.name}.{os.getpid()}.tmp")
            temp.write_text(json.dumps(listing), encoding="utf-8")
            os.replace(temp, saved)
        except OSError:
            pass  # listed again next time
    found = []
    for name, file, gender, languages in listing["voices"]:
        voice = Voice(id=languages[0][0], name=name.replace("_", " "), language=languages[0][0], engine="espeak",
                      gender={1: "male", 2: "female"}.get(gender))
        found.append((voice, file, tuple((language, priority) for language, priority in languages)))
    return tuple(sorted(found, key=lambda entry: entry[0].id))


@functools.lru_cache(maxsize=256)
def language_voice(language: str) -> str | None:
    """The espeak-ng voice id that speaks a BCP 47 language best, or None."""
    wanted = language.lower().replace("_", "-")
    primary = wanted.split("-")[0]
    ranked = []
    for voice, _, speaks in espeak_voices():
        for lang, priority in speaks:
            if lang == wanted:
                ranked.append((0, priority, voice.id))
            elif lang == primary:
                ranked.append((1, priority, voice.id))
            elif lang.split("-")[0] == primary:
                ranked.append((2, priority, voice.id))
    return min(ranked)[2] if ranked else None


def role_voice(base: str, role: VoiceRole, speaker: str | None) -> str:
    """An espeak-ng voice for a role: the base voice, with a variant for quotes and announcements."""
    language, _, own = base.partition("+")
    if role == "narrator":
        return base
    if role == "announcer":
        return f"{language}+{next(v for v in ANNOUNCER_VARIANTS if v != own)}"
    variants = [v for v in QUOTE_VARIANTS if v != own]  # never the narrator's own variant
    digest = hashlib.sha1((speaker or "").strip().lower().encode()).digest()
    return f"{language}+{variants[digest[0] % len(variants)]}"


@functools.cache
def _voice_files() -> dict[str, str]:
    return {voice.id: file for voice, file, _ in espeak_voices()}


def voice_file(voice: str) -> str:
    """What `espeak-ng -v` needs for a voice id: its voice file, plus the variant if any.

    (espeak-ng ignores a variant given after some language names, such as "en-gb+f3", but not after files.)
    """
    language, plus, variant = voice.partition("+")
    file = _voice_files().get(language)
    if file is not None:
        return file + plus + variant
    raise NotFoundError(f"There is no espeak-ng voice {voice!r}; `audionews voices --engine espeak` lists them.")


def _run(command: list[str], stdin: bytes, timeout: float) -> bytes:
    if shutil.which(command[0]) is None:
        raise EngineError(f"The {command[0]} command is not installed; install the espeak-ng package.")
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise EngineError(f"{command[0]} did not finish within {timeout:.0f} s; the text may be too long.") from None
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip() or f"exit status {done.returncode}"
        raise EngineError(f"{command[0]} failed: {detail}.")
    return done.stdout


class EspeakEngine:
    name: ClassVar[str] = "espeak"

    def identity(self) -> str:
        return f"espeak-ng {espeak_version()}"

    def voices(self) -> list[Voice]:
        return [voice for voice, _, _ in espeak_voices()]

    def voice_for(self, language: str, role: VoiceRole = "narrator", speaker: str | None = None,
                  base: str | None = None) -> str | None:
        if base is not None:
            voice_file(base)  # raises NotFoundError for an unknown voice
        base = base or language_voice(language)
        return role_voice(base, role, speaker) if base else None

    def synthesize(self, request: SpeechRequest) -> Audio:
        voice = voice_file(request.voice or self.voice_for(request.language) or "en")
        rate = min(max(request.rate, MIN_RATE), MAX_RATE)
        amplitude = round(min(max(request.volume, 0.0), 1.0) * 100)
        pieces = [Audio(pcm=self._speak(text, voice, rate, amplitude), sample_rate=COMMON_SAMPLE_RATE)
                  for text in chunk_text(request.text, CHUNK_CHARS)]
        return join(pieces)

    @staticmethod
    def _speak(text: str, voice: str, rate: int, amplitude: int) -> bytes:
        """Through the first free of: this process's library, a ready helper process, the library again.

        Helper processes start in the background when two calls first meet, so no caller waits for one. A process
        forked from one that loaded the library uses the `espeak-ng` command instead.
        """
        lane = library()
        if not lane.usable():
            command = [COMMAND, "--stdout", "--stdin", "-b", "1", "-v", voice, "-s", str(rate), "-a", str(amplitude)]
            return parse_wav(_run(command, text.encode(), timeout=10 + len(text) / 50), COMMAND).pcm
        pool = helpers()
        while True:
            pcm = lane.synthesize(text, voice, rate, amplitude)
            if pcm is not None:
                return pcm
            pool.start()  # (only now: a lone caller never pays for starting helpers)
            done, pcm = pool.try_run((text, voice, rate, amplitude), timeout=10 + len(text) / 50)
            if done and pcm is not None:
                return pcm
            lane.wait()
