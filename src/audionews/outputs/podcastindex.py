"""feedgen's extension for Podcasting 2.0 (the podcastindex.org namespace): `podcast:transcript`
and `podcast:chapters` on an item, which feedgen lacks.

A module of its own because its classes subclass feedgen's: `feed` imports it, and so feedgen,
only when it builds a feed, so exporting an MP3 never loads feedgen.
"""
from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

from audionews.outputs.feed import CHAPTERS_TYPE, PODCAST_NAMESPACE


class PodcastIndexExtension(BaseExtension):
    """feedgen extension declaring the Podcasting 2.0 namespace (prefix "podcast") on the feed."""

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NAMESPACE}


class PodcastIndexEntryExtension(BaseEntryExtension):
    """feedgen entry extension adding podcast:transcript and podcast:chapters to an item."""

    def __init__(self) -> None:
        self._transcripts: list[dict[str, str]] = []
        self._chapters: dict[str, str] | None = None

    def transcript(self, url: str, type: str, language: str | None = None) -> None:
        attributes = {"url": url, "type": type}
        if language:
            attributes["language"] = language
        self._transcripts.append(attributes)

    def chapters(self, url: str, type: str = CHAPTERS_TYPE) -> None:
        self._chapters = {"url": url, "type": type}

    def extend_rss(self, item):  # type: ignore[no-untyped-def]  (an lxml element, as feedgen passes it)
        for attributes in self._transcripts:
            xml_elem(f"{{{PODCAST_NAMESPACE}}}transcript", item, **attributes)
        if self._chapters:
            xml_elem(f"{{{PODCAST_NAMESPACE}}}chapters", item, **self._chapters)
        return item
