"""Shown text → spoken text: the one place where what is read aloud may differ from what is shown.

`to_spoken(text, language)` rewrites a sentence the way a newsreader would say it, so that every
engine (espeak-ng, Piper, …) gets words rather than symbols it may misread:

- every language: bare URLs → "link", e-mail addresses spelled out ("jane dot doe at example dot com"),
  "&" → "and" (in the languages we have words for);
- English only: abbreviations (Gen. → General, U.S. → "US", No. 5 → number five, St. → Saint or
  Street), numbers to words (cardinals, ordinals, decimals, years, decades, scores), dates
  ("May 10, 2017" → "May tenth, twenty seventeen"), times ("10:30 p.m." → "ten thirty PM"),
  percentages, currency ("$5 million" → "five million dollars"), a few units.

The rules are tables and small functions applied in a fixed order; each sentence is handled on its
own so that an abbreviation ending a sentence keeps its full stop.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Match

from audionews.text.sentences import split_sentences

_CLOSERS = "\"'”’»)]"

# Language-neutral rules, with the words each language uses for them.
_WORDS = {
    "en": {"and": "and", "link": "link", "at": "at", "dot": "dot"},
    "de": {"and": "und", "link": "Link", "at": "at", "dot": "Punkt"},
    "fr": {"and": "et", "link": "lien", "at": "arobase", "dot": "point"},
    "es": {"and": "y", "link": "enlace", "at": "arroba", "dot": "punto"},
}
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"“”]+[^\s<>\"“”.,;:!?)\]’']", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")

# --- English tables -------------------------------------------------------------------------------

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                  "nine": "ninth", "twelve": "twelfth"}

_MONTHS = ("January February March April May June July August September October November December").split()
_MONTH_ABBREVIATIONS = {"Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June",
                        "Jul": "July", "Aug": "August", "Sep": "September", "Sept": "September",
                        "Oct": "October", "Nov": "November", "Dec": "December"}
_STATES = {
    "Ala": "Alabama", "Ariz": "Arizona", "Ark": "Arkansas", "Calif": "California", "Colo": "Colorado",
    "Conn": "Connecticut", "Del": "Delaware", "Fla": "Florida", "Ga": "Georgia", "Ill": "Illinois",
    "Ind": "Indiana", "Kan": "Kansas", "Kans": "Kansas", "Ky": "Kentucky", "La": "Louisiana", "Md": "Maryland",
    "Mass": "Massachusetts", "Mich": "Michigan", "Minn": "Minnesota", "Miss": "Mississippi", "Mo": "Missouri",
    "Mont": "Montana", "Neb": "Nebraska", "Nebr": "Nebraska", "Nev": "Nevada", "N.H": "New Hampshire",
    "N.J": "New Jersey", "N.M": "New Mexico", "N.Y": "New York", "N.C": "North Carolina", "N.D": "North Dakota",
    "Okla": "Oklahoma", "Ore": "Oregon", "Pa": "Pennsylvania", "R.I": "Rhode Island", "S.C": "South Carolina",
    "S.D": "South Dakota", "Tenn": "Tennessee", "Tex": "Texas", "Vt": "Vermont", "Va": "Virginia",
    "Wash": "Washington", "W.Va": "West Virginia", "Wis": "Wisconsin", "Wyo": "Wyoming",
}
# Capitals that engines read as a word, not letters: such acronyms are spelled with spaces instead.
_WORD_LIKE = {"AN", "AS", "AT", "BE", "BY", "DO", "GO", "HE", "IN", "IS", "IT", "ME", "NO", "OF", "ON", "OR", "SO",
              "TO", "UP", "WE"}
_PARTIES = {"D": "Democrat", "R": "Republican", "I": "Independent"}

# Titles: expanded only before a name (a capitalised word).
_TITLES = {
    "Gen": "General", "Sen": "Senator", "Sens": "Senators", "Rep": "Representative", "Reps": "Representatives",
    "Gov": "Governor", "Lt": "Lieutenant", "Col": "Colonel", "Capt": "Captain", "Sgt": "Sergeant",
    "Adm": "Admiral", "Maj": "Major", "Cmdr": "Commander", "Supt": "Superintendent", "Brig": "Brigadier",
    "Cpl": "Corporal", "Pvt": "Private", "Det": "Detective", "Insp": "Inspector", "Prof": "Professor",
    "Rev": "Reverend", "Pres": "President", "Atty": "Attorney", "Amb": "Ambassador", "Hon": "Honorable",
    "Dr": "Doctor", "Fr": "Father",
    "Mt": "Mount", "Ft": "Fort",
}
# Abbreviations that follow a name or stand alone.
_AFTER_NAME = {
    "Jr": "Junior", "Sr": "Senior", "Inc": "Incorporated", "Corp": "Corporation", "Co": "Company",
    "Ltd": "Limited", "Bros": "Brothers", "Ave": "Avenue", "Blvd": "Boulevard", "Rd": "Road", "Hwy": "Highway",
    "Dept": "Department", "Univ": "University", "Assn": "Association",
}
_ANYWHERE = {
    "Mr.": "Mister", "Mrs.": "Missus", "Ms.": "Miz", "Messrs.": "Messieurs", "vs.": "versus", "etc.": "et cetera", "e.g.": "for example", "i.e.": "that is", "approx.": "approximately",
    "Ph.D.": "PhD", "a.m.": "AM", "p.m.": "PM", "A.M.": "AM", "P.M.": "PM",
}
_CURRENCIES = {"$": ("dollar", "dollars", "cent", "cents"), "US$": ("US dollar", "US dollars", "cent", "cents"),
               "£": ("pound", "pounds", "penny", "pence"), "€": ("euro", "euros", "cent", "cents"),
               "¥": ("yen", "yen", "sen", "sen")}
_UNITS = {"mph": "miles per hour", "km/h": "kilometers per hour", "kph": "kilometers per hour",
          "km": "kilometers", "kg": "kilograms", "lbs": "pounds", "lb": "pounds", "cm": "centimeters",
          "mm": "millimeters", "ft": "feet", "°F": "degrees Fahrenheit", "°C": "degrees Celsius", "°": "degrees"}

_SHORT_SCALES = {"k": "thousand", "m": "million", "mn": "million", "bn": "billion", "tn": "trillion"}
_REGNAL = {"I": ("One", "First"), "II": ("Two", "Second"), "III": ("Three", "Third"), "IV": ("Four", "Fourth"),
           "VI": ("Six", "Sixth"), "VII": ("Seven", "Seventh"), "VIII": ("Eight", "Eighth"), "IX": ("Nine", "Ninth")}
_TIME_ZONES = {"E": "Eastern", "C": "Central", "M": "Mountain", "P": "Pacific"}  # first letter of ET, EDT, CST, …
_ZONE = r"(?:\s(?P<zone>[ECMP][SD]?T|GMT|UTC|BST)\b)?"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORDS = r"thousand|million|billion|trillion"


# --- numbers ---------------------------------------------------------------------------------------

def cardinal(n: int) -> str:
    """English words for a whole number: 1200 → "one thousand two hundred"."""
    if n < 0:
        return "minus " + cardinal(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {cardinal(rest)}" if rest else "")
    for scale, name in _SCALES:
        if n >= scale:
            count, rest = divmod(n, scale)
            return f"{cardinal(count)} {name}" + (f" {cardinal(rest)}" if rest else "")
    raise AssertionError("unreachable")


def ordinal(n: int) -> str:
    """English ordinal words: 21 → "twenty-first"."""
    words = cardinal(n)
    head, sep, last = words.rpartition("-" if words.rfind("-") > words.rfind(" ") else " ")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def year(n: int) -> str:
    """A year as said aloud: 2017 → "twenty seventeen", 1905 → "nineteen oh five", 2004 → "two thousand four"."""
    century, rest = divmod(n, 100)
    if 2000 <= n < 2010 or n < 1000 or century % 10 == 0 and rest == 0:
        return cardinal(n)
    if rest == 0:
        return f"{cardinal(century)} hundred"
    if rest < 10:
        return f"{cardinal(century)} oh {cardinal(rest)}"
    return f"{cardinal(century)} {cardinal(rest)}"


def number(text: str) -> str:
    """Words for a written number: "1,200" → "one thousand two hundred", "3.05" → "three point zero five"."""
    whole, _, fraction = text.replace(",", "").partition(".")
    if len(whole) > 15:
        return " ".join(_ONES[int(digit)] for digit in whole)
    words = cardinal(int(whole or "0"))
    if fraction:
        words += " point " + " ".join(_ONES[int(digit)] for digit in fraction)
    return words


def _fraction(numerator: int, denominator: int) -> str:
    one, many = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters")}[denominator]
    return f"{cardinal(numerator)} {one if numerator == 1 else many}"


def _plural(words: str) -> str:
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


# --- English rules ---------------------------------------------------------------------------------

def _money(m: Match[str]) -> str:
    one, many, cent, cents = _CURRENCIES[m["symbol"]]
    amount, scale = m["amount"], m["scale"] or _SHORT_SCALES.get(m["short"] or "")
    if scale:
        return f"{number(amount)} {scale} {many}"
    whole, _, fraction = amount.replace(",", "").partition(".")
    units = int(whole or "0")
    parts = []
    if units or not fraction:
        parts.append(f"{cardinal(units)} {one if units == 1 else many}")
    if fraction and int(fraction[:2].ljust(2, "0")):
        hundredths = int(fraction[:2].ljust(2, "0"))
        parts.append(f"{cardinal(hundredths)} {cent if hundredths == 1 else cents}")
    return " and ".join(parts)


def _time(m: Match[str]) -> str:
    hour, minutes = int(m["hour"]), m["minutes"]
    words = cardinal(hour)
    if minutes and minutes != "00":
        words += " " + (f"oh {cardinal(int(minutes))}" if minutes.startswith("0") else cardinal(int(minutes)))
    if m["half"]:
        words += f" {m['half'].upper()}M"
    if m["zone"]:
        words += " " + _TIME_ZONES.get(m["zone"][0], m["zone"])
    return words


def _date(m: Match[str]) -> str:
    month = _MONTH_ABBREVIATIONS.get(m["month"], m["month"])
    words = f"{month} {ordinal(int(m['day']))}"
    return words + (f", {year(int(m['year']))}" if m["year"] else "")


def _day_month(m: Match[str]) -> str:
    return f"the {ordinal(int(m['day']))} of {m['month']}" + (f" {year(int(m['year']))}" if m["year"] else "")


def _st(m: Match[str]) -> str:
    """Street after a name or a number ("Main St.", "5th St. in …"), Saint before a name ("St. Louis")."""
    before = (m.string[: m.start()].split() or [" "])[-1][0]
    after = m.string[m.end():].strip()
    if not after or (before.isupper() or before.isdigit()) and not after[0].isupper():
        return "Street"
    return "Saint"


def _acronym(m: Match[str]) -> str:
    """U.S. → "US": engines spell capitals written together, and a dot would end the clause."""
    letters = m.group().replace(".", "").upper()
    return " ".join(letters) if letters in _WORD_LIKE else letters


def _score(m: Match[str]) -> str:
    return f"{m[1]} to {m[2]}"


def _party(m: Match[str]) -> str:
    state = m["state"].rstrip(".")
    return f"{_PARTIES[m['party']]} of {_STATES.get(state, state)}"


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


Rule = tuple["re.Pattern[str]", "str | Callable[[Match[str]], str]"]

_STATE_NAMES = _alternatives(_STATES)
_ENGLISH: list[Rule] = [
    (re.compile(rf"\b(?P<party>[DRI])-(?P<state>{_STATE_NAMES}|[A-Z]{{2}}|(?!Day\b)[A-Z][a-z]+)\b\.?(?=[\s,;)]|$)"), _party),
    (re.compile(rf"(?<=, )(?P<state>{_STATE_NAMES})\.(?=[\s,]|$)"), lambda m: _STATES[m["state"]]),
    (re.compile(rf"(?P<symbol>US\$|[$£€¥])\s?(?P<amount>{_NUMBER})(?:\s(?P<scale>{_SCALE_WORDS})\b|(?P<short>k|m|mn|bn|tn)\b)?"),
     _money),
    (re.compile(r"\b(?P<hour>\d{1,2})(?::(?P<minutes>\d{2}))?\s?(?P<half>[ap])\.?m\b\.?(?!\w)(?-i:" + _ZONE + ")",
                re.IGNORECASE), _time),
    (re.compile(r"\b(?P<hour>[01]?\d|2[0-3]):(?P<minutes>[0-5]\d)\b(?P<half>)" + _ZONE), _time),
    (re.compile(rf"\b(?P<month>{'|'.join(_MONTHS)}|{_alternatives(_MONTH_ABBREVIATIONS)})\.?\s(?P<day>[12]\d|3[01]|0?[1-9])"
                r"(?:st|nd|rd|th)?\b(?:,\s(?P<year>1\d{3}|20\d\d)\b)?"), _date),
    (re.compile(rf"\b(?P<day>[12]\d|3[01]|0?[1-9])\s(?P<month>{'|'.join(_MONTHS)})(?:\s(?P<year>1\d{{3}}|20\d\d)\b)?"),
     _day_month),
    (re.compile(rf"\b(?P<month>{_alternatives(_MONTH_ABBREVIATIONS)})\."), lambda m: _MONTH_ABBREVIATIONS[m["month"]]),
    (re.compile(r"\b(?:No|no)\.\s?(?=\d)|#(?=\d)"), "number "),
    (re.compile(r"\bNos\.\s?(?=\d)"), "numbers "),
    (re.compile(r"(?<![\w.])(?:" + _alternatives(_ANYWHERE) + r")(?!\w)"), lambda m: _ANYWHERE[m.group()]),
    (re.compile(r"\bWorld War (I{1,2})\b"), lambda m: f"World War {_REGNAL[m[1]][0]}"),
    (re.compile(rf"\b([A-Z][a-z]+) ({_alternatives(set(_REGNAL) - {'I'})})\b(?!['’-])"),
     lambda m: f"{m[1]} the {_REGNAL[m[2]][1]}"),
    (re.compile(r"\bvs\b\.?"), "versus"),
    (re.compile(r"(?<![\w&])#(?=[A-Za-z])"), "hashtag "),
    (re.compile(r"(?<![\w.])@(?=\w)"), "at "),
    (re.compile(r"\bSt\.(?=\s|$)"), _st),
    (re.compile(rf"\b(?P<abbr>{_alternatives(_TITLES)})\.(?=\s+[A-Z])"), lambda m: _TITLES[m["abbr"]]),
    (re.compile(r"\bDr\.(?=\s|$|,)"), "Drive"),
    (re.compile(rf"(?<=[A-Za-z,] )(?P<abbr>{_alternatives(_AFTER_NAME)})\.(?=[\s,;)’'\"]|$)"), lambda m: _AFTER_NAME[m["abbr"]]),
    (re.compile(r"\b([A-Z][\w’'-]*) v\. (?=[A-Z])"), r"\1 versus "),
    (re.compile(r"\b(?:[A-Za-z]\.){2,}(?!\w)"), _acronym),
    # An initial's dot makes engines pause ("John F. Kennedy"); "A" keeps it or it is read as the article.
    (re.compile(r"\b([B-Z])\.(?=\s+[A-Z])"), r"\1"),
    (re.compile(rf"({_NUMBER})\s?(?:%|percent\b)"), lambda m: f"{number(m[1])} percent"),
    (re.compile(r"\b(\d+)(?:st|nd|rd|th)\b"), lambda m: ordinal(int(m[1]))),
    (re.compile(r"\b(1[1-9]|20)(\d0)s\b"), lambda m: _plural(year(int(m[1] + m[2])))),
    (re.compile(r"(?<![\w'’])['’]?([1-9]0)s\b"), lambda m: _plural(cardinal(int(m[1])))),
    (re.compile(r"(?<![\d,.$£€¥-])\b(\d{1,3})-(\d{1,3})\b(?![\d-])"), _score),
    (re.compile(r"(?<![\d/])\b([1-9])/([234])\b(?![/\d])"), lambda m: _fraction(int(m[1]), int(m[2]))),
    (re.compile(r"(?<=\d)/(?=\d)"), " "),
    (re.compile(r"\b(1[1-9]\d\d|20\d\d)[-–](1[1-9]\d\d|20\d\d|\d\d)\b"),
     lambda m: f"{year(int(m[1]))} to {year(int(m[2])) if len(m[2]) == 4 else cardinal(int(m[2]))}"),
    (re.compile(r"(?<![\d,.$£€¥])\b(1[1-9]\d\d|20\d\d)\b(?![,.]\d|\s?%)"), lambda m: year(int(m[1]))),
    (re.compile(rf"({_NUMBER})\s?(?P<unit>{_alternatives(_UNITS)})(?![\w/])\.?"), lambda m: f"{number(m[1])} {_UNITS[m['unit']]}"),
    (re.compile(r"\bdegrees ([FC])\b\.?"), lambda m: f"degrees {'Fahrenheit' if m[1] == 'F' else 'Celsius'}"),
    (re.compile(r"(?<![\w.])-(?=\d)"), "minus "),
    (re.compile(rf"(?<![A-Za-z])(?:{_NUMBER})"), lambda m: number(m.group()) + " " * m.string[m.end():m.end() + 1].isalpha()),
]


def _keep_full_stop(rule: "str | Callable[[Match[str]], str]") -> Callable[[Match[str]], str]:
    """Wrap a rule so a replaced abbreviation that ended its sentence keeps the full stop."""

    def apply(m: Match[str]) -> str:
        spoken = rule(m) if callable(rule) else m.expand(rule)
        ends_sentence = m.group().endswith(".") and not m.string[m.end():].strip(_CLOSERS + " ")
        return spoken + "." if ends_sentence and not spoken.endswith(".") else spoken

    return apply


_ENGLISH_RULES = [(pattern, _keep_full_stop(rule)) for pattern, rule in _ENGLISH]


def _spell_address(part: str, words: dict[str, str]) -> str:
    return re.sub(r"[._-]", lambda m: f" {words['dot']} " if m.group() == "." else " ", part)


def _neutral(text: str, words: dict[str, str] | None) -> str:
    """The rules for every language: links, e-mail addresses and "&" (where we know the words)."""
    def url(m: Match[str]) -> str:
        if words:
            return words["link"]
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", m.group(), flags=re.IGNORECASE)
        return host.split("/", 1)[0]

    def email(m: Match[str]) -> str:
        if not words:
            return m.group()
        user, _, domain = m.group().partition("@")
        return f"{_spell_address(user, words)} {words['at']} {_spell_address(domain, words)}"

    text = _URL.sub(url, text)
    text = _EMAIL.sub(email, text)
    if words:
        text = re.sub(r"\s*&\s*", f" {words['and']} ", text)
    return text


def to_spoken(text: str, language: str = "en") -> str:
    """The words to say for `text` (one sentence or a few); what is shown stays as written."""
    language = (language or "en").split("-")[0].lower()
    words = _WORDS.get(language)
    spoken = []
    for sentence in split_sentences(text, language) or [text]:
        sentence = _neutral(sentence, words)
        if language == "en":
            for pattern, rule in _ENGLISH_RULES:
                sentence = pattern.sub(rule, sentence)
        spoken.append(" ".join(sentence.split()))
    return " ".join(s for s in spoken if s)
