"""Pronunciation rules: the listener's own corrections of how words are said, for every engine.

A rule says: where the shown text has `match`, say `say` instead (an empty `say` skips the match).
`match` is a word or phrase, or with `regex` a regular expression (whose `say` may use its groups,
`\\1` or `\\g<name>`); it is matched in any case unless `case_sensitive`, as a whole word unless
`whole_word` is false (plain rules default to whole words, regular expressions to anywhere), and only
in articles of `language` when one is given.

`Pronunciations.apply` runs every rule over the text in one pass: at each place the longest match
wins (the earlier rule on a tie), and no rule sees another's replacement. It is applied in
`spoken.to_spoken`, before the built-in normalisation, so rules are written against what the
article shows and work the same for every engine and every output.

The rules are kept in `pronunciations.json` in the library's data directory, a file people may edit
by hand: `load` validates it and names the bad rule; `edit` changes it under a lock and rewrites it
atomically.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from audionews.errors import InputError, NotFoundError, OutputError

FILE_NAME = "pronunciations.json"
MAX_MATCH_CHARS = 200
MAX_SAY_CHARS = 500
MAX_RULES = 5000
FIELDS = ("match", "say", "regex", "case_sensitive", "whole_word", "language")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class Rule:
    """One rule, checked when it is made: an invalid rule raises InputError saying what is wrong."""

    match: str
    say: str
    regex: bool = False
    case_sensitive: bool = False
    whole_word: bool | None = None  # None: true for a plain match, false for a regular expression
    language: str | None = None  # BCP 47 primary tag, lower case; None: every language

    def __post_init__(self) -> None:
        if not isinstance(self.match, str) or not self.match.strip():
            raise InputError("The rule has no match: give the word, phrase or regular expression to replace.")
        if not isinstance(self.say, str):
            raise InputError("The rule's say must be text (empty to skip the match).")
        for name in ("regex", "case_sensitive"):
            if not isinstance(getattr(self, name), bool):
                raise InputError(f"The rule's {name} must be true or false.")
        if self.whole_word is None:
            object.__setattr__(self, "whole_word", not self.regex)
        elif not isinstance(self.whole_word, bool):
            raise InputError("The rule's whole_word must be true or false.")
        if len(self.match) > MAX_MATCH_CHARS or len(self.say) > MAX_SAY_CHARS:
            raise InputError(f"The rule is too long: a match has at most {MAX_MATCH_CHARS} characters, "
                             f"a say at most {MAX_SAY_CHARS}.")
        if self.language is not None:
            language = self.language.split("-")[0].lower() if isinstance(self.language, str) else ""
            if not _LANGUAGE.fullmatch(language):
                raise InputError(f"The rule's language {self.language!r} is not a language code; "
                                 "give a two-letter code such as en or de.")
            object.__setattr__(self, "language", language)
        self.pattern  # noqa: B018 - compiled now, so a bad regular expression is refused at once

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        if self.regex:
            try:
                body = re.compile(self.match).pattern
            except re.error as error:
                where = f" at position {error.pos}" if error.pos is not None else ""
                raise InputError(f"The regular expression {self.match!r} is not valid: {error.msg}{where}.") from None
        else:
            body = r"\s+".join(re.escape(word) for word in self.match.split())
        if self.whole_word:
            body = rf"(?<!\w)(?:{body})(?!\w)"
        pattern = re.compile(body, 0 if self.case_sensitive else re.IGNORECASE)
        if pattern.fullmatch(""):
            raise InputError(f"The regular expression {self.match!r} matches empty text; make it match at least "
                             "one character.")
        if self.regex:
            try:
                pattern.sub(self.say, "")  # checks the group references of `say` against the pattern
            except (re.error, IndexError) as error:
                raise InputError(f"The say {self.say!r} refers to a group the regular expression does not have "
                                 f"({error}).") from None
        return pattern

    def replacement(self, found: re.Match[str]) -> str:
        return found.expand(self.say) if self.regex else self.say

    def applies_to(self, language: str) -> bool:
        return self.language is None or self.language == language

    def to_dict(self) -> dict[str, Any]:
        return {"match": self.match, "say": self.say, "regex": self.regex, "case_sensitive": self.case_sensitive,
                "whole_word": self.whole_word, "language": self.language}

    @classmethod
    def from_dict(cls, data: Any) -> "Rule":
        """A rule from its JSON object; unknown fields are refused (a misspelt field would be silently lost)."""
        if not isinstance(data, Mapping):
            raise InputError('A rule is a JSON object such as {"match": "Liberman", "say": "Lee-ber-man"}.')
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            raise InputError(f"The rule has an unknown field {unknown[0]!r}; a rule has {', '.join(FIELDS)}.")
        if "match" not in data or "say" not in data:
            raise InputError('A rule needs both "match" and "say" (an empty say skips the match).')
        return cls(**{name: data[name] for name in FIELDS if name in data})

    def describe(self) -> str:
        """The rule in words, one line: '"Liberman" is said "librarian" (whole word, any case)'."""
        match = f"the pattern \"{self.match}\"" if self.regex else f"\"{self.match}\""
        action = f"is said \"{self.say}\"" if self.say else "is skipped"
        details = ["whole word" if self.whole_word else "anywhere in a word",
                   "exact case" if self.case_sensitive else "any case"]
        if self.language:
            details.append(f"only in {self.language}")
        return f"{match} {action} ({', '.join(details)})"


@dataclass(frozen=True)
class Pronunciations:
    """An ordered set of rules, applied together."""

    rules: tuple[Rule, ...] = field(default=())

    def apply(self, text: str, language: str = "en") -> str:
        """`text` with every rule for `language` applied in one pass (longest match first at each place)."""
        if not self.rules:
            return text
        language = (language or "en").split("-")[0].lower()
        found: list[tuple[int, int, int, re.Match[str]]] = []
        for order, rule in enumerate(self.rules):
            if rule.applies_to(language):
                found += [(m.start(), m.start() - m.end(), order, m) for m in rule.pattern.finditer(text)
                          if m.end() > m.start()]
        if not found:
            return text
        pieces: list[str] = []
        cursor = 0
        for start, _, order, match in sorted(found, key=lambda item: item[:3]):
            if start < cursor:
                continue  # inside a longer or earlier match
            pieces += [text[cursor:start], self.rules[order].replacement(match)]
            cursor = match.end()
        pieces.append(text[cursor:])
        return "".join(pieces)

    def added(self, rule: Rule) -> tuple["Pronunciations", bool]:
        """These rules with `rule`: in place of a rule with the same match, kind and language (True), else last."""
        for index, old in enumerate(self.rules):
            if (old.match, old.regex, old.language) == (rule.match, rule.regex, rule.language):
                return replace(self, rules=self.rules[:index] + (rule,) + self.rules[index + 1:]), True
        if len(self.rules) >= MAX_RULES:
            raise InputError(f"There are already {MAX_RULES} pronunciation rules; remove some before adding more.")
        return replace(self, rules=(*self.rules, rule)), False

    def removed(self, target: str, *, by_index: bool = False) -> tuple["Pronunciations", list[Rule]]:
        """These rules without those whose match is `target` (or, with by_index and no such rule, without the
        rule at that 0-based position); NotFoundError if there is none."""
        kept = tuple(rule for rule in self.rules if rule.match != target)
        if len(kept) == len(self.rules) and by_index and target.isdecimal() and int(target) < len(self.rules):
            index = int(target)
            kept = self.rules[:index] + self.rules[index + 1:]
        if len(kept) == len(self.rules):
            raise NotFoundError(f"There is no pronunciation rule for {target!r}; list the rules to see their matches.")
        return replace(self, rules=kept), [rule for rule in self.rules if rule not in kept]

    def to_dict(self) -> dict[str, Any]:
        return {"rules": [rule.to_dict() for rule in self.rules]}


NO_RULES = Pronunciations()


def rules_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def parse(text: str, where: str) -> Pronunciations:
    """Rules from the JSON text of a rules file; `where` names the file in errors."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"The pronunciation rules in {where} are not valid JSON (line {error.lineno}, column "
                         f"{error.colno}: {error.msg}); fix the file or remove it.") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError(f'The pronunciation rules in {where} must be a JSON object {{"rules": [...]}}; '
                         "fix the file or remove it.")
    rules = []
    for number, item in enumerate(data["rules"], 1):
        try:
            rules.append(Rule.from_dict(item))
        except InputError as error:
            match = f" ({item['match']!r})" if isinstance(item, dict) and isinstance(item.get("match"), str) else ""
            raise InputError(f"Pronunciation rule {number}{match} in {where} is not valid: {error} "
                             "Fix or remove that rule.") from None
    if len(rules) > MAX_RULES:
        raise InputError(f"{where} has {len(rules)} pronunciation rules, more than the {MAX_RULES} allowed.")
    return Pronunciations(tuple(rules))


def load(path: Path) -> Pronunciations:
    """The rules kept in `path`; none if the file does not exist."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return NO_RULES
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise InputError(f"The pronunciation rules in {path} cannot be read ({reason}); fix or remove the file.") from None
    return parse(text, str(path))


def save(path: Path, rules: Pronunciations) -> None:
    """Write the rules atomically (a temporary file renamed into place), as indented, human-editable JSON."""
    path = Path(path)
    text = json.dumps(rules.to_dict(), ensure_ascii=False, indent=2) + "\n"
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"The pronunciation rules could not be saved in {path} ({error.strerror or error}); "
                          "check that the folder is writable.") from None


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(lock_path, "a")  # noqa: SIM115 - closed below
    except OSError as error:
        raise OutputError(f"The pronunciation rules in {path.parent} cannot be changed ({error.strerror or error}); "
                          "check that the folder is writable.") from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def edit(path: Path, change: Callable[[Pronunciations], Pronunciations]) -> Pronunciations:
    """Load, change and save the rules as one step, safe against another process doing the same."""
    path = Path(path)
    with _locked(path):
        rules = change(load(path))
        save(path, rules)
    return rules
