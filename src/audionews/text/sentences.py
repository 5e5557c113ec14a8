"""Split a paragraph into sentences: NLTK Punkt with our own news abbreviations, plus rules.

Punkt runs fully offline: no model is downloaded; its parameters (abbreviations, frequent
sentence starters) are built from the word lists in `audionews/data/abbreviations_<lang>.txt`.
On top of Punkt's decisions a few rules fix what it gets wrong in news text:

- a line break after a headline-like line (no final punctuation) ends a sentence;
- a quote ending in ?/! followed by a lower-case word or an attribution ("Why?" he asked.) is one sentence;
- a title (Gen., Mr., St.) never ends a sentence; an abbreviation or initial such as U.S., Inc. or F.
  ends one only when a clear sentence starter follows ("… the U.S. The …", not "U.S. President");
- a quotation closed within the paragraph is never split ("We will win. We always win," he said.);
- a period followed by closing quotes (`."`, `.”`) ends a sentence; a list marker ("1.") does not;
- nothing splits before a lower-case word or inside a token (decimals, times, URLs, e-mail addresses).

Languages without word lists of ours (see `data/`) but known to pysbd (Italian, Russian, Dutch, …)
use pysbd's rules instead; any other language gets Punkt and the rules with empty word lists.

Every character is kept: `" ".join(split_sentences(p)) == " ".join(p.split())`.
"""
from __future__ import annotations

import bisect
import importlib
import importlib.util
import re
import sys
import threading
import types
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pysbd
    from nltk.tokenize.punkt import PunktSentenceTokenizer

_DATA = Path(__file__).with_name("data")
_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{¿¡"
_END = re.compile(r"(?:[.?!]+|…)[" + re.escape(_CLOSERS) + r"]*$")
_CANDIDATE = re.compile(r"(?:[.?!]|…)[" + re.escape(_CLOSERS) + r"]* ")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # U.S, H.R, a.m (final period already removed)
_INITIAL = re.compile(r"^[A-Z]$")
_LIST_MARKER = re.compile(r"^(?:[•⁃▪*-] ?)?\(?(?:\d{1,2}|[A-Za-z]|[ivxIVX]{1,4})(?:\.\)|[.)])$")
_LIST_ITEM = re.compile(r"(?:^|(?<= ))(?:[•⁃▪*-] ?)?\(?(?P<label>\d{1,2}|[a-z])(?:\.\)|[.)])(?= )")
_BRACKETED_ELLIPSIS = re.compile(r"\[(?:\.\.\.|…)\]")
_TRAILING_DOTS = re.compile(r"(?:[.…] ?)+$")
_SPACED_ELLIPSIS_START = re.compile(r"^(?:\. ){3}\.? ?[A-Z]")
_BULLET = re.compile(r"^(?:[-•*–]\s|\(?\d{1,2}[.)]\s)")
_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+){1,4}(?:said|says|asked|asks|added|adds|told|tells|wrote|writes|"
    r"replied|replies|shouted|yelled|explained|continued|recalled|insisted|noted|warned)\b"
)
_CAMEL_CASE = re.compile(r"[a-z]{1,2}[A-Z]\w")  # eBay, iPhone: names that start a sentence in lower case
_ORDINAL_DOT_LANGUAGES = {"de", "da", "nb", "nn", "no", "fi", "is", "et", "lv", "cs", "sk", "sl", "hr", "sr", "bs",
                          "hu", "pl", "tr"}
_STREET_TITLES = ("St", "Dr")  # Saint or Street, Doctor or Drive
_CONTEXT = 300  # characters either side of a possible boundary that the rules look at
_WRAP_WIDTH = 100  # hard-wrapped text has lines no longer than this
_TERMINAL_LINE = re.compile(r"[.?!…:" + re.escape(_CLOSERS) + r"]$")


@dataclass(frozen=True)
class _Lexicon:
    """A language's word lists: which abbreviations exist and how they behave."""

    titles: frozenset[str]
    others: frozenset[str]
    starters: frozenset[str]
    time_words: frozenset[str]
    capitalised: frozenset[str]  # entries that count only when capitalised in the text
    ordinal_dots: bool  # the language writes ordinals as "3." (German and others)

    def kind(self, word: str) -> str | None:
        """'title', 'other' or None for a word without its final period."""
        key = word.lower()
        if key in self.capitalised and not word[:1].isupper():
            return None
        if key in self.titles:
            return "title"
        if key in self.others:
            return "other"
        return None


