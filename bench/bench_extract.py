"""Extraction quality and speed: our extract_article against trafilatura alone, on the same pages.

Quality is the article-extraction-benchmark metric (scrapinghub/article-extraction-benchmark,
evaluate.py): 4-gram shingles of \\w+ tokens, precision and recall averaged over pages, F1 of
the two averages. The prediction is the article body: body and heading paragraphs, headline and
captions excluded. Each page is scored as HTML and as whole-page plain-text scrapes (menus, share
lines and footers stay): BeautifulSoup get_text("\\n") of the body without scripts (every text
node on its own line, so paragraphs break at links and at the source's own line breaks), the
copy a person gets from a browser (Chromium `document.body.innerText`, cached beside each page
as NAME.innertext.txt by bench/data/extract/make_scrapes.py), and that copy as a text converter
writes it (blocks apart by blank lines, hard-wrapped at 78 columns).

Pages: bench/data/extract/{pages,real,heldout}/*.html, each with a *.json ({"body": [...]}) beside it,
and the real pages of newspaper4k's test data (bench/data/extract/sdist_pages.py downloads its sdist
with pip into a cache on first use; `python bench/data/extract/sdist_pages.py` caches their browser
copies), split into a development half and a held-out half.
Run:  .venv/bin/python bench/bench_extract.py [--verbose] [--repeat N] [--sets SET ...] [--write docs/BENCHMARKS.md]
"""
from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import statistics
import sys
import textwrap
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, NamedTuple

import trafilatura
from bs4 import BeautifulSoup

from audionews.errors import InputError
from audionews.text.extract import extract_article

from report import write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench" / "data" / "extract"))
import sdist_pages  # noqa: E402  (bench/data/extract is not a package)

PAGES = ROOT / "bench" / "data" / "extract" / "pages"
REAL = ROOT / "bench" / "data" / "extract" / "real"
HELDOUT = ROOT / "bench" / "data" / "extract" / "heldout"
REPORT = ROOT / "docs" / "BENCHMARKS.md"
INTRO = ("Token F1 on the article body (4-gram shingles, the article-extraction-benchmark metric; headline "
         "and captions excluded), for HTML pages and for whole-page plain-text scrapes of the same pages. "
         "Produced by `bench/bench_extract.py --write docs/BENCHMARKS.md`.")
_TOKEN = re.compile(r"\w+")


# --- Metric (same as the article-extraction-benchmark's evaluate.py) -----------------------------


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def f1_score(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)

    p = statistics.mean(precision(*c) for c in counts if c[0] + c[1] > 0) if any(c[0] + c[1] for c in counts) else 0.0
    r = statistics.mean(recall(*c) for c in counts if c[0] + c[2] > 0) if any(c[0] + c[2] for c in counts) else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def below(counts: list[tuple[float, float, float]], threshold: float) -> int:
    """How many pages have a recall under `threshold` (pages with an empty expected body not counted)."""
    return sum(1 for tp, fp, fn in counts if tp + fn > 0 and tp / (tp + fn) < threshold)


# --- Systems -------------------------------------------------------------------------------------


def ours(markup: str) -> str:
    try:
        article = extract_article(markup)
    except InputError:
        return ""
    return "\n".join(p.text for p in article.paragraphs if p.kind != "caption")


def trafilatura_default(markup: str) -> str:
    return trafilatura.extract(markup) or ""


def trafilatura_precision(markup: str) -> str:
    return trafilatura.extract(markup, favor_precision=True) or ""


def trafilatura_recall(markup: str) -> str:
    return trafilatura.extract(markup, favor_recall=True) or ""


def readability(markup: str) -> str:
    """readability-lxml's main text (Document.summary), as text."""
    from readability import Document
    from readability.readability import Unparseable

    try:
        summary = Document(markup).summary(html_partial=True)
    except (Unparseable, ValueError):
        return ""
    return BeautifulSoup(summary, "lxml").get_text("\n")


