"""Quote detection and speaker attribution: our quote stage against a simple regex baseline.

Reads the annotated articles in bench/data/quotes/ (format in its README), runs both systems on
the plain paragraphs, and reports detection F1 (a predicted quote counts as found when it overlaps
at least half of a gold span, one to one), speaker accuracy (on the gold quotes found; and end to
end, on all gold quotes) and speed, on our written articles, and on real news: the
PolNeAR corpus in ../shared/corpora/polnear (read there, never copied here; skipped when absent). `--write` puts the results under `## Quotes` in docs/BENCHMARKS.md;
`--data DIR` / `--only GLOB` score one set or some articles (a first run), `--polnear train|dev` a PolNeAR
compartment (develop on train; dev is held out), `--errors` lists misses.

    .venv/bin/python bench/bench_quotes.py [--write]
    .venv/bin/python bench/bench_quotes.py --polnear train --errors
"""
from __future__ import annotations

import argparse
import datetime
import fnmatch
import os
import platform
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from audionews.quotes.layout import find_quotes

from report import write_section

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data" / "quotes"
# The rules were developed on these articles, so the table above flatters them. Each later batch was
# written and scored before any rule was changed for it; those first scores are the honest estimate.
FIRST_RUNS = """These articles were also the development set, so the scores above are optimistic. Each batch
was written and scored *before* any rule was changed for it; those first runs are the fairer estimate:

| articles | gold quotes | detection F1 | speaker acc. (found) |
| --- | --- | --- | --- |
| 01–19 (first version) | 72 | 0.972 | 0.928 |
| 20–30 | 42 | 1.000 | 0.762 |
| 31–40 | 33 | 0.985 | 0.848 |
| 41–50 | 35 | 1.000 | 0.886 |
| 51–60 | 35 | 0.986 | 0.882 |
| 61–70 | 30 | 0.984 | 0.800 |
| 71–80 | 34 | 1.000 | 0.912 |
| 81–90 | 25 | 0.980 | 0.880 |
| 91–100 | 25 | 1.000 | 0.920 |
| 101–105 | 18 | 1.000 | 0.944 |
| 106–110 | 16 | 1.000 | 0.875 |
| 111–115 | 14 | 0.963 | 0.846 |
| 116–120 | 14 | 0.963 | 0.846 |
| 121–123 | 7 | 1.000 | 0.857 |
| 124–128 | 16 | 0.968 | 0.867 |
| 129–131 | 10 | 1.000 | 0.900 |
| **20–131 together** | 354 | 0.990 | 0.863 |
| 132–151 (batch 14, scored before round 2) | 100 | 0.980 | 0.833 |
| 152–161 (batch 15, written after the round-2 rules) | 42 | 1.000 | 0.881 |
| 162–169 (batch 16, written after all round-2 rules; 2 gold errors fixed later) | 33 | 0.969 | 0.839 |
| **152–169 together (first runs after round 2)** | 75 | 0.986 | 0.863 |
| 170–179 (batch 17, written after round 3, scored before round 4) | 61 | 0.992 | 0.883 |
| real PolNeAR 01–06 (scored before round 4) | 62 | 0.819 | 0.767 |
| the same without one- and two-word partial quotes | 48 | 0.945 | 0.767 |
| real PolNeAR 07–09 (held out from round 4, scored after its first eight rules) | 40 | 0.919 | 0.853 |
| the same without one- and two-word partial quotes | 35 | 0.986 | 0.853 |
| real PolNeAR 10–12 (scored after thirteen rules of round 4; 11 is a quoted transcript) | 30 | 0.828 | 0.500 |
| the same without article 11 (the transcript) | 17 | 0.828 | 1.000 |
| **real PolNeAR 07–12 together (first runs after round 4's rules)** | 70 | 0.879 | 0.707 |

Round 2 (rules changed after batch 14, then batch 15 written fresh): colon clauses name their subject
("Dr. X, the health officer, had a message:", "The message from the sheriff's office was blunt:"),
"the governor" finds "Gov. X", unlisted roles before a full name ("Center Oscar Delgado"), a subject
shared by "and accused X of "…"", participle clauses after a subject ("a memo sent to … told"),
a partial quote in a reported clause is its reporter's, described speakers ("the man's mother",
"hospital officials") are what a later "she"/"they" stands for, an unattributed quote after narration
about a person is theirs, "the statement said" is by whoever the paragraph reports, "the club/company"
can be a name the lists do not know as an organisation; reporting verbs added from the Gender Gap
Tracker's public list (sfu-discourse-lab/GenderGapTracker, nlp/english/rules/quote_verb_list.txt).
Batch 14 (wire, local TV, sports, court, earnings, debate, feature, Q&A, posts, obituary, opinion)
scores F1 0.985 / speaker 0.979 after round 2, but it was tuned on, so that is no estimate. Round 3,
after batch 16: mention cues stay in their sentence, "one of them" is the group just described, "the
right-hander" skips capitalised words that are no subject, an interview's answers go to the titled
person rather than a named restaurant. The honest estimate for unseen articles is the first runs of
batches 15 and 16: F1 0.986, speaker accuracy 0.863 on 75 quotes (roughly ±0.04) — the same as round
1's estimate; the rules before round 2 scored 0.833 on batch 14. Round 3 has no fresh batch after it.

Round 4 measured real text first: nine articles from PolNeAR (networkdynamics/PolNeAR: Politico,
HuffPost, USA Today, Washington Post, NYT, 2016; gold from its attribution annotations, converted by
hand into bench/data/quotes-real/, since removed: they are PolNeAR dev articles, now read from the
shared corpus). Real text was harder than our batches: speaker accuracy 0.767 on
the first six against 0.863–0.883 on the self-written batches. Its detection misses are almost all
one- or two-word partial quotes (`there was "no evidence"`, `called Trump a "pathological liar"`),
which PolNeAR attributes and our convention reads as narration (as the issue's `"great intel"`); without
them detection F1 is 0.945–0.986. Rules added in round 4 (each with a unit test): a bare surname is the
person named first, not a relative named later (Cruz ≠ Heidi Cruz); short parenthetical asides (D-Wis.,
tickers) are skipped; the subject after an opening clause (`Asked whether …, Ortega shrugged.`) owns the
quote after it; `According to Name, …` makes Name the paragraph's source; a partial quote's reporter may
stand before an earlier quote of its sentence; a name given in a relative clause (call sign, nickname,
known as) names the speaker; a lone name apposed to a role noun is a person; names with a plural
possessive (the Teachers' Union) are one name; "the group" is a proper name, not a described crowd; an
unaffiliated "a spokesman said" speaks for the office the sentence before is about; Mr. King is a surname;
a quote right after a title is not listed with it; `when he said that "…"` is his own; a colon clause's
subject after an opening clause. Two real sets were held out: PolNeAR 07–09, scored after
round 4's first eight rules (speaker 0.853 on 34 quotes found), and 10–12, scored after thirteen (0.500:
article 11 is a Breitbart transcript whose every paragraph opens a quotation mark before the label,
`"WALLACE: …`, and none of its 12 turns had a speaker; the other two articles scored 1.000). Pooled, the
first runs after round 4 give speaker accuracy 0.707 on 58 real quotes found (0.891 on 46 without the
quoted transcript) — the honest estimate on real news is well below the 0.90 target, and it rests on
one layout's failure as much as on the rules. Rule fourteen followed: a transcript quoted whole has
turns, continued paragraphs and stage directions that are nobody's words (`"(CROSSTALK.)`), and a show
named after "broadcast of" is a title. The tuned scores after it (0.953 on the twelve real articles,
0.984 on batch 17) are no estimate. Remaining real-text
misses: a pronoun in an embedded clause (`Flynn said Trump was right when he said …` — he is Trump), a
capitalised sentence opener read as a name (`Small groups of protesters … chanting`), a subject inside an
opening clause whose quoted title hides its comma (`On "Face the Nation," Sen. Bernie Sanders …`), a
possessive description of the person just named (`Obama's former campaign strategist said` for Axelrod).

The baseline scores F1 ≈ 0.88 here against 0.70 on the team's real articles: these hand-written
articles are cleaner than real pages, so expect lower numbers on real ones. Known misses: short
quotes after "called"/"what it called" (`called the second half "unacceptable."` — read as narration,
as are scare quotes like `what the military called "infrastructure"`; the convention is ambiguous, so
left alone), an organisation named only by a description ("the department" for "Police in Millbrook"),
names the lists do not know ("a No 10 spokesperson")."""
_GOLD_RE = re.compile(r"⟦(.*?)⟧\{(.*?)\}", re.DOTALL)