@lru_cache(maxsize=None)
def _lexicon(language: str) -> _Lexicon:
    sections: dict[str, set[str]] = {"title": set(), "other": set(), "starter": set(), "time": set()}
    capitalised: set[str] = set()
    try:
        text = (_DATA / f"abbreviations_{language}.txt").read_text("utf-8")
    except FileNotFoundError:
        text = ""
    section = "other"
    for line in text.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("[") and entry.endswith("]"):
            section = entry[1:-1]
            continue
        if entry[0].isupper():
            capitalised.add(entry.lower())
        sections.setdefault(section, set()).add(entry.lower())
    return _Lexicon(
        titles=frozenset(sections["title"]),
        others=frozenset(sections["other"]),
        starters=frozenset(sections["starter"]),
        time_words=frozenset(sections["time"]),
        capitalised=frozenset(capitalised),
        ordinal_dots=language in _ORDINAL_DOT_LANGUAGES,
    )


@lru_cache(maxsize=None)
def _punkt(language: str) -> PunktSentenceTokenizer:
    """A Punkt tokenizer whose parameters come from our word lists (no trained model needed)."""
    punkt = _punkt_module()
    lexicon = _lexicon(language)
    params = punkt.PunktParameters()
    params.abbrev_types = {w for w in lexicon.titles | lexicon.others if w not in lexicon.capitalised}
    params.sent_starters = set(lexicon.starters)
    return punkt.PunktSentenceTokenizer(params)


_PUNKT_LOCK = threading.Lock()


@lru_cache(maxsize=None)
def _punkt_module() -> types.ModuleType:
    """NLTK's `nltk.tokenize.punkt`, without NLTK's package `__init__` unless NLTK is imported already.

    `import nltk` imports the whole toolkit (numpy, and hundreds of patterns compiled with `regex`):
    about 0.3 s, five times Punkt and the few modules it needs (nltk.probability, nltk.tokenize.api
    and their helpers). Those are imported here under stand-in `nltk` and `nltk.tokenize` packages,
    and every `nltk` entry this adds to `sys.modules` is taken out again afterwards, so that a later
    `import nltk` anywhere in the process is a whole, ordinary import. Should Punkt ever need more of
    NLTK than that, the ordinary import is used instead.
    """
    with _PUNKT_LOCK:
        spec = importlib.util.find_spec("nltk")
        if "nltk" in sys.modules or spec is None or not spec.submodule_search_locations:
            return importlib.import_module("nltk.tokenize.punkt")
        root = Path(spec.submodule_search_locations[0])
        before = set(sys.modules)
        try:
            for name, folder in (("nltk", root), ("nltk.tokenize", root / "tokenize")):
                package = types.ModuleType(name)
                package.__path__ = [str(folder)]
                sys.modules[name] = package
            return importlib.import_module("nltk.tokenize.punkt")
        except Exception:  # noqa: BLE001 - anything the stand-ins lack: the ordinary import below
            pass
        finally:
            for name in set(sys.modules) - before:
                if name == "nltk" or name.startswith("nltk."):
                    del sys.modules[name]
        return importlib.import_module("nltk.tokenize.punkt")


def split_sentences(paragraph: str, language: str = "en") -> list[str]:
    """Split one paragraph (or a few lines) into sentences, each with single spaces inside."""
    language = (language or "en").split("-")[0].lower()
    sentences: list[str] = []
    for block in _blocks(paragraph):
        sentences.extend(_split_block(block, language))
    return sentences


def _blocks(paragraph: str) -> list[str]:
    """Split at blank lines and at line breaks that end a headline, a list item or a sentence."""
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", paragraph):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        longest = max(len(line) for line in lines)
        current = [lines[0]]
        for previous, line in zip(lines, lines[1:]):
            if _line_break_ends_sentence(previous, line, longest, len(lines)):
                blocks.append(" ".join(current))
                current = []
            current.append(line)
        blocks.append(" ".join(current))
    return blocks


