"""The Piper engine with the real bundled voice (en_US-joe-medium): speech, voices, cache identity, errors."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from audionews.errors import EngineError, NotFoundError
from audionews.speech.engines.base import COMMON_SAMPLE_RATE, SpeechRequest
from audionews.speech.engines.piper import PiperEngine, bundled_models, install_voice, pitch_shift, read_model

if TYPE_CHECKING:
    from audionews.config import Settings
    from audionews.model import Script

BUNDLED = bundled_models()  # `make test` installs the Piper extra and its bundled voice: none is a failure
assert BUNDLED, "the bundled Piper voice (requirements-voices.txt) is not installed; run `make test`"

SAMPLE_SENTENCES = [
    "Intelligence cooperation is terrific.",
    "Liberman declined to say what changes had been made to the intelligence-sharing protocols.",
    "Trump's disclosure came two weeks ago as he met at the White House with Russian Foreign Minister "
    "Sergey Lavrov and Moscow's ambassador to Washington, Sergey Kislyak.",
]


def rms(pcm: bytes) -> float:
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(samples**2))) if len(samples) else 0.0


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> PiperEngine:
    return PiperEngine(tmp_path_factory.mktemp("voices"))


def test_bundled_voice_is_listed_with_its_language(engine: PiperEngine) -> None:
    voices = engine.voices()
    assert [v.id for v in voices] == ["en_US-joe-medium"]
    assert voices[0].language == "en-us" and voices[0].engine == "piper"


def test_sample_sentences_speak_with_duration_growing_with_text(engine: PiperEngine) -> None:
    voice = engine.voice_for("en")
    durations = []
    for text in SAMPLE_SENTENCES:
        audio = engine.synthesize(SpeechRequest(text=text, language="en", voice=voice))
        assert audio.sample_rate == COMMON_SAMPLE_RATE
        assert rms(audio.pcm) > 500, "speech must not be silent"
        durations.append(audio.duration)
    assert durations[0] < durations[1] < durations[2]
    words_per_second = len(SAMPLE_SENTENCES[2].split()) / durations[2]
    assert 1.5 < words_per_second < 5, "a newsreader's pace, not garbled or stretched audio"


def test_model_stays_loaded_across_sentences(tmp_path: Path) -> None:
    engine = PiperEngine(tmp_path)
    voice = engine.voice_for("en")
    for text in SAMPLE_SENTENCES[:2]:
        engine.synthesize(SpeechRequest(text=text, voice=voice))
    assert engine.loads == 1


def test_choosing_voices_reads_the_files_but_loads_no_model(tmp_path: Path) -> None:
    engine = PiperEngine(tmp_path)
    narrator = engine.voice_for("en")
    roles = {engine.voice_for("en", role, "Avigdor Liberman") for role in ("quote", "announcer")}
    assert engine.loads == 0, "a voice id (the cache key's part) needs the files' digest, not the model"
    assert narrator == f"en_US-joe-medium@{BUNDLED[0].digest}" and len(roles | {narrator}) == 3
    engine.synthesize(SpeechRequest(text="Ready.", voice=narrator))
    assert engine.loads == 1, "the model loads when a clip must be made"


def test_a_truncated_model_is_found_while_choosing_without_loading(tmp_path: Path) -> None:
    broken = _copy_voice(tmp_path, "en_GB-broken-medium", {"language": {"code": "en_GB"}})
    whole = broken.read_bytes()
    for size in (0, 16, 200_000, len(whole) - 1):
        broken.write_bytes(whole[:size])
        engine = PiperEngine(tmp_path)
        with pytest.raises(EngineError, match="corrupt"):
            engine.voice_for("en-gb")
        assert engine.loads == 0
    broken.write_bytes(whole + b"\x00")
    with pytest.raises(EngineError, match="corrupt"):
        PiperEngine(tmp_path).voice_for("en-gb")
    broken.write_bytes(whole)
    assert PiperEngine(tmp_path).voice_for("en-gb", base="en_GB-broken-medium").startswith("en_GB-broken-medium@")


def test_rate_changes_duration(engine: PiperEngine) -> None:
    voice = engine.voice_for("en")
    slow = engine.synthesize(SpeechRequest(text=SAMPLE_SENTENCES[1], voice=voice, rate=120)).duration
    fast = engine.synthesize(SpeechRequest(text=SAMPLE_SENTENCES[1], voice=voice, rate=260)).duration
    assert fast < slow * 0.75


def test_roles_get_distinct_voices_and_speakers_keep_theirs(engine: PiperEngine) -> None:
    narrator = engine.voice_for("en", "narrator")
    announcer = engine.voice_for("en", "announcer")
    quotes = {engine.voice_for("en", "quote", name) for name in
              ("Avigdor Liberman", "Donald Trump", "Benjamin Netanyahu", "H.R. McMaster", "Foreign Policy")}
    assert narrator not in quotes and announcer != narrator and len(quotes) >= 2
    assert engine.voice_for("en", "quote", "Donald Trump") == engine.voice_for("en", "quote", "donald trump ")


def test_no_voice_for_an_uninstalled_language(engine: PiperEngine) -> None:
    assert engine.voice_for("de") is None


def _copy_voice(folder: Path, name: str, change_config: dict | None = None) -> Path:
    model = BUNDLED[0]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.onnx"
    shutil.copyfile(model.model_path, target)
    if change_config is None:
        shutil.copyfile(model.config_path, folder / f"{name}.onnx.json")
    else:
        config = json.loads(model.config_path.read_text())
        (folder / f"{name}.onnx.json").write_text(json.dumps({**config, **change_config}))
    return target


def test_a_different_model_file_never_shares_a_voice_id(tmp_path: Path) -> None:
    same = PiperEngine(tmp_path / "a", models=[read_model(_copy_voice(tmp_path / "a", "en_US-joe-medium"))])
    changed = PiperEngine(tmp_path / "b", models=[read_model(_copy_voice(
        tmp_path / "b", "en_US-joe-medium", {"inference": {"noise_scale": 0.5, "length_scale": 1.2, "noise_w": 0.6}}))])
    bundled = PiperEngine(tmp_path / "c")
    assert same.voice_for("en") == bundled.voice_for("en"), "identical files are the same voice"
    assert changed.voice_for("en") != bundled.voice_for("en")


def test_voices_add_installs_a_voice_that_loads(tmp_path: Path) -> None:
    source = _copy_voice(tmp_path / "download", "de_DE-test-medium", {"language": {"code": "de_DE"}})
    installed = install_voice(source, tmp_path / "voices")
    assert installed.model_path.parent == tmp_path / "voices"
    assert PiperEngine(tmp_path / "voices").voice_for("de-de") is not None


def test_missing_voice_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no Piper voice model"):
        PiperEngine(tmp_path).voice_for("en", base=str(tmp_path / "nothing.onnx"))
    with pytest.raises(NotFoundError, match="voices --engine piper"):
        PiperEngine(tmp_path).voice_for("en", base="xx_XX-nobody-low")


def test_corrupt_voice_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = _copy_voice(tmp_path, "en_GB-broken-medium")
    broken.write_bytes(broken.read_bytes()[: 200_000])
    with pytest.raises(EngineError, match="corrupt"):
        install_voice(broken, tmp_path / "voices")
    with pytest.raises(EngineError, match="corrupt"):
        PiperEngine(tmp_path).voice_for("en-gb")


def test_pitch_shift_changes_length_by_the_factor() -> None:
    samples = np.sin(np.linspace(0, 200 * np.pi, 22050))
    assert len(pitch_shift(samples, 1.1)) == pytest.approx(22050 / 1.1, rel=0.01)
    assert len(pitch_shift(samples, 16000 / 22050)) == pytest.approx(22050 * 22050 / 16000, rel=0.01)


def _settings(tmp_path: Path) -> Settings:
    from audionews.config import Settings

    return Settings(cache_dir=tmp_path / "cache", cache_max_mb=None, allow_private_urls=False,
                    voices_dir=tmp_path / "voices")


def _one_sentence(language: str) -> Script:
    from audionews.model import Script, Segment

    return Script(title="Guten Morgen.", language=language, segments=[Segment("title", "Guten Morgen.", 0, 0)])


def test_auto_speaks_with_piper_where_its_voice_is_installed(tmp_path: Path) -> None:
    from audionews.speech.synth import SynthOptions, Synthesizer

    with Synthesizer(SynthOptions(progress=False), _settings(tmp_path)) as synthesizer:
        synthesizer.clip(_one_sentence("en"), 0)
        assert [engine.name for engine in synthesizer.engines] == ["piper"]
        assert synthesizer.stats.synthesized == 1


def test_auto_falls_back_to_pyttsx3_with_one_warning_for_a_corrupt_voice(tmp_path: Path,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    from audionews.speech.synth import SynthOptions, Synthesizer

    broken = _copy_voice(tmp_path / "voices", "de_DE-broken-medium", {"language": {"code": "de_DE"}})
    broken.write_bytes(broken.read_bytes()[:100_000])
    script = _one_sentence("de")
    with Synthesizer(SynthOptions(progress=False), _settings(tmp_path)) as synthesizer:
        clip = synthesizer.clip(script, 0)
        synthesizer.clip(script, 0)
        engines = [engine.name for engine in synthesizer.engines]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert engines == ["piper", "pyttsx3"] and clip.duration > 0.3
    assert len(warnings) == 1 and "piper" in warnings[0] and "corrupt" in warnings[0]
    assert ".)" not in warnings[0], "no sentence's full stop inside the parentheses"


def test_a_warm_synthesizer_loads_no_model(tmp_path: Path) -> None:
    from audionews.model import Script, Segment
    from audionews.speech.synth import SynthOptions, Synthesizer

    script = Script(title="Intelligence cooperation is terrific.", language="en", segments=[
        Segment("title", "Intelligence cooperation is terrific.", 0, 0),
        Segment("quote", "We will not say more,", 1, 1, speaker="Avigdor Liberman"),
        Segment("narration", "he said.", 1, 1)])
    with Synthesizer(SynthOptions(progress=False), _settings(tmp_path)) as cold:
        made = [clip.key for clip in cold.clips(script)]
        assert cold._engines["piper"].loads == 1 and cold.stats.synthesized == 3
    with Synthesizer(SynthOptions(progress=False), _settings(tmp_path)) as warm:
        assert [clip.key for clip in warm.clips(script)] == made
        assert warm._engines["piper"].loads == 0 and warm.stats.cached == 3


def test_voices_add_command(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    source = _copy_voice(tmp_path / "download", "en_GB-copy-medium", {"language": {"code": "en_GB"}})
    env = {**os.environ, "AUDIONEWS_VOICES_DIR": str(tmp_path / "voices")}
    done = subprocess.run([sys.executable, "-m", "audionews", "voices", "add", str(source)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "en_GB-copy-medium" in done.stdout
    listed = subprocess.run([sys.executable, "-m", "audionews", "voices", "--engine", "piper", "--language", "en-gb"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert "piper\ten_GB-copy-medium\ten-gb" in listed.stdout
    assert "narrator en_GB-copy-medium@" in listed.stdout
    missing = subprocess.run([sys.executable, "-m", "audionews", "voices", "add", str(tmp_path / "none.onnx")],
                             env=env, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and "no Piper voice model" in missing.stderr and "Traceback" not in missing.stderr


def test_voices_add_refuses_to_replace_without_force_and_remove_uninstalls(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    source = _copy_voice(tmp_path / "download", "en_GB-copy-medium", {"language": {"code": "en_GB"}})
    env = {**os.environ, "AUDIONEWS_VOICES_DIR": str(tmp_path / "voices")}

    def voices(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "audionews", "voices", *args], env=env, capture_output=True,
                              text=True, timeout=120)
        assert "Traceback" not in done.stderr
        return done

    installed = tmp_path / "voices" / "en_GB-copy-medium.onnx"
    assert voices("add", str(source)).returncode == 0
    stamp = installed.stat().st_mtime_ns
    again = voices("add", str(source))
    assert again.returncode == 1 and len(again.stderr.splitlines()) == 1
    assert "already installed" in again.stderr and "--force" in again.stderr and "voices remove" in again.stderr
    assert installed.stat().st_mtime_ns == stamp, "the installed voice was left alone"
    assert voices("add", str(source), "--force").returncode == 0 and installed.stat().st_mtime_ns != stamp

    removed = voices("remove", "en_GB-copy-medium")
    assert removed.returncode == 0 and "Removed the Piper voice en_GB-copy-medium" in removed.stdout
    assert not installed.exists() and not installed.with_name(installed.name + ".json").exists()
    assert "en_GB-copy-medium" not in voices("--engine", "piper").stdout
    gone = voices("remove", "en_GB-copy-medium.onnx")
    assert gone.returncode == 1 and "There is no Piper voice 'en_GB-copy-medium'" in gone.stderr
    bundled = voices("remove", BUNDLED[0].id)
    assert bundled.returncode == 1 and "comes with audionews" in bundled.stderr
    assert voices("remove").returncode == 2
