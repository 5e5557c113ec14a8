"""Candidate main texts of an HTML page, and the rules that choose between them.

Three independent opinions on which text of a page is the article:

- **precise**: trafilatura in precision mode (`extract.py` runs it). It leaves furniture out best, but
  it takes the first of several sibling body containers, so it can keep half of a split body.
- **generous**: readability-lxml (Arc90's algorithm: the best-scoring container and the siblings that
  score like it). It keeps split bodies and long features whole, and some furniture with them.
- **structured**: the page's own `articleBody` (JSON-LD), complete on pages whose HTML shows only the
  first paragraphs and loads the rest with a script.

`choose` starts from the precise candidate and takes from the others only what the rules below can
explain, each with its reason:

1. The candidates agree (the generous one adds less than `AGREE_SHARE` of the precise one's prose, or
   fewer than `AGREE_WORDS` words): the precise one.
2. The generous one holds the precise one's prose and more article-like prose besides (paragraphs of
   sentences, little link text): the precise one with those paragraphs (and the headings and lists
   among them) put in at their places in the page.
3. They picked different parts of the page and the generous one has far more prose
   (`DISJOINT_RATIO` times): the generous one.
4. The structured body holds the chosen text and much more (`STRUCTURED_RATIO` times its words): the
   structured body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from audionews.model import Paragraph, ParagraphKind
from audionews.text.boilerplate import ends_sentence, interface_reason, normalize, words

AGREE_WORDS = 40
AGREE_SHARE = 0.10
CONTAINED_SHARE = 0.8  # share of the precise prose the generous candidate must hold for rule 2
DISJOINT_RATIO = 1.5
STRUCTURED_RATIO = 1.25
LINKED = 0.5  # a block with at least this share of its words in links is not article text
_PROSE_WORDS = 10


@dataclass
class Candidate:
    """One extractor's main text: its blocks in page order, and the share of each block's words in links."""

    name: str
    blocks: list[Paragraph]
    link_shares: list[float] = field(default_factory=list)

    def link_share(self, index: int) -> float:
        return self.link_shares[index] if index < len(self.link_shares) else 0.0


@dataclass(frozen=True)
class Choice:
    """The blocks to read, which candidate they come from, and why."""

    blocks: list[Paragraph]
    source: str
    reason: str


def is_prose(block: Paragraph) -> bool:
    """A paragraph of article text: sentences of some length, no interface line."""
    return (block.kind == "body" and len(words(block.text)) >= _PROSE_WORDS and ends_sentence(block.text)
            and interface_reason(block.text) is None)


def prose_words(blocks: list[Paragraph]) -> int:
    return sum(len(words(b.text)) for b in blocks if is_prose(b))


def key(text: str) -> str:
    """A text's words, lower case, for matching the same paragraph across candidates."""
    return " ".join(words(normalize(text).lower()))


def choose(precise: Candidate, generous: Candidate | None, structured: Candidate | None) -> Choice:
    """Choose the blocks to read by the rules in the module's docstring."""
    choice = Choice(precise.blocks, precise.name, "the precise extractor's text")
    if generous is not None and generous.blocks:
        choice = _with_generous(precise, generous)
    if structured is not None and structured.blocks:
        base = prose_words(choice.blocks)
        extra = len(words(" ".join(b.text for b in structured.blocks)))
        if base == 0 or (extra >= STRUCTURED_RATIO * base and _held(choice.blocks, structured.blocks) >= CONTAINED_SHARE):
            return Choice(structured.blocks, structured.name,
                          f"the page's articleBody holds {extra} words, the page's HTML {base}")
    return choice


def _with_generous(precise: Candidate, generous: Candidate) -> Choice:
    mine = prose_words(precise.blocks)
    precise_text = f" {' '.join(key(b.text) for b in precise.blocks)} "
    missing = [i for i, b in enumerate(generous.blocks)
               if is_prose(b) and generous.link_share(i) < LINKED and f" {key(b.text)} " not in precise_text]
    added = sum(len(words(generous.blocks[i].text)) for i in missing)
    if added < AGREE_WORDS or added <= AGREE_SHARE * mine:
        return Choice(precise.blocks, precise.name, "the candidates agree")
    if _held(precise.blocks, generous.blocks) >= CONTAINED_SHARE:
        blocks = _merge(precise, generous)
        return Choice(blocks, f"{precise.name}+{generous.name}",
                      f"{generous.name} adds {added} words of prose that {precise.name} left out")
    theirs = prose_words(generous.blocks)
    if theirs >= DISJOINT_RATIO * max(mine, 1):
        return Choice(generous.blocks, generous.name, f"{generous.name} has {theirs} words of prose, "
                                                      f"{precise.name} {mine} from another part of the page")
    return Choice(precise.blocks, precise.name, "the candidates disagree and the precise one has as much prose")