def _line_break_ends_sentence(previous: str, line: str, longest: int, line_count: int) -> bool:
    """Whether a single line break ends a sentence: in hard-wrapped text a full line just goes on."""
    if _BULLET.match(line):
        return True
    starts_sentence = line[0].isupper() or line[0].isdigit() or line[0] in _OPENERS
    if not starts_sentence or previous.endswith((",", ";", "-")):
        return False
    wrapped = longest <= _WRAP_WIDTH and len(previous) >= 0.7 * longest
    if not wrapped or _title_cased(previous) and not _TERMINAL_LINE.search(previous):
        return True
    # A full line without final punctuation over one longer line: a headline over its first sentence.
    return line_count == 2 and len(previous) < len(line) and not _TERMINAL_LINE.search(previous)


def _title_cased(line: str) -> bool:
    words = [word for word in line.split() if len(word) > 3 and word[0].isalpha()]
    return len(words) >= 2 and all(word[0].isupper() for word in words)


def _split_block(block: str, language: str) -> list[str]:
    text = " ".join(block.split())
    if not text:
        return []
    fallback = _pysbd(language)
    if fallback is not None:
        # No word lists of ours for this language: pysbd's rules, cut only where a space is.
        pieces = [piece for chunk in _chunks(text) for piece in fallback.segment(chunk)]
        cuts = [cut for cut in _space_cuts(pieces, text) if not text[cut + 1].islower()]
        return _cut(text, cuts)
    punkt_cuts = {end for _, end in _punkt(language).span_tokenize(text) if end < len(text) and text[end] == " "}
    list_cuts = _list_item_cuts(text)
    quoted = _quotations(text)
    candidates = sorted(
        cut
        for cut in punkt_cuts | list_cuts | {m.end() - 1 for m in _CANDIDATE.finditer(text)}
        if not _inside(cut, quoted)
    )
    lexicon = _lexicon(language)
    cuts: list[int] = []
    for cut in candidates:
        # The rules look only near the cut, so long texts take linear time.
        start = cuts[-1] + 1 if cuts else 0
        left, right = text[max(start, cut - _CONTEXT) : cut], text[cut + 1 : cut + 1 + _CONTEXT]
        if cut in list_cuts or _is_boundary(left, right, cut in punkt_cuts, lexicon):
            cuts.append(cut)
    return _cut(text, cuts)


_CHUNK = 2000  # characters pysbd is given at a time: its time grows faster than the text does


def _chunks(text: str) -> list[str]:
    """`text` in pieces of at most _CHUNK characters, each ending after a likely sentence end (else
    after a space), so a long paragraph costs pysbd a bounded time per piece."""
    chunks: list[str] = []
    start = 0
    while len(text) - start > _CHUNK:
        window = text[start:start + _CHUNK]
        ends = [m.end() for m in _CANDIDATE.finditer(window)]
        cut = ends[-1] if ends and ends[-1] > _CHUNK // 2 else window.rfind(" ") + 1 or _CHUNK
        chunks.append(text[start:start + cut])
        start += cut
    return chunks + [text[start:]]


def _cut(text: str, cuts: list[int]) -> list[str]:
    """The pieces of `text` between the spaces at the sorted positions `cuts`."""
    bounds = [-1, *cuts, len(text)]
    return [text[start + 1 : end] for start, end in zip(bounds, bounds[1:])]


@lru_cache(maxsize=None)
def _pysbd(language: str) -> pysbd.Segmenter | None:
    """pysbd for a language it knows and we have no word lists for; None otherwise."""
    if (_DATA / f"abbreviations_{language}.txt").exists():
        return None
    import pysbd
    from pysbd.languages import LANGUAGE_CODES

    if language not in LANGUAGE_CODES:
        return None
    return pysbd.Segmenter(language=language, clean=False)


def _space_cuts(pieces: list[str], text: str) -> list[int]:
    """Positions of the spaces in `text` at which `pieces` (its sentences, spacing aside) meet."""
    cuts: list[int] = []
    position = 0
    for piece in pieces[:-1]:
        for char in piece:
            if not char.isspace():
                position = text.find(char, position) + 1
                if not position:
                    return cuts  # the piece does not match the text: keep what is sure
        if position < len(text) and text[position] == " ":
            cuts.append(position)
    return cuts


