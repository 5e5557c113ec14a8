"""Terminal narration of several articles one after another (`audionews read --unheard`).

Each article starts with a line saying which it is and where it is from, then its title is spoken and
printed as `read` does; `]` and `[` go to the next or previous article at once, the other keys act as
in `read` (a rate change carries over to the next article). An article heard to its end is reported
to `finished`, so the caller can mark it heard.
"""
from __future__ import annotations

import queue
import sys
from typing import Callable, TextIO

from audionews.outputs.briefing import Story
from audionews.outputs.narrate import PREVIOUS_ARTICLE, QUIT, AudioSink, Narrator, open_sink, single_keys
from audionews.speech.engines.base import COMMON_SAMPLE_RATE
from audionews.speech.synth import Synthesizer


def read_articles(articles: list[Story], synthesizer_for: Callable[[int], Synthesizer], rate: int,
                  player: str, quiet: bool, controls: TextIO | None, finished: Callable[[int], None]) -> None:
    """Speak the articles in order through a system player; keys from `controls` when it is a terminal."""
    sink = open_sink(player, sample_rate=COMMON_SAMPLE_RATE)
    out = None if quiet else sys.stdout
    try:
        if controls is not None and controls.isatty():
            with single_keys(controls) as keys:
                _say(out, "Press ? for keys, ] for the next article, q to quit.")
                _play(articles, synthesizer_for, rate, sink, out, keys, finished)
        else:
            _play(articles, synthesizer_for, rate, sink, out, None, finished)
    finally:
        sink.close()


def _play(articles: list[Story], synthesizer_for: Callable[[int], Synthesizer], rate: int, sink: AudioSink,
          out: TextIO | None, keys: queue.Queue[str] | None, finished: Callable[[int], None]) -> None:
    index = 0
    while 0 <= index < len(articles):
        article = articles[index]
        _say(out, f"Article {index + 1} of {len(articles)}, from {article.source}:")
        narrator = Narrator(article.script, synthesizer_for, rate, sink, out, keys, article_keys=True)
        ended = narrator.run(0)
        rate = narrator.rate
        if ended == QUIT:
            return
        if ended == PREVIOUS_ARTICLE:
            index = max(index - 1, 0)
            continue
        if ended == len(article.script.segments):
            finished(index)
        index += 1
    _say(out, "That was the last article.")


def _say(out: TextIO | None, line: str) -> None:
    if out is not None:
        print(line, file=out, flush=True)
