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

from audionews.quotes.lexicon import lexicon
from audionews.quotes.phrases import (
    SpeakerRef,
    is_reporting_verb,
    names_a_person,
    noun_phrase,
    phrase_start,
    subject_after,
    subject_before,
    subject_start,
    verb_base,
)
from audionews.quotes.speakers import Token, name_span_at, read_name, tokenize

_ASIDE = re.compile(r"(?<=\w)\s\([^()\n]{1,30}\)(?=,|\s+[a-z])")
MARKS = "\"“”„‟«»'‘’‚‛‹›`"


@dataclass(frozen=True)
class Attribution:
    ref: SpeakerRef
    before: bool  # said in the same sentence, before the quote
    verb: str | None


# Characters read on either side of a quote for its attribution: more than any sentence, so reading a
# quote costs its neighbourhood, never the whole paragraph.
HEAD_WINDOW = 1500
TAIL_WINDOW = 600


def attribute(text: str, start: int, end: int, head_from: int, tail_to: int) -> Attribution | None:
    """The attribution of the quote text[start:end], read from text[head_from:start] and text[end:tail_to]."""
    content = text[start:end].strip(" " + MARKS)
    ends_open = bool(content) and content[-1] in ",?!—–-…:" or text[end:end + 1] in {",", "—", "–"}
    head_from = max(head_from, _word_start(text, start - HEAD_WINDOW, start))
    tail_to = min(tail_to, end + TAIL_WINDOW)
    window = _blank_asides(text[head_from:tail_to])
    head = sentence_tail(tokenize(window[:start - head_from], head_from))
    tail = tokenize(window[end - head_from:], end)
    loose_tail = _tail_attribution(tail, loose=True) if ends_open else None
    before = head_attribution(head, partial=bool(content) and content[0].islower())
    if loose_tail and not (loose_tail.verb == "according to" and before and names_a_person(before.ref)):
        return loose_tail  # "…," Name said — but in `Name said "…," according to a statement`, Name spoke
    if before:
        return before
    return _tail_attribution(tail, loose=False)


def _word_start(text: str, position: int, limit: int) -> int:
    """The start of the first word at or after `position`, before `limit` (0 when it is before the text)."""
    if position <= 0:
        return 0
    space = text.find(" ", position, limit)
    return space + 1 if space >= 0 else position


def _blank_asides(text: str) -> str:
    """Short parentheses after a word blanked out (same length): `Rep. Gwen Moore (D-Wis.) said`,
    `Acme (ACM.N) said` read as if the aside were not there."""
    return _ASIDE.sub(lambda m: " " * len(m.group()), text)


def sentence_tail(tokens: list[Token]) -> list[Token]:
    """The tokens after the last sentence end."""
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k].text in {".", "!", "?"} and k + 1 < len(tokens):
            return tokens[k + 1:]
        if tokens[k].text in {".", "!", "?"}:
            return []
    return tokens


def head_attribution(tokens: list[Token], partial: bool = False) -> Attribution | None:
    """The attribution before a quote, in its sentence: the last reporting verb whose subject is a
    name or pronoun (else the last one with any subject), `according to`, or `Name:`. A `partial`
    quote inside a reported clause is the words of the clause's reporter: in `An official said
    Washington had urged both sides to "…"` the official speaks."""
    described: Attribution | None = None
    for k in range(len(tokens) - 1, -1, -1):
        if _according_to(tokens, k):
            ref = subject_after(tokens, k + 1)
            if ref:
                return Attribution(ref, True, "according to")
        if is_reporting_verb(tokens, k):
            ref = _subject(tokens, k, 0)
            if ref is not None and ref.kind != "description":
                says = verb_base(tokens, k) in lexicon().say_verbs  # "when he said that …": his own
                outer = _reporter_of_clause(tokens, ref.offset) if partial and not says else None
                return outer or Attribution(ref, True, tokens[k].low)
            described = described or (Attribution(ref, True, tokens[k].low) if ref else None)
    if described is not None:
        return described
    if tokens and tokens[-1].text == ":":
        ref = noun_phrase(tokens, phrase_start(tokens, len(tokens) - 1, 0), len(tokens) - 1)
        if ref is not None and ref.kind == "name":
            return Attribution(ref, True, ":")
        ref = _colon_clause_subject(sentence_tail(tokens))
        if ref is not None:
            return Attribution(ref, True, ":")
    return None


