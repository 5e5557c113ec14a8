"""OPML 2.0, the list of feeds every feed reader imports and exports: a small ElementTree reader and writer.

Reading takes every `<outline>` with an `xmlUrl`, at any depth (readers nest them in folders). A
document with a DOCTYPE is refused before parsing: OPML needs none, and entity declarations are how
an XML file is made to explode in memory.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from xml.etree import ElementTree

from audionews.errors import InputError


@dataclass(frozen=True)
class Outline:
    url: str  # xmlUrl: the feed
    title: str | None = None
    site: str | None = None  # htmlUrl: the site it belongs to


def read_opml(data: bytes, name: str) -> list[Outline]:
    """The feeds listed in an OPML document (`name` says where it came from, for messages), each once."""
    if re.search(rb"<!DOCTYPE|<!ENTITY", data[:4096], re.IGNORECASE):
        raise InputError(f"{name} declares a DOCTYPE, which OPML files never need; export the list again "
                         "from your feed reader.")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise InputError(f"{name} is not a readable OPML file ({error}); export the list again from your "
                         "feed reader.") from None
    if root.tag != "opml" or root.find("body") is None:
        raise InputError(f"{name} is XML but not OPML (no <opml> with a <body>); give the file your feed "
                         "reader exported.")
    outlines: list[Outline] = []
    seen: set[str] = set()
    for element in root.find("body").iter("outline"):  # type: ignore[union-attr]
        url = (element.get("xmlUrl") or element.get("xmlurl") or "").strip()
        if not url.startswith(("http://", "https://")) or url in seen:
            continue
        seen.add(url)
        title = (element.get("title") or element.get("text") or "").strip() or None
        outlines.append(Outline(url, title, (element.get("htmlUrl") or "").strip() or None))
    return outlines


def write_opml(outlines: list[Outline], title: str = "audionews feeds") -> bytes:
    """An OPML 2.0 document listing the feeds, in the given order."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    ElementTree.SubElement(head, "dateCreated").text = format_datetime(datetime.now(timezone.utc), usegmt=True)
    body = ElementTree.SubElement(root, "body")
    for outline in outlines:
        attributes = {"type": "rss", "text": outline.title or outline.url, "title": outline.title or outline.url,
                      "xmlUrl": outline.url}
        if outline.site:
            attributes["htmlUrl"] = outline.site
        ElementTree.SubElement(body, "outline", attributes)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
