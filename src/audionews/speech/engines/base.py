"""The engine protocol: text + voice + rate + language → audio in one common format.

Every engine returns 16-bit little-endian mono PCM at COMMON_SAMPLE_RATE, so clips from any
engine can be cached, joined and encoded the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable

from audionews.model import VoiceRole

COMMON_SAMPLE_RATE = 22050  # every engine's Audio is resampled to this if its native rate differs


@dataclass(frozen=True)
class Voice:
    id: str  # what --voice takes
    name: str
    language: str  # BCP 47, e.g. "en-us"
    engine: str
    gender: str | None = None


@dataclass(frozen=True)
class SpeechRequest:
    text: str  # spoken text (already through speech.to_spoken)
    language: str = "en"
    voice: str | None = None  # a Voice.id; None picks one for the language
    rate: int = 175  # words per minute
    volume: float = 1.0  # 0.0 – 1.0


@dataclass(frozen=True)
class Audio:
    pcm: bytes  # 16-bit little-endian signed, mono
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate


@runtime_checkable
class Engine(Protocol):
    name: ClassVar[str]

    def identity(self) -> str:
        """Engine name, version and voice-model identity: part of every clip's cache key."""

    def voices(self) -> list[Voice]:
        """The voices this engine can speak with on this machine."""

    def voice_for(self, language: str, role: VoiceRole = "narrator", speaker: str | None = None,
                  base: str | None = None) -> str | None:
        """The voice id for a voice role in a language, or None when the engine has no voice for it.

        `base` is a voice the user asked for (narrators use it as is, other roles vary it); raises
        NotFoundError if it is not one of this engine's (`auto` then tries the next engine). Quotes by
        the same speaker always get the same voice, and quotes and announcements sound unlike the narrator.
        """

    def synthesize(self, request: SpeechRequest) -> Audio:
        """Speak one piece of text; raises EngineError on failure.

        May be called from several threads at once: an engine that cannot do that runs its work
        in worker processes (see engines/workers.py). An engine holding processes or files may also
        have a `close()` method, which the Synthesizer calls when it closes.
        """
