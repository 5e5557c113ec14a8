"""Makes the library's clips for the server: in the background in reading order, a requested clip first.

Only a bounded stretch is made ahead (AHEAD_CLIPS, a few minutes of speech): from where the listener left off
when an article is added or opened, then after each clip a listener asks for. The rest is made when someone
listens that far, or all at once for an episode; so the clip cache grows with listening, not with pasting.

One Producer per server app. It keeps a Synthesizer per voice choice (SynthOptions) — the default one
always, warmed in the background at startup so its engine is loaded before the first listener asks, and
the few most recently used others (an evicted one is closed) — one priority queue worked by a few
threads, and a map from every clip key the API has handed out to the segment it speaks — so
GET /audio/<key>.wav can make a clip that does not exist yet, ahead of the queue. Failures are recorded
per article and voice choice (shown by the status endpoint), never waited on forever: every wait has a
deadline.
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import os
import threading
import time
from collections import Counter, OrderedDict
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from queue import PriorityQueue
from typing import TYPE_CHECKING, Iterator

from audionews.config import Settings
from audionews.errors import AudionewsError, EngineError, NotFoundError, OutputError, UsageError
from audionews.model import Article, Clip, Script, Segment
from audionews.outputs import audio, export
from audionews.outputs.epub import export_epub
from audionews.library.store import Entry, Library
from audionews.outputs.audio import DEFAULT_PAUSES, Pauses
from audionews.speech.cache import ClipCache
from audionews.speech.pronunciations import NO_RULES, Pronunciations
from audionews.speech.synth import SynthOptions, Synthesizer

if TYPE_CHECKING:
    from audionews.outputs.cover import CoverText

_log = logging.getLogger(__name__)
# queue priorities: shutdown first, then a listener waiting, then the clips after a listener's, then the rest
STOP, URGENT, LISTENING, BACKGROUND = -1, 0, 1, 2
AHEAD_CLIPS = 30  # clips made ahead of the listener (or of where an article was left): about 3 minutes of news
EPISODE_BITRATE = 64  # kbps of the episode MP3s
MAX_SYNTHESIZERS = 4  # voice choices kept ready besides the default; the least recently used is closed
_WARM_UP = Script(title="Ready", segments=[Segment(kind="title", text="Ready.", paragraph=0, sentence=0)])


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
                 default_options: SynthOptions, workers: int = 2, pauses: Pauses = DEFAULT_PAUSES) -> None:
        self.default_options = default_options  # its pronunciation rules follow the rules file (use_pronunciations)
        self.pauses = pauses  # of the episodes
        self._settings = settings
        self._library = library
        self._episodes_dir = episodes_dir
        self._cache = ClipCache(settings.cache_dir, settings.cache_max_mb)
        self._lock = threading.Lock()
        self._export_lock = threading.Lock()
        self._synthesizers: OrderedDict[SynthOptions, Synthesizer] = OrderedDict()  # by _voice; least recently used first
        self._in_use: Counter[Synthesizer] = Counter()  # synthesizers a thread is using now: never closed under it
        self._evicted: list[Synthesizer] = []  # closed once no thread uses them
        self._jobs: dict[str, _Job] = {}  # every clip key handed out → what it speaks
        self._futures: dict[str, Future[Clip]] = {}  # clip key → its synthesis, queued, running or done
        self._keys: dict[tuple[str, SynthOptions], list[str]] = {}  # (article, voice choice) → keys in order
        self._scripts: dict[str, Script] = {}  # article → its script, for the jobs of the articles in _keys
        self._errors: dict[tuple[str, SynthOptions], str] = {}
        self._registered_library = False
        self._planning = threading.Lock()  # one thread computes a voice choice's keys; the others wait for them
        self._planner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audionews-plan")
        self._timed: set[str] = set()  # articles whose spoken length is stored
        self._queue: PriorityQueue[tuple[int, int, str]] = PriorityQueue()
        self._order = itertools.count()
        self._default = Synthesizer(_voice(default_options), settings)  # a bad default voice choice fails now
        self.warmed = threading.Event()  # set once the default engine is loaded (or failed to load)
        self._threads = [threading.Thread(target=self._work, name=f"audionews-clips-{n}", daemon=True)
                         for n in range(workers)]
        self._threads.append(threading.Thread(target=self._warm, name="audionews-warm", daemon=True))
        for thread in self._threads:
            thread.start()

    def keys(self, entry: Entry, options: SynthOptions) -> list[str]:
        """The clip key of each segment of the article, in order (remembered, so the clips can be made on demand)."""
        with self._lock:
            keys = self._keys.get((entry.id, options))
        if keys is None:
            with self._planning:
                with self._lock:
                    keys = self._keys.get((entry.id, options))  # computed by another thread while this one waited?
                if keys is None:
                    try:
                        with self._using(options) as synthesizer:
                            keys = [synthesizer.clip_key(entry.script, index, options.pronunciations)
                                    for index in range(len(entry.script.segments))]
                    except NotFoundError as error:  # an unknown voice: the request's mistake, not a missing article
                        raise UsageError(str(error)) from error
        with self._lock:
            self._keys[(entry.id, options)] = keys
            self._scripts[entry.id] = entry.script
            for index, key in enumerate(keys):  # articles with the same sentence share its clip, and one job
                self._jobs.setdefault(key, _Job(entry.id, entry.script, options, index))
        return keys

    def start(self, entry: Entry, options: SynthOptions) -> None:
        """Queue the next AHEAD_CLIPS clips of the article not made yet, in reading order from where the listener
        left off: the first ahead of other articles' clips, the rest behind them."""
        keys = self.keys(entry, options)
        resume = next((index for index, segment in enumerate(entry.script.segments)
                       if segment.sentence >= entry.progress), 0)
        with self._lock:
            self._errors.pop((entry.id, options), None)
            for position, key in enumerate(keys[resume:resume + AHEAD_CLIPS]):  # the first is asked for next
                self._submit(key, URGENT if position == 0 else BACKGROUND)

    def start_soon(self, entry: Entry, options: SynthOptions) -> None:
        """`start` in the background (a new article's keys take a while): a failure is logged, and the
        status endpoint reports it."""
        self._planner.submit(self._start_logged, entry, options)

    def _start_logged(self, entry: Entry, options: SynthOptions) -> None:
        try:
            self._library.get(entry.id)  # raises NotFoundError if it was deleted meanwhile
        except NotFoundError:
            return
        try:
            self.start(entry, options)
        except AudionewsError as error:
            _log.warning("Cannot make the clips of article %s: %s", entry.id, error)
        except Exception:  # noqa: BLE001 - a planner thread has no caller to raise to
            _log.exception("Queueing the clips of article %s failed", entry.id)

    def start_title(self, article: Article, options: SynthOptions) -> None:
        """Queue the title's clip as soon as the article is extracted, ahead of the rest, while its script is
        still being built: the clip a listener hears first. Its key is the one the script's title segment
        will have (same text, voice and language), so the player's first request finds it made or being made.
        Done by the planner thread, so the caller never waits for an engine still loading its voice."""
        self._planner.submit(self._start_title, article, options)

    def _start_title(self, article: Article, options: SynthOptions) -> None:
        script = Script(title=article.title, language=article.language,
                        segments=[Segment(kind="title", text=" ".join(article.title.split()), paragraph=0, sentence=0)])
        try:
            with self._using(options) as synthesizer:
                key = synthesizer.clip_key(script, 0, options.pronunciations)
        except Exception:  # noqa: BLE001 - reported when the script's clips are queued
            return
        with self._lock:
            self._jobs.setdefault(key, _Job("", script, options, 0))
            self._submit(key, URGENT)

    def use_pronunciations(self, rules: Pronunciations) -> None:
        """Read with these rules from now on: articles asked for next get the clip keys of their new spoken text
        (a clip whose spoken text the rules do not change keeps its key, and its audio)."""
        self.default_options = replace(self.default_options, pronunciations=rules)

    def sample(self, text: str, language: str, rules: Pronunciations) -> tuple[str, str]:
        """Speak `text` now with the default voice and `rules` (a rule tried before it is saved): the clip's key
        (its audio is then at /audio/<key>.wav) and the words said."""
        script = Script(title=text, language=language, segments=[Segment("title", text, 0, 0)])
        options = replace(self.default_options, pronunciations=rules)
        with self._using(options) as synthesizer:
            clip = synthesizer.clip(script, 0, rules)
            spoken = synthesizer.spoken(script, 0, rules)
        with self._lock:
            self._jobs.setdefault(clip.key, _Job("", script, options, 0))  # made again if evicted meanwhile
        return clip.key, spoken

    def clip(self, key: str, timeout: float) -> Path:
        """The WAV file of a clip: from the cache, or made now ahead of the queue (waiting at most `timeout`)."""
        try:
            cached = self._cache.get(key)
        except OSError as error:
            raise self._cache_error(error) from error
        if cached is not None:
            self._ahead(key)
            return cached
        with self._lock:
            known = key in self._jobs or self._registered_library
        if not known:
            self._register_library()
        with self._lock:
            if key not in self._jobs:
                raise NotFoundError("There is no such audio clip; reload the article to get its current clips.")
            future = self._submit(key, URGENT)
        self._ahead(key)
        late = "This sentence's audio is still being made; try again in a moment."
        return _wait(future, time.monotonic() + timeout, late).path

    def _ahead(self, key: str) -> None:
        """Queue the AHEAD_CLIPS clips after the one a listener asked for (in its article and voice choice)."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                return
            keys = self._keys.get((job.article_id, job.options), [])
            for following in keys[job.index + 1:job.index + 1 + AHEAD_CLIPS]:
                if following in self._jobs:
                    self._submit(following, LISTENING)

    def status(self, entry: Entry, options: SynthOptions) -> dict[str, int | str | None]:
        """How many of the article's clips exist, and the last synthesis error for it, if any."""
        keys = self.keys(entry, options)
        ready = sum(1 for key in keys if self._cache.frames(self._cache.path_for(key)) is not None)  # no LRU touch
        with self._lock:
            error = self._errors.get((entry.id, options))
        return {"ready": ready, "total": len(keys), "error": error}

    def episode(self, entry: Entry, options: SynthOptions, timeout: float) -> Path:
        """The whole article as one MP3 file, made once per script and voice choice and kept in the data directory
        with its chapters and transcripts beside it (export.companion_paths)."""
        path = self.episode_path(entry, options)
        chapters = export.companion_paths(path)["chapters"]
        if path.exists() and chapters.exists():
            return path
        keys = self.keys(entry, options)
        late = "The episode is still being made; try again in a minute."
        clips = self._every_clip(entry, options, keys, timeout, late)
        with self._export_lock:
            if not (path.exists() and chapters.exists()):
                self._episodes_dir.mkdir(parents=True, exist_ok=True)
                export.export_mp3(entry.script, clips, path, EPISODE_BITRATE, companions=True, pauses=self.pauses,
                                  added=entry.added)
                for old in self._episodes_dir.glob(f"{entry.id}-*"):
                    if not old.name.startswith(f"{path.stem}."):  # an older script's or voice's episode
                        old.unlink(missing_ok=True)
        return path

    def audiobook(self, entry: Entry, options: SynthOptions, timeout: float) -> Path:
        """The whole article as an M4B audiobook (AAC in MP4, chapters and cover), made like the MP3 episode
        (from the same clips, after it) and kept beside it."""
        from audionews.outputs.m4b import export_m4b

        mp3 = self.episode(entry, options, timeout)
        path = mp3.with_suffix(".m4b")
        if path.exists():
            return path
        clips = self._every_clip(entry, options, self.keys(entry, options), timeout,
                                 "The audiobook is still being made; try again in a minute.")
        with self._export_lock:
            if not path.exists():
                export_m4b(entry.script, clips, path, EPISODE_BITRATE, pauses=self.pauses, added=entry.added)
        return path

    def cover(self, text: CoverText) -> Path:
        """A cover picture (the one embedded in the episode, for an article's export.cover_text) kept in the
        episodes' folder, named by what it shows, so it is drawn once."""
        from audionews.outputs.cover import cached_cover

        return cached_cover(text, self._episodes_dir / "covers")

    def book(self, entry: Entry, options: SynthOptions, timeout: float) -> Path:
        """The article as a talking book (EPUB 3 with Media Overlays, outputs/epub.py), made once per script and
        voice choice beside its episode MP3."""
        keys = self.keys(entry, options)
        path = self.episode_path(entry, options).with_suffix(".epub")
        if path.exists():
            return path
        clips = self._every_clip(entry, options, keys, timeout, "The book is still being made; try again in a minute.")
        with self._export_lock:
            if not path.exists():
                self._episodes_dir.mkdir(parents=True, exist_ok=True)
                export_epub(entry.script, clips, path, EPISODE_BITRATE, self.pauses)
                for old in self._episodes_dir.glob(f"{entry.id}-*.epub"):
                    if old != path:  # an older script's or voice's book
                        old.unlink(missing_ok=True)
        return path

    def _every_clip(self, entry: Entry, options: SynthOptions, keys: list[str], timeout: float,
                    late: str) -> list[Clip]:
        """Every clip of the article, made in the background queue, all in the cache at once when returned."""
        deadline = time.monotonic() + timeout
        with self._lock:
            self._errors.pop((entry.id, options), None)
        while True:  # until every clip is in the cache at once: one may be evicted or cleared while others are made
            with self._lock:
                futures = [self._submit(key, BACKGROUND) for key in keys]
            clips = [_wait(future, deadline, late) for future in futures]
            if all(self._cache.get(clip.key) is not None for clip in clips):
                return clips
            if time.monotonic() > deadline:
                raise EngineError(late)

    def episode_sizes(self) -> dict[str, int]:
        """The size of each article's episode file made so far (one voice choice's: a new one replaces it)."""
        sizes: dict[str, int] = {}
        try:
            with os.scandir(self._episodes_dir) as found:
                for item in found:
                    article_id, dash, rest = item.name.partition("-")
                    if dash and rest.endswith(".mp3") and not item.name.startswith("."):
                        with suppress(OSError):
                            sizes[article_id] = item.stat().st_size
        except OSError:  # no episode made yet
            pass
        return sizes

    def episode_path(self, entry: Entry, options: SynthOptions) -> Path:
        """Where the article's episode MP3 for this voice choice is (or will be) kept."""
        made_of = "\n".join([*self.keys(entry, options), repr(self.pauses)])
        fingerprint = hashlib.sha256(made_of.encode()).hexdigest()[:16]
        return self._episodes_dir / f"{entry.id}-{fingerprint}.mp3"

    def forget(self, article_id: str) -> None:
        """Drop a deleted article: its queued clips are not made (unless another article speaks the same
        sentence with the same voice choice: that article takes the job over) and its episode files are removed."""
        with self._lock:
            for pair in [pair for pair in self._keys if pair[0] == article_id]:
                for key in self._keys.pop(pair):
                    job = self._jobs.get(key)
                    if job is None or job.article_id != article_id:
                        continue  # another article's job (the same sentence): it stays
                    heir = self._other_user(key, job)
                    if heir is not None:
                        self._jobs[key] = heir
                        continue
                    del self._jobs[key]
                    future = self._futures.pop(key, None)
                    if future is not None:
                        future.cancel()
                self._errors.pop(pair, None)
            self._scripts.pop(article_id, None)
            self._timed.discard(article_id)
        for path in self._episodes_dir.glob(f"{article_id}-*"):
            path.unlink(missing_ok=True)

    def _other_user(self, key: str, job: _Job) -> _Job | None:
        """The same clip's job as another article still using it, if any; the caller holds the lock."""
        for (article_id, options), keys in self._keys.items():
            if article_id != job.article_id and options == job.options and key in keys:
                return _Job(article_id, self._scripts[article_id], options, keys.index(key))
        return None

    def close(self) -> None:
        """Stop the workers (after the clip each is making) and close the synthesizers."""
        self._planner.shutdown(wait=True, cancel_futures=True)
        for _ in self._threads:
            self._queue.put((STOP, next(self._order), ""))
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads[-1].join(timeout=10)  # the warm-up, if it is still loading a model
        with self._lock:
            synthesizers = [self._default, *self._synthesizers.values(), *self._evicted]
            self._synthesizers.clear()
            self._evicted.clear()
        for synthesizer in synthesizers:
            synthesizer.close()

    def synthesizers(self) -> list[SynthOptions]:
        """The voice choices with a synthesizer kept now: the default, then the others, least recently used first."""
        with self._lock:
            return [_voice(self.default_options), *self._synthesizers]

    @contextmanager
    def _using(self, options: SynthOptions) -> Iterator[Synthesizer]:
        """The voice choice's synthesizer (made if needed), not closed while the caller uses it.

        Besides the default, at most MAX_SYNTHESIZERS are kept: making another evicts the least recently
        used one, closed as soon as no thread is using it. Synthesizers do not differ by pronunciation rules:
        the callers pass the rules of `options` to each call."""
        voice = _voice(options)
        with self._lock:
            if voice == _voice(self.default_options):
                synthesizer = self._default
            else:
                synthesizer = self._synthesizers.get(voice)
                if synthesizer is None:
                    synthesizer = self._synthesizers[voice] = Synthesizer(voice, self._settings)
                self._synthesizers.move_to_end(voice)
                while len(self._synthesizers) > MAX_SYNTHESIZERS:
                    self._evict(self._synthesizers.popitem(last=False)[1])
            self._in_use[synthesizer] += 1
        try:
            yield synthesizer
        finally:
            with self._lock:
                self._in_use[synthesizer] -= 1
                if not self._in_use[synthesizer]:
                    del self._in_use[synthesizer]
                idle = [old for old in self._evicted if old not in self._in_use]
                self._evicted = [old for old in self._evicted if old in self._in_use]
            for old in idle:
                old.close()

    def _evict(self, synthesizer: Synthesizer) -> None:
        """Drop a voice choice's synthesizer and its clips still queued: a listener asking for one queues it
        again (one already waiting for it, after four other voice choices were used meanwhile, is told to
        reload). The caller holds the lock."""
        self._evicted.append(synthesizer)
        for (_, options), keys in self._keys.items():
            if _voice(options) == synthesizer.options:
                for key in keys:
                    job, future = self._jobs.get(key), self._futures.get(key)
                    if job is not None and _voice(job.options) == synthesizer.options and future is not None \
                            and not future.running():
                        future.cancel()

    def _warm(self) -> None:
        """Load the default engine and its model now (in the background), so the first clip costs only its own
        synthesis: a voice loads its model only to speak, so the warm-up speaks one short clip (then cached)."""
        try:
            self._default.clip(_WARM_UP, 0)
        except Exception as error:  # noqa: BLE001 - the first real clip reports it to the listener
            _log.info("The default voice did not warm up: %s", error)
        finally:
            self.warmed.set()

    def _register_library(self) -> None:
        """After a restart, learn the default voice's clip keys of every article, so old links still work."""
        for listed in self._library.entries():
            try:
                self.keys(self._library.get(listed.id), self.default_options)
            except NotFoundError:
                continue  # deleted meanwhile
        with self._lock:
            self._registered_library = True

    def _submit(self, key: str, priority: int) -> Future[Clip]:
        """Queue the clip unless it is made (and still in the cache) or being made; the caller holds the lock."""
        future = self._futures.get(key)
        if future is None or future.cancelled() or (future.done() and (
                future.exception() is not None or not future.result().path.exists())):  # failed, or evicted since
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
                clip = self._make(key, job, priority)
            except Exception as error:  # noqa: BLE001 - every failure is reported, none kills the worker
                self._failed(job, future, error)
            else:
                future.set_result(clip)
                if job.options == self.default_options and job.article_id not in self._timed:
                    self._record_duration(job)

    def _make(self, key: str, job: _Job, priority: int) -> Clip:
        """Make one clip (here, in this process; server.queued hands it to the job queue's workers instead)."""
        with self._using(job.options) as synthesizer:
            return synthesizer.clip(job.script, job.index, job.options.pronunciations)

    def _failed(self, job: _Job, future: Future[Clip], error: Exception) -> None:
        if isinstance(error, OSError):
            error = self._cache_error(error)
        elif not isinstance(error, AudionewsError):
            error = EngineError(f"Making the speech failed unexpectedly ({type(error).__name__}: {error}).")
        future.set_exception(error)
        with self._lock:
            self._errors[(job.article_id, job.options)] = str(error)
            for key in self._keys.get((job.article_id, job.options), []):  # the rest would fail the same way,
                owner = self._jobs.get(key)  # but a clip another article also uses is still made for that one
                if owner is None or owner.article_id != job.article_id or self._other_user(key, owner) is not None:
                    continue
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
            narration = audio.join(job.script, [f.result() for f in futures if f is not None], self.pauses)
            self._library.set_duration(job.article_id, round(narration.duration, 1))
        except (AudionewsError, OSError) as error:  # deleted meanwhile, or a clip evicted: the estimate stays
            _log.info("Not storing the length of article %s: %s", job.article_id, error)
            return
        self._timed.add(job.article_id)


def _voice(options: SynthOptions) -> SynthOptions:
    """The voice choice without its pronunciation rules: what one synthesizer serves."""
    return replace(options, pronunciations=NO_RULES)


def _wait(future: Future[Clip], deadline: float, late: str) -> Clip:
    """The clip, or the EngineError its synthesis raised, or EngineError(late) once the deadline passes."""
    try:
        return future.result(max(0.0, deadline - time.monotonic()))
    except FutureTimeout:
        raise EngineError(late) from None
    except CancelledError:
        raise EngineError("This audio was not made: its article was deleted or an earlier clip failed; "
                          "reload the page to try again.") from None
