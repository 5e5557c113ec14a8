"""Worker processes for engines that must not share a process or be forked (pyttsx3, neural voices).

`WorkerPool("module:factory", size)` runs `factory()` once in each worker, a fresh Python process
(spawned, never forked: a process forked from one that used libespeak-ng can hang; and unlike
multiprocessing's spawn it never re-imports the caller's main script), and gives it one job
at a time. Workers ignore SIGINT: Ctrl-C in a terminal reaches them too, and the parent, not a
KeyboardInterrupt traceback in each of them, decides how to stop. Every exchange has a timeout. A worker that fails a job, dies or hangs is killed and
replaced, and the job is tried once more on a fresh worker; a second failure is an EngineError.
The pool is thread-safe: each calling thread borrows an idle worker, so `size` jobs run at once.
"""
from __future__ import annotations

import importlib
import os
import queue
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from audionews.errors import EngineError

START_TIMEOUT = 60.0  # seconds for a new worker to import, load and warm up its engine
MAX_START_FAILURES = 3  # background starts (`WorkerPool.start`) stop after this many workers failed to start

# A worker imports only the modules it names, not the __init__ of their packages (the package's
# pulls in the whole article pipeline, which would cost each worker a second or more to start).
_BOOTSTRAP = """
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent stops the workers
import importlib.util, sys, types
for module in ("audionews.speech.engines.workers", sys.argv[1].partition(":")[0]):
    parts = module.split(".")
    for name in (".".join(parts[:depth]) for depth in range(1, len(parts))):
        if name not in sys.modules:
            package = types.ModuleType(name)
            package.__path__ = list(importlib.util.find_spec(name).submodule_search_locations)
            sys.modules[name] = package
from audionews.speech.engines.workers import serve
serve(sys.argv[1])
"""


def serve(factory: str) -> None:
    """A worker's life: build the handler `module:name`, say so, then answer one job at a time.

    Jobs arrive on stdin and answers leave on what was stdout; the real stdout is sent to
    /dev/null so that an engine that prints (pyttsx3 does) cannot garble the answers.
    """
    incoming = Connection(os.dup(0), writable=False)
    outgoing = Connection(os.dup(1), readable=False)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 0)
    os.dup2(null, 1)
    try:
        module, _, name = factory.partition(":")
        handler = getattr(importlib.import_module(module), name)()
    except Exception as error:  # reported to the parent, which raises EngineError
        outgoing.send(("error", f"{type(error).__name__}: {error}"))
        return
    outgoing.send(("ready", None))
    while True:
        try:
            job = incoming.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            outgoing.send(("ok", handler(job)))
        except Exception as error:
            outgoing.send(("error", f"{type(error).__name__}: {error}"))


class WorkerFailed(Exception):
    """A worker died, hung or reported an error; it must be replaced."""


class _Worker:
    def __init__(self, factory: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", _BOOTSTRAP, factory],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.outgoing = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.incoming = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        try:
            self._receive(START_TIMEOUT)
        except WorkerFailed:
            self.kill()
            raise

    def _receive(self, timeout: float) -> Any:
        try:
            if not self.incoming.poll(timeout):
                raise WorkerFailed(f"no answer within {timeout:.0f} s")
            status, value = self.incoming.recv()
        except (EOFError, OSError):
            raise WorkerFailed(f"the worker process died (exit code {self._exit_code()})") from None
        if status == "error":
            raise WorkerFailed(value)
        return value

    def _exit_code(self) -> int | None:
        try:
            return self.process.wait(1)
        except subprocess.TimeoutExpired:
            return None

    def call(self, job: Any, timeout: float) -> Any:
        try:
            self.outgoing.send(job)
        except OSError:
            raise WorkerFailed(f"the worker process died (exit code {self._exit_code()})") from None
        return self._receive(timeout)

    def stop(self) -> None:
        try:
            self.outgoing.send(None)
            self.process.wait(2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        self.outgoing.close()
        self.incoming.close()


class WorkerPool:
    def __init__(self, factory: str, size: int | None = None, name: str = "audionews-worker") -> None:
        self.factory = factory
        self.size = max(1, size or os.cpu_count() or 1)
        self.name = name
        self.started = 0  # workers ever started (a replaced worker counts again)
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()  # the warmest worker first
        self._slots = threading.BoundedSemaphore(self.size)
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._starting = 0
        self._start_failures = 0
        self._closed = False

    def pids(self) -> list[int]:
        with self._lock:
            return [worker.process.pid for worker in self._all if worker.process.pid is not None]

    def _borrow(self) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        worker = _Worker(self.factory)
        with self._lock:
            self.started += 1
            self._all.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def start(self) -> None:
        """Start workers up to the pool's size in the background; each joins the idle ones when ready."""
        with self._lock:
            giving_up = self._closed or self._start_failures >= MAX_START_FAILURES
            missing = 0 if giving_up else self.size - len(self._all) - self._starting
            self._starting += max(missing, 0)
        for _ in range(missing):
            threading.Thread(target=self._start_one, name=f"{self.name}-start", daemon=True).start()

    def _start_one(self) -> None:
        try:
            worker = _Worker(self.factory)
        except WorkerFailed:
            worker = None  # the callers carry on without it
        with self._lock:
            self._starting -= 1
            self._start_failures += worker is None
            if worker is not None and not self._closed:
                self.started += 1
                self._all.add(worker)
                self._idle.put(worker)
                return
        if worker is not None:
            worker.stop()

    def try_run(self, job: Any, timeout: float) -> tuple[bool, Any]:
        """(True, answer) from a worker that is idle right now, else (False, None) at once.

        A worker that fails is replaced in the background and (False, None) returned: the caller
        does the job another way.
        """
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            return False, None
        try:
            result = worker.call(job, timeout)
        except WorkerFailed:
            self._discard(worker)
            self.start()
            return False, None
        self._idle.put(worker)
        return True, result

    def run(self, job: Any, timeout: float) -> Any:
        """The handler's answer to `job` from some worker; EngineError after a failure and a failed retry."""
        with self._slots:
            if self._closed:
                raise EngineError(f"The {self.name} workers were shut down; start a new synthesis.")
            failures = []
            for _ in range(2):
                try:
                    worker = self._borrow()
                except WorkerFailed as failure:
                    failures.append(f"could not start: {failure}")
                    continue
                try:
                    result = worker.call(job, timeout)
                except WorkerFailed as failure:
                    failures.append(str(failure))
                    self._discard(worker)
                    continue
                self._idle.put(worker)
                return result
        raise EngineError(f"The {self.name} engine failed twice on the same text ({'; then '.join(failures)}).")

    def close(self) -> None:
        """Stop every worker (one still starting stops itself when ready)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
