"""Lines of a plain-text scrape: rejoin what a scraper or a wrap broke apart.

A whole-page text scrape breaks paragraphs in ways a reader never sees: at fixed-width wraps,
at the source's own line breaks (indented continuation lines), and at inline elements (a link,
italics, a quotation in its own tag). `split_lines` undoes those breaks by the shape of the
lines alone, so that each returned line is a paragraph, a heading or a piece of furniture.
"""
from __future__ import annotations

import re

from audionews.text.boilerplate import (
    CAPTION_LABEL,
    SENTENCE_END,
    UNSPACED,
    has_credit,
    interface_reason,
    normalize,
    words,
)

_JOINS_LEFT = re.compile(r"^[,.;:!?)\]’”»'%]")
_OPENING_QUOTES = "“«„‘\"'"
_ABBREVIATION_IN_PARENS = re.compile(r"^\([A-ZÀ-Ý0-9]{2,8}\)")  # "(CNIL), qui …" after the name it abbreviates
# Lower-case function words that do not end a block of text, in the languages detect_language knows.
_FUNCTION_WORDS = frozenset(
    "a an the of to and or in on at by for from with as than that which who whose "
    "de des du la le les et ou à au aux en par pour sur dans avec que qui dont un une "
    "el los las del y o al con por para en que un una "
    "der die das des dem den und oder von zu mit für auf im in ein eine einen dass "
    "il lo gli di da e che con per su nel della "
    "os as do da dos das e em no na com por para que um uma "
    "het een van en of op te met voor".split())
_DASH_START = re.compile(r"^[—–] ")
_OPENS = re.compile(r"[(\[‘“]$")


def split_lines(text: str) -> list[str]:
    """The non-empty lines of `text`, with paragraphs that a scraper broke apart joined again.

    Wrapped and indented source lines are joined first (`_unwrap`). Then a line that stops
    mid-sentence is joined to the next when the next starts with a lower-case letter or closing
    punctuation, or is a short link-like run of words followed by such a line; a dash line joins
    an upper-case dateline ("WASHINGTON" + "— The president …"); and, where no empty line comes
    between them, a line broken at an inline element goes on in the next (`_inline_break`).
    """
    rows: list[str] = []
    after_blank: list[bool] = []  # the row follows an empty line: a scraper never splits a sentence there
    blank = False
    for raw in _unwrap(text).split("\n"):
        for row in normalize(raw).split("\n"):
            if row and rows and _is_drop_cap(rows[-1]) and row[0].islower():
                rows[-1] += row  # "Z" + "imbabwe President …": a drop cap set in its own element
            elif row:
                rows.append(row)
                after_blank.append(blank)
        blank = not raw  # a line of spaces is the space between two inline elements, not a break
    lines: list[str] = []
    i = 0
    while i < len(rows):
        current = rows[i]
        i += 1
        while i < len(rows) and not SENTENCE_END.search(current) and interface_reason(current) is None:
            following = rows[i]
            if (_starts_continuation(following) or (_DASH_START.match(following) and _is_dateline(current))
                    or (not after_blank[i] and _inline_break(current, following))):
                current = _glue(current, following)
                i += 1
            elif (i + 1 < len(rows) and len(words(following)) <= 6 and _starts_continuation(rows[i + 1])
                  and interface_reason(following) is None and current[-1].islower()):
                current = _glue(_glue(current, following), rows[i + 1])
                i += 2
            else:
                break
        lines.append(current)
    return lines


def _unwrap(text: str) -> str:
    """Join the lines of text wrapped at a fixed width (text converters, e-mail, formatted source).

    Two kinds of wrapping are undone. Text wrapped at a fixed width: the width is found from the
    text itself (see `_wrap_width`), and a line is joined to the next when the next line's first
    word would not have fitted on it, exactly where a greedy wrap breaks. Indented source: the
    lines of a paragraph that the page's source broke keep their indentation in a scrape of its
    text nodes (see `_indented_continuation`). Never across a blank line.
    """
    raw = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(8).split("\n")
    lengths = [len(line.rstrip()) for line in raw]
    width = _wrap_width(raw, lengths)
    out: list[str] = []
    for i, line in enumerate(raw):
        if i and ((width is not None and _breaks_at_width(raw, lengths, i - 1, width))
                  or _indented_continuation(raw[i - 1], out[-1], line)):
            left, right = out[-1].rstrip(), line.strip()
            # Chinese and Japanese are written without spaces: a wrapped line goes on without one.
            space = "" if left and right and UNSPACED.match(left[-1]) and UNSPACED.match(right[0]) else " "
            out[-1] = left + space + right
        else:
            out.append(line)
    return "\n".join(out)


