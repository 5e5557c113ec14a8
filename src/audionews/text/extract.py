"""Turn a page (HTML or plain text) into an Article: title, byline, date, language, paragraphs.

HTML: trafilatura, readability-lxml and the page's JSON-LD `articleBody` each propose the main text,
and `candidates.choose` decides by explained rules; BeautifulSoup reads the metadata (og:title, h1,
<title>; author; dates; lang) and the figure captions. Plain text goes to `clean.clean_text`.
Whatever is dropped on the way is listed in `Article.removed` with a reason.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator
from urllib.parse import urlsplit

from audionews.errors import InputError
from audionews.model import Article, Document, Paragraph, ParagraphKind, Removal
from audionews.text.candidates import Candidate, Choice, choose, readability_candidate, structured_candidate
from audionews.text.clean import (
    Cleaned,
    byline_name,
    clean_blocks,
    clean_text,
    detect_language,
    drop_author_bio,
    ends_sentence,
    interface_reason,
    is_credit_only,
    normalize,
    strip_caption_label,
    words,
)
from audionews.text.language import hint_code, identify
from audionews.text.metadata import is_site_name, valid_byline, valid_date
from audionews.text.outside import outside_summary
from audionews.text.titles import fallback_title
from audionews.text.truncation import PAYWALL_CLASS, assess, notice

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_log = logging.getLogger(__name__)

_HTML_SNIFF = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|article|meta|title|script|span|a|h1)[\s>/]",
    re.IGNORECASE,
)
# trafilatura's defaults (balanced precision and recall) with XML output, which keeps headings.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "output_format": "xml", "include_comments": False, "include_tables": True, "include_images": False,
    "include_formatting": False, "include_links": False, "with_metadata": False,
    # Measured on real pages (bench/bench_extract.py): precision mode drops more related-story and
    # comment blocks and loses no article text there.
    "favor_precision": True,
}
_TITLE_SEPARATORS = re.compile(r"\s+[|–—•·»:-]\s+")


def looks_like_html(markup: str) -> bool:
    """True when the text is markup: a doctype, or several HTML tags near the start."""
    head = markup[:5000]
    return bool(re.search(r"<!doctype\s+html|<html[\s>]", head, re.IGNORECASE)) or len(_HTML_SNIFF.findall(head)) >= 2


def extract_document(document: Document) -> Article:
    """Extract the article from a document read by ingest (its `is_html` flag decides the path)."""
    if document.is_html:
        return _from_html(document.content, document.url, document.source)
    return _from_text(document.content, document.url, document.source)


def extract_article(markup: str, url: str | None = None) -> Article:
    """Extract the article from HTML or plain text, told apart by content."""
    if looks_like_html(markup):
        return _from_html(markup, url, url)
    return _from_text(markup, url, url)


# --- Plain text ---------------------------------------------------------------------------------


def _from_text(text: str, url: str | None, source: str | None) -> Article:
    cleaned = clean_text(text)
    return _article(cleaned, url=url, published=None, source=source, page=_PageFacts(site=_host(url)))


@dataclass(frozen=True)
class _PageFacts:
    """What the page says beside the article text: its declared language, its lines outside the
    article (a subscription prompt among them?), whether it declares the article not free, its site."""

    language: str | None = None
    lines: tuple[str, ...] = ()
    not_free: bool = False
    site: str | None = None


def _article(cleaned: Cleaned, url: str | None, published: str | None, source: str | None, page: _PageFacts,
             site_name: str | None = None) -> Article:
    """The Article, titled by fallback_title when no headline was found; `source` names the input."""
    body = [p.text for p in cleaned.paragraphs if p.kind == "body"]
    if not any(ends_sentence(text) for text in body) and sum(len(words(text)) for text in body) < 20:
        raise InputError("No article text was found in the input; give the page of a single news article.")
    language = identify("\n".join(body), hint=page.language, fallback=cleaned.language)
    _log.debug("The article's language is %r.", language.language)
    if page.language:
        _log.debug("The page declares its language: %r.", page.language)
    truncation = assess(cleaned.paragraphs, [*page.lines, *(r.text for r in cleaned.removed)], page.not_free)
    return Article(
        title=cleaned.title.strip() or fallback_title(cleaned.paragraphs, language.language, source, url),
        paragraphs=cleaned.paragraphs,
        byline=valid_byline(cleaned.byline),
        published=valid_date(published),
        url=url,
        language=language.language,
        removed=cleaned.removed,
        language_page=language.page,
        truncated=truncation.truncated,
        truncation_notice=notice(truncation, page.site, language.language),
        site_name=site_name,
    )


def _host(url: str | None) -> str | None:
    """The site's host name without "www." ("example.com"), for saying where an article is."""
    if not url or "://" not in url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


