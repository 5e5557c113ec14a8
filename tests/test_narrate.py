"""`audionews read`: progressive narration in a real pseudo-terminal, through real aplay on ALSA's null device."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from audionews.errors import UsageError
from audionews.model import Script, Segment
from audionews.outputs.narrate import Position, sentence_line, start_segment

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "voa-israel-intel.txt"
FIRST_BODY_WORDS = "Israel says it has changed its intelligence-sharing protocols"


def small_script() -> Script:
    seg = Segment
    return Script(title="T", segments=[
        seg("title", "T", 0, 0),
        seg("narration", "One.", 1, 1),
        seg("announcement", "Liberman:", 1, 2, voice="announcer"),
        seg("narration", "He said", 1, 2),
        seg("quote", '"it works."', 1, 2, speaker="Avigdor Liberman", voice="quote"),
        seg("narration", "Three.", 2, 3),
    ])


def test_sentence_and_paragraph_steps() -> None:
    script = small_script()
    assert Position(script, 0).step("sentence", 1) == 1
    assert Position(script, 3).step("sentence", 1) == 5, "from inside a sentence to the next one"
    assert Position(script, 4).step("sentence", -1) == 1
    assert Position(script, 1).step("paragraph", 1) == 5
    assert Position(script, 5).step("paragraph", 1) == 6, "past the last paragraph is the end"
    assert Position(script, 0).step("sentence", -1) == 0
    assert Position(script, 4).start_of("sentence") == 2


def test_lines_are_whole_sentences_with_announcements_on_their_own() -> None:
    script = small_script()
    assert [sentence_line(script, i) for i in range(6)] == [
        "T", "1. One.", "Liberman:", '2. He said "it works."', None, "3. Three."]


def test_from_counts_sentences_after_the_title() -> None:
    """People count sentences from 1, the title not counted: sentence N is Segment.sentence N (the title is 0)."""
    script = small_script()
    assert start_segment(script, None) == 0, "no --from: the title"
    assert start_segment(script, 1) == 1 and start_segment(script, 2) == 2 and start_segment(script, 3) == 5
    for wrong in (0, 4, -1):
        with pytest.raises(UsageError, match="from 1 to 3 "):
            start_segment(script, wrong)


def test_printed_lines_carry_the_sentence_number_that_from_takes() -> None:
    script = small_script()
    lines = [sentence_line(script, i) for i in range(len(script.segments))]
    assert lines == ["T", "1. One.", "Liberman:", '2. He said "it works."', None, "3. Three."]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A home whose ALSA default device is the null device (real aplay, no sound card needed)."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default { type null }\nctl.!default { type hw card 0 }\n")
    return {**os.environ, "HOME": str(home), "AUDIONEWS_CACHE_DIR": str(tmp_path / "cache"), "TERM": "dumb"}


def spawn_read(env: dict[str, str], *extra: str, player: str = "aplay") -> pexpect.spawn:
    """`audionews read` in a real pseudo-terminal, followed by `stty -a` on the same terminal."""
    command = " ".join([sys.executable, "-m", "audionews", "read", str(SAMPLE), "--engine", "espeak",
                        "--player", player, *extra])
    return pexpect.spawn("bash", ["-c", f"{command}; echo EXIT=$?; stty -a"], env=env, encoding="utf-8",
                         timeout=60, dimensions=(40, 200))


def clips_in(env: dict[str, str]) -> int:
    return len(list(Path(env["AUDIONEWS_CACHE_DIR"]).glob("*.wav")))


def segments_of_sample() -> int:
    from audionews import build_script, extract_article

    return len(build_script(extract_article(SAMPLE.read_text())).segments)


@pytest.mark.parametrize("player", ["aplay", "sounddevice"])
def test_speaks_progressively_skips_and_quits_restoring_the_terminal(env: dict[str, str], player: str) -> None:
    child = spawn_read(env, player=player)
    child.expect("Press \\? for keys")
    child.expect("Israel Alters Intelligence Sharing with US")
    assert clips_in(env) < segments_of_sample(), "the first line comes before the last clip is made"
    child.expect(FIRST_BODY_WORDS)
    child.send("n")  # that sentence takes ten seconds to say: skipping shows the next one at once
    child.expect("Israeli defense chief Avigdor Liberman told Army Radio", timeout=5)
    child.send("?")
    child.expect("space pause or resume")
    child.send("q")
    child.expect("EXIT=0")
    child.expect(pexpect.EOF)
    settings = child.before
    assert " icanon" in settings and " echo " in settings, "cbreak mode is undone on quit"
    assert "Traceback" not in child.before


def test_ctrl_c_restores_the_terminal(env: dict[str, str]) -> None:
    child = spawn_read(env)
    child.expect(FIRST_BODY_WORDS)
    child.sendintr()
    child.expect("EXIT=130")
    child.expect(pexpect.EOF)
    assert " icanon" in child.before and " echo " in child.before
    assert "Traceback" not in child.before


@pytest.mark.parametrize("player", ["aplay", "sounddevice", "auto"])
def test_no_audio_device_is_one_clear_message(env: dict[str, str], player: str) -> None:
    Path(env["HOME"], ".asoundrc").write_text("pcm.!default { type hw card 99 }\n")
    done = subprocess.run([sys.executable, "-m", "audionews", "read", str(SAMPLE), "--engine", "espeak",
                           "--player", player], env={**env, "PULSE_SERVER": "unix:/nonexistent"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "No audio device is available" in done.stderr and "--output" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize("suffix", [".wav", ".mp3"])
def test_output_file_decodes_and_a_second_read_synthesizes_nothing(env: dict[str, str], tmp_path: Path,
                                                                    suffix: str) -> None:
    output = tmp_path / f"narration{suffix}"
    command = [sys.executable, "-m", "audionews", "read", str(SAMPLE), "--engine", "espeak", "--output", str(output)]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    decoded = subprocess.run(["ffmpeg", "-v", "error", "-i", str(output), "-f", "null", "-"],
                             capture_output=True, text=True, timeout=120)
    assert decoded.returncode == 0 and decoded.stderr == ""
    seconds = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                                    str(output)], capture_output=True, text=True, check=True).stdout)
    assert seconds > 120, "the whole sample article, a few minutes of speech"

    made = {p.name: p.stat().st_ino for p in Path(env["AUDIONEWS_CACHE_DIR"]).glob("*.wav")}
    output.unlink()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    again = {p.name: p.stat().st_ino for p in Path(env["AUDIONEWS_CACHE_DIR"]).glob("*.wav")}
    assert again == made, "every clip came from the cache: no new file, none rewritten"


def test_output_with_an_unknown_suffix_is_a_usage_error(env: dict[str, str], tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "audionews", "read", str(SAMPLE), "--output", str(tmp_path / "a.ogg")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and ".wav or .mp3" in done.stderr
    assert not (tmp_path / "a.ogg").exists()


def test_output_to_a_fifo_is_refused_before_any_speech(env: dict[str, str], tmp_path: Path) -> None:
    import stat

    fifo = tmp_path / "narration.wav"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "audionews", "read", str(SAMPLE), "--engine", "espeak",
                           "--output", str(fifo)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("audionews: ") and "not a regular file" in line
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert not list(Path(env["AUDIONEWS_CACHE_DIR"]).glob("*.wav")), "nothing was synthesized for a refused output"


def visible_lines(output: str) -> list[str]:
    """The lines as a terminal shows them: what a carriage return went back over is overwritten."""
    shown = []
    for line in output.replace("\r\n", "\n").split("\n"):
        screen = ""
        for part in line.split("\r"):
            screen = part + screen[len(part):]
        shown.append(screen.rstrip())
    return shown


def sample_sentence(number: int) -> str:
    from audionews import build_script, extract_article

    script = build_script(extract_article(SAMPLE.read_text()))
    return " ".join(s.text for s in script.segments if s.sentence == number and s.kind != "announcement")


def test_no_progress_bar_among_the_spoken_lines_and_numbers_to_resume_from(env: dict[str, str]) -> None:
    """Every line on the terminal is a sentence, an announcement or a message: no progress bar, not even after
    a key press starts new synthesis; each sentence shows the number --from takes, and quitting says where."""
    child = spawn_read(env)
    child.logfile_read = io.StringIO()  # everything the terminal received
    child.expect("Israel Alters Intelligence Sharing with US")
    child.expect(f"1. {FIRST_BODY_WORDS}")
    child.send("n")
    child.expect("2. Israeli defense chief Avigdor Liberman told Army Radio", timeout=5)
    child.send(" ")
    child.expect("Paused at sentence 2.")
    child.send("q")
    child.expect("EXIT=0")
    child.expect(pexpect.EOF)
    output = child.logfile_read.getvalue().partition("EXIT=0")[0]
    assert "clip/s" not in output and "%|" not in output, output
    lines = [line for line in visible_lines(output) if line]
    assert lines[-1] == "Stopped at sentence 2; `--from 2` resumes there.", lines
    assert lines[0] == "Press ? for keys, q to quit."
    assert re.fullmatch(r"audionews: Using the espeak engine with voice en-\w+ for language en\.", lines[1]), lines
    assert lines[2:4] == ["Israel Alters Intelligence Sharing with US", f"1. {sample_sentence(1)}"], lines
    assert len([line for line in lines if line.startswith("audionews: ")]) == 1, "said once, not at each new synthesis"

    again = spawn_read(env, "--from", "2")
    again.logfile_read = io.StringIO()
    again.expect("Israeli defense chief")
    again.send("q")
    again.expect("EXIT=0")
    again.expect(pexpect.EOF)
    said = [line for line in visible_lines(again.logfile_read.getvalue().partition("EXIT=0")[0]) if line]
    assert said[:1] + said[2:] == ["Press ? for keys, q to quit.", f"2. {sample_sentence(2)}",
                                   "Stopped at sentence 2; `--from 2` resumes there."], said


def test_quiet_prints_nothing_not_even_a_progress_bar(env: dict[str, str]) -> None:
    child = spawn_read(env, "--quiet")
    child.logfile_read = io.StringIO()
    time.sleep(3)  # the title and part of the first sentence are spoken meanwhile
    child.send("q")
    child.expect("EXIT=0")
    child.expect(pexpect.EOF)
    output = child.logfile_read.getvalue().partition("EXIT=0")[0]
    assert output.strip() == "", repr(output)
    assert clips_in(env) > 1, "it was reading"