Prediction = tuple[int, int, int, "str | None"]  # paragraph, start, end, speaker


@dataclass
class Article:
    name: str
    style: str
    paragraphs: list[str]
    gold: list[Prediction]


def load(path: Path) -> Article:
    lines = path.read_text(encoding="utf-8").splitlines()
    style = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("# style:")), "")
    body = "\n".join(line for line in lines if not line.startswith("#")).strip()
    paragraphs: list[str] = []
    gold: list[Prediction] = []
    for index, marked in enumerate(p for p in re.split(r"\n\s*\n", body) if p.strip()):
        text, cursor = "", 0
        for match in _GOLD_RE.finditer(marked):
            text += marked[cursor:match.start()]
            speaker = match.group(2).strip()
            gold.append((index, len(text), len(text) + len(match.group(1)), None if speaker == "?" else speaker))
            text += match.group(1)
            cursor = match.end()
        paragraphs.append(text + marked[cursor:])
    return Article(path.stem, style, paragraphs, gold)


def ours(paragraphs: list[str]) -> list[Prediction]:
    return [(q.paragraph, q.start, q.end, q.speaker) for q in find_quotes(paragraphs)]


_BASELINE_QUOTE = re.compile(r"[\"“]([^\"“”]+)[\"”]")
_NAME = r"((?:[A-Z][\w.'’-]+ )*[A-Z][\w.'’-]+)"
_VERB = r"(?:said|says|told|added|wrote|asked|tweeted|stated)"
_AFTER = re.compile(rf"^\W*(?:{_NAME} {_VERB}|{_VERB} {_NAME})")
_BEFORE = re.compile(rf"(?:{_NAME} {_VERB}|{_VERB} {_NAME})[^.]*$")


