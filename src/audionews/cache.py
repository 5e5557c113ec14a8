"""The content-addressed clip cache: `<key>.wav` files (16-bit mono PCM at 22050 Hz) in one folder.

- A key is a hash of everything that changes a clip (`clip_key`), so a clip is made once and reused.
- Writes are atomic (a temp file named with the writer's pid, then `os.replace`), so no reader
  ever sees half a clip under its final name, even if the writer crashes.
- `get_or_make` holds an exclusive `flock` on `.locks/<key>.lock` while it makes a clip, so the
  same clip asked for at once by several threads or processes is made once.
- `get` checks the header against the file size: truncated or foreign files count as missing
  and are remade. A hit touches the file's mtime, which is what size-capped eviction (least
  recently used first) goes by.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from audionews.engines.base import COMMON_SAMPLE_RATE, Audio
from audionews.errors import NotFoundError, OutputError

HEADER_BYTES = 44
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


@dataclass(frozen=True)
class CacheStats:
    clips: int
    bytes: int
    max_bytes: int | None


class ClipCache:
    def __init__(self, directory: Path, max_mb: float | None = None) -> None:
        self.directory = Path(directory)
        self.max_bytes = None if max_mb is None else int(max_mb * 1024 * 1024)
        self._locks = self.directory / ".locks"
        try:
            self._locks.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"Cannot create the audio cache folder {self.directory}: {error.strerror}.") from None
        self._size_lock = threading.Lock()
        self._approx_bytes: int | None = None  # this process's running estimate, rescanned when over the cap

    def path_for(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise NotFoundError(f"{key!r} is not a clip name; clip names are hexadecimal hashes.")
        return self.directory / f"{key}.wav"

    def frames(self, path: Path) -> int | None:
        """The number of frames in a complete clip file, or None if it is truncated or not a clip."""
        try:
            with open(path, "rb") as file:
                header = file.read(HEADER_BYTES)
                size = os.fstat(file.fileno()).st_size
        except OSError:
            return None
        if len(header) < HEADER_BYTES:
            return None
        data_size = struct.unpack_from("<I", header, 40)[0]
        if header != wav_header(data_size // 2) or data_size % 2 or size != HEADER_BYTES + data_size:
            return None
        return data_size // 2

    def get(self, key: str) -> Path | None:
        """The clip's path if a valid, complete clip is cached (a bad one is removed), else None."""
        found = self.lookup(key)
        return found[0] if found else None

    def lookup(self, key: str) -> tuple[Path, int] | None:
        """`get`, with the clip's number of frames."""
        path = self.path_for(key)
        frames = self.frames(path)
        if frames is None:
            if path.exists():
                path.unlink(missing_ok=True)  # truncated or foreign: it will be made again
            return None
        try:
            os.utime(path)  # least recently used eviction goes by mtime
        except FileNotFoundError:
            return None  # evicted by another process just now
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
        sizes = [entry.stat().st_size for entry in self._clips()]
        return CacheStats(clips=len(sizes), bytes=sum(sizes), max_bytes=self.max_bytes)

    def _account(self, newest: Path) -> None:
        if self.max_bytes is None:
            return
        with self._size_lock:
            if self._approx_bytes is None:
                self._approx_bytes = self.stats().bytes
            else:
                self._approx_bytes += newest.stat().st_size
            if self._approx_bytes > self.max_bytes:
                self._approx_bytes = self.evict(keep=newest)

    def evict(self, keep: Path | None = None) -> int:
        """Remove least recently used clips until the cache fits its cap; returns the bytes left."""
        entries = []
        for entry in self._clips():
            try:
                entries.append((entry.stat().st_mtime_ns, entry.stat().st_size, Path(entry.path)))
            except FileNotFoundError:
                continue
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if self.max_bytes is None or total <= self.max_bytes:
                break
            if path != keep:
                path.unlink(missing_ok=True)
                total -= size
        return total

    def prune(self) -> int:
        """Remove corrupt clips, temp files of writers that died and unused locks, then evict to the cap.

        Returns the number of clip and temp files removed.
        """
        removed = 0
        for entry in self._clips():
            if self.frames(Path(entry.path)) is None:
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
        for temp in self.directory.glob(".*.tmp"):
            match = _TEMP.fullmatch(temp.name)
            if match is None or not _alive(int(match["pid"])):
                temp.unlink(missing_ok=True)
                removed += 1
        self._remove_unused_locks()
        before = len(self._clips())
        self.evict()
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
