"""Who is who: word tokens, capitalised name spans, titles stripped to canonical names, and a
registry of the people and organisations an article mentions.

The registry turns a later surname ("Ortiz") or a description ("the defense minister") into the
full name first seen ("Lena Ortiz"), and finds the person a pronoun ("he added") stands for.
The word lists it reads names with are in `lexicon`.
"""
from __future__ import annotations

import bisect
import heapq
import itertools
import re
from dataclasses import dataclass, field
from typing import Iterator, Literal

from audionews.quotes.first_names import gender_of_name
from audionews.quotes.lexicon import lexicon

EntityKind = Literal["person", "org", "unknown"]

_TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # initials and abbreviations: H.R., U.S.
    r"|[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?"  # words, with inner apostrophes/hyphens and a trailing period
    r"|\d+(?:[.,:]\d+)*"
    r"|\S",
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def bare(self) -> str:
        """Lower case, without a trailing possessive or period."""
        return re.sub(r"(?:['’]s?|\.)$", "", self.text).lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_possessive(self) -> bool:
        return bool(re.search(r"[^\W\d_]['’]s$", self.text))


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Words (with initials, inner apostrophes and known abbreviations kept whole) and punctuation."""
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(text):
        word, start = match.group(), match.start() + offset
        if (len(word) > 1 and word.endswith(".") and word[0].isalpha() and "." not in word[:-1]
                and word[:-1].lower() not in lexicon().abbreviations and not (len(word) == 2 and word[0].isupper())):
            tokens.append(Token(word[:-1], start, start + len(word) - 1))
            tokens.append(Token(".", start + len(word) - 1, start + len(word)))
        else:
            tokens.append(Token(word, start, start + len(word)))
    return tokens


@dataclass(frozen=True)
class NameSpan:
    """A run of capitalised words that may name someone, as token indices [first, last)."""

    first: int
    last: int
    possessive: bool


def name_spans(tokens: list[Token], start: int = 0, end: int | None = None) -> list[NameSpan]:
    """The name spans of tokens[:end] that start at `start` or later. Only a few tokens before `start`
    are read (from the last one no name can hold), so asking about a phrase costs the phrase, not the
    paragraph before it."""
    return list(_name_spans(tokens, start, end))


def name_span_at(tokens: list[Token], first: int, end: int | None = None) -> NameSpan | None:
    """The name span of tokens[:end] that starts at token `first`, if one does."""
    span = next(_name_spans(tokens, first, end), None)
    return span if span is not None and span.first == first else None


def _name_spans(tokens: list[Token], start: int, end: int | None) -> Iterator[NameSpan]:
    end = len(tokens) if end is None else min(end, len(tokens))
    i = _name_boundary(tokens, start)
    while i < end:
        if not _starts_name(tokens, i):
            i += 1
            continue
        j = i + 1
        while j < end and not tokens[j - 1].is_possessive:
            if _continues_name(tokens[j]):
                j += 1
            elif _plural_possessive(tokens, j) and j + 1 < end and _continues_name(tokens[j + 1]):
                j += 2  # the National Rail Users' Forum, the Teachers' Union
            elif (tokens[j].low in lexicon().particles and j + 1 < end and _continues_name(tokens[j + 1])
                  and tokens[j + 1].low not in lexicon().not_name
                  and (tokens[j].low not in {"of", "for"} or tokens[j - 1].bare in lexicon().of_heads)):
                j += 2
            else:
                break
        j = _split_coordination(tokens, i, j)
        if i >= start:
            yield NameSpan(i, j, tokens[j - 1].is_possessive)
        i = j


_NAME_REACH = 40  # tokens: longer than any name


def _name_boundary(tokens: list[Token], start: int) -> int:
    """A position at or before `start` that no name span crosses: just after a token a name cannot
    hold (punctuation other than `&` and apostrophes), looking back at most _NAME_REACH tokens."""
    k = start
    while k > 0 and start - k < _NAME_REACH:
        token = tokens[k - 1]
        if not token.is_word and token.text not in {"&", "'", "’"}:
            return k
        k -= 1
    return k


def _plural_possessive(tokens: list[Token], j: int) -> bool:
    """An apostrophe written onto a plural word: the mark of `Users'`."""
    return tokens[j].text in {"'", "’"} and tokens[j].start == tokens[j - 1].end and tokens[j - 1].low.endswith("s")


def _split_coordination(tokens: list[Token], first: int, last: int) -> int:
    """End a span before "and"/"&" unless the whole is one organisation's name: "Food and Drug
    Administration", "Department of Health and Human Services" are one, "Harbor Bank and Coastal Trust" two."""
    for k in range(first + 1, last):
        if tokens[k].low in {"and", "&"}:
            before = any(t.bare in lexicon().org_words for t in tokens[first:k])
            after = any(t.bare in lexicon().org_words for t in tokens[k + 1:last])
            complement = any(t.low in {"of", "for"} for t in tokens[first:k])
            return last if (before or after) and (complement or not (before and after)) else k
    return last


