"""Quote detection and speaker attribution: our quote stage against a simple regex baseline.

Reads the annotated articles in bench/data/quotes/ (format in its README), runs both systems on
the plain paragraphs, and reports detection F1 (a predicted quote counts as found when it overlaps
at least half of a gold span, one to one), speaker accuracy (on the gold quotes found; and end to
end, on all gold quotes) and speed, on our written articles and on the real ones in
bench/data/quotes-real. `--write` puts the results under `## Quotes` in docs/BENCHMARKS.md;
`--data DIR` / `--only GLOB` score one set or some articles (a first run), `--errors` lists misses.

    .venv/bin/python bench/bench_quotes.py [--write]
"""
from __future__ import annotations

import argparse
import datetime
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
REAL = ROOT / "bench" / "data" / "quotes-real"
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
HuffPost, USA Today, Washington Post, NYT, 2016; gold from its attribution annotations, see
bench/data/quotes-real/README.md). Real text was harder than our batches: speaker accuracy 0.767 on
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
    real = [load(path) for path in sorted(REAL.glob("*.txt"))]
    if real:
        real_base, real_mine = score(real, baseline), score(real, ours)
        rows += ["", f"On {len(real)} real articles (bench/data/quotes-real, {real_mine['quotes']:.0f} gold quotes, "
                     "tuned on in round 4, so no estimate either):", "",
                 "| system | precision | recall | detection F1 | speaker acc. (found) | speaker acc. (all gold) |",
                 "| --- | --- | --- | --- | --- | --- |"]
        for label, result in (("regex baseline", real_base), ("audionews.quotes.layout", real_mine)):
            rows.append(f"| {label} | {result['precision']:.3f} | {result['recall']:.3f} | {result['f1']:.3f} | "
                        f"{result['speaker']:.3f} | {result['speaker_all']:.3f} |")
    rows += ["", f"Ours is {mine_ms / base_ms:.0f}× the baseline's time per article "
                 f"({1000 / mine_ms:.0f} articles per second).", "", FIRST_RUNS, ""]
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/BENCHMARKS.md")
    parser.add_argument("--errors", action="store_true", help="list our misses and misattributions")
    parser.add_argument("--data", type=Path, default=DATA, help="score another annotated set (no --write)")
    parser.add_argument("--only", default="*", help="glob of article names to score, e.g. '17*'")
    args = parser.parse_args()
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
