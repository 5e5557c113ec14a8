"""The clip cache: atomic, made once under concurrency, self-repairing, size-capped."""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from audionews.errors import NotFoundError
from audionews.speech.cache import HEADER_BYTES, ClipCache, clip_key
from audionews.speech.engines.base import COMMON_SAMPLE_RATE, Audio


def tone(seconds: float, level: int = 1000) -> Audio:
    frames = round(seconds * COMMON_SAMPLE_RATE)
    samples = [level if n % 2 else -level for n in range(frames)]
    return Audio(pcm=b"".join(s.to_bytes(2, "little", signed=True) for s in samples), sample_rate=COMMON_SAMPLE_RATE)


def key(n: int) -> str:
    return clip_key("test-engine 1", "v", 175, "en", 1.0, f"text {n}")


def test_key_depends_on_every_field() -> None:
    base = ("espeak-ng 1.51", "en-us", 175, "en", 1.0, "Hello.")
    variants = [("espeak-ng 1.52", "en-us", 175, "en", 1.0, "Hello."), ("espeak-ng 1.51", "en-gb", 175, "en", 1.0, "Hello."),
                ("espeak-ng 1.51", "en-us", 176, "en", 1.0, "Hello."), ("espeak-ng 1.51", "en-us", 175, "de", 1.0, "Hello."),
                ("espeak-ng 1.51", "en-us", 175, "en", 0.5, "Hello."), ("espeak-ng 1.51", "en-us", 175, "en", 1.0, "Hello!")]
    keys = {clip_key(*base)} | {clip_key(*v) for v in variants}
    assert len(keys) == 7 and clip_key(*base) == clip_key(*base)


def test_put_then_get_gives_a_valid_wav(tmp_path: Path) -> None:
    import wave

    cache = ClipCache(tmp_path)
    assert cache.get(key(1)) is None
    path = cache.put(key(1), tone(0.5))
    assert path == cache.path_for(key(1)) == tmp_path / f"{key(1)}.wav"
    assert cache.get(key(1)) == path
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, COMMON_SAMPLE_RATE)
        assert wav.getnframes() == cache.frames(path) == round(0.5 * COMMON_SAMPLE_RATE)


def test_names_that_are_not_keys_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        ClipCache(tmp_path).path_for("../../etc/passwd")