def trafilatura_on_lines(text: str) -> str:
    """trafilatura given the scrape's lines as paragraphs (it needs markup)."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return trafilatura.extract(f"<html><body><div>{paragraphs}</div></body></html>") or ""


def unchanged(text: str) -> str:
    return text


def text_scrape(markup: str) -> str:
    """The page as a whole-page plain-text scrape: every visible string, one per line."""
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    return (soup.body or soup).get_text("\n")


def wrapped_scrape(copy: str) -> str:
    """A browser copy as a text converter writes it: blocks apart by blank lines, wrapped at 78 columns."""
    blocks = [line.strip() for line in copy.split("\n") if line.strip()]
    return "\n\n".join(textwrap.fill(block, 78) for block in blocks)


# --- Run -----------------------------------------------------------------------------------------


class Page(NamedTuple):
    name: str
    html: str
    body: str  # the expected article body
    copy: str | None  # the browser's innerText, None when the page has no visible text (JSON-LD only)


def load_pages(*folders: Path) -> list[Page]:
    pages = []
    for path in sorted(p for folder in folders for p in folder.glob("*.html")):
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        copy_path = path.with_suffix(".innertext.txt")
        if not copy_path.exists():
            raise SystemExit(f"{copy_path} is missing: run bench/data/extract/make_scrapes.py first.")
        copy = copy_path.read_text(encoding="utf-8") if expected.get("template") != "json_ld_only" else None
        pages.append(Page(path.stem, path.read_text(encoding="utf-8"), "\n".join(expected["body"]), copy))
    return pages


def load_shaped_pages() -> list[Page]:
    """The failure shapes of tests/shaped_pages.py (pages written for the tests), HTML only."""
    sys.path.insert(0, str(ROOT / "tests"))
    import shaped_pages as shapes

    feature = "\n".join(shapes.FEATURE)
    table = "\n".join([*shapes.RESULTS_INTRO, *(shapes.table_line(row) for row in shapes.TABLE)])
    guide = "\n".join([shapes.GUIDE_INTRO, *(part for item in shapes.GUIDE for part in item)])
    made = [("sibling-containers", shapes.sibling_containers(), feature),
            ("feature-with-asides", shapes.feature_with_asides(), feature),
            ("lazy-loaded-json-ld", shapes.lazy_loaded_with_json_ld(), feature),
            ("results-table", shapes.results_table(), table),
            ("shopping-guide", shapes.shopping_guide(), guide),
            ("furniture-in-the-text", shapes.furniture_in_the_text(), feature),
            ("paywall-teaser", shapes.paywall_teaser(), "\n".join(shapes.TEASER))]
    return [Page(name, markup, body, None) for name, markup, body in made]


def load_sdist_pages(split: str) -> list[Page]:
    """One half of newspaper4k's test pages (see bench/data/extract/sdist_pages.py)."""
    chosen = [p for p in sdist_pages.pages() if p.split == split]
    if any(p.copy is None for p in chosen):
        raise SystemExit("Browser copies of the newspaper4k pages are missing: run bench/data/extract/sdist_pages.py first.")
    return [Page(p.name, p.html, p.body, p.copy) for p in chosen]


def evaluate(system: Callable[[str], str], inputs: list[str], truths: list[str]) -> tuple[tuple[float, float, float], float, list]:
    started = time.perf_counter()
    outputs = [system(x) for x in inputs]
    seconds = time.perf_counter() - started
    counts = [tp_fp_fn(t, o) for t, o in zip(truths, outputs)]
    return f1_score(counts), seconds, counts


