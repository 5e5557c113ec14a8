"""The words the quote stage reads speakers with, per language: titles, honorifics, organisation and
place words, nationality words, role nouns, pronouns, reporting verbs and the small words of phrases.

A language is data: `languages/<code>.toml`, one file per language (its keys are the fields of
`Lexicon`, documented in `languages/en.toml`). `lexicon()` is the lexicon of the article being read,
which `reading(language)` sets for the time of a call; English when nothing is set, and for any
language without a file of its own.
"""
from __future__ import annotations

import tomllib
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Iterator

_LANGUAGES = Path(__file__).with_name("languages")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Lexicon:
    """One language's word lists (lower case) and tables. See languages/en.toml for what each holds."""

    language: str
    reporting_verbs: dict[str, str]  # every finite form → its base form
    participles: dict[str, str]  # -ing participle (in English) → base form
    phrasal_verbs: dict[str, str]  # a verb form → the word that must follow it
    title_abbreviations: dict[str, str]
    pronouns: dict[str, str]  # pronoun → male, female, plural, thing or self
    abbreviations: frozenset[str]
    honorifics: frozenset[str]
    female_words: frozenset[str]
    male_words: frozenset[str]
    head_titles: frozenset[str]
    title_modifiers: frozenset[str]
    org_words: frozenset[str]
    org_descriptors: frozenset[str]
    generic_org_nouns: frozenset[str]
    role_nouns: frozenset[str]
    spokesperson_words: frozenset[str]
    other_person_nouns: frozenset[str]
    speaks_for: frozenset[str]
    demonyms: frozenset[str]
    not_name: frozenset[str]
    temporal_modifiers: frozenset[str]
    particles: frozenset[str]
    of_heads: frozenset[str]
    place_words: frozenset[str]
    org_possessions: frozenset[str]
    name_suffixes: frozenset[str]
    takes_person_object: frozenset[str]
    say_verbs: frozenset[str]
    determiners: frozenset[str]
    passive_auxiliaries: frozenset[str]
    skip_words: frozenset[str]
    clause_words: frozenset[str]
    prepositions: frozenset[str]
    plural_nouns: frozenset[str]
    written_words: frozenset[str]
    irregular_participles: frozenset[str]
    participle_followers: frozenset[str]
    affiliation: frozenset[str]
    alias_cues: frozenset[str]
    copulas: frozenset[str]
    message_nouns: frozenset[str]
    documents: frozenset[str]
    apposition_end: frozenset[str]
    plural_people: frozenset[str]
    drop_determiners: frozenset[str]
    some: frozenset[str]
    naming_nouns: frozenset[str]
    naming_verbs: frozenset[str]
    title_small_words: frozenset[str]
    not_speaker_labels: frozenset[str]
    asker_labels: frozenset[str]
    answer_labels: frozenset[str]
    calendar_words: frozenset[str]
    source_nouns: frozenset[str]
    people_nouns: frozenset[str]
    weekdays: frozenset[str]
    possessives: frozenset[str]
    auxiliaries: frozenset[str]
    person_heads: frozenset[str]  # derived: nouns for people (a name right before one is a modifier)


@lru_cache(maxsize=None)
def load(language: str) -> Lexicon:
    """The lexicon of a language (its primary tag: "en", "de"), or English's when it has no file."""
    path = _LANGUAGES / f"{language.split('-')[0].lower()}.toml"
    return load_file(path if path.is_file() else _LANGUAGES / f"{DEFAULT_LANGUAGE}.toml")


@lru_cache(maxsize=None)
def load_file(path: Path) -> Lexicon:
    """A lexicon from a language file (keys as in languages/en.toml; a list left out is empty)."""
    with path.open("rb") as stream:
        data = tomllib.load(stream)
    forms, participles = _verb_forms(data.pop("reporting_verbs").split(), data.pop("derive_forms", "none"))
    values: dict[str, object] = {"language": data.pop("language"), "reporting_verbs": forms,
                                 "participles": participles}
    for field in fields(Lexicon):
        if field.name in values or field.name == "person_heads":
            continue
        value = data.pop(field.name, "")
        values[field.name] = dict(value) if isinstance(value, dict) else frozenset(value.lower().split())
    if data:
        raise ValueError(f"{path.name}: unknown keys {sorted(data)}")
    values["person_heads"] = frozenset().union(*(values[k] for k in (  # type: ignore[arg-type]
        "spokesperson_words", "role_nouns", "head_titles", "other_person_nouns")))
    return Lexicon(**values)  # type: ignore[arg-type]


def _verb_forms(entries: list[str], derive: str) -> tuple[dict[str, str], dict[str, str]]:
    """Every form of the reporting verbs, to its base form, and their -ing participles. An entry is
    "base" (other forms derived by the language's rules) or "base:form:form…" (forms given)."""
    forms: dict[str, str] = {}
    participles: dict[str, str] = {}
    for entry in entries:
        base, *given = entry.split(":")
        derived = _english_forms(base, given) if derive == "english" else []
        for form in [base, *given, *derived]:
            forms.setdefault(form, base)
        if derive == "english":
            participles[_english_participle(base, given)] = base
    return forms, participles


def _english_forms(base: str, given: list[str]) -> list[str]:
    """The past and third-person forms of a regular English verb (none when they are given)."""
    if given:
        return []
    past = base + ("d" if base.endswith("e") else "ed")
    third = base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")
    return [past, third]


def _english_participle(base: str, given: list[str]) -> str:
    """The -ing form: stopping, taking, saying."""
    past = given[0] if given else base + ("d" if base.endswith("e") else "ed")
    doubled = past.endswith("ed") and len(past) > 4 and past[-3] == past[-4] and not base.endswith(past[-3] * 2)
    stem = past[:-2] if doubled else base[:-1] if base.endswith("e") and not base.endswith("ee") else base
    return stem + "ing"


_current: ContextVar[Lexicon | None] = ContextVar("lexicon", default=None)


def lexicon() -> Lexicon:
    """The lexicon of the article being read (English unless `reading` set another)."""
    return _current.get() or load(DEFAULT_LANGUAGE)


@contextmanager
def reading(language: str) -> Iterator[Lexicon]:
    """Read with `language`'s lexicon for the duration of the block."""
    token = _current.set(load(language or DEFAULT_LANGUAGE))
    try:
        yield _current.get() or load(DEFAULT_LANGUAGE)
    finally:
        _current.reset(token)
