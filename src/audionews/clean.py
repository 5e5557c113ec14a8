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
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from audionews.model import Paragraph, ParagraphKind, Removal

# --- Unicode -----------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]+")


def normalize(text: str) -> str:
    """NFC; no zero-width characters or soft hyphens; every space a plain one, runs collapsed.

    Line breaks are kept (as "\\n"); curly quotes and dashes are kept as written.
    """
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


# --- Line shape --------------------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
_TERMINAL = re.compile(r"[.!?…:;][\"”’'»)\]]*$|[\"”»][.!?…]?$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*$")
_CODE = re.compile(r"[{};]\s*$|^\s*[{}<]|function\s*\(|=>|\bvar\s+\w+\s*=|window\.|document\.")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


# --- Interface vocabulary -----------------------------------------------------------------------

_SOCIAL = (r"facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|telegram|instagram|youtube|tiktok|"
           r"flipboard|messenger|snapchat|threads|bluesky|mastodon|e-?mail|sms|rss|google\+?|copy link")
_UI_WORDS = (
    r"accessibility( links)?|skip (to|navigation)( main)?( content| navigation| search| footer)?|jump to\b.*|"
    r"breaking( news)?|live( updates| blog| now| tv| coverage)?|developing( story)?|just in|watch live|"
    r"share( this)?( article| story| page| on \w+| via \w+)?|tweet|print( this)?( article| page)?|"
    r"e-?mail( this)?( article| story)?|save( article| story| for later)?|bookmark|copy( the)? link|"
    r"(\d+ )?comments?( \(\d+\))?|leave a comment|show comments|view comments|"
    r"(font|text) size|a\+?|a-|a ?a ?a|xs|sm|md|lg|xl|xxl|"
    r"subscribe( now| today)?|sign (in|up|out)|log ?(in|out)|register|my account|account|"
    r"newsletters?|menu|main menu|search|close|open|toggle navigation|navigation|home( page)?|"
    r"back to top|top|next|previous|prev|more|show more|load more|see more|view more|"
    r"accept( all)?( cookies)?|reject( all)?|cookie (settings|preferences|policy)|manage (cookies|preferences)|"
    r"privacy( policy| notice)?|terms( of (use|service))?|contact( us)?|about( us)?|careers|advertise( with us)?|"
    r"site ?map|help|faq|feedback|corrections|ethics|"
    r"advertisement|ad|ads|sponsored( content)?|paid content|promoted|"
    r"(story )?continues? (reading )?below( advertisement)?|continue reading|read more|read full (story|article)|"
    r"related( articles| stories| coverage| content| topics| links| news)?|recommended( for you| stories)?|"
    r"most (read|popular|viewed|shared)|trending( now)?|top stories|latest( news| stories)?|"
    r"you (may|might) also like|more (from|on|in) .{0,40}|see also|also read|editor'?s picks?|"
    r"listen( to this article| now)?|play( video)?|watch( video| now)?|video|audio|photos?|gallery|"
    r"\d+ min(ute)?s? read|updated|published|posted|loading\.*|advertising|" + _SOCIAL
)
_UI_LINE = re.compile(rf"^(?:[\W_]*(?<!\w)(?:{_UI_WORDS})(?!\w))+[\W_]*$", re.IGNORECASE)
# Phrases that only page furniture uses, whatever the line around them.
_UI_PHRASES = re.compile(
    r"\b(?:we use cookies|uses cookies|use of cookies|accept (?:all )?cookies|all rights reserved|©|\(c\) \d{4}|"
    r"already (?:a subscriber|have an account)|to continue reading|subscribers? only|"
    r"enable javascript|javascript (?:is )?(?:disabled|required)|click here|tap here|follow us on|follow @|"
    r"story continues below|views expressed (?:in|here|are)|do not necessarily (?:reflect|represent)|"
    r"(?:edited|condensed) for (?:length|clarity)|"
    r"^(?:read more|read also|also read|related|see also|read next|recommended|watch|listen|more|lesen sie auch|"
    r"mehr dazu|mehr zum thema|lee también|leer más|lire aussi|à lire aussi)\s*[:|»>]|"
    r"reproduction .{0,30}(?:prohibited|without permission)|may not be (?:published|reproduced|redistributed))",
    re.IGNORECASE,
)
# Phrases that news text can also use ("the company changed its privacy policy"): furniture only in
# a line that speaks to the reader (you, our …) or is no sentence.
_UI_PHRASES_WEAK = re.compile(
    r"\b(?:cookie policy|copyright\b|subscribe (?:to|now|today|for)|sign up for|newsletter|log in to|sign in to|"
    r"create (?:a free|an) account|unlimited (?:digital )?access|free trial|your browser|share (?:this|on)|"
    r"download (?:our|the) app|terms of (?:use|service)|privacy (?:policy|notice)|do not sell|advertisement|"
    r"sponsored content|(?:in|to) your inbox|letters? to the editor)\b",
    re.IGNORECASE,
)
# A comment counter: "75 comments", "Comments (12)", "reader comments 75 with 51 posters".
_COMMENT_COUNT = re.compile(r"\d.*\bcomments?\b|\bcomments?\b.*\d", re.IGNORECASE)
_READER = re.compile(r"\b(?:you|your|our|we|us)\b", re.IGNORECASE)


# Lines that close an article: what follows them is another story's teaser, a bio or comments.
_END_MARKER = re.compile(
    r"^[\W_]*(?:related( articles| stories| coverage| content| links| news| topics)?|recommended( for you| stories)?|"
    r"most (read|popular|viewed|shared)|more (from|on|in|stories|news|articles)\b.*|you (may|might) also like|"
    r"read next|up next|what to read next|also read|see also|trending( now)?|top stories|latest( news| stories)?|"
    r"(\d+ )?comments?( \(\d+\))?|leave a (reply|comment)|join the (conversation|discussion)|about the author|copyright\b.*\d{4}.*|"
    r"tags?(:.*)?|topics?:.*|explore more on these topics|more on this story|sponsored( content| stories)?|"
    r"(mehr zum thema|meistgelesen|weitere artikel|lee también|lo más visto|las más leídas|más noticias|"
    r"à lire aussi)|(\w+ )?((tu|su|un|ihr|votre|il tuo) )?(comentarios?|kommentare?|commentaires?|commenti))[\W_]*$",
    re.IGNORECASE,
)
# "By Jane Roe", "BY JANE ROE", "Von Anna Becker": a prefix, then at least two capitalised words.
_BYLINE = re.compile(r"^(?i:by|from|written by|reporting by|von|por|par|di|door|av):?\s+"
                     r"(?:[A-ZÀ-Ý][\w'’.-]*,?\s+(?:(?i:de|van|von|da|del|le|la|and|y|et|und)\s+)?[A-ZÀ-Ý]|"
                     r"(?:AP|AFP|Reuters|Bloomberg|dpa|EFE|CNN|BBC)\b)")
_BYLINE_PREFIX = re.compile(r"^(?:by|from|written by|reporting by|von|por|par|di|door|av):?\s+", re.IGNORECASE)
_MONTH = (r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|oct(ober)?|"
          r"nov(ember)?|dec(ember)?")
_DATE_WORDS = re.compile(
    rf"\b(?:{_MONTH}|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"updated|published|posted|last|modified|on|at|am|pm|a\.m|p\.m|ago|hours?|minutes?|days?|yesterday|today|"
    r"gmt|utc|bst|ist|cet|cest|eet|eest|est|edt|cst|cdt|mst|mdt|pst|pdt|aest|aedt|awst|jst|hkt|sgt|nzst|nzdt)\b|\d+",
    re.IGNORECASE,
)

# Photo credits: "(AP Photo/Jane Roe)", "(… photo via AP)", "Photo: …", "REUTERS/…", "Getty Images", "(EFE)".
_AGENCIES = (r"AP|AFP|EFE|EPA|dpa|ANSA|Reuters|Getty Images|Getty|PA|PA Images|Xinhua|Bloomberg|Shutterstock|Alamy|"
             r"Pool|picture alliance|IANS|PTI|ANI|Kyodo|Yonhap|TASS|Europa Press|NurPhoto|SOPA Images|Sipa|ABACA")
_CREDIT = re.compile(
    rf"\((?:{_AGENCIES})(?:\s*(?:Photo|Images?|via Getty Images))?\)\s*$|"
    r"\((?:[^()]*\b(?:photo|photograph|image|picture|file|foto|bild)s?\b[^()]*|[^()]*/\s*(?:AP|AFP|Reuters|Getty[^()]*))\)"
    r"|\b(?:AP|AFP|EPA|Reuters|Getty|Xinhua|Bloomberg|Shutterstock|Alamy|Pool)\s*(?:Photo|Images?)?\s*/"
    r"|\b(?:REUTERS|AFP|EPA)/"
    r"|\bGetty Images\b|\bPhoto ?(?:credit)?:|\bImage:|\bCredit:|\bPicture:|\bFoto:|\bBild:|"
    r"\bPhotograph:|\b(?:photo|image|illustration) (?:by|courtesy of|via)\b|\bAP Photo\b",
    re.IGNORECASE,
)
_CREDIT_ONLY = re.compile(
    r"^[(\[]?\s*(?:(?:photo|image|picture|photograph|illustration|foto|bild|credit|source)s?(?: ?credit)?\s*[:/]|"
    r"(?:photo|image|picture|video)s? (?:source|credit|caption)s?\b|"
    r"(?:photo|image|illustration)s? (?:by|courtesy of|via)\s|©|\(c\)|AP Photo|"
    rf"(?:{_AGENCIES})\b)",
    re.IGNORECASE,
)
# The signature line under an embedded social post: "— Name (@handle) June 14, 2024".
_POST_SIGNATURE = re.compile(r"^[—–-]\s*.{0,60}\(@\w+\)", re.IGNORECASE)
_CAPTION_PREFIX = re.compile(r"^(?:image|photo|picture|video)? ?caption\s*[,:]\s*", re.IGNORECASE)
_SOURCE_LABEL = re.compile(r"^(?:image|photo|picture|video) source\b", re.IGNORECASE)  # printed above the image
_CAPTION_LABEL = re.compile(r"^(?:image|photo|picture|video)? ?caption\b[\W_]*$", re.IGNORECASE)


def interface_reason(line: str) -> str | None:
    """Why a line is page furniture rather than article text, or None if it may be article text."""
    n = len(words(line))
    if n == 0:
        return "no words"
    if n <= 12 and _UI_LINE.match(line):
        return "interface line"
    if n <= 30 and _UI_PHRASES.search(line):
        return "interface line"
    if n <= 10 and _COMMENT_COUNT.search(line) and not _SENTENCE_END.search(line):
        return "interface line"
    if n <= 30 and _UI_PHRASES_WEAK.search(line) and (_READER.search(line) or not _SENTENCE_END.search(line)):
        return "interface line"
    if _CODE.search(line) and not ends_sentence(line):
        return "script or style code"
    return None


def is_credit_only(line: str) -> bool:
    """A photo credit standing alone ("Photo: Jane Roe/Reuters", "AP Photo/John Doe")."""
    return len(words(line)) <= 12 and bool(_CREDIT_ONLY.match(line)) and not _SENTENCE_END.search(line.rstrip(")]"))


def has_credit(line: str) -> bool:
    return bool(_CREDIT.search(line))


def is_byline(line: str) -> bool:
    return len(words(line)) <= 10 and bool(_BYLINE.match(line)) and not _SENTENCE_END.search(line)


def is_date_line(line: str) -> bool:
    tokens = words(line)
    if not tokens or len(tokens) > 12:
        return False
    dated = sum(1 for t in tokens if _DATE_WORDS.fullmatch(t) or any(ch.isdigit() for ch in t))
    if dated == len(tokens) and len(tokens) <= 2:  # "GMT", "Updated", "Monday"
        return True
    return dated / len(tokens) >= 0.6 and any(ch.isdigit() for ch in line)


def strip_caption_label(text: str) -> str:
    """Drop a screen-reader label such as "Image caption, " from the start of a caption."""
    return _CAPTION_PREFIX.sub("", text, count=1)


# --- Language ----------------------------------------------------------------------------------

_LANGUAGES = {"English": "en", "German": "de", "Spanish": "es", "French": "fr", "Italian": "it",
              "Portuguese": "pt", "Dutch": "nl", "Swedish": "sv", "Polish": "pl", "Danish": "da"}


@lru_cache(maxsize=None)
def _stoplists() -> dict[str, frozenset[str]]:
    import justext

    return {code: frozenset(justext.get_stoplist(name)) for name, code in _LANGUAGES.items()}


def stopword_ratio(text: str, language: str = "en") -> float:
    tokens = [t.lower() for t in words(text)]
    stops = _stoplists().get(language) or _stoplists()["en"]
    return sum(t in stops for t in tokens) / len(tokens) if tokens else 0.0


def detect_language(text: str) -> str:
    """The most likely language of `text` by stop-word counts; "en" when unsure."""
    tokens = [t.lower() for t in words(text[:20000])]
    if not tokens:
        return "en"
    # Words that are stop words in nearly every list (e.g. "a", "de") carry no signal.
    scores = {code: sum(t in stops for t in tokens) for code, stops in _stoplists().items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] > 1.15 * scores["en"] or best == "en" else "en"


# --- Lines of a plain-text scrape ---------------------------------------------------------------

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
    """The non-empty lines of `text`, with paragraphs that a scraper broke around links joined again.

    A line is joined to the one before when the one before stops mid-sentence and the line starts
    with a lower-case letter or closing punctuation, or is a short link-like run of words followed
    by such a line; a dash line joins an upper-case dateline ("WASHINGTON" + "— The president …").
    """
    rows: list[str] = []
    after_blank: list[bool] = []  # the row follows an empty line: a scraper never splits a sentence there
    blank = False
    for raw in _unwrap(text).split("\n"):
        for row in normalize(raw).split("\n"):
            if row:
                rows.append(row)
                after_blank.append(blank)
        blank = not raw  # a line of spaces is the space between two inline elements, not a break
    lines: list[str] = []
    i = 0
    while i < len(rows):
        current = rows[i]
        i += 1
        while i < len(rows) and not _SENTENCE_END.search(current) and interface_reason(current) is None:
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
            out[-1] = out[-1].rstrip() + " " + line.strip()
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
    return not _SENTENCE_END.search(text) or previous_indent == indent


def _breaks_at_width(raw: list[str], lengths: list[int], i: int, width: int) -> bool:
    """Line i ends where a wrap at `width` would end it: the next line's first word did not fit."""
    following = raw[i + 1].split(maxsplit=1) if i + 1 < len(raw) else []
    return bool(following) and lengths[i] >= 0.6 * width and lengths[i] + 1 + len(following[0]) > width


def _wrap_width(raw: list[str], lengths: list[int]) -> int | None:
    """The column at which the text was wrapped, or None when it was not wrapped.

    Candidate: a high percentile of the long lines' lengths. It is the wrap width when at least
    three lines close to it end exactly where a wrap would end them, and most such lines do.
    """
    long_lines = sorted(n for n in lengths if n >= 40)
    if len(long_lines) < 4:
        return None
    width = long_lines[int(0.9 * (len(long_lines) - 1))]
    near = [i for i, n in enumerate(lengths) if width - 20 <= n <= width]
    breaks = sum(_breaks_at_width(raw, lengths, i, width) for i in near)
    return width if width <= 200 and breaks >= 3 and breaks >= 0.6 * len(near) else None


def _inline_break(line: str, following: str) -> bool:
    """A scraper broke the sentence at an inline element (italics, bold, a link) that is not at its start."""
    if interface_reason(following) is not None or _CAPTION_LABEL.match(line) or has_credit(line):
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
    return left + ("" if drop_cap or _JOINS_LEFT.match(right) or _OPENS.search(left) else " ") + right


# --- Duplicates --------------------------------------------------------------------------------


def _key(text: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in words(text))


def near_duplicate(shorter: str, longer: str) -> bool:
    """True when `shorter` repeats `longer`: same words, the same opening, or nearly all its word pairs."""
    a, b = _key(shorter), _key(longer)
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
    for position, paragraph in enumerate(paragraphs):
        key = _key(paragraph.text)
        if key not in seen:
            seen[key] = len(kept)
            kept.append(paragraph)
            continue
        index = seen[key]
        first = kept[index]
        assert first is not None
        if index == len(kept) - 1 and first.kind == "body" and _looks_like_caption_pair(kept, index):
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


def _looks_like_caption_pair(kept: list[Paragraph | None], index: int) -> bool:
    """A line printed twice in a row is a caption unless it opens the article (a standfirst)."""
    body_before = sum(1 for p in kept[:index] if p is not None and p.kind == "body")
    current = kept[index]
    return body_before > 0 or (current is not None and has_credit(current.text))


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
    return line.n <= 12 and bool(_END_MARKER.match(line.text))


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


def _scores(lines: list[_Line], language: str) -> list[float]:
    """Body scores, with short runs of prose after an end marker ("Related", "Comments") counted as teasers."""
    scores = [_line_score(line, language) for line in lines]
    marker: int | None = None
    for i, line in enumerate(lines):
        if _is_end_marker(line) or (line.reason and _UI_PHRASES.search(line.text) and "©" in line.text):
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
    for i in _teaser_lines(lines, scores):
        scores[i] = _TEASER
    return scores


_NUMBERED = re.compile(r"^\d{1,2}[.):]\s")


def _teaser_lines(lines: list[_Line], scores: list[float], run: int = 3) -> list[int]:
    """Story teasers: after a block of article prose, three or more prose lines in a row that each
    stand alone after their own (unnumbered) headline."""
    good = [s > 1 for s in scores]
    isolated = [i for i, g in enumerate(good) if g and not any(0 <= j < len(lines) and good[j] for j in (i - 1, i + 1))]
    teasers: list[int] = []
    group: list[int] = []
    for i in isolated + [len(lines) + 99]:
        if group and i - group[-1] <= 6 and _teaser_headline_between(lines, group[-1], i):
            group.append(i)
            continue
        body_before = group and any(good[j] and good[j + 1] for j in range(group[0] - 1))
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
    prose = [t for t in raw_lines if len(words(t)) >= 8 and _SENTENCE_END.search(t)]
    language = detect_language("\n".join(prose or raw_lines))
    lines = [_Line(t, len(words(t)), interface_reason(t), bool(_SENTENCE_END.search(t) or t.endswith(":")))
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
            candidates.append(Paragraph(line.text, kind))
    paragraphs = drop_duplicates(candidates, removed)
    paragraphs = _drop_title_repeats(paragraphs, title, removed)
    paragraphs = drop_author_bio(paragraphs, byline, removed)
    return Cleaned(title, paragraphs, byline=byline, language=language, removed=removed)


def drop_author_bio(paragraphs: list[Paragraph], byline: str | None, removed: list[Removal]) -> list[Paragraph]:
    """Drop a closing paragraph that introduces the author ("Jane Roe covers city hall for …")."""
    if not byline:
        return paragraphs
    names = [n.strip() for n in re.split(r",| and | und | y | et ", byline) if len(words(n)) >= 2]
    kept = list(paragraphs)
    for i in range(len(kept) - 1, max(-1, len(kept) - 3), -1):
        p = kept[i]
        if p.kind == "body" and len(words(p.text)) <= 60 and any(p.text.lower().startswith(n.lower()) for n in names):
            removed.append(Removal(p.text, "author bio"))
            del kept[i]
    return kept


def _classify(lines: list[_Line], i: int, start: int, end: int,
              scores: list[float]) -> tuple[ParagraphKind, str | None]:
    line = lines[i]
    if line.reason:
        return "body", line.reason
    if is_credit_only(line.text):
        return "body", "image credit"
    following = lines[i + 1].text if i + 1 < len(lines) else ""
    if _POST_SIGNATURE.match(line.text) or _POST_SIGNATURE.match(following):
        return "body", "embedded social post"
    inside = start <= i < end
    if not inside:
        if i == end and has_credit(line.text) and line.n >= 4:  # the last photo's caption
            return "caption", None
        return "body", "outside the article"
    if has_credit(line.text):
        return "caption", None
    credit_after = is_credit_only(following) and not _SOURCE_LABEL.match(following)
    label_before = i > 0 and bool(_CAPTION_LABEL.match(lines[i - 1].text))
    if 4 <= line.n <= 40 and (credit_after or label_before):
        return "caption", None
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
    key = _key(title)
    kept = []
    for p in paragraphs:
        if p.kind != "caption" and _key(p.text) == key:
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
    title_key = _key(title)
    for block in blocks:
        text = normalize(block.text).replace("\n", " ").strip()
        if not text:
            continue
        reason = None
        if block.kind != "caption":
            reason = interface_reason(text)
            if reason is None and is_credit_only(text):
                reason = "image credit"
            if reason is None and title_key and _contains_title(text, title):
                reason = "headline"
            if reason is None and is_byline(text):
                reason = "byline"
            if reason is None and is_date_line(text):
                reason = "date line"
        if reason:
            removed.append(Removal(text, reason))
        else:
            kept.append(Paragraph(text, block.kind))
    kept = _drop_trailing_teasers(kept, removed, link_texts)
    kept = _drop_empty_headings(kept, removed)
    return drop_duplicates(kept, removed), removed


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
        text = f" {' '.join(_key(paragraphs[heading].text))} "
        if not any(f" {link} " in text for link in link_texts if " " in link):
            break
        sections += 1
        i = heading - 1
        cut = heading
    while 0 < cut < end and paragraphs[cut - 1].kind == "heading":  # the list's own title
        cut -= 1
    if sections < run or not any(p.kind == "body" for p in paragraphs[:cut]):
        return paragraphs
    removed.extend(Removal(p.text, "other stories") for p in paragraphs[cut:])
    return paragraphs[:cut]


_BYLINE_TAIL = re.compile(
    r"\s*(?:\s[|•·]\s.*|,?\s*\b(?:published|updated|posted|publié|mis à jour|publicado|actualizado|"
    r"veröffentlicht|aktualisiert)\b.*|,?\s*(?:on\s+)?(?:" + _MONTH + r")\.?\s+\d.*|,?\s*\d{1,4}[./-]\d.*)$",
    re.IGNORECASE,
)


def byline_name(line: str) -> str:
    """The names in a byline: "By Jane Roe | June 14, 2024" → "Jane Roe"; a job title is kept."""
    return _BYLINE_TAIL.sub("", _BYLINE_PREFIX.sub("", line.strip())).strip(" ,|") or line.strip()