def _colon_clause_subject(tokens: list[Token]) -> SpeakerRef | None:
    """Who a sentence ending in a colon introduces: its subject (after any opening clause). "Dr. Ada
    Obi, the health officer, had a message:", "The commissioner, Ruth Hayes, was direct:", "The word
    from the sheriff's office was blunt:"."""
    verb = next((k for k, t in enumerate(tokens) if t.low in lexicon().copulas), None)
    if verb is None or verb == 0:
        return None
    subject = _main_subject(tokens, verb)
    if subject is not None:
        return subject
    commas = [k for k in range(verb) if tokens[k].text == ","]
    if len(commas) >= 2:  # the description, Name, …
        span = name_span_at(tokens, commas[0] + 1, commas[1])
        if span is not None and span.last == commas[1] and (name := read_name(tokens, span)) is not None:
            return SpeakerRef("name", tokens[span.first].start, name=name)
    end = commas[0] if commas else verb
    lows = [t.low for t in tokens[:end]]
    for k in range(1, len(lows)):  # the message from the sheriff's office: the office speaks
        if lows[k] in {"from", "of"} and lows[k - 1] in lexicon().message_nouns:
            return noun_phrase(tokens, k + 1, end)
    ref = noun_phrase(tokens, 0, end)
    if ref is None or ref.kind == "description" and ref.words[-1].lower() not in lexicon().person_heads - lexicon().written_words:
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
    if k < len(tokens) and tokens[k].low in lexicon().reporting_verbs and not any(t.text in {".", "!", "?"} for t in tokens):
        return tokens[k].low
    return None


def _skip_forward(tokens: list[Token], k: int) -> int:
    while k < len(tokens) and (tokens[k].low in lexicon().skip_words or tokens[k].low.endswith("ly") and tokens[k].low != "only"):
        k += 1
    return k


def _reporter_of_clause(tokens: list[Token], offset: int) -> Attribution | None:
    """A plain `said`/`told` before the clause starting at `offset`, whose subject is a person: the
    reporter of that clause."""
    for k in range(len(tokens)):
        if tokens[k].start >= offset:
            return None
        if is_reporting_verb(tokens, k) and verb_base(tokens, k) in lexicon().say_verbs:
            ref = _subject(tokens, k, 0)
            person = ref is not None and (ref.kind != "description" or ref.words[-1].lower() in lexicon().person_heads)
            if person and ref.offset < tokens[k].start:
                return Attribution(ref, True, tokens[k].low)
    return None


def _according_to(tokens: list[Token], k: int) -> bool:
    return k + 1 < len(tokens) and tokens[k].low == "according" and tokens[k + 1].low == "to"


def _tail_attribution(tokens: list[Token], loose: bool) -> Attribution | None:
    """The attribution right after a quote: `— Name`, `said Name`, `Name said`, `according to Name`.
    `loose` allows a longer subject, for quotes whose closing comma announces one."""
    if len(tokens) > 1 and tokens[0].text in {"—", "–", "-"} and tokens[1].is_capitalised:  # "…" — Name, title
        span = name_span_at(tokens, 1)
        if span is not None and not span.possessive and (name := read_name(tokens, span)) is not None:
            return Attribution(SpeakerRef("name", tokens[1].start, name=name), False, "—")
    k = 0
    while k < len(tokens) and tokens[k].text in {",", "—", "–", "-", ")"}:
        k += 1
    first = k
    limit = 14 if loose else 5
    if _according_to(tokens, first):
        ref = subject_after(tokens, first + 1)
        return Attribution(ref, False, "according to") if ref else None
    if first < len(tokens) and is_reporting_verb(tokens, first):
        ref = subject_after(tokens, first)
        return Attribution(ref, False, tokens[first].low) if ref else None
    for v in range(first, min(len(tokens), first + limit)):
        if tokens[v].text in {".", "!", "?", ";"}:
            return None
        if (is_reporting_verb(tokens, v) or loose and _unlisted_speech_verb(tokens, v)) and v > first:
            ref = subject_before(tokens, v, first)
            if ref is not None and subject_start(tokens, v, first) == first and names_a_person(ref):
                return Attribution(ref, False, tokens[v].low)
            if ref is not None and subject_start(tokens, v, first) == first and is_reporting_verb(tokens, v):
                return Attribution(ref, False, tokens[v].low)
            return None
    return None


