"""Where quotations are: quotation marks paired into spans, paragraph by paragraph.

Curly, straight and angle marks are told apart from apostrophes (Smith's, '90s, rock 'n' roll,
runnin') by what stands on either side of them. A quote that a paragraph opens and does not close
runs on into the next paragraph only when that paragraph re-opens it (the newspaper convention);
otherwise it ends with its paragraph, so a stray mark cannot swallow the rest of the article.
Quotes inside a quote belong to it. Interview layouts (`KERRY: …`, `Q: …`) are found here too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from audionews.quotes.lexicon import lexicon

DOUBLE_MARKS = '"“”„‟«»〝〞＂'
SINGLE_MARKS = "'‘’‚‛‹›"
_OPENING_GLYPHS = "“„‟«〝‘‚‛‹`"
_BEFORE_OPENING = " \t\n([{—–-/:" + DOUBLE_MARKS + SINGLE_MARKS
_AFTER_CLOSING = " \t\n.,;:!?)]}—–-…" + DOUBLE_MARKS + SINGLE_MARKS
_ELISION_RE = re.compile(r"[‘’'](?:\d\d|em\b|cause\b|til\b|tis\b|twas\b|bout\b|kay\b)", re.IGNORECASE)
_INNER_N_RE = re.compile(r"(?<=\w )[‘’']n[‘’'](?= \w)")
_LABEL_RE = re.compile(
    r"^(?P<mark>[\"“])?(?P<label>Q|A|[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){0,3})\s?:\s+(?=\S)"
)
# A label inside a paragraph, after a sentence's end: "… treaty? DOE: We will …" (capitals, or Q and A).
_INLINE_LABEL_RE = re.compile(r"(?<=[.?!])[\"”’)]?\s+(?P<label>Q|A|[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,2}):\s+(?=\S)")
_STAGE_DIRECTION_RE = re.compile(r"^\W*[(\[][^()\[\]]*[)\]]\W*$")


@dataclass(frozen=True)
class Span:
    """One stretch of quoted words in one paragraph, marks included: text[start:end].

    `continues` says the previous paragraph's quote runs on into this one; `open_end` that this
    one runs on into the next. `label` is a transcript turn's speaker label ("KERRY", "Q").
    """

    paragraph: int
    start: int
    end: int
    continues: bool = False
    open_end: bool = False
    label: str | None = None
    closed: bool = True


@dataclass(frozen=True)
class _Mark:
    pos: int
    width: int
    double: bool
    can_open: bool
    can_close: bool


def find_spans(paragraphs: Sequence[str], title: str = "") -> list[Span]:
    """All top-level quote spans and transcript turns of the paragraphs, in reading order (`title`: the
    article's headline, whose names a turn's label may stand for)."""
    turns = _transcript_turns(paragraphs, title)
    spans: list[Span] = []
    carried = False
    for index, text in enumerate(paragraphs):
        if index in turns:
            spans.extend(turns[index])
            # a transcript quoted whole (`"WALLACE: …`) runs on into a paragraph that re-opens the mark
            carried = turns[index][-1].open_end and _starts_with_opening_mark(
                paragraphs[index + 1] if index + 1 < len(paragraphs) else "", True) and index + 1 not in turns
            continue
        if _STAGE_DIRECTION_RE.match(text):
            continue  # "(CROSSTALK.)", [applause]: nobody's words
        next_text = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        found = _pair(text, index, carried)
        if found and found[-1].open_end:
            last = found[-1]
            reopened = _starts_with_opening_mark(next_text, _is_double(text, last.start))
            if not reopened:
                found[-1] = Span(index, last.start, last.end, last.continues, False, None, closed=False)
            carried = reopened and index + 1 not in turns
        else:
            carried = False
        spans.extend(found)
    return spans


def _is_double(text: str, pos: int) -> bool:
    return text[pos] in DOUBLE_MARKS or text[pos:pos + 2] in {"``", "''"}


def _starts_with_opening_mark(text: str, double: bool) -> bool:
    text = text.lstrip()
    marks = [m for m in _classify(text[:3]) if m.pos == 0 and m.can_open]
    return bool(marks) and marks[0].double == double


def _classify(text: str) -> list[_Mark]:
    """Every quotation mark that can open or close a quote, apostrophes left out."""
    elided = {m.start() for m in _ELISION_RE.finditer(text)}
    elided |= {m.start() for m in _INNER_N_RE.finditer(text)} | {m.end() - 1 for m in _INNER_N_RE.finditer(text)}
    marks: list[_Mark] = []
    pos = 0
    while pos < len(text):
        char, width = text[pos], 2 if text[pos:pos + 2] in {"``", "''"} else 1  # old wire style: ``…''
        double = char in DOUBLE_MARKS or width == 2
        if not double and char not in SINGLE_MARKS + "`":
            pos += 1
            continue
        before = text[pos - 1] if pos else " "
        after = text[pos + width] if pos + width < len(text) else " "
        if not double and (before.isalnum() and after.isalnum() or pos in elided or char == "`"):
            pos += width
            continue  # an apostrophe: Smith's, don't, '90s, rock 'n' roll
        can_open = not after.isspace() and (before in _BEFORE_OPENING or before.isspace())
        can_close = not before.isspace() and (after in _AFTER_CLOSING or after.isspace())
        if not can_open and not can_close and after.isalpha() and (char in "”»" or before in ",.?!"):
            can_close = True  # the space after a closing mark lost: `…,”Clinton said`, `…,"Katie Packer said`
        if can_open and can_close:  # a mark between two marks or two punctuation signs
            can_open, can_close = char in _OPENING_GLYPHS, char not in _OPENING_GLYPHS
        inches = double and before.isdigit() and not can_open and after in " ,.;"  # a 6'2" player
        if (can_open or can_close) and not inches:
            marks.append(_Mark(pos, width, double, can_open, can_close))
        pos += width
    return marks


def _pair(text: str, index: int, carried: bool) -> list[Span]:
    marks = _classify(text)
    closing_later = _single_closing_later(marks)
    spans: list[Span] = []
    open_mark: _Mark | None = None
    depth = 0
    continues = False
    for k, mark in enumerate(marks):
        if open_mark is None:
            if mark.can_open and (mark.double or closing_later[k]):
                open_mark, depth = mark, 1
                continues = carried and not spans and not text[:mark.pos].strip()
            elif mark.double and mark.can_close and not spans and not carried:
                # a closing mark whose opening one was lost: the quote ran from the paragraph start
                spans.append(Span(index, 0, mark.pos + mark.width, closed=False))
            continue
        if mark.double != open_mark.double:
            continue  # a quote inside the quote
        if not mark.double and _plural_possessive(text, mark.pos) and closing_later[k]:
            continue  # the players’ decision
        if mark.can_close:
            depth -= 1
            if depth == 0:
                spans.append(Span(index, open_mark.pos, mark.pos + mark.width, continues))
                open_mark = None
        elif mark.can_open:
            depth += 1
    if open_mark is not None:
        spans.append(Span(index, open_mark.pos, len(text.rstrip()), continues, open_end=True))
    return spans


def _plural_possessive(text: str, pos: int) -> bool:
    return text[pos - 1:pos] == "s" and bool(re.match(r" [a-z]", text[pos + 1:pos + 3]))


def _single_closing_later(marks: list[_Mark]) -> list[bool]:
    """For each mark, whether a single mark that can close comes after it."""
    later, found = [False] * len(marks), False
    for k in range(len(marks) - 1, -1, -1):
        later[k] = found
        found = found or not marks[k].double and marks[k].can_close
    return later


def _transcript_turns(paragraphs: Sequence[str], title: str = "") -> dict[int, list[Span]]:
    """The turns of paragraphs that start with a speaker label (after an opening mark when the whole
    transcript is quoted) or hold labels after a sentence's end (`… treaty? DOE: We will …`), when the
    article reads like a transcript."""
    labels: dict[int, list[tuple[str, int, int]]] = {}  # paragraph → (label, where it starts, where its words do)
    quoted: set[int] = set()
    for index, text in enumerate(paragraphs):
        found: list[tuple[str, int, int]] = []
        match = _LABEL_RE.match(text)
        if match and (text[match.end()] not in DOUBLE_MARKS + SINGLE_MARKS or _is_interview_label(match.group("label"))):
            found.append((match.group("label"), 0, match.end()))  # (`Name: "…"` is a colon quote, found with the marks)
            if match.group("mark") is not None and not any(m.can_close and m.double for m in _classify(text)):
                quoted.add(index)
        for inline in _INLINE_LABEL_RE.finditer(text, found[0][2] if found else 0):
            if inline.group("label").isupper():
                found.append((inline.group("label"), inline.start("label"), inline.end()))
        if found:
            labels[index] = found
    unlabelled = "\n".join(_unlabelled(text, labels.get(i, [])) for i, text in enumerate(paragraphs))
    used = set(re.findall(r"\w+", f"{title}\n{unlabelled}")) if labels else set()
    turns: dict[int, list[Span]] = {}
    for index, found in labels.items():
        found = [f for f in found if _looks_like_speaker(f[0], used)]
        text = paragraphs[index]
        ends = [start for _, start, _ in found[1:]] + [len(text.rstrip())]
        spans = [Span(index, words, len(text[:end].rstrip()), label=label) for (label, _, words), end in zip(found, ends)]
        if spans and index in quoted:
            spans[-1] = Span(index, spans[-1].start, spans[-1].end, open_end=True, label=spans[-1].label)
        if spans:
            turns[index] = spans
    count = sum(len(spans) for spans in turns.values())
    asks = any(_is_interview_label(s.label or "") for spans in turns.values() for s in spans)
    return turns if asks or count >= 2 else {}


def _unlabelled(text: str, labels: list[tuple[str, int, int]]) -> str:
    """The paragraph without its turns' labels."""
    pieces, cursor = [], 0
    for _, start, words in labels:
        pieces.append(text[cursor:start])
        cursor = words
    return "".join(pieces) + text[cursor:]


def _looks_like_speaker(label: str, used: set[str]) -> bool:
    """Q/A, a name the article uses elsewhere (Kerry: for John Kerry; `used` holds the article's words
    outside labels), or a label in capitals (KERRY:) that is not an everyday heading word (UPDATE:, PRICE:)."""
    words = label.lower().replace("’", "'").split()
    parts = re.findall(r"\w+", words[-1].capitalize())
    if _is_interview_label(label) or parts and all(part in used for part in parts):
        return True
    return label.isupper() and words[0] not in lexicon().not_speaker_labels and words[-1] not in lexicon().not_speaker_labels


def _is_interview_label(label: str) -> bool:
    return label.lower() in lexicon().asker_labels | lexicon().answer_labels


def is_asker(label: str) -> bool:
    return label.lower() in lexicon().asker_labels


def is_answerer(label: str) -> bool:
    return label.lower() in lexicon().answer_labels
