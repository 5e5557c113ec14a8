"""Script → clips: each segment spoken by the engine and voice of its role, cached, made in parallel.

`Synthesizer.clips(script)` is progressive: it yields clip 0 as soon as it is ready while the
next few (a bounded look-ahead) are being made on all cores, in reading order. Cached clips are
found without touching an engine, so a second run synthesizes nothing.

Which engine and voice read each segment is decided by `casting.Casting` (`auto`'s order, the
fall-backs, the line saying which engine and voice are used).
"""
from __future__ import annotations

import functools
import os
import sys
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterator

from audionews.config import Settings
from audionews.errors import AudionewsError, EngineError, InputError, UsageError
from audionews.model import Clip, Script
from audionews.speech.cache import ClipCache, clip_key
from audionews.speech.casting import Casting
from audionews.speech.engines import FACTORIES
from audionews.speech.engines.base import COMMON_SAMPLE_RATE, Audio, Engine, SpeechRequest
from audionews.speech.engines.wav import silence
from audionews.speech.pronunciations import NO_RULES, Pronunciations
from audionews.speech.spoken import to_spoken

_spoken = functools.lru_cache(maxsize=8192)(to_spoken)  # a re-read article's keys come without redoing this

MAX_SEGMENT_CHARS = 50_000  # about 8,000 words, an hour of speech: longer "segments" are not sentences
SILENT_SECONDS = 0.2  # the clip of a segment with nothing to say (only punctuation, say)
MIN_RATE, MAX_RATE = 80, 450


@dataclass(frozen=True)
class SynthOptions:
    engine: str = "auto"
    voice: str | None = None
    rate: int = 175  # words per minute
    volume: float = 1.0  # 0.0 – 1.0
    online: bool = False  # with engine "auto": try gTTS first, fall back to offline with one warning
    workers: int | None = None  # syntheses at once; default: one per CPU core
    lookahead: int = 16  # clips made ahead of the one being read (at least 1)
    progress: bool = True  # a progress bar on stderr, when stderr is a terminal
    pronunciations: Pronunciations = NO_RULES  # the listener's rules, applied to every segment's spoken text


@dataclass
class SynthStats:
    synthesized: int = 0
    cached: int = 0


@dataclass(frozen=True)
class _Plan:
    engine: Engine
    request: SpeechRequest
    key: str
    rules: Pronunciations


class Synthesizer:
    def __init__(self, options: SynthOptions, settings: Settings) -> None:
        if options.engine != "auto" and options.engine not in FACTORIES:
            raise UsageError(f"Unknown speech engine {options.engine!r}; choose one of "
                             f"{', '.join(['auto', *FACTORIES])}.")
        if not MIN_RATE <= options.rate <= MAX_RATE:
            raise UsageError(f"The rate must be between {MIN_RATE} and {MAX_RATE} words per minute, not {options.rate}.")
        if not 0.0 <= options.volume <= 1.0:
            raise UsageError(f"The volume must be between 0 and 1, not {options.volume}.")
        self.options = options
        self.settings = settings
        self.cache = ClipCache(settings.cache_dir, settings.cache_max_mb)
        self.stats = SynthStats()
        self._lock = threading.Lock()
        self._casting = Casting(options.engine, options.voice, options.online, settings)
        self._workers = max(options.workers or os.cpu_count() or 1, 1)
        self._pool = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="audionews-synth")

    @property
    def engines(self) -> dict[str, Engine]:
        """The engines this synthesizer has used by name (each made on first use)."""
        return self._casting.engines

    def _plan(self, script: Script, index: int, rules: Pronunciations | None = None) -> _Plan:
        if not 0 <= index < len(script.segments):
            raise InputError(f"The script has no segment {index}; it has {len(script.segments)}.")
        rules = self.options.pronunciations if rules is None else rules
        text = self.spoken(script, index, rules)
        if len(text) > MAX_SEGMENT_CHARS:
            raise InputError(f"Segment {index} is {len(text):,} characters long, more than the {MAX_SEGMENT_CHARS:,} "
                             "one clip can hold; split the text into sentences.")
        engine, language, voice = self._casting.voice(script, index)
        request = SpeechRequest(text=text, language=language, voice=voice, rate=self.options.rate,
                                volume=self.options.volume)
        key = clip_key(engine.identity(), voice, request.rate, language, request.volume, text)
        return _Plan(engine, request, key, rules)

    # -- making clips ------------------------------------------------------------------------
    def spoken(self, script: Script, index: int, rules: Pronunciations | None = None) -> str:
        """The exact words the engine is given for segment `index`: normalised, with the pronunciation rules of
        the options (or `rules`, which the clip methods take too: one synthesizer serves any set of rules)."""
        rules = self.options.pronunciations if rules is None else rules
        return _spoken(script.segments[index].text, script.language, rules)

    def clip_key(self, script: Script, index: int, rules: Pronunciations | None = None) -> str:
        """The cache key segment `index`'s clip will have (computed without synthesizing).

        (With `online` set, a clip made after gTTS failed comes from the offline engine, under its key.)
        """
        return self._plan(script, index, rules).key

    def _cached(self, plan: _Plan, index: int) -> Clip | None:
        found = self.cache.lookup(plan.key)
        if found is None:
            return None
        with self._lock:
            self.stats.cached += 1
        return Clip(segment=index, key=plan.key, path=found[0], sample_rate=COMMON_SAMPLE_RATE, frames=found[1])

    def _make(self, script: Script, index: int, plan: _Plan) -> Clip:
        fell_back = self.options.engine == "auto" and self.options.online and not self._casting.online
        if fell_back and plan.engine.name == "gtts":  # planned before gTTS failed
            plan = self._plan(script, index, plan.rules)

        def synthesize() -> Audio:
            if not any(ch.isalnum() for ch in plan.request.text):
                return silence(SILENT_SECONDS)
            audio = plan.engine.synthesize(plan.request)
            return audio if audio.pcm else silence(SILENT_SECONDS)

        try:
            path, frames, made = self.cache.get_or_make(plan.key, synthesize)
        except EngineError as error:
            if not (self.options.engine == "auto" and self.options.online and plan.engine.name == "gtts"):
                raise
            self._casting.fall_back_offline(error)
            return self._make(script, index, self._plan(script, index, plan.rules))
        with self._lock:
            if made:
                self.stats.synthesized += 1
            else:
                self.stats.cached += 1
        return Clip(segment=index, key=plan.key, path=path, sample_rate=COMMON_SAMPLE_RATE, frames=frames)

    def clip(self, script: Script, index: int, rules: Pronunciations | None = None) -> Clip:
        """Segment `index`'s clip, made now in this thread if it is not cached."""
        plan = self._plan(script, index, rules)
        return self._cached(plan, index) or self._make(script, index, plan)

    def _submit(self, script: Script, index: int) -> Future[Clip]:
        """A cached clip at once (no thread needed), else the pool's future of it."""
        done: Future[Clip] = Future()
        try:
            plan = self._plan(script, index)
            cached = self._cached(plan, index)
        except AudionewsError as error:  # reported when the reader reaches this segment
            done.set_exception(error)
            return done
        if cached is None:
            return self._pool.submit(self._make, script, index, plan)
        done.set_result(cached)
        return done

    def clips(self, script: Script, start: int = 0) -> Iterator[Clip]:
        """One clip per segment from `start`, in reading order, each yielded as soon as it is ready.

        The first clip is made at once in this thread, before any other work starts, so that it
        comes as soon as possible; then up to `lookahead` later clips are made by the pool while
        the caller is busy with the earlier ones (cached ones are found here, without the pool:
        a thread hop costs more than reading a clip's header).
        """
        from tqdm import tqdm

        total = len(script.segments)
        start = max(start, 0)
        if start >= total:
            return
        show = self.options.progress and sys.stderr.isatty() and total - start > 1
        window: deque[Future[Clip]] = deque()
        with tqdm(total=total - start, disable=not show, file=sys.stderr, unit="clip", leave=False) as bar:
            try:
                plan = self._plan(script, start)
                first = self._cached(plan, start)
                following = start + 1
                if first is None:  # a cold article: hand the pool one clip per worker, unplanned, and
                    first = self._make(script, start, plan)  # let the first clip go out at once
                    while following < total and len(window) < min(max(self.options.lookahead, 1), self._workers):
                        window.append(self._pool.submit(self.clip, script, following))
                        following += 1
                ready: Clip | Future[Clip] = first
                while True:
                    clip = ready if isinstance(ready, Clip) else ready.result()
                    bar.update(1)
                    yield clip
                    while following < total and len(window) < max(self.options.lookahead, 1):
                        window.append(self._submit(script, following))
                        following += 1
                    if not window:
                        return
                    ready = window.popleft()
            finally:
                for future in window:
                    future.cancel()

    def close(self) -> None:
        """Stop the pool, close the engines and let the cache evict this run's clips if it is over its cap."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.cache.release()
        self._casting.close()

    def __enter__(self) -> "Synthesizer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
