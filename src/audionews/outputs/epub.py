"""A talking book: EPUB 3.3 with Media Overlays (SMIL 3.0), the text and its narration in sync.

`export_epub` writes one article, `export_briefing_epub` a briefing (the opening and each article a
content document of its own). Each content document is XHTML: the title as `h1`, byline, source and
date, headings as `h2`, paragraphs and captions, every sentence in a `span` and every segment of it
(a quote as `<q>` naming its speaker) in an element with an id. Its Media Overlay has one `par` per
segment, pointing at that id and at the segment's clip of the document's MP3, with the times the MP3
export itself measured (export.export_mp3 into a temporary file). A navigation document lists the
documents and their headings; the package carries each overlay's `media:duration` and the whole
book's, and the EPUB Accessibility 1.1 metadata. The book is written by `atomic_file`: a failure
leaves no half-written `.epub`.
"""
from __future__ import annotations

import re
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Iterable
from xml.sax.saxutils import escape, quoteattr

from audionews.model import Clip, Script, Segment
from audionews.outputs.audio import DEFAULT_PAUSES, Pauses
from audionews.outputs.export import SPOOL_BYTES, SegmentTiming, atomic_file, check_writable, export_mp3, site_name

if TYPE_CHECKING:
    from audionews.outputs.briefing import Story
    from audionews.speech.synth import Synthesizer

ACTIVE_CLASS = "-epub-media-overlay-active"
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
SUMMARY = ("The text of the publication is complete, structured with headings and marked up in reading order; "
           "every sentence of the text is narrated by synthetic speech, synchronised with the text and "
           "highlighted while it is read. Quotations are marked as such and name their speaker.")
STYLESHEET = f"""body {{ font-family: serif; line-height: 1.5; margin: 1em; }}
.byline, .source {{ font-style: italic; margin: 0.2em 0; }}
q {{ quotes: none; }}
.caption {{ border-left: 0.3em solid #555; padding-left: 0.6em; font-style: italic; }}
.{ACTIVE_CLASS} {{ background-color: #fff3a8; color: #000; outline: 2px solid #000;
  text-decoration: underline; text-decoration-thickness: 0.15em; }}
"""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Chunk:
    """One content document of the book: a script (its own segments, numbered from 0) and its clips."""

    script: Script
    clips: Iterable[Clip]
    heading: str | None = None  # an unspoken h1 for a document that does not start with a title or heading


@dataclass(frozen=True)
class EpubResult:
    path: Path
    duration: float  # seconds of narration in the whole book
    size: int  # bytes of the .epub
    documents: int  # content documents


@dataclass(frozen=True)
class _Rendered:
    name: str  # file stem inside EPUB/, e.g. "article1"
    script: Script
    timings: list[SegmentTiming]
    duration: float
    audio: BinaryIO


def export_epub(script: Script, clips: Iterable[Clip], destination: Path, bitrate: int = 64,
                pauses: Pauses = DEFAULT_PAUSES) -> EpubResult:
    """Write one article as a talking book at destination (atomically), its clips joined with `pauses`."""
    return write_book(script, [Chunk(script, clips)], Path(destination), bitrate, pauses)


def export_briefing_epub(articles: list[Story], synthesizer: Synthesizer, destination: Path, bitrate: int = 64,
                         title: str | None = None) -> EpubResult:
    """Write a briefing of `articles` (in this order) as a talking book: the opening, then one document per
    article, each spoken in its own language."""
    from audionews.outputs.briefing import plan_briefing

    briefing = plan_briefing(articles, title)
    chunks = []
    for number, part in enumerate(briefing.parts):
        story = articles[number - 1].script if number else None
        piece = Script(title=story.title if story else briefing.script.title,
                       segments=briefing.script.segments[part.start:part.end],
                       language=part.language, byline=story.byline if story else None,
                       source=story.source if story else None,
                       published=story.published if story else briefing.script.published)
        chunks.append(Chunk(piece, synthesizer.clips(piece), None if story else briefing.script.title))
    return write_book(briefing.script, chunks, Path(destination), bitrate)


def write_book(book: Script, chunks: list[Chunk], destination: Path, bitrate: int = 64,
               pauses: Pauses = DEFAULT_PAUSES) -> EpubResult:
    """Encode each chunk's MP3, then write the package: `book` gives its title, language, author and date."""
    check_writable(destination)
    rendered: list[_Rendered] = []
    try:
        for number, chunk in enumerate(chunks, 1):
            audio = tempfile.SpooledTemporaryFile(SPOOL_BYTES, dir=destination.parent)
            rendered.append(_Rendered(f"article{number}", chunk.script, [], 0.0, audio))
            result = export_mp3(chunk.script, chunk.clips, audio, bitrate, pauses=pauses)
            rendered[-1] = replace(rendered[-1], timings=result.timings, duration=result.duration)
        with atomic_file(destination) as stream:
            _write_package(stream, book, chunks, rendered)
            size = stream.tell()
    finally:
        for piece in rendered:
            piece.audio.close()
    return EpubResult(destination, sum(piece.duration for piece in rendered), size, len(rendered))