def baseline(paragraphs: list[str]) -> list[Prediction]:
    """Every double-quoted stretch is a quote; the speaker is a capitalised name next to a verb."""
    predictions: list[Prediction] = []
    for index, text in enumerate(paragraphs):
        for match in _BASELINE_QUOTE.finditer(text):
            found = _AFTER.search(text[match.end():]) or _BEFORE.search(text[:match.start()])
            speaker = next((g for g in found.groups() if g), None) if found else None
            predictions.append((index, match.start(), match.end(), speaker))
    return predictions


def _norm(name: str | None) -> list[str]:
    if name is None:
        return []
    name = name.lower().replace("’", "'")
    return [w for w in re.findall(r"[\w.'-]+", name) if w not in {"the", "a", "an"}]


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """Equal, or one name ends the other (a surname for the full name)."""
    p, g = _norm(predicted), _norm(gold)
    if not p or not g:
        return p == g
    shorter, longer = sorted((p, g), key=len)
    return longer[-len(shorter):] == shorter


def score(articles: list[Article], system: Callable[[list[str]], list[Prediction]]) -> dict[str, float]:
    true_positives = predicted_total = gold_total = speakers_right = 0
    for article in articles:
        predictions = system(article.paragraphs)
        predicted_total += len(predictions)
        gold_total += len(article.gold)
        unused = list(predictions)
        for paragraph, start, end, speaker in article.gold:
            match = next((p for p in unused if p[0] == paragraph
                          and min(end, p[2]) - max(start, p[1]) >= (end - start) / 2), None)
            if match is None:
                continue
            unused.remove(match)
            true_positives += 1
            speakers_right += same_speaker(match[3], speaker)
    precision = true_positives / predicted_total if predicted_total else 0.0
    recall = true_positives / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "speaker": speakers_right / true_positives if true_positives else 0.0,
            "speaker_all": speakers_right / gold_total if gold_total else 0.0,
            "quotes": gold_total}


