"""The content-addressed clip cache: `<key>.wav` files (16-bit mono PCM at 22050 Hz) in one folder.

- A key is a hash of everything that changes a clip (`clip_key`), so a clip is made once and reused.
- Writes are atomic (a temp file named with the writer's pid, then `os.replace`), so no reader
  ever sees half a clip under its final name, even if the writer crashes.
- `get_or_make` holds an exclusive `flock` on `.locks/<key>.lock` while it makes a clip, so the
  same clip asked for at once by several threads or processes is made once.
- `get` checks the header against the file size: truncated or foreign files count as missing
  and are remade. A bad file is removed only if it is still the file that was checked (same
  inode), so a clip another writer has just renamed into place is never deleted.
- Size cap: `max_mb` (AUDIONEWS_CACHE_MAX_MB), by default DEFAULT_MAX_MB (2 GB) but never more than a
  tenth of the disk space free when the cache is opened. A hit touches the file's mtime, which is what
  eviction (least recently used first) goes by. A clip this ClipCache made or handed out in the last `PROTECT_SECONDS` is never evicted
  by it, so a run's own clips survive until it has read them even when one article is bigger than
  the cap; the cache may then exceed the cap until `release()` (called when a Synthesizer closes),
  the next put after the protection lapses, or `audionews cache prune`.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from audionews.errors import NotFoundError, OutputError
from audionews.speech.engines.base import COMMON_SAMPLE_RATE, Audio

HEADER_BYTES = 44
DEFAULT_MAX_MB = 2048  # the cap without AUDIONEWS_CACHE_MAX_MB ...
FREE_DISK_SHARE = 0.1  # ... and never more than this share of the free disk space
PROTECT_SECONDS = 600.0  # how long a clip this process made or used is safe from its own evictions
_KEY = re.compile(r"[0-9a-f]{16,64}")
_TEMP = re.compile(r"\.(?P<key>[0-9a-f]+)\.(?P<pid>\d+)\.\w+\.tmp")


def clip_key(identity: str, voice: str | None, rate: int, language: str, volume: float, text: str) -> str:
    """The cache key of a clip: a hash of the engine identity, voice, rate, language, volume and spoken text."""
    fields = json.dumps([identity, voice, rate, language, round(volume, 3), text], ensure_ascii=False)
    return hashlib.sha256(fields.encode()).hexdigest()[:40]


def wav_header(frames: int, sample_rate: int = COMMON_SAMPLE_RATE) -> bytes:
    data = frames * 2
    return struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + data, b"WAVE", b"fmt ", 16, 1, 1,
                       sample_rate, sample_rate * 2, 2, 16, b"data", data)


def default_max_bytes(directory: Path) -> int:
    """The cap of a cache in directory when none is set: DEFAULT_MAX_MB, or a tenth of the free space if less."""
    return min(DEFAULT_MAX_MB * 1024 * 1024, int(shutil.disk_usage(directory).free * FREE_DISK_SHARE))


@dataclass(frozen=True)
class CacheStats:
    clips: int
    bytes: int
    max_bytes: int


class ClipCache:
    def __init__(self, directory: Path, max_mb: float | None = None) -> None:
        """A cache in directory (made if missing), capped at max_mb megabytes (None: the default cap)."""
        self.directory = Path(directory)
        self._locks = self.directory / ".locks"
        try:
            self._locks.mkdir(parents=True, exist_ok=True)
            self.max_bytes = default_max_bytes(self.directory) if max_mb is None else int(max_mb * 1024 * 1024)
        except OSError as error:
            raise OutputError(f"Cannot create the audio cache folder {self.directory}: {error.strerror}.") from None
        self.default_cap = max_mb is None
        self._size_lock = threading.RLock()
        self._approx_bytes: int | None = None  # this process's running estimate, rescanned when over the cap
        self._used: dict[str, float] = {}  # clip file name → when this cache last made or handed it out

    def path_for(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise NotFoundError(f"{key!r} is not a clip name; clip names are hexadecimal hashes.")
        return self.directory / f"{key}.wav"

    def frames(self, path: Path) -> int | None:
        """The number of frames in a complete clip file, or None if it is missing, truncated or not a clip."""
        try:
            with open(path, "rb") as file:
                return _frames(file.read(HEADER_BYTES), os.fstat(file.fileno()).st_size)
        except OSError:
            return None

    def get(self, key: str) -> Path | None:
        """The clip's path if a valid, complete clip is cached (a bad one is removed), else None."""
        found = self.lookup(key)
        return found[0] if found else None

    def lookup(self, key: str) -> tuple[Path, int] | None:
        """`get`, with the clip's number of frames."""
        path = self.path_for(key)
        try:
            file = open(path, "rb")
        except OSError:
            return None  # missing (or unreadable: the clip is made again and replaces it)
        with file:
            frames = _frames(file.read(HEADER_BYTES), os.fstat(file.fileno()).st_size)
            if frames is None:
                _unlink_if_same(path, file.fileno())  # truncated or foreign: it will be made again
                return None
        try:
            os.utime(path)  # least recently used eviction goes by mtime
        except FileNotFoundError:
            return None  # evicted by another process just now
        self._protect(path)
        return path, frames

    def put(self, key: str, audio: Audio) -> Path:
        """Store a clip atomically and return its path; evicts old clips if over the size cap."""
        if audio.sample_rate != COMMON_SAMPLE_RATE:
            raise ValueError(f"Clips must be {COMMON_SAMPLE_RATE} Hz, not {audio.sample_rate} Hz.")
        path = self.path_for(key)
        temp = self.directory / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
        try:
            with open(temp, "wb") as file:
                file.write(wav_header(len(audio.pcm) // 2))
                file.write(memoryview(audio.pcm)[: len(audio.pcm) // 2 * 2])
            os.replace(temp, path)
        except OSError as error:
            temp.unlink(missing_ok=True)
            raise OutputError(f"Cannot write to the audio cache {self.directory}: {error.strerror}.") from None
        self._protect(path)
        self._account(path)
        return path

    def get_or_make(self, key: str, make: Callable[[], Audio]) -> tuple[Path, int, bool]:
        """The cached clip, made by `make()` if missing (once, however many ask at once).

        Returns its path, its number of frames and whether it was made by this call.
        """
        found = self.lookup(key)
        if found is not None:
            return *found, False
        with open(self._locks / f"{key}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                found = self.lookup(key)
                if found is not None:
                    return *found, False
                audio = make()
                return self.put(key, audio), len(audio.pcm) // 2, True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _clips(self) -> list[os.DirEntry[str]]:
        with os.scandir(self.directory) as entries:
            return [e for e in entries if e.name.endswith(".wav") and _KEY.fullmatch(e.name[:-4])]

    def stats(self) -> CacheStats:
        sizes = []
        for entry in self._clips():
            try:
                sizes.append(entry.stat().st_size)
            except FileNotFoundError:
                continue  # evicted by another process just now
        return CacheStats(clips=len(sizes), bytes=sum(sizes), max_bytes=self.max_bytes)

    def _protect(self, path: Path) -> None:
        with self._size_lock:
            self._used[path.name] = time.monotonic()

    def release(self) -> None:
        """Drop the protection of this cache's recently used clips and evict down to the cap."""
        with self._size_lock:
            self._used.clear()
            try:
                self._approx_bytes = self.evict()
            except OSError:  # the folder was removed or replaced: nothing of it to evict
                self._approx_bytes = None

    def _account(self, newest: Path) -> None:
        with self._size_lock:
            if self._approx_bytes is None:
                self._approx_bytes = self.stats().bytes
            else:
                try:
                    self._approx_bytes += newest.stat().st_size
                except FileNotFoundError:
                    pass  # evicted by another process already
            if self._approx_bytes > self.max_bytes:
                self._approx_bytes = self.evict()

    def evict(self) -> int:
        """Remove least recently used clips until the cache fits its cap; returns the bytes left.

        Clips this cache made or handed out in the last PROTECT_SECONDS are kept (and counted).
        """
        with self._size_lock:
            entries = []
            for entry in self._clips():
                try:
                    status = entry.stat()
                except FileNotFoundError:
                    continue
                entries.append((status.st_mtime_ns, status.st_size, Path(entry.path)))
            total = sum(size for _, size, _ in entries)
            recent = time.monotonic() - PROTECT_SECONDS
            self._used = {name: used for name, used in self._used.items() if used > recent}
            for _, size, path in sorted(entries):
                if total <= self.max_bytes:
                    break
                if path.name not in self._used:
                    path.unlink(missing_ok=True)
                    total -= size
            return total

    def prune(self) -> int:
        """Remove corrupt clips, temp files of writers that died and unused locks, then evict to the cap.

        Returns the number of clip and temp files removed.
        """
        removed = 0
        for entry in self._clips():
            try:
                with open(entry.path, "rb") as file:
                    if _frames(file.read(HEADER_BYTES), os.fstat(file.fileno()).st_size) is None:
                        removed += _unlink_if_same(Path(entry.path), file.fileno())
            except OSError:
                continue  # gone already, or not ours to judge
        for temp in self.directory.glob(".*.tmp"):
            match = _TEMP.fullmatch(temp.name)
            if match is None or not _alive(int(match["pid"])):
                temp.unlink(missing_ok=True)
                removed += 1
        self._remove_unused_locks()
        before = len(self._clips())
        with self._size_lock:
            self._approx_bytes = self.evict()
        return removed + before - len(self._clips())

    def clear(self) -> int:
        """Remove every clip; returns how many."""
        clips = self._clips()
        for entry in clips:
            Path(entry.path).unlink(missing_ok=True)
        self._remove_unused_locks()
        with self._size_lock:
            self._approx_bytes = None
        return len(clips)

    def _remove_unused_locks(self) -> int:
        removed = 0
        for lock_path in self._locks.glob("*.lock"):
            with open(lock_path, "a") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # someone is making this clip right now
                lock_path.unlink(missing_ok=True)
                removed += 1
        return removed


def _frames(header: bytes, size: int) -> int | None:
    """The number of frames of a clip with this header and file size, or None if it is not a complete clip."""
    if len(header) < HEADER_BYTES:
        return None
    data_size = struct.unpack_from("<I", header, 40)[0]
    if header != wav_header(data_size // 2) or data_size % 2 or size != HEADER_BYTES + data_size:
        return None
    return data_size // 2


def _unlink_if_same(path: Path, descriptor: int) -> bool:
    """Remove `path` if it is still the file open as `descriptor` (not one renamed into place since)."""
    opened = os.fstat(descriptor)
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    if (now.st_ino, now.st_dev) != (opened.st_ino, opened.st_dev):
        return False
    path.unlink(missing_ok=True)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
