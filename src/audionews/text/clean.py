"""Clean article text: Unicode, interface lines, bylines, duplicates, captions, the headline.

Two entry points share one set of rules:

- `clean_text(text)` turns a whole-page plain-text scrape (menus, share lines, footers and all)
  into a title and paragraphs: it finds the article body as the densest run of sentence-like
  lines, then keeps headings and captions inside it and drops everything else.
- `clean_blocks(blocks, title)` tidies the paragraphs an HTML extractor already chose.

Rules are general (line shape, a vocabulary of interface words, photo-credit patterns),
never a site's exact strings. Every drop is recorded as a `Removal` with its reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from audionews.model import Paragraph, ParagraphKind, Removal
from audionews.text.boilerplate import (
    CAPTION_LABEL,
    END_MARKER,
    POST_SIGNATURE,
    SENTENCE_END,
    SOURCE_LABEL,
    UI_PHRASES,
    byline_name,
    detect_language,
    ends_sentence,
    has_credit,
    interface_reason,
    is_agency_signature,
    is_byline,
    is_credit_only,
    is_date_line,
    normalize,
    split_glued_credit,
    stopword_ratio,
    strip_caption_label,
    words,
)
from audionews.text.duplicates import drop_duplicates, drop_pull_quotes, near_duplicate, word_key
from audionews.text.lines import split_lines

__all__ = [
    "Cleaned", "byline_name", "clean_blocks", "clean_text", "detect_language", "drop_author_bio",
    "drop_duplicates", "ends_sentence", "has_credit", "interface_reason", "is_byline", "is_credit_only",
    "is_date_line", "near_duplicate", "normalize", "split_lines", "strip_caption_label", "words",
]

# --- Plain text -------------------------------------------------------------------------------


@dataclass
class Cleaned:
    """The result of cleaning: what to read, and what was dropped and why."""

    title: str
    paragraphs: list[Paragraph]
    byline: str | None = None
    language: str = "en"
    removed: list[Removal] = field(default_factory=list)


@dataclass
class _Line:
    text: str
    n: int
    reason: str | None  # set when the line is page furniture
    sentence: bool  # ends like a sentence


def _is_end_marker(line: _Line) -> bool:
    return line.n <= 12 and bool(END_MARKER.match(line.text))


def _line_score(line: _Line, language: str) -> float:
    """How much a line looks like article body: positive for prose, negative for furniture."""
    if _is_end_marker(line):
        return -25.0
    if line.reason:
        return -8.0
    if line.sentence and line.n >= 8:
        ratio = stopword_ratio(line.text, language)
        return float(line.n) if ratio >= 0.12 else line.n * 0.25
    if line.sentence and line.n >= 3:
        return 1.0
    return -max(2.0, min(float(line.n), 8.0))


_TEASER = -1.0  # the score of a prose line that introduces another story
# A credit's label on a line of its own, the name on the next ("Credit...", "Photo:").
_CREDIT_LABEL = re.compile(r"^(?:credit|photo|photograph|image|foto|bild)\s*(?:\.\.\.|…|:)$", re.IGNORECASE)


def _scores(lines: list[_Line], language: str) -> list[float]:
    """Body scores, with short runs of prose after an end marker ("Related", "Comments") counted as teasers."""
    scores = [_line_score(line, language) for line in lines]
    marker: int | None = None
    prose_seen = False  # an end marker in the menu above all prose ("Latest News") ends nothing
    for i, line in enumerate(lines):
        if prose_seen and (_is_end_marker(line) or (line.reason and UI_PHRASES.search(line.text) and "©" in line.text)
                           or _signs_off(lines, scores, i)):
            marker = i
        elif scores[i] > 1 and marker is not None:
            run = i
            while run < len(lines) and scores[run] > 1:
                run += 1
            in_prose = run - i >= 3 or (i > 0 and scores[i - 1] > 1)  # the article goes on after a box
            promo = i - marker <= 3 and any(_headline_like(lines[j]) for j in range(marker + 1, i))
            if promo or not in_prose:
                scores[i] = _TEASER
            if in_prose:
                marker = None
        prose_seen = prose_seen or scores[i] > 1
    for i in _teaser_lines(lines, scores):
        scores[i] = _TEASER
    for run in _table_after_prose(lines, scores):
        for i in run:
            scores[i] = _TABLE_ROW
    return scores


_TABLE_ROW = 0.5  # a row of a table that follows the article's prose: part of it, weakly


def _table_after_prose(lines: list[_Line], scores: list[float]) -> list[range]:
    """Runs of three or more number-heavy lines (a results table) that follow a prose line, with at
    most a short header line ("Pos Team P W D L Pts") between."""
    rows = _in_table_runs([line.text for line in lines])
    runs: list[range] = []
    i = 0
    while i < len(lines):
        if i not in rows:
            i += 1
            continue
        end = i
        while end in rows:
            end += 1
        if i > 0 and scores[i - 1] > 1:
            runs.append(range(i, end))
        elif i > 1 and scores[i - 2] > 1 and lines[i - 1].n <= 12 and not lines[i - 1].reason:
            runs.append(range(i - 1, end))  # with the table's header line
        i = end
    return runs


def _signs_off(lines: list[_Line], scores: list[float], i: int) -> bool:
    """An agency's name alone right after a prose paragraph closes a wire story (not a photo credit)."""
    return i > 0 and is_agency_signature(lines[i].text) and scores[i - 1] > 1 and lines[i - 1].n >= 15


