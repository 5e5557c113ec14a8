"""Cover art for an episode or a feed: a square PNG with the title, the source and the date in large type.

    >>> png = cover_png(CoverText("Storm closes the port", "voanews.com", "2026-12-06"))

The picture is COVER_SIZE px square (podcast directories want 1400–3000 px), white bold type on a dark
background, so the title stays readable as a 55 px thumbnail. A long title wraps (words, or characters
for scripts written without spaces) and its last line ends with an ellipsis rather than overflow.
Each text is drawn with the first installed font whose character map has every one of its characters
(Debian's Noto fonts, then DejaVu); a title no font covers, or one in a script that needs shaping when
Pillow has no shaping engine (raqm), is replaced by the source's name — never boxes of missing glyphs.
The same inputs give the same bytes, so `cached_cover` can name the file by a hash of them.
"""
from __future__ import annotations

import hashlib
import io
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from audionews.errors import OutputError

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

COVER_SIZE = 1400
MARGIN = 110
BACKGROUND = (16, 32, 56)
INK = (255, 255, 255)
ACCENT = (255, 214, 102)
TITLE_SIZES = (150, 130, 112, 96)  # the largest that fits in TITLE_LINES lines wins; else the smallest, cut
TITLE_LINES = 5
SOURCE_SIZE = 84
DATE_SIZE = 68
BRAND = "audionews"
LAYOUT_VERSION = "1"  # part of the cache key: change it when the drawing changes
# Bold fonts, most general first; a text takes the first that has all its characters.
FONT_FILES = (
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansHebrew-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansBengali-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansThai-Bold.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)
# Scripts whose letters change shape or order with their neighbours: drawn only with a shaping engine.
_SHAPED_SCRIPTS = ("ARABIC", "HEBREW", "DEVANAGARI", "BENGALI", "THAI", "SYRIAC", "THAANA", "TAMIL", "GURMUKHI")


@dataclass(frozen=True)
class CoverText:
    title: str
    source: str  # the site's or the feed's name
    date: str = ""  # as shown, e.g. "2026-12-06"


@dataclass(frozen=True)
class DrawnLine:
    """One line of text as drawn: its text, the font file used and its box (left, top, right, bottom)."""

    text: str
    font: str
    box: tuple[int, int, int, int]


def cover_png(text: CoverText, size: int = COVER_SIZE) -> bytes:
    """The cover as PNG bytes."""
    return draw_cover(text, size)[0]


def draw_cover(text: CoverText, size: int = COVER_SIZE) -> tuple[bytes, list[DrawnLine]]:
    """The cover as PNG bytes and the lines drawn on it (for checking that they fit)."""
    from PIL import Image, ImageDraw

    scale = size / COVER_SIZE
    image = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = round(MARGIN * scale)
    width = size - 2 * margin
    drawn: list[DrawnLine] = []
    top = margin

    brand = _fitting_lines(BRAND, round(64 * scale), width, 1)
    top = _draw_lines(draw, brand, margin, top, ACCENT, drawn) + round(60 * scale)

    source = _drawable(text.source) or BRAND
    title = _drawable(text.title) or source
    bottom_lines = [(source, round(SOURCE_SIZE * scale), ACCENT)]
    if text.date and _drawable(text.date):
        bottom_lines.append((text.date, round(DATE_SIZE * scale), INK))
    footer = [(_fitting_lines(value, px, width, 1), colour) for value, px, colour in bottom_lines]
    footer_height = sum(_height(lines) for lines, _ in footer) + round(24 * scale) * (len(footer) - 1)
    footer_top = size - margin - footer_height

    room = footer_top - round(60 * scale) - top
    for px in TITLE_SIZES:
        lines = _fitting_lines(title, round(px * scale), width, TITLE_LINES)
        if _height(lines) <= room and not lines[-1][0].endswith("…"):
            break
    while _height(lines) > room and len(lines) > 1:
        lines = _fitting_lines(title, round(TITLE_SIZES[-1] * scale), width, len(lines) - 1)
    _draw_lines(draw, lines, margin, top, INK, drawn)

    y = footer_top
    for lines, colour in footer:
        y = _draw_lines(draw, lines, margin, y, colour, drawn) + round(24 * scale)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue(), drawn


def cached_cover(text: CoverText, folder: Path, size: int = COVER_SIZE) -> Path:
    """The cover's PNG in folder, named by a hash of what made it; drawn only when not there yet."""
    from audionews.outputs.export import write_atomically

    key = hashlib.sha256("\n".join([LAYOUT_VERSION, str(size), text.title, text.source, text.date]).encode())
    path = folder / f"cover-{key.hexdigest()[:24]}.png"
    if not path.is_file():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"Cannot create {folder} for cover art ({error.strerror}).") from error
        write_atomically(path, cover_png(text, size))
    return path


