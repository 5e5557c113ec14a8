"""Reading the WAV bytes engines produce into the common Audio format, and chunking long text.

Engines that write to a pipe (espeak-ng --stdout) cannot seek back to fill in the chunk sizes,
so their headers claim a huge data size; `parse_wav` trusts the bytes actually present instead.
"""
from __future__ import annotations

import re
import struct

from audionews.errors import EngineError
from audionews.speech.engines.base import COMMON_SAMPLE_RATE, Audio


def parse_wav(data: bytes, engine: str) -> Audio:
    """The 16-bit mono PCM inside a WAV file's bytes; raises EngineError if it is anything else."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise EngineError(f"The {engine} engine returned no WAV audio; check that it is installed and working.")
    offset, fmt = 12, None
    while offset + 8 <= len(data):
        chunk_id, size = data[offset:offset + 4], struct.unpack_from("<I", data, offset + 4)[0]
        body = offset + 8
        if chunk_id == b"fmt ":
            fmt = struct.unpack_from("<HHIIHH", data, body)
        elif chunk_id == b"data":
            if fmt is None or fmt[0] != 1 or fmt[1] != 1 or fmt[5] != 16:
                raise EngineError(f"The {engine} engine returned audio in an unexpected format {fmt}.")
            pcm = data[body:body + size]
            return Audio(pcm=pcm[: len(pcm) // 2 * 2], sample_rate=fmt[2])
        offset = body + size + (size & 1)
    raise EngineError(f"The {engine} engine returned a WAV file without audio data.")


def silence(seconds: float, sample_rate: int = COMMON_SAMPLE_RATE) -> Audio:
    return Audio(pcm=b"\0\0" * round(seconds * sample_rate), sample_rate=sample_rate)


def join(pieces: list[Audio]) -> Audio:
    """Pieces of one sample rate, end to end."""
    rates = {piece.sample_rate for piece in pieces} or {COMMON_SAMPLE_RATE}
    if len(rates) != 1:
        raise EngineError(f"Cannot join audio of different sample rates {sorted(rates)}.")
    return Audio(pcm=b"".join(piece.pcm for piece in pieces), sample_rate=rates.pop())


def resample(audio: Audio, rate: int = COMMON_SAMPLE_RATE) -> Audio:
    """The audio at another sample rate (linear interpolation: enough for speech between 16 and 48 kHz)."""
    if audio.sample_rate == rate or not audio.pcm:
        return Audio(pcm=audio.pcm, sample_rate=rate)
    import numpy as np  # here, not at the top: engine worker processes start faster without it

    samples = np.frombuffer(audio.pcm, dtype="<i2").astype(np.float64)
    count = round(len(samples) * rate / audio.sample_rate)
    positions = np.arange(count) * (audio.sample_rate / rate)
    resampled = np.interp(positions, np.arange(len(samples)), samples)
    return Audio(pcm=np.clip(np.round(resampled), -32768, 32767).astype("<i2").tobytes(), sample_rate=rate)


def chunk_text(text: str, limit: int) -> list[str]:
    """Text cut into pieces of at most `limit` characters, at sentence ends or spaces where possible."""
    text = " ".join(text.split())
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = max((m.end() for m in re.finditer(r"[.!?;:]\s", window)), default=0)
        if cut < limit // 2:
            cut = window.rfind(" ") + 1 or limit
        pieces.append(text[:cut].strip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces
