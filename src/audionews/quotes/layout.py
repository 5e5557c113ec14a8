"""Quotes with speakers: which quoted words in an article are speech, and whose.

`find_quotes(paragraphs)` pairs the quotation marks (`quotemarks`), keeps the quotes that are
speech rather than mentions, reads their attributions (`attribution`) and resolves each to a
canonical speaker through a registry of the names the article uses (`speakers`). A quote nobody
can be found for keeps speaker None: never a guess dressed as fact.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace
from typing import NamedTuple, Sequence

from audionews.quotes.attribution import (
    MARKS,
    TAIL_WINDOW,
    Attribution,
    SpeakerRef,
    attribute,
    coordinated_verb,
    head_attribution,
    narration_subject,
    quoting_subject,
    sentence_tail,
    speech_events,
)
from audionews.quotes.first_names import gender_of_name
from audionews.quotes.labels import not_a_name
from audionews.quotes.lexicon import lexicon, reading
from audionews.quotes.marks import Span, find_spans, is_answerer, is_asker
from audionews.quotes.mentions import is_speech, mention_cue
from audionews.quotes.speakers import (
    Entity,
    NameSpan,
    Registry,
    Token,
    gender_of,
    name_spans,
    read_name,
    tokenize,
)

INTERVIEWER = "Interviewer"


@dataclass(frozen=True)
class Quote:
    """Speech in paragraph `paragraph`: text[start:end] (marks included).

    `short` is how an announcement names the speaker ("Ortiz"); `introduced` says the
    attribution was read just before the quote, in the same sentence (or as a turn's label);
    `continues` that this is a later paragraph of a quote that began in an earlier one; `evidence`
    says which rule decided the speaker, so that wrong calls can be studied.
    """

    paragraph: int
    start: int
    end: int
    speaker: str | None
    short: str | None
    introduced: bool
    continues: bool = False
    evidence: str | None = None  # the rule that decided the speaker (or that there is none)


class _Who(NamedTuple):
    """A speaker found for a quote, and how."""

    speaker: str | None
    short: str | None
    evidence: str

    def because(self, evidence: str) -> "_Who":
        return self._replace(evidence=f"{evidence}: {self.evidence}" if self.evidence else evidence)


_NOBODY = _Who(None, None, "no attribution found")


def find_quotes(paragraphs: Sequence[str], language: str = "en", title: str = "") -> list[Quote]:
    """The speech quotes of an article's body paragraphs, in reading order, with speakers, read with
    the word lists of the article's `language`; the names in its `title` are known too (a transcript's
    "DOE:" is the Jane Doe of the headline)."""
    with reading(language):
        return _find_quotes(paragraphs, title)


def _find_quotes(paragraphs: Sequence[str], title: str) -> list[Quote]:
    spans = find_spans(paragraphs, title)
    by_paragraph: dict[int, list[Span]] = {}
    for span in spans:
        by_paragraph.setdefault(span.paragraph, []).append(span)
    masked = [_mask(text, by_paragraph.get(i, [])) for i, text in enumerate(paragraphs)]
    events = [_Events(speech_events(text)) for text in masked]
    registry = _registry(paragraphs, masked, events)
    if any(span.label is not None for span in spans):  # a transcript: its labels may be the headline's people
        _learn_names(registry, title)
    return _Resolver(paragraphs, masked, spans, registry, events).run()


def _mask(text: str, spans: list[Span]) -> str:
    """The text with the quoted stretches blanked out (same length)."""
    pieces, cursor = [], 0
    for span in spans:
        start = max(cursor, span.start)
        pieces += [text[cursor:start], " " * max(0, span.end - start)]
        cursor = max(cursor, span.end)
    return "".join(pieces) + text[cursor:]


class _Events:
    """A paragraph's speech events (the subjects of its reporting verbs), found by offset."""

    def __init__(self, events: list[SpeakerRef]):
        self.all = events
        self.offsets = [e.offset for e in events]
        self._last: dict[frozenset[str], list[int]] = {}

    def last(self, before: int, kinds: frozenset[str], after: int = -1) -> SpeakerRef | None:
        """The last event of one of `kinds` with `after` < offset < `before`."""
        latest = self._latest(kinds)
        k = bisect.bisect_left(self.offsets, before) - 1
        found = latest[k] if k >= 0 else -1
        return self.all[found] if found >= 0 and self.all[found].offset > after else None

    def _latest(self, kinds: frozenset[str]) -> list[int]:
        """For each event, the index of the last event of `kinds` up to it (-1 if none)."""
        if kinds not in self._last:
            latest, found = [], -1
            for k, event in enumerate(self.all):
                found = k if event.kind in kinds else found
                latest.append(found)
            self._last[kinds] = latest
        return self._last[kinds]


