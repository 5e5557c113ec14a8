"""Shown text → spoken text: the one place where what is read aloud may differ from what is shown.

`to_spoken(text, language)` rewrites a sentence the way a newsreader would say it, so that every
engine (espeak-ng, Piper, …) gets words rather than symbols it may misread:

- every language: bare URLs → "link", e-mail addresses spelled out ("jane dot doe at example dot com"),
  "&" → "and" (in the languages we have words for);
- English only: abbreviations (Gen. → General, U.S. → "US", No. 5 → number five, St. → Saint or
  Street), numbers to words (cardinals, ordinals, decimals, years, decades, scores), dates
  ("May 10, 2017" → "May tenth, twenty seventeen"), times ("10:30 p.m." → "ten thirty PM"),
  percentages, currency ("$5 million" → "five million dollars"), a few units.

The listener's own pronunciation rules (`pronunciations.py`) are applied first, to the text as shown.
The built-in rules are tables and small functions applied in a fixed order; each sentence is handled on
its own so that an abbreviation ending a sentence keeps its full stop.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Match

from audionews.speech.pronunciations import NO_RULES, Pronunciations
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
               "C$": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
               "A$": ("Australian dollar", "Australian dollars", "cent", "cents"),
               "NZ$": ("New Zealand dollar", "New Zealand dollars", "cent", "cents"),
               "HK$": ("Hong Kong dollar", "Hong Kong dollars", "cent", "cents"),
               "£": ("pound", "pounds", "penny", "pence"), "€": ("euro", "euros", "cent", "cents"),
               "¥": ("yen", "yen", "sen", "sen"), "₹": ("rupee", "rupees", "paisa", "paise")}
_CURRENCY = r"(?P<symbol>US\$|C\$|A\$|NZ\$|HK\$|[$£€¥₹])"
_UNITS = {"mph": "miles per hour", "km/h": "kilometers per hour", "kph": "kilometers per hour",
          "km": "kilometers", "kg": "kilograms", "lbs": "pounds", "lb": "pounds", "cm": "centimeters",
          "mm": "millimeters", "ft": "feet", "°F": "degrees Fahrenheit", "°C": "degrees Celsius", "°": "degrees"}

# "$1.8B", "£2bn", "€40m", "$10K": the magnitude written as a letter or two after the amount.
_SHORT_SCALES = {"k": "thousand", "m": "million", "mn": "million", "b": "billion", "bn": "billion",
                 "t": "trillion", "tn": "trillion", "trn": "trillion"}
_SHORT_SCALE = r"(?P<short>(?i:trn|tn|bn|mn|[kmbt]))"
# Words after which "a $20 ..." is not an adjective ("a $20 fine" is, "a $20 in change" is not).
_NOT_NOUNS = set("""a an the and or but nor of in on at to for from by with into onto over under per each every
    than that which who whom whose this these those is was were are be been being will would could should can may
    might must has had have do does did as if so when while after before since until till via plus minus more less
    off out up down apiece""".split())
# Roman numerals: after a name the ordinal ("Henry VIII", "Pope Leo XIV"), after these words the number.
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_CARDINAL_AFTER = ("World War", "Super Bowl", "Title", "Chapter", "Phase", "Type", "Class", "Category",
                         "Stage", "Part", "Article", "Section", "Vatican", "Apollo", "Book", "Volume", "Act", "Episode",
                         "Rocky")
# Names that take a one-letter numeral ("Henry V", "Rama X"); any capitalised word takes longer ones.
_MONARCHS = ("Henry", "Edward", "George", "William", "Charles", "Louis", "Philip", "Felipe", "Frederick", "Christian",
             "Gustav", "Carl", "Olav", "Haakon", "Harald", "Leo", "Pius", "Paul", "John", "Benedict", "Gregory",
             "Clement", "Innocent", "Urban", "Alexander", "Nicholas", "Ivan", "Rama", "Mohammed", "Richard", "James",
             "Ludwig", "Wilhelm", "Umberto", "Ferdinand", "Constantine", "Peter")
# US time zones by the letter they start with (ET, EDT, CST …); other zones are read as letters.
_TIME_ZONES = {"E": "Eastern", "C": "Central", "M": "Mountain", "P": "Pacific"}
_OTHER_ZONES = {"AEST": "Australian Eastern", "AEDT": "Australian Eastern"}
_ZONE = r"(?:\s(?P<zone>[ECMP][SD]?T|GMT|UTC|BST|CES?T|EES?T|IST|JST|HKT|SGT|MSK|AES?T|AEDT)\b)?"
# Phone numbers are read digit by digit, a group at a time: "(202) 555-0143", "1-800-273-8255", "+44 20 7946 0958".
_PHONE = re.compile(r"(?<![\w+(])(?:\+\d{1,3}(?:[ .-]\(?\d{1,4}\)?){2,5}(?![\w-])"
                    r"|(?:1[-. ])?(?:\(\d{3}\) ?|\d{3}[-.])\d{3}[-.]\d{4}(?![\w-]))")
_SHORT_PHONE = re.compile(r"\b(?P<context>(?i:call|dial|phone|text|line|hotline|number|at)) "
                          r"(?P<number>[2-9]\d{2}-\d{4})\b(?![-\d])")
_EMERGENCY = re.compile(r"\b(?P<number>[2-9]11|999|112|988)\b(?=(?: \w+)? (?i:call|calls|caller|dispatchers?|operators?"
                        r"|line|hotline|center|centre|emergency)\b)|\b(?P<context>(?i:call|called|dial|dialed|dialled"
                        r"|calling|text)) (?P<after>[2-9]11|999|112|988)\b")
# A score is read "four-three", a vote, ruling or range "five to four": the words around say which it is.
_SCORE_WORDS = set("""won win wins beat beats beaten defeated defeat defeats lost lose loses losing drew draw
    tied tie victory lead led leads leading trailing trailed scored score final finals match game games goal goals
    set sets innings inning overtime half quarter period shootout penalties""".split())
_VOTE_WORDS = set("""vote votes voted voting ruling ruled rule decision decided majority margin ballot senate
    house court justices jury panel board approved passed rejected split""".split())
# Four-digit numbers read as years unless counted: "1999 units" is an amount, "in 1999" and "the 1999 season" years.
_YEAR_BEFORE = set("""in since by from until till of during before after early late mid the between and to through
    year years fiscal spring summer fall autumn winter season class circa""".split())
_COUNTED = re.compile(r"(?:[a-z]{3,}s|people|men|women|children|staff|police|personnel|cattle|sheep|feet|fish)\b")
# Initialisms espeak-ng (and so Piper and pyttsx3, which speak through it) reads as a word within a sentence
# ("WHO" as "who", "ACLU" as "acklue"; measured, see tests): spelled with dots between the letters ("W.H.O"),
# which it reads letter by letter without a pause. The rest it gets right: letters for FBI, EPA or IMF, a word
# for NATO, ISIS, FEMA or OPEC. (A sentence all in capitals is read word by word and left alone.)
_SPELLED = set("AARP ACLU AU EEOC FDIC FOMC IAEA ICAO ICBM IRGC OSCE USPS WHO YMCA".split())
_VULGAR = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅛": (1, 8)}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORDS = r"thousand|million|billion|trillion"
_MONEY_SCALES = _SCALE_WORDS + "|crore|lakh"  # "₹500 crore": "five hundred crore rupees"


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
    one = {2: "half", 4: "quarter"}.get(denominator) or ordinal(denominator)
    many = "halves" if denominator == 2 else one + "s"
    return f"{cardinal(numerator)} {one if numerator == 1 else many}"


def _mixed(whole: str, numerator: int, denominator: int) -> str:
    """"2 1/2" → "two and a half", "3 2/3" → "three and two thirds"."""
    fraction = _fraction(numerator, denominator)
    return f"{number(whole)} and " + (fraction.replace("one ", "a ", 1) if numerator == 1 else fraction)


def roman(text: str) -> int | None:
    """The value of a Roman numeral in canonical form (up to 399), or None: "XIV" → 14, "IIII" → None."""
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for ch, following in zip(text, text[1:] + " "):
        value = _ROMAN[ch]
        total += -value if following != " " and _ROMAN[following] > value else value
    return total if 0 < total < 400 and _to_roman(total) == text else None


def _to_roman(n: int) -> str:
    digits = []
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
                           (1, "I")):
        count, n = divmod(n, value)
        digits.append(letters * count)
    return "".join(digits)


def _plural(words: str) -> str:
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


# --- English rules ---------------------------------------------------------------------------------

def _adjective(m: Match[str]) -> bool:
    """Whether the amount describes the noun after it, as in "a $20 ticket" or "a $5 million fine"."""
    before = m.string[: m.start()].split()
    after = re.match(r"\s([a-z]+)\b", m.string[m.end():])
    return bool(before and before[-1].lower() in ("a", "an") and after and after[1] not in _NOT_NOUNS)


def _money(m: Match[str]) -> str:
    one, many, cent, cents = _CURRENCIES[m["symbol"]]
    amount, scale = m["amount"], m["scale"] or _SHORT_SCALES.get((m["short"] or "").lower())
    adjective = _adjective(m)  # "a $20 ticket": "a twenty dollar ticket"
    if scale:
        return f"{number(amount)} {scale} {one if adjective else many}"
    if adjective and "." not in amount:
        return f"{cardinal(int(amount.replace(',', '')))} {one}"
    whole, _, fraction = amount.replace(",", "").partition(".")
    units = int(whole or "0")
    parts = []
    if units or not fraction:
        parts.append(f"{cardinal(units)} {one if units == 1 else many}")
    if fraction and int(fraction[:2].ljust(2, "0")):
        hundredths = int(fraction[:2].ljust(2, "0"))
        parts.append(f"{cardinal(hundredths)} {cent if hundredths == 1 else cents}")
    return " and ".join(parts)


def _money_range(m: Match[str]) -> str:
    """"$5-10 million" → "five to ten million dollars", "$20-$30" → "twenty to thirty dollars"."""
    _, many, _, _ = _CURRENCIES[m["symbol"]]
    scale = m["scale"] or _SHORT_SCALES.get((m["short"] or "").lower())
    return f"{number(m['low'])} to {number(m['amount'])}" + (f" {scale}" if scale else "") + f" {many}"


def _zone(zone: str) -> str:
    if zone in _OTHER_ZONES:
        return _OTHER_ZONES[zone]
    return _TIME_ZONES[zone[0]] if len(zone) <= 3 and zone[-1] == "T" and zone[0] in _TIME_ZONES and \
        zone[1:-1] in ("", "S", "D") else zone


def _time(m: Match[str]) -> str:
    hour, minutes = int(m["hour"]), m["minutes"]
    words = cardinal(hour)
    if minutes and minutes != "00":
        words += " " + (f"oh {cardinal(int(minutes))}" if minutes.startswith("0") else cardinal(int(minutes)))
    elif minutes and not m["half"] and (hour > 12 or m["hour"].startswith("0")):
        words += " hundred"  # 24-hour time on the hour: "fourteen hundred GMT"
    if m["half"]:
        words += f" {m['half'].upper()}M"
    if m["zone"]:
        words += " " + _zone(m["zone"])
    return words


def _military_time(m: Match[str]) -> str:
    """"0900 GMT" → "oh nine hundred GMT", "1430 GMT" → "fourteen thirty GMT"."""
    hour, minutes = int(m["digits"][:2]), int(m["digits"][2:])
    words = ("oh " if m["digits"].startswith("0") else "") + cardinal(hour)
    words += f" {cardinal(minutes)}" if minutes >= 10 else f" oh {cardinal(minutes)}" if minutes else " hundred"
    return f"{words} {_zone(m['zone'])}"


def _digits(text: str) -> str:
    """Digits one by one, groups apart: "(202) 555-0143" → "two zero two, five five five, zero one four three"."""
    groups = re.findall(r"\d+", text)
    words = ", ".join(" ".join(_ONES[int(digit)] for digit in group) for group in groups)
    return ("plus " if text.startswith("+") else "") + words


def _number_word(m: Match[str]) -> str:
    """"No. 5" → "number five", "Nos. 4 and 5" → "numbers four and five" (capitalised where the sentence starts)."""
    word = "numbers " if m.group().startswith("Nos") else "number "
    return word.capitalize() if m.start() == 0 else word


def _emergency(m: Match[str]) -> str:
    """"911 call" → "nine one one call", "dial 999" → "dial nine nine nine"."""
    digits = " ".join(_ONES[int(digit)] for digit in m["number"] or m["after"])
    return f"{m['context']} {digits}" if m["context"] else digits


def _date(m: Match[str]) -> str:
    month = _MONTH_ABBREVIATIONS.get(m["month"], m["month"])
    words = f"{month} {ordinal(int(m['day']))}" + (f" to {ordinal(int(m['last']))}" if m["last"] else "")
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
    """Two numbers with a dash: a score ("won 4-3": "four-three") or a vote, ruling or range ("five to four")."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", m.string[max(m.start() - 40, 0): m.end() + 25])}
    first, second = number(m[1]), number(m[2])
    if words & _SCORE_WORDS and not words & _VOTE_WORDS and int(m[1]) < 100 and int(m[2]) < 100:
        return f"{first}-{second}"
    return f"{first} to {second}"


