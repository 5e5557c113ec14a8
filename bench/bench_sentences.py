"""Sentence splitting benchmark: boundary F1 and speed of stock Punkt, pysbd and audionews.

The evaluation set is in bench/data/sentences/: `golden_rules_en.jsonl` holds the English
"golden rules" of pySBD (https://github.com/nipunsadvilkar/pySBD, tests/lang/test_english.py,
after the Pragmatic Segmenter), `news_en.jsonl` our own news cases (written with the rules), `news_heldout_en.jsonl` news
paragraphs written afterwards to check the rules generalise. Each line is
{"text": ..., "sentences": [...]}.

A boundary is the number of non-space characters before a sentence end (the text's end is not
counted), so splitters that trim or keep whitespace are compared alike. F1 is micro-averaged.
Speed: sentences per second, the best of `--repeat` passes over all texts (the splitters take
turns, so a busy machine slows them alike), and as a ratio to pysbd.

Usage: python bench/bench_sentences.py [--repeat N] [--write] [--show-errors]
(--write replaces the "## Sentence splitting" section of that file, or appends it.)
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pysbd
from nltk.tokenize.punkt import PunktSentenceTokenizer

from audionews.text.sentences import split_sentences

from report import BENCHMARKS, publish

DATA = Path(__file__).parent / "data" / "sentences"
HEADING = "## Sentence splitting"
PYSBD = f"pysbd {pysbd.__version__} (clean=False)"
OURS = "audionews (Punkt + news abbreviations + rules)"
Splitter = Callable[[str], list[str]]


def load(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def boundaries(sentences: list[str]) -> set[int]:
    marks, count = set(), 0
    for sentence in sentences:
        count += sum(1 for ch in sentence if not ch.isspace())
        marks.add(count)
    marks.discard(count)
    return marks


def score(splitter: Splitter, cases: list[dict]) -> tuple[float, float, float, list[tuple[dict, list[str]]]]:
    tp = fp = fn = 0
    errors = []
    for case in cases:
        predicted = splitter(case["text"])
        got, want = boundaries(predicted), boundaries(case["sentences"])
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        if got != want:
            errors.append((case, predicted))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, errors


def speeds(splitters: dict[str, Splitter], texts: list[str], rounds: int) -> dict[str, float]:
    """Sentences per second of each splitter: the best of `rounds` passes over all texts, taken in turns."""
    best: dict[str, float] = {}
    for splitter in splitters.values():
        splitter(texts[0])  # warm up (builds models and caches)
    for _ in range(rounds):
        for name, splitter in splitters.items():
            started = time.perf_counter()
            count = sum(len(splitter(text)) for text in texts)
            best[name] = max(best.get(name, 0.0), count / (time.perf_counter() - started))
    return best


def splitters() -> dict[str, Splitter]:
    punkt = PunktSentenceTokenizer()
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return {
        "stock Punkt (no parameters)": punkt.tokenize,
        PYSBD: segmenter.segment,
        OURS: split_sentences,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--write", nargs="?", const=BENCHMARKS, type=Path, metavar="PATH",
                        help="replace this benchmark's section of docs/BENCHMARKS.md (or PATH)")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()

    sets = {
        "pySBD golden rules": load("golden_rules_en.jsonl"),
        "news cases (ours)": load("news_en.jsonl"),
        "held-out news paragraphs (ours)": load("news_heldout_en.jsonl"),
    }
    everything = [case for cases in sets.values() for case in cases]
    texts = [case["text"] for case in everything]
    rows, f1s = [], {}
    candidates = splitters()
    rates = speeds(candidates, texts, args.repeat)
    for name, splitter in candidates.items():
        cells = []
        for cases in [*sets.values(), everything]:
            precision, recall, f1, errors = score(splitter, cases)
            cells.append(f"{f1:.3f}")
            f1s.setdefault(name, []).append(f1)
        cells.append(f"{precision:.3f} / {recall:.3f}")
        rows.append((name, cells))
        if args.show_errors and name == OURS:
            for case, predicted in errors:
                print(f"WANT {case['sentences']}\nGOT  {predicted}\n", file=sys.stderr)
    baseline = rates[PYSBD]

    counts = ", ".join(f"{len(cases)} {name}" for name, cases in sets.items())
    lines = [
        f"{HEADING}",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
        f"({platform.processor() or 'unknown CPU'}, {os.cpu_count()} cores), Python {platform.python_version()}, "
        f"by `bench/bench_sentences.py --repeat {args.repeat}` (speed: best of {args.repeat} passes). Boundary F1 (micro) on {counts} "
        f"({sum(len(c['sentences']) - 1 for c in everything)} true boundaries). The held-out paragraphs were "
        "written after the rules and scored once before any change; all our cases share the rules' author, so "
        "treat our scores as an upper bound for unseen news.",
        "",
        "| splitter | F1 golden rules | F1 news cases | F1 held-out | F1 all | P / R all | sentences/s | speed vs pysbd |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, cells in rows:
        lines.append(f"| {name} | {' | '.join(cells)} | {rates[name]:,.0f} | {rates[name] / baseline:.1f}× |")
    ours, pysbd_f1 = f1s[OURS], f1s[PYSBD]
    if all(a >= b for a, b in zip(ours, pysbd_f1)):
        lines += ["", "Ours is at least as good as pysbd on every subset, so pysbd is not paired in: it would only "
                  "add its cost."]
    publish(lines, args.write)


if __name__ == "__main__":
    main()
