"""Engines on the real thing: espeak-ng synthesizing the sample article's sentences."""
from __future__ import annotations

import multiprocessing
import re
from pathlib import Path

import numpy as np
import pytest

from audionews.errors import NotFoundError, UsageError
from audionews.speech.engines import create_engine
from audionews.speech.engines.base import COMMON_SAMPLE_RATE, Audio, Engine, SpeechRequest
from audionews.speech.engines.espeak import EspeakEngine
from audionews.speech.engines.wav import chunk_text

from conftest import StandIn

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
    from audionews.speech.engines.libespeak import SAMPLE_RATE

    assert isinstance(espeak, Engine) and SAMPLE_RATE == COMMON_SAMPLE_RATE
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


def test_rate_holds_across_voice_changes(espeak: EspeakEngine) -> None:
    text = "A second, rather longer sentence follows it."
    expected = {120: (3.4, 5.0), 175: (2.2, 3.3), 300: (1.0, 2.0)}
    for n in range(12):
        rate, voice = (120, 300, 175, 300)[n % 4], ("en-us", "en-us+f3", "en-gb")[n % 3]
        duration = espeak.synthesize(SpeechRequest(text=text, rate=rate, voice=voice)).duration
        assert expected[rate][0] < duration < expected[rate][1], (n, rate, voice, duration)


def _speak_in_child(queue: multiprocessing.Queue[float]) -> None:
    queue.put(EspeakEngine().synthesize(SpeechRequest(text="Spoken in a forked child.")).duration)


def test_a_forked_child_speaks_without_the_parents_library(espeak: EspeakEngine) -> None:
    espeak.synthesize(SpeechRequest(text="The parent has used libespeak-ng."))
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_speak_in_child, args=(queue,))
    child.start()
    duration = queue.get(timeout=30)  # a hang would fail here, not block the suite
    child.join(10)
    assert child.exitcode == 0 and duration > 0.8


def test_helper_processes_speak_while_the_library_is_busy(espeak: EspeakEngine) -> None:
    import os
    import signal
    from concurrent.futures import ThreadPoolExecutor

    from audionews.speech.engines.libespeak import helpers, library

    request = SpeechRequest(text="Spoken by a helper process.")
    alone = espeak.synthesize(request).duration
    with ThreadPoolExecutor(1) as thread:
        with library().lock:  # another thread is speaking in this process: this call must not wait for it
            audio = thread.submit(espeak.synthesize, request).result(timeout=60)
            assert audio.duration == pytest.approx(alone, rel=0.05) and rms(audio) > 300
            started = helpers().started
            for pid in helpers().pids():
                os.kill(pid, signal.SIGKILL)  # helpers that die are replaced; the text is spoken all the same
            assert thread.submit(espeak.synthesize, request).result(timeout=60).duration == pytest.approx(alone, rel=0.05)
    assert started >= 1 and helpers().started > started


def test_voice_list_is_kept_until_espeak_voices_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from audionews.speech.engines import espeak as module

    def fresh() -> tuple:
        for cached in (module.espeak_voices, module.language_voice, module._voice_files):
            cached.cache_clear()
        return module.espeak_voices()

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    try:
        listed = fresh()
        [saved] = (tmp_path / "audionews").glob("espeak-voices-*.json")
        listing = json.loads(saved.read_text())
        listing["voices"].append(["Test voice", "test/xx", 2, [["xx-test", 5]]])
        saved.write_text(json.dumps(listing))
        assert "xx-test" in {voice.id for voice, _, _ in fresh()}  # the kept list is used ...
        listing["stamp"][0][1] += 1  # ... until a voice folder changes
        saved.write_text(json.dumps(listing))
        assert fresh() == listed
    finally:
        monkeypatch.undo()
        fresh()


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
    for chosen in ("en-us+f2", "en-us+f3", "en-us+m3"):  # a narrator's variant is never another role's
        others = {espeak.voice_for("en", "announcer", base=chosen)}
        others |= {espeak.voice_for("en", "quote", name, base=chosen) for name in ("A", "B", "C", "D", "E", "F")}
        assert chosen not in others and espeak.voice_for("en", base=chosen) == chosen
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