def _unlisted_speech_verb(tokens: list[Token], v: int) -> bool:
    """A past-tense verb the lists do not know, ending the clause after a quote that a comma leaves open:
    `"…," an angry Hollande retaliated.`, `"…," Toomey fumed on Tuesday.` — the clause is the quote's
    attribution whatever its verb."""
    token = tokens[v]
    after = tokens[v + 1].low if v + 1 < len(tokens) else "."
    return (not token.is_capitalised and token.low.endswith("ed") and len(token.low) > 4
            and token.low not in lexicon().irregular_participles
            and (after in {".", ",", ";", "!", "?", "and", "as", "while", "before", "after", "at", "on", "in"}
                 or after in lexicon().prepositions))


def _subject(tokens: list[Token], verb: int, lo: int) -> SpeakerRef | None:
    """The subject of a reporting verb: before it, or after it when inverted (`…, said Priya Shah`);
    for a participle (`The association opposed it, calling it "…"`), the sentence's subject."""
    if tokens[verb].low in lexicon().participles:
        return _sentence_subject(tokens, lo, verb)
    before = subject_before(tokens, verb, lo)
    if before is not None and names_a_person(before):
        return before
    if verb > lo and tokens[verb - 1].text == ",":
        after = subject_after(tokens, verb)
        if after is not None and after.kind == "name":
            return after
    if before is None and verb_base(tokens, verb) in lexicon().takes_person_object:
        return None  # "… and accused Valdoria of": the words after are its object, not an inverted subject
    return before or subject_after(tokens, verb)


_TITLE_REACH = 7  # words of a title before a name: "Republican presidential nominee Donald Trump"


def _sentence_subject(tokens: list[Token], lo: int, verb: int) -> SpeakerRef | None:
    """A name or pronoun opening the sentence, after at most an article and a title ("the", "Republican
    presidential nominee", "Iowa State University's"): its likely subject."""
    lex = lexicon()
    title_words = lex.head_titles | lex.title_modifiers | lex.role_nouns | lex.temporal_modifiers | lex.demonyms
    j = lo
    while j < min(lo + _TITLE_REACH, verb):
        if tokens[j].low in lex.pronouns:
            return SpeakerRef("pronoun", tokens[j].start, words=(tokens[j].low,)) if j == lo else None
        span = name_span_at(tokens, j, verb)
        if span is not None and not span.possessive and (name := read_name(tokens, span)) is not None:
            return SpeakerRef("name", tokens[j].start, name=name)
        if span is not None and (span.possessive or read_name(tokens, span) is None):
            j = span.last  # a modifier that is a name: the Iowa State University's, Republican
        elif tokens[j].low in {"the", "a", "an"} or tokens[j].is_word and (
                tokens[j].low in title_words or _modifier(tokens[j])):
            j += 1
        else:
            return None
    return None


def _modifier(token: Token) -> bool:
    """A lower-case word that may stand in a title before a name ("presidential"): no verb, no small word."""
    lex = lexicon()
    low = token.low
    return token.text.islower() and not low.endswith(("ed", "ing")) and low not in lex.reporting_verbs \
        and low not in lex.clause_words | lex.prepositions | lex.auxiliaries | lex.passive_auxiliaries


