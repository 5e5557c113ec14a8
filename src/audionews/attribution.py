"""Who a quote is attributed to (whether it is speech at all is `mentions`).

Reads the words around a quote for the constructions news writing uses: `"…," Name said`,
`"…," said Name`, `Name said/told X/added, "…"`, `Name: "…"`, `according to Name`, a pronoun
subject (`he added`), a description (`a spokesperson for the ministry`), a partial quote in a
reported clause (`Name said officials were "…"`). The result names the speaker's words; the
registry in `quotes.py` turns them into an entity.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from audionews.lexicon import (
    PARTICIPLES,
    PERSON_HEADS,
    PHRASAL_VERBS,
    PRONOUNS,
    REPORTING_VERBS,
    ROLE_NOUNS,
    SPEAKS_FOR,
    SPOKESPERSON_WORDS,
    TAKES_PERSON_OBJECT,
)
from audionews.speakers import (
    Name,
    Token,
    name_spans,
    read_name,
    tokenize,
)

_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "our", "my", "your",
                "these", "those", "such", "some", "many", "several", "this", "that", "no", "any"}
_PASSIVE = {"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "to"}
_SKIP = set(
    "also later then again once previously further simply just repeatedly separately flatly has have had "
    "would will could did does do may might recently reportedly often frequently earlier quickly finally "
    "still even never always first immediately publicly privately bluntly quietly angrily calmly "
    "tersely proudly plainly not".split()
)
_CLAUSE_WORDS = set(
    "and but or then that which who whom whose when while as after before because since although though "
    "if where so whether than until unless nor yet".split()
)
_PREPOSITIONS = set(
    "in on to with by about over after during into onto against under through across behind near like "
    "than via per without within among upon toward towards around amid despite beside besides since "
    "following".split()
)
# Verbs of a sentence that introduces a quote with a colon: "She was blunt:", "He had a warning:".
_COPULAS = {"is", "was", "were", "are", "had", "has", "have", "remained", "sounded", "seemed", "got", "gave",
            "offered", "delivered", "put", "summed", "kept"}
# What someone says, as a noun: "the message from the ministry was …".
_MESSAGE_NOUNS = {"message", "response", "word", "reply", "answer", "reaction", "warning", "advice", "verdict",
                  "instruction", "instructions", "statement", "order", "orders", "plea", "request"}
_PLURAL_NOUNS = {"people", "children", "men", "women", "police", "staff", "crew", "public", "youth", "two", "three"}
_WRITTEN_WORDS = {"statement", "account", "post", "tweet"}
_IRREGULAR_PARTICIPLES = {"sent", "written", "seen", "given", "shown", "made", "taken", "read", "drawn", "put",
                          "left", "held", "brought", "found", "kept", "sent", "spread", "passed"}
_PARTICIPLE_FOLLOWERS = {"by", "to", "from", "in", "on", "at", "last", "this", "earlier", "for", "with", "after",
                         "before", "during", "through", "across", "among", "over"}
_AFFILIATION = {"of", "at", "from", "with", "in"}
_SAY_VERBS = {"say", "tell", "write", "add"}



@dataclass(frozen=True)
class SpeakerRef:
    """The words that name a speaker: a name, a pronoun, or a description, at a paragraph offset."""

    kind: Literal["name", "pronoun", "description"]
    offset: int
    name: Name | None = None
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attribution:
    ref: SpeakerRef
    before: bool  # said in the same sentence, before the quote
    verb: str | None


def attribute(text: str, start: int, end: int, head_from: int, tail_to: int) -> Attribution | None:
    """The attribution of the quote text[start:end], read from text[head_from:start] and text[end:tail_to]."""
    content = text[start:end].strip(" " + MARKS)
    text = _blank_asides(text)
    ends_open = bool(content) and content[-1] in ",?!—–-…:" or text[end:end + 1] in {",", "—", "–"}
    head = sentence_tail(tokenize(text[head_from:start], head_from))
    tail = tokenize(text[end:tail_to], end)
    loose_tail = _tail_attribution(tail, loose=True) if ends_open else None
    before = head_attribution(head, partial=bool(content) and content[0].islower())
    if loose_tail and not (loose_tail.verb == "according to" and before and _names_a_person(before.ref)):
        return loose_tail  # "…," Name said — but in `Name said "…," according to a statement`, Name spoke
    if before:
        return before
    return _tail_attribution(tail, loose=False)


_ASIDE = re.compile(r"(?<=\w)\s\([^()\n]{1,30}\)(?=,|\s+[a-z])")


def _blank_asides(text: str) -> str:
    """Short parentheses after a word blanked out (same length): `Rep. Gwen Moore (D-Wis.) said`,
    `Acme (ACM.N) said` read as if the aside were not there."""
    return _ASIDE.sub(lambda m: " " * len(m.group()), text)


def _names_a_person(ref: SpeakerRef) -> bool:
    return ref.kind != "description" or ref.words[-1].lower() in PERSON_HEADS - _WRITTEN_WORDS


MARKS = "\"“”„‟«»'‘’‚‛‹›`"


def sentence_tail(tokens: list[Token]) -> list[Token]:
    """The tokens after the last sentence end."""
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k].text in {".", "!", "?"} and k + 1 < len(tokens):
            return tokens[k + 1:]
        if tokens[k].text in {".", "!", "?"}:
            return []
    return tokens


def is_reporting_verb(tokens: list[Token], k: int) -> bool:
    token = tokens[k]
    if token.low in PHRASAL_VERBS:
        return k + 1 < len(tokens) and tokens[k + 1].low == PHRASAL_VERBS[token.low]
    previous = tokens[k - 1].low if k else ""
    if token.low in PARTICIPLES:  # "…, calling it" opens a clause whose subject is the sentence's
        return previous == ","
    if token.low not in REPORTING_VERBS or token.is_capitalised and k > 0:
        return False
    by_agent = k + 2 < len(tokens) and tokens[k + 1].low == "by" and (
        tokens[k + 2].low in _DETERMINERS or tokens[k + 2].is_capitalised)  # asked by a reporter, not said by phone
    if previous in _PASSIVE or by_agent:
        return False
    noun_before = k > 0 and tokens[k - 1].text in {"news", "media", "press"}  # news reports that …
    bare_after_word = token.low == REPORTING_VERBS[token.low] and k >= 2 and tokens[k - 1].is_word \
        and not tokens[k - 1].low.endswith("s") and tokens[k - 1].low not in _PLURAL_NOUNS | _SKIP | set(PRONOUNS)
    if bare_after_word and (tokens[k - 2].low in _DETERMINERS - {"that"} or k + 1 < len(tokens)
                            and tokens[k + 1].text == ":" and not tokens[k - 1].is_capitalised):
        return False  # a bare form after "a simple", "the latest" is a noun: a simple message, the latest
        # post; so is one before a colon after a common noun: "a more personal campaign message:"
    return previous not in _DETERMINERS - {"that"} and not noun_before  # the reports, an emailed statement


def head_attribution(tokens: list[Token], partial: bool = False) -> Attribution | None:
    """The attribution before a quote, in its sentence: the last reporting verb whose subject is a
    name or pronoun (else the last one with any subject), `according to`, or `Name:`. A `partial`
    quote inside a reported clause is the words of the clause's reporter: in `An official said
    Washington had urged both sides to "…"` the official speaks."""
    described: Attribution | None = None
    for k in range(len(tokens) - 1, -1, -1):
        if _according_to(tokens, k):
            ref = _subject_after(tokens, k + 1)
            if ref:
                return Attribution(ref, True, "according to")
        if is_reporting_verb(tokens, k):
            ref = _subject(tokens, k, 0)
            if ref is not None and ref.kind != "description":
                says = REPORTING_VERBS.get(tokens[k].low) in _SAY_VERBS  # "when he said that …": his own
                outer = _reporter_of_clause(tokens, ref.offset) if partial and not says else None
                return outer or Attribution(ref, True, tokens[k].low)
            described = described or (Attribution(ref, True, tokens[k].low) if ref else None)
    if described is not None:
        return described
    if tokens and tokens[-1].text == ":":
        ref = _np_ref(tokens, _np_start(tokens, len(tokens) - 1, 0), len(tokens) - 1)
        if ref is not None and ref.kind == "name":
            return Attribution(ref, True, ":")
        ref = _colon_clause_subject(sentence_tail(tokens))
        if ref is not None:
            return Attribution(ref, True, ":")
    return None


def _colon_clause_subject(tokens: list[Token]) -> SpeakerRef | None:
    """Who a sentence ending in a colon introduces: its subject (after any opening clause). "Dr. Ada
    Obi, the health officer, had a message:", "The commissioner, Ruth Hayes, was direct:", "The word from the sheriff's office was blunt:"."""
    verb = next((k for k, t in enumerate(tokens) if t.low in _COPULAS), None)
    if verb is None or verb == 0:
        return None
    subject = _main_subject(tokens, verb)
    if subject is not None:
        return subject
    commas = [k for k in range(verb) if tokens[k].text == ","]
    if len(commas) >= 2:  # the description, Name, …
        spans = [s for s in name_spans(tokens[:commas[1]]) if s.first == commas[0] + 1 and s.last == commas[1]]
        if spans and (name := read_name(tokens, spans[0])) is not None:
            return SpeakerRef("name", tokens[spans[0].first].start, name=name)
    end = commas[0] if commas else verb
    lows = [t.low for t in tokens[:end]]
    for k in range(1, len(lows)):  # the message from the sheriff's office: the office speaks
        if lows[k] in {"from", "of"} and lows[k - 1] in _MESSAGE_NOUNS:
            return _np_ref(tokens, k + 1, end)
    ref = _np_ref(tokens, 0, end)
    if ref is None or ref.kind == "description" and ref.words[-1].lower() not in PERSON_HEADS - _WRITTEN_WORDS:
        return None
    return ref


def coordinated_verb(text: str) -> str | None:
    """The reporting verb of a clause that shares the subject before it: `… and accused Valdoria of`
    (between two quotes of one sentence); None when the words hold a subject of their own."""
    tokens = tokenize(text)
    k = 0
    while k < len(tokens) and not tokens[k].is_word:
        k += 1
    if k >= len(tokens) or tokens[k].low not in {"and", "but"}:
        return None
    k = _skip_forward(tokens, k + 1)
    if k < len(tokens) and tokens[k].low in REPORTING_VERBS and not any(t.text in {".", "!", "?"} for t in tokens):
        return tokens[k].low
    return None


def _skip_forward(tokens: list[Token], k: int) -> int:
    while k < len(tokens) and (tokens[k].low in _SKIP or tokens[k].low.endswith("ly") and tokens[k].low != "only"):
        k += 1
    return k


def _reporter_of_clause(tokens: list[Token], offset: int) -> Attribution | None:
    """A plain `said`/`told` before the clause starting at `offset`, whose subject is a person: the
    reporter of that clause."""
    for k in range(len(tokens)):
        if tokens[k].start >= offset:
            return None
        if is_reporting_verb(tokens, k) and REPORTING_VERBS[tokens[k].low] in _SAY_VERBS:
            ref = _subject(tokens, k, 0)
            person = ref is not None and (ref.kind != "description" or ref.words[-1].lower() in PERSON_HEADS)
            if person and ref.offset < tokens[k].start:
                return Attribution(ref, True, tokens[k].low)
    return None


def _according_to(tokens: list[Token], k: int) -> bool:
    return k + 1 < len(tokens) and tokens[k].low == "according" and tokens[k + 1].low == "to"


def _tail_attribution(tokens: list[Token], loose: bool) -> Attribution | None:
    """The attribution right after a quote: `— Name`, `said Name`, `Name said`, `according to Name`.
    `loose` allows a longer subject, for quotes whose closing comma announces one."""
    if len(tokens) > 1 and tokens[0].text in {"—", "–", "-"} and tokens[1].is_capitalised:  # "…" — Name, title
        spans = [s for s in name_spans(tokens) if s.first == 1 and not s.possessive]
        if spans and (name := read_name(tokens, spans[0])) is not None:
            return Attribution(SpeakerRef("name", tokens[1].start, name=name), False, "—")
    k = 0
    while k < len(tokens) and tokens[k].text in {",", "—", "–", "-", ")"}:
        k += 1
    first = k
    limit = 14 if loose else 5
    if _according_to(tokens, first):
        ref = _subject_after(tokens, first + 1)
        return Attribution(ref, False, "according to") if ref else None
    if first < len(tokens) and is_reporting_verb(tokens, first):
        ref = _subject_after(tokens, first)
        return Attribution(ref, False, tokens[first].low) if ref else None
    for v in range(first, min(len(tokens), first + limit)):
        if tokens[v].text in {".", "!", "?", ";"}:
            return None
        if is_reporting_verb(tokens, v) and v > first:
            ref = subject_before(tokens, v, first)
            if ref is not None and _np_start_of(tokens, v, first) == first:
                return Attribution(ref, False, tokens[v].low)
            return None
    return None


def _skip_back(tokens: list[Token], k: int, lo: int) -> int:
    while k >= lo and (tokens[k].low in _SKIP or (tokens[k].low.endswith("ly") and not tokens[k].is_capitalised
                                                  and tokens[k].low not in {"only"})):
        k -= 1
    return k


def _subject(tokens: list[Token], verb: int, lo: int) -> SpeakerRef | None:
    """The subject of a reporting verb: before it, or after it when inverted (`…, said Priya Shah`);
    for a participle (`The association opposed it, calling it "…"`), the sentence's subject."""
    if tokens[verb].low in PARTICIPLES:
        return _sentence_subject(tokens, lo, verb)
    before = subject_before(tokens, verb, lo)
    if before is not None and _names_a_person(before):
        return before
    if verb > lo and tokens[verb - 1].text == ",":
        after = _subject_after(tokens, verb)
        if after is not None and after.kind == "name":
            return after
    if before is None and REPORTING_VERBS[tokens[verb].low] in TAKES_PERSON_OBJECT:
        return None  # "… and accused Valdoria of": the words after are its object, not an inverted subject
    return before or _subject_after(tokens, verb)


def _sentence_subject(tokens: list[Token], lo: int, verb: int) -> SpeakerRef | None:
    """A name or pronoun opening the sentence (after at most an article): its likely subject."""
    for j in range(lo, min(lo + 2, verb)):
        if tokens[j].low in PRONOUNS:
            return SpeakerRef("pronoun", tokens[j].start, words=(tokens[j].low,))
        spans = [s for s in name_spans(tokens[:verb]) if s.first == j and not s.possessive]
        if spans and (name := read_name(tokens, spans[0])) is not None:
            return SpeakerRef("name", tokens[j].start, name=name)
        if tokens[j].low != "the":
            break
    return None


def narration_subject(text: str) -> SpeakerRef | None:
    """The subject of the last sentence of narration, when a name or "he", "she", "they" opens it (or
    follows an opening clause): the person an unattributed quote right after it belongs to."""
    tokens = tokenize(text)
    while tokens and tokens[-1].text in {".", "!", "?"}:
        tokens.pop()
    tokens = sentence_tail(tokens)
    subject = _main_subject(tokens, len(tokens))
    if subject is None or subject.kind == "pronoun" and subject.words[0] not in {"he", "she", "they"}:
        return None
    return subject


def _main_subject(tokens: list[Token], verb: int) -> SpeakerRef | None:
    """A name or pronoun opening the sentence, or opening it after an adverbial clause and its comma."""
    subject = _sentence_subject(tokens, 0, verb)
    if subject is None and tokens and _opens_clause(tokens[0]):
        comma = next((k for k, t in enumerate(tokens[:min(20, verb)]) if t.text == ","), None)
        subject = _sentence_subject(tokens, comma + 1, verb) if comma is not None else None
    return subject


def _opens_clause(token: Token) -> bool:
    """A word opening an adverbial clause before the subject: "Asked whether …, Ortega shrugged",
    "Leaving the court, she …", "After the vote, Bell …"."""
    low = token.low
    return low in _PREPOSITIONS | _CLAUSE_WORDS - {"and", "but", "or", "that", "which", "who", "whom", "whose"} \
        or low.endswith(("ed", "ing")) and len(low) > 4


def subject_before(tokens: list[Token], verb: int, lo: int) -> SpeakerRef | None:
    """The subject of the reporting verb at `verb`, read leftwards no further than `lo`."""
    reduced = _reduced_relative_subject(tokens, lo, verb)
    if reduced is not None:
        return reduced
    k = _skip_back(tokens, verb - 1, lo)
    if k < lo or tokens[k].low in _CLAUSE_WORDS:
        return _clause_subject(tokens, k, lo)
    if tokens[k].text == ",":
        relative = _before_relative_clause(tokens, k, lo)  # Dr. Collins, who runs a clinic in Harlan County, said
        if relative is not None:
            return relative
        comma = next((c for c in range(k - 1, lo - 1, -1) if tokens[c].text in {",", "(", "—", "–"}), None)
        if comma is None:
            return _np_ref(tokens, _np_start(tokens, k, lo), k)
        outer = _np_ref(tokens, _np_start(tokens, comma, lo), comma)
        if outer is not None and outer.kind in {"name", "pronoun"}:
            return outer
        inner = _np_ref(tokens, comma + 1, k)  # the mission commander, astronaut Christina Koch, wrote
        if inner is not None and inner.kind == "name" and _titled(tokens[comma + 1:k], inner.offset):
            return inner
        return outer
    ref = _np_ref(tokens, _np_start(tokens, k + 1, lo), k + 1)
    if ref is None or ref.kind == "description" and ref.words[-1].lower() not in PERSON_HEADS:
        return _before_relative_clause(tokens, k, lo) or ref
    return ref


def _reduced_relative_subject(tokens: list[Token], lo: int, verb: int) -> SpeakerRef | None:
    """`A memo sent to managers at Brightline last week told`, `An email obtained by the Herald … warned`:
    a noun phrase opening the sentence, then a participle clause; the noun phrase is the subject."""
    start = lo + 1 if lo < verb and tokens[lo].low in _DETERMINERS else lo
    for p in range(start + 1, min(start + 4, verb - 1)):
        token, after = tokens[p], tokens[p + 1]
        if not token.is_word:
            return None
        participle = token.low in _IRREGULAR_PARTICIPLES or token.low.endswith("ed") and not token.is_capitalised
        if participle and after.low in _PARTICIPLE_FOLLOWERS and p > start:
            if any(t.text in {",", ";", "(", "—"} or t.low in _CLAUSE_WORDS - {"and"} for t in tokens[p:verb]):
                return None
            return _np_ref(tokens, lo, p)
    return None


def _titled(words: list[Token], name_offset: int) -> bool:
    """Whether a name opens these words, after at most two plain words: "astronaut Christina Koch",
    "state Rep. Ben Tuck" (but not "based in Denver" or "who runs a clinic in Harlan County")."""
    before = [t for t in words if t.start < name_offset]
    return len(before) <= 2 and all(t.is_word and t.low not in _PREPOSITIONS | _CLAUSE_WORDS | _AFFILIATION
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
            ref = _np_ref(tokens, _np_start(tokens, end, lo), end)  # "who" says the head is a person
            return ref if ref is not None and (ref.kind != "description" or tokens[r].low == "who"
                                               or ref.words[-1].lower() in PERSON_HEADS) else None
    return None


_ALIAS_CUES = {"sign", "callsign", "nickname", "alias", "pseudonym", "name"}


def _alias_in(tokens: list[Token], start: int, end: int) -> SpeakerRef | None:
    """The name a relative clause gives its person to be called by: "who goes by the call sign Bear",
    "who gave only his first name, Olena", "who is known as Falcon"."""
    for k in range(start, end - 1):
        cue = tokens[k].low in _ALIAS_CUES or tokens[k].low == "as" and tokens[k - 1].low == "known" \
            or tokens[k].low == "by" and tokens[k - 1].low in {"go", "goes", "went"}
        if not cue:
            continue
        first = k + 2 if tokens[k + 1].text == "," else k + 1
        spans = [s for s in name_spans(tokens[:end]) if s.first == first and not s.possessive]
        if spans and (name := read_name(tokens, spans[0])) is not None:
            return SpeakerRef("name", tokens[first].start, name=name)
    return None


def _np_start_of(tokens: list[Token], verb: int, lo: int) -> int:
    """Where the subject found by `subject_before` starts (for checking it fills the gap)."""
    k = _skip_back(tokens, verb - 1, lo)
    if k >= lo and tokens[k].text == ",":
        comma = next((c for c in range(k - 1, lo - 1, -1) if tokens[c].text in {",", "(", "—", "–"}), None)
        return _np_start(tokens, comma if comma is not None else k, lo)
    return _np_start(tokens, k + 1, lo)


def _np_start(tokens: list[Token], end: int, lo: int) -> int:
    """Walk left from `end` over the words a noun phrase can hold."""
    k = end - 1
    while k >= lo and end - k <= 10:
        token = tokens[k]
        inside_name = token.low in {"and", "&", "of"} and 0 < k < end - 1 and tokens[k - 1].is_capitalised \
            and tokens[k + 1].is_capitalised  # Department of Health and Social Care
        if not inside_name and (not (token.is_word or token.text in {"-", "&"} or token.text[0].isdigit())
                                or token.low in _CLAUSE_WORDS or token.low in _PREPOSITIONS):
            break
        if is_reporting_verb(tokens, k) and k < end - 1:
            break
        k -= 1
    return k + 1


def _np_ref(tokens: list[Token], start: int, end: int) -> SpeakerRef | None:
    """Read the noun phrase tokens[start:end] as a name, a pronoun or a description."""
    if start >= end:
        return None
    words = tokens[start:end]
    if len(words) == 1 and words[0].low in PRONOUNS:
        return SpeakerRef("pronoun", words[0].start, words=(words[0].low,))
    lows = [w.low for w in words]
    for k in range(1, len(lows)):  # a spokesperson for the ministry: the ministry speaks
        if lows[k] in {"for", "at", "of", "from"} and lows[k - 1] in SPOKESPERSON_WORDS:
            ref = _np_ref(tokens, start + k + 1, end)
            if ref is not None:
                return ref
            break
    spans = [s for s in name_spans(tokens[:end]) if s.first >= start]
    for span in spans:  # the head comes before its modifiers: Ben Hollis of Keystone Research
        if not span.possessive and span.last < end and tokens[span.last].low in _AFFILIATION:
            end = span.last
            spans = [s for s in spans if s.last <= end]
            break
    for k in range(start + 1, end):  # a nurse at another hospital (but the head of the agency)
        if tokens[k].low in _AFFILIATION and tokens[k - 1].low in ROLE_NOUNS and not tokens[k - 1].is_capitalised:
            end = k
            spans = [s for s in spans if s.last <= end]
            break
    named = [s for s in spans if not s.possessive]
    if named:
        span = named[-1]
        trailing = [w.low for w in tokens[span.last:end]]
        name = read_name(tokens, span)
        if name is not None and all(w.isalpha() for w in trailing):
            if trailing and trailing[-1] in SPEAKS_FOR:  # a State Department spokesperson: the department
                return SpeakerRef("name", tokens[span.first].start, name=name)
            if trailing and trailing[-1] in PERSON_HEADS:  # a White House official: not the White House
                return SpeakerRef("description", tokens[start].start, words=_words(tokens, start, end))
            return SpeakerRef("name", tokens[span.first].start, name=name)
    described = _words(tokens, start, end)
    if spans and spans[-1].possessive and described:
        owner = read_name(tokens, spans[-1])
        if owner is not None and described[-1].lower() in PERSON_HEADS | {"office", "campaign", "team"}:
            return SpeakerRef("description", tokens[start].start, name=owner, words=described)
    if described and described[-1].lower() not in PRONOUNS:
        return SpeakerRef("description", tokens[start].start, words=described)
    return None


def _words(tokens: list[Token], start: int, end: int) -> tuple[str, ...]:
    return tuple(t.text for t in tokens[start:end] if t.is_word)


def _subject_after(tokens: list[Token], verb: int) -> SpeakerRef | None:
    """The subject after an inverted verb (`said Name`) or `according to`."""
    k = verb + 1
    end = k
    while end < len(tokens) and (tokens[end].is_word or tokens[end].text in {"-", "&"}) and tokens[end].low not in (
            _CLAUSE_WORDS | _PREPOSITIONS - {"for", "at", "of"}) and end - k < 10:
        end += 1
    ref = _np_ref(tokens, k, end)
    if (ref is None or ref.kind == "description") and end + 1 < len(tokens) and tokens[end].text == ",":
        spans = [s for s in name_spans(tokens) if s.first == end + 1 and not s.possessive]
        if spans and (name := read_name(tokens, spans[0])) is not None:
            return SpeakerRef("name", tokens[spans[0].first].start, name=name)
    return ref


def _clause_subject(tokens: list[Token], k: int, lo: int) -> SpeakerRef | None:
    """The subject of a clause the verb is coordinated with: `Ortiz quieted the room and said`."""
    boundary = k
    while boundary > lo and tokens[boundary - 1].text not in {",", ";", "(", "—"} and tokens[boundary - 1].low not in (
            _CLAUSE_WORDS - {"and", "but", "then"}):
        boundary -= 1
    for j in range(max(boundary, lo), max(k, lo)):
        if tokens[j].low in PRONOUNS:
            return SpeakerRef("pronoun", tokens[j].start, words=(tokens[j].low,))
        spans = [s for s in name_spans(tokens[:k]) if s.first == j and not s.possessive]
        if spans and (name := read_name(tokens, spans[0])) is not None:
            return SpeakerRef("name", tokens[j].start, name=name)
    return None


def speech_events(masked: str) -> list[SpeakerRef]:
    """The subjects of reporting verbs in narration (indirect speech), in order: who spoke here."""
    events: list[SpeakerRef] = []
    tokens = tokenize(_blank_asides(masked))
    sentence_start = 0
    for k, token in enumerate(tokens):
        if token.text in {".", "!", "?"}:
            sentence_start = k + 1
        elif is_reporting_verb(tokens, k) and k > sentence_start:
            ref = _subject(tokens, k, sentence_start)
            if ref is not None:
                events.append(ref)
        elif _according_to(tokens, k):  # "According to Solberg, the team …": Solberg is the source
            ref = _subject_after(tokens, k + 1)
            if ref is not None and ref.kind == "name":
                events.append(ref)
    return events