def speed(articles: list[Article], system: Callable[[list[str]], list[Prediction]], rounds: int = 20) -> float:
    """Milliseconds per article, best of three runs of `rounds` passes."""
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for _ in range(rounds):
            for article in articles:
                system(article.paragraphs)
        best = min(best, (time.perf_counter() - began) / (rounds * len(articles)))
    return best * 1000


def errors(articles: list[Article]) -> list[str]:
    """Gold quotes our system misses or misattributes, and its quotes that are not gold."""
    lines = []
    for article in articles:
        predictions = ours(article.paragraphs)
        for paragraph, start, end, speaker in article.gold:
            text = article.paragraphs[paragraph][start:end]
            match = next((p for p in predictions if p[0] == paragraph
                          and min(end, p[2]) - max(start, p[1]) >= (end - start) / 2), None)
            if match is None:
                lines.append(f"{article.name}: missed {text[:60]!r} ({speaker})")
            elif not same_speaker(match[3], speaker):
                lines.append(f"{article.name}: {text[:60]!r} gold {speaker!r}, ours {match[3]!r}")
        for paragraph, start, end, speaker in predictions:
            if not any(g[0] == paragraph and min(end, g[2]) - max(start, g[1]) >= (g[2] - g[1]) / 2
                       for g in article.gold):
                lines.append(f"{article.name}: extra {article.paragraphs[paragraph][start:end][:60]!r} ({speaker})")
    return lines


# ---- PolNeAR: real news with attribution annotations, read from the shared corpus (never copied here) ----

POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"
_PRONOUNS = set("he she they it we i you him her them us me his hers their theirs its our ours my your who whom "
                "whose which what".split())
_DETERMINERS = set("the a an this that these those one another some both each".split())
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
# Twelve dev articles were converted by hand and tuned on in round 4 (they used to be bench/data/quotes-real):
# the dev scores are also given without them.
SEEN_IN_ROUND_4 = {
    "politico_2016-09-16_sanders-clinton-needs-to-get-awa",
    "politico_2016-09-28_axelrod-calls-on-dean-to-apologi",
    "politico_2016-09-17_de-blasio-says-chelsea-explosion",
    "huff-post_2016-09-16_black-lawmakers-rip-donald-trump",
    "usa-today_2016-09-08_lawmaker-urges-retaliation-on-ru",
    "wash-post_2016-09-26_ah-friends-once-more-ted-cruz-en",
    "wash-post_2016-09-26_charlotte-struggles-to-return-to",
    "politico_2016-09-08_flynn-says-trump-absolutely-righ",
    "nyt_2016-09-19_obama-sees-personal-insult-if-bl",
    "usa-today_2016-09-23_trump-questions-the-fairness-of-",
    "breitbart_2016-09-25_pence-gennifer-flowers-won-t-be-",
    "wash-post_2016-10-05_international-monetary-fund-slas",
}
# The dev compartment's runs, in order; the first was made before any change for issue 14.
POLNEAR_RUNS = [
    "| first run, before issue 14 (main 8aa1e5d): dev | 84 | 674 | 0.862 | 0.907 | 0.884 | 0.889 (425) | 0.056 | "
    "0.645 (200) | 244 | 8 | 13 | 0 |",
    "| first run: dev without the 12 seen in round 4 | 72 | 562 | 0.838 | 0.900 | 0.868 | 0.873 (331) | 0.069 | "
    "0.662 (160) | 212 | 7 | 12 | 0 |",
    "| first run: dev, '' also a quotation mark | 84 | 770 | 0.986 | 0.904 | 0.943 | 0.892 (481) | 0.050 | "
    "0.636 (231) | 244 | 8 | 13 | 0 |",
]
POLNEAR_NOTES = """Gold quotes are the double-quoted stretches (straight or curly marks; single marks in this
corpus are nested quotes or headlines; the last row also takes the NYT archive's `''…''` as marks, which the
README does not list, so our quotes there count as extras in the other rows) of more than two words lying at least half inside one attribution's
Content (the innermost when several hold it), in the body (the headline is the title, read apart).
A predicted quote (adjacent ones of one speaker in a paragraph merged) is found when it covers at least
half of a gold quote, one to one; predictions on quoted stretches that are not gold (titles, scare quotes,
one- or two-word quotes) count neither way. *Named speaker right*: of the found quotes whose Source names
someone, the share whose speaker contains the Source's last name word before any apposition; *silent*:
the share given no speaker (heard in the quote voice, unannounced). *Needed announcements*: gold quotes
with a named Source whose speaker differs from the previous gold quote's and whose Source is not read
before the quote in its sentence; *right* when the on-change script announces the right person before
it. *Announcements spoken*: all announcements before our quotes; *a wrong name*: announced at a found
quote with a named Source but naming someone else; *the placeholder*: "Unnamed speaker" announced."""


