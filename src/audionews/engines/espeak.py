"""The espeak-ng engine: one `espeak-ng` command per piece of text, WAV read from its stdout.

Each call is its own process, so calls from many threads run in parallel on all cores and a
crash or hang costs one sentence (every call has a timeout). Voice ids are espeak-ng's own
("en-us", "de", "en-gb+f3"): a language voice, optionally "+" a variant that changes pitch and
timbre, which is how quotes and announcements get voices unlike the narrator's.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import re
import shutil
import subprocess
from typing import ClassVar

from audionews.engines.base import Audio, SpeechRequest, Voice
from audionews.engines.wav import chunk_text, join, parse_wav
from audionews.errors import EngineError, NotFoundError
from audionews.model import VoiceRole

COMMAND = "espeak-ng"
CHUNK_CHARS = 2000  # longest text given to one espeak-ng call; longer text is spoken in pieces
QUOTE_VARIANTS = ("f3", "m3", "f5", "m6")  # one per speaker, chosen by a hash of the name
ANNOUNCER_VARIANT = "f2"
MIN_RATE, MAX_RATE = 80, 450


@functools.cache
def espeak_version() -> str:
    """The libespeak-ng version the command uses (read from the library: no process started)."""
    name = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return _command_version()
    library.espeak_Info.restype = ctypes.c_char_p
    return library.espeak_Info(None).decode()


def _command_version() -> str:
    output = _run([COMMAND, "--version"], b"", 10).decode(errors="replace")
    match = re.search(r"text-to-speech:\s*(\S+)", output)
    return match.group(1) if match else output.strip()


@functools.cache
def espeak_voices() -> tuple[tuple[Voice, str, tuple[tuple[str, int], ...]], ...]:
    """Every espeak-ng language voice, with its voice file and the (language, priority) pairs it speaks."""
    listing = _run([COMMAND, "--voices"], b"", 10).decode(errors="replace").splitlines()[1:]
    voices = []
    for line in listing:
        fields = line.split()
        if len(fields) < 5:
            continue
        priority, language, gender, name, file = fields[:5]
        others = tuple((lang, int(pri)) for lang, pri in re.findall(r"\((\S+) (\d+)\)", line))
        voice = Voice(id=language, name=name.replace("_", " "), language=language, engine="espeak",
                      gender={"M": "male", "F": "female"}.get(gender.split("/")[-1]))
        voices.append((voice, file, ((language, int(priority)),) + others))
    return tuple(voices)


def language_voice(language: str) -> str | None:
    """The espeak-ng voice id that speaks a BCP 47 language best, or None."""
    wanted = language.lower().replace("_", "-")
    ranked = []
    for voice, _, speaks in espeak_voices():
        for lang, priority in speaks:
            if lang == wanted:
                ranked.append((0, priority, voice.id))
            elif lang.split("-")[0] == wanted.split("-")[0]:
                ranked.append((1, priority, voice.id))
    return min(ranked)[2] if ranked else None


def role_voice(base: str, role: VoiceRole, speaker: str | None) -> str:
    """An espeak-ng voice for a role: the base voice, with a variant for quotes and announcements."""
    language = base.split("+")[0]
    if role == "narrator":
        return base
    if role == "announcer":
        return f"{language}+{ANNOUNCER_VARIANT}"
    digest = hashlib.sha1((speaker or "").strip().lower().encode()).digest()
    return f"{language}+{QUOTE_VARIANTS[digest[0] % len(QUOTE_VARIANTS)]}"


def voice_file(voice: str) -> str:
    """What `espeak-ng -v` needs for a voice id: its voice file, plus the variant if any.

    (espeak-ng ignores a variant given after some language names, such as "en-gb+f3", but not after files.)
    """
    language, plus, variant = voice.partition("+")
    for known, file, _ in espeak_voices():
        if known.id == language:
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
        pieces = []
        for text in chunk_text(request.text, CHUNK_CHARS):
            command = [COMMAND, "--stdout", "--stdin", "-b", "1", "-v", voice, "-s", str(rate), "-a", str(amplitude)]
            pieces.append(parse_wav(_run(command, text.encode(), timeout=10 + len(text) / 50), COMMAND))
        return join(pieces)