_NUMBERED = re.compile(r"^\d{1,2}[.):]\s")


def _teaser_lines(lines: list[_Line], scores: list[float], run: int = 3) -> list[int]:
    """Story teasers: after a block of article prose, three or more prose lines in a row that each
    stand alone after their own (unnumbered) headline."""
    good = [s > 1 for s in scores]
    isolated = [i for i, g in enumerate(good) if g and not any(0 <= j < len(lines) and good[j] for j in (i - 1, i + 1))]
    teasers: list[int] = []
    group: list[int] = []
    first_pair = next((j for j in range(len(good) - 1) if good[j] and good[j + 1]), len(good))  # of prose lines
    for i in isolated + [len(lines) + 99]:
        if group and i - group[-1] <= 6 and _teaser_headline_between(lines, group[-1], i):
            group.append(i)
            continue
        body_before = group and first_pair < group[0] - 1
        if len(group) >= run and body_before:
            teasers += group
        group = [i] if i < len(lines) and _teaser_headline_between(lines, max(0, i - 4), i) else []
    return teasers


def _teaser_headline_between(lines: list[_Line], start: int, end: int) -> bool:
    return any(_headline_like(lines[j]) and not _NUMBERED.match(lines[j].text) for j in range(start + 1, end))


def _body_span(lines: list[_Line], scores: list[float]) -> tuple[int, int]:
    """The run of lines with the highest body score (maximum-sum subarray)."""
    best, best_span = float("-inf"), (0, 0)
    total, start = 0.0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _headline_like(line: _Line) -> bool:
    if line.reason or line.n < 3 or line.n > 30 or is_byline(line.text) or is_date_line(line.text):
        return False
    if line.text.endswith(".") and not line.text.endswith("..."):
        return False
    if line.text[-1] in ",:;(" or words(line.text)[-1].lower() in _DANGLING:
        return False
    return line.text[0].isupper() or line.text[0].isdigit() or line.text[0] in "“\"‘'"


_DANGLING = frozenset("a an the by on at of and or to from with in for de von por par".split())


