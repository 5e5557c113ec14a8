"""Language codes as people give them (BCP 47: "de", "pt-br", "en-GB"): is it a language, and which voices speak it."""
from __future__ import annotations

import re


def normal(code: str) -> str:
    """A language tag in the form the engines list it: lower case, hyphens ("en_GB" → "en-gb")."""
    return code.strip().lower().replace("_", "-")


def is_language(code: str) -> bool:
    """True when the tag's language subtag is one CLDR knows (ISO 639: "de", "yue", "fil")."""
    from babel import Locale, UnknownLocaleError

    primary = normal(code).split("-")[0]
    if not re.fullmatch(r"[a-z]{2,3}", primary):
        return False
    try:
        Locale.parse(primary)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def speaks(voice_language: str, wanted: str) -> bool:
    """Whether a voice of `voice_language` serves `wanted`: the same tag, a regional voice of the language
    asked for ("de-at" for "de"), or the general voice of a regional tag asked for ("pt" for "pt-br")."""
    have, want = normal(voice_language), normal(wanted)
    return have == want or have.startswith(want + "-") or want.startswith(have + "-")
