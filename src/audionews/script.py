"""Article → Script: the title, then each paragraph's sentences as segments in reading order.

Headings and captions are read as they are. A body sentence holding speech is cut into narration
and quote segments at whitespace, so the texts of a sentence's segments joined by single spaces give
back the sentence (whitespace-normalised). An announcement segment naming the speaker is put before a
quote when the listener could not otherwise tell who is talking (see `announce`).
"""
from __future__ import annotations

from audionews.errors import UsageError
from audionews.model import Article, Paragraph, Script, Segment
from audionews.sentences import split_sentences

ANNOUNCE_MODES = ("on-change", "always", "never")


def build_script(article: Article, announce: str = "on-change") -> Script:
    """Build the narration script of `article`.

    `announce` is "on-change" (name a speaker before a quote when the voice changes and the
    attribution was not just heard), "always" (before every quote) or "never".
    """
    if announce not in ANNOUNCE_MODES:
        raise UsageError(f"Unknown announce mode {announce!r}; use one of: {', '.join(ANNOUNCE_MODES)}.")
    segments = [Segment(kind="title", text=" ".join(article.title.split()), paragraph=0, sentence=0)]
    sentence = 1
    for number, paragraph in enumerate(article.paragraphs, start=1):
        for text in _sentences(paragraph, article.language):
            segments.append(Segment(kind=_KIND[paragraph.kind], text=text, paragraph=number, sentence=sentence))
            sentence += 1
    return Script(
        title=article.title,
        segments=segments,
        byline=article.byline,
        source=article.url,
        language=article.language,
        published=article.published,
        removed=list(article.removed),
    )


_KIND = {"body": "narration", "heading": "heading", "caption": "caption"}


def _sentences(paragraph: Paragraph, language: str) -> list[str]:
    """The paragraph's non-empty sentences, whitespace-normalised."""
    sentences = [" ".join(s.split()) for s in split_sentences(paragraph.text, language)]
    return [s for s in sentences if s]