@dataclass(frozen=True)
class GoldQuote:
    """A quoted stretch (marks included) inside one attribution's Content; `key` is the word the
    predicted speaker must contain (the Source's last name word), None when the Source names nobody."""

    paragraph: int
    start: int
    end: int
    source: str | None
    key: str | None
    introduced: bool  # the Source stands before the quote, in its sentence: heard before the quote


@dataclass
class RealArticle:
    name: str
    title: str
    paragraphs: list[str]
    gold: list[GoldQuote]
    ignored: list[tuple[int, int, int]]  # quoted stretches that count neither way


def polnear_names(compartment: str, root: Path = POLNEAR) -> list[str]:
    """The article names of a compartment ("train", "dev"); empty when the corpus is absent."""
    folder = root / compartment / "text"
    return sorted(p.stem for p in folder.glob("*.txt")) if folder.is_dir() else []


def load_polnear(compartment: str, name: str, root: Path = POLNEAR, doubled: bool = False) -> RealArticle:
    """One article: its headline, its paragraphs (each non-blank line), its gold and ignored quotes.
    With `doubled`, a pair of apostrophes or backticks (NYT's archive style, ``…'') is a straight mark too."""
    text = (root / compartment / "text" / f"{name}.txt").read_text(encoding="utf-8")
    annotations = sorted((root / compartment / "attributions").glob(f"{name}_*.ann"))
    contents = _contents(annotations[0].read_text(encoding="utf-8")) if annotations else []
    lines, cursor = [], 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((cursor, line))
        cursor += len(line) + 1
    gold, ignored = [], []
    for index, (offset, line) in enumerate(lines[1:]):  # the first line is the headline, read as the title
        marked = line.replace("''", '"\u2060').replace("``", '"\u2060') if doubled else line
        for start, end in _quoted_stretches(marked):
            words = _NAME_WORD.findall(line[start:end])
            best = min((c for c in contents if _overlap(c[0], offset + start, offset + end) * 2 >= end - start),
                       key=lambda c: sum(b - a for a, b in c[0]), default=None)  # the innermost attribution
            if len(words) <= 2 or best is None:
                ignored.append((index, start, end))
                continue
            source = best[1]
            gold.append(GoldQuote(index, start, end, source, _name_key(source) if source else None,
                                  _introduced(text, best[2], offset + start)))
    return RealArticle(name, lines[0][1].strip() if lines else "", [line for _, line in lines[1:]], gold, ignored)


def _contents(annotation: str) -> list[tuple[list[tuple[int, int]], str | None, int | None]]:
    """Each attribution's Content parts, its Source's text and where the Source starts."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in annotation.splitlines():
        fields = line.split("\t")
        if re.fullmatch(r"T\d+", fields[0]) and len(fields) >= 2:
            kind, _, places = fields[1].partition(" ")
            parts = [tuple(int(x) for x in part.split()) for part in places.split(";")]
            spans[fields[0]] = (kind, [(a, b) for a, b in parts], fields[2] if len(fields) > 2 else "")
        elif re.fullmatch(r"E\d+", fields[0]) and len(fields) >= 2:
            events.append(dict(arg.split(":", 1) for arg in fields[1].split() if ":" in arg))
    found = []
    for event in events:
        source = spans.get(event.get("Source", ""))
        for role, target in event.items():
            if role.startswith("Content") and target in spans:
                found.append((spans[target][1], source[2] if source else None, source[1][0][0] if source else None))
    return found


def _quoted_stretches(line: str) -> list[tuple[int, int]]:
    """Curly marks pair in order, straight marks pair within the paragraph; an opening mark left open
    runs to the paragraph's end. Marks included."""
    stretches = []
    for opening, closing in (("“", "”"), ('"', '"')):
        start = None
        for k, char in enumerate(line):
            if start is None and char == opening:
                start = k
            elif start is not None and char == closing:
                stretches.append((start, k + 1))
                start = None
        if start is not None:
            stretches.append((start, len(line.rstrip())))
    return sorted(stretches)