# --- HTML ---------------------------------------------------------------------------------------


def _from_html(markup: str, url: str | None, source: str | None) -> Article:
    from bs4 import BeautifulSoup

    if not markup.strip():
        raise InputError("The page is empty; give the page of a single news article.")
    soup = BeautifulSoup(markup, "lxml")
    ld = list(_json_ld_objects(soup))
    meta = _meta_tags(soup)
    title = _title(soup, ld, meta)
    published = _published(soup, ld, meta)
    language = _language(soup, meta)
    page_blocks = _page_blocks(soup)
    page = _PageFacts(language, tuple(page_blocks), _not_free(markup, ld),
                      _meta(meta, "og:site_name") or _host(url or _canonical(soup, meta)))
    captions = _figcaptions(soup)
    choice = choose_candidates(soup, markup, url, ld)
    blocks = choice.blocks
    if choice.source != "articleBody":
        blocks = _restore_headings(soup, _rescue_paragraphs(soup, blocks))
    if not blocks or _merged_fallback(soup, blocks):
        # Nothing trafilatura would call an article (or only its run-together fallback text):
        # clean the page's visible text, one line per block element, instead.
        cleaned = clean_text(_visible_text(soup))
        cleaned.title = title or cleaned.title
        return _article(cleaned, url=url or _canonical(soup, meta), published=published, source=source, page=page,
                        site_name=_site_name(ld, meta))
    blocks = _place_captions(soup, blocks, captions)
    links = _link_texts(soup)
    blocks, link_removals = _drop_link_blocks(blocks, links, _embedded_posts(soup))
    paragraphs, removed = clean_blocks(blocks, title, links)
    removed = link_removals + removed
    byline = _byline(soup, ld, meta) or next((byline_name(r.text) for r in removed if r.reason == "byline"), None)
    paragraphs = drop_author_bio(paragraphs, byline, removed)
    summary = outside_summary(page_blocks, [title, *(p.text for p in paragraphs)], removed)
    removed = removed + ([summary] if summary else [])
    text_for_language = " ".join(p.text for p in paragraphs)
    cleaned = Cleaned(
        title=title,
        paragraphs=paragraphs,
        byline=byline,
        language=detect_language(text_for_language),
        removed=removed,
    )
    return _article(cleaned, url=url or _canonical(soup, meta), published=published, source=source, page=page,
                    site_name=_site_name(ld, meta))


_PAYWALL_ATTRIBUTE = re.compile(r"""\b(?:class|id)\s*=\s*["'][^"'>]*(?:""" + PAYWALL_CLASS.pattern + ")",
                                re.IGNORECASE)


def _not_free(markup: str, ld: list[dict[str, Any]]) -> bool:
    """The page declares the article not free: JSON-LD isAccessibleForFree false, or an element whose
    class or id names a paywall (looked for in the markup itself: one regular-expression scan)."""
    if any(str(obj.get("isAccessibleForFree", "")).strip().lower() == "false" for obj in ld):
        return True
    return _PAYWALL_ATTRIBUTE.search(markup) is not None


def choose_candidates(soup: BeautifulSoup, markup: str, url: str | None, ld: list[dict[str, Any]]) -> Choice:
    """The main text chosen among trafilatura's, readability's and the page's own articleBody
    (see `audionews.text.candidates`)."""
    precise = Candidate("trafilatura", _trafilatura_blocks(markup, url) if not _crowded(soup) else [])
    body_text = _json_ld_body(ld)
    structured = structured_candidate(body_text)
    if structured is not None and (not any(b.kind == "body" for b in precise.blocks)
                                   or _body_is_only_json_ld(soup, body_text or "")):
        return Choice(structured.blocks, structured.name, "the page shows almost none of its articleBody")
    return choose(precise, readability_candidate(markup), structured)


_MAX_INLINE_CHILDREN = 1000
_INLINE_TAGS = {"a", "b", "i", "em", "strong", "span", "u", "small", "code", "mark", "sub", "sup", "abbr", "cite",
                "q", "s", "time", "font", "br", "img"}


