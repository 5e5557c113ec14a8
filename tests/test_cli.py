"""The `audionews script` command end to end, as a user runs it: a real subprocess, real files, real HTTP.

Every run is checked for the promise that no traceback ever reaches the user.
"""
from __future__ import annotations

import json
import os
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
    assert_one_line_error(result, 1, "AUDIONEWS_ALLOW_PRIVATE_URLS=1")
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


def test_script_json_logs_the_evidence_for_each_speaker() -> None:
    script = json.loads(run("script", str(SAMPLE), "--json").stdout)
    quoted = [s for s in script["segments"] if s["kind"] in {"quote", "announcement"}]
    assert quoted and all(isinstance(s["speaker_evidence"], str) and s["speaker_evidence"] for s in quoted)
    assert all(s["speaker_evidence"] is None for s in script["segments"] if s["kind"] not in {"quote", "announcement"})
    liberman = next(s for s in quoted if s["speaker"] == "Avigdor Liberman")
    assert "Liberman" in liberman["speaker_evidence"]
