"""Speech engines behind one protocol (see base.py), found by name.

`create_engine(name, settings)` builds one engine; `OFFLINE_ORDER` is the order `auto` tries
offline engines in (the first with a voice for the article's language wins). A new engine
registers a factory in `FACTORIES` and, if it is offline, takes its place in `OFFLINE_ORDER`.
"""
from __future__ import annotations

from typing import Callable

from audionews.config import Settings
from audionews.errors import UsageError
from audionews.speech.engines.base import COMMON_SAMPLE_RATE, Audio, Engine, SpeechRequest, Voice


def _espeak(settings: Settings) -> Engine:
    from audionews.speech.engines.espeak import EspeakEngine

    return EspeakEngine()


def _pyttsx3(settings: Settings) -> Engine:
    from audionews.speech.engines.pyttsx3_engine import Pyttsx3Engine

    return Pyttsx3Engine()


def _gtts(settings: Settings) -> Engine:
    """gTTS; AUDIONEWS_GTTS_URL sends its requests to another host, AUDIONEWS_GTTS_TIMEOUT sets seconds."""
    from audionews.speech.engines.gtts_engine import GttsEngine

    return GttsEngine(base_url=settings.gtts_url, timeout=settings.gtts_timeout)


def _piper(settings: Settings) -> Engine:
    from audionews.speech.engines.piper import PiperEngine

    return PiperEngine(settings.voices_dir)


FACTORIES: dict[str, Callable[[Settings], Engine]] = {
    "piper": _piper,
    "espeak": _espeak,
    "pyttsx3": _pyttsx3,
    "gtts": _gtts,
}
# Piper first where a voice for the language is installed: natural speech, half espeak-ng's word errors
# (docs/BENCHMARKS.md, ## Offline voices). Then pyttsx3, the user's offline engine (espeak-ng underneath),
# then espeak-ng directly: faster to first audio, but the same voice (## Synthesis).
OFFLINE_ORDER: list[str] = ["piper", "pyttsx3", "espeak"]


def create_engine(name: str, settings: Settings) -> Engine:
    """The engine called `name` (not "auto"; the Synthesizer resolves that per language)."""
    if name not in FACTORIES:
        raise UsageError(f"Unknown speech engine {name!r}; choose one of {', '.join(['auto', *FACTORIES])}.")
    return FACTORIES[name](settings)


__all__ = ["COMMON_SAMPLE_RATE", "FACTORIES", "OFFLINE_ORDER", "Audio", "Engine", "SpeechRequest", "Voice",
           "create_engine"]
