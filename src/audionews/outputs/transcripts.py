"""The Podcasting 2.0 JSON transcript (application/json): timed segments, each naming its speaker where known.

    {"version": "1.0.0", "segments": [{"startTime": 0.0, "endTime": 1.8, "body": "…"},
                                      {"startTime": 1.8, "endTime": 3.1, "speaker": "Ana Ruiz", "body": "…"}]}

Built from the same cues as the WebVTT transcript (`export.transcript_cues`), so both say the same at the
same times; and `html_paragraphs` gives the whole text as HTML paragraphs for a feed's content:encoded.
"""
from __future__ import annotations

import html
import json

from audionews.outputs.export import Cue

JSON_TRANSCRIPT_VERSION = "1.0.0"


def json_transcript(cues: list[Cue]) -> str:
    """The cues as a Podcasting 2.0 JSON transcript."""
    segments = []
    for cue in cues:
        segment: dict[str, object] = {"startTime": round(cue.start, 3), "endTime": round(cue.end, 3)}
        if cue.speaker:
            segment["speaker"] = " ".join(cue.speaker.split())
        segment["body"] = cue.text
        segments.append(segment)
    return json.dumps({"version": JSON_TRANSCRIPT_VERSION, "segments": segments}, ensure_ascii=False, indent=1) + "\n"


def html_paragraphs(text: str) -> str:
    """A plain text, paragraphs separated by blank lines, as escaped HTML <p> elements."""
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return "\n".join(f"<p>{html.escape(block, quote=False)}</p>" for block in blocks if block)
