"""Metadata that is true or absent: the byline is a list of names, the date a plausible date, the
title not the site's name.

A page's metadata comes from many places (JSON-LD, meta tags, elements whose class says "author"),
and each sometimes holds something else: a comment form's label ("Nama (wajib)"), a name run
together with a link after it ("Jose AltoverosView More Articles"), a name with the day after it
("Jeff Foust Monday"), a URL slug ("kevin-r"), a placeholder date (0001-01-01), the site's name
as og:title. Each check here repairs what can be repaired and otherwise says the field fails, so
the extractor leaves it out rather than read it aloud.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from audionews.text.boilerplate import byline_name, interface_reason, normalize, words

MAX_NAME_WORDS = 6
EARLIEST_YEAR = 1800  # news archives go back that far; a year before it is a placeholder

_SEPARATORS = re.compile(r"\s*(?:[,;&|·]|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*")
# A lower-case letter run into an upper-case word that starts a link or button ("AltoverosView More Articles").
_GLUED = re.compile(r"(?<=[a-zà-ÿ])(?=(?:View|See|Read|More|Follow|All|Email|Contact|Show|Latest|Posts)\b)")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_FORM_WORDS = re.compile(r"^(?:name|nama|nombre|nom|nome|naam|email|e-mail|website|url|comment|kommentar|"
                         r"author|autor|auteur|your name|full name)$", re.IGNORECASE)
_LOWER_IN_PARENTHESES = re.compile(r"\(\s*[a-zà-ÿ][\w\s]*\)|\*\s*$")
_PARTICLES = frozenset("de da del della der den di do dos du la le van von y al el bin ibn ben st. zu ter".split())
# What follows a name in a dateline-like byline: a weekday, a month with a day, a number.
_DATE_TAIL = re.compile(r"(?:\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b.*"
                        r"|\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d.*|\s+\d.*)$",
                        re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—•·»:-]\s+")


def _cased(text: str) -> bool:
    """The text is written in a script with upper and lower case (Latin, Greek, Cyrillic …)."""
    return any(ch.isupper() or ch.islower() for ch in text if ch.isalpha()) and not any(
        ch.isalpha() and not (ch.isupper() or ch.islower()) for ch in text)


def clean_name(name: str) -> str | None:
    """One author's name, repaired (a link run into it, a date after it, spaces), or None when it is no name."""
    name = " ".join(normalize(name).split()).strip(" ,;:|-–—")
    name = _GLUED.split(name, maxsplit=1)[0]
    name = _DATE_TAIL.sub("", name).strip(" ,;:|-–—")
    tokens = name.split()
    if not name or any(ch.isdigit() for ch in name) or "@" in name or "/" in name or "http" in name.lower():
        return None
    if _FORM_WORDS.match(name) or _LOWER_IN_PARENTHESES.search(name) or interface_reason(name):
        return None
    if not _cased(name):  # Chinese, Japanese, Korean, Arabic … names: length is the only check
        return name if len(name) <= 40 else None
    if _SLUG.match(name) or len(tokens) > MAX_NAME_WORDS:
        return None
    if not all(t[0].isupper() or t.lower() in _PARTICLES or not t[0].isalpha() for t in tokens):
        return None
    return name


def valid_byline(byline: str | None) -> str | None:
    """The byline's names that pass `clean_name`, joined by ", "; None when none does."""
    if not byline:
        return None
    text = _DATE_TAIL.sub("", byline_name(" ".join(normalize(byline).split())))
    parts = [part for part in _SEPARATORS.split(text) if part]
    names = [n for part in parts if (n := clean_name(part))]
    if names == [" ".join(part.split()) for part in parts]:
        return text.strip(" ,;|")  # every name valid as printed: keep its own joining words
    unique = list(dict.fromkeys(names))
    return ", ".join(unique) if unique else None


def valid_date(value: str | None, now: datetime | None = None) -> str | None:
    """An ISO 8601 date or date-time that names a real day between 1800 and tomorrow, else None.

    A date-time at midnight on 1 January 1970 (the Unix epoch, a common empty value) fails too.
    """
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    if moment.year < EARLIEST_YEAR or aware > now + timedelta(days=1):
        return None
    if (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second) == (1970, 1, 1, 0, 0, 0):
        return None
    return value


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def is_site_name(candidate: str, site_names: list[str], page_title: str | None) -> bool:
    """The candidate title is the site's name: a name the page gives for itself, or the part of the
    page's <title> beside the headline ("Headline - Site")."""
    key = _compact(candidate)
    if not key:
        return False
    if any(key == _compact(site) for site in site_names if site):
        return True
    if page_title:
        parts = _TITLE_SEPARATORS.split(page_title)
        if len(parts) >= 2:
            headline = max(parts, key=lambda p: len(words(p)))
            return any(key == _compact(p) for p in parts if p is not headline) and key != _compact(headline)
    return False
