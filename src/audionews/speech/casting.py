"""Casting: which engine speaks an article's language, and which voice reads each segment.

A named engine is used as is (its failure is an error). `auto` takes the first offline engine with a
voice for the language (`engines.OFFLINE_ORDER`: Piper, pyttsx3, espeak-ng), or with `online` gTTS
first, until it fails once. A language no engine speaks is read by an English voice, with one warning.
Within the engine the narrator has the base voice; every quote of one speaker gets the same quote
voice (picked by a hash of the name among the engine's quote voices, unlike the narrator's), and
announcements a third voice.

The choice is logged to the "audionews" logger: one INFO line naming the engine and voice and any
engine passed over; WARNING for a fall-back; DEBUG for the voice each quoted speaker gets.
"""
from __future__ import annotations

import logging
import re
import threading

from audionews.config import Settings
from audionews.errors import EngineError, NotFoundError
from audionews.model import Script
from audionews.speech.engines import OFFLINE_ORDER, create_engine
from audionews.speech.engines.base import Engine

log = logging.getLogger("audionews")

FALLBACK_LANGUAGE = "en"


class Casting:
    """Engines and voices for one run: each engine made once, each language's choice made once."""

    def __init__(self, engine: str, voice: str | None, online: bool, settings: Settings) -> None:
        self.engine_name = engine
        self.base_voice = voice
        self.settings = settings
        self.online = engine == "auto" and online  # until gTTS fails once
        self._lock = threading.Lock()
        self._engines: dict[str, Engine] = {}
        self._chosen: dict[str, tuple[Engine, str]] = {}  # language → (engine, language it speaks)
        self._speakers: set[tuple[str, str]] = set()  # (speaker, voice) pairs already logged
        self._warned: set[str] = set()

    def warn(self, message: str) -> None:
        """Log a warning once per run."""
        with self._lock:
            if message in self._warned:
                return
            self._warned.add(message)
        log.warning(message)

    @property
    def engines(self) -> list[Engine]:
        """The engines made so far, in the order they were made."""
        with self._lock:
            return list(self._engines.values())

    def engine(self, name: str) -> Engine:
        with self._lock:
            if name not in self._engines:
                self._engines[name] = create_engine(name, self.settings)
            return self._engines[name]

    def choose(self, language: str) -> tuple[Engine, str]:
        """The engine for a language and the language it will speak (the fallback if unsupported)."""
        if language in self._chosen:
            return self._chosen[language]
        explicit = self.engine_name != "auto"
        names = [self.engine_name] if explicit else (["gtts"] if self.online else []) + OFFLINE_ORDER
        choice, unknown_voice, passed = None, None, []
        for name in names:
            try:
                engine = self.engine(name)
                if engine.voice_for(language, base=self.base_voice) is not None:
                    choice = (engine, language)
                    break
                passed.append(f"{name} has no voice for {language}")
            except NotFoundError as error:  # the voice asked for is another engine's
                unknown_voice = unknown_voice or error
                passed.append(f"{name} has no voice {self.base_voice}")
            except EngineError as error:
                if explicit:
                    raise
                self.warn(f"The {name} engine is not available, so the next one is used. {_sentence(error)}")
                passed.append(f"{name} is not available")
        if choice is None and unknown_voice is not None:
            if explicit:
                raise unknown_voice
            raise NotFoundError(f"No installed speech engine has the voice {self.base_voice!r}; "
                                "run `audionews voices` to list the voices you can use.")
        if choice is None:
            engine = self.engine(names[0] if explicit else OFFLINE_ORDER[0])
            self.warn(f"No {engine.name} voice speaks the language {language!r}; reading it with an "
                      f"{FALLBACK_LANGUAGE!r} voice instead.")
            choice = (engine, FALLBACK_LANGUAGE)
        self._chosen[language] = choice
        engine, speaks = choice
        narrator = _shown(engine.voice_for(speaks, base=self.base_voice) or "-")
        log.info("Using the %s engine with voice %s for language %s%s.", engine.name, narrator, speaks,
                 f" ({'; '.join(passed)})" if passed else "")
        log.debug("The %s engine is %s.", engine.name, engine.identity())
        return choice

    def fall_back_offline(self, error: EngineError) -> None:
        """gTTS failed: from now on, offline engines only (the next choice says which)."""
        self.warn(f"The online voice failed, so an offline voice reads instead. {_sentence(error)}")
        with self._lock:
            self.online = False
            self._chosen.clear()

    def voice(self, script: Script, index: int) -> tuple[Engine, str, str | None]:
        """The engine, language and voice id that read segment `index`."""
        segment = script.segments[index]
        engine, language = self.choose(script.language)
        voice = engine.voice_for(language, segment.voice, segment.speaker, base=self.base_voice)
        if segment.kind == "quote" and segment.speaker and voice:
            with self._lock:
                new = (segment.speaker, voice) not in self._speakers
                self._speakers.add((segment.speaker, voice))
            if new:
                log.debug("Quotes of %s are read by the voice %s.", segment.speaker, _shown(voice))
        return engine, language, voice

    def close(self) -> None:
        for engine in self._engines.values():
            close = getattr(engine, "close", None)
            if close is not None:
                close()


def voice_ids(script: Script, engine: str, voice: str | None, online: bool,
              settings: Settings) -> list[str | None]:
    """The voice id that would read each segment of `script` (as `audionews export` with these options would)."""
    casting = Casting(engine, voice, online, settings)
    try:
        return [casting.voice(script, index)[2] for index in range(len(script.segments))]
    finally:
        casting.close()


def _shown(voice: str) -> str:
    """A voice id as people give it to --voice: without the digest of a Piper model's files."""
    return re.sub(r"@[0-9a-f]{8,}", "", voice)


def _sentence(error: Exception) -> str:
    """An error's message as a sentence of its own, ending with one full stop."""
    text = str(error).strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
