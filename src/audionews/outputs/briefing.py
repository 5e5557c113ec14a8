"""A briefing: several articles as one MP3 programme, like a radio bulletin.

`plan_briefing` lays the articles out as one Script: a spoken opening ("3 articles from 2 sources"),
then each article introduced by its title and source, its paragraphs and sentences numbered on from
the part before. `export_briefing` speaks each part in its own language (clips from the shared cache
where they exist) and writes it with the export machinery (export.export_mp3): ID3 tags, a chapter
(CHAP, listed in the CTOC) for the opening and one per article, the transcript (USLT), and on request
the chapters JSON, VTT and text companions.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Iterator

from audionews.errors import InputError
from audionews.model import Clip, Script, Segment
from audionews.outputs.audio import Narration
from audionews.outputs.export import Chapter, ExportResult, export_mp3, site_name
from audionews.speech.synth import Synthesizer

OPENING_CHAPTER = "Opening"


@dataclass(frozen=True)
class Story:
    """An article to hear among others: its script, and who it is from."""

    script: Script
    source: str  # as spoken: the feed's title or the site's name


@dataclass(frozen=True)
class Part:
    """One stretch of the briefing's script: the opening, or one article."""

    title: str  # its chapter's title
    start: int  # its first segment in the briefing's script
    end: int  # one past its last segment
    language: str
    url: str | None = None  # the article's web address, where it has one


@dataclass(frozen=True)
class Briefing:
    script: Script
    parts: list[Part]


def plan_briefing(articles: list[Story], title: str | None = None, language: str = "en") -> Briefing:
    """The briefing's script and parts; InputError when there is no article to put in it."""
    if not articles:
        raise InputError("There is nothing to put in a briefing: every article has been heard; "
                         "add or follow some news, or include what was heard already.")
    sources = len({article.source for article in articles})
    opening = (f"{_count(len(articles), 'article')} from {_count(sources, 'source')}.")
    segments = [Segment(kind="title", text=opening, paragraph=0, sentence=0)]
    parts = [Part(OPENING_CHAPTER, 0, 1, language)]
    paragraph, sentence = 1, 1
    for article in articles:
        start = len(segments)
        heading = article.script.title.strip()
        heading += "" if heading.endswith((".", "?", "!")) else "."
        segments.append(Segment(kind="heading", text=f"{heading} From {article.source}.", paragraph=paragraph,
                                sentence=sentence))
        for segment in article.script.segments:
            if segment.kind == "title":
                continue  # said in the introduction
            segments.append(replace(segment, paragraph=paragraph + segment.paragraph,
                                    sentence=sentence + segment.sentence))
        url = article.script.source if site_name(article.script.source) else None
        parts.append(Part(article.script.title, start, len(segments), article.script.language, url))
        paragraph = max(s.paragraph for s in segments[start:]) + 1
        sentence = max(s.sentence for s in segments[start:]) + 1
    name = title or f"audionews briefing, {datetime.now().strftime('%d %B %Y').lstrip('0')}"
    script = Script(title=name, segments=segments, language=language,
                    published=datetime.now().astimezone().isoformat(timespec="seconds"))
    return Briefing(script, parts)


def export_briefing(articles: list[Story], synthesizer: Synthesizer, destination: Path | BinaryIO,
                    bitrate: int = 64, companions: bool = False, title: str | None = None) -> ExportResult:
    """Speak and write the briefing of `articles` (in this order) as one MP3; see the module docstring."""
    briefing = plan_briefing(articles, title)
    return export_mp3(briefing.script, _clips(briefing, synthesizer), destination, bitrate, companions,
                      chapter_maker=lambda script, narration: briefing_chapters(briefing, narration))


def briefing_chapters(briefing: Briefing, narration: Narration) -> list[Chapter]:
    """One chapter for the opening and one per article, from its introduction to the next one's."""
    starts = {timing.segment: timing.start for timing in narration.timings}
    times = [starts[part.start] if part.start in starts else 0.0 for part in briefing.parts]
    ends = times[1:] + [narration.duration]
    return [Chapter(part.title, start, end, part.url) for part, start, end in zip(briefing.parts, times, ends)]


def _clips(briefing: Briefing, synthesizer: Synthesizer) -> Iterator[Clip]:
    """Each part's clips in its own language, numbered as segments of the whole briefing."""
    for part in briefing.parts:
        piece = Script(title=part.title, segments=briefing.script.segments[part.start:part.end],
                       language=part.language)
        for clip in synthesizer.clips(piece):
            yield replace(clip, segment=clip.segment + part.start)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