def font_for(text: str) -> str | None:
    """The first installed font file whose character map has every character of text, or None."""
    needed = {ord(character) for character in text if not character.isspace()
              and unicodedata.category(character) not in ("Cf", "Mn", "Cc")}
    for path in FONT_FILES:
        if Path(path).is_file() and needed <= _characters(path):
            return path
    return None


def missing_characters(text: str, font: str) -> set[str]:
    """The characters of text (but spaces and formatting marks) that font's character map lacks."""
    have = _characters(font)
    return {character for character in text if not character.isspace()
            and unicodedata.category(character) not in ("Cf", "Cc") and ord(character) not in have}


@lru_cache(maxsize=None)
def _characters(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=0, lazy=True)
    return frozenset(font.getBestCmap())


def _drawable(text: str) -> str | None:
    """text with its spaces tidied, or None when no font has all its characters or it needs shaping we lack."""
    text = " ".join(text.split())
    if not text or font_for(text + "…") is None:
        return None
    if _needs_shaping(text) and not _can_shape():
        return None
    return text


def _needs_shaping(text: str) -> bool:
    return any(unicodedata.name(character, "").startswith(_SHAPED_SCRIPTS) for character in text)


@lru_cache(maxsize=1)
def _can_shape() -> bool:
    from PIL import features

    return bool(features.check("raqm"))


@lru_cache(maxsize=64)
def _font(path: str, px: int) -> FreeTypeFont:
    from PIL import ImageFont

    engine = ImageFont.Layout.RAQM if _can_shape() else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, px, layout_engine=engine)


def _fitting_lines(text: str, px: int, width: int, max_lines: int) -> list[tuple[str, FreeTypeFont, str]]:
    """text wrapped to width in at most max_lines lines, the last ending with "…" when it was cut:
    (line, font, font file) for each line."""
    path = font_for(text + "…")
    if path is None:  # only for the brand and dates, which every font has
        raise OutputError(f"No installed font can draw {text!r}; install fonts-noto-core.")
    font = _font(path, px)

    def fits(line: str) -> bool:
        return font.getlength(line) <= width

    lines: list[str] = []
    for token in _tokens(text):
        candidate = (lines[-1] + token) if lines else token.lstrip()
        if lines and fits(candidate.rstrip()):
            lines[-1] = candidate
        elif not lines and fits(candidate.rstrip()):
            lines.append(candidate)
        else:
            lines.append(token.lstrip())
            while not fits(lines[-1].rstrip()):  # one word wider than the line: split it by characters
                word = lines[-1]
                cut = max(1, max(n for n in range(1, len(word) + 1) if n == 1 or fits(word[:n])))
                lines[-1:] = [word[:cut], word[cut:]]
    lines = [line.strip() for line in lines if line.strip()]
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and not fits(last.rstrip(" ,;:.-—–") + "…"):
            last = last[:-1]
        lines = lines[:max_lines - 1] + [last.rstrip(" ,;:.-—–") + "…"]
    return [(line, font, path) for line in lines]


def _tokens(text: str) -> list[str]:
    """Wrapping units: words with their leading space, and each character of scripts without spaces."""
    tokens: list[str] = []
    for index, word in enumerate(text.split(" ")):
        prefix = " " if index else ""
        if any(_is_wide(character) for character in word):
            pieces = list(word)
            tokens.extend([prefix + pieces[0], *pieces[1:]])
        else:
            tokens.append(prefix + word)
    return tokens


def _is_wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F")


def _height(lines: list[tuple[str, FreeTypeFont, str]]) -> int:
    return sum(_line_height(font) for _, font, _ in lines)


def _line_height(font: FreeTypeFont) -> int:
    return round(font.size * 1.3)


def _draw_lines(draw, lines: list[tuple[str, FreeTypeFont, str]], left: int, top: int,  # type: ignore[no-untyped-def]
                colour: tuple[int, int, int], drawn: list[DrawnLine]) -> int:
    """Draw the lines from top down; return the y below the last one."""
    rtl = any(_is_rtl(line) for line, _, _ in lines)
    right = draw.im.size[0] - left
    for line, font, path in lines:
        x = left
        if rtl:
            x = right - round(font.getlength(line))
        draw.text((x, top), line, font=font, fill=colour)
        box = draw.textbbox((x, top), line, font=font)
        drawn.append(DrawnLine(line, path, tuple(round(v) for v in box)))  # type: ignore[arg-type]
        top += _line_height(font)
    return top


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(character) in ("R", "AL") for character in text)
