"""Article → Script: the title, then each paragraph's sentences as segments in reading order.

Headings and captions are read as they are. A body sentence holding speech is cut into narration
and quote segments at whitespace, so the texts of a sentence's segments joined by single spaces give
back the sentence (whitespace-normalised). An announcement segment naming the speaker is put before a
quote when the listener could not otherwise tell who is talking (see `build_script`). An article the
page holds only the start of (`Article.truncated`) ends with one announcement saying so.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from audionews.config import strict_mode
from audionews.errors import UsageError
from audionews.model import Article, Script, Segment, SegmentKind
from audionews.quotes.layout import Quote, find_quotes
from audionews.quotes.marks import find_spans
from audionews.text.sentences import split_sentences

_log = logging.getLogger(__name__)

ANNOUNCE_MODES = ("on-change", "always", "never")
_MAX_SKIP = 40  # characters a sentence splitter may drop between two words and still be followed
_KIND: dict[str, SegmentKind] = {"body": "narration", "heading": "heading", "caption": "caption"}


def build_script(article: Article, announce: str = "on-change", *, announce_format: str = "{name}:",
                 unknown_speaker: str = "Unnamed speaker", strict: bool | None = None) -> Script:
    """Build the narration script of `article`.

    `announce` is "on-change" (name the speaker before a quote when the voice heard in quotes changes
    and the attribution was not just read in the same sentence), "always" (before every quote) or
    "never". An announcement's text is `announce_format` with `{name}` the speaker's short name, or
    `unknown_speaker` for a quote whose speaker is not known.

    Should quote attribution fail on the article, it is still read (quoted words in the quote voice,
    no speaker named) and a warning is logged; with `strict` (default: AUDIONEWS_STRICT, set in tests
    and benchmarks) the failure is raised instead.
    """
    if announce not in ANNOUNCE_MODES:
        raise UsageError(f"Unknown announce mode {announce!r}; use one of: {', '.join(ANNOUNCE_MODES)}.")
    body = [i for i, p in enumerate(article.paragraphs) if p.kind == "body"]
    quotes_by_paragraph: dict[int, list[Quote]] = {}
    strict = strict_mode() if strict is None else strict
    for found in _quotes([article.paragraphs[i].text for i in body], article.language, article.title, strict):
        quotes_by_paragraph.setdefault(body[found.paragraph], []).append(found)
    announcer = _Announcer(announce, announce_format, unknown_speaker)
    segments = [Segment(kind="title", text=" ".join(article.title.split()), paragraph=0, sentence=0)]
    sentence = 1
    for index, paragraph in enumerate(article.paragraphs):
        quotes = _Quotes(quotes_by_paragraph.get(index, []))
        for words in _sentence_words(paragraph.text, article.language):
            if not words:
                continue
            for kind, text, quote in _cut(words, quotes, _KIND[paragraph.kind]):
                if quote is not None:
                    segments.extend(announcer.before(quote, index + 1, sentence))
                    segments.append(Segment("quote", text, index + 1, sentence, quote.speaker, "quote", quote.evidence))
                else:
                    segments.append(Segment(kind, text, index + 1, sentence))
            sentence += 1
    if article.truncated and article.truncation_notice:
        # Said by the announcer, after the last paragraph: the page holds no more of the article.
        segments.append(Segment("announcement", article.truncation_notice, len(article.paragraphs) + 1, sentence,
                                voice="announcer"))
    return Script(
        title=article.title,
        segments=segments,
        byline=article.byline,
        source=article.url,
        language=article.language,
        published=article.published,
        removed=list(article.removed),
        language_page=article.language_page,
        truncated=article.truncated,
    )


def _quotes(paragraphs: list[str], language: str, title: str, strict: bool) -> list[Quote]:
    """The quotes with their speakers; should attribution fail, the quoted stretches without speakers
    (or none, should even the quotation marks fail), unless `strict`."""
    try:
        return find_quotes(paragraphs, language, title)
    except Exception:  # any failure of the rules: the article must still be read
        if strict:
            raise
        _log.warning("Quote attribution failed on this article; its quotes are read without speakers.",
                     exc_info=True)
    try:
        return [Quote(s.paragraph, s.start, s.end, None, None, introduced=True,
                      evidence="attribution failed on this article: no speaker") for s in find_spans(paragraphs)]
    except Exception:
        _log.warning("Quotation marks could not be read in this article; it is read as narration.", exc_info=True)
        return []


@dataclass(frozen=True)
class _Word:
    text: str
    start: int  # offsets in the paragraph; -1 when the sentence could not be aligned with it
    end: int


def _sentence_words(text: str, language: str) -> list[list[_Word]]:
    """Each sentence of the paragraph as its words, each located in the paragraph text."""
    sentences = split_sentences(text, language)
    cursor = 0
    result: list[list[_Word]] = []
    for sentence in sentences:
        words: list[_Word] = []
        for word in sentence.split():
            position = text.find(word, cursor, cursor + _MAX_SKIP + len(word))
            if position < 0 or position - cursor > _MAX_SKIP:  # the splitter changed the text here
                words.append(_Word(word, -1, -1))
                continue
            words.append(_Word(word, position, position + len(word)))
            cursor = position + len(word)
        result.append(words)
    return result


class _Quotes:
    """A paragraph's quotes, looked up word by word in reading order (so a paragraph costs its words
    plus its quotes, however many of each)."""

    def __init__(self, quotes: list[Quote]):
        self.quotes = quotes
        self.next = 0

    def at(self, word: _Word) -> Quote | None:
        """The quote holding `word`; words are asked about in reading order."""
        if word.start < 0:
            return None
        while self.next < len(self.quotes) and self.quotes[self.next].end <= word.start:
            self.next += 1
        quote = self.quotes[self.next] if self.next < len(self.quotes) else None
        return quote if quote is not None and word.start < quote.end and word.end > quote.start else None


def _cut(words: list[_Word], quotes: _Quotes, kind: SegmentKind) -> list[tuple[SegmentKind, str, Quote | None]]:
    """Runs of words inside the same quote (or outside any) as (kind, text, quote) pieces."""
    pieces: list[tuple[SegmentKind, list[str], Quote | None]] = []
    for word in words:
        quote = quotes.at(word) if kind == "narration" else None
        if pieces and pieces[-1][2] is quote:
            pieces[-1][1].append(word.text)
        else:
            pieces.append((kind if quote is None else "quote", [word.text], quote))
    return [(k, " ".join(texts), quote) for k, texts, quote in pieces]


class _Announcer:
    """Decides, quote by quote, whether the listener needs to hear who speaks."""

    def __init__(self, mode: str, template: str, unknown: str):
        self.mode = mode
        self.template = template
        self.unknown = unknown
        self.heard: object = _NOBODY  # speaker of the last quote heard
        self.current: Quote | None = None

    def before(self, quote: Quote, paragraph: int, sentence: int) -> list[Segment]:
        starting = quote is not self.current
        self.current = quote
        if not starting:
            return []
        changed = quote.speaker != self.heard
        self.heard = quote.speaker
        if self.mode == "never" or quote.continues:
            return []
        if self.mode == "on-change" and (not changed or quote.introduced):
            return []
        name = quote.short or self.unknown
        return [Segment("announcement", self.template.format(name=name), paragraph, sentence,
                        quote.speaker, "announcer", quote.evidence)]


_NOBODY = object()