_NAMES = frozenset({"name"})
_NAMES_AND_PRONOUNS = frozenset({"name", "pronoun"})
_WINDOW = 1500  # characters of narration before a quote read for its sentence: more than any sentence


def _window(text: str, end: int) -> tuple[int, str]:
    """The last _WINDOW characters of text[:end], from a word's start, and where they start."""
    start = end - _WINDOW
    if start > 0:
        space = text.find(" ", start, end)
        start = space + 1 if space >= 0 else start
    start = max(0, start)
    return start, text[start:end]


def _registry(paragraphs: Sequence[str], masked: list[str], events: list[_Events]) -> Registry:
    """Every name used outside quotes: first the names themselves, then where each is mentioned."""
    registry = Registry()
    readings = []
    for index, text in enumerate(masked):
        tokens = tokenize(text)
        sentence_of = list(itertools.accumulate((t.text in {".", "!", "?"} for t in tokens), initial=0))
        spans = name_spans(tokens)
        for k, span in enumerate(spans):
            after = tokens[span.last] if span.last < len(tokens) else None
            if after is not None and not after.is_capitalised and after.low in lexicon().person_heads:
                continue  # "a Fed official": the name only says which official
            name = read_name(tokens, span)
            partner = spans[k + 1] if k + 1 < len(spans) else None
            if name is not None and partner is not None and _shares_surname(tokens, span, partner):
                name = replace(name, name=f"{name.name} {tokens[partner.last - 1].text}", kind="person")
            if name is not None:
                readings.append((index, tokens, span, name, sentence_of[span.first]))
    for *_, longest_first, _ in sorted(readings, key=lambda r: -len(r[3].name.split())):
        registry.learn(longest_first)
    seen: set[tuple[int, int, str]] = set()  # the first person, and the first unknown, of each sentence
    for index, tokens, span, name, sentence in readings:
        entity = registry.learn(name)
        key = (index, sentence, entity.kind)
        salient = key not in seen
        seen.add(key)
        start = span.first - 1 if span.first and tokens[span.first - 1].low == "the" else span.first
        leads = start == 0 or tokens[start - 1].text in {".", "!", "?"}
        entity.inside = entity.inside or not _opens_sentence(paragraphs[index], tokens[span.first].start)
        registry.mention(index, tokens[span.first].start, entity, salient, leads=leads)
        apposed = _apposed_nouns(tokens, span)
        entity.titles.update(apposed)
        if entity.kind == "unknown" and apposed & lexicon().person_heads:  # "A medic, Olena, 26,": a person
            entity.kind = "person"
    for index, paragraph_events in enumerate(events):
        for ref in paragraph_events.all:
            words = [w.lower() for w in ref.words]
            if ref.kind == "name" and ref.name is not None:  # whoever says something may be "he" later
                registry.mention(index, ref.offset, registry.learn(ref.name), salient=True, spoke=True)
            elif ref.kind == "description" and (words[-1] in lexicon().person_heads - lexicon().documents or _people(words[-1])) \
                    and registry.by_description(list(ref.words), index, ref.offset) is None:
                # "a nurse … said", "the man's mother said", "hospital officials said": someone a later
                # "she" or "they" can stand for
                phrase = " ".join(w for w in ref.words if w.lower() not in lexicon().drop_determiners)
                plural = _people(words[-1])
                entity = Entity(phrase, "org" if plural else "person", None if plural else gender_of(words),
                                titles={words[-1]})
                registry.mention(index, ref.offset, entity, True, spoke=True)
    return registry


def _learn_names(registry: Registry, text: str) -> None:
    """Know the full names a text (a headline) uses, so that a bare surname or label finds them."""
    tokens = tokenize(text)
    for span in name_spans(tokens):
        name = read_name(tokens, span)
        if name is not None and len(name.name.split()) >= 2 and registry.lookup(name.name) is None:
            registry.learn(name)


def _opens_sentence(text: str, offset: int) -> bool:
    """Whether the word at `offset` stands first in its sentence (where any word is capitalised): at the
    paragraph's start, or after a full stop or an opening quotation mark."""
    before = text[max(0, offset - 4):offset].rstrip()
    if before[-1:] in {'"', "'"}:  # a straight mark: closing when it follows a word or a comma
        return len(before) < 2 or before[-2].isspace()
    return not before or before[-1] in ".!?:;“‘«„([—–-"


def _people(word: str) -> bool:
    """A plural noun for people: officials, diplomats, residents."""
    return word in lexicon().plural_people or word.endswith("s") and word[:-1] in lexicon().person_heads


def _shares_surname(tokens: list[Token], span: NameSpan, partner: NameSpan) -> bool:
    """`Tom and Linda Garza`: a lone given name joined by "and" to a full name shares its surname."""
    return (span.last - span.first == 1 and gender_of_name(tokens[span.first].text) is not None
            and partner.first == span.last + 1 and tokens[span.last].low == "and"
            and partner.last - partner.first >= 2 and not partner.possessive)


def _apposed_nouns(tokens: list[Token], span: NameSpan) -> set[str]:
    """The head nouns of descriptions set beside a name by commas: "her daughter, Claire Ellison",
    "Luis Ortega, the county's emergency director," (so "her daughter" and "the director" find them)."""
    nouns: set[str] = set()
    if span.first >= 2 and tokens[span.first - 1].text == "," and tokens[span.first - 2].text.isalpha() \
            and tokens[span.first - 2].text.islower():
        nouns.add(tokens[span.first - 2].low)
    k = span.last
    if k + 1 < len(tokens) and tokens[k].text == "," and tokens[k + 1].text[0].isdigit():
        k += 2  # an age: "Angela Ruiz, 42, a nurse"
    if k + 1 < len(tokens) and tokens[k].text == "," and tokens[k + 1].low in {"the", "a", "an"}:
        words = []
        for token in tokens[k + 2:k + 10]:
            if not token.is_word or token.low in lexicon().apposition_end:
                break
            words.append(token)
        if words and not words[-1].is_capitalised:
            nouns.add(words[-1].low)
    return nouns


