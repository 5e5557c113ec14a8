"""Startup benchmark: wall time of `audionews --help` and `audionews voices`, this checkout against a commit.

Each command runs in a fresh process (`python -m audionews ...`), the two versions alternating run
by run so that load from other work on the machine hits both alike; the earlier commit's source
comes from `git archive` into a temporary folder and runs on this environment's packages. Both
source trees are byte-compiled first, as pip compiles an installed package (this machine sets
PYTHONDONTWRITEBYTECODE, which would otherwise make every run compile audionews again). The
baseline in the same run is a bare `python -c pass` (the interpreter's own start). Every figure is
the median of --repeat runs.

Usage: python bench/bench_startup.py [--repeat N] [--before COMMIT] [--write]
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from report import BENCHMARKS, publish

ROOT = Path(__file__).resolve().parents[1]
HEADING = "## Startup"
COMMANDS = {"--help": ["--help"], "voices": ["voices"]}


def timed(arguments: list[str], source: Path | None, folder: Path) -> float:
    env = {**os.environ, "AUDIONEWS_VOICES_DIR": str(folder / "no-voices"), "AUDIONEWS_CACHE_DIR": str(folder / "cache")}
    if source is not None:
        env["PYTHONPATH"] = str(source)
    started = time.perf_counter()
    subprocess.run([sys.executable, *arguments], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env, cwd=folder, timeout=120)
    return time.perf_counter() - started


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--before", default="8aa1e5d", metavar="COMMIT",
                        help="the commit to compare with (default: 8aa1e5d, before issue 11's lazy imports)")
    parser.add_argument("--write", nargs="?", const=BENCHMARKS, type=Path, metavar="PATH",
                        help="replace this benchmark's section of docs/BENCHMARKS.md (or PATH)")
    args = parser.parse_args()

    runs: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "no-voices").mkdir()
        byte_compiled(ROOT / "src")
        sources = {"now": None, "before": source_of(args.before, folder / "before")}
        for _ in range(args.repeat):
            runs.setdefault("python", []).append(timed(["-c", "pass"], None, folder))
            for command, arguments in COMMANDS.items():
                for version, source in sources.items():
                    runs.setdefault(f"{version} {command}", []).append(
                        timed(["-m", "audionews", *arguments], source, folder))

    def median(name: str) -> float:
        return statistics.median(runs[name])

    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()} ({os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at the end: the machine is shared), Python {platform.python_version()}, "
        f"by `bench/bench_startup.py --repeat {args.repeat} --before {args.before}` (medians of fresh processes, "
        "the versions alternating). `voices` lists every engine's voices (Piper's bundled voice, pyttsx3 and "
        "espeak-ng, gTTS's languages).",
        "",
        f"| command | at {args.before} | now | now / before |",
        "|---|---|---|---|",
        f"| baseline: `python -c pass` | {median('python'):.3f} s | {median('python'):.3f} s | |",
    ]
    for command in COMMANDS:
        before, now = median(f"before {command}"), median(f"now {command}")
        lines.append(f"| `audionews {command}` | {before:.3f} s | {now:.3f} s | {now / before:.2f}× |")
    publish(lines, args.write)


if __name__ == "__main__":
    main()