def _starts_name(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    if token.text == "May":  # the month beside a number or opening a sentence, else a name
        return i > 0 and tokens[i - 1].text not in {".", "!", "?"} and not _near_number(tokens, i)
    return token.is_word and token.is_capitalised and token.bare not in lexicon().not_name


def _near_number(tokens: list[Token], i: int) -> bool:
    return any(0 <= k < len(tokens) and tokens[k].text[0].isdigit() for k in (i - 1, i + 1))


def _continues_name(token: Token) -> bool:
    return token.is_word and token.is_capitalised and token.bare not in {"the", "a", "an"}


@dataclass
class Entity:
    name: str
    kind: EntityKind = "unknown"
    gender: str | None = None
    titles: set[str] = field(default_factory=set)
    inside: bool = False  # written somewhere other than at a sentence's start, where any word is capitalised

    @property
    def short(self) -> str:
        """How an announcement names it: a person's surname, an organisation's full name."""
        if self.kind == "org":
            return self.name
        words = [w for w in self.name.split() if w.lower() not in lexicon().name_suffixes]
        return words[-1] if words else self.name


@dataclass(frozen=True)
class Name:
    """A name span read: the canonical name, what kind of thing it names, the title words before it."""

    name: str
    kind: EntityKind
    gender: str | None
    titles: tuple[str, ...]


def read_name(tokens: list[Token], span: NameSpan) -> Name | None:
    """Strip titles, honorifics and nationality words from a span: the canonical name, or None."""
    words = tokens[span.first:span.last]
    before = [t.low for t in tokens[max(0, span.first - 4):span.first]]
    after = tokens[span.last].low if span.last < len(tokens) else ""
    heads = [k for k, w in enumerate(words) if w.bare in lexicon().head_titles or w.bare.rstrip(".") in lexicon().head_titles]
    if len(words) > 1 and words[0].bare in lexicon().honorifics:  # Mr. King, Ms. Judge: a surname, not a title
        heads = [k for k in heads if k < len(words) - 1] or [0]
    titles = [w.bare for w in words]
    kind: EntityKind = "unknown"
    gender = gender_of(titles + before[-2:])
    if heads and heads[-1] + 1 < len(words):
        cut = heads[-1] + 1
        while cut < len(words) - 1 and words[cut].bare in lexicon().title_modifiers:
            cut += 1
        titles = [w.bare for w in words[:cut]]
        words = words[cut:]
        kind = "person"
    elif before and (before[-1] in lexicon().head_titles or before[-1].rstrip(".") in lexicon().honorifics):
        kind = "person"
        titles = [before[-1]]
    elif (given := _given_name_inside(words)) is not None:  # "Center Oscar Delgado", a role we do not list
        titles = [w.bare for w in words[:given]]
        words = words[given:]
        kind = "person"
    else:
        titles = []
    while len(words) > 1 and (words[0].bare in lexicon().demonyms or words[0].bare in lexicon().temporal_modifiers):
        words = words[1:]
    if not words or len(words) == 1 and words[0].bare in lexicon().name_suffixes:
        return None
    text = re.sub(r" (['’])(?= )", r"\1", " ".join(w.text for w in words))
    text = re.sub(r"['’]s?$", "", text)
    if len(words) == 1 and (words[0].bare in lexicon().demonyms or words[0].bare in lexicon().org_descriptors):
        return None
    low_words = {w.bare for w in words}
    apposed_to = before[-2] if len(before) >= 2 and before[-1] == "," else ""  # the disaster agency, AFAD,
    acronym = len(words) == 1 and words[0].text.isupper() and 2 <= len(words[0].text) <= 6
    the_name = bool(before) and before[-1] == "the" and words[-1].bare not in lexicon().place_words  # the Pentagon
    owns = span.possessive and after in lexicon().org_possessions  # CloudNest's customers
    if kind != "person" and (low_words & lexicon().org_words or after in lexicon().org_descriptors or the_name or owns
                             or apposed_to in lexicon().generic_org_nouns | lexicon().org_descriptors or acronym):
        kind = "org"
    elif kind == "unknown" and (apposed_to in lexicon().person_heads or gender_of([apposed_to])):
        kind = "person"  # the striker, Alvarez; her son, Eli
    return Name(text, kind, gender, tuple(titles))


def _given_name_inside(words: list[Token]) -> int | None:
    """Where a full name (a known given name and a surname) starts after one or two leading words that are
    not themselves a given name: the leading words are a role the lexicon does not know."""
    if len(words) < 3 or gender_of_name(words[0].text) is not None:
        return None
    for k in (1, 2):
        if k == len(words) - 2 and gender_of_name(words[k].text) is not None and words[-1].bare not in lexicon().org_words:
            return k
    return None


def _maybe_org(entity: Entity) -> bool:
    """Of unknown kind, or a "person" only by having two capitalised words ("Atletico Norte"): no known
    given name, no title, no gender."""
    return entity.kind == "unknown" or entity.kind == "person" and entity.gender is None \
        and not entity.titles & (lexicon().head_titles | lexicon().role_nouns) and gender_of_name(entity.name) is None


def gender_of(words: list[str]) -> str | None:
    low = {w.rstrip(".") for w in words}
    if low & lexicon().female_words:
        return "female"
    if low & lexicon().male_words:
        return "male"
    return None


@dataclass(frozen=True)
class Mention:
    """Where an entity was named (or spoke): paragraph index and character offset in it."""

    paragraph: int
    offset: int
    entity: Entity
    salient: bool  # the first person named in its sentence, or a speaker
    spoke: bool = False  # the subject of a reporting verb
    leads: bool = False  # the first words of its sentence (most often its subject)


class Registry:
    """The entities of one article, with their mentions in reading order.

    Mentions arrive in reading order within each pass over the article (names, then speech, then
    quotes), so they are kept as a few sorted runs; looking back from a position merges the runs
    lazily and stops after `LOOKBACK` mentions, so no question costs more than that.
    """

    LOOKBACK = 200  # mentions looked back over for a description: a long article's, so a bound, not a rule
    RECENT = 30  # mentions looked back over for a pronoun or a recent organisation: a few paragraphs' worth
    _PART_WORDS = 6  # the longest part of a name (surname, leading words) that finds the whole name

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self._order: dict[str, int] = {}  # entity name → when it was learned
        self._parts: dict[tuple[str, ...], list[Entity]] = {}  # leading or trailing words → entities
        self._first: dict[str, tuple[int, int]] = {}  # entity name → where it was first mentioned
        self._runs: list[list[Mention]] = []
        self._keys: list[list[tuple[int, int]]] = []

    def learn(self, name: Name) -> Entity:
        """Add a name, merging a bare surname into the full name it belongs to."""
        entity = self.lookup(name.name)
        if entity is None:
            entity = Entity(name.name)
            self._add(entity)
        if name.kind != "unknown" and entity.kind == "unknown":
            entity.kind = name.kind
        given = gender_of_name(entity.name) if entity.kind != "org" else None
        entity.gender = entity.gender or name.gender or given
        entity.titles.update(lexicon().title_abbreviations.get(t.rstrip("."), t) for t in name.titles
                             if t in lexicon().head_titles or t in lexicon().title_modifiers)
        words = {w.lower() for w in name.name.split()}
        if entity.kind == "unknown" and (given or len(words) >= 2 and not words & (lexicon().org_words | lexicon().place_words)):
            entity.kind = "person"
        return entity

    def _add(self, entity: Entity) -> None:
        self.entities[entity.name] = entity
        self._order[entity.name] = len(self._order)
        full = entity.name.split()
        for k in range(1, min(len(full), self._PART_WORDS + 1)):
            parts = {tuple(full[:k]), tuple(full[-k:])}
            for part in parts:
                self._parts.setdefault(part, []).append(entity)

    def lookup(self, name: str) -> Entity | None:
        """The entity called `name`, or whose surname (or leading words) `name` is; of several people
        sharing a surname, the one the article named first (relatives are called by their given names)."""
        if name in self.entities:
            return self.entities[name]
        words = name.split()
        candidates = self._parts.get(tuple(words), [])

        def part_of(entity: Entity) -> bool:  # a person by the surname, an organisation by its first words
            full = entity.name.split()
            return full[:len(words)] == words if entity.kind == "org" else full[-len(words):] == words

        matches = [e for e in candidates if part_of(e)]
        if not matches and len(words) == 1:  # a family name written first: Wang for Wang Lei
            matches = [e for e in candidates if e.kind == "person" and e.name.split()[0] == words[0]]
        matches.sort(key=lambda e: self._order[e.name])
        if len(matches) > 1 and all(e.kind == "person" for e in matches):  # Cruz: Ted, not Heidi Cruz
            never = (float("inf"), 0)
            return min(matches, key=lambda e: self._first.get(e.name, never))
        return matches[-1] if matches else None

    def mention(self, paragraph: int, offset: int, entity: Entity, salient: bool, spoke: bool = False,
                leads: bool = False) -> None:
        key = (paragraph, offset)
        if not self._runs or key < self._keys[-1][-1]:  # a new pass over the article
            if len(self._runs) >= 4:
                self._merge_runs()
            self._runs.append([])
            self._keys.append([])
        self._runs[-1].append(Mention(paragraph, offset, entity, salient, spoke, leads))
        self._keys[-1].append(key)
        if key < self._first.get(entity.name, (float("inf"), 0)):
            self._first[entity.name] = key

    def _merge_runs(self) -> None:
        merged = list(heapq.merge(*self._runs, key=lambda m: (m.paragraph, m.offset)))
        self._runs = [merged]
        self._keys = [[(m.paragraph, m.offset) for m in merged]]

    def by_description(self, words: list[str], paragraph: int, offset: int) -> Entity | None:
        """The entity a description names ("the defense minister", "the ministry", "the striker"),
        looking only at what was mentioned before (paragraph, offset)."""
        definite = bool(words) and words[0].lower() in {"the", "this", "that", "his", "her", "their", "its"}
        owned = bool(words) and words[0].lower() in {"his", "her", "their", "its"} or any(
            w.endswith(("'s", "’s")) for w in words[:-1])  # "his mother", "the man's lawyer": someone new
        words = [w.lower() for w in words if w.lower() not in {"the", "a", "an", "this", "that", "his", "her",
                                                               "their", "its"}]
        if not words:
            return None
        head = words[-1]
        for mention in self._before(paragraph, offset):
            entity = mention.entity
            described = definite or set(words) <= entity.titles | lexicon().demonyms
            if entity.kind == "person" and head in entity.titles and described:
                return entity
            if entity.kind == "org" and head in entity.name.lower().split():
                return entity
        if not definite:
            return None
        if head in lexicon().generic_org_nouns:  # an organisation opening a sentence or speaking, else a name of
            # unknown kind doing so ("Entergy Louisiana said"), else any organisation named before
            return self._recent(paragraph, offset, {"org"}, None, kind_word=head, leading=True) or \
                self._unlisted_org(paragraph, offset, reach=2, words=2) or \
                self._recent(paragraph, offset, {"org"}, None, kind_word=head) or \
                self._unlisted_org(paragraph, offset, reach=1, words=1)
        if (head in lexicon().head_titles or head in lexicon().role_nouns or head in lexicon().demonyms) and not owned:  # not "his mother"
            return self._recent(paragraph, offset, {"person", "unknown"}, gender_of([head]), subjects=True)
        return None

    def named_after(self, words: list[str], paragraph: int, offset: int, reach: int = 1) -> Entity | None:
        """The person a definite description ("the chief") names when the article names them only later,
        in the same or the next paragraph ("Fire Chief Jane Roe has led …"): the first with that title."""
        lows = [w.lower() for w in words]
        if len(lows) < 2 or lows[0] not in {"the", "this"}:
            return None
        head = lows[-1]
        lex = lexicon()
        if head not in lex.head_titles and head not in lex.role_nouns:
            return None
        for mention in self._after(paragraph, offset):
            if mention.paragraph > paragraph + reach:
                return None
            if mention.entity.kind == "person" and head in mention.entity.titles:
                return mention.entity
        return None

    def _after(self, paragraph: int, offset: int) -> Iterator[Mention]:
        """The mentions after (paragraph, offset), first first, at most LOOKBACK of them."""
        key = (paragraph, offset)
        runs = [itertools.islice(run, bisect.bisect_right(keys, key), None) for run, keys in zip(self._runs, self._keys)]
        return itertools.islice(heapq.merge(*runs, key=lambda m: (m.paragraph, m.offset)), self.LOOKBACK)

    def _unlisted_org(self, paragraph: int, offset: int, reach: int, words: int) -> Entity | None:
        """A name of at least `words` words, not known as a person, that opened a sentence or spoke
        in the last `reach` paragraphs: what "the company" may be when the lists do not know it."""
        recent = itertools.takewhile(lambda m: m.paragraph >= paragraph - reach,
                                     self._before(paragraph, offset, self.RECENT))
        return next((m.entity for m in recent
                     if (m.leads or m.spoke) and _maybe_org(m.entity) and len(m.entity.name.split()) >= words), None)

    def antecedent(self, pronoun: str, paragraph: int, offset: int, reach: int = 3) -> Entity | None:
        """The most recent mention before (paragraph, offset) a pronoun can stand for."""
        gender = lexicon().pronouns.get(pronoun.lower())
        if gender in {"male", "female"}:
            return self._recent(paragraph, offset, {"person"}, gender, reach) or next(
                (m.entity for m in itertools.islice(self._before(paragraph, offset), 5)
                 if m.spoke and m.entity.kind == "unknown"), None)
        if gender == "plural":
            return self._recent(paragraph, offset, {"org"}, None, reach)
        if gender == "thing":
            return self._recent(paragraph, offset, {"org"}, None, reach)
        return None

    def recent_person(self, paragraph: int) -> Entity | None:
        """The person most recently in focus before a paragraph (the subject of an interview): one known
        by a given name, a title or a gender before a pair of capitalised words that may name a place."""
        first: Entity | None = None
        for mention in self._before(paragraph, 0):
            if mention.entity.kind == "person" and mention.salient:
                if not _maybe_org(mention.entity):
                    return mention.entity
                first = first or mention.entity
        return first

    def _before(self, paragraph: int, offset: int, limit: int = LOOKBACK) -> Iterator[Mention]:
        """The mentions before (paragraph, offset), latest first, at most `limit` of them."""
        key = (paragraph, offset)
        latest_first = [_backwards(run, bisect.bisect_left(keys, key))
                        for run, keys in zip(reversed(self._runs), reversed(self._keys))]
        merged = heapq.merge(*latest_first, key=lambda m: (m.paragraph, m.offset), reverse=True)
        return itertools.islice(merged, limit)

    def _recent(self, paragraph: int, offset: int, kinds: set[str], gender: str | None,
                reach: int = 3, kind_word: str | None = None, leading: bool = False,
                subjects: bool = False) -> Entity | None:
        """The latest salient mention before (paragraph, offset) of one of `kinds` and a compatible
        gender; for an organisation described by `kind_word` ("company"), a proper name not named as
        another kind;
        with `leading`, only one that opens its sentence or spoke; with `subjects`, a name of unknown kind
        only if it did (so "sent down to Triple-A" is no one)."""
        for mention in self._before(paragraph, offset, self.RECENT):
            if mention.paragraph < paragraph - reach:
                return None
            entity = mention.entity
            if entity.kind not in kinds or (entity.kind != "org" and not mention.salient):
                continue
            if (leading or subjects and entity.kind == "unknown") and not (mention.leads or mention.spoke):
                continue
            last = entity.name.lower().split()[-1]
            if kind_word and (last in lexicon().generic_org_nouns and last != kind_word or entity.name.islower()):
                continue  # "the group" is a named one, not "passengers" who complained
            if gender is None or entity.gender in {None, gender}:
                return entity
        return None


def _backwards(run: list[Mention], end: int) -> Iterator[Mention]:
    return (run[k] for k in range(end - 1, -1, -1))
