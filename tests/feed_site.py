"""A news site with feeds on loopback, for the feed tests: article pages, RSS 2.0, Atom and JSON Feed
documents built from the same stories, conditional answers (ETag, Last-Modified) and request counts.

The stories are written for these tests (plain local-news prose); each page is a real HTML article page
that the project's own extraction reads.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from html import escape
from http.server import BaseHTTPRequestHandler

from conftest import LocalServer, send


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def summary(self) -> str:
        return self.paragraphs[0]


STORIES = (
    Story("harbour", "Harbour Reopens After Storm Repairs", (
        "The harbour at Westmere reopened on Monday after a week of repairs to the sea wall, the port authority said.",
        "Fishing boats returned to their moorings by the afternoon, and the ferry to the islands resumed its timetable.",
        "\u201cWe worked through two nights to get the wall ready,\u201d said Maria Jensen, the harbour master. "
        "Engineers expect the new wall to withstand storms twice as strong as last week's.",
    )),
    Story("reading-room", "City Library Opens a Reading Room for Children", (
        "The city library opened a reading room for children on Tuesday, with a garden view and quiet corners for reading aloud.",
        "More than two hundred families visited in the first hour, the librarians said, and the story-time sessions were full by noon.",
        "The room was paid for by a local trust and took eight months to build, about a month longer than planned.",
    )),
    Story("footbridge", "New Footbridge Links Two Neighbourhoods", (
        "A footbridge over the railway line opened on Wednesday, linking the Eastfield and Millbrook neighbourhoods for the first time.",
        "Residents had campaigned for a crossing for more than a decade, since the old level crossing was closed for safety reasons.",
        "The council said the bridge would cut the walk to the secondary school by about twenty minutes for many pupils.",
    )),
    Story("orchard", "Community Orchard Harvests Its First Apples", (
        "Volunteers at the Linden Road community orchard picked their first apples on Saturday, five years after planting the trees.",
        "The harvest of about three hundred kilograms will be pressed into juice and shared with the food bank in town.",
        "Organisers said they would plant twenty more trees this winter, including pears and plums from local nurseries.",
    )),
    Story("tram", "Council Approves Tram Line Extension", (
        "The regional council approved a four-kilometre extension of the tram line to the hospital on Thursday evening.",
        "Construction is due to start next spring and take two years, with the new stops opening in stages along the route.",
        "Councillors who voted against the plan said the budget did not allow enough for moving water pipes under the road.",
    )),
)
BY_SLUG = {story.slug: story for story in STORIES}
BASE_TIME = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)


def article_page(story: Story, canonical: str | None = None, extra: str = "") -> bytes:
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in story.paragraphs) + (f"<p>{escape(extra)}</p>" if extra else "")
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(story.title)} | Westmere News"
            f"</title>{link}</head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><main><article>"
            f"<h1>{escape(story.title)}</h1>{paragraphs}</article></main><footer>Westmere News</footer></body></html>"
            ).encode()


def published(index: int) -> datetime:
    """Story `index` is `index` hours older than the newest."""
    return BASE_TIME - timedelta(hours=index)


def rss(title: str, items: list[tuple[Story, str]], *, ttl: int | None = None, content: bool = False) -> bytes:
    """RSS 2.0 with one <item> per (story, link), newest first; `content` adds content:encoded."""
    entries = []
    for index, (story, link) in enumerate(items):
        encoded = ("<content:encoded><![CDATA[" + "".join(f"<p>{p}</p>" for p in story.paragraphs)
                   + "]]></content:encoded>") if content else ""
        entries.append(f"<item><title>{escape(story.title)}</title><link>{escape(link)}</link>"
                       f"<guid isPermaLink=\"false\">{story.slug}</guid>"
                       f"<pubDate>{format_datetime(published(index))}</pubDate>"
                       f"<description>{escape(story.summary)}</description>{encoded}</item>")
    ttl_element = f"<ttl>{ttl}</ttl>" if ttl else ""
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" "
            "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
            f"<title>{escape(title)}</title><link>http://westmere.example/</link><description>Local news</description>"
            f"{ttl_element}{''.join(entries)}</channel></rss>").encode()


def atom(title: str, items: list[tuple[Story, str]]) -> bytes:
    entries = "".join(
        f"<entry><title>{escape(story.title)}</title><link rel=\"alternate\" href=\"{escape(link)}\"/>"
        f"<id>urn:westmere:{story.slug}</id><updated>{published(index).isoformat()}</updated>"
        f"<summary>{escape(story.summary)}</summary></entry>"
        for index, (story, link) in enumerate(items))
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
            f"<title>{escape(title)}</title><link href=\"http://westmere.example/\"/><id>urn:westmere</id>"
            f"<updated>{BASE_TIME.isoformat()}</updated>{entries}</feed>").encode()


def json_feed(title: str, items: list[tuple[Story, str]]) -> bytes:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": "http://westmere.example/",
        "items": [{"id": story.slug, "url": link, "title": story.title, "summary": story.summary,
                   "content_html": "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs),
                   "date_published": published(index).isoformat()}
                  for index, (story, link) in enumerate(items)],
    }).encode()


class FeedSite:
    """Article pages at /news/SLUG on a LocalServer, and feeds served with ETag validation and counts."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.full_answers: dict[str, int] = {}  # feed path → 200 answers (a body sent)
        self.not_modified: dict[str, int] = {}  # feed path → 304 answers
        for story in STORIES:
            self.page(f"/news/{story.slug}", article_page(story))

    def url(self, path: str) -> str:
        return self.server.url(path)

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> None:
        self.server.route(path)(lambda handler: send(handler, body, content_type, status=status))

    def feed(self, path: str, body: bytes, content_type: str = "application/rss+xml; charset=utf-8") -> None:
        """Serve a feed at `path` with an ETag (its version) and a 304 to a request that has it."""
        etag = f'"v{abs(hash(body)) % 10**8}"'
        modified = format_datetime(BASE_TIME, usegmt=True)

        def answer(handler: BaseHTTPRequestHandler) -> None:
            if handler.headers.get("If-None-Match") == etag:
                self.not_modified[path] = self.not_modified.get(path, 0) + 1
                handler.send_response(304)
                handler.send_header("ETag", etag)
                handler.end_headers()
                return
            self.full_answers[path] = self.full_answers.get(path, 0) + 1
            send(handler, body, content_type, headers={"ETag": etag, "Last-Modified": modified})

        self.server.route(path)(answer)

    def requests_for(self, path: str) -> int:
        return self.server.requests.count(path)

    def links(self, *slugs: str, query: str = "") -> list[tuple[Story, str]]:
        return [(BY_SLUG[slug], self.url(f"/news/{slug}{query}")) for slug in slugs]
