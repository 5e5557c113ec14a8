"""Makes the library's clips for the server: in the background in reading order, a requested clip first.

One Producer per server app. It keeps one Synthesizer per voice choice (SynthOptions), one priority
queue worked by a few threads, and a map from every clip key the API has handed out to the segment
it speaks — so GET /audio/<key>.wav can make a clip that does not exist yet, ahead of the queue.
Failures are recorded per article and voice choice (shown by the status endpoint), never waited on
forever: every wait has a deadline.
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import threading
import time
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from queue import PriorityQueue

from audionews import audio, export
from audionews.cache import ClipCache
from audionews.config import Settings
from audionews.errors import AudionewsError, EngineError, NotFoundError, OutputError, UsageError
from audionews.library import Entry, Library
from audionews.model import Clip, Script
from audionews.synth import SynthOptions, Synthesizer

_log = logging.getLogger(__name__)
STOP, URGENT, BACKGROUND = -1, 0, 1  # queue priorities: shutdown first, then a listener waiting, then reading order


@dataclass(frozen=True)
class _Job:
    """What one clip key speaks: segment `index` of an article's script, with one voice choice."""

    article_id: str
    script: Script
    options: SynthOptions
    index: int


class Producer:
    """The shared clip maker of one server."""

    def __init__(self, settings: Settings, library: Library, episodes_dir: Path,
                 default_options: SynthOptions, workers: int = 2) -> None:
        self.default_options = default_options
        self._settings = settings
        self._library = library
        self._episodes_dir = episodes_dir
        self._cache = ClipCache(settings.cache_dir, settings.cache_max_mb)
        self._lock = threading.Lock()
        self._export_lock = threading.Lock()
        self._synthesizers: dict[SynthOptions, Synthesizer] = {}
        self._jobs: dict[str, _Job] = {}  # every clip key handed out → what it speaks
        self._futures: dict[str, Future[Clip]] = {}  # clip key → its synthesis, queued, running or done
        self._keys: dict[tuple[str, SynthOptions], list[str]] = {}  # (article, voice choice) → keys in order
        self._errors: dict[tuple[str, SynthOptions], str] = {}
        self._registered_library = False
        self._timed: set[str] = set()  # articles whose spoken length is stored
        self._queue: PriorityQueue[tuple[int, int, str]] = PriorityQueue()
        self._order = itertools.count()
        self._synthesizer(default_options)  # a bad default voice choice fails now, not at the first request
        self._threads = [threading.Thread(target=self._work, name=f"audionews-clips-{n}", daemon=True)
                         for n in range(workers)]
        for thread in self._threads:
            thread.start()

    def keys(self, entry: Entry, options: SynthOptions) -> list[str]:
        """The clip key of each segment of the article, in order (remembered, so the clips can be made on demand)."""
        with self._lock:
            keys = self._keys.get((entry.id, options))
        if keys is None:
            synthesizer = self._synthesizer(options)
            try:
                keys = [synthesizer.clip_key(entry.script, index) for index in range(len(entry.script.segments))]
            except NotFoundError as error:  # an unknown voice: the request's mistake, not a missing article
                raise UsageError(str(error)) from error
        with self._lock:
            self._keys[(entry.id, options)] = keys
            for index, key in enumerate(keys):  # articles with the same sentence share its clip, and one job
                self._jobs.setdefault(key, _Job(entry.id, entry.script, options, index))
        return keys

    def start(self, entry: Entry, options: SynthOptions) -> None:
        """Queue every clip of the article not made yet in reading order from where the listener left off
        (then the part before it): the first ahead of other articles' clips, the rest behind them."""
        keys = self.keys(entry, options)
        resume = next((index for index, segment in enumerate(entry.script.segments)
                       if segment.sentence >= entry.progress), 0)
        with self._lock:
            self._errors.pop((entry.id, options), None)
            ordered = keys[resume:] + keys[:resume]
            for position, key in enumerate(ordered):  # the first clip is what the listener asks for next
                self._submit(key, URGENT if position == 0 else BACKGROUND)

    def clip(self, key: str, timeout: float) -> Path:
        """The WAV file of a clip: from the cache, or made now ahead of the queue (waiting at most `timeout`)."""
        try:
            cached = self._cache.get(key)
        except OSError as error:
            raise self._cache_error(error) from error
        if cached is not None:
            return cached
        with self._lock:
            known = key in self._jobs or self._registered_library
        if not known:
            self._register_library()
        with self._lock:
            if key not in self._jobs:
                raise NotFoundError("There is no such audio clip; reload the article to get its current clips.")
            future = self._submit(key, URGENT)
        late = "This sentence's audio is still being made; try again in a moment."
        return _wait(future, time.monotonic() + timeout, late).path

    def status(self, entry: Entry, options: SynthOptions) -> dict[str, int | str | None]:
        """How many of the article's clips exist, and the last synthesis error for it, if any."""
        keys = self.keys(entry, options)
        ready = sum(1 for key in keys if self._cache.frames(self._cache.path_for(key)) is not None)  # no LRU touch
        with self._lock:
            error = self._errors.get((entry.id, options))
        return {"ready": ready, "total": len(keys), "error": error}

    def episode(self, entry: Entry, options: SynthOptions, timeout: float) -> Path:
        """The whole article as one MP3 file, made once per script and voice choice and kept in the data directory."""
        keys = self.keys(entry, options)
        fingerprint = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]
        path = self._episodes_dir / f"{entry.id}-{fingerprint}.mp3"
        if path.exists():
            return path
        deadline = time.monotonic() + timeout
        with self._lock:
            self._errors.pop((entry.id, options), None)
            futures = [self._submit(key, BACKGROUND) for key in keys]
        clips = [_wait(future, deadline, "The episode is still being made; try again in a minute.") for future in futures]
        with self._export_lock:
            if not path.exists():
                self._episodes_dir.mkdir(parents=True, exist_ok=True)
                export.export_mp3(entry.script, clips, path)
                for old in self._episodes_dir.glob(f"{entry.id}-*.mp3"):
                    if old != path:
                        old.unlink(missing_ok=True)
        return path

    def forget(self, article_id: str) -> None:
        """Drop a deleted article: its queued clips are not made and its episode files are removed."""
        with self._lock:
            for pair in [pair for pair in self._keys if pair[0] == article_id]:
                for key in self._keys.pop(pair):
                    job = self._jobs.get(key)
                    if job is None or job.article_id != article_id:
                        continue  # another article's job (the same sentence): it stays
                    del self._jobs[key]
                    future = self._futures.pop(key, None)
                    if future is not None:
                        future.cancel()
                self._errors.pop(pair, None)
            self._timed.discard(article_id)
        for path in self._episodes_dir.glob(f"{article_id}-*.mp3"):
            path.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop the workers (after the clip each is making) and close the synthesizers."""
        for _ in self._threads:
            self._queue.put((STOP, next(self._order), ""))
        for thread in self._threads:
            thread.join(timeout=10)
        with self._lock:
            synthesizers = list(self._synthesizers.values())
            self._synthesizers.clear()
        for synthesizer in synthesizers:
            synthesizer.close()

    def _synthesizer(self, options: SynthOptions) -> Synthesizer:
        with self._lock:
            synthesizer = self._synthesizers.get(options)
            if synthesizer is None:
                synthesizer = self._synthesizers[options] = Synthesizer(options, self._settings)
            return synthesizer

    def _register_library(self) -> None:
        """After a restart, learn the default voice's clip keys of every article, so old links still work."""
        for entry in self._library.entries():
            self.keys(entry, self.default_options)
        with self._lock:
            self._registered_library = True

    def _submit(self, key: str, priority: int) -> Future[Clip]:
        """Queue the clip unless it is made or being made; the caller holds the lock."""
        future = self._futures.get(key)
        if future is None or future.cancelled() or (future.done() and future.exception() is not None):
            future = self._futures[key] = Future()
        if not future.done() and not future.running():
            self._queue.put((priority, next(self._order), key))
        return future

    def _work(self) -> None:
        while True:
            priority, _, key = self._queue.get()
            if priority == STOP:
                return
            with self._lock:
                job, future = self._jobs.get(key), self._futures.get(key)
                if job is None or future is None or future.done() or future.running():
                    continue
                future.set_running_or_notify_cancel()
            try:
                clip = self._synthesizer(job.options).clip(job.script, job.index)
            except Exception as error:  # noqa: BLE001 - every failure is reported, none kills the worker
                self._failed(job, future, error)
            else:
                future.set_result(clip)
                if job.options == self.default_options and job.article_id not in self._timed:
                    self._record_duration(job)

    def _failed(self, job: _Job, future: Future[Clip], error: Exception) -> None:
        if isinstance(error, OSError):
            error = self._cache_error(error)
        elif not isinstance(error, AudionewsError):
            error = EngineError(f"Making the speech failed unexpectedly ({type(error).__name__}: {error}).")
        future.set_exception(error)
        with self._lock:
            self._errors[(job.article_id, job.options)] = str(error)
            for key in self._keys.get((job.article_id, job.options), []):  # the rest would fail the same way
                pending = self._futures.get(key)
                if pending is not None and not pending.running():
                    pending.cancel()

    def _cache_error(self, error: OSError) -> OutputError:
        return OutputError(f"The audio cache {self._cache.directory} cannot be used ({error.strerror or error}); "
                           "check that the folder exists and is writable.")

    def _record_duration(self, job: _Job) -> None:
        """Once the last clip of the default voice exists, store the spoken length the library shows."""
        with self._lock:
            futures = [self._futures.get(key) for key in self._keys.get((job.article_id, job.options), [])]
        if not all(f is not None and f.done() and not f.cancelled() and f.exception() is None for f in futures):
            return
        try:
            narration = audio.join(job.script, [f.result() for f in futures if f is not None])
            self._library.set_duration(job.article_id, round(narration.duration, 1))
        except (AudionewsError, OSError) as error:  # deleted meanwhile, or a clip evicted: the estimate stays
            _log.info("Not storing the length of article %s: %s", job.article_id, error)
            return
        self._timed.add(job.article_id)


def _wait(future: Future[Clip], deadline: float, late: str) -> Clip:
    """The clip, or the EngineError its synthesis raised, or EngineError(late) once the deadline passes."""
    try:
        return future.result(max(0.0, deadline - time.monotonic()))
    except FutureTimeout:
        raise EngineError(late) from None
    except CancelledError:
        raise EngineError("This audio was not made: its article was deleted or an earlier clip failed; "
                          "reload the page to try again.") from None
