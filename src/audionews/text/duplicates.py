"""Duplicate paragraphs: exact and near repeats, and the image caption printed twice in a row.

A standfirst printed twice, a lead repeated as the first body paragraph, a caption shown under
the image and again in a gallery: the fuller copy is kept once, and each drop is recorded.
"""
from __future__ import annotations

import heapq

from audionews.model import Paragraph, Removal
from audionews.text.boilerplate import has_credit, words


def word_key(text: str) -> tuple[str, ...]:
    """The lower-case words of `text`: two texts with the same key say the same thing."""
    return tuple(t.lower() for t in words(text))


def near_duplicate(shorter: str, longer: str) -> bool:
    """True when `shorter` repeats `longer`: same words, the same opening, or nearly all its word pairs."""
    a, b = word_key(shorter), word_key(longer)
    if not a or not b:
        return False
    if a == b:
        return True
    prefix = 0
    for x, y in zip(a, b):
        if x != y:
            break
        prefix += 1
    if prefix >= 12 or (prefix >= 8 and prefix >= 0.6 * len(a)):
        return True
    if len(a) < 6:
        return False
    pairs_b = set(zip(b, b[1:]))
    pairs_a = list(zip(a, a[1:]))
    return sum(p in pairs_b for p in pairs_a) >= 0.85 * len(pairs_a)


def drop_duplicates(paragraphs: list[Paragraph], removed: list[Removal]) -> list[Paragraph]:
    """Drop exact repeats anywhere and near-repeats of a nearby paragraph, keeping the fuller one.

    A short descriptive line printed twice in a row inside the body is an image caption: it is
    kept once, as a caption.
    """
    kept: list[Paragraph | None] = []
    seen: dict[tuple[str, ...], int] = {}
    first_body = _FirstBody(kept)
    for position, paragraph in enumerate(paragraphs):
        key = word_key(paragraph.text)
        if key not in seen:
            seen[key] = len(kept)
            kept.append(paragraph)
            continue
        index = seen[key]
        first = kept[index]
        assert first is not None
        if index == len(kept) - 1 and first.kind == "body" and _looks_like_caption_pair(kept, index, first_body):
            kept[index] = Paragraph(first.text, "caption")
            removed.append(Removal(paragraph.text, "repeated caption"))
        elif first.kind == "caption":
            removed.append(Removal(paragraph.text, "repeated caption"))
        elif first.kind == "body" and _prose_neighbours(paragraphs, position) > _prose_neighbours(kept, index):
            # The earlier copy sits among short items (highlights, teasers): keep the one in the text.
            removed.append(Removal(first.text, f"duplicate of paragraph {len(kept) + 1}"))
            kept[index] = None
            seen[key] = len(kept)
            kept.append(paragraph)
        else:
            removed.append(Removal(paragraph.text, f"duplicate of paragraph {index + 1}"))
    return _drop_near_duplicates([p for p in kept if p is not None], removed)


def _prose_neighbours(paragraphs: list[Paragraph | None], index: int) -> int:
    count = 0
    for j in (index - 1, index + 1):
        if 0 <= j < len(paragraphs):
            p = paragraphs[j]
            count += p is not None and p.kind == "body" and len(words(p.text)) >= 15
    return count


class _FirstBody:
    """Where the first body paragraph kept so far is, kept up to date cheaply as paragraphs are kept,
    dropped or turned into captions (a heap of candidates, stale ones discarded when met)."""

    def __init__(self, kept: list[Paragraph | None]):
        self.kept = kept
        self.heap: list[int] = []
        self.seen = 0

    def before(self, index: int) -> bool:
        """Whether a body paragraph is kept before position `index`."""
        for position in range(self.seen, len(self.kept)):
            heapq.heappush(self.heap, position)
        self.seen = len(self.kept)
        while self.heap and (self.kept[self.heap[0]] is None or self.kept[self.heap[0]].kind != "body"):
            heapq.heappop(self.heap)
        return bool(self.heap) and self.heap[0] < index


def _looks_like_caption_pair(kept: list[Paragraph | None], index: int, first_body: _FirstBody) -> bool:
    """A line printed twice in a row is a caption unless it opens the article (a standfirst)."""
    current = kept[index]
    return first_body.before(index) or (current is not None and has_credit(current.text))


def _drop_near_duplicates(paragraphs: list[Paragraph], removed: list[Removal], window: int = 4) -> list[Paragraph]:
    dropped: set[int] = set()
    for i, first in enumerate(paragraphs):
        if i in dropped or first.kind == "heading":
            continue
        for j in range(i + 1, min(len(paragraphs), i + 1 + window)):
            second = paragraphs[j]
            if j in dropped or second.kind == "heading" or first.kind != second.kind:
                continue
            short, long_ = (i, j) if len(first.text) <= len(second.text) else (j, i)
            if near_duplicate(paragraphs[short].text, paragraphs[long_].text):
                dropped.add(short)
                removed.append(Removal(paragraphs[short].text, f"near-duplicate of paragraph {long_ + 1}"))
                if short == i:
                    break
    return [p for k, p in enumerate(paragraphs) if k not in dropped]


_OPENING_QUOTES = "\"“„«‹‘'「『"


_ANCHOR_WORDS = 4  # a pull quote is found by its first words' places in the other paragraphs ...
_ANCHOR_CHECKS = 64  # ... of which at most this many are compared, so that repetitive text stays linear


def drop_pull_quotes(paragraphs: list[Paragraph], removed: list[Removal]) -> list[Paragraph]:
    """Drop a short quotation standing as a paragraph whose words all stand, in order, inside a longer
    paragraph: a pull quote that repeats a line of the article in large type. (Only quotations: a short
    line of plain text repeated in a longer paragraph can be the article's own, a subheading or a lead.)"""
    keys = [word_key(p.text) for p in paragraphs]
    anchors: dict[tuple[str, ...], list[tuple[int, int]]] = {}  # first words → (paragraph, word) where they stand
    for j, (paragraph, key) in enumerate(zip(paragraphs, keys)):
        if paragraph.kind == "body":
            for start in range(len(key) - _ANCHOR_WORDS + 1):
                anchors.setdefault(key[start:start + _ANCHOR_WORDS], []).append((j, start))
    kept = []
    for i, paragraph in enumerate(paragraphs):
        key = keys[i]
        if (paragraph.kind == "body" and _ANCHOR_WORDS <= len(key) <= 40 and paragraph.text[:1] in _OPENING_QUOTES
                and any(j != i and len(keys[j]) > len(key) and keys[j][start:start + len(key)] == key
                        for j, start in anchors.get(key[:_ANCHOR_WORDS], [])[:_ANCHOR_CHECKS])):
            removed.append(Removal(paragraph.text, "pull quote repeating the text"))
        else:
            kept.append(paragraph)
    return kept