def ablations(htmls: list[tuple[str, str, str]]) -> list[str]:
    """F1 of extract_article on HTML with one post-processing step switched off at a time."""
    from contextlib import ExitStack
    from unittest import mock

    import audionews.text.clean as clean
    import audionews.text.extract as extract


    variants = {
        "all steps (shipped)": [],
        "without link-block removal": [mock.patch.object(extract, "_drop_link_blocks", lambda b, links, embeds: (b, []))],
        "without restored subheadings": [mock.patch.object(extract, "_restore_headings", lambda soup, b: b)],
        "without rescued paragraphs": [mock.patch.object(extract, "_rescue_paragraphs", lambda soup, b: b)],
        "without the second opinion (no readability)": [
            mock.patch.object(extract, "readability_candidate", lambda markup: None)],
        "without figcaption placement": [mock.patch.object(extract, "_place_captions", lambda soup, b, c: b)],
        "without trailing-teaser removal": [mock.patch.object(clean, "_drop_trailing_teasers", lambda p, r, l: p)],
        "without empty-heading removal": [mock.patch.object(clean, "_drop_empty_headings", lambda p, r: p)],
        "without duplicate removal": [mock.patch.object(clean, "drop_duplicates", lambda p, r: p)],
        "without interface/byline/date/headline lines": [
            mock.patch.object(clean, "interface_reason", lambda t: None),
            mock.patch.object(clean, "is_byline", lambda t: False),
            mock.patch.object(clean, "is_date_line", lambda t: False),
            mock.patch.object(clean, "_contains_title", lambda t, h: False)],
        "trafilatura default (favor_precision off)": [mock.patch.dict(extract.TRAFILATURA_OPTIONS,
                                                                       favor_precision=False)],
        "trafilatura favor_recall": [mock.patch.dict(extract.TRAFILATURA_OPTIONS, favor_precision=False,
                                                     favor_recall=True)],
    }
    truths = [c[2] for c in htmls]
    lines = ["| HTML variant of extract_article | precision | recall | F1 |", "| --- | --- | --- | --- |"]
    for label, patches in variants.items():
        with ExitStack() as stack:
            for patch in patches:
                stack.enter_context(patch)
            (p, r, f), _, _ = evaluate(ours, [c[1] for c in htmls], truths)
        lines.append(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return lines


def quality_table(pages: list[Page], repeat: int, verbose: bool) -> list[str]:
    """Precision, recall, F1 and speed of each system on HTML and on the three kinds of text scrape."""
    htmls = [(p.name, p.html, p.body) for p in pages]
    scrapes = [(p.name, text_scrape(p.html), p.body) for p in pages if p.copy is not None]
    copies = [(p.name, p.copy, p.body) for p in pages if p.copy is not None]
    wrapped = [(p.name, wrapped_scrape(p.copy), p.body) for p in pages if p.copy is not None]
    runs = [
        ("HTML", "trafilatura 2.x default", trafilatura_default, htmls),
        ("HTML", "trafilatura favor_precision", trafilatura_precision, htmls),
        ("HTML", "trafilatura favor_recall", trafilatura_recall, htmls),
        ("HTML", "readability-lxml", readability, htmls),
        ("HTML", "audionews extract_article", ours, htmls),
        ("text: get_text", "scrape unchanged", unchanged, scrapes),
        ("text: get_text", "trafilatura on the lines", trafilatura_on_lines, scrapes),
        ("text: get_text", "audionews extract_article", ours, scrapes),
        ("text: browser copy", "scrape unchanged", unchanged, copies),
        ("text: browser copy", "trafilatura on the lines", trafilatura_on_lines, copies),
        ("text: browser copy", "audionews extract_article", ours, copies),
        ("text: copy wrapped at 78", "scrape unchanged", unchanged, wrapped),
        ("text: copy wrapped at 78", "audionews extract_article", ours, wrapped),
    ]
    lines = ["| input | system | precision | recall | F1 | pages < 0.6 recall | pages < 0.8 recall | ms/page "
             "| speed vs trafilatura on HTML |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    base = None
    for kind, label, system, cases in runs:
        if not cases:  # a set without text scrapes
            continue
        names, inputs, truths = [c[0] for c in cases], [c[1] for c in cases], [c[2] for c in cases]
        (p, r, f), _, counts = evaluate(system, inputs, truths)
        if verbose:
            for name, c in zip(names, counts):
                print(f"  {kind:24} {label:28} {name:22} F1={f1_score([c])[2]:.3f}")
        low = f"{below(counts, 0.6)} | {below(counts, 0.8)}"
        if system is unchanged:
            lines.append(f"| {kind} | {label} | {p:.3f} | {r:.3f} | {f:.3f} | {low} | — | — |")
            continue
        speed = len(inputs) / min(evaluate(system, inputs, truths)[1] for _ in range(repeat))
        base = base or speed
        lines.append(f"| {kind} | {label} | {p:.3f} | {r:.3f} | {f:.3f} | {low} | {1000 / speed:.0f} "
                     f"| {speed / base:.2f}× |")
    return lines


# What each page set is, and how extract_article scored on it the first time it was run, before
# any rule was changed for it (the "first run" numbers were measured by this script on the code
# of that time; trafilatura and the unchanged scrapes do not change, see the tables).
REPORT_TEXT = {
    "shapes": "**Failure shapes** ({n}: the pages of `tests/shaped_pages.py`, written for the tests in the shapes "
              "that lose text or read furniture on real sites: a body in sibling containers, a long feature with "
              "asides, a lazy-loaded body complete only in JSON-LD, a results table, a shopping guide, furniture "
              "inside the body, a paywall teaser; HTML only). Before this round (main at 8aa1e5d, same pages): audionews precision "
              "0.954, recall 0.661, F1 0.781, 4 pages below 0.6 recall (page F1: sibling containers 0.738, "
              "lazy-loaded 0.738, results table 0.503, shopping guide 0.226, furniture in the text 0.892, the "
              "others 1.000). The shapes were written to reproduce the losses, so this table is not blind.",
    "written": "**Written pages, development** ({n}: article texts written for this project in the shapes of real "
               "news templates, `bench/data/extract/pages`, made by `make_pages.py`). The first round's rules were "
               "written while looking at these pages, so they are an upper bound. First run of the browser copy "
               "(new this round, code before the round): F1 0.986.",
    "real": "**Real pages, development** ({n}: `bench/data/extract/real`, news pages from mozilla/readability's "
            "test pages). herald-sun-1 was used in the first round. lemonde-1 and wapo-1 were added in the "
            "second round and scored first, before any change: HTML F1 0.994 (trafilatura default 0.976), "
            "get_text 0.849 (scrape unchanged 0.816), browser copy 0.989 (unchanged 0.817); all three real "
            "pages then: get_text 0.902, browser copy 0.992, copy wrapped at 78 0.950. The second round's rules "
            "(indented source lines, sentences broken at inline elements) were written on lemonde-1 and wapo-1, "
            "so this table is no longer blind.",
    "heldout": "**Held-out pages** ({n}: `bench/data/extract/heldout`). Four written pages and two real ones "
               "(la-nacion, ars-1) were held out in the first round, scored once, then used for fixes (first "
               "run of the browser copy on them, code before this round: 0.985). Three real pages were held out in "
               "the second round and each scored once, blind, with the code of that moment: tmz-1 (HTML 1.000, "
               "trafilatura 1.000; get_text 0.964, unchanged 0.427; browser copy 1.000; copy wrapped at 78 0.865), "
               "telegraph (HTML 0.952, trafilatura 0.982; get_text 0.980, unchanged 0.729; browser copy 0.991, "
               "unchanged 0.751; wrapped 0.968) and liberation-1 (HTML 0.985, trafilatura 1.000; get_text 0.790, "
               "unchanged 0.590; browser copy 0.950, unchanged 0.591; wrapped 0.950). Mean page F1 of those blind "
               "first runs: HTML 0.979 (trafilatura 0.994), get_text 0.911, browser copy 0.980, wrapped 0.928: "
               "our best estimate of the hidden score. Their misses were then fixed by general rules (the wrap "
               "width among one-line headlines; drop caps and inline links kept inside their words; an agency "
               "signature closes a wire story; no headings restored from page furniture), so the table below, "
               "after those fixes, is no longer blind.",
    "newspaper4k-development": (
        "**newspaper4k pages, development half** ({n}: real pages from newspaper4k 0.9.6's test data, MIT, fetched "
        "with pip by `bench/data/extract/sdist_pages.py`; expected text = the article text newspaper4k's tests "
        "expect, which keeps some page furniture and drops some quotation marks, so 1.000 is not reachable). "
        "First run on this half, before any change (only the crash fix: the shipped code died with MemoryError on "
        "a page with empty `<script>` elements in its body): HTML F1 0.935 (trafilatura default 0.939, "
        "favor_precision 0.962, favor_recall 0.925); get_text 0.735 (scrape unchanged 0.624, trafilatura on the "
        "lines 0.658); browser copy 0.812 (unchanged 0.646); copy wrapped at 78 0.812 (unchanged 0.613). On HTML "
        "our steps on top of trafilatura were about neutral (ablation: the dateline rule cost recall on a Chinese "
        "page) and trafilatura's precision mode gained 0.02; on text, pages in Chinese and Japanese came out "
        "empty. Changed on this half only: precision mode inside extract_article, sentence ends of other scripts, "
        "Chinese and Japanese counted per two characters and rejoined without spaces, no stop-word test for "
        "scripts without stop lists, no dateline inside prose, no end marker before the article's first prose. "
        "So this table is no longer blind."),
    "newspaper4k-heldout": (
        "**newspaper4k pages, held-out half** ({n}). First run, before any change (only the crash fix): HTML F1 "
        "0.934 (trafilatura default 0.924, favor_precision 0.967, favor_recall 0.918); get_text 0.665 (unchanged "
        "0.498, trafilatura on the lines 0.548); browser copy 0.674 (unchanged 0.551); copy wrapped at 78 0.674 "
        "(unchanged 0.541). Not looked at page by page while the rules were changed: the table below is its "
        "single held-out scoring after the changes."),
}


# audionews extract_article before issue 15 (second opinion, precision, language, metadata, truncation):
# main at 8aa1e5d, measured by this script before any change (P / R / F1, pages below 0.6 / 0.8 recall).
ROUND_NOTE = (
    "**Before issue 15** (main at 8aa1e5d, measured first on the development sets; the held-out sets scored "
    "once, blind, and not looked at page by page). HTML: written 0.994 / 1.000 / 0.997 (0 / 0), real 0.997 / "
    "0.999 / 0.998 (0 / 0), newspaper4k development 0.942 / 0.989 / 0.965 (0 / 0), held-out 0.977 / 1.000 / "
    "0.989 (0 / 0), newspaper4k held-out 0.968 / 0.967 / 0.968 (0 / 0). Text, newspaper4k development: get_text "
    "0.919 / 0.884 / 0.901 (1 / 3), browser copy 0.928 / 0.948 / 0.938 (0 / 1), wrapped 0.928 / 0.947 / 0.938 "
    "(0 / 1); newspaper4k held-out: get_text 0.852 / 0.848 / 0.850 (1 / 3), browser copy 0.863 / 0.861 / 0.862 "
    "(1 / 2), wrapped 0.804 / 0.773 / 0.788 (2 / 3); the other sets' text F1 0.982–0.992. Speed then, HTML: "
    "15 ms/page on the written pages, 91 on the real ones, 66 on newspaper4k development (0.18–0.29× "
    "trafilatura). The failure shapes' numbers before are in their paragraph."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print per-page F1")
    parser.add_argument("--write", nargs="?", const=REPORT, type=Path, metavar="PATH",
                        help=f"write the results into the `## Extraction` section of PATH (default {REPORT.name})")
    parser.add_argument("--repeat", type=int, default=3, help="timing repeats (best is kept)")
    parser.add_argument("--sets", nargs="+", choices=list(REPORT_TEXT), help="page sets to run (default: all)")
    args = parser.parse_args(argv)

    loaders = {"shapes": load_shaped_pages, "written": lambda: load_pages(PAGES), "real": lambda: load_pages(REAL),
               "heldout": lambda: load_pages(HELDOUT),
               "newspaper4k-development": lambda: load_sdist_pages("development"),
               "newspaper4k-heldout": lambda: load_sdist_pages("held-out")}
    chosen = args.sets or list(loaders)
    lines = [
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()} ({os.cpu_count()} cores), "
        f"Python {platform.python_version()}, trafilatura {trafilatura.__version__}, by "
        f"`bench/bench_extract.py --repeat {args.repeat}` (speed: best of the repeats). Browser copies: Chromium "
        "`document.body.innerText`, JavaScript off, no network (`bench/data/extract/make_scrapes.py`).",
    ]
    lines += ["", ROUND_NOTE]
    development: list[Page] = []
    for name in chosen:
        pages = loaders[name]()
        if name in ("written", "real", "newspaper4k-development"):
            development += pages
        lines += ["", *REPORT_TEXT[name].format(n=len(pages)).split("\n"), "",
                  *quality_table(pages, args.repeat, args.verbose)]
    if development:
        lines += ["", "Ablation on the development pages in this run (HTML): each row switches one of our steps "
                      "off, or changes trafilatura's setting inside extract_article.", "",
                  *ablations([(p.name, p.html, p.body) for p in development])]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section(f"## Extraction\n\n{INTRO}\n\n{table}\n", args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