def _overlap(parts: list[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(b, end) - max(a, start)) for a, b in parts)


def _name_key(source: str) -> str | None:
    """The Source's last name word before any apposition (or a post-modifier: "Sen. Tom Carper of Delaware"
    → carper), or None when it names nobody: a pronoun, or a description whose last word is no name ("the
    Florida senator"). "Clinton spokesman Brian Fallon, who …" → fallon, "Sen. Ted Cruz (R-Texas)" → cruz."""
    head = re.split(r",|\(|—|–|\b(?:who|which|of|at|from)\b", source, maxsplit=1)[0]
    words = [re.sub(r"['’]s?$", "", w).rstrip(".") for w in _NAME_WORD.findall(head)]
    if not words or not words[-1][:1].isupper() or words[-1].lower() in _PRONOUNS | _DETERMINERS:
        return None
    return words[-1].lower()


def _introduced(text: str, source_start: int | None, quote_start: int) -> bool:
    """The Source is read before the quote, in the same sentence and paragraph."""
    if source_start is None or source_start >= quote_start:
        return False
    between = text[source_start:quote_start]
    return "\n" not in between and not re.search(r"[.?!][\"”’]?\s+[\"“A-Z]", between)


def speaker_names(predicted: str | None, key: str | None) -> bool:
    """The predicted speaker contains the gold key as a word."""
    return predicted is not None and key is not None and key in {
        re.sub(r"['’]s?$", "", w).rstrip(".").lower() for w in _NAME_WORD.findall(predicted)}


@dataclass(frozen=True)
class _Predicted:
    paragraph: int
    start: int
    end: int
    speaker: str | None
    announced: str | None  # the speaker named by the announcement before it, if any
    unnamed: bool  # an announcement placeholder was spoken before it


def _predict(article: RealArticle) -> list[_Predicted]:
    """Our quote segments (adjacent ones of one speaker in one paragraph merged), with the announcement
    the on-change script speaks before each."""
    from audionews.model import Article, Paragraph
    from audionews.script import build_script

    quotes = find_quotes(article.paragraphs)
    script = build_script(Article(article.title or "Untitled", [Paragraph(p) for p in article.paragraphs]))
    announced: dict[tuple[int, tuple[str, ...]], list] = {}  # (paragraph, first words of a quote) → announcements
    segments = script.segments
    for k, segment in enumerate(segments):
        if segment.kind == "announcement" and k + 1 < len(segments) and segments[k + 1].kind == "quote":
            following = segments[k + 1]
            announced.setdefault((following.paragraph - 1, _first_words(following.text)), []).append(segment)
    merged: list[_Predicted] = []
    for quote in quotes:
        text = article.paragraphs[quote.paragraph]
        spoken = announced.get((quote.paragraph, _first_words(text[quote.start:quote.end])), [])
        announcement = spoken.pop(0) if spoken else None
        previous = merged[-1] if merged else None
        if previous and previous.paragraph == quote.paragraph and previous.speaker == quote.speaker \
                and not text[previous.end:quote.start].strip():
            merged[-1] = _Predicted(quote.paragraph, previous.start, quote.end, quote.speaker,
                                    previous.announced, previous.unnamed)
            continue
        merged.append(_Predicted(quote.paragraph, quote.start, quote.end, quote.speaker,
                                 announcement.speaker if announcement else None,
                                 announcement is not None and announcement.speaker is None))
    return merged


def _first_words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text)[:4])


