"""The gTTS engine (online): Google Translate's voices, MP3 decoded by ffmpeg to the common format.

Voice ids are a gTTS language, optionally ":" a Google host domain that gives it an accent
("en", "en:co.uk", "fr:ca"). Every request has an explicit timeout (gTTS's default waits forever
on a silent network). Rate maps to gTTS's slow mode below 120 words per minute and to ffmpeg's
`atempo` otherwise (taking Google's normal pace as 175 words per minute).
`base_url` points the real gTTS client at another host (tests use a loopback stand-in).
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

import requests

from audionews.config import GTTS_TIMEOUT_SECONDS
from audionews.errors import EngineError, NotFoundError
from audionews.model import VoiceRole
from audionews.speech.engines.base import COMMON_SAMPLE_RATE, Audio, SpeechRequest, Voice

ACCENTS = {  # Google hosts that change a language's accent; the first is the narrator's
    "en": ("com", "co.uk", "com.au", "ca", "co.in", "ie", "co.za"),
    "fr": ("fr", "ca"),
    "pt": ("com.br", "pt"),
    "es": ("es", "com.mx"),
}
NORMAL_WPM, SLOW_BELOW_WPM = 175, 120
DEFAULT_TIMEOUT = GTTS_TIMEOUT_SECONDS


def _client_class() -> Any:
    try:
        from gtts import gTTS
    except ImportError:
        raise EngineError("The gTTS package is not installed; run `pip install gTTS`.") from None

    class Client(gTTS):  # type: ignore[misc, valid-type]
        """gTTS, sending its requests to `base_url` instead of translate.google.<tld> when given."""

        base_url: str | None = None

        def _prepare_requests(self) -> list[Any]:
            prepared = super()._prepare_requests()
            if self.base_url:
                base = urlsplit(self.base_url)
                for request in prepared:
                    path = urlsplit(request.url).path
                    request.prepare_url(urlunsplit((base.scheme, base.netloc, base.path.rstrip("/") + path, "", "")), None)
            return prepared

    return Client


def decode_mp3(mp3: bytes, tempo: float = 1.0, timeout: float = 30.0) -> Audio:
    """MP3 bytes → 16-bit mono PCM at the common rate, by ffmpeg, optionally sped up or slowed down."""
    if shutil.which("ffmpeg") is None:
        raise EngineError("ffmpeg is not installed; it is needed to decode online speech (install the ffmpeg package).")
    command = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "mp3", "-i", "pipe:0"]
    if abs(tempo - 1.0) > 0.01:
        command += ["-filter:a", f"atempo={min(max(tempo, 0.5), 2.0):.3f}"]
    command += ["-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-ar", str(COMMON_SAMPLE_RATE), "pipe:1"]
    try:
        done = subprocess.run(command, input=mp3, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise EngineError(f"ffmpeg did not decode the online speech within {timeout:.0f} s.") from None
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode(errors="replace").strip() or "no audio"
        raise EngineError(f"The online speech could not be decoded ({detail}).")
    return Audio(pcm=done.stdout[: len(done.stdout) // 2 * 2], sample_rate=COMMON_SAMPLE_RATE)


class GttsEngine:
    name: ClassVar[str] = "gtts"

    def __init__(self, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.client = _client_class()
        self.base_url = base_url
        self.timeout = timeout

    def _languages(self) -> dict[str, str]:
        from gtts.lang import tts_langs

        return tts_langs()

    def identity(self) -> str:
        from gtts import __version__

        return f"gtts {__version__}"

    def voices(self) -> list[Voice]:
        voices = []
        for language, name in sorted(self._languages().items()):
            for tld in ACCENTS.get(language, ("com",)):
                voice_id = language if tld == ACCENTS.get(language, ("com",))[0] else f"{language}:{tld}"
                voices.append(Voice(id=voice_id, name=f"{name} (Google, translate.google.{tld})",
                                    language=language.lower(), engine=self.name))
        return voices

    def _language(self, language: str) -> str | None:
        by_lower = {code.lower(): code for code in self._languages()}
        wanted = language.lower().replace("_", "-")
        return by_lower.get(wanted) or by_lower.get(wanted.split("-")[0])

    def voice_for(self, language: str, role: VoiceRole = "narrator", speaker: str | None = None,
                  base: str | None = None) -> str | None:
        if base is not None:
            language = base.partition(":")[0]
            if base not in {voice.id for voice in self.voices()}:
                raise NotFoundError(f"There is no gTTS voice {base!r}; `audionews voices --engine gtts` lists them.")
        code = self._language(language)
        if code is None:
            return None
        accents = ACCENTS.get(code, ("com",))
        own = base.partition(":")[2] if base and ":" in base else accents[0]
        others = [tld for tld in accents if tld != own] or [own]
        if role == "narrator":
            tld = own
        elif role == "announcer":
            tld = others[0]
        else:
            spare = others[1:] or others
            tld = spare[hashlib.sha1((speaker or "").strip().lower().encode()).digest()[0] % len(spare)]
        return code if tld == accents[0] else f"{code}:{tld}"

    def synthesize(self, request: SpeechRequest) -> Audio:
        from gtts import gTTSError

        voice = request.voice or self.voice_for(request.language)
        if voice is None:
            raise NotFoundError(f"gTTS has no voice for the language {request.language!r}.")
        language, _, tld = voice.partition(":")
        code = self._language(language)
        if code is None:
            raise NotFoundError(f"There is no gTTS voice {voice!r}; `audionews voices --engine gtts` lists them.")
        if not any(ch.isalnum() for ch in request.text):
            return Audio(pcm=b"", sample_rate=COMMON_SAMPLE_RATE)
        slow = request.rate < SLOW_BELOW_WPM
        client = self.client(request.text, lang=code, tld=tld or ACCENTS.get(code, ("com",))[0], slow=slow,
                             timeout=self.timeout)
        client.base_url = self.base_url
        try:
            mp3 = b"".join(client.stream())
        except gTTSError as error:
            cause = error.__context__  # what requests raised, which gTTS's message leaves out
            if isinstance(cause, requests.Timeout):
                detail = f"no answer within {self.timeout:g} s"
            elif isinstance(cause, requests.ConnectionError):
                detail = "cannot connect"
            else:
                detail = str(error).strip().rstrip(".")  # inside parentheses, mid-sentence
            raise EngineError(f"Google's speech service failed ({detail}); check the network or use an offline "
                              "engine.") from None
        audio = decode_mp3(mp3, tempo=request.rate / (NORMAL_WPM / 2 if slow else NORMAL_WPM))
        if request.volume < 1.0:
            import numpy as np

            samples = np.frombuffer(audio.pcm, dtype="<i2") * max(request.volume, 0.0)
            audio = Audio(pcm=samples.astype("<i2").tobytes(), sample_rate=audio.sample_rate)
        return audio
