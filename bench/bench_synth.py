"""Synthesis benchmark: time to first audio and whole-article time for the sample, against bare espeak-ng.

Baselines (same run, same machine): one `espeak-ng -w` call over the whole spoken text of the
article, and one `espeak-ng -w` call for its first sentence alone. audionews is measured from
creating a Synthesizer to the first clip (time to first audio) and to the last clip (whole
article), each run in a fresh Python process (imports excluded, everything else included:
loading libespeak-ng, listing voices, starting helper processes), with a cold cache (new
folder) or a warm one (the same text spoken before). Every figure is the median of --repeat runs.
The engines compared: espeak (libespeak-ng in process + helper processes) and pyttsx3 (spawned
worker processes, each warmed up).

Usage: python bench/bench_synth.py [--repeat N] [--write]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from report import BENCHMARKS, publish

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"
HEADING = "## Synthesis"
GOALS = {"first": 1.5, "cold": 0.7, "warm_speedup": 50}


def sample_script():  # type: ignore[no-untyped-def]
    from audionews.script import build_script
    from audionews.text.extract import extract_article

    return build_script(extract_article(SAMPLE.read_text(encoding="utf-8")))


def measure(engine: str, cache: str) -> None:
    """Runs in this (fresh) process, printed as JSON: the first run (cold or warm, as the cache
    folder is), then in the same process a run with a new cache folder (cold, process warm) and
    one more over it (warm, process warm)."""
    import audionews.speech.engines.espeak  # noqa: F401  (imports are done before timing, as the docstring says)
    import audionews.speech.engines.pyttsx3_engine  # noqa: F401
    from audionews.config import Settings
    from audionews.speech.synth import SynthOptions, Synthesizer

    script = sample_script()

    def run(folder: str) -> dict[str, float]:
        settings = Settings.from_env({"AUDIONEWS_CACHE_DIR": folder})
        started = time.perf_counter()
        first = None
        with Synthesizer(SynthOptions(engine=engine, progress=False), settings) as synthesizer:
            for _ in synthesizer.clips(script):
                first = first if first is not None else time.perf_counter() - started
            total = time.perf_counter() - started
            return {"first": first or 0.0, "total": total, "synthesized": synthesizer.stats.synthesized}

    results = {"fresh": run(cache)}
    with tempfile.TemporaryDirectory() as again:
        results["process_cold"] = run(again)
        results["process_warm"] = run(again)
    print(json.dumps(results))


def run_child(engine: str, cache: Path) -> dict[str, dict[str, float]]:
    done = subprocess.run([sys.executable, __file__, "--measure", engine, str(cache)],
                          capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {engine} run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def cpu_name() -> str:
    try:
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    except OSError:
        match = None
    return match.group(1).strip() if match else (platform.processor() or "unknown CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", nargs="?", const=BENCHMARKS, type=Path, metavar="PATH",
                        help="replace this benchmark's section of docs/BENCHMARKS.md (or PATH)")
    parser.add_argument("--measure", nargs=2, metavar=("ENGINE", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure)
        return

    from audionews.speech.spoken import to_spoken

    script = sample_script()
    spoken = [to_spoken(segment.text, script.language) for segment in script.segments]
    words = sum(len(text.split()) for text in spoken)
    rounds: list[dict[str, float]] = []  # one of everything per round, so each ratio pairs neighbours in time
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "whole.txt").write_text("\n\n".join(spoken), encoding="utf-8")
        for n in range(args.repeat):
            times = {"bare first": timed(["espeak-ng", "-w", str(folder / "first.wav"), spoken[0]]),
                     "bare whole": timed(["espeak-ng", "-w", str(folder / "whole.wav"), "-f", str(folder / "whole.txt")])}
            for engine in ("espeak", "pyttsx3"):
                runs = run_child(engine, folder / f"{engine}-{n}")
                assert runs["fresh"]["synthesized"] == len(script.segments) and runs["process_warm"]["synthesized"] == 0
                for kind, run in runs.items():
                    times[f"{engine} {kind} first"], times[f"{engine} {kind} total"] = run["first"], run["total"]
            warm = run_child("espeak", folder / "espeak-0")["fresh"]  # a fresh process over a filled cache
            assert warm["synthesized"] == 0
            times["espeak fresh warm first"], times["espeak fresh warm total"] = warm["first"], warm["total"]
            rounds.append(times)

    def median(name: str, baseline: str | None = None) -> float:
        return statistics.median(r[name] / (r[baseline] if baseline else 1.0) for r in rounds)

    def row(task: str, name: str, baseline: str) -> str:
        return f"| {task} | {median(name) * 1000:.1f} ms | {median(name, baseline):.2f}× |"

    first, whole = "bare first", "bare whole"
    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()} ({cpu_name()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end: the machine was shared), "
        f"Python {platform.python_version()}, by `bench/bench_synth.py --repeat {args.repeat}`: medians of "
        f"{args.repeat} rounds, each running every case once, and ratios as the median of each round's ratio. "
        f"Sample article: {len(script.segments)} segments, {words} spoken words. \"Fresh process\": a new Python "
        "process, imports done, engine not yet loaded; \"warm process\": the same process after one article.",
        "",
        "| time to first audio | time | vs bare first sentence |",
        "|---|---|---|",
        row("baseline: `espeak-ng -w` first sentence alone", first, first),
        row("audionews espeak, cold cache, fresh process", "espeak fresh first", first),
        row("audionews espeak, cold cache, warm process", "espeak process_cold first", first),
        row("audionews espeak, warm cache, fresh process", "espeak fresh warm first", first),
        row("audionews espeak, warm cache, warm process", "espeak process_warm first", first),
        row("audionews pyttsx3, cold cache, fresh process (workers start)", "pyttsx3 fresh first", first),
        row("audionews pyttsx3, cold cache, warm process (workers start)", "pyttsx3 process_cold first", first),
        "",
        "| whole article | time | vs bare whole text |",
        "|---|---|---|",
        row("baseline: `espeak-ng -w` whole text", whole, whole),
        row("audionews espeak, cold cache, fresh process", "espeak fresh total", whole),
        row("audionews espeak, cold cache, warm process", "espeak process_cold total", whole),
        row("audionews espeak, warm cache, fresh process", "espeak fresh warm total", whole),
        row("audionews espeak, warm cache, warm process", "espeak process_warm total", whole),
        row("audionews pyttsx3, cold cache, fresh process", "pyttsx3 fresh total", whole),
        row("audionews pyttsx3, cold cache, warm process", "pyttsx3 process_cold total", whole),
        "",
        f"Goals: first audio ≤ {GOALS['first']}× bare first sentence: {median('espeak fresh first', first):.2f}× "
        f"(fresh process); whole article cold ≤ {GOALS['cold']}× bare whole text: "
        f"{median('espeak fresh total', whole):.2f}× (fresh process), {median('espeak process_cold total', whole):.2f}× "
        f"(warm process); warm cache ≥ {GOALS['warm_speedup']}× faster than cold: "
        f"{1 / median('espeak process_warm total', 'espeak process_cold total'):.0f}× in a warm process, "
        f"{1 / median('espeak fresh warm total', 'espeak fresh total'):.0f}× between fresh processes (which also load "
        "libespeak-ng, whose version is in every key, and the voice list). pyttsx3 time over espeak time, cold cache, "
        f"fresh process: first audio {median('pyttsx3 fresh first', 'espeak fresh first'):.1f}×, whole article "
        f"{median('pyttsx3 fresh total', 'espeak fresh total'):.1f}×. (`auto` takes Piper where its voice is "
        "installed, then pyttsx3 as issue 8 asks, then espeak-ng: see `## Offline voices`.)",
    ]
    publish(lines, args.write)


if __name__ == "__main__":
    main()
