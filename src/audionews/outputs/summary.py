"""An episode's short description: the article's opening sentences, up to about SUMMARY_CHARS characters.

It ends at a sentence boundary, or, when even the first sentence is longer, at a word with an ellipsis —
never mid-word or mid-sentence without one. Used for the MP3's COMM frame and the feeds' descriptions.
"""
from __future__ import annotations

import re

from audionews.model import Script

SUMMARY_CHARS = 400
_SKIPPED_KINDS = ("title", "announcement", "heading", "caption")
_SENTENCE = re.compile(r".+?(?:[.!?…][\"'”’»)]?(?=\s+[\"'“‘«(]?[A-ZÀ-ÖØ-Þ0-9\u0400-\u042F])|$)")


def opening_sentences(sentences: list[str], limit: int = SUMMARY_CHARS) -> str:
    """As many whole sentences from the start as fit in limit characters; else the first cut at a word + "…"."""
    text = ""
    for sentence in (" ".join(s.split()) for s in sentences):
        if not sentence:
            continue
        joined = f"{text} {sentence}" if text else sentence
        if len(joined) > limit:
            break
        text = joined
    if text or not sentences:
        return text
    first = " ".join(sentences[0].split())
    cut = first[:limit - 1].rsplit(" ", 1)[0] if " " in first[:limit - 1] else first[:limit - 1]
    return cut.rstrip(" ,;:.-—–") + "…"


def text_sentences(text: str) -> list[str]:
    """A plain text split into sentences (NLTK-free: at ., ! or ? followed by a space and a capital/quote)."""
    text = " ".join(text.split())
    return [match.group(0).strip() for match in _SENTENCE.finditer(text) if match.group(0).strip()]


def script_summary(script: Script, limit: int = SUMMARY_CHARS) -> str:
    """The opening sentences of the article's body (no title, headings, captions or announcements)."""
    sentences: dict[int, list[str]] = {}
    for segment in script.segments:
        if segment.kind not in _SKIPPED_KINDS:
            sentences.setdefault(segment.sentence, []).append(segment.text)
    return opening_sentences([" ".join(parts) for parts in sentences.values()], limit)