def _crowded(soup: BeautifulSoup) -> bool:
    """An element holding more inline elements than any paragraph does: trafilatura's time grows with
    the square of their number there, so such a page is read from its visible text instead."""
    return any(sum(1 for child in tag.children if getattr(child, "name", None) in _INLINE_TAGS) > _MAX_INLINE_CHILDREN
               for tag in soup.find_all(True))


def _trafilatura_blocks(markup: str, url: str | None) -> list[Paragraph]:
    """The main text as trafilatura sees it, as paragraphs with heading kinds kept."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(markup, url=url, **TRAFILATURA_OPTIONS)
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        return []
    blocks: list[Paragraph] = []
    for element in main:
        for kind, text in _xml_blocks(element):
            for part in _split_line_breaks(normalize(text)):
                blocks.append(Paragraph(part, kind))
    return blocks


def _xml_blocks(element: Any) -> Iterator[tuple[ParagraphKind, str]]:
    tag = element.tag
    if tag == "head":
        yield "heading", _xml_text(element)
    elif tag in ("list", "table", "quote", "div"):
        children = [c for c in element if c.tag in ("item", "row", "p", "list", "head", "quote")]
        if not children:
            yield "body", _xml_text(element)
        for child in children:
            if child.tag == "row":
                yield "body", " ".join(_xml_text(cell).strip() for cell in child)
            else:
                yield from _xml_blocks(child)
    else:
        yield "body", _xml_text(element)


def _xml_text(element: Any) -> str:
    """The element's text, with trafilatura's <lb/> line breaks as newlines."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _xml_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _split_line_breaks(text: str) -> list[str]:
    """Split at line breaks that end a sentence (paragraphs separated by <br>); join the others."""
    parts: list[str] = []
    for line in (x.strip() for x in text.split("\n")):
        if not line:
            continue
        if parts and not ends_sentence(parts[-1]):
            parts[-1] = f"{parts[-1]} {line}"
        else:
            parts.append(line)
    return parts


def _body_is_only_json_ld(soup: BeautifulSoup, body_text: str) -> bool:
    """True when the visible page holds less than half the words of the JSON-LD articleBody."""
    body = soup.body
    if body is None:
        return True
    hidden = {"script", "style", "noscript", "template"}
    visible = " ".join(s for s in body.find_all(string=True) if s.parent is None or s.parent.name not in hidden)
    return len(words(visible)) < 0.5 * len(words(body_text))


_FURNITURE = re.compile(r"related|comment|share|social|promo|newsletter|sidebar|footer|nav|menu|subscri|advert|"
                        r"teaser|recommend|popular|cookie|consent|paywall|caption|credit|byline|author|meta|bio",
                        re.IGNORECASE)


class _Cursor:
    """Walks page elements in document order alongside the extracted blocks they match.

    `last` is the index of the latest block matched so far; a text that occurs twice in the
    blocks matches its next occurrence, so the cursor never moves backwards.
    """

    def __init__(self, blocks: list[Paragraph]) -> None:
        self.positions: dict[str, list[int]] = {}
        for i, block in enumerate(blocks):
            self.positions.setdefault(_squash(block.text), []).append(i)
        self.last = -1

    def advance(self, key: str) -> int | None:
        position = next((i for i in self.positions.get(key, []) if i > self.last), None)
        if position is not None:
            self.last = position
        return position


def _insert_after(blocks: list[Paragraph], inserts: dict[int, list[Paragraph]]) -> list[Paragraph]:
    """The blocks with `inserts[i]` placed after block i (`inserts[-1]` before the first)."""
    result = list(inserts.get(-1, []))
    for i, block in enumerate(blocks):
        result.append(block)
        result.extend(inserts.get(i, []))
    return result


