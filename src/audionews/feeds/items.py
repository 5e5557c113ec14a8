"""A feed item becomes an Article: its page through the safe fetcher and extraction, or the feed's own text.

The page is read as any URL is (text.ingest limits, private addresses refused, text.extract). When it
cannot be fetched, or gives less text than the feed itself carries, the item's content (content:encoded,
Atom content, JSON Feed content_html) or else its summary is read instead, and the article's first
paragraph says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from audionews.config import Settings
from audionews.errors import InputError
from audionews.feeds.dedup import canonical_link, canonical_url
from audionews.feeds.parse import FeedItem
from audionews.model import Article, Paragraph
from audionews.text import ingest
from audionews.text.clean import clean_blocks, detect_language, words
from audionews.text.extract import extract_document

FROM_SUMMARY = "From the feed's summary."  # the first paragraph of an article read from the feed's summary
FROM_CONTENT = "From the text in the feed."  # … from the full text the feed carries
_BLOCKS = {"p": "body", "li": "body", "blockquote": "body", "pre": "body", "figcaption": "caption",
           "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading"}


@dataclass(frozen=True)
class ItemArticle:
    article: Article
    canonical: str | None  # the page's <link rel="canonical">, else the item's link, made canonical
    from_feed: bool  # read from the feed's content or summary rather than the page


def read_item(item: FeedItem, settings: Settings) -> ItemArticle:
    """The item's article: see the module docstring. InputError when neither page nor feed has any text."""
    page: Article | None = None
    canonical = canonical_url(item.link) if item.link else None
    failure: InputError | None = None
    if item.link:
        try:
            document = ingest.fetch_url(item.link, settings)
            if document.is_html:
                canonical = canonical_link(document.content, document.source) or canonical_url(document.source)
            page = extract_document(document)
        except InputError as error:
            failure = error
    feed = article_from_feed(item)
    if page is not None and (feed is None or _word_count(page) >= _word_count(feed)):
        return ItemArticle(replace(page, title=item.title or page.title, published=page.published or item.published,
                                   url=item.link or page.url), canonical, from_feed=False)
    if feed is None:
        raise failure or InputError(f"The feed item {item.title or item.key!r} has no link and no text; "
                                    "there is nothing to read.")
    note = FROM_CONTENT if item.content else FROM_SUMMARY
    feed.paragraphs.insert(0, Paragraph(note))
    return ItemArticle(feed, canonical, from_feed=True)


def article_from_feed(item: FeedItem) -> Article | None:
    """The item's own text as an Article (content, else summary), cleaned like an extracted page's blocks."""
    html = item.content or item.summary
    if not html or not html.strip():
        return None
    title = item.title or "Untitled"
    paragraphs, removed = clean_blocks(_blocks(html), title)
    if not any(paragraph.kind == "body" for paragraph in paragraphs):
        return None
    text = " ".join(paragraph.text for paragraph in paragraphs)
    return Article(title=title, paragraphs=paragraphs, published=item.published, url=item.link,
                   language=detect_language(text), removed=removed)


def _blocks(html: str) -> list[Paragraph]:
    """The HTML's block elements as paragraphs, innermost blocks only; plain text splits at blank lines."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for line_break in soup.find_all("br"):
        line_break.replace_with("\n")
    blocks: list[Paragraph] = []
    for element in soup.find_all(list(_BLOCKS)):
        if element.find(list(_BLOCKS)):
            continue  # its inner blocks are taken one by one
        text = " ".join(element.get_text(" ").split())
        if text:
            blocks.append(Paragraph(text, _BLOCKS[element.name]))  # type: ignore[arg-type]
    if blocks:
        return blocks
    text = soup.get_text("\n")
    return [Paragraph(" ".join(part.split())) for part in _split_paragraphs(text) if part.strip()]


def _split_paragraphs(text: str) -> list[str]:
    parts = re.split(r"\n\s*\n", text)
    return parts if len(parts) > 1 else text.split("\n")


def _word_count(article: Article) -> int:
    return len(words(article.text))