class _Resolver:
    """Walks the spans in reading order, deciding speech and speaker for each."""

    def __init__(self, paragraphs: Sequence[str], masked: list[str], spans: list[Span], registry: Registry,
                 events: list[_Events]):
        self.paragraphs = paragraphs
        self.masked = masked
        self.spans = spans
        self.registry = registry
        self.events = events
        self.quoted = {span.paragraph for span in spans}  # paragraphs with quotation marks or turns
        self.found: dict[int, list[Quote]] = {}  # the speech quotes so far, by paragraph
        self.last_named_turn: Entity | None = None
        self.mentions: set[tuple[int, int]] = set()  # (paragraph, end) of quoted words judged not speech

    def run(self) -> list[Quote]:
        quotes: list[Quote] = []
        head: Quote | None = None  # the first piece of a speech quote running over paragraphs
        for k, span in enumerate(self.spans):
            if span.continues and head is not None:
                piece = self._continuation(span, k, head)
                head = head if piece.continues else piece if span.open_end else None
                self._keep(piece, quotes)
                continue
            quote = self._quote(span, k, quotes)
            head = quote if quote is not None and span.open_end else None
            if quote is not None:
                self._keep(quote, quotes)
        return _fill_groups(quotes)

    def _keep(self, quote: Quote, quotes: list[Quote]) -> None:
        quotes.append(quote)
        self.found.setdefault(quote.paragraph, []).append(quote)

    def _continuation(self, span: Span, k: int, head: Quote) -> Quote:
        """A later paragraph of a running quote: its speaker's, unless it names another one itself."""
        who = _Who(head.speaker, head.short, "a quote running on from the paragraph before")
        attribution = self._attribution(span, k)
        if attribution is not None and (who.speaker is None or attribution.ref.kind == "name"):
            who = self._attributed(attribution, span.paragraph)
        who = self._vetted(who, attribution)
        continues = head.speaker in {None, who.speaker}
        return Quote(span.paragraph, span.start, span.end, who.speaker, who.short, False, continues=continues,
                     evidence=who.evidence)

    def _quote(self, span: Span, k: int, earlier: list[Quote]) -> Quote | None:
        text = self.paragraphs[span.paragraph]
        if span.label is not None:
            entity = self._label_speaker(span)
            self._spoke(entity, span)
            who = self._vetted(_names(entity, None, f"transcript label {span.label!r}"))
            return Quote(span.paragraph, span.start, span.end, who.speaker, who.short, True, evidence=who.evidence)
        attribution = self._attribution(span, k)
        shared = attribution is None and self._shares_subject(span, k, earlier)
        if shared:  # "…" and accused Valdoria of "…": the earlier quote's speaker
            attribution = Attribution(SpeakerRef("description", span.start), True, "and")
        introduced = attribution is not None and attribution.before
        if attribution is None and not text[:span.start].strip():
            attribution = self._colon_in_previous_paragraph(span)
            introduced = attribution is not None
        elif attribution is None and not shared:
            shift, head = _window(self.masked[span.paragraph], span.start)
            tail = self.masked[span.paragraph][span.end:span.end + TAIL_WINDOW]
            attribution = quoting_subject(sentence_tail(tokenize(head, shift)), tokenize(tail, span.end),
                                          ends_clause=text[span.start:span.end].rstrip(MARKS + " ").endswith(","))
        content = text[span.start:span.end].strip(" " + MARKS)
        comma_after = text[span.end:span.end + 2].startswith(",")
        cue = mention_cue(text, span.start)
        previous_end = self.spans[k - 1].end if k and self.spans[k - 1].paragraph == span.paragraph else -1
        if (span.paragraph, previous_end) in self.mentions and \
                re.fullmatch(r"\s*(?:,\s*(?:and|or)?|and|or)\s*", text[previous_end:span.start]):
            cue = "naming"  # listed with a mention: signs reading "Calder for Iowa" and "Ruth Will Fix It."
        if not is_speech(content, attribution, cue, span.closed, span.open_end, comma_after):
            self.mentions.add((span.paragraph, span.end))
            return None
        if shared:
            who = _Who(earlier[-1].speaker, earlier[-1].short, "the subject shared with the quote before")
        elif attribution is not None and _document(attribution.ref) and (
                author := self._author(span, earlier)) is not None:
            who = author.because("the author of the document quoted")  # "The statement added:"
        elif attribution is not None:
            who = self._attributed(attribution, span.paragraph)
        else:
            who = self._context_speaker(span, earlier)
        who = self._vetted(who, attribution)
        entity = self.registry.entities.get(who.speaker or "")
        self._spoke(entity, span)
        return Quote(span.paragraph, span.start, span.end, who.speaker, who.short, introduced, evidence=who.evidence)

    def _vetted(self, who: _Who, attribution: Attribution | None = None) -> _Who:
        """The speaker, or nobody when the label found is no name to announce (see `labels`). A participle's
        or a colon sentence's subject is the sentence's first name, which is weaker evidence."""
        if who.speaker is None:
            return who
        weak = attribution is not None and (attribution.verb in {":", "the sentence's subject", "the main clause's subject"}
                                            or attribution.verb in lexicon().participles)
        reason = not_a_name(who.speaker, self.registry.entities.get(who.speaker), weak)
        if reason is None:
            return who
        return _Who(None, None, f"{who.evidence}; {who.speaker!r} not spoken: {reason}")

    def _attributed(self, attribution: Attribution, paragraph: int) -> _Who:
        """The speaker an attribution names, with the attribution as its evidence."""
        ref = attribution.ref
        said = f"{attribution.verb!r} {'before' if attribution.before else 'after'} the quote"
        return _names(self._resolve(ref, paragraph), ref, f"{_described(ref)} with {said}")

    def _attribution(self, span: Span, k: int) -> Attribution | None:
        text = self.paragraphs[span.paragraph]
        previous = self.spans[k - 1] if k and self.spans[k - 1].paragraph == span.paragraph else None
        following = self.spans[k + 1] if k + 1 < len(self.spans) else None
        tail_to = following.start if following and following.paragraph == span.paragraph else len(text)
        found = attribute(text, span.start, span.end, previous.end if previous else 0, tail_to)
        if found is None and previous is not None and text[span.start + 1:span.start + 2].islower():
            # `acknowledged that there are still "some people" who feel that way, "but not among …"`:
            # a partial quote's reporter may stand before an earlier quote of its sentence
            head_from = max(0, span.start - _WINDOW)
            masked = self.masked[span.paragraph][head_from:span.start] + text[span.start:tail_to]
            found = attribute(masked, span.start - head_from, span.end - head_from, 0, tail_to - head_from)
            if found is not None:
                found = replace(found, ref=replace(found.ref, offset=found.ref.offset + head_from))
        return found

    def _author(self, span: Span, earlier: list[Quote]) -> _Who | None:
        """Who wrote "the statement" a quote is attributed to: whoever this paragraph last reports as
        speaking (`Her label, Northstar, said in a statement that …`), else the speaker just quoted."""
        same = self.found.get(span.paragraph, [])
        event = self.events[span.paragraph].last(span.start, _NAMES, after=same[-1].start if same else -1)
        if event is not None:
            return _names(self._resolve(event, span.paragraph), event, f"{_described(event)} reporting in the paragraph")
        if earlier and earlier[-1].paragraph >= span.paragraph - 1:
            return _Who(earlier[-1].speaker, earlier[-1].short, "the speaker just quoted")
        return None

    def _shares_subject(self, span: Span, k: int, earlier: list[Quote]) -> bool:
        """The quote before, in this paragraph, was speech, and a verb joined by "and" follows it."""
        previous = self.spans[k - 1] if k else None
        if previous is None or previous.paragraph != span.paragraph or not earlier or \
                (earlier[-1].paragraph, earlier[-1].end) != (span.paragraph, previous.end):
            return False
        return coordinated_verb(self.paragraphs[span.paragraph][previous.end:span.start]) is not None

    def _colon_in_previous_paragraph(self, span: Span) -> Attribution | None:
        """`In a statement, the ministry said:` closing one paragraph, the quote opening the next."""
        if span.paragraph == 0 or not self.masked[span.paragraph - 1].rstrip().endswith(":"):
            return None
        previous = self.masked[span.paragraph - 1].rstrip()
        shift, window = _window(previous, len(previous))
        return head_attribution(sentence_tail(tokenize(window, shift)))

    def _context_speaker(self, span: Span, earlier: list[Quote]) -> _Who:
        """An unattributed quote continues the last speaker of its paragraph (quoted, or reported as in
        `Shah said the course matters. "…"`) or, opening a paragraph, of the one before; after narration
        with no speaker, it is the words of the person the narration is about."""
        same = self.found.get(span.paragraph, [])
        event = self.events[span.paragraph].last(span.start, _NAMES_AND_PRONOUNS)
        if event is not None and (not same or event.offset > same[-1].start):
            return _names(self._resolve(event, span.paragraph), event,
                          f"{_described(event)} reporting earlier in the paragraph")
        if same:
            return _Who(same[-1].speaker, same[-1].short, "the last speaker quoted in the paragraph")
        shift, before_quote = _window(self.masked[span.paragraph], span.start)
        if before_quote.strip():  # "She remembers the first morning. "…"": the narration's subject
            return self._narration_speaker(before_quote, span.paragraph, shift)
        if span.paragraph == 0:
            return _NOBODY
        exchange = self._exchange(span)
        if exchange is not None:
            return exchange
        before = self.found.get(span.paragraph - 1, [])
        previous = self.masked[span.paragraph - 1]
        event = self.events[span.paragraph - 1].last(len(previous) + 1, _NAMES)
        if event is not None and (not before or event.offset > before[-1].start):
            return _names(self._resolve(event, span.paragraph - 1), event,
                          f"{_described(event)} reporting in the paragraph before")
        if before:
            return _Who(before[-1].speaker, before[-1].short, "the last speaker quoted in the paragraph before")
        if span.paragraph - 1 not in self.quoted:  # after a paragraph about someone
            shift, before_quote = _window(previous, len(previous))
            return self._narration_speaker(before_quote, span.paragraph - 1, shift)
        return _NOBODY

    def _exchange(self, span: Span) -> _Who | None:
        """A paragraph that is only a quote, after two turns of an exchange (paragraphs of quotes by two
        people): when it asks a question or answers the last turn's, the turn goes back to the one who
        spoke before the last."""
        text = self.paragraphs[span.paragraph]
        if span.paragraph < 2 or text[span.end:].strip() or text[:span.start].strip():
            return None
        last, before = self._turn(span.paragraph - 1), self._turn(span.paragraph - 2)
        if last is None or before is None or last.speaker == before.speaker:
            return None
        def question(quote: Quote | Span) -> bool:
            return self.paragraphs[quote.paragraph][quote.start:quote.end].rstrip(MARKS + " ").endswith("?")

        if not question(span) and not question(last):  # a question or its answer: otherwise a continuation
            return None
        return _Who(before.speaker, before.short, "an exchange of turns: the speaker before the last")

    def _turn(self, paragraph: int) -> Quote | None:
        """The quote of a paragraph that is one speaker's turn: mostly quoted words, all one speaker's."""
        quotes = self.found.get(paragraph, [])
        text = self.paragraphs[paragraph]
        if not quotes or quotes[0].speaker is None or any(q.speaker != quotes[0].speaker for q in quotes):
            return None
        quoted = sum(q.end - q.start for q in quotes)
        return quotes[-1] if quoted * 2 >= len(text.strip()) else None

    def _narration_speaker(self, text: str, paragraph: int, shift: int) -> _Who:
        """The person or organisation the last sentence of `text` (at `shift` in its paragraph) is about,
        if it is known as one."""
        subject = narration_subject(text, shift)
        entity = self._resolve(subject, paragraph) if subject is not None else None
        if entity is None or entity.kind == "unknown":  # "Rain fell.": a capitalised word, not someone
            return _NOBODY
        return _names(entity, subject, f"{_described(subject)} the subject of the narration before")

    def _resolve(self, ref: SpeakerRef, paragraph: int) -> Entity | None:
        if ref.kind == "name" and ref.name is not None:
            return self.registry.lookup(ref.name.name) or self.registry.learn(ref.name)
        if ref.kind == "pronoun":
            return self.registry.antecedent(ref.words[0], paragraph, ref.offset)
        words = [w.lower() for w in ref.words]
        if len(words) >= 3 and words[0] in lexicon().some and words[1] == "of":  # one of them, one of the officers
            if words[2:] == ["them"]:
                return self.registry.antecedent("they", paragraph, ref.offset)
            return self.registry.by_description(list(ref.words[2:]), paragraph, ref.offset)
        if len(words) == 2 and words[0] in {"a", "an"} and words[1] in lexicon().speaks_for:
            office = self._office_before(paragraph, ref.offset)
            if office is not None:  # "The governor's office defended it. "…," a spokesman said."
                return office
        if len(words) >= 2 and words[-1] in lexicon().speaks_for and words[-2] in lexicon().generic_org_nouns:
            company = self.registry.by_description(["the", words[-2]], paragraph, ref.offset)
            if company is not None:  # a company spokesperson speaks for the company
                return company
        if ref.name is not None:  # Name's office, Name's spokesman
            owner = self.registry.lookup(ref.name.name) or self.registry.learn(ref.name)
            return Entity(f"{owner.name}'s {ref.words[-1].lower()}", kind="org")
        return self.registry.by_description(list(ref.words), paragraph, ref.offset) or \
            self.registry.named_after(list(ref.words), paragraph, ref.offset)

    def _office_before(self, paragraph: int, offset: int) -> Entity | None:
        """The organisation a sentence of this paragraph before `offset` is about, which an unaffiliated
        "a spokesman" speaks for: a named one opening the sentence, or "the governor's office"."""
        shift, window = _window(self.masked[paragraph], offset)
        tokens = tokenize(window, shift)
        ends = [k for k, t in enumerate(tokens) if t.text in {".", "!", "?"}]
        if not ends:
            return None
        start = ends[-2] + 1 if len(ends) > 1 else 0
        sentence = window[tokens[start].start - shift:tokens[ends[-1]].end - shift] if start < ends[-1] else ""
        subject = narration_subject(sentence)
        if subject is not None and subject.kind == "name":
            entity = self._resolve(subject, paragraph)
            return entity if entity is not None and entity.kind == "org" else None
        words = [t for t in tokens[start:start + 5] if t.is_word]
        head = next((k for k, t in enumerate(words) if t.low in lexicon().generic_org_nouns | {"office"}), None)
        if head is None or words[0].low not in {"the", "a", "an"} and not words[0].is_possessive:
            return None
        phrase = [t.text for t in words[:head + 1] if t.low not in lexicon().drop_determiners]
        return self.registry.by_description(["the", *phrase], paragraph, offset) or \
            Entity(" ".join(phrase), kind="org")

    def _label_speaker(self, span: Span) -> Entity | None:
        label = span.label or ""
        if is_asker(label):
            return Entity(INTERVIEWER, kind="person")
        if is_answerer(label):
            return self.last_named_turn or self.registry.recent_person(span.paragraph)
        words = label.split()
        if label.isupper():
            label = " ".join(w if "." in w[:-1] else w.capitalize() for w in words)
        tokens = tokenize(label)
        found = name_spans(tokens)
        name = read_name(tokens, found[-1]) if found else None
        if name is None:
            return Entity(label, kind="person")
        entity = self.registry.lookup(name.name) or self.registry.learn(name)
        entity.kind = "person" if entity.kind == "unknown" else entity.kind
        self.last_named_turn = entity
        return entity

    def _spoke(self, entity: Entity | None, span: Span) -> None:
        if entity is not None and entity.name in self.registry.entities:
            self.registry.mention(span.paragraph, span.start, entity, salient=True)