def _held(blocks: list[Paragraph], container: list[Paragraph]) -> float:
    """The share of the prose words of `blocks` whose paragraph occurs in `container`'s text."""
    text = f" {' '.join(key(b.text) for b in container)} "
    prose = [b for b in blocks if is_prose(b)]
    total = sum(len(words(b.text)) for b in prose)
    if not total:
        return 1.0
    return sum(len(words(b.text)) for b in prose if f" {key(b.text)} " in text) / total


def _merge(precise: Candidate, generous: Candidate) -> list[Paragraph]:
    """The precise blocks with the generous candidate's missing runs of article text put in at their places.

    A missing run is a stretch of generous blocks found nowhere in the precise text; of each run, the
    part from its first heading or prose paragraph to its last prose paragraph goes in, without
    blocks that are mostly links or interface lines.
    """
    where: dict[str, list[int]] = {}
    for i, block in enumerate(precise.blocks):
        where.setdefault(key(block.text), []).append(i)
    joined = [key(b.text) for b in precise.blocks]
    inserts: dict[int, list[Paragraph]] = {}
    last = -1
    run: list[int] = []

    def flush() -> None:
        prose = [i for i in run if is_prose(generous.blocks[i]) and generous.link_share(i) < LINKED]
        if prose:
            first = next(i for i in run if i <= prose[0] and (generous.blocks[i].kind == "heading" or i == prose[0]))
            kept = [generous.blocks[i] for i in run if first <= i <= prose[-1] and generous.link_share(i) < LINKED
                    and interface_reason(generous.blocks[i].text) is None]
            inserts.setdefault(last, []).extend(kept)
        run.clear()

    for i, block in enumerate(generous.blocks):
        k = key(block.text)
        position = next((p for p in where.get(k, []) if p > last), None)
        if position is None and len(k) >= 20:
            position = next((p for p in range(last + 1, len(joined)) if k in joined[p] or joined[p] in k and joined[p]),
                            None)
        if position is None:
            run.append(i)
            continue
        flush()
        last = position
    flush()
    result = list(inserts.get(-1, []))
    for i, block in enumerate(precise.blocks):
        result.append(block)
        result.extend(inserts.get(i, []))
    return result


# --- readability-lxml ---------------------------------------------------------------------------

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "dd", "dt", "div", "table", "ul", "ol", "dl", "section", "article", "figure", "figcaption", "header", "footer", "aside"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"figure", "figcaption", "script", "style", "noscript", "template"}


def readability_candidate(markup: str) -> Candidate | None:
    """readability-lxml's main text of the page, as blocks; None when it finds none."""
    from lxml import etree, html
    from readability import Document
    from readability.readability import Unparseable

    try:
        summary = Document(markup).summary(html_partial=True)
        root = html.fromstring(summary)
    except (Unparseable, ValueError, etree.ParserError):
        return None
    candidate = Candidate("readability", [], [])
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS or element.tag in _SKIP:
            continue
        if any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in element.iterdescendants()):
            continue
        if any(a.tag in _SKIP for a in element.iterancestors()):
            continue
        kind: ParagraphKind = "heading" if element.tag in _HEADINGS else "body"
        link_words = sum(len(words(a.text_content())) for a in element.iter("a"))
        for text in _lines(element):
            n = len(words(text))
            if n:
                candidate.blocks.append(Paragraph(text, kind))
                candidate.link_shares.append(min(1.0, link_words / n) if element.tag != "tr" else 0.0)
    return candidate if candidate.blocks else None


def _lines(element: Any) -> list[str]:
    """The element's text as lines: split at <br> where the line before ends a sentence, joined elsewhere."""
    parts: list[str] = []
    _collect(element, parts)
    lines: list[str] = []
    for line in (" ".join(x.split()) for x in normalize("".join(parts)).split("\n")):
        if not line:
            continue
        if lines and not ends_sentence(lines[-1]):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def _collect(element: Any, parts: list[str]) -> None:
    parts.append(element.text or "")
    for child in element:
        if child.tag == "br":
            parts.append("\n")
        elif isinstance(child.tag, str):
            if child.tag in ("td", "th"):
                parts.append(" ")
            _collect(child, parts)
        parts.append(child.tail or "")


_NEWLINES = re.compile(r"\n+")


def structured_candidate(body: str | None) -> Candidate | None:
    """The page's articleBody as a candidate, one block per line."""
    if not body:
        return None
    blocks = [Paragraph(" ".join(line.split())) for line in _NEWLINES.split(normalize(body)) if line.strip()]
    return Candidate("articleBody", blocks) if blocks else None
