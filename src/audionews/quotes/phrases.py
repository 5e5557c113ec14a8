"""Noun phrases and subjects: whose words a reporting verb reports, read from the tokens around it.

The lower layer of `attribution`: which tokens are a reporting verb, where a noun phrase starts, and
whether it is a name, a pronoun or a description (`SpeakerRef`), for subjects before a verb
(`Dr. Collins, who runs a clinic, said`) and after it (`said Priya Shah`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from audionews.quotes.lexicon import lexicon
from audionews.quotes.speakers import Name, Token, name_span_at, name_spans, read_name


@dataclass(frozen=True)
class SpeakerRef:
    """The words that name a speaker: a name, a pronoun, or a description, at a paragraph offset."""

    kind: Literal["name", "pronoun", "description"]
    offset: int
    name: Name | None = None
    words: tuple[str, ...] = ()


def names_a_person(ref: SpeakerRef) -> bool:
    """A name or pronoun, or a description headed by a word for a person (not "the statement")."""
    return ref.kind != "description" or ref.words[-1].lower() in lexicon().person_heads - lexicon().written_words


def verb_base(tokens: list[Token], k: int) -> str:
    """The base form of the reporting verb at `k`, whichever form it is: said → say, saying → say,
    put it → "put it"."""
    low = tokens[k].low
    if low in lexicon().phrasal_verbs and k + 1 < len(tokens) and tokens[k + 1].low == lexicon().phrasal_verbs[low]:
        return f"{low} {lexicon().phrasal_verbs[low]}"
    return lexicon().reporting_verbs.get(low) or lexicon().participles.get(low) or low


def is_reporting_verb(tokens: list[Token], k: int) -> bool:
    token = tokens[k]
    if token.low in lexicon().phrasal_verbs:
        return k + 1 < len(tokens) and tokens[k + 1].low == lexicon().phrasal_verbs[token.low]
    previous = tokens[k - 1].low if k else ""
    if token.low in lexicon().participles:  # "…, calling it" opens a clause whose subject is the sentence's
        return previous == ","
    if token.low not in lexicon().reporting_verbs or token.is_capitalised and k > 0:
        return False
    by_agent = k + 2 < len(tokens) and tokens[k + 1].low == "by" and (
        tokens[k + 2].low in lexicon().determiners or tokens[k + 2].is_capitalised)  # asked by a reporter, not said by phone
    if previous in lexicon().passive_auxiliaries or by_agent:
        return False
    noun_before = k > 0 and tokens[k - 1].text in {"news", "media", "press"}  # news reports that …
    bare_after_word = token.low == lexicon().reporting_verbs[token.low] and k >= 2 and tokens[k - 1].is_word \
        and not tokens[k - 1].low.endswith("s") and tokens[k - 1].low not in lexicon().plural_nouns | lexicon().skip_words | set(lexicon().pronouns)
    if bare_after_word and (tokens[k - 2].low in lexicon().determiners - {"that"} or k + 1 < len(tokens)
                            and tokens[k + 1].text == ":" and not tokens[k - 1].is_capitalised):
        return False  # a bare form after "a simple", "the latest" is a noun: a simple message, the latest
        # post; so is one before a colon after a common noun: "a more personal campaign message:"
    return previous not in lexicon().determiners - {"that"} and not noun_before  # the reports, an emailed statement


def _skip_back(tokens: list[Token], k: int, lo: int) -> int:
    while k >= lo and (tokens[k].low in lexicon().skip_words or (tokens[k].low.endswith("ly") and not tokens[k].is_capitalised
                                                  and tokens[k].low not in {"only"})):
        k -= 1
    return k


def subject_before(tokens: list[Token], verb: int, lo: int) -> SpeakerRef | None:
    """The subject of the reporting verb at `verb`, read leftwards no further than `lo`."""
    reduced = _reduced_relative_subject(tokens, lo, verb)
    if reduced is not None:
        return reduced
    k = _skip_back(tokens, verb - 1, lo)
    if k >= lo and tokens[k].low == "who":  # Bob Mulholland, a superdelegate who has accused …
        return _before_relative_clause(tokens, k, lo) or _clause_subject(tokens, k, lo)
    if k < lo or tokens[k].low in lexicon().clause_words:
        return _clause_subject(tokens, k, lo)
    if tokens[k].text == ",":
        relative = _before_relative_clause(tokens, k, lo)  # Dr. Collins, who runs a clinic in Harlan County, said
        if relative is not None:
            return relative
        comma = next((c for c in range(k - 1, lo - 1, -1) if tokens[c].text in {",", "(", "—", "–"}), None)
        if comma is None:
            return noun_phrase(tokens, phrase_start(tokens, k, lo), k)
        outer = noun_phrase(tokens, phrase_start(tokens, comma, lo), comma)
        if outer is not None and outer.kind in {"name", "pronoun"}:
            return outer
        inner = noun_phrase(tokens, comma + 1, k)  # the mission commander, astronaut Christina Koch, wrote
        if inner is not None and inner.kind == "name" and _titled(tokens[comma + 1:k], inner.offset):
            return inner
        return outer
    ref = noun_phrase(tokens, phrase_start(tokens, k + 1, lo), k + 1)
    if ref is None or ref.kind == "description" and ref.words[-1].lower() not in lexicon().person_heads:
        return _before_relative_clause(tokens, k, lo) or ref
    return ref


def _reduced_relative_subject(tokens: list[Token], lo: int, verb: int) -> SpeakerRef | None:
    """`A memo sent to managers at Brightline last week told`, `An email obtained by the Herald … warned`:
    a noun phrase opening the sentence, then a participle clause; the noun phrase is the subject."""
    start = lo + 1 if lo < verb and tokens[lo].low in lexicon().determiners else lo
    for p in range(start + 1, min(start + 4, verb - 1)):
        token, after = tokens[p], tokens[p + 1]
        if not token.is_word:
            return None
        participle = token.low in lexicon().irregular_participles or token.low.endswith("ed") and not token.is_capitalised
        if participle and after.low in lexicon().participle_followers and p > start:
            if any(t.text in {",", ";", "(", "—"} or t.low in lexicon().clause_words - {"and"} for t in tokens[p:verb]):
                return None
            return noun_phrase(tokens, lo, p)
    return None


def _titled(words: list[Token], name_offset: int) -> bool:
    """Whether a name opens these words, after at most two plain words: "astronaut Christina Koch",
    "state Rep. Ben Tuck" (but not "based in Denver" or "who runs a clinic in Harlan County")."""
    before = [t for t in words if t.start < name_offset]
    return len(before) <= 2 and all(t.is_word and t.low not in lexicon().prepositions | lexicon().clause_words | lexicon().affiliation
                                    for t in before)


def _before_relative_clause(tokens: list[Token], k: int, lo: int) -> SpeakerRef | None:
    """`One resident whose car was burned said`: the subject stands before the relative pronoun."""
    for r in range(k, max(lo, k - 15) - 1, -1):
        if tokens[r].text in {".", "!", "?", ";"}:
            return None
        if tokens[r].low in {"who", "whose"}:
            alias = _alias_in(tokens, r + 1, k + 1)
            if alias is not None:  # His commander, who goes by the call sign Bear, said
                return alias
            end = r - 1 if r > lo and tokens[r - 1].text == "," else r
            start = phrase_start(tokens, end, lo)
            ref = noun_phrase(tokens, start, end)  # "who" says the head is a person
            while start - 1 > lo and tokens[start - 1].low == "and":  # a superdelegate and Clinton supporter who
                start = phrase_start(tokens, start - 1, lo)
            if ref is not None and ref.kind != "pronoun" and start - 2 >= lo and tokens[start - 1].text == ",":
                named = noun_phrase(tokens, phrase_start(tokens, start - 1, lo), start - 1)
                if named is not None and named.kind == "name":  # Name, a description who …: Name
                    return named
            return ref if ref is not None and (ref.kind != "description" or tokens[r].low == "who"
                                               or ref.words[-1].lower() in lexicon().person_heads) else None
    return None


def _alias_in(tokens: list[Token], start: int, end: int) -> SpeakerRef | None:
    """The name a relative clause gives its person to be called by: "who goes by the call sign Bear",
    "who gave only his first name, Olena", "who is known as Falcon"."""
    for k in range(start, end - 1):
        cue = tokens[k].low in lexicon().alias_cues or tokens[k].low == "as" and tokens[k - 1].low == "known" \
            or tokens[k].low == "by" and tokens[k - 1].low in {"go", "goes", "went"}
        if not cue:
            continue
        first = k + 2 if tokens[k + 1].text == "," else k + 1
        span = name_span_at(tokens, first, end)
        if span is not None and not span.possessive and (name := read_name(tokens, span)) is not None:
            return SpeakerRef("name", tokens[first].start, name=name)
    return None


def subject_start(tokens: list[Token], verb: int, lo: int) -> int:
    """Where the subject found by `subject_before` starts (for checking it fills the gap)."""
    k = _skip_back(tokens, verb - 1, lo)
    if k >= lo and tokens[k].text == ",":
        comma = next((c for c in range(k - 1, lo - 1, -1) if tokens[c].text in {",", "(", "—", "–"}), None)
        return phrase_start(tokens, comma if comma is not None else k, lo)
    return phrase_start(tokens, k + 1, lo)


def phrase_start(tokens: list[Token], end: int, lo: int) -> int:
    """Walk left from `end` over the words a noun phrase can hold."""
    k = end - 1
    while k >= lo and end - k <= 10:
        token = tokens[k]
        inside_name = token.low in {"and", "&", "of"} and 0 < k < end - 1 and tokens[k - 1].is_capitalised \
            and tokens[k + 1].is_capitalised  # Department of Health and Social Care
        if not inside_name and (not (token.is_word or token.text in {"-", "&"} or token.text[0].isdigit())
                                or token.low in lexicon().clause_words or token.low in lexicon().prepositions):
            break
        if is_reporting_verb(tokens, k) and k < end - 1:
            break
        k -= 1
    return k + 1


def noun_phrase(tokens: list[Token], start: int, end: int) -> SpeakerRef | None:
    """Read the noun phrase tokens[start:end] as a name, a pronoun or a description."""
    if start >= end:
        return None
    words = tokens[start:end]
    if len(words) == 1 and words[0].low in lexicon().pronouns:
        return SpeakerRef("pronoun", words[0].start, words=(words[0].low,))
    lows = [w.low for w in words]
    for k in range(1, len(lows)):  # a spokesperson for the ministry: the ministry speaks
        if lows[k] in {"for", "at", "of", "from"} and lows[k - 1] in lexicon().spokesperson_words:
            ref = noun_phrase(tokens, start + k + 1, end)
            if ref is not None:
                return ref
            break
    spans = name_spans(tokens, start, end)
    for span in spans:  # the head comes before its modifiers: Ben Hollis of Keystone Research
        if not span.possessive and span.last < end and tokens[span.last].low in lexicon().affiliation:
            end = span.last
            spans = [s for s in spans if s.last <= end]
            break
    for k in range(start + 1, end):  # a nurse at another hospital (but the head of the agency)
        if tokens[k].low in lexicon().affiliation and tokens[k - 1].low in lexicon().role_nouns and not tokens[k - 1].is_capitalised:
            end = k
            spans = [s for s in spans if s.last <= end]
            break
    named = [s for s in spans if not s.possessive]
    if named:
        span = named[-1]
        trailing = [w.low for w in tokens[span.last:end]]
        name = read_name(tokens, span)
        if name is not None and all(w.isalpha() for w in trailing):
            if trailing and trailing[-1] in lexicon().speaks_for:  # a State Department spokesperson: the department
                return SpeakerRef("name", tokens[span.first].start, name=name)
            if trailing and trailing[-1] in lexicon().person_heads | lexicon().people_nouns:
                # a White House official, a Clinton supporter: not the White House, not Clinton
                return SpeakerRef("description", tokens[start].start, words=_words(tokens, start, end))
            return SpeakerRef("name", tokens[span.first].start, name=name)
    described = _words(tokens, start, end)
    if spans and spans[-1].possessive and described:
        owner = read_name(tokens, spans[-1])
        if owner is not None and described[-1].lower() in lexicon().person_heads | {"office", "campaign", "team"}:
            return SpeakerRef("description", tokens[start].start, name=owner, words=described)
    if described and described[-1].lower() not in lexicon().pronouns:
        return SpeakerRef("description", tokens[start].start, words=described)
    return None


def _words(tokens: list[Token], start: int, end: int) -> tuple[str, ...]:
    return tuple(t.text for t in tokens[start:end] if t.is_word)


def subject_after(tokens: list[Token], verb: int) -> SpeakerRef | None:
    """The subject after an inverted verb (`said Name`) or `according to`."""
    k = verb + 1
    end = k
    while end < len(tokens) and (tokens[end].is_word or tokens[end].text in {"-", "&"}) and tokens[end].low not in (
            lexicon().clause_words | lexicon().prepositions - {"for", "at", "of"}) and end - k < 10:
        end += 1
    ref = noun_phrase(tokens, k, end)
    if (ref is None or ref.kind == "description") and end + 1 < len(tokens) and tokens[end].text == ",":
        span = name_span_at(tokens, end + 1)
        if span is not None and not span.possessive and (name := read_name(tokens, span)) is not None:
            return SpeakerRef("name", tokens[span.first].start, name=name)
    return ref


def _clause_subject(tokens: list[Token], k: int, lo: int) -> SpeakerRef | None:
    """The subject of a clause the verb is coordinated with: `Ortiz quieted the room and said`."""
    boundary = k
    while boundary > lo and tokens[boundary - 1].text not in {",", ";", "(", "—"} and tokens[boundary - 1].low not in (
            lexicon().clause_words - {"and", "but", "then"}):
        boundary -= 1
    for j in range(max(boundary, lo), max(k, lo)):
        if tokens[j].low in lexicon().pronouns:
            return SpeakerRef("pronoun", tokens[j].start, words=(tokens[j].low,))
        span = name_span_at(tokens, j, k)
        if span is not None and not span.possessive and (name := read_name(tokens, span)) is not None:
            return SpeakerRef("name", tokens[j].start, name=name)
    return None
