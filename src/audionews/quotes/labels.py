"""Whether a speaker label may be spoken: a person's or an organisation's name, or a short description
the article itself uses for an unnamed source ("a White House official"); never a fragment of a
sentence, a lower-case word, a date, a headline in capitals, a title without its name or a pronoun.
A wrong name announced is a false statement; no name leaves the quote in the quote voice, unannounced.
"""
from __future__ import annotations

import re

from audionews.quotes.lexicon import lexicon
from audionews.quotes.speakers import Entity

_MAX_DESCRIPTION_WORDS = 6


def not_a_name(label: str, entity: Entity | None, weak: bool = False) -> str | None:
    """Why `label` must not be announced as a speaker, or None when it may be (`entity`: what the
    article's registry knows of it, when it is a name the article uses; `weak`: it was read as the first
    capitalised word of a sentence, not as the subject next to a reporting verb)."""
    words = label.split()
    if not words:
        return "empty"
    lex = lexicon()
    lows = [w.lower().strip(".,;:'’") for w in words]
    if len(words) == 1 and lows[0] in lex.pronouns:
        return "a pronoun"
    if all(_calendar(w) for w in lows):
        return "a date"
    capitalised = [w for w in words if w[0].isupper()]
    if not capitalised or not words[0][0].isupper():
        return _not_a_description(words, lows)
    if any(w[0].islower() for w in words[1:]) and not all(w[0].isupper() or w.lower() in lex.particles
                                                           for w in words):
        return _not_a_description(words, lows)  # "White House official", "Trump supporters"
    if len(words) >= 2 and all(w.isupper() for w in words if re.search(r"[^\W\d_]{2}", w)):
        return "a headline in capitals"
    if any(w[0].isupper() and low in _sentence_words() for w, low in zip(words[1:], lows[1:])):
        return "a piece of a sentence or headline"
    if len(words) >= 2 and lows[-1] in lex.weekdays:
        return "a name run into a date"
    if len(words) == 1 and len(re.sub(r"\W", "", words[0])) <= 1:
        return "an initial"
    if len(words) == 1 and words[0].isupper() and len(words[0]) > 6:
        return "a word in capitals"
    if len(words) == 1 and (lows[0] in lex.head_titles or lows[0] in lex.role_nouns):
        return "a title without a name"
    if weak and entity is not None and entity.kind == "unknown" and len(words) == 1 and not entity.inside:
        return "a capitalised word only ever opening a sentence"
    return None


def _not_a_description(words: list[str], lows: list[str]) -> str | None:
    """A description may be announced when it is short and headed by a noun for people or an organisation
    (its last word, or the word before "of": "secretary of state")."""
    lex = lexicon()
    if len(words) > _MAX_DESCRIPTION_WORDS:
        return "a phrase too long to be a description"
    if lows[0] in lex.pronouns:
        return "a piece of a sentence"
    head = next((k - 1 for k, low in enumerate(lows) if k and low in lex.affiliation | {"for"}), len(lows) - 1)
    if any(low in lex.clause_words or low in lex.auxiliaries or words[k].islower() and low in lex.reporting_verbs
           and k != head for k, low in enumerate(lows[:head + 1])):
        return "a piece of a sentence"
    if lows[head] not in _people_nouns():
        return "a phrase not headed by a word for people"
    return None


def _people_nouns() -> frozenset[str]:
    lex = lexicon()
    singular = lex.person_heads | lex.people_nouns | lex.generic_org_nouns | lex.demonyms | lex.source_nouns
    return singular | lex.plural_people | frozenset(f"{noun}s" for noun in singular)


def _sentence_words() -> frozenset[str]:
    """Words that inside a name, capitalised, show it is a headline or a sentence ("Christie Is Over")."""
    lex = lexicon()
    return (lex.clause_words | lex.passive_auxiliaries | lex.prepositions | frozenset(lex.pronouns)
            | lex.auxiliaries) - {"and", "of", "for"}


def _calendar(word: str) -> bool:
    return word.isdigit() or word in lexicon().calendar_words