_OPEN_DASH = re.compile(r"\s(?:—|–|--)$")  # "CAIRO —" before the rest of the dateline's sentence


def _indented_continuation(previous: str, joined: str, line: str) -> bool:
    """In a scrape of indented page source, a paragraph's wrapped lines keep their indentation.

    The indented line right under a non-blank line goes on with it when the text so far stops
    mid-sentence, or when both lines have the same indentation (the middle of a wrapped
    paragraph). A paragraph whose first line alone is indented (an indented first line in plain
    prose) is left alone: the line above it ends a sentence and is not indented the same.
    """
    indent = len(line) - len(line.lstrip())
    if not indent or not line.strip() or not previous.strip():
        return False
    text = joined.rstrip()
    if indent == 1:  # one space: text after an inline element, joined only after an open dash
        return bool(_OPEN_DASH.search(text))
    previous_indent = len(previous) - len(previous.lstrip())
    return not SENTENCE_END.search(text) or previous_indent == indent


def _breaks_at_width(raw: list[str], lengths: list[int], i: int, width: int) -> bool:
    """Line i ends where a wrap at `width` would end it: the next line's first word did not fit."""
    following = raw[i + 1].split(maxsplit=1) if i + 1 < len(raw) else []
    return bool(following) and lengths[i] >= 0.6 * width and lengths[i] + 1 + len(following[0]) > width


def _wrap_width(raw: list[str], lengths: list[int]) -> int | None:
    """The column at which the text was wrapped, or None when it was not wrapped.

    Candidate: a high percentile of the long lines' lengths. It is the wrap width when at least
    three lines close to it, each with more text under it, end exactly where a wrap would end
    them, and most such lines do.
    """
    long_lines = sorted(n for n in lengths if n >= 40)
    if len(long_lines) < 4:
        return None
    width = long_lines[int(0.9 * (len(long_lines) - 1))]
    # A line followed by a blank line ends its paragraph wherever it stops: it says nothing of the wrap.
    near = [i for i, n in enumerate(lengths)
            if width - 20 <= n <= width and i + 1 < len(raw) and raw[i + 1].strip()]
    breaks = sum(_breaks_at_width(raw, lengths, i, width) for i in near)
    return width if width <= 200 and breaks >= 3 and breaks >= 0.6 * len(near) else None


def _is_drop_cap(row: str) -> bool:
    return len(row) == 1 and row.isupper()


def _inline_break(line: str, following: str) -> bool:
    """A scraper broke the sentence at an inline element (italics, bold, a link) that is not at its start."""
    if interface_reason(following) is not None or CAPTION_LABEL.match(line) or has_credit(line):
        return False
    abbreviation = bool(_ABBREVIATION_IN_PARENS.match(following)) and line[-1].islower()
    return abbreviation or _stops_mid_phrase(line) or _quote_goes_on(line, following)


def _stops_mid_phrase(line: str) -> bool:
    """The line cannot end a block: it stops on a comma or a function word ("… the", "… de")."""
    tokens = words(line)
    return bool(tokens) and (line.endswith(",") or (len(tokens) >= 4 and tokens[-1] in _FUNCTION_WORDS))


def _quote_goes_on(line: str, following: str) -> bool:
    """A long line that stops mid-sentence, then a quotation set apart by a scraper (italics, a link)."""
    return len(words(line)) >= 8 and line[-1].islower() and following[:1] in _OPENING_QUOTES


def _is_dateline(line: str) -> bool:
    return line.isupper() and len(words(line)) <= 3


def _starts_continuation(line: str) -> bool:
    if _JOINS_LEFT.match(line) and not words(line):  # the "." or ")," after a link
        return True
    return (line[0].islower() or bool(_JOINS_LEFT.match(line))) and interface_reason(line) is None


def _glue(left: str, right: str) -> str:
    drop_cap = len(left) == 1 and left.isalpha()
    unspaced = bool(UNSPACED.match(left[-1:]) and UNSPACED.match(right[:1]))
    return left + ("" if drop_cap or unspaced or _JOINS_LEFT.match(right) or _OPENS.search(left) else " ") + right