def _rescue_paragraphs(soup: BeautifulSoup, blocks: list[Paragraph]) -> list[Paragraph]:
    """Put back prose paragraphs that the extractor skipped inside the container of the ones it kept.

    Only <p> elements of at least 12 words that end like a sentence, are mostly not link text,
    and sit in no element whose class or id names page furniture (related, share, caption …).
    """
    kept = {_squash(b.text) for b in blocks if b.kind == "body"}
    matched = [p for p in (soup.body or soup).find_all("p") if _squash(_text_of(p)) in kept]
    container = _common_ancestor(matched) if len(matched) >= 2 else None
    if container is None or container.name in ("body", "html", "[document]"):
        return blocks
    cursor = _Cursor(blocks)
    inserts: dict[int, list[Paragraph]] = {}
    for element in container.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"]):
        text = " ".join(normalize(_text_of(element)).split())
        key = _squash(text)
        if cursor.advance(key) is None and key not in kept and element.name == "p" and _rescuable(element, text, container):
            inserts.setdefault(cursor.last, []).append(Paragraph(text))
            kept.add(key)
    return _insert_after(blocks, inserts) if inserts else blocks


def _rescuable(element: Tag, text: str, container: Tag) -> bool:
    n = len(words(text))
    if n < 12 or not ends_sentence(text) or interface_reason(text):
        return False
    link_words = sum(len(words(_text_of(a))) for a in element.find_all("a"))
    if link_words > 0.3 * n:
        return False
    return not _in_furniture(element, container)


def _in_furniture(element: Tag, container: Tag | None = None) -> bool:
    """The element sits, below `container` (default: the whole page), in page furniture: a nav,
    aside, header, footer, form or figure, or an element whose class or id names furniture."""
    node: Tag | None = element
    while node is not None and node is not container and node.name not in ("body", "html", "[document]"):
        if node.name in ("nav", "aside", "footer", "header", "form", "figure", "figcaption"):
            return True
        marks = " ".join([*node.get("class", []), str(node.get("id", ""))])
        if marks and _FURNITURE.search(marks):
            return True
        node = node.parent
    return False


def _common_ancestor(elements: list[Tag]) -> Tag | None:
    ancestors = [elements[0], *elements[0].parents]
    depth = 0
    for element in elements[1:]:
        chain = {id(a) for a in [element, *element.parents]}
        while depth < len(ancestors) and id(ancestors[depth]) not in chain:
            depth += 1
    return ancestors[depth] if depth < len(ancestors) else None


_HEADINGS = ["h2", "h3", "h4", "h5", "h6"]


def _restore_headings(soup: BeautifulSoup, blocks: list[Paragraph]) -> list[Paragraph]:
    """Put back subheadings that the extractor dropped but whose following paragraph it kept."""
    have = {_squash(b.text) for b in blocks}
    cursor = _Cursor(blocks)
    inserts: dict[int, list[Paragraph]] = {}
    pending: str | None = None
    for element in (soup.body or soup).find_all(["p", "div", "li", "blockquote", *_HEADINGS]):
        if element.name in _HEADINGS:
            text = " ".join(normalize(_text_of(element)).split())
            pending = (text if text and _squash(text) not in have and not interface_reason(text)
                       and not _in_furniture(element) else None)
            continue
        if element.name == "div" and element.find(["p", "div"]):
            continue
        key = _squash(_text_of(element))
        if not key:
            continue
        position = cursor.advance(key)
        if (pending and position is not None and blocks[position].kind == "body"
                and (position == 0 or blocks[position - 1].kind != "heading")):
            inserts[position - 1] = [Paragraph(pending, "heading")]
        pending = None
    return _insert_after(blocks, inserts)


def _figcaptions(soup: BeautifulSoup) -> list[Tag]:
    """Figure captions with words to read (a bare photo credit is not a caption)."""
    return [tag for tag in soup.find_all("figcaption") if words(_text_of(tag)) and not is_credit_only(_caption_text(tag))]


def _caption_text(tag: Tag) -> str:
    return strip_caption_label(" ".join(normalize(_text_of(tag)).split()))


def _place_captions(soup: BeautifulSoup, blocks: list[Paragraph], captions: list[Tag]) -> list[Paragraph]:
    """Mark extracted blocks that are figure captions, and add the captions the extractor left out.

    A caption goes after the last extracted block that comes before its figure in the page;
    a caption printed under several figures is read once.
    """
    if not captions:
        return blocks
    caption_keys = {_squash(_caption_text(c)) for c in captions}
    blocks = [Paragraph(b.text, "caption") if _squash(b.text) in caption_keys else b for b in blocks]
    wanted = caption_keys - {_squash(b.text) for b in blocks}
    cursor = _Cursor(blocks)
    inserts: dict[int, list[Paragraph]] = {}
    body = soup.body or soup
    for element in body.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption"]):
        if element.name == "figcaption":
            text = _caption_text(element)
            key = _squash(text)
            if key in wanted and _inside_article(element, cursor.last):
                inserts.setdefault(cursor.last, []).append(Paragraph(text, "caption"))
                wanted.discard(key)
        else:
            cursor.advance(_squash(_text_of(element)))
    if not blocks:
        return blocks
    return _insert_after(blocks, inserts)