def _write_package(stream: BinaryIO, book: Script, chunks: list[Chunk], rendered: list[_Rendered]) -> None:
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)

        def text(name: str, content: str) -> None:
            archive.writestr(name, content.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)

        text("META-INF/container.xml", CONTAINER)
        text("EPUB/style.css", STYLESHEET)
        text("EPUB/nav.xhtml", navigation(book, rendered))
        for chunk, piece in zip(chunks, rendered):
            text(f"EPUB/{piece.name}.xhtml", content_document(piece.script, chunk.heading))
            text(f"EPUB/{piece.name}.smil", media_overlay(piece.name, piece.timings))
            with archive.open(f"EPUB/{piece.name}.mp3", "w") as target:
                piece.audio.seek(0)
                while data := piece.audio.read(1 << 20):
                    target.write(data)
        text("EPUB/package.opf", package(book, rendered))


CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def segment_id(index: int) -> str:
    return f"s{index}"


def content_document(script: Script, heading: str | None = None) -> str:
    """The XHTML of one script: what the player shows, every segment in an element with its id."""
    body: list[str] = []
    if heading or not script.segments or script.segments[0].kind not in ("title", "heading"):
        body.append(f"<h1>{_text(heading or script.title)}</h1>")
    first_heading = not body
    paragraphs: dict[int, list[int]] = {}
    for index, segment in enumerate(script.segments):
        paragraphs.setdefault(segment.paragraph, []).append(index)
    for indexes in paragraphs.values():
        kind = script.segments[indexes[0]].kind
        inner = _sentences(script, indexes)
        if kind == "heading" or (kind == "title" and first_heading):
            level = 1 if first_heading else 2
            body.append(f"<h{level}>{inner}</h{level}>")
            if first_heading:
                body.extend(_header_lines(script))
            first_heading = False
        elif kind == "caption":
            body.append(f'<p class="caption">{inner}</p>')
        else:
            body.append(f"<p>{inner}</p>")
    lang = quoteattr(script.language)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang={lang} xml:lang={lang}>\n<head>\n<meta charset="utf-8"/>\n<title>{_text(script.title)}</title>\n'
            f'<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n<body>\n<main>\n'
            + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def _header_lines(script: Script) -> list[str]:
    lines = []
    if script.byline:
        lines.append(f'<p class="byline">{_text(script.byline)}</p>')
    site = site_name(script.source)
    date = _date(script.published)
    if site or date:
        where = f"<a href={quoteattr(script.source or '')}>{_text(site)}</a>" if site else ""
        when = f'<time datetime="{date}">{date}</time>' if date else ""
        lines.append(f'<p class="source">{" · ".join(part for part in (where, when) if part)}</p>')
    return lines


def _sentences(script: Script, indexes: list[int]) -> str:
    """A paragraph's segments, grouped into sentence spans."""
    sentences: list[list[int]] = []
    for index in indexes:
        if sentences and script.segments[sentences[-1][-1]].sentence == script.segments[index].sentence:
            sentences[-1].append(index)
        else:
            sentences.append([index])
    spans = []
    for group in sentences:
        inner = " ".join(_segment(script.segments[index], index) for index in group)
        spans.append(f'<span class="sentence" id="t{script.segments[group[0]].sentence}">{inner}</span>')
    return " ".join(spans)


def _segment(segment: Segment, index: int) -> str:
    element_id = segment_id(index)
    if segment.kind == "quote":
        speaker = f' data-speaker={quoteattr(_clean(segment.speaker))}' if segment.speaker else ""
        return f'<q id="{element_id}" class="quote"{speaker}>{_text(segment.text)}</q>'
    kind = f' class="{segment.kind}"' if segment.kind in ("announcement", "caption") else ""
    return f'<span id="{element_id}"{kind}>{_text(segment.text)}</span>'


def media_overlay(name: str, timings: list[SegmentTiming]) -> str:
    """The SMIL 3.0 overlay of one content document: a `par` per spoken segment, in reading order."""
    pars = [f'<par id="p{number}"><text src="{name}.xhtml#{segment_id(timing.segment)}"/>'
            f'<audio src="{name}.mp3" clipBegin="{timing.start:.3f}s" clipEnd="{timing.end:.3f}s"/></par>'
            for number, timing in enumerate(timings)]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n'
            '<body>\n' + "\n".join(pars) + "\n</body>\n</smil>\n")