def _find_title(lines: list[_Line], start: int) -> int | None:
    """Index of the headline: the nearest headline-like line before the body, else the first one.

    A shorter headline-like line just above the nearest one is the headline, and the nearest
    one its standfirst.
    """
    for i in range(start - 1, max(-1, start - 12), -1):
        line = lines[i]
        if _headline_like(line) and not is_credit_only(line.text):
            above = next((j for j in range(i - 1, max(-1, i - 4), -1) if not lines[j].reason), None)
            if above is not None and _headline_like(lines[above]) and lines[above].n < line.n:
                return above
            return i
    for i, line in enumerate(lines[:start]):
        if _headline_like(line):
            return i
    return None


def clean_text(text: str) -> Cleaned:
    """Clean a plain-text scrape: find the title and the article body, drop the rest."""
    raw_lines = split_lines(text)
    prose = [t for t in raw_lines if len(words(t)) >= 8 and SENTENCE_END.search(t)]
    language = detect_language("\n".join(prose or raw_lines))
    lines = [_Line(t, len(words(t)), interface_reason(t), bool(SENTENCE_END.search(t) or t.endswith(":")))
             for t in raw_lines]
    removed: list[Removal] = []
    if not lines:
        return Cleaned("", [], language=language)
    scores = _scores(lines, language)
    start, end = _body_span(lines, scores)
    title_index = _find_title(lines, start)
    title = lines[title_index].text if title_index is not None else ""
    byline: str | None = None

    candidates: list[Paragraph] = []
    for i, line in enumerate(lines):
        kind, reason = _classify(lines, i, start, end, scores)
        if reason is None and kind == "body" and scores[i] == _TEASER:
            reason = "other story teaser"
        if i == title_index:
            reason = "headline"
        elif (reason is None or reason == "outside the article") and is_byline(line.text):
            reason = "byline"
            byline = byline or byline_name(line.text)
        if reason:
            removed.append(Removal(line.text, reason))
        else:
            text = strip_caption_label(line.text) if kind == "caption" else line.text
            candidates.append(Paragraph(text, kind))
    paragraphs = drop_pull_quotes(drop_duplicates(candidates, removed), removed)
    paragraphs = _drop_title_repeats(paragraphs, title, removed)
    paragraphs = drop_author_bio(paragraphs, byline, removed)
    return Cleaned(title, paragraphs, byline=byline, language=language, removed=removed)


# "Jane Roe is a staff writer at …", "Anna Becker ist Redakteurin …": a closing note about a journalist.
_BIO = re.compile(
    r"^[A-ZÀ-Þ][\w'’.-]+(?: (?:[A-ZÀ-Þ][\w'’.-]+|de|van|von|da|del|la|le)){1,4},? "
    r"(?:(?:is|was|has been) (?:a|an|the) (?:[\w-]+ ){0,5}(?:writer|reporter|correspondent|editor|journalist|"
    r"columnist|contributor|producer|photographer|critic|fellow)s?\b"
    r"|ist (?:\w+ ){0,3}(?:Redakteur|Korrespondent|Reporter|Journalist|Autor)(?:in)?\b"
    r"|est (?:\w+ ){0,3}(?:journaliste|correspondante?|rédact(?:eur|rice)|reporter)\b"
    r"|es (?:\w+ ){0,3}(?:periodista|corresponsal|redactora?|reportera?)\b)")


def drop_author_bio(paragraphs: list[Paragraph], byline: str | None, removed: list[Removal]) -> list[Paragraph]:
    """Drop a closing paragraph that introduces the author ("Jane Roe covers city hall for …"): one
    that starts with a name of the byline, or that says someone is a reporter, writer, editor …"""
    names = [n.strip() for n in re.split(r",| and | und | y | et ", byline or "") if len(words(n)) >= 2]
    kept = list(paragraphs)
    for i in range(len(kept) - 1, max(-1, len(kept) - 3), -1):
        p = kept[i]
        if p.kind == "body" and len(words(p.text)) <= 60 and (
                any(p.text.lower().startswith(n.lower()) for n in names) or _BIO.match(p.text)):
            removed.append(Removal(p.text, "author bio"))
            del kept[i]
    return kept