def _inside_article(element: Tag, last_block: int) -> bool:
    """Captions are kept once the article has begun, or when the figure sits in an <article>."""
    return last_block >= 0 or element.find_parent("article") is not None


_EMBED = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|fb-post|social-embed|bluesky-embed|"
                    r"threads-embed|reddit-embed|mastodon-embed", re.IGNORECASE)


def _embedded_posts(soup: BeautifulSoup) -> list[str]:
    """The texts of social-media posts embedded in the page (tweets, Instagram posts …)."""
    embeds = soup.find_all(class_=_EMBED)
    return [key for e in embeds if (key := _squash(_text_of(e)))]


def _drop_link_blocks(blocks: list[Paragraph], links: frozenset[str],
                      embeds: list[str]) -> tuple[list[Paragraph], list[Removal]]:
    """Drop blocks from embedded social posts, and body blocks that are mostly the text of one link
    and not a sentence (lists of other stories)."""
    kept: list[Paragraph] = []
    removed: list[Removal] = []
    embeds = embeds[:_MAX_EMBEDS]
    for block in blocks:
        key = _squash(block.text)
        n = len(key.split())
        if n and any(key in embed for embed in embeds):
            removed.append(Removal(block.text, "embedded social post"))
        elif block.kind == "body" and n and not ends_sentence(block.text) and _mostly_a_link(key.split(), links):
            removed.append(Removal(block.text, "link to another page"))
        else:
            kept.append(block)
    return kept, removed


_MAX_EMBEDS = 200  # embedded posts compared with each block: more than any article page holds
_MAX_LINK_BLOCK = 60  # words: a block longer than that is not "mostly the text of one link"


def _mostly_a_link(words_: list[str], links: frozenset[str]) -> bool:
    """A link's text, of at least 0.6 of the block's words, runs in the block from a word boundary.
    Only the block's own word runs are looked up, so a page of many links costs no more per block."""
    n = len(words_)
    if n > _MAX_LINK_BLOCK:
        return False
    shortest = -(-6 * n // 10)
    return any(" ".join(words_[start:start + length]) in links
               for length in range(shortest, n + 1) for start in range(0, n - length + 1))


def _link_texts(soup: BeautifulSoup) -> frozenset[str]:
    return frozenset(key for a in soup.find_all("a") if (key := _squash(_text_of(a))))


def _squash(text: str) -> str:
    """A text's words, lower case, after the same Unicode clean-up as the blocks: for matching."""
    return " ".join(words(normalize(text).lower()))


_BLOCK_TAGS = ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th", "figcaption",
               "blockquote", "section", "article", "header", "footer", "nav", "aside", "ul", "ol", "dt", "dd", "pre",
               "form", "label", "button", "option", "figure", "main", "table", "time"]


def _text_of(element: Tag) -> str:
    """An element's text as a browser shows it: inline elements (a drop cap, a link) run on with
    the words around them, block elements and line breaks stand apart; spaces collapsed."""
    from bs4 import CData, NavigableString, Tag

    parts: list[str] = []
    for node in element.descendants:
        if type(node) in (NavigableString, CData):
            parts.append(str(node))
        elif isinstance(node, Tag) and node.name in _BLOCK_TAGS:
            parts.append(" ")
    return " ".join(normalize("".join(parts)).split())


_LEAVES = [t for t in _BLOCK_TAGS if t not in ("br", "time")]
_INVISIBLE = ["script", "style", "noscript", "template", "svg", "head", "select"]


def _page_blocks(soup: BeautifulSoup) -> list[str]:
    """The text of each innermost block element of the page, in page order (what a reader sees)."""
    root = soup.body or soup
    elements = root.find_all(_LEAVES)
    hidden = {id(e) for tag in root.find_all(_INVISIBLE) for e in tag.find_all(_LEAVES)}
    inner: set[int] = set()  # block elements with another block element inside
    for element in elements:
        parent = element.parent
        while parent is not None and id(parent) not in inner:
            inner.add(id(parent))
            parent = parent.parent
    return [text for e in elements if id(e) not in inner and id(e) not in hidden and (text := _text_of(e))]