def test_truncated_or_corrupt_clip_is_detected_and_remade(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    path = cache.put(key(1), tone(0.5))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert cache.get(key(1)) is None and not path.exists()
    made = []
    frames = round(0.5 * COMMON_SAMPLE_RATE)
    assert cache.get_or_make(key(1), lambda: made.append(1) or tone(0.5)) == (path, frames, True)
    assert made == [1] and path.read_bytes() == data
    assert cache.get_or_make(key(1), lambda: made.append(2) or tone(0.5)) == (path, frames, False) and made == [1]
    path.write_bytes(b"garbage" * 20)
    assert cache.get(key(1)) is None
    path.write_bytes(data[:HEADER_BYTES - 4])
    assert cache.get(key(1)) is None


def test_concurrent_threads_make_one_clip(tmp_path: Path) -> None:
    made = []
    start = threading.Barrier(8)

    def make() -> Audio:
        made.append(1)
        time.sleep(0.2)  # long enough that the others arrive while this one works
        return tone(0.3)

    def ask() -> None:
        cache = ClipCache(tmp_path)
        start.wait()
        cache.get_or_make(key(7), make)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert made == [1]
    assert [p.name for p in tmp_path.glob("*.wav")] == [f"{key(7)}.wav"]


def _make_in_process(directory: str, counter: str, barrier: "multiprocessing.synchronize.Barrier") -> None:
    def make() -> Audio:
        with open(counter, "a") as file:
            file.write("made\n")
        time.sleep(0.3)
        return tone(0.3)

    barrier.wait()
    ClipCache(Path(directory)).get_or_make(key(9), make)


def test_concurrent_processes_make_one_clip(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")  # fast: the children need nothing re-imported
    barrier = context.Barrier(3)
    counter = tmp_path / "counter.txt"
    processes = [context.Process(target=_make_in_process, args=(str(tmp_path), str(counter), barrier)) for _ in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    assert counter.read_text() == "made\n"
    assert len(list(tmp_path.glob("*.wav"))) == 1


def test_size_cap_evicts_least_recently_used(tmp_path: Path) -> None:
    clip_bytes = HEADER_BYTES + round(0.5 * COMMON_SAMPLE_RATE) * 2
    earlier_run = ClipCache(tmp_path, max_mb=3.5 * clip_bytes / 1024 / 1024)
    for n in range(3):
        earlier_run.put(key(n), tone(0.5))
        time.sleep(0.01)
    cache = ClipCache(tmp_path, max_mb=3.5 * clip_bytes / 1024 / 1024)  # a later run
    assert cache.get(key(0)) is not None  # used again: now key 1 is the least recently used
    time.sleep(0.01)
    cache.put(key(3), tone(0.5))
    assert cache.get(key(1)) is None
    assert all(cache.get(key(n)) for n in (0, 2, 3))
    assert cache.stats().bytes <= cache.max_bytes


def test_a_runs_own_clips_survive_a_cap_smaller_than_them_until_released(tmp_path: Path) -> None:
    clip_bytes = HEADER_BYTES + round(0.5 * COMMON_SAMPLE_RATE) * 2
    ClipCache(tmp_path).put(key(9), tone(0.5))  # an older run's clip: evictable
    cache = ClipCache(tmp_path, max_mb=1.5 * clip_bytes / 1024 / 1024)
    paths = [cache.put(key(n), tone(0.5)) for n in range(3)]
    assert cache.get(key(9)) is None
    assert all(path.exists() for path in paths)  # still needed by this run (to be joined, say)
    assert cache.stats().bytes > cache.max_bytes
    cache.release()  # the run is over
    assert cache.stats().bytes <= cache.max_bytes and paths[-1].exists()


def test_a_bad_file_replaced_while_it_was_checked_is_not_deleted(tmp_path: Path) -> None:
    """A reader finds a broken file, a writer renames a fresh clip into place, then the reader cleans up:
    the fresh clip must survive. A named pipe holds the reader between its open and its verdict."""
    cache = ClipCache(tmp_path)
    path = cache.path_for(key(1))
    os.mkfifo(path)
    writer = ClipCache(tmp_path)

    def replace_then_send_junk() -> None:
        with open(path, "wb") as pipe:  # waits for the reader to open the pipe
            writer.put(key(1), tone(0.25))  # the fresh clip takes the name
            pipe.write(b"junk")  # what the reader reads: not a clip

    thread = threading.Thread(target=replace_then_send_junk)
    thread.start()
    assert cache.get(key(1)) is None  # what it opened was bad
    thread.join(timeout=10)
    assert cache.frames(path) == round(0.25 * COMMON_SAMPLE_RATE)  # the fresh clip is still there
    assert cache.get(key(1)) == path


def _write_then_crash(directory: str, name: str) -> None:
    def crash(*args: object) -> None:  # the machine "crashes" with the clip written but not yet renamed
        os.kill(os.getpid(), signal.SIGKILL)

    os.replace = crash  # in this forked child only
    ClipCache(Path(directory)).put(name, Audio(pcm=b"\1\0" * 100_000, sample_rate=COMMON_SAMPLE_RATE))


def test_crash_mid_write_leaves_no_partial_clip(tmp_path: Path) -> None:
    child = multiprocessing.get_context("fork").Process(target=_write_then_crash, args=(str(tmp_path), key(5)))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL
    cache = ClipCache(tmp_path)
    assert not cache.path_for(key(5)).exists() and cache.get(key(5)) is None
    leftovers = list(tmp_path.glob(".*.tmp"))
    assert leftovers  # the dead writer's temp file, which prune removes
    assert cache.prune() == len(leftovers)
    assert not list(tmp_path.glob(".*.tmp"))


def test_prune_keeps_a_live_writers_temp_file_and_clear_empties(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    live = tmp_path / f".{key(1)}.{os.getpid()}.1.tmp"
    live.write_bytes(b"in progress")
    cache.put(key(2), tone(0.2))
    cache.path_for(key(3)).write_bytes(b"RIFF broken")
    assert cache.prune() == 1 and live.exists()
    assert cache.stats().clips == 1
    assert cache.clear() == 1 and cache.stats().clips == 0


def test_cache_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from audionews.cli import main

    monkeypatch.setenv("AUDIONEWS_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("AUDIONEWS_CACHE_MAX_MB", "5")
    cache = ClipCache(tmp_path)
    for n in range(3):
        cache.put(key(n), tone(0.1))
    cache.path_for(key(3)).write_bytes(b"RIFF, but cut short")
    assert main(["cache", "stats"]) == 0
    assert "4 clips" in capsys.readouterr().out
    assert main(["cache", "prune"]) == 0
    out = capsys.readouterr().out
    assert "Removed 1 files" in out and "3 clips" in out and "size cap 5.0 MB" in out
    assert main(["cache", "clear"]) == 0
    assert "Removed 3 clips" in capsys.readouterr().out and cache.stats().clips == 0


def test_a_cache_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    from audionews.errors import OutputError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with pytest.raises(OutputError, match="Cannot create the audio cache folder"):
        ClipCache(blocker / "cache")


def test_the_cache_is_capped_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from audionews.cli import main
    from audionews.config import Settings
    from audionews.errors import UsageError
    from audionews.speech.cache import DEFAULT_MAX_MB

    assert DEFAULT_MAX_MB == 2048
    disk = os.statvfs(tmp_path)
    tenth_of_free = disk.f_bavail * disk.f_frsize // 10
    assert ClipCache(tmp_path).max_bytes == pytest.approx(min(2048 * 1024 * 1024, tenth_of_free), rel=0.01)
    assert Settings.from_env({}).cache_max_mb is None  # no setting: the default cap, not no cap
    assert ClipCache(tmp_path, Settings.from_env({"AUDIONEWS_CACHE_MAX_MB": "300"}).cache_max_mb).max_bytes == \
        300 * 1024 * 1024
    with pytest.raises(UsageError, match="AUDIONEWS_CACHE_MAX_MB"):
        Settings.from_env({"AUDIONEWS_CACHE_MAX_MB": "lots"})

    monkeypatch.setenv("AUDIONEWS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("AUDIONEWS_CACHE_MAX_MB", raising=False)
    assert main(["cache", "stats"]) == 0
    out = capsys.readouterr().out
    assert "size cap none" not in out and "(default" in out
