"""feedgen's extension for Podcasting 2.0 (the podcastindex.org namespace): `podcast:guid` on the channel and
`podcast:transcript` and `podcast:chapters` on an item, which feedgen lacks; and the channel's
`itunes:explicit` as Apple now specifies it (true/false), which feedgen writes only as yes/no/clean.

A module of its own because its classes subclass feedgen's: `feed` imports it, and so feedgen,
only when it builds a feed, so exporting an MP3 never loads feedgen.
"""
from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

from audionews.outputs.feed import CHAPTERS_TYPE, PODCAST_NAMESPACE

ITUNES_NAMESPACE = "http://www.itunes.com/dtds/podcast-1.0.dtd"


class PodcastIndexExtension(BaseExtension):
    """feedgen extension declaring the Podcasting 2.0 namespace (prefix "podcast") on the feed."""

    def __init__(self) -> None:
        self._guid: str | None = None
        self._explicit: bool | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NAMESPACE}

    def guid(self, value: str) -> None:
        self._guid = value

    def explicit(self, value: bool) -> None:
        self._explicit = value

    def extend_rss(self, feed):  # type: ignore[no-untyped-def]  (the lxml rss element)
        channel = feed[0]
        if self._guid:
            xml_elem(f"{{{PODCAST_NAMESPACE}}}guid", channel).text = self._guid
        if self._explicit is not None:
            xml_elem(f"{{{ITUNES_NAMESPACE}}}explicit", channel).text = "true" if self._explicit else "false"
        return feed


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