def narration_subject(text: str, offset: int = 0) -> SpeakerRef | None:
    """The subject of the last sentence of narration (`text`, at `offset` in its paragraph), when a name
    or "he", "she", "they" opens it (or follows an opening clause): the person an unattributed quote
    right after it belongs to."""
    tokens = tokenize(text, offset)
    while tokens and tokens[-1].text in {".", "!", "?"}:
        tokens.pop()
    tokens = sentence_tail(tokens)
    subject = _main_subject(tokens, len(tokens))
    if subject is None or subject.kind == "pronoun" and subject.words[0] not in {"he", "she", "they"}:
        return None
    return subject


def quoting_subject(head: list[Token], tail: list[Token], ends_clause: bool = False) -> Attribution | None:
    """For a quote inside a sentence with no reporting verb next to it, whose words the sentence reports:
    a reporting verb later in the sentence with a person for subject (`Couple it with a "…" and voters get
    nervous, said Jane Roe`); the main clause's subject when the quote is in an opening clause (`Citing
    "…", Will urged`); else the sentence's subject, a name or a pronoun (`Clinton supports "appropriate
    pay raises"`). `head`: the sentence's tokens before the quote; `tail`: those after it; `ends_clause`: the
    quote ends with a comma of its own."""
    end = next((k for k, t in enumerate(tail) if t.text in {".", "!", "?", ";"}), len(tail))
    tail = tail[:end]
    for v in range(len(tail)):
        if is_reporting_verb(tail, v):
            ref = _subject(tail, v, 0)
            if ref is not None and ref.kind != "description":
                return Attribution(ref, False, tail[v].low)
    if sum(t.is_word for t in head) < 2:
        return None
    if head and _opens_clause(head[0]) and not any(t.text == "," for t in head[1:]):
        comma = -1 if ends_clause else next((k for k, t in enumerate(tail) if t.text == ","), None)
        ref = _sentence_subject(tail, comma + 1, len(tail)) if comma is not None else None
        if ref is not None:
            return Attribution(ref, False, "the main clause's subject")
    subject = _main_subject(head, len(head))
    return Attribution(subject, True, "the sentence's subject") if subject is not None else None


def _main_subject(tokens: list[Token], verb: int) -> SpeakerRef | None:
    """A name or pronoun opening the sentence, or opening it after an adverbial clause and its comma."""
    subject = _sentence_subject(tokens, 0, verb)
    if subject is None and tokens and _opens_clause(tokens[0]):
        comma = next((k for k, t in enumerate(tokens[:min(20, verb)]) if t.text == ","), None)
        subject = _sentence_subject(tokens, comma + 1, verb) if comma is not None else None
    return subject


def _opens_clause(token: Token) -> bool:
    """A word opening an adverbial clause or phrase before the subject: "Asked whether …, Ortega shrugged",
    "Leaving the court, she …", "After the vote, Bell …", "Later that night, Reyes …"."""
    lex = lexicon()
    low = token.low
    return low in lex.prepositions | lex.clause_words - {"and", "but", "or", "that", "which", "who", "whom", "whose"} \
        or low.endswith(("ed", "ing")) and len(low) > 4 \
        or low in lex.not_name - lex.determiners - frozenset(lex.pronouns)


SUBJECT_REACH = 120  # tokens before a reporting verb read for its subject: more than a sentence holds


def speech_events(masked: str) -> list[SpeakerRef]:
    """The subjects of reporting verbs in narration (indirect speech), in order: who spoke here."""
    events: list[SpeakerRef] = []
    tokens = tokenize(_blank_asides(masked))
    sentence_start = 0
    for k, token in enumerate(tokens):
        if token.text in {".", "!", "?"}:
            sentence_start = k + 1
        elif is_reporting_verb(tokens, k) and k > sentence_start:
            ref = _subject(tokens, k, max(sentence_start, k - SUBJECT_REACH))
            if ref is not None:
                events.append(ref)
        elif _according_to(tokens, k):  # "According to Solberg, the team …": Solberg is the source
            ref = subject_after(tokens, k + 1)
            if ref is not None and ref.kind == "name":
                events.append(ref)
    return events