@dataclass
class RealScore:
    articles: int = 0
    crashed: int = 0
    gold: int = 0
    predicted: int = 0
    found: int = 0
    named: int = 0  # found quotes whose Source names someone
    named_right: int = 0
    named_silent: int = 0  # … given no speaker
    needed: int = 0  # gold quotes with a named Source whose speaker changed and was not read just before
    needed_right: int = 0  # … announced with the right name
    announced: int = 0  # announcements spoken
    announced_wrong: int = 0  # … naming someone else than a named Source
    unnamed: int = 0  # … saying the placeholder

    @property
    def precision(self) -> float:
        return self.found / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_polnear(articles: list[RealArticle], errors: list[str] | None = None) -> RealScore:
    """Detection, named-speaker accuracy and announcements, as the corpus README scores them."""
    result = RealScore()
    for article in articles:
        result.articles += 1
        try:
            predictions = _predict(article)
        except Exception as error:  # the benchmark counts a crash and reads the article as quote-free
            result.crashed += 1
            predictions = []
            if errors is not None:
                errors.append(f"{article.name}: crashed: {error!r}")
        unused = list(predictions)
        previous_key: str | None = None
        for gold in article.gold:
            result.gold += 1
            covers = [p for p in unused if p.paragraph == gold.paragraph
                      and (min(p.end, gold.end) - max(p.start, gold.start)) * 2 >= gold.end - gold.start]
            match = covers[0] if covers else None
            quoted = article.paragraphs[gold.paragraph][gold.start:gold.end]
            needed = gold.key is not None and gold.key != previous_key and not gold.introduced
            previous_key = gold.key
            if needed:
                result.needed += 1
                right = match is not None and speaker_names(match.announced, gold.key)
                result.needed_right += right
            if match is None:
                if errors is not None:
                    errors.append(f"{article.name}: missed {quoted[:70]!r} ({gold.source})")
                continue
            unused.remove(match)
            result.found += 1
            if gold.key is not None:
                result.named += 1
                right = speaker_names(match.speaker, gold.key)
                result.named_right += right
                result.named_silent += match.speaker is None
                if match.announced is not None and not speaker_names(match.announced, gold.key):
                    result.announced_wrong += 1
                if not right and errors is not None:
                    errors.append(f"{article.name}: {quoted[:70]!r} gold {gold.source!r}, ours {match.speaker!r}")
        for p in predictions:
            result.announced += p.announced is not None or p.unnamed
            result.unnamed += p.unnamed
        ignored = [p for p in unused if any(p.paragraph == i and (min(p.end, e) - max(p.start, s)) * 2 >= e - s
                                            for i, s, e in article.ignored)]
        result.predicted += len(predictions) - len(ignored)
        if errors is not None:
            for p in unused:
                if p not in ignored:
                    text = article.paragraphs[p.paragraph][p.start:p.end]
                    errors.append(f"{article.name}: extra {text[:70]!r} ({p.speaker})")
    return result


def polnear_rows(label: str, result: RealScore) -> list[str]:
    """One line of the PolNeAR table."""
    named = result.named_right / result.named if result.named else 0.0
    silent = result.named_silent / result.named if result.named else 0.0
    needed = result.needed_right / result.needed if result.needed else 0.0
    return [f"| {label} | {result.articles} | {result.gold} | {result.precision:.3f} | {result.recall:.3f} | "
            f"{result.f1:.3f} | {named:.3f} ({result.named}) | {silent:.3f} | {needed:.3f} ({result.needed}) | "
            f"{result.announced} | {result.announced_wrong} | {result.unnamed} | {result.crashed} |"]


POLNEAR_HEADER = [
    "| run | articles | gold quotes | precision | recall | detection F1 | named speaker right (scored) | "
    "named speaker silent | needed announcements right (needed) | announcements spoken | "
    "… of them a wrong name | … the placeholder | crashes |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
]