# -- pyttsx3 in worker processes ------------------------------------------------------------------

LONG_SENTENCE = ("Israel says it has changed its intelligence-sharing protocols with the United States after "
                 "President Donald Trump disclosed classified information to Russian diplomats earlier this month.")


@pytest.fixture
def pyttsx3_engine():
    from audionews.speech.engines.pyttsx3_engine import Pyttsx3Engine

    engine = Pyttsx3Engine(workers=2)
    yield engine
    engine.close()


def test_pyttsx3_speaks_long_text_first_in_a_fresh_worker(pyttsx3_engine) -> None:
    # Without the warm-up, the first runAndWait of a new process may write no file for longer text.
    audio = pyttsx3_engine.synthesize(SpeechRequest(text=LONG_SENTENCE))
    assert audio.sample_rate == COMMON_SAMPLE_RATE
    assert 0.2 * 25 < audio.duration < 0.6 * 25 and rms(audio) > 300
    assert pyttsx3_engine.identity().startswith("pyttsx3 ")


def test_pyttsx3_speaks_every_sample_sentence_without_losing_a_file(pyttsx3_engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    sentences = sample_sentences() * 3
    voices = ["en-gb", "en-gb+m3", "en-us", "en-gb+f2"]
    with ThreadPoolExecutor(2) as threads:
        audios = list(threads.map(lambda n: pyttsx3_engine.synthesize(SpeechRequest(text=sentences[n],
                                                                                    voice=voices[n % 4])),
                                  range(len(sentences))))
    for sentence, audio in zip(sentences, audios):
        words = len(sentence.split())
        assert 0.12 * words < audio.duration < 1.0 * words + 1 and rms(audio) > 300, sentence
    # No worker had to be replaced. (Before the worker waited for pyttsx3's file and saved again after
    # an empty one, about one text in thirty came back with no audio here.)
    assert pyttsx3_engine.pool.started <= 2


def test_pyttsx3_gives_each_text_its_own_file(pyttsx3_engine) -> None:
    first = pyttsx3_engine.synthesize(SpeechRequest(text="The first sentence."))
    second = pyttsx3_engine.synthesize(SpeechRequest(text="A second, rather longer sentence follows it."))
    # Nothing to say never reaches the engine (an empty runAndWait re-speaks the last file).
    assert pyttsx3_engine.synthesize(SpeechRequest(text=" ... ")).duration == 0
    again = pyttsx3_engine.synthesize(SpeechRequest(text="The first sentence."))
    # (espeak-ng's output varies by a few samples from call to call, so compare lengths)
    assert again.duration == pytest.approx(first.duration, rel=0.03)
    assert second.duration > first.duration * 1.5



def test_pyttsx3_applies_rate_and_volume_across_voice_changes(pyttsx3_engine) -> None:
    text = "A second, rather longer sentence follows it."
    expected = {120: (3.4, 5.0), 175: (2.2, 3.3), 300: (1.0, 2.0)}
    for n in range(12):
        rate, voice = (120, 300, 175, 300)[n % 4], ("en-us", "en-us+f3", "en-gb")[n % 3]
        audio = pyttsx3_engine.synthesize(SpeechRequest(text=text, rate=rate, voice=voice, volume=(1.0, 0.4)[n % 2]))
        low, high = expected[rate]
        assert low < audio.duration < high, (n, rate, voice, audio.duration)


def test_pyttsx3_from_many_threads_loses_nothing(pyttsx3_engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [" ".join(["Speak"] + ["on"] * (3 * n)) + "." for n in range(6)]  # each longer than the last
    alone = [pyttsx3_engine.synthesize(SpeechRequest(text=t)).duration for t in texts]
    with ThreadPoolExecutor(4) as threads:
        together = list(threads.map(lambda t: pyttsx3_engine.synthesize(SpeechRequest(text=t)).duration, texts))
    assert together == pytest.approx(alone, rel=0.03)
    assert alone == sorted(alone) and len(set(alone)) == 6


def test_pyttsx3_replaces_a_killed_worker(pyttsx3_engine) -> None:
    import os
    import signal

    pyttsx3_engine.synthesize(SpeechRequest(text="Warm."))
    [pid] = pyttsx3_engine.pool.pids()
    os.kill(pid, signal.SIGKILL)
    audio = pyttsx3_engine.synthesize(SpeechRequest(text="Still speaking."))
    assert audio.duration > 0.3
    assert pid not in pyttsx3_engine.pool.pids() and pyttsx3_engine.pool.started == 2


def test_pyttsx3_replaces_a_hung_worker() -> None:
    import os
    import signal

    from audionews.speech.engines.pyttsx3_engine import Pyttsx3Engine

    engine = Pyttsx3Engine(workers=1, timeout=2)
    try:
        engine.synthesize(SpeechRequest(text="Warm."))
        [pid] = engine.pool.pids()
        os.kill(pid, signal.SIGSTOP)  # hangs: alive, never answers
        assert engine.synthesize(SpeechRequest(text="Still speaking.")).duration > 0.3
        assert engine.pool.started == 2 and pid not in engine.pool.pids()
    finally:
        engine.close()


FLAKY_HANDLER = '''
import os, time

class Handler:
    def __call__(self, job):
        if job == "crash":
            os._exit(3)
        if job == "hang":
            time.sleep(60)
        if job == "fail":
            raise ValueError("cannot say that")
        return job.upper()
'''


def test_worker_pool_retries_once_then_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from audionews.errors import EngineError
    from audionews.speech.engines.workers import WorkerPool

    (tmp_path / "flaky_handler.py").write_text(FLAKY_HANDLER)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    pool = WorkerPool("flaky_handler:Handler", size=2, name="flaky")
    try:
        assert pool.run("hello", timeout=10) == "HELLO"
        for job, reason in (("crash", "died"), ("hang", "no answer within 1 s"), ("fail", "cannot say that")):
            with pytest.raises(EngineError, match=f"failed twice.*{reason}"):
                pool.run(job, timeout=1)
        assert pool.run("still here", timeout=10) == "STILL HERE"
        assert pool.started == 7  # the first worker (lost to the crash), one more there, two each after, one more
    finally:
        pool.close()
    assert pool.pids() == []


def test_worker_that_cannot_start_is_an_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from audionews.errors import EngineError
    from audionews.speech.engines.workers import WorkerPool

    pool = WorkerPool("no_such_module_here:Handler", size=1, name="missing")
    with pytest.raises(EngineError, match="could not start.*ModuleNotFoundError"):
        pool.run("x", timeout=5)
    pool.close()


# -- gTTS against a stand-in for Google's service on loopback -------------------------------------


STAND_IN_TEXT = "Hello from the stand in."


@pytest.fixture(scope="module")
def stand_in_mp3(espeak: EspeakEngine) -> tuple[bytes, float]:
    """A real MP3 at 24 kHz (Google's rate) of espeak-ng speech, and its duration."""
    import lameenc

    from audionews.speech.engines.wav import resample

    audio = resample(espeak.synthesize(SpeechRequest(text=STAND_IN_TEXT)), 24000)
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(24000)
    encoder.set_channels(1)
    encoder.set_quality(7)
    return encoder.encode(audio.pcm) + encoder.flush(), audio.duration


@pytest.fixture
def stand_in(stand_in_mp3, monkeypatch: pytest.MonkeyPatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = StandIn(stand_in_mp3[0])
    yield server
    server.close()


def test_gtts_speaks_through_the_real_client(stand_in: StandIn, stand_in_mp3) -> None:
    from audionews.speech.engines.gtts_engine import GttsEngine

    engine = GttsEngine(base_url=stand_in.url, timeout=5)
    audio = engine.synthesize(SpeechRequest(text=STAND_IN_TEXT, language="en", voice=engine.voice_for("en")))
    assert audio.sample_rate == COMMON_SAMPLE_RATE
    assert audio.duration == pytest.approx(stand_in_mp3[1], abs=0.15)  # decoded and resampled, not cut
    assert rms(audio) > 300
    [body] = stand_in.bodies
    assert 'Hello from the stand in.\\",\\"en\\",null,' in body  # text, language, normal speed
    # A quote in another accent, slow below 120 words per minute; the request says so.
    quote = engine.voice_for("en", "quote", "Avigdor Liberman")
    assert quote.startswith("en:") and quote != engine.voice_for("en", "announcer")
    slow = engine.synthesize(SpeechRequest(text=STAND_IN_TEXT, voice=quote, rate=100))
    assert slow.duration > 0.5 and '\\"en\\",true,' in stand_in.bodies[-1]
    fast = engine.synthesize(SpeechRequest(text=STAND_IN_TEXT, rate=350))
    assert fast.duration == pytest.approx(audio.duration / 2, rel=0.1)


def test_gtts_languages_and_unknown_voice(stand_in: StandIn) -> None:
    from audionews.speech.engines.gtts_engine import GttsEngine

    engine = GttsEngine(base_url=stand_in.url, timeout=5)
    assert engine.voice_for("de") == "de" and engine.voice_for("fr-CA") == "fr-CA" and engine.voice_for("tlh") is None
    assert engine.voice_for("pt-br") == "pt"
    assert {"en", "en:co.uk"} <= {voice.id for voice in engine.voices()}
    with pytest.raises(NotFoundError):
        engine.synthesize(SpeechRequest(text="Hallo.", voice="tlh"))
    assert stand_in.bodies == []


def test_gtts_http_error_is_an_engine_error(stand_in: StandIn) -> None:
    from audionews.errors import EngineError
    from audionews.speech.engines.gtts_engine import GttsEngine

    stand_in.mode = "error"
    with pytest.raises(EngineError, match="500"):
        GttsEngine(base_url=stand_in.url, timeout=5).synthesize(SpeechRequest(text=STAND_IN_TEXT))


def test_gtts_timeout_is_an_engine_error_not_a_hang(stand_in: StandIn) -> None:
    from audionews.errors import EngineError
    from audionews.speech.engines.gtts_engine import GttsEngine

    stand_in.mode = "slow"
    with pytest.raises(EngineError, match=r"Google's speech service failed \(no answer within 0.5 s\)"):
        GttsEngine(base_url=stand_in.url, timeout=0.5).synthesize(SpeechRequest(text=STAND_IN_TEXT))


def test_gtts_unreachable_is_an_engine_error(stand_in: StandIn) -> None:
    from audionews.errors import EngineError
    from audionews.speech.engines.gtts_engine import GttsEngine

    stand_in.close()
    with pytest.raises(EngineError, match="cannot connect"):
        GttsEngine(base_url=stand_in.url, timeout=5).synthesize(SpeechRequest(text=STAND_IN_TEXT))


def test_voices_command(capsys: pytest.CaptureFixture[str]) -> None:
    from audionews.cli import main

    assert main(["voices", "--engine", "espeak", "--language", "de"]) == 0
    out = capsys.readouterr().out
    assert "narrator de, quote de+" in out and "espeak\tde\tde\tGerman" in out
    assert main(["voices"]) == 0
    engines = {line.split("\t")[0] for line in capsys.readouterr().out.splitlines() if not line.startswith("#")}
    assert {"espeak", "pyttsx3", "gtts"} <= engines


CTRL_C_PARENT = '''
import sys, time
from audionews.speech.engines.workers import WorkerPool

pool = WorkerPool("flaky_handler:Handler", size=2, name="flaky")
try:
    print(pool.run("hello", timeout=30), flush=True)
    pool.start()
    while len(pool.pids()) < 2:
        time.sleep(0.05)
    print("ready", flush=True)
    time.sleep(60)
except KeyboardInterrupt:
    pool.close()
    print("parent stopped", flush=True)
'''


def test_ctrl_c_to_the_process_group_prints_no_traceback_from_the_workers(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    (tmp_path / "flaky_handler.py").write_text(FLAKY_HANDLER)
    parent = subprocess.Popen([sys.executable, "-c", CTRL_C_PARENT], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, start_new_session=True, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert parent.stdout is not None
    assert parent.stdout.readline() == "HELLO\n" and parent.stdout.readline() == "ready\n"
    os.killpg(parent.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the parent and both workers get it
    out, err = parent.communicate(timeout=30)
    assert "parent stopped" in out
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
