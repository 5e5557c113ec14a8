"""M4B export: ffprobe sees AAC in MP4, the MP3's chapters at the same times (±0.05 s), the cover attached."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from audionews.model import Clip, Script
from audionews.outputs.export import export_mp3
from audionews.outputs.m4b import export_m4b
from test_export import SHORT_ARTICLE, assert_square_picture_in_range, cache_env, small, small_script, speak  # noqa: F401

CLI = [sys.executable, "-m", "audionews"]


def probe(path: Path) -> dict:
    run = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                          "-show_chapters", str(path)], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def test_m4b_is_aac_in_mp4_with_the_mp3s_chapters_and_the_cover(small: tuple[Script, list[Clip]],
                                                                  tmp_path: Path) -> None:
    script, clips = small
    mp3 = export_mp3(script, iter(clips), tmp_path / "rain.mp3")
    m4b = export_m4b(script, iter(clips), tmp_path / "rain.m4b")
    assert m4b.size == (tmp_path / "rain.m4b").stat().st_size
    info = probe(tmp_path / "rain.m4b")
    assert "mp4" in info["format"]["format_name"].split(",")
    audio = [s for s in info["streams"] if s["codec_type"] == "audio"]
    pictures = [s for s in info["streams"] if s.get("disposition", {}).get("attached_pic") == 1]
    assert [s["codec_name"] for s in audio] == ["aac"]
    assert len(pictures) == 1 and pictures[0]["width"] == pictures[0]["height"] >= 1400
    assert float(info["format"]["duration"]) == pytest.approx(mp3.duration, abs=0.1)

    frames = sorted(ID3(tmp_path / "rain.mp3").getall("CHAP"), key=lambda chap: chap.start_time)
    chapters = info["chapters"]
    assert [c["tags"]["title"] for c in chapters] == [str(f.sub_frames["TIT2"]) for f in frames]
    for chapter, frame in zip(chapters, frames):
        assert float(chapter["start_time"]) == pytest.approx(frame.start_time / 1000, abs=0.05)
        assert float(chapter["end_time"]) == pytest.approx(frame.end_time / 1000, abs=0.05)
    starts = [float(c["start_time"]) for c in chapters]
    assert starts == sorted(starts)

    tags = {key.lower(): value for key, value in info["format"]["tags"].items()}
    assert tags["title"] == "Rain in the valley" and tags["artist"] == "Jane Doe"
    assert tags["date"].startswith("2024-03-05") and tags["genre"] == "Podcast"

    cover = subprocess.run(["ffmpeg", "-v", "error", "-i", str(tmp_path / "rain.m4b"), "-map", "0:v", "-c", "copy",
                            "-f", "image2pipe", "-"], capture_output=True, check=True).stdout
    assert_square_picture_in_range(cover)


@pytest.mark.parametrize("how", ["extension", "flag"])
def test_cli_export_m4b_by_extension_or_flag(cache_env: dict[str, str], tmp_path: Path, how: str) -> None:
    article = tmp_path / "rain.txt"
    article.write_text(SHORT_ARTICLE)
    out = tmp_path / ("rain.m4b" if how == "extension" else "rain.audiobook")
    extra = [] if how == "extension" else ["--format", "m4b"]
    run = subprocess.run([*CLI, "export", str(article), "-o", str(out), "--engine", "espeak", *extra],
                         capture_output=True, text=True, env=cache_env, timeout=240)
    assert run.returncode == 0, run.stderr
    info = probe(out)
    assert [s["codec_name"] for s in info["streams"] if s["codec_type"] == "audio"] == ["aac"]
    assert info["chapters"]


def test_cli_refuses_an_unknown_extension_before_any_work(cache_env: dict[str, str], tmp_path: Path) -> None:
    run = subprocess.run([*CLI, "export", str(tmp_path / "does-not-exist.txt"), "-o", str(tmp_path / "rain.ogg")],
                         capture_output=True, text=True, env=cache_env, timeout=60)
    # refused for the format, before the (missing) article is even read
    assert run.returncode == 2 and ".mp3" in run.stderr and ".m4b" in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and not (tmp_path / "rain.ogg").exists()