_HIDDEN_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


def _visible_text(soup: BeautifulSoup) -> str:
    """The page's visible text as a browser copies it: one line per block element.

    One walk over the tree (no edits to it, whose cost grows with the number of siblings)."""
    from bs4 import CData, NavigableString, Tag

    parts: list[str] = []
    pending: list[tuple[Any, bool]] = [(soup.body or soup, True)]  # (node, entering); a stack, not recursion
    in_pre = 0
    while pending:
        node, entering = pending.pop()
        if isinstance(node, Tag):
            if node.name in _HIDDEN_TAGS:
                continue
            if not entering:
                in_pre -= node.name == "pre"
                parts.append("\n" if node.name in _BLOCK_TAGS else "")
                continue
            in_pre += node.name == "pre"
            parts.append("\n" if node.name in _BLOCK_TAGS else "")
            pending.append((node, False))
            pending.extend((child, True) for child in reversed(node.contents))
        elif type(node) in (NavigableString, CData):
            parts.append(str(node) if in_pre else re.sub(r"\s+", " ", str(node)))  # source line breaks are spaces
    return "".join(parts)


def _merged_fallback(soup: BeautifulSoup, blocks: list[Paragraph]) -> bool:
    """True when the extractor returned one block that runs several of the page's paragraphs together."""
    if len(blocks) != 1:
        return False
    key = _squash(blocks[0].text)
    parts = [k for e in (soup.body or soup).find_all(["p", "h1", "h2", "h3", "figcaption", "li"])
             if (k := _squash(_text_of(e)))]
    return key not in parts and sum(k in key for k in parts) >= 2


# --- Metadata -----------------------------------------------------------------------------------


def _json_ld_objects(soup: BeautifulSoup) -> Iterator[dict[str, Any]]:
    for tag in soup.find_all("script", type=re.compile(r"ld\+json", re.IGNORECASE)):
        try:
            data = json.loads(tag.string or tag.get_text() or "null")
        except (json.JSONDecodeError, TypeError):
            continue
        yield from _walk_ld(data)


def _walk_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart"):
            if isinstance(data.get(key), (list, dict)):
                yield from _walk_ld(data[key])


def _is_article(obj: dict[str, Any]) -> bool:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and ("Article" in k or k in ("BlogPosting", "Report", "LiveBlogPosting"))
               for k in kinds)


def _json_ld_body(ld: list[dict[str, Any]]) -> str | None:
    from bs4 import BeautifulSoup

    for obj in ld:
        body = obj.get("articleBody")
        if isinstance(body, str) and len(body.split()) >= 20:
            if "<" in body and ">" in body:
                body = BeautifulSoup(body, "lxml").get_text("\n")
            return normalize(body)
    return None


def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """The page's <meta> contents by lower-case property, name or itemprop (the first of each)."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = " ".join(normalize(str(tag.get("content", ""))).split())
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = str(tag.get(attribute, "")).lower()
            if key and content:
                found.setdefault(key, content)
    return found


def _meta(meta: dict[str, str], *names: str) -> str | None:
    return next((meta[name.lower()] for name in names if name.lower() in meta), None)


def _title(soup: BeautifulSoup, ld: list[dict[str, Any]], meta: dict[str, str]) -> str:
    """og:title, else JSON-LD headline, else the page's h1, else <title> without its " | Site" suffix;
    a candidate that is the site's name is passed over while a later one is not."""
    candidates = [_meta(meta, "og:title", "twitter:title")]
    candidates += [obj.get("headline") for obj in ld if _is_article(obj) and isinstance(obj.get("headline"), str)]
    h1 = soup.find("h1")
    candidates.append(normalize(_text_of(h1)).strip() if h1 else None)
    page_title = normalize(_text_of(soup.title)).strip() if soup.title else None
    candidates.append(page_title)
    titles = [" ".join(normalize(c).split()) for c in candidates if c and len(words(c)) >= 1]
    sites = [_meta(meta, "og:site_name", "application-name") or "", *_publishers(ld)]
    named = [t for t in titles if not is_site_name(t, sites, page_title)]
    chosen = named[0] if named else titles[0] if titles else ""
    return _strip_site_name(chosen, meta) if chosen else ""


