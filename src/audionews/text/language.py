"""The language of an article, identified from its text; the page's markup is only a hint.

Pages often declare the wrong language: a site's German edition tags the English articles it
carries `de`, a template tags every page `en`. So the text decides, with lingua-language-detector
(its n-gram models ship inside the package; no download), and the markup's language is taken only
when the text cannot tell: too little text, or the hint is nearly as likely as the best guess.
Both are kept when they disagree, so the JSON can show them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SAMPLE_CHARS = 1000  # enough text to tell any two languages apart; the rest only costs time
MIN_LETTERS = 40  # below this the markup (or the stop-word guess) decides
HINT_SHARE = 0.5  # the hint wins when its confidence is at least this share of the best one
# Old or regional codes that pages use for the languages lingua names otherwise.
_ALIASES = {"no": "nb", "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "fil": "tl"}


@dataclass(frozen=True)
class Identified:
    """The language to read the article in, and the page's own declaration when it says otherwise."""

    language: str
    page: str | None = None  # the markup's language, only when it differs from `language`


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import LanguageDetectorBuilder

    # Low-accuracy mode uses the trigram models only: it loads in well under a second and needs tens of
    # megabytes instead of nearly a gigabyte, and is as accurate as the full models from about 120
    # characters on (lingua's own measurements), which a news article always has.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def hint_code(value: str | None) -> str | None:
    """A markup language value ("en-GB", "de_DE", "iw") as a lower-case primary code, or None."""
    if not value:
        return None
    primary = re.split(r"[-_]", str(value).strip())[0].lower()
    if not re.fullmatch(r"[a-z]{2,3}", primary):
        return None
    return _ALIASES.get(primary, primary)


def identify(text: str, hint: str | None = None, fallback: str = "en") -> Identified:
    """The language of `text` ("en", "de" …). `hint` is the page's declared language; `fallback` is used
    when there is neither enough text nor a hint."""
    hint = hint_code(hint)
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return Identified(hint or fallback)
    confidences = _detector().compute_language_confidence_values(sample)
    if not confidences:
        return Identified(hint or fallback)
    best = confidences[0]
    code = best.language.iso_code_639_1.name.lower()
    if hint and hint != code:
        hinted = next((c.value for c in confidences if c.language.iso_code_639_1.name.lower() == hint), 0.0)
        if hinted >= HINT_SHARE * best.value:
            return Identified(hint)
        return Identified(code, page=hint)
    return Identified(code)