def _document(ref: SpeakerRef) -> bool:
    """A definite description of something written: "the statement", "the letter"."""
    words = [w.lower() for w in ref.words]
    return ref.kind == "description" and len(words) >= 2 and words[0] in {"the", "this", "that"} \
        and words[-1] in lexicon().documents


def _names(entity: Entity | None, ref: SpeakerRef | None, evidence: str) -> _Who:
    """The speaker's full name and announcement name; a bare description when no entity matched."""
    if entity is not None:
        return _Who(entity.name, entity.short, evidence)
    if ref is not None and ref.kind == "description" and ref.words:
        words = list(ref.words)
        while words and words[0].lower() in lexicon().drop_determiners:
            words = words[1:]
        phrase = " ".join(words)
        if phrase and re.search(r"[a-z]", phrase):
            return _Who(phrase, phrase, f"{evidence}, the article's own description")
    return _Who(None, None, f"{evidence}, resolved to no one")


def _described(ref: SpeakerRef) -> str:
    """A reference as evidence: name 'Lena Ortiz', pronoun 'she', description 'the minister'."""
    words = ref.name.name if ref.kind == "name" and ref.name is not None else " ".join(ref.words)
    return f"{ref.kind} {words!r}"


def _fill_groups(quotes: list[Quote]) -> list[Quote]:
    """A quote running over paragraphs is one speaker's: share a speaker found in any piece."""
    filled = list(quotes)
    start = 0
    for k in range(1, len(filled) + 1):
        if k < len(filled) and filled[k].continues:
            continue
        pieces = filled[start:k]
        speaker = next(((q.speaker, q.short) for q in pieces if q.speaker is not None), None)
        if speaker is not None:
            for j in range(start, k):
                if filled[j].speaker is None:
                    q = filled[j]
                    filled[j] = replace(q, speaker=speaker[0], short=speaker[1],
                                        evidence="another paragraph of the same running quote")
        start = k
    return filled