def navigation(book: Script, rendered: list[_Rendered]) -> str:
    """The navigation document: each content document and, beneath it, its headings."""
    items = []
    for piece in rendered:
        headings = [(index, segment) for index, segment in enumerate(piece.script.segments)
                    if segment.kind == "heading" and index > 0]
        sub = "".join(f'<li><a href="{piece.name}.xhtml#{segment_id(index)}">{_text(segment.text)}</a></li>'
                      for index, segment in headings)
        nested = f"<ol>{sub}</ol>" if sub else ""
        items.append(f'<li><a href="{piece.name}.xhtml">{_text(piece.script.title)}</a>{nested}</li>')
    lang = quoteattr(book.language)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang={lang} xml:lang={lang}>\n<head>\n<meta charset="utf-8"/>\n<title>{_text(book.title)}</title>\n'
            f'</head>\n<body>\n<nav epub:type="toc" id="toc">\n<h1>Contents</h1>\n<ol>\n' + "\n".join(items)
            + "\n</ol>\n</nav>\n</body>\n</html>\n")


def package(book: Script, rendered: list[_Rendered]) -> str:
    """The package document: metadata (accessibility and durations), manifest and spine."""
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, "|".join([book.title, book.source or "", book.published or "",
                                                          *(piece.script.title for piece in rendered)]))
    modified = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    languages = dict.fromkeys([book.language, *(piece.script.language for piece in rendered)])
    meta = [f'<dc:identifier id="uid">urn:uuid:{identifier}</dc:identifier>',
            f"<dc:title>{_text(book.title)}</dc:title>",
            *(f"<dc:language>{_text(language)}</dc:language>" for language in languages),
            f'<meta property="dcterms:modified">{modified}</meta>']
    if book.byline:
        meta.append(f"<dc:creator>{_text(book.byline)}</dc:creator>")
    if date := _date(book.published):
        meta.append(f"<dc:date>{date}</dc:date>")
    if book.source and book.source.startswith(("http://", "https://")):
        meta.append(f"<dc:source>{_text(book.source)}</dc:source>")
    meta += [f'<meta property="schema:accessMode">{mode}</meta>' for mode in ("textual", "auditory")]
    meta += [f'<meta property="schema:accessModeSufficient">{modes}</meta>'
             for modes in ("textual", "textual,auditory")]  # byline, source and date are shown, not spoken
    meta += [f'<meta property="schema:accessibilityFeature">{feature}</meta>'
             for feature in ("synchronizedAudioText", "structuralNavigation", "readingOrder", "tableOfContents")]
    meta += ['<meta property="schema:accessibilityHazard">none</meta>',
             f'<meta property="schema:accessibilitySummary">{SUMMARY}</meta>',
             f'<meta property="dcterms:conformsTo">{CONFORMS_TO}</meta>',
             '<meta property="a11y:certifiedBy">audionews (self-declared by the producing software)</meta>',
             f'<meta property="media:active-class">{ACTIVE_CLASS}</meta>',
             f'<meta property="media:duration">{clock(sum(piece.duration for piece in rendered))}</meta>']
    meta += [f'<meta property="media:duration" refines="#{piece.name}-overlay">{clock(piece.duration)}</meta>'
             for piece in rendered]
    manifest = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
                '<item id="style" href="style.css" media-type="text/css"/>']
    for piece in rendered:
        manifest += [f'<item id="{piece.name}" href="{piece.name}.xhtml" media-type="application/xhtml+xml" '
                     f'media-overlay="{piece.name}-overlay"/>',
                     f'<item id="{piece.name}-overlay" href="{piece.name}.smil" media-type="application/smil+xml"/>',
                     f'<item id="{piece.name}-audio" href="{piece.name}.mp3" media-type="audio/mpeg"/>']
    spine = [f'<itemref idref="{piece.name}"/>' for piece in rendered]
    lang = quoteattr(book.language)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang={lang}>\n'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n' + "\n".join(meta) + "\n</metadata>\n"
            "<manifest>\n" + "\n".join(manifest) + "\n</manifest>\n<spine>\n" + "\n".join(spine)
            + "\n</spine>\n</package>\n")


def clock(seconds: float) -> str:
    """A SMIL clock value, H:MM:SS.fff."""
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _clean(text: str | None) -> str:
    return _CONTROL.sub("", text or "")


def _text(text: str | None) -> str:
    return escape(_clean(text))


def _date(published: str | None) -> str | None:
    """The YYYY-MM-DD date of an ISO 8601 date or date-time, or None."""
    match = re.match(r"\d{4}-\d{2}-\d{2}", (published or "").strip())
    return match.group(0) if match else None