def _classify(lines: list[_Line], i: int, start: int, end: int,
              scores: list[float]) -> tuple[ParagraphKind, str | None]:
    line = lines[i]
    if line.reason:
        return "body", line.reason
    if CAPTION_LABEL.match(line.text):
        return "body", "caption label"
    if is_credit_only(line.text) or (i > 0 and _CREDIT_LABEL.match(lines[i - 1].text) and line.n <= 10):
        return "body", "image credit"
    following = lines[i + 1].text if i + 1 < len(lines) else ""
    if POST_SIGNATURE.match(line.text) or POST_SIGNATURE.match(following):
        return "body", "embedded social post"
    inside = start <= i < end
    if not inside:
        if i == end and has_credit(line.text) and line.n >= 4:  # the last photo's caption
            return "caption", None
        return "body", "outside the article"
    if has_credit(line.text) or (strip_caption_label(line.text) != line.text and line.n >= 4):
        return "caption", None
    credit_after = (is_credit_only(following) and not SOURCE_LABEL.match(following)
                    and not _signs_off(lines, scores, i + 1))
    label_before = i > 0 and bool(CAPTION_LABEL.match(lines[i - 1].text))
    if 4 <= line.n <= 40 and (credit_after or label_before):
        return "caption", None
    if scores[i] == _TABLE_ROW:
        return "body", None
    if is_date_line(line.text):
        return "body", "date line"
    if line.sentence and line.n >= 3:
        return "body", None
    if _is_heading(lines, i, start, end) and scores[i + 1] != _TEASER:
        return "heading", None
    return "body", "interface line"


def _is_heading(lines: list[_Line], i: int, start: int, end: int) -> bool:
    """A short, capitalised line inside the body that is followed by prose."""
    line = lines[i]
    if not (2 <= line.n <= 15) or not (line.text[0].isupper() or line.text[0].isdigit()):
        return False
    if line.n <= 3 and line.text.isupper():  # "MUST WATCH", "LIVE UPDATES": labels, not headings
        return False
    following = lines[i + 1] if i + 1 < end else None
    return following is not None and following.sentence and following.n >= 8 and i > start


def _drop_title_repeats(paragraphs: list[Paragraph], title: str, removed: list[Removal]) -> list[Paragraph]:
    if not title:
        return paragraphs
    key = word_key(title)
    kept = []
    for p in paragraphs:
        if p.kind != "caption" and word_key(p.text) == key:
            removed.append(Removal(p.text, "headline repeated"))
        else:
            kept.append(p)
    return kept


# --- Blocks chosen by an HTML extractor ---------------------------------------------------------


def clean_blocks(blocks: list[Paragraph], title: str,
                 link_texts: frozenset[str] = frozenset()) -> tuple[list[Paragraph], list[Removal]]:
    """Tidy paragraphs an HTML extractor kept: drop furniture, credits, the headline, duplicates.

    `link_texts` (lower-case words of the page's links) lets a trailing list of linked
    headings with blurbs be recognised as other stories.
    """
    removed: list[Removal] = []
    kept: list[Paragraph] = []
    title_key = word_key(title)
    tabular = _in_table_runs([normalize(b.text).replace("\n", " ").strip() for b in blocks])
    for index, block in enumerate(blocks):
        text = normalize(block.text).replace("\n", " ").strip()
        if not text:
            continue
        block, credit = _caption_parts(Paragraph(text, block.kind))
        text = block.text
        if credit:
            removed.append(Removal(credit, "image credit"))
        reason = "caption label" if CAPTION_LABEL.match(text) else None
        if reason is None and block.kind != "caption":
            reason = interface_reason(text)
            if reason is None and is_credit_only(text):
                reason = "image credit"
            if reason is None and title_key and _contains_title(text, title):
                reason = "headline"
            if reason is None and is_byline(text):
                reason = "byline"
            if reason is None and is_date_line(text) and index not in tabular:
                reason = "date line"
        if reason:
            removed.append(Removal(text, reason))
        else:
            kept.append(Paragraph(text, block.kind))
    kept = _drop_trailing_teasers(kept, removed, link_texts)
    kept = _drop_empty_headings(kept, removed)
    return drop_pull_quotes(drop_duplicates(kept, removed), removed), removed


