"""Speech or mention: whether quoted words are someone speaking, or a title, a slogan, a word used as a
word or a scare quote (`boasted that he had "great intel"`), which the narrator reads as narration."""
from __future__ import annotations

import re
from typing import Literal

from audionews.quotes.attribution import Attribution, sentence_tail
from audionews.quotes.lexicon import lexicon
from audionews.quotes.speakers import tokenize


def mention_cue(text: str, start: int) -> Literal["naming", "weak"] | None:
    """How the words before a quote, in its sentence, mark it as a mention: the word "…" (naming) or
    dubbed "…" (weak). A sentence ending in "program." cues nothing in the next one."""
    tokens = [t for t in sentence_tail(tokenize(text[max(0, start - 40):start])) if t.is_word]
    before = [t.low for t in tokens][-2:]
    if not before:
        return None
    if tokens[-1].is_possessive and tokens[-1].is_capitalised:  # CNN's "State of the Union"
        return "naming"
    if before[-1] in lexicon().naming_nouns or " ".join(before) in {"known as", "referred to"}:
        return "naming"
    if before[-1] in lexicon().naming_verbs or len(before) == 2 and before[0] in lexicon().naming_verbs | lexicon().naming_nouns:
        return "weak"
    return None


def is_speech(content: str, attribution: Attribution | None, cue: str | None, closed: bool,
              long: bool = False, comma_after: bool = False) -> bool:
    """Speech, not a mention: attributed words of some length, or a whole sentence or more.

    `long` says the quote runs on into the next paragraph, which only speech does; `comma_after`
    that a comma follows the closing mark (`„…“, sagte er`), as before an attribution in any language.
    """
    words = re.findall(r"[^\W_]+(?:['’][^\W_]+)*", content)
    if not words:
        return False
    stripped = content.strip(" .…-—–([")
    starts_upper = bool(stripped) and stripped[0].isupper()
    last = content.rstrip()[-1:]
    whole = starts_upper and (long or last in ".?!…" or (last in ",—–-:" and attribution is not None)
                              or comma_after and len(words) >= 2
                              or bool(re.search(r"[.?!]\s+[A-Z]", content)))
    if not closed:
        return attribution is not None and len(words) >= 3
    if cue == "naming" or cue == "weak" and len(words) <= 4:
        return False
    if _title_like(words) and last not in ".?!," or _headline_case(words):
        return False
    if attribution is not None:
        return whole or len(words) >= 3 and (attribution.verb not in lexicon().naming_verbs or len(words) > 4)
    return whole


def _title_like(words: list[str]) -> bool:
    long_words = [w for w in words if len(w) > 3]
    return len(words) <= 8 and bool(long_words) and all(w[0].isupper() for w in long_words)


def _headline_case(words: list[str]) -> bool:
    """Capitalised words around lower-case little ones: "State of the Union", "Meet the Press"."""
    capitalised = [w for w in words if len(w) > 3]
    return (_title_like(words) and len(capitalised) >= 2
            and any(w in lexicon().title_small_words for w in words[1:-1]))
