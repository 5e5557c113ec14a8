"""A title for an article that has no headline: its first sentence, shortened, else "Untitled article from SOURCE".

An empty title would leave a library link without text, a page titled " – audionews" and a feed item
without a title. Every Article is made by text.extract, which asks for this title when none was found.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlparse

from audionews.model import Paragraph
from audionews.text.sentences import split_sentences

WHOLE_WORDS = 12  # a first sentence of at most this many words is the whole title ...
CUT_WORDS = 9  # ... a longer one is cut to this many words and "…"
MIN_WORDS = 3  # a first sentence shorter than this ("Hi.") names nothing: the source does
_LOOK_CHARS = 2000  # only the start of the first paragraph is split: the first sentence is all that is needed


def fallback_title(paragraphs: list[Paragraph], language: str, source: str | None, url: str | None = None) -> str:
    """The first body sentence shortened, or "Untitled article from SOURCE" (the site, file name or label)."""
    first_body = next((paragraph.text for paragraph in paragraphs if paragraph.kind == "body"), "")
    sentences = split_sentences(first_body[:_LOOK_CHARS], language) if first_body.strip() else []
    words = sentences[0].split() if sentences else []
    if len(re.findall(r"\w+", " ".join(words))) >= MIN_WORDS:
        if len(words) <= WHOLE_WORDS:
            return " ".join(words).removesuffix(".")
        return " ".join(words[:CUT_WORDS]).rstrip(",;:.-—–") + "…"
    name = source_name(url or source)
    return f"Untitled article from {name}" if name else "Untitled article"


def source_name(source: str | None) -> str | None:
    """How a source is named to a listener: a web site's host (without www.), a file's name, "standard input",
    or the label given ("pasted text")."""
    if not source:
        return None
    if source.startswith(("http://", "https://")):
        return (urlparse(source).hostname or "").removeprefix("www.") or None
    if source == "-":
        return "standard input"
    return PurePosixPath(source).name or source
