"""Synthesis benchmark: time to first audio and whole-article time for the sample, against bare espeak-ng.

Baselines (same run, same machine): one `espeak-ng -w` call over the whole spoken text of the
article, and one `espeak-ng -w` call for its first sentence alone. audionews is measured from
creating a Synthesizer to the first clip (time to first audio) and to the last clip (whole
article), each run in a fresh Python process (imports excluded, everything else included:
loading libespeak-ng, listing voices, starting helper processes), with a cold cache (new
folder) or a warm one (the same text spoken before). Every figure is the median of --repeat runs.
The engines compared: espeak (libespeak-ng in process + helper processes) and pyttsx3 (spawned
worker processes, each warmed up).

Usage: python bench/bench_synth.py [--repeat N] [--write docs/BENCHMARKS.md]
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

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"
HEADING = "## Synthesis"
GOALS = {"first": 1.5, "cold": 0.7, "warm_speedup": 50}


def sample_script():  # type: ignore[no-untyped-def]
    from audionews.extract import extract_article
    from audionews.script import build_script

    return build_script(extract_article(SAMPLE.read_text(encoding="utf-8")))


def measure(engine: str, cache: str) -> None:
    """Runs in this (fresh) process, printed as JSON: the first run (cold or warm, as the cache
    folder is), then in the same process a run with a new cache folder (cold, process warm) and
    one more over it (warm, process warm)."""
    import audionews.engines.espeak  # noqa: F401  (imports are done before timing, as the docstring says)
    import audionews.engines.pyttsx3_engine  # noqa: F401
    from audionews.config import Settings
    from audionews.synth import SynthOptions, Synthesizer

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
                          capture_output=True, text=True, timeout=600, check=True)
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


def median_runs(engine: str, caches: list[Path]) -> dict[str, dict[str, float]]:
    runs = [run_child(engine, cache) for cache in caches]
    return {kind: {key: statistics.median(run[kind][key] for run in runs) for key in runs[0][kind]}
            for kind in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", type=Path, help="replace this Markdown file's Synthesis section with the results")
    parser.add_argument("--measure", nargs=2, metavar=("ENGINE", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure)
        return

    from audionews.speech import to_spoken

    script = sample_script()
    spoken = [to_spoken(segment.text, script.language) for segment in script.segments]
    words = sum(len(text.split()) for text in spoken)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "whole.txt").write_text("\n\n".join(spoken), encoding="utf-8")
        bare_first = statistics.median(timed(["espeak-ng", "-w", str(folder / "first.wav"), spoken[0]])
                                       for _ in range(args.repeat))
        bare_whole = statistics.median(timed(["espeak-ng", "-w", str(folder / "whole.wav"), "-f", str(folder / "whole.txt")])
                                       for _ in range(args.repeat))
        cold_caches = [folder / f"espeak-cold-{n}" for n in range(args.repeat)]
        espeak = median_runs("espeak", cold_caches)
        espeak_warm = median_runs("espeak", [cold_caches[0]] * args.repeat)
        pyttsx3 = median_runs("pyttsx3", [folder / f"pyttsx3-cold-{n}" for n in range(args.repeat)])
    cold, warm = espeak["fresh"], espeak_warm["fresh"]
    process_cold, process_warm = espeak["process_cold"], espeak["process_warm"]
    assert warm["synthesized"] == process_warm["synthesized"] == 0 < cold["synthesized"]

    def row(task: str, seconds: float, baseline: float) -> str:
        return f"| {task} | {seconds * 1000:.1f} ms | {seconds / baseline:.2f}× |"

    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()} ({cpu_name()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end: the machine was shared), "
        f"Python {platform.python_version()}, by `bench/bench_synth.py --repeat {args.repeat}` (medians). "
        f"Sample article: {len(script.segments)} segments, {words} spoken words. \"Fresh process\": a new Python "
        "process, imports done, engine not yet loaded; \"warm process\": the same process after one article.",
        "",
        "| time to first audio | time | vs bare first sentence |",
        "|---|---|---|",
        row("baseline: `espeak-ng -w` first sentence alone", bare_first, bare_first),
        row("audionews espeak, cold cache, fresh process", cold["first"], bare_first),
        row("audionews espeak, cold cache, warm process", process_cold["first"], bare_first),
        row("audionews espeak, warm cache, fresh process", warm["first"], bare_first),
        row("audionews espeak, warm cache, warm process", process_warm["first"], bare_first),
        row("audionews pyttsx3, cold cache, fresh process (workers start)", pyttsx3["fresh"]["first"], bare_first),
        row("audionews pyttsx3, cold cache, warm process", pyttsx3["process_cold"]["first"], bare_first),
        "",
        "| whole article | time | vs bare whole text |",
        "|---|---|---|",
        row("baseline: `espeak-ng -w` whole text", bare_whole, bare_whole),
        row("audionews espeak, cold cache, fresh process", cold["total"], bare_whole),
        row("audionews espeak, cold cache, warm process", process_cold["total"], bare_whole),
        row("audionews espeak, warm cache, fresh process", warm["total"], bare_whole),
        row("audionews espeak, warm cache, warm process", process_warm["total"], bare_whole),
        row("audionews pyttsx3, cold cache, fresh process", pyttsx3["fresh"]["total"], bare_whole),
        row("audionews pyttsx3, cold cache, warm process", pyttsx3["process_cold"]["total"], bare_whole),
        "",
        f"Goals: first audio ≤ {GOALS['first']}× bare first sentence: {cold['first'] / bare_first:.2f}× "
        f"(fresh process); whole article cold ≤ {GOALS['cold']}× bare whole text: {cold['total'] / bare_whole:.2f}× "
        f"(fresh process), {process_cold['total'] / bare_whole:.2f}× (warm process); warm cache ≥ "
        f"{GOALS['warm_speedup']}× faster than cold: {process_cold['total'] / process_warm['total']:.0f}× in a warm "
        f"process, {cold['total'] / warm['total']:.0f}× between fresh processes (which also load libespeak-ng, "
        "whose version is in every key, and the voice list). pyttsx3 time over espeak time, cold cache, fresh process: "
        f"first audio {pyttsx3['fresh']['first'] / cold['first']:.1f}×, whole article "
        f"{pyttsx3['fresh']['total'] / cold['total']:.1f}×"
        + ("; `auto` prefers espeak." if pyttsx3["fresh"]["first"] > cold["first"]
           else "; pyttsx3 was faster to first audio in this run, yet `engines.OFFLINE_ORDER` puts espeak first."),
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        replace_section(args.write, report)


def replace_section(path: Path, report: str) -> None:
    """Put the report in place of this benchmark's old section (or at the end)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: report + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + report
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
