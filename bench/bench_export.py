"""Export benchmark: podcast MP3 of the sample article, cold and warm cache, against espeak-ng + lame.

Baseline (same run, same machine): `espeak-ng -w` speaking the article's text (title and
paragraphs, as the script has them) in one go, then `lame` encoding that WAV at the same
bitrate and quality. audionews does more (per-segment clips, pauses, ID3 chapters, transcript,
synchronised lyrics), so the cold ratio is the price of all that; warm is the cached re-export.
Encoding throughput: lameenc (audio.encode_mp3) against the `lame` command on the same PCM,
in seconds of audio encoded per second. Every figure is the median of --repeat runs.

Usage: python bench/bench_export.py [--repeat N] [--write]
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from audionews.config import Settings
from audionews.model import Script
from audionews.outputs.audio import encode_mp3, join
from audionews.outputs.export import export_mp3
from audionews.script import build_script
from audionews.speech.synth import SynthOptions, Synthesizer
from audionews.text.extract import extract_article

from report import BENCHMARKS, median_seconds, publish

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"
HEADING = "## Export"
BITRATE = 64


def export(script: Script, cache: Path, out: Path) -> None:
    settings = Settings.from_env({"AUDIONEWS_CACHE_DIR": str(cache)})
    with Synthesizer(SynthOptions(engine="espeak", progress=False), settings) as synthesizer:
        export_mp3(script, synthesizer.clips(script), out, bitrate=BITRATE)


def espeak_then_lame(text: str, folder: Path) -> None:
    wav, mp3 = folder / "baseline.wav", folder / "baseline.mp3"
    subprocess.run(["espeak-ng", "-w", str(wav), text], check=True)
    subprocess.run(["lame", "--quiet", "-m", "m", "-b", str(BITRATE), "-q", "2", str(wav), str(mp3)], check=True)


def lame_command(raw: Path, rate: int) -> None:
    subprocess.run(["lame", "--quiet", "-r", "-s", str(rate / 1000), "--bitwidth", "16", "--signed", "--little-endian",
                    "-m", "m", "-b", str(BITRATE), "-q", "2", str(raw), str(raw.with_suffix(".mp3"))],
                   check=True, stderr=subprocess.DEVNULL)  # lame warns that libsndfile may seek in raw input


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", nargs="?", const=BENCHMARKS, type=Path, metavar="PATH",
                        help="replace this benchmark's section of docs/BENCHMARKS.md (or PATH)")
    args = parser.parse_args()

    script = build_script(extract_article(SAMPLE.read_text(encoding="utf-8")))
    text = "\n\n".join([script.title, *(s.text for s in script.segments if s.kind != "title")])
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        caches = iter(range(args.repeat))
        cold = median_seconds(lambda: export(script, folder / f"cache{next(caches)}", folder / "cold.mp3"), args.repeat)
        warm = median_seconds(lambda: export(script, folder / "cache0", folder / "warm.mp3"), args.repeat)
        baseline = median_seconds(lambda: espeak_then_lame(text, folder), args.repeat)

        settings = Settings.from_env({"AUDIONEWS_CACHE_DIR": str(folder / "cache0")})
        with Synthesizer(SynthOptions(engine="espeak", progress=False), settings) as synthesizer:
            narration = join(script, synthesizer.clips(script))
        pcm = narration.pcm()
        raw = folder / "narration.raw"
        raw.write_bytes(pcm)
        lameenc_time = median_seconds(lambda: encode_mp3(pcm, narration.sample_rate, BITRATE), args.repeat)
        lame_time = median_seconds(lambda: lame_command(raw, narration.sample_rate), args.repeat)

    audio = narration.duration
    lines = [
        f"{HEADING}",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
        f"({platform.processor() or 'unknown CPU'}, {os.cpu_count()} cores), Python {platform.python_version()}, "
        f"by `bench/bench_export.py --repeat {args.repeat}` (medians). Sample article: {len(script.segments)} segments, "
        f"{audio:.0f} s of speech with pauses, espeak-ng, {BITRATE} kbps mono.",
        "",
        "| task | time | vs espeak-ng -w + lame |",
        "|---|---|---|",
        f"| baseline: espeak-ng -w (whole text) + lame | {baseline:.2f} s | 1.00× |",
        f"| audionews export, cold cache | {cold:.2f} s | {cold / baseline:.2f}× |",
        f"| audionews export, warm cache | {warm:.2f} s | {warm / baseline:.2f}× |",
        "",
        "| MP3 encoder (same raw PCM, -q 2) | time | audio seconds per second | vs lame command |",
        "|---|---|---|---|",
        f"| `lame` command (raw PCM file) | {lame_time:.3f} s | {audio / lame_time:,.0f} | 1.00× |",
        f"| lameenc (audio.encode_mp3) | {lameenc_time:.3f} s | {audio / lameenc_time:,.0f} | "
        f"{lame_time / lameenc_time:.2f}× faster |",
    ]
    publish(lines, args.write)


if __name__ == "__main__":
    main()