def _quotations(text: str) -> list[tuple[int, int]]:
    """Spans of quotations closed within the text: a quoted passage stays in its sentence (as in pySBD)."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if char not in "\"“”":
            continue
        opening = char == "“" or (char == '"' and (index == 0 or text[index - 1] in " ([{—–-/"))
        if opening:
            opened = index
        elif opened is not None:
            spans.append((opened, index))
            opened = None
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `position` lies strictly inside one of the sorted, disjoint `spans`."""
    index = bisect.bisect_left(spans, (position, position)) - 1
    return index >= 0 and spans[index][0] < position < spans[index][1]


def _list_item_cuts(text: str) -> set[int]:
    """Cuts before the items of a list that opens the text: "1. The first 2. The second"."""
    markers = list(_LIST_ITEM.finditer(text))
    if not markers or markers[0].start() != 0:
        return set()
    cuts: set[int] = set()
    expected = _successor(markers[0].group("label"))
    for marker in markers[1:]:
        if marker.group("label") == expected:
            cuts.add(marker.start() - 1)
            expected = _successor(expected)
    return cuts


def _successor(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def _is_boundary(left: str, right: str, punkt_says: bool, lexicon: _Lexicon) -> bool:
    """Decide whether a sentence ends between `left` (the end of the sentence so far) and `right`."""
    last = left.rsplit(" ", 1)[-1]
    following = right.split(" ", 1)[0]
    first = following.lstrip(_OPENERS)[:1]
    if not _END.search(last) or not first:
        return False
    if _SPACED_ELLIPSIS_START.match(right):
        # "… compounds. . . . The practice …": the period ends the sentence, the ellipsis opens the next.
        word = last[:-1]
        return last.endswith(".") and word[-1:].isalpha() and lexicon.kind(word) is None
    if not first.isalnum():
        return False
    if first.islower() and not _CAMEL_CASE.match(following.lstrip(_OPENERS)):
        return False  # "Why?" he asked. / … and then  (but "… fell. eBay said …")
    if _LIST_MARKER.match(left.strip()) or (_LIST_MARKER.match(last) and left[: -len(last)].rstrip().endswith(":")):
        return False  # "1. Preheat the oven." / "Steps: 1. Preheat …"
    core = last.rstrip(_CLOSERS)
    if _BRACKETED_ELLIPSIS.search(last):
        return False  # "[...]" marks words left out of a quotation
    dots = _TRAILING_DOTS.search(left.rstrip(_CLOSERS))
    dot_count = dots.group().count(".") + 3 * dots.group().count("…") if dots else 0
    if dot_count >= 3:
        # Before a capital, an ellipsis ends a sentence when it is followed by a period or a closing quote,
        # or written onto its word ("rubble... Four"); one standing apart ("is . . . I") marks an omission.
        return dot_count >= 4 or core != last or last.strip(".…") != ""
    if core.endswith(("?", "!")):
        return not _ATTRIBUTION.match(right)
    if core != last:
        return True  # ." and .” end a sentence
    word = core[:-1].lstrip(_OPENERS)
    kind = lexicon.kind(word)
    before = (left[: -len(last)].split() or [" "])[-1][0]
    if kind == "title" and word in _STREET_TITLES and (before.isupper() or before.isdigit()):
        kind = "other"  # Main St., 5th St., Elm Dr.: a street name may end a sentence
    elif kind == "title":
        return False
    if first.isdigit() and (kind or len(word) <= 2 or _ACRONYM.match(word)):
        return False  # No. 5, Jan. 10, p. 55, N°. 12
    ordinal = lexicon.ordinal_dots and word.isdigit() and len(word) <= 3  # German "am 3. Oktober"
    if kind is None and not (_ACRONYM.match(word) or _INITIAL.match(word) or ordinal):
        return punkt_says
    if left.count(" ") < 3:
        return False  # "At 5 a.m. Mr. Smith left.": no sentence ends before "Mr."
    return _starts_sentence(following, word, lexicon)


def _starts_sentence(token: str, previous: str, lexicon: _Lexicon) -> bool:
    """Whether a capitalised token after an abbreviation clearly opens a new sentence."""
    if token[:1] in _OPENERS and token[1:2].isupper():
        return True
    word = re.sub(r"[^\w'’.-]+$", "", token).rstrip(".")
    if not word[:1].isupper():
        return False
    if word.lower() in lexicon.starters:
        return True
    # After a time ("at 9 a.m."), any capitalised word but a time zone, a day or an abbreviation.
    return previous.lower() in ("a.m", "p.m") and word.lower() not in lexicon.time_words and lexicon.kind(word) is None
