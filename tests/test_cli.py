"""The `audionews script` command end to end, as a user runs it: a real subprocess, real files, real HTTP.

Every run is checked for the promise that no traceback ever reaches the user.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE, LocalServer, send

TITLE = "Israel Alters Intelligence Sharing with US"
SEGMENT_KINDS = {"title", "heading", "narration", "caption", "quote", "announcement"}


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {name: value for name, value in os.environ.items() if name != "AUDIONEWS_ALLOW_PRIVATE_URLS"}
    environment.update({"PYTHONIOENCODING": "utf-8", **(env or {})})
    result = subprocess.run([sys.executable, "-m", "audionews", *args], input=stdin, capture_output=True,
                            env=environment, cwd=cwd, timeout=120)
    completed = subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode("utf-8"),
                                            result.stderr.decode("utf-8"))
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed


def assert_one_line_error(result: subprocess.CompletedProcess[str], status: int, phrase: str) -> None:
    assert result.returncode == status, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("audionews: ") and phrase in lines[0], result.stderr
    assert lines[0].endswith("."), "one sentence, ending like one"


# ----- success ------------------------------------------------------------------------------

def test_sample_script_text() -> None:
    result = run("script", str(SAMPLE))
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == TITLE
    assert lines[1] == ""
    assert any(line.startswith("Caption: ") for line in lines)
    assert "Removed by cleaning" not in result.stdout


def test_sample_script_json_shape() -> None:
    result = run("script", str(SAMPLE), "--json")
    assert result.returncode == 0
    script = json.loads(result.stdout)
    assert {"title", "byline", "source", "language", "segments"} <= script.keys()
    assert script["title"] == TITLE and script["language"] == "en"
    assert script["segments"], "an article has segments"
    for segment in script["segments"]:
        assert {"kind", "text", "speaker", "paragraph", "sentence"} <= segment.keys()
        assert segment["kind"] in SEGMENT_KINDS
        assert isinstance(segment["text"], str) and segment["text"].strip()
        assert segment["speaker"] is None or isinstance(segment["speaker"], str)
        assert isinstance(segment["paragraph"], int) and isinstance(segment["sentence"], int)
    order = [(s["paragraph"], s["sentence"]) for s in script["segments"]]
    assert order == sorted(order), "segments come in reading order"
    assert "caption" in {s["kind"] for s in script["segments"]}


def test_announce_modes_label_quotes_and_announcements() -> None:
    always = run("script", str(SAMPLE), "--announce", "always").stdout.splitlines()
    never = run("script", str(SAMPLE), "--announce", "never").stdout.splitlines()
    quotes = [i for i, line in enumerate(always) if line.startswith("Quote, ")]
    assert quotes and all(always[i - 1].startswith("Announcer: ") for i in quotes)
    assert not any(line.startswith("Announcer: ") for line in never)
    assert [line for line in never if line.startswith("Quote")] == [always[i] for i in quotes]


def test_removed_lists_what_cleaning_dropped() -> None:
    result = run("script", str(SAMPLE), "--removed")
    assert result.returncode == 0
    body, _, removed = result.stdout.partition("\nRemoved by cleaning (")
    assert removed, result.stdout
    assert "Accessibility links" in removed and "Accessibility links" not in body
    entries = removed.splitlines()[1:]
    assert entries and all(line.startswith("- ") and ": " in line for line in entries)


def test_stdin_gives_the_same_script_as_the_file() -> None:
    from_file = run("script", str(SAMPLE), "--json")
    from_stdin = run("script", "-", "--json", stdin=SAMPLE.read_bytes())
    assert from_stdin.returncode == 0
    segments = json.loads(from_stdin.stdout)["segments"]
    assert segments == json.loads(from_file.stdout)["segments"]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_non_utf8_files_are_read(tmp_path: Path, encoding: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    if encoding == "latin-1":  # Latin-1 has no curly quotes: keep its own accented letters instead
        text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("Avigdor Liberman told", "Avigdor Liberman – né à Kishinev – told")
    if encoding == "latin-1":
        text = text.replace("–", "-")
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    result = run("script", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == TITLE
    assert "né à Kishinev" in result.stdout


def test_html_from_stdin_is_recognised_by_content(tmp_path: Path) -> None:
    page = ("<!doctype html><html lang='en'><head><title>Harbour Reopens After Storm | Coast News</title></head>"
            "<body><nav><a href='/'>Home</a></nav><article><h1>Harbour Reopens After Storm</h1>"
            "<p>The harbour reopened on Monday after a week of repairs to the sea wall, the port authority said.</p>"
            "<p>Fishing boats returned to their moorings by the afternoon, and the ferry resumed its timetable.</p>"
            "<p>Engineers said the new wall should withstand storms twice as strong as last week's.</p>"
            "</article></body></html>")
    result = run("script", "-", "--json", stdin=page.encode())
    assert result.returncode == 0, result.stderr
    script = json.loads(result.stdout)
    assert script["title"] == "Harbour Reopens After Storm"
    assert not any("<" in s["text"] for s in script["segments"])


def test_url_from_local_server(local_server: LocalServer) -> None:
    local_server.route("/story.txt")(lambda h: send(h, SAMPLE.read_bytes(), "text/plain; charset=utf-8"))
    result = run("script", local_server.url("/story.txt"), "--json", env={"AUDIONEWS_ALLOW_PRIVATE_URLS": "1"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == TITLE


# ----- bad input: exit 1, one line ----------------------------------------------------------

def test_private_url_refused_without_the_switch(local_server: LocalServer) -> None:
    result = run("script", local_server.url("/story.txt"))
    assert_one_line_error(result, 1, "is on a local or private network, so audionews cannot read it")
    assert local_server.requests == []


def test_http_error(local_server: LocalServer) -> None:
    result = run("script", local_server.url("/gone"), env={"AUDIONEWS_ALLOW_PRIVATE_URLS": "1"})
    assert_one_line_error(result, 1, "HTTP 404")


@pytest.mark.parametrize(("content", "phrase"), [
    (b"", "is empty"),
    (b"\n \n\t\n", "is empty"),
    (bytes(range(256)) * 8, "looks like binary data"),
    (b"%PDF-1.5\n", "is a PDF document"),
])
def test_unusable_files(tmp_path: Path, content: bytes, phrase: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    assert_one_line_error(run("script", str(path)), 1, phrase)


def test_empty_stdin() -> None:
    assert_one_line_error(run("script", "-", stdin=b""), 1, "Standard input is empty")


def test_closed_stdin() -> None:
    result = subprocess.run([sys.executable, "-m", "audionews", "script", "-"], preexec_fn=lambda: os.close(0),
                            capture_output=True, text=True, timeout=120)
    assert_one_line_error(result, 1, "Standard input is closed")


def test_missing_file(tmp_path: Path) -> None:
    assert_one_line_error(run("script", str(tmp_path / "absent.html")), 1, "There is no file")


def test_directory(tmp_path: Path) -> None:
    assert_one_line_error(run("script", str(tmp_path)), 1, "is a directory")


def test_input_without_an_article() -> None:
    result = run("script", "-", stdin=b"Home\nNews\nSport\n")
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("audionews: ")


# ----- bad usage: exit 2 --------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    (), ("script",), ("script", str(SAMPLE), "--announce", "sometimes"), ("script", str(SAMPLE), "--nonsense"),
    ("recite", str(SAMPLE)),
])
def test_bad_usage(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == "" and "usage: audionews" in result.stderr


def test_help() -> None:
    result = run("script", "--help")
    assert result.returncode == 0 and "SOURCE" in result.stdout


# ----- output trouble ----------------------------------------------------------------------

@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_is_one_line_not_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "audionews", "script", str(SAMPLE)], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "audionews: could not write the output (No space left on device); check the disk or the pipe."]


def test_closed_pipe_is_quiet() -> None:
    process = subprocess.Popen([sys.executable, "-m", "audionews", "script", str(SAMPLE), "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader goes away before the first byte, like `| head -0`
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert stderr == ""


def test_console_script_is_installed() -> None:
    command = Path(sys.executable).with_name("audionews")
    if not command.exists():
        pytest.skip("the package is not installed with its console script")
    result = subprocess.run([str(command), "script", str(SAMPLE)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith(TITLE)


# ----- a size-capped cache --------------------------------------------------------------------

def test_export_with_a_cache_cap_smaller_than_one_article(tmp_path: Path) -> None:
    """The run's own clips are kept until the MP3 is written; then the cache is evicted down to its cap."""
    cache = tmp_path / "cache"
    cap_mb = 0.05  # a few clips: the sample article's clips take several MB
    result = run("export", str(SAMPLE), "-o", str(tmp_path / "out.mp3"), "--engine", "espeak",
                 env={"AUDIONEWS_CACHE_DIR": str(cache), "AUDIONEWS_CACHE_MAX_MB": str(cap_mb)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.mp3").stat().st_size > 10_000
    assert sum(clip.stat().st_size for clip in cache.glob("*.wav")) <= cap_mb * 1024 * 1024


# ----- option values out of range: exit 2 --------------------------------------------------------

@pytest.mark.parametrize("port", ["99999", "65536", "-1", "http"])
def test_serve_refuses_a_port_out_of_range(tmp_path: Path, port: str) -> None:
    result = subprocess.run([sys.executable, "-m", "audionews", "serve", "--port", port, "--data-dir",
                             str(tmp_path / "data")], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2 and result.stdout == ""
    assert "usage: audionews serve" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("audionews serve: error: argument --port:")
    assert "is not a port number" in result.stderr
    assert not (tmp_path / "data").exists(), "nothing was started"


@pytest.mark.parametrize("option, phrase", [(("--rate", "79"), "between 80 and 450"), (("--rate", "451"), "between 80 and 450"),
                                            (("--bitrate", "0"), "bitrate of 0 kbps"), (("--bitrate", "-64"), "bitrate of -64 kbps")])
def test_rate_and_bitrate_out_of_range_are_one_line_usage_errors(tmp_path: Path, option: tuple[str, str],
                                                                phrase: str) -> None:
    result = run("export", str(SAMPLE), "-o", str(tmp_path / "out.mp3"), "--engine", "espeak", *option,
                 env={"AUDIONEWS_CACHE_DIR": str(tmp_path / "cache")})
    assert_one_line_error(result, 2, phrase)
    assert not (tmp_path / "out.mp3").exists()


# ----- errors that are not about writing the output ---------------------------------------------

def test_an_os_error_elsewhere_is_not_called_an_output_error(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / ".locks" / "0123456789abcdef0123.lock").mkdir(parents=True)  # a folder where a lock file goes
    result = run("cache", "clear", env={"AUDIONEWS_CACHE_DIR": str(cache)})
    assert_one_line_error(result, 1, "Is a directory")
    assert "could not write the output" not in result.stderr and "0123456789abcdef0123.lock" in result.stderr


def test_read_from_stdin_closes_the_terminal_it_opened_for_keys(tmp_path: Path) -> None:
    """With the article on stdin, keys come from /dev/tty: that file is closed (no ResourceWarning)."""
    import pexpect

    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default { type null }\nctl.!default { type hw card 0 }\n")
    env = {**os.environ, "HOME": str(home), "AUDIONEWS_CACHE_DIR": str(tmp_path / "cache"), "TERM": "dumb"}
    command = (f"{sys.executable} -W always::ResourceWarning -m audionews read - --engine espeak --player aplay "
               f"< {SAMPLE}; echo EXIT=$?")
    child = pexpect.spawn("bash", ["-c", command], env=env, encoding="utf-8", timeout=60, dimensions=(40, 200))
    child.expect(TITLE)
    child.send("q")
    child.expect("EXIT=0")
    said = child.before  # everything after the title, up to the exit status
    child.expect(pexpect.EOF)
    assert "name='/dev/tty'" not in said, said


# ----- environment settings: checked once at start, one line naming the variable --------------------------

@pytest.mark.parametrize(("variable", "value", "accepted"), [
    ("AUDIONEWS_CACHE_MAX_MB", "abc", "a number of megabytes greater than 0"),
    ("AUDIONEWS_CACHE_MAX_MB", "-5", "a number of megabytes greater than 0"),
    ("AUDIONEWS_CACHE_MAX_MB", "nan", "a number of megabytes greater than 0"),
    ("AUDIONEWS_CACHE_DIR", "{file}", "a folder"),
    ("AUDIONEWS_VOICES_DIR", "{file}", "a folder"),
    ("AUDIONEWS_ALLOW_PRIVATE_URLS", "maybe", "1 or 0"),
    ("AUDIONEWS_ONLINE", "sometimes", "1 or 0"),
    ("AUDIONEWS_DEBUG", "verbose", "1 or 0"),
    ("AUDIONEWS_GTTS_URL", "translate.example.org", "an http(s) URL"),
    ("AUDIONEWS_GTTS_TIMEOUT", "ten", "a number of seconds greater than 0"),
    ("AUDIONEWS_GTTS_TIMEOUT", "0", "a number of seconds greater than 0"),
    ("AUDIONEWS_ALLOWED_HOSTS", "https://news.example.org/", "host names separated by commas"),
])
def test_a_bad_environment_setting_is_one_line_naming_it(tmp_path: Path, variable: str, value: str,
                                                         accepted: str) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    result = run("script", str(SAMPLE), env={variable: value.format(file=a_file)})
    assert_one_line_error(result, 2, variable)
    assert accepted in result.stderr and "this is a bug" not in result.stderr
    assert repr(value.format(file=a_file)) in result.stderr, "it quotes the value it refused"


@pytest.mark.parametrize(("variable", "value"), [
    ("AUDIONEWS_CACHE_MAX_MB", "0.5"), ("AUDIONEWS_CACHE_MAX_MB", " 500 "), ("AUDIONEWS_ALLOW_PRIVATE_URLS", "0"),
    ("AUDIONEWS_ONLINE", "false"), ("AUDIONEWS_DEBUG", "YES"), ("AUDIONEWS_DEBUG", ""),
    ("AUDIONEWS_GTTS_URL", "http://127.0.0.1:9/"), ("AUDIONEWS_GTTS_TIMEOUT", "2.5"),
    ("AUDIONEWS_ALLOWED_HOSTS", "news.example.org, .lan.example"),
])
def test_good_environment_settings_are_taken(variable: str, value: str) -> None:
    result = run("script", str(SAMPLE), env={variable: value})
    assert result.returncode == 0, result.stderr
    debugging = variable == "AUDIONEWS_DEBUG" and value.strip()
    assert ("The article's language is 'en'." in result.stderr) if debugging else result.stderr == ""


# ----- diagnostics: --debug, and the engine and voice a command speaks with ----------------------------------

SHORT = ("Harbour Reopens After Storm\n\nThe harbour reopened on Monday after a week of repairs, the port authority said.\n\n"
         "\"We are open for business,\" said Mayor Ana Ruiz.\n")
SHORT_DE = ("Hafen nach Sturm wieder offen\n\nDer Hafen ist seit Montag wieder offen, teilte die Hafenbehörde mit.\n\n"
            "Die Reparaturen haben eine Woche gedauert und waren teurer als geplant.\n")
BUGGY = ("import sys, audionews.script\n"
         "def broken(*args, **kwargs):\n"
         "    raise KeyError('a bug planted by the test')\n"
         "audionews.script.build_script = broken\n"
         "from audionews.cli import main\n"
         "sys.exit(main(sys.argv[1:]))\n")


def short_article(tmp_path: Path, text: str = SHORT) -> Path:
    path = tmp_path / "short.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["flag", "environment", "neither"])
def test_debug_prints_the_traceback_of_an_unexpected_error(how: str) -> None:
    """An unexpected error (a bug planted in the script stage) is one line, plus its traceback with --debug."""
    args = ["script", str(SAMPLE)] + (["--debug"] if how == "flag" else [])
    env = {**os.environ, "AUDIONEWS_DEBUG": "1" if how == "environment" else "0"}
    result = subprocess.run([sys.executable, "-c", BUGGY, *args], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1 and result.stdout == ""
    last = result.stderr.splitlines()[-1]
    assert last.startswith("audionews: unexpected error (KeyError") and "please report it" in last
    if how == "neither":
        assert result.stderr.splitlines() == [last]
    else:
        assert "Traceback (most recent call last)" in result.stderr and "in broken" in result.stderr
        assert "--debug" not in last


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_debug_tells_the_language_engine_and_voices_chosen(tmp_path: Path, how: str) -> None:
    out = tmp_path / "short.mp3"
    result = run("export", str(short_article(tmp_path)), "-o", str(out), "--engine", "espeak",
                 *(["--debug"] if how == "flag" else []),
                 env={"AUDIONEWS_CACHE_DIR": str(tmp_path / "cache"), "AUDIONEWS_DEBUG": "1" if how != "flag" else ""})
    assert result.returncode == 0, result.stderr
    said = result.stderr
    assert "audionews: The article's language is 'en'" in said
    assert re.search(r"^audionews: Using the espeak engine with voice en-\w+ for language en\.$", said, re.MULTILINE)
    assert "audionews: The espeak engine is espeak-ng " in said
    assert re.search(r"^audionews: Quotes of Ana Ruiz are read by the voice en-\w+\+\w+\.$", said, re.MULTILINE)
    assert all(line.startswith("audionews: ") for line in said.splitlines())


def test_without_debug_script_says_nothing_on_stderr(tmp_path: Path) -> None:
    result = run("script", str(short_article(tmp_path)))
    assert result.returncode == 0 and result.stderr == ""


def test_export_says_once_which_engine_and_voice_it_uses(tmp_path: Path) -> None:
    env = {"AUDIONEWS_CACHE_DIR": str(tmp_path / "cache")}
    article = short_article(tmp_path)
    told = run("export", str(article), "-o", str(tmp_path / "a.mp3"), "--engine", "espeak", env=env)
    assert told.returncode == 0, told.stderr
    assert re.fullmatch(r"audionews: Using the espeak engine with voice en-\w+ for language en\.\n", told.stderr)
    quiet = run("export", str(article), "-o", str(tmp_path / "b.mp3"), "--engine", "espeak", "--quiet", env=env)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""
    assert (tmp_path / "b.mp3").stat().st_size > 1000


def test_export_says_when_auto_passed_over_an_engine(tmp_path: Path) -> None:
    """No Piper voice speaks German here (only the bundled English one): auto says it went on to the next engine."""
    env = {"AUDIONEWS_CACHE_DIR": str(tmp_path / "cache"), "AUDIONEWS_VOICES_DIR": str(tmp_path / "voices")}
    result = run("export", str(short_article(tmp_path, SHORT_DE)), "-o", str(tmp_path / "de.mp3"), env=env)
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("audionews: Using the pyttsx3 engine with voice de for language de (")
    assert "piper has no voice for de" in line


def test_read_to_a_file_says_which_engine_and_voice_it_uses(tmp_path: Path) -> None:
    env = {"AUDIONEWS_CACHE_DIR": str(tmp_path / "cache")}
    result = run("read", str(short_article(tmp_path)), "--engine", "espeak", "--output", str(tmp_path / "a.wav"),
                 env=env)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"audionews: Using the espeak engine with voice en-\w+ for language en\.\n", result.stderr)


def test_export_in_a_terminal_keeps_its_progress_bar_off_the_lines_it_prints(tmp_path: Path) -> None:
    """On a terminal, export shows a progress bar on stderr; the engine line and the result line stay whole."""
    import io

    import pexpect

    env = {**os.environ, "AUDIONEWS_CACHE_DIR": str(tmp_path / "cache"), "TERM": "dumb"}
    command = f"{sys.executable} -m audionews export {SAMPLE} -o {tmp_path / 'sample.mp3'} --engine espeak; echo EXIT=$?"
    child = pexpect.spawn("bash", ["-c", command], env=env, encoding="utf-8", timeout=240, dimensions=(40, 200))
    child.logfile_read = io.StringIO()
    child.expect("EXIT=0")
    child.expect(pexpect.EOF)
    output = child.logfile_read.getvalue().partition("EXIT=0")[0]
    assert "clip/s" in output, "a terminal gets a progress bar"
    screen = []
    for line in output.replace("\r\n", "\n").split("\n"):
        shown = ""
        for part in line.split("\r"):
            shown = part + shown[len(part):]
        if shown.strip():
            screen.append(shown.rstrip())
    assert re.fullmatch(r"audionews: Using the espeak engine with voice en-\w+ for language en\.", screen[0]), screen
    assert screen[1].startswith(f"Wrote {tmp_path / 'sample.mp3'}: ") and len(screen) == 2, screen


# ----- help and README say what the commands do ---------------------------------------------------------------

def help_of(*command: str) -> str:
    result = run(*command, "--help")
    assert result.returncode == 0
    return " ".join(result.stdout.split())


def test_every_option_of_every_command_has_a_description() -> None:
    """argparse lists an option without help as its bare flags: each must be followed by words saying what it does."""
    for command in ("script", "export", "feed", "serve", "read", "voices", "cache"):
        lines = run(command, "--help").stdout.split("\n")
        options = [i for i, line in enumerate(lines) if line.startswith("  -")]
        for i in options:
            line = lines[i].strip()
            described = "  " in line or (i + 1 < len(lines) and lines[i + 1].startswith(" " * 10))
            assert described, f"{command}: {line} has no description"
    assert "name the speaker before a quote" in help_of("script")


def test_companions_help_names_the_files_export_writes(tmp_path: Path) -> None:
    text = help_of("export")
    assert "NAME.chapters.json, NAME.vtt and NAME.txt beside NAME.mp3" in text
    assert "FILE.chapters.json" not in text


def test_readme_lists_every_label_of_the_text_script() -> None:
    from audionews.cli import HEADER_LABELS, SEGMENT_LABELS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for label in [*SEGMENT_LABELS.values(), *HEADER_LABELS]:
        assert f"`{label}:`" in readme or f"`{label}, Name:`" in readme, label


# ----- voices: filtered by language; voice ids in the JSON script ---------------------------------------------

def test_voices_are_filtered_by_language() -> None:
    every = [line for line in run("voices", "--engine", "espeak").stdout.splitlines() if not line.startswith("#")]
    german = run("voices", "--engine", "espeak", "--language", "de")
    assert german.returncode == 0, german.stderr
    lines = [line.split("\t") for line in german.stdout.splitlines() if not line.startswith("#")]
    assert ["espeak", "de", "de", "German"] in [line[:4] for line in lines] and len(lines) < len(every)
    assert all(language == "de" or language.startswith("de-") for _, _, language, *rest in lines), lines
    regional = run("voices", "--engine", "espeak", "--language", "pt-br").stdout
    assert "espeak\tpt-br\t" in regional and "espeak\tpt\t" in regional and "espeak\tpt-pt\t" not in regional
    assert "espeak\tgrc\t" in run("voices", "--engine", "espeak", "--language", "grc").stdout, "a voice speaks it"


@pytest.mark.parametrize("code", ["xx", "klingon", "english", "d"])
def test_voices_refuse_an_unknown_language_code(code: str) -> None:
    assert_one_line_error(run("voices", "--engine", "espeak", "--language", code), 2, f"{code!r} is not a language")


def test_script_json_gives_the_voice_of_each_segment(tmp_path: Path) -> None:
    result = run("script", str(SAMPLE), "--json", "--engine", "espeak", env={"AUDIONEWS_CACHE_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    segments = json.loads(result.stdout)["segments"]
    narrator = {s["voice_id"] for s in segments if s["voice"] == "narrator"}
    assert len(narrator) == 1 and re.fullmatch(r"en-\w+", narrator.pop())
    by_speaker: dict[str, set[str]] = {}
    for segment in segments:
        if segment["kind"] == "quote" and segment["speaker"]:
            by_speaker.setdefault(segment["speaker"], set()).add(segment["voice_id"])
    assert len(by_speaker) >= 2 and all(len(voices) == 1 for voices in by_speaker.values()), "one voice per speaker"
    assert len({voices.pop() for voices in by_speaker.values()}) >= 2, "speakers do not all share one voice"
    assert not (tmp_path / "audio_cache").exists() and not list(tmp_path.iterdir()), "nothing is synthesized"


# ----- pronunciation rules, spoken text, pauses ------------------------------------------------------

def test_pronounce_add_list_test_remove(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"AUDIONEWS_DATA_DIR": str(data)}
    assert run("pronounce", "list", env=env).stdout.startswith("No pronunciation rules yet")
    added = run("pronounce", "add", "Liberman", "librarian", env=env)
    assert added.returncode == 0 and added.stdout == 'Added: "Liberman" is said "librarian" (whole word, any case).\n'
    assert run("pronounce", "add", r"(\d+)B\b", r"\1 billion", "--regex", "--case-sensitive", env=env).returncode == 0
    assert run("pronounce", "add", "burg", "berg", "--anywhere", "--language", "en", env=env).returncode == 0
    assert run("pronounce", "add", "Reuters", "", env=env).returncode == 0
    changed = run("pronounce", "add", "Liberman", "Lee-ber-man", env=env)
    assert changed.stdout.startswith("Changed: ")
    assert run("pronounce", "list", env=env).stdout.splitlines() == [
        '"Liberman" is said "Lee-ber-man" (whole word, any case)',
        r'the pattern "(\d+)B\b" is said "\1 billion" (anywhere in a word, exact case)',
        '"burg" is said "berg" (anywhere in a word, any case, only in en)',
        '"Reuters" is skipped (whole word, any case)',
    ]
    tested = run("pronounce", "test", "Reuters: Avigdor Liberman of Hamburg raised 2B.", env=env)
    assert tested.stdout == ": Avigdor Lee-ber-man of Hamberg raised two billion.\n"
    assert run("pronounce", "test", "Hamburg", "--language", "de", env=env).stdout == "Hamburg\n"
    assert run("pronounce", "remove", "burg", env=env).stdout == "Removed the rule for 'burg'.\n"
    # --data-dir wins over AUDIONEWS_DATA_DIR; the file is plain JSON a person can edit.
    other = tmp_path / "other"
    assert run("pronounce", "add", "Kyiv", "Keev", "--data-dir", str(other), env=env).returncode == 0
    assert [rule["match"] for rule in json.loads((other / "pronunciations.json").read_text())["rules"]] == ["Kyiv"]
    assert len(json.loads((data / "pronunciations.json").read_text())["rules"]) == 3


def test_pronounce_refuses_a_bad_regular_expression_and_an_unknown_rule(tmp_path: Path) -> None:
    env = {"AUDIONEWS_DATA_DIR": str(tmp_path)}
    assert_one_line_error(run("pronounce", "add", "Lib[", "x", "--regex", env=env), 1,
                          "The regular expression 'Lib[' is not valid: unterminated character set at position 3.")
    assert not (tmp_path / "pronunciations.json").exists()
    assert_one_line_error(run("pronounce", "remove", "Liberman", env=env), 1, "no pronunciation rule for 'Liberman'")
    (tmp_path / "pronunciations.json").write_text('{"rules": [{"match": "x", "say": "y", "regex": "yes"}]}')
    assert_one_line_error(run("pronounce", "list", env=env), 1, "Pronunciation rule 1 ('x') in")
    assert_one_line_error(run("script", str(SAMPLE), "--json", env=env), 1, "regex must be true or false")


def test_script_json_gives_each_segment_the_words_the_engine_is_given(tmp_path: Path) -> None:
    from audionews.speech.spoken import to_spoken

    env = {"AUDIONEWS_DATA_DIR": str(tmp_path)}
    plain = json.loads(run("script", str(SAMPLE), "--json", env=env).stdout)
    assert all(segment["spoken"] == to_spoken(segment["text"]) for segment in plain["segments"])
    assert run("pronounce", "add", "Liberman", "librarian", env=env).returncode == 0
    ruled = json.loads(run("script", str(SAMPLE), "--json", env=env).stdout)
    naming = [n for n, segment in enumerate(ruled["segments"]) if "Liberman" in segment["text"]]
    assert naming
    for n, (before, after) in enumerate(zip(plain["segments"], ruled["segments"])):
        assert after["text"] == before["text"]  # what is shown never changes
        if n in naming:
            assert "librarian" in after["spoken"] and "Liberman" not in after["spoken"]
        else:
            assert after["spoken"] == before["spoken"]


def _tag_timings(path: Path) -> tuple[int, list[int], list[int]]:
    """TLEN, the SYLT sentence starts and the CHAP chapter starts of an exported MP3, in milliseconds."""
    from mutagen.id3 import ID3

    tag = ID3(path)
    sentences = [start for _, start in tag.getall("SYLT")[0].text]
    chapters = [frame.start_time for frame in sorted(tag.getall("CHAP"), key=lambda f: int(f.element_id[3:]))]
    return int(tag.getall("TLEN")[0].text[0]), sentences, chapters


def test_pauses_change_the_export_duration_and_timings_by_the_expected_amount(tmp_path: Path) -> None:
    import dataclasses

    from audionews.model import Segment
    from audionews.outputs.audio import Pauses, pause_between

    env = {"AUDIONEWS_CACHE_DIR": str(tmp_path / "cache"), "AUDIONEWS_DATA_DIR": str(tmp_path)}
    usual, longer = tmp_path / "usual.mp3", tmp_path / "longer.mp3"
    assert run("export", str(SAMPLE), "-o", str(usual), "--engine", "espeak", env=env).returncode == 0
    result = run("export", str(SAMPLE), "-o", str(longer), "--engine", "espeak", "--sentence-pause", "1",
                 "--paragraph-pause", "2", env=env)  # the same clips, from the cache
    assert result.returncode == 0, result.stderr

    fields = {field.name for field in dataclasses.fields(Segment)}
    segments = [Segment(**{k: v for k, v in s.items() if k in fields})
                for s in json.loads(run("script", str(SAMPLE), "--json", env=env).stdout)["segments"]]
    extra = [0]  # frames of added silence before each segment
    for previous, following in zip(segments, segments[1:]):
        extra.append(extra[-1] + round(pause_between(previous, following, Pauses(1.0, 2.0)) * 22050)
                     - round(pause_between(previous, following) * 22050))
    starts_of_sentences = [n for n, segment in enumerate(segments) if n == 0 or segment.sentence != segments[n - 1].sentence]

    length, sentences, chapters = _tag_timings(usual)
    length2, sentences2, chapters2 = _tag_timings(longer)
    assert extra[-1] / 22050 > 20  # the sample has dozens of pauses: the difference is large
    assert length2 - length == pytest.approx(extra[-1] / 22.05, abs=2)
    assert len(sentences2) == len(sentences) == len(starts_of_sentences)
    for first, before, after in zip(starts_of_sentences, sentences, sentences2):
        assert after - before == pytest.approx(extra[first] / 22.05, abs=2)
    assert len(chapters2) == len(chapters) > 1
    assert all(after >= before for before, after in zip(chapters, chapters2)) and chapters2[-1] > chapters[-1]
    shifts = {after - before for before, after in zip(chapters, chapters2)}
    assert shifts <= {round(extra[n] / 22.05) + d for n in range(len(extra)) for d in (-1, 0, 1)}


@pytest.mark.parametrize("option", ["--sentence-pause", "--paragraph-pause"])
@pytest.mark.parametrize("value", ["-1", "5.5", "soon"])
def test_pauses_out_of_range_are_one_line_usage_errors(tmp_path: Path, option: str, value: str) -> None:
    result = run("export", str(SAMPLE), "-o", str(tmp_path / "out.mp3"), option, value)
    assert result.returncode == 2 and ("0 to 5 seconds" in result.stderr or "number of seconds" in result.stderr)
    assert not (tmp_path / "out.mp3").exists()


def test_read_to_a_file_takes_the_pauses_too(tmp_path: Path) -> None:
    env = {"AUDIONEWS_CACHE_DIR": str(tmp_path / "cache"), "AUDIONEWS_DATA_DIR": str(tmp_path)}
    lengths = []
    for pauses in (("0.35", "0.75"), ("0", "0")):
        out = tmp_path / f"read-{pauses[0]}.wav"
        result = run("read", str(SAMPLE), "--engine", "espeak", "--quiet", "--output", str(out),
                     "--sentence-pause", pauses[0], "--paragraph-pause", pauses[1], env=env)
        assert result.returncode == 0, result.stderr
        import wave

        with wave.open(str(out)) as reader:
            lengths.append(reader.getnframes() / reader.getframerate())
    assert lengths[0] - lengths[1] > 10  # dozens of pauses gone: the same clips, back to back


def test_script_json_logs_the_evidence_for_each_speaker() -> None:
    script = json.loads(run("script", str(SAMPLE), "--json").stdout)
    quoted = [s for s in script["segments"] if s["kind"] in {"quote", "announcement"}]
    assert quoted and all(isinstance(s["speaker_evidence"], str) and s["speaker_evidence"] for s in quoted)
    assert all(s["speaker_evidence"] is None for s in script["segments"] if s["kind"] not in {"quote", "announcement"})
    liberman = next(s for s in quoted if s["speaker"] == "Avigdor Liberman")
    assert "Liberman" in liberman["speaker_evidence"]