def _percent_range(m: Match[str]) -> str:
    first = number(m["low"]) + (" percent" if m["sign"] else "")
    return f"{first} to {number(m['high'])} percent"


def _regnal(m: Match[str]) -> str:
    """"Henry VIII" → "Henry the Eighth"; after "World War", "Title", "Super Bowl" … the number: "Title Nine"."""
    value = roman(m["numeral"])
    cardinal_after = m["name"].endswith(_ROMAN_CARDINAL_AFTER)
    if value is None or (len(m["numeral"]) == 1 and not cardinal_after and m["name"].split()[-1] not in _MONARCHS):
        return m.group()
    if cardinal_after:
        return f"{m['name']} {cardinal(value).capitalize()}"
    return f"{m['name']} the {ordinal(value).capitalize()}"


def _year_or_amount(m: Match[str]) -> str:
    """A year ("in 1999": "nineteen ninety-nine") unless it counts something ("1999 units": an amount)."""
    before = m.string[: m.start()].split()
    counted = _COUNTED.match(m.string[m.end():].lstrip()) and m.string[m.end():m.end() + 1] == " "
    if counted and not (before and before[-1].lower().strip("(,") in _YEAR_BEFORE):
        return cardinal(int(m[1]))
    return year(int(m[1]))


def _spelled(m: Match[str]) -> str:
    """"WHO" → "W.H.O", "ICBMs" → "I.C.B.M's": letters an engine would otherwise read as a word. Not in all-caps text."""
    letters = sum(ch.isalpha() for ch in m.string)
    if letters and sum(ch.isupper() for ch in m.string) > 0.6 * letters:
        return m.group()
    return ".".join(m["letters"]) + ("'s" if m["tail"] else "")


