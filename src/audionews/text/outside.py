"""What the extractor left outside an HTML page's main text, summarised as one `Removal`.

Cleaning records every block it drops with its reason; the extractor's choice of the main text drops
whole regions of the page (menus, sidebars, footers, comment sections, and any article text it
missed) without a word. `outside_summary` puts those on record too: "outside the main text: N
paragraphs, M words", with the first words of each block, so `--removed`, the JSON and the player can
tell the listener what was skipped.
"""
from __future__ import annotations

from audionews.model import Removal
from audionews.text.boilerplate import normalize, split_glued_credit, strip_caption_label, words

FIRST_WORDS = 6


def _key(text: str) -> str:
    """The words of a block as it is read: a caption without its label and its credit."""
    caption = strip_caption_label(split_glued_credit(normalize(text))[0])
    return " ".join(words(caption.lower()))


def outside_summary(page_blocks: list[str], read: list[str], removed: list[Removal]) -> Removal | None:
    """One removal summing up the page's blocks that are neither read (`read`: the title and the
    paragraphs) nor already recorded in `removed`; None when there are none."""
    heard = f" {' '.join(_key(text) for text in read)} "
    recorded = {_key(r.text) for r in removed}
    outside: list[str] = []
    for block in page_blocks:
        key = _key(block)
        if key and f" {key} " not in heard and key not in recorded:
            outside.append(block)
    if not outside:
        return None
    total = sum(len(words(block)) for block in outside)
    starts = []
    for block in outside:
        tokens = block.split()
        starts.append(" ".join(tokens[:FIRST_WORDS]) + (" …" if len(tokens) > FIRST_WORDS else ""))
    return Removal(" / ".join(starts), f"outside the main text: {_count(len(outside), 'paragraph')}, "
                                        f"{_count(total, 'word')}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
