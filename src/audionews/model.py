"""The plain data passed from stage to stage: Article → Script of Segments → Clips.

Nothing here does work; every stage takes one of these values and returns the next,
so each stage can be tested with a value in and a value out.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

ParagraphKind = Literal["body", "heading", "caption"]
SegmentKind = Literal["title", "heading", "narration", "caption", "quote", "announcement"]
VoiceRole = Literal["narrator", "quote", "announcer"]


@dataclass(frozen=True)
class Document:
    """Raw input as read by ingest: the text, whether it is HTML, and where it came from."""

    content: str
    is_html: bool
    source: str  # a path, "-" for stdin, or the final URL after redirects
    url: str | None = None


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: ParagraphKind = "body"


@dataclass(frozen=True)
class Removal:
    """A piece of input that cleaning dropped, and why ("interface line", "duplicate of paragraph 3", …)."""

    text: str
    reason: str


@dataclass
class Article:
    title: str
    paragraphs: list[Paragraph]
    byline: str | None = None
    published: str | None = None  # ISO 8601 date or date-time when known
    url: str | None = None
    language: str = "en"  # BCP 47 primary tag, lower case
    removed: list[Removal] = field(default_factory=list)
    site_name: str | None = None  # the publication, as the page names itself ("Voice of America")
    language_page: str | None = None  # the page's markup language, when the text says otherwise
    truncated: bool = False  # the page holds only the start of the article (paywall, teaser)
    truncation_notice: str | None = None  # the one line read after a truncated article

    @property
    def text(self) -> str:
        """The paragraphs joined by blank lines (title not included)."""
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Segment:
    """One piece of the narration: read by one voice, in one go.

    `paragraph` counts the script's paragraphs: 0 is the title, article paragraph i is i + 1.
    `sentence` counts sentences across the whole script from 0 (the title is sentence 0);
    the segments of one sentence share it.
    """

    kind: SegmentKind
    text: str
    paragraph: int
    sentence: int
    speaker: str | None = None
    voice: VoiceRole = "narrator"
    speaker_evidence: str | None = None  # for quotes and announcements: the rule that named the speaker


@dataclass
class Script:
    title: str
    segments: list[Segment]
    byline: str | None = None
    source: str | None = None
    language: str = "en"
    published: str | None = None
    removed: list[Removal] = field(default_factory=list)
    language_page: str | None = None  # the page's markup language, when the text says otherwise
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "byline": self.byline,
            "source": self.source,
            "language": self.language,
            "language_page": self.language_page,
            "published": self.published,
            "truncated": self.truncated,
            "segments": [asdict(s) for s in self.segments],
            "removed": [asdict(r) for r in self.removed],
        }


@dataclass(frozen=True)
class Clip:
    """The audio of one segment: a WAV file (16-bit mono PCM) in the clip cache."""

    segment: int  # index into Script.segments
    key: str  # content hash; also the clip's public name (GET /audio/<key>.wav)
    path: Path
    sample_rate: int
    frames: int

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate
