"""Page furniture and line shape: what marks a line as interface, byline, date, credit or caption label.

Shared by plain-text cleaning (`audionews.text.clean`, `audionews.text.lines`) and the tidying of
paragraphs an HTML extractor chose: Unicode normalisation, word counts and sentence ends, a
vocabulary of interface words and phrases (share, subscribe, cookie, related …), photo-credit
patterns, bylines and date lines, caption labels, and the language of a text by stop words.
Rules are general, never a site's exact strings.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- Unicode -----------------------------------------------------------------------------------

# Every format character (Unicode category Cf): soft hyphen, zero-width and joiner characters, bidi
# controls, byte-order mark, interlinear annotation, hieroglyph and shorthand format controls, tags.
_INVISIBLE = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
                        "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
                        "\U000e0020-\U000e007f]")
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
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Full stops of other scripts too: 。！？ (Chinese, Japanese), ؟ (Arabic), । (Devanagari), ။ (Burmese).
_TERMINAL = re.compile(r"[.!?…:;。！？؟।။][\"”’'»)\]」』）]*$|[\"”»」』][.!?…。]?$")
SENTENCE_END = re.compile(r"[.!?…。！？؟।။][\"”’'»)\]」』）]*$")
_CODE = re.compile(r"[{};]\s*$|^\s*[{}<]|function\s*\(|=>|\bvar\s+\w+\s*=|window\.|document\.")


def words(text: str) -> list[str]:
    """The words of a text; a run of Chinese or Japanese (written without spaces) counts as a word per two characters."""
    found = _WORD.findall(text)
    if not UNSPACED.search(text):
        return found
    result: list[str] = []
    for token in found:
        if UNSPACED.search(token):
            result.extend(token[i:i + 2] for i in range(0, len(token), 2))
        else:
            result.append(token)
    return result


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
UI_PHRASES = re.compile(
    r"\b(?:we use cookies|uses cookies|use of cookies|accept (?:all )?cookies|all rights reserved|©|\(c\) \d{4}|"
    r"already (?:a subscriber|have an account)|to continue reading|subscribers? only|"
    r"enable javascript|javascript (?:is )?(?:disabled|required)|click here|tap here|follow us on|follow @|"
    r"story continues below|views expressed (?:in|here|are)|do not necessarily (?:reflect|represent)|"
    r"(?:edited|condensed) for (?:length|clarity)|"
    r"^(?:read more|read also|also read|related|see also|read next|recommended|watch|listen|more|most (?:read|popular|"
    r"viewed|shared)|trending|popular now|editor'?s picks?|lesen sie auch|"
    r"mehr dazu|mehr zum thema|lee también|leer más|lire aussi|à lire aussi)\s*[:|»>]|"
    r"reproduction .{0,30}(?:prohibited|without permission)|may not be (?:published|reproduced|redistributed))",
    re.IGNORECASE,
)
# Reprint and licensing notices, which run longer than other furniture and carry a bare URL.
_LICENSING = re.compile(
    r"\b(?:for (?:your )?personal,? non-?commercial use only|to order presentation-ready copies|"
    r"distribution and use of this material (?:is|are) governed|reprints? (?:&|and) permissions|"
    r"(?:reprint|licensing|syndication) (?:rights|requests|inquiries|opportunities)|"
    r"(?:nur|ausschließlich) (?:zum|für den) (?:privaten|persönlichen) gebrauch|usage strictement personnel)\b",
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
END_MARKER = re.compile(
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
POST_SIGNATURE = re.compile(r"^[—–-]\s*.{0,60}\(@\w+\)", re.IGNORECASE)
# A screen-reader label before a caption: "Image caption, …", "Media caption …", or run into the caption
# when the label's element had no space after it ("Media captionWho is …").
_CAPTION_PREFIX = re.compile(r"^(?:(?i:image|photo|picture|video|media) ?(?i:caption)(?:\s*[,:]\s*|\s+|(?=[A-Z\"“‘(]))"
                             r"|(?i:caption)\s*[,:]\s*)")
SOURCE_LABEL = re.compile(r"^(?:image|photo|picture|video|media) source\b", re.IGNORECASE)  # printed above the image
CAPTION_LABEL = re.compile(r"^(?:image|photo|picture|video|media)? ?caption\b[\W_]*$", re.IGNORECASE)
# A photo credit run into the end of its caption: "He didn't get it.Credit...Jane Roe for The Times".
_GLUED_CREDIT = re.compile(r"(?<=[.!?\"”’)])\s*((?:Credit|Photo|Photograph|Image|Foto)\s*(?:\.\.\.|…|:)\s*\S.*)$")


def interface_reason(line: str) -> str | None:
    """Why a line is page furniture rather than article text, or None if it may be article text."""
    n = len(words(line))
    if n == 0:
        return "no words"
    if n <= 12 and _UI_LINE.match(line):
        return "interface line"
    if n <= 30 and UI_PHRASES.search(line):
        return "interface line"
    if n <= 80 and _LICENSING.search(line):
        return "reprint notice"
    if n <= 10 and _COMMENT_COUNT.search(line) and not SENTENCE_END.search(line):
        return "interface line"
    if n <= 30 and _UI_PHRASES_WEAK.search(line) and (_READER.search(line) or not SENTENCE_END.search(line)):
        return "interface line"
    if _CODE.search(line) and not ends_sentence(line):
        return "script or style code"
    return None


# A wire story's closing signature: a news agency's name alone ("AFP", "(Reuters)", "— AP").
_SIGNATURE = re.compile(r"^[\W_]*(?:AP|AFP|EFE|dpa|ANSA|Reuters|Xinhua|Kyodo|Yonhap|TASS|Europa Press|IANS|PTI|ANI|"
                        r"Associated Press|Agence France-Presse)[\W_]*$")


def is_agency_signature(line: str) -> bool:
    return bool(_SIGNATURE.match(line.strip()))


def is_credit_only(line: str) -> bool:
    """A photo credit standing alone ("Photo: Jane Roe/Reuters", "AP Photo/John Doe")."""
    return len(words(line)) <= 12 and bool(_CREDIT_ONLY.match(line)) and not SENTENCE_END.search(line.rstrip(")]"))


def has_credit(line: str) -> bool:
    return bool(_CREDIT.search(line))


def is_byline(line: str) -> bool:
    return len(words(line)) <= 10 and bool(_BYLINE.match(line)) and not SENTENCE_END.search(line)


def is_date_line(line: str) -> bool:
    """A dateline or timestamp: mostly date words and numbers ("Updated 10:32 AM EST, Nov. 27, 2013")."""
    tokens = words(line)
    if not tokens or len(tokens) > 12:
        return False
    # A token counts when it is a date word or at least half digits ("27th", "2013"), not when it is a
    # run of unspaced script with a number inside (a Chinese sentence is one long "word").
    dated = sum(1 for t in tokens if _DATE_WORDS.fullmatch(t) or 2 * sum(ch.isdigit() for ch in t) >= len(t))
    if dated == len(tokens) and len(tokens) <= 2:  # "GMT", "Updated", "Monday"
        return True
    return dated / len(tokens) >= 0.6 and any(ch.isdigit() for ch in line)


def split_glued_credit(text: str) -> tuple[str, str | None]:
    """A caption and the photo credit run into its end, apart: ("He didn't get it.", "Credit...Jane Roe")."""
    match = _GLUED_CREDIT.search(text)
    if not match or len(words(match.group(1))) > 12:
        return text, None
    return text[:match.start()].rstrip(), match.group(1)


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
    """Share of the words that are stop words of `language`; 1.0 for a text mostly in a script without
    our stop lists (Arabic, Chinese, Cyrillic …), where the measure says nothing."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch < "\u0250" for ch in letters) < len(letters) / 2:
        return 1.0
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


_BYLINE_TAIL = re.compile(
    r"\s*(?:\s[|•·]\s.*|,?\s*\b(?:published|updated|posted|publié|mis à jour|publicado|actualizado|"
    r"veröffentlicht|aktualisiert)\b.*|,?\s*(?:on\s+)?(?:" + _MONTH + r")\.?\s+\d.*|,?\s*\d{1,4}[./-]\d.*)$",
    re.IGNORECASE,
)


def byline_name(line: str) -> str:
    """The names in a byline: "By Jane Roe | June 14, 2024" → "Jane Roe"; a job title is kept."""
    return _BYLINE_TAIL.sub("", _BYLINE_PREFIX.sub("", line.strip())).strip(" ,|") or line.strip()
