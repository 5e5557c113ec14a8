"""The feed commands end to end, as a user runs them: follow, feeds, update, unfollow, feeds import/export,
briefing and `read --unheard`, in real subprocesses against the loopback news site (tests/feed_site.py),
with real espeak-ng, ffmpeg decoding the briefing, and a real pseudo-terminal for the keys."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import requests
from mutagen.id3 import ID3

from audionews.config import default_data_dir

from conftest import LocalServer
from feed_site import BY_SLUG, FeedSite, atom, rss


def run(*args: str, data_dir: Path | None = None, env: dict[str, str] | None = None,
        private: bool = True) -> subprocess.CompletedProcess[str]:
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("AUDIONEWS_ALLOW_PRIVATE_URLS", "AUDIONEWS_DATA_DIR")}
    environment.update({"PYTHONIOENCODING": "utf-8", "AUDIONEWS_ALLOW_PRIVATE_URLS": "1" if private else "0"})
    environment.update(env or {})
    extra = ("--data-dir", str(data_dir)) if data_dir else ()
    result = subprocess.run([sys.executable, "-m", "audionews", *args, *extra], capture_output=True, text=True,
                            env=environment, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def one_line_error(result: subprocess.CompletedProcess[str], status: int, phrase: str) -> None:
    assert result.returncode == status, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("audionews") and phrase in lines[-1], result.stderr
    if status == 1:
        assert len(lines) == 1 and lines[0].endswith("."), result.stderr


@pytest.fixture
def site(local_server: LocalServer) -> FeedSite:
    return FeedSite(local_server)


def test_default_data_dir_comes_from_the_environment(tmp_path: Path) -> None:
    assert default_data_dir({"AUDIONEWS_DATA_DIR": str(tmp_path / "a"), "XDG_DATA_HOME": "/x"}) == tmp_path / "a"
    assert default_data_dir({"XDG_DATA_HOME": str(tmp_path / "xdg")}) == tmp_path / "xdg" / "audionews"
    assert default_data_dir({}) == Path.home() / ".local" / "share" / "audionews"


def test_follow_list_update_and_unfollow(site: FeedSite, tmp_path: Path) -> None:
    site.feed("/feed.xml", rss("Westmere News", site.links("tram", "harbour")))
    xdg = tmp_path / "xdg"
    env = {"XDG_DATA_HOME": str(xdg)}  # no --data-dir: the XDG data home's audionews/
    followed = run("follow", site.url("/feed.xml"), env=env)
    assert followed.returncode == 0, followed.stderr
    assert followed.stdout == f"Following Westmere News ({site.url('/feed.xml')}): added 2 articles.\n"
    assert (xdg / "audionews" / "library.sqlite3").exists()

    listed = run("feeds", env=env).stdout.splitlines()
    assert len(listed) == 1
    fields = listed[0].split("\t")
    assert fields[:3] == ["1", "Westmere News", site.url("/feed.xml")]
    assert re.fullmatch(r"checked \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", fields[3]) and fields[4] == "2 not heard"

    for _ in range(2):
        updated = run("update", env=env)
        assert updated.returncode == 0 and updated.stdout == "Westmere News: 0 new\n", updated.stdout
    site.feed("/feed.xml", rss("Westmere News", site.links("orchard", "tram", "harbour")))
    assert run("update", env=env).stdout == "Westmere News: 1 new\n"

    site.page("/feed.xml", b"<h1>Down for maintenance</h1>", status=503)
    down = run("update", env=env)
    assert down.returncode == 0 and down.stdout.startswith("Westmere News: not checked: ") and "HTTP 503" in down.stdout
    assert "\terror: " in run("feeds", env=env).stdout and "HTTP 503" in run("feeds", env=env).stdout

    gone = run("unfollow", "1", env=env)
    assert gone.returncode == 0 and gone.stdout == "Stopped following Westmere News; its articles stay in the library.\n"
    assert run("feeds", env=env).stdout == "You follow no feeds yet; add one with `audionews follow URL`.\n"
    assert run("update", env=env).stdout == "You follow no feeds yet; add one with `audionews follow URL`.\n"


def test_a_page_advertising_a_feed_and_the_errors(site: FeedSite, tmp_path: Path) -> None:
    data = tmp_path / "data"
    site.feed("/rss", rss("Westmere News", site.links("footbridge")))
    site.page("/", b'<html><head><title>W</title><link rel="alternate" type="application/rss+xml" href="/rss">'
                   b"</head><body><p>Welcome.</p></body></html>")
    assert run("follow", site.url("/"), data_dir=data).stdout == (
        f"Following Westmere News ({site.url('/rss')}): added 1 article.\n")
    one_line_error(run("follow", site.url("/rss"), data_dir=data), 1, "already follow")
    one_line_error(run("follow", site.url("/news/tram"), data_dir=data), 1, "advertises no feed")
    one_line_error(run("follow", site.url("/rss"), data_dir=tmp_path / "other", private=False), 1,
                   "on a local or private network")
    one_line_error(run("unfollow", "7", data_dir=data), 1, "no feed 7")
    one_line_error(run("unfollow", "https://nowhere.example/feed", data_dir=data), 1, "do not follow")
    for args in (("follow",), ("follow", site.url("/rss"), "--max-items", "0"), ("feeds", "import"),
                 ("feeds", "export", "list.opml"), ("feeds", "-o", "x.opml"), ("feeds", "sideways"),
                 ("briefing", "-o", str(tmp_path / "b.mp3"), "--all", "--since", "3"),
                 ("briefing", "-o", str(tmp_path / "b.mp3"), "--since", "-1"),
                 ("read",), ("read", "x.txt", "--unheard"), ("serve", "--poll-minutes", "0")):
        result = run(*args, data_dir=data)
        assert result.returncode == 2, (args, result.stderr)
        assert "usage" in result.stderr or result.stderr.startswith("audionews: "), result.stderr
    assert not (tmp_path / "b.mp3").exists()


def test_opml_export_then_import_into_an_empty_library_restores_every_feed(site: FeedSite, tmp_path: Path) -> None:
    site.feed("/one.xml", rss("Westmere News", site.links("tram")))
    site.feed("/two.atom", atom("Millbrook Courier", site.links("footbridge")), "application/atom+xml")
    first, second = tmp_path / "first", tmp_path / "second"
    for path in ("/one.xml", "/two.atom"):
        assert run("follow", site.url(path), data_dir=first).returncode == 0
    exported = run("feeds", "export", data_dir=first)
    assert exported.stdout.startswith('<?xml version=\'1.0\' encoding=\'utf-8\'?>\n<opml version="2.0">')
    opml = tmp_path / "feeds.opml"
    assert run("feeds", "export", "-o", str(opml), data_dir=first).stdout == f"Wrote {opml}: 2 feeds.\n"

    site.page("/two.atom", b"busy", "text/plain", status=503)  # one feed is down while importing: kept anyway
    imported = run("feeds", "import", str(opml), data_dir=second)
    assert imported.returncode == 0, imported.stderr
    lines = imported.stdout.splitlines()
    assert lines[0] == f"Following Westmere News ({site.url('/one.xml')}): added 1 article."
    assert lines[1].startswith(f"Following Millbrook Courier ({site.url('/two.atom')}); it could not be checked now:")
    restored = [line.split("\t")[:3] for line in run("feeds", data_dir=second).stdout.splitlines()]
    original = [line.split("\t")[:3] for line in run("feeds", data_dir=first).stdout.splitlines()]
    assert restored == original
    again = run("feeds", "import", str(opml), data_dir=second)
    assert again.stdout.splitlines() == ["Already following Westmere News.", "Already following Millbrook Courier."]
    one_line_error(run("feeds", "import", str(tmp_path / "absent.opml"), data_dir=second), 1, "There is no file")
    (tmp_path / "bad.opml").write_text("<html><body>not a list</body></html>")
    one_line_error(run("feeds", "import", str(tmp_path / "bad.opml"), data_dir=second), 1, "not OPML")


def test_briefing_mp3_has_an_opening_a_chapter_per_article_and_marks_them_heard(site: FeedSite,
                                                                              tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "brief" / "news.mp3"
    out.parent.mkdir()
    site.feed("/one.xml", rss("Westmere News", site.links("harbour", "orchard")))
    site.feed("/two.xml", rss("Millbrook Courier", site.links("footbridge")))
    for path in ("/one.xml", "/two.xml"):
        assert run("follow", site.url(path), data_dir=data).returncode == 0
    env = {"AUDIONEWS_CACHE_DIR": str(tmp_path / "cache")}
    made = run("briefing", "-o", str(out), "--engine", "espeak", "--companions", data_dir=data, env=env)
    assert made.returncode == 0, made.stderr
    assert re.fullmatch(rf"Wrote {re.escape(str(out))}: \d+:\d\d, 3 articles, 4 chapters, \d+ KB\.\n", made.stdout)

    decoded = subprocess.run(["ffmpeg", "-v", "error", "-i", str(out), "-f", "null", "-"],
                             capture_output=True, text=True, timeout=120)
    assert decoded.returncode == 0 and decoded.stderr == ""
    tag = ID3(out)
    chapters = sorted(tag.getall("CHAP"), key=lambda chap: chap.start_time)
    titles = [str(chap.sub_frames["TIT2"].text[0]) for chap in chapters]
    assert titles == ["Opening", BY_SLUG["footbridge"].title, BY_SLUG["harbour"].title, BY_SLUG["orchard"].title]
    assert tag.getall("CTOC")[0].child_element_ids == [chap.element_id for chap in chapters]
    assert all(a.end_time == b.start_time for a, b in zip(chapters, chapters[1:]))
    transcript = str(tag.getall("USLT")[0].text)
    assert transcript.startswith("3 articles from 2 sources.")
    for slug, source in (("footbridge", "Millbrook Courier"), ("orchard", "Westmere News"), ("harbour", "Westmere News")):
        assert f"{BY_SLUG[slug].title}. From {source}." in transcript
        assert BY_SLUG[slug].paragraphs[-1] in transcript
    assert all(out.with_suffix(suffix).exists() for suffix in (".chapters.json", ".vtt", ".txt"))

    assert all(line.split("\t")[4] == "0 not heard" for line in run("feeds", data_dir=data).stdout.splitlines())
    one_line_error(run("briefing", "-o", str(tmp_path / "again.mp3"), "--engine", "espeak", data_dir=data, env=env),
                   1, "nothing to put in a briefing")
    assert not (tmp_path / "again.mp3").exists()
    again = run("briefing", "-o", str(tmp_path / "all.mp3"), "--engine", "espeak", "--all", data_dir=data, env=env)
    assert again.returncode == 0 and ", 3 articles, 4 chapters" in again.stdout


def test_read_unheard_announces_each_article_and_skips_with_the_bracket_key(site: FeedSite, tmp_path: Path) -> None:
    """`]` leaves an article at once; an article heard to its end is marked heard, one skipped is not."""
    data = tmp_path / "data"
    short = BY_SLUG["orchard"]
    # the newest item's page is missing: it is read from its one-paragraph summary, a few seconds of speech
    site.feed("/feed.xml", rss("Westmere News", [(short, site.url("/news/missing"))] + site.links("harbour")))
    assert run("follow", site.url("/feed.xml"), data_dir=data).returncode == 0
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default { type null }\nctl.!default { type hw card 0 }\n")
    env = {**os.environ, "HOME": str(home), "AUDIONEWS_CACHE_DIR": str(tmp_path / "cache"), "TERM": "dumb"}
    command = (f"{sys.executable} -m audionews read --unheard --engine espeak --player aplay --data-dir {data}; "
               "echo EXIT=$?")
    child = pexpect.spawn("bash", ["-c", command], env=env, encoding="utf-8", timeout=60, dimensions=(40, 200))
    child.expect("Article 1 of 2, from Westmere News:")
    child.expect(short.title)
    child.send("]")
    child.expect("Article 2 of 2, from Westmere News:", timeout=5)
    skipped = child.before
    assert short.summary not in skipped, "the next article starts at once, before the first one's text"
    child.expect(BY_SLUG["harbour"].title)
    child.send("[")
    child.expect("Article 1 of 2, from Westmere News:", timeout=5)
    child.expect(short.summary)
    child.expect("Article 2 of 2", timeout=30)  # the short article was heard to its end
    child.expect(BY_SLUG["harbour"].title)
    child.send("q")
    child.expect("EXIT=0")
    child.expect(pexpect.EOF)
    assert "Traceback" not in child.before
    assert run("feeds", data_dir=data).stdout.rstrip("\n").split("\t")[4] == "1 not heard"


def test_follow_then_serve_see_the_same_library(site: FeedSite, tmp_path: Path) -> None:
    site.feed("/feed.xml", rss("Westmere News", site.links("tram")))
    env = {"AUDIONEWS_DATA_DIR": str(tmp_path / "data"), "AUDIONEWS_CACHE_DIR": str(tmp_path / "cache")}
    assert run("follow", site.url("/feed.xml"), env=env).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**{k: v for k, v in os.environ.items() if k != "AUDIONEWS_DATA_DIR"}, **env,
                   "AUDIONEWS_ALLOW_PRIVATE_URLS": "1"}
    process = subprocess.Popen([sys.executable, "-m", "audionews", "serve", "--port", str(port), "--engine", "espeak"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    try:
        assert process.stdout is not None and "serving your library" in process.stdout.readline()
        feeds = requests.get(f"http://127.0.0.1:{port}/api/feeds", timeout=30).json()["feeds"]
        assert [(f["title"], f["url"], f["unheard"]) for f in feeds] == [("Westmere News", site.url("/feed.xml"), 1)]
        (article,) = requests.get(f"http://127.0.0.1:{port}/api/articles", timeout=30).json()["articles"]
        assert (article["title"], article["feed"], article["heard"]) == (BY_SLUG["tram"].title, feeds[0]["id"], False)
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0 and "Traceback" not in err