def _party(m: Match[str]) -> str:
    state = m["state"].rstrip(".")
    return f"{_PARTIES[m['party']]} of {_STATES.get(state, state)}"


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


Rule = tuple["re.Pattern[str]", "str | Callable[[Match[str]], str]"]

_STATE_NAMES = _alternatives(_STATES)
_ENGLISH: list[Rule] = [
    (_PHONE, lambda m: _digits(m.group())),
    (_SHORT_PHONE, lambda m: f"{m['context']} {_digits(m['number'])}"),
    (_EMERGENCY, _emergency),
    (re.compile(rf"\b(?P<party>[DRI])-(?P<state>{_STATE_NAMES}|[A-Z]{{2}}|(?!Day\b)[A-Z][a-z]+)\b\.?(?=[\s,;)]|$)"), _party),
    (re.compile(rf"(?<=, )(?P<state>{_STATE_NAMES})\.(?=[\s,]|$)"), lambda m: _STATES[m["state"]]),
    (re.compile(rf"{_CURRENCY}\s?(?P<low>{_NUMBER})\s?(?:[-–]|\sto\s)\s?(?P=symbol)?(?P<amount>{_NUMBER})"
                rf"(?:\s(?P<scale>{_MONEY_SCALES})\b|{_SHORT_SCALE}\b)?"), _money_range),
    (re.compile(rf"{_CURRENCY}\s?(?P<amount>{_NUMBER})(?:\s(?P<scale>{_MONEY_SCALES})\b|{_SHORT_SCALE}\b)?"), _money),
    (re.compile(r"\b(?P<hour>\d{1,2})(?::(?P<minutes>\d{2}))?\s?(?P<half>[ap])\.?m\b\.?(?!\w)(?-i:" + _ZONE + ")",
                re.IGNORECASE), _time),
    (re.compile(r"\b(?P<hour>[01]?\d|2[0-3]):(?P<minutes>[0-5]\d)\b(?P<half>)" + _ZONE), _time),
    (re.compile(r"\b(?P<digits>[01]\d[0-5]\d|2[0-3][0-5]\d)\s(?P<zone>GMT|UTC)\b"), _military_time),
    (re.compile(r"\b(?P<when>noon|midnight) (?P<zone>[ECMP][SD]?T)\b"), lambda m: f"{m['when']} {_zone(m['zone'])}"),
    (re.compile(rf"\b(?P<month>{'|'.join(_MONTHS)}|{_alternatives(_MONTH_ABBREVIATIONS)})\.?\s(?P<day>[12]\d|3[01]|0?[1-9])"
                r"(?:st|nd|rd|th)?\b(?:[-–](?P<last>[12]\d|3[01]|0?[1-9])\b)?(?:,\s(?P<year>1\d{3}|20\d\d)\b)?"), _date),
    (re.compile(rf"\b(?P<day>[12]\d|3[01]|0?[1-9])\s(?P<month>{'|'.join(_MONTHS)})(?:\s(?P<year>1\d{{3}}|20\d\d)\b)?"),
     _day_month),
    (re.compile(rf"\b(?P<month>{_alternatives(_MONTH_ABBREVIATIONS)})\."), lambda m: _MONTH_ABBREVIATIONS[m["month"]]),
    (re.compile(r"\b(?:No|no)\.\s?(?=\d)|#(?=\d)|(?<=[a-z] )No (?=\d)|^No (?=10\b)"), _number_word),
    (re.compile(r"\bNos\.\s?(?=\d)"), _number_word),
    (re.compile(r"(?<![\w.])(?:" + _alternatives(_ANYWHERE) + r")(?!\w)"), lambda m: _ANYWHERE[m.group()]),
    (re.compile(r"\b(?P<name>World War) (?P<numeral>I{1,2})\b"), _regnal),
    (re.compile(r"\b(?P<name>Super Bowl) (?P<numeral>[IVXLC]{1,8})\b"), _regnal),
    (re.compile(r"\b(?P<name>[A-Z][a-z]+) (?P<numeral>[IVX]{1,6})\b(?!['’-])"), _regnal),  # not "Size XL"
    (re.compile(r"\bvs\b\.?"), "versus"),
    (re.compile(r"(?<![\w&])#(?=[A-Za-z])"), "hashtag "),
    (re.compile(r"(?<![\w.])@(?=\w)"), "at "),
    (re.compile(r"\bSt\.(?=\s|$)"), _st),
    (re.compile(rf"\b(?P<abbr>{_alternatives(_TITLES)})\.(?=\s+[A-Z])"), lambda m: _TITLES[m["abbr"]]),
    (re.compile(r"\bDr\.(?=\s|$|,)"), "Drive"),
    (re.compile(rf"(?<=[A-Za-z,] )(?P<abbr>{_alternatives(_AFTER_NAME)})\.(?=[\s,;)’'\"]|$)"), lambda m: _AFTER_NAME[m["abbr"]]),
    (re.compile(r"\b([A-Z][\w’'-]*) v\. (?=[A-Z])"), r"\1 versus "),
    (re.compile(r"\b(?:[A-Za-z]\.){2,}(?!\w)"), _acronym),
    (re.compile(rf"\b(?P<letters>{_alternatives(_SPELLED)})(?P<tail>s|['’]s)?\b(?![-.]\w)"), _spelled),
    # An initial's dot makes engines pause ("John F. Kennedy"); "A" keeps it or it is read as the article.
    (re.compile(r"\b([B-Z])\.(?=\s+[A-Z])"), r"\1"),
    (re.compile(rf"(?P<low>{_NUMBER})\s?(?P<sign>%)?\s?[-–]\s?(?P<high>{_NUMBER})\s?(?:%|percent\b|per cent\b)"),
     _percent_range),
    (re.compile(rf"({_NUMBER})\s?(?:%|percent\b|pc\b)"), lambda m: f"{number(m[1])} percent"),
    (re.compile(r"\b(\d+)(?:st|nd|rd|th)\b"), lambda m: ordinal(int(m[1]))),
    (re.compile(r"\b(1[1-9]|20)(\d0)s\b"), lambda m: _plural(year(int(m[1] + m[2])))),
    (re.compile(r"(?<![\w'’])['’]?([1-9]0)s\b"), lambda m: _plural(cardinal(int(m[1])))),
    (re.compile(r"(?<![\d,.$£€¥-])\b(\d{1,3})[-–](\d{1,3})\b(?![\d-])"), _score),
    (re.compile(r"\b(\d+) ([1-9])/([2-68]|10)\b(?![/\d])"), lambda m: _mixed(m[1], int(m[2]), int(m[3]))),
    (re.compile(r"(?<![\d/])\b([1-9])/([2-68]|10)\b(?![/\d])"), lambda m: _fraction(int(m[1]), int(m[2]))),
    (re.compile(rf"(?P<whole>\d+)?(?P<vulgar>[{''.join(_VULGAR)}])"),
     lambda m: _mixed(m["whole"], *_VULGAR[m["vulgar"]]) if m["whole"] else _fraction(*_VULGAR[m["vulgar"]])),
    (re.compile(r"(?<=\d)/(?=\d)"), " "),
    (re.compile(r"\b(1[1-9]\d\d|20\d\d)[-–](1[1-9]\d\d|20\d\d|\d\d)\b"),
     lambda m: f"{year(int(m[1]))} to {year(int(m[2])) if len(m[2]) == 4 else cardinal(int(m[2]))}"),
    (re.compile(r"(?<![\d,.$£€¥])\b(1[1-9]\d\d|20\d\d)\b(?![,.]\d|\s?%)"), _year_or_amount),
    (re.compile(r"(?<![\w.])[-−](?=\d)"), "minus "),
    (re.compile(r"\b(\d{1,3}(?:\.\d)?)(?P<unit>[CF])\b(?![-'’])"),
     lambda m: f"{number(m[1])} degrees {'Fahrenheit' if m['unit'] == 'F' else 'Celsius'}"),
    (re.compile(rf"({_NUMBER})\s?(?P<unit>{_alternatives(_UNITS)})(?![\w/])\.?"), lambda m: f"{number(m[1])} {_UNITS[m['unit']]}"),
    (re.compile(r"\bdegrees ([FC])\b\.?"), lambda m: f"degrees {'Fahrenheit' if m[1] == 'F' else 'Celsius'}"),
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


def to_spoken(text: str, language: str = "en", rules: Pronunciations = NO_RULES) -> str:
    """The words to say for `text` (one sentence or a few); what is shown stays as written.

    The listener's pronunciation `rules` come first, on the text as shown, then the built-in rules.
    """
    language = (language or "en").split("-")[0].lower()
    text = rules.apply(text, language)
    words = _WORDS.get(language)
    spoken = []
    for sentence in split_sentences(text, language) or [text]:
        sentence = _neutral(sentence, words)
        if language == "en":
            for pattern, rule in _ENGLISH_RULES:
                sentence = pattern.sub(rule, sentence)
        spoken.append(" ".join(sentence.split()))
    return " ".join(s for s in spoken if s)
