"""Engines on the real thing: espeak-ng synthesizing the sample article's sentences."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from audionews.engines import create_engine
from audionews.engines.base import COMMON_SAMPLE_RATE, Audio, Engine, SpeechRequest
from audionews.engines.espeak import EspeakEngine
from audionews.engines.wav import chunk_text
from audionews.errors import NotFoundError, UsageError

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"


def sample_sentences() -> list[str]:
    """Sentences of the sample's longer lines (a rough split is enough to get real article text)."""
    lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines() if len(line.split()) >= 8]
    return [s for line in lines for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", line) if len(s.split()) >= 3]


def rms(audio: Audio) -> float:
    samples = np.frombuffer(audio.pcm, dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(samples ** 2))) if samples.size else 0.0


@pytest.fixture(scope="module")
def espeak() -> EspeakEngine:
    return EspeakEngine()


def test_espeak_follows_the_protocol(espeak: EspeakEngine) -> None:
    assert isinstance(espeak, Engine)
    assert espeak.identity().startswith("espeak-ng ")
    assert any(voice.id == "en-us" for voice in espeak.voices())


def test_sample_sentences_are_spoken_audibly_at_a_plausible_length(espeak: EspeakEngine) -> None:
    sentences = sample_sentences()
    assert len(sentences) >= 15
    for sentence in sentences:
        audio = espeak.synthesize(SpeechRequest(text=sentence, language="en"))
        assert audio.sample_rate == COMMON_SAMPLE_RATE
        words = len(sentence.split())
        # 175 words per minute is 0.34 s a word; allow for pauses, numbers and short words.
        assert 0.12 * words < audio.duration < 1.0 * words + 1, sentence
        assert rms(audio) > 300, sentence


def test_duration_grows_with_text_and_shrinks_with_rate(espeak: EspeakEngine) -> None:
    short = "Israel says it has changed its protocols."
    long = short + " Defense Minister Avigdor Liberman declines to say what changes had been made."
    at = {rate: espeak.synthesize(SpeechRequest(text=long, rate=rate)).duration for rate in (120, 175, 300)}
    assert espeak.synthesize(SpeechRequest(text=short)).duration < at[175]
    assert at[120] > at[175] * 1.2 > at[300] * 1.2 * 1.2


def test_volume_scales_loudness(espeak: EspeakEngine) -> None:
    loud = espeak.synthesize(SpeechRequest(text="A test of loudness.", volume=1.0))
    quiet = espeak.synthesize(SpeechRequest(text="A test of loudness.", volume=0.3))
    assert rms(quiet) < rms(loud) * 0.6


def test_language_picks_a_matching_voice(espeak: EspeakEngine) -> None:
    assert espeak.voice_for("de") == "de"
    assert espeak.voice_for("en-us") == "en-us"
    assert espeak.voice_for("fr-ca", "narrator") is not None and espeak.voice_for("fr-ca").startswith("fr")
    assert espeak.voice_for("xx") is None


def test_roles_sound_different_and_speakers_keep_their_voice(espeak: EspeakEngine) -> None:
    narrator = espeak.voice_for("en")
    quote = espeak.voice_for("en", "quote", "Avigdor Liberman")
    announcer = espeak.voice_for("en", "announcer")
    assert len({narrator, quote, announcer}) == 3
    assert espeak.voice_for("en", "quote", "Avigdor Liberman") == quote
    speakers = {espeak.voice_for("en", "quote", name) for name in ("A. Liberman", "Trump", "Lavrov", "Netanyahu", "X")}
    assert len(speakers) > 1
    request = SpeechRequest(text="We did our checks.")
    plain = espeak.synthesize(request)
    varied = espeak.synthesize(SpeechRequest(text=request.text, voice=quote))
    assert plain.pcm != varied.pcm


def test_unknown_voice_is_a_clear_error(espeak: EspeakEngine) -> None:
    with pytest.raises(NotFoundError, match="audionews voices"):
        espeak.synthesize(SpeechRequest(text="Hello.", voice="no-such-voice"))
    with pytest.raises(NotFoundError):
        espeak.voice_for("en", base="no-such-voice")


def test_empty_and_punctuation_only_text(espeak: EspeakEngine) -> None:
    assert espeak.synthesize(SpeechRequest(text="")).duration == 0
    assert espeak.synthesize(SpeechRequest(text=" ... !? -- ")).duration < 1.5


def test_long_text_is_spoken_in_chunks(espeak: EspeakEngine) -> None:
    text = " ".join(["The minister spoke at length about the protocols."] * 60)  # about 3,000 characters
    pieces = chunk_text(text, 2000)
    assert len(pieces) == 2 and all(len(p) <= 2000 for p in pieces) and pieces[0].endswith(".")
    audio = espeak.synthesize(SpeechRequest(text=text, rate=400))
    assert 60 * 8 * 60 / 450 < audio.duration < 60 * 8 * 60 / 250


def test_chunking_cuts_unbroken_text() -> None:
    assert chunk_text("x" * 4500, 2000) == ["x" * 2000, "x" * 2000, "x" * 500]


def test_unknown_engine_name_is_a_usage_error() -> None:
    from audionews.config import Settings

    with pytest.raises(UsageError, match="Unknown speech engine"):
        create_engine("festival", Settings.from_env({}))
