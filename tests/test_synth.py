"""The Synthesizer on real espeak-ng: progressive, cached, role voices, bad input."""
from __future__ import annotations

import logging
import threading
import wave
from pathlib import Path

import pytest

from audionews.config import Settings
from audionews.errors import InputError, NotFoundError, UsageError
from audionews.model import Script, Segment
from audionews.speech.synth import SynthOptions, Synthesizer

from conftest import StandIn


def settings(directory: Path, max_mb: float | None = None, gtts: StandIn | None = None) -> Settings:
    return Settings(cache_dir=directory, cache_max_mb=max_mb, allow_private_urls=False, voices_dir=directory / "voices",
                    gtts_url=gtts.url if gtts else None, gtts_timeout=1)


def script_of(*texts: str, language: str = "en") -> Script:
    return Script(title=texts[0], language=language,
                  segments=[Segment("narration", text, paragraph=n, sentence=n) for n, text in enumerate(texts)])


SENTENCES = [f"Sentence {n} of the test article is read aloud." for n in range(12)]


def test_clips_come_in_reading_order_and_a_second_run_synthesizes_nothing(tmp_path: Path) -> None:
    script = script_of(*SENTENCES)
    with Synthesizer(SynthOptions(), settings(tmp_path)) as synth:
        clips = list(synth.clips(script))
        keys = [synth.clip_key(script, n) for n in range(len(SENTENCES))]
        assert synth.stats.synthesized == len(SENTENCES) and synth.stats.cached == 0
    assert [c.segment for c in clips] == list(range(len(SENTENCES)))
    assert [c.key for c in clips] == keys
    for clip in clips:
        assert clip.path == tmp_path / f"{clip.key}.wav"
        with wave.open(str(clip.path)) as wav:
            assert wav.getnframes() == clip.frames and wav.getframerate() == clip.sample_rate == 22050
        assert 1.0 < clip.duration < 5.0
    with Synthesizer(SynthOptions(), settings(tmp_path)) as synth:
        assert [c.key for c in synth.clips(script, start=3)] == keys[3:]
        assert synth.stats.synthesized == 0 and synth.stats.cached == len(SENTENCES) - 3


def test_clips_are_progressive_with_a_bounded_lookahead(tmp_path: Path) -> None:
    script = script_of(*SENTENCES)
    with Synthesizer(SynthOptions(lookahead=2, workers=2), settings(tmp_path)) as synth:
        clips = synth.clips(script)
        first = next(clips)
        assert first.segment == 0 and first.path.exists()
        # Only the first clip and its look-ahead were started: the rest wait for the reader.
        assert len(list(tmp_path.glob("*.wav"))) <= 3
        clips.close()
    assert len(list(tmp_path.glob("*.wav"))) <= 3


def test_every_clip_comes_whatever_the_lookahead(tmp_path: Path) -> None:
    script = script_of(*SENTENCES[:4])
    for lookahead in (0, 1, 50):
        with Synthesizer(SynthOptions(lookahead=lookahead, workers=1), settings(tmp_path)) as synth:
            assert [c.segment for c in synth.clips(script, start=1)] == [1, 2, 3]
            assert list(synth.clips(script, start=4)) == []


def test_one_clip_and_its_key_before_synthesis(tmp_path: Path) -> None:
    script = script_of(*SENTENCES[:3])
    with Synthesizer(SynthOptions(), settings(tmp_path)) as synth:
        key = synth.clip_key(script, 2)
        assert not (tmp_path / f"{key}.wav").exists()
        clip = synth.clip(script, 2)
        assert clip.key == key and clip.segment == 2 and clip.path.exists()
        with pytest.raises(InputError):
            synth.clip(script, 3)


def test_rate_and_voice_change_the_clip(tmp_path: Path) -> None:
    script = script_of("The defense minister declined to say what had changed.")
    durations = {}
    for rate in (120, 300):
        with Synthesizer(SynthOptions(rate=rate), settings(tmp_path)) as synth:
            durations[rate] = synth.clip(script, 0).duration
    assert durations[120] > 1.5 * durations[300]
    with Synthesizer(SynthOptions(voice="en-us"), settings(tmp_path)) as chosen, \
            Synthesizer(SynthOptions(), settings(tmp_path)) as default:
        assert chosen.clip_key(script, 0) != default.clip_key(script, 0)