def _caption_parts(block: Paragraph) -> tuple[Paragraph, str | None]:
    """A block that carries a caption label or a credit run into its end is a caption: without the
    label, and with the credit apart (returned to be recorded)."""
    text, credit = split_glued_credit(block.text)
    unlabelled = strip_caption_label(text)
    if unlabelled != text and len(words(unlabelled)) >= 3:
        return Paragraph(unlabelled, "caption"), credit
    if credit:
        return Paragraph(text, "caption"), credit
    return block, None


def _in_table_runs(texts: list[str], run: int = 3) -> set[int]:
    """Indexes of blocks in a run of `run` or more number-heavy lines in a row: the rows of a results
    table or a list of figures, which are the article's text, not a series of datelines."""
    numeric = [is_date_line(t) and not interface_reason(t) for t in texts]
    found: set[int] = set()
    start = 0
    for i in range(len(texts) + 1):
        if i == len(texts) or not numeric[i]:
            if i - start >= run:
                found.update(range(start, i))
            start = i + 1
    return found


def _contains_title(text: str, title: str) -> bool:
    """The block is the headline, alone or with a few label words around it ("LIVE", "Updated …")."""
    block, head = _compact(text), _compact(title)
    if block == head:
        return True
    return len(words(title)) >= 4 and head in block and len(block) <= len(head) + 40


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _drop_empty_headings(paragraphs: list[Paragraph], removed: list[Removal]) -> list[Paragraph]:
    """A heading with no text under it (another heading follows, or the article ends) is not read."""
    kept = []
    for i, p in enumerate(paragraphs):
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if p.kind == "heading" and (following is None or following.kind == "heading"):
            removed.append(Removal(p.text, "heading without text"))
        else:
            kept.append(p)
    return kept


_LONGEST_LINK = 30  # words of a link's text looked for in a heading


def _names_a_link(heading: tuple[str, ...], link_texts: frozenset[str]) -> bool:
    """Whether the text of a link of two or more words runs in the heading (its own word runs are looked
    up, so many links cost nothing more)."""
    return any(" ".join(heading[start:start + length]) in link_texts
               for length in range(2, min(len(heading), _LONGEST_LINK) + 1)
               for start in range(0, len(heading) - length + 1))


def _drop_trailing_teasers(paragraphs: list[Paragraph], removed: list[Removal], link_texts: frozenset[str],
                          run: int = 3) -> list[Paragraph]:
    """Drop a list of other stories at the end: three or more linked headings, each with at most one short blurb."""
    end = len(paragraphs)
    sections = 0
    cut = end
    i = end - 1
    while i >= 0:
        blurb = paragraphs[i].kind == "body" and len(words(paragraphs[i].text)) <= 60
        heading = i - 1 if blurb else i
        if heading < 0 or paragraphs[heading].kind != "heading":
            break
        if not _names_a_link(word_key(paragraphs[heading].text), link_texts):
            break
        sections += 1
        i = heading - 1
        cut = heading
    while 0 < cut < end and paragraphs[cut - 1].kind == "heading":  # the list's own title
        cut -= 1
    if sections < run or not any(p.kind == "body" for p in paragraphs[:cut]):
        return paragraphs
    # A list longer than the text above it is the article itself (a shopping guide, a list of picks).
    if sum(len(words(p.text)) for p in paragraphs[cut:]) > sum(len(words(p.text)) for p in paragraphs[:cut]):
        return paragraphs
    removed.extend(Removal(p.text, "other stories") for p in paragraphs[cut:])
    return paragraphs[:cut]