def _publishers(ld: list[dict[str, Any]]) -> list[str]:
    """The names the page's JSON-LD gives its publisher (or itself, as a WebSite)."""
    names = []
    for obj in ld:
        publisher = obj.get("publisher")
        names += _person_names(publisher)
        if obj.get("@type") in ("WebSite", "Organization", "NewsMediaOrganization") and isinstance(obj.get("name"), str):
            names.append(obj["name"])
    return names


def _strip_site_name(title: str, meta: dict[str, str]) -> str:
    """Drop a trailing or leading " | Site Name" when the rest is clearly the headline."""
    site = _meta(meta, "og:site_name", "application-name")
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site:
        kept = [p for p in parts if p.strip().lower() != site.lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    longest = max(parts, key=lambda p: len(words(p)))
    return longest if len(words(longest)) >= 3 and len(words(parts[-1])) <= 4 else title


def _person_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _person_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _person_names(item)]
    return []


def _byline(soup: BeautifulSoup, ld: list[dict[str, Any]], meta: dict[str, str]) -> str | None:
    """The authors' names from the first source that gives valid ones: JSON-LD, meta tags, a
    rel=author link, an element whose class names the byline."""
    for names in _byline_sources(soup, ld, meta):
        cleaned = [valid_byline(byline_name(normalize(n))) for n in names if n and n.strip()]
        unique = list(dict.fromkeys(n for n in cleaned if n))
        if unique:
            return ", ".join(unique)
    return None


def _byline_sources(soup: BeautifulSoup, ld: list[dict[str, Any]], meta: dict[str, str]) -> Iterator[list[str]]:
    yield [name for obj in ld if _is_article(obj) for name in _person_names(obj.get("author"))]
    author = _meta(meta, "author", "article:author", "byl", "parsely-author", "dc.creator")
    if author and not author.startswith("http"):
        yield [author]
    link = soup.find(attrs={"rel": "author"})
    if link and link.get_text(strip=True):
        yield [link.get_text(" ", strip=True)]
    element = soup.find(class_=re.compile(r"\b(?:byline|author|signature|firma|autor)\b", re.IGNORECASE))
    text = " ".join(_text_of(element).split()) if element else ""
    if text and len(words(text)) <= 12:
        yield [text]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def _published(soup: BeautifulSoup, ld: list[dict[str, Any]], meta: dict[str, str]) -> str | None:
    candidates: list[str | None] = [obj.get("datePublished") for obj in ld if _is_article(obj)]
    candidates.append(_meta(meta, "article:published_time", "datePublished", "pubdate", "publishdate",
                            "date", "dc.date", "DC.date.issued", "og:published_time"))
    time_tag = soup.find("time", attrs={"datetime": True})
    candidates.append(str(time_tag["datetime"]) if time_tag else None)
    for candidate in candidates:
        if isinstance(candidate, str):
            match = _ISO_DATE.search(candidate)
            if match and valid_date(date := match.group(0).replace(" ", "T")):
                return date
    return None


def _language(soup: BeautifulSoup, meta: dict[str, str]) -> str | None:
    """The language the page's markup declares (a hint: `language.identify` reads the text)."""
    html = soup.find("html")
    value = (html.get("lang") if html else None) or _meta(meta, "og:locale", "language", "content-language")
    return hint_code(str(value)) if value else None


def _canonical(soup: BeautifulSoup, meta: dict[str, str]) -> str | None:
    """The page's own absolute http(s) address: its canonical link, else og:url."""
    link = soup.find("link", rel="canonical")
    for candidate in (str(link.get("href") or "") if link else "", _meta(meta, "og:url") or ""):
        if re.match(r"https?://[^/\s]+", candidate.strip(), re.IGNORECASE):
            return candidate.strip()
    return None


def _site_name(ld: list[dict[str, Any]], meta: dict[str, str]) -> str | None:
    """The publication's name: og:site_name, else the JSON-LD publisher's or website's name."""
    names: list[Any] = [_meta(meta, "og:site_name", "application-name")]
    for obj in ld:
        publisher = obj.get("publisher")
        names.append(publisher.get("name") if _is_article(obj) and isinstance(publisher, dict) else None)
        names.append(obj.get("name") if obj.get("@type") == "WebSite" else None)
    return next((" ".join(name.split()) for name in names if isinstance(name, str) and name.strip()), None)