def polnear_section(compartment: str) -> list[str]:
    """PolNeAR's held-out compartment, scored now, below its earlier runs (or a note when it is absent)."""
    names = polnear_names(compartment)
    if not names:
        return [f"PolNeAR ({POLNEAR}) is absent here, so its {compartment} compartment was not scored; "
                "its earlier runs:", "", *POLNEAR_HEADER, *POLNEAR_RUNS, "", POLNEAR_NOTES]
    articles = [load_polnear(compartment, name) for name in names]
    seen = [a for a in articles if a.name in SEEN_IN_ROUND_4]
    rows = [f"PolNeAR {compartment} ({len(articles)} real articles of 2016 US political news, read from "
            f"`../{POLNEAR.relative_to(ROOT.parent)}`; gold and scoring as its README says): our quote stage and the "
            "on-change script.", "", *POLNEAR_HEADER, *POLNEAR_RUNS]
    rows += polnear_rows(f"now: {compartment}", score_polnear(articles))
    rows += polnear_rows(f"now: {compartment} without the {len(seen)} seen in round 4",
                         score_polnear([a for a in articles if a.name not in SEEN_IN_ROUND_4]))
    rows += polnear_rows(f"now: {compartment}, '' also a quotation mark",
                         score_polnear([load_polnear(compartment, name, doubled=True) for name in names]))
    return rows + ["", POLNEAR_NOTES]


def report(articles: list[Article]) -> str:
    base, mine = score(articles, baseline), score(articles, ours)
    base_ms, mine_ms = speed(articles, baseline), speed(articles, ours)
    machine = f"{platform.machine()} {platform.system()}, Python {platform.python_version()}, {os.cpu_count()} CPUs"
    rows = [
        "## Quotes",
        "",
        f"{datetime.date.today().isoformat()}, {machine}. `bench/bench_quotes.py` on {len(articles)} short "
        f"articles written for this evaluation ({mine['quotes']:.0f} gold quotes; styles: wire, transcripts, "
        "live blog, statements and posts, scare quotes, multi-paragraph quotes, pronouns, organisations, "
        "colon quotes, …).",
        "A quote is found when a prediction overlaps at least half of the gold span; speaker accuracy counts a "
        "surname as the full name. Baseline: every double-quoted stretch, speaker a capitalised name beside "
        "said/told/added/wrote.",
        "",
        "| system | precision | recall | detection F1 | speaker acc. (found) | speaker acc. (all gold) | ms/article |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, result, ms in (("regex baseline", base, base_ms), ("audionews.quotes.layout", mine, mine_ms)):
        rows.append(f"| {label} | {result['precision']:.3f} | {result['recall']:.3f} | {result['f1']:.3f} | "
                    f"{result['speaker']:.3f} | {result['speaker_all']:.3f} | {ms:.2f} |")
    rows += ["", *polnear_section("dev")]
    rows += ["", f"Ours is {mine_ms / base_ms:.0f}× the baseline's time per article "
                 f"({1000 / mine_ms:.0f} articles per second).", "", FIRST_RUNS, ""]
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/BENCHMARKS.md")
    parser.add_argument("--errors", action="store_true", help="list our misses and misattributions")
    parser.add_argument("--data", type=Path, default=DATA, help="score another annotated set (no --write)")
    parser.add_argument("--only", default="*", help="glob of article names to score, e.g. '17*'")
    parser.add_argument("--polnear", choices=["train", "dev"], help="score a PolNeAR compartment (no --write)")
    args = parser.parse_args()
    if args.polnear:
        names = [n for n in polnear_names(args.polnear) if fnmatch.fnmatch(n, args.only)]
        if not names:
            print(f"PolNeAR {args.polnear} not found under {POLNEAR}: nothing scored.")
            return 0
        found_errors: list[str] = []
        result = score_polnear([load_polnear(args.polnear, n) for n in names], found_errors)
        if args.errors:
            print("\n".join(found_errors) or "no errors")
        print("\n".join(POLNEAR_HEADER + polnear_rows(args.polnear, result)))
        return 0
    articles = [load(path) for path in sorted(args.data.glob(f"{args.only}.txt"))]
    if args.errors:
        print("\n".join(errors(articles)) or "no errors")
        return 0
    if args.data != DATA or args.only != "*":
        result = score(articles, ours)
        print(f"{len(articles)} articles, {result['quotes']:.0f} gold quotes: precision {result['precision']:.3f}, "
              f"recall {result['recall']:.3f}, F1 {result['f1']:.3f}, speaker {result['speaker']:.3f} "
              f"(all gold {result['speaker_all']:.3f})")
        return 0
    section = report(articles)
    print(section)
    if args.write:
        write_section(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