def test_quotes_and_announcements_get_their_own_voices(tmp_path: Path) -> None:
    text = "We did our checks."
    script = Script(title="t", segments=[
        Segment("narration", text, 0, 0),
        Segment("quote", text, 1, 1, speaker="Avigdor Liberman", voice="quote"),
        Segment("announcement", text, 1, 1, speaker="Avigdor Liberman", voice="announcer"),
        Segment("quote", text, 2, 2, speaker="Avigdor Liberman", voice="quote"),
    ])
    with Synthesizer(SynthOptions(), settings(tmp_path)) as synth:
        keys = [c.key for c in synth.clips(script)]
    assert len(set(keys[:3])) == 3 and keys[1] == keys[3]


def test_empty_and_punctuation_only_segments_give_short_silence(tmp_path: Path) -> None:
    script = script_of("", "... -- !?", "“ ”")
    with Synthesizer(SynthOptions(), settings(tmp_path)) as synth:
        clips = list(synth.clips(script))
    for clip in clips:
        with wave.open(str(clip.path)) as wav:
            assert set(wav.readframes(wav.getnframes())) == {0}
        assert 0 < clip.duration < 0.5


def test_a_two_megabyte_paragraph_is_a_clear_error_not_a_hang(tmp_path: Path) -> None:
    huge = ("The minister spoke without pause " * 65_000)[:2_000_000]
    script = script_of("A short title.", huge, "After.")
    with Synthesizer(SynthOptions(), settings(tmp_path)) as synth:
        with pytest.raises(InputError, match="split the text into sentences"):
            synth.clip(script, 1)
        clips = synth.clips(script)
        assert next(clips).segment == 0  # the reader gets what comes before the bad segment
        with pytest.raises(InputError):
            next(clips)


def test_unknown_voice_engine_rate_and_volume_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="Unknown speech engine"):
        Synthesizer(SynthOptions(engine="festival"), settings(tmp_path))
    with pytest.raises(UsageError, match="rate"):
        Synthesizer(SynthOptions(rate=5), settings(tmp_path))
    with pytest.raises(UsageError, match="volume"):
        Synthesizer(SynthOptions(volume=3.0), settings(tmp_path))
    with Synthesizer(SynthOptions(voice="klingon-xx"), settings(tmp_path)) as synth:
        with pytest.raises(NotFoundError, match="audionews voices") as raised:
            synth.clip(script_of("Hello."), 0)
    # with engine auto the voice is no engine's, not just the first engine's that was asked
    assert str(raised.value).startswith("No installed speech engine has the voice 'klingon-xx'")
    with (Synthesizer(SynthOptions(engine="espeak", voice="klingon-xx"), settings(tmp_path)) as synth,
          pytest.raises(NotFoundError, match="audionews voices") as raised):
        synth.clip(script_of("Hello."), 0)
    assert "klingon-xx" in str(raised.value)


def test_unsupported_language_falls_back_with_one_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    script = script_of("Hello there.", "Goodbye now.", language="tlh")
    with caplog.at_level(logging.WARNING, logger="audionews"), Synthesizer(SynthOptions(), settings(tmp_path)) as synth:
        clips = list(synth.clips(script))
    assert len(clips) == 2 and all(c.duration > 0.3 for c in clips)
    warnings = [r.getMessage() for r in caplog.records if "tlh" in r.getMessage()]
    assert len(warnings) == 1 and "'en'" in warnings[0]


def test_german_article_gets_a_german_voice(tmp_path: Path) -> None:
    german = script_of("Der Minister sagte nichts.", language="de")
    english = script_of("Der Minister sagte nichts.", language="en")
    with Synthesizer(SynthOptions(), settings(tmp_path)) as synth:
        assert synth.clip_key(german, 0) != synth.clip_key(english, 0)
        assert synth.clip(german, 0).duration > 0.5


def test_two_synthesizers_at_once_make_each_clip_once(tmp_path: Path) -> None:
    script = script_of(*SENTENCES[:6])
    made = []

    def read() -> None:
        with Synthesizer(SynthOptions(), settings(tmp_path)) as synth:
            list(synth.clips(script))
            made.append(synth.stats.synthesized)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(made) == 6
    assert len(list(tmp_path.glob("*.wav"))) == 6


def test_pyttsx3_engine_through_the_synthesizer(tmp_path: Path) -> None:
    import os

    script = script_of(*SENTENCES[:4])
    with Synthesizer(SynthOptions(engine="pyttsx3"), settings(tmp_path)) as synth:
        clips = list(synth.clips(script))
        [engine] = synth.engines.values()
        pids = engine.pool.pids()
        assert pids and synth.stats.synthesized == 4
    assert all(1.0 < c.duration < 5.0 for c in clips)
    for pid in pids:  # close() stopped the workers
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


# -- online speech and its fall-back (gTTS against a loopback stand-in, StandIn in conftest.py) ----------


@pytest.fixture
def online(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import lameenc


    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    encoder = lameenc.Encoder()
    encoder.set_in_sample_rate(24000)
    encoder.set_channels(1)
    encoder.set_bit_rate(32)
    tone = b"".join((3000 if n % 40 < 20 else -3000).to_bytes(2, "little", signed=True) for n in range(24000))
    server = StandIn(encoder.encode(tone) + encoder.flush())
    yield server
    server.close()


def test_auto_online_uses_gtts(online, tmp_path: Path) -> None:
    script = script_of("One sentence.", "Another sentence.")
    with Synthesizer(SynthOptions(online=True), settings(tmp_path, gtts=online)) as synth:
        clips = list(synth.clips(script))
    assert len(online.bodies) == 2 and all(c.duration == pytest.approx(1.0, abs=0.1) for c in clips)


@pytest.mark.parametrize("failure", ["error", "slow", "unreachable"])
def test_auto_online_falls_back_offline_with_one_warning(failure: str, online, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    online.mode = failure
    if failure == "unreachable":
        online.close()  # nothing listens on the port any more: connection refused
    script = script_of(*SENTENCES[:4])
    with caplog.at_level(logging.WARNING, logger="audionews"), \
            Synthesizer(SynthOptions(online=True, workers=1), settings(tmp_path, gtts=online)) as synth:
        clips = list(synth.clips(script))
    warnings = [r.getMessage() for r in caplog.records if r.name == "audionews"]
    assert len(warnings) == 1 and "offline" in warnings[0]
    assert ".)" not in warnings[0] and ".." not in warnings[0] and warnings[0].endswith("."), warnings[0]
    with Synthesizer(SynthOptions(), settings(tmp_path)) as offline:
        assert [c.key for c in clips] == [offline.clip_key(script, n) for n in range(4)]
        assert offline.stats.synthesized == 0


def test_asking_for_gtts_makes_its_failure_an_error(online, tmp_path: Path) -> None:
    from audionews.errors import EngineError

    online.mode = "error"
    with Synthesizer(SynthOptions(engine="gtts"), settings(tmp_path, gtts=online)) as synth:
        with pytest.raises(EngineError, match="Google's speech service failed"):
            list(synth.clips(script_of("One sentence.")))


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path\n"
        "from audionews.config import Settings\n"
        "from audionews.model import Script, Segment\n"
        "from audionews.speech.synth import Synthesizer, SynthOptions\n"
        "script = Script(title='t', segments=[Segment('narration', f'Sentence {n}.', n, n) for n in range(5)])\n"
        "settings = Settings(cache_dir=Path(sys.argv[1]), cache_max_mb=None, allow_private_urls=False, voices_dir=Path(sys.argv[1]))\n"
        "with Synthesizer(SynthOptions(), settings) as synth:\n"
        "    print(len(list(synth.clips(script))))\n"
    )
    piped = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a")], capture_output=True, text=True, timeout=120)
    assert piped.stdout.strip() == "5" and piped.stderr == ""
    import pexpect

    terminal = pexpect.spawn(sys.executable, ["-c", code, str(tmp_path / "b")], timeout=120)
    terminal.expect(pexpect.EOF)
    terminal.close()
    assert terminal.exitstatus == 0
    assert b"0/5" in terminal.before and b"clip/s" in terminal.before and terminal.before.strip().endswith(b"5")


def test_a_two_megabyte_paragraph_of_sentences_is_read_progressively(tmp_path: Path) -> None:
    sentence = "The minister spoke at length about intelligence protocols with the allies. "
    count = 2_000_000 // len(sentence)
    script = script_of(*([sentence.strip()] * count))  # the same sentence: one clip, cached after the first
    with Synthesizer(SynthOptions(lookahead=4), settings(tmp_path)) as synth:
        clips = synth.clips(script)
        first = [next(clips) for _ in range(50)]
        clips.close()
        assert len({c.key for c in first}) == 1 and synth.stats.synthesized == 1
        assert synth.stats.synthesized + synth.stats.cached <= 50 + 4


# -- pronunciation rules: what every engine is given, and which clips they change ----------------------------


def _sample_script() -> Script:
    from audionews import build_script, extract_article

    sample = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"
    return build_script(extract_article(sample.read_text(encoding="utf-8")))


def test_a_rule_changes_exactly_the_keys_of_the_clips_whose_spoken_text_it_changes(tmp_path: Path) -> None:
    from audionews.speech.pronunciations import Pronunciations, Rule

    script = _sample_script()
    rules = Pronunciations((Rule("Liberman", "librarian"),))
    with Synthesizer(SynthOptions(engine="espeak"), settings(tmp_path)) as plain, \
            Synthesizer(SynthOptions(engine="espeak", pronunciations=rules), settings(tmp_path)) as ruled:
        indexes = range(len(script.segments))
        changed = {n for n in indexes if plain.clip_key(script, n) != ruled.clip_key(script, n)}
        naming = {n for n, segment in enumerate(script.segments) if "Liberman" in segment.text}
        assert naming and changed == naming
        for n in naming:
            assert "Liberman" not in ruled.spoken(script, n) and "librarian" in ruled.spoken(script, n)
        # One synthesizer serves any rules, given per call: the keys are the same as a synthesizer made with them.
        assert [plain.clip_key(script, n, rules) for n in indexes] == [ruled.clip_key(script, n) for n in indexes]
        assert all(script.segments[n].text == segment.text for n, segment in enumerate(_sample_script().segments))


@pytest.mark.parametrize("engine", ["espeak", "pyttsx3", "piper"])
def test_offline_engines_are_given_the_rules_words(engine: str, tmp_path: Path) -> None:
    from audionews.speech.pronunciations import Pronunciations, Rule

    rules = Pronunciations((Rule("Liberman", "librarian"),))
    given: list[str] = []
    with Synthesizer(SynthOptions(engine=engine, pronunciations=rules), settings(tmp_path)) as synth:
        real = synth._casting.engine(engine)
        speak = real.synthesize

        def listened(request):  # the real engine speaks; the words it was given are noted on the way
            given.append(request.text)
            return speak(request)

        real.synthesize = listened
        clip = synth.clip(script_of("Avigdor Liberman spoke."), 0)
    assert given == ["Avigdor librarian spoke."] and clip.duration > 0.5


def test_the_online_engine_is_sent_the_rules_words(online, tmp_path: Path) -> None:
    from audionews.speech.pronunciations import Pronunciations, Rule

    rules = Pronunciations((Rule("Liberman", "librarian"),))
    with Synthesizer(SynthOptions(engine="gtts", pronunciations=rules), settings(tmp_path, gtts=online)) as synth:
        list(synth.clips(script_of("Avigdor Liberman spoke.")))
    assert len(online.bodies) == 1 and "librarian" in online.bodies[0] and "Liberman" not in online.bodies[0]
