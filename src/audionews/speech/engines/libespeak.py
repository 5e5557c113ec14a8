"""libespeak-ng through ctypes: this process's copy of the library, and helper processes with their own.

Kept apart from espeak.py, and light to import, so that a helper process starts in a few tens of
milliseconds: it imports only this module, engines/workers.py and errors.py.
"""
from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import functools
import itertools
import os
import threading
from typing import Any

from audionews.errors import EngineError, NotFoundError
from audionews.speech.engines.workers import WorkerPool

SAMPLE_RATE = 22050  # what libespeak-ng makes, and engines.base.COMMON_SAMPLE_RATE (a test checks)

_AUDIO_OUTPUT_SYNCHRONOUS, _POS_CHARACTER, _CHARS_UTF8, _ENDPAUSE, _RATE, _VOLUME = 2, 1, 1, 0x1000, 1, 2
_BUFFER_MS = 1000  # audio handed back per callback: fewer callbacks, each taking the GIL


class _VoiceStruct(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_void_p), ("identifier", ctypes.c_char_p),
                ("gender", ctypes.c_ubyte), ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte),
                ("xx1", ctypes.c_ubyte), ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


_Callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class Library:
    """libespeak-ng loaded in this process: the fast lane (no process start) for one text at a time.

    espeak-ng keeps global state, so a lock lets one thread in at a time (ctypes releases the GIL
    while it works, so other threads meanwhile use helper processes). The library belongs to the
    process that initialised it: a forked child must not use it (it can hang), so it checks the pid.
    """

    def __init__(self) -> None:
        try:
            self.lib = ctypes.CDLL("libespeak-ng.so.1")
        except OSError:  # not that name here: ask the system (slower: it runs ldconfig)
            name = ctypes.util.find_library("espeak-ng")
            if name is None:
                raise EngineError("The libespeak-ng library is not installed; install the libespeak-ng1 package.") from None
            self.lib = ctypes.CDLL(name)
        self.lib.espeak_Info.restype = ctypes.c_char_p
        self.lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_VoiceStruct))
        self.lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                          ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        self.version = self.lib.espeak_Info(None).decode()  # needs no initialisation
        self.lock = threading.Lock()
        self.pid = os.getpid()
        self.data_dir = ""
        self._pieces: list[bytes] = []
        self._callback = _Callback(self._collect)  # kept referenced: the library calls it later
        self._ready = False

    def warm(self) -> None:
        """Load espeak-ng's data now rather than at the first text."""
        with self.lock:
            self._initialise()

    def _initialise(self) -> None:
        """Load espeak-ng's data (tens of milliseconds), once, under the lock."""
        if self._ready:
            return
        if self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, _BUFFER_MS, None, 0) != SAMPLE_RATE:
            raise EngineError("libespeak-ng could not start; check the espeak-ng-data installation.")
        self.lib.espeak_SetSynthCallback(self._callback)
        path = ctypes.c_char_p()
        self.lib.espeak_Info(ctypes.byref(path))
        self.data_dir = (path.value or b"").decode()
        self._ready = True

    def _collect(self, wav: Any, samples: int, events: Any) -> int:
        if samples > 0:
            self._pieces.append(ctypes.string_at(wav, samples * 2))
        return 0

    def voices(self) -> list[tuple[str, str, int, list[tuple[str, int]]]]:
        """(name, voice file, gender, [(language, priority), …]) for every language voice."""
        found = []
        with self.lock:
            self._initialise()
            listing = self.lib.espeak_ListVoices(None)
            for index in itertools.count():
                if not listing[index]:
                    break
                voice = listing[index].contents
                identifier = voice.identifier.decode()
                if identifier.startswith(("mb/", "!v")):
                    continue  # MBROLA voices need extra packages; variants are not voices
                languages, offset = [], 0  # (priority byte, language, NUL) pairs, ended by a 0 priority
                while (priority := ctypes.c_ubyte.from_address(voice.languages + offset).value) != 0:
                    language = ctypes.string_at(voice.languages + offset + 1).decode()
                    languages.append((language, priority))
                    offset += len(language) + 2
                found.append((voice.name.decode(), identifier, voice.gender, languages))
        return found

    def usable(self) -> bool:
        return os.getpid() == self.pid

    def wait(self, seconds: float = 0.05) -> None:
        """Until the library is free (or a moment has passed, when a helper may be free instead)."""
        if self.lock.acquire(timeout=seconds):
            self.lock.release()

    def synthesize(self, text: str, voice: str, rate: int, amplitude: int) -> bytes | None:
        """The PCM of `text`, or None at once if another thread is using the library."""
        if not self.lock.acquire(blocking=False):
            return None
        try:
            self._initialise()
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise NotFoundError(f"There is no espeak-ng voice {voice!r}; `audionews voices --engine espeak` lists them.")
            for _ in range(2):  # after a voice change, one setting is sometimes ignored (see pyttsx3_engine.py)
                self.lib.espeak_SetParameter(_RATE, rate, 0)
                self.lib.espeak_SetParameter(_VOLUME, amplitude, 0)
            self._pieces = []
            data = text.encode()
            status = self.lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8 | _ENDPAUSE,
                                           None, None)
            pcm, self._pieces = b"".join(self._pieces), []
        finally:
            self.lock.release()
        if status != 0:
            raise EngineError(f"libespeak-ng failed to speak (error {status}).")
        return pcm


@functools.cache
def library() -> Library:
    return Library()


class Helper:
    """Lives in a helper process (engines/workers.py): this process's library, one text per job."""

    def __init__(self) -> None:
        library().warm()

    def __call__(self, job: tuple[str, str, int, int]) -> bytes | None:
        return library().synthesize(*job)


@functools.cache
def helpers() -> WorkerPool:
    """Helper processes that speak beside this one's library: one per further CPU core."""
    pool = WorkerPool(f"{__name__}:Helper", size=max((os.cpu_count() or 1) - 1, 1), name="espeak-ng")
    atexit.register(pool.close)
    return pool
